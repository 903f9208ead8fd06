"""Qualitative material of the sample structures: interview transcripts and testimonials.

Each structure gets, under ``donnees-brutes/entretiens/``:

- four to eight interview transcripts (``entretien_NN.md``), synthetic and in spoken French,
  with a header block (pseudonym, role, date, interviewer's initials) then question/answer
  turns ``**Enquêtrice :** …`` / ``**<Pseudonyme> :** …``, one turn a line;
- ``temoignages.csv`` (``;``, UTF-8): 15 to 40 short written testimonials, without their theme.

The text is assembled from a bank of answer fragments written per structure
(``tools/samplegen/qualitative/<slug>.py``), each fragment tied to one theme of the
structure's outcomes. A theme is *present* in a turn of the interviewee (or in a testimonial)
when one of its marker phrases occurs there, case ignored; every fragment carries markers of
its own theme only, and questions, digressions and header lines carry none. The generator
draws which themes each interviewee speaks about and how many turns they take, then records
the resulting frequencies exactly (``themes_entretiens`` and ``themes_temoignages`` in the
planted truth). ``THEMES[slug][theme]`` lists the marker phrases so that anyone can recount.

As in real transcripts, a few direct identifiers slip in (a third person's first name, a phone
number, a street address); they are recorded with file and line as messiness
(``entretiens`` / ``temoignages`` → ``identifiants_glisses``) so the privacy steps have
something to catch.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import re
from types import ModuleType
from typing import Any

import numpy as np

# each sample's bank of interviews and testimonies, in qualitative/, has its generator's name
from . import _MODULES as SPEC_MODULES
from ._base import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, STREETS

FOLDER = "entretiens"
INTERVIEWER = "Enquêtrice"
INTERVIEWERS = ["C. L.", "M.-A. R."]
MIN_WORDS, MAX_WORDS = 600, 1500
MIN_THEMES = 4  # themes an interviewee speaks about, at least (when the bank allows it)
TURNS_PER_THEME = ([1, 2, 3], [0.3, 0.45, 0.25])
TESTIMONIAL_HEADER = ["id", "date", "canal", "profil", "temoignage"]
CHANNELS = [
    "livre d'or",
    "formulaire en ligne",
    "carte remise à l'accueil",
    "e-mail",
    "message sur la page Facebook",
]

# Spoken-French framing shared by every structure (must carry no marker of any theme)
OPENERS = [
    "Euh… ",
    "Alors… ",
    "Ben… ",
    "Oui, alors, ",
    "Hmm… ",
    "Bah écoutez, ",
    "Comment dire… ",
    "Alors ça… ",
    "Oh là… ",
    "Oui. Euh… ",
    "",
    "",
    "",
]
TAILS = [
    " Voilà.",
    " Vous voyez ?",
    " Enfin, c'est mon avis.",
    " Bon.",
    " Voilà, voilà.",
    " [rires]",
    " Je sais pas si je réponds à votre question.",
    "",
    "",
    "",
]
FOLLOW_UPS = [
    "Vous pouvez m'en dire un peu plus ?",
    "C'est-à-dire ?",
    "D'accord. Et vous avez un exemple ?",
    "Hmm hmm. Et ensuite ?",
    "Qu'est-ce que vous voulez dire par là ?",
    "Ah oui ? Racontez-moi.",
    "D'accord… Et ça, ça s'est passé comment ?",
]
OPENING_QUESTIONS = [
    "Pour commencer, est-ce que vous pouvez vous présenter en quelques mots ?",
    "Alors, d'abord, est-ce que vous pouvez me dire qui vous êtes, en deux mots ?",
    "On peut commencer par vous : comment vous êtes arrivé{e} ici ?",
]
CLOSING_QUESTIONS = [
    "Est-ce qu'il y a quelque chose que vous voulez ajouter, qu'on n'a pas abordé ?",
    "Pour finir, un dernier mot ?",
    "Voilà, j'ai fait le tour de mes questions. Vous voulez ajouter quelque chose ?",
]
CLOSING_ANSWERS = [
    "Non… non, je crois que j'ai tout dit. Merci à vous, hein.",
    "Euh… non. Enfin si : merci de m'avoir demandé mon avis, c'est pas souvent.",
    "Non, ça va. Si ça peut servir, tant mieux.",
    "Hmm… non. Enfin, j'espère que ça continuera, c'est tout.",
    "Je vois pas, non. C'était bien de parler de tout ça, en fait.",
]
DIGRESSIONS = [
    "Bon, après, il y a eu les travaux sur la route, mais ça c'est une autre histoire.",
    "Je me rappelle, ce jour-là il pleuvait des cordes, j'étais trempé{e} en arrivant. [rires]",
    "Excusez-moi, c'est mon téléphone… non, c'est rien, on continue.",
    "Mon fils me dit toujours que je parle trop, alors arrêtez-moi si je m'égare. [rires]",
    "Enfin bref, je m'éloigne un peu, là.",
    "Ah, et le café était bon, ça compte aussi ! [rires]",
    "Ma mère disait toujours : « qui ne tente rien n'a rien ». Bon, voilà.",
    "Attendez, je réfléchis… c'était en hiver, oui, juste après les fêtes.",
]
GENERIC_NEUTRAL = [
    (
        "Vous habitez dans le coin depuis longtemps ?",
        "Oh oui, ça fait… vingt ans, à peu près. J'ai vu le quartier changer, les commerces qui "
        "ferment, les nouveaux immeubles. Il y a des choses mieux, d'autres moins bien, comme "
        "partout, hein.",
    ),
    (
        "Et comment vous êtes venu{e} aujourd'hui ?",
        "En voiture, enfin, avec la voiture de ma sœur, la mienne est au garage depuis trois "
        "semaines. Une histoire d'embrayage, ça coûte une fortune, je vous raconte pas.",
    ),
    (
        "Vous avez le temps, pour la suite ? On en a encore pour un petit quart d'heure.",
        "Oui, oui, pas de souci, j'ai prévu la matinée. Faut juste que je sois {partie|parti} "
        "avant midi, pour récupérer le petit à l'école. Allez-y.",
    ),
    (
        "Vous voulez un verre d'eau, une pause ?",
        "Non, non, ça va, merci. Enfin si, un verre d'eau, je veux bien, j'ai la gorge sèche "
        "à force de parler. [pause] Voilà, on peut reprendre, excusez-moi.",
    ),
    (
        "Vous êtes d'accord pour que j'enregistre, comme convenu ?",
        "Oui, pas de problème, vous me l'avez expliqué au téléphone. Tant que mon nom "
        "n'apparaît nulle part, ça me va. Je n'aime pas trop être enregistré{e}, mais bon.",
    ),
    (
        "Et à côté de tout ça, qu'est-ce que vous aimez faire ?",
        "Oh, le jardin, surtout. J'ai quelques tomates, des courgettes, des fleurs. Et je lis "
        "beaucoup, des romans policiers. Ça me vide la tête, le soir, avant de dormir.",
    ),
]
# the identifiers that slip into the speech (fake, like every identity of the samples)
ID_TEMPLATES = {
    "prenom_F": [
        "D'ailleurs c'est {valeur}, ma voisine, qui m'en avait parlé la première.",
        "J'en ai parlé à {valeur}, la fille de ma cousine, elle voulait venir aussi.",
        "Demandez à {valeur}, elle vous dira pareil, elle était là aussi.",
    ],
    "prenom_M": [
        "Il y avait {valeur}, aussi, un monsieur très gentil, il venait de loin.",
        "C'est {valeur}, le mari de ma collègue, qui m'avait donné l'adresse.",
        "Demandez à {valeur}, il vous dira pareil, il était là aussi.",
    ],
    "telephone": [
        "Si vous voulez me rappeler, c'est le {valeur}, le soir plutôt.",
        "J'avais noté son numéro, le {valeur}, je l'ai toujours dans mon carnet.",
        "Vous pouvez donner mon numéro si ça aide quelqu'un : {valeur}.",
    ],
    "adresse": [
        "Moi j'habite au {valeur}, juste à côté de la pharmacie.",
        "On s'était donné rendez-vous au {valeur}, devant chez moi.",
        "C'est au {valeur}, vous voyez, la maison avec les volets bleus.",
    ],
}
TESTIMONIAL_IDS = [
    "Merci à {valeur} pour sa patience !",
    "Un grand merci à {valeur}.",
    "Signé : {valeur}.",
]
TESTIMONIAL_EXTRAS = [
    "Merci pour tout !",
    "Je recommande.",
    "Bravo, continuez !",
    "Un grand merci.",
    "À bientôt.",
    "",
    "",
    "",
]


def _spec(slug: str) -> ModuleType:
    if slug not in SPEC_MODULES:
        raise ValueError(f"Structure d'exemple inconnue pour le matériau qualitatif : « {slug} ».")
    return importlib.import_module(f".qualitative.{SPEC_MODULES[slug]}", __package__)


THEMES: dict[str, dict[str, list[str]]] = {
    slug: {theme: list(t["marqueurs"]) for theme, t in _spec(slug).THEMES.items()}
    for slug in SPEC_MODULES
}
"""slug -> theme -> marker phrases (a theme is present where one of them occurs, case ignored)."""

_GENDER = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def gendered(text: str, sex: str) -> str:
    """Agree ``text`` with the speaker: ``{e}`` → ``e`` or nothing, ``{elle|il}`` → one of two.

    >>> gendered("Je suis arrivé{e}, {ravie|ravi}.", "F")
    'Je suis arrivée, ravie.'
    """
    text = text.replace("{e}", "e" if sex == "F" else "")
    return _GENDER.sub(lambda m: m.group(1) if sex == "F" else m.group(2), text)


def themes_in(text: str, markers: dict[str, list[str]]) -> list[str]:
    """The themes whose marker phrases occur in ``text`` (case ignored), in theme order."""
    low = text.lower()
    return [theme for theme, phrases in markers.items() if any(p.lower() in low for p in phrases)]


def _fragments(theme_spec: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """The fragments of a theme as ``(voice, text, sex or None)``, in a fixed order."""
    out = []
    for voice, frags in theme_spec["fragments"].items():
        for f in frags:
            text, sex = (f, None) if isinstance(f, str) else f
            out.append((voice, text, sex))
    return out


def _voices(role: dict[str, Any]) -> list[str]:
    return [role["voix"]] if isinstance(role["voix"], str) else list(role["voix"])


def check_bank(slug: str) -> None:
    """Check that every fragment of ``slug`` carries its own theme's markers and only them.

    Fragments and testimonial sentences must hold a marker of their theme and of no other;
    questions, presentations, neutral exchanges and the shared framing must hold none (checked
    in both genders). Raises ``AssertionError`` listing every faulty text.
    """
    spec = _spec(slug)
    markers = THEMES[slug]
    problems = []
    for theme, t in spec.THEMES.items():
        texts = [f[1] for f in _fragments(t)] + [_tagged(x)[0] for x in t["temoignages"]]
        for text in texts:
            for sex in ("F", "M"):
                found = themes_in(gendered(text, sex), markers)
                if found != [theme]:
                    problems.append(f"{theme}: {found} dans « {text[:70]}… »")
        questions = t["questions"]
        for q in questions if isinstance(questions, list) else sum(questions.values(), []):
            if themes_in(q, markers):
                problems.append(f"{theme}: repère dans la question « {q} »")
    neutral = (
        OPENERS
        + TAILS
        + FOLLOW_UPS
        + OPENING_QUESTIONS
        + CLOSING_QUESTIONS
        + CLOSING_ANSWERS
        + DIGRESSIONS
        + TESTIMONIAL_EXTRAS
        + TESTIMONIAL_IDS
        + [x for tpl in ID_TEMPLATES.values() for x in tpl]
        + [x for pair in GENERIC_NEUTRAL for x in pair]
        + [r[k] for r in spec.ROLES for k in ("presentation", "role", "lieu", "categorie")]
        + [x for pairs in spec.NEUTRES.values() for pair in pairs for x in pair]
        + [_tagged(x)[0] for x in spec.CONTEXTES_TEMOIGNAGES]
        + [p for profiles in spec.PROFILS_TEMOIGNAGES.values() for p in profiles]
        + list(CHANNELS)
    )
    for text in neutral:
        for sex in ("F", "M"):
            if themes_in(gendered(text, sex), markers):
                problems.append(
                    f"{themes_in(gendered(text, sex), markers)} dans le texte "
                    f"neutre « {text[:70]} »"
                )
    assert not problems, f"{slug} :\n" + "\n".join(dict.fromkeys(problems))


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------
def qualitative_material(build: Any, slug: str, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Write the transcripts and testimonials of ``slug`` and record their planted truth.

    Parameters
    ----------
    build : SampleBuild
        The sample being built (files go to ``donnees-brutes/entretiens/``).
    slug : str
        The sample structure.
    rng : numpy.random.Generator
        The generator dedicated to the qualitative material (its only source of chance).

    Returns
    -------
    list of dict
        File entries for ``structure.yml``: ``entretien_01`` … and ``temoignages``.
    """
    spec = _spec(slug)
    check_bank(slug)
    year = _year(slug)
    markers = THEMES[slug]
    theme_ids = list(spec.THEMES)
    transcripts = _plan_and_write_turns(spec, rng)
    slipped = _slip_identifiers(transcripts, rng)
    entries: list[dict[str, Any]] = []
    per_transcript: dict[str, list[str]] = {}
    counts = {theme: {"entretiens": 0, "tours": 0} for theme in theme_ids}
    interviewee_turns: dict[str, int] = {}
    days = sorted(
        int(d) for d in rng.choice(np.arange(60, 330), size=len(transcripts), replace=False)
    )
    for k, tr in enumerate(transcripts, start=1):
        name = f"entretien_{k:02d}.md"
        rel = f"donnees-brutes/{FOLDER}/{name}"
        day = dt.date(year, 1, 1) + dt.timedelta(days=days[k - 1])
        lines = _render(tr, k, day, _pick(rng, INTERVIEWERS), rng)
        build.raw(f"{FOLDER}/{name}").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # the truth comes from the fragments' tags; check it against the text as written
        present: list[str] = []
        for line_no, turn in tr["line_of_turn"]:
            assert themes_in(lines[line_no - 1], markers) == turn["themes"], (rel, line_no)
            for theme in turn["themes"]:
                counts[theme]["tours"] += 1
                if theme not in present:
                    present.append(theme)
        for theme in present:
            counts[theme]["entretiens"] += 1
        per_transcript[rel] = [t for t in theme_ids if t in present]
        interviewee_turns[rel] = sum(t["speaker"] != INTERVIEWER for _, t in tr["line_of_turn"])
        for item in slipped:
            if item["entretien"] == k - 1:
                item["fichier"] = rel
                item["ligne"] = next(n for n, t in tr["line_of_turn"] if t is item["tour"])
        entries.append(
            {
                "chemin": rel,
                "role": f"entretien_{k:02d}",
                "description": f"transcription d'entretien — {tr['role']['categorie']} "
                f"(pseudonyme « {tr['pseudo']} »)",
                "donnees_personnelles": True,
                **({"donnees_sensibles": True} if spec.SENSIBLE else {}),
            }
        )
    build.plant(
        "themes_entretiens",
        {
            "regle": "un thème est présent dans un tour de parole de la personne interrogée quand "
            "l'une de ses expressions repères y figure (sans tenir compte de la casse) ; "
            "les questions de l'enquêtrice n'en contiennent aucune",
            "themes": {
                theme: {
                    "libelle": t["libelle"],
                    "reperes": list(t["marqueurs"]),
                    "entretiens": counts[theme]["entretiens"],
                    "tours": counts[theme]["tours"],
                }
                for theme, t in spec.THEMES.items()
            },
            "par_entretien": per_transcript,
            "tours_personne_interrogee": interviewee_turns,
            "nb_entretiens": len(transcripts),
        },
    )
    build.mess(
        FOLDER,
        "identifiants_glisses",
        [
            {"fichier": s["fichier"], "ligne": s["ligne"], "type": s["type"], "valeur": s["valeur"]}
            for s in slipped
        ],
    )
    entries.append(_testimonials(build, spec, rng, year))
    return entries


def _year(slug: str) -> int:
    """The data year of the structure's generator (2025 while it does not exist)."""
    name = f"{__package__}.{slug.replace('-', '_')}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return 2025
    return int(getattr(module, "YEAR", 2025))


def _pick(rng: np.random.Generator, items: list[Any]) -> Any:
    return items[int(rng.integers(0, len(items)))]


class _Deck:
    """Deals the fragments of a structure: least used first, never twice to one person."""

    def __init__(self, spec: ModuleType, rng: np.random.Generator):
        self.rng = rng
        self.frags = {theme: _fragments(t) for theme, t in spec.THEMES.items()}
        self.uses = {theme: [0] * len(f) for theme, f in self.frags.items()}

    def candidates(self, theme: str, role: dict[str, Any], avoid: list[int]) -> list[int]:
        voices = _voices(role)
        return [
            i
            for i, (voice, _, sex) in enumerate(self.frags[theme])
            if voice in voices and sex in (None, role["sexe"]) and i not in avoid
        ]

    def deal(self, theme: str, role: dict[str, Any], avoid: list[int]) -> tuple[int, str]:
        cands = self.candidates(theme, role, avoid)
        least = min(self.uses[theme][i] for i in cands)
        idx = _pick(self.rng, [i for i in cands if self.uses[theme][i] == least])
        self.uses[theme][idx] += 1
        return idx, gendered(self.frags[theme][idx][1], role["sexe"])


def _questions(theme_spec: dict[str, Any], role: dict[str, Any]) -> list[str]:
    questions = theme_spec["questions"]
    if isinstance(questions, list):
        return questions
    own = [q for v in _voices(role) for q in questions.get(v, [])]
    return own or sum(questions.values(), [])


def _plan_and_write_turns(spec: ModuleType, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Choose the interviewees, the themes each speaks about, and assemble their turns."""
    n = int(rng.integers(4, 9))
    extra = sorted(int(i) + 4 for i in rng.permutation(len(spec.ROLES) - 4)[: n - 4])
    roles = list(spec.ROLES[:4]) + [spec.ROLES[i] for i in extra]
    roles = [roles[int(i)] for i in rng.permutation(len(roles))]
    theme_ids = list(spec.THEMES)
    deck = _Deck(spec, rng)

    # which themes each interviewee speaks about (drawn, then a few deterministic fix-ups)
    plan: list[list[str]] = []
    for role in roles:
        eligible = [t for t in theme_ids if deck.candidates(t, role, [])]
        chosen = [t for t in eligible if rng.random() < spec.THEMES[t]["frequence"]]
        for t in sorted(eligible, key=lambda t: -spec.THEMES[t]["frequence"]):
            if len(chosen) >= MIN_THEMES:
                break
            if t not in chosen:
                chosen.append(t)
        plan.append(chosen)
    for theme in theme_ids:  # every theme heard at least once, criticism at least twice
        need = 2 if theme == "limites" else 1
        for i in sorted(range(len(roles)), key=lambda i: len(plan[i])):
            if sum(theme in p for p in plan) >= need:
                break
            if theme not in plan[i] and deck.candidates(theme, roles[i], []):
                plan[i].append(theme)

    pseudos: list[str] = []
    transcripts = []
    for role, themes in zip(roles, plan, strict=False):
        pseudo = _pseudonym(rng, role["sexe"], pseudos)
        pseudos.append(pseudo)
        turns = _Interview(spec, role, pseudo, deck, rng).run(themes)
        transcripts.append({"role": role, "pseudo": pseudo, "turns": turns})
    return transcripts


class _Interview:
    """The turns of one interview, assembled from the bank (see ``_plan_and_write_turns``)."""

    def __init__(
        self,
        spec: ModuleType,
        role: dict[str, Any],
        pseudo: str,
        deck: _Deck,
        rng: np.random.Generator,
    ):
        self.spec, self.role, self.pseudo, self.deck, self.rng = spec, role, pseudo, deck, rng
        self.turns: list[dict[str, Any]] = []
        self.used: dict[str, list[int]] = {}
        self.asides: list[str] = []

    def say(self, text: str, themes: list[str], speaker: str | None = None) -> None:
        self.turns.append(
            {
                "speaker": speaker or self.pseudo,
                "text": gendered(text, self.role["sexe"]),
                "themes": themes,
            }
        )

    def aside(self, p: float) -> str:
        return " " + self.asides.pop() if self.asides and self.rng.random() < p else ""

    def answer(self, theme: str, first: bool) -> None:
        rng = self.rng
        questions = _questions(self.spec.THEMES[theme], self.role) if first else FOLLOW_UPS
        self.say(_pick(rng, questions), [], INTERVIEWER)
        idx, text = self.deck.deal(theme, self.role, self.used[theme])
        self.used[theme].append(idx)
        opener = _pick(rng, OPENERS)
        if opener.endswith(", ") and not text[:2].isupper():
            text = text[0].lower() + text[1:]
        tail = _pick(rng, TAILS)
        if text.lower().endswith(("voilà.", "[rires]")):
            tail = ""
        self.say(opener + text + tail + self.aside(0.15), [theme])

    def exchange(self, pair: tuple[str, str], prefix: str = "", p_aside: float = 0.0) -> None:
        self.say(pair[0], [], INTERVIEWER)
        self.say(prefix + pair[1] + self.aside(p_aside), [])

    def run(self, themes: list[str]) -> list[dict[str, Any]]:
        spec, role, rng, deck = self.spec, self.role, self.rng, self.deck
        self.say(_pick(rng, OPENING_QUESTIONS), [], INTERVIEWER)
        self.say(role["presentation"], [])
        pairs = [p for v in _voices(role) for p in spec.NEUTRES.get(v, [])]
        generic = [GENERIC_NEUTRAL[int(i)] for i in rng.permutation(len(GENERIC_NEUTRAL))]
        neutral = generic[:2] + [pairs[int(i)] for i in rng.permutation(len(pairs))]
        ordered = [themes[int(i)] for i in rng.permutation(len(themes))]
        if "limites" in ordered:
            ordered.remove("limites")
            ordered.append("limites")
        self.used = {t: [] for t in ordered}
        self.asides = [DIGRESSIONS[int(i)] for i in rng.permutation(len(DIGRESSIONS))]
        for theme in ordered:
            k = int(rng.choice(TURNS_PER_THEME[0], p=TURNS_PER_THEME[1]))
            for j in range(min(k, len(deck.candidates(theme, role, [])))):
                self.answer(theme, j == 0)
            if rng.random() < 0.3 and neutral:
                self.exchange(neutral.pop(), _pick(rng, OPENERS[-4:]))
        closing = (_pick(rng, CLOSING_QUESTIONS), _pick(rng, CLOSING_ANSWERS))
        target = MIN_WORDS - sum(len(c.split()) for c in closing)
        # long enough: more neutral exchanges, then more of the themes already spoken about
        while _words(self.turns) < target and neutral:
            self.exchange(neutral.pop(), p_aside=0.4)
        for theme in ordered:
            while _words(self.turns) < target and deck.candidates(theme, role, self.used[theme]):
                self.answer(theme, False)
        for theme in spec.THEMES:  # still short: a theme not planned for this person
            if (
                _words(self.turns) < target
                and theme not in self.used
                and deck.candidates(theme, role, [])
            ):
                self.used[theme] = []
                self.answer(theme, True)
        neutral = generic[2:]
        while _words(self.turns) < target and neutral:  # last resort: small talk
            self.exchange(neutral.pop())
        self.exchange(closing)
        words = _words(self.turns)
        assert MIN_WORDS <= words <= MAX_WORDS, (spec.SLUG, role["role"], words)
        return self.turns


def _pseudonym(rng: np.random.Generator, sex: str, taken: list[str]) -> str:
    return _pick(
        rng, [n for n in (FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M) if n not in taken]
    )


def _words(turns: list[dict[str, Any]]) -> int:
    return sum(len(t["text"].split()) for t in turns)


def _slip_identifiers(
    transcripts: list[dict[str, Any]], rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Append a few direct identifiers to interviewee turns (recorded for the privacy steps)."""
    k = int(rng.integers(2, 5))
    kinds = ["prenom"] + [_pick(rng, ["prenom", "telephone", "adresse"]) for _ in range(k - 1)]
    if "telephone" not in kinds and "adresse" not in kinds:
        kinds[-1] = _pick(rng, ["telephone", "adresse"])
    where = [int(i) for i in rng.permutation(len(transcripts))]
    taken = [tr["pseudo"] for tr in transcripts]
    out = []
    for j, kind in enumerate(kinds):
        ti = where[j % len(where)]
        candidates = [
            t
            for t in transcripts[ti]["turns"][1:-2]
            if t["speaker"] != INTERVIEWER and not t.get("slipped")
        ]
        turn = _pick(rng, candidates)
        if kind == "prenom":
            sex = _pick(rng, ["F", "M"])
            value = _pick(
                rng, [n for n in (FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M) if n not in taken]
            )
            taken.append(value)
            template = _pick(rng, ID_TEMPLATES[f"prenom_{sex}"])
        elif kind == "telephone":
            digits = (
                "0"
                + _pick(rng, ["6", "7"])
                + "".join(str(int(d)) for d in rng.integers(0, 10, size=8))
            )
            value = " ".join(digits[i : i + 2] for i in range(0, 10, 2))
            template = _pick(rng, ID_TEMPLATES[kind])
        else:
            value = f"{int(rng.integers(1, 60))} {_pick(rng, STREETS)}"
            template = _pick(rng, ID_TEMPLATES[kind])
        turn["text"] += " " + template.format(valeur=value)
        turn["slipped"] = True
        out.append({"entretien": ti, "tour": turn, "type": kind, "valeur": value})
    return out


def _render(
    tr: dict[str, Any], k: int, day: dt.date, initials: str, rng: np.random.Generator
) -> list[str]:
    role = tr["role"]
    lines = [
        f"# Entretien {k:02d} — {role['categorie']}",
        "",
        "> Transcription intégrale, hésitations conservées. Le prénom de la personne "
        "interrogée est un pseudonyme. Données fictives.",
        "",
        f"- **Pseudonyme :** {tr['pseudo']}",
        f"- **Rôle :** {role['role']}",
        f"- **Catégorie :** {role['categorie']}",
        f"- **Date de l'entretien :** {day.strftime('%d/%m/%Y')}",
        f"- **Lieu :** {role['lieu']}",
        f"- **Durée :** {_words(tr['turns']) // 60 + int(rng.integers(4, 16))} min",
        f"- **{INTERVIEWER} :** {initials}",
        "",
        "---",
        "",
    ]
    tr["line_of_turn"] = []
    for turn in tr["turns"]:
        lines.append(f"**{turn['speaker']} :** {turn['text']}")
        if turn["speaker"] != INTERVIEWER:
            tr["line_of_turn"].append((len(lines), turn))
        lines.append("")
    lines.pop()
    return lines


def _tagged(item: str | tuple[str, str]) -> tuple[str, str | None]:
    """A testimonial sentence and the profile of its writer, when the sentence implies one."""
    return (item, None) if isinstance(item, str) else (item[0], item[1])


def _testimonials(
    build: Any, spec: ModuleType, rng: np.random.Generator, year: int
) -> dict[str, Any]:
    """Write ``temoignages.csv``: short written testimonials, their themes kept as truth."""
    theme_ids = list(spec.THEMES)
    n = int(rng.integers(15, 41))
    weights = np.array([spec.THEMES[t]["frequence"] for t in theme_ids], dtype=float)
    weights /= weights.sum()
    uses = {t: [0] * len(spec.THEMES[t]["temoignages"]) for t in theme_ids}
    rows, per_row = [], {}
    counts = dict.fromkeys(theme_ids, 0)
    slipped_rows = sorted(
        int(i) for i in rng.choice(n, size=int(rng.integers(1, 3)), replace=False)
    )
    slipped = []
    for r in range(n):
        sex = _pick(rng, ["F", "M"])
        k = 1 if rng.random() < 0.7 else 2
        drawn = rng.choice(len(theme_ids), size=k, replace=False, p=weights)
        themes, sentences, profile = [], [], None
        for theme in [theme_ids[int(i)] for i in sorted(drawn)]:
            least = min(uses[theme])
            idx = _pick(rng, [i for i, u in enumerate(uses[theme]) if u == least])
            text, tag = _tagged(spec.THEMES[theme]["temoignages"][idx])
            if tag is not None and profile is not None and tag != profile:
                continue  # one writer a testimonial: no sentences of two kinds of people
            uses[theme][idx] += 1
            profile = tag if tag is not None else profile
            themes.append(theme)
            sentences.append(text)
        parts = []
        if rng.random() < 0.4:
            context, tag = _tagged(_pick(rng, spec.CONTEXTES_TEMOIGNAGES))
            if tag is None or profile in (None, tag):
                parts.append(context)
                profile = tag if tag is not None else profile
        parts += sentences
        extra = _pick(rng, TESTIMONIAL_EXTRAS)
        if extra:
            parts.append(extra)
        rid = f"T{r + 1:02d}"
        if r in slipped_rows:
            value = _pick(rng, FIRST_NAMES_F + FIRST_NAMES_M)
            if rng.random() < 0.5:
                value += f" {_pick(rng, LAST_NAMES)[0]}."
            parts.append(_pick(rng, TESTIMONIAL_IDS).format(valeur=value))
            slipped.append(
                {
                    "fichier": f"donnees-brutes/{FOLDER}/temoignages.csv",
                    "id": rid,
                    "ligne": r + 2,
                    "type": "prenom",
                    "valeur": value,
                }
            )
        text = gendered(" ".join(parts), sex)
        assert themes_in(text, THEMES[spec.SLUG]) == themes, (rid, text)
        day = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 364)))
        rows.append(
            [
                rid,
                "" if rng.random() < 0.1 else day.strftime("%d/%m/%Y"),
                _pick(rng, CHANNELS),
                gendered(profile or _pick(rng, spec.PROFILS_TEMOIGNAGES[sex]), sex),
                text,
            ]
        )
        per_row[rid] = themes
        for theme in themes:
            counts[theme] += 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(TESTIMONIAL_HEADER)
    writer.writerows(rows)
    build.raw(f"{FOLDER}/temoignages.csv").write_text(buffer.getvalue(), encoding="utf-8")
    build.plant(
        "themes_temoignages",
        {
            "regle": "un thème est présent dans un témoignage quand l'une de ses expressions "
            "repères y figure (sans tenir compte de la casse)",
            "themes": counts,
            "par_temoignage": per_row,
            "nb_temoignages": n,
        },
    )
    build.mess("temoignages", "identifiants_glisses", slipped)
    return {
        "chemin": f"donnees-brutes/{FOLDER}/temoignages.csv",
        "role": "temoignages",
        "description": "témoignages écrits (livre d'or, formulaire, cartes), sans leur thème",
        "donnees_personnelles": True,
    }

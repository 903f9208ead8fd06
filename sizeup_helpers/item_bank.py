"""Step 07: the item bank and a questionnaire built from the evaluation's scope.

The bank (``sizeup_helpers/data/banque-items.csv``, ``;``-separated, one row per item)
holds French questions by outcome domain, each with its answer type, its choice list
(:data:`SCALES`), its source, its licence and its ``statut``. Only items the project may
redistribute are in it (``../shared/reference/questionnaire-items.md``):

- items written by the project (« rédigé par Size Up, non validé », CC-BY-4.0);
- the ONS direct loneliness question (Open Government Licence v3.0, attribution kept in
  its ``source``), in a project translation not validated in French.

Scales that may only be used with their own notice and unchanged wording (Rosenberg,
Schwarzer's GSE, WHO-5, De Jong Gierveld, UCLA-3, INSEE and DREES questions) are not in
this CC-BY bank; those that may not be shared at all (WEMWBS/SWEMWBS, Outcomes Star /
« Étoile de progression », the Énergie Partagée kit, Critérium, VALOR'ESS) never are.

:func:`build_questionnaire` turns the outcomes of the scope (step 03, read with
:func:`sizeup_helpers.inventory.scope_outcomes`) into a
:class:`~sizeup_helpers.xlsform.Questionnaire`:

1. an information note first, as RGPD art. 13 asks when data are collected from the person
   (purpose, legal basis, retention, rights, contact; CNIL, « Informer les personnes »);
2. a consent question (``oui``/``non``): every other question and group is shown only
   when the answer is ``oui`` (consent, RGPD art. 6.1.a and art. 7);
3. a pseudonymous respondent code that pairs the « avant » and « après » waves without
   identifying anyone (:data:`CODE_RULE`);
4. one group per outcome, with the items whose domain matches the outcome's words
   (:data:`DOMAINS`); an outcome with no matching item gets an open question written by
   the project;
5. an ending note.

« Ne sait pas » (choice ``nsp``) and « Je préfère ne pas répondre » (``refus``) are answers
of their own on every project scale, distinct from a missing answer (an empty cell: the
question was not shown or skipped), following the DREES working paper n°55
(Coppoletta-Solotareff & Grobon 2016) on « ne sait pas » answers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import QuestionnaireError
from .french import agree, fold, join_and, plural, quoted, quoted_list, slugify
from .reading import Reading
from .xlsform import ChoiceList, Group, Question, Questionnaire

__all__ = [
    "BANK_FILE",
    "CODE_PATTERN",
    "CODE_RULE",
    "DOMAINS",
    "SCALES",
    "ENTRY_FILE",
    "PRINTABLE_FILE",
    "XLSFORM_FILE",
    "Item",
    "SavedQuestionnaires",
    "build_questionnaire",
    "domains_for",
    "draw_respondent_codes",
    "explain_questionnaire",
    "explain_safeguards",
    "explain_saved_questionnaires",
    "items_for",
    "load_item_bank",
    "save_questionnaires",
]

#: The item bank shipped with the package.
BANK_FILE = Path(__file__).parent / "data" / "banque-items.csv"

#: The two answers that are not a position on the scale, added to every project scale.
NOT_ON_SCALE: tuple[tuple[str, str], ...] = (
    ("nsp", "Je ne sais pas"),
    ("refus", "Je préfère ne pas répondre"),
)

#: Choice lists of the bank: name -> (choices, « ne sait pas » added?). The ONS question
#: keeps its own five answers (a translated scale is not changed); the list of a
#: ``select_multiple`` (« demarches ») has « Rien de tout cela » instead, so that a person
#: who did nothing ticks a box and an empty answer still means « not answered ».
SCALES: dict[str, tuple[tuple[tuple[str, str], ...], bool]] = {
    "accord": (
        (
            ("pas_du_tout", "Pas du tout d'accord"),
            ("plutot_pas", "Plutôt pas d'accord"),
            ("plutot", "Plutôt d'accord"),
            ("tout_a_fait", "Tout à fait d'accord"),
        ),
        True,
    ),
    "oui_non": ((("oui", "Oui"), ("non", "Non")), True),
    "frequence_solitude": (
        (
            ("souvent", "Souvent ou tout le temps"),
            ("parfois", "Parfois"),
            ("de_temps_en_temps", "De temps en temps"),
            ("presque_jamais", "Presque jamais"),
            ("jamais", "Jamais"),
        ),
        False,
    ),
    "rencontres": (
        (
            ("jamais", "Jamais"),
            ("une_ou_deux", "Une ou deux fois"),
            ("chaque_semaine", "Environ une fois par semaine"),
            ("plusieurs_par_semaine", "Plusieurs fois par semaine"),
        ),
        True,
    ),
    "situation_principale": (
        (
            ("en_emploi", "En emploi"),
            ("en_formation", "En formation ou en études (stage non payé compris)"),
            ("alternance", "En apprentissage ou en contrat de professionnalisation"),
            ("recherche", "Sans emploi et en recherche d'emploi"),
            ("inactif", "Sans emploi et sans recherche (foyer, santé, autre)"),
            ("retraite", "À la retraite"),
        ),
        True,
    ),
    "type_contrat": (
        (
            ("cdi", "CDI"),
            ("cdd_6_mois_plus", "CDD de six mois ou plus"),
            ("cdd_moins_6_mois", "CDD de moins de six mois"),
            ("interim", "Intérim ou mission"),
            ("contrat_aide", "Contrat aidé (PEC, CDDI en structure d'insertion…)"),
            ("independant", "À mon compte (indépendant, micro-entreprise, création)"),
            ("titulaire", "Fonctionnaire titulaire"),
            ("autre", "Autre"),
        ),
        True,
    ),
    "renoncement": (
        (
            ("oui_souvent", "Oui, souvent"),
            ("oui_parfois", "Oui, parfois"),
            ("non", "Non"),
        ),
        True,
    ),
    "autonomie": (
        (
            ("oui_sans_difficulte", "Oui, sans difficulté"),
            ("oui_avec_difficultes", "Oui, avec quelques difficultés"),
            ("avec_aide", "Seulement avec l'aide de quelqu'un"),
            ("non", "Non"),
        ),
        True,
    ),
    "niveau": (
        (
            ("tres_faibles", "Très faibles"),
            ("plutot_faibles", "Plutôt faibles"),
            ("plutot_bonnes", "Plutôt bonnes"),
            ("tres_bonnes", "Très bonnes"),
        ),
        True,
    ),
    "satisfaction": (
        (
            ("tres", "Très satisfait(e)"),
            ("plutot", "Plutôt satisfait(e)"),
            ("plutot_pas", "Plutôt pas satisfait(e)"),
            ("pas_du_tout", "Pas du tout satisfait(e)"),
        ),
        True,
    ),
    "demarches": (
        (
            ("candidatures", "Envoyé des candidatures"),
            ("entretien", "Passé un entretien d'embauche"),
            ("immersion", "Fait un stage ou une immersion en entreprise"),
            ("renseignements", "Cherché des informations sur un métier ou une formation"),
            ("conseiller", "Rencontré un conseiller (France Travail, mission locale…)"),
            ("aucune", "Rien de tout cela"),
        ),
        False,
    ),
    "benevolat": (
        (
            ("regulierement", "Oui, régulièrement"),
            ("occasionnellement", "Oui, de temps en temps"),
            ("non", "Non"),
        ),
        True,
    ),
}

#: Outcome domain -> (French label, keywords). An outcome matches a domain when one of
#: the keywords starts a word of its label or description (accents and case ignored).
DOMAINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "confiance_en_soi": ("confiance en soi", ("confiance", "estime de soi", "capable")),
    "isolement_liens_sociaux": (
        "isolement et liens sociaux",
        ("isolement", "isole", "seul", "rencontr", "lien social", "liens sociaux"),
    ),
    "projet_professionnel": (
        "clarté du projet professionnel",
        ("projet professionnel", "orientation", "reseau"),
    ),
    "situation_emploi": ("situation d'emploi", ("emploi", "embauch", "chomage")),
    "mobilite": ("mobilité", ("mobilite", "deplacement", "se deplacer", "autonomie")),
    "connaissances": ("connaissances", ("connaiss", "la loi", "comprendre", "savoir")),
    "competences": (
        "compétences et qualifications",
        ("competence", "gestes professionnels", "qualification", "permis", "diplome"),
    ),
    "satisfaction": ("satisfaction", ("satisfaction", "satisfait", "recommand")),
    "transition_energetique": (
        "participation à la transition énergétique",
        ("energ", "renouvelable", "electricite"),
    ),
    "engagement_citoyen": (
        "engagement citoyen",
        ("benevol", "engagement", "citoyen", "politique locale", "decision"),
    ),
}

#: The respondent code: three capital letters (no I, no O), a hyphen, three digits from 2
#: to 9 (e.g. ``KTR-472``). The structure draws it at random when the person enrols
#: (:func:`draw_respondent_codes`), keeps the list code → person in its pseudonymisation
#: key, and the person gives the same code at each wave. It is never built from the name,
#: the initials or the birth date: such a code identifies the person (CNIL, « Guide de la
#: sécurité des données personnelles », pseudonymisation) and is easy to guess. With no 0
#: and no 1, no day-month date (every month 01–12 has a 0 or a 1) fits in it.
CODE_PATTERN = "^[A-HJ-NP-Z]{3}-[2-9]{3}$"
CODE_RULE = (
    "le code remis par la structure à l'inscription : trois lettres majuscules, un tiret, "
    "trois chiffres de 2 à 9 (par exemple KTR-472) ; jamais vos initiales ni votre date de "
    "naissance"
)
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_STATUS_OWN = "rédigé par Size Up, non validé"
_COLUMNS = ("id", "domaine", "libelle", "type", "liste", "condition", "vagues", "source")
_WAVES = {"avant": "avant l'action", "apres": "après l'action"}
_CONSENT = "consentement"


@dataclass(frozen=True)
class Item:
    """One question of the bank (a row of ``banque-items.csv``)."""

    id: str
    domain: str
    label: str
    type: str
    choices: str | None
    condition: str | None
    waves: tuple[str, ...]
    source: str
    licence: str
    status: str

    @property
    def own(self) -> bool:
        """Written by the project (not validated)."""
        return self.status == _STATUS_OWN


def load_item_bank(path: str | Path | None = None) -> list[Item]:
    """Read the item bank (by default the one shipped with the package).

    Raises
    ------
    QuestionnaireError
        In French, naming the line: a missing column value, an unknown domain, scale or
        wave.
    """
    path = Path(path) if path is not None else BANK_FILE
    items: list[Item] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
            if None in row:
                raise QuestionnaireError(
                    f"La banque d'items {quoted(path.name)}, ligne {line} : trop de colonnes "
                    "(un « ; » dans un texte ?) ; mettez le texte entre guillemets."
                )
            row = {k: (v or "").strip() for k, v in row.items()}
            for key in (*_COLUMNS[:4], "vagues", "source", "licence", "statut"):
                if not row.get(key):
                    raise QuestionnaireError(
                        f"La banque d'items {quoted(path.name)}, ligne {line} : la colonne "
                        f"{quoted(key)} est vide ; complétez-la."
                    )
            if row["domaine"] not in DOMAINS:
                raise QuestionnaireError(
                    f"La banque d'items {quoted(path.name)}, ligne {line} : domaine inconnu "
                    f"{quoted(row['domaine'])} ; choisissez parmi {quoted_list(DOMAINS)}."
                )
            if row["liste"] and row["liste"] not in SCALES:
                raise QuestionnaireError(
                    f"La banque d'items {quoted(path.name)}, ligne {line} : échelle "
                    f"inconnue {quoted(row['liste'])}."
                )
            waves = tuple(row["vagues"].split())
            if not waves or set(waves) - set(_WAVES):
                raise QuestionnaireError(
                    f"La banque d'items {quoted(path.name)}, ligne {line} : vagues "
                    f"{quoted(row['vagues'])} ; écrivez « avant », « apres » ou les deux."
                )
            items.append(
                Item(
                    id=row["id"],
                    domain=row["domaine"],
                    label=row["libelle"],
                    type=row["type"],
                    choices=row["liste"] or None,
                    condition=row["condition"] or None,
                    waves=waves,
                    source=row["source"],
                    licence=row["licence"],
                    status=row["statut"],
                )
            )
    return items


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(text)) + " "


def domains_for(text: str) -> list[str]:
    """The domains of :data:`DOMAINS` whose keywords start a word of ``text``.

    >>> domains_for("Isolement réduit")
    ['isolement_liens_sociaux']
    """
    words = _words(text)
    return [
        domain
        for domain, (_label, keys) in DOMAINS.items()
        if any(" " + _words(key).strip() in words for key in keys)
    ]


def items_for(domain_or_outcome: str, *, wave: str | None = None) -> list[Item]:
    """The bank's items for a domain name or for an outcome's words.

    ``domain_or_outcome`` is a key of :data:`DOMAINS` (``"mobilite"``) or free text such
    as an outcome label (« Isolement réduit »), matched with the keyword table. ``wave``
    (``"avant"`` or ``"apres"``) keeps only the items asked at that wave.
    """
    domains = (
        [domain_or_outcome] if domain_or_outcome in DOMAINS else domains_for(domain_or_outcome)
    )
    return [
        item
        for item in load_item_bank()
        if item.domain in domains and (wave is None or wave in item.waves)
    ]


def draw_respondent_codes(n: int) -> list[str]:
    """``n`` distinct random respondent codes following :data:`CODE_PATTERN`.

    Drawn with :mod:`secrets`; the structure keeps the list code → person apart from the
    answers (its pseudonymisation key).
    """
    import secrets

    if n > 24**3 * 8**3:
        raise QuestionnaireError("Trop de codes demandés.")
    codes: set[str] = set()
    while len(codes) < n:
        letters = "".join(secrets.choice(_CODE_LETTERS) for _ in range(3))
        digits = "".join(secrets.choice("23456789") for _ in range(3))
        codes.add(f"{letters}-{digits}")
    return sorted(codes)


# --------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Outcome:
    id: str
    label: str
    text: str


def _outcomes(ws_or_outcomes: Any) -> tuple[list[_Outcome], str, str]:
    """(outcomes, structure name, slug) from a workspace or a list of outcomes."""
    from .workspace import Workspace

    if isinstance(ws_or_outcomes, Workspace):
        from .inventory import scope_outcomes
        from .theory_of_change import load_theory_of_change, toc_path

        ws = ws_or_outcomes
        if not toc_path(ws).is_file():  # no theory of change yet (notebook 02 not done)
            return [], ws.name, ws.slug
        ids, _why = scope_outcomes(ws)
        by_id = {o.id: o for o in load_theory_of_change(ws).outcomes}
        found = [by_id[i] for i in ids if i in by_id]
        outcomes = [_Outcome(o.id, o.label, f"{o.label} {o.description}") for o in found]
        return outcomes, ws.name, ws.slug
    outcomes = []
    for n, o in enumerate(ws_or_outcomes or [], start=1):
        if isinstance(o, str):
            outcomes.append(_Outcome(f"E{n}", o, o))
        else:
            label = getattr(o, "label", str(o))
            text = f"{label} {getattr(o, 'description', '')}"
            outcomes.append(_Outcome(str(getattr(o, "id", f"E{n}")), label, text))
    return outcomes, "", ""


def _relevant(item: Item) -> str | None:
    if not item.condition:
        return None
    name, _, value = item.condition.partition("=")
    return f"${{{name.strip()}}} = '{value.strip()}'"


def _question(item: Item) -> Question:
    q = Question(
        name=item.id,
        label=item.label,
        type=item.type,
        choices=item.choices,
        relevant=_relevant(item),
    )
    if item.type == "integer":
        top = 10 if item.domain == "satisfaction" else 600
        q.constraint = f". >= 0 and . <= {top}"
        q.constraint_message = f"Un nombre entier de 0 à {top}."
        q.hint = "Laissez vide si vous ne savez pas ou préférez ne pas répondre."
    elif item.type == "decimal":
        q.constraint = ". >= 0 and . <= 100000"
        q.constraint_message = "Un nombre positif (virgule permise), 100 000 au plus."
        q.hint = "Laissez vide si vous ne savez pas ou préférez ne pas répondre."
    elif item.type == "select_multiple":
        q.hint = "Cochez toutes les réponses qui conviennent."
    return q


def _information_note(structure: str, purpose: str, retention: str, contact: str) -> str:
    who = structure or "la structure qui vous accompagne"
    return (
        f"Ce questionnaire est proposé par {who}. Il sert à {purpose}. "
        "Vos réponses sont traitées avec votre consentement (RGPD, article 6.1.a) ; "
        "elles sont enregistrées sous un code, sans votre nom, et les résultats ne sont "
        "publiés que par groupes d'au moins 10 personnes. "
        f"Elles sont conservées {retention}, puis supprimées. "
        "Vous pouvez accéder à vos réponses, les faire rectifier ou effacer, vous opposer à "
        "leur traitement ou le faire limiter (RGPD, articles 15 à 21), et retirer votre "
        f"consentement à tout moment, en vous adressant à {contact or who}. Vous pouvez aussi "
        "adresser une réclamation à la CNIL (www.cnil.fr). Information donnée au titre de "
        "l'article 13 du RGPD."
    )


def build_questionnaire(
    ws_or_outcomes: Any,
    *,
    wave: str = "avant",
    structure: str | None = None,
    purpose: str = "mesurer ce que l'action change pour les personnes qui y participent",
    retention: str = "jusqu'à la fin de l'évaluation, et au plus deux ans",
    contact: str = "",
    satisfaction: bool = True,
) -> Questionnaire:
    """A questionnaire for one wave, built from the outcomes of the scope.

    Parameters
    ----------
    ws_or_outcomes
        A :class:`~sizeup_helpers.workspace.Workspace` (its scope of step 03, or all its
        outcomes when no scope was saved, see
        :func:`sizeup_helpers.inventory.scope_outcomes`), or a list of outcomes (objects
        with ``id``, ``label``, ``description``, or plain labels).
    wave
        ``"avant"`` (before the action) or ``"apres"`` (after): some items (satisfaction,
        diplomas obtained) are only asked after.
    structure
        The structure's name in the information note; by default the workspace's name.
    purpose, retention, contact
        The purpose, retention period and contact said in the information note
        (RGPD art. 13); the contact defaults to the structure.
    satisfaction
        Add a « Votre avis sur l'action » group at the « après » wave.

    Returns
    -------
    Questionnaire
        Checked (:meth:`~sizeup_helpers.xlsform.Questionnaire.check`); one group named
        ``effet_<id>`` per outcome, items named by their bank id, open questions named
        ``<id>_ouverte``.
    """
    if wave not in _WAVES:
        raise QuestionnaireError(
            f"La vague {quoted(wave)} est inconnue : écrivez « avant » ou « apres »."
        )
    outcomes, ws_name, slug = _outcomes(ws_or_outcomes)
    structure = structure if structure is not None else ws_name
    shown = f"${{{_CONSENT}}} = 'oui'"
    items: list[Question | Group] = [
        Question(
            "information",
            _information_note(structure, purpose, retention, contact),
            type="note",
        ),
        Question(
            _CONSENT,
            "Acceptez-vous de répondre à ce questionnaire dans ces conditions ?",
            type="select_one",
            choices="consentement",
            required=True,
        ),
        Question(
            "refus_merci",
            "Merci. Vous pouvez fermer ce questionnaire : rien n'est enregistré.",
            type="note",
            relevant=f"${{{_CONSENT}}} = 'non'",
        ),
        Question(
            "code_repondant",
            "Votre code personnel (celui que la structure vous a remis)",
            type="text",
            required=True,
            relevant=shown,
            constraint=f"regex(., '{CODE_PATTERN}')",
            constraint_message=f"Le code attendu est {CODE_RULE}.",
            hint="Le même code à chaque questionnaire : il relie vos réponses sans vous nommer.",
        ),
        Question(
            "date_reponse",
            "Date à laquelle vous remplissez ce questionnaire",
            type="date",
            relevant=shown,
            hint="Le jour, le mois et l'année.",
        ),
    ]
    used: set[str] = set()
    scales: set[str] = set()
    bank = load_item_bank()
    for outcome in outcomes:
        domains = domains_for(outcome.text)
        picked = [i for i in bank if i.domain in domains and wave in i.waves]
        new = [i for i in picked if i.id not in used]
        name = "effet_" + (slugify(outcome.id).replace("-", "_") or "x")
        questions: list[Question | Group] = [_question(i) for i in new]
        used.update(i.id for i in new)
        scales.update(i.choices for i in new if i.choices)
        if picked and not new:
            questions.append(
                Question(
                    f"{name}_note",
                    f"Les questions posées plus haut portent aussi sur cet effet : "
                    f"« {outcome.label} ».",
                    type="note",
                )
            )
        elif not picked:
            label = (
                f"Où en êtes-vous aujourd'hui sur ce point : « {outcome.label} » ? "
                "Décrivez-le en quelques mots."
                if wave == "avant"
                else f"Depuis le début de l'action, qu'est-ce qui a changé pour vous sur ce "
                f"point : « {outcome.label} » ?"
            )
            questions.append(Question(f"{name}_ouverte", label, type="text"))
        items.append(Group(name, outcome.label, questions, relevant=shown))
    if satisfaction and wave == "apres":
        extra = [i for i in bank if i.domain == "satisfaction" and i.id not in used]
        if extra:
            scales.update(i.choices for i in extra if i.choices)
            items.append(
                Group("avis", "Votre avis sur l'action", [_question(i) for i in extra], shown)
            )
    items.append(
        Question(
            "fin",
            "Merci d'avoir répondu. Vos réponses aident à améliorer l'action.",
            type="note",
            relevant=shown,
        )
    )
    choice_lists = [ChoiceList("consentement", [("oui", "Oui"), ("non", "Non")])]
    for scale in sorted(scales):
        choices, with_nsp = SCALES[scale]
        choice_lists.append(ChoiceList(scale, [*choices, *(NOT_ON_SCALE if with_nsp else ())]))
    title = f"Questionnaire {_WAVES[wave]}" + (f" — {structure}" if structure else "")
    form_id = (slugify(slug or structure or "sizeup").replace("-", "_") or "sizeup")[:30]
    questionnaire = Questionnaire(
        title=title,
        form_id=f"{form_id}_{wave}",
        items=items,
        choice_lists=choice_lists,
    )
    questionnaire.check()
    return questionnaire


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------
def explain_questionnaire(q: Questionnaire, bank: Sequence[Item] | None = None) -> Reading:
    """What was built: questions per outcome, outcomes with no bank item, licences.

    Works on a questionnaire from :func:`build_questionnaire`: outcome groups are named
    ``effet_<id>``, bank items by their id, project open questions end in ``_ouverte``.
    """
    import pandas as pd

    by_id = {i.id: i for i in (bank if bank is not None else load_item_bank())}
    groups = [g for g in q.items if isinstance(g, Group) and g.name.startswith("effet_")]
    if not groups:
        return Reading.of(
            [
                "Ce questionnaire n'a encore aucune question sur vos effets : seuls la note "
                "d'information, le consentement, le code personnel et la fin sont prêts.",
                "Décrivez vos effets dans le carnet 02 (théorie du changement) et choisissez "
                "ceux à évaluer dans le carnet 03, puis reconstruisez le questionnaire.",
            ],
            title="Questionnaire construit",
        )
    rows, open_ones, items_used = [], [], []
    for g in groups:
        names = [x.name for x in g.questions if isinstance(x, Question)]
        from_bank = [by_id[n] for n in names if n in by_id]
        items_used += from_bank
        if any(n.endswith("_ouverte") for n in names):
            open_ones.append(g.label)
        rows.append(
            {
                "effet": g.label,
                "questions de la banque": len(from_bank),
                "question ouverte": "oui" if g.label in open_ones else "non",
                "déjà couvert plus haut": "oui" if f"{g.name}_note" in names else "non",
            }
        )
    n_questions = sum(1 for x in q.questions() if x.type != "note")
    lines = [
        f"Le questionnaire « {q.title} » compte "
        f"{plural(n_questions, 'question', 'questions')} (notes non comptées), dont "
        f"{plural(len(items_used), 'item de la banque', 'items de la banque')}, réparties en "
        f"{plural(len(groups), 'groupe', 'groupes')} (un par effet).",
        "Il s'ouvre sur la note d'information (RGPD, article 13) et le consentement : "
        "les autres questions ne s'affichent que si la personne accepte.",
    ]
    for row in rows:
        lines.append(
            f"- {row['effet']} : "
            + (
                plural(row["questions de la banque"], "question", "questions") + " de la banque"
                if row["questions de la banque"]
                else "aucune question de la banque"
            )
            + (", une question ouverte" if row["question ouverte"] == "oui" else "")
            + (
                " (les questions d'un effet précédent le couvrent déjà)"
                if row["déjà couvert plus haut"] == "oui"
                else ""
            )
        )
    if open_ones:
        lines.append(
            plural(len(open_ones), "effet n'a", "effets n'ont") + " aucun item dans la banque "
            f"({join_and(quoted(x) for x in open_ones)}) : une question ouverte rédigée par "
            "Size Up en tient lieu ; ajoutez vos propres questions fermées si vous voulez un "
            "chiffre."
        )
    else:
        lines.append("Chaque effet a au moins une question de la banque.")
    own = sum(1 for i in items_used if i.own)
    if own:
        lines.append(
            plural(own, "item est rédigé", "items sont rédigés")
            + " par Size Up"
            + (
                " et n'est pas validé : testez-le"
                if own == 1
                else " et ne sont pas validés : testez-les"
            )
            + " auprès de quelques personnes avant l'enquête."
        )
    licences = sorted({(i.licence, i.source) for i in items_used if not i.own})
    for licence, source in licences:
        lines.append(f"Licence à respecter : {licence} — citez la source telle quelle : {source}.")
    if own:
        lines.append(
            "Les items de Size Up sont sous licence CC-BY-4.0 : citez « Size Up » si vous "
            "les diffusez."
        )
    return Reading.of(lines, title="Questionnaire construit", table=pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# Step 07's deliverables
# --------------------------------------------------------------------------------------
#: The step whose folder holds the questionnaire files.
STEP = "07"
#: File names in ``ws.step_dir("07")``, ``{wave}`` being ``avant`` or ``apres``.
XLSFORM_FILE = "questionnaire-{wave}.xlsx"
PRINTABLE_FILE = "questionnaire-{wave}.html"
ENTRY_FILE = "saisie-papier-{wave}.xlsx"
WAVES = tuple(_WAVES)


@dataclass
class SavedQuestionnaires:
    """What :func:`save_questionnaires` wrote.

    Attributes
    ----------
    questionnaires : dict
        ``{wave: Questionnaire}``.
    files : dict
        ``{wave: {"xlsform": path, "imprimable": path, "saisie": path}}``.
    warnings : dict
        ``{wave: [French warnings of pyxform]}`` (empty lists when all is well).
    to_collect : list or None
        The outcomes (``[(id, label)]``) that step 06's indicator framework leaves to
        the questionnaire, ``None`` when step 06 has not run.
    """

    questionnaires: dict[str, Questionnaire]
    files: dict[str, dict[str, Path]]
    warnings: dict[str, list[str]]
    to_collect: list[tuple[str, str]] | None = None

    def paths(self) -> list[Path]:
        """Every file written, wave by wave."""
        return [p for files in self.files.values() for p in files.values()]


def _left_to_questionnaire(ws: Any) -> list[tuple[str, str]] | None:
    """Outcomes step 06 leaves to the questionnaire, or ``None`` when 06 has not run."""
    from .indicators import FRAMEWORK_FILE, outcomes_to_collect

    if not (ws.step_dir("06", create=False) / FRAMEWORK_FILE).is_file():
        return None
    from .theory_of_change import load_theory_of_change, toc_path

    labels = (
        {o.id: o.label for o in load_theory_of_change(ws).outcomes}
        if toc_path(ws).is_file()
        else {}
    )
    return [(i, labels.get(i, i)) for i in outcomes_to_collect(ws, tool="questionnaire (07)")]


def save_questionnaires(
    ws: Any,
    *,
    waves: Sequence[str] = WAVES,
    purpose: str = "mesurer ce que l'action change pour les personnes qui y participent",
    retention: str = "jusqu'à la fin de l'évaluation, et au plus deux ans",
    contact: str = "",
) -> SavedQuestionnaires:
    """Build and write step 07's questionnaire files for each wave, checked by pyxform.

    For each wave (``"avant"``, ``"apres"``; the same respondent code pairs them), in
    ``ws.step_dir("07")`` through ``ws.write_bytes`` / ``ws.write_text``:

    - :data:`XLSFORM_FILE`: the XLSForm for KoboToolbox or ODK
      (:func:`build_questionnaire`, :func:`~sizeup_helpers.xlsform.xlsform_bytes`),
      converted by pyxform offline (:func:`~sizeup_helpers.xlsform.check_xlsform`) and its
      warnings kept in French (:func:`~sizeup_helpers.xlsform.xlsform_warnings`);
    - :data:`PRINTABLE_FILE`: the printable version for paper collection
      (:func:`~sizeup_helpers.paper_form.printable_html`);
    - :data:`ENTRY_FILE`: the workbook to type the paper answers in
      (:func:`~sizeup_helpers.paper_form.entry_workbook`), read back with the XLSForm by
      :func:`~sizeup_helpers.form_answers.read_form_answers`.

    Parameters
    ----------
    ws
        The workspace (its scope of step 03; step 06's framework when present).
    waves
        The waves to write.
    purpose, retention, contact
        As in :func:`build_questionnaire` (the RGPD art. 13 note).

    Raises
    ------
    QuestionnaireError
        An unknown wave (in French), or a form pyxform refuses.
    """
    from .paper_form import entry_workbook, printable_html
    from .xlsform import check_xlsform, xlsform_bytes, xlsform_warnings

    chosen = list(dict.fromkeys(waves))
    unknown = [w for w in chosen if w not in _WAVES]
    if unknown or not chosen:
        what = (
            agree(len(unknown), "Vague inconnue", "Vagues inconnues") + f" {quoted_list(unknown)}"
            if unknown
            else "Aucune vague choisie"
        )
        raise QuestionnaireError(f"{what} : choisissez « avant », « apres » ou les deux.")
    folder = ws.step_dir(STEP)
    saved = SavedQuestionnaires({}, {}, {}, _left_to_questionnaire(ws))
    for wave in chosen:
        q = build_questionnaire(
            ws, wave=wave, purpose=purpose, retention=retention, contact=contact
        )
        form = ws.write_bytes(folder / XLSFORM_FILE.format(wave=wave), xlsform_bytes(q))
        check_xlsform(form)
        saved.questionnaires[wave] = q
        saved.warnings[wave] = xlsform_warnings(form)
        saved.files[wave] = {
            "xlsform": form,
            "imprimable": ws.write_text(
                folder / PRINTABLE_FILE.format(wave=wave), printable_html(q)
            ),
            "saisie": ws.write_bytes(folder / ENTRY_FILE.format(wave=wave), entry_workbook(q)),
        }
    return saved


def explain_saved_questionnaires(saved: SavedQuestionnaires) -> Reading:
    """The files written by :func:`save_questionnaires` and what each is for, in French.

    Says the pyxform check (no error; each warning quoted in French), the pairing of the
    waves by the respondent code, and, when step 06 ran, which outcomes the indicator
    framework leaves to the questionnaire and whether each has its questions.
    """
    import pandas as pd

    waves = list(saved.files)
    said = join_and(f"« {_WAVES[w]} »" for w in waves)
    lines = [
        f"{plural(len(waves), 'vague écrite', 'vagues écrites').capitalize()} : {said}. "
        "Pour chacune, "
        "trois fichiers : le formulaire XLSForm à déposer dans KoboToolbox, la version "
        "imprimable pour le papier, et le classeur de saisie des réponses papier.",
    ]
    if len(waves) == 2:
        lines.append(
            "Les deux vagues demandent le même code personnel : c'est lui qui relie la "
            "réponse « avant » et la réponse « après » d'une même personne, sans son nom."
        )
    for wave in waves:
        warnings = saved.warnings.get(wave) or []
        if warnings:
            lines.append(
                f"Formulaire « {_WAVES[wave]} » : accepté par pyxform, avec "
                f"{plural(len(warnings), 'avertissement', 'avertissements')} à lire :"
            )
            lines.extend(f"- {w}" for w in warnings)
        else:
            lines.append(
                f"Formulaire « {_WAVES[wave]} » : accepté par pyxform, sans erreur ni "
                "avertissement."
            )
    if saved.to_collect is None:
        lines.append(
            "Le référentiel d'indicateurs (carnet 06) n'a pas encore été fait : le "
            "questionnaire suit les effets de votre périmètre (carnet 03)."
        )
    elif not saved.to_collect:
        lines.append(
            "Le référentiel d'indicateurs (carnet 06) ne laisse aucun effet au "
            "questionnaire : ses questions complètent vos données existantes."
        )
    else:
        groups = {
            g.name for q in saved.questionnaires.values() for g in q.items if isinstance(g, Group)
        }
        covered = [
            (i, label)
            for i, label in saved.to_collect
            if "effet_" + (slugify(i).replace("-", "_") or "x") in groups
        ]
        missing = [x for x in saved.to_collect if x not in covered]
        n = len(saved.to_collect)
        lines.append(
            f"Le référentiel d'indicateurs (carnet 06) laisse au questionnaire "
            f"{plural(n, 'effet', 'effets')} : "
            f"{join_and(quoted(label) for _, label in saved.to_collect)}."
        )
        if not missing:
            lines.append(
                "Chacun a ses questions dans le questionnaire."
                if n > 1
                else "Il a ses questions dans le questionnaire."
            )
        else:
            lines.append(
                plural(len(missing), "effet n'est", "effets ne sont") + " pas dans le "
                f"questionnaire ({join_and(quoted(label) for _, label in missing)}) : "
                "ajoutez-les au périmètre du carnet 03, ou collectez-les autrement."
            )
    rows = [
        {"vague": _WAVES[w], "fichier": p.name, "usage": usage}
        for w, files in saved.files.items()
        for key, p in files.items()
        for usage in [
            {
                "xlsform": "formulaire XLSForm (KoboToolbox, ODK)",
                "imprimable": "questionnaire à imprimer",
                "saisie": "classeur de saisie des réponses papier",
            }[key]
        ]
    ]
    return Reading.of(lines, title="Fichiers du questionnaire", table=pd.DataFrame(rows))


def explain_safeguards(q: Questionnaire) -> Reading:
    """What an evaluator checks in a questionnaire, said for ``q`` in French.

    Four checks, each said as met or not: the RGPD information note comes first and
    names the purpose, legal basis, retention, rights and contact (RGPD art. 13; CNIL,
    « Informer les personnes ») ; consent is asked next and gates the other questions
    (art. 6.1.a, art. 7) ; the respondent code follows :data:`CODE_PATTERN`, which refuses
    initials plus a birth day (CNIL, « Guide de la sécurité des données personnelles ») ;
    « ne sait pas » is an answer of its own, distinct from an empty answer (DREES working
    paper n°55, 2016).
    """
    import pandas as pd

    rows: list[dict[str, str]] = []

    def check(what: str, ok: bool, said: str) -> None:
        rows.append({"vérification": what, "résultat": "oui" if ok else "non", "détail": said})

    first = q.items[0] if q.items else None
    note = first.label if isinstance(first, Question) and first.type == "note" else ""
    words = ("Il sert à", "article 6.1.a", "conservées", "articles 15 à 21", "CNIL")
    ok = bool(note) and all(w in note for w in words)
    check(
        "information RGPD d'abord",
        ok,
        "La note d'information vient en premier : finalité, base légale (consentement, "
        "article 6.1.a), durée de conservation, droits (articles 15 à 21), contact et CNIL "
        "(RGPD, article 13)."
        if ok
        else "Le questionnaire ne commence pas par une note d'information complète (finalité, "
        "base légale, durée de conservation, droits, contact) : ajoutez-la en premier "
        "(RGPD, article 13).",
    )
    questions = [x for x in q.questions() if x.type != "note"]
    consent = next((x for x in questions if x.name == _CONSENT), None)
    gated = [
        x for x in q.items[2:] if f"${{{_CONSENT}}} = 'oui'" in (getattr(x, "relevant", None) or "")
    ]
    ok = consent is not None and questions[0] is consent and bool(gated)
    check(
        "consentement avant les questions",
        ok,
        "Le consentement est la première question ; les "
        f"{plural(len(questions) - 1, 'autre question', 'autres questions')} ne "
        "s'affichent que si la personne accepte."
        if ok
        else "Aucune question de consentement ne précède les autres : ajoutez-la, et "
        "n'affichez la suite que si la personne accepte.",
    )
    code = next((x for x in questions if x.name == "code_repondant"), None)
    guarded = code is not None and CODE_PATTERN in (code.constraint or "")
    refuses = not re.fullmatch(CODE_PATTERN, "MDU-0512") and not re.fullmatch(
        CODE_PATTERN, "MD-0512"
    )
    check(
        "code personnel sans initiales ni date de naissance",
        guarded and refuses,
        "Le code personnel relie les deux vagues sans nommer la personne : trois lettres, un "
        "tiret, trois chiffres de 2 à 9 (KTR-472). Un code fait d'initiales et d'une date de "
        "naissance (MD-0512) est refusé par le formulaire : sans 0 ni 1, aucune date n'y "
        "entre."
        if guarded and refuses
        else "Le code personnel n'a pas de contrôle de format : un code fait d'initiales et "
        "d'une date de naissance identifierait la personne ; utilisez un code tiré au sort.",
    )
    single = {x.choices for x in questions if x.type == "select_one" and x.name != _CONSENT}
    lists = [cl for cl in q.choice_lists if cl.name in single]
    with_nsp = [cl for cl in lists if "nsp" in dict(cl.choices)]
    check(
        "« ne sait pas » distinct d'une réponse manquante",
        bool(with_nsp) or not lists,
        f"« Je ne sais pas » et « Je préfère ne pas répondre » sont des réponses à part sur "
        f"{len(with_nsp)} des {plural(len(lists), 'liste', 'listes')} de réponses ; une case "
        "vide reste une question sans réponse (non posée ou sautée), que l'analyse ne "
        "confond pas avec « ne sait pas »."
        + (
            " Les autres listes reprennent telles quelles les réponses d'une échelle publiée."
            if len(with_nsp) < len(lists)
            else ""
        )
        if lists
        else "Ce questionnaire n'a pas encore de question à choix sur vos effets.",
    )
    missing = [r["vérification"] for r in rows if r["résultat"] == "non"]
    lines = [
        "Les quatre points qu'un évaluateur vérifie d'abord sont en place."
        if not missing
        else f"À corriger avant l'enquête : {join_and(quoted(m) for m in missing)}."
    ]
    lines += [f"- {r['détail']}" for r in rows]
    return Reading.of(lines, title="Ce qu'un évaluateur vérifie", table=pd.DataFrame(rows))

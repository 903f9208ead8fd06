"""Step 01, « Cadrer l'évaluation »: the maturity self-diagnostic and the evaluation's framing.

The self-diagnostic is a short questionnaire (:data:`MATURITY_QUESTIONS`) whose answers are
plain typed values, so a notebook's ``parameters`` cell and a widget set them the same way.
It gives a score per dimension (:func:`score_maturity`), a chart (:func:`plot_maturity`)
and a recommended path (:func:`recommend_path`): the full path, or a short path for a small
or young team, with the steps to do lightly or skip and the minimum deliverable for the
Demo Day. The data dimension scores what an evaluation needs (outcome data, a baseline,
people who can be contacted again), not how many kinds of file a structure keeps: a
register and an attendance list count outputs only. On the short path the questionnaire
(07) and the interview guide (08) stay, in their light form: the programme's lesson is that
a young structure lacks outcome data and needs collection tools first.

The framing (:class:`Framing`) records why and for whom the structure evaluates, a first
evaluative question, its resources and its calendar over the twelve months.

Both are written to the step's folder of the workspace (``ws.step_dir("01")``) by
:func:`save_maturity` and :func:`save_framing`, which take plain values only; later steps
read them back with :func:`load_maturity`, :func:`load_path` and :func:`load_framing`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import FramingError, check_option
from .reading import Reading
from .yamlfile import dump_yaml, read_yaml_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .theory_of_change import TheoryOfChange
    from .workspace import Workspace

__all__ = [
    "DATA_SOURCES",
    "DEADLINE_STEPS",
    "EVALUATION_CRITERIA",
    "HOURS_PER_FTE_MONTH",
    "KNOWN_ANSWERS",
    "MATURITY_DIMENSIONS",
    "MATURITY_QUESTIONS",
    "MONTH_NAMES",
    "OWNERS",
    "PURPOSES",
    "STAGES",
    "Framing",
    "FramingError",
    "MaturityAnswers",
    "RecommendedPath",
    "deadline_label",
    "deadline_month",
    "deadline_plan",
    "evaluation_calendar",
    "explain_criteria",
    "explain_framing",
    "explain_maturity",
    "explain_path",
    "explain_stages",
    "load_framing",
    "load_maturity",
    "load_path",
    "plot_maturity",
    "recommend_path",
    "save_framing",
    "save_framing_answers",
    "save_maturity",
    "score_maturity",
    "step_due_months",
    "team_capacity",
]

MATURITY_FILE = "autodiagnostic.yml"
MATURITY_CHART = "autodiagnostic.png"
FRAMING_FILE = "cadrage.yml"


# --------------------------------------------------------------------------------------
# The questionnaire
# --------------------------------------------------------------------------------------
CLARITY_LEVELS = {
    1: "Pas encore formulés",
    2: "Clairs dans nos têtes, mais pas écrits",
    3: "Écrits (projet associatif, statuts, dossier de financement)",
    4: "Écrits et partagés par toute l'équipe",
}
DATA_SOURCES = {
    "inscriptions": "Un fichier des personnes accompagnées ou inscrites",
    "presences": "Les présences ou la participation aux activités",
    "suivi": "Le suivi de la situation des personnes (étapes, sorties)",
    "questionnaires": "Des questionnaires déjà passés",
    "temoignages": "Des témoignages ou comptes rendus écrits",
    "bilans": "Des bilans d'activité chiffrés",
}
OWNERS = {
    "personne": "Personne pour l'instant",
    "prestataire": "Un prestataire extérieur",
    "benevole": "Un ou une bénévole",
    "direction": "La direction, en plus du reste",
    "salarie": "Une personne salariée, avec du temps réservé",
    "binome": "Un binôme (salarié·e et bénévole ou administrateur·rice)",
}
KNOWN_ANSWERS = {"oui": "Oui", "non": "Non", "ne_sait_pas": "Je ne sais pas"}
"""Options of the yes / no / don't-know questions. « Je ne sais pas » is the default: an
answer missing from an ``autodiagnostic.yml`` saved before the question existed reads so."""

HOURS_PER_FTE_MONTH = 1607 / 12
"""Hours a month of one full-time equivalent, used to count volunteers' time in the team:
1 607 hours a year, the legal full-time working year in France (Code du travail, article
L3121-41), over twelve months (about 133,9 hours)."""

_OWNER_SCORES = {
    "personne": 0,
    "prestataire": 40,
    "benevole": 50,
    "direction": 60,
    "salarie": 85,
    "binome": 100,
}

MATURITY_QUESTIONS: dict[str, dict[str, Any]] = {
    "mission_clarity": {"question": "Votre mission est-elle formulée ?", "options": CLARITY_LEVELS},
    "changes_clarity": {
        "question": "Les changements que vous visez pour les personnes sont-ils formulés ?",
        "options": CLARITY_LEVELS,
    },
    "data_sources": {
        "question": "Quelles données avez-vous déjà (plusieurs choix possibles) ?",
        "options": DATA_SOURCES,
    },
    "data_digital": {
        "question": "Ces données sont-elles dans des fichiers (tableur, logiciel), pas "
        "seulement sur papier ?",
        "options": {True: "Oui", False: "Non"},
    },
    "outcome_data": {
        "question": "Avez-vous des données sur ce qui change pour les personnes (des "
        "résultats), pas seulement sur vos activités (inscriptions, présences) ?",
        "options": KNOWN_ANSWERS,
    },
    "baseline": {
        "question": "Avez-vous mesuré la situation de départ des personnes, à leur entrée ?",
        "options": KNOWN_ANSWERS,
    },
    "recontact": {
        "question": "Pouvez-vous recontacter les personnes après leur passage (accord "
        "recueilli, coordonnées gardées) ?",
        "options": KNOWN_ANSWERS,
    },
    "hours_per_month": {
        "question": "Combien d'heures par mois l'équipe (salariés et bénévoles) peut-elle "
        "consacrer à l'évaluation ?",
        "options": None,
    },
    "owner": {"question": "Qui portera l'évaluation ?", "options": OWNERS},
    "team_size": {
        "question": "Combien de personnes salariées (en équivalent temps plein) compte la "
        "structure ?",
        "options": None,
    },
    "volunteer_hours_per_month": {
        "question": "Combien d'heures par mois les bénévoles donnent-ils à la structure, "
        "toutes activités confondues ?",
        "options": None,
    },
    "years_active": {
        "question": "Depuis combien d'années la structure agit-elle ?",
        "options": None,
    },
    "funder_deadline": {
        "question": "Un financeur attend-il des résultats à une date précise (AAAA-MM ; "
        "vide : aucune) ?",
        "options": None,
    },
}
"""The self-diagnostic: for each answer (a field of :class:`MaturityAnswers`), the French
question and its options (value → label), ``None`` for a number. Widgets are built from it."""

MATURITY_DIMENSIONS = {
    "clarte": "Clarté de la mission et des changements visés",
    "donnees": "Données sur les résultats",
    "temps": "Temps disponible",
    "pilotage": "Portage de l'évaluation",
}
"""The four scored dimensions of the self-diagnostic."""

_ADVICE = {
    "clarte": (
        "Prenez le temps de l'étape 02 : écrire les changements visés est le premier "
        "résultat de l'évaluation.",
        "Relisez vos changements visés en équipe à l'étape 02.",
        "Votre mission et vos changements visés sont clairs : partez-en à l'étape 02.",
    ),
    "temps": (
        "Moins de 8 heures par mois : suivez le parcours court et réservez un créneau "
        "fixe dans l'agenda.",
        "Le temps est compté : concentrez-vous sur 2 ou 3 effets prioritaires.",
        "Le temps disponible permet le parcours complet.",
    ),
    "pilotage": (
        "Désignez une personne qui porte l'évaluation : sans elle, le projet s'arrête "
        "au premier imprévu.",
        "Associez une deuxième personne au portage pour ne pas dépendre d'une seule.",
        "Le portage est solide.",
    ),
}
_LEVELS = ("à construire", "en cours", "solide")


def _int_in(name: str, value: Any, low: int, high: int, help: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"`{name}` doit être un nombre entier de {low} à {high}{help}, pas {value!r}."
        )
    if not low <= value <= high:
        raise ValueError(
            f"`{name}` doit être un nombre entier de {low} à {high}{help}, pas {value}."
        )
    return value


def _number(name: str, value: Any, *, maximum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"`{name}` doit être un nombre, pas {value!r}.")
    if value < 0 or (maximum is not None and value > maximum):
        limit = f" et au plus {french.number(maximum)}" if maximum is not None else ""
        raise ValueError(f"`{name}` doit être un nombre positif{limit}, pas {value}.")
    return float(value)


def _text_list(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value] if value.strip() else []
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"`{name}` doit être une liste de textes, pas {value!r}.")
    return tuple(v.strip() for v in value if v.strip())


_DEADLINE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _parse_deadline(value: Any, name: str = "funder_deadline") -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a deadline written « AAAA-MM » or « AAAA-MM-JJ » (day 0
    when not given), ``None`` for an empty text (no deadline)."""
    import datetime as dt

    if not isinstance(value, str):
        raise TypeError(
            f"`{name}` doit être un texte « AAAA-MM » (par exemple « 2026-06 »), vide "
            f"s'il n'y a pas d'échéance, pas {value!r}."
        )
    text = value.strip()
    if not text:
        return None
    m = _DEADLINE_RE.match(text)
    try:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        dt.date(year, month, day or 1)
    except (AttributeError, ValueError):
        raise ValueError(
            f"`{name}` doit s'écrire « AAAA-MM » ou « AAAA-MM-JJ » (par exemple "
            f"« 2026-06 »), ou rester vide, pas « {value} »."
        ) from None
    return year, month, day


def deadline_label(funder_deadline: str) -> str:
    """A deadline in French words: « juin 2026 », « 15 juin 2026 », « 1er juin 2026 »;
    ``""`` for no deadline.

    >>> deadline_label("2026-06"), deadline_label("2026-06-01"), deadline_label("")
    ('juin 2026', '1er juin 2026', '')
    """
    parsed = _parse_deadline(funder_deadline)
    if parsed is None:
        return ""
    year, month, day = parsed
    prefix = "" if not day else "1er " if day == 1 else f"{day} "
    return f"{prefix}{_MONTHS[month - 1]} {year}"


def _at(funder_deadline: str) -> str:
    """« en juin 2026 », « le 15 juin 2026 »."""
    label = deadline_label(funder_deadline)
    return f"le {label}" if label[0].isdigit() else f"en {label}"


@dataclass(frozen=True)
class MaturityAnswers:
    """Answers to the self-diagnostic, as plain typed values.

    Every answer has a default, so an ``autodiagnostic.yml`` saved before a question was
    added still loads: a missing yes / no / don't-know answer reads « je ne sais pas »,
    missing volunteers' hours read 0 and a missing deadline reads « aucune ».

    Parameters
    ----------
    mission_clarity, changes_clarity
        1 to 4, see :data:`CLARITY_LEVELS`.
    data_sources
        Kinds of data the structure already holds, keys of :data:`DATA_SOURCES`.
    data_digital
        Whether these data are in files (spreadsheet, software), not only on paper.
    hours_per_month
        Hours of the team (staff and volunteers) available for the evaluation each month.
    owner
        Who owns the evaluation, a key of :data:`OWNERS`.
    team_size
        Paid staff, in full-time equivalents.
    years_active
        Years since the structure started its action.
    outcome_data
        Whether the structure holds data on what changes for people (outcomes), not only
        on its activities (registrations and attendance are outputs): a key of
        :data:`KNOWN_ANSWERS`.
    baseline
        Whether people's situation was measured when they came in (« situation de
        départ »), which a before/after needs: a key of :data:`KNOWN_ANSWERS`.
    recontact
        Whether people can be contacted again after they leave (their agreement recorded
        and a way to reach them kept), which a follow-up at 3 or 6 months needs: a key of
        :data:`KNOWN_ANSWERS`.
    volunteer_hours_per_month
        Hours volunteers give the structure each month, all activities together; counted
        in the team's capacity (:func:`team_capacity`).
    funder_deadline
        When a funder expects results, « AAAA-MM » or « AAAA-MM-JJ »; ``""`` for none.
    """

    mission_clarity: int = 2
    changes_clarity: int = 2
    data_sources: tuple[str, ...] = ()
    data_digital: bool = False
    hours_per_month: float = 4.0
    owner: str = "personne"
    team_size: float = 1.0
    years_active: int = 1
    outcome_data: str = "ne_sait_pas"
    baseline: str = "ne_sait_pas"
    recontact: str = "ne_sait_pas"
    volunteer_hours_per_month: float = 0.0
    funder_deadline: str = ""

    def __post_init__(self) -> None:
        levels = " (1 = pas encore formulés, 4 = écrits et partagés)"
        _int_in("mission_clarity", self.mission_clarity, 1, 4, levels)
        _int_in("changes_clarity", self.changes_clarity, 1, 4, levels)
        sources = _text_list("data_sources", self.data_sources)
        for s in sources:
            check_option("data_sources", s, list(DATA_SOURCES))
        object.__setattr__(self, "data_sources", tuple(dict.fromkeys(sources)))
        if not isinstance(self.data_digital, bool):
            raise TypeError(
                f"`data_digital` doit être oui ou non (True ou False), pas {self.data_digital!r}."
            )
        object.__setattr__(
            self, "hours_per_month", _number("hours_per_month", self.hours_per_month, maximum=744)
        )
        check_option("owner", self.owner, list(OWNERS))
        object.__setattr__(self, "team_size", _number("team_size", self.team_size))
        _int_in("years_active", self.years_active, 0, 300)
        for name in ("outcome_data", "baseline", "recontact"):
            check_option(name, getattr(self, name), list(KNOWN_ANSWERS))
        volunteers = _number("volunteer_hours_per_month", self.volunteer_hours_per_month)
        object.__setattr__(self, "volunteer_hours_per_month", volunteers)
        _parse_deadline(self.funder_deadline)
        object.__setattr__(self, "funder_deadline", self.funder_deadline.strip())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["data_sources"] = list(self.data_sources)
        return out


_DATA_POINTS = {"outcome_data": 40, "baseline": 25, "recontact": 20}
"""Points of the data dimension for each « oui »; kinds of file and files add up to 15."""
_MISSING = {
    "outcome_data": "des données de résultats",
    "baseline": "une situation de départ mesurée à l'entrée",
    "recontact": "le moyen de recontacter les personnes",
}


def _round(x: float) -> int:
    """Round half up, as by hand: 12,5 → 13 (Python's ``round`` gives 12)."""
    import math

    return int(math.floor(x + 0.5))


def team_capacity(answers: MaturityAnswers) -> float:
    """The team's capacity in full-time equivalents, volunteers included.

    Paid staff (``team_size``) plus volunteers' hours a month over
    :data:`HOURS_PER_FTE_MONTH` (1 607 hours a year, the legal full-time year, over twelve
    months). The CSESS definition of social impact counts volunteers among the structure's
    internal stakeholders; the self-diagnostic counts their time too.

    >>> team_capacity(MaturityAnswers(team_size=1.0, volunteer_hours_per_month=1607 / 12))
    2.0
    """
    return answers.team_size + answers.volunteer_hours_per_month / HOURS_PER_FTE_MONTH


def _data_advice(answers: MaturityAnswers) -> str:
    """What the data dimension lacks, and which step brings it, in French."""
    missing = [text for key, text in _MISSING.items() if getattr(answers, key) != "oui"]
    if not missing:
        return (
            "Vous avez des données de résultats, une situation de départ et pouvez "
            "recontacter les personnes : l'inventaire (étape 04) en tirera le meilleur."
        )
    why = {
        "non": "Vos données décrivent ce que vous faites (des réalisations, comme des "
        "inscriptions ou des présences), pas ce qui change pour les personnes. ",
        "ne_sait_pas": "Des inscriptions et des présences comptent des réalisations, pas des "
        "changements : l'inventaire (étape 04) dira si vos fichiers contiennent des "
        "résultats. ",
        "oui": "",
    }[answers.outcome_data]
    collect = [text for text in missing if text != _MISSING["recontact"]]
    text = why
    if collect:
        bring = "les apporteront" if len(collect) > 1 else "l'apporteront"
        text += (
            f"Il vous manque {french.join_and(collect)} : un questionnaire court (étape 07), "
            f"passé à l'entrée puis à la sortie, et quelques entretiens (étape 08) vous {bring}."
        )
    if answers.recontact != "oui":
        text += (
            (" Vous ne pouvez pas non plus" if collect else "Vous ne pouvez pas encore")
            + " recontacter les personnes : demandez dès l'inscription leur accord et gardez "
            "un moyen de les joindre."
        )
    return text.strip()


def score_maturity(answers: MaturityAnswers) -> pd.DataFrame:
    """Score each dimension of the self-diagnostic from 0 to 100.

    Returns
    -------
    pandas.DataFrame
        One row per dimension (:data:`MATURITY_DIMENSIONS`), columns ``dimension``,
        ``libelle``, ``score`` (0–100), ``niveau`` (« à construire » under 40, « en cours »
        under 70, « solide ») and ``conseil`` (a French sentence; for the data, what is
        missing and which step brings it).

    Notes
    -----
    Scores are rounded half up (12,5 gives 13).

    - clarté: mean of the two clarity answers, 1 → 0 and 4 → 100;
    - données: what an evaluation of outcomes needs. 40 points when the structure holds
      outcome data (what changes for people: registrations and attendance are outputs),
      25 for a baseline measured at entry, 20 when people can be contacted again; « je ne
      sais pas » counts as « non ». The files add at most 15: 10 × (kinds of data held, up
      to 4) / 4, plus 5 when they are in files. A register and an attendance list in a
      spreadsheet, without outcome data, score 10 × 2 / 4 + 5 = 10. The outputs / outcomes
      distinction is the impact value chain (réalisations → résultats → impacts) of the
      Avise guides; a before/after needs a baseline (ESSEC MOOC « Évaluation et mesure de
      l'impact social », step « mesurer les changements »);
    - temps: hours per month, 16 hours or more → 100 (linear below);
    - pilotage: nobody 0, an outside provider 40, a volunteer 50, the director on top of
      the rest 60, a staff member with reserved time 85, a pair 100.

    Examples
    --------
    >>> score_maturity(MaturityAnswers(hours_per_month=8))["score"].tolist()
    [33, 0, 50, 0]
    >>> outputs_only = MaturityAnswers(data_sources=("inscriptions", "presences"),
    ...                                data_digital=True, outcome_data="non")
    >>> int(score_maturity(outputs_only).loc[1, "score"])
    10
    """
    import pandas as pd

    if not isinstance(answers, MaturityAnswers):
        raise TypeError(
            f"Il faut des réponses à l'autodiagnostic (MaturityAnswers), "
            f"pas {type(answers).__name__}."
        )
    n_sources = min(len(answers.data_sources), 4)
    files = (10 * n_sources / 4 + 5 * answers.data_digital) if n_sources else 0.0
    data = sum(points for key, points in _DATA_POINTS.items() if getattr(answers, key) == "oui")
    scores = {
        "clarte": (answers.mission_clarity + answers.changes_clarity - 2) / 6 * 100,
        "donnees": data + files,
        "temps": min(answers.hours_per_month, 16) / 16 * 100,
        "pilotage": float(_OWNER_SCORES[answers.owner]),
    }
    rows = []
    for key, label in MATURITY_DIMENSIONS.items():
        score = _round(scores[key])
        level = 0 if score < 40 else 1 if score < 70 else 2
        advice = _data_advice(answers) if key == "donnees" else _ADVICE[key][level]
        rows.append((key, label, score, _LEVELS[level], advice))
    out = pd.DataFrame(rows, columns=["dimension", "libelle", "score", "niveau", "conseil"])
    return out.astype({"score": "int64"})


# --------------------------------------------------------------------------------------
# The recommended path
# --------------------------------------------------------------------------------------
PATH_LEVELS = ("complet", "allégé", "facultatif")

_SHORT_PLAN = {
    "00": ("complet", "Choisissez votre espace de travail."),
    "01": ("allégé", "L'autodiagnostic et une première question évaluative suffisent."),
    "02": ("complet", "Le cœur du parcours : une théorie du changement de 3 à 5 effets."),
    "03": ("allégé", "Listez vos parties prenantes et choisissez 2 ou 3 effets prioritaires."),
    "04": ("complet", "Vos données existantes sont votre principale ressource : inventoriez-les."),
    "05": ("allégé", "Nettoyez seulement les colonnes utiles à vos indicateurs."),
    "06": ("allégé", "3 à 5 indicateurs, calculés sur les données que vous avez déjà."),
    "07": (
        "allégé",
        "Version allégée : 8 à 10 questions, seulement sur les effets prioritaires que vos "
        "données ne couvrent pas.",
    ),
    "08": (
        "allégé",
        "Version allégée : 3 entretiens, pour comprendre comment les changements se "
        "produisent, ce que les chiffres ne disent pas.",
    ),
    "09": ("allégé", "Qui vous avez touché, combien, et un avant/après si vous l'avez."),
    "10": ("allégé", "Version allégée : codez vos 3 à 5 entretiens avec la grille de l'étape 08."),
    "11": (
        "facultatif",
        "Passez la valorisation monétaire : une carte de valeur non monétisée suffit.",
    ),
    "12": ("allégé", "La synthèse d'une page pour le Demo Day."),
}
"""The short path: level and advice per step. The questionnaire (07) and the interview
guide (08) stay, in their light form (8 to 10 questions, 3 to 5 interviews), and so does
the analysis of those interviews (10): a young structure lacks outcome data and needs
collection tools first (the programme's lesson; Avise, « ESS et création de valeur », 2019:
the « preuve » needs data on changes, not only on activities)."""

_MINIMUM = {
    "court": (
        "Pour le Demo Day : une théorie du changement relue en équipe, 3 à 5 indicateurs "
        "calculés sur vos données existantes, complétés par un questionnaire court et 3 "
        "entretiens, et la synthèse d'une page (étape 12)."
    ),
    "court sans résultats": (
        "Pour le Demo Day : une théorie du changement relue en équipe, 3 à 5 indicateurs "
        "(vos réalisations, et au moins un résultat mesuré par votre questionnaire court), "
        "3 à 5 entretiens et la synthèse d'une page (étape 12)."
    ),
    "complet": (
        "Pour le Demo Day : le rapport, le classeur d'indicateurs et la synthèse d'une "
        "page, nourris par vos données existantes et par votre propre collecte "
        "(questionnaire ou entretiens)."
    ),
}


@dataclass(frozen=True)
class RecommendedPath:
    """The path the self-diagnostic recommends."""

    path: str
    """``"complet"`` or ``"court"``."""
    reasons: tuple[str, ...]
    """French sentences: why this path."""
    steps: tuple[tuple[str, str, str, str], ...]
    """``(number, title, level, advice)`` per step; level is one of :data:`PATH_LEVELS`."""
    minimum_deliverable: str
    notes: tuple[str, ...] = ()
    """French sentences on data collection and on a funder's deadline, whatever the path."""

    def table(self) -> pd.DataFrame:
        """The steps as a table: ``etape``, ``titre``, ``niveau``, ``conseil``."""
        import pandas as pd

        return pd.DataFrame(list(self.steps), columns=["etape", "titre", "niveau", "conseil"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "parcours": self.path,
            "raisons": list(self.reasons),
            "remarques": list(self.notes),
            "etapes": [
                {"etape": n, "titre": t, "niveau": lv, "conseil": a} for n, t, lv, a in self.steps
            ],
            "livrable_minimum": self.minimum_deliverable,
        }


def _collection_advice(answers: MaturityAnswers) -> dict[str, str]:
    """Advice of steps 06, 07 and 08 on the short path, from the data answers."""
    contact = (
        " Demandez dès l'inscription l'accord des personnes pour les recontacter : sans lui, "
        "pas de mesure à 3 ou 6 mois."
        if answers.recontact != "oui"
        else ""
    )
    if answers.outcome_data != "oui":
        return {
            "06": "3 à 5 indicateurs : vos réalisations, calculées sur vos fichiers, et 1 ou 2 "
            "résultats, mesurés par votre questionnaire (07).",
            "07": "Version allégée, à garder : vous n'avez pas encore de données de résultats. "
            "8 à 10 questions sur vos 2 ou 3 effets prioritaires, passées à l'entrée "
            "(situation de départ) puis à la sortie." + contact,
            "08": "Version allégée, à garder : 3 à 5 entretiens avec des personnes "
            "accompagnées, pour dire avec leurs mots ce qui a changé pour elles.",
        }
    if answers.baseline != "oui":
        return {
            "07": "Version allégée : vous avez des résultats mais pas de situation de départ. "
            "8 à 10 questions passées à l'entrée des prochaines personnes, puis à la sortie."
            + contact
        }
    return {"07": _SHORT_PLAN["07"][1] + contact}


def _collection_notes(answers: MaturityAnswers, path: str) -> list[str]:
    """What the data answers mean for collection on ``path``, in French."""
    notes = []
    if answers.outcome_data == "oui" and answers.baseline == "oui" and answers.recontact == "oui":
        return [
            "Vous avez des données de résultats, une situation de départ et pouvez recontacter "
            "les personnes : un avant/après est possible dès l'analyse (étape 09)."
        ]
    if answers.outcome_data != "oui":
        start = (
            "Vous n'avez pas encore de données de résultats"
            if answers.outcome_data == "non"
            else "Vous ne savez pas si vous avez des données de résultats"
        )
        tools = (
            "Le questionnaire (07) et le guide d'entretien (08) restent donc au programme, en "
            "version allégée (8 à 10 questions, 3 à 5 entretiens)"
            if path == "court"
            else "Le questionnaire (07) et le guide d'entretien (08) sont donc essentiels pour vous"
        )
        notes.append(
            f"{start} : vos inscriptions et vos présences comptent des réalisations, pas des "
            f"changements. {tools} : une structure jeune manque d'abord de données sur les "
            "changements et doit se doter d'outils de collecte."
        )
    if answers.baseline != "oui":
        notes.append(
            "Pas de situation de départ connue : sans elle, pas d'avant/après. Passez le "
            "questionnaire à l'entrée des prochaines personnes accompagnées, puis à la sortie."
        )
    if answers.recontact != "oui":
        notes.append(
            "Pour recontacter les personnes à 3 ou 6 mois, recueillez dès l'inscription leur "
            "accord et un moyen de les joindre, en leur disant à quoi cela servira (RGPD, "
            "article 13) ; sinon, mesurez à la sortie."
        )
    return notes


def recommend_path(
    answers: MaturityAnswers,
    *,
    min_hours: float = 8,
    min_team: float = 2,
    min_years: int = 2,
    min_score: int = 40,
) -> RecommendedPath:
    """Recommend the full path or the short path.

    The rule: the **short path** is recommended when at least one of these holds, and the
    full path otherwise:

    - fewer than ``min_hours`` hours a month for the evaluation (default 8);
    - a team of fewer than ``min_team`` full-time equivalents (default 2), volunteers'
      hours included (:func:`team_capacity`);
    - fewer than ``min_years`` years of activity (default 2);
    - a mean score of the four dimensions under ``min_score`` (default 40 out of 100).

    On the short path, the theory of change (02) and the inventory of existing data (04)
    stay complete; the questionnaire (07), the interview guide (08) and the analysis of the
    interviews (10) stay in their light form (8 to 10 questions, 3 to 5 interviews), never
    optional: their advice says why from the data answers (no outcome data, no baseline, no
    way to contact people again). The path's :attr:`~RecommendedPath.notes` say what the
    data answers and a funder's deadline mean, whatever the path.

    Examples
    --------
    >>> recommend_path(MaturityAnswers(hours_per_month=4)).path
    'court'
    """
    from .curriculum import STEPS

    scores = score_maturity(answers)
    mean = float(scores["score"].mean())
    reasons = []
    if answers.hours_per_month < min_hours:
        reasons.append(
            f"{_hours(answers.hours_per_month)} par mois pour l'évaluation, "
            f"moins de {french.number(min_hours)}."
        )
    capacity = team_capacity(answers)
    if capacity < min_team:
        reasons.append(_team_reason(answers, capacity, min_team))
    if answers.years_active < min_years:
        reasons.append(
            f"Une structure jeune : {french.plural(answers.years_active, 'an', 'ans')} "
            f"d'activité, moins de {min_years}."
        )
    if mean < min_score:
        reasons.append(
            f"Un score moyen de {french.integer(_round(mean))} sur 100 à l'autodiagnostic, "
            f"sous {min_score}."
        )
    path = "court" if reasons else "complet"
    if not reasons:
        team = "l'équipe (bénévoles compris)" if answers.volunteer_hours_per_month else "l'équipe"
        reasons.append(
            f"Le temps, {team} et la maturité de la structure permettent le parcours complet."
        )
    advice = _collection_advice(answers)
    steps = []
    for step in STEPS:
        if path == "complet":
            level, text = "complet", f"Livrable : {step.deliverable}."
        else:
            level, text = _SHORT_PLAN[step.number]
            text = advice.get(step.number, text)
        steps.append((step.number, step.title, level, text))
    notes = _collection_notes(answers, path)
    if answers.funder_deadline:
        notes.append(
            f"Un financeur attend des résultats {_at(answers.funder_deadline)} : "
            "le calendrier du cadrage dit quelles étapes faire avant cette date."
        )
    if path == "court":
        minimum = _MINIMUM["court" if answers.outcome_data == "oui" else "court sans résultats"]
    else:
        minimum = _MINIMUM["complet"]
    return RecommendedPath(path, tuple(reasons), tuple(steps), minimum, tuple(notes))


def _team_reason(answers: MaturityAnswers, capacity: float, min_team: float) -> str:
    """« Une équipe de 1,3 équivalent temps plein… »: the team rule, volunteers counted."""
    fte = f"{french.number(capacity)} équivalent temps plein"
    if not answers.volunteer_hours_per_month:
        return f"Une équipe de {fte}, moins de {french.number(min_team)}."
    volunteers = answers.volunteer_hours_per_month / HOURS_PER_FTE_MONTH
    return (
        f"Une équipe de {fte}, bénévoles compris ({french.number(volunteers)} pour "
        f"{_hours(answers.volunteer_hours_per_month)} de bénévolat par mois), moins de "
        f"{french.number(min_team)}."
    )


def plot_maturity(answers: MaturityAnswers, *, path_png: str | Path | None = None) -> Figure:
    """Bar chart of the self-diagnostic's scores, with French labels.

    The title states the finding (strongest and weakest dimension). Colours are
    colour-blind safe (Okabe-Ito) and each bar also carries its score and level in text.
    Returns a figure closed in pyplot (shown once in a notebook).
    """
    from .plots import new_figure

    scores = score_maturity(answers)
    colours = {"à construire": "#D55E00", "en cours": "#E69F00", "solide": "#009E73"}
    fig = new_figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    labels = scores["libelle"].tolist()[::-1]
    values = scores["score"].tolist()[::-1]
    levels = scores["niveau"].tolist()[::-1]
    ax.barh(labels, values, color=[colours[lv] for lv in levels], height=0.6)
    for y, (v, lv) in enumerate(zip(values, levels, strict=True)):
        ax.text(min(v + 2, 72), y, f"{v}/100 · {lv}", va="center", fontsize=10)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Score sur 100")
    ax.axvline(40, color="#777777", linewidth=0.8, linestyle="--")
    ax.axvline(70, color="#777777", linewidth=0.8, linestyle=":")
    ax.spines[["top", "right"]].set_visible(False)
    best = scores.loc[scores["score"].idxmax(), "libelle"]
    worst = scores.loc[scores["score"].idxmin(), "libelle"]
    if best == worst:
        title = "Autodiagnostic de maturité"
    else:
        title = f"Point fort : {best.lower()}\nÀ renforcer : {worst.lower()}"
    ax.set_title(title, loc="left", fontsize=11)
    if path_png is not None:
        from .plots import save_figure

        save_figure(fig, path_png, **_png_meta(scores))
    return fig


def _png_meta(scores: pd.DataFrame) -> dict[str, str]:
    alt = (
        "Autodiagnostic de maturité : "
        + " ; ".join(
            f"{lab.lower()} {s} sur 100 ({lv})"
            for lab, s, lv in zip(scores["libelle"], scores["score"], scores["niveau"], strict=True)
        )
        + "."
    )
    return {"title": "Autodiagnostic de maturité", "description": alt}


# --------------------------------------------------------------------------------------
# Saving and loading the self-diagnostic
# --------------------------------------------------------------------------------------
def save_maturity(
    ws: Workspace,
    *,
    mission_clarity: int,
    changes_clarity: int,
    data_sources: Iterable[str],
    data_digital: bool,
    hours_per_month: float,
    owner: str,
    team_size: float,
    years_active: int,
    outcome_data: str = "ne_sait_pas",
    baseline: str = "ne_sait_pas",
    recontact: str = "ne_sait_pas",
    volunteer_hours_per_month: float = 0.0,
    funder_deadline: str = "",
) -> dict[str, Path]:
    """Score the self-diagnostic and save it with its chart to ``ws.step_dir("01")``.

    Takes plain values only (the fields of :class:`MaturityAnswers`), so a widget and a
    notebook parameter write the same files. The answers added after the first version
    (outcome data, baseline, recontact, volunteers' hours, funder's deadline) are optional.

    Returns
    -------
    dict
        ``{"yaml": path of autodiagnostic.yml, "png": path of autodiagnostic.png}``, and
        ``"cadrage"`` when a framing saved before is brought up to date (its hours per
        month, its path and the funder's deadline come from the diagnostic).
    """
    answers = MaturityAnswers(
        mission_clarity=mission_clarity,
        changes_clarity=changes_clarity,
        data_sources=tuple(data_sources) if not isinstance(data_sources, str) else data_sources,
        data_digital=data_digital,
        hours_per_month=hours_per_month,
        owner=owner,
        team_size=team_size,
        years_active=years_active,
        outcome_data=outcome_data,
        baseline=baseline,
        recontact=recontact,
        volunteer_hours_per_month=volunteer_hours_per_month,
        funder_deadline=funder_deadline,
    )
    scores = score_maturity(answers)
    path = recommend_path(answers)
    doc = {
        "version": 1,
        "reponses": answers.to_dict(),
        "scores": {row.dimension: int(row.score) for row in scores.itertuples()},
        **path.to_dict(),
    }
    folder = ws.step_dir("01")
    yml = ws.write_text(
        folder / MATURITY_FILE,
        "# Autodiagnostic de maturité (étape 01), écrit par Size Up\n" + dump_yaml(doc),
    )
    from .plots import figure_bytes

    fig = plot_maturity(answers)
    png = ws.write_bytes(folder / MATURITY_CHART, figure_bytes(fig, **_png_meta(scores)))
    written = {"yaml": yml, "png": png}
    if (folder / FRAMING_FILE).is_file():
        # the framing takes its hours and its path from the diagnostic: a diagnostic saved
        # again (its form, after the framing cell ran) must not leave them stale. A broken
        # framing file is left for the framing cell to explain.
        try:
            framing = load_framing(ws)
        except FramingError:
            return written
        follows = ("hours_per_month", "path", "funder_deadline")
        now = (answers.hours_per_month, path.path, answers.funder_deadline)
        if tuple(getattr(framing, k) for k in follows) != now:
            fields = {k: v for k, v in asdict(framing).items() if k not in follows}
            written["cadrage"] = save_framing(
                ws,
                **fields,
                path=path.path,
                hours_per_month=answers.hours_per_month,
                funder_deadline=answers.funder_deadline,
            )
    return written


def _read_yaml(path: Path, what: str) -> dict[str, Any]:
    data, _ = read_yaml_file(
        path,
        FramingError,
        missing=f"Faites d'abord {what} dans le carnet 01.",
        invalid=f"le fichier est illisible ; refaites {what} dans le carnet 01.",
    )
    if not isinstance(data, dict):
        raise FramingError(
            f"{path} : le fichier est vide ou mal formé ; refaites {what} dans le carnet 01."
        )
    return data


def load_maturity(ws: Workspace) -> tuple[MaturityAnswers, RecommendedPath]:
    """Read the saved self-diagnostic: the answers and the path recommended from them.

    A file saved before a question was added still loads: its missing answers take their
    defaults (« je ne sais pas », no volunteers' hours, no deadline), and the path is
    recomputed with today's rules.
    """
    path = ws.step_dir("01", create=False) / MATURITY_FILE
    data = _read_yaml(path, "l'autodiagnostic")
    try:
        raw = dict(data["reponses"])
        raw["data_sources"] = tuple(raw.get("data_sources") or ())
        answers = MaturityAnswers(**raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise FramingError(
            f"{path} : les réponses sont incomplètes ou invalides ({exc}) ; "
            "refaites l'autodiagnostic dans le carnet 01."
        ) from None
    return answers, recommend_path(answers)


def load_path(ws: Workspace, *, default: str = "complet") -> str:
    """``"complet"`` or ``"court"``: the path recommended in step 01 (``default`` without one).

    Later notebooks use it to offer their short version.
    """
    check_option("default", default, ["complet", "court"])
    path = ws.step_dir("01", create=False) / MATURITY_FILE
    if not path.is_file():
        return default
    return load_maturity(ws)[1].path


# --------------------------------------------------------------------------------------
# The framing
# --------------------------------------------------------------------------------------
PURPOSES = {
    "amelioration": "Améliorer l'action (apprendre ce qui marche et pourquoi)",
    "motivation": "Mobiliser l'équipe, les bénévoles et les personnes accompagnées",
    "redevabilite": "Rendre compte aux financeurs et aux partenaires",
    "plaidoyer": "Faire reconnaître l'action et peser dans le débat public",
}
"""The four usual stakes of an evaluation (first: improve; the three others: prove)."""

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTH_NAMES = _MONTHS
"""French month names, « janvier » first (the calendar's and the cohort dashboard's)."""
_START_RE = re.compile(r"^(\d{4})-(\d{2})$")


def _parse_start(start_month: Any) -> tuple[int, int]:
    if not isinstance(start_month, str):
        raise TypeError(
            f"`start_month` doit être un texte « AAAA-MM » (par exemple "
            f"« 2026-01 »), pas {start_month!r}."
        )
    m = _START_RE.match(start_month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(
            f"`start_month` doit s'écrire « AAAA-MM » (par exemple « 2026-01 »), "
            f"pas « {start_month} »."
        )
    return int(m.group(1)), int(m.group(2))


def _step_months(month: str) -> list[int]:
    numbers = [int(n) for n in re.findall(r"M(\d+)", month)]
    return list(range(numbers[0], numbers[-1] + 1)) if numbers else []


def step_due_months(path: str = "complet") -> dict[str, tuple[int, str]]:
    """Each step's due month in the 12-month calendar, and its level on ``path``.

    A step is due at the end of the last month it is scheduled in (the curriculum map's
    ``month``, as :func:`evaluation_calendar` lays it out: « M1–M2 » gives 2, « M12 (Demo
    Day) » 12). Its level is « complet » on the full path, the short path's otherwise
    (:data:`PATH_LEVELS`: « allégé » or « facultatif »).

    >>> step_due_months()["02"], step_due_months("court")["11"]
    ((2, 'complet'), (11, 'facultatif'))
    """
    from .curriculum import STEPS

    check_option("path", path, ["complet", "court"])
    return {
        s.number: (
            _step_months(s.month)[-1],
            _SHORT_PLAN[s.number][0] if path == "court" else "complet",
        )
        for s in STEPS
    }


DEADLINE_STEPS = {
    "02": "la théorie du changement, la base de ce que vous montrerez",
    "03": "vos effets prioritaires et vos questions évaluatives",
    "04": "l'inventaire de vos données",
    "06": "3 à 5 indicateurs calculés",
    "07": "le questionnaire court lancé, au moins sa mesure à l'entrée (la situation de départ)",
    "09": "les premiers chiffres (qui vous avez touché, combien)",
    "12": "une note d'étape d'une page pour le financeur",
}
"""The steps a first report to a funder needs, done before its deadline, and what each
gives (Avise, « Les étapes d'une démarche d'évaluation »: framing, criteria, measure,
then communicate; the questionnaire's first wave must come before the deadline or the
baseline is lost)."""


def deadline_month(start_month: str, funder_deadline: str) -> int | None:
    """The month of the programme in which the deadline falls (1 = the first month; 0 or
    less: before the start; 13 or more: after the Demo Day); ``None`` without deadline.

    >>> deadline_month("2026-01", "2026-06-30"), deadline_month("2026-01", "")
    (6, None)
    """
    year, month = _parse_start(start_month)
    parsed = _parse_deadline(funder_deadline)
    if parsed is None:
        return None
    return (parsed[0] - year) * 12 + parsed[1] - month + 1


def deadline_plan(start_month: str, funder_deadline: str) -> pd.DataFrame:
    """What to have done before a funder's deadline (:data:`DEADLINE_STEPS`).

    Returns
    -------
    pandas.DataFrame
        One row per step a first report needs: ``etape``, ``titre``, ``mois`` (the month
        of the programme where the step starts), ``statut`` (« prévue avant » or « à
        avancer ») and ``a_faire``. Empty without a deadline, or when it falls outside the
        twelve months (before the start, or after the Demo Day: the whole path fits).
    """
    import pandas as pd

    from .curriculum import STEP_BY_NUMBER

    columns = ["etape", "titre", "mois", "statut", "a_faire"]
    month = deadline_month(start_month, funder_deadline)
    if month is None or not 1 <= month <= 12:
        return pd.DataFrame(columns=columns)
    rows = []
    for number, what in DEADLINE_STEPS.items():
        step = STEP_BY_NUMBER[number]
        first = _step_months(step.month)[0]
        status = "prévue avant" if first <= month else "à avancer"
        rows.append((number, step.title, first, status, what))
    return pd.DataFrame(rows, columns=columns)


def evaluation_calendar(
    start_month: str, *, path: str = "complet", funder_deadline: str = ""
) -> pd.DataFrame:
    """The evaluation's calendar over twelve months.

    Parameters
    ----------
    start_month
        First month of the programme, ``"AAAA-MM"``.
    path
        ``"complet"`` or ``"court"``: on the short path, light and optional steps are
        marked so.
    funder_deadline
        When a funder expects results (« AAAA-MM », ``""`` for none). Its month reads
        « Échéance du financeur » and names the steps to bring forward before it
        (:func:`deadline_plan`).

    Returns
    -------
    pandas.DataFrame
        One row per month: ``mois`` (1–12), ``periode`` (« janvier 2026 »), ``etapes``
        (steps worked on that month, « 02 Théorie du changement »…) and ``seminaire``.

    Examples
    --------
    >>> evaluation_calendar("2026-11").loc[2, "periode"]
    'janvier 2027'
    >>> evaluation_calendar("2026-01", funder_deadline="2026-06").loc[5, "etapes"]
    "06 Référentiel d'indicateurs ; Échéance du financeur : avancez 07, 09 et 12"
    """
    import pandas as pd

    from .curriculum import STEPS

    year, month = _parse_start(start_month)
    check_option("path", path, ["complet", "court"])
    due = deadline_month(start_month, funder_deadline)
    plan = deadline_plan(start_month, funder_deadline)
    advanced = plan.loc[plan["statut"] == "à avancer", "etape"].tolist()
    rows = []
    for m in range(1, 13):
        index = month - 1 + m - 1
        label = f"{_MONTHS[index % 12]} {year + index // 12}"
        names, seminars = [], []
        for step in STEPS:
            if m in _step_months(step.month):
                level = _SHORT_PLAN[step.number][0] if path == "court" else "complet"
                suffix = {"complet": "", "allégé": " (allégé)", "facultatif": " (facultatif)"}[
                    level
                ]
                names.append(f"{step.number} {step.title}{suffix}")
                if step.seminar != "—" and step.seminar not in seminars:
                    seminars.append(step.seminar)
        if m == due:
            names.append(
                "Échéance du financeur"
                + (f" : avancez {french.join_and(advanced)}" if advanced else "")
            )
        if m == 12:
            seminars = seminars or ["3 Restituer"]
        rows.append((m, label, " ; ".join(names), " ; ".join(seminars)))
    return pd.DataFrame(rows, columns=["mois", "periode", "etapes", "seminaire"])


@dataclass(frozen=True)
class Framing:
    """The framing of the evaluation (« cadrage »).

    Parameters
    ----------
    purposes
        Why evaluate: keys of :data:`PURPOSES`, the main one first.
    audiences
        For whom (« conseil d'administration », « financeurs »…): groups, never names.
    evaluative_question
        A first draft of the evaluative question.
    hours_per_month
        Staff hours a month for the evaluation.
    start_month
        First month, ``"AAAA-MM"``.
    budget_eur
        Budget for the evaluation, in euros (0 when none).
    roles
        Who takes part, by role (« directrice », « chargé de mission »): never names.
    path
        ``"complet"`` or ``"court"`` (see :func:`recommend_path`).
    funder_deadline
        When a funder expects results, from the self-diagnostic (« AAAA-MM », ``""`` for
        none): the calendar names the steps to do before it (:func:`deadline_plan`).
    """

    purposes: tuple[str, ...]
    audiences: tuple[str, ...]
    evaluative_question: str
    hours_per_month: float
    start_month: str
    budget_eur: float = 0.0
    roles: tuple[str, ...] = ()
    path: str = "complet"
    funder_deadline: str = ""

    def __post_init__(self) -> None:
        purposes = _text_list("purposes", self.purposes)
        if not purposes:
            raise ValueError(
                f"Choisissez au moins un enjeu de l'évaluation parmi {list(PURPOSES)}."
            )
        for p in purposes:
            check_option("purposes", p, list(PURPOSES))
        object.__setattr__(self, "purposes", tuple(dict.fromkeys(purposes)))
        audiences = _text_list("audiences", self.audiences)
        if not audiences:
            raise ValueError(
                "Dites pour qui vous évaluez (`audiences`) : par exemple "
                "« conseil d'administration », « financeurs »."
            )
        object.__setattr__(self, "audiences", audiences)
        if not isinstance(self.evaluative_question, str):
            raise TypeError(
                f"`evaluative_question` doit être un texte, pas {self.evaluative_question!r}."
            )
        question = " ".join(self.evaluative_question.split())
        if not question:
            raise ValueError(
                "Écrivez une première question évaluative (`evaluative_question`), même provisoire."
            )
        object.__setattr__(self, "evaluative_question", question)
        object.__setattr__(
            self, "hours_per_month", _number("hours_per_month", self.hours_per_month, maximum=744)
        )
        object.__setattr__(self, "budget_eur", _number("budget_eur", self.budget_eur))
        _parse_start(self.start_month)
        object.__setattr__(self, "start_month", self.start_month.strip())
        object.__setattr__(self, "roles", _text_list("roles", self.roles))
        check_option("path", self.path, ["complet", "court"])
        _parse_deadline(self.funder_deadline)
        object.__setattr__(self, "funder_deadline", self.funder_deadline.strip())

    def to_dict(self) -> dict[str, Any]:
        doc = {
            "version": 1,
            "enjeux": list(self.purposes),
            "publics": list(self.audiences),
            "question_evaluative": self.evaluative_question,
            "ressources": {
                "heures_par_mois": self.hours_per_month,
                "budget_euros": self.budget_eur,
                "roles": list(self.roles),
            },
            "debut": self.start_month,
            "parcours": self.path,
        }
        if self.funder_deadline:
            doc["echeance_financeur"] = self.funder_deadline
        return doc


def save_framing(
    ws: Workspace,
    *,
    purposes: Iterable[str] | str,
    audiences: Iterable[str] | str,
    evaluative_question: str,
    hours_per_month: float,
    start_month: str,
    budget_eur: float = 0.0,
    roles: Iterable[str] | str = (),
    path: str | None = None,
    funder_deadline: str | None = None,
) -> Path:
    """Save the evaluation's framing, with its 12-month calendar, to ``ws.step_dir("01")``.

    Takes plain values only (see :class:`Framing`). ``path=None`` uses the path recommended
    by the saved self-diagnostic (or ``"complet"`` without one); ``funder_deadline=None``
    the deadline it recorded (or none). With a deadline inside the twelve months, the file
    also lists the steps to do before it (``avant_echeance``, :func:`deadline_plan`).

    Returns
    -------
    Path
        ``cadrage.yml`` in the step's folder.
    """
    if funder_deadline is None:
        saved = ws.step_dir("01", create=False) / MATURITY_FILE
        funder_deadline = load_maturity(ws)[0].funder_deadline if saved.is_file() else ""
    framing = Framing(
        purposes=(purposes,) if isinstance(purposes, str) else tuple(purposes),
        audiences=(audiences,) if isinstance(audiences, str) else tuple(audiences),
        evaluative_question=evaluative_question,
        hours_per_month=hours_per_month,
        start_month=start_month,
        budget_eur=budget_eur,
        roles=(roles,) if isinstance(roles, str) else tuple(roles),
        path=load_path(ws) if path is None else path,
        funder_deadline=funder_deadline,
    )
    doc = framing.to_dict()
    calendar = evaluation_calendar(
        framing.start_month, path=framing.path, funder_deadline=framing.funder_deadline
    )
    doc["calendrier"] = [
        {"mois": int(r.mois), "periode": r.periode, "etapes": r.etapes}
        for r in calendar.itertuples()
    ]
    plan = deadline_plan(framing.start_month, framing.funder_deadline)
    if not plan.empty:
        doc["avant_echeance"] = [
            {
                "etape": r.etape,
                "titre": r.titre,
                "mois": int(r.mois),
                "statut": r.statut,
                "a_faire": r.a_faire,
            }
            for r in plan.itertuples()
        ]
    return ws.write_text(
        ws.step_dir("01") / FRAMING_FILE,
        "# Cadrage de l'évaluation (étape 01), écrit par Size Up\n" + dump_yaml(doc),
    )


def save_framing_answers(
    ws: Workspace,
    *,
    purposes: Any,
    audiences: Any,
    evaluative_question: str,
    start_month: str,
    budget_eur: float = 0.0,
    roles: Any = (),
) -> Path:
    """Save the framing with the hours, the path and the deadline of the saved
    self-diagnostic.

    The plain function behind :func:`~sizeup_helpers.widgets.framing_form` and notebook
    01's parameters: it calls :func:`save_framing` with ``hours_per_month``, ``path`` and
    ``funder_deadline`` read from the self-diagnostic saved before (:func:`load_maturity`).
    """
    answers, path = load_maturity(ws)
    return save_framing(
        ws,
        purposes=purposes,
        audiences=audiences,
        evaluative_question=evaluative_question,
        hours_per_month=answers.hours_per_month,
        start_month=start_month,
        budget_eur=budget_eur,
        roles=roles,
        path=path.path,
        funder_deadline=answers.funder_deadline,
    )


def load_framing(ws: Workspace) -> Framing:
    """Read the framing saved by :func:`save_framing`."""
    file = ws.step_dir("01", create=False) / FRAMING_FILE
    data = _read_yaml(file, "le cadrage")
    try:
        res = data.get("ressources") or {}
        return Framing(
            purposes=tuple(data["enjeux"]),
            audiences=tuple(data["publics"]),
            evaluative_question=data["question_evaluative"],
            hours_per_month=res["heures_par_mois"],
            start_month=data["debut"],
            budget_eur=res.get("budget_euros", 0.0),
            roles=tuple(res.get("roles") or ()),
            path=data.get("parcours", "complet"),
            funder_deadline=data.get("echeance_financeur") or "",
        )
    except KeyError as exc:
        raise FramingError(
            f"{file} : la clé « {exc.args[0]} » manque ; refaites le cadrage dans le carnet 01."
        ) from None
    except (TypeError, ValueError) as exc:
        raise FramingError(f"{file} : {exc} Refaites le cadrage dans le carnet 01.") from None


# --------------------------------------------------------------------------------------
# What notebook 01 shows: tables and readings
# --------------------------------------------------------------------------------------
_GENERIC_VOCABULARY = (
    "Votre espace n'a pas encore de théorie du changement : vous la construirez au carnet 02. "
    "Exemple : un atelier animé est une *réalisation* ; la confiance retrouvée par un "
    "participant est un *effet* ; son retour durable à l'emploi choisi, l'*impact* visé."
)


def _hours(value: float) -> str:
    """``12 heures``, ``1,5 heure``: French number, singular under 2."""
    return f"{french.number(value)} {french.agree(value, 'heure', 'heures')}"


def example_theory_of_change(ws: Workspace) -> TheoryOfChange | None:
    """The workspace's theory of change, when it has activities and outcomes to give as
    examples; ``None`` otherwise.

    Notebook 01 illustrates the vocabulary with it. A workspace without the file yet gives
    ``None`` quietly (its theory of change is built in notebook 02); a file with mistakes
    shows its French problem and gives ``None``, so the notebook goes on with general
    examples.
    """
    from .errors import TheoryOfChangeError
    from .theory_of_change import load_theory_of_change, toc_path

    if not toc_path(ws).is_file():
        return None
    try:
        toc = load_theory_of_change(ws)
    except TheoryOfChangeError as problem:
        from .notebook import show_error

        show_error(problem)
        return None
    return toc if toc.activities and toc.outcomes else None


def _first_short_term(toc: TheoryOfChange):
    return next((e for e in toc.outcomes if e.horizon == "court"), toc.outcomes[0])


def explain_vocabulary(toc: TheoryOfChange | None, structure: str) -> Reading:
    """Réalisations, effets, impact: the words of evaluation shown on the structure's own
    theory of change (:func:`example_theory_of_change`), or on a general example.

    The table of the reading (``to_frame()``) has the columns ``mot``, ``definition``,
    ``exemple``.
    """
    import pandas as pd

    if toc is None or not (toc.activities and toc.outcomes):
        return Reading.of([_GENERIC_VOCABULARY])
    output = toc.outputs[0].label if toc.outputs else "(à écrire au carnet 02)"
    first = _first_short_term(toc)
    last = next((e for e in reversed(toc.outcomes) if e.horizon != "court"), toc.outcomes[-1])
    rows = [
        ("activité", "ce que fait la structure", toc.activities[0].label),
        ("réalisation", "ce que l'on compte", output),
        (f"effet à {first.horizon} terme", "un premier changement", first.label),
        (f"effet à {last.horizon} terme", "un changement plus durable", last.label),
        (
            "impact",
            "le changement de long terme visé",
            toc.impact.label if toc.impact else "(à écrire au carnet 02)",
        ),
    ]
    table = "\n".join(
        [
            "| mot | ce que c'est | exemple |",
            "| --- | --- | --- |",
            *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        ]
    )
    frame = pd.DataFrame(rows, columns=["mot", "definition", "exemple"])
    return Reading.of([f"**Chez {structure}** :", table], table=frame)


EVALUATION_CRITERIA = {
    "pertinence": (
        "Pertinence",
        "l'action répond-elle à un vrai besoin des personnes et du territoire ?",
    ),
    "coherence": (
        "Cohérence",
        "interne : la chaîne qui va de vos activités à vos effets tient-elle (ce que vérifie "
        "le carnet 02) ? Externe : l'action s'accorde-t-elle avec ce que font les autres "
        "acteurs du territoire ?",
    ),
    "efficacite": ("Efficacité", "les effets visés sont-ils atteints ?"),
    "efficience": ("Efficience", "les moyens engagés sont-ils à la mesure des effets obtenus ?"),
    "impact": (
        "Impact",
        "qu'est-ce qui a changé grâce à l'action, au-delà de ce qui se serait passé sans elle ?",
    ),
    "durabilite": ("Durabilité", "les effets durent-ils après la fin de l'accompagnement ?"),
}
"""The six evaluation criteria, code → (name, question). The list of the OECD's
Development Assistance Committee, revised in 2019 (« pertinence, cohérence, efficacité,
efficience, impact, viabilité/durabilité »), which the Société française de l'évaluation
presents as the usual starting point of evaluative questions. The same codes as
:data:`sizeup_helpers.stakeholders.CRITERIA`, whose short labels notebook 03 shows; here, the
questions notebook 01 explains them with (coherence internal and external)."""


def explain_criteria(toc: TheoryOfChange | None) -> Reading:
    """The six evaluation criteria (:data:`EVALUATION_CRITERIA`), each with a question
    drafted from one of the structure's outcomes (the first short-term one) by
    :func:`~sizeup_helpers.stakeholders.draft_questions`, or their general questions.

    The table (``to_frame()``) has the columns ``critere``, ``nom``, ``question``.
    """
    import pandas as pd

    from .stakeholders import draft_questions

    example = _first_short_term(toc) if toc is not None and toc.outcomes else None
    rows = []
    for code, (name, general) in EVALUATION_CRITERIA.items():
        if example is None:
            question = general[0].upper() + general[1:]
        else:
            question = draft_questions(toc, [example.id], criterion=code)[0].text
        rows.append((code, name, question))
    lines = [f"- **{name}** : {question}" for _, name, question in rows]
    head = f"Avec l'effet « {example.label} » :" if example is not None else None
    frame = pd.DataFrame(rows, columns=["critere", "nom", "question"])
    return Reading.of([head, *lines], table=frame)


STAGES = {
    "promesse": "dire ce qui compte : ce que l'action promet de changer, pour qui, et la "
    "question à laquelle l'évaluation répondra",
    "preuve": "rassembler de quoi étayer la promesse, avec ses limites dites franchement",
    "appropriation": "partager les résultats, en débattre et en tirer des décisions",
}
"""The three times of an evaluation in French guides: « la promesse, la preuve,
l'appropriation » (Avise, La Fonda and Le Labo de l'ESS, study « ESS et création de
valeur », synthesis of September 2019; Avise, « Les étapes d'une démarche d'évaluation »)."""

_STEP_STAGES = {
    "00": ("préalable", "l'espace de travail où tout sera rangé"),
    "01": ("promesse", "pourquoi et pour qui évaluer, la question de départ, les moyens"),
    "02": ("promesse", "les changements promis et la logique qui y mène"),
    "03": (
        "promesse, appropriation",
        "ce qui compte pour les parties prenantes, associées dès le début, et les questions "
        "évaluatives",
    ),
    "04": ("preuve", "ce que vos données existantes permettent déjà de montrer"),
    "05": ("preuve", "des données fiables, pseudonymisées, et le journal de chaque correction"),
    "06": ("preuve", "des indicateurs définis : réalisations et résultats, chacun sa source"),
    "07": ("preuve", "la mesure des changements, à l'entrée puis à la sortie"),
    "08": ("preuve", "les changements racontés par les personnes, avec leurs mots"),
    "09": ("preuve", "les chiffres, l'avant/après et ce qu'ils ne permettent pas de conclure"),
    "10": ("preuve", "ce que disent les entretiens, thème par thème"),
    "11": ("preuve", "la valeur des changements, monétisée ou non (facultatif)"),
    "12": ("appropriation", "restituer, discuter en équipe et avec les financeurs, décider"),
}


def explain_stages() -> Reading:
    """How each step of the curriculum serves the promise, the proof or the appropriation
    (:data:`STAGES`): a table, one row per step of :data:`~sizeup_helpers.curriculum.STEPS`.

    The table (``to_frame()``) has the columns ``etape``, ``titre``, ``temps``, ``apport``.
    """
    import pandas as pd

    from .curriculum import STEPS

    rows = [(s.number, s.title, *_STEP_STAGES[s.number]) for s in STEPS]
    table = "\n".join(
        [
            "| étape | temps | ce qu'elle apporte |",
            "| --- | --- | --- |",
            *(f"| {n} {t} | {stage} | {what} |" for n, t, stage, what in rows),
        ]
    )
    counts = {k: sum(k in stage for _, _, stage, _ in rows) for k in STAGES}
    summary = (
        f"La promesse se construit en {french.plural(counts['promesse'], 'étape', 'étapes')}, "
        f"la preuve en {french.integer(counts['preuve'])} et l'appropriation en "
        f"{french.integer(counts['appropriation'])}, dont la restitution du Demo Day."
    )
    frame = pd.DataFrame(rows, columns=["etape", "titre", "temps", "apport"])
    return Reading.of([summary, table], table=frame)


def parameter_codes() -> pd.DataFrame:
    """The codes to write in the parameters cell for ``data_sources``, ``owner`` and the
    yes / no / don't-know answers (``outcome_data``, ``baseline``, ``recontact``)."""
    import pandas as pd

    rows = [("data_sources", code, label) for code, label in DATA_SOURCES.items()]
    rows += [("owner", code, label) for code, label in OWNERS.items()]
    rows += [
        ("outcome_data, baseline, recontact", code, label) for code, label in KNOWN_ANSWERS.items()
    ]
    frame = pd.DataFrame(rows, columns=["Paramètre", "Code", "Signification"])
    return frame.set_index(["Paramètre", "Code"])


def scores_table(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores of :func:`score_maturity` with French headers, one row per dimension."""
    columns = {
        "libelle": "Dimension",
        "score": "Score sur 100",
        "niveau": "Niveau",
        "conseil": "Conseil",
    }
    return scores[list(columns)].rename(columns=columns).set_index("Dimension")


def explain_maturity(scores: pd.DataFrame, path: RecommendedPath | None = None) -> Reading:
    """The self-diagnostic in words: the strongest and the weakest dimension, with the
    advice for the weakest (and the data's advice when they are « à construire » too: what
    is missing, outcome data, a baseline or a way to contact people again), then the
    recommended path and why.

    Parameters
    ----------
    scores
        The table of :func:`score_maturity`.
    path
        The path recommended from the same answers (:func:`recommend_path`).
    """
    best = scores.loc[scores["score"].idxmax()]
    worst = scores.loc[scores["score"].idxmin()]
    if best["score"] == worst["score"]:
        lines = [
            f"Vos {french.integer(len(scores))} dimensions ont le même score : "
            f"**{french.integer(best['score'])} sur 100**. {worst['conseil']}"
        ]
    else:
        lines = [
            f"Votre point fort : **{best['libelle'].lower()}** "
            f"({french.integer(best['score'])} sur 100). À renforcer : "
            f"**{worst['libelle'].lower()}** ({french.integer(worst['score'])} sur 100) : "
            f"{worst['conseil']}"
        ]
    data = scores.loc[scores["dimension"] == "donnees"]
    if not data.empty and data.index[0] != worst.name and data["score"].iloc[0] < 40:
        lines.append(
            f"Vos **données sur les résultats** sont aussi à construire "
            f"({french.integer(data['score'].iloc[0])} sur 100) : {data['conseil'].iloc[0]}"
        )
    if path is not None:
        lines.append(f"Size Up vous recommande le **parcours {path.path}**, parce que :")
        lines += [f"- {reason}" for reason in path.reasons]
    return Reading.of(lines, table=scores)


def path_table(path: RecommendedPath) -> pd.DataFrame:
    """The steps of the recommended path with French headers, one row per step."""
    columns = {"etape": "Étape", "titre": "Carnet", "niveau": "Niveau", "conseil": "Conseil"}
    return path.table().rename(columns=columns).set_index("Étape")


def _steps_are(numbers: list[str], feminine_adjective: str) -> str:
    if len(numbers) == 1:
        return f"l'étape {numbers[0]} est **{feminine_adjective}**"
    return f"les étapes {french.join_and(numbers)} sont **{feminine_adjective}s**"


def explain_path(path: RecommendedPath) -> Reading:
    """What the recommended path means step by step, what the data answers and a funder's
    deadline mean for it (:attr:`RecommendedPath.notes`), and the minimum deliverable."""
    steps = path.table()
    if path.path == "complet":
        text = (
            f"Vous suivez les {french.integer(len(steps))} étapes en entier. Gardez quand "
            "même en tête le parcours court : si le temps vient à manquer, chaque carnet "
            "dit ce qu'une équipe pressée peut passer."
        )
    else:
        light = steps.loc[steps["niveau"] == "allégé", "etape"].tolist()
        optional = steps.loc[steps["niveau"] == "facultatif", "etape"].tolist()
        parts = [
            _steps_are(light, "allégée") if light else "aucune étape n'est allégée",
            _steps_are(optional, "facultative") if optional else "aucune étape n'est facultative",
        ]
        text = (
            f"Sur le parcours court, {parts[0]} et {parts[1]}. La théorie du changement "
            "(02) et l'inventaire de vos données (04) restent complets : ce sont eux qui "
            "font la valeur de l'évaluation."
        )
    notes = [f"- {note}" for note in path.notes]
    return Reading.of(
        [text, *notes, f"**Livrable minimum** — {path.minimum_deliverable}"], table=steps
    )


def propose_question(toc: TheoryOfChange | None, question: str = "", structure: str = "") -> str:
    """The evaluative question to start from: ``question`` when written, else one drafted
    from a medium-term outcome of the theory of change (or its first outcome), else a
    general question about the structure."""
    if question.strip():
        return " ".join(question.split())
    if toc is not None and toc.outcomes:
        from .stakeholders import draft_questions

        target = next((e for e in toc.outcomes if e.horizon == "moyen"), toc.outcomes[0])
        return draft_questions(toc, [target.id])[0].text
    who = f"de {structure} " if structure else ""
    return (
        f"Dans quelle mesure l'action {who}change-t-elle la situation des personnes accompagnées ?"
    )


def calendar_table(framing: Framing) -> pd.DataFrame:
    """The framing's twelve months (:func:`evaluation_calendar`) with French headers."""
    columns = {"mois": "Mois", "periode": "Période", "etapes": "Étapes", "seminaire": "Séminaire"}
    calendar = _calendar(framing)
    return calendar.rename(columns=columns).set_index("Mois")


def _calendar(framing: Framing) -> pd.DataFrame:
    return evaluation_calendar(
        framing.start_month, path=framing.path, funder_deadline=framing.funder_deadline
    )


def _deadline_lines(framing: Framing, calendar: pd.DataFrame) -> list[str]:
    """What a funder's deadline asks of the calendar, in French (nothing without one)."""
    month = deadline_month(framing.start_month, framing.funder_deadline)
    if month is None:
        return []
    label = deadline_label(framing.funder_deadline)
    if month < 1:
        return [
            f"L'échéance de votre financeur ({label}) précède le début du parcours "
            f"({calendar['periode'].iloc[0]}) : vérifiez la date dans l'autodiagnostic."
        ]
    if month > 12:
        return [
            f"L'échéance de votre financeur ({label}) tombe après le Demo Day : le parcours "
            "entier tient avant."
        ]
    lines = [
        f"Un financeur attend des résultats {_at(framing.funder_deadline)}, au mois {month} "
        "du parcours. "
        "Avant cette date, il vous faut :"
    ]
    for r in deadline_plan(framing.start_month, framing.funder_deadline).itertuples():
        when = (
            f"prévue au mois {r.mois}"
            if r.statut == "prévue avant"
            else f"**à avancer**, prévue au mois {r.mois}"
        )
        lines.append(f"- {r.etape} {r.titre} ({when}) : {r.a_faire}.")
    if month <= 6:
        lines.append(
            f"À {month} mois du début, un avant/après est rarement possible : montrez vos "
            "réalisations, votre théorie du changement et la collecte lancée, et dites quand "
            "viendront les résultats."
        )
    return lines


def explain_framing(framing: Framing) -> Reading:
    """The framing in words: why and for whom, the question, the means and the calendar,
    and, with a funder's deadline, which steps to do before it (:func:`deadline_plan`)."""
    improve = framing.purposes[0] in ("amelioration", "motivation")
    stakes = ", ".join(PURPOSES[p].split(" (")[0].lower() for p in framing.purposes)
    calendar = _calendar(framing)
    budget = (
        f"un budget de {french.integer(framing.budget_eur)}{french.NBSP}€"
        if framing.budget_eur
        else "sans budget dédié"
    )
    return Reading.of(
        [
            f"Votre évaluation vise d'abord à **{'améliorer' if improve else 'prouver'}** "
            f"({'enjeu' if len(framing.purposes) == 1 else 'enjeux'} : {stakes}), pour "
            f"{french.join_and(framing.audiences)}.",
            "Votre question de départ :",
            f"> {framing.evaluative_question}",
            f"Moyens : {_hours(framing.hours_per_month)} par mois, {budget}. Le calendrier du "
            f"parcours {framing.path} va de {calendar['periode'].iloc[0]} à "
            f"{calendar['periode'].iloc[-1]}, mois du Demo Day.",
            *_deadline_lines(framing, calendar),
        ],
        table=calendar,
    )


def path_notice(ws: Workspace) -> str:
    """One line for notebooks 02 onwards: the path recommended in step 01."""
    path = load_path(ws)
    advice = " ; suivez les encadrés « Parcours court »." if path == "court" else "."
    return f"Parcours recommandé au carnet 01 : {path}{advice}"

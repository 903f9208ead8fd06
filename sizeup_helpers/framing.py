"""Step 01, « Cadrer l'évaluation »: the maturity self-diagnostic and the evaluation's framing.

The self-diagnostic is a short questionnaire (:data:`MATURITY_QUESTIONS`) whose answers are
plain typed values, so a notebook's ``parameters`` cell and a widget set them the same way.
It gives a score per dimension (:func:`score_maturity`), a chart (:func:`plot_maturity`)
and a recommended path (:func:`recommend_path`): the full path, or a short path for a small
or young team, with the steps to do lightly or skip and the minimum deliverable for the
Demo Day.

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
    "MATURITY_DIMENSIONS",
    "MATURITY_QUESTIONS",
    "OWNERS",
    "PURPOSES",
    "Framing",
    "FramingError",
    "MaturityAnswers",
    "RecommendedPath",
    "evaluation_calendar",
    "load_framing",
    "load_maturity",
    "load_path",
    "plot_maturity",
    "recommend_path",
    "save_framing",
    "save_framing_answers",
    "save_maturity",
    "score_maturity",
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
    "hours_per_month": {
        "question": "Combien d'heures par mois l'équipe peut-elle consacrer à l'évaluation ?",
        "options": None,
    },
    "owner": {"question": "Qui portera l'évaluation ?", "options": OWNERS},
    "team_size": {
        "question": "Combien de personnes salariées (en équivalent temps plein) compte la "
        "structure ?",
        "options": None,
    },
    "years_active": {
        "question": "Depuis combien d'années la structure agit-elle ?",
        "options": None,
    },
}
"""The self-diagnostic: for each answer (a field of :class:`MaturityAnswers`), the French
question and its options (value → label), ``None`` for a number. Widgets are built from it."""

MATURITY_DIMENSIONS = {
    "clarte": "Clarté de la mission et des changements visés",
    "donnees": "Données déjà disponibles",
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
    "donnees": (
        "Vous partez de peu de données : l'étape 04 vous aidera à repérer ce que vous "
        "avez sans le savoir, et l'étape 07 à collecter l'essentiel.",
        "Vous avez des données : l'inventaire (étape 04) dira ce qu'elles permettent.",
        "Vos données sont une vraie ressource : l'étape 04 en tirera le meilleur.",
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


@dataclass(frozen=True)
class MaturityAnswers:
    """Answers to the self-diagnostic, as plain typed values.

    Parameters
    ----------
    mission_clarity, changes_clarity
        1 to 4, see :data:`CLARITY_LEVELS`.
    data_sources
        Kinds of data the structure already holds, keys of :data:`DATA_SOURCES`.
    data_digital
        Whether these data are in files (spreadsheet, software), not only on paper.
    hours_per_month
        Staff hours available for the evaluation each month.
    owner
        Who owns the evaluation, a key of :data:`OWNERS`.
    team_size
        Paid staff, in full-time equivalents.
    years_active
        Years since the structure started its action.
    """

    mission_clarity: int = 2
    changes_clarity: int = 2
    data_sources: tuple[str, ...] = ()
    data_digital: bool = False
    hours_per_month: float = 4.0
    owner: str = "personne"
    team_size: float = 1.0
    years_active: int = 1

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

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["data_sources"] = list(self.data_sources)
        return out


def score_maturity(answers: MaturityAnswers) -> pd.DataFrame:
    """Score each dimension of the self-diagnostic from 0 to 100.

    Returns
    -------
    pandas.DataFrame
        One row per dimension (:data:`MATURITY_DIMENSIONS`), columns ``dimension``,
        ``libelle``, ``score`` (0–100), ``niveau`` (« à construire » under 40, « en cours »
        under 70, « solide ») and ``conseil`` (a French sentence).

    Notes
    -----
    - clarté: mean of the two clarity answers, 1 → 0 and 4 → 100;
    - données: 75 × (kinds of data held, up to 4) / 4, plus 25 when they are in files;
      0 without any data;
    - temps: hours per month, 16 hours or more → 100 (linear below);
    - pilotage: nobody 0, an outside provider 40, a volunteer 50, the director on top of
      the rest 60, a staff member with reserved time 85, a pair 100.

    Examples
    --------
    >>> score_maturity(MaturityAnswers(hours_per_month=8))["score"].tolist()
    [33, 0, 50, 0]
    """
    import pandas as pd

    if not isinstance(answers, MaturityAnswers):
        raise TypeError(
            f"Il faut des réponses à l'autodiagnostic (MaturityAnswers), "
            f"pas {type(answers).__name__}."
        )
    n_sources = min(len(answers.data_sources), 4)
    scores = {
        "clarte": (answers.mission_clarity + answers.changes_clarity - 2) / 6 * 100,
        "donnees": (75 * n_sources / 4 + 25 * answers.data_digital) if n_sources else 0.0,
        "temps": min(answers.hours_per_month, 16) / 16 * 100,
        "pilotage": float(_OWNER_SCORES[answers.owner]),
    }
    rows = []
    for key, label in MATURITY_DIMENSIONS.items():
        score = int(round(scores[key]))
        level = 0 if score < 40 else 1 if score < 70 else 2
        rows.append((key, label, score, _LEVELS[level], _ADVICE[key][level]))
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
        "facultatif",
        "Un questionnaire court seulement si vos données ne couvrent pas vos effets prioritaires.",
    ),
    "08": ("facultatif", "Trois entretiens si vous en avez le temps ; sinon passez."),
    "09": ("allégé", "Qui vous avez touché, combien, et un avant/après si vous l'avez."),
    "10": ("facultatif", "À faire seulement si vous avez mené des entretiens."),
    "11": (
        "facultatif",
        "Passez la valorisation monétaire : une carte de valeur non monétisée suffit.",
    ),
    "12": ("allégé", "La synthèse d'une page pour le Demo Day."),
}
_MINIMUM = {
    "court": (
        "Pour le Demo Day : une théorie du changement relue en équipe, 3 à 5 indicateurs "
        "calculés sur vos données existantes et la synthèse d'une page (étape 12)."
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

    def table(self) -> pd.DataFrame:
        """The steps as a table: ``etape``, ``titre``, ``niveau``, ``conseil``."""
        import pandas as pd

        return pd.DataFrame(list(self.steps), columns=["etape", "titre", "niveau", "conseil"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "parcours": self.path,
            "raisons": list(self.reasons),
            "etapes": [
                {"etape": n, "titre": t, "niveau": lv, "conseil": a} for n, t, lv, a in self.steps
            ],
            "livrable_minimum": self.minimum_deliverable,
        }


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

    - fewer than ``min_hours`` staff hours a month for the evaluation (default 8);
    - a team of fewer than ``min_team`` full-time equivalents (default 2);
    - a structure active for fewer than ``min_years`` years (default 2);
    - a mean score of the four dimensions under ``min_score`` (default 40 out of 100).

    On the short path, the theory of change (02) and the inventory of existing data (04)
    stay complete; the other steps are light or optional (see
    :meth:`RecommendedPath.table`). When the data score is under 40, the questionnaire
    (07) becomes light rather than optional: a structure without data must collect some.

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
    if answers.team_size < min_team:
        reasons.append(
            f"Une équipe de {french.number(answers.team_size)} équivalent temps "
            f"plein, moins de {french.number(min_team)}."
        )
    if answers.years_active < min_years:
        reasons.append(
            f"Une structure jeune : {french.plural(answers.years_active, 'an', 'ans')} "
            f"d'activité, moins de {min_years}."
        )
    if mean < min_score:
        reasons.append(
            f"Un score moyen de {french.integer(mean)} sur 100 à l'autodiagnostic, "
            f"sous {min_score}."
        )
    path = "court" if reasons else "complet"
    if not reasons:
        reasons.append(
            "Le temps, l'équipe et la maturité de la structure permettent le parcours complet."
        )
    data_score = int(scores.loc[scores["dimension"] == "donnees", "score"].iloc[0])
    steps = []
    for step in STEPS:
        if path == "complet":
            level, advice = "complet", f"Livrable : {step.deliverable}."
        else:
            level, advice = _SHORT_PLAN[step.number]
            if step.number == "07" and data_score < 40:
                level, advice = (
                    "allégé",
                    (
                        "Vous avez peu de données : un questionnaire court "
                        "(une dizaine de questions) sur vos effets "
                        "prioritaires."
                    ),
                )
        steps.append((step.number, step.title, level, advice))
    return RecommendedPath(path, tuple(reasons), tuple(steps), _MINIMUM[path])


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
) -> dict[str, Path]:
    """Score the self-diagnostic and save it with its chart to ``ws.step_dir("01")``.

    Takes plain values only (the fields of :class:`MaturityAnswers`), so a widget and a
    notebook parameter write the same files.

    Returns
    -------
    dict
        ``{"yaml": path of autodiagnostic.yml, "png": path of autodiagnostic.png}``, and
        ``"cadrage"`` when a framing saved before is brought up to date (its hours per
        month and its path come from the diagnostic).
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
        if (framing.hours_per_month, framing.path) != (answers.hours_per_month, path.path):
            fields = {
                k: v for k, v in asdict(framing).items() if k not in ("hours_per_month", "path")
            }
            written["cadrage"] = save_framing(
                ws, **fields, path=path.path, hours_per_month=answers.hours_per_month
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
    """Read the saved self-diagnostic: the answers and the path recommended from them."""
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


def evaluation_calendar(start_month: str, *, path: str = "complet") -> pd.DataFrame:
    """The evaluation's calendar over twelve months.

    Parameters
    ----------
    start_month
        First month of the programme, ``"AAAA-MM"``.
    path
        ``"complet"`` or ``"court"``: on the short path, optional steps are marked so.

    Returns
    -------
    pandas.DataFrame
        One row per month: ``mois`` (1–12), ``periode`` (« janvier 2026 »), ``etapes``
        (steps worked on that month, « 02 Théorie du changement »…) and ``seminaire``.

    Examples
    --------
    >>> evaluation_calendar("2026-11").loc[2, "periode"]
    'janvier 2027'
    """
    import pandas as pd

    from .curriculum import STEPS

    year, month = _parse_start(start_month)
    check_option("path", path, ["complet", "court"])
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
    """

    purposes: tuple[str, ...]
    audiences: tuple[str, ...]
    evaluative_question: str
    hours_per_month: float
    start_month: str
    budget_eur: float = 0.0
    roles: tuple[str, ...] = ()
    path: str = "complet"

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

    def to_dict(self) -> dict[str, Any]:
        return {
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
) -> Path:
    """Save the evaluation's framing, with its 12-month calendar, to ``ws.step_dir("01")``.

    Takes plain values only (see :class:`Framing`). ``path=None`` uses the path recommended
    by the saved self-diagnostic (or ``"complet"`` without one).

    Returns
    -------
    Path
        ``cadrage.yml`` in the step's folder.
    """
    framing = Framing(
        purposes=(purposes,) if isinstance(purposes, str) else tuple(purposes),
        audiences=(audiences,) if isinstance(audiences, str) else tuple(audiences),
        evaluative_question=evaluative_question,
        hours_per_month=hours_per_month,
        start_month=start_month,
        budget_eur=budget_eur,
        roles=(roles,) if isinstance(roles, str) else tuple(roles),
        path=load_path(ws) if path is None else path,
    )
    doc = framing.to_dict()
    calendar = evaluation_calendar(framing.start_month, path=framing.path)
    doc["calendrier"] = [
        {"mois": int(r.mois), "periode": r.periode, "etapes": r.etapes}
        for r in calendar.itertuples()
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
    """Save the framing with the hours and the path of the saved self-diagnostic.

    The plain function behind :func:`~sizeup_helpers.widgets.framing_form` and notebook
    01's parameters: it calls :func:`save_framing` with ``hours_per_month`` and ``path``
    read from the self-diagnostic saved before (:func:`load_maturity`).
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
    return f"{french.number(value)} {'heure' if value < 2 else 'heures'}"


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


def explain_criteria(toc: TheoryOfChange | None) -> Reading:
    """The four evaluation criteria, each with a question drafted from one of the
    structure's outcomes (the first short-term one), or their general questions."""
    from .stakeholders import CRITERIA, draft_questions

    if toc is None or not toc.outcomes:
        return Reading.of([f"- {text}" for text in CRITERIA.values()])
    example = _first_short_term(toc)
    lines = [
        f"- **{CRITERIA[c].split(' :')[0]}** : "
        f"{draft_questions(toc, [example.id], criterion=c)[0].text}"
        for c in CRITERIA
    ]
    return Reading.of([f"Avec l'effet « {example.label} » :", *lines])


def parameter_codes() -> pd.DataFrame:
    """The codes to write in the parameters cell for ``data_sources`` and ``owner``."""
    import pandas as pd

    rows = [("data_sources", code, label) for code, label in DATA_SOURCES.items()]
    rows += [("owner", code, label) for code, label in OWNERS.items()]
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
    advice for the weakest, then the recommended path and why.

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
    """What the recommended path means step by step, and the minimum deliverable."""
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
    return Reading.of([text, f"**Livrable minimum** — {path.minimum_deliverable}"], table=steps)


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
    calendar = evaluation_calendar(framing.start_month, path=framing.path)
    return calendar.rename(columns=columns).set_index("Mois")


def explain_framing(framing: Framing) -> Reading:
    """The framing in words: why and for whom, the question, the means and the calendar."""
    improve = framing.purposes[0] in ("amelioration", "motivation")
    stakes = ", ".join(PURPOSES[p].split(" (")[0].lower() for p in framing.purposes)
    calendar = evaluation_calendar(framing.start_month, path=framing.path)
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
        ],
        table=calendar,
    )


def path_notice(ws: Workspace) -> str:
    """One line for notebooks 02 onwards: the path recommended in step 01."""
    path = load_path(ws)
    advice = " ; suivez les encadrés « Parcours court »." if path == "court" else "."
    return f"Parcours recommandé au carnet 01 : {path}{advice}"

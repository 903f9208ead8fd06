"""Step 06's indicators: the model, the catalogue of common ESS indicators, their values.

An indicator (« indicateur ») is what the référentiel d'évaluation of step 03
(:mod:`~sizeup_helpers.evaluation_matrix`: question → critère → indicateur → source →
outil) puts between a judgement criterion and the data that answers it. Following the
Avise and ESSEC guides and the CSESS 2011 definition of social impact, an indicator of
**réalisation** (output: what the structure did, « combien de personnes accueillies »)
is kept apart from an indicator of **effet** (outcome: what changed for the people).

- :class:`Indicator` is the model (name, French definition, level, the theory of
  change's element it serves, a small declarative :class:`Formula` over the workspace's
  clean tables, unit, source, frequency, baseline, target, dimension of impact), checked
  by :func:`check_indicator` with French errors naming the indicator and the field;
- :func:`load_catalogue` reads ``data/catalogue-indicateurs.csv``: common indicators of
  the ESS, by domain, each with its public French source (UDES VALOR'ESS domains, DARES,
  INSEE, DEPP, ADEME… texts written for Size Up, not copied);
- :func:`suggest_indicators` proposes, for each outcome of the theory of change, the
  catalogue's indicators whose keywords (column ``mots_cles``) match its label;
- :func:`compute_indicator` computes an indicator's formula on the clean tables of step
  05 (:func:`~sizeup_helpers.clean_workspace.load_clean_table`), and says which tool
  (questionnaire 07, entretiens 08) will collect an indicator that cannot be computed;
- :func:`explain_indicators` says it all in French.

The existing links of a workspace's ``indicateurs.yml`` are read by
:func:`~sizeup_helpers.inventory.load_indicator_links` (step 04); this module reads
:mod:`~sizeup_helpers.theory_of_change`, :mod:`~sizeup_helpers.evaluation_matrix` and
:mod:`~sizeup_helpers.clean_workspace`; none of them reads it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french, yamlfile
from .errors import CleanWorkspaceError, IndicatorError, SizeUpError
from .reading import Reading
from .yamlfile import Key, Problems, check_mapping, child, item, read_yaml_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "AGGREGATIONS",
    "AGGREGATION_WORDS",
    "CATALOGUE_COLUMNS",
    "CATALOGUE_FILE",
    "DOMAINS",
    "FRAMEWORK_COLUMNS",
    "FRAMEWORK_FILE",
    "LEVELS",
    "MATRIX_FILE",
    "Formula",
    "Indicator",
    "IndicatorFramework",
    "IndicatorValue",
    "check_indicator",
    "compute_indicator",
    "explain_evaluation_coverage",
    "explain_indicator_framework",
    "explain_indicators",
    "explain_own_indicators",
    "explain_saved_framework",
    "formula_in_words",
    "indicator_framework",
    "indicator_problem",
    "indicators_table",
    "load_catalogue",
    "load_indicator_framework",
    "load_indicators",
    "outcomes_to_collect",
    "save_indicator_framework",
    "suggest_indicators",
]

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue-indicateurs.csv"
"""The catalogue of common ESS indicators (``;``-separated, UTF-8), one row per indicator."""

CATALOGUE_COLUMNS = (
    "id",
    "domaine",
    "libelle",
    "definition",
    "niveau",
    "unite",
    "outil",
    "frequence",
    "dimension",
    "mots_cles",
    "source",
)
"""The catalogue's columns. ``mots_cles`` is the keyword table of :func:`suggest_indicators`:
folded word beginnings separated by ``|`` (``isol`` matches « isolement », « isolées »)."""

DOMAINS = (
    "emploi et formation",
    "liens sociaux et isolement",
    "autonomie et mobilité",
    "économie locale",
    "énergie et environnement",
    "connaissances et comportements",
    "gouvernance et bénévolat",
)
"""The catalogue's domains, close to the UDES VALOR'ESS domains of social impact."""

LEVELS = {"realisation": "réalisation", "effet": "effet"}
"""An output indicator (what was done) and an outcome indicator (what changed)."""

AGGREGATIONS = {
    "count_people": "personnes distinctes (``personne_id``) des lignes retenues",
    "count_rows": "lignes retenues",
    "share": "part des personnes (ou des lignes, sans ``personne_id``) dont ``column`` vaut "
    "une des ``values``, sur toutes les personnes (ou lignes) retenues",
    "mean": "moyenne de ``column`` sur les lignes retenues où elle est renseignée",
    "sum": "somme de ``column`` sur les lignes retenues",
    "iae_exits": "part des sorties dynamiques (emploi durable, de transition, sorties "
    "positives) sur les sorties comptées d'une structure d'insertion, ``table`` étant la table "
    "des contrats (:func:`~sizeup_helpers.iae_exits.classify_workspace_exits`, règles "
    "officielles ; ``period`` pour la période, sinon celle du carnet 03)",
}
"""The aggregations a :class:`Formula` may use, and what each counts."""

UNITS = ("personnes", "lignes", "%", "€", "heures", "points", "nombre", "kWh", "kg CO₂e")
"""The units an indicator may be expressed in."""

TOOLS = ("données existantes", "questionnaire (07)", "entretiens (08)")
"""Where an indicator's data comes from: the clean tables, or a new collection."""

_WHO_COLLECTS = {
    "questionnaire (07)": "le questionnaire (carnet 07) le collectera",
    "entretiens (08)": "les entretiens (carnet 08) le recueilleront",
}

_DIMENSIONS = ("quoi", "qui", "combien", "contribution", "risque")  # theory_of_change.DIMENSIONS


@dataclass(frozen=True)
class Formula:
    """How an indicator is computed on one clean table of step 05.

    ``table`` is the table's role (``load_clean_table(ws, table)``); ``aggregation`` one of
    :data:`AGGREGATIONS`; ``column`` the column that ``share``, ``mean`` and ``sum`` read;
    ``values`` the values that count as « yes » for ``share``; ``filter`` keeps only the
    rows whose column holds one of the given values (``{"present": [True]}``).
    """

    table: str
    aggregation: str
    column: str = ""
    values: tuple[Any, ...] = ()
    filter: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    period: tuple[str, dt.date, dt.date] | None = None
    """Keep only the rows whose date column falls between two days (both included):
    ``("date_fin", date(2024, 1, 1), date(2024, 12, 31))``."""
    by_rows: bool = False
    """Count rows (inscriptions, demi-journées, réponses) even when the table has a
    ``personne_id``: a share of rows instead of a share of people."""


@dataclass(frozen=True)
class Indicator:
    """An indicator of the référentiel (see the module's docstring)."""

    id: str
    name: str
    definition: str
    level: str
    """``"realisation"`` (output) or ``"effet"`` (outcome): :data:`LEVELS`."""
    element: str
    """The id of the output (R…) or outcome (E…) of the theory of change it serves."""
    unit: str
    source: str
    """A clean table's role, or a tool of :data:`TOOLS`."""
    formula: Formula | None = None
    """``None``: not computable on the clean tables (collected by the tool of ``source``)."""
    frequency: str = ""
    baseline: float | None = None
    target: float | None = None
    lower_is_better: bool = False
    """``True`` when less is better (an absence rate): the target is then a ceiling."""
    dimension: str = ""
    """The dimension of impact it informs (``quoi``, ``qui``, ``combien``, ``contribution``,
    ``risque``), as in the theory of change's ``dimensions``."""

    def __post_init__(self) -> None:
        check_indicator(self)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def indicator_problem(ind: Indicator) -> tuple[str, str] | None:
    """The first problem of an indicator's fields, as ``(field, French why)``; ``None``
    when it is right. :func:`check_indicator` raises it; :func:`load_indicators` says it
    with the line and the French key of ``indicateurs.yml``."""
    for name in ("id", "name", "definition", "element", "unit", "source"):
        value = getattr(ind, name)
        if not isinstance(value, str) or not value.strip():
            return name, "il faut un texte non vide."
    if ind.level not in LEVELS:
        return (
            "level",
            f"{french.quoted(str(ind.level))} n'est pas un niveau ; choisissez "
            "« realisation » (ce que la structure a fait) ou « effet » (ce qui a changé).",
        )
    expected = "R" if ind.level == "realisation" else "E"
    if not ind.element.strip().upper().startswith(expected):
        what = "une réalisation (R…)" if expected == "R" else "un effet (E…)"
        return (
            "element",
            f"un indicateur {'de réalisation' if expected == 'R' else 'd’effet'} sert {what} "
            f"de la théorie du changement, pas « {ind.element} ».",
        )
    for name in ("baseline", "target"):
        value = getattr(ind, name)
        if value is not None and not _number(value):
            return name, f"il faut un nombre, pas {value!r}."
    if ind.unit == "%" and ind.target is not None and not 0 <= ind.target <= 100:
        return "target", f"une cible en % va de 0 à 100, pas {ind.target!r}."
    if ind.dimension and ind.dimension not in _DIMENSIONS:
        return (
            "dimension",
            f"« {ind.dimension} » n'est pas une dimension de l'impact ({', '.join(_DIMENSIONS)}).",
        )
    f = ind.formula
    if f is None:
        return None
    if not isinstance(f, Formula):
        return "formula", "il faut une formule (Formula) ou None."
    if not isinstance(f.table, str) or not f.table.strip():
        return "formula.table", "nommez la table propre (son rôle, par exemple « inscriptions »)."
    if f.aggregation not in AGGREGATIONS:
        return (
            "formula.aggregation",
            f"« {f.aggregation} » n'est pas un calcul connu ({', '.join(AGGREGATIONS)}).",
        )
    if f.aggregation in ("share", "mean", "sum") and not (
        isinstance(f.column, str) and f.column.strip()
    ):
        return "formula.column", f"le calcul « {f.aggregation} » lit une colonne : nommez-la."
    if f.aggregation == "share" and not f.values:
        return "formula.values", "une part compte les valeurs données : donnez-en au moins une."
    if not isinstance(f.filter, dict):
        return "formula.filter", "il faut un ensemble colonne → valeurs retenues."
    if f.period is not None and not (
        len(f.period) == 3
        and isinstance(f.period[0], str)
        and f.period[0].strip()
        and all(isinstance(d, dt.date) for d in f.period[1:])
        and f.period[1] <= f.period[2]
    ):
        return (
            "formula.period",
            "il faut une colonne de dates, un début et une fin (AAAA-MM-JJ), le début avant "
            "la fin.",
        )
    wrong = {
        "count_people": ("%", "lignes"),
        "count_rows": ("%", "personnes"),
    }.get(f.aggregation, ())
    if ind.unit in wrong or (f.aggregation in ("share", "iae_exits")) != (ind.unit == "%"):
        gives = {
            "count_people": "des personnes",
            "count_rows": "un nombre de lignes (inscriptions, permis…)",
            "share": "un pourcentage (%)",
            "iae_exits": "un pourcentage (%)",
        }.get(f.aggregation, "un nombre")
        return "unit", f"le calcul « {f.aggregation} » donne {gives}, pas des « {ind.unit} »."
    return None


def check_indicator(ind: Indicator) -> None:
    """Check an indicator's fields; raise :class:`~sizeup_helpers.errors.IndicatorError`
    in French naming the indicator and the field at the first problem."""
    problem = indicator_problem(ind)
    if problem is None:
        return
    who = (
        f"L'indicateur « {ind.id} »"
        if isinstance(ind.id, str) and ind.id.strip()
        else ("Un indicateur")
    )
    raise IndicatorError(f"{who}, champ « {problem[0]} » : {problem[1]}")


# --------------------------------------------------------------------------------------
# The workspace's own indicators (indicateurs.yml)
# --------------------------------------------------------------------------------------
AGGREGATION_WORDS = {
    "personnes": "count_people",
    "lignes": "count_rows",
    "part": "share",
    "moyenne": "mean",
    "somme": "sum",
    "sorties_dynamiques": "iae_exits",
}
"""The French words of ``formule.agregation`` in ``indicateurs.yml``, and their calculation."""

_PERIOD_SCHEMA = {
    "colonne": Key((str,), True, "la colonne de dates"),
    "debut": Key((dt.date, str), True, "premier jour, AAAA-MM-JJ"),
    "fin": Key((dt.date, str), True, "dernier jour, AAAA-MM-JJ"),
}
_FORMULA_SCHEMA = {
    "table": Key((str,), True, "le rôle de la table propre de l'étape 05, par exemple salaries"),
    "agregation": Key((str,), True, "ce que l'on compte", choices=tuple(AGGREGATION_WORDS)),
    "colonne": Key((str,), False, "la colonne lue par part, moyenne ou somme"),
    "valeurs": Key((list, str, int, float, bool), False, "les valeurs comptées par une part"),
    "filtre": Key((dict,), False, "colonne: [valeurs retenues]"),
    "periode": Key((dict,), False, "colonne, debut et fin", children=_PERIOD_SCHEMA),
    "par": Key((str,), False, "personnes ou lignes", choices=("personnes", "lignes")),
}
_INDICATOR_SCHEMA = {
    "id": Key((str,), True, "identifiant, par exemple IND1"),
    "libelle": Key((str,), True, "le nom de l'indicateur"),
    "type": Key((str,), True, "realisation ou effet", choices=tuple(LEVELS)),
    "element": Key((str,), True, "la réalisation (R…) ou l'effet (E…) servi"),
    "definition": Key((str,), True, "ce que l'indicateur mesure, en une phrase"),
    "unite": Key((str,), True, "personnes, %, heures…"),
    "source": Key((str,), True, "la table propre, ou « questionnaire (07) », « entretiens (08) »"),
    "cible": Key((int, float, type(None)), False, "la valeur visée"),
    "plafond": Key((int, float, type(None)), False, "la valeur à ne pas dépasser"),
    "reference": Key((int, float, type(None)), False, "la valeur de départ"),
    "frequence": Key((str, type(None)), False, "annuelle, à chaque session…"),
    "dimension": Key(
        (str, type(None)), False, ", ".join(_DIMENSIONS), choices=(*_DIMENSIONS, None)
    ),
    "colonnes": Key((list, str, type(None)), False, "colonnes lues (inventaire, étape 04)"),
    "formule": Key((dict, type(None)), False, "le calcul sur les tables propres"),
}
_FILE_SCHEMA = {
    "version": Key((int,), False, "version du format (1)"),
    "indicateurs": Key((list, type(None)), False, "la liste des indicateurs"),
}
_FIELD_KEYS = {
    "name": "libelle",
    "level": "type",
    "unit": "unite",
    "target": "cible",
    "baseline": "reference",
    "formula.aggregation": "formule.agregation",
    "formula.column": "formule.colonne",
    "formula.values": "formule.valeurs",
    "formula.filter": "formule.filtre",
    "formula.period": "formule.periode",
    "formula.table": "formule.table",
}


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _formula_from(
    data: dict[str, Any], node: Any, where: str, problems: Problems
) -> Formula | None:
    if not check_mapping(node, data, _FORMULA_SCHEMA, where, problems):
        return None
    period = None
    if isinstance(data.get("periode"), dict):
        p = data["periode"]
        days = (_day(p["debut"]), _day(p["fin"]))
        if None in days:
            problems.add(
                yamlfile.line(child(node, "periode")),
                f"« {where}.periode » : debut et fin sont des dates AAAA-MM-JJ",
            )
            return None
        period = (p["colonne"], days[0], days[1])
    filters = data.get("filtre") or {}
    return Formula(
        data["table"],
        AGGREGATION_WORDS[data["agregation"]],
        data.get("colonne") or "",
        _as_tuple(data["valeurs"]) if "valeurs" in data else (),
        {str(k): _as_tuple(v) for k, v in filters.items()},
        period,
        data.get("par") == "lignes",
    )


def load_indicators(ws: Workspace | str | Path) -> list[Indicator]:
    """The structure's own indicators, read from its ``indicateurs.yml``.

    Each indicator of the list ``indicateurs`` has ``id``, ``libelle``, ``type``
    (``realisation`` or ``effet``), ``element`` (R… or E… of the theory of change),
    ``definition``, ``unite`` and ``source``; optionally ``cible`` (or ``plafond`` when
    less is better), ``reference`` (the baseline), ``frequence``, ``dimension``,
    ``colonnes`` (read by the inventory, step 04) and ``formule``: the calculation on a
    clean table of step 05, with ``table``, ``agregation`` (:data:`AGGREGATION_WORDS`:
    personnes, lignes, part, moyenne, somme, sorties_dynamiques), ``colonne``, ``valeurs``,
    ``filtre`` (``colonne: [valeurs retenues]``), ``periode`` (``colonne``, ``debut``,
    ``fin``) and ``par`` (``lignes`` to count rows even when the table has people).

    Parameters
    ----------
    ws
        The workspace (its file is :func:`~sizeup_helpers.inventory.indicators_path`), or
        the path of an indicators file.

    Returns
    -------
    list of Indicator
        Empty when the workspace has no indicators file (a coach may start without one).

    Raises
    ------
    IndicatorError
        In French, naming the file, the line, the indicator and the key: not YAML, an
        unknown or missing key, a wrong type, an unknown calculation, a target and a
        ceiling together, a unit that does not fit the calculation.
    """
    if isinstance(ws, str | Path):
        path = Path(ws)
    else:
        from .inventory import indicators_path

        path = indicators_path(ws)
        if not path.is_file():
            return []
    data, node = read_yaml_file(path, IndicatorError)
    problems = Problems()
    if data is None:
        return []
    if not check_mapping(node, data, _FILE_SCHEMA, "", problems):
        problems.raise_for(str(path), IndicatorError)
    section = child(node, "indicateurs")
    out: list[Indicator] = []
    seen: dict[str, int | None] = {}
    for i, entry in enumerate(data.get("indicateurs") or []):
        entry_node = item(section, i)
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = (
            ident.strip() if isinstance(ident, str) and ident.strip() else f"indicateurs[{i + 1}]"
        )
        if not check_mapping(entry_node, entry, _INDICATOR_SCHEMA, where, problems):
            continue
        at = yamlfile.line(entry_node)
        if where in seen:
            problems.add(
                at, f"l'indicateur « {where} » est écrit deux fois (déjà ligne {seen[where]})"
            )
            continue
        seen[where] = at
        if entry.get("cible") is not None and entry.get("plafond") is not None:
            problems.add(
                yamlfile.line(entry_node, "plafond"),
                f"« {where} » : donnez une cible (plus c'est haut, mieux c'est) ou un plafond "
                "(plus c'est bas, mieux c'est), pas les deux",
            )
            continue
        formula = None
        if isinstance(entry.get("formule"), dict):
            formula = _formula_from(
                entry["formule"], child(entry_node, "formule"), f"{where}.formule", problems
            )
            if formula is None:
                continue
        ceiling = entry.get("plafond")
        ind = Indicator.__new__(Indicator)
        fields = {
            "id": where,
            "name": entry["libelle"].strip(),
            "definition": " ".join(entry["definition"].split()),
            "level": entry["type"],
            "element": entry["element"].strip(),
            "unit": entry["unite"].strip(),
            "source": entry["source"].strip(),
            "formula": formula,
            "frequency": (entry.get("frequence") or "").strip(),
            "baseline": entry.get("reference"),
            "target": ceiling if ceiling is not None else entry.get("cible"),
            "lower_is_better": ceiling is not None,
            "dimension": entry.get("dimension") or "",
        }
        for name, value in fields.items():
            object.__setattr__(ind, name, value)
        problem = indicator_problem(ind)
        if problem is not None:
            key = _FIELD_KEYS.get(problem[0], problem[0])
            head = key.split(".")[0]
            line_no = yamlfile.line(entry_node, head)
            if head == "formule" and "." in key:
                line_no = yamlfile.line(child(entry_node, "formule"), key.split(".")[1])
            why = problem[1].rstrip(".")
            for word, calculation in AGGREGATION_WORDS.items():
                why = why.replace(f"« {calculation} »", f"« {word} »")
            problems.add(line_no, f"« {where}.{key} » : {why}")
            continue
        out.append(ind)
    problems.raise_for(str(path), IndicatorError)
    return out


def indicators_table(indicators: list[Indicator] | tuple[Indicator, ...]) -> pd.DataFrame:
    """The indicators as a table to read: id, name, level, element, unit, formula in
    words, target (« ≤ » for a ceiling), source."""
    import pandas as pd

    rows = [
        {
            "Identifiant": i.id,
            "Libellé": i.name,
            "Niveau": LEVELS[i.level],
            "Élément": i.element,
            "Unité": i.unit,
            "Formule": formula_in_words(i) or "aucune (à calculer à part ou à collecter)",
            "Cible": "" if i.target is None else f"{'≤ ' if i.lower_is_better else ''}{i.target}",
            "Source": i.source,
        }
        for i in indicators
    ]
    columns = ["Identifiant", "Libellé", "Niveau", "Élément", "Unité", "Formule", "Cible"]
    return pd.DataFrame(rows, columns=[*columns, "Source"])


def explain_own_indicators(indicators: list[Indicator] | tuple[Indicator, ...]) -> Reading:
    """Say what the structure's ``indicateurs.yml`` holds: how many indicators of each
    level, how many with a formula on the clean tables, and what is missing."""
    if not indicators:
        return Reading.of(
            [
                "Votre espace n'a pas encore de fichier `indicateurs.yml` (ou il est vide) : le "
                "référentiel partira des indicateurs du catalogue proposés pour chacun de vos "
                "effets. Écrivez vos propres indicateurs dans ce fichier quand vous les aurez "
                "choisis (la section 1 de ce carnet en donne le modèle)."
            ]
        )
    outputs = sum(i.level == "realisation" for i in indicators)
    effects = len(indicators) - outputs
    with_formula = [i.id for i in indicators if i.formula is not None]
    without = [i.id for i in indicators if i.formula is None]
    lines = [
        f"Votre fichier `indicateurs.yml` décrit "
        f"{french.plural(len(indicators), 'indicateur', 'indicateurs')} : "
        f"{french.integer(outputs)} de réalisation et {french.integer(effects)} d'effet.",
        (
            f"{french.integer(len(with_formula))} "
            f"{french.agree(len(with_formula), 'a', 'ont')} une formule sur vos tables propres "
            f"({', '.join(with_formula)}) : Size Up les calcule ci-dessous."
            if with_formula
            else "Aucun n'a encore de formule sur vos tables propres : ajoutez une clé "
            "`formule` (table, agregation, colonne, valeurs, filtre) pour qu'il soit calculé."
        ),
    ]
    if without and with_formula:
        lines.append(
            f"Sans formule : {', '.join(without)} (un calcul plus complexe, ou une donnée à "
            "collecter)."
        )
    return Reading.of(lines)


# --------------------------------------------------------------------------------------
# The catalogue and the suggestions
# --------------------------------------------------------------------------------------
def load_catalogue() -> pd.DataFrame:
    """The catalogue of common ESS indicators (:data:`CATALOGUE_COLUMNS`, as text)."""
    import pandas as pd

    return pd.read_csv(CATALOGUE_FILE, sep=";", dtype=str, keep_default_na=False)


def _keywords(cell: str) -> list[str]:
    return [french.fold_key(k.strip()) for k in cell.split("|") if k.strip()]


def _words(text: str) -> list[str]:
    return french.fold_key(text).replace("-", " ").replace("_", " ").replace("'", " ").split()


def _matching(keys: list[tuple[Any, list[str]]], text: str) -> list[Any]:
    words = _words(text)
    return [row for row, kws in keys if any(w.startswith(tuple(kws)) for w in words)]


def _default_tool(text: str) -> str:
    """A tool for an outcome no catalogue indicator matches: representations and meaning
    are said in interviews (08), the rest asked in a questionnaire (07)."""
    words = _words(text)
    said = ("sens", "regard", "vecu", "recit", "percep", "represent")
    return TOOLS[2] if any(w.startswith(said) for w in words) else TOOLS[1]


def suggest_indicators(ws: Workspace) -> pd.DataFrame:
    """Catalogue indicators for each outcome of the workspace's theory of change.

    An indicator is suggested for an outcome when one of its keywords (``mots_cles``) begins
    a word of the outcome's label (accents and case folded); when none does, a word of the
    label or of its dimensions « quoi » and « combien ». Outcomes the scope of step 03 keeps
    come first (``perimetre``); the référentiel's questions on the outcome are listed
    (``questions``).

    Returns
    -------
    pandas.DataFrame
        One row per outcome × suggested indicator: ``effet``, ``libelle_effet``,
        ``perimetre``, ``questions``, ``indicateur`` (catalogue id, ``""`` when none
        matches), ``libelle``, ``domaine``, ``niveau``, ``unite``, ``outil`` (for an outcome
        with no match, the tool that will collect it) and ``source``. Empty when there is no
        theory of change or it has no outcome.
    """
    import pandas as pd

    from .theory_of_change import load_theory_of_change

    columns = [
        "effet",
        "libelle_effet",
        "perimetre",
        "questions",
        "indicateur",
        "libelle",
        "domaine",
        "niveau",
        "unite",
        "outil",
        "source",
    ]
    try:
        toc = load_theory_of_change(ws)
    except (SizeUpError, OSError):
        return pd.DataFrame(columns=columns)
    scope_ids = _scope_outcomes(ws)
    questions = _matrix_questions(ws)
    catalogue = load_catalogue()
    keys = [(row, _keywords(row["mots_cles"])) for _, row in catalogue.iterrows()]
    outcomes = sorted(toc.outcomes, key=lambda e: (e.id not in scope_ids, 0))
    rows = []
    for e in outcomes:
        text = f"{e.label} {e.dimensions.quoi} {e.dimensions.combien}"
        base = {
            "effet": e.id,
            "libelle_effet": e.label,
            "perimetre": e.id in scope_ids,
            "questions": ", ".join(questions.get(e.id, [])),
        }
        found = _matching(keys, e.label) or _matching(keys, text)
        for row in found:
            rows.append(
                base
                | {
                    "indicateur": row["id"],
                    "libelle": row["libelle"],
                    "domaine": row["domaine"],
                    "niveau": row["niveau"],
                    "unite": row["unite"],
                    "outil": row["outil"],
                    "source": row["source"],
                }
            )
        if not found:
            rows.append(
                base
                | dict.fromkeys(("indicateur", "libelle", "domaine", "niveau", "unite"), "")
                | {"outil": _default_tool(text), "source": ""}
            )
    return pd.DataFrame(rows, columns=columns)


def _scope_outcomes(ws: Workspace) -> set[str]:
    from .stakeholders import load_scope

    try:
        return set(load_scope(ws, check_toc=False).outcomes)
    except (SizeUpError, OSError):
        return set()


def _matrix_questions(ws: Workspace) -> dict[str, list[str]]:
    from .evaluation_matrix import load_evaluation_matrix

    try:
        matrix = load_evaluation_matrix(ws)
    except (SizeUpError, OSError):
        return {}
    out: dict[str, list[str]] = {}
    for row in matrix.itertuples(index=False):
        outcome = str(row[2]).split(" ")[0].strip(" :—-")
        question = str(row[0]).strip()
        if outcome and question and question not in out.setdefault(outcome, []):
            out[outcome].append(question)
    return out


# --------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value on the clean tables, or what will collect it."""

    indicator: Indicator
    value: float | None
    """``None`` when it could not be computed (see :attr:`missing`)."""
    n: int
    """How many people (or rows, without ``personne_id``) the value rests on."""
    n_unit: str
    status: str
    """« cible atteinte », « en dessous de la cible », « au-dessus du plafond », « sans
    cible » or « à collecter »."""
    missing: str = ""
    """For a value not computed: what is missing, in French."""
    tool: str = ""
    """For a value not computed: the tool that will collect it."""


def _tool_for(ind: Indicator) -> str:
    return ind.source if ind.source in TOOLS[1:] else TOOLS[1]


def compute_indicator(ws: Workspace, indicator: Indicator) -> IndicatorValue:
    """Compute ``indicator`` on the workspace's clean tables (step 05).

    People are counted with ``personne_id`` (one person counted once, whatever her number
    of rows); a share of people is the people with at least one row whose column holds one
    of the formula's values, over all the people of the table (after the filter). A
    percentage is on 0–100. An indicator without formula, or whose table or column is not
    there, is « à collecter » with the tool that will collect it.
    """
    import pandas as pd

    f = indicator.formula
    if f is None:
        return _to_collect(indicator, "aucune formule sur les tables propres")
    if f.aggregation == "iae_exits":
        return _dynamic_exits(ws, indicator)
    try:
        table = pd.DataFrame(_load(ws, f.table))
    except CleanWorkspaceError:
        return _to_collect(indicator, f"la table propre « {f.table} » n'existe pas (carnet 05)")
    needed = [c for c in (f.column, *f.filter, f.period[0] if f.period else "") if c]
    if f.aggregation == "count_people":
        needed.append("personne_id")
    absent = [c for c in needed if c not in table.columns]
    if absent:
        return _to_collect(indicator, f"la table « {f.table} » n'a pas de colonne « {absent[0]} »")
    for column, kept in f.filter.items():
        table = table[table[column].isin(list(kept)).fillna(False).astype(bool)]
    if f.period is not None:
        days = pd.to_datetime(table[f.period[0]], errors="coerce").dt.normalize()
        start, end = pd.Timestamp(f.period[1]), pd.Timestamp(f.period[2])
        table = table[((days >= start) & (days <= end)).fillna(False).astype(bool)]
    people = "personne_id" in table.columns and not (f.by_rows and f.aggregation != "count_people")
    n_unit = "personnes" if people else "lignes"
    n = int(table["personne_id"].nunique()) if people else len(table)
    agg = f.aggregation
    if agg == "count_people":
        value: float | None = float(n)
    elif agg == "count_rows":
        value, n, n_unit = float(len(table)), len(table), "lignes"
    elif agg == "share":
        hit = table[f.column].isin(list(f.values)).fillna(False).astype(bool)
        yes = table.loc[hit, "personne_id"].nunique() if people else int(hit.sum())
        value = 100 * yes / n if n else None
    else:
        numbers = pd.to_numeric(table[f.column], errors="coerce").dropna()
        n, n_unit = len(numbers), "lignes"
        if agg == "mean":
            value = float(numbers.mean()) if len(numbers) else None
        else:
            value = float(numbers.sum())
    if value is None:
        return _to_collect(indicator, f"aucune ligne renseignée dans « {f.table} »")
    return IndicatorValue(indicator, value, n, n_unit, _status(indicator, value))


def _dynamic_exits(ws: Workspace, indicator: Indicator) -> IndicatorValue:
    """The share of sorties dynamiques of a work-integration structure (Plateforme de
    l'inclusion; DARES), by :mod:`~sizeup_helpers.iae_exits` with the official rules."""
    from .iae_exits import PEOPLE, SHARE, classify_workspace_exits, exit_rates

    f = indicator.formula
    assert f is not None
    period = (f.period[1], f.period[2]) if f.period else None
    rates = exit_rates(classify_workspace_exits(ws, f.table, period=period))
    if rates is None:
        return _to_collect(
            indicator,
            f"la table propre « {f.table} » ne décrit pas de sorties (motif et date de sortie)",
        )
    n = int(rates.at["Sorties comptées", PEOPLE])
    if not n:
        return _to_collect(indicator, f"aucune sortie comptée dans « {f.table} »")
    value = 100 * float(rates.at["Sorties dynamiques", SHARE])
    return IndicatorValue(indicator, value, n, "personnes", _status(indicator, value))


def _load(ws: Workspace, role: str) -> pd.DataFrame:
    from .clean_workspace import load_clean_table

    return load_clean_table(ws, role)


def _status(ind: Indicator, value: float) -> str:
    if ind.target is None:
        return "sans cible"
    if ind.lower_is_better:
        return "cible atteinte" if value <= ind.target else "au-dessus du plafond"
    return "cible atteinte" if value >= ind.target else "en dessous de la cible"


def _to_collect(ind: Indicator, missing: str) -> IndicatorValue:
    return IndicatorValue(ind, None, 0, "personnes", "à collecter", missing, _tool_for(ind))


def _figure(value: float, unit: str) -> str:
    if unit == "%":
        return french.percent(value / 100)
    if unit in ("personnes", "lignes", "nombre") or float(value).is_integer():
        text = french.integer(round(value))
    else:
        text = french.decimal(value, 1)
    return f"{text} {unit}"


def _value_line(v: IndicatorValue) -> str:
    ind = v.indicator
    if v.value is None:
        return (
            f"- **{ind.name}** ({ind.id}, {ind.element}) : pas encore de valeur ({v.missing}) ; "
            f"{_WHO_COLLECTS[v.tool]}."
        )
    target = ""
    if ind.target is not None:
        word = "plafond" if ind.lower_is_better else "cible"
        target = f", {word} {_figure(ind.target, ind.unit)} : {v.status}"
    n = french.plural(v.n, v.n_unit[:-1], v.n_unit)
    return (
        f"- **{ind.name}** ({ind.id}, {ind.element}) : {_figure(v.value, ind.unit)}"
        f" (sur {n}{target})."
    )


def explain_indicators(
    suggestions: pd.DataFrame, values: list[IndicatorValue] | tuple[IndicatorValue, ...] = ()
) -> Reading:
    """Say in French, outcome by outcome, the suggested indicators, the computed values
    and, for an outcome with no computable indicator, which tool will collect it.

    Parameters
    ----------
    suggestions
        :func:`suggest_indicators`.
    values
        :func:`compute_indicator` results (optional).
    """
    if suggestions.empty and not values:
        return Reading.of(
            [
                "Votre théorie du changement n'a pas encore d'effet : aucun indicateur ne "
                "peut être proposé. Décrivez vos effets au carnet 02, votre périmètre au "
                "carnet 03, puis exécutez de nouveau ce carnet."
            ]
        )
    lines: list[str] = []
    computed = {v.indicator.element for v in values if v.value is not None}
    outcomes = list(dict.fromkeys(suggestions["effet"])) if not suggestions.empty else []
    if outcomes:
        lines.append(
            "Votre théorie du changement compte "
            f"{french.plural(len(outcomes), 'effet', 'effets')} ; "
            "pour chacun, les indicateurs du catalogue qui s'en approchent :"
        )
    for outcome in outcomes:
        rows = suggestions[suggestions["effet"] == outcome]
        label = rows["libelle_effet"].iloc[0]
        found = rows[rows["indicateur"] != ""]
        if found.empty:
            tool = rows["outil"].iloc[0]
            lines.append(
                f"- **{outcome}** « {label} » : aucun indicateur du catalogue ne lui "
                f"correspond ; {_WHO_COLLECTS[tool]} (définissez l'indicateur vous-même)."
            )
            continue
        names = french.join_and([f"{r.libelle} ({r.indicateur})" for r in found.itertuples()])
        line = f"- **{outcome}** « {label} » : {names}."
        if outcome not in computed:
            tools = sorted({t for t in found["outil"] if t != TOOLS[0]})
            if tools:
                line += (
                    f" Pas encore de valeur : {french.join_and(_WHO_COLLECTS[t] for t in tools)}."
                )
            else:
                line += (
                    " Pas encore de valeur : écrivez sa formule sur vos tables propres (étape 05)."
                )
        lines.append(line)
    if values:
        lines.append(
            f"Valeurs de vos {french.plural(len(values), 'indicateur', 'indicateurs')} sur les "
            "tables "
            "propres (étape 05) :"
            if len(values) > 1
            else "Valeur de votre indicateur sur les tables propres (étape 05) :"
        )
        lines.extend(_value_line(v) for v in values)
    return Reading.of(lines, title="Référentiel d'indicateurs")


# --------------------------------------------------------------------------------------
# The framework: the indicators, their values, and the référentiel of step 03 filled in
# --------------------------------------------------------------------------------------
FRAMEWORK_FILE = "referentiel-indicateurs.csv"
"""Step 06's indicator framework, in ``ws.step_dir("06")``."""

MATRIX_FILE = "referentiel-evaluation.csv"
"""Step 03's référentiel d'évaluation, with its indicators filled in, in ``ws.step_dir("06")``."""

FRAMEWORK_COLUMNS = (
    "Identifiant",
    "Libellé",
    "Niveau",
    "Élément",
    "Définition",
    "Formule",
    "Unité",
    "Source",
    "Fréquence",
    "Référence",
    "Cible",
    "Valeur",
    "Effectif",
    "Unité de l'effectif",
    "Statut",
    "Manque",
    "Outil",
    "Origine",
)
"""The framework's French headers, one row per indicator (:func:`save_indicator_framework`).
« Niveau » is « réalisation » or « effet »; « Origine » is « structure » (its own
``indicateurs.yml``) or « catalogue » (a suggestion for an outcome without indicator);
« Valeur » is empty when the indicator is still to collect."""

_EXISTING = TOOLS[0]


@dataclass(frozen=True)
class IndicatorFramework:
    """Step 06's référentiel d'indicateurs (see :func:`indicator_framework`)."""

    indicators: pd.DataFrame
    """One row per indicator, with the headers of :data:`FRAMEWORK_COLUMNS`."""
    matrix: pd.DataFrame
    """Step 03's référentiel d'évaluation with « Indicateur », « Source » and « Outil »
    filled in (empty when step 03 has not saved one)."""
    outcomes: tuple[str, ...] = ()
    """The outcomes of the theory of change, in order."""

    def _repr_markdown_(self) -> str:
        return explain_indicator_framework(self)._repr_markdown_()


def _values_text(values: tuple[Any, ...]) -> str:
    return ", ".join(_value_text(v) for v in values)


def _value_text(v: Any) -> str:
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def formula_in_words(ind: Indicator) -> str:
    """An indicator's formula said in French (« somme de nb_heures_travail dans la table
    heures, où annee vaut 2024 »); ``""`` without formula."""
    f = ind.formula
    if f is None:
        return ""
    rows = "lignes" if f.by_rows or f.aggregation != "share" else "personnes (ou lignes)"
    what = {
        "count_people": f"personnes distinctes de la table « {f.table} »",
        "count_rows": f"lignes de la table « {f.table} »",
        "share": f"part des {rows} de la table « {f.table} » où « {f.column} » vaut "
        f"{_values_text(f.values)}",
        "mean": f"moyenne de « {f.column} » dans la table « {f.table} »",
        "sum": f"somme de « {f.column} » dans la table « {f.table} »",
        "iae_exits": "part des sorties dynamiques (emploi durable, emploi de transition, "
        f"sorties positives) sur les sorties comptées de la table « {f.table} » (dernière "
        "sortie de chaque personne, parcours d'au moins 90 jours, retraits exclus)",
    }[f.aggregation]
    kept = [f"« {c} » vaut {_values_text(v)}" for c, v in f.filter.items()]
    if f.period is not None:
        kept.append(
            f"« {f.period[0]} » du {f.period[1].strftime('%d/%m/%Y')} au "
            f"{f.period[2].strftime('%d/%m/%Y')}"
        )
    return what + (f", en retenant les lignes où {french.join_and(kept)}" if kept else "")


def _known_sources(ws: Workspace) -> set[str]:
    roles = {getattr(f, "role", "") for f in ws.files}
    folder = ws.clean_data_dir
    if folder.is_dir():
        roles |= {p.stem for p in folder.glob("*.csv")}
    return {french.fold_key(r).replace("-", "_") for r in roles if r}


def _row(ind: Indicator, v: IndicatorValue | None, origin: str, tool: str, missing: str) -> dict:
    computed = v is not None and v.value is not None
    target = "" if ind.target is None else ind.target
    return {
        "Identifiant": ind.id,
        "Libellé": ind.name,
        "Niveau": LEVELS[ind.level],
        "Élément": ind.element,
        "Définition": ind.definition,
        "Formule": formula_in_words(ind),
        "Unité": ind.unit,
        "Source": ind.source,
        "Fréquence": ind.frequency,
        "Référence": "" if ind.baseline is None else ind.baseline,
        "Cible": target if not ind.lower_is_better or target == "" else f"≤ {target}",
        "Valeur": round(v.value, 2) if computed else "",
        "Effectif": v.n if computed else "",
        "Unité de l'effectif": v.n_unit if computed else "",
        "Statut": v.status if computed else "à collecter",
        "Manque": "" if computed else missing,
        "Outil": _EXISTING if computed else tool,
        "Origine": origin,
    }


def _own_rows(ws: Workspace, indicators: list[Indicator]) -> list[dict]:
    known = _known_sources(ws)
    rows = []
    for ind in indicators:
        v = compute_indicator(ws, ind)
        if v.value is not None:
            rows.append(_row(ind, v, "structure", _EXISTING, ""))
            continue
        held = french.fold_key(ind.source).replace("-", "_") in known
        if ind.formula is None and held:
            missing = (
                f"pas de formule simple sur la table « {ind.source} » : calcul à faire à "
                "part (analyses du carnet 09) ou formule à écrire dans indicateurs.yml"
            )
            rows.append(_row(ind, None, "structure", _EXISTING, missing))
        else:
            rows.append(_row(ind, None, "structure", v.tool, v.missing))
    return rows


def _catalogue_rows(suggestions: pd.DataFrame, covered: set[str], limit: int = 2) -> list[dict]:
    rows = []
    for outcome in dict.fromkeys(suggestions["effet"]):
        if outcome in covered:
            continue
        found = suggestions[suggestions["effet"] == outcome]
        label = found["libelle_effet"].iloc[0]
        picked = found[found["indicateur"] != ""].head(limit)
        if picked.empty:
            tool = found["outil"].iloc[0]
            ind = Indicator(
                f"{outcome}-A",
                f"Indicateur à définir pour « {label} »",
                f"À définir avec les personnes concernées : {label}",
                "effet",
                outcome,
                "personnes",
                tool,
            )
            rows.append(
                _row(ind, None, "à définir", tool, "aucun indicateur du catalogue ne correspond")
            )
            continue
        catalogue = load_catalogue().set_index("id")
        for r in picked.itertuples():
            c = catalogue.loc[r.indicateur]
            tool = r.outil if r.outil in TOOLS[1:] else TOOLS[1]
            missing = (
                "donnée à recueillir auprès des personnes"
                if r.outil in TOOLS[1:]
                else "pas de table propre qui le mesure : donnée à recueillir"
            )
            ind = Indicator(
                r.indicateur,
                r.libelle,
                c["definition"],
                "effet",
                outcome,
                r.unite if r.unite else "personnes",
                tool,
                frequency=c["frequence"],
                dimension=c["dimension"] if c["dimension"] in _DIMENSIONS else "",
            )
            rows.append(_row(ind, None, "catalogue", tool, missing))
    return rows


def _fill_matrix(matrix: pd.DataFrame, table: pd.DataFrame, toc: Any) -> pd.DataFrame:
    from .evaluation_matrix import TOOLS as MATRIX_TOOLS

    matrix = matrix.copy()
    outputs_of: dict[str, set[str]] = {}
    if toc is not None:
        for link in toc.links:
            outputs_of.setdefault(link.target, set()).add(link.source)
    by_element = {e: g for e, g in table.groupby("Élément", sort=False)}
    outputs = table[table["Niveau"] == LEVELS["realisation"]]

    def names(rows: pd.DataFrame) -> str:
        return " ; ".join(f"{r['Identifiant']} {r['Libellé']}" for _, r in rows.iterrows())

    def tool_of(rows: pd.DataFrame) -> str:
        tools = list(dict.fromkeys(rows["Outil"]))
        return _EXISTING if _EXISTING in tools else (tools[0] if tools else TOOLS[1])

    for i, row in matrix.iterrows():
        outcome = str(row["Effet"]).strip()
        if row["Outil"] == MATRIX_TOOLS["interviews"]:
            matrix.loc[i, "Indicateur"] = "récits et explications des personnes (entretiens)"
            continue
        if str(row["Source"]).startswith("comptabilité"):
            matrix.loc[i, "Indicateur"] = "moyens engagés (temps, budget) rapportés à l'effet"
            continue
        if str(row["Critère de jugement"]).startswith("Les réalisations"):
            mine = outputs[outputs["Élément"].isin(outputs_of.get(outcome, set()))]
            rows = mine if not mine.empty else outputs
        else:
            rows = by_element.get(outcome, table.iloc[0:0])
        if rows.empty:
            matrix.loc[i, "Indicateur"] = "à définir (aucun indicateur ne mesure cet effet)"
            matrix.loc[i, "Outil"] = TOOLS[1]
            continue
        matrix.loc[i, "Indicateur"] = names(rows)
        matrix.loc[i, "Source"] = " ; ".join(dict.fromkeys(rows["Source"]))
        matrix.loc[i, "Outil"] = tool_of(rows)
    return matrix


def indicator_framework(ws: Workspace) -> IndicatorFramework:
    """Build step 06's référentiel d'indicateurs.

    The structure's own indicators (:func:`load_indicators`) come first, computed on the
    clean tables of step 05 (:func:`compute_indicator`: value, how many people or rows it
    rests on, status against the target); each outcome of the theory of change that none
    of them serves gets up to two indicators of the catalogue (:func:`suggest_indicators`)
    and the tool that will collect them (questionnaire 07, entretiens 08), or an
    indicator « à définir ». Output (réalisation) and outcome (effet) indicators are kept
    apart by the « Niveau » column. Each row of step 03's référentiel d'évaluation then
    gets its indicators, their source and the tool: output indicators for the criterion
    on outputs, the outcome's indicators for a change, its size or who it reaches,
    interviews for a mechanism, a contribution or a need (Avise and ESSEC guides;
    référentiel of the Société française de l'évaluation).
    """
    import pandas as pd

    from .evaluation_matrix import load_evaluation_matrix
    from .theory_of_change import load_theory_of_change

    try:
        toc = load_theory_of_change(ws)
    except (SizeUpError, OSError):
        toc = None
    outcomes = tuple(e.id for e in toc.outcomes) if toc is not None else ()
    own = load_indicators(ws)
    rows = _own_rows(ws, own)
    covered = {i.element for i in own if i.level == "effet"}
    suggestions = suggest_indicators(ws)
    if not suggestions.empty:
        rows += _catalogue_rows(suggestions, covered)
    table = pd.DataFrame(rows, columns=list(FRAMEWORK_COLUMNS))
    order = {"réalisation": 0, "effet": 1}
    table = table.sort_values(
        "Niveau", key=lambda c: c.map(order), kind="stable", ignore_index=True
    )
    try:
        matrix = load_evaluation_matrix(ws)
    except (SizeUpError, OSError):
        from .evaluation_matrix import MATRIX_COLUMNS

        matrix = pd.DataFrame(columns=list(MATRIX_COLUMNS))
    if not matrix.empty:
        matrix = _fill_matrix(matrix, table, toc)
    return IndicatorFramework(table, matrix, outcomes)


def save_indicator_framework(
    ws: Workspace, framework: IndicatorFramework | None = None
) -> list[Path]:
    """Write step 06's deliverables in ``ws.step_dir("06")``.

    ``referentiel-indicateurs.csv`` (:data:`FRAMEWORK_COLUMNS`, one row per indicator)
    and ``referentiel-evaluation.csv`` (step 03's référentiel with its indicators, sources
    and tools filled in; not written when step 03 saved none), UTF-8 with a BOM for Excel.
    Steps 07 and 08 read them back (:func:`load_indicator_framework`,
    :func:`outcomes_to_collect`).
    """
    framework = indicator_framework(ws) if framework is None else framework
    folder = ws.step_dir("06")
    paths = [ws.write_csv(folder / FRAMEWORK_FILE, framework.indicators, bom=True)]
    if not framework.matrix.empty:
        paths.append(ws.write_csv(folder / MATRIX_FILE, framework.matrix, bom=True))
    return paths


def load_indicator_framework(ws: Workspace) -> IndicatorFramework:
    """Read back what :func:`save_indicator_framework` wrote (as text, empty cells ``""``).

    Raises
    ------
    IndicatorError
        In French when step 06 has not saved its framework, or a column is missing.
    """
    import pandas as pd

    from .evaluation_matrix import MATRIX_COLUMNS

    folder = ws.step_dir("06", create=False)
    path = folder / FRAMEWORK_FILE
    if not path.is_file():
        raise IndicatorError(
            f"{path} : fichier introuvable. Exécutez le carnet 06 : il enregistre le "
            "référentiel d'indicateurs."
        )
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in FRAMEWORK_COLUMNS if c not in table.columns]
    if missing:
        raise IndicatorError(
            f"{path} : la colonne « {missing[0]} » manque ; gardez les en-têtes tels quels "
            "ou refaites le référentiel au carnet 06."
        )
    matrix_path = folder / MATRIX_FILE
    matrix = (
        pd.read_csv(matrix_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if matrix_path.is_file()
        else pd.DataFrame(columns=list(MATRIX_COLUMNS))
    )
    outcomes = tuple(dict.fromkeys(table.loc[table["Niveau"] == "effet", "Élément"]))
    return IndicatorFramework(table[list(FRAMEWORK_COLUMNS)], matrix, outcomes)


def _cell_number(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _framework_value(row: Any) -> str:
    value = _cell_number(row["Valeur"])
    if value is None:
        return ""
    n = _cell_number(row["Effectif"]) or 0
    unit = str(row["Unité de l'effectif"]) or "lignes"
    text = f"{_figure(value, row['Unité'])} (sur {french.plural(int(n), unit[:-1], unit)}"
    target = str(row["Cible"])
    if target:
        ceiling = target.startswith("≤")
        number = _cell_number(target.lstrip("≤ "))
        if number is not None:
            word = "plafond" if ceiling else "cible"
            text += f", {word} {_figure(number, row['Unité'])} : {row['Statut']}"
    return text + ")"


def explain_evaluation_coverage(framework: IndicatorFramework) -> Reading:
    """Question by question of step 03's référentiel: what the data already answers and
    which tool (questionnaire 07, entretiens 08) will collect the rest."""
    lines = _question_lines(framework) + _to_collect_lines(framework.indicators)
    return Reading.of(lines, title="Référentiel d'évaluation", table=framework.matrix)


def _to_collect_lines(table: pd.DataFrame) -> list[str]:
    if table.empty:
        return []
    waiting = table[(table["Valeur"].astype(str) == "") & (table["Niveau"] == "effet")]
    by_tool = {
        tool: list(dict.fromkeys(waiting.loc[waiting["Outil"] == tool, "Élément"]))
        for tool in TOOLS[1:]
    }
    parts = [
        f"{french.plural(len(ids), 'effet', 'effets')} ({', '.join(ids)}) pour "
        + ("le questionnaire (carnet 07)" if tool == TOOLS[1] else "les entretiens (carnet 08)")
        for tool, ids in by_tool.items()
        if ids
    ]
    return [f"À collecter : {french.join_and(parts)}."] if parts else []


def explain_saved_framework(paths: list[Path]) -> Reading:
    """Say which files step 06 wrote and who reads them."""
    names = [p.name for p in paths if p is not None]
    if not names:
        return Reading.of(["Aucun fichier n'a été écrit."])
    lines = [
        f"{french.plural(len(names), 'fichier enregistré', 'fichiers enregistrés')} dans "
        f"`{paths[0].parent.name}/` : {french.quoted_list(names)}."
    ]
    if MATRIX_FILE not in names:
        lines.append(
            "Le référentiel d'évaluation n'a pas été complété : le carnet 03 ne l'a pas "
            "encore enregistré."
        )
    lines.append(
        "Le questionnaire (carnet 07) et le guide d'entretien (carnet 08) liront ce "
        "référentiel pour savoir quels effets ils doivent mesurer."
    )
    return Reading.of(lines)


def explain_indicator_framework(
    framework: IndicatorFramework, *, questions: bool = True
) -> Reading:
    """Say the référentiel d'indicateurs in French: how many indicators of each level,
    how many have a value (with the people or rows it rests on), and, question by
    question of step 03's référentiel, whether the data already held answers it or which
    tool (questionnaire 07, entretiens 08) will collect its indicators (left out with
    ``questions=False``: :func:`explain_evaluation_coverage` says it)."""
    table = framework.indicators
    if table.empty:
        return Reading.of(
            [
                "Votre référentiel d'indicateurs est vide : pas d'indicateur dans "
                "`indicateurs.yml` et pas encore d'effet dans votre théorie du changement. "
                "Décrivez vos effets au carnet 02 et vos questions au carnet 03, ou écrivez "
                "vos indicateurs dans `indicateurs.yml`, puis exécutez de nouveau ce carnet."
            ],
            table=table,
        )
    outputs = int((table["Niveau"] == LEVELS["realisation"]).sum())
    effects = len(table) - outputs
    computed = table[table["Valeur"].astype(str) != ""]
    lines = [
        f"Votre référentiel compte {french.plural(len(table), 'indicateur', 'indicateurs')} : "
        f"{french.integer(outputs)} de réalisation (ce que vous faites) et "
        f"{french.integer(effects)} d'effet (ce qui change pour les personnes). "
        + _computed_sentence(len(computed), len(table) - len(computed)),
    ]
    for _, row in computed.iterrows():
        lines.append(
            f"- **{row['Libellé']}** ({row['Identifiant']}, {row['Élément']}) : "
            f"{_framework_value(row)}."
        )
    if questions:
        lines += _question_lines(framework) + _to_collect_lines(table)
    return Reading.of(lines, title="Référentiel d'indicateurs", table=table)


def _computed_sentence(computed: int, left: int) -> str:
    where = "une valeur calculée sur vos tables propres (étape 05)"
    if not left:
        return f"{'Tous ont' if computed > 1 else 'Il a'} {where}."
    if not computed:
        return "Aucun n'a encore de valeur calculée sur vos tables propres (étape 05)."
    return (
        f"{french.integer(computed)} {french.agree(computed, 'a', 'ont')} {where}, "
        f"{french.integer(left)} {french.agree(left, 'reste', 'restent')} à collecter ou à "
        "calculer."
    )


def _question_lines(framework: IndicatorFramework) -> list[str]:
    matrix = framework.matrix
    if matrix.empty:
        return [
            "Le référentiel d'évaluation du carnet 03 n'existe pas encore : aucune question "
            "évaluative n'est reliée à ces indicateurs. Exécutez le carnet 03, puis celui-ci."
        ]
    table = framework.indicators
    measured = set(table.loc[table["Valeur"].astype(str) != "", "Identifiant"])
    pending = set(
        table.loc[
            (table["Valeur"].astype(str) == "") & (table["Outil"] == _EXISTING), "Identifiant"
        ]
    )
    questions = list(dict.fromkeys(matrix["Question"]))
    answered = []
    lines = []
    for q in questions:
        rows = matrix[matrix["Question"] == q]
        ids = {
            part.split(" ")[0]
            for cell in rows["Indicateur"]
            for part in str(cell).split(" ; ")
            if part
        }
        mine = sorted(ids & measured)
        to_compute = sorted(ids & pending)
        tools = [t for t in dict.fromkeys(rows["Outil"]) if t in TOOLS[1:]]
        said = [
            "le questionnaire (carnet 07)" if t == TOOLS[1] else "les entretiens (carnet 08)"
            for t in tools
        ]
        head = f"- **{q}** ({rows['Effet'].iloc[0]}, {rows['Critère'].iloc[0]}) : "
        parts = []
        if mine:
            answered.append(q)
            parts.append(f"vos données y répondent déjà en partie ({', '.join(mine)})")
        if to_compute:
            parts.append(
                f"{french.join_and(to_compute)} "
                f"{french.agree(len(to_compute), 'reste', 'restent')} à calculer sur vos "
                "données (pas de formule simple)"
            )
        if said:
            parts.append(
                f"le reste viendra par {french.join_and(said)}"
                if parts
                else f"ses indicateurs seront collectés par {french.join_and(said)}"
            )
        text = " ; ".join(parts) if parts else "ses indicateurs restent à définir"
        lines.append(head + text + ".")
    n = len(questions)
    already = (
        f"{french.integer(len(answered))} {french.agree(len(answered), 'a', 'ont')} déjà une "
        "valeur calculée"
        if answered
        else "aucune n'a encore de valeur calculée"
    )
    intro = (
        f"Vos {french.integer(n)} questions évaluatives ont toutes un indicateur ou un outil "
        f"de collecte ; {already} :"
        if n > 1
        else "Votre question évaluative a un indicateur ou un outil de collecte ; "
        + ("elle a déjà une valeur calculée :" if answered else "pas encore de valeur calculée :")
    )
    return [intro, *lines]


# --------------------------------------------------------------------------------------
# What the later steps read back
# --------------------------------------------------------------------------------------
def outcomes_to_collect(ws: Workspace, tool: str = "questionnaire (07)") -> list[str]:
    """The outcomes (``E1``, ``E2``…) whose indicators step 06 leaves to ``tool``.

    Read back from the saved framework (``referentiel-indicateurs.csv`` of step 06: the
    outcome rows without a value whose « Outil » is ``tool``); when step 06 never ran,
    computed by :func:`indicator_framework`. Empty when there is no theory of change.

    Parameters
    ----------
    ws
        The workspace.
    tool
        ``"questionnaire (07)"`` or ``"entretiens (08)"`` (:data:`TOOLS`).
    """
    if tool not in TOOLS[1:]:
        raise ValueError(f"outil inconnu « {tool} » : choisissez {french.join_and(TOOLS[1:])}.")
    try:
        table = load_indicator_framework(ws).indicators
    except IndicatorError:
        table = indicator_framework(ws).indicators
    rows = table[
        (table["Niveau"] == LEVELS["effet"])
        & (table["Outil"] == tool)
        & (table["Valeur"].astype(str) == "")
    ]
    return list(dict.fromkeys(rows["Élément"]))

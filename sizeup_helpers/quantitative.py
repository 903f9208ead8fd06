"""Step 09 « Analyse quantitative »: which before/after analyses a workspace allows, their
results per outcome, and the deliverables steps 10 to 12 read.

The statistics live in :mod:`sizeup_helpers.before_after`; who was reached in
:mod:`sizeup_helpers.reach`; what else the data suggests in
:mod:`sizeup_helpers.exploration`. This module decides what to compare, runs it and saves:

- :func:`plan_before_after` reads the référentiel (``indicateurs.yml``): every outcome
  indicator (``type: effet``) whose ``source`` is a clean table of step 05 with a **wave
  column** (values « T0 », « T1 », « T2 »…, or sheet names starting with them) becomes a
  comparison. The two waves are the first two « T… » its definition names (« entre T0 et
  T2 »), else the first two of the table. The measure is found from the definition's
  words: a quiz (a clean table with the columns ``question`` and ``reponse_attendue`` gives
  the answer key: right answers per person), a score of several ordered items (a
  definition that says « score »: the ordered questions with the same levels as the one
  whose name shares most words with the definition, their ranks summed), a yes/no answer
  (an indicator in « % » whose words name a yes/no column), else the numeric column whose
  name shares most words with the definition. The respondent is ``personne_id`` (step 05's
  pseudonym) or a column named « code… ». ``cible`` below zero means lower is better.
  Nothing to declare: a coach who wants another measure writes the indicator's definition
  with the column's words.
- :func:`run_before_after` pairs the waves (:func:`~sizeup_helpers.before_after.pair_waves`),
  runs :func:`~sizeup_helpers.before_after.paired_change` (mean difference, interval,
  d_z, t, Wilcoxon) or :func:`~sizeup_helpers.before_after.paired_proportions`
  (McNemar), the attrition comparison at baseline, and the Likert distributions of the
  table's ordered answers; a second wave taken the same day is an « effet immédiat
  déclaré », never an outcome.
- :func:`save_quantitative_analysis` writes ``resultats-par-effet.csv`` (read by step 10's
  triangulation and by step 11), ``appariement.csv``, ``attrition.csv``, ``likert.csv``,
  the Likert charts and ``analyse-quantitative.md``; :func:`load_results` reads the first
  back.

Method. A before/after comparison of the same people measures a change, not an impact
(CSESS 2011: the impact is what the activities caused; Avise, « Les étapes d'une démarche
d'évaluation de l'impact social », 2e étape « la preuve »). The « niveau de preuve » column
says so: « changement déclaré, sans groupe de comparaison » at best,
« effet immédiat déclaré » for a same-day wave, « insuffisant » under
:data:`~sizeup_helpers.before_after.MIN_PAIRS` pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "Comparison",
    "comparison_values",
    "QuantitativeAnalysis",
    "RESULTS_COLUMNS",
    "NOT_REACHED",
    "REACH_CHART_FILE",
    "RESULTS_FILE",
    "explain_before_after",
    "explain_ordinal_and_attrition",
    "explain_plan",
    "explain_saved_analysis",
    "explain_situations_after",
    "likert_figures",
    "load_results",
    "plan_before_after",
    "run_before_after",
    "save_quantitative_analysis",
    "situations_after",
    "wave_column",
]

STEP = "09"
RESULTS_FILE = "resultats-par-effet.csv"
#: the reach chart, written on every sample
REACH_CHART_FILE = "portee.png"
RESULTS_COLUMNS = [
    "effet",
    "sens",
    "indicateur",
    "mesure",
    "table",
    "vagues",
    "type_de_test",
    "n_paires (personnes)",
    "n_avant (personnes)",
    "moyenne_avant",
    "moyenne_apres",
    "difference_moyenne",
    "ic_bas",
    "ic_haut",
    "d_z",
    "p_value",
    "p_wilcoxon",
    "niveau_de_preuve",
]
"""The columns of ``resultats-par-effet.csv``: one row per compared indicator; ``effet``
and ``sens`` are what step 10 reads. For a yes/no answer, the means are shares (0 to 1)
and the difference their difference; the interval, d_z and Wilcoxon are empty. Numbers are
saved with six decimals."""

_WAVE = re.compile(r"^\s*T\s?(\d+)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "et",
    "en",
    "entre",
    "sur",
    "par",
    "a",
    "au",
    "aux",
    "un",
    "une",
    "score",
    "difference",
    "moyenne",
    "appariee",
    "personnes",
    "qui",
    "ont",
    "t0",
    "t1",
    "t2",
    "t3",
    "0",
    "10",
}


def _words(text: Any) -> set[str]:
    return {w for w in _WORD.findall(french.fold(str(text)).lower()) if w not in _STOP}


def _wave_number(value: Any) -> int | None:
    m = _WAVE.match(str(value))
    return int(m.group(1)) if m else None


def wave_column(frame: pd.DataFrame) -> str | None:
    """The column naming the wave of each answer (« T0 », « T1 », « T1 six mois »…), or
    ``None``: a text or category column whose filled values all start with « T » and a
    number, with at least two different waves."""
    from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

    for column in frame.columns:
        series = frame[column]
        if is_numeric_dtype(series) or is_bool_dtype(series) or is_datetime64_any_dtype(series):
            continue  # a wave is written « T0 », « T1 »: text or category only
        uniques = series.dropna().unique()
        if len(uniques) > 12:
            continue
        values = {str(v) for v in uniques}
        if 2 <= len(values) <= 12 and all(_wave_number(v) is not None for v in values):
            if len({_wave_number(v) for v in values}) >= 2:
                return str(column)
    return None


@dataclass(frozen=True)
class Comparison:
    """One planned before/after comparison of an outcome indicator."""

    indicator: str
    label: str
    outcome: str
    table: str
    wave: str
    id: str
    before: str
    after: str
    kind: str
    """``"score"`` (a number per person: paired t test and Wilcoxon) or ``"oui_non"``
    (McNemar)."""
    measure: str
    """The column compared, or the name of the computed score."""
    items: tuple[str, ...] = ()
    """The columns summed into the score (a scale), or the quiz's questions."""
    key: dict[str, Any] = field(default_factory=dict)
    """A quiz's expected answer per question."""
    higher_is_better: bool = True
    date: str | None = None


def _id_column(frame: pd.DataFrame) -> str | None:
    if "personne_id" in frame.columns:
        return "personne_id"
    codes = [c for c in frame.columns if "code" in french.fold(str(c)).lower()]
    return codes[0] if codes else None


def _quiz_key(
    ws: Workspace, roles: list[str], tables: dict[str, pd.DataFrame] | None = None
) -> dict[str, Any]:
    for role in roles:
        try:
            frame = _table(ws, role, tables)
        except Exception:  # noqa: BLE001 - a table step 05 could not read is skipped
            continue
        if {"question", "reponse_attendue"} <= set(frame.columns):
            return {
                str(q): a
                for q, a in zip(frame["question"], frame["reponse_attendue"], strict=True)
                if str(q) and str(q) != "nan"
            }
    return {}


def _measure(frame: pd.DataFrame, text: str, unit: str, skip: set[str]):
    """(kind, measure, items) for an indicator's words, or None."""
    import pandas as pd

    words = _words(text)
    candidates = [c for c in frame.columns if c not in skip]
    numeric = [
        c
        for c in candidates
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    boolean = [c for c in candidates if pd.api.types.is_bool_dtype(frame[c])]

    def overlap(column: str) -> int:
        return sum(
            1 for w in _words(column.replace("_", " ")) for v in words if w[:5] == v[:5] and w
        )

    if unit == "%" and boolean:
        best = max(boolean, key=overlap)
        if overlap(best) > 0:
            return "oui_non", best, ()
    ordered = [
        c
        for c in candidates
        if isinstance(frame[c].dtype, pd.CategoricalDtype) and frame[c].cat.ordered
    ]
    if "score" in french.fold(text).lower() and ordered:
        best = max(ordered, key=overlap)
        levels = list(frame[best].cat.categories)
        scale = [c for c in ordered if list(frame[c].cat.categories) == levels]
        if overlap(best) > 0 and len(scale) > 1:
            return "score", f"score sur {len(scale)} questions", tuple(scale)
    scored = sorted(numeric, key=overlap, reverse=True)
    if scored and overlap(scored[0]) > 0:
        best = scored[0]
        prefix = best.split("_")[0]
        scale = [c for c in numeric if c.split("_")[0] == prefix]
        if len(scale) > 1 and re.search(r"\(\s*\d+\s*(?:à|-|–)\s*\d+\s*\)", text):
            name = f"score {prefix}"
            return "score", name, tuple(scale)
        return "score", best, ()
    return None


def _table(ws: Workspace, role: str, tables: dict[str, pd.DataFrame] | None) -> pd.DataFrame:
    from .clean_workspace import load_clean_table

    if tables is not None and role in tables:
        return tables[role]
    return load_clean_table(ws, role)


def plan_before_after(
    ws: Workspace, tables: dict[str, pd.DataFrame] | None = None
) -> list[Comparison]:
    """The before/after comparisons the workspace allows (see the module's docstring).

    ``tables``: the clean tables already read (:func:`sizeup_helpers.reach.clean_tables`),
    so that they are not read again. An empty list when no outcome indicator's table has
    two waves, or before step 05.
    """
    from .clean_workspace import table_roles
    from .errors import SizeUpError
    from .indicators import load_indicators

    try:
        indicators = load_indicators(ws)
    except SizeUpError:
        return []
    roles = [r for role, sheets in table_roles(ws).items() for r in (role, *sheets)]
    plans: list[Comparison] = []
    # each table read once, however many indicators it serves (a till of a million rows)
    read: dict[str, pd.DataFrame] = dict(tables or {})
    for ind in indicators:
        if ind.level != "effet":
            continue
        table = ind.formula.table if ind.formula else ind.source
        try:
            frame = (
                read[table] if table in read else read.setdefault(table, _table(ws, table, None))
            )
        except SizeUpError:
            continue
        wave = wave_column(frame)
        ident = _id_column(frame)
        if wave is None or ident is None:
            continue
        present = sorted(
            {str(v) for v in frame[wave].dropna().astype(str)}, key=lambda v: _wave_number(v)
        )
        named = [int(n) for n in re.findall(r"\bT(\d)\b", ind.definition)]
        by_number = {_wave_number(v): v for v in present}
        chosen = [by_number[n] for n in dict.fromkeys(named) if n in by_number][:2]
        if len(chosen) < 2:
            chosen = present[:2]
        dates = [c for c in frame.columns if str(frame[c].dtype).startswith("datetime")]
        text = f"{ind.name} {ind.definition}"
        skip = {wave, ident, "personne_id", *dates}
        higher = not ((ind.target is not None and ind.target < 0) or ind.lower_is_better)
        common = dict(
            indicator=ind.id,
            label=ind.name,
            outcome=ind.element,
            table=table,
            wave=wave,
            id=ident,
            before=chosen[0],
            after=chosen[1],
            higher_is_better=higher,
            date=dates[0] if dates else None,
        )
        if "quiz" in french.fold(text).lower():
            key = _quiz_key(ws, [r for r in roles if r != table], read)
            key = {q: a for q, a in key.items() if q in frame.columns}
            if key:
                plans.append(
                    Comparison(
                        **common,
                        kind="score",
                        measure="score au quiz",
                        items=tuple(key),
                        key=key,
                    )
                )
                continue
        found = _measure(frame, text, ind.unit, skip)
        if found:
            kind, measure, items = found
            plans.append(Comparison(**common, kind=kind, measure=measure, items=items))
    return plans


def explain_plan(plans: list[Comparison]) -> Reading:
    """What will be compared, in plain French."""
    if not plans:
        return Reading.of(
            [
                "Aucune comparaison avant/après possible : aucun indicateur d'effet du "
                "référentiel ne lit une table propre avec des vagues (T0, T1…). Un "
                "questionnaire passé deux fois aux mêmes personnes (carnet 07) le permettra.",
            ],
            title="Comparaisons avant/après",
        )
    lines = [
        french.plural(
            len(plans), "comparaison avant/après prévue", "comparaisons avant/après prévues"
        )
        + " d'après le référentiel :"
    ]
    for p in plans:
        what = "oui/non, test de McNemar" if p.kind == "oui_non" else "score, test t apparié"
        lines.append(
            f"- {p.indicator} ({p.outcome}) : {french.quoted(p.measure)} dans la table "
            f"{french.quoted(p.table)}, vague {p.before} contre {p.after} ({what})."
        )
    return Reading.of(lines, title="Comparaisons avant/après")


@dataclass
class QuantitativeAnalysis:
    """The results of :func:`run_before_after`."""

    results: pd.DataFrame
    """One row per comparison, columns :data:`RESULTS_COLUMNS`."""
    pairing: pd.DataFrame
    """One row per comparison: the counts of :func:`~sizeup_helpers.before_after.pair_waves`."""
    attrition: pd.DataFrame
    likert: pd.DataFrame
    """The Likert distributions (``indicateur``, ``question``, ``moment``, ``level``,
    ``rank``, ``people``, ``share``)."""
    comparisons: list[Comparison] = field(default_factory=list)


def _long_values(frame: pd.DataFrame, plan: Comparison) -> pd.DataFrame:
    from .before_after import quiz_score, scale_score

    data = frame.copy()
    if plan.key:
        data[plan.measure] = quiz_score(data, plan.key).astype(float)
        data.loc[data[list(plan.items)].isna().all(axis=1), plan.measure] = float("nan")
    elif plan.items:
        data[plan.measure] = scale_score(data, list(plan.items))
    return data


def comparison_values(
    ws: Workspace, plan: Comparison, tables: dict[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """The answers table of ``plan`` in long form, with its measure computed (a quiz's
    right answers, a scale's summed ranks) in the column ``plan.measure``."""
    return _long_values(_table(ws, plan.table, tables), plan)


def _evidence(n: int, immediate: bool, min_pairs: int) -> str:
    if n < min_pairs:
        return f"insuffisant (moins de {min_pairs} paires)"
    if immediate:
        return "effet immédiat déclaré (même jour), pas un effet durable"
    return "changement déclaré, sans groupe de comparaison"


def run_before_after(
    ws: Workspace,
    plans: list[Comparison] | None = None,
    *,
    tables: dict[str, pd.DataFrame] | None = None,
    confidence: float = 0.95,
    min_pairs: int | None = None,
) -> QuantitativeAnalysis:
    """Run every planned comparison (:func:`plan_before_after` by default).

    Missing values: a person without the measure at one wave is left out of that
    comparison's pairs (a quiz with every question empty has no score).
    """
    import pandas as pd

    from . import before_after as ba

    plans = plan_before_after(ws, tables) if plans is None else plans
    min_pairs = ba.MIN_PAIRS if min_pairs is None else int(min_pairs)
    rows, counts, attrition, likert = [], [], [], []
    seen: set[tuple[str, str, str]] = set()
    for plan in plans:
        frame = _long_values(_table(ws, plan.table, tables), plan)
        ordered = [
            c
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype) and frame[c].cat.ordered
        ]
        columns = list(dict.fromkeys([plan.measure, *ordered]))
        paired = ba.pair_waves(
            frame,
            id=plan.id,
            wave=plan.wave,
            before=plan.before,
            after=plan.after,
            columns=columns,
            date=plan.date,
        )
        b, a = f"{plan.measure}_avant", f"{plan.measure}_apres"
        if plan.kind == "oui_non":
            r = ba.paired_proportions(paired.pairs, before=b, after=a)
            stats = {
                "moyenne_avant": r.at[0, "share_before"],
                "moyenne_apres": r.at[0, "share_after"],
                "difference_moyenne": r.at[0, "share_after"] - r.at[0, "share_before"],
                "type_de_test": f"McNemar ({r.at[0, 'method']})",
            }
        else:
            r = ba.paired_change(paired.pairs, before=b, after=a, confidence=confidence)
            stats = {
                "moyenne_avant": r.at[0, "mean_before"],
                "moyenne_apres": r.at[0, "mean_after"],
                "difference_moyenne": r.at[0, "mean_diff"],
                "ic_bas": r.at[0, "ci_low"],
                "ic_haut": r.at[0, "ci_high"],
                "d_z": r.at[0, "cohen_dz"],
                "p_wilcoxon": r.at[0, "wilcoxon_p_value"],
                "type_de_test": "t apparié et Wilcoxon",
            }
        c = paired.counts.iloc[0]
        sens = ba.outcome_direction(r, higher_is_better=plan.higher_is_better, min_pairs=min_pairs)
        if paired.immediate and sens != "non concluant":
            sens = "non concluant"
        rows.append(
            {
                "effet": plan.outcome,
                "sens": sens,
                "indicateur": plan.indicator,
                "mesure": plan.measure,
                "table": plan.table,
                "vagues": f"{plan.before} → {plan.after}",
                "n_paires (personnes)": int(r.at[0, "n"]),
                "n_avant (personnes)": int(c["n_before"]),
                "p_value": r.at[0, "p_value"],
                "niveau_de_preuve": _evidence(int(r.at[0, "n"]), paired.immediate, min_pairs),
                **stats,
            }
        )
        counts.append(paired.counts.assign(indicateur=plan.indicator, mesure=plan.measure))
        waves = (plan.table, plan.before, plan.after)
        if waves in seen:
            continue
        seen.add(waves)
        kept = [x for x in columns if paired.baseline[x].notna().any()]
        if kept and paired.baseline["answered_again"].nunique() == 2:
            att = ba.compare_attrition(paired.baseline, columns=kept)
            attrition.append(att.assign(indicateur=plan.indicator))
        for question in ordered:
            dist = ba.likert_distribution(
                paired.pairs, before=f"{question}_avant", after=f"{question}_apres"
            )
            likert.append(dist.assign(indicateur=plan.indicator, question=question))
    results = pd.DataFrame(rows, columns=RESULTS_COLUMNS)
    concat = lambda parts: pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()  # noqa: E731
    return QuantitativeAnalysis(
        results=results,
        pairing=concat(counts),
        attrition=concat(attrition),
        likert=concat(likert),
        comparisons=list(plans),
    )


NOT_REACHED = ("Sans nouvelle", "Sans nouvelles", "Injoignable", "NRP", "Numéro non attribué")
"""Situations that say the person could not be reached (compared without accents or case)."""


def _is_iae(ws: Workspace) -> bool:
    from .errors import SizeUpError
    from .indicators import load_indicators

    try:
        return any(
            i.formula is not None and i.formula.aggregation == "iae_exits"
            for i in load_indicators(ws)
        )
    except SizeUpError:
        return False


def situations_after(
    ws: Workspace,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    months: int = 6,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Situations after the programme at ``months`` months, with Wilson intervals.

    Read in every clean table with a column whose name starts with « situation »: the rows
    of the follow-up at ``months`` months when the table has an « echeance » or « etape »
    column (« 6 », « 6 mois »), all its rows when the column's own name says the months
    (« situation_6_mois »). An empty situation, one of :data:`NOT_REACHED`, or ``joint`` =
    false is a person not reached. Each share is given over those reached and over all,
    with the response rate (:func:`~sizeup_helpers.before_after.situation_rates`). The
    DARES figure at 6 months (:data:`sizeup_helpers.iae_exits.DARES_EMPLOI_6_MOIS`, a
    survey of leavers six months later) is given beside « emploi » only for a
    work-integration structure (an indicator counting its exits), only at 6 months, and
    never beside exit-time « sorties dynamiques »: a context, not an attribution.

    Returns the columns of ``situation_rates`` with ``table`` and ``mois`` first.
    """
    import pandas as pd

    from . import before_after as ba
    from .iae_exits import DARES_EMPLOI_6_MOIS
    from .reach import clean_tables

    tables = clean_tables(ws) if tables is None else tables
    reference = {"emploi": DARES_EMPLOI_6_MOIS} if months == 6 and _is_iae(ws) else None
    parts = []
    for name, frame in tables.items():
        folded = {french.fold_key(c, sep="_"): c for c in frame.columns}
        col = next((c for k, c in folded.items() if k.startswith("situation")), None)
        if col is None:
            continue
        when = next((folded[k] for k in ("echeance", "etape") if k in folded), None)
        if when is not None:
            numbers = frame[when].astype(str).str.extract(r"(\d+)")[0]
            data = frame[numbers == str(months)]
        elif f"{months}_mois" in french.fold_key(col, sep="_"):
            data = frame
        else:
            continue
        data = data[[col, *([folded["joint"]] if "joint" in folded else [])]].copy()
        data[col] = data[col].astype("object")
        if "joint" in folded:
            data.loc[data[folded["joint"]].fillna(False).eq(False), col] = None
        rates = ba.situation_rates(
            data,
            situation=col,
            not_reached=NOT_REACHED,
            reference=reference,
            confidence=confidence,
        )
        if not rates.empty:
            parts.append(rates.assign(table=name, mois=months))
    if not parts:
        return pd.DataFrame(columns=["table", "mois"])
    out = pd.concat(parts, ignore_index=True)
    return out[["table", "mois", *[c for c in out.columns if c not in ("table", "mois")]]]


def explain_situations_after(rates: pd.DataFrame) -> Reading:
    """:func:`situations_after` in plain French, table by table."""
    from . import before_after as ba
    from .iae_exits import DARES_SOURCE

    if rates.empty:
        return Reading.of(
            [
                "Aucun suivi des situations après le programme dans vos tables propres : ni "
                "colonne « situation » à une échéance, ni enquête auprès des sortants."
            ],
            title="Situations après le programme",
        )
    lines = []
    for name, part in rates.groupby("table", sort=False):
        months = int(part["mois"].iloc[0])
        body = ba.explain_situation_rates(
            part.drop(columns=["table", "mois"]).reset_index(drop=True), source=DARES_SOURCE
        ).to_text()
        lines.append(f"**{french.quoted(name)}, à {months} mois** — {body}")
    return Reading.of(lines, title="Situations après le programme (en personnes)")


def _num(value: Any, digits: int = 2) -> str:
    return french.decimal(round(float(value), digits), digits)


def _p(p: Any) -> str:
    p = float(p)
    return "p < 0,001" if p < 0.001 else f"p = {french.decimal(round(p, 3), 3)}"


def explain_before_after(analysis: QuantitativeAnalysis) -> Reading:
    """Each comparison in one sentence: pairs, change, interval, level of evidence."""
    res = analysis.results
    if res.empty:
        return Reading.of(
            [
                "Pas de résultat avant/après : rien à comparer dans les données de cet espace. "
                "Les indicateurs d'effet restent à collecter (carnets 07 et 08)."
            ],
            title="Avant/après",
        )
    lines = []
    for _, r in res.iterrows():
        n = int(r["n_paires (personnes)"])
        head = (
            f"- **{r['indicateur']}** ({r['effet']}, {french.quoted(r['mesure'])}, "
            f"{r['vagues']}) : {french.plural(n, 'paire', 'paires')} "
            f"sur {french.plural(int(r['n_avant (personnes)']), 'personne', 'personnes')} "
            "à la première vague"
        )
        if n == 0:
            lines.append(head + " : rien à comparer.")
            continue
        if str(r["type_de_test"]).startswith("McNemar"):
            body = (
                f" ; part de « oui » {french.percent(float(r['moyenne_avant']))} puis "
                f"{french.percent(float(r['moyenne_apres']))} "
                f"({_p(r['p_value'])})"
            )
        else:
            body = (
                f" ; différence moyenne {_num(r['difference_moyenne'])} "
                f"(intervalle de {_num(r['ic_bas'])} à {_num(r['ic_haut'])}, "
                f"d_z = {_num(r['d_z'])}, {_p(r['p_value'])})"
            )
            if float(r["ic_bas"]) <= 0 <= float(r["ic_haut"]):
                body += ", l'intervalle contient zéro"
        lines.append(f"{head}{body}. Sens : **{r['sens']}** — {r['niveau_de_preuve']}.")
    lines.append(
        "Sans groupe de comparaison, ces écarts décrivent un changement chez les mêmes "
        "personnes, pas un effet attribuable à l'action."
    )
    return Reading.of(lines, title="Avant/après, indicateur par indicateur")


def likert_figures(analysis: QuantitativeAnalysis) -> dict[str, Any]:
    """One diverging stacked bar chart per ordered question and comparison, by file name
    (``likert-<indicateur>-<question>.png``); each figure's label is its alternative text."""
    from .plots import likert_chart

    figures = {}
    if analysis.likert.empty:
        return figures
    for (ind, question), dist in analysis.likert.groupby(["indicateur", "question"], sort=False):
        name = f"likert-{french.slugify(f'{ind}-{question}')}.png"
        figures[name] = likert_chart(dist, question=str(question).replace("_", " "))
    return figures


def explain_ordinal_and_attrition(analysis: QuantitativeAnalysis) -> Reading:
    """The ordered answers read as distributions, then who was lost between the waves."""
    from . import before_after as ba

    if analysis.results.empty:
        return Reading.of(
            ["Pas de vagues à comparer : ni réponses ordonnées ni personnes perdues de vue."],
            title="Réponses ordonnées et perdus de vue",
        )
    lines = []
    for ind, att in (
        analysis.attrition.groupby("indicateur", sort=False) if not analysis.attrition.empty else []
    ):
        lines.append(f"**{ind}** — " + ba.explain_attrition(att.reset_index(drop=True)).to_text())
    if not analysis.likert.empty:
        for (ind, question), dist in analysis.likert.groupby(
            ["indicateur", "question"], sort=False
        ):
            label = f"{ind}, {str(question).replace('_', ' ')}"
            lines.append(ba.explain_likert(dist.reset_index(drop=True), label=label).to_text())
    if not lines:
        lines.append(
            "Toutes les personnes du départ ont répondu de nouveau : personne n'est perdu."
        )
    return Reading.of(lines, title="Réponses ordonnées et perdus de vue")


def save_quantitative_analysis(
    analysis: QuantitativeAnalysis,
    ws: Workspace,
    *,
    extra: dict[str, Any] | None = None,
    small_cell_threshold: int = 11,
) -> list[Path]:
    """Write the step's tables (CSV UTF-8 with BOM), the reach chart ``portee.png`` (always),
    the Likert charts (PNG with their alternative text) and ``analyse-quantitative.md`` in
    ``ws.step_dir("09")``.

    ``extra`` maps more file names to frames (the reach and exploration tables); the reach
    chart draws its ``entonnoir.csv`` (the funnel) or else its ``portee.csv`` (people per
    table), counts under ``small_cell_threshold`` people masked
    (:func:`sizeup_helpers.plots.reach_chart`)."""
    import pandas as pd

    from .plots import reach_chart, save_figure

    folder = ws.step_dir(STEP)
    frames = {
        RESULTS_FILE: analysis.results.round(6),
        "appariement.csv": analysis.pairing,
        "attrition.csv": analysis.attrition,
        "likert.csv": analysis.likert,
        **(extra or {}),
    }
    paths = [ws.write_csv(folder / name, frame, bom=True) for name, frame in frames.items()]
    extra = extra or {}
    fig = reach_chart(
        extra.get("entonnoir.csv", pd.DataFrame()),
        extra.get("portee.csv", pd.DataFrame()),
        small_cell_threshold=small_cell_threshold,
    )
    paths.append(
        save_figure(
            fig,
            folder / REACH_CHART_FILE,
            title="Portée de l'action, en personnes",
            description=fig.get_label(),
        )
    )
    for name, fig in likert_figures(analysis).items():
        paths.append(save_figure(fig, folder / name, description=fig.get_label()))
    text = "# Analyse quantitative\n\n" + explain_before_after(analysis).to_text() + "\n"
    paths.append(ws.write_text(folder / "analyse-quantitative.md", text))
    return paths


def explain_saved_analysis(paths: list[Path]) -> Reading:
    """The files written, with what each holds."""
    lines = [f"{french.plural(len(paths), 'fichier écrit', 'fichiers écrits')} :"]
    lines += [f"- `{p.name}`" for p in paths]
    return Reading.of(lines, title="Livrables de l'étape 09")


def load_results(ws: Workspace) -> pd.DataFrame:
    """``resultats-par-effet.csv`` as saved (text columns), an empty frame with
    :data:`RESULTS_COLUMNS` before step 09."""
    import pandas as pd

    path = ws.step_dir(STEP, create=False) / RESULTS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=RESULTS_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")

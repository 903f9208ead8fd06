"""Before/after statistics for small samples (step 09 « Analyse quantitative »).

A structure asks the same questions before its action (T0) and after it (T1, T2…), and
wants to know what changed for the same people. This module pairs the waves by respondent
code and says, in tidy tables with fixed column names and in plain French, what the answers
allow to conclude:

- :func:`pair_waves`: one row per person who answered both waves, with the counts of
  people at baseline, at follow-up, paired and lost, the duplicated codes (reported, never
  silently dropped) and whether the second wave was taken the same day as the activity
  (an « effet immédiat déclaré », never an outcome);
- :func:`paired_change`: a numeric answer before and after (mean difference with its
  confidence interval, paired t test, Cohen's d_z, Wilcoxon signed-rank test);
- :func:`paired_proportions`: a yes/no answer before and after (McNemar, with or without
  continuity correction, or exact);
- :func:`wilson_interval` and :func:`situation_rates`: shares with their Wilson interval,
  over the people reached and over all, beside the response rate and a national reference
  figure (context, never attribution);
- :func:`likert_distribution`: an ordinal answer's levels before and after, in people
  (drawn by :func:`sizeup_helpers.plots.plot_likert`);
- :func:`compare_attrition`: the people who answered again against those lost, at baseline;
- the readings ``explain_…`` returning a :class:`~sizeup_helpers.reading.Reading`.

Method and sources. The before/after comparison of the same people is the « preuve » step
of an evaluation (Avise, « Les étapes d'une démarche d'évaluation de l'impact social »,
https://www.avise.org/evaluation-impact-social/demarches-et-methodes/etapes-dune-demarche-devaluation);
without a comparison group it measures a change, not an impact: the CSESS (2011) defines
social impact as the consequences *of the activities* of an organisation, which a
before/after difference alone cannot separate from what would have happened anyway
(« effet d'aubaine »). The readings therefore never make a causal claim. Formulas:

- paired t test and its interval: Student (1908); d_z = mean difference / standard
  deviation of the differences (Cohen 1988, *Statistical Power Analysis*, 2nd ed., §2.3;
  Lakens 2013, *Frontiers in Psychology* 4:863, which explains why d_z is not the
  between-groups d);
- Wilcoxon (1945) signed-rank test as computed by :func:`scipy.stats.wilcoxon`;
- McNemar (1947), *Psychometrika* 12:153, with Edwards' (1948) continuity correction, and
  its exact binomial version;
- Wilson (1927), *JASA* 22:209, recommended for small samples by Newcombe (1998),
  *Statistics in Medicine* 17:857.

scipy and pandas are imported inside the functions, so ``import sizeup_helpers`` stays
light.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import BeforeAfterError, check_columns, check_option
from .french import agree, fold_key, integer, number, percent, plural, quoted
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "EFFECT_SIZE_THRESHOLDS",
    "MIN_PAIRS",
    "PairedWaves",
    "DIRECTIONS",
    "compare_attrition",
    "effect_size_label",
    "explain_attrition",
    "explain_likert",
    "explain_paired_change",
    "explain_paired_proportions",
    "explain_pairing",
    "explain_situation_rates",
    "likert_distribution",
    "normalise_codes",
    "outcome_direction",
    "pair_waves",
    "paired_change",
    "paired_proportions",
    "quiz_score",
    "scale_score",
    "situation_rates",
    "wilson_interval",
]

#: Fewer pairs than this and the readings refuse to conclude. With 30 pairs a medium
#: effect (d_z = 0,5) is detected about three times in four by a two-sided paired t test at
#: 5 % (power 0,75 from the noncentral t distribution; 34 pairs give 0,81, the usual « 80 % »
#: of Cohen 1988, ch. 2), and 30 is the usual rule of thumb for leaning on the t
#: distribution when the differences are not normal. Below it, the reading still gives the
#: figures but says « on ne peut pas conclure avec N réponses ».
MIN_PAIRS = 30

#: Cohen's (1988) benchmarks for a standardised difference, applied to |d_z|: under 0,2
#: negligible, from 0,2 small, from 0,5 medium, from 0,8 large. They were written for two
#: independent groups; on repeated measures d_z is often larger than the between-groups d
#: for the same change (Lakens 2013), so the readings call them « repères », not verdicts.
EFFECT_SIZE_THRESHOLDS = ((0.8, "grand effet"), (0.5, "effet moyen"), (0.2, "petit effet"))

#: The significance level the readings use to say a result is « net ».
ALPHA = 0.05

_YES = {"oui", "o", "yes", "y", "vrai", "v", "true", "1", "1 0"}
_NO = {"non", "n", "no", "faux", "f", "false", "0", "0 0"}
_CODE = re.compile(r"^\s*([A-Za-z]*)([\s\-_./]*)(\d+(?:[\s\-_./]+\d+)*)\s*$")
_SEPARATORS = re.compile(r"[\s\-_./]+")

_PAIRED_COLUMNS = [
    "n",
    "n_excluded",
    "mean_before",
    "mean_after",
    "mean_diff",
    "median_diff",
    "sd_diff",
    "se_diff",
    "confidence",
    "ci_low",
    "ci_high",
    "t",
    "df",
    "p_value",
    "cohen_dz",
    "n_nonzero",
    "wilcoxon_statistic",
    "wilcoxon_p_value",
]
_MCNEMAR_COLUMNS = [
    "n",
    "n_excluded",
    "yes_before",
    "yes_after",
    "share_before",
    "share_after",
    "a",
    "b",
    "c",
    "d",
    "method",
    "statistic",
    "df",
    "p_value",
]
_WILSON_COLUMNS = ["k", "n", "share", "confidence", "ci_low", "ci_high"]


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------
def _confidence(confidence: Any) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise TypeError(f"`confidence` doit être un nombre entre 0 et 1, pas {confidence!r}.")
    if not 0 < confidence < 1:
        raise ValueError(
            f"`confidence` doit être strictement entre 0 et 1 (0.95 pour 95 %), pas {confidence!r}."
        )
    return float(confidence)


def _p(p: float) -> str:
    """A p-value in French: « p = 0,032 », « p < 0,001 »."""
    if p < 0.001:
        return "p < 0,001"
    return f"p = {number(round(p, 3), 3)}"


def _signed(x: float, digits: int = 2) -> str:
    text = number(round(x, digits), digits)
    return f"+{text}" if x > 0 and not text.startswith("+") else text


def _numeric(data: pd.DataFrame, column: str, func: str) -> pd.Series:
    """A column as floats: numbers as they are, ordered levels as their rank (1, 2, …)."""
    import pandas as pd

    values = data[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        if not values.cat.ordered:
            raise BeforeAfterError(
                f"`{func}` : la colonne « {column} » contient des catégories sans ordre "
                f"({', '.join(map(quoted, list(values.cat.categories)[:4]))}) : ce ne sont "
                "pas des nombres. Pour des réponses oui/non, utilisez `paired_proportions`."
            )
        codes = values.cat.codes.astype("float64")
        return codes.where(codes >= 0).add(1.0)
    if pd.api.types.is_bool_dtype(values):
        raise BeforeAfterError(
            f"`{func}` : la colonne « {column} » contient des réponses oui/non : utilisez "
            "`paired_proportions` (test de McNemar) plutôt qu'une moyenne."
        )
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("Float64").astype("float64")
    converted = pd.to_numeric(values, errors="coerce")
    bad = values[converted.isna() & values.notna()]
    if len(bad):
        shown = ", ".join(quoted(v) for v in bad.astype(str).unique()[:3])
        raise BeforeAfterError(
            f"`{func}` : la colonne « {column} » n'est pas numérique ({shown}…) : "
            "convertissez d'abord ses réponses en nombres (carnet 05)."
        )
    return converted.astype("float64")


# --------------------------------------------------------------------------------------
# Pairing the waves
# --------------------------------------------------------------------------------------
def normalise_codes(codes: Iterable[Any]) -> pd.Series:
    """Respondent codes written the same way, so that a code typed twice pairs with itself.

    A code made of an optional letter prefix and groups of digits (« C005-23 »,
    « b-0076 », « B0081 », « 73 ») is upper-cased, each group of digits zero-padded to the
    width most codes have there, a missing prefix replaced by the most common one, and the
    parts joined as most codes join them (« B-0081 » if most codes have a dash after the
    letters, « C005-23 » if most have none); any other code (a pseudonym « P-3f9a… ») is
    only stripped.

    >>> list(normalise_codes(["B-0066", "b-0067", "B0068", "B-69", "70", None]))
    ['B-0066', 'B-0067', 'B-0068', 'B-0069', 'B-0070', None]
    >>> list(normalise_codes(["C005-23", "c005-3", "C005 24", "006-09"]))
    ['C005-23', 'C005-03', 'C005-24', 'C006-09']
    """
    import pandas as pd

    text = pd.Series(list(codes) if not isinstance(codes, pd.Series) else codes, dtype="object")
    parsed: list[tuple[str, bool, list[str]] | None] = []
    for value in text:
        match = None if _missing(value) else _CODE.match(str(value))
        parsed.append(
            (match.group(1).upper(), bool(match.group(2)), _SEPARATORS.split(match.group(3)))
            if match
            else None
        )
    matched = [p for p in parsed if p is not None]
    out: list[Any] = []
    if matched:
        with_prefix = [(pre, dash) for pre, dash, _ in matched if pre]
        prefix = pd.Series([p for p, _ in with_prefix]).mode().iloc[0] if with_prefix else ""
        dash = bool(pd.Series([d for _, d in with_prefix]).mode().iloc[0]) if with_prefix else True
        groups = pd.Series([len(g) for _, _, g in matched]).mode().iloc[0]
        widths = [
            int(pd.Series([len(g[i]) for _, _, g in matched if len(g) == groups]).mode().iloc[0])
            for i in range(groups)
        ]
    for p, value in zip(parsed, text, strict=True):
        if p is None:
            out.append(None if _missing(value) else str(value).strip())
            continue
        pre, _, digits = p
        parts = [d.zfill(widths[i]) if i < len(widths) else d for i, d in enumerate(digits)]
        pre = pre or prefix
        out.append(f"{pre}{'-' if dash and pre else ''}{'-'.join(parts)}")
    return pd.Series(out, index=text.index, dtype="object")


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


@dataclass(frozen=True)
class PairedWaves:
    """Two waves of answers paired by respondent code (see :func:`pair_waves`).

    Attributes
    ----------
    pairs : pandas.DataFrame
        One row per person who answered both waves: ``id`` (the normalised code), then for
        each compared column ``<column>_avant`` and ``<column>_apres``.
    counts : pandas.DataFrame
        One row: ``before_wave``, ``after_wave``, ``n_before``, ``n_after``, ``n_pairs``,
        ``n_lost`` (answered before, not after), ``n_new_after`` (answered after, not
        before), ``pairing_rate`` (``n_pairs / n_before``), ``duplicates_before``,
        ``duplicates_after`` (codes given more than once in the wave), ``median_days``
        (between a person's two answers, when dates are given), ``immediate``. Units:
        people (distinct codes).
    duplicates : pandas.DataFrame
        ``id``, ``wave``, ``answers``: every code answered more than once in a wave.
    baseline : pandas.DataFrame
        The before wave, one row per person (``id`` and the compared columns) with
        ``answered_again`` (bool): what :func:`compare_attrition` compares.
    immediate : bool
        True when the after wave was taken the same day as the activity (« effet immédiat
        déclaré »): it measures a feeling at the end of a session, not an outcome.
    """

    pairs: Any
    counts: Any
    duplicates: Any
    baseline: Any
    columns: tuple[str, ...]
    before: str
    after: str
    immediate: bool
    duplicate_policy: str = "first"

    def column(self, name: str, when: str) -> str:
        """The column of ``pairs`` holding ``name`` « avant » or « apres »."""
        check_option("when", when, ["avant", "apres"])
        return f"{name}_{when}"

    def _repr_markdown_(self) -> str:
        return explain_pairing(self)._repr_markdown_()


def pair_waves(
    data: pd.DataFrame,
    *,
    id: str,
    wave: str,
    before: Any,
    after: Any,
    columns: str | list[str] | None = None,
    date: str | None = None,
    immediate: bool | None = None,
    normalise: bool = True,
    duplicates: str = "first",
) -> PairedWaves:
    """Pair the answers of two waves of a questionnaire by respondent code.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer, in long form: a column for the respondent code, one for the
        wave (« T0 », « T1 »…) and the answers.
    id : str
        The respondent code (or the person id of step 05).
    wave : str
        The column naming the wave.
    before, after : value of ``wave``
        The baseline wave and the follow-up wave.
    columns : str or list of str, optional
        The answers to pair; by default every column but ``id``, ``wave`` and ``date``.
    date : str, optional
        The date of each answer. The median number of days between a person's two answers
        is reported; when it is 0 and ``immediate`` is not given, the follow-up is an
        « effet immédiat déclaré ».
    immediate : bool, optional
        Say explicitly whether the follow-up wave was taken the same day as the activity
        (at the end of a workshop, for instance). It then measures a feeling at the end of
        a session, never an outcome; the readings say so.
    normalise : bool, default True
        Write the codes the same way first (:func:`normalise_codes`): « c005-3 » and
        « C005-03 » are one person.
    duplicates : {"first", "exclude"}
        A code answered more than once in a wave is always reported (``duplicates``);
        ``"first"`` pairs its first answer (in file order), ``"exclude"`` leaves the code
        out of the pairs.

    Returns
    -------
    PairedWaves
        Pairs, counts, duplicates and the baseline with ``answered_again``.

    Notes
    -----
    Missing values: a row without a code is left out (it cannot be paired) and counted
    nowhere; an empty answer stays empty in the pairs, and each analysis keeps the pairs
    with both answers of the column it reads.
    """
    import pandas as pd

    check_columns(data, [id, wave], "pair_waves", error=BeforeAfterError)
    check_option("duplicates", duplicates, ["first", "exclude"])
    if date is not None:
        check_columns(data, [date], "pair_waves", error=BeforeAfterError)
    if columns is None:
        columns = [c for c in data.columns if c not in {id, wave, date}]
    columns = check_columns(data, columns, "pair_waves", error=BeforeAfterError)
    waves = data[wave].astype("object")
    known = [w for w in pd.unique(waves.dropna())]
    for name, value in (("before", before), ("after", after)):
        if value not in known:
            raise BeforeAfterError(
                f"`pair_waves` : la vague {quoted(value)} (`{name}`) n'existe pas dans la "
                f"colonne « {wave} » (vagues présentes : "
                f"{', '.join(map(quoted, map(str, known))) or 'aucune'})."
            )
    if before == after:
        raise BeforeAfterError("`pair_waves` : `before` et `after` désignent la même vague.")
    codes = normalise_codes(data[id]) if normalise else data[id].astype("object")
    frame = data[[*columns, *([date] if date else [])]].copy()
    frame.insert(0, "id", codes.to_numpy())
    frame.insert(1, "_wave", waves.to_numpy())
    frame = frame[frame["id"].notna()]
    parts, dups = {}, []
    for label, value in (("avant", before), ("apres", after)):
        rows = frame[frame["_wave"] == value]
        sizes = rows.groupby("id", sort=False).size()
        for code, n in sizes[sizes > 1].items():
            dups.append({"id": code, "wave": value, "answers": int(n)})
        if duplicates == "exclude":
            rows = rows[~rows["id"].isin(sizes[sizes > 1].index)]
        parts[label] = rows.drop_duplicates("id", keep="first").drop(columns="_wave")
    dup_frame = pd.DataFrame(dups, columns=["id", "wave", "answers"])
    dup_frame["answers"] = dup_frame["answers"].astype("int64")
    first, second = parts["avant"], parts["apres"]
    pairs = first.merge(second, on="id", suffixes=("_avant", "_apres"), validate="one_to_one")
    keep = ["id"] + [f"{c}_{w}" for c in columns for w in ("avant", "apres")]
    days = math.nan
    if date:
        gap = (
            pd.to_datetime(pairs[f"{date}_apres"], errors="coerce")
            - pd.to_datetime(pairs[f"{date}_avant"], errors="coerce")
        ).dt.days
        days = float(gap.median()) if gap.notna().any() else math.nan
    if immediate is None:
        immediate = bool(days == 0)
    pairs = pairs[keep].reset_index(drop=True)
    ids_after = set(second["id"])
    all_before = set(frame.loc[frame["_wave"] == before, "id"])
    all_after = set(frame.loc[frame["_wave"] == after, "id"])
    counts = pd.DataFrame(
        [
            {
                "before_wave": str(before),
                "after_wave": str(after),
                "n_before": len(all_before),
                "n_after": len(all_after),
                "n_pairs": len(pairs),
                "n_lost": len(all_before - all_after),
                "n_new_after": len(all_after - all_before),
                "pairing_rate": len(pairs) / len(all_before) if all_before else math.nan,
                "duplicates_before": int((dup_frame["wave"] == before).sum()),
                "duplicates_after": int((dup_frame["wave"] == after).sum()),
                "median_days": days,
                "immediate": bool(immediate),
            }
        ]
    )
    baseline = first[["id", *columns]].reset_index(drop=True)
    baseline["answered_again"] = baseline["id"].isin(ids_after)
    return PairedWaves(
        pairs=pairs,
        counts=counts,
        duplicates=dup_frame,
        baseline=baseline,
        columns=tuple(columns),
        before=str(before),
        after=str(after),
        immediate=bool(immediate),
        duplicate_policy=duplicates,
    )


def explain_pairing(
    paired: PairedWaves, *, unit: tuple[str, str] = ("personne", "personnes")
) -> Reading:
    """Who answered each wave, who is paired, who is lost, in plain French."""
    c = paired.counts.iloc[0]
    one, many = unit
    b, a = quoted(c["before_wave"]), quoted(c["after_wave"])
    n_before, n_pairs = int(c["n_before"]), int(c["n_pairs"])
    lines = [
        f"À la vague {b}, {plural(n_before, one, many)} {agree(n_before, 'a', 'ont')} répondu ; "
        f"à la vague {a}, {integer(c['n_after'])}.",
    ]
    if n_pairs == 0:
        lines.append(
            "Aucun code ne se retrouve dans les deux vagues : il n'y a aucune paire à "
            "comparer. Vérifiez que le même code personnel est demandé aux deux vagues."
        )
    else:
        rate = f" ({percent(c['pairing_rate'])} des répondants de {b})" if n_before else ""
        lines.append(
            f"**{plural(n_pairs, one, many)}** {agree(n_pairs, 'a', 'ont')} répondu aux deux"
            f"{rate} : ce sont les paires comparées."
        )
    if c["n_lost"]:
        lost = int(c["n_lost"])
        lines.append(
            f"- {plural(lost, one, many)} de {b} sans réponse à {a} : "
            f"{agree(lost, 'c’est une personne perdue', 'ce sont des personnes perdues')} de "
            "vue ; comparez au départ les personnes perdues de vue et les autres "
            "(`compare_attrition`)."
        )
    if c["n_new_after"]:
        new = int(c["n_new_after"])
        lines.append(
            f"- {plural(new, one, many)} {agree(new, 'a', 'ont')} répondu à {a} sans réponse "
            f"à {b} : hors des paires."
        )
    n_dup = len(paired.duplicates)
    if n_dup:
        kept = (
            "la première réponse est gardée"
            if paired.duplicate_policy == "first"
            else "ces codes sont laissés hors des paires"
        )
        lines.append(
            f"- {plural(n_dup, 'code apparaît', 'codes apparaissent')} plusieurs fois dans une "
            f"même vague ({', '.join(map(quoted, paired.duplicates['id'].astype(str)[:5]))}) : "
            f"{kept} ; vérifiez-les dans la liste des doublons."
        )
    if paired.immediate:
        lines.append(
            f"La vague {a} a été remplie le jour même de l'activité : c'est un **effet "
            "immédiat déclaré** (un ressenti en fin de séance), pas un changement durable."
        )
    return Reading.of(lines, table=paired.counts)


# --------------------------------------------------------------------------------------
# Numeric answers: paired t test, d_z, Wilcoxon
# --------------------------------------------------------------------------------------
def paired_change(
    data: pd.DataFrame,
    *,
    before: str,
    after: str,
    id: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Change of a numeric answer for the same people, before and after.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (wide form, as :attr:`PairedWaves.pairs`).
    before, after : str
        The columns of the answer before and after. Numbers, or ordered levels (a Likert
        scale), counted as their rank 1, 2, … .
    id : str, optional
        The respondent code: when given, a code found on two rows is an error.
    confidence : float, default 0.95
        The level of the interval of the mean difference.

    Returns
    -------
    pandas.DataFrame
        One row with the columns ``n`` (pairs with both answers, in people),
        ``n_excluded`` (rows left out for a missing answer), ``mean_before``,
        ``mean_after``, ``mean_diff``, ``median_diff``, ``sd_diff``, ``se_diff``,
        ``confidence``, ``ci_low``, ``ci_high``, ``t``, ``df``, ``p_value``,
        ``cohen_dz``, ``n_nonzero`` (differences that are not zero), ``wilcoxon_statistic``,
        ``wilcoxon_p_value``.

    Notes
    -----
    Differences are ``after − before``: a positive ``mean_diff`` is a rise. With
    :math:`d_i` the differences, :math:`\\bar d` their mean and :math:`s_d` their standard
    deviation (ddof 1): :math:`t = \\bar d / (s_d / \\sqrt n)` on :math:`n - 1` degrees of
    freedom, the interval :math:`\\bar d \\pm t_{n-1, (1+c)/2} \\, s_d / \\sqrt n`, and
    :math:`d_z = \\bar d / s_d` (Cohen's d for paired data, not the pooled d). The
    Wilcoxon signed-rank test is :func:`scipy.stats.wilcoxon` with its defaults:
    ``zero_method="wilcox"`` drops the zero differences before ranking (``n_nonzero``
    says how many are left), ``method="auto"`` (exact distribution for small samples
    without ties, normal approximation otherwise), two-sided.

    Missing values: only pairs with both answers are used (``n_excluded`` counts the
    others). Results agree with :func:`scipy.stats.ttest_rel` and
    :func:`scipy.stats.wilcoxon` on the same pairs.

    Raises
    ------
    BeforeAfterError
        No pairs, a single pair, every difference the same (« toutes les réponses sont
        identiques »), a column that is not numeric, a duplicated code.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"t0": [4, 5, 3, 6, 5], "t1": [6, 6, 5, 6, 7]})
    >>> r = paired_change(d, before="t0", after="t1")
    >>> r[["n", "mean_diff", "df"]].to_dict("records")
    [{'n': 5, 'mean_diff': 1.4, 'df': 4}]
    """
    import numpy as np
    import pandas as pd
    from scipy import stats

    level = _confidence(confidence)
    check_columns(
        data, [before, after, *([id] if id else [])], "paired_change", error=BeforeAfterError
    )
    if id is not None:
        codes = data[id].dropna()
        twice = codes[codes.duplicated()].astype(str).unique()
        if len(twice):
            raise BeforeAfterError(
                f"`paired_change` : {plural(len(twice), 'code apparaît', 'codes apparaissent')} "
                f"sur plusieurs lignes ({', '.join(map(quoted, twice[:5]))}) : une ligne par "
                "personne est attendue (voir `pair_waves`)."
            )
    x = _numeric(data, before, "paired_change")
    y = _numeric(data, after, "paired_change")
    both = x.notna() & y.notna()
    x, y = x[both].to_numpy(dtype=float), y[both].to_numpy(dtype=float)
    n = len(x)
    if n == 0:
        raise BeforeAfterError(
            f"`paired_change` : aucune personne n'a répondu à la fois à « {before} » et à "
            f"« {after} » : il n'y a aucune paire à comparer."
        )
    if n == 1:
        raise BeforeAfterError(
            "`paired_change` : une seule personne a répondu avant et après : une paire ne "
            "suffit pas pour mesurer un changement (il en faut au moins deux, et bien plus "
            "pour conclure)."
        )
    diff = y - x
    sd = float(np.std(diff, ddof=1))
    if sd == 0:
        if np.all(diff == 0):
            raise BeforeAfterError(
                f"`paired_change` : toutes les réponses sont identiques avant et après "
                f"({plural(n, 'paire', 'paires')}) : aucun changement à tester."
            )
        raise BeforeAfterError(
            f"`paired_change` : toutes les personnes ont changé exactement de "
            f"{_signed(float(diff[0]))} : l'écart-type des différences est nul, le test et "
            "la taille d'effet ne se calculent pas ; dites simplement ce changement."
        )
    mean = float(diff.mean())
    se = sd / math.sqrt(n)
    t = mean / se
    df = n - 1
    p = float(2 * stats.t.sf(abs(t), df))
    half = float(stats.t.ppf((1 + level) / 2, df)) * se
    nonzero = int(np.count_nonzero(diff))
    if nonzero:
        w = stats.wilcoxon(y, x)
        w_stat, w_p = float(w.statistic), float(w.pvalue)
    else:  # pragma: no cover - every difference zero is refused above
        w_stat, w_p = math.nan, math.nan
    row = {
        "n": n,
        "n_excluded": int((~both).sum()),
        "mean_before": float(x.mean()),
        "mean_after": float(y.mean()),
        "mean_diff": mean,
        "median_diff": float(np.median(diff)),
        "sd_diff": sd,
        "se_diff": se,
        "confidence": level,
        "ci_low": mean - half,
        "ci_high": mean + half,
        "t": t,
        "df": df,
        "p_value": p,
        "cohen_dz": mean / sd,
        "n_nonzero": nonzero,
        "wilcoxon_statistic": w_stat,
        "wilcoxon_p_value": w_p,
    }
    return pd.DataFrame([row], columns=_PAIRED_COLUMNS)


def _unit(x: float, unit: str) -> str:
    """« points » agreed with a difference: « +0,25 point », « +1,7 points » (under 2, the
    singular, :func:`~sizeup_helpers.french.agree`); other units are kept as given."""
    if unit.endswith("s") and not unit.endswith("ss"):
        return agree(round(x, 2), unit[:-1], unit)
    return unit


def effect_size_label(dz: float) -> str:
    """« petit effet », « effet moyen »… for ``|d_z|`` (:data:`EFFECT_SIZE_THRESHOLDS`).

    >>> effect_size_label(-0.55), effect_size_label(0.1)
    ('effet moyen', 'effet négligeable')
    """
    for threshold, label in EFFECT_SIZE_THRESHOLDS:
        if abs(dz) >= threshold:
            return label
    return "effet négligeable"


def _too_few(n: int, min_pairs: int) -> str:
    return (
        f"**On ne peut pas conclure avec {integer(n)} {agree(n, 'réponse', 'réponses')} "
        f"avant/après** : il faut au moins {integer(min_pairs)} paires pour qu'un test et une "
        "taille d'effet soient lisibles ; lisez ces chiffres comme une première indication, "
        "à confirmer avec plus de réponses ou des entretiens."
    )


_NO_CAUSE = (
    "Sans groupe de comparaison, ce changement avant/après ne prouve pas que votre action en "
    "est la cause : d'autres choses ont pu changer pour ces personnes pendant ce temps."
)


def explain_paired_change(
    result: pd.DataFrame,
    *,
    label: str = "",
    unit: str = "points",
    immediate: bool = False,
    higher_is_better: bool | None = True,
    min_pairs: int = MIN_PAIRS,
    alpha: float = ALPHA,
) -> Reading:
    """The result of :func:`paired_change` in plain French.

    Parameters
    ----------
    result : pandas.DataFrame
        The one-row frame of :func:`paired_change` (an empty frame says there is nothing).
    label : str
        What was measured (« Confiance en soi (0 à 10) »).
    unit : str
        The unit of the difference (« points »).
    immediate : bool
        The after wave was taken the same day as the activity (:attr:`PairedWaves.immediate`):
        an « effet immédiat déclaré », never an outcome.
    higher_is_better : bool or None
        Whether a rise is an improvement (False for an isolation score); None says only
        « hausse » or « baisse ».
    min_pairs : int
        Under this number of pairs the reading refuses to conclude (:data:`MIN_PAIRS`).
    alpha : float
        The level under which a p-value is said « net ».
    """
    name = f"**{label}** : " if label else ""
    if result is None or len(result) == 0:
        return Reading.of(
            [f"{name}aucune paire avant/après à analyser : rien ne peut être dit du changement."]
        )
    r = result.iloc[0]
    n, diff = int(r["n"]), float(r["mean_diff"])
    direction = "hausse" if diff > 0 else "baisse" if diff < 0 else "stabilité"
    if higher_is_better is not None and diff != 0:
        better = (diff > 0) == higher_is_better
        direction += ", une amélioration" if better else ", une dégradation"
    lines = [
        f"{name}{plural(n, 'paire', 'paires')} de réponses (les mêmes personnes avant et après). "
        f"Moyenne avant : {number(round(r['mean_before'], 2))} ; après : "
        f"{number(round(r['mean_after'], 2))} ; différence moyenne (après moins avant) : "
        f"**{_signed(diff)} {_unit(diff, unit)}** ({direction}).",
    ]
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    interval = (
        f"Intervalle de confiance à {percent(r['confidence'])} de cette différence : de "
        f"{_signed(lo)} à {_signed(hi)} {_unit(max(abs(lo), abs(hi)), unit)}."
    )
    if lo <= 0 <= hi:
        interval += (
            " **L'intervalle contient zéro** : ces réponses restent compatibles avec une "
            f"absence de changement ({_p(r['p_value'])})."
        )
    else:
        interval += (
            f" Il ne contient pas zéro : le changement moyen est net ({_p(r['p_value'])}, "
            f"t = {number(round(r['t'], 2))})."
        )
    lines.append(interval)
    dz = float(r["cohen_dz"])
    if n < min_pairs:
        lines.append(_too_few(n, min_pairs))
        lines.append(
            f"- Taille d'effet d_z = {number(round(dz, 2))} : indicative seulement avec si peu "
            "de paires."
        )
    else:
        lines.append(
            f"- Taille d'effet d_z = {number(round(dz, 2))} : **{effect_size_label(dz)}** "
            "(repères de Cohen : 0,2 petit, 0,5 moyen, 0,8 grand ; conçus pour comparer deux "
            "groupes, ils grossissent un peu les effets mesurés deux fois sur les mêmes "
            "personnes)."
        )
    if not math.isnan(r["wilcoxon_p_value"]):
        same = (r["wilcoxon_p_value"] < alpha) == (r["p_value"] < alpha)
        lines.append(
            "- Le test de Wilcoxon, qui ne suppose pas des écarts réguliers entre les niveaux "
            f"de réponse, donne {_p(r['wilcoxon_p_value'])} : il "
            f"{'confirme' if same else 'ne confirme pas'} la lecture du test t."
        )
    if immediate:
        lines.append(
            "Il s'agit d'un **effet immédiat déclaré** : la seconde réponse est donnée le jour "
            "même, à la fin de l'activité ; elle dit un ressenti de fin de séance, pas un "
            "changement durable."
        )
    lines.append(_NO_CAUSE)
    return Reading.of(lines, table=result)


#: The direction of an outcome's change that step 10's triangulation reads from step 09
#: (``qualitative.STEP09_FILE``, column ``sens``).
DIRECTIONS = ("favorable", "défavorable", "non concluant")


def outcome_direction(
    result: pd.DataFrame,
    *,
    higher_is_better: bool = True,
    min_pairs: int = MIN_PAIRS,
    alpha: float = ALPHA,
) -> str:
    """« favorable », « défavorable » or « non concluant » for a before/after result.

    ``result`` is the frame of :func:`paired_change` (the change is clear when its interval
    leaves out zero) or of :func:`paired_proportions` (clear when ``p_value < alpha``).
    Fewer than ``min_pairs`` pairs, an empty frame or a change that is not clear give
    « non concluant », whatever its sign: the word says what the answers allow to claim,
    not what was hoped.

    >>> import pandas as pd
    >>> r = pd.DataFrame([{"n": 40, "mean_diff": -1.1, "ci_low": -1.5, "ci_high": -0.7}])
    >>> outcome_direction(r, higher_is_better=False)
    'favorable'
    """
    if result is None or len(result) == 0:
        return "non concluant"
    r = result.iloc[0]
    if "mean_diff" in r.index:
        change = float(r["mean_diff"])
        clear = not (r["ci_low"] <= 0 <= r["ci_high"])
    elif {"share_before", "share_after", "p_value"} <= set(r.index):
        change = float(r["share_after"] - r["share_before"])
        clear = bool(r["p_value"] < alpha)
    else:
        raise ValueError(
            "`outcome_direction` attend le résultat de `paired_change` ou de `paired_proportions`."
        )
    if int(r["n"]) < min_pairs or not clear or change == 0:
        return "non concluant"
    return "favorable" if (change > 0) == higher_is_better else "défavorable"


# --------------------------------------------------------------------------------------
# Yes/no answers: McNemar
# --------------------------------------------------------------------------------------
def _binary(data: pd.DataFrame, column: str, func: str) -> pd.Series:
    """A yes/no column as a nullable boolean (booleans, 0/1, oui/non, vrai/faux)."""
    import pandas as pd

    values = data[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    out = []
    for value in values:
        if _missing(value):
            out.append(pd.NA)
            continue
        key = fold_key(value)
        if key in _YES:
            out.append(True)
        elif key in _NO:
            out.append(False)
        else:
            raise BeforeAfterError(
                f"`{func}` : la colonne « {column} » contient {quoted(value)}, qui n'est ni oui "
                "ni non : le test de McNemar compare des réponses oui/non (vrai/faux, 1/0)."
            )
    return pd.Series(out, index=values.index, dtype="boolean")


def paired_proportions(
    data: pd.DataFrame,
    *,
    before: str,
    after: str,
    correction: bool = True,
    exact: bool = False,
) -> pd.DataFrame:
    """Change of a yes/no answer for the same people: McNemar's test.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (wide form, as :attr:`PairedWaves.pairs`).
    before, after : str
        The yes/no answers before and after: booleans, 1/0, « oui »/« non »,
        « vrai »/« faux ».
    correction : bool, default True
        Edwards' continuity correction of the chi-square statistic.
    exact : bool, default False
        The exact binomial test instead (advised when ``b + c`` is under 25).

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (pairs with both answers, in people), ``n_excluded``,
        ``yes_before``, ``yes_after``, ``share_before``, ``share_after``, the four cells
        ``a`` (yes → yes), ``b`` (yes → no), ``c`` (no → yes), ``d`` (no → no), ``method``
        (« chi2 corrigé », « chi2 », « exact »), ``statistic``, ``df`` (1, or 0 for the
        exact test), ``p_value``.

    Notes
    -----
    Only the people who changed their answer count. Chi-square version:
    :math:`X^2 = (|b - c| - k)^2 / (b + c)` with :math:`k = 1` with correction, 0
    without, on one degree of freedom (as R's ``mcnemar.test`` and statsmodels, the
    corrected statistic is not floored at zero). Exact version: the statistic is
    :math:`\\min(b, c)` and the p-value the two-sided binomial test of ``b`` successes in
    ``b + c`` trials with probability 1/2 (:func:`scipy.stats.binomtest`). Missing
    values: only pairs with both answers are used.

    Raises
    ------
    BeforeAfterError
        No pairs, a single pair, nobody changed answer (« toutes les réponses sont
        identiques »), a value that is not yes or no.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"t0": [0, 0, 0, 1, 1, 0], "t1": [1, 1, 1, 1, 0, 0]})
    >>> paired_proportions(d, before="t0", after="t1")[["b", "c"]].to_dict("records")
    [{'b': 1, 'c': 3}]
    """
    import pandas as pd
    from scipy import stats

    check_columns(data, [before, after], "paired_proportions", error=BeforeAfterError)
    x = _binary(data, before, "paired_proportions")
    y = _binary(data, after, "paired_proportions")
    both = x.notna() & y.notna()
    x, y = x[both].astype(bool), y[both].astype(bool)
    n = len(x)
    if n == 0:
        raise BeforeAfterError(
            f"`paired_proportions` : aucune personne n'a répondu à la fois à « {before} » et "
            f"à « {after} » : il n'y a aucune paire à comparer."
        )
    if n == 1:
        raise BeforeAfterError(
            "`paired_proportions` : une seule personne a répondu avant et après : une paire "
            "ne suffit pas pour tester un changement."
        )
    a = int((x & y).sum())
    b = int((x & ~y).sum())
    c = int((~x & y).sum())
    d = int((~x & ~y).sum())
    if b + c == 0:
        raise BeforeAfterError(
            f"`paired_proportions` : toutes les réponses sont identiques avant et après "
            f"({plural(n, 'paire', 'paires')}, personne n'a changé de réponse) : aucun "
            "changement à tester."
        )
    if exact:
        method, statistic, df = "exact", float(min(b, c)), 0
        p = float(stats.binomtest(b, b + c, 0.5).pvalue)
    else:
        k = 1.0 if correction else 0.0
        method, df = ("chi2 corrigé" if correction else "chi2"), 1
        statistic = (abs(b - c) - k) ** 2 / (b + c)
        p = float(stats.chi2.sf(statistic, 1))
    row = {
        "n": n,
        "n_excluded": int((~both).sum()),
        "yes_before": int(x.sum()),
        "yes_after": int(y.sum()),
        "share_before": float(x.mean()),
        "share_after": float(y.mean()),
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "method": method,
        "statistic": float(statistic),
        "df": df,
        "p_value": min(p, 1.0),
    }
    return pd.DataFrame([row], columns=_MCNEMAR_COLUMNS)


def explain_paired_proportions(
    result: pd.DataFrame,
    *,
    label: str = "",
    yes: str = "oui",
    immediate: bool = False,
    min_pairs: int = MIN_PAIRS,
    alpha: float = ALPHA,
) -> Reading:
    """The result of :func:`paired_proportions` in plain French.

    ``yes`` names the answer counted (« prévient un adulte »); ``min_pairs`` is the number
    of pairs under which the reading refuses to conclude (:data:`MIN_PAIRS`).
    """
    name = f"**{label}** : " if label else ""
    if result is None or len(result) == 0:
        return Reading.of(
            [f"{name}aucune paire avant/après à analyser : rien ne peut être dit du changement."]
        )
    r = result.iloc[0]
    n, b, c = int(r["n"]), int(r["b"]), int(r["c"])
    lines = [
        f"{name}{plural(n, 'paire', 'paires')} de réponses. Réponse {quoted(yes)} avant : "
        f"{percent(r['share_before'])} ({integer(r['yes_before'])} sur {integer(n)}) ; après : "
        f"{percent(r['share_after'])} ({integer(r['yes_after'])} sur {integer(n)}).",
        f"- {plural(c, 'personne est passée', 'personnes sont passées')} à {quoted(yes)}, "
        f"{plural(b, 'personne l’a quitté', 'personnes l’ont quitté')} ; les autres n'ont pas "
        "changé de réponse et ne comptent pas dans le test.",
    ]
    how = {
        "exact": "version exacte",
        "chi2 corrigé": "avec correction de continuité",
        "chi2": "sans correction de continuité",
    }[r["method"]]
    verdict = (
        "le changement est net"
        if r["p_value"] < alpha
        else "un tel écart peut venir du hasard : on ne peut pas exclure une absence de changement"
    )
    lines.append(f"- Test de McNemar ({how}) : {_p(r['p_value'])} ; {verdict}.")
    if r["method"] != "exact" and b + c < 25:
        lines.append(
            f"- Avec seulement {plural(b + c, 'changement', 'changements')} de réponse, "
            "préférez la version exacte du test (`exact=True`)."
        )
    if n < min_pairs:
        lines.append(_too_few(n, min_pairs))
    if immediate:
        lines.append(
            "Il s'agit d'un **effet immédiat déclaré** (réponse donnée le jour même de "
            "l'activité), pas d'un changement durable."
        )
    lines.append(_NO_CAUSE)
    return Reading.of(lines, table=result)


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------
def scale_score(data: pd.DataFrame, columns: list[str], *, name: str = "score") -> pd.Series:
    """The sum of several items' ranks (ordered levels 1, 2, … or numbers), per row.

    A row missing any item has no score (a partial sum would not be comparable).

    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [1, 2, None], "b": [3, 1, 2]})
    >>> scale_score(d, ["a", "b"]).tolist()
    [4.0, 3.0, nan]
    """
    import pandas as pd

    columns = check_columns(data, columns, "scale_score", error=BeforeAfterError)
    items = pd.DataFrame({c: _numeric(data, c, "scale_score") for c in columns})
    return items.sum(axis=1, min_count=len(columns)).where(items.notna().all(axis=1)).rename(name)


def quiz_score(data: pd.DataFrame, key: Mapping[str, Any], *, name: str = "score") -> pd.Series:
    """Right answers per row of a quiz: ``key`` maps each question column to its expected
    answer (an empty answer counts as wrong).

    >>> import pandas as pd
    >>> d = pd.DataFrame({"q1": [True, False, None], "q2": [False, False, True]})
    >>> quiz_score(d, {"q1": True, "q2": False}).tolist()
    [2, 1, 0]
    """
    import pandas as pd

    check_columns(data, list(key), "quiz_score", error=BeforeAfterError)
    right = pd.DataFrame(
        {q: (data[q].astype("object") == expected).fillna(False) for q, expected in key.items()}
    )
    return right.sum(axis=1).astype("int64").rename(name)


# --------------------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------------------
def wilson_interval(k: Any, n: Any, confidence: float = 0.95) -> pd.DataFrame:
    """A share ``k / n`` and its Wilson score interval.

    Parameters
    ----------
    k, n : int or array of int
        The people in the situation and the people counted (``0 <= k <= n``, ``n >= 1``).
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per share: ``k``, ``n``, ``share``, ``confidence``, ``ci_low``, ``ci_high``.

    Notes
    -----
    With :math:`\\hat p = k/n` and :math:`z` the normal quantile of :math:`(1+c)/2`:
    :math:`(\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}) / (1 + z^2/n)`.
    Unlike the usual :math:`\\hat p \\pm z\\sqrt{\\hat p(1-\\hat p)/n}`, it stays within 0 and
    1 and keeps its level with few people (Newcombe 1998). Agrees with
    ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``.

    >>> wilson_interval(0, 10).round(4).to_dict("records")
    [{'k': 0, 'n': 10, 'share': 0.0, 'confidence': 0.95, 'ci_low': 0.0, 'ci_high': 0.2775}]
    """
    import numpy as np
    import pandas as pd
    from scipy import stats

    level = _confidence(confidence)
    ks = np.atleast_1d(np.asarray(k))
    ns = np.atleast_1d(np.asarray(n))
    if ks.shape != ns.shape:
        raise ValueError("`k` et `n` doivent avoir la même longueur.")
    for name, values in (("k", ks), ("n", ns)):
        if not np.issubdtype(values.dtype, np.number) or np.any(values != np.round(values)):
            raise TypeError(f"`{name}` doit être un nombre entier de personnes.")
    if np.any(ns < 1):
        raise ValueError(
            "`n` doit compter au moins une personne : une part de zéro personne n'a pas de sens."
        )
    if np.any(ks < 0) or np.any(ks > ns):
        raise ValueError(
            "`k` doit être compris entre 0 et `n` : on ne peut pas compter plus de personnes "
            "dans une situation qu'il n'y en a en tout (part au-dessus de 100 %)."
        )
    ks, ns = ks.astype("int64"), ns.astype("int64")
    z = float(stats.norm.ppf((1 + level) / 2))
    p = ks / ns
    centre = (p + z * z / (2 * ns)) / (1 + z * z / ns)
    half = z * np.sqrt(p * (1 - p) / ns + z * z / (4 * ns * ns)) / (1 + z * z / ns)
    return pd.DataFrame(
        {
            "k": ks,
            "n": ns,
            "share": p,
            "confidence": level,
            "ci_low": np.clip(centre - half, 0, 1),
            "ci_high": np.clip(centre + half, 0, 1),
        },
        columns=_WILSON_COLUMNS,
    )


def situation_rates(
    data: pd.DataFrame,
    *,
    situation: str,
    total: int | None = None,
    reference: Mapping[str, float] | None = None,
    not_reached: Iterable[str] = (),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of people in each situation after the programme, with Wilson intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person followed. ``situation`` is empty for a person who could not be
        reached (no answer).
    situation : str
        The column of the situation (« emploi », « formation », « recherche »…).
    total : int, optional
        All the people the follow-up was about, when ``data`` holds only some of them
        (at least the rows of ``data``). By default, the rows of ``data``.
    reference : mapping, optional
        A national reference share (0 to 1) per situation, with its source said in the
        reading: context for the figure, never a counterfactual.
    not_reached : list of str
        Situations that say the person could not be reached (« Sans nouvelle »,
        « Injoignable »…), compared without accents or case: counted as not reached, like
        an empty situation.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per situation: ``situation``, ``k`` (people), ``reached`` (people who
        answered), ``total`` (people followed), ``response_rate`` (reached / total),
        ``share_reached`` (k / reached) with ``confidence``, ``ci_low`` and ``ci_high`` (Wilson),
        ``share_all`` (k / total: the people not reached counted as not in the situation,
        the lowest possible share), ``reference`` and ``gap_reference``
        (``share_reached − reference``).

    Notes
    -----
    Every rate is given over the people reached and over all, with the response rate
    beside it (the people who answer are seldom like those who do not). Missing values:
    an empty situation is a person not reached.
    """
    import numpy as np
    import pandas as pd

    check_columns(data, [situation], "situation_rates", error=BeforeAfterError)
    values = data[situation].astype("object")
    silent = {fold_key(v) for v in not_reached}
    keys = values.map(lambda v: "" if _missing(v) else fold_key(v))
    answered = values[(keys != "") & ~keys.isin(silent)].astype(str)
    reached = len(answered)
    total = len(data) if total is None else int(total)
    if total < len(data):
        raise ValueError(
            f"`total` ({integer(total)}) ne peut pas être plus petit que le nombre de lignes "
            f"({integer(len(data))})."
        )
    columns = [
        "situation",
        "k",
        "reached",
        "total",
        "response_rate",
        "share_reached",
        "confidence",
        "ci_low",
        "ci_high",
        "share_all",
        "reference",
        "gap_reference",
    ]
    if reached == 0:
        return pd.DataFrame(columns=columns)
    counts = answered.value_counts()
    wilson = wilson_interval(counts.to_numpy(), np.full(len(counts), reached), confidence)
    ref = dict(reference or {})
    for key, share in ref.items():
        if not 0 <= float(share) <= 1:
            raise ValueError(
                f"La part de référence de {quoted(key)} doit être entre 0 et 1 (0,45 pour "
                f"45 %), pas {share!r}."
            )
    frame = pd.DataFrame(
        {
            "situation": counts.index.astype(str),
            "k": counts.to_numpy().astype("int64"),
            "reached": reached,
            "total": total,
            "response_rate": reached / total,
            "share_reached": wilson["share"].to_numpy(),
            "confidence": wilson["confidence"].to_numpy(),
            "ci_low": wilson["ci_low"].to_numpy(),
            "ci_high": wilson["ci_high"].to_numpy(),
            "share_all": counts.to_numpy() / total,
            "reference": [float(ref[s]) if s in ref else math.nan for s in counts.index],
        },
        columns=columns[:-1],
    )
    frame["gap_reference"] = frame["share_reached"] - frame["reference"]
    return frame.reset_index(drop=True)


def explain_situation_rates(rates: pd.DataFrame, *, source: str = "") -> Reading:
    """:func:`situation_rates` in plain French: each share over those reached and over all,
    the response rate, the reference figure (its ``source`` named) as context, never
    attribution. Counts are in people."""
    one, many = "personne", "personnes"
    if rates is None or len(rates) == 0:
        return Reading.of(
            [
                "Aucune situation connue après le programme : personne n'a pu être joint, "
                "aucun taux ne peut être calculé."
            ]
        )
    first = rates.iloc[0]
    reached, total = int(first["reached"]), int(first["total"])
    lines = [
        f"{plural(reached, one, many)} {agree(reached, 'a', 'ont')} pu être "
        f"{agree(reached, 'jointe', 'jointes')} "
        f"sur {plural(total, one, many)} {agree(total, 'suivie', 'suivies')} : taux de réponse "
        f"**{percent(first['response_rate'])}**.",
    ]
    for _, r in rates.iterrows():
        k = int(r["k"])
        line = (
            f"- {quoted(r['situation'])} : {plural(k, one, many)}, soit "
            f"**{percent(r['share_reached'])}** des {agree(reached, one, many)} "
            f"{agree(reached, 'jointe', 'jointes')} (intervalle de Wilson à "
            f"{percent(r['confidence'])} : {percent(r['ci_low'])} à "
            f"{percent(r['ci_high'])}) et {percent(r['share_all'])} de toutes les "
            f"{agree(total, one, many)} {agree(total, 'suivie', 'suivies')}"
        )
        if not math.isnan(r["reference"]):
            line += f" ; référence nationale : {percent(r['reference'])}"
        lines.append(line + ".")
    if rates["reference"].notna().any():
        src = f" ({source})" if source else ""
        lines.append(
            f"La référence nationale{src} donne un **contexte, pas une attribution** : elle "
            "décrit d'autres personnes, dans d'autres territoires ; un écart ne dit pas ce que "
            "votre action a causé."
        )
    if first["response_rate"] < 1:
        lines.append(
            "Les personnes jointes ne ressemblent pas toujours à celles qui ne répondent pas : "
            "la vraie part est quelque part entre la part sur toutes les personnes suivies "
            "(si aucune non jointe n'était dans la situation) et la part sur les personnes "
            "jointes."
        )
    return Reading.of(lines, table=rates)


# --------------------------------------------------------------------------------------
# Likert distributions
# --------------------------------------------------------------------------------------
def likert_distribution(
    data: pd.DataFrame,
    *,
    before: str,
    after: str,
    levels: list[Any] | None = None,
    labels: tuple[str, str] = ("avant", "après"),
    paired_only: bool = True,
) -> pd.DataFrame:
    """Counts and shares of each level of an ordinal answer, before and after, in people.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (wide form, as :attr:`PairedWaves.pairs`).
    before, after : str
        The answers before and after.
    levels : list, optional
        The levels from lowest to highest; by default those of an ordered categorical
        column (numbers: their sorted values).
    labels : (str, str)
        The names of the two moments in the table and the chart.
    paired_only : bool, default True
        Count only the people with both answers, so that both bars describe the same
        people (otherwise each moment counts its own answers).

    Returns
    -------
    pandas.DataFrame
        ``moment``, ``level``, ``rank`` (1 = lowest), ``people``, ``share`` (of the
        moment's people), one row per moment and level, levels in order.
    """
    import pandas as pd

    check_columns(data, [before, after], "likert_distribution", error=BeforeAfterError)
    x, y = data[before], data[after]
    if levels is None:
        for s in (x, y):
            if isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered:
                levels = list(s.cat.categories)
                break
    if levels is None:
        values = pd.concat([x, y]).dropna()
        if not pd.api.types.is_numeric_dtype(values):
            raise BeforeAfterError(
                "`likert_distribution` : donnez l'ordre des niveaux avec `levels=[...]` (du "
                "plus bas au plus haut) : les colonnes ne le disent pas."
            )
        levels = sorted(values.unique().tolist())
    x, y = x.astype("object"), y.astype("object")
    if paired_only:
        both = x.notna() & y.notna()
        x, y = x[both], y[both]
    rows = []
    for moment, values in zip(labels, (x.dropna(), y.dropna()), strict=True):
        unknown = set(values) - set(levels)
        if unknown:
            raise BeforeAfterError(
                f"`likert_distribution` : {', '.join(map(quoted, sorted(map(str, unknown))))} "
                f"n'est pas un niveau connu ({', '.join(map(quoted, map(str, levels)))})."
            )
        counts = values.value_counts()
        for rank, level in enumerate(levels, start=1):
            k = int(counts.get(level, 0))
            rows.append(
                {
                    "moment": moment,
                    "level": str(level),
                    "rank": rank,
                    "people": k,
                    "share": k / len(values) if len(values) else math.nan,
                }
            )
    return pd.DataFrame(rows, columns=["moment", "level", "rank", "people", "share"])


def _top_share(distribution: pd.DataFrame, moment: str) -> tuple[float, list[str]]:
    part = distribution[distribution["moment"] == moment]
    k = int(part["rank"].max())
    top = part[part["rank"] > (k + 1) // 2] if k > 1 else part
    return float(top["share"].sum()), top["level"].tolist()


def explain_likert(distribution: pd.DataFrame, *, label: str = "") -> Reading:
    """:func:`likert_distribution` in plain French: the share of the upper levels before
    and after, over the same people, with the ordinal caveat."""
    name = f"**{label}** : " if label else ""
    if distribution is None or len(distribution) == 0:
        return Reading.of([f"{name}aucune réponse à décrire."])
    moments = list(dict.fromkeys(distribution["moment"]))
    people = distribution.groupby("moment", sort=False)["people"].sum()
    if people.sum() == 0:
        return Reading.of([f"{name}aucune réponse à décrire."])
    shares = []
    levels: list[str] = []
    for m in moments:
        share, levels = _top_share(distribution, m)
        shares.append(f"{percent(share)} {m} ({plural(people[m], 'personne', 'personnes')})")
    lines = [
        f"{name}part des réponses {', '.join(map(quoted, levels))} : {' ; '.join(shares)}.",
        "Ces niveaux sont ordonnés mais leurs écarts ne sont pas des mesures : lisez la "
        "répartition et le test de Wilcoxon avant la moyenne.",
    ]
    return Reading.of(lines, table=distribution)


# --------------------------------------------------------------------------------------
# Attrition
# --------------------------------------------------------------------------------------
def compare_attrition(
    baseline: pd.DataFrame,
    *,
    columns: list[str] | str,
    answered: str = "answered_again",
) -> pd.DataFrame:
    """Compare, at baseline, the people who answered again with those who did not.

    Parameters
    ----------
    baseline : pandas.DataFrame
        One row per person at baseline (:attr:`PairedWaves.baseline`).
    columns : list of str
        The baseline answers to compare: numbers (or ordered levels, by rank), yes/no
        answers, or categories.
    answered : str
        The boolean column saying who answered again.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``variable``, ``measure`` (« moyenne » or « part » of
        ``level``, or « répartition »), ``level``, ``n_kept``, ``n_lost`` (people with an
        answer at baseline), ``value_kept``, ``value_lost``, ``difference``
        (kept − lost), ``test`` (« Welch », « Fisher », « khi-deux »), ``statistic``,
        ``p_value``.

    Notes
    -----
    Numbers: means and Welch's t test (:func:`scipy.stats.ttest_ind`, ``equal_var=False``);
    yes/no: shares of yes and Fisher's exact test (:func:`scipy.stats.fisher_exact`);
    other categories: the chi-square test of independence
    (:func:`scipy.stats.chi2_contingency`) without a single value. Missing values: each
    column uses the people with an answer to it. A test needs at least two people on each
    side; otherwise ``p_value`` is empty.
    """
    import numpy as np
    import pandas as pd
    from scipy import stats

    columns = check_columns(baseline, columns, "compare_attrition", error=BeforeAfterError)
    check_columns(baseline, [answered], "compare_attrition", error=BeforeAfterError)
    kept_mask = baseline[answered].astype("boolean").fillna(False).astype(bool)
    rows = []
    for col in columns:
        s = baseline[col]
        row: dict[str, Any] = {"variable": col, "level": ""}
        categorical = isinstance(s.dtype, pd.CategoricalDtype) and not s.cat.ordered
        binary = pd.api.types.is_bool_dtype(s)
        if not categorical and not binary and not pd.api.types.is_numeric_dtype(s):
            if isinstance(s.dtype, pd.CategoricalDtype):
                pass
            else:
                try:
                    _numeric(baseline, col, "compare_attrition")
                except BeforeAfterError:
                    categorical = True
        present = s.notna()
        kept, lost = s[present & kept_mask], s[present & ~kept_mask]
        row.update(n_kept=len(kept), n_lost=len(lost))
        stat = p = math.nan
        if binary:
            vk, vl = kept.astype(bool), lost.astype(bool)
            row.update(measure="part", level="oui", test="Fisher")
            row.update(
                value_kept=float(vk.mean()) if len(vk) else math.nan,
                value_lost=float(vl.mean()) if len(vl) else math.nan,
            )
            if len(vk) and len(vl):
                table = [[int(vk.sum()), int((~vk).sum())], [int(vl.sum()), int((~vl).sum())]]
                res = stats.fisher_exact(table)
                stat, p = float(res.statistic), float(res.pvalue)
        elif categorical:
            row.update(measure="répartition", test="khi-deux", value_kept=math.nan)
            row["value_lost"] = math.nan
            table = pd.crosstab(s[present].astype(str), kept_mask[present])
            if table.shape[0] > 1 and table.shape[1] > 1:
                res = stats.chi2_contingency(table.to_numpy())
                stat, p = float(res.statistic), float(res.pvalue)
        else:
            values = _numeric(baseline, col, "compare_attrition")
            vk = values[present & kept_mask].to_numpy(dtype=float)
            vl = values[present & ~kept_mask].to_numpy(dtype=float)
            row.update(measure="moyenne", test="Welch")
            row.update(
                value_kept=float(vk.mean()) if len(vk) else math.nan,
                value_lost=float(vl.mean()) if len(vl) else math.nan,
            )
            if len(vk) >= 2 and len(vl) >= 2 and (np.var(vk) > 0 or np.var(vl) > 0):
                res = stats.ttest_ind(vk, vl, equal_var=False)
                stat, p = float(res.statistic), float(res.pvalue)
        row.update(statistic=stat, p_value=p)
        rows.append(row)
    frame = pd.DataFrame(
        rows,
        columns=[
            "variable",
            "measure",
            "level",
            "n_kept",
            "n_lost",
            "value_kept",
            "value_lost",
            "difference",
            "test",
            "statistic",
            "p_value",
        ],
    )
    frame["difference"] = frame["value_kept"] - frame["value_lost"]
    return frame


_TEST_NAMES = {
    "Welch": "test de Welch",
    "Fisher": "test exact de Fisher",
    "khi-deux": "test du khi-deux",
}


def explain_attrition(
    result: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    alpha: float = ALPHA,
) -> Reading:
    """:func:`compare_attrition` in plain French: do the people lost differ at baseline?"""
    labels = dict(labels or {})
    if result is None or len(result) == 0:
        return Reading.of(
            ["Aucune réponse de départ à comparer : rien à dire des personnes perdues de vue."]
        )
    first = result.iloc[0]
    kept, lost = int(first["n_kept"]), int(first["n_lost"])
    if lost == 0:
        return Reading.of(
            [
                f"Les {plural(kept, 'personne', 'personnes')} du départ ont toutes répondu à "
                "nouveau : personne n'est perdu de vue, les paires représentent tout le départ."
            ],
            table=result,
        )
    lines = [
        f"Au départ, {plural(kept, 'personne a', 'personnes ont')} répondu à nouveau et "
        f"{plural(lost, 'personne ne l’a', 'personnes ne l’ont')} pas fait. Étaient-elles "
        "différentes dès le départ ?"
    ]
    different = []
    for _, r in result.iterrows():
        name = labels.get(r["variable"], r["variable"])
        p = r["p_value"]
        test = (
            f"{_TEST_NAMES.get(r['test'], r['test'])}, {_p(p)}"
            if not math.isnan(p)
            else "pas de test possible"
        )
        if r["measure"] == "moyenne":
            values = (
                f"moyenne {number(round(r['value_kept'], 2))} chez celles qui ont répondu, "
                f"{number(round(r['value_lost'], 2))} chez les autres"
                if not math.isnan(r["value_lost"]) and not math.isnan(r["value_kept"])
                else "moyennes incomplètes"
            )
        elif r["measure"] == "part":
            values = (
                f"{percent(r['value_kept'])} de « oui » chez celles qui ont répondu, "
                f"{percent(r['value_lost'])} chez les autres"
                if not math.isnan(r["value_lost"]) and not math.isnan(r["value_kept"])
                else "parts incomplètes"
            )
        else:
            values = "répartition des réponses comparée"
        lines.append(f"- {quoted(name)} : {values} ({test}).")
        if not math.isnan(p) and p < alpha:
            different.append(name)
    if different:
        lines.append(
            "Les personnes perdues de vue différaient au départ sur "
            f"{', '.join(map(quoted, different))} : "
            "le changement mesuré sur les seules paires peut ne pas valoir pour tout le monde."
        )
    else:
        lines.append(
            "Aucune différence nette au départ entre celles qui ont répondu et les autres "
            "sur ces réponses ; avec peu de personnes, cela ne prouve pas qu'elles se "
            "ressemblent."
        )
    return Reading.of(lines, table=result)

"""Step 11 « Valorisation »: the impact map, the SROI, its sensitivity, the value map.

- :func:`sroi` computes a social return on investment from an impact map (one row per
  outcome and stakeholder), with the formulas of the SROI guide (ESSEC IIES, *Guide du
  retour social sur investissement*, 2011, a French adaptation of the Cabinet Office / SROI
  Network guide): each year's value is ``quantity × proxy × (1 − deadweight) ×
  (1 − displacement) × (1 − attribution) × (1 − drop_off) ** (year − 1)``, discounted at
  ``discount_rate`` (year 1 discounted or not, a parameter); ratio = present value ÷
  investment, net ratio = (present value − investment) ÷ investment. Benefits no longer
  paid (RSA, ASS, ARE: rows marked « Transfert ») are a saving for the public purse, shown
  apart (:attr:`SROIResult.transfer_value`) and never added into the social value.
- :func:`sensitivity` varies each assumption one at a time over :data:`SENSITIVITY_RANGES`
  and finds the value at which the ratio falls to 1 (exactly, or with
  :func:`scipy.optimize.brentq`); :func:`~sizeup_helpers.plots.tornado_chart` draws it.
- :func:`value_map` is the non-monetised map (weights instead of money), the default of the
  short path for structures that refuse to price outcomes.
- :data:`LEVELS`: the 5-level scale for deadweight, displacement and attribution, each
  choice saved with its written justification (:func:`save_adjustments`,
  :func:`load_adjustments`, :func:`resolve_adjustments`).
- :func:`load_proxies` reads ``data/proxys-financiers.csv`` (public French figures, the UK
  Treasury's WELLBY under the Open Government Licence; never the UK social value bank's
  licensed values), each with value, unit, currency, price year, source and licence;
  :func:`proxies_at_price_year` brings them to one price year *only with a price index the
  person gives*: the reference notes hold no consumer-price index, so without one a value
  stays in euros of its own year, and the reading says so.
- :func:`draft_impact_map` drafts the map from the workspace (outcomes of the theory of
  change, quantities from step 06's indicator values, proxies from the file above);
  :func:`write_impact_map` and :func:`read_impact_map` keep it in an Excel workbook with
  French headers (:data:`COLUMN_LABELS`).
- Readings: :func:`explain_impact_map`, :func:`explain_adjustments`, :func:`explain_sroi`
  (the ratio always with its range, never alone), :func:`explain_sensitivity`,
  :func:`explain_value_map`, :func:`explain_proxies`, :func:`explain_principles` (the
  eight principles of Social Value International as a checklist).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import IndicatorError, TheoryOfChangeError, ValuationError
from .reading import Reading
from .spreadsheet import workbook_bytes

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "ADJUSTMENTS",
    "COLUMN_LABELS",
    "LEVELS",
    "PRINCIPLES",
    "SENSITIVITY_RANGES",
    "SROIResult",
    "Valuation",
    "adjustment_hints",
    "adjustments_from_parameters",
    "apply_adjustments",
    "double_counting",
    "draft_impact_map",
    "explain_adjustments",
    "explain_impact_map",
    "explain_principles",
    "explain_proxies",
    "explain_sensitivity",
    "explain_sroi",
    "explain_valuation",
    "explain_value_map",
    "french_impact_map",
    "ratio_range",
    "load_adjustments",
    "load_proxies",
    "normalise_impact_map",
    "proxies_at_price_year",
    "read_impact_map",
    "resolve_adjustments",
    "resolve_impact_map",
    "resolve_investment",
    "save_adjustments",
    "save_valuation",
    "sensitivity",
    "sroi",
    "valuation",
    "value_map",
    "write_impact_map",
]

PROXIES_FILE = Path(__file__).parent / "data" / "proxys-financiers.csv"
"""The financial proxies (``;``-separated, UTF-8), one row per proxy."""

IMPACT_MAP_FILE = "carte-impact.xlsx"
ADJUSTMENTS_FILE = "ajustements.yml"
SENSITIVITY_FILE = "sensibilite.csv"
YEARS_FILE = "valeur-par-annee.csv"
VALUE_MAP_FILE = "carte-de-valeur.csv"
TORNADO_FILE = "sensibilite.png"
#: the chart of the value map, written in every mode
VALUE_CHART_FILE = "carte-de-valeur.png"
SHEET = "Carte d'impact"

COLUMN_LABELS: dict[str, str] = {
    "stakeholder": "Partie prenante",
    "input": "Ressources engagées",
    "output": "Réalisation",
    "outcome": "Effet",
    "indicator": "Indicateur",
    "quantity": "Quantité",
    "quantity_unit": "Unité de la quantité",
    "duration": "Durée (années)",
    "proxy": "Libellé du proxy",
    "proxy_value": "Proxy financier (€)",
    "price_year": "Année des prix",
    "proxy_source": "Source du proxy",
    "deadweight": "Effet d'aubaine",
    "displacement": "Déplacement",
    "attribution": "Attribution",
    "drop_off": "Érosion",
    "transfer": "Transfert",
    "weight": "Poids",
    "note": "Remarque",
}
"""The impact map's columns: the English name used in code → the French header a person
sees in the workbook. Either spelling is accepted on reading, whatever the case and accents
(« effet d'aubaine », « proxy financier (€) », « durée (années) »…). Fractions from 0 to 1
for the four percentages (« 20 % » written as text is read too), duration in whole years,
« Transfert » oui/non, « Poids » a weight from 0 to 5 for the non-monetised map."""

REQUIRED = (
    "outcome",
    "quantity",
    "proxy_value",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "duration",
)
"""The columns :func:`sroi` needs."""

PERCENT_COLUMNS = ("deadweight", "displacement", "attribution", "drop_off")

LEVELS: dict[str, float] = {
    "aucun": 0.0,
    "un peu": 0.25,
    "en partie": 0.5,
    "en grande partie": 0.75,
    "entièrement": 1.0,
}
"""The 5-level picker for deadweight, displacement and attribution: the answer to « cet
effet serait-il arrivé sans nous ? » (deadweight), « a-t-il pris la place d'un autre ? »
(displacement), « d'autres y ont-ils contribué ? » (attribution) → the share taken off.
Quarter steps are the project's convention (the ESSEC guide asks for a percentage and its
justification, not a scale); the justification written beside it is what counts."""

ADJUSTMENTS: dict[str, str] = {
    "deadweight": "effet d'aubaine",
    "displacement": "déplacement",
    "attribution": "attribution",
}
"""The three adjustments chosen with :data:`LEVELS`, and their French names."""

SENSITIVITY_RANGES: dict[str, tuple[str, float, float]] = {
    "proxy_value": ("facteur", 0.5, 1.5),
    "quantity": ("facteur", 0.8, 1.2),
    "deadweight": ("écart", -0.25, 0.25),
    "displacement": ("écart", -0.25, 0.25),
    "attribution": ("écart", -0.25, 0.25),
    "drop_off": ("écart", -0.25, 0.25),
    "duration": ("années", -1, 1),
    "discount_rate": ("taux", 0.025, 0.045),
    "investment": ("facteur", 0.8, 1.2),
}
"""One-at-a-time variations: proxies halved or raised by half (published proxies for one
outcome differ that much, e.g. 12 900 to 40 000 € for a year of long-term unemployment
avoided); quantities ± 20 %; each percentage ± 25 points (one level of :data:`LEVELS`),
kept between 0 and 100 %; durations ± 1 year (at least 1); the discount rate from 2,5 to
4,5 % (the range France Stratégie's 2021 revision and the 2013 rate span); the investment
± 20 %."""

ASSUMPTION_LABELS: dict[str, str] = {
    "proxy_value": "proxys financiers",
    "quantity": "quantités",
    "deadweight": "effet d'aubaine",
    "displacement": "déplacement",
    "attribution": "attribution",
    "drop_off": "érosion",
    "duration": "durée",
    "discount_rate": "taux d'actualisation",
    "investment": "investissement",
}

PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("Impliquer les parties prenantes", "stakeholders"),
    ("Comprendre ce qui change", "changes"),
    ("Valoriser ce qui compte", "values"),
    ("N'inclure que ce qui est significatif", "material"),
    ("Ne pas surévaluer", "overclaim"),
    ("Être transparent", "transparent"),
    ("Vérifier le résultat", "verify"),
    ("Être réactif (décider avec les résultats)", "responsive"),
)
"""The eight principles of Social Value International (Social Value UK, *The Principles of
Social Value*; in French in the ESSEC IIES SROI guide, 2011), read as a checklist by
:func:`explain_principles`."""

TRANSFER_STAKEHOLDER = "Finances publiques (État, département, assurance chômage)"
_YES = {"oui", "o", "vrai", "true", "1", "x", "yes"}


# --------------------------------------------------------------------------------------
# The impact map: columns and values
# --------------------------------------------------------------------------------------
def _column_lookup() -> dict[str, str]:
    lookup = {}
    for name, label in COLUMN_LABELS.items():
        lookup[french.fold_key(name.replace("_", " "))] = name
        lookup[french.fold_key(label)] = name
    lookup[french.fold_key("effet")] = "outcome"
    lookup[french.fold_key("quantité")] = "quantity"
    return lookup


def _number(value: Any, *, percent: bool = False) -> float | None:
    """A cell as a number (``None`` when empty); ``"20 %"`` → 0.2; raises ``ValueError``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return None if math.isnan(float(value)) else float(value)
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if text in ("", "nan", "<NA>", "None"):
        return None
    share = text.endswith("%")
    text = text.rstrip("%").replace("€", "").replace(",", ".")
    number = float(text)
    return number / 100 if share and percent else number


def _row_name(position: int, outcome: Any) -> str:
    name = f"ligne {position + 1} de la carte d'impact"
    return f"{name} (effet « {outcome} »)" if outcome not in (None, "") else name


def normalise_impact_map(impact_map: pd.DataFrame, *, required=REQUIRED) -> pd.DataFrame:
    """The impact map with English column names and checked numbers (a new frame).

    Columns are recognised by their English name or French header (:data:`COLUMN_LABELS`),
    whatever the case and accents; unknown columns are kept as they are. Numbers may be
    text with a decimal comma; percentages may be fractions (0.25) or text (« 25 % »).

    Raises
    ------
    ValuationError
        In French, naming the row and the column: a missing column, a value that is not a
        number, a negative quantity, a percentage under 0 or over 100 %, a duration that is
        not a whole number of years of at least 1.
    """
    import pandas as pd

    lookup = _column_lookup()
    renamed = {c: lookup.get(french.fold_key(c), c) for c in impact_map.columns}
    frame = impact_map.rename(columns=renamed).reset_index(drop=True)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValuationError(
            "La carte d'impact n'a pas "
            + french.plural(len(missing), "la colonne", "les colonnes").split(" ", 1)[1]
            + " "
            + french.quoted_list(COLUMN_LABELS[c] for c in missing)
            + f" (colonnes présentes : {french.quoted_list(map(str, impact_map.columns))})."
        )
    out = frame.copy()
    numeric = [c for c in (*REQUIRED[1:], "weight", "price_year") if c in frame.columns]
    for column in numeric:
        values = []
        for pos, cell in enumerate(frame[column].tolist()):
            values.append(_checked_cell(cell, column, pos, frame))
        out[column] = pd.Series(values, dtype="float64")
    if "transfer" in frame.columns:
        flags = [french.fold_key(v) in _YES or v is True for v in frame["transfer"].tolist()]
        out["transfer"] = pd.Series(flags, dtype="bool")
    else:
        out["transfer"] = pd.Series([False] * len(out), dtype="bool")
    for column in ("outcome", "stakeholder"):
        if column in out.columns:
            out[column] = ["" if _blank(v) else str(v).strip() for v in out[column]]
    if "stakeholder" not in out.columns:
        out["stakeholder"] = ""
    return out


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value)
        in (
            "",
            "<NA>",
            "nan",
        )
    )


def _checked_cell(cell: Any, column: str, pos: int, frame: pd.DataFrame) -> float:
    outcome = frame["outcome"].iloc[pos] if "outcome" in frame.columns else ""
    where = f"{_row_name(pos, outcome)}, colonne « {COLUMN_LABELS[column]} »"
    try:
        value = _number(cell, percent=column in PERCENT_COLUMNS)
    except ValueError:
        raise ValuationError(f"{where} : « {cell} » n'est pas un nombre.") from None
    if value is None:
        if column in ("weight",):
            return 1.0
        if column == "price_year":
            return math.nan
        raise ValuationError(f"{where} : la case est vide ; écrivez un nombre (0 si aucun).")
    if column == "quantity" and value < 0:
        raise ValuationError(
            f"{where} : la quantité est négative ({french.number(value)}) ; une quantité "
            "compte des personnes ou des unités, elle ne peut pas être négative."
        )
    if column in PERCENT_COLUMNS and not 0 <= value <= 1:
        raise ValuationError(
            f"{where} : {french.percent(value)} n'est pas un pourcentage entre 0 et 100 % "
            "(écrivez 0,25 ou « 25 % »)."
        )
    if column == "duration" and (value < 1 or not float(value).is_integer()):
        raise ValuationError(
            f"{where} : {french.number(value)} n'est pas un nombre entier d'années d'au moins 1."
        )
    if column == "weight" and value < 0:
        raise ValuationError(f"{where} : un poids ne peut pas être négatif.")
    return float(value)


# --------------------------------------------------------------------------------------
# SROI
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SROIResult:
    """What :func:`sroi` computed.

    ``table`` is tidy, one row per impact-map row and year, with the columns ``row``
    (position in the map, from 0), ``stakeholder``, ``outcome``, ``year`` (from 1),
    ``gross_value`` (quantity × proxy), ``impact`` (after deadweight, displacement and
    attribution), ``value`` (after drop-off), ``discount_factor``, ``present_value`` and
    ``transfer`` (a benefit no longer paid: not in :attr:`present_value`).
    """

    ratio: float
    net_ratio: float
    present_value: float
    net_present_value: float
    investment: float
    discount_rate: float
    discount_first_year: bool
    table: pd.DataFrame = field(repr=False)
    transfer_value: float = 0.0
    """Present value of the transfers (benefits no longer paid): a saving for the public
    purse, shown apart, never added into :attr:`present_value`."""
    impact_map: pd.DataFrame | None = field(default=None, repr=False)

    def by_outcome(self) -> pd.DataFrame:
        """Present value per stakeholder and outcome (transfers apart), largest first."""
        table = self.table.groupby(
            ["stakeholder", "outcome", "transfer"], sort=False, as_index=False
        )["present_value"].sum()
        return table.sort_values("present_value", ascending=False, kind="stable").reset_index(
            drop=True
        )

    def _repr_markdown_(self) -> str:
        return explain_sroi(self)._repr_markdown_()


def _check_parameters(investment: Any, discount_rate: Any) -> tuple[float, float]:
    try:
        investment = float(investment)
    except (TypeError, ValueError):
        raise ValuationError(
            f"L'investissement doit être un montant en euros, pas {investment!r}."
        ) from None
    if not investment > 0:
        raise ValuationError(
            f"L'investissement vaut {french.number(investment)} € : il doit être positif "
            "(le total des ressources engagées sur la période, en euros)."
        )
    if not isinstance(discount_rate, (int, float)) or not 0 <= discount_rate < 1:
        raise ValuationError(
            f"Le taux d'actualisation doit être une fraction entre 0 et 1 (0.035 pour "
            f"3,5 %), pas {discount_rate!r}."
        )
    return investment, float(discount_rate)


def sroi(
    impact_map: pd.DataFrame,
    *,
    investment: float,
    discount_rate: float = 0.035,
    discount_first_year: bool = True,
) -> SROIResult:
    """The social return on investment of an impact map.

    Parameters
    ----------
    impact_map
        One row per outcome (and stakeholder) with at least :data:`REQUIRED`: ``outcome``,
        ``quantity``, ``proxy_value`` (€ per unit of quantity and per year), ``deadweight``,
        ``displacement``, ``attribution``, ``drop_off`` (fractions from 0 to 1) and
        ``duration`` (whole years); French headers accepted (:data:`COLUMN_LABELS`). An
        optional ``transfer`` column (oui/non) marks benefits no longer paid.
    investment
        The resources engaged, in euros (> 0).
    discount_rate
        The yearly discount rate (0.035: the UK Green Book's rate; France Stratégie's
        revision of 2021 gives 3.2 %).
    discount_first_year
        ``True``: year 1 is discounted once (value ÷ (1 + r)); ``False``: year 1 is
        counted at its face value and year *t* is discounted *t* − 1 times.

    Returns
    -------
    SROIResult
        ``present_value`` = sum over rows (transfers excluded) and years *t* = 1 …
        duration of ``quantity × proxy_value × (1 − deadweight) × (1 − displacement) ×
        (1 − attribution) × (1 − drop_off) ** (t − 1) ÷ (1 + r) ** k`` with *k* = *t* (or
        *t* − 1 when ``discount_first_year`` is false); ``ratio`` = present value ÷
        investment; ``net_ratio`` = (present value − investment) ÷ investment.

    Raises
    ------
    ValuationError
        In French, naming the row and column of a bad value (see
        :func:`normalise_impact_map`), or for an investment of 0 or less.
    """
    import numpy as np
    import pandas as pd

    investment, rate = _check_parameters(investment, discount_rate)
    frame = normalise_impact_map(impact_map)
    rows = []
    for pos, row in enumerate(frame.itertuples(index=False)):
        gross = row.quantity * row.proxy_value
        impact = gross * (1 - row.deadweight) * (1 - row.displacement) * (1 - row.attribution)
        for year in range(1, int(row.duration) + 1):
            value = impact * (1 - row.drop_off) ** (year - 1)
            factor = (1 + rate) ** -(year if discount_first_year else year - 1)
            rows.append(
                (pos, row.stakeholder, row.outcome, year, gross, impact, value, factor,
                 value * factor, bool(row.transfer))
            )  # fmt: skip
    table = pd.DataFrame(
        rows,
        columns=[
            "row",
            "stakeholder",
            "outcome",
            "year",
            "gross_value",
            "impact",
            "value",
            "discount_factor",
            "present_value",
            "transfer",
        ],
    ).astype({"row": "int64", "year": "int64", "transfer": "bool"})
    kept = ~table["transfer"].to_numpy(dtype=bool)
    present = float(np.sum(table["present_value"].to_numpy(dtype=float)[kept]))
    transfers = float(np.sum(table["present_value"].to_numpy(dtype=float)[~kept]))
    return SROIResult(
        ratio=present / investment,
        net_ratio=(present - investment) / investment,
        present_value=present,
        net_present_value=present - investment,
        investment=investment,
        discount_rate=rate,
        discount_first_year=bool(discount_first_year),
        table=table,
        transfer_value=transfers,
        impact_map=frame,
    )


# --------------------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------------------
def _varied(result: SROIResult, assumption: str, x: float) -> SROIResult:
    """The SROI with one assumption varied: a factor, a shift in points or years, a rate."""
    frame = result.impact_map.copy()
    investment, rate = result.investment, result.discount_rate
    if assumption in ("proxy_value", "quantity"):
        frame[assumption] = frame[assumption] * x
    elif assumption in PERCENT_COLUMNS:
        frame[assumption] = (frame[assumption] + x).clip(0, 1)
    elif assumption == "duration":
        frame[assumption] = (frame[assumption] + x).clip(lower=1)
    elif assumption == "discount_rate":
        rate = x
    elif assumption == "investment":
        investment = investment * x
    return sroi(
        frame,
        investment=investment,
        discount_rate=rate,
        discount_first_year=result.discount_first_year,
    )


def _break_even(result: SROIResult, assumption: str) -> float:
    """The varied value at which the ratio is 1 (NaN when it never gets there)."""
    from scipy.optimize import brentq

    ratio = result.ratio
    if assumption in ("proxy_value", "quantity"):
        return 1 / ratio if ratio > 0 else math.nan
    if assumption == "investment":
        return ratio if ratio > 0 else math.nan

    def gap(x: float) -> float:
        return _varied(result, assumption, x).ratio - 1

    if assumption in PERCENT_COLUMNS:
        low, high = -1.0, 1.0
    elif assumption == "discount_rate":
        low, high = 0.0, 0.99
    else:  # duration: whole years
        longest = int(result.impact_map["duration"].max()) if len(result.impact_map) else 1
        steps = range(0, -longest, -1) if ratio > 1 else range(0, 51)
        for k in steps:
            if (gap(k) <= 0) if ratio > 1 else (gap(k) >= 0):
                return float(k)
        return math.nan
    g_low, g_high = gap(low), gap(high)
    if g_low * g_high > 0:
        return math.nan
    if g_low == 0:
        return low
    if g_high == 0:
        return high
    return float(brentq(gap, low, high, xtol=1e-12, rtol=1e-12))


def sensitivity(result: SROIResult, *, ranges: dict | None = None) -> pd.DataFrame:
    """Each assumption varied one at a time, and the value at which the ratio falls to 1.

    Parameters
    ----------
    result
        An SROI computed by :func:`sroi`.
    ranges
        ``{assumption: (kind, low, high)}``, by default :data:`SENSITIVITY_RANGES`; kinds:
        « facteur » (values multiplied), « écart » (points added to every row, kept in
        0–1), « années » (years added, at least 1), « taux » (the discount rate itself).

    Returns
    -------
    pandas.DataFrame
        One row per assumption, largest swing first, with ``assumption``, ``label``
        (French), ``kind``, ``low``, ``high``, ``ratio_low``, ``ratio_high``, ``swing``
        (|ratio_high − ratio_low|), ``break_even`` (the factor, shift or rate at which the
        ratio is exactly 1, NaN when it never gets there; solved exactly for factors, by
        :func:`scipy.optimize.brentq` otherwise, or as whole years for durations) and
        ``break_even_value`` (the assumption's value then, when every row shares it).
    """
    import pandas as pd

    ranges = SENSITIVITY_RANGES if ranges is None else ranges
    rows = []
    for assumption, (kind, low, high) in ranges.items():
        ratio_low = _varied(result, assumption, low).ratio
        ratio_high = _varied(result, assumption, high).ratio
        even = _break_even(result, assumption)
        rows.append(
            {
                "assumption": assumption,
                "label": ASSUMPTION_LABELS.get(assumption, assumption),
                "kind": kind,
                "low": float(low),
                "high": float(high),
                "ratio_low": ratio_low,
                "ratio_high": ratio_high,
                "swing": abs(ratio_high - ratio_low),
                "break_even": even,
                "break_even_value": _even_value(result, assumption, even),
            }
        )
    table = pd.DataFrame(rows)
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _even_value(result: SROIResult, assumption: str, even: float) -> float:
    if math.isnan(even):
        return math.nan
    if assumption == "discount_rate":
        return even
    if assumption == "investment":
        return result.investment * even
    values = set(result.impact_map[assumption].tolist()) if assumption in REQUIRED else set()
    if len(values) != 1:
        return math.nan
    (value,) = values
    if assumption in PERCENT_COLUMNS:
        return min(1.0, max(0.0, value + even))
    if assumption == "duration":
        return max(1.0, value + even)
    return value * even


def ratio_range(table: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest ratio of a :func:`sensitivity` table."""
    values = [*table["ratio_low"].tolist(), *table["ratio_high"].tolist()]
    return (min(values), max(values)) if values else (math.nan, math.nan)


# --------------------------------------------------------------------------------------
# Non-monetised value map, double counting
# --------------------------------------------------------------------------------------
def value_map(impact_map: pd.DataFrame) -> pd.DataFrame:
    """The non-monetised value map: weights instead of money.

    Each row's score is ``quantity × weight × (1 − deadweight) × (1 − displacement) ×
    (1 − attribution)`` (the « Poids » column, 1 when absent: the importance the
    stakeholders give the outcome, from 0 to 5). Transfers are left out. Returns a frame
    with ``stakeholder``, ``outcome``, ``quantity``, ``weight``, ``adjusted_quantity``,
    ``score`` and ``share`` (of the total score), largest first.
    """
    import pandas as pd

    needed = ("outcome", "quantity", "deadweight", "displacement", "attribution")
    frame = normalise_impact_map(impact_map, required=needed)
    if "weight" not in frame.columns:
        frame["weight"] = 1.0
    frame = frame[~frame["transfer"]]
    kept = (1 - frame["deadweight"]) * (1 - frame["displacement"]) * (1 - frame["attribution"])
    out = pd.DataFrame(
        {
            "stakeholder": frame["stakeholder"],
            "outcome": frame["outcome"],
            "quantity": frame["quantity"],
            "weight": frame["weight"],
            "adjusted_quantity": frame["quantity"] * kept,
            "score": frame["quantity"] * kept * frame["weight"],
        }
    )
    total = out["score"].sum()
    out["share"] = out["score"] / total if total > 0 else 0.0
    return out.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def double_counting(impact_map: pd.DataFrame) -> pd.DataFrame:
    """Possible double counts (transfers left out), one row each: ``kind``, ``outcome``,
    ``stakeholders`` (« ; »-joined) and ``rows``.

    Two kinds: « même effet » (an outcome listed for two stakeholders or more: keep both
    rows only when each stakeholder gains something different) and « même proxy » (one
    stakeholder's outcomes valued with the same proxy: the same change counted twice, for
    example an exit into work and being in work six months later).
    """
    import pandas as pd

    frame = normalise_impact_map(impact_map, required=("outcome",))
    frame = frame[~frame["transfer"]]
    rows = []
    for _key, group in frame.groupby(frame["outcome"].map(french.fold_key), sort=False):
        holders = list(dict.fromkeys(s for s in group["stakeholder"] if s))
        if len(group) > 1 and len(holders) > 1:
            rows.append(
                {
                    "kind": "même effet",
                    "outcome": group["outcome"].iloc[0],
                    "stakeholders": " ; ".join(holders),
                    "rows": len(group),
                }
            )
    if "proxy" in frame.columns and "proxy_value" in frame.columns:
        priced = frame[(frame["proxy"].fillna("").astype(str) != "") & (frame["proxy_value"] > 0)]
        for _key, group in priced.groupby(["stakeholder", "proxy"], sort=False):
            outcomes = list(dict.fromkeys(group["outcome"]))
            if len(outcomes) > 1:
                rows.append(
                    {
                        "kind": "même proxy",
                        "outcome": " ; ".join(outcomes),
                        "stakeholders": group["stakeholder"].iloc[0],
                        "rows": len(group),
                    }
                )
    return pd.DataFrame(rows, columns=["kind", "outcome", "stakeholders", "rows"])


# --------------------------------------------------------------------------------------
# Adjustments: the 5-level picker and its justifications
# --------------------------------------------------------------------------------------
def _level(level: str, where: str) -> float:
    key = french.fold_key(level)
    for name, share in LEVELS.items():
        if french.fold_key(name) == key:
            return share
    raise ValuationError(
        f"{where} : « {level} » n'est pas un niveau de l'échelle ; choisissez parmi "
        f"{french.quoted_list(LEVELS)}."
    )


def _adjustment_name(name: str) -> str:
    key = french.fold_key(name)
    for code, label in ADJUSTMENTS.items():
        if key in (french.fold_key(code), french.fold_key(label)):
            return code
    raise ValuationError(
        f"« {name} » n'est pas un ajustement ; choisissez parmi "
        f"{french.quoted_list(ADJUSTMENTS.values())}."
    )


def _adjustments_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    columns = ["outcome", "adjustment", "level", "share", "justification"]
    return pd.DataFrame(rows, columns=columns)


def adjustments_from_parameters(
    impact_map: pd.DataFrame,
    *,
    deadweight: str = "",
    displacement: str = "",
    attribution: str = "",
    justification: str = "",
    hints: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """The parameters path of the picker: one level for each adjustment, for every outcome.

    An empty level leaves that adjustment out. Without ``justification``, each one says it
    was set by the parameters and is « à justifier », followed by the hint of ``hints``
    (``{outcome: {adjustment: text}}``, see :func:`adjustment_hints`). Returns the frame
    :func:`save_adjustments` takes (``outcome``, ``adjustment``, ``level``, ``share``,
    ``justification``).
    """
    frame = normalise_impact_map(impact_map, required=("outcome",))
    default = "niveau fixé par les paramètres du carnet 11, à justifier"
    hints = hints or {}
    rows = []
    chosen = {"deadweight": deadweight, "displacement": displacement, "attribution": attribution}
    for outcome in dict.fromkeys(frame.loc[~frame["transfer"], "outcome"]):
        for code, level in chosen.items():
            if level:
                share = _level(level, f"Paramètre de l'{ADJUSTMENTS[code]}")
                rows.append(
                    {
                        "outcome": outcome,
                        "adjustment": code,
                        "level": _level_name(level),
                        "share": share,
                        "justification": justification
                        or " ; ".join(
                            t for t in (default, hints.get(outcome, {}).get(code, "")) if t
                        ),
                    }
                )
    return _adjustments_frame(rows)


def _level_name(level: str) -> str:
    key = french.fold_key(level)
    return next(name for name in LEVELS if french.fold_key(name) == key)


def save_adjustments(ws: Workspace, adjustments: pd.DataFrame | list[dict]) -> Path:
    """Write the chosen levels and their justifications to ``11-valorisation/ajustements.yml``.

    ``adjustments``: rows with ``outcome``, ``adjustment`` (deadweight, displacement,
    attribution, or their French names), ``level`` (one of :data:`LEVELS`) and
    ``justification`` (a sentence; required).

    Raises
    ------
    ValuationError
        In French for an unknown level or adjustment, or an empty justification, naming
        the outcome.
    """
    import pandas as pd

    frame = pd.DataFrame(adjustments) if isinstance(adjustments, list) else adjustments
    entries = []
    for row in frame.to_dict("records"):
        code = _adjustment_name(str(row["adjustment"]))
        where = f"Effet « {row['outcome']} », {ADJUSTMENTS[code]}"
        share = _level(str(row["level"]), where)
        text = str(row.get("justification") or "").strip()
        if not text:
            raise ValuationError(
                f"{where} : écrivez une justification (pourquoi ce niveau : un chiffre de "
                "comparaison national, un autre acteur, ce que disent les personnes)."
            )
        entries.append(
            {
                "effet": str(row["outcome"]),
                "ajustement": ADJUSTMENTS[code],
                "niveau": _level_name(str(row["level"])),
                "pourcentage": share,
                "justification": text,
            }
        )
    data = {"version": 1, "ajustements": entries}
    header = (
        "# Ajustements de la carte d'impact (carnet 11) : niveau, pourcentage retiré et "
        "justification de chaque choix."
    )
    return ws.write_yaml(ws.step_dir("11") / ADJUSTMENTS_FILE, data, header=header)


def load_adjustments(ws: Workspace) -> pd.DataFrame:
    """Read back :func:`save_adjustments`'s file (an empty frame when there is none).

    The level wins over the percentage written beside it (the percentage is recomputed).
    """
    from .yamlfile import read_yaml_file

    path = ws.step_dir("11", create=False) / ADJUSTMENTS_FILE
    if not path.is_file():
        return _adjustments_frame([])
    data, _node = read_yaml_file(path, ValuationError)
    entries = (data.get("ajustements") or []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValuationError(f"{path} : la clé « ajustements » doit être une liste.")
    rows = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not {"effet", "ajustement", "niveau"} <= set(entry):
            raise ValuationError(
                f"{path}, ajustement n° {number} : il faut les clés « effet », « ajustement », "
                "« niveau » et « justification »."
            )
        code = _adjustment_name(str(entry["ajustement"]))
        where = f"{path}, effet « {entry['effet']} »"
        rows.append(
            {
                "outcome": str(entry["effet"]),
                "adjustment": code,
                "share": _level(str(entry["niveau"]), where),
                "level": _level_name(str(entry["niveau"])),
                "justification": str(entry.get("justification") or ""),
            }
        )
    return _adjustments_frame(rows)


def resolve_adjustments(
    ws: Workspace,
    impact_map: pd.DataFrame,
    *,
    deadweight: str = "",
    displacement: str = "",
    attribution: str = "",
    use_saved: bool = True,
) -> pd.DataFrame:
    """The adjustments to apply: those saved (by the picker or an earlier run) when there
    are some and ``use_saved``, else those of the parameters, saved for the next run."""
    saved = load_adjustments(ws) if use_saved else _adjustments_frame([])
    if len(saved):
        return saved
    outcomes = normalise_impact_map(impact_map, required=("outcome",))["outcome"]
    chosen = adjustments_from_parameters(
        impact_map,
        deadweight=deadweight,
        displacement=displacement,
        attribution=attribution,
        hints=adjustment_hints(ws, outcomes),
    )
    if len(chosen):
        save_adjustments(ws, chosen)
    return chosen


def adjustment_hints(ws: Workspace, outcomes: Any) -> dict[str, dict[str, str]]:
    """What to start each justification from, per outcome label: for the deadweight, a
    national benchmark of :func:`load_proxies` (nature « repère ») whose words match the
    outcome, or where to look for one; for the attribution, the other actors the theory of
    change names (its partners, and the outcome's « contribution » dimension); for the
    displacement, the question to ask. ``{}`` without a theory of change."""
    from .theory_of_change import load_theory_of_change, toc_path

    if not toc_path(ws).is_file():
        return {}
    try:
        toc = load_theory_of_change(ws)
    except TheoryOfChangeError:
        return {}
    proxies = load_proxies()
    partners = [s.name for s in toc.stakeholders if s.category == "partenaires"]
    by_label = {french.fold_key(e.label): e for e in toc.outcomes}
    hints = {}
    for outcome in dict.fromkeys(outcomes):
        element = by_label.get(french.fold_key(outcome))
        benchmark = _match_proxy(outcome, proxies, "repère")
        contribution = element.dimensions.contribution if element is not None else ""
        others = f"autres acteurs de la théorie du changement : {french.quoted_list(partners)}"
        hints[outcome] = {
            "deadweight": (
                f"repère national : {benchmark['libelle']} ({benchmark['source'].split(',')[0]})"
                if benchmark is not None
                else "comparez avec un chiffre national (Dares, Insee, DEPP) ou un groupe "
                "qui n'a pas participé"
            ),
            "attribution": others + (f" ; {contribution}" if contribution else ""),
            "displacement": "cet effet a-t-il pris la place de celui d'une autre personne ?",
        }
    return hints


def apply_adjustments(impact_map: pd.DataFrame, adjustments: pd.DataFrame) -> pd.DataFrame:
    """A new impact map with each chosen share written in its outcome's rows (transfers
    untouched). Outcomes are matched whatever the case and accents."""
    frame = normalise_impact_map(impact_map, required=("outcome",))
    keys = frame["outcome"].map(french.fold_key)
    for row in adjustments.to_dict("records"):
        rows = (keys == french.fold_key(row["outcome"])) & ~frame["transfer"]
        frame.loc[rows, row["adjustment"]] = float(row["share"])
    return frame


# --------------------------------------------------------------------------------------
# Financial proxies
# --------------------------------------------------------------------------------------
def load_proxies() -> pd.DataFrame:
    """The financial proxies shipped with Size Up (``data/proxys-financiers.csv``).

    Columns: ``id``, ``libelle``, ``nature`` (« valeur sociale », « transfert »,
    « contribution » — a resource engaged, never a value created —, « repère » — a
    benchmark for deadweight or attribution), ``valeur`` (a number), ``unite``, ``devise``
    (EUR or GBP), ``annee_prix``, ``mots_cles``, ``structures``, ``source``, ``fiabilite``
    ([O] official, [S] secondary, [C] computed), ``licence`` and ``remarque``. Figures from
    ``../shared/reference/financial-proxies.md``; no value of the UK social value bank
    (HACT: its licence forbids shipping them in a tool).
    """
    import pandas as pd

    table = pd.read_csv(PROXIES_FILE, sep=";", dtype=str, keep_default_na=False)
    table["valeur"] = table["valeur"].astype(float)
    table["annee_prix"] = table["annee_prix"].astype(int)
    return table


def proxies_at_price_year(
    proxies: pd.DataFrame, year: int, *, price_index: dict[int, float] | None = None
) -> pd.DataFrame:
    """The proxies brought to the prices of ``year`` when a price index allows it.

    ``price_index`` maps a year to its consumer-price index (INSEE's, taken by the person
    from insee.fr): ``value × index[year] ÷ index[price year]``. Without an index for both
    years — the case by default: the reference notes hold none — a value stays in the prices
    of its own year. Adds ``valeur_ramenee``, ``annee_ramenee`` and ``ramene`` (bool); a
    value in another currency than the euro is never converted here (``ramene`` false).
    """
    out = proxies.copy()
    index = price_index or {}
    values, years, done = [], [], []
    for row in out.to_dict("records"):
        own = int(row["annee_prix"])
        ok = row["devise"] == "EUR" and (own == year or (own in index and year in index))
        factor = 1.0 if own == year or not ok else index[year] / index[own]
        values.append(row["valeur"] * factor)
        years.append(year if ok else own)
        done.append(ok)
    out["valeur_ramenee"] = values
    out["annee_ramenee"] = years
    out["ramene"] = done
    return out


def _match_proxy(label: str, proxies: pd.DataFrame, nature: str) -> dict | None:
    text = f" {french.fold_key(label)} "
    for row in proxies.to_dict("records"):
        if row["nature"] != nature or (nature != "repère" and row["devise"] != "EUR"):
            continue
        words = [french.fold_key(w) for w in row["mots_cles"].split("|") if w.strip()]
        if any(f" {w}" in text for w in words):
            return row
    return None


# --------------------------------------------------------------------------------------
# Draft from the workspace, workbook
# --------------------------------------------------------------------------------------
def _quantity(framework: Any, outcome_id: str) -> tuple[float, str, str]:
    """(quantity, unit, indicator) from step 06's computed indicators of the outcome."""
    if framework is None:
        return 0.0, "personnes", ""
    table = framework.indicators
    rows = table[(table["Niveau"] == "effet") & (table["Élément"] == outcome_id)]
    first = rows["Libellé"].iloc[0] if len(rows) else ""
    for row in rows.to_dict("records"):
        value = _cell(row["Valeur"])
        n = _cell(row["Effectif"])
        if value is None:
            continue
        if row["Unité"] == "%" and n is not None:
            return float(round(value / 100 * n)), row["Unité de l'effectif"], row["Libellé"]
        if row["Unité"] in ("personnes", "personne"):
            return value, "personnes", row["Libellé"]
    return 0.0, "personnes", first


def _cell(value: Any) -> float | None:
    try:
        return _number(value)
    except ValueError:
        return None


def draft_impact_map(ws: Workspace, *, proxies: pd.DataFrame | None = None) -> pd.DataFrame:
    """A first impact map from the workspace, for the person to check and complete.

    One row per outcome of the theory of change (its first stakeholder, the outputs that
    lead to it), its quantity from step 06's indicator values (an « effet » indicator in %
    × its number of people, or a count of people; 0 and a note otherwise), a proxy matched
    on the outcome's words in :func:`load_proxies` (euros only; none: 0 and a note), the
    three adjustments and the drop-off at 0 (to choose in section 3), 1 year, weight 1.
    An outcome about employment also gets a « Transfert » row for the public purse (the
    RSA no longer paid), kept apart from the social value. English column names
    (:data:`COLUMN_LABELS`); an empty frame when the workspace has no theory of change.
    """
    import pandas as pd

    from .indicators import load_indicator_framework
    from .theory_of_change import load_theory_of_change, toc_path

    proxies = load_proxies() if proxies is None else proxies
    columns = list(COLUMN_LABELS)
    if not toc_path(ws).is_file():
        return pd.DataFrame(columns=columns)
    try:
        toc = load_theory_of_change(ws)
    except TheoryOfChangeError:
        return pd.DataFrame(columns=columns)
    try:
        framework = load_indicator_framework(ws)
    except IndicatorError:
        framework = None
    names = {s.id: s.name for s in toc.stakeholders}
    used: dict[str, str] = {}
    labels = {e.id: e.label for e in toc.elements}
    rows = []
    for outcome in toc.outcomes:
        quantity, unit, indicator = _quantity(framework, outcome.id)
        proxy = _match_proxy(outcome.label, proxies, "valeur sociale")
        transfer = _match_proxy(outcome.label, proxies, "transfert")
        earlier = used.get(proxy["id"]) if proxy is not None else None
        if proxy is not None and earlier is None:
            used[proxy["id"]] = outcome.label
        outputs = [labels[k.source] for k in toc.links if k.target == outcome.id]
        notes = []
        if quantity == 0:
            notes.append("quantité à renseigner")
        if earlier is not None:
            notes.append(
                f"même proxy que l'effet « {earlier} » : compté une seule fois, pour ne pas "
                "valoriser deux fois le même changement"
            )
            proxy = transfer = None
        elif proxy is None:
            notes.append("proxy à choisir (ou poids seulement)")
        elif "par personne" not in proxy["unite"]:
            notes.append(f"la quantité doit compter ce que compte le proxy ({proxy['unite']})")
        holder = next((names[s] for s in outcome.stakeholders if s in names), "")
        base = {
            "stakeholder": holder,
            "input": "",
            "output": " ; ".join(o for o in outputs if o),
            "outcome": outcome.label,
            "indicator": indicator,
            "quantity": quantity,
            "quantity_unit": unit,
            "duration": 1,
            "deadweight": 0.0,
            "displacement": 0.0,
            "attribution": 0.0,
            "drop_off": 0.0,
            "weight": 1.0,
        }
        rows.append(
            {
                **base,
                **_proxy_cells(proxy),
                "transfer": False,
                "note": " ; ".join(notes),
            }
        )
        if transfer is not None:
            rows.append(
                {
                    **base,
                    "stakeholder": TRANSFER_STAKEHOLDER,
                    **_proxy_cells(transfer),
                    "transfer": True,
                    "note": "transfert : économie pour les finances publiques, hors valeur sociale",
                }
            )
    return pd.DataFrame(rows, columns=columns)


def _proxy_cells(proxy: dict | None) -> dict:
    if proxy is None:
        return {"proxy": "", "proxy_value": 0.0, "price_year": math.nan, "proxy_source": ""}
    return {
        "proxy": f"{proxy['libelle']} ({proxy['unite']})",
        "proxy_value": float(proxy["valeur"]),
        "price_year": float(proxy["annee_prix"]),
        "proxy_source": f"{proxy['id']} : {proxy['source']}",
    }


def french_impact_map(impact_map: pd.DataFrame) -> pd.DataFrame:
    """The impact map with its French headers (:data:`COLUMN_LABELS`), transfers as
    oui/non, in the order of :data:`COLUMN_LABELS`."""
    frame = impact_map.copy()
    if "transfer" in frame.columns:
        frame["transfer"] = ["oui" if bool(v) else "non" for v in frame["transfer"]]
    known = [c for c in COLUMN_LABELS if c in frame.columns]
    others = [c for c in frame.columns if c not in COLUMN_LABELS]
    return frame[known + others].rename(columns=COLUMN_LABELS)


def impact_map_bytes(impact_map: pd.DataFrame) -> bytes:
    """The impact map as an xlsx workbook: sheet « Carte d'impact » with French headers
    and percentages formatted as such, sheet « Mode d'emploi »."""

    from openpyxl import Workbook
    from openpyxl.styles import Font

    frame = french_impact_map(impact_map)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    percents = {COLUMN_LABELS[c] for c in PERCENT_COLUMNS}
    for row in frame.itertuples(index=False):
        sheet.append([None if _blank(v) else v for v in row])
    for index, name in enumerate(frame.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(name)) + 4))
        if name in percents:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0%"
    notes = book.create_sheet("Mode d'emploi")
    for line in (
        "Une ligne par effet et par partie prenante. Gardez les en-têtes tels quels.",
        "Effet d'aubaine, déplacement, attribution, érosion : des pourcentages de 0 à 100 %.",
        "Durée (années) : un nombre entier d'années d'au moins 1.",
        "Proxy financier (€) : la valeur d'une unité de quantité pendant un an, en euros.",
        "Transfert : « oui » pour une allocation qui n'est plus versée (RSA, ASS, ARE) : "
        "elle est montrée à part, jamais ajoutée à la valeur sociale.",
        "Poids : l'importance de l'effet pour les parties prenantes (0 à 5), pour la carte "
        "de valeur non monétisée.",
    ):
        notes.append([line])
    return workbook_bytes(book)  # the same bytes from run to run


def write_impact_map(ws: Workspace, impact_map: pd.DataFrame) -> Path:
    """Write ``11-valorisation/carte-impact.xlsx`` (see :func:`impact_map_bytes`)."""
    return ws.write_bytes(ws.step_dir("11") / IMPACT_MAP_FILE, impact_map_bytes(impact_map))


def read_impact_map(source: Workspace | str | Path) -> pd.DataFrame:
    """Read an impact-map workbook (or the workspace's ``carte-impact.xlsx``) back into the
    English columns of :func:`normalise_impact_map` (numbers checked, French errors)."""
    from .io import read_export

    path = Path(source) if isinstance(source, (str, Path)) else None
    if path is None:
        path = source.step_dir("11", create=False) / IMPACT_MAP_FILE
    if not path.is_file():
        raise ValuationError(
            f"{path} : fichier introuvable. Le carnet 11 l'écrit (section 2) ; vous pouvez "
            "aussi partir d'une carte d'impact que vous avez remplie."
        )
    frame = read_export(path, sheet=SHEET)
    return normalise_impact_map(frame)


# --------------------------------------------------------------------------------------
# The step's whole valuation
# --------------------------------------------------------------------------------------
MODES = ("non monétisée", "SROI")


@dataclass(frozen=True)
class Valuation:
    """Step 11's valuation: the value map, and in SROI mode the SROI and its sensitivity."""

    mode: str
    impact_map: pd.DataFrame = field(repr=False)
    value_map: pd.DataFrame = field(repr=False)
    result: SROIResult | None = None
    sensitivity: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def ratio(self) -> float:
        """The central ratio (NaN in the non-monetised mode)."""
        return self.result.ratio if self.result is not None else math.nan

    def _repr_markdown_(self) -> str:
        return explain_valuation(self)._repr_markdown_()


SENSITIVITY_COLUMNS = (
    "assumption",
    "label",
    "kind",
    "low",
    "high",
    "ratio_low",
    "ratio_high",
    "swing",
    "break_even",
    "break_even_value",
)


def resolve_impact_map(ws: Workspace, *, use_saved: bool = True) -> pd.DataFrame:
    """The impact map to work on: ``carte-impact.xlsx`` of step 11 when it exists and
    ``use_saved`` (the participant's edits win, read and checked), else a new draft
    (:func:`draft_impact_map`). English column names, numbers checked."""
    path = ws.step_dir("11", create=False) / IMPACT_MAP_FILE
    if use_saved and path.is_file():
        return read_impact_map(path)
    draft = draft_impact_map(ws)
    return normalise_impact_map(draft, required=("outcome",)) if len(draft) else draft


def resolve_investment(ws: Workspace, investment: float = 0.0) -> float:
    """``investment`` when positive, else the ``investment`` of ``structure.yml``'s
    ``parametres:``, else 0."""
    if investment and investment > 0:
        return float(investment)
    saved = ws.parameters.get("investment") if hasattr(ws, "parameters") else None
    try:
        return float(saved) if saved else 0.0
    except (TypeError, ValueError):
        return 0.0


def valuation(
    ws: Workspace,
    impact_map: pd.DataFrame,
    *,
    mode: str = "non monétisée",
    investment: float = 0.0,
    discount_rate: float = 0.035,
    discount_first_year: bool = True,
) -> Valuation:
    """The value map, and in « SROI » mode the SROI and its sensitivity analysis.

    ``investment`` 0: read from ``structure.yml`` (``parametres: investment:``).

    Raises
    ------
    ValuationError
        In French for an unknown mode, or in SROI mode without an investment.
    """
    if french.fold_key(mode) not in {french.fold_key(m) for m in MODES}:
        raise ValuationError(
            f"Le mode « {mode} » est inconnu : choisissez parmi {french.quoted_list(MODES)}."
        )
    import pandas as pd

    values = value_map(impact_map)
    if french.fold_key(mode) != french.fold_key("SROI"):
        empty = pd.DataFrame(columns=list(SENSITIVITY_COLUMNS))
        return Valuation(MODES[0], impact_map, values, None, empty)
    amount = resolve_investment(ws, investment)
    if amount <= 0:
        raise ValuationError(
            "Mode SROI : l'investissement est inconnu. Donnez le paramètre `investment` (le "
            "total des ressources engagées sur la période, en euros) ou écrivez-le dans "
            "structure.yml sous « parametres: investment: »."
        )
    result = sroi(
        impact_map,
        investment=amount,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )
    return Valuation("SROI", impact_map, values, result, sensitivity(result))


def save_valuation(ws: Workspace, valued: Valuation) -> list[Path]:
    """Write step 11's deliverables in ``ws.step_dir("11")``: ``carte-impact.xlsx``,
    ``carte-de-valeur.csv``, its chart ``carte-de-valeur.png`` (in every mode) and, in SROI
    mode, ``valeur-par-annee.csv``, ``sensibilite.csv`` and the tornado chart
    ``sensibilite.png``."""
    from .plots import save_figure, tornado_chart, value_map_chart

    folder = ws.step_dir("11")
    paths = [write_impact_map(ws, valued.impact_map)]
    paths.append(ws.write_csv(folder / VALUE_MAP_FILE, _french_value_map(valued), bom=True))
    chart = value_map_chart(valued.value_map)
    paths.append(
        save_figure(
            chart,
            folder / VALUE_CHART_FILE,
            title="Carte de valeur non monétisée",
            description=chart.get_label(),
            error=ValuationError,
        )
    )
    if valued.result is not None:
        years = valued.result.table.rename(columns=_YEAR_LABELS)
        paths.append(ws.write_csv(folder / YEARS_FILE, years, bom=True))
        paths.append(ws.write_csv(folder / SENSITIVITY_FILE, _french_sensitivity(valued), bom=True))
        fig = tornado_chart(valued.sensitivity, base_ratio=valued.result.ratio)
        paths.append(
            save_figure(
                fig,
                folder / TORNADO_FILE,
                title="Analyse de sensibilité du ratio SROI",
                description=fig.get_label(),
                error=ValuationError,
            )
        )
    return paths


_YEAR_LABELS = {
    "row": "ligne",
    "stakeholder": "partie prenante",
    "outcome": "effet",
    "year": "année",
    "gross_value": "valeur brute (€)",
    "impact": "impact (€)",
    "value": "valeur après érosion (€)",
    "discount_factor": "facteur d'actualisation",
    "present_value": "valeur actuelle (€)",
    "transfer": "transfert",
}


def _french_value_map(valued: Valuation) -> pd.DataFrame:
    return valued.value_map.rename(
        columns={
            "stakeholder": "partie prenante",
            "outcome": "effet",
            "quantity": "quantité",
            "weight": "poids",
            "adjusted_quantity": "quantité après ajustements",
            "score": "score pondéré",
            "share": "part du total",
        }
    )


def _french_sensitivity(valued: Valuation) -> pd.DataFrame:
    table = valued.sensitivity
    return table.drop(columns=["assumption"]).rename(
        columns={
            "label": "hypothèse",
            "kind": "variation",
            "low": "valeur basse",
            "high": "valeur haute",
            "ratio_low": "ratio (bas)",
            "ratio_high": "ratio (haut)",
            "swing": "écart de ratio",
            "break_even": "seuil où le ratio vaut 1",
            "break_even_value": "valeur de l'hypothèse au seuil",
        }
    )


# --------------------------------------------------------------------------------------
# Readings
# --------------------------------------------------------------------------------------
def _euros(x: float) -> str:
    return f"{french.integer(x)} €"


def _ratio(x: float) -> str:
    return french.decimal(x, 2)


def explain_impact_map(impact_map: pd.DataFrame) -> Reading:
    """The impact map in words: outcomes, what is left to fill in, transfers, double counts."""
    if impact_map is None or len(impact_map) == 0:
        return Reading.of(
            [
                "La carte d'impact est vide : la théorie du changement n'a pas encore d'effet "
                "(carnet 02). Ajoutez vos effets, ou remplissez le classeur de la carte "
                "d'impact à la main."
            ],
            title="Carte d'impact",
        )
    frame = normalise_impact_map(impact_map, required=("outcome",))
    social = frame[~frame["transfer"]]
    outcomes = list(dict.fromkeys(social["outcome"]))
    quantities = social["quantity"] if "quantity" in social.columns else [0] * len(social)
    proxies = social["proxy_value"] if "proxy_value" in social.columns else [0] * len(social)
    no_quantity = [o for o, q in zip(social["outcome"], quantities, strict=True) if not q]
    no_proxy = [o for o, p in zip(social["outcome"], proxies, strict=True) if not p]
    transfers = frame[frame["transfer"]]
    doubles = double_counting(frame)
    lines = [
        f"La carte d'impact compte **{french.plural(len(outcomes), 'effet', 'effets')}** à "
        f"valoriser ({french.plural(len(social), 'ligne', 'lignes')}, hors transferts).",
        (
            f"- Quantité à renseigner pour {french.plural(len(no_quantity), 'effet', 'effets')}"
            f" : {french.quoted_list(no_quantity, 4)} (le carnet 06 n'a pas de valeur "
            f"chiffrée en personnes pour {french.agree(len(no_quantity), 'lui', 'eux')})."
            if no_quantity
            else "- Chaque effet a une quantité tirée des indicateurs du carnet 06 : vérifiez-la."
        ),
        (
            f"- Sans proxy financier : {french.plural(len(no_proxy), 'effet', 'effets')} "
            f"({french.quoted_list(no_proxy, 4)}) ; "
            f"{french.agree(len(no_proxy), 'il compte', 'ils comptent')} dans la carte non "
            "monétisée, pas dans le ratio."
            if no_proxy
            else "- Chaque effet a un proxy financier sourcé."
        ),
        (
            f"- {french.plural(len(transfers), 'ligne', 'lignes')} de transfert (allocation "
            "qui n'est plus versée) : une économie pour les finances publiques, montrée à "
            "part et jamais ajoutée à la valeur sociale."
            if len(transfers)
            else ""
        ),
        (
            _same_outcome_line(doubles)
            if (doubles["kind"] == "même effet").any()
            else "- Aucun effet n'est compté pour deux parties prenantes."
        ),
        _same_proxy_line(doubles),
    ]
    return Reading.of(lines, title="Carte d'impact", table=french_impact_map(frame))


def _same_outcome_line(doubles: pd.DataFrame) -> str:
    same = doubles[doubles["kind"] == "même effet"]
    return (
        f"- Double compte possible : {french.plural(len(same), 'effet figure', 'effets figurent')}"
        f" pour plusieurs parties prenantes ({french.quoted_list(same['outcome'], 3)}) ; ne "
        "gardez les deux lignes que si chacune gagne quelque chose de différent."
    )


def _same_proxy_line(doubles: pd.DataFrame) -> str:
    same = doubles[doubles["kind"] == "même proxy"]
    if not len(same):
        return ""
    first = same.iloc[0]
    return (
        f"- Double compte possible : le même proxy valorise plusieurs effets de « "
        f"{first['stakeholders']} » ({first['outcome']}) ; la même personne ne gagne "
        "qu'une fois ce que le proxy mesure."
    )


def explain_adjustments(adjustments: pd.DataFrame) -> Reading:
    """The chosen levels in words: how many, which are not really justified yet."""
    if len(adjustments) == 0:
        return Reading.of(
            [
                "Aucun ajustement choisi : la carte compte chaque effet en entier, ce qui le "
                "surévalue presque toujours. Choisissez un niveau pour l'effet d'aubaine, le "
                "déplacement et l'attribution de chaque effet, avec sa justification."
            ],
            title="Ajustements",
        )
    default = adjustments["justification"].str.contains("à justifier", regex=False)
    outcomes = adjustments["outcome"].nunique()
    lines = [
        f"**{french.plural(len(adjustments), 'ajustement', 'ajustements')}** pour "
        f"{french.plural(outcomes, 'effet', 'effets')}, chacun avec son pourcentage retiré.",
        (
            f"- {french.plural(int(default.sum()), 'ajustement garde', 'ajustements gardent')}"
            " la justification par défaut des paramètres : remplacez-la par la vôtre (un "
            "chiffre national de comparaison pour l'effet d'aubaine, les autres acteurs de la "
            "théorie du changement pour l'attribution)."
            if default.any()
            else "- Chaque ajustement a sa justification écrite."
        ),
    ]
    table = adjustments.rename(
        columns={
            "outcome": "effet",
            "adjustment": "ajustement",
            "level": "niveau",
            "share": "pourcentage retiré",
            "justification": "justification",
        }
    )
    table["ajustement"] = table["ajustement"].map(ADJUSTMENTS)
    return Reading.of(lines, title="Ajustements", table=table)


def explain_sroi(result: SROIResult, table: pd.DataFrame | None = None) -> Reading:
    """The ratio, always with its range from the sensitivity analysis, never alone."""
    table = sensitivity(result) if table is None else table
    low, high = ratio_range(table)
    lines = [
        f"Pour 1 € engagé, la valeur sociale estimée va de **{_ratio(low)} à {_ratio(high)} €** "
        f"selon les hypothèses (valeur centrale {_ratio(result.ratio)} €). C'est un ordre "
        "de grandeur construit sur des hypothèses, pas un rendement mesuré.",
        f"- Valeur actuelle : {_euros(result.present_value)} pour un investissement de "
        f"{_euros(result.investment)} ; valeur nette {_euros(result.net_present_value)} "
        f"(ratio net {_ratio(result.net_ratio)}).",
        f"- Actualisation à {french.percent(result.discount_rate)} par an, "
        + (
            "la première année comprise."
            if result.discount_first_year
            else "la première année comptée sans actualisation."
        ),
        (
            f"- Transferts (allocations qui ne sont plus versées) : {_euros(result.transfer_value)}"
            " d'économie pour les finances publiques, montrés à part : ils ne s'ajoutent pas "
            "à la valeur sociale."
            if result.transfer_value
            else "- Aucun transfert dans la carte."
        ),
        (
            "- Le ratio reste au-dessus de 1 dans toute la fourchette."
            if low > 1
            else "- Le ratio reste sous 1 dans toute la fourchette."
            if high < 1
            else "- La fourchette passe par 1 : selon les hypothèses, la valeur créée est "
            "supérieure ou inférieure à l'investissement."
        ),
    ]
    frame = result.by_outcome().rename(
        columns={
            "stakeholder": "partie prenante",
            "outcome": "effet",
            "transfer": "transfert",
            "present_value": "valeur actuelle (€)",
        }
    )
    return Reading.of(lines, title="Retour social sur investissement (SROI)", table=frame)


def _break_even_text(row: dict) -> str:
    even, kind, label = row["break_even"], row["kind"], row["label"]
    if math.isnan(even):
        return f"le ratio ne passe pas à 1 en faisant varier l'hypothèse « {label} » seule"
    if row["assumption"] == "investment":
        return f"le ratio vaut 1 si l'investissement est multiplié par {_ratio(even)}"
    if kind == "facteur":
        return f"le ratio vaut 1 si les {label} sont à {french.percent(even)} de leur valeur"
    if kind == "taux":
        return f"le ratio vaut 1 avec un taux d'actualisation de {french.percent(even)}"
    if kind == "années":
        years = french.plural(abs(even), "an", "ans")
        if even == 0:
            return "le ratio est déjà à 1 ou tout près avec les durées choisies"
        change = "raccourcie" if even < 0 else "allongée"
        return f"le ratio vaut 1 si chaque durée est {change} de {years} (au moins 1 an)"
    sign = "plus" if even >= 0 else "moins"
    value = row["break_even_value"]
    at = "" if math.isnan(value) else f", soit {french.percent(value)}"
    of = f"d'{label}" if label[0] in "aeéiou" else f"de {label}"
    points = french.number(abs(even) * 100, 1)
    return f"le ratio vaut 1 avec {points} points de {sign} {of} pour chaque effet{at}"


def explain_sensitivity(table: pd.DataFrame) -> Reading:
    """The sensitivity analysis in words: what moves the ratio most, and its thresholds."""
    if len(table) == 0:
        return Reading.of(["Pas d'analyse de sensibilité (mode non monétisé)."])
    rows = table.to_dict("records")
    first = rows[0]
    low, high = ratio_range(table)
    lines = [
        f"L'hypothèse qui pèse le plus est « {first['label']} » : le ratio va de "
        f"{_ratio(min(first['ratio_low'], first['ratio_high']))} à "
        f"{_ratio(max(first['ratio_low'], first['ratio_high']))} quand elle varie seule.",
        f"Sur toutes les hypothèses, le ratio va de {_ratio(low)} à {_ratio(high)}.",
        *[f"- {row['label'].capitalize()} : {_break_even_text(row)}." for row in rows],
    ]
    return Reading.of(lines, title="Analyse de sensibilité", table=table)


def explain_value_map(values: pd.DataFrame) -> Reading:
    """The non-monetised map in words: which outcomes weigh most, without euros."""
    if len(values) == 0 or values["score"].sum() <= 0:
        return Reading.of(
            [
                "La carte de valeur non monétisée est vide : aucun effet n'a encore de "
                "quantité (voir la carte d'impact)."
            ],
            title="Carte de valeur non monétisée",
        )
    top = values.iloc[0]
    counted = int((values["score"] > 0).sum())
    lines = [
        f"Sans mettre d'euros, {french.plural(counted, 'effet compte', 'effets comptent')} "
        f"dans la carte ; le plus important est « {top['outcome']} » "
        f"({french.percent(top['share'])} du score pondéré).",
        "- Le score : quantité après effet d'aubaine, déplacement et attribution × le poids "
        "que les parties prenantes donnent à l'effet. Il compare des effets entre eux, il "
        "ne se compare pas à un budget.",
    ]
    return Reading.of(lines, title="Carte de valeur non monétisée", table=values)


def explain_proxies(proxies: pd.DataFrame, year: int | None = None) -> Reading:
    """The proxies in words: how many, their price years, their licences, what was kept."""
    year = year or int(proxies["annee_prix"].max())
    at = proxies_at_price_year(proxies, year)
    kept = at[~at["ramene"]]
    other_currency = proxies[proxies["devise"] == "GBP"]
    lines = [
        f"{french.plural(len(proxies), 'proxy financier', 'proxys financiers')}, chacun avec "
        f"sa valeur, son unité, son année de prix, sa source et sa licence "
        f"(années {proxies['annee_prix'].min()} à {proxies['annee_prix'].max()}).",
        (
            f"- {french.plural(len(kept), 'valeur reste', 'valeurs restent')} aux prix de "
            f"leur année, pas de {year} : aucun indice des prix n'est fourni ici. Pour les "
            "additionner, ramenez-les à une même année avec l'indice des prix à la "
            "consommation de l'Insee (`price_index`)."
            if len(kept)
            else f"- Toutes les valeurs sont aux prix de {year}."
        ),
        (
            f"- {french.plural(len(other_currency), 'valeur est', 'valeurs sont')} en livres "
            "sterling (le WELLBY du Trésor britannique, sous Open Government Licence) : "
            "à convertir avant tout calcul. Les valeurs de la « UK Social Value Bank » ne sont "
            "pas fournies : leur licence l'interdit."
            if len(other_currency)
            else ""
        ),
        "- Les allocations qui ne sont plus versées (RSA, ASS, ARE) sont des transferts : "
        "une économie pour les finances publiques, jamais une valeur sociale de plus.",
    ]
    return Reading.of(lines, title="Proxys financiers", table=at)


def explain_valuation(valued: Valuation) -> Reading:
    """The whole valuation: the value map, and the SROI with its range in SROI mode."""
    if valued.result is None:
        return explain_value_map(valued.value_map) + Reading.of(
            [
                "Mode non monétisé : pas de ratio en euros. Passez `mode` à « SROI » et donnez "
                "l'investissement pour calculer un ratio, toujours montré avec sa fourchette."
            ]
        )
    return explain_sroi(valued.result, valued.sensitivity)


def explain_principles(
    ws: Workspace, impact_map: pd.DataFrame, adjustments: pd.DataFrame | None = None
) -> Reading:
    """The eight principles of Social Value International as a checklist: done or to do,
    each with what in the workspace shows it."""
    import pandas as pd

    frame = (
        normalise_impact_map(impact_map, required=("outcome",)) if len(impact_map) else impact_map
    )
    adjustments = load_adjustments(ws) if adjustments is None else adjustments
    holders = set(frame["stakeholder"]) - {""} if len(frame) else set()
    social = frame[~frame["transfer"]] if len(frame) else frame
    scope = ws.step_dir("03", create=False).is_dir()
    has_proxy = len(social) and "proxy_value" in social.columns
    sourced = bool(has_proxy) and all(
        (not p) or bool(s)
        for p, s in zip(social["proxy_value"], social["proxy_source"], strict=True)
    )
    justified = (
        len(adjustments) > 0
        and not adjustments["justification"].str.contains("à justifier", regex=False).any()
    )
    doubles = double_counting(frame) if len(frame) else []
    holders_text = french.plural(len(holders), "partie prenante", "parties prenantes")
    checks = {
        "stakeholders": (bool(holders), f"{holders_text} dans la carte"),
        "changes": (
            len(social) > 0,
            f"{french.plural(len(social), 'ligne', 'lignes')} d'effets de la théorie du changement",
        ),
        "values": (len(social) > 0, "un poids ou un proxy sourcé pour chaque effet"),
        "material": (scope, "périmètre du carnet 03" + ("" if scope else " absent")),
        "overclaim": (
            justified and len(doubles) == 0,
            "ajustements justifiés, transferts à part, pas de double compte",
        ),
        "transparent": (sourced and justified, "sources des proxys et justifications écrites"),
        "verify": (False, "faire relire la carte par les parties prenantes"),
        "responsive": (False, "au carnet 12, décider ce que vous changez au vu des résultats"),
    }
    rows = []
    for label, key in PRINCIPLES:
        ok, evidence = checks[key]
        rows.append({"principe": label, "état": "fait" if ok else "à faire", "repère": evidence})
    done = sum(1 for r in rows if r["état"] == "fait")
    lines = [
        f"**{done} {french.agree(done, 'principe', 'principes')} sur 8** de Social Value "
        f"International {french.agree(done, 'est tenu', 'sont tenus')} à ce stade :",
        *[f"- {r['principe']} : {r['état']} ({r['repère']})." for r in rows],
    ]
    return Reading.of(lines, title="Les huit principes", table=pd.DataFrame(rows))

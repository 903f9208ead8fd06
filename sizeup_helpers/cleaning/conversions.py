"""Conversions of text columns: dates, numbers, yes / no answers and Likert scales.

Each verb (:func:`parse_dates`, :func:`parse_numbers`, :func:`parse_booleans`,
:func:`parse_likert`) takes a frame first, returns a new frame and records what it changed
in a :class:`~sizeup_helpers.cleaning.journal.Journal`. Their building blocks work on the
*distinct* values of a column (``parse_…_uniques``, ``convert_…``) and are shared with the
type guessing (:mod:`.columns`), the total rows (:mod:`.reshaping`), the people
(:mod:`.people`) and :func:`~sizeup_helpers.cleaning.clean_table`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import check_option
from ..french import fold_keep, fold_key, integer, plural
from .journal import SHARED_PARAMS, Journal, convert_columns
from .values import counts_of, is_missing_token, take

__all__ = [
    "FALSE_WORDS",
    "LIKERT_SCALES",
    "TRUE_WORDS",
    "UNKNOWN_WORDS",
    "boolean_keys",
    "choose_scale",
    "convert_booleans",
    "convert_dates",
    "convert_likert",
    "convert_numbers",
    "likert_lookup",
    "likert_match",
    "parse_booleans",
    "parse_date_uniques",
    "parse_dates",
    "parse_likert",
    "parse_number_uniques",
    "parse_numbers",
]


# ======================================================================================
# Dates
# ======================================================================================
_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "january": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "feb": 2,
    "february": 2,
    "mars": 3,
    "mar": 3,
    "march": 3,
    "avril": 4,
    "avr": 4,
    "apr": 4,
    "april": 4,
    "mai": 5,
    "may": 5,
    "juin": 6,
    "jun": 6,
    "june": 6,
    "juillet": 7,
    "juil": 7,
    "jul": 7,
    "july": 7,
    "aout": 8,
    "aou": 8,
    "aug": 8,
    "august": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "september": 9,
    "octobre": 10,
    "oct": 10,
    "october": 10,
    "novembre": 11,
    "nov": 11,
    "november": 11,
    "decembre": 12,
    "dec": 12,
    "december": 12,
}
_TIME = (
    r"(?:(?:[ t,]+|\s+a\s+)(\d{1,2})[:h](\d{2})(?:[:m](\d{2}))?(?:\.\d+)?"
    r"(?:z|[+-]\d{2}:?\d{2})?)?"
)
_RE_ISO = rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$"
_RE_DMY = rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$"
_RE_MY = r"^(\d{1,2})[-/.](\d{4})$"
_RE_TEXT = r"^(?:(\d{1,2})(?:er)?[\s\-./]*)?([a-z]{3,9})\.?[\s\-./']*(\d{4}|\d{2})$"
_RE_SERIAL = r"^(\d{5})(?:[.,](\d+))?$"
_WEEKDAY = (
    r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|"
    r"sam|dim)\.?\s+(?=\d)"
)
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")


def _two_digit_pivot() -> int:
    return _dt.date.today().year % 100


def parse_date_uniques(
    uniq: np.ndarray, *, dayfirst: bool = True, excel_serials: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Parse distinct text values to ``datetime64[us]``; return (values, recognised).

    The formats are those of :func:`parse_dates`; a value not recognised is ``NaT``.

    Examples
    --------
    >>> values, ok = parse_date_uniques(np.array(["05/03/2019", "mars 2019", "bof"]))
    >>> [str(v)[:10] for v in values], ok.tolist()
    (['2019-03-05', '2019-03-01', 'NaT'], [True, True, False])
    """
    n = len(uniq)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    ok = np.zeros(n, dtype=bool)
    if n == 0:
        return out, ok
    s = pd.Series([fold_keep(u) for u in uniq], dtype=object)
    s = s.str.replace(_WEEKDAY, "", regex=True)
    parts = {k: np.full(n, np.nan) for k in ("y", "m", "d", "H", "M", "S")}
    done = np.zeros(n, dtype=bool)
    pivot = _two_digit_pivot()

    def num(frame: pd.DataFrame, col: int) -> np.ndarray:
        return pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)

    def put(hit: np.ndarray, **values: np.ndarray) -> None:
        for key, vals in values.items():
            parts[key][hit] = vals[hit]
        done[hit] = True

    def two_digit(y: np.ndarray) -> np.ndarray:
        return np.where(y < 100, np.where(y <= pivot, 2000 + y, 1900 + y), y)

    m = s.str.extract(_RE_ISO)
    hit = m[0].notna().to_numpy() & ~done
    put(hit, y=num(m, 0), m=num(m, 1), d=num(m, 2), H=num(m, 3), M=num(m, 4), S=num(m, 5))
    m = s.str.extract(_RE_DMY)
    hit = m[0].notna().to_numpy() & ~done
    a, b, y = num(m, 0), num(m, 1), two_digit(num(m, 2))
    day, month = (a, b) if dayfirst else (b, a)
    swap = (month > 12) & (day <= 12)  # "03/25/2019": the only reading possible
    day, month = np.where(swap, month, day), np.where(swap, day, month)
    put(hit, y=y, m=month, d=day, H=num(m, 3), M=num(m, 4), S=num(m, 5))
    m = s.str.extract(_RE_MY)
    hit = m[0].notna().to_numpy() & ~done
    put(hit, y=num(m, 1), m=num(m, 0), d=np.ones(n))
    m = s.str.extract(_RE_TEXT)
    month_num = m[1].map(_MONTHS).to_numpy(dtype=float, na_value=np.nan)
    hit = ~np.isnan(month_num) & ~done
    day_txt = num(m, 0)
    put(hit, y=two_digit(num(m, 2)), m=month_num, d=np.where(np.isnan(day_txt), 1, day_txt))
    if done.any():
        frame = pd.DataFrame(
            {
                "year": parts["y"][done],
                "month": parts["m"][done],
                "day": parts["d"][done],
                "hour": np.nan_to_num(parts["H"][done]),
                "minute": np.nan_to_num(parts["M"][done]),
                "second": np.nan_to_num(parts["S"][done]),
            }
        )
        valid = (
            (frame["month"].between(1, 12))
            & (frame["day"].between(1, 31))
            & (frame["year"].between(1000, 2999))
            & (frame["hour"] < 24)
            & (frame["minute"] < 60)
            & (frame["second"] < 60)
        ).to_numpy()
        values = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[us]")
        if valid.any():
            parsed = pd.to_datetime(frame[valid].astype("int64"), errors="coerce")
            values[valid] = parsed.to_numpy(dtype="datetime64[us]")
        out[done] = values
        ok[done] = ~np.isnat(values)
    if excel_serials:
        m = s.str.extract(_RE_SERIAL)
        hit = m[0].notna().to_numpy() & ~done
        if hit.any():
            whole = num(m, 0)
            frac = pd.to_numeric("0." + m[1].fillna("0"), errors="coerce").to_numpy(float)
            serial = whole + frac
            inside = hit & (serial >= 10000) & (serial <= 80000)
            micro = np.round(serial[inside] * 86_400) * 1_000_000
            out[inside] = _EXCEL_EPOCH + micro.astype("int64").astype("timedelta64[us]")
            ok[inside] = True
    return out, ok


def convert_dates(codes: np.ndarray, uniq: np.ndarray, **options: Any) -> dict[str, Any]:
    """Converter of :func:`parse_dates` on factorized values (see :func:`.convert_columns`).

    Returns the converted column (``values``) and, per distinct value, the result
    (``uniq_after``) and whether it was ``changed``, ``failed`` or ``missing``.
    """
    values, ok = parse_date_uniques(uniq, **options)
    missing = is_missing_token(uniq)
    failed = ~ok & ~missing
    return {
        "values": take(values, codes, np.datetime64("NaT")),
        "uniq_after": values,
        "changed": ok,
        "failed": failed,
        "missing": missing,
    }


def parse_dates(
    df: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    dayfirst: bool = True,
    excel_serials: bool = True,
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Convert French dates written in mixed formats to ``datetime64[us]``.

    Recognised in the same column: ``05/03/2019``, ``5-3-19``, ``5.3.2019``,
    ``2019-03-05`` (ISO, with or without time), ``05/03/2019 09:14``, ``mardi 5 mars
    2019``, ``janv.-2020``, ``mars 2019``, ``01/2020`` (first of the month), and Excel
    serial numbers such as ``43529`` (days since 30/12/1899, 1927 to 2119). Two-digit
    years up to the current year's are 20xx, the others 19xx.

    Parameters
    ----------
    df
        The table.
    %(columns)s
    dayfirst
        Read ``05/03/2019`` as 5 March (French usage). A value such as ``03/25/2019`` is
        read the only way possible.
    excel_serials
        Read 5-digit numbers as Excel dates.

    Returns
    -------
    pandas.DataFrame
        A new frame; unparseable values become ``NaT`` and are reported in the journal
        (or in a ``UserWarning`` when no journal is given).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"d": ["05/03/2019", "5-3-19", "2019-03-05", "43529", "janv.-2020",
    ...                         "01/2020", "05/03/2019 09:14", "", "31/02/2019"]})
    >>> parse_dates(df, "d")["d"].dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2019-03-05 00:00', '2019-03-05 00:00', '2019-03-05 00:00', '2019-03-05 00:00', \
'2020-01-01 00:00', '2020-01-01 00:00', '2019-03-05 09:14', nan, nan]
    """

    def describe(result: dict[str, Any]) -> str:
        return (
            "Texte converti en dates (jour en premier)."
            if dayfirst
            else "Texte converti en dates (mois en premier)."
        )

    return convert_columns(
        df,
        columns,
        "parse_dates",
        convert_dates,
        journal,
        describe,
        dayfirst=dayfirst,
        excel_serials=excel_serials,
    )


parse_dates.__doc__ = parse_dates.__doc__.replace("    %(columns)s", SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Numbers
# ======================================================================================
_NUM_SPACES = re.compile("[\\s\u00a0\u202f\u2009\u2007\u2008\u200a']")
_NUM_RE = re.compile(
    r"^(?P<pre>[€$£])?(?P<sign>[+-])?(?P<pre2>[€$£])?"
    r"(?P<num>\d[\d.,]*|[.,]\d+)"
    r"(?P<unit>[^\d.,+\-].*)?$"
)
_UNIT_RE = re.compile(r"^[a-zà-ÿ€$£%°²³/.µ]+[a-zà-ÿ0-9€$£%°²³/.µ]*$")
_COMMA_DECIMAL = re.compile(r",\d{1,2}$|,\d{4,}$|\.\d{3},\d+$")
_DOT_DECIMAL = re.compile(r"\.\d{1,2}$|\.\d{4,}$|,\d{3}\.\d+$")


_APPROX = re.compile(r"^\s*(?:~|≈|env\.?|environ|ca\.|approx\.?)\s*(?=[\d.,])", re.I)


def _split_number(text: str) -> tuple[bool, str, str] | None:
    """(negative, digits with marks, unit) of a number as typed, or None."""
    text = _APPROX.sub("", text)  # "~20", "env. 45": an estimate is still a number
    t = _NUM_SPACES.sub("", text).replace("\u2212", "-").replace("–", "-")
    negative = False
    if len(t) > 2 and t[0] == "(" and t[-1] == ")":
        t, negative = t[1:-1], True
    if len(t) > 1 and t[-1] == "-" and t[0].isdigit():
        t, negative = t[:-1], True
    m = _NUM_RE.match(t)
    if m is None:
        return None
    unit = (m.group("unit") or "").lower().strip(".")
    if unit and not _UNIT_RE.match(unit):
        return None
    if any(ch.isdigit() for ch in unit) and re.search(r"[^\d\s]\s+\d", text):
        return None  # "12 pommes 3": two numbers, not a unit such as "m3"
    return negative or m.group("sign") == "-", m.group("num"), unit


def parse_number_uniques(
    uniq: np.ndarray, *, decimal: str = "auto"
) -> tuple[np.ndarray, np.ndarray, dict[str, int], str]:
    """Parse distinct text values to floats; return (values, recognised, units, decimal).

    ``units`` counts the units dropped (``{"km": 2}``); ``decimal`` is the decimal mark
    used (guessed from the values when ``"auto"``).

    Examples
    --------
    >>> values, ok, units, mark = parse_number_uniques(np.array(["1 234,5", "5 km", "x"]))
    >>> values.tolist()[:2], ok.tolist(), units, mark
    ([1234.5, 5.0], [True, True, False], {'km': 1}, ',')
    """
    n = len(uniq)
    values = np.full(n, np.nan)
    parts = [_split_number(u) for u in uniq]
    if decimal == "auto":
        comma = sum(1 for p in parts if p is not None and _COMMA_DECIMAL.search(p[1]))
        dot = sum(1 for p in parts if p is not None and _DOT_DECIMAL.search(p[1]))
        decimal = "." if dot > comma else ","
    units: dict[str, int] = {}
    for i, p in enumerate(parts):
        if p is None:
            continue
        negative, num, unit = p
        comma_at, dot_at = num.rfind(","), num.rfind(".")
        if comma_at >= 0 and dot_at >= 0:
            use_comma = comma_at > dot_at
        else:
            use_comma = decimal == ","
        if use_comma:
            num = num.replace(".", "").replace(",", ".")
        else:
            num = num.replace(",", "")
        try:
            x = float(num)
        except ValueError:
            continue
        values[i] = -x if negative else x
        if unit:
            units[unit] = units.get(unit, 0) + 1
    ok = ~np.isnan(values)
    return values, ok, units, decimal


def convert_numbers(
    codes: np.ndarray,
    uniq: np.ndarray,
    *,
    decimal: str = "auto",
    integers: bool = True,
    parsed: tuple | None = None,
) -> dict[str, Any]:
    """Converter of :func:`parse_numbers` (``parsed``: a :func:`parse_number_uniques` result
    already computed); also returns the ``units`` dropped and the ``decimal`` mark used."""
    values, ok, units, used = (
        parsed if parsed is not None else parse_number_uniques(uniq, decimal=decimal)
    )
    missing = is_missing_token(uniq)
    failed = ~ok & ~missing
    full = take(values, codes, np.nan)
    used_values = values[ok & (counts_of(codes, len(uniq)) > 0)]
    if (
        integers
        and len(used_values)
        and np.all(np.mod(used_values, 1) == 0)
        and np.all(np.abs(used_values) < 2**53)
    ):
        result = pd.array(full, dtype="Float64").astype("Int64")
    else:
        result = full
    return {
        "values": result,
        "uniq_after": values,
        "changed": ok,
        "failed": failed,
        "missing": missing,
        "units": units,
        "decimal": used,
    }


def parse_numbers(
    df: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    decimal: str = "auto",
    integers: bool = True,
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Convert numbers written the French way to numbers.

    Handles comma decimals (``12,5``), thousands separated by spaces, no-break spaces
    (U+00A0) or narrow no-break spaces (U+202F) (``1 234,5``), dotted thousands
    (``1.234,50``), units and currency signs (``5 km``, ``12 €``, ``45 %``), signs
    (``-3``, ``−3``, ``(3)``, ``3-``). Units are dropped and listed in the journal;
    percentages keep their value (``45 %`` → 45).

    Parameters
    ----------
    df
        The table.
    %(columns)s
    decimal
        ``","``, ``"."`` or ``"auto"``: guessed per column from values such as ``12,5``
        or ``12.5``; a value holding both marks uses the last one as decimal mark. With
        ``","`` (the French default when nothing tells), ``1.234`` is 1234.
    integers
        When every value is whole, return nullable integers (``Int64``); otherwise
        ``float64``.

    Returns
    -------
    pandas.DataFrame
        A new frame; unparseable values become missing and are reported.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": ["1\u202f234,5", "12 €", "-3", "1.234,50", "45 %", "abc"]})
    >>> parse_numbers(df, "x")["x"].tolist()
    [1234.5, 12.0, -3.0, 1234.5, 45.0, nan]
    """
    check_option("decimal", decimal, ["auto", ",", "."])

    def describe(result: dict[str, Any]) -> str:
        text = "Texte converti en nombres"
        text += " (virgule décimale)" if result["decimal"] == "," else " (point décimal)"
        if result["units"]:
            text += " ; unités retirées : " + ", ".join(list(result["units"])[:5])
        return text + "."

    return convert_columns(
        df,
        columns,
        "parse_numbers",
        convert_numbers,
        journal,
        describe,
        decimal=decimal,
        integers=integers,
    )


parse_numbers.__doc__ = parse_numbers.__doc__.replace("    %(columns)s", SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Booleans
# ======================================================================================
#: Folded answers read as « oui », « non », and « ne sait pas » (missing).
TRUE_WORDS = frozenset(
    {"oui", "o", "yes", "y", "x", "1", "vrai", "true", "ok", "v", "coche", "oui oui"}
)
FALSE_WORDS = frozenset({"non", "n", "no", "0", "faux", "f", "false", "non coche"})
UNKNOWN_WORDS = frozenset(
    {
        "nsp",
        "ne sait pas",
        "je sais pas",
        "sais pas",
        "ne se prononce pas",
        "je ne sais pas",
        "ns",
        "nsp nrp",
        "nrp",
        "sans avis",
        "je ne sais pas ne se prononce pas",
        "ne souhaite pas repondre",
        "refus",
    }
)
_CHECK_MARKS = {"✓": "x", "✔": "x", "☑": "x", "☒": "x", "✗": "x", "×": "x"}


def boolean_keys(uniq: np.ndarray) -> list[str]:
    """Folded keys of yes / no answers, a check mark read as ``x``.

    >>> boolean_keys(np.array(["OUI ", "✓", "Non coché"]))
    ['oui', 'x', 'non coche']
    """
    return [fold_key(_CHECK_MARKS.get(u.strip(), u)) for u in uniq]


def convert_booleans(
    codes: np.ndarray,
    uniq: np.ndarray,
    *,
    true_values: Iterable[str] = (),
    false_values: Iterable[str] = (),
    unknown_values: Iterable[str] = (),
    blank: str = "auto",
) -> dict[str, Any]:
    """Converter of :func:`parse_booleans`; also returns the ``unknown`` answers counted,
    whether blanks were read as « non » (``blank_false``) and how many (``blank_rows``)."""
    true_set = TRUE_WORDS | {fold_key(v) for v in true_values}
    false_set = (FALSE_WORDS | {fold_key(v) for v in false_values}) - {
        fold_key(v) for v in true_values
    }
    unknown_set = UNKNOWN_WORDS | {fold_key(v) for v in unknown_values}
    keys = boolean_keys(uniq)
    raw_unknown = np.array([u.strip() == "?" for u in uniq], dtype=bool)
    is_true = np.array([k in true_set for k in keys], dtype=bool)
    is_false = np.array([k in false_set for k in keys], dtype=bool)
    is_unknown = np.array([k in unknown_set for k in keys], dtype=bool) | raw_unknown
    missing = is_missing_token(uniq) & ~is_unknown & ~is_true & ~is_false
    if blank == "auto":
        markers = {k for k, t in zip(keys, is_true, strict=True) if t}
        blank_false = bool(markers) and markers <= {"x"} and not is_false.any()
    else:
        blank_false = blank == "false"
    values = np.full(len(uniq), None, dtype=object)
    values[is_true] = True
    values[is_false] = False
    failed = ~(is_true | is_false | is_unknown | missing)
    fill: Any = False if blank_false else None
    if blank_false:
        values[missing] = False
    full = take(values, codes, fill)
    result = pd.array(full, dtype="boolean")
    counts = counts_of(codes, len(uniq))
    return {
        "values": result,
        "uniq_after": values,
        "changed": is_true | is_false,
        "failed": failed,
        "missing": missing | is_unknown,
        "unknown": int(counts[is_unknown].sum()),
        "blank_false": blank_false,
        "blank_rows": int((codes < 0).sum() + counts[missing].sum()) if blank_false else 0,
    }


def parse_booleans(
    df: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    true_values: Iterable[str] = (),
    false_values: Iterable[str] = (),
    unknown_values: Iterable[str] = (),
    blank: str = "auto",
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Convert yes/no answers to the nullable ``boolean`` dtype.

    Recognised (case and accents ignored): ``Oui/Non``, ``O/N``, ``Yes/No``,
    ``Vrai/Faux``, ``True/False``, ``1/0``, ``X`` or a check mark. ``NSP`` (ne sait pas,
    ne se prononce pas, sans avis) becomes missing and is counted in the journal.

    Parameters
    ----------
    df
        The table.
    %(columns)s
    true_values, false_values, unknown_values
        Extra values to read as true, false, or "don't know" (missing).
    blank
        What an empty cell means: ``"auto"`` (false in a column of ``X`` marks and blanks,
        where an empty box means "no"; missing otherwise), ``"missing"`` or ``"false"``.

    Returns
    -------
    pandas.DataFrame
        A new frame; values not recognised become missing and are reported.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": ["Oui", "non", "NSP", "O"], "b": ["X", "", "x", None]})
    >>> out = parse_booleans(df, ["a", "b"])
    >>> out["a"].tolist(), out["b"].tolist()
    ([True, False, <NA>, True], [True, False, True, False])
    """
    check_option("blank", blank, ["auto", "missing", "false"])

    def describe(result: dict[str, Any]) -> str:
        text = "Réponses converties en oui / non (vrai / faux)."
        if result["unknown"]:
            text += (
                " "
                + plural(
                    result["unknown"],
                    "« ne sait pas » laissé vide",
                    "« ne sait pas » laissés vides",
                )
                + "."
            )
        if result["blank_false"]:
            text += (
                f" Cases vides lues comme « non » (colonne de croix) : "
                f"{integer(result['blank_rows'])}."
            )
        return text

    return convert_columns(
        df,
        columns,
        "parse_booleans",
        convert_booleans,
        journal,
        describe,
        true_values=tuple(true_values),
        false_values=tuple(false_values),
        unknown_values=tuple(unknown_values),
        blank=blank,
    )


parse_booleans.__doc__ = parse_booleans.__doc__.replace(
    "    %(columns)s", SHARED_PARAMS.strip("\n")
)


# ======================================================================================
# Likert scales
# ======================================================================================
#: Built-in French answer scales, from the lowest to the highest level.
LIKERT_SCALES: dict[str, list[str]] = {
    "accord": [
        "Pas du tout d'accord",
        "Plutôt pas d'accord",
        "Ni d'accord ni pas d'accord",
        "Plutôt d'accord",
        "Tout à fait d'accord",
    ],
    "accord4": [
        "Pas du tout d'accord",
        "Plutôt pas d'accord",
        "Plutôt d'accord",
        "Tout à fait d'accord",
    ],
    "satisfaction": [
        "Pas du tout satisfait",
        "Plutôt pas satisfait",
        "Plutôt satisfait",
        "Très satisfait",
    ],
    "frequence": ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"],
    "evolution": [
        "Beaucoup moins bien",
        "Un peu moins bien",
        "Pareil",
        "Un peu mieux",
        "Beaucoup mieux",
    ],
    # the three-level answers of the short UCLA loneliness scale (isolement)
    "frequence3": ["Presque jamais ou jamais", "Parfois", "Souvent"],
    "confiance": [
        "Pas du tout confiance",
        "Plutôt pas confiance",
        "Moyennement",
        "Plutôt confiance",
        "Tout à fait confiance",
    ],
}
# other spellings, by folded text -> index in the scale
_LIKERT_SYNONYMS: dict[str, dict[str, int]] = {
    "accord": {
        "pas d accord": 1,
        "plutot en desaccord": 1,
        "pas du tout": 0,
        "tout a fait en desaccord": 0,
        "totalement en desaccord": 0,
        "ni d accord ni en desaccord": 2,
        "ni d accord ni pas d accord": 2,
        "neutre": 2,
        "sans opinion": 2,
        "d accord": 3,
        "plutot oui": 3,
        "plutot non": 1,
        "tout a fait": 4,
        "totalement d accord": 4,
        "fortement en desaccord": 0,
        "fortement d accord": 4,
        "en desaccord": 1,
    },
    "accord4": {
        "pas d accord": 1,
        "d accord": 2,
        "plutot non": 1,
        "plutot oui": 2,
        "pas du tout": 0,
        "tout a fait": 3,
    },
    "satisfaction": {
        "pas satisfait": 1,
        "peu satisfait": 1,
        "insatisfait": 1,
        "satisfait": 2,
        "tres insatisfait": 0,
        "plutot insatisfait": 1,
        "pas du tout satisfaite": 0,
        "plutot pas satisfaite": 1,
        "plutot satisfaite": 2,
        "tres satisfaite": 3,
        "satisfaite": 2,
        "pas du tout satisfait e": 0,
        "plutot pas satisfait e": 1,
        "plutot satisfait e": 2,
        "tres satisfait e": 3,
        "satisfait e": 2,
    },
    "frequence3": {"jamais": 0, "presque jamais": 0, "rarement": 0, "parfois": 1, "souvent": 2},
    "confiance": {"pas confiance": 1, "tout a fait": 4, "pas du tout": 0},
    "frequence": {
        "tres souvent": 4,
        "tout le temps": 4,
        "de temps en temps": 2,
        "quelquefois": 2,
        "jamais ou presque": 0,
    },
    "evolution": {
        "moins bien": 1,
        "pareil qu avant": 2,
        "pas de changement": 2,
        "mieux": 3,
        "beaucoup mieux qu avant": 4,
        "identique": 2,
    },
}


def likert_lookup(scale: str | list[str]) -> tuple[list[str], dict[str, int]]:
    """The labels of a scale and ``{folded spelling: level index}`` (synonyms included).

    >>> labels, lookup = likert_lookup("accord4")
    >>> labels[0], lookup["plutot oui"]
    ("Pas du tout d'accord", 2)
    """
    labels = LIKERT_SCALES[scale] if isinstance(scale, str) else list(scale)
    lookup = {fold_key(label): i for i, label in enumerate(labels)}
    if isinstance(scale, str):
        for key, i in _LIKERT_SYNONYMS.get(scale, {}).items():
            lookup.setdefault(key, i)
    return labels, lookup


def likert_match(keys: list[str], lookup: dict[str, int], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Level index of each key (-1 if none) and whether it was a text label."""
    idx = np.full(len(keys), -1, dtype=int)
    text = np.zeros(len(keys), dtype=bool)
    for i, key in enumerate(keys):
        if key in lookup:
            idx[i], text[i] = lookup[key], True
            continue
        m = re.match(r"^(\d{1,2})(?:\s+(.*))?$", key)
        if m:
            level = int(m.group(1))
            rest = m.group(2)
            if rest and rest in lookup:
                idx[i], text[i] = lookup[rest], True
            elif 1 <= level <= k:
                idx[i] = level - 1
    return idx, text


def choose_scale(keys: list[str], counts: np.ndarray) -> str | None:
    """The built-in scale whose labels match the most answers (``None`` when none does)."""
    best, best_score = None, 0
    for name in LIKERT_SCALES:
        labels, lookup = likert_lookup(name)
        idx, text = likert_match(keys, lookup, len(labels))
        score = int(counts[text].sum())
        if score > best_score:
            best, best_score = name, score
    return best


def convert_likert(codes: np.ndarray, uniq: np.ndarray, *, scale: Any = "auto") -> dict[str, Any]:
    """Converter of :func:`parse_likert`; also returns the ``scale`` and its ``labels``."""
    keys = [fold_key(u) for u in uniq]
    counts = counts_of(codes, len(uniq))
    missing = is_missing_token(uniq)
    chosen = scale
    if scale == "auto":
        chosen = choose_scale(keys, counts)
    elif scale == "numerique":
        chosen = None
    if chosen is None:  # numbers only: levels 1..max
        numbers = [
            int(k)
            for k, mi in zip(keys, missing, strict=True)
            if not mi and re.fullmatch(r"\d{1,2}", k)
        ]
        top = max([5, *numbers])
        labels: list[Any] = list(range(1, top + 1))
        lookup = {str(i): i - 1 for i in labels}
    else:
        labels, lookup = likert_lookup(chosen)
    idx, _ = likert_match(keys, lookup, len(labels))
    failed = (idx < 0) & ~missing
    full = take(idx, codes, -1)
    cat = pd.Categorical.from_codes(full, categories=labels, ordered=True)
    after = np.array([labels[i] if i >= 0 else None for i in idx], dtype=object)
    return {
        "values": cat,
        "uniq_after": after,
        "changed": idx >= 0,
        "failed": failed,
        "missing": missing,
        "scale": chosen
        if isinstance(chosen, str)
        else ("numerique" if chosen is None else "personnalisee"),
        "labels": labels,
    }


def parse_likert(
    df: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    scale: str | Sequence[str] = "auto",
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Convert Likert answers (text, numbers or both) to ordered categories.

    Text answers are matched case- and accent-insensitively against a scale
    (:data:`LIKERT_SCALES`: ``"accord"`` from « Pas du tout d'accord » to « Tout à fait
    d'accord », ``"accord4"``, ``"satisfaction"``, ``"frequence"``, ``"evolution"``, or
    your own list of labels from lowest to highest). A number ``k`` means the k-th level
    (``4`` → « Plutôt d'accord »); ``"4 - Plutôt d'accord"`` works too. A column of
    numbers only becomes ordered levels 1 to 5 (or up to its maximum).

    Parameters
    ----------
    df
        The table.
    %(columns)s
    scale
        A scale name, a list of labels, ``"numerique"`` (levels 1 to 5, or up to the
        largest number), or ``"auto"`` (the scale matching most answers).

    Returns
    -------
    pandas.DataFrame
        A new frame; the column is an ordered categorical; answers not on the scale
        become missing and are reported.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": ["Tout à fait d’accord", "PLUTOT D'ACCORD", "2", ""]})
    >>> out = parse_likert(df, "q1")
    >>> out["q1"].tolist()
    ["Tout à fait d'accord", "Plutôt d'accord", "Plutôt pas d'accord", nan]
    >>> out["q1"].cat.ordered
    True
    """
    if isinstance(scale, str):
        check_option("scale", scale, ["auto", "numerique", *LIKERT_SCALES])
    elif not isinstance(scale, Sequence) or len(scale) < 2:
        raise TypeError(
            "`scale` doit être le nom d'une échelle ou une liste d'au moins deux "
            f"libellés, pas {scale!r}."
        )

    def describe(result: dict[str, Any]) -> str:
        return (
            f"Réponses rangées sur l'échelle « {result['scale']} » "
            f"({len(result['labels'])} niveaux, du plus bas au plus haut)."
        )

    return convert_columns(
        df,
        columns,
        "parse_likert",
        convert_likert,
        journal,
        describe,
        scale=scale if isinstance(scale, str) else list(scale),
    )


parse_likert.__doc__ = parse_likert.__doc__.replace("    %(columns)s", SHARED_PARAMS.strip("\n"))

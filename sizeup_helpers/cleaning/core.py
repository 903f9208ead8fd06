"""Cleaning verbs, ``clean_table`` and its journal, and the replay of a cleaning.

Each verb takes a frame first and returns a new frame (the input is never modified), so
verbs chain::

    clean = (raw.pipe(clean_column_names)
                .pipe(drop_total_rows)
                .pipe(parse_dates, "date_d_entree")
                .pipe(parse_numbers, "montant"))

Every verb accepts ``journal=`` (a :class:`Journal`): what it changed is recorded there
(verb, column, rows affected, values not recognised, examples before → after, with
identifier columns masked). :func:`clean_table` applies the usual verbs after guessing each
column's type from its content and returns a :class:`CleanResult` (the typed frame, its
journal and the *rules* of the cleaning). The rules are saved as YAML in the workspace
(:func:`save_rules`) and replayed on next year's file (:func:`replay_cleaning`), which says
in French what no longer fits.

Speed: values are converted per *distinct* value (``pandas.factorize``, then the result
taken back by code), so a million rows cost a few thousand conversions, never a Python
loop over rows.

Missing-value policy: empty cells and the usual placeholders (``-``, ``NA``, ``n/a``,
``nc``, ``?``…) become missing values and are not counted as "not recognised".
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import privacy
from ..errors import CleaningError, check_columns, check_option

if TYPE_CHECKING:  # pragma: no cover
    from ..workspace import Workspace

__all__ = [
    "JOURNAL_COLUMNS",
    "LIKERT_SCALES",
    "CleanResult",
    "CleaningError",
    "DuplicateResult",
    "Journal",
    "apply_category_mapping",
    "attendance_to_long",
    "clean_column_names",
    "clean_table",
    "column_name_hints",
    "drop_total_rows",
    "find_duplicate_people",
    "guess_column_kind",
    "harmonise_categories",
    "load_rules",
    "merge_duplicate_people",
    "parse_booleans",
    "parse_dates",
    "parse_likert",
    "parse_numbers",
    "replay_cleaning",
    "save_rules",
]


# ======================================================================================
# Shared helpers
# ======================================================================================
_MISSING_TOKENS = frozenset({
    "", "-", "--", "---", "—", "–", "_", ".", "na", "n/a", "n.a.", "nan", "none", "null",
    "nc", "n.c.", "n.c", "nr", "n.r.", "?", "??", "#n/a", "#na", "#valeur!", "#value!",
    "#ref!", "#div/0!", "non renseigne", "non renseignee", "neant", "inconnu", "nat",
})


_NOT_KEY = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    """Lower-case ASCII key: accents removed, apostrophes and punctuation to spaces."""
    if not text.isascii():
        text = re.sub(r"[’ʼ`´‘\u00a0\u202f]", " ", text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_KEY.sub(" ", text.lower()).strip()


def _fold_keep(text: str) -> str:
    """Lower-case ASCII with punctuation kept, spaces collapsed (for pattern matching)."""
    if not text.isascii():
        text = text.replace("\u2212", "-").replace("’", "'").replace("\u00a0", " ")
        text = text.replace("\u202f", " ")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().split())


def _check_frame(df: Any, func: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"`{func}` attend un tableau pandas (DataFrame) en premier argument, pas un objet "
            f"de type {type(df).__name__}."
        )


def _check_columns(df: pd.DataFrame, columns: Any, func: str) -> list[str]:
    """The columns as a list, each checked to exist (French error naming the missing one)."""
    return check_columns(df, columns, func, error=CleaningError)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for missing) and distinct values as an object array of text."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniq = np.asarray(uniques, dtype=object)
    if len(uniq) and not all(isinstance(u, str) for u in uniq[: min(len(uniq), 50)]):
        uniq = np.array([_as_text(u) for u in uniq], dtype=object)
    return codes, uniq


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | _dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _take(values: np.ndarray, codes: np.ndarray, fill: Any) -> np.ndarray:
    """``values[codes]`` with ``fill`` where the code is -1 (missing)."""
    extended = np.empty(len(values) + 1, dtype=values.dtype)
    extended[:-1] = values
    extended[-1] = fill
    return extended[codes]


_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def _text_array(values: np.ndarray) -> Any:
    """Text values (None for missing) in pandas' default text dtype (``str`` or object)."""
    if _PANDAS_3:
        return pd.array(values, dtype="str")
    out = np.asarray(values, dtype=object).copy()
    out[pd.isna(out)] = np.nan
    return out


def _is_missing_token(uniq: np.ndarray) -> np.ndarray:
    """Whether each distinct value is empty or a missing-value placeholder."""
    out = np.zeros(len(uniq), dtype=bool)
    for i, u in enumerate(uniq):
        if len(u) > 30:
            continue
        low = " ".join(u.lower().split())
        if low.isascii():
            out[i] = low in _MISSING_TOKENS
        else:  # symbols such as a check mark fold to "": they are not missing
            folded = _fold_keep(u)
            out[i] = folded != "" and folded in _MISSING_TOKENS
    return out


def _counts(codes: np.ndarray, n_uniques: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n_uniques)


# ======================================================================================
# The journal
# ======================================================================================
#: Columns of :meth:`Journal.to_frame`, in order.
JOURNAL_COLUMNS: tuple[str, ...] = (
    "etape",            # 1, 2, 3… in the order the changes were made
    "verbe",            # the function that made the change (parse_dates…)
    "colonne",          # the column changed ("" for a change of the whole table)
    "lignes_touchees",  # rows whose value (or presence) changed
    "non_reconnues",    # non-empty values that could not be converted (left missing)
    "exemples",         # up to 3 examples « before » → after (identifiers masked)
    "detail",           # one French sentence
)

_VERB_LABELS = {
    "clean_column_names": "noms de colonnes",
    "drop_total_rows": "lignes de total retirées",
    "parse_dates": "dates",
    "parse_numbers": "nombres",
    "parse_booleans": "oui / non",
    "parse_likert": "échelle ordonnée",
    "apply_category_mapping": "catégories harmonisées",
    "strip_text": "espaces superflus",
    "attendance_to_long": "présences en format long",
    "find_duplicate_people": "doublons de personnes",
    "merge_duplicate_people": "fusion des doublons",
    "clean_table": "nettoyage",
}


class Journal:
    """The record of every change made by the cleaning verbs.

    Pass one to the verbs (``journal=``); read it with :meth:`to_frame` (a tidy frame whose
    columns are :data:`JOURNAL_COLUMNS`), :meth:`to_markdown` or :meth:`to_text` (French
    sentences). Examples of identifier columns are masked
    (:func:`sizeup_helpers.privacy.mask_value`).

    Examples
    --------
    >>> import pandas as pd
    >>> j = Journal()
    >>> out = parse_numbers(pd.DataFrame({"km": ["5 km", "1 234,5", "?"]}), "km", journal=j)
    >>> j.to_frame()[["verbe", "colonne", "lignes_touchees", "non_reconnues"]]
               verbe colonne  lignes_touchees  non_reconnues
    0  parse_numbers      km                2              0
    """

    def __init__(self, identifiers: dict[str, str] | None = None) -> None:
        self._entries: list[dict[str, Any]] = []
        #: ``{column: identifier kind}``: examples of these columns are masked.
        self.identifiers: dict[str, str] = dict(identifiers or {})

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Journal({len(self)} changements)"

    def add(self, verb: str, column: str = "", *, rows: int = 0, unparsed: int = 0,
            examples: Iterable[tuple[Any, Any]] = (), detail: str = "") -> None:
        """Record one change (examples are masked here when the column is an identifier)."""
        kind = self.identifiers.get(column) or privacy.identifier_kind(str(column))
        shown = []
        for before, after in list(examples)[:3]:
            shown.append(f"« {_safe_example(before, kind)} » → {_safe_example(after, kind)}")
        self._entries.append({
            "etape": len(self._entries) + 1, "verbe": verb, "colonne": str(column),
            "lignes_touchees": int(rows), "non_reconnues": int(unparsed),
            "exemples": " ; ".join(shown), "detail": detail,
        })

    def extend(self, other: Journal) -> None:
        for entry in other._entries:
            self._entries.append({**entry, "etape": len(self._entries) + 1})

    def to_frame(self) -> pd.DataFrame:
        """The journal as a tidy frame with the columns :data:`JOURNAL_COLUMNS`."""
        frame = pd.DataFrame(self._entries, columns=list(JOURNAL_COLUMNS))
        return frame.astype({"etape": "int64", "lignes_touchees": "int64",
                             "non_reconnues": "int64"})

    def to_markdown(self) -> str:
        """The journal as a Markdown table (French headers)."""
        headers = ["Étape", "Opération", "Colonne", "Lignes touchées", "Non reconnues",
                   "Exemples (avant → après)", "Détail"]
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for e in self._entries:
            cells = [str(e["etape"]), _VERB_LABELS.get(e["verbe"], e["verbe"]),
                     e["colonne"], _fr_int(e["lignes_touchees"]), _fr_int(e["non_reconnues"]),
                     e["exemples"], e["detail"]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The journal as French sentences, one per change."""
        if not self._entries:
            return "Aucun changement n'a été fait."
        out = []
        for e in self._entries:
            where = f"colonne « {e['colonne']} » : " if e["colonne"] else ""
            sentence = f"{e['etape']}. {where}{e['detail'] or _VERB_LABELS.get(e['verbe'])}"
            if e["exemples"]:
                sentence += f" (ex. {e['exemples']})"
            out.append(sentence)
        return "\n".join(out)


def _fr_int(n: int) -> str:
    return f"{int(n):,}".replace(",", "\u202f")


def _fr_pct(share: float) -> str:
    return f"{100 * share:.1f}".replace(".", ",") + "\u00a0%"


def _safe_example(value: Any, kind: str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "(vide)"
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, np.floating | np.integer):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        text = value.strftime("%Y-%m-%d %H:%M") if value != value.normalize() \
            else value.strftime("%Y-%m-%d")
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    if kind:
        return str(privacy.mask_value(text, kind))
    found = privacy.identifier_kind_of_value(text)
    return str(privacy.mask_value(text, found)) if found else text


def _examples(uniq: np.ndarray, after: np.ndarray, changed: np.ndarray,
              counts: np.ndarray, n: int = 3) -> list[tuple[Any, Any]]:
    """Up to ``n`` (before, after) pairs among changed distinct values, most frequent first."""
    idx = np.flatnonzero(changed)
    if not len(idx):
        return []
    # one example per "shape" of value when possible (digits -> 9, letters -> a)
    order = idx[np.argsort(-counts[idx], kind="stable")]
    picked, shapes = [], set()
    for i in order[:200]:
        shape = re.sub(r"[a-zA-Zà-ÿ]+", "a", re.sub(r"\d", "9", str(uniq[i])))
        if shape not in shapes:
            shapes.add(shape)
            picked.append(i)
        if len(picked) == n:
            break
    for i in order:
        if len(picked) == n:
            break
        if i not in picked:
            picked.append(i)
    return [(uniq[i], after[i]) for i in picked]


def _unparsed_examples(uniq: np.ndarray, failed: np.ndarray, counts: np.ndarray,
                       kind: str | None, n: int = 3) -> str:
    idx = np.flatnonzero(failed)
    idx = idx[np.argsort(-counts[idx], kind="stable")][:n]
    return ", ".join(f"« {_safe_example(uniq[i], kind)} »" for i in idx)


# ======================================================================================
# Column names
# ======================================================================================
def _snake(name: Any) -> str:
    text = str(name).replace("€", " eur ").replace("%", " pct ").replace("&", " et ")
    text = text.replace("n°", "num ").replace("N°", "num ").replace("°", " ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"([a-z0-9])([A-Z])(?=[a-z])", r"\1_\2", text)  # camelCase
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def clean_column_names(df: pd.DataFrame, *, journal: Journal | None = None) -> pd.DataFrame:
    """Rename columns to readable snake_case: accents folded, duplicates suffixed.

    ``"Date d'entrée"`` → ``date_d_entree``, ``"Montant (€)"`` → ``montant_eur``,
    ``"N° adhérent"`` → ``num_adherent``; an empty name becomes ``colonne_3`` (its
    position), and a repeated name gets ``_2``, ``_3``… This method does not mutate the
    original DataFrame.

    Parameters
    ----------
    df
        The table.
    journal
        Where the renaming is recorded.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame([[1, 2, 3, 4]], columns=["Date d'entrée", "Nom", "NOM ", ""])
    >>> list(clean_column_names(df).columns)
    ['date_d_entree', 'nom', 'nom_2', 'colonne_4']
    """
    _check_frame(df, "clean_column_names")
    new, seen = [], {}
    for position, name in enumerate(df.columns, start=1):
        base = _snake(name) or f"colonne_{position}"
        if base[0].isdigit():
            base = f"c_{base}"
        candidate, k = base, 1
        while candidate in seen:
            k += 1
            candidate = f"{base}_{k}"
        seen[candidate] = True
        new.append(candidate)
    out = df.copy(deep=False)
    out.columns = new
    if journal is not None:
        changed = [(old, nw) for old, nw in zip(map(str, df.columns), new, strict=True)
                   if old != nw]
        if changed:
            journal.add("clean_column_names", "", rows=0,
                        examples=[(o, n) for o, n in changed[:3]],
                        detail=f"{len(changed)} nom(s) de colonne rendus lisibles "
                               "(minuscules, sans accents, mots séparés par _).")
    return out


# ======================================================================================
# Dates
# ======================================================================================
_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2,
    "feb": 2, "february": 2, "mars": 3, "mar": 3, "march": 3, "avril": 4, "avr": 4,
    "apr": 4, "april": 4, "mai": 5, "may": 5, "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7, "aout": 8, "aou": 8, "aug": 8,
    "august": 8, "septembre": 9, "sept": 9, "sep": 9, "september": 9, "octobre": 10,
    "oct": 10, "october": 10, "novembre": 11, "nov": 11, "november": 11, "decembre": 12,
    "dec": 12, "december": 12,
}
_TIME = (r"(?:(?:[ t,]+|\s+a\s+)(\d{1,2})[:h](\d{2})(?:[:m](\d{2}))?(?:\.\d+)?"
         r"(?:z|[+-]\d{2}:?\d{2})?)?")
_RE_ISO = rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$"
_RE_DMY = rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$"
_RE_MY = r"^(\d{1,2})[-/.](\d{4})$"
_RE_TEXT = r"^(?:(\d{1,2})(?:er)?[\s\-./]*)?([a-z]{3,9})\.?[\s\-./']*(\d{4}|\d{2})$"
_RE_SERIAL = r"^(\d{5})(?:[.,](\d+))?$"
_WEEKDAY = (r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|"
            r"sam|dim)\.?\s+(?=\d)")
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")


def _two_digit_pivot() -> int:
    return _dt.date.today().year % 100


def _parse_date_uniques(uniq: np.ndarray, *, dayfirst: bool = True,
                        excel_serials: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Parse distinct text values to ``datetime64[us]``; return (values, recognised)."""
    n = len(uniq)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    ok = np.zeros(n, dtype=bool)
    if n == 0:
        return out, ok
    s = pd.Series([_fold_keep(u) for u in uniq], dtype=object)
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
        frame = pd.DataFrame({
            "year": parts["y"][done], "month": parts["m"][done], "day": parts["d"][done],
            "hour": np.nan_to_num(parts["H"][done]), "minute": np.nan_to_num(parts["M"][done]),
            "second": np.nan_to_num(parts["S"][done]),
        })
        valid = ((frame["month"].between(1, 12)) & (frame["day"].between(1, 31))
                 & (frame["year"].between(1000, 2999)) & (frame["hour"] < 24)
                 & (frame["minute"] < 60) & (frame["second"] < 60)).to_numpy()
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


def _convert_dates(codes: np.ndarray, uniq: np.ndarray, **options: Any) -> dict[str, Any]:
    values, ok = _parse_date_uniques(uniq, **options)
    missing = _is_missing_token(uniq)
    failed = ~ok & ~missing
    return {"values": _take(values, codes, np.datetime64("NaT")), "uniq_after": values,
            "changed": ok, "failed": failed, "missing": missing}


_SHARED_PARAMS = """
    columns
        A column name or a list of them.
    journal
        Where the change is recorded (verb, column, rows affected, values not recognised,
        examples before → after)."""


def _run_converter(df: pd.DataFrame, columns: Any, func: str, converter: Any,
                   journal: Journal | None, describe: Any, **options: Any) -> pd.DataFrame:
    """Shared body of the parse_* verbs: convert each column, record it."""
    _check_frame(df, func)
    cols = _check_columns(df, columns, func)
    out = df.copy(deep=False)
    for column in cols:
        series = df[column]
        if isinstance(series, pd.DataFrame):
            raise CleaningError(f"`{func}` : le nom de colonne « {column} » est en double ; "
                                "appliquez d'abord clean_column_names.")
        codes, uniq = _factorize(series)
        result = converter(codes, uniq, **options)
        out[column] = pd.Series(result["values"], index=df.index, name=column)
        target = journal if journal is not None else Journal()
        stats = _record(target, func, column, codes, uniq, result, describe(result))
        if journal is None and stats["unparsed"]:
            import warnings

            counts = _counts(codes, len(uniq))
            kind = privacy.identifier_kind(str(column))
            warnings.warn(
                f"{func} : {_fr_int(stats['unparsed'])} valeur(s) non reconnue(s) dans la "
                f"colonne « {column} », laissée(s) vides : "
                f"{_unparsed_examples(uniq, result['failed'], counts, kind)}. "
                "Passez journal=Journal() pour garder la trace des changements.",
                UserWarning, stacklevel=3)
    return out


def _record(journal: Journal, func: str, column: str, codes: np.ndarray, uniq: np.ndarray,
            result: dict[str, Any], detail: str) -> dict[str, Any]:
    counts = _counts(codes, len(uniq))
    rows = int(counts[result["changed"]].sum())
    unparsed = int(counts[result["failed"]].sum())
    kind = journal.identifiers.get(column) or privacy.identifier_kind(str(column))
    if unparsed:
        detail += (f" {_fr_int(unparsed)} valeur(s) non reconnue(s), laissée(s) vides : "
                   f"{_unparsed_examples(uniq, result['failed'], counts, kind)}.")
    journal.add(func, column, rows=rows, unparsed=unparsed,
                examples=_examples(uniq, result["uniq_after"], result["changed"], counts),
                detail=detail.strip())
    nonempty = int(counts[~result["missing"]].sum())
    return {"rows": rows, "unparsed": unparsed, "share": unparsed / nonempty if nonempty else 0}


def parse_dates(df: pd.DataFrame, columns: str | Sequence[str], *, dayfirst: bool = True,
                excel_serials: bool = True, journal: Journal | None = None) -> pd.DataFrame:
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
        return "Texte converti en dates (jour en premier)." if dayfirst \
            else "Texte converti en dates (mois en premier)."

    return _run_converter(df, columns, "parse_dates", _convert_dates, journal, describe,
                          dayfirst=dayfirst, excel_serials=excel_serials)


parse_dates.__doc__ = parse_dates.__doc__.replace("    %(columns)s", _SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Numbers
# ======================================================================================
_NUM_SPACES = re.compile("[\\s\u00a0\u202f\u2009\u2007\u2008\u200a']")
_NUM_RE = re.compile(r"^(?P<pre>[€$£])?(?P<sign>[+-])?(?P<pre2>[€$£])?"
                     r"(?P<num>\d[\d.,]*|[.,]\d+)"
                     r"(?P<unit>[^\d.,+\-].*)?$")
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


def _parse_number_uniques(uniq: np.ndarray, *, decimal: str = "auto"
                          ) -> tuple[np.ndarray, np.ndarray, dict[str, int], str]:
    """Parse distinct text values to floats; return (values, recognised, units, decimal)."""
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


def _convert_numbers(codes: np.ndarray, uniq: np.ndarray, *, decimal: str = "auto",
                     integers: bool = True, parsed: tuple | None = None) -> dict[str, Any]:
    values, ok, units, used = parsed if parsed is not None else \
        _parse_number_uniques(uniq, decimal=decimal)
    missing = _is_missing_token(uniq)
    failed = ~ok & ~missing
    full = _take(values, codes, np.nan)
    used_values = values[ok & (_counts(codes, len(uniq)) > 0)]
    if integers and len(used_values) and np.all(np.mod(used_values, 1) == 0) \
            and np.all(np.abs(used_values) < 2**53):
        result = pd.array(full, dtype="Float64").astype("Int64")
    else:
        result = full
    return {"values": result, "uniq_after": values, "changed": ok, "failed": failed,
            "missing": missing, "units": units, "decimal": used}


def parse_numbers(df: pd.DataFrame, columns: str | Sequence[str], *, decimal: str = "auto",
                  integers: bool = True, journal: Journal | None = None) -> pd.DataFrame:
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

    return _run_converter(df, columns, "parse_numbers", _convert_numbers, journal, describe,
                          decimal=decimal, integers=integers)


parse_numbers.__doc__ = parse_numbers.__doc__.replace("    %(columns)s",
                                                      _SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Booleans
# ======================================================================================
_TRUE = frozenset({"oui", "o", "yes", "y", "x", "1", "vrai", "true", "ok", "v", "coche",
                   "oui oui"})
_FALSE = frozenset({"non", "n", "no", "0", "faux", "f", "false", "non coche"})
_UNKNOWN = frozenset({"nsp", "ne sait pas", "je sais pas", "sais pas",
                      "ne se prononce pas", "je ne sais pas", "ns",
                      "nsp nrp", "nrp", "sans avis", "je ne sais pas ne se prononce pas",
                      "ne souhaite pas repondre", "refus"})
_CHECK_MARKS = {"✓": "x", "✔": "x", "☑": "x", "☒": "x", "✗": "x", "×": "x"}


def _bool_keys(uniq: np.ndarray) -> list[str]:
    return [_fold(_CHECK_MARKS.get(u.strip(), u)) for u in uniq]


def _convert_booleans(codes: np.ndarray, uniq: np.ndarray, *, true_values: Iterable[str] = (),
                      false_values: Iterable[str] = (), unknown_values: Iterable[str] = (),
                      blank: str = "auto") -> dict[str, Any]:
    true_set = _TRUE | {_fold(v) for v in true_values}
    false_set = (_FALSE | {_fold(v) for v in false_values}) - {_fold(v) for v in true_values}
    unknown_set = _UNKNOWN | {_fold(v) for v in unknown_values}
    keys = _bool_keys(uniq)
    raw_unknown = np.array([u.strip() == "?" for u in uniq], dtype=bool)
    is_true = np.array([k in true_set for k in keys], dtype=bool)
    is_false = np.array([k in false_set for k in keys], dtype=bool)
    is_unknown = np.array([k in unknown_set for k in keys], dtype=bool) | raw_unknown
    missing = _is_missing_token(uniq) & ~is_unknown & ~is_true & ~is_false
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
    full = _take(values, codes, fill)
    result = pd.array(full, dtype="boolean")
    counts = _counts(codes, len(uniq))
    return {"values": result, "uniq_after": values, "changed": is_true | is_false,
            "failed": failed, "missing": missing | is_unknown,
            "unknown": int(counts[is_unknown].sum()), "blank_false": blank_false,
            "blank_rows": int((codes < 0).sum() + counts[missing].sum()) if blank_false else 0}


def parse_booleans(df: pd.DataFrame, columns: str | Sequence[str], *,
                   true_values: Iterable[str] = (), false_values: Iterable[str] = (),
                   unknown_values: Iterable[str] = (), blank: str = "auto",
                   journal: Journal | None = None) -> pd.DataFrame:
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
            text += f" {_fr_int(result['unknown'])} « ne sait pas » laissé(s) vides."
        if result["blank_false"]:
            text += (f" Cases vides lues comme « non » (colonne de croix) : "
                     f"{_fr_int(result['blank_rows'])}.")
        return text

    return _run_converter(df, columns, "parse_booleans", _convert_booleans, journal,
                          describe, true_values=tuple(true_values),
                          false_values=tuple(false_values),
                          unknown_values=tuple(unknown_values), blank=blank)


parse_booleans.__doc__ = parse_booleans.__doc__.replace("    %(columns)s",
                                                        _SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Likert scales
# ======================================================================================
#: Built-in French answer scales, from the lowest to the highest level.
LIKERT_SCALES: dict[str, list[str]] = {
    "accord": ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
               "Plutôt d'accord", "Tout à fait d'accord"],
    "accord4": ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord",
                "Tout à fait d'accord"],
    "satisfaction": ["Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait",
                     "Très satisfait"],
    "frequence": ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"],
    "evolution": ["Beaucoup moins bien", "Un peu moins bien", "Pareil", "Un peu mieux",
                  "Beaucoup mieux"],
    # the three-level answers of the short UCLA loneliness scale (isolement)
    "frequence3": ["Presque jamais ou jamais", "Parfois", "Souvent"],
    "confiance": ["Pas du tout confiance", "Plutôt pas confiance", "Moyennement",
                  "Plutôt confiance", "Tout à fait confiance"],
}
# other spellings, by folded text -> index in the scale
_LIKERT_SYNONYMS: dict[str, dict[str, int]] = {
    "accord": {"pas d accord": 1, "plutot en desaccord": 1, "pas du tout": 0,
               "tout a fait en desaccord": 0, "totalement en desaccord": 0,
               "ni d accord ni en desaccord": 2, "ni d accord ni pas d accord": 2,
               "neutre": 2, "sans opinion": 2, "d accord": 3, "plutot oui": 3,
               "plutot non": 1, "tout a fait": 4, "totalement d accord": 4,
               "fortement en desaccord": 0, "fortement d accord": 4, "en desaccord": 1},
    "accord4": {"pas d accord": 1, "d accord": 2, "plutot non": 1, "plutot oui": 2,
                "pas du tout": 0, "tout a fait": 3},
    "satisfaction": {"pas satisfait": 1, "peu satisfait": 1, "insatisfait": 1,
                     "satisfait": 2, "tres insatisfait": 0, "plutot insatisfait": 1,
                     "pas du tout satisfaite": 0, "plutot pas satisfaite": 1,
                     "plutot satisfaite": 2, "tres satisfaite": 3, "satisfaite": 2,
                     "pas du tout satisfait e": 0, "plutot pas satisfait e": 1,
                     "plutot satisfait e": 2, "tres satisfait e": 3, "satisfait e": 2},
    "frequence3": {"jamais": 0, "presque jamais": 0, "rarement": 0, "parfois": 1,
                   "souvent": 2},
    "confiance": {"pas confiance": 1, "tout a fait": 4, "pas du tout": 0},
    "frequence": {"tres souvent": 4, "tout le temps": 4, "de temps en temps": 2,
                  "quelquefois": 2, "jamais ou presque": 0},
    "evolution": {"moins bien": 1, "pareil qu avant": 2, "pas de changement": 2,
                  "mieux": 3, "beaucoup mieux qu avant": 4, "identique": 2},
}


def _likert_lookup(scale: str | list[str]) -> tuple[list[str], dict[str, int]]:
    labels = LIKERT_SCALES[scale] if isinstance(scale, str) else list(scale)
    lookup = {_fold(label): i for i, label in enumerate(labels)}
    if isinstance(scale, str):
        for key, i in _LIKERT_SYNONYMS.get(scale, {}).items():
            lookup.setdefault(key, i)
    return labels, lookup


def _likert_match(keys: list[str], lookup: dict[str, int], k: int
                  ) -> tuple[np.ndarray, np.ndarray]:
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


def _choose_scale(keys: list[str], counts: np.ndarray) -> str | None:
    best, best_score = None, 0
    for name in LIKERT_SCALES:
        labels, lookup = _likert_lookup(name)
        idx, text = _likert_match(keys, lookup, len(labels))
        score = int(counts[text].sum())
        if score > best_score:
            best, best_score = name, score
    return best


def _convert_likert(codes: np.ndarray, uniq: np.ndarray, *, scale: Any = "auto"
                    ) -> dict[str, Any]:
    keys = [_fold(u) for u in uniq]
    counts = _counts(codes, len(uniq))
    missing = _is_missing_token(uniq)
    chosen = scale
    if scale == "auto":
        chosen = _choose_scale(keys, counts)
    elif scale == "numerique":
        chosen = None
    if chosen is None:  # numbers only: levels 1..max
        numbers = [int(k) for k, mi in zip(keys, missing, strict=True)
                   if not mi and re.fullmatch(r"\d{1,2}", k)]
        top = max([5, *numbers])
        labels: list[Any] = list(range(1, top + 1))
        lookup = {str(i): i - 1 for i in labels}
    else:
        labels, lookup = _likert_lookup(chosen)
    idx, _ = _likert_match(keys, lookup, len(labels))
    failed = (idx < 0) & ~missing
    full = _take(idx, codes, -1)
    cat = pd.Categorical.from_codes(full, categories=labels, ordered=True)
    after = np.array([labels[i] if i >= 0 else None for i in idx], dtype=object)
    return {"values": cat, "uniq_after": after, "changed": idx >= 0, "failed": failed,
            "missing": missing, "scale": chosen if isinstance(chosen, str) else
            ("numerique" if chosen is None else "personnalisee"), "labels": labels}


def parse_likert(df: pd.DataFrame, columns: str | Sequence[str], *,
                 scale: str | Sequence[str] = "auto",
                 journal: Journal | None = None) -> pd.DataFrame:
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
        raise TypeError("`scale` doit être le nom d'une échelle ou une liste d'au moins deux "
                        f"libellés, pas {scale!r}.")

    def describe(result: dict[str, Any]) -> str:
        return (f"Réponses rangées sur l'échelle « {result['scale']} » "
                f"({len(result['labels'])} niveaux, du plus bas au plus haut).")

    return _run_converter(df, columns, "parse_likert", _convert_likert, journal, describe,
                          scale=scale if isinstance(scale, str) else list(scale))


parse_likert.__doc__ = parse_likert.__doc__.replace("    %(columns)s",
                                                    _SHARED_PARAMS.strip("\n"))


# ======================================================================================
# Categories
# ======================================================================================
MAPPING_COLUMNS = ("valeur", "proposition", "effectif", "score", "motif", "a_verifier")


def _category_key(text: str) -> str:
    # "REP+" is not "REP": a plus sign is a word here, not punctuation
    return _fold(text.replace("+", " plus ")) if "+" in text else _fold(text)


def _is_typo(key: str, other: str, edits: int, ratio: int, count: int, other_count: int,
             threshold: float) -> bool:
    """Whether ``key`` looks like a misspelling of the more frequent ``other``.

    One letter added, missing, changed or two letters swapped, in a value at least 5
    times rarer (short keys); or up to two such edits with a similarity of at least
    ``threshold`` in a value at least twice rarer (keys of 8 characters or more). A key
    that contains the other plus two letters or more (« insatisfait » / « satisfait »)
    is a different word, not a typo.
    """
    shorter, longer = sorted((key, other), key=len)
    if len(longer) - len(shorter) >= 2 and shorter in longer:
        return False
    if edits <= 1 and other_count >= 5 * count:
        return True
    return (min(len(key), len(other)) >= 8 and edits <= 2 and ratio >= threshold
            and other_count >= 2 * count)


def _propose_mapping(values: Sequence[str], counts: Sequence[int], *, threshold: float = 88,
                     reference: Sequence[str] | None = None, min_length: int = 3,
                     ) -> pd.DataFrame:
    """Core of :func:`harmonise_categories` on distinct values and their counts."""
    from rapidfuzz import fuzz, process

    values = [str(v) for v in values]
    counts = np.asarray(counts, dtype=int)
    keys = [_category_key(v) for v in values]
    frame = pd.DataFrame({"valeur": values, "key": keys, "effectif": counts})
    frame = frame[frame["key"] != ""]
    # canonical spelling of each key: most frequent, then with accents, then capitalised
    frame["accents"] = frame["valeur"].map(lambda v: any(ord(c) > 127 for c in v))
    frame["capital"] = frame["valeur"].map(lambda v: v[:1].isupper() and not v.isupper())
    ordered = frame.sort_values(["key", "effectif", "accents", "capital"],
                                ascending=[True, False, False, False], kind="stable")
    canonical = ordered.drop_duplicates("key").set_index("key")["valeur"].map(
        lambda v: re.sub(r"\s+", " ", v).strip())
    key_totals = frame.groupby("key")["effectif"].sum().sort_values(ascending=False,
                                                                    kind="stable")
    key_list = list(key_totals.index)
    target = {k: k for k in key_list}
    score = {k: 100.0 for k in key_list}
    reason = {k: "identique" for k in key_list}
    digits = {k: re.sub(r"\D", "", k) for k in key_list}
    if reference is not None:
        ref_values = [str(r) for r in reference]
        ref_keys = {_category_key(r): r for r in ref_values}
        ref_list = list(ref_keys)
        out_rows = []
        for k in key_list:
            if k in ref_keys:
                dest, sc, why = ref_keys[k], 100.0, "valeur de référence"
            else:
                best = process.extractOne(k, ref_list, scorer=fuzz.ratio,
                                          score_cutoff=threshold) if len(k) >= min_length \
                    else None
                if best is not None and re.sub(r"\D", "", best[0]) == digits[k]:
                    dest, sc, why = ref_keys[best[0]], float(best[1]), \
                        "faute de frappe probable"
                else:
                    dest, sc, why = canonical[k], 0.0, "hors référence"
            out_rows.append((k, dest, sc, why))
        dest_of = {k: (d, s, w) for k, d, s, w in out_rows}
    else:
        if len(key_list) > 1:
            from rapidfuzz.distance import OSA

            long_keys = [k for k in key_list if len(k) >= min_length]
            if len(long_keys) > 1:
                ratio = process.cdist(long_keys, long_keys, scorer=fuzz.ratio,
                                      score_cutoff=min(threshold, 70), dtype=np.uint8,
                                      workers=1)
                edits = process.cdist(long_keys, long_keys, scorer=OSA.distance,
                                      score_cutoff=2, dtype=np.uint8, workers=1)
                totals = key_totals.reindex(long_keys).to_numpy()
                roots: list[int] = []
                for i, k in enumerate(long_keys):  # most frequent first
                    best_j, best_s = -1, 0
                    for j in roots:
                        other = long_keys[j]
                        if digits[other] != digits[k] or edits[i, j] > 2:
                            continue
                        if _is_typo(k, other, int(edits[i, j]), int(ratio[i, j]),
                                    int(totals[i]), int(totals[j]), threshold) \
                                and ratio[i, j] > best_s:
                            best_j, best_s = j, ratio[i, j]
                    if best_j >= 0:
                        target[k] = long_keys[best_j]
                        score[k] = float(best_s)
                        reason[k] = "faute de frappe probable"
                    else:
                        roots.append(i)
        dest_of = {k: (canonical[target[k]], score[k], reason[k]) for k in key_list}
    rows = []
    for value, key, count in zip(frame["valeur"], frame["key"], frame["effectif"],
                                 strict=True):
        dest, sc, why = dest_of[key]
        if why == "identique" and value != dest:
            why = "casse, accents ou espaces"
        rows.append((value, dest, int(count), sc, why,
                     why in ("faute de frappe probable", "hors référence")))
    table = pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))
    table = table.sort_values(["proposition", "effectif", "valeur"],
                              ascending=[True, False, True], kind="stable")
    table = table.reset_index(drop=True)
    return table.astype({"effectif": "int64", "score": "float64", "a_verifier": "bool"})


def harmonise_categories(df: pd.DataFrame, column: str, *, threshold: float = 88,
                         reference: Sequence[str] | None = None, min_length: int = 3,
                         as_dict: bool = False) -> pd.DataFrame | dict[str, str]:
    """Propose a mapping of the variants of a category column to one spelling each.

    Variants that differ only by case, accents, spaces or punctuation (``"lyon"``,
    ``"LYON "``, ``"Saint-Étienne"``/``"saint etienne"``) are grouped, and each group
    gets its most frequent spelling. Groups that look like typos of a more frequent one
    are attached to it and marked *à vérifier*: one letter added, missing, changed or two
    letters swapped (rapidfuzz OSA distance 1) in a value at least 5 times rarer; or, for
    keys of 8 characters or more, two such edits with a rapidfuzz ``ratio`` of at least
    ``threshold`` in a value at least twice rarer. Keys shorter than ``min_length``, keys
    with different digits (« Atelier 1 », « Atelier 2 ») and words that contain another
    one (« insatisfait », « satisfait ») are never merged. With
    ``reference`` (an official code list), every value is mapped to its closest
    reference value, or marked « hors référence ».

    Nothing is changed in ``df``: review and edit the returned table (or its dict form),
    then apply it with :func:`apply_category_mapping`.

    Parameters
    ----------
    df
        The table.
    column
        The category column.
    threshold
        Smallest similarity (0–100) for a typo.
    reference
        Allowed values, if the column must use an official list.
    min_length
        Shortest key (in characters, accents and punctuation removed) that may be
        matched as a typo.
    as_dict
        Return ``{value: proposition}`` instead of the table.

    Returns
    -------
    pandas.DataFrame or dict
        One row per distinct value, columns ``valeur`` (as in the file, spaces kept),
        ``proposition``, ``effectif`` (rows), ``score`` (similarity, 100 for exact groups),
        ``motif`` (« identique », « casse, accents ou espaces », « faute de frappe
        probable », « valeur de référence », « hors référence ») and ``a_verifier``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = ["Lyon"] * 5 + ["LYON ", "lyon", "Lyonn", "Saint-Étienne", "saint etienne"]
    >>> harmonise_categories(pd.DataFrame({"ville": s}), "ville")[
    ...     ["valeur", "proposition", "effectif", "motif"]]
              valeur    proposition  effectif                      motif
    0           Lyon           Lyon         5                  identique
    1          LYON            Lyon         1  casse, accents ou espaces
    2          Lyonn           Lyon         1   faute de frappe probable
    3           lyon           Lyon         1  casse, accents ou espaces
    4  Saint-Étienne  Saint-Étienne         1                  identique
    5  saint etienne  Saint-Étienne         1  casse, accents ou espaces
    """
    _check_frame(df, "harmonise_categories")
    (column,) = _check_columns(df, [column], "harmonise_categories")
    counts = df[column].value_counts(dropna=True, sort=False)
    keep = [not _is_missing_token(np.array([str(v)], dtype=object))[0] for v in counts.index]
    counts = counts[keep]
    table = _propose_mapping([_as_text(v) for v in counts.index], counts.to_numpy(),
                             threshold=threshold, reference=reference, min_length=min_length)
    return _mapping_dict(table) if as_dict else table


def _mapping_dict(mapping: Any) -> dict[str, str]:
    if isinstance(mapping, pd.DataFrame):
        missing = [c for c in ("valeur", "proposition") if c not in mapping.columns]
        if missing:
            raise CleaningError("La table de correspondance doit avoir les colonnes "
                                "« valeur » et « proposition » (celles de "
                                f"harmonise_categories) ; il manque « {missing[0]} ».")
        return {str(v): str(p) for v, p in zip(mapping["valeur"], mapping["proposition"],
                                               strict=True) if pd.notna(p)}
    if isinstance(mapping, dict):
        return {str(k): str(v) for k, v in mapping.items() if v is not None}
    raise TypeError("`mapping` doit être un dictionnaire {valeur: nouvelle valeur} ou la table "
                    f"de harmonise_categories, pas {type(mapping).__name__}.")


def _convert_categories(codes: np.ndarray, uniq: np.ndarray, *, mapping: dict[str, str],
                        as_category: bool = True) -> dict[str, Any]:
    stripped = np.array([re.sub(r"\s+", " ", u).strip() for u in uniq], dtype=object)
    by_key: dict[str, str] = {}
    for k, v in mapping.items():
        by_key.setdefault(re.sub(r"\s+", " ", k).strip(), v)
    # variants by case, accents or spaces of a known value follow it
    by_fold: dict[str, str] = {}
    for k, v in by_key.items():
        by_fold.setdefault(_category_key(k), v)
    for v in by_key.values():
        by_fold.setdefault(_category_key(v), v)
    missing = _is_missing_token(uniq)
    after = np.empty(len(uniq), dtype=object)
    unknown = np.zeros(len(uniq), dtype=bool)
    for i, text in enumerate(stripped):
        if text in by_key:
            after[i] = by_key[text]
        else:
            folded = by_fold.get(_category_key(text))
            after[i] = text if folded is None else folded
            unknown[i] = folded is None
    after[missing] = None
    unknown &= ~missing
    changed = np.array([a != u for a, u in zip(after, uniq, strict=True)], dtype=bool) \
        & ~missing
    full = _take(after, codes, None)
    if as_category:
        cats = sorted({a for a in after if a is not None})
        values: Any = pd.Categorical(full, categories=cats)
    else:
        values = _text_array(full)
    return {"values": values, "uniq_after": after, "changed": changed,
            "failed": np.zeros(len(uniq), dtype=bool), "missing": missing,
            "unknown": unknown}


def apply_category_mapping(df: pd.DataFrame, column: str, mapping: Any, *,
                           as_category: bool = True,
                           journal: Journal | None = None) -> pd.DataFrame:
    """Replace the values of ``column`` according to a reviewed mapping.

    Parameters
    ----------
    df
        The table.
    column
        The category column.
    mapping
        ``{value: new value}`` or the (edited) table of :func:`harmonise_categories`.
        Values are looked up with surrounding spaces removed; values absent from the
        mapping are kept (and counted in the journal as new values).
    as_category
        Return a ``category`` column (otherwise text).
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ville": ["lyon", "Lyon ", "Paris"]})
    >>> apply_category_mapping(df, "ville", {"lyon": "Lyon"})["ville"].tolist()
    ['Lyon', 'Lyon', 'Paris']
    """
    _check_frame(df, "apply_category_mapping")
    _check_columns(df, [column], "apply_category_mapping")
    table = _mapping_dict(mapping)

    def describe(result: dict[str, Any]) -> str:
        text = "Variantes d'une même catégorie ramenées à une seule écriture."
        n_new = int(result["unknown"].sum())
        if n_new:
            text += (f" {n_new} valeur(s) absente(s) de la correspondance, gardée(s) "
                     "telles quelles.")
        return text

    return _run_converter(df, [column], "apply_category_mapping", _convert_categories,
                          journal, describe, mapping=table, as_category=as_category)


# ======================================================================================
# Total rows
# ======================================================================================
_RE_TOTAL = (r"^\s*(?:(?:sous[\s\-_]*|s/)?tota(?:l|ux)\b|(?:ensemble|cumul|total)"
             r"\s*(?:general|annuel|mensuel)?\s*:?\s*$)")


_RE_TOTAL_HINT = re.compile(r"^\s*(?:sous|s/|tota|ensemble|cumul)", re.IGNORECASE)


def _numeric_columns(facts: dict[str, tuple[np.ndarray, np.ndarray]], columns: Iterable[str],
                     min_share: float = 0.9) -> list[str]:
    """Columns whose (frequent) values are mostly numbers."""
    found = []
    for column in columns:
        codes, uniq = facts[column]
        s_uniq, s_counts = _sample_uniques(codes, uniq, size=1000)
        _, ok, _, _ = _parse_number_uniques(s_uniq)
        missing = _is_missing_token(s_uniq)
        nonempty = s_counts[~missing].sum()
        if nonempty and s_counts[ok].sum() / nonempty >= min_share:
            found.append(column)
    return found


def _total_row_mask(df: pd.DataFrame, facts: dict[str, tuple[np.ndarray, np.ndarray]],
                    label_columns: list[str], value_columns: list[str] | None,
                    check_sums: bool, numbers: dict[str, np.ndarray] | None = None,
                    missing: dict[str, np.ndarray] | None = None,
                    ) -> tuple[np.ndarray, list[str]]:
    """Rows that are totals: a « Total… » label, or (check_sums) an unlabelled sum."""
    n = len(df)
    mask = np.zeros(n, dtype=bool)
    labels: list[str] = []
    for column in label_columns:
        codes, uniq = facts[column]
        hint = [i for i, u in enumerate(uniq) if _RE_TOTAL_HINT.match(u)]
        if not hint:
            continue
        is_total = np.zeros(len(uniq), dtype=bool)
        for i in hint:
            is_total[i] = re.match(_RE_TOTAL, _fold_keep(uniq[i])) is not None
        if is_total.any():
            mask |= _take(is_total, codes, False)
            labels.extend(str(u).strip() for u in uniq[is_total][:5])
    if not check_sums or n < 3:
        return mask, labels
    if value_columns is None:
        value_columns = _numeric_columns(facts, list(facts))
    if not value_columns:
        return mask, labels
    blank_count = np.zeros(n, dtype=np.int16)
    for column in facts:
        codes, uniq = facts[column]
        blank = missing[column] if missing and column in missing else _is_missing_token(uniq)
        blank_count += _take(blank, codes, True)
    typical_blanks = np.median(blank_count)
    suspects = ~mask & (blank_count > typical_blanks)
    if not suspects.any():
        return mask, labels
    for column in value_columns:
        codes, uniq = facts[column]
        values = numbers[column] if numbers and column in numbers \
            else _parse_number_uniques(uniq)[0]
        x = _take(values, codes, np.nan)
        present = ~mask & ~np.isnan(x)
        block = np.cumsum(mask) - mask  # rows after each labelled total start a block
        contribution = np.where(present, x, 0.0)
        running = pd.Series(contribution).groupby(block).cumsum().to_numpy() - contribution
        n_before = pd.Series(present).groupby(block).cumsum().to_numpy() - present
        candidate = (suspects & present & (x != 0) & (n_before >= 2)
                     & np.isclose(x, running, rtol=1e-9, atol=1e-6))
        if candidate.any():
            mask |= candidate
            suspects &= ~candidate
            labels.append("(ligne sans libellé égale à la somme des lignes au-dessus)")
    return mask, labels


def drop_total_rows(df: pd.DataFrame, *, label_columns: Sequence[str] | None = None,
                    value_columns: Sequence[str] | None = None, check_sums: bool = True,
                    journal: Journal | None = None) -> pd.DataFrame:
    """Remove total and subtotal rows typed into a table.

    A row is a total when one of its label cells starts with « Total », « TOTAL »,
    « Sous-total », « Total janvier », « Totaux », « Ensemble » or « Cumul »; or, with
    ``check_sums``, when it has more empty cells than usual and its number equals the sum
    of the rows above it (since the previous total).

    Parameters
    ----------
    df
        The table (text as read).
    label_columns
        Columns where « Total » is looked for (all columns when ``None``).
    value_columns
        Columns whose sums are checked (the numeric-looking ones when ``None``).
    check_sums
        Also remove unlabelled rows equal to the sum of the rows above.
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame
        A new frame without those rows (index kept, so removed rows can be traced).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"mois": ["janv.", "janv.", "Total janvier", "févr.", "févr.",
    ...                             "", "TOTAL"],
    ...                    "montant": ["10", "5", "15", "4", "3", "7", "22"]})
    >>> drop_total_rows(df)["montant"].tolist()
    ['10', '5', '4', '3']
    """
    _check_frame(df, "drop_total_rows")
    labels = _check_columns(df, label_columns, "drop_total_rows")
    values = _check_columns(df, value_columns, "drop_total_rows") \
        if value_columns is not None else None
    if df.columns.duplicated().any():
        raise CleaningError("`drop_total_rows` : des noms de colonnes sont en double ; "
                            "appliquez d'abord clean_column_names.")
    facts = {c: _factorize(df[c]) for c in df.columns}
    mask, found = _total_row_mask(df, facts, labels, values, check_sums)
    if journal is not None and mask.any():
        journal.add("drop_total_rows", "", rows=int(mask.sum()),
                    examples=[(f, "(ligne retirée)") for f in dict.fromkeys(found)],
                    detail=f"{_fr_int(int(mask.sum()))} ligne(s) de total ou de sous-total "
                           "retirée(s).")
    return df.loc[~mask].copy(deep=False) if mask.any() else df.copy(deep=False)


# ======================================================================================
# Attendance sheets
# ======================================================================================
ATTENDANCE_CODES: dict[str, str] = {
    "p": "présent", "present": "présent", "presente": "présent", "x": "présent",
    "1": "présent", "oui": "présent", "a": "absent", "abs": "absent", "absent": "absent",
    "absente": "absent", "0": "absent", "non": "absent", "aj": "absence justifiée",
    "abs j": "absence justifiée", "absence justifiee": "absence justifiée",
    "justifie": "absence justifiée", "justifiee": "absence justifiée",
    "excuse": "absence justifiée", "e": "absence justifiée", "an": "absent",
    "anj": "absent", "absence non justifiee": "absent", "r": "retard", "retard": "retard",
    "ret": "retard",
}
ATTENDANCE_STATUSES = ["présent", "retard", "absence justifiée", "absent"]
_RE_COL_DATE = r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?(?!\d)"
_RE_COL_ISO = r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"
_RE_COL_HALF = (r"(?:^|[^a-z])(matin|am|apres\s*midi|apres-midi|ap\.?\s*-?\s*midi|aprem|pm|"
                r"soir)(?:$|[^a-z])")


def _session_of(name: Any, year: int | None) -> tuple[Any, str | None, bool] | None:
    """(date, half day, year missing) of an attendance column name, or None."""
    text = _fold_keep(str(name))
    iso = re.search(_RE_COL_ISO, text)
    if iso:
        y, m, d = (int(g) for g in iso.groups())
        year_missing = False
    else:
        # the last date is the session's own ("Semaine du 05/02/2024 / mar. 06/02 matin"):
        # earlier ones label the week; a year written there serves the day without one
        found = list(re.finditer(_RE_COL_DATE, text))
        if not found:
            return None
        dm = found[-1]
        d, m = int(dm.group(1)), int(dm.group(2))
        written = [f.group(3) for f in found if f.group(3)]
        if dm.group(3) or written:
            y = int(dm.group(3) or written[-1])
            y = y + 2000 if y < 100 else y
            year_missing = False
        else:
            y, year_missing = (year or 2000), year is None
    try:
        date = pd.Timestamp(year=y, month=m, day=d)
    except ValueError:
        return None
    half = re.search(_RE_COL_HALF, text)
    half_day = None
    if half:
        word = half.group(1)
        half_day = "matin" if word in ("matin", "am") else ("soir" if word == "soir"
                                                            else "après-midi")
    return date, half_day, year_missing


def attendance_to_long(df: pd.DataFrame, *, id_columns: Sequence[str] | None = None,
                       year: int | None = None, codes: dict[str, str] | None = None,
                       dropna: bool = False, journal: Journal | None = None) -> pd.DataFrame:
    """Turn a wide attendance sheet (one column per half-day) into one row per session.

    Column names such as ``"Semaine 1 / Lun 03/03 / Matin"``, ``"03/03/2025 AM"`` or
    ``"2025-03-03 après-midi"`` give the date and the half-day; the other columns identify
    the person. Codes ``P``, ``A``, ``AJ``, ``R``, « présent », « absent », « retard »…
    become a status; an empty cell gives a missing status.

    Parameters
    ----------
    df
        The sheet, one row per person.
    id_columns
        Columns identifying the person (those whose name holds no date when ``None``).
    year
        Year of the dates when the column names give only day and month.
    codes
        Extra ``{code: status}`` entries; statuses are ``"présent"``, ``"retard"``,
        ``"absence justifiée"``, ``"absent"``.
    dropna
        Drop sessions with an empty cell.
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame
        The ``id_columns``, then ``date`` (``datetime64[us]``), ``demi_journee``
        (« matin », « après-midi », « soir » or missing) and ``statut`` (categorical),
        sorted by person then session.

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"stagiaire": ["S1", "S2"],
    ...                      "Semaine 1 / Lun 03/03 / Matin": ["P", "AJ"],
    ...                      "Semaine 1 / Lun 03/03 / Après-midi": ["R", ""]})
    >>> attendance_to_long(wide, year=2025)
      stagiaire       date demi_journee             statut
    0        S1 2025-03-03        matin            présent
    1        S1 2025-03-03   après-midi             retard
    2        S2 2025-03-03        matin  absence justifiée
    3        S2 2025-03-03   après-midi                NaN
    """
    _check_frame(df, "attendance_to_long")
    if id_columns is not None:
        id_columns = _check_columns(df, id_columns, "attendance_to_long")
    sessions: dict[Any, tuple[Any, str | None]] = {}
    year_missing = []
    for column in df.columns:
        if id_columns is not None and column in id_columns:
            continue
        found = _session_of(column, year)
        if found is None:
            continue
        sessions[column] = found[:2]
        if found[2]:
            year_missing.append(column)
    if not sessions:
        raise CleaningError("`attendance_to_long` : aucune colonne ne porte une date (par "
                            "exemple « Semaine 1 / Lun 03/03 / Matin ») ; vérifiez que la "
                            "feuille est bien une feuille de présences.")
    if year_missing:
        raise CleaningError(f"`attendance_to_long` : la colonne « {year_missing[0]} » donne "
                            "le jour et le mois sans l'année ; indiquez l'année avec "
                            "year=2025 (par exemple).")
    if id_columns is None:
        id_columns = [c for c in df.columns if c not in sessions]
    if not id_columns:
        raise CleaningError("`attendance_to_long` : aucune colonne n'identifie la personne ; "
                            "indiquez-la avec id_columns=[...].")
    session_cols = list(sessions)
    lookup = {**ATTENDANCE_CODES, **{_fold(k): v for k, v in (codes or {}).items()}}
    bad = sorted({v for v in lookup.values() if v not in ATTENDANCE_STATUSES})
    if bad:
        raise ValueError(f"`codes` : le statut « {bad[0]} » est inconnu ; statuts possibles : "
                         f"{', '.join(ATTENDANCE_STATUSES)}.")
    n_rows, n_sessions = len(df), len(session_cols)
    block = df[session_cols]
    stacked = pd.Series(block.to_numpy(dtype=object).ravel(), dtype=object)  # row-major
    code_ids, uniq = _factorize(stacked)
    keys = [_fold(u) for u in uniq]
    missing = _is_missing_token(uniq)
    status = np.array([lookup.get(k) for k in keys], dtype=object)
    failed = np.array([s is None for s in status], dtype=bool) & ~missing
    status[missing] = None
    full = _take(status, code_ids, None)
    person = np.repeat(np.arange(n_rows), n_sessions)
    out = df[id_columns].iloc[person].reset_index(drop=True)
    dates = np.array([sessions[c][0] for c in session_cols], dtype="datetime64[us]")
    halves = [sessions[c][1] for c in session_cols]
    out["date"] = np.tile(dates, n_rows)
    out["demi_journee"] = pd.Categorical(np.tile(np.array(halves, dtype=object), n_rows),
                                         categories=["matin", "après-midi", "soir"])
    out["statut"] = pd.Categorical(full, categories=ATTENDANCE_STATUSES)
    half_order = pd.Series(out["demi_journee"].cat.codes, dtype="int64")
    order = np.lexsort((half_order.to_numpy(), out["date"].to_numpy(), person))
    out = out.iloc[order].reset_index(drop=True)
    if dropna:
        out = out[out["statut"].notna()].reset_index(drop=True)
    if journal is not None:
        counts = _counts(code_ids, len(uniq))
        detail = (f"{n_sessions} colonnes de demi-journées mises en lignes : "
                  f"{_fr_int(len(out))} lignes (personne × séance).")
        if failed.any():
            detail += (f" {_fr_int(int(counts[failed].sum()))} code(s) inconnu(s) laissé(s) "
                       f"vides : {_unparsed_examples(uniq, failed, counts, None)}.")
        journal.add("attendance_to_long", "", rows=len(out),
                    unparsed=int(counts[failed].sum()),
                    examples=_examples(uniq, status, ~missing & ~failed, counts),
                    detail=detail)
    return out


# ======================================================================================
# Duplicate people
# ======================================================================================
_EMAIL_DOMAINS = ("gmail.com", "hotmail.fr", "hotmail.com", "yahoo.fr", "yahoo.com",
                  "orange.fr", "free.fr", "laposte.net", "outlook.fr", "outlook.com",
                  "wanadoo.fr", "sfr.fr", "icloud.com", "live.fr", "bbox.fr", "neuf.fr",
                  "aol.com", "protonmail.com", "gmx.fr", "numericable.fr")


@dataclass
class DuplicateResult:
    """Result of :func:`find_duplicate_people`.

    Attributes
    ----------
    data
        The input frame with a ``personne_id`` column (0, 1, 2… by first appearance).
    review
        One row per group of several rows: ``personne_id``, ``nb_lignes``, ``lignes``
        (index labels), ``regles`` (why they were linked), ``score_min`` (lowest fuzzy
        similarity used, 100 for exact keys), ``a_verifier`` and ``exemple`` (masked).
    """

    data: pd.DataFrame
    review: pd.DataFrame
    id_column: str = "personne_id"

    @property
    def n_people(self) -> int:
        return int(self.data[self.id_column].nunique())

    @property
    def n_rows(self) -> int:
        return len(self.data)


_RULE_LABELS = {
    "email": "e-mail identique", "name_birth": "nom et date de naissance identiques",
    "name_only": "nom identique (rien ne contredit)",
    "fuzzy_name_birth": "nom proche, même date de naissance",
    "fuzzy_email": "e-mail proche et nom compatible",
    "fuzzy_name": "nom très proche (rien ne contredit)",
}


def _map_uniques(series: pd.Series, func: Any) -> np.ndarray:
    codes, uniq = _factorize(series)
    mapped = np.array([func(u) for u in uniq] + [""], dtype=object)
    return mapped[codes]


def _name_key(text: str) -> str:
    tokens = _fold(text).split()
    return " ".join(sorted(t for t in tokens if t))


def _email_key(text: str, domain_fix: dict[str, str]) -> str:
    text = _fold_keep(text).replace(" ", "")
    if "@" not in text:
        return ""
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain_fix.get(domain, domain)}"


def _domain_fixes(domains: Iterable[str]) -> dict[str, str]:
    from rapidfuzz import fuzz, process

    fixes = {}
    for d in set(domains):
        if not d or d in _EMAIL_DOMAINS:
            continue
        best = process.extractOne(d, _EMAIL_DOMAINS, scorer=fuzz.ratio, score_cutoff=80)
        if best is not None:
            fixes[d] = best[0]
    return fixes


def _block_pairs(keys: np.ndarray, blocks: np.ndarray, *, threshold: float,
                 scorer: Any, max_block: int = 5000, small_block: int = 40,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs (i, j, score) with similar ``keys`` inside each block.

    Distinct (block, key) couples are compared only with the others of their block:
    small blocks through one vectorised ``rapidfuzz.process.cpdist`` call over all their
    pairs, big blocks through ``rapidfuzz.process.cdist``; blocks larger than
    ``max_block`` are skipped.
    """
    from rapidfuzz import process

    frame = pd.DataFrame({"key": keys, "block": blocks, "row": np.arange(len(keys))})
    frame = frame[(frame["key"] != "") & (frame["block"] != "")]
    firsts = frame.drop_duplicates(["block", "key"]).sort_values("block", kind="stable")
    block_codes, _ = pd.factorize(firsts["block"])
    sizes = np.bincount(block_codes) if len(block_codes) else np.zeros(0, int)
    size_of_row = sizes[block_codes] if len(block_codes) else np.zeros(0, int)
    key_arr = firsts["key"].to_numpy(dtype=object)
    row_arr = firsts["row"].to_numpy()
    starts = np.flatnonzero(np.r_[True, block_codes[1:] != block_codes[:-1]]) \
        if len(block_codes) else np.zeros(0, int)
    out_i, out_j, out_s = [], [], []
    # small blocks: every pair at once
    left, right = [], []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= small_block)]):
        block_starts = starts[sizes[block_codes[starts]] == size]
        a, b = np.triu_indices(int(size), 1)
        left.append((block_starts[:, None] + a[None, :]).ravel())
        right.append((block_starts[:, None] + b[None, :]).ravel())
    if left:
        li, ri = np.concatenate(left), np.concatenate(right)
        scores = process.cpdist(list(key_arr[li]), list(key_arr[ri]), scorer=scorer,
                                score_cutoff=threshold, dtype=np.uint8, workers=1)
        hit = scores >= threshold
        out_i.append(row_arr[li[hit]])
        out_j.append(row_arr[ri[hit]])
        out_s.append(scores[hit])
    # big blocks: one matrix each
    for start in starts[(size_of_row[starts] > small_block)
                        & (size_of_row[starts] <= max_block)]:
        stop = start + size_of_row[start]
        k = list(key_arr[start:stop])
        matrix = process.cdist(k, k, scorer=scorer, score_cutoff=threshold, dtype=np.uint8,
                               workers=1)
        a, b = np.nonzero(np.triu(matrix, 1))
        out_i.append(row_arr[start:stop][a])
        out_j.append(row_arr[start:stop][b])
        out_s.append(matrix[a, b])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return (np.concatenate(out_i), np.concatenate(out_j),
            np.concatenate(out_s).astype(float))


def _first_of_group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, first row with the same non-empty key)."""
    s = pd.Series(keys)
    s = s[s != ""]
    first = pd.Series(s.index, index=s.index).groupby(s.to_numpy()).transform("first")
    keep = first.to_numpy() != first.index.to_numpy()
    return first.index.to_numpy()[keep], first.to_numpy()[keep]


def find_duplicate_people(df: pd.DataFrame, *, last_name: str | None = None,
                          first_name: str | None = None, full_name: str | None = None,
                          email: str | None = None, birth_date: str | None = None,
                          threshold: float = 88, id_column: str = "personne_id",
                          journal: Journal | None = None) -> DuplicateResult:
    """Find the rows that describe the same person.

    Keys are normalised first (case, accents, spaces; first and last names sorted so a
    swapped « Dupont Jean » / « Jean Dupont » match; e-mail domain typos such as
    ``gmial.com`` corrected; dates of birth in any format). Rows are linked when

    - their e-mails are equal;
    - their names and dates of birth are equal;
    - their names are equal and no e-mail or date of birth contradicts (*à vérifier*);
    - their names are close (rapidfuzz ``token_sort_ratio`` ≥ ``threshold``) with the same
      date of birth;
    - their e-mails are close (a missing or swapped letter, ``ratio`` ≥ 90) and their
      names compatible (*à vérifier*);
    - their names are very close (≥ 95) and nothing contradicts (*à vérifier*).

    Fuzzy comparisons are made only inside blocks of rows sharing a normalised key (date
    of birth; e-mail domain and first letters; first letters of the name) with
    ``rapidfuzz.process.cdist``, never over all pairs. Linked rows form groups
    (connected components): each gets one ``personne_id``.

    Parameters
    ----------
    df
        One row per registration, contact…
    last_name, first_name, full_name, email, birth_date
        Columns to use; detected from names and content when all are ``None``.
    threshold
        Smallest name similarity (0–100) with the same date of birth.
    id_column
        Name of the column added.
    journal
        Where the result is recorded.

    Returns
    -------
    DuplicateResult
        ``.data`` (with ``id_column``) and ``.review`` (groups to check).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nom": ["Dupont", "DUPONT", "Jean", "Martin"],
    ...                    "prenom": ["Jean", "Jean", "Dupont", "Léa"],
    ...                    "email": ["jd@gmail.com", "jd@gmial.com", "", "lm@free.fr"]})
    >>> find_duplicate_people(df).data["personne_id"].tolist()
    [0, 0, 0, 1]
    """
    from rapidfuzz import fuzz
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    _check_frame(df, "find_duplicate_people")
    given = {"last_name": last_name, "first_name": first_name, "full_name": full_name,
             "email": email, "birth_date": birth_date}
    if all(v is None for v in given.values()):
        found = privacy.detect_identifiers(df)
        kinds = dict(zip(found["type"], found["colonne"], strict=False))
        given = {"last_name": kinds.get("nom"), "first_name": kinds.get("prenom"),
                 "full_name": kinds.get("nom_complet"), "email": kinds.get("email"),
                 "birth_date": kinds.get("date_naissance")}
    used = [c for c in given.values() if c is not None]
    _check_columns(df, used, "find_duplicate_people")
    if not any(given[k] for k in ("last_name", "first_name", "full_name", "email")):
        raise CleaningError("`find_duplicate_people` : aucune colonne de nom ou d'e-mail "
                            "trouvée ; indiquez-les (last_name=, first_name=, email=…).")
    if id_column in df.columns:
        raise CleaningError(f"`find_duplicate_people` : la colonne « {id_column} » existe "
                            "déjà ; choisissez un autre nom avec id_column=.")
    n = len(df)
    name_parts = []
    for key in ("full_name", "last_name", "first_name"):
        if given[key]:
            name_parts.append(_map_uniques(df[given[key]], _fold))
    if name_parts:
        joined = name_parts[0]
        for part in name_parts[1:]:
            joined = joined + " " + part
        names = _map_uniques(pd.Series(joined, dtype=object), _name_key)
    else:
        names = np.full(n, "", dtype=object)
    if given["email"]:
        raw_email = df[given["email"]]
        _, uniq = _factorize(raw_email)
        domains = {_fold_keep(u).replace(" ", "").rpartition("@")[2] for u in uniq}
        fixes = _domain_fixes(domains)
        emails = _map_uniques(raw_email, lambda u: _email_key(u, fixes))
    else:
        emails = np.full(n, "", dtype=object)
    if given["birth_date"]:
        codes, uniq = _factorize(df[given["birth_date"]])
        values, ok = _parse_date_uniques(uniq)
        text = np.array([str(v)[:10] if k else "" for v, k in zip(values, ok, strict=True)]
                        + [""], dtype=object)
        births = text[codes]
    else:
        births = np.full(n, "", dtype=object)

    edges: list[tuple[np.ndarray, np.ndarray, str, np.ndarray]] = []

    def add(i: np.ndarray, j: np.ndarray, rule: str, score: Any = 100.0) -> None:
        if len(i):
            edges.append((np.asarray(i), np.asarray(j), rule,
                          np.broadcast_to(np.asarray(score, dtype=float), (len(i),))))

    # exact keys
    add(*_first_of_group(emails), "email")
    nb = np.where((names != "") & (births != ""), names + "|" + births, "")
    add(*_first_of_group(nb.astype(object)), "name_birth")
    # same name, no contradiction: at most one distinct birth and one distinct e-mail
    frame = pd.DataFrame({"name": names, "birth": births, "email": emails})
    named = frame[frame["name"] != ""]
    births_per_name = named["birth"].where(named["birth"] != "").groupby(
        named["name"]).nunique()
    emails_per_name = named["email"].where(named["email"] != "").groupby(
        named["name"]).nunique()
    calm = births_per_name.index[(births_per_name <= 1) & (emails_per_name <= 1)]
    name_only = np.where(np.isin(names, calm.to_numpy()), names, "").astype(object)
    add(*_first_of_group(name_only), "name_only")
    # fuzzy: names within date-of-birth blocks
    i, j, s = _block_pairs(names, births, threshold=threshold, scorer=fuzz.token_sort_ratio)
    if len(i):
        keep = (emails[i] == "") | (emails[j] == "") | (emails[i] == emails[j]) | (s >= 95)
        add(i[keep], j[keep], "fuzzy_name_birth", s[keep])
    # fuzzy: e-mails within (domain, first two letters) blocks, names compatible
    local = np.array([e.partition("@")[0] for e in emails], dtype=object)
    blocks = np.array([(e.partition("@")[2] + ":" + e[:2]) if e else "" for e in emails],
                      dtype=object)
    i, j, s = _block_pairs(local, blocks, threshold=90, scorer=fuzz.ratio)
    if len(i):
        name_ok = np.array([(not names[a] or not names[b])
                            or fuzz.token_sort_ratio(names[a], names[b]) >= 80
                            for a, b in zip(i, j, strict=True)], dtype=bool)
        birth_ok = (births[i] == "") | (births[j] == "") | (births[i] == births[j])
        keep = name_ok & birth_ok
        add(i[keep], j[keep], "fuzzy_email", s[keep])
    # fuzzy: very close names, blocked on their first three letters, nothing contradicts
    prefix = np.array([k[:3] for k in names], dtype=object)
    i, j, s = _block_pairs(names, prefix, threshold=95, scorer=fuzz.token_sort_ratio)
    if len(i):
        keep = (((births[i] == "") | (births[j] == "") | (births[i] == births[j]))
                & ((emails[i] == "") | (emails[j] == "") | (emails[i] == emails[j])))
        add(i[keep], j[keep], "fuzzy_name", s[keep])

    if edges:
        ei = np.concatenate([e[0] for e in edges])
        ej = np.concatenate([e[1] for e in edges])
    else:
        ei = ej = np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(ei)), (ei, ej)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    person = pd.factorize(labels)[0]
    out = df.copy(deep=False)
    out[id_column] = person
    review = _duplicate_review(df, person, edges, given)
    if journal is not None:
        n_people = int(person.max()) + 1 if n else 0
        journal.add("find_duplicate_people", id_column, rows=n - n_people,
                    detail=f"{_fr_int(n)} lignes pour {_fr_int(n_people)} personnes "
                           f"distinctes ; {len(review)} groupe(s) de doublons, dont "
                           f"{int(review['a_verifier'].sum()) if len(review) else 0} à "
                           "vérifier.")
    return DuplicateResult(out, review, id_column)


def _duplicate_review(df: pd.DataFrame, person: np.ndarray, edges: list, given: dict
                      ) -> pd.DataFrame:
    columns = ["personne_id", "nb_lignes", "lignes", "regles", "score_min", "a_verifier",
               "exemple"]
    sizes = np.bincount(person) if len(person) else np.zeros(0, int)
    if not (sizes > 1).any():
        return pd.DataFrame(columns=columns).astype({"personne_id": "int64",
                                                     "nb_lignes": "int64",
                                                     "score_min": "float64",
                                                     "a_verifier": "bool"})
    e = pd.DataFrame({
        "pid": np.concatenate([person[x[0]] for x in edges]),
        "rule": np.concatenate([np.full(len(x[0]), x[2], dtype=object) for x in edges]),
        "score": np.concatenate([x[3] for x in edges]),
    })
    rules = (e.drop_duplicates(["pid", "rule"]).sort_values(["pid", "rule"])
             .assign(label=lambda f: f["rule"].map(_RULE_LABELS),
                     fuzzy=lambda f: f["rule"].str.startswith("fuzzy")
                     | (f["rule"] == "name_only")))
    rows = np.flatnonzero(sizes[person] > 1)
    members = pd.DataFrame({"pid": person[rows], "label": df.index[rows].astype(str)})
    listed = members.groupby("pid", sort=True)["label"].agg(
        lambda labels: ", ".join(labels.iloc[:10]) + (" …" if len(labels) > 10 else ""))
    first_row = members.assign(row=rows).groupby("pid", sort=True)["row"].first()
    review = pd.DataFrame({
        "personne_id": listed.index.to_numpy(dtype="int64"),
        "nb_lignes": sizes[listed.index.to_numpy()].astype("int64"),
        "lignes": listed.to_numpy(),
        "regles": rules.groupby("pid")["label"].agg(" ; ".join).reindex(listed.index)
        .fillna("").to_numpy(),
        "score_min": e.groupby("pid")["score"].min().reindex(listed.index)
        .fillna(100.0).to_numpy(dtype=float),
        "a_verifier": rules.groupby("pid")["fuzzy"].any().reindex(listed.index)
        .fillna(False).to_numpy(dtype=bool),
    })
    name_col = given.get("full_name") or given.get("last_name")
    if name_col:
        picked = df.iloc[first_row.to_numpy()]
        text = picked[name_col].astype(object).where(picked[name_col].notna(), "")
        if given.get("first_name"):
            first = picked[given["first_name"]].astype(object)
            text = first.where(first.notna(), "").astype(str) + " " + text.astype(str)
        review["exemple"] = _map_uniques(text.astype(str).str.strip(),
                                         lambda v: privacy.mask_value(v, "nom_complet"))
    else:
        review["exemple"] = ""
    return review[columns]


def merge_duplicate_people(df: pd.DataFrame, *, id_column: str = "personne_id",
                           count_column: str = "nb_lignes_fusionnees",
                           journal: Journal | None = None) -> pd.DataFrame:
    """Keep one row per person: for each column, the first non-empty value.

    Parameters
    ----------
    df
        The ``data`` of :func:`find_duplicate_people` (or any frame with ``id_column``).
    id_column
        The person identifier column.
    count_column
        Name of the added column giving how many rows were merged.
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame
        One row per person, in order of first appearance, ``id_column`` first.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"personne_id": [0, 0, 1], "tel": ["", "0601020304", None],
    ...                    "ville": ["Lyon", "Paris", "Lille"]})
    >>> merge_duplicate_people(df)
       personne_id         tel  ville  nb_lignes_fusionnees
    0            0  0601020304   Lyon                     2
    1            1         NaN  Lille                     1
    """
    _check_frame(df, "merge_duplicate_people")
    _check_columns(df, [id_column], "merge_duplicate_people")
    data = df.copy(deep=False)
    for column in data.columns:
        if column != id_column and (data[column].dtype == object
                                    or pd.api.types.is_string_dtype(data[column].dtype)):
            text = data[column].astype(str).str.strip()
            data[column] = data[column].where(text.ne("") & data[column].notna())
    grouped = data.groupby(id_column, sort=False)
    out = grouped.first()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), np.nan)
    out[count_column] = grouped.size()
    out = out.reset_index()
    if journal is not None:
        journal.add("merge_duplicate_people", id_column, rows=len(df) - len(out),
                    detail=f"{_fr_int(len(df))} lignes fusionnées en {_fr_int(len(out))} "
                           "personnes (première valeur renseignée de chaque colonne).")
    return out


# ======================================================================================
# Type guessing
# ======================================================================================
_DATE_NAME = re.compile(r"(date|naissance|jour|debut|fin|entree|sortie|(^|_)le$|periode|"
                        r"mois|inscription|echeance|depart|arrivee|(^|_)ne_le|dob|quand)")
_CODE_NAME = re.compile(r"(^|_)(code|cp|code_postal|postal|siret|siren|insee|tel|telephone|"
                        r"id|identifiant|numero|num|ref|reference|matricule|dossier|"
                        r"naf|ape|rna|iban|commune_code)(_|$)")
_KINDS = ("empty", "date", "number", "boolean", "likert", "category", "text", "identifier")


def column_name_hints(name: str) -> tuple[bool, bool]:
    """What a column's name says to :func:`guess_column_kind`: (named like a date, like a code).

    The content decides the kind; the name only settles edge cases (5-digit numbers are
    Excel dates in a date column, numbers stay text in a code column). Two columns with the
    same values and the same hints get the same guess.

    Examples
    --------
    >>> column_name_hints("Date de naissance"), column_name_hints("Code postal")
    ((True, False), (False, True))
    """
    folded = _fold(str(name)).replace(" ", "_")
    return bool(_DATE_NAME.search(folded)), bool(_CODE_NAME.search(folded))


def _sample_uniques(codes: np.ndarray, uniq: np.ndarray, size: int = 3000
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The ``size`` most frequent distinct values and their counts."""
    counts = _counts(codes, len(uniq))
    if len(uniq) > size:
        top = np.argpartition(-counts, size)[:size]
        return uniq[top], counts[top]
    return uniq, counts


def _guess_kind(codes: np.ndarray, uniq: np.ndarray, name: str, *, min_share: float = 0.9,
                identifier: str | None = None) -> str:
    s_uniq, s_counts = _sample_uniques(codes, uniq)
    missing = _is_missing_token(s_uniq) | np.array(
        [bool(_RE_TOTAL_HINT.match(u)) and re.match(_RE_TOTAL, _fold_keep(u)) is not None
         for u in s_uniq], dtype=bool)
    total = s_counts[~missing].sum()
    if total == 0:
        return "empty"
    if identifier and identifier != "date_naissance":
        return "identifier"
    folded = np.array(_bool_keys(s_uniq), dtype=object)
    vocabulary = _TRUE | _FALSE | _UNKNOWN
    in_vocab = np.array([f in vocabulary for f in folded], dtype=bool) | \
        np.array([u.strip() == "?" for u in s_uniq])
    present = set(folded[~missing & in_vocab])
    if s_counts[in_vocab & ~missing].sum() / total >= 0.95 and len(present) <= 6 \
            and present & (_TRUE | _FALSE):
        return "boolean"
    numbers, num_ok, _, _ = _parse_number_uniques(s_uniq)
    dates, date_ok = _parse_date_uniques(s_uniq)
    num_share = s_counts[num_ok & ~missing].sum() / total
    folded_name = _fold(name).replace(" ", "_")
    # codes kept as text: postcodes, phone numbers, SIRET… (leading zeros matter)
    leading_zero = np.array([bool(re.fullmatch(r"0\d+", u.strip())) for u in s_uniq])
    if num_share >= min_share and (leading_zero.any() or _CODE_NAME.search(folded_name)):
        return "text"
    serial_only = np.array([bool(re.fullmatch(r"\d{5}(?:[.,]\d+)?", u.strip()))
                            for u in s_uniq])
    date_ok_named = date_ok & (~serial_only | bool(_DATE_NAME.search(folded_name)))
    date_share = s_counts[date_ok_named & ~missing].sum() / total
    # a column named like a date needs only a majority of dates (the rest is reported)
    date_needed = min(min_share, 0.5) if _DATE_NAME.search(folded_name) else min_share
    if date_share >= date_needed and date_share >= num_share:
        return "date"
    if identifier == "date_naissance":
        return "date"
    if num_share >= min_share:
        return "number"
    keys = [_fold(u) for u in s_uniq]
    scale = _choose_scale(keys, s_counts)
    if scale is not None:
        labels, lookup = _likert_lookup(scale)
        idx, text = _likert_match(keys, lookup, len(labels))
        if s_counts[(idx >= 0) & ~missing].sum() / total >= min_share \
                and s_counts[text].sum() > 0:
            return "likert"
    n_rows = int((codes >= 0).sum())
    n_keys = len({k for k, m in zip(keys, missing, strict=True) if not m})
    if len(uniq) <= 3000 and n_keys <= max(50, int(0.05 * n_rows)) and n_keys < n_rows:
        lengths = np.array([len(u) for u in s_uniq])
        if np.average(lengths, weights=s_counts) <= 60:
            return "category"
    return "text"


def guess_column_kind(series: pd.Series, *, name: str | None = None,
                      min_share: float = 0.9) -> str:
    """Guess what a text column holds, from its content (and its name for edge cases).

    Returns one of ``"empty"``, ``"date"``, ``"number"``, ``"boolean"``, ``"likert"``,
    ``"category"``, ``"text"``, ``"identifier"``. A kind is chosen when at least
    ``min_share`` of the non-empty values fit it (counted with their frequency). Codes
    with leading zeros or named like codes (postcode, SIRET, phone) stay text; 5-digit
    numbers count as Excel dates only in columns named like dates.

    Examples
    --------
    >>> import pandas as pd
    >>> guess_column_kind(pd.Series(["05/03/2019", "2019-03-06", ""]))
    'date'
    >>> guess_column_kind(pd.Series(["01000", "69001"]), name="cp")
    'text'
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"`guess_column_kind` attend une colonne (Series), pas "
                        f"{type(series).__name__}.")
    codes, uniq = _factorize(series)
    return _guess_kind(codes, uniq, str(name if name is not None else series.name or ""),
                       min_share=min_share)


# ======================================================================================
# clean_table, its rules and their replay
# ======================================================================================
RULES_VERSION = 1
_KIND_LABELS = {"empty": "vide", "date": "date", "number": "nombre", "boolean": "oui / non",
                "likert": "échelle ordonnée", "category": "catégorie", "text": "texte",
                "identifier": "identifiant"}
_LABEL_KINDS = {v: k for k, v in _KIND_LABELS.items()}


@dataclass
class CleanResult:
    """What :func:`clean_table` returns.

    Attributes
    ----------
    data
        The cleaned, typed frame.
    journal
        Every change made (:class:`Journal`).
    rules
        The rules of the cleaning (a plain dict, saved as YAML by :func:`save_rules`).
    problems
        French sentences saying what no longer fits the rules (replay only).
    kinds
        ``{column: kind}`` of the cleaned columns.
    """

    data: pd.DataFrame
    journal: Journal
    rules: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"CleanResult({len(self.data)} lignes × {self.data.shape[1]} colonnes, "
                f"{len(self.journal)} changements, {len(self.problems)} problème(s))")

    def to_markdown(self) -> str:
        """The journal and the problems, in Markdown (French)."""
        text = "## Journal du nettoyage\n\n" + self.journal.to_markdown()
        if self.problems:
            text += "\n## Ce qui ne correspond plus aux règles\n\n"
            text += "\n".join(f"- {p}" for p in self.problems) + "\n"
        return text

    def to_text(self) -> str:
        """The journal and the problems as French sentences."""
        text = self.journal.to_text()
        if self.problems:
            text += "\n\nCe qui ne correspond plus aux règles :\n" + "\n".join(
                f"- {p}" for p in self.problems)
        return text

    def save_rules(self, ws: Workspace, name: str = "table") -> Path:
        """Save :attr:`rules` to the workspace (see :func:`save_rules`)."""
        return save_rules(self.rules, ws, name=name)


def _strip_text(codes: np.ndarray, uniq: np.ndarray) -> dict[str, Any]:
    after = np.array([re.sub(r"\s+", " ", u).strip() for u in uniq], dtype=object)
    missing = _is_missing_token(uniq)
    after[missing] = None
    changed = np.array([a != u for a, u in zip(after, uniq, strict=True)], dtype=bool) \
        & ~missing
    values = _text_array(_take(after, codes, None))
    return {"values": values, "uniq_after": after, "changed": changed,
            "failed": np.zeros(len(uniq), dtype=bool), "missing": missing}


def _apply_kind(kind: str, codes: np.ndarray, uniq: np.ndarray, options: dict[str, Any]
                ) -> tuple[dict[str, Any], str, str]:
    """Convert one column; return (result, verb, detail)."""
    if kind == "date":
        r = _convert_dates(codes, uniq, dayfirst=options.get("dayfirst", True),
                           excel_serials=options.get("excel_serials", True))
        return r, "parse_dates", "Texte converti en dates (jour en premier)."
    if kind == "number":
        r = _convert_numbers(codes, uniq, decimal=options.get("decimal", "auto"),
                             integers=options.get("integers", True),
                             parsed=options.get("parsed"))
        detail = "Texte converti en nombres"
        detail += " (virgule décimale)" if r["decimal"] == "," else " (point décimal)"
        if r["units"]:
            detail += " ; unités retirées : " + ", ".join(list(r["units"])[:5])
        return r, "parse_numbers", detail + "."
    if kind == "boolean":
        r = _convert_booleans(codes, uniq, blank=options.get("blank", "auto"),
                              true_values=options.get("true_values", ()),
                              false_values=options.get("false_values", ()),
                              unknown_values=options.get("unknown_values", ()))
        detail = "Réponses converties en oui / non (vrai / faux)."
        if r["unknown"]:
            detail += f" {_fr_int(r['unknown'])} « ne sait pas » laissé(s) vides."
        if r["blank_false"]:
            detail += " Cases vides lues comme « non » (colonne de croix)."
        return r, "parse_booleans", detail
    if kind == "likert":
        r = _convert_likert(codes, uniq, scale=options.get("scale", "auto"))
        return r, "parse_likert", (f"Réponses rangées sur l'échelle « {r['scale']} » "
                                   f"({len(r['labels'])} niveaux).")
    if kind == "category":
        r = _convert_categories(codes, uniq, mapping=options.get("mapping", {}),
                                as_category=True)
        return r, "apply_category_mapping", ("Variantes d'une même catégorie ramenées à une "
                                             "seule écriture.")
    r = _strip_text(codes, uniq)
    return r, "strip_text", "Espaces superflus retirés, cases vides marquées comme manquantes."


def _check_rules(rules: Any) -> dict[str, Any]:
    if isinstance(rules, str | Path):
        return load_rules(rules)
    if not isinstance(rules, dict):
        raise TypeError("`rules` doit être un dictionnaire (CleanResult.rules) ou le chemin "
                        f"d'un fichier de règles YAML, pas {type(rules).__name__}.")
    if rules.get("version") != RULES_VERSION or not isinstance(rules.get("colonnes"), list):
        raise CleaningError("Les règles de nettoyage sont invalides : il faut les clés "
                            f"« version: {RULES_VERSION} » et « colonnes » (une liste).")
    for i, entry in enumerate(rules["colonnes"], start=1):
        if not isinstance(entry, dict) or "source" not in entry or "type" not in entry:
            raise CleaningError(f"Règles de nettoyage, colonne n° {i} : il faut les clés "
                                "« source » et « type ».")
        if entry["type"] not in _LABEL_KINDS and entry["type"] not in _KINDS:
            raise CleaningError(
                f"Règles de nettoyage, colonne « {entry['source']} » : "
                f"type « {entry['type']} » "
                f"inconnu (types possibles : {', '.join(_LABEL_KINDS)}).")
    return rules


def clean_table(raw: pd.DataFrame, *, rules: dict[str, Any] | str | Path | None = None,
                clean_names: bool = True, drop_totals: bool = True, harmonise: bool = True,
                min_share: float = 0.9, threshold: float = 88,
                kinds: dict[str, str] | None = None) -> CleanResult:
    """Clean a table as read (text columns): names, total rows, types, categories.

    Steps, each recorded in the journal:

    1. column names to readable snake_case (:func:`clean_column_names`);
    2. total and subtotal rows removed (:func:`drop_total_rows`);
    3. each column's kind guessed from its content (:func:`guess_column_kind`) and the
       matching verb applied: dates, numbers, yes/no, Likert scales, categories (variants
       harmonised with :func:`harmonise_categories`, typos included), text (spaces
       trimmed). Identifier columns (e-mail, phone, names, NIR, address) stay text and
       their examples are masked in the journal.

    With ``rules`` (from an earlier cleaning), the same operations are replayed instead
    of guessed, and :attr:`CleanResult.problems` says what no longer fits (see
    :func:`replay_cleaning`).

    Parameters
    ----------
    raw
        The table as read by ``read_export`` (text columns).
    rules
        Rules of an earlier cleaning (dict or YAML path) to replay.
    clean_names, drop_totals, harmonise
        Switch steps 1, 2 and the harmonisation of categories off.
    min_share
        Share of values that must fit a kind for the column to get it.
    threshold
        Similarity (0–100) for category typos.
    kinds
        ``{column: kind}`` to force a kind (names after renaming; kinds in English or
        French: ``"date"``, ``"nombre"``, ``"oui / non"``…).

    Returns
    -------
    CleanResult
        ``.data``, ``.journal``, ``.rules``, ``.problems``, ``.kinds``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"Date d'entrée": ["05/03/2019", "5-3-19", "43529", "TOTAL"],
    ...                     "Montant (€)": ["1 234,5", "12 €", "7", "1 253,5"],
    ...                     "Inscrit ?": ["Oui", "non", "NSP", ""]})
    >>> res = clean_table(raw)
    >>> res.data.dtypes.astype(str).tolist()
    ['datetime64[us]', 'float64', 'boolean']
    >>> res.kinds
    {'date_d_entree': 'date', 'montant_eur': 'number', 'inscrit': 'boolean'}
    """
    _check_frame(raw, "clean_table")
    if rules is not None:
        return _clean(raw, _check_rules(rules), clean_names=True, drop_totals=True,
                      harmonise=True, min_share=min_share, threshold=threshold, forced={})
    frame_names = list(clean_column_names(raw).columns) if clean_names else list(raw.columns)
    forced = {}
    for column, kind in (kinds or {}).items():
        if column not in frame_names:
            _check_columns(pd.DataFrame(columns=frame_names), [column], "clean_table")
        kind = _LABEL_KINDS.get(kind, kind)
        check_option(f"kinds[{column!r}]", kind, list(_KINDS))
        forced[column] = kind
    return _clean(raw, None, clean_names=clean_names, drop_totals=drop_totals,
                  harmonise=harmonise, min_share=min_share, threshold=threshold,
                  forced=forced)


def _clean(raw: pd.DataFrame, rules: dict[str, Any] | None, *, clean_names: bool,
           drop_totals: bool, harmonise: bool, min_share: float, threshold: float,
           forced: dict[str, str]) -> CleanResult:
    """The engine of :func:`clean_table` (``rules is None``) and of the replay."""
    journal = Journal()
    problems: list[str] = []
    detected = privacy.detect_identifiers(raw)
    raw_ids = dict(zip(map(str, detected["colonne"]), detected["type"], strict=True))
    sources = [str(c) for c in raw.columns]
    by_source: dict[str, dict[str, Any]] = {}
    if rules is not None:
        by_source = {str(e["source"]): e for e in rules["colonnes"]}
        clean_names = bool(rules.get("noms_nettoyes", True))
        drop_totals = bool(rules.get("lignes_de_total", True))
        for source in by_source:
            if source not in sources:
                problems.append(f"La colonne « {source} » des règles est absente du fichier : "
                                "elle n'a pas été nettoyée.")
    auto_names = list(clean_column_names(raw, journal=journal).columns) if clean_names \
        else sources
    names = {src: (by_source[src].get("colonne", auto) if src in by_source else auto)
             for src, auto in zip(sources, auto_names, strict=True)}
    targets = [names[src] for src in sources]
    if len(set(targets)) != len(targets):
        dup = next(t for t in targets if targets.count(t) > 1)
        raise CleaningError(f"`clean_table` : la colonne « {dup} » est en double ; gardez "
                            "clean_names=True ou renommez-la.")
    journal.identifiers = {names[c]: k for c, k in raw_ids.items() if c in names}
    facts = {names[src]: _factorize(raw.iloc[:, i]) for i, src in enumerate(sources)}
    missing = {col: _is_missing_token(uniq) for col, (_, uniq) in facts.items()}

    # kinds and options of each column: from the rules, forced, or guessed
    plan: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = {}
    for src in sources:
        column = names[src]
        codes, uniq = facts[column]
        entry = by_source.get(src)
        if entry is not None:
            kind = _LABEL_KINDS.get(entry["type"], entry["type"])
            options = dict(entry.get("options") or {})
            if kind == "category":
                options["mapping"] = {str(k): str(v) for k, v in
                                      (entry.get("correspondances") or {}).items()}
        else:
            kind = forced.get(column) or _guess_kind(
                codes, uniq, column, min_share=min_share,
                identifier=journal.identifiers.get(column))
            if kind == "category" and (not harmonise or rules is not None):
                kind = "text"
            options = {}
            if rules is not None:
                problems.append(f"La colonne « {src} » est nouvelle (absente des règles) : "
                                f"elle a été traitée comme « {_KIND_LABELS[kind]} ».")
        plan[column] = (kind, options, entry)

    numbers = {col: _parse_number_uniques(facts[col][1],
                                          decimal=plan[col][1].get("decimal", "auto"))
               for col in plan if plan[col][0] == "number"}
    index = raw.index
    if drop_totals:
        mask, found = _total_row_mask(raw, facts, list(facts), list(numbers), True,
                                      numbers={c: v[0] for c, v in numbers.items()},
                                      missing=missing)
        if mask.any():
            keep = ~mask
            index = raw.index[keep]
            facts = {c: (codes[keep], uniq) for c, (codes, uniq) in facts.items()}
            journal.add("drop_total_rows", "", rows=int(mask.sum()),
                        examples=[(f, "(ligne retirée)") for f in dict.fromkeys(found)],
                        detail=f"{_fr_int(int(mask.sum()))} ligne(s) de total ou de "
                               "sous-total retirée(s).")

    columns_out, kinds_out, entries = {}, {}, []
    for src in sources:
        column = names[src]
        codes, uniq = facts[column]
        kind, options, entry = plan[column]
        if kind == "category" and entry is None:
            counts = _counts(codes, len(uniq))
            keep_u = ~missing[column] & (counts > 0)
            table = _propose_mapping(list(uniq[keep_u]), counts[keep_u], threshold=threshold)
            options["mapping"] = {re.sub(r"\s+", " ", str(v)).strip(): str(p) for v, p in
                                  zip(table["valeur"], table["proposition"], strict=True)}
        if kind == "number":
            options = {**options, "parsed": numbers[column]}
        result, verb, detail = _apply_kind(kind, codes, uniq, options)
        columns_out[column] = pd.Series(result["values"], index=index, name=column)
        stats = _record(journal, verb, column, codes, uniq, result, detail) \
            if kind != "empty" else {"share": 0.0}
        kinds_out[column] = kind
        share = float(stats["share"])
        if entry is not None:
            before = float(entry.get("part_non_reconnue", 0.0) or 0.0)
            if kind in ("date", "number", "boolean", "likert") and share > before + 0.01 \
                    and share > 1.5 * before:
                problems.append(f"Colonne « {column} » : {_fr_pct(share)} de valeurs non "
                                f"reconnues, contre {_fr_pct(before)} la fois précédente.")
            if kind == "category":
                counts = _counts(codes, len(uniq))
                new = [u for u, c in zip(result["uniq_after"][result["unknown"]],
                                         counts[result["unknown"]], strict=True) if c]
                if new:
                    kind_id = journal.identifiers.get(column)
                    shown = ", ".join(f"« {_safe_example(v, kind_id)} »" for v in new[:5])
                    problems.append(f"Colonne « {column} » : {len(new)} valeur(s) "
                                    f"nouvelle(s) absente(s) de la correspondance : {shown}"
                                    + (" …" if len(new) > 5 else "") + ".")
            entries.append({**entry, "part_non_reconnue": round(share, 4)})
        else:
            new_entry = {"source": src, "colonne": column, "type": _KIND_LABELS[kind],
                         "operation": verb, "part_non_reconnue": round(share, 4)}
            new_entry.update(_rule_options(kind, result, options))
            entries.append(new_entry)
    data = pd.DataFrame(columns_out, index=index)
    rules_out = {"version": RULES_VERSION, "noms_nettoyes": bool(clean_names),
                 "lignes_de_total": bool(drop_totals), "colonnes": entries}
    return CleanResult(data, journal, rules_out, problems, kinds_out)


def _rule_options(kind: str, result: dict[str, Any], options: dict[str, Any]
                  ) -> dict[str, Any]:
    if kind == "date":
        return {"options": {"dayfirst": True}}
    if kind == "number":
        return {"options": {"decimal": result["decimal"]}}
    if kind == "boolean":
        return {"options": {"blank": "false" if result["blank_false"] else "missing"}}
    if kind == "likert":
        scale = result["scale"]
        return {"options": {"scale": scale if scale in (*LIKERT_SCALES, "numerique")
                            else [str(x) for x in result["labels"]]}}
    if kind == "category":
        return {"correspondances": dict(sorted(options["mapping"].items()))}
    return {}


def replay_cleaning(raw: pd.DataFrame, rules: dict[str, Any] | str | Path) -> CleanResult:
    """Apply the rules of an earlier cleaning to a new file (e.g. next year's).

    The columns are found by their name in the file, renamed and converted as recorded;
    category values are mapped with the recorded correspondences. What no longer fits is
    listed in French in :attr:`CleanResult.problems`: a column of the rules missing from
    the file, a new column, category values absent from the mapping, a share of
    unrecognised values above the previous one (by more than one point and by half).

    Parameters
    ----------
    raw
        The new table as read.
    rules
        ``CleanResult.rules`` of the earlier cleaning, or the path of its YAML file
        (:func:`save_rules`).

    Returns
    -------
    CleanResult

    Examples
    --------
    >>> import pandas as pd
    >>> first = clean_table(pd.DataFrame({"Ville": ["Lyon"] * 3 + ["lyon", "Paris"] * 2}))
    >>> again = replay_cleaning(pd.DataFrame({"Ville": ["LYON", "Paris", "Lille"]}),
    ...                         first.rules)
    >>> again.data["ville"].tolist()
    ['Lyon', 'Paris', 'Lille']
    >>> again.problems
    ['Colonne « ville » : 1 valeur(s) nouvelle(s) absente(s) de la correspondance : « Lille ».']
    """
    _check_frame(raw, "replay_cleaning")
    if rules is None:
        raise TypeError("`replay_cleaning` : donnez les règles d'un nettoyage précédent.")
    return _clean(raw, _check_rules(rules), clean_names=True, drop_totals=True,
                  harmonise=True, min_share=0.9, threshold=88, forced={})


def save_rules(rules: dict[str, Any], ws: Workspace, *, name: str = "table") -> Path:
    """Save cleaning rules as YAML in the workspace's step-05 folder.

    The file ``regles-nettoyage-<name>.yml`` is human-readable: a coach can edit a
    correspondence or a column type before the replay. Returns its path.
    """
    rules = _check_rules(rules)
    safe = re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-") or "table"
    target = ws.step_dir("05") / f"regles-nettoyage-{safe}.yml"
    header = ("# Règles de nettoyage Size Up : colonnes, types et correspondances.\n"
              "# Modifiables à la main ; rejouées par replay_cleaning sur le fichier suivant.")
    return ws.write_yaml(target, rules, header=header)


def load_rules(source: str | Path | Workspace, *, name: str = "table") -> dict[str, Any]:
    """Read cleaning rules from a YAML file, or from a workspace (``name`` as saved)."""
    import yaml

    if hasattr(source, "step_dir"):
        safe = re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-") or "table"
        path = Path(source.step_dir("05", create=False)) / f"regles-nettoyage-{safe}.yml"
    else:
        path = Path(source)
    if not path.is_file():
        raise CleaningError(f"Le fichier de règles de nettoyage « {path} » est introuvable ; "
                            "enregistrez d'abord les règles avec save_rules.")
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CleaningError(f"Le fichier de règles « {path} » n'est pas du YAML valide "
                            f"({getattr(exc, 'problem', None) or exc}).") from None
    return _check_rules(rules)

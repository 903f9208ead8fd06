"""Reshaping a table typed by hand: total rows removed, attendance sheets made long.

:func:`drop_total_rows` removes « Total » and subtotal rows (and unlabelled rows equal to
the sum of the rows above); :func:`attendance_to_long` turns a sheet with one column per
half-day into one row per person and session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CleaningError
from ..french import fold_keep, fold_key, integer, plural
from .conversions import parse_number_uniques
from .journal import Journal, change_examples, unparsed_examples
from .values import (
    check_frame,
    cleaning_columns,
    counts_of,
    factorize,
    is_missing_token,
    sample_uniques,
    take,
)

__all__ = [
    "ATTENDANCE_CODES",
    "ATTENDANCE_STATUSES",
    "attendance_to_long",
    "drop_total_rows",
    "is_total_label",
    "session_of_column",
    "total_row_mask",
]

# ======================================================================================
# Total rows
# ======================================================================================
_RE_TOTAL = (
    r"^\s*(?:(?:sous[\s\-_]*|s/)?tota(?:l|ux)\b|(?:ensemble|cumul|total)"
    r"\s*(?:general|annuel|mensuel)?\s*:?\s*$)"
)


_RE_TOTAL_HINT = re.compile(r"^\s*(?:sous|s/|tota|ensemble|cumul)", re.IGNORECASE)


def is_total_label(text: str) -> bool:
    """Whether a cell reads as the label of a total row (« Total », « Sous-total »…).

    >>> is_total_label("Sous-total janvier"), is_total_label("Totalement d'accord")
    (True, False)
    """
    return bool(_RE_TOTAL_HINT.match(text)) and re.match(_RE_TOTAL, fold_keep(text)) is not None


def _numeric_columns(
    facts: dict[str, tuple[np.ndarray, np.ndarray]], columns: Iterable[str], min_share: float = 0.9
) -> list[str]:
    """Columns whose (frequent) values are mostly numbers."""
    found = []
    for column in columns:
        codes, uniq = facts[column]
        s_uniq, s_counts = sample_uniques(codes, uniq, size=1000)
        _, ok, _, _ = parse_number_uniques(s_uniq)
        missing = is_missing_token(s_uniq)
        nonempty = s_counts[~missing].sum()
        if nonempty and s_counts[ok].sum() / nonempty >= min_share:
            found.append(column)
    return found


def total_row_mask(
    df: pd.DataFrame,
    facts: dict[str, tuple[np.ndarray, np.ndarray]],
    label_columns: list[str],
    value_columns: list[str] | None,
    check_sums: bool,
    numbers: dict[str, np.ndarray] | None = None,
    missing: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Rows that are totals: a « Total… » label, or (check_sums) an unlabelled sum.

    ``facts`` holds each column's :func:`~.values.factorize` result; ``numbers`` and
    ``missing`` what is already known of the columns (parsed numbers, missing flags).
    Returns the mask of total rows and the labels found (for the journal).
    """
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
            is_total[i] = re.match(_RE_TOTAL, fold_keep(uniq[i])) is not None
        if is_total.any():
            mask |= take(is_total, codes, False)
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
        blank = missing[column] if missing and column in missing else is_missing_token(uniq)
        blank_count += take(blank, codes, True)
    typical_blanks = np.median(blank_count)
    suspects = ~mask & (blank_count > typical_blanks)
    if not suspects.any():
        return mask, labels
    for column in value_columns:
        codes, uniq = facts[column]
        values = numbers[column] if numbers and column in numbers else parse_number_uniques(uniq)[0]
        x = take(values, codes, np.nan)
        present = ~mask & ~np.isnan(x)
        block = np.cumsum(mask) - mask  # rows after each labelled total start a block
        contribution = np.where(present, x, 0.0)
        running = pd.Series(contribution).groupby(block).cumsum().to_numpy() - contribution
        n_before = pd.Series(present).groupby(block).cumsum().to_numpy() - present
        candidate = (
            suspects
            & present
            & (x != 0)
            & (n_before >= 2)
            & np.isclose(x, running, rtol=1e-9, atol=1e-6)
        )
        if candidate.any():
            mask |= candidate
            suspects &= ~candidate
            labels.append("(ligne sans libellé égale à la somme des lignes au-dessus)")
    return mask, labels


def record_total_rows(journal: Journal, n_rows: int, found: Iterable[str]) -> None:
    """Write in ``journal`` that ``n_rows`` total or subtotal rows were removed, with the
    labels ``found`` that gave them away."""
    journal.add(
        "drop_total_rows",
        "",
        rows=n_rows,
        examples=[(f, "(ligne retirée)") for f in dict.fromkeys(found)],
        detail=plural(
            n_rows,
            "ligne de total ou de sous-total retirée",
            "lignes de total ou de sous-total retirées",
        )
        + ".",
    )


def drop_total_rows(
    df: pd.DataFrame,
    *,
    label_columns: Sequence[str] | None = None,
    value_columns: Sequence[str] | None = None,
    check_sums: bool = True,
    journal: Journal | None = None,
) -> pd.DataFrame:
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
    check_frame(df, "drop_total_rows")
    labels = cleaning_columns(df, label_columns, "drop_total_rows")
    values = (
        cleaning_columns(df, value_columns, "drop_total_rows")
        if value_columns is not None
        else None
    )
    if df.columns.duplicated().any():
        raise CleaningError(
            "`drop_total_rows` : des noms de colonnes sont en double ; "
            "appliquez d'abord clean_column_names."
        )
    facts = {c: factorize(df[c]) for c in df.columns}
    mask, found = total_row_mask(df, facts, labels, values, check_sums)
    if journal is not None and mask.any():
        record_total_rows(journal, int(mask.sum()), found)
    return df.loc[~mask].copy(deep=False) if mask.any() else df.copy(deep=False)


# ======================================================================================
# Attendance sheets
# ======================================================================================
#: Attendance codes (folded) and the status each means.
ATTENDANCE_CODES: dict[str, str] = {
    "p": "présent",
    "present": "présent",
    "presente": "présent",
    "x": "présent",
    "1": "présent",
    "oui": "présent",
    "a": "absent",
    "abs": "absent",
    "absent": "absent",
    "absente": "absent",
    "0": "absent",
    "non": "absent",
    "aj": "absence justifiée",
    "abs j": "absence justifiée",
    "absence justifiee": "absence justifiée",
    "justifie": "absence justifiée",
    "justifiee": "absence justifiée",
    "excuse": "absence justifiée",
    "e": "absence justifiée",
    "an": "absent",
    "anj": "absent",
    "absence non justifiee": "absent",
    "r": "retard",
    "retard": "retard",
    "ret": "retard",
}
#: The statuses of :func:`attendance_to_long`, from present to absent.
ATTENDANCE_STATUSES = ["présent", "retard", "absence justifiée", "absent"]
_RE_COL_DATE = r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?(?!\d)"
_RE_COL_ISO = r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"
_RE_COL_HALF = (
    r"(?:^|[^a-z])(matin|am|apres\s*midi|apres-midi|ap\.?\s*-?\s*midi|aprem|pm|"
    r"soir)(?:$|[^a-z])"
)


def session_of_column(name: Any, year: int | None) -> tuple[Any, str | None, bool] | None:
    """(date, half day, year missing) of an attendance column name, or ``None``.

    >>> session_of_column("Semaine 1 / Lun 03/03 / Matin", 2025)
    (Timestamp('2025-03-03 00:00:00'), 'matin', False)
    >>> session_of_column("Nom", 2025) is None
    True
    """
    text = fold_keep(str(name))
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
        half_day = (
            "matin" if word in ("matin", "am") else ("soir" if word == "soir" else "après-midi")
        )
    return date, half_day, year_missing


def attendance_to_long(
    df: pd.DataFrame,
    *,
    id_columns: Sequence[str] | None = None,
    year: int | None = None,
    codes: dict[str, str] | None = None,
    dropna: bool = False,
    journal: Journal | None = None,
) -> pd.DataFrame:
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
    check_frame(df, "attendance_to_long")
    if id_columns is not None:
        id_columns = cleaning_columns(df, id_columns, "attendance_to_long")
    sessions: dict[Any, tuple[Any, str | None]] = {}
    year_missing = []
    for column in df.columns:
        if id_columns is not None and column in id_columns:
            continue
        found = session_of_column(column, year)
        if found is None:
            continue
        sessions[column] = found[:2]
        if found[2]:
            year_missing.append(column)
    if not sessions:
        raise CleaningError(
            "`attendance_to_long` : aucune colonne ne porte une date (par "
            "exemple « Semaine 1 / Lun 03/03 / Matin ») ; vérifiez que la "
            "feuille est bien une feuille de présences."
        )
    if year_missing:
        raise CleaningError(
            f"`attendance_to_long` : la colonne « {year_missing[0]} » donne "
            "le jour et le mois sans l'année ; indiquez l'année avec "
            "year=2025 (par exemple)."
        )
    if id_columns is None:
        id_columns = [c for c in df.columns if c not in sessions]
    if not id_columns:
        raise CleaningError(
            "`attendance_to_long` : aucune colonne n'identifie la personne ; "
            "indiquez-la avec id_columns=[...]."
        )
    session_cols = list(sessions)
    lookup = {**ATTENDANCE_CODES, **{fold_key(k): v for k, v in (codes or {}).items()}}
    bad = sorted({v for v in lookup.values() if v not in ATTENDANCE_STATUSES})
    if bad:
        raise ValueError(
            f"`codes` : le statut « {bad[0]} » est inconnu ; statuts possibles : "
            f"{', '.join(ATTENDANCE_STATUSES)}."
        )
    n_rows, n_sessions = len(df), len(session_cols)
    block = df[session_cols]
    stacked = pd.Series(block.to_numpy(dtype=object).ravel(), dtype=object)  # row-major
    code_ids, uniq = factorize(stacked)
    keys = [fold_key(u) for u in uniq]
    missing = is_missing_token(uniq)
    status = np.array([lookup.get(k) for k in keys], dtype=object)
    failed = np.array([s is None for s in status], dtype=bool) & ~missing
    status[missing] = None
    full = take(status, code_ids, None)
    person = np.repeat(np.arange(n_rows), n_sessions)
    out = df[id_columns].iloc[person].reset_index(drop=True)
    dates = np.array([sessions[c][0] for c in session_cols], dtype="datetime64[us]")
    halves = [sessions[c][1] for c in session_cols]
    out["date"] = np.tile(dates, n_rows)
    out["demi_journee"] = pd.Categorical(
        np.tile(np.array(halves, dtype=object), n_rows), categories=["matin", "après-midi", "soir"]
    )
    out["statut"] = pd.Categorical(full, categories=ATTENDANCE_STATUSES)
    half_order = pd.Series(out["demi_journee"].cat.codes, dtype="int64")
    order = np.lexsort((half_order.to_numpy(), out["date"].to_numpy(), person))
    out = out.iloc[order].reset_index(drop=True)
    if dropna:
        out = out[out["statut"].notna()].reset_index(drop=True)
    if journal is not None:
        counts = counts_of(code_ids, len(uniq))
        detail = (
            f"{n_sessions} colonnes de demi-journées mises en lignes : "
            f"{integer(len(out))} lignes (personne × séance)."
        )
        if failed.any():
            detail += (
                " "
                + plural(int(counts[failed].sum()), "code inconnu laissé", "codes inconnus laissés")
                + " "
                f"vides : {unparsed_examples(uniq, failed, counts, None)}."
            )
        journal.add(
            "attendance_to_long",
            "",
            rows=len(out),
            unparsed=int(counts[failed].sum()),
            examples=change_examples(uniq, status, ~missing & ~failed, counts),
            detail=detail,
        )
    return out

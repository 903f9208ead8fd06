"""Distinct values: the machinery every cleaning verb shares.

A column is converted per *distinct* value: :func:`factorize` gives each row a code and
the distinct values as text, a converter works on the distinct values, and :func:`take`
puts the results back by code. A million rows then cost a few thousand conversions,
never a Python loop over rows.

Missing-value policy: empty cells and the usual placeholders (:data:`MISSING_TOKENS`:
``-``, ``NA``, ``n/a``, ``nc``, ``?``…) are missing, never "not recognised".
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CleaningError, check_columns
from ..french import fold_keep

__all__ = [
    "MISSING_TOKENS",
    "as_text",
    "check_frame",
    "cleaning_columns",
    "counts_of",
    "factorize",
    "is_missing_token",
    "sample_uniques",
    "squeeze_spaces",
    "take",
]

#: Folded texts that mean "no value" (compared after lower-casing and folding).
MISSING_TOKENS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "—",
        "–",
        "_",
        ".",
        "na",
        "n/a",
        "n.a.",
        "nan",
        "none",
        "null",
        "nc",
        "n.c.",
        "n.c",
        "nr",
        "n.r.",
        "?",
        "??",
        "#n/a",
        "#na",
        "#valeur!",
        "#value!",
        "#ref!",
        "#div/0!",
        "non renseigne",
        "non renseignee",
        "neant",
        "inconnu",
        "nat",
    }
)

_SPACES = re.compile(r"\s+")


def check_frame(df: Any, func: str) -> None:
    """Refuse anything but a DataFrame as first argument of ``func`` (French ``TypeError``)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"`{func}` attend un tableau pandas (DataFrame) en premier argument, pas un objet "
            f"de type {type(df).__name__}."
        )


def cleaning_columns(df: pd.DataFrame, columns: Any, func: str) -> list[str]:
    """The columns as a list, each checked to exist (:class:`CleaningError` naming it)."""
    return check_columns(df, columns, func, error=CleaningError)


def as_text(value: Any) -> str:
    """A value as a person would read it: ``12.0`` as ``"12"``, a date in ISO form."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | _dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of each row (-1 for missing) and the distinct values as an object array of text.

    Examples
    --------
    >>> codes, uniq = factorize(pd.Series(["a", None, "b", "a"]))
    >>> codes.tolist(), uniq.tolist()
    ([0, -1, 1, 0], ['a', 'b'])
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniq = np.asarray(uniques, dtype=object)
    if len(uniq) and not all(isinstance(u, str) for u in uniq[: min(len(uniq), 50)]):
        uniq = np.array([as_text(u) for u in uniq], dtype=object)
    return codes, uniq


def take(values: np.ndarray, codes: np.ndarray, fill: Any) -> np.ndarray:
    """``values[codes]`` with ``fill`` where the code is -1 (missing).

    >>> take(np.array([10, 20]), np.array([1, -1, 0]), 0).tolist()
    [20, 0, 10]
    """
    extended = np.empty(len(values) + 1, dtype=values.dtype)
    extended[:-1] = values
    extended[-1] = fill
    return extended[codes]


def counts_of(codes: np.ndarray, n_uniques: int) -> np.ndarray:
    """How many rows hold each distinct value."""
    return np.bincount(codes[codes >= 0], minlength=n_uniques)


def is_missing_token(uniq: np.ndarray) -> np.ndarray:
    """Whether each distinct value is empty or a missing-value placeholder.

    >>> is_missing_token(np.array(["", " N/A ", "nc", "12", "✓"], dtype=object)).tolist()
    [True, True, True, False, False]
    """
    out = np.zeros(len(uniq), dtype=bool)
    for i, u in enumerate(uniq):
        if len(u) > 30:
            continue
        low = " ".join(u.lower().split())
        if low.isascii():
            out[i] = low in MISSING_TOKENS
        else:  # symbols such as a check mark fold to "": they are not missing
            folded = fold_keep(u)
            out[i] = folded != "" and folded in MISSING_TOKENS
    return out


def sample_uniques(
    codes: np.ndarray, uniq: np.ndarray, size: int = 3000
) -> tuple[np.ndarray, np.ndarray]:
    """The ``size`` most frequent distinct values and their counts."""
    counts = counts_of(codes, len(uniq))
    if len(uniq) > size:
        top = np.argpartition(-counts, size)[:size]
        return uniq[top], counts[top]
    return uniq, counts


def squeeze_spaces(text: str) -> str:
    """``text`` with surrounding spaces removed and inner runs of spaces made one.

    >>> squeeze_spaces("  Saint   Étienne ")
    'Saint Étienne'
    """
    return _SPACES.sub(" ", text).strip()

"""The journal of a cleaning: every change recorded, with masked examples.

:class:`Journal` is what every verb writes to (``journal=``); :func:`convert_columns` is
the shared body of the ``parse_*`` verbs: convert each column per distinct value, then
record what changed (rows affected, values not recognised, examples before → after).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import privacy
from ..errors import CleaningError
from ..french import agree, integer, plural
from .values import check_frame, cleaning_columns, counts_of, factorize

__all__ = [
    "JOURNAL_COLUMNS",
    "SHARED_PARAMS",
    "VERB_LABELS",
    "Journal",
    "change_examples",
    "convert_columns",
    "record_change",
    "safe_example",
    "unparsed_examples",
]

#: Columns of :meth:`Journal.to_frame`, in order.
JOURNAL_COLUMNS: tuple[str, ...] = (
    "etape",  # 1, 2, 3… in the order the changes were made
    "verbe",  # the function that made the change (parse_dates…)
    "colonne",  # the column changed ("" for a change of the whole table)
    "lignes_touchees",  # rows whose value (or presence) changed
    "non_reconnues",  # non-empty values that could not be converted (left missing)
    "exemples",  # up to 3 examples « before » → after (identifiers masked)
    "detail",  # one French sentence
)

#: French name of each verb, as the journal shows it.
VERB_LABELS = {
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

#: The ``columns`` and ``journal`` parameters shared by the ``parse_*`` verbs' docstrings.
SHARED_PARAMS = """
    columns
        A column name or a list of them.
    journal
        Where the change is recorded (verb, column, rows affected, values not recognised,
        examples before → after)."""


class Journal:
    """The record of every change made by the cleaning verbs.

    Pass one to the verbs (``journal=``); read it with :meth:`to_frame` (a tidy frame whose
    columns are :data:`JOURNAL_COLUMNS`), :meth:`to_markdown` or :meth:`to_text` (French
    sentences). Examples of identifier columns are masked
    (:func:`sizeup_helpers.privacy.mask_value`).

    Examples
    --------
    >>> import pandas as pd
    >>> from sizeup_helpers.cleaning import parse_numbers
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

    def add(
        self,
        verb: str,
        column: str = "",
        *,
        rows: int = 0,
        unparsed: int = 0,
        examples: Iterable[tuple[Any, Any]] = (),
        detail: str = "",
    ) -> None:
        """Record one change (examples are masked here when the column is an identifier)."""
        kind = self.identifiers.get(column) or privacy.identifier_kind(str(column))
        shown = []
        for before, after in list(examples)[:3]:
            shown.append(f"« {safe_example(before, kind)} » → {safe_example(after, kind)}")
        self._entries.append(
            {
                "etape": len(self._entries) + 1,
                "verbe": verb,
                "colonne": str(column),
                "lignes_touchees": int(rows),
                "non_reconnues": int(unparsed),
                "exemples": " ; ".join(shown),
                "detail": detail,
            }
        )

    def extend(self, other: Journal) -> None:
        """Append the changes of ``other``, numbered after those already here."""
        for entry in other._entries:
            self._entries.append({**entry, "etape": len(self._entries) + 1})

    def records(self) -> list[dict[str, Any]]:
        """The changes as a list of dicts (copies), keys :data:`JOURNAL_COLUMNS`."""
        return [dict(entry) for entry in self._entries]

    @classmethod
    def from_records(
        cls, records: Iterable[dict[str, Any]], identifiers: dict[str, str] | None = None
    ) -> Journal:
        """A journal holding ``records`` (as given by :meth:`records`), renumbered 1, 2, 3…"""
        journal = cls(identifiers)
        for entry in records:
            journal._entries.append({**entry, "etape": len(journal._entries) + 1})
        return journal

    def to_frame(self) -> pd.DataFrame:
        """The journal as a tidy frame with the columns :data:`JOURNAL_COLUMNS`."""
        frame = pd.DataFrame(self._entries, columns=list(JOURNAL_COLUMNS))
        return frame.astype(
            {"etape": "int64", "lignes_touchees": "int64", "non_reconnues": "int64"}
        )

    def to_markdown(self) -> str:
        """The journal as a Markdown table (French headers)."""
        headers = [
            "Étape",
            "Opération",
            "Colonne",
            "Lignes touchées",
            "Non reconnues",
            "Exemples (avant → après)",
            "Détail",
        ]
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for e in self._entries:
            cells = [
                str(e["etape"]),
                VERB_LABELS.get(e["verbe"], e["verbe"]),
                e["colonne"],
                integer(e["lignes_touchees"]),
                integer(e["non_reconnues"]),
                e["exemples"],
                e["detail"],
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The journal as French sentences, one per change."""
        if not self._entries:
            return "Aucun changement n'a été fait."
        out = []
        for e in self._entries:
            where = f"colonne « {e['colonne']} » : " if e["colonne"] else ""
            sentence = f"{e['etape']}. {where}{e['detail'] or VERB_LABELS.get(e['verbe'])}"
            if e["exemples"]:
                sentence += f" (ex. {e['exemples']})"
            out.append(sentence)
        return "\n".join(out)


def safe_example(value: Any, kind: str | None) -> str:
    """One value as the journal shows it: dates in ISO form, identifiers masked.

    ``kind`` is the column's identifier kind (``None`` when it holds none); a value that
    looks like an e-mail, a phone number or a NIR is masked anyway, and so is one written
    inside a text (:func:`~sizeup_helpers.privacy.mask_in_text`).

    >>> safe_example("jean.dupont@gmail.fr", None), safe_example(None, None)
    ('j***@g***.fr', '(vide)')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "(vide)"
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, np.floating | np.integer):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        text = (
            value.strftime("%Y-%m-%d %H:%M")
            if value != value.normalize()
            else value.strftime("%Y-%m-%d")
        )
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    if kind:
        return str(privacy.mask_value(text, kind))
    found = privacy.identifier_kind_of_value(text)
    return str(privacy.mask_value(text, found)) if found else privacy.mask_in_text(text)


def change_examples(
    uniq: np.ndarray, after: np.ndarray, changed: np.ndarray, counts: np.ndarray, n: int = 3
) -> list[tuple[Any, Any]]:
    """Up to ``n`` (before, after) pairs among changed distinct values, most frequent first.

    One example per "shape" of value when possible (digits read as 9, letters as a).
    """
    idx = np.flatnonzero(changed)
    if not len(idx):
        return []
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


def unparsed_examples(
    uniq: np.ndarray, failed: np.ndarray, counts: np.ndarray, kind: str | None, n: int = 3
) -> str:
    """The ``n`` most frequent values not recognised, in guillemets, masked if need be."""
    idx = np.flatnonzero(failed)
    idx = idx[np.argsort(-counts[idx], kind="stable")][:n]
    return ", ".join(f"« {safe_example(uniq[i], kind)} »" for i in idx)


def record_change(
    journal: Journal,
    func: str,
    column: str,
    codes: np.ndarray,
    uniq: np.ndarray,
    result: dict[str, Any],
    detail: str,
) -> dict[str, Any]:
    """Record one converted column in ``journal``; return its rows, unparsed and share.

    ``result`` is a converter's dict: ``changed``, ``failed`` and ``missing`` flags per
    distinct value, ``uniq_after`` the converted distinct values.
    """
    counts = counts_of(codes, len(uniq))
    rows = int(counts[result["changed"]].sum())
    unparsed = int(counts[result["failed"]].sum())
    kind = journal.identifiers.get(column) or privacy.identifier_kind(str(column))
    if unparsed:
        detail += (
            " "
            + plural(
                unparsed,
                "valeur non reconnue, laissée vide",
                "valeurs non reconnues, laissées vides",
            )
            + f" : {unparsed_examples(uniq, result['failed'], counts, kind)}."
        )
    journal.add(
        func,
        column,
        rows=rows,
        unparsed=unparsed,
        examples=change_examples(uniq, result["uniq_after"], result["changed"], counts),
        detail=detail.strip(),
    )
    nonempty = int(counts[~result["missing"]].sum())
    return {"rows": rows, "unparsed": unparsed, "share": unparsed / nonempty if nonempty else 0}


def convert_columns(
    df: pd.DataFrame,
    columns: Any,
    func: str,
    converter: Callable,
    journal: Journal | None,
    describe: Callable,
    **options: Any,
) -> pd.DataFrame:
    """Shared body of the ``parse_*`` verbs: convert each column, record it.

    Without a journal, values not recognised are reported in a French ``UserWarning``.
    """
    check_frame(df, func)
    cols = cleaning_columns(df, columns, func)
    out = df.copy(deep=False)
    for column in cols:
        series = df[column]
        if isinstance(series, pd.DataFrame):
            raise CleaningError(
                f"`{func}` : le nom de colonne « {column} » est en double ; "
                "appliquez d'abord clean_column_names."
            )
        codes, uniq = factorize(series)
        result = converter(codes, uniq, **options)
        out[column] = pd.Series(result["values"], index=df.index, name=column)
        target = journal if journal is not None else Journal()
        stats = record_change(target, func, column, codes, uniq, result, describe(result))
        if journal is None and stats["unparsed"]:
            counts = counts_of(codes, len(uniq))
            kind = privacy.identifier_kind(str(column))
            n = stats["unparsed"]
            left = agree(n, "laissée vide", "laissées vides")
            warnings.warn(
                f"{func} : {plural(n, 'valeur non reconnue', 'valeurs non reconnues')} dans la "
                f"colonne « {column} », {left} : "
                f"{unparsed_examples(uniq, result['failed'], counts, kind)}. "
                "Passez journal=Journal() pour garder la trace des changements.",
                UserWarning,
                stacklevel=3,
            )
    return out

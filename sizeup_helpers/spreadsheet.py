"""CSV files that are safe to open in a spreadsheet (no « CSV injection »).

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or with a tab or a carriage
return, which some spreadsheets skip before reading a formula) is run as a formula by
Excel and LibreOffice Calc when a coach opens the CSV file: ``=HYPERLINK("http://…")``
sends data away, ``-2+3+cmd|' /C calc'!A0`` starts a program. Raw exports come from
forms that anyone can fill in, so such text can reach every table the project writes.

The OWASP recommendation (« CSV Injection »,
https://owasp.org/www-community/attacks/CSV_Injection) is followed: every *text* cell that
begins with one of :data:`DANGEROUS_PREFIXES` is written with a single quote ``'`` in front,
which spreadsheets show as text. :func:`neutralise_formulas` does it before every CSV the
package writes; :func:`restore_formulas` undoes it in the package's readers
(``clean_workspace.load_clean_table``, ``evaluation_matrix.load_evaluation_matrix``), so a
notebook gets the original text back.

Choices:

- Column names are treated like text cells: the header row is opened in a spreadsheet too.
- Only text cells are touched (``object``, ``string``/``str`` and text categories): a
  number stored as a number (``-2`` in a numeric column) stays a number in the file.
- In a text column, a cell that is a plain number (``-2``, ``+3,5``, ``-0.25``) is left as
  it is: a spreadsheet reads it as a number, it cannot run anything, and quoting it would
  change how journals show negative values. Anything else that starts with a dangerous
  character is quoted, a phone number ``+33 6 …`` included.
- The round trip is exact: a cell that already begins with quotes followed by a dangerous
  character (``'=x``) gets one more quote, and :func:`restore_formulas` removes exactly one
  quote from any cell of the form ``'…'`` + dangerous character.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DANGEROUS_PREFIXES", "neutralise_formulas", "restore_formulas", "workbook_bytes"]

#: First characters that make a spreadsheet read a text cell as a formula (OWASP).
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_CLASS = "[" + re.escape("".join(DANGEROUS_PREFIXES)) + "]"
# a text cell to quote: optional quotes already there, then a dangerous character
_TO_QUOTE = re.compile("'*" + _CLASS)
# a written cell to unquote: at least one quote, then a dangerous character
_TO_UNQUOTE = re.compile("'+" + _CLASS)
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def _quote(value: Any) -> Any:
    if isinstance(value, str) and _TO_QUOTE.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and _TO_UNQUOTE.match(value):
        return value[1:]
    return value


def _apply(frame: pd.DataFrame, func: Any) -> pd.DataFrame:
    import pandas as pd

    out = frame.copy()
    for i, (_, s) in enumerate(frame.items()):
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            if cats.dtype.kind not in "OUT" and not pd.api.types.is_string_dtype(cats.dtype):
                continue
            new = [func(c) for c in cats]
            if new != list(cats):
                if len(set(new)) == len(new):
                    out.isetitem(i, s.cat.rename_categories(new))
                else:  # two categories would become one: write the cells as text
                    out.isetitem(i, s.astype(object).map(func, na_action="ignore"))
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            mask = s.notna()
            if not mask.any():
                continue
            new = s.copy()
            new[mask] = s[mask].map(func)
            out.isetitem(i, new)
    if not isinstance(frame.columns, pd.MultiIndex):  # the header row is read too
        names = [func(c) for c in frame.columns]
        if names != list(frame.columns):
            out.columns = names
    return out


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    Every text cell that begins with one of :data:`DANGEROUS_PREFIXES` (after any quotes
    already there) gets a single quote ``'`` in front (OWASP « CSV Injection »). Numbers,
    dates, booleans, missing values and text cells that are plain numbers (``-2``) are
    unchanged; dtypes are kept. Column names are quoted the same way.
    :func:`restore_formulas` undoes it.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"t": ["=1+1", "-2", "+33 6 12", "ok"], "n": [-2, 3, 4, 5]})
    >>> neutralise_formulas(f)["t"].tolist()
    ["'=1+1", '-2', "'+33 6 12", 'ok']
    >>> neutralise_formulas(f)["n"].tolist()
    [-2, 3, 4, 5]
    """
    return _apply(frame, _quote)


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the text written by :func:`neutralise_formulas` given back.

    Removes exactly one leading quote ``'`` from a text cell when it is followed by more
    quotes and then, or directly by, one of :data:`DANGEROUS_PREFIXES`.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"t": ["'=1+1", "'ok", "''@x"]})
    >>> restore_formulas(f)["t"].tolist()
    ['=1+1', "'ok", "'@x"]
    """
    return _apply(frame, _unquote)


#: The date of every entry of a workbook written by :func:`workbook_bytes`: the first day
#: the zip format can store, the same on every run.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook as the bytes of an ``.xlsx`` file, the same from run to run.

    openpyxl stores the time of saving twice: in the document properties
    (``docProps/core.xml``: created, modified) and as the date of every zip entry. Two runs
    on the same data would give two different files; the dates are left out of the
    properties (they are optional) and every entry is dated :data:`ZIP_EPOCH`, so the same
    workbook gives the same bytes (the promise of ``sizeup run``: two runs, the same
    deliverables).
    """
    import zipfile
    from io import BytesIO

    buffer = BytesIO()
    workbook.save(buffer)
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(b"", data)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    return out.getvalue()

"""Step 12's indicator workbook: the deliverables of steps 06 to 11 in one ``.xlsx`` file.

One sheet per table (bold headers on a fill, widths from the content, frozen header row, a
filter, number formats: whole numbers ``0``, decimals ``0.0``, shares ``0.0 %``, dates
``dd/mm/yyyy``), an « Indicateurs » sheet explaining each indicator of step 06's
référentiel and a French « Lisez-moi » sheet (source, year of the data, small-cell rule).

Tables are read from the saved CSV deliverables only (:func:`workspace_tables`), never
from raw files: small cells are already hidden there and « < 11 » or « s » stay text.
Every text cell is stored as text (openpyxl ``data_type "s"``), never as a formula; text
beginning with a character of :data:`~sizeup_helpers.spreadsheet.DANGEROUS_PREFIXES`
(``=``, ``+``, ``-``, ``@``…) also gets Excel's quote prefix, as when one types ``'=x``
(OWASP « CSV Injection », https://owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .indicators import FRAMEWORK_COLUMNS
from .spreadsheet import DANGEROUS_PREFIXES, restore_formulas, workbook_bytes

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "DELIVERABLES",
    "INDICATORS_SHEET",
    "README_SHEET",
    "WORKBOOK_FILE",
    "indicator_explanations",
    "indicator_workbook",
    "sheet_names",
    "workspace_tables",
    "write_indicator_workbook",
]

WORKBOOK_FILE = "classeur-indicateurs.xlsx"
"""The workbook's name, in ``ws.step_dir("12")``."""

README_SHEET = "Lisez-moi"
INDICATORS_SHEET = "Indicateurs"

#: (step, file pattern) of the CSV deliverables put in the workbook, in this order.
DELIVERABLES: tuple[tuple[str, str], ...] = (
    ("06", "referentiel-indicateurs.csv"),
    ("06", "*.csv"),
    ("09", "resultats-par-effet.csv"),
    ("09", "*.csv"),
    ("10", "themes-par-effet.csv"),
    ("10", "themes-par-groupe.csv"),
    ("10", "triangulation.csv"),
    ("11", "carte-de-valeur.csv"),
    ("11", "*.csv"),
)

#: Columns of step 06's référentiel that explain an indicator (« Indicateurs » sheet): its
#: description, up to its target, without the values.
EXPLANATION_COLUMNS = FRAMEWORK_COLUMNS[: FRAMEWORK_COLUMNS.index("Cible") + 1]

SMALL_CELL_THRESHOLD = 11
MAX_WIDTH = 60
MIN_WIDTH = 8
_WIDTH_ROWS = 2000  # rows looked at to size a column
_MAX_TEXT = 32767  # Excel's longest cell text
_HEADER_FILL = "DDEBF7"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHARE_WORDS = frozenset({"taux", "part", "proportion", "pourcentage", "pct", "share", "rate"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")
_SUPPRESSED = re.compile(r"<\s*\d+|s")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


# --------------------------------------------------------------------------------------
# Sheet names
# --------------------------------------------------------------------------------------
def sheet_names(names: list[str], *, reserved: tuple[str, ...] = ()) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``,
    no apostrophe at either end, unique without regard to case, none of ``reserved``.

    Examples
    --------
    >>> sheet_names(["a/b", "A-B", "x" * 40])
    ['a-b', 'A-B (2)', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    """
    taken = {r.casefold() for r in (*reserved, "History")}
    out = []
    for raw in names:
        base = _BAD_SHEET_CHARS.sub("-", str(raw)).strip().strip("'").strip() or "Tableau"
        name, n = base[:31], 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


# --------------------------------------------------------------------------------------
# Cells and formats
# --------------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell_value(value: Any) -> Any:
    """A value openpyxl can write: numbers, booleans, naive datetimes, text or None."""
    import datetime as dt

    import numpy as np
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo:
            return value.replace(tzinfo=None)
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_TEXT]


def _is_share_name(name: str) -> bool:
    """A column named as a share: « % », or a word such as « taux », « part », « share »."""
    words = set(re.split(r"[^a-zà-ÿ]+", name.casefold()))
    return "%" in name or bool(words & _SHARE_WORDS)


def _number_format(name: str, column: pd.Series) -> str | None:
    """``0``, ``0.0``, ``0.0 %`` or ``dd/mm/yyyy`` for a column, or None (text, booleans)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "dd/mm/yyyy"
    if pd.api.types.is_bool_dtype(column.dtype):
        return None
    values = column
    if not pd.api.types.is_numeric_dtype(column.dtype):  # numbers among « < 11 » markers
        values = pd.to_numeric(
            column.map(lambda v: v if isinstance(v, int | float) else None), errors="coerce"
        )
    values = values.dropna()
    if values.empty:
        return None
    values = values.astype(float)
    whole_dtype = pd.api.types.is_integer_dtype(column.dtype)
    if not whole_dtype and bool(values.between(0, 1).all()) and _is_share_name(name):
        return "0.0 %"
    if bool((values == values.round()).all()):
        return "0"
    return "0.0"


def _shown(value: Any, fmt: str | None) -> str:
    """About the text a spreadsheet shows for ``value`` (to size its column)."""
    if value is None:
        return ""
    if fmt == "dd/mm/yyyy":
        return "00/00/0000"
    if isinstance(value, float) and fmt in ("0", "0.0", "0.0 %"):
        scale = 100 if fmt == "0.0 %" else 1
        return f"{value * scale:.{0 if fmt == '0' else 1}f}" + (" %" if scale == 100 else "")
    return str(value)


def _width(header: str, shown: list[str]) -> float:
    longest = max([len(header), *(max(map(len, s.splitlines() or [""])) for s in shown)])
    return float(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))


def _text_cell(cell: Any) -> None:
    """Keep a text cell as text, with a quote prefix when it looks like a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever its first character
        if cell.value.startswith(DANGEROUS_PREFIXES):
            cell.quotePrefix = True


def _write_table(sheet: Any, frame: pd.DataFrame, *, wrap: bool = False) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    headers = [_cell_value(c) for c in frame.columns]
    headers = ["" if h is None else str(h) for h in headers]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        _text_cell(cell)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c_index, (name, column) in enumerate(frame.items(), start=1):
        fmt = _number_format(str(name), column)
        values = [_cell_value(v) for v in column.tolist()]
        for r_index, value in enumerate(values, start=2):
            cell = sheet.cell(row=r_index, column=c_index, value=value)
            _text_cell(cell)
            if fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = fmt
            elif fmt == "dd/mm/yyyy" and value is not None:
                cell.number_format = fmt
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        shown = [_shown(v, fmt) for v in values[:_WIDTH_ROWS]]
        letter = get_column_letter(c_index)
        sheet.column_dimensions[letter].width = _width(headers[c_index - 1], shown)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def _readme_lines(
    tables: dict[str, pd.DataFrame],
    names: list[str],
    *,
    structure: str,
    data_year: int | str | None,
    sources: dict[str, str],
    with_indicators: bool,
) -> list[str]:
    from .french import plural

    title = "Classeur d'indicateurs" + (f" — {structure}" if structure else "")
    year = (
        f"Année des données : {data_year}."
        if data_year not in (None, "")
        else "Année des données : non renseignée (clé « annee » de structure.yml)."
    )
    lines = [
        title,
        "",
        "Source : les livrables enregistrés par Size Up aux étapes 06 à 11 (fichiers CSV du "
        "dossier de sorties), jamais les fichiers bruts.",
        year,
        f"Petits effectifs : une case qui compte moins de {SMALL_CELL_THRESHOLD} personnes est "
        f"masquée (« < {SMALL_CELL_THRESHOLD} », ou « s » quand elle cache une autre case) "
        "avant l'enregistrement des livrables, selon la règle des petits effectifs du SNDS "
        "(CNAM) ; ce classeur reprend ces cases telles quelles, en texte.",
        "Texte commençant par =, +, - ou @ : enregistré comme du texte, jamais comme une "
        "formule (recommandation OWASP « CSV Injection »).",
        "",
    ]
    if not tables:
        lines.append(
            "Aucun tableau : aucun livrable des étapes 06 à 11 n'est encore enregistré. "
            "Exécutez les carnets 06 à 11, puis refaites ce classeur."
        )
        return lines
    lines.append("Feuilles :")
    if with_indicators:
        lines.append(f"• {INDICATORS_SHEET} : ce que mesure chaque indicateur du référentiel (06).")
    for key, name in zip(tables, names, strict=True):
        rows = len(tables[key])
        origin = f" ({sources[key]})" if key in sources else ""
        lines.append(f"• {name}{origin} : {plural(rows, 'ligne', 'lignes')}.")
    return lines


def indicator_workbook(
    tables: dict[str, pd.DataFrame],
    *,
    explanations: pd.DataFrame | None = None,
    structure: str = "",
    data_year: int | str | None = None,
    sources: dict[str, str] | None = None,
) -> bytes:
    """The indicator workbook (``.xlsx`` bytes, for ``ws.write_bytes``).

    Parameters
    ----------
    tables
        One sheet per table, named after its key (cut to a valid, unique sheet name by
        :func:`sheet_names`). Values are written as given: hide small cells before.
    explanations
        One row per indicator (e.g. :func:`indicator_explanations`): the « Indicateurs »
        sheet; no such sheet when None or empty.
    structure, data_year, sources
        The structure's name, the year of its data and each table's source file, said in
        the « Lisez-moi » sheet.

    Number formats by column: dates ``dd/mm/yyyy``; shares (values between 0 and 1 in a
    column named with « % », « taux », « part », « proportion ») ``0.0 %``; whole numbers
    ``0``; other numbers ``0.0``. Text is always stored as text, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    sources = dict(sources or {})
    with_indicators = explanations is not None and not explanations.empty
    reserved = (README_SHEET, INDICATORS_SHEET) if with_indicators else (README_SHEET,)
    names = sheet_names(list(tables), reserved=reserved)
    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    lines = _readme_lines(
        tables,
        names,
        structure=structure,
        data_year=data_year,
        sources=sources,
        with_indicators=with_indicators,
    )
    readme.column_dimensions["A"].width = 110
    for index, line in enumerate(lines, start=1):
        cell = readme.cell(row=index, column=1, value=_cell_value(line) or None)
        _text_cell(cell)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    readme["A1"].font = Font(bold=True, size=13)
    if with_indicators:
        _write_table(wb.create_sheet(INDICATORS_SHEET), explanations, wrap=True)
    for key, name in zip(tables, names, strict=True):
        _write_table(wb.create_sheet(name), tables[key])
    return workbook_bytes(wb)  # the same bytes from run to run


# --------------------------------------------------------------------------------------
# From a workspace
# --------------------------------------------------------------------------------------
def _typed(column: pd.Series) -> pd.Series:
    """A text column read from CSV with its numbers among small-cell markers as numbers,
    or its ISO dates as dates; other columns unchanged."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return column
    text = column.dropna().astype(str).str.strip()
    if text.empty:
        return column
    if text.str.fullmatch(_ISO_DATE.pattern).all():
        dates = pd.to_datetime(column, errors="coerce", format="ISO8601")
        if dates.notna().sum() == len(text):
            return dates
    number = text.str.fullmatch(_NUMBER.pattern)
    marker = text.str.fullmatch(_SUPPRESSED.pattern)
    if number.any() and (number | marker).all():

        def convert(value: Any) -> Any:
            if _missing(value):
                return None
            s = str(value).strip()
            return float(s.replace(",", ".")) if _NUMBER.fullmatch(s) else s

        values = column.map(convert).astype(object)
        if all(isinstance(v, float) and v == int(v) for v in values if isinstance(v, float)):
            values = values.map(lambda v: int(v) if isinstance(v, float) else v)
        return values
    return column


def _read_deliverable(path: Path) -> pd.DataFrame:
    import pandas as pd

    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline()
    sep = ";" if first.count(";") > first.count(",") else ","
    frame = pd.read_csv(path, sep=sep, encoding="utf-8-sig", low_memory=False)
    frame = restore_formulas(frame)
    for i in range(frame.shape[1]):
        frame.isetitem(i, _typed(frame.iloc[:, i]))
    return frame


def _table_key(step: str, path: Path) -> str:
    return f"{step} {path.stem}"


def workspace_tables(ws: Workspace) -> dict[str, pd.DataFrame]:
    """The saved CSV deliverables of :data:`DELIVERABLES` (steps 06, 09, 10 and 11), read
    back from the output folder (never the raw files) and keyed « 09 resultats-par-effet »;
    absent or empty files are skipped. Text is given back as written
    (:func:`~sizeup_helpers.spreadsheet.restore_formulas`), numbers beside small-cell
    markers become numbers, ISO dates become dates."""
    from pandas.errors import EmptyDataError, ParserError

    tables: dict[str, pd.DataFrame] = {}
    for step, pattern in DELIVERABLES:
        folder = ws.step_dir(step, create=False)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(pattern)):
            key = _table_key(step, path)
            if key in tables or not path.is_file():
                continue
            try:
                tables[key] = _read_deliverable(path)
            except (EmptyDataError, ParserError, UnicodeDecodeError):
                continue
    return tables


def _sources(ws: Workspace, tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    out = {}
    for key in tables:
        step, stem = key.split(" ", 1)
        folder = ws.step_dir(step, create=False)
        out[key] = f"{folder.name}/{stem}.csv"
    return out


def indicator_explanations(ws: Workspace) -> pd.DataFrame | None:
    """What each indicator of step 06's référentiel measures (:data:`EXPLANATION_COLUMNS`
    of ``referentiel-indicateurs.csv``), or None when step 06 has not saved it."""
    import pandas as pd

    from .indicators import FRAMEWORK_FILE

    path = ws.step_dir("06", create=False) / FRAMEWORK_FILE
    if not path.is_file():
        return None
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table = restore_formulas(table)
    columns = [c for c in EXPLANATION_COLUMNS if c in table.columns]
    return table[columns] if columns else None


def write_indicator_workbook(ws: Workspace) -> Path:
    """Write :data:`WORKBOOK_FILE` in ``ws.step_dir("12")`` from the workspace's saved
    deliverables (:func:`workspace_tables`, :func:`indicator_explanations`)."""
    tables = workspace_tables(ws)
    data = indicator_workbook(
        tables,
        explanations=indicator_explanations(ws),
        structure=ws.name,
        data_year=ws.config.get("structure", {}).get("annee"),
        sources=_sources(ws, tables),
    )
    return ws.write_bytes(ws.step_dir("12") / WORKBOOK_FILE, data)

"""Reading a structure's exports as a person sees them: :func:`read_export`.

A structure's data comes as till exports, typed sheets and Excel workbooks. This module
reads CSV, TSV and spreadsheet files (xlsx, xlsm, xlsb, xls, ods) the way a person looking at
the file would read them:

- the **encoding** (UTF-8, UTF-8 with BOM, UTF-16, Windows-1252/latin-1, and lines of mixed
  encodings) and the **separator** (``;``, ``,``, tab, ``|``) are detected;
- **title rows** above the table are skipped: the header is the first of the first
  :data:`HEADER_SCAN_ROWS` rows filled across at least half the table's width;
- a header made of **merged cells** over several rows is flattened into one name per column,
  the parts joined by ``" / "`` (``"Semaine 1 / Lundi / Matin"``);
- every value is returned as **text, as in the file**: no type guessing (``"01000"`` stays
  ``"01000"``). Excel numbers are written as Excel shows them in the "Standard" format
  (15 significant digits, ``12`` not ``12.0``), Excel dates as ISO text (``"2023-03-05"``),
  booleans as ``"VRAI"``/``"FAUX"``. Empty cells are missing values (``NaN``); every column
  has the ``str`` dtype (``object`` on pandas 2);
- a **load report** (:class:`LoadReport`) says in French what was detected and what looks
  wrong: title rows, merged header, duplicated column names, formulas, cells that a
  spreadsheet would run as formulas, lines in another encoding, NUL bytes…

The result is a plain :class:`pandas.DataFrame`; its report is kept in
``frame.attrs["sizeup_report"]`` (:data:`REPORT_KEY`) and read back with :func:`load_report`.
:func:`read_export_with_report` returns both at once.

How: text files are sniffed on their first :data:`SNIFF_BYTES` and parsed by pandas' C
engine (``dtype=str``); workbooks are read with python-calamine, which also gives the merged
ranges (the same as openpyxl's, checked in the tests), so openpyxl, about 13 times slower, is
never needed. Before an xlsx sheet is loaded, its XML is streamed once to count formulas and
to bound the area calamine will allocate (see :data:`MAX_CELLS`). Cells become text a whole
column at a time (a column of text is kept as it is, numbers and dates are formatted once per
distinct value), so a large sheet takes little longer than calamine alone; see
``benchmarks/bench_read.py``.

Known limits: number *formats* are not applied (a 45 % cell reads ``"0.45"``, a postcode
stored as a number with a ``00000`` format reads ``"1000"``); error cells (``#DIV/0!``) and
formulas never computed by a spreadsheet read empty; in a text file only one header row is
taken (a CSV has no merged cells to show a multi-row header).

Files are only ever opened for reading. Expected problems (empty file, binary data, a
password-protected or truncated workbook, a sheet that does not exist, a file beyond the
limits below) raise :class:`ReadError`, a :class:`~sizeup_helpers.errors.SizeUpError` whose
French message names the file and the problem.

Limits (module constants, change them at your own risk): :data:`MAX_FILE_BYTES`,
:data:`MAX_CELLS`, :data:`MAX_COLUMNS`, :data:`MAX_UNCOMPRESSED_BYTES`.

Examples
--------
>>> from sizeup_helpers.io import read_export, load_report   # doctest: +SKIP
>>> ventes = read_export("donnees-brutes/caisse-2023.csv")    # doctest: +SKIP
>>> print(load_report(ventes).to_text())                     # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import ReadError
from .french import decimal, integer, plural

#: Largest file read, in bytes (300 Mo).
MAX_FILE_BYTES = 300 * 1024 * 1024
#: Largest sheet read, in cells of its bounding box (rows × columns), checked *before* the
#: sheet is loaded so that a workbook claiming a huge area cannot exhaust memory.
MAX_CELLS = 20_000_000
#: Largest number of columns of a table (Excel's own limit).
MAX_COLUMNS = 16_384
#: Largest total uncompressed size of the parts of an xlsx/ods archive (guards against
#: "zip bombs").
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
#: How many rows at the top of a table are examined to find the header.
HEADER_SCAN_ROWS = 30
#: How many bytes at the start of a text file are examined to find the encoding and separator.
SNIFF_BYTES = 64 * 1024
#: Key of the load report in ``DataFrame.attrs``.
REPORT_KEY = "sizeup_report"
#: Separators tried on text files, in order of preference when equally likely.
SEPARATORS = (";", ",", "\t", "|")

_SEPARATOR_NAMES = {
    ";": "point-virgule « ; »",
    ",": "virgule « , »",
    "\t": "tabulation",
    "|": "barre verticale « | »",
}
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 avec BOM",
    "utf-16": "UTF-16 (« Texte Unicode » d'Excel)",
    "utf-16-le": "UTF-16 little-endian",
    "utf-16-be": "UTF-16 big-endian",
    "cp1252": "Windows-1252 (cp1252, Excel français sous Windows)",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "mixed": "mélangé : UTF-8 et Windows-1252 selon les lignes",
}
_FORMAT_NAMES = {
    "csv": "texte CSV",
    "tsv": "texte TSV (tabulations)",
    "xlsx": "classeur Excel (xlsx)",
    "xlsb": "classeur Excel binaire (xlsb)",
    "xls": "classeur Excel 97-2003 (xls)",
    "ods": "classeur OpenDocument (ods)",
}
_TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab", ".dat", ""}
_BOOL_TEXT = {True: "VRAI", False: "FAUX"}
# characters a spreadsheet treats as the start of a formula (OWASP "CSV injection")
_INJECTION_CHARS = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"^[+-]\s?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*\s?[%€]?$")

__all__ = [
    "HEADER_SCAN_ROWS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "REPORT_KEY",
    "LoadReport",
    "ReadError",
    "list_sheets",
    "load_report",
    "read_all_sheets",
    "read_export",
    "read_export_with_report",
]


# --------------------------------------------------------------------------------------
# The load report
# --------------------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What :func:`read_export` detected while reading one table, and what looks wrong.

    Attributes
    ----------
    file : str
        Name of the file read (without its folder).
    file_format : str
        ``"csv"``, ``"tsv"``, ``"xlsx"``, ``"xlsb"``, ``"xls"`` or ``"ods"`` (the real
        format, found from the content, not from the extension).
    encoding, separator : str or None
        For text files: the encoding (a Python codec name, or ``"mixed"``) and the separator.
    sheet : str or None
        For workbooks: the sheet read. ``sheets`` lists all sheets of the workbook.
    header_row : int or None
        Number (1-based, as a spreadsheet or a text editor shows it) of the first header row;
        ``None`` when the file holds no table at all.
    header_rows : int
        How many rows the header spans (more than 1 for a merged header, flattened).
    title_rows : list of str
        Text of the non-empty rows skipped above the header.
    n_rows, n_columns : int
        Size of the table returned.
    columns : list of str
        Column names, after flattening and de-duplication.
    renamed_columns : dict
        Names given by the reader: ``{new name: why}`` (duplicate or empty header cell).
    date_columns : list of str
        Columns where spreadsheet dates were written as ISO text.
    formula_cells : int
        Cells holding a formula; their last computed value is returned.
    injection_cells : dict
        ``{column: count}`` of text cells starting with ``=``, ``+``, ``-`` or ``@`` that a
        spreadsheet would run as a formula (kept as text, never evaluated).
    problems : list of str
        Other French sentences about things to check (lines in another encoding, NUL bytes…).
    notes : list of str
        Other French sentences about what was detected.
    """

    file: str
    file_format: str
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int | None = None
    header_rows: int = 1
    title_rows: list[str] = field(default_factory=list)
    n_rows: int = 0
    n_columns: int = 0
    columns: list[str] = field(default_factory=list)
    renamed_columns: dict[str, str] = field(default_factory=dict)
    date_columns: list[str] = field(default_factory=list)
    formula_cells: int = 0
    injection_cells: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """How the file was read, in one French phrase (format, encoding, separator, header).

        Examples
        --------
        >>> print(LoadReport(file="a.csv", file_format="csv", encoding="cp1252", separator=";",
        ...                  header_row=3, title_rows=["Export", "2024"]).summary())
        texte CSV, encodage Windows-1252 (...), séparateur point-virgule « ; », en-tête ligne 3, ...
        """
        parts = [_FORMAT_NAMES.get(self.file_format, self.file_format)]
        if self.encoding:
            parts.append(f"encodage {_ENCODING_NAMES.get(self.encoding, self.encoding)}")
        if self.separator:
            parts.append(f"séparateur {_SEPARATOR_NAMES.get(self.separator, self.separator)}")
        if self.header_row:
            if self.header_rows > 1:
                parts.append(
                    f"en-tête lignes {self.header_row} à {self.header_row + self.header_rows - 1}"
                )
            else:
                parts.append(f"en-tête ligne {self.header_row}")
        if self.title_rows:
            parts.append(
                plural(len(self.title_rows), "ligne de titre ignorée", "lignes de titre ignorées")
            )
        return ", ".join(parts)

    def to_text(self) -> str:
        """The report as French text, one line per finding."""
        lines = [
            f"Fichier « {self.file} » lu comme "
            f"{_FORMAT_NAMES.get(self.file_format, self.file_format)}."
        ]
        if self.sheets:
            if len(self.sheets) == 1:
                lines.append(f"- Feuille : « {self.sheet} ».")
            else:
                names = ", ".join(f"« {s} »" for s in self.sheets)
                lines.append(
                    f"- Feuille lue : « {self.sheet} » ; le classeur en contient "
                    f"{len(self.sheets)} : "
                    f"{names}."
                )
        if self.encoding:
            lines.append(f"- Encodage : {_ENCODING_NAMES.get(self.encoding, self.encoding)}.")
        if self.separator:
            lines.append(
                f"- Séparateur : {_SEPARATOR_NAMES.get(self.separator, repr(self.separator))}."
            )
        if self.header_row is not None:
            if self.header_rows > 1:
                lines.append(
                    f"- En-tête : lignes {self.header_row} à "
                    f"{self.header_row + self.header_rows - 1} (cellules fusionnées, aplaties en "
                    "un nom par colonne, parties jointes par « / »)."
                )
            else:
                lines.append(f"- En-tête : ligne {self.header_row}.")
        if self.title_rows:
            shown = " ; ".join(f"« {_shorten(t)} »" for t in self.title_rows[:3])
            more = "…" if len(self.title_rows) > 3 else ""
            lines.append(
                "- "
                + plural(len(self.title_rows), "ligne de titre ignorée", "lignes de titre ignorées")
                + f" au-dessus de l'en-tête : {shown}{more}."
            )
        lines.append(
            f"- Taille : {plural(self.n_rows, 'ligne', 'lignes')} × "
            f"{plural(self.n_columns, 'colonne', 'colonnes')}."
        )
        if self.n_rows == 0 and self.header_row is not None:
            lines.append("- Le fichier ne contient que l'en-tête : aucune ligne de données.")
        if self.renamed_columns:
            shown = ", ".join(f"« {k} » ({v})" for k, v in list(self.renamed_columns.items())[:8])
            lines.append(f"- Colonnes renommées : {shown}.")
        if self.date_columns:
            shown = ", ".join(f"« {c} »" for c in self.date_columns)
            lines.append(f"- Dates du tableur écrites en texte AAAA-MM-JJ dans : {shown}.")
        if self.formula_cells:
            lines.append(
                f"- {plural(self.formula_cells, 'cellule contient', 'cellules contiennent')} une "
                "formule : la dernière valeur calculée par le tableur est reprise (une formule "
                "jamais calculée apparaît vide)."
            )
        if self.injection_cells:
            total = sum(self.injection_cells.values())
            shown = ", ".join(f"« {c} » ({n})" for c, n in self.injection_cells.items())
            lines.append(
                f"- Attention : {plural(total, 'cellule commence', 'cellules commencent')} par "
                f"=, +, - ou @ ({shown}) : gardées comme texte, mais un tableur pourrait les "
                "exécuter comme des formules si vous les y recopiez."
            )
        lines.extend(f"- {p}" for p in self.problems)
        lines.extend(f"- {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:  # pragma: no cover - notebook display
        return self.to_text()


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------
def read_export(path: str | Path, *, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV, TSV or spreadsheet export as a person sees it, every value as text.

    Parameters
    ----------
    path : str or Path
        The file. Its real format is found from its content (an xlsx named ``.csv`` is read
        as a workbook, and the report says so). The file is only opened for reading.
    sheet : str, int or None
        For a workbook: the sheet's name (an exact match, else the only one equal to it
        ignoring case and surrounding spaces) or its position (0 for the first). ``None``
        reads the first visible sheet; the report then lists the others (see
        :func:`read_all_sheets` to read them all). Must be ``None`` for a text file.

    Returns
    -------
    pandas.DataFrame
        The table, every column of ``str`` dtype, empty cells as missing values, rows in
        file order with a default index. ``frame.attrs["sizeup_report"]`` holds the
        :class:`LoadReport` (see :func:`load_report`).

    Raises
    ------
    ReadError
        With a French message naming the file and the problem: missing, empty or binary
        file, password-protected or damaged workbook, unknown sheet, beyond the limits.

    Notes
    -----
    Missing values: only empty cells are missing. ``"NA"``, ``"-"`` or ``"0"`` stay text.
    Excel numbers are shown as Excel's "Standard" format would (``1234.5``, ``12``), not as
    their display format: a postcode *stored as a number* with a ``00000`` format reads
    ``"1000"``; one stored as text reads ``"01000"``. Error cells (``#DIV/0!``) read empty.
    """
    frame, report = read_export_with_report(path, sheet=sheet)
    return frame


def read_export_with_report(
    path: str | Path, *, sheet: str | int | None = None
) -> tuple[pd.DataFrame, LoadReport]:
    """Like :func:`read_export`, returning ``(frame, report)``.

    Examples
    --------
    >>> frame, report = read_export_with_report("ventes.csv")   # doctest: +SKIP
    >>> print(report.to_text())                                  # doctest: +SKIP
    """
    file = _check_file(path)
    kind, head = _sniff_kind(file)
    if kind == "text":
        if sheet is not None:
            raise ReadError(
                f"Le fichier « {file.name} » est un fichier texte (CSV) : il n'a pas de "
                f"feuille, le paramètre sheet={sheet!r} ne s'applique pas."
            )
        frame, report = _read_text(file)
    else:
        frame, report = _read_workbook(file, kind, sheet)
    if kind == "text" and file.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"):
        report.notes.append(
            f"L'extension « {file.suffix} » annonce un classeur, mais le fichier est du texte : "
            "il a été lu comme un CSV."
        )
    if kind != "text":
        expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xlsb": "xlsb", ".xls": "xls", ".ods": "ods"}
        ext = file.suffix.lower()
        if expected.get(ext) not in (None, kind) or ext in _TEXT_EXTENSIONS:
            report.notes.append(
                f"L'extension « {file.suffix or '(aucune)'} » ne correspond pas au contenu : "
                f"c'est un {_FORMAT_NAMES[kind]}, lu comme tel."
            )
    frame.attrs[REPORT_KEY] = report
    return frame, report


def load_report(frame: pd.DataFrame) -> LoadReport:
    """The :class:`LoadReport` of a frame returned by :func:`read_export`.

    Raises
    ------
    ReadError
        When the frame carries no report (it was not read by :func:`read_export`, or an
        operation such as :func:`pandas.concat` dropped it).
    """
    report = getattr(frame, "attrs", {}).get(REPORT_KEY)
    if not isinstance(report, LoadReport):
        raise ReadError(
            "Ce tableau n'a pas de rapport de lecture : il n'a pas été lu par read_export, "
            "ou une opération (concat, merge…) a perdu ses attributs."
        )
    return report


def list_sheets(path: str | Path) -> list[str]:
    """Names of the sheets of a workbook, in workbook order (``[]`` for a text file).

    Raises
    ------
    ReadError
        When the file is missing, empty, damaged or password-protected.
    """
    file = _check_file(path)
    kind, _ = _sniff_kind(file)
    if kind == "text":
        return []
    return [name for name, _ in _open_workbook(file, kind)[1]]


def read_all_sheets(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read every sheet of a workbook: ``{sheet name: frame}``, each with its report.

    Empty sheets are left out (a note in the first frame's report names them). A text
    file gives one entry named after the file.
    """
    file = _check_file(path)
    kind, _ = _sniff_kind(file)
    if kind == "text":
        return {file.stem: read_export(file)}
    names = list_sheets(file)
    out: dict[str, pd.DataFrame] = {}
    empty: list[str] = []
    for name in names:
        frame, report = read_export_with_report(file, sheet=name)
        if report.header_row is None:
            empty.append(name)
            continue
        out[name] = frame
    if empty and out:
        first = load_report(next(iter(out.values())))
        first.notes.append(
            "Feuilles vides laissées de côté : " + ", ".join(f"« {n} »" for n in empty) + "."
        )
    return out


# --------------------------------------------------------------------------------------
# Checks common to every format
# --------------------------------------------------------------------------------------
def _check_file(path: str | Path) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(
            f"`path` doit être un chemin (str ou pathlib.Path), pas {type(path).__name__}."
        )
    file = Path(path)
    if not file.exists():
        raise ReadError(f"Le fichier « {file} » n'existe pas.")
    if not file.is_file():
        raise ReadError(f"« {file} » est un dossier, pas un fichier.")
    size = file.stat().st_size
    if size == 0:
        raise ReadError(f"Le fichier « {file.name} » est vide (0 octet) : il n'y a rien à lire.")
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"Le fichier « {file.name} » pèse {integer(size / 2**20)} Mo, au-delà de la limite "
            f"de {integer(MAX_FILE_BYTES / 2**20)} Mo (io.MAX_FILE_BYTES) : découpez-le ou "
            "filtrez-le avant de le lire."
        )
    return file


_BINARY_MAGIC = {
    b"%PDF": "un document PDF",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"\x1f\x8b": "une archive compressée gzip",
    b"7z\xbc\xaf": "une archive 7-Zip",
    b"Rar!": "une archive RAR",
    b"SQLite format 3": "une base SQLite",
    b"\x7fELF": "un programme",
    b"MZ": "un programme Windows",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})


def _sniff_kind(file: Path) -> tuple[str, bytes]:
    """Find the real format from the first bytes: text, xlsx, xlsb, xls or ods."""
    with open(file, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(file), head
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(file), head
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise ReadError(
                f"Le fichier « {file.name} » n'est pas un tableau : c'est {what}. "
                "Exportez les données en CSV ou en Excel."
            )
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        raise ReadError(
            f"Le fichier « {file.name} » est une page web (HTML) et non un vrai classeur : "
            "ouvrez-le dans un tableur et enregistrez-le au format xlsx ou CSV."
        )
    suffix = file.suffix.lower()
    start = head[:4096]
    # a byte that no text file holds (NUL, or a control byte: the CSV reader's own test)
    if suffix in _WORKBOOK_SUFFIXES and (
        b"\x00" in start or len(start.translate(None, _CONTROL_BYTES)) < len(start)
    ):
        raise ReadError(
            f"Le fichier « {file.name} » porte l'extension {suffix} mais n'est pas un "
            "classeur lisible : il est abîmé, incomplet (téléchargement interrompu ?) ou "
            "d'un autre format. Ouvrez-le dans le logiciel qui l'a produit et enregistrez-le "
            "de nouveau, ou exportez de nouveau les données."
        )
    return "text", head


def _zip_kind(file: Path) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
                raise ReadError(
                    f"Le fichier « {file.name} » est un document OpenDocument qui n'est pas un "
                    "classeur (texte ou présentation ?) : il ne contient pas de tableau à lire."
                )
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "word/document.xml" in names:
                what = "un document Word (docx)"
            elif "ppt/presentation.xml" in names:
                what = "une présentation PowerPoint (pptx)"
            else:
                what = "une archive zip"
            raise ReadError(f"Le fichier « {file.name} » est {what}, pas un classeur ni un CSV.")
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ReadError(
            f"Le classeur « {file.name} » est abîmé ou tronqué (archive zip illisible : {exc}). "
            "Demandez une nouvelle copie du fichier ou réenregistrez-le depuis le tableur."
        ) from None


def _ole_kind(file: Path) -> str:
    # An xlsx protected by a password is an OLE2 compound file holding an
    # "EncryptedPackage" stream (names are stored in UTF-16LE in the directory).
    data = file.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
        raise ReadError(
            f"Le classeur « {file.name} » est protégé par un mot de passe : il ne peut pas être "
            "lu. Ouvrez-le dans Excel, retirez le mot de passe (Fichier > Informations > "
            "Protéger le classeur) et enregistrez une copie."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise ReadError(
        f"Le fichier « {file.name} » est un document Office ancien (OLE) qui n'est pas un "
        "classeur Excel : il ne contient pas de tableau à lire."
    )


# --------------------------------------------------------------------------------------
# Header detection, shared by text files and workbooks
# --------------------------------------------------------------------------------------
def _find_header(
    rows: list[list[str | None]], merges: list[tuple[int, int, int, int]] | None = None
) -> tuple[int, int] | None:
    """Find the header in the first rows: ``(first header row, number of header rows)``.

    ``rows`` are the first rows of the table (values as text, ``None`` when empty);
    ``merges`` are merged ranges ``(first row, first col, last row, last col)``, 0-based,
    in the same coordinates. Returns ``None`` when every row is empty.
    """
    first = next((i for i, r in enumerate(rows) if any(v not in (None, "") for v in r)), None)
    if first is None:
        return None
    scan = _fill_merges([list(r) for r in rows[: first + HEADER_SCAN_ROWS]], merges or [], 0)
    # filled cells per row (merged ranges filled), and distinct values: a title merged
    # across the table fills every cell but holds one value, so it is never the header
    counts = [sum(1 for v in r if v not in (None, "")) for r in scan]
    distinct = [len({str(v).strip() for v in r if v not in (None, "")}) for r in scan]
    tabular = sorted(c for c, d in zip(counts, distinct, strict=True) if d >= 2)
    typical = tabular[len(tabular) // 2] if tabular else 1
    threshold = 1 if typical <= 1 else max(2, math.ceil(typical / 2))
    start = None
    for i in range(first, len(scan)):
        if counts[i] >= threshold and (distinct[i] >= 2 or typical <= 1):
            start = i
            break
    if start is None:  # no row wide enough: take the widest one
        start = counts.index(max(counts))
    end = start
    if merges:
        changed = True
        while changed and end - start < 4:
            changed = False
            for r0, c0, r1, c1 in merges:
                if start <= r0 <= end:
                    new_end = max(end, r1, r0 + 1 if c1 > c0 else r0)
                    if new_end > end and new_end < len(rows):
                        end = min(new_end, start + 4)
                        changed = True
    return start, end - start + 1


def _fill_merges(
    rows: list[list], merges: list[tuple[int, int, int, int]], row_offset: int
) -> list[list]:
    """Copy each merged range's value into all its cells (rows given from ``row_offset``)."""
    n = len(rows)
    for r0, c0, r1, c1 in merges:
        a0, a1 = r0 - row_offset, r1 - row_offset
        if a1 < 0 or a0 >= n or a0 < 0:
            if a0 < 0 <= a1:  # anchor above the slice: nothing to copy from
                continue
            continue
        anchor = rows[a0][c0] if c0 < len(rows[a0]) else None
        if anchor in (None, ""):
            continue
        for r in range(a0, min(a1, n - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = anchor
    return rows


def _header_names(
    block: list[list[str | None]], width: int, empty_name
) -> tuple[list[str], dict[str, str]]:
    """Flatten header rows into one unique name per column."""
    names: list[str] = []
    renamed: dict[str, str] = {}
    for c in range(width):
        parts: list[str] = []
        for row in block:
            value = row[c] if c < len(row) else None
            if value in (None, ""):
                continue
            text = " ".join(str(value).split())
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" / ".join(parts))
    seen: dict[str, int] = {}
    out: list[str] = []
    taken = set(names)
    for c, name in enumerate(names):
        if not name:
            name = empty_name(c)
            while name in taken:
                name += "_"
            renamed[name] = "en-tête vide"
        key = name
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            k = seen[key]
            new = f"{name} ({k})"
            while new in taken:
                k += 1
                new = f"{name} ({k})"
            seen[key] = k
            renamed[new] = f"doublon de « {name} »"
            name = new
        taken.add(name)
        out.append(name)
    return out, renamed


def _excel_column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _injection_counts(frame: pd.DataFrame, columns=None) -> dict[str, int]:
    """Count cells that start with =, +, -, @ and are not plain numbers, per column."""
    out: dict[str, int] = {}
    for name in frame.columns if columns is None else columns:
        col = frame[name]
        starts = col.str.startswith(_INJECTION_CHARS, na=False)
        if not starts.any():
            continue
        flagged = col[starts]
        flagged = flagged[~flagged.str.match(_PLAIN_NUMBER) & (flagged.str.strip().str.len() > 1)]
        if len(flagged):
            out[str(name)] = int(len(flagged))
    return out


def _finish(frame: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """Drop fully empty rows and unnamed empty columns; fill the report's size fields."""
    if len(frame.columns) and len(frame):
        # column by column, only on rows still empty: usually one pass over one column
        empty_rows = frame.iloc[:, 0].isna().to_numpy()
        for i in range(1, len(frame.columns)):
            if not empty_rows.any():
                break
            empty_rows = empty_rows & frame.iloc[:, i].isna().to_numpy()
        n_empty = int(empty_rows.sum())
        if n_empty:
            frame = frame.loc[~empty_rows].reset_index(drop=True)
            report.notes.append(
                plural(
                    n_empty, "ligne entièrement vide retirée", "lignes entièrement vides retirées"
                )
                + "."
            )
    drop = [
        c
        for c in frame.columns
        if report.renamed_columns.get(c) == "en-tête vide" and frame[c].isna().all()
    ]
    if drop:
        frame = frame.drop(columns=drop)
        for c in drop:
            report.renamed_columns.pop(c, None)
        report.notes.append(
            plural(
                len(drop), "colonne vide et sans nom retirée", "colonnes vides et sans nom retirées"
            )
            + "."
        )
    report.n_rows, report.n_columns = len(frame), len(frame.columns)
    report.columns = [str(c) for c in frame.columns]
    return frame


# --------------------------------------------------------------------------------------
# Text files (CSV, TSV)
# --------------------------------------------------------------------------------------
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# characters that appear when text in an old DOS code page (cp850) is read as cp1252
_DOS_MOJIBAKE = re.compile("[a-zA-Z][‚ƒ„†‡ˆ‰Š‹Ž¡¢£¤¥][a-zA-Z]")


def _read_text(file: Path) -> tuple[pd.DataFrame, LoadReport]:
    data = file.read_bytes()
    report = LoadReport(file=file.name, file_format="csv")
    body, encoding = _to_utf8(file, data, report)
    # pandas decodes cp1252 itself (as fast as anything here); every other case is UTF-8 now
    codec = "cp1252" if encoding == _RAW_CP1252 else "utf-8"
    report.encoding = "cp1252" if encoding == _RAW_CP1252 else encoding
    del data
    if _is_blank(body, b" \t\r\n"):
        raise ReadError(
            f"Le fichier « {file.name} » ne contient que des espaces ou des lignes vides : "
            "il n'y a rien à lire."
        )
    if b"\n" not in body[:SNIFF_BYTES] and b"\r" in body[:SNIFF_BYTES]:
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # old Mac line endings
    sample = _sample_text(body, codec)
    _check_binary(file, sample)
    separator = _detect_separator(sample)
    report.separator = separator
    if separator == "\t":
        report.file_format = "tsv"
    first_line_end = body.find(b"\n")
    first_line = body if first_line_end < 0 else body[:first_line_end]
    if first_line.count(separator.encode()) + 1 > MAX_COLUMNS:
        raise ReadError(
            f"La première ligne du fichier « {file.name} » compte plus de "
            f"{integer(MAX_COLUMNS)} colonnes (limite io.MAX_COLUMNS) : ce n'est pas un "
            "tableau lisible."
        )
    records, line_ends = _sample_records(sample, separator)
    found = _find_header(records)
    if found is None:
        raise ReadError(
            f"Le fichier « {file.name} » ne contient aucune valeur : seulement des "
            "séparateurs et des lignes vides."
        )
    start, _ = found
    report.header_row = line_ends[start - 1] + 1 if start else 1
    report.title_rows = [" ".join(v for v in r if v) for r in records[:start] if any(v for v in r)]
    header_start = _offset_after_lines(body, line_ends[start - 1]) if start else 0
    offset = _offset_after_lines(body, line_ends[start])
    header = _parse_header_line(body[header_start:offset], separator, codec) or records[start]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as helper:
        # numpy and pandas' tokenizer release the GIL: the formula test runs meanwhile
        # (on these bytes: re-decoding below keeps every ASCII byte where it is)
        may_hold_injection = helper.submit(_may_hold_injection, body, separator)
        try:
            frame = _parse_body(body, offset, separator, len(header), report, codec)
        except UnicodeDecodeError:
            if codec == "utf-8":
                body, report.encoding = _mixed_to_utf8(body, report)
            else:
                body, _ = _cp1252_to_utf8(body, report)
            frame = _parse_body(body, offset, separator, len(header), report, "utf-8")
        injection_possible = may_hold_injection.result()
    width = max(len(header), len(frame.columns))
    names, renamed = _header_names([header], width, lambda c: f"Colonne {c + 1}")
    report.renamed_columns.update(renamed)
    if len(frame.columns) < width:
        for c in range(len(frame.columns), width):
            frame[c] = pd.Series([None] * len(frame), dtype=str)
    frame.columns = names
    frame = _finish(frame, report)
    if injection_possible:
        report.injection_cells = _injection_counts(frame)
    return frame, report


_RAW_CP1252 = "cp1252 (raw)"  # content left in cp1252 for pandas to decode


def _is_blank(data, blanks: bytes) -> bool:
    """Whether ``data`` holds only ``blanks`` (without copying a large buffer)."""
    view = memoryview(data)
    step = 1 << 16
    for start in range(0, len(view), step):
        if bytes(view[start : start + step]).strip(blanks):
            return False
    return True


def _to_utf8(file: Path, data: bytes, report: LoadReport) -> tuple[bytes, str]:
    """Detect the encoding and return the content as UTF-8 bytes, without BOM or NUL."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        body = data.decode("utf-16", errors="replace").encode("utf-8")
    elif _looks_utf16(data[:SNIFF_BYTES]):
        encoding = _looks_utf16(data[:SNIFF_BYTES])
        body = data.decode(encoding, errors="replace").encode("utf-8")
    else:
        encoding, body = None, data
        _check_binary_bytes(file, data[:SNIFF_BYTES])
    if _is_blank(body, b" \t\r\n\x00"):
        raise ReadError(
            f"Le fichier « {file.name} » est vide : il ne contient aucun caractère à lire."
        )
    nul = body.count(b"\x00") if b"\x00" in body else 0
    if nul:
        if nul > max(16, len(body) // 100):
            raise ReadError(
                f"Le fichier « {file.name} » contient des données binaires ({integer(nul)} "
                "octets nuls), pas du texte : ce n'est pas un vrai CSV. Exportez de nouveau les "
                "données en CSV ou ouvrez le fichier avec le logiciel qui l'a produit."
            )
        lines = _line_numbers(body, b"\x00")
        body = body.replace(b"\x00", b"")
        report.problems.append(
            f"{plural(nul, 'octet nul (NUL) retiré', 'octets nuls (NUL) retirés')}, "
            f"{_lines_text(lines)}."
        )
    if encoding is not None:
        return body, encoding
    head = body[:SNIFF_BYTES]
    if _valid_utf8_prefix(head):
        # invalid bytes further down make pandas raise: _read_text then decodes line by line
        return body, "utf-8"
    # a single-byte encoding: cp1252 unless the text looks like an old DOS code page
    if b"\xc3" in body and not body.decode("utf-8", errors="ignore").isascii():
        valid_lines = _count_lines_valid_utf8_nonascii(body)
        if valid_lines:
            return _mixed_to_utf8(body, report)
    sample = head.decode("cp1252", errors="replace")
    if _DOS_MOJIBAKE.search(sample):
        guess = _charset_guess(head)
        if guess and guess not in ("cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15"):
            return body.decode(guess, errors="replace").encode("utf-8"), guess
    return body, _RAW_CP1252


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (0, 9, 10, 11, 12, 13, 26))


def _check_binary_bytes(file: Path, head: bytes) -> None:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, 0.02 * len(head)):
        raise ReadError(
            f"Le fichier « {file.name} » contient des données binaires, pas du texte : ce "
            "n'est pas un vrai CSV. Vérifiez que vous avez le bon fichier, ou exportez de "
            "nouveau les données en CSV."
        )


def _looks_utf16(head: bytes) -> str | None:
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _valid_utf8_prefix(head: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _count_lines_valid_utf8_nonascii(body: bytes) -> int:
    n = 0
    for line in body.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        n += 1
    return n


def _mixed_to_utf8(body: bytes, report: LoadReport) -> tuple[bytes, str]:
    """Decode line by line: UTF-8 where valid, else Windows-1252; report the lines."""
    out: list[bytes] = []
    other: list[int] = []
    utf8: list[int] = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        if line.isascii():
            out.append(line)
            continue
        try:
            line.decode("utf-8")
            out.append(line)
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
            out.append(line.decode("cp1252", errors="replace").encode("utf-8"))
    if not utf8:  # not mixed after all: a cp1252 file whose first part is ASCII
        return _cp1252_to_utf8(body, report)
    if len(other) <= len(utf8):
        detail = (
            f"{plural(len(other), 'ligne est', 'lignes sont')} en Windows-1252 "
            f"({_lines_text(other)}), les autres en UTF-8"
        )
    else:
        detail = (
            f"{plural(len(utf8), 'ligne est', 'lignes sont')} en UTF-8 "
            f"({_lines_text(utf8)}), les autres en Windows-1252"
        )
    report.problems.append(
        f"Encodages mélangés : {detail} ; chaque ligne a été décodée dans son encodage, "
        "vérifiez les accents de ces lignes."
    )
    return b"\n".join(out), "mixed"


def _cp1252_to_utf8(body: bytes, report: LoadReport) -> tuple[bytes, str]:
    # latin-1 decoding is a fast byte copy; the 27 characters where cp1252 differs from
    # latin-1 (0x80-0x9F: €, ’, œ, …) are then fixed on the few distinct bytes present.
    out = body.decode("latin-1").encode("utf-8")
    undefined = []
    while (match := _C1_UTF8.search(out)) is not None:
        seq = match.group(0)
        byte = seq[1]
        if byte in _CP1252_UNDEFINED:
            undefined.append(byte)
            out = out.replace(seq, "\ufffd".encode())
        else:
            out = out.replace(seq, bytes([byte]).decode("cp1252").encode("utf-8"))
    if undefined:
        report.problems.append(
            "Des octets sans caractère en Windows-1252 ("
            + ", ".join(f"0x{b:02X}" for b in sorted(undefined))
            + ") ont été remplacés par « \ufffd »."
        )
    return out, "cp1252"


def _charset_guess(head: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best is not None else None


def _line_numbers(body: bytes, needle: bytes, limit: int = 20) -> list[int]:
    numbers: list[int] = []
    pos = body.find(needle)
    while pos >= 0 and len(numbers) < limit:
        numbers.append(body.count(b"\n", 0, pos) + 1)
        pos = body.find(needle, body.find(b"\n", pos) + 1 if b"\n" in body[pos:] else len(body))
    return sorted(set(numbers))


def _lines_text(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = " …" if len(numbers) > limit else ""
    return f"{'ligne' if len(numbers) == 1 else 'lignes'} {shown}{more}"


def _sample_text(body: bytes, codec: str) -> str:
    head = body[:SNIFF_BYTES]
    if len(body) > SNIFF_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n") + 1]
    return head.decode(codec, errors="replace")


_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")  # below " ", except \t \n \v \f \r


def _check_binary(file: Path, sample: str) -> None:
    controls = len(_CONTROL_CHARS.findall(sample))
    replaced = sample.count("\ufffd")
    if sample and (controls + replaced) > max(8, 0.05 * len(sample)):
        raise ReadError(
            f"Le fichier « {file.name} » contient des données binaires, pas du texte : ce "
            "n'est pas un vrai CSV. Vérifiez que vous avez le bon fichier, ou exportez de "
            "nouveau les données en CSV."
        )


def _detect_separator(sample: str) -> str:
    lines = [line for line in _records_text(sample) if line.strip()][:60]
    if not lines:
        return ";"
    # judge on the lower lines, where the data is (title rows come first)
    tail = lines[len(lines) // 3 :] if len(lines) >= 6 else lines
    best, best_score = ";", (-1.0, 0, 0)
    for rank, sep in enumerate(SEPARATORS):
        counts = [_fields_in_line(line, sep) - 1 for line in tail]
        positive = [c for c in counts if c > 0]
        if not positive:
            continue
        mode = max(set(positive), key=positive.count)
        consistency = counts.count(mode) / len(counts)
        score = (round(consistency, 1), mode, -rank)
        if score > best_score:
            best, best_score = sep, score
    return best


def _records_text(sample: str) -> list[str]:
    """The sample's lines, those inside a quoted cell joined to their record.

    A text answer may hold a line break inside its quotes (KoboToolbox's CSV export quotes
    every cell): judged line by line, such a record would look like rows of other widths.
    A record is closed when its double quotes are balanced (or after 50 lines).
    """
    out: list[str] = []
    pending: str | None = None
    for line in sample.splitlines():
        pending = line if pending is None else f"{pending}\n{line}"
        if pending.count('"') % 2 == 0 or pending.count("\n") >= 50:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def _fields_in_line(line: str, sep: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=sep)))
    except (csv.Error, StopIteration):
        return line.count(sep) + 1


def _sample_records(sample: str, sep: str) -> tuple[list[list[str | None]], list[int]]:
    """Parse the first records of the sample; also the physical line where each ends."""
    records: list[list[str | None]] = []
    ends: list[int] = []
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
    try:
        for row in reader:
            records.append([v if v != "" else None for v in row])
            ends.append(reader.line_num)
            if len(records) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass
    if not records:
        records, ends = [[None]], [1]
    return records, ends


def _parse_header_line(line: bytes, sep: str, codec: str) -> list[str | None]:
    """Parse the header line in full (the sample may have cut a very long line)."""
    if len(line) < 100_000:  # the csv module refuses fields above 131 072 characters
        text = line.decode(codec, errors="replace")
        values = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])
        return [v if v != "" else None for v in values]
    head = pd.read_csv(
        io.BytesIO(line), **_csv_as_text(sep, codec), encoding_errors="replace", nrows=1
    )
    return [None if pd.isna(v) else v for v in head.iloc[0].tolist()] if len(head) else []


def _csv_as_text(sep: str, codec: str) -> dict[str, object]:
    """``pandas.read_csv`` options that keep every cell as the text of the file (only an
    empty cell is missing), with no header row."""
    return {
        "sep": sep,
        "header": None,
        "dtype": str,
        "keep_default_na": False,
        "na_values": [""],
        "encoding": codec,
    }


def _offset_after_lines(body: bytes, n_lines: int) -> int:
    pos = 0
    for _ in range(n_lines):
        nxt = body.find(b"\n", pos)
        if nxt < 0:
            return len(body)
        pos = nxt + 1
    return pos


def _parse_body(
    body: bytes, offset: int, sep: str, width: int, report: LoadReport, codec: str
) -> pd.DataFrame:
    if _is_blank(memoryview(body)[offset:], b" \t\r\n" + sep.encode()):
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in range(width)})
    try:
        source = io.BytesIO(body)  # shares the bytes (a slice would copy them)
        source.seek(offset)  # pandas reads from the current position
        frame = pd.read_csv(source, **_csv_as_text(sep, codec), skip_blank_lines=True, engine="c")
    except pd.errors.ParserError:
        frame = _parse_ragged(body[offset:].decode(codec, errors="replace"), sep, report)
    frame.columns = range(len(frame.columns))
    return frame


def _parse_ragged(text: str, sep: str, report: LoadReport) -> pd.DataFrame:
    """Slow path for rows of unequal length: pad every row to the widest one."""
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep) if r]
    widths = [len(r) for r in rows]
    usual = max(set(widths), key=widths.count)
    wide = max(widths)
    if wide > MAX_COLUMNS:
        raise ReadError(
            f"Une ligne du fichier « {report.file} » compte plus de {integer(MAX_COLUMNS)} "
            "colonnes (limite io.MAX_COLUMNS) : ce n'est pas un tableau lisible."
        )
    odd = [i + 1 for i, w in enumerate(widths) if w != usual]
    report.problems.append(
        f"{plural(len(odd), 'ligne de données n’a', 'lignes de données n’ont')} pas le même "
        f"nombre de champs que les autres ({integer(usual)}) : lignes de données "
        f"{', '.join(map(str, odd[:10]))}{' …' if len(odd) > 10 else ''} ; "
        "complétées par des cellules vides."
    )
    columns = list(zip(*(r + [""] * (wide - len(r)) for r in rows), strict=True))
    return pd.DataFrame(
        {
            i: pd.Series([v if v != "" else None for v in col], dtype=str)
            for i, col in enumerate(columns)
        }
    )


def _may_hold_injection(body: bytes, sep: str) -> bool:
    """Cheap test on the raw bytes: may a field start with =, +, -, @?

    Looks only at the bytes just before and after each of these characters (numpy), so a
    file with many negative numbers or e-mail addresses costs a few passes over its bytes,
    made :data:`_SCAN_CHUNK` bytes at a time (bounded memory).
    """
    import numpy as np

    present = [ch for ch in (b"=", b"+", b"@", b"-") if ch in body]
    if not present:
        return False
    if body.startswith(tuple(present)):
        return True
    starts = np.frombuffer(b'\n\r"' + sep.encode(), dtype=np.uint8)
    number_like = np.frombuffer(b'0123456789.,  \r\n"' + sep.encode(), dtype=np.uint8)
    view = memoryview(body)
    for low in range(0, len(body), _SCAN_CHUNK):
        # the chunk, with the byte before it (before a field) and the byte after it
        before = 1 if low else 0
        window = np.frombuffer(view[low - before : low + _SCAN_CHUNK + 1], dtype=np.uint8)
        stop = min(_SCAN_CHUNK, len(body) - low) + before
        for ch in present:
            where = np.flatnonzero(window[before:stop] == ch[0]) + before
            where = where[where > 0]
            after_start = np.isin(window[where - 1], starts)
            if ch != b"-":
                if after_start.any():
                    return True
                continue
            where = where[after_start & (where + 1 < len(window))]
            if len(where) and not np.isin(window[where + 1], number_like).all():
                return True
    return False


# --------------------------------------------------------------------------------------
# Workbooks (xlsx, xlsb, xls, ods) through python-calamine
# --------------------------------------------------------------------------------------
def _open_workbook(file: Path, kind: str):
    from python_calamine import CalamineWorkbook

    if kind in ("xlsx", "ods"):
        _check_archive(file)
    try:
        workbook = CalamineWorkbook.from_path(str(file))
        meta = workbook.sheets_metadata
    except Exception as exc:  # calamine raises its own classes, all unexpected here
        name = type(exc).__name__
        if "Password" in name:
            raise ReadError(
                f"Le classeur « {file.name} » est protégé par un mot de passe : il ne peut "
                "pas être lu. Retirez la protection dans le tableur et enregistrez une copie."
            ) from None
        raise ReadError(
            f"Le classeur « {file.name} » est abîmé ou illisible ({name} : {exc}). "
            "Réenregistrez-le depuis le tableur ou demandez une nouvelle copie."
        ) from None
    sheets = [
        (m.name, "Visible" in str(m.visible))
        for m in meta
        if "WorkSheet" in str(m.typ) or "Sheet" == str(m.typ).rsplit(".", 1)[-1]
    ] or [(m.name, True) for m in meta]
    return workbook, sheets


def _check_archive(file: Path) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ReadError(
            f"Le classeur « {file.name} » est abîmé ou tronqué ({exc}). Demandez une nouvelle "
            "copie du fichier ou réenregistrez-le depuis le tableur."
        ) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"Le classeur « {file.name} » se décompresse en {decimal(total / 2**30)} Go, "
            f"au-delà de la limite de {integer(MAX_UNCOMPRESSED_BYTES / 2**30)} Go "
            "(io.MAX_UNCOMPRESSED_BYTES) : il ne sera pas lu."
        )


def _choose_sheet(file: Path, sheets: list[tuple[str, bool]], sheet) -> str:
    names = [n for n, _ in sheets]
    listed = ", ".join(f"« {n} »" for n in names)
    if sheet is None:
        visible = [n for n, v in sheets if v] or names
        if not visible:
            raise ReadError(f"Le classeur « {file.name} » ne contient aucune feuille.")
        return visible[0]
    if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
        raise TypeError(
            f"`sheet` doit être un nom de feuille (str), un numéro (int) ou None, pas "
            f"{type(sheet).__name__}."
        )
    if isinstance(sheet, int):
        if -len(names) <= sheet < len(names):
            return names[sheet]
        raise ReadError(
            f"Le classeur « {file.name} » n'a que {plural(len(names), 'feuille', 'feuilles')} "
            f"({listed}) : la feuille numéro {sheet} n'existe pas (la première est 0)."
        )
    if sheet in names:
        return sheet
    loose = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    raise ReadError(
        f"Le classeur « {file.name} » n'a pas de feuille « {sheet} ». Feuilles disponibles : "
        f"{listed}."
    )


def _read_workbook(file: Path, kind: str, sheet) -> tuple[pd.DataFrame, LoadReport]:
    workbook, sheets = _open_workbook(file, kind)
    name = _choose_sheet(file, sheets, sheet)
    report = LoadReport(file=file.name, file_format=kind, sheet=name, sheets=[n for n, _ in sheets])
    if sheet is None and len(sheets) > 1:
        report.notes.append(
            "Seule la première feuille a été lue ; pour une autre, donnez son nom : "
            f'read_export(..., sheet="{sheets[1][0]}"), ou lisez-les toutes avec '
            "read_all_sheets(...)."
        )
    if kind == "xlsx":
        scan = _scan_xlsx_sheet(file, name)
        if scan is not None:
            rows_max, cols_max, formulas = scan
            if rows_max * cols_max > MAX_CELLS:
                raise ReadError(
                    f"La feuille « {name} » du classeur « {file.name} » s'étend sur "
                    f"{integer(rows_max)} lignes × {integer(cols_max)} colonnes, "
                    f"au-delà de la limite de {integer(MAX_CELLS)} cellules (io.MAX_CELLS) : "
                    "supprimez les cellules remplies loin du tableau, ou découpez le fichier."
                )
            report.formula_cells = formulas
    with _cyclic_gc_paused():
        return _sheet_to_frame(workbook, file, name, report)


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Pause Python's cycle collector while a sheet's cells become Python objects.

    Every 700 new lists or arrays start a collection that walks all young objects: about
    half the time calamine takes to hand over a large sheet's rows. Nothing made while
    reading forms a reference cycle; the previous state is restored on exit.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sheet_to_frame(workbook, file: Path, name: str, report: LoadReport):
    """Load sheet ``name`` with calamine and turn it into the text table (see
    :func:`_read_workbook`); fills ``report``."""
    try:
        calamine_sheet = workbook.get_sheet_by_name(name)
        rows = calamine_sheet.to_python(skip_empty_area=False)
        merged = calamine_sheet.merged_cell_ranges or []
    except Exception as exc:
        raise ReadError(
            f"La feuille « {name} » du classeur « {file.name} » est illisible "
            f"({type(exc).__name__} : {exc})."
        ) from None
    if len(rows) * (len(rows[0]) if rows else 0) > MAX_CELLS:
        raise ReadError(
            f"La feuille « {name} » du classeur « {file.name} » compte plus de "
            f"{integer(MAX_CELLS)} cellules (io.MAX_CELLS) : découpez le fichier."
        )
    merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged]
    first = next((i for i, r in enumerate(rows) if any(v != "" for v in r)), 0)
    head = [[_cell_text(v) for v in r] for r in rows[: first + HEADER_SCAN_ROWS]]
    found = _find_header(head, merges)
    if found is None:
        report.header_row = None
        report.problems.append("La feuille est vide : aucune valeur.")
        frame = pd.DataFrame()
        return _finish(frame, report), report
    start, n_header = found
    report.header_row, report.header_rows = start + 1, n_header
    report.title_rows = [" ".join(dict.fromkeys(v for v in r if v)) for r in head[:start] if any(r)]
    block = _fill_merges(
        [list(r) for r in head[start : start + n_header]],
        [m for m in merges if m[0] >= start],
        start,
    )
    data_rows = rows[start + n_header :]
    width = max(len(rows[0]) if rows else 0, max((len(r) for r in block), default=0))
    names, renamed = _header_names(block, width, lambda c: f"Colonne {_excel_column(c)}")
    report.renamed_columns.update(renamed)
    columns, date_columns, suspects = _columns_as_text(data_rows, width)
    data_merges = [m for m in merges if m[0] >= start + n_header]
    if data_merges:
        _fill_column_merges(columns, data_merges, start + n_header)
        report.notes.append(
            plural(
                len(data_merges), "plage de cellules fusionnées", "plages de cellules fusionnées"
            )
            + " dans les données : sa valeur est recopiée dans chaque cellule."
        )
    frame = pd.DataFrame(
        {i: pd.Series(col, dtype=str, copy=False) for i, col in enumerate(columns)}, copy=False
    )
    if not columns:
        frame = pd.DataFrame({i: pd.Series([], dtype=str) for i in range(width)})
    frame.columns = names
    report.date_columns = [names[i] for i in date_columns]
    frame = _finish(frame, report)
    report.date_columns = [c for c in report.date_columns if c in frame.columns]
    if data_merges:  # merged cells copied values: count on the table itself
        candidates = [names[i] for i in suspects if names[i] in frame.columns]
        report.injection_cells = _injection_counts(frame, candidates) if candidates else {}
    else:
        report.injection_cells = {
            names[i]: count for i, count in suspects.items() if count and names[i] in frame.columns
        }
    return frame, report


_FLOAT_TEXT = "%.15g".__mod__


def _cell_text(value) -> str | None:
    kind = type(value)
    if kind is str:
        return value if value != "" else None
    if kind is float:
        return _FLOAT_TEXT(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return _BOOL_TEXT[value]
    if kind is dt.date:
        return value.isoformat()
    if kind is dt.datetime:
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if kind is dt.time:
        return value.isoformat()
    if kind is dt.timedelta:
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if value is None:
        return None
    return str(value)


_DATE_TYPES = {dt.date, dt.datetime}
# a text cell starting with a formula character, in text cells joined by "\x1f"
_FLAGGED_IN_BLOB = re.compile("\x1f([=+\\-@][^\x1f]*)")


def _columns_as_text(rows: list[list], width: int) -> tuple[list, list[int], dict[int, int]]:
    """Turn calamine's rows into text columns: object arrays, ``None`` for an empty cell.

    Also returns which columns held dates, and ``{column index: count}`` for the columns
    holding a text cell that starts with a formula character (=, +, -, @): the count is
    that of :func:`_injection_counts` on the column returned (0 when every such cell is a
    plain number such as ``"-3"``).

    Whole columns are converted at once where they can be: a column of text is kept as it
    is (only its empty cells become ``None``), a column of numbers is formatted once per
    distinct value (whole numbers through numpy), a column of dates once per distinct
    date; other columns go cell by cell with :func:`_cell_text`.
    """
    if not rows:
        return [], [], {}
    import numpy as np
    from pandas.api.types import infer_dtype

    if len(set(map(len, rows))) > 1:  # rows of unequal length (calamine never gives them)
        longest = max(map(len, rows))
        rows = [r + [""] * (longest - len(r)) for r in rows]
    grid = _object_columns(rows)
    n = len(rows)
    out: list = []
    dates: list[int] = []
    suspects: dict[int, int] = {}
    for i, col in enumerate(grid):
        text = _text_column(col)
        if text is not None:
            out.append(text[0])
            if text[1] is not None:
                suspects[i] = text[1]
            continue
        kind = infer_dtype(col, skipna=False)
        if kind == "floating":
            out.append(_float_texts(col.astype(float)))
            continue
        # other columns (dates, text and dates, …): each distinct value converted once,
        # unless a missing value or a True that equals 1 (and would share its text) is there
        codes, distinct = pd.factorize(col)
        kinds = set(map(type, distinct))
        if (
            len(codes)
            and codes.min() >= 0
            and bool not in kinds
            and not any(type(v) in (int, float) and v in (0, 1) for v in distinct)
        ):
            texts = np.array(list(map(_cell_text, distinct)), dtype=object)
            out.append(texts[codes])
            if kinds & _DATE_TYPES:
                dates.append(i)
            if str in kinds and any(
                type(v) is str and v.startswith(_INJECTION_CHARS) for v in distinct
            ):
                suspects[i] = _formula_like_count(texts[codes].tolist())
            continue
        values = col.tolist()
        kinds = set(map(type, values))
        distinct = values
        if kinds <= {float}:
            converted = list(map(_FLOAT_TEXT, values))
        elif bool not in kinds:
            # values repeat (dates, amounts): convert each distinct value once
            memo = {v: _cell_text(v) for v in set(values)}
            converted = list(map(memo.__getitem__, values))
            distinct = list(memo)
        else:  # True == 1.0 for a dict: no memo
            converted = list(map(_cell_text, values))
        out.append(np.array(converted, dtype=object))
        if kinds & _DATE_TYPES:
            dates.append(i)
        if str in kinds and any(
            type(v) is str and v.startswith(_INJECTION_CHARS) for v in distinct
        ):
            suspects[i] = _formula_like_count(converted)
    del grid
    while len(out) < width:
        out.append(np.full(n, None, dtype=object))
    return out, dates, suspects


def _text_column(col) -> tuple | None:
    """A column whose cells are all text: ``(cells, count)``, the empty cells made ``None``,
    ``count`` the formula-like cells (see :func:`_columns_as_text`) or ``None`` when no cell
    starts with =, +, -, @. ``None`` when some cell is not text."""
    if type(col[0]) is not str:
        return None
    values = col.tolist()
    try:
        blob = "\x1f" + "\x1f".join(values)  # succeeds only when every cell is text
    except TypeError:
        return None
    text = col.copy()
    if "\x1f\x1f" in blob or blob.endswith("\x1f"):  # some cell is empty
        text[text == ""] = None
    if not _FLAGGED_IN_BLOB.search(blob):
        return text, None
    if blob.count("\x1f") == len(values):  # no cell holds the joining character
        flagged = _FLAGGED_IN_BLOB.findall(blob)
    else:
        flagged = [v for v in values if v.startswith(_INJECTION_CHARS)]
    return text, _formula_like_count(flagged)


def _object_columns(rows: list[list]):
    """Rows of equal length as a 2-D numpy object array of their columns (a transposed
    view: one row per column), built by pandas' C routine when present (three times
    faster than ``numpy.array``)."""
    import numpy as np

    try:  # an internal of pandas: any change to it falls back on numpy, same result
        from pandas._libs.lib import to_object_array

        grid = to_object_array(rows)
    except (ImportError, TypeError, ValueError):  # pragma: no cover
        grid = np.array(rows, dtype=object)
    return grid.T


def _float_texts(values):
    """``"%.15g"`` text of each float of a numpy array (Excel's "Standard" display).

    Each distinct value is formatted once; whole numbers below 10^15 as integers (the same
    digits). Minus zero keeps its sign (``"-0"``).
    """
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    whole = (distinct == np.trunc(distinct)) & (np.abs(distinct) < 1e15)
    texts = np.empty(len(distinct), dtype=object)
    texts[whole] = np.array(list(map(str, distinct[whole].astype(np.int64).tolist())), dtype=object)
    texts[~whole] = np.array(list(map(_FLOAT_TEXT, distinct[~whole].tolist())), dtype=object)
    out = texts[codes]
    negative_zero = (values == 0) & np.signbit(values)
    if negative_zero.any():  # factorize takes -0.0 for 0.0
        out[negative_zero] = "-0"
    return out


def _formula_like_count(values: Iterable[str | None]) -> int:
    """How many of ``values`` a spreadsheet would run as a formula, as
    :func:`_injection_counts` counts them: texts starting with =, +, -, @ except plain
    numbers (``"-3"``) and lone signs; each distinct text is examined once."""
    from collections import Counter

    return sum(
        times
        for v, times in Counter(values).items()
        if v is not None
        and v.startswith(_INJECTION_CHARS)
        and not _PLAIN_NUMBER.match(v)
        and len(v.strip()) > 1
    )


def _fill_column_merges(columns: list[list], merges, row_offset: int) -> None:
    n = len(columns[0]) if columns else 0
    for r0, c0, r1, c1 in merges:
        a0 = r0 - row_offset
        if a0 < 0 or a0 >= n or c0 >= len(columns):
            continue
        anchor = columns[c0][a0]
        if anchor is None:
            continue
        for c in range(c0, min(c1, len(columns) - 1) + 1):
            col = columns[c]
            for r in range(a0, min(r1 - row_offset, n - 1) + 1):
                col[r] = anchor


# ---- xlsx pre-scan -------------------------------------------------------------------
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_SCAN_CHUNK = 1 << 22


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    rel_id = None
    for match in _SHEET_TAG.finditer(workbook):
        attrs = dict(_ATTR.findall(match.group(1)))
        if _xml_unescape(attrs.get(b"name", b"").decode("utf-8", "replace")) == name:
            rel_id = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
            break
    if rel_id is None:
        return None
    for match in _REL_TAG.finditer(rels):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get(b"Id") == rel_id:
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return target
    return None


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _scan_xlsx_sheet(file: Path, name: str) -> tuple[int, int, int] | None:
    """Stream a sheet's XML once: (last row holding a value, widest column, formulas).

    This bounds the area calamine will allocate (it builds a dense grid from the first to
    the last cell holding a value) before loading the sheet, at the cost of one
    decompression of the sheet's XML; empty formatted cells do not count.
    """
    with zipfile.ZipFile(file) as archive:
        part = _sheet_part(archive, name)
        if part is None or part not in archive.namelist():
            return None
        max_row, max_col, formulas = 0, 0, 0
        tail = b""
        prefix = None
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_SCAN_CHUNK)
                if not chunk:
                    break
                buf = tail + chunk
                cut = buf.rfind(b">") + 1
                buf, tail = buf[:cut], buf[cut:]
                if prefix is None:
                    found = re.search(rb"<(\w+:)?sheetData\b", buf)
                    if found is None:
                        tail = buf[-256:] + tail
                        continue
                    prefix = found.group(1) or b""
                    cell_ref = re.compile(b"<" + prefix + rb'c r="([A-Z]{2,3})\d')
                    cell_at = b"<" + prefix + b'c r="'
                    formula = re.compile(b"<" + prefix + rb"f[ >]")  # <f> or <f t="shared"…>
                    value_end, inline_end = b"</" + prefix + b"v>", b"</" + prefix + b"is>"
                formulas += len(formula.findall(buf))
                letters = set(cell_ref.findall(buf))
                if letters:
                    max_col = max(max_col, max(_column_index(x) for x in letters) + 1)
                last_value = buf.rfind(value_end)
                last_value = max(last_value, buf.rfind(inline_end, max(last_value, 0)))
                if last_value >= 0:
                    at = buf.rfind(cell_at, 0, last_value)
                    if at >= 0:
                        ref = re.match(
                            rb"[A-Z]+(\d+)", buf[at + len(cell_at) : at + len(cell_at) + 12]
                        )
                        if ref:
                            max_row = max(max_row, int(ref.group(1)))
    if max_col == 0:
        max_col = 26
    return max_row, max_col, formulas

"""Answers exported by Google Forms, LimeSurvey and Framaforms, read into tidy tables (step 07).

Associations collect questionnaires with other tools than KoboToolbox. Each writes its
answers in its own way; this module recognises each export by its headers
(:func:`~sizeup_helpers.survey_exports.platform_of`) and reads it into the shape of
:mod:`~sizeup_helpers.form_answers`: one row per response, one column per question with a
clean snake_case name (the original header kept as its label, :attr:`SurveyToolReport.labels`),
numbers and dates typed, timestamps parsed in the form's locale, a multiple-answer question
kept as one column of choice names separated by spaces **and** one 0/1 column per choice
(``<question>/<choice>``), a grid question as one column per row, and a French load report
naming the tool.

What each tool writes (read in the tools' own code and documentation):

- **Google Forms** (« Télécharger les réponses (.csv) » of the responses tab, or the linked
  Google Sheets sheet; support.google.com/docs/answer/139706 « Afficher les réponses à un
  formulaire »): comma-separated UTF-8 without BOM, values quoted when they hold a comma,
  a quote or a line break. One column per question headed by the **question's text**; the
  first column is the submission time, « Horodateur » in a French form, « Timestamp » in
  an English one, written in the form's locale (``07/12/2026 15:09:27`` day first in
  French, ``12/7/2026 15:09:27`` month first in American English); « Adresse e-mail » /
  « Email Address » when the form collects e-mails; a checkbox question's answers in one
  cell joined by « , » (comma and space); a grid question as one column per row headed
  ``Question [Ligne]``; two questions with the same text give two columns with the same
  header.
- **LimeSurvey** (« Exporter les réponses », manual.limesurvey.org « Export responses »;
  code read: ``application/helpers/admin/export/Writer.php`` and ``CsvWriter.php`` of
  github.com/LimeSurvey/LimeSurvey): a UTF-8 BOM, every value between double quotes,
  ``\\r\\n`` line ends and a last empty line; the separator is chosen in the export dialog
  (comma by default, semicolon in older versions). Headings are, at the user's choice, the
  **question codes** (``Q01``; a sub-question ``Q01[SQ001]``; the « other » field
  ``Q01[other]``), the **full question text** (``Question [Sous-question]``), an
  abbreviated text or ``code. text``. System columns first: ``id``, ``submitdate``,
  ``lastpage``, ``startlanguage``, ``seed``, ``startdate``, ``datestamp`` (ISO
  ``2026-12-07 15:09:27``), ``ipaddr``, ``refurl`` (or their translated text). Answers are
  codes (« short ») or texts (« long »); a multiple-choice question is one column per
  sub-question holding ``Y`` or nothing (``Oui`` / ``Yes`` in long form, ``1`` and ``2``
  when « convert Y/N » is ticked); an array question is one column per row.
- **Framaforms** (Drupal 7 Webform module, github.com/drupalprojects/webform:
  ``includes/webform.report.inc`` ``webform_results_download_headers`` and
  ``components/select.inc`` ``_webform_csv_headers_select`` / ``_webform_csv_data_select``;
  ``includes/exporters/webform_exporter_delimited.inc``): **three header rows** — the
  form's title, then « Submission Details » with the name of each multiple-choice question
  above its first option, then the submission information (``Serial``, ``SID``,
  ``Time`` or ``Submitted Time`` / ``Completed Time`` / ``Modified Time``, ``Draft``,
  ``IP Address``, ``UID``, ``Username``) and the questions' labels (or keys); every value
  between double quotes, ``\\n`` line ends, comma, semicolon or tab separated (a tab file
  in UTF-16 LE with its BOM); times in the site's short format ``07/12/2026 - 15:09``;
  a multiple-choice question as one column per option holding ``X`` or nothing
  (« separate », the default) or one column of keys joined by ``,`` (« compact »).

Values that do not parse (« douze » in a column of numbers) become missing and are
counted per column, their rows named, **never shown**: an answer may be personal. The
platform's device and account columns (IP address, user name) are kept and named in the
report; step 05 pseudonymises them (:mod:`~sizeup_helpers.survey_exports`), and an
e-mail address column is a direct identifier it removes or pseudonymises.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import QuestionnaireError
from .french import agree, fold_key, plural, quoted, quoted_list
from .reading import LinesReport
from .survey_exports import (
    FRAMAFORMS,
    GOOGLE_FORMS,
    LIMESURVEY,
    ROW_KEY,
    TIMESTAMP,
    platform_of,
    system_columns,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FLAGS_KEY",
    "REPORT_KEY",
    "TOOLS",
    "SurveyToolReport",
    "flag_columns",
    "read_survey_answers",
    "survey_tool_report",
    "tidy_answers",
    "tool_of",
    "type_survey_answers",
]

#: The tools read here (KoboToolbox exports are read by :mod:`~sizeup_helpers.form_answers`).
TOOLS = (GOOGLE_FORMS, LIMESURVEY, FRAMAFORMS)
#: Key of the :class:`SurveyToolReport` in ``DataFrame.attrs``.
REPORT_KEY = "sizeup_survey_tool_report"

_MAX_CHOICES = 40
_YES = {"y", "yes", "oui", "1", "x", "vrai", "true"}
_NO = {"n", "no", "non", "0", "2", "faux", "false"}
_LIME_CODE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\[([^\[\]]+)\]$")
_CODE_HEADING = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\[[^\[\]]+\])?$")
_TEXT_SUB = re.compile(r"^(.*\S)\s*\[([^\[\]]+)\]$")
_OTHER_SUBS = {"other", "comment", "autre"}
_DATE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(?:-\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$")
_WHERE_SHOWN = 5  # rows named in a message, then « … »


def tool_of(columns: Any) -> str | None:
    """The tool (Google Forms, LimeSurvey, Framaforms) whose export ``columns`` are.

    ``None`` for any other table, a KoboToolbox export included.

    >>> tool_of(["Horodateur", "Votre âge", "Vos ateliers"])
    'Google Forms'
    >>> tool_of(["id", "submitdate", "lastpage", "Q01"])
    'LimeSurvey'
    >>> tool_of(["nom", "age"]) is None
    True
    """
    platform = platform_of([str(c) for c in columns])
    return platform if platform in TOOLS else None


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------
@dataclass
class SurveyToolReport(LinesReport):
    """What was read from one export of Google Forms, LimeSurvey or Framaforms.

    Attributes
    ----------
    tool : str
        ``"Google Forms"``, ``"LimeSurvey"`` or ``"Framaforms"``.
    file : str
        The file (or sheet) read.
    rows : int
        Responses (rows).
    labels : dict
        ``{column: original header}`` of every column of the typed table.
    questions : list
        The questions' columns (a multiple-answer question once, a grid row each).
    multiple : dict
        ``{question column: [choice names]}`` of the multiple-answer questions.
    grids : dict
        ``{question text: [columns]}`` of the grid (array) questions.
    system : list
        The platform's columns (submission number, time, IP address…).
    unknown : list
        Columns kept as text that are not the tool's (a column added by hand).
    duplicates : dict
        ``{header: [column numbers]}`` of headers written more than once.
    unparsed : dict
        ``{column: [file rows]}`` of values that did not parse (left missing).
    unknown_values : dict
        ``{column: [file rows]}`` of values outside what the column allows (a
        multiple-choice box holding something else than « Y » or nothing), left missing.
    identifiers : list
        Columns of the respondents' e-mail addresses (a direct identifier, not a question).
    dayfirst : bool or None
        How the timestamps were read: day first (French locale), month first, or
        ``None`` when there were none to read.
    notes : list
        Other French sentences (the reader's notes).
    """

    tool: str = ""
    file: str = ""
    rows: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    multiple: dict[str, list[str]] = field(default_factory=dict)
    grids: dict[str, list[str]] = field(default_factory=dict)
    system: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    unparsed: dict[str, list[int]] = field(default_factory=dict)
    unknown_values: dict[str, list[int]] = field(default_factory=dict)
    dayfirst: bool | None = None
    identifiers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as French sentences and bullet points."""
        n_q = len(self.questions)
        head = (
            f"Export {self.tool}"
            + (f" {quoted(self.file)}" if self.file else "")
            + f" : {plural(self.rows, 'réponse', 'réponses')}, "
            f"{plural(n_q, 'question', 'questions')}"
        )
        extra = []
        if self.multiple:
            n = len(self.multiple)
            extra.append(f"{plural(n, 'à choix multiples', 'à choix multiples')}")
        if self.grids:
            n = len(self.grids)
            extra.append(f"{plural(n, 'grille', 'grilles')}")
        if extra:
            head += f" (dont {' et '.join(extra)})"
        if self.system:
            head += f", {plural(len(self.system), 'colonne', 'colonnes')} de la plateforme"
        out = [head + "."]
        if self.dayfirst is not None:
            how = "jour/mois/année" if self.dayfirst else "mois/jour/année"
            out.append(f"- Horodatages lus au format {how}, l'heure telle que l'outil l'a écrite.")
        if self.identifiers:
            n = len(self.identifiers)
            out.append(
                f"- {agree(n, 'Adresse', 'Adresses')} e-mail des répondants "
                f"({quoted_list(self.identifiers)}) : un identifiant direct, pas une question ; "
                "l'étape 05 la retire ou la pseudonymise, ne la montrez pas."
            )
        for column, choices in self.multiple.items():
            out.append(
                f"- {quoted(self.labels.get(column, column))} : choix multiples, gardés dans "
                f"{quoted(column)} (noms des choix séparés par des espaces) et en "
                f"{plural(len(choices), 'colonne', 'colonnes')} 0/1 ({column}/…)."
            )
        for text, columns in self.grids.items():
            out.append(
                f"- {quoted(text)} : grille, une colonne par ligne "
                f"({plural(len(columns), 'colonne', 'colonnes')})."
            )
        for header, positions in self.duplicates.items():
            where = join_numbers(positions)
            out.append(
                f"- Le même intitulé {quoted(header)} est écrit en tête de "
                f"{plural(len(positions), 'colonne', 'colonnes')} ({where}) : deux questions "
                "du formulaire portent le même texte ; chacune est gardée sous son propre nom."
            )
        if self.unknown:
            n = len(self.unknown)
            out.append(
                f"- {agree(n, 'Colonne inconnue', 'Colonnes inconnues')} de {self.tool}, "
                f"{agree(n, 'gardée', 'gardées')} en texte : {quoted_list(self.unknown)}."
            )
        for column, rows in self.unparsed.items():
            n = len(rows)
            out.append(
                f"- {quoted(column)} : {plural(n, 'valeur illisible', 'valeurs illisibles')} "
                f"({agree(n, 'ligne', 'lignes')} {join_numbers(rows)} du fichier), "
                f"{agree(n, 'laissée vide', 'laissées vides')} (valeurs non montrées)."
            )
        for column, rows in self.unknown_values.items():
            n = len(rows)
            out.append(
                f"- {quoted(column)} : {plural(n, 'valeur inattendue', 'valeurs inattendues')} "
                f"pour une case à cocher ({agree(n, 'ligne', 'lignes')} {join_numbers(rows)} "
                f"du fichier), {agree(n, 'laissée vide', 'laissées vides')} (valeurs non "
                "montrées)."
            )
        out.extend(f"- {note}" for note in self.notes)
        if len(out) == 1:
            out.append("- Rien à signaler : chaque colonne a été lue.")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per column of the typed table: its header in the export and its origin."""
        import pandas as pd

        flags = {f"{q}/{c}": q for q, cs in self.multiple.items() for c in cs}
        rows = []
        for column, header in self.labels.items():
            if column in self.system:
                origin = "plateforme"
            elif column in self.unknown:
                origin = "inconnue"
            elif column in self.multiple:
                origin = "choix multiples"
            elif column in flags:
                origin = "case d'un choix multiple (0 ou 1)"
            else:
                origin = "question"
            rows.append(
                {
                    "colonne": column,
                    "en-tête de l'export": header,
                    "origine": origin,
                    "valeurs illisibles": len(self.unparsed.get(column, [])),
                }
            )
        return pd.DataFrame(
            rows, columns=["colonne", "en-tête de l'export", "origine", "valeurs illisibles"]
        )


def join_numbers(numbers: list[int]) -> str:
    """``[3, 5, 9]`` → « 3, 5 et 9 »; more than five: the first five and « … »."""
    shown = [str(n) for n in numbers[:_WHERE_SHOWN]]
    if len(numbers) > _WHERE_SHOWN:
        return ", ".join(shown) + "…"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " et " + shown[-1]


def survey_tool_report(frame: pd.DataFrame) -> SurveyToolReport:
    """The :class:`SurveyToolReport` of a frame returned by :func:`type_survey_answers`."""
    report = getattr(frame, "attrs", {}).get(REPORT_KEY)
    if not isinstance(report, SurveyToolReport):
        raise QuestionnaireError(
            "Ce tableau n'a pas de rapport de lecture : il n'a pas été lu par "
            "read_survey_answers, ou une opération (concat, merge…) a perdu ses attributs."
        )
    return report


# --------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------
def _filled(values: Any) -> list[tuple[int, str]]:
    """``(position, stripped text)`` of the non-empty values."""
    out = []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            continue
        text = str(v).strip()
        if text:
            out.append((i, text))
    return out


def _dayfirst(texts: list[str], default: bool) -> bool:
    """Day first unless a month-first value proves otherwise (or the other way round)."""
    firsts, seconds = [], []
    for t in texts:
        m = _DATE.match(t)
        if m:
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    if any(n > 12 for n in firsts):
        return True
    if any(n > 12 for n in seconds):
        return False
    return default


def _iso(text: str, dayfirst: bool) -> str | None:
    """A date or timestamp as ISO text (``2026-12-07 15:09:27``), ``None`` if unreadable."""
    import datetime as dt

    m = _ISO.match(text)
    if m:
        y, mo, d, hh, mi, ss = m.groups()
    else:
        m = _DATE.match(text)
        if not m:
            return None
        a, b, y, hh, mi, ss = m.groups()
        d, mo = (a, b) if dayfirst else (b, a)
    try:
        stamp = dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if hh is None:
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%d %H:%M:%S")


def _number(text: str) -> float | None:
    if not _NUMBER.match(text):
        return None
    return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def _choice_name(label: str, taken: set[str]) -> str:
    base = fold_key(label, sep="_") or "choix"
    name, k = base, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def _split_joined(values: list[str], sep: str) -> list[list[str]] | None:
    """The choices of each value of a multiple-answer column, or ``None`` if it is not one.

    A value is split at ``sep``; two pieces that always come together, one after the other
    (« Oui, tout à fait »), are one choice. The column is a multiple-answer one when a
    value then holds two choices or more, the choices are few (at most 40) and most
    recur (three quarters of the pieces are choices seen twice or more).
    """
    if not values or not any(sep in v for v in values):
        return None
    lists = [[p.strip() for p in v.split(sep) if p.strip()] for v in values]
    while True:
        count = Counter(p for parts in lists for p in parts)
        pairs = Counter((ps[i], ps[i + 1]) for ps in lists for i in range(len(ps) - 1))
        merge = next(
            ((a, b) for (a, b), n in pairs.items() if count[a] == n == count[b] and a != b),
            None,
        )
        if merge is None:
            break
        a, b = merge
        joined = f"{a}{sep}{b}"
        new = []
        for ps in lists:
            out, i = [], 0
            while i < len(ps):
                if i + 1 < len(ps) and ps[i] == a and ps[i + 1] == b:
                    out.append(joined)
                    i += 2
                else:
                    out.append(ps[i])
                    i += 1
            new.append(out)
        lists = new
    count = Counter(p for parts in lists for p in parts)
    if not any(len(ps) >= 2 for ps in lists) or len(count) > _MAX_CHOICES:
        return None
    pieces = sum(count.values())
    if sum(n for n in count.values() if n >= 2) < 0.75 * pieces:
        return None
    return lists


# --------------------------------------------------------------------------------------
# From the export as read to a tidy table of text
# --------------------------------------------------------------------------------------
@dataclass
class _Column:
    header: str  # the column's header in the tidy text table (the label)
    values: list[Any]
    role: str = "question"  # question, system, joined, flag, other, unknown
    question: str | None = None  # for a flag: the joined column's header
    choice: str | None = None  # for a flag: the choice's name


def _file_rows(frame: Any) -> int:
    """The file row of the frame's first data row (1-based), from io's load report."""
    report = getattr(frame, "attrs", {}).get("sizeup_report")
    header_row = getattr(report, "header_row", None)
    if header_row is None:
        return 2
    return int(header_row) + int(getattr(report, "header_rows", 1) or 1)


def _group_row(path: Path | None, frame: Any) -> list[str] | None:
    """Framaforms' second header row (the multiple-choice questions' names), from the file."""
    report = getattr(frame, "attrs", {}).get("sizeup_report")
    header_row = getattr(report, "header_row", None)
    if path is None or report is None or not header_row or header_row < 2:
        return None
    above = header_row - 2  # 0-based row just above the header
    try:
        if report.file_format in ("csv", "tsv") and report.encoding and report.separator:
            import csv
            import io

            codec = "utf-8-sig" if report.encoding in ("utf-8", "mixed") else report.encoding
            with open(path, encoding=codec, errors="replace", newline="") as handle:
                text = handle.read(1_000_000)
            rows = list(csv.reader(io.StringIO(text), delimiter=report.separator))
            row = rows[above] if above < len(rows) else None
        else:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book[report.sheet] if report.sheet else book.worksheets[0]
                found = list(
                    sheet.iter_rows(min_row=above + 1, max_row=above + 1, values_only=True)
                )
            finally:
                book.close()
            row = [("" if v is None else str(v)) for v in found[0]] if found else None
    except (OSError, ValueError, KeyError, ImportError):
        return None
    if row is None:
        return None
    width = len(frame.columns)
    return [str(v or "").strip() for v in (list(row) + [""] * width)[:width]]


def tidy_answers(
    frame: pd.DataFrame,
    *,
    tool: str | None = None,
    path: str | Path | None = None,
    strict: bool = False,
) -> tuple[pd.DataFrame, SurveyToolReport]:
    """An export of answers as a tidy table **of text**, for step 05 to clean and type.

    Same shape as :func:`type_survey_answers` but values stay text and the headers stay
    the export's own (the question's text, which step 05 turns into a snake_case name and
    keeps as the column's origin in the data dictionary): a multiple-answer question's
    column holds the chosen choices' names separated by spaces, followed by one column
    ``Question [Choix]`` of ``0`` / ``1`` per choice; timestamps are ISO text, except a
    French Google Forms « Horodateur » (day first), kept as written.

    Parameters
    ----------
    frame : pandas.DataFrame
        The export as read by :func:`~sizeup_helpers.io.read_export` (text).
    tool : str, optional
        The tool, when known; otherwise recognised from the headers (:func:`tool_of`).
    path : str or Path, optional
        The file, to read Framaforms' row of question names above the header.
    strict : bool
        Raise on a malformed LimeSurvey code instead of keeping the column as text.

    Returns
    -------
    (pandas.DataFrame, SurveyToolReport)

    Raises
    ------
    QuestionnaireError
        When the table is not an export of a tool (``tool`` given and not recognised).
    """
    import pandas as pd

    name = Path(path).name if path is not None else ""
    found = tool_of(frame.columns)
    if tool is None:
        tool = found
    if tool not in TOOLS:
        raise QuestionnaireError(
            f"Le tableau{' ' + quoted(name) if name else ''} n'est pas un export de "
            f"{quoted_list(TOOLS)} : ses en-têtes ne portent pas les colonnes de ces outils "
            "(Horodateur ; id, submitdate, lastpage ; Serial, SID…)."
        )
    if found != tool:
        raise QuestionnaireError(
            f"Le tableau{' ' + quoted(name) if name else ''} n'est pas un export {tool} : "
            + (
                f"ses en-têtes sont ceux d'un export {found}."
                if found
                else "ses en-têtes ne portent pas les colonnes de cet outil."
            )
        )
    report = SurveyToolReport(tool=tool, file=name, rows=len(frame))
    first_row = _file_rows(frame)
    system = system_columns(frame.columns)
    load = getattr(frame, "attrs", {}).get("sizeup_report")
    for new, why in (getattr(load, "renamed_columns", None) or {}).items():
        m = re.match(r"doublon de « (.*) »$", why)
        if m:
            headers = [str(c) for c in frame.columns]
            positions = [i + 1 for i, h in enumerate(headers) if h == m.group(1) or h == new]
            report.duplicates.setdefault(m.group(1), [])
            for p in positions:
                if p not in report.duplicates[m.group(1)]:
                    report.duplicates[m.group(1)].append(p)
    headers = [str(c) for c in frame.columns]
    repeated = [h for h, n in Counter(headers).items() if n > 1]
    for h in repeated:
        report.duplicates[h] = [i + 1 for i, x in enumerate(headers) if x == h]
    columns = [
        _Column(
            header,
            frame.iloc[:, i].tolist(),
            "system" if frame.columns[i] in system else "question",
        )
        for i, header in enumerate(_unique(headers))
    ]
    # timestamps of the platform, in the form's locale
    kinds = [system[c].kind if c in system else None for c in frame.columns]
    stamps = [c for c, kind in zip(columns, kinds, strict=True) if kind == TIMESTAMP]
    if stamps:
        texts = [t for c in stamps for _, t in _filled(c.values)]
        default = not (tool == GOOGLE_FORMS and fold_key(stamps[0].header) == "timestamp")
        dayfirst = _dayfirst(texts, default)
        if any(_DATE.match(t) for t in texts):  # said only when the order mattered
            report.dayfirst = dayfirst
        keep = tool == GOOGLE_FORMS and dayfirst
        for c in stamps:
            bad = []
            new = []
            for i, v in enumerate(c.values):
                text = None if v is None or (isinstance(v, float) and v != v) else str(v).strip()
                if not text:
                    new.append(None)
                    continue
                iso = _iso(text, dayfirst)
                if iso is None:
                    bad.append(first_row + i)
                # a French Google Forms time stays as written: step 05 reads it day first
                new.append(text if keep and iso is not None else iso)
            c.values = new
            if bad:
                report.unparsed[c.header] = bad
    if path is not None and tool in (LIMESURVEY, FRAMAFORMS) and _cut_short(Path(path)):
        report.notes.append(
            f"Le fichier ne se termine pas par une fin de ligne, comme {tool} les écrit : il "
            "semble tronqué (téléchargement interrompu ?) ; la dernière réponse (ligne "
            f"{first_row + len(frame) - 1} du fichier) est peut-être incomplète, "
            "téléchargez à nouveau l'export."
        )
    if tool == LIMESURVEY:
        columns = _limesurvey(columns, report, first_row, strict=strict, name=name)
    elif tool == FRAMAFORMS:
        groups = _group_row(Path(path), frame) if path is not None else None
        columns = _framaforms(columns, groups, report, first_row)
    columns = _joined_answers(columns, ", " if tool != FRAMAFORMS else ",", report)
    if tool == GOOGLE_FORMS:
        _google_grids(columns, report)
    out = pd.DataFrame(
        {c.header: pd.Series(c.values, index=frame.index, dtype=object) for c in columns}
    )
    out = out.where(out.notna(), None).astype(object)
    out.attrs[_TEXT_KEY] = (report, [(c.header, c.role, c.question, c.choice) for c in columns])
    return out, report


_TEXT_KEY = "sizeup_survey_tool_columns"
#: Key of ``DataFrame.attrs`` naming a table's 0/1 columns (read by :func:`flag_columns`).
FLAGS_KEY = "sizeup_flag_columns"


def _cut_short(path: Path) -> bool:
    """A text export whose last byte is not a line end (a download cut short)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head[:2] == b"PK" or head[:4] == b"\xd0\xcf\x11\xe0":  # a workbook
                return False
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(size - 2, 0))
            tail = handle.read()
    except OSError:
        return False
    return bool(size) and not tail.endswith((b"\n", b"\n\x00"))


def _unique(headers: list[str]) -> list[str]:
    """Headers made unique (``X``, ``X (2)``) as :mod:`~sizeup_helpers.io` does."""
    seen: dict[str, int] = {}
    taken = set(headers)
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            k = seen[h]
            new = f"{h} ({k})"
            while new in taken:
                k += 1
                new = f"{h} ({k})"
            taken.add(new)
            h = new
        out.append(h)
    return out


def _flags(values: list[Any], first_row: int) -> tuple[list[str | None], list[int]] | None:
    """A checkbox column as ``"1"`` / ``"0"`` and the rows of other values (``None``
    when most values are not a box's)."""
    out: list[str | None] = []
    bad: list[int] = []
    good = 0
    for i, v in enumerate(values):
        text = "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
        key = fold_key(text)
        if not text or key in _NO:
            out.append("0")
            good += bool(text)
        elif key in _YES:
            out.append("1")
            good += 1
        else:
            out.append(None)
            bad.append(first_row + i)
    if bad and len(bad) > max(good, 1) / 4:
        return None
    return out, bad


def _limesurvey(
    columns: list[_Column], report: SurveyToolReport, first_row: int, *, strict: bool, name: str
) -> list[_Column]:
    """LimeSurvey's sub-question columns: multiple choices joined, arrays kept per row."""
    groups: dict[str, list[tuple[_Column, str]]] = {}
    order: list[Any] = []
    answers = [c for c in columns if c.role != "system"]
    codes = sum(bool(_CODE_HEADING.match(c.header)) for c in answers)
    by_code = codes * 2 > len(answers)  # headings as codes, not as the questions' text
    for position, c in enumerate(columns, start=1):
        if c.role == "system":
            order.append(c)
            continue
        m = _LIME_CODE.match(c.header) or (None if by_code else _TEXT_SUB.match(c.header))
        if m is None:
            if by_code and not _CODE_HEADING.match(c.header) and "[" not in c.header:
                c.role = "unknown"
                report.unknown.append(c.header)
            elif "[" in c.header or "]" in c.header:
                message = (
                    f"L'en-tête {quoted(c.header)} (colonne {position}"
                    + (f" du fichier {quoted(name)}" if name else "")
                    + ") n'est pas un code de sous-question LimeSurvey : attendu "
                    "« CODE[SOUSCODE] », par exemple « Q01[SQ001] »."
                )
                if strict:
                    raise QuestionnaireError(message)
                c.role = "unknown"
                report.unknown.append(c.header)
            order.append(c)
            continue
        question, sub = m.group(1).strip(), m.group(2).strip()
        if question not in groups:
            groups[question] = []
            order.append(question)
        groups[question].append((c, sub))
    out: list[_Column] = []
    for item in order:
        if isinstance(item, _Column):
            out.append(item)
            continue
        members = groups[item]
        boxes = [(c, s) for c, s in members if fold_key(s) not in _OTHER_SUBS]
        others = [c for c, s in members if fold_key(s) in _OTHER_SUBS]
        converted = [(c, s, _flags(c.values, first_row)) for c, s in boxes]
        is_multiple = (
            boxes
            and all(f is not None for _, _, f in converted)
            and any("1" in f[0] for _, _, f in converted if f is not None)
        )
        if not is_multiple:
            report.grids[item] = [c.header for c, _ in members]
            out.extend(c for c, _ in members)
            continue
        taken: set[str] = set()
        chosen: list[list[str]] = [[] for _ in members[0][0].values]
        flags = []
        for c, sub, f in converted:
            assert f is not None
            values, bad = f
            choice = _choice_name(sub, taken)
            if bad:
                report.unknown_values[c.header] = bad
            for i, v in enumerate(values):
                if v == "1":
                    chosen[i].append(choice)
            flags.append(_Column(c.header, values, "flag", item, choice))
        joined = [" ".join(ch) if ch else None for ch in chosen]
        out.append(_Column(item, joined, "joined"))
        report.multiple[item] = [f.choice for f in flags if f.choice]
        out.extend(flags)
        for c in others:
            c.role = "other"
            out.append(c)
    return out


def _framaforms(
    columns: list[_Column],
    groups: list[str] | None,
    report: SurveyToolReport,
    first_row: int,
) -> list[_Column]:
    """Framaforms' « separate » multiple choices: one ``X`` column per option, joined."""
    out: list[_Column] = []
    i = 0
    while i < len(columns):
        c = columns[i]
        group = groups[i] if groups and i < len(groups) else ""
        if c.role == "system" or not group or fold_key(group) == "submission details":
            ticks = {t for _, t in _filled(c.values)}
            if c.role != "system" and ticks and ticks <= {"X", "x"}:  # an option, alone
                c.values = ["1" if v in ("X", "x") else "0" for v in c.values]
                c.role = "flag"
            out.append(c)
            i += 1
            continue
        members = [c]
        j = i + 1
        while j < len(columns) and not (groups[j] if j < len(groups) else ""):
            if columns[j].role == "system" or _flags(columns[j].values, first_row) is None:
                break
            members.append(columns[j])
            j += 1
        converted = [_flags(m.values, first_row) for m in members]
        if any(f is None for f in converted):
            out.append(c)
            i += 1
            continue
        taken: set[str] = set()
        chosen: list[list[str]] = [[] for _ in c.values]
        flags = []
        for m, f in zip(members, converted, strict=True):
            assert f is not None
            values, bad = f
            choice = _choice_name(m.header, taken)
            header = f"{group} [{m.header}]"
            if bad:
                report.unknown_values[header] = bad
            for k, v in enumerate(values):
                if v == "1":
                    chosen[k].append(choice)
            flags.append(_Column(header, values, "flag", group, choice))
        out.append(_Column(group, [" ".join(ch) if ch else None for ch in chosen], "joined"))
        report.multiple[group] = [f.choice for f in flags if f.choice]
        out.extend(flags)
        i = j
    return out


def _joined_answers(columns: list[_Column], sep: str, report: SurveyToolReport) -> list[_Column]:
    """Answers joined in one cell (Google Forms' « , », Framaforms' compact « , »)."""
    out: list[_Column] = []
    for c in columns:
        if c.role != "question":
            out.append(c)
            continue
        filled = _filled(c.values)
        lists = _split_joined([t for _, t in filled], sep)
        if lists is None:
            out.append(c)
            continue
        labels = list(dict.fromkeys(p for ps in lists for p in ps))
        taken: set[str] = set()
        names = {label: _choice_name(label, taken) for label in labels}
        joined: list[str | None] = [None] * len(c.values)
        flags = {label: ["0" if filled else None] * len(c.values) for label in labels}
        answered = [False] * len(c.values)
        for (i, _), ps in zip(filled, lists, strict=True):
            joined[i] = " ".join(names[p] for p in ps)
            answered[i] = True
            for p in ps:
                flags[p][i] = "1"
        for label in labels:  # no answer at all: every box unknown, not 0
            flags[label] = [v if answered[i] else None for i, v in enumerate(flags[label])]
        out.append(_Column(c.header, joined, "joined"))
        report.multiple[c.header] = [names[label] for label in labels]
        out.extend(
            _Column(f"{c.header} [{label}]", flags[label], "flag", c.header, names[label])
            for label in labels
        )
    return out


def _google_grids(columns: list[_Column], report: SurveyToolReport) -> None:
    """Google Forms' grid questions: columns ``Question [Ligne]`` sharing their question."""
    rows: dict[str, list[str]] = {}
    for c in columns:
        if c.role not in ("question", "joined"):
            continue
        m = _TEXT_SUB.match(c.header)
        if m:
            rows.setdefault(m.group(1).strip(), []).append(c.header)
    for question, members in rows.items():
        if len(members) >= 2:
            report.grids[question] = members


def flag_columns(frame: pd.DataFrame) -> list[str]:
    """The 0/1 columns of a table made by :func:`tidy_answers` (step 05 types them as numbers).

    Also the columns listed under :data:`FLAGS_KEY` in ``frame.attrs`` (a KoboToolbox
    export typed by its form at step 05), and, for a table that lost its attributes, the
    columns ``… [Choix]`` of a tool's export holding only ``0`` and ``1``.
    """
    named = getattr(frame, "attrs", {}).get(FLAGS_KEY)
    if named is not None:  # 0/1 columns named by whoever made the table (a form's typing)
        return [c for c in named if c in frame.columns]
    found = getattr(frame, "attrs", {}).get(_TEXT_KEY)
    if found is not None:
        return [h for h, role, _, _ in found[1] if role == "flag" and h in frame.columns]
    if tool_of(frame.columns) is None:
        return []
    out = []
    for c in frame.columns:
        values = {str(v) for v in frame[c].dropna().tolist()}
        if values and values <= {"0", "1"} and str(c).endswith("]"):
            out.append(str(c))
    return out


# --------------------------------------------------------------------------------------
# Typed
# --------------------------------------------------------------------------------------
def type_survey_answers(
    frame: pd.DataFrame,
    *,
    tool: str | None = None,
    path: str | Path | None = None,
    strict: bool = True,
) -> tuple[pd.DataFrame, SurveyToolReport]:
    """Read one export of Google Forms, LimeSurvey or Framaforms into a typed tidy table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The export as read by :func:`~sizeup_helpers.io.read_export` (text).
    tool : str, optional
        ``"Google Forms"``, ``"LimeSurvey"`` or ``"Framaforms"``; recognised from the
        headers when ``None``.
    path : str or Path, optional
        The file read (its name in the report; Framaforms' question names above the
        header).
    strict : bool
        Raise on a malformed LimeSurvey code (otherwise kept as an unknown text column).

    Returns
    -------
    (pandas.DataFrame, SurveyToolReport)
        Columns named in snake_case (their headers in ``report.labels``): the platform's
        timestamps as ``datetime64``, row keys as ``Int64``, numbers as ``Int64`` or
        ``float64``, dates as ``datetime64``, a multiple-answer question as a text column
        of choice names and ``Int8`` 0/1 columns ``<question>/<choice>``, other answers as
        text. The report is also in ``frame.attrs`` (:func:`survey_tool_report`).

    Raises
    ------
    QuestionnaireError
        The table is not such an export, or (``strict``) a LimeSurvey heading is not a
        code; the message names the file and the column.
    """
    import pandas as pd

    from .cleaning import snake_case
    from .privacy import identifier_kind

    text, report = tidy_answers(frame, tool=tool, path=path, strict=strict)
    described = text.attrs[_TEXT_KEY][1]
    first_row = _file_rows(frame)
    system = system_columns(frame.columns)
    kinds = {str(c): s for c, s in system.items()}
    names: dict[str, str] = {}
    taken: set[str] = set()
    for header, role, question, choice in described:
        if role == "flag" and question is not None:
            base = f"{names[question]}/{choice}"
        else:
            key = kinds[header].name if header in kinds else header
            base = snake_case(key) or "colonne"
        name, k = base, 2
        while name in taken:
            name, k = f"{base}_{k}", k + 1
        taken.add(name)
        names[header] = name
    out: dict[str, pd.Series] = {}
    unparsed: dict[str, list[int]] = {}
    report.unknown = []
    for header, role, _, _ in described:
        name = names[header]
        values = text[header]
        report.labels[name] = header
        if role == "system":
            report.system.append(name)
            column = kinds.get(header)
            if column is not None and column.kind == TIMESTAMP:
                first = True if report.dayfirst is None else report.dayfirst
                iso = [None if v is None else _iso(str(v), first) for v in values.tolist()]
                out[name] = pd.to_datetime(pd.Series(iso, index=values.index), format="mixed")
            elif column is not None and column.kind == ROW_KEY and column.dtype == "integer":
                numbers = pd.to_numeric(values, errors="coerce")
                out[name] = numbers.round().astype("Int64")
            else:
                out[name] = values.astype(object)
            continue
        if role == "flag":
            out[name] = pd.to_numeric(values, errors="coerce").astype("Int8")
            continue
        if role == "unknown":
            report.unknown.append(name)
            out[name] = values.astype(object)
            continue
        if identifier_kind(header) == "email":
            report.identifiers.append(name)
            out[name] = values.astype(object)
            continue
        if role == "joined":
            report.questions.append(name)
            out[name] = values.astype(object)
            continue
        report.questions.append(name)
        typed, bad = _typed_answer(values, first_row, report.dayfirst)
        out[name] = typed
        if bad:
            unparsed[name] = bad
    report.multiple = {names[q]: choices for q, choices in report.multiple.items()}
    report.grids = {q: [names[c] for c in cs] for q, cs in report.grids.items()}
    report.unparsed = {names.get(c, c): rows for c, rows in report.unparsed.items()}
    report.unparsed.update(unparsed)
    report.unknown_values = {names.get(c, c): r for c, r in report.unknown_values.items()}
    typed = pd.DataFrame(out, index=frame.index)
    typed.attrs[REPORT_KEY] = report
    return typed, report


def _typed_answer(values: pd.Series, first_row: int, dayfirst: bool | None):
    """A question's answers as numbers or dates when at least 80 % of them are, else text."""
    import pandas as pd

    filled = _filled(values.tolist())
    if not filled:
        return values.astype(object), []
    numbers = [(i, _number(t)) for i, t in filled]
    ok = sum(n is not None for _, n in numbers)
    if ok >= 0.8 * len(filled) and ok:
        out = pd.Series([float("nan")] * len(values), index=values.index, dtype="float64")
        bad = []
        for i, n in numbers:
            if n is None:
                bad.append(first_row + i)
            else:
                out.iloc[i] = n
        known = out.dropna()
        if bool((known == known.round()).all()):
            out = out.round().astype("Int64")
        return out, bad
    dates = [(i, _DATE.match(t) or _ISO.match(t)) for i, t in filled]
    ok = sum(m is not None for _, m in dates)
    if ok >= 0.8 * len(filled) and ok:
        first = _dayfirst([t for _, t in filled], True if dayfirst is None else dayfirst)
        texts: list[str | None] = [None] * len(values)
        bad = []
        for i, t in filled:
            iso = _iso(t, first)
            if iso is None:
                bad.append(first_row + i)
            texts[i] = iso
        return pd.to_datetime(pd.Series(texts, index=values.index), format="mixed"), bad
    return values.astype(object), []


def read_survey_answers(
    path: str | Path, *, sheet: str | int | None = None, tool: str | None = None
) -> tuple[pd.DataFrame, SurveyToolReport]:
    """Read an export of answers of Google Forms, LimeSurvey or Framaforms (CSV or xlsx).

    The file is read as a person sees it (:func:`~sizeup_helpers.io.read_export`: its
    encoding, BOM, separator and header rows found from its content), then typed by
    :func:`type_survey_answers`.

    Examples
    --------
    >>> answers, report = read_survey_answers("reponses.csv")  # doctest: +SKIP
    >>> print(report.to_text())  # doctest: +SKIP
    Export Google Forms « reponses.csv » : 42 réponses, 12 questions…
    """
    from .io import read_export

    frame = read_export(path, sheet=sheet)
    return type_survey_answers(frame, tool=tool, path=path)

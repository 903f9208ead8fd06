"""Answers collected with an XLSForm, read back as tidy tables typed by the form (step 07).

A questionnaire deployed on KoboToolbox (or ODK) comes back as an export: one sheet for
the submissions, one more sheet per repeat group, every value as text
(:func:`~sizeup_helpers.io.read_export`). :func:`type_answers` types one such table with
the form itself (:func:`~sizeup_helpers.xlsform.read_xlsform`): the ``type`` column of the
form's ``survey`` sheet drives the parsing, never a guess from the values.

How each column is read:

- **headers**: a question's column is named by its XML name, with or without the path of
  its groups, separated by ``/`` (Kobo's default) or ``.`` (Kobo's other option, used by
  the real export ``profile.reason.accomodation``): ``profile/country``,
  ``profile.country`` and ``country`` all become ``country``. The group prefix is
  dropped because names are unique in a form (checked by
  :meth:`~sizeup_helpers.xlsform.Questionnaire.check`); the report keeps the original
  header of every renamed column. A header equal to the question's label (Kobo's
  « libellés » option), alone or after its groups' labels (``Votre situation/Votre âge``,
  formpack ``FormField._get_label(hierarchy_in_labels=True)``), is recognised too; the
  exact paths of the form are tried first, so that a choice named like another question
  (``projet_4/information``) stays a choice. A note's column (formpack writes one, empty)
  is the form's, kept as it is.
- ``integer`` → ``Int64`` (nullable integers), ``decimal`` → ``float64`` (a French
  decimal comma is accepted); ``date`` → ``datetime64`` at midnight; ``datetime``,
  ``start``, ``end``, ``today`` → ``datetime64``, the wall-clock time the device showed
  (a ``+02:00`` offset is dropped, not converted);
- ``select_one`` → a :class:`pandas.Categorical` whose categories are the choice list's
  names, in form order (a Likert scale keeps its order). Values may be written as XML
  names or as labels (Kobo's two export options): both become the name; ``labels=True``
  adds a ``<name>::label`` column with the choice's label;
- ``select_multiple`` → one text column of the chosen names separated by spaces (in the
  list's order) **and** one ``Int8`` 0/1 column per choice, named ``<question>/<choice>``
  whatever separator the export used (rebuilt from the other form when the export has
  only one of them);
- platform columns (:mod:`~sizeup_helpers.survey_exports`: ``_id``, ``_uuid``,
  ``_index``, ``_parent_index``, ``_submission_time``…) keep their names and are typed as
  that module says;
- any other column is **kept as text** and named in the report (a column of another
  form version, a hand-added column).

Values that do not parse (« douze » in an integer column) become missing and are counted
per column in the report with their spreadsheet rows, **never shown**: an answer may be
personal. A choice value not in the form's list is kept, counted and located; it is shown
only when it looks like a choice code (an XML name, or a scale's number), never free text.
What KoboToolbox writes is summed up, with its sources in formpack, in the test support
module ``tests/kobo_exports.py``.

:func:`read_form_answers` reads a whole export (every sheet) with its form;
:func:`join_parent` joins a repeat group's rows to their submission through
``_parent_index`` → ``_index`` (formpack, ``reporting/export.py``, see
:func:`~sizeup_helpers.survey_exports.parent_link`); ``_parent_table_name`` holds the
parent's full name, its sheet may be cut to 31 characters (``utils/string.py``,
``unique_name_for_xls``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import QuestionnaireError
from .french import agree, fold_key, join_and, plural, quoted, quoted_list
from .reading import LinesReport

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .xlsform import Question, Questionnaire

__all__ = [
    "REPORT_KEY",
    "AnswersReport",
    "answers_report",
    "join_parent",
    "read_form_answers",
    "type_answers",
]

#: Key of the :class:`AnswersReport` in ``DataFrame.attrs``.
REPORT_KEY = "sizeup_answers_report"
#: Suffix of the label column added by ``labels=True``.
LABEL_SUFFIX = "::label"

_DATETIME_TYPES = ("datetime", "start", "end", "today")
_INTEGERS = ("integer",)
# XLSForm metadata (xlsform.org, « Metadata »): filled by the device, not always exported
_METADATA_TYPES = (
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "calculate",
    "hidden",
    "note",
)
_DECIMALS = ("decimal", "range")
_TYPE_NAMES = {
    "integer": "nombre entier",
    "decimal": "nombre décimal",
    "range": "nombre décimal",
    "date": "date",
    "datetime": "date et heure",
    "start": "date et heure",
    "end": "date et heure",
    "today": "date et heure",
    "select_one": "choix unique",
    "select_multiple": "choix multiple",
    "select_multiple/choice": "case d'un choix multiple (0 ou 1)",
}
_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,39}|\d{1,4}")  # a name, or a scale's number
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
_SPLIT = re.compile(r"[/.]")
_MAX_ROWS = 10  # row numbers named in a sentence, then « … »
_TRUE = {"1", "1.0", "true", "vrai", "oui", "yes"}
_FALSE = {"0", "0.0", "false", "faux", "non", "no"}


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------
@dataclass
class AnswersReport(LinesReport):
    """What :func:`type_answers` did to one table, said in French.

    Attributes
    ----------
    sheet : str
        The sheet (or file) read.
    rows : int
        Number of rows (submissions, or repeat rows).
    typed : dict
        ``{column: XLSForm type}`` of the form's questions found.
    renamed : dict
        ``{original header: column}`` for headers whose group path or label was replaced
        by the question's name.
    system : list
        The platform's columns.
    unknown : list
        Columns neither in the form nor the platform's, kept as text.
    missing : list
        The form's questions (answerable, not notes) without a column.
    unparsed : dict
        ``{column: number of values that did not parse}`` (left missing).
    unknown_choices : dict
        ``{column: number of values not in the choice list}`` (kept).
    unknown_codes : dict
        ``{column: the code-like values among them}`` (never free text).
    from_labels : list
        Select columns whose values were written as labels.
    orphans : int
        Repeat rows whose ``_parent_index`` matches no submission.
    rows : dict
        ``{column: spreadsheet row numbers}`` of the values that did not parse or are not
        in the choice list (``"_parent_index"``: the orphan rows), as the spreadsheet
        shows them (the header is row :attr:`first_row` - 1).
    first_row : int
        The spreadsheet row of the table's first answer (2 under a one-row header).
    """

    sheet: str = ""
    rows: int = 0
    typed: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    system: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unparsed: dict[str, int] = field(default_factory=dict)
    unknown_choices: dict[str, int] = field(default_factory=dict)
    unknown_codes: dict[str, list[str]] = field(default_factory=dict)
    from_labels: list[str] = field(default_factory=list)
    parent: str | None = None
    orphans: int = 0
    rows_of: dict[str, list[int]] = field(default_factory=dict)
    first_row: int = 2

    def note_rows(self, column: str, mask) -> None:
        """Remember the spreadsheet rows where ``mask`` (a boolean Series) is true."""
        import numpy as np

        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(positions):
            self.rows_of[column] = [self.first_row + int(i) for i in positions]

    def where(self, column: str) -> str:
        """``lignes 3 et 5`` for the rows noted for ``column``, or ``""``."""
        rows = self.rows_of.get(column) or []
        if not rows:
            return ""
        shown = [str(r) for r in rows[:_MAX_ROWS]]
        more = " …" if len(rows) > _MAX_ROWS else ""
        return f"{agree(len(rows), 'ligne', 'lignes')} {join_and(shown)}{more}"

    def _aside(self, column: str, *more: str) -> str:
        """`` (lignes 3 et 5 ; valeurs non montrées)``: the rows, then ``more``."""
        parts = [p for p in (self.where(column), *more) if p]
        return f" ({' ; '.join(parts)})" if parts else ""

    def lines(self) -> list[str]:
        """The report as French sentences and bullet points."""
        n_questions = len({c.split("/")[0] for c, t in self.typed.items() if t != "note"})
        n_system = len(self.system)
        head = (
            f"Feuille {quoted(self.sheet)} : {plural(self.rows, 'ligne', 'lignes')}, "
            f"{plural(n_questions, 'question typée', 'questions typées')} par le formulaire"
        )
        if n_system:
            head += f", {plural(n_system, 'colonne', 'colonnes')} de la plateforme"
        out = [head + "."]
        if self.parent:
            orphans = (
                f" ; {plural(self.orphans, 'ligne', 'lignes')} sans réponse parente"
                f"{self._aside('_parent_index')} : {agree(self.orphans, 'son', 'leur')} "
                f"_parent_index ne désigne aucune ligne de {quoted(self.parent)}"
                if self.orphans
                else ""
            )
            out.append(
                "- Groupe répété : chaque ligne est rattachée à sa réponse de la feuille "
                f"{quoted(self.parent)} (_parent_index → _index){orphans}."
            )
        if self.unknown:
            n = len(self.unknown)
            out.append(
                f"- {agree(n, 'Colonne inconnue', 'Colonnes inconnues')} du formulaire, "
                f"{agree(n, 'gardée', 'gardées')} en texte : {quoted_list(self.unknown)} "
                "(autre version du formulaire, colonne ajoutée à la main ?)."
            )
        if self.missing:
            n = len(self.missing)
            out.append(
                f"- {agree(n, 'Question', 'Questions')} du formulaire sans colonne dans "
                f"l'export : {quoted_list(self.missing)}."
            )
        for column, n in self.unparsed.items():
            what = _TYPE_NAMES.get(self.typed.get(column, ""), "valeur attendue")
            out.append(
                f"- {quoted(column)} : {plural(n, 'valeur illisible', 'valeurs illisibles')} "
                f"comme {what}, {agree(n, 'laissée vide', 'laissées vides')}"
                f"{self._aside(column, 'valeurs non montrées')}."
            )
        for column, n in self.unknown_choices.items():
            codes = self.unknown_codes.get(column) or []
            shown = f" : {quoted_list(codes)}" if codes else ""
            hidden = "" if codes else "valeurs non montrées"
            out.append(
                f"- {quoted(column)} : {plural(n, 'réponse absente', 'réponses absentes')} "
                f"de la liste de choix, {agree(n, 'gardée telle quelle', 'gardées telles quelles')}"
                f"{shown}{self._aside(column, hidden)}."
            )
        if self.from_labels:
            out.append(
                "- Réponses écrites en libellés, lues comme les noms des choix : "
                f"{quoted_list(self.from_labels)}."
            )
        if len(out) == 1:
            out.append("- Rien à signaler : chaque colonne correspond au formulaire.")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per column of the typed table: its origin and its type."""
        import pandas as pd

        original = {v: k for k, v in self.renamed.items()}
        rows = [
            {
                "colonne": c,
                "en-tête de l'export": original.get(c, c),
                "origine": "formulaire",
                "type": t,
                "valeurs illisibles": self.unparsed.get(c, 0),
                "hors liste": self.unknown_choices.get(c, 0),
            }
            for c, t in self.typed.items()
        ]
        rows += [
            {
                "colonne": c,
                "en-tête de l'export": c,
                "origine": "plateforme",
                "type": "",
                "valeurs illisibles": self.unparsed.get(c, 0),
                "hors liste": 0,
            }
            for c in self.system
        ]
        rows += [
            {
                "colonne": c,
                "en-tête de l'export": c,
                "origine": "inconnue",
                "type": "text",
                "valeurs illisibles": 0,
                "hors liste": 0,
            }
            for c in self.unknown
        ]
        return pd.DataFrame(rows)


def answers_report(frame: pd.DataFrame) -> AnswersReport:
    """The :class:`AnswersReport` of a frame returned by :func:`type_answers`."""
    report = getattr(frame, "attrs", {}).get(REPORT_KEY)
    if not isinstance(report, AnswersReport):
        raise QuestionnaireError(
            "Ce tableau n'a pas de rapport de lecture des réponses : il n'a pas été typé par "
            "type_answers, ou une opération (concat, merge…) a perdu ses attributs."
        )
    return report


# --------------------------------------------------------------------------------------
# Matching headers to questions
# --------------------------------------------------------------------------------------
@dataclass
class _Form:
    questions: dict[str, Question]
    groups: set[str]
    lists: dict[str, list[tuple[str, str]]]
    by_label: dict[str, Question]
    multiple_by_label: dict[str, tuple[Question, str]]
    repeat_of: dict[str, str | None]
    notes: dict[str, Question] = field(default_factory=dict)
    by_path: dict[str, tuple[Question, str | None]] = field(default_factory=dict)


def _form_index(questionnaire: Questionnaire) -> _Form:
    from .xlsform import Group

    groups: set[str] = set()
    repeat_of: dict[str, str | None] = {}
    # the labels of a question's groups, for Kobo's « Labels » headers with groups
    # (formpack ``FormField._get_label(hierarchy_in_labels=True)``: a group without label
    # shows its name)
    label_path: dict[str, list[str]] = {}
    name_path: dict[str, list[str]] = {}

    def walk(items, repeat, path, names):
        for item in items:
            if isinstance(item, Group):
                groups.add(item.name)
                inner = [*path, item.label or item.name]
                repeat_here = item.name if item.repeat else repeat
                walk(item.questions, repeat_here, inner, [*names, item.name])
            else:
                repeat_of[item.name] = repeat
                label_path[item.name] = path
                name_path[item.name] = names

    walk(questionnaire.items, None, [], [])
    questions = {q.name: q for q in questionnaire.questions() if q.name and q.type != "note"}
    notes = {q.name: q for q in questionnaire.questions() if q.name and q.type == "note"}
    lists = {
        cl.name: [(str(n), str(lab)) for n, lab in cl.choices] for cl in questionnaire.choice_lists
    }
    by_label: dict[str, Question] = {}
    multiple: dict[str, tuple[Question, str]] = {}
    for q in [*questions.values(), *notes.values()]:
        label = q.label or q.name
        for sep in ("/", "."):
            for shown in (label, sep.join([*label_path.get(q.name, []), label])):
                by_label.setdefault(fold_key(shown), q)
                if q.type != "select_multiple":
                    continue
                for name, choice_label in lists.get(q.choices or "", []):
                    key = fold_key(f"{shown}{sep}{choice_label or name}")
                    multiple.setdefault(key, (q, name))
    # the exact headers of « XML values and headers », with the groups' path: tried first,
    # so that a choice named like another question (``projet_4/information``) is a choice
    by_path: dict[str, tuple[Question, str | None]] = {}
    for q in [*questions.values(), *notes.values()]:
        for sep in ("/", "."):
            header = sep.join([*name_path.get(q.name, []), q.name])
            by_path.setdefault(header, (q, None))
            if q.type == "select_multiple":
                for name, _ in lists.get(q.choices or "", []):
                    by_path.setdefault(f"{header}{sep}{name}", (q, name))
    return _Form(questions, groups, lists, by_label, multiple, repeat_of, notes, by_path)


def _match(header: str, form: _Form) -> tuple[Question, str | None] | None:
    """``(question, choice name or None)`` for a header, or ``None``."""
    text = str(header).strip()
    if text in form.by_path:
        return form.by_path[text]
    named = {**form.notes, **form.questions}
    if text in named:
        return named[text], None
    # a label (with its groups' labels) before the last part of a path: a label may hold
    # « / » or « . » (« the city/country ») and end with a question's name
    key = fold_key(text)
    if key in form.by_label:
        return form.by_label[key], None
    if key in form.multiple_by_label:
        return form.multiple_by_label[key]
    parts = [p for p in _SPLIT.split(text) if p]
    if parts and parts[-1] in named:
        return named[parts[-1]], None
    if len(parts) >= 2 and parts[-2] in form.questions:
        q = form.questions[parts[-2]]
        names = [n for n, _ in form.lists.get(q.choices or "", [])]
        if q.type == "select_multiple" and parts[-1] in names:
            return q, parts[-1]
    return None


# --------------------------------------------------------------------------------------
# Parsing values
# --------------------------------------------------------------------------------------
def _filled(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip()
    return text.where(text != "")


def _number_text(text: pd.Series) -> pd.Series:
    return text.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".")


def _parse_decimal(series: pd.Series) -> tuple[pd.Series, int]:
    import pandas as pd

    text = _filled(series)
    values = pd.to_numeric(_number_text(text), errors="coerce").astype("float64")
    bad = int((text.notna() & values.isna()).sum())
    return values.reset_index(drop=True).set_axis(series.index), bad


def _parse_integer(series: pd.Series) -> tuple[pd.Series, int]:
    values, bad = _parse_decimal(series)
    whole = values.where(values.isna() | (values == values.round()))
    bad += int((values.notna() & whole.isna()).sum())
    return whole.astype("Int64"), bad


def _parse_datetime(series: pd.Series, *, date_only: bool) -> tuple[pd.Series, int]:
    import pandas as pd

    text = _filled(series).str.replace("T", " ", regex=False).str.replace(_OFFSET, "", regex=True)
    iso = pd.to_datetime(text, errors="coerce", format="ISO8601")
    french = text.where(iso.isna() & text.notna())
    if french.notna().any():
        other = pd.to_datetime(french, errors="coerce", dayfirst=True, format="mixed")
        iso = iso.fillna(other)
    bad = int((text.notna() & iso.isna()).sum())
    if date_only:
        iso = iso.dt.normalize()
    return iso.astype("datetime64[ns]"), bad


def _parse_flag(series: pd.Series) -> tuple[pd.Series, int]:
    import pandas as pd

    text = _filled(series).str.lower()
    values = pd.Series(pd.NA, index=series.index, dtype="Int8")
    values[text.isin(_TRUE)] = 1
    values[text.isin(_FALSE)] = 0
    bad = int((text.notna() & values.isna()).sum())
    return values, bad


def _label_lookup(choices: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, label in choices:
        if label:
            out.setdefault(fold_key(label), name)
    return out


def _split_multiple(value: str, names: set[str], labels: list[tuple[str, str]]):
    """The chosen names of one select_multiple value, the unknown parts, labels used."""
    tokens = value.split()
    if all(t in names for t in tokens):
        return tokens, [], False
    # labels joined by spaces (Kobo's « libellés » option): longest label first
    rest, chosen, unknown = value.strip(), [], []
    from_labels = False  # only when a label (not a name) was read
    ordered = sorted(labels, key=lambda nl: -len(nl[1]))
    while rest:
        for name, label in ordered:
            if (
                label
                and fold_key(rest[: len(label)]) == fold_key(label)
                and (len(rest) == len(label) or rest[len(label)] in " ,;")
            ):
                chosen.append(name)
                from_labels |= label != name
                rest = rest[len(label) :].lstrip(" ,;")
                break
        else:
            token, _, rest = rest.partition(" ")
            if token in names:
                chosen.append(token)
            else:
                unknown.append(token)
            rest = rest.lstrip(" ,;")
    return chosen, unknown, from_labels


# --------------------------------------------------------------------------------------
# Typing a table
# --------------------------------------------------------------------------------------
def type_answers(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    *,
    sheet: str | None = None,
    labels: bool = False,
) -> tuple[pd.DataFrame, AnswersReport]:
    """Type one table of answers with the form that collected them.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sheet of the export as read by :func:`~sizeup_helpers.io.read_export` (text).
    questionnaire : Questionnaire
        The form, e.g. from :func:`~sizeup_helpers.xlsform.read_xlsform`.
    sheet : str, optional
        The sheet's name, for the report.
    labels : bool
        Add a ``<question>::label`` column with the chosen choices' labels for every
        select question.

    Returns
    -------
    (pandas.DataFrame, AnswersReport)
        The typed table (columns renamed to question names, see the module's notes) and
        what was done; the report is also kept in ``frame.attrs`` (:func:`answers_report`).

    Raises
    ------
    QuestionnaireError
        When no column of the table is a question of the form (another form's answers).
    """
    import pandas as pd

    from .survey_exports import system_columns

    form = _form_index(questionnaire)
    name = sheet or "réponses"
    report = AnswersReport(sheet=name, rows=len(frame), first_row=_first_row(frame))
    system = system_columns(frame.columns)
    out: dict[str, pd.Series] = {}
    multiples: dict[str, dict[str, Any]] = {}
    for header in frame.columns:
        column = frame[header]
        if header in system:
            out[str(header)] = _system_value(column, system[header].dtype, report, str(header))
            report.system.append(str(header))
            continue
        found = _match(str(header), form)
        if found is None:
            out[str(header)] = column
            report.unknown.append(str(header))
            continue
        q, choice = found
        if q.type == "select_multiple":
            slot = multiples.setdefault(q.name, {"joined": None, "flags": {}, "q": q})
            if choice is None:
                slot["joined"] = column
            else:
                slot["flags"][choice] = column
            target = q.name if choice is None else f"{q.name}/{choice}"
        else:
            target = q.name
            if target in out:  # the same question twice (two versions): keep the first
                report.unknown.append(str(header))
                out[str(header)] = column
                continue
            out[target] = _typed(column, q, form, report, labels, out)
        if str(header) != target:
            report.renamed[str(header)] = target
        report.typed.setdefault(q.name, q.type)
    for qname, slot in multiples.items():
        _type_multiple(qname, slot, form, report, labels, out)
    if not report.typed:
        raise QuestionnaireError(
            f"Aucune colonne de la feuille {quoted(name)} n'est une question du formulaire "
            f"{quoted(questionnaire.title or questionnaire.form_id)} : ces réponses ont "
            "été recueillies avec un autre formulaire, ou l'export n'est pas celui de ce "
            "questionnaire."
        )
    report.missing = _missing(form, report)
    order = _ordered_columns(frame.columns, out, report)
    typed = pd.DataFrame({c: out[c] for c in order}, index=frame.index)
    typed.attrs[REPORT_KEY] = report
    return typed, report


def _first_row(frame: pd.DataFrame) -> int:
    """The spreadsheet row of the first answer: under the header found by the reader."""
    from .io import REPORT_KEY as LOAD_KEY

    loaded = frame.attrs.get(LOAD_KEY)
    header = getattr(loaded, "header_row", None)
    if header is None:
        return 2
    return int(header) + int(getattr(loaded, "header_rows", 1))


def _missing(form: _Form, report: AnswersReport) -> list[str]:
    """The answerable questions of the table's scope (main sheet or one repeat) absent."""
    from collections import Counter

    scopes = Counter(form.repeat_of.get(q) for q in report.typed if q in form.questions)
    scope = scopes.most_common(1)[0][0] if scopes else None
    return [
        name
        for name, q in form.questions.items()
        if name not in report.typed
        and form.repeat_of.get(name) == scope
        and q.type not in _METADATA_TYPES
    ]


def _ordered_columns(headers, out: dict[str, Any], report: AnswersReport) -> list[str]:
    order: list[str] = []
    for header in headers:
        target = report.renamed.get(str(header), str(header))
        for c in (target, *[k for k in out if k.startswith(target + "/")]):
            if c in out and c not in order:
                order.append(c)
                if c + LABEL_SUFFIX in out:
                    order.append(c + LABEL_SUFFIX)
    return order + [c for c in out if c not in order]


def _system_value(column: pd.Series, dtype: str, report: AnswersReport, name: str):
    if dtype == "datetime":
        values, bad = _parse_datetime(column, date_only=False)
    elif dtype == "integer":
        values, bad = _parse_integer(column)
    elif dtype == "category":
        return _filled(column).astype("category")
    else:
        return column
    if bad:
        report.unparsed[name] = bad
        report.note_rows(name, _filled(column).notna() & values.isna())
    return values


def _typed(column, q: Question, form: _Form, report: AnswersReport, labels: bool, out):
    if q.type in _INTEGERS:
        values, bad = _parse_integer(column)
    elif q.type in _DECIMALS:
        values, bad = _parse_decimal(column)
    elif q.type == "date":
        values, bad = _parse_datetime(column, date_only=True)
    elif q.type in _DATETIME_TYPES:
        values, bad = _parse_datetime(column, date_only=False)
    elif q.type == "select_one":
        return _type_one(column, q, form, report, labels, out)
    else:
        return column
    if bad:
        report.unparsed[q.name] = bad
        report.note_rows(q.name, _filled(column).notna() & values.isna())
    return values


def _type_one(column, q: Question, form: _Form, report: AnswersReport, labels: bool, out):
    import pandas as pd

    choices = form.lists.get(q.choices or "", [])
    names = [n for n, _ in choices]
    by_label = _label_lookup(choices)
    text = _filled(column)
    distinct = [v for v in text.dropna().unique()]
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    used_labels = False
    for value in distinct:
        if value in names:
            mapping[value] = value
        elif fold_key(value) in by_label:
            mapping[value] = by_label[fold_key(value)]
            used_labels = True
        else:
            mapping[value] = value
            unknown.append(value)
    values = text.map(mapping)
    categories = names + [u for u in unknown if u not in names]
    typed = pd.Series(pd.Categorical(values, categories=categories), index=column.index)
    if unknown:
        report.unknown_choices[q.name] = int(text.isin(unknown).sum())
        report.note_rows(q.name, text.isin(unknown))
        report.unknown_codes[q.name] = _codes(unknown, q.name)
    if used_labels:
        report.from_labels.append(q.name)
    if labels:
        label_of = dict(choices)
        out[q.name + LABEL_SUFFIX] = values.map(lambda v: label_of.get(v, v), na_action="ignore")
    return typed


def _codes(values: list[str], column: str) -> list[str]:
    from .privacy import identifier_kind

    if identifier_kind(column):
        return []
    return sorted(v for v in values if _CODE.fullmatch(v))[:10]


def _type_multiple(qname: str, slot: dict, form: _Form, report, labels: bool, out) -> None:
    import pandas as pd

    q = slot["q"]
    choices = form.lists.get(q.choices or "", [])
    names = [n for n, _ in choices]
    flags: dict[str, pd.Series] = {}
    for choice, column in slot["flags"].items():
        values, bad = _parse_flag(column)
        if bad:
            report.unparsed[f"{qname}/{choice}"] = bad
            report.note_rows(f"{qname}/{choice}", _filled(column).notna() & values.isna())
        flags[choice] = values
    if slot["joined"] is not None:
        text = _filled(slot["joined"])
        chosen: dict[Any, list[str]] = {}
        unknown_rows, unknown_values, used_labels = 0, set(), False
        unknown_at = pd.Series(False, index=text.index)
        for index, value in text.dropna().items():
            picked, unknown, from_labels = _split_multiple(value, set(names), choices)
            used_labels |= from_labels and bool(picked)
            chosen[index] = picked + unknown
            if unknown:
                unknown_rows += 1
                unknown_values.update(unknown)
                unknown_at[index] = True
        joined = pd.Series(
            [
                " ".join(
                    sorted(
                        chosen[i],
                        key=lambda n: (n not in names, names.index(n) if n in names else 0, n),
                    )
                )
                if i in chosen
                else None
                for i in text.index
            ],
            index=text.index,
            dtype=object,
        )
        if unknown_rows:
            report.unknown_choices[qname] = unknown_rows
            report.note_rows(qname, unknown_at)
            report.unknown_codes[qname] = _codes(sorted(unknown_values), qname)
        if used_labels:
            report.from_labels.append(qname)
        for choice in names:
            if choice not in flags:
                flags[choice] = pd.Series(
                    [pd.NA if i not in chosen else int(choice in chosen[i]) for i in text.index],
                    index=text.index,
                    dtype="Int8",
                )
    else:
        any_flag = next(iter(flags.values()))
        joined = pd.Series(
            [
                None
                if all(pd.isna(flags[c][i]) for c in flags)
                else " ".join(c for c in names if c in flags and flags[c][i] == 1)
                for i in any_flag.index
            ],
            index=any_flag.index,
            dtype=object,
        )
    out[qname] = joined
    if labels:
        label_of = dict(choices)
        out[qname + LABEL_SUFFIX] = joined.map(
            lambda v: " ; ".join(label_of.get(n, n) for n in v.split()), na_action="ignore"
        )
    for choice in names:
        if choice in flags:
            out[f"{qname}/{choice}"] = flags[choice]
            report.typed[f"{qname}/{choice}"] = "select_multiple/choice"


# --------------------------------------------------------------------------------------
# A whole export
# --------------------------------------------------------------------------------------
def _read_form(form_path: str | Path) -> Questionnaire:
    from .xlsform import read_xlsform

    path = Path(form_path)
    if not path.is_file():
        raise QuestionnaireError(f"Le formulaire {quoted(str(path))} est introuvable.")
    questionnaire = read_xlsform(path)
    if not questionnaire.questions():
        raise QuestionnaireError(
            f"Le fichier {quoted(path.name)} n'est pas un formulaire XLSForm : il lui manque "
            "une feuille « survey » avec au moins une question (colonnes « type » et "
            "« name »). Donnez le formulaire téléchargé depuis KoboToolbox (XLSForm), pas "
            "l'export des réponses."
        )
    return questionnaire


def read_form_answers(
    path: str | Path, form_path: str | Path, *, labels: bool = False
) -> dict[str, pd.DataFrame]:
    """Read every sheet of an export of answers, typed by its XLSForm.

    Parameters
    ----------
    path : str or Path
        The export (xlsx with one sheet per repeat group, or a CSV).
    form_path : str or Path
        The XLSForm that collected the answers.
    labels : bool
        See :func:`type_answers`.

    Returns
    -------
    dict
        ``{sheet: typed frame}``, each with its :class:`AnswersReport`
        (:func:`answers_report`); a repeat group's report names its parent sheet and
        counts rows without a parent.

    Raises
    ------
    QuestionnaireError
        The form is not an XLSForm, or no sheet of the export holds any of its questions
        (the message names both files).
    """
    from .io import read_all_sheets
    from .survey_exports import parent_link

    questionnaire = _read_form(form_path)
    sheets = read_all_sheets(path)
    out: dict[str, pd.DataFrame] = {}
    for sheet, frame in sheets.items():
        try:
            typed, _ = type_answers(frame, questionnaire, sheet=sheet, labels=labels)
        except QuestionnaireError:
            continue
        out[sheet] = typed
    if not out:
        raise QuestionnaireError(
            f"L'export {quoted(Path(path).name)} et le formulaire "
            f"{quoted(Path(form_path).name)} ne vont pas ensemble : aucune colonne de "
            "l'export n'est une question du formulaire. Vérifiez que l'export vient bien "
            "du projet KoboToolbox de ce formulaire (et de la même version)."
        )
    for frame in out.values():
        link = parent_link(frame)
        if link is None:
            continue
        parent = _sheet_named(link[0], out)
        report = answers_report(frame)
        report.parent = parent or link[0]
        if parent is not None and "_index" in out[parent]:
            known = set(out[parent]["_index"].dropna())
            orphan = ~frame[link[1]].isin(known) & frame[link[1]].notna()
            report.orphans = int(orphan.sum())
            report.note_rows(link[1], orphan)
    return out


def _sheet_named(name: str, sheets: dict[str, Any]) -> str | None:
    """The sheet called ``name`` (Excel cuts sheet names at 31 characters)."""
    # formpack's ``unique_name_for_xls`` (utils/string.py) replaces ``[]*?:\\/`` and an
    # apostrophe at either end by ``_``, and cuts a long name to 28 characters and « ... »
    safe = re.sub(r"(^'|'$)", "_", name.translate({ord(c): "_" for c in "[]*?:\\/"}))
    cut = safe if len(safe) <= 31 else safe[:28] + "..."
    for candidate in (name, name[:31], cut):
        for sheet in sheets:
            if sheet.strip() == candidate.strip():
                return sheet
    return None


def join_parent(answers: dict[str, pd.DataFrame], sheet: str) -> pd.DataFrame:
    """A repeat group's rows with their submission's answers beside them.

    Each row of ``answers[sheet]`` is joined to the row of its parent sheet whose
    ``_index`` equals its ``_parent_index``; the parent's columns that clash with the
    child's take the suffix ``" (parent)"``. Rows without a parent are kept (left join).
    """
    frame = answers[sheet]
    report = answers_report(frame)
    if not report.parent or report.parent not in answers:
        raise QuestionnaireError(
            f"La feuille {quoted(sheet)} n'est pas un groupe répété rattaché à une autre "
            "feuille de l'export (colonnes _parent_index et _parent_table_name absentes, ou "
            "feuille parente introuvable)."
        )
    parent = answers[report.parent]
    joined = frame.merge(
        parent,
        how="left",
        left_on="_parent_index",
        right_on="_index",
        suffixes=("", " (parent)"),
    )
    joined.index = frame.index
    return joined

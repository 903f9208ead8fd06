"""Synthetic KoboToolbox exports of a questionnaire's answers (test support, not shipped).

:func:`plant_answers` draws seeded answers for a :class:`~sizeup_helpers.xlsform.Questionnaire`
and :func:`kobo_export` writes them the way KoboToolbox writes an export, so that
``tests/test_kobo_round_trip.py`` can check that
:func:`sizeup_helpers.form_answers.read_form_answers` gives the planted values back.

What KoboToolbox writes, read in its export library formpack
(github.com/kobotoolbox/formpack, commit 176f619: ``src/formpack/reporting/export.py``
``Export.__init__``, ``get_fields_labels_tags_for_all_versions``, ``format_one_submission``,
``to_csv``, ``to_xlsx``; ``src/formpack/schema/fields.py`` ``FormField._get_label``,
``FormChoiceFieldWithMultipleSelect.get_labels`` / ``get_value_names`` / ``format``,
``DateField.format``, ``NumField.format``, ``FormField.try_get_number``;
``src/formpack/utils/string.py`` ``unique_name_for_xls``; ``src/formpack/constants.py``)
and checked against the real export ``real-world/kobocruncher/data.xlsx``:

- **one sheet per section**: the submissions' sheet is named after the form's title, a
  repeat group's sheet after the group's name; a name is cut to 31 characters by
  ``unique_name_for_xls`` (28 characters and ``...``; ``[]*?:\\/`` become ``_``; a clash
  gets `` (1)``). The CSV export holds the first section only (``to_csv``: repeat groups
  are not in it).
- **headers**: « XML values and headers » writes each question's name, « Labels » its label
  (its name when it has none); with groups in headers (on in the real export) the path
  of its groups, repeat groups included, joined by the chosen separator, ``/`` or ``.``
  (``profile.reason``, ``members.age``). Labels mode joins the groups' labels
  (``hierarchy_in_labels``).
- **select_multiple** (``multiple_select="both"``): one column of the chosen values
  separated by spaces, then one column per choice, ``<header><sep><choice>`` (the choice's
  name, or its label in labels mode) holding 1 or 0 — all empty when the question was not
  answered (``format``: « do not imply that any response was received »).
- **values**: a select's values are choice names, or labels in labels mode. In xlsx with
  « Store date and number responses as date and number » (``xls_types_as_text=False``, as
  in the real export) numbers are numbers (``try_get_number``, which also turns a
  numeric choice code such as ``3`` into the number 3), dates are dates
  (``yyyy-mm-dd``), date-times are date-times with their offset dropped
  (``remove_timezone``); otherwise, and always in CSV, every value is the text the
  device sent (``2024-03-05``, ``2024-03-05T09:12:00.000+01:00``). A question not asked
  (relevance false) or not answered is an empty cell (``""`` in CSV).
- **platform columns** after the form's: ``_id``, ``_uuid``, ``_submission_time``,
  ``_validation_status``, ``_notes``, ``_status``, ``_submitted_by``, ``__version__``,
  ``_tags`` (the real export, without ``__version__``), then ``_index`` (KPI forces it);
  the form's own metadata (``start``, ``end``, ``today``, ``deviceid``) are questions of
  the form, and ``meta/instanceID`` (``uuid:…``) ends the form's fields.
- **repeat sheets** end with ``_index``, ``_parent_table_name`` (the parent section's full
  name, not its cut sheet name), ``_parent_index`` and ``_submission_<field>`` copies of the
  submission's platform columns (``_submission__id``, ``_submission__uuid``…).
- **CSV**: ``;`` between fields, every field in double quotes, a quote doubled
  (``to_csv``, RFC 4180).

Formpack writes xlsx with xlsxwriter; this module writes the same cell types with
openpyxl (not installed here: xlsxwriter).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sizeup_helpers.xlsform import Group, Question, Questionnaire

#: The platform's columns of a submission, in the order of KoboToolbox's export.
SYSTEM = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
)
_FORBIDDEN = "[]*?:\\/"
TEXTS = (
    "Très contente de l'accompagnement, merci à l'équipe",
    'Le « café-emploi » du jeudi ; et les "ateliers CV"',
    "Ne sait pas",
    "ne sait pas",
    "Garçon de 12 ans, élève en 5e",
    "01000",
    "Rien à ajouter.\nMerci",
    "Œuvre collective, ça m'a aidé·e",
)
_NO_ANSWER = {"nsp", "ne_sait_pas", "refus"}


# --------------------------------------------------------------------------------------
# Planted answers
# --------------------------------------------------------------------------------------
@dataclass
class Planted:
    """Planted answers of one questionnaire.

    ``main`` has one dict per submission (question name → value, ``None`` when not asked
    or not answered); ``repeats`` one list of rows per repeat group, each row with
    ``_parent`` (the position of its submission in ``main``); ``system`` the platform's
    columns of each submission.
    """

    form: Questionnaire
    main: list[dict[str, Any]]
    repeats: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    system: list[dict[str, Any]] = field(default_factory=list)


def _choices(form: Questionnaire, q: Question) -> list[tuple[str, str]]:
    for cl in form.choice_lists:
        if cl.name == q.choices:
            return [(str(n), str(lab)) for n, lab in cl.choices]
    return []


_REF = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")
_SELECTED = re.compile(r"selected\(\s*\$\{([\w.-]+)\}\s*,\s*'([^']*)'\s*\)")


def relevant(expression: str | None, answers: dict[str, Any]) -> bool:
    """Whether ``expression`` (an XLSForm relevance) holds for ``answers``.

    Handles what the project's forms write: ``${q} = 'v'``, ``!=``, comparisons with
    numbers, ``selected(${q}, 'v')``, ``and``, ``or``, ``not(...)``.
    """
    if not expression:
        return True

    def selected(match):
        value = answers.get(match.group(1))
        return repr(bool(value) and match.group(2) in value)

    text = _SELECTED.sub(selected, expression)
    text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
    text = _REF.sub(lambda m: f"_a[{m.group(1)!r}]", text)
    text = text.replace("not(", "not (")
    try:
        return bool(eval(text, {"__builtins__": {}}, {"_a": _Values(answers)}))  # noqa: S307
    except TypeError:  # a comparison with an unanswered question
        return False


class _Values(dict):
    def __init__(self, answers):
        super().__init__(answers)

    def __missing__(self, key):
        return None


def _value(form: Questionnaire, q: Question, rng: random.Random, row: int) -> Any:
    kind = q.type
    if kind == "integer":
        return rng.choice([0, 1, 7, 12, 34, 120, rng.randint(0, 99)])
    if kind in ("decimal", "range"):
        return rng.choice([0.25, 1234.5, 12.0, round(rng.uniform(0, 2000), 2)])
    if kind == "date":
        return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))
    if kind in ("datetime", "start", "end"):
        return dt.datetime(2024, 3, 5, 9, 12, 30) + dt.timedelta(minutes=rng.randint(0, 9999))
    if kind == "today":
        return dt.date(2024, 3, 5) + dt.timedelta(days=rng.randint(0, 30))
    if kind == "select_one":
        names = [n for n, _ in _choices(form, q)]
        nsp = [n for n in ("nsp", "ne_sait_pas", "refus") if n in names]
        if nsp and row % 5 == 3:  # « ne sait pas » planted on purpose, kept apart from empty
            return nsp[0]
        if q.required and row % 4 != 3:  # a gate (consent) opens 3 times in 4
            return names[0]
        return rng.choice(names)
    if kind == "select_multiple":
        names = [n for n, _ in _choices(form, q)]
        picked = rng.sample(names, rng.randint(1, min(3, len(names))))
        return [n for n in names if n in picked]  # ODK sends them in the list's order
    if kind == "deviceid":
        return f"collect:{rng.randrange(16**12):012X}"
    return TEXTS[(row + rng.randint(0, 7)) % len(TEXTS)]


def _walk(items, groups=()):
    """``(question, enclosing groups)`` of every question, depth first."""
    for item in items:
        if isinstance(item, Group):
            yield from _walk(item.questions, (*groups, item))
        else:
            yield item, groups


def plant_answers(form: Questionnaire, n: int = 10, *, seed: int = 0) -> Planted:
    """Seeded answers for ``form``: every type, « ne sait pas », skipped questions, repeats.

    A question whose relevance (or an enclosing group's) is false is ``None`` (Kobo writes
    an empty cell); an optional question is left unanswered now and then; a repeat group
    gets 0 to 3 rows per submission.
    """
    rng = random.Random(seed)
    main: list[dict[str, Any]] = []
    repeats: dict[str, list[dict[str, Any]]] = {}
    system: list[dict[str, Any]] = []
    for row in range(n):
        answers: dict[str, Any] = {}
        for q, groups in _walk(form.items):
            if q.type == "note" or not q.name:
                continue
            repeat = next((g for g in reversed(groups) if g.repeat), None)
            if repeat is not None:
                continue
            shown = all(relevant(g.relevant, answers) for g in groups)
            shown = shown and relevant(q.relevant, answers)
            skipped = (
                not q.required and q.type not in ("start", "end", "today") and rng.random() < 0.1
            )
            answers[q.name] = _value(form, q, rng, row) if shown and not skipped else None
        main.append(answers)
        for group, inner in _repeat_groups(form.items):
            if not all(relevant(g.relevant, answers) for g in inner):
                continue
            for _ in range(rng.randint(0, 3)):
                child = {"_parent": row}
                for q, _groups in _walk(group.questions):
                    if q.type != "note" and q.name:
                        child[q.name] = _value(form, q, rng, row)
                repeats.setdefault(group.name, []).append(child)
        system.append(
            {
                "_id": 20756000 + 17 * row,
                "_uuid": f"{rng.randrange(16**8):08x}-3d86-4c3e-a99b-{rng.randrange(16**12):012x}",
                "_submission_time": dt.datetime(2024, 5, 4, 21, 28, 46) + dt.timedelta(hours=row),
                "_validation_status": None,
                "_notes": None,
                "_status": "submitted_via_web",
                "_submitted_by": None,
                "__version__": "vSsTgZ4pBmJeQtYcUfXwKq",
                "_tags": None,
            }
        )
    for group, _ in _repeat_groups(form.items):
        repeats.setdefault(group.name, [])
    return Planted(form, main, repeats, system)


def _repeat_groups(items, groups=()):
    for item in items:
        if isinstance(item, Group):
            inner = (*groups, item)
            if item.repeat:
                yield item, inner
            yield from _repeat_groups(item.questions, inner)


# --------------------------------------------------------------------------------------
# The export
# --------------------------------------------------------------------------------------
def sheet_name(name: str, taken=()) -> str:
    """formpack's ``unique_name_for_xls``: forbidden characters, 31 characters, ``(n)``."""
    name = name.translate({ord(c): "_" for c in _FORBIDDEN})
    name = re.sub(r"(^'|'$)", "_", name)

    def cut(ellipsis):
        return name if len(name) <= 31 else name[: 31 - len(ellipsis)] + ellipsis

    candidate, i = cut("..."), 1
    while candidate in taken:
        candidate, i = cut(f"... ({i})"), i + 1
    return candidate


@dataclass
class _Column:
    header: str
    question: Question | None
    choice: str | None = None  # a select_multiple's 0/1 column


def _section_columns(form, items, groups, *, headers, sep, hierarchy, notes):
    out: list[_Column] = []
    for q, inner in _walk(items):
        if not q.name or (q.type == "note" and not notes):
            continue
        path = [*groups, *inner] if hierarchy else []
        if any(g.repeat for g in inner):
            continue  # a nested repeat: its own sheet
        if headers == "labels":
            parts = [g.label or g.name for g in path] + [q.label or q.name]
        else:
            parts = [g.name for g in path] + [q.name]
        header = sep.join(parts)
        out.append(_Column(header, q))
        if q.type == "select_multiple":
            for name, label in _choices(form, q):
                shown = (label or name) if headers == "labels" else name
                out.append(_Column(f"{header}{sep}{shown}", q, name))
    return out


def _number(text: str) -> Any:
    """formpack's ``try_get_number``."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _cell(col: _Column, value: Any, form, *, headers: str, typed: bool) -> Any:
    q = col.question
    if value is None or value == [] or q.type == "note":
        return ""
    label_of = dict(_choices(form, q)) if q.type.startswith("select") else {}
    if col.choice is not None:
        flag = int(col.choice in value)
        return flag if typed else str(flag)
    if q.type == "select_multiple":
        shown = [(label_of.get(v) or v) if headers == "labels" else v for v in value]
        if len(shown) == 1 and typed:
            return _number(shown[0])
        return " ".join(shown)
    if q.type == "select_one":
        shown = (label_of.get(value) or value) if headers == "labels" else value
        return _number(shown) if typed else shown
    if q.type in ("integer", "decimal", "range"):
        return value if typed else str(value)
    if isinstance(value, dt.datetime):
        return value if typed else value.isoformat(timespec="milliseconds") + "+01:00"
    if isinstance(value, dt.date):
        return value if typed else value.isoformat()
    return value


def _system_cell(name: str, value: Any, typed: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value if typed else value.isoformat()
    return value if typed else str(value)


def kobo_export(
    form: Questionnaire,
    answers: Planted | Any,
    path: str | Path,
    *,
    fmt: str = "xlsx",
    headers: str = "xml",
    group_sep: str = "/",
    hierarchy: bool = True,
    types_as_text: bool | None = None,
    notes: bool = True,
    instance_id: bool = True,
    repeats: dict[str, list[dict[str, Any]]] | None = None,
    extra_columns: dict[str, list[Any]] | None = None,
) -> Path:
    """Write ``answers`` to ``path`` as KoboToolbox exports them (see the module's notes).

    Parameters
    ----------
    form
        The questionnaire that collected them.
    answers
        A :class:`Planted`, or the submissions as records or a DataFrame (question name →
        value; a select_multiple value is a list of names), with ``repeats``.
    fmt
        ``"xlsx"`` (one sheet per section) or ``"csv"`` (``;``, the first section only).
    headers
        ``"xml"`` (« XML values and headers ») or ``"labels"``.
    group_sep, hierarchy
        The separator of group paths and whether headers carry them.
    types_as_text
        Numbers and dates written as text in xlsx (default: typed cells, as in the real
        export); CSV is always text.
    notes
        Write a column for each note (empty), as formpack does for every field.
    instance_id
        End the form's fields with ``meta/instanceID``.
    extra_columns
        Columns added to the submissions' sheet after the form's, to make bad inputs.
    """
    import pandas as pd

    if isinstance(answers, Planted):
        main, repeats, system = answers.main, answers.repeats, answers.system
    else:
        records = answers.to_dict("records") if isinstance(answers, pd.DataFrame) else list(answers)
        main, system = records, [{} for _ in records]
        repeats = repeats or {}
    typed = fmt == "xlsx" and not types_as_text
    title = form.title or form.form_id
    sheets: dict[str, list[list[Any]]] = {}
    columns = _section_columns(
        form, form.items, (), headers=headers, sep=group_sep, hierarchy=hierarchy, notes=notes
    )
    has_repeat = any(True for _ in _repeat_groups(form.items))
    head = [c.header for c in columns]
    if instance_id:
        head.append(f"meta{group_sep}instanceID")
    head += list(extra_columns or {})
    head += [*SYSTEM, "_index"]
    rows = []
    for i, (answer, meta) in enumerate(zip(main, system, strict=True), start=1):
        row = [
            _cell(c, answer.get(c.question.name), form, headers=headers, typed=typed)
            for c in columns
        ]
        if instance_id:
            row.append(f"uuid:{meta.get('_uuid', i)}")
        row += [values[i - 1] for values in (extra_columns or {}).values()]
        row += [_system_cell(s, meta.get(s), typed) for s in SYSTEM]
        row.append(i if typed else str(i))
        rows.append(row)
    sheets[title] = [head, *rows]
    if has_repeat and fmt == "xlsx":
        for group, inner in _repeat_groups(form.items):
            child_columns = _section_columns(
                form,
                group.questions,
                inner,
                headers=headers,
                sep=group_sep,
                hierarchy=hierarchy,
                notes=notes,
            )
            copies = [f"_submission_{s}" for s in SYSTEM]
            child_head = [c.header for c in child_columns]
            child_head += ["_index", "_parent_table_name", "_parent_index", *copies]
            child_rows = []
            for j, child in enumerate(repeats.get(group.name, []), start=1):
                parent = child["_parent"]
                row = [
                    _cell(c, child.get(c.question.name), form, headers=headers, typed=typed)
                    for c in child_columns
                ]
                row += [j, title, child.get("_parent_index", parent + 1)]
                row += [_system_cell(s, system[parent].get(s), typed) for s in SYSTEM]
                child_rows.append(row)
            sheets[group.name] = [child_head, *child_rows]
    path = Path(path)
    if fmt == "csv":
        _write_csv(path, sheets[title])
    else:
        _write_xlsx(path, sheets)
    return path


def _write_csv(path: Path, rows: list[list[Any]]) -> None:
    def line(values):
        return '"' + '";"'.join(str(v).replace('"', '""') for v in values) + '"'

    path.write_text("\n".join(line(r) for r in rows) + "\n", encoding="utf-8")


def _write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    taken: list[str] = []
    for name, rows in sheets.items():
        ws = wb.create_sheet(sheet_name(name, taken))
        taken.append(ws.title)
        for row in rows:
            cells = []
            for value in row:
                if value == "" or value is None:
                    cells.append(None)  # xlsxwriter's write("") writes nothing
                elif isinstance(value, dt.datetime):
                    cell = WriteOnlyCell(ws, value)
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                    cells.append(cell)
                elif isinstance(value, dt.date):
                    cell = WriteOnlyCell(ws, value)
                    cell.number_format = "yyyy-mm-dd"  # formpack's default_date_format
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
    wb.save(path)


# --------------------------------------------------------------------------------------
# What the round trip should give back
# --------------------------------------------------------------------------------------
def expected(planted: Planted, section: str | None = None) -> dict[str, list[Any]]:
    """``{column: values}`` the typed table should hold for the planted answers.

    ``section`` is ``None`` for the submissions, or a repeat group's name. Dates and
    date-times are :class:`pandas.Timestamp`, select_multiple answers their names joined
    by spaces in the list's order plus a 0/1 list per choice, missing values ``None``.
    """
    import pandas as pd

    form = planted.form
    if section is None:
        items, rows = (
            [(q, g) for q, g in _walk(form.items) if not any(x.repeat for x in g)],
            planted.main,
        )
    else:
        group = next(g for g, _ in _repeat_groups(form.items) if g.name == section)
        items, rows = list(_walk(group.questions)), planted.repeats[section]
    out: dict[str, list[Any]] = {}
    for q, _ in items:
        if q.type == "note" or not q.name:
            continue
        values = [r.get(q.name) for r in rows]
        if q.type == "select_multiple":
            out[q.name] = [" ".join(v) if v else None for v in values]
            for name, _label in _choices(form, q):
                out[f"{q.name}/{name}"] = [None if not v else int(name in v) for v in values]
        elif q.type in ("date", "today", "datetime", "start", "end"):
            out[q.name] = [None if v is None else pd.Timestamp(v) for v in values]
        else:
            out[q.name] = values
    return out

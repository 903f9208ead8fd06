"""Paper collection of a questionnaire: a printable form and a data-entry workbook (step 07).

Some people answer better on paper (no smartphone, a group session, a first meeting). Two
files are generated from the same :class:`~sizeup_helpers.xlsform.Questionnaire` as the
XLSForm, so that the paper answers come back by the same route as KoboToolbox's:

- :func:`printable_html`: a self-contained HTML page to print (no script, no external
  file). The RGPD information note comes first (RGPD art. 13), questions are numbered,
  choices are boxes to tick, skip logic is said in words (« Si vous avez répondu « Oui » à
  la question 1 : »), and no question name (XML identifier) is shown. French typography:
  a no-break space before « : ; ? ! » and inside « guillemets »
  (Imprimerie nationale, *Lexique des règles typographiques en usage à l'Imprimerie
  nationale*).
- :func:`entry_workbook`: an Excel workbook to type the paper answers in. Sheet
  :data:`ENTRY_SHEET` has one column per question, headed by the question's name (the
  XLSForm ``name``, as in a KoboToolbox export); a select_multiple question has one 0/1
  column per choice (``question/choix``, Kobo's layout), since a drop-down list takes one
  value. Input checks (openpyxl ``DataValidation``, one per question): drop-down lists of
  the choice codes, whole or decimal numbers within the form's bounds, dates. Sheet
  :data:`CODES_SHEET` explains every code and what to type; sheet :data:`HELP_SHEET` says
  how to type (one line per paper form, « ne sait pas » is a code while an empty cell is a
  missing answer). The filled workbook is read back by
  :func:`sizeup_helpers.form_answers.read_form_answers` with the XLSForm, as a Kobo export.

Input checks only guard against typing slips: they are not the form's skip logic, and the
person typing copies what is on the paper, including an answer the paper should have
skipped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from .french import NBSP
from .spreadsheet import workbook_bytes
from .xlsform import Group, Question, Questionnaire

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CODES_SHEET",
    "ENTRY_ROWS",
    "ENTRY_SHEET",
    "HELP_SHEET",
    "condition_in_words",
    "entry_codes",
    "entry_columns",
    "entry_workbook",
    "printable_html",
]

#: The sheet where the paper answers are typed, one line per paper form.
ENTRY_SHEET = "Saisie"
#: The sheet explaining each column and code.
CODES_SHEET = "Codes"
#: The sheet saying how to type.
HELP_SHEET = "Mode d'emploi"
#: Lines of :data:`ENTRY_SHEET` prepared with input checks.
ENTRY_ROWS = 1000

_NNBSP = "\u202f"
_SELECTS = ("select_one", "select_multiple")
_CHECKED = ("select_one", "select_multiple", "integer", "decimal", "date")
_BOUND = re.compile(r"\.\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)")
_CONDITION = re.compile(
    r"^\s*(?:\$\{(\w+)\}\s*(!=|=)\s*'([^']*)'|selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\))\s*$"
)
_FIRST_DATE, _LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)


# --------------------------------------------------------------------------------------
# Shared: numbering and conditions
# --------------------------------------------------------------------------------------
def _walk(items: list[Question | Group]) -> Iterator[Question | Group]:
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from _walk(item.questions)


def _numbers(q: Questionnaire) -> dict[str, int]:
    """Question name -> its number on paper (notes are not numbered)."""
    answerable = [x for x in q.questions() if x.type != "note"]
    return {x.name: n for n, x in enumerate(answerable, start=1)}


def _escape(text: str) -> str:
    return html.escape(str(text), quote=False)


def _typo(text: str) -> str:
    """French typography: no-break spaces inside « » and before : ; ? !."""
    text = re.sub(r"«\s*", "«" + NBSP, str(text))
    text = re.sub(r"\s*»", NBSP + "»", text)
    text = re.sub(r"\s+:(?=\s|$)", NBSP + ":", text)
    return re.sub(r"\s+([;?!])", _NNBSP + r"\1", text)


def condition_in_words(relevant: str | None, q: Questionnaire) -> str:
    """A skip-logic expression said in French for a paper form.

    ``${emploi} = 'oui'`` becomes « Si vous avez répondu « Oui » à la question 4 »;
    ``!=`` « Si vous n'avez pas répondu … », ``selected(${x}, 'v')`` « Si vous avez coché
    … », ``and`` / ``or`` join the parts with « et » / « ou ». Another expression gives
    « Seulement dans certains cas : … » with each ``${name}`` replaced by « la question N ».
    Empty for no condition.

    >>> from sizeup_helpers.xlsform import ChoiceList, Question, Questionnaire
    >>> form = Questionnaire("T", "t", items=[Question("emploi", "Emploi ?", "select_one",
    ...     "on")], choice_lists=[ChoiceList("on", [("oui", "Oui"), ("non", "Non")])])
    >>> condition_in_words("${emploi} = 'oui'", form)
    'Si vous avez répondu « Oui » à la question 1'
    """
    if not relevant or not relevant.strip():
        return ""
    numbers = _numbers(q)
    questions = {x.name: x for x in q.questions()}
    lists = {cl.name: dict(cl.choices) for cl in q.choice_lists}

    def one(part: str) -> str | None:
        m = _CONDITION.match(part)
        if m is None:
            return None
        name = m.group(1) or m.group(4)
        value = m.group(3) if m.group(1) else m.group(5)
        question = questions.get(name)
        if question is None or name not in numbers:
            return None
        label = lists.get(question.choices or "", {}).get(value, value)
        where = f"à la question {numbers[name]}"
        if m.group(4):
            return f"vous avez coché « {label} » {where}"
        if m.group(2) == "!=":
            return f"vous n'avez pas répondu « {label} » {where}"
        return f"vous avez répondu « {label} » {where}"

    for joiner, word in ((" and ", " et si "), (" or ", " ou si ")):
        parts = relevant.split(joiner)
        said = [one(p) for p in parts]
        if all(said):
            return "Si " + word.join(said)  # type: ignore[arg-type]

    def number(m: re.Match[str]) -> str:
        n = numbers.get(m.group(1))
        return f"la question {n}" if n else "une autre question"

    return "Seulement dans certains cas : " + re.sub(r"\$\{(\w+)\}", number, relevant.strip())


def _bounds(question: Question) -> tuple[float | None, float | None]:
    """(low, high) read from a constraint such as ``. >= 0 and . <= 600``."""
    low = high = None
    for op, value in _BOUND.findall(question.constraint or ""):
        number = float(value)
        if op.startswith(">"):
            low = number
        else:
            high = number
    return low, high


# --------------------------------------------------------------------------------------
# Printable form
# --------------------------------------------------------------------------------------
_STYLE = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45;"
    "font-size:11.5pt}h1{font-size:1.5em}h2{border-bottom:1px solid #888;"
    "page-break-after:avoid;margin-top:1.6em}.rgpd{border:2px solid #333;padding:.6em 1em}"
    ".question{page-break-inside:avoid;margin:1.1em 0}.numero{font-weight:bold}"
    ".condition{font-style:italic;margin-bottom:.2em}.aide{color:#444;font-size:.92em}"
    "ul.choix{list-style:none;padding-left:1.2em;margin:.3em 0}ul.choix li{margin:.25em 0}"
    ".case{display:inline-block;width:.9em;height:.9em;border:1.5px solid #000;"
    "margin-right:.5em;vertical-align:-.1em}.ligne{border-bottom:1px solid #000;"
    "height:1.8em;margin:.2em 0}.court{display:inline-block;width:8em}"
    ".note{margin:1em 0}@media print{body{margin:0 auto}}"
)


def _answer_html(question: Question, q: Questionnaire) -> str:
    e = _escape
    if question.type in _SELECTS:
        choices = next((cl.choices for cl in q.choice_lists if cl.name == question.choices), [])
        how = (
            "Une seule réponse."
            if question.type == "select_one"
            else "Plusieurs réponses possibles : cochez toutes celles qui conviennent."
        )
        boxes = "".join(
            f'<li><span class="case"></span>{e(_typo(label))}</li>' for _, label in choices
        )
        return f'<div class="aide">{e(_typo(how))}</div><ul class="choix">{boxes}</ul>'
    if question.type == "integer":
        return '<div>Nombre entier : <span class="ligne court"></span></div>'.replace(
            " :", NBSP + ":"
        )
    if question.type == "decimal":
        return '<div>Nombre (virgule permise) : <span class="ligne court"></span></div>'.replace(
            " :", NBSP + ":"
        )
    if question.type == "date":
        return "<div>Jour ____ / mois ____ / année ________</div>"
    return '<div class="ligne"></div><div class="ligne"></div>'


def printable_html(questionnaire: Questionnaire) -> str:
    """The questionnaire as a self-contained HTML page for paper collection.

    The first note (the RGPD information of :func:`~sizeup_helpers.item_bank.
    build_questionnaire`) opens the page in a frame; each question has its number, its
    condition in words (:func:`condition_in_words`), its help line, and boxes, lines or a
    date to fill in. No question name is shown: the page is for the person who answers.

    Returns
    -------
    str
        UTF-8 HTML, no script and no external file (prints the same offline).
    """
    e = _escape
    numbers = _numbers(questionnaire)
    body = [f"<h1>{e(_typo(questionnaire.title))}</h1>"]
    first_note = True

    def render(items: list[Question | Group]) -> None:
        nonlocal first_note
        for item in items:
            condition = condition_in_words(item.relevant, questionnaire)
            if isinstance(item, Group):
                body.append(f"<h2>{e(_typo(item.label))}</h2>")
                if condition:
                    body.append(
                        f'<p class="condition">{e(_typo(condition))}, répondez aux questions '
                        "de cette partie ; sinon, passez-la.</p>"
                    )
                render(item.questions)
                continue
            cond = f'<div class="condition">{e(_typo(condition))}{NBSP}:</div>' if condition else ""
            if item.type == "note":
                if first_note:
                    body.append(
                        '<div class="rgpd"><strong>Information sur vos données '
                        f"(RGPD)</strong><p>{e(_typo(item.label))}</p></div>"
                    )
                    first_note = False
                else:
                    body.append(f'<div class="note">{cond}<p>{e(_typo(item.label))}</p></div>')
                continue
            first_note = False
            hint = " ".join(x for x in (item.hint, item.constraint_message) if x)
            parts = [
                '<div class="question">',
                cond,
                f'<div><span class="numero">{numbers[item.name]}.</span> '
                f"{e(_typo(item.label))}</div>",
            ]
            if hint:
                parts.append(f'<div class="aide">{e(_typo(hint))}</div>')
            parts += [_answer_html(item, questionnaire), "</div>"]
            body.append("".join(parts))

    render(questionnaire.items)
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{e(_typo(questionnaire.title))}</title><style>{_STYLE}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


# --------------------------------------------------------------------------------------
# Data-entry workbook
# --------------------------------------------------------------------------------------
def entry_columns(questionnaire: Questionnaire) -> list[tuple[str, Question, str | None]]:
    """The columns of the entry sheet: ``(header, question, choice or None)``.

    One column per answerable question (notes left out), named by the question; a
    select_multiple question has one 0/1 column per choice, ``question/choix``.
    """
    lists = {cl.name: cl.choices for cl in questionnaire.choice_lists}
    out: list[tuple[str, Question, str | None]] = []
    for question in questionnaire.questions():
        if question.type == "note":
            continue
        if question.type == "select_multiple":
            for name, _label in lists.get(question.choices or "", []):
                out.append((f"{question.name}/{name}", question, name))
        else:
            out.append((question.name, question, None))
    return out


def entry_codes(questionnaire: Questionnaire) -> pd.DataFrame:
    """The « Codes » sheet of :func:`entry_workbook` as a table.

    One row per code of each select_one column, one row per 0/1 column of a
    select_multiple, one row per other column; columns ``Colonne`` (header of the entry
    sheet), ``N° sur le papier``, ``Question``, ``Ce qu'on saisit``, ``Code``, ``Réponse``.
    """
    import pandas as pd

    numbers = _numbers(questionnaire)
    lists = {cl.name: cl.choices for cl in questionnaire.choice_lists}
    rows = []
    for name, question, choice in entry_columns(questionnaire):
        base = [name, numbers[question.name], question.label, _what_to_type(question)]
        if question.type == "select_one":
            rows += [[*base, code, label] for code, label in lists.get(question.choices or "", [])]
        elif choice is not None:
            label = dict(lists.get(question.choices or "", [])).get(choice, choice)
            rows.append([*base, "1", label])
        else:
            rows.append([*base, "", ""])
    columns = ["Colonne", "N° sur le papier", "Question", "Ce qu'on saisit", "Code", "Réponse"]
    return pd.DataFrame(rows, columns=columns)


def _what_to_type(question: Question) -> str:
    low, high = _bounds(question)
    if question.type in ("integer", "decimal"):
        kind = "un nombre entier" if question.type == "integer" else "un nombre (virgule permise)"
        if low is not None and high is not None:
            return f"{kind} de {low:g} à {high:g}".replace(".", ",")
        return kind
    if question.type == "date":
        return "une date, jour/mois/année (par exemple 05/03/2027)"
    if question.type == "select_one":
        return "le code de la case cochée (liste déroulante)"
    if question.type == "select_multiple":
        return "1 si la case est cochée, 0 si elle ne l'est pas (liste déroulante)"
    return "le texte écrit sur le papier, tel quel"


def _validation(question: Question, choice_range: str | None):
    """The openpyxl DataValidation of one question (or None for text)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "Saisie refusée"}
    if question.type == "select_one":
        return DataValidation(
            type="list",
            formula1=choice_range,
            error="Choisissez un code de la liste (voir la feuille « Codes »).",
            **common,
        )
    if question.type == "select_multiple":
        return DataValidation(
            type="list",
            formula1='"0,1"',
            error="Tapez 1 si la case est cochée, 0 sinon.",
            **common,
        )
    if question.type in ("integer", "decimal"):
        low, high = _bounds(question)
        low = -1e9 if low is None else low
        high = 1e9 if high is None else high
        what = "un nombre entier" if question.type == "integer" else "un nombre"
        return DataValidation(
            type="whole" if question.type == "integer" else "decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
            error=f"Tapez {what} entre {low:g} et {high:g}.",
            **common,
        )
    if question.type == "date":
        serial = lambda d: (d - date(1899, 12, 30)).days  # noqa: E731 - Excel's day count
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(serial(_FIRST_DATE)),
            formula2=str(serial(_LAST_DATE)),
            error="Tapez une date, par exemple 05/03/2027.",
            **common,
        )
    return None


_HELP = (
    "Ce classeur sert à saisir les questionnaires remplis sur papier, pour qu'ils soient lus "
    "comme les réponses recueillies en ligne (même formulaire, mêmes codes).",
    "",
    "1. Une ligne de la feuille « Saisie » par questionnaire papier, dans l'ordre des "
    "colonnes ; ne changez pas les en-têtes (ce sont les noms des questions du formulaire).",
    "2. Pour une case cochée, choisissez son code dans la liste déroulante ; la feuille "
    "« Codes » dit ce que veut dire chaque code.",
    "3. Pour une question à plusieurs réponses, une colonne par case : 1 si elle est "
    "cochée, 0 sinon.",
    "4. « Je ne sais pas » et « Je préfère ne pas répondre » ont leur code (nsp, refus) : "
    "saisissez-le. Une case vide veut dire que la personne n'a pas répondu, ou que la "
    "question ne la concernait pas : ne mettez jamais 0 ou « nsp » à la place d'une réponse "
    "absente.",
    "5. Nombres et dates : le classeur refuse ce qui n'est pas un nombre ou une date. Tapez "
    "ce qui est écrit, sans arrondir ; si c'est illisible, laissez vide et notez-le à part.",
    "6. Le code personnel s'écrit comme sur le papier (par exemple KTR-472) ; ne tapez "
    "jamais de nom, d'initiales ni de date de naissance à sa place.",
    "7. Rangez les questionnaires papier sous clé et détruisez-les à la fin de la durée de "
    "conservation annoncée sur leur première page (RGPD, article 5.1.e).",
    "",
    "Ensuite : lisez ce classeur avec read_form_answers(classeur, formulaire XLSForm) ; les "
    "réponses saisies rejoignent celles de KoboToolbox.",
)


def entry_workbook(questionnaire: Questionnaire) -> bytes:
    """A data-entry workbook for the paper answers of ``questionnaire`` (``.xlsx`` bytes).

    Sheets :data:`ENTRY_SHEET` (one column per question, :func:`entry_columns`, each
    header with the question's number and text as a comment; :data:`ENTRY_ROWS` lines
    with input checks), :data:`CODES_SHEET` (each column: its number on paper, the
    question, what to type, its codes and their labels) and :data:`HELP_SHEET`.

    One ``DataValidation`` per select, number or date question: a drop-down list of the
    choice codes (or 0/1 for the columns of a select_multiple), whole or decimal numbers
    within the bounds of the form's constraint, dates between 1900 and 2100.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    questionnaire.check()
    numbers = _numbers(questionnaire)
    columns = entry_columns(questionnaire)
    select_one = {name for name, question, _ in columns if question.type == "select_one"}
    wb = Workbook()
    entry = wb.active
    entry.title = ENTRY_SHEET
    codes = wb.create_sheet(CODES_SHEET)
    help_sheet = wb.create_sheet(HELP_SHEET)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")

    table = entry_codes(questionnaire)
    codes.append(list(table.columns))
    ranges: dict[str, str] = {}
    for name, rows in table.groupby("Colonne", sort=False):
        start = codes.max_row + 1
        for row in rows.itertuples(index=False):
            codes.append([x.item() if hasattr(x, "item") else x for x in row])
        if name in select_one:
            ranges[name] = f"'{CODES_SHEET}'!$E${start}:$E${codes.max_row}"
    for row in codes.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    for cell in codes[1]:
        cell.font, cell.fill = bold, fill
    for letter, width in zip("ABCDEF", (28, 10, 60, 45, 16, 45), strict=True):
        codes.column_dimensions[letter].width = width
    codes.freeze_panes = "A2"

    last = ENTRY_ROWS + 1
    validations: dict[str, object] = {}
    for index, (name, question, _choice) in enumerate(columns, start=1):
        cell = entry.cell(row=1, column=index, value=name)
        cell.data_type = "s"
        cell.font, cell.fill = bold, fill
        cell.comment = Comment(f"Question {numbers[question.name]} : {question.label}", "Size Up")
        letter = get_column_letter(index)
        entry.column_dimensions[letter].width = max(12, min(len(name) + 2, 30))
        span = f"{letter}2:{letter}{last}"
        if question.type == "date":
            for (c,) in entry.iter_rows(min_row=2, max_row=last, min_col=index, max_col=index):
                c.number_format = "DD/MM/YYYY"
        if question.type == "text":
            for (c,) in entry.iter_rows(min_row=2, max_row=last, min_col=index, max_col=index):
                c.number_format = "@"  # typed text stays text (a code « 01 », « =… »)
        if question.type not in _CHECKED:
            continue
        dv = validations.get(question.name)
        if dv is None:
            dv = _validation(question, ranges.get(name))
            validations[question.name] = dv
            entry.add_data_validation(dv)
        dv.add(span)
    entry.freeze_panes = "A2"

    help_sheet.column_dimensions["A"].width = 110
    help_sheet.append([HELP_SHEET])
    help_sheet["A1"].font = Font(bold=True, size=13)
    for line in (f"Questionnaire : {questionnaire.title}", "", *_HELP):
        help_sheet.append([line])
    for (cell,) in help_sheet.iter_rows(min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.data_type = "s"
    return workbook_bytes(wb)  # the same bytes from run to run

"""A questionnaire model and its XLSForm export, checked offline with pyxform (step 07).

A :class:`Questionnaire` holds :class:`Question` objects, optionally in :class:`Group`
objects, and the :class:`ChoiceList` objects its select questions use. :func:`to_xlsform`
writes it as an XLSForm workbook (sheets ``survey``, ``choices`` and ``settings``, as
described at https://xlsform.org and read by KoboToolbox and ODK Collect);
:func:`check_xlsform` converts a workbook with pyxform without network access
(``validate=False``: ODK Validate, a Java program, is not run) and says pyxform's errors in
French, naming the sheet and the row; :func:`read_xlsform` reads a workbook back into the
model.

Choices:

- Names (of questions, groups, choice lists and choices) are ASCII letters, digits and
  ``_``, not starting with a digit. pyxform accepts accents in names, but the names become
  column headers of the answers' export and XML tags, and an accent there breaks many
  tools; :func:`suggest_name` makes one from a French label.
- Labels, hints and constraint messages are written in the form's one language, declared
  as ``default_language`` in ``settings`` and used as column suffix
  (``label::Français (fr)``, the ``Name (code)`` form XLSForm recommends so that Enketo and
  ODK Collect know the language), so that KoboToolbox shows « Français » as the form's
  language.
- Every text cell is written as text, never as a formula: a label typed by a coach such as
  « =SOMME(A1) » or « +33 6… » stays that text when the workbook is opened in a spreadsheet
  (the rule of :mod:`sizeup_helpers.spreadsheet`, OWASP « CSV Injection »).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import QuestionnaireError
from .french import quoted, quoted_list, slugify
from .spreadsheet import workbook_bytes

__all__ = [
    "LANGUAGE",
    "TYPES",
    "ChoiceList",
    "Group",
    "Question",
    "Questionnaire",
    "check_xlsform",
    "read_xlsform",
    "suggest_name",
    "to_xlsform",
    "xlsform_bytes",
    "xlsform_warnings",
]

#: The question types the model writes (XLSForm names).
TYPES: tuple[str, ...] = (
    "select_one",
    "select_multiple",
    "integer",
    "decimal",
    "date",
    "text",
    "note",
)
#: The form's language, as XLSForm wants it: « Name (code) », code from IANA/ISO 639-1.
LANGUAGE = "Français (fr)"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A choice may be named by a number (Likert scales coded 1 to 5, as KoboToolbox and ODK forms
# often are); no space, since a select_multiple answer lists its choices separated by spaces
_CHOICE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_SELECTS = ("select_one", "select_multiple")
_NAME_RULE = (
    "un nom ne contient que des lettres sans accent, des chiffres et « _ », "
    "sans espace et sans commencer par un chiffre"
)


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------
@dataclass
class Question:
    """One question (or a note) of a questionnaire.

    Parameters
    ----------
    name : str
        XML name, the column header of the answers (``age``, ``code_repondant``).
    label : str
        The question as the respondent reads it, in French.
    type : str
        One of :data:`TYPES`.
    choices : str, optional
        Name of the :class:`ChoiceList` of a ``select_one`` / ``select_multiple``.
    required : bool
        The respondent must answer.
    relevant : str, optional
        Skip logic in XLSForm syntax, e.g. ``${emploi} = 'oui'``: the question is shown
        only when the expression is true.
    constraint, constraint_message : str, optional
        A check of the answer (``. >= 16``, ``regex(., '^[A-Z]{2}[0-9]{4}$')``) and the
        French message shown when it fails.
    hint : str, optional
        A help line under the question.
    """

    name: str
    label: str
    type: str = "text"
    choices: str | None = None
    required: bool = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: str | None = None
    hint: str | None = None


@dataclass
class ChoiceList:
    """The answers of select questions: ``choices`` are ``(name, label)`` pairs."""

    name: str
    choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Group:
    """Questions shown together (one page in KoboToolbox), optionally under a condition.

    ``repeat=True`` makes a repeat group (answered once per member, visit…), as read back
    from an existing form by :func:`read_xlsform`.
    """

    name: str
    label: str
    questions: list[Question | Group] = field(default_factory=list)
    relevant: str | None = None
    repeat: bool = False


@dataclass
class Questionnaire:
    """A questionnaire: its items (questions and groups, in order) and its choice lists."""

    title: str
    form_id: str
    version: str = ""
    items: list[Question | Group] = field(default_factory=list)
    choice_lists: list[ChoiceList] = field(default_factory=list)
    language: str = LANGUAGE

    def questions(self) -> list[Question]:
        """Every question, those inside groups included, in form order."""
        return [q for q in _walk(self.items) if isinstance(q, Question)]

    def check(self) -> None:
        """Raise :class:`~sizeup_helpers.errors.QuestionnaireError` on the first problem.

        Checked: names (valid, unique), types, every select has an existing choice list,
        every choice list has choices with valid and unique names, every ``${name}`` in a
        ``relevant`` or ``constraint`` is a question of the form.
        """
        _check_name(self.form_id, "L'identifiant du formulaire (form_id)")
        lists: dict[str, ChoiceList] = {}
        for cl in self.choice_lists:
            _check_name(cl.name, f"La liste de réponses {quoted(cl.name)}")
            if cl.name in lists:
                raise QuestionnaireError(
                    f"Deux listes de réponses s'appellent {quoted(cl.name)} : "
                    "donnez un nom différent à chacune."
                )
            lists[cl.name] = cl
            if not cl.choices:
                raise QuestionnaireError(
                    f"La liste de réponses {quoted(cl.name)} n'a aucune réponse : "
                    "ajoutez ses réponses (nom, libellé) ou retirez-la."
                )
            seen: set[str] = set()
            for choice_name, _label in cl.choices:
                if not _CHOICE_NAME.fullmatch(str(choice_name)):
                    raise QuestionnaireError(
                        f"La réponse {quoted(choice_name)} de la liste {quoted(cl.name)} a "
                        "un nom invalide : le nom d'une réponse ne contient que des lettres "
                        "sans accent, des chiffres, « _ » et « - », sans espace. "
                        f"Proposition : {quoted(suggest_name(str(choice_name)))}."
                    )
                if choice_name in seen:
                    raise QuestionnaireError(
                        f"La liste {quoted(cl.name)} contient deux fois la réponse "
                        f"{quoted(choice_name)} : gardez-en une seule."
                    )
                seen.add(choice_name)
        names: set[str] = set()
        for item in _walk(self.items):
            what = "Le groupe" if isinstance(item, Group) else "La question"
            _check_name(item.name, f"{what} {quoted(item.name)} ({quoted(item.label)})")
            if item.name in names:
                raise QuestionnaireError(
                    f"Le nom {quoted(item.name)} est donné à deux questions ou groupes : "
                    "chaque nom doit être unique, renommez l'un d'eux "
                    f"(par exemple {quoted(item.name + '_2')})."
                )
            names.add(item.name)
            if not str(item.label or "").strip():
                raise QuestionnaireError(
                    f"{what} {quoted(item.name)} n'a pas de libellé : écrivez le texte que "
                    "la personne interrogée lira."
                )
            if isinstance(item, Question):
                _check_question(item, lists)
        columns = {"relevant": "La condition d'affichage", "constraint": "La contrainte"}
        for item in _walk(self.items):
            what = "du groupe" if isinstance(item, Group) else "de la question"
            for column, label in columns.items():
                for ref in _REFERENCE.findall(getattr(item, column, None) or ""):
                    if ref not in names:
                        raise QuestionnaireError(
                            f"{label} ({column}) {what} {quoted(item.name)} cite "
                            f"${{{ref}}}, qui n'est le nom d'aucune question du "
                            "questionnaire : corrigez le nom ou ajoutez la question."
                        )


def _walk(items: list[Question | Group]) -> Iterator[Question | Group]:
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from _walk(item.questions)


def _check_name(name: str, what: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise QuestionnaireError(
            f"{what} a un nom invalide, {quoted(name)} : {_NAME_RULE}. "
            f"Proposition : {quoted(suggest_name(name))}."
        )


def _check_question(q: Question, lists: dict[str, ChoiceList]) -> None:
    if q.type not in TYPES:
        raise QuestionnaireError(
            f"La question {quoted(q.name)} a un type inconnu, {quoted(q.type)} : "
            f"choisissez parmi {quoted_list(TYPES)}."
        )
    if q.type in _SELECTS:
        if not q.choices:
            raise QuestionnaireError(
                f"La question {quoted(q.name)} est un choix ({q.type}) sans liste de "
                "réponses : indiquez le nom de sa liste (choices)."
            )
        if q.choices not in lists:
            raise QuestionnaireError(
                f"La question {quoted(q.name)} utilise la liste de réponses "
                f"{quoted(q.choices)}, qui n'existe pas : ajoutez cette liste au "
                "questionnaire ou corrigez son nom."
            )


def suggest_name(label: str) -> str:
    """A valid question name made from a French label.

    >>> suggest_name("Âge au 1er janvier")
    'age_au_1er_janvier'
    >>> suggest_name("2e vague : situation")
    'q_2e_vague_situation'
    """
    name = slugify(label).replace("-", "_")[:40].strip("_") or "question"
    return "q_" + name if name[0].isdigit() else name


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
_SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{LANGUAGE}",
    f"hint::{LANGUAGE}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{LANGUAGE}",
)


def _survey_rows(items: list[Question | Group]) -> Iterator[list[str]]:
    for item in items:
        if isinstance(item, Group):
            kind = "repeat" if item.repeat else "group"
            yield [f"begin_{kind}", item.name, item.label, "", "", item.relevant or "", "", ""]
            yield from _survey_rows(item.questions)
            yield [f"end_{kind}", "", "", "", "", "", "", ""]
        else:
            kind = f"{item.type} {item.choices}" if item.type in _SELECTS else item.type
            yield [
                kind,
                item.name,
                item.label,
                item.hint or "",
                "yes" if item.required else "",
                item.relevant or "",
                item.constraint or "",
                item.constraint_message or "",
            ]


def xlsform_bytes(questionnaire: Questionnaire) -> bytes:
    """``questionnaire`` as the bytes of an XLSForm workbook (``.xlsx``).

    The questionnaire is checked first (:meth:`Questionnaire.check`); every text cell is
    stored as text (never as a formula). A step writes these bytes with
    ``ws.write_bytes``; :func:`to_xlsform` writes them to a path.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    questionnaire.check()
    language = questionnaire.language
    survey_columns = [c.replace(LANGUAGE, language) for c in _SURVEY_COLUMNS]
    sheets = {
        "survey": (survey_columns, list(_survey_rows(questionnaire.items))),
        "choices": (
            ["list_name", "name", f"label::{language}"],
            [[cl.name, n, lab] for cl in questionnaire.choice_lists for n, lab in cl.choices],
        ),
        "settings": (
            ["form_title", "form_id", "version", "default_language"],
            [[questionnaire.title, questionnaire.form_id, questionnaire.version, language]],
        ),
    }
    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for title, (header, rows) in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate([header, *rows], start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with = + - @
                if r == 1:
                    cell.font, cell.fill = bold, fill
        ws.freeze_panes = "A2"
        for c, name in enumerate(header, start=1):
            longest = max([len(str(row[c - 1] or "")) for row in rows] + [len(name)])
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = min(
                max(longest + 2, 10), 60
            )
    return workbook_bytes(wb)  # the same bytes from run to run


def to_xlsform(questionnaire: Questionnaire, path: str | Path) -> Path:
    """Write ``questionnaire`` as an XLSForm workbook at ``path`` and return the path.

    The questionnaire is checked first (:meth:`Questionnaire.check`); nothing is written
    when it fails. The file is written atomically (:func:`xlsform_bytes`).
    """
    from .workspace import atomic_path

    data = xlsform_bytes(questionnaire)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


# --------------------------------------------------------------------------------------
# Checking with pyxform
# --------------------------------------------------------------------------------------
_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_SHEET = re.compile(r"On the '(\w+)' sheet")
_KIND = {"group": "groupe", "repeat": "groupe répété"}
_TRANSLATIONS: tuple[tuple[re.Pattern[str], Callable[..., str]], ...] = (
    (
        re.compile(r"Unknown question type '(select_one|select_multiple)'"),
        lambda t: (
            f"la question de type {t} n'a pas de liste de réponses ; écrivez le nom de sa "
            f"liste après le type, par exemple « {t} oui_non », et ajoutez cette liste à la "
            "feuille « choices »"
        ),
    ),
    (
        re.compile(r"Unknown question type '([^']*)'"),
        lambda t: (
            f"le type {quoted(t)} est inconnu ; utilisez un type XLSForm (text, "
            "integer, decimal, date, select_one liste, select_multiple liste, note, "
            "begin_group…)"
        ),
    ),
    (
        re.compile(r"the 'name' value '([^']*)' is invalid\. Questions, groups, and repeats"),
        lambda n: (
            f"le nom {quoted(n)} est déjà utilisé dans le même groupe ; chaque nom "
            "doit être unique, renommez l'une des deux lignes"
        ),
    ),
    (
        re.compile(r"Unmatched 'begin_(group|repeat)'.*name '([^']*)'"),
        lambda k, n: (
            f"le {_KIND[k]} {quoted(n)} s'ouvre (begin_{k}) sans ligne de fin "
            f"(end_{k}) ; ajoutez-la après sa dernière question"
        ),
    ),
    (
        re.compile(r"Unmatched 'end_(group|repeat)'"),
        lambda k: f"une ligne end_{k} n'a pas de begin_{k} avant elle ; retirez-la",
    ),
    (
        re.compile(r"'(\w+)' value is invalid\. Reference variables .*name '([^']*)'"),
        lambda c, n: (
            f"la colonne {quoted(c)} cite ${{{n}}}, qui n'est le nom d'aucune "
            "question ; corrigez le nom"
        ),
    ),
    (
        re.compile(r"There should be a choices sheet"),
        lambda: "la feuille « choices » manque ou n'a pas les colonnes list_name, name et label",
    ),
    (
        re.compile(r"List name not in choices sheet: (\S+)"),
        lambda n: f"la liste de réponses {quoted(n)} n'existe pas dans la feuille « choices »",
    ),
)


def _french(message: str) -> str:
    for pattern, say in _TRANSLATIONS:
        m = pattern.search(message)
        if m:
            return say(*m.groups())
    return f"pyxform refuse le formulaire (« {message.strip()} »)"


def _row_of_type(path: Path, type_name: str) -> int | None:
    """The first row of sheet ``survey`` whose type is ``type_name`` (pyxform omits it)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
        try:
            rows = wb["survey"].iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows)]
            col = header.index("type")
            for r, row in enumerate(rows, start=2):
                if col < len(row) and str(row[col] or "").strip() == type_name:
                    return r
        finally:
            wb.close()
    except Exception:  # the message is still useful without a row
        return None
    return None


def _convert(path: str | Path):
    """pyxform's ``ConvertResult`` for ``path``; its errors raised in French."""
    from pyxform.errors import PyXFormError, PyXFormReadError
    from pyxform.xls2xform import convert

    path = Path(path)
    if not path.is_file():
        raise QuestionnaireError(f"Le formulaire {quoted(str(path))} est introuvable.")
    try:
        return convert(xlsform=str(path), validate=False, warnings=[])
    except PyXFormError as exc:
        message = str(exc)
        unreadable = isinstance(exc, PyXFormReadError) or "not recognized as a" in message
    except Exception:  # a damaged workbook: zip, XML, openpyxl errors
        unreadable = True
    if unreadable:
        raise QuestionnaireError(
            f"Le formulaire {quoted(path.name)} ne peut pas être lu comme un classeur "
            "XLSForm (fichier abîmé, téléchargement incomplet ou autre format) : "
            "enregistrez-le de nouveau au format .xlsx."
        ) from None
    row = _ROW.search(message)
    sheet = _SHEET.search(message)
    line = int(row.group(1)) if row else None
    unknown = re.search(r"Unknown question type '([^']*)'", message)
    if line is None and unknown:
        line = _row_of_type(path, unknown.group(1))
    where = f"feuille {quoted(sheet.group(1) if sheet else 'survey')}"
    if line is not None:
        where += f", ligne {line}"
    elif not sheet and not unknown:
        where = ""
    place = f" ({where})" if where else ""
    raise QuestionnaireError(
        f"Le formulaire {quoted(path.name)} n'est pas un XLSForm valide{place} : "
        f"{_french(message)}."
    )


def check_xlsform(path: str | Path) -> str:
    """Convert the XLSForm at ``path`` with pyxform offline; return the XForm XML text.

    pyxform's warnings (the form converts, but something may go wrong on a phone or in
    the analysis) are given in French by :func:`xlsform_warnings`.

    Raises
    ------
    QuestionnaireError
        The file is missing or unreadable, or pyxform refuses it; the French message
        names the sheet and the row when pyxform gives them.
    """
    return _convert(path).xform


# pyxform 4.x warnings (pyxform/xls2json.py, errors.py ErrorCode, validators/pyxform/*):
# pattern -> (sheet or None when the message names it, French text from the groups)
_QUOTED = re.compile(r"'([^']*)'")
_WARNING_ROW = r"\[row\s*:\s*(\d+)\]\s*"
_WARNINGS: tuple[tuple[re.Pattern[str], str | None, Callable[..., str]], ...] = (
    (
        re.compile(
            _WARNING_ROW + r"On the 'survey' sheet, the 'name' value '([^']*)' is "
            "problematic. The name is a case-insensitive match"
        ),
        "survey",
        lambda n: (
            f"le nom {quoted(n)} ne diffère d'un autre nom que par les majuscules ; des "
            "outils d'analyse ne les distinguent pas : renommez l'un des deux"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"On the 'choices' sheet, the 'label' value is invalid"),
        "choices",
        lambda: "cette réponse n'a pas de libellé ; écrivez le texte que la personne lira",
    ),
    (
        re.compile(
            r"\[row\s*:\s*(1)\]\s*On the 'choices' sheet, the '([^']*)' value is "
            "invalid. Column headers"
        ),
        "choices",
        lambda h: (
            f"l'en-tête de colonne {quoted(h)} est vide ou contient une espace ; "
            "corrigez-le (list_name, name, label…)"
        ),
    ),
    (
        re.compile(
            r"When looking for a sheet named '(\w+)', the following sheets with "
            r"similar names were found: (.*?)\. If you"
        ),
        None,
        lambda key, found: (
            f"une feuille s'appelle {quoted_list(_QUOTED.findall(found))} : "
            "vouliez-vous écrire "
            f"« {key} » ? Sinon, faites commencer son nom par « _ » pour que pyxform "
            "l'ignore"
        ),
    ),
    (
        re.compile(
            r"Language '([^']*)' is missing the (survey|choices) "
            r"(?:columns ([^.]+)|(\S+) column)\."
        ),
        None,
        lambda lang, sheet, many, one: (
            f"feuille « {sheet} » : la langue « {lang} » n'a pas "
            + (
                f"les colonnes {quoted_list(many.split(', '))}"
                if many
                else f"la colonne {quoted(one)}"
            )
            + " ; ajoutez la traduction ou retirez cette langue"
        ),
    ),
    (
        re.compile(
            r"language declarations do not contain valid machine-readable codes: "
            r"(.*?)\. Learn more"
        ),
        None,
        lambda langs: (
            f"la langue {quoted(langs)} n'a pas de code lisible par les applications ; "
            f"écrivez-la sous la forme « Nom (code) », par exemple « {LANGUAGE} »"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"Row without name, text, or label is being skipped"),
        "survey",
        lambda: "ligne sans type, sans nom ni libellé : elle est ignorée",
    ),
    (
        re.compile(_WARNING_ROW + r"The 'disabled' column header is not part"),
        "survey",
        lambda: (
            "la colonne « disabled » ne fait plus partie de la norme XLSForm ; utilisez "
            "une condition d'affichage (relevant)"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"(Group|Repeat) has no label: \{'name': '([^']*)'"),
        "survey",
        lambda kind, n: (
            f"le {_KIND[kind.lower()]} {quoted(n)} n'a pas de libellé ; écrivez le titre "
            "que la personne lira"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"(\w+) is no longer supported on most devices"),
        "survey",
        lambda t: (
            f"le type {quoted(t)} n'est plus pris en charge par la plupart des téléphones ; "
            "retirez-le"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"select one external is only meant for filtered"),
        "survey",
        lambda: (
            "select_one_external ne sert qu'aux listes filtrées : ajoutez un choice_filter "
            "ou utilisez select_one"
        ),
    ),
    (
        re.compile(_WARNING_ROW + r"Use the max-pixels parameter"),
        "survey",
        lambda: "ajoutez le paramètre max-pixels à cette photo pour alléger l'envoi",
    ),
    (
        re.compile(r"The form_id and id_string column headers are both specified"),
        None,
        lambda: (
            "feuille « settings » : form_id et id_string sont tous deux donnés ; gardez "
            "seulement form_id"
        ),
    ),
    (
        re.compile(r"This form uses or_other and translations"),
        None,
        lambda: (
            "le formulaire utilise or_other avec plusieurs langues : le choix « Autre » "
            "ne sera pas traduit ; ajoutez plutôt un choix « autre » et une question texte"
        ),
    ),
)


def _french_warning(message: str) -> list[str]:
    out = []
    # only the missing-translations warning holds several messages, one a line
    parts = message.splitlines() if message.startswith("Language '") else [message]
    for part in [p for p in parts if p.strip()]:
        for pattern, sheet, say in _WARNINGS:
            m = pattern.search(part)
            if m is None:
                continue
            groups = m.groups()
            if sheet is not None:
                row, groups = groups[0], groups[1:]
                out.append(f"Feuille « {sheet} », ligne {row} : {say(*groups)}.")
            else:
                text = say(*groups)
                out.append(text[0].upper() + text[1:] + ".")
            break
        else:
            shown = " ".join(part.split())
            out.append(f"Avertissement de pyxform, non traduit : « {shown} ».")
    return out


def _accented_names(path: Path) -> list[str]:
    """Names of the survey and choices sheets that are not plain ASCII (pyxform accepts
    them, but they become column headers of the answers and XML tags)."""
    from openpyxl import load_workbook

    out = []
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # already said by pyxform
        return out
    try:
        for sheet in ("survey", "choices"):
            if sheet not in wb.sheetnames:
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows, ())]
            if "name" not in header:
                continue
            col = header.index("name")
            for r, row in enumerate(rows, start=2):
                name = str(row[col] or "").strip() if col < len(row) else ""
                if name and not name.isascii():
                    why = (
                        "; les noms deviennent les en-têtes des colonnes de l'export et "
                        f"certains outils les abîment : {_NAME_RULE}"
                        if not out  # the rule said once
                        else ""
                    )
                    out.append(
                        f"Feuille « {sheet} », ligne {r} : le nom {quoted(name)} contient un "
                        f"accent ou un caractère spécial{why}. Proposition : "
                        f"{quoted(suggest_name(name))}."
                    )
    finally:
        wb.close()
    return out


def xlsform_warnings(path: str | Path) -> list[str]:
    """The warnings on the XLSForm at ``path``, in French, naming sheet and row.

    pyxform converts the form (offline, as :func:`check_xlsform`) and lists what may go
    wrong later (a name differing from another only by case, a choice without label, a
    misspelt sheet, a language without code…): each known warning is said in French with
    its sheet and row; an unknown one is kept, in pyxform's words, after a French prefix.
    Size Up adds one check of its own: a ``name`` with an accent (accepted by pyxform,
    but names become the export's column headers and XML tags).

    Returns
    -------
    list of str
        Empty when there is nothing to say.

    Raises
    ------
    QuestionnaireError
        As :func:`check_xlsform`, when pyxform refuses the form.
    """
    result = _convert(path)
    out: list[str] = []
    for message in result.warnings:
        out.extend(_french_warning(str(message)))
    return out + _accented_names(Path(path))


# --------------------------------------------------------------------------------------
# Reading back
# --------------------------------------------------------------------------------------
def _sheet_rows(wb, name: str) -> list[dict[str, str]]:
    if name not in wb.sheetnames:
        return []
    rows = wb[name].iter_rows(values_only=True)
    header = [_column_name(h) for h in next(rows, ())]
    out = []
    for row in rows:
        record = {
            h: ("" if v is None else str(v)).strip() for h, v in zip(header, row, strict=False) if h
        }
        if any(record.values()):
            out.append(record)
    return out


# Old pyxform spellings still found in forms written years ago (pyxform's own examples):
# « select one from LIST », « select all that apply from LIST » and « or specify other »,
# and a language written after a single colon (« label:english »)
_OLD_SELECTS = (
    (re.compile(r"^select[ _]one[ _]from\s+", re.IGNORECASE), "select_one "),
    (re.compile(r"^select[ _]all[ _]that[ _]apply[ _]from\s+", re.IGNORECASE), "select_multiple "),
    (re.compile(r"^select[ _]one\s+", re.IGNORECASE), "select_one "),
    (re.compile(r"^select[ _]multiple\s+", re.IGNORECASE), "select_multiple "),
)
_OTHER = re.compile(r"\s+(or[ _]specify[ _]other|or_other)\s*$", re.IGNORECASE)
_TRANSLATED = ("label", "hint", "constraint_message", "required_message", "media")


def _column_name(header: Any) -> str:
    """A sheet's column name, « label:english » written « label::english »."""
    text = "" if header is None else str(header).strip()
    head, colon, language = text.partition(":")
    if colon and head in _TRANSLATED and not language.startswith(":"):
        return f"{head}::{language}"
    return text


def _question_type(text: str) -> str:
    """A survey row's type in today's spelling (``select_one LIST``…), ``or_other`` dropped."""
    kind = re.sub(r"^(begin|end)[ _](group|repeat)", r"\1_\2", text.strip())
    kind = re.sub(r"^(begin|end)[ _]loop\b.*", r"\1_group", kind)  # read as a plain group
    for old, new in _OLD_SELECTS:
        kind = old.sub(new, kind)
    return _OTHER.sub("", kind)


def _text(record: dict[str, str], column: str, language: str) -> str:
    for key in (f"{column}::{language}", column):
        if record.get(key):
            return record[key]
    for key, value in record.items():  # another language: the first one given
        if key.startswith(f"{column}::") and value:
            return value
    return ""


def read_xlsform(path: str | Path) -> Questionnaire:
    """Read an XLSForm workbook into a :class:`Questionnaire` (not checked).

    Types outside :data:`TYPES` (``calculate``, ``start``, ``geopoint``…) are kept as
    they are written, so the answers of any form can be typed by it; ``or_other`` is
    dropped from select types. Old pyxform spellings are read too (« select one from
    LIST », « select all that apply from LIST », « label:english »); a « begin loop over »
    block (a group repeated once per choice, long replaced by repeats) is read as one plain
    group: the answers of its copies are kept as columns unknown to the form.
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise QuestionnaireError(
            f"Le formulaire {quoted(path.name)} ne peut pas être lu comme un classeur "
            f"XLSForm ({type(exc).__name__}) : enregistrez-le de nouveau au format .xlsx."
        ) from None
    try:
        survey = _sheet_rows(wb, "survey")
        choices = _sheet_rows(wb, "choices")
        settings = (_sheet_rows(wb, "settings") or [{}])[0]
    finally:
        wb.close()
    language = settings.get("default_language") or LANGUAGE
    form = Questionnaire(
        title=settings.get("form_title", ""),
        form_id=settings.get("form_id", "") or path.stem,
        version=settings.get("version", ""),
        language=language,
    )
    stack: list[list[Question | Group]] = [form.items]
    for record in survey:
        words = _question_type(record.get("type", "")).split()
        head = words[0] if words else ""
        if head in ("begin_group", "begin_repeat"):
            group = Group(
                name=record.get("name", ""),
                label=_text(record, "label", language),
                relevant=record.get("relevant") or None,
                repeat=head == "begin_repeat",
            )
            stack[-1].append(group)
            stack.append(group.questions)
        elif head in ("end_group", "end_repeat"):
            if len(stack) > 1:
                stack.pop()
        elif head:
            stack[-1].append(
                Question(
                    name=record.get("name", ""),
                    label=_text(record, "label", language),
                    type=head,
                    choices=words[1] if head in _SELECTS and len(words) > 1 else None,
                    required=record.get("required", "").lower() in ("yes", "true", "true()"),
                    relevant=record.get("relevant") or None,
                    constraint=record.get("constraint") or None,
                    constraint_message=_text(record, "constraint_message", language) or None,
                    hint=_text(record, "hint", language) or None,
                )
            )
    lists: dict[str, ChoiceList] = {}
    for record in choices:
        name = record.get("list_name") or record.get("list name") or ""
        if name:
            lists.setdefault(name, ChoiceList(name)).choices.append(
                (record.get("name", ""), _text(record, "label", language))
            )
    form.choice_lists = list(lists.values())
    return form

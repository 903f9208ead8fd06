"""Paper collection (step 07): the printable questionnaire and the data-entry workbook."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

from sizeup_helpers.form_answers import answers_report, read_form_answers
from sizeup_helpers.french import NBSP, NNBSP
from sizeup_helpers.item_bank import build_questionnaire
from sizeup_helpers.paper_form import (
    CODES_SHEET,
    ENTRY_ROWS,
    ENTRY_SHEET,
    HELP_SHEET,
    condition_in_words,
    entry_codes,
    entry_columns,
    entry_workbook,
    printable_html,
)
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir
from sizeup_helpers.xlsform import ChoiceList, Group, Question, Questionnaire, to_xlsform

SAMPLES = sorted(p.parent for p in samples_dir().glob("*/structure.yml"))
CHECKED = ("select_one", "select_multiple", "integer", "decimal", "date")


def every_type() -> Questionnaire:
    return Questionnaire(
        title="Suivi : essai",
        form_id="essai",
        items=[
            Question("information", "Vos réponses servent à évaluer l'action.", "note"),
            Question("consentement", "Acceptez-vous ?", "select_one", "oui_non", True),
            Group(
                "bloc",
                "Votre situation",
                [
                    Question("emploi", "Avez-vous un emploi ?", "select_one", "oui_non"),
                    Question(
                        "heures",
                        "Combien d'heures par semaine ?",
                        "integer",
                        relevant="${emploi} = 'oui'",
                        constraint=". >= 0 and . <= 70",
                    ),
                    Question("revenu", "Revenu mensuel (euros)", "decimal"),
                    Question("date_entree", "Date d'entrée", "date"),
                    Question("freins", "Vos freins", "select_multiple", "freins"),
                    Question(
                        "autre", "Autre chose ?", "text", relevant="selected(${freins}, 'garde')"
                    ),
                ],
                relevant="${consentement} = 'oui'",
            ),
        ],
        choice_lists=[
            ChoiceList("oui_non", [("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas")]),
            ChoiceList("freins", [("mobilite", "Mobilité"), ("garde", "Garde d'enfants")]),
        ],
    )


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).replace(NBSP, " ").replace(NNBSP, " ").split())


# --------------------------------------------------------------------------------------
# Printable form
# --------------------------------------------------------------------------------------
def test_printable_form_of_every_type():
    page = printable_html(every_type())
    text = _plain(re.sub(r"<[^>]+>", " ", page))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script" not in page and "src=" not in page and "<link" not in page
    assert text.index("Information sur vos données (RGPD)") < text.index("1. Acceptez-vous")
    assert "Si vous avez répondu « Oui » à la question 1, répondez aux questions" in text
    assert "Si vous avez répondu « Oui » à la question 2 : 3. Combien d'heures" in text
    assert "Si vous avez coché « Garde d'enfants » à la question 6 : 7. Autre chose" in text
    assert "Plusieurs réponses possibles" in text and "Une seule réponse" in text
    assert page.count('class="case"') == 3 + 3 + 2
    assert "Nombre entier" in text and "Nombre (virgule permise)" in text
    assert "Jour ____ / mois ____ / année" in text
    # French typography: no-break spaces inside « » and before : ? (the page's own text)
    assert f"«{NBSP}Oui{NBSP}»" in page and f"Acceptez-vous{NNBSP}?" in page
    assert f"Suivi{NBSP}: essai" in page
    body = page.split("</style>")[1]
    for name in ("date_entree", "oui_non", "${", "select_one", "consentement"):
        assert name not in body


@pytest.mark.parametrize("root", SAMPLES, ids=lambda p: p.name)
def test_printable_form_of_every_sample(root):
    for wave in ("avant", "apres"):
        q = build_questionnaire(open_workspace(root), wave=wave)
        page = printable_html(q)
        body = page.split("</style>")[1]
        text = _plain(re.sub(r"<[^>]+>", " ", body))
        for question in q.questions():
            assert _plain(question.label) in text, question.name
        shown = {x.name for x in q.questions()} | {g.name for g in q.items if isinstance(g, Group)}
        for name in shown:
            if "_" in name:  # identifiers never shown; plain words may be ordinary text
                assert name not in body, name
        assert text.index("article 13 du RGPD") < text.index("1. Acceptez-vous")
        assert "<script" not in page


def test_conditions_in_words():
    q = every_type()
    assert condition_in_words(None, q) == ""
    assert condition_in_words("${emploi} != 'oui'", q) == (
        "Si vous n'avez pas répondu « Oui » à la question 2"
    )
    assert condition_in_words("${emploi} = 'oui' and ${consentement} = 'oui'", q) == (
        "Si vous avez répondu « Oui » à la question 2 et si vous avez répondu « Oui » à la "
        "question 1"
    )
    assert condition_in_words("${emploi} = 'non' or selected(${freins}, 'mobilite')", q) == (
        "Si vous avez répondu « Non » à la question 2 ou si vous avez coché « Mobilité » à la "
        "question 6"
    )
    assert condition_in_words("${heures} > 35", q) == (
        "Seulement dans certains cas : la question 3 > 35"
    )
    assert condition_in_words("${inconnue} = 'x'", q) == (
        "Seulement dans certains cas : une autre question = 'x'"
    )


# --------------------------------------------------------------------------------------
# Data-entry workbook
# --------------------------------------------------------------------------------------
def _open(q):
    return load_workbook(io.BytesIO(entry_workbook(q)))


def test_entry_workbook_layout():
    q = every_type()
    wb = _open(q)
    assert wb.sheetnames == [ENTRY_SHEET, CODES_SHEET, HELP_SHEET]
    sheet = wb[ENTRY_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "consentement",
        "emploi",
        "heures",
        "revenu",
        "date_entree",
        "freins/mobilite",
        "freins/garde",
        "autre",
    ]
    assert headers == [name for name, _q, _c in entry_columns(q)]
    assert sheet["C1"].comment.text == "Question 3 : Combien d'heures par semaine ?"
    validations = sheet.data_validations.dataValidation
    checked = [x for x in q.questions() if x.type in CHECKED]
    assert len(validations) == len(checked) == 6
    by_range = {str(v.sqref): v for v in validations}
    last = ENTRY_ROWS + 1
    assert by_range[f"A2:A{last}"].type == "list"
    assert by_range[f"A2:A{last}"].formula1 == "'Codes'!$E$2:$E$4"
    assert (by_range[f"C2:C{last}"].type, by_range[f"C2:C{last}"].formula1) == ("whole", "0")
    assert by_range[f"C2:C{last}"].formula2 == "70"
    assert by_range[f"D2:D{last}"].type == "decimal"
    assert by_range[f"E2:E{last}"].type == "date"
    assert by_range[f"F2:F{last} G2:G{last}"].formula1 == '"0,1"'
    assert all(v.showErrorMessage and v.allow_blank for v in validations)
    assert sheet["E2"].number_format == "DD/MM/YYYY"
    codes = list(wb[CODES_SHEET].iter_rows(values_only=True))
    assert codes[0] == (
        "Colonne",
        "N° sur le papier",
        "Question",
        "Ce qu'on saisit",
        "Code",
        "Réponse",
    )
    assert codes[1][:1] + codes[1][4:] == ("consentement", "oui", "Oui")
    assert ("heures", 3) == codes[7][:2] and "nombre entier de 0 à 70" in codes[7][3]
    help_text = " ".join(str(r[0]) for r in wb[HELP_SHEET].iter_rows(values_only=True) if r[0])
    assert "Une case vide veut dire que la personne n'a pas répondu" in help_text
    assert "nsp" in help_text and "read_form_answers" in help_text


def _fill(path, q, rows):
    wb = load_workbook(path)
    sheet = wb[ENTRY_SHEET]
    headers = [c.value for c in sheet[1]]
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=r, column=headers.index(name) + 1, value=value)
    wb.save(path)


def test_typed_paper_answers_come_back_typed_by_the_form(tmp_path):
    q = every_type()
    form = to_xlsform(q, tmp_path / "questionnaire.xlsx")
    entry = tmp_path / "saisie.xlsx"
    entry.write_bytes(entry_workbook(q))
    rows = [
        {
            "consentement": "oui",
            "emploi": "oui",
            "heures": 35,
            "revenu": 1234.5,
            "date_entree": dt.datetime(2027, 3, 5),
            "freins/mobilite": 1,
            "freins/garde": 1,
            "autre": "Pas de crèche ; « loin »",
        },
        {"consentement": "oui", "emploi": "nsp", "freins/mobilite": 0, "freins/garde": 0},
        {"consentement": "non"},
    ]
    _fill(entry, q, rows)
    answers = read_form_answers(entry, form)
    assert list(answers) == [ENTRY_SHEET]
    frame = answers[ENTRY_SHEET]
    report = answers_report(frame)
    assert not report.unknown and not report.unparsed and not report.unknown_choices
    assert len(frame) == 3
    assert frame["consentement"].tolist() == ["oui", "oui", "non"]
    assert frame["emploi"].iloc[1] == "nsp" and frame["emploi"].isna().iloc[2]  # nsp ≠ empty
    assert str(frame["heures"].dtype) == "Int64" and frame["heures"].iloc[0] == 35
    assert frame["heures"].isna().iloc[1]
    assert frame["revenu"].iloc[0] == pytest.approx(1234.5)
    assert frame["date_entree"].iloc[0] == dt.datetime(2027, 3, 5)
    assert frame["freins"].iloc[0] == "mobilite garde"
    assert frame["freins/garde"].tolist()[:2] == [1, 0]
    assert frame["autre"].iloc[0] == "Pas de crèche ; « loin »"


@pytest.mark.parametrize("slug", ["ateliers-emploi", "energie-citoyenne", "commerce-rural"])
def test_sample_entry_workbook_round_trip(slug, tmp_path):
    q = build_questionnaire(open_workspace(samples_dir() / slug), wave="apres")
    form = to_xlsform(q, tmp_path / "questionnaire.xlsx")
    entry = tmp_path / "saisie.xlsx"
    entry.write_bytes(entry_workbook(q))
    lists = {cl.name: [n for n, _ in cl.choices] for cl in q.choice_lists}
    typed = {}
    for name, question, _choice in entry_columns(q):
        kind = question.type
        typed[name] = (
            lists[question.choices][-1]
            if kind == "select_one"
            else 1
            if kind == "select_multiple"
            else 7
            if kind == "integer"
            else 61.25
            if kind == "decimal"
            else dt.datetime(2027, 6, 30)
            if kind == "date"
            else "KTR-472"
        )
    _fill(entry, q, [typed])
    frame = read_form_answers(entry, form)[ENTRY_SHEET]
    report = answers_report(frame)
    assert not report.unknown and not report.unparsed and not report.unknown_choices
    wb = _open(q)
    checked = [x for x in q.questions() if x.type in CHECKED]
    assert len(wb[ENTRY_SHEET].data_validations.dataValidation) == len(checked)
    for name, value in typed.items():
        got = frame[name].iloc[0]
        assert got == value, name


def test_empty_workspace(tmp_path):
    q = build_questionnaire(create_workspace(tmp_path / "x", "Essai"))
    assert [c[0] for c in entry_columns(q)] == ["consentement", "code_repondant", "date_reponse"]
    assert "Essai" in printable_html(q)
    assert len(_open(q)[ENTRY_SHEET].data_validations.dataValidation) == 2


def test_entry_codes_table():
    table = entry_codes(every_type())
    assert list(table.columns) == [
        "Colonne",
        "N° sur le papier",
        "Question",
        "Ce qu'on saisit",
        "Code",
        "Réponse",
    ]
    assert table[table["Colonne"] == "emploi"]["Code"].tolist() == ["oui", "non", "nsp"]
    flags = table[table["Colonne"].str.startswith("freins/")]
    assert flags["Code"].tolist() == ["1", "1"] and flags["N° sur le papier"].tolist() == [6, 6]
    assert (
        "date, jour/mois/année" in table.set_index("Colonne").loc["date_entree", "Ce qu'on saisit"]
    )

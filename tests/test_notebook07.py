"""Notebook 07 (« Questionnaire »): skeleton, deliverables, and runs.

Its deliverables on every sample are checked by :func:`assert_step07_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum; the runs here
cover what the gate does not (after step 06, without step 05, a coach's parameters, a paper
entry workbook filled and read back).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from sizeup_helpers import item_bank
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.form_answers import answers_report, read_form_answers
from sizeup_helpers.paper_form import ENTRY_SHEET, entry_columns
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.sampling import SAMPLE_SIZE_FILE, sample_size
from sizeup_helpers.workspace import Workspace, open_workspace
from sizeup_helpers.xlsform import check_xlsform, read_xlsform, xlsform_warnings

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps

STEP = STEP_BY_NUMBER["07"]
WAVES = ("avant", "apres")


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("07", readings=3)
    markdown, names, text = sk.markdown, sk.parameters, sk.text
    expected = {"waves", "retention", "contact", "margin", "confidence", "response_rate"}
    assert expected | {"population"} <= set(names)
    # what an evaluator checks, and the sources the method rests on
    for cited in ("article 13", "article 6.1.a", "articles 15 à 21", "CNIL", "DREES", "Cochran"):
        assert cited in text, cited
    for point in ("Jamais", "ne sait pas", "3 mois", "pyxform", "KoboToolbox"):
        assert point.lower() in text.lower(), point
    assert "**Binder public : données d'exemple uniquement.**" in text
    for deliverable in ("questionnaire-avant.xlsx", "saisie-papier-avant.xlsx", SAMPLE_SIZE_FILE):
        assert deliverable in markdown[3]
    assert "08_guide_d_entretien.ipynb" in markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def _plain(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text.split("</style>")[-1]))
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def assert_step07_deliverables(ws: Workspace) -> None:
    """Step 07 ran cleanly on ``ws`` and wrote valid forms, paper files and sample sizes.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("07", create=False)
    codes = []
    for wave in WAVES:
        # the XLSForm: pyxform converts it with no error and no warning
        form_path = folder / item_bank.XLSFORM_FILE.format(wave=wave)
        assert "code_repondant" in check_xlsform(form_path)
        assert xlsform_warnings(form_path) == []
        form = read_xlsform(form_path)
        first, consent = form.items[0], form.items[1]
        assert first.type == "note" and "article 13 du RGPD" in first.label
        assert consent.name == "consentement" and consent.required
        questions = {q.name: q for q in form.questions()}
        codes.append(questions["code_repondant"].constraint)
        assert item_bank.CODE_PATTERN in codes[-1]
        lists = {cl.name: dict(cl.choices) for cl in form.choice_lists}
        assert any("nsp" in c for c in lists.values())

        # the printable version: every label, the RGPD note first, no identifier
        page = (folder / item_bank.PRINTABLE_FILE.format(wave=wave)).read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<script" not in page
        text = _plain(page)
        for q in form.questions():
            assert " ".join(q.label.split()) in text, q.name
        assert text.index("article 13 du RGPD") < text.index("1. Acceptez-vous")
        body = page.split("</style>")[-1]
        assert not [n for n in questions if "_" in n and n in body]

        # the entry workbook: one column per question, one check per select/number/date
        entry = folder / item_bank.ENTRY_FILE.format(wave=wave)
        wb = load_workbook(entry)
        sheet = wb[ENTRY_SHEET]
        assert [c.value for c in sheet[1]] == [name for name, _, _ in entry_columns(form)]
        checked = [
            q
            for q in form.questions()
            if q.type in ("select_one", "select_multiple", "integer", "decimal", "date")
        ]
        assert len(sheet.data_validations.dataValidation) == len(checked)
        wb.close()
        # an empty entry workbook is read back by the route of Kobo exports
        answers = read_form_answers(entry, form_path)
        assert list(answers) == [ENTRY_SHEET] and len(answers[ENTRY_SHEET]) == 0
    assert codes[0] == codes[1]  # one respondent code pairs the waves

    # the sample size under several response rates, a quarter at 3 months among them
    table = pd.read_csv(folder / SAMPLE_SIZE_FILE, sep=";", encoding="utf-8-sig")
    assert {1.0, 0.5, 0.25} <= set(table["taux de réponse"])
    population = table["population (personnes)"].iloc[0]
    expected = sample_size(None if pd.isna(population) else int(population))
    assert set(table["réponses nécessaires"]) == {expected}
    assert scan_for_identifiers(folder).empty


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_step07_after_step06_and_a_paper_form_typed_back(tmp_path):
    slug, out = "ateliers-emploi", tmp_path / "sorties"
    run_steps(slug, out, "00-06")
    run_steps(slug, out, "07")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step07_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "personnes distinctes dans la table" in shown
    assert "sans erreur ni avertissement" in shown
    assert "Les quatre points qu'un évaluateur vérifie d'abord sont en place." in shown
    # step 06 ran: the outcomes its framework leaves to the questionnaire are named
    assert "Le référentiel d'indicateurs (carnet 06) laisse au questionnaire" in shown

    # a paper form typed into the entry workbook comes back typed by the form
    folder = ws.step_dir("07")
    form_path = folder / "questionnaire-apres.xlsx"
    entry = tmp_path / "saisie.xlsx"
    entry.write_bytes((folder / "saisie-papier-apres.xlsx").read_bytes())
    wb = load_workbook(entry)
    sheet = wb[ENTRY_SHEET]
    headers = [c.value for c in sheet[1]]
    typed = {"consentement": "oui", "code_repondant": "KTR-472", "confiance_1": "nsp"}
    typed["date_reponse"] = dt.datetime(2027, 6, 30)
    for name, value in typed.items():
        sheet.cell(row=2, column=headers.index(name) + 1, value=value)
    wb.save(entry)
    frame = read_form_answers(entry, form_path)[ENTRY_SHEET]
    assert not answers_report(frame).unparsed
    for name, value in typed.items():
        assert frame[name].iloc[0] == value, name
    assert frame["confiance_2"].isna().iloc[0]  # empty stays missing, apart from « nsp »


@pytest.mark.notebooks
def test_step07_without_step05_with_a_coach_s_parameters(tmp_path):
    slug, out = "mobilite-accompagnee", tmp_path / "sorties"
    run_steps(slug, out, "00-03")
    run_steps(
        slug, out, "07", population=40, response_rate=0.5, contact="l'accueil de la structure"
    )
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step07_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Population : 40 personnes, le nombre donné en paramètre." in shown
    assert "la moitié des personnes répondent" in shown
    table = pd.read_csv(ws.step_dir("07") / SAMPLE_SIZE_FILE, sep=";", encoding="utf-8-sig")
    assert set(table["population (personnes)"]) == {40}
    form = read_xlsform(ws.step_dir("07") / "questionnaire-avant.xlsx")
    assert "en vous adressant à l'accueil de la structure" in form.items[0].label

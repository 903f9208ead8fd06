"""Answers of four survey tools, from a coach's folder to tidy, private clean tables.

A folder holds what an association downloads from its survey tools: a Google Forms CSV
(French locale, e-mails collected), a LimeSurvey CSV (question codes, IP addresses saved),
a Framaforms CSV (three header rows, IP addresses) — written by ``tests/survey_tool_files.py``
as each tool writes them — and the real KoboToolbox export of ``../shared/real-world/`` when
it is there, with the XLSForm that collected it. The coach's three commands::

    sizeup init ESPACE --nom … --depuis EXPORTS
    sizeup check ESPACE
    sizeup run ESPACE --steps 00-05

must end with exit 0; the draft ``structure.yml`` and step 04's inventory name each file's
tool; step 05's clean tables are tidy (a multiple-answer question as a column of choice
names and 0/1 columns, the questions' text kept in the data dictionary) and hold no e-mail
address and no IP address; no direct identifier anywhere in the outputs. The Kobo export,
declared beside its form (role ``formulaire``), is typed by that form
(:func:`~sizeup_helpers.form_answers.type_answers`) before it is cleaned.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sizeup_helpers.cli import main

from .conftest import REAL_WORLD, needs_real_world
from .survey_tool_files import (
    CHOICE_NAMES,
    CHOICES,
    EMAILS,
    IPS,
    PEOPLE,
    Q_ATELIERS,
    write_framaforms_csv,
    write_google_forms_csv,
    write_limesurvey_csv,
)

KOBO = REAL_WORLD / "kobocruncher" / "data.xlsx"
KOBO_FORM = REAL_WORLD / "kobocruncher" / "sample_xlsform.xlsx"  # the form of that export
FILES = {
    "Google Forms": "reponses-satisfaction.csv",
    "LimeSurvey": "results-survey123456.csv",
    "Framaforms": "questionnaire_de_satisfaction_2026.csv",
}

pytestmark = pytest.mark.xdist_group("survey-route")


@pytest.fixture(scope="module")
def route(tmp_path_factory):
    """The coach's three commands on a folder of survey exports."""
    base = tmp_path_factory.mktemp("survey-route")
    source = base / "exports"
    source.mkdir()
    write_google_forms_csv(source / FILES["Google Forms"])
    write_limesurvey_csv(source / FILES["LimeSurvey"])
    write_framaforms_csv(source / FILES["Framaforms"])
    if KOBO.is_file():
        shutil.copy2(KOBO, source / "data.xlsx")
        shutil.copy2(KOBO_FORM, source / "sample_xlsform.xlsx")
    ws = base / "espace"
    codes = {
        "init": main(["init", str(ws), "--nom", "Association d'essai", "--depuis", str(source)]),
        "check": main(["check", str(ws)]),
        "run": main(["run", str(ws), "--steps", "00-05", "--quiet"]),
    }
    from sizeup_helpers.workspace import open_workspace

    return {"ws": ws, "codes": codes, "workspace": open_workspace(ws)}


def _role(route, file_name: str) -> str:
    return next(f.role for f in route["workspace"].files if f.path.name == file_name)


def _clean(route, tool: str) -> pd.DataFrame:
    from sizeup_helpers.clean_workspace import load_clean_table

    return load_clean_table(route["workspace"], _role(route, FILES[tool]))


def test_the_three_commands_succeed(route):
    assert route["codes"] == {"init": 0, "check": 0, "run": 0}


def test_the_draft_structure_names_each_tool(route):
    text = (route["ws"] / "structure.yml").read_text(encoding="utf-8")
    for tool in FILES:
        assert f"un export de questionnaire {tool}" in text, tool
    entries = {f.path.name: f for f in route["workspace"].files}
    for tool, name in FILES.items():
        assert entries[name].description.startswith(f"export {tool} : 8 lignes"), tool
    # the Google Forms e-mails name the people: declared for step 05, which removes them
    assert entries[FILES["Google Forms"]].people == {"email": "Adresse e-mail"}
    if KOBO.is_file():
        assert "un export de questionnaire KoboToolbox" in text


def test_step_04_inventory_names_each_tool(route):
    out = route["workspace"].step_dir("04")
    tables = pd.read_csv(out / "inventaire-tables.csv", sep=";", encoding="utf-8-sig")
    reading = dict(zip(tables["fichier"].str.split("/").str[-1], tables["lecture"], strict=True))
    for tool, name in FILES.items():
        assert reading[name].endswith(f"; export {tool}"), reading[name]
    report = (out / "rapport-qualite.md").read_text(encoding="utf-8")
    for tool in FILES:
        assert f"Export {tool} :" in report
    framaforms = tables[tables["fichier"].str.endswith(FILES["Framaforms"])].iloc[0]
    assert framaforms["ligne_en_tete"] == 3 and framaforms["nb_lignes"] == 8


def test_multiple_answers_become_choice_names_and_0_1_columns(route):
    ticked = {
        n: [int(c in p["ateliers"]) for p in PEOPLE]
        for c, n in zip(CHOICES, CHOICE_NAMES, strict=True)
    }
    google = _clean(route, "Google Forms")
    q = "quels_ateliers_avez_vous_suivis"
    assert google[q].iloc[0] == "atelier_cv simulation_d_entretien"
    for name in CHOICE_NAMES:
        values = google[f"{q}_{name}"]
        assert values.dtype == "Int64"
        assert values.dropna().isin([0, 1]).all()
        assert values.iloc[0] == ticked[name][0]
    lime = _clean(route, "LimeSurvey")
    for sub, name in zip(("sq001", "sq002", "sq003"), CHOICE_NAMES, strict=True):
        assert lime[f"ateliers_{sub}"].astype(int).tolist() == ticked[name]
    assert lime["ateliers"].iloc[0] == "sq001 sq002"
    frama = _clean(route, "Framaforms")
    for name in CHOICE_NAMES:
        assert frama[f"ateliers_suivis_{name}"].astype(int).tolist() == ticked[name]
    # numbers and dates typed, one row per response
    for tool, age in (("Google Forms", "quel_age_avez_vous"), ("Framaforms", "votre_age")):
        table = _clean(route, tool)
        assert len(table) == 8 and table[age].dtype == "Int64", tool
    assert pd.api.types.is_datetime64_any_dtype(google["date_de_votre_premiere_venue"])


def test_the_dictionary_keeps_each_question_text(route):
    ws = route["workspace"]
    dictionary = pd.read_csv(ws.clean_data_dir / "dictionnaire-des-donnees.csv")
    google = dictionary[dictionary["table"] == _role(route, FILES["Google Forms"])]
    origin = dict(zip(google["colonne"].fillna(""), google["origine"], strict=True))
    assert origin["quels_ateliers_avez_vous_suivis"] == Q_ATELIERS
    assert origin["quels_ateliers_avez_vous_suivis_atelier_cv"] == f"{Q_ATELIERS} [Atelier CV]"
    removed = google[google["colonne"].isna()]
    assert "Adresse e-mail" in set(removed["origine"])  # said removed, never kept


def test_no_email_and_no_ip_address_in_the_clean_tables_or_any_output(route):
    from sizeup_helpers.privacy import scan_for_identifiers

    ws = route["workspace"]
    google = _clean(route, "Google Forms")
    assert not any("mail" in c for c in google.columns)
    assert "personne_id" in google.columns
    for tool, column in (("LimeSurvey", "ipaddr"), ("Framaforms", "ip_address")):
        values = _clean(route, tool)[column].dropna()
        assert len(values) == 8 and values.str.startswith("P-").all(), tool
    assert scan_for_identifiers(ws.output_dir).empty
    planted = [*EMAILS, *IPS]
    for path in ws.output_dir.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md", ".json", ".yml", ".html", ".ipynb"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [v for v in planted if v in text]
            assert not leaked, (path.name, leaked[:2])


@needs_real_world
def test_the_real_kobo_export_goes_the_same_route(route):
    from sizeup_helpers.clean_workspace import load_clean_table

    ws = route["workspace"]
    kobo = [f for f in ws.files if f.path.name == "data.xlsx"]
    assert {f.sheet for f in kobo} == {"Sample Dataset KoboloadeR", "members"}
    tables = pd.read_csv(ws.step_dir("04") / "inventaire-tables.csv", sep=";", encoding="utf-8-sig")
    kobo_rows = tables[tables["fichier"].str.endswith("data.xlsx")]
    assert kobo_rows["lecture"].str.endswith("; export KoboToolbox").all()
    for f in kobo:
        assert len(load_clean_table(ws, f.role)) > 0
    # typed by its form: questions named without their group, select_multiple as 0/1
    form = [f for f in ws.files if f.path.name == "sample_xlsform.xlsx"]
    assert [f.role for f in form] == ["formulaire"]
    # the form holds no answer: step 05 makes no table of it
    clean = ws.output_dir / "donnees-propres"
    assert not list(clean.glob("formulaire*.csv"))
    main_role = next(f.role for f in kobo if f.sheet == "Sample Dataset KoboloadeR")
    answers = load_clean_table(ws, main_role)
    assert {"country", "occupation", "reason", "hhsize"} <= set(answers.columns)
    assert "profile_country" not in answers.columns
    flags = [c for c in answers.columns if c.startswith("reason_")]
    assert len(flags) == 9
    for column in flags:
        assert answers[column].dtype == "Int64" and answers[column].isin([0, 1]).all()
    first = answers["reason"].iloc[0].split()
    assert all(answers[f"reason_{choice}"].iloc[0] == 1 for choice in first)
    members = load_clean_table(ws, next(f.role for f in kobo if f.sheet == "members"))
    assert len(members) == 12 and "parent_index" in members.columns

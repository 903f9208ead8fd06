"""Answers typed by their XLSForm: the KoboToolbox round trip, the real export, bad input."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook

from sizeup_helpers.errors import QuestionnaireError
from sizeup_helpers.form_answers import (
    answers_report,
    join_parent,
    read_form_answers,
    type_answers,
)
from sizeup_helpers.xlsform import (
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    read_xlsform,
    to_xlsform,
)

from .conftest import REAL_WORLD, needs_real_world

KOBO = REAL_WORLD / "kobocruncher"
TITLE = "Suivi des ateliers"

SITUATIONS = [("emploi", "En emploi"), ("formation", "En formation"), ("recherche", "En recherche")]
FREINS = [("mobilite", "Mobilité"), ("garde", "Garde d'enfants"), ("sante", "Santé")]


def questionnaire() -> Questionnaire:
    """Every type, a group, a select_multiple and a repeat group."""
    return Questionnaire(
        title=TITLE,
        form_id="suivi_ateliers",
        items=[
            Question("code_repondant", "Code de la personne", "text"),
            Question("consentement", "Information RGPD", "note"),
            Group(
                "profil",
                "Votre situation",
                [
                    Question("age", "Votre âge", "integer"),
                    Question("revenu", "Revenu mensuel", "decimal"),
                    Question("date_entree", "Date d'entrée", "date"),
                    Question("situation", "Votre situation", "select_one", choices="situations"),
                    Question("freins", "Vos freins", "select_multiple", choices="freins"),
                ],
            ),
            Group(
                "enfants",
                "Vos enfants",
                [Question("age_enfant", "Âge de l'enfant", "integer")],
                repeat=True,
            ),
        ],
        choice_lists=[ChoiceList("situations", SITUATIONS), ChoiceList("freins", FREINS)],
    )


ANSWERS = [
    {
        "code_repondant": "AB12",
        "age": 34,
        "revenu": 1234.5,
        "date_entree": dt.date(2024, 3, 5),
        "situation": "emploi",
        "freins": {"mobilite", "sante"},
        "enfants": [4, 9],
    },
    {
        "code_repondant": "CD34",
        "age": 51,
        "revenu": 0.25,
        "date_entree": dt.date(2023, 12, 31),
        "situation": "recherche",
        "freins": set(),
        "enfants": [],
    },
    {
        "code_repondant": "EF56",
        "age": 19,
        "revenu": 800.0,
        "date_entree": dt.date(2024, 1, 15),
        "situation": "formation",
        "freins": {"garde"},
        "enfants": [1],
    },
]


def kobo_export(sep: str = "/", labels: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two sheets KoboToolbox writes for ANSWERS: submissions and the repeat group."""
    situations, freins = dict(SITUATIONS), dict(FREINS)
    main, children = [], []
    for i, a in enumerate(ANSWERS, start=1):
        chosen = [n for n, _ in FREINS if n in a["freins"]]
        row = {
            "start": "2024-03-05T09:12:00.000+01:00",
            "code_repondant": a["code_repondant"],
            f"profil{sep}age": a["age"],
            f"profil{sep}revenu": a["revenu"],
            f"profil{sep}date_entree": a["date_entree"].isoformat(),
            f"profil{sep}situation": situations[a["situation"]] if labels else a["situation"],
            f"profil{sep}freins": " ".join(freins[n] if labels else n for n in chosen),
        }
        for name, _ in FREINS:
            row[f"profil{sep}freins{sep}{name}"] = int(name in a["freins"])
        row |= {
            "_id": 1000 + i,
            "_uuid": f"uuid-{i}",
            "_submission_time": f"2024-03-0{i}T10:00:00",
            "_status": "submitted_via_web",
            "_index": i,
        }
        main.append(row)
        for age in a["enfants"]:
            children.append(
                {
                    f"enfants{sep}age_enfant": age,
                    "_index": len(children) + 1,
                    "_parent_table_name": TITLE,
                    "_parent_index": i,
                    "_submission__uuid": f"uuid-{i}",
                }
            )
    return pd.DataFrame(main), pd.DataFrame(children)


def write_xlsx(path, sheets: dict[str, pd.DataFrame]):
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if v == "" else v for v in row])
    wb.save(path)
    return path


@pytest.fixture
def form_path(tmp_path):
    return to_xlsform(questionnaire(), tmp_path / "formulaire.xlsx")


def assert_round_trip(typed: pd.DataFrame) -> None:
    assert typed["age"].dtype == "Int64"
    assert typed["age"].tolist() == [a["age"] for a in ANSWERS]
    assert typed["revenu"].tolist() == [a["revenu"] for a in ANSWERS]
    assert [d.date() for d in typed["date_entree"]] == [a["date_entree"] for a in ANSWERS]
    assert typed["situation"].tolist() == [a["situation"] for a in ANSWERS]
    assert list(typed["situation"].cat.categories) == [n for n, _ in SITUATIONS]
    got = [set(v.split()) if isinstance(v, str) else set() for v in typed["freins"]]
    assert got == [a["freins"] for a in ANSWERS]
    for name, _ in FREINS:
        assert typed[f"freins/{name}"].tolist() == [int(name in a["freins"]) for a in ANSWERS]
    assert typed["code_repondant"].tolist() == ["AB12", "CD34", "EF56"]
    assert typed["_index"].tolist() == [1, 2, 3]
    assert typed["_submission_time"].dt.day.tolist() == [1, 2, 3]
    assert typed["start"].iloc[0] == pd.Timestamp("2024-03-05 09:12")
    assert not answers_report(typed).unknown


@pytest.mark.parametrize("labels", [False, True], ids=["noms", "libelles"])
@pytest.mark.parametrize("sep", ["/", "."])
def test_round_trip_xlsx(tmp_path, form_path, sep, labels):
    main, children = kobo_export(sep, labels)
    export = write_xlsx(tmp_path / "export.xlsx", {TITLE: main, "enfants": children})
    answers = read_form_answers(export, form_path)
    assert set(answers) == {TITLE, "enfants"}
    assert_round_trip(answers[TITLE])
    report = answers_report(answers[TITLE])
    assert report.renamed[f"profil{sep}age"] == "age"
    assert report.missing == []
    assert (report.from_labels == ["situation", "freins"]) is labels
    joined = join_parent(answers, "enfants")
    assert joined["age_enfant"].tolist() == [4, 9, 1]
    assert joined["code_repondant"].tolist() == ["AB12", "AB12", "EF56"]
    child = answers_report(answers["enfants"])
    assert child.parent == TITLE and child.orphans == 0 and child.missing == []
    assert "rattachée à sa réponse de la feuille « Suivi des ateliers »" in child.to_text()


@pytest.mark.parametrize("labels", [False, True], ids=["noms", "libelles"])
def test_round_trip_csv_semicolon(tmp_path, form_path, labels):
    main, _ = kobo_export("/", labels)
    export = tmp_path / "export.csv"
    main.to_csv(export, sep=";", index=False)
    answers = read_form_answers(export, form_path, labels=True)
    typed = answers["export"]
    assert_round_trip(typed)
    assert typed["situation::label"].tolist() == ["En emploi", "En recherche", "En formation"]


def test_one_column_rebuilt_from_the_other(form_path):
    main, _ = kobo_export()
    form = read_xlsform(form_path)
    only_flags = main.drop(columns=["profil/freins"]).astype(str)
    typed, _ = type_answers(only_flags, form)
    assert typed["freins"].tolist() == ["mobilite sante", "", "garde"]
    only_joined = main.drop(columns=[f"profil/freins/{n}" for n, _ in FREINS]).astype(str)
    typed, _ = type_answers(only_joined.replace("", pd.NA), form)
    assert typed["freins/garde"].tolist() == [0, pd.NA, 1]


@needs_real_world
def test_real_kobo_export_typed_by_its_form():
    answers = read_form_answers(KOBO / "data.xlsx", KOBO / "sample_xlsform.xlsx")
    main_sheet = "Sample Dataset KoboloadeR"
    main, members = answers[main_sheet], answers["members"]
    report = answers_report(main)
    # they belong together: the sheet is named after the form's title, and every column
    # is a question of the form or a platform column
    assert read_xlsform(KOBO / "sample_xlsform.xlsx").title.strip() == main_sheet
    assert report.unknown == [] and report.unparsed == {} and report.unknown_choices == {}
    assert report.renamed["profile.reason.accomodation"] == "reason/accomodation"
    assert report.missing == ["date"]  # the form asks it, this export has no column for it
    assert main["HHSize"].dtype == "Int64" and main["HHSize"].tolist() == [1, 5, 3, 1, 2]
    assert main["reason/accomodation"].tolist()[:3] == [1, 1, 0]
    assert main["reason"].iloc[2] == "education reunification"
    assert main["location"].iloc[0] == "private_facility"
    assert main["start"].dtype.kind == "M" and main["_id"].dtype == "Int64"
    assert members["age"].dtype == "Int64" and len(members) == 12
    joined = join_parent(answers, "members")
    assert joined["HHSize"].tolist()[:3] == [1, 5, 5]
    assert answers_report(members).orphans == 0


@needs_real_world
def test_real_likert_export_typed_by_its_form():
    answers = read_form_answers(KOBO / "data_likert.xlsx", KOBO / "form_likert.xlsx")
    typed = answers["test_likert"]
    report = answers_report(typed)
    assert report.unknown == [] and report.unknown_choices == {} and len(typed) == 120
    assert list(typed["return_ven"].cat.categories) == ["likely", "neutral", "unlikely"]


@needs_real_world
def test_forms_do_not_mix():
    with pytest.raises(QuestionnaireError) as err:
        read_form_answers(KOBO / "data_likert.xlsx", KOBO / "sample_xlsform.xlsx")
    message = str(err.value)
    assert "« data_likert.xlsx »" in message and "« sample_xlsform.xlsx »" in message
    assert "ne vont pas ensemble" in message


def test_unknown_column_kept_and_reported(form_path):
    main, _ = kobo_export()
    main = main.astype(str)
    main["commentaire_equipe"] = ["à rappeler", None, "ok"]
    typed, report = type_answers(main, read_xlsform(form_path), sheet="réponses")
    assert typed["commentaire_equipe"].fillna("").tolist() == ["à rappeler", "", "ok"]
    assert report.unknown == ["commentaire_equipe"]
    assert (
        "- Colonne inconnue du formulaire, gardée en texte : « commentaire_equipe »"
        in report.to_text()
    )


def test_bad_values_counted_never_shown(form_path):
    main, _ = kobo_export()
    main = main.astype(str)
    main.loc[0, "profil/age"] = "trente-quatre"
    main.loc[1, "profil/age"] = "12.5"
    main.loc[2, "profil/date_entree"] = "Dupont Marie"
    main.loc[0, "profil/situation"] = "retraite"
    main.loc[1, "profil/situation"] = "M. Martin, voisin"
    typed, report = type_answers(main, read_xlsform(form_path))
    assert report.unparsed == {"age": 2, "date_entree": 1}
    assert typed["age"].isna().tolist() == [True, True, False]
    text = report.to_text()
    assert "« age » : 2 valeurs illisibles comme nombre entier, laissées vides" in text
    assert "« date_entree » : 1 valeur illisible comme date, laissée vide" in text
    assert "trente" not in text and "Dupont" not in text and "Martin" not in text
    # the values outside the list are kept, counted, and only codes are named
    assert typed["situation"].tolist()[:2] == ["retraite", "M. Martin, voisin"]
    assert report.unknown_choices == {"situation": 2}
    assert "2 réponses absentes de la liste de choix, gardées telles quelles : « retraite »" in text


def test_clean_report_says_nothing_to_report(form_path):
    main, _ = kobo_export()
    _, report = type_answers(main.astype(str), read_xlsform(form_path), sheet="réponses")
    assert report.to_text().splitlines() == [
        "Feuille « réponses » : 3 lignes, 6 questions typées par le formulaire, "
        "6 colonnes de la plateforme.",
        "- Rien à signaler : chaque colonne correspond au formulaire.",
    ]
    assert len(report.to_frame()) == len(report.typed) + 6


def test_not_an_xlsform(tmp_path, form_path):
    main, _ = kobo_export()
    export = write_xlsx(tmp_path / "export.xlsx", {TITLE: main})
    with pytest.raises(QuestionnaireError, match="« export.xlsx » n'est pas un formulaire XLSForm"):
        read_form_answers(export, export)


def test_no_common_question(tmp_path, form_path):
    other = write_xlsx(tmp_path / "autre.xlsx", {"Feuil1": pd.DataFrame({"nom": ["a"]})})
    with pytest.raises(QuestionnaireError) as err:
        read_form_answers(other, form_path)
    assert "« autre.xlsx » et le formulaire « formulaire.xlsx » ne vont pas ensemble" in str(
        err.value
    )
    with pytest.raises(QuestionnaireError, match="Aucune colonne de la feuille « Feuil1 »"):
        type_answers(pd.DataFrame({"nom": ["a"]}), questionnaire(), sheet="Feuil1")


def test_orphan_repeat_rows_reported(tmp_path, form_path):
    main, children = kobo_export()
    children.loc[0, "_parent_index"] = 99
    export = write_xlsx(tmp_path / "export.xlsx", {TITLE: main, "enfants": children})
    answers = read_form_answers(export, form_path)
    assert answers_report(answers["enfants"]).orphans == 1
    assert "1 ligne sans réponse parente" in answers_report(answers["enfants"]).to_text()
    with pytest.raises(QuestionnaireError, match="n'est pas un groupe répété"):
        join_parent(answers, TITLE)


def test_headers_written_as_labels(form_path):
    main, _ = kobo_export("/", labels=True)
    headers = {"profil/age": "Votre âge", "profil/revenu": "Revenu mensuel"}
    headers |= {"profil/date_entree": "Date d'entrée", "profil/situation": "Votre situation"}
    headers |= {"profil/freins": "Vos freins", "code_repondant": "Code de la personne"}
    headers |= {f"profil/freins/{n}": f"Vos freins/{label}" for n, label in FREINS}
    typed, report = type_answers(main.rename(columns=headers).astype(str), read_xlsform(form_path))
    assert_round_trip(typed)
    assert report.renamed["Vos freins/Garde d'enfants"] == "freins/garde"


def test_unknown_choice_in_a_multiple_answer(form_path):
    main, _ = kobo_export()
    main = main.astype(str)
    main.loc[2, "profil/freins"] = "garde logement"
    typed, report = type_answers(main, read_xlsform(form_path), labels=True)
    assert typed["freins"].iloc[2] == "garde logement"
    assert typed["freins::label"].iloc[2] == "Garde d'enfants ; logement"
    assert report.unknown_choices == {"freins": 1} and report.unknown_codes["freins"] == [
        "logement"
    ]
    assert "« freins » : 1 réponse absente de la liste de choix, gardée telle quelle" in str(report)

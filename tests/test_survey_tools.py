"""Answers exported by Google Forms, LimeSurvey and Framaforms, read into tidy typed tables.

The files are written by ``tests/survey_tool_files.py`` the way each tool writes them; every
reader must give back the same answers (ages, ticked workshops, times) whatever the tool,
the headings (codes or text), the separator, the encoding or the locale of the timestamps.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sizeup_helpers.errors import QuestionnaireError
from sizeup_helpers.io import read_export
from sizeup_helpers.survey_exports import FRAMAFORMS, GOOGLE_FORMS, LIMESURVEY, platform_of
from sizeup_helpers.survey_tools import (
    SurveyToolReport,
    flag_columns,
    read_survey_answers,
    survey_tool_report,
    tidy_answers,
    tool_of,
    type_survey_answers,
)

from .survey_tool_files import (
    AGES,
    CHOICE_NAMES,
    CHOICES,
    EMAILS,
    FRAMA_INFO,
    IPS,
    LIME_SYSTEM_TEXT,
    PEOPLE,
    Q_ATELIERS,
    google_forms_rows,
    write_framaforms_csv,
    write_google_forms_csv,
    write_google_forms_xlsx,
    write_limesurvey_csv,
)

STAMPS = [pd.Timestamp(dt.datetime(*p["stamp"])) for p in PEOPLE]
TICKED = {
    name: [int(c in p["ateliers"]) for p in PEOPLE]
    for c, name in zip(CHOICES, CHOICE_NAMES, strict=True)
}


def _flags(frame: pd.DataFrame, question: str, names: list[str]) -> dict[str, list[int]]:
    return {
        n: frame[f"{question}/{s}"].astype(int).tolist()
        for n, s in zip(CHOICE_NAMES, names, strict=True)
    }


# ---- recognition -------------------------------------------------------------------------
def test_each_tool_is_recognised_by_its_headers():
    assert tool_of(google_forms_rows()[0]) == GOOGLE_FORMS
    assert tool_of(google_forms_rows(english=True)[0]) == GOOGLE_FORMS  # « Timestamp »
    assert tool_of(["id", "submitdate", "lastpage", "startlanguage", "Q01"]) == LIMESURVEY
    assert tool_of([*LIME_SYSTEM_TEXT, "Votre âge"]) == LIMESURVEY  # full-text headings
    assert tool_of(["Response ID", "Date submitted", "Last page", "Q"]) == LIMESURVEY
    assert tool_of([*FRAMA_INFO, "Votre âge"]) == FRAMAFORMS
    assert tool_of(["Serial", "SID", "Time", "Draft", "IP Address", "UID", "Username"]) == (
        FRAMAFORMS
    )
    # a KoboToolbox export is form_answers' business; an ordinary table is nobody's
    assert platform_of(["_id", "_uuid", "age"]) == "KoboToolbox"
    assert tool_of(["_id", "_uuid", "age"]) is None
    assert tool_of(["nom", "âge", "date"]) is None
    assert tool_of(["Serial", "Votre âge"]) is None  # one marker of Webform is not enough


# ---- Google Forms --------------------------------------------------------------------------
def test_google_forms_csv_in_french(tmp_path):
    path = write_google_forms_csv(tmp_path / "Questionnaire (réponses).csv")
    answers, report = read_survey_answers(path)
    assert report.tool == GOOGLE_FORMS and report.rows == 8
    assert answers["horodateur"].tolist() == STAMPS  # 13/01/2026 read day first
    assert report.dayfirst is True
    assert answers["quel_age_avez_vous"].dtype == "Int64"
    assert answers["quel_age_avez_vous"].tolist() == AGES
    assert str(answers["date_de_votre_premiere_venue"].dtype).startswith("datetime64")
    assert answers["date_de_votre_premiere_venue"].iloc[0] == pd.Timestamp(2025, 3, 15)
    # « Atelier numérique, bases » holds « , » yet is one choice: its pieces always go together
    q = "quels_ateliers_avez_vous_suivis"
    assert report.multiple[q] == CHOICE_NAMES
    assert answers[q].iloc[0] == "atelier_cv simulation_d_entretien"
    assert answers[q].iloc[2] == "atelier_numerique_bases atelier_cv"
    assert pd.isna(answers[q].iloc[4])  # no box ticked, no answer
    for choice in CHOICE_NAMES:
        column = answers[f"{q}/{choice}"]
        assert column.dtype == "Int8"
        assert column.iloc[[0, 1, 2, 3, 5, 6, 7]].tolist() == [
            t for i, t in enumerate(TICKED[choice]) if i != 4
        ]
    # « Oui, tout à fait » is a single choice, not two
    assert "etes_vous_satisfaite_de_l_accompagnement" not in report.multiple
    assert answers["etes_vous_satisfaite_de_l_accompagnement"].iloc[0] == "Oui, tout à fait"
    # a grid: one column per row, the question named in the report
    assert report.grids["Comment jugez-vous l'accueil ?"] == [
        "comment_jugez_vous_l_accueil_proprete_des_locaux",
        "comment_jugez_vous_l_accueil_ecoute",
    ]
    assert report.labels[q] == Q_ATELIERS
    assert report.labels[f"{q}/atelier_cv"] == f"{Q_ATELIERS} [Atelier CV]"
    # the respondents' e-mail is an identifier, not a question
    assert report.identifiers == ["adresse_e_mail"]
    assert "adresse_e_mail" not in report.questions
    assert answers["adresse_e_mail"].tolist() == EMAILS  # kept here; step 05 removes it
    assert survey_tool_report(answers) is report


def test_google_forms_english_timestamps_are_read_month_first(tmp_path):
    french, _ = read_survey_answers(write_google_forms_csv(tmp_path / "fr.csv"))
    english, report = read_survey_answers(write_google_forms_csv(tmp_path / "en.csv", english=True))
    assert report.tool == GOOGLE_FORMS and report.dayfirst is False
    assert english["timestamp"].tolist() == french["horodateur"].tolist() == STAMPS
    assert english["date_de_votre_premiere_venue"].tolist() == (
        french["date_de_votre_premiere_venue"].tolist()
    )
    assert report.identifiers == ["email_address"]
    assert "mois/jour/année" in report.to_text()


def test_google_forms_xlsx_gives_the_same_answers(tmp_path):
    csv_answers, _ = read_survey_answers(write_google_forms_csv(tmp_path / "r.csv"))
    xlsx_answers, report = read_survey_answers(write_google_forms_xlsx(tmp_path / "r.xlsx"))
    assert report.file == "r.xlsx"
    for column in ("horodateur", "quel_age_avez_vous", "quels_ateliers_avez_vous_suivis"):
        assert xlsx_answers[column].tolist() == csv_answers[column].tolist(), column
    assert xlsx_answers["date_de_votre_premiere_venue"].tolist() == (
        csv_answers["date_de_votre_premiere_venue"].tolist()
    )


# ---- LimeSurvey ----------------------------------------------------------------------------
def test_limesurvey_codes_bom_and_quotes(tmp_path):
    path = write_limesurvey_csv(tmp_path / "results-survey123456.csv")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    answers, report = read_survey_answers(path)
    assert report.tool == LIMESURVEY and report.rows == 8
    assert answers.columns[0] == "id"  # the BOM is not part of the first header
    assert answers["id"].dtype == "Int64" and answers["id"].tolist() == list(range(1, 9))
    assert pd.isna(answers["submitdate"].iloc[4])  # left on page 1: not submitted
    assert answers["submitdate"].iloc[0] == STAMPS[0]
    assert answers["ipaddr"].tolist() == IPS  # kept here, pseudonymised at step 05
    assert "ipaddr" in report.system
    assert report.multiple["ateliers"] == ["sq001", "sq002", "sq003"]
    assert _flags(answers, "ateliers", ["sq001", "sq002", "sq003"]) == TICKED
    assert answers["ateliers"].iloc[0] == "sq001 sq002"
    assert answers["ateliers_other"].iloc[1] == "Atelier couture"  # « other »: free text
    assert report.grids["ACCUEIL"] == ["accueil_sq001", "accueil_sq002"]
    assert answers["satis"].iloc[0] == "A1"  # answer codes kept as written
    assert answers["age"].tolist() == AGES
    assert report.labels["ateliers/sq001"] == "ATELIERS[SQ001]"
    assert report.dayfirst is None  # ISO times: no day/month order to choose
    assert "Horodatages lus" not in report.to_text()


def test_limesurvey_full_text_headings_and_semicolons(tmp_path):
    path = write_limesurvey_csv(tmp_path / "export.csv", headings="full", separator=";")
    answers, report = read_survey_answers(path)
    assert report.tool == LIMESURVEY
    q = "quels_ateliers_avez_vous_suivis"
    assert report.multiple[q] == CHOICE_NAMES  # « Oui » in long answers
    assert _flags(answers, q, CHOICE_NAMES) == TICKED
    assert answers["adresse_ip"].tolist() == IPS
    assert {"id_de_la_reponse", "date_de_soumission", "adresse_ip"} <= set(report.system)
    assert answers["id_de_la_reponse"].dtype == "Int64"
    assert answers[f"{q}_autre"].iloc[1] == "Atelier couture"
    assert answers["etes_vous_satisfaite_de_l_accompagnement"].iloc[0] == "Oui, tout à fait"


# ---- Framaforms ----------------------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_framaforms_three_header_rows(tmp_path, delimiter):
    name = "resultats.tsv" if delimiter == "\t" else "resultats.csv"
    path = write_framaforms_csv(tmp_path / name, delimiter=delimiter)
    answers, report = read_survey_answers(path)
    assert report.tool == FRAMAFORMS and report.rows == 8
    assert report.multiple["ateliers_suivis"] == CHOICE_NAMES  # the name from row 2
    assert _flags(answers, "ateliers_suivis", CHOICE_NAMES) == TICKED
    assert report.labels["ateliers_suivis/atelier_cv"] == "Ateliers suivis [Atelier CV]"
    assert answers["submitted_time"].tolist() == [s.floor("min") for s in STAMPS]
    assert answers["sid"].dtype == "Int64"
    assert answers["votre_age"].tolist() == AGES
    assert answers["ip_address"].tolist() == IPS
    assert "ip_address" in report.system


def test_framaforms_without_its_question_row_keeps_each_option_as_0_1(tmp_path):
    frame = read_export(write_framaforms_csv(tmp_path / "r.csv"))
    text, report = tidy_answers(frame)  # no path: the row above the header is not read
    assert not report.multiple
    assert text["Atelier CV"].tolist() == [str(t) for t in TICKED["atelier_cv"]]
    assert "Atelier CV" in flag_columns(text)
    typed, _ = type_survey_answers(frame)
    assert typed["atelier_cv"].astype(int).tolist() == TICKED["atelier_cv"]


# ---- the text table step 05 cleans ---------------------------------------------------------
def test_tidy_answers_keeps_the_question_text_as_headers(tmp_path):
    frame = read_export(write_google_forms_csv(tmp_path / "r.csv"))
    text, report = tidy_answers(frame, path=tmp_path / "r.csv")
    assert report.tool == GOOGLE_FORMS
    assert Q_ATELIERS in text.columns
    assert f"{Q_ATELIERS} [Atelier CV]" in text.columns
    assert text[f"{Q_ATELIERS} [Atelier CV]"].tolist()[:2] == ["1", "1"]
    assert flag_columns(text) == [f"{Q_ATELIERS} [{c}]" for c in CHOICES]
    assert text["Horodateur"].iloc[0] == "13/01/2026 09:05:12"  # French: kept as written
    english = read_export(write_google_forms_csv(tmp_path / "e.csv", english=True))
    text, _ = tidy_answers(english)
    assert text["Timestamp"].iloc[0] == "2026-01-13 09:05:12"  # month first: made ISO
    assert flag_columns(pd.DataFrame({"a": ["0", "1"]})) == []


# ---- the report's wording ------------------------------------------------------------------
def test_report_singular_plural_and_nothing_to_report():
    one = pd.DataFrame({"Horodateur": ["13/01/2026 09:05:12"], "Votre ville ?": ["Lens"]})
    _, report = type_survey_answers(one)
    text = report.to_text()
    assert text.startswith(
        "Export Google Forms : 1 réponse, 1 question, 1 colonne de la plateforme."
    )
    assert "- Horodatages lus au format jour/mois/année" in text
    empty = SurveyToolReport(tool=LIMESURVEY, file="r.csv")
    assert empty.lines() == [
        "Export LimeSurvey « r.csv » : 0 réponse, 0 question.",
        "- Rien à signaler : chaque colonne a été lue.",
    ]
    many = SurveyToolReport(
        tool=FRAMAFORMS, rows=42, questions=["a"] * 12, system=["s", "t"], grids={"G": ["x"]}
    )
    assert many.lines()[0] == (
        "Export Framaforms : 42 réponses, 12 questions (dont 1 grille), 2 colonnes de la "
        "plateforme."
    )
    frame = SurveyToolReport(tool=GOOGLE_FORMS, labels={"a": "A ?"}).to_frame()
    assert list(frame.columns) == [
        "colonne",
        "en-tête de l'export",
        "origine",
        "valeurs illisibles",
    ]


def test_report_of_a_real_read_says_each_question_kind(tmp_path):
    _, report = read_survey_answers(write_google_forms_csv(tmp_path / "r.csv"))
    lines = report.lines()
    assert lines[0] == (
        "Export Google Forms « r.csv » : 8 réponses, 7 questions (dont 1 à choix multiples "
        "et 1 grille), 1 colonne de la plateforme."
    )
    assert any(
        line.startswith("- « Quels ateliers avez-vous suivis ? » : choix multiples")
        for line in lines
    )
    assert any("grille, une colonne par ligne (2 colonnes)" in line for line in lines)
    assert any(line.startswith("- Adresse e-mail des répondants") for line in lines)
    table = report.to_frame()
    assert set(table["origine"]) >= {"plateforme", "question", "choix multiples"}


# ---- bad inputs ------------------------------------------------------------------------------
def test_google_forms_duplicated_headers_are_named_with_their_columns(tmp_path):
    answers, report = read_survey_answers(
        write_google_forms_csv(tmp_path / "r.csv", duplicate=True)
    )
    assert report.duplicates == {"Un commentaire ?": [9, 10]}
    assert {"un_commentaire", "un_commentaire_2"} <= set(answers.columns)
    assert (
        "- Le même intitulé « Un commentaire ? » est écrit en tête de 2 colonnes (9 et 10)"
        in report.to_text()
    )
    # the same frame given directly, with its duplicated names
    frame = pd.DataFrame([["13/01/2026 09:05:12", "a", "b"]], columns=["Horodateur", "Q", "Q"])
    typed, report = type_survey_answers(frame)
    assert report.duplicates == {"Q": [2, 3]}
    assert list(typed.columns) == ["horodateur", "q", "q_2"]


def test_limesurvey_malformed_sub_question_code_names_file_and_column(tmp_path):
    path = write_limesurvey_csv(tmp_path / "results.csv", bad_code=True)
    with pytest.raises(QuestionnaireError) as err:
        read_survey_answers(path)
    message = err.value.message
    assert "« SATIS[] »" in message and "colonne 17" in message and "« results.csv »" in message
    assert "Q01[SQ001]" in message
    # not strict (step 05): kept as an unknown text column, said in the report
    text, report = tidy_answers(read_export(path), path=path)
    assert report.unknown == ["SATIS[]"]
    assert "SATIS[]" in text.columns


def test_limesurvey_unknown_column_is_kept_as_text_and_named(tmp_path):
    answers, report = read_survey_answers(write_limesurvey_csv(tmp_path / "r.csv", stray=True))
    assert report.unknown == ["relance_faite"]
    assert answers["relance_faite"].iloc[0] == "oui"
    assert "- Colonne inconnue de LimeSurvey, gardée en texte : « relance_faite »." in (
        report.to_text()
    )


def test_limesurvey_unexpected_value_in_a_checkbox_is_named_by_row(tmp_path):
    path = tmp_path / "r.csv"
    write_limesurvey_csv(path)
    frame = read_export(path)
    frame.loc[2, "ATELIERS[SQ002]"] = "peut-être"
    _, report = type_survey_answers(frame, path=path)
    assert report.unknown_values == {"ateliers/sq002": [4]}
    text = report.to_text()
    assert "« ateliers/sq002 » : 1 valeur inattendue pour une case à cocher (ligne 4" in text
    assert "peut-être" not in text  # never shown


def test_unreadable_numbers_and_times_are_named_by_column_and_row_never_shown(tmp_path):
    path = tmp_path / "r.csv"
    rows = google_forms_rows()
    rows[3][2] = "douze"  # third answer, line 4 of the file
    rows[6][0] = "hier soir"
    path.write_text("\r\n".join(",".join(f'"{v}"' for v in r) for r in rows) + "\r\n")
    answers, report = read_survey_answers(path)
    assert report.unparsed == {"horodateur": [7], "quel_age_avez_vous": [4]}
    assert pd.isna(answers["quel_age_avez_vous"].iloc[2])
    text = report.to_text()
    assert "« quel_age_avez_vous » : 1 valeur illisible (ligne 4 du fichier), laissée vide" in text
    assert "« horodateur » : 1 valeur illisible (ligne 7 du fichier)" in text
    assert "douze" not in text and "hier soir" not in text


def test_truncated_limesurvey_download_is_said_with_its_last_line(tmp_path):
    path = write_limesurvey_csv(tmp_path / "r.csv", truncate=True)
    answers, report = read_survey_answers(path)
    assert len(answers) == 8
    text = report.to_text()
    assert "il semble tronqué" in text and "(ligne 9 du fichier)" in text
    assert "« startdate » : 1 valeur illisible (ligne 9 du fichier)" in text
    complete, report = read_survey_answers(write_limesurvey_csv(tmp_path / "ok.csv"))
    assert "tronqué" not in report.to_text()


def test_not_an_export_of_a_tool_says_so(tmp_path):
    plain = pd.DataFrame({"nom": ["a"], "age": ["3"]})
    with pytest.raises(QuestionnaireError, match="n'est pas un export de « Google Forms »"):
        type_survey_answers(plain)
    google = read_export(write_google_forms_csv(tmp_path / "g.csv"))
    with pytest.raises(QuestionnaireError, match="ses en-têtes sont ceux d'un export Google Forms"):
        type_survey_answers(google, tool=LIMESURVEY, path=tmp_path / "g.csv")
    with pytest.raises(QuestionnaireError, match="n'a pas de rapport de lecture"):
        survey_tool_report(plain)


def test_google_forms_checkbox_grid_row_gives_its_own_0_1_columns():
    frame = pd.DataFrame(
        {
            "Horodateur": [f"1{i}/01/2026 10:00:00" for i in range(4)],
            "Vos créneaux [Lundi]": ["Matin, Soir", "Matin", "Soir", "Matin, Après-midi"],
            "Vos créneaux [Mardi]": ["Soir", "Matin, Soir", "", "Après-midi"],
        }
    )
    typed, report = type_survey_answers(frame)
    assert report.grids == {"Vos créneaux": ["vos_creneaux_lundi", "vos_creneaux_mardi"]}
    assert report.multiple["vos_creneaux_lundi"] == ["matin", "soir", "apres_midi"]
    assert typed["vos_creneaux_lundi/matin"].tolist() == [1, 1, 0, 1]
    assert typed["vos_creneaux_lundi"].iloc[3] == "matin apres_midi"


def test_framaforms_compact_multiple_choice_and_limesurvey_converted_y_n():
    compact = pd.DataFrame(
        {
            "Serial": ["1", "2", "3"],
            "SID": ["7", "8", "9"],
            "Time": ["07/12/2026 - 15:09", "08/12/2026 - 09:00", "09/12/2026 - 11:30"],
            "Ateliers": ["cv,entretien", "cv", "entretien,numerique"],
        }
    )
    typed, report = type_survey_answers(compact)
    assert report.tool == FRAMAFORMS
    assert report.multiple["ateliers"] == ["cv", "entretien", "numerique"]
    assert typed["ateliers/entretien"].tolist() == [1, 0, 1]
    assert typed["time"].iloc[0] == pd.Timestamp(2026, 12, 7, 15, 9)
    # LimeSurvey's « convert Y to 1, N to 2 » export option
    lime = pd.DataFrame(
        {
            "id": ["1", "2"],
            "submitdate": ["2026-01-13 09:05:12", "2026-01-14 10:00:00"],
            "lastpage": ["1", "1"],
            "Q1[SQ001]": ["1", "2"],
            "Q1[SQ002]": ["2", "1"],
        }
    )
    typed, report = type_survey_answers(lime)
    assert report.multiple == {"q1": ["sq001", "sq002"]}
    assert typed["q1/sq001"].tolist() == [1, 0]

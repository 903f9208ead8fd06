"""The round trip: a questionnaire's answers exported as KoboToolbox does, read back typed.

For each sample structure and wave, seeded answers (:func:`tests.kobo_exports.plant_answers`)
are written as a Kobo export (:func:`tests.kobo_exports.kobo_export`: xlsx and ``;`` CSV,
XML names and labels) and read back by :func:`sizeup_helpers.form_answers.read_form_answers`
with the form written by :func:`sizeup_helpers.xlsform.to_xlsform`: the typed values must
be the planted ones. Then a form with every type the model knows and a repeat group, the
real exports of ``real-world/kobocruncher``, the pyxform test forms, and bad inputs.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sizeup_helpers.form_answers import answers_report, join_parent, read_form_answers
from sizeup_helpers.item_bank import build_questionnaire
from sizeup_helpers.workspace import open_workspace
from sizeup_helpers.xlsform import (
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    read_xlsform,
    to_xlsform,
)

from .conftest import REAL_WORLD, SAMPLES_DIR, needs_real_world, sample_slugs
from .kobo_exports import Planted, expected, kobo_export, plant_answers, sheet_name

KOBO = REAL_WORLD / "kobocruncher"
PYXFORM = REAL_WORLD / "pyxform"
FORMATS = [("xlsx", "xml"), ("xlsx", "labels"), ("csv", "xml"), ("csv", "labels")]
_DATES = ("date", "today", "datetime", "start", "end")


def assert_typed(typed: pd.DataFrame, planted: Planted, section: str | None = None) -> None:
    """Every planted value is back, with the dtype its question's type calls for."""
    types = {q.name: q.type for q in planted.form.questions()}
    for column, values in expected(planted, section).items():
        assert column in typed, f"colonne {column} absente"
        got = typed[column]
        kind = types.get(column, "select_multiple/choice")
        if kind == "integer":
            assert got.dtype == "Int64", column
        elif kind in ("decimal", "range"):
            assert got.dtype == "float64", column
        elif kind in _DATES:
            assert got.dtype.kind == "M", column
        elif kind == "select_one":
            assert isinstance(got.dtype, pd.CategoricalDtype), column
            names = [str(n) for cl in planted.form.choice_lists for n, _ in cl.choices]
            assert set(got.cat.categories) <= set(names), column
        elif kind == "select_multiple/choice":
            assert got.dtype == "Int8", column
        back = [None if pd.isna(v) else v for v in got.tolist()]
        assert back == values, column


def assert_clean(typed: pd.DataFrame) -> None:
    report = answers_report(typed)
    assert report.unknown == [], report.to_text()
    assert report.unparsed == {} and report.unknown_choices == {}, report.to_text()
    assert report.missing == [], report.to_text()


# --------------------------------------------------------------------------------------
# The seven sample structures, both waves
# --------------------------------------------------------------------------------------
_FORMS: dict[tuple[str, str], tuple[Questionnaire, object, Planted]] = {}


def sample_form(slug: str, wave: str, tmp_path_factory):
    """The questionnaire of a sample and wave, its XLSForm and planted answers (built once)."""
    key = (slug, wave)
    if key not in _FORMS:
        folder = tmp_path_factory.mktemp(f"{slug}-{wave}")
        ws = open_workspace(SAMPLES_DIR / slug, folder / "sorties")
        questionnaire = build_questionnaire(ws, wave=wave)
        form = to_xlsform(questionnaire, folder / "formulaire.xlsx")
        _FORMS[key] = (questionnaire, form, plant_answers(questionnaire, 12, seed=len(_FORMS)))
    return _FORMS[key]


@pytest.mark.parametrize("wave", ["avant", "apres"])
@pytest.mark.parametrize("slug", sample_slugs())
def test_sample_questionnaire_round_trip(slug, wave, tmp_path, tmp_path_factory):
    questionnaire, form, planted = sample_form(slug, wave, tmp_path_factory)
    # what the round trip must see: « ne sait pas » answers and questions not asked
    flat = [v for row in planted.main for v in row.values()]
    assert "nsp" in flat and None in flat
    for fmt, headers in FORMATS:
        export = kobo_export(
            questionnaire, planted, tmp_path / f"{headers}.{fmt}", fmt=fmt, headers=headers
        )
        answers = read_form_answers(export, form)
        sheet = sheet_name(questionnaire.title) if fmt == "xlsx" else f"{headers}"
        assert list(answers) == [sheet], (fmt, headers)
        typed = answers[sheet]
        assert_typed(typed, planted)
        assert_clean(typed)
        report = answers_report(typed)
        assert ("libellés" in report.to_text()) is (headers == "labels")
        assert typed["_id"].dtype == "Int64" and typed["_submission_time"].dtype.kind == "M"


# --------------------------------------------------------------------------------------
# A form with every type and a repeat group
# --------------------------------------------------------------------------------------
TITLE = "Suivi des ateliers [2024] : vague d'après/avant — Niveau à Bulle"
ECHELLE = [
    ("e1", "1 — pas du tout"),
    ("e2", "2"),
    ("e3", "3"),
    ("e4", "4"),
    ("e5", "5 — tout à fait"),
]


def every_type() -> Questionnaire:
    """Every type :func:`~sizeup_helpers.xlsform.to_xlsform` writes, skip logic, nested
    groups and a repeat group (metadata and datetime: see the real forms' tests)."""
    oui_non = [("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas")]
    freins = [("mobilite", "Mobilité"), ("garde", "Garde d'enfants"), ("sante", "Santé")]
    freins += [("logement", "Logement / hébergement")]
    return Questionnaire(
        title=TITLE,
        form_id="suivi_ateliers",
        items=[
            Question("information", "Vos réponses restent anonymes.", "note"),
            Question("consentement", "Acceptez-vous ?", "select_one", "oui_non", required=True),
            Group(
                "profil",
                "Votre situation",
                [
                    Question("age", "Votre âge", "integer"),
                    Question("revenu", "Revenu mensuel (euros)", "decimal"),
                    Question("date_entree", "Date d'entrée", "date"),
                    Question("freins", "Vos freins", "select_multiple", "freins"),
                    Question(
                        "freins_detail",
                        "Précisez votre frein de mobilité",
                        "text",
                        relevant="selected(${freins}, 'mobilite')",
                    ),
                    Group(
                        "avis",
                        "Votre avis",
                        [Question("confiance", "Confiance en vous", "select_one", "echelle")],
                    ),
                ],
                relevant="${consentement} = 'oui'",
            ),
            Group(
                "enfants",
                "Vos enfants",
                [
                    Question("age_enfant", "Âge de l'enfant", "integer"),
                    Question("garde_enfant", "Mode de garde", "select_one", "oui_non"),
                ],
                relevant="${consentement} = 'oui'",
                repeat=True,
            ),
            Question("commentaire", "Un commentaire ?", "text"),
        ],
        choice_lists=[
            ChoiceList("oui_non", oui_non),
            ChoiceList("freins", freins),
            ChoiceList("echelle", ECHELLE),
        ],
    )


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    questionnaire = every_type()
    form = to_xlsform(questionnaire, tmp_path_factory.mktemp("form") / "formulaire.xlsx")
    return questionnaire, form, plant_answers(questionnaire, 15, seed=7)


@pytest.mark.parametrize("sep", ["/", "."])
@pytest.mark.parametrize("fmt,headers", FORMATS)
def test_every_type_round_trip(rich, tmp_path, fmt, headers, sep):
    questionnaire, form, planted = rich
    assert any(r["consentement"] == "non" for r in planted.main)
    assert any(r["freins_detail"] is None and r["freins"] for r in planted.main)
    assert sum(len(v) for v in planted.repeats.values()) > 0
    export = kobo_export(
        questionnaire, planted, tmp_path / f"export.{fmt}", fmt=fmt, headers=headers, group_sep=sep
    )
    answers = read_form_answers(export, form)
    main = answers[sheet_name(TITLE) if fmt == "xlsx" else "export"]
    assert_typed(main, planted)
    assert_clean(main)
    if fmt == "csv":  # Kobo's CSV export holds the first section only
        assert len(answers) == 1
        return
    children = answers["enfants"]
    assert_typed(children, planted, "enfants")
    assert_clean(children)
    report = answers_report(children)
    # _parent_table_name holds the full title; the sheet's name is cut to 31 characters
    assert report.parent == sheet_name(TITLE) and report.orphans == 0
    joined = join_parent(answers, "enfants")
    parents = [planted.main[c["_parent"]]["age"] for c in planted.repeats["enfants"]]
    assert [None if pd.isna(v) else v for v in joined["age"]] == parents


def test_every_type_numbers_and_dates_written_as_text(rich, tmp_path):
    questionnaire, form, planted = rich
    export = kobo_export(questionnaire, planted, tmp_path / "texte.xlsx", types_as_text=True)
    main = read_form_answers(export, form)[sheet_name(TITLE)]
    assert_typed(main, planted)
    assert_clean(main)


def test_numeric_choice_codes_written_as_numbers(tmp_path):
    """A scale coded 1–5: formpack's ``try_get_number`` writes the code 3 as the number 3."""
    from openpyxl import Workbook

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    for row in [
        ("type", "name", "label"),
        ("select_one echelle", "confiance", "Confiance en vous"),
        ("select_multiple echelle", "progres", "Vos progrès"),
        ("integer", "age", "Votre âge"),
    ]:
        survey.append(row)
    choices = wb.create_sheet("choices")
    choices.append(("list_name", "name", "label"))
    for code in "12345":
        choices.append(("echelle", code, f"Niveau {code}"))
    wb.create_sheet("settings").append(("form_title", "form_id"))
    wb["settings"].append(("Échelle", "echelle"))
    wb.save(tmp_path / "formulaire.xlsx")
    questionnaire = read_xlsform(tmp_path / "formulaire.xlsx")
    planted = plant_answers(questionnaire, 12, seed=2)
    assert any(r["progres"] and len(r["progres"]) == 1 for r in planted.main)
    for fmt, headers in FORMATS:
        export = kobo_export(
            questionnaire, planted, tmp_path / f"e.{fmt}", fmt=fmt, headers=headers
        )
        typed = next(iter(read_form_answers(export, tmp_path / "formulaire.xlsx").values()))
        assert_typed(typed, planted)
        assert_clean(typed)
        assert list(typed["confiance"].cat.categories) == list("12345")


@pytest.mark.parametrize("headers", ["xml", "labels"])
def test_every_type_headers_without_groups(rich, tmp_path, headers):
    """Kobo's « Include groups in headers » unticked: the bare name or label."""
    questionnaire, form, planted = rich
    export = kobo_export(
        questionnaire, planted, tmp_path / "e.xlsx", headers=headers, hierarchy=False
    )
    answers = read_form_answers(export, form)
    assert_typed(answers[sheet_name(TITLE)], planted)
    assert_clean(answers[sheet_name(TITLE)])
    assert_typed(answers["enfants"], planted, "enfants")


def test_csv_text_answers_with_line_breaks(rich, tmp_path):
    """Kobo quotes every CSV cell: a line break inside an answer does not hide the « ; »."""
    questionnaire, form, planted = rich
    texts = copied(planted)
    for row in texts.main:
        row["commentaire"] = "Bien, merci.\nÀ bientôt, peut-être ; ou pas"
    export = kobo_export(questionnaire, texts, tmp_path / "e.csv", fmt="csv", headers="labels")
    typed = read_form_answers(export, form)["e"]
    assert typed["commentaire"].tolist() == [r["commentaire"] for r in texts.main]
    assert_clean(typed)


def test_sheet_names_cut_as_formpack_does():
    assert sheet_name(TITLE) == "Suivi des ateliers _2024_ _ ..."
    assert len(sheet_name(TITLE)) == 31
    assert sheet_name(TITLE, [sheet_name(TITLE)]) == "Suivi des ateliers _2024... (1)"
    assert sheet_name("members") == "members"


# --------------------------------------------------------------------------------------
# Real files
# --------------------------------------------------------------------------------------
@needs_real_world
def test_real_kobo_export_values():
    """Values read by opening data.xlsx (sheet « Sample Dataset KoboloadeR », 5 rows)."""
    answers = read_form_answers(KOBO / "data.xlsx", KOBO / "sample_xlsform.xlsx")
    main, members = answers["Sample Dataset KoboloadeR"], answers["members"]
    assert main["start"].iloc[0] == pd.Timestamp("2022-10-27 08:57:57.907")
    assert main["end"].iloc[1] == pd.Timestamp("2022-10-24 15:46:00.095")
    assert main["location"].tolist()[:2] == ["private_facility", "home"]
    assert list(main["location"].cat.categories) == ["home", "subcenter", "private_facility"]
    assert main["country"].tolist()[:2] == ["VEN", "HND"]
    assert main["occupation"].iloc[0] == "Consultant"
    assert main["reason"].iloc[0] == "accomodation employment education community"
    assert main["reason/accomodation"].dtype == "Int8"
    assert main["reason/reunification"].tolist()[:2] == [0, 1]
    assert main["_id"].iloc[0] == 20759478
    assert main["_uuid"].iloc[0] == "48cc75b7-3d86-4c3e-a99b-24b4032b7b9c"
    assert main["_submission_time"].iloc[1] == pd.Timestamp("2022-05-04 20:15:14")
    assert main["_index"].tolist() == [1, 2, 3, 4, 5]
    assert members["age"].tolist()[:2] == [56, 2] and members["sex"].iloc[0] == "male"
    assert members["_parent_index"].tolist()[:2] == [1, 2]
    report = answers_report(members)
    assert report.renamed["members.age"] == "age" and report.unknown == []
    assert report.parent == "Sample Dataset KoboloadeR" and report.orphans == 0


@needs_real_world
def test_real_likert_export_values():
    answers = read_form_answers(KOBO / "data_likert.xlsx", KOBO / "form_likert.xlsx")
    typed = answers["test_likert"]
    assert typed["return_ven"].tolist()[:2] == ["unlikely", "neutral"]
    assert typed["org_capacity"].tolist()[:2] == ["unlikely", "neutral"]
    assert typed["volrepVen"].iloc[0] == "likely"
    assert answers_report(typed).renamed["group_pm0cj55.return_ven"] == "return_ven"
    assert answers_report(typed).missing == []  # start and end are metadata, not asked


@needs_real_world
def test_real_kobo_form_round_trip(tmp_path):
    """The real form with synthetic answers: groups, select_multiple and the repeat group."""
    form = KOBO / "sample_xlsform.xlsx"
    questionnaire = read_xlsform(form)
    planted = plant_answers(questionnaire, 8, seed=3)
    for fmt, headers in FORMATS:
        export = kobo_export(
            questionnaire, planted, tmp_path / f"e.{fmt}", fmt=fmt, headers=headers, group_sep="."
        )
        answers = read_form_answers(export, form)
        main = answers["Sample Dataset KoboloadeR" if fmt == "xlsx" else "e"]
        assert_typed(main, planted)
        assert_clean(main)
        if fmt == "xlsx":
            assert_typed(answers["members"], planted, "members")


@needs_real_world
@pytest.mark.parametrize("name", ["group", "or_other", "yes_or_no_question"])
def test_pyxform_forms_round_trip(tmp_path, name):
    form = PYXFORM / f"{name}.xlsx"
    questionnaire = read_xlsform(form)
    planted = plant_answers(questionnaire, 6, seed=5)
    for fmt, headers in FORMATS:
        export = kobo_export(
            questionnaire, planted, tmp_path / f"e.{fmt}", fmt=fmt, headers=headers
        )
        typed = next(iter(read_form_answers(export, form).values()))
        assert_typed(typed, planted)
        assert_clean(typed)


@needs_real_world
def test_pyxform_or_other_answer_kept(tmp_path):
    """``select_one colors or_other``: Kobo writes « other » and a ``fav_color_other`` column.

    The model drops ``or_other`` (xlsform.read_xlsform): the value and the column are kept
    as they are, never lost.
    """
    form = PYXFORM / "or_other.xlsx"
    questionnaire = read_xlsform(form)
    planted = plant_answers(questionnaire, 3, seed=5)
    planted.main[0]["fav_color"] = "other"
    other = {"fav_color_other": ["turquoise", "", ""]}
    export = kobo_export(questionnaire, planted, tmp_path / "e.xlsx", extra_columns=other)
    typed = next(iter(read_form_answers(export, form).values()))
    assert typed["fav_color"].iloc[0] == "other"
    assert typed["fav_color_other"].iloc[0] == "turquoise"


@needs_real_world
def test_pyxform_old_spellings_are_read(tmp_path):
    """« select one from LIST », « select all that apply from LIST … or specify other » and
    « label:english » (pyxform's old examples) are read in today's spelling."""
    yes_no = read_xlsform(PYXFORM / "yes_or_no_question.xlsx")
    (q,) = yes_no.questions()
    assert (q.type, q.choices, q.label) == (
        "select_one",
        "yes_or_no",
        "have you had a good day today?",
    )
    assert yes_no.choice_lists[0].choices == [("yes", "yes"), ("no", "no")]
    loop = read_xlsform(PYXFORM / "loop.xlsx")
    first = loop.questions()[0]
    assert (first.type, first.choices) == ("select_multiple", "toilet_type")
    assert first.label == "What type of toilets are on the premises?"
    (group,) = [item for item in loop.items if isinstance(item, Group)]
    assert group.name == "loop_toilet_types" and [q.name for q in group.questions] == ["number"]


# --------------------------------------------------------------------------------------
# Bad inputs, each said in French
# --------------------------------------------------------------------------------------
def test_unknown_column_named(rich, tmp_path):
    questionnaire, form, planted = rich
    extra = {"remarque_equipe": ["à rappeler"] + [""] * (len(planted.main) - 1)}
    export = kobo_export(questionnaire, planted, tmp_path / "e.xlsx", extra_columns=extra)
    main = read_form_answers(export, form)[sheet_name(TITLE)]
    report = answers_report(main)
    assert report.unknown == ["remarque_equipe"]
    assert main["remarque_equipe"].iloc[0] == "à rappeler"
    assert (
        "- Colonne inconnue du formulaire, gardée en texte : « remarque_equipe » (autre version "
        "du formulaire, colonne ajoutée à la main ?)." in report.to_text()
    )


def copied(planted: Planted) -> Planted:
    """A copy of the planted answers, to spoil."""
    main = [dict(r) for r in planted.main]
    return Planted(planted.form, main, planted.repeats, planted.system)


def test_value_not_in_choices_named_by_column_and_row(rich, tmp_path):
    questionnaire, form, planted = rich
    rows = [i for i, r in enumerate(planted.main) if r["consentement"] == "oui"][:2]
    bad = copied(planted)
    bad.main[rows[0]]["confiance"] = "6"
    bad.main[rows[1]]["freins"] = ["garde", "transport"]
    for fmt in ("xlsx", "csv"):
        export = kobo_export(questionnaire, bad, tmp_path / f"e.{fmt}", fmt=fmt)
        main = next(iter(read_form_answers(export, form).values()))
        report = answers_report(main)
        text = report.to_text()
        assert report.unknown_choices == {"confiance": 1, "freins": 1}, text
        # spreadsheet rows: the header is row 1
        assert (
            "- « confiance » : 1 réponse absente de la liste de choix, gardée telle quelle : "
            f"« 6 » (ligne {rows[0] + 2})." in text
        )
        assert (
            "- « freins » : 1 réponse absente de la liste de choix, gardée telle quelle : "
            f"« transport » (ligne {rows[1] + 2})." in text
        )
        assert main["confiance"].iloc[rows[0]] == "6"


def test_date_that_is_not_a_date(rich, tmp_path):
    questionnaire, form, planted = rich
    rows = [i for i, r in enumerate(planted.main) if r["date_entree"] is not None][:2]
    bad = copied(planted)
    bad.main[rows[0]]["date_entree"] = "à la rentrée"
    bad.main[rows[1]]["date_entree"] = "31/02/2024"
    export = kobo_export(questionnaire, bad, tmp_path / "e.csv", fmt="csv")
    main = read_form_answers(export, form)["e"]
    report = answers_report(main)
    assert report.unparsed == {"date_entree": 2}
    assert main["date_entree"].iloc[rows[0]] is pd.NaT
    text = report.to_text()
    assert (
        "- « date_entree » : 2 valeurs illisibles comme date, laissées vides "
        f"(lignes {rows[0] + 2} et {rows[1] + 2} ; valeurs non montrées)." in text
    )
    assert "rentrée" not in text and "31/02" not in text


def test_repeat_row_whose_parent_points_nowhere(rich, tmp_path):
    questionnaire, form, planted = rich
    children = [dict(c) for c in planted.repeats["enfants"]]
    children[0]["_parent_index"] = 99
    bad = Planted(planted.form, planted.main, {"enfants": children}, planted.system)
    export = kobo_export(questionnaire, bad, tmp_path / "e.xlsx")
    answers = read_form_answers(export, form)
    report = answers_report(answers["enfants"])
    assert report.orphans == 1
    assert (
        "- Groupe répété : chaque ligne est rattachée à sa réponse de la feuille "
        f"« {sheet_name(TITLE)} » (_parent_index → _index) ; 1 ligne sans réponse parente "
        f"(ligne 2) : son _parent_index ne désigne aucune ligne de « {sheet_name(TITLE)} »."
        in report.to_text()
    )
    joined = join_parent(answers, "enfants")
    assert pd.isna(joined["age"].iloc[0]) and len(joined) == len(children)


def test_planted_answers_are_seeded(rich):
    questionnaire, _, planted = rich
    again = plant_answers(questionnaire, 15, seed=7)
    assert again.main == planted.main and again.repeats == planted.repeats
    assert isinstance(planted.main[0]["date_entree"], dt.date | None)

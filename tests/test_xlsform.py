"""The questionnaire model, its XLSForm export and the offline pyxform check (step 07)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from sizeup_helpers.errors import QuestionnaireError, SizeUpError
from sizeup_helpers.xlsform import (
    LANGUAGE,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    check_xlsform,
    read_xlsform,
    suggest_name,
    to_xlsform,
    xlsform_warnings,
)

from .conftest import REAL_WORLD, needs_real_world

CODE_PATTERN = "regex(., '^[A-Z]{3}[0-9]{2}$')"


def make_form() -> Questionnaire:
    """Every type, a group, a skip, a constraint, a consent note, a respondent code."""
    return Questionnaire(
        title="Suivi des personnes accompagnées",
        form_id="suivi_accompagnement",
        version="2026-12",
        items=[
            Question(
                "consentement",
                "Vos réponses servent à évaluer l'accompagnement (RGPD, art. 13).",
                "note",
            ),
            Question(
                "code_repondant",
                "Votre code personnel (3 lettres de votre ville puis 2 chiffres)",
                "text",
                required=True,
                constraint=CODE_PATTERN,
                constraint_message="Trois majuscules puis deux chiffres, par exemple LEN07.",
                hint="Le même code à chaque vague, sans nom ni date de naissance.",
            ),
            Group(
                "situation",
                "Votre situation",
                [
                    Question("emploi", "Avez-vous un emploi ?", "select_one", "oui_non"),
                    Question(
                        "heures",
                        "Combien d'heures par semaine ?",
                        "integer",
                        relevant="${emploi} = 'oui'",
                        constraint=". >= 0 and . <= 70",
                        constraint_message="Entre 0 et 70 heures.",
                    ),
                    Question("revenu", "Revenu mensuel (euros)", "decimal"),
                    Question("date_entree", "Date d'entrée", "date"),
                    Question("freins", "Vos freins", "select_multiple", "freins"),
                ],
            ),
        ],
        choice_lists=[
            ChoiceList("oui_non", [("oui", "Oui"), ("non", "Non"), ("nsp", "Ne sait pas")]),
            ChoiceList("freins", [("mobilite", "Mobilité"), ("garde", "Garde d'enfants")]),
        ],
    )


def test_every_type_written_and_accepted_by_pyxform(tmp_path):
    path = to_xlsform(make_form(), tmp_path / "questionnaire.xlsx")
    xform = check_xlsform(path)
    assert '<translation lang="Français (fr)" default="true()">' in xform
    assert "relevant=\" /data/situation/emploi  = 'oui'\"" in xform
    assert 'nodeset="/data/situation/heures" type="int"' in xform
    assert 'nodeset="/data/code_repondant" type="string" required="true()"' in xform
    assert "regex(., '^[A-Z]{3}[0-9]{2}$')" in xform
    assert 'nodeset="/data/consentement" readonly="true()"' in xform
    for xml_type in ('type="decimal"', 'type="date"', "<select ", "<select1 "):
        assert xml_type in xform
    assert "<value>Ne sait pas</value>" in xform


def test_workbook_layout(tmp_path):
    from openpyxl import load_workbook

    path = to_xlsform(make_form(), tmp_path / "q.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    survey = wb["survey"]
    assert [c.value for c in survey[1]][:3] == ["type", "name", f"label::{LANGUAGE}"]
    assert survey.freeze_panes == "A2" and survey["A1"].font.b
    types = [row[0] for row in survey.iter_rows(min_row=2, values_only=True)]
    assert types[2:4] == ["begin_group", "select_one oui_non"] and types[-1] == "end_group"
    assert [c.value for c in wb["settings"][2]] == [
        "Suivi des personnes accompagnées",
        "suivi_accompagnement",
        "2026-12",
        LANGUAGE,
    ]
    assert survey.column_dimensions["C"].width > 10
    assert not list(tmp_path.glob(".*tmp*"))  # written atomically, nothing left behind


def test_round_trip(tmp_path):
    form = make_form()
    assert read_xlsform(to_xlsform(form, tmp_path / "q.xlsx")) == form


def test_formula_like_labels_are_text(tmp_path):
    from openpyxl import load_workbook

    labels = ["=SOMME(A1)", "+33 6 12 34 56 78", "-2", "@moi"]
    form = make_form()
    form.items += [Question(f"q{i}", label, "text") for i, label in enumerate(labels)]
    form.choice_lists[1].choices.append(("autre", "=1+1"))
    form.title = '=HYPERLINK("http://x")'
    path = to_xlsform(form, tmp_path / "q.xlsx")
    wb = load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    risky = [c for c in cells if str(c.value)[0] in "=+-@"]
    assert len(risky) == 6
    assert all(c.data_type == "s" for c in risky)
    assert {c.value for c in risky} >= set(labels)
    xform = check_xlsform(path)
    assert "<value>=SOMME(A1)</value>" in xform and "<value>-2</value>" in xform
    assert read_xlsform(path) == form


def test_suggest_name():
    assert suggest_name("Âge au 1er janvier") == "age_au_1er_janvier"
    assert suggest_name("2e vague") == "q_2e_vague"
    assert suggest_name("« ! »") == "question"
    assert len(suggest_name("mot " * 30)) <= 40


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda f: f.items.append(Question("âge", "Âge", "integer")), ["« âge »", "« age »"]),
        (lambda f: f.items.append(Question("mon code", "X")), ["« mon code »", "mon_code"]),
        (lambda f: f.items.append(Question("2e", "X")), ["« 2e »", "chiffre"]),
        (lambda f: f.items.append(Question("emploi", "Encore")), ["« emploi »", "unique"]),
        (
            lambda f: f.items.append(Question("choix", "X", "select_one")),
            ["« choix »", "sans liste"],
        ),
        (
            lambda f: f.items.append(Question("choix", "X", "select_multiple", "absente")),
            ["« choix »", "« absente »", "n'existe pas"],
        ),
        (lambda f: f.choice_lists.append(ChoiceList("vide")), ["« vide »", "aucune réponse"]),
        (
            lambda f: f.choice_lists[0].choices.append(("oui", "Encore oui")),
            ["« oui_non »", "deux fois", "« oui »"],
        ),
        (
            lambda f: f.items.append(Question("duree", "X", "range")),
            ["« duree »", "type inconnu", "« range »", "« select_one »"],
        ),
        (
            lambda f: f.items.append(Question("x", "X", relevant="${emplois} = 'oui'")),
            ["condition d'affichage", "question « x »", "${emplois}", "aucune question"],
        ),
        (
            lambda f: f.items.append(Group("bloc", "Bloc", relevant="${inconnu} > 2")),
            ["du groupe « bloc »", "${inconnu}"],
        ),
        (lambda f: setattr(f, "form_id", "suivi été"), ["form_id", "« suivi_ete »"]),
        (lambda f: f.items.append(Question("vide", " ")), ["« vide »", "pas de libellé"]),
    ],
)
def test_bad_questionnaires_are_refused_in_french(tmp_path, change, words):
    form = make_form()
    change(form)
    with pytest.raises(QuestionnaireError) as info:
        to_xlsform(form, tmp_path / "q.xlsx")
    assert isinstance(info.value, SizeUpError)
    for word in words:
        assert word in info.value.message
    assert not (tmp_path / "q.xlsx").exists()


def test_nested_choice_name_with_accent_is_refused(tmp_path):
    form = make_form()
    form.choice_lists[0] = replace(form.choice_lists[0], choices=[("très", "Très")])
    with pytest.raises(QuestionnaireError, match="« très »"):
        to_xlsform(form, tmp_path / "q.xlsx")


def _write(path, survey, choices=(("list_name", "name", "label"),)):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in survey:
        ws.append(list(row))
    chosen = wb.create_sheet("choices")
    for row in choices:
        chosen.append(list(row))
    wb.save(path)
    return path


HEADER = ("type", "name", "label", "relevant")


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (
            [HEADER, ("text", "a", "A"), ("text", "a", "Encore A")],
            ["feuille « survey », ligne 3", "le nom « a » est déjà utilisé"],
        ),
        (
            [HEADER, ("text", "a", "A"), ("integer", "b", "B"), ("choix_libre", "c", "C")],
            ["feuille « survey », ligne 4", "le type « choix_libre » est inconnu"],
        ),
        (
            [HEADER, ("begin_group", "bloc", "Bloc"), ("text", "a", "A")],
            ["feuille « survey », ligne 2", "groupe « bloc »", "end_group"],
        ),
        (
            [HEADER, ("text", "a", "A"), ("text", "b", "B", "${zz} = 'oui'")],
            ["feuille « survey », ligne 3", "« relevant »", "${zz}", "aucune question"],
        ),
    ],
)
def test_broken_xlsform_errors_name_sheet_and_row(tmp_path, rows, words):
    path = _write(tmp_path / "casse.xlsx", rows)
    with pytest.raises(QuestionnaireError) as info:
        check_xlsform(path)
    message = info.value.message
    assert message.startswith("Le formulaire « casse.xlsx » n'est pas un XLSForm valide")
    for word in words:
        assert word in message
    assert "[row" not in message


def test_more_pyxform_errors(tmp_path):
    path = _write(tmp_path / "f.xlsx", [HEADER, ("text", "a", "A"), ("end_group", "", "")])
    with pytest.raises(QuestionnaireError) as info:
        check_xlsform(path)
    assert "(feuille « survey », ligne 3) : une ligne end_group" in info.value.message
    choices = [("list_name", "name", "label"), ("oui_non", "oui", "Oui")]
    path = _write(tmp_path / "f.xlsx", [HEADER, ("select_one zz", "a", "A")], choices)
    with pytest.raises(QuestionnaireError) as info:
        check_xlsform(path)
    assert "ligne 2) : la liste de réponses « zz » n'existe pas" in info.value.message
    path = _write(tmp_path / "f.xlsx", [HEADER, ("select_one zz", "a", "A")])
    with pytest.raises(QuestionnaireError, match="la feuille « choices » manque"):
        check_xlsform(path)


def test_select_without_list_in_a_workbook(tmp_path):
    path = _write(tmp_path / "f.xlsx", [HEADER, ("text", "a", "A"), ("select_one", "b", "B")])
    with pytest.raises(QuestionnaireError) as info:
        check_xlsform(path)
    assert "(feuille « survey », ligne 3)" in info.value.message
    assert "n'a pas de liste de réponses" in info.value.message
    assert "« select_one oui_non »" in info.value.message


def test_a_good_form_has_no_warning(tmp_path):
    assert xlsform_warnings(to_xlsform(make_form(), tmp_path / "q.xlsx")) == []


@pytest.mark.parametrize(
    ("survey", "choices", "expected"),
    [
        (
            [HEADER, ("text", "âge", "Âge")],
            None,
            "Feuille « survey », ligne 2 : le nom « âge » contient un accent",
        ),
        (
            [HEADER, ("text", "Age", "A"), ("text", "age", "B")],
            None,
            "Feuille « survey », ligne 3 : le nom « age » ne diffère d'un autre nom que par "
            "les majuscules",
        ),
        (
            [HEADER, ("select_one yn", "a", "A")],
            [("list_name", "name", "label"), ("yn", "oui", "Oui"), ("yn", "non", None)],
            "Feuille « choices », ligne 3 : cette réponse n'a pas de libellé",
        ),
        (
            [HEADER, ("select_one yn", "a", "A")],
            [("list_name", "name", "label"), ("yn", "très", "Très")],
            "Feuille « choices », ligne 2 : le nom « très » contient un accent",
        ),
        (
            [HEADER, ("text", "a", "A"), ("simserial", "s", "")],
            None,
            "Feuille « survey », ligne 3 : le type « simserial » n'est plus pris en charge",
        ),
        (
            [("type", "name", "label::Francais"), ("text", "a", "A")],
            None,
            "La langue « Francais » n'a pas de code lisible par les applications ; "
            "écrivez-la sous la forme « Nom (code) », par exemple « Français (fr) ».",
        ),
        (
            [
                ("type", "name", "label::Français (fr)", "hint::English (en)"),
                ("text", "a", "A", "h"),
            ],
            None,
            "Feuille « survey » : la langue « English (en) » n'a pas la colonne « label »",
        ),
    ],
)
def test_pyxform_warnings_in_french(tmp_path, survey, choices, expected):
    args = (choices,) if choices else ()
    warnings = xlsform_warnings(_write(tmp_path / "f.xlsx", survey, *args))
    assert any(w.startswith(expected) for w in warnings), warnings
    assert not any("[row" in w or "pyxform, non traduit" in w for w in warnings), warnings


def test_misspelt_sheet_and_unknown_warning(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    path = _write(tmp_path / "f.xlsx", [HEADER, ("text", "a", "A")])
    wb = load_workbook(path)
    wb.create_sheet("setting").append(["form_title"])
    wb.save(path)
    assert xlsform_warnings(path) == [
        "Une feuille s'appelle « setting » : vouliez-vous écrire « settings » ? Sinon, faites "
        "commencer son nom par « _ » pour que pyxform l'ignore."
    ]
    from pyxform import xls2xform

    real = xls2xform.convert

    def warn(**kwargs):
        result = real(**kwargs)
        result.warnings.append("Something   new\nhere.")
        return result

    monkeypatch.setattr(xls2xform, "convert", warn)
    assert xlsform_warnings(path)[-1] == (
        "Avertissement de pyxform, non traduit : « Something new here. »."
    )


def test_warnings_of_a_refused_form_are_an_error(tmp_path):
    path = _write(tmp_path / "f.xlsx", [HEADER, ("text", "a", "A"), ("text", "a", "B")])
    with pytest.raises(QuestionnaireError, match="ligne 3"):
        xlsform_warnings(path)


def test_unknown_pyxform_message_is_kept_inside_a_french_sentence(tmp_path, monkeypatch):
    from pyxform import xls2xform
    from pyxform.errors import PyXFormError

    def refuse(**kwargs):
        raise PyXFormError("[row : 7] On the 'choices' sheet, something new.")

    monkeypatch.setattr(xls2xform, "convert", refuse)
    path = _write(tmp_path / "f.xlsx", [HEADER, ("text", "a", "A")])
    with pytest.raises(QuestionnaireError) as info:
        check_xlsform(path)
    assert info.value.message == (
        "Le formulaire « f.xlsx » n'est pas un XLSForm valide (feuille « choices », "
        "ligne 7) : pyxform refuse le formulaire (« [row : 7] On the 'choices' sheet, "
        "something new. »)."
    )


def test_missing_or_damaged_file(tmp_path):
    with pytest.raises(QuestionnaireError, match="introuvable"):
        check_xlsform(tmp_path / "absent.xlsx")
    damaged = tmp_path / "abime.xlsx"
    damaged.write_bytes(b"PK\x03\x04 pas un classeur")
    with pytest.raises(QuestionnaireError, match="« abime.xlsx » ne peut pas être lu"):
        check_xlsform(damaged)
    with pytest.raises(QuestionnaireError, match="« abime.xlsx » ne peut pas être lu"):
        read_xlsform(damaged)


REAL_FORMS = [
    "pyxform/group.xlsx",
    "pyxform/loop.xlsx",
    "pyxform/or_other.xlsx",
    "pyxform/xlsform_spec_test.xlsx",
    "pyxform/yes_or_no_question.xlsx",
    "kobocruncher/sample_xlsform.xlsx",
    "kobocruncher/form_likert.xlsx",
]


@needs_real_world
@pytest.mark.parametrize("name", REAL_FORMS)
def test_real_xlsforms_pass(name):
    path = REAL_WORLD / name
    assert "<h:html" in check_xlsform(path)
    form = read_xlsform(path)
    assert form.questions()


@needs_real_world
@pytest.mark.parametrize("name", REAL_FORMS)
def test_real_forms_warnings_are_all_translated(name):
    warnings = xlsform_warnings(REAL_WORLD / name)
    assert not [w for w in warnings if "non traduit" in w or "[row" in w]
    accents = [w for w in warnings if "contient un accent" in w]
    assert sum("certains outils les abîment" in w for w in accents) == min(1, len(accents))


@needs_real_world
def test_real_kobo_form_read_back():
    form = read_xlsform(REAL_WORLD / "kobocruncher" / "sample_xlsform.xlsx")
    types = {q.type for q in form.questions()}
    assert types & {"select_one", "integer", "text"}
    selects = [q for q in form.questions() if q.type in ("select_one", "select_multiple")]
    names = {cl.name for cl in form.choice_lists}
    assert selects and all(q.choices in names for q in selects)
    assert all(cl.choices for cl in form.choice_lists)


def test_import_stays_light():
    code = (
        "import sys, sizeup_helpers, sizeup_helpers.xlsform; "
        "print(sorted(m for m in ('openpyxl', 'pyxform', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_numeric_choice_names_are_allowed_spaces_are_not():
    """A Likert scale coded 1 to 5 is common in XLSForms (KoboToolbox, ODK): its choices
    are named by numbers; a space would break a select_multiple answer."""
    likert = ChoiceList("accord", [(str(i), f"niveau {i}") for i in range(1, 6)])
    q = Questionnaire(
        "Essai",
        "essai",
        items=[Question("avis", "Votre avis", "select_one", choices="accord")],
        choice_lists=[likert],
    )
    q.check()
    spaced = ChoiceList("accord", [("tout a fait", "Tout à fait")])
    bad = Questionnaire(
        "Essai",
        "essai",
        items=[Question("avis", "Votre avis", "select_one", choices="accord")],
        choice_lists=[spaced],
    )
    with pytest.raises(QuestionnaireError, match="sans espace.*Proposition : « tout_a_fait »"):
        bad.check()

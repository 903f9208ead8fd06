"""Seminar 1 forms (notebooks 01–03): what a form saves equals what the parameters path saves.

Each test builds a form on a sample structure, sets its child widgets as a participant
would, "clicks" (calls the method the button calls), then runs the plain function of the
parameters path with the same values into another output folder and compares the files
byte for byte. SIZEUP_HOME is isolated by the autouse fixture of conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from sizeup_helpers.answers import resolve_answers, save_form_answers
from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.framing import (
    MATURITY_QUESTIONS,
    load_framing,
    load_maturity,
    save_framing_answers,
    save_maturity,
)
from sizeup_helpers.stakeholders import (
    MAP_CHART,
    MAP_TABLE,
    MATERIALITY_TABLE,
    SCOPE_FILE,
    ScopeError,
    load_scope,
    save_scope_answers,
    save_stakeholder_answers,
    scope_defaults,
    scope_questions,
    with_stakeholder_scores,
)
from sizeup_helpers.theory_of_change import (
    add_element,
    add_link,
    add_stakeholder,
    edit_element,
    living_groups,
    load_theory_of_change,
    remove_element,
    remove_link,
    save_theory_of_change,
    toc_path,
)
from sizeup_helpers.widgets import (
    framing_form,
    maturity_form,
    scope_form,
    stakeholder_adjuster,
    toc_editor,
)
from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

MATURITY = {
    "mission_clarity": 3,
    "changes_clarity": 2,
    "data_sources": ["inscriptions", "presences", "suivi"],
    "data_digital": True,
    "hours_per_month": 12.0,
    "owner": "salarie",
    "team_size": 4.0,
    "years_active": 6,
    "outcome_data": "ne_sait_pas",
    "baseline": "ne_sait_pas",
    "recontact": "ne_sait_pas",
    "volunteer_hours_per_month": 0.0,
    "funder_deadline": "",
}
# the answers of the first version of the self-diagnostic
OLD_MATURITY_KEYS = (
    "mission_clarity",
    "changes_clarity",
    "data_sources",
    "data_digital",
    "hours_per_month",
    "owner",
    "team_size",
    "years_active",
)
FRAMING = {
    "purposes": ["amelioration", "redevabilite"],
    "audiences": ["conseil", "équipe"],
    "evaluative_question": "Dans quelle mesure ?",
    "start_month": "2026-01",
    "budget_eur": 0.0,
    "roles": ["direction"],
}
STAKE = {
    "stakeholder_scores": {},
    "threshold": 3,
    "importance": {},
    "strategic": {},
    "stakeholder_weight": 0.5,
    "n_priority": 3,
}


def _ws(tmp_path: Path, name: str, slug: str = "ateliers-emploi"):
    return open_workspace(SAMPLES_DIR / slug, tmp_path / name)


def _same_files(a: Path, b: Path, names: list[str]) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs"


# --------------------------------------------------------------------------------------
# 01 · self-diagnostic and framing
# --------------------------------------------------------------------------------------
def test_maturity_form_labels_and_start_values(tmp_path):
    form = maturity_form(_ws(tmp_path, "o"), **MATURITY)
    assert form.save_button.description == "Enregistrer l'autodiagnostic"
    assert form.fields["owner"].description == "Qui portera l'évaluation ?"
    assert form.values() == MATURITY
    # one field per answer of the self-diagnostic, labelled with its French question
    assert set(form.fields) == set(MATURITY_QUESTIONS)
    for name, field in form.fields.items():
        if name != "data_sources":  # a group of check boxes, titled by the question
            assert field.description == MATURITY_QUESTIONS[name]["question"], name
    assert form.fields["outcome_data"].options == (
        ("Oui", "oui"),
        ("Non", "non"),
        ("Je ne sais pas", "ne_sait_pas"),
    )


def test_maturity_form_without_the_new_answers_starts_from_their_defaults(tmp_path):
    """A notebook or a form file saved before the new questions: their defaults."""
    old = {k: v for k, v in MATURITY.items() if k in OLD_MATURITY_KEYS}
    ws = _ws(tmp_path, "o")
    assert maturity_form(ws, **old).values() == MATURITY
    save_form_answers(ws, "01", "autodiagnostic", {**old, "owner": "binome"})
    assert maturity_form(ws, **MATURITY).values() == {**MATURITY, "owner": "binome"}


def test_maturity_form_saves_what_parameters_save(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    form = maturity_form(ws_form, **MATURITY)
    form.fields["hours_per_month"].value = 4
    form.fields["owner"].value = "direction"
    form.fields["team_size"].value = 1.0
    form.fields["data_sources"].value = ["inscriptions"]
    form.fields["outcome_data"].value = "non"
    form.fields["recontact"].value = "oui"
    form.fields["volunteer_hours_per_month"].value = 30
    form.fields["funder_deadline"].value = " 2026-06 "
    saved = form.save()
    assert saved is not None and "parcours court" in form.message
    assert "Exécutez maintenant la cellule suivante" in form.output.value
    assert "funder_deadline = &#x27; 2026-06 &#x27;" in form.output.value
    values = {
        **MATURITY,
        "hours_per_month": 4.0,
        "owner": "direction",
        "team_size": 1.0,
        "data_sources": ["inscriptions"],
        "outcome_data": "non",
        "recontact": "oui",
        "volunteer_hours_per_month": 30.0,
        "funder_deadline": " 2026-06 ",
    }
    assert saved == values
    save_maturity(ws_param, **values)
    _same_files(
        ws_form.step_dir("01"),
        ws_param.step_dir("01"),
        ["autodiagnostic.yml", "autodiagnostic.png"],
    )
    answers, path = load_maturity(ws_form)
    assert path.path == "court" and answers.funder_deadline == "2026-06"
    levels = dict(zip(path.table()["etape"], path.table()["niveau"], strict=True))
    assert levels["07"] == levels["08"] == "allégé"
    # the next cell of the notebook reads what the form recorded
    answers = resolve_answers(ws_form, "01", "autodiagnostic", MATURITY)
    assert answers.from_form and answers.values == values
    assert "formulaire" in answers.message
    # ... unless told to use the parameters
    assert (
        resolve_answers(ws_form, "01", "autodiagnostic", MATURITY, use_form=False).values
        == MATURITY
    )
    # a new form starts from the recorded answers
    assert maturity_form(ws_form, **MATURITY).values() == values


def test_maturity_form_shows_french_problem_without_saving(tmp_path):
    ws = _ws(tmp_path, "o")
    form = maturity_form(ws, **MATURITY)
    form.fields["data_sources"].boxes["bilans"].value = True
    form.fields["mission_clarity"].value = 1
    with pytest.raises(ValueError, match="Choix inconnu « inconnu »"):
        form.fields["data_sources"].value = ["inconnu"]
    form._action = lambda values: save_maturity(ws, **{**values, "owner": "quelqu'un"})
    assert form.save() is None
    assert form.message.startswith("Problème : La valeur de `owner`")
    assert "Problème" in form.output.value
    assert not (ws.step_dir("01") / "formulaire-autodiagnostic.yml").exists()
    # a deadline typed wrong: the French problem, nothing saved
    form = maturity_form(ws, **MATURITY)
    form.fields["funder_deadline"].value = "juin 2026"
    assert form.save() is None
    assert form.message.startswith("Problème : `funder_deadline` doit s'écrire « AAAA-MM »")
    assert not (ws.step_dir("01") / "formulaire-autodiagnostic.yml").exists()


def test_framing_form_saves_what_parameters_save(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    for ws in (ws_form, ws_param):
        save_maturity(ws, **MATURITY)
    form = framing_form(ws_form, **FRAMING)
    form.fields["purposes"].value = ["plaidoyer", "amelioration"]
    form.fields["audiences"].text.value = "financeurs\n\n conseil d'administration \n"
    form.fields["evaluative_question"].value = "Dans quelle mesure   les ateliers aident-ils ?"
    form.fields["budget_eur"].value = 1500
    assert form.save() is not None, form.message
    values = {
        **FRAMING,
        "purposes": ["amelioration", "plaidoyer"],
        "audiences": ["financeurs", "conseil d'administration"],
        "evaluative_question": "Dans quelle mesure   les ateliers aident-ils ?",
        "budget_eur": 1500.0,
    }
    assert form.values() == values
    save_framing_answers(ws_param, **values)
    _same_files(ws_form.step_dir("01"), ws_param.step_dir("01"), ["cadrage.yml"])
    framing = load_framing(ws_form)
    assert framing.hours_per_month == 12.0 and framing.path == "complet"
    assert framing.evaluative_question == "Dans quelle mesure les ateliers aident-ils ?"


def test_framing_form_needs_the_self_diagnostic_first(tmp_path):
    form = framing_form(_ws(tmp_path, "o"), **FRAMING)
    assert form.save() is None
    assert "autodiagnostic" in form.message and "carnet 01" in form.message
    form.fields["start_month"].value = "2026-13"
    save_maturity(form.ws, **MATURITY)
    assert form.save() is None
    assert "AAAA-MM" in form.message


def test_resolve_answers_unreadable_file(tmp_path):
    ws = _ws(tmp_path, "o")
    save_form_answers(ws, "01", "autodiagnostic", MATURITY)
    (ws.step_dir("01") / "formulaire-autodiagnostic.yml").write_text(
        "reponses: [1, 2", encoding="utf-8"
    )
    with pytest.raises(SizeUpError, match="fichier de réponses illisible"):
        resolve_answers(ws, "01", "autodiagnostic", MATURITY)


def test_form_answers_file_holds_plain_values(tmp_path):
    ws = _ws(tmp_path, "o")
    path = save_form_answers(
        ws, "03", "perimetre", {"scope_outcomes": ("E1", "E2"), "questions": {"E1": "Q ?"}}
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["reponses"] == {"scope_outcomes": ["E1", "E2"], "questions": {"E1": "Q ?"}}


# --------------------------------------------------------------------------------------
# 02 · the theory-of-change editor
# --------------------------------------------------------------------------------------
def test_toc_editor_each_change_is_saved_like_the_functions(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    editor = toc_editor(ws_form)
    assert editor.add_button.description == "Ajouter"
    toc = load_theory_of_change(ws_param)
    draft = toc_path(ws_form)
    assert draft == SAMPLES_DIR / "ateliers-emploi" / "theorie-du-changement.yml"
    shipped = draft.read_bytes()

    # add an outcome with its horizon, stakeholders and a dimension
    editor.element.value = ""
    editor.kind.value = "effet"
    editor.label.value = "Estime de soi renforcée"
    editor.horizon.value = "moyen"
    editor.stakeholders.value = ("PP1",)
    for box in editor.dimensions.values():
        box.value = ""
    editor.dimensions["qui"].value = "Participants"
    assert editor.add() is not None, editor.message
    assert "« E5 » ajouté" in editor.message
    assert editor.element.value == "E5"
    toc = add_element(
        toc,
        "effet",
        "Estime de soi renforcée",
        horizon="moyen",
        stakeholders=["PP1"],
        dimensions={"qui": "Participants"},
    )
    saved = save_theory_of_change(toc, ws_param)
    assert saved == ws_param.step_dir("02") / "theorie-du-changement.yml"
    assert toc_path(ws_form).read_bytes() == saved.read_bytes()

    # link it, with an assumption, then update the assumption
    editor.source.value, editor.target.value = "E1", "E5"
    editor.assumption.value = "Reprendre confiance nourrit l'estime de soi"
    assert editor.link() is not None, editor.message
    editor.assumption.value = "La confiance nourrit l'estime de soi"
    assert editor.link() is not None and "mise à jour" in editor.message
    toc = add_link(toc, "E1", "E5", assumption="La confiance nourrit l'estime de soi")
    save_theory_of_change(toc, ws_param)
    assert toc_path(ws_form).read_bytes() == toc_path(ws_param).read_bytes()

    # edit its label
    editor.element.value = "E5"
    assert editor.label.value == "Estime de soi renforcée"  # the form shows the element
    editor.label.value = "Estime de soi"
    assert editor.edit() is not None, editor.message
    toc = edit_element(
        toc,
        "E5",
        label="Estime de soi",
        horizon="moyen",
        stakeholders=["PP1"],
        dimensions={
            "qui": "Participants",
            "quoi": "",
            "combien": "",
            "contribution": "",
            "risque": "",
        },
    )
    save_theory_of_change(toc, ws_param)
    assert toc_path(ws_form).read_bytes() == toc_path(ws_param).read_bytes()

    # unlink, add a stakeholder group, remove the element
    assert editor.unlink() is not None
    editor.group_name.value = "Équipe salariée"
    editor.group_category.value = "equipe"
    assert editor.add_group() is not None
    editor.element.value = "E5"
    assert editor.remove() is not None
    toc = remove_element(
        add_stakeholder(remove_link(toc, "E1", "E5"), "Équipe salariée", "equipe"), "E5"
    )
    save_theory_of_change(toc, ws_param)
    assert toc_path(ws_form).read_bytes() == toc_path(ws_param).read_bytes()
    assert "E5" not in [v for _, v in editor.element.options]
    assert "PP5" in [v for _, v in editor.stakeholders.options]
    # the removed element's text is gone from the form, ready for a new element
    assert editor.element.value == ""
    assert (editor.label.value, editor.stakeholders.value) == ("", ())
    assert all(t.value == "" for t in editor.dimensions.values())
    # the shipped draft never changes
    assert draft.read_bytes() == shipped


def test_toc_editor_labels_are_french_and_fit(tmp_path):
    editor = toc_editor(_ws(tmp_path, "o"))
    # categories shown in French, saved as their keys
    assert dict(editor.group_category.options)["Équipe salariée"] == "equipe"
    assert "Bénéficiaires" in dict(editor.group_category.options)
    # descriptions short enough for their 200 px (about 26 characters), questions in the field
    for widget in (editor.group_name, *editor.dimensions.values()):
        assert len(widget.description) <= 26, widget.description
    assert editor.dimensions["risque"].placeholder.endswith("?")
    # choosing an element fills the form; back to « aucun », the form is empty again
    editor.element.value = "E1"
    assert editor.label.value
    editor.element.value = ""
    assert editor.label.value == ""


def test_toc_editor_refuses_a_wrong_change_and_saves_nothing(tmp_path):
    ws = _ws(tmp_path, "o")
    editor = toc_editor(ws)
    editor.source.value, editor.target.value = "A1", "I"
    assert editor.link() is None
    assert editor.message.startswith("Problème : Le lien « A1 → I » va dans le mauvais sens")
    assert "Problème" in editor.output.value
    assert not (ws.step_dir("02", create=False) / "theorie-du-changement.yml").exists()
    editor.element.value = ""
    editor.kind.value = "activite"
    editor.label.value = "   "
    assert editor.add() is None and "vide" in editor.message
    assert editor.edit() is None and "Choisissez d'abord" in editor.message
    editor.kind.value = "impact"
    editor.label.value = "Un second impact"
    assert editor.add() is None and "déjà un impact" in editor.message


# --------------------------------------------------------------------------------------
# 03 · stakeholders, materiality, scope
# --------------------------------------------------------------------------------------
def test_stakeholder_adjuster_saves_what_parameters_save(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    form = stakeholder_adjuster(ws_form, **STAKE)
    assert form.values() == STAKE
    form.fields["stakeholder_scores"].value = {"PP3": [4, 4]}
    form.fields["strategic"].value = {"E2": 3}
    form.fields["importance"].value = {"E2": {"PP2": 3}}
    form.fields["stakeholder_weight"].value = 0.7
    form.fields["n_priority"].value = 2
    values = form.save()
    assert values == {
        "stakeholder_scores": {"PP3": [4, 4]},
        "threshold": 3,
        "importance": {"E2": {"PP2": 3}},
        "strategic": {"E2": 3},
        "stakeholder_weight": 0.7,
        "n_priority": 2,
    }, form.message
    save_stakeholder_answers(ws_param, **values)
    _same_files(
        ws_form.step_dir("03"), ws_param.step_dir("03"), [MAP_CHART, MAP_TABLE, MATERIALITY_TABLE]
    )
    table = (ws_form.step_dir("03") / MAP_TABLE).read_text(encoding="utf-8")
    assert "PP3,Lieux partenaires,partenaires,False,4,4" in table
    ranking = pd.read_csv(ws_form.step_dir("03") / MATERIALITY_TABLE)
    assert ranking["prioritaire"].sum() == 2 and ranking.loc[0, "effet"] == "E2"
    assert ranking.set_index("effet").loc["E2", "ajuste"]
    # the theory of change itself is not changed
    assert load_theory_of_change(ws_form).stakeholder("PP3").influence == 3


def test_stakeholder_scores_bad_input():
    toc = load_theory_of_change(SAMPLES_DIR / "ateliers-emploi" / "theorie-du-changement.yml")
    with pytest.raises(TypeError, match="doit être un dictionnaire"):
        with_stakeholder_scores(toc, [1, 2])
    with pytest.raises(ValueError, match="doit être une paire"):
        with_stakeholder_scores(toc, {"PP1": 3})
    with pytest.raises(ValueError, match="de 1 à 5"):
        with_stakeholder_scores(toc, {"PP1": [0, 3]})
    with pytest.raises(SizeUpError, match="PP9"):
        with_stakeholder_scores(toc, {"PP9": [1, 3]})


def test_scope_form_saves_what_parameters_save(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    params = {
        "scope_outcomes": ["E1", "E3"],
        "population": "Participants 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "criterion": "efficacite",
        "questions": {},
    }
    form = scope_form(ws_form, **params)
    assert form.values() == params
    form.fields["scope_outcomes"].value = ["E1", "E2"]
    form.fields["criterion"].value = "pertinence"
    form.fields["questions"].widget.value = "E2 : Les participants se sentent-ils moins seuls ?"
    values = form.save()
    assert values is not None, form.message
    assert values["questions"] == {"E2": "Les participants se sentent-ils moins seuls ?"}
    save_scope_answers(ws_param, **values)
    _same_files(ws_form.step_dir("03"), ws_param.step_dir("03"), [SCOPE_FILE])
    scope = load_scope(ws_form)
    assert scope.outcomes == ("E1", "E2")
    assert [q.outcomes for q in scope.questions] == [("E1",), ("E2",)]
    assert scope.questions[1].text == "Les participants se sentent-ils moins seuls ?"
    assert scope.questions[0].criterion == "pertinence"


def test_scope_form_bad_question_line_is_a_french_problem(tmp_path):
    ws = _ws(tmp_path, "o")
    form = scope_form(
        ws,
        scope_outcomes=["E1"],
        population="Participants",
        period_start="2025-01-01",
        period_end="2025-12-31",
        criterion="efficacite",
        questions={},
    )
    form.fields["questions"].widget.value = "Une question sans effet"
    assert form.save() is None
    assert "ligne 1" in form.message and "E1 : votre question" in form.message
    form.fields["questions"].widget.value = ""
    form.fields["period_end"].value = "2024-12-31"
    assert form.save() is None and "finit" in form.message
    assert not (ws.step_dir("03") / SCOPE_FILE).exists()


def test_scope_questions_rules():
    toc = load_theory_of_change(SAMPLES_DIR / "ateliers-emploi" / "theorie-du-changement.yml")
    qs = scope_questions(toc, ["E3", "E1"], {"E1": "  Ma   question ?"}, criterion="impact")
    assert [q["id"] for q in qs] == ["Q1", "Q2"]
    assert qs[0]["effets"] == ["E3"] and "au-delà" in qs[0]["texte"]
    assert qs[1]["texte"] == "Ma question ?"
    with pytest.raises(ScopeError, match="« E4 », qui n'est pas dans le périmètre"):
        scope_questions(toc, ["E1"], {"E4": "?"})
    with pytest.raises(ValueError, match="est vide"):
        scope_questions(toc, ["E1"], {"E1": " "})
    with pytest.raises(TypeError, match="dictionnaire"):
        scope_questions(toc, ["E1"], ["question"])


@pytest.mark.parametrize("slug", sample_slugs())
def test_scope_defaults_on_every_sample(slug, tmp_path):
    from sizeup_helpers.stakeholders import prioritise_outcomes

    ws = _ws(tmp_path, "o", slug)
    toc = load_theory_of_change(ws)
    defaults = scope_defaults(ws, toc, prioritise_outcomes(toc))
    assert 1 <= len(defaults["scope_outcomes"]) <= 3
    assert defaults["period_start"].endswith("-01-01")
    assert defaults["population"]
    path = save_scope_answers(ws, **defaults)
    assert load_scope(ws).outcomes == tuple(defaults["scope_outcomes"])
    assert "@" not in path.read_text(encoding="utf-8")


def test_toc_editor_records_negative_unintended_outcomes_and_who_lives_them(tmp_path):
    ws_form, ws_param = _ws(tmp_path, "form"), _ws(tmp_path, "param")
    editor = toc_editor(ws_form)
    assert editor.nature.description == "Nature (effet)"
    assert dict(editor.nature.options)["négatif (un tort)"] == "negatif"
    editor.element.value = ""
    editor.kind.value = "effet"
    editor.label.value = "Fatigue des bénévoles"
    editor.horizon.value = "moyen"
    editor.stakeholders.value = ("PP1", "PP2")
    editor.lived_by.value = ("PP2",)
    editor.nature.value = "negatif"
    editor.expected.value = False
    editor.measured_at.value = "six"
    assert editor.add() is None
    assert editor.message == (
        "Problème : « Mesuré à (mois) » : écrivez un nombre de mois (par exemple 6), pas « six »."
    )
    editor.measured_at.value = "12"
    assert editor.add() is not None, editor.message
    toc = add_element(
        load_theory_of_change(ws_param),
        "effet",
        "Fatigue des bénévoles",
        horizon="moyen",
        stakeholders=["PP1", "PP2"],
        dimensions=dict.fromkeys(("quoi", "qui", "combien", "contribution", "risque"), ""),
        nature="negatif",
        expected=False,
        measured_at=12,
        lived_by=["PP2"],
    )
    assert toc_path(ws_form).read_bytes() == save_theory_of_change(toc, ws_param).read_bytes()
    saved = {e["id"]: e for e in yaml.safe_load(toc_path(ws_form).read_text("utf-8"))["effets"]}
    assert (saved["E5"]["nature"], saved["E5"]["attendu"]) == ("negatif", False)
    assert (saved["E5"]["mois_de_mesure"], saved["E5"]["vecu_par"]) == (12, ["PP2"])
    # choosing an element fills the new fields; « aucun » empties them
    editor.element.value = "E1"
    assert (editor.nature.value, editor.expected.value, editor.measured_at.value) == (
        "positif",
        True,
        "",
    )
    editor.element.value = "E5"
    assert editor.lived_by.value == ("PP2",) and editor.measured_at.value == "12"
    editor.element.value = ""
    assert (editor.nature.value, editor.lived_by.value) == ("positif", ())


def test_stakeholder_adjuster_greys_out_groups_who_do_not_live_a_change(tmp_path):
    form = stakeholder_adjuster(_ws(tmp_path, "o"), **STAKE)
    cells = {
        (box.children[0].value.split(" · ")[0], dd.description): dd.disabled
        for box in form.fields["strategic"].widget.children[1:]
        for dd in box.children[2:]
    }
    toc = load_theory_of_change(SAMPLES_DIR / "ateliers-emploi" / "theorie-du-changement.yml")
    assert cells == {
        (e.id, g.id): g.id not in living_groups(toc, e)
        for e in toc.outcomes
        for g in toc.stakeholders
    }
    assert cells[("E4", "PP1")] is False  # the job seekers live access to a job
    assert any(cells.values())  # partners and funders have an interest in knowing
    assert (
        "Grisé : ce groupe ne vit pas ce changement"
        in form.fields["strategic"].widget.children[0].value
    )

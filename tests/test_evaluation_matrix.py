"""Tests of sizeup_helpers.evaluation_matrix (step 03's référentiel d'évaluation, the
programme's window and the stakes of step 01) and of the scope's period against step 01's
calendar, on every sample structure and on an empty workspace."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sizeup_helpers import stakeholders as st
from sizeup_helpers.errors import ScopeError
from sizeup_helpers.evaluation_matrix import (
    MATRIX_COLUMNS,
    MATRIX_FILE,
    TOOLS,
    evaluation_matrix,
    explain_evaluation_matrix,
    explain_purposes,
    guess_sources,
    load_evaluation_matrix,
    programme_window,
    save_evaluation_matrix,
    saved_framing,
)
from sizeup_helpers.framing import save_framing
from sizeup_helpers.theory_of_change import (
    add_element,
    add_stakeholder,
    load_theory_of_change,
    save_theory_of_change,
    start_theory_of_change,
)
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _frame(ws, purposes=("amelioration",), start="2026-01"):
    save_framing(
        ws,
        purposes=list(purposes),
        audiences=["conseil d'administration"],
        evaluative_question="Dans quelle mesure ?",
        hours_per_month=8,
        start_month=start,
    )


@pytest.fixture(params=sample_slugs())
def sample(request, tmp_path):
    ws = open_workspace(SAMPLES_DIR / request.param, tmp_path / "sorties")
    return ws, load_theory_of_change(ws)


@pytest.fixture
def empty(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    return ws, start_theory_of_change(ws)


# --------------------------------------------------------------------------------------
# Step 01's framing as notebook 03 reads it
# --------------------------------------------------------------------------------------
def test_programme_window_follows_the_calendar_of_step01(empty):
    ws, _ = empty
    assert saved_framing(ws) is None and programme_window(ws) is None
    _frame(ws, start="2026-09")
    assert saved_framing(ws).start_month == "2026-09"
    assert programme_window(ws) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    _frame(ws, start="2026-01")
    assert programme_window(ws) == YEAR_2026


def _map(*groups):
    rows = [
        {"id": gid, "nom": name, "categorie": cat, "implication": level}
        for gid, name, cat, level in groups
    ]
    return pd.DataFrame(rows)


def test_a_group_named_by_the_stakes_and_only_informed_is_flagged(empty):
    ws, _ = empty
    _frame(ws, purposes=("redevabilite", "amelioration"))
    informed = _map(
        ("PP1", "Participants", "beneficiaires", "consulter"),
        ("PP2", "Fondation locale", "financeurs", "informer"),
        ("PP3", "Mairie", "partenaires", "satisfaire"),
    )
    lines = explain_purposes(informed, saved_framing(ws)).lines
    assert lines[0] == "**À revoir** : un groupe visé par vos enjeux n'est qu'informé."
    assert lines[1].startswith(
        "- **Fondation locale** (PP2) est seulement informé, alors que votre enjeu « rendre "
        "compte aux financeurs et aux partenaires » s'adresse à lui : consultez-le au moins"
    )
    two = _map(
        ("PP2", "Fondation locale", "financeurs", "informer"),
        ("PP4", "Région", "financeurs", "informer"),
    )
    assert explain_purposes(two, saved_framing(ws)).lines[0] == (
        "**À revoir** : 2 groupes visés par vos enjeux ne sont qu'informés."
    )
    consulted = _map(("PP2", "Fondation locale", "financeurs", "satisfaire"))
    assert explain_purposes(consulted, saved_framing(ws)).lines == [
        "Vos enjeux (rendre compte aux financeurs et aux partenaires, améliorer l'action) : "
        "chaque groupe auquel ils s'adressent est au moins consulté, associé ou à satisfaire. "
        "L'évaluation pourra répondre à ses attentes."
    ]
    # without the framing of step 01, the reading says so
    assert (
        explain_purposes(informed, None)
        .lines[0]
        .startswith("Le cadrage du carnet 01 n'est pas enregistré")
    )


def test_funders_of_every_sample_are_at_least_to_satisfy(sample):
    ws, toc = sample
    _frame(ws, purposes=("redevabilite",))
    reading = explain_purposes(st.stakeholder_map(toc), saved_framing(ws))
    assert reading.lines[0].startswith("Vos enjeux (rendre compte aux financeurs")


# --------------------------------------------------------------------------------------
# The scope's period against the programme
# --------------------------------------------------------------------------------------
def _scope(start, end):
    return st.Scope(("E1",), "Participants", start, end)


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "retrospective"),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "prospective"),
        (dt.date(2025, 9, 1), dt.date(2026, 6, 30), "mixte"),
        (dt.date(2026, 3, 1), dt.date(2027, 2, 28), "hors calendrier"),
    ],
)
def test_period_kind(start, end, kind):
    assert st.period_kind(start, end, YEAR_2026) == kind
    assert st.period_kind(start, end, None) is None


def test_period_readings():
    retro = st.explain_period(_scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), YEAR_2026)
    assert retro.lines[0].startswith(
        "Votre période (en 2025) est **rétrospective** : elle se termine avant le début du "
        "parcours (janvier 2026). Vos réponses viendront d'abord des données que vous avez déjà"
    )
    assert retro.lines[-1] == "Le parcours va de janvier 2026 à décembre 2026, mois du Demo Day."
    mixed = st.explain_period(_scope(dt.date(2025, 9, 1), dt.date(2026, 6, 30)), YEAR_2026)
    assert mixed.lines[0].startswith(
        "Votre période (du 01/09/2025 au 30/06/2026) est **mixte** : rétrospective jusqu'à "
        "décembre 2025 (données déjà détenues, carnet 04), prospective ensuite."
    )
    assert len(mixed.lines) == 2  # it ends before the end of the collection (month 8)
    late = st.explain_period(_scope(dt.date(2026, 1, 1), dt.date(2026, 10, 31)), YEAR_2026)
    assert "**prospective** : elle tient dans les douze mois du parcours" in late.lines[0]
    assert late.lines[1].startswith(
        "**À vérifier** : la période finit après la fin de la collecte (août 2026, carnet 08)"
    )
    outside = st.explain_period(_scope(dt.date(2026, 3, 1), dt.date(2027, 2, 28)), YEAR_2026)
    assert outside.lines[0] == (
        "**Période à revoir** : elle finit le 28/02/2027, après le mois du Demo Day (décembre "
        "2026) : ses résultats ne seront pas prêts à temps. Finissez-la au plus tard le "
        "31/12/2026, ou annoncez au Demo Day des résultats intermédiaires."
    )
    unknown = st.explain_period(_scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), None)
    assert unknown.lines[0].startswith("Votre période (en 2025) n'a pas pu être comparée")


def test_the_default_period_ends_by_the_demo_day(sample):
    ws, toc = sample
    _frame(ws, start="2026-01")
    programme = programme_window(ws)
    ranking = st.prioritise_outcomes(toc)
    year = ws.config["structure"]["annee"]
    defaults = st.scope_defaults(ws, toc, ranking, programme=programme)
    assert (defaults["period_start"], defaults["period_end"]) == (f"{year}-01-01", f"{year}-12-31")
    assert dt.date.fromisoformat(defaults["period_end"]) <= programme[1]
    # a structure whose year is after the programme: the period is cut at the Demo Day
    early = (dt.date(2019, 3, 1), dt.date(2020, 2, 29))
    cut = st.scope_defaults(ws, toc, ranking, programme=early)
    assert (cut["period_start"], cut["period_end"]) == ("2020-01-01", "2020-02-29")
    assert st.propose_scope(ws, toc, ranking, programme=early)["period_end"] == "2020-02-29"
    st.save_scope_answers(ws, toc=toc, **st.propose_scope(ws, toc, ranking, programme=programme))
    reading = st.explain_period(st.load_scope(ws), programme)
    assert reading.lines[0].startswith(f"Votre période (en {year}) est **rétrospective**")


# --------------------------------------------------------------------------------------
# The référentiel d'évaluation
# --------------------------------------------------------------------------------------
def test_the_matrix_on_every_sample(sample):
    ws, toc = sample
    ranking = st.prioritise_outcomes(toc)
    st.save_scope_answers(ws, toc=toc, **st.propose_scope(ws, toc, ranking))
    scope = st.load_scope(ws)
    matrix = evaluation_matrix(ws)
    assert tuple(matrix.columns) == MATRIX_COLUMNS
    assert matrix["Question"].drop_duplicates().tolist() == [q.id for q in scope.questions]
    assert set(matrix["Effet"]) == set(scope.outcomes)
    assert set(matrix["Indicateur"]) == {"à définir à l'étape 06"}
    assert set(matrix["Outil"]) <= set(TOOLS.values())
    assert set(matrix["Critère"]) == {"Efficacité"}
    declared = {f.relative for f in ws.files}
    existing = matrix[matrix["Outil"] == "données existantes"]
    for source in existing["Source"]:
        assert set(source.split(" ; ")) <= declared | {
            "comptabilité et temps passé (à rassembler)"
        }, source
    assert (
        (matrix.loc[matrix["Outil"] != "données existantes", "Collecte"])
        .eq("prospective (nouvelle collecte)")
        .all()
    )
    assert matrix["Période"].eq(st.period_phrase(scope.period_start, scope.period_end)).all()
    assert (matrix["Décision éclairée"] != "").all()
    assert not matrix["Source"].str.contains("entretiens/", regex=False).any()
    # written with French headers, read back as it was
    path = save_evaluation_matrix(ws)
    assert path == ws.step_dir("03") / MATRIX_FILE
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(MATRIX_COLUMNS)
    assert load_evaluation_matrix(ws).equals(matrix.astype(str))
    reading = explain_evaluation_matrix(matrix)
    n = len(scope.questions)
    assert reading.lines[0].startswith(
        f"Le référentiel d'évaluation relie {n} question{'s' if n > 1 else ''} à "
        f"{len(matrix)} critères de jugement."
    )
    assert "(collecte rétrospective). La collecte prospective demande " in reading.lines[0]
    assert "des entretiens (carnet 08) pour " in reading.lines[0]
    assert reading.lines[1].startswith("Les sources sont devinées d'après les fichiers déclarés")


def test_sources_are_guessed_from_the_declared_files(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path / "sorties")
    toc = load_theory_of_change(ws)
    roles = {f.relative: f.role for f in ws.files}
    guessed = {e.id: [roles[p] for p in guess_sources(ws, toc, e.id)] for e in toc.outcomes}
    # an indicator of indicateurs.yml, or a family of words, points to the right file
    assert guessed["E1"][0] == "questionnaire"  # confidence: the self-assessment
    assert guessed["E4"][0] == "suivi"  # access to a job: the follow-up at 3 and 6 months
    assert all(not r.startswith(("entretien", "temoignage")) for rs in guessed.values() for r in rs)


def test_the_matrix_follows_the_criterion_and_the_dimensions(empty):
    ws, _ = empty
    toc = add_stakeholder(start_theory_of_change(ws), "Habitants", "beneficiaires")
    toc = add_element(toc, "activite", "Ateliers")
    toc = add_element(
        toc,
        "effet",
        "Confiance",
        stakeholders=["PP1"],
        dimensions={"qui": "Habitants isolés", "contribution": "Selon les habitants"},
    )
    save_theory_of_change(toc, ws)
    period = {"period_start": "2026-01-01", "period_end": "2026-06-30"}
    st.save_scope_answers(ws, toc=toc, scope_outcomes=["E1"], population="Habitants", **period)
    matrix = evaluation_matrix(ws)
    assert matrix["Critère de jugement"].tolist() == [
        "L'effet « Confiance » est observé chez ceux qui le vivent",
        "Il touche les personnes visées : Habitants isolés",
    ]
    assert matrix["Outil"].tolist() == ["questionnaire (07)"] * 2  # no file declared
    assert matrix["Source"].tolist() == ["aucune donnée déclarée : nouvelle collecte"] * 2
    st.save_scope_answers(
        ws, toc=toc, scope_outcomes=["E1"], population="Habitants", criterion="impact", **period
    )
    impact = evaluation_matrix(ws)
    assert impact["Critère"].tolist() == ["Impact"] * 2
    assert impact.loc[1, "Critère de jugement"] == (
        "La part de l'action est établie : Selon les habitants"
    )
    assert impact.loc[1, "Outil"] == "entretiens (08)"
    st.save_scope_answers(
        ws, toc=toc, scope_outcomes=["E1"], population="Habitants", criterion="coherence", **period
    )
    chain = evaluation_matrix(ws)
    assert chain["Critère"].tolist() == ["Cohérence"] * 2
    assert chain["Outil"].tolist() == ["questionnaire (07)", "entretiens (08)"]
    st.save_scope_answers(
        ws, toc=toc, scope_outcomes=["E1"], population="Habitants", criterion="durabilite", **period
    )
    lasting = evaluation_matrix(ws)
    assert lasting.loc[0, "Critère de jugement"].startswith("Le changement dure : « Confiance »")
    reading = explain_evaluation_matrix(impact)
    assert reading.lines[0] == (
        "Le référentiel d'évaluation relie 1 question à 2 critères de jugement. Aucune des "
        "données déclarées ne semble y répondre (collecte rétrospective). La collecte "
        "prospective demande un questionnaire (carnet 07) pour 1 critère et des entretiens "
        "(carnet 08) pour 1 critère."
    )


def test_an_empty_workspace_has_no_matrix_yet(empty):
    ws, toc = empty
    with pytest.raises(ScopeError, match=r"perimetre\.yml : fichier introuvable"):
        evaluation_matrix(ws)
    with pytest.raises(
        ScopeError,
        match=r"referentiel-evaluation\.csv : fichier introuvable\. Exécutez le carnet 03",
    ):
        load_evaluation_matrix(ws)
    empty_matrix = pd.DataFrame(columns=list(MATRIX_COLUMNS))
    assert explain_evaluation_matrix(empty_matrix).lines == [
        "Le référentiel d'évaluation est vide : le périmètre n'a pas encore de question évaluative."
    ]
    assert guess_sources(ws, add_element(toc, "effet", "Confiance"), "E1") == []


def test_a_renamed_column_is_named_in_french(sample):
    ws, toc = sample
    ranking = st.prioritise_outcomes(toc)
    st.save_scope_answers(ws, toc=toc, **st.propose_scope(ws, toc, ranking))
    path = save_evaluation_matrix(ws)
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("Outil", "Outils", 1), encoding="utf-8"
    )
    with pytest.raises(ScopeError, match=r"la colonne « Outil » manque"):
        load_evaluation_matrix(ws)

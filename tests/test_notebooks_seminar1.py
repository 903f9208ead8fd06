"""Seminar 1 notebooks (01–03): skeleton, deliverables, parameters and forms.

Their deliverables on every sample are checked by :func:`assert_seminar1_deliverables`,
which the gate (``test_notebooks.py``) calls after running the whole curriculum; the runs
here cover what the gate does not (a small team's parameters, a form's saved answers).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from sizeup_helpers.answers import save_form_answers
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.framing import load_framing, load_maturity
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.runner import run_curriculum
from sizeup_helpers.stakeholders import load_scope
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import Workspace, open_workspace

from .conftest import NOTEBOOKS_DIR, SAMPLES_DIR
from .notebook_skeleton import executed_errors

SEMINAR1 = ("01", "02", "03")
SHORT_TEAM = {"hours_per_month": 4.0, "team_size": 1.0, "years_active": 1, "owner": "direction"}


def _notebook(number: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / STEP_BY_NUMBER[number].notebook, as_version=4)


# --------------------------------------------------------------------------------------
# The committed files (no kernel)
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("number", SEMINAR1)
def test_widget_cells_only_display_a_widget(number):
    nb = _notebook(number)
    calls = [
        c.source
        for c in nb.cells
        if c.cell_type == "code" and re.search(r"(_form|_editor|_adjuster)\(ws", c.source)
    ]
    assert calls
    for source in calls:
        assert len(source.strip().splitlines()) == 1, source


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
def _identifiers_in(folder: Path) -> list[dict]:
    return scan_for_identifiers(folder).to_dict("records")


def assert_seminar1_deliverables(ws: Workspace) -> None:
    """Steps 01–03 ran cleanly on ``ws`` and wrote valid deliverables.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the seminar's notebooks are not run a second time here.
    """
    for number in SEMINAR1:
        assert not executed_errors(ws.executed_dir / STEP_BY_NUMBER[number].notebook)

    # 01: self-diagnostic, path, framing
    step01 = ws.step_dir("01", create=False)
    diag = yaml.safe_load((step01 / "autodiagnostic.yml").read_text(encoding="utf-8"))
    assert diag["parcours"] == "complet"
    assert set(diag["scores"]) == {"clarte", "donnees", "temps", "pilotage"}
    assert len(diag["etapes"]) == 13 and diag["livrable_minimum"].startswith("Pour le Demo Day")
    assert (step01 / "autodiagnostic.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    framing = load_framing(ws)
    assert framing.path == "complet" and framing.evaluative_question.endswith("?")
    cadrage = yaml.safe_load((step01 / "cadrage.yml").read_text(encoding="utf-8"))
    assert len(cadrage["calendrier"]) == 12 and cadrage["parcours"] == "complet"
    assert not list(step01.glob("formulaire-*.yml")), "a headless run records no form"

    # 02: the ToC as it was used, its diagram, its checks, the five dimensions
    step02 = ws.step_dir("02", create=False)
    toc = load_theory_of_change(ws)
    assert load_theory_of_change(step02 / "theorie-du-changement.yml") == toc
    assert (step02 / "schema-theorie-du-changement.png").read_bytes()[:4] == b"\x89PNG"
    svg = (step02 / "schema-theorie-du-changement.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and all(e.id in svg for e in toc.elements)
    checks = pd.read_csv(step02 / "verifications-coherence.csv")
    assert list(checks.columns) == ["code", "gravite", "element", "message"]
    dims = pd.read_csv(step02 / "dimensions-impact.csv", keep_default_na=False)
    assert dims["effet"].tolist() == [e.id for e in toc.outcomes]

    # 03: the map, materiality and the scope later steps read
    step03 = ws.step_dir("03", create=False)
    assert (step03 / "carte-parties-prenantes.png").is_file()
    table = pd.read_csv(step03 / "parties-prenantes.csv")
    assert set(table["id"]) == {s.id for s in toc.stakeholders}
    ranking = pd.read_csv(step03 / "materialite.csv")
    assert int(ranking["prioritaire"].sum()) == min(3, len(toc.outcomes))
    scope = load_scope(ws)
    assert set(scope.outcomes) == set(ranking.loc[ranking["prioritaire"], "effet"])
    assert set(scope.outcomes) <= {e.id for e in toc.outcomes}
    assert [q.outcomes for q in scope.questions] == [(o,) for o in scope.outcomes]
    assert scope.period_start.year == ws.config["structure"]["annee"]
    assert not _identifiers_in(ws.output_dir), _identifiers_in(ws.output_dir)[:5]


@pytest.mark.notebooks
def test_small_team_parameters_give_the_short_path(tmp_path):
    out = tmp_path / "sorties"
    params = {
        **SHORT_TEAM,
        "n_priority": 2,
        "criterion": "impact",
        "evaluative_question": "Les ateliers redonnent-ils confiance ?",
    }
    run_curriculum(
        SAMPLES_DIR / "ateliers-emploi",
        output_dir=out,
        steps="00-03",
        parameters=params,
        progress=False,
    )
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", out)
    answers, path = load_maturity(ws)
    assert path.path == "court" and answers.hours_per_month == 4.0
    assert {lv for *_, lv, _ in path.steps} >= {"allégé", "facultatif"}
    framing = load_framing(ws)
    assert framing.path == "court" and framing.hours_per_month == 4.0
    assert framing.evaluative_question == "Les ateliers redonnent-ils confiance ?"
    cadrage = (ws.step_dir("01") / "cadrage.yml").read_text(encoding="utf-8")
    assert "(facultatif)" in cadrage
    scope = load_scope(ws)
    assert len(scope.outcomes) == 2
    assert {q.criterion for q in scope.questions} == {"impact"}
    executed = (ws.executed_dir / "01_cadrer_l_evaluation.ipynb").read_text(encoding="utf-8")
    assert "parcours court" in executed and "Livrable minimum" in executed


@pytest.mark.notebooks
def test_form_answers_are_read_by_the_cell_after_the_form(tmp_path):
    out = tmp_path / "sorties"
    sample = SAMPLES_DIR / "mobilite-accompagnee"
    run_curriculum(sample, output_dir=out, steps="00-01", progress=False)
    ws = open_workspace(sample, out)
    assert load_maturity(ws)[1].path == "complet"
    form = {
        "mission_clarity": 3,
        "changes_clarity": 2,
        "data_sources": ["inscriptions"],
        "data_digital": True,
        **SHORT_TEAM,
    }
    save_form_answers(ws, "01", "autodiagnostic", form)  # what the form's button records
    run_curriculum(sample, output_dir=out, steps="01", progress=False)
    assert load_maturity(ws)[1].path == "court"
    run_curriculum(
        sample, output_dir=out, steps="01", progress=False, parameters={"use_form_answers": False}
    )
    assert load_maturity(ws)[1].path == "complet"

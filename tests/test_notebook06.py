"""Notebook 06 (« Référentiel d'indicateurs »): skeleton, deliverables, and runs.

Its deliverables on every sample are checked by :func:`assert_step06_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum; the runs here
cover two samples (one with IAE exits, one without) and a new, empty workspace.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.evaluation_matrix import INDICATOR_TO_COME, load_evaluation_matrix
from sizeup_helpers.iae_exits import EXITS_FILE, workspace_exits
from sizeup_helpers.indicators import (
    FRAMEWORK_COLUMNS,
    FRAMEWORK_FILE,
    MATRIX_FILE,
    TOOLS,
    load_indicator_framework,
)
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.runner import execute_notebook
from sizeup_helpers.workspace import Workspace, create_workspace, open_workspace

from .conftest import NOTEBOOKS_DIR, SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps
from .test_indicators import INDICATOR_TRUTH, truth_figure

STEP = STEP_BY_NUMBER["06"]


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("06", readings=2)
    markdown = sk.markdown
    assert "07_questionnaire.ipynb" in markdown[-1]
    for source in ("DARES", "Plateforme", "CSESS", "VALOR'ESS"):
        assert source in sk.text, source


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after the whole curriculum ran)
# --------------------------------------------------------------------------------------
def _truth(ws: Workspace) -> dict | None:
    path = ws.root / "verite-terrain.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def assert_step06_deliverables(ws: Workspace) -> None:
    """Step 06 ran cleanly on ``ws`` and wrote its référentiel: every indicator row
    complete, the planted figures found again, every question of step 03 covered, and the
    IAE exits table exactly for a structure with an exits table."""
    executed = ws.executed_dir / STEP.notebook
    assert executed.is_file() and not executed_errors(executed)
    folder = ws.step_dir("06", create=False)
    table = pd.read_csv(
        folder / FRAMEWORK_FILE, dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert list(table.columns) == list(FRAMEWORK_COLUMNS)
    assert set(table["Niveau"]) <= {"réalisation", "effet"}
    assert set(table["Outil"]) <= set(TOOLS)
    computed = table[table["Valeur"] != ""]
    assert set(computed["Unité de l'effectif"]) <= {"personnes", "lignes"}
    assert (table.loc[table["Valeur"] == "", "Manque"] != "").all()
    framework = load_indicator_framework(ws)
    assert list(framework.indicators["Identifiant"]) == list(table["Identifiant"])

    truth = _truth(ws)
    expected = INDICATOR_TRUTH.get(ws.root.name, {}) if truth else {}
    values = dict(zip(table["Identifiant"], table["Valeur"], strict=True))
    for ident, (path, factor) in expected.items():
        assert float(values[ident]) == pytest.approx(truth_figure(truth, path, factor), abs=0.01)

    try:
        step03 = load_evaluation_matrix(ws)
    except Exception:  # noqa: BLE001 - step 03 did not run: nothing to fill in
        step03 = None
    if step03 is not None and not step03.empty:
        matrix = pd.read_csv(
            folder / MATRIX_FILE, dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        assert list(matrix["Question"]) == list(step03["Question"])
        assert not (matrix["Indicateur"] == INDICATOR_TO_COME).any()
        assert (matrix["Indicateur"] != "").all() and set(matrix["Outil"]) <= set(TOOLS)

    exits = folder / EXITS_FILE
    assert exits.is_file() == (workspace_exits(ws) is not None)
    if exits.is_file():
        published = pd.read_csv(exits, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        shown = dict(zip(published["categorie"], published["effectif (personnes)"], strict=True))
        for value in shown.values():
            assert value in ("< 11", "masqué") or int(value) == 0 or int(value) >= 11
        if truth and "sorties" in truth.get("effets", {}):
            sorties = truth["effets"]["sorties"]
            assert shown["Sorties comptées"] == str(sorties["sorties_comptees"])
            assert shown["Sorties dynamiques"] == str(sorties["sorties_dynamiques"])
    leaks = scan_for_identifiers(folder)
    assert leaks.empty, leaks.head().to_dict("records")


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
@pytest.mark.parametrize("slug", ["insertion-transport", "ateliers-emploi"])
def test_step06_after_step05(slug, tmp_path, monkeypatch):
    monkeypatch.setenv("SIZEUP_HOME", str(tmp_path / "home"))
    out = tmp_path / "sorties"
    run_steps(SAMPLES_DIR / slug, out, "00-05")
    run_steps(SAMPLES_DIR / slug, out, "06")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step06_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Votre fichier `indicateurs.yml` décrit" in shown
    assert "questions évaluatives ont toutes un indicateur ou un outil de collecte" in shown
    if slug == "insertion-transport":
        assert "42 sorties comptées" in shown and "Pour situer : d'après la DARES" in shown
        assert (ws.step_dir("06") / EXITS_FILE).is_file()
    else:
        assert "Cette section ne s'applique pas à votre structure" in shown
        assert not (ws.step_dir("06") / EXITS_FILE).exists()


@pytest.mark.notebooks
def test_step06_on_a_new_empty_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("SIZEUP_HOME", str(tmp_path / "home"))
    ws = open_workspace(create_workspace(tmp_path / "espace", "Essai").root, tmp_path / "out")
    # the runner refuses step 06 before step 05, which has nothing to clean here: run the
    # notebook alone, as a coach opening it on a new structure would
    execute_notebook(
        NOTEBOOKS_DIR / STEP.notebook,
        ws.executed_dir / STEP.notebook,
        {"workspace_dir": str(ws.root), "output_dir": str(ws.output_dir)},
        cwd=NOTEBOOKS_DIR,
    )
    assert_step06_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Votre espace n'a pas encore de fichier `indicateurs.yml`" in shown
    assert "Votre référentiel d'indicateurs est vide" in shown
    assert "Cette section ne s'applique pas à votre structure" in shown

"""Notebook 09 (« Analyse quantitative »): skeleton, deliverables, and a run.

Its deliverables on every sample are checked by :func:`assert_step09_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sizeup_helpers import quantitative as q
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.qualitative import STEP09_FILE
from sizeup_helpers.workspace import Workspace, open_workspace

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, run_steps

STEP = STEP_BY_NUMBER["09"]
FILES = (
    q.RESULTS_FILE,
    "appariement.csv",
    "attrition.csv",
    "likert.csv",
    "portee.csv",
    "entonnoir.csv",
    "profil.csv",
    "situations-apres.csv",
    "participation-repetee.csv",
    "activite-par-mois.csv",
    "personnes-par-lieu.csv",
    "venue-par-profil.csv",
    "changement-par-profil.csv",
    "abandon-par-profil.csv",
    "profil-et-reference.csv",
    "analyse-quantitative.md",
    q.REACH_CHART_FILE,
)
#: the indicators compared before/after and their expected direction, per sample
TRUTH = {
    "ateliers-emploi": {"IND3": "non concluant", "IND5": "favorable"},
    "justice-jeunesse": {"IND3": "non concluant", "IND4": "favorable", "IND5": "non concluant"},
    "mobilite-accompagnee": {"IND5": "favorable"},
}
#: the planted change each sample's analysis must hold in its interval
PLANTED = {
    ("ateliers-emploi", "IND3"): ("gain_confiance_T0_T1", "effet_plante"),
    ("ateliers-emploi", "IND5"): ("gain_confiance_T0_T2", "effet_plante"),
    ("justice-jeunesse", "IND3"): ("gain_connaissances_T0_T1", "effet_plante"),
    ("justice-jeunesse", "IND4"): ("gain_connaissances_T0_T2", "effet_plante"),
    ("mobilite-accompagnee", "IND5"): ("evolution_isolement_T0_T1", "effet_plante"),
}


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("09", readings=5)
    names, text = sk.parameters, sk.text
    assert {
        "confidence",
        "min_pairs",
        "follow_up_months",
        "small_cell_threshold",
        "preview_rows",
    } <= set(names)
    for cited in ("CSESS", "Avise", "CNIL", "SNDS", "DARES", "Wilson", "McNemar", "Cohen"):
        assert cited in text, cited
    assert "**Binder public : données d'exemple uniquement.**" in text
    assert "effet immédiat déclaré" in text and "contexte, pas une attribution" in text
    assert "hypothèses" in text.lower()
    assert "10_analyse_qualitative.ipynb" in sk.markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def _read(ws: Workspace, name: str) -> pd.DataFrame:
    path = ws.step_dir("09", create=False) / name
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def assert_step09_deliverables(ws: Workspace) -> None:
    """Step 09 ran cleanly on ``ws``, wrote its tables, and recovered the planted truth.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("09", create=False)
    for name in FILES:
        assert (folder / name).is_file(), name
        if name.endswith(".csv"):
            assert (folder / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
        if name.endswith(".png"):
            assert (folder / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), name
    results = _read(ws, STEP09_FILE)
    assert list(results.columns) == q.RESULTS_COLUMNS
    assert set(results["sens"]) <= {"favorable", "défavorable", "non concluant"}
    slug = ws.slug
    expected = TRUTH.get(slug, {})
    assert dict(zip(results["indicateur"], results["sens"], strict=True)) == expected
    truth = json.loads((ws.root / "verite-terrain.json").read_text("utf-8"))["effets"]
    for _, r in results.iterrows():
        if (slug, r["indicateur"]) in PLANTED:
            key, field = PLANTED[(slug, r["indicateur"])]
            assert float(r["ic_bas"]) <= truth[key][field] <= float(r["ic_haut"]), key
    # counts say their unit, published tables hide their small cells
    reach = _read(ws, "portee.csv")
    assert reach.empty or {"lignes", "personnes"} <= set(reach.columns)
    profiles = _read(ws, "venue-par-profil.csv")
    shown = profiles["personnes"][profiles["personnes"] != ""].astype(int)
    assert (shown >= 11).all(), "venue-par-profil.csv"
    changes = _read(ws, "changement-par-profil.csv")
    pairs = changes["paires (personnes)"] if not changes.empty else pd.Series(dtype=str)
    assert (pairs[pairs != ""].astype(int) >= 11).all(), "changement-par-profil.csv"
    dropouts = _read(ws, "abandon-par-profil.csv")
    shown = dropouts["personnes"][dropouts["personnes"] != ""] if not dropouts.empty else []
    assert all(int(x) >= 11 for x in shown), "abandon-par-profil.csv"
    for name in ("profil.csv", "personnes-par-lieu.csv"):
        table = _read(ws, name)
        if not table.empty:
            shown = table["personnes"][table["personnes"].str.isdigit()].astype(int)
            assert (shown >= 11).all() or (shown == 0).all(), name
    pngs = sorted(folder.glob("likert-*.png"))
    assert bool(pngs) == (slug in TRUTH)
    assert scan_for_identifiers(folder).empty


# --------------------------------------------------------------------------------------
# Papermill run
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_step09_runs_on_a_sample_with_waves(tmp_path):
    slug = "mobilite-accompagnee"
    out = tmp_path / "sorties"
    run_steps(slug, out, "00-06")
    run_steps(slug, out, "09")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step09_deliverables(ws)

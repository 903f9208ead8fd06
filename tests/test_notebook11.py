"""Notebook 11 (« Valorisation »): skeleton, deliverables, and runs.

Its deliverables on every sample are checked by :func:`assert_step11_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum; the run here
covers what the gate does not (the SROI mode, and an impact map edited by hand read back).
"""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers import valuation as v
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.workspace import Workspace, open_workspace

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps

STEP = STEP_BY_NUMBER["11"]


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("11", readings=6)
    names, text = sk.parameters, sk.text
    assert names == [
        "workspace_dir",
        "output_dir",
        "mode",
        "investment",
        "discount_rate",
        "discount_first_year",
        "deadweight_level",
        "displacement_level",
        "attribution_level",
        "use_saved_adjustments",
        "use_saved_map",
        "price_year",
    ]
    params = next(c for c in sk.notebook.cells if "parameters" in c.metadata.get("tags", []))
    assert 'mode: str = "non monétisée"' in params.source  # the short path's default
    for cited in ("ESSEC", "Avise", "France Stratégie", "Green Book", "Social Value International"):
        assert cited in text, cited
    assert "**Binder public : données d'exemple uniquement.**" in text
    assert "transferts" in text.lower() and "fourchette" in text
    assert "12_restitution.ipynb" in sk.markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def assert_step11_deliverables(ws: Workspace) -> None:
    """Step 11 ran cleanly on ``ws`` and wrote its impact map, adjustments and value map
    (and, in SROI mode, the years, the sensitivity and its chart), without identifiers.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("11", create=False)
    for name in (v.IMPACT_MAP_FILE, v.ADJUSTMENTS_FILE, v.VALUE_MAP_FILE, v.VALUE_CHART_FILE):
        assert (folder / name).is_file(), name
    assert (folder / v.VALUE_CHART_FILE).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    impact_map = v.read_impact_map(ws)
    assert len(impact_map) > 0
    # every outcome adjusted, with a written justification, at a level of the scale
    adjustments = v.load_adjustments(ws)
    social = set(impact_map.loc[~impact_map["transfer"], "outcome"])
    assert set(adjustments["outcome"]) == social
    assert (adjustments["justification"].str.strip() != "").all()
    assert set(adjustments["share"]) <= set(v.LEVELS.values())
    # no value counted twice, transfers kept out of the value map
    assert v.double_counting(impact_map).empty
    values = pd.read_csv(folder / v.VALUE_MAP_FILE, encoding="utf-8-sig")
    assert len(values) == len(impact_map) - int(impact_map["transfer"].sum())
    if (folder / v.SENSITIVITY_FILE).is_file():
        sens = pd.read_csv(folder / v.SENSITIVITY_FILE, encoding="utf-8-sig")
        assert len(sens) == len(v.SENSITIVITY_RANGES)
        assert (folder / v.TORNADO_FILE).is_file() and (folder / v.YEARS_FILE).is_file()
    assert scan_for_identifiers(folder).empty


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_step11_sroi_mode_and_edited_map(tmp_path, monkeypatch):
    monkeypatch.setenv("SIZEUP_HOME", str(tmp_path / "home"))
    slug = "insertion-transport"
    out = tmp_path / "sorties"
    run_steps(slug, out, "00-06")
    run_steps(slug, out, "11")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step11_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Mode non monétisé : pas de ratio en euros" in shown
    assert not (ws.step_dir("11") / v.SENSITIVITY_FILE).exists()

    # the participant fills in a quantity and a proxy in the workbook, then runs SROI mode
    impact_map = v.read_impact_map(ws)
    first = impact_map.index[impact_map["quantity"] == 0][0]
    impact_map.loc[first, ["quantity", "proxy_value"]] = [7.0, 1200.0]
    impact_map.loc[first, "proxy_source"] = "Estimation de l'équipe"
    v.write_impact_map(ws, impact_map)
    run_steps(slug, out, "11", mode="SROI", investment=250_000.0, discount_rate=0.032)
    assert_step11_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Pour 1 € engagé, la valeur sociale estimée va de" in shown
    assert "Actualisation à 3,2\u00a0% par an" in shown
    assert "L'hypothèse qui pèse le plus est" in shown
    back = v.read_impact_map(ws)
    assert back.loc[first, "quantity"] == 7 and back.loc[first, "proxy_value"] == 1200
    years = pd.read_csv(ws.step_dir("11") / v.YEARS_FILE, encoding="utf-8-sig")
    assert (years.loc[years["ligne"] == first, "valeur brute (€)"] == 7 * 1200).all()

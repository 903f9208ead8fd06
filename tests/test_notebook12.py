"""Notebook 12 (« Restitution »): skeleton, deliverables, and the second year.

Its deliverables on every sample are checked by :func:`assert_step12_deliverables`, which
the gate (``test_notebooks.py``) calls after running the whole curriculum; the run here
covers what the gate does not (last year's ``results.json`` given to the notebook).
"""

from __future__ import annotations

import json
import shutil

import pytest

from sizeup_helpers import claims as cl
from sizeup_helpers import report as rp
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.results import collect_results, load_results_json, results_text
from sizeup_helpers.workspace import Workspace, open_workspace

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps
from .test_indicators import INDICATOR_TRUTH, truth_figure
from .test_report import assert_printable, assert_self_contained

STEP = STEP_BY_NUMBER["12"]
FILES = (
    "results.json",
    "rapport.html",
    "classeur-indicateurs.xlsx",
    "plan-de-collecte-annee-suivante.csv",
    "plan-de-collecte-annee-suivante.md",
    "synthese-demo-day.png",
    "synthese-demo-day.pdf",
    "etude-de-cas.md",
)


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("12", readings=6)
    assert sk.parameters == [
        "workspace_dir",
        "output_dir",
        "previous_results",
        "small_cell_threshold",
    ]
    params = next(c for c in sk.notebook.cells if "parameters" in c.metadata.get("tags", []))
    assert 'previous_results: str = ""  # results.json de l\'an dernier' in params.source
    text = sk.text
    for cited in ("CSESS", "Avise", "SNDS", "CNIL", "RGPD"):
        assert cited in text, cited
    for level in cl.LEVELS:
        assert f"**{level}**" in text, level
    assert "**Binder public : données d'exemple uniquement.**" in text
    assert "Ce que nous ne pouvons pas dire" in text
    assert "00_prise_en_main.ipynb" in sk.markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def _truth(ws: Workspace) -> dict | None:
    path = ws.root / "verite-terrain.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def assert_step12_deliverables(ws: Workspace) -> None:
    """Step 12 ran cleanly on ``ws`` and wrote its report, results, workbook, summary,
    case study and collection plan: the report self-contained, printable, with every
    section, every claim with its level of evidence, small cells hidden, and the planted
    figures its steps recover shown.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("12", create=False)
    for name in FILES:
        assert (folder / name).is_file(), name
    # results.json: what the steps saved, byte for byte
    results = load_results_json(folder / "results.json")
    assert (folder / "results.json").read_text(encoding="utf-8") == results_text(
        collect_results(ws)
    )
    # the report
    html = (folder / "rapport.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    assert_printable(html)
    for key, title in rp.SECTION_TITLES.items():
        assert (f"<h2>{rp.esc(title)}</h2>" in html) == (key != "evolution"), title
    assert "schema-theorie-du-changement" in html and 'src="data:image/' in html
    findings = cl.key_findings(ws, results)
    assert findings, "aucun constat"
    assert html.count('<span class="preuve preuve-') >= len(findings)
    for f in findings:
        assert rp.esc(f.text) in html, f.text
        assert f.level_of_evidence in cl.LEVELS
    # small cells: no theme, comparison or indicator under the threshold shows its figure
    limit = cl.small_cell_threshold(ws)
    themes = (results.get("qualitative") or {}).get("themes") or {}
    for t in themes.values():
        people = t.get("people") or 0
        if 0 < people < limit:
            assert f"{people} personnes en parlent" not in html
            assert f"{people} personne en parle" not in html
    for q in (results.get("quantitative") or {}).values():
        if q.get("n_pairs") is not None and q["n_pairs"] < limit:
            assert f"chez {q['n_pairs']} personne" not in html
    # planted truth: the figures step 06 recovers are the report's
    truth = _truth(ws)
    for ident, (path, factor) in (INDICATOR_TRUTH.get(ws.root.name, {}) if truth else {}).items():
        found = [f for f in findings if f.key == f"indicators.{ident}"]
        assert len(found) == 1, ident
        if not found[0].suppressed:
            assert found[0].figure == pytest.approx(truth_figure(truth, path, factor), abs=0.01)
            assert rp.esc(found[0].text) in html
    assert folder.joinpath("synthese-demo-day.png").read_bytes().startswith(b"\x89PNG")
    assert folder.joinpath("synthese-demo-day.pdf").read_bytes().startswith(b"%PDF")
    assert scan_for_identifiers(folder).empty


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_step12_second_year_compares_with_last_year(tmp_path, monkeypatch):
    monkeypatch.setenv("SIZEUP_HOME", str(tmp_path / "home"))
    slug = "ateliers-emploi"
    out = tmp_path / "sorties"
    run_steps(slug, out, "00-12")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step12_deliverables(ws)
    first = (ws.step_dir("12") / "rapport.html").read_bytes()
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Vos résultats clés" in shown and "Pas de comparaison avec l'an dernier" in shown
    last_year = tmp_path / "results-an-dernier.json"
    shutil.copy(ws.step_dir("12") / "results.json", last_year)
    run_steps(slug, out, "12", previous_results=str(last_year))
    html = (ws.step_dir("12") / "rapport.html").read_text(encoding="utf-8")
    assert "<h2>Évolution par rapport à l&#x27;an dernier</h2>" in html
    assert "Ce ne sont pas les mêmes personnes" in html
    assert "Personnes distinctes accueillies : 330 → 330 personnes (stable)." in html
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "n'est pas un effet de l'action" in shown
    # the same inputs give the same bytes
    run_steps(slug, out, "12")
    assert (ws.step_dir("12") / "rapport.html").read_bytes() == first

"""The gate: every numbered notebook and every exercise solution, on every sample structure.

Notebooks run with papermill through the `sizeup` command itself (`sizeup demo` for the
default sample, `sizeup run` for the others: the paths of the README and of a coach), then
each exercise solution runs with its checks in strict mode (a failed check fails the test).
Afterwards no output — deliverable, executed notebook, journal — may hold a direct
identifier.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.runner import available_steps, execute_notebook
from sizeup_helpers.workspace import DEFAULT_SAMPLE, open_workspace

from .conftest import ROOT, SAMPLES_DIR, sample_slugs
from .test_notebook06 import assert_step06_deliverables
from .test_notebook07 import assert_step07_deliverables
from .test_notebook08 import assert_step08_deliverables
from .test_notebook09 import assert_step09_deliverables
from .test_notebook10 import assert_step10_deliverables
from .test_notebook11 import assert_step11_deliverables
from .test_notebook12 import assert_step12_deliverables
from .test_notebooks_seminar1 import assert_seminar1_deliverables

pytestmark = pytest.mark.notebooks

EXERCISES = ROOT / "exercises"


def _solutions_up_to(last_step: str) -> list[Path]:
    return sorted(p for p in EXERCISES.glob("*_sol_*.ipynb") if p.name[:2] <= last_step)


@pytest.mark.parametrize("slug", sample_slugs())
def test_curriculum_and_solutions_run_on_sample(slug, tmp_path, monkeypatch, capsys):
    steps = available_steps()
    assert steps, "no numbered notebook"
    out = tmp_path / "sorties"
    # the command a coach types; `sizeup demo` for the default sample, as the README says
    command = ["demo"] if slug == DEFAULT_SAMPLE else ["run", str(SAMPLES_DIR / slug)]
    code = main([*command, "--out", str(out), "--quiet"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"{len(steps)} étapes exécutées" in printed.out
    assert f"Livrables : {out}" in printed.out
    assert "aucun identifiant direct" in printed.out  # what `sizeup run` itself reports
    executed = out / "carnets-executes"
    journal = json.loads((executed / "journal-execution.json").read_text(encoding="utf-8"))
    assert [e["etape"] for e in journal["etapes"]] == [s.number for s in steps]
    assert {e["statut"] for e in journal["etapes"]} == {"réussie"}
    for step in steps:
        assert (executed / step.notebook).is_file()
        assert (out / step.output_folder).is_dir(), f"step {step.number} wrote nothing"
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_seminar1_deliverables(ws)
    # seminar 2b, the collection tools: indicators with values, questionnaire, interview guide
    assert_step06_deliverables(ws)
    assert_step07_deliverables(ws)
    assert_step08_deliverables(ws)
    # seminar 3a, analysis and valuation
    assert_step09_deliverables(ws)
    assert_step10_deliverables(ws)
    assert_step11_deliverables(ws)
    assert_step12_deliverables(ws)

    monkeypatch.setenv("SIZEUP_CHECKS_STRICT", "1")
    for solution in _solutions_up_to(steps[-1].number):
        execute_notebook(
            solution,
            tmp_path / solution.name,
            {"workspace_dir": str(SAMPLES_DIR / slug), "output_dir": str(out)},
            cwd=EXERCISES,
        )

    leaks = scan_for_identifiers(out)
    assert leaks.empty, f"identifiants directs dans les sorties : {leaks.head().to_dict('records')}"

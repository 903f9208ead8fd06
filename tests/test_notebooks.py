"""The gate: every numbered notebook and every exercise solution, on every sample structure.

Notebooks run with papermill through `sizeup run` itself (the path a coach uses), then
each exercise solution runs with its checks in strict mode (a failed check fails the test).
Afterwards no output — deliverable, executed notebook, journal — may hold a direct
identifier.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.runner import available_steps, execute_notebook, run_curriculum
from sizeup_helpers.workspace import open_workspace

from .conftest import ROOT, SAMPLES_DIR, sample_slugs
from .test_notebooks_seminar1 import assert_seminar1_deliverables

pytestmark = pytest.mark.notebooks

EXERCISES = ROOT / "exercises"


def _solutions_up_to(last_step: str) -> list[Path]:
    return sorted(p for p in EXERCISES.glob("*_sol_*.ipynb") if p.name[:2] <= last_step)


@pytest.mark.parametrize("slug", sample_slugs())
def test_curriculum_and_solutions_run_on_sample(slug, tmp_path, monkeypatch):
    steps = available_steps()
    assert steps, "no numbered notebook"
    out = tmp_path / "sorties"
    result = run_curriculum(SAMPLES_DIR / slug, output_dir=out, progress=False)
    assert result.ok
    executed = out / "carnets-executes"
    for step in steps:
        assert (executed / step.notebook).is_file()
        assert (out / step.output_folder).is_dir(), f"step {step.number} wrote nothing"
    assert_seminar1_deliverables(open_workspace(SAMPLES_DIR / slug, out))

    monkeypatch.setenv("SIZEUP_CHECKS_STRICT", "1")
    for solution in _solutions_up_to(steps[-1].number):
        execute_notebook(
            solution, tmp_path / solution.name,
            {"workspace_dir": str(SAMPLES_DIR / slug), "output_dir": str(out)}, cwd=EXERCISES,
        )

    leaks = scan_for_identifiers(out)
    assert leaks.empty, f"identifiants directs dans les sorties : {leaks.head().to_dict('records')}"
    assert result.identifiers_found == []  # what `sizeup run` itself reports

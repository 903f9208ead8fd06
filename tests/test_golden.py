"""Golden notebooks: committed expected results that nbval re-executes and compares.

``tests/golden/*.ipynb`` carry their outputs (the expected results of seminar 1's
diagnostic and theory-of-change checks, and of step 05's cleaning of two samples). nbval
re-runs them in a separate pytest process and compares every output, so a changed result
fails loudly; ``make golden`` records new expected outputs after a wanted change. The last
test proves the guard can fail: a golden notebook with one expected figure changed must
not pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.runner import KERNEL_START_ATTEMPTS, KERNEL_START_FAILURES

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
NOTEBOOKS = sorted(GOLDEN.glob("*.ipynb"))
pytestmark = pytest.mark.notebooks


def _nbval(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run nbval on notebooks in a fresh pytest process (the project's addopts left out).

    nbval does not start a dead kernel again, as the runner does (``KERNEL_START_ATTEMPTS``):
    a run whose kernel died at start-up, before any comparison, is run again.
    """
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "-o",
        "addopts=",
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
        "-q",
        "--nbval-cell-timeout=600",
        f"--rootdir={cwd}",
        *map(str, paths),
    ]
    for _attempt in range(KERNEL_START_ATTEMPTS):
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)
        if not any(m in result.stdout + result.stderr for m in KERNEL_START_FAILURES):
            break
    return result


def test_there_are_golden_notebooks_with_their_expected_outputs():
    assert len(NOTEBOOKS) >= 2
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert sum(bool(c.outputs) for c in code) >= 2, f"{path.name}: run `make golden`"
        for cell in code:
            assert all(o.output_type != "error" for o in cell.outputs), path.name
            assert not any(o.get("name") == "stderr" for o in cell.outputs), path.name


def test_golden_outputs_hold_no_direct_identifier(tmp_path):
    for path in NOTEBOOKS:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    found = scan_for_identifiers(tmp_path)
    assert found.empty, found.to_dict("records")


def test_golden_notebooks_reproduce_their_expected_outputs():
    result = _nbval(*NOTEBOOKS)
    assert result.returncode == 0, (
        "A golden notebook's results changed. If the change is wanted, run `make golden` "
        "and review `git diff tests/golden`.\n" + result.stdout[-6000:]
    )
    assert re.search(r"\b\d+ passed\b", result.stdout)


def test_golden_guard_fails_when_an_expected_figure_changes(tmp_path):
    nb = nbformat.read(GOLDEN / "seminaire1_resultats.ipynb", as_version=4)
    # keep the imports and the diagnostic only (fast), and change one expected figure
    diagnostic = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and "recommend_path" in c.source and "answers" in c.source
    )
    nb.cells = nb.cells[: diagnostic + 1]
    output = nb.cells[diagnostic].outputs[0]
    assert "parcours court" in output.text
    output.text = output.text.replace("parcours court", "parcours complet", 1)
    copy = tmp_path / "modifie.ipynb"
    nbformat.write(nb, copy)
    result = _nbval(copy, cwd=tmp_path)
    assert result.returncode != 0
    assert "parcours court" in result.stdout and "parcours complet" in result.stdout


def test_golden_guard_fails_when_an_analysis_figure_changes(tmp_path):
    """Step 09's before/after figure on the default sample is guarded too: one paired count
    changed in the expected output of ``analyses_resultats.ipynb`` must fail nbval."""
    nb = nbformat.read(GOLDEN / "analyses_resultats.ipynb", as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    chain, effects = (
        code[0],
        next(i for i in code if "resultats-par-effet.csv" in nb.cells[i].source),
    )
    # run steps 00-09 only (their outputs are what this cell shows), and keep up to step 09
    nb.cells[chain].source = nb.cells[chain].source.replace(
        "output_dir=out,", 'output_dir=out, steps="00-09",'
    )
    nb.cells = nb.cells[: effects + 1]
    output = nb.cells[effects].outputs[0]
    expected = re.search(r"t apparié et Wilcoxon\s+(\d+)\s", output.text)
    assert expected, output.text
    changed = str(int(expected.group(1)) + 1)
    start, end = expected.span(1)
    output.text = output.text[:start] + changed + output.text[end:]
    copy = tmp_path / "modifie.ipynb"
    nbformat.write(nb, copy)
    result = _nbval(copy, cwd=tmp_path)
    assert result.returncode != 0
    assert "1 failed" in result.stdout, result.stdout[-3000:]
    assert expected.group(1) in result.stdout and changed in result.stdout

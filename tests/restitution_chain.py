"""Steps 00–11 run once per sample for the step 12 deliverable tests (shared by
``test_collection_plan.py``, ``test_demo_day.py`` and ``test_case_study.py``).

The first test asking for a sample runs the curriculum into a temporary folder kept for
the whole pytest process; the others reuse it. Only step 12's own deliverables are then
written there, by the functions under test. While working on step 12, set
``SIZEUP_RESTITUTION_RUNS`` to a folder holding ``<slug>/`` output folders of earlier
``sizeup run … --steps 00-11`` runs to reuse them instead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR

_RUNS: dict[str, Path] = {}
_ROOT: list[Path] = []


def _root() -> Path:
    if not _ROOT:
        folder = Path(tempfile.mkdtemp(prefix="sizeup-restitution-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _ROOT.append(folder)
    return _ROOT[0]


def chain(slug: str):
    """The workspace of sample ``slug`` with the deliverables of steps 00–11 (run once)."""
    from .notebook_skeleton import run_steps

    reuse = os.environ.get("SIZEUP_RESTITUTION_RUNS")
    if slug not in _RUNS and reuse and (Path(reuse) / slug / "11-valorisation").is_dir():
        _RUNS[slug] = Path(reuse) / slug
    if slug not in _RUNS:
        out = _root() / slug / "sorties"
        home = _root() / slug / "home"
        previous = os.environ.get("SIZEUP_HOME")
        os.environ["SIZEUP_HOME"] = str(home)
        try:
            run_steps(slug, out, "00-11")
        finally:
            if previous is None:
                os.environ.pop("SIZEUP_HOME", None)
            else:
                os.environ["SIZEUP_HOME"] = previous
        _RUNS[slug] = out
    return open_workspace(SAMPLES_DIR / slug, output_dir=_RUNS[slug])

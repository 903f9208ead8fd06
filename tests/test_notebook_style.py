"""The cell budget of CONTRIBUTING.md, kept by a test.

In every numbered notebook:

- no code cell is longer than 6 lines, except the imports cell (the code cell under
  « ## Imports ») and the ``parameters`` cell;
- the code cell(s) that read a result in words, under a « Ce que cela veut dire pour
  vous » line, are at most 3 lines (they call a package helper);
In every numbered notebook and exercise solution (where learners write longer code):

- a cell that only displays (every statement a ``display(...)`` call) carries the
  ``hide-input`` tag and ``jupyter.source_hidden`` so JupyterLab and a published book
  fold it; a ``hide-input`` cell is always folded.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from .notebook_skeleton import check_skeleton

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "exercises").glob("*_sol_*.ipynb"))
CODE_LINES = 6
READING_LINES = 3
READING_MARK = "Ce que cela veut dire pour vous"


def _lines(source: str) -> int:
    """Lines a participant reads: blank lines and comment-only lines left out."""
    return sum(
        1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#")
    )


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _budget_breaches(path: Path) -> list[str]:
    cells = _cells(path)
    breaches = []
    under_imports = under_reading = False
    for i, cell in enumerate(cells):
        src = _source(cell)
        if cell["cell_type"] == "markdown":
            under_imports = src.lstrip().startswith("## Imports")
            under_reading = READING_MARK in src
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        n = _lines(src)
        if "parameters" in tags or under_imports:
            under_imports = False
            continue
        if under_reading and n > READING_LINES:
            breaches.append(f"cellule {i} (lecture d'un résultat) : {n} lignes > {READING_LINES}")
        elif n > CODE_LINES:
            breaches.append(
                f"cellule {i} : {n} lignes > {CODE_LINES} : {src.strip().splitlines()[0][:60]!r}"
            )
    return breaches


def _display_only(src: str) -> bool:
    try:
        body = ast.parse(src).body
    except SyntaxError:  # IPython magics: not a display-only cell
        return False
    return bool(body) and all(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "display"
        for stmt in body
    )


def _folding_breaches(path: Path) -> list[str]:
    breaches = []
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {})
        tagged = "hide-input" in meta.get("tags", [])
        hidden = bool(meta.get("jupyter", {}).get("source_hidden"))
        if _display_only(_source(cell)) and not tagged:
            breaches.append(f"cellule {i} : affichage seul sans l'étiquette hide-input")
        if tagged != hidden:
            breaches.append(
                f"cellule {i} : hide-input et jupyter.source_hidden ne vont pas ensemble"
            )
    return breaches


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_keep_the_budget(path):
    assert not _budget_breaches(path), "\n".join(_budget_breaches(path))


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_display_only_cells_are_folded(path):
    assert not _folding_breaches(path), "\n".join(_folding_breaches(path))


def test_the_budget_check_can_fail(tmp_path):
    long_cell = "\n".join(f"x{i} = {i}" for i in range(7))
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "## Imports", "metadata": {}},
            {"cell_type": "code", "source": long_cell, "metadata": {}},  # imports: allowed
            {"cell_type": "code", "source": long_cell, "metadata": {}},
            {"cell_type": "markdown", "source": f"**{READING_MARK}**", "metadata": {}},
            {"cell_type": "code", "source": "a = 1\nb = 2\nc = 3\nd = 4", "metadata": {}},
            {"cell_type": "code", "source": "display(x)", "metadata": {}},
            {
                "cell_type": "code",
                "source": "display(y)",
                "metadata": {"tags": ["hide-input"], "jupyter": {"source_hidden": True}},
            },
        ]
    }
    path = tmp_path / "99_essai.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    budget = _budget_breaches(path)
    assert [b.split(" ")[1] for b in budget] == ["2", "4"]
    assert _folding_breaches(path) == ["cellule 5 : affichage seul sans l'étiquette hide-input"]


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if not p.name.startswith("00")], ids=lambda p: p.name
)
def test_numbered_notebooks_keep_the_skeleton(path):
    """Every step's notebook from 01 on (00 opens its workspace after a chooser) has the
    skeleton of CONTRIBUTING.md; each step's own test checks what only it has."""
    check_skeleton(path.name[:2])

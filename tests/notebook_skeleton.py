"""The skeleton of a numbered notebook (CONTRIBUTING.md), checked the same way for every step.

:func:`check_skeleton` asserts what every notebook from 01 on shares (headings, the two
paths, « Parcours court » in each numbered section, readings, one typed ``parameters``
cell followed by ``setup_notebook``, the python3 kernel, no committed output) and returns
what a step's own test checks next (its parameters, the sources it cites, its next step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat

from sizeup_helpers.curriculum import STEP_BY_NUMBER

from .conftest import NOTEBOOKS_DIR

FIXED_HEADINGS = [
    "## Ce que vous allez faire",
    "## Durée",
    "## Livrable",
    "## Prérequis",
    "## Imports",
    "## Paramètres",
]
CLOSING_HEADINGS = ["## À retenir", "## Étape suivante"]
PARAMETER_LINE = re.compile(r"^\w+: (str|int|float|bool|list|dict) = .+  # \S")


@dataclass
class Skeleton:
    notebook: nbformat.NotebookNode
    markdown: list[str]
    """The Markdown cells' sources, in order."""
    parameters: list[str]
    """The names of the ``parameters`` cell, in order."""

    @property
    def text(self) -> str:
        """All the Markdown, non-breaking spaces made plain."""
        return "\n".join(self.markdown).replace("\xa0", " ").replace("\u202f", " ")


def read_notebook(number: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / STEP_BY_NUMBER[number].notebook, as_version=4)


def check_skeleton(number: str, *, readings: int = 2) -> Skeleton:
    """Assert the shared skeleton of notebook ``number``; ``readings``: the least number of
    « Ce que cela veut dire pour vous » lines."""
    nb = read_notebook(number)
    step = STEP_BY_NUMBER[number]
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown[0].startswith(f"# {number} · {step.title}")
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("## ")]
    assert headings[:6] == FIXED_HEADINGS
    assert headings[-2:] == CLOSING_HEADINGS
    steps = headings[6:-2]
    assert steps and all(re.match(r"## \d+\. ", h) for h in steps)
    for text in markdown:
        if re.match(r"## \d+\. ", text) and "livrable" not in text.lower().split("\n")[0]:
            assert "> **Parcours court**" in text, text.splitlines()[0]
    assert "Parcours complet" in markdown[2] and "Parcours court" in markdown[2]
    assert sum("Ce que cela veut dire pour vous" in t for t in markdown) >= readings
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert code[code.index(params[0].source) + 1].startswith(
        "ws = setup_notebook(workspace_dir, output_dir)"
    )
    names = []
    for line in params[0].source.splitlines():
        assert line.count("=") == 1, f"« {line} » : un seul = par ligne"
        assert PARAMETER_LINE.match(line), line
        names.append(line.split(":")[0])
    assert names[:2] == ["workspace_dir", "output_dir"]
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    return Skeleton(nb, markdown, names)


def executed_errors(path) -> list[str]:
    """The error names (``ename``) left in the outputs of an executed notebook."""
    nb = nbformat.read(path, as_version=4)
    return [
        o.get("ename", "")
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def run_steps(workspace, out, steps: str, **parameters) -> float:
    """Run ``steps`` of the curriculum on ``workspace`` (a sample's slug or a folder) into
    ``out`` with ``parameters``, as ``sizeup run`` does; assert it went well and left no
    identifier in the outputs; return the seconds it took."""
    import time
    from pathlib import Path

    from sizeup_helpers.runner import run_curriculum

    from .conftest import SAMPLES_DIR

    root = workspace if isinstance(workspace, Path) else SAMPLES_DIR / workspace
    started = time.perf_counter()
    result = run_curriculum(
        root, output_dir=out, steps=steps, parameters=parameters, progress=False
    )
    assert result.ok, result.summary()
    assert not result.identifiers_found
    return time.perf_counter() - started


def executed_outputs(path) -> str:
    """The text and Markdown outputs of an executed notebook, joined: what a person read."""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        o.get("text", "") + str(o.get("data", {}).get("text/markdown", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )

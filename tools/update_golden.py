"""Execute the golden notebooks of ``tests/golden/`` and save their outputs as the expected ones.

Run it (``make golden``) only after a change whose effect on the results is wanted, then read
``git diff tests/golden`` before committing: the diff is the change of results. The tests
re-execute these notebooks with nbval and fail when an output differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden"


def update(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in nb.cells:  # keep the file stable: no timings, no ids that change
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"{path.name} : sorties attendues mises à jour")


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(GOLDEN.glob("*.ipynb"))
    for path in paths:
        update(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Shared fixtures: isolated home, sample workspaces, tiny notebooks for runner tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "data" / "samples"
NOTEBOOKS_DIR = ROOT / "notebooks"
SHARED = ROOT.parent / "shared"
REAL_WORLD = SHARED / "real-world"  # third-party files, never copied into the repository

#: Skips a test that reads ``../shared/real-world`` when that folder is absent.
needs_real_world = pytest.mark.skipif(
    not REAL_WORLD.is_dir(),
    reason="../shared/real-world est absent (fichiers tiers non distribués avec le projet)",
)


def sample_slugs() -> list[str]:
    """Every committed sample structure (a folder with a structure.yml)."""
    return sorted(p.parent.name for p in SAMPLES_DIR.glob("*/structure.yml"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never write the participant's remembered choice into the real home directory."""
    home = tmp_path_factory.mktemp("sizeup-home")
    monkeypatch.setenv("SIZEUP_HOME", str(home))
    return home


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the default sample workspace (to break it on purpose)."""
    target = tmp_path / "espace"
    shutil.copytree(SAMPLES_DIR / "ateliers-emploi", target)
    return target


def make_notebook(path: Path, params: str, body: list[str]) -> Path:
    """Write a small notebook with a `parameters` cell and code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Test"),
        cell,
        *[nbformat.v4.new_code_cell(src) for src in body],
    ]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def tiny_curriculum(tmp_path, monkeypatch) -> Path:
    """Notebooks 00–02 that write a file in their step folder; 02 can be told to fail."""
    folder = tmp_path / "carnets"
    folder.mkdir()
    common = 'workspace_dir = ""  # espace\noutput_dir = ""  # sorties\n'
    writer = (
        "from sizeup_helpers import setup_notebook\n"
        "ws = setup_notebook(workspace_dir, output_dir)\n"
        "ws.write_text(ws.step_dir('{n}') / 'fait.txt', 'étape {n} : ' + str(seuil))\n"
    )
    make_notebook(
        folder / "00_prise_en_main.ipynb", common + "seuil = 11  # seuil\n", [writer.format(n="00")]
    )
    make_notebook(
        folder / "01_cadrer_l_evaluation.ipynb",
        common + "seuil = 11  # seuil\n",
        [writer.format(n="01")],
    )
    make_notebook(
        folder / "02_theorie_du_changement.ipynb",
        common + "echouer = False  # provoquer une erreur\nseuil = 11  # seuil\n",
        [
            writer.format(n="02"),
            "from sizeup_helpers.errors import SizeUpError\n"
            "if echouer:\n    raise SizeUpError('Le fichier « toc.yml » est vide.')\n",
        ],
    )
    monkeypatch.setenv("SIZEUP_NOTEBOOKS", str(folder))
    return folder

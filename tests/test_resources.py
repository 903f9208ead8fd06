"""Where the package finds its content: the checkout, SIZEUP_ROOT, or the wheel's copy.

The installed case is simulated here by moving ``PACKAGE_DIR`` (fast); tests/test_packaging.py
builds and installs a real wheel.
"""

from __future__ import annotations

import pytest

from sizeup_helpers import resources, workspace
from sizeup_helpers.errors import RunError
from sizeup_helpers.runner import notebooks_dir, run_curriculum

from .conftest import ROOT, SAMPLES_DIR


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The package as if installed in ``tmp_path/site`` with its content beside it."""
    package = tmp_path / "site" / "sizeup_helpers"
    (package / "contenu" / "notebooks").mkdir(parents=True)
    (package / "contenu" / "data" / "samples").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    monkeypatch.setattr(resources, "CONTENT_DIR", package / "contenu")
    monkeypatch.setattr(workspace, "PACKAGE_DIR", package)
    monkeypatch.delenv("SIZEUP_ROOT", raising=False)
    monkeypatch.delenv("SIZEUP_NOTEBOOKS", raising=False)
    return package


def test_checkout_is_found_from_the_package():
    assert resources.checkout_root() == ROOT
    assert resources.content_root() == ROOT
    assert workspace.samples_dir() == SAMPLES_DIR
    assert workspace.project_root() == ROOT


def test_sizeup_root_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SIZEUP_ROOT", str(tmp_path))
    assert resources.content_root() == tmp_path.resolve()
    assert workspace.samples_dir() == tmp_path.resolve() / "data" / "samples"
    assert workspace.project_root() == tmp_path.resolve()


def test_installed_package_reads_its_own_content(installed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resources.checkout_root() is None
    assert workspace.samples_dir() == installed / "contenu" / "data" / "samples"
    assert notebooks_dir() == installed / "contenu" / "notebooks"
    # outputs of a sample: the current folder, never the installed package
    assert workspace.project_root() == tmp_path.resolve()
    monkeypatch.chdir(installed / "contenu" / "notebooks")
    assert workspace.project_root() == workspace.user_config_dir()


def test_installed_package_without_content_says_where_to_get_it(installed, tmp_path):
    import shutil

    shutil.rmtree(installed / "contenu")
    with pytest.raises(
        RunError,
        match=r"Dossier des carnets introuvable : .*git clone .*"
        r"SIZEUP_NOTEBOOKS",
    ):
        run_curriculum(tmp_path, progress=False)


def test_tooling_root_from_the_checkout_or_from_a_clone_below(installed, tmp_path):
    assert resources.tooling_root(tmp_path) is None
    assert resources.tooling_root(ROOT / "data" / "samples") == ROOT


def test_is_checkout():
    assert resources.is_checkout(ROOT)
    assert not resources.is_checkout(ROOT / "sizeup_helpers")

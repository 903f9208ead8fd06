"""The wheel holds what runs, and an installed package works outside a checkout.

The wheel is built from the checkout (hatchling, no build isolation: offline), installed
with ``pip install --no-deps --target`` into a temporary folder, then used from another
temporary folder with ``PYTHONPATH`` pointing at it: the samples and the notebooks are
found inside the package, a sample's outputs go to the current folder's ``sorties/``, and
the contributors' commands say in French that they need a clone. The sdist is checked too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from sizeup_helpers.samples import list_samples

from .conftest import NOTEBOOKS_DIR, ROOT

pytestmark = pytest.mark.slow

GENERATORS = (
    "tools/",
    "samplegen",
    "exercisegen",
    "_qualitative.py",
    "commerce_rural.py",
    "ateliers_emploi.py",
)


def _hatchling_available() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


needs_hatchling = pytest.mark.skipif(
    not _hatchling_available(),
    reason="hatchling absent (extra « test » de pyproject.toml : lancez `make env`)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The wheel and the sdist, built once from the checkout."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """The wheel installed into a folder of its own (no dependency: they are in the venv)."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(built["wheel"]),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return site


def _run_installed(site: Path, cwd: Path, code: str, home: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SIZEUP_ROOT", "SIZEUP_NOTEBOOKS", "PYTHONPATH")
    }
    env.update(PYTHONPATH=str(site), SIZEUP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@needs_hatchling
def test_wheel_holds_the_runtime_and_its_content_not_the_tooling(built):
    names = zipfile.ZipFile(built["wheel"]).namelist()
    top = {n.split("/")[0] for n in names}
    assert top == {"sizeup_helpers", "sizeup_helpers-0.1.0.dist-info"}
    for bad in GENERATORS:
        assert not [n for n in names if bad in n], bad
    notebooks = sorted(
        Path(n).name for n in names if n.startswith("sizeup_helpers/contenu/notebooks/")
    )
    assert notebooks == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for sample in list_samples():
        assert f"sizeup_helpers/contenu/data/samples/{sample['slug']}/structure.yml" in names
    # data files the package reads at run time (the IAE exits' category table)
    assert "sizeup_helpers/data/categories-sorties-iae.csv" in names
    assert "sizeup_helpers/data/banque-items.csv" in names  # the questionnaire item bank
    assert "sizeup_helpers/data/catalogue-indicateurs.csv" in names  # step 06's catalogue


@needs_hatchling
def test_sdist_leaves_the_generators_out_and_builds_the_same_wheel(built, tmp_path):
    with tarfile.open(built["sdist"]) as sdist:
        names = sdist.getnames()
        sdist.extractall(tmp_path, filter="data")
    assert not [n for n in names if "samplegen" in n or "exercisegen" in n]
    root = next(tmp_path.iterdir())
    assert (root / "tools" / "packaging" / "hatch_build.py").is_file()
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=root,
        check=True,
        capture_output=True,
    )
    again = zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl"))).namelist()
    assert sorted(again) == sorted(zipfile.ZipFile(built["wheel"]).namelist())


@needs_hatchling
def test_installed_package_works_outside_a_checkout(installed, tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    code = """
import json, sys
from pathlib import Path
import sizeup_helpers
from sizeup_helpers.runner import notebooks_dir
from sizeup_helpers.samples import list_samples, open_sample
from sizeup_helpers.workspace import project_root
ws = open_sample("ateliers-emploi")
print(json.dumps({
    "package": sizeup_helpers.__file__,
    "samples": list_samples(),
    "notebooks": sorted(p.name for p in notebooks_dir().glob("*.ipynb")),
    "output_dir": str(ws.output_dir),
    "root": str(ws.root),
    "project_root": str(project_root()),
}))
"""
    done = _run_installed(installed, elsewhere, code, tmp_path / "home")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(installed)
    assert found["samples"] == list_samples() and len(found["samples"]) == 7
    # every numbered notebook of the checkout ships with the package
    numbered = sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert [name for name in found["notebooks"] if name[:2].isdigit()] == numbered
    assert numbered[0].startswith("00_") and len(numbered) >= 6
    assert Path(found["root"]).is_relative_to(installed / "sizeup_helpers" / "contenu")
    # a sample's outputs go to the current folder, never into the installed package
    assert found["output_dir"] == str(elsewhere.resolve() / "sorties" / "ateliers-emploi")
    assert found["project_root"] == str(elsewhere.resolve())


@needs_hatchling
def test_installed_package_inside_its_own_folder_writes_to_the_user_folder(installed, tmp_path):
    inside = installed / "sizeup_helpers" / "contenu" / "notebooks"
    code = (
        "from sizeup_helpers.samples import open_sample; "
        "print(open_sample('commerce-rural').output_dir)"
    )
    done = _run_installed(installed, inside, code, tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "home" / "sorties" / "commerce-rural")


@needs_hatchling
def test_installed_cli_contributor_commands_say_they_need_a_clone(installed, tmp_path):
    code = "import sys; from sizeup_helpers.cli import main; sys.exit(main(sys.argv[1:]))"
    for argv, command in (
        (["samples", "--generate"], "sizeup samples --generate"),
        (["exercises", "--check"], "sizeup exercises"),
    ):
        done = _run_installed(
            installed, tmp_path, code.replace("sys.argv[1:]", repr(argv)), tmp_path / "home"
        )
        assert done.returncode == 2
        assert f"`{command}` sert aux contributeurs" in done.stderr
        assert "Traceback" not in done.stderr
    listed = _run_installed(
        installed, tmp_path, code.replace("sys.argv[1:]", "['samples']"), tmp_path / "home"
    )
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 7


@needs_hatchling
@pytest.mark.notebooks
def test_installed_package_runs_a_notebook(installed, tmp_path):
    """``sizeup run`` from the installed package: the kernel imports the same copy."""
    code = (
        "import sys; from sizeup_helpers.cli import main; "
        "from sizeup_helpers.workspace import samples_dir; "
        "sys.exit(main(['run', str(samples_dir() / 'ateliers-emploi'), '--steps', '00', "
        "'--quiet']))"
    )
    done = _run_installed(installed, tmp_path, code, tmp_path / "home")
    assert done.returncode == 0, done.stderr[-2000:]
    step = tmp_path / "sorties" / "ateliers-emploi" / "00-prise-en-main"
    assert (step / "espace-de-travail.json").is_file() and (step / "LISEZMOI.md").is_file()

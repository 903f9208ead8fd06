"""Project-wide rules: light import, clean notebooks, Binder set-up, README and CI agree."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

from .conftest import ROOT

HEAVY = [
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "scipy",
    "ipywidgets",
    "pyxform",
    "openpyxl",
    "papermill",
    "nbclient",
    "python_calamine",
    "rapidfuzz",
    "IPython",
]


def test_import_is_light():
    code = f"import sys, sizeup_helpers; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"importing sizeup_helpers loads {out}"


def test_public_names_resolve():
    import sizeup_helpers

    for name in sizeup_helpers.__all__:
        assert getattr(sizeup_helpers, name) is not None
    with pytest.raises(AttributeError):
        sizeup_helpers.does_not_exist  # noqa: B018


def _committed_notebooks() -> list:
    files = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    found = sorted(
        {
            *(ROOT / f for f in files),
            *ROOT.glob("notebooks/*.ipynb"),
            *ROOT.glob("exercises/*.ipynb"),
        }
    )
    return [p for p in found if "golden" not in p.parts and p.exists()]


@pytest.mark.parametrize("path", _committed_notebooks(), ids=lambda p: p.name)
def test_notebooks_have_no_outputs_and_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs"), f"{path.name}: a cell has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: execution count kept"


@pytest.mark.parametrize(
    "path", sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")), ids=lambda p: p.name
)
def test_numbered_notebooks_have_one_parameters_cell_of_typed_literals(path):
    import ast

    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: {len(cells)} cellules « parameters »"
    tree = ast.parse(cells[0].source)
    names = []
    for node in tree.body:
        assert isinstance(node, (ast.Assign, ast.AnnAssign)), "only assignments"
        value = node.value
        ast.literal_eval(value)  # a literal, nothing computed
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        names.append(target.id)
    assert {"workspace_dir", "output_dir"} <= set(names)
    for line in cells[0].source.splitlines():
        if "=" in line:
            assert "#" in line, f"{path.name}: « {line} » sans commentaire"


def _dependencies_pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {
        Requirement(d).name.lower(): str(Requirement(d).specifier)
        for d in data["project"]["dependencies"]
    }


def _dependencies_conda() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        name, _, spec = dep.partition(" ")
        out[name.lower()] = spec.replace(" ", "")
    return out


def test_environment_yml_agrees_with_pyproject():
    conda = _dependencies_conda()
    pip = _dependencies_pyproject()
    assert "pip" in conda
    requires_python = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "requires-python"
    ]
    assert conda["python"] == requires_python
    for name, spec in pip.items():
        assert name in conda, f"{name} manque dans environment.yml"
        assert sorted(conda[name].split(",")) == sorted(spec.split(",")), (
            f"{name}: environment.yml {conda[name]!r} ≠ pyproject {spec!r}"
        )
    extra = set(conda) - set(pip) - {"python", "pip"}
    assert not extra, f"environment.yml a en plus : {extra}"
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"][0] == "conda-forge"


JUPYTER_SETTINGS = {
    "jupyter-config/jupyter_server_config.d/sizeup.json": "etc/jupyter/jupyter_server_config.d",
    "jupyter-config/labconfig/page_config.json": "etc/jupyter/labconfig",
    "jupyter-config/lab-settings/overrides.json": "share/jupyter/lab/settings",
}


def test_binder_layout_and_jupyter_settings():
    assert not (ROOT / "binder").exists() and not (ROOT / "runtime.txt").exists()
    post = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps" in post
    page = json.loads((ROOT / "jupyter-config/labconfig/page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True
    overrides = json.loads((ROOT / "jupyter-config/lab-settings/overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    # Binder (postBuild) and the Makefile's venv install the same three files
    makefile = (ROOT / "Makefile").read_text()
    for source, folder in JUPYTER_SETTINGS.items():
        name = source.rsplit("/", 1)[1]
        assert name in post and f"$prefix/{folder}" in post
        assert f"$(VENV)/{folder}/{name}: {source}" in makefile
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/v2/" in readme and "notebooks/00_prise_en_main.ipynb" in readme


def test_kernels_are_culled_only_once_their_page_is_closed():
    """A kernel whose page is open keeps its state (a form through a team's discussion); a
    kernel whose page was closed is shut down after 10 minutes idle, for a small Binder."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from traitlets.config import Config

    server = json.loads((ROOT / "jupyter-config/jupyter_server_config.d/sizeup.json").read_text())
    # every key is a real setting: traitlets ignores a misspelt one without a word
    assert set(server) == {"MappingKernelManager"}
    assert set(server["MappingKernelManager"]) <= set(
        MappingKernelManager.class_trait_names(config=True)
    )
    manager = MappingKernelManager(config=Config(server))
    assert manager.cull_connected is False  # an open page keeps its kernel
    assert manager.cull_busy is False  # a long computation is never cut
    assert 0 < manager.cull_idle_timeout <= 900  # a closed page frees its memory
    assert 0 < manager.cull_interval <= manager.cull_idle_timeout


def test_jupyterlab_speaks_french_by_default():
    """The French language pack is a dependency of every route and French is the default."""
    from jupyterlab.commands import get_app_dir
    from jupyterlab_server.translation_utils import get_language_packs

    overrides = json.loads((ROOT / "jupyter-config/lab-settings/overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"] == {"locale": "fr_FR"}
    assert "jupyterlab-language-pack-fr-fr" in _dependencies_pyproject()
    assert "jupyterlab-language-pack-fr-fr" in _dependencies_conda()  # conda-forge's name
    assert "fr_FR" in get_language_packs("fr_FR")[0], "language pack not installed"
    # every overridden setting exists in JupyterLab's schemas (a wrong name is ignored)
    schemas = Path(get_app_dir()) / "schemas"
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text("utf-8"))
        assert set(values) <= set(schema["properties"]), plugin


def test_readme_two_commands_and_ci_calls_the_test_command():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Démarrage rapide.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    ci_commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert ci_commands == ["make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo: .*\n\t\$\(BIN\)/sizeup demo", makefile, re.M)
    assert re.search(
        r"^test: .*\n(\t@sh tools/ensure-chromium.sh\n)?\t\$\(BIN\)/python -m pytest",
        makefile,
        re.M,
    )


def test_readme_quick_start_names_the_report_that_the_demo_writes():
    """The quick start's ``make demo`` runs ``sizeup demo`` on the default sample (checked
    above); the gate runs that very command and checks the report
    (``tests/test_notebooks.py``, ``assert_step12_deliverables``). Here: the README sends the
    reader to the file the demo writes."""
    from sizeup_helpers.curriculum import get_step
    from sizeup_helpers.workspace import DEFAULT_SAMPLE

    readme = " ".join((ROOT / "README.md").read_text().split())
    report = f"sorties/{DEFAULT_SAMPLE}/{get_step('12').output_folder}/rapport.html"
    assert f"`{report}`" in readme
    gate = (ROOT / "tests" / "test_notebooks.py").read_text()
    assert 'command = ["demo"] if slug == DEFAULT_SAMPLE' in gate
    assert "assert_step12_deliverables(ws)" in gate


def test_licences_and_citation():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text()
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] and citation["title"] and citation["license"] == "MIT"


def test_code_passes_ruff():
    """Package, tests, benchmarks, notebooks and solutions follow the lint rules (pyproject)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_code_is_formatted():
    """Python files follow `ruff format`; notebooks keep the cell budget's layout (pyproject)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_readme_says_who_programs_and_that_binder_is_temporary():
    readme = " ".join((ROOT / "README.md").read_text().replace("\u00a0", " ").split())
    assert "Les carnets ne demandent **aucune programmation**" in readme
    assert "une pratique **facultative** de Python" in readme
    assert "Une session Binder est **temporaire**" in readme and "« Télécharger »" in readme
    assert "jupyterlab-language-pack-fr-FR" in readme
    assert "reste dans le dossier de sorties" not in readme  # the key is not an output

"""Notebook 00 (prise en main): its skeleton, its parameters cell, and papermill runs.

The generic gate (every notebook on every sample) lives elsewhere; these tests are about
what notebook 00 promises: the deliverable, creating a workspace, remembering the choice,
and no personal data anywhere.
"""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from sizeup_helpers.curriculum import KEY_FILE, STEPS
from sizeup_helpers.runner import execute_notebook
from sizeup_helpers.workspace import (
    ACTIVE_FILE,
    CONFIG_NAME,
    DEFAULT_SAMPLE,
    open_workspace,
    project_root,
    samples_dir,
)

NOTEBOOKS = project_root() / "notebooks"
NOTEBOOK = NOTEBOOKS / "00_prise_en_main.ipynb"
STEP_FOLDER = "00-prise-en-main"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)(?:\+33[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")
NAME = "Les Pairs Solidaires"


def _run(tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    executed = tmp_path / "executed.ipynb"
    execute_notebook(NOTEBOOK, executed, parameters, cwd=NOTEBOOKS)
    return nbformat.read(executed, as_version=4)


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
            parts.append(str(out.get("evalue", "")))
    return "\n".join(parts)


def _assert_no_identifier(text: str, where: str) -> None:
    assert not EMAIL.search(text), f"{where}: e-mail address {EMAIL.search(text)[0]!r}"
    assert not PHONE.search(text), f"{where}: phone number {PHONE.search(text)[0]!r}"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("SIZEUP_HOME", str(folder))  # inherited by the kernel
    return folder


# --------------------------------------------------------------------------------------
# The committed file (no kernel needed)
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _flat(text: str) -> str:
    """Markdown as one line of plain spaces: no line breaks, quote marks or non-breaking
    spaces, so a test reads sentences whatever their wrapping."""
    text = re.sub(r"\n>? ?", " ", text.replace("\u00a0", " "))
    return re.sub(r" +", " ", text)


def test_committed_without_outputs_and_with_python3(notebook):
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_skeleton_headings_in_order(notebook):
    headings = [
        line
        for c in notebook.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("#")
    ]
    assert headings[0].startswith("# ") and sum(h.startswith("# ") for h in headings) == 1
    wanted = [
        "Ce que vous allez faire",
        "Durée",
        "Livrable",
        "Prérequis",
        "Imports",
        "Paramètres",
        "À retenir",
        "Étape suivante",
    ]
    positions = [next(i for i, h in enumerate(headings) if h == f"## {w}") for w in wanted]
    assert positions == sorted(positions)
    text = _markdown(notebook)
    assert "Parcours complet" in text and "Parcours court" in text


def test_one_parameters_cell_of_typed_literals_with_french_comments(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    tree = ast.parse(source)
    names = {}
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), ast.dump(node)  # nothing computed
        assert isinstance(node.value, ast.Constant)
        names[node.target.id] = (node.annotation.id, node.value.value)
    assert names == {
        "workspace_dir": ("str", ""),
        "output_dir": ("str", ""),
        "new_workspace_name": ("str", ""),
        "remember_choice": ("bool", True),
    }
    for line in source.splitlines():
        assert "  # " in line and line.count("=") == 1, line  # papermill reads one "="


def test_papermill_sees_the_parameters_with_their_types():
    import papermill as pm

    declared = pm.inspect_notebook(str(NOTEBOOK))
    assert {k: v["inferred_type_name"] for k, v in declared.items()} == {
        "workspace_dir": "str",
        "output_dir": "str",
        "new_workspace_name": "str",
        "remember_choice": "bool",
    }


def test_binder_warning_where_own_files_are_loaded(notebook):
    cells = notebook.cells
    chooser = next(
        i
        for i, c in enumerate(cells)
        if "workspace_chooser(" in c.source and c.cell_type == "code" and "import" not in c.source
    )
    warning = "Binder public : données d'exemple uniquement"
    assert warning in cells[chooser - 1].source.replace("\u00a0", " ")
    deposit = next(c for c in cells if "Déposer les fichiers de votre structure" in c.source)
    assert warning in deposit.source.replace("\u00a0", " ")


def test_privacy_rules_are_all_there(notebook):
    text = _flat(_markdown(notebook))
    for words in [
        "Données personnelles",
        "article 9",
        "L'article 10",
        "Pseudonymiser",
        "Anonymiser",
        "11",
        "Petites cases",
        "Binder public",
    ]:
        assert words in text, words
    # the threshold of 11 is the health-data convention, not « the » statistical secrecy
    assert "(SNDS)" in text and "pas « le » secret statistique" in text
    assert "pratique du secret statistique français" not in text


def test_what_the_rgpd_asks_before_evaluating(notebook):
    """Legal basis, information notice, retention, impact assessment, minors, recordings."""
    cell = next(c for c in notebook.cells if "Ce qui reste à votre charge" in c.source)
    text = _flat(cell.source)
    for words in [
        "registre des traitements** (article 30)",
        "**Une base légale (article 6).**",
        "**intérêt légitime**",
        "**mission d'intérêt public**",
        "**consentement** (article 6.1.a)",
        "(article 6.4)",
        "**Une information des personnes (articles 13 et 14).**",
        "**Une durée de conservation (article 5.1.e).**",
        "**Une analyse d'impact (AIPD, article 35)**",
        "**personnes vulnérables**",
        "**données sensibles**",
        "**Des mineurs**",
        "article 45 de la loi Informatique et Libertés",
        "**Le consentement à l'enregistrement des entretiens.**",
        "article 226-1 du Code pénal",
        "**Binder public : données d'exemple uniquement.**",
    ]:
        assert words in text, words
    # the key is on the sensitive side, never in the outputs
    rules = _flat(_markdown(notebook))
    assert "reste dans votre dossier de sorties" not in rules
    assert "**jamais** dans le dossier de sorties" in rules


def test_notebooks_need_no_programming_exercises_are_optional_python(notebook):
    title = _flat(notebook.cells[0].source)
    assert "ne demandent jamais de programmer" in title
    assert "une pratique **facultative** de Python" in title and "MOOC" in title
    prerequisites = next(c.source for c in notebook.cells if c.source.startswith("## Prérequis"))
    assert "seuls les exercices facultatifs" in prerequisites


def test_menus_are_named_in_french(notebook):
    """JupyterLab speaks French (jupyter-config/): the text names its French menus."""
    text = _markdown(notebook).replace("\u00a0", " ")
    assert "« Exécution › Exécuter toutes les cellules »" in _flat(text)
    assert "« Noyau › Redémarrer le noyau et exécuter toutes les cellules… »" in _flat(text)
    assert "« Fichier »" in text and "*Settings › Language*" in text
    for english in ("*Run › Run All Cells*", "*Kernel › Restart Kernel and Run All Cells*"):
        for line in text.splitlines():  # English only as a fallback, beside the French
            assert english not in line or "«" in line or "si votre JupyterLab" in line, line


def test_binder_is_temporary_and_outputs_are_archived(notebook):
    text = _flat(_markdown(notebook))
    assert text.count("une dizaine de minutes sans activité") >= 2  # in section 2 and in section 7
    assert "**tout ce qu'elle contient est perdu**" in text
    section = next(c for c in notebook.cells if c.source.startswith("## 7. Avant de partir"))
    words = _flat(section.source)
    assert "« Télécharger » ne s'applique qu'aux fichiers, pas aux dossiers" in words
    assert "**sans la clé de pseudonymisation ni aucun fichier de données brutes**" in words
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert "archive = archive_outputs(ws)" in code
    assert code.index("explain_archive(archive)") > code.index("archive = archive_outputs(ws)")


def test_steps_table_is_built_from_the_curriculum(notebook):
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "steps_table()" in code  # getting_started.steps_table reads STEPS
    for step in STEPS[2:]:
        assert step.title not in code  # never copied by hand, so it cannot drift


def test_results_are_read_by_package_helpers(notebook):
    """Readings and the deliverable are package calls (tested in test_getting_started.py)."""
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    for call in (
        "explain_programme()",
        "explain_workspace(ws)",
        "save_getting_started(ws)",
        "samples_table()",
        "archive_outputs(ws)",
        "explain_archive(archive)",
    ):
        assert any(call in source for source in code), call
    assert not any('f"' in source or "Markdown(" in source for source in code)
    imports = next(source for source in code if "import" in source)
    assert "sizeup_helpers.widgets" not in imports  # top-level names: their home may move
    assert "pandas" not in imports


def test_display_cells_are_folded(notebook):
    for source in (
        "steps_table()",
        "samples_table()",
        "ws.files_table()",
        "explain_programme()",
        "explain_workspace(ws)",
        "explain_archive(archive)",
    ):
        cell = next(c for c in notebook.cells if c.source == source)
        assert "hide-input" in cell.metadata.tags, source
        assert cell.metadata.jupyter.source_hidden is True, source


# --------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_runs_on_default_sample(tmp_path, home):
    sample = samples_dir() / DEFAULT_SAMPLE
    before = _snapshot(sample)
    out = tmp_path / "sorties"
    nb = _run(tmp_path, output_dir=str(out))

    step_dir = out / STEP_FOLDER
    record = json.loads((step_dir / "espace-de-travail.json").read_text("utf-8"))
    assert record == open_workspace(sample, out).to_dict()
    assert record["donnees_fictives"] is True and len(record["fichiers"]) >= 1
    readme = (step_dir / "LISEZMOI.md").read_text("utf-8")
    assert readme.startswith("# Étape 00 — Prise en main")
    assert record["structure"] in readme and "(données fictives)" in readme
    assert f"Fichiers de données déclarés : {len(record['fichiers'])}." in readme
    assert STEPS[1].title in readme
    for name in ("espace-de-travail.json", "LISEZMOI.md"):
        _assert_no_identifier((step_dir / name).read_text("utf-8"), name)
    outputs = _outputs_text(nb)
    _assert_no_identifier(outputs, "executed notebook")
    for step in STEPS:
        assert step.title in outputs  # the steps table shows every step
    assert "Problème : L'espace de travail « un-dossier-qui-n-existe-pas » n'existe pas." in outputs
    # the archive to download: the deliverable, without key nor raw data
    with zipfile.ZipFile(tmp_path / "sorties.zip") as archive:
        assert sorted(archive.namelist()) == [
            f"sorties/{STEP_FOLDER}/LISEZMOI.md",
            f"sorties/{STEP_FOLDER}/espace-de-travail.json",
        ]
    assert "Archive enregistrée : `sorties.zip` (**2 fichiers**" in outputs
    assert "clic droit sur `sorties.zip`, puis « Télécharger »" in outputs
    assert _snapshot(sample) == before  # the shipped sample never changes
    assert not (home / ACTIVE_FILE).exists()  # an empty workspace_dir chooses nothing new


@pytest.mark.notebooks
def test_creates_a_new_workspace_and_remembers_it(tmp_path, home):
    folder = tmp_path / "mon-espace"
    nb = _run(tmp_path, workspace_dir=str(folder), new_workspace_name=NAME)

    config = yaml.safe_load((folder / CONFIG_NAME).read_text("utf-8"))
    assert config["structure"]["nom"] == NAME
    assert config["structure"]["donnees_fictives"] is False
    assert (folder / "donnees-brutes").is_dir()
    step_dir = folder / "sorties" / STEP_FOLDER
    record = json.loads((step_dir / "espace-de-travail.json").read_text("utf-8"))
    assert record["structure"] == NAME and record["fichiers"] == []
    readme = (step_dir / "LISEZMOI.md").read_text("utf-8")
    assert "Fichiers de données déclarés : 0." in readme and "données fictives" not in readme
    remembered = yaml.safe_load((home / ACTIVE_FILE).read_text("utf-8"))
    assert remembered == {
        "workspace_dir": str(folder.resolve()),
        "output_dir": str((folder / "sorties").resolve()),
    }
    assert "Espace de travail créé" in _outputs_text(nb)
    with zipfile.ZipFile(folder / "sorties.zip") as archive:  # beside the outputs
        names = archive.namelist()
    assert f"sorties/{STEP_FOLDER}/LISEZMOI.md" in names
    assert not any(KEY_FILE in n or "donnees-brutes" in n for n in names)

    # running the notebook again reopens the workspace, overwriting nothing
    (folder / CONFIG_NAME).write_text(
        (folder / CONFIG_NAME).read_text("utf-8") + "# note du participant\n", "utf-8"
    )
    again = _run(tmp_path, workspace_dir=str(folder), new_workspace_name=NAME)
    assert "existe déjà" in _outputs_text(again)
    assert (folder / CONFIG_NAME).read_text("utf-8").endswith("# note du participant\n")


@pytest.mark.notebooks
def test_name_without_folder_stops_with_a_french_message(tmp_path, home):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as failure:
        _run(tmp_path, new_workspace_name=NAME, output_dir=str(tmp_path / "sorties"))
    assert failure.value.ename == "WorkspaceError"
    assert "indiquez aussi son dossier" in failure.value.evalue
    assert not (tmp_path / "sorties" / STEP_FOLDER).exists()
    assert not (home / ACTIVE_FILE).exists()

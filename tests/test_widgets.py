"""Tests for sizeup_helpers.widgets: the workspace form saves what the parameters path saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.notebook import open_chosen_workspace
from sizeup_helpers.widgets import workspace_chooser
from sizeup_helpers.workspace import (
    ACTIVE_FILE,
    CONFIG_NAME,
    DEFAULT_SAMPLE,
    RAW_FOLDER,
    create_workspace,
    remember_workspace,
    resolve_workspace,
    samples_dir,
    save_workspace_choice,
)

NAME = "Les Pairs Solidaires"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An isolated SIZEUP_HOME, so nothing is remembered in the real home folder."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SIZEUP_HOME", str(folder))
    return folder


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "sorties"


def _remembered(home: Path) -> str:
    return (home / ACTIVE_FILE).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------
def test_form_has_french_labels(home):
    chooser = workspace_chooser()
    assert chooser.sample.description == "Structure d'exemple"
    assert chooser.name.description == "Nom de la structure"
    assert chooser.folder.description == "Dossier"
    assert chooser.use_button.description == "Utiliser cet espace"
    assert chooser.create_button.description == "Créer l'espace"
    headers = " ".join(getattr(child, "value", "") for child in chooser.box.children)
    assert "Ou créer mon espace" in headers
    assert "Binder public" in headers
    assert chooser.sample.value == DEFAULT_SAMPLE
    assert DEFAULT_SAMPLE in [value for _label, value in chooser.sample.options]
    assert "application/vnd.jupyter.widget-view+json" in chooser._repr_mimebundle_()


def test_use_saves_what_the_parameters_path_saves(home, out):
    chooser = workspace_chooser(output_dir=str(out))
    chooser.sample.value = DEFAULT_SAMPLE
    choice = chooser.use()
    assert choice is not None and not choice.created
    by_widget = _remembered(home)
    (home / ACTIVE_FILE).unlink()

    sample = samples_dir() / DEFAULT_SAMPLE
    save_workspace_choice(str(sample), str(out))
    by_parameters = _remembered(home)
    (home / ACTIVE_FILE).unlink()

    remember_workspace(sample, out)  # the workspace module's own function
    assert by_widget == by_parameters == _remembered(home)
    saved = yaml.safe_load(by_widget)
    assert saved == {"workspace_dir": str(sample.resolve()), "output_dir": str(out.resolve())}


def test_use_button_click_remembers_and_confirms(home, out):
    chooser = workspace_chooser(output_dir=str(out))
    chooser.use_button.click()
    assert (home / ACTIVE_FILE).is_file()
    assert chooser.choice is not None
    assert chooser.message.startswith("Espace de travail choisi : « Boussole Emploi")
    assert "✅" in chooser.output.value
    assert "Exécutez maintenant la cellule suivante" in chooser.output.value
    # the next notebooks, with an empty workspace_dir, open the chosen workspace
    ws = resolve_workspace("", "")
    assert ws.root == (samples_dir() / DEFAULT_SAMPLE).resolve()
    assert ws.output_dir == out.resolve()


def test_create_saves_what_the_parameters_path_saves(home, tmp_path):
    chooser = workspace_chooser()
    chooser.name.value = NAME
    chooser.folder.value = str(tmp_path / "par-le-formulaire")
    choice = chooser.create()
    assert choice is not None and choice.created
    by_widget_config = (tmp_path / "par-le-formulaire" / CONFIG_NAME).read_text("utf-8")
    by_widget_active = yaml.safe_load(_remembered(home))

    param_choice = save_workspace_choice(
        str(tmp_path / "par-les-parametres"), new_workspace_name=NAME
    )
    assert param_choice.created
    by_parameters_config = (tmp_path / "par-les-parametres" / CONFIG_NAME).read_text("utf-8")
    by_parameters_active = yaml.safe_load(_remembered(home))

    create_workspace(tmp_path / "directement", NAME)
    assert (
        by_widget_config
        == by_parameters_config
        == (tmp_path / "directement" / CONFIG_NAME).read_text("utf-8")
    )
    assert f'nom: "{NAME}"' in by_widget_config
    assert (tmp_path / "par-le-formulaire" / RAW_FOLDER).is_dir()
    for active, folder in [
        (by_widget_active, "par-le-formulaire"),
        (by_parameters_active, "par-les-parametres"),
    ]:
        root = (tmp_path / folder).resolve()
        assert active == {"workspace_dir": str(root), "output_dir": str(root / "sorties")}


def test_create_button_click_creates_and_remembers(home, tmp_path):
    chooser = workspace_chooser()
    chooser.name.value = NAME
    chooser.folder.value = str(tmp_path / "mon-espace")
    chooser.create_button.click()
    assert (tmp_path / "mon-espace" / CONFIG_NAME).is_file()
    assert chooser.message.startswith(f"Espace de travail créé pour « {NAME} »")
    assert "Binder public" in chooser.output.value
    assert resolve_workspace("", "").root == (tmp_path / "mon-espace").resolve()


def test_create_twice_reopens_without_overwriting(home, tmp_path):
    chooser = workspace_chooser()
    chooser.name.value = NAME
    chooser.folder.value = str(tmp_path / "mon-espace")
    chooser.create()
    config = tmp_path / "mon-espace" / CONFIG_NAME
    config.write_text(config.read_text("utf-8") + "# ajout du participant\n", "utf-8")
    choice = chooser.create()
    assert choice is not None and choice.existing and not choice.created
    assert "existe déjà" in chooser.message
    assert config.read_text("utf-8").endswith("# ajout du participant\n")


def test_create_without_name_shows_french_problem(home, tmp_path):
    chooser = workspace_chooser()
    chooser.folder.value = str(tmp_path / "mon-espace")
    assert chooser.create() is None
    assert chooser.choice is None
    assert chooser.message == (
        "Problème : Donnez le nom de votre structure (« Nom de la "
        "structure ») pour créer son espace de travail."
    )
    assert "Problème" in chooser.output.value and "Traceback" not in chooser.output.value
    assert not (tmp_path / "mon-espace").exists()
    assert not (home / ACTIVE_FILE).exists()


def test_create_without_folder_shows_french_problem(home):
    chooser = workspace_chooser()
    chooser.name.value = NAME
    chooser.folder.value = ""
    assert chooser.create() is None
    assert "Indiquez le dossier où créer l'espace de travail" in chooser.message


def test_create_in_non_empty_folder_shows_french_problem(home, tmp_path):
    folder = tmp_path / "occupe"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", "utf-8")
    chooser = workspace_chooser()
    chooser.name.value = NAME
    chooser.folder.value = str(folder)
    chooser.create_button.click()
    assert chooser.choice is None
    assert "existe déjà et n'est pas vide" in chooser.message
    assert "&lt;" not in chooser.message  # plain text, not HTML
    assert not (home / ACTIVE_FILE).exists()


def test_folder_is_suggested_from_the_name_until_typed(home):
    chooser = workspace_chooser()
    chooser.name.value = "Épicerie du Val"
    assert chooser.folder.value == "~/size-up/epicerie-du-val"
    chooser.name.value = "Épicerie du Val d'Or"
    assert chooser.folder.value == "~/size-up/epicerie-du-val-d-or"
    chooser.folder.value = "/ailleurs/mon-dossier"
    chooser.name.value = "Autre nom"
    assert chooser.folder.value == "/ailleurs/mon-dossier"


def test_unknown_default_sample_is_a_french_error(home):
    with pytest.raises(WorkspaceError, match="Structure d'exemple inconnue : « inconnue »"):
        workspace_chooser(default_sample="inconnue")


# --------------------------------------------------------------------------------------
# The plain function
# --------------------------------------------------------------------------------------
def test_name_without_folder_is_a_french_error(home):
    with pytest.raises(WorkspaceError, match="indiquez aussi son dossier"):
        save_workspace_choice("", new_workspace_name=NAME)


def test_name_must_be_text(home, tmp_path):
    with pytest.raises(TypeError, match="`new_workspace_name` doit être un texte"):
        save_workspace_choice(str(tmp_path / "x"), new_workspace_name=3)


def test_missing_workspace_is_a_french_error(home, tmp_path):
    with pytest.raises(WorkspaceError, match="n'existe pas"):
        save_workspace_choice(str(tmp_path / "absent"))
    assert not (home / ACTIVE_FILE).exists()


def test_empty_workspace_dir_opens_default_and_remembers_nothing(home):
    choice = save_workspace_choice("", "")
    assert choice.workspace.root == (samples_dir() / DEFAULT_SAMPLE).resolve()
    assert choice.remembered is None
    assert not (home / ACTIVE_FILE).exists()


def test_remember_false_saves_nothing(home, tmp_path):
    choice = save_workspace_choice(str(tmp_path / "w"), new_workspace_name=NAME, remember=False)
    assert choice.created and choice.remembered is None
    assert not (home / ACTIVE_FILE).exists()


def test_open_chosen_workspace_prints_french_summary(home, tmp_path, capsys):
    ws = open_chosen_workspace(str(tmp_path / "w"), "", new_workspace_name=NAME)
    printed = capsys.readouterr().out
    assert ws.name == NAME
    assert f"Espace de travail : {NAME}" in printed
    assert "Espace de travail créé" in printed


def test_importing_the_module_does_not_import_ipywidgets():
    code = (
        "import sys, sizeup_helpers.widgets; "
        "assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'; "
        "assert 'pandas' not in sys.modules, 'pandas imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

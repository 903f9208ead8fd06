"""Step 00's readings and deliverable (sizeup_helpers.getting_started), on every sample.

The wording notebook 00 shows is checked on the seven samples, on an empty workspace and on
small workspaces made to hit the singular and the plural.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from sizeup_helpers.curriculum import KEY_FILE, STEPS, Step
from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.french import integer
from sizeup_helpers.getting_started import (
    archive_outputs,
    archive_path,
    explain_archive,
    explain_programme,
    explain_saved,
    explain_workspace,
    save_getting_started,
    step_readme,
    steps_table,
)
from sizeup_helpers.privacy import load_or_create_key
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _workspace(tmp_path: Path, files: list[tuple[str, bool, bool]]):
    """A structure's own workspace declaring ``files`` as (role, personal, sensitive)."""
    ws = create_workspace(tmp_path / "espace", "Les Pairs Solidaires")
    config_path = ws.root / "structure.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for role, personal, sensitive in files:
        (ws.root / "donnees-brutes" / f"{role}.csv").write_text("a;b\n1;2\n", encoding="utf-8")
        config["fichiers"].append(
            {
                "chemin": f"donnees-brutes/{role}.csv",
                "role": role,
                "donnees_personnelles": personal,
                "donnees_sensibles": sensitive,
            }
        )
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return open_workspace(ws.root, tmp_path / "sorties")


# ---- the programme ----------------------------------------------------------------------
def test_steps_table_is_the_curriculum():
    table = steps_table()
    assert list(table.index) == [s.number for s in STEPS]
    assert list(table["Carnet"]) == [s.title for s in STEPS]
    assert list(table["Livrable"]) == [s.deliverable for s in STEPS]


def test_programme_reading_follows_the_steps():
    reading = explain_programme()
    text = reading.to_text()
    assert text.startswith("Le parcours compte 13 étapes : la prise en main (celle-ci), puis")
    assert "- séminaire 1 « Comprendre » : étapes 01 à 03, de M1 à M3 ;" in reading.lines
    assert reading.lines[3].endswith("de M9 à M12 (Demo Day).")
    assert reading.to_frame().equals(steps_table())
    assert "**13 étapes**" in reading._repr_markdown_()


def test_programme_reading_singular_seminar_of_one_step():
    steps = [STEPS[0], Step("01", "01_x.ipynb", "Seul", "M4", "1 Unique", "01-x", "un livrable")]
    reading = explain_programme(steps)
    assert reading.lines[0].startswith("Le parcours compte **2 étapes**")
    assert reading.lines[1] == "- séminaire 1 « Unique » : étape 01, au mois M4."
    assert explain_programme(steps[:1]).lines[0].startswith("Le parcours compte **1 étape**")


# ---- the workspace ----------------------------------------------------------------------
@pytest.mark.parametrize("slug", sample_slugs())
def test_workspace_reading_on_every_sample(slug, tmp_path):
    ws = open_workspace(SAMPLES_DIR / slug, tmp_path / "sorties")
    reading = explain_workspace(ws)
    n = len(ws.files)
    personal = [f.role for f in ws.files if f.personal_data]
    sensitive = [f.role for f in ws.files if f.sensitive_data]
    assert reading.lines[0] == f"« {ws.name} » déclare **{integer(n)} fichiers de données**."
    assert reading.lines[1].startswith(
        f"**{integer(len(personal))}** contiennent des données personnelles (rôles : "
    )
    assert " et ".join([", ".join(personal[:-1]), personal[-1]]) in reading.lines[1]
    assert "ils seront pseudonymisés à l'étape 05" in reading.lines[1]
    has_sensitive = any("données sensibles" in line for line in reading.lines)
    assert has_sensitive == bool(sensitive)
    assert reading.lines[-1] == "*Structure d'exemple : toutes ses données sont fictives.*"
    assert not EMAIL.search(reading.to_text())


def test_workspace_reading_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    reading = explain_workspace(ws)
    assert len(reading.lines) == 1
    assert reading.lines[0].startswith(
        "Votre espace ne déclare encore **aucun fichier de données**."
    )
    assert "fictives" not in reading.to_text()


def test_workspace_reading_singular(tmp_path):
    ws = _workspace(tmp_path, [("inscriptions", True, True)])
    lines = explain_workspace(ws).lines
    assert lines[0] == "« Les Pairs Solidaires » déclare **1 fichier de données**."
    assert lines[1] == (
        "Il contient des données personnelles (rôle : inscriptions) : il sera "
        "pseudonymisé à l'étape 05, et d'ici là rien de son contenu ne doit "
        "quitter votre ordinateur."
    )
    assert lines[2] == (
        "Il contient des données sensibles (rôle : inscriptions) : voir la section 5."
    )


def test_workspace_reading_one_of_several_and_nothing_personal(tmp_path):
    ws = _workspace(
        tmp_path, [("inscriptions", True, False), ("budget", False, False), ("sante", True, True)]
    )
    lines = explain_workspace(ws).lines
    assert lines[0].endswith("déclare **3 fichiers de données**.")
    assert lines[1].startswith(
        "**2** contiennent des données personnelles (rôles : "
        "inscriptions et sante) : ils seront pseudonymisés"
    )
    assert lines[2] == "**1** contient des données sensibles (rôle : sante) : voir la section 5."

    alone = _workspace(tmp_path / "seul", [("budget", False, False)])
    assert explain_workspace(alone).lines[1] == (
        "Il n'est pas déclaré comme contenant des données personnelles : vérifiez-le quand même."
    )
    two = _workspace(tmp_path / "deux", [("budget", False, False), ("stock", False, False)])
    assert explain_workspace(two).lines[1].startswith("Aucun n'est déclaré comme contenant")


# ---- the deliverable --------------------------------------------------------------------
@pytest.mark.parametrize("slug", sample_slugs())
def test_deliverable_on_every_sample(slug, tmp_path):
    ws = open_workspace(SAMPLES_DIR / slug, tmp_path / "sorties")
    written = save_getting_started(ws)
    assert [p.name for p in written] == ["espace-de-travail.json", "LISEZMOI.md"]
    assert all(p.parent == ws.step_dir("00") for p in written)
    assert json.loads(written[0].read_text(encoding="utf-8")) == ws.to_dict()
    readme = written[1].read_text(encoding="utf-8")
    assert readme == step_readme(ws)
    assert readme.startswith("# Étape 00 — Prise en main\n\nStructure : ")
    assert f"{ws.name} (données fictives)" in readme
    assert f"Fichiers de données déclarés : {integer(len(ws.files))}." in readme
    n_personal = sum(f.personal_data for f in ws.files)
    assert f"Contenant des données personnelles : {integer(n_personal)} (" in readme
    assert f"Carnet 01 « {STEPS[1].title} » (`{STEPS[1].notebook}`)" in readme
    for path in written:
        assert not EMAIL.search(path.read_text(encoding="utf-8")), path.name
    saved = explain_saved(written).lines
    assert saved[0] == f"Livrable enregistré dans `{ws.step_dir('00')}` :"
    assert re.fullmatch(r"- `espace-de-travail\.json` \(\d+(,\d)? (octets|Ko)\)", saved[1])


def test_deliverable_of_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    readme = step_readme(ws)
    assert "Structure : Essai\n" in readme and "données fictives" not in readme
    assert "- Fichiers de données déclarés : 0." in readme
    assert "- Contenant des données personnelles : 0 (aucun)." in readme
    assert "- Contenant des données sensibles : 0 (aucun)." in readme
    assert explain_saved([]).to_text() == "Aucun fichier enregistré."


# ---- the archive to download before leaving Binder ---------------------------------------
def _zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return sorted(archive.namelist())


def _zip_bytes(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name) for name in archive.namelist()]


@pytest.mark.parametrize("slug", sample_slugs())
def test_archive_of_every_sample_leaves_out_the_key_and_raw_data(slug, tmp_path):
    out = tmp_path / "sorties" / slug
    ws = open_workspace(SAMPLES_DIR / slug, out)
    save_getting_started(ws)
    key = load_or_create_key(ws)  # wherever the workspace keeps its key
    assert key is not None
    # what a participant may have left in the outputs: a key at its former place, a copy
    # of a raw file, JupyterLab's checkpoints, and step 05's pseudonymised tables
    (out / KEY_FILE).write_text("0" * 64 + "\n", encoding="ascii")
    raw = ws.files[0].path
    (out / "copie").mkdir()
    shutil.copy(raw, out / "copie" / f"export{raw.suffix}")
    (out / ".ipynb_checkpoints").mkdir()
    (out / ".ipynb_checkpoints" / "LISEZMOI-checkpoint.md").write_text("brouillon")
    (out / "donnees-propres").mkdir()
    (out / "donnees-propres" / "inscriptions.csv").write_text("personne_id\nP-1\n")

    archive = archive_outputs(ws)

    assert archive.path == archive_path(ws) == tmp_path / "sorties" / f"{slug}.zip"
    assert _zip_names(archive.path) == [
        f"{slug}/00-prise-en-main/LISEZMOI.md",
        f"{slug}/00-prise-en-main/espace-de-travail.json",
        f"{slug}/donnees-propres/inscriptions.csv",
    ]
    contents = _zip_bytes(archive.path)
    key_files = [p for p in (Path(ws.key_path), out / KEY_FILE) if p.exists()]
    for secret in key_files:
        assert secret.read_bytes().strip() not in b"".join(contents), secret
    raw_bytes = {f.path.read_bytes() for f in ws.files}
    assert not raw_bytes & set(contents), "a raw file went into the zip"
    assert archive.key_left_out == len({p.resolve() for p in key_files if p.is_relative_to(out)})
    assert (archive.raw_left_out, archive.hidden_left_out) == (1, 1)
    assert archive.clean_data

    reading = explain_archive(archive)
    size = r"\d+(,\d)? (octets|Ko)"
    assert re.fullmatch(
        rf"Archive enregistrée : `{slug}\.zip` \(\*\*3 fichiers\*\*, {size}\), dans le "
        rf"dossier `{re.escape(str(tmp_path / 'sorties'))}`\.",
        reading.lines[0],
    )
    left = "la clé de pseudonymisation et 1 fichier de données brutes"
    assert reading.lines[1] == (
        "Elle ne contient ni la clé de pseudonymisation ni aucun fichier de données brutes "
        f"(laissés de côté : {left})."
    )
    assert "encore des données personnelles" in reading.lines[2]
    assert "clic droit sur `" + f"{slug}.zip`, puis « Télécharger »" in reading.lines[3]
    assert "ouvrez le dossier `sorties`" in reading.lines[3]
    assert "une dizaine de minutes sans activité" in reading.lines[3]
    assert reading.to_frame().index.tolist() == [
        "00-prise-en-main/LISEZMOI.md",
        "00-prise-en-main/espace-de-travail.json",
        "donnees-propres/inscriptions.csv",
    ]
    assert not EMAIL.search(reading.to_text())
    # made again at the end of a session: replaced, with what the folder holds then
    (out / "donnees-propres" / "inscriptions.csv").unlink()
    again = archive_outputs(ws)
    assert len(_zip_names(again.path)) == 2 and not again.clean_data
    assert "tables pseudonymisées" not in explain_archive(again).to_text()


def test_archive_of_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    archive = archive_outputs(ws)
    assert archive.path == tmp_path / "x" / "sorties.zip"
    assert _zip_names(archive.path) == [] and archive.files == ()
    assert explain_archive(archive).to_text() == (
        "Votre dossier de sorties ne contient encore aucun fichier : l'archive sorties.zip "
        "est vide. Exécutez d'abord les carnets, puis refaites-la."
    )
    assert explain_archive(archive).to_frame().empty


def test_archive_of_one_file_and_outputs_holding_the_raw_folder(tmp_path):
    """Singular wording; an output folder that holds the whole workspace (raw folder
    included) still gives a zip without any raw file nor key."""
    ws = _workspace(tmp_path, [("inscriptions", True, False)])
    whole = open_workspace(ws.root, ws.root)  # outputs written into the workspace itself
    save_getting_started(whole)
    load_or_create_key(whole)
    archive = archive_outputs(whole, tmp_path / "tout.zip")
    names = _zip_names(archive.path)
    assert not any("donnees-brutes" in n or n.endswith(KEY_FILE) for n in names), names
    assert "espace/structure.yml" in names
    assert archive.raw_left_out == sum(p.is_file() for p in ws.raw_dir.rglob("*")) == 2

    alone = open_workspace(ws.root, tmp_path / "seul")
    alone.write_text("LISEZMOI.md", "un fichier")
    reading = explain_archive(archive_outputs(alone))
    assert "(**1 fichier**, " in reading.lines[0]
    assert reading.lines[1] == (
        "Elle ne contient ni la clé de pseudonymisation ni aucun fichier de données brutes."
    )
    assert "tables pseudonymisées" not in reading.to_text()


def test_archive_refuses_a_bad_target(tmp_path):
    ws = _workspace(tmp_path, [("inscriptions", True, False)])
    with pytest.raises(ValueError, match="ne peut pas être dans le dossier de sorties"):
        archive_outputs(ws, ws.output_dir / "sorties.zip")
    with pytest.raises(ValueError, match="doit être un fichier .zip"):
        archive_outputs(ws, tmp_path / "sorties.tar")
    with pytest.raises(WorkspaceError, match="dossier des données brutes"):
        archive_outputs(ws, ws.raw_dir / "sorties.zip")
    assert not (ws.raw_dir / "sorties.zip").exists()

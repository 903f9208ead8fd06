"""The workspace: configuration validation, raw files protected, atomic outputs."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import pytest
import yaml

from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.workspace import (
    atomic_path,
    create_workspace,
    key_path_for,
    open_workspace,
    remember_workspace,
    resolve_workspace,
    user_config_dir,
)

from .conftest import SAMPLES_DIR, sample_slugs


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("slug", sample_slugs())
def test_every_sample_is_a_valid_workspace(slug):
    ws = open_workspace(SAMPLES_DIR / slug)
    assert ws.slug == slug and ws.fictional and ws.is_sample
    assert ws.files, "a sample declares its raw files"
    assert all(f.path.is_file() for f in ws.files)
    # outputs of a sample go outside data/samples
    assert SAMPLES_DIR.resolve() not in ws.output_dir.parents


def test_sample_output_default_and_custom(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi")
    assert ws.output_dir.parts[-2:] == ("sorties", "ateliers-emploi")
    assert open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path).output_dir == tmp_path


def test_file_by_role(sample_copy):
    ws = open_workspace(sample_copy)
    assert ws.file("inscriptions").path.name == "inscriptions_export.csv"
    with pytest.raises(WorkspaceError, match="aucun fichier n'a le rôle « paie »"):
        ws.file("paie")


def _rewrite(ws_dir: Path, edit) -> Path:
    config = ws_dir / "structure.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace("fichiers:", "fichers:"),
            r"ligne \d+ : clé inconnue « fichers » ; vouliez-vous dire « fichiers » \?",
        ),
        (
            lambda t: t.replace("  nom:", "  nam:"),
            r"clé inconnue « structure.nam » ; vouliez-vous dire « nom » \?",
        ),
        (
            lambda t: t.replace("annee: 2025", "annee: deux mille"),
            r"ligne \d+ : « structure.annee » doit être un nombre entier, pas 'deux mille'",
        ),
        (
            lambda t: t.replace("donnees_fictives: true", "donnees_fictives: 3"),
            r"« structure.donnees_fictives » doit être oui/non",
        ),
        (lambda t: t.replace("version: 1", "version: 7"), r"version 7 inconnue"),
        (
            lambda t: t.replace("  role: presences\n", ""),
            r"la clé obligatoire « fichiers\[3\].role » manque",
        ),
        (
            lambda t: t.replace("version: 1", "version: 1\n\tnom: x"),
            r"ligne 4 : le fichier n'est pas du YAML valide .*tabulations",
        ),
        (lambda t: "- une liste\n- pas des clés\n", r"doit contenir des clés"),
        (
            lambda t: t.replace("slug: ateliers-emploi", "slug: Ateliers Emploi"),
            r"l'identifiant « Ateliers Emploi » ne doit contenir que des minuscules",
        ),
    ],
)
def test_bad_config_names_file_line_and_key(sample_copy, edit, expected):
    config = _rewrite(sample_copy, edit)
    with pytest.raises(WorkspaceError, match=expected) as info:
        open_workspace(sample_copy)
    assert str(config) in str(info.value)


def test_config_line_number_is_right(sample_copy):
    config = _rewrite(sample_copy, lambda t: t.replace("fichiers:", "fichers:"))
    line = next(
        i
        for i, text in enumerate(config.read_text().splitlines(), 1)
        if text.startswith("fichers:")
    )
    with pytest.raises(WorkspaceError, match=f"ligne {line} : clé inconnue"):
        open_workspace(sample_copy)


def test_missing_workspace_and_missing_config(tmp_path):
    with pytest.raises(WorkspaceError, match="n'existe pas"):
        open_workspace(tmp_path / "absent")
    with pytest.raises(WorkspaceError, match="pas de fichier structure.yml"):
        open_workspace(tmp_path)
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    with pytest.raises(WorkspaceError, match="n'est pas un dossier"):
        open_workspace(a_file)


def test_config_not_utf8(sample_copy):
    (sample_copy / "structure.yml").write_bytes("nom: Compétences\n".encode("cp1252"))
    with pytest.raises(WorkspaceError, match="n'est pas en UTF-8"):
        open_workspace(sample_copy)


def test_declared_raw_file_absent(sample_copy):
    (sample_copy / "donnees-brutes" / "presences.csv").unlink()
    with pytest.raises(
        WorkspaceError,
        match="le fichier « donnees-brutes/presences.csv » est déclaré .* introuvable",
    ):
        open_workspace(sample_copy)


def test_declared_file_outside_workspace(sample_copy):
    _rewrite(
        sample_copy,
        lambda t: t.replace("chemin: donnees-brutes/ateliers.csv", "chemin: ../../etc/passwd"),
    )
    with pytest.raises(WorkspaceError, match="hors de l'espace de travail"):
        open_workspace(sample_copy)


def test_duplicate_role(sample_copy):
    _rewrite(sample_copy, lambda t: t.replace("role: ateliers", "role: inscriptions"))
    with pytest.raises(WorkspaceError, match="le rôle « inscriptions » est donné à deux"):
        open_workspace(sample_copy)


def test_writes_are_atomic_and_never_touch_raw_files(sample_copy, tmp_path):
    before = _digest(sample_copy / "donnees-brutes")
    ws = open_workspace(sample_copy, tmp_path / "sorties")
    target = ws.write_json(ws.step_dir("00") / "x.json", {"a": "é"})
    assert target.read_text(encoding="utf-8").startswith("{")
    assert not list(target.parent.glob(".*.tmp*"))
    with pytest.raises(WorkspaceError, match="données brutes"):
        ws.write_text(sample_copy / "donnees-brutes" / "inscriptions_export.csv", "écrasé")
    with pytest.raises(WorkspaceError, match="data/samples"):
        ws.write_text(SAMPLES_DIR / "ateliers-emploi" / "x.txt", "non")
    assert _digest(sample_copy / "donnees-brutes") == before


def test_atomic_path_keeps_previous_version_on_failure(tmp_path):
    target = tmp_path / "livrable.txt"
    target.write_text("ancienne version")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("à moitié écrit")
        raise RuntimeError("coupure")
    assert target.read_text() == "ancienne version"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.name != "posix", reason="permissions POSIX")
def test_atomic_writes_get_a_plain_files_permissions_not_owner_only(tmp_path):
    """A deliverable in a team's shared folder stays readable as a plain ``open()`` leaves
    it (umask), and a rewritten file keeps its mode; the temporary file's 0600 is not kept."""
    plain = tmp_path / "ordinaire.txt"
    plain.write_text("x")
    new = tmp_path / "livrable.csv"
    with atomic_path(new) as tmp:
        tmp.write_text("a,b")
    assert stat.S_IMODE(new.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    new.chmod(0o640)
    with atomic_path(new) as tmp:
        tmp.write_text("a,b,c")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640


def test_output_dir_inside_raw_folder_refused(sample_copy):
    with pytest.raises(WorkspaceError, match="dans le dossier des données brutes"):
        open_workspace(sample_copy, sample_copy / "donnees-brutes" / "sorties")


def test_create_workspace_then_open(tmp_path):
    ws = create_workspace(tmp_path / "recyclerie", "La Recyclerie du Val", territory="Val")
    assert ws.name == "La Recyclerie du Val"
    assert ws.slug == "la-recyclerie-du-val"
    assert ws.files == []
    assert ws.output_dir == (tmp_path / "recyclerie" / "sorties").resolve()
    config = yaml.safe_load((tmp_path / "recyclerie" / "structure.yml").read_text())
    assert config["structure"]["donnees_fictives"] is False
    with pytest.raises(WorkspaceError, match="existe déjà"):
        create_workspace(tmp_path / "recyclerie", "Autre")
    with pytest.raises(WorkspaceError, match="Donnez un nom"):
        create_workspace(tmp_path / "vide", "  ")
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "a.txt").write_text("x")
    with pytest.raises(WorkspaceError, match="n'est pas vide"):
        create_workspace(tmp_path / "plein", "X")
    with pytest.raises(WorkspaceError, match="structures d'exemple"):
        create_workspace(SAMPLES_DIR / "nouvelle", "X")


def test_remember_and_resolve(tmp_path):
    default = resolve_workspace("", "")
    assert default.slug == "ateliers-emploi"
    ws = create_workspace(tmp_path / "a", "Asso A")
    remember_workspace(ws.root)
    assert resolve_workspace().root == ws.root
    # an explicit parameter always wins over the remembered choice
    assert resolve_workspace(str(SAMPLES_DIR / "ateliers-emploi")).slug == "ateliers-emploi"


# ---- step 05 keys of a file entry: personnes, presences_en_colonnes, correspondances ---
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace("    nom: nom\n", "    nmo: nom\n", 1),
            r"ligne (\d+) : clé inconnue « fichiers\[1\].personnes.nmo » ; vouliez-vous dire "
            r"« nom » \?",
        ),
        (
            lambda t: t.replace(
                "    telephone: telephone\n",
                "    telephone: telephone\n    une_ligne_par_personne: 2\n",
                1,
            ),
            r"ligne (\d+) : « fichiers\[1\].personnes.une_ligne_par_personne » doit être oui/non",
        ),
        (
            lambda t: t.replace("    email: email\n", "    email: [email, courriel]\n", 1),
            r"ligne (\d+) : « fichiers\[1\].personnes.email » doit être un texte",
        ),
        (
            lambda t: t.replace("    ville:\n", "    ville: Strasbourg\n    autre:\n", 1),
            r"ligne (\d+) : « fichiers\[1\].correspondances.ville » doit être un ensemble "
            r"« variante: valeur retenue »",
        ),
        (
            lambda t: t.replace("      Lingo: Lingolsheim\n", "      Lingo: [Lingolsheim]\n", 1),
            r"ligne (\d+) : « fichiers\[1\].correspondances.ville.Lingo » doit être un texte",
        ),
        (
            lambda t: t.replace(
                "  role: ateliers\n", "  role: ateliers\n  presences_en_colonnes: oui oui\n", 1
            ),
            r"ligne (\d+) : « fichiers\[2\].presences_en_colonnes » doit être oui/non",
        ),
    ],
)
def test_step05_keys_are_checked_with_their_line(sample_copy, edit, expected):
    config = _rewrite(sample_copy, edit)
    with pytest.raises(WorkspaceError, match=expected) as info:
        open_workspace(sample_copy)
    line = int(re.search(expected, str(info.value)).group(1))
    text = config.read_text(encoding="utf-8").splitlines()
    key = re.search(r"« fichiers\[\d\]\.([^»]+) »", str(info.value)).group(1).split(".")[-1]
    assert key.split(".")[-1] in text[line - 1] or "nmo" in text[line - 1]


def test_step05_keys_reach_the_data_file(sample_copy):
    ws = open_workspace(sample_copy)
    registrations = ws.file("inscriptions")
    assert registrations.people == {
        "nom": "nom",
        "prenom": "prenom",
        "email": "email",
        "telephone": "telephone",
    }
    assert registrations.mappings["ville"]["Stras"] == "Strasbourg"
    assert not registrations.wide_attendance
    assert ws.file("ateliers").people is None


def test_files_table_lists_roles_and_sizes_never_content(sample_copy, tmp_path):
    (sample_copy / ".cache").mkdir()
    (sample_copy / ".cache" / "x.txt").write_text("caché")
    (sample_copy / "notes-perso.txt").write_text("non déclaré")
    ws = open_workspace(sample_copy, sample_copy / "sorties")
    ws.write_text(ws.step_dir("00") / "livrable.md", "sortie")
    table = ws.files_table()
    assert table.loc["donnees-brutes/inscriptions_export.csv", "Rôle"] == "inscriptions"
    assert table.loc["donnees-brutes/inscriptions_export.csv", "Données personnelles"] == "oui"
    assert table.loc["structure.yml", "Rôle"] == "configuration de l'espace"
    assert table.loc["notes-perso.txt", "Rôle"] == "non déclaré"
    assert not any(name.startswith((".cache", "sorties")) for name in table.index)
    assert table["Taille"].str.fullmatch(r"[\d,]+ (octets|Ko|Mo)").all()
    assert "@" not in table.to_string()


# ---- the pseudonymisation key: one per workspace, never under the outputs -------------
def test_key_path_own_workspace_beside_the_raw_files(sample_copy, tmp_path):
    own = open_workspace(sample_copy)  # outputs inside the workspace: sorties/
    assert own.key_path == sample_copy.resolve() / ".cle-pseudonymisation"
    assert own.key_path.parent == own.raw_dir.parent
    elsewhere = open_workspace(sample_copy, tmp_path / "ailleurs")
    assert elsewhere.key_path == own.key_path
    for ws in (own, elsewhere):
        assert not ws.key_path.is_relative_to(ws.output_dir)


def test_key_path_sample_in_the_user_configuration_folder(tmp_path):
    for slug in sample_slugs():
        ws = open_workspace(SAMPLES_DIR / slug, tmp_path / slug)
        assert ws.key_path == user_config_dir() / "cles" / ws.slug / ".cle-pseudonymisation"
        assert not ws.key_path.is_relative_to(SAMPLES_DIR.resolve())
        assert not ws.key_path.is_relative_to(ws.output_dir)


def test_key_path_never_under_an_output_folder_holding_the_workspace(sample_copy):
    root = sample_copy.resolve()
    assert key_path_for(root, "essai", root.parent).is_relative_to(user_config_dir())
    assert key_path_for(root, "essai", root) == user_config_dir() / "cles" / "essai" / (
        ".cle-pseudonymisation"
    )
    assert key_path_for(root, "essai", root / "sorties") == root / ".cle-pseudonymisation"


def test_write_csv_makes_formulas_inert_and_writes_the_bom_excel_needs(tmp_path):
    import pandas as pd

    ws = create_workspace(tmp_path / "espace", "Essai")
    frame = pd.DataFrame({"texte": ["=SOMME(A1)", "ok"], "n": [-2, 3]})
    plain = ws.write_csv(ws.step_dir("00") / "a.csv", frame)
    assert plain.read_bytes() == b"texte,n\n'=SOMME(A1),-2\nok,3\n"
    excel = ws.write_csv(ws.step_dir("00") / "b.csv", frame, sep=";", bom=True)
    assert excel.read_bytes() == "\ufefftexte;n\n'=SOMME(A1);-2\nok;3\n".encode()
    with pytest.raises(WorkspaceError):
        ws.write_csv(ws.raw_dir / "c.csv", frame)

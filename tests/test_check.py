"""`sizeup check`: raw files against structure.yml, every problem at once with the YAML to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.workspace import (
    CONFIG_NAME,
    check_workspace_files,
    create_workspace,
    is_ignored_raw_file,
    open_workspace,
)

from .conftest import SAMPLES_DIR, sample_slugs

DECLARED = "donnees-brutes/inscriptions_export.csv"  # first entry of ateliers-emploi


def _paste(root: Path, block: str) -> None:
    """Paste ``block`` under « fichiers: », as the report tells the coach to do."""
    config = root / CONFIG_NAME
    text = config.read_text(encoding="utf-8").replace("fichiers: []\n", "fichiers:\n")
    text = text.replace("\nfichiers:\n", f"\nfichiers:\n{block.rstrip()}\n", 1)
    config.write_text(text, encoding="utf-8")


def _yaml_block(text: str) -> str:
    """The lines of the report that are YAML to paste (from the first « - chemin: »)."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("- chemin:"))
    block = []
    for ln in lines[start:]:
        if not ln.startswith((" ", "-")):
            break
        block.append(ln)
    return "\n".join(block)


@pytest.mark.parametrize("slug", sample_slugs())
def test_every_sample_reports_nothing(slug, capsys):
    result = check_workspace_files(SAMPLES_DIR / slug)
    assert result.ok and not result.undeclared and not result.missing and not result.ignored
    assert main(["check", str(SAMPLES_DIR / slug)]) == 0
    out = capsys.readouterr().out
    n = len(open_workspace(SAMPLES_DIR / slug).files)
    assert f"Espace de travail valide : {result.name} ({n} fichiers déclarés)." in out
    assert "introuvable" not in out and "pas déclaré" not in out


def test_empty_workspace(tmp_path, capsys):
    create_workspace(tmp_path / "x", "Essai")
    assert main(["check", str(tmp_path / "x")]) == 0
    out = capsys.readouterr().out
    assert out == "Espace de travail valide : Essai (0 fichier déclaré).\n"  # LISEZMOI.txt too


def test_undeclared_file_listed_with_an_entry_that_works_once_pasted(tmp_path, capsys):
    root = tmp_path / "x"
    create_workspace(root, "Essai")
    (root / "donnees-brutes" / "export.xlsx").write_bytes(b"PK")
    assert main(["check", str(root)]) == 0  # a warning only
    out = capsys.readouterr().out
    assert "Espace de travail valide : Essai (0 fichier déclaré), à compléter." in out
    assert "1 fichier de donnees-brutes/ n'est pas déclaré dans structure.yml" in out
    assert "Pour le déclarer" in out and "« fichiers: [] » par « fichiers: »" in out
    block = _yaml_block(out)
    assert block == (
        "  - chemin: donnees-brutes/export.xlsx\n"
        "    role: a-preciser\n"
        '    description: ""\n'
        "    donnees_personnelles: true  # à vérifier"
    )
    _paste(root, block)
    ws = open_workspace(root)
    assert [(f.relative, f.role, f.personal_data) for f in ws.files] == [
        ("donnees-brutes/export.xlsx", "a-preciser", True)
    ]
    assert main(["check", str(root)]) == 0
    assert "Espace de travail valide : Essai (1 fichier déclaré)." in capsys.readouterr().out


def test_several_undeclared_files_get_distinct_roles_and_quoted_paths(sample_copy):
    raw = sample_copy / "donnees-brutes"
    (raw / "export: v2.csv").write_text("a\n1\n", encoding="utf-8")
    (raw / "sous-dossier").mkdir()
    (raw / "sous-dossier" / "suivi.csv").write_text("a\n1\n", encoding="utf-8")
    result = check_workspace_files(sample_copy)
    assert result.ok
    assert result.undeclared == [
        "donnees-brutes/export: v2.csv",
        "donnees-brutes/sous-dossier/suivi.csv",
    ]
    text = result.to_text()
    assert "2 fichiers de donnees-brutes/ ne sont pas déclarés" in text
    assert "ils ne seront pas lus" in text and "Pour les déclarer" in text
    assert "fichiers: []" not in text
    block = _yaml_block(text)
    assert block.startswith('- chemin: "donnees-brutes/export: v2.csv"\n')  # the sample's indent
    assert "role: a-preciser\n" in block and "role: a-preciser-2\n" in block
    _paste(sample_copy, block)
    ws = open_workspace(sample_copy)
    assert {"a-preciser", "a-preciser-2"} <= {f.role for f in ws.files}
    assert not check_workspace_files(sample_copy).undeclared


def test_missing_declared_file_exits_non_zero_with_the_entry_to_remove(sample_copy, capsys):
    (sample_copy / DECLARED).unlink()
    with pytest.raises(WorkspaceError, match="introuvable"):  # open_workspace keeps its message
        open_workspace(sample_copy)
    assert main(["check", str(sample_copy)]) == 1
    out = capsys.readouterr().out
    assert (
        f"Fichier déclaré mais introuvable : {DECLARED} (rôle « inscriptions »). Remettez-le à "
        "sa place, ou retirez de structure.yml son entrée (lignes 16 à 33), qui commence par :"
    ) in out
    assert f"\n- chemin: {DECLARED}\n" in out
    lines = (sample_copy / CONFIG_NAME).read_text(encoding="utf-8").splitlines()
    assert lines[15] == f"- chemin: {DECLARED}" and lines[33].startswith("- chemin:")
    # removing lines 16 to 33, as told, makes the workspace valid again
    (sample_copy / CONFIG_NAME).write_text("\n".join(lines[:15] + lines[33:]) + "\n", "utf-8")
    assert main(["check", str(sample_copy)]) == 0


def test_missing_and_undeclared_at_once_and_a_renamed_file_is_recognised(sample_copy, capsys):
    raw = sample_copy / "donnees-brutes"
    (sample_copy / DECLARED).rename(raw / "inscription_export.csv")
    (sample_copy / "donnees-brutes/ateliers.csv").unlink()
    (raw / "nouveau.csv").write_text("a\n1\n", encoding="utf-8")
    result = check_workspace_files(sample_copy)
    assert not result.ok
    assert [m.relative for m in result.missing] == [DECLARED, "donnees-brutes/ateliers.csv"]
    assert result.undeclared == [
        "donnees-brutes/inscription_export.csv",
        "donnees-brutes/nouveau.csv",
    ]
    assert main(["check", str(sample_copy)]) == 1
    out = capsys.readouterr().out
    assert out.count("Fichier déclaré mais introuvable") == 2
    assert "2 fichiers de donnees-brutes/ ne sont pas déclarés" in out
    assert (
        "Le fichier non déclaré donnees-brutes/inscription_export.csv lui ressemble : si c'est "
        "lui, corrigez plutôt le chemin de cette entrée en "
        "« chemin: donnees-brutes/inscription_export.csv »."
    ) in out
    assert "Espace de travail valide" not in out


def test_hidden_and_lock_files_are_ignored_with_a_note(sample_copy, capsys):
    raw = sample_copy / "donnees-brutes"
    for name in (".DS_Store", ".~lock.stagiaires.xlsx#", "~$stagiaires.xlsx", "Thumbs.db"):
        (raw / name).write_bytes(b"x")
    assert main(["check", str(sample_copy)]) == 0
    out = capsys.readouterr().out
    assert "Espace de travail valide" in out and "pas déclaré" not in out
    assert re.search(
        r"Ignorés \(fichiers cachés, verrous d'Excel ou de LibreOffice, fichiers du système\) : "
        r".*\.DS_Store.*\.~lock\.stagiaires\.xlsx#.*Thumbs\.db.* et .*~\$stagiaires\.xlsx\.",
        out,
    )
    assert is_ignored_raw_file(".~lock.a.ods#") and not is_ignored_raw_file("a.ods")


def test_other_problems_still_stop_check(sample_copy, tmp_path, capsys):
    assert main(["check", str(tmp_path / "absent")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    config = sample_copy / CONFIG_NAME
    config.write_text(config.read_text("utf-8").replace("role: ateliers", "role: inscriptions"))
    assert main(["check", str(sample_copy)]) == 2
    assert "chaque rôle doit être unique" in capsys.readouterr().err


def test_markdown_shows_yaml_as_a_code_block(sample_copy):
    (sample_copy / "donnees-brutes" / "nouveau.csv").write_text("a\n1\n", encoding="utf-8")
    md = check_workspace_files(sample_copy)._repr_markdown_()
    assert "```yaml\n- chemin: donnees-brutes/nouveau.csv\n" in md

"""YAML that cannot exhaust the machine: aliases refused while composing, parameter size bounded.

A « billion laughs » file (anchors that nest, eight levels of nine) is a few hundred bytes
whose values would take gigabytes once expanded; every YAML file Size Up reads refuses it
at its first alias, fast and with little memory, naming the file and the line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.errors import CleaningError, RunError, TheoryOfChangeError, WorkspaceError
from sizeup_helpers.runner import (
    PARAMETER_MAX_CHARS,
    PARAMETER_MAX_ITEMS,
    check_parameter_size,
    run_curriculum,
)
from sizeup_helpers.workspace import create_workspace, open_workspace

LEVELS = "abcdefgh"


def bomb(indent: str = "  ") -> str:
    """Eight nested anchors of nine items each: 9**8 (43 millions) texts once expanded."""
    lines = [f'{indent}a: &a ["x","x","x","x","x","x","x","x","x"]']
    for previous, name in zip(LEVELS, LEVELS[1:], strict=False):
        lines.append(f"{indent}{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def bombed_workspace(tmp_path: Path) -> tuple[Path, int]:
    """A fresh workspace whose structure.yml ends with the bomb in ``parametres``; the
    line of its first alias."""
    root = tmp_path / "espace"
    create_workspace(root, "Essai")
    config = root / "structure.yml"
    text = config.read_text(encoding="utf-8")
    assert "parametres" not in text
    text = text.rstrip("\n") + "\nparametres:\n" + bomb()
    config.write_text(text, encoding="utf-8")
    first_alias = next(i for i, row in enumerate(text.splitlines(), 1) if "*a" in row)
    return root, first_alias


def test_bomb_in_structure_is_refused_by_open_workspace(tmp_path):
    root, at = bombed_workspace(tmp_path)
    with pytest.raises(WorkspaceError) as caught:
        open_workspace(root)
    message = str(caught.value)
    assert message.startswith(f"{root / 'structure.yml'}, ligne {at} : alias « *a » :")
    assert "les alias YAML (« *nom », « <<: *nom ») ne sont pas acceptés" in message


PROBE = """
import json, resource, sys, time, tracemalloc
from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.workspace import open_workspace

def vm_bytes():
    for row in open("/proc/self/status"):
        if row.startswith("VmSize:"):
            return int(row.split()[1]) * 1024
    return 0

# at most 1 GB more than what the imports took: an expanded bomb would need several
limit = vm_bytes() + 2**30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
tracemalloc.start()
start = time.perf_counter()
try:
    open_workspace(sys.argv[1])
    outcome = "ouvert"
except WorkspaceError as exc:
    outcome = str(exc)
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak": peak}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc needed")
def test_bomb_is_refused_fast_with_bounded_memory(tmp_path):
    root, at = bombed_workspace(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert f"ligne {at} : alias « *a »" in probe["outcome"]
    assert probe["seconds"] < 1.0
    assert probe["peak"] < 50 * 2**20  # bytes


def test_cli_check_and_run_refuse_the_bomb(tmp_path, capsys):
    root, at = bombed_workspace(tmp_path)
    for argv in (["check", str(root)], ["run", str(root), "--out", str(tmp_path / "o")]):
        start = time.perf_counter()
        code = main(argv)
        seconds = time.perf_counter() - start
        err = capsys.readouterr().err
        assert code != 0
        assert f"structure.yml, ligne {at} : alias « *a »" in err
        assert "Traceback" not in err
        assert seconds < 1.0
    assert not (tmp_path / "o").exists()


def test_a_simple_alias_in_a_theory_of_change_is_refused(tmp_path):
    from sizeup_helpers.theory_of_change import load_theory_of_change, theory_of_change_from_text

    text = textwrap.dedent(
        """\
        version: 1
        probleme: &p "Isolement"
        impact:
          id: I
          libelle: *p
        """
    )
    path = tmp_path / "toc.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TheoryOfChangeError, match=r"toc\.yml, ligne 5 : alias « \*p » : "):
        load_theory_of_change(path)
    with pytest.raises(TheoryOfChangeError, match=r"ligne 5 : .*alias « \*p »"):
        theory_of_change_from_text(text)


def test_merge_keys_are_aliases_too(tmp_path):
    from sizeup_helpers.cleaning.table import load_rules

    path = tmp_path / "regles.yml"
    path.write_text("base: &b {x: 1}\ncolonnes:\n  <<: *b\n", encoding="utf-8")
    with pytest.raises(CleaningError, match=r"alias « \*b »"):
        load_rules(path)


def test_oversized_parameter_values_are_refused():
    check_parameter_size("seuil_secret", 11, "ligne de commande")
    check_parameter_size("liste", ["x"] * PARAMETER_MAX_ITEMS, "structure.yml")
    with pytest.raises(RunError) as caught:
        check_parameter_size("liste", ["x"] * (PARAMETER_MAX_ITEMS + 1), "structure.yml")
    assert str(caught.value).startswith(
        "Paramètre « liste » (structure.yml) : valeur trop grande (plus de 1\u202f000 éléments ;"
    )
    nested = {"k": [[1] * 600, [2] * 600]}  # nested items count too
    with pytest.raises(RunError, match="« nested » .*plus de 1\u202f000 éléments"):
        check_parameter_size("nested", nested, "structure.yml")
    with pytest.raises(RunError, match="« texte » .*plus de 10\u202f000 caractères"):
        check_parameter_size("texte", "x" * PARAMETER_MAX_CHARS, "ligne de commande")


def test_oversized_command_line_value_is_refused(tiny_curriculum, tmp_path, capsys):
    root = tmp_path / "espace"
    create_workspace(root, "Essai")
    argv = ["run", str(root), "--out", str(tmp_path / "o"), "-p", "seuil=" + "1" * 20_000]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "Paramètre « seuil » (ligne de commande) : valeur trop grande" in err
    assert "plus de 10\u202f000 caractères" in err


def test_oversized_structure_parameter_is_refused(tiny_curriculum, tmp_path):
    root = tmp_path / "espace"
    create_workspace(root, "Essai")
    config = root / "structure.yml"
    values = ", ".join(["1"] * (PARAMETER_MAX_ITEMS + 1))
    config.write_text(
        config.read_text(encoding="utf-8").rstrip("\n") + f"\nparametres:\n  seuil: [{values}]\n",
        encoding="utf-8",
    )
    with pytest.raises(RunError, match=r"Paramètre « seuil » \(structure\.yml\) : valeur trop"):
        run_curriculum(root, output_dir=tmp_path / "o", progress=False)

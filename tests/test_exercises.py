"""Single-source exercises: generation, sync check, French feedback helpers."""

from __future__ import annotations

import json

import nbformat
import pytest

from sizeup_helpers import checks
from sizeup_helpers.cli import main
from sizeup_helpers.errors import SizeUpError
from tools.exercisegen import make_exercise, render, strip_solution_source, sync_exercises

from .conftest import ROOT


def _solution_nb() -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    hidden = nbformat.v4.new_code_cell("# Consigne : comptez les fichiers\nn = len(ws.files)")
    hidden.metadata["tags"] = ["solution"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercice"),
        nbformat.v4.new_code_cell("x = 1\nreponse = x + 1  # solution"),
        hidden,
        nbformat.v4.new_code_cell(
            "def f():\n    # BEGIN SOLUTION\n    return 2\n    # END SOLUTION"
        ),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="sortie")]
    return json.loads(nbformat.writes(nb))


def test_make_exercise_removes_solutions_keeps_the_rest():
    ex = make_exercise(_solution_nb(), "00_x_sol_01.ipynb")
    sources = [c["source"] for c in ex["cells"]]
    text = "\n".join(sources)
    assert "reponse = ...  # à compléter" in text
    assert "len(ws.files)" not in text and "return 2" not in text
    assert "# Consigne : comptez les fichiers" in text
    assert "    ...  # à compléter" in text
    assert "00_x_sol_01.ipynb" in sources[1]  # the "generated from" notice
    assert all(not c.get("outputs") for c in ex["cells"] if c["cell_type"] == "code")
    assert ex["metadata"]["kernelspec"]["name"] == "python3"
    nbformat.validate(nbformat.from_dict(ex))
    # deterministic
    assert render(ex) == render(make_exercise(_solution_nb(), "00_x_sol_01.ipynb"))


def test_unclosed_marker_is_an_error():
    with pytest.raises(SizeUpError, match="BEGIN SOLUTION"):
        strip_solution_source("# BEGIN SOLUTION\nx = 1")


def test_sync_writes_then_detects_staleness(tmp_path):
    (tmp_path / "03_parties_sol_01.ipynb").write_text(json.dumps(_solution_nb()))
    assert [p.name for p in sync_exercises(tmp_path)] == ["03_parties_ex_01.ipynb"]
    assert sync_exercises(tmp_path, check=True) == []
    nb = json.loads((tmp_path / "03_parties_sol_01.ipynb").read_text())
    nb["cells"][0]["source"] = "# Exercice modifié"
    (tmp_path / "03_parties_sol_01.ipynb").write_text(json.dumps(nb))
    assert [p.name for p in sync_exercises(tmp_path, check=True)] == ["03_parties_ex_01.ipynb"]
    (tmp_path / "99_orphelin_ex_01.ipynb").write_text("{}")
    stale = {p.name for p in sync_exercises(tmp_path)}
    assert stale == {"03_parties_ex_01.ipynb", "99_orphelin_ex_01.ipynb"}
    assert not (tmp_path / "99_orphelin_ex_01.ipynb").exists()


def test_bad_solution_name_and_unreadable_solution(tmp_path):
    (tmp_path / "mauvais_sol_1.ipynb").write_text("{}")
    with pytest.raises(SizeUpError, match="Nom de solution invalide"):
        sync_exercises(tmp_path)
    (tmp_path / "mauvais_sol_1.ipynb").unlink()
    (tmp_path / "01_cadrage_sol_01.ipynb").write_text("pas du json")
    with pytest.raises(SizeUpError, match="Solution illisible"):
        sync_exercises(tmp_path)


def test_committed_exercises_are_up_to_date():
    stale = sync_exercises(ROOT / "exercises", check=True)
    assert stale == [], "exercices périmés : lancez `sizeup exercises`"


def test_cli_exercises_check(capsys):
    assert main(["exercises", "--check"]) == 0
    assert "à jour" in capsys.readouterr().out


def test_checks_give_french_feedback(capsys, monkeypatch):
    monkeypatch.delenv("SIZEUP_CHECKS_STRICT", raising=False)
    assert checks.check_value(0.5, 0.5001, name="taux", tolerance=0.001)
    assert not checks.check_value(3, 4, name="effectif", hint="Comptez les personnes distinctes.")
    assert not checks.check_value(..., 4, name="effectif")
    assert checks.check_choice("efficacité", ["pertinence", "efficacité"], name="critère")
    assert not checks.check_choice("vitesse", ["pertinence"], name="critère")
    import pandas as pd

    assert not checks.check_columns(pd.DataFrame({"a": [1]}), ["a", "b"], name="le tableau")
    out = capsys.readouterr().out
    assert "✅ taux : c'est juste (0,50)." in out
    assert "❌ effectif : vous avez trouvé 3, ce n'est pas la valeur attendue. Comptez" in out
    assert "vous n'avez pas encore répondu" in out
    assert "il manque les colonnes b" in out


def test_checks_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("SIZEUP_CHECKS_STRICT", "1")
    with pytest.raises(AssertionError, match="ce n'est pas la valeur attendue"):
        checks.check_value(1, 2, name="x")


def test_cli_exercises_outside_a_checkout_is_for_contributors(tmp_path, monkeypatch, capsys):
    from sizeup_helpers import resources

    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path / "site" / "sizeup_helpers")
    monkeypatch.chdir(tmp_path)
    for argv in (["exercises"], ["exercises", "--check"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "`sizeup exercises` sert aux contributeurs" in err and "git clone" in err


def test_cli_exercises_found_from_a_clone_in_the_current_folder(tmp_path, monkeypatch, capsys):
    """A contributor whose package is installed (not editable) works inside the clone."""
    from sizeup_helpers import resources

    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path / "site" / "sizeup_helpers")
    monkeypatch.chdir(ROOT / "exercises")
    assert main(["exercises", "--check"]) == 0
    assert "à jour" in capsys.readouterr().out


def test_tooling_module_runs_alone(capsys):
    from tools.exercisegen import main as tool_main

    assert tool_main(["--check"]) == 0
    assert "Tous les exercices sont à jour." in capsys.readouterr().out


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "exercises").glob("*_sol_*.ipynb")),
    ids=lambda p: p.name,
)
def test_each_exercise_says_who_it_is_for_and_what_it_asks(path):
    """The notebooks need no programming; the exercises are optional Python practice for
    MOOC learners, and say so at the top, in the solution and in the learner's copy."""
    learner = path.with_name(path.name.replace("_sol_", "_ex_"))
    for notebook in (path, learner):
        nb = nbformat.read(notebook, as_version=4)
        top = " ".join(c.source for c in nb.cells[:2] if c.cell_type == "markdown")
        top = " ".join(top.replace("\u00a0", " ").replace("\n>", " ").split())
        assert "**Pour qui** : apprenantes et apprenants du MOOC qui découvrent Python" in top
        assert "pratique **facultative**" in top and "se suit sans programmer" in top
        assert f"le carnet {path.name[:2]} se suit" in top
        asks = top.split("**Ce que l'exercice demande** : ", 1)
        assert len(asks) == 2 and len(asks[1].split(". ")[0].split()) >= 8, notebook.name
        assert "aucune connaissance en programmation" not in " ".join(
            c.source.replace("\u00a0", " ").replace("\n", " ").lower()
            for c in nb.cells
            if c.cell_type == "markdown"
        )

"""``sizeup cohort``: exit codes, a broken structure that does not stop the others, resume.

One cohort of three sample copies runs steps 00–01 once for the module (two structures at a
time); one of them is broken on purpose (a declared raw file deleted). The second run of the
two healthy ones finds every step up to date.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from sizeup_helpers import runner
from sizeup_helpers.cli import main
from sizeup_helpers.cohort import JOURNAL_FILE

from .conftest import SAMPLES_DIR

pytestmark = pytest.mark.xdist_group("cohort")

HEALTHY = ("ateliers-emploi", "insertion-transport")
BROKEN = "mobilite-accompagnee"
STEPS = "00-01"


def run_cli(args: list[str], home: Path) -> tuple[int, str, str]:
    """``sizeup`` in this process, with its own SIZEUP_HOME: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(home))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    return code, out.getvalue(), err.getvalue()


def cohort_file(folder: Path, name: str, slugs: tuple[str, ...]) -> Path:
    listed = "".join(f"  - {slug}\n" for slug in slugs)
    path = folder / name
    path.write_text(f"programme: Essai\ndebut: 2026-09\nstructures:\n{listed}", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohorte")
    for slug in (*HEALTHY, BROKEN):
        shutil.copytree(SAMPLES_DIR / slug, root / slug)
    config = yaml.safe_load((root / BROKEN / "structure.yml").read_text(encoding="utf-8"))
    missing = config["fichiers"][0]["chemin"]
    (root / BROKEN / missing).unlink()
    path = cohort_file(root, "cohorte.yml", (*HEALTHY, BROKEN))
    started = time.monotonic()
    args = ["cohort", "run", str(path), "--out", str(root / "sorties")]
    code, out, err = run_cli(args + ["--steps", STEPS, "--jobs", "2", "--quiet"], root / "home")
    return {
        "root": root,
        "code": code,
        "out": out,
        "err": err,
        "missing": missing,
        "seconds": time.monotonic() - started,
        "name": config["structure"]["nom"],
    }


def test_a_broken_structure_fails_alone_in_one_french_line(first_run):
    assert first_run["code"] == 1, first_run["err"]
    err = first_run["err"]
    assert "3 structures : 2 terminées, 1 en échec :" in err
    lines = [line for line in err.splitlines() if line.startswith(f"- « {first_run['name']} »")]
    assert len(lines) == 1
    assert Path(first_run["missing"]).name in lines[0]
    assert "Traceback" not in err
    out = first_run["root"] / "sorties"
    for slug in HEALTHY:
        assert (out / slug / "01-cadrage").is_dir() or any((out / slug).glob("01-*"))
    journal = (out / JOURNAL_FILE).read_text(encoding="utf-8")
    assert "- Programme : Essai, année 2026, début 2026-09" in journal
    assert "(ateliers-emploi) : terminée ; étapes : 2 réussies, 0 à jour, 0 en échec" in journal
    assert f"({BROKEN}) : en échec ; étapes : 0 réussie, 0 à jour, 0 en échec, 2 non" in journal
    assert f"## Échecs\n\n- « {first_run['name']} » ({BROKEN}) : " in journal


def test_a_second_run_finds_every_step_up_to_date(first_run):
    root = first_run["root"]
    path = cohort_file(root, "cohorte-saines.yml", HEALTHY)
    executed = sorted((root / "sorties").glob("*/carnets-executes/*.ipynb"))
    before = {p: p.stat().st_mtime_ns for p in executed}
    code, out, err = run_cli(
        ["cohort", "run", str(path), "--out", str(root / "sorties"), "--steps", STEPS],
        root / "home",
    )
    assert code == 0, err
    assert "2 structures : 2 terminées." in out
    journal = (root / "sorties" / JOURNAL_FILE).read_text(encoding="utf-8")
    for slug in HEALTHY:
        assert f"({slug}) : terminée ; étapes : 0 réussie, 2 à jour, 0 en échec" in journal
    # no notebook ran again: each executed notebook is the first run's
    assert len(executed) == 2 * len(HEALTHY)
    assert {p: p.stat().st_mtime_ns for p in executed} == before


def test_after_a_raw_file_changed_only_the_steps_reading_it_run_again(first_run):
    """One raw file of one structure changes: in that structure step 00 (which looks at
    every file of the workspace) runs again and step 01 (which reads no raw file) stays up
    to date; the other structure runs nothing."""
    root = first_run["root"]
    changed = HEALTHY[0]
    config = yaml.safe_load((root / changed / "structure.yml").read_text(encoding="utf-8"))
    raw = root / changed / config["fichiers"][0]["chemin"]
    raw.write_bytes(raw.read_bytes() + b"\n")
    path = cohort_file(root, "cohorte-saines.yml", HEALTHY)
    code, out, err = run_cli(
        ["cohort", "run", str(path), "--out", str(root / "sorties"), "--steps", STEPS],
        root / "home",
    )
    assert code == 0, err
    journal = (root / "sorties" / JOURNAL_FILE).read_text(encoding="utf-8")
    assert f"({changed}) : terminée ; étapes : 1 réussie, 1 à jour, 0 en échec" in journal
    assert f"({HEALTHY[1]}) : terminée ; étapes : 0 réussie, 2 à jour, 0 en échec" in journal
    state = runner.load_step_state(root / "sorties" / changed)
    assert state["00"]["status"] == runner.SUCCEEDED


def test_the_dashboard_and_the_funder_report_are_written_for_the_cohort(first_run):
    root = first_run["root"]
    args = [str(root / "cohorte.yml"), "--out", str(root / "sorties")]
    code, out, err = run_cli(["cohort", "tableau", *args, "--date", "2027-01-10"], root / "home")
    assert code == 0, err
    assert (root / "sorties" / "tableau-de-bord.html").is_file()
    assert "Tableau de bord (xlsx) : " in out
    # the reading first: where the cohort stands on that date
    assert "Situation au 10 janvier 2027 (mois 5 du programme) : 3 structures" in out
    code, out, err = run_cli(["cohort", "rapport", *args, "--seuil", "11"], root / "home")
    assert code == 0, err
    assert "3 structures dans la cohorte" in out
    assert out.endswith(
        f"Rapport pour le financeur : {root / 'sorties' / 'rapport-financeur.html'}\n"
    )


def test_an_unreachable_scheduler_is_said_in_french(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("sizeup_helpers.cohort.SCHEDULER_TIMEOUT", 1)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "structure.yml").write_text("version: 1\n", encoding="utf-8")
    path = cohort_file(tmp_path, "cohorte.yml", ("a",))
    args = ["cohort", "run", str(path), "--scheduler", "tcp://127.0.0.1:9", "--quiet"]
    code, _, err = run_cli(args, tmp_path)
    assert code == 2
    assert err.startswith(
        "sizeup : Impossible de joindre l'ordonnanceur Dask « tcp://127.0.0.1:9 »"
    )
    assert not (tmp_path / "sorties-cohorte" / JOURNAL_FILE).exists()


def test_wrong_commands_exit_2_in_french(tmp_path):
    bad = tmp_path / "cohorte.yml"
    bad.write_text("programme: P\ndebut: 2026-09\nstructure: []\n", encoding="utf-8")
    code, _, err = run_cli(["cohort", "run", str(bad)], tmp_path)
    assert code == 2
    assert "ligne 3 : clé inconnue « structure » ; vouliez-vous dire « structures » ?" in err
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "structure.yml").write_text("version: 1\n", encoding="utf-8")
    good = cohort_file(tmp_path, "ok.yml", ("a",))
    code, _, err = run_cli(["cohort", "run", str(good), "--jobs", "0"], tmp_path)
    assert (code, err) == (2, "sizeup : --jobs doit être un nombre entier d'au moins 1 (reçu 0).\n")
    code, _, err = run_cli(["cohort", "run", str(good), "--steps", "13"], tmp_path)
    assert code == 2 and "Étape inconnue : « 13 »" in err
    code, _, err = run_cli(["cohort", "tableau", str(good), "--date", "15/03/2027"], tmp_path)
    assert code == 2 and "--date « 15/03/2027 » illisible : écrivez AAAA-MM-JJ" in err
    with pytest.raises(SystemExit) as caught, contextlib.redirect_stderr(io.StringIO()) as text:
        main(["cohort"])
    assert caught.value.code == 2 and "arguments obligatoires manquants" in text.getvalue()


def test_cohort_help_is_french_with_examples(capsys):
    with pytest.raises(SystemExit):
        main(["cohort", "run", "--help"])
    text = capsys.readouterr().out
    assert "--scheduler ADRESSE" in text and "dossier partagé" in text
    assert "exemples :" in text and "sizeup cohort run cohorte.yml --jobs 2" in text
    assert "Codes de sortie : 0 tout s'est bien passé, 1 une structure" in text


def test_sizeup_run_reprendre_asks_the_runner_to_resume(monkeypatch, capsys):
    seen = []

    def fake(workspace, *, resume=False, **options):
        seen.append(resume)
        raise runner.RunError("arrêt du test")

    monkeypatch.setattr(runner, "run_curriculum", fake)
    assert main(["run", str(SAMPLES_DIR / "ateliers-emploi"), "--reprendre"]) == 1
    assert main(["run", str(SAMPLES_DIR / "ateliers-emploi")]) == 1
    assert seen == [True, False]
    assert "arrêt du test" in capsys.readouterr().err


def test_the_example_cohort_lists_the_seven_samples_and_is_never_overwritten(tmp_path):
    from sizeup_helpers.cohort import load_cohort

    from .conftest import sample_slugs

    code, out, err = run_cli(["cohort", "exemple", "--dest", str(tmp_path / "ex")], tmp_path)
    assert code == 0, err
    path = tmp_path / "ex" / "cohorte.yml"
    assert f"Cohorte d'exemple (sept structures fictives) : {path}" in out
    cohort = load_cohort(path)
    assert sorted(m.slug for m in cohort.members) == sorted(sample_slugs())
    assert cohort.output_dir == tmp_path / "ex" / "sorties"  # never inside the samples
    assert (cohort.start_month, cohort.year) == ("2025-09", 2025)
    before = path.read_bytes()
    code, _, err = run_cli(["cohort", "exemple", "--dest", str(tmp_path / "ex")], tmp_path)
    assert code == 2 and "existe déjà" in err
    assert path.read_bytes() == before


def test_a_local_journal_names_no_machine_and_no_folder(first_run):
    journal = (first_run["root"] / "sorties" / "journal-cohorte.md").read_text(encoding="utf-8")
    import socket

    assert socket.gethostname() not in journal
    assert str(first_run["root"]) not in journal
    named = re.search(r"- Fichier de cohorte : (.+)", journal).group(1)
    assert "/" not in named and named.endswith(".yml")

"""The curriculum runner and the `sizeup` command, on tiny notebooks (fast)."""

from __future__ import annotations

import json
import os
import stat

import nbformat
import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.errors import RunError, SizeUpError
from sizeup_helpers.runner import (
    EXIT_IDENTIFIERS_FOUND,
    EXIT_OK,
    EXIT_STEP_FAILED,
    exit_status,
    notebook_locations,
    parse_steps,
    run_curriculum,
    scan_outputs,
)
from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "ateliers-emploi"


def test_parse_steps():
    assert [s.number for s in parse_steps("00-02")] == ["00", "01", "02"]
    assert [s.number for s in parse_steps("3,1")] == ["01", "03"]
    assert [s.number for s in parse_steps("12")] == ["12"]
    with pytest.raises(SizeUpError, match="Étape inconnue : « 13 »"):
        parse_steps("13")
    with pytest.raises(SizeUpError, match="la première \\(05\\) vient après la dernière"):
        parse_steps("05-02")
    with pytest.raises(SizeUpError, match="illisibles"):
        parse_steps("01-02-03")


def test_run_success_writes_deliverables_record_and_journal(tiny_curriculum, tmp_path):
    out = tmp_path / "sorties"
    result = run_curriculum(SAMPLE, output_dir=out, progress=False)
    assert result.ok
    assert [r.step.number for r in result.results] == ["00", "01", "02"]
    for n, folder in (
        ("00", "00-prise-en-main"),
        ("01", "01-cadrage"),
        ("02", "02-theorie-du-changement"),
    ):
        assert (out / folder / "fait.txt").read_text(encoding="utf-8") == f"étape {n} : 11"
    executed = out / "carnets-executes"
    nb = nbformat.read(executed / "01_cadrer_l_evaluation.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    # the workspace as the kernel finds it: relative to the folder holding both the
    # workspace and the outputs, absolute when that folder is the disk's root
    cwd, workspace_dir, _ = notebook_locations(open_workspace(SAMPLE, out))
    assert injected and f'workspace_dir = "{workspace_dir}"' in injected[0].source
    assert (cwd / workspace_dir).resolve() == SAMPLE.resolve()
    # the record names where it is kept (in the output folder), not the temporary file
    # papermill wrote, and the notebook it was run from by its name only
    assert nb.metadata.papermill.output_path == "carnets-executes/01_cadrer_l_evaluation.ipynb"
    assert nb.metadata.papermill.input_path == "01_cadrer_l_evaluation.ipynb"
    journal = json.loads((executed / "journal-execution.json").read_text(encoding="utf-8"))
    assert [e["statut"] for e in journal["etapes"]] == ["réussie"] * 3
    # the shipped sample is left untouched
    assert not (SAMPLE / "sorties").exists()


def test_parameters_are_checked_and_converted(tiny_curriculum, tmp_path):
    out = tmp_path / "sorties"
    run_curriculum(SAMPLE, output_dir=out, steps="00", parameters={"seuil": "5"}, progress=False)
    assert (out / "00-prise-en-main" / "fait.txt").read_text(encoding="utf-8") == "étape 00 : 5"
    with pytest.raises(RunError, match="Paramètre inconnu « seuill ».*Vouliez-vous dire « seuil »"):
        run_curriculum(SAMPLE, output_dir=out, parameters={"seuill": 5}, progress=False)
    with pytest.raises(RunError, match="Paramètre « seuil » .* un nombre entier attendu, « onze »"):
        run_curriculum(SAMPLE, output_dir=out, parameters={"seuil": "onze"}, progress=False)
    with pytest.raises(RunError, match="fixé par `sizeup run`"):
        run_curriculum(SAMPLE, output_dir=out, parameters={"output_dir": "x"}, progress=False)


def test_failure_keeps_earlier_outputs_and_names_step_and_cell(tiny_curriculum, tmp_path):
    out = tmp_path / "sorties"
    run_curriculum(SAMPLE, output_dir=out, progress=False)  # a first good run
    good_record = (out / "carnets-executes" / "02_theorie_du_changement.ipynb").read_bytes()
    with pytest.raises(RunError) as info:
        run_curriculum(SAMPLE, output_dir=out, parameters={"echouer": True}, progress=False)
    message = str(info.value)
    assert message.startswith("2 étapes réussies et 1 en échec :\n- L'étape 02 ")
    assert "L'étape 02 « Théorie du changement » a échoué à la cellule [4]" in message
    assert "Le fichier « toc.yml » est vide." in message
    assert "Traceback" not in message
    # earlier steps' outputs and the last good record are kept; the failed record is beside
    assert (out / "01-cadrage" / "fait.txt").exists()
    executed = out / "carnets-executes"
    assert (executed / "02_theorie_du_changement.ipynb").read_bytes() == good_record
    failed = nbformat.read(executed / "02_theorie_du_changement.echec.ipynb", as_version=4)
    assert failed.metadata.papermill.output_path.endswith("02_theorie_du_changement.echec.ipynb")
    journal = json.loads((executed / "journal-execution.json").read_text(encoding="utf-8"))
    assert journal["etapes"][-1]["statut"] == "échec"


def test_unexpected_error_names_exception(tiny_curriculum, tmp_path):
    folder = tiny_curriculum
    nb = nbformat.read(folder / "01_cadrer_l_evaluation.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, folder / "01_cadrer_l_evaluation.ipynb")
    with pytest.raises(
        RunError, match="étape 01 .* cellule \\[4\\] : ZeroDivisionError — division by zero"
    ):
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00-01", progress=False)


def _kernel_dies_first(monkeypatch, times: int, message: str) -> list[str]:
    """papermill whose kernel dies at start-up the first ``times`` calls."""
    import papermill

    real, calls = papermill.execute_notebook, []

    def flaky(input_path, *args, **kwargs):
        calls.append(os.path.basename(input_path))
        if len(calls) <= times:
            raise RuntimeError(message)
        return real(input_path, *args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr("sizeup_helpers.runner.time.sleep", lambda s: None)
    return calls


def test_kernel_that_dies_at_start_is_started_again(tiny_curriculum, tmp_path, monkeypatch):
    calls = _kernel_dies_first(monkeypatch, 2, "Kernel died before replying to kernel_info")
    result = run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00", progress=False)
    assert result.ok and calls == ["00_prise_en_main.ipynb"] * 3
    assert (tmp_path / "o" / "00-prise-en-main" / "fait.txt").exists()


def test_kernel_that_never_starts_is_explained(tiny_curriculum, tmp_path, monkeypatch):
    calls = _kernel_dies_first(monkeypatch, 99, "Kernel didn't respond in 60 seconds")
    with pytest.raises(RunError) as info:
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00-01", progress=False)
    assert len(calls) == 3  # three tries, then step 01, which reads step 00, is not run
    assert str(info.value) == (
        "0 étape réussie, 1 en échec et 1 non exécutée :\n"
        "- L'étape 00 « Prise en main » n'a pas pu être exécutée : le noyau Python n'a pas "
        "démarré (3 essais) ; ce qu'il a écrit est dans "
        f"« {tmp_path / 'o' / 'carnets-executes' / 'journal-noyau.log'} ».\n"
        "- L'étape 01 « Cadrer l'évaluation » : non exécutée (l'étape 00 a échoué), car "
        "elle lit ses livrables."
    )
    executed = tmp_path / "o" / "carnets-executes"
    assert not list(executed.glob("*.ipynb"))  # no empty record pretending a cell ran
    journal = json.loads((executed / "journal-execution.json").read_text(encoding="utf-8"))
    assert journal["etapes"][0]["carnet_execute"] is None


def test_other_runtime_errors_are_not_retried(tiny_curriculum, tmp_path, monkeypatch):
    calls = _kernel_dies_first(monkeypatch, 1, "Kernel died")  # mid-run: not a start failure
    with pytest.raises(RunError, match="RuntimeError — Kernel died"):
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00", progress=False)
    assert len(calls) == 1


def test_jobs_runs_independent_steps_and_keeps_order(tiny_curriculum, tmp_path):
    result = run_curriculum(SAMPLE, output_dir=tmp_path / "o", jobs=2, progress=False)
    assert result.ok and [r.step.number for r in result.results] == ["00", "01", "02"]


def test_step_whose_prerequisite_never_ran_is_refused(tiny_curriculum, tmp_path):
    with pytest.raises(RunError, match="lit les livrables de l'étape 01.*--steps 01"):
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="02", progress=False)


def test_missing_notebook_and_missing_parameters_cell(tiny_curriculum, tmp_path):
    with pytest.raises(RunError, match="Le carnet de l'étape 03 .* n'existe pas encore"):
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00-05", progress=False)
    nb = nbformat.read(tiny_curriculum / "00_prise_en_main.ipynb", as_version=4)
    nb.cells[1].metadata["tags"] = []
    nbformat.write(nb, tiny_curriculum / "00_prise_en_main.ipynb")
    with pytest.raises(RunError, match="n'a pas de cellule « parameters »"):
        run_curriculum(SAMPLE, output_dir=tmp_path / "o", steps="00", progress=False)


def test_output_dir_inside_samples_is_refused(tiny_curriculum):
    with pytest.raises(SizeUpError, match="data/samples"):
        run_curriculum(SAMPLE, output_dir=SAMPLE / "sorties", progress=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_unwritable_output_dir(tiny_curriculum, tmp_path):
    locked = tmp_path / "verrou"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(SizeUpError, match="verrou"):
            run_curriculum(SAMPLE, output_dir=locked / "sorties", progress=False)
    finally:
        locked.chmod(stat.S_IRWXU)


def test_output_dir_that_is_a_file(tiny_curriculum, tmp_path):
    a_file = tmp_path / "fichier"
    a_file.write_text("x")
    with pytest.raises(SizeUpError, match="fichier"):
        run_curriculum(SAMPLE, output_dir=a_file / "sorties", progress=False)


# ---- the command line ----------------------------------------------------------------
def test_cli_run_success(tiny_curriculum, tmp_path, capsys):
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "3 étapes exécutées" in out and str(tmp_path / "o") in out
    assert f"Archive à partager (sans clé ni données brutes) : {tmp_path / 'o'}.zip" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", "nulle-part"], "L'espace de travail « nulle-part » n'existe pas."),
        (["run", str(SAMPLE), "--steps", "14"], "Étape inconnue : « 14 »"),
        (["run", str(SAMPLE), "-p", "seuill=3"], "Paramètre inconnu « seuill »"),
        (["run", str(SAMPLE), "-p", "seuil"], "écrivez NOM=VALEUR"),
        (["run", str(SAMPLE), "--jobs", "0"], "--jobs doit être au moins 1"),
        (["demo", "--structure", "inconnue"], "Structure d'exemple inconnue"),
        (["check", str(SAMPLES_DIR)], "n'est pas un espace de travail"),
    ],
)
def test_cli_bad_input_french_stderr_nonzero_no_traceback(
    tiny_curriculum, tmp_path, capsys, argv, expected
):
    if argv[0] in ("run", "demo") and "--out" not in argv:
        argv = [*argv, "--out", str(tmp_path / "o")]
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0
    assert expected in err
    assert "Traceback" not in err


def test_cli_failed_step_exit_1(tiny_curriculum, tmp_path, capsys):
    code = main(["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--quiet", "-p", "echouer=oui"])
    assert code == EXIT_STEP_FAILED == 1
    assert "a échoué à la cellule" in capsys.readouterr().err


def _later_steps(folder) -> None:
    """Tiny notebooks 03 (reads 02), 04 (reads 02 and 03 if present) and 05 (reads 04 if
    present), each writing a file in its step folder."""
    from .conftest import make_notebook

    common = 'workspace_dir = ""  # espace\noutput_dir = ""  # sorties\n'
    for n, name in (
        ("03", "03_parties_prenantes.ipynb"),
        ("04", "04_inventaire_des_donnees.ipynb"),
        ("05", "05_nettoyage_et_pseudonymisation.ipynb"),
    ):
        make_notebook(
            folder / name,
            common,
            [
                "from sizeup_helpers import setup_notebook\n"
                "ws = setup_notebook(workspace_dir, output_dir)\n"
                f"ws.write_text(ws.step_dir('{n}') / 'fait.txt', 'étape {n}')\n"
            ],
        )


def test_failed_step_stops_only_the_steps_that_read_it(tiny_curriculum, tmp_path, capsys):
    """02 fails: 03, which must read it, is not run; 04 and 05, which read 02–03 only if
    present, still run; the summary says which failed and which were skipped, and why."""
    _later_steps(tiny_curriculum)
    out = tmp_path / "o"
    result = run_curriculum(
        SAMPLE,
        output_dir=out,
        parameters={"echouer": True},
        progress=False,
        raise_on_failure=False,
    )
    status = {r.step.number: r.status for r in result.results}
    assert status == {
        "00": "réussie",
        "01": "réussie",
        "02": "échec",
        "03": "non exécutée",
        "04": "réussie",
        "05": "réussie",
    }
    assert (out / "04-inventaire" / "fait.txt").is_file()
    assert (out / "05-nettoyage" / "fait.txt").is_file()
    assert not (out / "03-parties-prenantes").exists()
    lines = result.summary().splitlines()
    assert lines[0] == "4 étapes réussies, 1 en échec et 1 non exécutée :"
    assert lines[1].startswith("- L'étape 02 « Théorie du changement » a échoué à la cellule")
    assert lines[2] == (
        "- L'étape 03 « Parties prenantes et questions évaluatives » : non exécutée "
        "(l'étape 02 a échoué), car elle lit ses livrables."
    )
    journal = json.loads((out / "carnets-executes" / "journal-execution.json").read_text())
    assert [e["statut"] for e in journal["etapes"]][2:4] == ["échec", "non exécutée"]
    # the command line: exit 1, the summary on stderr, one line per step not done
    code = main(["run", str(SAMPLE), "--out", str(out), "--quiet", "-p", "echouer=oui"])
    err = capsys.readouterr().err
    assert code == EXIT_STEP_FAILED
    assert "sizeup : 4 étapes réussies, 1 en échec et 1 non exécutée :" in err
    assert "car elle lit ses livrables." in err and "Traceback" not in err


def test_a_step_not_run_because_of_another_names_the_failed_one(tiny_curriculum, tmp_path):
    """01 fails: 02 (reads 01) and 03 (reads 02) are not run, 03 naming 01 as the cause."""
    _later_steps(tiny_curriculum)
    nb = nbformat.read(tiny_curriculum / "01_cadrer_l_evaluation.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, tiny_curriculum / "01_cadrer_l_evaluation.ipynb")
    result = run_curriculum(
        SAMPLE, output_dir=tmp_path / "o", progress=False, raise_on_failure=False, jobs=2
    )
    assert [r.status for r in result.results] == [
        "réussie",
        "échec",
        "non exécutée",
        "non exécutée",
        "réussie",
        "réussie",
    ]
    assert result.results[3].message == (
        "L'étape 03 « Parties prenantes et questions évaluatives » : non exécutée (l'étape "
        "01 a échoué), car elle lit les livrables de l'étape 02, non exécutée."
    )
    assert exit_status(result) == EXIT_STEP_FAILED


def test_identifiers_in_the_outputs_give_their_own_exit_status(tiny_curriculum, tmp_path, capsys):
    """An identifier found in the outputs: exit 3 (even over a failed step), files named."""
    out = tmp_path / "o"
    result = run_curriculum(SAMPLE, output_dir=out, progress=False)
    assert result.identifiers_found == [] and exit_status(result) == EXIT_OK
    (out / "02-theorie-du-changement" / "notes.txt").write_text(
        "rappeler au 06 12 34 56 78 ou écrire à jeanne.martin@example.org", encoding="utf-8"
    )
    result.identifiers_found = scan_outputs(result.workspace)
    assert {f["fichier"] for f in result.identifiers_found} == {
        "02-theorie-du-changement/notes.txt"
    }
    assert exit_status(result) == EXIT_IDENTIFIERS_FOUND == 3
    result.results[-1].status = "échec"
    assert exit_status(result) == EXIT_IDENTIFIERS_FOUND  # privacy first
    # the command line names the file, in French, on stderr
    planted = [{"fichier": "02-theorie-du-changement/notes.txt", "type": "e-mail", "extrait": "j…"}]
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("sizeup_helpers.runner.scan_outputs", lambda ws: planted)
    try:
        code = main(["run", str(SAMPLE), "--out", str(out), "--quiet"])
    finally:
        monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == EXIT_IDENTIFIERS_FOUND
    assert "ATTENTION, 1 identifiant direct trouvé dans les sorties, 1 fichier à vérifier" in err
    assert "- 02-theorie-du-changement/notes.txt : e-mail j…" in err


def test_an_unreadable_output_is_named_as_not_checked_and_the_journal_is_scanned(
    tiny_curriculum, tmp_path, capsys
):
    """A file the privacy scan cannot read is « non vérifié », not « identifiant » (exit 3
    all the same); the run's journal is written before the scan, so it is scanned too."""
    out = tmp_path / "o"
    assert main(["run", str(SAMPLE), "--out", str(out), "--quiet"]) == EXIT_OK
    capsys.readouterr()
    journal = out / "carnets-executes" / "journal-execution.json"
    assert journal.is_file()
    (out / "02-theorie-du-changement" / "inconnu.bin").write_bytes(bytes(range(256)) * 8)
    code = main(["run", str(SAMPLE), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_IDENTIFIERS_FOUND
    assert "ATTENTION, 1 fichier non vérifié dans les sorties, 1 fichier à vérifier" in err
    assert "identifiant direct trouvé" not in err
    assert "- 02-theorie-du-changement/inconnu.bin : non vérifié" in err
    recorded = json.loads(journal.read_text(encoding="utf-8"))
    assert [f["fichier"] for f in recorded["identifiants_trouves_dans_les_sorties"]] == [
        "02-theorie-du-changement/inconnu.bin"
    ]


def test_cli_help_is_french(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "exécute les carnets sur un espace de travail" in text
    for command in ("run", "demo", "init", "check", "samples", "exercises"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "affiche cette aide" in capsys.readouterr().out


def test_cli_usage_error_is_french(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run"])
    assert info.value.code == 2
    assert "arguments obligatoires manquants" in capsys.readouterr().err


def test_cli_init_and_check(tmp_path, capsys):
    target = tmp_path / "mon-espace"
    assert main(["init", str(target), "--nom", "Ma Recyclerie"]) == 0
    assert (target / "structure.yml").is_file()
    assert main(["check", str(target)]) == 0
    assert "Espace de travail valide : Ma Recyclerie" in capsys.readouterr().out
    assert main(["init", str(target), "--nom", "Autre"]) == 2
    assert "existe déjà" in capsys.readouterr().err


def test_output_dir_not_writable_even_for_root(tiny_curriculum):
    with pytest.raises(SizeUpError, match="/proc/sizeup-sorties"):
        run_curriculum(SAMPLE, output_dir="/proc/sizeup-sorties", progress=False)


def test_own_empty_workspace_runs_seminar_1_and_says_what_is_missing(tmp_path, capsys):
    """A structure's own workspace starts empty: 00–03 run (exit 0); 03 saves an empty
    scope and référentiel with a note instead of stopping (tests/test_first_day.py goes
    on to 04–05)."""
    from sizeup_helpers.workspace import create_workspace

    ws = create_workspace(tmp_path / "espace", "Ma Recyclerie")
    code = main(["run", str(ws.root), "--steps", "00-03", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    for folder in ("00-prise-en-main", "01-cadrage", "02-theorie-du-changement"):
        assert (ws.output_dir / folder).is_dir()
    assert (ws.root / "theorie-du-changement.yml").is_file()  # started empty by notebook 02
    scope = (ws.output_dir / "03-parties-prenantes" / "perimetre.yml").read_text()
    assert "# Périmètre vide : la théorie du changement n'a encore aucun effet." in scope
    assert (ws.output_dir / "03-parties-prenantes" / "referentiel-evaluation.csv").is_file()
    record = (ws.executed_dir / "03_parties_prenantes.ipynb").read_text(encoding="utf-8")
    assert "Ce qui manque" in record and "aucun effet ni aucune partie prenante" in record


def test_a_successful_run_remakes_the_archive_to_share(tiny_curriculum, tmp_path):
    import zipfile

    result = run_curriculum(SAMPLE, output_dir=tmp_path / "o", progress=False)
    assert result.archive == tmp_path / "o.zip"
    names = zipfile.ZipFile(result.archive).namelist()
    assert "o/carnets-executes/journal-execution.json" in names  # written last: up to date
    assert not any("cle-pseudonymisation" in n or "donnees-brutes" in n for n in names)


def test_the_kernel_log_names_no_home_folder(tmp_path, monkeypatch):
    """A kernel writes its own log, tracebacks included (a port taken by another process):
    the run rewrites it with the home folder, often named after its owner, as « ~ »."""
    from pathlib import Path

    from sizeup_helpers.runner import KERNEL_LOG, tidy_kernel_log
    from sizeup_helpers.workspace import create_workspace

    monkeypatch.setenv("HOME", str(tmp_path / "home" / "marie"))
    create_workspace(tmp_path / "espace", "Essai")
    ws = open_workspace(tmp_path / "espace", tmp_path / "sorties")
    log = ws.executed_dir / KERNEL_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    home = Path.home()
    log.write_text(
        "Exception in thread Heartbeat:\n"
        f'  File "{home}/.pyenv/versions/3.11.7/lib/python3.11/threading.py", line 1045\n'
        "zmq.error.ZMQError: Address already in use\n",
        encoding="utf-8",
    )
    assert tidy_kernel_log(ws, tmp_path / "espace") == log
    text = log.read_text(encoding="utf-8")
    assert "marie" not in text
    assert 'File "~/.pyenv/versions/3.11.7/lib/python3.11/threading.py"' in text
    assert tidy_kernel_log(ws, tmp_path / "ailleurs") == log  # nothing left to change

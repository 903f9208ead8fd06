"""Nothing lost, nothing changed: the whole chain on a copy of a sample (issue 13).

- the workspace's files (``structure.yml``, drafts, every raw file) keep the same bytes
  through a full ``sizeup run``;
- two runs give byte-identical deliverables, ``12-restitution/results.json`` first, the
  xlsx workbooks too (no date of saving inside them); only the run's trace differs (the
  executed notebooks and the journals, with their times);
- a run killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) in the middle of a step leaves the
  deliverables of the steps before it as they were, no half-written file, and the next run
  completes with every deliverable.

The chain tests are slow (three runs of the whole chain and two partial ones): marked
``notebooks``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from sizeup_helpers.getting_started import archive_path
from sizeup_helpers.results import RESULTS_FILE
from sizeup_helpers.runner import EXIT_OK, run_curriculum
from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR

SAMPLE = "ateliers-emploi"
SIZEUP = Path(sys.executable).with_name("sizeup")
#: The files of a run that record the run itself (times, durations, the kernels' log).
RUN_TRACE = ("carnets-executes/",)
#: A deliverable written by the run after every step (the archive is beside the outputs).
RESULTS = Path("12-restitution") / RESULTS_FILE
#: How long a test waits for a step to start or a command to end, in seconds.
WAIT = 900


def checksums(folder: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """sha256 of every file under ``folder`` (relative POSIX path → hex), but ``skip``."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(path == s or s in path.parents for s in skip):
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def ensure_results(workspace: Path, out: Path) -> Path:
    """``results.json`` of a run, written by notebook 12."""
    target = out / RESULTS
    assert target.is_file(), f"le carnet 12 n'a pas écrit {RESULTS} ({workspace.name})"
    return target


def is_leftover(path: Path) -> bool:
    """A temporary file of an unfinished write (hidden: ``.name.<random>.tmp.ext``)."""
    return path.name.startswith(".") and (".tmp" in path.name or ".en-cours." in path.name)


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """A copy of the sample, its checksums before, one full run, a copy of its outputs."""
    root = tmp_path_factory.mktemp("chaine")
    workspace = root / "espace"
    shutil.copytree(SAMPLES_DIR / SAMPLE, workspace)
    out = workspace / "sorties"
    before = checksums(workspace)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(root / "home"))
        result = run_curriculum(workspace, progress=False, raise_on_failure=False)
    assert result.ok, result.summary()
    ensure_results(workspace, out)
    first = root / "premiere-execution"
    shutil.copytree(out, first)
    return {"root": root, "workspace": workspace, "out": out, "before": before, "first": first}


def test_a_workbook_gives_the_same_bytes_from_run_to_run():
    from openpyxl import Workbook

    from sizeup_helpers.spreadsheet import ZIP_EPOCH, workbook_bytes

    def book():
        wb = Workbook()
        wb.active.append(["indicateur", "valeur"])
        wb.active.append(["Taux d'absence", 0.3147])
        return wb

    first = workbook_bytes(book())
    time.sleep(1.1)  # openpyxl would store another second
    assert workbook_bytes(book()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_EPOCH}
        assert b"dcterms:created" not in z.read("docProps/core.xml")
    from openpyxl import load_workbook

    assert list(load_workbook(io.BytesIO(first)).active.values)[1] == ("Taux d'absence", 0.3147)


@pytest.mark.notebooks
def test_a_full_run_changes_no_file_of_the_workspace(chain):
    workspace, out = chain["workspace"], chain["out"]
    ws = open_workspace(workspace, out)
    key, archive = ws.key_path, archive_path(ws)  # both written by the run, beside
    after = checksums(workspace, skip=(out, key, archive))
    assert archive.parent == workspace and archive.is_file()
    assert after == chain["before"], "un fichier de l'espace a changé pendant l'exécution"
    raw = [name for name in after if name.startswith("donnees-brutes/")]
    assert len(raw) >= 5 and "structure.yml" in after
    assert key.parent == workspace  # created by the run, beside the raw files


@pytest.mark.notebooks
def test_two_runs_give_the_same_deliverables(chain):
    workspace, out, first = chain["workspace"], chain["out"], chain["first"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(chain["root"] / "home"))
        result = run_curriculum(workspace, progress=False, raise_on_failure=False)
    assert result.ok, result.summary()
    ensure_results(workspace, out)
    assert (out / RESULTS).read_bytes() == (first / RESULTS).read_bytes()
    json.loads((out / RESULTS).read_text(encoding="utf-8"))
    a, b = checksums(first), checksums(out)
    assert sorted(a) == sorted(b), "les deux exécutions n'ont pas écrit les mêmes fichiers"
    differ = sorted(name for name in a if a[name] != b[name])
    unexpected = [n for n in differ if not n.startswith(RUN_TRACE)]
    assert unexpected == []  # only the run's trace
    assert any(n.endswith(".xlsx") for n in a)  # workbooks included
    assert len(a) - len(differ) > 50  # tables, CSV, images, reports: the same bytes


def _start(workspace: Path, out: Path, home: Path, steps: str | None) -> subprocess.Popen:
    command = [str(SIZEUP), "run", str(workspace), "--out", str(out), "--quiet"]
    command += ["--steps", steps] if steps else []
    env = {**os.environ, "SIZEUP_HOME": str(home)}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _kernels_of(pid: int) -> set[int]:
    """The kernel processes (``ipykernel``) whose parent is ``pid`` (Linux's /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and b"ipykernel" in (stat.parent / "cmdline").read_bytes():
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _freeze_inside_step(process: subprocess.Popen, nth: int) -> int:
    """Wait for the ``nth`` kernel the command starts (one per step, from 1), let it run
    half a second, then freeze it (SIGSTOP): the step has started and cannot end, whatever
    the machine's speed. Returns the kernel's process id."""
    order: list[int] = []
    deadline = time.monotonic() + WAIT
    while len(order) < nth:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"le noyau n° {nth} n'a jamais démarré"
        order += sorted(_kernels_of(process.pid) - set(order))
        time.sleep(0.05)
    kernel = order[nth - 1]
    time.sleep(0.5)
    os.kill(kernel, signal.SIGSTOP)
    return kernel


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (not gone, not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _end(kernel: int) -> None:
    """Kill a kernel left behind (frozen, its parent gone)."""
    try:
        os.kill(kernel, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _stable(out: Path, running: tuple[str, ...] = ()) -> dict[str, str]:
    """Checksums of the deliverables and records of the steps done: not the logs the
    kernels append to, nor the folders of the step ``running`` (still writing)."""
    return {
        name: digest
        for name, digest in checksums(out).items()
        if not name.endswith(("journal-noyau.log", "journal-execution.json"))
        and not name.startswith(running)
    }


@pytest.mark.notebooks
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux (/proc) seulement")
def test_an_interrupted_run_keeps_earlier_deliverables_and_a_rerun_completes(chain):
    workspace, home = chain["workspace"], chain["root"] / "home"
    out = chain["root"] / "sorties-interrompues"

    # killed (SIGKILL) in step 05: nothing can run on the way out
    process = _start(workspace, out, home, "00-06")
    kernel = _freeze_inside_step(process, 6)  # step 05's kernel, the sixth
    earlier = _stable(out, running=("05-nettoyage/", "donnees-propres/"))
    assert any(n.startswith("04-inventaire/") for n in earlier)
    process.send_signal(signal.SIGKILL)
    _end(kernel)  # everything stops at once, as when the computer is switched off
    process.communicate(timeout=60)  # (the kernel held the command's output open)
    assert process.returncode == -signal.SIGKILL
    after = _stable(out)
    for name, digest in earlier.items():
        assert after.get(name) == digest, f"{name} a changé après l'arrêt brutal"
    for path in out.rglob("*"):  # no deliverable half-written in place
        if path.is_file() and not is_leftover(path) and path.suffix in (".json", ".ipynb"):
            json.loads(path.read_text(encoding="utf-8"))

    # interrupted (SIGINT, Ctrl-C) in step 05 of the next run
    process = _start(workspace, out, home, "00-06")
    kernel = _freeze_inside_step(process, 6)
    earlier = _stable(out, running=("05-nettoyage/", "donnees-propres/"))
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=120)
    finally:  # never leave a frozen kernel or the command behind
        if process.poll() is None:
            _end(kernel)
            process.kill()
    for _ in range(50):  # the runner killed the kernel of the step it interrupted
        if not _alive(kernel):
            break
        time.sleep(0.1)
    left_running = _alive(kernel)
    _end(kernel)
    assert not left_running, "le noyau de l'étape interrompue tourne encore"
    assert process.returncode == 130
    assert "interrompu" in err and "relancez la même commande" in err, err
    assert "Traceback" not in err
    after = _stable(out)
    for name, digest in earlier.items():
        assert after.get(name) == digest, f"{name} a changé après Ctrl-C"
    assert [p for p in out.rglob("*") if is_leftover(p)] == []
    journal = json.loads((out / "carnets-executes" / "journal-execution.json").read_text())
    assert journal["interrompue"] is True
    statuses = {e["etape"]: e["statut"] for e in journal["etapes"]}
    assert statuses["04"] == "réussie" and statuses["05"] == "interrompue", statuses
    assert not (out / "carnets-executes" / "05_nettoyage_et_pseudonymisation.ipynb").exists()

    # the same command again, on the whole chain: it completes, with every deliverable
    process = _start(workspace, out, home, None)
    output, err = process.communicate(timeout=WAIT)
    assert process.returncode == EXIT_OK, err
    ensure_results(workspace, out)
    assert [p for p in out.rglob("*") if is_leftover(p)] == []
    assert sorted(checksums(out)) == sorted(checksums(chain["first"]))
    assert (out / RESULTS).read_bytes() == (chain["first"] / RESULTS).read_bytes()

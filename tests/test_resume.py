"""Resuming a run: a step whose inputs did not change since its last good run is not run again.

One full run of a copy of one sample (module fixture, its kernels traced: every file each
notebook opens is logged by an audit hook), then each scenario on a copy of that workspace
and its outputs (a copy changes the files' dates, not their bytes: the copies resume):

- a second run with ``resume`` runs no kernel and says every step is « à jour » ;
- one raw file changed: exactly the steps that read it, and those whose upstream
  deliverables then changed, run again (an upstream step that writes the same bytes stops
  the chain: « early cutoff ») ;
- one notebook parameter changed: that step and the steps that read it;
- a failed step (and the step it blocks) run again next time; the state file keeps the
  last success across the failure;
- without ``resume`` every step runs;
- the trace: every workspace file a step opened is among its declared inputs, every
  deliverable it opened is one of a step it declares reading.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from sizeup_helpers import runner
from sizeup_helpers.curriculum import EXECUTED_FOLDER, KEY_INPUT, STEPS, get_step
from sizeup_helpers.runner import (
    FAILED,
    SKIPPED,
    STEP_STATE_FILE,
    SUCCEEDED,
    UP_TO_DATE,
    load_step_state,
    run_curriculum,
)
from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR

SAMPLE = "mobilite-accompagnee"  # the quickest full chain of the seven
ALL = {s.number for s in STEPS}

pytestmark = pytest.mark.xdist_group("resume")

# Installed through PYTHONPATH in the kernels of the first run: logs every file opened or
# listed (``open``, ``os.listdir``, ``os.scandir`` audit events) to $SIZEUP_TRACE_FILE.
# python-calamine opens xlsx files in Rust (no audit event): the raw folder is declared
# as a whole (``donnees-brutes/**``) by the steps that read raw files.
TRACER = """
import os, sys
_target = os.environ.get("SIZEUP_TRACE_FILE")
if _target:
    _fd = os.open(_target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    _busy = []
    def _hook(event, args):
        if _busy or event not in ("open", "os.listdir", "os.scandir") or not args:
            return
        path = args[0]
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, (str, os.PathLike)):
            return
        _busy.append(1)
        try:
            mode = args[1] if event == "open" and len(args) > 1 else None
            flags = args[2] if event == "open" and len(args) > 2 else 0
            if mode is None:
                writing = isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
            else:
                writing = any(c in str(mode) for c in "wax+")
            line = event + "\\t" + ("w" if writing else "r") + "\\t" + os.path.abspath(path)
            os.write(_fd, (line + "\\n").encode("utf-8", "surrogateescape"))
        finally:
            _busy.clear()
    sys.addaudithook(_hook)
"""


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """A copy of the sample, one full traced run (without ``resume``), its state file."""
    root = tmp_path_factory.mktemp("reprise")
    workspace = root / "espace"
    shutil.copytree(SAMPLES_DIR / SAMPLE, workspace)
    (root / "traceur").mkdir()
    (root / "traceur" / "sitecustomize.py").write_text(TRACER, encoding="utf-8")
    traces = root / "traces"
    traces.mkdir()
    execute = runner.execute_notebook

    def traced(notebook, output, parameters, **kw):
        os.environ["SIZEUP_TRACE_FILE"] = str(traces / f"{Path(notebook).stem}.log")
        return execute(notebook, output, parameters, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(root / "home"))
        mp.setenv("SIZEUP_TRACE_FILE", os.devnull)
        path = os.environ.get("PYTHONPATH")
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(root / "traceur"), path])))
        mp.setattr(runner, "execute_notebook", traced)
        started = time.perf_counter()
        result = run_curriculum(workspace, progress=False, raise_on_failure=False)
        seconds = time.perf_counter() - started
    assert result.ok, result.summary()
    state_file = result.output_dir / EXECUTED_FOLDER / STEP_STATE_FILE
    return {
        "root": root,
        "workspace": workspace,
        "result": result,
        "traces": traces,
        "seconds": seconds,
        "state_text": state_file.read_text(encoding="utf-8"),
    }


@pytest.fixture
def copy(first, tmp_path, monkeypatch):
    """A copy of the first run's workspace with its outputs (and key) inside."""
    monkeypatch.setenv("SIZEUP_HOME", str(first["root"] / "home"))
    target = tmp_path / "espace"
    shutil.copytree(first["workspace"], target)
    return target


def resumed(workspace: Path, **kw):
    return run_curriculum(workspace, progress=False, raise_on_failure=False, resume=True, **kw)


def statuses(result) -> dict[str, str]:
    return {r.step.number: r.status for r in result.results}


def ran(result) -> set[str]:
    return {n for n, s in statuses(result).items() if s != UP_TO_DATE}


def no_kernel(*args, **kwargs):
    raise AssertionError("un noyau a été démarré")


@pytest.mark.notebooks
def test_state_file_follows_the_spec(first):
    text = first["state_text"]
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert data["schema"] == "sizeup-step-state" and data["schema_version"] == 1
    assert set(data["steps"]) == ALL
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
    for entry in data["steps"].values():
        assert set(entry) == {
            "status",
            "fingerprint",
            "finished",
            "last_success",
            "seconds",
            "message",
        }
        assert entry["status"] == SUCCEEDED and entry["message"] == ""
        assert re.fullmatch(r"[0-9a-f]{64}", entry["fingerprint"])
        assert stamp.match(entry["finished"]) and entry["last_success"] == entry["finished"]
        assert entry["seconds"] > 0
    assert load_step_state(first["result"].output_dir) == data["steps"]


@pytest.mark.notebooks
def test_second_run_starts_no_kernel(first, copy, monkeypatch):
    monkeypatch.setattr(runner, "execute_notebook", no_kernel)
    lines = []
    result = resumed(copy, echo=lines.append)  # execute_notebook would fail the test
    assert statuses(result) == dict.fromkeys(sorted(ALL), UP_TO_DATE)
    assert result.ok and runner.exit_status(result) == runner.EXIT_OK
    assert [r.step.number for r in result.up_to_date] == sorted(ALL)
    assert result.summary() == "13 étapes à jour (non relancées)."
    assert "étape 01 à jour (non relancée)" in lines
    journal = json.loads(
        (copy / "sorties" / EXECUTED_FOLDER / "journal-execution.json").read_text()
    )
    assert {e["statut"] for e in journal["etapes"]} == {"à jour (non relancée)"}
    # an up-to-date step keeps its entry as it was
    state = (copy / "sorties" / EXECUTED_FOLDER / STEP_STATE_FILE).read_text(encoding="utf-8")
    assert state == first["state_text"]


@pytest.mark.notebooks
def test_changed_raw_file_reruns_only_what_depends_on_it(copy):
    interview = copy / "donnees-brutes" / "entretiens" / "entretien_01.md"
    interview.write_text(
        interview.read_text(encoding="utf-8")
        + "\nJ'ai repris confiance, je sors seule maintenant.\n",
        encoding="utf-8",
    )
    result = resumed(copy, jobs=2)  # side by side: the same steps
    assert result.ok, result.summary()
    # 00 lists the workspace, 04/05/08/09/10 read the raw folder, 12 reads 04 and 10
    # whose deliverables changed; 05 and 09 wrote the same bytes (an interview is not a
    # table), so 06, 07 and 11, which read them, are still up to date.
    assert ran(result) == {"00", "04", "05", "08", "09", "10", "12"}
    assert {"01", "02", "03", "06", "07", "11"} <= {r.step.number for r in result.up_to_date}
    assert result.summary() == ("7 étapes réussies et 6 étapes à jour (non relancées).")


@pytest.mark.notebooks
def test_changed_parameter_reruns_the_step_and_its_readers(copy):
    result = resumed(copy, parameters={"margin": 0.1})  # step 07's margin of error
    assert result.ok, result.summary()
    assert ran(result) == {"07", "12"}  # 12 reads the questionnaire's sample size


@pytest.mark.notebooks
def test_failed_step_runs_again_and_keeps_its_last_success(first, copy, tmp_path, monkeypatch):
    notebooks = tmp_path / "carnets"
    shutil.copytree(runner.notebooks_dir(), notebooks)
    monkeypatch.setenv("SIZEUP_NOTEBOOKS", str(notebooks))
    target = notebooks / get_step("11").notebook
    original = target.read_bytes()
    nb = json.loads(original)
    at = next(i for i, c in enumerate(nb["cells"]) if "parameters" in c["metadata"].get("tags", []))
    broken = {
        "cell_type": "code",
        "id": "panne",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
    }
    broken["source"] = "from sizeup_helpers.errors import SizeUpError\nraise SizeUpError('Panne.')"
    nb["cells"].insert(at + 1, broken)
    target.write_text(json.dumps(nb), encoding="utf-8")

    result = resumed(copy)
    assert statuses(result)["11"] == FAILED and statuses(result)["12"] == SKIPPED
    assert ran(result) == {"11", "12"}
    assert not result.ok
    before = json.loads(first["state_text"])["steps"]
    state = load_step_state(copy / "sorties")
    assert state["11"]["status"] == FAILED
    assert state["11"]["last_success"] == before["11"]["last_success"]
    assert state["11"]["finished"] > before["11"]["finished"]
    assert "a échoué à la cellule" in state["11"]["message"] and "Panne." in state["11"]["message"]
    assert str(tmp_path) not in state["11"]["message"]
    assert state["12"]["status"] == SKIPPED and "l'étape 11 a échoué" in state["12"]["message"]
    assert state["12"]["last_success"] == before["12"]["last_success"]
    assert state["10"] == before["10"]  # up to date: unchanged

    target.write_bytes(original)  # repaired: its inputs are those of its last success
    result = resumed(copy)
    assert result.ok and ran(result) == {"11", "12"}
    state = load_step_state(copy / "sorties")
    assert state["11"]["status"] == SUCCEEDED
    assert state["11"]["last_success"] == state["11"]["finished"] > before["11"]["finished"]


@pytest.mark.notebooks
def test_without_resume_every_step_runs(copy):
    result = run_curriculum(copy, steps="00-03", progress=False, raise_on_failure=False)
    assert statuses(result) == dict.fromkeys(["00", "01", "02", "03"], SUCCEEDED)
    assert result.summary() == "4 étapes réussies."


@pytest.mark.notebooks
def test_every_file_a_step_opens_is_among_its_declared_inputs(first):
    """The trace of the first run against ``Step.workspace_inputs`` and the steps whose
    deliverables a step declares reading (``Step.deliverables_read``)."""
    ws = open_workspace(first["workspace"])
    key = ws.key_path.resolve()
    problems = []
    for step in STEPS:
        log = first["traces"] / f"{Path(step.notebook).stem}.log"
        declared = set(runner.workspace_inputs(ws, step))
        readable = {*step.output_folders, EXECUTED_FOLDER}
        readable |= {f for n in step.deliverables_read for f in get_step(n).output_folders}
        for line in log.read_text(encoding="utf-8").splitlines():
            event, mode, path = line.split("\t")
            if event != "open" or mode != "r":
                continue
            path = Path(path).resolve()
            if path == key:
                if KEY_INPUT not in step.workspace_inputs:
                    problems.append(f"{step.number} lit la clé")
            elif path.is_relative_to(ws.output_dir):
                folder = path.relative_to(ws.output_dir).parts[0]
                if folder not in readable:
                    problems.append(f"{step.number} lit {path.relative_to(ws.output_dir)}")
            elif path.is_relative_to(ws.root):
                if path.relative_to(ws.root).as_posix() not in declared:
                    problems.append(f"{step.number} lit {path.relative_to(ws.root)}")
    assert not problems, "\n".join(sorted(set(problems)))
    assert (
        (first["traces"] / "05_nettoyage_et_pseudonymisation.log")
        .read_text()
        .count("donnees-brutes")
    )


def test_load_step_state_is_empty_when_absent_unreadable_or_of_another_schema(tmp_path):
    folder = tmp_path / EXECUTED_FOLDER
    folder.mkdir()
    assert load_step_state(tmp_path) == {}
    (folder / STEP_STATE_FILE).write_text("{pas du json", encoding="utf-8")
    assert load_step_state(tmp_path) == {}
    other = {"schema": "sizeup-step-state", "schema_version": 99, "steps": {"00": {}}}
    (folder / STEP_STATE_FILE).write_text(json.dumps(other), encoding="utf-8")
    assert load_step_state(tmp_path) == {}
    other["schema_version"] = 1
    (folder / STEP_STATE_FILE).write_text(json.dumps(other), encoding="utf-8")
    assert load_step_state(tmp_path) == {"00": {}}


def test_edited_deliverable_reruns_its_step_and_same_bytes_stop_the_chain(
    tiny_curriculum, tmp_path
):
    """Notebooks 00–02 that each write ``fait.txt``: a participant's edit of step 01's file
    re-runs 01 (its own deliverables are an input); 01 writes the same bytes again, so 02,
    which reads them, stays up to date. A changed notebook re-runs its step."""
    out = tmp_path / "sorties"
    sample = SAMPLES_DIR / "ateliers-emploi"
    first = run_curriculum(sample, output_dir=out, progress=False, resume=True)
    assert statuses(first) == dict.fromkeys(["00", "01", "02"], SUCCEEDED)
    (out / "01-cadrage" / "fait.txt").write_text("modifié à la main", encoding="utf-8")
    again = run_curriculum(sample, output_dir=out, progress=False, resume=True)
    assert statuses(again) == {"00": UP_TO_DATE, "01": SUCCEEDED, "02": UP_TO_DATE}
    assert (out / "01-cadrage" / "fait.txt").read_text(encoding="utf-8") == "étape 01 : 11"
    assert again.summary() == "1 étape réussie et 2 étapes à jour (non relancées)."
    notebook = tiny_curriculum / "02_theorie_du_changement.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = run_curriculum(sample, output_dir=out, progress=False, resume=True)
    assert ran(third) == {"02"}

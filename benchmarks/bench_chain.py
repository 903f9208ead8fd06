"""The whole chain: ``sizeup demo`` against the floor of its notebooks' imports and against
the naive way, ``--jobs 2`` against ``--jobs 1``, and each kernel's peak memory on the large
variant of a sample; every ratio measured in one run.

**The steps** are those whose notebook exists
(:func:`sizeup_helpers.runner.available_steps`: 00 to 12 once notebook 12 is written).

**The floor.** Each notebook's imports cell alone (its first code cell, see the skeleton
in ``CONTRIBUTING.md``), copied into a notebook of its own and executed through papermill's
API (:func:`sizeup_helpers.runner.execute_notebook`, as the runner does) in a fresh kernel,
all in one process (a *driver*, ``python -m benchmarks.bench_chain --floor …``); the floor
is the sum of those executions (kernel start, the imports, kernel stop). No run of the
curriculum can cost less.

**Demo.** ``sizeup demo --quiet`` as a coach types it (the default sample; its default
``--jobs``: two notebooks at once on a machine of several processors), into its own output
folder, a subprocess timed from start to end: every notebook, the privacy scan of the
outputs and the archive. Ratio = demo / floor, target **at most 1.5**.

**The naive way.** One ``papermill`` command-line call per notebook, in order, each with the
parameters the runner gave that notebook in the demo (read from the executed notebooks'
``metadata.papermill.parameters``, passed with ``-y``; only ``output_dir`` points to the
naive run's own folder), in the kernels' working folder of the demo. Ratio = naive / demo,
target **at least 2**.

**Jobs.** ``sizeup demo --jobs 1 --quiet`` then ``sizeup demo --jobs 2 --quiet``, each into
its own folder. Ratio = jobs 1 / jobs 2, target **at least 1.3** (two cores).

Wall-clock times, as a coach waits for them; the processor times of each side (the
subprocesses and their kernels, ``RUSAGE_CHILDREN`` ``ru_utime + ru_stime``) are given in the
details, since the machine may be shared with other programs.

**Memory.** The large variant of ``commerce-rural`` (:mod:`tools.samplegen.large`: a million
ticket lines in its till export, the biggest table), the whole chain (``sizeup run --quiet``)
on copies of the notebooks with two cells added: a first one writing the kernel's process
id, a last one writing its peak resident memory (``VmHWM`` of ``/proc/self/status``, kept
by Linux). Meanwhile the benchmark polls the resident memory of every process under the
run (:mod:`psutil`), a cross-check that also holds for a step that failed before its last
cell. One row per step: kernel peak / 1 Gio, target **at most 1**, failed if the step
failed.

``run(quick=True)`` measures steps 00 and 01 only (``sizeup run`` on the default sample
with ``--steps 00,01`` in place of ``sizeup demo``), and memory on step 05 alone on a
variant of :data:`QUICK_ROWS` ticket lines, so that a test checks this code measures real
runs and kernels; its timings mean nothing.

Run: ``python -m benchmarks bench_chain`` (``--quick`` for the small version).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL_ROWS = 1_000_000
QUICK_ROWS = 2_000
QUICK_STEPS = ("00", "01")
QUICK_LARGE_STEPS = ("05",)
#: Largest ratio of ``sizeup demo``'s time to the floor of its notebooks' imports.
FLOOR_TARGET = 1.5
#: Smallest ratio of the naive way's time to ``sizeup demo``'s.
NAIVE_TARGET = 2.0
#: Smallest ratio of ``--jobs 1``'s time to ``--jobs 2``'s.
JOBS_TARGET = 1.3
#: Largest peak resident memory of one kernel on the large variant.
KERNEL_MEMORY_LIMIT = 2**30
#: Seconds between two polls of the resident memory of the run's processes.
POLL_SECONDS = 0.1

_PID_CELL = """\
# benchmark: this kernel's process id (not part of the curriculum)
import json as _bench_json
import os as _bench_os

with open({path!r}, "w", encoding="utf-8") as _bench_file:
    _bench_json.dump({{"pid": _bench_os.getpid()}}, _bench_file)
"""

_PEAK_CELL = """\
# benchmark: this kernel's peak resident memory (not part of the curriculum)
_bench_status = dict(
    line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line
)
with open({path!r}, "w", encoding="utf-8") as _bench_file:
    _bench_json.dump(
        {{"pid": _bench_os.getpid(), "vmhwm_kb": int(_bench_status["VmHWM"].split()[0])}},
        _bench_file,
    )
"""


def _mib(size: float) -> str:
    return f"{size / 2**20:.0f} Mio"


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# --------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------
def _code(source: str, cell_id: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def imports_notebook(notebook: Path, dest: Path) -> Path:
    """Copy ``notebook`` to ``dest`` keeping only its imports cell (its first code cell)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    nb["cells"] = [dict(first, outputs=[], execution_count=None)]
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return dest


def measured_notebook(notebook: Path, dest: Path, pid_file: Path, peak_file: Path) -> Path:
    """Copy ``notebook`` to ``dest`` with a first cell writing the kernel's process id to
    ``pid_file`` and a last cell writing its peak resident memory to ``peak_file``."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"] = (
        [_code(_PID_CELL.format(path=str(pid_file)), "bench-pid")]
        + nb["cells"]
        + [_code(_PEAK_CELL.format(path=str(peak_file)), "bench-peak")]
    )
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return dest


def runner_parameters(executed: Path) -> dict[str, dict]:
    """The parameters the runner gave each notebook of a run, from the executed notebooks
    it kept (``metadata.papermill.parameters``), by notebook file name."""
    params = {}
    for nb_path in sorted(executed.glob("[0-9][0-9]_*.ipynb")):
        if ".echec" in nb_path.suffixes:
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        params[nb_path.name] = dict(nb["metadata"]["papermill"]["parameters"])
    return params


# --------------------------------------------------------------------------------------
# Timed commands
# --------------------------------------------------------------------------------------
def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def timed(command: list[str], env: dict, cwd: Path = ROOT) -> dict:
    """Run ``command`` to its end; its wall-clock seconds and the processor seconds of it
    and the processes it waited for (its kernels)."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"« {' '.join(command[:4])} … » en échec ({done.returncode}) :\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        )
    return {"seconds": seconds, "cpu_s": _children_cpu() - cpu, "stdout": done.stdout}


def drive_floor(folder: str, cwd: str, out: str) -> dict:
    """In this process: execute every notebook of ``folder`` (the imports cells) one after
    the other, each in a fresh kernel; the seconds of each."""
    import papermill  # noqa: F401  # the driver's own imports are not the floor's

    from sizeup_helpers.runner import execute_notebook

    seconds = {}
    for nb in sorted(Path(folder).glob("*.ipynb")):
        start = time.perf_counter()
        execute_notebook(nb, Path(out) / nb.name, {}, cwd=cwd)
        seconds[nb.name[:2]] = time.perf_counter() - start
    return {"seconds": seconds}


class MemoryPoll:
    """Poll the resident memory of every process under ``pid`` until stopped: the largest
    resident set seen for each process id."""

    def __init__(self, pid: int):
        import psutil

        self._root = psutil.Process(pid)
        self.peaks: dict[int, int] = {}
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            for p in processes:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), rss)
            self.polls += 1
            self._stop.wait(POLL_SECONDS)

    def __enter__(self) -> MemoryPoll:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------
def run(quick: bool = False) -> list[dict]:
    """Run the measures; return the rows (see ``benchmarks/bench_read.py`` for the keys).

    Prints nothing.
    """
    from sizeup_helpers.runner import available_steps, notebooks_dir
    from sizeup_helpers.workspace import DEFAULT_SAMPLE, samples_dir

    folder = notebooks_dir()
    steps = [s for s in available_steps(folder) if not quick or s.number in QUICK_STEPS]
    numbers = ",".join(s.number for s in steps)
    sample = samples_dir() / DEFAULT_SAMPLE
    with tempfile.TemporaryDirectory(prefix="sizeup-bench-chain-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "SIZEUP_HOME": str(tmp / "home"), "PYTHONPATH": str(ROOT)}
        env.pop("SIZEUP_NOTEBOOKS", None)
        sizeup = [sys.executable, "-m", "sizeup_helpers.cli"]

        def demo(out: Path, jobs: int | None = None) -> list[str]:
            if quick:
                command = sizeup + ["run", str(sample), "--steps", numbers]
            else:
                command = sizeup + ["demo"]
            command += ["--out", str(out), "--quiet"]
            return command + (["--jobs", str(jobs)] if jobs else [])

        # the floor: the imports cells, in one driver process
        imports = tmp / "imports"
        imports.mkdir()
        for s in steps:
            imports_notebook(folder / s.notebook, imports / s.notebook)
        (tmp / "imports-executes").mkdir()
        floor_cmd = [sys.executable, "-m", "benchmarks.bench_chain", "--floor"]
        floor = timed(floor_cmd + [str(imports), str(sample), str(tmp / "imports-executes")], env)
        floor["steps"] = json.loads(floor["stdout"].strip().splitlines()[-1])["seconds"]

        default = timed(demo(tmp / "demo"), env)
        params = runner_parameters(tmp / "demo" / "carnets-executes")
        naive = naive_run(steps, folder, params, sample, tmp / "naif", env)
        demo1 = timed(demo(tmp / "demo-1", 1), env)
        demo2 = timed(demo(tmp / "demo-2", 2), env)
        rows = timing_rows(steps, floor, default, naive, demo1, demo2, quick)
        rows += memory_rows(tmp, env, quick)
    return rows


def naive_run(steps, folder: Path, params: dict, sample: Path, out: Path, env: dict) -> dict:
    """The naive way: one ``papermill`` command per notebook, in order, with the runner's
    parameters and its kernels' working folder for these outputs."""
    from sizeup_helpers.runner import notebook_locations
    from sizeup_helpers.workspace import open_workspace

    papermill = [sys.executable, "-m", "papermill"]
    total = {"seconds": 0.0, "cpu_s": 0.0}
    record = out / "carnets"
    record.mkdir(parents=True)
    cwd, workspace_dir, output_dir = notebook_locations(open_workspace(sample, out))
    for s in steps:
        given = dict(params[s.notebook])
        given["workspace_dir"], given["output_dir"] = workspace_dir, output_dir
        command = papermill + [str(folder / s.notebook), str(record / s.notebook)]
        command += ["-y", json.dumps(given), "-k", "python3", "--cwd", str(cwd)]
        done = timed(command + ["--no-progress-bar"], env, cwd=ROOT)
        total["seconds"] += done["seconds"]
        total["cpu_s"] += done["cpu_s"]
    return total


def timing_rows(steps, floor, default, naive, demo1, demo2, quick: bool) -> list[dict]:
    what = "sizeup demo" if not quick else "sizeup run --steps " + ",".join(floor["steps"])
    count = f"{len(steps)} carnets ({steps[0].number} à {steps[-1].number})"
    floor_s = sum(floor["steps"].values())
    each = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(floor["steps"].items()))
    demo_s, naive_s = default["seconds"], naive["seconds"]
    one_s, two_s = demo1["seconds"], demo2["seconds"]

    def cpu(side: dict) -> str:
        return f"processeur {side['cpu_s']:.1f} s"

    return [
        {
            "name": f"{what}, {count} : temps / plancher des imports",
            "baseline": "cellule d'imports seule de chaque carnet, noyau neuf, papermill "
            "(API) dans un seul processus, somme",
            "ratio": round(demo_s / floor_s, 3),
            "target": FLOOR_TARGET,
            "rule": "au plus",
            "ok": bool(demo_s / floor_s <= FLOOR_TARGET),
            "details": (
                f"{what} {demo_s:.1f} s ({cpu(default)}) ; plancher {floor_s:.1f} s "
                f"(pilote entier {floor['seconds']:.1f} s, {cpu(floor)}) : {each}"
            ),
        },
        {
            "name": f"{what}, {count} : lancement naïf / sizeup",
            "baseline": "un appel de la commande papermill par carnet, à la suite, mêmes "
            "paramètres que le lanceur",
            "ratio": round(naive_s / demo_s, 3),
            "target": NAIVE_TARGET,
            "rule": "au moins",
            "ok": bool(naive_s / demo_s >= NAIVE_TARGET),
            "details": (
                f"papermill en ligne de commande {naive_s:.1f} s ({cpu(naive)}) ; "
                f"{what} {demo_s:.1f} s ({cpu(default)})"
            ),
        },
        {
            "name": f"{what}, {count} : --jobs 1 / --jobs 2",
            "baseline": f"{what} --jobs 2",
            "ratio": round(one_s / two_s, 3),
            "target": JOBS_TARGET,
            "rule": "au moins",
            "ok": bool(one_s / two_s >= JOBS_TARGET),
            "details": (
                f"--jobs 1 {one_s:.1f} s ({cpu(demo1)}) ; --jobs 2 {two_s:.1f} s "
                f"({cpu(demo2)}) ; {os.cpu_count()} processeurs"
            ),
        },
    ]


def memory_rows(tmp: Path, env: dict, quick: bool) -> list[dict]:
    """The whole chain on the large variant, each kernel's peak memory."""
    from sizeup_helpers.curriculum import get_step
    from sizeup_helpers.runner import available_steps, notebooks_dir
    from tools.samplegen.large import BIG_TABLE, write_large_workspace

    rows_wanted = QUICK_ROWS if quick else FULL_ROWS
    ws_root, out = tmp / "grand", tmp / "grand-sorties"
    write_large_workspace(ws_root, rows_wanted)
    big = ws_root / BIG_TABLE
    data = (
        f"variante grande de commerce-rural, {_n(rows_wanted)} lignes de caisse "
        f"({big.stat().st_size / 1e6:.0f} Mo)"
    )
    folder = notebooks_dir()
    steps = [s for s in available_steps(folder) if not quick or s.number in QUICK_LARGE_STEPS]
    copies, figures = tmp / "carnets-mesures", tmp / "noyaux"
    copies.mkdir()
    figures.mkdir()
    for s in steps:
        measured_notebook(
            folder / s.notebook,
            copies / s.notebook,
            figures / f"pid-{s.number}.json",
            figures / f"pic-{s.number}.json",
        )
    command = [sys.executable, "-m", "sizeup_helpers.cli", "run", str(ws_root), "--out", str(out)]
    command += ["--steps", ",".join(s.number for s in steps), "--quiet"]
    start = time.perf_counter()
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "SIZEUP_NOTEBOOKS": str(copies)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        with MemoryPoll(proc.pid) as poll:
            output, _ = proc.communicate()
    seconds = time.perf_counter() - start
    journal_path = out / "carnets-executes" / "journal-execution.json"
    journal = json.loads(journal_path.read_text(encoding="utf-8")) if journal_path.is_file() else {}
    status = {
        e["etape"]: (e["statut"], e["duree_s"], e["message"]) for e in journal.get("etapes", [])
    }
    driver = poll.peaks.get(proc.pid, 0)
    rows = []
    for s in steps:
        label = get_step(s.number).label
        pid_file, peak_file = figures / f"pid-{s.number}.json", figures / f"pic-{s.number}.json"
        pid = json.loads(pid_file.read_text())["pid"] if pid_file.is_file() else None
        polled = poll.peaks.get(pid, 0) if pid else 0
        vmhwm = json.loads(peak_file.read_text())["vmhwm_kb"] * 1024 if peak_file.is_file() else 0
        peak = max(vmhwm, polled)
        state, step_s, message = status.get(s.number, ("absente du journal", 0.0, output[-500:]))
        ran = state == "réussie"
        rows.append(
            {
                "name": f"chaîne entière, {data} : étape {label}, pic mémoire du noyau / 1 Gio",
                "baseline": "budget d'un noyau Jupyter (1 Gio)",
                "ratio": round(peak / KERNEL_MEMORY_LIMIT, 3) if peak else float("nan"),
                "target": 1.0,
                "rule": "au plus",
                "ok": bool(ran and 0 < peak <= KERNEL_MEMORY_LIMIT),
                "details": (
                    f"étape {state} en {step_s:.1f} s ; noyau (pid {pid}) : VmHWM lu par le "
                    f"noyau {_mib(vmhwm)}, plus grande mémoire résidente relevée de "
                    f"l'extérieur (toutes les {POLL_SECONDS} s, {poll.polls} relevés) "
                    f"{_mib(polled)} ; processus de sizeup run (papermill, vérification des "
                    f"sorties, archive ; hors noyau) {_mib(driver)} ; chaîne "
                    f"entière en {seconds:.0f} s" + ("" if ran else f" ; {message}")
                ),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="étapes 00 et 01, petite variante")
    parser.add_argument("--floor", action="store_true", help="pilote : les cellules d'imports")
    parser.add_argument("paths", nargs="*", help="pilote : carnets, dossier de travail, sorties")
    args = parser.parse_args(argv)
    if args.floor:
        print(json.dumps(drive_floor(*args.paths)))
        return
    for r in run(quick=args.quick):
        status = "OK" if r["ok"] else "ÉCHEC"
        print(f"[{status}] {r['name']} : ratio {r['ratio']:.2f} ({r['rule']} {r['target']})")
        print(f"        {r['details']}")


if __name__ == "__main__":
    main()

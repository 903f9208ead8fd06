"""Steps 09–11 on the large variant of a sample: the kernel's peak memory and the step's time
against the time to read its inputs, measured in one run.

**The data.** The large variant of ``commerce-rural`` (:mod:`tools.samplegen.large`): the
sample as shipped, its till export of register 1 (the biggest table) replaced by
:data:`FULL_ROWS` ticket lines (about 83 MB of ``;`` Windows-1252 CSV), in a temporary
folder. Steps 00–08 run once first (``sizeup run --steps 00-08``, a subprocess; timed for
information only), so that step 05 has written the clean tables (a clean till table of a
million rows) and steps 06 and 08 their deliverables.

**Each measured step** (09, 10, 11, those whose notebook exists, in that order so that each
reads what the previous one wrote) runs alone in a fresh Python process (the *driver*,
``python -m benchmarks.bench_analysis --step NN``) that calls
:func:`sizeup_helpers.runner.run_curriculum` with ``steps=NN``, as ``sizeup run --steps NN``
does: papermill in the driver, the notebook in a new Jupyter kernel, a child process of the
driver. The notebook run is a copy of the real one (``SIZEUP_NOTEBOOKS`` points to a folder
of copies) with two cells added: a first cell installing an audit hook
(:func:`sys.addaudithook`) that records every file the kernel opens for reading, and a last
cell that writes the kernel's process id, its peak resident memory and those files to a
JSON file.

- **Peak memory of the kernel**: ``VmHWM`` (the peak resident set size kept by Linux) read
  by the kernel itself in ``/proc/self/status`` in its last cell, cross-checked with
  ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` in the driver after the run (the
  kernel is the driver's only child, and jupyter_client waits for it, so this is the
  kernel's peak too, give or take the driver's memory when it started the kernel). The
  driver's own peak (``VmHWM``: papermill, then the scan of the outputs for identifiers
  and the archive that ``sizeup run`` makes after the steps) is given apart: it is *not*
  the kernel. Ratio = kernel peak / :data:`KERNEL_MEMORY_LIMIT` (1 Gio), target **at most
  1**; the largest of :data:`REPEATS` runs.
- **Time**: the step's execution time as the runner times it (``StepResult.seconds``:
  kernel start, every cell, the record kept) against a **baseline** measured right after
  in another fresh driver: a notebook run the same way (same kernel start, the same audit
  hook and last cell) that only calls ``setup_notebook`` and reads the step's inputs, the
  files the step's kernel opened under the workspace and the output folder: each clean
  table with :func:`sizeup_helpers.load_clean_table` (types restored: the cost every
  analysis pays first), the other files (deliverables of earlier steps, the workspace's
  YAML files) as bytes. The step's own folder and files it wrote before reading them
  back are not inputs. Ratio = step time / baseline time, target **at most**
  :data:`TIME_TARGET` (see below). Processor times of the kernels
  (``RUSAGE_CHILDREN`` ``ru_utime + ru_stime``) are given too: less sensitive to other
  programs sharing the machine. Step and baseline run in turn, :data:`REPEATS` times
  each; the best times are kept.

**Why 3.** Both sides pay the same kernel start and ``setup_notebook`` (a few seconds), so
the ratio understates the analyses' own cost when the inputs are small; the details give
the difference (the analyses' own seconds). A notebook of a dozen analyses, charts and
readings, each a vectorised pass over tables already in memory, should cost no more than
about two further loads of its inputs: step time at most three times the reading time.

``run(quick=True)`` builds a small variant (:data:`QUICK_ROWS` till lines), prepares only
the steps that step 11 must read (05 and 06) and measures step 11 alone, so that a test
checks this code runs and measures a real kernel; its timings mean nothing.

Run: ``python -m benchmarks bench_analysis`` (``--quick`` for the small variant).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL_ROWS = 1_000_000
QUICK_ROWS = 2_000
#: The steps measured, in the order they run.
MEASURED = ("09", "10", "11")
QUICK_MEASURED = ("11",)
#: Largest peak resident memory of a kernel running one step on the large variant.
KERNEL_MEMORY_LIMIT = 2**30
#: Runs of each step and of its baseline in full mode, taken in turn (best time kept).
REPEATS = 2
#: Largest ratio of a step's time to the time to read its inputs (see the docstring).
TIME_TARGET = 3.0

_HOOK_CELL = """\
# benchmark: every file this kernel opens for reading (not part of the curriculum)
import os as _bench_os
import sys as _bench_sys

_bench_opened = set()


def _bench_hook(event, args):
    if event != "open" or not isinstance(args[0], (str, bytes, _bench_os.PathLike)):
        return
    mode, flags = args[1], args[2] or 0
    if mode is None:
        reading = not flags & (_bench_os.O_WRONLY | _bench_os.O_RDWR)
    else:
        reading = not set(str(mode)) & set("wax+")
    if reading:
        _bench_opened.add(_bench_os.path.abspath(_bench_os.fsdecode(args[0])))


_bench_sys.addaudithook(_bench_hook)
"""

_FIGURES_CELL = """\
# benchmark: the kernel's peak resident memory and the files it read
import json as _bench_json

_bench_status = dict(
    line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line
)
with open({path!r}, "w", encoding="utf-8") as _bench_file:
    _bench_json.dump(
        {{
            "pid": _bench_os.getpid(),
            "vmhwm_kb": int(_bench_status["VmHWM"].split()[0]),
            "opened": sorted(_bench_opened),
        }},
        _bench_file,
    )
"""


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _mib(size: float) -> str:
    return f"{size / 2**20:.0f} Mio"


# --------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------
def _cell(source: str, tags: list[str] | None = None) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": tags or []},
        "outputs": [],
        "source": source,
    }


def instrumented(notebook: Path, dest: Path, figures: Path) -> Path:
    """Copy ``notebook`` to ``dest`` with the audit-hook cell first and the figures cell last."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"] = (
        [_cell(_HOOK_CELL)] + nb["cells"] + [_cell(_FIGURES_CELL.format(path=str(figures)))]
    )
    for k, c in enumerate(nb["cells"]):  # unique ids (nbformat 4.5)
        c.setdefault("id", f"bench-{k}")
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return dest


def baseline_notebook(tables: list[str], others: list[str], dest: Path, figures: Path) -> Path:
    """A notebook that sets up the workspace and reads ``tables`` (clean tables, with their
    types) and ``others`` (files, as bytes): the baseline of a step's time."""
    cells = [
        _cell(_HOOK_CELL),
        _cell(
            "from pathlib import Path\n\n"
            "from sizeup_helpers import load_clean_table, setup_notebook"
        ),
        _cell('workspace_dir: str = ""\noutput_dir: str = ""', ["parameters"]),
        _cell("ws = setup_notebook(workspace_dir, output_dir)"),
        _cell(f"tables = {{role: load_clean_table(ws, role) for role in {tables!r}}}"),
        _cell(f"files = [Path(p).read_bytes() for p in {others!r}]"),
        _cell(_FIGURES_CELL.format(path=str(figures))),
    ]
    for k, c in enumerate(cells):
        c["id"] = f"base-{k}"
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return dest


def step_inputs(opened: list[str], ws_root: Path, out: Path, step: str) -> tuple[list, list]:
    """The clean tables (roles) and the other files a step read, from the files its kernel
    opened: those under the workspace or the output folder, not in the step's own folder,
    not the executed notebooks."""
    from sizeup_helpers.curriculum import get_step

    ws_root, out = ws_root.resolve(), out.resolve()
    clean = out / "donnees-propres"
    own = out / get_step(step).output_folder
    tables, others = [], []
    for name in opened:
        path = Path(name).resolve()
        if not path.is_file() or not (ws_root in path.parents or out in path.parents):
            continue
        if own in path.parents or (out / "carnets-executes") in path.parents:
            continue
        if path.parent == clean and path.suffix == ".csv" and not path.stem.startswith("_"):
            tables.append(path.stem)
        elif path.parent != clean:
            others.append(str(path))
    dictionary = [t for t in tables if t.startswith("dictionnaire")]
    tables = [t for t in tables if t not in dictionary]
    return sorted(tables), sorted(others)


# --------------------------------------------------------------------------------------
# Drivers (each in a fresh process)
# --------------------------------------------------------------------------------------
def _children_figures() -> dict:
    """The kernel's figures as the driver sees them once it has ended, and the driver's own
    peak. The driver's peak is its ``VmHWM``, not ``ru_maxrss``: Linux keeps ``ru_maxrss``
    across ``fork`` and ``execve``, so a driver's would be at least its parent's peak (the
    benchmark's, after writing the data). The kernel's ``ru_maxrss`` is at least the
    driver's resident memory when it started the kernel (a few tens of Mio), far under
    the kernel's own peak: the kernel's ``VmHWM`` (a fresh count after ``execve``) is the
    figure kept, ``ru_maxrss`` the check."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "children_maxrss": kids.ru_maxrss * 1024,
        "children_cpu_s": kids.ru_utime + kids.ru_stime,
        "driver_vmhwm_kb": _status_kb("VmHWM"),
    }


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _best(figures: list[dict]) -> dict:
    """Several runs of the same notebook: the best times, the largest peaks."""
    best = dict(figures[0], repeats=len(figures))
    for key in ("seconds", "run_seconds", "children_cpu_s"):
        if key in best:
            best[key] = min(f[key] for f in figures)
    for key in ("vmhwm_kb", "children_maxrss", "driver_vmhwm_kb"):
        best[key] = max(f[key] for f in figures)
    return best


def drive_step(ws_root: str, out: str, step: str, figures: str) -> dict:
    """In this process: run ``step`` with the runner (the notebook from ``SIZEUP_NOTEBOOKS``)
    and return its figures."""
    from sizeup_helpers.runner import SUCCEEDED, run_curriculum

    start = time.perf_counter()
    result = run_curriculum(
        ws_root, output_dir=out, steps=step, progress=False, raise_on_failure=False
    )
    total = time.perf_counter() - start
    (step_result,) = result.results
    kernel = (
        json.loads(Path(figures).read_text(encoding="utf-8"))
        if step_result.status == SUCCEEDED
        else {}
    )
    return {
        "status": step_result.status,
        "message": step_result.message,
        "seconds": step_result.seconds,
        "run_seconds": total,
        **kernel,
        **_children_figures(),
    }


def drive_baseline(ws_root: str, out: str, notebook: str, figures: str) -> dict:
    """In this process: execute the baseline notebook as the runner executes a step."""
    from sizeup_helpers.runner import execute_notebook, notebook_locations
    from sizeup_helpers.workspace import open_workspace

    ws = open_workspace(ws_root, out)
    cwd, ws_param, out_param = notebook_locations(ws)
    executed = Path(figures).with_suffix(".ipynb")
    start = time.perf_counter()
    execute_notebook(
        notebook, executed, {"workspace_dir": ws_param, "output_dir": out_param}, cwd=cwd
    )
    seconds = time.perf_counter() - start
    kernel = json.loads(Path(figures).read_text(encoding="utf-8"))
    return {"seconds": seconds, **kernel, **_children_figures()}


def _driver(args: list[str], env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_analysis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"driver {args[:2]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------
def preparation(measured: list[str], quick: bool) -> list[str]:
    """The steps to run before measuring: 00–08 (full mode), or only what the measured
    steps must read, transitively (quick mode)."""
    from sizeup_helpers.curriculum import STEPS, get_step

    if not quick:
        return [s.number for s in STEPS if s.number <= "08"]
    needed: set[str] = set()
    todo = [n for s in measured for n in get_step(s).requires]
    while todo:
        number = todo.pop()
        if number not in needed:
            needed.add(number)
            todo.extend(get_step(number).requires)
    return sorted(needed - set(measured))


def run(quick: bool = False, steps: list[str] | None = None) -> list[dict]:
    """Run the measures; return two dicts per measured step (memory, time), with the keys
    of ``benchmarks/bench_read.py``. Prints nothing. ``steps`` chooses among 09–11 (default:
    those whose notebook exists; step 11 alone in quick mode)."""
    from sizeup_helpers.curriculum import get_step
    from sizeup_helpers.runner import notebooks_dir
    from tools.samplegen.large import BIG_TABLE, write_large_workspace

    folder = notebooks_dir()
    wanted = steps or (QUICK_MEASURED if quick else MEASURED)
    measured = [s for s in wanted if (folder / get_step(s).notebook).is_file()]
    rows_wanted = QUICK_ROWS if quick else FULL_ROWS
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="sizeup-bench-analysis-") as tmp_name:
        tmp = Path(tmp_name)
        ws_root, out = tmp / "espace", tmp / "sorties"
        start = time.perf_counter()
        write_large_workspace(ws_root, rows_wanted)
        build_s = time.perf_counter() - start
        big = ws_root / BIG_TABLE
        data = (
            f"variante grande de commerce-rural, {_n(rows_wanted)} lignes de caisse "
            f"({big.stat().st_size / 1e6:.0f} Mo)"
        )
        env = {**os.environ, "SIZEUP_HOME": str(tmp / "home"), "PYTHONPATH": str(ROOT)}
        prep = preparation(measured, quick)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sizeup_helpers.cli", "run", str(ws_root)]
            + ["--out", str(out), "--steps", ",".join(prep), "--quiet"],
            cwd=ROOT,
            env={**env, "SIZEUP_NOTEBOOKS": str(folder)},
            capture_output=True,
            text=True,
        )
        prep_s = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"préparation (étapes {prep}) en échec :\n{done.stdout[-3000:]}")
        copies = tmp / "carnets"
        copies.mkdir()
        for nb in folder.glob("*.ipynb"):
            (copies / nb.name).write_bytes(nb.read_bytes())
        prepared = (
            f"préparation : étapes {', '.join(prep)} en {prep_s:.0f} s (non mesurées), "
            f"données écrites en {build_s:.0f} s"
        )
        for step in measured:
            figures = tmp / f"noyau-{step}.json"
            notebook = get_step(step).notebook
            instrumented(folder / notebook, copies / notebook, figures)
            runs, bases = [], []
            for round_ in range(1 if quick else REPEATS):  # step, baseline, step, baseline
                ran = _driver(
                    ["--step", step, str(ws_root), str(out), str(figures)],
                    {**env, "SIZEUP_NOTEBOOKS": str(copies)},
                )
                if ran["status"] != "réussie":
                    break
                runs.append(ran)
                if round_ == 0:
                    tables, others = step_inputs(ran["opened"], ws_root, out, step)
                    base_figures = tmp / f"base-{step}.json"
                    base_nb = baseline_notebook(
                        tables, others, tmp / f"base-{step}.ipynb", base_figures
                    )
                bases.append(
                    _driver(
                        ["--baseline", str(base_nb), str(ws_root), str(out), str(base_figures)],
                        env,
                    )
                )
            if ran["status"] != "réussie":
                results.append(_failed_row(step, ran, data))
                continue
            results += _rows(step, _best(runs), _best(bases), tables, others, data, prepared)
    return results


def _failed_row(step: str, ran: dict, data: str) -> dict:
    """One row saying that the step failed (no figure to give); the next steps still run."""
    from sizeup_helpers.curriculum import get_step

    return {
        "name": f"étape {get_step(step).label}, {data} : exécution",
        "baseline": "aucune (l'étape a échoué)",
        "ratio": float("nan"),
        "target": 1.0,
        "rule": "au plus",
        "ok": False,
        "details": f"{ran['status']} en {ran['seconds']:.1f} s : {ran['message']}",
    }


def _rows(step, ran, base, tables, others, data, prepared) -> list[dict]:
    from sizeup_helpers.curriculum import get_step

    label = get_step(step).label
    peak = ran["vmhwm_kb"] * 1024
    names = [f"{Path(o).parent.name}/{Path(o).name}" for o in others]
    inputs = (
        f"tables propres lues : {', '.join(tables) or 'aucune'} ; autres fichiers lus "
        f"({len(others)}) : {', '.join(names) or 'aucun'}"
    )
    ratio = ran["seconds"] / base["seconds"]
    cpu_ratio = ran["children_cpu_s"] / base["children_cpu_s"]
    return [
        {
            "name": f"étape {label}, {data} : pic mémoire du noyau / 1 Gio",
            "baseline": "budget d'un noyau Jupyter (1 Gio)",
            "ratio": round(peak / KERNEL_MEMORY_LIMIT, 3),
            "target": 1.0,
            "rule": "au plus",
            "ok": bool(peak <= KERNEL_MEMORY_LIMIT),
            "details": (
                f"noyau (pid {ran['pid']}) : VmHWM lu par le noyau {_mib(ran['vmhwm_kb'] * 1024)}, "
                f"ru_maxrss des processus enfants du pilote {_mib(ran['children_maxrss'])} ; "
                f"processus de sizeup run (papermill, vérification des sorties, archive ; hors "
                f"noyau) {_mib(ran['driver_vmhwm_kb'] * 1024)} ; noyau qui "
                f"lit seulement les entrées : {_mib(base['vmhwm_kb'] * 1024)} ; {inputs}"
            ),
        },
        {
            "name": f"étape {label}, {data} : temps / lecture de ses entrées",
            "baseline": "noyau neuf : setup_notebook + load_clean_table des tables lues "
            "+ lecture des autres fichiers lus",
            "ratio": round(ratio, 3),
            "target": TIME_TARGET,
            "rule": "au plus",
            "ok": bool(ratio <= TIME_TARGET),
            "details": (
                f"étape {ran['seconds']:.1f} s (processeur du noyau {ran['children_cpu_s']:.1f} s)"
                f", lecture des entrées {base['seconds']:.1f} s (processeur "
                f"{base['children_cpu_s']:.1f} s), soit {ran['seconds'] - base['seconds']:.1f} s "
                f"d'analyses (meilleur de {ran['repeats']}, pris tour à tour) ; ratio des temps "
                f"processeur {cpu_ratio:.2f} ; sizeup run --steps {step} complet "
                f"{ran['run_seconds']:.1f} s (avec la vérification des identifiants dans les "
                f"sorties et l'archive) ; {inputs} ; {prepared}"
            ),
        },
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="petite variante, étape 11")
    parser.add_argument("--step", help="pilote : exécute une étape (sortie JSON)")
    parser.add_argument("--baseline", help="pilote : exécute le carnet de référence")
    parser.add_argument("paths", nargs="*", help="pilote : espace, sorties, fichier JSON")
    args = parser.parse_args(argv)
    if args.step:
        ws_root, out, figures = args.paths
        print(json.dumps(drive_step(ws_root, out, args.step, figures)))
        return
    if args.baseline:
        ws_root, out, figures = args.paths
        print(json.dumps(drive_baseline(ws_root, out, args.baseline, figures)))
        return
    for r in run(quick=args.quick):
        status = "OK" if r["ok"] else "ÉCHEC"
        print(f"[{status}] {r['name']} : ratio {r['ratio']:.2f} ({r['rule']} {r['target']})")
        print(f"        {r['details']}")


if __name__ == "__main__":
    main()

"""The cohort level: structures side by side (``--jobs 2`` against one after the other),
a synthetic cohort of 7, 50 and 200 structures (completes, the parent's memory flat, the
time per structure steady), and the same cohort on a Dask ``LocalCluster`` (the same
``results.json``, byte for byte, in about the same time); every ratio measured in one run.

Every cohort run is :func:`sizeup_helpers.cohort.run_cohort` (``resume=False``, a fresh
output folder, no progress bar) called by a *driver*, a fresh process of its own
(``python -m benchmarks.bench_cohort --drive …``) that times the call alone and reports its
outcome, its own peak resident memory (:func:`peak_memory_kib`: the parent process only,
never the structures' processes nor their kernels) and the processor time of the
processes it waited for.

**Jobs.** The seven samples, copied, as a cohort: the whole chain (every available
notebook), ``jobs=1`` then ``jobs=2``. Ratio = jobs 1 / jobs 2, target **at least 1.6**
(two cores).

**Scale.** A synthetic cohort (:func:`tools.samplegen.cohort.make_cohort`, seed 0) of the
largest size; the cohorts of 7 and 50 structures are its first 7 and 50 (the generator
makes them the same). Steps 00 to 05, ``jobs=2``, each size in its own driver. Rows:

- completes: structures whose every step succeeded / structures run, at every size,
  target **at least 1**;
- the parent's memory: its peak at the largest size / its peak at the smallest, target
  **at most 1.1** (flat: it keeps one small outcome per structure, never a structure's
  tables);
- the time per structure at each larger size / the time per structure at the smallest,
  target **at most 1.2**.

**Dask.** The seven samples' cohort on a ``distributed.LocalCluster(n_workers=2,
threads_per_worker=1)`` started by the driver before the clock starts (a network's
cluster is already up): every structure's ``results.json`` against that of the
``jobs=2`` run above, byte for byte (both runs write to the same output folder, moved
aside after each, since a structure's outputs record where they are; ratio = identical
files / structures, target **at least 1**, failed when a file is missing), and time on
Dask / time with ``jobs=2``, target **at most 1.3**.

``run(quick=True)`` (a tiny mode for the smoke test): two small samples, steps 00 and 01
for jobs and Dask (every deliverable compared, the run's trace and the archive apart,
since there is no ``results.json`` before step 12), synthetic cohorts of 2 and 3
structures through step 00; its timings mean nothing.

Run: ``python -m benchmarks bench_cohort`` (about half an hour of both cores), or a part
and other sizes: ``python -m benchmarks.bench_cohort --parties echelle --tailles 7,14``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("jobs", "echelle", "dask")
#: Smallest ratio of one after the other (``jobs=1``) to ``jobs=2``.
JOBS_TARGET = 1.6
#: Largest ratio of the parent's peak memory at the largest size to the smallest.
MEMORY_TARGET = 1.1
#: Largest ratio of the time per structure at a larger size to the smallest.
PER_STRUCTURE_TARGET = 1.2
#: Largest ratio of the time on the Dask cluster to ``jobs=2``.
DASK_TARGET = 1.3
SIZES = (7, 50, 200)
SCALE_STEPS = "00-05"
SYNTHETIC_SEED = 0
QUICK_SAMPLES = ("ateliers-emploi", "insertion-transport")
QUICK_STEPS = "00,01"
QUICK_SIZES = (2, 3)
QUICK_SCALE_STEPS = "00"
#: Files of a structure's outputs never compared: the run's trace (executed notebooks,
#: journal, step state) and the archive (a zip of files already compared).
RUN_TRACE = ("carnets-executes/",)


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} Mio"


def _structures(n: int) -> str:
    return f"{n} structure" + ("s" if n > 1 else "")


# --------------------------------------------------------------------------------------
# The driver: one cohort run in a process of its own
# --------------------------------------------------------------------------------------
def drive(cohort_file: str, out: str, jobs: int, steps: str | None, cluster: int) -> dict:
    """In this process: run the cohort once and say how it went (see the module's doc).

    With ``cluster`` > 0, a ``LocalCluster`` of that many workers (one thread each) is
    started first and the cohort sent to it; its start is not timed.
    """
    from sizeup_helpers.cohort import load_cohort, run_cohort

    cohort = load_cohort(cohort_file)
    options = {"jobs": jobs, "steps": steps, "resume": False, "progress": False}
    if cluster:
        import distributed

        with distributed.LocalCluster(
            n_workers=cluster,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit=0,
        ) as local:
            start = time.perf_counter()
            result = run_cohort(cohort, out, scheduler=local.scheduler_address, **options)
            seconds = time.perf_counter() - start
    else:
        start = time.perf_counter()
        result = run_cohort(cohort, out, **options)
        seconds = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": round(seconds, 2),
        "ok": bool(result.ok),
        "structures": len(result.members),
        "succeeded": sum(m.ok for m in result.members),
        "problems": [f"{m.slug} : {p}" for m in result.members for p in m.problems()][:10],
        "peak_kib": peak_memory_kib(),
        "children_cpu_s": round(kids.ru_utime + kids.ru_stime, 1),
    }


def peak_memory_kib() -> int:
    """This process's peak resident memory in KiB: ``VmHWM`` of ``/proc/self/status``.

    Not ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries over into it the peak of the
    process that started this one (its memory before ``exec``), here the benchmark's.
    ``VmHWM`` belongs to this process's own memory; ``ru_maxrss`` where there is no
    ``/proc``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def driven(
    cohort_file: Path, out: Path, env: dict, *, jobs: int, steps: str | None, cluster: int = 0
) -> dict:
    """Run :func:`drive` in a fresh process; its report."""
    command = [sys.executable, "-m", "benchmarks.bench_cohort", "--drive", str(cohort_file)]
    command += [str(out), "--jobs", str(jobs), "--cluster", str(cluster)]
    command += ["--etapes", steps] if steps else []
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(
            f"pilote en échec ({done.returncode}) :\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------
# Cohorts
# --------------------------------------------------------------------------------------
def write_cohort_file(path: Path, programme: str, folders: list[str]) -> Path:
    """A ``cohorte.yml`` listing ``folders`` (relative to ``path``'s folder)."""
    import yaml

    body = {"programme": programme, "annee": 2026, "debut": "2026-01", "structures": folders}
    path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def samples_cohort(dest: Path, slugs: tuple[str, ...] | None = None) -> Path:
    """Copies of the samples (default: the seven) under ``dest`` and their cohort file."""
    from sizeup_helpers.samples import SAMPLE_ORDER
    from sizeup_helpers.workspace import samples_dir

    slugs = slugs or SAMPLE_ORDER
    for slug in slugs:
        shutil.copytree(samples_dir() / slug, dest / slug, ignore=shutil.ignore_patterns("sorties"))
    return write_cohort_file(dest / "cohorte.yml", "Les exemples en cohorte", list(slugs))


def synthetic_cohorts(dest: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """One synthetic cohort of the largest size; a cohort file per size (its first ones)."""
    import yaml

    from tools.samplegen.cohort import make_cohort

    full = make_cohort(max(sizes), dest, seed=SYNTHETIC_SEED)
    folders = yaml.safe_load(full.read_text(encoding="utf-8"))["structures"]
    return {
        n: write_cohort_file(dest / f"cohorte-{n}.yml", f"Cohorte synthétique de {n}", folders[:n])
        for n in sizes
    }


def compared_files(out: Path, members: list[str]) -> dict[str, Path]:
    """The files to compare between two runs: each structure's ``results.json`` when the
    run wrote one, else every deliverable (not the run's trace nor the archive)."""
    found = {}
    for slug in members:
        folder = out / slug
        results = sorted(folder.rglob("results.json"))
        if results:
            found.update({p.relative_to(out).as_posix(): p for p in results})
    if found:
        return found
    return {
        p.relative_to(out).as_posix(): p
        for slug in members
        for p in sorted((out / slug).rglob("*"))
        if p.is_file()
        and not p.relative_to(out / slug).as_posix().startswith(RUN_TRACE)
        and p.suffix != ".zip"
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------
def run(
    quick: bool = False, parts: tuple[str, ...] = PARTS, sizes: tuple[int, ...] | None = None
) -> list[dict]:
    """Run the measures; return the rows (see ``benchmarks/__init__.py`` for the keys).

    ``parts``: some of :data:`PARTS`; ``sizes``: the synthetic cohorts' sizes (default
    :data:`SIZES`, or :data:`QUICK_SIZES` in quick mode). Prints nothing.
    """
    from sizeup_helpers.runner import available_steps

    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"parties inconnues : {', '.join(sorted(unknown))} (connues : {PARTS})")
    sizes = tuple(sorted(sizes or (QUICK_SIZES if quick else SIZES)))
    chain_steps = QUICK_STEPS if quick else None
    chain_label = (
        "étapes 00 et 01" if quick else f"chaîne entière ({len(available_steps())} carnets)"
    )
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="sizeup-bench-cohort-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "SIZEUP_HOME": str(tmp / "home"), "PYTHONPATH": str(ROOT)}
        env.pop("SIZEUP_NOTEBOOKS", None)
        jobs2 = None
        # the two runs compared write to the same folder (the outputs record it, relative
        # to the workspace), moved aside after each
        shared = tmp / "sorties-cohorte"
        if "jobs" in parts or "dask" in parts:
            cohort_file = samples_cohort(tmp / "exemples", QUICK_SAMPLES if quick else None)
            members = [p.name for p in sorted((tmp / "exemples").iterdir()) if p.is_dir()]
            what = f"{_structures(len(members))} d'exemple, {chain_label}"
            jobs2 = driven(cohort_file, shared, env, jobs=2, steps=chain_steps)
            shared.rename(tmp / "jobs-2")
        if "jobs" in parts:
            jobs1 = driven(cohort_file, tmp / "jobs-1", env, jobs=1, steps=chain_steps)
            rows.append(jobs_row(what, jobs1, jobs2))
        if "echelle" in parts:
            files = synthetic_cohorts(tmp / "synthetique", sizes)
            steps = QUICK_SCALE_STEPS if quick else SCALE_STEPS
            runs = {
                n: driven(path, tmp / f"synthetique-sorties-{n}", env, jobs=2, steps=steps)
                for n, path in files.items()
            }
            label = "étape 00" if quick else f"étapes {steps.replace('-', ' à ')}"
            rows += scale_rows(runs, label)
        if "dask" in parts:
            on_dask = driven(cohort_file, shared, env, jobs=2, steps=chain_steps, cluster=2)
            shared.rename(tmp / "dask")
            rows += dask_rows(what, on_dask, jobs2, tmp / "dask", tmp / "jobs-2", members)
    return rows


def _outcome(side: dict) -> str:
    state = f"{side['succeeded']}/{side['structures']} terminées"
    if side["problems"]:
        state += " ; " + " ; ".join(side["problems"][:3])
    return state


def jobs_row(what: str, one: dict, two: dict) -> dict:
    ratio = one["seconds"] / two["seconds"]
    return {
        "name": f"cohorte de {what} : jobs=1 / jobs=2",
        "baseline": "run_cohort(jobs=2), sans reprise, dossiers de sorties neufs",
        "ratio": round(ratio, 3),
        "target": JOBS_TARGET,
        "rule": "au moins",
        "ok": bool(one["ok"] and two["ok"] and ratio >= JOBS_TARGET),
        "details": (
            f"jobs=1 {one['seconds']:.1f} s (processeur {one['children_cpu_s']:.1f} s, "
            f"{_outcome(one)}) ; jobs=2 {two['seconds']:.1f} s (processeur "
            f"{two['children_cpu_s']:.1f} s, {_outcome(two)}) ; {os.cpu_count()} processeurs"
        ),
    }


def scale_rows(runs: dict[int, dict], label: str) -> list[dict]:
    sizes = sorted(runs)
    small, large = sizes[0], sizes[-1]
    done = sum(r["succeeded"] for r in runs.values())
    total = sum(r["structures"] for r in runs.values())
    per = {n: runs[n]["seconds"] / n for n in sizes}
    what = f"cohortes synthétiques de {', '.join(map(str, sizes))} structures, {label}, jobs=2"
    rows = [
        {
            "name": f"{what} : structures terminées / structures lancées",
            "baseline": "toutes les structures de chaque cohorte",
            "ratio": round(done / total, 3) if total else 0.0,
            "target": 1.0,
            "rule": "au moins",
            "ok": bool(total == sum(sizes) and done == total),
            "details": " ; ".join(
                f"{n} : {_outcome(runs[n])} en {runs[n]['seconds']:.0f} s" for n in sizes
            ),
        },
        {
            "name": f"{what} : pic mémoire du processus parent à {large} / à {small} structures",
            "baseline": f"pic mémoire du processus parent à {small} structures",
            "ratio": round(runs[large]["peak_kib"] / runs[small]["peak_kib"], 3),
            "target": MEMORY_TARGET,
            "rule": "au plus",
            "ok": bool(runs[large]["peak_kib"] <= MEMORY_TARGET * runs[small]["peak_kib"]),
            "details": "pic (VmHWM du seul processus parent) : "
            + ", ".join(f"{n} structures {_mib(runs[n]['peak_kib'])}" for n in sizes),
        },
    ]
    for n in sizes[1:]:
        rows.append(
            {
                "name": f"{what} : temps par structure à {n} / à {small} structures",
                "baseline": f"temps par structure à {small} structures",
                "ratio": round(per[n] / per[small], 3),
                "target": PER_STRUCTURE_TARGET,
                "rule": "au plus",
                "ok": bool(per[n] <= PER_STRUCTURE_TARGET * per[small]),
                "details": (
                    f"{n} structures {runs[n]['seconds']:.1f} s ({per[n]:.2f} s par structure, "
                    f"processeur {runs[n]['children_cpu_s']:.0f} s) ; {small} structures "
                    f"{runs[small]['seconds']:.1f} s ({per[small]:.2f} s par structure)"
                ),
            }
        )
    return rows


def dask_rows(
    what: str, on_dask: dict, jobs2: dict, dask_out: Path, local_out: Path, members: list[str]
) -> list[dict]:
    local = compared_files(local_out, members)
    remote = compared_files(dask_out, members)
    same = [
        name
        for name, path in local.items()
        if name in remote and _digest(path) == _digest(remote[name])
    ]
    differ = sorted(set(local) - set(same))
    extra = sorted(set(remote) - set(local))
    kind = "results.json" if any(n.endswith("results.json") for n in local) else "livrables"
    expected = len(members) if kind == "results.json" else len(local)
    ratio = on_dask["seconds"] / jobs2["seconds"]
    return [
        {
            "name": f"cohorte de {what} : {kind} identiques, Dask / jobs=2",
            "baseline": f"les {kind} de run_cohort(jobs=2)",
            "ratio": round(len(same) / expected, 3) if expected else 0.0,
            "target": 1.0,
            "rule": "au moins",
            "ok": bool(
                expected
                and len(same) == expected
                and not differ
                and not extra
                and on_dask["ok"]
                and jobs2["ok"]
            ),
            "details": (
                f"{len(same)} fichiers identiques octet pour octet sur {len(local)} comparés"
                + (f" ; différents ou absents : {', '.join(differ[:5])}" if differ else "")
                + (f" ; en plus sur Dask : {', '.join(extra[:5])}" if extra else "")
                + f" ; Dask {_outcome(on_dask)} ; jobs=2 {_outcome(jobs2)}"
            ),
        },
        {
            "name": f"cohorte de {what} : temps sur Dask / jobs=2",
            "baseline": "run_cohort(jobs=2) sur cette machine",
            "ratio": round(ratio, 3),
            "target": DASK_TARGET,
            "rule": "au plus",
            "ok": bool(on_dask["ok"] and ratio <= DASK_TARGET),
            "details": (
                "LocalCluster de 2 workers à 1 fil (démarrage non compté) "
                f"{on_dask['seconds']:.1f} s ; jobs=2 {jobs2['seconds']:.1f} s"
            ),
        },
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="mode minuscule (vérification)")
    parser.add_argument(
        "--parties", default=",".join(PARTS), help=f"parties à mesurer ({', '.join(PARTS)})"
    )
    parser.add_argument("--tailles", default=None, help="tailles des cohortes synthétiques : 7,14")
    parser.add_argument("--drive", nargs=2, metavar=("COHORTE", "SORTIES"), help="pilote")
    parser.add_argument("--jobs", type=int, default=1, help="pilote : jobs")
    parser.add_argument("--etapes", default=None, help="pilote : étapes")
    parser.add_argument("--cluster", type=int, default=0, help="pilote : workers Dask (0 : aucun)")
    args = parser.parse_args(argv)
    if args.drive:
        print(json.dumps(drive(*args.drive, args.jobs, args.etapes, args.cluster)))
        return
    sizes = tuple(int(s) for s in args.tailles.split(",")) if args.tailles else None
    parts = tuple(p.strip() for p in args.parties.split(",") if p.strip())
    for r in run(quick=args.quick, parts=parts, sizes=sizes):
        status = "OK" if r["ok"] else "ÉCHEC"
        print(f"[{status}] {r['name']} : ratio {r['ratio']:.2f} ({r['rule']} {r['target']})")
        print(f"        {r['details']}", flush=True)


if __name__ == "__main__":
    main()

"""The whole-chain benchmark in quick mode: its rows are well-formed and measure real runs
and kernels (timings are never asserted), and its parts do what they say."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .benchmark_rows import KEYS, load_benchmark, mib, seconds

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("bench_chain")


@pytest.fixture(scope="module")
def quick_rows(bench):
    return bench.run(quick=True)


def test_quick_rows_are_well_formed(quick_rows):
    assert len(quick_rows) == 4  # floor, naive, jobs, memory of step 05
    for r in quick_rows:
        assert set(r) == KEYS
        assert r["rule"] in ("au plus", "au moins") and isinstance(r["ok"], bool)
        assert isinstance(r["ratio"], float) and r["ratio"] > 0
        assert r["baseline"] and r["details"]
    floor, naive, jobs, memory = quick_rows
    assert "plancher des imports" in floor["name"] and floor["target"] == 1.5
    assert "lancement naïf" in naive["name"] and naive["target"] == 2.0
    assert "--jobs 1 / --jobs 2" in jobs["name"] and jobs["target"] == 1.3
    assert (floor["rule"], naive["rule"], jobs["rule"]) == ("au plus", "au moins", "au moins")
    assert "2 carnets (00 à 01)" in floor["name"]
    assert "étape 05 « Nettoyage et pseudonymisation »" in memory["name"]
    assert "2\u202f000 lignes de caisse" in memory["name"]


def test_times_are_measured_on_every_side(quick_rows):
    floor, naive, jobs, _ = quick_rows
    # the floor: one execution per notebook, each a kernel start at least
    each = dict(re.findall(r"(\d\d) ([\d.]+) s", floor["details"].split(" : ", 1)[1]))
    assert set(each) == {"00", "01"} and all(float(v) > 0.2 for v in each.values())
    floor_s = seconds("plancher", floor["details"])
    assert floor_s == pytest.approx(sum(float(v) for v in each.values()), abs=0.15)
    demo_s = seconds("sizeup run --steps 00,01", floor["details"])
    assert floor["ratio"] == pytest.approx(demo_s / floor_s, rel=0.05)
    naive_s = seconds("papermill en ligne de commande", naive["details"])
    assert naive["ratio"] == pytest.approx(naive_s / demo_s, rel=0.05)
    one, two = seconds("--jobs 1", jobs["details"]), seconds("--jobs 2", jobs["details"])
    assert jobs["ratio"] == pytest.approx(one / two, rel=0.05)
    # every side ran kernels: processor time of the subprocesses and their kernels
    for row in (floor, naive, jobs):
        for cpu in re.findall(r"processeur ([\d.]+) s", row["details"]):
            assert float(cpu) > 0.3, row["details"]


def test_memory_is_the_kernels(quick_rows):
    memory = quick_rows[3]
    details = memory["details"]
    assert memory["ok"] and details.startswith("étape réussie en ")
    in_kernel = mib("VmHWM lu par le noyau", details)
    polled = mib(r"relevés\)", details)
    driver = mib(r"archive ; hors noyau\)", details)
    # a kernel that imported pandas and cleaned tables: tens of megabytes; polling from
    # outside sees at most the kernel's own peak
    assert 40 <= in_kernel <= 1024 and 0 < polled <= in_kernel + 8
    assert driver > 0 and re.search(r"noyau \(pid \d+\)", details)
    assert memory["ratio"] == pytest.approx(in_kernel / 1024, abs=0.002)


def test_imports_notebook_keeps_the_first_code_cell(bench, tmp_path):
    import nbformat

    source = ROOT / "notebooks" / "09_analyse_quantitative.ipynb"
    copy = bench.imports_notebook(source, tmp_path / source.name)
    nb = nbformat.read(copy, as_version=4)
    nbformat.validate(nb)
    first = next(c for c in nbformat.read(source, as_version=4).cells if c.cell_type == "code")
    assert [c.source for c in nb.cells] == [first.source]
    assert "parameters" not in first.metadata.get("tags", [])


def test_measured_notebook_cells_record_pid_and_peak(bench, tmp_path):
    import nbformat

    source = ROOT / "notebooks" / "05_nettoyage_et_pseudonymisation.ipynb"
    pid, peak = tmp_path / "pid.json", tmp_path / "pic.json"
    copy = bench.measured_notebook(source, tmp_path / source.name, pid, peak)
    nb = nbformat.read(copy, as_version=4)
    nbformat.validate(nb)
    assert len(nb.cells) == len(nbformat.read(source, as_version=4).cells) + 2
    # the two added cells, run as a script: the process's own id and peak
    script = nb.cells[0].source + "\n" + nb.cells[-1].source
    done = subprocess.run(
        [sys.executable, "-c", script + "\nprint(_bench_os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    got = json.loads(peak.read_text(encoding="utf-8"))
    assert json.loads(pid.read_text(encoding="utf-8"))["pid"] == got["pid"]
    assert got["pid"] == int(done.stdout.strip()) and got["vmhwm_kb"] > 1000


def test_runner_parameters_read_the_records(bench, tmp_path):
    nb = {"cells": [], "metadata": {"papermill": {"parameters": {"workspace_dir": "."}}}}
    (tmp_path / "01_x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "02_y.echec.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "journal-execution.json").write_text("{}", encoding="utf-8")
    assert bench.runner_parameters(tmp_path) == {"01_x.ipynb": {"workspace_dir": "."}}


def test_memory_poll_sees_a_child(bench):
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; b = bytearray(60 * 2**20); time.sleep(1.5)"]
    )
    with bench.MemoryPoll(child.pid) as poll:
        child.wait()
    assert poll.polls > 1 and poll.peaks[child.pid] >= 60 * 2**20

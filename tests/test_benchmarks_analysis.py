"""The steps 09–11 benchmark in quick mode: its rows are well-formed and measure a real
kernel (timings are not asserted here), and its parts do what they say."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .benchmark_rows import KEYS, load_benchmark, mib

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("bench_analysis")


@pytest.fixture(scope="module")
def quick_rows(bench):
    return bench.run(quick=True)


def test_quick_rows_are_well_formed(quick_rows):
    assert len(quick_rows) == 2  # step 11: memory, time
    for r in quick_rows:
        assert set(r) == KEYS
        assert r["rule"] == "au plus" and isinstance(r["ok"], bool)
        assert isinstance(r["ratio"], float) and r["ratio"] > 0
        assert r["name"].startswith("étape 11 « Valorisation »")
        assert r["baseline"] and r["details"]
    memory, timing = quick_rows
    assert "pic mémoire du noyau / 1 Gio" in memory["name"] and memory["target"] == 1.0
    assert "temps / lecture de ses entrées" in timing["name"] and timing["target"] == 3.0
    assert "2\u202f000 lignes de caisse" in memory["name"]


def test_memory_is_the_kernels(quick_rows):
    details = quick_rows[0]["details"]
    in_kernel = mib("VmHWM lu par le noyau", details)
    children = mib("ru_maxrss des processus enfants du pilote", details)
    driver = mib(r"archive ; hors noyau\)", details)
    # a kernel that imported pandas: tens of megabytes at least, and both ways agree
    assert 40 <= in_kernel <= 1024 and 40 <= children <= 1024
    assert abs(in_kernel - children) <= max(8, in_kernel // 10), details
    assert driver > 0 and re.search(r"noyau \(pid \d+\)", details)
    assert quick_rows[0]["ratio"] == pytest.approx(in_kernel / 1024, abs=0.002)


def test_time_is_measured_on_both_sides(quick_rows):
    details = quick_rows[1]["details"]
    step = float(re.search(r"étape ([\d.]+) s", details).group(1))
    base = float(re.search(r"lecture des entrées ([\d.]+) s", details).group(1))
    assert step > 0 and base > 0
    assert quick_rows[1]["ratio"] == pytest.approx(step / base, rel=0.05)
    assert "préparation : étapes 05, 06" in details


def test_preparation(bench):
    assert bench.preparation(["11"], quick=True) == ["05", "06"]
    assert bench.preparation(["10"], quick=True) == ["00", "01", "02", "03", "08"]
    assert bench.preparation(["09", "10", "11"], quick=False)[-1] == "08"


def test_step_inputs(bench, tmp_path):
    ws, out = tmp_path / "espace", tmp_path / "sorties"
    files = [
        out / "donnees-propres" / "caisse.csv",
        out / "donnees-propres" / "dictionnaire-des-donnees.csv",
        out / "06-indicateurs" / "referentiel.csv",
        out / "11-valorisation" / "carte-impact.xlsx",  # the step's own: not an input
        out / "carnets-executes" / "x.ipynb",
        ws / "structure.yml",
    ]
    for f in files:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x")
    opened = [str(f) for f in files] + ["/etc/hostname", str(ws / "absent.csv")]
    tables, others = bench.step_inputs(opened, ws, out, "11")
    assert tables == ["caisse"]
    assert others == sorted(str(f.resolve()) for f in (files[2], files[5]))


def test_hook_and_figures_cells_record_reads_and_peak(bench, tmp_path):
    """The two cells added to a notebook, run as a script: files read are recorded, files
    written are not, and the peak memory is the process's own."""
    read, written, figures = tmp_path / "lu.txt", tmp_path / "ecrit.txt", tmp_path / "f.json"
    read.write_text("x")
    script = "\n".join(
        [
            bench._HOOK_CELL,
            f"open({str(read)!r}).read()",
            f"open({str(written)!r}, 'w').write('y')",
            bench._FIGURES_CELL.format(path=str(figures)),
        ]
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    got = json.loads(figures.read_text(encoding="utf-8"))
    assert str(read) in got["opened"] and str(written) not in got["opened"]
    assert got["vmhwm_kb"] > 1000 and got["pid"] > 0


def test_notebooks_are_valid(bench, tmp_path):
    import nbformat

    base = bench.baseline_notebook(["caisse"], ["/x/y.csv"], tmp_path / "b.ipynb", tmp_path / "f")
    nbformat.validate(nbformat.read(base, as_version=4))
    source = ROOT / "notebooks" / "11_valorisation.ipynb"
    copy = bench.instrumented(source, tmp_path / source.name, tmp_path / "f.json")
    nb = nbformat.read(copy, as_version=4)
    nbformat.validate(nb)
    original = json.loads(source.read_text(encoding="utf-8"))["cells"]
    assert len(nb.cells) == len(original) + 2
    assert "addaudithook" in nb.cells[0].source and "VmHWM" in nb.cells[-1].source


def test_large_workspace_is_a_copy(tmp_path):
    from sizeup_helpers.workspace import open_workspace, samples_dir
    from tools.samplegen.large import BIG_TABLE, write_large_workspace

    ws = write_large_workspace(tmp_path / "grand", 300)
    lines = (ws / BIG_TABLE).read_bytes().decode("cp1252").splitlines()
    assert len(lines) == 301 and lines[0].startswith("ticket_id;date_heure;")
    assert open_workspace(ws).slug == "commerce-rural"
    with pytest.raises(ValueError, match="exemples livrés"):
        write_large_workspace(samples_dir() / "commerce-rural" / "x", 10)
    with pytest.raises(ValueError, match="pas un dossier vide"):
        write_large_workspace(ws, 10)


def test_best_of_runs_and_failed_row(bench):
    runs = [
        {
            "seconds": 3.0,
            "children_cpu_s": 2.0,
            "vmhwm_kb": 10,
            "children_maxrss": 5,
            "driver_vmhwm_kb": 1,
            "pid": 1,
        },
        {
            "seconds": 2.0,
            "children_cpu_s": 2.5,
            "vmhwm_kb": 12,
            "children_maxrss": 4,
            "driver_vmhwm_kb": 3,
            "pid": 2,
        },
    ]
    best = bench._best(runs)
    assert (best["seconds"], best["children_cpu_s"], best["repeats"]) == (2.0, 2.0, 2)
    assert (best["vmhwm_kb"], best["children_maxrss"], best["driver_vmhwm_kb"]) == (12, 5, 3)
    row = bench._failed_row("09", {"status": "échec", "seconds": 1.0, "message": "Pourquoi."}, "x")
    assert set(row) == KEYS and row["ok"] is False and "Pourquoi." in row["details"]

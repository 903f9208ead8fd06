"""The cohort benchmark in quick mode: its rows are well-formed and measure real cohort runs
(timings are never asserted), and its parts do what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .benchmark_rows import KEYS, load_benchmark, seconds

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.xdist_group("synthetic")


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("bench_cohort")


@pytest.fixture(scope="module")
def quick_rows(bench):
    return bench.run(quick=True)


def test_quick_rows_are_well_formed(quick_rows):
    # jobs; completes, memory, time per structure at 3; identical files, time on Dask
    assert len(quick_rows) == 6
    for r in quick_rows:
        assert set(r) == KEYS
        assert r["rule"] in ("au plus", "au moins") and isinstance(r["ok"], bool)
        assert isinstance(r["ratio"], float) and r["ratio"] > 0
        assert r["baseline"] and r["details"]
    jobs, done, memory, per, same, dask = quick_rows
    assert "jobs=1 / jobs=2" in jobs["name"] and jobs["target"] == 1.6
    assert "2 structures d'exemple, étapes 00 et 01" in jobs["name"]
    assert "cohortes synthétiques de 2, 3 structures, étape 00" in done["name"]
    assert "pic mémoire du processus parent à 3 / à 2" in memory["name"]
    assert memory["target"] == 1.1 and memory["rule"] == "au plus"
    assert "temps par structure à 3 / à 2" in per["name"] and per["target"] == 1.2
    assert "livrables identiques, Dask / jobs=2" in same["name"]
    assert "temps sur Dask / jobs=2" in dask["name"] and dask["target"] == 1.3


def test_every_cohort_run_completes_and_the_files_are_the_same(quick_rows):
    jobs, done, _, _, same, _ = quick_rows
    assert "2/2 terminées" in jobs["details"] and jobs["details"].count("2/2 terminées") == 2
    assert done["ok"] and done["ratio"] == 1.0
    assert "2 : 2/2 terminées" in done["details"] and "3 : 3/3 terminées" in done["details"]
    assert same["ok"] and same["ratio"] == 1.0, same["details"]
    compared = int(re.search(r"sur (\d+) comparés", same["details"]).group(1))
    assert compared >= 8  # the deliverables of steps 00 and 01, two structures


def test_ratios_are_the_measured_times(quick_rows):
    jobs, _, memory, per, _, dask = quick_rows
    one, two = seconds("jobs=1", jobs["details"]), seconds("jobs=2", jobs["details"])
    assert jobs["ratio"] == pytest.approx(one / two, rel=0.05)
    assert float(re.search(r"processeur ([\d.]+) s", jobs["details"]).group(1)) > 1
    peaks = [int(m) for m in re.findall(r"structures (\d+) Mio", memory["details"])]
    assert len(peaks) == 2 and all(10 < p < 1024 for p in peaks)
    assert memory["ratio"] == pytest.approx(peaks[1] / peaks[0], abs=0.02)
    three = seconds("3 structures", per["details"])
    two_s = seconds("2 structures", per["details"])
    assert per["ratio"] == pytest.approx((three / 3) / (two_s / 2), rel=0.05)
    on_dask = seconds(r"\(démarrage non compté\)", dask["details"])
    assert dask["ratio"] == pytest.approx(on_dask / seconds("jobs=2", dask["details"]), rel=0.05)


def test_synthetic_cohorts_of_each_size_are_the_first_ones(bench, tmp_path):
    files = bench.synthetic_cohorts(tmp_path, (1, 2))
    small, large = (yaml.safe_load(files[n].read_text("utf-8")) for n in (1, 2))
    assert small["structures"] == large["structures"][:1]
    assert large["structures"] == [
        "structure-001-commerce-rural",
        "structure-002-formation-batiment",
    ]


def test_compared_files_are_results_json_when_there_are(bench, tmp_path):
    for slug in ("a", "b"):
        (tmp_path / slug / "12-restitution").mkdir(parents=True)
        (tmp_path / slug / "12-restitution" / "results.json").write_text("{}")
        (tmp_path / slug / "carnets-executes").mkdir()
        (tmp_path / slug / "carnets-executes" / "journal.json").write_text("{}")
        (tmp_path / slug / "archive.zip").write_text("")
    assert sorted(bench.compared_files(tmp_path, ["a", "b"])) == [
        "a/12-restitution/results.json",
        "b/12-restitution/results.json",
    ]
    for slug in ("a", "b"):
        (tmp_path / slug / "12-restitution" / "results.json").unlink()
    assert sorted(bench.compared_files(tmp_path, ["a", "b"])) == []
    (tmp_path / "a" / "01-cadrage").mkdir()
    (tmp_path / "a" / "01-cadrage" / "cadrage.md").write_text("x")
    assert list(bench.compared_files(tmp_path, ["a", "b"])) == ["a/01-cadrage/cadrage.md"]

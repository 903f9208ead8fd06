"""Structure of the clean_table benchmark's results (timings are not asserted here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_clean.py"
KEYS = {"name", "baseline", "ratio", "target", "rule", "ok", "details"}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_clean", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_structure(bench, monkeypatch):
    monkeypatch.setattr(bench, "arrow_strings", lambda quick=False: [])
    results = bench.run(quick=True)
    assert len(results) == 2
    for r in results:
        assert set(r) == KEYS
        assert isinstance(r["name"], str) and r["name"]
        assert r["rule"] == "au plus"
        assert isinstance(r["ok"], bool)
        assert r["ratio"] > 0 and isinstance(r["baseline"], str) and r["baseline"]
        assert isinstance(r["details"], str) and r["details"]
    assert [r["target"] for r in results] == [2.0, 3.0]
    assert "temps" in results[0]["name"] and "mémoire" in results[1]["name"]


def test_messy_frame_is_text_and_sized(bench):
    frame = bench.make_messy_frame(500)
    assert frame.shape == (500, 6)
    assert all(str(dtype) in ("str", "object", "string") for dtype in frame.dtypes)


def test_arrow_part_is_optional(bench):
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert bench.arrow_strings(quick=True) == []
    else:
        pytest.skip("pyarrow est installé : la partie facultative tourne (voir le test suivant)")


def test_storage_figures_in_one_process(bench, tmp_path, monkeypatch):
    import benchmarks.bench_read as bench_read

    monkeypatch.setattr(bench_read.large_till_csv, "__defaults__", (tmp_path,))
    with pd.option_context("mode.string_storage", pd.get_option("mode.string_storage")):
        figures = bench.storage_figures("python", quick=True)
    assert figures["storage"] == "python" and figures["repeats"] == 1
    assert figures["read_s"] > 0 and figures["clean_s"] > 0
    assert 0 < figures["peak_bytes"] < 2**40
    assert figures["csv_rows"] == bench_read.QUICK_CSV_ROWS
    assert [p.suffix for p in tmp_path.iterdir()] == [".csv"]


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("pyarrow") is None, reason="pyarrow absent"
)
def test_arrow_rows_with_pyarrow(bench):
    rows = bench.arrow_strings(quick=True)
    assert len(rows) == 2 and all(set(r) == KEYS for r in rows)
    assert "pyarrow" in rows[0]["details"] and "python" in rows[0]["details"]

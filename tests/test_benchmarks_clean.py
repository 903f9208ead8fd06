"""Structure of the clean_table benchmark's results (timings are not asserted here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_clean.py"
KEYS = {"name", "baseline", "ratio", "target", "rule", "ok", "details"}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_clean", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_structure(bench):
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

"""The reading benchmark runs and returns well-formed results (timings are not checked)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_read.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_read", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_quick_structure(tmp_path, monkeypatch, capsys):
    bench = _load()
    monkeypatch.setattr(bench, "DATA_DIR", tmp_path)
    monkeypatch.setattr(bench.make_messy_xlsx, "__defaults__", (15, tmp_path))
    monkeypatch.setattr(bench.large_till_csv, "__defaults__", (tmp_path,))
    results = bench.run(quick=True)
    assert capsys.readouterr().out == ""  # run() prints nothing
    assert len(results) == 3
    for result in results:
        assert set(result) == {"name", "baseline", "ratio", "target", "rule", "ok", "details"}
        assert result["rule"] in ("au moins", "au plus")
        assert isinstance(result["ok"], bool)
        assert result["ratio"] > 0 and result["target"] > 0
        assert isinstance(result["name"], str) and isinstance(result["details"], str)
    assert [r["rule"] for r in results] == ["au moins", "au plus", "au plus"]
    assert [r["target"] for r in results] == [6.0, 1.35, 1.1]
    assert "python-calamine seul" in results[1]["baseline"]
    assert "même tableau que pandas : oui" in results[2]["details"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".xlsx"]


def test_generated_files_are_deterministic(tmp_path):
    bench = _load()
    first = bench.large_till_csv(500, folder=tmp_path / "a").read_bytes()
    second = bench.large_till_csv(500, folder=tmp_path / "b").read_bytes()
    assert first == second
    x1 = bench.make_messy_xlsx(300, folder=tmp_path / "a").read_bytes()
    x2 = bench.make_messy_xlsx(300, folder=tmp_path / "b").read_bytes()
    assert x1 == x2


def test_messy_xlsx_is_read_as_a_person_sees_it(tmp_path):
    from sizeup_helpers.io import read_export_with_report

    bench = _load()
    frame, report = read_export_with_report(bench.make_messy_xlsx(50, folder=tmp_path))
    assert len(frame) == 50 and report.header_rows == 2 and len(report.title_rows) == 2
    assert "Identité / Code postal" in frame.columns
    assert frame["Identité / Code postal"].str.fullmatch(r"\d{5}").all()
    assert frame["Service / Date"].str.fullmatch(r"2023-\d\d-\d\d").all()
    csv = bench.large_till_csv(200, folder=tmp_path)
    expected = pd.read_csv(
        csv, sep=";", encoding="cp1252", dtype=str, keep_default_na=False, na_values=[""]
    )
    got, report = read_export_with_report(csv)
    pd.testing.assert_frame_equal(got, expected, check_column_type=False)
    assert report.encoding == "cp1252" and report.separator == ";"

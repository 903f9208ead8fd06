"""The `sizeup init --depuis` benchmark runs and returns well-formed results (no timing checked)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_init.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_init", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_quick_structure(tmp_path, monkeypatch, capsys):
    bench = _load()
    monkeypatch.setattr(bench, "QUICK_FILES", 3)
    monkeypatch.setattr(bench, "QUICK_ROWS", 50)
    results = bench.run(quick=True)
    assert capsys.readouterr().out == ""  # run() prints nothing
    assert len(results) == 1
    result = results[0]
    assert set(result) == {"name", "baseline", "ratio", "target", "rule", "ok", "details"}
    assert result["rule"] == "au plus" and result["target"] == 1.3
    assert isinstance(result["ok"], bool) and result["ratio"] > 0
    assert "3 entrées déclarées sur 3 fichiers copiés" in result["details"]
    assert result["name"].startswith("sizeup init --depuis, 3 exports de 50 lignes")


def test_generated_exports_are_read_and_declared(tmp_path):
    from sizeup_helpers.intake import intake_folder

    bench = _load()
    source = bench.make_exports(tmp_path / "exports", 4, 30)
    names = sorted(p.name for p in source.iterdir())
    assert names == [
        "inscriptions_01.csv",
        "presences_02.xlsx",
        "questionnaire_04.xlsx",
        "suivi_03.csv",
    ]
    result = intake_folder(tmp_path / "espace", "Essai", source)
    assert not result.unreadable and len(result.entries) == 4
    first = next(e for e in result.entries if e.path.endswith("inscriptions_01.csv"))
    assert first.role == "inscriptions" and first.personal

"""Tests of sizeup_helpers.io: read_export on realistic, hostile and real third-party files."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import os
import re
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sizeup_helpers import io as sio
from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.io import (
    LoadReport,
    ReadError,
    list_sheets,
    load_report,
    read_all_sheets,
    read_export,
    read_export_with_report,
)

from .conftest import REAL_WORLD, needs_real_world

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("make_corpus", HERE / "badinput" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules["make_corpus"] = make_corpus
_spec.loader.exec_module(make_corpus)

TIME_LIMIT = 30  # seconds: "none hangs"
HEAVY_PEAK_LIMIT = 200 * 2**20  # bytes of Python allocations for the 10 Mo / million-row files


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------
# The corpus is generated once per test process, at collection time, into a temporary
# folder removed when the process ends (nothing is committed).
_CORPUS_DIR = tempfile.TemporaryDirectory(prefix="sizeup-mauvais-fichiers-")
_CORPUS = {case.name: case for case in make_corpus.make_corpus(Path(_CORPUS_DIR.name))}


@pytest.fixture(scope="module")
def corpus():
    return _CORPUS


def _fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size


class _Timeout(Exception):
    pass


def _read_guarded(case):
    """Read a corpus file under an alarm; return (frame, report, error, peak bytes)."""

    def on_alarm(signum, frame):  # pragma: no cover - only when something hangs
        raise _Timeout(f"{case.name} : plus de {TIME_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TIME_LIMIT)
    tracemalloc.start()
    try:
        frame, report = read_export_with_report(case.path, **case.options)
        error = None
    except ReadError as exc:
        frame, report, error = None, None, exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return frame, report, error, peak


# --------------------------------------------------------------------------------------
# The bad-input corpus
# --------------------------------------------------------------------------------------
def test_corpus_has_at_least_25_files(corpus):
    assert len(corpus) >= 25
    assert {c.expect for c in corpus.values()} == {"read", "refuse"}


@pytest.mark.parametrize("name", list(_CORPUS))
def test_corpus_file(corpus, name):
    case = corpus[name]
    before = _fingerprint(case.path)
    started = time.perf_counter()
    frame, report, error, peak = _read_guarded(case)
    elapsed = time.perf_counter() - started
    assert _fingerprint(case.path) == before, f"{name} a été modifié"
    assert elapsed < TIME_LIMIT
    if case.heavy:
        assert peak < HEAVY_PEAK_LIMIT, f"{name} : pic mémoire {peak / 2**20:.0f} Mo"
    if case.expect == "refuse":
        assert error is not None, f"{name} aurait dû être refusé"
        assert isinstance(error, SizeUpError)
        assert re.search(case.match, str(error), re.S), str(error)
        assert case.path.name in str(error)
    else:
        assert error is None, f"{name} : {error}"
        assert re.search(case.match, report.to_text(), re.S), report.to_text()
        assert all(str(t) in ("str", "object") for t in frame.dtypes)
        if case.check is not None:
            assert case.check(frame), frame.head()


def test_big_file_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "gros.csv"
    path.write_bytes(b"a;b\n1;2\n" * 200)
    monkeypatch.setattr(sio, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ReadError, match=r"gros.csv.*au-delà de la limite"):
        read_export(path)


def test_zip_bomb_guard(tmp_path, monkeypatch):
    path = make_corpus.write_xlsx(tmp_path / "bombe.xlsx", [("F", make_corpus._SMALL, "", "A1")])
    monkeypatch.setattr(sio, "MAX_UNCOMPRESSED_BYTES", 100)
    with pytest.raises(ReadError, match=r"bombe.xlsx.*se décompresse"):
        read_export(path)


def test_max_cells_guard(tmp_path, monkeypatch):
    data = "".join(make_corpus.row(r, ["x", "y", "z"]) for r in range(1, 60))
    path = make_corpus.write_xlsx(tmp_path / "large.xlsx", [("F", data, "", "A1:C59")])
    monkeypatch.setattr(sio, "MAX_CELLS", 100)
    with pytest.raises(ReadError, match=r"large.xlsx.*59 lignes × 26 colonnes.*limite"):
        read_export(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match=r"absent.csv» n'existe pas|absent.csv » n'existe pas"):
        read_export(tmp_path / "absent.csv")
    with pytest.raises(ReadError, match=r"est un dossier"):
        read_export(tmp_path)
    with pytest.raises(TypeError, match=r"`path` doit être un chemin"):
        read_export(3)


def test_damaged_workbook_is_named_as_a_workbook_not_as_a_csv(tmp_path):
    """Random bytes behind an .xlsx name: the message speaks of a workbook, names the file."""
    damaged = tmp_path / "export-illisible.xlsx"
    damaged.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(SizeUpError) as err:
        read_export(damaged)
    assert "« export-illisible.xlsx »" in err.value.message
    assert "n'est pas un classeur lisible" in err.value.message and "CSV" not in err.value.message
    # a text file saved with the wrong extension is still read as the table it is
    misnamed = tmp_path / "export.xls"
    misnamed.write_text("nom;age\nA;3\n", encoding="utf-8")
    assert read_export(misnamed).shape == (1, 2)


def test_sheet_option_on_text_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b\n1;2\n")
    with pytest.raises(ReadError, match=r"a.csv.*pas de feuille"):
        read_export(path, sheet="Feuil1")


# --------------------------------------------------------------------------------------
# Realistic files
# --------------------------------------------------------------------------------------
def test_cp1252_semicolon_csv_with_comma_decimals(tmp_path):
    text = (
        "Export caisse - Épicerie du village\r\n"
        "Période : 2023\r\n"
        "\r\n"
        "Date;Libellé;Quantité;Montant;Code postal\r\n"
        "05/03/2023;Crème fraîche;2;1\u00a0234,50;01000\r\n"
        "06/03/2023;Œufs;-1;-3,20;01000\r\n"
        "07/03/2023;Café € ;1;12;\r\n"
    )
    path = tmp_path / "caisse.csv"
    path.write_bytes(text.encode("cp1252"))
    frame, report = read_export_with_report(path)
    assert report.encoding == "cp1252"
    assert report.separator == ";"
    assert report.header_row == 4
    assert report.title_rows == ["Export caisse - Épicerie du village", "Période : 2023"]
    assert list(frame.columns) == ["Date", "Libellé", "Quantité", "Montant", "Code postal"]
    expected = pd.DataFrame(
        {
            "Date": ["05/03/2023", "06/03/2023", "07/03/2023"],
            "Libellé": ["Crème fraîche", "Œufs", "Café € "],
            "Quantité": ["2", "-1", "1"],
            "Montant": ["1\u00a0234,50", "-3,20", "12"],
            "Code postal": ["01000", "01000", None],
        },
        dtype=str,
    )
    pd.testing.assert_frame_equal(frame, expected)
    assert report.injection_cells == {}  # negative numbers are not formulas
    text = report.to_text()
    assert "Windows-1252" in text and "point-virgule" in text and "ligne 4" in text


def test_utf8_bom_comma_csv(tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + 'nom,ville\nZoé,Sète\nJosé,"Paris, 11e"\n'.encode())
    frame, report = read_export_with_report(path)
    assert report.encoding == "utf-8-sig"
    assert report.separator == ","
    assert list(frame.columns) == ["nom", "ville"]  # no BOM glued to the first name
    assert list(frame["ville"]) == ["Sète", "Paris, 11e"]


def _merged_header_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Présences"
    ws["A1"] = "Registre des présences - Formation bâtiment"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Session de mars"
    ws["A3"], ws["B3"], ws["D3"] = "Stagiaire", "Semaine 1", "Semaine 2"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C3")
    ws.merge_cells("D3:F3")
    for col, value in zip("BCDEF", ["Lundi", "Mardi", "Lundi", "Mardi", "Lundi"], strict=True):
        ws[f"{col}4"] = value
    ws.append(["S01", "P", "A", "P", "P", "AJ"])
    ws.append(["S02", "P", "P", "R", None, "P"])
    ws["A7"] = "S03"
    ws["B7"] = dt.date(2023, 3, 6)
    ws["C7"] = 12.0
    ws["D7"] = "01000"
    ws["E7"] = 0.5
    ws["F7"] = "=1+1"
    wb.save(path)
    return path


def test_xlsx_with_title_rows_and_merged_header(tmp_path):
    path = _merged_header_workbook(tmp_path / "presences.xlsx")
    frame, report = read_export_with_report(path)
    assert report.header_row == 3 and report.header_rows == 2
    assert len(report.title_rows) == 2
    assert list(frame.columns) == [
        "Stagiaire",
        "Semaine 1 / Lundi",
        "Semaine 1 / Mardi",
        "Semaine 2 / Lundi",
        "Semaine 2 / Mardi",
        "Semaine 2 / Lundi (2)",
    ]
    assert report.renamed_columns == {"Semaine 2 / Lundi (2)": "doublon de « Semaine 2 / Lundi »"}
    assert list(frame["Stagiaire"]) == ["S01", "S02", "S03"]
    row = frame.iloc[2].tolist()
    assert row[:5] == ["S03", "2023-03-06", "12", "01000", "0.5"]
    assert pd.isna(row[5])  # a formula openpyxl wrote but no spreadsheet ever computed
    assert report.date_columns == ["Semaine 1 / Lundi"]
    assert report.formula_cells == 1
    assert pd.isna(frame.iloc[1, 4])
    assert "lignes 3 à 4" in report.to_text()


def test_merges_same_as_openpyxl(tmp_path):
    """python-calamine's merged ranges are the ones openpyxl sees (so openpyxl isn't needed)."""
    from python_calamine import CalamineWorkbook

    path = _merged_header_workbook(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path).active
    expected = sorted(
        (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges
    )
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Présences")
    got = sorted((r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges)
    assert got == expected


def test_values_same_as_openpyxl_for_text_and_numbers(tmp_path):
    path = _merged_header_workbook(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path, data_only=True).active
    frame = read_export(path)
    assert frame.iloc[0].tolist() == [c.value for c in ws[5]]


def test_workbook_one_tab_per_month(tmp_path):
    wb = openpyxl.Workbook()
    months = ["Janvier", "Février", "Mars"]
    for i, month in enumerate(months):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = month
        ws.append([f"Services rendus - {month} 2023"])
        ws.append(["Date", "Service", "Nombre"])
        for d in range(1, 4 + i):
            ws.append([dt.date(2023, i + 1, d), "Colis", d])
        ws.append(["Total", None, sum(range(1, 4 + i))])
    wb.create_sheet("Vide")
    path = tmp_path / "services.xlsx"
    wb.save(path)
    assert list_sheets(path) == months + ["Vide"]
    frame, report = read_export_with_report(path)
    assert report.sheet == "Janvier" and report.sheets == months + ["Vide"]
    assert "read_all_sheets" in report.to_text()
    assert len(frame) == 4 and frame["Date"].iloc[0] == "2023-01-01"
    assert read_export(path, sheet=1)["Date"].iloc[0] == "2023-02-01"
    assert len(read_export(path, sheet=" mars ")) == 6  # loose match on case and spaces
    all_sheets = read_all_sheets(path)
    assert list(all_sheets) == months
    assert [len(f) for f in all_sheets.values()] == [4, 5, 6]
    assert "« Vide »" in load_report(all_sheets["Janvier"]).to_text()
    with pytest.raises(ReadError, match=r"services.xlsx.*n'a que 4 feuilles"):
        read_export(path, sheet=7)
    with pytest.raises(TypeError, match=r"`sheet` doit être"):
        read_export(path, sheet=1.5)


def test_report_is_kept_in_attrs_and_french(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b\n1;2\n")
    frame = read_export(path)
    report = load_report(frame)
    assert isinstance(report, LoadReport)
    assert frame.attrs[sio.REPORT_KEY] is report
    assert str(report).startswith("Fichier « a.csv » lu comme texte CSV.")
    with pytest.raises(ReadError, match=r"pas de rapport de lecture"):
        load_report(pd.DataFrame({"a": [1]}))
    assert report._repr_markdown_() == report.to_text()  # a notebook shows the same text


def test_report_counts_agree_in_french():
    one = LoadReport(
        file="a.csv",
        file_format="csv",
        header_row=2,
        title_rows=["Export"],
        n_rows=1,
        n_columns=1,
        formula_cells=1,
    )
    assert one.summary().endswith("en-tête ligne 2, 1 ligne de titre ignorée")
    text = one.to_text()
    assert "- Taille : 1 ligne × 1 colonne." in text
    assert "- 1 cellule contient une formule" in text
    many = LoadReport(
        file="a.csv",
        file_format="csv",
        header_row=3,
        title_rows=["a", "b"],
        n_rows=12345,
        n_columns=2,
        formula_cells=2,
    )
    assert many.summary().endswith("2 lignes de titre ignorées")
    assert "- Taille : 12\u202f345 lignes × 2 colonnes." in many.to_text()
    assert "- 2 cellules contiennent une formule" in many.to_text()


def test_tab_and_pipe_separators(tmp_path):
    for sep, name in (("\t", "a.tsv"), ("|", "b.csv")):
        path = tmp_path / name
        path.write_text(
            sep.join(["nom", "ville", "n"]) + "\n" + sep.join(["A", "B, C", "1,5"]) + "\n"
        )
        frame, report = read_export_with_report(path)
        assert report.separator == sep
        assert frame.iloc[0].tolist() == ["A", "B, C", "1,5"]


def test_empty_cells_are_missing_but_na_text_stays(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b;c\nNA;;0\n-;x;\n")
    frame = read_export(path)
    assert frame["a"].tolist() == ["NA", "-"]
    assert frame["b"].isna().tolist() == [True, False]
    assert frame["c"].isna().tolist() == [False, True]


def test_empty_rows_and_unnamed_empty_columns_dropped(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b;\n1;2;\n;;\n3;4;\n")
    frame, report = read_export_with_report(path)
    assert list(frame.columns) == ["a", "b"]
    assert frame["a"].tolist() == ["1", "3"]
    assert "1 ligne entièrement vide retirée" in report.to_text()


def test_input_not_modified_and_new_frames(tmp_path):
    path = _merged_header_workbook(tmp_path / "p.xlsx")
    before = _fingerprint(path)
    os.chmod(path, 0o444)  # read-only file: reading must still work
    try:
        first = read_export(path)
        second = read_export(path)
    finally:
        os.chmod(path, 0o644)
    assert _fingerprint(path) == before
    assert first is not second
    pd.testing.assert_frame_equal(first, second)


# --------------------------------------------------------------------------------------
# Real third-party files
# --------------------------------------------------------------------------------------
@needs_real_world
def test_kobo_export_main_and_repeat_sheet():
    path = REAL_WORLD / "kobocruncher" / "data.xlsx"
    sheets = list_sheets(path)
    assert sheets[1] == "members"
    main, report = read_export_with_report(path)
    assert report.header_row == 1 and "members" in report.to_text()
    assert {"_id", "_uuid", "_submission_time", "profile.reason"} <= set(main.columns)
    assert main["_uuid"].str.len().eq(36).all()
    assert main["_submission_time"].str.match(r"^\d{4}-\d\d-\d\d").all()
    assert set(main["profile.reason.education"].dropna()) <= {"0", "1"}
    members = read_export(path, sheet="members")
    assert "_parent_index" in members.columns
    assert set(members["_parent_index"].dropna()) <= set(main["_index"].dropna())


@needs_real_world
def test_kobo_likert_export():
    frame = read_export(REAL_WORLD / "kobocruncher" / "data_likert.xlsx")
    assert len(frame) == 120
    assert all(str(t) in ("str", "object") for t in frame.dtypes)


@needs_real_world
@pytest.mark.parametrize(
    "name",
    [
        "group.xlsx",
        "loop.xlsx",
        "or_other.xlsx",
        "yes_or_no_question.xlsx",
        "xlsform_spec_test.xlsx",
    ],
)
def test_pyxform_forms(name):
    path = REAL_WORLD / "pyxform" / name
    sheets = list_sheets(path)
    assert "survey" in sheets
    survey = read_export(path, sheet="survey")
    assert "type" in survey.columns and "name" in survey.columns
    assert survey["type"].notna().any()


def test_whole_column_conversion_gives_each_cell_its_text(tmp_path):
    """Numbers, dates, booleans and text read as Excel's "Standard" display shows them,
    whether a column is converted at once or cell by cell; formula-like text counted."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["nombre", "mélange", "texte", "date"])
    numbers = [0.1 + 0.2, 1e15, 999999999999999.0, 12.0, 1 / 3, 2.5e-300, -3.0, 1e-5]
    mixed = [1.0, True, "x", dt.date(2024, 1, 2), 0.0, False, 1.5, "=A1 "]
    texts = ["a", "=cmd", "-3", "+33 6 12 34 56 78", None, "@x", "-", " - "]
    for k in range(len(numbers)):
        day = dt.datetime(2024, 1, 1, k) if k % 2 else dt.date(2024, 1, 3)
        ws.append([numbers[k], mixed[k], texts[k], day])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, not a formula
    path = tmp_path / "valeurs.xlsx"
    wb.save(path)
    frame, report = read_export_with_report(path)
    assert frame["nombre"].tolist() == [
        "0.3", "1e+15", "999999999999999", "12", "0.333333333333333", "2.5e-300", "-3", "1e-05"
    ]  # fmt: skip
    assert frame["mélange"].tolist() == [
        "1", "VRAI", "x", "2024-01-02", "0", "FAUX", "1.5", "=A1 "
    ]  # fmt: skip
    assert frame["texte"].tolist()[:4] == ["a", "=cmd", "-3", "+33 6 12 34 56 78"]
    assert pd.isna(frame["texte"].iloc[4])
    assert frame["date"].tolist()[:2] == ["2024-01-03", "2024-01-01 01:00:00"]
    assert report.date_columns == ["mélange", "date"]
    # "=cmd" and "@x" in texte, "=A1 " in mélange; "-3", "+33 6 12…" (numbers), "-", " - " not
    assert report.injection_cells == {"mélange": 1, "texte": 2}

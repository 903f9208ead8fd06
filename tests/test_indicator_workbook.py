"""Step 12's indicator workbook: sheets, formats, text never run as a formula."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sizeup_helpers import indicator_workbook as iw
from sizeup_helpers.privacy import find_in_text, scan_for_identifiers
from sizeup_helpers.workspace import create_workspace, open_workspace
from tests.conftest import SAMPLES_DIR

FORMULA_LIKE = ["=SUM(A1)", "+33 6 12 34 56 78", "-5", "@cmd", '=HYPERLINK("http://x")']


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "texte": [*FORMULA_LIKE, "Élève à l'école — très long " + "é" * 200, None],
            "personnes": [12, 30, 45, 7, 100, 3, 8],
            "moyenne": [1.25, 2.5, np.nan, 3.75, 4.0, 0.5, 1.0],
            "part_du_registre": [0.1, 0.25, 0.5, 1.0, 0.0, 0.333, None],
            "taux %": [0.5, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8],
            "date": pd.to_datetime(
                ["2024-01-05", "2024-02-29", None, "2024-12-31", "2023-06-01", "2024-07-14", None]
            ),
            "effectif": ["< 11", 25, "s", 40, "< 11", 12, None],
        }
    )


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _xml_has_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            "<f>" in archive.read(n).decode() or "<f " in archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )


@pytest.fixture(scope="module")
def built() -> bytes:
    explanations = pd.DataFrame(
        {"Identifiant": ["I1", "I2"], "Libellé": ["=1+1", "Taux de sortie"], "Unité": ["%", "p"]}
    )
    return iw.indicator_workbook(
        {"resultats/effet": _frame(), "Lisez-moi": _frame().head(2)},
        explanations=explanations,
        structure="Essai",
        data_year=2024,
        sources={"resultats/effet": "09-analyse-quantitative/x.csv"},
    )


def test_sheets_named_validly_and_uniquely(built):
    book = _book(built)
    assert book.sheetnames == ["Lisez-moi", "Indicateurs", "resultats-effet", "Lisez-moi (2)"]
    names = iw.sheet_names(["a[b]:c*?d/e\\f" + "x" * 40, "A", "a", "'q'", ""])
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[1:] == ["A", "a (2)", "q", "Tableau"]


def test_formula_like_text_stays_text(built):
    sheet = _book(built)["resultats-effet"]
    cells = {c.value: c for c in sheet["A"][1:6]}
    assert list(cells) == FORMULA_LIKE
    for cell in cells.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert _book(built)["Indicateurs"]["B2"].data_type == "s"
    assert not _xml_has_formula(built)


def test_header_width_freeze_and_formats(built):
    sheet = _book(built)["resultats-effet"]
    assert [c.value for c in sheet[1]] == list(_frame().columns)
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["A"] == iw.MAX_WIDTH  # the long text is capped
    assert iw.MIN_WIDTH <= widths["B"] < 20
    formats = {c.column_letter: c.number_format for c in sheet[2]}
    assert formats["B"] == "0"
    assert formats["C"] == "0.0"
    assert formats["D"] == "0.0 %"
    assert formats["E"] == "0.0 %"
    assert formats["F"] == "dd/mm/yyyy"
    assert sheet["F3"].value == dt.datetime(2024, 2, 29)
    assert sheet["G2"].value == "< 11" and sheet["G2"].data_type == "s"
    assert sheet["G3"].value == 25 and sheet["G3"].number_format == "0"
    assert sheet["A8"].value is None and sheet["C4"].value is None


def test_readme_in_french(built):
    lines = [r[0] for r in _book(built)["Lisez-moi"].iter_rows(values_only=True) if r[0]]
    text = "\n".join(lines)
    assert lines[0] == "Classeur d'indicateurs — Essai"
    assert "Année des données : 2024." in text
    assert "moins de 11 personnes est masquée" in text
    assert "• resultats-effet (09-analyse-quantitative/x.csv) : 7 lignes." in text
    assert "• Lisez-moi (2) : 2 lignes." in text


def test_calamine_reads_values_back(built):
    back = pd.read_excel(io.BytesIO(built), sheet_name="resultats-effet", engine="calamine")
    assert back["texte"].tolist()[:5] == FORMULA_LIKE
    assert back["personnes"].tolist() == [12, 30, 45, 7, 100, 3, 8]
    assert back["part_du_registre"].tolist()[:2] == [0.1, 0.25]
    assert math.isnan(back["moyenne"][2])
    assert back["effectif"].tolist()[:2] == ["< 11", 25]


def test_odd_values_and_no_explanations():
    frame = pd.DataFrame(
        {
            "x": [np.inf, -np.inf, 1.5],
            "b": [True, False, None],
            "t": ["a\x01b", pd.NA, "c"],
            "z": pd.to_datetime(["2024-01-01", None, "2024-01-02"]).tz_localize("Europe/Paris"),
        }
    )
    book = _book(iw.indicator_workbook({"t": frame}, explanations=None))
    assert book.sheetnames == ["Lisez-moi", "t"]
    sheet = book["t"]
    assert sheet["A2"].value == "inf" and sheet["A4"].value == 1.5
    assert sheet["B2"].value is True and sheet["C2"].value == "ab"
    assert sheet["D2"].value == dt.datetime(2024, 1, 1)


def test_empty_workspace_gives_readme_only(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    assert iw.workspace_tables(ws) == {}
    path = iw.write_indicator_workbook(ws)
    assert path == ws.step_dir("12") / "classeur-indicateurs.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Lisez-moi"]
    text = "\n".join(r[0] for r in book["Lisez-moi"].iter_rows(values_only=True) if r[0])
    assert "Aucun tableau : aucun livrable des étapes 06 à 11 n'est encore enregistré." in text
    assert "Année des données : non renseignée" in text


def test_tables_read_from_saved_csv_only(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    table = pd.DataFrame(
        {"effet": ["=cmd", "b"], "personnes": ["< 11", "15"], "jour": ["2024-03-01", None]}
    )
    ws.write_csv(ws.step_dir("09") / "resultats-par-effet.csv", table, bom=True)
    ws.write_bytes(ws.step_dir("09") / "vide.csv", b"\xef\xbb\xbf\n")
    ws.write_bytes(ws.step_dir("09") / "notes.md", b"pas un tableau")
    tables = iw.workspace_tables(ws)
    assert list(tables) == ["09 resultats-par-effet"]
    got = tables["09 resultats-par-effet"]
    assert got["effet"].tolist() == ["=cmd", "b"]  # the CSV's quote taken off
    assert got["personnes"].tolist() == ["< 11", 15]
    assert got["jour"].iloc[0] == pd.Timestamp("2024-03-01")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    from sizeup_helpers.runner import run_curriculum

    out = tmp_path_factory.mktemp("classeur")
    run_curriculum(
        SAMPLES_DIR / "insertion-transport", output_dir=out, steps="00-11", progress=False
    )
    ws = open_workspace(SAMPLES_DIR / "insertion-transport", output_dir=out)
    return ws, iw.write_indicator_workbook(ws)


@pytest.mark.notebooks
def test_sample_workbook(sample_run):
    ws, path = sample_run
    data = path.read_bytes()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Lisez-moi", "Indicateurs", "06 referentiel-indicateurs"]
    assert "09 resultats-par-effet" in book.sheetnames
    assert "11 carte-de-valeur" in book.sheetnames
    assert not any("codage" in n or "citations" in n for n in book.sheetnames)
    assert not _xml_has_formula(data)
    framework = pd.read_csv(
        ws.step_dir("06") / "referentiel-indicateurs.csv", dtype=str, keep_default_na=False
    )
    explained = pd.read_excel(path, sheet_name="Indicateurs", engine="calamine", dtype=str)
    assert explained["Identifiant"].tolist() == framework["Identifiant"].tolist()
    value_map = pd.read_csv(ws.step_dir("11") / "carte-de-valeur.csv", encoding="utf-8-sig")
    back = pd.read_excel(path, sheet_name="11 carte-de-valeur", engine="calamine")
    pd.testing.assert_frame_equal(back, value_map, check_dtype=False)
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    hidden = [c for row in book["06 sorties-iae"].iter_rows(min_row=2) for c in row]
    assert any(c.value == "< 11" and c.data_type == "s" for c in hidden)
    assert scan_for_identifiers(ws.output_dir).empty
    with zipfile.ZipFile(path) as archive:
        xml = " ".join(archive.read(n).decode() for n in archive.namelist())
    assert find_in_text(xml) == []


def test_public_names():
    import sizeup_helpers

    assert sizeup_helpers.write_indicator_workbook is iw.write_indicator_workbook
    assert sizeup_helpers.workspace_tables is iw.workspace_tables

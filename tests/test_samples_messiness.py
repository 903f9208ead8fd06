"""Across the seven samples, every kind of messiness of issue 3's list appears at least once.

Each item is found by looking at the raw files themselves (not by trusting the generator),
except the few that only a computation over the data reveals (a missing month, a meter
reset, unmatched codes), which are checked against the planted truth and the raw data.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from tools.samplegen import load_truth

from .conftest import SAMPLES_DIR, sample_slugs


@cache
def _texts() -> dict[Path, tuple[bytes, str]]:
    """Every raw CSV/MD file: its bytes and its text (cp1252 when not UTF-8)."""
    out = {}
    for path in sorted(SAMPLES_DIR.glob("*/donnees-brutes/**/*")):
        if path.suffix in {".csv", ".md", ".txt"}:
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
            out[path] = (data, text)
    return out


@cache
def _workbooks() -> dict[Path, dict[str, tuple[list[list[object]], list[str]]]]:
    from openpyxl import load_workbook

    out = {}
    for path in sorted(SAMPLES_DIR.glob("*/donnees-brutes/**/*.xlsx")):
        wb = load_workbook(path)
        out[path] = {
            ws.title: (
                [[c.value for c in row] for row in ws.iter_rows()],
                [str(r) for r in ws.merged_cells.ranges],
            )
            for ws in wb.worksheets
        }
    return out


def _cells() -> list[tuple[Path, object]]:
    """All text cells of CSV files (split on their separator) and all workbook cells."""
    cells: list[tuple[Path, object]] = []
    for path, (_, text) in _texts().items():
        if path.suffix == ".csv":
            sep = ";" if text.split("\n", 1)[0].count(";") else ","
            cells += [(path, v) for line in text.splitlines()[1:] for v in line.split(sep)]
    for path, sheets in _workbooks().items():
        for rows, _ in sheets.values():
            cells += [(path, v) for row in rows for v in row if v is not None]
    return cells


def test_semicolon_cp1252_csv_with_comma_decimals():
    found = [
        p
        for p, (data, text) in _texts().items()
        if p.suffix == ".csv"
        and _not_utf8(data)
        and text.split("\n", 1)[0].count(";") >= 2
        and re.search(r";-?\d+,\d+[;\r\n]", text)
    ]
    assert found


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_thousands_with_no_break_spaces():
    pattern = re.compile(r"\d[\u00a0\u202f]\d{3}(?:,\d+)?")
    kinds = {
        ch
        for _, v in _cells()
        if isinstance(v, str) and pattern.search(v)
        for ch in "\u00a0\u202f"
        if ch in v
    }
    assert kinds == {"\u00a0", "\u202f"}, "no-break and narrow no-break spaces both used"


def test_utf8_with_bom():
    assert any(data.startswith(b"\xef\xbb\xbf") for data, _ in _texts().values())


def test_workbook_title_rows_merged_headers_and_tabs():
    title_above, merged_header, many_tabs = [], [], []
    for path, sheets in _workbooks().items():
        if len(sheets) >= 10:
            many_tabs.append(path)
        for rows, merged in sheets.values():
            if (
                rows
                and sum(v is not None for v in rows[0]) == 1
                and len(rows) > 3
                and sum(v is not None for v in rows[3]) >= 3
            ):
                title_above.append(path)
            spans = [re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", m).groups() for m in merged]
            header_spans = [s for s in spans if 2 <= int(s[1]) <= 6 and s[0] != s[2]]
            if len({s[1] for s in header_spans}) >= 2 or any(
                int(s[3]) > int(s[1]) for s in header_spans
            ):
                merged_header.append(path)
    assert title_above and merged_header and many_tabs


def test_total_rows_inside_the_data():
    found = []
    for path, sheets in _workbooks().items():
        for rows, _ in sheets.values():
            for i, row in enumerate(rows[:-1]):
                if any(isinstance(v, str) and re.match(r"(?i)\s*(sous-)?total", v) for v in row):
                    if any(v is not None for v in rows[i + 1]):
                        found.append(path)
    for path, (_, text) in _texts().items():
        if path.suffix == ".csv" and re.search(r"(?im)^(?:[^\n]*;)?\s*total\b[^\n]*\n.+", text):
            found.append(path)
    assert found


def test_mixed_date_formats_in_one_column():
    dmy = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")

    def kinds(values) -> set[str]:
        out = set()
        for v in values:
            if isinstance(v, (dt.date, dt.datetime)):
                out.add("cellule_date")
            elif isinstance(v, (int, float)) and 30000 < v < 50000:
                out.add("serie_excel")
            elif isinstance(v, str):
                v = v.strip()
                out.add(
                    "jj/mm/aaaa"
                    if dmy.match(v)
                    else "iso"
                    if iso.match(v)
                    else "serie_excel"
                    if re.fullmatch(r"[34]\d{4}", v)
                    else "texte"
                )
        return out

    best: set[str] = set()
    for sheets in _workbooks().values():
        for rows, _ in sheets.values():
            for column in zip(*rows, strict=False):
                found = kinds(column)
                if {"jj/mm/aaaa", "iso", "serie_excel"} <= found:
                    best |= found
    assert {"jj/mm/aaaa", "iso", "serie_excel", "texte"} <= best


def test_yes_no_variants_and_likert_text_and_numbers():
    values = {v.strip() for _, v in _cells() if isinstance(v, str)}
    assert {"Oui", "Non", "NSP"} <= values
    assert {"O", "N"} <= values
    assert any("d'accord" in v for v in values)
    # Likert numbers recorded by the generators really are numbers in the files
    count = 0
    for slug in sample_slugs():
        for items in load_truth(slug)["desordre"].values():
            count += sum(len(v) for k, v in items.items() if "likert_en_chiffres" in k)
    assert count > 0


def test_refunds_as_negative_lines():
    tills = [t for p, (_, t) in _texts().items() if "caisse" in p.name]
    assert tills and any(re.search(r";-\d+(?:,\d+)?;", t) for t in tills)


def _truth_keys() -> dict[str, set[str]]:
    return {
        slug: {k for items in load_truth(slug)["desordre"].values() for k in items}
        for slug in sample_slugs()
    }


@pytest.mark.parametrize(
    ("item", "pattern"),
    [
        ("variantes de catégories en texte libre", r"^variantes_"),
        ("doublons de personnes (casse, accents, e-mail)", r"doublon|double|meme_|nom_variante"),
        ("mois manquants", r"mois_manquants"),
        ("remise à zéro d'un compteur", r"remise_a_zero"),
        ("codes anonymes non appariés", r"code_mal_saisi|code_inconnu|numero_mal_ecrit"),
    ],
)
def test_recorded_messiness_item_present(item, pattern):
    assert any(re.search(pattern, k) for keys in _truth_keys().values() for k in keys), item


def test_meter_reset_visible_in_production_data():
    truth = load_truth("energie-citoyenne")["desordre"]["production_mensuelle.csv"]
    assert truth["remise_a_zero_compteur"] and truth["mois_manquants"]
    text = _texts()[
        SAMPLES_DIR / "energie-citoyenne" / "donnees-brutes" / "production_mensuelle.csv"
    ][1]
    assert re.search(r"janv\.-20\d\d", text) and re.search(r"\b0?1/20\d\d\b", text)


def test_attrition_between_survey_waves():
    truth = load_truth("ateliers-emploi")["effets"]["repondants_par_vague"]
    assert truth["T0"] > truth["T1"] > truth["T2"]

"""Reading recovers the right tables on every sample structure, and notebook 04 runs.

For every declared tabular file of every sample, the expected header and number of data
rows are derived *independently* of :func:`sizeup_helpers.io.read_export`:

- text files: the first line (every sample CSV has its header there), decoded as UTF-8 or
  Windows-1252, split by the csv module on the most frequent separator; rows counted by
  :func:`pandas.read_csv` given those arguments;
- workbooks: openpyxl (not python-calamine, which read_export uses), with the header rows
  recorded in the sample's ground truth ``verite-terrain.json``; merged header cells are
  filled and their parts joined by " / "; data rows are the non-empty rows below the header
  (total rows count as data rows, title rows must not).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.io import list_sheets, read_export
from sizeup_helpers.runner import execute_notebook
from sizeup_helpers.workspace import open_workspace, project_root, samples_dir

SAMPLES = sorted(p.name for p in samples_dir().iterdir() if (p / "structure.yml").is_file())
DOCUMENTS = (".md", ".markdown", ".docx", ".pdf")


def _truth(sample: str) -> dict:
    return json.loads((samples_dir() / sample / "verite-terrain.json").read_text("utf-8"))


def _header_span(sample: str, file: Path, sheet: str) -> tuple[int, int]:
    """First and last header row (1-based) of a sheet, from the ground truth."""
    record = _truth(sample)["desordre"].get(file.name, {})
    if "lignes_entete" in record:
        rows = record["lignes_entete"]
        return min(rows), max(rows)
    for key in ("ligne_en_tete", "ligne_entete"):
        if key in record and (sheet == record.get("feuille", sheet) or key == "ligne_en_tete"):
            if file.name == "stagiaires.xlsx" and sheet != "Stagiaires":
                break
            return record[key], record[key]
    if "titre_au_dessus_en_tete" in record:
        row = record["titre_au_dessus_en_tete"]["ligne_en_tete"]
        return row, row
    if "en_tete_sur_deux_lignes" in record:
        text = record["en_tete_sur_deux_lignes"]
        rows = [int(n) for n in re.findall(r"ligne (\d+)", text)]
        return min(rows), max(rows)
    if "premiere_ligne_de_donnees" in record and "entete_deux_lignes_cellules_fusionnees" in record:
        first_data = record["premiere_ligne_de_donnees"]
        return first_data - 2, first_data - 1
    return 1, 1  # a plain sheet (e.g. a lookup list): header on the first row


def _expected_workbook(path: Path, sheet: str, span: tuple[int, int]) -> tuple[list[str], int]:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    ws = wb[sheet]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in grid), default=0)
    first, last = span
    block = [
        list(grid[r - 1]) + [None] * (width - len(grid[r - 1])) for r in range(first, last + 1)
    ]
    for merged in ws.merged_cells.ranges:
        if merged.min_row > last or merged.max_row < first:
            continue
        anchor = ws.cell(merged.min_row, merged.min_col).value
        for r in range(max(merged.min_row, first), min(merged.max_row, last) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                block[r - first][c - 1] = anchor
    names = []
    for c in range(width):
        parts: list[str] = []
        for row in block:
            value = row[c]
            if value is None or str(value).strip() == "":
                continue
            text = " ".join(str(value).split())
            if not parts or parts[-1] != text:
                parts.append(text)
        names.append(" / ".join(parts))
    while names and not names[-1]:
        names.pop()
    data = [r for r in grid[last:] if any(v is not None and str(v).strip() != "" for v in r)]
    return names, len(data)


def _expected_text(path: Path) -> tuple[list[str], int]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.splitlines()[0]
    separator = max((";", ",", "\t"), key=first_line.count)
    header = next(csv.reader([first_line], delimiter=separator))
    frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    non_empty = (frame.apply(lambda col: col.str.strip() != "")).any(axis=1)
    return [" ".join(h.split()) for h in header], int(non_empty.sum())


def _tabular_files(sample: str, out: Path):
    ws = open_workspace(samples_dir() / sample, out)
    return [f for f in ws.files if f.path.suffix.lower() not in DOCUMENTS]


@pytest.mark.parametrize("sample", SAMPLES)
def test_reading_recovers_the_right_tables(sample, tmp_path):
    checked = 0
    for data_file in _tabular_files(sample, tmp_path / "sorties"):
        path = data_file.path
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            expected_sheets = load_workbook(path, read_only=True).sheetnames
            assert list_sheets(path) == expected_sheets, path.name
            for sheet in expected_sheets:  # every sheet reachable
                names, n_rows = _expected_workbook(path, sheet, _header_span(sample, path, sheet))
                frame = read_export(path, sheet=sheet)
                assert list(frame.columns) == names, f"{path.name} [{sheet}]"
                assert len(frame) == n_rows, f"{path.name} [{sheet}]"
                checked += 1
        else:
            names, n_rows = _expected_text(path)
            frame = read_export(path)
            assert list(frame.columns) == names, path.name
            assert len(frame) == n_rows, path.name
            checked += 1
    assert checked >= 4


def test_recorded_row_counts_of_the_tills():
    truth = _truth("commerce-rural")["desordre"]
    raw = samples_dir() / "commerce-rural" / "donnees-brutes"
    for name in ("caisse1_tickets_2024.csv", "caisse2_tickets_2024.csv"):
        assert len(read_export(raw / name)) == truth[name]["lignes"]


def test_title_rows_are_not_data_rows():
    """The header found is the recorded one: title rows above it are not in the table."""
    raw = samples_dir() / "commerce-rural" / "donnees-brutes" / "registre_services.xlsx"
    truth = _truth("commerce-rural")["desordre"]["registre_services.xlsx"]
    for sheet in truth["onglets"]:
        frame = read_export(raw, sheet=sheet)
        report = frame.attrs["sizeup_report"]
        assert report.header_row == truth["ligne_en_tete"]
        assert len(report.title_rows) == len(truth["titre_fusionne_lignes"])
        assert frame.columns[0] == "Date"


# --------------------------------------------------------------------------------------
# Notebook 04 run by papermill on one sample
# --------------------------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")


@pytest.mark.notebooks
def test_notebook_04_runs_on_a_sample(tmp_path, monkeypatch):
    import nbformat

    from sizeup_helpers.curriculum import get_step
    from sizeup_helpers.runner import run_curriculum

    monkeypatch.setenv("SIZEUP_HOME", str(tmp_path / "home"))
    sample = samples_dir() / "commerce-rural"
    out = tmp_path / "sorties"
    notebooks = project_root() / "notebooks"
    earlier = [get_step(n).notebook for n in ("01", "02", "03")]
    if all((notebooks / name).is_file() for name in earlier):
        run_curriculum(sample, output_dir=out, steps="00-03", progress=False)
    else:  # notebooks 01-03 not written yet: notebook 04 must cope without their outputs
        run_curriculum(sample, output_dir=out, steps="00", progress=False)
        ws = open_workspace(sample, out)
        for n in ("01", "02", "03"):
            ws.step_dir(n)
    executed = tmp_path / "04.ipynb"
    execute_notebook(
        notebooks / get_step("04").notebook,
        executed,
        {"workspace_dir": str(sample), "output_dir": str(out)},
        cwd=notebooks,
    )
    folder = out / get_step("04").output_folder
    for name in (
        "inventaire-tables.csv",
        "inventaire-colonnes.csv",
        "correspondance-effets.csv",
        "lacunes.csv",
        "rapport-qualite.md",
    ):
        assert (folder / name).is_file(), name
    nb = nbformat.read(executed, as_version=4)
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    shown = "\n".join(texts)
    assert not EMAIL.search(shown), EMAIL.search(shown)
    assert not PHONE.search(shown), PHONE.search(shown)
    assert "ne peuvent pas encore mesurer" in "\n".join(c.source for c in nb.cells)

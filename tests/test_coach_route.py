"""A coach's route, end to end: a folder of real exports to clean, private tables.

The folder is made here from files of several origins, written the way other tools write
them: the real KoboToolbox export of ``../shared/real-world/`` (with its repeat-group sheet),
a LibreOffice ``.ods``, an old Excel ``.xls`` (BIFF8, written with xlwt), a ``;`` CSV typed by
hand in Windows-1252 with identifiers typed into free text and into a category column, and a
file that cannot be read. Then the three commands a coach types::

    sizeup init ESPACE --nom … --depuis EXPORTS
    sizeup check ESPACE
    sizeup run ESPACE

must end with exit 0, no hand-written YAML, raw files untouched, one clean table for every
table read at step 04, and not one planted identifier in any byte written under the outputs.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.cli import main

from .conftest import REAL_WORLD

KOBO = REAL_WORLD / "kobocruncher" / "data.xlsx"

pytestmark = pytest.mark.xdist_group("coach-route")

# People of the hand-typed follow-up file: their names, e-mails and phones are direct
# identifiers; the same people sign the attendance sheet (.xls).
PEOPLE = [
    ("Quintavalle", "Ysaline", "ysaline.quintavalle@exemple.fr", "06 12 34 56 78"),
    ("Berthelot-Dumas", "Gaëtan", "g.berthelot-dumas@exemple.org", "07.61.23.45.89"),
    ("Kermarrec", "Maëlys", "maelys.k@exemple.fr", "+33 6 98 76 54 32"),
    ("Vasseur", "Théodore", "theo.vasseur@exemple.net", "0645128790"),
]
# Identifiers typed by hand where no one expects them: in a free-text comment and in a
# category column (« rappeler au … », « écrire à … »), as people do.
PLANTED_PHONE = "06 45 71 28 93"
PLANTED_PHONE_INTL = "+33 7 58 21 44 16"
PLANTED_EMAIL = "Camille.Lenormand@Exemple.fr"
SITUATIONS = ["En emploi", "En formation", "En recherche", "rappeler au " + PLANTED_PHONE]
COMMENTS = [
    "Très motivée, " + "écrire à " + PLANTED_EMAIL,
    "Vu avec Kermarrec pour le CV ; tél. " + PLANTED_PHONE_INTL,
    "A trouvé un stage grâce à l'atelier",
    "",
]


def _phone_forms(phone: str) -> set[str]:
    """A French phone number as typed, digits only, and in its +33 / 33 forms."""
    digits = re.sub(r"\D", "", phone)
    national = "0" + digits[2:] if digits.startswith("33") else digits
    return {phone, national, "+33" + national[1:], "33" + national[1:], national[1:]}


def _planted_strings() -> set[str]:
    strings = {PLANTED_EMAIL, PLANTED_EMAIL.lower()}
    strings |= _phone_forms(PLANTED_PHONE) | _phone_forms(PLANTED_PHONE_INTL)
    for last, first, email, phone in PEOPLE:
        strings |= {last, first, email, email.lower()} | _phone_forms(phone)
    return strings


def _write_followup_csv(path: Path) -> None:
    """A follow-up file typed in a French Excel: ``;``, Windows-1252, decimal commas."""
    lines = ["Nom;Prénom;Courriel;Téléphone;Date d'entrée;Situation;Heures;Commentaire"]
    for i, (last, first, email, phone) in enumerate(PEOPLE * 3):
        day = 3 + i
        comment = COMMENTS[i % 4]
        comment = f'"{comment}"' if ";" in comment else comment  # as Excel quotes it
        lines.append(
            f"{last};{first};{email};{phone};{day:02d}/03/2025;{SITUATIONS[i % 4]};"
            f"{12 + i},5;{comment}"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def _write_attendance_xls(path: Path) -> None:
    """An attendance sheet saved by an old Excel (BIFF8 ``.xls``)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Émargement")
    for c, title in enumerate(["Nom", "Prénom", "Date", "Présent"]):
        sheet.write(0, c, title)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    row = 1
    for day in (10, 17, 24):
        for last, first, _, _ in PEOPLE:
            sheet.write(row, 0, last)
            sheet.write(row, 1, first)
            sheet.write(row, 2, pd.Timestamp(2025, 3, day).to_pydatetime(), date_style)
            sheet.write(row, 3, "oui" if (row % 3) else "non")
            row += 1
    book.save(str(path))


def _write_sales_ods(path: Path) -> None:
    """Two monthly sheets with the same columns, as LibreOffice Calc saves them."""
    months = {"Janvier": 1, "Février": 2}
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, month in months.items():
            pd.DataFrame(
                {
                    "Date": [f"{d:02d}/{month:02d}/2025" for d in (4, 11, 18)],
                    "Produit": ["Panier légumes", "Confiture", "Panier légumes"],
                    "Montant (€)": [12.5, 4.0, 12.5],
                }
            ).to_excel(writer, sheet_name=name, index=False)


def _checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def route(tmp_path_factory):
    """The coach's three commands on a folder of exports; their exit codes and outputs."""
    base = tmp_path_factory.mktemp("route")
    source = base / "exports"
    source.mkdir()
    if KOBO.is_file():
        shutil.copy2(KOBO, source / "data.xlsx")
    _write_followup_csv(source / "suivi-accompagnement.csv")
    _write_attendance_xls(source / "emargement-mars.xls")
    _write_sales_ods(source / "ventes-2025.ods")
    (source / "export-illisible.xlsx").write_bytes(bytes(range(256)) * 8)
    before = _checksums(source)
    ws = base / "espace"
    codes = {
        "init": main(["init", str(ws), "--nom", "Épicerie d'essai", "--depuis", str(source)]),
        "check": main(["check", str(ws)]),
        "run": main(["run", str(ws), "--steps", "00-05", "--quiet"]),
    }
    return {"source": source, "before": before, "ws": ws, "codes": codes}


def test_the_three_commands_succeed(route):
    assert route["codes"] == {"init": 0, "check": 0, "run": 0}


def test_raw_files_are_byte_identical_copies_and_the_source_is_untouched(route):
    source, ws = route["source"], route["ws"]
    assert _checksums(source) == route["before"]
    raw = _checksums(ws / "donnees-brutes")
    assert raw == route["before"]


def test_every_readable_file_and_sheet_is_declared_the_unreadable_one_is_listed(route):
    from sizeup_helpers.workspace import open_workspace

    ws = open_workspace(route["ws"])
    declared = {(f.relative, f.sheet) for f in ws.files}
    paths = {rel for rel, _ in declared}
    assert "donnees-brutes/suivi-accompagnement.csv" in paths
    assert "donnees-brutes/emargement-mars.xls" in paths
    assert "donnees-brutes/ventes-2025.ods" in paths
    assert "donnees-brutes/export-illisible.xlsx" not in paths
    text = (route["ws"] / "structure.yml").read_text(encoding="utf-8")
    assert "export-illisible.xlsx" in text  # listed in a comment, for the coach to see
    followup = next(f for f in ws.files if f.relative.endswith("suivi-accompagnement.csv"))
    assert followup.personal_data
    sales = next(f for f in ws.files if f.relative.endswith("ventes-2025.ods"))
    assert not sales.personal_data
    if KOBO.is_file():
        kobo = {f.sheet for f in ws.files if f.relative == "donnees-brutes/data.xlsx"}
        assert kobo == {"Sample Dataset KoboloadeR", "members"}


def test_every_table_read_at_step_04_has_its_clean_table(route):
    from sizeup_helpers.clean_workspace import load_clean_table
    from sizeup_helpers.inventory import inventory_workspace
    from sizeup_helpers.workspace import open_workspace

    ws = open_workspace(route["ws"])
    tables = inventory_workspace(ws).tables
    read = tables[tables["nb_lignes"] > 0]
    assert len(read) >= 5  # csv, xls, two ods sheets, (two kobo sheets)
    for f in ws.files:
        clean = load_clean_table(ws, f.role)
        assert len(clean) > 0, f.role
    if KOBO.is_file():
        roles = {f.sheet: f.role for f in ws.files if f.relative == "donnees-brutes/data.xlsx"}
        parent = load_clean_table(ws, roles["Sample Dataset KoboloadeR"])
        child = load_clean_table(ws, roles["members"])
        assert len(child) == 12
        # the repeat group's rows point to their parent row (names made snake_case)
        assert set(child["parent_index"]) <= set(parent["index"])


def test_no_planted_identifier_in_any_byte_written(route):
    outputs = route["ws"] / "sorties"
    files = [p for p in outputs.rglob("*") if p.is_file()] + list(route["ws"].glob("*.zip"))
    assert any(p.suffix == ".ipynb" for p in files)
    found = []
    for path in files:
        contents = {path.name: path.read_bytes()}
        if path.suffix == ".zip":  # compressed: look inside
            with zipfile.ZipFile(path) as archive:
                contents = {f"{path.name}:{n}": archive.read(n) for n in archive.namelist()}
        for name, data in contents.items():
            found += [(name, s) for s in _planted_strings() if s.encode("utf-8") in data]
    assert found == []


def test_no_output_names_the_coach_s_folders(route):
    """The coach's own folders (their user name) do not travel with what they share."""
    outputs = route["ws"] / "sorties"
    where = str(route["ws"].parent).encode("utf-8")
    named = [
        p.relative_to(outputs).as_posix()
        for p in outputs.rglob("*")
        if p.is_file() and where in p.read_bytes()
    ]
    assert named == []


def test_the_archive_to_share_holds_no_key_and_no_raw_file(route):
    archives = list(route["ws"].glob("*.zip")) + list((route["ws"] / "sorties").glob("*.zip"))
    assert len(archives) == 1
    names = zipfile.ZipFile(archives[0]).namelist()
    assert not [n for n in names if "cle" in n.lower() or "donnees-brutes" in n]

"""Generate the "bad input" corpus for :func:`sizeup_helpers.io.read_export`.

Every file is written at test time into a folder given by the caller (pytest's
``tmp_path``): no binary is committed. :func:`make_corpus` returns one :class:`Case` per
file saying what ``read_export`` must do with it: read it (and what the report or the table
must show) or refuse it with a French message (a regular expression on that message).

Run ``python tests/badinput/make_corpus.py FOLDER`` to write the corpus and look at it.
"""

from __future__ import annotations

import codecs
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    """One corpus file and what reading it must give."""

    name: str
    path: Path
    expect: str  # "read" or "refuse"
    match: str  # regex on the error message ("refuse") or on the report text ("read")
    check: Callable | None = None  # check(frame) -> bool, for "read"
    options: dict = field(default_factory=dict)  # keyword arguments for read_export
    heavy: bool = False  # memory must stay bounded (tracemalloc peak checked)


# --------------------------------------------------------------------------------------
# Minimal writers: an xlsx / ods by hand, so that the XML can lie or misbehave
# --------------------------------------------------------------------------------------
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_xlsx(path: Path, sheets: list[tuple[str, str, str, str]]) -> Path:
    """Write an xlsx from ``(name, sheetData XML, XML after sheetData, dimension)``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        z.writestr("[Content_Types].xml", _CT.format(sheets=overrides))
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        tags = "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (name, *_) in enumerate(sheets)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_NS_R}><sheets>{tags}'
            "</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, (_, data, after, dimension) in enumerate(sheets):
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension '
                f'ref="{dimension}"/><sheetData>{data}</sheetData>{after}</worksheet>',
            )
    return path


def cell(ref: str, value) -> str:
    """One xlsx cell: text as an inline string, numbers as numbers."""
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def row(number: int, values: list, first_col: int = 0) -> str:
    cells = "".join(
        cell(f"{chr(65 + first_col + i)}{number}", v) for i, v in enumerate(values) if v is not None
    )
    return f'<row r="{number}">{cells}</row>'


_SMALL = (
    row(1, ["nom", "ville", "montant"])
    + row(2, ["Camille", "Évry", 12.5])
    + row(3, ["Dominique", "Lyon", 3])
)


def write_ods(path: Path, rows_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="'
            'urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:'
            'tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:'
            'xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
            f'<table:table table:name="Feuille1">{rows_xml}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return path


def _ods_row(values: list[str]) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f"<table:table-row>{cells}</table:table-row>"


def _fake_encrypted_xlsx(path: Path) -> Path:
    """An OLE2 compound file naming an "EncryptedPackage" stream, like Excel's protected xlsx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    header += b"\x00" * (512 - len(header))
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    path.write_bytes(header + directory + bytes(random.Random(5).randbytes(4096)))
    return path


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------
def make_corpus(folder: Path) -> list[Case]:
    """Write every corpus file into ``folder``; return the cases (at least 25)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240501)
    cases: list[Case] = []

    def add(name: str, content: bytes | None, expect: str, match: str, **kw) -> Path:
        path = folder / name
        if content is not None:
            path.write_bytes(content)
        cases.append(Case(name, path, expect, match, **kw))
        return path

    # --- empty and almost empty -------------------------------------------------------
    add("vide.csv", b"", "refuse", r"vide.csv.*vide")
    add("bom-seul.csv", codecs.BOM_UTF8 + b"\r\n\r\n", "refuse", r"bom-seul.csv.*vide")
    add("espaces.csv", b"   \n\t\n  \n", "refuse", r"espaces.csv.*(vide|espaces)")
    add(
        "separateurs-seuls.csv",
        b";;;\n;;;\n;;;\n",
        "refuse",
        r"separateurs-seuls.csv.*aucune valeur",
    )
    add(
        "en-tete-seul.csv",
        b"nom;ville;montant\r\n",
        "read",
        r"aucune ligne de donn",
        check=lambda f: len(f) == 0 and list(f.columns) == ["nom", "ville", "montant"],
    )

    # --- not a table at all -----------------------------------------------------------
    add("binaire.csv", rng.randbytes(20_000), "refuse", r"binaire.csv.*binaires")
    add("image.csv", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000), "refuse", r"image.csv.*PNG")
    add(
        "page-web.xls",
        b"<html><body><table><tr><td>nom</td></tr></table></body></html>",
        "refuse",
        r"page-web.xls.*HTML",
    )
    docx = folder / "document-word.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    add("document-word.xlsx", None, "refuse", r"document-word.xlsx.*Word")

    # --- wrong extension --------------------------------------------------------------
    real = write_xlsx(folder / "_source.xlsx", [("Feuil1", _SMALL, "", "A1:C3")])
    add(
        "classeur-nomme.csv",
        real.read_bytes(),
        "read",
        r"extension.*classeur Excel",
        check=lambda f: list(f["ville"]) == ["Évry", "Lyon"],
    )
    real.unlink()
    add(
        "texte-nomme.xlsx",
        "nom;ville\nCamille;Évry\n".encode(),
        "read",
        r"extension.*texte",
        check=lambda f: list(f["ville"]) == ["Évry"],
    )

    # --- damaged or protected workbooks -----------------------------------------------
    whole = write_xlsx(folder / "_entier.xlsx", [("Feuil1", _SMALL * 20, "", "A1:C3")]).read_bytes()
    (folder / "_entier.xlsx").unlink()
    add("tronque.xlsx", whole[: len(whole) // 2], "refuse", r"tronque.xlsx.*(abîmé|tronqué)")
    _fake_encrypted_xlsx(folder / "protege.xlsx")
    add("protege.xlsx", None, "refuse", r"protege.xlsx.*mot de passe")

    # --- a workbook claiming a million formatted rows ----------------------------------
    formatted = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>'
        for r in range(4, 1_048_577)
    )
    write_xlsx(
        folder / "million-lignes.xlsx", [("Feuil1", _SMALL + formatted, "", "A1:XFD1048576")]
    )
    add(
        "million-lignes.xlsx",
        None,
        "read",
        r"2 lignes × 3 colonnes",
        check=lambda f: len(f) == 2,
        heavy=True,
    )
    # ... and one holding two values a whole sheet apart (a dense read would need 10^10 cells)
    far = row(1, ["nom"]) + '<row r="1048576">' + cell("XFD1048576", "loin") + "</row>"
    write_xlsx(folder / "cellule-lointaine.xlsx", [("Feuil1", far, "", "A1:A1")])
    add("cellule-lointaine.xlsx", None, "refuse", r"cellule-lointaine.xlsx.*limite", heavy=True)

    # --- very long lines --------------------------------------------------------------
    add(
        "ligne-10-mo.csv",
        b"x" * 10_000_000,
        "read",
        r"0 ligne × 1 colonne",
        check=lambda f: len(f) == 0 and len(f.columns) == 1,
        heavy=True,
    )
    add(
        "ligne-10-mo-separateurs.csv",
        b"a;" * 5_000_000,
        "refuse",
        r"ligne-10-mo-separateurs.csv.*colonnes",
        heavy=True,
    )
    add(
        "champ-10-mo.csv",
        b"nom;commentaire\nCamille;" + b"y" * 10_000_000 + b"\n",
        "read",
        r"1 ligne × 2 colonnes",
        check=lambda f: len(f.loc[0, "commentaire"]) == 10_000_000,
        heavy=True,
    )

    # --- encodings --------------------------------------------------------------------
    lines = ["nom;ville"] + [f"Personne {i};Évry" for i in range(1, 40)]
    mixed = [
        line.encode("cp1252") if i in (5, 17) else line.encode("utf-8")
        for i, line in enumerate(lines)
    ]
    add(
        "encodages-melanges.csv",
        b"\n".join(mixed) + b"\n",
        "read",
        r"Encodages mélangés.*lignes 6, 18",
        check=lambda f: (f["ville"] == "Évry").all(),
    )
    late = b"nom;ville\n" + "Personne;Évry\n".encode() * 6000 + "Zoé;Sète\n".encode("cp1252")
    add(
        "encodage-change-en-fin.csv",
        late,
        "read",
        r"Encodages mélangés.*ligne 6002",
        check=lambda f: f["ville"].iloc[-1] == "Sète" and f["nom"].iloc[-1] == "Zoé",
    )
    add(
        "octet-indefini-cp1252.csv",
        "nom;ville\nZoé;Sète\n".encode("cp1252") + b"X\x81;Y\n",
        "read",
        r"0x81",
        check=lambda f: f["nom"].iloc[0] == "Zoé" and "\ufffd" in f["nom"].iloc[1],
    )
    add(
        "octets-nuls.csv",
        b"nom;ville\nCam\x00ille;Evry\nDominique;Ly\x00on\n",
        "read",
        r"2 octets nuls.*lignes 2, 3",
        check=lambda f: list(f["nom"]) == ["Camille", "Dominique"],
    )
    add(
        "texte-unicode-excel.txt",
        codecs.BOM_UTF16_LE + "nom\tville\r\nZoé\tSète\r\n".encode("utf-16-le"),
        "read",
        r"UTF-16.*tabulation",
        check=lambda f: list(f["ville"]) == ["Sète"],
    )
    add(
        "fins-de-ligne-mac.csv",
        b"nom;ville\rCamille;Evry\rDominique;Lyon\r",
        "read",
        r"2 lignes × 2 colonnes",
        check=lambda f: list(f["ville"]) == ["Evry", "Lyon"],
    )

    # --- formulas and formula injection -----------------------------------------------
    formulas = (
        row(1, ["a", "b", "somme", "texte"])
        + '<row r="2">'
        + cell("A2", 1)
        + cell("B2", 2)
        + '<c r="C2"><f>A2+B2</f><v>3</v></c>'
        + '<c r="D2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>'
        + '<row r="3">'
        + cell("A3", 4)
        + cell("B3", 5)
        + '<c r="C3"><f>A3+B3</f><v>9</v></c><c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    write_xlsx(folder / "formules.xlsx", [("Calculs", formulas, "", "A1:D3")])
    add(
        "formules.xlsx",
        None,
        "read",
        r"4 cellules contiennent une formule",
        check=lambda f: list(f["somme"]) == ["3", "9"] and f["texte"].iloc[0] == "xy",
    )
    injection = (
        "nom;tel;note;calcul\n"
        "Camille;+33 6 12 34 56 78;-12,5;=1+1\n"
        "Dominique;0612345678;- néant;@SUM(A1)\n"
        'Eden;+33612345678;-3;=HYPERLINK("http://x")\n'
    )
    add(
        "injection.csv",
        injection.encode(),
        "read",
        r"4 cellules commencent par.*« note » \(1\), « calcul » \(3\)",
        check=lambda f: f["calcul"].iloc[0] == "=1+1" and f["note"].iloc[0] == "-12,5",
    )
    inj_xlsx = (
        row(1, ["nom", "calcul"]) + row(2, ["Camille", "=2+5"]) + row(3, ["Dominique", "@A1"])
    )
    write_xlsx(folder / "injection.xlsx", [("Feuil1", inj_xlsx, "", "A1:B3")])
    add(
        "injection.xlsx",
        None,
        "read",
        r"2 cellules commencent par.*« calcul » \(2\)",
        check=lambda f: list(f["calcul"]) == ["=2+5", "@A1"],
    )

    # --- structure problems -----------------------------------------------------------
    add(
        "colonnes-en-double.csv",
        b"nom;nom;nom;age\nA;B;C;3\n",
        "read",
        r"« nom \(2\) » \(doublon de « nom »\)",
        check=lambda f: list(f.columns) == ["nom", "nom (2)", "nom (3)", "age"],
    )
    add(
        "lignes-irregulieres.csv",
        b"nom;ville\nA;Evry\nB;Lyon;en trop\nC;Sete\n",
        "read",
        r"pas le même nombre de champs",
        check=lambda f: len(f) == 3 and f.iloc[1, 2] == "en trop",
    )
    add(
        "guillemets-et-retours.csv",
        b'nom,commentaire\n"Camille","un avis, sur\ndeux lignes"\n"Dominique","dit ""oui"""\n',
        "read",
        r"virgule",
        check=lambda f: (
            f["commentaire"].iloc[0] == "un avis, sur\ndeux lignes"
            and f["commentaire"].iloc[1] == 'dit "oui"'
        ),
    )
    sheets = [("Janvier", _SMALL, "", "A1:C3"), ("Février", _SMALL, "", "A1:C3")]
    write_xlsx(folder / "feuille-absente.xlsx", sheets)
    add(
        "feuille-absente.xlsx",
        None,
        "refuse",
        r"feuille-absente.xlsx.*« Mars ».*« Janvier », « Février »",
        options={"sheet": "Mars"},
    )
    write_ods(
        folder / "million-lignes.ods",
        _ods_row(["nom", "ville"])
        + _ods_row(["Camille", "Évry"])
        + '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>',
    )
    add(
        "million-lignes.ods",
        None,
        "read",
        r"OpenDocument.*1 ligne × 2 colonnes",
        check=lambda f: list(f["ville"]) == ["Évry"],
        heavy=True,
    )
    return cases


if __name__ == "__main__":  # pragma: no cover - manual use
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-mauvais-fichiers")
    for case in make_corpus(target):
        print(f"{case.expect:7} {case.name}")

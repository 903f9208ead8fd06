"""Identifiers typed into text never reach the outputs of the whole chain, on every sample.

People type a phone number or an e-mail address where a form left them room: a comment
(« rappeler au 06 … »), or even a category (« écrire à … » as a reason). Here they are
planted in copies of the seven samples, in a category column and a free-text column of a
table naming people and in the testimonies, with a NIR and a known person's name; step 05
(:func:`~sizeup_helpers.clean_workspace.clean_workspace`, what notebook 05 calls) must
leave none of them, in any written form, in any byte it writes, and say in its journal how
many it replaced (RGPD article 25, « protection des données dès la conception » ; CNIL,
guide de la sécurité des données personnelles). Then ``sizeup run`` runs every numbered
notebook (:func:`~sizeup_helpers.runner.available_steps`, so a new step is covered as soon
as its notebook exists) on the planted copies of all seven samples, once per sample, and
every file it writes — executed notebooks, images and their metadata, workbooks, the
report, the one-pager, ``results.json``, logs, the run's journal and the outputs' archive —
is read by :func:`~sizeup_helpers.privacy.readable_texts` (inside the xlsx, the PDF streams,
the images embedded in HTML) and found clean, by the end-of-run scan and byte by byte.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers import cleaning
from sizeup_helpers.clean_workspace import (
    JOURNAL_FILE,
    clean_workspace,
    people_file,
    read_raw_table,
    tabular_files,
)
from sizeup_helpers.french import fold
from sizeup_helpers.io import read_export
from sizeup_helpers.privacy import looks_like_free_text, readable_texts, scan_for_identifiers
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import REAL_WORLD, SAMPLES_DIR, needs_real_world, sample_slugs

PHONE = "06 12 34 56 78"
PHONE_33 = "+33 7 98 76 54 32"
EMAIL = "Camille.Martin@Exemple.fr"
NIR = "1 85 05 78 006 084 91"  # a valid key
IN_CATEGORY = [f"rappeler au {PHONE}", f"écrire à {EMAIL}"]
IN_FREE_TEXT = [
    f"Ne répond plus, rappeler au {PHONE} après 18 h",
    f"Préfère écrire à {EMAIL} plutôt qu'appeler",
    f"Nouveau portable : {PHONE_33}, à noter",
    f"Dossier CAF bloqué, NIR {NIR} transmis",
]
# every form a planted value could take once written: as typed, digits only, +33, lower case
FORBIDDEN = [
    PHONE,
    "0612345678",
    "+33612345678",
    "33612345678",
    "06.12.34.56.78",
    PHONE_33,
    "07 98 76 54 32",
    "0798765432",
    "+33798765432",
    "33798765432",
    EMAIL.lower(),
    "camille.martin@",
    NIR,
    "185057800608491",
    "1850578006084",
]
REDACTED = "identifiants retirés du texte"


@dataclass
class Planted:
    """Where identifiers were planted in a copy of a sample."""

    root: Path
    role: str
    category: str
    free_text: str
    person: str | None  # « Prénom Nom » of a person of the workspace, planted in a comment


def _person(ws) -> str | None:
    """« Prénom Nom » of one person of a people table (both words of 3 letters or more)."""
    for f in tabular_files(ws):
        people = f.people or {}
        if not ({"nom", "prenom"} <= set(people) or "nom_complet" in people):
            continue
        raw = read_raw_table(ws, f.role)
        if "nom_complet" in people:
            names = raw[people["nom_complet"]].dropna().astype(str)
        else:
            names = raw[people["prenom"]].fillna("") + " " + raw[people["nom"]].fillna("")
        for name in names:
            words = name.split()
            if len(words) == 2 and all(len(w) >= 3 and w.isalpha() for w in words):
                return name
    return None


def _target(ws):
    """The CSV file to plant in: the file notebook 05 shows if it is a CSV, else one naming
    people, else any table (never a wide attendance sheet)."""
    csvs = [
        f
        for f in tabular_files(ws)
        if f.path.suffix.lower() == ".csv"
        and not f.wide_attendance
        and "entretiens" not in f.relative
    ]
    shown = people_file(ws)
    for test in (lambda f: f.role == shown, lambda f: bool(f.people), lambda f: True):
        for f in csvs:
            if test(f):
                return f
    raise AssertionError("no CSV table to plant in")


def plant(slug: str, folder: Path) -> Planted:
    """A copy of the sample with identifiers typed into a category and a free-text column."""
    root = folder / slug
    shutil.copytree(SAMPLES_DIR / slug, root)
    ws = open_workspace(root, folder / "lecture")
    person = _person(ws)
    f = _target(ws)
    raw = read_export(f.path)
    kinds = cleaning.clean_table(raw).kinds
    source = dict(zip(cleaning.clean_column_names(raw).columns, raw.columns, strict=True))
    declared = set((f.people or {}).values())
    category = next(
        source[c]
        for c, k in kinds.items()
        if k == "category" and source[c] not in declared and raw[source[c]].nunique() <= 20
    )
    free = [
        source[c]
        for c, k in kinds.items()
        if k == "text"
        and source[c] not in declared
        and looks_like_free_text(raw[source[c]].dropna().astype(str).tolist())
    ]
    free_text = free[0] if free else "commentaire du suivi"
    raw = raw.astype(object)
    if free_text not in raw.columns:
        raw[free_text] = None
    comments = IN_FREE_TEXT + ([f"Vu avec {person} ce matin, très motivée"] if person else [])
    assert len(raw) > len(comments) + 2
    for i, value in enumerate(IN_CATEGORY):
        raw.loc[raw.index[i], category] = value
    for i, value in enumerate(comments):
        raw.loc[raw.index[i + 2], free_text] = value
    raw.to_csv(f.path, sep=";", index=False, encoding="utf-8")
    testimonies = root / "donnees-brutes" / "entretiens" / "temoignages.csv"
    if testimonies.is_file():  # the testimonies: free text of every sample
        table = read_export(testimonies).astype(object)
        column = table.columns[-1]
        table.loc[table.index[0], column] = f"Merci ! Mon numéro : {PHONE_33}, {EMAIL}"
        if person:
            table.loc[table.index[1], column] = f"Un grand merci à {person} pour tout."
        table.to_csv(testimonies, sep=";", index=False, encoding="utf-8")
    return Planted(root, f.role, category, free_text, person)


def leaks(output: Path, person: str | None) -> list[str]:
    """Every planted identifier found under ``output`` (a folder or one file), in any form:
    in its bytes, and in every text :func:`readable_texts` reads in it (xlsx cells, PDF
    streams, images embedded in a report, archive members)."""
    found = []
    needles = [n.lower() for n in FORBIDDEN]
    if person:
        first, last = person.split()
        needles += [fold(f"{first} {last}"), fold(f"{last} {first}")]
    paths = [output] if output.is_file() else sorted(p for p in output.rglob("*") if p.is_file())
    for path in paths:
        data = path.read_bytes()
        name = path.name if path == output else path.relative_to(output).as_posix()
        texts = [(name, data.decode("utf-8", errors="ignore"))]
        texts += [
            (t.part, "".join(t.chunks))
            for t in readable_texts(path, label=name)
            if t.chunks is not None
        ]
        for part, text in texts:
            text = text.lower()
            folded = fold(text)
            for needle in needles:
                if needle in text or needle in folded or needle.encode() in data.lower():
                    found.append(f"{part} : {needle[:4]}…")
    return sorted(set(found))


def redactions(journal: pd.DataFrame, role: str) -> pd.DataFrame:
    lines = journal[(journal["table"] == role) & (journal["verbe"] == REDACTED)]
    return lines[["colonne", "lignes_touchees", "detail"]]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    """Each sample with planted identifiers, cleaned and saved by step 05."""
    folder = tmp_path_factory.mktemp("identifiants-plantes")
    out = {}
    for slug in sample_slugs():
        planted = plant(slug, folder)
        ws = open_workspace(planted.root, folder / f"sorties-{slug}")
        out[slug] = (planted, ws, clean_workspace(ws))
    return out


@pytest.mark.parametrize("slug", sample_slugs())
def test_no_planted_identifier_reaches_any_output_of_step_05(cleaned, slug):
    planted, ws, result = cleaned[slug]
    assert leaks(ws.output_dir, planted.person) == []
    assert scan_for_identifiers(ws.output_dir).empty
    data = result[planted.role].data
    text = data.astype(str).to_csv()
    assert "[téléphone retiré]" in text and "[courriel retiré]" in text
    assert "[NIR retiré]" in text


@pytest.mark.parametrize("slug", sample_slugs())
def test_the_journal_counts_the_redactions_without_the_values(cleaned, slug):
    planted, ws, _ = cleaned[slug]
    journal = pd.read_csv(ws.step_dir("05") / JOURNAL_FILE, dtype=str, keep_default_na=False)
    journal["lignes_touchees"] = journal["lignes_touchees"].astype(int)
    lines = redactions(journal, planted.role)
    category = cleaning.snake_case(planted.category)
    free_text = cleaning.snake_case(planted.free_text)
    by_column = {
        (row.colonne, row.detail.split(" écrit")[0]): row.lignes_touchees
        for row in lines.itertuples()
    }
    assert by_column[(category, "Numéro de téléphone")] == 1
    assert by_column[(category, "Adresse e-mail")] == 1
    assert by_column[(free_text, "Numéro de téléphone")] == 2
    assert by_column[(free_text, "Adresse e-mail")] == 1
    assert by_column[(free_text, "Numéro de sécurité sociale (NIR)")] == 1
    if planted.person:
        assert by_column[(free_text, "Nom")] >= 1
    assert all("« [" in d and "retiré" in d for d in lines["detail"])
    assert "Une cellule" not in " ".join(lines["detail"])


@pytest.mark.parametrize("slug", sample_slugs())
def test_category_proposals_and_rules_never_hold_the_planted_value(cleaned, slug):
    planted, ws, result = cleaned[slug]
    table = result[planted.role]
    column = cleaning.snake_case(planted.category)
    values = set(table.data[column].dropna().astype(str))
    assert {"rappeler au [téléphone retiré]", "écrire à [courriel retiré]"} <= values
    rules = (ws.step_dir("05") / cleaning.rules_file_name(planted.role)).read_text("utf-8")
    assert "[téléphone retiré]" in rules or column not in rules
    proposal = table.proposals.get(column)
    if proposal is not None:
        assert "rappeler au [téléphone retiré]" in set(proposal["valeur"])


def test_most_samples_plant_a_known_name(cleaned):
    with_name = [slug for slug, (planted, _, _) in cleaned.items() if planted.person]
    assert len(with_name) >= 5, with_name


# ---- the whole chain, on every sample: every file it writes is clean ----------------------
@dataclass
class ChainRun:
    """One ``sizeup run`` of every available notebook on a planted copy of a sample."""

    planted: Planted
    code: int
    output: Path
    archive: Path
    err: str


@pytest.fixture(scope="module", params=sample_slugs())
def chain(request, tmp_path_factory) -> ChainRun:
    """The whole chain run once per sample (about a minute each): shared by the tests."""
    import contextlib
    import io

    from sizeup_helpers.cli import main
    from sizeup_helpers.getting_started import archive_path

    folder = tmp_path_factory.mktemp(f"chaine-{request.param}")
    planted = plant(request.param, folder)
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.setenv("SIZEUP_HOME", str(folder / "home"))
        code = main(["run", str(planted.root), "--quiet"])
    ws = open_workspace(planted.root)
    return ChainRun(planted, code, Path(ws.output_dir), archive_path(ws), err.getvalue())


@pytest.mark.notebooks
@pytest.mark.xdist_group("planted-chain")  # one worker runs each sample's chain once
def test_the_whole_chain_runs_every_numbered_notebook_on_the_planted_copy(chain):
    from sizeup_helpers.runner import EXIT_OK, available_steps

    assert chain.code == EXIT_OK, chain.err[-3000:]
    executed = {p.name for p in (chain.output / "carnets-executes").glob("*.ipynb")}
    assert executed == {s.notebook for s in available_steps()}
    assert chain.archive.is_file()
    written = {p.suffix for p in chain.output.rglob("*") if p.is_file()}
    assert {".ipynb", ".png", ".xlsx", ".html", ".csv", ".md", ".json", ".yml", ".log"} <= written


@pytest.mark.notebooks
@pytest.mark.xdist_group("planted-chain")  # one worker runs each sample's chain once
def test_no_planted_identifier_in_any_file_the_whole_chain_writes(chain):
    for where in (chain.output, chain.archive):
        found = scan_for_identifiers(where)
        assert found.empty, found.to_dict("records")
        assert leaks(where, chain.planted.person) == []


def png_text_keywords(data: bytes) -> list[str]:
    """The keywords of a PNG image's text chunks (Software, Title…)."""
    import struct

    keywords, position = [], 8
    while position + 8 <= len(data):
        (size,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] in (b"tEXt", b"zTXt", b"iTXt"):
            body = data[position + 8 : position + 8 + size]
            keywords.append(body.split(b"\x00")[0].decode("latin-1"))
        position += 12 + size
    return keywords


@pytest.mark.notebooks
@pytest.mark.xdist_group("planted-chain")  # one worker runs each sample's chain once
def test_the_files_of_the_whole_chain_carry_no_author_user_or_folder(chain):
    import getpass
    import re
    import zipfile

    from sizeup_helpers.privacy import UNVERIFIED

    paths = [p for p in chain.output.rglob("*") if p.is_file()]
    for path in (p for p in paths if p.suffix == ".xlsx"):
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode()
        authors = re.findall(r"<(?:dc:creator|cp:lastModifiedBy)>([^<]*)<", core)
        assert set(authors) <= {"openpyxl", "Size Up"}, (path.name, authors)
    for path in (p for p in paths if p.suffix == ".png"):
        keywords = set(png_text_keywords(path.read_bytes()))
        assert keywords <= {"Software", "Title", "Description"}, (path.name, keywords)
    for path in (p for p in paths if p.suffix == ".pdf"):
        assert b"/Author" not in path.read_bytes(), path.name
    private = {str(chain.planted.root.parent), str(Path.home()), f"/{getpass.getuser()}/"}
    for path in paths:
        for text in readable_texts(path, label=path.name):
            assert text.chunks is not None, f"{text.part} : {UNVERIFIED} ({text.note})"
            whole = "".join(text.chunks)
            assert not [p for p in private if p in whole], text.part


# ---- the scan as a guard: zero findings on real outputs --------------------------------------
@needs_real_world
def test_the_real_kobo_export_cleaned_gives_no_finding(tmp_path):
    ws = create_workspace(tmp_path / "kobo", "Essai Kobo")
    shutil.copyfile(
        REAL_WORLD / "kobocruncher" / "data.xlsx", ws.root / "donnees-brutes" / "data.xlsx"
    )
    config = ws.root / "structure.yml"
    entry = (
        "fichiers:\n  - chemin: donnees-brutes/data.xlsx\n    role: questionnaire\n"
        "    donnees_personnelles: true\n"
    )
    config.write_text(config.read_text("utf-8").replace("fichiers: []\n", entry), "utf-8")
    ws = open_workspace(ws.root, tmp_path / "sorties")
    result = clean_workspace(ws)
    assert result.tables
    assert scan_for_identifiers(tmp_path / "sorties").empty
    journal = result.journal()
    assert not (journal["verbe"] == REDACTED).any()  # nothing to redact: no false positive


@pytest.mark.parametrize("slug", sample_slugs())
def test_the_scan_finds_nothing_in_a_sample_cleaned_as_it_is(tmp_path, slug):
    ws = open_workspace(SAMPLES_DIR / slug, tmp_path / "sorties")
    clean_workspace(ws)
    assert scan_for_identifiers(tmp_path / "sorties").empty


def test_a_column_name_holding_an_identifier_is_redacted_too(tmp_path):
    ws = create_workspace(tmp_path / "espace", "Essai")
    (ws.root / "donnees-brutes" / "suivi.csv").write_text(
        "nom;prenom;tel 06 98 76 54 32;motif\n"
        "Martin;Camille;oui;rappeler Camille Martin au 0612345678\n"
        "Durand;Paul;non;emploi\n"
        "Petit;Léa;oui;emploi\n",
        encoding="cp1252",
    )
    config = ws.root / "structure.yml"
    entry = (
        "fichiers:\n  - chemin: donnees-brutes/suivi.csv\n    role: suivi\n"
        "    donnees_personnelles: true\n    personnes:\n      nom: nom\n      prenom: prenom\n"
    )
    config.write_text(config.read_text("utf-8").replace("fichiers: []\n", entry), "utf-8")
    ws = open_workspace(ws.root, tmp_path / "sorties")
    result = clean_workspace(ws)
    assert list(result["suivi"].data.columns)[1:] == ["tel_telephone_retire", "motif"]
    assert "rappeler [nom retiré] au [téléphone retiré]" in set(result["suivi"].data["motif"])
    assert scan_for_identifiers(tmp_path / "sorties").empty
    written = b"".join(p.read_bytes() for p in (tmp_path / "sorties").rglob("*") if p.is_file())
    for needle in (b"98 76 54 32", b"0612345678", b"Camille Martin", b"camille_martin"):
        assert needle not in written

"""`sizeup init --depuis`: a folder of exports copied, read once and declared in structure.yml."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.cli import main
from sizeup_helpers.errors import WorkspaceError
from sizeup_helpers.intake import (
    DETECTION_VALUES,
    SENSITIVE_VALUES,
    detection_sample,
    explain_intake,
    guess_role,
    intake_folder,
    is_survey_export,
    is_xlsform,
    letters_only,
    people_columns,
)
from sizeup_helpers.workspace import CONFIG_NAME, check_workspace_files, open_workspace

from .conftest import REAL_WORLD, SAMPLES_DIR, needs_real_world, sample_slugs

KOBO = REAL_WORLD / "kobocruncher" / "data.xlsx"
KOBO_MAIN = "Sample Dataset KoboloadeR"

INSCRIPTIONS = """\
nom,prénom,email,téléphone,date_inscription,ville,atelier
Martin,Amina,amina.martin@exemple.fr,06 12 34 56 78,2024-01-08,Lens,CV
Dubois,Lucas,lucas.dubois@exemple.fr,06 23 45 67 89,2024-01-09,Liévin,Réseau
Moreau,Chloé,chloe.moreau@exemple.fr,07 34 56 78 90,2024-01-15,Lens,CV
Roux,Karim,karim.roux@exemple.fr,06 45 67 89 01,2024-02-02,Arras,Confiance
Faure,Élodie,elodie.faure@exemple.fr,06 56 78 90 12,2024-02-05,Lens,Réseau
Garnier,Hugo,hugo.garnier@exemple.fr,06 67 89 01 23,2024-02-12,Liévin,CV
"""

# typed by hand in a French Excel: « ; », Windows-1252, accents, no identifier
SUIVI_CP1252 = (
    "Date;Situation à 3 mois;Référent;Commentaire\r\n"
    "12/03/2024;emploi;équipe Sud;très motivée\r\n"
    "15/03/2024;formation;équipe Nord;reprise d'études\r\n"
    "02/04/2024;recherche;équipe Sud;à relancer en été\r\n"
    "09/04/2024;emploi;équipe Nord;CDD signé\r\n"
)

TRANSCRIPT = """\
# Entretien avec la coordinatrice

— Qu'est-ce qui a changé pour les participants ?
— Ils reprennent confiance, surtout après le troisième atelier.
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of ``folder``: its checksum and modification time."""
    return {
        p.relative_to(folder).as_posix(): (_sha(p), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _write_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Ventes")
    rows = [
        ["date", "produit", "quantité", "montant_ttc"],
        ["2019-03-01", "panier légumes", 2, 24.5],
        ["2019-03-02", "pain", 5, 6.0],
        ["2019-03-02", "café", 1, 2.2],
        ["2019-03-03", "panier légumes", 1, 12.25],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))


def _make_source(root: Path, *, kobo: bool = False) -> Path:
    """A structure's folder as a coach receives it: several origins, one broken file."""
    src = root / "exports de la structure"
    (src / "entretiens").mkdir(parents=True)
    (src / "inscriptions.csv").write_text(INSCRIPTIONS, encoding="utf-8")
    (src / "suivi_accents.csv").write_bytes(SUIVI_CP1252.encode("cp1252"))
    pd.DataFrame(
        {"mois": ["janvier", "février", "mars"], "heures": ["12", "8", "15"], "lieu": list("ABC")}
    ).to_excel(src / "benevoles.ods", engine="odf", index=False)
    _write_xls(src / "ventes_2019.xls")
    with pd.ExcelWriter(src / "emargements.xlsx") as writer:  # monthly sheets, same columns
        for month in ("janvier", "février"):
            pd.DataFrame({"séance": ["S1", "S2"], "présents": ["8", "9"]}).to_excel(
                writer, sheet_name=month, index=False
            )
    (src / "entretiens" / "entretien_coordinatrice.md").write_text(TRANSCRIPT, encoding="utf-8")
    (src / "cassé.xlsx").write_bytes(os.urandom(2048))
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (src / "~$inscriptions.xlsx").write_bytes(b"owner")
    (src / ".~lock.benevoles.ods#").write_text("verrou", encoding="utf-8")
    if kobo:
        shutil.copy2(KOBO, src / "data.xlsx")
    return src


def _by_path(result) -> dict[str, list]:
    out: dict[str, list] = {}
    for entry in result.entries:
        out.setdefault(entry.path.removeprefix("donnees-brutes/"), []).append(entry)
    return out


# --------------------------------------------------------------------------------------
# The whole intake
# --------------------------------------------------------------------------------------
@pytest.fixture
def intake(tmp_path):
    src = _make_source(tmp_path)
    before = _snapshot(src)
    result = intake_folder(tmp_path / "espace", "Boussole Emploi", src)
    return src, before, result


def test_files_are_copied_byte_for_byte_and_the_source_is_untouched(intake):
    src, before, result = intake
    assert _snapshot(src) == before  # same bytes, same dates: only read
    raw = result.root / "donnees-brutes"
    copied = sorted(rel for rel in before if not rel.startswith((".", "~$")) and "/." not in rel)
    assert sorted(r.removeprefix("donnees-brutes/") for r in result.copied) == copied
    for rel in copied:
        assert _sha(raw / rel) == before[rel][0]
        assert (raw / rel).stat().st_mtime_ns == before[rel][1]  # copy2 keeps the date
    assert (
        sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()) == copied
    )  # the structure's files and nothing else
    assert sorted(result.skipped) == [".DS_Store", ".~lock.benevoles.ods#", "~$inscriptions.xlsx"]


def test_each_file_is_declared_with_a_guessed_role(intake):
    _, _, result = intake
    entries = _by_path(result)
    assert set(entries) == {
        "inscriptions.csv",
        "suivi_accents.csv",
        "benevoles.ods",
        "ventes_2019.xls",
        "emargements.xlsx",
        "entretiens/entretien_coordinatrice.md",
    }
    role = {path: [e.role for e in found] for path, found in entries.items()}
    assert role["inscriptions.csv"] == ["inscriptions"]
    assert role["suivi_accents.csv"] == ["suivi"]
    assert role["benevoles.ods"] == ["benevoles"]
    assert role["ventes_2019.xls"] == ["ventes"]
    assert role["emargements.xlsx"] == ["presences"]
    assert role["entretiens/entretien_coordinatrice.md"] == ["entretiens"]
    # monthly sheets with the same columns: one entry, stacked by step 05
    assert entries["emargements.xlsx"][0].sheet is None
    assert "2 feuilles de mêmes colonnes" in entries["emargements.xlsx"][0].description
    # personal data from what was read
    inscriptions = entries["inscriptions.csv"][0]
    assert inscriptions.personal
    assert inscriptions.people == {
        "nom": "nom",
        "prenom": "prénom",
        "email": "email",
        "telephone": "téléphone",
    }
    for path in ("suivi_accents.csv", "benevoles.ods", "ventes_2019.xls"):
        assert not entries[path][0].personal and entries[path][0].people is None
    assert entries["entretiens/entretien_coordinatrice.md"][0].personal  # by default
    assert entries["suivi_accents.csv"][0].description == "4 lignes × 4 colonnes, texte CSV"
    assert entries["ventes_2019.xls"][0].description == (
        "4 lignes × 4 colonnes, classeur Excel 97-2003 (xls)"
    )


def test_structure_yml_has_a_comment_per_entry_and_passes_the_schema(intake):
    _, _, result = intake
    text = (result.root / CONFIG_NAME).read_text(encoding="utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("- chemin:"):
            assert lines[i - 1].lstrip().startswith("# rôle "), lines[i - 1]
    assert (
        "# rôle deviné d'après le nom du fichier (inscriptions) et la colonne date_inscription ; "
        "4 colonnes d'identifiants directs trouvées : nom (nom), prénom (prénom), email "
        "(adresse e-mail), téléphone (numéro de téléphone) ; données personnelles, à vérifier"
    ) in text
    assert "aucun identifiant direct trouvé : donnees_personnelles à false, à vérifier" in text
    assert "# - donnees-brutes/cassé.xlsx : " in text  # listed, not declared
    ws = open_workspace(result.root)
    declared = {f.relative: f for f in ws.files}
    assert "donnees-brutes/cassé.xlsx" not in declared
    assert declared["donnees-brutes/inscriptions.csv"].personal_data is True
    assert declared["donnees-brutes/ventes_2019.xls"].personal_data is False
    assert declared["donnees-brutes/inscriptions.csv"].people["email"] == "email"
    assert ws.name == "Boussole Emploi"


def test_unreadable_file_is_listed_not_fatal(intake):
    _, _, result = intake
    assert [u.path for u in result.unreadable] == ["donnees-brutes/cassé.xlsx"]
    assert "« cassé.xlsx »" in result.unreadable[0].reason
    assert (result.root / "donnees-brutes" / "cassé.xlsx").is_file()
    check = check_workspace_files(result.root)
    assert check.ok and check.undeclared == ["donnees-brutes/cassé.xlsx"]


def test_reading_says_what_was_done(intake):
    src, _, result = intake
    text = explain_intake(result).to_text()
    assert text.startswith(
        "7 fichiers copiés de « exports de la structure » dans donnees-brutes/ de « Boussole "
        "Emploi », à l'identique : les originaux ne sont ni déplacés ni modifiés."
    )
    assert "6 entrées déclarées dans structure.yml :" in text
    assert "- inscriptions : donnees-brutes/inscriptions.csv (données personnelles)" in text
    assert "- ventes : donnees-brutes/ventes_2019.xls\n" in text
    assert "1 fichier illisible, copié mais non déclaré :" in text
    assert "- donnees-brutes/cassé.xlsx : " in text
    assert "Non copiés (3 fichiers cachés ou verrous ignorés) : " in text
    assert f"`sizeup check {result.root}`" not in text  # code marks removed in text
    assert f"sizeup check {result.root} et sizeup run {result.root}." in text
    frame = explain_intake(result).to_frame()
    assert len(frame) == 7 and set(frame["Rôle"]) >= {"inscriptions", "non déclaré"}
    assert result._repr_markdown_().count("\n- ") >= 6


def test_sizeup_check_passes_right_after_init(tmp_path, capsys):
    src = _make_source(tmp_path)
    assert main(["init", str(tmp_path / "esp"), "--nom", "Essai", "--depuis", str(src)]) == 0
    out, err = capsys.readouterr()
    assert f"Espace de travail créé : {(tmp_path / 'esp').resolve()}" in out
    assert "6 entrées déclarées dans structure.yml :" in out
    assert err.count("sizeup : attention") == 1
    assert "donnees-brutes/cassé.xlsx non lu : " in err
    assert main(["check", str(tmp_path / "esp")]) == 0
    out = capsys.readouterr().out
    assert "Espace de travail valide : Essai (6 fichiers déclarés), à compléter." in out


def test_init_without_depuis_still_makes_an_empty_workspace(tmp_path, capsys):
    assert main(["init", str(tmp_path / "vide"), "--nom", "Essai"]) == 0
    assert open_workspace(tmp_path / "vide").files == []


@needs_real_world
def test_kobo_export_gives_one_entry_per_sheet(tmp_path):
    src = _make_source(tmp_path, kobo=True)
    result = intake_folder(tmp_path / "espace", "Essai Kobo", src)
    kobo = _by_path(result)["data.xlsx"]
    assert [(e.sheet, e.role) for e in kobo] == [
        (KOBO_MAIN, "questionnaire"),
        ("members", "questionnaire-members"),
    ]
    assert "colonnes système de KoboToolbox" in kobo[0].why
    assert _sha(result.root / "donnees-brutes" / "data.xlsx") == _sha(KOBO)
    ws = open_workspace(result.root)
    assert ws.file("questionnaire-members").sheet == "members"
    assert check_workspace_files(result.root).ok
    assert "- questionnaire-members : donnees-brutes/data.xlsx, feuille « members »" in (
        result.to_text()
    )


@needs_real_world
def test_a_kobo_form_and_an_export_without_system_columns_are_recognised(tmp_path):
    """The real XLSForm (a form, not answers) and a Kobo export whose system columns were
    left out (only the questions' group paths: ``group_pm0cj55.return_ven``)."""
    src = tmp_path / "exports"
    src.mkdir()
    for name in ("form_likert.xlsx", "data_likert.xlsx", "sample_xlsform.xlsx"):
        shutil.copy2(REAL_WORLD / "kobocruncher" / name, src / name)
    result = intake_folder(tmp_path / "espace", "Essai Kobo", src)
    by_path = _by_path(result)
    for form in ("form_likert.xlsx", "sample_xlsform.xlsx"):
        (entry,) = by_path[form]
        assert entry.role.startswith("formulaire") and entry.sheet is None
        assert not entry.personal and "XLSForm" in entry.why
    (data,) = by_path["data_likert.xlsx"]
    assert data.role == "questionnaire"
    assert "groupes de KoboToolbox" in data.why
    assert check_workspace_files(result.root).ok


def test_survey_exports_and_forms_are_told_from_ordinary_tables():
    assert is_survey_export(["group_ab12cd3.q1", "group_ab12cd3.q2", "age"]) == "KoboToolbox"
    assert is_survey_export(["Horodateur", "Votre âge", "Votre avis"]) == "Google Forms"
    assert is_survey_export(["group", "name", "age"]) is None
    assert is_xlsform([("survey", ["type", "name", "label"])])
    assert not is_xlsform([("survey", ["question", "reponse"])])
    assert not is_xlsform([("Feuil1", ["type", "name"])])


# --------------------------------------------------------------------------------------
# Every sample's raw files, as if a coach brought them
# --------------------------------------------------------------------------------------
EXPECTED_ROLES = {
    "ateliers-emploi": {
        "inscriptions_export.csv": "inscriptions",
        "presences.csv": "presences",
        "suivi_situation.csv": "suivi",
        "questionnaire_T0_T1_T2.csv": "questionnaire",
    },
    "commerce-rural": {
        "caisse1_tickets_2024.csv": "ventes",
        "caisse2_tickets_2024.csv": "ventes-2",
    },
    "formation-batiment": {"emargement_FON-24-1.xlsx": "presences"},
    "mobilite-accompagnee": {"beneficiaires.csv": "inscriptions"},
}


@pytest.mark.parametrize("slug", sample_slugs())
def test_every_sample_folder_is_taken_in(slug, tmp_path):
    raw = SAMPLES_DIR / slug / "donnees-brutes"
    declared = open_workspace(SAMPLES_DIR / slug).files
    result = intake_folder(tmp_path / slug, "Essai", raw)
    assert not result.unreadable
    paths = {e.path for e in result.entries}
    assert paths == {f.relative for f in declared}  # every file the sample declares
    roles = [e.role for e in result.entries]
    assert len(roles) == len(set(roles))
    for name, role in EXPECTED_ROLES.get(slug, {}).items():
        assert {e.role for e in result.entries if e.path.endswith("/" + name)} == {role}
    for f in declared:  # a file the sample says names people is found personal too
        if set(f.people or {}) & {"nom", "prenom", "nom_complet", "email"}:
            assert any(e.personal for e in result.entries if e.path == f.relative), f.relative
    check = check_workspace_files(result.root)
    assert check.ok and not check.undeclared
    n = len(result.copied)
    text = result.to_text()
    assert f"{n} fichiers copiés de « donnees-brutes »" in text
    assert f"{len(result.entries)} entrées déclarées dans structure.yml :" in text


@pytest.mark.parametrize("slug", sample_slugs())
def test_fast_checks_find_what_the_full_checks_find(slug):
    """The intake's sampled checks agree with privacy's own on every sample table."""
    from sizeup_helpers import privacy
    from sizeup_helpers.io import read_all_sheets

    raw = SAMPLES_DIR / slug / "donnees-brutes"
    for path in sorted(raw.rglob("*")):
        if path.suffix not in (".csv", ".xlsx"):
            continue
        for frame in read_all_sheets(path).values():
            sample = detection_sample(frame)
            full = privacy.detect_identifiers(frame)[["colonne", "type"]]
            fast = privacy.detect_identifiers(sample, sample_size=DETECTION_VALUES)
            assert fast[["colonne", "type"]].equals(full), path.name
            full = privacy.detect_sensitive(frame)[["colonne", "categorie"]]
            fast = privacy.detect_sensitive(letters_only(sample), sample_size=SENSITIVE_VALUES)
            assert fast[["colonne", "categorie"]].equals(full), path.name


# --------------------------------------------------------------------------------------
# Singular, nothing readable, safe YAML
# --------------------------------------------------------------------------------------
def test_one_file_reads_in_the_singular(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "export.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    result = intake_folder(tmp_path / "esp", "Essai", src)
    text = result.to_text()
    assert "1 fichier copié de « src »" in text
    assert "1 entrée déclarée dans structure.yml :" in text
    assert "- a-preciser : donnees-brutes/export.csv\n" in text
    assert "À relire d'abord : le rôle de « donnees-brutes/export.csv » n'a pas pu être deviné" in (
        text
    )
    assert "illisible" not in text and "Non copiés" not in text


def test_nothing_readable_declares_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (src / "vide.csv").write_bytes(b"")
    result = intake_folder(tmp_path / "esp", "Essai", src)
    assert result.entries == [] and len(result.unreadable) == 2
    text = result.to_text()
    assert "Aucune entrée déclarée dans structure.yml : aucun fichier n'a pu être lu." in text
    assert "2 fichiers illisibles, copiés mais non déclarés :" in text
    assert "vide (0 octet)" in text
    assert open_workspace(tmp_path / "esp").files == []
    assert "« photo.png » n'est pas un tableau : c'est une image PNG" in text
    assert "fichiers: []" in (tmp_path / "esp" / CONFIG_NAME).read_text(encoding="utf-8")


def test_odd_names_are_quoted_safely(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    header = '"nom: de famille","# note","a ""quoted"" one","deux\nlignes","e-mail"\n'
    (src / "liste: #1 'été'.csv").write_text(
        header + "Martin,x,y,z,a.b@exemple.fr\nDurand,x,y,z,c.d@exemple.fr\n", encoding="utf-8"
    )
    with pd.ExcelWriter(src / "classeur.xlsx") as writer:
        pd.DataFrame({"x": ["1"]}).to_excel(writer, sheet_name="Bilan #1 - « été »", index=False)
        pd.DataFrame({"y": ["1"], "z": ["2"]}).to_excel(writer, sheet_name="autre", index=False)
    result = intake_folder(tmp_path / "esp", 'L\'été: "test" # 1', src)
    ws = open_workspace(result.root)
    assert ws.name == 'L\'été: "test" # 1'
    entry = next(f for f in ws.files if f.relative.endswith(".csv"))
    assert entry.relative == "donnees-brutes/liste: #1 'été'.csv"
    assert entry.people == {"email": "e-mail"}
    assert {f.sheet for f in ws.files if f.relative.endswith(".xlsx")} == {
        "Bilan #1 - « été »",
        "autre",
    }


# --------------------------------------------------------------------------------------
# Bad inputs
# --------------------------------------------------------------------------------------
def test_missing_source(tmp_path, capsys):
    code = main(["init", str(tmp_path / "esp"), "--nom", "E", "--depuis", str(tmp_path / "non")])
    assert code == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert not (tmp_path / "esp").exists()


def test_other_formats_and_uncopiable_files_are_listed(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.json").write_text("{}", encoding="utf-8")
    (src / "export.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (src / "verrouillé.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    real_copy = shutil.copy2

    def copy2(source, target):
        if Path(source).name == "verrouillé.csv":
            raise PermissionError(13, "Permission non accordée")
        return real_copy(source, target)

    monkeypatch.setattr("sizeup_helpers.intake.shutil.copy2", copy2)
    result = intake_folder(tmp_path / "esp", "E", src)
    reasons = {u.path: u.reason for u in result.unreadable}
    assert reasons == {
        "donnees-brutes/notes.json": "Le fichier « notes.json » n'est ni un tableau (CSV, Excel, "
        "LibreOffice) ni une transcription (texte, Word, PDF) : convertissez-le si Size Up "
        "doit le lire.",
        "donnees-brutes/verrouillé.csv": "Le fichier « verrouillé.csv » n'a pas pu être copié "
        "(Permission non accordée) : copiez-le à la main.",
    }
    assert not (result.root / "donnees-brutes" / "verrouillé.csv").exists()
    assert [e.path for e in result.entries] == ["donnees-brutes/export.csv"]


def test_source_that_is_a_file(tmp_path):
    (tmp_path / "f.csv").write_text("a\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="n'est pas un dossier"):
        intake_folder(tmp_path / "esp", "E", tmp_path / "f.csv")


def test_empty_source(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / ".DS_Store").write_bytes(b"x")
    assert main(["init", str(tmp_path / "esp"), "--nom", "E", "--depuis", str(src)]) == 2
    err = capsys.readouterr().err
    assert "ne contient aucun fichier à copier (1 fichier caché ou verrou ignoré)" in err
    assert not (tmp_path / "esp").exists()


def test_workspace_folder_not_empty(tmp_path, capsys):
    src = _make_source(tmp_path)
    before = _snapshot(src)
    (tmp_path / "esp").mkdir()
    (tmp_path / "esp" / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["init", str(tmp_path / "esp"), "--nom", "E", "--depuis", str(src)]) == 2
    assert "existe déjà et n'est pas vide" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "esp").iterdir()) == ["notes.txt"]
    assert _snapshot(src) == before


def test_source_and_workspace_inside_each_other(tmp_path):
    src = _make_source(tmp_path)
    with pytest.raises(WorkspaceError, match="serait dans le dossier source"):
        intake_folder(src / "espace", "E", src)
    with pytest.raises(WorkspaceError, match="est dans l'espace de travail"):
        intake_folder(tmp_path, "E", src)
    assert not (src / "espace").exists()


# --------------------------------------------------------------------------------------
# Guessing
# --------------------------------------------------------------------------------------
def test_guess_role():
    assert guess_role("Presences_2024.xlsx", ["nom", "présent"]) == (
        "presences",
        "rôle deviné d'après le nom du fichier (presences) et la colonne présent",
    )
    assert guess_role("export.csv", ["Date de sortie", "Motif de sortie"])[0] == "sorties"
    assert guess_role("export.csv", ["montant"])[0] == "a-preciser"  # one column is not enough
    assert guess_role(None, ["x"], sheet="Inscrits 2024")[1] == (
        "rôle deviné d'après le nom de la feuille (inscrits)"
    )
    assert guess_role(None, ["x"], sheet="Feuil1") == (
        "a-preciser",
        "rôle à préciser : ni le nom de la feuille ni ses colonnes ne l'indiquent",
    )
    assert guess_role("rh.csv", [])[0] == "salaries" and guess_role("rhone.csv", [])[0] != (
        "salaries"
    )
    assert is_survey_export(["_submission__uuid", "_parent_index", "members.age"])


def test_people_columns_need_a_clear_name():
    assert people_columns({"nom": "nom", "prénom": "prenom", "tel": "telephone"}) == {
        "nom": "nom",
        "prenom": "prénom",
        "telephone": "tel",
    }
    assert people_columns({"tel": "telephone"}) == {}
    assert people_columns({"mail": "email", "ddn": "date_naissance"}) == {
        "email": "mail",
        "date_naissance": "ddn",
    }

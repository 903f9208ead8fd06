"""Survey platforms' system columns: recognised, typed, kept for joins, never taken for people.

And every sheet of a workbook kept: a KoboToolbox repeat group becomes its own clean table,
linked to its parent row.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.clean_workspace import (
    DICTIONARY_FILE,
    SUMMARY_FILE,
    clean_workspace,
    explain_journal,
    explain_overview,
    explain_saved,
    load_clean_table,
    raw_overview,
    read_raw_table,
    table_roles,
)
from sizeup_helpers.inventory import inventory_workspace, profile_table
from sizeup_helpers.privacy import detect_identifiers, mask_value
from sizeup_helpers.survey_exports import (
    DEVICE,
    METADATA,
    ROW_KEY,
    TIMESTAMP,
    describe_system_columns,
    parent_link,
    platform_of,
    system_columns,
)
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import REAL_WORLD, SAMPLES_DIR, needs_real_world

KOBO = REAL_WORLD / "kobocruncher" / "data.xlsx"
PARENT_SHEET = "Sample Dataset KoboloadeR"


# ---- recognition rules ------------------------------------------------------------------
def kinds(columns) -> dict[str, str]:
    return {str(c): s.kind for c, s in system_columns(columns).items()}


def test_kobo_columns_and_their_kinds():
    found = system_columns(
        [
            "start",
            "end",
            "today",
            "deviceid",
            "phonenumber",
            "username",
            "age",
            "_id",
            "_uuid",
            "_submission_time",
            "_validation_status",
            "_notes",
            "_status",
            "_submitted_by",
            "__version__",
            "_tags",
            "_index",
            "meta/instanceID",
        ]
    )
    assert "age" not in found
    assert {c: s.kind for c, s in found.items() if s.kind == TIMESTAMP} == {
        "start": TIMESTAMP,
        "end": TIMESTAMP,
        "today": TIMESTAMP,
        "_submission_time": TIMESTAMP,
    }
    assert found["_id"].kind == ROW_KEY and found["_id"].dtype == "integer"
    assert found["_uuid"].kind == ROW_KEY and found["_uuid"].dtype == "text"
    assert found["meta/instanceID"].kind == ROW_KEY
    assert found["_status"].kind == METADATA and found["__version__"].kind == METADATA
    assert {c: s.identifier for c, s in found.items() if s.kind == DEVICE} == {
        "deviceid": "appareil",
        "phonenumber": "telephone",
        "username": "appareil",
        "_submitted_by": "appareil",
    }
    assert {s.platform for s in found.values()} == {"KoboToolbox"}
    assert found["_id"].label == "clé de ligne de la plateforme (KoboToolbox)"


def test_repeat_group_columns_copied_from_the_submission():
    columns = [
        "members.age",
        "_index",
        "_parent_table_name",
        "_parent_index",
        "_submission__id",
        "_submission__uuid",
        "_submission__submission_time",
        "_submission__submitted_by",
        "_submission___version__",
        "_submission_meta/rootUuid",
    ]
    found = kinds(columns)
    assert found == {
        "_index": ROW_KEY,
        "_parent_table_name": ROW_KEY,
        "_parent_index": ROW_KEY,
        "_submission__id": ROW_KEY,
        "_submission__uuid": ROW_KEY,
        "_submission__submission_time": TIMESTAMP,
        "_submission__submitted_by": DEVICE,
        "_submission___version__": METADATA,
        "_submission_meta/rootUuid": ROW_KEY,
    }
    frame = pd.DataFrame({c: ["enquete" if c == "_parent_table_name" else "1"] for c in columns})
    assert parent_link(frame) == ("enquete", "_parent_index", "_index")
    assert parent_link(frame.drop(columns=["_parent_table_name"])) is None


@pytest.mark.parametrize("name", ["meta/instanceID", "meta.instanceID", "meta-instanceID"])
def test_group_separators_of_kobo_exports(name):
    assert kinds(["_id", name]) == {"_id": ROW_KEY, name: ROW_KEY}


@pytest.mark.parametrize(
    "columns",
    [
        ["id", "start", "end", "nom", "prenom"],  # a structure's own sessions file
        ["_id", "start", "end", "username"],  # one underscore column is not an export
        ["date", "today", "deviceid", "phonenumber"],  # preloads alone: ordinary names
        ["id", "nom", "startdate", "token"],  # LimeSurvey's shared names alone
        ["Date", "Timestamp"],  # a timestamp that is not the first column
    ],
)
def test_ordinary_tables_have_no_system_columns(columns):
    assert system_columns(columns) == {}
    assert platform_of(columns) is None
    assert describe_system_columns({}) == ""


def test_limesurvey_and_google_forms():
    lime = system_columns(
        ["id", "submitdate", "lastpage", "startlanguage", "seed", "ipaddr", "token", "Q1"]
    )
    assert {c: s.kind for c, s in lime.items()} == {
        "id": ROW_KEY,
        "submitdate": TIMESTAMP,
        "lastpage": METADATA,
        "startlanguage": METADATA,
        "seed": METADATA,
        "ipaddr": DEVICE,
        "token": DEVICE,
    }
    assert platform_of(["id", "submitdate", "lastpage"]) == "LimeSurvey"
    for first in ("Horodateur", "Timestamp"):
        found = system_columns([first, "Adresse e-mail", "Votre avis"])
        assert {c: s.kind for c, s in found.items()} == {first: TIMESTAMP}
        assert found[first].platform == "Google Forms"


def test_limesurvey_text_headings_and_framaforms_columns():
    lime = system_columns(["Response ID", "Date submitted", "Last page", "IP address", "Q"])
    assert {c: s.kind for c, s in lime.items()} == {
        "Response ID": ROW_KEY,
        "Date submitted": TIMESTAMP,
        "Last page": METADATA,
        "IP address": DEVICE,
    }
    french = system_columns(["ID de la réponse", "Dernière page", "Langue de départ", "Q"])
    assert {s.platform for s in french.values()} == {"LimeSurvey"}
    frama = system_columns(
        ["Serial", "SID", "Submitted Time", "Draft", "IP Address", "UID", "Username", "Âge"]
    )
    assert {c: s.kind for c, s in frama.items()} == {
        "Serial": ROW_KEY,
        "SID": ROW_KEY,
        "Submitted Time": TIMESTAMP,
        "Draft": METADATA,
        "IP Address": DEVICE,
        "UID": DEVICE,
        "Username": DEVICE,
    }
    assert {s.platform for s in frama.values()} == {"Framaforms"}
    assert frama["IP Address"].identifier == "appareil"
    # without a submission number, « Draft » and « UID » are a structure's own columns
    assert system_columns(["Draft", "UID", "nom"]) == {}
    quiz = system_columns(["Timestamp", "Email Address", "Total score", "Q1"])
    assert {c: s.kind for c, s in quiz.items()} == {"Timestamp": TIMESTAMP, "Total score": METADATA}
    assert describe_system_columns(frama).startswith("Export Framaforms : 7 colonnes ajoutées")


def test_describe_system_columns_singular_and_plural():
    one = describe_system_columns(system_columns(["Horodateur", "avis"]))
    assert one.startswith(
        "Export Google Forms : 1 colonne ajoutée par la plateforme (1 horodatage)"
    )
    assert "reconnue comme telle" in one and "pseudonymisés" not in one
    many = describe_system_columns(system_columns(["_id", "_uuid", "deviceid", "start"]))
    assert many.startswith(
        "Export KoboToolbox : 4 colonnes ajoutées par la plateforme (1 horodatage, 2 clés de "
        "ligne, 1 identifiant d'appareil ou de compte), reconnues comme telles"
    )
    assert many.endswith("seront pseudonymisés à l'étape 05.")


def test_identifier_detection_skips_row_keys_and_keeps_devices():
    frame = pd.DataFrame(
        {
            "_id": ["20759478", "20756978"],
            "_uuid": [
                "48cc75b7-3d86-4c3e-a99b-24b4032b7b9c",
                "f1c3d36c-3c25-4581-9f35-9c8ec405d744",
            ],
            "_parent_table_name": ["Jean Dupont", "Jean Dupont"],  # a sheet named like a person
            "_submission_time": ["2022-05-04T21:28:46", "2022-05-04T20:15:14"],
            "deviceid": ["collect:Xa1b2C3d4E5f6G7h", "collect:Zz9y8X7w6V5u4T3s"],
            "phonenumber": ["06 12 34 56 78", "07 98 76 54 32"],
            "_submitted_by": [None, None],  # empty: says nothing about a person
        }
    )
    found = dict(zip(*detect_identifiers(frame)[["colonne", "type"]].T.to_numpy(), strict=True))
    assert found == {"deviceid": "appareil", "phonenumber": "telephone"}
    assert mask_value("collect:Xa1b2C3d4E5f6G7h", "appareil") == "(identifiant masqué)"


def test_profile_types_system_columns():
    frame = pd.DataFrame(
        {
            "start": ["2022-10-27T08:57:57.907+02:00", "2022-10-24T11:36:52.804+02:00"],
            "_id": ["20759478", "20756978"],
            "_uuid": [
                "48cc75b7-3d86-4c3e-a99b-24b4032b7b9c",
                "f1c3d36c-3c25-4581-9f35-9c8ec405d744",
            ],
            "_status": ["submitted_via_web", "submitted_via_web"],
            "username": ["enqueteur1", "enqueteur2"],
        }
    )
    inv = profile_table(frame, fichier="x.csv", role="questionnaire")
    types = dict(zip(inv.colonnes["colonne"], inv.colonnes["type"], strict=True))
    assert types["_id"] == types["_uuid"] == "clé de ligne de la plateforme (KoboToolbox)"
    assert types["_status"] == "catégorie"
    assert types["username"] == "identifiant"
    ids = dict(zip(inv.colonnes["colonne"], inv.colonnes["identifiant"], strict=True))
    assert ids == {c: "" for c in ids} | {"username": "identifiant d'appareil ou de compte"}
    assert "enqueteur" not in " ".join(inv.colonnes["exemples"])
    assert "export_plateforme" in set(inv.problemes["code"])


# ---- workspaces --------------------------------------------------------------------------
def workspace_with(tmp_path: Path, files: dict[str, Path | pd.DataFrame], entries: str):
    """A new workspace holding ``files`` (copied or written) and the given YAML entries."""
    root = tmp_path / "espace"
    create_workspace(root, "Essai export")
    for name, source in files.items():
        target = root / "donnees-brutes" / name
        if isinstance(source, pd.DataFrame):
            source.to_csv(target, index=False, sep=";", encoding="utf-8")
        else:
            shutil.copy(source, target)
    config = root / "structure.yml"
    config.write_text(
        config.read_text("utf-8").replace("fichiers: []", "fichiers:\n" + entries), "utf-8"
    )
    return open_workspace(root, tmp_path / "sorties")


KOBO_ENTRY = """\
- chemin: donnees-brutes/data.xlsx
  role: questionnaire
  description: export KoboToolbox
"""


@needs_real_world
def test_real_kobo_export_inventory_reads_system_columns(tmp_path):
    ws = workspace_with(tmp_path, {"data.xlsx": KOBO}, KOBO_ENTRY)
    inv = inventory_workspace(ws)
    assert set(inv.tables["feuille"]) == {PARENT_SHEET, "members"}
    system = ["_uuid", "_parent_table_name", "_submission__uuid", "start", "end", "_id", "_index"]
    cols = inv.colonnes[inv.colonnes["colonne"].isin(system)]
    assert set(cols["colonne"]) == set(system)
    assert (cols["identifiant"] == "").all()
    assert not cols["type"].isin(["texte", "identifiant"]).any()
    assert set(cols.loc[cols["colonne"].isin(["start", "end"]), "type"]) == {"date"}
    found = inv.problemes[inv.problemes["colonne"].isin(system)]
    assert not found["code"].isin(["identifiant_direct", "texte_libre"]).any()
    codes = inv.problemes.groupby("feuille")["code"].apply(set)
    assert "groupe_repete" in codes["members"] and "groupe_repete" not in codes[PARENT_SHEET]
    assert "export_plateforme" in codes[PARENT_SHEET]


@needs_real_world
def test_real_kobo_export_gives_one_clean_table_per_sheet(tmp_path):
    ws = workspace_with(tmp_path, {"data.xlsx": KOBO}, KOBO_ENTRY)
    assert table_roles(ws) == {
        "questionnaire": [PARENT_SHEET],
        "questionnaire-members": ["members"],
    }
    overview = raw_overview(ws)
    assert list(overview["role"]) == ["questionnaire", "questionnaire-members"]
    assert (
        explain_overview(overview)
        .to_text()
        .startswith(
            "Votre espace compte 1 fichier de données (2 tables : « questionnaire » et "
            "« questionnaire-members ») et 17 lignes en tout."
        )
    )
    assert len(read_raw_table(ws, "questionnaire-members")) == 12
    result = clean_workspace(ws)
    assert list(result.tables) == ["questionnaire", "questionnaire-members"]
    for role in result.tables:
        assert (ws.clean_data_dir / f"{role}.csv").is_file()
    parent = load_clean_table(ws, "questionnaire")
    members = load_clean_table(ws, "questionnaire-members")
    assert len(parent) == 5 and len(members) == 12
    assert str(parent["index"].dtype) == str(members["parent_index"].dtype) == "Int64"
    assert str(parent["id"].dtype) == "Int64"
    assert members["parent_index"].notna().all()
    assert set(members["parent_index"]) <= set(parent["index"])
    assert pd.api.types.is_datetime64_any_dtype(parent["submission_time"])
    assert result["questionnaire-members"].parent == ("parent_index", "questionnaire", "index")
    dictionary = pd.read_csv(ws.clean_data_dir / DICTIONARY_FILE, dtype=str)
    link = dictionary[
        (dictionary["table"] == "questionnaire-members") & (dictionary["colonne"] == "parent_index")
    ]
    assert link["traitement"].iloc[0].startswith("ligne parente : questionnaire.index")
    assert set(dictionary["table"]) == {"questionnaire", "questionnaire-members"}
    summary = json.loads((ws.step_dir("05") / SUMMARY_FILE).read_text("utf-8"))
    assert summary["tables"]["questionnaire-members"]["ligne_parente"] == "questionnaire.index"
    assert summary["tables"]["questionnaire-members"]["feuilles"] == ["members"]
    journal = result.journal()
    assert set(journal["table"]) == {"questionnaire", "questionnaire-members"}
    assert "dans 2 tables (« questionnaire » et « questionnaire-members »)" in (
        explain_journal(result).to_text()
    )
    text = explain_saved(ws, result).to_text()
    assert "2 tables propres" in text
    assert "questionnaire.csv" in text and "questionnaire-members.csv" in text
    assert "renvoie à sa ligne de « questionnaire »" in text


@needs_real_world
def test_real_kobo_export_declared_sheet_by_sheet(tmp_path):
    """``sizeup init --depuis`` declares one entry per sheet: the link still holds."""
    entries = (
        "- chemin: donnees-brutes/data.xlsx\n  role: questionnaire\n"
        f"  feuille: {PARENT_SHEET}\n"
        "- chemin: donnees-brutes/data.xlsx\n  role: questionnaire-membres\n"
        "  feuille: members\n"
    )
    ws = workspace_with(tmp_path, {"data.xlsx": KOBO}, entries)
    assert table_roles(ws) == {
        "questionnaire": [PARENT_SHEET],
        "questionnaire-membres": ["members"],
    }
    result = clean_workspace(ws)
    assert result["questionnaire-membres"].parent == ("parent_index", "questionnaire", "index")
    members = load_clean_table(ws, "questionnaire-membres")
    assert set(members["parent_index"]) <= set(load_clean_table(ws, "questionnaire")["index"])


def kobo_like() -> pd.DataFrame:
    n = 12
    return pd.DataFrame(
        {
            "start": [f"2024-03-{d:02d}T09:1{d % 10}:05.120+01:00" for d in range(1, n + 1)],
            "end": [f"2024-03-{d:02d}T09:4{d % 10}:55.980+01:00" for d in range(1, n + 1)],
            "deviceid": [f"collect:QzX8v{d:02d}LmN4pR7t" for d in range(n)],
            "username": [f"enqueteur.marseille{d % 3}" for d in range(n)],
            "phonenumber": [f"06 71 2{d % 10} 48 {d:02d}" for d in range(n)],
            "satisfaction": ["Très satisfait", "Plutôt satisfait", "Pas satisfait"] * 4,
            "nb_enfants": [str(d % 4) for d in range(n)],
            "_id": [str(90000 + d) for d in range(n)],
            "_uuid": [f"5a1c9e2b-7f3d-4e8a-9b6c-0d1e2f3a4b{d:02d}" for d in range(n)],
            "_submission_time": [f"2024-03-{d:02d}T10:00:00" for d in range(1, n + 1)],
            "_status": ["submitted_via_web"] * n,
            "_submitted_by": ["compte.asso.secret"] * n,
            "_index": [str(d + 1) for d in range(n)],
        }
    )


def test_device_and_account_identifiers_never_reach_the_outputs(tmp_path):
    raw = kobo_like()
    entry = "- chemin: donnees-brutes/enquete.csv\n  role: enquete\n"
    ws = workspace_with(tmp_path, {"enquete.csv": raw}, entry)
    result = clean_workspace(ws)
    t = result["enquete"]
    assert {c for c, (_, what) in t.identifiers.items() if what == "pseudonymisée"} >= {
        "deviceid",
        "username",
        "phonenumber",
        "_submitted_by",
    }
    clean = load_clean_table(ws, "enquete")
    assert str(clean["id"].dtype) == "Int64" and str(clean["index"].dtype) == "Int64"
    assert clean["uuid"].tolist() == raw["_uuid"].tolist()  # a row key is kept as it is
    planted = set(raw["deviceid"]) | set(raw["username"]) | {"compte.asso.secret"}
    for phone in raw["phonenumber"]:
        digits = re.sub(r"\D", "", phone)
        planted |= {phone, digits, "+33" + digits[1:], "+33 " + phone[1:]}
    written = [p for p in (tmp_path / "sorties").rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        for value in planted:
            assert value.encode() not in data, (path.name, value)


def test_a_structure_own_id_and_start_are_ordinary_columns(tmp_path):
    raw = pd.DataFrame(
        {
            "id": [f"A{d:03d}" for d in range(8)],
            "start": [f"0{d % 3 + 1}/02/2024" for d in range(8)],
            "end": [f"1{d % 3 + 1}/02/2024" for d in range(8)],
            "atelier": ["CV", "Entretien"] * 4,
        }
    )
    assert system_columns(raw.columns) == {}
    ws = workspace_with(
        tmp_path, {"ateliers.csv": raw}, "- chemin: donnees-brutes/ateliers.csv\n  role: ateliers\n"
    )
    inv = inventory_workspace(ws)
    assert not inv.colonnes["type"].str.contains("plateforme").any()
    assert "export_plateforme" not in set(inv.problemes["code"])
    t = clean_workspace(ws)["ateliers"]
    assert t.system == {} and t.parent is None
    assert "key" not in t.kinds.values()


# ---- every sheet kept: sheets sharing their columns stay stacked -------------------------
@pytest.mark.parametrize(
    ("slug", "role", "n_sheets"),
    [("commerce-rural", "services", 12), ("mobilite-accompagnee", "enquete", 2)],
)
def test_sheets_sharing_their_columns_stay_one_table(slug, role, n_sheets):
    ws = open_workspace(SAMPLES_DIR / slug)
    roles = table_roles(ws)
    assert len(roles[role]) == n_sheets
    assert not any(r.startswith(f"{role}-") for r in roles)
    assert read_raw_table(ws, role).columns[0] == "feuille"


def test_workbook_with_different_sheets_gives_a_table_each(tmp_path):
    path = tmp_path / "suivi.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"date": ["2024-01-05"], "atelier": ["CV"], "participants": ["4"]}).to_excel(
            writer, sheet_name="Ateliers", index=False
        )
        pd.DataFrame({"code": ["CV", "ENT"], "libellé": ["Curriculum", "Entretien"]}).to_excel(
            writer, sheet_name="Codes ateliers", index=False
        )
        pd.DataFrame().to_excel(writer, sheet_name="Vide", index=False)
    entry = "- chemin: donnees-brutes/suivi.xlsx\n  role: suivi\n"
    ws = workspace_with(tmp_path, {"suivi.xlsx": path}, entry)
    assert table_roles(ws) == {"suivi": ["Ateliers"], "suivi-codes-ateliers": ["Codes ateliers"]}
    inv = inventory_workspace(ws)
    assert set(inv.tables["feuille"]) == {"Ateliers", "Codes ateliers"}
    note = inv.problemes[inv.problemes["code"] == "feuilles_vides"]
    assert list(note["message"]) == [
        "1 feuille vide (« Vide ») : rien à lire, donc pas de table propre à l'étape 05."
    ]
    result = clean_workspace(ws, roles=["suivi-codes-ateliers"])
    assert list(result.tables) == ["suivi-codes-ateliers"]
    assert len(load_clean_table(ws, "suivi-codes-ateliers")) == 2

"""Tests of sizeup_helpers.inventory: profiling, privacy of every output, mapping and gaps."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sizeup_helpers.inventory import (
    COLUMN_COLUMNS,
    FILES,
    GAP_COLUMNS,
    MAPPING_COLUMNS,
    PROBLEM_COLUMNS,
    REUSE,
    STATUSES,
    TABLE_COLUMNS,
    Inventory,
    InventoryError,
    find_gaps,
    inventory_workspace,
    load_indicator_links,
    map_to_outcomes,
    profile_table,
    reuse_compatibility,
    save_inventory,
    scope_outcomes,
)
from sizeup_helpers.privacy import detect_consent
from sizeup_helpers.stakeholders import save_scope
from sizeup_helpers.workspace import open_workspace, samples_dir

SAMPLES = sorted(p.name for p in samples_dir().iterdir() if (p / "structure.yml").is_file())
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[ .]?(?:\(0\)\s?)?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")

TOC = """\
version: 1
probleme: "Isolement des personnes en recherche d'emploi"
impact: {id: I, libelle: "Vivre mieux"}
activites:
  - {id: A1, libelle: "Ateliers"}
realisations:
  - {id: R1, libelle: "Participants"}
effets:
  - {id: E1, libelle: "Confiance", horizon: court, parties_prenantes: [PP1]}
  - {id: E2, libelle: "Réseau", horizon: court, parties_prenantes: [PP1]}
  - {id: E3, libelle: "Emploi", horizon: moyen, parties_prenantes: [PP2]}
  - {id: E4, libelle: "Quartier", horizon: long}
  - {id: E5, libelle: "Santé", horizon: long}
liens:
  - {de: A1, vers: R1}
  - {de: R1, vers: E1, hypothese: "h"}
  - {de: R1, vers: E2, hypothese: "h"}
  - {de: E1, vers: E3, hypothese: "h"}
  - {de: E3, vers: E4, hypothese: "h"}
  - {de: E3, vers: E5, hypothese: "h"}
  - {de: E4, vers: I, hypothese: "h"}
  - {de: E5, vers: I, hypothese: "h"}
parties_prenantes:
  - {id: PP1, nom: "Participants", categorie: beneficiaires}
  - {id: PP2, nom: "Employeurs", categorie: partenaires}
"""
# E1: measurable; E2: column missing; E3: a_collecter; E4: no file with that role;
# E5: no indicator at all
INDICATORS = """\
version: 1
indicateurs:
  - {id: IND1, libelle: "Participants", type: realisation, element: R1, source: inscriptions}
  - {id: IND2, libelle: "Confiance", type: effet, element: E1, source: questionnaire,
     colonnes: [confiance, "Date"]}
  - {id: IND3, libelle: "Contacts", type: effet, element: E2, source: questionnaire,
     colonnes: [contacts_pro]}
  - {id: IND4, libelle: "Emploi", type: effet, element: E3, source: a_collecter}
  - {id: IND5, libelle: "Quartier", type: effet, element: E4, source: enquete_quartier}
"""
PEOPLE = (
    "Nom;Prénom;E-mail;Téléphone;Ville;Date;Montant\n"
    "Dupont;Marie;marie.dupont@example.org;06 12 34 56 78;Lyon;05/03/2024;12,5\n"
    "Martin;Karim;k.martin@example.org;0711223344;lyon;2024-03-06;1 234,50\n"
    "Durand;Sophie;s.durand@example.org;+33 6 98 76 54 32;LYON ;45356;7\n"
    "Petit;Julien;julien.petit@example.org;06.55.44.33.22;Vienne;07/03/2024;3\n"
    "Total;;;;;;1 257,00\n"
)
SURVEY = (
    "code;Date;confiance;commentaire\n"
    + "".join(
        f"A{i};2024-01-{i:02d};{i % 10};Les ateliers m'ont redonné confiance, merci "
        f"à toute l'équipe ({i}).\n"
        for i in range(1, 13)
    )
    + "A12;2024-01-12;2;Les ateliers m'ont redonné confiance, merci à toute l'équipe (12).\n"
    + "A13;2024-01-13;NSP;Pas encore d'avis, je viens d'arriver dans le groupe cette semaine.\n"
)


def _workspace(
    tmp_path: Path,
    files: dict[str, bytes],
    declared: list[dict] | None = None,
    indicators: str | None = INDICATORS,
):
    root = tmp_path / "espace"
    raw = root / "donnees-brutes"
    raw.mkdir(parents=True)
    for name, data in files.items():
        (raw / name).write_bytes(data)
    declared = (
        declared
        if declared is not None
        else [{"chemin": f"donnees-brutes/{n}", "role": Path(n).stem} for n in files]
    )
    lines = ["version: 1", "structure:", "  nom: Les Pairs Solidaires", "fichiers:"]
    for d in declared:
        lines.append(f"  - chemin: {d['chemin']}")
        lines.append(f"    role: {d['role']}")
        if d.get("personnel"):
            lines.append("    donnees_personnelles: true")
    lines += ["theorie_du_changement: theorie-du-changement.yml", "indicateurs: indicateurs.yml"]
    (root / "structure.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "theorie-du-changement.yml").write_text(TOC, encoding="utf-8")
    if indicators is not None:
        (root / "indicateurs.yml").write_text(indicators, encoding="utf-8")
    return open_workspace(root, tmp_path / "sorties")


@pytest.fixture
def ws(tmp_path):
    return _workspace(
        tmp_path,
        {
            "inscriptions.csv": PEOPLE.encode("cp1252"),
            "questionnaire.csv": SURVEY.encode("utf-8"),
            "entretien_01.md": b"# Entretien\n\nQ : Comment allez-vous ?\n\nR : Bien.\n",
        },
    )


# --------------------------------------------------------------------------------------
# Profiling
# --------------------------------------------------------------------------------------
def test_inventory_has_fixed_columns_and_every_file(ws):
    inv = inventory_workspace(ws)
    assert isinstance(inv, Inventory)
    assert list(inv.tables.columns) == list(TABLE_COLUMNS)
    assert list(inv.colonnes.columns) == list(COLUMN_COLUMNS)
    assert list(inv.problemes.columns) == list(PROBLEM_COLUMNS)
    assert set(inv.tables["fichier"]) == {f.relative for f in ws.files}
    nature = dict(zip(inv.tables["role"], inv.tables["nature"], strict=True))
    assert nature == {
        "inscriptions": "tableau",
        "questionnaire": "tableau",
        "entretien_01": "matériau qualitatif",
    }
    people = inv.tables.set_index("role").loc["inscriptions"]
    assert people["nb_lignes"] == 5 and people["nb_colonnes"] == 7
    assert people["ligne_en_tete"] == 1
    assert "Windows-1252" in people["lecture"] and "point-virgule" in people["lecture"]
    assert not inv.colonnes["role"].eq("entretien_01").any()  # documents are not parsed


def test_column_profile_types_missing_and_distinct(ws):
    cols = inventory_workspace(ws).colonnes.set_index(["role", "colonne"])
    assert cols.loc[("inscriptions", "Date"), "type"] == "date"
    assert cols.loc[("inscriptions", "Montant"), "type"] == "nombre"
    assert cols.loc[("inscriptions", "E-mail"), "type"] == "identifiant"
    assert cols.loc[("inscriptions", "E-mail"), "identifiant"] == "adresse e-mail"
    assert cols.loc[("inscriptions", "Ville"), "valeurs_distinctes"] == 4
    # 1 empty e-mail cell (the total row) out of 5
    assert cols.loc[("inscriptions", "E-mail"), "part_manquante"] == pytest.approx(0.2)
    assert cols.loc[("questionnaire", "confiance"), "part_manquante"] == 0


def test_examples_are_masked_and_free_text_hidden(ws):
    cols = inventory_workspace(ws).colonnes.set_index(["role", "colonne"])
    email = cols.loc[("inscriptions", "E-mail"), "exemples"]
    assert "@" in email and "dupont" not in email and "***" in email
    phone = cols.loc[("inscriptions", "Téléphone"), "exemples"]
    assert "••" in phone and not PHONE.search(phone)
    names = cols.loc[("inscriptions", "Nom"), "exemples"]
    assert "Dupont" not in names and "D." in names
    assert cols.loc[("questionnaire", "commentaire"), "exemples"] == "(texte libre : non montré)"
    assert cols.loc[("inscriptions", "Ville"), "exemples"].split(" | ")[0] in (
        "Lyon",
        "lyon",
        "LYON ",
        "Vienne",
    )


def test_problems_found(ws):
    probs = inventory_workspace(ws).problemes
    codes = set(zip(probs["role"], probs["code"], probs["colonne"], strict=True))
    assert ("inscriptions", "formats_de_date", "Date") in codes
    assert ("inscriptions", "variantes", "Ville") in codes
    assert ("inscriptions", "lignes_total", "") in codes
    assert ("inscriptions", "identifiant_direct", "E-mail") in codes
    assert ("inscriptions", "personnelles_non_declarees", "") in codes
    assert ("questionnaire", "lignes_en_double", "") in codes
    assert ("questionnaire", "pas_un_nombre", "confiance") in codes
    assert ("entretien_01", "texte_a_relire", "") in codes
    dates = probs[(probs["code"] == "formats_de_date")]["message"].iloc[0]
    assert "JJ/MM/AAAA" in dates and "AAAA-MM-JJ" in dates and "numéro de série Excel" in dates
    # most pressing first
    order = probs["gravite"].map(
        {"à protéger": 0, "à corriger": 1, "à vérifier": 2, "information": 3}
    )
    assert order.is_monotonic_increasing
    # every problem of a table is counted in the tables frame
    inv = inventory_workspace(ws)
    counted = inv.tables.set_index("role")["nb_problemes"]
    assert counted["questionnaire"] == (inv.problemes["role"] == "questionnaire").sum()


def test_problem_wording_uses_french_numbers_and_agreement():
    frame = pd.DataFrame(
        {"code": ["A", None, None], "note": ["x", "y", "z"], "Nom": ["Dupont", "Martin", "Dupont"]}
    )
    probs = profile_table(frame, fichier="a.csv", role="a").problemes
    sparse = probs.loc[probs["code"] == "peu_renseignee", "message"].iloc[0]
    assert sparse == "Colonne vide à 67\u00a0% : peu utilisable pour un indicateur."
    personal = probs.loc[probs["code"] == "donnees_personnelles", "message"].iloc[0]
    assert personal.startswith("Données personnelles directes dans 1 colonne (« Nom »)")
    totals = profile_table(
        pd.DataFrame({"mois": ["janv.", "févr.", "Total"], "n": ["1", "2", "3"]})
    ).problemes
    total = totals.loc[totals["code"] == "lignes_total", "message"].iloc[0]
    assert total.startswith("1 ligne de total ou de sous-total au milieu des données")


def test_declared_personal_file_not_flagged_as_undeclared(tmp_path):
    ws = _workspace(
        tmp_path,
        {"inscriptions.csv": PEOPLE.encode("cp1252")},
        declared=[
            {"chemin": "donnees-brutes/inscriptions.csv", "role": "inscriptions", "personnel": True}
        ],
    )
    probs = inventory_workspace(ws).problemes
    assert "personnelles_non_declarees" not in set(probs["code"])
    assert "donnees_personnelles" in set(probs["code"])


def test_profile_table_returns_new_objects_and_checks_type():
    frame = pd.DataFrame({"a": ["1", "2", None], "b": ["x", "y", "x"]})
    before = frame.copy()
    inv = profile_table(frame, fichier="f.csv", role="r")
    pd.testing.assert_frame_equal(frame, before)
    assert inv.tables["nb_lignes"].iloc[0] == 3
    missing = inv.colonnes.set_index("colonne").loc["a", "part_manquante"]
    assert missing == pytest.approx(1 / 3, abs=1e-4)
    with pytest.raises(TypeError, match="attend un tableau pandas"):
        profile_table([1, 2, 3])


def test_workbook_every_sheet_and_same_shape_note(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for i, month in enumerate(["Janvier", "Février", "Mars"]):
        sheet = wb.active if i == 0 else wb.create_sheet()
        sheet.title = month
        sheet.append([f"Registre — {month} 2024"])
        sheet.append([])
        sheet.append(["Date", "Service", "Nb"])
        for d in range(1, 6):
            sheet.append([f"0{d}/0{i + 1}/2024", "Colis" if d % 2 else "colis", d])
        sheet.append(["Total", None, 15])
    path = tmp_path / "registre.xlsx"
    wb.save(path)
    ws = _workspace(tmp_path, {"registre.xlsx": path.read_bytes()}, indicators=None)
    inv = inventory_workspace(ws)
    assert list(inv.tables["feuille"]) == ["Janvier", "Février", "Mars"]
    assert (inv.tables["ligne_en_tete"] == 3).all() and (inv.tables["lignes_titre"] == 1).all()
    assert (inv.tables["nb_lignes"] == 6).all()
    assert "feuilles_meme_structure" in set(inv.problemes["code"])
    assert (inv.problemes["code"] == "lignes_total").sum() == 3


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------
def test_unreadable_file_is_recorded_and_the_inventory_goes_on(tmp_path):
    ws = _workspace(
        tmp_path,
        {
            "casse.xlsx": b"PK\x03\x04" + b"\x00" * 64,  # a truncated workbook
            "image.csv": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
            "questionnaire.csv": SURVEY.encode(),
        },
    )
    inv = inventory_workspace(ws)
    nature = dict(zip(inv.tables["role"], inv.tables["nature"], strict=True))
    assert nature == {"casse": "illisible", "image": "illisible", "questionnaire": "tableau"}
    bad = inv.problemes[inv.problemes["code"] == "illisible"].set_index("role")["message"]
    assert "casse.xlsx" in bad["casse"] and "abîmé" in bad["casse"]
    assert "image.csv" in bad["image"] and "image PNG" in bad["image"]
    mapping = map_to_outcomes(ws, inv)
    assert mapping["source"].eq("questionnaire").any()


def test_empty_file_is_recorded(tmp_path):
    ws = _workspace(tmp_path, {"vide.csv": b"", "questionnaire.csv": SURVEY.encode()})
    inv = inventory_workspace(ws)
    message = inv.problemes.set_index("role").loc["vide", "message"]
    assert re.search(r"« vide\.csv » est vide", message)


def test_inventory_workspace_type_error():
    with pytest.raises(TypeError, match="attend un espace de travail"):
        inventory_workspace("data/samples/ateliers-emploi")


def test_bad_indicator_files(tmp_path):
    ws = _workspace(
        tmp_path, {"questionnaire.csv": SURVEY.encode()}, indicators="indicateurs: [ouvert\n"
    )
    with pytest.raises(InventoryError, match=r"indicateurs\.yml.*YAML valide"):
        load_indicator_links(ws)
    (ws.root / "indicateurs.yml").write_text(
        "indicateurs:\n  - id: X1\n    source: q\n", encoding="utf-8"
    )
    with pytest.raises(InventoryError, match=r"« X1 » n'a pas de clé « element »"):
        load_indicator_links(ws)
    (ws.root / "indicateurs.yml").write_text(
        "indicateurs:\n  - {id: X1, element: E1, source: q, colonnes: {a: 1}}\n", encoding="utf-8"
    )
    with pytest.raises(InventoryError, match=r"« colonnes » doit être une liste"):
        load_indicator_links(ws)
    (ws.root / "indicateurs.yml").write_text("indicateurs: 3\n", encoding="utf-8")
    with pytest.raises(InventoryError, match="doit être une liste"):
        load_indicator_links(ws)


def test_map_and_save_type_errors(ws):
    with pytest.raises(TypeError, match="attend le résultat de inventory_workspace"):
        map_to_outcomes(ws, pd.DataFrame())
    with pytest.raises(TypeError, match="attend le résultat de inventory_workspace"):
        save_inventory(ws, pd.DataFrame())
    with pytest.raises(ValueError, match="colonnes absentes"):
        find_gaps(ws, pd.DataFrame({"element": []}))


# --------------------------------------------------------------------------------------
# Mapping and gaps on a hand-built theory of change
# --------------------------------------------------------------------------------------
def test_mapping_statuses(ws):
    mapping = map_to_outcomes(ws, inventory_workspace(ws))
    assert list(mapping.columns) == list(MAPPING_COLUMNS)
    status = {(r.element, r.indicateur): r.statut for r in mapping.itertuples()}
    assert status[("E1", "IND2")] == STATUSES["mesurable"]
    assert status[("E2", "IND3")] == STATUSES["colonne_absente"]
    assert status[("E3", "IND4")] == STATUSES["a_collecter"]
    assert status[("E4", "IND5")] == STATUSES["fichier_absent"]
    assert status[("E5", "")] == STATUSES["sans_indicateur"]
    assert status[("R1", "IND1")] == STATUSES["mesurable"]
    row = mapping.set_index("indicateur").loc["IND2"]
    assert row["fichier"] == "donnees-brutes/questionnaire.csv"
    assert row["colonnes"] == "confiance | Date"
    assert mapping.set_index("element").loc["R1", "dans_le_perimetre"] == False  # noqa: E712


def test_gaps_without_scope_use_every_outcome(ws):
    outcomes, note = scope_outcomes(ws)
    assert outcomes == ["E1", "E2", "E3", "E4", "E5"]
    assert "Aucun périmètre" in note
    gaps = find_gaps(ws, map_to_outcomes(ws, inventory_workspace(ws)))
    assert list(gaps.columns) == list(GAP_COLUMNS)
    assert list(gaps["effet"]) == ["E2", "E3", "E4", "E5"]
    piste = gaps.set_index("effet")["piste"]
    assert piste["E2"].startswith("Questionnaire (carnet 07)")
    assert piste["E3"].startswith("Entretiens (carnet 08)") and "Employeurs" in piste["E3"]
    assert (
        "aucun fichier n'a le rôle « enquete_quartier »"
        in gaps.set_index("effet").loc["E4", "raison"]
    )


def test_gaps_follow_the_scope_of_step_03(ws):
    save_scope(
        ws,
        outcomes=["E1", "E3"],
        population="participants 2024",
        period_start="2024-01-01",
        period_end="2024-12-31",
    )
    outcomes, note = scope_outcomes(ws)
    assert outcomes == ["E1", "E3"] and "étape 03" in note
    mapping = map_to_outcomes(ws, inventory_workspace(ws))
    assert set(mapping.loc[mapping["dans_le_perimetre"], "element"]) == {"E1", "E3"}
    assert list(find_gaps(ws, mapping)["effet"]) == ["E3"]


def test_no_indicator_file_means_every_outcome_is_a_gap(tmp_path):
    ws = _workspace(tmp_path, {"questionnaire.csv": SURVEY.encode()}, indicators=None)
    gaps = find_gaps(ws, map_to_outcomes(ws, inventory_workspace(ws)))
    assert list(gaps["effet"]) == ["E1", "E2", "E3", "E4", "E5"]


def test_save_inventory_writes_every_deliverable(ws):
    written = save_inventory(ws, inventory_workspace(ws))
    assert set(written) == set(FILES)
    folder = ws.step_dir("04")
    for key, name in FILES.items():
        assert written[key] == folder / name and written[key].is_file()
    tables = pd.read_csv(folder / FILES["tables"], sep=";", encoding="utf-8-sig")
    assert list(tables.columns) == list(TABLE_COLUMNS)
    gaps = pd.read_csv(folder / FILES["lacunes"], sep=";", encoding="utf-8-sig")
    assert list(gaps["effet"]) == ["E2", "E3", "E4", "E5"]
    report = (folder / FILES["rapport"]).read_text(encoding="utf-8")
    assert report.startswith("# Inventaire des données")
    assert "Ce que vos données ne peuvent pas encore mesurer" in report
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in written.values())
    for secret in (
        "marie.dupont@example.org",
        "06 12 34 56 78",
        "0711223344",
        "Dupont",
        "Karim",
        "+33 6 98 76 54 32",
    ):
        assert secret not in text


# --------------------------------------------------------------------------------------
# Every sample structure
# --------------------------------------------------------------------------------------
def _raw_identifiers(ws) -> set[str]:
    """E-mails and phone numbers found with regexes in the raw files (decoded leniently)."""
    from sizeup_helpers.io import read_all_sheets

    found: set[str] = set()
    for f in ws.files:
        if f.path.suffix.lower() in (".xlsx", ".xls", ".ods"):
            text = "\n".join(
                frame.to_csv(index=False) for frame in read_all_sheets(f.path).values()
            )
        else:
            raw = f.path.read_bytes()
            text = raw.decode("utf-8", errors="ignore") + raw.decode("cp1252", errors="ignore")
        found |= {m.group(0) for m in EMAIL.finditer(text)}
        found |= {m.group(0) for m in PHONE.finditer(text)}
    return found


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_inventoried_without_identifiers(sample, tmp_path):
    ws = open_workspace(samples_dir() / sample, tmp_path / "sorties")
    inv = inventory_workspace(ws)
    assert set(inv.tables["fichier"]) == {f.relative for f in ws.files}
    assert not (inv.tables["nature"] == "illisible").any()
    written = save_inventory(ws, inv)
    output = "\n".join(p.read_text(encoding="utf-8-sig") for p in written.values())
    secrets = _raw_identifiers(ws)
    assert secrets, "the sample holds e-mails or phones to protect"
    leaked = sorted(s for s in secrets if s in output)
    assert not leaked, f"identifiers in the deliverables: {leaked[:3]}"
    # the same generic patterns find nothing either (no masked value looks like one)
    assert not EMAIL.search(output), EMAIL.search(output)
    assert not PHONE.search(output), PHONE.search(output)
    # columns declared personal are recognised
    declared = {
        f.relative for f in ws.files if f.personal_data and f.path.suffix.lower() not in (".md",)
    }
    detected = set(inv.tables.loc[inv.tables["donnees_personnelles"], "fichier"])
    assert declared <= detected


def test_commerce_rural_is_fast_and_finds_the_planted_problems(tmp_path):
    import time

    ws = open_workspace(samples_dir() / "commerce-rural", tmp_path / "sorties")
    start = time.perf_counter()
    inv = inventory_workspace(ws)
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"inventory took {elapsed:.1f} s"
    tables = inv.tables.set_index(["fichier", "feuille"])
    assert tables.loc[("donnees-brutes/caisse1_tickets_2024.csv", ""), "nb_lignes"] == 55508
    services = inv.tables[inv.tables["role"] == "services"]
    assert len(services) == 12 and (services["ligne_en_tete"] == 4).all()
    probs = inv.problemes
    totals = probs[(probs["role"] == "services") & (probs["code"] == "lignes_total")]
    assert len(totals) == 12  # a total row in every monthly tab
    variants = probs[(probs["role"] == "caisse") & (probs["code"] == "variantes")]
    assert variants["colonne"].tolist() == ["produit"]
    dates = probs[(probs["role"] == "fournisseurs") & (probs["code"] == "formats_de_date")]
    assert len(dates) == 1 and "numéro de série Excel" in dates["message"].iloc[0]


def test_report_reads_without_personal_data_on_a_sample(tmp_path):
    ws = open_workspace(samples_dir() / "ateliers-emploi", tmp_path / "sorties")
    inv = inventory_workspace(ws)
    mapping = map_to_outcomes(ws, inv)
    report = textwrap.dedent(
        __import__("sizeup_helpers.inventory", fromlist=["x"]).quality_report(
            inv, mapping, find_gaps(ws, mapping)
        )
    )
    assert "Données fictives" in report
    assert "## Ce qu'il faut faire avant d'utiliser ces données" in report
    assert "inscriptions_export.csv" in report


# ---- re-use for the evaluation (RGPD article 6.4) and consent --------------------------
@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"role": "caisse"}, "sans_objet"),
        ({"role": "inscriptions", "personal": True}, "service"),
        ({"role": "presences", "personal": True, "sensitive": ["aides sociales"]}, "service"),
        ({"role": "x", "description": "enquête à six mois", "personal": True}, "evaluation"),
        ({"role": "quiz", "personal": True}, "evaluation"),
        ({"role": "salaries", "personal": True, "sensitive": ["santé"]}, "sensible"),
        ({"role": "suivi", "personal": True, "sensitive": ["justice"]}, "sensible"),
        ({"role": "enquete", "personal": True, "consent": True}, "consentement"),
    ],
)
def test_reuse_compatibility_cases(kwargs, expected):
    assert reuse_compatibility(**kwargs) == REUSE[expected]


def test_consent_column_is_counted_and_decides_the_reuse():
    frame = pd.DataFrame(
        {
            "Nom": ["Dupont", "Martin", "Durand", "Petit"],
            "consentement_rgpd": ["Oui", "oui", "Non", None],
            "accord_photo": ["O", "N", "O", "O"],
            "accord_commentaire": ["voir avec lui", "", "plus tard", "?"],  # not yes / no
        }
    )
    found = detect_consent(frame)
    assert found.to_dict("records") == [
        {"colonne": "consentement_rgpd", "oui": 2, "non": 1, "vides": 1},
        {"colonne": "accord_photo", "oui": 3, "non": 1, "vides": 0},
    ]
    row = profile_table(frame, role="inscriptions", declared_personal=True).tables.iloc[0]
    assert row["consentement"] == (
        "« consentement_rgpd » : 2 oui, 1 non, 1 vide ; « accord_photo » : 3 oui, 1 non"
    )
    assert row["compatibilite_reutilisation"] == REUSE["consentement"]
    plain = profile_table(frame[["Nom"]], role="inscriptions").tables.iloc[0]
    assert plain["consentement"] == ""
    assert plain["compatibilite_reutilisation"] == REUSE["service"]  # a name: personal


def test_social_benefits_are_not_called_article_9():
    frame = pd.DataFrame({"Nom": ["Dupont"] * 3, "minima_sociaux": ["RSA", "ASS", "AAH"]})
    problems = profile_table(frame, role="r", declared_personal=True).problemes
    message = problems.loc[problems["code"] == "donnees_sensibles", "message"].iloc[0]
    assert "aides sociales : données à caractère hautement personnel" in message
    assert "pas des données de l'article 9" in message
    health = profile_table(pd.DataFrame({"RQTH": ["oui"]}), role="r").problemes
    message = health.loc[health["code"] == "donnees_sensibles", "message"].iloc[0]
    assert "santé : données de santé, article 9 du RGPD" in message


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_source_has_a_reuse_reading(sample, tmp_path):
    inv = inventory_workspace(open_workspace(samples_dir() / sample, tmp_path / "o"))
    assert inv.tables["compatibilite_reutilisation"].isin(list(REUSE.values())).all()
    personal = inv.tables["donnees_personnelles"].astype(bool)
    assert (inv.tables.loc[~personal, "compatibilite_reutilisation"] == REUSE["sans_objet"]).all()
    assert (inv.tables.loc[personal, "compatibilite_reutilisation"] != REUSE["sans_objet"]).all()

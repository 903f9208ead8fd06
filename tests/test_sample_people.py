"""Every sample's truth counts the distinct people of each table that holds people.

The generator records them from its own person objects (``SampleBuild.count_people``); the
tests here check the keys on all seven samples, agree with the older per-sample truth keys,
and recount a few tables from the raw files with an identifier known to be reliable.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers.workspace import open_workspace
from tools.samplegen import SAMPLES, load_truth

from .conftest import SAMPLES_DIR


def _raw(slug: str, name: str, **kw) -> pd.DataFrame:
    options = {"sep": ";", "encoding": "cp1252", "dtype": str, "keep_default_na": False}
    return pd.read_csv(SAMPLES_DIR / slug / "donnees-brutes" / name, **{**options, **kw})


@pytest.mark.parametrize("slug", list(SAMPLES))
def test_every_people_table_has_its_true_count(slug):
    truth = load_truth(slug)
    ws = open_workspace(SAMPLES_DIR / slug)
    roles = [f.role for f in ws.files]
    counts = truth["personnes_distinctes"]
    tables = truth["personnes_par_table"]["tables"]
    assert truth["personnes_par_table"]["definition"].startswith("Personnes réelles distinctes")
    assert set(counts) <= set(roles) and list(counts) == list(tables)
    declared = {f.role for f in ws.files if f.people}
    assert declared <= set(counts), "every table with identity columns is counted"
    for role, n in counts.items():
        assert isinstance(n, int) and n > 0, role
        assert tables[role]["personnes_distinctes"] == n
        assert tables[role]["colonnes_declarees"] == (role in declared)
        assert tables[role]["identifiees_par"], role
        if "lignes" in tables[role]:
            assert tables[role]["lignes"] >= n, role
    registers = truth["registres_personnes"]
    assert set(registers) <= set(counts)
    in_register = truth.get("personnes_dans_le_registre", {})
    assert bool(in_register) == bool(registers)
    for role, m in in_register.items():
        assert 0 <= m <= counts[role], role
    for role in registers:
        assert in_register[role] == counts[role], "a register holds its own people"


def test_ateliers_emploi_people():
    truth = load_truth("ateliers-emploi")
    counts, effects = truth["personnes_distinctes"], truth["effets"]
    assert truth["registres_personnes"] == ["inscriptions"]  # no one-row-per-person file
    assert counts["inscriptions"] == effects["personnes_distinctes"] == 330
    presences = truth["personnes_par_table"]["tables"]["presences"]
    assert counts["presences"] == 330, "every registered person has a row on a sheet"
    assert presences["presentes_au_moins_une_fois"] == 255
    assert (
        presences["presentes_au_moins_une_fois"]
        == (effects["personnes_presentes_au_moins_une_fois"])
    )
    # the follow-up calls everyone who came at least once, with the e-mail they gave first
    follow_up = _raw("ateliers-emploi", "suivi_situation.csv")
    assert follow_up["email"].nunique() == counts["suivi"] == 255
    assert truth["personnes_dans_le_registre"] == counts


def test_commerce_rural_people():
    truth = load_truth("commerce-rural")
    counts, effects = truth["personnes_distinctes"], truth["effets"]
    assert counts["cartes_fidelite"] == effects["titulaires_cartes_distincts"]
    tables = truth["personnes_par_table"]["tables"]
    cards = tables["caisse"]["cartes_distinctes"], tables["caisse_2"]["cartes_distinctes"]
    assert max(cards) <= effects["cartes_fidelite_distinctes"] <= sum(cards)
    assert counts["caisse"] <= cards[0] and counts["caisse_2"] <= cards[1]
    assert counts["enquete"] == effects["enquete_repondants"]
    assert "enquete" not in truth["personnes_dans_le_registre"], "anonymous survey"


def test_energie_citoyenne_people():
    truth = load_truth("energie-citoyenne")
    counts, effects = truth["personnes_distinctes"], truth["effets"]
    assert counts["societaires"] == effects["souscripteurs_distincts"]
    table = truth["personnes_par_table"]["tables"]["societaires"]
    assert table["lignes"] == effects["registre_lignes"]
    natural = effects["personnes_physiques_distinctes"]
    assert table["personnes_physiques_titulaires"] == natural["titulaires"]
    assert table["conjoints_en_plus_des_titulaires"] == (
        natural["personnes_conjoints_comptes_deux_fois"] - natural["titulaires"]
    )
    assert counts["enquete_benevoles"] == effects["enquete_benevoles"]["repondants_valides"]


def test_formation_batiment_people():
    truth = load_truth("formation-batiment")
    counts, effects = truth["personnes_distinctes"], truth["effets"]
    assert counts["stagiaires"] == effects["personnes_distinctes"]["total"]
    # the enrolment id of each row of the trainee file, and the person behind it
    trainees = pd.read_excel(
        SAMPLES_DIR / "formation-batiment" / "donnees-brutes" / "stagiaires.xlsx",
        sheet_name="Stagiaires",
        header=3,
        dtype=str,
        engine="calamine",
    )
    per_line = truth["desordre"]["stagiaires.xlsx"]["personne_par_ligne"]
    person = dict(zip(trainees["id"], per_line, strict=True))
    for role, name in (
        ("competences", "grille_competences.csv"),
        ("accompagnement_social", "accompagnement_social.csv"),
        ("suivi_sorties", "suivi_sorties.csv"),
    ):
        ids = _raw("formation-batiment", name)["stagiaire_id"].str.upper()
        ids = ids.str.replace(r"^NB(\d\d)(\d+)$", r"NB-\1-\2", regex=True)  # mistyped ids
        assert ids.map(person).nunique() == counts[role], role
    sessions = {k: v for k, v in counts.items() if k.startswith("emargement_")}
    assert sum(sessions.values()) == effects["inscriptions"]["insertion"]


def test_insertion_transport_people():
    truth = load_truth("insertion-transport")
    counts = truth["personnes_distinctes"]
    employees = _raw("insertion-transport", "salaries_iae.csv")
    assert employees["pass_iae"].nunique() == counts["salaries"]
    assert counts["salaries"] == truth["effets"]["personnes_distinctes"]["n"]
    pass_of = dict(zip(employees["id_salarie"], employees["pass_iae"], strict=True))
    for role, name, options in (
        ("contrats", "contrats.csv", {}),
        ("heures", "heures_mensuelles.csv", {}),
        ("formations", "formations.csv", {}),
        ("freins", "freins.csv", {"encoding": "utf-8-sig"}),
        ("enquete_sortants", "enquete_sortants_6mois.csv", {}),
    ):
        ids = _raw("insertion-transport", name, **options)["id_salarie"]
        ids = ids[ids != "TOTAL"]
        assert ids.map(pass_of).notna().all(), role
        assert ids.map(pass_of).nunique() == counts[role], role


def test_justice_jeunesse_people():
    truth = load_truth("justice-jeunesse")
    counts = truth["personnes_distinctes"]
    assert truth["registres_personnes"] == [] and "personnes_dans_le_registre" not in truth
    teachers = pd.read_csv(
        SAMPLES_DIR / "justice-jeunesse" / "donnees-brutes" / "enquete_enseignants.csv",
        dtype=str,
    )
    assert teachers["Adresse e-mail"].nunique() == counts["enquete_enseignants"]
    assert counts["enquete_enseignants"] == truth["effets"]["enseignants_repondants_distincts"]
    waves = truth["effets"]["quiz_questionnaires_par_vague"]
    assert max(waves.values()) <= counts["quiz"] <= sum(waves.values())


def test_mobilite_accompagnee_people():
    truth = load_truth("mobilite-accompagnee")
    counts, effects = truth["personnes_distinctes"], truth["effets"]
    assert counts["beneficiaires"] == effects["beneficiaires_distincts"]
    assert counts["guides"] == effects["guides_benevoles"] + 2  # and the salaried ones
    riders = _raw("mobilite-accompagnee", "beneficiaires.csv")
    first_line = {
        int(k): v
        for k, v in truth["desordre"]["beneficiaires.csv"]["lignes_doublon_personne"].items()
    }
    line_of = {pid: i + 2 for i, pid in enumerate(riders["beneficiaire_id"])}
    person = {pid: first_line.get(line, line) for pid, line in line_of.items()}
    trips = _raw("mobilite-accompagnee", "trajets.csv")
    table = truth["personnes_par_table"]["tables"]["trajets"]
    assert trips["beneficiaire_id"].map(person).nunique() == table["beneficiaires_distincts"]
    helpers = trips.loc[trips["guide_id"] != "", "guide_id"].nunique()
    assert helpers == table["guides_distincts"]
    assert counts["trajets"] == table["beneficiaires_distincts"] + table["guides_distincts"]

"""Sample structure ``insertion-transport``: determinism, messiness, planted truth, workspace.

The planted truth is recomputed here from the raw files with a direct pandas computation
and the minimal cleaning written inline, independently of the generator's code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import tools.samplegen.insertion_transport as gen
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import open_workspace
from tools.samplegen._base import NBSP

from .conftest import SAMPLES_DIR

TOL = 1e-6
CATEGORIES = [
    "Emploi durable",
    "Emploi de transition",
    "Sorties positives",
    "Autres sorties",
    "Retrait des sorties constatées",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The committed sample (tests/test_samples.py shows it is what the generator writes)."""
    return SAMPLES_DIR / "insertion-transport"


@pytest.fixture(scope="module")
def truth(sample) -> dict:
    return json.loads((sample / "verite-terrain.json").read_text(encoding="utf-8"))


def _raw(sample: Path, name: str) -> Path:
    return sample / "donnees-brutes" / name


def _csv(sample: Path, name: str, encoding: str = "cp1252") -> pd.DataFrame:
    return pd.read_csv(
        _raw(sample, name), sep=";", encoding=encoding, dtype=str, keep_default_na=False
    )


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


def _dmy(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), format="%d/%m/%Y")


def _hours(sample: Path) -> pd.DataFrame:
    df = _csv(sample, "heures_mensuelles.csv")
    df = df[df["id_salarie"] != "TOTAL"].copy()
    df["h"] = df["nb_heures_travail"].str.replace(NBSP, "").str.replace(",", ".").astype(float)
    return df


# --------------------------------------------------------------------------------------
# Determinism, workspace, size
# --------------------------------------------------------------------------------------


def test_workspace_opens_and_declares_every_raw_file(sample, tmp_path):
    ws = open_workspace(sample, output_dir=tmp_path / "sorties")
    assert ws.fictional
    roles = {
        f.role for f in ws.files if not f.role.startswith(("entretien_", "temoignages"))
    }  # qualitative material
    assert roles == {"salaries", "contrats", "heures", "formations", "freins", "enquete_sortants"}
    on_disk = {p.name for p in (sample / "donnees-brutes").rglob("*") if p.is_file()}
    assert {f.path.name for f in ws.files} == on_disk
    assert ws.file("salaries").sensitive_data and ws.file("salaries").personal_data
    assert ws.file("freins").sensitive_data
    toc = load_theory_of_change(sample / "theorie-du-changement.yml")
    assert "equipe" in {s.category for s in toc.stakeholders}  # shared checks: test_samples.py


# --------------------------------------------------------------------------------------
# Messiness where it was recorded
# --------------------------------------------------------------------------------------
def test_employee_file_messiness(sample, truth):
    mess = truth["desordre"]["salaries_iae.csv"]
    with pytest.raises(UnicodeDecodeError):
        _raw(sample, "salaries_iae.csv").read_bytes().decode("utf-8")
    df = _csv(sample, "salaries_iae.csv")
    assert mess["lignes_code_niveau_sans_zero"]
    for n in mess["lignes_code_niveau_sans_zero"]:
        assert len(df.loc[n - 2, "niveau_formation"]) == 1
    assert all(
        len(c) == 2
        for c in df["niveau_formation"].drop([n - 2 for n in mess["lignes_code_niveau_sans_zero"]])
    )
    assert mess["lignes_orienteur_france_travail"]
    for n in mess["lignes_orienteur_france_travail"]:
        assert df.loc[n - 2, "orienteur"] == "France Travail"
    assert "Pôle emploi" in set(df["orienteur"])
    doubles = mess["lignes_fiche_en_double_nom_variante"]
    assert len(doubles) == gen.N_REHIRED
    for n in doubles:
        row = df.loc[n - 2]
        same = df[df["pass_iae"] == row["pass_iae"]]
        assert len(same) == 2 and same["id_salarie"].nunique() == 2
        assert same["nom_usage"].nunique() + same["prenom"].nunique() > 2
        assert same["nom_usage"].map(_fold).nunique() == 1
    assert {"DE 6 A 11 MOIS", "DE 12 à 23 MOIS"} <= set(df["sans_emploi_depuis"])
    assert set(df["salarie_rsa"]) == {"OUI-M", "OUI-NM", "NON"}


def test_hours_contracts_trainings_barriers_messiness(sample, truth):
    d = truth["desordre"]
    hours = _csv(sample, "heures_mensuelles.csv")
    total_lines = d["heures_mensuelles.csv"]["lignes_total"]
    assert len(total_lines) == 24
    assert all(hours.loc[n - 2, "id_salarie"] == "TOTAL" for n in total_lines)
    assert any(NBSP in hours.loc[n - 2, "nb_heures_travail"] for n in total_lines)
    assert hours["nb_heures_travail"].str.contains(",").all()
    clean = _hours(sample)
    for m in d["heures_mensuelles.csv"]["mois_manquants"]:
        hit = clean[
            (clean["id_salarie"] == m["id_salarie"])
            & (clean["annee"] == str(m["annee"]))
            & (clean["mois"] == str(m["mois"]))
        ]
        assert hit.empty
    # each total row is the sum of its month
    hours["h"] = (
        hours["nb_heures_travail"].str.replace(NBSP, "").str.replace(",", ".").astype(float)
    )
    totals = hours[hours["id_salarie"] == "TOTAL"].set_index(["annee", "mois"])["h"]
    sums = clean.groupby(["annee", "mois"])["h"].sum()
    assert (totals - sums.reindex(totals.index)).abs().max() < 1e-6

    contracts = _csv(sample, "contrats.csv")
    blanks = d["contrats.csv"]["lignes_categorie_vide"]
    assert blanks
    for n in blanks:
        assert contracts.loc[n - 2, "categorie_sortie"] == ""
        assert contracts.loc[n - 2, "motif_sortie"] != ""
    assert contracts["id_salarie"].duplicated().any()  # renewals
    assert (contracts.groupby("id_salarie")["num_reconduction"].min().astype(int) > 0).any()

    trainings = _csv(sample, "formations.csv")
    patterns = {"dmy": r"\d\d/\d\d/\d{4}", "iso": r"\d{4}-\d\d-\d\d", "serial": r"\d{5}"}
    for style, lines in d["formations.csv"]["lignes_date_debut_par_format"].items():
        assert lines
        assert all(re.fullmatch(patterns[style], trainings.loc[n - 2, "date_debut"]) for n in lines)

    raw = _raw(sample, "freins.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    barriers = _csv(sample, "freins.csv", encoding="utf-8-sig")
    assert "accompagne " in barriers.columns
    for n in d["freins.csv"]["lignes_libelle_frein_variante"]:
        assert barriers.loc[n - 2, "frein"] not in gen.FREINS
    assert set(gen.FREINS) <= set(barriers["frein"])


# --------------------------------------------------------------------------------------
# Planted truth, recomputed from the raw files
# --------------------------------------------------------------------------------------
def test_distinct_people_and_profile(sample, truth):
    df = _csv(sample, "salaries_iae.csv")
    eff = truth["effets"]
    assert len(df) == eff["fiches_salaries"]
    assert df["pass_iae"].nunique() == eff["personnes_distinctes"]["n"]
    assert 90 <= eff["personnes_distinctes"]["n"] <= 115  # about a hundred people a year
    df["embauche"] = _dmy(df["date_premiere_embauche"])
    latest = df.sort_values("embauche").drop_duplicates("pass_iae", keep="last")
    profile = eff["profil_entree"]
    assert (latest["salarie_rsa"] != "NON").mean() == pytest.approx(profile["part_rsa"], abs=TOL)
    assert (latest["sans_emploi_depuis"] == "24 MOIS ET PLUS").mean() == pytest.approx(
        profile["part_sans_emploi_24_mois_et_plus"], abs=TOL
    )
    assert (latest["salarie_rqth"] == "OUI").mean() == pytest.approx(profile["part_rqth"], abs=TOL)
    contracts = _csv(sample, "contrats.csv")
    assert 1.5 * len(latest) <= len(contracts) <= 2.2 * len(latest)  # renewals
    assert len(contracts) == eff["contrats"]["lignes"]


def test_exits_by_category_with_the_counting_rule(sample, truth):
    contracts = _csv(sample, "contrats.csv")
    people = _csv(sample, "salaries_iae.csv")
    # the category of a reason, learnt from the rows where the export filled it
    filled = contracts[contracts["categorie_sortie"] != ""]
    mapping = filled.groupby("motif_sortie")["categorie_sortie"].agg(lambda s: s.iloc[0])
    assert (filled.groupby("motif_sortie")["categorie_sortie"].nunique() == 1).all()
    exits = contracts[contracts["date_sortie_definitive"] != ""].copy()
    exits["categorie"] = exits["motif_sortie"].map(mapping)
    assert exits["categorie"].notna().all()
    assert set(exits["categorie"]) <= set(CATEGORIES)
    exits["sortie"] = _dmy(exits["date_sortie_definitive"])
    exits = exits[exits["sortie"].dt.year == 2024]
    exits = exits.merge(
        people[["id_salarie", "pass_iae", "date_premiere_embauche"]],
        on="id_salarie",
        how="left",
        validate="many_to_one",
    )
    planted = truth["effets"]["sorties"]
    assert len(exits) == planted["sorties_brutes_2024"]
    kept = exits.sort_values("sortie").drop_duplicates("pass_iae", keep="last")
    assert len(kept) == planted["apres_derniere_par_personne"] < len(exits)
    kept = kept[kept["categorie"] != "Retrait des sorties constatées"]
    days = (kept["sortie"] - _dmy(kept["date_premiere_embauche"])).dt.days
    worked = _hours(sample).groupby("id_salarie")["h"].sum()
    counted = kept[(days >= 90) & (kept["id_salarie"].map(worked).fillna(0) > 0)]
    assert len(counted) == planted["sorties_comptees"]
    by_cat = counted["categorie"].value_counts()
    for cat, n in planted["par_categorie"].items():
        assert by_cat.get(cat, 0) == n
    dynamic = counted["categorie"].isin(CATEGORIES[:3]).mean()
    assert dynamic == pytest.approx(planted["part_sorties_dynamiques"], abs=TOL)
    assert 0.4 < dynamic < 0.75
    assert planted["retraits"] > 0 and planted["parcours_trop_courts"] > 0


def _employed(text: str) -> bool:
    return bool(re.search(r"\b(cdi|cdd|interim|contrat aide|creation|en emploi)", _fold(text)))


def test_employment_at_6_months(sample, truth):
    survey = _csv(sample, "enquete_sortants_6mois.csv")
    people = _csv(sample, "salaries_iae.csv")
    planted = truth["effets"]["emploi_6_mois"]
    assert len(survey) == planted["sortants_enquetes"]
    answered = survey[survey["joint"] == "Oui"]
    assert len(answered) == planted["repondants"]
    assert 0.4 <= len(answered) / len(survey) <= 0.6
    assert "Sans nouvelle" in set(survey.loc[survey["joint"] == "Non", "situation_6_mois"])
    employed = answered["situation_6_mois"].map(_employed)
    assert employed.mean() == pytest.approx(planted["part_en_emploi_repondants"], abs=TOL)
    rsa = answered["id_salarie"].map(people.set_index("id_salarie")["salarie_rsa"]) != "NON"
    assert employed[rsa].mean() == pytest.approx(planted["part_en_emploi_repondants_rsa"], abs=TOL)
    assert employed[~rsa].mean() == pytest.approx(
        planted["part_en_emploi_repondants_non_rsa"], abs=TOL
    )
    assert planted["reference_dares"]["ensemble"] == 0.45


def test_hgv_licences_obtained(sample, truth):
    trainings = _csv(sample, "formations.csv")
    label = trainings["intitule"].map(_fold)
    licence = label.str.contains("permis")
    ce = licence & label.str.contains(r"\bce\b|c\+e")
    finished = _dmy(trainings["date_fin"]).dt.year == 2024
    ok = (trainings["resultat"] == "Obtenu") & finished
    planted = truth["effets"]["permis_poids_lourd"]
    assert (ok & licence & ~ce).sum() == planted["permis_C_obtenus"]
    assert (ok & ce).sum() == planted["permis_CE_obtenus"]
    assert (ok & label.str.contains("fimo")).sum() == planted["FIMO_obtenues"]
    people = _csv(sample, "salaries_iae.csv").set_index("id_salarie")["pass_iae"]
    holders = trainings.loc[ok & licence, "id_salarie"].map(people).nunique()
    assert holders == planted["personnes_avec_un_permis_poids_lourd"]
    assert planted["total_obtenus"] >= 10


def test_barriers_lifted(sample, truth):
    barriers = _csv(sample, "freins.csv", encoding="utf-8-sig")
    concerned = barriers[barriers["concerne"] == "OUI"]
    planted = truth["effets"]["freins"]
    assert barriers["id_salarie"].nunique() == planted["personnes_diagnostiquees"]
    assert len(barriers) == 8 * planted["personnes_diagnostiquees"]
    assert len(concerned) == planted["freins_concernes"]
    assert (concerned["accompagne "] == "OUI").sum() == planted["freins_accompagnes"]
    lifted = concerned["leve"] == "OUI"
    assert lifted.mean() == pytest.approx(planted["part_leves"], abs=TOL)
    housing = concerned["frein"].map(_fold).str.contains("logement")
    assert (housing & lifted).sum() == planted["par_frein"]["Hébergement / Logement"]["leves"]


def test_hours_worked_in_2024(sample, truth):
    clean = _hours(sample)
    total = clean.loc[clean["annee"] == "2024", "h"].sum()
    assert total == pytest.approx(truth["effets"]["heures_travaillees"]["total_2024"], abs=1e-3)

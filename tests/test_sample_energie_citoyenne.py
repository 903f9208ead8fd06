"""The ``energie-citoyenne`` sample: determinism, messiness where recorded, planted truth.

The planted truth is recomputed here from the raw files with plain pandas and a minimal
cleaning written in the test, independently of the generator's own bookkeeping.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sizeup_helpers.workspace import open_workspace
from tools.samplegen._base import TRUTH_FILE

from .conftest import SAMPLES_DIR

RAW = "donnees-brutes"
MONTHS = {
    "janv.": 1,
    "févr.": 2,
    "mars": 3,
    "avr.": 4,
    "mai": 5,
    "juin": 6,
    "juil.": 7,
    "août": 8,
    "sept.": 9,
    "oct.": 10,
    "nov.": 11,
    "déc.": 12,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The committed sample (tests/test_samples.py shows it is what the generator writes)."""
    return SAMPLES_DIR / "energie-citoyenne"


@pytest.fixture(scope="module")
def truth(sample) -> dict:
    return json.loads((sample / TRUTH_FILE).read_text(encoding="utf-8"))


def _fold(text) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _num(series: pd.Series) -> pd.Series:
    s = series.astype(str).str.replace("\u202f", "", regex=False)
    s = s.str.replace("\u00a0", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(s, errors="coerce")


def _cells(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


# --------------------------------------------------------------------------------------
# Determinism, workspace, sizes
# --------------------------------------------------------------------------------------


def test_workspace_opens(sample, tmp_path):
    ws = open_workspace(sample, output_dir=tmp_path / "sorties")
    assert ws.fictional
    assert {f.role for f in ws.files} >= {
        "societaires",
        "installations",
        "production",
        "accompagnement",
        "evenements",
        "enquete_benevoles",
    }
    assert ws.file("societaires").personal_data


# --------------------------------------------------------------------------------------
# Production per kWc
# --------------------------------------------------------------------------------------
def _installations(sample) -> pd.DataFrame:
    inst = pd.read_csv(sample / RAW / "installations.csv", sep=";", encoding="cp1252", dtype=str)
    inst["kwc"] = _num(inst["puissance_kWc"])
    return inst


def _production(sample) -> pd.DataFrame:
    return pd.read_csv(
        sample / RAW / "production_mensuelle.csv", sep=";", encoding="utf-8", dtype=str
    )


def test_production_messiness(sample, truth):
    mess = truth["desordre"]["production_mensuelle.csv"]
    prod = _production(sample)
    assert "\u202f" in "".join(prod["production_kWh"])
    assert prod["mois"].str.fullmatch(r"\d\d/\d{4}").any()
    assert prod["mois"].str.fullmatch(r"[a-zéû.]+-\d{4}").any()
    reset = mess["remise_a_zero_compteur"]
    row = prod.iloc[reset["ligne"] - 2]
    assert row["installation_id"] == reset["installation"]
    assert _num(pd.Series([row["production_kWh"]]))[0] == pytest.approx(
        reset["production_affichee"]
    )
    assert _num(pd.Series([row["production_kWh"]]))[0] < 0
    assert _num(pd.Series([row["index_compteur_kWh"]]))[0] == pytest.approx(
        reset["production_reelle"]
    )
    twice = prod.iloc[np.array(mess["mois_en_double_deux_formats"]["lignes"]) - 2]
    assert twice["mois"].nunique() == 2 and twice["production_kWh"].nunique() == 1
    same = prod.iloc[np.array(mess["ligne_repetee"]["lignes"]) - 2]
    assert same.drop_duplicates().shape[0] == 1
    prod["key"] = prod["installation_id"] + " " + _month_keys(prod["mois"])
    for missing in mess["mois_manquants"]:
        assert missing not in set(prod["key"])


def _month_keys(labels: pd.Series) -> pd.Series:
    def key(label: str) -> str:
        if "/" in label:
            month, year = label.split("/")
            return f"{year}-{int(month):02d}"
        name, year = label.rsplit("-", 1)
        return f"{year}-{MONTHS[name]:02d}"

    return labels.map(key)


def test_production_per_kwc_recomputed(sample, truth):
    prod = _production(sample)
    prod["mois"] = _month_keys(prod["mois"])
    prod["kwh"] = _num(prod["production_kWh"])
    prod["index"] = _num(prod["index_compteur_kWh"])
    assert prod["kwh"].notna().all()
    prod = prod.drop_duplicates(["installation_id", "mois"])
    prod["kwh"] = prod["kwh"].where(prod["kwh"] >= 0, prod["index"])  # meter reset
    prod["annee"] = prod["mois"].str[:4]
    yearly = prod.groupby(["installation_id", "annee"]).agg(
        kwh=("kwh", "sum"), mois=("mois", "nunique")
    )
    complete = yearly[yearly["mois"] == 12].reset_index()
    complete = complete.merge(
        _installations(sample)[["installation_id", "kwc"]],
        on="installation_id",
        validate="many_to_one",
    )
    complete["par_kwc"] = complete["kwh"] / complete["kwc"]
    expected = truth["effets"]["productible_kWh_par_kWc"]
    found = {(r.installation_id, r.annee): r.par_kwc for r in complete.itertuples()}
    wanted = {
        (i, y): v for i, years in expected["par_installation"].items() for y, v in years.items()
    }
    assert found.keys() == wanted.keys()
    for k, v in wanted.items():
        assert found[k] == pytest.approx(v, rel=1e-6), k
    per_year = complete.groupby("annee")[["kwh", "kwc"]].sum()
    for year, row in per_year.iterrows():
        assert row["kwh"] / row["kwc"] == pytest.approx(
            expected["global_par_annee"][year]["kWh_par_kWc"], rel=1e-6
        )
        assert 980 <= row["kwh"] / row["kwc"] <= 1060  # about 1,000–1,050 in the region
    overall = complete["kwh"].sum() / complete["kwc"].sum()
    assert overall == pytest.approx(expected["global_toutes_annees"], rel=1e-6)
    assert 1000 <= overall <= 1050
    # without the corrections the result is visibly wrong
    raw = _production(sample)
    assert _num(raw["production_kWh"]).sum() < prod["kwh"].sum() - 40_000


def test_installations(sample, truth):
    inst = _installations(sample)
    mess = truth["desordre"]["installations.csv"]
    assert len(inst) == truth["effets"]["installations"]
    assert inst["kwc"].between(9, 100).all()
    assert inst["kwc"].sum() == pytest.approx(truth["effets"]["puissance_totale_kWc"])
    assert _num(inst["investissement_eur"]).sum() == pytest.approx(
        truth["effets"]["investissement_total_eur"], abs=0.01
    )
    assert "\u00a0" in "".join(inst["investissement_eur"])
    rows = np.array(mess["lignes_puissance_avec_decimale"]) - 2
    assert inst["puissance_kWc"].iloc[rows].str.contains(",").all()
    for style, pattern in (
        ("iso", r"\d{4}-\d\d-\d\d"),
        ("dmy", r"\d\d/\d\d/\d{4}"),
        ("short", r"\d{1,2}-\d{1,2}-\d\d"),
    ):
        rows = (
            np.array(
                mess["lignes_date_par_format"].get(
                    style,
                    [],
                )
            )
            - 2
        )
        assert inst["date_mise_en_service"].iloc[rows].str.fullmatch(pattern).all()


# --------------------------------------------------------------------------------------
# Member registers
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def register(sample) -> pd.DataFrame:
    sheets = pd.read_excel(
        sample / RAW / "registre_societaires.xlsx",
        sheet_name=None,
        header=2,
        engine="calamine",
        dtype=object,
    )
    return pd.concat([f.assign(collectif=name) for name, f in sheets.items()], ignore_index=True)


def _holder_key(row) -> str:
    if row["type"] == "personne physique":
        return "|".join(
            [
                _fold(row["nom"]),
                _fold(row["prenom"]),
                _fold(row["adresse"]),
                str(row["code_postal"]),
            ]
        )
    if row["type"] == "collectivité":
        return "commune|" + _fold(row["commune"])
    return "|".join([_fold(row["nom"]), str(row["code_postal"])])


def test_register_messiness(sample, truth):
    mess = truth["desordre"]["registre_societaires.xlsx"]
    rows = _cells(sample / RAW / "registre_societaires.xlsx")  # calamine: numbers as floats
    assert list(rows) == mess["onglets"]

    def value(sheet: str, row: int, column: int):
        return rows[sheet][row - 1][column - 1]

    assert value(mess["onglets"][0], 3, 1) == "societaire_id"  # title rows above the header
    dates = [r[10] for sheet in rows.values() for r in sheet[3:]]
    assert sum(hasattr(v, "year") for v in dates) > len(dates) / 3  # most are date cells
    for sheet, row in mess["lignes_conjoints_M_et_Mme"]:
        assert value(sheet, row, 3) in ("M. et Mme", "Mme et M.")
        assert " et " in value(sheet, row, 5)
    names = {_fold(v[2]).split(" de ")[0] for v in mess["lignes_collectivites"]}
    assert names >= {"mairie", "commune"}
    for sheet, row in mess["lignes_nb_parts_saisi_dans_montant"]:
        assert value(sheet, row, 14) == value(sheet, row, 12)
    for style, check in (
        ("serial", lambda v: isinstance(v, float) and v > 40000),
        ("dmy", lambda v: isinstance(v, str) and "/" in v),
        ("iso", lambda v: isinstance(v, str) and "-" in v),
    ):
        for sheet, row in mess["lignes_date_en_texte_ou_numero_de_serie"][style]:
            assert check(value(sheet, row, 11)), (style, sheet, row)
    # the same holder on several rows: different spellings, one key once folded
    pairs = mess["meme_titulaire_plusieurs_lignes"]
    assert len(pairs) >= 50
    differ = 0
    for item in pairs:
        cells = [[value(s, r, c) for c in (4, 5, 9)] for s, r in item["lignes"]]
        differ += cells[0] != cells[1]
        assert len({_fold(c[0]).split(" de ", 1)[-1] for c in cells}) == 1
    assert differ >= len(pairs) // 2


def test_register_truth_recomputed(register, truth):
    effects = truth["effets"]
    assert len(register) == effects["registre_lignes"]
    keys = register.apply(_holder_key, axis=1)
    assert keys.nunique() == effects["souscripteurs_distincts"]
    people = register[register["type"] == "personne physique"].assign(key=keys)
    holders = people.groupby("key").agg(
        prenom=("prenom", "first"),
        benevole=("benevole", lambda s: (s == "O").any()),
        collectifs=("collectif", "nunique"),
    )
    p = effects["personnes_physiques_distinctes"]
    assert len(holders) == p["titulaires"]
    joint = holders["prenom"].str.contains(" et ").sum()
    assert len(holders) + joint == p["personnes_conjoints_comptes_deux_fois"]
    assert (holders["collectifs"] > 1).sum() == p["titulaires_dans_deux_collectifs"]
    assert holders["benevole"].mean() == pytest.approx(
        effects["part_benevoles"]["observe"], abs=1e-6
    )
    communes = register.loc[register["type"] == "collectivité", "commune"].map(_fold)
    assert communes.nunique() == effects["collectivites_distinctes"]
    capital = pd.to_numeric(register["nb_parts"]) * pd.to_numeric(register["valeur_part"])
    assert capital.sum() == effects["capital_souscrit_eur"]["total"]
    assert pd.to_numeric(register["montant"]).sum() < capital.sum()  # parts typed as euros
    for year in ("2020", "2021", "2022"):
        col = register[f"present_AG_{year}"].dropna()
        ag = effects["presence_AG"][year]
        assert ((col == "O").sum(), len(col)) == (ag["presents"], ag["convoques"])


# --------------------------------------------------------------------------------------
# Pipeline, events, volunteer survey
# --------------------------------------------------------------------------------------
def _stage(label: str) -> str:
    low = _fold(label)
    for stage, words in (
        ("émergence", ("emergence",)),
        ("structuration", ("structuration", "creation")),
        ("étude", ("etude",)),
        ("financement", ("financement", "levee", "collecte")),
        ("construction", ("construction", "travaux", "chantier")),
        ("exploitation", ("exploitation", "production")),
        ("abandon", ("abandon", "arrete")),
    ):
        if any(w in low for w in words):
            return stage
    raise AssertionError(label)


def test_pipeline(sample, truth):
    crm = pd.read_csv(
        sample / RAW / "accompagnement_collectifs.csv", sep=";", encoding="cp1252", dtype=str
    )
    crm["etape_propre"] = crm["etape"].map(_stage)
    assert (crm["etape"] != crm["etape_propre"]).any()
    current = crm.groupby("collectif", sort=False)["etape_propre"].last().value_counts()
    expected = {k: v for k, v in truth["effets"]["collectifs_par_etape_actuelle"].items() if v}
    assert current.to_dict() == expected
    reached = crm.groupby("etape_propre")["collectif"].nunique()
    for stage, n in truth["effets"]["entonnoir_etapes_atteintes"].items():
        assert reached.get(stage, 0) == n


def test_events(sample, truth):
    ev = pd.read_csv(sample / RAW / "evenements.csv", sep=";", encoding="cp1252", dtype=str)
    ev["n"] = pd.to_numeric(ev["participants"])
    expected = truth["effets"]["evenements"]
    assert len(ev) == expected["nombre"]
    assert ev["n"].sum() == expected["participants_total"]
    kind = (
        ev["type"]
        .map(_fold)
        .map(
            lambda t: (
                "AG"
                if t in ("ag", "assemblee generale")
                else "stand"
                if "stand" in t
                else "réunion publique"
                if "reunion" in t
                else "atelier sobriété"
            )
        )
    )
    assert kind.value_counts().to_dict() == {
        k: v["nombre"] for k, v in expected["par_type"].items()
    }


def test_volunteer_survey(sample, truth):
    path = sample / RAW / "enquete_benevoles.csv"
    df = pd.read_csv(path, sep=";", encoding="utf-8", dtype=str, keep_default_na=False)
    mess = truth["desordre"]["enquete_benevoles.csv"]
    assert "TEST" in df["commentaire"].iloc[mess["ligne_test"] - 2]
    dup = df.iloc[np.array(mess["lignes_soumission_en_double"]) - 2]
    assert dup["_uuid"].nunique() == 1
    clean = df[~df["commentaire"].str.contains("TEST")].drop_duplicates("_uuid")
    s = truth["effets"]["enquete_benevoles"]
    assert len(clean) == s["repondants_valides"]
    assert (clean["apports/connaissances_techniques"] != "non").mean() == pytest.approx(
        s["part_connaissances_techniques_acquises"], abs=1e-6
    )
    for skill, share in s["part_competence"].items():
        assert (clean[f"apports/competences/{skill}"] == "1").mean() == pytest.approx(
            share, abs=1e-6
        )
        listed = clean["apports/competences"].str.split().map(lambda xs, k=skill: k in xs)
        assert listed.mean() == pytest.approx(share, abs=1e-6)
    assert (clean["politique/implication_politique_locale"] == "oui").mean() == pytest.approx(
        s["part_implication_politique_locale"], abs=1e-6
    )
    assert pd.to_numeric(clean["pouvoir_agir/capacite_agir"]).mean() == pytest.approx(
        s["capacite_agir_moyenne_0_10"], abs=1e-6
    )
    assert (pd.to_numeric(clean["sobriete/gestes_sobriete"]) >= 4).mean() == pytest.approx(
        s["part_gestes_sobriete_d_accord_4_5"], abs=1e-6
    )

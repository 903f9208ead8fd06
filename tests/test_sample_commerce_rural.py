"""The ``commerce-rural`` sample: determinism, messiness where recorded, planted truth.

The planted truth is recomputed here from the raw files with plain pandas and a minimal
cleaning written in the test, independently of the generator's own bookkeeping.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import tools.samplegen.commerce_rural as module
from sizeup_helpers.workspace import open_workspace
from tools.samplegen._base import TRUTH_FILE

from .conftest import SAMPLES_DIR

RAW = "donnees-brutes"
TILL1, TILL2 = "caisse1_tickets_2024.csv", "caisse2_tickets_2024.csv"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The committed sample (tests/test_samples.py shows it is what the generator writes)."""
    return SAMPLES_DIR / "commerce-rural"


@pytest.fixture(scope="module")
def truth(sample) -> dict:
    return json.loads((sample / TRUTH_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tills(sample) -> tuple[pd.DataFrame, pd.DataFrame]:
    opts = dict(sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    return (pd.read_csv(sample / RAW / TILL1, **opts), pd.read_csv(sample / RAW / TILL2, **opts))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _num(series: pd.Series) -> pd.Series:
    """French numbers as text → floats ("1 234,50", "12 km", "5,5")."""
    s = series.astype(str).str.replace("\u00a0", "", regex=False).str.replace(" ", "")
    s = s.str.replace("km", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(s, errors="coerce")


# --------------------------------------------------------------------------------------
# Workspace, sizes
# --------------------------------------------------------------------------------------
def test_workspace_opens(sample, tmp_path):
    ws = open_workspace(sample, output_dir=tmp_path / "sorties")
    assert ws.fictional
    assert {f.role for f in ws.files} >= {
        "caisse",
        "caisse_2",
        "services",
        "fournisseurs",
        "enquete",
        "animations",
        "cartes_fidelite",
    }
    assert ws.file("cartes_fidelite").personal_data
    assert (sample / "theorie-du-changement.yml").is_file()
    assert (sample / "indicateurs.yml").is_file()


def test_sizes(sample):
    total = sum(p.stat().st_size for p in sample.rglob("*") if p.is_file())
    assert total < 8_000_000
    lines = (
        sum(
            len(t)
            for t in (sample / RAW / TILL1, sample / RAW / TILL2)
            for t in [t.read_bytes().splitlines()]
        )
        - 2
    )
    assert 75_000 <= lines <= 140_000


# --------------------------------------------------------------------------------------
# Tills
# --------------------------------------------------------------------------------------
def test_till_formats_and_messiness(sample, tills, truth):
    t1, t2 = tills
    mess = truth["desordre"]
    assert list(t1.columns) == mess[TILL1]["ordre_colonnes"]
    assert list(t2.columns) == mess[TILL2]["ordre_colonnes"]
    assert list(t1.columns) != list(t2.columns)
    raw = (sample / RAW / TILL1).read_bytes()
    assert b"\xe9" in raw and b"\r\n" in raw  # cp1252 "é", Windows line ends
    for name, frame, amount in ((TILL1, t1, "montant_ttc"), (TILL2, t2, "Total TTC")):
        rows = np.array(mess[name]["lignes_remboursement_negatives"]) - 2
        assert len(frame) == mess[name]["lignes"]
        assert len(rows) > 0
        assert frame[amount].iloc[rows].str.startswith("-").all()
        others = frame[amount].drop(index=frame.index[rows])
        assert not others.str.startswith("-").any()
        assert frame[amount].str.contains(",").all()
    labels = set(t1["produit"]) | set(t2["Article"])
    for canonical, variants in mess["caisse"]["variantes_libelles"].items():
        assert canonical in labels
        assert variants and set(variants) <= labels
    rows = np.array(mess[TILL1]["lignes_libelle_saisi_a_la_main"]) - 2
    canon = {p[0] for p in module.PRODUCTS}
    assert not t1["produit"].iloc[rows].isin(canon).any()
    assert t1["carte_fidelite_id"].replace("", np.nan).dropna().str.fullmatch(r"FID-\d{5}").all()
    assert t2["N° carte fidélité"].replace("", np.nan).dropna().str.fullmatch(r"[1-9]\d*").all()
    assert set(t2["Règlement"]) == {"CARTE", "ESP", "CHQ", "TR"}
    assert set(t1["taux_tva"]) == {"5,5", "10", "20"}


def _all_lines(tills) -> pd.DataFrame:
    t1, t2 = tills
    t2 = t2.rename(
        columns={
            "Date/heure": "date_heure",
            "N° ticket": "ticket_id",
            "Article": "produit",
            "Rayon": "famille",
            "Qté": "quantite",
            "PU TTC": "prix_unitaire_ttc",
            "Total TTC": "montant_ttc",
            "TVA %": "taux_tva",
            "Code fournisseur": "fournisseur_id",
            "N° carte fidélité": "carte_fidelite_id",
            "Règlement": "mode_paiement",
        }
    )
    both = pd.concat([t1.assign(caisse=1), t2.assign(caisse=2)], ignore_index=True)
    both["montant"] = _num(both["montant_ttc"])
    both["carte"] = pd.to_numeric(
        both["carte_fidelite_id"].str.replace("FID-", "", regex=False), errors="coerce"
    )
    return both


def test_till_truth_recomputed(sample, tills, truth):
    lines = _all_lines(tills)
    effects = truth["effets"]
    assert lines["montant"].notna().all()
    assert len(lines) == effects["caisse_lignes"]
    assert lines[["caisse", "ticket_id"]].drop_duplicates().shape[0] == effects["caisse_tickets"]
    net = lines["montant"].sum()
    assert net == pytest.approx(effects["ca_ttc_net"], abs=0.01)
    refunds = lines.loc[lines["montant"] < 0, "montant"]
    assert len(refunds) == effects["remboursements"]["lignes"]
    assert refunds.sum() == pytest.approx(effects["remboursements"]["total_ttc"], abs=0.01)
    assert lines["carte"].dropna().nunique() == effects["cartes_fidelite_distinctes"]
    # local share: join the suppliers' distances
    sup = pd.read_csv(sample / RAW / "fournisseurs.csv", sep=";", encoding="cp1252", dtype=str)
    sup["km"] = _num(sup["distance_km"])
    assert sup["km"].notna().all()
    local = effects["part_ventes_locales"]
    assert local["rayon_km"] == module.LOCAL_KM == 30
    local_ids = set(sup.loc[sup["km"] <= local["rayon_km"], "fournisseur_id"])
    assert set(lines["fournisseur_id"]) <= set(sup["fournisseur_id"])
    share = lines.loc[lines["fournisseur_id"].isin(local_ids), "montant"].sum() / net
    assert share == pytest.approx(local["observe"], abs=1e-6)
    assert 0.7 < share < local["cible_affichee"] == 0.9  # under what the shop displays


def test_suppliers(sample, truth):
    path = sample / RAW / "fournisseurs.csv"
    sup = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)
    mess = truth["desordre"]["fournisseurs.csv"]
    assert "\u00a0" in path.read_text(encoding="cp1252")
    rows = np.array(mess["lignes_distance_avec_decimale_ou_km"]) - 2
    assert sup["distance_km"].iloc[rows].str.contains(r",|km").all()
    assert (sup["bio"].iloc[np.array(mess["lignes_bio_oui_au_lieu_de_O"]) - 2] == "oui").all()
    for style, pattern in (
        ("iso", r"\d{4}-\d\d-\d\d"),
        ("dmy", r"\d\d/\d\d/\d{4}"),
        ("serial", r"\d{5}"),
    ):
        rows = np.array(mess["lignes_date_par_format"][style]) - 2
        assert sup["date_premiere_commande"].iloc[rows].str.fullmatch(pattern).all()
    sup["km"], sup["achats"] = _num(sup["distance_km"]), _num(sup["achats_ht_annee"])
    local = sup[(sup["km"] <= module.LOCAL_KM) & sup["fournisseur_id"].str.startswith("F")]
    effects = truth["effets"]
    assert local["achats"].sum() == pytest.approx(effects["achats_ht_producteurs_locaux"], abs=0.01)
    assert (local["achats"] > 0).sum() == effects["producteurs_locaux_actifs"]


def test_loyalty_cards(sample, tills, truth):
    cards = pd.read_csv(
        sample / RAW / "cartes_fidelite.csv",
        sep=";",
        encoding="cp1252",
        dtype=str,
        keep_default_na=False,
    )
    mess = truth["desordre"]["cartes_fidelite.csv"]
    effects = truth["effets"]
    assert len(cards) == effects["cartes_fidelite_emises"]
    assert cards["email"].str.contains("@").sum() > 0.7 * len(cards)
    # every card seen in the tills is in the file
    seen = _all_lines(tills)["carte"].dropna().astype(int)
    numbers = cards["numero_carte"].str.replace("FID-", "", regex=False).astype(int)
    assert set(seen) <= set(numbers)
    # the same person behind a replaced card and its new one
    key = (
        cards["nom"].map(_fold)
        + "|"
        + cards["prenom"].map(_fold)
        + "|"
        + cards["adresse"].map(_fold)
    )
    assert key.nunique() == effects["titulaires_cartes_distincts"]
    second = np.array(mess["lignes_nouvelle_carte_meme_personne"]) - 2
    assert key.iloc[second].isin(key.drop(index=second)).all()
    assert (cards["statut"] == "remplacée").sum() == len(second)
    first = cards.loc[~key.duplicated()]
    village = first["commune"] == "Vérines"
    assert village.mean() == pytest.approx(effects["part_titulaires_habitant_le_village"], abs=1e-6)
    assert (
        cards["date_naissance"].iloc[np.array(mess["lignes_sans_date_naissance"]) - 2] == ""
    ).all()


# --------------------------------------------------------------------------------------
# Services register
# --------------------------------------------------------------------------------------
def _service(label: str) -> str:
    low = _fold(label)
    for key, words in (
        ("colis", ("colis", "mr", "mondial")),
        ("poste", ("poste",)),
        ("gaz", ("gaz",)),
        ("presse", ("presse", "journaux")),
        ("pressing", ("pressing", "cordonnerie")),
        ("retrait_especes", ("retrait", "cash")),
        ("jeux", ("fdj", "loto")),
    ):
        if any(re.search(rf"\b{w}\b", low) for w in words):
            return key
    raise AssertionError(label)


def test_services_register(sample, truth):
    path = sample / RAW / "registre_services.xlsx"
    mess = truth["desordre"]["registre_services.xlsx"]
    wb = load_workbook(path)
    assert wb.sheetnames == mess["onglets"]
    sheets = pd.read_excel(path, sheet_name=None, header=3, engine="calamine")
    per_month = {}
    for m, (name, frame) in enumerate(sheets.items(), start=1):
        ws = wb[name]
        assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:F1", "A2:F2", "A3:F3"}
        for row in mess["lignes_total_dans_les_donnees"][name]:
            assert str(ws.cell(row=row, column=1).value).lower().startswith("total")
        for row in mess["lignes_date_en_texte"].get(name, []):
            assert re.fullmatch(r"\d\d/\d\d/\d{4}", ws.cell(row=row, column=1).value)
        for row in mess["lignes_recette_en_texte"].get(name, []):
            assert isinstance(ws.cell(row=row, column=4).value, str)
        data = frame[~frame["Date"].astype(str).str.lower().str.startswith("total")]
        assert len(data) < len(frame)  # the total rows were inside the data
        cats = data["Service"].map(_service)
        per_month[f"2024-{m:02d}"] = data.groupby(cats)["Nb opérations"].sum().astype(int)
    expected = truth["effets"]["operations_services_par_mois"]
    for month, counts in per_month.items():
        assert counts.to_dict() == {k: v for k, v in expected[month].items() if v}, month
    assert {k: int(v.sum()) for k, v in per_month.items()} == truth["effets"][
        "operations_services_total_par_mois"
    ]


# --------------------------------------------------------------------------------------
# Customer survey
# --------------------------------------------------------------------------------------
def test_survey(sample, truth):
    path = sample / RAW / "enquete_clients_2024.xlsx"
    mess = truth["desordre"]["enquete_clients_2024.xlsx"]
    ws = load_workbook(path).active
    assert len(ws.merged_cells.ranges) >= 3 and ws["C1"].value == "Vous"
    df = pd.read_excel(path, header=1, engine="openpyxl", dtype=object)
    assert len(df) == truth["effets"]["enquete_repondants"]
    before, now = df.columns[5], df.columns[6]
    for col, key in ((before, "avant"), (now, "maintenant")):
        forms = mess["lignes_km_par_forme"][key]
        text = df[col].astype(str)
        assert text.iloc[np.array(forms["avec_km"]) - 3].str.endswith(" km").all()
        assert text.iloc[np.array(forms["decimale"]) - 3].str.contains(",").all()
        assert (df[col].iloc[np.array(forms["NSP"]) - 3] == "NSP").all()
        assert df[col].iloc[np.array(forms["vide"]) - 3].isna().all()
    likert_col = df.columns[8]
    assert (
        df[likert_col]
        .iloc[np.array(mess["lignes_likert_en_chiffres"]) - 3]
        .map(lambda v: isinstance(v, int))
        .all()
    )

    effects = truth["effets"]
    meet = df[df.columns[7]].map(lambda v: _fold(v) if isinstance(v, str) else None)
    meet = meet.replace({"ne sait pas": "nsp"})
    yes, no = (meet == "oui").sum(), (meet == "non").sum()
    r = effects["enquete_rencontre_habitants"]
    assert (yes, no, (meet == "nsp").sum(), meet.isna().sum()) == (
        r["oui"],
        r["non"],
        r["nsp"],
        r["vides"],
    )
    assert yes / (yes + no) == pytest.approx(r["part_oui_sur_oui_non"], abs=1e-6)

    scale = {_fold(t): k for k, t in enumerate(module.LIKERT, start=1)}
    lik = df[likert_col].map(lambda v: scale[_fold(v)] if isinstance(v, str) else v)
    lik = pd.to_numeric(lik).dropna()
    assert lik.mean() == pytest.approx(effects["enquete_vie_village"]["moyenne_1_5"], abs=1e-6)
    assert (lik >= 4).mean() == pytest.approx(
        effects["enquete_vie_village"]["part_d_accord_4_5"], abs=1e-6
    )
    nps = pd.to_numeric(df[df.columns[9]]).dropna()
    score = 100 * ((nps >= 9).mean() - (nps <= 6).mean())
    assert score == pytest.approx(effects["enquete_nps"]["nps"], abs=1e-4)

    def km(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v == "NSP":
            return np.nan
        return float(str(v).replace("km", "").replace(",", ".").strip())

    pair = pd.DataFrame({"a": df[before].map(km), "m": df[now].map(km)}).dropna()
    k = effects["enquete_km_evites"]
    assert len(pair) == k["n"]
    assert (pair["a"] - pair["m"]).mean() == pytest.approx(k["km_evites_moyen"], abs=1e-6)
    village = df[df.columns[2]].map(_fold).str.startswith("verines")
    assert village.mean() == pytest.approx(effects["enquete_part_habitants_village"], abs=1e-6)


def test_events(sample, truth):
    ev = pd.read_csv(sample / RAW / "animations.csv", sep=";", encoding="cp1252", dtype=str)
    rows = np.array(truth["desordre"]["animations.csv"]["lignes_participants_estimes"]) - 2
    assert ev["nb_participants"].iloc[rows].str.contains(r"env\.|~").all()
    n = pd.to_numeric(ev["nb_participants"].str.extract(r"(\d+)")[0])
    assert n.sum() == truth["effets"]["animations"]["participants_total"]
    assert len(ev) == truth["effets"]["animations"]["nombre"]


# --------------------------------------------------------------------------------------
# The large variant
# --------------------------------------------------------------------------------------
def test_write_large_small(tmp_path):
    path = module.write_large(tmp_path / "a", rows=5_000)
    again = module.write_large(tmp_path / "b" / "grand.csv", rows=5_000)
    assert path.name == "caisse_tickets_grand.csv" and again.name == "grand.csv"
    assert path.read_bytes() == again.read_bytes()
    df = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    assert list(df.columns) == module.TILL1_COLUMNS
    assert len(df) == 5_000
    amount = _num(df["montant_ttc"])
    assert amount.notna().all() and (amount < 0).any()
    # one ticket counter, tickets in time order
    stamp = pd.to_datetime(df["date_heure"], format="%d/%m/%Y %H:%M")
    assert stamp.is_monotonic_increasing
    assert pd.to_numeric(df["ticket_id"]).is_monotonic_increasing


def test_write_large_bad_rows(tmp_path):
    with pytest.raises(ValueError, match="doit être au moins 1"):
        module.write_large(tmp_path, rows=0)
    with pytest.raises(TypeError, match="doit être un nombre entier"):
        module.write_large(tmp_path, rows="mille")

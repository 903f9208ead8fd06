"""Sample structure ``mobilite-accompagnee``: determinism, messiness, planted truth.

The planted truth is recomputed here from the raw files with pandas and a minimal cleaning
written in the test itself, independently of the generator's code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

import tools.samplegen.mobilite_accompagnee as mod
from sizeup_helpers.theory_of_change import check_coherence, load_theory_of_change
from sizeup_helpers.workspace import open_workspace
from tools.samplegen._base import write_sample

RAW = "donnees-brutes"
UCLA = {"Presque jamais ou jamais": 1, "Parfois": 2, "Souvent": 3}
SATISFACTION = {
    "Pas du tout satisfait(e)": 1,
    "Plutôt pas satisfait(e)": 2,
    "Plutôt satisfait(e)": 3,
    "Très satisfait(e)": 4,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    root = write_sample(mod, tmp_path_factory.mktemp("mobilite"))
    truth = json.loads((root / "verite-terrain.json").read_text(encoding="utf-8"))
    return root, truth


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def _csv(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        root / RAW / name, sep=";", encoding="cp1252", dtype=str, keep_default_na=False
    )


def _lines(root: Path, name: str) -> list[str]:
    """Lines of a CSV file; index 1 is the header, as in the recorded line numbers."""
    return [""] + (root / RAW / name).read_bytes().decode("cp1252").split("\r\n")


def _person_keys(root: Path) -> pd.Series:
    """beneficiaire_id -> one key per person (name folded, birth date)."""
    pil = _csv(root, "beneficiaires.csv")
    key = pil["nom"].map(_fold) + "|" + pil["prenom"].map(_fold) + "|" + pil["date_naissance"]
    return pd.Series(key.to_numpy(), index=pil["beneficiaire_id"])


def _survey(root: Path, sheet: str) -> pd.DataFrame:
    df = pd.read_excel(
        root / RAW / "enquete_beneficiaires_T0_T1.xlsx",
        sheet_name=sheet,
        header=3,
        engine="openpyxl",
    )
    df["num"] = df["code_beneficiaire"].astype(str).str.extract(r"(\d+)")[0].astype(int)

    def as_number(col: pd.Series, labels: dict[str, int]) -> pd.Series:
        return pd.to_numeric(col, errors="coerce").fillna(col.map(labels))

    items = ["manque_de_compagnie", "se_sent_exclu", "se_sent_isole"]
    df["score"] = sum(as_number(df[c], UCLA) for c in items)
    if "satisfaction_globale" in df:
        df["satisfaction"] = as_number(df["satisfaction_globale"], SATISFACTION)
    return df


# --------------------------------------------------------------------------------------


def test_workspace_opens_with_roles_and_sensitive_flag(sample, tmp_path):
    root, _ = sample
    ws = open_workspace(root, output_dir=tmp_path / "sorties")
    assert ws.fictional
    assert ws.file("beneficiaires").sensitive_data and ws.file("beneficiaires").personal_data
    assert not ws.file("trajets").sensitive_data
    config = yaml.safe_load((root / "structure.yml").read_text(encoding="utf-8"))
    quantitative = {"trajets", "beneficiaires", "guides", "enquete"}
    sensitive = [
        f["role"]
        for f in config["fichiers"]
        if f["role"] in quantitative and f.get("donnees_sensibles")
    ]
    assert sensitive == ["beneficiaires"], "health data (art. 9 RGPD) are in the riders' file only"
    for role in ("trajets", "beneficiaires", "guides", "enquete"):
        assert ws.file(role).path.is_file()


def test_drafts_are_coherent(sample):
    root, _ = sample
    toc = load_theory_of_change(root / "theorie-du-changement.yml")
    assert check_coherence(toc).empty  # the shared draft checks are in test_samples.py
    assert 1 <= len(toc.outputs) <= 3
    assert "benevoles" in {s.category for s in toc.stakeholders}


def test_trips_file_is_a_cp1252_export_with_french_decimals(sample):
    root, truth = sample
    raw = (root / RAW / "trajets.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    trips = _csv(root, "trajets.csv")
    assert set(trips["statut"]) == {"Réalisé", "Annulé bénéficiaire", "Annulé guide", "Non pourvu"}
    assert set(trips["prix_facture"]) == {"7,50", "0,00"}
    assert set(trips["reste_a_charge"]) == {"3,00", "0,00"}
    assert trips["distance_km"].str.fullmatch(r"\d+,\d").all()
    lines = _lines(root, "trajets.csv")
    mess = truth["desordre"]["trajets.csv"]
    for n in mess["lignes_repetees_pagination"]:
        assert lines[n] in lines[2:n], f"ligne {n} : copie d'une ligne précédente"
    assert trips.duplicated().sum() == len(mess["lignes_repetees_pagination"])
    with_h = [i for i, line in enumerate(lines) if re.search(r";\d{1,2}h\d{2};", line)]
    assert with_h == mess["lignes_heure_format_h"]
    dup_ids = set(
        _csv(root, "beneficiaires.csv")["beneficiaire_id"].iloc[
            [int(k) - 2 for k in truth["desordre"]["beneficiaires.csv"]["lignes_doublon_personne"]]
        ]
    )
    assert [i + 2 for i, p in enumerate(trips["beneficiaire_id"]) if p in dup_ids] == mess[
        "lignes_compte_beneficiaire_en_double"
    ] and mess["lignes_compte_beneficiaire_en_double"]


def test_riders_file_messiness(sample):
    root, truth = sample
    pil = _csv(root, "beneficiaires.csv")
    mess = truth["desordre"]["beneficiaires.csv"]
    for dup, first in mess["lignes_doublon_personne"].items():
        a, b = pil.iloc[int(dup) - 2], pil.iloc[first - 2]
        assert a["beneficiaire_id"] != b["beneficiaire_id"]
        assert _fold(a["nom"]) == _fold(b["nom"]) and a["date_naissance"] == b["date_naissance"]
        assert (a["nom"], a["prenom"], a["email"], a["telephone"]) != (
            b["nom"],
            b["prenom"],
            b["email"],
            b["telephone"],
        )
    iso = [
        i + 2
        for i, d in enumerate(pil["date_inscription"])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)
    ]
    assert iso == mess["lignes_date_inscription_iso"] and iso
    assert sorted(set(pil["fauteuil"])) == mess["variantes_fauteuil"]
    assert {"O", "N", "o", ""} <= set(pil["fauteuil"])
    assert sorted(set(pil["CMI"])) == mess["variantes_cmi"]
    assert {"Oui", "Non", "NSP"} <= set(pil["CMI"])
    used = {v for vs in mess["variantes_type_situation"].values() for v in vs}
    assert set(pil["type_situation"]) == used
    assert len(used) > 12, "free-text labels with variants"
    assert pil["email"].str.contains("@").mean() > 0.4
    assert pil["telephone"].str.contains(r"\d").all()


def test_volunteers_and_survey_messiness(sample):
    root, truth = sample
    cop = _csv(root, "guides.csv")
    oui = [i + 2 for i, v in enumerate(cop["atelier_sensibilisation"]) if v == "oui"]
    assert oui == truth["desordre"]["guides.csv"]["lignes_atelier_oui_sans_date"]
    mess = truth["desordre"]["enquete_beneficiaires_T0_T1.xlsx"]
    wb = load_workbook(root / RAW / "enquete_beneficiaires_T0_T1.xlsx")
    assert wb.sheetnames == mess["onglets"]
    for sheet in wb.sheetnames:
        ws = wb[sheet]
        assert ws["A1"].value.startswith("Enquête bénéficiaires")
        assert ws.cell(row=mess["ligne_entete"], column=1).value == "date_passation"
        last = ws.max_row
        col = {c.value: c.column for c in ws[mess["ligne_entete"]]}

        def rows_where(pred, column, ws=ws, col=col, last=last):
            return [r for r in range(5, last + 1) if pred(ws.cell(row=r, column=col[column]).value)]

        assert (
            rows_where(lambda v: isinstance(v, int), "manque_de_compagnie")
            == mess[f"{sheet}:lignes_likert_en_chiffres"]
        )
        assert (
            rows_where(lambda v: isinstance(v, str), "date_passation")
            == mess[f"{sheet}:lignes_date_en_texte"]
        )
        assert (
            rows_where(lambda v: isinstance(v, str), "sorties_semaine_derniere")
            == mess[f"{sheet}:lignes_sorties_en_texte"]
        )
        odd = rows_where(lambda v: not re.fullmatch(r"B-\d{4}", str(v)), "code_beneficiaire")
        assert odd == mess[f"{sheet}:lignes_code_autre_ecriture"]
        ids = {int(p[2:]) for p in _csv(root, "beneficiaires.csv")["beneficiaire_id"]}
        unknown = rows_where(
            lambda v, ids=ids: int(re.search(r"\d+", str(v)).group()) not in ids,
            "code_beneficiaire",
        )
        assert unknown == mess[f"{sheet}:lignes_code_inconnu"]
    assert mess["T1 six mois:lignes_code_inconnu"], "some T1 codes match nobody"


# --------------------------------------------------------------------------------------
# planted truth, recomputed
# --------------------------------------------------------------------------------------
def test_distinct_riders_and_types(sample):
    root, truth = sample
    eff = truth["effets"]
    pil = _csv(root, "beneficiaires.csv")
    keys = _person_keys(root)
    assert len(pil) == eff["beneficiaires_comptes"]
    assert keys.nunique() == eff["beneficiaires_distincts"] == mod.N_BENEFICIAIRES
    people = pil.assign(key=keys.to_numpy()).drop_duplicates("key")
    to_cat = {v: k for k, vs in eff["categories_type_situation"].items() for v in vs}
    assert people["type_situation"].map(to_cat).value_counts().to_dict() == {
        k: v for k, v in eff["beneficiaires_par_type"].items() if v
    }
    wheel = people["fauteuil"].str.upper()
    assert (wheel == "O").sum() == eff["beneficiaires_fauteuil"]["fauteuil_oui"]
    assert wheel.isin(["O", "N"]).sum() == eff["beneficiaires_fauteuil"]["renseignes"]
    cmi = people["CMI"].str.lower()
    known = cmi[cmi.isin(["oui", "non"])]
    assert len(known) == eff["part_cmi_oui"]["n"]
    assert (known == "oui").mean() == pytest.approx(eff["part_cmi_oui"]["taux_observe"], abs=1e-6)


def test_match_rate_and_trips_per_active_rider(sample):
    root, truth = sample
    eff = truth["effets"]
    trips = _csv(root, "trajets.csv").drop_duplicates()
    assert trips["trajet_id"].is_unique
    assert len(trips) == eff["demandes_de_trajet"]
    assert trips["statut"].value_counts().to_dict() == eff["trajets_par_statut"]
    realised = trips[trips["statut"] == "Réalisé"].copy()
    rate = len(realised) / len(trips)
    assert rate == pytest.approx(eff["taux_realisation"]["taux_observe"], abs=1e-6)
    assert 0.7 < rate < 0.85
    realised["mois"] = pd.to_datetime(realised["date_trajet"], format="%d/%m/%Y").dt.strftime(
        "%Y-%m"
    )
    realised["personne"] = realised["beneficiaire_id"].map(_person_keys(root))
    monthly = realised.groupby("mois").agg(
        trajets=("trajet_id", "size"), actifs=("personne", "nunique")
    )
    assert monthly["trajets"].to_dict() == eff["trajets_realises_par_mois"]
    assert 35 <= monthly["trajets"].mean() <= 50, "about 40 realised trips a month"
    ratio = monthly["trajets"] / monthly["actifs"]
    planted = eff["trajets_par_beneficiaire_actif_par_mois"]
    assert ratio.to_dict() == pytest.approx(planted["par_mois"], abs=1e-6)
    assert ratio.mean() == pytest.approx(planted["moyenne_des_mois"], abs=1e-6)
    assert monthly["trajets"].sum() / monthly["actifs"].sum() == pytest.approx(
        planted["global"], abs=1e-6
    )
    # merging the duplicate accounts matters: counting accounts gives more active riders
    by_account = realised.groupby("mois")["beneficiaire_id"].nunique()
    assert (by_account >= monthly["actifs"]).all() and (by_account > monthly["actifs"]).any()
    assert realised["personne"].nunique() == eff["beneficiaires_actifs_annee"]
    price = pd.to_numeric(realised["prix_facture"].str.replace(",", "."))
    assert price.sum() == pytest.approx(7.5 * len(realised))


def test_isolation_change_and_satisfaction(sample):
    root, truth = sample
    eff = truth["effets"]
    t0 = _survey(root, "T0 inscription")
    t1 = _survey(root, "T1 six mois")
    assert {"T0": len(t0), "T1": len(t1)} == eff["repondants_par_vague"]
    pairs = t0[["num", "score"]].merge(t1[["num", "score"]], on="num", suffixes=("_0", "_1"))
    diff = pairs["score_1"] - pairs["score_0"]
    planted = eff["evolution_isolement_T0_T1"]
    assert len(pairs) == planted["n_paires"]
    assert len(pairs) < min(len(t0), len(t1)), "attrition and unmatched codes"
    assert diff.mean() == pytest.approx(planted["difference_moyenne"], abs=1e-6)
    assert diff.std(ddof=1) == pytest.approx(planted["ecart_type_differences"], abs=1e-6)
    assert diff.mean() / diff.std(ddof=1) == pytest.approx(planted["d_z"], abs=1e-5)
    assert diff.mean() == pytest.approx(mod.ISOLATION_CHANGE, abs=0.05)
    sat = t1["satisfaction"].dropna()
    assert len(sat) == eff["part_beneficiaires_satisfaits"]["n_reponses"]
    assert (sat >= 3).mean() == pytest.approx(
        eff["part_beneficiaires_satisfaits"]["taux_observe"], abs=1e-6
    )
    assert np.isclose((sat >= 3).mean(), mod.SATISFIED_SHARE, atol=0.03)


def test_active_volunteers(sample):
    root, truth = sample
    cop = _csv(root, "guides.csv")
    vol = cop[~cop["guide_id"].str.startswith("REL")]
    assert len(vol) == truth["effets"]["guides_benevoles"]
    trips = _csv(root, "trajets.csv").drop_duplicates()
    done = trips[trips["statut"] == "Réalisé"]["guide_id"].value_counts()
    assert vol["guide_id"].isin(done.index).sum() == truth["effets"]["guides_benevoles_actifs"]
    assert (
        vol["nb_trajets"].astype(int).to_numpy()
        == vol["guide_id"].map(done).fillna(0).astype(int).to_numpy()
    ).all()

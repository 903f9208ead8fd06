"""ateliers-emploi: the messiness is where the truth file says, and the planted truth is
recomputed from the raw files by direct, independent pandas code."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tools.samplegen import load_truth

from .conftest import SAMPLES_DIR

RAW = SAMPLES_DIR / "ateliers-emploi" / "donnees-brutes"


@pytest.fixture(scope="module")
def truth():
    return load_truth("ateliers-emploi")


@pytest.fixture(scope="module")
def registrations():
    return pd.read_csv(
        RAW / "inscriptions_export.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def _phone_key(phone: pd.Series) -> pd.Series:
    digits = phone.str.replace(r"\D", "", regex=True)
    return digits.str.replace(r"^33", "0", regex=True)


def test_encodings_as_exported():
    assert (RAW / "inscriptions_export.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    text = (RAW / "presences.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        text.decode("utf-8")  # cp1252 accents are not UTF-8
    assert "é" in text.decode("cp1252")


def test_distinct_people_behind_duplicates(registrations, truth):
    effects = truth["effets"]
    assert len(registrations) == effects["inscriptions"]
    # the naive key (e-mail as typed) overcounts because of typos
    assert registrations["email"].str.lower().nunique() > effects["personnes_distinctes"]
    # the phone number, once normalised, identifies a person in this sample
    key = _phone_key(registrations["telephone"])
    assert key.nunique() == effects["personnes_distinctes"]
    per_line = pd.Series(truth["desordre"]["inscriptions_export.csv"]["personne_par_ligne"])
    assert per_line.groupby(key.to_numpy()).nunique().max() == 1


def test_messiness_at_recorded_rows(registrations, truth):
    mess = truth["desordre"]["inscriptions_export.csv"]
    people = pd.Series(mess["personne_par_ligne"])
    # a person's first registration is typed right; typos come with later ones
    first_email = registrations["email"].groupby(people.to_numpy()).first()
    for line in mess["lignes_email_avec_faute"]:
        row = registrations.iloc[line - 2]
        assert row["email"] != first_email[people[line - 2]]
    assert len(mess["lignes_email_avec_faute"]) >= 10
    for line in mess["lignes_double_envoi"]:
        a, b = registrations.iloc[line - 3], registrations.iloc[line - 2]
        assert (
            a.drop(["inscription_id", "horodatage"]) == b.drop(["inscription_id", "horodatage"])
        ).all()
    assert mess["lignes_double_envoi"]
    for line in mess["lignes_nom_variante_casse_accents"]:
        row = registrations.iloc[line - 2]
        assert (
            row["nom"] != row["nom"].strip().title()
            or row["nom"] != row["nom"].strip()
            or row["prenom"] != row["prenom"].strip()
            or not row["nom"].isascii()
            or row["nom"].isupper()
            or row["nom"].islower()
        )
    towns = set(registrations["ville"])
    for _canonical, variants in mess["variantes_ville"].items():
        assert set(variants) <= towns
    assert {"Schilick", "STRASBOURG"} & towns


def test_no_show_rate(truth):
    presences = pd.read_csv(RAW / "presences.csv", sep=";", encoding="cp1252", dtype=str)
    rate = 1 - presences["present"].astype(int).mean()
    assert rate == pytest.approx(truth["effets"]["taux_absence"], abs=1e-6)
    assert 0.25 <= rate <= 0.4


def test_confidence_gain_recovered_paired(truth):
    q = pd.read_csv(RAW / "questionnaire_T0_T1_T2.csv", sep=";", encoding="cp1252", dtype=str)
    wide = q.pivot(
        index="code_participant", columns="vague", values="confiance_en_soi_0_10"
    ).astype(float)
    for later in ("T1", "T2"):
        pairs = wide[["T0", later]].dropna()
        diff = pairs[later] - pairs["T0"]
        expected = truth["effets"][f"gain_confiance_T0_{later}"]
        assert len(pairs) == expected["n_paires"]
        assert diff.mean() == pytest.approx(expected["difference_moyenne"], abs=1e-6)
        assert diff.std() == pytest.approx(expected["ecart_type_differences"], abs=1e-6)
        t = stats.ttest_rel(pairs[later], pairs["T0"])
        assert t.pvalue < 0.001
        low, high = t.confidence_interval(0.95)
        assert low <= expected["effet_plante"] <= high, "the planted effect lies in the CI"
    # attrition between waves
    counts = q["vague"].value_counts()
    assert counts["T0"] > counts["T1"] > 2 * counts["T2"]


def test_questionnaire_messiness(truth):
    q = pd.read_csv(
        RAW / "questionnaire_T0_T1_T2.csv",
        sep=";",
        encoding="cp1252",
        dtype=str,
        keep_default_na=False,
    )
    mess = truth["desordre"]["questionnaire_T0_T1_T2.csv"]
    numbers = q["je_me_sens_isole"].iloc[[i - 2 for i in mess["lignes_likert_en_chiffres"]]]
    assert numbers.str.fullmatch(r"[1-5]").all()
    assert q["je_me_sens_isole"].str.contains("accord").sum() > len(q) / 2
    texts = q["contacts_pro_activables"].iloc[[i - 2 for i in mess["lignes_contacts_en_texte"]]]
    assert not texts.str.fullmatch(r"\d+").any()
    t0_codes = set(q.loc[q["vague"] == "T0", "code_participant"])
    mistyped = q["code_participant"].iloc[[i - 2 for i in mess["lignes_code_mal_saisi_T2"]]]
    assert mess["lignes_code_mal_saisi_T2"] and not set(mistyped) & t0_codes


def test_employment_or_training_at_six_months(truth):
    s = pd.read_csv(
        RAW / "suivi_situation.csv", sep=";", encoding="cp1252", dtype=str, keep_default_na=False
    )
    six = s[s["echeance"] == "6 mois"]
    reached = six[~six["situation"].isin(["", "Sans nouvelle"])]
    text = reached["situation"].str.lower()
    job_or_training = text.str.contains(r"^(?:cdi|cdd|int[ée]rim|emploi)|formation", regex=True)
    expected = truth["effets"]["taux_emploi_formation_6_mois"]
    assert len(reached) == expected["n_joints"]
    assert job_or_training.mean() == pytest.approx(expected["taux_observe"], abs=1e-6)
    assert abs(job_or_training.mean() - expected["taux_plante"]) < 0.1
    # free-text categories with variants
    assert {"CDI", "cdi"} <= set(s["situation"])


def test_direct_identifiers_present_to_be_protected(registrations):
    assert registrations["email"].str.contains("@").all()
    assert registrations["telephone"].str.contains(r"\d{2}").all()
    assert re.search(r"\+33", " ".join(registrations["telephone"]))
    assert np.isin(["prenom", "nom"], registrations.columns).all()


def test_t1_is_an_immediate_self_reported_effect(truth):
    """T0 and T1 are filled in on the same day: the sample says T1 is an immediate effect."""
    import yaml

    q = pd.read_csv(RAW / "questionnaire_T0_T1_T2.csv", sep=";", encoding="cp1252", dtype=str)
    day = pd.to_datetime(q["date_reponse"], format="%d/%m/%Y")
    first = day.groupby([q["code_participant"], q["vague"]]).min().unstack()
    both = first[["T0", "T1"]].dropna()
    assert len(both) > 50 and (both["T1"] == both["T0"]).all(), "same day, same workshop"
    later = first[["T0", "T2"]].dropna()
    assert ((later["T2"] - later["T0"]).dt.days == 92).all()
    effects = truth["effets"]
    assert effects["gain_confiance_T0_T1"]["jours_apres_T0"] == 0
    assert effects["gain_confiance_T0_T1"]["nature"].startswith("effet immédiat déclaré")
    assert effects["gain_confiance_T0_T2"]["jours_apres_T0"] == 92
    folder = SAMPLES_DIR / "ateliers-emploi"
    assert "effet immédiat déclaré" in (folder / "LISEZMOI.md").read_text(encoding="utf-8")
    config = yaml.safe_load((folder / "structure.yml").read_text(encoding="utf-8"))
    survey = next(f for f in config["fichiers"] if f["role"] == "questionnaire")
    assert "effet immédiat déclaré" in survey["description"]
    indicators = yaml.safe_load((folder / "indicateurs.yml").read_text(encoding="utf-8"))
    on_t1 = [i for i in indicators["indicateurs"] if "T1" in i["definition"]]
    assert on_t1 and all("immédiat" in i["libelle"] for i in on_t1)
    assert any("T2" in i["definition"] for i in indicators["indicateurs"]), "the lasting one"

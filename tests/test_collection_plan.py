"""Step 12: next year's collection plan, on the seven samples and an empty workspace."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sizeup_helpers import collection_plan as cp
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import create_workspace
from tools.samplegen import load_truth

from .conftest import sample_slugs
from .restitution_chain import chain

# steps 00-11 run once per sample for these three files (tests/restitution_chain.py):
# one worker takes them all
pytestmark = pytest.mark.xdist_group("restitution")

SAMPLES = sample_slugs()


def _plan_files(ws):
    folder = ws.step_dir("12", create=False)
    return folder / cp.PLAN_FILE, folder / cp.PLAN_MARKDOWN


def _no_english_or_nan(text: str) -> None:
    for bad in ("nan", "None", "NaN", "True", "False"):
        assert not re.search(rf"\b{bad}\b", text), (bad, text)
    for bad in ("..", " ,"):
        assert bad not in text, (bad, text)


@pytest.mark.notebooks
@pytest.mark.parametrize("slug", SAMPLES)
def test_plan_on_every_sample(slug):
    ws = chain(slug)
    plan = cp.next_year_plan(ws)
    assert list(plan.columns) == list(cp.PLAN_COLUMNS)
    # consent, recontact and the profile at entry come first, always from registration
    assert plan.iloc[0]["à collecter"].startswith("Consentement")
    assert "RGPD art. 6.1.a et 7" in plan.iloc[0]["pourquoi"]
    assert "art. 13" in plan.iloc[0]["pourquoi"] and "CNIL" in plan.iloc[0]["pourquoi"]
    assert "à part des réponses" in plan.iloc[1]["à collecter"]
    assert (plan["dès quand"].str.startswith("dès l'inscription")).all()
    # every outcome of the theory of change has its row, with an after-wave and a reason
    toc = load_theory_of_change(ws)
    named = plan[plan["effet"] != ""]
    assert [e.split(" ")[0] for e in named["effet"]] == [o.id for o in toc.outcomes]
    assert (named["vague après"] != "").all() and (named["pourquoi"] != "").all()
    assert not plan.isna().any().any()
    # step 09 ran: the recontact row says what it found
    assert "carnet 09" in plan.iloc[1]["pourquoi"].lower()
    # saved, byte-stable, no identifier
    path = cp.save_next_year_plan(ws, plan)
    csv_path, md_path = _plan_files(ws)
    assert path == csv_path
    first = (csv_path.read_bytes(), md_path.read_bytes())
    cp.save_next_year_plan(ws)
    assert (csv_path.read_bytes(), md_path.read_bytes()) == first
    back = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back.equals(plan)
    found = scan_for_identifiers(ws.step_dir("12", create=False))
    assert found.empty, found
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith(f"# Plan de collecte pour l'année prochaine — {ws.name}")
    assert "dès l'inscription" in md and "RGPD art. 13" in md
    text = cp.explain_next_year_plan(plan).to_text()
    assert text.startswith("Ce qu'il faut collecter dès l'an prochain")
    assert f"Le plan compte {len(plan)} choses à recueillir dès l'inscription" in text
    _no_english_or_nan(text)
    assert cp.explain_next_year_plan(plan).to_frame().equals(plan)


@pytest.mark.notebooks
def test_plan_shows_the_planted_waves_of_ateliers_emploi():
    truth = load_truth("ateliers-emploi")["effets"]
    plan = cp.next_year_plan(chain("ateliers-emploi"))
    recontact = plan.iloc[1]["pourquoi"]
    t0 = truth["repondants_par_vague"]["T0"]
    t2 = truth["gain_confiance_T0_T2"]
    # the weakest after-wave, T2 about three months later: few people found again
    assert f"sur {t0} personnes interrogées avant" in recontact
    assert "à la vague T2" in recontact
    e1 = plan[plan["effet"].str.startswith("E1 ")].iloc[0]
    assert "jour même" in e1["pourquoi"]  # T1 is filled in the same day (truth: 0 days)
    assert truth["gain_confiance_T0_T1"]["jours_apres_T0"] == 0
    assert f"environ {t2['jours_apres_T0']} jours après la vague avant" in e1["vague après"]
    # the outcomes step 04 found without data are to collect with step 07's questionnaire
    for outcome in ("E2", "E3"):
        row = plan[plan["effet"].str.startswith(outcome + " ")].iloc[0]
        assert row["à collecter"].startswith("Situation de départ puis d'arrivée")
        assert "questionnaire-avant.xlsx" in row["outil"]
        assert (
            "Carnet 04" in row["pourquoi"]
            and "04-inventaire/lacunes.csv" in row["source du constat"]
        )
    e4 = plan[plan["effet"].str.startswith("E4 ")].iloc[0]
    assert e4["outil"].startswith("données existantes")
    share = truth["taux_emploi_formation_6_mois"]
    assert f"sur {share['n_joints']} personnes" in e4["pourquoi"]


@pytest.mark.notebooks
def test_plan_keeps_insertion_transport_measures_comparable():
    truth = load_truth("insertion-transport")["effets"]
    plan = cp.next_year_plan(chain("insertion-transport"))
    e1 = plan[plan["effet"].str.startswith("E1 ")].iloc[0]
    total = truth["permis_poids_lourd"]["total_obtenus"]
    assert f"Permis poids lourd obtenus : {total}" in e1["pourquoi"]
    text = cp.explain_next_year_plan(plan).to_text()
    assert "4 effets déjà mesurés gardent la même définition" in text


def test_plan_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    plan = cp.next_year_plan(ws)
    assert len(plan) == 4
    assert plan.iloc[-1]["à collecter"] == "Situation de départ sur les effets que vous attendez"
    assert "carnets 02 et 06" in plan.iloc[-1]["pourquoi"]
    assert plan.iloc[1]["pourquoi"].startswith("Sans moyen de recontacter les personnes")
    assert "questionnaire avant/après à construire au carnet 07" in plan.iloc[-1]["outil"]
    text = cp.explain_next_year_plan(plan).to_text()
    assert "Le plan compte 4 choses à recueillir dès l'inscription" in text
    assert "Aucun effet n'est encore nommé à mesurer" in text
    _no_english_or_nan(text)
    path = cp.save_next_year_plan(ws)
    assert path.name == cp.PLAN_FILE and path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert (path.parent / cp.PLAN_MARKDOWN).is_file()


def test_reading_of_an_empty_plan():
    text = cp.explain_next_year_plan(pd.DataFrame(columns=list(cp.PLAN_COLUMNS))).to_text()
    assert "Rien à planifier : le plan de collecte est vide." in text


@pytest.mark.notebooks
def test_plan_keeps_the_sound_before_after_of_mobilite_accompagnee():
    truth = load_truth("mobilite-accompagnee")["effets"]
    plan = cp.next_year_plan(chain("mobilite-accompagnee"))
    e2 = plan[plan["effet"].str.startswith("E2 ")].iloc[0]
    pairs, t0 = truth["evolution_isolement_T0_T1"]["n_paires"], truth["repondants_par_vague"]["T0"]
    assert e2["à collecter"] == "Même mesure avant/après sur E2 « Isolement réduit »"
    assert f"{pairs} personnes retrouvées sur {t0}" in e2["pourquoi"]
    assert "Gardez la même question et le même moment" in e2["pourquoi"]

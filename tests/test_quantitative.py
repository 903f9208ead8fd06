"""Step 09's orchestration: the comparisons a workspace allows, their results, the planted
truth of the samples, the readings on all seven samples and on an empty workspace, and the
deliverables (``resultats-par-effet.csv`` read by step 10)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from sizeup_helpers import exploration as ex
from sizeup_helpers import quantitative as q
from sizeup_helpers import reach as rc
from sizeup_helpers.clean_workspace import clean_workspace
from sizeup_helpers.qualitative import STEP09_FILE
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR

SAMPLES = sorted(p.parent.name for p in SAMPLES_DIR.glob("*/structure.yml"))
#: the comparisons each sample's référentiel allows: (indicator, measure, waves)
EXPECTED = {
    "ateliers-emploi": [
        ("IND3", "confiance_en_soi_0_10", "T0 → T1"),
        ("IND5", "confiance_en_soi_0_10", "T0 → T2"),
    ],
    "justice-jeunesse": [
        ("IND3", "score au quiz", "T0 → T1"),
        ("IND4", "score au quiz", "T0 → T2"),
        ("IND5", "previendrait_un_adulte", "T0 → T1"),
    ],
    "mobilite-accompagnee": [("IND5", "score sur 3 questions", "T0 inscription → T1 six mois")],
    "commerce-rural": [],
    "energie-citoyenne": [],
    "formation-batiment": [],
    "insertion-transport": [],
}


def _truth(slug: str) -> dict:
    return json.loads((SAMPLES_DIR / slug / "verite-terrain.json").read_text("utf-8"))["effets"]


@pytest.fixture(scope="module")
def module_home(tmp_path_factory):
    return tmp_path_factory.mktemp("sizeup-home-quantitatif")


@pytest.fixture(autouse=True)
def _one_home(_isolated_home, module_home, monkeypatch):
    monkeypatch.setenv("SIZEUP_HOME", str(module_home))


_CACHE: dict[str, tuple] = {}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """Each sample cleaned once (step 05), then analysed."""

    def get(slug):
        if slug not in _CACHE:
            ws = open_workspace(SAMPLES_DIR / slug, tmp_path_factory.mktemp(slug))
            clean_workspace(ws)
            _CACHE[slug] = (ws, q.run_before_after(ws))
        return _CACHE[slug]

    yield get
    _CACHE.clear()


# --------------------------------------------------------------------------------------
# Wave detection
# --------------------------------------------------------------------------------------
def test_wave_column():
    frame = pd.DataFrame(
        {"code": ["a", "b"], "vague": ["T0 inscription", "T1 six mois"], "x": [1, 2]}
    )
    assert q.wave_column(frame) == "vague"
    assert q.wave_column(frame.assign(vague=["T0", "T0"])) is None
    assert q.wave_column(frame.drop(columns="vague")) is None


# --------------------------------------------------------------------------------------
# Every sample: the plan, the results, the readings
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SAMPLES)
def test_plan_and_readings_on_every_sample(slug, analysed):
    ws, analysis = analysed(slug)
    found = [(c.indicator, c.measure, f"{c.before} → {c.after}") for c in analysis.comparisons]
    assert found == EXPECTED[slug]
    res = analysis.results
    assert list(res.columns) == q.RESULTS_COLUMNS
    assert set(res["sens"]) <= {"favorable", "défavorable", "non concluant"}
    plan = q.explain_plan(analysis.comparisons).to_text()
    text = q.explain_before_after(analysis).to_text()
    ordinal = q.explain_ordinal_and_attrition(analysis).to_text()
    if not EXPECTED[slug]:
        assert "Aucune comparaison avant/après possible" in plan
        assert "Pas de résultat avant/après" in text
        assert "ni réponses ordonnées ni personnes perdues de vue" in ordinal
    else:
        n = len(EXPECTED[slug])
        assert ("1 comparaison avant/après prévue" if n == 1 else f"{n} comparaisons") in plan
        assert "pas un effet attribuable à l'action" in text
        assert "Sens : " in text and "paires sur" in text and "personnes à la première" in text
    # reach and exploration readings, in people and rows
    tables = rc.clean_tables(ws)
    reach = rc.reach_by_table(tables)
    said = rc.explain_reach(reach, rc.reach_funnel(ws, tables)).to_text()
    if reach.empty:
        assert "se compte ici en lignes" in said
    else:
        assert "personnes distinctes" in said or "personne distincte" in said
    hyp = ex.explain_exploration(
        ex.repeat_participation(tables), ex.monthly_activity(tables), ex.reach_by_place(tables)
    ).to_text()
    assert "Hypothèse" in hyp or "Rien à explorer" in hyp
    rates = q.situations_after(ws, tables)
    after = q.explain_situations_after(rates).to_text()
    if slug in ("ateliers-emploi", "insertion-transport", "formation-batiment"):
        assert "à 6 mois" in after and "taux de réponse" in after
        assert "des personnes jointes (intervalle de Wilson à 95" in after
    else:
        assert "Aucun suivi des situations après le programme" in after
    assert "effet démontré" not in hyp.replace("effets démontrés", "")


def test_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    assert q.plan_before_after(ws) == []
    analysis = q.run_before_after(ws)
    assert analysis.results.empty
    assert "Pas de résultat avant/après" in q.explain_before_after(analysis).to_text()
    assert "Aucune comparaison" in q.explain_plan([]).to_text()
    assert q.load_results(ws).columns.tolist() == q.RESULTS_COLUMNS
    tables = rc.clean_tables(ws)
    assert tables == {}
    assert (
        "se compte ici en lignes"
        in rc.explain_reach(rc.reach_by_table(tables), rc.reach_funnel(ws, tables)).to_text()
    )
    assert rc.register_profile(ws, tables).empty
    paths = q.save_quantitative_analysis(analysis, ws)
    assert (ws.step_dir("09") / q.RESULTS_FILE).is_file() and len(paths) == 6
    chart = ws.step_dir("09") / q.REACH_CHART_FILE
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


#: the hypotheses by profile each sample allows (a phrase of the reading), None: nothing
PROFILE_HYPOTHESES = {
    "ateliers-emploi": None,  # answers not linked to the register, atelier_id too varied
    "commerce-rural": None,
    "energie-citoyenne": None,
    "formation-batiment": "selon « statut_administratif », les personnes « Jeune QPV » "
    "abandonnent plus souvent (32 % de 25 personnes) que les personnes « Particulier » "
    "(0 % de 76 personnes)",
    "insertion-transport": None,
    "justice-jeunesse": None,  # the quiz's only category, the class, has 50 values
    "mobilite-accompagnee": "pour l'indicateur IND5 (T0 inscription → T1 six mois), selon "
    "« antenne », le changement moyen (après moins avant) va de -1,17 pour « Poitiers » "
    "(24 paires) à -1,00 pour « Châtellerault » (13 paires)",
}
#: the reference figures each sample is set beside (structures-and-references.md)
REFERENCE_LINES = {
    "insertion-transport": [
        "Part d'hommes : 86,5 % de vos 104 personnes renseignées, au-dessus de la référence "
        "de 62 % chez les salariés en insertion (IAE, France, 2022)",
        "Part de moins de 26 ans : 15,4 % de vos 104 personnes renseignées, en dessous de la "
        "référence de 25 % chez les salariés en insertion",
    ],
    "mobilite-accompagnee": [
        "Part de femmes : 52,4 % de vos 145 personnes renseignées, en dessous de la référence "
        "de 56 à 61 % chez les usagers de PAM Île-de-France",
    ],
}


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("slug", SAMPLES)
def test_profiles_and_reference_on_every_sample(slug, analysed):
    ws, analysis = analysed(slug)
    tables = rc.clean_tables(ws)
    changes = ex.change_by_profile(ws, analysis, tables)
    dropouts = ex.dropout_by_profile(ws, tables)
    assert list(changes.columns) == ex.CHANGE_COLUMNS
    assert list(dropouts.columns) == ex.DROPOUT_COLUMNS
    # a group under the small-cell threshold is never read
    read = changes.dropna(subset=[ex.CHANGE_COLUMNS[6]])
    assert (read[ex.CHANGE_COLUMNS[5]] >= 11).all()
    assert (dropouts.dropna(subset=["part_abandons"])["personnes"] >= 11).all()
    text = _plain(ex.explain_profile_hypotheses(changes, dropouts).to_text())
    expected = PROFILE_HYPOTHESES[slug]
    if expected is None:
        assert "Rien à lire par profil" in text and "Hypothèse" not in text
    else:
        assert expected in text
        assert "Hypothèse à vérifier avec le questionnaire (07) ou les entretiens (08)" in text
        assert "souvent dû au hasard" in text and "pas des effets démontrés" in text
    reference = rc.profile_against_reference(ws, tables)
    said = _plain(rc.explain_reference_profile(reference).to_text())
    if slug in REFERENCE_LINES:
        for line in REFERENCE_LINES[slug]:
            assert line in said
        assert "source : DARES" in said or "source : Institut Paris Région" in said
        assert "pas une preuve de représentativité" in said
    else:
        assert reference.empty and "Pas de chiffre de référence publié" in said
    if slug == "formation-batiment":
        sex = dropouts[dropouts["variable"] == "sexe"].set_index("modalite")
        known = tables["stagiaires"].dropna(subset=["abandon"])["personne_id"].nunique()
        assert sex["personnes"].sum() == known == 137  # each trainee with a known outcome, once


def test_profiles_and_reference_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai", structure_type="Entreprise d'insertion (IAE)")
    analysis = q.run_before_after(ws)
    changes = ex.change_by_profile(ws, analysis)
    dropouts = ex.dropout_by_profile(ws)
    assert changes.empty and dropouts.empty
    text = ex.explain_profile_hypotheses(changes, dropouts).to_text()
    assert "Rien à lire par profil" in text
    reference = rc.profile_against_reference(ws)
    assert reference.empty  # an IAE, but no register to read
    assert "Pas de chiffre de référence" in rc.explain_reference_profile(reference).to_text()


# --------------------------------------------------------------------------------------
# The planted truth
# --------------------------------------------------------------------------------------
def _row(analysis, indicator):
    return analysis.results.set_index("indicateur").loc[indicator]


def _recovered(row, truth, *, exact):
    assert row["ic_bas"] <= truth["difference_moyenne"] <= row["ic_haut"]
    if "effet_plante" in truth:
        assert row["ic_bas"] <= truth["effet_plante"] <= row["ic_haut"]
    if exact:
        assert row["n_paires (personnes)"] == truth["n_paires"]
        assert row["difference_moyenne"] == pytest.approx(truth["difference_moyenne"], abs=1e-6)
        assert row["d_z"] == pytest.approx(truth["d_z"], abs=1e-6)


def test_truth_ateliers_emploi(analysed):
    _, analysis = analysed("ateliers-emploi")
    truth = _truth("ateliers-emploi")
    immediate = _row(analysis, "IND3")
    _recovered(immediate, truth["gain_confiance_T0_T1"], exact=True)
    # T1 the same day: an « effet immédiat déclaré », never an outcome
    assert immediate["sens"] == "non concluant"
    assert immediate["niveau_de_preuve"].startswith("effet immédiat déclaré")
    later = _row(analysis, "IND5")
    _recovered(later, truth["gain_confiance_T0_T2"], exact=False)
    assert later["sens"] == "favorable"
    assert later["n_avant (personnes)"] == truth["repondants_par_vague"]["T0"]


def test_truth_justice_jeunesse(analysed):
    _, analysis = analysed("justice-jeunesse")
    truth = _truth("justice-jeunesse")
    _recovered(_row(analysis, "IND3"), truth["gain_connaissances_T0_T1"], exact=True)
    _recovered(_row(analysis, "IND4"), truth["gain_connaissances_T0_T2"], exact=True)
    assert _row(analysis, "IND4")["sens"] == "favorable"
    pairing = analysis.pairing.set_index("indicateur").loc["IND3"]
    assert pairing["n_pairs"] == truth["appariement_codes_T0_T1"]["codes_apparies"]
    yes_no = _row(analysis, "IND5")
    assert yes_no["type_de_test"].startswith("McNemar")
    assert yes_no["moyenne_apres"] > yes_no["moyenne_avant"]
    assert math.isnan(yes_no["d_z"])


def test_truth_mobilite_accompagnee(analysed):
    _, analysis = analysed("mobilite-accompagnee")
    truth = _truth("mobilite-accompagnee")["evolution_isolement_T0_T1"]
    row = _row(analysis, "IND5")
    _recovered(row, truth, exact=True)
    # less isolation is better (cible: -1)
    assert row["sens"] == "favorable"
    assert row["niveau_de_preuve"] == "changement déclaré, sans groupe de comparaison"
    text = q.explain_before_after(analysis).to_text()
    assert "37 paires sur 54 personnes" in text and "-1,11" in text


def _share(rates, situation):
    return rates.set_index("situation").loc[situation]


def test_truth_situations_after(analysed):
    ws, _ = analysed("insertion-transport")
    rates = q.situations_after(ws)
    truth = _truth("insertion-transport")["emploi_6_mois"]
    job = _share(rates, "emploi")
    assert job["reached"] == truth["repondants"] and job["total"] == truth["sortants_enquetes"]
    assert job["response_rate"] == pytest.approx(truth["taux_reponse"], abs=1e-6)
    assert job["share_reached"] == pytest.approx(truth["part_en_emploi_repondants"], abs=1e-6)
    # a work-integration structure: the DARES figure at 6 months, as context
    assert job["reference"] == truth["reference_dares"]["ensemble"]
    assert job["ci_low"] <= truth["reference_dares"]["ensemble"] <= job["ci_high"]
    text = q.explain_situations_after(rates).to_text()
    assert "contexte, pas une attribution" in text and "DARES" in text
    ws, _ = analysed("ateliers-emploi")
    rates = q.situations_after(ws)
    truth = _truth("ateliers-emploi")["taux_emploi_formation_6_mois"]
    both = rates[rates["situation"].isin(["emploi", "formation"])]
    assert both["reached"].iloc[0] == truth["n_joints"]
    assert both["k"].sum() / truth["n_joints"] == pytest.approx(truth["taux_observe"], abs=1e-6)
    assert rates["reference"].isna().all()  # not a work-integration structure
    ws, _ = analysed("formation-batiment")
    rates = q.situations_after(ws)
    truth = _truth("formation-batiment")["situation_sorties"]["6 mois"]
    job = _share(rates, "emploi")
    assert job["reached"] == truth["repondants"]
    assert job["share_reached"] == pytest.approx(truth["part_emploi_repondants"], abs=1e-6)
    training = _share(rates, "formation")["share_reached"]
    assert training == pytest.approx(truth["part_formation_qualifiante_repondants"], abs=1e-6)
    assert q.situations_after(ws, months=3)["mois"].eq(3).all()


def test_too_few_pairs_is_not_conclusive(analysed):
    _, analysis = analysed("mobilite-accompagnee")
    ws, _ = analysed("mobilite-accompagnee")
    strict = q.run_before_after(ws, analysis.comparisons, min_pairs=40)
    row = strict.results.iloc[0]
    assert row["sens"] == "non concluant"
    assert row["niveau_de_preuve"] == "insuffisant (moins de 40 paires)"


# --------------------------------------------------------------------------------------
# Deliverables
# --------------------------------------------------------------------------------------
def test_saved_results_are_read_by_step10(analysed):
    ws, analysis = analysed("ateliers-emploi")
    paths = q.save_quantitative_analysis(analysis, ws, extra={"portee.csv": pd.DataFrame()})
    names = {p.name for p in paths}
    assert {q.RESULTS_FILE, "appariement.csv", "attrition.csv", "likert.csv"} <= names
    assert {"portee.csv", "analyse-quantitative.md", "likert-ind3-je-me-sens-isole.png"} <= names
    assert q.REACH_CHART_FILE in names
    assert q.RESULTS_FILE == STEP09_FILE
    raw = (ws.step_dir("09") / q.RESULTS_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    saved = q.load_results(ws)
    assert saved[["effet", "sens"]].values.tolist() == [
        ["E1", "non concluant"],
        ["E1", "favorable"],
    ]
    text = q.explain_saved_analysis(paths).to_text()
    assert f"{len(paths)} fichiers écrits" in text
    md = (ws.step_dir("09") / "analyse-quantitative.md").read_text("utf-8")
    assert md.startswith("# Analyse quantitative") and "87 paires sur 119 personnes" in md


def test_points_agree_with_the_difference():
    from sizeup_helpers.before_after import explain_paired_change, paired_change

    small = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6], "b": [1.2, 2.3, 3.1, 4.4, 5.2, 6.3]})
    text = explain_paired_change(paired_change(small, before="a", after="b")).to_text()
    assert "+0,25 point (hausse" in text and "de +0,14 à +0,36 point." in text
    large = small.assign(b=[4, 5, 7, 7, 8, 9])
    text = explain_paired_change(paired_change(large, before="a", after="b")).to_text()
    assert "+3,17 points (hausse" in text and "à +3,6 points." in text

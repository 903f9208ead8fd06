"""Tests of sizeup_helpers.iae_exits: categories of IAE exits, counting rules, rates, reading."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import sizeup_helpers
from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.french import NBSP
from sizeup_helpers.iae_exits import (
    A_CLASSER,
    AUTRES_SORTIES,
    EMPLOI_DURABLE,
    EMPLOI_TRANSITION,
    RETRAIT,
    SORTIES_POSITIVES,
    classify_exits,
    exit_categories,
    exit_rates,
    explain_exit_rates,
)
from sizeup_helpers.workspace import create_workspace, samples_dir

SAMPLES = sorted(p.parent.name for p in samples_dir().glob("*/structure.yml"))
RAW = samples_dir() / "insertion-transport" / "donnees-brutes"
YEAR = ("2024-01-01", "2024-12-31")


def _truth(sample: str = "insertion-transport") -> dict:
    return json.loads((samples_dir() / sample / "verite-terrain.json").read_text("utf-8"))


def _sample_exits() -> pd.DataFrame:
    """The raw contracts with each record's PASS IAE, first hiring date and hours worked."""

    def read(name):
        return pd.read_csv(RAW / name, sep=";", encoding="cp1252", dtype=str)

    contracts, people, hours = (
        read("contrats.csv"),
        read("salaries_iae.csv"),
        read("heures_mensuelles.csv"),
    )
    hours["h"] = pd.to_numeric(hours["nb_heures_travail"].str.replace(",", "."), errors="coerce")
    total = hours.groupby("id_salarie")["h"].sum().rename("heures")
    frame = contracts.merge(
        people[["id_salarie", "pass_iae", "date_premiere_embauche"]], on="id_salarie", how="left"
    ).merge(total, on="id_salarie", how="left")
    frame["heures"] = frame["heures"].fillna(0)
    return frame


def _classify_sample(**kwargs) -> pd.DataFrame:
    return classify_exits(
        _sample_exits(),
        situation="motif_sortie",
        person="pass_iae",
        date="date_sortie_definitive",
        start="date_premiere_embauche",
        hours="heures",
        period=YEAR,
        **kwargs,
    )


def _frame(rows, columns=("personne", "motif", "sortie", "entree", "heures")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _classify(frame, **kwargs) -> pd.DataFrame:
    named = {"situation": "motif", "person": "personne", "date": "sortie"}
    if "entree" in frame.columns:
        named["start"] = "entree"
    if "heures" in frame.columns:
        named["hours"] = "heures"
    return classify_exits(frame, **named, **kwargs)


# --------------------------------------------------------------------------------------
# The planted truth of the sample
# --------------------------------------------------------------------------------------
def test_sample_truth_is_recovered():
    truth = _truth()["effets"]["sorties"]
    out = _classify_sample()
    assert out.attrs["sorties_lues"] >= truth["sorties_brutes_2024"]
    assert len(out) == truth["apres_derniere_par_personne"] == 59
    assert out["personne"].is_unique
    counted = out[out["comptee"]]
    assert len(counted) == truth["sorties_comptees"] == 42
    assert counted["categorie"].value_counts().to_dict() == truth["par_categorie"]
    assert (out["categorie"] == RETRAIT).sum() == truth["retraits"] == 6
    too_short = out[~out["comptee"] & ~out["categorie"].isin([RETRAIT, A_CLASSER])]
    assert len(too_short) == truth["parcours_trop_courts"] == 11
    assert out.attrs["a_classer"] == [] and out.attrs["avertissements"] == []
    rates = exit_rates(out)
    assert rates.at["Sorties dynamiques", "effectif (personnes)"] == truth["sorties_dynamiques"]
    share = rates["part des sorties comptées"]
    assert share["Sorties dynamiques"] == pytest.approx(truth["part_sorties_dynamiques"], abs=1e-6)
    assert share[EMPLOI_DURABLE] == pytest.approx(truth["part_emploi_durable"], abs=1e-6)
    assert share[EMPLOI_TRANSITION] == pytest.approx(truth["part_emploi_transition"], abs=1e-6)
    assert share[SORTIES_POSITIVES] == pytest.approx(truth["part_sorties_positives"], abs=1e-6)
    assert pd.isna(share[RETRAIT])  # retraits are outside the denominator


def test_sample_raw_exits_in_the_year():
    out = classify_exits(
        _sample_exits(),
        situation="motif_sortie",
        person="pass_iae",
        date="date_sortie_definitive",
        period=YEAR,
        min_days=None,
    )
    truth = _truth()["effets"]["sorties"]
    assert len(out) + out.attrs["sorties_anterieures"] == truth["sorties_brutes_2024"]


def test_table_agrees_with_the_sample_and_has_sources():
    rows = exit_categories()
    table = {r["situation"]: r["categorie"] for r in rows}
    for motif, category in _truth()["effets"]["sorties"]["correspondance_motif_categorie"].items():
        assert table[motif] == category
    assert all(r["source"].strip() for r in rows)


def test_public_names():
    assert sizeup_helpers.classify_exits is classify_exits
    assert sizeup_helpers.exit_rates is exit_rates
    assert sizeup_helpers.explain_exit_rates is explain_exit_rates
    assert sizeup_helpers.exit_categories is exit_categories


# --------------------------------------------------------------------------------------
# Counting rules on hand-made frames
# --------------------------------------------------------------------------------------
def test_latest_exit_per_person():
    frame = _frame(
        [
            ["A", "Embauche en CDI non aidé", "01/09/2024", "01/01/2024", 500],
            ["A", "Au chômage", "01/03/2024", "01/01/2024", 300],
            ["B", "Inactif", "15/06/2024", "01/01/2024", 200],
        ]
    )
    out = _classify(frame)
    assert out.set_index("personne")["categorie"].to_dict() == {
        "A": EMPLOI_DURABLE,
        "B": AUTRES_SORTIES,
    }
    assert out.attrs["sorties_anterieures"] == 1
    assert exit_rates(out).at["Sorties comptées", "effectif (personnes)"] == 2


def test_same_day_exits_keep_the_last_row_with_a_warning():
    frame = _frame(
        [
            ["A", "Au chômage", "01/09/2024", "01/01/2024", 500],
            ["A", "Embauche en CDI aidé", "01/09/2024", "01/01/2024", 500],
        ]
    )
    out = _classify(frame)
    assert out["categorie"].tolist() == [EMPLOI_DURABLE]
    assert "1 personne a deux sorties le même jour" in out.attrs["avertissements"][0]


def test_period_leaves_out_other_years():
    frame = _frame(
        [
            ["A", "Au chômage", "31/12/2023", "01/01/2023", 500],
            ["B", "Inactif", "01/01/2024", "01/01/2023", 500],
            ["C", "Inactif", "31/12/2024", "01/01/2023", 500],
        ]
    )
    assert sorted(_classify(frame, period=YEAR)["personne"]) == ["B", "C"]


def test_minimum_time_and_hours():
    frame = _frame(
        [
            ["A", "Au chômage", "31/03/2024", "01/01/2024", 100],  # 90 days
            ["B", "Au chômage", "30/03/2024", "01/01/2024", 100],  # 89 days
            ["C", "Au chômage", "30/06/2024", "01/01/2024", 0],
            ["D", "Au chômage", "30/06/2024", "01/01/2024", None],
        ]
    )
    out = _classify(frame).set_index("personne")
    assert out["comptee"].to_dict() == {"A": True, "B": False, "C": False, "D": False}
    assert "parcours de 89 jours, moins de 90" in out.at["B", "regle"]
    assert "aucune heure travaillée" in out.at["C", "regle"]
    assert "aucune heure enregistrée" in out.at["D", "regle"]
    relaxed = _classify(frame, min_days=None, min_hours=150).set_index("personne")
    assert not relaxed["comptee"].any()
    hours = _frame([["A", "Au chômage", "01/02/2024", "01/01/2024", "150,0"]])
    ai = _classify(hours, min_days=None, min_hours=150)
    assert ai["comptee"].tolist() == [True]
    short = _classify(hours.assign(heures=149), min_days=None, min_hours=150)
    assert "149 heures travaillées, moins de 150" in short.at[0, "regle"]


def test_retraits_leave_the_denominator():
    frame = _frame(
        [
            ["A", "Prise des droits à la retraite", "01/09/2024", "01/01/2024", 500],
            ["B", "Embauche en CDI non aidé", "01/09/2024", "01/01/2024", 500],
        ]
    )
    rates = exit_rates(_classify(frame))
    assert rates.at["Sorties comptées", "effectif (personnes)"] == 1
    assert rates.at[EMPLOI_DURABLE, "part des sorties comptées"] == 1.0
    assert rates.at[RETRAIT, "effectif (personnes)"] == 1


@pytest.mark.parametrize(
    ("months", "durable_at_six", "expected"),
    [
        (6, True, EMPLOI_DURABLE),
        (6, False, EMPLOI_TRANSITION),
        (5.9, True, EMPLOI_TRANSITION),
        (12, False, EMPLOI_DURABLE),
        (None, True, A_CLASSER),
    ],
)
def test_six_month_boundary(months, durable_at_six, expected):
    frame = pd.DataFrame(
        {"personne": ["A"], "motif": ["CDD"], "sortie": ["01/09/2024"], "duree": [months]}
    )
    out = _classify(frame, job_months="duree", boundary_is_durable=durable_at_six)
    assert out.at[0, "categorie"] == expected
    if months == 6:
        assert ("≥ 6 mois" if durable_at_six else "≤ 6 mois") in out.at[0, "regle"]


def test_missing_dates_warn_and_do_not_crash():
    frame = _frame(
        [
            ["A", "Au chômage", "", "01/01/2024", 100],
            ["B", "Au chômage", "pas encore", "01/01/2024", 100],
            ["C", "Inactif", "01/09/2024", None, 100],
            ["D", None, None, "01/01/2024", 100],  # a running contract, not an exit
            [None, "Inactif", "01/09/2024", "01/01/2024", 100],
        ]
    )
    out = _classify(frame)
    assert out["personne"].tolist() == ["C"]
    warnings = out.attrs["avertissements"]
    assert "1 sortie sans personne (colonne « personne » vide)" in warnings[0]
    assert "2 sorties sans date de sortie lisible (2 personnes)" in warnings[1]
    assert "1 personne sans date d'entrée lisible" in warnings[2]
    assert "date d'entrée manquante" in out.at[0, "regle"] and not out.at[0, "comptee"]


def test_unknown_situations_are_listed_not_dropped():
    frame = _frame(
        [
            ["A", "Décès", "01/09/2024", "01/01/2024", 500],
            ["B", "Déménagement", "01/09/2024", "01/01/2024", 500],
            ["C", "  au CHÔMAGE ", "01/09/2024", "01/01/2024", 500],
            ["D", "Décès", "02/09/2024", "01/01/2024", 500],
        ]
    )
    out = _classify(frame)
    assert (out["categorie"] == A_CLASSER).sum() == 3
    assert out.attrs["a_classer"] == ["Décès", "Déménagement"]
    assert out.set_index("personne").at["C", "categorie"] == AUTRES_SORTIES
    assert (
        "3 personnes à classer, 2 situations inconnues de la table : « Décès », « Déménagement »"
        in out.attrs["avertissements"][0]
    )
    text = explain_exit_rates(exit_rates(out), threshold=1).to_text()
    assert "3 personnes à classer : situation absente de la table" in text
    assert "« Décès », « Déménagement »" in text


# --------------------------------------------------------------------------------------
# Bad inputs, in French
# --------------------------------------------------------------------------------------
def test_missing_column_named_in_french():
    frame = _frame([["A", "Au chômage", "01/09/2024", "01/01/2024", 5]])
    with pytest.raises(SizeUpError, match=r"la colonne « motif_sortie » n’existe pas"):
        classify_exits(frame, situation="motif_sortie", person="personne", date="sortie")
    with pytest.raises(SizeUpError, match=r"les colonnes « x », « y » n’existent pas"):
        classify_exits(frame, situation="motif", person="x", date="y")
    with pytest.raises(SizeUpError, match=r"`exit_rates` : la colonne « comptee »"):
        exit_rates(frame.rename(columns={"motif": "categorie"}))


def test_unreadable_dates_and_bad_arguments():
    frame = _frame([["A", "Au chômage", "bientôt", "01/01/2024", 5]])
    with pytest.raises(SizeUpError, match=r"« sortie » \(date de sortie\) ne contient aucune date"):
        _classify(frame.assign(sortie=["bientôt"]).iloc[[0, 0]])
    with pytest.raises(SizeUpError, match=r"« entree » \(date d'entrée\).*JJ/MM/AAAA"):
        _classify(frame.assign(sortie="01/09/2024", entree="hier"))
    with pytest.raises(SizeUpError, match=r"attend un tableau \(DataFrame\).*pas list"):
        classify_exits([], situation="a", person="b", date="c")
    with pytest.raises(SizeUpError, match=r"`min_days` doit être positif"):
        _classify(frame.assign(sortie="01/09/2024"), min_days=-1)


def test_a_bad_table_is_refused(tmp_path):
    bad = tmp_path / "table.csv"
    bad.write_text("situation;categorie;source\nCDI;Super emploi;moi\n", encoding="utf-8")
    with pytest.raises(SizeUpError, match=r"ligne 2 : la catégorie « Super emploi »"):
        exit_categories(bad)
    bad.write_text("situation;categorie;source\nCDI;Emploi durable;\n", encoding="utf-8")
    with pytest.raises(SizeUpError, match=r"ligne 2 : la source manque"):
        exit_categories(bad)
    good = tmp_path / "ok.csv"
    good.write_text("situation;categorie;source\nDécès;Retrait des sorties constatées;CN\n")
    frame = _frame([["A", "Décès", "01/09/2024", "01/01/2024", 5]])
    assert _classify(frame, table=good).at[0, "categorie"] == RETRAIT


# --------------------------------------------------------------------------------------
# The reading
# --------------------------------------------------------------------------------------
def test_reading_on_the_sample():
    r = explain_exit_rates(exit_rates(_classify_sample()))
    text = r.to_text()
    assert r.title == "Sorties de la période : ce que cela veut dire pour vous"
    assert "42 sorties comptées (en personnes" in text
    assert f"- Emploi de transition : 13 personnes, soit 31{NBSP}%." in text
    assert f"- Autres sorties : 14 personnes, soit 33,3{NBSP}%." in text
    assert "- Emploi durable : moins de 11 personnes." in text
    assert "- Sorties positives : moins de 11 personnes." in text
    assert f"28 personnes, soit 66,7{NBSP}%" in text
    assert "9 personnes" not in text and "6 personnes" not in text
    assert "Moins de 11 personnes en « Retrait des sorties constatées »" in text
    assert "11 personnes sorties trop tôt" in text
    assert f"45{NBSP}% des sortants étaient en emploi six mois après" in text
    assert "contexte, pas une attribution" in text
    # exit-time shares are never put beside the national figures six months after
    assert "pas** aux catégories ci-dessus" in r.to_markdown()
    assert "votre part" not in text
    table = r.to_frame()
    assert table.at["Sorties comptées", EMPLOI_DURABLE] == "< 11"
    assert table.at["Sorties comptées", "Total"] == 42
    assert "**42 sorties comptées**" in r.to_markdown()


def test_reading_unsuppressed_and_singular():
    frame = _frame([["A", "Embauche en CDI non aidé", "01/09/2024", "01/01/2024", 500]])
    text = explain_exit_rates(exit_rates(_classify(frame)), threshold=1).to_text()
    assert "1 sortie comptée (en personnes" in text
    assert f"- Emploi durable : 1 personne, soit 100{NBSP}%." in text
    assert f"- Autres sorties : 0 personne, soit 0{NBSP}%." in text
    assert "votre part" not in text  # an exit-time share is compared with nothing
    assert "masqués" not in text


def test_hidden_autres_sorties_hides_the_dynamic_total():
    rows = [[f"P{k}", "Au chômage", "01/09/2024", "01/01/2024", 500] for k in range(3)]
    rows += [
        [f"Q{k}", "Embauche en CDI non aidé", "01/09/2024", "01/01/2024", 5] for k in range(20)
    ]
    text = explain_exit_rates(exit_rates(_classify(_frame(rows)))).to_text()
    assert "- Autres sorties : moins de 11 personnes." in text
    assert "Sorties dynamiques" not in text  # 23 − 3 would give it away
    assert "- Emploi durable : nombre masqué pour protéger une petite case." in text


def test_reading_on_an_empty_table(tmp_path):
    create_workspace(tmp_path / "x", "Essai")
    empty = _frame([])
    r = explain_exit_rates(exit_rates(_classify(empty)))
    text = r.to_text()
    assert "Aucune sortie comptée sur la période : pas de taux à calculer." in text
    assert "contexte, pas une attribution" in text
    assert "nan" not in text.lower()


@pytest.mark.parametrize("sample", SAMPLES)
def test_reading_on_each_sample(sample):
    """Only insertion-transport is a SIAE; the others have no exit table: nothing counted."""
    exits = _truth(sample)["effets"].get("sorties")
    if sample == "insertion-transport":
        classified = _classify_sample()
        assert exits is not None
    else:
        classified = _classify(_frame([]))
    text = explain_exit_rates(exit_rates(classified)).to_text()
    if exits and "sorties_comptees" in exits:
        assert f"{exits['sorties_comptees']} sorties comptées" in text
    else:
        assert "Aucune sortie comptée" in text
    assert "nan" not in text.lower() and ".." not in text


# ---- the workspace's exits (step 06) ---------------------------------------------------
@pytest.fixture(scope="module")
def cleaned_transport(tmp_path_factory):
    """insertion-transport cleaned by step 05 in a temporary copy (its own home)."""
    import os
    import shutil

    from sizeup_helpers.clean_workspace import clean_workspace
    from sizeup_helpers.workspace import open_workspace

    root = tmp_path_factory.mktemp("iae")
    old = os.environ.get("SIZEUP_HOME")
    os.environ["SIZEUP_HOME"] = str(root / "home")
    try:
        ws = open_workspace(shutil.copytree(samples_dir() / "insertion-transport", root / "ws"))
        clean_workspace(ws)
        yield ws
    finally:
        if old is None:
            os.environ.pop("SIZEUP_HOME", None)
        else:
            os.environ["SIZEUP_HOME"] = old


def test_workspace_exits_give_the_planted_counts(cleaned_transport):
    from sizeup_helpers.iae_exits import classify_workspace_exits

    truth = _truth()["effets"]["sorties"]
    classified = classify_workspace_exits(cleaned_transport, period=YEAR)
    rates = exit_rates(classified)
    for category, n in truth["par_categorie"].items():
        assert rates.at[category, "effectif (personnes)"] == n, category
    assert rates.at["Sorties comptées", "effectif (personnes)"] == truth["sorties_comptees"]
    assert rates.at[RETRAIT, "effectif (personnes)"] == truth["retraits"]
    assert (
        rates.at["Non comptées (durée ou heures)", "effectif (personnes)"]
        == (truth["parcours_trop_courts"])
    )
    assert rates.at["Sorties dynamiques", "part des sorties comptées"] == pytest.approx(
        truth["part_sorties_dynamiques"], abs=1e-6
    )
    # the scope's period (step 03) is the default; here the ws has none: every exit is read
    everything = exit_rates(classify_workspace_exits(cleaned_transport))
    assert everything.at["Sorties comptées", "effectif (personnes)"] >= truth["sorties_comptees"]


def test_every_exit_instead_of_the_latest_counts_exits(cleaned_transport):
    from sizeup_helpers.iae_exits import classify_workspace_exits

    every = classify_workspace_exits(cleaned_transport, period=YEAR, latest_only=False)
    assert len(every) == _truth()["effets"]["sorties"]["sorties_brutes_2024"]
    rates = exit_rates(every)
    assert rates.attrs["une_sortie_par_personne"] is False
    text = explain_exit_rates(rates).to_text()
    assert "toutes les sorties de la période, une personne pouvant compter deux fois" in text
    stricter = exit_rates(classify_workspace_exits(cleaned_transport, period=YEAR, min_days=365))
    assert stricter.at["Sorties comptées", "effectif (personnes)"] < 42


def test_published_exit_table_hides_small_cells(cleaned_transport, tmp_path):
    from sizeup_helpers.iae_exits import EXITS_FILE, classify_workspace_exits, save_exit_rates

    rates = exit_rates(classify_workspace_exits(cleaned_transport, period=YEAR))
    path = save_exit_rates(cleaned_transport, rates)
    assert path.name == EXITS_FILE and path.parent == cleaned_transport.step_dir("06")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    shown = dict(zip(table["categorie"], table["effectif (personnes)"], strict=True))
    assert shown[EMPLOI_DURABLE] == "< 11" and shown[SORTIES_POSITIVES] == "< 11"
    assert shown[EMPLOI_TRANSITION] == "13" and shown["Sorties comptées"] == "42"
    assert shown["Sorties dynamiques"] == "28"
    assert shown[RETRAIT] == "< 11"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s != "insertion-transport"])
def test_structures_without_exits_are_told_it_does_not_apply(sample, tmp_path):
    from sizeup_helpers.iae_exits import classify_workspace_exits, save_exit_rates
    from sizeup_helpers.workspace import open_workspace

    ws = open_workspace(samples_dir() / sample, tmp_path / "sorties")
    classified = classify_workspace_exits(ws)
    assert classified is None and exit_rates(classified) is None
    assert save_exit_rates(ws, None) is None
    text = explain_exit_rates(None).to_text()
    assert "Cette section ne s'applique pas à votre structure" in text
    empty = create_workspace(tmp_path / "x", "Essai")
    assert classify_workspace_exits(empty) is None

"""Step 09, who and how many: rows and people, the funnel, the profile with small cells
hidden, and its reading (the seven samples are read in ``test_quantitative.py``)."""

from __future__ import annotations

import importlib

import pandas as pd

from sizeup_helpers import reach as rc
from sizeup_helpers.workspace import create_workspace


def _tables():
    people = [f"P-{i:03d}" for i in range(30)]
    return {
        "inscriptions": pd.DataFrame(
            {
                "personne_id": people + people[:5],
                "sexe": ["F"] * 20 + ["H"] * 8 + ["X"] * 2 + ["F"] * 5,
            }
        ),
        "presences": pd.DataFrame(
            {
                "personne_id": people[:12] + people[:3],
                "present": pd.array([True] * 10 + [False] * 5, dtype="boolean"),
            }
        ),
        "ateliers": pd.DataFrame({"atelier_id": ["A1", "A2"]}),
    }


def test_reach_by_table_in_rows_and_people():
    reach = rc.reach_by_table(_tables())
    assert reach.to_dict("records") == [
        {"table": "inscriptions", "lignes": 35, "personnes": 30, "lignes_par_personne": 1.17},
        {"table": "presences", "lignes": 15, "personnes": 12, "lignes_par_personne": 1.25},
    ]
    text = rc.explain_reach(reach, pd.DataFrame(columns=["etape"])).to_text()
    assert "« inscriptions » : 35 lignes pour 30 personnes distinctes." in text
    one = pd.DataFrame([{"table": "t", "lignes": 1, "personnes": 1}])
    assert (
        "« t » : 1 ligne pour 1 personne distincte."
        in rc.explain_reach(one, pd.DataFrame(columns=["etape"])).to_text()
    )


def test_funnel_and_profile(tmp_path, monkeypatch):
    ws = create_workspace(tmp_path / "x", "Essai")
    module = importlib.import_module("sizeup_helpers.clean_workspace")
    monkeypatch.setattr(module, "register_role", lambda ws: "inscriptions")
    funnel = rc.reach_funnel(ws, _tables())
    assert funnel["personnes"].tolist() == [30, 10]
    assert funnel["part_du_registre"].tolist() == [1.0, 10 / 30]
    text = rc.explain_reach(rc.reach_by_table(_tables()), funnel).to_text()
    assert "Personnes venues au moins une fois : 10 personnes, soit 33,3" in text
    profile = rc.register_profile(ws, _tables(), small_cell_threshold=11)
    sex = profile[profile["variable"] == "sexe"].set_index("modalite")
    # 8 men and 2 « X » are under 11: both hidden, the 20 women shown
    assert sex.loc["F", "personnes"] == "20"
    assert sex.loc["H", "personnes"] == "< 11" and sex.loc["X", "personnes"] == "< 11"
    assert pd.isna(sex.loc["H", "part"]) and sex.loc["F", "part_sur_tous"] == round(20 / 30, 4)
    shown = rc.register_profile(ws, _tables(), small_cell_threshold=2)
    shown = shown[shown["variable"] == "sexe"].set_index("modalite")
    assert shown.loc["H", "personnes"] == "8" and shown.loc["X", "personnes"] == "2"


def test_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    assert rc.clean_tables(ws) == {}
    assert rc.reach_funnel(ws).empty and rc.register_profile(ws).empty
    text = rc.explain_reach(rc.reach_by_table({}), rc.reach_funnel(ws)).to_text()
    assert "se compte ici en lignes" in text


def test_profile_against_a_published_reference(tmp_path, monkeypatch):
    ws = create_workspace(tmp_path / "x", "Essai", structure_type="Entreprise d'insertion (IAE)")
    module = importlib.import_module("sizeup_helpers.clean_workspace")
    monkeypatch.setattr(module, "register_role", lambda ws: "salaries")
    people = [f"P-{i:02d}" for i in range(20)]
    tables = {
        "salaries": pd.DataFrame(
            {
                "personne_id": people,
                "civilite": ["M."] * 15 + ["Mme"] * 5,
                "tranche_age": ["18 à 25 ans"] + [None] * 19,
            }
        )
    }
    figures = rc.reference_figures()
    assert {"source", "note_de_reference"} <= set(figures.columns)
    assert figures["source"].str.len().gt(20).all()  # every figure cites its publication
    ref = rc.profile_against_reference(ws, tables).set_index("indicateur")
    assert ref.loc["part d'hommes", "part_structure"] == 0.75
    assert ref.loc["part d'hommes", "reference"].replace("\xa0", " ") == "62 %"
    assert pd.isna(ref.loc["part de moins de 26 ans", "part_structure"])  # 1 person only
    text = rc.explain_reference_profile(ref.reset_index()).to_text().replace("\xa0", " ")
    assert "Part d'hommes : 75 % de vos 20 personnes renseignées, au-dessus de la référence" in text
    assert "source : DARES Résultats" in text
    assert "trop peu de personnes renseignées (1 personne) pour une part" in text
    assert "pas une preuve de représentativité" in text
    other = create_workspace(tmp_path / "y", "Essai", structure_type="Épicerie solidaire")
    assert rc.profile_against_reference(other, tables).empty

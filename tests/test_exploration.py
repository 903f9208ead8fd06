"""Step 09, what else the data says: repeat participation, months, places, each stated as
a hypothesis (the seven samples are read in ``test_quantitative.py``)."""

from __future__ import annotations

import pandas as pd

from sizeup_helpers import exploration as ex


def _tables():
    people = [f"P-{i:02d}" for i in range(40)]
    dates = pd.to_datetime(["2025-01-15"] * 30 + ["2025-02-10"] * 12 + ["2025-03-03"] * 8)
    return {
        "presences": pd.DataFrame(
            {
                "personne_id": people + people[:10],
                "date": dates,
                "ville": ["Lyon"] * 30 + ["Bron"] * 12 + ["Vaulx"] * 8,
            }
        ),
        "questionnaire": pd.DataFrame(
            {"personne_id": people[:4] * 2, "vague": ["T0"] * 4 + ["T1"] * 4}
        ),
        "sans_personnes": pd.DataFrame({"x": [1, 2]}),
    }


def test_repeat_participation_leaves_waves_out():
    rep = ex.repeat_participation(_tables())
    assert set(rep["table"]) == {"presences"}
    assert rep["personnes"].tolist() == [30, 10, 0]
    assert rep["part"].tolist() == [0.75, 0.25, 0.0]


def test_monthly_activity_in_rows_and_people():
    monthly = ex.monthly_activity(_tables())
    assert monthly["mois"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert monthly["lignes"].tolist() == [30, 12, 8]
    assert monthly["personnes"].tolist() == [30, 12, 8]


def test_places_hide_small_cells():
    places = ex.reach_by_place(_tables(), small_cell_threshold=11).set_index("lieu")
    # each person counted once, at her last place: Lyon 20, Bron 12, Vaulx 8
    assert places.loc["Lyon", "personnes"] == "20"
    assert places.loc["Vaulx", "personnes"] == "< 11"
    assert places.loc["Bron", "personnes"] == "s"  # secondary suppression
    assert places.loc["Total", "personnes"] == "40"


def test_findings_are_hypotheses():
    t = _tables()
    text = ex.explain_exploration(
        ex.repeat_participation(t), ex.monthly_activity(t), ex.reach_by_place(t)
    ).to_text()
    assert "Hypothèse : dans « presences », 10 personnes reviennent" in text
    assert "soit 25 % des 40 personnes" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert (
        "le mois le plus chargé est 2025-01 (30 lignes), le plus creux 2025-03 (8 lignes)" in text
    )
    assert "« Lyon » regroupe le plus de personnes (20)" in text
    assert "Ce sont des pistes, pas des effets démontrés" in text
    one = {"t": pd.DataFrame({"personne_id": ["a", "b", "b"]})}
    said = ex.explain_exploration(
        ex.repeat_participation(one), ex.monthly_activity(one), ex.reach_by_place(one)
    ).to_text()
    assert "1 personne revient (plus d'une ligne), soit 50 % des 2 personnes" in said.replace(
        "\xa0", " "
    ).replace("\u202f", " ")


def test_nothing_to_explore():
    empty = {}
    text = ex.explain_exploration(
        ex.repeat_participation(empty), ex.monthly_activity(empty), ex.reach_by_place(empty)
    ).to_text()
    assert "Rien à explorer de plus ici" in text


def test_attendance_by_profile(tmp_path, monkeypatch):
    import importlib

    from sizeup_helpers.workspace import create_workspace

    ws = create_workspace(tmp_path / "x", "Essai")
    module = importlib.import_module("sizeup_helpers.clean_workspace")
    monkeypatch.setattr(module, "register_role", lambda ws: "inscriptions")
    people = [f"P-{i:02d}" for i in range(50)]
    tables = {
        "inscriptions": pd.DataFrame(
            {"personne_id": people, "qpv": [True] * 20 + [False] * 25 + [None] * 5}
        ),
        # 12 of the 20 QPV residents came, 20 of the 25 others
        "presences": pd.DataFrame(
            {
                "personne_id": people[:12] + people[20:40],
                "present": pd.array([True] * 32, dtype="boolean"),
            }
        ),
    }
    profiles = ex.attendance_by_profile(ws, tables, small_cell_threshold=11)
    qpv = profiles.set_index("modalite")
    assert qpv.loc["True", "personnes"] == 20 and qpv.loc["True", "venues"] == 12
    assert qpv.loc["False", "part_venues"] == 0.8
    text = ex.explain_exploration(
        ex.repeat_participation({}), ex.monthly_activity({}), ex.reach_by_place({}), profiles
    ).to_text()
    assert "selon « qpv », les personnes « True » viennent moins souvent au moins une fois" in text
    assert "(60 % de 20 personnes)" in text.replace("\xa0", " ").replace("\u202f", " ")
    # a group under the threshold is neither published nor read
    hidden = ex.attendance_by_profile(ws, tables, small_cell_threshold=21).set_index("modalite")
    assert hidden["part_venues"].isna().all() and hidden["venues"].isna().all()
    assert (
        "Hypothèse"
        not in ex.explain_exploration(
            ex.repeat_participation({}),
            ex.monthly_activity({}),
            ex.reach_by_place({}),
            ex.attendance_by_profile(ws, tables, small_cell_threshold=21),
        ).to_text()
    )
    assert ex.attendance_by_profile(ws, {"inscriptions": tables["inscriptions"]}).empty


# --------------------------------------------------------------------------------------
# Profiles that change most or drop out most
# --------------------------------------------------------------------------------------
def _profile_tables():
    people = [f"P-{i:02d}" for i in range(24)]
    sexe = ["F"] * 12 + ["H"] * 11 + ["X"]
    return {
        "inscriptions": pd.DataFrame(
            {
                "personne_id": people,
                "sexe": sexe,
                "abandon": pd.array([True] * 6 + [False] * 6 + [True] + [False] * 11, "boolean"),
            }
        ),
        "questionnaire": pd.DataFrame(
            {
                "personne_id": people * 2,
                "vague": ["T0"] * 24 + ["T1"] * 24,
                "score": pd.array([3] * 24 + [5] * 12 + [3] * 12, dtype="Int64"),
            }
        ),
    }


def _register(monkeypatch, role="inscriptions"):
    import importlib

    module = importlib.import_module("sizeup_helpers.clean_workspace")
    monkeypatch.setattr(module, "register_role", lambda ws: role)


def test_change_by_profile_reads_groups_of_eleven_pairs(tmp_path, monkeypatch):
    from sizeup_helpers.quantitative import Comparison, QuantitativeAnalysis
    from sizeup_helpers.workspace import create_workspace

    _register(monkeypatch)
    ws = create_workspace(tmp_path / "x", "Essai")
    plan = Comparison(
        "IND1", "Confiance", "confiance", "questionnaire", "vague", "personne_id", "T0", "T1",
        "score", "score",
    )  # fmt: skip
    analysis = QuantitativeAnalysis(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
                                    pd.DataFrame(), [plan])  # fmt: skip
    changes = ex.change_by_profile(ws, analysis, _profile_tables()).set_index("modalite")
    assert changes.loc["F", "paires (personnes)"] == 12
    assert changes.loc["F", ex.CHANGE_COLUMNS[6]] == 2.0
    assert changes.loc["H", ex.CHANGE_COLUMNS[6]] == 0.0
    assert pd.isna(changes.loc["X", ex.CHANGE_COLUMNS[6]])  # one pair: not read
    dropouts = ex.dropout_by_profile(ws, _profile_tables()).set_index("modalite")
    assert dropouts.loc["F", "part_abandons"] == 0.5 and dropouts.loc["H", "abandons"] == 1
    text = ex.explain_profile_hypotheses(changes.reset_index(), dropouts.reset_index())
    text = text.to_text().replace("\u202f", " ").replace("\xa0", " ")
    assert (
        "Hypothèse à vérifier avec le questionnaire (07) ou les entretiens (08) : pour "
        "l'indicateur IND1 (T0 → T1), selon « sexe », le changement moyen (après moins avant) "
        "va de 0,00 pour « H » (11 paires) à +2,00 pour « F » (12 paires)."
    ) in text
    assert (
        "dans « inscriptions », selon « sexe », les personnes « F » abandonnent plus souvent "
        "(50 % de 12 personnes) que les personnes « H » (9,1 % de 11 personnes)."
    ) in text
    assert "souvent dû au hasard" in text


def test_profile_hypotheses_with_nothing_to_read(tmp_path, monkeypatch):
    from sizeup_helpers.workspace import create_workspace

    _register(monkeypatch)
    ws = create_workspace(tmp_path / "x", "Essai")
    tables = _profile_tables()
    tables["inscriptions"] = tables["inscriptions"].assign(sexe="F")  # one group only
    dropouts = ex.dropout_by_profile(ws, tables)
    assert dropouts.empty  # a single value is not a profile
    empty = pd.DataFrame(columns=ex.CHANGE_COLUMNS)
    text = ex.explain_profile_hypotheses(empty, dropouts).to_text()
    assert text.startswith("Profils") and "Rien à lire par profil" in text

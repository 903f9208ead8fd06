"""Step 12's ``results.json`` (:mod:`sizeup_helpers.results`).

Fast tests build step folders by hand in an empty workspace; the ``notebooks`` tests run
the chain 00–11 once on a sample and check the figures against the saved deliverables.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sizeup_helpers import results as r
from sizeup_helpers.errors import ResultsError
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR


# --------------------------------------------------------------------------------------
# Hand-built workspaces (fast)
# --------------------------------------------------------------------------------------
@pytest.fixture
def empty_ws(tmp_path):
    return create_workspace(tmp_path / "x", "Essai", year=2025)


def test_empty_workspace_has_every_step_missing(empty_ws):
    res = r.collect_results(empty_ws)
    assert res["schema"] == "sizeup-results"
    assert res["schema_version"] == 1
    assert res["structure"] == {"name": "Essai", "slug": "essai", "year": 2025}
    assert res["fictional"] is False
    assert res["missing_steps"] == ["06", "09", "10", "11"]
    assert res["steps_run"] == []
    for key in ("indicators", "quantitative", "qualitative", "valuation", "reach"):
        assert key not in res
    assert res["findings"] == []
    assert res["framing"]["promise"] == [
        "Pas encore de théorie du changement : la promesse reste à écrire (carnet 02)."
    ]
    assert res["framing"]["appropriation"][-1].startswith("Prochaine étape")
    path = r.save_results(empty_ws)
    assert path == empty_ws.step_dir("12") / "results.json"
    assert r.load_results_json(path) == res


def test_saved_text_is_sorted_indented_utf8_and_stable(empty_ws):
    first = r.save_results(empty_ws).read_bytes()
    second = r.save_results(empty_ws).read_bytes()
    assert first == second
    text = first.decode("utf-8")
    assert text.endswith("}\n") and '\n  "missing_steps"' in text
    keys = list(json.loads(text))
    assert keys == sorted(keys)
    res = r.collect_results(empty_ws)
    res["structure"]["name"] = "Élan"
    assert '"Élan"' in r.results_text(res)


def test_number_rounding():
    assert r.number("104.0") == 104 and isinstance(r.number("104.0"), int)
    assert r.number("0.123456") == 0.1235
    assert r.number("2,5") == 2.5
    assert r.number("") is None and r.number("nan") is None and r.number("abc") is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{pas du json", "n'est pas un JSON lisible"),
        ('{"a": 1}', "n'est pas un fichier de résultats Size Up"),
        ("[1, 2]", "clé « schema »"),
        ('{"schema": "sizeup-results", "schema_version": 99}', "version de schéma 99"),
    ],
)
def test_bad_or_foreign_json_is_refused_in_french(tmp_path, content, expected):
    path = tmp_path / "resultats-2024.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResultsError) as err:
        r.load_results_json(path)
    assert "resultats-2024.json" in str(err.value)
    assert expected in str(err.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ResultsError, match="introuvable"):
        r.load_results_json(tmp_path / "absent.json")


def _write(ws, step, name, frame):
    ws.write_csv(ws.step_dir(step) / name, pd.DataFrame(frame), bom=True)


def test_sroi_valuation_and_quantitative_from_hand_built_folders(empty_ws):
    _write(
        empty_ws,
        "11",
        "carte-de-valeur.csv",
        {
            "partie prenante": ["Salariés"],
            "effet": ["Emploi"],
            "quantité": [10.0],
            "poids": [2.0],
            "quantité après ajustements": [5.0],
            "score pondéré": [10.0],
            "part du total": [1.0],
        },
    )
    _write(
        empty_ws,
        "11",
        "valeur-par-annee.csv",
        {
            "ligne": [0, 1],
            "valeur actuelle (€)": [1000.123456, 400.0],
            "transfert": [False, True],
        },
    )
    _write(
        empty_ws,
        "11",
        "sensibilite.csv",
        {
            "hypothèse": ["proxys financiers", "attribution"],
            "variation": ["facteur", "écart"],
            "valeur basse": [0.5, -0.25],
            "valeur haute": [1.5, 0.25],
            "ratio (bas)": [0.2, 0.6],
            "ratio (haut)": [0.6, 0.1],
        },
    )
    _write(
        empty_ws,
        "09",
        "resultats-par-effet.csv",
        {
            "effet": ["E1"],
            "sens": ["hausse"],
            "indicateur": ["Confiance en soi"],
            "mesure": ["score sur 5"],
            "table": ["enquete"],
            "vagues": ["T1 → T2"],
            "type_de_test": ["t apparié"],
            "n_paires (personnes)": [12],
            "n_avant (personnes)": [15],
            "moyenne_avant": [2.5],
            "moyenne_apres": [3.25],
            "difference_moyenne": [0.75],
            "ic_bas": [0.3],
            "ic_haut": [1.2],
            "d_z": [0.812345],
            "p_value": [0.004321],
            "p_wilcoxon": [""],
            "niveau_de_preuve": ["avant/après"],
        },
    )
    res = r.collect_results(empty_ws)
    assert res["missing_steps"] == ["06", "10"]
    assert res["steps_run"] == ["09", "11"]
    val = res["valuation"]
    assert val["mode"] == "SROI"
    assert val["ratio"] == 0.4
    assert (val["ratio_low"], val["ratio_high"]) == (0.1, 0.6)
    assert val["present_value"] == 1000.1235 and val["transfer_value"] == 400
    assert val["value_unit"] == "€"
    assert val["value_map"]["salaries.emploi"]["weight"] == 2
    quanti = res["quantitative"]["e1.confiance-en-soi.score-sur-5"]
    assert quanti["n_pairs"] == 12 and quanti["n_unit"] == "personnes"
    assert quanti["d_z"] == 0.8123 and quanti["p_wilcoxon"] is None
    assert quanti["p_value"] == 0.004321
    assert quanti["level_of_evidence"] == "avant/après"
    assert quanti["direction"] == "hausse"
    assert "reach" not in res
    (finding,) = res["findings"]
    assert finding["key"] == "quantitative.e1.confiance-en-soi.score-sur-5"
    assert finding["n"] == 12 and finding["n_unit"] == "personnes"
    assert finding["figure"] == 0.75 and finding["unit"] == "points"
    assert finding["level_of_evidence"] == "avant/après" and not finding["suppressed"]
    assert finding["text"].startswith("E1 : +0,8 point en moyenne (T1 → T2")
    assert "chez 12 personnes" in finding["text"]


def test_findings_carry_no_identifier_and_small_ones_are_hidden(empty_ws):
    row = {
        "effet": ["E1", "E2"],
        "sens": ["favorable", "favorable"],
        "indicateur": ["Confiance", "Isolement"],
        "mesure": ["score", "score"],
        "table": ["enquete", "enquete"],
        "vagues": ["T1 → T2 (lea.martin@exemple.fr)", "T1 → T2"],
        "type_de_test": ["t apparié", "t apparié"],
        "n_paires (personnes)": [30, 7],
        "n_avant (personnes)": [30, 9],
        "moyenne_avant": [2.5, 3.0],
        "moyenne_apres": [3.25, 2.0],
        "difference_moyenne": [0.75, -1.0],
        "ic_bas": [0.3, -2.0],
        "ic_haut": [1.2, 0.0],
        "d_z": [0.8, -0.5],
        "p_value": [0.004, 0.2],
        "p_wilcoxon": ["", ""],
        "niveau_de_preuve": ["avant/après", "avant/après"],
    }
    _write(empty_ws, "09", "resultats-par-effet.csv", row)
    res = r.collect_results(empty_ws)
    text = json.dumps([res["findings"], res["framing"]], ensure_ascii=False)
    assert "lea.martin" not in text and "exemple.fr" not in text and "(masqué)" in text
    small = [f for f in res["findings"] if f["suppressed"]]
    assert len(small) == 1 and small[0]["n"] is None and small[0]["figure"] is None
    assert "moins de 11 personnes" in small[0]["text"] and "-1" not in small[0]["text"]


def test_reach_from_the_funnel_or_else_the_widest_table(empty_ws):
    _write(
        empty_ws,
        "09",
        "portee.csv",
        {"table": ["ateliers", "inscriptions"], "lignes": [80, 50], "personnes": [20, 45]},
    )
    reach = r.collect_results(empty_ws)["reach"]
    assert reach["people"] == 45 and reach["unit"] == "personnes" and reach["funnel"] == []
    assert reach["source"] == "09-analyse-quantitative/portee.csv"
    assert "« inscriptions »" in reach["definition"]
    _write(
        empty_ws,
        "09",
        "entonnoir.csv",
        {
            "etape": ["personnes connues (registre)", "personnes venues au moins une fois"],
            "personnes": [45, 30],
            "part_du_registre": [1.0, 0.6667],
            "part_etape_precedente": [1.0, 0.6667],
            "source": ["inscriptions", "ateliers"],
        },
    )
    res = r.collect_results(empty_ws)
    assert res["reach"]["people"] == 45
    assert res["reach"]["source"] == "09-analyse-quantitative/entonnoir.csv"
    assert res["reach"]["funnel"][1] == {
        "label": "personnes venues au moins une fois",
        "people": 30,
        "table": "ateliers",
    }
    assert res["missing_steps"] == ["06", "09", "10", "11"]  # no comparison saved
    assert "quantitative" not in res


# --------------------------------------------------------------------------------------
# Year on year
# --------------------------------------------------------------------------------------
def _results(**indicators):
    return {
        "schema": "sizeup-results",
        "schema_version": 1,
        "indicators": {
            key: {"label": label, "unit": unit, "value": value, "definition": d, "formula": ""}
            for key, (label, unit, value, d) in indicators.items()
        },
    }


def test_compare_years_caveats():
    before = _results(
        IND1=("Personnes accompagnées", "personnes", 100, "inscrits"),
        IND2=("Heures", "heures", 500, "heures payées"),
        IND3=("Sorties", "%", 50.0, "sorties"),
        IND4=("Ancien", "personnes", 3, "x"),
    )
    now = _results(
        IND1=("Personnes accompagnées", "personnes", 104, "inscrits"),
        IND2=("Heures", "heures", 550, "heures travaillées"),
        IND3=("Sorties", "personnes", 12, "sorties"),
        IND5=("Nouveau", "personnes", 7, "y"),
    )
    table = r.compare_years(now, before)
    assert list(table.columns) == r.YEAR_COLUMNS
    rows = table.set_index("clé")
    assert rows.loc["indicators.IND1", "évolution"] == 4
    assert rows.loc["indicators.IND1", "précaution"] == ""
    assert rows.loc["indicators.IND2", "précaution"] == "définition modifiée"
    assert rows.loc["indicators.IND3", "précaution"] == "unité modifiée"
    assert pd.isna(rows.loc["indicators.IND3", "évolution"])
    assert rows.loc["indicators.IND4", "précaution"] == "non comparable"
    assert rows.loc["indicators.IND5", "précaution"] == "non comparable"
    text = r.explain_year_on_year(table).to_text()
    assert "1 chiffre se compare d'une année sur l'autre" in text
    assert "- Personnes accompagnées : 100 → 104 personnes (+4)." in text
    assert "1 chiffre à part (définition modifiée)" in text
    assert "2 chiffres à part (non comparable)" in text
    assert "« Ancien », « Nouveau »" in text
    assert "n'est pas un effet de l'action" in text


def test_explain_year_on_year_plural_and_nothing_to_compare():
    a = _results(IND1=("A", "personnes", 1, "d"), IND2=("B", "%", 12.5, "d"))
    b = _results(IND1=("A", "personnes", 1, "d"), IND2=("B", "%", 10.25, "d"))
    text = r.explain_year_on_year(r.compare_years(b, a)).to_text()
    assert "2 chiffres se comparent" in text
    assert "- A : 1 → 1 personnes (stable)." in text
    assert "12,5 → 10,25 % (-2,25)" in text
    empty = r.explain_year_on_year(r.compare_years(_results(), _results())).to_text()
    assert "Rien à comparer : aucun chiffre n'est commun" in empty
    moved = r.compare_years(_results(IND1=("A", "p", 1, "x")), _results(IND1=("A", "p", 1, "y")))
    assert "aucun chiffre n'a la même définition" in r.explain_year_on_year(moved).to_text()


def test_empty_workspaces_compare_to_nothing(empty_ws, tmp_path):
    other = create_workspace(tmp_path / "y", "Essai", year=2024)
    table = r.compare_years(r.collect_results(empty_ws), r.collect_results(other))
    assert table.empty
    assert "Rien à comparer" in r.explain_year_on_year(table).to_text()


# --------------------------------------------------------------------------------------
# The real chain (one run, ~45 s)
# --------------------------------------------------------------------------------------
def _run_chain(tmp_path_factory, slug):
    from sizeup_helpers.runner import run_curriculum

    out = tmp_path_factory.mktemp("results") / "sorties"
    run = run_curriculum(SAMPLES_DIR / slug, output_dir=out, steps="00-11", progress=False)
    assert all(s.status == "réussie" for s in run.results), run.results
    return open_workspace(SAMPLES_DIR / slug, output_dir=out)


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return _run_chain(tmp_path_factory, "insertion-transport")


@pytest.fixture(scope="module")
def chain_with_waves(tmp_path_factory):
    return _run_chain(tmp_path_factory, "ateliers-emploi")


def _csv(ws, step, name):
    path = ws.step_dir(step, create=False) / name
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.notebooks
def test_chain_results_match_the_deliverables(chain):
    res = r.collect_results(chain)
    assert res["structure"]["year"] == 2024
    assert res["fictional"] is True
    assert res["steps_run"] == [f"{i:02d}" for i in range(12)]
    assert res["missing_steps"] == []
    ind1 = res["indicators"]["IND1"]
    assert ind1["value"] == 104 and ind1["unit"] == "personnes"
    assert ind1["n"] == 104 and ind1["n_unit"] == "personnes"
    assert ind1["target"] == 100 and ind1["status"] == "cible atteinte"
    for row in _csv(chain, "06", "referentiel-indicateurs.csv").to_dict("records"):
        got = res["indicators"][row["Identifiant"]]
        assert got["value"] == r.number(row["Valeur"])
        assert got["unit"] == row["Unité"] and got["status"] == row["Statut"]
    for row in _csv(chain, "10", "triangulation.csv").to_dict("records"):
        got = res["qualitative"]["triangulation"][row["effet"]]
        assert got["people_for"] == int(row["personnes_pour"])
        assert got["agreement"] == row["concordance"]
    for row in _csv(chain, "10", "themes-par-effet.csv").to_dict("records"):
        assert res["qualitative"]["themes"][row["code"]]["people"] == int(row["personnes"])
    value_map = _csv(chain, "11", "carte-de-valeur.csv")
    assert res["valuation"]["mode"] == "carte de valeur"
    assert len(res["valuation"]["value_map"]) == len(value_map)
    assert res["quantitative"] == {} or all("n_pairs" in q for q in res["quantitative"].values())
    funnel = _csv(chain, "09", "entonnoir.csv")
    assert res["reach"]["people"] == int(funnel["personnes"].iloc[0])
    assert [s["people"] for s in res["reach"]["funnel"]] == [int(x) for x in funnel["personnes"]]
    texts = [f["text"] for f in res["findings"]]
    assert texts and any("104 personnes" in t for t in texts)
    assert res["framing"]["promise"][0].startswith("Le problème : ")


@pytest.mark.notebooks
def test_chain_results_json_is_byte_identical_and_clean(chain):
    path = r.save_results(chain)
    first = path.read_bytes()
    assert r.save_results(chain).read_bytes() == first
    text = first.decode("utf-8")
    assert str(chain.output_dir) not in text and str(SAMPLES_DIR) not in text
    assert "/tmp" not in text and "2026-" not in text
    loaded = r.load_results_json(path)
    table = r.compare_years(loaded, loaded)
    assert (table["précaution"] == "").all() and (table["évolution"] == 0).all()
    assert "n'est pas un effet" in r.explain_year_on_year(table).to_text()


@pytest.mark.notebooks
def test_chain_quantitative_results_match_step_09(chain_with_waves):
    res = r.collect_results(chain_with_waves)
    table = _csv(chain_with_waves, "09", "resultats-par-effet.csv")
    assert len(table) >= 1 and len(res["quantitative"]) == len(table)
    by_indicator = {q["indicator"]: q for q in res["quantitative"].values()}
    for row in table.to_dict("records"):
        got = by_indicator[row["indicateur"]]
        assert got["n_pairs"] == int(row["n_paires (personnes)"])
        assert got["n_unit"] == "personnes"
        assert got["mean_difference"] == r.number(row["difference_moyenne"])
        assert got["ci_low"] == r.number(row["ic_bas"])
        assert got["p_value"] == r.number(row["p_value"], 6)
        assert got["level_of_evidence"] == row["niveau_de_preuve"]
        assert got["direction"] == row["sens"]
    path = r.save_results(chain_with_waves)
    assert r.save_results(chain_with_waves).read_bytes() == path.read_bytes()

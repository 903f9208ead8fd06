"""Step 12's claims (:mod:`sizeup_helpers.claims`): findings with their level of evidence,
small cells in people, « ce que nous ne pouvons pas dire », promise / proof / appropriation.

Hand-built results dictionaries, the seven samples before any run (their theory of change
only) and an empty workspace; the real chain is checked by ``tests/test_notebook12.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers import claims as c
from sizeup_helpers.results import collect_results
from sizeup_helpers.samples import open_sample
from sizeup_helpers.workspace import create_workspace

from .conftest import sample_slugs


@pytest.fixture
def empty_ws(tmp_path):
    return create_workspace(tmp_path / "x", "Essai", year=2025)


def _results(quantitative=None, indicators=None, themes=None, valuation=None, missing=()):
    res = {
        "schema": "sizeup-results",
        "schema_version": 1,
        "structure": {"name": "Essai", "slug": "essai", "year": 2025},
        "steps_run": [],
        "missing_steps": list(missing),
    }
    if quantitative is not None:
        res["quantitative"] = quantitative
    if indicators is not None:
        res["indicators"] = indicators
    if themes is not None:
        res["qualitative"] = {"themes": themes, "triangulation": {}}
    if valuation is not None:
        res["valuation"] = valuation
    return res


def _pair(n_pairs, n_before=40, *, diff=1.5, test="t apparié et Wilcoxon", evidence=None):
    return {
        "outcome": "E1",
        "indicator": "IND5",
        "measure": "score",
        "waves": "T0 → T2",
        "test": test,
        "direction": "favorable",
        "n_pairs": n_pairs,
        "n_before": n_before,
        "n_unit": "personnes",
        "mean_difference": diff,
        "ci_low": 0.5,
        "ci_high": 2.5,
        "level_of_evidence": evidence or "changement déclaré, sans groupe de comparaison",
    }


def _indicator(value, unit="personnes", *, n=None, n_unit="personnes", level="réalisation"):
    return {
        "label": "Personnes accueillies",
        "level": level,
        "element": "R1",
        "definition": "",
        "formula": "",
        "unit": unit,
        "value": value,
        "n": value if n is None else n,
        "n_unit": n_unit,
        "target": None,
        "status": "sans cible",
        "origin": "structure",
    }


# --------------------------------------------------------------------------------------
# Empty workspace and the seven samples before any run
# --------------------------------------------------------------------------------------
def test_empty_workspace_says_nothing_and_why(empty_ws):
    res = collect_results(empty_ws)
    assert c.key_findings(empty_ws, res) == []
    lines = c.cannot_say(empty_ws, res)
    text = "\n".join(lines)
    assert "aucun groupe de comparaison" in text
    assert "Ces étapes n'ont rien enregistré" in text
    assert "06 « " in text and "11 « " in text
    assert "aucun résultat chiffré" in text
    frame = c.framing(empty_ws, res)
    assert frame.proof == []
    assert frame.promise == [
        "Pas encore de théorie du changement : la promesse reste à écrire (carnet 02)."
    ]
    assert any("Prochaine étape" in line for line in frame.appropriation)
    reading = c.explain_findings([])
    assert "Aucun résultat à restituer" in reading.to_text()
    assert c.valuation_statement(res) == ""
    assert c.findings_table([]).empty


@pytest.mark.parametrize("slug", sample_slugs())
def test_samples_before_any_run_promise_every_outcome(slug, tmp_path):
    ws = open_sample(slug, tmp_path / "sorties")
    res = collect_results(ws)
    frame = c.framing(ws, res)
    from sizeup_helpers.theory_of_change import load_theory_of_change

    toc = load_theory_of_change(ws)
    for outcome in toc.outcomes:
        assert f"Effet promis {outcome.id} : {outcome.label}" in "\n".join(frame.promise)
    text = "\n".join(c.cannot_say(ws, res))
    n = len(toc.outcomes)
    noun = "effet" if n < 2 else "effets"
    assert f"Nous n'avons aucune donnée sur {n} {noun} de notre théorie du changement" in text
    assert "Ne rien mesurer n'est pas mesurer zéro." in text
    assert c.serves_minors(ws) == (slug == "justice-jeunesse")
    assert c.small_cell_threshold(ws) == 11


# --------------------------------------------------------------------------------------
# Findings, levels of evidence and small cells in people
# --------------------------------------------------------------------------------------
def test_before_after_finding_comes_first_with_its_level(empty_ws):
    res = _results(
        quantitative={"e1.ind5.score": _pair(35)},
        indicators={"IND1": _indicator(330)},
        themes={
            "E1-x": {"label": "Confiance", "outcome": "E1", "segments": 20, "people": 15},
        },
    )
    found = c.key_findings(empty_ws, res)
    assert [f.level_of_evidence for f in found] == [c.BEFORE_AFTER, c.COUNT, c.DECLARED]
    first = found[0]
    assert first.figure == 1.5 and first.unit == "points" and first.n == 35
    assert first.n_unit == "personnes" and first.n_text == "35 personnes"
    assert "+1,5 point en moyenne" in first.text and "35 personnes" in first.text
    assert first.source == "09-analyse-quantitative/resultats-par-effet.csv"
    assert found[1].text == "Personnes accueillies : 330 personnes."
    assert found[1].figure_text == "330 personnes"
    assert found[2].kind == c.QUALITATIVE
    assert "15 personnes en parlent" in found[2].text
    assert all(f.level_of_evidence in c.LEVELS for f in found)
    table = c.findings_table(found)
    assert list(table["niveau de preuve"]) == [c.BEFORE_AFTER, c.COUNT, c.DECLARED]
    reading = c.explain_findings(found).to_text()
    assert "3 constats dont 3 publiables" in reading
    assert "- [avant/après]" in reading


def test_small_cells_in_people_are_hidden_and_never_leak(empty_ws):
    res = _results(
        quantitative={"e1.ind5.score": _pair(8, 40, diff=2.75)},
        indicators={"IND1": _indicator(7), "IND2": _indicator(45.0, "%", n=9)},
        themes={"E1-x": {"label": "Confiance", "outcome": "E1", "people": 4}},
    )
    found = c.key_findings(empty_ws, res)
    assert len(found) == 4 and all(f.suppressed for f in found)
    for f in found:
        assert f.figure is None and f.n is None and f.figure_text == "< 11"
        assert f.n_text == "< 11 personnes"
        assert "2,75" not in f.text and " 8 " not in f.text and " 7 " not in f.text
        assert f.to_dict()["figure"] is None
    assert "moins de 11 personnes" in found[0].text
    text = "\n".join(c.cannot_say(empty_ws, res))
    assert "4 résultats ne sont pas publiés : moins de 11 personnes" in text
    reading = c.explain_findings(found).to_text()
    assert "4 constats restent masqués (trop peu de personnes pour les publier)." in reading


def test_one_hidden_finding_is_singular(empty_ws):
    res = _results(quantitative={"a": _pair(5)}, indicators={"IND1": _indicator(330)})
    found = c.key_findings(empty_ws, res)
    assert not found[0].suppressed and found[-1].suppressed
    assert "1 constat reste masqué (trop peu de personnes pour le publier)." in (
        c.explain_findings(found).to_text()
    )
    assert "1 résultat n'est pas publié" in "\n".join(c.cannot_say(empty_ws, res))


def test_threshold_parameter_and_minors_floor(tmp_path):
    adults = create_workspace(tmp_path / "a", "Adultes")
    minors = create_workspace(
        tmp_path / "m", "Collège", structure_type="Prévention auprès des collégiens"
    )
    res = _results(quantitative={"a": _pair(8)})
    assert c.key_findings(adults, res, threshold=5)[0].figure == 1.5
    assert c.serves_minors(minors) and not c.serves_minors(adults)
    assert c.small_cell_threshold(minors, 5) == 11
    assert c.key_findings(minors, res, threshold=5)[0].suppressed
    with pytest.raises(ValueError, match="nombre entier"):
        c.small_cell_threshold(adults, "onze")
    with pytest.raises(ValueError, match="positif"):
        c.small_cell_threshold(adults, 0)


def test_age_ranges_decide_minors(tmp_path):
    young = create_workspace(tmp_path / "y", "Sport", structure_type="Club pour les 12-17 ans")
    adult = create_workspace(tmp_path / "z", "Emploi", structure_type="Jeunes de 18 à 25 ans")
    assert c.serves_minors(young) and not c.serves_minors(adult)


def test_people_units_other_than_personnes_are_suppressed(empty_ws):
    res = _results(indicators={"IND1": _indicator(6, "élèves", n=1, n_unit="lignes")})
    (f,) = c.key_findings(empty_ws, res)
    assert f.suppressed and f.figure_text == "< 11"
    assert c.counts_people("Élèves") and not c.counts_people("lignes")


def test_yes_no_comparison_in_percentage_points_and_same_day_is_declared(empty_ws):
    res = _results(
        quantitative={
            "a": _pair(
                60,
                80,
                diff=0.089,
                test="McNemar",
                evidence="effet immédiat déclaré (même jour), pas un effet durable",
            )
        }
    )
    (f,) = c.key_findings(empty_ws, res)
    assert f.unit == "points de %" and f.figure == 8.9
    assert f.level_of_evidence == c.DECLARED
    assert "effet immédiat déclaré" in f.text
    text = "\n".join(c.cannot_say(empty_ws, res))
    assert "effet immédiat ressenti" in text
    assert "25\u00a0% des personnes interrogées au départ" in text


def test_comparison_group_lifts_the_attribution_caveat(empty_ws):
    res = _results(
        quantitative={"a": _pair(40, 40, evidence="écart avec un groupe de comparaison")}
    )
    (f,) = c.key_findings(empty_ws, res)
    assert f.level_of_evidence == c.COMPARISON
    assert not any("aucun groupe de comparaison" in x for x in c.cannot_say(empty_ws, res))


def test_hide_small_groups_hides_the_whole_row():
    table = pd.DataFrame({"classe": ["6e A", "6e B"], "élèves": [25, 6], "score moyen": [7.1, 9.5]})
    out = c.hide_small_groups(table, "élèves")
    assert out.loc[1].tolist() == ["6e B", "< 11", "< 11"]
    assert out.loc[0].tolist() == ["6e A", 25, 7.1]
    with pytest.raises(ValueError, match="absente"):
        c.hide_small_groups(table, "n")


def test_linked_tables_get_secondary_suppression():
    table = pd.DataFrame(
        {"entretiens": [4, 12], "réponses écrites": [11, 30], "Total": [15, 42]},
        index=["Confiance", "Isolement"],
    )
    out = c.suppress_linked(table)
    assert out.loc["Confiance", "entretiens"] == "< 11"
    # 15 − 11 would give the hidden 4: the written answers are hidden too
    assert out.loc["Confiance", "réponses écrites"] == "s"


def test_valuation_statement_gives_the_range(empty_ws):
    sroi = {"mode": "SROI", "ratio": 2.4, "ratio_low": 1.1, "ratio_high": 3.5}
    text = c.valuation_statement(_results(valuation=sroi))
    assert text.startswith("Ratio SROI : 2,4 € de valeur sociale par euro investi")
    assert "entre 1,1 et 3,5 selon les hypothèses" in text
    vmap = {
        "mode": "carte de valeur",
        "value_map": {"a.b": {"stakeholder": "Jeunes", "outcome": "Emploi", "share": 0.6}},
    }
    assert "« Emploi » pèse 60\u00a0% de la valeur pondérée" in c.valuation_statement(
        _results(valuation=vmap)
    )
    assert "SROI n'est pas un rendement" in "\n".join(
        c.cannot_say(empty_ws, _results(valuation=sroi))
    )


def test_explain_cannot_say_and_singular_findings(empty_ws):
    text = c.explain_cannot_say(c.cannot_say(empty_ws, collect_results(empty_ws))).to_text()
    assert text.startswith("Ce que nous ne pouvons pas dire\n")
    assert "limites à dire en présentant vos résultats" in text
    assert "- Nous ne pouvons pas dire que les changements observés" in text
    one = c.explain_cannot_say(["Une seule limite."]).to_text()
    assert "1 limite à dire" in one and "- Une seule limite." in one
    assert "Aucune limite particulière" in c.explain_cannot_say([]).to_text()
    (f,) = c.key_findings(empty_ws, _results(indicators={"IND1": _indicator(1234)}))
    reading = c.explain_findings([f]).to_text()
    assert "1 constat dont 1 publiable ; les plus solides d'abord :" in reading
    assert "- [comptage] Personnes accueillies : 1\u202f234 personnes." in reading
    assert "masqué" not in reading

"""Step 06's indicators: the catalogue, the model's checks, suggestions, values, readings."""

from __future__ import annotations

import dataclasses
import json
import shutil
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import sizeup_helpers
from sizeup_helpers.clean_workspace import clean_workspace, load_clean_table
from sizeup_helpers.errors import IndicatorError
from sizeup_helpers.indicators import (
    CATALOGUE_COLUMNS,
    DOMAINS,
    LEVELS,
    TOOLS,
    UNITS,
    Formula,
    Indicator,
    compute_indicator,
    explain_indicators,
    load_catalogue,
    outcomes_to_collect,
    suggest_indicators,
)
from sizeup_helpers.theory_of_change import DIMENSIONS, load_theory_of_change
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

#: public French references a catalogue row may rest on
REFERENCES = (
    "VALOR'ESS",
    "DARES",
    "INSEE",
    "DEPP",
    "ADEME",
    "Avise",
    "CSESS",
    "RTE",
    "France compétences",
    "ONS",
    "Rosenberg",
    "Recherches & Solidarités",
    "Énergie Partagée",
    "loi du 31 juillet 2014",
)


def _truth(slug: str) -> dict:
    return json.loads((SAMPLES_DIR / slug / "verite-terrain.json").read_text("utf-8"))


# ---- the catalogue --------------------------------------------------------------------
def test_every_catalogue_row_is_complete_and_sourced():
    catalogue = load_catalogue()
    assert tuple(catalogue.columns) == CATALOGUE_COLUMNS
    assert len(catalogue) >= 21
    assert catalogue["id"].is_unique
    for row in catalogue.itertuples(index=False):
        for column in CATALOGUE_COLUMNS:
            assert getattr(row, column).strip(), (row.id, column)
        assert row.domaine in DOMAINS, row.id
        assert row.niveau in LEVELS, row.id
        assert row.unite in UNITS, row.id
        assert row.outil in TOOLS, row.id
        assert row.dimension in DIMENSIONS, row.id
        assert any(ref in row.source for ref in REFERENCES), (row.id, row.source)
    assert set(catalogue["domaine"]) == set(DOMAINS)
    for domain in DOMAINS:  # each domain has both levels or at least an outcome indicator
        assert "effet" in set(catalogue.loc[catalogue["domaine"] == domain, "niveau"]), domain


# ---- the model ------------------------------------------------------------------------
def _people(**changes) -> Indicator:
    base = dict(
        id="IND1",
        name="Personnes accueillies",
        definition="Personnes distinctes inscrites dans l'année",
        level="realisation",
        element="R1",
        unit="personnes",
        source="inscriptions",
        formula=Formula("inscriptions", "count_people"),
        target=300,
        dimension="combien",
    )
    return Indicator(**(base | changes))


BAD_FIELDS = [
    ({"name": ""}, "« name » : il faut un texte non vide"),
    ({"definition": "  "}, "« definition » : il faut un texte non vide"),
    ({"source": None}, "« source » : il faut un texte non vide"),
    ({"level": "output"}, "« level » : « output » n'est pas un niveau"),
    ({"element": "E1"}, "« element » : un indicateur de réalisation sert une réalisation (R…)"),
    (
        {"level": "effet", "element": "R1", "unit": "%", "formula": None},
        "« element » : un indicateur d’effet sert un effet (E…) de la théorie du changement",
    ),
    ({"unit": "kilos"}, "« unit » : « kilos » n'est pas une unité connue"),
    ({"target": "beaucoup"}, "« target » : il faut un nombre, pas 'beaucoup'"),
    ({"baseline": float("nan")}, "« baseline » : il faut un nombre"),
    ({"unit": "%", "formula": None, "target": 140}, "« target » : une cible en % va de 0 à 100"),
    ({"dimension": "pourquoi"}, "« dimension » : « pourquoi » n'est pas une dimension"),
    ({"formula": "inscriptions"}, "« formula » : il faut une formule"),
    ({"formula": Formula("", "count_people")}, "« formula.table » : nommez la table propre"),
    ({"formula": Formula("t", "median")}, "« formula.aggregation » : « median »"),
    ({"formula": Formula("t", "mean")}, "« formula.column » : le calcul « mean » lit une colonne"),
    (
        {"unit": "%", "target": 40, "formula": Formula("t", "share", "qpv")},
        "« formula.values » : une part compte les valeurs données",
    ),
    ({"formula": Formula("t", "count_people", filter=["a"])}, "« formula.filter »"),
    ({"unit": "lignes"}, "« unit » : le calcul « count_people » donne des personnes"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_FIELDS)
def test_every_bad_field_is_refused_in_french(changes, message):
    with pytest.raises(IndicatorError) as err:
        _people(**changes)
    assert str(err.value).startswith("L'indicateur « IND1 », champ "), str(err.value)
    assert message in str(err.value)


def test_an_indicator_without_id_is_named_as_such():
    with pytest.raises(IndicatorError, match="^Un indicateur, champ « id » : il faut un texte"):
        _people(id="")


def test_a_good_indicator_is_kept_as_given():
    ind = _people(baseline=250.0, frequency="annuelle")
    assert (ind.level, ind.element, ind.target, ind.baseline) == ("realisation", "R1", 300, 250.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ind.target = 1  # type: ignore[misc]


# ---- suggestions on the seven samples -------------------------------------------------
@pytest.mark.parametrize("slug", sample_slugs())
def test_every_outcome_gets_an_indicator_or_a_tool(slug, tmp_path):
    ws = open_workspace(SAMPLES_DIR / slug, tmp_path / "sorties")
    outcomes = [e.id for e in load_theory_of_change(ws).outcomes]
    suggestions = suggest_indicators(ws)
    assert list(dict.fromkeys(suggestions["effet"])) == outcomes
    catalogue = set(load_catalogue()["id"])
    for outcome in outcomes:
        rows = suggestions[suggestions["effet"] == outcome]
        assert len(rows) >= 1
        for row in rows.itertuples():
            assert row.indicateur in catalogue or row.outil in TOOLS[1:], (outcome, row)
    text = explain_indicators(suggestions).to_text()
    n = len(outcomes)
    assert f"Votre théorie du changement compte {n} effets ; pour chacun" in text
    for outcome in outcomes:
        line = next(x for x in text.splitlines() if x.startswith(f"- {outcome} « "))
        rows = suggestions[suggestions["effet"] == outcome]
        if (rows["indicateur"] == "").all():
            assert "aucun indicateur du catalogue ne lui correspond" in line
        if set(rows["outil"]) - {TOOLS[0]}:
            assert "(carnet 07)" in line or "(carnet 08)" in line, line
        else:
            assert "écrivez sa formule sur vos tables propres" in line, line


def test_keywords_pick_the_expected_domains(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path / "sorties")
    suggestions = suggest_indicators(ws).groupby("effet")["indicateur"].apply(list)
    assert "AM1" in suggestions["E1"]  # confiance en soi
    assert "LS1" in suggestions["E2"]  # isolement
    assert "EF2" in suggestions["E4"]  # accès à l'emploi ou à la formation
    ws = open_workspace(SAMPLES_DIR / "mobilite-accompagnee", tmp_path / "autre")
    suggestions = suggest_indicators(ws).groupby("effet")["indicateur"].apply(list)
    assert "CC4" in suggestions["E3"]  # regard sur le handicap: interviews
    assert "AM5" in suggestions["E4"]  # autonomie


def test_an_outcome_no_keyword_matches_says_its_tool(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path / "sorties")
    suggestions = suggest_indicators(ws)
    lonely = suggestions[suggestions["effet"] == "E2"].iloc[[0]].copy()
    lonely[["indicateur", "libelle", "domaine", "niveau", "unite"]] = ""
    lonely["outil"] = "entretiens (08)"
    text = explain_indicators(lonely).to_text()
    assert "Votre théorie du changement compte 1 effet ; pour chacun" in text
    assert (
        "- E2 « Isolement réduit » : aucun indicateur du catalogue ne lui correspond ; les "
        "entretiens (carnet 08) le recueilleront (définissez l'indicateur vous-même)."
    ) in text


# ---- values on the clean tables -------------------------------------------------------
@cache
def _cleaned(slug: str, root: str):
    copy = shutil.copytree(SAMPLES_DIR / slug, Path(root) / "espace")
    ws = open_workspace(copy)
    clean_workspace(ws)
    return ws


@pytest.fixture(scope="module")
def clean_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("indicateurs")


@pytest.fixture(scope="module")
def module_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sizeup-home-indicateurs")


@pytest.fixture(autouse=True)
def _one_home(_isolated_home, module_home, monkeypatch):
    """The samples' keys live in the home folder: one home for the cached cleanings."""
    monkeypatch.setenv("SIZEUP_HOME", str(module_home))


def _ws(slug: str, clean_root: Path):
    return _cleaned(slug, str(clean_root / slug))


def test_ateliers_values_match_the_planted_truth(clean_root):
    ws = _ws("ateliers-emploi", clean_root)
    truth = _truth("ateliers-emploi")
    people = compute_indicator(ws, _people())
    assert people.value == truth["personnes_distinctes"]["inscriptions"] == 330
    assert (people.n, people.n_unit, people.status) == (330, "personnes", "cible atteinte")
    came = _people(
        id="IND2",
        name="Personnes venues au moins une fois",
        formula=Formula("presences", "count_people", filter={"present": (True,)}),
        target=None,
    )
    value = compute_indicator(ws, came)
    assert value.value == truth["effets"]["personnes_presentes_au_moins_une_fois"] == 255
    assert value.status == "sans cible"
    qpv = _people(
        id="IND3",
        name="Part des personnes en quartier prioritaire",
        unit="%",
        formula=Formula("inscriptions", "share", "residence_qpv", (True,)),
        target=40,
    )
    value = compute_indicator(ws, qpv)
    assert value.value == pytest.approx(100 * truth["effets"]["part_qpv_personnes"], abs=1e-4)
    assert value.status == "en dessous de la cible"
    rows = _people(id="IND4", unit="lignes", formula=Formula("inscriptions", "count_rows"))
    value = compute_indicator(ws, rows)
    assert value.value == truth["effets"]["inscriptions"] == 490
    assert value.n_unit == "lignes"
    confidence = Indicator(
        "IND5",
        "Confiance en soi moyenne",
        "Score moyen déclaré de confiance (0 à 10)",
        "effet",
        "E1",
        "points",
        "questionnaire",
        Formula("questionnaire", "mean", "confiance_en_soi_0_10"),
        target=6,
    )
    table = load_clean_table(ws, "questionnaire")
    value = compute_indicator(ws, confidence)
    assert value.value == pytest.approx(table["confiance_en_soi_0_10"].mean())
    assert value.n == table["confiance_en_soi_0_10"].notna().sum()
    assert value.status == "en dessous de la cible"
    absence = _people(
        id="IND6",
        name="Part des inscriptions sans présence",
        unit="%",
        formula=Formula("presences", "share", "present", (False,)),
        target=25,
        lower_is_better=True,
    )
    assert compute_indicator(ws, absence).status in ("cible atteinte", "au-dessus du plafond")

    reading = explain_indicators(suggest_indicators(ws), [people, value]).to_text()
    assert "Valeurs de vos 2 indicateurs sur les tables propres (étape 05) :" in reading
    assert (
        "- Personnes accueillies (IND1, R1) : 330 personnes (sur 330 personnes, cible "
        "300 personnes : cible atteinte)."
    ) in reading
    assert "- Confiance en soi moyenne (IND5, E1) : 5,2 points (sur " in reading
    share = explain_indicators(suggest_indicators(ws), [compute_indicator(ws, qpv)]).to_text()
    assert "Valeur de votre indicateur sur les tables propres (étape 05) :" in share
    assert "30,6\u00a0% (sur 330 personnes, cible 40\u00a0% : en dessous de la cible)" in share


def test_mobilite_values_match_the_planted_truth(clean_root):
    ws = _ws("mobilite-accompagnee", clean_root)
    truth = _truth("mobilite-accompagnee")["effets"]
    people = _people(name="Bénéficiaires", formula=Formula("beneficiaires", "count_people"))
    assert compute_indicator(ws, people).value == truth["beneficiaires_distincts"] == 145
    for kind, expected in truth["beneficiaires_par_type"].items():
        by_kind = _people(
            name=f"Bénéficiaires {kind}",
            formula=Formula("beneficiaires", "count_people", filter={"type_situation": (kind,)}),
        )
        assert compute_indicator(ws, by_kind).value == expected, kind
    km = Indicator(
        "KM",
        "Kilomètres accompagnés",
        "Somme des distances des trajets réalisés",
        "realisation",
        "R1",
        "nombre",
        "trajets",
        Formula("trajets", "sum", "distance_km"),
    )
    trips = load_clean_table(ws, "trajets")
    value = compute_indicator(ws, km)
    assert value.value == pytest.approx(pd.to_numeric(trips["distance_km"]).sum())
    assert value.n_unit == "lignes"


def test_what_cannot_be_computed_says_its_tool(clean_root):
    ws = _ws("ateliers-emploi", clean_root)
    said = Indicator(
        "IND9",
        "Sens trouvé par les bénévoles",
        "Ce que les bénévoles disent de leur engagement",
        "effet",
        "E2",
        "personnes",
        "entretiens (08)",
    )
    value = compute_indicator(ws, said)
    assert (value.value, value.status, value.tool) == (None, "à collecter", "entretiens (08)")
    no_table = _people(formula=Formula("absente", "count_people"))
    value = compute_indicator(ws, no_table)
    assert value.missing == "la table propre « absente » n'existe pas (carnet 05)"
    assert value.tool == "questionnaire (07)"
    no_column = _people(formula=Formula("inscriptions", "count_people", filter={"zz": (1,)}))
    assert compute_indicator(ws, no_column).missing == (
        "la table « inscriptions » n'a pas de colonne « zz »"
    )
    text = explain_indicators(suggest_indicators(ws), [compute_indicator(ws, said)]).to_text()
    assert (
        "- Sens trouvé par les bénévoles (IND9, E2) : pas encore de valeur (aucune formule sur "
        "les tables propres) ; les entretiens (carnet 08) le recueilleront."
    ) in text


def test_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    suggestions = suggest_indicators(ws)
    assert suggestions.empty
    text = explain_indicators(suggestions).to_text()
    assert text.startswith("Votre théorie du changement n'a pas encore d'effet : aucun indicateur")
    assert "carnet 02" in text
    value = compute_indicator(ws, _people())
    assert value.status == "à collecter"
    assert "n'existe pas (carnet 05)" in value.missing


def test_public_names_are_reached_lazily():
    for name in ("Indicator", "Formula", "suggest_indicators", "compute_indicator"):
        assert getattr(sizeup_helpers, name) is getattr(sizeup_helpers.indicators, name)


# ---- what steps 07 and 08 read back ----------------------------------------------------
def test_outcomes_to_collect_without_step_06(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "justice-jeunesse", tmp_path / "sorties")
    outcomes = {e.id for e in load_theory_of_change(ws).outcomes}
    survey = outcomes_to_collect(ws)
    interviews = outcomes_to_collect(ws, "entretiens (08)")
    assert survey and set(survey) <= outcomes
    assert set(interviews) <= outcomes
    assert outcomes_to_collect(create_workspace(tmp_path / "x", "Essai")) == []
    with pytest.raises(ValueError, match="outil inconnu « carnet »"):
        outcomes_to_collect(ws, "carnet")

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
    FRAMEWORK_COLUMNS,
    FRAMEWORK_FILE,
    LEVELS,
    MATRIX_FILE,
    TOOLS,
    UNITS,
    Formula,
    Indicator,
    compute_indicator,
    explain_indicator_framework,
    explain_indicators,
    explain_own_indicators,
    explain_saved_framework,
    indicator_framework,
    indicators_table,
    load_catalogue,
    load_indicator_framework,
    load_indicators,
    outcomes_to_collect,
    save_indicator_framework,
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
    (
        {"unit": "%", "target": 30},
        "« unit » : le calcul « count_people » donne des personnes, pas des « % »",
    ),
    (
        {"unit": "personnes", "formula": Formula("t", "share", "qpv", (True,))},
        "« unit » : le calcul « share » donne un pourcentage (%), pas des « personnes »",
    ),
    (
        {"unit": "lignes", "formula": Formula("t", "count_people", period=("d", 1, 2))},
        "« formula.period » : il faut une colonne de dates, un début et une fin",
    ),
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


# ---- the structure's own indicators (indicateurs.yml) ----------------------------------
#: the figure of verite-terrain.json each sample's indicator with a formula must give
#: (path in the truth, factor: 100 for a share), checked on the clean tables of step 05
INDICATOR_TRUTH = {
    "insertion-transport": {
        "IND1": ("personnes_distinctes.salaries", 1),
        "IND2": ("effets.heures_travaillees.total_2024", 1),
        "IND3": ("effets.permis_poids_lourd.total_obtenus", 1),
        "IND4": ("effets.freins.part_leves", 100),
        "IND5": ("effets.sorties.part_sorties_dynamiques", 100),
        "IND6": ("effets.emploi_6_mois.part_en_emploi_repondants", 100),
    },
    "ateliers-emploi": {
        "IND1": ("effets.personnes_distinctes", 1),
        "IND2": ("effets.taux_absence", 100),
        "IND4": ("effets.taux_emploi_formation_6_mois.taux_observe", 100),
    },
    "commerce-rural": {
        "IND5": ("effets.enquete_rencontre_habitants.part_oui_sur_oui_non", 100),
        "IND6": ("effets.animations.participants_total", 1),
    },
    "energie-citoyenne": {"IND6": ("effets.part_benevoles.observe", 100)},
    "formation-batiment": {"IND2": ("effets.taux_assiduite.par_session.FON-24-1", 100)},
    "justice-jeunesse": {"IND2": ("effets.eleves_touches", 1)},
    "mobilite-accompagnee": {"IND6": ("effets.part_beneficiaires_satisfaits.taux_observe", 100)},
}


def truth_figure(truth: dict, path: str, factor: float) -> float:
    """The figure at ``path`` (dotted keys) of a sample's truth, times ``factor``."""
    value = truth
    for key in path.split("."):
        value = value[key]
    return value * factor


def test_every_sample_has_an_indicator_checked_against_the_truth():
    assert set(INDICATOR_TRUTH) == set(sample_slugs())


@pytest.mark.parametrize("slug", sample_slugs())
def test_sample_indicators_load_and_give_the_planted_truth(slug, clean_root):
    ws = _ws(slug, clean_root)
    indicators = load_indicators(ws)
    assert [i.id for i in indicators] == [i["indicateur"] for i in _links(ws)]
    with_formula = {i.id: i for i in indicators if i.formula is not None}
    assert set(INDICATOR_TRUTH[slug]) <= set(with_formula)
    truth = _truth(slug)
    for ident, ind in with_formula.items():
        value = compute_indicator(ws, ind)
        assert value.value is not None, (ident, value.missing)
        if ident in INDICATOR_TRUTH[slug]:
            expected = truth_figure(truth, *INDICATOR_TRUTH[slug][ident])
            assert value.value == pytest.approx(expected, abs=0.01), ident


def _links(ws):
    from sizeup_helpers.inventory import load_indicator_links

    return load_indicator_links(ws).to_dict("records")


def test_insertion_transport_figures_in_words(clean_root):
    ws = _ws("insertion-transport", clean_root)
    by_id = {i.id: i for i in load_indicators(ws)}
    hours = compute_indicator(ws, by_id["IND2"])
    assert (hours.value, hours.n, hours.n_unit) == (72749.75, 664, "lignes")
    people = compute_indicator(ws, by_id["IND1"])
    assert (people.value, people.n_unit, people.status) == (104, "personnes", "cible atteinte")
    text = explain_indicators(suggest_indicators(ws), [people, hours]).to_text()
    assert "104 personnes (sur 104 personnes, cible 100 personnes : cible atteinte)" in text
    assert "72\u202f749,8 heures (sur 664 lignes)" in text or "72 749,8 heures" in text


def test_a_ceiling_is_read_as_lower_is_better(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "ateliers-emploi", tmp_path / "sorties")
    absence = next(i for i in load_indicators(ws) if i.id == "IND2")
    assert (absence.target, absence.lower_is_better) == (25, True)
    assert absence.formula == Formula("presences", "share", "present", (False,), by_rows=True)


def test_no_indicators_file_gives_an_empty_list(tmp_path):
    assert load_indicators(create_workspace(tmp_path / "x", "Essai")) == []
    empty = tmp_path / "vide.yml"
    empty.write_text("# rien encore\n", encoding="utf-8")
    assert load_indicators(empty) == []


_GOOD = """\
indicateurs:
  - id: IND1
    libelle: Personnes accueillies
    type: realisation
    element: R1
    definition: Personnes distinctes inscrites
    unite: personnes
    source: inscriptions
"""

BAD_FILES = [
    (
        "    formule:\n      table: inscriptions\n      agregation: moyen\n",
        "ligne 11 : « IND1.formule.agregation » vaut « moyen »",
    ),
    (
        "    formul:\n      table: inscriptions\n",
        "ligne 9 : clé inconnue « IND1.formul » ; vouliez-vous dire « formule » ?",
    ),
    (
        "    cible: 10\n    plafond: 20\n",
        "ligne 10 : « IND1 » : donnez une cible (plus c'est haut, mieux c'est) ou un plafond",
    ),
    (
        "    formule:\n      table: inscriptions\n      agregation: part\n"
        "      colonne: qpv\n      valeurs: [true]\n",
        "ligne 7 : « IND1.unite » : le calcul « part » donne un pourcentage (%), pas des "
        "« personnes »",
    ),
    (
        "    formule:\n      table: inscriptions\n      agregation: somme\n",
        "ligne 10 : « IND1.formule.colonne » : le calcul « somme » lit une colonne",
    ),
    (
        "    formule:\n      table: t\n      agregation: lignes\n"
        "      periode: {colonne: d, debut: hier, fin: 2024-12-31}\n",
        "ligne 12 : « IND1.formule.periode » : debut et fin sont des dates AAAA-MM-JJ",
    ),
    ("    reference: beaucoup\n", "ligne 9 : « IND1.reference » doit être un nombre"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_FILES)
def test_every_bad_key_of_the_file_is_named_in_french(tmp_path, extra, message):
    path = tmp_path / "indicateurs.yml"
    path.write_text(_GOOD + extra, encoding="utf-8")
    with pytest.raises(IndicatorError) as err:
        load_indicators(path)
    assert str(err.value).startswith(f"{path} : "), str(err.value)
    assert message in str(err.value), str(err.value)


def test_a_duplicate_id_and_bad_yaml_are_refused(tmp_path):
    path = tmp_path / "indicateurs.yml"
    path.write_text(_GOOD + _GOOD.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(IndicatorError, match="ligne 9 : l'indicateur « IND1 » est écrit deux fois"):
        load_indicators(path)
    path.write_text("indicateurs: [\n", encoding="utf-8")
    with pytest.raises(IndicatorError, match="n'est pas du YAML valide"):
        load_indicators(path)


# ---- the framework: indicators, values, and the référentiel of step 03 -----------------
def _with_scope(ws, outcomes=None):
    """Step 03's scope and référentiel, as notebook 03 saves them (one question per
    outcome, or per outcome given)."""
    from sizeup_helpers.evaluation_matrix import save_evaluation_matrix
    from sizeup_helpers.stakeholders import save_scope_answers

    toc = load_theory_of_change(ws)
    ids = [e.id for e in toc.outcomes][:3] if outcomes is None else outcomes
    save_scope_answers(
        ws,
        toc=toc,
        scope_outcomes=ids,
        population="Personnes accompagnées",
        period_start="2024-01-01",
        period_end="2024-12-31",
    )
    save_evaluation_matrix(ws)
    return ws


@pytest.mark.parametrize("slug", sample_slugs())
def test_framework_covers_every_question_on_every_sample(slug, clean_root):
    from sizeup_helpers.evaluation_matrix import INDICATOR_TO_COME, load_evaluation_matrix

    ws = _with_scope(_ws(slug, clean_root))
    framework = indicator_framework(ws)
    table = framework.indicators
    assert list(table.columns) == list(FRAMEWORK_COLUMNS)
    levels = table["Niveau"].tolist()
    assert levels == sorted(levels, key=["réalisation", "effet"].index), "outputs first"
    for row in table.itertuples(index=False):
        assert row[3][0] == ("R" if row[2] == "réalisation" else "E"), row
    own = {i.id for i in load_indicators(ws)}
    assert own <= set(table["Identifiant"])
    outcomes = [e.id for e in load_theory_of_change(ws).outcomes]
    effects = table[table["Niveau"] == "effet"]
    assert set(outcomes) <= set(effects["Élément"]), "every outcome has an indicator"
    computed = table[table["Valeur"].astype(str) != ""]
    assert set(computed["Unité de l'effectif"]) <= {"personnes", "lignes"}
    assert set(computed["Identifiant"]) >= set(INDICATOR_TRUTH[slug])
    waiting = table[table["Valeur"].astype(str) == ""]
    assert (waiting["Manque"] != "").all() and (waiting["Statut"] == "à collecter").all()
    matrix = framework.matrix
    step03 = load_evaluation_matrix(ws)
    assert len(matrix) == len(step03) and list(matrix.columns) == list(step03.columns)
    assert not (matrix["Indicateur"] == INDICATOR_TO_COME).any()
    assert set(matrix["Outil"]) <= set(TOOLS)

    paths = save_indicator_framework(ws, framework)
    assert [p.name for p in paths] == [FRAMEWORK_FILE, MATRIX_FILE]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in paths)
    back = load_indicator_framework(ws)
    assert list(back.indicators["Identifiant"]) == list(table["Identifiant"])
    assert list(back.matrix["Indicateur"]) == list(matrix["Indicateur"])
    expected = list(
        dict.fromkeys(
            effects.loc[
                (effects["Outil"] == "questionnaire (07)") & (effects["Valeur"] == ""), "Élément"
            ]
        )
    )
    assert outcomes_to_collect(ws) == expected

    text = explain_indicator_framework(back).to_text()
    n = len(table)
    assert f"Votre référentiel compte {n} indicateurs : " in text
    questions = list(dict.fromkeys(step03["Question"]))
    assert (
        f"Vos {len(questions)} questions évaluatives ont toutes un indicateur ou un outil" in text
    )
    for q in questions:
        assert any(line.startswith(f"- {q} (") for line in text.splitlines()), q
    for ident in INDICATOR_TRUTH[slug]:
        assert f"({ident}, " in text


def test_framework_wording_on_insertion_transport(clean_root):
    ws = _with_scope(_ws("insertion-transport", clean_root), ["E1", "E3"])
    framework = indicator_framework(ws)
    text = explain_indicator_framework(framework).to_text()
    assert (
        "Votre référentiel compte 6 indicateurs : 2 de réalisation (ce que vous faites) et 4 "
        "d'effet (ce qui change pour les personnes). Tous ont une valeur calculée sur vos "
        "tables propres (étape 05)."
    ) in text
    assert "- Heures travaillées en insertion (IND2, R1) : 72\u202f749,8 heures" in text or (
        "- Heures travaillées en insertion (IND2, R1) : 72 749,8 heures (sur 664 lignes)."
    ) in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert (
        "- Q1 (E1, Efficacité) : vos données y répondent déjà en partie (IND3) ; le reste "
        "viendra par les entretiens (carnet 08)."
    ) in text
    assert (
        "- Q2 (E3, Efficacité) : vos données y répondent déjà en partie (IND5) ; le reste "
        "viendra par les entretiens (carnet 08)."
    ) in text
    assert "- Part des sorties dynamiques (IND5, E3) : 66,7\u00a0% (sur 42 personnes, cible" in text
    assert "Vos 2 questions évaluatives ont toutes un indicateur ou un outil de collecte ; 2 " in (
        text
    )
    row = framework.indicators.set_index("Identifiant").loc["IND2"]
    assert row["Formule"] == (
        "somme de « nb_heures_travail » dans la table « heures », en retenant les lignes où "
        "« annee » vaut 2024"
    )
    assert (row["Effectif"], row["Unité de l'effectif"], row["Outil"]) == (
        664,
        "lignes",
        "données existantes",
    )
    permits = framework.indicators.set_index("Identifiant").loc["IND3"]
    assert "« date_fin » du 01/01/2024 au 31/12/2024" in permits["Formule"]


def test_framework_singular_question_and_ceiling(clean_root):
    ws = _with_scope(_ws("ateliers-emploi", clean_root), ["E4"])
    framework = indicator_framework(ws)
    text = explain_indicator_framework(framework).to_text()
    assert "Votre question évaluative a un indicateur ou un outil de collecte ; elle a déjà" in text
    assert "31,5\u00a0% (sur 483 lignes, plafond 25\u00a0% : au-dessus du plafond)" in text
    absence = framework.indicators.set_index("Identifiant").loc["IND2"]
    assert absence["Cible"] == "≤ 25"


def test_framework_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    framework = indicator_framework(ws)
    assert framework.indicators.empty and framework.matrix.empty
    text = explain_indicator_framework(framework).to_text()
    assert text.startswith("Votre référentiel d'indicateurs est vide")
    assert save_indicator_framework(ws, framework)[0].name == FRAMEWORK_FILE
    assert outcomes_to_collect(ws) == []
    with pytest.raises(IndicatorError, match="Exécutez le carnet 06"):
        load_indicator_framework(create_workspace(tmp_path / "y", "Autre"))


def test_framework_without_step_03_says_so(tmp_path):
    ws = open_workspace(SAMPLES_DIR / "justice-jeunesse", tmp_path / "sorties")
    framework = indicator_framework(ws)
    assert framework.matrix.empty and not framework.indicators.empty
    text = explain_indicator_framework(framework).to_text()
    assert "Aucun n'a encore de valeur calculée sur vos tables propres (étape 05)" in text
    assert "Le référentiel d'évaluation du carnet 03 n'existe pas encore" in text


@pytest.mark.parametrize("slug", sample_slugs())
def test_own_indicators_read_on_every_sample(slug, tmp_path):
    ws = open_workspace(SAMPLES_DIR / slug, tmp_path / "sorties")
    indicators = load_indicators(ws)
    outputs = sum(i.level == "realisation" for i in indicators)
    text = explain_own_indicators(indicators).to_text()
    assert (
        f"Votre fichier indicateurs.yml décrit {len(indicators)} indicateurs : {outputs} de "
        f"réalisation et {len(indicators) - outputs} d'effet."
    ) in text
    with_formula = [i.id for i in indicators if i.formula is not None]
    assert f"({', '.join(with_formula)}) : Size Up les calcule ci-dessous." in text
    table = indicators_table(indicators)
    assert list(table["Identifiant"]) == [i.id for i in indicators]
    assert (table["Formule"] != "").all()


def test_own_indicators_singular_and_none(tmp_path):
    one = [_people(formula=None)]
    text = explain_own_indicators(one).to_text()
    assert "décrit 1 indicateur : 1 de réalisation et 0 d'effet." in text
    assert "Aucun n'a encore de formule sur vos tables propres" in text
    text = explain_own_indicators([_people()]).to_text()
    assert "1 a une formule sur vos tables propres (IND1)" in text
    empty = explain_own_indicators(load_indicators(create_workspace(tmp_path / "x", "Essai")))
    assert empty.to_text().startswith("Votre espace n'a pas encore de fichier indicateurs.yml")


def test_saved_files_are_said(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    paths = save_indicator_framework(ws)
    text = explain_saved_framework([*paths, None]).to_text()
    assert "1 fichier enregistré dans 06-indicateurs/ : « referentiel-indicateurs.csv »." in text
    assert "Le référentiel d'évaluation n'a pas été complété" in text
    assert explain_saved_framework([]).to_text() == "Aucun fichier n'a été écrit."


def test_dynamic_exits_need_an_exits_table(clean_root):
    ws = _ws("ateliers-emploi", clean_root)
    exits = _people(unit="%", target=60, formula=Formula("inscriptions", "iae_exits"))
    value = compute_indicator(ws, exits)
    assert value.missing == (
        "la table propre « inscriptions » ne décrit pas de sorties (motif et date de sortie)"
    )
    with pytest.raises(IndicatorError, match="« iae_exits » donne un pourcentage"):
        _people(formula=Formula("contrats", "iae_exits"))
    framework = indicator_framework(_ws("insertion-transport", clean_root))
    text = explain_indicator_framework(framework, questions=False).to_text()
    assert "Tous ont une valeur calculée sur vos tables propres (étape 05)." in text
    assert "Référentiel d'évaluation" not in text and "- Q1" not in text

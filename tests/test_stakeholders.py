"""Tests of sizeup_helpers.stakeholders: map, materiality, questions, scope."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml

matplotlib.use("Agg")  # tests only

from sizeup_helpers.stakeholders import (  # noqa: E402
    EvaluativeQuestion,
    Scope,
    ScopeError,
    draft_decision,
    draft_questions,
    explain_materiality,
    importance_table,
    load_scope,
    period_phrase,
    plot_stakeholder_map,
    prioritise_outcomes,
    save_scope,
    save_stakeholders,
    stakeholder_map,
)
from sizeup_helpers.theory_of_change import (  # noqa: E402
    TheoryOfChangeError,
    add_stakeholder,
    edit_element,
    load_theory_of_change,
    remove_element,
    save_theory_of_change,
    theory_of_change_from_dict,
)
from sizeup_helpers.workspace import create_workspace  # noqa: E402

from .conftest import SAMPLES_DIR, sample_slugs  # noqa: E402

VALID = Path(__file__).parent / "data" / "toc" / "valide.yml"


@pytest.fixture
def toc():
    base = load_theory_of_change(VALID)
    base = add_stakeholder(
        base, "Bénévoles accueillants", "benevoles", influence=1, concernement=1
    )  # PP4: internal, low scores
    base = add_stakeholder(base, "Élus locaux", "partenaires")  # PP5: no scores
    return add_stakeholder(base, "Voisins", "societe", influence=1, concernement=2)  # PP6


@pytest.fixture
def ws(tmp_path, toc):
    workspace = create_workspace(tmp_path / "espace", "Atelier fictif")
    save_theory_of_change(toc, workspace)
    return workspace


# --------------------------------------------------------------------------------------
# Stakeholder map
# --------------------------------------------------------------------------------------
def test_stakeholder_map_rule(toc):
    table = stakeholder_map(toc)
    assert list(table.columns) == [
        "id",
        "nom",
        "categorie",
        "interne",
        "influence",
        "concernement",
        "effets",
        "implication",
        "raison",
    ]
    got = dict(zip(table["id"], table["implication"], strict=True))
    assert got == {
        "PP1": "consulter",  # influence 2, concernement 5
        "PP2": "associer",  # 4, 3
        "PP3": "satisfaire",  # 5, 2: influential, not concerned: keep satisfied, consult
        "PP4": "consulter",  # 1, 1 but internal: floor
        "PP5": "à évaluer",  # no scores
        "PP6": "informer",  # 1, 2
    }
    assert table.loc[2, "raison"] == (
        "Influent, peu concerné : recueillir ses attentes et lui rendre compte."
    )
    assert table.loc[3, "raison"].startswith("Partie prenante interne")
    assert table["interne"].tolist() == [False, True, False, True, False, False]
    assert table.loc[0, "effets"] == "E1, E2, E3"
    assert str(table["influence"].dtype) == "Int64" and pd.isna(table.loc[4, "influence"])
    # a stricter threshold moves the staff out of the « associer » quadrant
    strict = stakeholder_map(toc, threshold=4)
    assert strict.set_index("id").loc["PP2", "implication"] == "consulter"


def test_beneficiaries_are_always_consulted(toc):
    from sizeup_helpers.theory_of_change import edit_stakeholder

    low = edit_stakeholder(toc, "PP1", influence=1, concernement=2)
    row = stakeholder_map(low).set_index("id").loc["PP1"]
    assert row["implication"] == "consulter"
    assert row["raison"].startswith("Les personnes concernées par l'action ont toujours voix")
    unscored = edit_stakeholder(toc, "PP1", influence=None)
    assert stakeholder_map(unscored).set_index("id").loc["PP1", "implication"] == "consulter"


@pytest.mark.parametrize("threshold", [0, 6, 2.5, True])
def test_bad_threshold(toc, threshold):
    with pytest.raises(ValueError, match=r"`threshold` doit être un nombre entier de 1 à 5"):
        stakeholder_map(toc, threshold=threshold)


def test_plot_stakeholder_map(toc, tmp_path):
    import matplotlib.pyplot as plt

    fig = plot_stakeholder_map(toc, path_png=tmp_path / "carte.png")
    ax = fig.axes[0]
    texts = " ".join(t.get_text() for t in ax.texts)
    for name in (
        "PP1 · Personnes en recherche",
        "PP3 · Financeurs publics",
        "Associer",
        "Consulter",
        "Satisfaire / consulter",
        "Informer",
    ):
        assert name in texts
    assert "Élus locaux" not in texts  # not placed: listed under the chart
    assert "PP5 · Élus locaux" in fig.get_supxlabel()
    assert ax.get_xlabel().startswith("Influence") and ax.get_ylabel().startswith("Concernement")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Bénéficiaires", "Équipe salariée"]
    assert (tmp_path / "carte.png").read_bytes()[:4] == b"\x89PNG"
    assert plt.get_fignums() == []
    # labels stay inside the axes
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    for t in ax.texts:
        ext = t.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, t.get_text()


# --------------------------------------------------------------------------------------
# Materiality
# --------------------------------------------------------------------------------------
def test_importance_table_defaults_and_input(toc):
    table = importance_table(toc, {"E1": {"PP3": 3}})
    assert len(table) == 3 * 6
    e1 = table[table["effet"] == "E1"].set_index("partie_prenante")
    assert e1.loc["PP1", "importance"] == 2 and e1.loc["PP1", "source"] == "par défaut"
    assert e1.loc["PP2", "importance"] == 0
    assert e1.loc["PP3", "importance"] == 3 and e1.loc["PP3", "source"] == "saisie"
    assert e1.loc["PP1", "role"] == "vit le changement" and e1.loc["PP3", "role"] == "non cité"
    e2 = table[table["effet"] == "E2"].set_index("partie_prenante")
    assert e2.loc["PP2", "role"] == "intérêt à savoir"  # the staff next to beneficiaries


def _hand_toc(**extra):
    """A tiny theory of change whose materiality is computed by hand in the tests below."""
    groups = [
        {"id": "B1", "nom": "Participants", "categorie": "beneficiaires"},
        {"id": "B2", "nom": "Familles", "categorie": "beneficiaires"},
        {"id": "V", "nom": "Bénévoles", "categorie": "benevoles"},
        {"id": "F", "nom": "Financeur", "categorie": "financeurs"},
    ]
    for g in groups:
        g.update(extra.get(g["id"], {}))
    return theory_of_change_from_dict(
        {
            "effets": [
                {
                    "id": "E1",
                    "libelle": "Confiance",
                    "horizon": "court",
                    "parties_prenantes": ["B1"],
                },
                {
                    "id": "E2",
                    "libelle": "Emploi",
                    "horizon": "long",
                    "parties_prenantes": ["B1", "F"],
                },
                {
                    "id": "E3",
                    "libelle": "Compétences des bénévoles",
                    "horizon": "moyen",
                    "parties_prenantes": ["V"],
                },
                {
                    "id": "E4",
                    "libelle": "Lien social",
                    "horizon": "court",
                    "parties_prenantes": ["B1", "B2"],
                },
                {
                    "id": "E5",
                    "libelle": "Visibilité",
                    "horizon": "court",
                    "parties_prenantes": ["F"],
                },
            ],
            "parties_prenantes": groups,
        }
    )


HAND = {
    "importance": {"E1": {"B1": 3}, "E2": {"F": 3}, "E3": {"V": 1}, "E4": {"B1": 3, "B2": 0}},
    "strategic": {"E2": 3, "E4": 1},
}


def test_materiality_on_a_case_computed_by_hand():
    ranking = prioritise_outcomes(_hand_toc(), **HAND, n_priority=2)
    assert list(ranking.columns) == [
        "effet",
        "libelle",
        "horizon",
        "nature",
        "vivent",
        "interet_a_savoir",
        "personnes",
        "importance_parties_prenantes",
        "importance_structure",
        "score",
        "rang",
        "prioritaire",
        "ajuste",
        "departage",
    ]
    by = ranking.set_index("effet")
    # E1, lived by B1 alone (importance 3): 100 × 2·3 / (3·2) = 100; mission 2 -> 66.7
    # E2, lived by B1 (2 by default); F has an interest in knowing, its 3 does not count:
    #     66.7; mission 3 -> 100; score 0.5·66.7 + 0.5·100 = 83.3, as E1
    # E3, lived by the volunteers (no beneficiary named): 100 × 1 / 3 = 33.3; score 50
    # E4, lived by B1 (3) and B2 (0), both weight 2: 100 × (2·3 + 2·0) / (3·4) = 50;
    #     mission 1 -> 33.3; score 41.7
    # E5, lived by nobody (F only has an interest in knowing): 0; score 0.5·66.7 = 33.3
    expected = {
        "E1": (100.0, 66.7, 83.3),
        "E2": (66.7, 100.0, 83.3),
        "E3": (33.3, 66.7, 50.0),
        "E4": (50.0, 33.3, 41.7),
        "E5": (0.0, 66.7, 33.3),
    }
    for oid, (people, mission, score) in expected.items():
        row = by.loc[oid]
        assert (
            row["importance_parties_prenantes"],
            row["importance_structure"],
            row["score"],
        ) == (people, mission, score), oid
    # E1 and E2 tie at 83.3: E2 first, more important for the mission
    assert ranking["effet"].tolist() == ["E2", "E1", "E3", "E4", "E5"]
    assert ranking["departage"].tolist() == ["", "l'importance pour la mission", "", "", ""]
    assert ranking["prioritaire"].tolist() == [True, True, False, False, False]
    assert by.loc["E2", "vivent"] == "B1" and by.loc["E2", "interet_a_savoir"] == "F"
    assert by.loc["E3", "vivent"] == "V" and by.loc["E5", "vivent"] == ""
    assert by.loc["E4", "vivent"] == "B1, B2"
    assert by["ajuste"].tolist() == [True, True, True, True, False]
    assert by["personnes"].isna().all()


def test_a_funder_attached_to_an_outcome_does_not_raise_it():
    toc = _hand_toc()
    before = prioritise_outcomes(toc).set_index("effet")
    funded = edit_element(toc, "E1", stakeholders=["B1", "F"])
    after = prioritise_outcomes(funded, importance={"E1": {"F": 3}}).set_index("effet")
    assert after.loc["E1", "score"] == before.loc["E1", "score"] == 66.7
    assert after.loc["E1", "interet_a_savoir"] == "F" and not after.loc["E1", "ajuste"]
    # one group who lives an outcome is enough to reach 100
    assert prioritise_outcomes(toc, importance={"E1": {"B1": 3}}, stakeholder_weight=1.0).loc[
        0, "score"
    ] == pytest.approx(100)
    # the file can say who lives the change: the funder then counts
    lived = edit_element(funded, "E1", lived_by=["B1", "F"])
    scored = prioritise_outcomes(lived, importance={"E1": {"F": 0}}).set_index("effet")
    assert scored.loc["E1", "vivent"] == "B1, F"
    assert scored.loc["E1", "importance_parties_prenantes"] == pytest.approx(100 * 4 / 9, abs=0.05)


def test_default_ranking_and_ties_are_said_in_french():
    toc = _hand_toc(B1={"effectif": 120})
    ranking = prioritise_outcomes(toc)
    # all score 66.7 but E5 (nobody lives it); E1, E2 and E4 are lived by 120 people (B2's
    # size is unknown), E4 by two groups; E3 by a group of unknown size
    assert ranking["effet"].tolist() == ["E4", "E1", "E2", "E3", "E5"]
    assert ranking["departage"].tolist() == [
        "",
        "le nombre de groupes qui vivent le changement",
        "l'ordre de la théorie du changement",
        "le nombre de personnes qui vivent le changement",
        "",
    ]
    assert ranking["personnes"].tolist()[:3] == [120, 120, 120]
    assert pd.isna(ranking.loc[3, "personnes"])
    lines = explain_materiality(ranking).lines
    assert lines[1].startswith("**Ce classement vient des seules valeurs par défaut**")
    assert lines[2] == (
        "**E4**, **E1**, **E2** et **E3** sont à égalité (66,7 sur 100) : départagés par le "
        "nombre de personnes qui vivent le changement puis le nombre de groupes qui vivent le "
        "changement puis l'ordre de la théorie du changement."
    )
    assert lines[3].startswith("Règle : à score égal, passe devant l'effet le plus important")
    assert lines[4].startswith("E5 « Visibilité » n'est vécu par aucun groupe")
    assert "intérêt à savoir" in lines[5]
    adjusted = explain_materiality(prioritise_outcomes(_hand_toc(), **HAND, n_priority=2)).lines
    assert adjusted[0] == (
        "Vos 2 effets prioritaires : **E2** « Emploi » (83,3 sur 100) ; **E1** « Confiance » "
        "(83,3 sur 100)."
    )
    assert adjusted[1] == (
        "**E2** et **E1** sont à égalité (83,3 sur 100) : départagés par l'importance pour "
        "la mission."
    )
    one_tie = explain_materiality(
        prioritise_outcomes(_hand_toc(), strategic={"E3": 0, "E4": 0})
    ).lines
    assert (
        "départagés par l'ordre de la théorie du changement (même importance pour la "
        "mission, même nombre de personnes qui les vivent et même nombre de groupes qui "
        "les vivent)." in " ".join(one_tie)
    )


def test_prioritisation_is_adjustable(toc):
    ranking = prioritise_outcomes(toc, strategic={"E3": 3, "E2": 0}, stakeholder_weight=0.2)
    assert ranking["effet"].tolist()[0] == "E3"
    only_stakeholders = prioritise_outcomes(
        toc, importance={"E3": {"PP1": 3}, "E1": {"PP1": 1}}, stakeholder_weight=1.0
    )
    assert only_stakeholders["effet"].tolist()[0] == "E3"
    # the category weights matter between groups who live the same outcome
    two = edit_element(toc, "E1", stakeholders=["PP1", "PP6"], lived_by=["PP1", "PP6"])
    given = {"E1": {"PP1": 3, "PP6": 0}}
    even = prioritise_outcomes(two, importance=given, category_weights={"beneficiaires": 1})
    assert even.set_index("effet").loc["E1", "importance_parties_prenantes"] == 50
    default = prioritise_outcomes(two, importance=given).set_index("effet")
    assert default.loc["E1", "importance_parties_prenantes"] == pytest.approx(66.7)
    assert default["ajuste"].tolist() == [True, False, False]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"importance": {"E9": {"PP1": 1}}},
            ScopeError,
            r"importance : aucun effet n'a "
            r"l'identifiant « E9 » ; vouliez-vous dire",
        ),
        (
            {"importance": {"E1": {"PP9": 1}}},
            ScopeError,
            r"importance de « E1 » : aucune partie "
            r"prenante n'a l'identifiant « PP9 »",
        ),
        (
            {"importance": {"E1": {"PP1": 4}}},
            ValueError,
            r"`importance\['E1'\]\['PP1'\]` doit être "
            r"un nombre entier de 0 \(pas important\) "
            r"à 3",
        ),
        ({"importance": {"E1": 3}}, TypeError, r"`importance\['E1'\]` doit être un dictionnaire"),
        ({"importance": [1]}, TypeError, r"`importance` doit être un dictionnaire"),
        (
            {"strategic": {"E1": "haut"}},
            ValueError,
            r"`strategic\['E1'\]` doit être un nombre "
            r"entier de 0",
        ),
        (
            {"category_weights": {"elus": 2}},
            ValueError,
            r"La valeur de `category_weights` doit "
            r"être l'une de",
        ),
        (
            {"category_weights": {"equipe": -1}},
            ValueError,
            r"Le poids de « equipe » doit être un "
            r"nombre positif",
        ),
        (
            {"stakeholder_weight": 1.5},
            ValueError,
            r"`stakeholder_weight` doit être un nombre de 0 "
            r"à 1",
        ),
        ({"n_priority": -1}, ValueError, r"`n_priority` doit être un nombre entier positif"),
    ],
)
def test_bad_materiality_input(toc, kwargs, error, match):
    with pytest.raises(error, match=match):
        prioritise_outcomes(toc, **kwargs)


# --------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------
def test_draft_questions(toc):
    questions = draft_questions(toc, ["E2"])
    assert questions == [
        EvaluativeQuestion(
            "Q1",
            "Dans quelle mesure l'effet « Projet professionnel clarifié » est-il atteint pour "
            "« Personnes en recherche d'emploi », comme le suppose l'hypothèse « Un suivi "
            "régulier aide à préciser son projet » ?",
            ("E2",),
            "efficacite",
            "R2 → E2",
            "Renforcer, adapter ou arrêter les activités A1 et A2, selon que l'effet est "
            "atteint ou non.",
        )
    ]
    impact = draft_questions(toc, ["E1"], criterion="impact")[0]
    assert impact.text == (
        "Dans quelle mesure l'action a-t-elle contribué à « Confiance en soi "
        "retrouvée » pour « Personnes en recherche d'emploi », au-delà de ce qui "
        "se serait passé sans elle ?"
    )
    assert impact.decision.startswith("Rendre compte de la part de l'action")
    year = (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    dated = draft_questions(toc, ["E1"], criterion="pertinence", period=year)[0].text
    assert dated == (
        "L'effet « Confiance en soi retrouvée » répond-il à un besoin réel pour « Personnes "
        "en recherche d'emploi » du 01/09/2025 au 31/08/2026 ?"
    )
    coherence = draft_questions(toc, ["E1"], criterion="coherence")[0]
    assert coherence.text == (
        "L'effet « Confiance en soi retrouvée » découle-t-il bien des activités et des "
        "réalisations qui doivent le produire, comme le suppose l'hypothèse « Rencontrer des "
        "pairs redonne confiance » ?"
    )
    assert coherence.decision == (
        "Revoir la chaîne qui va de l'activité A1 à cet effet (théorie du changement, carnet 02)."
    )
    lasting = draft_questions(toc, ["E1"], criterion="durabilite")[0]
    assert lasting.text == (
        "L'effet « Confiance en soi retrouvée » dure-t-il après la fin de l'accompagnement ?"
    )
    assert [q.id for q in draft_questions(toc)] == ["Q1", "Q2", "Q3"]
    with pytest.raises(ValueError, match=r"`criterion` doit être l'une de \['pertinence'"):
        draft_questions(toc, criterion="utilité")
    with pytest.raises(ScopeError, match=r"questions : aucun effet n'a l'identifiant « R1 »"):
        draft_questions(toc, ["R1"])


def test_questions_come_from_the_hypotheses_and_say_their_decision():
    toc = theory_of_change_from_dict(
        {
            "activites": [{"id": "A1", "libelle": "Ateliers"}],
            "realisations": [{"id": "R1", "libelle": "Participants"}],
            "effets": [
                {"id": "E1", "libelle": "Confiance", "horizon": "court"},
                {"id": "E2", "libelle": "Stigmatisation", "horizon": "court", "nature": "negatif"},
            ],
            "liens": [
                {"de": "A1", "vers": "R1"},
                {"de": "R1", "vers": "E1"},
                {"de": "R1", "vers": "E2", "hypothese": "Être vu à l'atelier étiquette"},
            ],
        }
    )
    first, second = draft_questions(toc)
    assert first.text == "Dans quelle mesure l'effet « Confiance » est-il atteint ?"
    assert (first.hypothesis, first.decision) == (
        "",
        "Renforcer, adapter ou arrêter l'activité A1, selon que l'effet est atteint ou non.",
    )
    assert second.text == "Dans quelle mesure l'effet négatif « Stigmatisation » se produit-il ?"
    assert second.hypothesis == "R1 → E2"
    assert second.decision == (
        "Changer l'activité A1 pour limiter cet effet négatif, ou le prévenir."
    )
    assert draft_decision(toc, "E1", "efficience") == (
        "Répartir le temps et le budget entre l'activité A1."
    )
    lonely = theory_of_change_from_dict(
        {"effets": [{"id": "E1", "libelle": "Confiance", "horizon": "court"}]}
    )
    assert draft_decision(lonely, "E1", "pertinence") == (
        "Garder ou réorienter les activités de la structure selon le besoin exprimé."
    )
    assert period_phrase(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == "en 2025"
    assert period_phrase(None, None) == ""


# --------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------
def test_save_and_load_scope(ws):
    path = save_scope(
        ws,
        outcomes=["E1", "E2"],
        population="Personnes inscrites en 2025",
        period_start="2025-01-01",
        period_end="2025-12-31",
    )
    assert path == ws.step_dir("03") / "perimetre.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["effets"] == ["E1", "E2"]
    assert doc["periode"] == {"debut": "2025-01-01", "fin": "2025-12-31"}
    assert [q["effets"] for q in doc["questions"]] == [["E1"], ["E2"]]
    assert doc["questions"][0]["hypothese"] == "R1 → E1"
    assert doc["questions"][0]["decision"].startswith("Renforcer, adapter ou arrêter l'activité A1")
    assert " en 2025, comme le suppose " in doc["questions"][0]["texte"]
    scope = load_scope(ws)
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert scope == Scope(
        ("E1", "E2"),
        "Personnes inscrites en 2025",
        *year,
        tuple(draft_questions(load_theory_of_change(ws), ["E1", "E2"], period=year)),
    )


def test_widget_and_parameter_paths_write_identical_scope(tmp_path, toc):
    a = create_workspace(tmp_path / "a", "Atelier fictif")
    b = create_workspace(tmp_path / "b", "Atelier fictif")
    save_scope(
        a,
        outcomes=["E1"],
        population="Participants",
        period_start="2025-01-01",
        period_end="2025-06-30",
        questions=["La confiance revient-elle ?"],
        toc=toc,
    )
    save_scope(
        b,
        outcomes=("E1",),
        population=" Participants ",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        questions=[{"texte": "La confiance revient-elle ?"}],
        toc=toc,
    )
    assert (a.step_dir("03") / "perimetre.yml").read_bytes() == (
        b.step_dir("03") / "perimetre.yml"
    ).read_bytes()


def test_questions_given_by_hand(ws):
    save_scope(
        ws,
        outcomes=["E1", "E3"],
        population="Participants",
        period_start="2025-01-01",
        period_end="2025-12-31",
        questions=[
            {
                "texte": "Les ateliers redonnent-ils confiance ?",
                "effets": ["E1"],
                "critere": "efficacite",
            },
            {
                "id": "QX",
                "texte": "Retrouvent-ils un emploi ?",
                "effets": ["E3"],
                "critere": "impact",
            },
        ],
    )
    scope = load_scope(ws)
    assert [(q.id, q.outcomes, q.criterion) for q in scope.questions] == [
        ("Q1", ("E1",), "efficacite"),
        ("QX", ("E3",), "impact"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"outcomes": ["E7"]}, ScopeError, r"périmètre : aucun effet n'a l'identifiant « E7 »"),
        ({"outcomes": []}, ScopeError, r"doit couvrir au moins un effet"),
        ({"outcomes": ["E1", "E1"]}, ScopeError, r"cite deux fois le même effet"),
        ({"outcomes": [1]}, TypeError, r"`outcomes` doit être une liste d'identifiants"),
        ({"population": ""}, ValueError, r"Décrivez la population couverte"),
        (
            {"period_start": "01/01/2025"},
            ValueError,
            r"`period_start` doit être une date "
            r"« AAAA-MM-JJ »",
        ),
        (
            {"period_end": "2024-12-31"},
            ValueError,
            r"La période finit \(2024-12-31\) avant de "
            r"commencer \(2025-01-01\)",
        ),
        (
            {"questions": [{"texte": "Q ?", "effets": ["E3"]}]},
            ScopeError,
            r"La question « Q1 » porte sur l'effet « E3 », qui n'est pas dans le périmètre \(E1\)",
        ),
        ({"questions": [{"txt": "Q ?"}]}, ValueError, r"La question 1 a une clé inconnue « txt »"),
        ({"questions": [{"texte": ""}]}, ValueError, r"La question 1 n'a pas de texte"),
        (
            {"questions": [{"texte": "Q ?", "critere": "utilite"}]},
            ValueError,
            r"La valeur de `critere` doit être l'une de",
        ),
        ({"questions": [3]}, TypeError, r"La question 1 doit être un texte ou un dictionnaire"),
        (
            {"questions": [{"id": "A", "texte": "Q ?"}, {"id": "A", "texte": "R ?"}]},
            ValueError,
            r"Deux questions ont l'identifiant « A »",
        ),
    ],
)
def test_bad_scope(ws, kwargs, error, match):
    args = {
        "outcomes": ["E1"],
        "population": "Participants",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        **kwargs,
    }
    with pytest.raises(error, match=match):
        save_scope(ws, **args)
    assert not (ws.step_dir("03") / "perimetre.yml").exists()


SCOPE = """\
version: 1
effets: [E1, E2]
population: Participants
periode:
  debut: '2025-01-01'
  fin: '2025-12-31'
questions:
  - id: Q1
    texte: Les ateliers redonnent-ils confiance ?
    effets: [E1]
    critere: efficacite
"""


def _write_scope(ws, text: str) -> None:
    (ws.step_dir("03") / "perimetre.yml").write_text(text, encoding="utf-8")


def test_load_scope_reads_a_hand_written_file(ws):
    _write_scope(ws, SCOPE.replace("'2025-01-01'", "2025-01-01"))  # unquoted date: a YAML date
    scope = load_scope(ws)
    assert scope.period_start == dt.date(2025, 1, 1) and scope.outcomes == ("E1", "E2")


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "population: Participants",
            "populaton: Participants",
            r"perimetre\.yml : 2 problèmes à corriger :\n"
            r"- ligne 1 : la clé obligatoire « population » manque .*\n"
            r"- ligne 3 : clé inconnue « populaton » ; vouliez-vous dire « population » \?",
        ),
        (
            "  fin: '2025-12-31'",
            "  fin: '31/12/2025'",
            r"perimetre\.yml : ligne 6 : « periode\.fin » doit être une date AAAA-MM-JJ, "
            r"pas « 31/12/2025 »",
        ),
        (
            "  fin: '2025-12-31'",
            "  fin: '2024-12-31'",
            r"ligne 6 : la période finit avant de commencer",
        ),
        (
            "    effets: [E1]",
            "    effets: [E3]",
            r"ligne 10 : la question « Q1 » porte sur « E3 », qui n'est pas dans « effets »",
        ),
        (
            "    critere: efficacite",
            "    critere: efficience2",
            r"ligne 11 : « questions\[1\]\.critere » vaut « efficience2 ».*vouliez-vous dire "
            r"« efficience » \?",
        ),
        ("effets: [E1, E2]", "effets: E1", r"ligne 2 : « effets » doit être une liste"),
        (
            "periode:",
            "periode: [",
            r"perimetre\.yml, ligne \d+ : le fichier n'est pas du YAML valide",
        ),
    ],
)
def test_load_scope_errors(ws, old, new, match):
    _write_scope(ws, SCOPE.replace(old, new))
    with pytest.raises(ScopeError, match=match):
        load_scope(ws)


def test_load_scope_missing_and_out_of_step_with_toc(ws):
    with pytest.raises(
        ScopeError,
        match=r"perimetre\.yml : fichier introuvable\. Définissez le "
        r"périmètre de l'évaluation dans le carnet 03",
    ):
        load_scope(ws)
    _write_scope(ws, "- E1\n")
    with pytest.raises(ScopeError, match=r"ligne 1 : le fichier doit contenir les clés"):
        load_scope(ws)
    save_scope(
        ws,
        outcomes=["E1", "E2"],
        population="Participants",
        period_start="2025-01-01",
        period_end="2025-12-31",
    )
    toc = load_theory_of_change(ws)
    save_theory_of_change(remove_element(toc, "E2"), ws)
    with pytest.raises(
        ScopeError,
        match=r"ligne 5 : l'effet « E2 » n'est plus dans la théorie "
        r"du changement \(effets : E1, E3\) ; refaites le "
        r"périmètre dans le carnet 03",
    ):
        load_scope(ws)
    assert load_scope(ws, check_toc=False).outcomes == ("E1", "E2")


def test_save_stakeholders(ws):
    paths = save_stakeholders(ws, importance={"E3": {"PP3": 3}}, n_priority=2)
    folder = ws.step_dir("03")
    assert paths == {
        "carte": folder / "carte-parties-prenantes.png",
        "parties_prenantes": folder / "parties-prenantes.csv",
        "materialite": folder / "materialite.csv",
    }
    assert paths["carte"].read_bytes()[:4] == b"\x89PNG"
    mapped = pd.read_csv(paths["parties_prenantes"])
    assert mapped["implication"].tolist()[:3] == ["consulter", "associer", "satisfaire"]
    ranking = pd.read_csv(paths["materialite"])
    assert ranking["prioritaire"].sum() == 2


def test_save_stakeholders_without_toc(tmp_path):
    bare = create_workspace(tmp_path / "vide", "Atelier fictif")
    with pytest.raises(TheoryOfChangeError, match=r"fichier introuvable"):
        save_stakeholders(bare)


@pytest.mark.parametrize("slug", sample_slugs())
def test_stakeholder_map_labels_never_overlap_on_samples(slug):
    toc = load_theory_of_change(SAMPLES_DIR / slug / "theorie-du-changement.yml")
    fig = plot_stakeholder_map(toc)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if " · " in t.get_text()]
    assert len(labels) == len(
        {
            (s.influence, s.concernement)
            for s in toc.stakeholders
            if s.influence is not None and s.concernement is not None
        }
    )
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]

"""The readings of notebooks 01–03 (« Ce que cela veut dire pour vous »), on every sample
structure and on an empty workspace: real French sentences, singular and plural, nothing to
report, French numbers."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")  # tests only

from sizeup_helpers import framing as fr  # noqa: E402
from sizeup_helpers import stakeholders as st  # noqa: E402
from sizeup_helpers import theory_of_change as tc  # noqa: E402
from sizeup_helpers.french import NBSP, NNBSP  # noqa: E402
from sizeup_helpers.notebook import list_deliverables  # noqa: E402
from sizeup_helpers.reading import Reading  # noqa: E402
from sizeup_helpers.workspace import create_workspace, open_workspace  # noqa: E402

from .conftest import NOTEBOOKS_DIR, SAMPLES_DIR, sample_slugs  # noqa: E402

SMALL = {
    "mission_clarity": 3,
    "changes_clarity": 2,
    "data_sources": ("inscriptions",),
    "data_digital": False,
    "hours_per_month": 7.5,
    "owner": "direction",
    "team_size": 1.0,
    "years_active": 1,
}
STRONG = {
    "mission_clarity": 4,
    "changes_clarity": 3,
    "data_sources": ("inscriptions", "presences", "suivi", "questionnaires"),
    "data_digital": True,
    "hours_per_month": 16.0,
    "owner": "binome",
    "team_size": 6.0,
    "years_active": 10,
    "outcome_data": "oui",
    "baseline": "oui",
    "recontact": "oui",
}
# a young structure with a register and an attendance list only (outputs)
OUTPUTS_ONLY = {
    **SMALL,
    "data_sources": ("inscriptions", "presences"),
    "data_digital": True,
    "outcome_data": "non",
    "baseline": "non",
    "recontact": "non",
}


def _notebook01_maturity_parameters() -> dict:
    """The self-diagnostic's answers of notebook 01's parameters cell (its literals)."""
    import ast
    import json

    nb = json.loads((NOTEBOOKS_DIR / "01_cadrer_l_evaluation.ipynb").read_text("utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    values = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse("".join(cell["source"])).body
        if isinstance(node, ast.AnnAssign)
    }
    return {k: v for k, v in values.items() if k in fr.MaturityAnswers.__dataclass_fields__}


@pytest.fixture(params=sample_slugs())
def sample(request, tmp_path):
    ws = open_workspace(SAMPLES_DIR / request.param, tmp_path / "sorties")
    return ws, tc.load_theory_of_change(ws)


@pytest.fixture
def empty(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    return ws, tc.start_theory_of_change(ws)


def _text(reading: Reading) -> str:
    assert isinstance(reading, Reading) and reading
    assert reading._repr_markdown_() == reading.to_markdown()
    return reading.to_markdown()


# --------------------------------------------------------------------------------------
# 01 · cadrer l'évaluation
# --------------------------------------------------------------------------------------
def test_vocabulary_and_criteria_use_the_structures_own_chain(sample):
    ws, toc = sample
    example = fr.example_theory_of_change(ws)
    assert example == toc
    text = _text(fr.explain_vocabulary(example, ws.name))
    assert text.startswith(f"**Chez {ws.name}** :\n\n| mot | ce que c'est | exemple |")
    table = fr.explain_vocabulary(example, ws.name).to_frame()
    assert table["mot"].tolist()[:2] == ["activité", "réalisation"]
    assert table.loc[0, "exemple"] == toc.activities[0].label
    first = next(e for e in toc.outcomes if e.horizon == "court")
    criteria = fr.explain_criteria(example)
    assert criteria.lines[0] == f"Avec l'effet « {first.label} » :"
    assert len(criteria.lines) == 7 and all(line.endswith("?") for line in criteria.lines[1:])
    assert criteria.to_frame()["critere"].tolist() == list(fr.EVALUATION_CRITERIA)
    assert [line.split("**")[1] for line in criteria.lines[1:]] == [
        "Pertinence",
        "Cohérence",
        "Efficacité",
        "Efficience",
        "Impact",
        "Durabilité",
    ]
    assert f"« {first.label} »" in criteria.lines[2]  # cohérence
    assert criteria.lines[6] == (
        f"- **Durabilité** : L'effet « {first.label} » dure-t-il après la fin de l'accompagnement ?"
    )
    question = fr.propose_question(example, "", ws.name)
    assert question.startswith("Dans quelle mesure l'effet « ") and question.endswith("?")


def test_step01_readings_without_a_theory_of_change(empty):
    ws, _ = empty
    assert fr.example_theory_of_change(ws) is None
    text = _text(fr.explain_vocabulary(None, ws.name))
    assert text.startswith("Votre espace n'a pas encore de théorie du changement")
    assert fr.explain_vocabulary(None, ws.name).to_frame().empty
    criteria = fr.explain_criteria(None).lines
    assert len(criteria) == 6
    assert criteria[0] == (
        "- **Pertinence** : L'action répond-elle à un vrai besoin des personnes et du territoire ?"
    )
    assert criteria[1].startswith("- **Cohérence** : Interne : la chaîne qui va de vos")
    assert "(ce que vérifie le carnet 02)" in criteria[1]
    assert criteria[5] == (
        "- **Durabilité** : Les effets durent-ils après la fin de l'accompagnement ?"
    )
    assert fr.propose_question(None, "", "Essai") == (
        "Dans quelle mesure l'action de Essai change-t-elle la situation des personnes "
        "accompagnées ?"
    )
    assert fr.propose_question(None, "  Ma  question ? ") == "Ma question ?"


def test_a_broken_theory_of_change_is_shown_and_skipped(tmp_path, capsys):
    ws = create_workspace(tmp_path / "x", "Essai")
    (ws.root / "theorie-du-changement.yml").write_text("activites: 3\n", encoding="utf-8")
    assert fr.example_theory_of_change(ws) is None
    assert "Problème : " in capsys.readouterr().err


def test_maturity_reading_names_strength_weakness_and_path():
    answers = fr.MaturityAnswers(**SMALL)
    scores, path = fr.score_maturity(answers), fr.recommend_path(answers)
    reading = fr.explain_maturity(scores, path)
    assert reading.lines[0] == (
        "Votre point fort : **portage de l'évaluation** (60 sur 100). À renforcer : "
        "**données sur les résultats** (3 sur 100) : Des inscriptions et des présences "
        "comptent des réalisations, pas des changements : l'inventaire (étape 04) dira si vos "
        "fichiers contiennent des résultats. Il vous manque des données de résultats et une "
        "situation de départ mesurée à l'entrée : un questionnaire court (étape 07), passé à "
        "l'entrée puis à la sortie, et quelques entretiens (étape 08) vous les apporteront. "
        "Vous ne pouvez pas non plus recontacter les personnes : demandez dès l'inscription "
        "leur accord et gardez un moyen de les joindre."
    )
    assert reading.lines[1] == "Size Up vous recommande le **parcours court**, parce que :"
    assert "- 7,5 heures par mois pour l'évaluation, moins de 8." in reading.lines
    assert "- Une structure jeune : 1 an d'activité, moins de 2." in reading.lines
    assert reading.to_frame().equals(scores)
    strong = fr.MaturityAnswers(**STRONG)
    lines = fr.explain_maturity(fr.score_maturity(strong), fr.recommend_path(strong)).lines
    assert lines[1] == "Size Up vous recommande le **parcours complet**, parce que :"


def test_maturity_reading_says_the_data_are_weak_when_another_dimension_is_weaker():
    # no one carries the evaluation (0): the weakest; the data (10) are weak too
    answers = fr.MaturityAnswers(**{**OUTPUTS_ONLY, "owner": "personne"})
    lines = fr.explain_maturity(fr.score_maturity(answers)).lines
    assert "**portage de l'évaluation** (0 sur 100)" in lines[0]
    assert lines[1].startswith(
        "Vos **données sur les résultats** sont aussi à construire (10 sur 100) : Vos données "
        "décrivent ce que vous faites"
    )
    # strong data: nothing more to say about them
    strong = fr.MaturityAnswers(**{**STRONG, "owner": "personne"})
    assert len(fr.explain_maturity(fr.score_maturity(strong)).lines) == 1


def test_maturity_reading_when_every_score_is_the_same():
    scores = fr.score_maturity(fr.MaturityAnswers(**SMALL)).assign(score=50)
    line = fr.explain_maturity(scores).lines[0]
    assert line.startswith("Vos 4 dimensions ont le même score : **50 sur 100**.")
    assert len(fr.explain_maturity(scores).lines) == 1


def test_path_reading_singular_plural_and_minimum():
    short = fr.recommend_path(fr.MaturityAnswers(**SMALL))
    text = fr.explain_path(short).lines[0]
    assert text.startswith(
        "Sur le parcours court, les étapes 01, 03, 05, 06, 07, 08, 09, 10 et 12 "
        "sont **allégées** et l'étape 11 est **facultative**."
    )
    lines = fr.explain_path(short).lines
    assert [line.split(" :")[0] for line in lines[1:4]] == [
        "- Vous ne savez pas si vous avez des données de résultats",
        "- Pas de situation de départ connue",
        "- Pour recontacter les personnes à 3 ou 6 mois, recueillez dès l'inscription leur "
        "accord et un moyen de les joindre, en leur disant à quoi cela servira (RGPD, "
        "article 13) ; sinon, mesurez à la sortie.",
    ]
    assert lines[4].startswith("**Livrable minimum** — Pour le Demo Day")
    few = fr.RecommendedPath(
        "court",
        (),
        (("01", "a", "allégé", ""), ("02", "b", "complet", ""), ("07", "c", "facultatif", "")),
        "Rien.",
    )
    assert (
        fr.explain_path(few)
        .lines[0]
        .startswith(
            "Sur le parcours court, l'étape 01 est **allégée** et l'étape 07 est **facultative**."
        )
    )
    none = fr.RecommendedPath("court", (), (("02", "b", "complet", ""),), "Rien.")
    assert (
        "aucune étape n'est allégée et aucune étape n'est facultative"
        in fr.explain_path(none).lines[0]
    )
    full = fr.recommend_path(fr.MaturityAnswers(**STRONG))
    lines = fr.explain_path(full).lines
    assert lines[0].startswith("Vous suivez les 13 étapes en entier.")
    assert lines[1] == (
        "- Vous avez des données de résultats, une situation de départ et pouvez recontacter "
        "les personnes : un avant/après est possible dès l'analyse (étape 09)."
    )
    assert len(lines) == 3  # nothing else to report
    assert list(fr.path_table(full).columns) == ["Carnet", "Niveau", "Conseil"]


WORKSPACES = [*sample_slugs(), "espace vide"]


@pytest.fixture(params=WORKSPACES)
def any_workspace(request, tmp_path):
    if request.param == "espace vide":
        return create_workspace(tmp_path / "x", "Essai")
    return open_workspace(SAMPLES_DIR / request.param, tmp_path / "sorties")


def test_new_answers_are_read_on_every_workspace(any_workspace):
    """The notebook's default answers, then an outputs-only young structure with volunteers
    and a funder's deadline, saved and read back on each sample and an empty workspace."""
    ws = any_workspace
    defaults = _notebook01_maturity_parameters()
    assert defaults["outcome_data"] == "ne_sait_pas" and defaults["funder_deadline"] == ""
    fr.save_maturity(ws, **defaults)
    answers, path = fr.load_maturity(ws)
    scores = fr.score_maturity(answers)
    maturity = _text(fr.explain_maturity(scores, path))
    # structure type: 3 kinds of file in spreadsheets, nothing known on outcomes:
    # 10 * 3 / 4 + 5 = 12.5, rounded to 13
    assert "À renforcer : **données sur les résultats** (13 sur 100) : Des inscriptions" in (
        maturity
    )
    assert "Size Up vous recommande le **parcours complet**, parce que :" in maturity
    text = _text(fr.explain_path(path))
    assert "- Vous ne savez pas si vous avez des données de résultats : vos inscriptions" in text
    assert "Le questionnaire (07) et le guide d'entretien (08) sont donc essentiels pour vous" in (
        text
    )
    assert "Un financeur attend" not in text

    young = {**OUTPUTS_ONLY, "volunteer_hours_per_month": 1.0, "funder_deadline": "2026-06-15"}
    fr.save_maturity(ws, **young)
    answers, path = fr.load_maturity(ws)
    maturity = fr.explain_maturity(fr.score_maturity(answers), path).lines
    assert "**données sur les résultats** (10 sur 100) : Vos données décrivent" in maturity[0]
    assert (
        "- Une équipe de 1,01 équivalent temps plein, bénévoles compris (0,01 pour 1 heure de "
        "bénévolat par mois), moins de 2."
    ) in maturity
    lines = fr.explain_path(path).lines
    assert lines[0].startswith("Sur le parcours court, les étapes 01, 03, 05, 06, 07, 08, 09, ")
    assert lines[1].startswith("- Vous n'avez pas encore de données de résultats")
    assert "restent donc au programme, en version allégée (8 à 10 questions, 3 à 5" in lines[1]
    assert lines[-2] == (
        "- Un financeur attend des résultats le 15 juin 2026 : le calendrier du cadrage dit "
        "quelles étapes faire avant cette date."
    )
    table = fr.path_table(path)
    assert table.loc["07", "Niveau"] == table.loc["08", "Niveau"] == "allégé"

    fr.save_framing_answers(
        ws,
        purposes=["redevabilite"],
        audiences=["financeurs"],
        evaluative_question="Q ?",
        start_month="2026-01",
    )
    framing = fr.load_framing(ws)
    reading = fr.explain_framing(framing)
    assert reading.lines[4] == (
        "Un financeur attend des résultats le 15 juin 2026, au mois 6 du parcours. Avant "
        "cette date, il vous faut :"
    )
    assert reading.lines[5] == (
        "- 02 Théorie du changement (prévue au mois 1) : la théorie du changement, la base de "
        "ce que vous montrerez."
    )
    assert reading.lines[9] == (
        "- 07 Questionnaire (**à avancer**, prévue au mois 7) : le questionnaire court lancé, "
        "au moins sa mesure à l'entrée (la situation de départ)."
    )
    assert reading.lines[-1].startswith("À 6 mois du début, un avant/après est rarement")
    assert (
        fr.calendar_table(framing)
        .loc[6, "Étapes"]
        .endswith("Échéance du financeur : avancez 07, 09 et 12")
    )


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (
            "2027-03",
            "L'échéance de votre financeur (mars 2027) tombe après le Demo Day : le parcours "
            "entier tient avant.",
        ),
        (
            "2025-12-01",
            "L'échéance de votre financeur (1er décembre 2025) précède le début du parcours "
            "(janvier 2026) : vérifiez la date dans l'autodiagnostic.",
        ),
    ],
)
def test_deadline_outside_the_twelve_months(deadline, expected):
    framing = fr.Framing(("redevabilite",), ("CA",), "Q ?", 4, "2026-01", funder_deadline=deadline)
    lines = fr.explain_framing(framing).lines
    assert lines[-1] == expected and len(lines) == 5


def test_a_late_deadline_asks_nothing_more():
    framing = fr.Framing(("redevabilite",), ("CA",), "Q ?", 4, "2026-01", funder_deadline="2026-12")
    lines = fr.explain_framing(framing).lines
    assert "**à avancer**" not in "".join(lines)
    assert lines[-1].startswith("- 12 Restitution (prévue au mois 12) : une note d'étape")


def test_stages_cover_every_step():
    from sizeup_helpers.curriculum import STEPS

    reading = fr.explain_stages()
    frame = reading.to_frame()
    assert frame["etape"].tolist() == [s.number for s in STEPS]
    assert reading.lines[0] == (
        "La promesse se construit en 3 étapes, la preuve en 8 et l'appropriation en 2, dont la "
        "restitution du Demo Day."
    )
    assert "| 12 Restitution | appropriation |" in _text(reading)


def test_framing_reading_french_numbers(empty):
    ws, _ = empty
    fr.save_maturity(ws, **{**SMALL, "hours_per_month": 1.0})
    fr.save_framing_answers(
        ws,
        purposes=["redevabilite", "amelioration"],
        audiences=["financeurs", "conseil d'administration", "équipe"],
        evaluative_question="Dans quelle mesure ?",
        start_month="2026-09",
        budget_eur=12500,
    )
    framing = fr.load_framing(ws)
    lines = fr.explain_framing(framing).lines
    assert lines[0] == (
        "Votre évaluation vise d'abord à **prouver** (enjeux : rendre compte "
        "aux financeurs et aux partenaires, améliorer l'action), pour "
        "financeurs, conseil d'administration et équipe."
    )
    assert lines[2] == "> Dans quelle mesure ?"
    assert lines[3] == (
        f"Moyens : 1 heure par mois, un budget de 12{NNBSP}500{NBSP}€. Le "
        "calendrier du parcours court va de septembre 2026 à août 2027, mois "
        "du Demo Day."
    )
    assert fr.calendar_table(framing).index.name == "Mois"
    assert fr.path_notice(ws) == (
        "Parcours recommandé au carnet 01 : court ; suivez les encadrés « Parcours court »."
    )


def test_framing_reading_one_purpose_no_budget(empty):
    ws, _ = empty
    fr.save_maturity(ws, **STRONG)
    assert fr.path_notice(ws) == "Parcours recommandé au carnet 01 : complet."
    fr.save_framing_answers(
        ws,
        purposes=["motivation"],
        audiences=["équipe"],
        evaluative_question="Q ?",
        start_month="2026-01",
    )
    lines = fr.explain_framing(fr.load_framing(ws)).lines
    assert lines[0] == (
        "Votre évaluation vise d'abord à **améliorer** (enjeu : mobiliser "
        "l'équipe, les bénévoles et les personnes accompagnées), pour équipe."
    )
    assert lines[3].startswith("Moyens : 16 heures par mois, sans budget dédié.")


def test_parameter_codes_and_scores_table():
    codes = fr.parameter_codes()
    assert codes.index.names == ["Paramètre", "Code"]
    assert ("owner", "binome") in codes.index and ("data_sources", "suivi") in codes.index
    assert codes.loc[("outcome_data, baseline, recontact", "ne_sait_pas"), "Signification"] == (
        "Je ne sais pas"
    )
    table = fr.scores_table(fr.score_maturity(fr.MaturityAnswers(**STRONG)))
    assert list(table.columns) == ["Score sur 100", "Niveau", "Conseil"]


# --------------------------------------------------------------------------------------
# 02 · théorie du changement
# --------------------------------------------------------------------------------------
def _old_notebook_dimensions(toc) -> str:
    """What notebook 02 wrote before the writer moved into the package."""
    frame = pd.DataFrame(
        [
            {
                "effet": e.id,
                "libelle": e.label,
                "horizon": e.horizon,
                **{d: getattr(e.dimensions, d) for d in tc.DIMENSIONS},
            }
            for e in toc.outcomes
        ],
        columns=["effet", "libelle", "horizon", *tc.DIMENSIONS],
    )
    return frame.to_csv(index=False)


def test_step02_readings_on_the_samples(sample):
    ws, toc = sample
    text = _text(tc.explain_theory_of_change(toc))
    counts = (len(toc.activities), len(toc.outputs), len(toc.outcomes))
    assert text.startswith(
        f"Votre théorie du changement compte : {counts[0]} activités, {counts[1]} réalisation"
    )
    assert tc.explain_theory_of_change(toc).to_frame().index.tolist() == [
        e.id for e in toc.elements
    ]
    paths = tc.save_diagram(ws, toc)
    diagram = _text(tc.explain_diagram(toc, paths))
    assert diagram.startswith(
        f"Le schéma compte {len(toc.elements)} cases et {len(toc.links)} flèches"
    )
    assert "`schema-theorie-du-changement.png` et `schema-theorie-du-changement.svg`" in diagram
    coherence = tc.check_coherence(toc)
    findings = tc.coherence_findings(coherence)
    reading = tc.explain_coherence(coherence)
    if coherence.empty:
        assert findings.lines == ["Aucune ligne : rien à signaler."]
        assert reading.lines[0].startswith("Aucun problème détecté")
    else:
        assert len(findings.lines) == len(coherence)
        assert reading.lines[0].endswith(
            (
                "la chaîne ne tient qu'une fois chacun tranché.",
                "la chaîne est cassée à ces endroits.",
            )
        )
        assert "La chaîne tient." not in reading.to_text()
    path = tc.save_dimensions(ws, toc)
    assert path == ws.step_dir("02") / "dimensions-impact.csv"
    assert path.read_text(encoding="utf-8") == _old_notebook_dimensions(toc)
    dims = tc.explain_dimensions(toc)
    assert dims.lines[0].endswith(".") and "cinq dimensions écrites" in dims.lines[0]
    assert dims.lines[1].startswith("Le « combien » deviendra vos indicateurs")
    overview = tc.dimensions_overview(toc)
    assert overview.index.tolist() == [e.id for e in toc.outcomes]
    assert not (overview == "").any().any()


def test_step02_readings_on_an_empty_workspace(empty):
    ws, toc = empty
    lines = tc.explain_theory_of_change(toc).lines
    assert lines[0] == (
        "Votre théorie du changement compte : 0 activité, 0 réalisation, "
        "0 effet, sans impact écrit ; 0 lien."
    )
    assert lines[1].startswith("Elle est encore vide")
    paths = tc.save_diagram(ws, toc)
    assert tc.explain_diagram(toc, paths).lines[0].startswith("Le schéma est encore vide")
    coherence = tc.check_coherence(toc)
    assert tc.explain_coherence(coherence).lines[0] == (
        "**1 point** à corriger et **aucun point** à vérifier. Commencez par les points à "
        "corriger : la chaîne est cassée à ces endroits."
    )
    assert (
        tc.explain_dimensions(toc)
        .lines[0]
        .startswith("Votre théorie du changement n'a pas encore d'effet")
    )
    assert (
        tc.save_dimensions(ws, toc)
        .read_text(encoding="utf-8")
        .startswith("effet,libelle,horizon,quoi,qui,combien,contribution,risque")
    )
    assert tc.elements_table(toc).empty


def _small_toc(**dimensions):
    return tc.theory_of_change_from_dict(
        {
            "probleme": "Isolement",
            "impact": {"id": "I", "libelle": "Lien social durable"},
            "activites": [{"id": "A1", "libelle": "Ateliers"}],
            "realisations": [{"id": "R1", "libelle": "Participants"}],
            "effets": [
                {"id": "E1", "libelle": "Confiance", "horizon": "long", "dimensions": dimensions}
            ],
            "liens": [
                {"de": "A1", "vers": "R1"},
                {"de": "R1", "vers": "E1"},
                {"de": "E1", "vers": "I", "hypothese": "La confiance ouvre aux autres"},
            ],
        }
    )


def test_step02_readings_singular():
    full = dict.fromkeys(tc.DIMENSIONS, "écrit")
    toc = _small_toc(**full)
    assert tc.explain_theory_of_change(toc).lines == [
        "Votre théorie du changement compte : 1 activité, 1 réalisation, 1 effet (1 à long "
        "terme), vers l'impact « Lien social durable » ; 3 liens dont 1 avec une hypothèse.",
        "Aucun effet négatif ou non attendu n'est noté : demandez-vous en équipe ce que "
        "l'action pourrait abîmer ou produire sans le vouloir, et notez-le (« nature : "
        "negatif », « attendu : false ») s'il existe.",
    ]
    assert tc.explain_dimensions(toc).lines[0] == "Votre effet a ses cinq dimensions écrites."
    assert tc.explain_dimensions(_small_toc()).lines[0] == (
        "Aucun effet sur 1 n'a encore ses cinq dimensions écrites ; il n'en a encore aucune."
    )
    paths = {"png": tc.Path("s.png"), "svg": tc.Path("s.svg")}
    assert (
        tc.explain_diagram(toc, paths)
        .lines[0]
        .startswith("Le schéma compte 4 cases et 3 flèches, dont 1 avec une hypothèse.")
    )
    coherence = tc.check_coherence(toc)
    assert tc.explain_coherence(coherence).lines[:2] == [
        "**Aucun point** à corriger et **2 points** à vérifier. Aucun maillon n'est cassé ; "
        "relisez en équipe les points à vérifier : la chaîne ne tient qu'une fois chacun "
        "tranché.",
        "Une hypothèse manque : c'est une question à vous poser, et souvent une bonne "
        "question évaluative pour le carnet 03.",
    ]


def test_the_broken_example_is_reported_with_its_lines():
    problem = tc.toc_text_problem(tc.BROKEN_EXAMPLE)
    assert isinstance(problem, tc.TheoryOfChangeError)
    assert problem.message == (
        "exemple.yml : 2 problèmes à corriger :\n"
        "- ligne 8 : « effets[1].horizon » vaut « bientôt », qui n'est pas une valeur possible "
        "(court, moyen, long) ;\n"
        "- ligne 10 : le lien « A1 → E9 » cite « E9 », qui n'existe pas (identifiants "
        "existants : A1)."
    )
    assert tc.toc_text_problem("activites:\n  - id: A1\n    libelle: Ateliers\n") is None
    assert "ligne 2" in tc.toc_text_problem("a: [\nb").message
    with pytest.raises(tc.TheoryOfChangeError, match=r"^x\.yml : le fichier est vide\.$"):
        tc.theory_of_change_from_text("", source="x.yml")


def test_describe_takes_its_lead_as_a_parameter():
    toc = _small_toc()
    assert tc.describe_theory_of_change(toc).startswith("Schéma de la théorie du changement : ")
    assert tc.describe_theory_of_change(toc, lead="Elle compte").startswith("Elle compte : ")


# --------------------------------------------------------------------------------------
# 03 · parties prenantes
# --------------------------------------------------------------------------------------
def test_step03_readings_on_the_samples(sample):
    ws, toc = sample
    groups = st.explain_groups(toc)
    n = len(toc.stakeholders)
    assert groups.lines[0] == f"Votre théorie du changement nomme {n} groupes."
    assert groups.lines[1].startswith(
        (
            "Partie prenante interne : « ",
            "Parties prenantes internes : « ",
            "**Aucune partie prenante interne**",
        )
    )
    assert st.groups_table(toc).index.tolist() == [s.id for s in toc.stakeholders]
    involvement = st.stakeholder_map(toc)
    text = _text(st.explain_involvement(involvement))
    assert all(f"« {s.name} »" in text for s in toc.stakeholders)
    assert st.involvement_table(involvement).columns[-1] == "Pourquoi"
    ranking = st.prioritise_outcomes(toc)
    top = ranking[ranking["prioritaire"]]
    materiality = st.explain_materiality(ranking)
    lead = materiality.lines[0]
    assert lead.startswith(f"Vos {len(top)} effets prioritaires : **{top.iloc[0]['effet']}**")
    assert " sur 100)" in lead and "." not in lead.split("(")[1].split(" sur")[0]
    assert materiality.lines[1].startswith("**Ce classement vient des seules valeurs par défaut")
    assert any(line.startswith("Règle : à score égal") for line in materiality.lines)
    assert materiality.lines[-1].startswith("Un classement n'est pas une vérité")
    assert "Vivent le changement" in st.ranking_table(ranking).columns
    assert st.ranking_table(ranking).index.name == "Rang"
    params = st.propose_scope(ws, toc, ranking)
    st.save_scope_answers(ws, toc=toc, **params)
    scope = st.load_scope(ws)
    questions = st.list_questions(scope)
    assert len(questions.lines) == len(scope.outcomes)
    assert (
        questions.lines[0].startswith("- **Q1** (effet ")
        and "critère efficacité" in questions.lines[0]
    )
    year = ws.config["structure"]["annee"]
    assert st.explain_scope(scope, toc).lines[0].endswith(f"du 01/01/{year} au 31/12/{year}.")
    assert f"**{len(scope.outcomes)} effets**" in st.explain_scope(scope, toc).lines[0]
    files = list_deliverables(ws, "03")
    assert files.lines == [f"Dans `{ws.step_dir('03')}` :", "- `perimetre.yml`"]


def test_step03_readings_on_an_empty_workspace(empty):
    ws, toc = empty
    assert (
        st.explain_groups(toc)
        .lines[0]
        .startswith("Votre théorie du changement ne nomme encore aucun groupe")
    )
    assert (
        st.explain_involvement(st.stakeholder_map(toc))
        .lines[0]
        .startswith("Aucune partie prenante à impliquer")
    )
    assert (
        st.explain_materiality(st.prioritise_outcomes(toc))
        .lines[0]
        .startswith("Aucun effet à classer")
    )
    assert list_deliverables(ws, "03").lines[0].startswith("Aucun fichier pour l'instant")
    assert len(st.criteria_codes().lines) == 6


def test_step03_readings_singular(empty):
    ws, _ = empty
    toc = tc.add_stakeholder(_small_toc(), "Équipe salariée", "equipe")
    toc = tc.add_stakeholder(toc, "Habitants : jeunes, familles", "beneficiaires")
    toc = tc.add_stakeholder(toc, "Bénévoles", "benevoles")
    lines = st.explain_groups(toc).lines
    assert lines == [
        "Votre théorie du changement nomme 3 groupes.",
        "Parties prenantes internes : « Équipe salariée » et « Bénévoles ».",
    ]
    one = tc.remove_stakeholder(tc.remove_stakeholder(toc, "PP3"), "PP2")
    assert st.explain_groups(one).lines[1:] == [
        "Partie prenante interne : « Équipe salariée ».",
        "Catégories absentes : bénéficiaires et bénévoles. Si elles existent chez vous, "
        "ajoutez-les avec le formulaire du carnet 02 (partie « Une partie prenante »), puis "
        "exécutez de nouveau ce carnet.",
    ]
    ranking = st.prioritise_outcomes(toc, n_priority=1)
    materiality = st.explain_materiality(ranking).lines
    assert materiality[0] == "Votre effet prioritaire : **E1** « Confiance » (33,3 sur 100)."
    assert materiality[1].startswith("**Ce classement vient des seules valeurs par défaut**")
    assert materiality[2].startswith("E1 « Confiance » n'est vécu par aucun groupe")
    none = st.prioritise_outcomes(toc, n_priority=0)
    assert (
        st.explain_materiality(none)
        .lines[0]
        .startswith(
            "Aucun effet n'est marqué prioritaire : le périmètre proposé partira du premier"
        )
    )
    st.save_scope_answers(
        ws,
        toc=toc,
        scope_outcomes=["E1"],
        population="Habitants",
        period_start="2025-09-01",
        period_end="2026-08-31",
    )
    scope = st.load_scope(ws, check_toc=False)
    assert st.explain_scope(scope, toc).lines[0] == (
        "L'évaluation couvre **1 effet** : E1 « Confiance », pour la population « Habitants », "
        "du 01/09/2025 au 31/08/2026."
    )


def test_propose_scope_keeps_what_is_given(sample):
    ws, toc = sample
    ranking = st.prioritise_outcomes(toc)
    defaults = st.scope_defaults(ws, toc, ranking)
    proposed = st.propose_scope(ws, toc, ranking)
    assert {k: proposed[k] for k in defaults} == defaults
    assert (proposed["criterion"], proposed["questions"]) == ("efficacite", {})
    first = toc.outcomes[0].id
    given = st.propose_scope(
        ws,
        toc,
        ranking,
        scope_outcomes=[first],
        population="Tous",
        period_start="2024-01-01",
        period_end="2024-06-30",
        criterion="impact",
        questions={first: "Q ?"},
    )
    assert given == {
        "scope_outcomes": [first],
        "population": "Tous",
        "period_start": "2024-01-01",
        "period_end": "2024-06-30",
        "criterion": "impact",
        "questions": {first: "Q ?"},
    }

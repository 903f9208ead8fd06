"""Tests of sizeup_helpers.framing: self-diagnostic, recommended path, framing, calendar."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import yaml

matplotlib.use("Agg")  # tests only

from sizeup_helpers.curriculum import STEPS  # noqa: E402
from sizeup_helpers.framing import (  # noqa: E402
    DEADLINE_STEPS,
    HOURS_PER_FTE_MONTH,
    MATURITY_QUESTIONS,
    Framing,
    FramingError,
    MaturityAnswers,
    deadline_label,
    deadline_month,
    deadline_plan,
    evaluation_calendar,
    load_framing,
    load_maturity,
    load_path,
    plot_maturity,
    recommend_path,
    save_framing,
    save_framing_answers,
    save_maturity,
    score_maturity,
    team_capacity,
)
from sizeup_helpers.workspace import create_workspace  # noqa: E402

STRONG = {
    "mission_clarity": 4,
    "changes_clarity": 3,
    "data_sources": ["inscriptions", "presences", "suivi", "questionnaires"],
    "data_digital": True,
    "hours_per_month": 16.0,
    "owner": "binome",
    "team_size": 6.0,
    "years_active": 10,
    "outcome_data": "oui",
    "baseline": "oui",
    "recontact": "oui",
}
# a young structure with a register and an attendance list: outputs only
OUTPUTS_ONLY = {
    "mission_clarity": 3,
    "changes_clarity": 2,
    "data_sources": ["inscriptions", "presences"],
    "data_digital": True,
    "hours_per_month": 4.0,
    "owner": "direction",
    "team_size": 1.0,
    "years_active": 1,
    "outcome_data": "non",
    "baseline": "non",
    "recontact": "non",
}
# the answers of the first version of the self-diagnostic (no data, volunteers or deadline
# questions): every new answer takes its default
SMALL = {
    "mission_clarity": 3,
    "changes_clarity": 2,
    "data_sources": ["inscriptions"],
    "data_digital": False,
    "hours_per_month": 4.0,
    "owner": "direction",
    "team_size": 1.0,
    "years_active": 1,
}


@pytest.fixture
def ws(tmp_path):
    return create_workspace(tmp_path / "espace", "Atelier fictif")


def test_criteria_codes_agree_with_notebook_03():
    from sizeup_helpers.framing import EVALUATION_CRITERIA
    from sizeup_helpers.stakeholders import CRITERIA

    assert list(EVALUATION_CRITERIA) == list(CRITERIA)
    assert [name for name, _ in EVALUATION_CRITERIA.values()] == [
        text.split(" :")[0] for text in CRITERIA.values()
    ]


def test_questions_cover_every_answer():
    assert set(MATURITY_QUESTIONS) == set(MaturityAnswers.__dataclass_fields__)
    assert all(q["question"].endswith("?") for q in MATURITY_QUESTIONS.values())


def test_scores_follow_the_documented_formulas():
    scores = score_maturity(MaturityAnswers(**STRONG)).set_index("dimension")
    assert scores["score"].to_dict() == {
        "clarte": 83,
        "donnees": 100,
        "temps": 100,
        "pilotage": 100,
    }
    assert (scores["niveau"] == "solide").all()
    small = score_maturity(MaturityAnswers(**SMALL)).set_index("dimension")
    # clarte (3+2-2)/6 = 50; donnees: nothing known (« ne sait pas ») + 10*1/4 = 2.5 -> 3
    # (rounded half up); temps 4/16 = 25; direction 60
    assert small["score"].to_dict() == {"clarte": 50, "donnees": 3, "temps": 25, "pilotage": 60}
    assert small.loc["temps", "niveau"] == "à construire"
    assert small.loc["clarte", "niveau"] == "en cours"
    assert small.loc["temps", "conseil"].startswith("Moins de 8 heures par mois")
    assert list(small.columns) == ["libelle", "score", "niveau", "conseil"]


def test_no_data_scores_zero_even_if_digital():
    answers = MaturityAnswers(**{**SMALL, "data_sources": [], "data_digital": True})
    assert score_maturity(answers).set_index("dimension").loc["donnees", "score"] == 0


def test_outputs_only_files_score_low_and_say_why():
    """A register and an attendance list scored 62.5 when the score counted kinds of file."""
    data = score_maturity(MaturityAnswers(**OUTPUTS_ONLY)).set_index("dimension").loc["donnees"]
    # 0 outcome data + 0 baseline + 0 recontact + files 10 * 2 / 4 + 5 (in files) = 10
    assert data["score"] == 10 and data["niveau"] == "à construire"
    assert data["libelle"] == "Données sur les résultats"
    assert data["conseil"] == (
        "Vos données décrivent ce que vous faites (des réalisations, comme des inscriptions "
        "ou des présences), pas ce qui change pour les personnes. Il vous manque des données "
        "de résultats et une situation de départ mesurée à l'entrée : un questionnaire court "
        "(étape 07), passé à l'entrée puis à la sortie, et quelques entretiens (étape 08) vous "
        "les apporteront. Vous ne pouvez pas non plus recontacter les personnes : demandez dès "
        "l'inscription leur accord et gardez un moyen de les joindre."
    )
    unknown = {**OUTPUTS_ONLY, "outcome_data": "ne_sait_pas"}
    advice = score_maturity(MaturityAnswers(**unknown)).loc[1, "conseil"]
    assert advice.startswith("Des inscriptions et des présences comptent des réalisations")
    assert "l'inventaire (étape 04) dira si vos fichiers contiennent des résultats" in advice


def test_data_score_computed_by_hand():
    answers = MaturityAnswers(
        **{
            **OUTPUTS_ONLY,
            "data_sources": ["inscriptions", "suivi", "questionnaires"],
            "outcome_data": "oui",
            "recontact": "oui",
        }
    )
    # outcome data 40 + baseline 0 + recontact 20 + files 10 * 3 / 4 = 7.5 + in files 5
    # = 72.5, rounded half up to 73
    data = score_maturity(answers).set_index("dimension").loc["donnees"]
    assert data["score"] == 73 and data["niveau"] == "solide"
    assert data["conseil"] == (
        "Il vous manque une situation de départ mesurée à l'entrée : un questionnaire court "
        "(étape 07), passé à l'entrée puis à la sortie, et quelques entretiens (étape 08) "
        "vous l'apporteront."
    )
    full = score_maturity(MaturityAnswers(**STRONG)).set_index("dimension").loc["donnees"]
    assert full["conseil"].startswith("Vous avez des données de résultats, une situation")
    no_contact = MaturityAnswers(**{**STRONG, "recontact": "non"})
    assert score_maturity(no_contact).loc[1, "conseil"] == (
        "Vous ne pouvez pas encore recontacter les personnes : demandez dès l'inscription leur "
        "accord et gardez un moyen de les joindre."
    )


def test_full_path_for_a_strong_team():
    path = recommend_path(MaturityAnswers(**STRONG))
    assert path.path == "complet"
    table = path.table()
    assert table["etape"].tolist() == [s.number for s in STEPS]
    assert (table["niveau"] == "complet").all()
    assert path.minimum_deliverable.startswith("Pour le Demo Day : le rapport")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"hours_per_month": 6.0}, "6 heures par mois pour l'évaluation, moins de 8."),
        ({"team_size": 1.5}, "Une équipe de 1,5 équivalent temps plein, moins de 2."),
        ({"years_active": 1}, "Une structure jeune : 1 an d'activité, moins de 2."),
    ],
)
def test_short_path_rules(change, reason):
    path = recommend_path(MaturityAnswers(**{**STRONG, **change}))
    assert path.path == "court"
    assert path.reasons == (reason,)
    levels = dict(zip(path.table()["etape"], path.table()["niveau"], strict=True))
    assert levels["02"] == levels["04"] == "complet"
    assert levels["11"] == "facultatif" and levels["12"] == "allégé"
    # the questionnaire and the interviews stay, light, even for a team with outcome data
    assert levels["07"] == levels["08"] == levels["10"] == "allégé"
    advice = dict(zip(path.table()["etape"], path.table()["conseil"], strict=True))
    assert advice["07"] == (
        "Version allégée : 8 à 10 questions, seulement sur les effets prioritaires que vos "
        "données ne couvrent pas."
    )
    assert "3 à 5 indicateurs calculés sur vos données existantes" in path.minimum_deliverable
    assert path.notes == (
        "Vous avez des données de résultats, une situation de départ et pouvez recontacter "
        "les personnes : un avant/après est possible dès l'analyse (étape 09).",
    )


def test_outputs_only_structure_keeps_questionnaire_and_interviews_light():
    """The programme's lesson: a young structure without outcome data collects first."""
    for answers in (OUTPUTS_ONLY, {**OUTPUTS_ONLY, "outcome_data": "ne_sait_pas"}):
        path = recommend_path(MaturityAnswers(**answers))
        assert path.path == "court"
        table = path.table().set_index("etape")
        assert table.loc[["07", "08", "10"], "niveau"].tolist() == ["allégé"] * 3
        assert "facultatif" not in table.loc[["07", "08"], "niveau"].tolist()
        assert table.loc["07", "conseil"] == (
            "Version allégée, à garder : vous n'avez pas encore de données de résultats. 8 à "
            "10 questions sur vos 2 ou 3 effets prioritaires, passées à l'entrée (situation "
            "de départ) puis à la sortie. Demandez dès l'inscription l'accord des personnes "
            "pour les recontacter : sans lui, pas de mesure à 3 ou 6 mois."
        )
        assert table.loc["08", "conseil"].startswith(
            "Version allégée, à garder : 3 à 5 entretiens avec des personnes accompagnées"
        )
        assert table.loc["06", "conseil"].startswith("3 à 5 indicateurs : vos réalisations")
        assert "au moins un résultat mesuré par votre questionnaire court" in (
            path.minimum_deliverable
        )
        assert (
            "Le questionnaire (07) et le guide d'entretien (08) restent donc au " in (path.notes[0])
        )
    no = recommend_path(MaturityAnswers(**OUTPUTS_ONLY))
    assert no.notes[0].startswith("Vous n'avez pas encore de données de résultats : vos ")
    assert no.notes[1].startswith("Pas de situation de départ connue : sans elle, pas ")
    assert no.notes[2].startswith("Pour recontacter les personnes à 3 ou 6 mois")
    unknown = recommend_path(MaturityAnswers(**{**OUTPUTS_ONLY, "outcome_data": "ne_sait_pas"}))
    assert unknown.notes[0].startswith("Vous ne savez pas si vous avez des données de résultats")


def test_structure_with_outcome_data_but_no_baseline():
    answers = {**OUTPUTS_ONLY, "outcome_data": "oui", "recontact": "oui"}
    path = recommend_path(MaturityAnswers(**answers))
    table = path.table().set_index("etape")
    assert table.loc["07", "conseil"] == (
        "Version allégée : vous avez des résultats mais pas de situation de départ. 8 à 10 "
        "questions passées à l'entrée des prochaines personnes, puis à la sortie."
    )
    assert table.loc["06", "conseil"] == (
        "3 à 5 indicateurs, calculés sur les données que vous avez déjà."
    )
    assert [n.split(" :")[0] for n in path.notes] == ["Pas de situation de départ connue"]


def test_volunteers_hours_count_in_the_team():
    salaried_only = {**STRONG, "team_size": 1.0}
    assert team_capacity(MaturityAnswers(**salaried_only)) == 1.0
    path = recommend_path(MaturityAnswers(**salaried_only))
    assert path.reasons == ("Une équipe de 1 équivalent temps plein, moins de 2.",)
    # 40 hours of volunteering a month: 40 / (1 607 / 12) = 0.30 FTE, still under 2
    some = MaturityAnswers(**salaried_only, volunteer_hours_per_month=40)
    assert team_capacity(some) == pytest.approx(1 + 40 * 12 / 1607)
    assert recommend_path(some).reasons == (
        "Une équipe de 1,3 équivalent temps plein, bénévoles compris (0,3 pour 40 heures de "
        "bénévolat par mois), moins de 2.",
    )
    # a full-time equivalent of volunteers makes the team of 2: the full path
    many = MaturityAnswers(**salaried_only, volunteer_hours_per_month=HOURS_PER_FTE_MONTH)
    assert team_capacity(many) == pytest.approx(2.0)
    full = recommend_path(many)
    assert full.path == "complet"
    assert full.reasons == (
        "Le temps, l'équipe (bénévoles compris) et la maturité de la structure permettent le "
        "parcours complet.",
    )
    assert HOURS_PER_FTE_MONTH == pytest.approx(133.9, abs=0.05)


def test_funder_deadline_is_read_and_said():
    assert deadline_label("2026-06") == "juin 2026"
    assert deadline_label(" 2026-06-15 ") == "15 juin 2026"
    assert deadline_label("2026-06-01") == "1er juin 2026"
    assert deadline_label("") == ""
    answers = MaturityAnswers(**{**STRONG, "funder_deadline": " 2026-06 "})
    assert answers.funder_deadline == "2026-06"
    assert recommend_path(answers).notes[-1] == (
        "Un financeur attend des résultats en juin 2026 : le calendrier du cadrage dit "
        "quelles étapes faire avant cette date."
    )
    dated = recommend_path(MaturityAnswers(**{**STRONG, "funder_deadline": "2026-06-15"}))
    assert dated.notes[-1].startswith("Un financeur attend des résultats le 15 juin 2026 :")
    assert recommend_path(MaturityAnswers(**STRONG)).path == "complet"  # no effect on path


def test_deadline_tightens_the_calendar():
    assert deadline_month("2026-01", "2026-06") == 6
    assert deadline_month("2026-09", "2027-02-28") == 6
    assert deadline_month("2026-01", "2025-12") == 0
    assert deadline_month("2026-01", "") is None
    plan = deadline_plan("2026-01", "2026-06")
    assert plan["etape"].tolist() == list(DEADLINE_STEPS)
    status = dict(zip(plan["etape"], plan["statut"], strict=True))
    assert [k for k, v in status.items() if v == "à avancer"] == ["07", "09", "12"]
    assert status["06"] == "prévue avant"
    cal = evaluation_calendar("2026-01", path="court", funder_deadline="2026-06")
    assert cal.loc[5, "etapes"] == (
        "06 Référentiel d'indicateurs (allégé) ; Échéance du financeur : avancez 07, 09 et 12"
    )
    assert cal.drop(index=5).equals(evaluation_calendar("2026-01", path="court").drop(index=5))
    # the last month: nothing to bring forward; outside the twelve months: nothing marked
    assert cal.loc[11, "etapes"].endswith("12 Restitution (allégé)")
    last = evaluation_calendar("2026-01", funder_deadline="2026-12")
    assert last.loc[11, "etapes"] == "12 Restitution ; Échéance du financeur"
    for outside in ("2027-03", "2025-11"):
        assert deadline_plan("2026-01", outside).empty
        assert evaluation_calendar("2026-01", funder_deadline=outside).equals(
            evaluation_calendar("2026-01")
        )


def test_short_path_from_low_score_and_thresholds():
    weak = {
        **STRONG,
        "mission_clarity": 1,
        "changes_clarity": 1,
        "data_sources": [],
        "owner": "personne",
        "outcome_data": "non",
        "baseline": "non",
        "recontact": "non",
    }
    path = recommend_path(MaturityAnswers(**weak))
    assert path.path == "court"
    assert path.reasons == ("Un score moyen de 25 sur 100 à l'autodiagnostic, sous 40.",)
    levels = dict(zip(path.table()["etape"], path.table()["niveau"], strict=True))
    assert levels["07"] == levels["08"] == "allégé"  # no data: collect some
    assert recommend_path(MaturityAnswers(**weak), min_score=20).path == "complet"
    assert recommend_path(MaturityAnswers(**STRONG), min_hours=20).path == "court"


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (
            {"mission_clarity": 5},
            ValueError,
            r"`mission_clarity` doit être un nombre entier de 1 à "
            r"4 \(1 = pas encore formulés.*pas 5\.",
        ),
        (
            {"changes_clarity": "3"},
            TypeError,
            r"`changes_clarity` doit être un nombre entier de 1 à"
            r" 4.*pas '3'",
        ),
        (
            {"data_sources": ["fichiers"]},
            ValueError,
            r"La valeur de `data_sources` doit être l'une "
            r"de \['inscriptions'",
        ),
        ({"data_sources": [3]}, TypeError, r"`data_sources` doit être une liste de textes"),
        ({"data_digital": "oui"}, TypeError, r"`data_digital` doit être oui ou non"),
        (
            {"hours_per_month": -2},
            ValueError,
            r"`hours_per_month` doit être un nombre positif et "
            r"au plus 744, pas -2",
        ),
        (
            {"hours_per_month": "4 h"},
            TypeError,
            r"`hours_per_month` doit être un nombre, pas '4 h'",
        ),
        ({"owner": "moi"}, ValueError, r"La valeur de `owner` doit être l'une de \['personne'"),
        ({"team_size": True}, TypeError, r"`team_size` doit être un nombre, pas True"),
        ({"years_active": 2.5}, TypeError, r"`years_active` doit être un nombre entier de 0 à 300"),
        (
            {"outcome_data": "peut-être"},
            ValueError,
            r"La valeur de `outcome_data` doit être l'une de \['oui', 'non', 'ne_sait_pas'\]",
        ),
        ({"baseline": True}, ValueError, r"La valeur de `baseline` doit être l'une de"),
        ({"recontact": "Oui"}, ValueError, r"La valeur de `recontact` doit être l'une de"),
        (
            {"volunteer_hours_per_month": -3},
            ValueError,
            r"`volunteer_hours_per_month` doit être un nombre positif, pas -3",
        ),
        (
            {"funder_deadline": "juin 2026"},
            ValueError,
            r"`funder_deadline` doit s'écrire « AAAA-MM » ou « AAAA-MM-JJ » .*pas « juin 2026 »",
        ),
        ({"funder_deadline": "2026-13"}, ValueError, r"ou rester vide, pas « 2026-13 »"),
        ({"funder_deadline": "2026-02-30"}, ValueError, r"pas « 2026-02-30 »"),
        (
            {"funder_deadline": 202606},
            TypeError,
            r"`funder_deadline` doit être un texte « AAAA-MM » .*vide s'il n'y a pas d'échéance",
        ),
    ],
)
def test_bad_answers(change, error, match):
    with pytest.raises(error, match=match):
        MaturityAnswers(**{**SMALL, **change})


def test_answers_are_normalised():
    answers = MaturityAnswers(
        **{**SMALL, "data_sources": ["suivi", "suivi", "bilans"], "hours_per_month": 5}
    )
    assert answers.data_sources == ("suivi", "bilans")
    assert answers.hours_per_month == 5.0 and isinstance(answers.hours_per_month, float)
    with pytest.raises(TypeError, match=r"Il faut des réponses à l'autodiagnostic"):
        score_maturity(SMALL)


def test_plot_maturity_title_states_finding(tmp_path):
    fig = plot_maturity(MaturityAnswers(**SMALL), path_png=tmp_path / "m.png")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == (
        "Point fort : portage de l'évaluation\nÀ renforcer : données sur les résultats"
    )
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == (
        "Clarté de la mission et des changements visés"
    )
    assert ax.get_xlabel() == "Score sur 100"
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"


def test_save_and_load_maturity(ws):
    paths = save_maturity(ws, **SMALL)
    folder = ws.step_dir("01")
    assert paths == {"yaml": folder / "autodiagnostic.yml", "png": folder / "autodiagnostic.png"}
    doc = yaml.safe_load(paths["yaml"].read_text(encoding="utf-8"))
    assert doc["parcours"] == "court"
    assert doc["scores"] == {"clarte": 50, "donnees": 3, "temps": 25, "pilotage": 60}
    assert doc["reponses"]["data_sources"] == ["inscriptions"]
    assert doc["reponses"]["outcome_data"] == "ne_sait_pas"
    assert doc["reponses"]["funder_deadline"] == ""
    assert len(doc["etapes"]) == 13 and len(doc["remarques"]) == 3
    answers, path = load_maturity(ws)
    assert answers == MaturityAnswers(**{**SMALL, "data_sources": ("inscriptions",)})
    assert path.path == "court" and load_path(ws) == "court"
    assert paths["png"].read_bytes()[:4] == b"\x89PNG"
    # the new answers round-trip
    save_maturity(ws, **OUTPUTS_ONLY, volunteer_hours_per_month=12.5, funder_deadline="2026-09")
    answers, path = load_maturity(ws)
    assert answers == MaturityAnswers(
        **{**OUTPUTS_ONLY, "data_sources": ("inscriptions", "presences")},
        volunteer_hours_per_month=12.5,
        funder_deadline="2026-09",
    )
    assert path.notes[-1].startswith("Un financeur attend des résultats en septembre 2026")


OLD_DIAGNOSTIC = """# Autodiagnostic de maturité (étape 01), écrit par Size Up
version: 1
reponses:
  mission_clarity: 3
  changes_clarity: 2
  data_sources:
  - inscriptions
  - presences
  data_digital: true
  hours_per_month: 4.0
  owner: direction
  team_size: 1.0
  years_active: 1
scores:
  clarte: 50
  donnees: 62
  temps: 25
  pilotage: 60
parcours: court
raisons: []
etapes: []
livrable_minimum: Pour le Demo Day.
"""


def test_old_files_still_load(ws):
    """An autodiagnostic.yml and a cadrage.yml saved before the new questions."""
    (ws.step_dir("01") / "autodiagnostic.yml").write_text(OLD_DIAGNOSTIC, encoding="utf-8")
    answers, path = load_maturity(ws)
    assert (answers.outcome_data, answers.baseline, answers.recontact) == ("ne_sait_pas",) * 3
    assert answers.volunteer_hours_per_month == 0.0 and answers.funder_deadline == ""
    # rescored with today's rules: the register and the attendance list count outputs only
    assert score_maturity(answers).loc[1, "score"] == 10
    levels = dict(zip(path.table()["etape"], path.table()["niveau"], strict=True))
    assert path.path == "court" and levels["07"] == levels["08"] == "allégé"
    save_framing(ws, **FRAMING)
    doc = yaml.safe_load((ws.step_dir("01") / "cadrage.yml").read_text(encoding="utf-8"))
    assert "echeance_financeur" not in doc and "avant_echeance" not in doc
    assert load_framing(ws).funder_deadline == ""


def test_widget_and_parameter_paths_write_identical_files(tmp_path):
    a = create_workspace(tmp_path / "a", "Atelier fictif")
    b = create_workspace(tmp_path / "b", "Atelier fictif")
    save_maturity(a, **SMALL)
    # a widget gives tuples and ints where parameters give lists and floats
    save_maturity(
        b, **{**SMALL, "data_sources": ("inscriptions",), "hours_per_month": 4, "team_size": 1}
    )
    for name in ("autodiagnostic.yml", "autodiagnostic.png"):
        assert (a.step_dir("01") / name).read_bytes() == (b.step_dir("01") / name).read_bytes()


def test_load_maturity_errors(ws):
    assert load_path(ws) == "complet" and load_path(ws, default="court") == "court"
    with pytest.raises(
        FramingError,
        match=r"autodiagnostic\.yml : fichier introuvable\. Faites "
        r"d'abord l'autodiagnostic dans le carnet 01",
    ):
        load_maturity(ws)
    target = ws.step_dir("01") / "autodiagnostic.yml"
    target.write_text("reponses: [\n", encoding="utf-8")
    with pytest.raises(
        FramingError,
        match=r"autodiagnostic\.yml, ligne 2 : le fichier est "
        r"illisible",
    ):
        load_maturity(ws)
    target.write_text("reponses:\n  mission_clarity: 9\n", encoding="utf-8")
    with pytest.raises(
        FramingError,
        match=r"les réponses sont incomplètes ou invalides "
        r"\(`mission_clarity` doit",
    ):
        load_maturity(ws)
    target.write_text("- a\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"le fichier est vide ou mal formé"):
        load_maturity(ws)
    with pytest.raises(ValueError, match=r"`default` doit être l'une de"):
        load_path(ws, default="moyen")


def test_calendar():
    cal = evaluation_calendar("2026-09")
    assert cal["mois"].tolist() == list(range(1, 13))
    assert cal["periode"].tolist()[:5] == [
        "septembre 2026",
        "octobre 2026",
        "novembre 2026",
        "décembre 2026",
        "janvier 2027",
    ]
    assert cal.loc[0, "etapes"] == (
        "00 Prise en main ; 01 Cadrer l'évaluation ; 02 Théorie du changement"
    )
    assert cal.loc[1, "etapes"] == "02 Théorie du changement"
    assert "12 Restitution" in cal.loc[11, "etapes"]
    assert cal.loc[9, "etapes"] == "09 Analyse quantitative ; 10 Analyse qualitative"
    short = evaluation_calendar("2026-09", path="court")
    assert short.loc[10, "etapes"] == "11 Valorisation (facultatif)"
    # every step appears in the calendar
    text = " ".join(cal["etapes"])
    assert all(f"{s.number} {s.title}" in text for s in STEPS)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("2026-13", ValueError, r"`start_month` doit s'écrire « AAAA-MM »"),
        ("sept. 2026", ValueError, r"pas « sept\. 2026 »"),
        (202609, TypeError, r"`start_month` doit être un texte « AAAA-MM »"),
    ],
)
def test_calendar_bad_start(value, error, match):
    with pytest.raises(error, match=match):
        evaluation_calendar(value)


FRAMING = {
    "purposes": ["amelioration", "redevabilite"],
    "audiences": ["Conseil d'administration", "Financeurs"],
    "evaluative_question": "Dans quelle mesure  les ateliers redonnent-ils confiance ?",
    "hours_per_month": 6,
    "start_month": "2026-01",
    "budget_eur": 0,
    "roles": ["Directrice", "Chargé de mission"],
}


def test_save_and_load_framing(ws):
    save_maturity(ws, **SMALL)
    path = save_framing(ws, **FRAMING)
    assert path == ws.step_dir("01") / "cadrage.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["enjeux"] == ["amelioration", "redevabilite"]
    assert doc["parcours"] == "court"  # from the saved self-diagnostic
    assert doc["question_evaluative"] == (
        "Dans quelle mesure les ateliers redonnent-ils confiance ?"
    )
    assert len(doc["calendrier"]) == 12
    assert doc["calendrier"][10]["etapes"] == "11 Valorisation (facultatif)"
    framing = load_framing(ws)
    assert framing.purposes == ("amelioration", "redevabilite")
    assert framing.roles == ("Directrice", "Chargé de mission")
    assert framing.path == "court" and framing.hours_per_month == 6.0
    # the path can be forced, a single text works as a one-element list
    save_framing(ws, **{**FRAMING, "purposes": "plaidoyer"}, path="complet")
    assert load_framing(ws).purposes == ("plaidoyer",)
    assert load_framing(ws).path == "complet"


def test_framing_with_a_funder_deadline(ws):
    save_maturity(ws, **{**SMALL, "funder_deadline": "2026-06"})
    path = save_framing_answers(
        ws,
        purposes=["redevabilite"],
        audiences=["financeurs"],
        evaluative_question="Q ?",
        start_month="2026-01",
    )
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["echeance_financeur"] == "2026-06"
    assert doc["calendrier"][5]["etapes"].endswith("Échéance du financeur : avancez 07, 09 et 12")
    before = {row["etape"]: row["statut"] for row in doc["avant_echeance"]}
    assert before == {
        "02": "prévue avant",
        "03": "prévue avant",
        "04": "prévue avant",
        "06": "prévue avant",
        "07": "à avancer",
        "09": "à avancer",
        "12": "à avancer",
    }
    assert load_framing(ws).funder_deadline == "2026-06"
    # the deadline moves in the diagnostic: the framing follows
    written = save_maturity(ws, **{**SMALL, "funder_deadline": "2026-03"})
    assert "cadrage" in written and load_framing(ws).funder_deadline == "2026-03"
    # save_framing without a deadline reads the diagnostic's; a given one wins
    save_framing(ws, **FRAMING)
    assert load_framing(ws).funder_deadline == "2026-03"
    save_framing(ws, **FRAMING, funder_deadline="")
    assert load_framing(ws).funder_deadline == ""
    with pytest.raises(ValueError, match=r"`funder_deadline` doit s'écrire"):
        Framing(("amelioration",), ("CA",), "Q ?", 4, "2026-01", funder_deadline="bientôt")


def test_diagnostic_saved_again_brings_the_framing_up_to_date(ws):
    """The form saved after the framing cell ran: the framing's hours and path follow."""
    save_maturity(ws, **STRONG)
    save_framing(ws, **{**FRAMING, "hours_per_month": STRONG["hours_per_month"]})
    before = load_framing(ws)
    assert before.path == "complet"
    written = save_maturity(ws, **SMALL)
    after = load_framing(ws)
    assert written["cadrage"] == ws.step_dir("01") / "cadrage.yml"
    assert (after.path, after.hours_per_month) == ("court", SMALL["hours_per_month"])
    assert after.purposes == before.purposes and after.roles == before.roles
    assert after.evaluative_question == before.evaluative_question
    doc = yaml.safe_load(written["cadrage"].read_text(encoding="utf-8"))
    assert "(facultatif)" in doc["calendrier"][10]["etapes"]  # the calendar follows too
    # the same answers again: nothing to bring up to date
    assert "cadrage" not in save_maturity(ws, **SMALL)
    # a broken framing is left for the framing cell to explain; the diagnostic is saved
    (ws.step_dir("01") / "cadrage.yml").write_text("enjeux: [", encoding="utf-8")
    assert set(save_maturity(ws, **STRONG)) == {"yaml", "png"}


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"purposes": []}, ValueError, r"Choisissez au moins un enjeu"),
        (
            {"purposes": ["prouver"]},
            ValueError,
            r"La valeur de `purposes` doit être l'une de "
            r"\['amelioration', 'motivation', 'redevabilite', "
            r"'plaidoyer'\]",
        ),
        ({"audiences": []}, ValueError, r"Dites pour qui vous évaluez"),
        ({"evaluative_question": "  "}, ValueError, r"Écrivez une première question évaluative"),
        ({"evaluative_question": None}, TypeError, r"`evaluative_question` doit être un texte"),
        ({"budget_eur": -5}, ValueError, r"`budget_eur` doit être un nombre positif"),
        ({"start_month": "01/2026"}, ValueError, r"`start_month` doit s'écrire « AAAA-MM »"),
        ({"roles": [1]}, TypeError, r"`roles` doit être une liste de textes"),
    ],
)
def test_bad_framing(ws, change, error, match):
    with pytest.raises(error, match=match):
        save_framing(ws, **{**FRAMING, **change})
    assert not (ws.step_dir("01") / "cadrage.yml").exists()


def test_bad_framing_path_and_missing_file(ws):
    with pytest.raises(ValueError, match=r"La valeur de `path` doit être l'une de"):
        Framing(("amelioration",), ("CA",), "Q ?", 4, "2026-01", path="long")
    with pytest.raises(
        FramingError,
        match=r"cadrage\.yml : fichier introuvable\. Faites d'abord"
        r" le cadrage dans le carnet 01",
    ):
        load_framing(ws)
    (ws.step_dir("01") / "cadrage.yml").write_text("enjeux: [amelioration]\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"cadrage\.yml : la clé « publics » manque"):
        load_framing(ws)


def test_module_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, sizeup_helpers.framing, sizeup_helpers.stakeholders; "
        "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == "[]"

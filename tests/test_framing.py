"""Tests of sizeup_helpers.framing: self-diagnostic, recommended path, framing, calendar."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import yaml

matplotlib.use("Agg")  # tests only

from sizeup_helpers.curriculum import STEPS  # noqa: E402
from sizeup_helpers.framing import (  # noqa: E402
    MATURITY_QUESTIONS,
    Framing,
    FramingError,
    MaturityAnswers,
    evaluation_calendar,
    load_framing,
    load_maturity,
    load_path,
    plot_maturity,
    recommend_path,
    save_framing,
    save_maturity,
    score_maturity,
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
}
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
    # clarte (3+2-2)/6 = 50; donnees 75*1/4 = 18.75 -> 19; temps 4/16 = 25; direction 60
    assert small["score"].to_dict() == {"clarte": 50, "donnees": 19, "temps": 25, "pilotage": 60}
    assert small.loc["temps", "niveau"] == "à construire"
    assert small.loc["clarte", "niveau"] == "en cours"
    assert small.loc["temps", "conseil"].startswith("Moins de 8 heures par mois")
    assert list(small.columns) == ["libelle", "score", "niveau", "conseil"]


def test_no_data_scores_zero_even_if_digital():
    answers = MaturityAnswers(**{**SMALL, "data_sources": [], "data_digital": True})
    assert score_maturity(answers).set_index("dimension").loc["donnees", "score"] == 0


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
    assert levels["07"] == "facultatif"  # this team has data
    assert "3 à 5 indicateurs" in path.minimum_deliverable


def test_short_path_from_low_score_and_thresholds():
    weak = {
        **STRONG,
        "mission_clarity": 1,
        "changes_clarity": 1,
        "data_sources": [],
        "owner": "personne",
    }
    path = recommend_path(MaturityAnswers(**weak))
    assert path.path == "court"
    assert path.reasons == ("Un score moyen de 25 sur 100 à l'autodiagnostic, sous 40.",)
    levels = dict(zip(path.table()["etape"], path.table()["niveau"], strict=True))
    assert levels["07"] == "allégé"  # no data: collect some
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
        "Point fort : portage de l'évaluation\nÀ renforcer : données déjà disponibles"
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
    assert doc["scores"] == {"clarte": 50, "donnees": 19, "temps": 25, "pilotage": 60}
    assert doc["reponses"]["data_sources"] == ["inscriptions"]
    assert len(doc["etapes"]) == 13
    answers, path = load_maturity(ws)
    assert answers == MaturityAnswers(**{**SMALL, "data_sources": ("inscriptions",)})
    assert path.path == "court" and load_path(ws) == "court"
    assert paths["png"].read_bytes()[:4] == b"\x89PNG"


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

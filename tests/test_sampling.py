"""Tests of sizeup_helpers.sampling: sample sizes, margins of error and their reading."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from scipy.stats import norm

import sizeup_helpers
from sizeup_helpers.errors import SamplingError, SizeUpError
from sizeup_helpers.french import NBSP, NNBSP
from sizeup_helpers.sampling import (
    SAMPLE_SIZE_FILE,
    explain_sample_size,
    margin_of_error,
    points,
    sample_size,
    sample_size_table,
    save_sample_size,
    survey_population,
)
from sizeup_helpers.workspace import create_workspace, open_workspace, samples_dir

SAMPLES = sorted(p.parent.name for p in samples_dir().glob("*/structure.yml"))


# --------------------------------------------------------------------------------------
# The formulas, computed independently
# --------------------------------------------------------------------------------------
def _expected_size(N, e=0.05, c=0.95, p=0.5):
    z = norm.ppf(1 - (1 - c) / 2)
    n0 = z * z * p * (1 - p) / (e * e)
    n = n0 if N is None else n0 / (1 + (n0 - 1) / N)
    return max(1, math.ceil(round(n, 9)))


def _expected_margin(n, N=None, c=0.95, p=0.5):
    z = norm.ppf(1 - (1 - c) / 2)
    e = z * math.sqrt(p * (1 - p) / n)
    if N is not None:
        e *= math.sqrt((N - n) / (N - 1)) if N > 1 else 0.0
    return e


def test_classic_values():
    assert sample_size() == 385
    assert sample_size(1000) == 278
    assert sample_size(100) == 80
    assert sample_size(None, margin=0.03) == 1068
    assert sample_size(margin=0.05, confidence=0.99) == 664


@pytest.mark.parametrize("N", [None, 1, 2, 10, 40, 100, 190, 500, 1000, 1900, 10_000, 1_000_000])
@pytest.mark.parametrize("e", [0.03, 0.05, 0.1])
@pytest.mark.parametrize("c", [0.9, 0.95, 0.99])
@pytest.mark.parametrize("p", [0.5, 0.2, 0.9])
def test_sample_size_matches_the_formula(N, e, c, p):
    n = sample_size(N, margin=e, confidence=c, proportion=p)
    assert isinstance(n, int)
    assert n == _expected_size(N, e, c, p)
    if N is not None:
        assert 1 <= n <= N


@pytest.mark.parametrize("N", [None, 5, 40, 100, 1000])
@pytest.mark.parametrize("n", [1, 3, 5])
@pytest.mark.parametrize("c", [0.9, 0.95])
@pytest.mark.parametrize("p", [0.5, 0.3])
def test_margin_matches_the_formula(N, n, c, p):
    got = margin_of_error(n, N, confidence=c, proportion=p)
    assert isinstance(got, float)
    assert got == pytest.approx(_expected_margin(n, N, c, p), rel=1e-12, abs=1e-15)


def test_margin_classic_values():
    assert margin_of_error(385) == pytest.approx(0.04994, abs=1e-5)
    assert round(100 * margin_of_error(12, 40)) == 24
    assert margin_of_error(12, 40) == pytest.approx(
        1.959964 * math.sqrt(0.25 / 12) * math.sqrt(28 / 39), rel=1e-6
    )


@pytest.mark.parametrize("N", [1, 2, 40, 1000])
def test_everyone_answered_means_no_margin(N):
    assert margin_of_error(N, N) == 0.0


@pytest.mark.parametrize("N", [None, 1, 2, 7, 40, 100, 333, 1000, 1900, 50_000])
@pytest.mark.parametrize("e", [0.02, 0.05, 0.1, 0.25])
@pytest.mark.parametrize("c", [0.8, 0.95, 0.99])
def test_the_size_keeps_the_margin(N, e, c):
    n = sample_size(N, margin=e, confidence=c)
    assert margin_of_error(n, N, confidence=c) <= e + 1e-12
    if n > 1:  # one answer fewer would not do (the size is the smallest that works)
        assert margin_of_error(n - 1, N, confidence=c) > e


def test_monotonicity():
    sizes = [sample_size(N) for N in (10, 50, 100, 500, 1000, 10_000)]
    assert sizes == sorted(sizes) and sizes[-1] <= sample_size()
    assert sample_size(margin=0.03) > sample_size(margin=0.05) > sample_size(margin=0.1)
    assert sample_size(confidence=0.99) > sample_size(confidence=0.95) > sample_size(confidence=0.9)
    assert sample_size(proportion=0.5) > sample_size(proportion=0.3) > sample_size(proportion=0.1)
    margins = [margin_of_error(n, 200) for n in (5, 20, 50, 100, 199)]
    assert margins == sorted(margins, reverse=True)
    assert margin_of_error(50, 100) < margin_of_error(50)


def test_rounding_options():
    # n = 79.5 for N = 100: up, nearest and down
    assert sample_size(100, rounding="ceil") == 80
    assert sample_size(100, rounding="round") == 80
    assert sample_size(100, rounding="floor") == 79
    assert sample_size(1000, rounding="floor") == 277
    assert sample_size(proportion=0) == 1  # at least one answer
    assert sample_size(40, proportion=1) == 1


def test_whole_floats_and_numpy_integers_are_counts():
    import numpy as np

    assert sample_size(np.int64(1000)) == 278
    assert sample_size(1000.0) == 278
    assert margin_of_error(np.int64(12), np.int32(40)) == margin_of_error(12, 40)


def test_public_names():
    assert sizeup_helpers.sample_size is sample_size
    assert sizeup_helpers.margin_of_error is margin_of_error
    assert sizeup_helpers.explain_sample_size is explain_sample_size


def test_import_does_not_load_scipy():
    code = (
        "import sys, json, sizeup_helpers\n"
        "sizeup_helpers.__dict__.get('sample_size')\n"
        "print(json.dumps(sorted(m for m in ('scipy', 'pandas') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# --------------------------------------------------------------------------------------
# Bad inputs: French messages naming the parameter and the value
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"population": 0}, r"`population` \(le nombre de personnes concernées\).*entier.*0\."),
        ({"population": -5}, r"`population`.*au moins 1.*-5\."),
        ({"population": 40.5}, r"`population`.*entier.*40\.5\."),
        ({"population": "40"}, r"`population`.*'40'\."),
        ({"population": True}, r"`population`.*True \(un booléen, pas un nombre\)"),
        ({"population": float("nan")}, r"`population`.*NaN \(une valeur manquante\)"),
        ({"population": float("inf")}, r"`population`.*inf"),
        ({"margin": 5}, r"`margin` \(la marge d'erreur\).*entre 0 exclu et 1 exclu.*0\.05.*5\."),
        ({"margin": 0}, r"`margin`.*0\."),
        ({"margin": 1}, r"`margin`.*1\."),
        ({"margin": float("nan")}, r"`margin`.*NaN"),
        ({"margin": False}, r"`margin`.*False \(un booléen"),
        ({"confidence": 95}, r"`confidence` \(le niveau de confiance\).*0\.95.*95\."),
        ({"confidence": 0}, r"`confidence`.*0\."),
        ({"confidence": 1.0}, r"`confidence`.*1\.0\."),
        ({"confidence": "95 %"}, r"`confidence`.*'95 %'"),
        (
            {"proportion": 1.2},
            r"`proportion` \(la proportion attendue\).*0 inclus et 1 inclus.*1\.2",
        ),
        ({"proportion": -0.1}, r"`proportion`.*-0\.1"),
        ({"proportion": float("nan")}, r"`proportion`.*NaN"),
        ({"rounding": "up"}, r"`rounding` \(l'arrondi\).*'ceil'.*'up'"),
    ],
)
def test_sample_size_bad_inputs(kwargs, pattern):
    with pytest.raises(SamplingError, match=pattern) as info:
        sample_size(**kwargs)
    assert isinstance(info.value, SizeUpError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("args", "kwargs", "pattern"),
    [
        ((0,), {}, r"`n` \(le nombre de réponses\).*au moins 1.*0\."),
        ((-3, 40), {}, r"`n`.*-3\."),
        ((2.5,), {}, r"`n`.*2\.5\."),
        ((True,), {}, r"`n`.*True \(un booléen"),
        ((float("nan"),), {}, r"`n`.*NaN"),
        ((50, 40), {}, r"`n` .*ne peut pas dépasser `population`.*50 réponses pour 40 personnes"),
        ((10, 0), {}, r"`population`.*0\."),
        ((10, 12.3), {}, r"`population`.*12\.3"),
        ((10,), {"confidence": 2}, r"`confidence`.*2\."),
        ((10,), {"proportion": 2}, r"`proportion`.*2\."),
        ((10,), {"proportion": True}, r"`proportion`.*True"),
    ],
)
def test_margin_bad_inputs(args, kwargs, pattern):
    with pytest.raises(SamplingError, match=pattern):
        margin_of_error(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"response_rate": 0}, r"`response_rate` \(le taux de réponse\).*0 exclu et 1 inclus.*0\."),
        ({"response_rate": 25}, r"`response_rate`.*0\.25.*25\."),
        ({"response_rate": float("nan")}, r"`response_rate`.*NaN"),
        ({"margin": 5}, r"`margin`.*5\."),
        ({"confidence": -1}, r"`confidence`.*-1\."),
    ],
)
def test_explain_bad_inputs(kwargs, pattern):
    with pytest.raises(SamplingError, match=pattern):
        explain_sample_size(40, **kwargs)
    with pytest.raises(SamplingError, match=r"`population`.*0\."):
        explain_sample_size(0)


# --------------------------------------------------------------------------------------
# The reading
# --------------------------------------------------------------------------------------
def test_points_format():
    assert points(0.24) == "± 24 points"
    assert points(0.05) == "± 5 points"
    assert points(0.045) == "± 4,5 points"
    assert points(0.01) == "± 1 point"
    assert points(0.005) == "± 0,5 point"


def test_reading_small_population():
    r = explain_sample_size(40)
    text = r.to_text()
    assert r.title == "Combien de personnes interroger ?"
    assert (
        f"Pour une marge d'erreur de ± 5 points avec une confiance de 95{NBSP}%, "
        "il faut 37 réponses sur 40 personnes" in text
    )
    assert "un quart des personnes répondent" in text
    assert "ordre de grandeur" in text and "3 mois" in text
    assert "interrogez tout le monde (les 40 personnes) : c'est le plan" in text
    assert "Avec 10 réponses sur 40 personnes, la marge d'erreur est de ± 27 points" in text
    assert "tendances" in text
    assert "**interrogez tout le monde**" in r.to_markdown()
    assert r.lines[-1].startswith("Ces calculs supposent que les personnes qui répondent")


def test_reading_twelve_answers_on_forty():
    text = explain_sample_size(40, response_rate=0.3).to_text()
    assert f"Si 30{NBSP}% des personnes répondent" in text
    assert "Avec 12 réponses sur 40 personnes, la marge d'erreur est de ± 24 points" in text


def test_reading_large_population():
    text = explain_sample_size(1900).to_text()
    assert f"il faut 320 réponses sur 1{NNBSP}900 personnes" in text
    assert "corrigée pour une population finie" in text
    assert f"interrogez 1{NNBSP}280 personnes pour obtenir ces 320 réponses" in text
    assert "tout le monde" not in text
    assert "ressemblent à celles qui ne répondent pas" in text
    unknown = explain_sample_size(None).to_text()
    assert "il faut 385 réponses (formule de Cochran, dans le cas" in unknown
    assert f"interrogez 1{NNBSP}540 personnes" in unknown
    assert "corrigée" not in unknown


def test_reading_singular_and_edge_cases():
    one = explain_sample_size(1).to_text()
    assert "il faut 1 réponse sur 1 personne (" in one
    assert "interrogez tout le monde (la personne concernée)" in one
    assert "aucune réponse" in one
    everyone = explain_sample_size(12, response_rate=1).to_text()
    assert "Si tout le monde répond" in everyone
    assert "pas de marge d'erreur d'échantillonnage" in everyone
    half = explain_sample_size(4, response_rate=0.5).to_text()
    assert "Si la moitié des personnes répondent" in half
    assert "Avec 2 réponses sur 4 personnes" in half


def test_reading_table():
    frame = explain_sample_size(40).to_frame()
    assert list(frame.columns) == [
        "taux de réponse",
        "personnes à interroger",
        "réponses attendues",
        "marge d'erreur (points)",
        "tout le monde interrogé",
    ]
    assert frame["taux de réponse"].tolist() == [1.0, 0.5, 0.25]
    assert frame["personnes à interroger"].tolist() == [37, 40, 40]
    assert frame["réponses attendues"].tolist() == [37, 20, 10]
    assert frame["tout le monde interrogé"].tolist() == [False, True, True]
    assert frame["marge d'erreur (points)"].iloc[2] == pytest.approx(100 * _expected_margin(10, 40))
    other = explain_sample_size(40, response_rate=0.3).to_frame()
    assert other["taux de réponse"].tolist() == [1.0, 0.5, 0.3, 0.25]


@pytest.mark.parametrize("sample", SAMPLES)
def test_reading_on_each_sample(sample):
    """Population: the largest register of people planted in each sample structure."""
    truth = json.loads((samples_dir() / sample / "verite-terrain.json").read_text("utf-8"))
    N = max(truth["personnes_distinctes"].values())
    r = explain_sample_size(N)
    text = r.to_text()
    needed = _expected_size(N)
    assert f"il faut {needed} réponses sur " in text.replace(NNBSP, "")
    frame = r.to_frame()
    assert len(frame) == 3
    asked = math.ceil(needed / 0.25)
    if asked >= N:
        expected = math.floor(N / 4)
        assert "interrogez tout le monde" in text
        shown = points(_expected_margin(expected, N))
        assert f"la marge d'erreur est de {shown}" in text
    else:
        assert f"personnes pour obtenir ces {needed} réponses" in text
    assert ".." not in text and "nan" not in text.lower()


# --------------------------------------------------------------------------------------
# Step 07: the table under several response rates, the population, the saved file
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("N", [None, 12, 40, 330, 1883])
@pytest.mark.parametrize("c", [0.9, 0.95])
def test_table_under_response_rates(N, c):
    """Cochran with FPC and z from scipy.stats.norm.ppf, recomputed here for each rate."""
    z = norm.ppf(1 - (1 - c) / 2)
    n0 = z * z * 0.25 / 0.05**2
    needed = math.ceil(round(n0 if N is None else n0 / (1 + (n0 - 1) / N), 9))
    needed = needed if N is None else min(needed, N)
    table = sample_size_table(N, margin=0.05, confidence=c, rates=(0.25, 1.0, 0.5, 0.25))
    assert table["taux de réponse"].tolist() == [1.0, 0.5, 0.25]
    for _, row in table.iterrows():
        asked = math.ceil(round(needed / row["taux de réponse"], 9))
        if N is not None and asked >= N:
            answers = math.floor(N * row["taux de réponse"] + 1e-9)
            assert row["personnes à interroger"] == N and row["tout le monde interrogé"]
        else:
            answers = needed
            assert row["personnes à interroger"] == asked
        assert row["réponses attendues"] == answers
        if N is not None and answers == N:
            assert row["marge d'erreur (points)"] == 0
        else:
            margin = z * math.sqrt(0.25 / answers)
            if N is not None:
                margin *= math.sqrt((N - answers) / (N - 1))
            assert row["marge d'erreur (points)"] == pytest.approx(100 * margin)


def test_table_bad_rate():
    with pytest.raises(SamplingError, match="un taux de réponse"):
        sample_size_table(40, rates=(0.25, 0))


def test_population_override_empty_workspace_and_step05(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    n, why = survey_population(ws)
    assert n is None and why.startswith("Population inconnue")
    assert survey_population(ws, 40) == (
        40,
        "Population : 40 personnes, le nombre donné en paramètre.",
    )
    assert survey_population(ws, 1)[1] == "Population : 1 personne, le nombre donné en paramètre."
    with pytest.raises(SamplingError, match="population"):
        survey_population(ws, -3)
    summary = {"tables": {"suivi": {"personnes_distinctes": 1}, "autre": {"lignes": 3}}}
    ws.write_json(ws.step_dir("05") / "resume-nettoyage.json", summary)
    n, why = survey_population(ws)
    assert n == 1
    assert why == (
        "Population : 1 personne distincte dans la table « suivi » nettoyée à l'étape 05 "
        "(chaque personne comptée une fois)."
    )
    reading = explain_sample_size(n, source=why).to_text()
    assert reading.splitlines()[1] == why


@pytest.mark.parametrize("sample", ["ateliers-emploi", "commerce-rural"])
def test_population_from_a_sample_register(sample, tmp_path):
    ws = open_workspace(samples_dir() / sample, tmp_path)
    truth = json.loads((samples_dir() / sample / "verite-terrain.json").read_text("utf-8"))
    from sizeup_helpers.clean_workspace import register_role

    role = register_role(ws) or "inscriptions"
    count = truth["personnes_distinctes"].get(role, 7)
    tables = {role: {"personnes_distinctes": count}}
    ws.write_json(ws.step_dir("05") / "resume-nettoyage.json", {"tables": tables})
    n, why = survey_population(ws)
    assert n == count and f"« {role} »" in why


def test_saved_table(tmp_path):
    import pandas as pd

    ws = create_workspace(tmp_path / "x", "Essai")
    path = save_sample_size(ws, 40, response_rate=0.3)
    assert path == ws.step_dir("07") / SAMPLE_SIZE_FILE
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    frame = pd.read_csv(path, sep=";", encoding="utf-8-sig")
    assert frame["taux de réponse"].tolist() == [1.0, 0.5, 0.3, 0.25]
    assert set(frame["population (personnes)"]) == {40}
    assert set(frame["réponses nécessaires"]) == {sample_size(40)}
    assert frame["tout le monde interrogé"].tolist() == ["non", "oui", "oui", "oui"]
    assert frame["marge d'erreur (points)"].iloc[-1] == round(100 * _expected_margin(10, 40), 1)
    unknown = pd.read_csv(save_sample_size(ws, None), sep=";", encoding="utf-8-sig")
    assert unknown["personnes à interroger"].tolist() == [385, 770, 1540]

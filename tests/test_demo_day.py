"""Step 12: the one-page Demo Day summary, on the seven samples and an empty workspace."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from sizeup_helpers import demo_day as dd
from sizeup_helpers.claims import key_findings
from sizeup_helpers.privacy import find_in_text, scan_for_identifiers
from sizeup_helpers.results import collect_results
from sizeup_helpers.workspace import create_workspace
from tools.samplegen import load_truth

from .conftest import sample_slugs
from .restitution_chain import chain

# steps 00-11 run once per sample for these three files (tests/restitution_chain.py):
# one worker takes them all
pytestmark = pytest.mark.xdist_group("restitution")

SAMPLES = sample_slugs()
PAGE_PX = (1753, 1240)  # A4 landscape at 150 dpi


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def _description(path) -> str:
    with Image.open(path) as image:
        assert image.size == PAGE_PX
        return image.info["Description"]


def _check_files(ws, paths) -> tuple[bytes, bytes]:
    assert set(paths) == {"png", "pdf"}
    assert paths["png"].name == dd.PNG_FILE and paths["pdf"].name == dd.PDF_FILE
    pdf = paths["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) == 1
    assert b"/MediaBox [ 0 0 841.68 595.44 ]" in pdf  # A4 landscape, in points
    for leak in (b"/Author", b"/Producer", b"/CreationDate", b"/ModDate", b"/tmp", b"/home"):
        assert leak not in pdf, leak
    assert str(ws.output_dir).encode() not in pdf
    png = paths["png"].read_bytes()
    assert b"Matplotlib" not in png and str(ws.output_dir).encode() not in png
    return png, pdf


@pytest.mark.notebooks
@pytest.mark.parametrize("slug", SAMPLES)
def test_summary_on_every_sample(slug):
    ws = chain(slug)
    results = collect_results(ws)
    paths = dd.save_demo_day_summary(ws, results)
    first = _check_files(ws, paths)
    assert _check_files(ws, dd.save_demo_day_summary(ws)) == first  # byte-stable
    said = _description(paths["png"])
    assert said.startswith(f"Synthèse Demo Day de {ws.name}.")
    assert "Théorie du changement : " in said and "à écrire" not in said
    assert find_in_text(said) == []
    assert scan_for_identifiers(ws.step_dir("12", create=False)).empty
    findings = key_findings(ws, results)
    shown = said.count("Niveau de preuve :")
    published = [f for f in findings if not f.suppressed]
    # the first three to five: the fifth or fourth is dropped when the page is full
    assert min(len(published), dd.MIN_FINDINGS) <= shown <= min(len(published), dd.MAX_FINDINGS)
    for f in published[:shown]:
        assert f"Niveau de preuve : {f.level_of_evidence} · n = " in said
    for f in findings:
        if f.suppressed:  # a hidden figure never reaches the page
            assert f.text.rstrip(".") not in said
    fig = dd.demo_day_figure(ws, results)
    assert dd.texts_outside(fig) == []
    assert tuple(round(x, 2) for x in fig.get_size_inches()) == dd.PAGE_SIZE
    text = dd.explain_demo_day_summary(paths).to_text()
    assert text.startswith("Votre synthèse d'une page pour le Demo Day")
    assert "synthese-demo-day.pdf pour l'imprimer (une page A4 paysage)" in text
    noun = "résultat clé" if shown < 2 else "résultats clés"
    assert f"Elle montre {shown} {noun}, chacun avec son niveau de preuve" in text


@pytest.mark.notebooks
def test_summary_shows_the_planted_truth_of_ateliers_emploi():
    truth = load_truth("ateliers-emploi")["effets"]
    ws = chain("ateliers-emploi")
    said = _description(dd.save_demo_day_summary(ws)["png"])
    # the chart: the reach funnel of step 09, in people
    assert "Portée : l'entonnoir, en personnes" in said
    assert f"personnes connues (registre) : {truth['personnes_distinctes']} personnes" in said
    venus = truth["personnes_presentes_au_moins_une_fois"]
    assert f"personnes venues au moins une fois : {venus} personnes" in said
    # the key result: confidence three months later, before/after on the people paired
    assert "Niveau de preuve : avant/après · n = 35 personnes" in said
    assert "(T0 → T2" in said
    assert "Confiance en soi retrouvée" in said


def test_summary_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    paths = dd.save_demo_day_summary(ws)
    _check_files(ws, paths)
    said = _description(paths["png"])
    assert "Théorie du changement : à écrire." in said
    assert "Résultats clés : aucun." in said
    assert "Pas de graphique" in said
    assert dd.texts_outside(dd.demo_day_figure(ws)) == []
    text = dd.explain_demo_day_summary(paths).to_text()
    assert "Elle ne montre encore aucun résultat chiffré" in text


def test_long_texts_are_cut_inside_the_page(tmp_path):
    ws = create_workspace(tmp_path / "x", "Une structure au nom très long " * 6)
    fig = dd.demo_day_figure(ws, {"missing_steps": ["06", "09", "10", "11"]})
    assert dd.texts_outside(fig) == []
    title = [t.get_text() for t in fig.texts if t.get_fontsize() == 20][0]
    assert title.endswith("…") and "\n" not in title


def test_texts_outside_finds_an_overflow():
    from sizeup_helpers.plots import new_figure

    fig = new_figure(figsize=dd.PAGE_SIZE)
    fig.text(0.9, 0.5, "Un texte qui déborde de la page " * 3)
    assert dd.texts_outside(fig) == ["Un texte qui déborde de la page " * 3]


def test_reading_without_files(tmp_path):
    text = dd.explain_demo_day_summary({"png": tmp_path / "absent.png"}).to_text()
    assert "Aucune synthèse n'est encore enregistrée" in text

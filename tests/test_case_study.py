"""Step 12: the case-study page for a wiki, on the seven samples and an empty workspace."""

from __future__ import annotations

import re

import pytest

from sizeup_helpers import case_study as cs
from sizeup_helpers.claims import key_findings
from sizeup_helpers.collection_plan import next_year_plan
from sizeup_helpers.demo_day import PNG_FILE, save_demo_day_summary
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.results import collect_results
from sizeup_helpers.workspace import create_workspace
from tools.samplegen import load_truth

from .conftest import sample_slugs
from .restitution_chain import chain

# steps 00-11 run once per sample for these three files (tests/restitution_chain.py):
# one worker takes them all
pytestmark = pytest.mark.xdist_group("restitution")

SAMPLES = sample_slugs()
SECTIONS = [
    "## La structure",
    "## Le défi",
    "## Ce qui a été fait, étape par étape",
    "## Ce que montrent les données",
    "## La valorisation",
    "## Les enseignements",
    "### Ce que nous ne pouvons pas dire",
    "## Ce qui reste à faire",
]


def _images(text: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)


def _check_page(ws, text: str) -> None:
    assert text.startswith(f"# Étude de cas : {ws.name}\n")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    for bad in ("nan", "None", "True", "False", "NaN"):
        assert not re.search(rf"\b{bad}\b", text), bad
    for bad in (str(ws.root), str(ws.output_dir), "/tmp", ".."):
        assert bad not in text, bad
    folder = ws.step_dir("12", create=False)
    for link in _images(text):  # relative, and the image lies beside the page
        assert "/" not in link and (folder / link).is_file()
    assert text.endswith("aucune donnée personnelle.*\n")


@pytest.mark.notebooks
@pytest.mark.parametrize("slug", SAMPLES)
def test_case_study_on_every_sample(slug):
    ws = chain(slug)
    results = collect_results(ws)
    path = cs.save_case_study(ws, results)
    assert path == ws.step_dir("12", create=False) / cs.CASE_STUDY_FILE
    text = path.read_text(encoding="utf-8")
    _check_page(ws, text)
    assert cs.save_case_study(ws).read_bytes() == path.read_bytes() or _images(text) == []
    assert "> **Données fictives**" in text
    # every step 00–11 ran: none is left « pas encore fait »
    assert "pas encore fait" not in text
    for number in ("00", "04", "06", "09", "11"):
        assert f"- **{number} · " in text
    # the findings with their level of evidence; hidden ones never shown
    findings = key_findings(ws, results)
    for f in [f for f in findings if not f.suppressed][: cs.MAX_FINDINGS]:
        assert f"- **{f.level_of_evidence}** — {f.text.rstrip('.')}" in text
    for f in findings:
        if f.suppressed:
            assert f.text.rstrip(".") not in text
    # what remains: next year's plan, consent and recontact first
    plan = next_year_plan(ws)
    remains = text.split("## Ce qui reste à faire", 1)[1]
    for row in plan.to_dict("records"):
        assert f"- **{row['à collecter']}** — {row['dès quand']}" in remains
    assert scan_for_identifiers(ws.step_dir("12", create=False)).empty


@pytest.mark.notebooks
def test_case_study_links_the_summary_only_when_it_is_beside_it(tmp_path):
    ws = chain("insertion-transport")
    png = ws.step_dir("12") / PNG_FILE
    png.unlink(missing_ok=True)
    assert _images(cs.case_study_markdown(ws)) == []
    save_demo_day_summary(ws)
    assert _images(cs.case_study_markdown(ws)) == [PNG_FILE]
    first = cs.save_case_study(ws).read_bytes()
    assert cs.save_case_study(ws).read_bytes() == first  # byte-stable


@pytest.mark.notebooks
def test_case_study_shows_the_planted_truth():
    truth = load_truth("insertion-transport")["effets"]
    text = cs.case_study_markdown(chain("insertion-transport"))
    shown = text.split("## Ce que montrent les données", 1)[1].split("## La valorisation")[0]
    assert f"{truth['personnes_distinctes']['n']} personnes" in shown
    assert f"Permis poids lourd obtenus : {truth['permis_poids_lourd']['total_obtenus']}" in shown
    truth = load_truth("ateliers-emploi")["effets"]
    text = cs.case_study_markdown(chain("ateliers-emploi"))
    assert f"{truth['personnes_distinctes']} personnes" in text
    assert "(T0 → T2" in text and "**avant/après**" in text
    assert "2 effets de la théorie du changement sans aucune donnée existante" in text


def test_case_study_on_an_empty_workspace(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    path = cs.save_case_study(ws)
    text = path.read_text(encoding="utf-8")
    _check_page(ws, text)
    assert "Données fictives" not in text
    assert "Aucun résultat chiffré publiable pour l'instant." in text
    assert "Pas encore de valorisation (carnet 11)." in text
    assert "- **04 · Inventaire des données existantes** — " in text
    assert text.count("*pas encore fait*") == 12
    assert "**Situation de départ sur les effets que vous attendez**" in text
    assert cs.save_case_study(ws).read_bytes() == path.read_bytes()

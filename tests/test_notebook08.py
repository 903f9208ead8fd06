"""Notebook 08 (« Guide d'entretien »): skeleton, deliverables, and runs.

Its deliverables on every sample are checked by :func:`assert_step08_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum; the runs here
cover what the gate does not (step 08 without step 05, a guide edited by hand and read back).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from sizeup_helpers import interview_guide as ig
from sizeup_helpers.clean_workspace import read_raw_table, register_role
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.privacy import identifier_kind, scan_for_identifiers
from sizeup_helpers.stakeholders import load_scope
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import Workspace, open_workspace
from tools.samplegen import load_truth

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps

STEP = STEP_BY_NUMBER["08"]
PSEUDONYM = re.compile(r"^P-[0-9a-f]+$")


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("08", readings=3)
    markdown, names, text = sk.markdown, sk.parameters, sk.text
    assert {"audience", "interview_minutes", "n_people", "use_saved_guide"} <= set(names)
    # the sources the method rests on, and the privacy notice where data are loaded
    for cited in ("article 6.1.a", "article 13", "article 9", "CNIL", "CSESS", "ESSEC", "Avise"):
        assert cited in text, cited
    assert "**Binder public : données d'exemple uniquement.**" in text
    assert "09_analyse_quantitative.ipynb" in markdown[-1]
    assert "10_analyse_qualitative.ipynb" in markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def _expected_profiles(ws: Workspace) -> set[str]:
    """The profiles the sample must reach, where the sample's planted truth says so."""
    truth = load_truth(ws.root)
    effects, expected = truth.get("effets", {}), set()
    came = effects.get("personnes_presentes_au_moins_une_fois")
    registers = truth.get("registres_personnes") or []
    people = truth.get("personnes_distinctes", {})
    if came is not None and registers and isinstance(people, dict):
        if came < people.get(registers[0], came):
            expected.add(ig.PROFILE_LABELS["jamais-venu"])
    completion = effects.get("taux_achevement", {})
    if isinstance(completion, dict) and completion.get("global", 1) < 1:
        expected.add(ig.PROFILE_LABELS["abandon"])
    return expected


def _names_of_people(ws: Workspace) -> set[str]:
    role = register_role(ws)
    if role is None:
        return set()
    raw = read_raw_table(ws, role)
    return {
        str(v).strip()
        for col in raw.columns
        if identifier_kind(col) == "nom"
        for v in raw[col].dropna()
        if len(str(v).strip()) > 3
    }


def assert_step08_deliverables(ws: Workspace) -> None:
    """Step 08 ran cleanly on ``ws`` and wrote a valid guide, sample and codebook.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("08", create=False)

    # the guide: the YAML round trip and the printable files
    path = folder / ig.GUIDE_FILE
    guide = ig.load_interview_guide(path)
    assert guide.to_dict() == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert ig.load_interview_guide(ig.save_interview_guide(guide, ws)).to_dict() == (
        guide.to_dict()
    )
    markdown = (folder / "guide-entretien.md").read_text(encoding="utf-8")
    assert markdown == ig.guide_to_markdown(guide)
    page = (folder / "guide-entretien.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert guide.consent and guide.transcription and guide.closing
    kinds = [t.kind for t in guide.themes]
    assert "effets-negatifs-inattendus" in kinds and "contrefactuel" in kinds
    toc = load_theory_of_change(ws)
    scope = load_scope(ws)
    themes = {t.outcome: t for t in guide.outcome_themes}
    for outcome in scope.outcomes:
        assert outcome in themes, f"effet {outcome} du périmètre sans thème"
        assert themes[outcome].priority

    # who to interview: pseudonyms, the profiles the data hold, every other group
    sample = pd.read_csv(folder / ig.SAMPLE_FILE, dtype=str, keep_default_na=False)
    assert list(sample.columns) == ig.SAMPLE_COLUMNS
    assert (sample["raison"].str.len() > 20).all()
    people = sample[sample["personne_id"] != ""]
    assert people["personne_id"].str.match(PSEUDONYM).all()
    if (ws.clean_data_dir).is_dir() and any(ws.clean_data_dir.glob("*.csv")):
        assert len(people) > 0
        assert _expected_profiles(ws) <= set(people["profil"])
    groups = set(sample.loc[sample["personne_id"] == "", "groupe"]) | set(sample["groupe"])
    assert {s.name for s in toc.stakeholders} <= groups

    # the codebook for step 10
    book = ig.load_codebook(ws)
    assert {e.id for e in toc.outcomes} <= set(book["effet"])
    assert book["code"].is_unique
    assert (book[["definition", "inclure", "exclure"]] != "").all().all()

    # no identifier: no e-mail, phone or NIR, and no name of the register
    assert scan_for_identifiers(folder).empty
    names = _names_of_people(ws)
    for file in (folder / ig.SAMPLE_FILE, path, folder / "guide-entretien.md"):
        text = file.read_text(encoding="utf-8-sig")
        leaked = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
        assert not leaked, f"{file.name} : {len(leaked)} nom(s) de personnes"


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
@pytest.mark.parametrize("slug", ["ateliers-emploi", "formation-batiment"])
def test_step08_after_step05(slug, tmp_path):
    out = tmp_path / "sorties"
    run_steps(slug, out, "00-05")
    run_steps(slug, out, "08")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step08_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Brouillon tiré de la théorie du changement" in shown
    assert "personnes proposées pour les entretiens" in shown

    # the participant edits the guide: the next run reads it back and keeps the file
    path = ws.step_dir("08") / ig.GUIDE_FILE
    edited = path.read_text(encoding="utf-8").replace("Pour commencer,", "Pour démarrer,")
    path.write_text(edited, encoding="utf-8")
    run_steps(slug, out, "08")
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Guide relu dans guide-entretien.yml, avec vos modifications" in shown
    assert path.read_text(encoding="utf-8") == edited
    assert "Pour démarrer," in (path.parent / "guide-entretien.md").read_text(encoding="utf-8")


@pytest.mark.notebooks
def test_step08_without_step05_lists_groups_only(tmp_path):
    out = tmp_path / "sorties"
    run_steps("mobilite-accompagnee", out, "00-03")
    run_steps("mobilite-accompagnee", out, "08", interview_minutes=30, n_people=4)
    ws = open_workspace(SAMPLES_DIR / "mobilite-accompagnee", out)
    assert_step08_deliverables(ws)
    sample = pd.read_csv(ws.step_dir("08") / ig.SAMPLE_FILE, dtype=str, keep_default_na=False)
    assert (sample["personne_id"] == "").all() and len(sample) > 0
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "exécutez d'abord le carnet 05" in shown
    assert "groupes de parties prenantes à rencontrer" in shown
    assert "30 minutes prévues" in shown

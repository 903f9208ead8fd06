"""Notebook 10 (« Analyse qualitative »): skeleton, deliverables, and runs.

Its deliverables on every sample are checked by :func:`assert_step10_deliverables`, which
the gate (``test_notebooks.py``) can call after running the whole curriculum; the run here
covers what the gate does not (a coding file edited by hand and read back).
"""

from __future__ import annotations

import pandas as pd
import pytest

from sizeup_helpers import qualitative as q
from sizeup_helpers.curriculum import STEP_BY_NUMBER
from sizeup_helpers.interview_guide import load_codebook
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.workspace import Workspace, open_workspace
from tools.samplegen import load_truth

from .conftest import SAMPLES_DIR
from .notebook_skeleton import check_skeleton, executed_errors, executed_outputs, run_steps

STEP = STEP_BY_NUMBER["10"]
FILES = (
    q.CODING_FILE,
    "themes-par-effet.csv",
    "themes-par-groupe.csv",
    "cooccurrences.csv",
    "citations.csv",
    "preuves-contraires.csv",
    "triangulation.csv",
    q.CHART_FILE,
)


# --------------------------------------------------------------------------------------
# The committed file (no kernel)
# --------------------------------------------------------------------------------------
def test_skeleton():
    sk = check_skeleton("10", readings=6)
    names, text = sk.parameters, sk.text
    assert {"use_saved_coding", "quotes_per_outcome", "preview_rows"} <= set(names)
    for cited in ("article 5.1.c", "CNIL", "CSESS", "Avise", "F3E"):
        assert cited in text, cited
    assert "**Binder public : données d'exemple uniquement.**" in text
    assert "n'est pas une fréquence" in text and "preuves contraires" in text.lower()
    assert "11_valorisation.ipynb" in sk.markdown[-1]


# --------------------------------------------------------------------------------------
# The deliverables (called by the gate after a whole run)
# --------------------------------------------------------------------------------------
def _read(ws: Workspace, name: str) -> pd.DataFrame:
    path = ws.step_dir("10", create=False) / name
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def assert_step10_deliverables(ws: Workspace) -> None:
    """Step 10 ran cleanly on ``ws`` and wrote its coding file and analyses, redacted.

    Called by the gate (``test_notebooks.py``) after it ran the whole curriculum on every
    sample, so the notebook is not run a second time there.
    """
    executed = ws.executed_dir / STEP.notebook
    assert not executed.is_file() or not executed_errors(executed)
    folder = ws.step_dir("10", create=False)
    for name in FILES:
        assert (folder / name).is_file(), name
    codebook = load_codebook(ws)
    coding = q.load_coding(folder / q.CODING_FILE, codebook)
    assert list(coding.columns) == q.CODING_COLUMNS and coding["segment"].is_unique
    truth = load_truth(ws.root)["effets"]
    interviews = truth["themes_entretiens"]["nb_entretiens"]
    assert coding["personne"].str.startswith("entretien_").sum() > 0
    assert coding.loc[coding["personne"].str.startswith("entretien_"), "personne"].nunique() == (
        interviews
    )
    # the themes name every code, counted in segments and people
    themes = _read(ws, "themes-par-effet.csv")
    assert themes["code"].tolist() == codebook["code"].tolist()
    assert (themes["personnes"].astype(int) <= themes["segments"].astype(int)).all()
    # every outcome of the codebook has its triangulation row, with a documented verdict
    tri = _read(ws, "triangulation.csv")
    outcomes = [e for e in codebook["effet"] if e]
    assert tri["effet"].tolist() == outcomes
    assert set(tri["concordance"]) <= {"convergente", "divergente", "manquante", "à discuter"}
    # contrary evidence is kept: the planted criticisms are there
    assert len(_read(ws, "preuves-contraires.csv")) > 0
    # nothing identifies anyone: slipped identifiers are gone, quotes flagged when risky
    mess = load_truth(ws.root)["desordre"]
    slipped = [
        item["valeur"]
        for key in ("entretiens", "temoignages")
        for item in (mess.get(key) or {}).get("identifiants_glisses", [])
    ]
    for name in FILES[:-1]:
        text = (folder / name).read_text(encoding="utf-8-sig")
        for value in slipped:
            assert value not in text, (name, value)
    quotes = _read(ws, "citations.csv")
    for _, r in quotes.iterrows():
        assert (r["a_verifier"] == "oui") == bool(q.reidentification_risk(r["citation"]))
    assert scan_for_identifiers(folder).empty


# --------------------------------------------------------------------------------------
# Papermill runs
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
def test_step10_reads_the_edited_coding_back(tmp_path):
    slug = "justice-jeunesse"
    out = tmp_path / "sorties"
    run_steps(slug, out, "00-08")
    run_steps(slug, out, "10")
    ws = open_workspace(SAMPLES_DIR / slug, out)
    assert_step10_deliverables(ws)
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Suggestions enregistrées dans codage.csv" in shown
    assert "SUGGESTIONS non encore confirmées" in shown

    # the participant confirms every suggestion in a spreadsheet: the next run reads it
    path = ws.step_dir("10") / q.CODING_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[table["codes_suggeres"] != "", "confirme"] = "oui"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    edited = path.read_text(encoding="utf-8-sig")
    run_steps(slug, out, "10")
    shown = executed_outputs(ws.executed_dir / STEP.notebook)
    assert "Codage relu dans codage.csv, avec vos confirmations" in shown
    assert "Tous les segments codés ont été relus et confirmés" in shown
    assert path.read_text(encoding="utf-8-sig") == edited
    assert_step10_deliverables(ws)

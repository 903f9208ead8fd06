"""Sample structure ``formation-batiment``: determinism, messiness, planted truth, workspace.

The planted truth is recomputed here from the raw files with a direct pandas computation
and the minimal cleaning written inline, independently of the generator's code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import tools.samplegen.formation_batiment as gen
from sizeup_helpers.theory_of_change import load_theory_of_change
from sizeup_helpers.workspace import open_workspace

from .conftest import SAMPLES_DIR

SLUG = "formation-batiment"
TOL = 1e-6


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The committed sample (tests/test_samples.py shows it is what the generator writes)."""
    return SAMPLES_DIR / "formation-batiment"


@pytest.fixture(scope="module")
def truth(sample) -> dict:
    return json.loads((sample / "verite-terrain.json").read_text(encoding="utf-8"))


def _raw(sample: Path, name: str) -> Path:
    return sample / "donnees-brutes" / name


def _csv(sample: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        _raw(sample, name), sep=";", encoding="cp1252", dtype=str, keep_default_na=False
    )


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


def _stagiaires(sample: Path) -> pd.DataFrame:
    return pd.read_excel(
        _raw(sample, "stagiaires.xlsx"),
        sheet_name="Stagiaires",
        header=3,
        engine="openpyxl",
        dtype=object,
    )


def _insertion(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["programme"].isin(["Fondamentaux", "Jeunes Bâtisseurs"])]


# --------------------------------------------------------------------------------------
# Determinism, workspace, size
# --------------------------------------------------------------------------------------


def test_workspace_opens_and_declares_every_raw_file(sample, tmp_path):
    ws = open_workspace(sample, output_dir=tmp_path / "sorties")
    assert ws.fictional
    roles = {f.role for f in ws.files}
    assert {"stagiaires", "competences", "suivi_sorties", "accompagnement_social"} <= roles
    assert sum(r.startswith("emargement_") for r in roles) == len(gen.SESSIONS)
    declared = {f.path.name for f in ws.files}
    on_disk = {p.name for p in (sample / "donnees-brutes").rglob("*") if p.is_file()}
    assert on_disk == declared
    assert ws.file("stagiaires").personal_data
    assert ws.file("accompagnement_social").sensitive_data
    assert ws.file("stagiaires").sheet == "Stagiaires"
    toc = load_theory_of_change(sample / "theorie-du-changement.yml")
    assert "equipe" in {s.category for s in toc.stakeholders}  # shared checks: test_samples.py


# --------------------------------------------------------------------------------------
# Messiness where it was recorded
# --------------------------------------------------------------------------------------
def test_trainee_file_messiness(sample, truth):
    mess = truth["desordre"]["stagiaires.xlsx"]
    ws = load_workbook(_raw(sample, "stagiaires.xlsx"))["Stagiaires"]
    assert "Fichier des stagiaires" in ws.cell(1, 1).value
    assert ws.cell(mess["ligne_entete"], 1).value == "id"
    col = [c.value for c in ws[mess["ligne_entete"]]].index("date_naissance") + 1
    formats = mess["date_naissance_formats"]
    assert all(len(rows) > 5 for rows in formats.values())
    for r in formats["cellule_date"]:
        assert isinstance(ws.cell(r, col).value, dt.datetime)
    for r in formats["texte_jj_mm_aaaa"]:
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", ws.cell(r, col).value)
    for r in formats["texte_j_m_aaaa"]:
        assert re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", ws.cell(r, col).value)
    for r in formats["numero_serie_excel"]:
        assert isinstance(ws.cell(r, col).value, int)
    ab = [c.value for c in ws[mess["ligne_entete"]]].index("abandon") + 1
    for text, rows in mess["abandon_variantes"].items():
        for r in rows:
            assert (ws.cell(r, ab).value or "") == text
    assert len(mess["abandon_variantes"]) >= 4
    assert "France Travail" in mess["prescripteur_variantes"]
    assert len(mess["lignes_reinscription_nom_variante"]) == gen.N_DOUBLE_ENROLMENTS


def test_attendance_sheet_messiness(sample, truth):
    for session_id, *_ in gen.SESSIONS:
        name = f"emargement_{session_id}.xlsx"
        mess = truth["desordre"][name]
        ws = load_workbook(_raw(sample, name)).active
        merged = [str(m) for m in ws.merged_cells.ranges]
        header = mess["lignes_entete"]
        assert len(header) in (2, 3)
        assert any(m.startswith("D") and m.endswith(str(header[0])) for m in merged)  # week
        assert ws.cell(mess["ligne_total"], 2).value == "Total présents"
        assert isinstance(ws.cell(mess["premiere_ligne_donnees"], 1).value, int)
        for column in mess["colonnes_feriees"]:
            assert ws[f"{column}{mess['premiere_ligne_donnees']}"].value == "Férié"
        for ref in mess["cellules_vides_non_remplies"]:
            assert ws[ref].value is None
        for ref in mess.get("cellules_present_en_toutes_lettres", []):
            assert ws[ref].value == "présent"
        for ref in mess.get("cellules_p_minuscule", []):
            assert ws[ref].value == "p"
    assert truth["desordre"]["emargement_FON-24-2.xlsx"]["cellules_present_en_toutes_lettres"]
    assert truth["desordre"]["emargement_JB-24-2.xlsx"]["cellules_p_minuscule"]


def test_csv_messiness(sample, truth):
    raw = _raw(sample, "grille_competences.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    grid = _csv(sample, "grille_competences.csv")
    na_lines = truth["desordre"]["grille_competences.csv"]["lignes_niveau_NA_lu_comme_manquant"]
    assert na_lines and all(grid.loc[n - 2, "niveau"] == "NA" for n in na_lines)
    default = pd.read_csv(_raw(sample, "grille_competences.csv"), sep=";", encoding="cp1252")
    assert default.loc[[n - 2 for n in na_lines], "niveau"].isna().all()
    for n in truth["desordre"]["grille_competences.csv"]["lignes_date_iso"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", grid.loc[n - 2, "date_eval"])

    follow = _csv(sample, "suivi_sorties.csv")
    ids = set(_stagiaires(sample)["id"])
    typos = truth["desordre"]["suivi_sorties.csv"]["lignes_identifiant_mal_saisi"]
    assert typos
    for n in typos:
        written = follow.loc[n - 2, "stagiaire_id"]
        assert written not in ids
        fixed = re.sub(r"^NB(\d\d)(\d{3})$", r"NB-\1-\2", written.upper())
        assert fixed in ids

    support = _csv(sample, "accompagnement_social.csv")
    styles = truth["desordre"]["accompagnement_social.csv"]["lignes_date_par_format"]
    patterns = {
        "dmy": r"\d\d/\d\d/\d{4}",
        "short": r"\d{1,2}-\d{1,2}-\d\d",
        "iso": r"\d{4}-\d\d-\d\d",
    }
    for style, lines in styles.items():
        assert lines
        assert all(re.fullmatch(patterns[style], support.loc[n - 2, "date"]) for n in lines)
    assert set(support["resolu"]) >= {"O", "N", ""}


# --------------------------------------------------------------------------------------
# Planted truth, recomputed from the raw files
# --------------------------------------------------------------------------------------
def _birth(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (int, float)):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    for fmt in ("%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    raise AssertionError(value)


def test_distinct_people_and_completion(sample, truth):
    df = _stagiaires(sample)
    eff = truth["effets"]
    assert len(df) == eff["inscriptions"]["total"]
    key = (
        df["nom"].map(_fold)
        + "|"
        + df["prenom"].map(_fold)
        + "|"
        + df["date_naissance"].map(_birth).astype(str)
    )
    assert key.nunique() == eff["personnes_distinctes"]["total"]
    ins = _insertion(df)
    assert len(ins) == eff["inscriptions"]["insertion"]
    assert key[ins.index].nunique() == eff["personnes_distinctes"]["insertion"]
    assert key.nunique() < len(df)  # the double enrolments are there

    done = ~ins["abandon"].astype(str).str.strip().str.lower().str.startswith("o")
    planted = eff["taux_achevement"]
    assert done.mean() == pytest.approx(planted["global"], abs=TOL)
    by_prog = done.groupby(ins["programme"]).mean()
    for prog, rate in planted["par_programme"].items():
        assert by_prog[prog] == pytest.approx(rate, abs=TOL)
    assert 0.6 < planted["global"] < 0.9


def _attendance_cells(path: Path) -> pd.Series:
    """Every half-day cell of the trainees' rows, as written."""
    grid = pd.read_excel(path, header=None, engine="openpyxl", dtype=object)
    is_trainee = grid[0].map(lambda v: isinstance(v, (int, np.integer)))
    body = grid.loc[is_trainee, 3:]
    return body.stack().dropna()  # empty cells dropped


def test_attendance_rate_from_wide_sheets(sample, truth):
    planted = truth["effets"]["taux_assiduite"]
    present_words = {"P", "R", "PRESENT"}
    all_present = all_expressed = all_aj = 0
    for session_id, *_ in gen.SESSIONS:
        cells = _attendance_cells(_raw(sample, f"emargement_{session_id}.xlsx"))
        code = cells.astype(str).map(_fold).str.upper()
        present = code.isin(present_words).sum()
        expressed = present + code.isin({"A", "AJ"}).sum()
        assert set(code) <= present_words | {"A", "AJ", "FERIE"}
        assert present / expressed == pytest.approx(planted["par_session"][session_id], abs=TOL)
        all_present += present
        all_expressed += expressed
        all_aj += (code == "AJ").sum()
    assert all_present == planted["demi_journees_presentes"]
    assert all_present / all_expressed == pytest.approx(planted["taux_observe"], abs=TOL)
    assert all_present / (all_expressed - all_aj) == pytest.approx(
        planted["taux_hors_absences_justifiees"], abs=TOL
    )
    # hours done in the trainee file = present half-days × 3.5 h
    ins = _insertion(_stagiaires(sample))
    assert ins["heures_realisees"].astype(float).sum() == pytest.approx(all_present * 3.5, abs=TOL)
    assert truth["effets"]["heures_realisees_insertion"] == pytest.approx(all_present * 3.5)
    assert 0.75 < planted["taux_observe"] < 0.95


def _stage(text: str) -> str:
    t = _fold(text)
    return "sortie" if t in ("sortie", "fin de session") else "3 mois" if "3" in t else "6 mois"


def _category(text: str) -> str | None:
    t = _fold(text)
    if t in ("", "sans nouvelle", "sans nouvelles", "injoignable"):
        return None
    if "formation" in t:
        return "formation"
    if re.search(r"\b(cdi|cdd|interim|iae|insertion)\b", t):
        return "emploi"
    if "recherche" in t or "demandeur" in t:
        return "recherche"
    return "autre"


def test_situation_at_exit_and_6_months(sample, truth):
    follow = _csv(sample, "suivi_sorties.csv")
    follow["stage"] = follow["etape"].map(_stage)
    follow["cat"] = follow["situation"].map(_category)
    planted = truth["effets"]["situation_sorties"]
    n = planted["inscriptions"]
    assert n == len(_insertion(_stagiaires(sample)))
    rates = {}
    for stage in ("sortie", "3 mois", "6 mois"):
        known = follow.loc[(follow["stage"] == stage) & follow["cat"].notna(), "cat"]
        p = planted[stage]
        assert len(known) == p["repondants"]
        assert (known == "formation").mean() == pytest.approx(
            p["part_formation_qualifiante_repondants"], abs=TOL
        )
        assert (known == "emploi").mean() == pytest.approx(p["part_emploi_repondants"], abs=TOL)
        assert (known == "formation").sum() / n == pytest.approx(
            p["part_formation_qualifiante_tous"], abs=TOL
        )
        assert (known == "emploi").sum() / n == pytest.approx(p["part_emploi_tous"], abs=TOL)
        rates[stage] = len(known) / n
    assert rates["sortie"] > rates["3 mois"] > rates["6 mois"]
    assert 0.45 <= rates["6 mois"] <= 0.65


_RANK = {"debutant": 0, "debutant(e)": 0, "a1.1": 1, "a1": 1, "a2": 2, "b1": 3, "b2": 4}


def test_french_progress(sample, truth):
    df = _stagiaires(sample)
    fon = df[
        (df["programme"] == "Fondamentaux")
        & df["abandon"].astype(str).str.lower().str.startswith("n")
    ]
    fon = fon[fon["niveau_francais"].map(_fold) != "non evalue"]
    gain = fon["niveau_francais_sortie"].map(_fold).map(_RANK) - fon["niveau_francais"].map(
        _fold
    ).map(_RANK)
    planted = truth["effets"]["progression_francais"]
    assert gain.notna().all() and len(gain) == planted["n"]
    assert (gain > 0).mean() == pytest.approx(planted["part_en_progres"], abs=TOL)
    assert gain.mean() == pytest.approx(planted["gain_moyen_niveaux"], abs=TOL)


def test_modules_acquired(sample, truth):
    grid = _csv(sample, "grille_competences.csv")
    df = _stagiaires(sample)
    completed = df[
        df["abandon"].astype(str).str.lower().str.startswith("n")
        & df["programme"].isin(["Fondamentaux", "Jeunes Bâtisseurs"])
    ]
    end = dict(zip(completed["id"], pd.to_datetime(completed["date_sortie"]), strict=True))
    # ISO and day-first dates in one column: parse each form explicitly (format="mixed"
    # with dayfirst=True would swap day and month in "2024-12-06")
    iso = grid["date_eval"].str.match(r"\d{4}-")
    day = pd.to_datetime(grid["date_eval"].where(iso), format="%Y-%m-%d").fillna(
        pd.to_datetime(grid["date_eval"].where(~iso), format="%d/%m/%Y")
    )
    final = grid[[end.get(i) == d for i, d in zip(grid["stagiaire_id"], day, strict=True)]]
    level = final["niveau"].map(_fold)
    acquired = level == "acquis"
    planted = truth["effets"]["modules_acquis"]
    assert len(final) == planted["n_evaluations_fin"] == 6 * len(completed)
    assert acquired.mean() == pytest.approx(planted["part_acquis_fin"], abs=TOL)
    per_person = acquired.groupby(final["stagiaire_id"]).sum()
    assert per_person.mean() == pytest.approx(
        planted["modules_acquis_moyen_par_stagiaire"], abs=TOL
    )


def test_social_support(sample, truth):
    support = _csv(sample, "accompagnement_social.csv")
    planted = truth["effets"]["accompagnement_social"]
    assert support["stagiaire_id"].nunique() == planted["personnes_accompagnees"]
    assert len(support) == planted["actions"]
    flag = support["resolu"].map(_fold).str[:1]
    answered = flag[flag != ""]
    assert (answered == "o").mean() == pytest.approx(
        planted["part_resolues_parmi_renseignees"], abs=TOL
    )
    theme = support["theme"].map(_fold)
    housing = theme.isin(["logement", "hebergement"]).sum()
    assert housing == planted["actions_par_theme"]["logement"]

"""Sample structure ``justice-jeunesse``: determinism, messiness, planted truth.

The planted truth is recomputed here from the raw files with pandas and a minimal cleaning
written in the test itself, independently of the generator's code.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import tools.samplegen.justice_jeunesse as mod
from sizeup_helpers.theory_of_change import check_coherence, load_theory_of_change
from sizeup_helpers.workspace import open_workspace
from tools.samplegen._base import write_sample

RAW = "donnees-brutes"
COLUMNS = [
    "intervention_id",
    "date",
    "statut",
    "format",
    "etablissement",
    "type",
    "commune",
    "departement",
    "education_prioritaire",
    "classe_id",
    "niveau",
    "nb_eleves",
    "theme",
    "intervenants",
    "duree_h",
    "montant_facture",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    root = write_sample(mod, tmp_path_factory.mktemp("justice"))
    truth = json.loads((root / "verite-terrain.json").read_text(encoding="utf-8"))
    return root, truth


@functools.cache
def _sheet(root: Path):
    return load_workbook(root / RAW / "interventions.xlsx")["Suivi 2024-2025"]


def _interventions(root: Path) -> pd.DataFrame:
    """The class rows of the follow-up workbook (titles, header and totals left out)."""
    ws = _sheet(root)
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    df = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    df["ligne"] = range(6, 6 + len(df))
    return df[df["intervention_id"].astype(str).str.startswith("INT-")].reset_index(drop=True)


def _to_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (int, float)):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return dt.datetime.strptime(value, "%d/%m/%Y").date()


def _count(value) -> int:
    return int(re.match(r"\d+", str(value)).group())


def _amount(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, (int, float)):
        return float(value)
    return float(re.sub(r"[^\d,\-]", "", value).replace(",", "."))


def _quiz(root: Path) -> pd.DataFrame:
    quiz = pd.read_csv(
        root / RAW / "quiz_avant_apres.csv",
        sep=";",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    key = pd.read_csv(root / RAW / "quiz_corrige.csv", sep=";", encoding="utf-8-sig")
    parts = quiz["code_eleve"].str.extract(r"(\d+)\D+(\d+)").astype(int)
    quiz["code"] = parts[0].astype(str) + "-" + parts[1].astype(str)
    quiz["score"] = sum(
        (quiz[q].str.upper().str[:1] == answer[0]).astype(int)
        for q, answer in zip(key["question"], key["reponse_attendue"], strict=True)
    )
    return quiz


def _csv(root: Path, name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(root / RAW / name, dtype=str, keep_default_na=False, **kw)


# --------------------------------------------------------------------------------------


def test_workspace_opens(sample, tmp_path):
    root, _ = sample
    ws = open_workspace(root, output_dir=tmp_path / "sorties")
    assert ws.fictional
    for role in ("interventions", "quiz", "corrige_quiz", "verdicts", "enquete_enseignants"):
        assert ws.file(role).path.is_file()
    assert ws.file("interventions").sheet == "Suivi 2024-2025"
    assert ws.file("enquete_enseignants").personal_data
    # pseudonymous, not anonymous: a code per pupil, the teacher keeps who is who
    assert ws.file("quiz").personal_data and "pseudonyme" in ws.file("quiz").description
    assert "anonyme" not in ws.file("quiz").description


def test_drafts_are_coherent(sample):
    root, _ = sample
    toc = load_theory_of_change(root / "theorie-du-changement.yml")
    assert check_coherence(toc).empty  # the shared draft checks are in test_samples.py
    assert 1 <= len(toc.outputs) <= 3
    assert "benevoles" in {s.category for s in toc.stakeholders}


def test_workbook_messiness(sample):
    root, truth = sample
    mess = truth["desordre"]["interventions.xlsx"]
    ws = _sheet(root)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:P1", "A4:D4", "E4:I4", "J4:L4", "M4:O4"} <= merged
    assert ws["A4"].value == "Intervention" and ws["A5"].value == "intervention_id"
    assert ws["A6"].value.startswith("INT-")
    labels = [ws.cell(row=r, column=1).value for r in mess["lignes_sous_total"]]
    assert labels[:-1] == [f"Sous-total trimestre {t}" for t in (1, 2, 3)]
    assert labels[-1] == "TOTAL ANNÉE" and mess["lignes_sous_total"][-1] == ws.max_row
    kinds = {
        "date_excel": dt.datetime,
        "numero_de_serie": int,
        "texte_iso": str,
        "texte_jj_mm_aaaa": str,
    }
    every = []
    for style, rows in mess["formats_de_date_par_ligne"].items():
        assert rows, style
        for r in rows:
            value = ws.cell(row=r, column=2).value
            assert isinstance(value, kinds[style]), (r, value)
            if style == "texte_iso":
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            if style == "texte_jj_mm_aaaa":
                assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", value)
            if style == "numero_de_serie":
                assert 45500 < value < 45900
        every += rows
    assert sorted(every) == list(_interventions(root)["ligne"])
    for r in mess["lignes_reportees"]:
        assert ws.cell(row=r, column=3).value == "Reportée"
    for r in mess["lignes_annulees"]:
        assert ws.cell(row=r, column=3).value == "Annulée"
    for r in mess["lignes_nb_eleves_en_texte"]:
        assert isinstance(ws.cell(row=r, column=12).value, str)
    for r in mess["lignes_montant_en_texte"]:
        assert ws.cell(row=r, column=16).value.endswith("\u00a0€")
    df = _interventions(root)
    for variants in mess["variantes_niveau"].values():
        assert set(variants) <= set(df["niveau"])
    assert len(set(df["niveau"])) > 10


def test_quiz_messiness(sample):
    root, truth = sample
    mess = truth["desordre"]["quiz_avant_apres.csv"]
    raw = (root / RAW / "quiz_avant_apres.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    quiz = _csv(root, "quiz_avant_apres.csv", sep=";", encoding="utf-8-sig")
    lines = quiz.index + 2
    odd = lines[~quiz["code_eleve"].str.fullmatch(r"C\d{3}-\d{2}")]
    assert list(odd) == mess["lignes_code_autre_ecriture"] and len(odd) > 50
    number = quiz["code_eleve"].str.extract(r"\d+\D+(\d+)")[0].astype(int)
    assert list(lines[number >= 40]) == mess["lignes_numero_mal_ecrit"]
    assert (
        list(lines[quiz["a1_moquerie_en_ligne_pas_grave"].str.isdigit()])
        == mess["lignes_likert_en_chiffres"]
    )
    questions = [f"q{i:02d}" for i in range(1, 11)]
    assert list(lines[(quiz[questions] == "").any(axis=1)]) == mess["lignes_reponse_vide"]
    answers = set(quiz[questions].stack()) - {""}
    assert answers == set(mess["variantes_reponses"]) == {"V", "F", "Vrai", "Faux", "vrai", "faux"}
    assert set(quiz["previendrait_un_adulte"]) >= {"Oui", "oui", "Non", "NSP", "?", ""}
    assert len(quiz) < 3000, "a subset of classes, not every pupil"


def test_verdicts_and_teachers_messiness(sample):
    root, truth = sample
    verdicts = _csv(root, "verdicts.csv", sep=";", encoding="cp1252")
    no_verdict = [
        i + 2 for i, v in enumerate(verdicts["sanction_proposee_par_eleves"]) if "pas d'accord" in v
    ]
    assert no_verdict == truth["desordre"]["verdicts.csv"]["lignes_sans_verdict"]
    mess = truth["desordre"]["enquete_enseignants.csv"]
    teachers = _csv(root, "enquete_enseignants.csv", sep=",", encoding="utf-8")
    others = teachers.drop(columns="Horodateur")
    for line in mess["lignes_double_envoi"]:
        i = line - 2
        assert others.iloc[i].tolist() == others.iloc[i - 1].tolist()
    assert list(teachers.index[others.duplicated()] + 2) == mess["lignes_double_envoi"]
    stamps = pd.to_datetime(teachers["Horodateur"], format="%d/%m/%Y %H:%M:%S")
    assert stamps.is_monotonic_increasing
    satisfaction = teachers["Êtes-vous satisfait(e) de l'intervention ?"]
    before = stamps < pd.Timestamp(mess["changement_de_formulaire"]["date"])
    assert satisfaction[before].str.isdigit().all()
    assert not satisfaction[~before].str.isdigit().any()
    climate = teachers["Avez-vous observé un changement dans le climat de la classe ?"]
    assert set(climate[before]) <= {"Oui", "Non", "NSP"}
    assert set(climate[~before]) <= {"Oui", "Non", "Je ne sais pas"}
    assert teachers["Adresse e-mail"].str.endswith("@ac-montpellier.fr").all()


# --------------------------------------------------------------------------------------
# planted truth, recomputed
# --------------------------------------------------------------------------------------
def test_classes_and_pupils_reached(sample):
    root, truth = sample
    eff = truth["effets"]
    df = _interventions(root)
    done = df[df["statut"] == "Réalisée"].copy()
    assert done["classe_id"].is_unique
    assert len(df) > len(done), "postponed and cancelled rows inflate a naive count"
    assert len(done) == eff["classes_touchees"]
    assert 280 <= len(done) <= 330, "about 300 classes a year"
    assert done["intervention_id"].nunique() == eff["interventions_realisees"]
    done["eleves"] = done["nb_eleves"].map(_count)
    assert done["eleves"].sum() == eff["eleves_touches"]
    assert 7000 <= done["eleves"].sum() <= 8500, "nearly 8,000 pupils"
    to_level = {v: k for k, vs in eff["categories_niveau"].items() for v in vs}
    by_level = done.groupby(done["niveau"].map(to_level))["eleves"].sum().to_dict()
    assert by_level == {k: v for k, v in eff["eleves_par_niveau"].items() if v}
    to_rep = {v: k for k, vs in eff["categories_education_prioritaire"].items() for v in vs}
    rep = done["education_prioritaire"].fillna("").map(to_rep)
    assert done.groupby(rep)["eleves"].sum().to_dict() == {
        k: v for k, v in eff["eleves_par_education_prioritaire"].items() if v
    }
    assert done["montant_facture"].map(_amount).sum() == pytest.approx(eff["montant_facture_total"])
    # the mixed date column, once parsed, agrees with the dates of the verdicts file
    verdicts = _csv(root, "verdicts.csv", sep=";", encoding="cp1252")
    assert list(verdicts["classe"]) == list(done["classe_id"])
    parsed = done["date"].map(_to_date)
    expected = pd.to_datetime(verdicts["date"], format="%d/%m/%Y").dt.date
    assert list(parsed) == list(expected)


def test_matched_codes_and_knowledge_gain(sample):
    root, truth = sample
    eff = truth["effets"]
    quiz = _quiz(root)
    waves = {w: quiz[quiz["vague"] == w].set_index("code") for w in ("T0", "T1", "T2")}
    assert {w: len(v) for w, v in waves.items()} == eff["quiz_questionnaires_par_vague"]
    assert all(v.index.is_unique for v in waves.values())
    assert quiz["classe"].nunique() == eff["quiz_classes"] == mod.N_QUIZ_CLASSES
    matched = waves["T0"].index.intersection(waves["T1"].index)
    planted = eff["appariement_codes_T0_T1"]
    assert len(matched) == planted["codes_apparies"]
    assert len(matched) / len(waves["T0"]) == pytest.approx(planted["taux_appariement"], abs=1e-6)
    assert 0.8 < planted["taux_appariement"] < 0.97, "part of the codes do not match"
    unmatched_t1 = 1 - len(matched) / len(waves["T1"])
    assert unmatched_t1 == pytest.approx(planted["part_codes_T1_sans_T0"], abs=1e-6)
    for later, gain in (("T1", mod.KNOWLEDGE_GAIN_T1), ("T2", mod.KNOWLEDGE_GAIN_T2)):
        pairs = waves["T0"][["score"]].merge(
            waves[later][["score"]], left_index=True, right_index=True, suffixes=("", "_apres")
        )
        diff = pairs["score_apres"] - pairs["score"]
        rec = eff[f"gain_connaissances_T0_{later}"]
        assert len(pairs) == rec["n_paires"]
        assert pairs["score"].mean() == pytest.approx(rec["moyenne_T0"], abs=1e-6)
        assert diff.mean() == pytest.approx(rec["difference_moyenne"], abs=1e-6)
        assert diff.std(ddof=1) == pytest.approx(rec["ecart_type_differences"], abs=1e-6)
        assert diff.mean() / diff.std(ddof=1) == pytest.approx(rec["d_z"], abs=1e-5)
        assert diff.mean() == pytest.approx(gain, abs=0.02), "the sample carries the effect"
    intention = quiz["previendrait_un_adulte"].str.lower()
    intention = intention[intention != ""]
    share = (intention == "oui").groupby(quiz.loc[intention.index, "vague"]).mean()
    for wave in ("T0", "T1", "T2"):
        assert share[wave] == pytest.approx(eff["part_previendrait_un_adulte"][wave], abs=1e-6)
    assert share["T1"] > share["T0"] + 0.1


def test_verdicts_compared_with_real_decisions(sample):
    root, truth = sample
    eff = truth["effets"]
    verdicts = _csv(root, "verdicts.csv", sep=";", encoding="cp1252")
    level = {text: int(k) for k, texts in eff["categories_sanction"].items() for text in texts}
    proposed = verdicts["sanction_proposee_par_eleves"].map(level)
    real = verdicts["sanction_reelle"].map(level)
    assert real.notna().all()
    known = proposed.notna()
    assert known.sum() == eff["verdicts_compares"]["n"]
    gap = proposed[known] - real[known]
    assert (gap > 0).mean() == pytest.approx(eff["verdicts_compares"]["part_plus_severe"], abs=1e-6)
    assert (gap == 0).mean() == pytest.approx(eff["verdicts_compares"]["part_identique"], abs=1e-6)


def test_teacher_satisfaction(sample):
    root, truth = sample
    eff = truth["effets"]
    teachers = _csv(root, "enquete_enseignants.csv", sep=",", encoding="utf-8")
    unique = teachers.drop_duplicates(subset=[c for c in teachers if c != "Horodateur"])
    assert len(unique) == eff["reponses_enseignants"]
    teachers_n = unique["Adresse e-mail"].nunique()
    assert teachers_n == eff["enseignants_repondants_distincts"] < len(unique)
    answer = unique["Êtes-vous satisfait(e) de l'intervention ?"]
    mark = pd.to_numeric(answer, errors="coerce")
    satisfied = (mark >= 4) | answer.isin(["Très satisfait(e)", "Plutôt satisfait(e)"])
    rec = eff["satisfaction_enseignants"]
    assert satisfied.mean() == pytest.approx(rec["taux_observe"], abs=1e-6)
    assert satisfied.mean() == pytest.approx(mod.TEACHER_SATISFIED, abs=0.06)
    climate = unique["Avez-vous observé un changement dans le climat de la classe ?"]
    assert (climate == "Oui").mean() == pytest.approx(
        eff["part_enseignants_climat_change"], abs=1e-6
    )


# --------------------------------------------------------------------------------------
# the law as it is (CJPM), and the words of the juvenile court
# --------------------------------------------------------------------------------------
def _age(case: str) -> int:
    return int(re.search(r"(\d+) ans", case).group(1))


def test_tig_only_from_16_in_real_and_proposed_verdicts(sample):
    """CJPM art. L. 122-1: a travail d'intérêt général only for a minor aged 16 or more."""
    root, truth = sample
    verdicts = _csv(root, "verdicts.csv", sep=";", encoding="cp1252")
    tig = r"\bTIG\b|int[ée]r[êe]t g[ée]n[ée]ral"
    age = verdicts["affaire"].map(_age)
    for column in ("sanction_reelle", "sanction_proposee_par_eleves"):
        with_tig = verdicts[column].str.contains(tig, case=False, regex=True)
        assert with_tig.any(), column
        assert (age[with_tig] >= 16).all(), verdicts.loc[with_tig & (age < 16), column]
    # the younger pupils' cases still get level-3 verdicts: a penalty course instead
    level = {
        t: int(k) for k, texts in truth["effets"]["categories_sanction"].items() for t in texts
    }
    proposed = verdicts["sanction_proposee_par_eleves"].map(level)
    assert ((proposed == 3) & (age < 16)).any()
    assert truth["effets"]["regle_tig"]["age_minimum"] == 16
    assert "L. 122-1" in truth["effets"]["regle_tig"]["source"]
    for _, case, _, decision in mod.CASES:
        if re.search(tig, decision, flags=re.I):
            assert _age(case) >= 16, case


def test_juvenile_justice_words(sample):
    """« sursis probatoire » (not the former « sursis avec mise à l'épreuve »), « assesseur du
    tribunal pour enfants » (not « juge assesseur »), a pseudonymous (not anonymous) quiz."""
    root, _ = sample
    text = "\n".join(
        p.read_text(encoding="utf-8-sig" if p.suffix != ".csv" else "cp1252", errors="replace")
        for p in root.rglob("*")
        if p.suffix in (".csv", ".md", ".yml", ".json")
    ).lower()
    assert "mise à l'épreuve" not in text and "juge assesseur" not in text
    assert "sursis probatoire" in text and "assesseur du tribunal pour enfants" in text
    assert "quiz anonyme" not in text and "quiz pseudonyme" in text
    assert "assesseur du tribunal pour enfants" in mod.DESCRIPTION

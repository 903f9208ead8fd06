"""The funder report (:mod:`sizeup_helpers.funder_report`), built from ``results.json`` only.

One module fixture runs steps 00–11 once on copies of two samples and writes their
``results.json``; hand-written files add a shared indicator with the same definition in
four structures, one with two definitions, small counts, a file written before ``reach``
and ``findings`` existed, a structure without results and an unreadable file. Everything
but the ``results.json`` files (clean tables, raw data copies, every other deliverable) is
deleted before the report is built.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pandas as pd
import pytest

from sizeup_helpers import french
from sizeup_helpers import funder_report as fr
from sizeup_helpers.cohort import Cohort, CohortMember
from sizeup_helpers.privacy import scan_for_identifiers
from sizeup_helpers.results import SCHEMA, results_text, save_results
from sizeup_helpers.workspace import create_workspace, open_workspace

from .conftest import SAMPLES_DIR, sample_slugs

SAMPLES = ("ateliers-emploi", "insertion-transport")
EF1 = {
    "label": "Personnes accompagnées vers l'emploi",
    "level": "réalisation",
    "element": "R1",
    "definition": "Nombre de personnes distinctes accompagnées sur la période.",
    "formula": "",
    "unit": "personnes",
    "n": None,
    "n_unit": "",
    "target": None,
    "status": "sans cible",
    "origin": "catalogue",
}


def _indicator(value, **changes):
    return {**EF1, "value": value, **changes}


def _exit_rate(definition, value, n):
    return {
        **EF1,
        "label": "Taux de sortie positive",
        "level": "effet",
        "definition": definition,
        "unit": "%",
        "value": value,
        "n": n,
        "n_unit": "personnes",
        "origin": "structure",
    }


def _reach(people):
    return {
        "people": people,
        "unit": "personnes",
        "definition": "personnes distinctes du registre « inscriptions »",
        "source": "09-analyse-quantitative/entonnoir.csv",
        "funnel": [{"label": "personnes connues (registre)", "people": people, "table": "x"}],
    }


def _finding(text, n, level="déclaratif", suppressed=False):
    return {
        "text": text,
        "figure": None,
        "unit": "%",
        "n": n,
        "n_unit": "personnes",
        "level_of_evidence": level,
        "outcome": "E1",
        "outcome_label": "Emploi",
        "kind": "quantitatif",
        "source": "06-indicateurs/referentiel-indicateurs.csv",
        "suppressed": suppressed,
        "key": "indicators.IND9",
    }


def _results(slug, name, year=2025, **parts):
    return {
        "schema": SCHEMA,
        "schema_version": 1,
        "structure": {"name": name, "slug": slug, "year": year},
        "fictional": True,
        "steps_run": ["06", "09"],
        "missing_steps": ["10", "11"],
        **parts,
    }


HAND_WRITTEN = {
    # a small structure: 8 people reached, EF1 = 40
    "atelier-a": _results(
        "atelier-a",
        "Atelier A",
        indicators={
            "EF1": _indicator(40),
            "IND9": _exit_rate("Part des sortants en emploi durable.", 55.0, 20),
        },
        reach=_reach(8),
        quantitative={
            "e1.ind9.score": {
                "outcome": "E1",
                "indicator": "IND9",
                "measure": "points",
                "waves": "T0 → T1",
                "test": "t apparié",
                "direction": "favorable",
                "n_pairs": 9,
                "n_before": 12,
                "n_unit": "personnes",
                "mean_difference": 1.25,
                "level_of_evidence": "avant/après",
            }
        },
        findings=[
            _finding("Taux de sortie positive : 55 %, sur 20 personnes.", 20),
            _finding("Un constat sur 9 personnes : 44 %.", 9),
        ],
        framing={"promise": ["Effet promis E1 : Emploi."], "appropriation": []},
    ),
    # EF1 = 7 people: hidden
    "atelier-b": _results(
        "atelier-b",
        "Atelier B",
        indicators={"EF1": _indicator(7)},
        reach=_reach(40),
        findings=[],
        framing={"promise": [], "appropriation": []},
    ),
    # another definition of the exit rate
    "atelier-c": _results(
        "atelier-c",
        "Atelier C",
        year=2024,
        indicators={
            "EF1": _indicator(60),
            "IND2": _exit_rate("Part des sortants en emploi ou en formation.", 70.0, 30),
        },
        reach=_reach(15),
        findings=[_finding("Taux de sortie positive : 70 %, sur 30 personnes.", 30)],
        framing={"promise": [], "appropriation": []},
    ),
    # written before `reach` and `findings` existed
    "atelier-d": _results("atelier-d", "Atelier D", indicators={"EF1": _indicator(25)}),
}
NO_RESULTS = ("atelier-e", "Atelier E")
UNREADABLE = ("atelier-f", "Atelier F")


def _raw_names(slug: str) -> set[str]:
    """Full names (« prénom nom », folded) and e-mail addresses of a sample's raw files."""
    found: set[str] = set()
    for path in (SAMPLES_DIR / slug / "donnees-brutes").glob("*.csv"):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        found |= set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
        sep = ";" if text.count(";") > text.count(",") else ","
        frame = pd.read_csv(pd.io.common.StringIO(text), sep=sep, dtype=str)
        last = [c for c in frame.columns if c in ("nom", "nom_usage")]
        if "prenom" in frame.columns and last:
            for first, name in zip(frame["prenom"], frame[last[0]], strict=True):
                if isinstance(first, str) and isinstance(name, str):
                    found.add(french.fold_key(f"{first} {name}"))
                    found.add(french.fold_key(f"{name} {first}"))
    return found


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """A cohort of eight structures whose output folders hold nothing but results.json."""
    from sizeup_helpers.runner import run_curriculum

    root = tmp_path_factory.mktemp("funder")
    out = root / "sorties-cohorte"
    previous = os.environ.get("SIZEUP_HOME")
    os.environ["SIZEUP_HOME"] = str(root / "home")
    members = []
    try:
        for slug in SAMPLES:
            copy = root / "espaces" / slug
            shutil.copytree(SAMPLES_DIR / slug, copy)
            run = run_curriculum(copy, output_dir=out / slug, steps="00-11", progress=False)
            assert all(s.status == "réussie" for s in run.results), run.results
            ws = open_workspace(copy, output_dir=out / slug)
            save_results(ws)
            members.append(CohortMember(copy, slug, ws.name))
    finally:
        if previous is None:
            os.environ.pop("SIZEUP_HOME", None)
        else:
            os.environ["SIZEUP_HOME"] = previous
    for slug, results in HAND_WRITTEN.items():
        path = out / slug / "12-restitution" / "results.json"
        path.parent.mkdir(parents=True)
        path.write_text(results_text(results), encoding="utf-8")
        members.append(CohortMember(root / "espaces" / slug, slug, results["structure"]["name"]))
    members.append(CohortMember(root / "espaces" / NO_RESULTS[0], *NO_RESULTS))
    bad = out / UNREADABLE[0] / "12-restitution" / "results.json"
    bad.parent.mkdir(parents=True)
    bad.write_text("{pas du json", encoding="utf-8")
    members.append(CohortMember(root / "espaces" / UNREADABLE[0], *UNREADABLE))
    # Only results.json is left: no clean table, no raw data, no other deliverable.
    shutil.rmtree(root / "espaces")
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path.name != "results.json":
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    assert not list(out.rglob("*.csv")) and not list(out.rglob("donnees-propres"))
    return Cohort(
        path=root / "cohorte.yml",
        programme="Programme Essai",
        year=2025,
        start_month="2025-01",
        members=tuple(members),
        output_dir=out,
    )


@pytest.fixture(scope="module")
def report(cohort):
    return fr.funder_report(cohort)


@pytest.fixture(scope="module")
def saved(cohort):
    return fr.save_funder_report(cohort)


def _results_of(cohort, slug):
    return json.loads((cohort.output_dir / slug / "12-restitution" / "results.json").read_text())


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def slow(test):
    """A test of the cohort fixture (steps 00–11 run once on two samples)."""
    return pytest.mark.notebooks(pytest.mark.xdist_group("funder")(test))


@slow
def test_structures_are_counted_with_and_without_results(report):
    assert len(report.members) == 8 and len(report.with_results) == 6
    statuses = {m.slug: m.status for m in report.without_results}
    assert statuses == {"atelier-e": fr.NO_RESULTS, "atelier-f": fr.UNREADABLE}
    assert "8 structures dans la cohorte, dont 6 structures ont des résultats" in report.html
    assert "2 structures sans résultats (pas encore de résultats)" in report.html


@slow
def test_people_reached_hide_small_counts_and_leave_them_out_of_the_total(cohort, report):
    reach = {s: _results_of(cohort, s)["reach"]["people"] for s in SAMPLES}
    assert reach["ateliers-emploi"] == 330 and reach["insertion-transport"] == 104
    total = reach["ateliers-emploi"] + reach["insertion-transport"] + 40 + 15
    assert report.reach_total == total
    assert [m.slug for m in report.reach_hidden] == ["atelier-a"]
    sentence = report.reach_sentence()
    assert f"Au moins {french.integer(total)} personnes atteintes par 4 structures" in sentence
    assert "comptée plusieurs fois" in sentence
    assert "1 structure compte moins de 11 personnes" in sentence
    table = report.reach_table().set_index("structure")["personnes atteintes"]
    assert table["Atelier A"] == "moins de 11 personnes"
    assert table["Atelier B"] == "40 personnes"
    assert table["Atelier D"] == "non renseigné"
    assert table["Atelier E"] == fr.NO_RESULTS
    html = report.html
    assert french.integer(total + 8) not in html  # the hidden count is never added
    assert ">8 personnes<" not in html


@slow
def test_shared_indicators_never_add_values_defined_differently(report):
    shared = {s.key: s for s in report.shared}
    assert set(shared) == {"catalogue EF1", "taux de sortie positive | "}
    ef1, rate = shared["catalogue EF1"], shared["taux de sortie positive | "]
    assert ef1.same_definition and len(ef1.values) == 4
    assert report.shared_range(ef1) == (25, 40, 60)  # Atelier B's 7 is left out
    assert "de 25 personnes à 60 personnes, médiane 40 personnes" in report.shared_note(ef1)
    values = report.shared_table(ef1).set_index("structure")["valeur"]
    assert values["Atelier B"] == "non publié (moins de 11 personnes)"
    assert not rate.same_definition and report.shared_range(rate) is None
    note = report.shared_note(rate)
    assert "Définitions ou unités différentes" in note
    assert "ni additionnées ni moyennées" in note
    table = report.shared_table(rate)
    assert set(table["définition"]) == {
        "Part des sortants en emploi durable.",
        "Part des sortants en emploi ou en formation.",
    }
    html = _section(report.html, "partages")
    assert "Taux de sortie positive" in html and html.count("médiane") == 1
    assert "62,5" not in report.html  # (55 + 70) / 2 never appears


@slow
def test_outcomes_measured_and_how(cohort, report):
    table = report.measures_table().set_index("structure")
    name = _results_of(cohort, "ateliers-emploi")["structure"]["name"]
    row = table.loc[name]
    assert row["comparaisons avant/après"] >= 1
    assert "avant/après" in row["niveaux de preuve des constats"]
    assert table.loc["Atelier A", "indicateurs d'effet"] == 1
    assert table.loc["Atelier D", "niveaux de preuve des constats"] == "comptage"
    assert "Atelier E" not in table.index


@slow
def test_their_own_words_are_attributed_and_small_findings_left_out(cohort, report):
    html = report.html
    words = _section(html, "paroles")
    assert "Atelier A, dans les mots de son rapport" in words
    assert "Taux de sortie positive : 55 %, sur 20 personnes." in words
    assert "Un constat sur 9 personnes" not in html
    for slug in SAMPLES:
        res = _results_of(cohort, slug)
        first = next(f for f in res["findings"] if not f["suppressed"])
        assert fr.esc(first["text"]) in words
        assert f"{fr.esc(res['structure']['name'])}, dans les mots de son rapport" in words
    # a file without findings: they are read again from its figures
    assert "Personnes accompagnées vers l&#x27;emploi : 25 personnes" in html


@slow
def test_what_consolidation_can_and_cannot_say(report):
    html = report.html
    assert "Ce que la consolidation permet de dire" in html
    assert "Ce qu&#x27;elle ne permet pas de dire" in html
    cannot = " ".join(report.cannot_say())
    for words in (
        "Un effet du programme dans son ensemble",
        "guide du CSESS",
        "Une attribution causale",
        "Un classement des structures",
        "années différentes (2024 et 2025)",
        "compte deux fois",
        "« Taux de sortie positive »",
        "« Atelier E », « Atelier F »",
        "elles ne sont comptées nulle part comme zéro",
        "règle des petits effectifs",
    ):
        assert words in cannot, words


@slow
def test_one_annex_page_per_structure_and_a_self_contained_file(report):
    html = report.html
    assert html.count('<section class="annexe"') == 8
    assert "section.annexe { break-before: page; page-break-before: always; }" in html
    for name in ("Atelier A", "Atelier E", "Atelier F"):
        assert f"<h2>Annexe — {name}</h2>" in html
    annex_a = _section(html, "annexe-atelier-a")
    assert "Personnes atteintes : moins de 11 personnes" in annex_a
    assert "1 constat non repris : moins de 11 personnes." in annex_a
    assert "Comparaisons avant/après (étape 09)" in annex_a
    assert "IND9 · Taux de sortie positive" in annex_a and "non publiée" in annex_a
    assert "1,25" not in annex_a
    comparisons = report.comparisons_table(report.members[0].results)
    assert len(comparisons) >= 1 and comparisons["niveau de preuve"].str.len().min() > 0
    assert "Pas encore de résultats : le fichier" in _section(html, "annexe-atelier-e")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "<img" not in html and "@page { size: A4;" in html
    assert "Données fictives" in html


@slow
def test_saved_file_has_no_identifier_and_no_raw_name(cohort, saved):
    assert saved == cohort.output_dir / "rapport-financeur.html"
    assert scan_for_identifiers(saved).empty
    text = saved.read_text(encoding="utf-8")
    folded = french.fold_key(text)
    names = set().union(*(_raw_names(s) for s in SAMPLES))
    assert len(names) > 50
    leaked = sorted(n for n in names if ("@" in n and n in text) or f" {n} " in f" {folded} ")
    assert leaked == []
    assert str(cohort.output_dir) not in text


@slow
def test_byte_stable(cohort, saved):
    first = saved.read_bytes()
    assert fr.save_funder_report(cohort).read_bytes() == first
    assert fr.funder_report(cohort).html.encode("utf-8") == first


@slow
def test_threshold_is_a_parameter_never_under_11(cohort):
    low = fr.funder_report(cohort, small_cell_threshold=5)
    assert low.threshold == 11
    assert "Le seuil demandé (5) a été relevé à 11" in low.html
    high = fr.funder_report(cohort, small_cell_threshold=20)
    assert high.threshold == 20
    assert {m.slug for m in high.reach_hidden} == {"atelier-a", "atelier-c"}
    assert "moins de 20 personnes" in high.html
    with pytest.raises(ValueError, match="nombre entier"):
        fr.funder_report(cohort, small_cell_threshold="beaucoup")


@slow
def test_explain_funder_report(report):
    text = fr.explain_funder_report(report).to_text()
    assert text.startswith("Rapport au financeur — Programme Essai 2025")
    assert "6 structures ont des résultats, sur 8 structures dans la cohorte." in text
    assert "2 structures sans résultats" in text and "Elles comptent" in text
    assert "2 indicateurs partagés entre structures, dont 1 défini de la même façon" in text
    assert "jamais additionnés ni moyennés" in text
    assert "Aucun nombre de moins de 11 personnes n'est publié" in text
    assert report.to_text() == text
    assert len(fr.explain_funder_report(report).to_frame()) == 8


# --------------------------------------------------------------------------------------
# Fast: no run
# --------------------------------------------------------------------------------------
def _cohort(tmp_path, members):
    return Cohort(
        path=tmp_path / "cohorte.yml",
        programme="Essai",
        year=2026,
        start_month="2026-01",
        members=tuple(members),
        output_dir=tmp_path / "sorties",
    )


def test_empty_cohort(tmp_path):
    report = fr.funder_report(_cohort(tmp_path, []))
    text = fr.explain_funder_report(report).to_text()
    assert text == (
        "Rapport au financeur — Essai 2026\n"
        "La cohorte ne compte aucune structure : rien à consolider."
    )
    assert "Aucune structure n'a encore de résultats." in report.html
    assert "aucune structure n&#x27;a encore enregistré son nombre de personnes" in report.html


def test_one_structure_without_results_is_counted_not_guessed(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai")
    cohort = _cohort(tmp_path, [CohortMember(ws.root, "essai", ws.name)])
    path = fr.save_funder_report(cohort)
    assert path == tmp_path / "sorties" / "rapport-financeur.html"
    text = fr.explain_funder_report(fr.funder_report(cohort)).to_text()
    assert "0 structure a des résultats, sur 1 structure dans la cohorte." in text
    assert "1 structure sans résultats (pas encore de résultats) : « Essai »." in text
    assert "Elle compte dans la cohorte" in text
    assert "Aucun indicateur n'est commun à deux structures." in text
    html = path.read_text(encoding="utf-8")
    assert html.count('<section class="annexe"') == 1 and "Données fictives" not in html


def test_one_structure_with_results_singular(tmp_path):
    ws = create_workspace(tmp_path / "x", "Essai", year=2026)
    out = tmp_path / "sorties"
    save_results(open_workspace(ws.root, output_dir=out / "essai"))
    cohort = _cohort(tmp_path, [CohortMember(ws.root, "essai", ws.name)])
    report = fr.funder_report(cohort)
    text = report.to_text()
    assert "1 structure a des résultats, sur 1 structure dans la cohorte." in text
    assert "aucune structure n'a encore enregistré son nombre de personnes" in text
    assert "Aucun constat publiable." in report.html


def test_indicator_key_groups_catalogue_ids_or_folded_label_and_unit():
    assert fr.indicator_key("EF1", {"origin": "catalogue", "label": "x"}) == "catalogue EF1"
    a = fr.indicator_key("IND1", {"label": "Part en emploi à 6 mois", "unit": "%"})
    b = fr.indicator_key("IND7", {"label": "PART EN EMPLOI A 6 MOIS", "unit": " % "})
    assert a == b
    assert a != fr.indicator_key("IND1", {"label": "Part en emploi à 6 mois", "unit": "points"})


def test_the_seven_samples_before_any_run_are_listed_without_results(tmp_path):
    members = [
        CohortMember(SAMPLES_DIR / slug, slug, open_workspace(SAMPLES_DIR / slug).name)
        for slug in sample_slugs()
    ]
    cohort = _cohort(tmp_path, members)
    report = fr.funder_report(cohort)
    text = report.to_text()
    assert "0 structure a des résultats, sur 7 structures dans la cohorte." in text
    assert f"7 structures sans résultats (pas encore de résultats) : « {members[0].name} »" in text
    assert "…" in text and "Elles comptent dans la cohorte" in text
    html = report.html
    assert html.count('<section class="annexe"') == 7
    assert "Quoi que ce soit sur 7 structures sans résultats encore" in html
    assert "elles ne sont comptées nulle part comme zéro" in html
    assert report.reach_total == 0 and report.shared == ()
    assert "aucune structure n&#x27;a encore enregistré son nombre de personnes" in html

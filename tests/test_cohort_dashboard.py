"""The programme dashboard: statuses, risk, next seminar, HTML, xlsx and its French reading."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from sizeup_helpers import cohort_dashboard as cd
from sizeup_helpers import runner
from sizeup_helpers.cohort import Cohort, CohortMember
from sizeup_helpers.framing import step_due_months

START = "2026-09"  # month 4 of the programme is December 2026
AS_OF = dt.date(2026, 12, 7)
OK, KO, SKIP = runner.SUCCEEDED, runner.FAILED, runner.SKIPPED


def _state(folder: Path, steps: dict[str, tuple[str, str | None]]) -> None:
    """Write a step state file: step → (status, day of last success or None)."""
    entries = {}
    for number, (status, success) in steps.items():
        stamp = f"{success}T21:10:03+00:00" if success else None
        entries[number] = {
            "status": status,
            "fingerprint": "0" * 64,
            "finished": stamp or "2026-12-01T10:00:00+00:00",
            "last_success": stamp,
            "seconds": 1.0,
            "message": "" if status == OK else "Étape en échec (fictif).",
        }
    target = folder / "carnets-executes" / runner.STEP_STATE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = {"schema": "sizeup-step-state", "schema_version": 1, "steps": entries}
    target.write_text(json.dumps(doc, indent=2, sort_keys=True), encoding="utf-8")


def _step01(folder: Path, path: str, *, file: str = "cadrage.yml") -> None:
    target = folder / "01-cadrage" / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"version: 1\nparcours: {path}\n", encoding="utf-8")


def _with_seminars(cohort: Cohort, seminars: tuple) -> Cohort:
    return dataclasses.replace(cohort, seminars=seminars)


@pytest.fixture
def cohort(tmp_path) -> Cohort:
    out = tmp_path / "sorties"
    names = {
        "alpha": "Atelier Alpha",
        "beta": "Bêta & Cie <asso>",
        "gamma": "Gamma",
        "delta": "Delta",
    }
    members = tuple(
        CohortMember(workspace=tmp_path / slug, slug=slug, name=name)
        for slug, name in names.items()
    )
    # alpha: full path, 00-02 done, 03 never run
    _step01(out / "alpha", "complet")
    _state(
        out / "alpha", {n: (OK, f"2026-{9 + i:02d}-20") for i, n in enumerate(["00", "01", "02"])}
    )
    # beta: short path, 00-02 done, 03 never run; 11 is optional on its path
    _step01(out / "beta", "court")
    _state(out / "beta", {"00": (OK, "2026-09-20"), "01": (OK, "2026-09-21"), "02": (OK, None)})
    # gamma: full path read from the self-diagnostic only; 02 failed after an earlier
    # success, 03 skipped (its prerequisite failed)
    _step01(out / "gamma", "complet", file="autodiagnostic.yml")
    _state(
        out / "gamma",
        {
            "00": (OK, "2026-09-10"),
            "01": (OK, "2026-09-11"),
            "02": (KO, "2026-10-05"),
            "03": (SKIP, None),
        },
    )
    # delta: nothing run, no output folder at all
    return Cohort(
        path=tmp_path / "cohorte.yml",
        programme="Programme Essai",
        year=2026,
        start_month=START,
        members=members,
        output_dir=out,
    )


def _rows(d: cd.Dashboard) -> dict[str, cd.StructureRow]:
    return {s.slug: s for s in d.structures}


def _status(row: cd.StructureRow, step: str) -> cd.StepCell:
    return next(c for c in row.cells if c.step == step)


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------
def test_step_due_months_follow_the_curriculum_map():
    full, short = step_due_months(), step_due_months("court")
    assert [full[n][0] for n in ("00", "01", "02", "03", "04", "09", "10", "12")] == [
        1,
        1,
        2,
        3,
        4,
        10,
        10,
        12,
    ]
    assert set(lv for _, lv in full.values()) == {"complet"}
    assert short["11"] == (11, "facultatif") and short["07"][1] == "allégé"


def test_every_status_path_and_risk(cohort):
    d = cd.cohort_dashboard(cohort, as_of=AS_OF)
    assert d.month == 4
    rows = _rows(d)
    alpha, beta, gamma, delta = (rows[k] for k in ("alpha", "beta", "gamma", "delta"))
    assert [alpha.path, beta.path, gamma.path, delta.path] == [
        "complet",
        "court",
        "complet",
        "inconnu",
    ]
    # done, with the deliverable's date
    cell = _status(alpha, "02")
    assert (cell.status, cell.done_on) == (cd.DONE, dt.date(2026, 11, 20))
    # a success without last_success is dated by its end (« finished »)
    assert (_status(beta, "02").status, _status(beta, "02").done_on) == (
        cd.DONE,
        dt.date(2026, 12, 1),
    )
    # late: due at the end of month 3 (30 November 2026), not done on 7 December
    cell = _status(alpha, "03")
    assert (cell.status, cell.due, cell.late) == (cd.LATE, dt.date(2026, 11, 30), True)
    # not started: step 04 is due at the end of month 4
    cell = _status(alpha, "04")
    assert (cell.status, cell.due, cell.late) == (cd.NOT_STARTED, dt.date(2026, 12, 31), False)
    # failed, past its due date: late too, its earlier deliverable's date kept
    cell = _status(gamma, "02")
    assert (cell.status, cell.late, cell.done_on) == (cd.FAILED, True, dt.date(2026, 10, 5))
    # skipped counts as not done
    assert _status(gamma, "03").status == cd.LATE
    # optional on the short path: never late, even after its due date
    assert _status(beta, "11").status == cd.OPTIONAL
    late_d = cd.cohort_dashboard(cohort, as_of=dt.date(2027, 9, 1))
    assert _status(_rows(late_d)["beta"], "11").status == cd.OPTIONAL
    assert _status(_rows(late_d)["alpha"], "11").status == cd.LATE
    # nothing run: every step due is late
    assert delta.late_steps == ["00", "01", "02", "03"]
    # risk: short path with one step late; two late whatever the path; one late on full: no
    assert alpha.late_steps == ["03"] and not alpha.at_risk and alpha.situation == "en retard"
    assert beta.at_risk and beta.risk_reason == "parcours court, 1 étape en retard : 03"
    assert gamma.at_risk and gamma.risk_reason == "2 étapes en retard : 02 et 03"
    assert delta.at_risk
    assert [s.slug for s in d.at_risk] == ["beta", "gamma", "delta"]


def test_before_the_due_date_nobody_is_late(cohort):
    d = cd.cohort_dashboard(cohort, as_of=dt.date(2026, 11, 15))
    rows = _rows(d)
    assert _status(rows["alpha"], "03").status == cd.NOT_STARTED
    assert rows["alpha"].situation == "à jour" and not rows["beta"].at_risk
    # gamma's failed 02 was due on 31 October: one step late on the full path, not at risk
    assert rows["gamma"].late_steps == ["02"] and not rows["gamma"].at_risk
    assert _status(rows["gamma"], "03").status == cd.NOT_STARTED
    assert [s.slug for s in d.at_risk] == ["delta"]


def test_next_seminar_from_the_calendar_and_from_the_cohort(cohort):
    december = cd.cohort_dashboard(cohort, as_of=AS_OF).next_seminar
    assert december.title == "séminaire 2 « Collecter »" and december.month == 4
    assert december.text == "séminaire 2 « Collecter », en décembre 2026 (mois 4 du programme)"
    january = cd.cohort_dashboard(cohort, as_of=dt.date(2027, 1, 10)).next_seminar
    assert (january.title, january.month, january.day) == (
        "séminaire 3 « Analyser »",
        9,
        dt.date(2027, 5, 1),
    )
    before = cd.cohort_dashboard(cohort, as_of=dt.date(2026, 6, 1)).next_seminar
    assert before.title == "séminaire 1 « Comprendre »" and before.month == 1
    june = cd.cohort_dashboard(cohort, as_of=dt.date(2027, 6, 1)).next_seminar
    assert june.title == "Demo Day" and june.month == 12
    assert cd.cohort_dashboard(cohort, as_of=dt.date(2027, 9, 1)).next_seminar is None
    given = _with_seminars(
        cohort, ((dt.date(2026, 12, 1), "Séminaire 2"), (dt.date(2027, 1, 15), "Séminaire 3"))
    )
    seminar = cd.cohort_dashboard(given, as_of=AS_OF).next_seminar
    assert seminar.text == "Séminaire 3, le 15 janvier 2027" and seminar.month is None
    assert cd.cohort_dashboard(given, as_of=dt.date(2027, 2, 1)).next_seminar is None
    untitled = _with_seminars(cohort, ((dt.date(2027, 1, 15), ""),))
    seminar = cd.cohort_dashboard(untitled, as_of=AS_OF).next_seminar
    assert seminar.text == "séminaire de la cohorte, le 15 janvier 2027"


def test_out_dir_overrides_the_cohort_output(cohort, tmp_path):
    shutil.copytree(cohort.output_dir, tmp_path / "ailleurs")
    shutil.rmtree(cohort.output_dir)
    assert _rows(cd.cohort_dashboard(cohort, as_of=AS_OF))["alpha"].path == "inconnu"
    d = cd.cohort_dashboard(cohort, tmp_path / "ailleurs", as_of=AS_OF)
    assert _rows(d)["alpha"].path == "complet"


def test_unreadable_state_and_framing_read_from_the_files_left(cohort):
    """An unreadable state reads as none: only the folders holding a file count as done."""
    folder = cohort.output_dir / "alpha"
    (folder / "carnets-executes" / "etat-des-etapes.json").write_text("{pas du json")
    (folder / "01-cadrage" / "cadrage.yml").write_text("parcours: [\n")
    row = _rows(cd.cohort_dashboard(cohort, as_of=AS_OF))["alpha"]
    assert row.path == "inconnu" and row.done_steps == ["01"]


# --------------------------------------------------------------------------------------
# The reading
# --------------------------------------------------------------------------------------
def test_reading_plural_and_risk(cohort):
    text = cd.explain_dashboard(cohort, as_of=AS_OF).to_text()
    assert "Situation au 7 décembre 2026 (mois 4 du programme) : 4 structures dans la cohorte." in (
        text
    )
    assert "0 structure à jour (aucune étape en retard)." in text
    assert "4 structures en retard (au moins une étape en retard)" in text
    assert (
        "3 structures sont à risque de décrochage : « Bêta & Cie <asso> » (parcours court" in text
    )
    assert "Parcours inconnu (étape 01 pas faite) pour 1 structure : « Delta »." in text
    assert "Prochain séminaire : séminaire 2 « Collecter », en décembre 2026" in text
    assert "Aucune étape n'a encore été exécutée" not in text
    frame = cd.explain_dashboard(cohort, as_of=AS_OF).to_frame()
    assert list(frame["Structure"]) == ["Atelier Alpha", "Bêta & Cie <asso>", "Gamma", "Delta"]


def test_reading_singular_and_nobody_at_risk(cohort):
    text = cd.explain_dashboard(cohort, as_of=dt.date(2026, 11, 15)).to_text()
    assert "2 structures à jour" in text
    alone = dataclasses.replace(cohort, members=cohort.members[:1])
    text = cd.explain_dashboard(alone, as_of=AS_OF).to_text()
    assert ": 1 structure dans la cohorte." in text
    assert "1 structure en retard (au moins une étape en retard) : « Atelier Alpha »." in text
    assert "Aucune structure n'est à risque de décrochage." in text
    one_risk = dataclasses.replace(cohort, members=cohort.members[1:2])
    text = cd.explain_dashboard(one_risk, as_of=AS_OF).to_text()
    assert "1 structure est à risque de décrochage" in text


def test_reading_nothing_run_and_programme_over(cohort, tmp_path):
    d = cd.cohort_dashboard(cohort, tmp_path / "vide", as_of=dt.date(2026, 8, 1))
    text = cd.explain_dashboard(d).to_text()
    assert "(avant le début du programme)" in text
    assert "Aucune étape n'a encore été exécutée : lancez sizeup cohort run" in text
    assert "4 structures à jour" in text and "Aucune structure n'est à risque" in text
    assert "Parcours inconnu (étape 01 pas faite) pour 4 structures" in text
    assert "Prochain séminaire : séminaire 1 « Comprendre », en septembre 2026" in text
    over = cd.explain_dashboard(cohort, as_of=dt.date(2027, 10, 1)).to_text()
    assert "(après le Demo Day)" in over
    assert "Aucun séminaire à venir : le programme est terminé." in over
    empty = dataclasses.replace(cohort, members=())
    text = cd.explain_dashboard(empty, as_of=AS_OF).to_text()
    assert ": 0 structure dans la cohorte." in text and "à risque" not in text


def test_reading_on_the_seven_samples_and_an_empty_workspace(tmp_path):
    from sizeup_helpers.cohort import load_cohort
    from sizeup_helpers.workspace import create_workspace, samples_dir

    samples = sorted(p.parent for p in samples_dir().glob("*/structure.yml"))
    assert len(samples) == 7
    create_workspace(tmp_path / "x", "Essai")
    entries = "".join(f"  - {p}\n" for p in [*samples, tmp_path / "x"])
    file = tmp_path / "cohorte.yml"
    file.write_text(
        "programme: Programme Essai\ndebut: 2026-09\nseminaires:\n  - date: 2027-01-15\n"
        "    titre: Séminaire 3 (analyser)\n"
        f"structures:\n{entries}",
        encoding="utf-8",
    )
    cohort = load_cohort(file)
    d = cd.cohort_dashboard(cohort, as_of=AS_OF)
    text = cd.explain_dashboard(d).to_text()
    assert ": 8 structures dans la cohorte." in text
    assert "Aucune étape n'a encore été exécutée" in text
    assert "8 structures sont à risque de décrochage" in text  # 00 to 03 all late
    assert "Parcours inconnu (étape 01 pas faite) pour 8 structures" in text
    assert "Prochain séminaire : Séminaire 3 (analyser), le 15 janvier 2027." in text
    for member in cohort.members:
        assert f"« {member.name} »" in text
    page = cd.dashboard_html(d)
    assert page.count('<tr><th scope="row">') == 8


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------
def test_html_is_self_contained_and_says_each_status(cohort):
    written = cd.save_dashboard(cohort, as_of=AS_OF)
    assert written == {
        "html": cohort.output_dir / "tableau-de-bord.html",
        "xlsx": cohort.output_dir / "tableau-de-bord.xlsx",
    }
    page = written["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert not re.search(r"(https?:)?//[a-z]", page.lower().replace("http-equiv", ""))
    assert "@font-face" not in page and "url(" not in page and "@media print" in page
    assert "situation au 7 décembre 2026" in page.lower()
    for status in cd.STATUSES:
        assert f"</span>{status}" in page  # each status in words beside its colour
    assert "Bêta &amp; Cie &lt;asso&gt;" in page and "<asso>" not in page
    # the at-risk list comes before the grid, the next seminar before both
    assert page.index("séminaire 2 « Collecter »") < page.index("Structures à risque")
    assert page.index("Structures à risque") < page.index("Étapes par structure")
    assert "parcours court, 1 étape en retard : 03" in page
    assert "le 20/11/2026" in page and "dû le 30/11/2026" in page
    # the same date, the same bytes
    first = {k: p.read_bytes() for k, p in written.items()}
    again = cd.save_dashboard(cohort, as_of=AS_OF)
    assert {k: p.read_bytes() for k, p in again.items()} == first


def test_xlsx_sheets_and_cells(cohort):
    from openpyxl import load_workbook

    path = cd.save_dashboard(cohort, as_of=AS_OF)["xlsx"]
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tableau de bord", "Structures à risque", "Calendrier", "Lisez-moi"]
    grid = wb["Tableau de bord"]
    headers = [c.value for c in grid[1]]
    assert headers[:4] == ["Structure", "Parcours", "Situation", "Étapes en retard"]
    assert headers[4] == "00 Prise en main" and len(headers) == 4 + 13
    assert grid.freeze_panes == "A2" and grid["A1"].font.bold
    rows = {r[0]: r for r in grid.iter_rows(min_row=2, values_only=True)}
    alpha = rows["Atelier Alpha"]
    assert alpha[1:4] == ("complet", "en retard", "03")
    assert alpha[headers.index("02 Théorie du changement")] == "fait (20/11/2026)"
    assert alpha[headers.index("04 Inventaire des données existantes")] == (
        "pas commencé (dû le 31/12/2026)"
    )
    gamma = rows["Gamma"]
    assert gamma[headers.index("02 Théorie du changement")] == "en échec, en retard"
    assert rows["Bêta & Cie <asso>"][headers.index("11 Valorisation")] == "facultatif"
    assert grid.cell(row=2, column=1).data_type == "s"
    risk = wb["Structures à risque"]
    assert [r[0] for r in risk.iter_rows(min_row=2, values_only=True)] == [
        "Bêta & Cie <asso>",
        "Gamma",
        "Delta",
    ]
    calendar = list(wb["Calendrier"].iter_rows(min_row=2, values_only=True))
    assert len(calendar) == 12 and calendar[3][1] == "décembre 2026"
    assert calendar[3][2].date() == dt.date(2026, 12, 31)
    assert calendar[3][5] == "séminaire 2 « Collecter »" and calendar[11][5] == "Demo Day"
    readme = [c.value for c in wb["Lisez-moi"]["A"] if c.value]
    assert "Situation au 7 décembre 2026." in readme
    assert any("à risque de décrochage : 3" in line for line in readme)


# --------------------------------------------------------------------------------------
# A real run
# --------------------------------------------------------------------------------------
@pytest.mark.notebooks
@pytest.mark.xdist_group("cohort-dashboard")
def test_dashboard_reads_a_real_run(tmp_path):
    from sizeup_helpers.runner import run_curriculum
    from sizeup_helpers.workspace import samples_dir

    workspace = tmp_path / "ateliers-emploi"
    shutil.copytree(samples_dir() / "ateliers-emploi", workspace)
    out = tmp_path / "sorties"
    member = CohortMember(workspace=workspace, slug="ateliers-emploi", name="Ateliers emploi")
    cohort = Cohort(
        path=tmp_path / "cohorte.yml",
        programme="Essai",
        year=2026,
        start_month="2026-09",
        members=(member,),
        output_dir=out,
    )
    run_curriculum(workspace, output_dir=out / "ateliers-emploi", steps="00-01", progress=False)
    today = dt.date.today()
    d = cd.cohort_dashboard(cohort, as_of=today)
    row = d.structures[0]
    framing = (out / "ateliers-emploi" / "01-cadrage" / "cadrage.yml").read_text("utf-8")
    assert f"parcours: {row.path}" in framing and row.path in ("complet", "court")
    for step in ("00", "01"):
        cell = _status(row, step)
        assert cell.status == cd.DONE
        assert cell.done_on is not None and abs((cell.done_on - today).days) <= 1
    assert _status(row, "02").status in (cd.LATE, cd.NOT_STARTED)
    paths = cd.save_dashboard(cohort, as_of=today)
    assert "Ateliers emploi" in paths["html"].read_text("utf-8")


def test_steps_run_by_hand_in_jupyterlab_read_as_done_by_their_files(tmp_path):
    """A participant who runs the notebooks in JupyterLab leaves no step state: the steps
    whose folder holds a deliverable read « fait », dated by the newest file."""
    import os

    out = tmp_path / "sorties"
    _step01(out / "main", "court")
    toc = out / "main" / "02-theorie-du-changement" / "theorie-du-changement.svg"
    toc.parent.mkdir(parents=True)
    toc.write_text("<svg/>", encoding="utf-8")
    written = dt.datetime(2026, 10, 14, 15, 0).timestamp()
    os.utime(toc, (written, written))
    (out / "main" / "03-parties-prenantes").mkdir()  # an empty folder is not a deliverable
    member = CohortMember(workspace=tmp_path / "main", slug="main", name="À la main")
    cohort = Cohort(tmp_path / "cohorte.yml", "Essai", 2026, START, (member,), out)
    row = _rows(cd.cohort_dashboard(cohort, as_of=AS_OF))["main"]
    assert row.path == "court"
    assert _status(row, "02").status == cd.DONE
    assert _status(row, "02").done_on == dt.date(2026, 10, 14)
    assert _status(row, "01").status == cd.DONE
    assert _status(row, "03").status == cd.LATE
    assert cd.deliverables_date(out / "main", "03") is None
    assert cd.deliverables_date(out / "main", "02") == dt.date(2026, 10, 14)

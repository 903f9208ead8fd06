"""The programme team's day, on the seven samples: one command runs them as a cohort on this
machine and on a Dask cluster, the two give the same files, and the dashboard and the funder
report are written from what the runs left.

The cohort is the one ``sizeup cohort exemple`` writes. Both runs go through the ``sizeup``
command itself (as a programme team types it), each through the whole curriculum (00–12):
locally with ``--jobs 2``, then with ``--scheduler`` on a ``distributed.LocalCluster`` of two
worker processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
from html import escape as html_escape
from pathlib import Path

import openpyxl
import pytest

from sizeup_helpers import runner
from sizeup_helpers.cli import main
from sizeup_helpers.cohort import load_cohort
from sizeup_helpers.cohort_dashboard import DONE, cohort_dashboard
from sizeup_helpers.curriculum import STEPS
from sizeup_helpers.privacy import scan_for_identifiers

from .conftest import sample_slugs

pytestmark = [pytest.mark.notebooks, pytest.mark.xdist_group("cohort-samples")]

RESULTS = Path("12-restitution") / "results.json"
#: What differs from one run to the next by nature: the executed notebooks, journals and
#: step state (the run's trace, with its times) and the zip of each output folder.
RUN_TRACE = ("carnets-executes/",)


def sizeup(*args: str, home: Path) -> tuple[int, str, str]:
    """``sizeup …`` in this process with its own SIZEUP_HOME: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(home))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def same_but_where(a: Path, b: Path) -> bool:
    """Whether two copies of step 00's workspace record differ only by where the output
    folder is (its « sorties », relative to the workspace), as two output folders must."""
    if a.name != "espace-de-travail.json":
        return False
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    first.pop("sorties"), second.pop("sorties")
    return first == second


@pytest.fixture(scope="module")
def cohort_runs(tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    root = tmp_path_factory.mktemp("cohorte-exemple")
    home = root / "home"
    code, out, err = sizeup("cohort", "exemple", "--dest", str(root / "exemple"), home=home)
    assert code == 0, err
    path = root / "exemple" / "cohorte.yml"
    local, on_dask = root / "exemple" / "sorties", root / "dask"
    runs = {"path": path, "home": home, "local": local, "dask": on_dask}
    runs["local_run"] = sizeup("cohort", "run", str(path), "--jobs", "2", "--quiet", home=home)
    # the workers see the same SIZEUP_HOME (where the samples' pseudonymisation keys live,
    # their folders being read only), as a cluster's machines see the same shared folders
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIZEUP_HOME", str(home))
        with distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit=0,
        ) as cluster:
            args = ["cohort", "run", str(path), "--out", str(on_dask), "--quiet"]
            args += ["--scheduler", cluster.scheduler_address]
            runs["dask_run"] = sizeup(*args, home=home)
    return runs


def test_the_seven_samples_run_as_a_cohort_with_one_command(cohort_runs):
    code, out, err = cohort_runs["local_run"]
    assert code == 0, err
    assert "7 structures : 7 terminées." in out
    cohort = load_cohort(cohort_runs["path"])
    assert sorted(m.slug for m in cohort.members) == sorted(sample_slugs())
    for member in cohort.members:
        folder = cohort_runs["local"] / member.slug
        assert (folder / RESULTS).is_file(), member.slug
        state = runner.load_step_state(folder)
        assert {n: e["status"] for n, e in state.items()} == {
            s.number: runner.SUCCEEDED for s in STEPS
        }
    journal = (cohort_runs["local"] / "journal-cohorte.md").read_text(encoding="utf-8")
    assert all(m.name in journal for m in cohort.members)


def test_on_a_dask_cluster_the_same_command_gives_the_same_files(cohort_runs):
    code, out, err = cohort_runs["dask_run"]
    assert code == 0, err
    assert "7 structures : 7 terminées." in out
    for slug in sample_slugs():
        here, there = cohort_runs["local"] / slug, cohort_runs["dask"] / slug
        assert (there / RESULTS).read_bytes() == (here / RESULTS).read_bytes(), slug
        a, b = checksums(here), checksums(there)
        assert sorted(a) == sorted(b), slug
        differ = [
            name
            for name in a
            if a[name] != b[name]
            and not name.startswith(RUN_TRACE)
            and not same_but_where(there / name, here / name)
        ]
        assert differ == [], (slug, differ)


def test_a_second_run_resumes_and_runs_nothing(cohort_runs):
    code, out, err = sizeup(
        "cohort",
        "run",
        str(cohort_runs["path"]),
        "--jobs",
        "2",
        "--quiet",
        home=cohort_runs["home"],
    )
    assert code == 0, err
    assert "7 structures : 7 terminées." in out
    for slug in sample_slugs():
        state = runner.load_step_state(cohort_runs["local"] / slug)
        assert {e["status"] for e in state.values()} == {runner.SUCCEEDED}
    journal = (cohort_runs["local"] / "journal-cohorte.md").read_text(encoding="utf-8")
    assert "à jour" in journal


def test_the_dashboard_shows_every_step_done_with_its_date(cohort_runs):
    code, out, err = sizeup(
        "cohort",
        "tableau",
        str(cohort_runs["path"]),
        "--date",
        "2026-08-31",
        home=cohort_runs["home"],
    )
    assert code == 0, err
    html = (cohort_runs["local"] / "tableau-de-bord.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html
    cohort = load_cohort(cohort_runs["path"])
    board = cohort_dashboard(cohort, as_of=dt.date(2026, 8, 31))
    today = dt.date.today()
    for row in board.structures:
        assert {c.status for c in row.cells} == {DONE}, row.name
        assert {c.done_on for c in row.cells} <= {today, today - dt.timedelta(days=1)}
        assert row.path in ("complet", "court")
        assert not row.at_risk
        assert html_escape(row.name) in html
    sheet = openpyxl.load_workbook(cohort_runs["local"] / "tableau-de-bord.xlsx").worksheets[0]
    assert sheet.max_row == 1 + len(cohort.members)


def test_the_funder_report_counts_the_seven_structures_and_names_nobody(cohort_runs):
    code, out, err = sizeup("cohort", "rapport", str(cohort_runs["path"]), home=cohort_runs["home"])
    assert code == 0, err
    report = cohort_runs["local"] / "rapport-financeur.html"
    html = report.read_text(encoding="utf-8")
    cohort = load_cohort(cohort_runs["path"])
    assert all(html_escape(m.name) in html for m in cohort.members)
    assert "pas encore de résultats" not in html
    assert scan_for_identifiers(report).empty

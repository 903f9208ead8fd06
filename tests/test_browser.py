"""A real browser opens the notebooks in JupyterLab, runs them, uses their widgets, and opens
the report they write.

Uses Debian's chromium (never a downloaded browser) driven by Playwright. Each notebook is a
copy in a temporary folder, so JupyterLab's autosave never writes into the repository; its
outputs go to a temporary folder and, when it needs a workspace, it opens a temporary COPY of
a sample structure (never ``data/samples`` itself). The JupyterLab settings are the ones Binder
gets (jupyter-config/), so the tests also show the news pop-up is off.

The whole curriculum: every numbered notebook found in ``notebooks/`` (a new step is
covered once it lands) is opened in ONE JupyterLab, in order, on one copy of the default
sample, and run with Run All: every code cell runs, no output is an error, and every widget
it displays renders; notebook 00's chooser renders and JupyterLab speaks French. Then the
HTML report those notebooks wrote, in the same chromium: every image loads, no request leaves
the machine, and printed to PDF it gives A4 pages, as many as its print layout predicts, with
no chart cut across two pages; the Demo Day summary's PDF is one A4 page.

Three more tests use the forms of seminar 1 with clicks, each in its own JupyterLab: in
notebook 01 a participant fills the self-diagnostic form, saves it, and the answers reach the
files on disk and the next cell. Notebooks 02 and 03 end seminar 1 the same way, on outputs
of the earlier steps run headless first (as a participant who ran them would have): the
theory-of-change editor adds, links and removes boxes, and the stakeholder and scope forms
save their answers, which the cells after them then read.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from .conftest import ROOT, SAMPLES_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium absent (Debian : apt-get install chromium) : test navigateur ignoré",
    ),
    pytest.mark.xdist_group("browser"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Generous: CI runs the notebook tests beside this one on 2 cores.
SLOW_MS = 120_000
RUN_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where to point the browser and where the notebook writes."""

    url: str  # the notebook's page
    out: Path  # its output_dir
    workspace: Path | None  # its workspace_dir (a copy of a sample), if set
    tmp_path: Path


def _set_parameter(source: str, name: str, value: Path) -> str:
    """``source`` with the empty string parameter ``name`` set to ``value``."""
    old = f'{name}: str = ""'
    assert old in source, f"parameter {name} not found in the parameters cell"
    return source.replace(old, f'{name}: str = "{value}"')


def _snapshot(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _prepared_notebook(notebook: str, target: Path, out: Path, workspace: Path | None) -> None:
    """Copy ``notebook`` to ``target`` with its ``output_dir`` (and ``workspace_dir``) set."""
    nb = json.loads((ROOT / "notebooks" / notebook).read_text("utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{notebook}: one parameters cell expected"
    source = _set_parameter("".join(tagged[0]["source"]), "output_dir", out)
    if workspace is not None:
        source = _set_parameter(source, "workspace_dir", workspace)
    tagged[0]["source"] = source
    target.write_text(json.dumps(nb), "utf-8")


def _start_jupyterlab(
    root: Path, tmp_path: Path, servers: list[tuple[subprocess.Popen, object]]
) -> str:
    """Start JupyterLab on ``root`` with Binder's settings; return its base URL.

    The server and its log are appended to ``servers`` (stopped by ``_stop_jupyterlab``).
    """
    config = tmp_path / "jupyter-config"
    shutil.copytree(ROOT / "jupyter-config", config)
    # Binder's settings, plus one for the test: render every cell (JupyterLab 4 only
    # renders the cells in view), so the widget cells are in the page without scrolling.
    overrides = json.loads((config / "lab-settings" / "overrides.json").read_text("utf-8"))
    overrides["@jupyterlab/notebook-extension:tracker"]["windowingMode"] = "none"
    (config / "lab-settings" / "overrides.json").write_text(json.dumps(overrides), "utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "SIZEUP_ROOT": str(ROOT),
        "SIZEUP_HOME": str(tmp_path / "maison"),
    }
    log_path = tmp_path / "jupyterlab.log"
    for _attempt in range(3):  # the free port may be taken before JupyterLab binds it
        port = _free_port()
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.disable_check_xsrf=True",
            f"--LabApp.app_settings_dir={config / 'lab-settings'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(log_path, "ab")
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        servers.append((server, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while server.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                return url
            except OSError:
                time.sleep(0.5)
        if server.poll() is None:
            break  # running but silent: give up below
    pytest.fail("JupyterLab n'a pas démarré : " + log_path.read_text(errors="replace"))


def _stop_jupyterlab(servers: list[tuple[subprocess.Popen, object]]) -> None:
    for server, log in servers:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def lab(tmp_path) -> Iterator[Callable[..., Lab]]:
    """Factory: ``lab(notebook, sample=None, prepare=None)`` starts JupyterLab on a copy of
    ``notebook``.

    The copy's ``output_dir`` is tmp_path/sorties; with ``sample`` (a slug of data/samples),
    its ``workspace_dir`` is a copy of that sample in tmp_path/espace. ``prepare`` (steps, e.g.
    ``"00-01"``) runs those notebooks headless on the copy, into the same outputs, before
    JupyterLab starts: the earlier steps a participant has done.
    """
    servers: list[tuple[subprocess.Popen, object]] = []

    def start(notebook: str, *, sample: str | None = None, prepare: str | None = None) -> Lab:
        root = tmp_path / "racine"
        (root / "notebooks").mkdir(parents=True)
        out = tmp_path / "sorties"
        workspace = None
        if sample is not None:
            workspace = tmp_path / "espace"
            shutil.copytree(SAMPLES_DIR / sample, workspace)
        if prepare is not None:
            assert workspace is not None, "prepare needs a sample"
            from sizeup_helpers.runner import run_curriculum

            run_curriculum(workspace, output_dir=out, steps=prepare, progress=False)
        _prepared_notebook(notebook, root / "notebooks" / notebook, out, workspace)
        url = _start_jupyterlab(root, tmp_path, servers)
        return Lab(f"{url}/lab/tree/notebooks/{notebook}", out, workspace, tmp_path)

    try:
        yield start
    finally:
        _stop_jupyterlab(servers)


def _menu(page, menu: str, command: str) -> None:
    """Open the menu bar's ``menu`` (its French label: JupyterLab speaks French by default,
    jupyter-config/) and click the item running ``command`` (a JupyterLab command id)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").first.click()


def _open_and_run_all(page, url: str) -> None:
    """Open a notebook page, wait for its kernel, and Run All Cells from the Run menu."""
    page.goto(url, timeout=SLOW_MS)
    page.locator(".jp-Notebook").first.wait_for(timeout=SLOW_MS)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=SLOW_MS
    )
    page.locator(".jp-StatusBar-TextItem", has_text="Inactif").first.wait_for(timeout=SLOW_MS)
    first_prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first

    def started() -> bool:
        return "[" in (first_prompt.text_content() or "").replace("[ ]", "")

    for _attempt in range(3):  # a click can land before the kernel is ready
        _menu(page, "Exécution", "runmenu:run-all")
        deadline = time.monotonic() + 30
        while not started() and time.monotonic() < deadline:
            time.sleep(1)
        if started():
            break


@contextmanager
def _ran_in_jupyterlab(
    run: Lab, deliverable: Path, capture: Path, *, problems: bool = False
) -> Iterator:
    """A chromium page where ``run``'s notebook was opened and run to its end.

    The end is when ``deliverable`` exists and no cell is left running; a capture of the
    page is kept at ``capture``. No output may show a traceback (nor a French « Problème »
    unless ``problems``). The browser is closed afterwards.
    """
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _open_and_run_all(page, run.url)
            found = _wait_for_file(deliverable)
            if found:
                _wait_until_idle(page)
            page.screenshot(path=str(capture))
            assert found, f"{run.url} did not run to its end in JupyterLab ({capture})"
            _no_traceback(page, problems=problems)
            yield page
        finally:
            browser.close()


def _wait_for_file(path: Path, seconds: float = RUN_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    return path.exists()


def _wait_until_idle(page, seconds: float = RUN_SECONDS) -> None:
    """Wait until no cell is queued or running (no « [*] » prompt left)."""
    busy = page.locator(".jp-CodeCell .jp-InputPrompt", has_text="[*]")
    deadline = time.monotonic() + seconds
    while busy.count() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert busy.count() == 0, "cells still running after the wait"


def _no_traceback(page, *, problems: bool = False) -> None:
    """No Python traceback in the outputs, nor, unless ``problems``, a French « Problème »
    (how an expected error shows; notebook 00 shows one on purpose, to teach it)."""
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.filter(has_text="Traceback").count() == 0
    if not problems:
        assert outputs.filter(has_text="Problème :").count() == 0


def _widget(scope, kind: str, label: str):
    """The ipywidget of class ``widget-<kind>`` in ``scope`` whose description is ``label``
    (exactly: ipywidgets may write its spaces as non-breaking ones)."""
    exact = re.compile(r"^\s*" + r"\s+".join(map(re.escape, label.split())) + r"\s*$")
    return scope.locator(f".widget-{kind}").filter(
        has=scope.page.locator(".widget-label", has_text=exact)
    )


def _button(scope, text: str):
    """The ipywidgets button of ``scope`` whose text is exactly ``text``."""
    return scope.locator(".widget-button").filter(
        has_text=re.compile(r"^\s*" + re.escape(text) + r"\s*$")
    )


def _widget_output(page, button_text: str):
    """The output holding the widget whose button reads ``button_text``, in view, and the
    button (the form or the editor a participant is about to use)."""
    button = _button(page, button_text)
    button.wait_for(timeout=60_000)
    output = page.locator(".jp-OutputArea-output").filter(has=button)
    assert output.count() == 1, f"one output expected with the button « {button_text} »"
    output.scroll_into_view_if_needed()
    return output, button


def _code_cell(page, text: str):
    """The one code cell whose source contains ``text``."""
    cell = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=text))
    assert cell.count() == 1, f"one code cell expected with « {text} »"
    return cell


def _run_from(page, source: str, shows: str):
    """Run the code cell whose source contains ``source`` and all the cells below (Run
    menu, « Run Selected Cell and All Below »), wait until that cell's output ``shows`` the
    given text and no cell is left running; return the cell."""
    cell = _code_cell(page, source)
    cell.locator(".jp-InputArea-editor").click()
    _menu(page, "Exécution", "notebook:run-all-below")
    cell.locator(".jp-OutputArea-output", has_text=shows).wait_for(timeout=60_000)
    _wait_until_idle(page)
    return cell


def _wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.5)
    return condition()


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def test_notebook01_maturity_form_is_filled_with_clicks_and_saved(lab):
    """A participant answers the self-diagnostic with the mouse; the save reaches the disk."""
    from sizeup_helpers.framing import DATA_SOURCES, MATURITY_QUESTIONS, OWNERS

    sample = "ateliers-emploi"
    before = _snapshot(SAMPLES_DIR / sample)
    run = lab("01_cadrer_l_evaluation.ipynb", sample=sample)
    step_dir = run.out / "01-cadrage"
    diagnostic = step_dir / "autodiagnostic.yml"
    form_file = step_dir / "formulaire-autodiagnostic.yml"
    framing_file = step_dir / "cadrage.yml"
    capture = run.tmp_path / "carnet01.png"
    q = MATURITY_QUESTIONS
    with _ran_in_jupyterlab(run, framing_file, capture) as page:
        # Run All saved the parameters cell's answers; no form was saved yet.
        first = yaml.safe_load(diagnostic.read_text("utf-8"))
        assert first["reponses"]["owner"] == "salarie"
        assert first["reponses"]["hours_per_month"] == 12.0
        assert first["parcours"] == "complet"
        assert not form_file.exists()

        # The form, as the participant sees it.
        form, save = _widget_output(page, "Enregistrer l'autodiagnostic")
        # 1. a dropdown: who carries the evaluation
        owner = form.locator(".widget-dropdown", has_text=q["owner"]["question"])
        owner.locator("select").select_option(label=OWNERS["binome"])
        # 2. a check box: one more data source
        box = form.locator(".widget-checkbox", has_text=DATA_SOURCES["questionnaires"])
        box.locator("input[type=checkbox]").check()
        # 3. a radio button: the data are on paper only
        radio = form.locator(".widget-radio", has_text=q["data_digital"]["question"])
        radio.get_by_label("Non", exact=True).check()
        # 4. a number typed in: 5 hours a month, under the short path's 8 hours
        hours = form.locator(".widget-text", has_text=q["hours_per_month"]["question"])
        hours.locator("input").fill("5")
        # straight to the button, as a person does: leaving the field sends its value
        # before the click reaches the kernel
        save.click()

        # The page confirms, with the recomputed path and the parameters' equivalent.
        confirmation = form.get_by_text("Autodiagnostic enregistré : parcours court recommandé.")
        confirmation.wait_for(timeout=60_000)
        assert form.get_by_text("owner = 'binome'").count() == 1
        # ... and the disk holds the changed answers, in the form's file ...
        assert _wait_for_file(form_file, 60), "the button did not record the form"
        saved = yaml.safe_load(form_file.read_text("utf-8"))["reponses"]
        assert saved["owner"] == "binome"
        assert saved["data_digital"] is False
        assert saved["hours_per_month"] == 5.0
        assert saved["data_sources"] == ["inscriptions", "presences", "suivi", "questionnaires"]
        assert saved["mission_clarity"] == 3  # an untouched answer keeps its value
        # ... and in the self-diagnostic itself, rescored (same save_maturity as the cell)
        second = yaml.safe_load(diagnostic.read_text("utf-8"))
        assert second["reponses"]["owner"] == "binome"
        assert second["reponses"]["hours_per_month"] == 5.0
        assert second["parcours"] == "court"
        assert second["scores"] != first["scores"]
        # ... and the framing saved earlier in the run follows (hours, path, calendar)
        assert form.get_by_text("Le cadrage déjà enregistré suit").count() == 1
        framing = yaml.safe_load(framing_file.read_text("utf-8"))
        assert framing["ressources"]["heures_par_mois"] == 5.0
        assert framing["parcours"] == "court"

        # The cell after the form now reads the form's answers (Shift+Enter on it).
        after = page.locator(".jp-CodeCell").filter(
            has=page.locator(".jp-InputArea", has_text="maturity = resolve_answers")
        )
        assert after.count() == 1
        after.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        after.locator(
            ".jp-OutputArea-output",
            has_text="Réponses du formulaire, enregistrées dans formulaire-autodiagnostic.yml",
        ).wait_for(timeout=60_000)
        _wait_until_idle(page, 60)
        assert yaml.safe_load(diagnostic.read_text("utf-8"))["parcours"] == "court"
        page.screenshot(path=str(capture))
        _no_traceback(page)
    # the browser wrote in the copies only, never in the repository's sample
    assert run.workspace is not None and run.workspace.is_dir()
    assert _snapshot(SAMPLES_DIR / sample) == before


def test_notebook02_theory_of_change_is_edited_with_clicks(lab):
    """With the editor, a participant adds a stakeholder group and an outcome, links it and
    removes another outcome, with clicks and typing only; each click rewrites the
    workspace's theory of change, and the cells after the editor read it again, recheck it
    and save the deliverable."""
    sample = "ateliers-emploi"
    before = _snapshot(SAMPLES_DIR / sample)
    run = lab("02_theorie_du_changement.ipynb", sample=sample, prepare="00-01")
    assert run.workspace is not None
    # the copy is the structure's own workspace: its theory of change is edited in place
    toc_file = run.workspace / "theorie-du-changement.yml"
    step_dir = run.out / "02-theorie-du-changement"
    deliverable = step_dir / "theorie-du-changement.yml"
    diagram = step_dir / "schema-theorie-du-changement.png"
    capture = run.tmp_path / "carnet02.png"
    label = "Bénévoles plus sûrs de leur rôle d'animateur"
    shipped = _yaml(SAMPLES_DIR / sample / "theorie-du-changement.yml")["parties_prenantes"]
    staff = f"PP{len(shipped) + 1}"  # the id the editor gives the new group
    hypothesis = "Animer un atelier après une formation donne de l'assurance"
    # notebook 02 shows a broken file's French message on purpose
    with _ran_in_jupyterlab(run, deliverable, capture, problems=True) as page:
        assert _yaml(toc_file) == _yaml(SAMPLES_DIR / sample / "theorie-du-changement.yml")
        coherence = _code_cell(page, "coherence = check_coherence(")
        assert coherence.locator(".jp-OutputArea-output", has_text="« R2 »").count() == 1
        drawn = diagram.stat().st_mtime_ns

        # The editor, as the participant sees it.
        editor, add = _widget_output(page, "Ajouter")
        # 1. a stakeholder group (category left at its first choice, the staff)
        _widget(editor, "text", "Nom du groupe").locator("input").fill("Équipe salariée")
        _button(editor, "Ajouter la partie prenante").click()
        editor.get_by_text("Partie prenante « Équipe salariée » ajoutée").wait_for(timeout=60_000)
        assert _yaml(toc_file)["parties_prenantes"][-1] == {
            "id": staff,
            "nom": "Équipe salariée",
            "categorie": "equipe",
        }
        # 2. a new box: an outcome for the volunteers and the staff, where R2 leads
        # nowhere yet; the new group is offered at once
        _widget(editor, "dropdown", "Type (pour ajouter)").locator("select").select_option("Effet")
        _widget(editor, "text", "Libellé").locator("input").fill(label)
        _widget(editor, "dropdown", "Horizon (effet)").locator("select").select_option(
            "moyen terme"
        )
        _widget(editor, "select-multiple", "Parties prenantes (effet)").locator(
            "select"
        ).select_option(["PP2 · Bénévoles animateurs", f"{staff} · Équipe salariée"])
        add.click()
        editor.get_by_text("Effet « E5 » ajouté").wait_for(timeout=60_000)
        added = {e["id"]: e for e in _yaml(toc_file)["effets"]}
        assert added["E5"] == {
            "id": "E5",
            "libelle": label,
            "horizon": "moyen",
            "parties_prenantes": ["PP2", staff],
        }
        # 3. an arrow to it, with its assumption
        _widget(editor, "dropdown", "Lien : de").locator("select").select_option(
            "R2 · Ateliers animés par des bénévoles formés"
        )
        _widget(editor, "dropdown", "vers").locator("select").select_option(f"E5 · {label}")
        _widget(editor, "text", "Hypothèse du lien").locator("input").fill(hypothesis)
        _button(editor, "Relier").click()
        editor.get_by_text("Lien « R2 → E5 » ajouté").wait_for(timeout=60_000)
        assert {"de": "R2", "vers": "E5", "hypothese": hypothesis} in _yaml(toc_file)["liens"]
        # 4. a box removed: choosing it fills the form, the button removes it and its link
        _widget(editor, "dropdown", "Élément choisi").locator("select").select_option(
            "E2 · Isolement réduit"
        )
        filled = _widget(editor, "text", "Libellé").locator("input")
        assert _wait_until(lambda: filled.input_value() == "Isolement réduit"), (
            "choosing an element did not fill the form"
        )
        _button(editor, "Supprimer l'élément choisi").click()
        editor.get_by_text("Élément « E2 » supprimé, avec ses liens").wait_for(timeout=60_000)
        assert editor.get_by_text("Problème").count() == 0
        saved = _yaml(toc_file)
        assert [e["id"] for e in saved["effets"]] == ["E1", "E3", "E4", "E5"]
        assert all("E2" not in (lk["de"], lk["vers"]) for lk in saved["liens"])
        assert {"de": "R2", "vers": "E5", "hypothese": hypothesis} in saved["liens"]
        # the lists of the editor follow: E2 is no longer offered, E5 is
        assert editor.locator('option[value="E2 · Isolement réduit"]').count() == 0
        assert editor.locator(f'option[value="E5 · {label}"]').count() == 3
        editor.screenshot(path=str(run.tmp_path / "editeur02.png"))

        # The cells after the editor read the file again (Run Selected Cell and All
        # Below on « Relire la théorie du changement »).
        _run_from(
            page,
            "print(describe_theory_of_change(toc))",
            shows="4 effets (1 à court terme, 2 à moyen terme, 1 à long terme)",
        )
        assert _wait_until(
            lambda: "E5" in {e["id"] for e in _yaml(deliverable)["effets"]}, RUN_SECONDS
        ), "the deliverable was not saved again"
        final = _yaml(deliverable)
        assert [e["id"] for e in final["effets"]] == ["E1", "E3", "E4", "E5"]
        assert {"de": "R2", "vers": "E5", "hypothese": hypothesis} in final["liens"]
        assert diagram.stat().st_mtime_ns > drawn  # the diagram is drawn again
        # R2 now leads to a change: its warning is gone from the checks
        assert coherence.locator(".jp-OutputArea-output", has_text="« R2 »").count() == 0
        assert coherence.locator(".jp-OutputArea-output", has_text="« E4 → I »").count() == 1
        assert "E5" in (step_dir / "dimensions-impact.csv").read_text("utf-8")
        page.screenshot(path=str(capture))
        _no_traceback(page, problems=True)
    # the browser wrote in the copies only, never in the repository's sample
    assert _snapshot(SAMPLES_DIR / sample) == before


def test_notebook03_stakeholder_and_scope_forms_are_saved_with_clicks(lab):
    """A participant changes a group's concern and two outcomes' weight for the mission, then
    the scope (outcomes, period, a question of their own), with clicks and typing only; each
    button writes step 03's files, and the cells after each form read them."""
    sample = "ateliers-emploi"
    before = _snapshot(SAMPLES_DIR / sample)
    run = lab("03_parties_prenantes.ipynb", sample=sample, prepare="00-02")
    assert run.workspace is not None
    toc_file = run.workspace / "theorie-du-changement.yml"
    toc_before = toc_file.read_bytes()
    step_dir = run.out / "03-parties-prenantes"
    scope_file = step_dir / "perimetre.yml"
    stake_form_file = step_dir / "formulaire-parties-prenantes.yml"
    scope_form_file = step_dir / "formulaire-perimetre.yml"
    capture = run.tmp_path / "carnet03.png"
    question = "Les participants se sentent-ils moins seuls après les ateliers ?"
    with _ran_in_jupyterlab(run, scope_file, capture) as page:
        # Run All used the parameters: the proposed scope, no form saved yet
        assert _yaml(scope_file)["effets"] == ["E1", "E2", "E3"]  # all tie: the ToC order
        assert not stake_form_file.exists() and not scope_form_file.exists()
        groups = pd.read_csv(step_dir / "parties-prenantes.csv").set_index("id")
        assert groups.loc["PP3", "implication"] == "satisfaire"

        # The stakeholder and materiality form.
        form, save = _widget_output(page, "Enregistrer les priorités")
        # the partner venues are much more concerned than the draft says
        row = form.locator(".widget-hbox").filter(has_text="PP3 · Lieux partenaires")
        _widget(row, "dropdown", "concernement").locator("select").select_option("5")
        # for the mission, isolation matters most, the project less
        for outcome, level in (("E2 · Isolement réduit", "3"), ("E3 · Projet", "0")):
            row = form.locator(".widget-hbox").filter(has_text=outcome)
            _widget(row, "dropdown", "mission").locator("select").select_option(level)
        save.click()
        form.get_by_text("Carte et matérialité enregistrées dans").wait_for(timeout=60_000)
        form.screenshot(path=str(run.tmp_path / "parties-prenantes03.png"))
        assert form.get_by_text("Problème").count() == 0
        assert form.get_by_text("""stakeholder_scores = {'PP3': [3, 5]}""").count() == 1
        assert _wait_for_file(stake_form_file, 60), "the button did not record the form"
        answers = _yaml(stake_form_file)["reponses"]
        assert answers["stakeholder_scores"] == {"PP3": [3, 5]}
        assert answers["strategic"] == {"E2": 3, "E3": 0}
        assert answers["importance"] == {}  # untouched answers keep their defaults
        assert (answers["threshold"], answers["n_priority"]) == (3, 3)
        groups = pd.read_csv(step_dir / "parties-prenantes.csv").set_index("id")
        assert groups.loc["PP3", "concernement"] == 5
        assert groups.loc["PP3", "implication"] == "associer"
        ranking = pd.read_csv(step_dir / "materialite.csv").set_index("effet")
        assert ranking.loc["E2", "rang"] == 1 and not ranking.loc["E3", "prioritaire"]
        assert toc_file.read_bytes() == toc_before  # the form keeps its scores in step 03

        # The cells after the form read it, and the proposed scope follows the new
        # priorities (Run Selected Cell and All Below).
        _run_from(
            page,
            "stake = resolve_answers(",
            shows="Réponses du formulaire, enregistrées dans formulaire-parties-prenantes.yml",
        )
        table = _code_cell(page, "involvement_table(involvement)")
        assert table.locator("tr", has_text="PP3").filter(has_text="associer").count() == 1
        assert _wait_until(lambda: _yaml(scope_file)["effets"] == ["E1", "E2", "E4"]), (
            "the scope did not follow the new priorities"
        )
        _no_traceback(page)

        # The scope form, drawn again by the run above: two outcomes, a school year,
        # a question written by the participant.
        form, save = _widget_output(page, "Enregistrer le périmètre")
        _widget(form, "select-multiple", "Effets évalués").locator("select").select_option(
            ["E1 · Confiance en soi retrouvée", "E2 · Isolement réduit"]
        )
        _widget(form, "text", "Début (AAAA-MM-JJ)").locator("input").fill("2025-09-01")
        _widget(form, "text", "Fin (AAAA-MM-JJ)").locator("input").fill("2026-08-31")
        form.locator(".widget-textarea textarea").fill(f"E2 : {question}")
        save.click()
        form.get_by_text("Périmètre enregistré dans perimetre.yml : 2 effets.").wait_for(
            timeout=60_000
        )
        form.screenshot(path=str(run.tmp_path / "perimetre03.png"))
        assert form.get_by_text("Problème").count() == 0
        assert _wait_for_file(scope_form_file, 60), "the button did not record the form"
        scope = _yaml(scope_file)
        assert scope["effets"] == ["E1", "E2"]
        assert scope["periode"] == {"debut": "2025-09-01", "fin": "2026-08-31"}
        assert [q["effets"] for q in scope["questions"]] == [["E1"], ["E2"]]
        assert scope["questions"][1]["texte"] == question
        assert _yaml(scope_form_file)["reponses"]["questions"] == {"E2": question}

        # The cells after the form read it again.
        after = _run_from(
            page,
            "scope_answers = resolve_answers(",
            shows="Réponses du formulaire, enregistrées dans formulaire-perimetre.yml",
        )
        assert after.locator(".jp-OutputArea-output", has_text=question).count() == 1
        summary = _code_cell(page, "explain_scope(scope, toc)")
        assert (
            summary.locator(".jp-OutputArea-output", has_text="du 01/09/2025 au 31/08/2026").count()
            == 1
        )
        assert _yaml(scope_file)["periode"]["debut"] == "2025-09-01"
        page.screenshot(path=str(capture))
        _no_traceback(page)
    assert toc_file.read_bytes() == toc_before
    # the browser wrote in the copies only, never in the repository's sample
    assert _snapshot(SAMPLES_DIR / sample) == before


# --- Every numbered notebook, in order, in one JupyterLab --------------------------------

#: The numbered notebooks, found in the folder (a new step is covered once it lands).
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Notebooks that show an expected error on purpose, to teach how it reads (« Problème : … »
#: on stderr, never a traceback): 00 a missing workspace, 02 a broken theory-of-change file.
PROBLEMS_ON_PURPOSE = {"00", "02"}


@dataclass
class Curriculum:
    """One JupyterLab and one chromium for the whole curriculum on a copy of the default
    sample: each notebook is opened in its own page and run to its end, in order, so each
    reads the deliverables the earlier ones wrote, as a participant's would."""

    base: str  # JupyterLab's URL
    root: Path  # its root folder (copies of the notebooks in notebooks/)
    out: Path  # the shared output_dir
    workspace: Path  # the shared workspace_dir (a copy of the sample)
    tmp_path: Path
    browser: object
    runs: dict[str, dict]  # notebook -> what its run left (see ``run``)

    def run_through(self, notebook: str) -> dict:
        """Run every notebook not yet run up to ``notebook``; return what ``notebook`` left."""
        for name in NOTEBOOKS[: NOTEBOOKS.index(notebook) + 1]:
            if name not in self.runs:
                self.runs[name] = self._run(name)
        return self.runs[notebook]

    def _run(self, notebook: str) -> dict:
        """Open ``notebook``, Run All, wait until no cell is left running, save it; return the
        saved notebook, what the page shows and the capture's path. Its kernel is shut down
        afterwards (a participant's laptop would not keep thirteen kernels either)."""
        saved = self.root / "notebooks" / notebook
        before = saved.stat().st_mtime_ns
        capture = self.tmp_path / f"{Path(notebook).stem}.png"
        page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.monotonic()
        try:
            # ?reset: a fresh layout, without the notebooks opened in earlier pages
            _open_and_run_all(page, f"{self.base}/lab/tree/notebooks/{notebook}?reset")
            _wait_until_idle(page)
            seconds = time.monotonic() - start
            _menu(page, "Fichier", "docmanager:save")
            _wait_until(lambda: saved.stat().st_mtime_ns != before, 60)
            _wait_until(lambda: page.get_by_text("Loading widget").count() == 0, 30)
            page.screenshot(path=str(capture), full_page=True)
            capture.with_suffix(".html").write_text(page.content(), "utf-8")
            shown = {
                "rendered_widgets": page.locator(
                    ".jp-OutputArea-output > .jupyter-widgets"
                ).count(),
                "widget_errors": page.get_by_text(
                    re.compile("Error displaying widget|Loading widget")
                ).all_text_contents(),
                "tracebacks": page.locator(".jp-OutputArea-output")
                .filter(has_text="Traceback")
                .count(),
                "buttons": page.locator(".jp-OutputArea-output .widget-button").all_text_contents(),
                "dropdowns": page.locator(".jp-OutputArea-output .widget-dropdown select").count(),
                "news": page.get_by_text("official Jupyter news").count(),
                "menus": page.locator(".lm-MenuBar-itemLabel").all_text_contents(),
            }
        finally:
            page.close()
            self._shut_down_kernels()
        nb = json.loads(saved.read_text("utf-8"))
        return {"nb": nb, "shown": shown, "capture": capture, "seconds": seconds}

    def _shut_down_kernels(self) -> None:
        with urllib.request.urlopen(f"{self.base}/api/sessions", timeout=10) as answer:
            sessions = json.load(answer)
        for session in sessions:
            request = urllib.request.Request(
                f"{self.base}/api/sessions/{session['id']}", method="DELETE"
            )
            urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture(scope="module")
def curriculum(tmp_path_factory) -> Iterator[Curriculum]:
    """The notebooks of ``notebooks/`` with their parameters pointing to one copy of the
    default sample and one output folder, in one JupyterLab, seen by one chromium."""
    playwright = pytest.importorskip("playwright.sync_api")
    from sizeup_helpers.workspace import DEFAULT_SAMPLE

    tmp_path = tmp_path_factory.mktemp("parcours")
    root = tmp_path / "racine"
    (root / "notebooks").mkdir(parents=True)
    out = tmp_path / "sorties"
    workspace = tmp_path / "espace"
    shutil.copytree(SAMPLES_DIR / DEFAULT_SAMPLE, workspace)
    for notebook in NOTEBOOKS:
        _prepared_notebook(notebook, root / "notebooks" / notebook, out, workspace)
    servers: list[tuple[subprocess.Popen, object]] = []
    driver = playwright.sync_playwright().start()
    try:
        base = _start_jupyterlab(root, tmp_path, servers)
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Curriculum(base, root, out, workspace, tmp_path, browser, {})
        finally:
            browser.close()
    finally:
        driver.stop()
        _stop_jupyterlab(servers)


def _outputs(nb: dict) -> Iterator[tuple[int, dict]]:
    """(code cell number from 1, output) for every output of a saved notebook."""
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for number, cell in enumerate(code, start=1):
        for output in cell.get("outputs", []):
            yield number, output


def _output_text(output: dict) -> str:
    if output["output_type"] == "stream":
        text = output["text"]
    elif output["output_type"] == "error":
        text = output["traceback"]
    else:
        data = output.get("data", {})
        text = [data.get(kind, "") for kind in ("text/plain", "text/markdown", "text/html")]
        text = ["".join(t) if isinstance(t, list) else t for t in text]
    return "".join(text) if isinstance(text, list) else text


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_runs_in_jupyterlab(curriculum, notebook):
    """Run All in JupyterLab runs every code cell of the notebook, on the outputs of the
    notebooks before it; no output is an error (nor a traceback, nor text on stderr), and
    every widget the notebook displays renders in the page."""
    run = curriculum.run_through(notebook)
    nb, shown, capture = run["nb"], run["shown"], run["capture"]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    not_run = [n for n, c in enumerate(code, start=1) if c.get("execution_count") is None]
    assert not not_run, f"{notebook}: code cells {not_run} did not run ({capture})"
    counts = [c["execution_count"] for c in code]
    assert counts == sorted(counts), f"{notebook}: cells ran out of order: {counts}"
    errors = [
        (n, o.get("ename"), o.get("evalue")) for n, o in _outputs(nb) if o["output_type"] == "error"
    ]
    assert not errors, f"{notebook}: error outputs {errors} ({capture})"
    stderr = [
        (n, _output_text(o)[:300])
        for n, o in _outputs(nb)
        if o["output_type"] == "stream" and o["name"] == "stderr"
    ]
    if notebook[:2] in PROBLEMS_ON_PURPOSE:  # the taught message, and nothing else
        stderr = [(n, text) for n, text in stderr if not text.startswith("Problème : ")]
    assert not stderr, f"{notebook}: text on stderr {stderr}"
    assert not [n for n, o in _outputs(nb) if "Traceback" in _output_text(o)]
    assert shown["tracebacks"] == 0, f"{notebook}: a traceback is shown ({capture})"
    widgets = [n for n, o in _outputs(nb) if WIDGET_VIEW in o.get("data", {})]
    assert shown["widget_errors"] == [], f"{notebook}: {shown['widget_errors']} ({capture})"
    assert shown["rendered_widgets"] >= len(widgets), (
        f"{notebook}: {len(widgets)} widgets displayed (cells {widgets}), "
        f"{shown['rendered_widgets']} rendered ({capture})"
    )


@pytest.mark.slow
def test_notebook00_in_jupyterlab_speaks_french_and_its_chooser_renders(curriculum):
    """Notebook 00, as the curriculum's run left it: its workspace chooser renders, JupyterLab
    speaks French (the language pack and jupyter-config/'s default locale) without the news
    pop-up, and the archive to download before a Binder session ends is written and
    explained."""
    run = curriculum.run_through(NOTEBOOKS[0])
    shown = run["shown"]
    assert any("Utiliser cet espace" in b for b in shown["buttons"]), shown["buttons"]
    assert shown["dropdowns"] >= 1
    assert shown["news"] == 0
    menus = shown["menus"]
    assert menus[:2] == ["Fichier", "Édition"], menus
    assert {"Exécution", "Noyau"} <= set(menus) and "File" not in menus
    assert (curriculum.out.parent / "sorties.zip").is_file()
    texts = [_output_text(o) for _n, o in _outputs(run["nb"])]
    assert sum("Archive enregistrée" in t for t in texts) == 1


# --- The report, in the same chromium -----------------------------------------------------

REPORT = Path("12-restitution") / "rapport.html"
DEMO_DAY_PDF = Path("12-restitution") / "synthese-demo-day.pdf"
A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
A4_PX = (210 / 25.4 * 96, 297 / 25.4 * 96)  # in CSS pixels
MAX_REPORT_PAGES = 40

#: The @page rule's margins, as written (e.g. "16mm"), or null without one.
PAGE_MARGINS_JS = """() => {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule.type === CSSRule.PAGE_RULE) {
        return ['top', 'right', 'bottom', 'left'].map(
          (side) => rule.style.getPropertyValue('margin-' + side));
      }
    }
  }
  return null;
}"""

#: CSS lengths (e.g. "18mm") in CSS pixels, measured by the page itself.
CSS_PX_JS = """(values) => values.map((v) => { const d = document.createElement('div');
  d.style.position = 'absolute'; d.style.height = v || '0'; document.body.appendChild(d);
  const h = d.getBoundingClientRect().height; d.remove(); return h; })"""

#: Chromium's print pagination, replayed on screen: the document becomes a multi-column box
#: whose columns are the pages' content boxes, fragmented by the same layout engine with the
#: same rules (``break-inside: avoid``, widows, repeated table headers, forced breaks: the
#: page values read as column values). Each fragment of an element is one client rect; its
#: column is its page.
PAGES_JS = """([w, h]) => {
  const column = {page: 'column', 'avoid-page': 'avoid', left: 'column', right: 'column',
                  recto: 'column', verso: 'column'};
  for (const e of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (column[s.breakInside]) e.style.breakInside = column[s.breakInside];
    if (column[s.breakBefore]) e.style.breakBefore = column[s.breakBefore];
    if (column[s.breakAfter]) e.style.breakAfter = column[s.breakAfter];
  }
  Object.assign(document.documentElement.style, {columnWidth: w + 'px', columnGap: '0px',
    columnFill: 'auto', height: h + 'px', width: w + 'px', margin: '0', padding: '0'});
  const pagesOf = (e) => [...new Set(Array.from(e.getClientRects())
    .filter((r) => r.width > 0 || r.height > 0)
    .map((r) => Math.floor((r.left + scrollX + 0.5) / w)))].sort((a, b) => a - b);
  let last = 0;
  for (const e of [document.body, ...document.body.querySelectorAll('*')]) {
    last = Math.max(last, ...pagesOf(e));
  }
  const charts = Array.from(document.querySelectorAll('figure.graphique')).map((f) => ({
    caption: (f.querySelector('figcaption') || f).textContent.trim().slice(0, 80),
    height: f.getBoundingClientRect().height, pages: pagesOf(f)}));
  const raster = Array.from(document.images)
    .filter((i) => !/^data:image\\/svg/.test(i.currentSrc)).map((i) => pagesOf(i)[0]);
  return {pages: last + 1, charts, raster};
}"""

IMAGES_JS = """() => Array.from(document.images).map((i) => ({
  src: i.currentSrc.slice(0, 40), alt: (i.getAttribute('alt') || '').trim(),
  complete: i.complete, width: i.naturalWidth}))"""


def _pdf_pages(pdf: bytes) -> list[dict]:
    """The pages of a PDF (chromium's Skia and matplotlib write page dictionaries
    uncompressed): each page's size in points and the image objects it draws."""
    pages = []
    pattern = rb"\d+ 0 obj\s*<<\s*/Type\s*/Page\b(?!s)(.*?)endobj"
    for match in re.finditer(pattern, pdf, re.S):
        body = match.group(1)
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", body)
        xobjects = re.search(rb"/XObject\s*<<(.*?)>>", body, re.S)
        pages.append(
            {
                "size": tuple(float(v) for v in box.group(1).split()[2:]) if box else None,
                "images": set(re.findall(rb"(\d+) 0 R", xobjects.group(1))) if xobjects else set(),
            }
        )
    return pages


def _is_a4(size: tuple[float, ...] | None, *, landscape: bool = False) -> bool:
    want = A4_POINTS[::-1] if landscape else A4_POINTS
    return size is not None and all(abs(a - b) < 2 for a, b in zip(size, want, strict=True))


@dataclass
class PrintLayout:
    """Where chromium's print layout (print media, A4 inside the @page margins) puts the
    report: how many pages, each chart's pages and the page of each raster image."""

    margins: list[str] | None  # the @page margins as written
    page_height: float  # CSS pixels of content on one page
    pages: int
    charts: list[dict]  # caption, height, pages (from 0)
    raster: list[int]  # the page of each PNG or JPEG image, in document order


def _print_layout(page) -> PrintLayout:
    """The report's pages as chromium's print layout predicts them (``PAGES_JS``): print
    media, and columns as wide and high as an A4 page inside the report's @page margins.
    The page is changed: open it again to use it."""
    page.emulate_media(media="print")
    margins = page.evaluate(PAGE_MARGINS_JS)
    top, right, bottom, left = page.evaluate(CSS_PX_JS, margins or ["0"] * 4)
    width, height = A4_PX[0] - left - right, A4_PX[1] - top - bottom
    page.set_viewport_size({"width": round(width), "height": round(height)})
    layout = page.evaluate(PAGES_JS, [width, height])
    return PrintLayout(margins, height, layout["pages"], layout["charts"], layout["raster"])


def _open_offline(browser, url: str):
    """A new page showing ``url`` where every request must stay on the machine: each one is
    recorded, and any that is not file:// or data: is aborted (and listed in ``left``)."""
    page = browser.new_page(viewport={"width": 1100, "height": 1300})
    page.requests, page.left = [], []  # type: ignore[attr-defined]

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            page.left.append(url)  # type: ignore[attr-defined]
            request_route.abort()

    page.on("request", lambda request: page.requests.append(request.url))
    page.on("websocket", lambda ws: page.left.append(ws.url))
    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page


def _report(curriculum: Curriculum) -> Path:
    """The report the curriculum's last notebook wrote, after running every notebook."""
    last = curriculum.run_through(NOTEBOOKS[-1])
    report = curriculum.out / REPORT
    assert report.is_file(), f"{NOTEBOOKS[-1]} did not write {REPORT} ({last['capture']})"
    return report


@pytest.mark.slow
def test_report_opens_in_chromium_with_its_images_and_nothing_from_the_network(curriculum):
    """The report the notebooks wrote opens in the same chromium as one self-contained file:
    every image loads, each has its alternative text, and no request leaves the machine
    (each is file:// or data:; any other is blocked and listed), printing included."""
    page = _open_offline(curriculum.browser, _report(curriculum).as_uri())
    try:
        images = page.evaluate(IMAGES_JS)
        charts = page.locator("figure.graphique").count()
        page.pdf(format="A4")  # print media may load more: it must stay local too
        requests, left = list(page.requests), list(page.left)
    finally:
        page.close()
    assert left == [], f"requests leaving the machine: {left}"
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert charts >= 1 and len(images) >= charts, (charts, images)
    broken = [i for i in images if not (i["complete"] and i["width"] > 0)]
    assert broken == [], f"images that do not load: {broken}"
    assert all(i["src"].startswith("data:image/") for i in images), images
    assert [i for i in images if not i["alt"]] == [], "an image without alternative text"


@pytest.mark.slow
def test_report_prints_on_clean_a4_pages_with_no_chart_cut(curriculum):
    """Printed to PDF by chromium, the report gives A4 pages, as many as its print layout
    predicts (a sane number), and no chart is cut across two pages: each
    <figure class="graphique"> lies on one page, and each chart image is drawn on the page
    the layout puts it on."""
    report = _report(curriculum)
    page = _open_offline(curriculum.browser, report.as_uri())
    try:
        pdf = page.pdf(format="A4")
        layout = _print_layout(page)
    finally:
        page.close()
    printed = curriculum.tmp_path / "rapport.pdf"
    printed.write_bytes(pdf)
    pages = _pdf_pages(pdf)
    assert layout.margins is not None, "the report's print style sheet sets no @page margins"
    assert 2 <= len(pages) <= MAX_REPORT_PAGES, f"{len(pages)} pages ({printed})"
    assert [p["size"] for p in pages if not _is_a4(p["size"])] == [], "pages that are not A4"
    assert len(pages) == layout.pages, (
        f"{len(pages)} pages printed, {layout.pages} in the print layout ({printed})"
    )
    assert layout.charts, "no <figure class='graphique'> in the report"
    cut = [c for c in layout.charts if len(c["pages"]) != 1]
    assert cut == [], f"charts cut across pages ({printed}): {cut}"
    assert all(c["height"] <= layout.page_height for c in layout.charts)
    drawn = sorted(i for i, p in enumerate(pages) for _ in p["images"])
    assert drawn == sorted(layout.raster), (
        f"images drawn on pages {drawn}, laid out on pages {layout.raster} ({printed})"
    )


@pytest.mark.slow
def test_demo_day_summary_pdf_is_one_a4_page(curriculum):
    """The one-page Demo Day summary the last notebook wrote is one A4 page (landscape, to
    project), with its PNG beside it."""
    _report(curriculum)
    pdf = curriculum.out / DEMO_DAY_PDF
    assert pdf.is_file() and pdf.with_suffix(".png").is_file()
    pages = _pdf_pages(pdf.read_bytes())
    assert len(pages) == 1, f"{len(pages)} pages in {pdf}"
    assert _is_a4(pages[0]["size"], landscape=True) or _is_a4(pages[0]["size"]), pages


def _tiny_report(folder: Path, *, avoid: bool) -> Path:
    """A report-like page: a chart (a PNG and a long caption) that starts low on page 1, then
    a section forced onto a new page."""
    import base64
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (480, 320), (40, 90, 160)).save(png, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    keep = "break-inside: avoid;" if avoid else ""
    caption = "Légende longue du graphique. " * 80
    html = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 18mm 15mm; }} body {{ margin: 0; }} img {{ display: block; }}
figure.graphique {{ margin: 0; {keep} }} h2.suite {{ break-before: page; }}
</style></head><body><div style="height: 560px"></div>
<figure class="graphique"><img alt="Un graphique" src="{source}">
<figcaption>{caption}</figcaption></figure><h2 class="suite">Suite</h2><p>Fin.</p>
</body></html>"""
    path = folder / f"rapport-{'garde' if avoid else 'coupe'}.html"
    path.write_text(html, "utf-8")
    return path


def test_print_checks_see_a_chart_cut_across_pages(curriculum, tmp_path):
    """The checks above can fail: without ``break-inside: avoid`` a chart whose caption runs
    past the page's end is cut (its figure lies on two pages); with it, the chart moves whole
    to the next page; the forced break before the last section is counted either way, as
    chromium prints it. (The module's chromium: a second Playwright driver cannot start in
    the same thread while the module's one runs.)"""
    seen = {}
    for avoid in (False, True):
        page = _open_offline(curriculum.browser, _tiny_report(tmp_path, avoid=avoid).as_uri())
        pages = _pdf_pages(page.pdf(format="A4"))
        seen[avoid] = (len(pages), _print_layout(page), pages)
        page.close()
    count, layout, pages = seen[False]
    assert layout.charts[0]["pages"] == [0, 1]  # cut
    assert count == layout.pages == 3 and layout.raster == [0]
    assert [len(p["images"]) for p in pages] == [1, 0, 0]
    count, layout, pages = seen[True]
    assert layout.charts[0]["pages"] == [1]  # kept whole, on the next page
    assert count == layout.pages == 3 and layout.raster == [1]
    assert [len(p["images"]) for p in pages] == [0, 1, 0]


# --- The programme team's pages --------------------------------------------------------


@pytest.mark.slow
def test_programme_dashboard_and_funder_report_open_offline_and_print(curriculum, tmp_path):
    """The programme team opens the cohort's dashboard and funder report in chromium, here
    for a cohort of the structure the notebooks just ran: each is one self-contained page
    (no request leaves the machine), the dashboard prints on A4 landscape, and the funder
    report puts the structure's annex on a page of its own."""
    import datetime as dt

    from sizeup_helpers.cohort import Cohort, CohortMember
    from sizeup_helpers.cohort_dashboard import save_dashboard
    from sizeup_helpers.funder_report import ANNEX_CLASS, save_funder_report

    _report(curriculum)  # every notebook ran: steps 00–12 left their deliverables
    member = CohortMember(curriculum.workspace, curriculum.out.name, "Structure du parcours")
    cohort = Cohort(
        tmp_path / "cohorte.yml",
        "Programme d'essai",
        2025,
        "2025-09",
        (member,),
        curriculum.out.parent,
    )
    board = save_dashboard(cohort, as_of=dt.date(2026, 8, 31))["html"]
    report = save_funder_report(cohort)
    shown = {}
    for path in (board, report):
        page = _open_offline(curriculum.browser, path.as_uri())
        try:
            page.emulate_media(media="print")
            shown[path.name] = {
                "text": page.inner_text("body"),
                "annex_breaks": page.evaluate(
                    f"[...document.querySelectorAll('section.{ANNEX_CLASS}')]"
                    ".map(s => getComputedStyle(s).breakBefore)"
                ),
                "pdf": page.pdf(prefer_css_page_size=True),
                "requests": list(page.requests),
                "left": list(page.left),
            }
        finally:
            page.close()
    for name, seen in shown.items():
        assert seen["left"] == [], (name, seen["left"])
        assert all(url.startswith(("file:", "data:")) for url in seen["requests"]), name
    board_seen, report_seen = shown[board.name], shown[report.name]
    assert "Structure du parcours" in board_seen["text"] and "fait" in board_seen["text"]
    pages = _pdf_pages(board_seen["pdf"])
    assert pages and _is_a4(pages[0]["size"], landscape=True), pages[:1]
    assert "Ce qu'elle ne permet pas de dire" in report_seen["text"]
    assert report_seen["annex_breaks"] == ["page"]
    assert len(_pdf_pages(report_seen["pdf"])) >= 2

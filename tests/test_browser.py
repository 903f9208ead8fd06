"""A real browser opens the notebooks in JupyterLab, runs them, and uses their widgets.

Uses Debian's chromium (never a downloaded browser) driven by Playwright. Each notebook is a
copy in a temporary folder, so JupyterLab's autosave never writes into the repository; its
outputs go to a temporary folder and, when it needs a workspace, it opens a temporary COPY of
a sample structure (never ``data/samples`` itself). The JupyterLab settings are the ones Binder
gets (jupyter-config/), so the test also shows the news pop-up is off.

Two tests: notebook 00 runs and its workspace chooser renders; notebook 01 runs and a
participant fills its self-diagnostic form with clicks only, saves it, and the answers reach
the files on disk and the next cell.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SAMPLES_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium absent (Debian : apt-get install "
                                                "chromium) : test navigateur ignoré"),
    pytest.mark.xdist_group("browser"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
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
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def lab(tmp_path) -> Iterator[Callable[..., Lab]]:
    """Factory: ``lab(notebook, sample=None)`` starts JupyterLab on a copy of ``notebook``.

    The copy's ``output_dir`` is tmp_path/sorties; with ``sample`` (a slug of data/samples),
    its ``workspace_dir`` is a copy of that sample in tmp_path/espace.
    """
    servers: list[tuple[subprocess.Popen, object]] = []

    def start(notebook: str, *, sample: str | None = None) -> Lab:
        root = tmp_path / "racine"
        (root / "notebooks").mkdir(parents=True)
        out = tmp_path / "sorties"
        workspace = None
        if sample is not None:
            workspace = tmp_path / "espace"
            shutil.copytree(SAMPLES_DIR / sample, workspace)
        nb = json.loads((ROOT / "notebooks" / notebook).read_text("utf-8"))
        tagged = [c for c in nb["cells"]
                  if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{notebook}: one parameters cell expected"
        source = _set_parameter("".join(tagged[0]["source"]), "output_dir", out)
        if workspace is not None:
            source = _set_parameter(source, "workspace_dir", workspace)
        tagged[0]["source"] = source
        (root / "notebooks" / notebook).write_text(json.dumps(nb), "utf-8")
        config = tmp_path / "jupyter-config"
        shutil.copytree(ROOT / "jupyter-config", config)
        # Binder's settings, plus one for the test: render every cell (JupyterLab 4 only
        # renders the cells in view), so the widget cells are in the page without scrolling.
        overrides = json.loads((config / "lab-settings" / "overrides.json").read_text("utf-8"))
        overrides["@jupyterlab/notebook-extension:tracker"]["windowingMode"] = "none"
        (config / "lab-settings" / "overrides.json").write_text(json.dumps(overrides), "utf-8")
        port = _free_port()
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "SIZEUP_ROOT": str(ROOT),
               "SIZEUP_HOME": str(tmp_path / "maison")}
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
               "--IdentityProvider.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=True",
               f"--LabApp.app_settings_dir={config / 'lab-settings'}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(tmp_path / "jupyterlab.log", "wb")
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        servers.append((server, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab n'a pas démarré : "
                                + (tmp_path / "jupyterlab.log").read_text(errors="replace"))
                time.sleep(0.5)
        return Lab(f"{url}/lab/tree/notebooks/{notebook}", out, workspace, tmp_path)

    try:
        yield start
    finally:
        for server, log in servers:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


def _open_and_run_all(page, url: str) -> None:
    """Open a notebook page, wait for its kernel, and Run All Cells from the Run menu."""
    page.goto(url, timeout=SLOW_MS)
    page.locator(".jp-Notebook").first.wait_for(timeout=SLOW_MS)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=SLOW_MS)
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=SLOW_MS)
    first_prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first

    def started() -> bool:
        return "[" in (first_prompt.text_content() or "").replace("[ ]", "")

    for _attempt in range(3):  # a click can land before the kernel is ready
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        deadline = time.monotonic() + 30
        while not started() and time.monotonic() < deadline:
            time.sleep(1)
        if started():
            break


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


def test_notebook00_runs_in_jupyterlab_and_its_widget_renders(lab):
    playwright = pytest.importorskip("playwright.sync_api")
    run = lab("00_prise_en_main.ipynb")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _open_and_run_all(page, run.url)
            # the last cells ran: the deliverable exists
            target = run.out / "00-prise-en-main" / "LISEZMOI.md"
            found = _wait_for_file(target)
            page.screenshot(path=str(run.tmp_path / "carnet00.png"))
            assert found, (f"the notebook did not run to its end in JupyterLab "
                           f"(capture : {run.tmp_path / 'carnet00.png'})")
            button = page.locator(".widget-button", has_text="Utiliser cet espace")
            button.first.scroll_into_view_if_needed(timeout=60_000)
            button.first.wait_for(timeout=60_000)
            assert page.locator(".widget-dropdown select").count() >= 1
            assert page.get_by_text("official Jupyter news").count() == 0
            _no_traceback(page, problems=True)
        finally:
            browser.close()


def test_notebook01_maturity_form_is_filled_with_clicks_and_saved(lab):
    """A participant answers the self-diagnostic with the mouse; the save reaches the disk."""
    playwright = pytest.importorskip("playwright.sync_api")
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
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _open_and_run_all(page, run.url)
            found = _wait_for_file(framing_file)
            _wait_until_idle(page)
            page.screenshot(path=str(capture))
            assert found, f"notebook 01 did not run to its end in JupyterLab ({capture})"
            _no_traceback(page)
            # Run All saved the parameters cell's answers; no form was saved yet.
            first = yaml.safe_load(diagnostic.read_text("utf-8"))
            assert first["reponses"]["owner"] == "salarie"
            assert first["reponses"]["hours_per_month"] == 12.0
            assert first["parcours"] == "complet"
            assert not form_file.exists()

            # The form, as the participant sees it.
            save = page.locator(".widget-button", has_text="Enregistrer l'autodiagnostic")
            save.wait_for(timeout=60_000)
            form = page.locator(".jp-OutputArea-output").filter(has=save)
            assert form.count() == 1
            form.scroll_into_view_if_needed()
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
            confirmation = form.get_by_text("Autodiagnostic enregistré : parcours court "
                                            "recommandé.")
            confirmation.wait_for(timeout=60_000)
            assert form.get_by_text("owner = 'binome'").count() == 1
            # ... and the disk holds the changed answers, in the form's file ...
            assert _wait_for_file(form_file, 60), "the button did not record the form"
            saved = yaml.safe_load(form_file.read_text("utf-8"))["reponses"]
            assert saved["owner"] == "binome"
            assert saved["data_digital"] is False
            assert saved["hours_per_month"] == 5.0
            assert saved["data_sources"] == ["inscriptions", "presences", "suivi",
                                             "questionnaires"]
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
                has=page.locator(".jp-InputArea", has_text="maturity = resolve_answers"))
            assert after.count() == 1
            after.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")
            after.locator(".jp-OutputArea-output",
                          has_text="Réponses du formulaire, enregistrées dans "
                                   "formulaire-autodiagnostic.yml").wait_for(timeout=60_000)
            _wait_until_idle(page, 60)
            assert yaml.safe_load(diagnostic.read_text("utf-8"))["parcours"] == "court"
            page.screenshot(path=str(capture))
            _no_traceback(page)
        finally:
            browser.close()
    # the browser wrote in the copies only, never in the repository's sample
    assert run.workspace is not None and run.workspace.is_dir()
    assert _snapshot(SAMPLES_DIR / sample) == before

"""A real browser opens notebook 00 in JupyterLab, runs it, and sees the widget rendered.

Uses Debian's chromium (never a downloaded browser) driven by Playwright. The notebook is a
copy in a temporary folder, so JupyterLab's autosave never writes into the repository; the
JupyterLab settings are the ones Binder gets (jupyter-config/), so the test also shows the
news pop-up is off.
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

import pytest

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium absent (Debian : apt-get install "
                                                "chromium) : test navigateur ignoré"),
    pytest.mark.xdist_group("browser"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a copy of notebook 00 whose outputs go to tmp_path."""
    root = tmp_path / "racine"
    (root / "notebooks").mkdir(parents=True)
    nb = json.loads((ROOT / "notebooks" / "00_prise_en_main.ipynb").read_text("utf-8"))
    out = tmp_path / "sorties"
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            cell["source"] = source.replace('output_dir: str = ""', f'output_dir: str = "{out}"')
            assert str(out) in cell["source"]
    (root / "notebooks" / "00_prise_en_main.ipynb").write_text(json.dumps(nb), "utf-8")
    config = tmp_path / "jupyter-config"
    shutil.copytree(ROOT / "jupyter-config", config)
    # Binder's settings, plus one for the test: render every cell (JupyterLab 4 only
    # renders the cells in view), so the widget cell is in the page without scrolling.
    overrides = json.loads((config / "lab-settings" / "overrides.json").read_text("utf-8"))
    overrides["@jupyterlab/notebook-extension:tracker"]["windowingMode"] = "none"
    (config / "lab-settings" / "overrides.json").write_text(json.dumps(overrides), "utf-8")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "SIZEUP_ROOT": str(ROOT),
           "SIZEUP_HOME": str(tmp_path / "maison")}
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=True",
           f"--LabApp.app_settings_dir={config / 'lab-settings'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / "jupyterlab.log", "wb")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
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
        yield url, out, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_notebook00_runs_in_jupyterlab_and_its_widget_renders(lab):
    playwright = pytest.importorskip("playwright.sync_api")
    url, out, tmp_path = lab
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/lab/tree/notebooks/00_prise_en_main.ipynb", timeout=120_000)
            page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
                timeout=120_000)
            target = out / "00-prise-en-main" / "LISEZMOI.md"
            first_prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first
            page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(
                timeout=120_000)
            for _attempt in range(3):  # a click can land before the kernel is ready
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
                deadline = time.monotonic() + 30
                while "[" not in (first_prompt.text_content() or "").replace("[ ]", "") \
                        and time.monotonic() < deadline:
                    time.sleep(1)
                if "[" in (first_prompt.text_content() or "").replace("[ ]", ""):
                    break
            # the last cells ran: the deliverable exists (generous: CI runs notebooks beside)
            deadline = time.monotonic() + 300
            while not target.exists() and time.monotonic() < deadline:
                time.sleep(1)
            page.screenshot(path=str(tmp_path / "carnet00.png"))
            assert target.exists(), (f"the notebook did not run to its end in JupyterLab "
                                     f"(capture : {tmp_path / 'carnet00.png'})")
            button = page.locator(".widget-button", has_text="Utiliser cet espace")
            button.first.scroll_into_view_if_needed(timeout=60_000)
            button.first.wait_for(timeout=60_000)
            assert page.locator(".widget-dropdown select").count() >= 1
            assert page.get_by_text("official Jupyter news").count() == 0
            assert page.locator(".jp-OutputArea-output", has_text="Traceback").count() == 0
        finally:
            browser.close()

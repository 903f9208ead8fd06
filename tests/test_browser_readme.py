"""The README shows what the chain produces: a screenshot of the report.

``docs/images/rapport.png`` is taken by ``tools/screenshot_report.py`` (the demo on the
default sample, the report in headless chromium); this test needs no browser.
"""

from __future__ import annotations

import re
import struct

from .conftest import ROOT

IMAGE = "docs/images/rapport.png"


def test_readme_quick_start_shows_the_report_screenshot():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## Démarrage rapide", 1)[1].split("\n## ", 1)[0]
    image = re.search(r"!\[([^\]]+)\]\(" + re.escape(IMAGE) + r"\)", quick_start)
    assert image, f"the quick start does not show {IMAGE}"
    alt = image.group(1)
    assert "rapport" in alt and "données fictives" in alt, alt  # French, says what it shows


def test_report_screenshot_is_a_small_png():
    data = (ROOT / IMAGE).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1100, 1300)  # tools/screenshot_report.py's viewport
    assert 10_000 < len(data) <= 300_000, f"{len(data)} bytes"

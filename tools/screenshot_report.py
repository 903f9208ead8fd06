"""Take the README's screenshot of the report: ``docs/images/rapport.png``.

Runs the whole curriculum on the default sample (as ``sizeup demo`` does) into a temporary
folder, opens ``12-restitution/rapport.html`` in Debian's headless chromium (Playwright, never
a downloaded browser) with every request that would leave the machine blocked, captures the
top of the report at a fixed viewport, and saves it as a palette PNG under ~300 KB::

    .venv/bin/python -m tools.screenshot_report                  # run the demo, then capture
    .venv/bin/python -m tools.screenshot_report --report PATH    # capture an existing report

Run it again when the report's look changes, and commit the image.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGE = ROOT / "docs" / "images" / "rapport.png"
VIEWPORT = {"width": 1100, "height": 1300}
MAX_BYTES = 300_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def run_demo(output_dir: Path) -> Path:
    """Run the curriculum on the default sample into ``output_dir``; return the report."""
    from sizeup_helpers.runner import run_curriculum
    from sizeup_helpers.workspace import DEFAULT_SAMPLE, samples_dir

    run_curriculum(samples_dir() / DEFAULT_SAMPLE, output_dir=output_dir, progress=True)
    return output_dir / "12-restitution" / "rapport.html"


def capture(report: Path) -> bytes:
    """A PNG of the top of ``report`` in headless chromium (requests off the machine fail)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium absent (Debian : apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            page.goto(report.resolve().as_uri())
            page.wait_for_load_state("load")
            return page.screenshot(full_page=False)
        finally:
            browser.close()


def compress(png: bytes) -> bytes:
    """``png`` as a 256-colour palette PNG, optimised (text and charts stay sharp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="rapport.html déjà produit")
    parser.add_argument("--image", type=Path, default=IMAGE, help="image à écrire")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sizeup-capture-") as tmp:
        report = args.report or run_demo(Path(tmp) / "sorties")
        if not report.is_file():
            sys.exit(f"rapport introuvable : {report}")
        data = compress(capture(report))
    args.image.parent.mkdir(parents=True, exist_ok=True)
    args.image.write_bytes(data)
    print(f"{args.image} : {len(data) // 1000} ko")
    if len(data) > MAX_BYTES:
        print(f"plus de {MAX_BYTES // 1000} ko : réduisez VIEWPORT", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

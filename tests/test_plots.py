"""Tests of sizeup_helpers.plots: figures made, saved and labelled one way for every step."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")  # tests only: never set for users

from sizeup_helpers.errors import TheoryOfChangeError, WorkspaceError  # noqa: E402
from sizeup_helpers.plots import (  # noqa: E402
    figure_bytes,
    new_figure,
    place_label,
    save_figure,
    svg_commas,
    wrap_text,
)
from sizeup_helpers.workspace import samples_dir  # noqa: E402


def _figure():
    fig = new_figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [2, 1, 3])
    ax.set_title("Essai")
    return fig


def test_new_figure_is_not_kept_by_pyplot():
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    fig = new_figure(figsize=(3, 2))
    assert len(plt.get_fignums()) == before
    assert fig.canvas.get_renderer() is not None  # can measure text


def test_png_carries_its_title_and_alternative_text():
    data = figure_bytes(_figure(), title="Mon titre", description="Une courbe qui monte.")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Mon titre" in data and "Une courbe qui monte.".encode("latin-1") in data


def test_svg_is_reproducible_and_its_numbers_are_apart():
    fig = _figure()
    first = figure_bytes(fig, "svg", title="T", description="D")
    assert first == figure_bytes(fig, "svg", title="T", description="D")
    text = first.decode("utf-8")
    assert "<svg" in text and "<dc:date>" not in text
    assert svg_commas('<path d="M 06 34 38 29 52"/>') == '<path d="M 06,34,38,29,52"/>'
    assert svg_commas('<text x="1 2">06 34</text>') == '<text x="1 2">06 34</text>'
    with pytest.raises(ValueError, match=r"`fmt` doit être « png » ou « svg »"):
        figure_bytes(fig, "pdf")


def test_save_figure_writes_atomically_and_never_in_the_samples(tmp_path):
    fig = _figure()
    png = save_figure(fig, tmp_path / "a" / "f.png", title="T")
    svg = save_figure(fig, tmp_path / "a" / "f.svg", title="T")
    assert png.read_bytes()[:4] == b"\x89PNG" and b"<svg" in svg.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["f.png", "f.svg"]
    forced = save_figure(fig, tmp_path / "a" / "g.img", fmt="svg")
    assert b"<svg" in forced.read_bytes()
    with pytest.raises(WorkspaceError, match=r"Écriture refusée : .* structures d'exemple"):
        save_figure(fig, samples_dir() / "x.png")
    with pytest.raises(TheoryOfChangeError, match=r"Écriture refusée"):
        save_figure(fig, samples_dir() / "x.svg", error=TheoryOfChangeError)


def test_place_label_finds_a_free_side():
    fig = new_figure(figsize=(5, 4))
    ax = fig.add_subplot()
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    placed: list = []
    for point in [(2, 2), (2, 2), (2, 2)]:  # three labels for one point
        placed.append(place_label(fig, ax, "Un groupe assez long", point, placed))
    assert not any(a.overlaps(b) for i, a in enumerate(placed) for b in placed[i + 1 :])
    right = place_label(fig, ax, "À droite", (5, 4), [])
    assert right.x1 <= ax.get_window_extent(fig.canvas.get_renderer()).x1


def test_wrap_text():
    assert (
        wrap_text("Un  texte\nassez long pour deux lignes", 15)
        == "Un texte assez\nlong pour deux\nlignes"
    )
    assert wrap_text("porte-à-porte quotidien", 14) == "porte-à-porte\nquotidien"


def test_import_stays_light():
    code = (
        "import sys, sizeup_helpers.plots; "
        "assert 'matplotlib' not in sys.modules and 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

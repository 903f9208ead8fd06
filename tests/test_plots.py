"""Tests of sizeup_helpers.plots: figures made, saved and labelled one way for every step."""

from __future__ import annotations

import re
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
    reach_chart,
    save_figure,
    svg_commas,
    value_map_chart,
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


# --------------------------------------------------------------------------------------
# Step 09's reach chart and step 11's value map chart
# --------------------------------------------------------------------------------------
_IDENTIFIER = re.compile(r"personne_id|P\d{3,}|@|\d{2}(?:[ .]?\d{2}){4}")


def _texts(fig):
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    return ticks, ax.get_xlabel(), ax.get_title(loc="left"), [t.get_text() for t in ax.texts]


def test_reach_chart_draws_the_funnel_and_masks_small_counts():
    import pandas as pd

    funnel = pd.DataFrame(
        {
            "etape": ["personnes connues (registre)", "personnes venues au moins une fois"],
            "personnes": [1250, 7],
        }
    )
    fig = reach_chart(funnel, pd.DataFrame())
    ticks, xlabel, title, texts = _texts(fig)
    assert ticks == ["Personnes venues au moins une fois", "Personnes connues (registre)"]
    assert xlabel == "Personnes" and title.startswith("Entonnoir de la portée, en personnes")
    assert " 1 250" in [t.replace("\u202f", " ").replace("\xa0", " ") for t in texts]
    assert not any(t.strip() == "7" for t in texts)  # a small cell is not written
    assert len(fig.axes[0].patches) == 1  # nor drawn
    label = fig.get_label().replace("\u202f", " ").replace("\xa0", " ")
    assert label.startswith("Entonnoir de la portée, en barres horizontales : personnes connues")
    assert "1 250 personnes" in label and "moins de 11 personnes" in label
    assert not _IDENTIFIER.search(label)


def test_reach_chart_falls_back_on_people_per_table_then_on_nothing():
    import pandas as pd

    reach = pd.DataFrame({"table": ["inscriptions"], "lignes": [30], "personnes": [25]})
    fig = reach_chart(pd.DataFrame(columns=["etape", "personnes"]), reach)
    assert _texts(fig)[0] == ["Personnes dans « inscriptions »"]
    assert fig.get_label() == (
        "Personnes distinctes par table, en barres horizontales : "
        "personnes dans « inscriptions » : 25 personnes."
    )
    empty = reach_chart(pd.DataFrame(), pd.DataFrame())
    assert empty.get_label().startswith("Graphique vide : aucune table")


def test_value_map_chart_in_french_with_its_alternative_text(tmp_path):
    import pandas as pd

    values = pd.DataFrame(
        {
            "stakeholder": ["Participants", "Participants"],
            "outcome": ["confiance en soi", "retour à l'emploi"],
            "weight": [3.0, 1.0],
            "score": [60.0, 20.0],
            "share": [0.75, 0.25],
        }
    )
    fig = value_map_chart(values)
    ticks, xlabel, title, texts = _texts(fig)
    assert ticks == ["Retour à l'emploi", "Confiance en soi"]  # largest on top
    assert xlabel == "Score (personnes après ajustements × poids)"
    assert title == "Carte de valeur non monétisée : poids de chaque effet"
    label = fig.get_label().replace("\u202f", " ").replace("\xa0", " ")
    assert "confiance en soi 60,0, soit 75 % du total ; retour à l'emploi 20,0" in label
    assert not _IDENTIFIER.search(label)
    png = save_figure(fig, tmp_path / "c.png", description=fig.get_label())
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    empty = value_map_chart(values.iloc[0:0])
    assert empty.get_label() == "Graphique vide : la carte de valeur n'a encore aucun effet."

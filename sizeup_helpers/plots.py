"""Charts and diagrams with French labels, and the way every figure is made and saved.

- :func:`new_figure`: a figure shown once in a notebook and freed after, whose canvas can
  measure text (the layout of the diagram and of the labels needs it);
- :func:`figure_bytes` and :func:`save_figure`: PNG or SVG with a title and an
  alternative text in the file's metadata, reproducible (no date, fixed ids), SVG numbers
  separated by commas (:func:`svg_commas`), written atomically;
- :func:`place_label`: a label beside a point, where it overlaps no other label;
- :func:`draw_toc_diagram` and :func:`diagram_boxes`: the theory-of-change diagram of
  step 02, drawn from the model of :mod:`~sizeup_helpers.theory_of_change`.

The charts of steps 01 and 03 (:func:`~sizeup_helpers.framing.plot_maturity`,
:func:`~sizeup_helpers.stakeholders.plot_stakeholder_map`) are built with these helpers.
Only the standard library is imported with this module; matplotlib and pandas are imported
by the functions that need them.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SizeUpError, WorkspaceError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .theory_of_change import Element, Link, TheoryOfChange

__all__ = [
    "diagram_boxes",
    "draw_toc_diagram",
    "figure_bytes",
    "likert_chart",
    "new_figure",
    "place_label",
    "reach_chart",
    "save_figure",
    "svg_commas",
    "themes_chart",
    "value_map_chart",
    "wrap_text",
]


# --------------------------------------------------------------------------------------
# Figures: making and saving
# --------------------------------------------------------------------------------------
def new_figure(*, figsize: tuple[float, float], layout: str | None = None) -> Figure:
    """A figure for the package's charts, closed in pyplot at once.

    Created through pyplot so that a notebook's backend (inline) knows how to show it,
    then closed so that pyplot keeps no reference: returned as the last expression of a
    cell, it is shown exactly once; elsewhere it is freed with its last reference. Its
    canvas can always measure text (Agg), which the diagram's layout needs.
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plt.figure(figsize=figsize, dpi=100, layout=layout)
    plt.close(fig)
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig


def figure_bytes(
    fig: Figure, fmt: str = "png", *, dpi: int = 150, title: str = "", description: str = ""
) -> bytes:
    """The figure as a PNG or SVG file, with its title and alternative text as metadata.

    SVG files are reproducible (no date, fixed ids) and their coordinates are separated by
    commas (:func:`svg_commas`).
    """
    import matplotlib

    if fmt not in ("png", "svg"):
        raise ValueError(f"`fmt` doit être « png » ou « svg », pas {fmt!r}.")
    meta: dict[str, Any] = {"Title": title, "Description": description}
    if fmt == "png":
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata=meta)
        return buffer.getvalue()
    meta["Date"] = None
    text = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "sizeup"}):
        fig.savefig(text, format="svg", dpi=dpi, metadata=meta)
    return svg_commas(text.getvalue()).encode("utf-8")


def save_figure(
    fig: Figure,
    path: str | os.PathLike,
    *,
    fmt: str | None = None,
    dpi: int = 150,
    title: str = "",
    description: str = "",
    error: type[SizeUpError] = WorkspaceError,
) -> Path:
    """Write the figure atomically to ``path``, as PNG or SVG.

    Parameters
    ----------
    fig
        The figure.
    path
        The file to write; never inside the shipped samples.
    fmt
        ``"png"`` or ``"svg"``; by default from the suffix of ``path`` (PNG unless
        ``.svg``).
    dpi
        Resolution of a PNG.
    title, description
        The file's metadata: a title and an alternative text that says what the figure
        shows.
    error
        The error class raised, in French, for a path inside the shipped samples.

    Returns
    -------
    Path
        The file written.
    """
    from .workspace import atomic_path, is_sample

    target = Path(path)
    if is_sample(target):
        raise error(
            f"Écriture refusée : « {target} » est dans les structures d'exemple (data/samples), "
            "qui restent inchangées. Enregistrez dans l'espace de travail ou les sorties."
        )
    if fmt is None:
        fmt = "svg" if target.suffix.lower() == ".svg" else "png"
    data = figure_bytes(fig, fmt, dpi=dpi, title=title, description=description)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


_SVG_NUMBERS_ATTR = re.compile(r'\b(d|transform|viewBox|points)="([^"]*)"')
_BETWEEN_NUMBERS = re.compile(r"(?<=\d)\s+(?=[-\d.])")


def svg_commas(text: str) -> str:
    """Separate the numbers of SVG geometry by commas (valid SVG, same drawing).

    Coordinates separated by spaces can read like a French phone number (« 06 34 38 29
    52 ») to the privacy scans of the outputs; commas keep each number on its own.
    """
    return _SVG_NUMBERS_ATTR.sub(
        lambda m: f'{m.group(1)}="{_BETWEEN_NUMBERS.sub(",", m.group(2))}"', text
    )


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------
def wrap_text(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters, spaces collapsed, words kept whole."""
    return textwrap.fill(" ".join(text.split()), width=width, break_on_hyphens=False)


def place_label(
    fig: Figure,
    ax: Any,
    label: str,
    point: tuple[float, float],
    placed: list,
    *,
    middle: float = 3.5,
) -> Any:
    """Draw ``label`` beside ``point`` where it overlaps no label already placed.

    Tries the side facing the middle of the chart first (points right of ``middle``, in
    data coordinates, get their label on their left), then the other side, then above and
    below; a label that finds no free place keeps the first side. Returns the label's
    extent in pixels, to pass in ``placed`` for the next labels.
    """
    right_half = point[0] >= middle  # labels left of points in the right half stay inside
    sides = [(-9, 0, "right", "center"), (9, 0, "left", "center")]
    if not right_half:
        sides.reverse()
    sides += [
        (0, 12, "center", "bottom"),
        (0, -12, "center", "top"),
        (-9, 18, "right", "bottom"),
        (9, -18, "left", "top"),
    ]
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    chosen = None
    for dx, dy, ha, va in sides:
        text = ax.annotate(
            label,
            point,
            xytext=(dx, dy),
            textcoords="offset points",
            va=va,
            ha=ha,
            fontsize=8.5,
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
        box = text.get_window_extent(renderer)
        inside = (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        )
        if inside and not any(box.overlaps(other) for other in placed):
            if chosen is not None:
                chosen[0].remove()
            return box
        if chosen is None:
            chosen = (text, box)  # kept if no place is free
        else:
            text.remove()
    return chosen[1]


# --------------------------------------------------------------------------------------
# The theory-of-change diagram
# --------------------------------------------------------------------------------------
_COLUMNS = (
    ("activite", None, "Activités"),
    ("realisation", None, "Réalisations"),
    ("effet", "court", "Effets à court terme"),
    ("effet", "moyen", "Effets à moyen terme"),
    ("effet", "long", "Effets à long terme"),
    ("impact", None, "Impact"),
)
# Okabe-Ito colours (colour-blind safe): light fill, full-colour edge, black text
_STYLE = {
    ("activite", None): ("#FBE3B0", "#E69F00"),
    ("realisation", None): ("#D4ECFA", "#56B4E9"),
    ("effet", "court"): ("#D5F0E8", "#009E73"),
    ("effet", "moyen"): ("#A6DDCB", "#009E73"),
    ("effet", "long"): ("#7ACBB3", "#006B4F"),
    ("impact", None): ("#F6CDB0", "#D55E00"),
}
_HYP_STYLE = ("#F0E442", "#000000")
_NEGATIVE_STYLE = ("#F3D7E6", "#CC79A7")  # reddish purple: an effect for the worse
_UNEXPECTED_LINE = (0, (4, 2))  # dashed edge: an effect nobody intended
_GID_BOX = "toc-box:"
_GID_LABEL = "toc-label:"


def _order_columns(columns: list[list[Element]], links: tuple[Link, ...]) -> list[list[Element]]:
    """Reduce crossings: sort each column by the mean rank of its neighbours (barycentre)."""
    col_of = {e.id: c for c, col in enumerate(columns) for e in col}
    preds: dict[str, list[str]] = {}
    succs: dict[str, list[str]] = {}
    for lk in links:
        if lk.source in col_of and lk.target in col_of and col_of[lk.source] != col_of[lk.target]:
            preds.setdefault(lk.target, []).append(lk.source)
            succs.setdefault(lk.source, []).append(lk.target)

    def ranks() -> dict[str, float]:
        return {e.id: (i + 0.5) / len(col) for col in columns for i, e in enumerate(col)}

    def sort(c: int, neighbours: dict[str, list[str]]) -> None:
        pos = ranks()
        col = columns[c]
        keyed = []
        for i, e in enumerate(col):
            ns = [pos[n] for n in neighbours.get(e.id, [])]
            keyed.append((sum(ns) / len(ns) if ns else pos[e.id], i, e))
        columns[c] = [e for *_, e in sorted(keyed, key=lambda t: (t[0], t[1]))]

    for _ in range(2):
        for c in range(1, len(columns)):
            sort(c, preds)
        for c in range(len(columns) - 2, -1, -1):
            sort(c, succs)
    for c in range(1, len(columns)):
        sort(c, preds)
    return columns


def draw_toc_diagram(
    toc: TheoryOfChange, *, title: str | None = None, wrap: int = 26, fontsize: float = 9.0
) -> Figure:
    """Draw a theory of change as columns from activities to impact (not saved).

    Pure matplotlib (no Graphviz). Columns: activités, réalisations, effets à court, moyen
    and long terme (empty columns are left out), impact. Each box shows the id and the
    wrapped label, and is sized to its text; boxes never overlap (the figure grows with the
    number of elements, so text keeps its size from 5 to 40 elements and more). Links with
    an assumption carry a yellow marker ``H1``, ``H2``… listed under the diagram with their
    text. Colours are from the Okabe-Ito palette (colour-blind safe), and the column titles
    say the kind of each box, so colour is never the only cue. A negative outcome has a pink
    box and an unintended one a dashed edge; both carry their nature in words under the
    label (« [négatif] », « [non attendu] ») and a note under the diagram says so.

    :func:`~sizeup_helpers.theory_of_change.draw_theory_of_change` checks the theory of
    change, calls this function and saves the figure with its alternative text.

    Parameters
    ----------
    toc
        The theory of change (:class:`~sizeup_helpers.theory_of_change.TheoryOfChange`).
    title
        Title above the diagram (default « Théorie du changement »).
    wrap
        Characters per line in the boxes.
    fontsize
        Font size of the boxes, in points.

    Returns
    -------
    matplotlib.figure.Figure
        Closed in pyplot (see :func:`new_figure`).
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    fig = new_figure(figsize=(8, 4))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    renderer = fig.canvas.get_renderer()
    px_per_in = fig.dpi

    def measure(artist: Any) -> tuple[float, float]:
        ext = artist.get_window_extent(renderer)
        return ext.width / px_per_in, ext.height / px_per_in

    columns: list[list[Element]] = []
    headers: list[tuple[str, str | None, str]] = []
    for kind, horizon, header in _COLUMNS:
        col = [
            e for e in toc.elements if e.kind == kind and (horizon is None or e.horizon == horizon)
        ]
        if col:
            columns.append(col)
            headers.append((kind, horizon, header))
    columns = _order_columns(columns, toc.links)

    pad_x, pad_y, v_gap, col_gap, margin = 0.12, 0.09, 0.2, 0.85, 0.35
    texts: dict[str, Any] = {}
    sizes: dict[str, tuple[float, float]] = {}
    for col in columns:
        for e in col:
            tag = f"\n[{e.flagged}]" if e.kind == "effet" and e.flagged else ""
            t = ax.text(
                0,
                0,
                wrap_text(f"{e.id} · {e.label}", wrap) + tag,
                fontsize=fontsize,
                ha="center",
                va="center",
                multialignment="center",
                zorder=4,
                gid=_GID_LABEL + e.id,
            )
            texts[e.id] = t
            sizes[e.id] = measure(t)
    col_w = [max(max(sizes[e.id][0] for e in col) + 2 * pad_x, 1.5) for col in columns]
    box_h = {k: h + 2 * pad_y for k, (_, h) in sizes.items()}
    col_h = [sum(box_h[e.id] for e in col) + v_gap * (len(col) - 1) for col in columns]
    width = 2 * margin + sum(col_w) + col_gap * max(len(columns) - 1, 0)
    width = max(width, 6.0)
    chars_line = max(int(width * 72 / (fontsize * 0.6)), 40)

    # top: title, problem, column headers
    y = margin
    title_t = ax.text(
        margin,
        y,
        title or "Théorie du changement",
        fontsize=fontsize + 5,
        weight="bold",
        ha="left",
        va="top",
    )
    y += measure(title_t)[1] + 0.12
    if toc.problem:
        prob_t = ax.text(
            margin,
            y,
            wrap_text(f"Problème visé : {toc.problem}", chars_line),
            fontsize=fontsize + 1,
            ha="left",
            va="top",
            style="italic",
        )
        y += measure(prob_t)[1] + 0.2
    header_top = y
    header_h = 0.0
    x = margin
    col_x: list[float] = []
    for (kind, horizon, header), w in zip(headers, col_w, strict=True):
        col_x.append(x)
        h_t = ax.text(
            x + w / 2,
            header_top,
            wrap_text(header, max(int(w * 72 / (fontsize * 0.58)), 8)),
            fontsize=fontsize + 1,
            weight="bold",
            ha="center",
            va="top",
            multialignment="center",
            color=_STYLE[(kind, horizon)][1] if kind != "effet" else "#006B4F",
        )
        header_h = max(header_h, measure(h_t)[1])
        x += w + col_gap
    body_top = header_top + header_h + 0.2
    body_h = max(col_h) if col_h else 0.0

    boxes: dict[str, tuple[float, float, float, float]] = {}  # id -> x0, y0 (top), w, h
    for c, col in enumerate(columns):
        kind, horizon, _ = headers[c]
        fill, edge = _STYLE[(kind, horizon)]
        yy = body_top + (body_h - col_h[c]) / 2
        for e in col:
            h = box_h[e.id]
            x0 = col_x[c]
            boxes[e.id] = (x0, yy, col_w[c], h)
            negative = kind == "effet" and e.negative
            ax.add_artist(
                FancyBboxPatch(
                    (x0, yy),
                    col_w[c],
                    h,
                    boxstyle="round,pad=0,rounding_size=0.06",
                    facecolor=_NEGATIVE_STYLE[0] if negative else fill,
                    edgecolor=_NEGATIVE_STYLE[1] if negative else edge,
                    linewidth=1.4 if kind == "impact" or negative else 1.0,
                    linestyle=_UNEXPECTED_LINE if kind == "effet" and not e.expected else "-",
                    zorder=3,
                    gid=_GID_BOX + e.id,
                )
            )
            texts[e.id].set_position((x0 + col_w[c] / 2, yy + h / 2))
            yy += h + v_gap
    if not columns:
        ax.text(
            margin,
            body_top,
            "Théorie du changement vide : ajoutez des activités, des effets et l'impact.",
            fontsize=fontsize + 1,
            ha="left",
            va="top",
        )
        body_h = 0.4

    # free horizontal channels of each column: above, between and below its boxes
    channels: list[list[float]] = []
    for col in columns:
        tops = [boxes[e.id][1] for e in col]
        bottoms = [boxes[e.id][1] + boxes[e.id][3] for e in col]
        channels.append([tops[0] - v_gap / 2] + [b + v_gap / 2 for b in bottoms])

    # arrows and assumption markers
    col_of = {e.id: c for c, col in enumerate(columns) for e in col}
    hypotheses: list[tuple[str, Link]] = []
    arm = 0.28
    for k, lk in enumerate(toc.links):
        if lk.source not in boxes or lk.target not in boxes:
            continue
        sx, sy, sw, sh = boxes[lk.source]
        tx, ty, tw, th = boxes[lk.target]
        c0, c1 = col_of[lk.source], col_of[lk.target]
        start = (sx + sw, sy + sh / 2)
        arrow_style = {
            "arrowstyle": "-|>",
            "mutation_scale": 11,
            "color": "#3A3A3A",
            "linewidth": 0.9,
            "zorder": 2,
        }
        if c0 == c1:  # two outcomes of the same horizon: a bracket on the right
            end = (tx + tw, ty + th / 2)
            style = f"arc,angleA=0,angleB=0,armA={arm * 72:.0f},armB={arm * 72:.0f},rad=6"
            ax.add_artist(
                FancyArrowPatch(
                    start, end, connectionstyle=style, shrinkA=0, shrinkB=1, **arrow_style
                )
            )
            mark = (sx + sw + arm, (start[1] + end[1]) / 2)
        else:
            end = (tx, ty + th / 2)
            # a link skipping columns goes through the free space between their boxes
            verts = [start]
            for c in range(c0 + 1, c1):
                x_mid = col_x[c] + col_w[c] / 2
                y_line = start[1] + (end[1] - start[1]) * (x_mid - start[0]) / (end[0] - start[0])
                yc = min(channels[c], key=lambda v, y_line=y_line: abs(v - y_line))
                verts += [(col_x[c] - col_gap * 0.3, yc), (col_x[c] + col_w[c] + col_gap * 0.3, yc)]
            verts.append(end)
            ax.add_artist(FancyArrowPatch(path=MplPath(verts), **arrow_style))
            frac = 0.35 if k % 2 else 0.6
            (x_a, y_a), (x_b, y_b) = verts[0], verts[1]
            mx = x_a + (x_b - x_a) * frac if c1 > c0 + 1 else sx + sw + col_gap * frac
            mark = (mx, y_a + (y_b - y_a) * (mx - x_a) / (x_b - x_a))
        if lk.assumption:
            label = f"H{len(hypotheses) + 1}"
            hypotheses.append((label, lk))
            ax.text(
                *mark,
                label,
                fontsize=fontsize - 2,
                ha="center",
                va="center",
                zorder=5,
                gid=f"toc-hyp:{lk.name}",
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": _HYP_STYLE[0],
                    "edgecolor": _HYP_STYLE[1],
                    "linewidth": 0.6,
                },
            )

    y = body_top + body_h + 0.35
    notes = [
        text
        for text, present in (
            (
                "cases roses marquées [négatif] : effets négatifs",
                any(e.negative for e in toc.outcomes),
            ),
            (
                "bord en pointillés, [non attendu] : effets non attendus",
                any(not e.expected for e in toc.outcomes),
            ),
        )
        if present
    ]
    if notes:
        note_t = ax.text(
            margin,
            y,
            wrap_text("Légende : " + " ; ".join(notes) + ".", chars_line),
            fontsize=fontsize,
            ha="left",
            va="top",
            style="italic",
        )
        y += measure(note_t)[1] + 0.25
    if hypotheses:
        lines = [
            wrap_text(f"{h} ({lk.name}) : {lk.assumption}", chars_line) for h, lk in hypotheses
        ]
        head_t = ax.text(
            margin,
            y,
            "Hypothèses sur les liens",
            fontsize=fontsize + 1,
            weight="bold",
            ha="left",
            va="top",
        )
        y += measure(head_t)[1] + 0.08
        hyp_t = ax.text(
            margin, y, "\n".join(lines), fontsize=fontsize, ha="left", va="top", linespacing=1.35
        )
        y += measure(hyp_t)[1]
    height = y + margin
    fig.set_size_inches(width, height)
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    return fig


def diagram_boxes(fig: Figure) -> pd.DataFrame:
    """The boxes of a diagram drawn by :func:`draw_toc_diagram`, as the renderer sees them.

    Returns
    -------
    pandas.DataFrame
        One row per element: ``element`` (id), ``text`` (the text drawn in the box, lines
        joined by spaces), then the box and the text extents in display pixels:
        ``box_x0, box_y0, box_x1, box_y1, text_x0, text_y0, text_x1, text_y1``.
        Tests use it to check that every label is drawn inside its box and that no two
        boxes overlap.
    """
    import pandas as pd

    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = {
        p.get_gid()[len(_GID_BOX) :]: p.get_window_extent(renderer)
        for p in ax.patches
        if (p.get_gid() or "").startswith(_GID_BOX)
    }
    rows = []
    for t in ax.texts:
        gid = t.get_gid() or ""
        if not gid.startswith(_GID_LABEL):
            continue
        el = gid[len(_GID_LABEL) :]
        b = boxes[el]
        te = t.get_window_extent(renderer)
        rows.append(
            (el, " ".join(t.get_text().split()), b.x0, b.y0, b.x1, b.y1, te.x0, te.y0, te.x1, te.y1)
        )
    return pd.DataFrame(
        rows,
        columns=[
            "element",
            "text",
            "box_x0",
            "box_y0",
            "box_x1",
            "box_y1",
            "text_x0",
            "text_y0",
            "text_x1",
            "text_y1",
        ],
    )


# --------------------------------------------------------------------------------------
# Step 11: the tornado chart of the SROI's sensitivity analysis
# --------------------------------------------------------------------------------------
def tornado_chart(table: pd.DataFrame, *, base_ratio: float) -> Figure:
    """Tornado chart of a sensitivity table (:func:`sizeup_helpers.valuation.sensitivity`).

    One horizontal bar per assumption, the largest swing on top, from the ratio at the low
    value to the ratio at the high value, around a vertical line at the central ratio and a
    dashed line at 1 (the value created equals the investment). French labels; the
    figure's label (``fig.get_label()``) is its French alternative text, used as the PNG's
    description by :func:`save_figure`. An empty table gives a figure that says so.
    """
    from . import french

    rows = table.to_dict("records")[::-1]
    fig = new_figure(figsize=(7.5, 0.5 * max(len(rows), 2) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "Pas d'analyse de sensibilité", ha="center", va="center")
        ax.set_axis_off()
        fig.set_label("Analyse de sensibilité vide : aucun ratio n'a été calculé.")
        return fig
    for i, row in enumerate(rows):
        low, high = sorted((row["ratio_low"], row["ratio_high"]))
        ax.barh(i, high - low, left=low, height=0.6, color="#56B4E9", edgecolor="#0072B2")
    ax.set_yticks(range(len(rows)), [str(r["label"]).capitalize() for r in rows])
    ax.axvline(base_ratio, color="#000000", linewidth=1.2)
    ax.axvline(1, color="#D55E00", linewidth=1.2, linestyle="--")
    ax.set_xlabel("Ratio SROI (€ de valeur sociale pour 1 € engagé)")
    ax.xaxis.set_major_formatter(lambda x, _pos: french.decimal(x, 1))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(
        f"Sensibilité du ratio (valeur centrale {french.decimal(base_ratio, 2)} ; "
        "tirets : ratio de 1)",
        loc="left",
        fontsize=10,
    )
    parts = [
        f"{r['label']} de {french.decimal(min(r['ratio_low'], r['ratio_high']), 2)} à "
        f"{french.decimal(max(r['ratio_low'], r['ratio_high']), 2)}"
        for r in rows[::-1]
    ]
    fig.set_label(
        f"Graphique en tornade : ratio SROI central de {french.decimal(base_ratio, 2)} ; "
        "quand une hypothèse varie seule, le ratio va, pour " + " ; ".join(parts) + "."
    )
    return fig


# --------------------------------------------------------------------------------------
# Step 09: the diverging stacked bar chart of an ordinal answer before and after
# --------------------------------------------------------------------------------------
#: Colour-blind-safe diverging colours (Okabe-Ito) by number of levels, lowest first.
_LIKERT_COLOURS = {
    2: ["#D55E00", "#0072B2"],
    3: ["#D55E00", "#BBBBBB", "#0072B2"],
    4: ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"],
    5: ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"],
}


def likert_chart(distribution: pd.DataFrame, *, title: str = "", question: str = "") -> Figure:
    """Diverging stacked bar chart of an ordinal answer, one bar per moment (before, after).

    ``distribution`` is the tidy frame of
    :func:`sizeup_helpers.before_after.likert_distribution` (``moment``, ``level``,
    ``rank``, ``people``, ``share``). The levels below the middle go left of zero, those
    above go right, a middle level (odd scales) is split across zero, so the bars line up
    on the neutral point; shares of 8 % or more are written in their segment. Colours are
    colour-blind safe (Okabe-Ito, or ColorBrewer's PuOr past five levels). The title states
    the finding (the share of the upper levels at each moment) unless ``title`` is given;
    the figure's label (``fig.get_label()``) is its French alternative text, used as the
    PNG's description by :func:`save_figure`. An empty frame gives a figure that says so.
    """
    import matplotlib

    from . import french

    fig = new_figure(figsize=(8, 1.1 * max(distribution["moment"].nunique(), 2) + 1.6))
    ax = fig.add_subplot()
    what = f"« {question} »" if question else "la question"
    if distribution.empty or distribution["people"].sum() == 0:
        ax.text(0.5, 0.5, "Aucune réponse à représenter", ha="center", va="center")
        ax.set_axis_off()
        fig.set_label(f"Graphique vide : aucune réponse à {what}.")
        return fig
    moments = list(dict.fromkeys(distribution["moment"]))
    levels = distribution.sort_values("rank").drop_duplicates("rank")["level"].tolist()
    k = len(levels)
    colours = _LIKERT_COLOURS.get(k) or [
        matplotlib.colors.to_hex(matplotlib.colormaps["PuOr"](i / (k - 1))) for i in range(k)
    ]
    middle = (k + 1) / 2
    tops, described = [], []
    for y, moment in enumerate(moments[::-1]):
        part = distribution[distribution["moment"] == moment].sort_values("rank")
        shares = part["share"].fillna(0).tolist()
        left = -sum(s for r, s in zip(part["rank"], shares, strict=True) if r < middle)
        left -= sum(s for r, s in zip(part["rank"], shares, strict=True) if r == middle) / 2
        for i, share in enumerate(shares):
            ax.barh(y, share, left=left, height=0.6, color=colours[i], edgecolor="white")
            if share >= 0.08:
                dark = colours[i] in ("#D55E00", "#0072B2")
                ax.text(
                    left + share / 2,
                    y,
                    french.percent(share, 0),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if dark else "black",
                )
            left += share
        people = int(part["people"].sum())
        top = sum(s for r, s in zip(part["rank"], shares, strict=True) if r > k // 2 + k % 2)
        tops.append((moment, top))
        described.append(
            f"{moment} ({french.plural(people, 'personne', 'personnes')}) : "
            + ", ".join(
                f"{lv} {french.percent(s)}" for lv, s in zip(part["level"], shares, strict=True)
            )
        )
    labels = []
    for moment in moments[::-1]:
        n = int(distribution.loc[distribution["moment"] == moment, "people"].sum())
        labels.append(f"{moment}\n({french.plural(n, 'personne', 'personnes')})")
    ax.set_yticks(range(len(moments)), labels)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.xaxis.set_major_formatter(lambda x, _pos: french.percent(abs(x), 0))
    ax.set_xlabel("Part des personnes (niveaux bas à gauche, niveaux hauts à droite)")
    ax.spines[["top", "right", "left"]].set_visible(False)
    handles = [matplotlib.patches.Patch(color=c) for c in colours]
    ax.legend(
        handles,
        [wrap_text(str(lv), 18) for lv in levels],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.28),
        ncol=min(k, 5),
        frameon=False,
        fontsize=8,
    )
    upper = " et ".join(f"« {lv} »" for lv in levels[k // 2 + k % 2 :])
    if not title:
        title = f"Part de {upper} : " + ", ".join(f"{french.percent(t)} {m}" for m, t in tops[::-1])
    ax.set_title(title, loc="left", fontsize=10)
    fig.set_layout_engine("constrained")
    fig.set_label(
        f"Barres divergentes des réponses à {what}, du niveau le plus bas au plus haut ; "
        + " ; ".join(described[::-1])
        + "."
    )
    return fig


# --------------------------------------------------------------------------------------
# Step 10: the themes heard, in people
# --------------------------------------------------------------------------------------
def themes_chart(themes: pd.DataFrame) -> Figure:
    """Horizontal bars of the people who speak of each code (step 10's theme table).

    ``themes`` is :attr:`sizeup_helpers.qualitative.QualitativeAnalysis.themes` (``code``,
    ``libelle``, ``effet``, ``personnes``, ``segments``, ``suggestions``). Codes of an
    outcome are blue, the common codes (negative effects, counterfactual…) orange
    (Okabe-Ito); the unit, people, is on the axis, and the title says these counts are not
    a prevalence, and when they rest on suggestions not yet confirmed. The figure's label
    (``fig.get_label()``) is its French alternative text, used by :func:`save_figure`. A
    table where nobody speaks of any theme gives a figure that says so.
    """
    from . import french

    heard = themes[themes["personnes"].astype(int) > 0].sort_values("personnes")
    fig = new_figure(figsize=(8, 0.45 * max(len(heard), 2) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    if heard.empty:
        ax.text(0.5, 0.5, "Aucun thème repéré pour l'instant", ha="center", va="center")
        ax.set_axis_off()
        fig.set_label("Graphique vide : aucun passage ne porte encore de code.")
        return fig
    people = heard["personnes"].astype(int).tolist()
    colours = ["#0072B2" if str(e) else "#E69F00" for e in heard["effet"]]
    ax.barh(range(len(heard)), people, color=colours, height=0.6)
    labels = [wrap_text(str(lb), 40) for lb in heard["libelle"]]
    ax.set_yticks(range(len(heard)), labels, fontsize=8)
    for y, n in enumerate(people):
        ax.text(n, y, f" {french.integer(n)}", va="center", fontsize=8)
    ax.set_xlabel("Personnes qui en parlent (entretiens et réponses écrites)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    suggested = (themes["suggestions"] == "oui").any()
    ax.set_title(
        "Qui parle de quoi : des personnes, pas une fréquence"
        + (" (suggestions non confirmées)" if suggested else ""),
        loc="left",
        fontsize=10,
    )
    fig.set_label(
        "Barres horizontales du nombre de personnes qui évoquent chaque thème"
        + (", d'après des codes suggérés et non encore confirmés" if suggested else "")
        + " : "
        + " ; ".join(
            f"{lb} {french.plural(n, 'personne', 'personnes')}"
            for lb, n in zip(heard["libelle"][::-1], people[::-1], strict=True)
        )
        + "."
    )
    return fig


# --------------------------------------------------------------------------------------
# Step 09: who was reached, in people (the funnel, or people per table)
# --------------------------------------------------------------------------------------
def reach_chart(
    funnel: pd.DataFrame, reach: pd.DataFrame, *, small_cell_threshold: int = 11
) -> Figure:
    """Horizontal bars of the people at each stage of the funnel, or per table without one.

    ``funnel`` is :func:`sizeup_helpers.reach.reach_funnel` (``etape``, ``personnes``),
    used when it has rows; otherwise ``reach`` is :func:`sizeup_helpers.reach.reach_by_table`
    (``table``, ``personnes``). A count under ``small_cell_threshold`` people (11 by
    default, the « règle des petits effectifs » of the SNDS applied at the CNIL's request,
    see :func:`sizeup_helpers.privacy.suppress_small_cells`) is
    neither drawn nor written: its bar is left out and marked « moins de 11 personnes ».
    The unit, people, is on the axis; the figure's label (``fig.get_label()``) is its
    French alternative text, used by :func:`save_figure`. Without either table, a figure
    says so.
    """
    from . import french

    if len(funnel) and {"etape", "personnes"} <= set(funnel.columns):
        labels, people = funnel["etape"].astype(str).tolist(), funnel["personnes"].tolist()
        title, kind = "Entonnoir de la portée, en personnes", "Entonnoir de la portée"
    elif len(reach) and {"table", "personnes"} <= set(reach.columns):
        labels = [f"personnes dans « {t} »" for t in reach["table"].astype(str)]
        people = reach["personnes"].tolist()
        title, kind = "Personnes distinctes par table", "Personnes distinctes par table"
    else:
        labels, people = [], []
    fig = new_figure(figsize=(8, 0.5 * max(len(labels), 2) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    if not labels:
        ax.text(0.5, 0.5, "Aucune personne comptée pour l'instant", ha="center", va="center")
        ax.set_axis_off()
        fig.set_label("Graphique vide : aucune table ne nomme de personnes (personne_id).")
        return fig
    hidden = f"moins de {french.integer(small_cell_threshold)} personnes"
    counts = [int(n) for n in people]
    described = []
    for y, (label, n) in enumerate(zip(labels[::-1], counts[::-1], strict=True)):
        if n < small_cell_threshold:
            ax.text(0, y, f" {hidden} (masqué)", va="center", fontsize=8, color="#555555")
            described.append(f"{label} : {hidden}")
            continue
        ax.barh(y, n, height=0.6, color="#0072B2")
        ax.text(n, y, f" {french.integer(n)}", va="center", fontsize=8)
        described.append(f"{label} : {french.plural(n, 'personne', 'personnes')}")
    ax.set_yticks(range(len(labels)), [wrap_text(lb.capitalize(), 40) for lb in labels[::-1]])
    ax.set_xlabel("Personnes")
    ax.set_xlim(0, max(max(counts), small_cell_threshold) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.set_major_formatter(lambda x, _pos: french.integer(x))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(
        f"{title} (effectifs de moins de {small_cell_threshold} masqués)", loc="left", fontsize=10
    )
    fig.set_label(f"{kind}, en barres horizontales : " + " ; ".join(described[::-1]) + ".")
    return fig


# --------------------------------------------------------------------------------------
# Step 11: the non-monetised value map, score by outcome
# --------------------------------------------------------------------------------------
def value_map_chart(values: pd.DataFrame) -> Figure:
    """Horizontal bars of each outcome's score in the non-monetised value map.

    ``values`` is :func:`sizeup_helpers.valuation.value_map` (``stakeholder``,
    ``outcome``, ``weight``, ``score``, ``share``): the score is the adjusted quantity of
    people times the weight the stakeholders give the outcome (formula and sources in
    :func:`sizeup_helpers.valuation.value_map`). The largest score is on top, each
    bar says its share of the total; the figure's label (``fig.get_label()``) is its French
    alternative text, used by :func:`save_figure`. An empty map gives a figure that says so.
    """
    from . import french

    rows = values.to_dict("records")[::-1] if len(values) else []
    fig = new_figure(figsize=(8, 0.5 * max(len(rows), 2) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "Carte de valeur vide", ha="center", va="center")
        ax.set_axis_off()
        fig.set_label("Graphique vide : la carte de valeur n'a encore aucun effet.")
        return fig
    scores = [float(r["score"]) for r in rows]
    ax.barh(range(len(rows)), scores, height=0.6, color="#009E73")
    for y, r in enumerate(rows):
        ax.text(
            float(r["score"]),
            y,
            f" {french.percent(float(r['share']), 0)}",
            va="center",
            fontsize=8,
        )
    labels = [wrap_text(str(r["outcome"]).capitalize(), 40) for r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_xlabel("Score (personnes après ajustements × poids)")
    ax.set_xlim(0, max(max(scores), 1) * 1.15)
    ax.xaxis.set_major_formatter(lambda x, _pos: french.decimal(x, 0))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Carte de valeur non monétisée : poids de chaque effet", loc="left", fontsize=10)
    fig.set_label(
        "Barres horizontales du score de chaque effet (personnes après ajustements × poids) : "
        + " ; ".join(
            f"{r['outcome']} {french.decimal(float(r['score']), 1)}, soit "
            f"{french.percent(float(r['share']))} du total"
            for r in rows[::-1]
        )
        + "."
    )
    return fig

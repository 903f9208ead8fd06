"""Step 12: the one-page Demo Day summary (PNG and PDF, A4 landscape).

:func:`save_demo_day_summary` draws one page with matplotlib and writes it twice, as
``12-restitution/synthese-demo-day.png`` (to project) and ``synthese-demo-day.pdf`` (to
print), from the same figure:

- the structure's name and year (and « données fictives » for a sample);
- the theory of change in brief: the problem, what the structure does, what it produces,
  the outcomes it expects and the impact (``theorie-du-changement.yml``, step 02);
- three to five key results, each with its level of evidence and how many people it rests
  on (:func:`sizeup_helpers.claims.key_findings`; figures under the small-cell threshold
  are never shown: a hidden finding is left out of the page);
- one chart, from data steps 09 and 11 saved: the reach funnel (``entonnoir.csv``) or the
  people per table (``portee.csv``), counts under the threshold left out; else the value
  map (``carte-de-valeur.csv``);
- « Ce que nous ne pouvons pas dire », in one sentence
  (:func:`sizeup_helpers.claims.cannot_say`).

The Avise framing « promesse, preuve, appropriation » (Avise / La Fonda / Labo de l'ESS,
2019) orders the page: the promise (theory of change), the proof (results, their level of
evidence), and its limits. Every text is wrapped and measured with the renderer so it
stays inside its column; what would not fit is cut at a whole item. The files carry a
title and an alternative text, no author, no date, no path: two runs write the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import SizeUpError
from .reading import Reading

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .workspace import Workspace

__all__ = [
    "PAGE_SIZE",
    "PDF_FILE",
    "PNG_FILE",
    "demo_day_figure",
    "explain_demo_day_summary",
    "save_demo_day_summary",
    "texts_outside",
]

STEP = "12"
PNG_FILE = "synthese-demo-day.png"
PDF_FILE = "synthese-demo-day.pdf"
PAGE_SIZE = (11.69, 8.27)
"""A4 landscape, in inches."""
DPI = 150
"""PNG resolution: 1 754 × 1 240 pixels."""
MAX_FINDINGS = 5
MIN_FINDINGS = 3
TITLE = "Synthèse Demo Day"

NBSP = "\u00a0"
_BLUE = "#0072B2"
_GREEN = "#009E73"
_GREY = "#555555"
_LIGHT = "#EEF4FA"


# --------------------------------------------------------------------------------------
# Text that fits: a column filled from the top, measured with the renderer
# --------------------------------------------------------------------------------------
@dataclass
class _Column:
    """A rectangle of the page (figure fractions) filled with wrapped texts, top down."""

    fig: Any
    left: float
    right: float
    top: float
    bottom: float
    y: float = 0.0
    full: bool = False
    texts: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.y = self.top

    def _width_px(self) -> float:
        return (self.right - self.left) * self.fig.bbox.width

    def add(
        self,
        text: str,
        *,
        size: float = 9.0,
        weight: str = "normal",
        color: str = "black",
        indent: float = 0.0,
        gap: float = 0.006,
        max_lines: int | None = None,
    ) -> bool:
        """Place ``text`` wrapped to the column's width; ``False`` (nothing placed) when it
        would go below the column's bottom."""
        if self.full or not text:
            return not self.full
        text = _unbroken(text)
        renderer = self.fig.canvas.get_renderer()
        x = self.left + indent
        width_px = (self.right - x) * self.fig.bbox.width
        chars = max(int(width_px / (size * self.fig.dpi / 72 * 0.55)), 10)
        while True:
            wrapped = _wrap(text, chars)
            if max_lines is not None and wrapped.count("\n") >= max_lines:
                lines = wrapped.split("\n")[:max_lines]
                wrapped = "\n".join(lines).rstrip(" ,;:.") + " …"
            artist = self.fig.text(
                x, self.y, wrapped, ha="left", va="top", fontsize=size, weight=weight,
                color=color, linespacing=1.25,
            )  # fmt: skip
            box = artist.get_window_extent(renderer)
            if box.width <= width_px + 0.5 or chars <= 10:
                break
            artist.remove()
            chars = max(int(chars * 0.92), 10)
        low = box.y0 / self.fig.bbox.height
        if low < self.bottom:
            artist.remove()
            self.full = True
            return False
        self.texts.append(artist)
        self.y = low - gap
        return True


def texts_outside(fig: Figure) -> list[str]:
    """The texts of ``fig`` whose drawn extent leaves the page (empty when all fit)."""
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    out = []
    for artist in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize")):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        box = artist.get_window_extent(renderer)
        if (
            box.x0 < page.x0 - 0.5
            or box.y0 < page.y0 - 0.5
            or box.x1 > page.x1 + 0.5
            or box.y1 > page.y1 + 0.5
        ):
            out.append(artist.get_text())
    return out


# --------------------------------------------------------------------------------------
# What the page says
# --------------------------------------------------------------------------------------
def _wrap(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters; a non-breaking space never breaks
    (unlike :func:`sizeup_helpers.plots.wrap_text`, which collapses every space)."""
    import re
    import textwrap

    flat = re.sub(r"[ \t\r\n]+", " ", _unbroken(text)).strip()
    return textwrap.fill(flat, width=width, break_on_hyphens=False)


def _joined(labels: Any) -> str:
    return f"{NBSP}; ".join(labels)


def _unbroken(text: str) -> str:
    """Non-breaking spaces inside « guillemets », so a wrap never leaves one alone."""
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def _toc_lines(ws: Workspace) -> list[tuple[str, str]]:
    from .theory_of_change import load_theory_of_change, toc_path

    if not toc_path(ws).is_file():
        return []
    try:
        toc = load_theory_of_change(ws)
    except SizeUpError:
        return []
    parts = [
        ("Le problème", toc.problem),
        ("Ce que nous faisons", _joined(e.label for e in toc.activities)),
        ("Ce que cela produit", _joined(e.label for e in toc.outputs)),
        ("Les changements attendus", _joined(e.label for e in toc.outcomes)),
        ("L'impact visé", toc.impact.label if toc.impact is not None else ""),
    ]
    return [(head, text) for head, text in parts if text]


def _findings(ws: Workspace, results: dict[str, Any]) -> list[Any]:
    from .claims import key_findings

    shown = [f for f in key_findings(ws, results) if not f.suppressed]
    return shown[:MAX_FINDINGS]


def _evidence_line(finding: Any) -> str:
    n = finding.n_text or "effectif non connu"
    return f"Niveau de preuve : {finding.level_of_evidence} · n = {n}"


def _cannot_say(ws: Workspace, results: dict[str, Any]) -> str:
    from .claims import cannot_say

    lines = cannot_say(ws, results)
    return lines[0] if lines else ""


def _threshold(ws: Workspace) -> int:
    from .claims import small_cell_threshold

    return small_cell_threshold(ws)


def _chart_data(ws: Workspace, threshold: int) -> tuple[str, list[str], list[float], str]:
    """(title, labels, values, unit) of the page's chart, from steps 09 then 11."""
    import pandas as pd

    from .quantitative import STEP as QUANTI_STEP

    def read(step: str, name: str) -> pd.DataFrame:
        path = ws.step_dir(step, create=False) / name
        if not path.is_file():
            return pd.DataFrame()
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except pd.errors.EmptyDataError:
            return pd.DataFrame()

    def people(table: pd.DataFrame, label: str, fmt: str) -> tuple[list[str], list[float]]:
        rows = [
            (fmt.format(r[label]), float(r["personnes"]))
            for r in table.to_dict("records")
            if str(r["personnes"]).replace(".", "", 1).isdigit()
        ]
        kept = [(lb, n) for lb, n in rows if n >= threshold]
        return [lb for lb, _ in kept], [n for _, n in kept]

    candidates = []
    funnel = read(QUANTI_STEP, "entonnoir.csv")
    if {"etape", "personnes"} <= set(funnel.columns):
        labels, values = people(funnel, "etape", "{}")
        candidates.append(("Portée : l'entonnoir, en personnes", labels, values, "personnes"))
    reach = read(QUANTI_STEP, "portee.csv")
    if {"table", "personnes"} <= set(reach.columns):
        labels, values = people(reach, "table", "dans « {} »")
        candidates.append(
            ("Portée : personnes distinctes par fichier", labels, values, "personnes")
        )
    # the funnel first, unless it has a single bar and the people per file say more
    for chart in sorted(candidates, key=lambda c: len(c[1]) < 2):
        if chart[1]:
            return chart
    from .valuation import VALUE_MAP_FILE

    value_map = read("11", VALUE_MAP_FILE)
    if {"effet", "score pondéré"} <= set(value_map.columns):
        rows = [
            (r["effet"], float(r["score pondéré"]))
            for r in value_map.to_dict("records")
            if r["score pondéré"] not in ("", None)
        ]
        rows = [(lb, v) for lb, v in rows if v > 0]
        if rows:
            return (
                "Carte de valeur : poids de chaque effet",
                [lb for lb, _ in rows],
                [v for _, v in rows],
                "score pondéré",
            )
    return "", [], [], ""


def _draw_chart(fig: Figure, rect: list[float], data: tuple, threshold: int) -> str:
    title, labels, values, unit = data
    ax = fig.add_axes(rect)
    if not labels:
        ax.set_axis_off()
        ax.text(
            0.5, 0.5, "Pas encore de données à représenter\n(carnets 09 et 11)",
            ha="center", va="center", fontsize=9, color=_GREY,
        )  # fmt: skip
        return "Pas de graphique : les carnets 09 et 11 n'ont rien enregistré à représenter."
    labels, values = labels[:6], values[:6]
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, values, height=0.6, color=_BLUE if unit == "personnes" else _GREEN)
    fmt = french.integer if unit == "personnes" else (lambda v: french.number(v, 1))
    for y, v in zip(ys, values, strict=True):
        ax.text(v, y, f" {fmt(v)}", va="center", fontsize=7.5)
    ticks = [_wrap(lb[:1].upper() + lb[1:], 28) for lb in labels]
    ax.set_yticks(ys, ticks, fontsize=7)
    ax.set_xlim(0, max(values) * 1.25)
    ax.xaxis.set_major_formatter(lambda x, _pos: french.integer(x))
    ax.tick_params(axis="x", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    note = f" (moins de {threshold} masqués)" if unit == "personnes" else ""
    ax.set_title(_wrap(title + note, 55), loc="left", fontsize=8.5, weight="bold")
    said = " ; ".join(f"{lb} : {fmt(v)} {unit}" for lb, v in zip(labels, values, strict=True))
    return f"{title} : {said}."


def demo_day_figure(ws: Workspace, results: dict[str, Any] | None = None) -> Figure:
    """The one-page summary as a matplotlib figure (A4 landscape, :data:`PAGE_SIZE`).

    The figure's label (``fig.get_label()``) is its French alternative text.
    """
    from matplotlib.patches import FancyBboxPatch

    from .plots import new_figure
    from .results import collect_results

    results = collect_results(ws) if results is None else results
    threshold = _threshold(ws)
    fig = new_figure(figsize=PAGE_SIZE)
    fig.set_dpi(DPI)
    margin = 0.035

    year = (ws.config.get("structure") or {}).get("annee")
    header = _Column(fig, margin, 1 - margin, 1 - margin, 0.86)
    header.add(ws.name, size=20, weight="bold", color=_BLUE, max_lines=1)
    sub = f"{TITLE}" + (f" · année {year}" if year else "")
    if ws.fictional:
        sub += " · données fictives"
    header.add(sub, size=10, color=_GREY, max_lines=1)

    # left: the promise (theory of change in brief)
    left = _Column(fig, margin, 0.38, 0.84, 0.13)
    fig.add_artist(
        FancyBboxPatch(
            (margin - 0.01, 0.12), 0.38 - margin + 0.02, 0.735,
            boxstyle="round,pad=0.004", transform=fig.transFigure,
            facecolor=_LIGHT, edgecolor="none", zorder=-1,
        )
    )  # fmt: skip
    left.add("La promesse : notre théorie du changement", size=11.5, weight="bold", gap=0.014)
    toc = _toc_lines(ws)
    if not toc:
        left.add("Théorie du changement à écrire (carnet 02).", size=9, color=_GREY)
    for i, (head, text) in enumerate(toc):
        if i and not left.add("↓", size=9, color=_BLUE, gap=0.002):
            break
        if not left.add(head, size=9, weight="bold", color=_BLUE, gap=0.002):
            break
        if not left.add(text, size=8.5, gap=0.008, max_lines=4):
            break

    # right, top: the proof (key results)
    right = _Column(fig, 0.42, 1 - margin, 0.84, 0.45)
    right.add("La preuve : résultats clés", size=11.5, weight="bold", gap=0.014)
    findings = _findings(ws, results)
    shown = []
    for f in findings:
        if len(shown) >= MIN_FINDINGS and right.y < 0.52:
            break
        placed = right.add("■  " + f.text, size=9, gap=0.002, max_lines=3)
        if not placed:
            break
        if not right.add(_evidence_line(f), size=7.5, color=_GREY, indent=0.018, gap=0.012):
            break
        shown.append(f)
    if not findings:
        right.add(
            "Aucun résultat chiffré publiable pour l'instant : exécutez les carnets 06 à 11.",
            size=9,
            color=_GREY,
        )

    # right, bottom: one chart
    chart = _draw_chart(fig, [0.6, 0.15, 0.36, 0.27], _chart_data(ws, threshold), threshold)

    # bottom: what we cannot say, one sentence
    limits = _Column(fig, margin, 1 - margin, 0.095, 0.02)
    limits.add("Ce que nous ne pouvons pas dire", size=9.5, weight="bold", color="#CC4400")
    limits.add(_cannot_say(ws, results) or "Rien à signaler.", size=8.5, gap=0.003, max_lines=2)

    described = [
        f"{TITLE} de {ws.name}.",
        "Théorie du changement : "
        + (" → ".join(text for _, text in toc) if toc else "à écrire")
        + ".",
        "Résultats clés : "
        + (" ".join(f"{f.text.rstrip('.')} ({_evidence_line(f)})." for f in shown) or "aucun."),
        chart,
    ]
    fig.set_label(" ".join(d.replace("..", ".") for d in described))
    return fig


# --------------------------------------------------------------------------------------
# Saving and reading it
# --------------------------------------------------------------------------------------
def save_demo_day_summary(ws: Workspace, results: dict[str, Any] | None = None) -> dict[str, Path]:
    """Write ``12-restitution/synthese-demo-day.png`` and ``synthese-demo-day.pdf``.

    One figure, two files: the PNG (150 dpi, 1 754 × 1 240 pixels) carries a title and the
    alternative text (``Description``); the PDF is one A4 landscape page with a title, no
    author, no date and no path, so two runs write the same bytes.

    Returns
    -------
    dict
        ``{"png": path, "pdf": path}``.
    """
    import io

    fig = demo_day_figure(ws, results)
    title = f"{TITLE} — {ws.name}"
    png = io.BytesIO()
    fig.savefig(
        png,
        format="png",
        dpi=DPI,
        metadata={"Title": title, "Description": fig.get_label(), "Software": None},
    )
    pdf = io.BytesIO()
    fig.savefig(
        pdf,
        format="pdf",
        metadata={
            "Title": title,
            "Subject": fig.get_label()[:500],
            "Author": None,
            "Creator": "Size Up",
            "Producer": None,
            "CreationDate": None,
            "ModDate": None,
        },
    )
    folder = ws.step_dir(STEP)
    return {
        "png": ws.write_bytes(folder / PNG_FILE, png.getvalue()),
        "pdf": ws.write_bytes(folder / PDF_FILE, pdf.getvalue()),
    }


def _png_description(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as image:
        return str(image.info.get("Description", ""))


def explain_demo_day_summary(paths: dict[str, Path]) -> Reading:
    """What :func:`save_demo_day_summary` wrote, in French, with what the page shows."""
    title = "Votre synthèse d'une page pour le Demo Day"
    png, pdf = paths.get("png"), paths.get("pdf")
    if not png or not Path(png).is_file():
        return Reading.of(
            ["Aucune synthèse n'est encore enregistrée : exécutez la cellule qui la crée."],
            title=title,
        )
    lines = [
        f"La page est enregistrée deux fois : {Path(png).name} pour la projeter et "
        + (f"{Path(pdf).name} pour l'imprimer (une page A4 paysage)." if pdf else "…"),
    ]
    description = _png_description(Path(png))
    count = description.count("Niveau de preuve :")
    if count:
        lines.append(
            f"Elle montre {french.plural(count, 'résultat clé', 'résultats clés')}, chacun "
            "avec son niveau de preuve et le nombre de personnes sur lequel il repose, à "
            "côté de votre théorie du changement en bref et d'un graphique."
        )
    else:
        lines.append(
            "Elle ne montre encore aucun résultat chiffré : seuls votre théorie du changement "
            "et ce que vous ne pouvez pas dire y figurent."
        )
    lines.append(
        "En bas, « ce que nous ne pouvons pas dire » : dites-le à l'oral aussi, c'est ce qui "
        "rend vos résultats crédibles."
    )
    return Reading.of(lines, title=title)

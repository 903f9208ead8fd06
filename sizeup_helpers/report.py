"""Step 12's report: one self-contained French HTML file, ``12-restitution/rapport.html``.

:func:`build_report` gathers what the earlier steps saved (never the raw files) and what
:mod:`sizeup_helpers.claims` may say about it: the structure, its theory of change (the
diagram of step 02), the evaluative questions (step 03/06), the method and the data used,
the results outcome by outcome (figures and words side by side, each claim with its level
of evidence), the valuation with its range (step 11), limits and precautions, « ce que nous
ne pouvons pas dire », the promise / proof / appropriation framing, the change since last
year when last year's ``results.json`` is given, and the next steps with next year's
collection plan (:mod:`sizeup_helpers.collection_plan`).

The file opens without internet: every image is embedded as a ``data:`` URI, there is no
script, no external style sheet, no web font and no link leaving the file; every image has
a French alternative text (the description each step wrote in its PNG). Its print style
sheet gives clean A4 pages: each chart is a ``<figure class="graphique">`` that never breaks
across pages and fits a page. Every text coming from data is escaped. Two builds on the same
deliverables give the same bytes (no date other than the workspace's year).

Sources for the structure of a restitution: Avise, « Évaluer l'impact social » (2022) and
guide du CSESS « Mesurer et évaluer son utilité sociale » (2011): say what was measured, how,
on whom, and what the evidence does not support; small cells under 11 people are not
published (SNDS small-numbers rule, see :mod:`sizeup_helpers.claims`).
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import claims as cl
from . import french
from .reading import Reading

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

STEP = "12"
REPORT_FILE = "rapport.html"
CHART_CLASS = "graphique"
"""The class of every chart's ``<figure>`` (the browser test looks for it)."""

SECTION_TITLES = {
    "structure": "La structure",
    "theorie-du-changement": "Sa théorie du changement",
    "questions": "Les questions évaluatives",
    "methode": "Méthode et données utilisées",
    "resultats": "Résultats, effet par effet",
    "valorisation": "La valorisation",
    "limites": "Limites et précautions",
    "ne-pas-dire": "Ce que nous ne pouvons pas dire",
    "promesse-preuve-appropriation": "Promesse, preuve, appropriation",
    "evolution": "Évolution par rapport à l'an dernier",
    "prochaines-etapes": "Prochaines étapes",
}
"""Section id → French heading, in the report's order (« evolution » only with last year)."""

_LEVEL_CLASS = {
    cl.COUNT: "comptage",
    cl.DECLARED: "declaratif",
    cl.BEFORE_AFTER: "avant-apres",
    cl.COMPARISON: "comparaison",
}

STYLE = """
:root { --encre: #1f2933; --doux: #52606d; --trait: #cbd2d9; --fond: #f5f7fa; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--encre); line-height: 1.5; max-width: 60rem; margin: 0 auto;
  padding: 1.5rem; font-size: 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid var(--trait); padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p.sous-titre { color: var(--doux); margin-top: 0; }
p.avertissement { background: #fff3c4; border-left: 4px solid #f0b429; padding: .5rem .8rem; }
nav.sommaire ol { columns: 2; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--trait); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: var(--fond); }
tr { break-inside: avoid; page-break-inside: avoid; }
td.nombre { text-align: right; white-space: nowrap; }
figure.graphique { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.graphique img { display: block; max-width: 100%; width: auto; height: auto;
  max-height: 80vh; object-fit: contain; margin: 0 auto; }
figure.graphique figcaption { color: var(--doux); font-size: .9rem; margin-top: .3rem; }
.cote-a-cote { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.cote-a-cote > div { background: var(--fond); padding: .2rem .8rem .6rem;
  border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
.cote-a-cote h4 { margin: .6rem 0 .3rem; }
.effet { break-inside: avoid-page; }
.preuve { display: inline-block; font-size: .78rem; font-weight: 600; padding: 0 .4rem;
  border-radius: 3px; border: 1px solid; margin-right: .35rem; white-space: nowrap; }
.preuve-comptage { color: #334e68; border-color: #334e68; }
.preuve-declaratif { color: #8d2b0b; border-color: #8d2b0b; }
.preuve-avant-apres { color: #0c6b58; border-color: #0c6b58; }
.preuve-comparaison { color: #3c366b; border-color: #3c366b; }
.masque { color: var(--doux); }
footer { margin-top: 2.5rem; color: var(--doux); font-size: .85rem;
  border-top: 1px solid var(--trait); padding-top: .6rem; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.sommaire { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: auto; }
  figure.graphique img { max-height: 190mm; max-width: 100%; }
  .cote-a-cote { display: block; }
  .cote-a-cote > div { margin-bottom: .5rem; }
}
"""
"""The report's only style sheet, inline (system fonts, print rules for A4)."""


# --------------------------------------------------------------------------------------
# Small HTML helpers (everything from data goes through esc)
# --------------------------------------------------------------------------------------
def esc(text: Any) -> str:
    """``text`` escaped for HTML (quotes too)."""
    return html.escape("" if text is None else str(text), quote=True)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def inline(text: Any) -> str:
    """A line of a reading as HTML: escaped, then ``**bold**`` and ```code``` kept."""
    out = esc(text)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _CODE.sub(r"<code>\1</code>", out)


def lines_html(lines: list[str]) -> str:
    """Lines of a reading as paragraphs, consecutive ``- `` lines as one list."""
    parts: list[str] = []
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(f"<li>{inline(line[2:])}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{inline(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def _cell(value: Any) -> tuple[str, bool]:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "", False
    if isinstance(value, bool):
        return ("oui" if value else "non"), False
    if isinstance(value, int | float):
        return french.number(value, 2), True
    return str(value), False


def table_html(frame: pd.DataFrame, caption: str = "", *, index: bool = False) -> str:
    """A small table as HTML (French numbers, escaped text, optional caption)."""
    data = frame.reset_index() if index else frame
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in data.columns)
    rows = []
    for record in data.itertuples(index=False):
        cells = []
        for value in record:
            text, numeric = _cell(value)
            css = ' class="nombre"' if numeric or text.startswith("< ") else ""
            cells.append(f"<td{css}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"


def badge(level: str) -> str:
    """The level-of-evidence badge of a claim."""
    css = _LEVEL_CLASS.get(level, "declaratif")
    tip = cl.LEVEL_HELP.get(level, "")
    return f'<span class="preuve preuve-{css}" title="{esc(tip)}">{esc(level)}</span>'


def finding_html(finding: cl.Finding) -> str:
    """One claim as a list item: its badge, its sentence, its source."""
    hidden = ' class="masque"' if finding.suppressed else ""
    return (
        f"<li{hidden}>{badge(finding.level_of_evidence)}{esc(finding.text)} "
        f"<small>(source : {esc(finding.source)})</small></li>"
    )


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """A chart embedded in the report."""

    source: str
    """Where it comes from, relative to the outputs (« 09-analyse-quantitative/portee.png »)."""
    alt: str
    """Its French alternative text."""
    caption: str
    data_uri: str = field(repr=False)

    def to_html(self) -> str:
        """The chart as ``<figure class="graphique">`` with its ``<img>`` and caption."""
        return (
            f'<figure class="{CHART_CLASS}"><img src="{self.data_uri}" alt="{esc(self.alt)}">'
            f"<figcaption>{esc(self.caption)} <small>(source : {esc(self.source)})</small>"
            "</figcaption></figure>"
        )


def png_description(path: Path) -> str:
    """The French description a step wrote in a PNG's metadata (its alternative text)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return str(image.info.get("Description") or image.info.get("Title") or "")
    except OSError:
        return ""


def _figure(ws: Workspace, step: str, name: str, caption: str, alt: str = "") -> Figure | None:
    folder = ws.step_dir(step, create=False)
    path = folder / name
    if not path.is_file():
        return None
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    png = path.with_suffix(".png")
    described = png_description(png) if png.is_file() else ""
    text = described or alt or caption
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return Figure(
        source=f"{folder.name}/{name}",
        alt=text,
        caption=caption,
        data_uri=f"data:{mime};base64,{data}",
    )


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """One section of the report."""

    id: str
    title: str
    body: str
    """Its HTML (already escaped)."""


@dataclass(frozen=True)
class Report:
    """The restitution report of a workspace. :attr:`html` is the file's text."""

    name: str
    year: Any
    sections: tuple[Section, ...]
    findings: tuple[cl.Finding, ...]
    figures: tuple[Figure, ...]
    threshold: int
    minors: bool
    fictional: bool
    compared: bool
    cannot_say: tuple[str, ...] = ()

    def section(self, section_id: str) -> Section:
        """The section ``section_id`` (a key of :data:`SECTION_TITLES`)."""
        for s in self.sections:
            if s.id == section_id:
                return s
        known = ", ".join(s.id for s in self.sections)
        raise KeyError(f"Section « {section_id} » absente du rapport ({known}).")

    @property
    def html(self) -> str:
        """The whole self-contained HTML document."""
        title = f"Rapport d'évaluation — {self.name}"
        toc = "".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in self.sections)
        body = "\n".join(
            f'<section id="{s.id}">\n<h2>{esc(s.title)}</h2>\n{s.body}\n</section>'
            for s in self.sections
        )
        year = f"Données de l'année {esc(self.year)}" if self.year else "Année non précisée"
        notice = (
            '<p class="avertissement">Données fictives : structure d\'exemple de Size Up, '
            "aucun chiffre ne décrit une structure réelle.</p>"
            if self.fictional
            else ""
        )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header>\n<h1>{esc(title)}</h1>\n"
            f'<p class="sous-titre">{year} — rapport de restitution (étape 12 du parcours '
            "Size Up)</p>\n"
            f"{notice}\n</header>\n"
            f'<nav class="sommaire" aria-label="Sommaire"><h2>Sommaire</h2><ol>{toc}</ol>'
            "</nav>\n"
            f"<main>\n{body}\n</main>\n"
            "<footer>Ce rapport est un seul fichier : il s'ouvre sans connexion et s'imprime "
            "en A4 (menu Fichier, Imprimer). Il reprend les livrables des étapes du parcours, "
            "jamais les fichiers bruts ; aucun chiffre reposant sur moins de "
            f"{french.plural(self.threshold, 'personne', 'personnes')} n'y figure.</footer>\n"
            "</body>\n</html>\n"
        )

    def to_text(self) -> str:
        """What :func:`explain_report` says."""
        return explain_report(self).to_text()

    def _repr_markdown_(self) -> str:
        return explain_report(self)._repr_markdown_()


def _csv(path: Path) -> pd.DataFrame | None:
    import pandas as pd

    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:  # a step with nothing to write leaves an empty file
        return None


def _number(value: Any) -> float | None:
    from .results import number

    return number(value)


# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------
def _structure(ws: Workspace, minors: bool) -> str:
    info = ws.config.get("structure", {})
    rows = [
        ("Nom", ws.name),
        ("Type", info.get("type", "")),
        ("Territoire", info.get("territoire", "")),
        ("Année des données", info.get("annee", "")),
    ]
    items = "".join(
        f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in rows if v
    )
    parts = [f"<table><tbody>{items}</tbody></table>"]
    if info.get("description"):
        parts.append(f"<p>{esc(info['description'])}</p>")
    if minors:
        parts.append(
            "<p>Le public de la structure comprend des <strong>mineurs</strong> : aucun "
            "résultat par classe ou par groupe n'est publié sous le seuil des petits "
            "effectifs, quel que soit le réglage.</p>"
        )
    return "\n".join(parts)


def _theory(ws: Workspace, framing: cl.Framing, figures: list[Figure]) -> str:
    parts = []
    caption = "Schéma de la théorie du changement (carnet 02)"
    figure = _figure(ws, "02", "schema-theorie-du-changement.svg", caption) or _figure(
        ws, "02", "schema-theorie-du-changement.png", caption
    )
    if figure is not None:
        figures.append(figure)
        parts.append(figure.to_html())
    else:
        parts.append(
            "<p>Le schéma de la théorie du changement n'a pas encore été dessiné (carnet 02).</p>"
        )
    parts.append("<p>Ce que l'action promet de changer :</p>")
    parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in framing.promise) + "</ul>")
    return "\n".join(parts)


def _framework(ws: Workspace) -> pd.DataFrame | None:
    for step in ("06", "03"):
        table = _csv(ws.step_dir(step, create=False) / "referentiel-evaluation.csv")
        if table is not None and "Question évaluative" in table.columns:
            return table
    return None


def _questions(ws: Workspace) -> str:
    table = _framework(ws)
    if table is None or table.empty:
        return (
            "<p>Les questions évaluatives ne sont pas encore écrites : elles viennent du "
            "référentiel d'évaluation des carnets 03 et 06.</p>"
        )
    items = []
    for (qid, text), group in table.groupby(["Question", "Question évaluative"], sort=False):
        criteria = [c for c in dict.fromkeys(group.get("Critère", [])) if c]
        crit = f" <small>(critères : {esc(', '.join(criteria))})</small>" if criteria else ""
        items.append(f"<li><strong>{esc(qid)}</strong> — {esc(text)}{crit}</li>")
    return (
        f"<p>{esc(french.plural(len(items), 'question guide', 'questions guident'))} "
        "l'évaluation (référentiel d'évaluation, carnets 03 et 06) :</p>\n<ol>"
        + "".join(items)
        + "</ol>"
    )


def _method(ws: Workspace, results: dict, threshold: int) -> str:
    import pandas as pd

    from .curriculum import get_step

    year = ws.config.get("structure", {}).get("annee")
    parts = [
        f"<p><strong>Période</strong> : "
        f"{esc(f'année {year}' if year else 'année non précisée dans structure.yml')}.</p>"
    ]
    run = [s for s in results.get("steps_run") or []]
    if run:
        names = ", ".join(f"{s} « {get_step(s).title} »" for s in run)
        parts.append(f"<p><strong>Étapes menées</strong> : {esc(names)}.</p>")
    else:
        parts.append("<p><strong>Étapes menées</strong> : aucune pour l'instant.</p>")
    files = [
        {
            "fichier": f.relative,
            "rôle": f.role,
            "données personnelles": "oui" if f.personal_data else "non",
        }
        for f in ws.files
    ]
    if files:
        parts.append(
            table_html(
                pd.DataFrame(files),
                "Fichiers de la structure utilisés ("
                + french.plural(len(files), "fichier", "fichiers")
                + ", lus sans être modifiés)",
            )
        )
    reach = _csv(ws.step_dir("09", create=False) / "portee.csv")
    if reach is not None and not reach.empty and {"table", "lignes", "personnes"} <= set(reach):
        shown = reach[["table", "lignes", "personnes"]].copy()
        for column in ("lignes", "personnes"):
            shown[column] = shown[column].map(_number)
        shown = cl.hide_small_groups(shown, "personnes", threshold)
        shown.columns = ["table nettoyée", "lignes", "personnes distinctes"]
        parts.append(
            table_html(shown, "Tables nettoyées (carnet 05) : lignes et personnes distinctes")
        )
    parts.append(
        "<p><strong>Méthodes</strong> : indicateurs calculés sur les tables nettoyées "
        "(carnet 06) ; comparaisons avant/après chez les mêmes personnes, appariées par leur "
        "code, avec un intervalle de confiance (t apparié, Wilcoxon ou McNemar, carnet 09) ; "
        "codage des entretiens et des réponses écrites, compté en personnes (carnet 10) ; "
        "carte de valeur ou SROI avec sa fourchette (carnet 11).</p>"
    )
    legend = "".join(f"<li>{badge(level)}{esc(cl.LEVEL_HELP[level])}</li>" for level in cl.LEVELS)
    parts.append(
        f"<p>Chaque constat porte son <strong>niveau de preuve</strong> :</p><ul>{legend}</ul>"
    )
    return "\n".join(parts)


def _likert_ok(table: pd.DataFrame, threshold: int) -> bool:
    people = table["people"].map(_number)
    return bool(all(p is None or p == 0 or p >= threshold for p in people))


def _themes_table(results: dict, threshold: int) -> str:
    import pandas as pd

    themes = (results.get("qualitative") or {}).get("themes") or {}
    rows = {
        (t.get("label") or key): [
            t.get("people_interviewed") or 0,
            t.get("people_written") or 0,
            t.get("people") or 0,
        ]
        for key, t in themes.items()
        if t.get("people")
    }
    if not rows:
        return ""
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["en entretien", "par écrit", "Total"]
    )
    if (frame["en entretien"] + frame["par écrit"] != frame["Total"]).any():
        frame = frame[["Total"]]
    frame.index.name = "thème"
    # one theme per row: a person may speak of several themes, so no column adds up and
    # only each row's split (interviews + written = total) can be subtracted
    shown = pd.concat([cl.suppress_linked(frame.iloc[[i]], threshold) for i in range(len(frame))])
    return table_html(
        shown,
        "Personnes qui évoquent chaque thème (carnet 10) ; « < "
        f"{threshold} » : moins de {threshold} personnes, « s » : masqué pour qu'on ne "
        "puisse pas le retrouver par soustraction",
        index=True,
    )


def _results_section(
    ws: Workspace, results: dict, findings: list[cl.Finding], threshold: int, figures: list
) -> str:
    from .theory_of_change import load_theory_of_change, toc_path

    parts: list[str] = []
    reach = _figure(ws, "09", "portee.png", "Portée de l'action, en personnes (carnet 09)")
    if reach is not None:
        figures.append(reach)
        parts.append("<h3>Qui l'action a touché</h3>" + reach.to_html())
    outcomes = []
    if toc_path(ws).is_file():
        try:
            outcomes = list(load_theory_of_change(ws).outcomes)
        except Exception:  # noqa: BLE001 - a broken file is reported by step 02
            outcomes = []
    likert = _csv(ws.step_dir("09", create=False) / "likert.csv")
    indicator_outcome = {
        q.get("indicator", ""): q.get("outcome", "")
        for q in (results.get("quantitative") or {}).values()
    }
    triangulation = (results.get("qualitative") or {}).get("triangulation") or {}
    if not findings and not outcomes:
        parts.append(
            "<p>Aucun résultat pour l'instant : les carnets 06, 09 et 10 n'ont rien enregistré.</p>"
        )
    used: set[int] = set()
    for outcome in outcomes:
        mine = [f for f in findings if f.outcome == outcome.id]
        used.update(id(f) for f in mine)
        numbers = [f for f in mine if f.kind == cl.QUANTITATIVE]
        words = [f for f in mine if f.kind == cl.QUALITATIVE]
        left = (
            "<ul>" + "".join(finding_html(f) for f in numbers) + "</ul>"
            if numbers
            else "<p>Aucun chiffre sur cet effet.</p>"
        )
        right = (
            "<ul>" + "".join(finding_html(f) for f in words) + "</ul>"
            if words
            else "<p>Personne n'en a parlé dans les entretiens codés.</p>"
        )
        block = [
            f'<div class="effet"><h3>{esc(outcome.id)} · {esc(outcome.label)}</h3>',
            '<div class="cote-a-cote"><div><h4>Ce que disent les chiffres</h4>'
            f"{left}</div><div><h4>Ce que disent les personnes</h4>{right}</div></div>",
        ]
        agreement = (triangulation.get(outcome.id) or {}).get("agreement")
        if agreement:
            block.append(
                f"<p>Chiffres et paroles : <strong>{esc(agreement)}</strong> "
                "(triangulation du carnet 10).</p>"
            )
        block.append("</div>")
        parts.append("\n".join(block))
        if likert is not None and not likert.empty:
            for (ind, question), dist in likert.groupby(["indicateur", "question"], sort=False):
                if indicator_outcome.get(ind) != outcome.id or not _likert_ok(dist, threshold):
                    continue
                name = f"likert-{french.slugify(f'{ind}-{question}')}.png"
                fig = _figure(
                    ws,
                    "09",
                    name,
                    f"Réponses à « {str(question).replace('_', ' ')} » avant et après "
                    f"({ind}, carnet 09)",
                )
                if fig is not None:
                    figures.append(fig)
                    parts.append(fig.to_html())
    outputs = [f for f in findings if id(f) not in used and f.level_of_evidence == cl.COUNT]
    used.update(id(f) for f in outputs)
    if outputs:
        parts.append(
            "<h3>Réalisations : ce qui a été fait</h3><ul>"
            + "".join(finding_html(f) for f in outputs)
            + "</ul>"
        )
    others = [f for f in findings if id(f) not in used]
    if others:
        parts.append(
            "<h3>Autres constats</h3><ul>" + "".join(finding_html(f) for f in others) + "</ul>"
        )
    themes = _themes_table(results, threshold)
    if themes:
        parts.append("<h3>Les thèmes des entretiens, en personnes</h3>" + themes)
    return "\n".join(parts)


def _valuation(ws: Workspace, results: dict, threshold: int, figures: list) -> str:
    import pandas as pd

    valuation = results.get("valuation") or {}
    if not valuation:
        return "<p>La valorisation n'a pas encore été faite (carnet 11).</p>"
    parts = [f"<p><strong>{esc(cl.valuation_statement(results))}</strong></p>"]
    if valuation.get("mode") == "SROI":
        present, transfer = valuation.get("present_value"), valuation.get("transfer_value")
        if present is not None:
            parts.append(
                f"<p>Valeur actuelle des effets : {esc(french.number(present, 0))} €"
                + (
                    f" ; transferts (prestations qui ne sont plus versées) montrés à part, "
                    f"jamais ajoutés : {esc(french.number(transfer, 0))} €"
                    if transfer
                    else ""
                )
                + ".</p>"
            )
        parts.append(
            "<p>Un ratio ne se lit jamais seul : sa fourchette vient de l'analyse de "
            "sensibilité, une hypothèse à la fois (guide SROI de l'ESSEC, 2011).</p>"
        )
        tornado = _figure(
            ws, "11", "sensibilite.png", "Sensibilité du ratio à chaque hypothèse (carnet 11)"
        )
        if tornado is not None:
            figures.append(tornado)
            parts.append(tornado.to_html())
    rows = list((valuation.get("value_map") or {}).values())
    if rows:
        frame = pd.DataFrame(
            {
                "partie prenante": [r.get("stakeholder", "") for r in rows],
                "effet": [r.get("outcome", "") for r in rows],
                "personnes (quantité)": [r.get("quantity") for r in rows],
                "après ajustements": [r.get("adjusted_quantity") for r in rows],
                "poids": [r.get("weight") for r in rows],
                "score pondéré": [r.get("weighted_score") for r in rows],
                "part du total": [
                    None if r.get("share") is None else french.percent(r["share"], 0) for r in rows
                ],
            }
        )
        shown = cl.hide_small_groups(frame, "personnes (quantité)", threshold)
        small = (shown["personnes (quantité)"] == cl.hidden(threshold)).any()
        if small:
            for column in ("après ajustements", "score pondéré", "part du total"):
                shown[column] = shown[column].where(
                    shown["personnes (quantité)"] != cl.hidden(threshold), cl.hidden(threshold)
                )
        parts.append(table_html(shown, "Carte de valeur non monétisée (carnet 11)"))
        chart = _figure(
            ws, "11", "carte-de-valeur.png", "Carte de valeur non monétisée (carnet 11)"
        )
        if chart is not None and not small:
            figures.append(chart)
            parts.append(chart.to_html())
    return "\n".join(parts)


def _limits(ws: Workspace, results: dict, threshold: int, minors: bool) -> str:
    lines = [
        f"Aucun chiffre reposant sur moins de {french.plural(threshold, 'personne', 'personnes')}"
        f" n'est publié (« < {threshold} ») : c'est la pratique française du secret statistique "
        "pour les données sensibles (la règle des petits effectifs des données de santé, "
        "SNDS) ; un chiffre qu'on pourrait retrouver par soustraction est masqué aussi (« s »).",
        "Les citations des entretiens ne sont pas reproduites ici : même sans nom, un âge, un "
        "métier et un lieu suffisent parfois à reconnaître quelqu'un (RGPD, article 5).",
        "Les niveaux de preuve disent ce qu'un constat peut porter : un comptage décrit ce "
        "qui a été fait, une déclaration dit un ressenti, un avant/après dit un changement "
        "chez les mêmes personnes, seule une comparaison approche l'effet propre de l'action.",
        "Les données viennent des fichiers de la structure, nettoyés au carnet 05 : chaque "
        "correction est tracée dans le journal de nettoyage.",
    ]
    if minors:
        lines.append(
            "Le public comprend des mineurs : le seuil ne descend jamais sous "
            f"{cl.DEFAULT_THRESHOLD} personnes et aucun résultat par classe ou par groupe "
            "n'est montré en dessous (CNIL, recommandations sur les droits des mineurs, 2021)."
        )
    if ws.fictional:
        lines.append(
            "Les données sont fictives : elles servent à apprendre la démarche, pas à décrire "
            "une structure réelle."
        )
    return lines_html([f"- {x}" for x in lines])


def _framing(framing: cl.Framing) -> str:
    proof = [f for f in framing.proof if not f.suppressed][:5]
    return (
        "<h3>La promesse</h3><p>Ce que l'action s'engage à changer, d'après sa théorie du "
        "changement :</p><ul>"
        + "".join(f"<li>{esc(x)}</li>" for x in framing.promise)
        + "</ul><h3>La preuve</h3>"
        + (
            "<ul>" + "".join(finding_html(f) for f in proof) + "</ul>"
            if proof
            else "<p>Pas encore de constat publiable.</p>"
        )
        + "<h3>L'appropriation</h3><p>Ce que la structure en fait et ce que les personnes "
        "en disent :</p><ul>"
        + "".join(f"<li>{esc(x)}</li>" for x in framing.appropriation)
        + "</ul>"
    )


def year_on_year(
    results: dict[str, Any], previous: dict[str, Any], threshold: int = cl.DEFAULT_THRESHOLD
) -> tuple[pd.DataFrame, Reading]:
    """:func:`sizeup_helpers.results.compare_years` and its reading, with every count of
    people under ``threshold`` (either year) hidden, in the table and in the sentences."""
    from .results import compare_years, explain_year_on_year

    table = compare_years(results, previous)
    shown = table.copy().astype(object)
    people = shown["unité"].map(lambda u: cl.counts_people(str(u)))
    masked: set[str] = set()
    for column in ("l'an dernier", "cette année"):
        small = people & shown[column].map(
            lambda v: isinstance(v, int | float) and 0 < v < threshold
        )
        masked |= set(shown.loc[small, "libellé"])
        shown.loc[small, column] = cl.hidden(threshold)
        shown.loc[small, "évolution"] = cl.hidden(threshold)
    reading = explain_year_on_year(table)
    lines = [x for x in reading.lines if not any(x.startswith(f"- {m} :") for m in masked)]
    return shown, Reading.of(lines, title=reading.title, table=shown)


def _evolution(results: dict, previous: dict, threshold: int) -> str:
    shown, reading = year_on_year(results, previous, threshold)
    lines = list(reading.lines)
    caveats = [
        "- Ce ne sont pas les mêmes personnes d'une année sur l'autre : un écart peut venir "
        "du public, pas de l'action.",
        "- Un chiffre dont la définition a changé ne se compare pas (« définition modifiée »).",
        "- Sur de petits nombres, un écart de quelques personnes n'est pas une tendance.",
    ]
    return (
        lines_html(lines)
        + "\n"
        + table_html(shown.drop(columns=["clé"]), "L'an dernier et cette année")
        + "\n<p><strong>Précautions</strong> :</p>"
        + lines_html(caveats)
    )


def _next_steps(ws: Workspace) -> str:
    parts = []
    try:
        from . import collection_plan
    except ImportError:  # pragma: no cover - the module ships with the package
        collection_plan = None
    if collection_plan is not None:
        plan = collection_plan.next_year_plan(ws)
        reading = collection_plan.explain_next_year_plan(plan)
        parts.append(
            "<h3>Le plan de collecte de l'an prochain</h3><p>La leçon du programme : une "
            "évaluation se prépare dès l'inscription, avec une mesure de départ, le "
            "consentement et le moyen de recontacter les personnes.</p>"
        )
        parts.append(lines_html(list(reading.lines)))
        if not plan.empty:
            columns = [c for c in ("à collecter", "effet", "dès quand", "vague après", "outil")]
            parts.append(
                table_html(plan[[c for c in columns if c in plan.columns]], "Quoi collecter, quand")
            )
    parts.append(
        lines_html(
            [
                "- Partager ce rapport avec l'équipe, le conseil d'administration et les "
                "personnes accompagnées, puis noter ce qu'ils en retiennent.",
                "- Trancher les décisions que les questions évaluatives devaient éclairer.",
                "- L'an prochain, relancer le parcours avec le fichier results.json de cette "
                "année (paramètre previous_results du carnet 12) pour voir l'évolution.",
            ]
        )
    )
    return "\n".join(parts)


def build_report(
    ws: Workspace,
    results: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
    *,
    threshold: int | None = None,
) -> Report:
    """The restitution report of ``ws``.

    Parameters
    ----------
    ws
        The workspace; only its saved deliverables are read.
    results
        A dictionary of :func:`sizeup_helpers.results.collect_results` (collected when
        ``None``).
    previous
        Last year's results (:func:`sizeup_helpers.results.load_results_json`): adds the
        section « Évolution par rapport à l'an dernier », with its caveats.
    threshold
        People below which a figure is hidden (by default the workspace's
        ``small_cell_threshold``, 11; never under 11 for minors).

    Returns
    -------
    Report
        Its sections in :data:`SECTION_TITLES` order; :attr:`Report.html` is the file.
    """
    from .results import collect_results

    results = collect_results(ws) if results is None else results
    limit = cl.small_cell_threshold(ws, threshold)
    minors = cl.serves_minors(ws)
    findings = cl.key_findings(ws, results, threshold=limit)
    framing = cl.framing(ws, results, threshold=limit)
    cannot = cl.cannot_say(ws, results, threshold=limit)
    figures: list[Figure] = []
    bodies = {
        "structure": _structure(ws, minors),
        "theorie-du-changement": _theory(ws, framing, figures),
        "questions": _questions(ws),
        "methode": _method(ws, results, limit),
        "resultats": _results_section(ws, results, findings, limit, figures),
        "valorisation": _valuation(ws, results, limit, figures),
        "limites": _limits(ws, results, limit, minors),
        "ne-pas-dire": lines_html([f"- {x}" for x in cannot]),
        "promesse-preuve-appropriation": _framing(framing),
    }
    if previous is not None:
        bodies["evolution"] = _evolution(results, previous, limit)
    bodies["prochaines-etapes"] = _next_steps(ws)
    sections = tuple(
        Section(key, SECTION_TITLES[key], bodies[key]) for key in SECTION_TITLES if key in bodies
    )
    return Report(
        name=ws.name,
        year=ws.config.get("structure", {}).get("annee"),
        sections=sections,
        findings=tuple(findings),
        figures=tuple(figures),
        threshold=limit,
        minors=minors,
        fictional=ws.fictional,
        compared=previous is not None,
        cannot_say=tuple(cannot),
    )


def save_report(
    ws: Workspace, report: Report | None = None, previous: dict[str, Any] | None = None
) -> Path:
    """Write ``12-restitution/rapport.html`` (the report built by :func:`build_report` when
    ``report`` is ``None``) and return its path."""
    report = build_report(ws, previous=previous) if report is None else report
    return ws.write_text(ws.step_dir(STEP) / REPORT_FILE, report.html)


def explain_report(report: Report) -> Reading:
    """What the report holds, in French, and how to share and print it."""
    import pandas as pd

    shown = [f for f in report.findings if not f.suppressed]
    hidden = len(report.findings) - len(shown)
    lines = [
        f"Le rapport de « {report.name} » compte "
        f"{french.plural(len(report.sections), 'section', 'sections')} et "
        f"{french.plural(len(report.figures), 'graphique intégré', 'graphiques intégrés')}, "
        "chacun avec son texte de remplacement ; il s'ouvre sans connexion et s'imprime en A4.",
    ]
    if report.findings:
        lines.append(
            f"Il présente {french.plural(len(shown), 'constat', 'constats')}, chacun avec son "
            "niveau de preuve"
            + (
                f" ; {french.plural(hidden, 'autre reste masqué', 'autres restent masqués')} "
                f"(moins de {french.plural(report.threshold, 'personne', 'personnes')})."
                if hidden
                else "."
            )
        )
    else:
        lines.append(
            "Il ne présente encore aucun constat chiffré : exécutez les carnets 06 à 11, puis "
            "relancez ce carnet."
        )
    lines.append(
        f"La section « Ce que nous ne pouvons pas dire » liste "
        f"{french.plural(len(report.cannot_say), 'limite', 'limites')} à garder en tête en "
        "le présentant."
    )
    if report.compared:
        lines.append(
            "Il compare cette année à l'an dernier, avec les précautions d'usage : une "
            "évolution n'est pas un effet de l'action."
        )
    if report.minors:
        lines.append(
            "Le public comprend des mineurs : aucun résultat de classe ou de groupe n'apparaît "
            f"sous {french.plural(report.threshold, 'personne', 'personnes')}."
        )
    table = pd.DataFrame(
        {
            "section": [s.title for s in report.sections],
            "graphiques": [s.body.count(f'class="{CHART_CLASS}"') for s in report.sections],
            "constats": [s.body.count('class="preuve ') for s in report.sections],
        }
    )
    return Reading.of(lines, title="Votre rapport de restitution", table=table)


def load_previous(path: str | Path) -> dict[str, Any] | None:
    """Last year's ``results.json`` (:func:`sizeup_helpers.results.load_results_json`), or
    ``None`` when ``path`` is empty: no comparison (the parameter ``previous_results``)."""
    from .results import load_results_json

    if not str(path).strip():
        return None
    return load_results_json(Path(str(path).strip()).expanduser())


def explain_evolution(
    results: dict[str, Any], previous: dict[str, Any] | None, *, threshold: int = 11
) -> Reading:
    """This year beside last year (:func:`year_on_year`, small counts of people hidden), or
    what to do to get the comparison next year."""
    if previous is None:
        return Reading.of(
            [
                "Pas de comparaison avec l'an dernier : aucun fichier results.json de l'an "
                "dernier n'est donné (paramètre previous_results).",
                "Gardez le results.json de cette année : l'an prochain, donnez son chemin à ce "
                "paramètre et le rapport montrera l'évolution, avec ses précautions.",
            ],
            title="Évolution d'une année sur l'autre",
        )
    before = (previous.get("structure") or {}).get("year")
    now = (results.get("structure") or {}).get("year")
    reading = year_on_year(results, previous, threshold)[1]
    if before and now and before == now:
        reading = reading + Reading.of(
            [
                f"Attention : les deux fichiers portent la même année ({before}) ; vérifiez "
                "que vous avez donné le results.json de l'an dernier."
            ]
        )
    return reading

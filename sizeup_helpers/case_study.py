"""Step 12: a case-study page in Markdown, for a wiki.

:func:`save_case_study` writes ``12-restitution/etude-de-cas.md``: the structure, its
challenge, what it did step by step across the programme, what the data show (each claim
with its level of evidence, from :func:`sizeup_helpers.claims.key_findings`; a figure
resting on fewer people than the small-cell threshold is left out, never shown), the
valuation (:func:`sizeup_helpers.claims.valuation_statement`), the lessons (the
« appropriation » of the Avise framing, :func:`sizeup_helpers.claims.framing`, and
« ce que nous ne pouvons pas dire », :func:`sizeup_helpers.claims.cannot_say`) and what
remains to do (next year's collection plan, :mod:`sizeup_helpers.collection_plan`).

It reads the saved deliverables only (never the raw files): no person's data, no path. An
image is linked (relatively) only when it lies beside the page: the Demo Day summary
``synthese-demo-day.png`` once :func:`sizeup_helpers.demo_day.save_demo_day_summary` has
written it. Two runs on the same deliverables write the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import SizeUpError

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["CASE_STUDY_FILE", "case_study_markdown", "save_case_study"]

STEP = "12"
CASE_STUDY_FILE = "etude-de-cas.md"
MAX_FINDINGS = 8


def _structure(ws: Workspace) -> dict[str, Any]:
    return ws.config.get("structure") or {}


def _framing_question(ws: Workspace) -> str:
    from .framing import FRAMING_FILE, load_framing

    if not (ws.step_dir("01", create=False) / FRAMING_FILE).is_file():
        return ""
    try:
        return " ".join(str(load_framing(ws).evaluative_question).split())
    except SizeUpError:
        return ""


def _gaps(ws: Workspace) -> int | None:
    import pandas as pd

    from .inventory import FILES

    path = ws.step_dir("04", create=False) / FILES["lacunes"]
    if not path.is_file():
        return None
    try:
        return len(pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig"))
    except pd.errors.EmptyDataError:
        return 0


def _step_facts(ws: Workspace, results: dict[str, Any]) -> dict[str, str]:
    """One sentence of what each step found, where the saved deliverables say it."""
    facts: dict[str, str] = {}
    gaps = _gaps(ws)
    if gaps is not None:
        facts["04"] = (
            "aucun effet de la théorie du changement sans donnée"
            if gaps == 0
            else f"{french.plural(gaps, 'effet', 'effets')} de la théorie du changement "
            f"sans aucune donnée existante"
        )
    indicators = results.get("indicators") or {}
    if indicators:
        computed = sum(1 for i in indicators.values() if i.get("value") is not None)
        facts["06"] = (
            f"{french.plural(len(indicators), 'indicateur', 'indicateurs')}, dont "
            f"{french.plural(computed, 'calculé', 'calculés')} sur les données existantes"
        )
    quantitative = results.get("quantitative")
    if quantitative is not None:
        facts["09"] = (
            f"{french.plural(len(quantitative), 'comparaison', 'comparaisons')} avant/après"
            if quantitative
            else "pas de vague avant/après dans les données : la portée et les profils"
        )
    themes = (results.get("qualitative") or {}).get("themes") or {}
    if themes:
        facts["10"] = f"{french.plural(len(themes), 'thème codé', 'thèmes codés')}"
    valuation = results.get("valuation") or {}
    if valuation.get("mode"):
        facts["11"] = f"mode « {valuation['mode']} »"
    return facts


def _steps_done(ws: Workspace, results: dict[str, Any]) -> list[str]:
    from .curriculum import STEPS

    run = set(results.get("steps_run") or [])
    facts = _step_facts(ws, results)
    lines = []
    for step in STEPS:
        if step.number == STEP:
            continue
        done = step.number in run
        said = f"**{step.number} · {step.title}** — {step.deliverable}"
        if facts.get(step.number):
            said += f" ({facts[step.number]})"
        lines.append(f"- {said}." if done else f"- {said} : *pas encore fait*.")
    return lines


def case_study_markdown(ws: Workspace, results: dict[str, Any] | None = None) -> str:
    """The case-study page (French Markdown) that :func:`save_case_study` writes."""
    from .claims import cannot_say, framing, key_findings, valuation_statement
    from .collection_plan import next_year_plan
    from .demo_day import PNG_FILE
    from .results import collect_results

    results = collect_results(ws) if results is None else results
    info = _structure(ws)
    lines = [f"# Étude de cas : {ws.name}", ""]
    if ws.fictional:
        lines += [
            "> **Données fictives** : structure d'exemple de Size Up, ses chiffres sont inventés.",
            "",
        ]
    if (ws.step_dir(STEP, create=False) / PNG_FILE).is_file():
        lines += [f"![Synthèse Demo Day de {ws.name}]({PNG_FILE})", ""]

    lines += ["## La structure", ""]
    kind = " ".join(str(info.get("type") or "").split()).rstrip(".")
    description = " ".join(str(info.get("description") or "").split())
    if kind:
        lines += [f"*{kind}.*", ""]
    lines.append(description or "Description de la structure à compléter (structure.yml).")
    facts = []
    if info.get("territoire"):
        facts.append(f"Territoire : {info['territoire']}.")
    if info.get("annee"):
        facts.append(f"Année des données : {info['annee']}.")
    if facts:
        lines += ["", " ".join(facts)]

    plan_frame = framing(ws, results)
    lines += ["", "## Le défi", ""]
    lines += [f"- {p}" for p in plan_frame.promise]
    question = _framing_question(ws)
    if question:
        lines += ["", f"Question évaluative : *{question}*"]
    lines += [
        "",
        "Comme la plupart des structures du programme, elle partait des données qu'elle "
        "tenait déjà, sans mesure de départ prévue pour ses effets.",
    ]

    lines += ["", "## Ce qui a été fait, étape par étape", ""]
    lines += _steps_done(ws, results)

    lines += ["", "## Ce que montrent les données", ""]
    findings = [f for f in key_findings(ws, results) if not f.suppressed]
    if findings:
        lines.append(
            "Chaque constat porte son niveau de preuve (comptage, déclaratif, avant/après, "
            "comparaison) et le nombre de personnes sur lequel il repose ; les chiffres "
            "portant sur moins de "
            f"{french.plural(_threshold(ws), 'personne', 'personnes')} ne sont pas publiés."
        )
        lines.append("")
        for f in findings[:MAX_FINDINGS]:
            n = f" (n = {f.n_text})" if f.n_text else ""
            lines.append(f"- **{f.level_of_evidence}** — {f.text.rstrip('.')}{n}.")
    else:
        lines.append("Aucun résultat chiffré publiable pour l'instant.")

    lines += ["", "## La valorisation", ""]
    lines.append(valuation_statement(results) or "Pas encore de valorisation (carnet 11).")

    lines += ["", "## Les enseignements", ""]
    lines += [f"- {a}" for a in plan_frame.appropriation[:-1]] or [
        "- Les enseignements se tirent en équipe à la lecture des résultats."
    ]
    lines += ["", "### Ce que nous ne pouvons pas dire", ""]
    lines += [f"- {c}" for c in cannot_say(ws, results)] or ["- Rien à signaler."]

    lines += ["", "## Ce qui reste à faire", ""]
    lines.append(
        "Pour que l'évaluation de l'an prochain dispose de données d'effet, collecter dès "
        "l'inscription :"
    )
    lines.append("")
    for row in next_year_plan(ws).to_dict("records"):
        after = row["vague après"]
        when = f" ; après : {after}" if after and after != "—" else ""
        lines.append(f"- **{row['à collecter']}** — {row['dès quand']}{when}.")
    lines += [
        "",
        "---",
        "",
        "*Page écrite par Size Up à partir des livrables de l'évaluation (carnets 01 à 11) ; "
        "aucune donnée personnelle.*",
        "",
    ]
    return "\n".join(lines)


def _threshold(ws: Workspace) -> int:
    from .claims import small_cell_threshold

    return small_cell_threshold(ws)


def save_case_study(ws: Workspace, results: dict[str, Any] | None = None) -> Path:
    """Write ``12-restitution/etude-de-cas.md`` (:func:`case_study_markdown`); its path."""
    return ws.write_text(ws.step_dir(STEP) / CASE_STUDY_FILE, case_study_markdown(ws, results))

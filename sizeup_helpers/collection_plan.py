"""Step 12: next year's collection plan, the programme's lesson.

Most structures of the programme reached their Demo Day without outcome data: nothing
had been collected at registration, so no « avant » existed to compare an « après » with,
and nobody could be asked again. :func:`next_year_plan` turns what the earlier steps
found into what to collect **from registration on** next year, one row per thing to
collect, read from the workspace's saved deliverables (never the raw files):

- the gaps of step 04 (``04-inventaire/lacunes.csv``: outcomes no existing data measures);
- the indicators step 06 left « à collecter » (``06-indicateurs/referentiel-indicateurs.csv``,
  through :func:`sizeup_helpers.indicators.outcomes_to_collect` for the tool of each);
- step 09: outcomes without a before/after measure (``resultats-par-effet.csv``), and the
  people lost between the waves (``appariement.csv``, ``attrition.csv``);
- the tools of steps 07 and 08 (``questionnaire-avant.xlsx``, ``questionnaire-apres.xlsx``,
  ``guide-entretien.md``) when they were saved.

Two rows are always there, because without them no after-wave exists: consent, collected
with the information the person is owed (RGPD art. 6.1.a and 7 for consent and its proof,
art. 13 for the information given at collection; CNIL, « Informer les personnes »), and a
means to recontact the person, with her agreement, kept apart from her answers and linked
to them only by the respondent code (pseudonymisation, RGPD art. 4(5) and 32; minimisation,
art. 5.1.c). The waves follow the before/after logic of the Avise and CSESS guides: a
baseline « dès l'inscription » and an after-wave when the outcome is expected (the
outcome's ``mois_de_mesure`` or horizon in the theory of change), never the same day
(a same-day wave only says how the session felt).

:func:`save_next_year_plan` writes ``12-restitution/plan-de-collecte-annee-suivante.csv``
and a French ``.md``; :func:`explain_next_year_plan` says it in words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import SizeUpError
from .reading import Reading

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "PLAN_COLUMNS",
    "PLAN_FILE",
    "PLAN_MARKDOWN",
    "explain_next_year_plan",
    "next_year_plan",
    "plan_markdown",
    "save_next_year_plan",
]

STEP = "12"
PLAN_FILE = "plan-de-collecte-annee-suivante.csv"
PLAN_MARKDOWN = "plan-de-collecte-annee-suivante.md"

PLAN_COLUMNS = (
    "à collecter",
    "effet",
    "indicateurs",
    "dès quand",
    "vague après",
    "outil",
    "auprès de",
    "qui s'en charge",
    "pourquoi",
    "source du constat",
)
"""The plan's French headers, one row per thing to collect."""

FROM_REGISTRATION = "dès l'inscription"
WEAK_PAIRING = 0.5
"""Below this share of people found again at the after-wave, the plan asks to keep the
wave and to recontact better (a before/after on fewer than half the people says little
about the others, DARES / CSESS guides on attrition)."""

_HORIZON_WAVE = {
    "court": "à la fin de l'action (jamais le jour même de la vague avant)",
    "moyen": "6 mois après la fin de l'action",
    "long": "12 mois après la fin de l'action",
}
_QUESTIONNAIRE = "questionnaire (07)"
_INTERVIEWS = "entretiens (08)"


# --------------------------------------------------------------------------------------
# Reading the saved deliverables
# --------------------------------------------------------------------------------------
def _csv(path: Path, sep: str = ",") -> pd.DataFrame | None:
    import pandas as pd

    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=sep)
    except pd.errors.EmptyDataError:  # a step that found nothing saves an empty file
        return pd.DataFrame()


def _toc(ws: Workspace) -> Any:
    from .theory_of_change import load_theory_of_change, toc_path

    if not toc_path(ws).is_file():
        return None
    try:
        return load_theory_of_change(ws)
    except SizeUpError:
        return None


def _framework(ws: Workspace) -> pd.DataFrame | None:
    from .indicators import load_indicator_framework

    try:
        return load_indicator_framework(ws).indicators
    except SizeUpError:
        return None


def _to_collect(ws: Workspace, tool: str) -> list[str]:
    from .indicators import outcomes_to_collect

    try:
        return outcomes_to_collect(ws, tool)
    except SizeUpError:
        return []


def _outcomes(ws: Workspace, toc: Any, framework: pd.DataFrame | None, gaps: Any) -> list[dict]:
    """The outcomes in the theory of change's order (else the framework's, else step 04's),
    each with its label, horizon, month of measure and the groups who live it."""
    out: dict[str, dict] = {}
    if toc is not None:
        from .theory_of_change import living_groups

        names = {s.id: s.name for s in toc.stakeholders}
        for el in toc.outcomes:
            groups = [names.get(p, p) for p in living_groups(toc, el)] or [
                names.get(p, p) for p in el.stakeholders
            ]
            out[el.id] = {
                "id": el.id,
                "label": el.label,
                "horizon": el.horizon or "",
                "month": el.measured_at,
                "groups": groups,
            }
    for row in [] if gaps is None else gaps.to_dict("records"):
        out.setdefault(
            row["effet"],
            {
                "id": row["effet"],
                "label": row.get("libelle_effet", ""),
                "horizon": row.get("horizon", ""),
                "month": None,
                "groups": [g.strip() for g in row.get("parties_prenantes", "").split(";")],
            },
        )
    if framework is not None:
        effects = framework[framework["Niveau"] == "effet"]
        for element in dict.fromkeys(effects["Élément"]):
            out.setdefault(
                element,
                {"id": element, "label": element, "horizon": "", "month": None, "groups": []},
            )
    for o in out.values():
        o["groups"] = [g for g in o["groups"] if g]
    return list(out.values())


def _after_wave(outcome: dict, frequencies: list[str]) -> str:
    month = outcome["month"]
    if month is not None:
        if month == 0:
            return _HORIZON_WAVE["court"]
        return f"{french.plural(month, 'mois', 'mois')} après la fin de l'action"
    for text in frequencies:
        found = re.search(r"(\d+)\s*mois", text)
        if found:
            return f"{found.group(1)} mois après l'entrée"
        if "annuel" in french.fold(text):
            return "12 mois après l'entrée"
    return _HORIZON_WAVE.get(outcome["horizon"], "quand l'effet est attendu (à fixer)")


def _pairing(ws: Workspace) -> pd.DataFrame | None:
    from .quantitative import STEP as QUANTI_STEP

    table = _csv(ws.step_dir(QUANTI_STEP, create=False) / "appariement.csv")
    if table is None or table.empty:
        return table
    for col in ("n_before", "n_after", "n_pairs", "n_lost", "pairing_rate", "median_days"):
        table[col] = table[col].map(_float)
    return table


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _tools(ws: Workspace) -> dict[str, str]:
    from .interview_guide import GUIDE_MARKDOWN
    from .interview_guide import STEP as GUIDE_STEP
    from .item_bank import STEP as FORM_STEP
    from .item_bank import XLSFORM_FILE

    forms = ws.step_dir(FORM_STEP, create=False)
    before, after = (XLSFORM_FILE.format(wave=w) for w in ("avant", "apres"))
    have_forms = (forms / before).is_file() and (forms / after).is_file()
    guide = (ws.step_dir(GUIDE_STEP, create=False) / GUIDE_MARKDOWN).is_file()
    return {
        _QUESTIONNAIRE: (
            f"{before} puis {after} (carnet 07, à importer dans KoboToolbox ou à imprimer)"
            if have_forms
            else "questionnaire avant/après à construire au carnet 07"
        ),
        _INTERVIEWS: (
            f"{GUIDE_MARKDOWN} et sa grille de codage (carnet 08)"
            if guide
            else "guide d'entretien à construire au carnet 08"
        ),
    }


# --------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------
def _row(**cells: str) -> dict[str, str]:
    keys = {
        "what": "à collecter",
        "outcome": "effet",
        "indicators": "indicateurs",
        "when": "dès quand",
        "after": "vague après",
        "tool": "outil",
        "whom": "auprès de",
        "who": "qui s'en charge",
        "why": "pourquoi",
        "source": "source du constat",
    }
    row = dict.fromkeys(PLAN_COLUMNS, "")
    for key, value in cells.items():
        row[keys[key]] = value
    return row


def _recontact_reason(pairing: pd.DataFrame | None, ran_09: bool) -> tuple[str, str]:
    if pairing is not None and not pairing.empty:
        worst = pairing.sort_values(["pairing_rate", "after_wave"], kind="stable").iloc[0]
        n_before, n_pairs = int(worst["n_before"]), int(worst["n_pairs"])
        lost = int(worst["n_lost"]) if worst["n_lost"] is not None else n_before - n_pairs
        return (
            f"Au carnet 09, à la vague {worst['after_wave']}, "
            f"{french.plural(n_pairs, 'personne retrouvée', 'personnes retrouvées')} sur "
            f"{french.plural(n_before, 'personne', 'personnes')} interrogées avant "
            f"({french.percent(n_pairs / n_before if n_before else 0)}) : "
            f"{french.plural(lost, 'personne perdue', 'personnes perdues')} entre les deux "
            "vagues.",
            "09-analyse-quantitative/appariement.csv",
        )
    if ran_09:
        return (
            "Le carnet 09 n'a trouvé aucune vague avant/après à apparier : sans moyen de "
            "recontacter les personnes, aucune mesure après n'est possible.",
            "09-analyse-quantitative/resultats-par-effet.csv",
        )
    return (
        "Sans moyen de recontacter les personnes, aucune vague après n'est possible.",
        "",
    )


def _fixed_rows(ws: Workspace, pairing: pd.DataFrame | None, ran_09: bool) -> list[dict]:
    from .item_bank import CODE_RULE
    from .quantitative import STEP as QUANTI_STEP

    why, source = _recontact_reason(pairing, ran_09)
    attrition = _csv(ws.step_dir(QUANTI_STEP, create=False) / "attrition.csv")
    profile_why = (
        "Pour comparer, à l'entrée, les personnes perdues à celles qui répondent encore "
        "(carnet 09 : comparaison des personnes perdues)."
        if attrition is not None and not attrition.empty
        else "Pour savoir si les personnes qui répondent après ressemblent à celles qui "
        "ne répondent plus (biais d'attrition)."
    )
    return [
        _row(
            what="Consentement à répondre et à être recontacté, après la notice "
            "d'information (finalité, base légale, durée de conservation, droits, contact)",
            when=FROM_REGISTRATION,
            after="redemandé à chaque vague (il se retire à tout moment)",
            tool="notice et question de consentement du questionnaire avant (carnet 07), "
            "reprises dans le formulaire d'inscription",
            whom="chaque personne accompagnée",
            who="l'équipe qui inscrit",
            why="Le consentement doit être libre, éclairé et prouvé (RGPD art. 6.1.a et 7) ; "
            "l'information est due au moment de la collecte (RGPD art. 13 ; CNIL, « Informer "
            "les personnes »). Sans lui, pas de questionnaire ni de recontact.",
            source="07-questionnaire",
        ),
        _row(
            what="Moyen de recontacter la personne (téléphone ou e-mail, au choix) et son "
            "code répondant, gardés à part des réponses",
            when=FROM_REGISTRATION,
            after="utilisé pour la relance de la vague après (deux relances au plus)",
            tool=f"fichier de contacts séparé, à accès restreint ; le code répondant : {CODE_RULE}",
            whom="les personnes qui ont accepté d'être recontactées",
            who="la personne responsable des données (seule à relier code et contact)",
            why=why + " Les contacts restent hors du fichier d'analyse, reliés par le seul "
            "code (pseudonymisation, RGPD art. 4(5) et 32 ; minimisation, art. 5.1.c), et "
            "sont effacés après la dernière vague.",
            source=source,
        ),
        _row(
            what="Profil à l'entrée, sans nom (tranche d'âge, situation, territoire)",
            when=FROM_REGISTRATION,
            after="—",
            tool="formulaire d'inscription, colonnes du registre (carnet 05)",
            whom="chaque personne accompagnée",
            who="l'équipe qui inscrit",
            why=profile_why,
            source="09-analyse-quantitative/attrition.csv"
            if attrition is not None and not attrition.empty
            else "",
        ),
    ]


def next_year_plan(ws: Workspace) -> pd.DataFrame:
    """Next year's collection plan: what to collect from registration on, one row per thing.

    Read from the workspace's saved deliverables (module docstring): the consent, the
    means to recontact and the profile at entry first (always: without them no after-wave
    exists), then one row per outcome of the theory of change that no existing data
    measures (step 04's gaps, step 06's indicators « à collecter », outcomes step 09 could
    not measure before and after), the outcomes step 09 measured before and after (the
    after-wave to hold when it was the same day or found fewer than :data:`WEAK_PAIRING`
    of the people again) and those step 06 measured from existing data (same definition
    next year), in the theory of change's order.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`PLAN_COLUMNS` (French), every cell text.
    """
    import pandas as pd

    from .inventory import FILES as INVENTORY_FILES
    from .quantitative import RESULTS_FILE as QUANTI_FILE
    from .quantitative import STEP as QUANTI_STEP

    toc = _toc(ws)
    framework = _framework(ws)
    gaps = _csv(ws.step_dir("04", create=False) / INVENTORY_FILES["lacunes"], sep=";")
    results = _csv(ws.step_dir(QUANTI_STEP, create=False) / QUANTI_FILE)
    ran_09 = results is not None
    pairing = _pairing(ws)
    tools = _tools(ws)
    by_tool = {t: _to_collect(ws, t) for t in (_QUESTIONNAIRE, _INTERVIEWS)}
    gap_ids = {} if gaps is None else {r["effet"]: r for r in gaps.to_dict("records")}

    rows = _fixed_rows(ws, pairing, ran_09)
    indicator_labels = (
        {}
        if framework is None
        else dict(zip(framework["Identifiant"], framework["Libellé"], strict=True))
    )
    for outcome in _outcomes(ws, toc, framework, gaps):
        oid = outcome["id"]
        name = f"{oid} « {outcome['label']} »"
        own = (
            framework[(framework["Niveau"] == "effet") & (framework["Élément"] == oid)]
            if framework is not None
            else None
        )
        measured = own is not None and (own["Valeur"].astype(str) != "").any()
        in_09 = results[results["effet"] == oid] if ran_09 and "effet" in results else None
        if measured:
            rows.append(_kept_row(outcome, name, own))
            continue
        if in_09 is not None and len(in_09):
            rows.append(_wave_row(outcome, name, in_09, pairing, tools, indicator_labels))
            continue
        pending = own[own["Valeur"].astype(str) == ""] if own is not None else None
        labels = [] if pending is None else list(dict.fromkeys(pending["Libellé"]))
        frequencies = [] if pending is None else [f for f in pending["Fréquence"] if f]
        interviews_only = oid in by_tool[_INTERVIEWS] and oid not in by_tool[_QUESTIONNAIRE]
        why, sources = [], []
        if oid in gap_ids:
            why.append(f"Carnet 04 : {gap_ids[oid]['raison'].rstrip('.').lower()}.")
            sources.append("04-inventaire/lacunes.csv")
        if labels:
            what = french.plural(len(labels), "indicateur", "indicateurs")
            why.append(f"Carnet 06 : {what} à collecter, aucune valeur dans vos données.")
            sources.append("06-indicateurs/referentiel-indicateurs.csv")
        if ran_09:
            why.append("Carnet 09 : aucune mesure avant/après de cet effet.")
            sources.append("09-analyse-quantitative/resultats-par-effet.csv")
        if not why:
            why.append("Aucune donnée ne mesure encore cet effet.")
        groups = " ; ".join(outcome["groups"]) or "les personnes qui vivent le changement"
        if interviews_only:
            rows.append(
                _row(
                    what=f"Récits de changement sur {name}",
                    outcome=name,
                    indicators=" ; ".join(labels) or "à choisir au carnet 06",
                    when=f"{FROM_REGISTRATION} : accord pour un entretien",
                    after=_after_wave(outcome, frequencies),
                    tool=tools[_INTERVIEWS],
                    whom=groups,
                    who="une personne formée au guide, qui n'accompagne pas la personne interrogée",
                    why=" ".join(why),
                    source=" ; ".join(sources),
                )
            )
            continue
        rows.append(
            _row(
                what=f"Situation de départ puis d'arrivée sur {name}",
                outcome=name,
                indicators=" ; ".join(labels) or "à choisir au carnet 06",
                when=f"{FROM_REGISTRATION} (vague avant, avant la première séance)",
                after=_after_wave(outcome, frequencies),
                tool=tools[_QUESTIONNAIRE],
                whom=groups,
                who="l'équipe d'accueil (vague avant), la personne référente (vague après)",
                why=" ".join(why),
                source=" ; ".join(sources),
            )
        )
    if toc is None and framework is None:
        rows.append(
            _row(
                what="Situation de départ sur les effets que vous attendez",
                when=FROM_REGISTRATION,
                after="à fixer quand la théorie du changement dira quand chaque effet est attendu",
                tool=tools[_QUESTIONNAIRE],
                whom="les personnes que vous accompagnez",
                who="l'équipe d'accueil",
                why="Aucune théorie du changement ni aucun référentiel d'indicateurs n'est "
                "encore enregistré : écrivez-les aux carnets 02 et 06 pour savoir quoi "
                "mesurer.",
            )
        )
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


def _kept_row(outcome: dict, name: str, own: pd.DataFrame) -> dict:
    """A row for an outcome step 06 measured from existing data: keep the same definition
    so that next year's figure compares with this year's (``results.json``)."""
    done = own[own["Valeur"].astype(str) != ""]
    figures = []
    for r in done.to_dict("records"):
        value = _float(r["Valeur"])
        unit = r["Unité"]
        shown = french.number(value) + (f" {unit}" if unit and unit != "%" else "")
        if unit == "%":
            shown = french.percent(value / 100)
        n, n_unit = _float(r["Effectif"]), r["Unité de l'effectif"]
        if n is not None and n_unit:
            shown += f" sur {french.integer(n)} {n_unit}"
        figures.append(f"{r['Libellé']} : {shown}")
    return _row(
        what=f"Même relevé, même définition, pour {name}",
        outcome=name,
        indicators=" ; ".join(done["Libellé"]),
        when=f"{FROM_REGISTRATION}, dans les mêmes fichiers que cette année",
        after=_after_wave(outcome, [f for f in done["Fréquence"] if f]),
        tool="données existantes (même formule qu'au carnet 06)",
        whom=" ; ".join(outcome["groups"]) or "les personnes accompagnées",
        who="l'équipe qui tient les fichiers",
        why=f"Carnet 06 : déjà mesuré ({' ; '.join(figures)}). Sans situation de départ ni "
        "comparaison, ce chiffre ne dit pas ce qui a changé grâce à l'action ; gardez sa "
        "définition pour le comparer d'une année sur l'autre.",
        source="06-indicateurs/referentiel-indicateurs.csv",
    )


def _wave_row(
    outcome: dict,
    name: str,
    measured: pd.DataFrame,
    pairing: pd.DataFrame | None,
    tools: dict,
    labels: dict[str, str],
) -> dict:
    """The row of an outcome step 09 measured before and after: « vague après à tenir »
    when every after-wave is the same day or found fewer than :data:`WEAK_PAIRING` of the
    people again, else « même mesure avant/après » (keep the question and the moment)."""
    indicators = list(dict.fromkeys(measured["indicateur"])) if "indicateur" in measured else []
    waves = (
        pairing[pairing["indicateur"].isin(set(indicators))]
        if pairing is not None and not pairing.empty and "indicateur" in pairing
        else None
    )
    common = {
        "outcome": name,
        "indicators": " ; ".join(labels.get(i, i) for i in indicators),
        "when": f"{FROM_REGISTRATION} (vague avant, avec le code répondant)",
        "tool": tools[_QUESTIONNAIRE],
        "whom": " ; ".join(outcome["groups"]) or "les personnes accompagnées",
        "who": "la personne référente, avec deux relances au plus",
        "source": "09-analyse-quantitative/appariement.csv",
    }
    if waves is None or waves.empty:
        return _row(
            what=f"Même mesure avant/après sur {name}",
            after=_after_wave(outcome, []),
            why="Carnet 09 : une mesure avant/après existe ; gardez la même question et le "
            "même moment pour comparer d'une année sur l'autre.",
            **{**common, "source": "09-analyse-quantitative/resultats-par-effet.csv"},
        )
    immediate = waves["immediate"].astype(str).str.lower().isin(["true", "1", "oui"])
    sound = waves[~immediate & (waves["pairing_rate"].fillna(0) >= WEAK_PAIRING)]
    parts = []
    for w, same_day in zip(waves.itertuples(index=False), immediate, strict=True):
        n_before, n_pairs = int(w.n_before or 0), int(w.n_pairs or 0)
        text = (
            f"vague {w.after_wave} : {french.plural(n_pairs, 'personne', 'personnes')} "
            f"retrouvée{'s' if n_pairs >= 2 else ''} sur {french.integer(n_before)}"
        )
        if same_day:
            text += " (remplie le jour même : un ressenti de fin de séance, pas un changement)"
        parts.append(text)
    later = waves[~immediate & waves["median_days"].notna()]
    after = _after_wave(outcome, [])
    if len(later):
        best = later.sort_values("pairing_rate", ascending=False, kind="stable").iloc[0]
        days = int(best["median_days"])
        after = (
            f"comme la vague {best['after_wave']}, environ "
            f"{french.plural(days, 'jour', 'jours')} après la vague avant"
        )
    if len(sound):
        return _row(
            what=f"Même mesure avant/après sur {name}",
            after=after,
            why=f"Carnet 09 : {' ; '.join(parts)}. Gardez la même question et le même moment "
            "pour comparer d'une année sur l'autre.",
            **common,
        )
    return _row(
        what=f"Vague après à tenir sur {name}",
        after=after + (", avec plus de personnes retrouvées" if len(later) else ""),
        why=f"Carnet 09 : {' ; '.join(parts)}. Une vague après trop tôt ou trop peu remplie "
        "ne dit pas si le changement tient.",
        **common,
    )


# --------------------------------------------------------------------------------------
# Saving and reading it
# --------------------------------------------------------------------------------------
def plan_markdown(plan: pd.DataFrame, structure: str = "") -> str:
    """The plan as a French Markdown page (what :func:`save_next_year_plan` writes)."""
    title = "Plan de collecte pour l'année prochaine" + (f" — {structure}" if structure else "")
    lines = [
        f"# {title}",
        "",
        "La leçon du programme : la plupart des structures n'avaient pas de données sur "
        "leurs effets. Ce plan dit quoi recueillir **dès l'inscription** (une situation de "
        "départ, le consentement et un moyen de recontacter les personnes) pour que "
        "l'évaluation de l'an prochain dispose de données d'effet.",
        "",
    ]
    for i, row in enumerate(plan.to_dict("records"), start=1):
        lines += [f"## {i}. {row['à collecter']}", ""]
        for col in PLAN_COLUMNS[1:]:
            if row[col]:
                lines.append(f"- **{col[0].upper() + col[1:]}** : {row[col]}")
        lines.append("")
    lines += [
        "## Protection des données",
        "",
        "- Une notice d'information à chaque collecte (RGPD art. 13) et un consentement "
        "que la personne peut retirer à tout moment (RGPD art. 7).",
        "- Les contacts restent dans un fichier à part ; le fichier d'analyse ne porte que "
        "le code répondant (pseudonymisation, RGPD art. 4(5)).",
        "- Les tableaux publiés masquent les cases de moins de 11 personnes.",
        "",
    ]
    return "\n".join(lines)


def save_next_year_plan(ws: Workspace, plan: pd.DataFrame | None = None) -> Path:
    """Write ``12-restitution/plan-de-collecte-annee-suivante.csv`` (UTF-8 with a BOM, for
    Excel) and its French ``.md`` beside it; return the CSV's path. Byte-identical from one
    run to the next on the same deliverables."""
    plan = next_year_plan(ws) if plan is None else plan
    folder = ws.step_dir(STEP)
    path = ws.write_csv(folder / PLAN_FILE, plan, bom=True)
    ws.write_text(folder / PLAN_MARKDOWN, plan_markdown(plan, ws.name))
    return path


def explain_next_year_plan(plan: pd.DataFrame) -> Reading:
    """What :func:`next_year_plan` asks to collect next year, in French."""
    title = "Ce qu'il faut collecter dès l'an prochain"
    if plan is None or plan.empty:
        return Reading.of(["Rien à planifier : le plan de collecte est vide."], title=title)
    named = plan[plan["effet"] != ""]
    kept = named[named["outil"].str.startswith("données existantes")]
    outcomes = named[~named.index.isin(kept.index)]
    lines = [
        f"Le plan compte {french.plural(len(plan), 'chose', 'choses')} à recueillir "
        f"{FROM_REGISTRATION}, dont le consentement et un moyen de recontacter les "
        "personnes, gardé à part de leurs réponses : sans eux, pas de vague après."
    ]
    if named.empty:
        lines.append(
            "Aucun effet n'est encore nommé à mesurer : écrivez la théorie du changement "
            "(carnet 02) et le référentiel d'indicateurs (carnet 06)."
        )
    if len(outcomes):
        lines.append(
            f"{french.plural(len(outcomes), 'effet est', 'effets sont')} à mesurer avant "
            "puis après :"
        )
        for row in outcomes.to_dict("records"):
            lines.append(f"- {row['effet']} : mesure après, {row['vague après']}.")
    if len(kept):
        lines.append(
            f"{french.plural(len(kept), 'effet déjà mesuré garde', 'effets déjà mesurés gardent')}"
            " la même définition pour se comparer d'une année sur l'autre : "
            f"{french.join_and(kept['effet'])}."
        )
    recontact = plan.iloc[1]["pourquoi"] if len(plan) > 1 else ""
    if recontact.startswith("Au carnet 09"):
        lines.append(recontact.split(" Les contacts")[0])
    return Reading.of(lines, title=title, table=plan)

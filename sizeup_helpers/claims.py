"""Step 12's claims: what the evaluation can say, with its level of evidence, and what it cannot.

The report (:mod:`sizeup_helpers.report`), the one-page Demo Day summary and the case-study
page all say the same things, taken from the same place:

- :func:`key_findings` turns the figures of ``results.json`` (:mod:`sizeup_helpers.results`)
  into :class:`Finding` objects, each a French sentence with its figure, its unit, the number
  of **people** behind it and its **level of evidence** (« comptage », « déclaratif »,
  « avant/après », « comparaison »), ordered so that the first three to five are the key
  results;
- :func:`cannot_say` lists « ce que nous ne pouvons pas dire »: no comparison group, hence no
  causal attribution; declared changes; small samples; people lost between waves; steps not
  run; outcomes without data (guide du CSESS « Mesurer et évaluer son utilité sociale »,
  2011; Avise, « Évaluer l'impact social », 2022: say what the evidence does not support);
- :func:`framing` gives the promise / proof / appropriation framing of the restitution: the
  promise is the theory of change and its outcomes, the proof the findings with their level
  of evidence, the appropriation what the structure decides next and what participants said.

Small cells are counted in **people**: a figure resting on fewer people than the workspace's
threshold (``small_cell_threshold``, 11 by default: the small-numbers rule of French health
data, SNDS/CNAM, used by the CNIL and the DGFiP for data on persons) is not shown (« < 11 »),
and linked tables go through :func:`sizeup_helpers.privacy.suppress_small_cells`, whose
secondary suppression stops a hidden figure being recovered by subtraction. For a structure
whose public are **minors** (:func:`serves_minors`), the threshold never goes below 11 and a
class- or group-level result under it is never shown (:func:`hide_small_groups`; CNIL,
« Recommandations sur les droits des mineurs », 2021: extra care for children's data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french

if TYPE_CHECKING:
    import pandas as pd

    from .reading import Reading
    from .workspace import Workspace

DEFAULT_THRESHOLD = 11
"""People below which a figure is not published (SNDS small-numbers rule)."""

COUNT = "comptage"
DECLARED = "déclaratif"
BEFORE_AFTER = "avant/après"
COMPARISON = "comparaison"
LEVELS = (COUNT, DECLARED, BEFORE_AFTER, COMPARISON)
"""The levels of evidence, weakest first."""

LEVEL_HELP = {
    COUNT: "un nombre tiré des fichiers de la structure (ce qui a été fait, pour qui)",
    DECLARED: "ce que les personnes disent, à un moment, sans mesure de départ",
    BEFORE_AFTER: "la même mesure avant et après, chez les mêmes personnes",
    COMPARISON: "un écart avec un groupe qui n'a pas bénéficié de l'action",
}
"""What each level of evidence means, in French (shown beside its badge)."""

PEOPLE_UNITS = frozenset(
    {
        "personnes",
        "eleves",
        "stagiaires",
        "participants",
        "participantes",
        "beneficiaires",
        "salaries",
        "habitants",
        "societaires",
        "jeunes",
        "familles",
        "usagers",
        "adherents",
        "benevoles",
    }
)
"""Units (folded) that count people: small-cell suppression applies to them."""


def counts_people(unit: str) -> bool:
    """Whether a unit counts people (« personnes », « élèves », « stagiaires »…)."""
    return french.fold_key(unit) in PEOPLE_UNITS


QUANTITATIVE = "quantitatif"
QUALITATIVE = "qualitatif"

_SOURCES = {
    "indicators": "06-indicateurs/referentiel-indicateurs.csv",
    "quantitative": "09-analyse-quantitative/resultats-par-effet.csv",
    "qualitative": "10-analyse-qualitative/themes-par-effet.csv",
}

_MINOR_WORDS = re.compile(
    r"\b(mineurs?|eleves?|collegiens?|collegiennes?|lyceens?|lyceennes?|enfants?|"
    r"ecoliers?|ecolieres?|colleges?|ecoles? primaires?|protection de l enfance)\b"
)
_AGE_RANGE = re.compile(r"\b(\d{1,2})\s+(?:a\s+)?(\d{1,2})\s+ans\b")
"""An age range in folded text (« 10–16 ans » folds to « 10 16 ans »)."""


# --------------------------------------------------------------------------------------
# Thresholds and minors
# --------------------------------------------------------------------------------------
def serves_minors(ws: Workspace) -> bool:
    """Whether the structure's public are minors, read from ``structure.yml``: its type
    and description say « mineurs », « élèves », « collégiens », « enfants »… or give an age
    range starting under 18 (« 10–16 ans »).
    """
    info = ws.config.get("structure", {})
    text = french.fold_key(f"{info.get('type', '')} {info.get('description', '')}")
    if _MINOR_WORDS.search(text):
        return True
    return any(int(low) < 18 for low, _ in _AGE_RANGE.findall(text))


def small_cell_threshold(ws: Workspace | None, threshold: int | None = None) -> int:
    """The number of people below which a figure is not published.

    ``threshold`` wins when given, else the workspace's parameter ``small_cell_threshold``,
    else 11. For minors (:func:`serves_minors`) it never goes below 11.
    """
    if threshold is None:
        threshold = DEFAULT_THRESHOLD if ws is None else ws.parameters.get("small_cell_threshold")
    try:
        value = int(threshold if threshold is not None else DEFAULT_THRESHOLD)
    except (TypeError, ValueError):
        raise ValueError(
            f"Le seuil des petits effectifs doit être un nombre entier, pas {threshold!r}."
        ) from None
    if value < 1:
        raise ValueError(f"Le seuil des petits effectifs doit être positif, pas {value}.")
    if ws is not None and serves_minors(ws):
        value = max(value, DEFAULT_THRESHOLD)
    return value


def hidden(threshold: int) -> str:
    """What a figure hidden for small numbers shows: ``"< 11"``."""
    return f"< {threshold}"


def hide_small_groups(
    table: pd.DataFrame, people: str, threshold: int = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """``table`` (one row per class or group) with every figure of a group under
    ``threshold`` people (but not none) replaced by ``"< 11"``: its count, but also its
    mean or share.

    Used for minors' class- or group-level results, which are never shown below the
    threshold. A new frame; the label columns (text) are kept.
    """
    import pandas as pd

    if people not in table.columns:
        raise ValueError(f"Colonne « {people} » absente du tableau : {list(table.columns)}.")
    n = pd.to_numeric(table[people], errors="coerce")
    small = n.notna() & (n > 0) & (n < threshold)
    out = table.astype(object).copy()
    for column in table.columns:
        numeric = pd.to_numeric(table[column], errors="coerce").notna() | (column == people)
        out.loc[small & numeric, column] = hidden(threshold)
    return out


def suppress_linked(table: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """A table of people counts whose columns add up to a ``Total`` column, small cells
    hidden with secondary suppression (:func:`sizeup_helpers.privacy.suppress_small_cells`):
    no hidden figure can be recovered by subtracting two shown ones."""
    from .privacy import suppress_small_cells

    return suppress_small_cells(table, threshold).table


# --------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One claim of the restitution, in French, with its evidence."""

    outcome: str
    """The ToC element it speaks of (``E1``, ``R1``), or ``""``."""
    outcome_label: str
    """That element's label (« Confiance en soi retrouvée »)."""
    text: str
    """The French sentence, figures already formatted (or « < 11 » when hidden)."""
    figure: float | int | None
    """The headline figure; ``None`` when hidden or absent."""
    unit: str
    """Unit of ``figure`` (« points », « % », « personnes »…)."""
    n: int | None
    """How many behind the figure; ``None`` when hidden or unknown."""
    n_unit: str
    """« personnes » (or « lignes » when only rows are known)."""
    level_of_evidence: str
    """One of :data:`LEVELS`."""
    source: str
    """The step and file it comes from (« 09-analyse-quantitative/resultats-par-effet.csv »)."""
    kind: str = QUANTITATIVE
    """« quantitatif » or « qualitatif »."""
    suppressed: bool = False
    """True when the figure rests on fewer people than the threshold and is not shown."""
    key: str = ""
    """The stable key of ``results.json`` it comes from."""
    details: dict[str, Any] = field(default_factory=dict, compare=False)
    """Other figures (interval, direction…), for the report's tables."""

    @property
    def figure_text(self) -> str:
        """The figure as shown: French number with its unit, or « < 11 » when hidden."""
        if self.suppressed:
            return self.details.get("hidden", hidden(DEFAULT_THRESHOLD))
        if self.figure is None:
            return "—"
        return _with_unit(self.figure, self.unit)

    @property
    def n_text(self) -> str:
        """« 35 personnes », « < 11 personnes » or ``""``."""
        if self.suppressed:
            marker = self.details.get("hidden", hidden(DEFAULT_THRESHOLD))
            return f"{marker} {self.n_unit or 'personnes'}"
        if self.n is None:
            return ""
        return french.plural(self.n, _singular(self.n_unit), self.n_unit or "personnes")

    def to_dict(self) -> dict[str, Any]:
        """The finding as a plain dictionary (French-free keys, as in ``results.json``)."""
        return {
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "text": self.text,
            "figure": None if self.suppressed else self.figure,
            "unit": self.unit,
            "n": None if self.suppressed else self.n,
            "n_unit": self.n_unit,
            "level_of_evidence": self.level_of_evidence,
            "source": self.source,
            "kind": self.kind,
            "suppressed": self.suppressed,
            "key": self.key,
        }


def _singular(unit: str) -> str:
    return {"personnes": "personne", "lignes": "ligne", "points": "point"}.get(
        unit, unit[:-1] if unit.endswith("s") else unit
    )


def _with_unit(value: Any, unit: str) -> str:
    if unit == "%":
        return french.percent(float(value) / 100)
    if counts_people(unit) or unit in ("lignes", "points", "heures", "segments", "inscriptions"):
        text = french.number(value, 1)
        return f"{text} {french.agree(value, _singular(unit), unit)}"
    text = french.number(value, 2)
    return f"{text} {unit}".strip()


def _signed(value: float, unit: str) -> str:
    text = _with_unit(abs(value), unit)
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def _toc(ws: Workspace | None):
    from .errors import SizeUpError
    from .theory_of_change import load_theory_of_change, toc_path

    if ws is None or not toc_path(ws).is_file():
        return None
    try:
        return load_theory_of_change(ws)
    except SizeUpError:
        return None


def outcome_labels(ws: Workspace | None, results: dict[str, Any] | None = None) -> dict[str, str]:
    """ToC element id → label (outcomes and outputs), from the theory of change, completed
    by the labels the results carry."""
    labels: dict[str, str] = {}
    toc = _toc(ws)
    if toc is not None:
        labels.update({e.id: e.label for e in (*toc.outputs, *toc.outcomes)})
    results = results or {}
    for t in ((results.get("qualitative") or {}).get("triangulation") or {}).items():
        labels.setdefault(t[0], t[1].get("label") or t[0])
    return labels


def _quantitative_findings(results, labels, threshold) -> list[Finding]:
    out = []
    indicators = results.get("indicators") or {}
    for key, q in sorted((results.get("quantitative") or {}).items()):
        n = q.get("n_pairs")
        outcome = q.get("outcome", "")
        label = labels.get(outcome, outcome)
        evidence = q.get("level_of_evidence", "")
        folded = french.fold_key(evidence)
        same_day = "meme jour" in folded or "immediat" in folded
        if "groupe de comparaison" in folded and "sans groupe" not in folded:
            level = COMPARISON
        else:
            level = DECLARED if same_day else BEFORE_AFTER
        yes_no = "mcnemar" in french.fold_key(q.get("test", ""))
        unit = "points de %" if yes_no else "points"
        diff = q.get("mean_difference")
        figure = None if diff is None else (round(diff * 100, 1) if yes_no else diff)
        small = n is None or n < threshold
        waves = q.get("waves", "")
        details = {
            "hidden": hidden(threshold),
            "direction": q.get("direction", ""),
            "waves": waves,
            "indicator": q.get("indicator", ""),
            "n_before": q.get("n_before"),
            "evidence_note": evidence,
            "same_day": same_day,
        }
        if small:
            text = (
                f"{label} ({waves}) : résultat non publié, il repose sur moins de "
                f"{french.plural(threshold, 'personne', 'personnes')} ayant répondu aux deux "
                "vagues (règle des petits effectifs)."
            )
        elif figure is None:
            text = f"{label} ({waves}) : pas de différence calculée."
        else:
            interval = ""
            lo, hi = q.get("ci_low"), q.get("ci_high")
            if lo is not None and hi is not None and not yes_no:
                interval = (
                    f", intervalle de confiance à 95 % de {french.number(lo, 2)} à "
                    f"{french.number(hi, 2)}"
                )
            direction = q.get("direction", "")
            verdict = {
                "favorable": "un changement favorable",
                "défavorable": "un changement défavorable",
            }.get(direction, "un écart non concluant")
            name = (indicators.get(q.get("indicator", "")) or {}).get("label")
            name = f"{name} (effet « {label} »)" if name and name != label else label
            text = (
                f"{name} : {_signed(figure, unit)} en moyenne ({waves}{interval}) "
                f"chez {french.plural(n, 'personne', 'personnes')} ayant répondu aux deux "
                f"vagues, soit {verdict}"
                + (" ; mesuré le jour même, c'est un effet immédiat déclaré." if same_day else ".")
            )
        out.append(
            Finding(
                outcome=outcome,
                outcome_label=label,
                text=text,
                figure=None if small else figure,
                unit=unit,
                n=None if small else n,
                n_unit="personnes",
                level_of_evidence=level,
                source=_SOURCES["quantitative"],
                kind=QUANTITATIVE,
                suppressed=small,
                key=f"quantitative.{key}",
                details=details,
            )
        )
    return out


def _indicator_findings(results, labels, threshold) -> list[Finding]:
    out = []
    for key, ind in (results.get("indicators") or {}).items():
        value = ind.get("value")
        if value is None:
            continue
        unit = ind.get("unit", "")
        n, n_unit = ind.get("n"), ind.get("n_unit") or ""
        count = value if counts_people(unit) else None
        small = count is not None and 0 < count < threshold
        if counts_people(n_unit) and n is not None and n < threshold:
            small = True
        level = COUNT if ind.get("level") == "réalisation" else DECLARED
        element = ind.get("element", "")
        label = ind.get("label", key)
        target, status = ind.get("target"), ind.get("status", "")
        if small:
            text = (
                f"{label} : non publié, moins de "
                f"{french.plural(threshold, 'personne', 'personnes')} concernées "
                "(règle des petits effectifs)."
            )
        else:
            base = ""
            if n is not None and unit != n_unit:
                base = f", sur {french.plural(n, _singular(n_unit), n_unit or 'lignes')}"
            goal = ""
            if target is not None:
                goal = f" ; cible : {_with_unit(target, unit)} ({status})"
            elif status and status not in ("sans cible",):
                goal = f" ({status})"
            text = f"{label} : {_with_unit(value, unit)}{base}{goal}."
        out.append(
            Finding(
                outcome=element,
                outcome_label=labels.get(element, element),
                text=text,
                figure=None if small else value,
                unit=unit,
                n=None if small else (n if n is not None else count),
                n_unit=n_unit or (unit if counts_people(unit) else ""),
                level_of_evidence=level,
                source=_SOURCES["indicators"],
                kind=QUANTITATIVE,
                suppressed=small,
                key=f"indicators.{key}",
                details={"hidden": hidden(threshold), "status": status, "target": target},
            )
        )
    return out


def _qualitative_findings(results, labels, threshold) -> list[Finding]:
    out = []
    themes = (results.get("qualitative") or {}).get("themes") or {}
    for key, t in themes.items():
        people = t.get("people")
        if not people:
            continue
        outcome = t.get("outcome", "")
        label = t.get("label") or labels.get(outcome, key)
        small = people < threshold
        against = t.get("segments_against") or 0
        if small:
            text = (
                f"« {label} » : évoqué dans les entretiens ou les réponses écrites, par moins "
                f"de {french.plural(threshold, 'personne', 'personnes')} (nombre non publié)."
            )
        else:
            text = (
                f"« {label} » : "
                f"{french.plural(people, 'personne en parle', 'personnes en parlent')}"
                " dans les entretiens ou les réponses écrites"
                + (
                    f", et {french.plural(against, 'passage va', 'passages vont')} en sens "
                    "contraire."
                    if against
                    else ", sans passage en sens contraire."
                )
            )
        out.append(
            Finding(
                outcome=outcome,
                outcome_label=labels.get(outcome, label),
                text=text,
                figure=None if small else people,
                unit="personnes",
                n=None if small else people,
                n_unit="personnes",
                level_of_evidence=DECLARED,
                source=_SOURCES["qualitative"],
                kind=QUALITATIVE,
                suppressed=small,
                key=f"qualitative.themes.{key}",
                details={
                    "hidden": hidden(threshold),
                    "segments": t.get("segments"),
                    "against": against,
                    "interviewed": t.get("people_interviewed"),
                    "written": t.get("people_written"),
                },
            )
        )
    return out


def _rank(f: Finding) -> tuple:
    if f.kind == QUALITATIVE:
        level = 4
    elif f.level_of_evidence == COMPARISON:
        level = 0
    elif f.level_of_evidence == BEFORE_AFTER:
        level = 1
    elif f.level_of_evidence == DECLARED and not f.details.get("same_day"):
        level = 2
    elif f.level_of_evidence == COUNT:
        level = 3 if counts_people(f.unit) else 3.5
    else:
        level = 5
    unclear = f.details.get("direction") in ("non concluant", "défavorable")
    return (f.suppressed, f.figure is None, level, unclear, -(f.n or 0), f.key)


def key_findings(
    ws: Workspace | None, results: dict[str, Any], *, threshold: int | None = None
) -> list[Finding]:
    """Every claim the results support, the key ones first.

    Parameters
    ----------
    ws
        The workspace (its theory of change names the outcomes; its threshold and public
        decide small cells); ``None`` for a results dictionary alone.
    results
        A dictionary of :func:`sizeup_helpers.results.collect_results` (or last year's, read
        with :func:`~sizeup_helpers.results.load_results_json`).
    threshold
        People below which a figure is hidden; by default :func:`small_cell_threshold`.

    Returns
    -------
    list of Finding
        Before/after comparisons (step 09), then outcome indicators (step 06), then counts of
        outputs, then themes said in interviews (step 10); findings resting on fewer people
        than the threshold come last, their figures hidden (« < 11 »). The first three to
        five are the key results of a one-page summary.
    """
    limit = small_cell_threshold(ws, threshold)
    labels = outcome_labels(ws, results)
    found = (
        _quantitative_findings(results, labels, limit)
        + _indicator_findings(results, labels, limit)
        + _qualitative_findings(results, labels, limit)
    )
    return sorted(found, key=_rank)


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """The findings as a French table (one row each), hidden figures as « < 11 »."""
    import pandas as pd

    rows = [
        {
            "effet": f.outcome,
            "libellé de l'effet": f.outcome_label,
            "constat": f.text,
            "chiffre": f.figure_text,
            "effectif": f.n_text,
            "niveau de preuve": f.level_of_evidence,
            "nature": f.kind,
            "source": f.source,
        }
        for f in findings
    ]
    columns = [
        "effet",
        "libellé de l'effet",
        "constat",
        "chiffre",
        "effectif",
        "niveau de preuve",
        "nature",
        "source",
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------
# What we cannot say
# --------------------------------------------------------------------------------------
def _step_title(number: str) -> str:
    from .curriculum import get_step

    return f"{number} « {get_step(number).title} »"


def cannot_say(
    ws: Workspace | None, results: dict[str, Any], *, threshold: int | None = None
) -> list[str]:
    """« Ce que nous ne pouvons pas dire », one French sentence each.

    No comparison group means no causal attribution; declared changes; same-day
    measures; small samples and hidden figures; people lost between waves; steps not run;
    outcomes of the theory of change without data; the valuation's own limits (guide du
    CSESS, 2011; Avise, « Évaluer l'impact social », 2022).
    """
    limit = small_cell_threshold(ws, threshold)
    findings = key_findings(ws, results, threshold=limit)
    levels = {f.level_of_evidence for f in findings if not f.suppressed}
    lines: list[str] = []
    if COMPARISON not in levels:
        lines.append(
            "Nous ne pouvons pas dire que les changements observés sont dus à notre action "
            "seule : aucun groupe de comparaison n'a été suivi, donc rien ne dit ce qui se "
            "serait passé sans nous (attribution causale impossible)."
        )
    if DECLARED in levels or BEFORE_AFTER in levels:
        lines.append(
            "Les changements reposent sur ce que les personnes déclarent : un ressenti "
            "sincère, pas une mesure extérieure ; les personnes satisfaites répondent plus "
            "volontiers."
        )
    if any(f.details.get("same_day") for f in findings):
        lines.append(
            "Un écart mesuré le jour même (début et fin d'une séance) dit un effet immédiat "
            "ressenti, pas un changement durable."
        )
    small = [f for f in findings if f.suppressed]
    if small:
        lines.append(
            french.plural(len(small), "résultat n'est pas publié", "résultats ne sont pas publiés")
            + " : moins de "
            + french.plural(limit, "personne", "personnes")
            + " (règle des petits effectifs) — "
            + french.quoted_list(sorted({f.outcome_label or f.outcome for f in small}), limit=5)
            + "."
        )
    few = [f for f in findings if not f.suppressed and f.n is not None and f.n < 30]
    few = [f for f in few if f.n_unit == "personnes" and f.kind == QUANTITATIVE]
    few = [f for f in few if f.level_of_evidence != COUNT]
    if few:
        lines.append(
            "Avec moins de 30 personnes, un résultat reste fragile : une poignée de réponses "
            "peut le faire basculer ("
            + french.quoted_list(sorted({f.outcome_label or f.outcome for f in few}), limit=5)
            + ")."
        )
    for q in (results.get("quantitative") or {}).values():
        before, pairs = q.get("n_before"), q.get("n_pairs")
        if before and pairs is not None and before >= limit and pairs < before:
            lost = (before - pairs) / before
            lines.append(
                f"{french.percent(lost, 0)} des personnes interrogées au départ "
                f"({q.get('indicator', '')}, {q.get('waves', '')}) n'ont pas répondu à la "
                "vague suivante : celles qui restent ne ressemblent peut-être pas à celles "
                "qui sont parties."
            )
    missing = [s for s in results.get("missing_steps") or [] if s]
    if missing:
        lines.append(
            "Ces étapes n'ont rien enregistré, leurs résultats manquent : "
            + french.join_and(_step_title(s) for s in missing)
            + "."
        )
    labels = outcome_labels(ws, results)
    toc = _toc(ws)
    outcomes = [e.id for e in toc.outcomes] if toc is not None else []
    covered = {f.outcome for f in findings}
    silent = [labels.get(o, o) for o in outcomes if o not in covered]
    if silent:
        lines.append(
            f"Nous n'avons aucune donnée sur {french.plural(len(silent), 'effet', 'effets')} "
            f"de notre théorie du changement : {french.quoted_list(silent)}. Ne rien "
            "mesurer n'est pas mesurer zéro."
        )
    valuation = results.get("valuation") or {}
    if valuation.get("mode") == "SROI":
        lines.append(
            "Le ratio SROI n'est pas un rendement financier : il dépend des proxys et des "
            "hypothèses choisis, d'où sa fourchette."
        )
    elif valuation:
        lines.append(
            "La carte de valeur compare nos effets avec des poids choisis : ce n'est pas une "
            "valeur en euros."
        )
    if not findings:
        lines.append(
            "Nous n'avons encore aucun résultat chiffré : exécutez les carnets 06 à 11 avant "
            "de restituer."
        )
    return lines


# --------------------------------------------------------------------------------------
# Valuation in one sentence
# --------------------------------------------------------------------------------------
def valuation_statement(results: dict[str, Any]) -> str:
    """The valuation in one French sentence: the SROI ratio **always with its range**, or
    the non-monetised value map's leading outcome; ``""`` when step 11 was not run."""
    valuation = results.get("valuation") or {}
    if not valuation:
        return ""
    ratio, low, high = (valuation.get(k) for k in ("ratio", "ratio_low", "ratio_high"))
    if valuation.get("mode") == "SROI" and ratio is not None:
        span = ""
        if low is not None and high is not None:
            span = (
                f", entre {french.number(low, 1)} et {french.number(high, 1)} selon les hypothèses"
            )
        return (
            f"Ratio SROI : {french.number(ratio, 1)} € de valeur sociale par euro investi"
            f"{span} (guide SROI de l'ESSEC, 2011)."
        )
    rows = [v for v in (valuation.get("value_map") or {}).values() if v.get("share")]
    if not rows:
        return (
            "Carte de valeur non monétisée : aucun effet n'a encore de quantité après ajustements."
        )
    top = max(rows, key=lambda v: (v.get("share") or 0, v.get("outcome", "")))
    return (
        f"Carte de valeur non monétisée : « {top.get('outcome', '')} » pèse "
        f"{french.percent(top['share'], 0)} de la valeur pondérée, pour "
        f"« {top.get('stakeholder', '')} » (sans euros)."
    )


# --------------------------------------------------------------------------------------
# Promise, proof, appropriation
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Framing:
    """The restitution in three parts (promesse, preuve, appropriation)."""

    promise: list[str]
    """The theory of change: the problem, the outcomes promised, the impact aimed at."""
    proof: list[Finding]
    """The findings, each with its level of evidence (the key ones first)."""
    appropriation: list[str]
    """What the structure decides next and what participants said."""


def _decisions(ws: Workspace | None) -> list[str]:
    import pandas as pd

    if ws is None:
        return []
    for step, name in (("06", "referentiel-evaluation.csv"), ("03", "referentiel-evaluation.csv")):
        path: Path = ws.step_dir(step, create=False) / name
        if path.is_file() and path.stat().st_size > 3:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            if "Décision éclairée" in table.columns:
                seen = [d for d in dict.fromkeys(table["Décision éclairée"]) if d.strip()]
                return seen
    return []


def framing(
    ws: Workspace | None, results: dict[str, Any], *, threshold: int | None = None
) -> Framing:
    """The promise / proof / appropriation framing of the restitution (all French)."""
    toc = _toc(ws)
    promise: list[str] = []
    if toc is not None:
        if toc.problem:
            promise.append(f"Le problème : {toc.problem}")
        for e in toc.outcomes:
            when = f" (horizon {e.horizon})" if e.horizon else ""
            promise.append(f"Effet promis {e.id} : {e.label}{when}.")
        if toc.impact is not None:
            promise.append(f"Impact visé : {toc.impact.label}.")
    if not promise:
        promise.append(
            "Pas encore de théorie du changement : la promesse reste à écrire (carnet 02)."
        )
    proof = key_findings(ws, results, threshold=threshold)
    appropriation = [f"Décision à éclairer : {d}" for d in _decisions(ws)[:5]]
    said = [f for f in proof if f.kind == QUALITATIVE and not f.suppressed][:3]
    for f in said:
        appropriation.append(f"Les personnes l'ont dit : {f.text}")
    for outcome, t in sorted(
        ((results.get("qualitative") or {}).get("triangulation") or {}).items()
    ):
        if t.get("agreement") in ("divergente", "à discuter"):
            appropriation.append(
                f"À discuter en équipe : pour « {t.get('label') or outcome} », les chiffres et "
                f"les paroles ne disent pas la même chose ({t.get('agreement')})."
            )
    appropriation.append(
        "Prochaine étape : collecter dès l'inscription une mesure de départ, le consentement "
        "et le moyen de recontacter les personnes, pour mesurer les effets l'an prochain."
    )
    return Framing(promise=promise, proof=proof, appropriation=appropriation)


def explain_findings(findings: list[Finding], *, limit: int = 5) -> Reading:
    """The key findings in French, each with its level of evidence."""
    from .reading import Reading

    title = "Vos résultats clés"
    if not findings:
        return Reading.of(
            [
                "Aucun résultat à restituer pour l'instant : les carnets 06 (indicateurs), 09 "
                "et 10 (analyses) n'ont rien enregistré."
            ],
            title=title,
        )
    shown = [f for f in findings if not f.suppressed]
    lines = [
        f"{french.plural(len(findings), 'constat', 'constats')} dont "
        f"{french.plural(len(shown), 'publiable', 'publiables')} ; les plus solides d'abord :"
    ]
    lines += [f"- [{f.level_of_evidence}] {f.text}" for f in shown[:limit]]
    hidden_ones = len(findings) - len(shown)
    if hidden_ones:
        lines.append(
            f"{french.plural(hidden_ones, 'constat reste masqué', 'constats restent masqués')} "
            f"(trop peu de personnes pour {'le' if hidden_ones == 1 else 'les'} publier)."
        )
    return Reading.of(lines, title=title, table=findings_table(findings))


def explain_cannot_say(lines: list[str]) -> Reading:
    """« Ce que nous ne pouvons pas dire » (the lines of :func:`cannot_say`) as a reading."""
    from .reading import Reading

    title = "Ce que nous ne pouvons pas dire"
    if not lines:
        return Reading.of(["Aucune limite particulière relevée."], title=title)
    intro = (
        f"{french.plural(len(lines), 'limite', 'limites')} à dire en présentant vos "
        "résultats, avant qu'on vous les oppose :"
    )
    return Reading.of([intro, *(f"- {line}" for line in lines)], title=title)

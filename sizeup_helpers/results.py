"""Step 12's ``results.json``: every figure the earlier steps saved, with stable keys.

- :func:`collect_results` reads the saved deliverables of steps 06, 09, 10 and 11 (never
  the raw files) into one plain dictionary; a step not run yet is simply absent and listed
  in ``missing_steps``. It adds the people reached (step 09's funnel, ``reach``), the key
  findings as the structure's report states them (``findings``, from
  :func:`sizeup_helpers.claims.key_findings`) and its promise and appropriation
  (``framing``), so that a programme can consolidate a cohort from these files alone
  (:mod:`sizeup_helpers.funder_report`).
- :func:`save_results` writes it as ``12-restitution/results.json`` (UTF-8, sorted keys,
  indent 2, trailing newline): two runs on the same files give byte-identical files.
- :func:`load_results_json` reads one back (last year's, typically), refusing in French a
  file that is not JSON or not a Size Up results file.
- :func:`compare_years` and :func:`explain_year_on_year` put two years side by side, with
  the caveats the CSESS guide asks for (« Mesurer et évaluer son utilité sociale », 2011):
  a change between two years is not an effect of the action, and a figure whose
  definition or unit changed does not compare.

The schema is documented in ``docs/results-json.md``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import ResultsError
from .reading import Reading

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

STEP = "12"
RESULTS_FILE = "results.json"
SCHEMA = "sizeup-results"
SCHEMA_VERSION = 1
DECIMALS = 4
"""Non-integer figures are rounded to four decimals."""
P_DECIMALS = 6
"""p-values keep the six decimals step 09 saves (a tiny p must not read as 0)."""
COLLECTED_STEPS = ("06", "09", "10", "11")
"""The steps whose deliverables :func:`collect_results` reads."""
FUNNEL_FILE = "entonnoir.csv"
"""Step 09's funnel (people known, people who came, people who answered)."""
REACH_FILE = "portee.csv"
"""Step 09's rows and people per clean table (used when there is no funnel)."""
PEOPLE = "personnes"

YEAR_COLUMNS = [
    "clé",
    "libellé",
    "unité",
    "l'an dernier",
    "cette année",
    "évolution",
    "précaution",
]
"""The columns of :func:`compare_years` (French: the coach sees them)."""

DEFINITION_CHANGED = "définition modifiée"
UNIT_CHANGED = "unité modifiée"
NOT_COMPARABLE = "non comparable"


# --------------------------------------------------------------------------------------
# Reading the saved deliverables
# --------------------------------------------------------------------------------------
def number(value: Any, digits: int = DECIMALS) -> int | float | None:
    """A cell as a number rounded to ``digits`` decimals (an int when whole), ``None`` when
    empty or not a number.

    >>> number("104.0"), number("0,123456"), number(""), number("abc")
    (104, 0.1235, None, None)
    """
    if isinstance(value, bool):
        return int(value)
    try:
        x = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(x):
        return None
    x = round(x, digits)
    if x == int(x):
        return int(x)
    return x


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _csv(path: Path) -> pd.DataFrame | None:
    import pandas as pd

    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _indicators(ws: Workspace) -> dict[str, dict] | None:
    from .errors import IndicatorError
    from .indicators import load_indicator_framework

    try:
        table = load_indicator_framework(ws).indicators
    except IndicatorError:
        return None
    out: dict[str, dict] = {}
    for row in table.to_dict("records"):
        key = _text(row["Identifiant"]) or french.slugify(row["Libellé"])
        out[key] = {
            "label": _text(row["Libellé"]),
            "level": _text(row["Niveau"]),
            "element": _text(row["Élément"]),
            "definition": _text(row["Définition"]),
            "formula": _text(row["Formule"]),
            "unit": _text(row["Unité"]),
            "value": number(row["Valeur"]),
            "n": number(row["Effectif"]),
            "n_unit": _text(row["Unité de l'effectif"]),
            "target": number(row["Cible"]),
            "status": _text(row["Statut"]),
            "origin": _text(row["Origine"]),
        }
    return out


def _quantitative(ws: Workspace) -> dict[str, dict] | None:
    from .quantitative import RESULTS_FILE as QUANTI_FILE
    from .quantitative import STEP as QUANTI_STEP
    from .quantitative import load_results

    if not (ws.step_dir(QUANTI_STEP, create=False) / QUANTI_FILE).is_file():
        return None
    table = load_results(ws)
    out: dict[str, dict] = {}
    for row in table.to_dict("records"):
        key = ".".join(french.slugify(row[c]) or "-" for c in ("effet", "indicateur", "mesure"))
        out[key] = {
            "outcome": _text(row["effet"]),
            "indicator": _text(row["indicateur"]),
            "measure": _text(row["mesure"]),
            "waves": _text(row["vagues"]),
            "test": _text(row["type_de_test"]),
            "direction": _text(row["sens"]),
            "n_pairs": number(row["n_paires (personnes)"]),
            "n_before": number(row["n_avant (personnes)"]),
            "n_unit": "personnes",
            "mean_before": number(row["moyenne_avant"]),
            "mean_after": number(row["moyenne_apres"]),
            "mean_difference": number(row["difference_moyenne"]),
            "ci_low": number(row["ic_bas"]),
            "ci_high": number(row["ic_haut"]),
            "d_z": number(row["d_z"]),
            "p_value": number(row["p_value"], P_DECIMALS),
            "p_wilcoxon": number(row["p_wilcoxon"], P_DECIMALS),
            "level_of_evidence": _text(row["niveau_de_preuve"]),
        }
    return out


def _qualitative(ws: Workspace) -> dict[str, dict] | None:
    from .qualitative import STEP as QUALI_STEP
    from .qualitative import THEMES_FILE, TRIANGULATION_FILE

    folder = ws.step_dir(QUALI_STEP, create=False)
    themes, triangulation = _csv(folder / THEMES_FILE), _csv(folder / TRIANGULATION_FILE)
    if themes is None and triangulation is None:
        return None
    out: dict[str, dict] = {"themes": {}, "triangulation": {}}
    for row in [] if themes is None else themes.to_dict("records"):
        out["themes"][_text(row["code"])] = {
            "label": _text(row.get("libelle")),
            "outcome": _text(row.get("effet")),
            "segments": number(row.get("segments")),
            "people": number(row.get("personnes")),
            "people_interviewed": number(row.get("entretiens")),
            "people_written": number(row.get("reponses_ecrites")),
            "segments_against": number(row.get("segments_contre")),
            "units": {"segments": "segments", "people": "personnes"},
        }
    for row in [] if triangulation is None else triangulation.to_dict("records"):
        out["triangulation"][_text(row["effet"])] = {
            "label": _text(row.get("libelle")),
            "quantitative_direction": _text(row.get("sens_quantitatif")),
            "people_for": number(row.get("personnes_pour")),
            "people_against": number(row.get("personnes_contre")),
            "people_unit": "personnes",
            "qualitative_direction": _text(row.get("sens_qualitatif")),
            "agreement": _text(row.get("concordance")),
        }
    return out


def _valuation(ws: Workspace) -> dict[str, Any] | None:
    from .valuation import SENSITIVITY_FILE, VALUE_MAP_FILE, YEARS_FILE

    folder = ws.step_dir("11", create=False)
    value_map = _csv(folder / VALUE_MAP_FILE)
    if value_map is None:
        return None
    years = _csv(folder / YEARS_FILE)
    out: dict[str, Any] = {"mode": "carte de valeur" if years is None else "SROI"}
    out["value_map"] = {
        f"{french.slugify(r['partie prenante'])}.{french.slugify(r['effet'])}": {
            "stakeholder": _text(r["partie prenante"]),
            "outcome": _text(r["effet"]),
            "quantity": number(r["quantité"]),
            "weight": number(r["poids"]),
            "adjusted_quantity": number(r["quantité après ajustements"]),
            "weighted_score": number(r["score pondéré"]),
            "share": number(r["part du total"]),
        }
        for r in value_map.to_dict("records")
    }
    if years is not None:
        out.update(_sroi(years, _csv(folder / SENSITIVITY_FILE)))
    return out


def _sroi(years: pd.DataFrame, sensitivity: pd.DataFrame | None) -> dict[str, Any]:
    transfer = years["transfert"].str.lower().isin(["true", "oui", "1"])
    present = years["valeur actuelle (€)"].map(lambda v: number(v) or 0)
    out: dict[str, Any] = {
        "present_value": number(present[~transfer].sum()),
        "transfer_value": number(present[transfer].sum()),
        "value_unit": "€",
        "ratio": None,
        "ratio_low": None,
        "ratio_high": None,
    }
    if sensitivity is None or sensitivity.empty:
        return out
    ratios = [
        x
        for c in ("ratio (bas)", "ratio (haut)")
        for x in map(number, sensitivity[c])
        if x is not None
    ]
    proxies = sensitivity[sensitivity["hypothèse"] == "proxys financiers"]
    if len(proxies):
        # the ratio is linear in the proxies' factor: base = ratio at factor f ÷ f
        row = proxies.iloc[0]
        base = [
            float(row[r]) / float(row[f])
            for r, f in (("ratio (bas)", "valeur basse"), ("ratio (haut)", "valeur haute"))
            if number(row[r]) is not None and number(row[f])
        ]
        out["ratio"] = number(sum(base) / len(base)) if base else None
    if ratios:
        out["ratio_low"], out["ratio_high"] = min(ratios), max(ratios)
    return out


def _safe(text: Any) -> str:
    from .privacy import mask_in_text

    return mask_in_text(_text(text))


def _reach(ws: Workspace) -> dict[str, Any] | None:
    """Distinct people reached, from step 09's funnel (its first row: the people of the
    register), else from its reach table (the table naming the most people)."""
    folder = ws.step_dir("09", create=False)
    funnel = _csv(folder / FUNNEL_FILE)
    if funnel is not None and len(funnel):
        steps = [
            {
                "label": _safe(r["etape"]),
                "people": number(r["personnes"]),
                "table": _safe(r["source"]),
            }
            for r in funnel.to_dict("records")
        ]
        return {
            "people": steps[0]["people"],
            "unit": PEOPLE,
            "definition": (
                f"personnes distinctes du registre « {steps[0]['table']} » "
                "(une personne comptée une fois, quel que soit le nombre de ses inscriptions)"
            ),
            "source": f"09-analyse-quantitative/{FUNNEL_FILE}",
            "funnel": steps,
        }
    reach = _csv(folder / REACH_FILE)
    if reach is None or reach.empty:
        return None
    rows = sorted(
        reach.to_dict("records"),
        key=lambda r: (-(number(r["personnes"]) or 0), _text(r["table"])),
    )
    table = _safe(rows[0]["table"])
    return {
        "people": number(rows[0]["personnes"]),
        "unit": PEOPLE,
        "definition": (
            f"personnes distinctes de la table « {table} », celle qui en nomme le plus "
            "(pas de registre : d'autres tables peuvent nommer d'autres personnes)"
        ),
        "source": f"09-analyse-quantitative/{REACH_FILE}",
        "funnel": [],
    }


def _findings(ws: Workspace, results: dict[str, Any]) -> tuple[list[dict], dict[str, list]]:
    """The key findings (their sentences, as the report states them) and the promise and
    appropriation of the restitution, masked for identifiers."""
    from .claims import framing

    frame = framing(ws, results)
    findings = []
    for f in frame.proof:
        item = f.to_dict()
        for key in ("text", "outcome_label", "outcome"):
            item[key] = _safe(item[key])
        for key in ("figure", "n"):
            item[key] = None if item[key] is None else number(item[key])
        findings.append(item)
    words = {
        "promise": [_safe(x) for x in frame.promise],
        "appropriation": [_safe(x) for x in frame.appropriation],
    }
    return findings, words


def _steps_run(ws: Workspace) -> list[str]:
    from .curriculum import STEPS

    run = []
    for step in STEPS:
        if step.number == STEP:
            continue
        folder = ws.step_dir(step.number, create=False)
        if folder.is_dir() and any(folder.iterdir()):
            run.append(step.number)
    return run


def collect_results(ws: Workspace) -> dict[str, Any]:
    """Every figure steps 06, 09, 10 and 11 saved, as a plain dictionary.

    Reads the saved deliverables only (``referentiel-indicateurs.csv``,
    ``resultats-par-effet.csv``, ``themes-par-effet.csv``, ``triangulation.csv``,
    ``carte-de-valeur.csv``, ``valeur-par-annee.csv``, ``sensibilite.csv``). The keys
    (``indicators``, ``quantitative``, ``qualitative``, ``valuation``) are present only for
    the steps that saved something; the others are listed in ``missing_steps``. ``reach``
    (people reached, step 09's ``entonnoir.csv`` or ``portee.csv``) is present when step 09
    saved it; ``findings`` (:func:`sizeup_helpers.claims.key_findings`, the workspace's
    small-cell threshold applied) and ``framing`` (promise and appropriation) always are.
    Numbers are rounded to :data:`DECIMALS` decimals; no date, no path, no person's data
    (every sentence goes through :func:`sizeup_helpers.privacy.mask_in_text`).
    See ``docs/results-json.md`` for the schema.
    """
    year = ws.config.get("structure", {}).get("annee")
    results: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "structure": {"name": ws.name, "slug": ws.slug, "year": year},
        "fictional": ws.fictional,
        "steps_run": _steps_run(ws),
    }
    parts = {
        "06": ("indicators", _indicators),
        "09": ("quantitative", _quantitative),
        "10": ("qualitative", _qualitative),
        "11": ("valuation", _valuation),
    }
    missing = []
    for step, (key, read) in parts.items():
        part = read(ws)
        if part is None:
            missing.append(step)
        else:
            results[key] = part
    results["missing_steps"] = missing
    reach = _reach(ws)
    if reach is not None:
        results["reach"] = reach
    results["findings"], results["framing"] = _findings(ws, results)
    return results


def results_text(results: dict[str, Any]) -> str:
    """``results`` as the exact text :func:`save_results` writes."""
    return json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def save_results(ws: Workspace, results: dict[str, Any] | None = None) -> Path:
    """Write ``results`` (by default :func:`collect_results`) as
    ``12-restitution/results.json``, byte-identical from one run to the next."""
    results = collect_results(ws) if results is None else results
    return ws.write_text(ws.step_dir(STEP) / RESULTS_FILE, results_text(results))


def load_results_json(path: str | Path) -> dict[str, Any]:
    """Read a ``results.json`` written by :func:`save_results` (last year's, say).

    Raises
    ------
    ResultsError
        In French, naming the file, when it is missing, not JSON, or not a Size Up results
        file of a version this package reads.
    """
    path = Path(path)
    if not path.is_file():
        raise ResultsError(f"{path.name} : fichier introuvable ({path}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(
            f"{path.name} : ce fichier n'est pas un JSON lisible ({exc}). Reprenez le "
            "fichier results.json écrit par le carnet 12."
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ResultsError(
            f"{path.name} : ce fichier JSON n'est pas un fichier de résultats Size Up "
            f"(clé « schema » différente de « {SCHEMA} »)."
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ResultsError(
            f"{path.name} : version de schéma {version!r} inconnue de cette version de "
            f"Size Up (elle lit jusqu'à la version {SCHEMA_VERSION}). Mettez Size Up à jour."
        )
    return data


# --------------------------------------------------------------------------------------
# Year on year
# --------------------------------------------------------------------------------------
def comparable_figures(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The headline figures of ``results``, by stable key: ``label``, ``unit``, ``value``
    and ``definition`` (what must not change for two years to compare)."""
    out: dict[str, dict[str, Any]] = {}
    for key, ind in (results.get("indicators") or {}).items():
        out[f"indicators.{key}"] = {
            "label": ind.get("label", key),
            "unit": ind.get("unit", ""),
            "value": ind.get("value"),
            "definition": (ind.get("definition", ""), ind.get("formula", "")),
        }
    for key, q in (results.get("quantitative") or {}).items():
        label = f"{q.get('indicator', key)} (différence moyenne avant/après)"
        out[f"quantitative.{key}"] = {
            "label": label,
            "unit": q.get("measure", ""),
            "value": q.get("mean_difference"),
            "definition": (q.get("waves", ""), q.get("test", "")),
        }
    for key, t in ((results.get("qualitative") or {}).get("themes") or {}).items():
        out[f"qualitative.themes.{key}"] = {
            "label": f"{t.get('label', key)} (personnes qui en parlent)",
            "unit": "personnes",
            "value": t.get("people"),
            "definition": (t.get("outcome", ""),),
        }
    valuation = results.get("valuation") or {}
    if valuation.get("ratio") is not None:
        out["valuation.ratio"] = {
            "label": "Ratio SROI",
            "unit": "€ par € investi",
            "value": valuation["ratio"],
            "definition": (valuation.get("mode", ""),),
        }
    return out


def compare_years(current: dict[str, Any], previous: dict[str, Any]) -> pd.DataFrame:
    """This year's figures beside last year's, one row per stable key (:data:`YEAR_COLUMNS`).

    « évolution » is this year minus last year, only when both are numbers in the same
    unit; « précaution » says « définition modifiée » (same key, another definition or
    formula), « unité modifiée », or « non comparable » (a figure one year only, or not a
    number).
    """
    import pandas as pd

    now, before = comparable_figures(current), comparable_figures(previous)
    rows = []
    for key in sorted(set(now) | set(before)):
        a, b = before.get(key), now.get(key)
        old = a["value"] if a else None
        new = b["value"] if b else None
        caveat = ""
        if a is None or b is None or old is None or new is None:
            caveat = NOT_COMPARABLE
        elif a["unit"] != b["unit"]:
            caveat = UNIT_CHANGED
        elif tuple(a["definition"]) != tuple(b["definition"]):
            caveat = DEFINITION_CHANGED
        change = None if caveat in (NOT_COMPARABLE, UNIT_CHANGED) else number(new - old)
        ref = b or a
        rows.append([key, ref["label"], ref["unit"], old, new, change, caveat])
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)


def _figure(x: Any) -> str:
    return french.number(x) if isinstance(x, float) else french.integer(x)


def _signed(x: Any) -> str:
    return ("+" if x > 0 else "") + _figure(x)


def explain_year_on_year(table: pd.DataFrame) -> Reading:
    """What :func:`compare_years` shows, in French, with its caveats."""
    title = "Évolution d'une année sur l'autre"
    if table is None or table.empty:
        return Reading.of(
            [
                "Rien à comparer : aucun chiffre n'est commun aux deux fichiers de "
                "résultats (ou l'un d'eux est vide)."
            ],
            title=title,
        )
    same = table[table["précaution"] == ""]
    lines: list[str] = []
    if same.empty:
        lines.append("Rien à comparer : aucun chiffre n'a la même définition les deux années.")
    else:
        lines.append(
            f"{french.plural(len(same), 'chiffre se compare', 'chiffres se comparent')} "
            "d'une année sur l'autre :"
        )
        for r in same.itertuples(index=False):
            old, new, change = r[3], r[4], r[5]
            lines.append(
                f"- {r[1]} : {_figure(old)} → {_figure(new)} {r[2]} "
                f"({'stable' if not change else _signed(change)})."
            )
    for caveat, why in (
        (DEFINITION_CHANGED, "leur définition a changé : l'écart ne se lit pas"),
        (UNIT_CHANGED, "leur unité a changé : pas d'évolution calculée"),
        (NOT_COMPARABLE, "ils n'existent qu'une des deux années ou n'ont pas de valeur"),
    ):
        part = table[table["précaution"] == caveat]
        if len(part):
            labels = french.quoted_list(part["libellé"], limit=5)
            noun = french.plural(len(part), "chiffre", "chiffres")
            lines.append(f"{noun} à part ({caveat}) — {why} : {labels}.")
    lines.append(
        "Une évolution entre deux années n'est pas un effet de l'action : le public, le "
        "contexte et la collecte changent aussi (guide du CSESS, 2011)."
    )
    return Reading.of(lines, title=title, table=table)

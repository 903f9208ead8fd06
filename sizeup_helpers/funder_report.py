"""The programme's report to its funder: a cohort consolidated from its ``results.json`` files.

:func:`funder_report` reads, for each structure of a cohort (:class:`sizeup_helpers.cohort.Cohort`),
the file its step 12 wrote (``<its output folder>/12-restitution/results.json``, through
:func:`sizeup_helpers.results.load_results_json`) and nothing else: never a raw file, never
a clean table. A structure without that file is listed « pas encore de résultats »: counted,
never guessed. :func:`save_funder_report` writes ``<cohort output>/rapport-financeur.html``,
one self-contained French page (no script, no external address, print style sheet with a
page break before each structure's annex page); :func:`explain_funder_report` says what it
holds.

What it consolidates, and how:

- **structures and people reached**: each structure's own count of distinct people
  (``reach``), a count under the threshold shown « moins de 11 personnes »; the total adds
  the published counts only, so that no hidden count can be recovered by subtracting it
  from the total (the aim of secondary suppression; SNDS small-numbers rule, CNIL,
  « Anonymisation des données : un traitement clé pour l'open data »), and says that a
  person who went to two structures counts twice;
- **outcomes measured and how**: per structure, indicators of output (« réalisation ») and
  outcome (« effet »), comparisons and the level of evidence of each finding;
- **shared indicators**: indicators several structures share (same catalogue id, or same
  label and unit once folded) shown side by side with their definitions, never added nor
  averaged; the minimum, median and maximum only when at least three structures give a
  published value under the same definition and unit (guide du CSESS « Mesurer et évaluer
  son utilité sociale », 2011: social utility is defined and measured by each structure;
  Social Value principle « do not over-claim »);
- **their own words**: the key findings' sentences, as each structure's report states them;
- **what consolidation can and cannot say**: no effect of the programme as a whole, no
  causal attribution, no ranking of structures (Avise, « Évaluer l'impact social », 2022;
  Stievenart et Pache, « Évaluer l'impact social d'une entreprise sociale : points de
  repère », RECMA n° 331: an evaluation is contextual, built on each actor's questions).

Small cells: the threshold is a parameter, 11 people by default and never less (the « règle
des petits effectifs » of French health data, SNDS, see :mod:`sizeup_helpers.claims`). Two
builds on the same files give the same bytes (no date, no path).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import claims as cl
from . import french
from .reading import Reading
from .report import STYLE, badge, esc, lines_html, table_html

if TYPE_CHECKING:
    import pandas as pd

    from .cohort import Cohort

__all__ = [
    "FunderReport",
    "MemberResults",
    "SharedIndicator",
    "SharedValue",
    "explain_funder_report",
    "funder_report",
    "indicator_key",
    "save_funder_report",
]

REPORT_FILE = "rapport-financeur.html"
RESULTS_PATH = ("12-restitution", "results.json")
"""Where a structure's ``results.json`` lies in its output folder."""
NO_RESULTS = "pas encore de résultats"
UNREADABLE = "fichier de résultats illisible"
MIN_THRESHOLD = cl.DEFAULT_THRESHOLD
"""The funder report never publishes a count of fewer than 11 people."""
MIN_STRUCTURES_FOR_RANGE = 3
"""Minimum, median and maximum are shown only from three published values."""
ANNEX_CLASS = "annexe"

EXTRA_STYLE = """
section.annexe { break-before: page; page-break-before: always; }
p.citation { border-left: 3px solid var(--trait); padding-left: .7rem; }
@media print { section.annexe { break-before: page; page-break-before: always; } }
"""


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberResults:
    """One structure of the cohort and what its ``results.json`` holds."""

    slug: str
    name: str
    results: dict[str, Any] | None
    """The file's content; ``None`` when there is none (or it cannot be read)."""
    status: str = ""
    """``""`` with results, else :data:`NO_RESULTS` or :data:`UNREADABLE`."""

    @property
    def has_results(self) -> bool:
        return self.results is not None

    @property
    def reach(self) -> int | None:
        """Distinct people reached, as the structure counted them (``None`` if unknown)."""
        value = ((self.results or {}).get("reach") or {}).get("people")
        return value if isinstance(value, int) else None


@dataclass(frozen=True)
class SharedValue:
    """One structure's value of a shared indicator, with its definition."""

    slug: str
    name: str
    indicator: str
    label: str
    level: str
    definition: str
    formula: str
    unit: str
    value: int | float | None
    n: int | float | None
    n_unit: str

    @property
    def definition_key(self) -> tuple[str, str, str]:
        """What must be equal for two values to be read together (folded)."""
        return tuple(french.fold_key(x) for x in (self.definition, self.formula, self.unit))


@dataclass(frozen=True)
class SharedIndicator:
    """An indicator several structures share, their values side by side."""

    key: str
    label: str
    values: tuple[SharedValue, ...]

    @property
    def same_definition(self) -> bool:
        """Whether every structure defines it the same way, in the same unit."""
        return len({v.definition_key for v in self.values}) == 1


# --------------------------------------------------------------------------------------
# Small cells
# --------------------------------------------------------------------------------------
def _threshold(value: int | None) -> int:
    """The report's threshold: ``value`` (checked as :func:`claims.small_cell_threshold`
    does), never under :data:`MIN_THRESHOLD`."""
    return max(MIN_THRESHOLD, cl.small_cell_threshold(None, value))


def _small(n: Any, threshold: int) -> bool:
    return isinstance(n, int | float) and not isinstance(n, bool) and 0 < n < threshold


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") else unit


def _count(n: Any, unit: str, threshold: int) -> str:
    """A count with its unit, « moins de 11 personnes » under the threshold."""
    if n is None:
        return "non renseigné"
    if _small(n, threshold):
        return f"moins de {french.integer(threshold)} {unit}"
    return f"{french.number(n)} {french.agree(n, _singular(unit), unit)}"


def hidden_value(value: SharedValue, threshold: int) -> bool:
    """Whether ``value`` rests on fewer people than ``threshold``: a count of people under
    it, or a figure computed on fewer people."""
    if cl.counts_people(value.unit) and _small(value.value, threshold):
        return True
    return cl.counts_people(value.n_unit) and _small(value.n, threshold)


def _value_text(value: SharedValue, threshold: int) -> str:
    if value.value is None:
        return "à collecter"
    if hidden_value(value, threshold):
        return f"non publié (moins de {french.integer(threshold)} personnes)"
    return _with_unit(value.value, value.unit)


def _with_unit(x: Any, unit: str) -> str:
    if unit == "%":
        return french.percent(float(x) / 100)
    return f"{french.number(x)} {unit}".strip()


def _finding_shown(finding: dict[str, Any], threshold: int) -> bool:
    """Whether a finding of ``results.json`` may be quoted at the report's threshold."""
    if finding.get("suppressed"):
        return False
    if cl.counts_people(finding.get("n_unit", "")) and _small(finding.get("n"), threshold):
        return False
    return not (
        cl.counts_people(finding.get("unit", "")) and _small(finding.get("figure"), threshold)
    )


# --------------------------------------------------------------------------------------
# Reading the cohort
# --------------------------------------------------------------------------------------
def _member_results(cohort: Cohort, out_dir: Path | None) -> tuple[MemberResults, ...]:
    from .errors import ResultsError
    from .results import load_results_json

    out = []
    for member in cohort.members:
        path = cohort.member_output(member, out_dir).joinpath(*RESULTS_PATH)
        if not path.is_file():
            out.append(MemberResults(member.slug, member.name, None, NO_RESULTS))
            continue
        try:
            out.append(MemberResults(member.slug, member.name, load_results_json(path)))
        except ResultsError:
            out.append(MemberResults(member.slug, member.name, None, UNREADABLE))
    return tuple(out)


def indicator_key(identifier: str, indicator: dict[str, Any]) -> str:
    """The key that groups an indicator across structures: its catalogue id when it comes
    from the catalogue of common indicators, else its label and unit, folded.

    >>> indicator_key("EF1", {"origin": "catalogue", "label": "Personnes accompagnées"})
    'catalogue EF1'
    >>> indicator_key("IND1", {"label": "Part en emploi à 6 mois", "unit": "%"})
    'part en emploi a 6 mois | '
    """
    if indicator.get("origin") == "catalogue":
        return f"catalogue {identifier}"
    label = french.fold_key(indicator.get("label") or identifier)
    return f"{label} | {french.fold_key(indicator.get('unit', ''))}"


def _shared(members: tuple[MemberResults, ...]) -> tuple[SharedIndicator, ...]:
    groups: dict[str, list[SharedValue]] = {}
    for m in members:
        if m.results is None:
            continue
        seen: set[str] = set()
        for ident, ind in sorted((m.results.get("indicators") or {}).items()):
            key = indicator_key(ident, ind)
            if key in seen:
                continue
            seen.add(key)
            groups.setdefault(key, []).append(
                SharedValue(
                    slug=m.slug,
                    name=m.name,
                    indicator=ident,
                    label=ind.get("label") or ident,
                    level=ind.get("level", ""),
                    definition=ind.get("definition", ""),
                    formula=ind.get("formula", ""),
                    unit=ind.get("unit", ""),
                    value=ind.get("value"),
                    n=ind.get("n"),
                    n_unit=ind.get("n_unit", ""),
                )
            )
    return tuple(
        SharedIndicator(key, values[0].label, tuple(values))
        for key, values in sorted(groups.items())
        if len(values) >= 2
    )


def _findings(results: dict[str, Any], threshold: int) -> list[dict[str, Any]]:
    """The structure's findings (from ``results.json``; recomputed from its figures by
    :func:`claims.key_findings` for a file written before they were saved)."""
    if "findings" in results:
        return list(results.get("findings") or [])
    return [f.to_dict() for f in cl.key_findings(None, results, threshold=threshold)]


def funder_report(
    cohort: Cohort, out_dir: str | Path | None = None, *, small_cell_threshold: int | None = None
) -> FunderReport:
    """The funder report of ``cohort``, from its structures' ``results.json`` only.

    Parameters
    ----------
    cohort
        The cohort (:func:`sizeup_helpers.cohort.load_cohort`).
    out_dir
        The cohort's output folder (by default ``cohort.output_dir``); each structure's
        file is ``<out_dir>/<slug>/12-restitution/results.json``.
    small_cell_threshold
        People below which a count is not published: 11 by default, never less.

    Returns
    -------
    FunderReport
        Its :attr:`FunderReport.html` is the page :func:`save_funder_report` writes.
    """
    threshold = _threshold(small_cell_threshold)
    members = _member_results(cohort, Path(out_dir) if out_dir else None)
    return FunderReport(
        programme=cohort.programme,
        year=cohort.year,
        threshold=threshold,
        requested=small_cell_threshold,
        members=members,
        shared=_shared(members),
    )


def save_funder_report(
    cohort: Cohort, out_dir: str | Path | None = None, *, small_cell_threshold: int | None = None
) -> Path:
    """Write ``<out_dir>/rapport-financeur.html`` (:func:`funder_report`) and return its
    path; the folder is created when needed."""
    from .workspace import atomic_path

    report = funder_report(cohort, out_dir, small_cell_threshold=small_cell_threshold)
    path = Path(out_dir or cohort.output_dir) / REPORT_FILE
    with atomic_path(path) as tmp:
        tmp.write_bytes(report.html.encode("utf-8"))
    return path


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FunderReport:
    """The consolidated report of a cohort. :attr:`html` is the file's text."""

    programme: str
    year: int
    threshold: int
    requested: int | None
    members: tuple[MemberResults, ...]
    shared: tuple[SharedIndicator, ...]

    # ---- figures -------------------------------------------------------------------
    @property
    def with_results(self) -> tuple[MemberResults, ...]:
        return tuple(m for m in self.members if m.has_results)

    @property
    def without_results(self) -> tuple[MemberResults, ...]:
        return tuple(m for m in self.members if not m.has_results)

    @property
    def reach_published(self) -> tuple[MemberResults, ...]:
        """Structures whose count of people is published (known, not under the threshold)."""
        return tuple(
            m
            for m in self.with_results
            if m.reach is not None and not _small(m.reach, self.threshold)
        )

    @property
    def reach_hidden(self) -> tuple[MemberResults, ...]:
        """Structures whose count of people is under the threshold (not shown, not added)."""
        return tuple(m for m in self.with_results if _small(m.reach, self.threshold))

    @property
    def reach_total(self) -> int:
        """The published counts added: at least this many people (maybe counted twice)."""
        return sum(m.reach or 0 for m in self.reach_published)

    @property
    def fictional(self) -> bool:
        return any((m.results or {}).get("fictional") for m in self.members)

    def reach_table(self) -> pd.DataFrame:
        """One row per structure: its people reached (as shown) and how it counted them."""
        import pandas as pd

        rows = []
        for m in self.members:
            reach = (m.results or {}).get("reach") or {}
            if not m.has_results:
                shown, how = m.status, ""
            elif m.reach is None:
                shown, how = "non renseigné", "étape 09 non enregistrée"
            else:
                shown = _count(m.reach, "personnes", self.threshold)
                how = reach.get("definition", "")
            rows.append(
                {"structure": m.name, "personnes atteintes": shown, "comment elle les compte": how}
            )
        return pd.DataFrame(
            rows, columns=["structure", "personnes atteintes", "comment elle les compte"]
        )

    def measures_table(self) -> pd.DataFrame:
        """One row per structure with results: what it measured and how."""
        import pandas as pd

        rows = []
        for m in self.with_results:
            res = m.results or {}
            indicators = list((res.get("indicators") or {}).values())
            findings = [
                f for f in _findings(res, self.threshold) if _finding_shown(f, self.threshold)
            ]
            levels = [
                lv for lv in cl.LEVELS if any(f.get("level_of_evidence") == lv for f in findings)
            ]
            themes = (res.get("qualitative") or {}).get("themes") or {}
            valuation = (res.get("valuation") or {}).get("mode", "")
            rows.append(
                {
                    "structure": m.name,
                    "indicateurs de réalisation": sum(
                        i.get("level") == "réalisation" for i in indicators
                    ),
                    "indicateurs d'effet": sum(i.get("level") == "effet" for i in indicators),
                    "dont chiffrés": sum(i.get("value") is not None for i in indicators),
                    "comparaisons avant/après": len(res.get("quantitative") or {}),
                    "thèmes d'entretiens": len(themes),
                    "niveaux de preuve des constats": ", ".join(levels)
                    or "aucun constat publiable",
                    "valorisation": valuation or "non faite",
                }
            )
        columns = [
            "structure",
            "indicateurs de réalisation",
            "indicateurs d'effet",
            "dont chiffrés",
            "comparaisons avant/après",
            "thèmes d'entretiens",
            "niveaux de preuve des constats",
            "valorisation",
        ]
        return pd.DataFrame(rows, columns=columns)

    def shared_table(self, shared: SharedIndicator) -> pd.DataFrame:
        """The values of ``shared`` side by side, with their definitions (never added)."""
        import pandas as pd

        rows = [
            {
                "structure": v.name,
                "indicateur": f"{v.indicator} · {v.label}",
                "valeur": _value_text(v, self.threshold),
                "effectif": (
                    f"moins de {french.integer(self.threshold)} {v.n_unit}"
                    if cl.counts_people(v.n_unit) and _small(v.n, self.threshold)
                    else ("—" if v.n is None else _count(v.n, v.n_unit or "lignes", self.threshold))
                ),
                "unité": v.unit,
                "définition": v.definition,
                "formule": v.formula,
            }
            for v in shared.values
        ]
        columns = [
            "structure",
            "indicateur",
            "valeur",
            "effectif",
            "unité",
            "définition",
            "formule",
        ]
        return pd.DataFrame(rows, columns=columns)

    def comparisons_table(self, results: dict[str, Any]) -> pd.DataFrame:
        """A structure's before/after comparisons with their level of evidence; the figures
        of a comparison on fewer people than the threshold are not shown."""
        import pandas as pd

        indicators = results.get("indicators") or {}
        rows = []
        for _, q in sorted((results.get("quantitative") or {}).items()):
            n = q.get("n_pairs")
            ident = q.get("indicator", "")
            label = (indicators.get(ident) or {}).get("label")
            small = n is None or n < self.threshold
            diff = q.get("mean_difference")
            rows.append(
                {
                    "indicateur": f"{ident} · {label}" if label else ident,
                    "vagues": q.get("waves", ""),
                    "personnes (deux vagues)": _count(n, "personnes", self.threshold),
                    "différence moyenne": (
                        "non publiée"
                        if small
                        else (
                            "—" if diff is None else f"{french.number(diff)} {q.get('measure', '')}"
                        )
                    ),
                    "sens": "" if small else q.get("direction", ""),
                    "niveau de preuve": q.get("level_of_evidence", ""),
                }
            )
        columns = [
            "indicateur",
            "vagues",
            "personnes (deux vagues)",
            "différence moyenne",
            "sens",
            "niveau de preuve",
        ]
        return pd.DataFrame(rows, columns=columns)

    def shared_range(self, shared: SharedIndicator) -> tuple[Any, Any, Any] | None:
        """Minimum, median and maximum of the published values of ``shared``, or ``None``
        when its definitions differ or fewer than three structures give a published value."""
        if not shared.same_definition:
            return None
        values = [
            v.value
            for v in shared.values
            if v.value is not None and not hidden_value(v, self.threshold)
        ]
        if len(values) < MIN_STRUCTURES_FOR_RANGE:
            return None
        return min(values), statistics.median(values), max(values)

    def shared_note(self, shared: SharedIndicator) -> str:
        """What may be read from ``shared``'s values, in one French sentence."""
        n = len(shared.values)
        if not shared.same_definition:
            return (
                f"Définitions ou unités différentes d'une structure à l'autre : les "
                f"{french.integer(n)} valeurs se lisent côte à côte, elles ne sont ni "
                "additionnées ni moyennées."
            )
        span = self.shared_range(shared)
        unit = shared.values[0].unit
        if span is None:
            return (
                f"Même définition et même unité dans les {french.integer(n)} structures ; "
                f"moins de {MIN_STRUCTURES_FOR_RANGE} valeurs publiées : pas d'étendue "
                "calculée, et les valeurs ne sont pas additionnées."
            )
        low, mid, high = (_with_unit(x, unit) for x in span)
        return (
            f"Même définition et même unité dans les {french.integer(n)} structures : "
            f"de {low} à {high}, médiane {mid} (sur les valeurs publiées). C'est "
            "l'étendue des situations, pas un résultat du programme : les valeurs ne sont "
            "pas additionnées."
        )

    # ---- sentences -----------------------------------------------------------------
    def can_say(self) -> list[str]:
        """« Ce que la consolidation permet de dire », one French sentence each."""
        n, total = len(self.with_results), len(self.members)
        lines = [
            f"Combien de structures ont des résultats ({french.integer(n)} sur "
            f"{french.integer(total)}), ce que chacune a mesuré et comment, avec le niveau de "
            "preuve de chaque constat (comptage, déclaratif, avant/après, comparaison).",
            "Combien de personnes chaque structure a atteintes, comptées à sa façon, et un "
            "ordre de grandeur pour la cohorte (« au moins »), en personnes.",
            "Pour un indicateur défini de la même façon dans plusieurs structures, l'étendue "
            "des valeurs (minimum, médiane, maximum) : la diversité des situations.",
            "Ce que chaque structure dit avoir changé, dans les mots de son rapport : des "
            "constats attribués à la structure qui les a établis (démarche de la preuve et de "
            "l'appropriation, Avise, « Évaluer l'impact social », 2022).",
        ]
        return lines

    def cannot_say(self) -> list[str]:
        """« Ce qu'elle ne permet pas de dire », one French sentence each."""
        lines = [
            "Un effet du programme dans son ensemble : chaque structure a défini et mesuré "
            "ses propres effets, auprès de son public, avec ses outils (guide du CSESS « "
            "Mesurer et évaluer son utilité sociale », 2011) ; additionner ou moyenner ces "
            "résultats n'aurait pas de sens.",
        ]
        comparison = [
            m
            for m in self.with_results
            if any(
                f.get("level_of_evidence") == cl.COMPARISON and _finding_shown(f, self.threshold)
                for f in _findings(m.results or {}, self.threshold)
            )
        ]
        if comparison:
            lines.append(
                "Une attribution au programme : "
                f"{french.plural(len(comparison), 'structure a suivi', 'structures ont suivi')}"
                " un groupe de comparaison pour ses propres effets, pas pour l'accompagnement "
                "du programme ; rien ne dit ce qui se serait passé sans lui (Avise, « Évaluer "
                "l'impact social », 2022)."
            )
        else:
            lines.append(
                "Une attribution causale : aucune structure n'a suivi de groupe de comparaison ; "
                "ni les changements d'une structure ni leur ensemble ne peuvent être attribués "
                "au programme (Avise, « Évaluer l'impact social », 2022)."
            )
        lines.append(
            "Un classement des structures : publics, territoires, méthodes et outils diffèrent ; "
            "une valeur plus haute ne dit pas une structure plus efficace (Stievenart et "
            "Pache, RECMA n° 331 : une évaluation se lit dans son contexte)."
        )
        years = sorted(
            {
                str(y)
                for m in self.with_results
                if (y := ((m.results or {}).get("structure") or {}).get("year"))
            }
        )
        if len(years) > 1:
            lines.append(
                f"Une même période : les résultats portent sur des années différentes "
                f"({french.join_and(years)})."
            )
        else:
            lines.append(
                "Une même période au jour près : chaque structure mesure sur son propre "
                "calendrier (sessions, vagues d'enquête, année scolaire)."
            )
        lines.append(
            "Un nombre de personnes distinctes pour la cohorte : une personne accompagnée par "
            "deux structures y compte deux fois, et chaque structure compte à sa façon."
        )
        different = [s for s in self.shared if not s.same_definition]
        if different:
            count = french.plural(len(different), "indicateur partagé", "indicateurs partagés")
            lines.append(
                f"Une valeur commune pour {count} dont les définitions diffèrent : "
                + french.quoted_list([s.label for s in different], limit=5)
                + "."
            )
        missing = self.without_results
        if missing:
            count = french.plural(len(missing), "structure", "structures")
            lines.append(
                f"Quoi que ce soit sur {count} sans résultats encore ("
                + french.quoted_list([m.name for m in missing], limit=5)
                + ") : "
                + ("elle n'est" if len(missing) == 1 else "elles ne sont")
                + " comptée"
                + ("" if len(missing) == 1 else "s")
                + " nulle part comme zéro."
            )
        people = french.plural(self.threshold, "personne", "personnes")
        lines.append(
            f"Un chiffre reposant sur moins de {people} : il n'est pas publié, ni ajouté à "
            "un total qui permettrait de le retrouver "
            "(règle des petits effectifs du SNDS, reprise par la CNIL)."
        )
        return lines

    def without_sentence(self) -> str:
        """The structures without results, in one French sentence (``""`` when none)."""
        missing = self.without_results
        if not missing:
            return ""
        names = french.quoted_list([m.name for m in missing], limit=5)
        one = len(missing) == 1
        return (
            f"{french.plural(len(missing), 'structure', 'structures')} sans résultats "
            f"({NO_RESULTS}) : {names}. "
            + (
                "Elle compte dans la cohorte, jamais dans les chiffres."
                if one
                else "Elles comptent dans la cohorte, jamais dans les chiffres."
            )
        )

    def reach_sentence(self) -> str:
        """The cohort's people reached in one French sentence."""
        published, hidden = self.reach_published, self.reach_hidden
        if not published and not hidden:
            return (
                "Personnes atteintes : aucune structure n'a encore enregistré son nombre de "
                "personnes (étape 09)."
            )
        parts = []
        if published:
            parts.append(
                f"Au moins {_count(self.reach_total, 'personnes', self.threshold)} atteintes "
                f"par {french.plural(len(published), 'structure', 'structures')} : la somme "
                "des nombres publiés, où une personne venue dans plusieurs structures peut être "
                "comptée plusieurs fois."
            )
        if hidden:
            parts.append(
                f"{french.plural(len(hidden), 'structure compte', 'structures comptent')} "
                f"moins de {french.plural(self.threshold, 'personne', 'personnes')} : "
                "non publié et non ajouté au total, pour qu'aucune soustraction ne le révèle."
            )
        return " ".join(parts)

    # ---- HTML ----------------------------------------------------------------------
    def _findings_html(self, m: MemberResults, limit: int | None = 5) -> str:
        findings = _findings(m.results or {}, self.threshold)
        shown = [f for f in findings if _finding_shown(f, self.threshold)]
        items = [
            f"<li>{badge(f.get('level_of_evidence', ''))}{esc(f.get('text', ''))}</li>"
            for f in (shown if limit is None else shown[:limit])
        ]
        if not items:
            body = "<p>Aucun constat publiable.</p>"
        else:
            body = "<ul>" + "".join(items) + "</ul>"
        left = len(findings) - len(shown)
        if left:
            words = french.plural(left, "constat non repris", "constats non repris")
            body += (
                f'<p class="masque">{esc(words)}'
                f" : moins de {esc(french.plural(self.threshold, 'personne', 'personnes'))}.</p>"
            )
        return body

    def _words(self) -> str:
        parts = []
        for m in self.with_results:
            parts.append(
                f"<h3>{esc(m.name)}, dans les mots de son rapport</h3>\n{self._findings_html(m, 3)}"
            )
        if not parts:
            return "<p>Aucune structure n'a encore de résultats.</p>"
        return "\n".join(parts)

    def _shared_html(self) -> str:
        if not self.shared:
            return (
                "<p>Aucun indicateur n'est commun à deux structures (même identifiant du "
                "catalogue, ou même libellé et même unité).</p>"
            )
        parts = [
            "<p>Un indicateur est partagé quand deux structures au moins ont le même "
            "indicateur du catalogue commun, ou le même libellé dans la même unité. Les "
            "définitions sont côte à côte : des valeurs définies différemment ne sont jamais "
            "additionnées ni moyennées.</p>"
        ]
        for s in self.shared:
            parts.append(f"<h3>{esc(s.label)}</h3>")
            parts.append(table_html(self.shared_table(s), self.shared_note(s)))
        return "\n".join(parts)

    def _annex(self, m: MemberResults) -> str:
        title = f"Annexe — {m.name}"
        if not m.has_results:
            body = (
                f"<p>{esc(m.status.capitalize())} : le fichier "
                f"<code>{'/'.join(RESULTS_PATH)}</code> de cette structure n'a pas été trouvé "
                "ou n'a pas pu être lu. Elle n'est comptée dans aucun chiffre.</p>"
            )
            return (
                f'<section class="{ANNEX_CLASS}" id="annexe-{esc(m.slug)}">\n'
                f"<h2>{esc(title)}</h2>\n{body}\n</section>"
            )
        res = m.results or {}
        year = (res.get("structure") or {}).get("year")
        when = esc(year) if year else "non précisée"
        parts = [f'<p class="sous-titre">Données de l\'année {when}.</p>']
        reach = res.get("reach") or {}
        if reach:
            funnel = [
                f"- {s.get('label', '')} : {_count(s.get('people'), 'personnes', self.threshold)}"
                for s in reach.get("funnel") or []
            ]
            parts.append(
                lines_html(
                    [
                        f"Personnes atteintes : {_count(m.reach, 'personnes', self.threshold)}"
                        f" — {reach.get('definition', '')}.",
                        *funnel,
                    ]
                )
            )
        else:
            parts.append("<p>Personnes atteintes : non renseigné (étape 09 non enregistrée).</p>")
        values = [
            SharedValue(
                m.slug,
                m.name,
                ident,
                ind.get("label") or ident,
                ind.get("level", ""),
                ind.get("definition", ""),
                ind.get("formula", ""),
                ind.get("unit", ""),
                ind.get("value"),
                ind.get("n"),
                ind.get("n_unit", ""),
            )
            for ident, ind in sorted((res.get("indicators") or {}).items())
        ]
        if values:
            import pandas as pd

            table = pd.DataFrame(
                [
                    {
                        "indicateur": f"{v.indicator} · {v.label}",
                        "niveau": v.level,
                        "valeur": _value_text(v, self.threshold),
                        "définition": v.definition,
                    }
                    for v in values
                ]
            )
            parts.append(table_html(table, "Indicateurs (étape 06)"))
        comparisons = self.comparisons_table(res)
        if len(comparisons):
            parts.append(table_html(comparisons, "Comparaisons avant/après (étape 09)"))
        parts.append("<h3>Constats, dans les mots de son rapport</h3>")
        parts.append(self._findings_html(m, None))
        promise = ((res.get("framing") or {}).get("promise")) or []
        if promise:
            parts.append("<h3>Sa promesse</h3>")
            parts.append(lines_html([f"- {x}" for x in promise]))
        valuation = cl.valuation_statement(res)
        if valuation:
            parts.append(f"<p>{esc(valuation)}</p>")
        missing = res.get("missing_steps") or []
        if missing:
            steps = esc(french.join_and(missing))
            parts.append(f'<p class="masque">Étapes sans résultat enregistré : {steps}.</p>')
        return (
            f'<section class="{ANNEX_CLASS}" id="annexe-{esc(m.slug)}">\n<h2>{esc(title)}</h2>\n'
            + "\n".join(parts)
            + "\n</section>"
        )

    @property
    def html(self) -> str:
        """The whole self-contained HTML document (no script, no external address)."""
        title = f"Rapport au financeur — {self.programme} {self.year}"
        n, total = len(self.with_results), len(self.members)
        notice = (
            '<p class="avertissement">Données fictives : structures d\'exemple de Size Up, '
            "aucun chiffre ne décrit une structure réelle.</p>"
            if self.fictional
            else ""
        )
        without = ""
        if self.without_results:
            without = f"<p>{esc(self.without_sentence())}</p>"
        sections = [
            (
                "programme",
                "Le programme en chiffres",
                f"<p>{esc(french.plural(total, 'structure', 'structures'))} dans la cohorte, "
                f"dont {esc(french.plural(n, 'structure a', 'structures ont'))} des "
                "résultats.</p>\n"
                f"{without}\n<p>{esc(self.reach_sentence())}</p>\n"
                + table_html(self.reach_table(), "Personnes atteintes, structure par structure"),
            ),
            (
                "mesures",
                "Ce qui a été mesuré, et comment",
                table_html(
                    self.measures_table(),
                    "Indicateurs, comparaisons et niveaux de preuve, par structure",
                )
                + "\n<p>Niveaux de preuve : "
                + "; ".join(f"{badge(lv)}{esc(cl.LEVEL_HELP[lv])}" for lv in cl.LEVELS)
                + ".</p>",
            ),
            ("partages", "Indicateurs partagés", self._shared_html()),
            ("paroles", "Ce qui a changé, dans les mots des structures", self._words()),
            (
                "permet",
                "Ce que la consolidation permet de dire",
                lines_html([f"- {x}" for x in self.can_say()]),
            ),
            (
                "ne-permet-pas",
                "Ce qu'elle ne permet pas de dire",
                lines_html([f"- {x}" for x in self.cannot_say()]),
            ),
        ]
        toc = "".join(f'<li><a href="#{i}">{esc(t)}</a></li>' for i, t, _ in sections)
        toc += "".join(
            f'<li><a href="#annexe-{esc(m.slug)}">{esc("Annexe — " + m.name)}</a></li>'
            for m in self.members
        )
        body = "\n".join(
            f'<section id="{i}">\n<h2>{esc(t)}</h2>\n{b}\n</section>' for i, t, b in sections
        )
        annexes = "\n".join(self._annex(m) for m in self.members)
        raised = ""
        if self.requested is not None and self.requested < self.threshold:
            raised = (
                f" Le seuil demandé ({french.integer(self.requested)}) a été relevé à "
                f"{french.integer(self.threshold)} : ce rapport ne descend jamais sous ce seuil."
            )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n"
            f"<header>\n<h1>{esc(title)}</h1>\n"
            f'<p class="sous-titre">Consolidation des fichiers de résultats de '
            f"{esc(french.plural(n, 'structure', 'structures'))} (results.json, étape 12 du "
            "parcours Size Up)</p>\n"
            f"{notice}\n</header>\n"
            f'<nav class="sommaire" aria-label="Sommaire"><h2>Sommaire</h2><ol>{toc}</ol></nav>\n'
            f"<main>\n{body}\n{annexes}\n</main>\n"
            "<footer>Ce rapport est un seul fichier : il s'ouvre sans connexion et s'imprime en "
            "A4, une page par structure en annexe. Il ne lit que le fichier results.json de "
            "chaque structure, jamais ses fichiers bruts ni ses tables ; aucun nombre de "
            f"moins de {esc(french.plural(self.threshold, 'personne', 'personnes'))} n'y "
            f"figure.{esc(raised)}</footer>\n"
            "</body>\n</html>\n"
        )

    def to_text(self) -> str:
        """What :func:`explain_funder_report` says."""
        return explain_funder_report(self).to_text()

    def _repr_markdown_(self) -> str:
        return explain_funder_report(self)._repr_markdown_()


def explain_funder_report(report: FunderReport) -> Reading:
    """What the funder report holds, in French."""
    title = f"Rapport au financeur — {report.programme} {report.year}"
    n, total = len(report.with_results), len(report.members)
    if total == 0:
        return Reading.of(
            ["La cohorte ne compte aucune structure : rien à consolider."], title=title
        )
    lines = [
        f"{french.plural(n, 'structure a', 'structures ont')} des résultats, sur "
        f"{french.plural(total, 'structure', 'structures')} dans la cohorte."
    ]
    lines.append(report.without_sentence())
    lines.append(report.reach_sentence())
    if report.shared:
        same = [s for s in report.shared if s.same_definition]
        shared = french.plural(len(report.shared), "indicateur partagé", "indicateurs partagés")
        if len(same) == len(report.shared):
            how = "défini de la même façon" if len(same) == 1 else "tous définis de la même façon"
            lines.append(f"{shared} entre structures, {how} ; jamais additionnés.")
        else:
            lines.append(
                f"{shared} entre structures, dont "
                f"{french.plural(len(same), 'défini', 'définis')} de la même façon partout ; "
                "les autres se lisent côte à côte, jamais additionnés ni moyennés."
            )
    else:
        lines.append("Aucun indicateur n'est commun à deux structures.")
    lines.append(
        f"Aucun nombre de moins de {french.plural(report.threshold, 'personne', 'personnes')} "
        "n'est publié ; une page d'annexe par structure."
    )
    return Reading.of(lines, title=title, table=report.reach_table())

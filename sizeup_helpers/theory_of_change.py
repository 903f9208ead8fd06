"""The theory of change of a structure: model, file, edits, coherence checks and diagram.

A theory of change (« théorie du changement ») reads from left to right::

    activités → réalisations → effets (court, moyen, long terme) → impact

with an assumption (« hypothèse ») on the links where a change is expected, the
stakeholders (« parties prenantes ») concerned by each outcome, and for each outcome the
five dimensions of impact (quoi, qui, combien, contribution, risque).

It lives in a plain YAML file of the workspace, ``theorie-du-changement.yml``, whose format
is documented for coaches in ``docs/theorie-du-changement.md``. :func:`load_theory_of_change`
checks it and names the file, the line and the key of every mistake, in French.

The model is immutable: the editing functions (:func:`add_element`, :func:`add_link`…)
return a new :class:`TheoryOfChange` and never change the one they receive. They take
plain values, so a widget and a notebook parameter produce the same file.

Only :mod:`yaml` is imported with this module; pandas and matplotlib are imported by the
functions that need them.
"""

from __future__ import annotations

import difflib
import os
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import french, yamlfile
from .errors import TheoryOfChangeError, check_option
from .reading import Reading
from .yamlfile import Key, Problems, check_mapping, dump_yaml, read_yaml_file, type_ok

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .workspace import Workspace

__all__ = [
    "BROKEN_EXAMPLE",
    "CATEGORIES",
    "DIMENSIONS",
    "DIMENSIONS_FILE",
    "Dimensions",
    "Element",
    "HORIZONS",
    "KINDS",
    "LIVING_CATEGORIES",
    "Link",
    "MEASUREMENT_WINDOWS",
    "NATURES",
    "Stakeholder",
    "TOC_FILE",
    "TheoryOfChange",
    "TheoryOfChangeError",
    "add_element",
    "add_link",
    "add_stakeholder",
    "check_coherence",
    "coherence_findings",
    "describe_theory_of_change",
    "dimensions_overview",
    "dimensions_table",
    "draw_theory_of_change",
    "edit_element",
    "edit_link",
    "edit_stakeholder",
    "elements_table",
    "explain_coherence",
    "explain_diagram",
    "explain_dimensions",
    "explain_theory_of_change",
    "interested_groups",
    "living_groups",
    "load_theory_of_change",
    "new_theory_of_change",
    "remove_element",
    "remove_link",
    "remove_stakeholder",
    "save_diagram",
    "save_dimensions",
    "save_theory_of_change",
    "theory_of_change_from_dict",
    "theory_of_change_from_text",
    "toc_path",
    "toc_text_problem",
    "unknown_id_message",
]

TOC_FILE = "theorie-du-changement.yml"
"""Default name of the theory-of-change file in a workspace."""

KINDS = ("activite", "realisation", "effet", "impact")
"""Element kinds, in the order of the chain."""
HORIZONS = ("court", "moyen", "long")
"""Horizons of an outcome (« effet »), from the nearest to the farthest."""
CATEGORIES = ("beneficiaires", "equipe", "benevoles", "financeurs", "partenaires", "societe")
"""Stakeholder categories; ``equipe`` and ``benevoles`` are the internal ones."""
DIMENSIONS = ("quoi", "qui", "combien", "contribution", "risque")
"""The five dimensions of impact of an outcome."""
NATURES = ("positif", "negatif")
"""Nature of an outcome: a change for the better (default) or for the worse."""
LIVING_CATEGORIES = ("beneficiaires",)
"""Categories whose groups live every outcome that names them (see :func:`living_groups`)."""
_LIVE_WHEN_THEIRS = ("equipe", "benevoles", "societe")
MEASUREMENT_WINDOWS = {"court": (0, 6), "moyen": (3, 24), "long": (6, None)}
"""Months after the end of the action when an outcome of each horizon can plausibly be
measured (``None``: no upper bound); see ``horizon_mesure`` in :func:`check_coherence`."""

SECTIONS = {"activite": "activites", "realisation": "realisations", "effet": "effets"}
"""File section (list key) of each element kind; the impact is a single mapping."""

_KIND_NAME = {
    "activite": "l'activité",
    "realisation": "la réalisation",
    "effet": "l'effet",
    "impact": "l'impact",
}
_KIND_NAME_A = {
    "activite": "une activité",
    "realisation": "une réalisation",
    "effet": "un effet",
    "impact": "l'impact",
}
_HORIZON_NAME = {"court": "court terme", "moyen": "moyen terme", "long": "long terme"}
_ID_PREFIX = {"activite": "A", "realisation": "R", "effet": "E", "impact": "I"}
_ALLOWED_LINKS = {
    ("activite", "realisation"),
    ("realisation", "effet"),
    ("effet", "effet"),
    ("effet", "impact"),
}
_CHAIN_RULE = (
    "les liens vont des activités vers les réalisations, des réalisations vers "
    "les effets (court, puis moyen, puis long terme) et des effets vers l'impact"
)
_ASSUMPTION_EXPECTED = {("realisation", "effet"), ("effet", "effet"), ("effet", "impact")}


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dimensions:
    """The five dimensions of impact of an outcome (all optional French texts)."""

    quoi: str = ""
    """What changes, and how important the change is for the people concerned."""
    qui: str = ""
    """Who experiences the change, and how underserved they are."""
    combien: str = ""
    """How much: scale (how many), depth (how much), duration."""
    contribution: str = ""
    """What would have happened anyway; the structure's share in the change."""
    risque: str = ""
    """The risk that the change does not happen as expected."""

    def to_dict(self) -> dict[str, str]:
        """The non-empty dimensions, as in the file."""
        return {name: getattr(self, name) for name in DIMENSIONS if getattr(self, name)}

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in DIMENSIONS)


@dataclass(frozen=True)
class Element:
    """A box of the chain: an activity, an output, an outcome or the impact."""

    id: str
    kind: str
    """One of :data:`KINDS`."""
    label: str
    """The French text shown in the box (``libelle`` in the file)."""
    horizon: str | None = None
    """For an outcome: one of :data:`HORIZONS`; ``None`` for the other kinds."""
    stakeholders: tuple[str, ...] = ()
    """For an outcome: ids of the stakeholders it concerns."""
    dimensions: Dimensions = field(default_factory=Dimensions)
    """For an outcome: the five dimensions of impact."""
    description: str = ""
    nature: str = "positif"
    """For an outcome: ``"positif"`` or ``"negatif"`` (a change for the worse)."""
    expected: bool = True
    """For an outcome: ``False`` when the change is not intended (« non attendu »)."""
    measured_at: int | None = None
    """For an outcome: when it is measured, in months after the end of the action (0: at
    its end); ``None`` when not said."""
    lived_by: tuple[str, ...] | None = None
    """For an outcome: ids of the stakeholders who live the change, among
    :attr:`stakeholders`; ``None``: decided by category (:func:`living_groups`)."""

    @property
    def negative(self) -> bool:
        """A change for the worse."""
        return self.nature == "negatif"

    @property
    def flagged(self) -> str:
        """« négatif », « non attendu », both, or ``""`` for an intended positive outcome."""
        words = [
            w for w, on in (("négatif", self.negative), ("non attendu", not self.expected)) if on
        ]
        return ", ".join(words)

    def to_dict(self) -> dict[str, Any]:
        """The element as written in the file."""
        out: dict[str, Any] = {"id": self.id, "libelle": self.label}
        if self.description:
            out["description"] = self.description
        if self.kind == "effet":
            out["horizon"] = self.horizon
            if self.negative:
                out["nature"] = self.nature
            if not self.expected:
                out["attendu"] = False
            if self.measured_at is not None:
                out["mois_de_mesure"] = self.measured_at
            if self.stakeholders:
                out["parties_prenantes"] = list(self.stakeholders)
            if self.lived_by is not None:
                out["vecu_par"] = list(self.lived_by)
            if self.dimensions:
                out["dimensions"] = self.dimensions.to_dict()
        return out


@dataclass(frozen=True)
class Link:
    """An arrow of the chain, with its assumption (« hypothèse »)."""

    source: str
    target: str
    assumption: str = ""

    @property
    def name(self) -> str:
        """``"A1 → R1"``, as in messages."""
        return f"{self.source} → {self.target}"

    def to_dict(self) -> dict[str, str]:
        out = {"de": self.source, "vers": self.target}
        if self.assumption:
            out["hypothese"] = self.assumption
        return out


@dataclass(frozen=True)
class Stakeholder:
    """A stakeholder group (never a named person)."""

    id: str
    name: str
    category: str
    """One of :data:`CATEGORIES`."""
    influence: int | None = None
    """1 (none) to 5 (decisive): how much the group can shape the action or its evaluation."""
    concernement: int | None = None
    """1 (barely) to 5 (deeply): how much the group is affected by the action."""
    description: str = ""
    size: int | None = None
    """How many people the group counts in a year (``effectif``), when known: it breaks
    ties in the materiality ranking (see ``stakeholders.prioritise_outcomes``)."""

    @property
    def internal(self) -> bool:
        """Staff and volunteers are internal stakeholders."""
        return self.category in ("equipe", "benevoles")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "nom": self.name, "categorie": self.category}
        if self.influence is not None:
            out["influence"] = self.influence
        if self.concernement is not None:
            out["concernement"] = self.concernement
        if self.size is not None:
            out["effectif"] = self.size
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class TheoryOfChange:
    """A structure's theory of change. Build it with :func:`load_theory_of_change`,
    :func:`theory_of_change_from_dict` or :func:`new_theory_of_change`."""

    problem: str = ""
    impact: Element | None = None
    activities: tuple[Element, ...] = ()
    outputs: tuple[Element, ...] = ()
    outcomes: tuple[Element, ...] = ()
    links: tuple[Link, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    version: int = 1

    @property
    def elements(self) -> tuple[Element, ...]:
        """All elements in chain order: activities, outputs, outcomes, impact."""
        tail = (self.impact,) if self.impact is not None else ()
        return self.activities + self.outputs + self.outcomes + tail

    def element(self, element_id: str) -> Element:
        """The element whose id is ``element_id`` (French error naming close ids)."""
        for el in self.elements:
            if el.id == element_id:
                return el
        raise TheoryOfChangeError(
            unknown_id_message(element_id, [e.id for e in self.elements], "élément")
        )

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder whose id is ``stakeholder_id``."""
        for st in self.stakeholders:
            if st.id == stakeholder_id:
                return st
        raise TheoryOfChangeError(
            unknown_id_message(stakeholder_id, [s.id for s in self.stakeholders], "partie prenante")
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id used: elements, then stakeholders."""
        return tuple(e.id for e in self.elements) + tuple(s.id for s in self.stakeholders)

    def to_dict(self) -> dict[str, Any]:
        """The theory of change as written in the file (see ``docs/theorie-du-changement.md``)."""
        out: dict[str, Any] = {"version": self.version, "probleme": self.problem}
        if self.impact is not None:
            out["impact"] = self.impact.to_dict()
        out["activites"] = [e.to_dict() for e in self.activities]
        out["realisations"] = [e.to_dict() for e in self.outputs]
        out["effets"] = [e.to_dict() for e in self.outcomes]
        out["liens"] = [lk.to_dict() for lk in self.links]
        out["parties_prenantes"] = [s.to_dict() for s in self.stakeholders]
        return out


def new_theory_of_change(
    problem: str = "", impact: str = "", *, impact_id: str = "I"
) -> TheoryOfChange:
    """An empty theory of change, to start from scratch.

    >>> toc = new_theory_of_change("Isolement des personnes âgées", "Lien social retrouvé")
    >>> toc.impact.id, toc.impact.label
    ('I', 'Lien social retrouvé')
    """
    _check_text("problem", problem, allow_empty=True)
    _check_text("impact", impact, allow_empty=True)
    element = Element(impact_id, "impact", impact.strip()) if impact.strip() else None
    return TheoryOfChange(problem=problem.strip(), impact=element)


def living_groups(toc: TheoryOfChange, outcome: Element | str) -> tuple[str, ...]:
    """The stakeholder groups who live an outcome's change (« vivent le changement »).

    Materiality judges an outcome by its relevance and significance for the people who
    experience the change (SROI principle « only include what is material », Social Value
    International; the CSESS 2011 definition names beneficiaries, internal stakeholders and
    society as those the consequences reach).

    Parameters
    ----------
    toc
        The theory of change.
    outcome
        An outcome, or its id.

    Returns
    -------
    tuple of str
        The outcome's ``vecu_par`` when the file gives it. Otherwise, among the groups it
        names: beneficiaries always; staff, volunteers and society (« société,
        territoire ») when the outcome names no beneficiary group (the change is then
        theirs); funders and partners never: they have an interest in knowing
        (:func:`interested_groups`).

    >>> toc = theory_of_change_from_dict({
    ...     "effets": [{"id": "E1", "libelle": "Emploi", "horizon": "long",
    ...                 "parties_prenantes": ["PP1", "PP2"]}],
    ...     "parties_prenantes": [
    ...         {"id": "PP1", "nom": "Participants", "categorie": "beneficiaires"},
    ...         {"id": "PP2", "nom": "Financeurs", "categorie": "financeurs"}]})
    >>> living_groups(toc, "E1"), interested_groups(toc, "E1")
    (('PP1',), ('PP2',))
    """
    el = toc.element(outcome) if isinstance(outcome, str) else outcome
    if el.lived_by is not None:
        return tuple(el.lived_by)
    category = {s.id: s.category for s in toc.stakeholders}
    named = [p for p in el.stakeholders if p in category]
    has_beneficiaries = any(category[p] in LIVING_CATEGORIES for p in named)
    return tuple(
        p
        for p in named
        if category[p] in LIVING_CATEGORIES
        or (category[p] in _LIVE_WHEN_THEIRS and not has_beneficiaries)
    )


def interested_groups(toc: TheoryOfChange, outcome: Element | str) -> tuple[str, ...]:
    """The groups an outcome names that do not live its change: they have an interest in
    knowing it (« ont intérêt à savoir »), like funders, and do not raise its materiality
    (see :func:`living_groups`)."""
    el = toc.element(outcome) if isinstance(outcome, str) else outcome
    living = living_groups(toc, el)
    return tuple(p for p in el.stakeholders if p not in living)


# --------------------------------------------------------------------------------------
# Reading and writing the file
# --------------------------------------------------------------------------------------
_ELEMENT_SCHEMA = {
    "id": Key((str,), True, "identifiant unique, par exemple A1"),
    "libelle": Key((str,), True, "le texte de la case"),
    "description": Key((str, type(None)), False, "précisions"),
}
_OUTCOME_SCHEMA = {
    **_ELEMENT_SCHEMA,
    "horizon": Key((str,), True, "court, moyen ou long", choices=HORIZONS),
    "nature": Key((str,), False, "positif ou negatif", choices=NATURES),
    "attendu": Key((bool,), False, "true (par défaut) ou false pour un effet non attendu"),
    "mois_de_mesure": Key(
        (int, type(None)), False, "mois après la fin de l'action, de 0 à 120", bounds=(0, 120)
    ),
    "parties_prenantes": Key((list, type(None)), False, "identifiants des parties prenantes"),
    "vecu_par": Key(
        (list, type(None)), False, "identifiants des parties prenantes qui vivent le changement"
    ),
    "dimensions": Key((dict, type(None)), False, "les cinq dimensions de l'impact"),
}
_DIMENSION_SCHEMA = {name: Key((str, type(None))) for name in DIMENSIONS}
_LINK_SCHEMA = {
    "de": Key((str,), True, "identifiant de l'élément de départ"),
    "vers": Key((str,), True, "identifiant de l'élément d'arrivée"),
    "hypothese": Key((str, type(None)), False, "hypothèse sur le lien"),
}
_STAKEHOLDER_SCHEMA = {
    "id": Key((str,), True, "identifiant unique, par exemple PP1"),
    "nom": Key((str,), True, "nom du groupe de parties prenantes"),
    "categorie": Key((str,), True, ", ".join(CATEGORIES), choices=CATEGORIES),
    "influence": Key((int, type(None)), False, "de 1 à 5", bounds=(1, 5)),
    "concernement": Key((int, type(None)), False, "de 1 à 5", bounds=(1, 5)),
    "effectif": Key(
        (int, type(None)), False, "nombre de personnes du groupe par an", bounds=(0, 10**8)
    ),
    "description": Key((str, type(None)), False, "précisions"),
}
_TOP_SCHEMA = {
    "version": Key((int,), False, "version du format (1)"),
    "probleme": Key((str, type(None)), False, "le problème social visé"),
    "impact": Key((dict, type(None)), False, "le changement de long terme visé"),
    "activites": Key((list, type(None)), False, "ce que fait la structure"),
    "realisations": Key((list, type(None)), False, "ce que produisent les activités"),
    "effets": Key((list, type(None)), False, "les changements visés"),
    "liens": Key((list, type(None)), False, "les flèches de la chaîne"),
    "parties_prenantes": Key((list, type(None)), False, "les parties prenantes"),
}


def _check_str_list(node: yaml.Node | None, value: Any, label: str, problems: Problems) -> bool:
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        problems.add(
            yamlfile.line(node),
            f"« {label} » doit être une liste d'identifiants (textes), pas {bad[0]!r}",
        )
    return not bad


def _parse(data: Any, node: yaml.Node | None, source: str) -> TheoryOfChange:
    """Check ``data`` (with its YAML ``node`` for line numbers) and build the model."""
    problems = Problems()
    if not isinstance(data, dict):
        problems.add(
            yamlfile.line(node),
            "le fichier doit contenir des clés « clé: valeur » "
            "(probleme, impact, activites, realisations, effets, liens, "
            "parties_prenantes)",
        )
        problems.raise_for(source, TheoryOfChangeError)
    check_mapping(node, data, _TOP_SCHEMA, "", problems)
    if "version" in data and type_ok(data["version"], (int,)) and data["version"] != 1:
        problems.add(
            yamlfile.line(node, "version"),
            f"version {data['version']} inconnue (seule la version 1 existe)",
        )
    lines: dict[str, int | None] = {}  # id -> line of its item, for cross-checks
    broken: set[str] = set()  # ids of items already reported, not to report again as unknown

    def elements(kind: str, key: str) -> list[Element]:
        raw = data.get(key)
        if not isinstance(raw, list):
            return []
        section = yamlfile.child(node, key)
        schema = _OUTCOME_SCHEMA if kind == "effet" else _ELEMENT_SCHEMA
        out = []
        for i, item in enumerate(raw):
            item_node = yamlfile.item(section, i)
            where = f"{key}[{i + 1}]"
            el = None
            if check_mapping(item_node, item, schema, where, problems):
                el = _element_from(kind, item, item_node, where, problems)
            if el is None:
                _remember_broken(item, broken)
            else:
                lines.setdefault(el.id, yamlfile.line(item_node))
                out.append(el)
        return out

    activities = elements("activite", "activites")
    outputs = elements("realisation", "realisations")
    outcomes = elements("effet", "effets")
    impact = None
    if isinstance(data.get("impact"), dict):
        imp_node = yamlfile.child(node, "impact")
        if check_mapping(imp_node, data["impact"], _ELEMENT_SCHEMA, "impact", problems):
            impact = _element_from("impact", data["impact"], imp_node, "impact", problems)
            lines.setdefault(impact.id, yamlfile.line(imp_node))
        else:
            _remember_broken(data["impact"], broken)

    links: list[Link] = []
    link_lines: list[int | None] = []
    if isinstance(data.get("liens"), list):
        section = yamlfile.child(node, "liens")
        for i, item in enumerate(data["liens"]):
            item_node = yamlfile.item(section, i)
            if check_mapping(item_node, item, _LINK_SCHEMA, f"liens[{i + 1}]", problems):
                links.append(
                    Link(
                        item["de"].strip(),
                        item["vers"].strip(),
                        (item.get("hypothese") or "").strip(),
                    )
                )
                link_lines.append(yamlfile.line(item_node))

    stakeholders: list[Stakeholder] = []
    if isinstance(data.get("parties_prenantes"), list):
        section = yamlfile.child(node, "parties_prenantes")
        for i, item in enumerate(data["parties_prenantes"]):
            item_node = yamlfile.item(section, i)
            if check_mapping(
                item_node, item, _STAKEHOLDER_SCHEMA, f"parties_prenantes[{i + 1}]", problems
            ):
                st = Stakeholder(
                    item["id"].strip(),
                    item["nom"].strip(),
                    item["categorie"],
                    item.get("influence"),
                    item.get("concernement"),
                    (item.get("description") or "").strip(),
                    item.get("effectif"),
                )
                lines.setdefault(st.id, yamlfile.line(item_node))
                stakeholders.append(st)
            else:
                _remember_broken(item, broken)

    toc = TheoryOfChange(
        problem=(data.get("probleme") or "").strip()
        if isinstance(data.get("probleme"), str | None)
        else "",
        impact=impact,
        activities=tuple(activities),
        outputs=tuple(outputs),
        outcomes=tuple(outcomes),
        links=tuple(links),
        stakeholders=tuple(stakeholders),
        version=1,
    )
    for line, message in _cross_problems(toc, lines, link_lines, node, broken):
        problems.add(line, message)
    problems.raise_for(source, TheoryOfChangeError)
    return toc


def _remember_broken(item: Any, broken: set[str]) -> None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        broken.add(item["id"].strip())


def _element_from(
    kind: str, item: dict, node: yaml.Node | None, where: str, problems: Problems
) -> Element | None:
    if kind != "effet":
        return Element(
            item["id"].strip(),
            kind,
            item["libelle"].strip(),
            description=(item.get("description") or "").strip(),
        )
    ok = True
    pp = item.get("parties_prenantes") or []
    if not _check_str_list(
        yamlfile.child(node, "parties_prenantes"), pp, f"{where}.parties_prenantes", problems
    ):
        ok = False
    lived = item.get("vecu_par")
    if lived is not None and not _check_str_list(
        yamlfile.child(node, "vecu_par"), lived, f"{where}.vecu_par", problems
    ):
        ok = False
    dims = item.get("dimensions") or {}
    if not check_mapping(
        yamlfile.child(node, "dimensions"), dims, _DIMENSION_SCHEMA, f"{where}.dimensions", problems
    ):
        ok = False
    if not ok:
        return None
    return Element(
        item["id"].strip(),
        "effet",
        item["libelle"].strip(),
        horizon=item["horizon"],
        stakeholders=tuple(p.strip() for p in pp),
        dimensions=Dimensions(**{k: (v or "").strip() for k, v in dims.items()}),
        description=(item.get("description") or "").strip(),
        nature=item.get("nature", "positif"),
        expected=item.get("attendu", True),
        measured_at=item.get("mois_de_mesure"),
        lived_by=None if lived is None else tuple(p.strip() for p in lived),
    )


def _cross_problems(
    toc: TheoryOfChange,
    lines: Mapping[str, int | None] | None = None,
    link_lines: list[int | None] | None = None,
    node: yaml.Node | None = None,
    broken: set[str] | frozenset[str] = frozenset(),
) -> list[tuple[int | None, str]]:
    """Problems between parts of the model: ids, references, link directions.

    ``broken`` holds ids of items already reported as invalid: they are not reported again
    as unknown wherever they are cited.
    """
    lines = lines or {}
    link_lines = link_lines or [None] * len(toc.links)
    out: list[tuple[int | None, str]] = []
    first: dict[str, str] = {}
    things = [(e.id, _KIND_NAME[e.kind]) for e in toc.elements]
    things += [(s.id, "la partie prenante") for s in toc.stakeholders]
    for thing_id, what in things:
        if thing_id in first:
            out.append(
                (
                    None,
                    f"l'identifiant « {thing_id} » est donné deux fois "
                    f"({first[thing_id]} et {what}) : chaque identifiant doit être unique",
                )
            )
        else:
            first[thing_id] = what
    if len(first) < len(things):
        # report duplicates at the line of the second occurrence when the file gives it
        out = _locate_duplicates(toc, out, node)
    by_id = {e.id: e for e in toc.elements}
    stakeholder_ids = [s.id for s in toc.stakeholders]
    for el in toc.outcomes:
        for pp in el.lived_by or ():
            if pp not in el.stakeholders:
                out.append(
                    (
                        lines.get(el.id),
                        f"l'effet « {el.id} » dit que « {pp} » vit le changement (vecu_par), "
                        "mais ne le cite pas dans ses parties_prenantes : ajoutez-le aussi "
                        "à parties_prenantes",
                    )
                )
        for pp in el.stakeholders:
            if pp not in stakeholder_ids and pp not in broken:
                out.append(
                    (
                        lines.get(el.id),
                        unknown_id_message(
                            pp,
                            stakeholder_ids,
                            "partie prenante",
                            f"l'effet « {el.id} » cite la partie prenante « {pp} », "
                            "qui n'existe pas",
                        ),
                    )
                )
    seen_links: dict[tuple[str, str], int | None] = {}
    for link, line in zip(toc.links, link_lines, strict=True):
        for end in (link.source, link.target):
            if end not in by_id and end not in broken:
                out.append(
                    (
                        line,
                        unknown_id_message(
                            end,
                            list(by_id),
                            "élément",
                            f"le lien « {link.name} » cite « {end} », qui n'existe pas",
                        ),
                    )
                )
        if link.source in by_id and link.target in by_id:
            wrong = _direction_problem(by_id[link.source], by_id[link.target])
            if wrong:
                out.append((line, wrong))
        key = (link.source, link.target)
        if key in seen_links:
            where = f" (déjà ligne {seen_links[key]})" if seen_links[key] else ""
            out.append((line, f"le lien « {link.name} » est écrit deux fois{where}"))
        seen_links.setdefault(key, line)
    return out


def _locate_duplicates(
    toc: TheoryOfChange, out: list[tuple[int | None, str]], node: yaml.Node | None
) -> list[tuple[int | None, str]]:
    if node is None:
        return out
    id_lines: dict[str, list[int]] = {}
    for key in ("activites", "realisations", "effets", "parties_prenantes"):
        section = yamlfile.child(node, key)
        if isinstance(section, yaml.SequenceNode):
            for item in section.value:
                id_node = yamlfile.child(item, "id")
                if isinstance(id_node, yaml.ScalarNode):
                    id_lines.setdefault(id_node.value.strip(), []).append(
                        id_node.start_mark.line + 1
                    )
    id_node = yamlfile.child(yamlfile.child(node, "impact"), "id")
    if isinstance(id_node, yaml.ScalarNode):
        id_lines.setdefault(id_node.value.strip(), []).append(id_node.start_mark.line + 1)
    located = []
    for line, message in out:
        if line is None and message.startswith("l'identifiant « "):
            dup = message.split("« ", 1)[1].split(" »", 1)[0]
            found = sorted(id_lines.get(dup, []))
            if len(found) > 1:
                located.append(
                    (found[1], message.replace(" : chaque", f", déjà ligne {found[0]} : chaque"))
                )
                continue
        located.append((line, message))
    return located


def _direction_problem(src: Element, dst: Element) -> str | None:
    """A French sentence when a link from ``src`` to ``dst`` goes the wrong way."""
    name = f"le lien « {src.id} → {dst.id} »"
    if src.id == dst.id:
        return f"{name} relie un élément à lui-même"
    if (src.kind, dst.kind) not in _ALLOWED_LINKS:
        advice = ""
        if (src.kind, dst.kind) == ("activite", "effet"):
            advice = (
                " (une activité mène d'abord à une réalisation, ce qu'elle produit : "
                "ajoutez la réalisation entre les deux)"
            )
        elif (src.kind, dst.kind) == ("realisation", "impact"):
            advice = " (ajoutez l'effet que produit la réalisation, puis reliez-le à l'impact)"
        return (
            f"{name} va dans le mauvais sens : {_KIND_NAME_A[src.kind]} ne mène pas à "
            f"{_KIND_NAME_A[dst.kind]}{advice} ; {_CHAIN_RULE}"
        )
    if src.kind == dst.kind == "effet" and (
        HORIZONS.index(dst.horizon) < HORIZONS.index(src.horizon)
    ):
        return (
            f"{name} va dans le mauvais sens : l'effet « {src.id} » "
            f"({_HORIZON_NAME[src.horizon]}) ne peut pas mener à l'effet « {dst.id} » "
            f"({_HORIZON_NAME[dst.horizon]}) ; un effet mène à un effet de même horizon "
            "ou plus lointain"
        )
    return None


# nouns of the model that take a feminine « aucune »
_FEMININE = frozenset({"activité", "réalisation", "partie prenante", "hypothèse"})


def unknown_id_message(
    wanted: str, existing: Iterable[str], what: str, lead: str | None = None
) -> str:
    """A French sentence for an unknown id: the closest existing id, or the list of them.

    >>> unknown_id_message("E9", ["E1", "R2"], "effet")
    "aucun effet n'a l'identifiant « E9 » ; vouliez-vous dire « E1 » ?"
    >>> unknown_id_message("PP9", [], "partie prenante")
    "aucune partie prenante n'a l'identifiant « PP9 » (identifiants existants : aucun)"
    """
    existing = list(existing)
    none = "aucune" if what in _FEMININE else "aucun"
    lead = lead or f"{none} {what} n'a l'identifiant « {wanted} »"
    close = difflib.get_close_matches(str(wanted), existing, n=1, cutoff=0.5)
    if close:
        return f"{lead} ; vouliez-vous dire « {close[0]} » ?"
    known = ", ".join(existing) if existing else "aucun"
    return f"{lead} (identifiants existants : {known})"


def theory_of_change_from_dict(
    data: Mapping[str, Any], *, source: str = "théorie du changement"
) -> TheoryOfChange:
    """Build and check a theory of change from a mapping in the file format.

    Same checks as :func:`load_theory_of_change`, without line numbers.

    >>> toc = theory_of_change_from_dict({"activites": [{"id": "A1", "libelle": "Ateliers"}]})
    >>> toc.activities[0].label
    'Ateliers'
    """
    return _parse(dict(data) if isinstance(data, Mapping) else data, None, source)


def toc_path(ws: Workspace) -> Path:
    """Where the workspace's theory of change is read from and saved to.

    A structure's own workspace keeps it in its folder (``theorie-du-changement.yml``, or
    the file named by ``theorie_du_changement`` in ``structure.yml``). A sample structure
    is never written: its edited copy lives in the outputs of step 02, and is read in
    preference to the shipped draft once it exists.
    """
    name = ws.config.get("theorie_du_changement") or TOC_FILE
    if ws.is_sample:
        copy = ws.step_dir("02", create=False) / Path(name).name
        return copy if copy.is_file() else ws.root / name
    return ws.root / name


def start_theory_of_change(ws: Workspace) -> TheoryOfChange:
    """The workspace's theory of change, or an empty one to build when there is none yet.

    A structure's own workspace starts without a theory of change: notebook 02 then starts
    from an empty one (saved, so the form's first change has a file to update) instead of
    stopping on a missing file. A file that exists but is wrong still raises, in French.
    """
    if toc_path(ws).is_file():
        return load_theory_of_change(ws)
    toc = new_theory_of_change()
    save_theory_of_change(toc, ws)
    return toc


def import_theory_of_change(ws: Workspace, toc_file: str | os.PathLike = "") -> str:
    """Check the theory of change written in ``toc_file`` and make it the workspace's.

    It **replaces** the workspace's theory of change (the parameter ``toc_file`` of
    notebook 02, for a coach who wrote the file elsewhere). With no file, nothing changes.
    Returns a French sentence saying which theory of change the notebook uses.
    """
    if not str(toc_file).strip():
        return "Théorie du changement : celle de l'espace de travail (aucun fichier importé)."
    path = save_theory_of_change(load_theory_of_change(toc_file), ws)
    return f"Théorie du changement importée depuis {toc_file} et enregistrée dans {path}."


def _sample_copy(ws: Workspace) -> Path:
    name = ws.config.get("theorie_du_changement") or TOC_FILE
    return ws.step_dir("02") / Path(name).name


def load_theory_of_change(path: str | os.PathLike | Workspace) -> TheoryOfChange:
    """Read and check a theory-of-change file.

    Parameters
    ----------
    path
        The YAML file, or a :class:`~sizeup_helpers.workspace.Workspace` (its file is
        found with :func:`toc_path`).

    Returns
    -------
    TheoryOfChange

    Raises
    ------
    TheoryOfChangeError
        In French, naming the file, the line and the key of every mistake: bad YAML,
        unknown key (« vouliez-vous dire … ? »), missing or duplicate id, link to an
        unknown id or in the wrong direction, wrong horizon, category or type.
    """
    if not isinstance(path, str | os.PathLike):
        path = toc_path(path)
    data, node = read_yaml_file(
        path,
        TheoryOfChangeError,
        missing=(
            "Construisez la théorie du changement dans le carnet 02, ou écrivez ce fichier en "
            "suivant docs/theorie-du-changement.md."
        ),
    )
    if data is None:
        raise TheoryOfChangeError(
            f"{path} : le fichier est vide. Partez du modèle de docs/theorie-du-changement.md."
        )
    return _parse(data, node, str(path))


def save_theory_of_change(
    toc: TheoryOfChange, path: str | os.PathLike | Workspace, *, title: str | None = None
) -> Path:
    """Write ``toc`` to a YAML file (atomically) and return the path written.

    Parameters
    ----------
    toc
        The theory of change; it is checked first, so an invalid one is never written.
    path
        A file path, or a workspace: a structure's own workspace gets its
        ``theorie-du-changement.yml`` rewritten; a sample structure gets a copy in the
        outputs of step 02 (see :func:`toc_path`).
    title
        Name of the structure for the header comment (a workspace gives its own).

    Notes
    -----
    Comments of a hand-written file are not kept: the file is written again from the model.
    Reading the written file gives back an equal :class:`TheoryOfChange`.
    """
    _check_toc(toc)
    problems = _cross_problems(toc)
    if problems:
        raise TheoryOfChangeError(
            "Théorie du changement non enregistrée : " + " ; ".join(m for _, m in problems) + "."
        )
    ws = None if isinstance(path, str | os.PathLike) else path
    if ws is not None:
        title = title or ws.name
    header = f"# Théorie du changement — {title}\n" if title else "# Théorie du changement\n"
    header += (
        "# Format : docs/theorie-du-changement.md. Gardez l'indentation (deux espaces).\n"
        "# Ce fichier est réécrit par le carnet 02 : les commentaires ne sont pas gardés.\n"
    )
    text = header + dump_yaml(toc.to_dict())
    if ws is not None:
        target = (
            _sample_copy(ws)
            if ws.is_sample
            else ws.root / (ws.config.get("theorie_du_changement") or TOC_FILE)
        )
        return ws.write_text(target, text)
    from .workspace import atomic_path

    target = _writable(Path(path))
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def _writable(target: Path) -> Path:
    """Refuse a target inside the shipped samples, which never change."""
    from .workspace import is_sample

    if is_sample(target):
        raise TheoryOfChangeError(
            f"Écriture refusée : « {target} » est dans les structures d'exemple (data/samples), "
            "qui restent inchangées. Enregistrez dans l'espace de travail ou les sorties."
        )
    return target


def _check_toc(toc: Any) -> None:
    if not isinstance(toc, TheoryOfChange):
        raise TypeError(
            f"Il faut une théorie du changement (TheoryOfChange), pas {type(toc).__name__}."
        )


# --------------------------------------------------------------------------------------
# Editing: every function returns a new model
# --------------------------------------------------------------------------------------
def _check_text(name: str, value: Any, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"`{name}` doit être un texte, pas {value!r}.")
    if not allow_empty and not value.strip():
        raise ValueError(f"`{name}` est vide : écrivez un texte.")
    return value.strip()


def _next_id(toc: TheoryOfChange, prefix: str) -> str:
    used = set(toc.ids)
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _dimensions(value: Dimensions | Mapping[str, str] | None) -> Dimensions:
    if value is None:
        return Dimensions()
    if isinstance(value, Dimensions):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(
            f"`dimensions` doit être un ensemble de clés ({', '.join(DIMENSIONS)}), pas {value!r}."
        )
    unknown = [k for k in value if k not in DIMENSIONS]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), DIMENSIONS, n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        raise ValueError(
            f"Dimension inconnue « {unknown[0]} » (dimensions : {', '.join(DIMENSIONS)}){hint}"
        )
    return Dimensions(
        **{k: _check_text(f"dimensions.{k}", v or "", allow_empty=True) for k, v in value.items()}
    )


def _stakeholder_ids(toc: TheoryOfChange, value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    ids = tuple(_check_text("stakeholders", v) for v in value)
    known = [s.id for s in toc.stakeholders]
    for pp in ids:
        if pp not in known:
            raise TheoryOfChangeError(
                unknown_id_message(
                    pp,
                    known,
                    "partie prenante",
                    f"Aucune partie prenante n'a l'identifiant « {pp} »",
                )
                + "."
            )
    return ids


def _outcome_options(
    toc: TheoryOfChange, nature: Any, expected: Any, measured_at: Any, lived_by: Any
) -> dict[str, Any]:
    """The checked optional fields of an outcome (see :func:`add_element`)."""
    check_option("nature", nature, NATURES)
    if not isinstance(expected, bool):
        raise TypeError(f"`expected` doit valoir True ou False, pas {expected!r}.")
    if measured_at is not None and (
        isinstance(measured_at, bool) or not isinstance(measured_at, int)
    ):
        raise TypeError(
            f"`measured_at` doit être un nombre entier de mois (0 à 120), pas {measured_at!r}."
        )
    if measured_at is not None and not 0 <= measured_at <= 120:
        raise ValueError(f"`measured_at` doit aller de 0 à 120 mois, pas {measured_at}.")
    return {
        "nature": nature,
        "expected": expected,
        "measured_at": measured_at,
        "lived_by": None if lived_by is None else _stakeholder_ids(toc, lived_by),
    }


def _with_elements(toc: TheoryOfChange, kind: str, elements: tuple[Element, ...]) -> TheoryOfChange:
    key = {"activite": "activities", "realisation": "outputs", "effet": "outcomes"}[kind]
    return replace(toc, **{key: elements})


def _elements_of(toc: TheoryOfChange, kind: str) -> tuple[Element, ...]:
    return {"activite": toc.activities, "realisation": toc.outputs, "effet": toc.outcomes}[kind]


def add_element(
    toc: TheoryOfChange,
    kind: str,
    label: str,
    *,
    id: str | None = None,
    horizon: str | None = None,
    stakeholders: Iterable[str] | None = None,
    dimensions: Mapping[str, str] | Dimensions | None = None,
    description: str = "",
    nature: str = "positif",
    expected: bool = True,
    measured_at: int | None = None,
    lived_by: Iterable[str] | None = None,
) -> TheoryOfChange:
    """Return a new theory of change with one more element.

    Parameters
    ----------
    toc
        The theory of change (not changed).
    kind
        ``"activite"``, ``"realisation"``, ``"effet"`` or ``"impact"`` (there is one impact).
    label
        The text of the box.
    id
        Its identifier; by default the next free ``A1``, ``R1``, ``E1``…
    horizon
        For an outcome: ``"court"``, ``"moyen"`` or ``"long"`` (default ``"court"``).
    stakeholders, dimensions
        For an outcome: ids of the stakeholders concerned, and the five dimensions.
    description
        Optional details.
    nature, expected, measured_at, lived_by
        For an outcome: ``"positif"`` or ``"negatif"``; ``False`` for an unintended
        outcome; its measurement point in months after the end of the action (0 to 120);
        the ids, among ``stakeholders``, of the groups who live the change (default: by
        category, see :func:`living_groups`).

    >>> toc = add_element(new_theory_of_change(), "activite", "Ateliers entre pairs")
    >>> [e.id for e in toc.activities]
    ['A1']
    """
    _check_toc(toc)
    check_option("kind", kind, KINDS)
    label = _check_text("label", label)
    description = _check_text("description", description, allow_empty=True)
    outcome_only = (
        horizon is not None
        or stakeholders
        or dimensions
        or nature != "positif"
        or expected is not True
        or measured_at is not None
        or lived_by is not None
    )
    if kind != "effet" and outcome_only:
        raise ValueError(
            f"Seul un effet a un horizon, des parties prenantes et des dimensions, "
            f"pas {_KIND_NAME_A[kind]}."
        )
    new_id = _check_text("id", id) if id is not None else _next_id(toc, _ID_PREFIX[kind])
    if new_id in toc.ids:
        raise TheoryOfChangeError(
            f"L'identifiant « {new_id} » existe déjà : choisissez-en un autre."
        )
    if kind == "impact":
        if toc.impact is not None:
            raise TheoryOfChangeError(
                f"La théorie du changement a déjà un impact "
                f"(« {toc.impact.id} ») : modifiez-le avec edit_element."
            )
        return replace(toc, impact=Element(new_id, "impact", label, description=description))
    if kind == "effet":
        horizon = "court" if horizon is None else horizon
        check_option("horizon", horizon, HORIZONS)
        element = Element(
            new_id,
            "effet",
            label,
            horizon=horizon,
            stakeholders=_stakeholder_ids(toc, stakeholders),
            dimensions=_dimensions(dimensions),
            description=description,
            **_outcome_options(toc, nature, expected, measured_at, lived_by),
        )
    else:
        element = Element(new_id, kind, label, description=description)
    out = _with_elements(toc, kind, _elements_of(toc, kind) + (element,))
    _raise_cross(out)
    return out


_UNSET: Any = object()


def edit_element(
    toc: TheoryOfChange,
    element_id: str,
    *,
    label: str | None = None,
    horizon: str | None = None,
    stakeholders: Iterable[str] | None = None,
    dimensions: Mapping[str, str] | Dimensions | None = None,
    description: str | None = None,
    nature: str | None = None,
    expected: bool | None = None,
    measured_at: int | None = _UNSET,
    lived_by: Iterable[str] | None = _UNSET,
) -> TheoryOfChange:
    """Return a new theory of change where element ``element_id`` is changed.

    Only the arguments given (not ``None``) change; ``measured_at=None`` and
    ``lived_by=None`` clear them (leaving them out keeps them). Changing an outcome's
    horizon is refused when it would turn one of its links the wrong way. ``dimensions``
    given as a mapping replace only the dimensions it names.
    """
    _check_toc(toc)
    old = toc.element(_check_text("element_id", element_id))
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = _check_text("label", label)
    if description is not None:
        changes["description"] = _check_text("description", description, allow_empty=True)
    if old.kind != "effet" and (
        horizon is not None
        or stakeholders is not None
        or dimensions is not None
        or nature is not None
        or expected is not None
        or measured_at is not _UNSET
        or lived_by is not _UNSET
    ):
        raise ValueError(
            f"Seul un effet a un horizon, des parties prenantes et des dimensions ; "
            f"« {old.id} » est {_KIND_NAME_A[old.kind]}."
        )
    if horizon is not None:
        check_option("horizon", horizon, HORIZONS)
        changes["horizon"] = horizon
    if stakeholders is not None:
        changes["stakeholders"] = _stakeholder_ids(toc, stakeholders)
    if dimensions is not None:
        if isinstance(dimensions, Mapping):
            given = asdict(_dimensions(dimensions))
            changes["dimensions"] = Dimensions(
                **{**asdict(old.dimensions), **{k: given[k] for k in dimensions}}
            )
        else:
            changes["dimensions"] = _dimensions(dimensions)
    if old.kind == "effet":
        changes.update(
            _outcome_options(
                toc,
                old.nature if nature is None else nature,
                old.expected if expected is None else expected,
                old.measured_at if measured_at is _UNSET else measured_at,
                old.lived_by if lived_by is _UNSET else lived_by,
            )
        )
    new = replace(old, **changes)
    if old.kind == "impact":
        out = replace(toc, impact=new)
    else:
        out = _with_elements(
            toc, old.kind, tuple(new if e.id == old.id else e for e in _elements_of(toc, old.kind))
        )
    _raise_cross(out)
    return out


def remove_element(toc: TheoryOfChange, element_id: str) -> TheoryOfChange:
    """Return a new theory of change without element ``element_id`` nor its links."""
    _check_toc(toc)
    old = toc.element(_check_text("element_id", element_id))
    links = tuple(lk for lk in toc.links if old.id not in (lk.source, lk.target))
    if old.kind == "impact":
        return replace(toc, impact=None, links=links)
    out = _with_elements(
        toc, old.kind, tuple(e for e in _elements_of(toc, old.kind) if e.id != old.id)
    )
    return replace(out, links=links)


def add_link(
    toc: TheoryOfChange, source: str, target: str, *, assumption: str = ""
) -> TheoryOfChange:
    """Return a new theory of change with an arrow from ``source`` to ``target``.

    Raises a French :class:`TheoryOfChangeError` for an unknown id, a link that exists
    already or a link in the wrong direction (see the chain rule in the module docstring).

    >>> toc = add_element(new_theory_of_change(), "activite", "Ateliers")
    >>> toc = add_element(toc, "realisation", "Participants")
    >>> [lk.name for lk in add_link(toc, "A1", "R1").links]
    ['A1 → R1']
    """
    _check_toc(toc)
    src = toc.element(_check_text("source", source))
    dst = toc.element(_check_text("target", target))
    assumption = _check_text("assumption", assumption, allow_empty=True)
    wrong = _direction_problem(src, dst)
    if wrong:
        raise TheoryOfChangeError(wrong[0].upper() + wrong[1:] + ".")
    if any((lk.source, lk.target) == (src.id, dst.id) for lk in toc.links):
        raise TheoryOfChangeError(f"Le lien « {src.id} → {dst.id} » existe déjà.")
    return replace(toc, links=toc.links + (Link(src.id, dst.id, assumption),))


def edit_link(toc: TheoryOfChange, source: str, target: str, *, assumption: str) -> TheoryOfChange:
    """Return a new theory of change where the link's assumption is ``assumption``."""
    _check_toc(toc)
    _find_link(toc, source, target)
    assumption = _check_text("assumption", assumption, allow_empty=True)
    return replace(
        toc,
        links=tuple(
            replace(lk, assumption=assumption) if (lk.source, lk.target) == (source, target) else lk
            for lk in toc.links
        ),
    )


def remove_link(toc: TheoryOfChange, source: str, target: str) -> TheoryOfChange:
    """Return a new theory of change without the link from ``source`` to ``target``."""
    _check_toc(toc)
    _find_link(toc, source, target)
    return replace(
        toc, links=tuple(lk for lk in toc.links if (lk.source, lk.target) != (source, target))
    )


def _find_link(toc: TheoryOfChange, source: str, target: str) -> Link:
    for lk in toc.links:
        if (lk.source, lk.target) == (source, target):
            return lk
    toc.element(source)
    toc.element(target)
    raise TheoryOfChangeError(f"Il n'y a pas de lien « {source} → {target} ».")


def add_stakeholder(
    toc: TheoryOfChange,
    name: str,
    category: str,
    *,
    id: str | None = None,
    influence: int | None = None,
    concernement: int | None = None,
    description: str = "",
    size: int | None = None,
) -> TheoryOfChange:
    """Return a new theory of change with one more stakeholder group.

    ``influence`` and ``concernement`` go from 1 to 5 (or ``None`` when not yet assessed);
    ``size`` is the number of people in the group (``effectif``), when known.
    """
    _check_toc(toc)
    name = _check_text("name", name)
    check_option("category", category, CATEGORIES)
    new_id = _check_text("id", id) if id is not None else _next_id(toc, "PP")
    if new_id in toc.ids:
        raise TheoryOfChangeError(
            f"L'identifiant « {new_id} » existe déjà : choisissez-en un autre."
        )
    st = Stakeholder(
        new_id,
        name,
        category,
        _score("influence", influence),
        _score("concernement", concernement),
        _check_text("description", description, allow_empty=True),
        _size(size),
    )
    return replace(toc, stakeholders=toc.stakeholders + (st,))


def edit_stakeholder(
    toc: TheoryOfChange,
    stakeholder_id: str,
    *,
    name: str | None = None,
    category: str | None = None,
    influence: int | None = _UNSET,
    concernement: int | None = _UNSET,
    description: str | None = None,
    size: int | None = _UNSET,
) -> TheoryOfChange:
    """Return a new theory of change where stakeholder ``stakeholder_id`` is changed.

    ``influence=None`` clears the score (and ``size=None`` the number of people); leaving
    it out keeps it.
    """
    _check_toc(toc)
    old = toc.stakeholder(stakeholder_id)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _check_text("name", name)
    if category is not None:
        check_option("category", category, CATEGORIES)
        changes["category"] = category
    if influence is not _UNSET:
        changes["influence"] = _score("influence", influence)
    if concernement is not _UNSET:
        changes["concernement"] = _score("concernement", concernement)
    if description is not None:
        changes["description"] = _check_text("description", description, allow_empty=True)
    if size is not _UNSET:
        changes["size"] = _size(size)
    new = replace(old, **changes)
    return replace(toc, stakeholders=tuple(new if s.id == old.id else s for s in toc.stakeholders))


def remove_stakeholder(toc: TheoryOfChange, stakeholder_id: str) -> TheoryOfChange:
    """Return a new theory of change without the stakeholder (and without its mentions)."""
    _check_toc(toc)
    old = toc.stakeholder(stakeholder_id)
    outcomes = tuple(
        replace(
            e,
            stakeholders=tuple(p for p in e.stakeholders if p != old.id),
            lived_by=None if e.lived_by is None else tuple(p for p in e.lived_by if p != old.id),
        )
        for e in toc.outcomes
    )
    return replace(
        toc, outcomes=outcomes, stakeholders=tuple(s for s in toc.stakeholders if s.id != old.id)
    )


def _score(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"`{name}` doit être un nombre entier de 1 à 5, pas {value!r}.")
    if not 1 <= value <= 5:
        raise ValueError(f"`{name}` doit être un nombre entier de 1 à 5, pas {value}.")
    return value


def _size(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"`size` doit être un nombre entier de personnes (0 ou plus), pas {value!r}."
        )
    return value


def _raise_cross(toc: TheoryOfChange) -> None:
    problems = _cross_problems(toc)
    if problems:
        text = " ; ".join(m for _, m in problems)
        raise TheoryOfChangeError(text[0].upper() + text[1:] + ".")


# --------------------------------------------------------------------------------------
# Coherence checks
# --------------------------------------------------------------------------------------
COHERENCE_COLUMNS = ("code", "gravite", "element", "message")
"""Columns of :func:`check_coherence`'s table."""
_TO_FIX = "à corriger"
_TO_CHECK = "à vérifier"


def _successors(toc: TheoryOfChange) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {e.id: [] for e in toc.elements}
    for lk in toc.links:
        if lk.source in succ and lk.target in succ:
            succ[lk.source].append(lk.target)
    return succ


def _reachable(start: Iterable[str], succ: Mapping[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        for nxt in succ.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _cycles(toc: TheoryOfChange, succ: Mapping[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of elements (Tarjan), in chain order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # recursion depth <= number of elements (small)
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in succ[v]:
                groups.append(group)

    for v in succ:
        if v not in index:
            visit(v)
    order = {e.id: i for i, e in enumerate(toc.elements)}
    cycles = []
    for group in groups:
        members = set(group)
        start = min(group, key=order.__getitem__)
        path, node = [start], start
        while True:  # walk inside the group back to the start
            nxt = min(
                (w for w in succ[node] if w in members),
                key=lambda w: (w != start, w in path, order[w]),
            )
            if nxt == start or nxt in path:
                path.append(nxt)
                break
            path.append(nxt)
            node = nxt
        cycles.append(path)
    return sorted(cycles, key=lambda c: order[c[0]])


def _shortest_outcome_chain(toc: TheoryOfChange, succ: Mapping[str, list[str]]) -> int | None:
    """Fewest outcomes crossed on a path from an activity to the impact."""
    if toc.impact is None:
        return None
    kind = {e.id: e.kind for e in toc.elements}
    import heapq

    heap = [(0, a.id) for a in toc.activities]
    best: dict[str, int] = {a.id: 0 for a in toc.activities}
    while heap:
        cost, v = heapq.heappop(heap)
        if v == toc.impact.id:
            return cost
        if cost > best.get(v, cost):
            continue
        for w in succ[v]:
            c = cost + (kind[w] == "effet")
            if c < best.get(w, c + 1):
                best[w] = c
                heapq.heappush(heap, (c, w))
    return None


def check_coherence(toc: TheoryOfChange, *, max_chain: int = 3) -> pd.DataFrame:
    """Check the logic of a theory of change, in plain French.

    Parameters
    ----------
    toc
        The theory of change (already valid as a file: ids and link directions are checked
        when it is read or edited).
    max_chain
        Longest acceptable chain of outcomes between an activity and the impact (see
        ``impact_eloigne`` below).

    Returns
    -------
    pandas.DataFrame
        One row per finding, columns ``code``, ``gravite`` (``"à corriger"`` or
        ``"à vérifier"``), ``element`` (the id or link concerned) and ``message`` (a French
        sentence). No row when nothing is found. Rows come in chain order, the ones to fix
        first.

    Notes
    -----
    The codes:

    ``impact_absent``
        No impact is written.
    ``activite_sans_suite``
        An activity from which no outcome can be reached by following the links.
    ``realisation_sans_suite``
        An output that leads to no outcome.
    ``effet_sans_activite``
        An outcome that no activity leads to (no chain of links from an activity).
    ``boucle``
        A loop: following the links from an element comes back to it (possible only between
        outcomes of the same horizon).
    ``effet_sans_partie_prenante``
        An outcome that names no stakeholder: who experiences the change?
    ``effet_double`` (« à vérifier »)
        A double-barrelled outcome: its label joins two changes with « et » (words in
        brackets left aside), which are measured separately when one can happen without
        the other.
    ``partie_prenante_interne_sans_effet`` (« à vérifier »)
        Staff or volunteers that no outcome names: the CSESS 2011 definition of social
        impact includes internal stakeholders (what changes for them?).
    ``horizon_mesure`` (« à vérifier »)
        An outcome whose measurement point (``mois_de_mesure``, months after the end of the
        action) is outside its horizon's window (:data:`MEASUREMENT_WINDOWS`): short term
        from 0 to 6 months, medium term from 3 to 24 months, long term from 6 months on. The
        windows overlap on purpose: only a clear contradiction is flagged (« court terme »
        measured at 24 months, « long terme » at the end of the action).
    ``hypothese_manquante``
        A link output → outcome, outcome → outcome or outcome → impact without an assumption:
        these are the links where a change is expected, so the reason to believe in it is
        worth writing (an activity → output link needs none: it is what the activity does).
    ``impact_eloigne``
        The impact is too far from the outcomes. It is so when (a) no outcome leads to the
        impact; (b) outcomes lead to it, but none is reached from an activity; (c) the
        shortest chain from an activity to the impact crosses more than ``max_chain``
        outcomes (the impact is then remote from what the structure does: add or merge
        steps, or choose a nearer impact); or (d, « à vérifier ») only short-term outcomes
        lead to the impact, a long jump from a first change to a long-term goal.

    Examples
    --------
    >>> toc = theory_of_change_from_dict({
    ...     "impact": {"id": "I", "libelle": "Insertion durable"},
    ...     "activites": [{"id": "A1", "libelle": "Ateliers"}]})
    >>> check_coherence(toc)["code"].tolist()
    ['activite_sans_suite', 'impact_eloigne']
    """
    import pandas as pd

    _check_toc(toc)
    if isinstance(max_chain, bool) or not isinstance(max_chain, int) or max_chain < 1:
        raise ValueError(f"`max_chain` doit être un nombre entier d'au moins 1, pas {max_chain!r}.")
    rows: list[tuple[str, str, str, str]] = []
    succ = _successors(toc)
    kind = {e.id: e.kind for e in toc.elements}
    outcome_ids = {e.id for e in toc.outcomes}

    if toc.impact is None:
        rows.append(
            (
                "impact_absent",
                _TO_FIX,
                "",
                "La théorie du changement n'a pas d'impact : écrivez le changement de long "
                "terme que la structure vise.",
            )
        )
    for a in toc.activities:
        if not succ[a.id]:
            rows.append(
                (
                    "activite_sans_suite",
                    _TO_FIX,
                    a.id,
                    f"L'activité « {a.id} » ({a.label}) ne mène à rien : reliez-la à la "
                    "réalisation qu'elle produit.",
                )
            )
        elif not (_reachable([a.id], succ) & outcome_ids):
            rows.append(
                (
                    "activite_sans_suite",
                    _TO_FIX,
                    a.id,
                    f"L'activité « {a.id} » ({a.label}) ne mène à aucun effet : reliez ses "
                    "réalisations aux changements qu'elles doivent produire.",
                )
            )
    for r in toc.outputs:
        if not succ[r.id]:
            rows.append(
                (
                    "realisation_sans_suite",
                    _TO_CHECK,
                    r.id,
                    f"La réalisation « {r.id} » ({r.label}) ne mène à aucun effet : "
                    "à quel changement contribue-t-elle ?",
                )
            )
    from_activities = _reachable([a.id for a in toc.activities], succ)
    for e in toc.outcomes:
        if e.id not in from_activities:
            rows.append(
                (
                    "effet_sans_activite",
                    _TO_FIX,
                    e.id,
                    f"Aucune activité ne mène à l'effet « {e.id} » ({e.label}) : quelle "
                    "action de la structure produit ce changement ?",
                )
            )
    for cycle in _cycles(toc, succ):
        chain = " → ".join(cycle)
        rows.append(
            (
                "boucle",
                _TO_FIX,
                chain,
                f"Les liens forment une boucle ({chain}) : un effet ne peut pas être à la "
                "fois la cause et la conséquence d'un autre. Gardez le sens principal.",
            )
        )
    for e in toc.outcomes:
        if not e.stakeholders:
            rows.append(
                (
                    "effet_sans_partie_prenante",
                    _TO_CHECK,
                    e.id,
                    f"L'effet « {e.id} » ({e.label}) ne cite aucune partie prenante : "
                    "qui vit ce changement ?",
                )
            )
        if _double_barrelled(e.label):
            rows.append(
                (
                    "effet_double",
                    _TO_CHECK,
                    e.id,
                    f"L'effet « {e.id} » ({e.label}) réunit peut-être deux changements "
                    "(« … et … ») : si l'un peut arriver sans l'autre, séparez-les en deux "
                    "effets, mesurés chacun par son indicateur.",
                )
            )
        contradiction = _measurement_problem(e)
        if contradiction:
            rows.append(("horizon_mesure", _TO_CHECK, e.id, contradiction))
    named = {p for e in toc.outcomes for p in e.stakeholders}
    for st in toc.stakeholders:
        if st.internal and st.id not in named:
            rows.append(
                (
                    "partie_prenante_interne_sans_effet",
                    _TO_CHECK,
                    st.id,
                    f"Le groupe « {st.name} » ({st.id}), partie prenante interne, n'est cité "
                    "par aucun effet : que change l'action pour lui (compétences, "
                    "engagement, conditions de travail) ? La définition de l'impact social "
                    "du CSESS inclut les salariés et les bénévoles.",
                )
            )
    for lk in toc.links:
        pair = (kind.get(lk.source), kind.get(lk.target))
        if pair in _ASSUMPTION_EXPECTED and not lk.assumption:
            rows.append(
                (
                    "hypothese_manquante",
                    _TO_CHECK,
                    lk.name,
                    f"Le lien « {lk.name} » n'a pas d'hypothèse : pourquoi "
                    f"« {_short(toc.element(lk.source).label)} » mène-t-il à "
                    f"« {_short(toc.element(lk.target).label)} » ?",
                )
            )
    if toc.impact is not None:
        imp = toc.impact
        feeders = [lk.source for lk in toc.links if lk.target == imp.id]
        chain = _shortest_outcome_chain(toc, succ)
        if not feeders:
            rows.append(
                (
                    "impact_eloigne",
                    _TO_FIX,
                    imp.id,
                    f"Aucun effet ne mène à l'impact « {imp.id} » ({imp.label}) : reliez-y "
                    "les effets de long terme (ou de moyen terme) qui y contribuent.",
                )
            )
        elif chain is None:
            rows.append(
                (
                    "impact_eloigne",
                    _TO_FIX,
                    imp.id,
                    f"L'impact « {imp.id} » n'est relié à aucune activité : les effets qui y "
                    "mènent ne sont produits par aucune action de la structure.",
                )
            )
        elif chain > max_chain:
            rows.append(
                (
                    "impact_eloigne",
                    _TO_FIX,
                    imp.id,
                    f"L'impact « {imp.id} » est loin de l'action : il faut traverser au "
                    f"moins {chain} effets depuis une activité (au plus {max_chain} "
                    "conseillés). Resserrez la chaîne ou choisissez un impact plus proche.",
                )
            )
        elif all(toc.element(f).horizon == "court" for f in feeders):
            rows.append(
                (
                    "impact_eloigne",
                    _TO_CHECK,
                    imp.id,
                    f"Seuls des effets de court terme mènent à l'impact « {imp.id} » : quels "
                    "changements à moyen ou long terme font le lien ?",
                )
            )
    order = {x: i for i, x in enumerate(toc.ids)}
    codes = [
        "impact_absent",
        "activite_sans_suite",
        "realisation_sans_suite",
        "effet_sans_activite",
        "boucle",
        "impact_eloigne",
        "effet_sans_partie_prenante",
        "effet_double",
        "horizon_mesure",
        "partie_prenante_interne_sans_effet",
        "hypothese_manquante",
    ]
    rows.sort(
        key=lambda r: (r[1] != _TO_FIX, codes.index(r[0]), order.get(r[2].split(" → ")[0], -1))
    )
    return pd.DataFrame(rows, columns=list(COHERENCE_COLUMNS))


def _short(text: str, width: int = 40) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


_AND = re.compile(r"\bet\b", re.IGNORECASE)


def _double_barrelled(label: str) -> bool:
    """Whether an outcome's label joins two changes with « et » (brackets left aside).

    >>> _double_barrelled("Projet plus clair et réseau activé")
    True
    >>> _double_barrelled("Situation stabilisée (logement et droits)")
    False
    """
    return bool(_AND.search(re.sub(r"\([^)]*\)", " ", label)))


def _months(n: int) -> str:
    return (
        "à la fin de l'action" if n == 0 else f"{french.integer(n)} mois après la fin de l'action"
    )


def _measurement_problem(e: Element) -> str | None:
    """A French sentence when an outcome's measurement point contradicts its horizon."""
    if e.kind != "effet" or e.measured_at is None:
        return None
    low, high = MEASUREMENT_WINDOWS[e.horizon]
    m = e.measured_at
    lead = (
        f"L'effet « {e.id} » ({e.label}) est à {_HORIZON_NAME[e.horizon]} mais mesuré {_months(m)}"
    )
    if high is not None and m > high:
        return (
            f"{lead} : si tard, il dit un changement plus durable. Mesurez-le au plus "
            f"{french.integer(high)} mois après la fin, ou changez son horizon."
        )
    if m < low:
        return (
            f"{lead} : si tôt, un changement à {_HORIZON_NAME[e.horizon]} n'a pas encore eu "
            f"le temps d'apparaître. Mesurez-le au moins {french.integer(low)} mois après la "
            "fin, ou changez son horizon."
        )
    return None


# --------------------------------------------------------------------------------------
# The diagram
# --------------------------------------------------------------------------------------


def describe_theory_of_change(
    toc: TheoryOfChange, *, lead: str = "Schéma de la théorie du changement"
) -> str:
    """A French sentence describing the theory of change (the diagram's alternative text).

    Parameters
    ----------
    toc
        The theory of change.
    lead
        The words before the colon.

    >>> text = describe_theory_of_change(new_theory_of_change("", "Insertion durable"))
    >>> text.split(" : ")[1]
    "0 activité, 0 réalisation, 0 effet, vers l'impact « Insertion durable » ; 0 lien."
    >>> describe_theory_of_change(new_theory_of_change(), lead="Elle compte").split(",")[0]
    'Elle compte : 0 activité'
    """
    horizons = [sum(e.horizon == h for e in toc.outcomes) for h in HORIZONS]
    detail = ", ".join(
        f"{french.integer(c)} à {_HORIZON_NAME[h]}"
        for c, h in zip(horizons, HORIZONS, strict=True)
        if c
    )
    effets = french.plural(len(toc.outcomes), "effet", "effets") + (
        f" ({detail})" if detail else ""
    )
    flagged = sum(bool(e.flagged) for e in toc.outcomes)
    if flagged:
        effets += " dont " + french.plural(
            flagged, "négatif ou non attendu", "négatifs ou non attendus"
        )
    impact = (
        f"vers l'impact « {toc.impact.label} »" if toc.impact is not None else "sans impact écrit"
    )
    with_hyp = sum(bool(lk.assumption) for lk in toc.links)
    hyp = f" dont {french.integer(with_hyp)} avec une hypothèse" if with_hyp else ""
    return (
        f"{lead} : {french.plural(len(toc.activities), 'activité', 'activités')}, "
        f"{french.plural(len(toc.outputs), 'réalisation', 'réalisations')}, {effets}, "
        f"{impact} ; {french.plural(len(toc.links), 'lien', 'liens')}{hyp}."
    )


def draw_theory_of_change(
    toc: TheoryOfChange,
    *,
    path_png: str | os.PathLike | None = None,
    path_svg: str | os.PathLike | None = None,
    title: str | None = None,
    wrap: int = 26,
    fontsize: float = 9.0,
    dpi: int = 150,
) -> Figure:
    """Draw the theory of change as columns from activities to impact.

    The drawing is :func:`~sizeup_helpers.plots.draw_toc_diagram` (pure matplotlib):
    activités, réalisations, effets à court, moyen and long terme, impact; boxes sized to
    their text and never overlapping; assumptions marked ``H1``, ``H2``… and listed under
    the diagram; colour-blind safe colours.

    Parameters
    ----------
    toc
        The theory of change.
    path_png, path_svg
        Where to save the figure (written atomically, never in the shipped samples), with
        the alternative text of :func:`describe_theory_of_change` in the file's metadata.
    title
        Title above the diagram (default « Théorie du changement »).
    wrap
        Characters per line in the boxes.
    fontsize
        Font size of the boxes, in points.
    dpi
        Resolution of the PNG file.

    Returns
    -------
    matplotlib.figure.Figure
        Closed in pyplot (see :func:`~sizeup_helpers.plots.new_figure`): a notebook shows
        it once when it is the last expression of a cell.
    """
    from .plots import draw_toc_diagram, save_figure

    _check_toc(toc)
    fig = draw_toc_diagram(toc, title=title, wrap=wrap, fontsize=fontsize)
    meta = {
        "title": title or "Théorie du changement",
        "description": describe_theory_of_change(toc),
    }
    for path, fmt in ((path_png, "png"), (path_svg, "svg")):
        if path is not None:
            save_figure(fig, path, fmt=fmt, dpi=dpi, error=TheoryOfChangeError, **meta)
    return fig


DIAGRAM_NAME = "schema-theorie-du-changement"
COHERENCE_FILE = "verifications-coherence.csv"


def save_diagram(
    ws: Workspace, toc: TheoryOfChange | None = None, *, max_chain: int = 3
) -> dict[str, Path]:
    """Write step 02's deliverables: the diagram (PNG and SVG) and the coherence checks.

    Parameters
    ----------
    ws
        The workspace; files go to ``ws.step_dir("02")``.
    toc
        The theory of change (default: the workspace's, :func:`load_theory_of_change`).
    max_chain
        See :func:`check_coherence`.

    Returns
    -------
    dict
        ``{"png": …, "svg": …, "coherence": …csv}``.
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    folder = ws.step_dir("02")
    paths = {
        "png": folder / f"{DIAGRAM_NAME}.png",
        "svg": folder / f"{DIAGRAM_NAME}.svg",
        "coherence": folder / COHERENCE_FILE,
    }
    draw_theory_of_change(
        toc,
        path_png=paths["png"],
        path_svg=paths["svg"],
        title=f"Théorie du changement — {ws.name}",
    )
    ws.write_csv(paths["coherence"], check_coherence(toc, max_chain=max_chain))
    return paths


# --------------------------------------------------------------------------------------
# What notebook 02 shows: tables, the five dimensions, readings
# --------------------------------------------------------------------------------------
DIMENSIONS_FILE = "dimensions-impact.csv"
"""Step 02's table of the five dimensions of each outcome."""

_KIND_WORD = {
    "activite": "activité",
    "realisation": "réalisation",
    "effet": "effet",
    "impact": "impact",
}

BROKEN_EXAMPLE = """\
version: 1
activites:
  - id: A1
    libelle: Ateliers collectifs
effets:
  - id: E1
    libelle: Confiance retrouvée
    horizon: bientôt
liens:
  - de: A1
    vers: E9
"""
"""A small theory-of-change file with two mistakes on purpose (an unknown horizon, a link
to an outcome that does not exist): notebook 02 shows how Size Up reports them."""


def theory_of_change_from_text(
    text: str, *, source: str = "théorie du changement"
) -> TheoryOfChange:
    """Build and check a theory of change from the text of a file (same checks and line
    numbers as :func:`load_theory_of_change`, with ``source`` as the file's name)."""
    import yaml

    try:
        data, node = yamlfile.parse_yaml(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "syntaxe invalide"
        raise TheoryOfChangeError(
            f"{source}{yamlfile.yaml_error_line(exc)} : le fichier n'est "
            f"pas du YAML valide ({problem}). {yamlfile.YAML_ADVICE}"
        ) from None
    if data is None:
        raise TheoryOfChangeError(f"{source} : le fichier est vide.")
    return _parse(data, node, source)


def toc_text_problem(text: str, *, source: str = "exemple.yml") -> TheoryOfChangeError | None:
    """The French error Size Up gives for the theory-of-change file ``text``, or ``None``
    when the file is right (see :data:`BROKEN_EXAMPLE`).

    >>> print(toc_text_problem(BROKEN_EXAMPLE).message.splitlines()[0])
    exemple.yml : 2 problèmes à corriger :
    """
    try:
        theory_of_change_from_text(text, source=source)
    except TheoryOfChangeError as problem:
        return problem
    return None


def elements_table(toc: TheoryOfChange) -> pd.DataFrame:
    """Every element of the theory of change, in chain order, with French headers.

    Columns ``Type``, ``Horizon``, ``Libellé``, ``Nature`` (« négatif », « non attendu »,
    empty for an intended positive outcome) and ``Parties prenantes``, indexed by
    ``Identifiant``.
    """
    import pandas as pd

    rows = [
        (
            e.id,
            _KIND_WORD[e.kind],
            e.horizon or "",
            e.label,
            e.flagged,
            ", ".join(e.stakeholders),
        )
        for e in toc.elements
    ]
    return pd.DataFrame(
        rows, columns=["Identifiant", "Type", "Horizon", "Libellé", "Nature", "Parties prenantes"]
    ).set_index("Identifiant")


def explain_theory_of_change(toc: TheoryOfChange) -> Reading:
    """What the theory of change holds, counted, and what to do when it is still empty."""
    lines = [describe_theory_of_change(toc, lead="Votre théorie du changement compte")]
    if not toc.elements:
        lines.append(
            "Elle est encore vide : ajoutez vos activités, vos effets et l'impact "
            "avec le formulaire de la section 2, ou écrivez le fichier."
        )
    elif not toc.problem:
        lines.append(
            "Le problème social visé n'est pas encore écrit : ajoutez-le dans le "
            "fichier (clé « probleme »), en une phrase."
        )
    flagged = [e for e in toc.outcomes if e.flagged]
    if flagged:
        what = (
            "Effet négatif ou non attendu noté"
            if len(flagged) == 1
            else ("Effets négatifs ou non attendus notés")
        )
        listed = " ; ".join(f"{e.id} « {e.label} » ({e.flagged})" for e in flagged)
        lines.append(
            f"{what} : {listed}. Il compte dans l'évaluation comme les autres : dites-le, "
            "mesurez-le s'il est important."
        )
    elif toc.outcomes:
        lines.append(
            "Aucun effet négatif ou non attendu n'est noté : demandez-vous en équipe ce que "
            "l'action pourrait abîmer ou produire sans le vouloir, et notez-le (« nature : "
            "negatif », « attendu : false ») s'il existe."
        )
    return Reading.of(lines, table=elements_table(toc))


def explain_diagram(toc: TheoryOfChange, paths: Mapping[str, Path]) -> Reading:
    """The diagram in words: boxes, arrows and assumptions, and where it is saved.

    Parameters
    ----------
    toc
        The theory of change drawn.
    paths
        What :func:`save_diagram` returned (``"png"`` and ``"svg"`` at least).
    """
    files = f"`{paths['png'].name}` et `{paths['svg'].name}`"
    if not toc.elements:
        return Reading.of(
            [
                f"Le schéma est encore vide : il est enregistré dans {files} et se "
                "remplira avec votre théorie du changement."
            ]
        )
    links = len(toc.links)
    with_hyp = sum(bool(lk.assumption) for lk in toc.links)
    if links == 0:
        arrows = "aucune flèche"
    elif with_hyp == 0:
        arrows = f"{french.plural(links, 'flèche', 'flèches')}, sans hypothèse écrite"
    elif with_hyp == links:
        arrows = f"{french.plural(links, 'flèche', 'flèches')}, " + (
            "avec son hypothèse" if links == 1 else "toutes avec une hypothèse"
        )
    else:
        arrows = (
            f"{french.plural(links, 'flèche', 'flèches')}, dont "
            f"{french.integer(with_hyp)} avec une hypothèse"
        )
    return Reading.of(
        [
            f"Le schéma compte {french.plural(len(toc.elements), 'case', 'cases')} et {arrows}. "
            f"Il est enregistré dans {files}. Montrez-le à l'équipe : chacun doit pouvoir "
            "raconter la chaîne avec ses mots, de gauche à droite."
        ]
    )


def coherence_findings(coherence: pd.DataFrame) -> Reading:
    """The findings of :func:`check_coherence`, one bullet each, the ones to fix first."""
    if coherence.empty:
        return Reading.of(["Aucune ligne : rien à signaler."], table=coherence)
    return Reading.of(
        [
            f"- **{row.gravite}** · `{row.element or 'ensemble'}` : {row.message}"
            for row in coherence.itertuples()
        ],
        table=coherence,
    )


def explain_coherence(coherence: pd.DataFrame) -> Reading:
    """What the coherence checks mean for the participant: how many points to fix and to
    check, where to start, and how to check again."""
    if coherence.empty:
        return Reading.of(
            [
                "Aucun problème détecté : chaque effet est relié à une activité, "
                "chaque lien attendu a son hypothèse et l'impact est à portée de "
                "l'action. La chaîne tient."
            ],
            table=coherence,
        )

    def count(n: int, first: bool = False) -> str:
        if n == 0:
            return "**Aucun point**" if first else "**aucun point**"
        return f"**{french.plural(n, 'point', 'points')}**"

    to_fix = int((coherence["gravite"] == _TO_FIX).sum())
    to_check = int((coherence["gravite"] == _TO_CHECK).sum())
    missing = int((coherence["code"] == "hypothese_manquante").sum())
    lines = [
        f"{count(to_fix, first=True)} à corriger et {count(to_check)} à vérifier. "
        + (
            "Commencez par les points à corriger : la chaîne est cassée à ces endroits."
            if to_fix
            else "Aucun maillon n'est cassé ; relisez en équipe les points à vérifier : la "
            "chaîne ne tient qu'une fois chacun tranché."
        )
    ]
    if missing == 1:
        lines.append(
            "Une hypothèse manque : c'est une question à vous poser, et souvent une "
            "bonne question évaluative pour le carnet 03."
        )
    elif missing:
        lines.append(
            f"{french.integer(missing)} hypothèses manquent : chacune est une question "
            "à vous poser, et souvent une bonne question évaluative pour le carnet 03."
        )
    lines.append(
        "Corrigez avec le formulaire (section 2), puis exécutez de nouveau les cellules "
        "à partir de « Relire la théorie du changement »."
    )
    return Reading.of(lines, table=coherence)


def dimensions_table(toc: TheoryOfChange) -> pd.DataFrame:
    """The five dimensions of each outcome: step 02's deliverable ``dimensions-impact.csv``.

    Columns ``effet``, ``libelle``, ``horizon`` and the five dimensions (empty text when not
    written), one row per outcome in the order of the theory of change.
    """
    import pandas as pd

    rows = [
        {
            "effet": e.id,
            "libelle": e.label,
            "horizon": e.horizon,
            **{d: getattr(e.dimensions, d) for d in DIMENSIONS},
        }
        for e in toc.outcomes
    ]
    return pd.DataFrame(rows, columns=["effet", "libelle", "horizon", *DIMENSIONS])


def save_dimensions(ws: Workspace, toc: TheoryOfChange | None = None) -> Path:
    """Write :func:`dimensions_table` to ``ws.step_dir("02")/dimensions-impact.csv``.

    ``toc`` defaults to the workspace's theory of change (:func:`load_theory_of_change`).
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    return ws.write_csv(ws.step_dir("02") / DIMENSIONS_FILE, dimensions_table(toc))


def dimensions_overview(toc: TheoryOfChange) -> pd.DataFrame:
    """:func:`dimensions_table` to read: indexed by outcome, « — à écrire — » where a
    dimension is not written yet."""
    return dimensions_table(toc).set_index("effet").replace("", "— à écrire —")


def explain_dimensions(toc: TheoryOfChange) -> Reading:
    """How far the five dimensions are written, and what they will be used for."""
    use = (
        "Le « combien » deviendra vos indicateurs (carnet 06) ; la « contribution » et le "
        "« risque » sont les limites à dire honnêtement au Demo Day."
    )
    table = dimensions_table(toc)
    n = len(table)
    if n == 0:
        return Reading.of(
            [
                "Votre théorie du changement n'a pas encore d'effet : ses cinq "
                "dimensions viendront avec eux.",
                use,
            ],
            table=table,
        )
    filled = table[list(DIMENSIONS)].ne("").sum(axis=1)
    complete = int((filled == len(DIMENSIONS)).sum())
    empty = table.loc[filled == 0, "effet"].tolist()
    if complete == n:
        text = (
            "Votre effet a ses cinq dimensions écrites"
            if n == 1
            else f"Les {french.integer(n)} effets ont leurs cinq dimensions écrites"
        )
    elif complete == 0:
        text = f"Aucun effet sur {french.integer(n)} n'a encore ses cinq dimensions écrites"
    elif complete == 1:
        text = f"1 effet sur {french.integer(n)} a ses cinq dimensions écrites"
    else:
        text = (
            f"{french.integer(complete)} effets sur {french.integer(n)} ont leurs cinq "
            "dimensions écrites"
        )
    if empty and len(empty) == n:
        text += " ; aucun n'en a encore une seule" if n > 1 else " ; il n'en a encore aucune"
    elif empty:
        verb = "n'en a" if len(empty) == 1 else "n'en ont"
        text += f" ; {french.join_and(empty)} {verb} encore aucune"
    return Reading.of([text + ".", use], table=table)

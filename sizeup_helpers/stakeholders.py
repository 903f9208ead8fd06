"""Step 03, « Parties prenantes et questions évaluatives »: map, materiality, questions, scope.

- :func:`stakeholder_map` and :func:`plot_stakeholder_map`: each stakeholder group placed
  by influence and by how much it is affected (« concernement »), and who to involve in
  the evaluation (the rule is in :func:`stakeholder_map`).
- :func:`prioritise_outcomes`: materiality, i.e. which outcomes matter most, to whom,
  with weights the participant can adjust.
- :func:`draft_questions`: evaluative questions tied to outcomes.
- :func:`save_scope` / :func:`load_scope`: the scope of the evaluation (outcomes,
  population, period, questions), saved to ``ws.step_dir("03")``; later steps (indicators,
  questionnaire, interview guide) read it to know which outcomes they cover.

Stakeholders and outcomes come from the theory of change
(:mod:`sizeup_helpers.theory_of_change`). Every save function takes plain values.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french, yamlfile
from .errors import ScopeError, check_option
from .plots import figure_bytes, new_figure, place_label, save_figure
from .reading import Reading
from .theory_of_change import (
    CATEGORIES,
    TheoryOfChange,
    edit_stakeholder,
    interested_groups,
    living_groups,
    load_theory_of_change,
    unknown_id_message,
)
from .yamlfile import Key, Problems, check_mapping, dump_yaml, read_yaml_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .workspace import Workspace

__all__ = [
    "CATEGORY_LABELS",
    "ROLES",
    "TIE_RULES",
    "CRITERIA",
    "EvaluativeQuestion",
    "INVOLVEMENT",
    "Scope",
    "ScopeError",
    "criteria_codes",
    "draft_decision",
    "draft_questions",
    "explain_groups",
    "explain_involvement",
    "explain_materiality",
    "explain_period",
    "explain_scope",
    "groups_table",
    "importance_table",
    "involvement_table",
    "list_questions",
    "load_scope",
    "outcome_hypotheses",
    "outcomes_table",
    "period_kind",
    "period_phrase",
    "plot_stakeholder_map",
    "prioritise_outcomes",
    "propose_scope",
    "ranking_table",
    "require_outcomes_and_stakeholders",
    "save_scope",
    "save_scope_answers",
    "save_stakeholder_answers",
    "save_stakeholders",
    "scope_defaults",
    "scope_questions",
    "stakeholder_map",
    "with_stakeholder_scores",
]

SCOPE_FILE = "perimetre.yml"
MAP_CHART = "carte-parties-prenantes.png"
MAP_TABLE = "parties-prenantes.csv"
MATERIALITY_TABLE = "materialite.csv"


CATEGORY_LABELS = {
    "beneficiaires": "Bénéficiaires",
    "equipe": "Équipe salariée",
    "benevoles": "Bénévoles",
    "financeurs": "Financeurs",
    "partenaires": "Partenaires",
    "societe": "Société, territoire",
}

INVOLVEMENT = {
    "associer": "Associer : membre du comité qui pilote l'évaluation",
    "consulter": "Consulter : recueillir son point de vue (questionnaire, entretiens)",
    "satisfaire": "Satisfaire / consulter : recueillir ses attentes sur les questions, les "
    "indicateurs et le calendrier, puis lui rendre compte",
    "informer": "Informer : diffuser la synthèse des résultats",
    "à évaluer": "À évaluer : notez son influence et son concernement",
}
"""Levels of involvement in the evaluation, from the closest."""
_LEVEL_ORDER = ("associer", "consulter", "satisfaire", "informer", "à évaluer")


# --------------------------------------------------------------------------------------
# Stakeholder map
# --------------------------------------------------------------------------------------
def _check_threshold(threshold: Any) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 5:
        raise ValueError(f"`threshold` doit être un nombre entier de 1 à 5, pas {threshold!r}.")
    return threshold


#: Said where the scope is empty because the theory of change has no outcome yet.
EMPTY_SCOPE_NOTE = (
    "Périmètre vide : la théorie du changement n'a encore aucun effet. Complétez-la au "
    "carnet 02, puis refaites ce périmètre au carnet 03."
)


def missing_in_theory(toc: TheoryOfChange) -> list[str]:
    """What the theory of change still lacks for step 03, in French: « aucun effet »,
    « aucune partie prenante » (empty when it has both).

    >>> from sizeup_helpers.theory_of_change import new_theory_of_change
    >>> missing_in_theory(new_theory_of_change())
    ['aucun effet', 'aucune partie prenante']
    """
    return [
        what
        for what, items in (
            ("aucun effet", toc.outcomes),
            ("aucune partie prenante", toc.stakeholders),
        )
        if not items
    ]


def require_outcomes_and_stakeholders(toc: TheoryOfChange) -> TheoryOfChange:
    """Stop, in French, when the theory of change has no outcome or no stakeholder yet.

    Mapping stakeholders and choosing a scope need both; a structure's own workspace
    starts with an empty theory of change, built in notebook 02.

    >>> from sizeup_helpers.theory_of_change import new_theory_of_change
    >>> require_outcomes_and_stakeholders(new_theory_of_change())
    Traceback (most recent call last):
    ...
    sizeup_helpers.errors.ScopeError: La théorie du changement n'a encore aucun effet ...
    """
    missing = missing_in_theory(toc)
    if missing:
        raise ScopeError(
            f"La théorie du changement n'a encore {' ni '.join(missing)} : complétez-la au "
            "carnet 02 (formulaire ou fichier theorie-du-changement.yml), puis revenez à ce "
            "carnet."
        )
    return toc


def stakeholder_map(toc: TheoryOfChange, *, threshold: int = 3) -> pd.DataFrame:
    """Who the stakeholders are, where they stand, and how to involve them.

    Parameters
    ----------
    toc
        The theory of change, whose ``parties_prenantes`` carry ``influence`` and
        ``concernement`` (1 to 5).
    threshold
        Score from which influence or concernement counts as high (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per stakeholder group: ``id``, ``nom``, ``categorie``, ``interne`` (staff
        and volunteers), ``influence``, ``concernement`` (nullable integers), ``effets``
        (ids of the outcomes that name it, comma-separated), ``implication`` and
        ``raison`` (a French sentence).

    Notes
    -----
    The rule for who to involve (``implication``), with *high* meaning ``>= threshold``:

    - high influence and high concernement: **associer** (on the evaluation's steering
      committee);
    - high concernement only: **consulter** (their experience is what the evaluation
      measures: questionnaires, interviews);
    - high influence only: **satisfaire** (« satisfaire / consulter »: ask what they
      expect from the evaluation, its questions, indicators and calendar, and report to
      them: they can support it or block it). This is the « keep satisfied » quadrant of
      the power × interest grid (Mendelow, 1991), not a group merely informed;
    - neither: **informer** (send the summary of the results).

    Two floors apply whatever the scores: beneficiaries are at least consulted (a social
    impact evaluation gives a voice to the people it concerns), and so are internal
    stakeholders, staff and volunteers (they collect the data and carry the changes; the
    French CSESS definition of social impact includes them). A group whose influence or
    concernement is not given and that no floor covers is « à évaluer ».
    """
    import pandas as pd

    threshold = _check_threshold(threshold)
    rows = []
    for st in toc.stakeholders:
        outcomes = [e.id for e in toc.outcomes if st.id in e.stakeholders]
        if st.influence is None or st.concernement is None:
            level, reason = "à évaluer", "Influence ou concernement non renseigné."
        else:
            high_i, high_c = st.influence >= threshold, st.concernement >= threshold
            if high_i and high_c:
                level, reason = "associer", "Influence et concernement élevés."
            elif high_c:
                level, reason = "consulter", "Très concerné, peu d'influence : à écouter."
            elif high_i:
                level, reason = (
                    "satisfaire",
                    "Influent, peu concerné : recueillir ses attentes et lui rendre compte.",
                )
            else:
                level, reason = "informer", "Influence et concernement faibles."
        floor = None
        if st.category == "beneficiaires":
            floor = "Les personnes concernées par l'action ont toujours voix dans l'évaluation."
        elif st.internal:
            floor = "Partie prenante interne : elle collecte les données et porte les changements."
        if floor and _LEVEL_ORDER.index(level) > _LEVEL_ORDER.index("consulter"):
            level, reason = "consulter", floor
        rows.append(
            (
                st.id,
                st.name,
                st.category,
                st.internal,
                st.influence,
                st.concernement,
                ", ".join(outcomes),
                level,
                reason,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "id",
            "nom",
            "categorie",
            "interne",
            "influence",
            "concernement",
            "effets",
            "implication",
            "raison",
        ],
    )
    return out.astype({"interne": "bool", "influence": "Int64", "concernement": "Int64"})


_MARKERS = {
    "beneficiaires": ("o", "#0072B2"),
    "equipe": ("s", "#E69F00"),
    "benevoles": ("D", "#009E73"),
    "financeurs": ("^", "#D55E00"),
    "partenaires": ("v", "#CC79A7"),
    "societe": ("P", "#56B4E9"),
}


def plot_stakeholder_map(
    toc: TheoryOfChange, *, threshold: int = 3, path_png: str | os.PathLike | None = None
) -> Figure:
    """Chart of influence (x) against concernement (y), one point per stakeholder group.

    The four quadrants carry the involvement rule of :func:`stakeholder_map` in French.
    Groups at the same place share one point with their names listed. Categories differ
    by marker shape and colour (Okabe-Ito), so colour is never the only cue. Groups
    without both scores are listed under the chart. Returns a figure closed in pyplot
    (shown once in a notebook).
    """
    from matplotlib.lines import Line2D

    table = stakeholder_map(toc, threshold=threshold)
    fig = new_figure(figsize=(9, 7), layout="constrained")
    ax = fig.add_subplot()
    cut = threshold - 0.5
    ax.axvline(cut, color="#999999", linewidth=0.8)
    ax.axhline(cut, color="#999999", linewidth=0.8)
    quadrant = {
        (1, 1): "Associer",
        (0, 1): "Consulter",
        (1, 0): "Satisfaire / consulter",
        (0, 0): "Informer",
    }
    for (hi, hc), text in quadrant.items():
        ax.text(
            5.45 if hi else 0.55,
            5.45 if hc else 0.55,
            text,
            ha="right" if hi else "left",
            va="top" if hc else "bottom",
            fontsize=11,
            color="#555555",
            style="italic",
        )
    scored = table.dropna(subset=["influence", "concernement"])
    groups = scored.groupby(["influence", "concernement"], sort=True)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    placed: list = []  # extents of the labels already drawn
    for (infl, conc), group in groups:
        cats = group["categorie"].tolist()
        marker, colour = _MARKERS[cats[0]] if len(set(cats)) == 1 else ("*", "#000000")
        ax.scatter(
            [infl],
            [conc],
            s=120,
            marker=marker,
            color=colour,
            zorder=3,
            edgecolor="white",
            linewidth=0.8,
        )
        label = "\n".join(textwrap.fill(f"{r.id} · {r.nom}", 30) for r in group.itertuples())
        placed.append(place_label(fig, ax, label, (infl, conc), placed))
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Influence sur l'action et sur l'évaluation (1 = aucune, 5 = décisive)")
    ax.set_ylabel("Concernement : à quel point l'action les touche (1 à 5)")
    ax.set_title(
        "Carte des parties prenantes : qui associer à l'évaluation ?", loc="left", fontsize=12
    )
    present = [c for c in CATEGORIES if c in set(scored["categorie"])]
    handles = [
        Line2D(
            [],
            [],
            marker=_MARKERS[c][0],
            color=_MARKERS[c][1],
            linestyle="",
            markersize=8,
            label=CATEGORY_LABELS[c],
        )
        for c in present
    ]
    if scored.duplicated(["influence", "concernement"]).any() and len(set(scored["categorie"])) > 1:
        handles.append(
            Line2D(
                [],
                [],
                marker="*",
                color="#000000",
                linestyle="",
                markersize=9,
                label="Plusieurs catégories",
            )
        )
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            frameon=False,
            title="Catégorie",
        )
    missing = table[table["influence"].isna() | table["concernement"].isna()]
    if len(missing):
        fig.supxlabel(
            "Non placés (influence ou concernement à renseigner) : "
            + ", ".join(f"{r.id} · {r.nom}" for r in missing.itertuples()),
            fontsize=8.5,
            ha="left",
            x=0.01,
        )
    if path_png is not None:
        save_figure(fig, path_png, **_map_meta(table))
    return fig


def _map_meta(table: pd.DataFrame) -> dict[str, str]:
    parts = [f"{r.nom} : {r.implication}" for r in table.itertuples()]
    return {
        "title": "Carte des parties prenantes",
        "description": "Carte des parties prenantes selon leur influence et leur "
        "concernement. " + " ; ".join(parts) + ".",
    }


# --------------------------------------------------------------------------------------
# Materiality
# --------------------------------------------------------------------------------------
DEFAULT_CATEGORY_WEIGHTS = {
    "beneficiaires": 2.0,
    "equipe": 1.0,
    "benevoles": 1.0,
    "financeurs": 1.0,
    "partenaires": 1.0,
    "societe": 1.0,
}
"""Default weight of each stakeholder category in the materiality score."""


ROLES = ("vit le changement", "intérêt à savoir", "non cité")
"""What a stakeholder group is to an outcome (:func:`importance_table`)."""


def _check_level(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise ValueError(
            f"{name} doit être un nombre entier de 0 (pas important) à 3 (très "
            f"important), pas {value!r}."
        )
    return value


def _outcome_ids(toc: TheoryOfChange, ids: Iterable[str], what: str) -> list[str]:
    known = [e.id for e in toc.outcomes]
    out = []
    for oid in ids:
        if oid not in known:
            raise ScopeError(
                unknown_id_message(
                    oid, known, "effet", f"{what} : aucun effet n'a l'identifiant « {oid} »"
                )
                + "."
            )
        out.append(oid)
    return out


def importance_table(
    toc: TheoryOfChange, importance: Mapping[str, Mapping[str, int]] | None = None
) -> pd.DataFrame:
    """How important each outcome is to each stakeholder group, from 0 to 3.

    Parameters
    ----------
    toc
        The theory of change.
    importance
        ``{outcome id: {stakeholder id: 0–3}}``, what the participant judged. Pairs not
        given default to 2 when the outcome names the stakeholder, 0 otherwise.

    Returns
    -------
    pandas.DataFrame
        Long table: ``effet``, ``partie_prenante``, ``importance``, ``source``
        (« saisie » or « par défaut ») and ``role`` (« vit le changement », « intérêt à
        savoir » for a group the outcome names who does not live it, « non cité »), one
        row per outcome × stakeholder. Only the groups who live an outcome count in its
        materiality (:func:`prioritise_outcomes`).
    """
    import pandas as pd

    importance = importance or {}
    if not isinstance(importance, Mapping):
        raise TypeError(
            "`importance` doit être un dictionnaire {effet: {partie prenante: 0 à "
            f"3}}, pas {importance!r}."
        )
    _outcome_ids(toc, importance, "importance")
    pp_ids = [s.id for s in toc.stakeholders]
    for oid, given in importance.items():
        if not isinstance(given, Mapping):
            raise TypeError(
                f"`importance[{oid!r}]` doit être un dictionnaire {{partie "
                f"prenante: 0 à 3}}, pas {given!r}."
            )
        for pid, value in given.items():
            if pid not in pp_ids:
                raise ScopeError(
                    unknown_id_message(
                        pid,
                        pp_ids,
                        "partie prenante",
                        f"importance de « {oid} » : aucune partie "
                        f"prenante n'a l'identifiant « {pid} »",
                    )
                    + "."
                )
            _check_level(f"`importance[{oid!r}][{pid!r}]`", value)
    rows = []
    for e in toc.outcomes:
        living = living_groups(toc, e)
        for st in toc.stakeholders:
            given = importance.get(e.id, {})
            role = (
                ROLES[0] if st.id in living else ROLES[1] if st.id in e.stakeholders else ROLES[2]
            )
            if st.id in given:
                rows.append((e.id, st.id, given[st.id], "saisie", role))
            else:
                level = 2 if st.id in e.stakeholders else 0
                rows.append((e.id, st.id, level, "par défaut", role))
    out = pd.DataFrame(rows, columns=["effet", "partie_prenante", "importance", "source", "role"])
    return out.astype({"importance": "int64"})


def prioritise_outcomes(
    toc: TheoryOfChange,
    *,
    importance: Mapping[str, Mapping[str, int]] | None = None,
    strategic: Mapping[str, int] | None = None,
    category_weights: Mapping[str, float] | None = None,
    stakeholder_weight: float = 0.5,
    n_priority: int = 3,
) -> pd.DataFrame:
    """Materiality: rank the outcomes by how much they matter to those who live them.

    Materiality is an outcome's relevance and significance *for the people who experience
    the change* (Social Value International's principle « only include what is material »;
    the CSESS 2011 definition of social impact). Each outcome is judged by the groups who
    live it (:func:`~sizeup_helpers.theory_of_change.living_groups`: beneficiaries, and
    staff, volunteers or society when the change is theirs, or the outcome's ``vecu_par``);
    the groups who only have an interest in knowing it (funders, partners…) are listed
    apart and never raise its score.

    Parameters
    ----------
    toc
        The theory of change.
    importance
        Importance of each outcome to each stakeholder (see :func:`importance_table`);
        only the groups who live an outcome count.
    strategic
        ``{outcome id: 0–3}``: importance of the outcome for the structure's mission
        (default 2 for every outcome).
    category_weights
        Weight of each stakeholder category when several groups live one outcome
        (default :data:`DEFAULT_CATEGORY_WEIGHTS`: beneficiaries count double); categories
        left out keep their default.
    stakeholder_weight
        Share of the view of those who live the change in the score, from 0 to 1 (default
        0.5); the rest is the structure's view.
    n_priority
        How many outcomes are marked as priorities.

    Returns
    -------
    pandas.DataFrame
        One row per outcome, best first: ``effet``, ``libelle``, ``horizon``, ``nature``
        (« négatif », « non attendu », or empty), ``vivent`` and ``interet_a_savoir``
        (stakeholder ids, comma-separated), ``personnes`` (people who live it, from the
        groups' ``effectif``; empty when unknown), ``importance_parties_prenantes`` and
        ``importance_structure`` (0–100), ``score`` (0–100), ``rang`` (1 = first),
        ``prioritaire``, ``ajuste`` (the participant gave a value that counts for this
        outcome: its importance for the mission, its importance to a group who lives it,
        or the category weights) and ``departage`` (for a row whose score equals the row
        above it, what put that row first; else empty).

    Notes
    -----
    For an outcome *e* lived by the groups *L(e)*, with *w(p)* the weight of group *p*'s
    category and *i(e, p)* in 0–3:

    - importance_parties_prenantes = 100 × Σ_{p in L(e)} w(p)·i(e, p) / (3 · Σ_{p in L(e)}
      w(p)): a weighted mean, so an outcome lived by one group that rates it 3 reaches 100,
      and naming more groups never raises it; 0 when no group lives it;
    - importance_structure = 100 × strategic(e) / 3;
    - score = stakeholder_weight × importance_parties_prenantes
      + (1 − stakeholder_weight) × importance_structure (only the structure's view when
      the theory of change names no stakeholder).

    Ties (the same score to one decimal, as shown) are broken, in this order, by the
    importance for the mission, then the number of people who live the change (known
    ``effectif``), then the number of groups who live it, then the order of the theory of
    change; ``departage`` says which rule decided, and :func:`explain_materiality` says it
    in French.
    """
    import pandas as pd

    if (
        isinstance(stakeholder_weight, bool)
        or not isinstance(stakeholder_weight, int | float)
        or not 0 <= stakeholder_weight <= 1
    ):
        raise ValueError(
            f"`stakeholder_weight` doit être un nombre de 0 à 1, pas {stakeholder_weight!r}."
        )
    if isinstance(n_priority, bool) or not isinstance(n_priority, int) or n_priority < 0:
        raise ValueError(f"`n_priority` doit être un nombre entier positif, pas {n_priority!r}.")
    weights = dict(DEFAULT_CATEGORY_WEIGHTS)
    for cat, w in (category_weights or {}).items():
        check_option("category_weights", cat, list(CATEGORIES))
        if isinstance(w, bool) or not isinstance(w, int | float) or w < 0:
            raise ValueError(f"Le poids de « {cat} » doit être un nombre positif, pas {w!r}.")
        weights[cat] = float(w)
    weights_given = weights != DEFAULT_CATEGORY_WEIGHTS
    strategic = dict(strategic or {})
    _outcome_ids(toc, strategic, "strategic")
    for oid, v in strategic.items():
        _check_level(f"`strategic[{oid!r}]`", v)
    long = importance_table(toc, importance)
    level = {(r.effet, r.partie_prenante): (r.importance, r.source) for r in long.itertuples()}
    groups = {s.id: s for s in toc.stakeholders}
    share = float(stakeholder_weight) if toc.stakeholders else 0.0
    rows = []
    for n, e in enumerate(toc.outcomes):
        living = living_groups(toc, e)
        total = sum(weights[groups[p].category] for p in living)
        given = sum(weights[groups[p].category] * level[(e.id, p)][0] for p in living)
        pp_score = 100 * given / (3 * total) if total > 0 else 0.0
        own = strategic.get(e.id, 2) * 100 / 3
        sizes = [groups[p].size for p in living if groups[p].size is not None]
        rows.append(
            {
                "effet": e.id,
                "libelle": e.label,
                "horizon": e.horizon,
                "nature": e.flagged,
                "vivent": ", ".join(living),
                "interet_a_savoir": ", ".join(interested_groups(toc, e)),
                "personnes": sum(sizes) if sizes else None,
                "importance_parties_prenantes": round(pp_score, 1),
                "importance_structure": round(own, 1),
                "score": round(share * pp_score + (1 - share) * own, 1),
                "ajuste": weights_given
                or e.id in strategic
                or any(level[(e.id, p)][1] == "saisie" for p in living),
                "_keys": (strategic.get(e.id, 2), sum(sizes), len(living), -n),
            }
        )
    rows.sort(key=lambda r: (r["score"], *r["_keys"]), reverse=True)
    for above, row in zip([None, *rows], rows, strict=False):
        row["departage"] = ""
        if above is not None and above["score"] == row["score"]:
            decided = next(
                i
                for i, (a, b) in enumerate(zip(above["_keys"], row["_keys"], strict=True))
                if a != b
            )
            row["departage"] = TIE_RULES[decided]
    columns = [
        "effet",
        "libelle",
        "horizon",
        "nature",
        "vivent",
        "interet_a_savoir",
        "personnes",
        "importance_parties_prenantes",
        "importance_structure",
        "score",
        "rang",
        "prioritaire",
        "ajuste",
        "departage",
    ]
    out = pd.DataFrame(rows, columns=[c for c in columns if c not in ("rang", "prioritaire")])
    out["rang"] = range(1, len(out) + 1)
    out["prioritaire"] = out["rang"] <= n_priority
    return out[columns].astype(
        {
            "personnes": "Int64",
            "importance_parties_prenantes": "float64",
            "importance_structure": "float64",
            "score": "float64",
            "ajuste": "bool",
        }
    )


TIE_RULES = (
    "l'importance pour la mission",
    "le nombre de personnes qui vivent le changement",
    "le nombre de groupes qui vivent le changement",
    "l'ordre de la théorie du changement",
)
"""How two outcomes with the same materiality score are ordered, rule by rule."""
_SAME = (
    "même importance pour la mission",
    "même nombre de personnes qui les vivent",
    "même nombre de groupes qui les vivent",
)


# --------------------------------------------------------------------------------------
# Evaluative questions
# --------------------------------------------------------------------------------------
CRITERIA = {
    "pertinence": "Pertinence : l'action répond-elle à un vrai besoin ?",
    "coherence": "Cohérence : l'effet découle-t-il des activités qui doivent le produire (la "
    "chaîne du carnet 02) ?",
    "efficacite": "Efficacité : les effets visés sont-ils atteints ?",
    "efficience": "Efficience : les moyens sont-ils à la mesure des effets ?",
    "impact": "Impact : qu'est-ce qui a changé grâce à l'action, au-delà de ce qui se serait "
    "passé sans elle ?",
    "durabilite": "Durabilité : les effets durent-ils après la fin de l'accompagnement ?",
}
"""The usual evaluation criteria: the six of the OECD's Development Assistance Committee
(2019), which the Société française de l'évaluation presents as the usual starting point
(see :data:`sizeup_helpers.framing.EVALUATION_CRITERIA`, notebook 01)."""


@dataclass(frozen=True)
class EvaluativeQuestion:
    """An evaluative question, tied to one or more outcomes.

    ``hypothesis`` names the link of the theory of change whose assumption the question
    tests (« R1 → E1 »), and ``decision`` says which decision its answer informs.
    """

    id: str
    text: str
    outcomes: tuple[str, ...]
    criterion: str = "efficacite"
    hypothesis: str = ""
    decision: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "texte": self.text,
            "effets": list(self.outcomes),
            "critere": self.criterion,
        }
        if self.hypothesis:
            out["hypothese"] = self.hypothesis
        if self.decision:
            out["decision"] = self.decision
        return out


def period_phrase(start: dt.date | None, end: dt.date | None) -> str:
    """The period in words: « en 2025 » for a calendar year, else « du 01/09/2025 au
    31/08/2026 »; empty without dates.

    >>> period_phrase(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    'en 2025'
    >>> period_phrase(dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    'du 01/09/2025 au 31/08/2026'
    """
    if start is None or end is None:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"en {start.year}"
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


def outcome_hypotheses(toc: TheoryOfChange, outcome: str) -> list[Any]:
    """The links into an outcome that carry an assumption, in file order: the reasons to
    believe the outcome happens, where evaluative questions come from."""
    return [lk for lk in toc.links if lk.target == outcome and lk.assumption]


def _activities_towards(toc: TheoryOfChange, outcome: str) -> str:
    """« l'activité A1 », « les activités A1 et A3 », or « les activités de la structure »."""
    preds: dict[str, list[str]] = {}
    for lk in toc.links:
        preds.setdefault(lk.target, []).append(lk.source)
    seen, todo = set(), [outcome]
    while todo:
        for p in preds.get(todo.pop(), []):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    acts = [a.id for a in toc.activities if a.id in seen]
    if not acts:
        return "les activités de la structure"
    if len(acts) == 1:
        return f"l'activité {acts[0]}"
    return f"les activités {french.join_and(acts)}"


def draft_decision(toc: TheoryOfChange, outcome: str, criterion: str = "efficacite") -> str:
    """The decision an evaluative question on ``outcome`` informs, by criterion.

    An evaluative question is worth asking when its answer changes a decision (Avise, « la
    promesse » of an evaluation: the question, what it is for, for whom).

    >>> from sizeup_helpers.theory_of_change import theory_of_change_from_dict
    >>> toc = theory_of_change_from_dict({
    ...     "activites": [{"id": "A1", "libelle": "Ateliers"}],
    ...     "realisations": [{"id": "R1", "libelle": "Participants"}],
    ...     "effets": [{"id": "E1", "libelle": "Confiance", "horizon": "court"}],
    ...     "liens": [{"de": "A1", "vers": "R1"}, {"de": "R1", "vers": "E1"}]})
    >>> draft_decision(toc, "E1")
    "Renforcer, adapter ou arrêter l'activité A1, selon que l'effet est atteint ou non."
    """
    check_option("criterion", criterion, list(CRITERIA))
    acts = _activities_towards(toc, outcome)
    if criterion == "efficacite" and toc.element(outcome).negative:
        return f"Changer {acts} pour limiter cet effet négatif, ou le prévenir."
    return {
        "pertinence": f"Garder ou réorienter {acts} selon le besoin exprimé.",
        "efficacite": f"Renforcer, adapter ou arrêter {acts}, selon que l'effet est atteint ou "
        "non.",
        "efficience": f"Répartir le temps et le budget entre {acts}.",
        "coherence": f"Revoir la chaîne qui va de {acts} à cet effet (théorie du changement, "
        "carnet 02).",
        "durabilite": f"Prévoir ou renforcer un suivi après la fin de {acts}.",
        "impact": f"Rendre compte de la part de l'action (financeurs, plaidoyer) et décider de "
        f"poursuivre ou d'étendre {acts}.",
    }[criterion]


def draft_questions(
    toc: TheoryOfChange,
    outcomes: Iterable[str] | None = None,
    *,
    criterion: str = "efficacite",
    period: tuple[dt.date, dt.date] | None = None,
) -> list[EvaluativeQuestion]:
    """Draft one evaluative question per outcome from the theory of change's hypotheses,
    for the participant to rewrite.

    The question names the outcome, the groups who live it
    (:func:`~sizeup_helpers.theory_of_change.living_groups`), the period, and, for the
    criterion « efficacité », the assumption of the first link into the outcome that has
    one (the reason to believe it happens, which the evaluation tests: Center for Theory of
    Change, « assumptions »). Each question also says which decision it informs
    (:func:`draft_decision`).

    Parameters
    ----------
    toc
        The theory of change.
    outcomes
        Outcome ids (default: all outcomes).
    criterion
        One of :data:`CRITERIA`; it shapes the question.
    period
        ``(start, end)`` dates of the evaluation, said in the question (:func:`period_phrase`).

    Examples
    --------
    >>> from sizeup_helpers.theory_of_change import theory_of_change_from_dict
    >>> toc = theory_of_change_from_dict({"effets": [
    ...     {"id": "E1", "libelle": "Confiance retrouvée", "horizon": "court"}]})
    >>> print(draft_questions(toc)[0].text)
    Dans quelle mesure l'effet « Confiance retrouvée » est-il atteint ?
    """
    check_option("criterion", criterion, list(CRITERIA))
    ids = (
        [e.id for e in toc.outcomes]
        if outcomes is None
        else _outcome_ids(toc, _str_list("outcomes", outcomes), "questions")
    )
    when = period_phrase(*period) if period else ""
    when = f" {when}" if when else ""
    questions = []
    for n, oid in enumerate(ids, start=1):
        e = toc.element(oid)
        names = [toc.stakeholder(p).name for p in living_groups(toc, e)]
        who = (" pour " + french.join_and(french.quoted(n) for n in names)) if names else ""
        links = outcome_hypotheses(toc, oid)
        because = f", comme le suppose l'hypothèse « {links[0].assumption} »" if links else ""
        if e.negative:
            efficacy = (
                f"Dans quelle mesure l'effet négatif « {e.label} » se produit-il{who}{when} ?"
            )
        else:
            efficacy = (
                f"Dans quelle mesure l'effet « {e.label} » est-il atteint{who}{when}{because} ?"
            )
        text = {
            "pertinence": f"L'effet « {e.label} » répond-il à un besoin réel{who}{when} ?",
            "efficacite": efficacy,
            "efficience": f"Les moyens engagés{when} sont-ils à la mesure de l'effet "
            f"« {e.label} » ?",
            "coherence": f"L'effet « {e.label} » découle-t-il bien des activités et des "
            f"réalisations qui doivent le produire{when}{because} ?",
            "durabilite": f"L'effet « {e.label} » dure-t-il après la fin de "
            f"l'accompagnement{when} ?",
            "impact": f"Dans quelle mesure l'action a-t-elle contribué à « {e.label} »"
            f"{who}{when}, au-delà de ce qui se serait passé sans elle ?",
        }[criterion]
        questions.append(
            EvaluativeQuestion(
                f"Q{n}",
                text,
                (oid,),
                criterion,
                links[0].name if links else "",
                draft_decision(toc, oid, criterion),
            )
        )
    return questions


def _str_list(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"`{name}` doit être une liste d'identifiants (textes), pas {value!r}.")
    return list(value)


# --------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """The scope of the evaluation (« périmètre »), read by later steps."""

    outcomes: tuple[str, ...]
    """Ids of the outcomes the evaluation covers."""
    population: str
    """Who is covered (« personnes accompagnées en 2025 »): a group, never names."""
    period_start: dt.date
    period_end: dt.date
    questions: tuple[EvaluativeQuestion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "effets": list(self.outcomes),
            "population": self.population,
            "periode": {"debut": self.period_start.isoformat(), "fin": self.period_end.isoformat()},
            "questions": [q.to_dict() for q in self.questions],
        }


def _date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(
        f"`{name}` doit être une date « AAAA-MM-JJ » (par exemple « 2025-01-01 »), pas {value!r}."
    )


def _questions(value: Iterable[Any], outcomes: list[str]) -> tuple[EvaluativeQuestion, ...]:
    out = []
    for n, q in enumerate(value, start=1):
        if isinstance(q, EvaluativeQuestion):
            out.append(q)
            continue
        if isinstance(q, str):
            q = {"texte": q}
        if not isinstance(q, Mapping):
            raise TypeError(
                f"La question {n} doit être un texte ou un dictionnaire {{texte, "
                f"effets, critere}}, pas {q!r}."
            )
        unknown = set(q) - {"id", "texte", "effets", "critere", "hypothese", "decision"}
        if unknown:
            raise ValueError(
                f"La question {n} a une clé inconnue « {sorted(unknown)[0]} » "
                "(clés possibles : id, texte, effets, critere, hypothese, decision)."
            )
        text = q.get("texte")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"La question {n} n'a pas de texte.")
        criterion = q.get("critere", "efficacite")
        check_option("critere", criterion, list(CRITERIA))
        out.append(
            EvaluativeQuestion(
                q.get("id") or f"Q{n}",
                " ".join(text.split()),
                tuple(_str_list("effets", q.get("effets") or [])),
                criterion,
                " ".join(str(q.get("hypothese") or "").split()),
                " ".join(str(q.get("decision") or "").split()),
            )
        )
    ids = [q.id for q in out]
    for q in out:
        if ids.count(q.id) > 1:
            raise ValueError(f"Deux questions ont l'identifiant « {q.id} ».")
        for oid in q.outcomes:
            if oid not in outcomes:
                raise ScopeError(
                    f"La question « {q.id} » porte sur l'effet « {oid} », qui "
                    f"n'est pas dans le périmètre ({', '.join(outcomes)})."
                )
    return tuple(out)


def save_scope(
    ws: Workspace,
    *,
    outcomes: Iterable[str],
    population: str,
    period_start: str | dt.date,
    period_end: str | dt.date,
    questions: Iterable[str | Mapping[str, Any]] | None = None,
    toc: TheoryOfChange | None = None,
) -> Path:
    """Save the scope of the evaluation to ``ws.step_dir("03")/perimetre.yml``.

    Parameters
    ----------
    ws
        The workspace.
    outcomes
        Ids of the outcomes the evaluation covers: at least one, unless the theory of
        change has none yet (a structure's first day), when an empty scope is saved with
        a note saying to come back once notebook 02 is done.
    population
        Who is covered, as a group.
    period_start, period_end
        The period, ``"AAAA-MM-JJ"``.
    questions
        Evaluative questions: texts, or mappings ``{"texte", "effets", "critere",
        "hypothese", "decision"}``; by default one question per outcome drafted from the
        theory of change's hypotheses for the period (:func:`draft_questions`).
    toc
        The theory of change (default: the workspace's, :func:`load_theory_of_change`).

    Returns
    -------
    Path
        The file written.
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    ids = _outcome_ids(toc, _str_list("outcomes", outcomes), "périmètre")
    if not ids and toc.outcomes:
        raise ScopeError("Le périmètre doit couvrir au moins un effet de la théorie du changement.")
    if len(set(ids)) < len(ids):
        raise ScopeError("Le périmètre cite deux fois le même effet.")
    if not isinstance(population, str) or not population.strip():
        raise ValueError(
            "Décrivez la population couverte (`population`), par exemple "
            "« personnes accompagnées en 2025 »."
        )
    start, end = _date("period_start", period_start), _date("period_end", period_end)
    if end < start:
        raise ValueError(
            f"La période finit ({end.isoformat()}) avant de commencer ({start.isoformat()})."
        )
    qs = (
        tuple(draft_questions(toc, ids, period=(start, end)))
        if questions is None
        else _questions(questions if not isinstance(questions, str) else [questions], ids)
    )
    scope = Scope(tuple(ids), " ".join(population.split()), start, end, qs)
    header = (
        "# Périmètre de l'évaluation (étape 03), écrit par Size Up\n"
        "# Les étapes suivantes (indicateurs, questionnaire, entretiens) le lisent.\n"
    )
    if not ids:
        header += f"# {EMPTY_SCOPE_NOTE}\n"
    return ws.write_text(ws.step_dir("03") / SCOPE_FILE, header + dump_yaml(scope.to_dict()))


_QUESTION_SCHEMA = {
    "id": Key((str,), True, "identifiant, par exemple Q1"),
    "texte": Key((str,), True, "la question"),
    "effets": Key((list,), False, "identifiants des effets"),
    "critere": Key((str,), False, ", ".join(CRITERIA), choices=tuple(CRITERIA)),
    "hypothese": Key((str, type(None)), False, "le lien dont la question teste l'hypothèse"),
    "decision": Key((str, type(None)), False, "la décision que la réponse éclaire"),
}
_SCOPE_SCHEMA = {
    "version": Key((int,), False, "version du format (1)"),
    "effets": Key((list,), True, "identifiants des effets couverts"),
    "population": Key((str,), True, "la population couverte"),
    "periode": Key((dict,), True, "debut et fin"),
    "questions": Key((list, type(None)), False, "les questions évaluatives"),
}
_PERIOD_SCHEMA = {
    "debut": Key((str, dt.date), True, "AAAA-MM-JJ"),
    "fin": Key((str, dt.date), True, "AAAA-MM-JJ"),
}


def load_scope(ws: Workspace, *, check_toc: bool = True) -> Scope:
    """Read the scope saved by :func:`save_scope` (used by steps 04 to 12).

    Parameters
    ----------
    ws
        The workspace.
    check_toc
        Also check that every outcome of the scope still exists in the workspace's theory
        of change (default).

    Raises
    ------
    ScopeError
        In French, naming the file, the line and the key: missing file, bad YAML, unknown
        key, wrong type, bad date, or an outcome no longer in the theory of change.
    """
    path = ws.step_dir("03", create=False) / SCOPE_FILE
    data, node = read_yaml_file(
        path,
        ScopeError,
        missing="Définissez le périmètre de l'évaluation dans le carnet 03.",
        invalid="le fichier n'est pas du YAML valide ({problem}) ; corrigez-le ou refaites le "
        "périmètre dans le carnet 03.",
    )
    problems = Problems()
    if not isinstance(data, dict):
        problems.add(
            yamlfile.line(node), "le fichier doit contenir les clés effets, population et periode"
        )
        problems.raise_for(str(path), ScopeError)
    check_mapping(node, data, _SCOPE_SCHEMA, "", problems)
    period = data.get("periode")
    dates: dict[str, dt.date] = {}
    if isinstance(period, dict) and check_mapping(
        yamlfile.child(node, "periode"), period, _PERIOD_SCHEMA, "periode", problems
    ):
        for key in ("debut", "fin"):
            try:
                dates[key] = _date(key, period[key])
            except ValueError:
                problems.add(
                    yamlfile.line(yamlfile.child(node, "periode"), key),
                    f"« periode.{key} » doit être une date AAAA-MM-JJ, pas « {period[key]} »",
                )
        if len(dates) == 2 and dates["fin"] < dates["debut"]:
            problems.add(
                yamlfile.line(yamlfile.child(node, "periode"), "fin"),
                "la période finit avant de commencer",
            )
    outcomes = data.get("effets") if isinstance(data.get("effets"), list) else []
    if any(not isinstance(o, str) for o in outcomes):
        problems.add(yamlfile.line(node, "effets"), "« effets » doit être une liste d'identifiants")
        outcomes = []
    questions: list[EvaluativeQuestion] = []
    if isinstance(data.get("questions"), list):
        section = yamlfile.child(node, "questions")
        for i, q in enumerate(data["questions"]):
            qnode = yamlfile.item(section, i)
            if check_mapping(qnode, q, _QUESTION_SCHEMA, f"questions[{i + 1}]", problems):
                effets = q.get("effets") or []
                bad = [o for o in effets if o not in outcomes]
                if bad:
                    problems.add(
                        yamlfile.line(qnode, "effets"),
                        f"la question « {q['id']} » "
                        f"porte sur « {bad[0]} », qui n'est pas dans « effets »",
                    )
                questions.append(
                    EvaluativeQuestion(
                        q["id"],
                        q["texte"],
                        tuple(effets),
                        q.get("critere", "efficacite"),
                        q.get("hypothese") or "",
                        q.get("decision") or "",
                    )
                )
    if check_toc and outcomes and not problems:
        toc = load_theory_of_change(ws)
        known = [e.id for e in toc.outcomes]
        for o in outcomes:
            if o not in known:
                problems.add(
                    yamlfile.line(node, "effets"),
                    f"l'effet « {o} » n'est plus dans la "
                    "théorie du changement (effets : "
                    + (", ".join(known) or "aucun")
                    + ") ; refaites le périmètre dans le carnet 03",
                )
    problems.raise_for(str(path), ScopeError)
    return Scope(
        tuple(outcomes), data["population"].strip(), dates["debut"], dates["fin"], tuple(questions)
    )


# --------------------------------------------------------------------------------------
# Saving the step's deliverables
# --------------------------------------------------------------------------------------
def save_stakeholders(
    ws: Workspace,
    toc: TheoryOfChange | None = None,
    *,
    threshold: int = 3,
    importance: Mapping[str, Mapping[str, int]] | None = None,
    strategic: Mapping[str, int] | None = None,
    category_weights: Mapping[str, float] | None = None,
    stakeholder_weight: float = 0.5,
    n_priority: int = 3,
) -> dict[str, Path]:
    """Write the stakeholder map (PNG and CSV) and the materiality table to step 03.

    Options are those of :func:`stakeholder_map` and :func:`prioritise_outcomes`.

    Returns
    -------
    dict
        ``{"carte": …png, "parties_prenantes": …csv, "materialite": …csv}``.
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    folder = ws.step_dir("03")
    table = stakeholder_map(toc, threshold=threshold)
    ranking = prioritise_outcomes(
        toc,
        importance=importance,
        strategic=strategic,
        category_weights=category_weights,
        stakeholder_weight=stakeholder_weight,
        n_priority=n_priority,
    )
    fig = plot_stakeholder_map(toc, threshold=threshold)
    return {
        "carte": ws.write_bytes(folder / MAP_CHART, figure_bytes(fig, **_map_meta(table))),
        "parties_prenantes": ws.write_csv(folder / MAP_TABLE, table),
        "materialite": ws.write_csv(folder / MATERIALITY_TABLE, ranking),
    }


# --------------------------------------------------------------------------------------
# The answers of notebook 03 (its parameters or its forms)
# --------------------------------------------------------------------------------------
def with_stakeholder_scores(toc: TheoryOfChange, scores: Any) -> TheoryOfChange:
    """A new theory of change whose stakeholders carry the given scores.

    Parameters
    ----------
    toc
        The theory of change (not changed).
    scores
        ``{stakeholder id: [influence, concernement]}``, each 1 to 5 (or ``None``).
    """
    if not isinstance(scores, Mapping):
        raise TypeError(
            "`stakeholder_scores` doit être un dictionnaire {partie prenante: "
            f"[influence, concernement]}}, pas {scores!r}."
        )
    for pid, pair in scores.items():
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(
                f"`stakeholder_scores[{pid!r}]` doit être une paire [influence, "
                f"concernement], chacun de 1 à 5, pas {pair!r}."
            )
        toc = edit_stakeholder(toc, pid, influence=pair[0], concernement=pair[1])
    return toc


def save_stakeholder_answers(
    ws: Workspace,
    *,
    stakeholder_scores: Any = None,
    threshold: int = 3,
    importance: Any = None,
    strategic: Any = None,
    stakeholder_weight: float = 0.5,
    n_priority: int = 3,
    toc: TheoryOfChange | None = None,
) -> dict[str, Path]:
    """Write step 03's map and materiality with the participant's adjustments.

    The plain function behind :func:`~sizeup_helpers.widgets.stakeholder_adjuster` and
    notebook 03's parameters: :func:`with_stakeholder_scores`, then
    :func:`save_stakeholders`. The theory-of-change file is
    not changed: the adjusted scores live in step 03's deliverables.
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    toc = with_stakeholder_scores(toc, stakeholder_scores or {})
    return save_stakeholders(
        ws,
        toc,
        threshold=threshold,
        importance=importance or None,
        strategic=strategic or None,
        stakeholder_weight=stakeholder_weight,
        n_priority=n_priority,
    )


def scope_questions(
    toc: Any,
    scope_outcomes: Any,
    questions: Any = None,
    *,
    criterion: str = "efficacite",
    period: tuple[dt.date, dt.date] | None = None,
) -> list[dict[str, Any]]:
    """One evaluative question per outcome of the scope, tied to it, with the hypothesis
    it tests and the decision it informs.

    Parameters
    ----------
    toc
        The theory of change.
    scope_outcomes
        Ids of the outcomes in the scope.
    questions
        ``{outcome id: question text}`` written by the participant; an outcome left out
        gets the question drafted by :func:`draft_questions`.
    criterion
        The evaluation criterion of the questions (see
        :data:`CRITERIA`).
    period
        ``(start, end)`` of the evaluation, said in the drafted questions.

    Returns
    -------
    list of dict
        ``{"id", "texte", "effets", "critere", "hypothese", "decision"}`` (the last two
        left out when empty), in the order of ``scope_outcomes``.
    """
    questions = {} if questions is None else questions
    if not isinstance(questions, Mapping):
        raise TypeError(
            f"`questions` doit être un dictionnaire {{effet: question}}, pas {questions!r}."
        )
    ids = [scope_outcomes] if isinstance(scope_outcomes, str) else list(scope_outcomes)
    extra = [k for k in questions if k not in ids]
    if extra:
        raise ScopeError(
            f"Une question porte sur l'effet « {extra[0]} », qui n'est pas dans le "
            f"périmètre ({', '.join(ids) or 'vide'})."
        )
    drafts = {
        q.outcomes[0]: q for q in draft_questions(toc, ids, criterion=criterion, period=period)
    }
    out = []
    for n, oid in enumerate(ids, start=1):
        text = questions.get(oid)
        if text is not None and (not isinstance(text, str) or not text.strip()):
            raise ValueError(f"La question de l'effet « {oid} » est vide.")
        draft = drafts[oid]
        out.append(
            EvaluativeQuestion(
                f"Q{n}",
                " ".join((text or draft.text).split()),
                (oid,),
                criterion,
                draft.hypothesis,
                draft.decision,
            ).to_dict()
        )
    return out


def save_scope_answers(
    ws: Workspace,
    *,
    scope_outcomes: Any,
    population: str,
    period_start: str,
    period_end: str,
    criterion: str = "efficacite",
    questions: Any = None,
    toc: TheoryOfChange | None = None,
) -> Path:
    """Save the scope with one question per outcome (:func:`scope_questions`).

    The plain function behind :func:`~sizeup_helpers.widgets.scope_form` and notebook 03's
    parameters; it calls :func:`save_scope`.
    """
    toc = load_theory_of_change(ws) if toc is None else toc
    ids = [scope_outcomes] if isinstance(scope_outcomes, str) else list(scope_outcomes)
    period = (_date("period_start", period_start), _date("period_end", period_end))
    qs = scope_questions(toc, ids, questions, criterion=criterion, period=period) if ids else None
    return save_scope(
        ws,
        outcomes=ids,
        population=population,
        period_start=period_start,
        period_end=period_end,
        questions=qs,
        toc=toc,
    )


def scope_defaults(
    ws: Workspace, toc: Any, ranking: Any, *, programme: tuple[dt.date, dt.date] | None = None
) -> dict[str, Any]:
    """What an empty scope parameter means: the priority outcomes, their beneficiaries,
    and the structure's year.

    Parameters
    ----------
    ws
        The workspace (``structure.annee`` in ``structure.yml`` gives the year; else last
        year).
    toc
        The theory of change.
    ranking
        The materiality table (:func:`prioritise_outcomes`).
    programme
        First and last day of the programme's twelve months (step 01's calendar, see
        :func:`~sizeup_helpers.evaluation_matrix.programme_window`): the proposed period
        ends by the Demo Day month at the latest.

    Returns
    -------
    dict
        ``scope_outcomes``, ``population``, ``period_start``, ``period_end``.
    """
    outcomes = (
        ranking.loc[ranking["prioritaire"], "effet"].tolist() or ranking["effet"].head(1).tolist()
    )
    order = [e.id for e in toc.outcomes]
    outcomes.sort(key=order.index)
    concerned = {p for oid in outcomes for p in toc.element(oid).stakeholders}
    names = [
        s.name
        for s in toc.stakeholders
        if s.category == "beneficiaires" and (s.id in concerned or not concerned)
    ]
    year = ws.config.get("structure", {}).get("annee")
    if not isinstance(year, int):
        year = dt.date.today().year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if programme is not None and end > programme[1]:
        end = programme[1]
        start = min(start, dt.date(end.year, 1, 1))
    years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    population = " ; ".join(names) if names else f"Personnes accompagnées par {ws.name}"
    return {
        "scope_outcomes": outcomes,
        "population": f"{population} ({years})",
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
    }


def propose_scope(
    ws: Workspace,
    toc: TheoryOfChange,
    ranking: pd.DataFrame,
    *,
    scope_outcomes: Iterable[str] = (),
    population: str = "",
    period_start: str = "",
    period_end: str = "",
    criterion: str = "efficacite",
    questions: Mapping[str, str] | None = None,
    programme: tuple[dt.date, dt.date] | None = None,
) -> dict[str, Any]:
    """Notebook 03's scope parameters, each empty one replaced by its proposal
    (:func:`scope_defaults`, with the programme's window): the keyword arguments of
    :func:`save_scope_answers`."""
    defaults = scope_defaults(ws, toc, ranking, programme=programme)
    outcomes = [scope_outcomes] if isinstance(scope_outcomes, str) else list(scope_outcomes)
    return {
        "scope_outcomes": outcomes or defaults["scope_outcomes"],
        "population": population or defaults["population"],
        "period_start": period_start or defaults["period_start"],
        "period_end": period_end or defaults["period_end"],
        "criterion": criterion,
        "questions": dict(questions or {}),
    }


def _month_end(start: dt.date, months: int) -> dt.date:
    """The last day of the ``months``-th month from ``start``'s month (1: that month)."""
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def _month_name(day: dt.date) -> str:
    months = (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    ).split()
    return f"{months[day.month - 1]} {day.year}"


def _step_last_month(number: str) -> int:
    from .curriculum import STEP_BY_NUMBER

    return max(int(m) for m in re.findall(r"M(\d+)", STEP_BY_NUMBER[number].month))


def period_kind(
    start: dt.date, end: dt.date, programme: tuple[dt.date, dt.date] | None
) -> str | None:
    """Where a period stands against the programme's twelve months.

    Returns ``"retrospective"`` (it ends before the programme starts: data already held),
    ``"prospective"`` (it lies within the programme: data collected during it),
    ``"mixte"`` (it starts before and ends within), ``"hors calendrier"`` (it ends after
    the Demo Day month), or ``None`` without a programme.
    """
    if programme is None:
        return None
    first, last = programme
    if end > last:
        return "hors calendrier"
    if end < first:
        return "retrospective"
    return "prospective" if start >= first else "mixte"


def explain_period(scope: Scope, programme: tuple[dt.date, dt.date] | None) -> Reading:
    """The scope's period against step 01's twelve-month calendar: retrospective (data
    already held), prospective (new collection) or both, and a French warning when it ends
    after the Demo Day month or after the collection months (questionnaire 07, interviews
    08).

    Parameters
    ----------
    scope
        The scope (:func:`load_scope`).
    programme
        First and last day of the programme
        (:func:`~sizeup_helpers.evaluation_matrix.programme_window`), or ``None`` when step
        01's framing is not saved.
    """
    start, end = scope.period_start, scope.period_end
    span = period_phrase(start, end)
    kind = period_kind(start, end, programme)
    if programme is None:
        return Reading.of(
            [
                f"Votre période ({span}) n'a pas pu être comparée au calendrier du parcours : "
                "le cadrage du carnet 01 n'est pas enregistré. Exécutez le carnet 01, puis "
                "de nouveau ce carnet."
            ]
        )
    first, last = programme
    collected = _month_end(first, _step_last_month("08"))
    lines = []
    if kind == "hors calendrier":
        lines.append(
            f"**Période à revoir** : elle finit le {end:%d/%m/%Y}, après le mois du Demo Day "
            f"({_month_name(last)}) : ses résultats ne seront pas prêts à temps. Finissez-la "
            f"au plus tard le {last:%d/%m/%Y}, ou annoncez au Demo Day des résultats "
            "intermédiaires."
        )
    elif kind == "retrospective":
        lines.append(
            f"Votre période ({span}) est **rétrospective** : elle se termine avant le début "
            f"du parcours ({_month_name(first)}). Vos réponses viendront d'abord des données "
            "que vous avez déjà (inventaire, carnet 04) ; ce qu'elles ne disent pas se "
            "recueille après coup auprès des mêmes personnes (questionnaire 07, entretiens "
            "08), qui peuvent mal se souvenir ou ne plus répondre."
        )
    else:
        lead = (
            "**prospective** : elle tient dans les douze mois du parcours"
            if kind == "prospective"
            else f"**mixte** : rétrospective jusqu'à {_month_name(first - dt.timedelta(days=1))} "
            "(données déjà détenues, carnet 04), prospective ensuite"
        )
        lines.append(
            f"Votre période ({span}) est {lead}. Pour la partie prospective, vous recueillerez "
            "des données nouvelles (questionnaire au carnet 07, entretiens au carnet 08) : "
            "prévoyez la mesure de départ avant que l'action commence."
        )
    if kind != "hors calendrier" and end > collected:
        lines.append(
            f"**À vérifier** : la période finit après la fin de la collecte "
            f"({_month_name(collected)}, carnet 08) : ce qui se passe ensuite ne sera pas "
            "mesuré à temps pour les analyses (carnets 09 et 10)."
        )
    lines.append(f"Le parcours va de {_month_name(first)} à {_month_name(last)}, mois du Demo Day.")
    return Reading.of(lines)


# --------------------------------------------------------------------------------------
# What notebook 03 shows: tables and readings
# --------------------------------------------------------------------------------------
def groups_table(toc: TheoryOfChange) -> pd.DataFrame:
    """The stakeholder groups with French headers: name, category, internal or not, and
    the outcomes that name them; indexed by ``Identifiant``."""
    import pandas as pd

    rows = [
        (
            s.id,
            s.name,
            CATEGORY_LABELS[s.category],
            "oui" if s.internal else "non",
            ", ".join(e.id for e in toc.outcomes if s.id in e.stakeholders),
        )
        for s in toc.stakeholders
    ]
    return pd.DataFrame(
        rows, columns=["Identifiant", "Groupe", "Catégorie", "Interne", "Effets qui le citent"]
    ).set_index("Identifiant")


def outcomes_table(toc: TheoryOfChange) -> pd.DataFrame:
    """The outcomes with their horizon, indexed by ``Identifiant``."""
    import pandas as pd

    rows = [(e.id, e.label, e.horizon) for e in toc.outcomes]
    return pd.DataFrame(rows, columns=["Identifiant", "Effet", "Horizon"]).set_index("Identifiant")


def explain_groups(toc: TheoryOfChange) -> Reading:
    """Who the theory of change names, whether staff or volunteers are among them, and the
    usual categories that are missing."""
    n = len(toc.stakeholders)
    lacking = missing_in_theory(toc)
    what_is_saved = (
        f"**Ce qui manque** : la théorie du changement n'a encore {' ni '.join(lacking)}. "
        "Ce carnet enregistre tout de même ce qu'il peut (la carte, et un périmètre et un "
        "référentiel d'évaluation vides, à refaire) ; l'inventaire et le nettoyage de vos "
        "données (carnets 04 et 05) n'en ont pas besoin : vous pouvez les faire dès "
        "maintenant."
    )
    if n == 0:
        return Reading.of(
            [
                "Votre théorie du changement ne nomme encore aucun groupe : "
                "ajoutez vos parties prenantes avec le formulaire du carnet 02 "
                "(partie « Une partie prenante »), puis exécutez de nouveau ce "
                "carnet.",
                what_is_saved,
            ]
        )
    internal = [french.quoted(s.name) for s in toc.stakeholders if s.internal]
    present = {s.category for s in toc.stakeholders}
    missing = [
        CATEGORY_LABELS[c].lower()
        for c in ("beneficiaires", "equipe", "benevoles")
        if c not in present
    ]
    lines = [f"Votre théorie du changement nomme {french.plural(n, 'groupe', 'groupes')}."]
    if not internal:
        lines.append(
            "**Aucune partie prenante interne** : ajoutez au moins l'équipe ou les bénévoles."
        )
    elif len(internal) == 1:
        lines.append(f"Partie prenante interne : {internal[0]}.")
    else:
        lines.append(f"Parties prenantes internes : {french.join_and(internal)}.")
    if len(missing) == 1:
        lines.append(
            f"Catégorie absente : {missing[0]}. Si elle existe chez vous, ajoutez-la "
            "avec le formulaire du carnet 02 (partie « Une partie prenante »), puis "
            "exécutez de nouveau ce carnet."
        )
    elif missing:
        lines.append(
            f"Catégories absentes : {french.join_and(missing)}. Si elles existent chez "
            "vous, ajoutez-les avec le formulaire du carnet 02 (partie « Une partie "
            "prenante »), puis exécutez de nouveau ce carnet."
        )
    if not toc.outcomes:
        lines.append(what_is_saved)
    return Reading.of(lines, table=groups_table(toc))


def involvement_table(involvement: pd.DataFrame) -> pd.DataFrame:
    """:func:`stakeholder_map` with French headers, indexed by ``Identifiant``."""
    columns = {
        "id": "Identifiant",
        "nom": "Groupe",
        "influence": "Influence",
        "concernement": "Concernement",
        "implication": "Implication",
        "raison": "Pourquoi",
    }
    return involvement[list(columns)].rename(columns=columns).set_index("Identifiant")


def explain_involvement(involvement: pd.DataFrame) -> Reading:
    """Who to involve in the evaluation, level by level (:func:`stakeholder_map`)."""
    if involvement.empty:
        return Reading.of(
            [
                "Aucune partie prenante à impliquer : la théorie du changement "
                "n'en nomme pas encore."
            ],
            table=involvement,
        )
    lines = ["Qui impliquer dans l'évaluation :"]
    for level, text in INVOLVEMENT.items():
        names = involvement.loc[involvement["implication"] == level, "nom"].tolist()
        if names:
            lines.append(
                f"- **{text.split(' :')[0]}** : {french.join_and(french.quoted(n) for n in names)}"
            )
    lines.append(
        "Le comité de pilotage réunit les groupes à associer ; les groupes à consulter "
        "seront interrogés (questionnaire au carnet 07, entretiens au carnet 08)."
    )
    return Reading.of(lines, table=involvement)


def ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """:func:`prioritise_outcomes` with French headers, indexed by ``Rang``."""
    columns = {
        "effet": "Effet",
        "libelle": "Libellé",
        "horizon": "Horizon",
        "nature": "Nature",
        "vivent": "Vivent le changement",
        "interet_a_savoir": "Intérêt à savoir",
        "personnes": "Personnes",
        "importance_parties_prenantes": "Ceux qui le vivent (sur 100)",
        "importance_structure": "Structure (sur 100)",
        "score": "Score",
        "rang": "Rang",
        "prioritaire": "Prioritaire",
        "departage": "Départagé par",
    }
    return ranking[list(columns)].rename(columns=columns).set_index("Rang")


def _tie_lines(ranking: pd.DataFrame) -> list[str]:
    """One sentence per group of outcomes with the same score: how they were ordered."""
    lines = []
    rows = list(ranking.itertuples())
    start = 0
    while start < len(rows):
        end = start
        while end + 1 < len(rows) and rows[end + 1].score == rows[start].score:
            end += 1
        if end > start:
            group = rows[start : end + 1]
            rules = list(dict.fromkeys(r.departage for r in group[1:]))
            rules.sort(key=TIE_RULES.index)
            names = french.join_and(f"**{r.effet}**" for r in group)
            same = ""
            if len(rules) == 1 and TIE_RULES.index(rules[0]) > 0:
                same = f" ({french.join_and(_SAME[: TIE_RULES.index(rules[0])])})"
            lines.append(
                f"{names} sont à égalité ({french.number(group[0].score, 1)} sur 100) : "
                f"départagés par {' puis '.join(rules)}{same}."
            )
        start = end + 1
    return lines


def explain_materiality(ranking: pd.DataFrame) -> Reading:
    """The priority outcomes of :func:`prioritise_outcomes` with their score, and what the
    ranking rests on: default values alone or the participant's, the ties and how they were
    broken, the outcomes nobody lives, and the groups kept apart because they only have an
    interest in knowing."""
    caution = (
        "Un classement n'est pas une vérité : s'il vous surprend, discutez-en en équipe "
        "et ajustez les importances plutôt que d'accepter un résultat qui ne vous "
        "ressemble pas."
    )
    if ranking.empty:
        return Reading.of(
            ["Aucun effet à classer : la théorie du changement n'en a pas encore."], table=ranking
        )
    top = ranking[ranking["prioritaire"]]
    if top.empty:
        first = ranking.iloc[0]
        lead = (
            f"Aucun effet n'est marqué prioritaire : le périmètre proposé "
            f"partira du premier du classement, **{first['effet']}** "
            f"« {first['libelle']} »."
        )
    else:
        listed = " ; ".join(
            f"**{r.effet}** « {r.libelle} » ({french.number(r.score, 1)} sur 100)"
            for r in top.itertuples()
        )
        who = (
            "Votre effet prioritaire"
            if len(top) == 1
            else f"Vos {french.integer(len(top))} effets prioritaires"
        )
        lead = f"{who} : {listed}."
    lines = [lead]
    if not ranking["ajuste"].any():
        lines.append(
            "**Ce classement vient des seules valeurs par défaut** (importance 2 sur 3 pour "
            "la mission et pour chaque groupe qui vit l'effet) : il ne dit encore rien de vos "
            "priorités. Notez l'importance de chaque effet avec le formulaire de la section "
            "2, en équipe, avant de retenir votre périmètre."
        )
    ties = _tie_lines(ranking)
    if ties:
        lines.extend(ties)
        lines.append(
            "Règle : à score égal, passe devant l'effet le plus important pour la mission, "
            "puis celui que vivent le plus de personnes (effectif des groupes, s'il est écrit "
            "dans la théorie du changement), puis celui que vivent le plus de groupes, puis "
            "le premier dans la théorie du changement."
        )
    nobody = ranking[ranking["vivent"] == ""]
    if len(nobody):
        listed = french.join_and(f"{r.effet} « {r.libelle} »" for r in nobody.itertuples())
        verb = "n'est vécu" if len(nobody) == 1 else "ne sont vécus"
        lines.append(
            f"{listed} {verb} par aucun groupe d'après la théorie du changement : seul le "
            "point de vue de la structure compte pour l'instant. Dites qui vit ce changement "
            "(au carnet 02 : ses parties prenantes, ou la clé « vecu_par »), ou demandez-vous "
            "si c'est plutôt une réalisation."
        )
    if (ranking["interet_a_savoir"] != "").any():
        lines.append(
            "Les groupes qui ont seulement **intérêt à savoir** (financeurs, partenaires…) "
            "sont à part, dans la colonne « Intérêt à savoir » : ils ne font pas monter un "
            "effet, car la matérialité se juge du point de vue de ceux qui vivent le "
            "changement."
        )
    lines.append(caution)
    return Reading.of(lines, table=ranking)


def criteria_codes() -> Reading:
    """The codes of the evaluation criteria, for the parameter ``criterion``."""
    return Reading.of([f"- `{code}` — {text}" for code, text in CRITERIA.items()])


def list_questions(scope: Scope) -> Reading:
    """The evaluative questions of the scope, one bullet each."""
    if not scope.questions:
        return Reading.of(["Le périmètre n'a pas encore de question évaluative."])

    def criterion(code: str) -> str:
        return CRITERIA[code].split(" :")[0].lower() if code in CRITERIA else code

    return Reading.of(
        [
            f"- **{q.id}** (effet {', '.join(q.outcomes)}, critère "
            f"{criterion(q.criterion)}) : {q.text}"
            + (
                f" *Décision éclairée : {q.decision[0].lower()}{q.decision[1:]}*"
                if q.decision
                else ""
            )
            for q in scope.questions
        ]
    )


def explain_scope(scope: Scope, toc: TheoryOfChange) -> Reading:
    """What the evaluation covers (outcomes, population, period) and what later steps do
    with it."""
    labels = {e.id: e.label for e in toc.outcomes}
    outcomes = " ; ".join(f"{o} « {labels.get(o, '?')} »" for o in scope.outcomes)
    count = french.plural(len(scope.outcomes), "effet", "effets")
    if not scope.outcomes:
        return Reading.of(
            [
                f"**{EMPTY_SCOPE_NOTE}**",
                f"Il est enregistré vide, pour la population « {scope.population} », du "
                f"{scope.period_start:%d/%m/%Y} au {scope.period_end:%d/%m/%Y}, afin que "
                "les étapes suivantes puissent déjà tourner : l'inventaire (04) et le "
                "nettoyage (05) de vos données n'ont pas besoin d'effets ; la "
                "correspondance entre vos fichiers et vos effets attendra ce périmètre.",
            ]
        )
    return Reading.of(
        [
            f"L'évaluation couvre **{count}** : {outcomes}, pour la population "
            f"« {scope.population} », du {scope.period_start:%d/%m/%Y} au "
            f"{scope.period_end:%d/%m/%Y}.",
            "Les étapes suivantes s'y tiennent : l'inventaire de vos données (04) cherche de quoi "
            "renseigner ces effets, le référentiel d'indicateurs (06) et le questionnaire (07) les "
            "couvrent en priorité. Réécrivez les questions proposées avec vos mots : une bonne "
            "question est précise et sa réponse fera changer une décision.",
        ]
    )

"""Step 03's « référentiel d'évaluation », and what step 03 reads from step 01's framing.

A référentiel d'évaluation (evaluation matrix) is the table that carries each evaluative
question down to what will answer it:

    question → critère → critère de jugement → indicateur → source → outil

It is the usual backbone of an evaluation in French public and associative practice (the
« référentiel » of the Société française de l'évaluation, the « promesse » then « preuve »
of the Avise guides): step 03 starts it from the scope's questions, with the indicator
left « à définir à l'étape 06 »; steps 06 (indicators), 07 (questionnaire) and 08
(interview guide) read it back with :func:`load_evaluation_matrix` and fill it in.

- :func:`evaluation_matrix` builds it (one row per question × judgement criterion),
  :func:`save_evaluation_matrix` writes ``03-parties-prenantes/referentiel-evaluation.csv``
  (French headers, UTF-8 with a BOM so that Excel opens it right), :func:`explain_evaluation_matrix`
  says it in French;
- :func:`guess_sources` guesses, without running the inventory (step 04), which declared
  file of ``structure.yml`` could answer an outcome;
- :func:`saved_framing`, :func:`programme_window` and :func:`explain_purposes` read step
  01's framing for notebook 03: the programme's twelve months (the scope's period is
  checked against them by :func:`~sizeup_helpers.stakeholders.explain_period`) and the
  stakes of the evaluation (a group the stakes name that is only informed is flagged).

This module reads :mod:`~sizeup_helpers.framing` and :mod:`~sizeup_helpers.stakeholders`;
neither reads it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from . import french
from .errors import FramingError, InventoryError, ScopeError
from .reading import Reading
from .spreadsheet import restore_formulas

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .framing import Framing
    from .stakeholders import EvaluativeQuestion, Scope
    from .theory_of_change import Element, TheoryOfChange
    from .workspace import DataFile, Workspace

__all__ = [
    "MATRIX_COLUMNS",
    "MATRIX_FILE",
    "PURPOSE_CATEGORIES",
    "TOOLS",
    "evaluation_matrix",
    "explain_evaluation_matrix",
    "explain_purposes",
    "guess_sources",
    "load_evaluation_matrix",
    "programme_window",
    "save_evaluation_matrix",
    "saved_framing",
]

MATRIX_FILE = "referentiel-evaluation.csv"
"""Step 03's référentiel d'évaluation, in ``ws.step_dir("03")``."""

MATRIX_COLUMNS = (
    "Question",
    "Question évaluative",
    "Effet",
    "Critère",
    "Critère de jugement",
    "Indicateur",
    "Source",
    "Outil",
    "Collecte",
    "Hypothèse testée",
    "Décision éclairée",
    "Période",
)
"""The référentiel's French headers, in order (the file's first line)."""

INDICATOR_TO_COME = "à définir à l'étape 06"
"""What the « Indicateur » column holds until step 06 fills it."""

TOOLS = {
    "existing": "données existantes",
    "survey": "questionnaire (07)",
    "interviews": "entretiens (08)",
}
"""The tools that answer a judgement criterion: data already held, or new collection."""

COLLECTION = {
    "existing": "rétrospective (données déjà détenues)",
    "survey": "prospective (nouvelle collecte)",
    "interviews": "prospective (nouvelle collecte)",
}

PURPOSE_CATEGORIES = {
    "redevabilite": ("financeurs", "partenaires"),
    "plaidoyer": ("partenaires", "societe", "financeurs"),
    "motivation": ("equipe", "benevoles", "beneficiaires"),
    "amelioration": ("equipe", "benevoles"),
}
"""The stakeholder categories each stake of the evaluation (step 01's ``enjeux``) speaks to:
accountability to funders and partners, advocacy to partners, society and funders,
motivation to the team, volunteers and people accompanied, improvement to the team."""


# --------------------------------------------------------------------------------------
# Step 01's framing, as notebook 03 needs it
# --------------------------------------------------------------------------------------
def saved_framing(ws: Workspace) -> Framing | None:
    """Step 01's framing (:func:`~sizeup_helpers.framing.load_framing`), or ``None`` when
    notebook 01 has not saved it yet (notebook 03 then says so instead of stopping)."""
    from .framing import load_framing

    try:
        return load_framing(ws)
    except FramingError:
        return None


def programme_window(ws: Workspace) -> tuple[dt.date, dt.date] | None:
    """First and last day of the programme's twelve months, from step 01's calendar.

    The last month is the Demo Day's (:func:`~sizeup_helpers.framing.evaluation_calendar`);
    ``None`` when the framing is not saved.
    """
    from .framing import evaluation_calendar

    framing = saved_framing(ws)
    if framing is None:
        return None
    months = len(evaluation_calendar(framing.start_month, path=framing.path))
    year, month = (int(x) for x in framing.start_month.split("-"))
    index = year * 12 + month - 1 + months - 1
    last_year, last_month = index // 12, index % 12 + 1
    last_day = calendar.monthrange(last_year, last_month)[1]
    return dt.date(year, month, 1), dt.date(last_year, last_month, last_day)


def explain_purposes(involvement: pd.DataFrame, framing: Framing | None) -> Reading:
    """Whether the groups that the evaluation's stakes speak to are involved enough.

    A stake of step 01 (« rendre compte aux financeurs », « plaidoyer »…) names groups
    (:data:`PURPOSE_CATEGORIES`); a group of those categories that the stakeholder map
    only informs (:func:`~sizeup_helpers.stakeholders.stakeholder_map`) will receive an
    evaluation that did not ask what it expects: it is flagged, in French. The Avise
    guides put « pour qui évaluer » and the involvement of stakeholders in the framing.

    Parameters
    ----------
    involvement
        :func:`~sizeup_helpers.stakeholders.stakeholder_map`.
    framing
        :func:`saved_framing` (``None`` when step 01 is not saved).
    """
    from .framing import PURPOSES

    if framing is None:
        return Reading.of(
            [
                "Le cadrage du carnet 01 n'est pas enregistré : ses enjeux (pourquoi, pour "
                "qui évaluer) n'ont pas pu être comparés à l'implication de vos parties "
                "prenantes. Exécutez le carnet 01, puis de nouveau ce carnet."
            ]
        )
    stakes = [p for p in framing.purposes if p in PURPOSE_CATEGORIES]
    named = ", ".join(PURPOSES[p].split(" (")[0].lower() for p in stakes)
    if involvement.empty:
        return Reading.of(
            [
                (f"Vos enjeux ({named}) " if stakes else "Vos enjeux ")
                + "ne peuvent pas encore être comparés à l'implication de vos parties "
                "prenantes : la théorie du changement n'en nomme aucune. Ajoutez-les au "
                "carnet 02, puis exécutez de nouveau ce carnet."
            ]
        )
    flagged = []
    for purpose in stakes:
        wanted = PURPOSE_CATEGORIES[purpose]
        rows = involvement[
            involvement["categorie"].isin(wanted) & (involvement["implication"] == "informer")
        ]
        for row in rows.itertuples():
            flagged.append(
                f"- **{row.nom}** ({row.id}) est seulement informé, alors que votre enjeu "
                f"« {PURPOSES[purpose].split(' (')[0].lower()} » s'adresse à lui : "
                "consultez-le au moins sur les questions, les indicateurs attendus et le "
                "calendrier (relevez son influence ou son concernement, formulaire de la "
                "section 2)."
            )
    if not flagged:
        return Reading.of(
            [
                f"Vos enjeux ({named}) : chaque groupe auquel ils s'adressent est au moins "
                "consulté, associé ou à satisfaire. L'évaluation pourra répondre à ses "
                "attentes."
            ]
        )
    lead = "**À revoir**" + (
        " : un groupe visé par vos enjeux n'est qu'informé."
        if len(flagged) == 1
        else f" : {french.integer(len(flagged))} groupes visés par vos enjeux ne sont qu'informés."
    )
    return Reading.of([lead, *dict.fromkeys(flagged)])


# --------------------------------------------------------------------------------------
# Which declared file could answer an outcome (no inventory)
# --------------------------------------------------------------------------------------
_QUALITATIVE = (".md", ".txt", ".docx", ".doc", ".odt", ".pdf")
_STOP = frozenset(
    "avec dans pour plus moins sans leur leurs des les une aux par sur qui que est sont "
    "chez entre apres avant tous toutes tout ainsi dont elle elles ils".split()
)
_FAMILIES = (
    # outcomes about a situation (job, training, exit) ↔ follow-up files
    (
        ("emploi", "formation", "sortie", "situation", "insertion", "embauche", "logement"),
        ("suivi", "sortie", "situation", "enquete", "contrat"),
    ),
    # perceptions and behaviours ↔ questionnaires
    (
        (
            "confiance",
            "isolement",
            "seul",
            "estime",
            "sentiment",
            "regard",
            "autonomie",
            "usage",
            "climat",
            "prevenir",
            "rencontre",
            "deplacement",
            "sortent",
        ),
        ("questionnaire", "enquete", "auto", "quiz", "barometre", "sondage"),
    ),
    # knowledge and skills ↔ tests, skill grids, training results
    (
        ("connaissance", "competence", "savoir", "geste", "niveau", "qualification", "permis"),
        ("quiz", "grille", "competence", "formation", "evaluation"),
    ),
)
_PEOPLE_WORDS = (
    "inscription",
    "fiche",
    "registre",
    "stagiaire",
    "salarie",
    "societaire",
    "adherent",
    "beneficiaire",
    "participant",
    "eleve",
    "usager",
    "membre",
)


def _stems(text: str) -> set[str]:
    """Significant words of a text, folded and cut to five letters (a rough stem)."""
    words = french.fold_key(text).replace("-", " ").replace("_", " ").split()
    return {w[:5] for w in words if len(w) >= 4 and w not in _STOP and w.isalpha()}


def _file_text(f: DataFile) -> str:
    return f"{f.role} {Path(f.relative).stem} {f.description}"


def _tabular(ws: Workspace) -> list[DataFile]:
    """Declared files that hold tables: interviews and testimonies (texts, or a table of
    testimonies under an « entretiens » folder) are left to step 10."""

    def qualitative(f: DataFile) -> bool:
        parts = [french.fold_key(p) for p in Path(f.relative).parts[:-1]]
        role = french.fold_key(f.role)
        return (
            Path(f.relative).suffix.lower() in _QUALITATIVE
            or "entretiens" in parts
            or role.startswith(("entretien", "temoignage"))
        )

    return [f for f in ws.files if not qualitative(f)]


def guess_sources(ws: Workspace, toc: TheoryOfChange, outcome: str) -> list[str]:
    """The declared files of ``structure.yml`` that could measure an outcome: a guess
    made without reading them (the inventory of step 04 checks it).

    Parameters
    ----------
    ws
        The workspace (its declared ``fichiers``).
    toc
        The theory of change.
    outcome
        The outcome's id.

    Returns
    -------
    list of str
        Paths of declared files, relative to the workspace, best first; empty when none
        fits. In order: the files named as ``source`` by an indicator of the workspace's
        ``indicateurs.yml`` for this outcome; then the tables whose role, name or
        description share a word with the outcome's label and its dimensions « quoi » and
        « combien », or belong to the same family (a situation such as a job ↔ a
        follow-up file; a perception ↔ a questionnaire; knowledge or skills ↔ a test or a
        skills grid). Interview transcripts and other texts are left out: they are read
        at step 10.
    """
    from .inventory import load_indicator_links

    by_role = {f.role: f.relative for f in ws.files}
    found: list[str] = []
    try:
        links = load_indicator_links(ws)
    except InventoryError:  # a broken indicators file: the guess goes on without it
        links = None
    if links is not None and len(links):
        for row in links[links["element"] == outcome].itertuples():
            source = str(row.source or "")
            if source in by_role and by_role[source] not in found:
                found.append(by_role[source])
    e = toc.element(outcome)
    text = f"{e.label} {e.dimensions.quoi} {e.dimensions.combien}"
    words = _stems(text)
    families = [
        {w[:5] for w in files} for outcomes, files in _FAMILIES if words & {w[:5] for w in outcomes}
    ]
    scored = []
    for f in _tabular(ws):
        stems = _stems(_file_text(f))
        score = len(words & stems) + any(fam & stems for fam in families)
        if score and f.relative not in found:
            scored.append((score, f.relative))
    best = max((score for score, _ in scored), default=0)
    found += [path for score, path in sorted(scored, key=lambda t: -t[0]) if score >= best - 1]
    return found


def _people_files(ws: Workspace) -> list[str]:
    people = {w[:5] for w in _PEOPLE_WORDS}
    return [f.relative for f in _tabular(ws) if _stems(_file_text(f)) & people]


# --------------------------------------------------------------------------------------
# The référentiel
# --------------------------------------------------------------------------------------
def _judgement_criteria(
    toc: TheoryOfChange, e: Element, question: EvaluativeQuestion
) -> list[tuple[str, str]]:
    """``(kind, French text)`` of each judgement criterion of a question.

    Kinds: ``change``, ``who``, ``size``, ``risk``, ``outputs``, ``mechanism``,
    ``contribution``, ``need``, ``means``. They come from the criterion of the question and
    the outcome's five dimensions, when written.
    """
    from .theory_of_change import living_groups

    d = e.dimensions
    names = french.join_and(french.quoted(toc.stakeholder(p).name) for p in living_groups(toc, e))
    hypothesis = next(
        (lk.assumption for lk in toc.links if lk.name == question.hypothesis and lk.assumption),
        "",
    )
    if e.negative:
        change = ("change", f"L'effet négatif « {e.label} » est observé, et chez qui")
    elif d.quoi:
        change = ("change", f"Le changement a lieu : {d.quoi}")
    else:
        change = ("change", f"L'effet « {e.label} » est observé chez ceux qui le vivent")
    who = ("who", f"Il touche les personnes visées : {d.qui}") if d.qui else None
    size = ("size", f"Avec l'ampleur visée : {d.combien}") if d.combien else None
    if question.criterion == "pertinence":
        rows = [
            (
                "need",
                f"Le besoin est exprimé par ceux qui vivent l'effet ({names})"
                if names
                else "Le besoin est exprimé par ceux qui vivent l'effet",
            ),
            who,
        ]
    elif question.criterion == "efficience":
        rows = [
            ("means", "Les moyens engagés (temps, budget) pour cet effet sont connus"),
            ("size", f"Rapportés à l'ampleur obtenue : {d.combien}") if d.combien else None,
        ]
    elif question.criterion == "coherence":
        rows = [
            (
                "outputs",
                "Les réalisations qui doivent produire l'effet ont bien lieu (participants, "
                "séances)",
            ),
            ("mechanism", f"Le mécanisme supposé se vérifie : {hypothesis}")
            if hypothesis
            else ("mechanism", f"Le chemin des activités à l'effet « {e.label} » est expliqué"),
        ]
    elif question.criterion == "durabilite":
        rows = [
            (
                "change",
                f"Le changement dure : « {e.label} » est encore observé plusieurs mois après "
                "la fin de l'accompagnement",
            ),
            ("risk", f"Le risque ne s'est pas réalisé : {d.risque}") if d.risque else None,
        ]
    elif question.criterion == "impact":
        rows = [
            change,
            (
                "contribution",
                f"La part de l'action est établie : {d.contribution}"
                if d.contribution
                else "Ce qui se serait passé sans l'action est estimé (comparaison, avis des "
                "personnes)",
            ),
        ]
    else:
        rows = [
            change,
            who,
            size,
            ("mechanism", f"Le mécanisme supposé se vérifie : {hypothesis}")
            if hypothesis
            else None,
            ("risk", f"Le risque ne s'est pas réalisé : {d.risque}") if d.risque else None,
        ]
    return [r for r in rows if r is not None]


def evaluation_matrix(
    ws: Workspace, scope: Scope | None = None, toc: TheoryOfChange | None = None
) -> pd.DataFrame:
    """Start the référentiel d'évaluation from the scope's questions.

    Parameters
    ----------
    ws
        The workspace (its declared files give the sources).
    scope
        The scope (default: :func:`~sizeup_helpers.stakeholders.load_scope`).
    toc
        The theory of change (default: the workspace's).

    Returns
    -------
    pandas.DataFrame
        One row per question × judgement criterion, with the headers of
        :data:`MATRIX_COLUMNS`: the question (id and text), its outcome and criterion
        (« efficacité »…), the judgement criterion (from the outcome's five dimensions and
        the hypothesis the question tests), the indicator (« à définir à l'étape 06 »), the
        source (:func:`guess_sources`; « aucune donnée déclarée » when none fits), the
        tool (:data:`TOOLS`: « données existantes » when a declared file fits, otherwise a
        questionnaire (07) for a change, its size or who it reaches, and interviews (08)
        for a mechanism, a contribution or a need), whether the collection is
        retrospective or prospective, the hypothesis tested, the decision informed and
        the period.
    """
    import pandas as pd

    from .stakeholders import CRITERIA, load_scope, period_phrase
    from .theory_of_change import load_theory_of_change

    toc = load_theory_of_change(ws) if toc is None else toc
    scope = load_scope(ws) if scope is None else scope
    period = period_phrase(scope.period_start, scope.period_end)
    people = _people_files(ws)
    hypotheses = {lk.name: lk.assumption for lk in toc.links}
    rows = []
    for q in scope.questions:
        for oid in q.outcomes or scope.outcomes[:1]:
            e = toc.element(oid)
            sources = guess_sources(ws, toc, oid)
            for kind, text in _judgement_criteria(toc, e, q):
                files = people[:1] if kind in ("who", "outputs") and people else sources[:2]
                if kind == "means":
                    tool, source = "existing", "comptabilité et temps passé (à rassembler)"
                elif kind in ("mechanism", "contribution", "need"):
                    tool, source = "interviews", "personnes qui vivent l'effet, équipe"
                elif files:
                    tool, source = "existing", " ; ".join(files)
                else:
                    tool, source = "survey", "aucune donnée déclarée : nouvelle collecte"
                rows.append(
                    (
                        q.id,
                        q.text,
                        oid,
                        CRITERIA.get(q.criterion, q.criterion).split(" :")[0],
                        text,
                        INDICATOR_TO_COME,
                        source,
                        TOOLS[tool],
                        COLLECTION[tool],
                        f"{q.hypothesis} : {hypotheses[q.hypothesis]}"
                        if q.hypothesis in hypotheses
                        else "",
                        q.decision,
                        period,
                    )
                )
    return pd.DataFrame(rows, columns=list(MATRIX_COLUMNS))


def save_evaluation_matrix(
    ws: Workspace, scope: Scope | None = None, toc: TheoryOfChange | None = None
) -> Path:
    """Write :func:`evaluation_matrix` to ``ws.step_dir("03")/referentiel-evaluation.csv``.

    The file has French headers (:data:`MATRIX_COLUMNS`), a comma separator and UTF-8
    with a BOM (Excel opens it with its accents); :func:`load_evaluation_matrix` reads it
    back. Steps 06 to 08 fill in the « Indicateur », « Source » and « Outil » columns.
    """
    table = evaluation_matrix(ws, scope, toc)
    return ws.write_csv(ws.step_dir("03") / MATRIX_FILE, table, bom=True)


def load_evaluation_matrix(ws: Workspace) -> pd.DataFrame:
    """Read the référentiel d'évaluation written by :func:`save_evaluation_matrix` (or
    completed by hand in a spreadsheet), for steps 06 to 08.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`MATRIX_COLUMNS`, as text (empty cells are ``""``).

    Raises
    ------
    ScopeError
        In French: the file is missing (run notebook 03), or a column is missing or
        renamed (naming it).
    """
    import pandas as pd

    path = ws.step_dir("03", create=False) / MATRIX_FILE
    if not path.is_file():
        raise ScopeError(
            f"{path} : fichier introuvable. Exécutez le carnet 03 : il enregistre le "
            "référentiel d'évaluation avec le périmètre."
        )
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table = restore_formulas(table)
    missing = [c for c in MATRIX_COLUMNS if c not in table.columns]
    if missing:
        raise ScopeError(
            f"{path} : la colonne « {missing[0]} » manque (colonnes attendues : "
            f"{', '.join(MATRIX_COLUMNS)}). Gardez les en-têtes tels quels, ou refaites le "
            "référentiel au carnet 03."
        )
    return table[list(MATRIX_COLUMNS)]


def explain_evaluation_matrix(matrix: pd.DataFrame) -> Reading:
    """The référentiel in words: how many questions and criteria, what data already held
    can answer, and what needs a questionnaire (07) or interviews (08)."""
    if matrix.empty:
        return Reading.of(
            [
                "Le référentiel d'évaluation est vide : le périmètre n'a pas encore de "
                "question évaluative."
            ],
            table=matrix,
        )
    questions = matrix["Question"].nunique()
    counts = matrix["Outil"].value_counts()

    def rows(tool: str) -> int:
        return int(counts.get(TOOLS[tool], 0))

    def criteria(n: int) -> str:
        return french.plural(n, "critère", "critères")

    existing = (
        f"Des données que vous avez déjà peuvent renseigner {criteria(rows('existing'))} "
        "(collecte rétrospective)."
        if rows("existing")
        else "Aucune des données déclarées ne semble y répondre (collecte rétrospective)."
    )
    new = [
        f"un questionnaire (carnet 07) pour {criteria(rows('survey'))}" if rows("survey") else "",
        f"des entretiens (carnet 08) pour {criteria(rows('interviews'))}"
        if rows("interviews")
        else "",
    ]
    new = [part for part in new if part]
    prospective = (
        f"La collecte prospective demande {french.join_and(new)}."
        if new
        else "Aucune collecte nouvelle n'est prévue : vérifiez à l'inventaire (carnet 04) que "
        "vos données suffisent."
    )
    return Reading.of(
        [
            f"Le référentiel d'évaluation relie {french.plural(questions, 'question', 'questions')}"
            f" à {french.plural(len(matrix), 'critère de jugement', 'critères de jugement')}. "
            f"{existing} {prospective}",
            "Les sources sont devinées d'après les fichiers déclarés dans `structure.yml`, sans "
            "les ouvrir : l'inventaire (carnet 04) vérifie ce qu'ils contiennent vraiment. "
            "Les indicateurs viendront au carnet 06, qui complétera ce tableau.",
        ],
        table=matrix,
    )

"""Step 08: the semi-structured interview guide, who to interview, and the codebook.

The guide is drafted from the workspace's theory of change (one theme per outcome, its
follow-up prompts drawn from the hypotheses on the links into the outcome) and the
evaluative questions of step 03. Every guide also asks about negative and unexpected
effects and about what would have happened without the structure (« sans nous, que se
serait-il passé ? »), as the French definition of social impact asks (CSESS 2011:
« l'ensemble des conséquences … tant positives que négatives »; Avise, « Évaluer son
impact social », step 2 « la preuve »: contribution and counterfactual; ESSEC IIES,
*Guide du retour social sur investissement*, 2011, « ce qui se serait passé de toute
façon »).

The recording consent script follows the CNIL's information duties for a voice recording,
which is personal data (RGPD articles 6.1.a and 7: consent, and being able to show it;
article 13: what is recorded, why, who receives it, how long it is kept, the person's
rights; article 5.1.c and 5.1.e: minimisation and limited retention; article 21 and 17:
stopping and erasure). Transcripts are pseudonymised the way step 05 redacts free text
(:func:`sizeup_helpers.privacy.redact_text`: names become « [nom retiré] »).

The guide round-trips through ``guide-entretien.yml`` in the step folder (read back by
:mod:`sizeup_helpers.yamlfile`, French errors naming file, line and key), and is exported
as Markdown and self-contained HTML to print. The codebook (« grille de codage »,
``grille-de-codage.csv``) is read by step 10.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import InterviewGuideError, SizeUpError
from .reading import Reading
from .yamlfile import Key, Problems, check_mapping, dump_yaml, read_yaml_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .theory_of_change import TheoryOfChange
    from .workspace import Workspace

__all__ = [
    "CODEBOOK_FILE",
    "GUIDE_FILE",
    "GuideChoice",
    "InterviewGuide",
    "SAMPLE_FILE",
    "Theme",
    "build_codebook",
    "build_interview_guide",
    "explain_codebook",
    "explain_interview_guide",
    "explain_interview_sample",
    "guide_section",
    "guide_to_html",
    "guide_to_markdown",
    "interview_sample",
    "load_codebook",
    "load_interview_guide",
    "resolve_interview_guide",
    "save_codebook",
    "save_interview_guide",
    "save_interview_sample",
    "write_interview_guide",
]

STEP = "08"
GUIDE_FILE = "guide-entretien.yml"
GUIDE_MARKDOWN = "guide-entretien.md"
GUIDE_HTML = "guide-entretien.html"
CODEBOOK_FILE = "grille-de-codage.csv"
SAMPLE_FILE = "personnes-a-interroger.csv"
MINUTES_PER_QUESTION = 4
"""Rough time a main question takes with its follow-up prompts, in minutes."""
FRAME_MINUTES = 10
"""Introduction, consent script and closing, in minutes."""
CODEBOOK_COLUMNS = ["code", "famille", "effet", "libelle", "definition", "inclure", "exclure"]

THEME_KINDS = ("effet", "effets-negatifs-inattendus", "contrefactuel")
"""Kinds of theme: one per outcome, then the two every guide holds."""

PROFILE_LABELS = {
    "complet": "parcours complet",
    "abandon": "parcours interrompu",
    "jamais-venu": "inscription sans venue",
    "inscrit": "inscription (participation inconnue)",
    "groupe": "autre partie prenante",
}
"""How each kind of interviewee is named in the sample table."""


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------
@dataclass
class Theme:
    """One theme of the guide: its main questions, follow-up prompts and notes for the
    interviewer (the evaluative question and hypothesis it documents; never read aloud)."""

    id: str
    title: str
    kind: str = "effet"
    outcome: str = ""
    questions: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    priority: bool = False
    """The outcome is in the scope of step 03 (asked first when time runs short)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "titre": self.title, "type": self.kind}
        if self.outcome:
            out["effet"] = self.outcome
        if self.priority:
            out["prioritaire"] = True
        out["questions"] = list(self.questions)
        out["relances"] = list(self.prompts)
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass
class InterviewGuide:
    """A semi-structured interview guide, ready to edit, save and print."""

    structure: str
    audience: str
    introduction: list[str]
    consent: list[str]
    themes: list[Theme]
    closing: list[str]
    warnings: list[str] = field(default_factory=list)
    """What is missing upstream (no theory of change, no outcome), in French."""
    minutes: int = 45
    """The planned length of an interview, in minutes."""
    transcription: list[str] = field(default_factory=list)
    """How the recording is transcribed and redacted (for the team, never read aloud)."""

    @property
    def estimated_minutes(self) -> int:
        """Rough length of the guide: :data:`FRAME_MINUTES` plus
        :data:`MINUTES_PER_QUESTION` per main question."""
        return FRAME_MINUTES + MINUTES_PER_QUESTION * sum(len(t.questions) for t in self.themes)

    @property
    def outcome_themes(self) -> list[Theme]:
        return [t for t in self.themes if t.kind == "effet"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": 1,
            "structure": self.structure,
            "public": self.audience,
            "duree_minutes": self.minutes,
            "introduction": list(self.introduction),
            "consentement": list(self.consent),
            "themes": [t.to_dict() for t in self.themes],
            "cloture": list(self.closing),
        }
        if self.transcription:
            out["transcription"] = list(self.transcription)
        if self.warnings:
            out["avertissements"] = list(self.warnings)
        return out

    def _repr_markdown_(self) -> str:
        return guide_to_markdown(self)

    def to_text(self) -> str:
        return guide_to_markdown(self)


# --------------------------------------------------------------------------------------
# Building the guide
# --------------------------------------------------------------------------------------
def _toc_or_none(ws: Workspace) -> tuple[TheoryOfChange | None, str]:
    from .theory_of_change import load_theory_of_change, toc_path

    if not toc_path(ws).is_file():
        return None, (
            "La théorie du changement n'existe pas encore : le guide ne garde que les thèmes "
            "communs (effets négatifs ou inattendus, « sans nous »). Construisez-la dans le "
            "carnet 02, puis refaites le guide."
        )
    return load_theory_of_change(ws), ""


def _questions_by_outcome(ws: Workspace, toc: TheoryOfChange) -> dict[str, list[Any]]:
    """Evaluative questions of step 03 by outcome; drafted ones when no scope is saved."""
    from .stakeholders import draft_questions, load_scope

    try:
        questions = list(load_scope(ws).questions)
    except SizeUpError:
        questions = []
    if not questions and toc.outcomes:
        questions = draft_questions(toc)
    out: dict[str, list[Any]] = {}
    for q in questions:
        for oid in q.outcomes:
            out.setdefault(oid, []).append(q)
    return out


def _scope_outcomes(ws: Workspace) -> set[str]:
    """The outcomes of step 03's scope; empty when no scope is saved."""
    from .stakeholders import load_scope

    try:
        return set(load_scope(ws).outcomes)
    except SizeUpError:
        return set()


def _interview_criteria(ws: Workspace) -> dict[str, list[str]]:
    """The judgement criteria step 03's référentiel gives to the interviews, by outcome."""
    from .evaluation_matrix import TOOLS, load_evaluation_matrix

    try:
        matrix = load_evaluation_matrix(ws)
    except SizeUpError:
        return {}
    out: dict[str, list[str]] = {}
    rows = matrix[matrix["Outil"].str.strip() == TOOLS["interviews"]]
    for row in rows.itertuples(index=False):
        question, outcome, criterion = row[0], row[2], row[4]
        if outcome and criterion:
            out.setdefault(outcome, []).append(
                f"Critère de jugement du référentiel (étape 03, {question}) à documenter par "
                f"les entretiens : {criterion}"
            )
    return out


def _transcription(structure: str) -> list[str]:
    return [
        "Transcrire l'enregistrement mot à mot, dans un fichier texte par entretien "
        "(entretien_01.md, entretien_02.md…), en notant qui parle (« Enquêteur : », "
        "« Personne : ») ; sans enregistrement, rédiger les notes le jour même.",
        "Retirer de la transcription tout ce qui permet de reconnaître quelqu'un : les noms "
        "et prénoms deviennent « [nom retiré] », les numéros « [téléphone retiré] », les "
        "adresses électroniques « [courriel retiré] », les adresses « [adresse retirée] » "
        "(la règle que le carnet 05 applique aux textes de vos tableaux, "
        "sizeup_helpers.privacy.redact_text). Un lieu ou un détail trop précis se "
        "remplace par une mention générale (« [quartier] », « [employeur] »).",
        "Désigner la personne par le pseudonyme de la liste « personnes à interroger » (ou un "
        "numéro d'entretien), jamais par son nom ; la correspondance reste à "
        f"{structure}, avec la clé de pseudonymisation.",
        "Ranger les transcriptions avec les données brutes (par exemple "
        "donnees-brutes/entretiens/), les déclarer dans structure.yml, et effacer "
        "l'enregistrement dès la transcription relue : le carnet 10 les code avec la grille "
        "de codage.",
        "Une santé, une situation judiciaire, une opinion ou une origine racontée en "
        "entretien est une donnée sensible (RGPD, article 9) : ne la citez qu'agrégée ou "
        "sans rien qui permette de reconnaître la personne.",
    ]


def _audience(toc: TheoryOfChange | None, audience: str | None) -> tuple[str, str, str]:
    """``(id, name, category)`` of the audience; the beneficiaries' group by default."""
    if toc is None or not toc.stakeholders:
        return "", "personnes accompagnées", "beneficiaires"
    if audience is None:
        group = next((s for s in toc.stakeholders if s.category == "beneficiaires"), None)
        if group is None:
            return "", "personnes accompagnées", "beneficiaires"
        return group.id, group.name, group.category
    wanted = french.fold(audience)
    for s in toc.stakeholders:
        if french.fold(s.id) == wanted or french.fold(s.name) == wanted:
            return s.id, s.name, s.category
    names = french.quoted_list([s.name for s in toc.stakeholders])
    raise InterviewGuideError(
        f"Public « {audience} » inconnu : choisissez un groupe de la théorie du changement "
        f"({names}), par son identifiant ou son nom."
    )


def _consent(structure: str) -> list[str]:
    return [
        "Je vous propose d'enregistrer notre échange (le son seulement), pour ne rien perdre "
        "de vos mots. Vous pouvez refuser : l'entretien a lieu de la même façon, je prends "
        "alors des notes.",
        f"Pourquoi : l'enregistrement sert uniquement à écrire la transcription de "
        f"l'entretien, pour l'évaluation de l'impact de {structure}.",
        "Qui l'entend : seulement la personne qui mène l'entretien et celle qui le "
        "transcrit. Il n'est jamais diffusé ni transmis à un financeur.",
        "Dans la transcription, votre nom, celui des personnes que vous citez, les numéros "
        "de téléphone et les adresses électroniques sont remplacés par des mentions comme "
        "« [nom retiré] » ou « [téléphone retiré] ». Les phrases reprises dans le rapport ne "
        "permettent pas de vous reconnaître.",
        "Combien de temps : l'enregistrement est effacé dès que la transcription est relue, "
        "et au plus tard trois mois après l'entretien ; la transcription sans nom est gardée "
        "jusqu'à la fin de l'évaluation.",
        "Vos droits : vous pouvez ne pas répondre à une question, demander d'arrêter "
        "l'enregistrement ou l'entretien à tout moment, et demander ensuite que vos réponses "
        "soient retirées, sans aucune conséquence sur votre accompagnement. Contact : "
        "[à compléter par la structure].",
        "Êtes-vous d'accord pour que l'entretien soit enregistré ? (Noter la réponse ; si "
        "c'est oui, la faire redire au début de l'enregistrement, avec la date.)",
    ]


def _outcome_theme(
    toc: TheoryOfChange, n: int, outcome: Any, questions: list[Any], beneficiary: bool
) -> Theme:
    from .stakeholders import outcome_hypotheses

    label = outcome.label
    if outcome.negative:
        main = [
            f"Au cours de l'accompagnement, avez-vous vécu quelque chose comme « {label} » ? "
            "Racontez-moi comment cela s'est passé."
            if beneficiary
            else f"Avez-vous observé « {label} » chez les personnes accompagnées ? "
            "Racontez-moi une situation.",
        ]
    else:
        main = [
            f"Depuis le début de l'accompagnement, qu'est-ce qui a changé pour vous du côté "
            f"de « {label} » ? Pouvez-vous me raconter un moment précis ?"
            if beneficiary
            else f"Qu'avez-vous vu changer chez les personnes accompagnées du côté de "
            f"« {label} » ? Pouvez-vous me raconter une situation précise ?",
        ]
    main.append(
        "Qu'est-ce qui, selon vous, a le plus compté dans ce changement (ou dans l'absence "
        "de changement) ?"
    )
    prompts, notes = [], []
    for link in outcome_hypotheses(toc, outcome.id):
        claim = link.assumption.strip().rstrip(".")
        prompts.append(
            f"On entend parfois : « {claim} ». Est-ce que cela correspond, ou non, à ce que "
            + ("vous avez vécu ?" if beneficiary else "vous avez observé ?")
        )
        notes.append(
            f"Hypothèse mise à l'épreuve ({link.name}) : « {claim} ». Écouter autant ce qui "
            "la contredit que ce qui la confirme."
        )
    prompts += [
        "Pouvez-vous me donner un exemple ?",
        "Qu'est-ce qui vous a freiné ou aurait pu vous aider davantage ?",
        "Et aujourd'hui, où en êtes-vous ? Ce changement a-t-il duré ?",
    ]
    for q in questions:
        notes.insert(0, f"Question évaluative {q.id} : {q.text}")
    return Theme(f"T{n}", label, "effet", outcome.id, main, prompts, notes)


def build_interview_guide(
    ws: Workspace, *, audience: str | None = None, minutes: int = 45
) -> InterviewGuide:
    """Draft the semi-structured interview guide of the workspace.

    One theme per outcome of the theory of change (those concerning ``audience`` when it
    is given), in chain order, each with two open main questions, follow-up prompts drawn
    from the hypotheses of the links into the outcome (Center for Theory of Change,
    « assumptions »), and, as notes for the interviewer, the evaluative questions of step 03
    (Avise, « la promesse »). Then a theme on negative and unexpected effects and one on
    the counterfactual « sans nous, que se serait-il passé ? » (CSESS 2011 definition;
    ESSEC IIES SROI guide, 2011, « deadweight » and attribution), and a closing.

    Parameters
    ----------
    ws
        The workspace.
    audience
        A stakeholder group of the theory of change (id or name) the guide is for; default:
        the first group of beneficiaries.
    minutes
        The planned length of an interview (said in the introduction; the reading compares
        it with the guide's estimated length).

    Notes
    -----
    The themes of the outcomes in step 03's scope are marked ``prioritaire`` (ask them
    first when time runs short), and the judgement criteria that step 03's référentiel
    d'évaluation gives to the interviews (« entretiens (08) ») are added to their notes.
    The guide also says how the recording is transcribed and redacted (RGPD art. 5.1.c,
    art. 9 for what people tell about their health or a conviction).

    Returns
    -------
    InterviewGuide
        Never fails for a missing theory of change: its ``warnings`` say what to do.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 10 <= minutes <= 180:
        raise ValueError(
            f"minutes = {minutes!r} : donnez la durée prévue d'un entretien, en minutes, "
            "entre 10 et 180."
        )
    toc, warning = _toc_or_none(ws)
    group_id, group_name, category = _audience(toc, audience)
    beneficiary = category == "beneficiaires"
    warnings = [warning] if warning else []
    themes: list[Theme] = []
    if toc is not None:
        by_outcome = _questions_by_outcome(ws, toc)
        scope, criteria = _scope_outcomes(ws), _interview_criteria(ws)
        outcomes = [
            e
            for e in toc.outcomes
            if audience is None or not group_id or group_id in e.stakeholders
        ]
        for e in outcomes:
            theme = _outcome_theme(toc, len(themes) + 1, e, by_outcome.get(e.id, []), beneficiary)
            theme.notes += criteria.get(e.id, [])
            if e.id in scope:
                theme.priority = True
                theme.notes.insert(
                    0, "Effet du périmètre de l'évaluation (étape 03) : à poser en priorité."
                )
            themes.append(theme)
        if not toc.outcomes:
            warnings.append(
                "La théorie du changement n'a encore aucun effet : ajoutez-en dans le carnet 02 "
                "pour avoir un thème par effet."
            )
        elif not outcomes:
            warnings.append(
                f"Aucun effet de la théorie du changement ne concerne « {group_name} » : le "
                "guide ne garde que les thèmes communs."
            )
    flagged = [e for e in (toc.outcomes if toc else ()) if e.flagged]
    themes.append(
        Theme(
            f"T{len(themes) + 1}",
            "Effets négatifs et inattendus",
            "effets-negatifs-inattendus",
            "",
            [
                "Est-ce que l'accompagnement a eu, pour vous, des conséquences négatives ou "
                "difficiles ? Lesquelles ?"
                if beneficiary
                else "Avez-vous observé des conséquences négatives ou difficiles de "
                "l'accompagnement ? Lesquelles ?",
                "Qu'est-ce qui s'est passé que vous n'attendiez pas, en bien ou en mal ?",
            ],
            [
                "Dans votre vie de famille, votre travail, votre santé, votre temps, votre "
                "argent ?",
                "Pour d'autres personnes autour de vous ?",
                "Si c'était à refaire, que faudrait-il changer ?",
            ],
            [
                "Effets déjà repérés dans la théorie du changement : "
                + french.join_and(f"« {e.label} » ({e.flagged})" for e in flagged)
                + "."
            ]
            if flagged
            else [
                "Laisser le temps de répondre : un effet négatif se dit rarement à la première "
                "question."
            ],
        )
    )
    themes.append(
        Theme(
            f"T{len(themes) + 1}",
            "Et sans nous ?",
            "contrefactuel",
            "",
            [
                "Sans nous, que se serait-il passé ?",
                "D'autres personnes ou organismes vous ont-ils aidé pendant la même période ? "
                "Qu'ont-ils apporté ?",
            ],
            [
                "Auriez-vous trouvé une autre solution ? Laquelle, et en combien de temps ?",
                "Sur ce qui a changé, quelle part revient à l'accompagnement, selon vous : "
                "rien, un peu, beaucoup, tout ?",
            ],
            [
                "Ces réponses aident à estimer ce qui se serait passé de toute façon et la part "
                "des autres acteurs (guide SROI de l'ESSEC, 2011)."
            ],
        )
    )
    return InterviewGuide(
        structure=ws.name,
        audience=group_name,
        introduction=[
            f"Bonjour, je m'appelle [prénom], je fais partie de {ws.name}. Merci d'avoir "
            f"accepté cet entretien, qui dure environ {minutes} minutes.",
            "Nous cherchons à comprendre ce que l'accompagnement a changé, ou non, pour les "
            "personnes : il n'y a pas de bonne ou de mauvaise réponse, et les critiques nous "
            "sont aussi utiles que les compliments.",
            "Pour commencer, pouvez-vous me raconter comment vous avez connu "
            f"{ws.name}, et ce que vous y avez fait ?",
        ],
        consent=_consent(ws.name),
        themes=themes,
        closing=[
            "Y a-t-il quelque chose d'important dont nous n'avons pas parlé ?",
            "Si vous pouviez changer une seule chose dans l'accompagnement, laquelle ?",
            "Merci. Je vous rappelle que votre nom n'apparaîtra nulle part ; vous pouvez me "
            "joindre si vous souhaitez ajouter ou retirer quelque chose.",
        ],
        warnings=warnings,
        minutes=minutes,
        transcription=_transcription(ws.name),
    )


# --------------------------------------------------------------------------------------
# The YAML file
# --------------------------------------------------------------------------------------
_TEXTS = Key((list,), required=True, help="une liste de phrases")
_THEME = {
    "id": Key((str,), required=True, help="identifiant du thème, par exemple T1"),
    "titre": Key((str,), required=True, help="titre du thème"),
    "type": Key((str,), choices=THEME_KINDS, help="type de thème"),
    "effet": Key((str, type(None)), help="identifiant de l'effet de la théorie du changement"),
    "questions": Key((list,), required=True, help="les questions principales"),
    "relances": Key((list, type(None)), help="les relances"),
    "notes": Key((list, type(None)), help="les notes pour la personne qui mène l'entretien"),
    "prioritaire": Key((bool,), help="true : effet du périmètre, à poser en priorité"),
}
GUIDE_SCHEMA = {
    "version": Key((int,), help="version du format, 1"),
    "structure": Key((str,), required=True, help="nom de la structure"),
    "public": Key((str,), required=True, help="à qui s'adresse le guide"),
    "duree_minutes": Key((int,), help="durée prévue d'un entretien, en minutes", bounds=(10, 180)),
    "introduction": _TEXTS,
    "consentement": Key((list,), required=True, help="le script de consentement"),
    "themes": Key((list,), required=True, help="les thèmes", items=_THEME),
    "cloture": _TEXTS,
    "avertissements": Key((list, type(None)), help="ce qui manque en amont"),
    "transcription": Key((list, type(None)), help="comment transcrire et pseudonymiser"),
}
"""The schema of ``guide-entretien.yml``."""


def _texts(value: Any, where: str, at: int | None, problems: Problems) -> list[str]:
    if value is None:
        return []
    if not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(at, f"« {where} » doit être une liste de phrases non vides")
        return []
    return [v.strip() for v in value]


def guide_path(ws: Workspace) -> Path:
    """Where the editable guide lives: ``guide-entretien.yml`` in the step 08 folder."""
    return ws.step_dir(STEP) / GUIDE_FILE


def save_interview_guide(guide: InterviewGuide, ws: Workspace) -> Path:
    """Write the guide as ``guide-entretien.yml`` (atomic write), to edit by hand."""
    header = (
        "# Guide d'entretien semi-directif (Size Up, étape 08). Modifiez les textes, "
        "ajoutez ou retirez des questions,\n# puis relancez le carnet 08 : il relit ce fichier.\n"
    )
    return ws.write_text(guide_path(ws), header + dump_yaml(guide.to_dict()))


def load_interview_guide(path: str | os.PathLike | Workspace) -> InterviewGuide:
    """Read an edited guide back, checked against :data:`GUIDE_SCHEMA`.

    Raises
    ------
    InterviewGuideError
        In French, naming the file, the line and the key of every mistake.
    """
    if not isinstance(path, str | os.PathLike):
        path = guide_path(path)
    from .yamlfile import child, item, line

    data, node = read_yaml_file(
        path,
        InterviewGuideError,
        missing="Produisez le guide dans le carnet 08 (build_interview_guide, puis "
        "save_interview_guide).",
    )
    problems = Problems()
    if data is None or not check_mapping(node, data, GUIDE_SCHEMA, "", problems):
        if data is None:
            problems.add(1, "le fichier est vide")
        problems.raise_for(str(path), InterviewGuideError)
    themes = []
    for i, raw in enumerate(data["themes"]):
        where = f"themes[{i + 1}]"
        tnode = item(child(node, "themes"), i)
        themes.append(
            Theme(
                raw["id"],
                raw["titre"].strip(),
                raw.get("type") or "effet",
                raw.get("effet") or "",
                _texts(raw["questions"], f"{where}.questions", line(tnode, "questions"), problems),
                _texts(raw.get("relances"), f"{where}.relances", line(tnode, "relances"), problems),
                _texts(raw.get("notes"), f"{where}.notes", line(tnode, "notes"), problems),
                bool(raw.get("prioritaire", False)),
            )
        )
    guide = InterviewGuide(
        data["structure"],
        data["public"],
        _texts(data["introduction"], "introduction", line(node, "introduction"), problems),
        _texts(data["consentement"], "consentement", line(node, "consentement"), problems),
        themes,
        _texts(data["cloture"], "cloture", line(node, "cloture"), problems),
        _texts(
            data.get("avertissements"), "avertissements", line(node, "avertissements"), problems
        ),
        data.get("duree_minutes", 45),
        _texts(data.get("transcription"), "transcription", line(node, "transcription"), problems),
    )
    if not guide.consent:
        problems.add(line(node, "consentement"), "le script de consentement est vide")
    problems.raise_for(str(path), InterviewGuideError)
    return guide


# --------------------------------------------------------------------------------------
# Printable exports
# --------------------------------------------------------------------------------------
def guide_to_markdown(guide: InterviewGuide) -> str:
    """The guide as Markdown, to print or paste in a document."""
    out = [f"# Guide d'entretien — {guide.structure}", ""]
    out += [f"Public : {guide.audience}. Durée prévue : {guide.minutes} minutes.", ""]
    out += [f"> {w}" for w in guide.warnings] + ([""] if guide.warnings else [])
    out += ["## Introduction", ""] + [f"{t}\n" for t in guide.introduction]
    out += ["## Consentement à l'enregistrement", ""] + [f"- {t}" for t in guide.consent] + [""]
    for t in guide.themes:
        star = " (prioritaire)" if t.priority else ""
        out += [f"## {t.id} · {t.title}{star}", "", "**Questions principales**", ""]
        out += [f"{n}. {q}" for n, q in enumerate(t.questions, 1)] + [""]
        if t.prompts:
            out += ["**Relances**", ""] + [f"- {p}" for p in t.prompts] + [""]
        if t.notes:
            out += ["*Notes pour l'enquêteur (ne pas lire)*", ""]
            out += [f"- *{n}*" for n in t.notes] + [""]
    out += ["## Clôture", ""] + [f"- {t}" for t in guide.closing]
    if guide.transcription:
        out += ["", "## Après l'entretien : transcrire et pseudonymiser", ""]
        out += [f"- {t}" for t in guide.transcription]
    return "\n".join(out) + "\n"


def guide_to_html(guide: InterviewGuide) -> str:
    """The guide as a self-contained HTML page (no script, no external file), to print."""
    e = html.escape

    def items(texts: list[str], tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{e(t)}</li>" for t in texts) + f"</{tag}>"

    body = [f"<h1>Guide d'entretien — {e(guide.structure)}</h1>"]
    body.append(f"<p>Public : {e(guide.audience)}. Durée prévue : {guide.minutes} minutes.</p>")
    body += [f"<blockquote>{e(w)}</blockquote>" for w in guide.warnings]
    body += ["<h2>Introduction</h2>"] + [f"<p>{e(t)}</p>" for t in guide.introduction]
    body += ["<h2>Consentement à l'enregistrement</h2>", items(guide.consent)]
    for t in guide.themes:
        star = " (prioritaire)" if t.priority else ""
        body += [f"<h2>{e(t.id)} · {e(t.title)}{star}</h2>", "<h3>Questions principales</h3>"]
        body.append(items(t.questions, "ol"))
        if t.prompts:
            body += ["<h3>Relances</h3>", items(t.prompts)]
        if t.notes:
            body += ['<h3>Notes pour l\'enquêteur (ne pas lire)</h3><div class="notes">']
            body += [items(t.notes), "</div>"]
    body += ["<h2>Clôture</h2>", items(guide.closing)]
    if guide.transcription:
        body += ["<h2>Après l'entretien : transcrire et pseudonymiser</h2>"]
        body.append(items(guide.transcription))
    style = (
        "body{font-family:sans-serif;max-width:45em;margin:2em auto;line-height:1.4}"
        "h2{border-bottom:1px solid #999;page-break-after:avoid}.notes{color:#555;"
        "font-style:italic}blockquote{border-left:4px solid #c60;padding-left:1em}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>Guide d'entretien — {e(guide.structure)}</title><style>{style}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def write_interview_guide(guide: InterviewGuide, ws: Workspace) -> dict[str, Path]:
    """Write the printable guide (Markdown and HTML) in the step 08 folder, atomically."""
    folder = ws.step_dir(STEP)
    return {
        "markdown": ws.write_text(folder / GUIDE_MARKDOWN, guide_to_markdown(guide)),
        "html": ws.write_text(folder / GUIDE_HTML, guide_to_html(guide)),
    }


def explain_interview_guide(guide: InterviewGuide) -> Reading:
    """The guide in plain French: its themes, questions and what it protects."""
    import pandas as pd

    outcomes = guide.outcome_themes
    n_q = sum(len(t.questions) for t in guide.themes)
    n_p = sum(len(t.prompts) for t in guide.themes)
    lines = [
        f"Le guide pour « {guide.audience} » compte "
        f"{french.plural(len(guide.themes), 'thème', 'thèmes')}, "
        f"{french.plural(n_q, 'question principale', 'questions principales')} et "
        f"{french.plural(n_p, 'relance', 'relances')}.",
        (
            f"- {french.plural(len(outcomes), 'thème suit', 'thèmes suivent')} un effet de la "
            f"théorie du changement ({french.join_and(t.outcome for t in outcomes)}) ; les "
            "relances viennent des hypothèses des liens vers chaque effet."
            if outcomes
            else "- Aucun thème ne suit un effet de la théorie du changement."
        ),
        "- Deux thèmes sont toujours là : les effets négatifs et inattendus, et « sans nous, "
        "que se serait-il passé ? ».",
        "- Il commence par le script de consentement à l'enregistrement : ce qui est "
        "enregistré, pourquoi, qui l'entend, la transcription où les noms deviennent "
        "« [nom retiré] », la durée de conservation et le droit d'arrêter.",
        _duration_line(guide),
        *guide.warnings,
    ]
    table = pd.DataFrame(
        [
            {
                "thème": t.id,
                "titre": t.title,
                "effet": t.outcome,
                "questions": len(t.questions),
                "relances": len(t.prompts),
                "prioritaire": "oui" if t.priority else "",
            }
            for t in guide.themes
        ]
    )
    return Reading.of(lines, title="Le guide d'entretien", table=table)


SECTIONS = {
    "introduction": ("introduction", "Introduction"),
    "consentement": ("consent", "Consentement à l'enregistrement"),
    "transcription": ("transcription", "Après l'entretien : transcrire et pseudonymiser"),
    "cloture": ("closing", "Clôture"),
}
"""The parts of the guide :func:`guide_section` shows: YAML key → (attribute, title)."""


def guide_section(guide: InterviewGuide, part: str) -> Reading:
    """One part of the guide (« introduction », « consentement », « transcription »,
    « cloture »), as a list to read in a notebook.

    Raises
    ------
    ValueError
        In French, for an unknown part.
    """
    if part not in SECTIONS:
        raise ValueError(
            f"Partie « {part} » inconnue : choisissez parmi {french.quoted_list(SECTIONS)}."
        )
    attribute, title = SECTIONS[part]
    lines = [f"- {t}" for t in getattr(guide, attribute)]
    return Reading.of(lines or ["(vide)"], title=title)


def _duration_line(guide: InterviewGuide) -> str:
    """The guide's estimated length against the planned one, and what to cut."""
    n_q = sum(len(t.questions) for t in guide.themes)
    estimate = guide.estimated_minutes
    head = (
        f"- À {french.integer(MINUTES_PER_QUESTION)} minutes environ par question principale "
        f"({french.integer(n_q)}), plus {french.integer(FRAME_MINUTES)} minutes d'introduction, "
        f"de consentement et de clôture, le guide demande environ "
        f"{french.integer(estimate)} minutes"
    )
    if estimate <= guide.minutes:
        return f"{head} : il tient dans les {french.integer(guide.minutes)} minutes prévues."
    priority = [t for t in guide.outcome_themes if t.priority]
    others = [t for t in guide.outcome_themes if not t.priority]
    if priority and others:
        cut = (
            f"posez d'abord les thèmes prioritaires ({french.join_and(t.id for t in priority)}, "
            f"les effets du périmètre), et retirez ou raccourcissez "
            f"{french.agree(len(others), 'le thème', 'les thèmes')} "
            f"{french.join_and(t.id for t in others)} dans {GUIDE_FILE}"
        )
    else:
        cut = f"retirez des questions dans {GUIDE_FILE}"
    return (
        f"{head}, plus que les {french.integer(guide.minutes)} minutes prévues : {cut}, ou "
        "prévoyez un entretien plus long."
    )


@dataclass(frozen=True)
class GuideChoice:
    """The guide a notebook uses: the participant's edited file, or a fresh draft."""

    guide: InterviewGuide
    from_file: bool
    path: Path

    @property
    def message(self) -> str:
        """A French sentence saying where the guide comes from."""
        if self.from_file:
            return (
                f"Guide relu dans {self.path.name}, avec vos modifications (supprimez ce "
                "fichier, ou mettez use_saved_guide à False, pour repartir d'un brouillon "
                "tiré de la théorie du changement)."
            )
        return (
            f"Brouillon tiré de la théorie du changement, enregistré dans {self.path.name} : "
            "modifiez ce fichier, puis exécutez de nouveau le carnet pour l'utiliser."
        )


def resolve_interview_guide(
    ws: Workspace,
    *,
    audience: str | None = None,
    minutes: int = 45,
    use_saved: bool = True,
) -> GuideChoice:
    """The guide to use: ``guide-entretien.yml`` if it exists (the participant's edits win),
    else a draft from :func:`build_interview_guide`, saved there to edit.

    As with a form's recorded answers (:func:`sizeup_helpers.answers.resolve_answers`), the
    saved file wins over the parameters; ``use_saved=False`` (or deleting the file) drafts
    the guide again from the parameters and overwrites it. An edited file is only read,
    never rewritten, so the participant's comments stay.

    Raises
    ------
    InterviewGuideError
        In French, naming file, line and key, when the edited file is not valid.
    """
    path = guide_path(ws)
    if use_saved and path.is_file():
        return GuideChoice(load_interview_guide(path), True, path)
    guide = build_interview_guide(ws, audience=audience or None, minutes=minutes)
    return GuideChoice(guide, False, save_interview_guide(guide, ws))


# --------------------------------------------------------------------------------------
# Who to interview
# --------------------------------------------------------------------------------------
_AGE_COLUMNS = ("tranche_age", "age")
_PLACE_COLUMNS = ("antenne", "ville", "commune", "departement")
_DONE_STATUS = ("present", "realise", "effectue", "venu")
SAMPLE_COLUMNS = ["personne_id", "profil", "groupe", "tranche_age", "territoire", "raison"]


def _people_tables(ws: Workspace) -> tuple[str | None, dict[str, pd.DataFrame]]:
    from .clean_workspace import load_clean_table, register_role, table_roles

    tables: dict[str, pd.DataFrame] = {}
    for role in table_roles(ws):
        try:
            tables[role] = load_clean_table(ws, role)
        except SizeUpError:
            continue
    register = register_role(ws)
    if register not in tables:
        register = next((r for r, t in tables.items() if "personne_id" in t.columns), None)
    return register, tables


def _done_rows(table: pd.DataFrame) -> pd.Series:
    """Rows that record a participation: present, or a status saying it took place."""
    import pandas as pd

    if "present" in table.columns:
        return table["present"].fillna(False).astype(bool)
    if "statut" in table.columns:
        folded = table["statut"].astype("string").map(french.fold, na_action="ignore")
        folded = folded.fillna("")
        done = folded.str.contains("|".join(_DONE_STATUS), regex=True) & ~folded.str.contains(
            r"\bnon\b|\bpas\b|annul|absen", regex=True
        )
        if done.any():
            return done.astype(bool)
    return pd.Series(True, index=table.index)


def _participations(register: str, tables: dict[str, pd.DataFrame]) -> pd.Series | None:
    """Participations per person of the register, ``None`` when no table records any."""
    import pandas as pd

    reg = tables[register]
    keys = [c for c in reg.columns if c.endswith("_id") and c != "personne_id"]
    counts, found = pd.Series(0, index=reg["personne_id"].dropna().unique()), False
    for role, t in tables.items():
        if role == register:
            continue
        key = (
            "personne_id"
            if "personne_id" in t.columns
            else next((k for k in keys if k in t.columns), None)
        )
        if key is None or not ("present" in t.columns or "statut" in t.columns):
            continue
        per = t.loc[_done_rows(t), key].dropna().value_counts()
        if key != "personne_id":
            per = per.rename(index=reg.drop_duplicates(key).set_index(key)["personne_id"])
        per = per[per.index.isin(counts.index)].groupby(level=0).sum()
        counts = counts.add(per, fill_value=0)
        found = found or len(per) > 0
    return counts.astype(int) if found else None


def _first(columns: Any, names: tuple[str, ...]) -> str | None:
    return next((c for c in names if c in columns), None)


def interview_sample(ws: Workspace, n: int = 8) -> pd.DataFrame:
    """A purposive sample of people to interview, from the clean, pseudonymised tables.

    Qualitative sampling is purposive, not random: it looks for the variety of
    experiences (« échantillon raisonné », diversification of profiles), including those
    who left and those who never came, whose view the satisfied completers do not give
    (Avise, « Évaluer son impact social », collecting the beneficiaries' voice; CNIL,
    minimisation: only the ``personne_id`` pseudonym is shown, never a name).

    The register of people (step 05) gives each person's participation, counted in the
    attendance tables (present rows, or a status saying it took place): none
    (« inscription sans venue »), less than half the median of those who came, or an
    explicit ``abandon`` (« parcours interrompu »), else « parcours complet ». The ``n``
    people are spread over these profiles, then over age bands and territories. One row is
    added per other stakeholder group of the theory of change.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SAMPLE_COLUMNS`; each row's ``raison`` says in French why it is
        there. Empty, with ``attrs["message"]`` saying to run step 05 first, when there
        are no clean tables.
    """
    import pandas as pd

    register, tables = _people_tables(ws)
    toc = _toc_or_none(ws)[0]
    if register is None:
        groups = pd.DataFrame(_group_rows(ws, toc, skip=""), columns=SAMPLE_COLUMNS)
        groups.attrs["message"] = (
            "Aucune table propre avec des personnes : exécutez d'abord le carnet 05 "
            "(nettoyage et pseudonymisation), puis refaites l'échantillon."
            + (
                " En attendant, voici les groupes de parties prenantes à rencontrer."
                if len(groups)
                else ""
            )
        )
        return groups
    reg = tables[register].dropna(subset=["personne_id"]).drop_duplicates("personne_id")
    counts = _participations(register, tables)
    age, place = _first(reg.columns, _AGE_COLUMNS), _first(reg.columns, _PLACE_COLUMNS)
    people = pd.DataFrame({"personne_id": reg["personne_id"].astype(str).to_numpy()})
    people["tranche_age"] = reg[age].astype("string").to_numpy() if age else pd.NA
    people["territoire"] = reg[place].astype("string").to_numpy() if place else pd.NA
    quit_flag = (
        reg["abandon"].fillna(False).astype(bool).to_numpy() if "abandon" in reg.columns else None
    )
    if counts is None:
        people["n"] = pd.NA
        people["profil"] = "inscrit"
        median = None
    else:
        people["n"] = people["personne_id"].map(counts).fillna(0).astype(int).to_numpy()
        came = people.loc[people["n"] > 0, "n"]
        median = float(came.median()) if len(came) else 0.0
        people["profil"] = "complet"
        people.loc[people["n"] < median / 2, "profil"] = "abandon"
        people.loc[people["n"] == 0, "profil"] = "jamais-venu"
    if quit_flag is not None:
        people.loc[quit_flag, "profil"] = "abandon"
    chosen = _spread(people, n)
    from .clean_workspace import register_role

    group = _audience(toc, None)[1] if register_role(ws) else f"table « {register} »"
    rows = [
        {
            "personne_id": p.personne_id,
            "profil": PROFILE_LABELS[p.profil],
            "groupe": group,
            "tranche_age": p.tranche_age,
            "territoire": p.territoire,
            "raison": _reason(p, median, register, quit_flag is not None),
        }
        for p in chosen.itertuples()
    ]
    rows += _group_rows(ws, toc, skip=group)
    out = pd.DataFrame(rows, columns=SAMPLE_COLUMNS)
    out.attrs["message"] = ""
    out.attrs["table"] = register
    return out


_INVOLVEMENT = {
    "associer": "à associer sur la carte de l'étape 03",
    "consulter": "à consulter sur la carte de l'étape 03 : son expérience est ce que "
    "l'évaluation mesure",
    "satisfaire": "à satisfaire sur la carte de l'étape 03 : recueillir ses attentes",
    "informer": "à informer sur la carte de l'étape 03 : un entretien au plus",
}


def _stakeholder_map(ws: Workspace, toc: TheoryOfChange) -> dict[str, str]:
    """Each group's involvement (``implication``) on step 03's map, by group id."""
    import pandas as pd

    from .stakeholders import MAP_TABLE, stakeholder_map

    path = ws.step_dir("03", create=False) / MAP_TABLE
    try:
        table = (
            pd.read_csv(path, dtype=str, keep_default_na=False)
            if path.is_file()
            else stakeholder_map(toc)
        )
        return dict(zip(table["id"], table["implication"], strict=False))
    except (KeyError, ValueError, SizeUpError):
        return {}


def _group_rows(ws: Workspace, toc: TheoryOfChange | None, *, skip: str) -> list[dict]:
    """One row per stakeholder group of the theory of change but ``skip``, with why."""
    import pandas as pd

    if toc is None:
        return []
    involvement = _stakeholder_map(ws, toc)
    rows = []
    for s in toc.stakeholders:
        if s.name == skip:
            continue
        effects = [e.id for e in toc.outcomes if s.id in e.stakeholders]
        if len(effects) > 1:
            why = f"concerné par les effets {french.join_and(effects)}"
        elif effects:
            why = f"concerné par l'effet {effects[0]}"
        else:
            why = "partie prenante de la théorie du changement"
        where = involvement.get(s.id, "")
        why += f", {_INVOLVEMENT[where]}" if where in _INVOLVEMENT else ""
        if s.category == "beneficiaires":
            what = (
                f"Des personnes du groupe « {s.name} », choisies avec l'équipe : des parcours "
                "complets, interrompus et des personnes inscrites jamais venues"
            )
        else:
            what = f"Un ou deux entretiens avec le groupe « {s.name} »"
        rows.append(
            {
                "personne_id": "",
                "profil": PROFILE_LABELS["groupe"],
                "groupe": s.name,
                "tranche_age": pd.NA,
                "territoire": pd.NA,
                "raison": f"{what} : {why} ; il voit l'action sous son propre angle.",
            }
        )
    return rows


def save_interview_sample(ws: Workspace, sample: pd.DataFrame) -> Path:
    """Write the people to interview as ``personnes-a-interroger.csv`` in the step 08 folder.

    Pseudonyms only (``personne_id``), never a name: the team finds the person with the
    pseudonymisation key, which stays on the sensitive side (CNIL, minimisation, RGPD
    art. 5.1.c).
    """
    return ws.write_csv(ws.step_dir(STEP) / SAMPLE_FILE, sample, bom=True)


def _spread(people: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` people spread over profiles (round robin), then over age × territory."""
    import pandas as pd

    order = ["jamais-venu", "abandon", "complet", "inscrit"]
    pools = {}
    for profile in order:
        pool = people[people["profil"] == profile].sort_values("personne_id")
        if len(pool):
            # one person per (age, territory) first, then the rest
            key = pool["tranche_age"].astype(str) + "|" + pool["territoire"].astype(str)
            first = ~key.duplicated()
            pools[profile] = pd.concat([pool[first], pool[~first]])
    picked: list[Any] = []
    seen: dict[str, int] = {p: 0 for p in pools}
    while len(picked) < n and any(seen[p] < len(pools[p]) for p in pools):
        for p in pools:
            if len(picked) < n and seen[p] < len(pools[p]):
                picked.append(pools[p].iloc[seen[p]])
                seen[p] += 1
    return pd.DataFrame(picked, columns=people.columns)


def _reason(p: Any, median: float | None, register: str, flagged: bool) -> str:
    who = ", ".join(str(v) for v in (p.tranche_age, p.territoire) if isinstance(v, str) and v)
    profile = f" ({who})" if who else ""
    if p.profil == "jamais-venu":
        return (
            f"Personne inscrite dans « {register} » mais jamais venue{profile} : dire ce qui a "
            "empêché de venir."
        )
    if p.profil == "abandon":
        if flagged and (median is None or p.n >= median / 2):
            return f"Abandon noté dans « {register} »{profile} : comprendre pourquoi."
        return (
            f"Parcours interrompu{profile} : "
            f"{french.plural(p.n, 'participation', 'participations')} contre "
            f"{french.decimal(median)} en médiane ; comprendre pourquoi."
        )
    if p.profil == "complet":
        return (
            f"Parcours complet{profile} : {french.plural(p.n, 'participation', 'participations')}"
            " ; dire ce qui a changé."
        )
    return (
        f"Personne inscrite dans « {register} »{profile} ; la participation n'est pas dans "
        "les données."
    )


def explain_interview_sample(sample: pd.DataFrame) -> Reading:
    """Who to interview, in plain French (or what to do first)."""
    message = sample.attrs.get("message", "")
    if message:
        n_groups = len(sample)
        return Reading.of(
            [
                message,
                f"- {french.plural(n_groups, 'groupe', 'groupes')} de parties prenantes à "
                "rencontrer, sans personne désignée : choisissez-les avec l'équipe, en "
                "cherchant aussi celles et ceux qui sont partis ou ne sont jamais venus."
                if n_groups
                else None,
            ],
            title="Qui interroger" if n_groups else "",
            table=sample if n_groups else None,
        )
    if sample.empty:
        return Reading.of(["Personne à proposer pour les entretiens."])
    people = sample[sample["personne_id"] != ""]
    groups = sample[sample["personne_id"] == ""]
    counts = people["profil"].value_counts()
    parts = [f"{french.integer(k)} « {p} »" for p, k in counts.items()]
    lines = [
        f"{french.plural(len(people), 'personne proposée', 'personnes proposées')} pour les "
        f"entretiens, {french.agree(len(people), 'désignée par son', 'désignées par leur')} "
        f"pseudonyme : {', '.join(parts)}.",
        "- Celles qui sont parties ou ne sont jamais venues disent ce que les autres ne "
        "disent pas : ce qui n'a pas marché."
        if {PROFILE_LABELS["abandon"], PROFILE_LABELS["jamais-venu"]} & set(counts.index)
        else "- Les données ne disent pas qui est parti ou n'est jamais venu : cherchez-les "
        "avec l'équipe.",
        f"- S'y ajoutent {french.plural(len(groups), 'autre groupe', 'autres groupes')} de "
        "parties prenantes."
        if len(groups)
        else None,
        "- La correspondance entre pseudonyme et personne se retrouve avec la clé de "
        "pseudonymisation, qui reste à la structure.",
    ]
    return Reading.of(lines, title="Qui interroger", table=sample)


# --------------------------------------------------------------------------------------
# The codebook
# --------------------------------------------------------------------------------------
def build_codebook(ws: Workspace) -> pd.DataFrame:
    """The codebook (« grille de codage ») for the interviews' transcripts.

    One code per outcome of the theory of change (deductive codes from the theory, as in
    a theory-based thematic analysis), with a definition and what to include and exclude,
    then the codes every analysis needs: negative effects, unexpected effects, the
    counterfactual and the other contributors (CSESS 2011; ESSEC IIES SROI guide, 2011).
    New codes found while reading (inductive) are added to the CSV in step 10.
    """
    import pandas as pd

    from .stakeholders import outcome_hypotheses

    toc = _toc_or_none(ws)[0]
    rows = []
    for e in toc.outcomes if toc else ():
        what = f" ({e.dimensions.quoi})" if e.dimensions.quoi else ""
        claims = [lk.assumption.strip().rstrip(".") for lk in outcome_hypotheses(toc, e.id)]
        test = f" ; ce qui confirme ou contredit l'hypothèse « {claims[0]} »" if claims else ""
        rows.append(
            {
                "code": _code(e.id, e.label),
                "famille": "effet négatif prévu" if e.negative else "effet",
                "effet": e.id,
                "libelle": e.label,
                "definition": f"Passage où la personne décrit « {e.label} »{what}, vécu ou "
                "observé, en tout ou en partie, ou son absence.",
                "inclure": f"Un changement raconté avec un exemple concret, lié à « {e.label} »,"
                f" même nuancé (« un peu », « pas encore »){test}.",
                "exclure": "Un souhait ou une intention sans changement vécu ; un changement "
                "qui relève d'un autre effet (le coder avec son code).",
            }
        )
    rows += [
        {
            "code": "NEGATIF",
            "famille": "effet négatif",
            "effet": "",
            "libelle": "Effet négatif",
            "definition": "Conséquence négative ou difficile de l'action pour la personne ou "
            "son entourage, qu'elle soit prévue ou non.",
            "inclure": "« J'ai perdu des heures de travail pour venir », une fatigue, un coût, "
            "une déception.",
            "exclure": "Une critique de l'organisation sans conséquence pour la personne (coder "
            "AMELIORATION).",
        },
        {
            "code": "INATTENDU",
            "famille": "effet inattendu",
            "effet": "",
            "libelle": "Effet inattendu",
            "definition": "Changement, positif ou négatif, qui n'est pas dans la théorie du "
            "changement.",
            "inclure": "Un changement raconté qu'aucun code d'effet ne couvre.",
            "exclure": "Un effet prévu décrit avec d'autres mots (le coder avec le code de "
            "l'effet).",
        },
        {
            "code": "SANS-NOUS",
            "famille": "contrefactuel",
            "effet": "",
            "libelle": "Sans nous",
            "definition": "Ce qui se serait passé sans l'action, selon la personne.",
            "inclure": "« Sans vous je serais resté chez moi », « j'aurais trouvé de toute "
            "façon ».",
            "exclure": "Ce que d'autres organismes ont apporté (coder AUTRES-ACTEURS).",
        },
        {
            "code": "AUTRES-ACTEURS",
            "famille": "contrefactuel",
            "effet": "",
            "libelle": "Autres contributions",
            "definition": "Part d'autres personnes ou organismes dans le changement.",
            "inclure": "La famille, un autre service, un employeur, une formation suivie ailleurs.",
            "exclure": "Les partenaires qui font partie de l'action elle-même.",
        },
        {
            "code": "AMELIORATION",
            "famille": "pilotage",
            "effet": "",
            "libelle": "Piste d'amélioration",
            "definition": "Proposition ou critique sur la façon de mener l'action.",
            "inclure": "« Il faudrait des horaires le soir. »",
            "exclure": "Une conséquence vécue (coder NEGATIF ou l'effet).",
        },
    ]
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)


def explain_codebook(codebook: pd.DataFrame) -> Reading:
    """The codebook in plain French: its codes, what each holds, who reads it next."""
    outcomes = codebook[codebook["effet"].astype(str) != ""]
    common = len(codebook) - len(outcomes)
    lines = [
        f"La grille de codage compte {french.plural(len(codebook), 'code', 'codes')} : "
        + (
            f"{french.plural(len(outcomes), 'code', 'codes')} d'effet, un par effet de la "
            f"théorie du changement ({french.join_and(outcomes['effet'])}), et "
            if len(outcomes)
            else "aucun code d'effet, la théorie du changement n'ayant pas encore d'effet, et "
        )
        + f"{french.plural(common, 'code commun', 'codes communs')} (effets négatifs et "
        "inattendus, « sans nous », autres acteurs, pistes d'amélioration).",
        "- Chaque code a une définition, ce qu'il faut y inclure et ce qu'il faut exclure : "
        "deux personnes qui codent le même entretien doivent mettre les mêmes passages sous "
        "le même code.",
        "- Le carnet 10 la relit pour coder vos transcriptions ; les thèmes nouveaux trouvés "
        "en lisant s'y ajoutent comme codes inductifs.",
    ]
    return Reading.of(lines, title="La grille de codage", table=codebook)


def _code(outcome: str, label: str) -> str:
    """``E1-confiance-en-soi``: the outcome id and the first words of its label."""
    words, out = french.slugify(label).split("-"), []
    for w in words:
        if out and len("-".join([*out, w])) > 24:
            break
        out.append(w)
    return "-".join([outcome, *out])


def save_codebook(ws: Workspace, codebook: pd.DataFrame | None = None) -> Path:
    """Write ``grille-de-codage.csv`` in the step 08 folder (formula-safe, for step 10)."""
    frame = build_codebook(ws) if codebook is None else codebook
    return ws.write_csv(ws.step_dir(STEP) / CODEBOOK_FILE, frame, bom=True)


def load_codebook(ws: Workspace) -> pd.DataFrame:
    """The codebook saved by :func:`save_codebook` (step 10 reads it).

    Raises
    ------
    InterviewGuideError
        When step 08 has not saved it, or a column is missing.
    """
    import pandas as pd

    from .spreadsheet import restore_formulas

    path = ws.step_dir(STEP, create=False) / CODEBOOK_FILE
    if not path.is_file():
        raise InterviewGuideError(
            f"{path} : fichier introuvable. Produisez la grille de codage dans le carnet 08."
        )
    frame = restore_formulas(
        pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    )
    missing = [c for c in ("code", "definition") if c not in frame.columns]
    if missing:
        raise InterviewGuideError(
            f"{path} : {french.plural(len(missing), 'colonne manque', 'colonnes manquent')} "
            f"({french.quoted_list(missing)})."
        )
    return frame

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
    "InterviewGuide",
    "Theme",
    "build_codebook",
    "build_interview_guide",
    "explain_interview_guide",
    "explain_interview_sample",
    "guide_to_html",
    "guide_to_markdown",
    "interview_sample",
    "load_codebook",
    "load_interview_guide",
    "save_codebook",
    "save_interview_guide",
    "write_interview_guide",
]

STEP = "08"
GUIDE_FILE = "guide-entretien.yml"
GUIDE_MARKDOWN = "guide-entretien.md"
GUIDE_HTML = "guide-entretien.html"
CODEBOOK_FILE = "grille-de-codage.csv"
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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "titre": self.title, "type": self.kind}
        if self.outcome:
            out["effet"] = self.outcome
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

    @property
    def outcome_themes(self) -> list[Theme]:
        return [t for t in self.themes if t.kind == "effet"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": 1,
            "structure": self.structure,
            "public": self.audience,
            "introduction": list(self.introduction),
            "consentement": list(self.consent),
            "themes": [t.to_dict() for t in self.themes],
            "cloture": list(self.closing),
        }
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


def build_interview_guide(ws: Workspace, *, audience: str | None = None) -> InterviewGuide:
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

    Returns
    -------
    InterviewGuide
        Never fails for a missing theory of change: its ``warnings`` say what to do.
    """
    toc, warning = _toc_or_none(ws)
    group_id, group_name, category = _audience(toc, audience)
    beneficiary = category == "beneficiaires"
    warnings = [warning] if warning else []
    themes: list[Theme] = []
    if toc is not None:
        by_outcome = _questions_by_outcome(ws, toc)
        outcomes = [
            e
            for e in toc.outcomes
            if audience is None or not group_id or group_id in e.stakeholders
        ]
        for e in outcomes:
            themes.append(
                _outcome_theme(toc, len(themes) + 1, e, by_outcome.get(e.id, []), beneficiary)
            )
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
            "accepté cet entretien, qui dure environ 45 minutes.",
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
}
GUIDE_SCHEMA = {
    "version": Key((int,), help="version du format, 1"),
    "structure": Key((str,), required=True, help="nom de la structure"),
    "public": Key((str,), required=True, help="à qui s'adresse le guide"),
    "introduction": _TEXTS,
    "consentement": Key((list,), required=True, help="le script de consentement"),
    "themes": Key((list,), required=True, help="les thèmes", items=_THEME),
    "cloture": _TEXTS,
    "avertissements": Key((list, type(None)), help="ce qui manque en amont"),
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
    out = [f"# Guide d'entretien — {guide.structure}", "", f"Public : {guide.audience}.", ""]
    out += [f"> {w}" for w in guide.warnings] + ([""] if guide.warnings else [])
    out += ["## Introduction", ""] + [f"{t}\n" for t in guide.introduction]
    out += ["## Consentement à l'enregistrement", ""] + [f"- {t}" for t in guide.consent] + [""]
    for t in guide.themes:
        out += [f"## {t.id} · {t.title}", "", "**Questions principales**", ""]
        out += [f"{n}. {q}" for n, q in enumerate(t.questions, 1)] + [""]
        if t.prompts:
            out += ["**Relances**", ""] + [f"- {p}" for p in t.prompts] + [""]
        if t.notes:
            out += ["*Notes pour l'enquêteur (ne pas lire)*", ""]
            out += [f"- *{n}*" for n in t.notes] + [""]
    out += ["## Clôture", ""] + [f"- {t}" for t in guide.closing]
    return "\n".join(out) + "\n"


def guide_to_html(guide: InterviewGuide) -> str:
    """The guide as a self-contained HTML page (no script, no external file), to print."""
    e = html.escape

    def items(texts: list[str], tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{e(t)}</li>" for t in texts) + f"</{tag}>"

    body = [f"<h1>Guide d'entretien — {e(guide.structure)}</h1>"]
    body.append(f"<p>Public : {e(guide.audience)}.</p>")
    body += [f"<blockquote>{e(w)}</blockquote>" for w in guide.warnings]
    body += ["<h2>Introduction</h2>"] + [f"<p>{e(t)}</p>" for t in guide.introduction]
    body += ["<h2>Consentement à l'enregistrement</h2>", items(guide.consent)]
    for t in guide.themes:
        body += [f"<h2>{e(t.id)} · {e(t.title)}</h2>", "<h3>Questions principales</h3>"]
        body.append(items(t.questions, "ol"))
        if t.prompts:
            body += ["<h3>Relances</h3>", items(t.prompts)]
        if t.notes:
            body += ['<h3>Notes pour l\'enquêteur (ne pas lire)</h3><div class="notes">']
            body += [items(t.notes), "</div>"]
    body += ["<h2>Clôture</h2>", items(guide.closing)]
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
            }
            for t in guide.themes
        ]
    )
    return Reading.of(lines, title="Le guide d'entretien", table=table)


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
    empty = pd.DataFrame(columns=SAMPLE_COLUMNS)
    if register is None:
        empty.attrs["message"] = (
            "Aucune table propre avec des personnes : exécutez d'abord le carnet 05 "
            "(nettoyage et pseudonymisation), puis refaites l'échantillon."
        )
        return empty
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
    toc = _toc_or_none(ws)[0]
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
    for s in toc.stakeholders if toc else ():
        if s.name == group:
            continue
        effects = [e.id for e in toc.outcomes if s.id in e.stakeholders]
        if len(effects) > 1:
            why = f"concerné par les effets {french.join_and(effects)}"
        elif effects:
            why = f"concerné par l'effet {effects[0]}"
        else:
            why = "partie prenante de la théorie du changement"
        rows.append(
            {
                "personne_id": "",
                "profil": PROFILE_LABELS["groupe"],
                "groupe": s.name,
                "tranche_age": pd.NA,
                "territoire": pd.NA,
                "raison": f"Un ou deux entretiens avec le groupe « {s.name} » : {why} ; "
                "il voit l'action sous un autre angle.",
            }
        )
    out = pd.DataFrame(rows, columns=SAMPLE_COLUMNS)
    out.attrs["message"] = ""
    out.attrs["table"] = register
    return out


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
    if message or sample.empty:
        return Reading.of([message or "Personne à proposer pour les entretiens."])
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

    toc = _toc_or_none(ws)[0]
    rows = []
    for e in toc.outcomes if toc else ():
        what = f" ({e.dimensions.quoi})" if e.dimensions.quoi else ""
        rows.append(
            {
                "code": _code(e.id, e.label),
                "famille": "effet négatif prévu" if e.negative else "effet",
                "effet": e.id,
                "libelle": e.label,
                "definition": f"Passage où la personne décrit « {e.label} »{what}, vécu ou "
                "observé, en tout ou en partie, ou son absence.",
                "inclure": f"Un changement raconté avec un exemple concret, lié à « {e.label} »,"
                " même nuancé (« un peu », « pas encore »).",
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

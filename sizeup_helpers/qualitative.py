"""Step 10: qualitative analysis: coded segments, themes per outcome, quotes, triangulation.

The material is what people said or wrote: the interview transcripts of
``donnees-brutes/entretiens/`` (one segment a turn of the person interviewed, or a
paragraph) and the free-text answers of step 05's clean tables (one segment an answer,
« témoignages » included). Every segment is redacted before anything is shown or saved
(:func:`sizeup_helpers.privacy.redact_text` in free-text mode, with the names of the
workspace's people: RGPD article 5.1.c, minimisation; CNIL, « guide de la sécurité des
données personnelles », fiche « pseudonymiser »).

Coding follows step 08's codebook (« grille de codage », a theory-based thematic analysis:
deductive codes from the theory of change, inductive codes added while reading). The
package only **suggests** codes from words: each code's label, definition and inclusion
examples, plus an optional ``mots_cles`` column the participant may add to the codebook;
words of its exclusion examples lower the score (:func:`suggest_codes`). A person confirms
each suggestion in ``codage.csv`` (a spreadsheet) or with the coding form; the edited file
wins on the next run (:func:`resolve_coding`). Figures computed from suggestions not yet
confirmed say so.

What an evaluator checks (Avise, « Évaluer son impact social », 2e étape « la preuve »;
ESSEC IIES, « Guide du retour social sur investissement », 2011; F3E, « Le traitement et
l'analyse des données qualitatives »; Braun & Clarke, thematic analysis):

- theme counts are not prevalence: a theme heard in 3 interviews out of 8 says nothing of
  the share of participants who live it (purposive sample, see step 08);
- contrary evidence (negative effects, criticism, outcomes not reached) is kept and shown
  (CSESS 2011: « l'ensemble des conséquences … tant positives que négatives »);
- quotes are redacted and checked for re-identification: in a small structure an age, a
  job or a place is enough to recognise someone (CNIL, anonymisation, « individualisation,
  corrélation, inférence »);
- each outcome's quantitative and qualitative evidence are put side by side
  (triangulation: convergent, divergent, missing), see :func:`triangulate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import french
from .errors import QualitativeError
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .privacy import KnownNames
    from .workspace import Workspace

__all__ = [
    "CODING_COLUMNS",
    "CODING_FILE",
    "CONFIRMATIONS",
    "STEP09_FILE",
    "Coding",
    "QualitativeAnalysis",
    "analyse_coding",
    "code_keywords",
    "explain_coding",
    "explain_contrary_evidence",
    "explain_quotes",
    "explain_segments",
    "explain_themes",
    "explain_triangulation",
    "load_coding",
    "qualitative_segments",
    "redact_segment",
    "reidentification_risk",
    "resolve_coding",
    "save_coding_decision",
    "save_qualitative_analysis",
    "suggest_codes",
    "triangulate",
    "workspace_names",
]

STEP = "10"
CODING_FILE = "codage.csv"
THEMES_FILE = "themes-par-effet.csv"
GROUPS_FILE = "themes-par-groupe.csv"
COOCCURRENCE_FILE = "cooccurrences.csv"
QUOTES_FILE = "citations.csv"
CONTRARY_FILE = "preuves-contraires.csv"
TRIANGULATION_FILE = "triangulation.csv"
CHART_FILE = "themes-par-personne.png"
STEP09_FILE = "resultats-par-effet.csv"
"""What step 10 reads from step 09 when the file exists, in ``ws.step_dir("09")``: one row
per outcome, columns ``effet`` (the ToC id, « E1 ») and ``sens`` (« favorable »,
« défavorable » or « non concluant »). Without it, only step 06's indicator values count."""

TRANSCRIPT_FOLDER = "entretiens"
TEXT_SUFFIXES = (".md", ".markdown", ".txt")
CONFIRMATIONS = ("oui", "non", "à revoir")
"""Values of the « confirme » column: « oui » keeps the suggested codes (or « code_retenu »
when filled), « non » keeps only « code_retenu » (maybe empty: no code), « à revoir » leaves
the segment out of the confirmed figures; empty: not looked at yet (the suggestion is used,
and said to be one)."""
DIRECTIONS = ("pour", "contre")
CODING_COLUMNS = [
    "segment",
    "source",
    "personne",
    "groupe",
    "texte",
    "codes_suggeres",
    "sens_suggere",
    "confirme",
    "code_retenu",
    "sens",
    "note",
]
"""Columns of ``codage.csv``: the participant fills the last four."""
SEPARATOR = " ; "

# Words too common to tell codes apart (folded), and the codebook's own boilerplate.
_STOPWORDS = frozenset(
    """
    alors aussi autre autres avec avoir bien cela celle celui cette comme dans depuis donc
    elle elles encore entre etre fait faire leur leurs mais meme moins nous pour plus quand
    sans sont tout toute toutes tous tres vous votre chez pendant apres avant ceux
    effet effets changement changements personne personnes passage decrit vecu observe
    partie absence raconte exemple concret concrete nuance lien liee relation action
    actions souhait intention releve coder code codes autre selon peut plutot
    hypothese confirme contredit
    """.split()
)
# Default keywords of step 08's common codes, used when the codebook gives none.
COMMON_KEYWORDS = {
    "NEGATIF": ["fatigue", "déception", "déçu", "perdu", "coûte", "pénible", "épuis"],
    "INATTENDU": ["inattendu", "je ne m'attendais pas", "je m'attendais pas", "surpris"],
    "SANS-NOUS": ["sans vous", "sans eux", "sans l'association", "de toute façon"],
    "AUTRES-ACTEURS": ["ma famille", "france travail", "pôle emploi", "mission locale"],
    "AMELIORATION": ["il faudrait", "dommage", "je regrette", "trop court", "pas assez"],
}
# Words of criticism or of an outcome not reached: a segment holding one is suggested
# « contre » (contrary evidence), which a person confirms.
CONTRARY_CUES = (
    "dommage",
    "regrett",
    "bémol",
    "trop court",
    "trop cher",
    "plus cher",
    "pénible",
    "lenteur",
    "délai",
    "annul",
    "pas assez",
    "pas de suivi",
    "malheureusement",
    "déçu",
    "décevant",
    "choix limité",
    "non pourvu",
    "épuis",
    "dissip",
    "ça n'a rien changé",
    "toujours pas",
)
LABEL_WEIGHT, KEYWORD_WEIGHT, TEXT_WEIGHT, EXCLUDE_WEIGHT = 2, 4, 1, -2
MIN_SCORE = 2
"""A code is suggested at this score or more, with a label word or a keyword among its
matches, and at least half the best code's score (:func:`suggest_codes`)."""


# --------------------------------------------------------------------------------------
# Segments
# --------------------------------------------------------------------------------------
def workspace_names(ws: Workspace) -> KnownNames:
    """The people's names of the workspace (its raw tables' declared name columns).

    Read to redact them in free text wherever they slip in (a third person named in an
    interview). Tables that cannot be read give no names.
    """
    from . import privacy
    from .clean_workspace import read_raw_table
    from .errors import SizeUpError

    names = privacy.KnownNames()
    for f in ws.files:
        cols = [c for k, c in (f.people or {}).items() if k in ("nom", "prenom", "nom_complet")]
        if not cols or f.path.suffix.lower() in TEXT_SUFFIXES:
            continue
        try:
            raw = read_raw_table(ws, f.role)
        except (SizeUpError, OSError, ValueError):
            continue
        cols = [c for c in cols if c in raw.columns]
        if cols:
            whole = raw[cols].fillna("").astype(str).agg(" ".join, axis=1)
            names = names | privacy.known_names(whole.unique())
    return names


def _transcripts(ws: Workspace) -> list[tuple[str, Path]]:
    files = [(f.role, f.path) for f in ws.files if f.path.suffix.lower() in TEXT_SUFFIXES]
    seen = {p.resolve() for _, p in files}
    folder = ws.raw_dir / TRANSCRIPT_FOLDER
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in TEXT_SUFFIXES and p.resolve() not in seen:
                files.append((p.stem, p))
    return files


_HEADER = re.compile(r"^\s*[-*]\s*\*\*(?P<key>[^*:]+?)\s*:\s*\*\*\s*(?P<value>.*)$")
_TURN = re.compile(r"^\*\*(?P<speaker>[^*:]+?)\s*:\s*\*\*\s*(?P<text>.+)$")
_INTERVIEWER = re.compile(r"^(enqu[eê]t|interv|animat|question\b|q\b)", re.IGNORECASE)
_PROFILE_KEYS = ("categorie", "profil", "groupe", "partie prenante")


def parse_transcript(text: str) -> tuple[str, list[str]]:
    """The profile of the person interviewed and their turns (or paragraphs).

    A transcript written as step 08 asks (« **Catégorie :** … » header, then one turn a
    line « **Prénom :** … ») gives the turns of the person interviewed, the interviewer's
    questions left out; any other text gives its paragraphs, headings and quotes left out.

    >>> text = "- **Catégorie :** bénévole\\n\\n**Enquêtrice :** Et ?\\n\\n**Ana :** Oui."
    >>> parse_transcript(text)
    ('bénévole', ['Oui.'])
    """
    profile, interviewers, turns = "", set(), []
    lines = text.splitlines()
    for line in lines:
        head = _HEADER.match(line)
        if head:
            key = french.fold(head["key"])
            if key in _PROFILE_KEYS and not profile:
                profile = head["value"].strip()
            elif _INTERVIEWER.match(key):
                interviewers.add(french.fold(head["key"]))
            continue
        turn = _TURN.match(line.strip())
        if turn:
            speaker = french.fold(turn["speaker"])
            if speaker not in interviewers and not _INTERVIEWER.match(speaker):
                turns.append(turn["text"].strip())
    if turns or any(_TURN.match(s.strip()) for s in lines):
        return profile, turns
    paragraphs = re.split(r"\n\s*\n", text)
    keep = [
        " ".join(p.split())
        for p in paragraphs
        if p.strip() and not re.match(r"^\s*(#|>|---|[-*]\s*\*\*)", p)
    ]
    return profile, keep


def _group(profile: Any) -> str:
    """A stakeholder group from a profile: « ancienne participante » → « participant ».

    >>> _group("Ancienne participante"), _group("bénévole"), _group(None)
    ('participant', 'bénévole', 'non précisé')
    """
    text = "" if profile is None else " ".join(str(profile).lower().split())
    text = re.sub(r"^(ancien(?:ne)?|ex-?|nouvel(?:le)?|nouveau)\s+", "", text)
    for fem, masc in (("ante", "ant"), ("trice", "teur"), ("ière", "ier"), ("euse", "eur")):
        text = re.sub(rf"{fem}\b", masc, text)
    return text or "non précisé"


def _free_text_columns(ws: Workspace) -> list[tuple[str, str, str, str | None, str | None]]:
    """``(table, file, column, person column, group column)`` of the clean tables' text
    columns (step 05's data dictionary), free text or not."""
    import pandas as pd

    from .clean_workspace import DICTIONARY_FILE

    path = ws.clean_data_dir / DICTIONARY_FILE
    if not path.is_file():
        return []
    d = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = []
    for table, cols in d.groupby("table", sort=False):
        kinds = dict(zip(cols["colonne"], cols["type"], strict=False))
        file = str(cols["fichier"].iloc[0])
        texts = [c for c, k in kinds.items() if k == "texte" and not c.endswith("_id")]
        person = next((c for c in ("personne_id", "id", "repondant") if c in kinds), None)
        group = next(
            (c for c in kinds if french.fold(c) in ("profil", "groupe", "categorie", "statut")),
            None,
        )
        out += [(table, file, c, person, group) for c in texts if c != person]
    return out


def qualitative_segments(ws: Workspace, *, names: KnownNames | None = None) -> pd.DataFrame:
    """Every segment to code, redacted: transcripts' turns and clean tables' free text.

    Columns: ``segment`` (« entretien_01-03 », « temoignages-T04 »), ``source`` (the file's
    role, or the table and column), ``type`` (« entretien » or « réponse écrite »),
    ``personne`` (who said it: the interview, or the row's pseudonymous id: the unit of the
    counts in people), ``groupe`` (stakeholder group, from the transcript's « Catégorie »
    or the table's « profil »), ``texte`` (redacted: names, phones, e-mails, addresses
    replaced by « [nom retiré] »…).
    """
    import pandas as pd

    from .privacy import looks_like_free_text
    from .spreadsheet import restore_formulas

    names = workspace_names(ws) if names is None else names
    rows = []
    for role, path in _transcripts(ws):
        profile, turns = parse_transcript(path.read_text(encoding="utf-8", errors="replace"))
        for k, turn in enumerate(turns, start=1):
            rows.append(
                {
                    "segment": f"{role}-{k:02d}",
                    "source": role,
                    "type": "entretien",
                    "personne": role,
                    "groupe": _group(profile),
                    "texte": redact_segment(turn, names),
                }
            )
    free = _free_text_columns(ws)
    several = {t: sum(f[0] == t for f in free) > 1 for t, *_ in free}
    for table, file, col, person, group in free:
        path = ws.clean_data_dir / file
        head = pd.read_csv(path, usecols=[col], dtype=str, keep_default_na=False, nrows=2000)
        head = head[col][head[col].str.strip() != ""]
        if head.empty or not looks_like_free_text(head.tolist()):
            continue  # codes, labels, names of products: read the first rows only
        wanted = list(dict.fromkeys(c for c in (col, person, group) if c))
        frame = restore_formulas(
            pd.read_csv(path, usecols=wanted, dtype=str, keep_default_na=False)
        )
        values = frame[col][frame[col].str.strip() != ""]
        ids = frame.loc[values.index, person] if person else None
        for i, text in values.items():
            who = ids[i] if ids is not None else str(i + 1)
            rows.append(
                {
                    "segment": f"{table}-{who}" + (f"-{col}" if several[table] else ""),
                    "source": f"{table} ({col})",
                    "type": "réponse écrite",
                    "personne": f"{table}-{who}",
                    "groupe": _group(frame.at[i, group]) if group else "non précisé",
                    "texte": redact_segment(text, names),
                }
            )
    columns = ["segment", "source", "type", "personne", "groupe", "texte"]
    out = pd.DataFrame(rows, columns=columns)
    out["segment"] = _unique(out["segment"])
    return out


_NAME_CUE = re.compile(
    r"(?P<cue>\b(?:[Dd]emandez à|[Pp]arlé à|[Mm]erci à|[Ii]l y avait|[Cc]'est|[Ss]igné\s*:)"
    r"\s+)(?P<name>[A-ZÉÈÎ][a-zéèêëïîôç]+(?:-[A-ZÉ][a-zéèêëïîôç]+)?)(?P<initial>\s+[A-Z]\.)?"
    r"(?=[\s,.;:!?)]|$)"
)
_NOT_NAMES = frozenset({"Alors", "Bon", "Vrai", "Comme", "Pas", "Ça", "Sûr", "Noël", "France"})


def redact_segment(text: str, names: KnownNames | None) -> str:
    """A segment with its identifiers replaced: :func:`sizeup_helpers.privacy.redact_text`
    in free-text mode, then a capitalised word that speech introduces as a person
    (« demandez à Irina », « merci à Léo B. », « il y avait Marc ») even when no list knows
    the name.

    >>> redact_segment("Demandez à Irina, elle était là. Merci à Zoé K..", None)
    'Demandez à [nom retiré], elle était là. Merci à [nom retiré].'
    """
    from .privacy import redact_text

    text = redact_text(text, names=names, free_text=True)[0]

    def one(m: re.Match[str]) -> str:
        if m["name"] in _NOT_NAMES:
            return m.group(0)
        return f"{m['cue']}[nom retiré]"

    text = _NAME_CUE.sub(one, text)
    return re.sub(r"(\[nom retiré\])\s+[A-Z]\.", r"\1", text)


def _unique(ids: pd.Series) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for s in ids:
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 else f"{s}-{seen[s]}")
    return out


def explain_segments(segments: pd.DataFrame) -> Reading:
    """What there is to code: segments by kind, people, groups (redacted text, never shown)."""
    if segments.empty:
        return Reading.of(
            [
                "Aucun segment à coder : l'espace ne contient ni transcription d'entretien "
                f"(dans donnees-brutes/{TRANSCRIPT_FOLDER}/, fichiers .md ou .txt) ni réponse "
                "écrite libre dans les tables propres de l'étape 05.",
                "- Transcrivez vos entretiens avec le guide du carnet 08, déposez-les dans ce "
                "dossier, déclarez-les dans structure.yml, puis exécutez de nouveau ce carnet.",
            ],
            title="Le matériau à coder",
        )
    interviews = segments[segments["type"] == "entretien"]
    written = segments[segments["type"] != "entretien"]
    lines = [
        f"Le matériau compte {french.plural(len(segments), 'segment', 'segments')} à coder : "
        + french.join_and(
            part
            for part in (
                f"{french.plural(len(interviews), 'tour de parole', 'tours de parole')} de "
                f"{french.plural(interviews['personne'].nunique(), 'entretien', 'entretiens')}"
                if len(interviews)
                else "",
                f"{french.plural(len(written), 'réponse écrite', 'réponses écrites')} "
                f"({french.join_and(sorted(written['source'].unique()))})"
                if len(written)
                else "",
            )
            if part
        )
        + ".",
        "- Groupes de parties prenantes : "
        f"{french.quoted_list(sorted(segments['groupe'].unique()))}.",
        "- Chaque texte est déjà expurgé : noms, téléphones, courriels et adresses sont "
        "remplacés par « [nom retiré] », « [téléphone retiré] »… avant tout affichage.",
    ]
    table = (
        segments.groupby(["type", "groupe"], sort=True)
        .agg(segments=("segment", "size"), personnes=("personne", "nunique"))
        .reset_index()
    )
    return Reading.of(lines, title="Le matériau à coder", table=table)


# --------------------------------------------------------------------------------------
# Suggestions
# --------------------------------------------------------------------------------------
_SUFFIXES = ("ements", "ement", "ations", "ation", "ees", "ee", "es", "e", "s")


def _stem(word: str) -> str:
    """A light French stem of a folded word: « isolement », « isolé » → « isol »."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _words(text: Any) -> list[str]:
    return [
        _stem(w)
        for w in re.findall(r"[a-z]+", french.fold(text))
        if len(w) >= 4 and w not in _STOPWORDS
    ]


def _quotes(text: Any) -> list[str]:
    return re.findall(r"«\s*([^»]+?)\s*»", str(text))


def code_keywords(codebook: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Each code's terms and their weights, from its codebook row.

    Stems of the label's words weigh :data:`LABEL_WEIGHT`; phrases of a ``mots_cles``
    column (separated by « ; » or « , »; :data:`COMMON_KEYWORDS` for step 08's common
    codes when it is empty) weigh :data:`KEYWORD_WEIGHT`; other words of the definition and
    the inclusion examples :data:`TEXT_WEIGHT`; words quoted in the exclusion examples
    :data:`EXCLUDE_WEIGHT` (they lower the score). A term keeps its highest weight.
    """
    out: dict[str, dict[str, int]] = {}
    for _, row in codebook.iterrows():
        code = str(row["code"]).strip()
        if not code:
            continue
        terms: dict[str, int] = {}
        for w in _words(" ".join([str(row.get("definition", "")), str(row.get("inclure", ""))])):
            terms[w] = TEXT_WEIGHT
        for w in _words(row.get("libelle", "")):
            terms[w] = LABEL_WEIGHT
        given = [k.strip() for k in re.split(r"[;,]", str(row.get("mots_cles", "") or ""))]
        for k in [k for k in given if k] or COMMON_KEYWORDS.get(code, []):
            terms[french.fold(k)] = KEYWORD_WEIGHT
        for w in _words(" ".join(_quotes(row.get("exclure", "")))):
            terms.setdefault(w, EXCLUDE_WEIGHT)
        out[code] = terms
    return out


def _term_pattern(term: str) -> re.Pattern[str]:
    if " " in term or "'" in term or len(term) < 4:
        return re.compile(rf"(?<![a-z]){re.escape(term)}")
    return re.compile(rf"\b{re.escape(term)}")


def suggest_codes(
    segments: pd.DataFrame, codebook: pd.DataFrame, *, min_score: int = MIN_SCORE
) -> pd.DataFrame:
    """Suggested codes and direction for each segment: suggestions, never a decision.

    A term of a code (:func:`code_keywords`) found in the folded text adds its weight to
    the code's score; a code is suggested when its score reaches ``min_score``, one of its
    matches is a label word or a keyword (a definition word alone never suffices), and it
    scores at least half the best code of the segment. The direction is « contre » when a
    cue of criticism or of a change not reached occurs (:data:`CONTRARY_CUES`) or the code is
    a negative effect, « pour » otherwise.

    Returns
    -------
    pandas.DataFrame
        ``segments`` with ``codes_suggeres`` (codes joined by « ; », best first, maybe
        empty), ``score`` (the best score) and ``sens_suggere``.
    """
    keywords = code_keywords(codebook)
    negative = {
        str(c)
        for c, fam in zip(
            codebook["code"], codebook.get("famille", [""] * len(codebook)), strict=False
        )
        if "negati" in french.fold(fam)
    }
    patterns = {
        code: [(_term_pattern(t), w) for t, w in terms.items()] for code, terms in keywords.items()
    }
    cues = [_term_pattern(french.fold(c)) for c in CONTRARY_CUES]
    suggested, scores, directions = [], [], []
    for text in segments["texte"].astype(str):
        folded = french.fold(text)
        found = {}
        for code, pats in patterns.items():
            hits = [w for p, w in pats if p.search(folded)]
            score = sum(hits)
            if score >= min_score and any(w >= LABEL_WEIGHT for w in hits):
                found[code] = score
        best = max(found.values(), default=0)
        codes = sorted((c for c, s in found.items() if 2 * s > best), key=lambda c: -found[c])
        suggested.append(SEPARATOR.join(codes))
        scores.append(best)
        against = any(p.search(folded) for p in cues) or bool(negative & set(codes))
        directions.append("contre" if against else ("pour" if codes else ""))
    out = segments.copy()
    out["codes_suggeres"] = suggested
    out["score"] = scores
    out["sens_suggere"] = directions
    return out


# --------------------------------------------------------------------------------------
# The coding table: suggestions a person confirms
# --------------------------------------------------------------------------------------
def _coding_path(ws: Workspace) -> Path:
    return ws.step_dir(STEP, create=False) / CODING_FILE


def _split(value: Any) -> list[str]:
    return [c.strip() for c in re.split(r"[;,]", str(value or "")) if c.strip()]


def load_coding(path: str | Path, codebook: pd.DataFrame) -> pd.DataFrame:
    """``codage.csv`` as the participant edited it, checked against the codebook.

    Raises
    ------
    QualitativeError
        In French, naming the file, the line and the column: a column missing, a
        confirmation other than « oui », « non », « à revoir » or empty, a direction other
        than « pour » or « contre », a retained code that is not in the codebook.
    """
    import pandas as pd

    from .spreadsheet import restore_formulas

    path = Path(path)
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=None, engine="python"
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise QualitativeError(f"{path} : fichier de codage illisible ({exc}).") from exc
    frame = restore_formulas(frame)
    missing = [c for c in ("segment", "confirme", "code_retenu") if c not in frame.columns]
    if missing:
        raise QualitativeError(
            f"{path} : {french.plural(len(missing), 'colonne manque', 'colonnes manquent')} "
            f"({french.quoted_list(missing)}) ; gardez les en-têtes du fichier produit."
        )
    for col in CODING_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    known = set(codebook["code"].astype(str))
    for i, row in frame.iterrows():
        line = int(i) + 2
        confirm = french.fold(row["confirme"]).strip()
        if confirm not in ("", "oui", "non", "a revoir"):
            raise QualitativeError(
                f"{path}, ligne {line}, colonne « confirme » : « {row['confirme']} » n'est pas "
                "une réponse attendue (oui, non, à revoir, ou vide)."
            )
        frame.at[i, "confirme"] = {"a revoir": "à revoir"}.get(confirm, confirm)
        for code in _split(row["code_retenu"]):
            if code not in known:
                raise QualitativeError(
                    f"{path}, ligne {line}, colonne « code_retenu » : le code « {code} » "
                    f"n'est pas dans la grille de codage ({french.quoted_list(sorted(known))}) ; "
                    "ajoutez-le d'abord à grille-de-codage.csv (carnet 08) s'il est nouveau."
                )
        sens = french.fold(row["sens"]).strip()
        if sens not in ("", *DIRECTIONS):
            raise QualitativeError(
                f"{path}, ligne {line}, colonne « sens » : « {row['sens']} » n'est pas "
                "« pour » ou « contre »."
            )
        frame.at[i, "sens"] = sens
    return frame[CODING_COLUMNS]


@dataclass(frozen=True)
class Coding:
    """The coding a notebook uses: suggestions and what a person confirmed."""

    table: pd.DataFrame
    """One row per segment, :data:`CODING_COLUMNS` plus ``type``, ``codes`` (the codes
    used in the figures, as a list), ``direction`` and ``confirmed``."""
    codebook: pd.DataFrame
    path: Path
    from_file: bool

    @property
    def confirmed(self) -> int:
        """Segments a person confirmed (« oui » or « non »)."""
        return int(self.table["confirmed"].sum())

    @property
    def uses_suggestions(self) -> bool:
        """Whether some figures rest on suggestions nobody has confirmed yet."""
        pending = (~self.table["confirmed"]) & (self.table["confirme"] != "à revoir")
        return bool((pending & (self.table["codes"].map(len) > 0)).any())

    @property
    def message(self) -> str:
        """A French sentence saying where the coding comes from."""
        if self.from_file and not self.confirmed:
            return (
                f"Codage relu dans {self.path.name}, sans confirmation pour l'instant : "
                "ouvrez-le dans un tableur (ou utilisez le formulaire), remplissez « confirme » "
                "(oui, non, à revoir) et « code_retenu », puis exécutez de nouveau le carnet."
            )
        if self.from_file:
            return (
                f"Codage relu dans {self.path.name}, avec vos confirmations : "
                f"{french.plural(self.confirmed, 'segment confirmé', 'segments confirmés')} "
                f"sur {french.integer(len(self.table))}."
            )
        return (
            f"Suggestions enregistrées dans {self.path.name} : ouvrez-le dans un tableur, "
            "remplissez « confirme » (oui, non, à revoir) et « code_retenu », puis exécutez "
            "de nouveau le carnet."
        )


def _merge(suggested: pd.DataFrame, edited: pd.DataFrame | None) -> pd.DataFrame:
    """The suggestions with the participant's columns of ``edited`` (matched by segment)."""
    out = suggested.copy()
    for col in ("confirme", "code_retenu", "sens", "note"):
        out[col] = ""
    if edited is not None and not edited.empty:
        by_id = edited.set_index("segment")
        by_id = by_id[~by_id.index.duplicated()]
        known = out["segment"].isin(by_id.index)
        for col in ("confirme", "code_retenu", "sens", "note"):
            out.loc[known, col] = out.loc[known, "segment"].map(by_id[col]).fillna("").to_numpy()
    return out


def _decide(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    codes, direction, confirmed = [], [], []
    for _, r in out.iterrows():
        retained = _split(r["code_retenu"])
        if r["confirme"] == "oui":
            used = retained or _split(r["codes_suggeres"])
        elif r["confirme"] == "non":
            used = retained
        elif r["confirme"] == "à revoir":
            used = []
        else:
            used = _split(r["codes_suggeres"])
        codes.append(used)
        direction.append(r["sens"] or r["sens_suggere"] or ("pour" if used else ""))
        confirmed.append(r["confirme"] in ("oui", "non"))
    out["codes"] = codes
    out["direction"] = direction
    out["confirmed"] = confirmed
    return out


def resolve_coding(
    ws: Workspace,
    *,
    segments: pd.DataFrame | None = None,
    codebook: pd.DataFrame | None = None,
    use_saved: bool = True,
) -> Coding:
    """The coding to use: the suggestions, with what the participant confirmed in
    ``codage.csv`` (their edits win, matched by segment) unless ``use_saved=False``.

    The file is written when it does not exist, or when new segments appear (their rows
    added, every confirmation kept); an edited file is otherwise only read. As with
    :func:`sizeup_helpers.interview_guide.resolve_interview_guide`, deleting the file (or
    ``use_saved=False``) starts again from the suggestions.

    Raises
    ------
    InterviewGuideError
        When step 08's codebook is missing.
    QualitativeError
        When the edited file holds an unknown code or an unexpected value.
    """
    from .interview_guide import load_codebook

    codebook = load_codebook(ws) if codebook is None else codebook
    segments = qualitative_segments(ws) if segments is None else segments
    suggested = suggest_codes(segments, codebook)
    path = _coding_path(ws)
    edited = load_coding(path, codebook) if use_saved and path.is_file() else None
    merged = _merge(suggested, edited)
    new = edited is None or not merged["segment"].isin(edited["segment"]).all()
    if new:
        ws.write_csv(ws.step_dir(STEP) / CODING_FILE, merged[CODING_COLUMNS], bom=True)
    return Coding(_decide(merged), codebook, path, edited is not None)


def save_coding_decision(
    ws: Workspace,
    segment: str,
    *,
    confirm: str,
    codes: list[str] | tuple[str, ...] = (),
    direction: str = "",
    note: str = "",
) -> Path:
    """Record one decision in ``codage.csv``: what the coding form and a spreadsheet do.

    Raises
    ------
    QualitativeError
        When ``codage.csv`` does not exist yet (run the notebook first), the segment is not
        in it, or a value is not one of the expected ones.
    """
    from .interview_guide import load_codebook

    path = _coding_path(ws)
    if not path.is_file():
        raise QualitativeError(
            f"{path} : fichier introuvable. Exécutez d'abord la cellule qui prépare le codage."
        )
    codebook = load_codebook(ws)
    table = load_coding(path, codebook)
    if confirm not in CONFIRMATIONS:
        raise QualitativeError(f"Confirmation « {confirm} » : répondez oui, non ou à revoir.")
    if direction not in ("", *DIRECTIONS):
        raise QualitativeError(f"Sens « {direction} » : choisissez pour ou contre.")
    unknown = [c for c in codes if c not in set(codebook["code"].astype(str))]
    if unknown:
        raise QualitativeError(f"Code inconnu de la grille de codage : « {unknown[0]} ».")
    at = table.index[table["segment"] == segment]
    if not len(at):
        raise QualitativeError(f"{path} : le segment « {segment} » n'y figure pas.")
    table.loc[at, ["confirme", "code_retenu", "sens", "note"]] = [
        confirm,
        SEPARATOR.join(codes),
        direction,
        note,
    ]
    return ws.write_csv(path, table, bom=True)


def explain_coding(coding: Coding) -> Reading:
    """Where the codes come from: how many segments are confirmed, and what that means."""
    t = coding.table
    n = len(t)
    if not n:
        return Reading.of(
            ["Rien à coder pour l'instant : aucun segment."], title="Le codage", table=None
        )
    coded = int((t["codes"].map(len) > 0).sum())
    review = int((t["confirme"] == "à revoir").sum())
    lines = [
        f"Sur {french.plural(n, 'segment', 'segments')}, "
        f"{french.plural(coded, 'porte', 'portent')} au moins un code et "
        f"{french.plural(coding.confirmed, 'a été confirmé', 'ont été confirmés')} par une "
        "personne"
        + (f" ; {french.plural(review, 'reste', 'restent')} à revoir" if review else "")
        + ".",
        "- **Attention : les chiffres ci-dessous reposent sur des SUGGESTIONS non encore "
        "confirmées.** Le repérage par mots ne comprend ni l'ironie, ni la négation, ni ce qui "
        f"est dit avec d'autres mots : relisez {CODING_FILE}, confirmez ou corrigez chaque "
        "ligne, puis exécutez de nouveau le carnet."
        if coding.uses_suggestions
        else "- Tous les segments codés ont été relus et confirmés : les chiffres reposent sur "
        "votre codage.",
        "- " + coding.message,
    ]
    return Reading.of(lines, title="Le codage", table=None)


# --------------------------------------------------------------------------------------
# Themes, co-occurrences, quotes, contrary evidence
# --------------------------------------------------------------------------------------
def _long(coding: Coding) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "segment": r["segment"],
            "personne": r["personne"],
            "groupe": r["groupe"],
            "type": r["type"],
            "code": c,
            "direction": r["direction"],
        }
        for _, r in coding.table.iterrows()
        for c in r["codes"]
    ]
    return pd.DataFrame(
        rows, columns=["segment", "personne", "groupe", "type", "code", "direction"]
    )


AGE = re.compile(r"\b\d{1,2}\s?ans\b")
ROLE_WORDS = (
    "maire",
    "directeur",
    "directrice",
    "président",
    "présidente",
    "responsable",
    "chargé de mission",
    "chargée de mission",
    "coordinateur",
    "coordinatrice",
    "principal",
    "principale",
    "proviseur",
    "professeur",
    "cpe",
    "assistante sociale",
    "assistant social",
    "éducateur",
    "éducatrice",
    "aide-soignante",
    "aide-soignant",
    "gendarme",
    "médecin",
    "infirmière",
    "infirmier",
    "boulangère",
    "boulanger",
    "épicière",
    "épicier",
    "chauffeur",
)
_PLACE = re.compile(
    r"\b(?:à|au|aux|de|du|en|sur|près de)\s+(?:la\s+|le\s+|l')?"
    r"([A-ZÉÈÀ][\w'’-]+(?:[ -](?:sur|sous|en|le|la|les|de|du)?[ -]?[A-ZÉ][\w'’-]+)*)"
)
_NOT_PLACES = {"France", "Travail", "Facebook", "Internet", "Noël", "Toussaint", "Pôle"}


def reidentification_risk(text: str) -> list[str]:
    """Why a quote could let someone be recognised in a small structure, maybe nothing.

    An age (« 47 ans »), a job or a function (« la directrice », « aide-soignante ») or a
    named place (« à Saint-Yrieix ») may single a person out where few people take part
    (CNIL, « l'anonymisation des données personnelles »: individualisation, inference).

    >>> reidentification_risk("J'ai 47 ans, j'étais aide-soignante à Bellac.")
    ['âge', 'métier ou fonction', 'lieu nommé']
    >>> reidentification_risk("Les ateliers m'ont redonné confiance.")
    []
    """
    folded = french.fold(text)
    out = []
    if AGE.search(text):
        out.append("âge")
    if any(re.search(rf"\b{re.escape(french.fold(w))}\b", folded) for w in ROLE_WORDS):
        out.append("métier ou fonction")
    places = [m.group(1) for m in _PLACE.finditer(text)]
    if any(p.split()[0] not in _NOT_PLACES and not p.startswith("[") for p in places):
        out.append("lieu nommé")
    return out


@dataclass
class QualitativeAnalysis:
    """Step 10's results: themes, co-occurrences, quotes, contrary evidence, triangulation."""

    coding: Coding
    themes: pd.DataFrame
    """One row per code: segments, people (distinct speakers), interviews, written
    answers, segments « contre », and whether the counts rest on suggestions."""
    groups: pd.DataFrame
    """People per code and stakeholder group (unit: people, never a prevalence)."""
    cooccurrence: pd.DataFrame
    """Pairs of codes found together: in one segment, and in one person's words."""
    quotes: pd.DataFrame
    """Selected redacted quotes per outcome, with their re-identification risk."""
    contrary: pd.DataFrame
    """Segments « contre » or coded as negative effects: contrary evidence, kept."""
    triangulation: pd.DataFrame | None = None
    outcomes: dict[str, str] = field(default_factory=dict)


def analyse_coding(coding: Coding, *, quotes_per_outcome: int = 2) -> QualitativeAnalysis:
    """Theme frequencies, co-occurrences, quotes and contrary evidence from a coding.

    Counts are given in segments and in people (a person speaks about a theme once or ten
    times: people are the unit that reads), and in interviews for transcripts. Quotes are
    taken among segments coded with an outcome's code, confirmed first, without
    re-identification risk first, one per person, from 60 to 400 characters; a quote with
    a risk stays flagged (« à vérifier »).
    """
    import pandas as pd

    cb = coding.codebook
    labels = dict(
        zip(cb["code"].astype(str), cb.get("libelle", cb["code"]).astype(str), strict=False)
    )
    outcome_of = {
        str(c): str(e)
        for c, e in zip(cb["code"], cb.get("effet", [""] * len(cb)), strict=False)
        if str(e)
    }
    long = _long(coding)
    suggested = coding.uses_suggestions
    rows = []
    for code in cb["code"].astype(str):
        part = long[long["code"] == code]
        rows.append(
            {
                "code": code,
                "libelle": labels.get(code, code),
                "effet": outcome_of.get(code, ""),
                "segments": len(part),
                "personnes": part["personne"].nunique(),
                "entretiens": part.loc[part["type"] == "entretien", "personne"].nunique(),
                "reponses_ecrites": part.loc[part["type"] != "entretien", "personne"].nunique(),
                "segments_contre": int((part["direction"] == "contre").sum()),
                "suggestions": "oui" if suggested else "non",
            }
        )
    themes = pd.DataFrame(rows)
    groups = (
        long.groupby(["code", "groupe"])["personne"].nunique().rename("personnes").reset_index()
        if len(long)
        else pd.DataFrame(columns=["code", "groupe", "personnes"])
    )
    pairs: dict[tuple[str, str], list[int]] = {}
    for key, unit in (("segment", 0), ("personne", 1)):
        for _, codes in long.groupby(key)["code"]:
            unique = sorted(set(codes))
            for i, a in enumerate(unique):
                for b in unique[i + 1 :]:
                    pairs.setdefault((a, b), [0, 0])[unit] += 1
    cooc = pd.DataFrame(
        [
            {"code_a": a, "code_b": b, "segments": s, "personnes": p}
            for (a, b), (s, p) in pairs.items()
        ],
        columns=["code_a", "code_b", "segments", "personnes"],
    ).sort_values(["personnes", "segments"], ascending=False, ignore_index=True)
    t = coding.table
    quote_rows = []
    for code, outcome in outcome_of.items():
        cands = t[t["codes"].map(lambda cs, c=code: c in cs)].copy()
        if cands.empty:
            continue
        cands["risque"] = cands["texte"].map(lambda s: ", ".join(reidentification_risk(s)))
        cands["longueur"] = cands["texte"].str.len()
        cands = cands[(cands["longueur"] >= 60) & (cands["longueur"] <= 400)]
        cands = cands.assign(
            _rank=(~cands["confirmed"]).astype(int) * 2 + (cands["risque"] != "").astype(int)
        ).sort_values(["_rank", "score", "segment"], ascending=[True, False, True])
        picked = cands.drop_duplicates("personne")
        chosen = pd.concat(
            [
                picked[picked["direction"] != "contre"].head(quotes_per_outcome),
                picked[picked["direction"] == "contre"].head(1),
            ]
        )
        for _, r in chosen.iterrows():
            quote_rows.append(
                {
                    "effet": outcome,
                    "code": code,
                    "segment": r["segment"],
                    "groupe": r["groupe"],
                    "sens": r["direction"],
                    "citation": r["texte"],
                    "risque_reidentification": r["risque"],
                    "a_verifier": "oui" if r["risque"] else "non",
                    "confirme": "oui" if r["confirmed"] else "non (suggestion)",
                }
            )
    quotes = pd.DataFrame(
        quote_rows,
        columns=[
            "effet",
            "code",
            "segment",
            "groupe",
            "sens",
            "citation",
            "risque_reidentification",
            "a_verifier",
            "confirme",
        ],
    )
    negative = {
        str(c)
        for c, fam in zip(cb["code"], cb.get("famille", [""] * len(cb)), strict=False)
        if "negati" in french.fold(fam)
    }
    against = t[(t["direction"] == "contre") | t["codes"].map(lambda cs: bool(negative & set(cs)))]
    contrary = pd.DataFrame(
        {
            "segment": against["segment"],
            "groupe": against["groupe"],
            "codes": against["codes"].map(SEPARATOR.join),
            "effets": against["codes"].map(
                lambda cs: SEPARATOR.join(
                    dict.fromkeys(outcome_of[c] for c in cs if c in outcome_of)
                )
            ),
            "texte": against["texte"],
            "confirme": against["confirmed"].map({True: "oui", False: "non (suggestion)"}),
        }
    ).reset_index(drop=True)
    outcomes = {outcome_of[c]: labels.get(c, c) for c in cb["code"].astype(str) if c in outcome_of}
    return QualitativeAnalysis(coding, themes, groups, cooc, quotes, contrary, None, outcomes)


def explain_themes(analysis: QualitativeAnalysis) -> Reading:
    """Theme frequencies in words, with their unit, and why they are not prevalence."""
    th = analysis.themes
    heard = th[th["segments"] > 0].sort_values(["personnes", "segments"], ascending=False)
    total_people = analysis.coding.table["personne"].nunique()
    if heard.empty:
        return Reading.of(
            [
                "Aucun thème n'est encore repéré : "
                + (
                    "aucun segment à coder."
                    if not len(analysis.coding.table)
                    else "aucun segment ne porte de code (ajoutez des mots-clés à la grille, "
                    "colonne « mots_cles », ou codez à la main dans le fichier de codage)."
                )
            ],
            title="Les thèmes",
            table=th,
        )
    top = heard.iloc[0]
    silent = th[(th["segments"] == 0) & (th["effet"] != "")]
    lines = [
        f"Le thème le plus présent est « {top['libelle']} » : "
        f"{french.plural(int(top['personnes']), 'personne', 'personnes')} sur "
        f"{french.integer(total_people)} "
        f"({french.plural(int(top['segments']), 'segment', 'segments')}) en "
        f"{french.agree(int(top['personnes']), 'parle', 'parlent')}.",
        f"- {french.plural(len(heard), 'code est utilisé', 'codes sont utilisés')} sur "
        f"{french.integer(len(th))}."
        + (
            f" Aucun passage ne porte sur {french.quoted_list(silent['libelle'])} : "
            "un effet dont personne ne parle mérite une question de plus au prochain entretien."
            if len(silent)
            else ""
        ),
        "- **Un nombre de personnes qui évoquent un thème n'est pas une fréquence dans la "
        "population** : les personnes interrogées ont été choisies (carnet 08), pas tirées au "
        "sort ; un thème cité par trois personnes sur huit dit qu'il existe, pas qu'il "
        "concerne 37 % des participants.",
    ]
    if analysis.coding.uses_suggestions:
        lines.append(
            "- Ces nombres reposent sur des suggestions non encore confirmées par une personne."
        )
    return Reading.of(lines, title="Les thèmes", table=th)


def explain_contrary_evidence(analysis: QualitativeAnalysis) -> Reading:
    """The contrary evidence: how much, about which outcomes, and why it stays."""
    c = analysis.contrary
    people = (
        analysis.coding.table.set_index("segment").loc[c["segment"], "personne"].nunique()
        if len(c)
        else 0
    )
    if c.empty:
        return Reading.of(
            [
                "Aucun passage ne contredit un effet ni ne décrit un effet négatif"
                + (" : il n'y a rien à coder." if not len(analysis.coding.table) else ".")
                + " C'est rare : relisez les réponses à la question sur les effets négatifs "
                "et inattendus du guide, une absence de critique peut venir de la façon de "
                "poser les questions."
            ],
            title="Les preuves contraires",
            table=c,
        )
    outcomes = sorted({e for v in c["effets"] for e in _split(v)})
    lines = [
        f"{french.plural(len(c), 'passage', 'passages')} de "
        f"{french.plural(people, 'personne', 'personnes')} "
        f"{french.agree(len(c), 'critique', 'critiquent')} l'action, "
        f"{french.agree(len(c), 'décrit', 'décrivent')} un effet négatif ou un effet "
        "non atteint"
        + (f" (effets concernés : {french.join_and(outcomes)})" if outcomes else "")
        + ".",
        "- Ils restent dans l'analyse et dans le rapport : une évaluation crédible montre "
        "aussi ce qui ne marche pas (CSESS 2011 : les conséquences « tant positives que "
        "négatives »).",
    ]
    return Reading.of(lines, title="Les preuves contraires", table=c)


def explain_quotes(analysis: QualitativeAnalysis) -> Reading:
    """The selected quotes: how many, and which must be checked before publishing."""
    q = analysis.quotes
    if q.empty:
        return Reading.of(
            ["Aucune citation à proposer : aucun segment codé avec un effet."],
            title="Les citations",
            table=q,
        )
    risky = q[q["a_verifier"] == "oui"]
    lines = [
        f"{french.plural(len(q), 'citation est proposée', 'citations sont proposées')} pour "
        f"{french.plural(q['effet'].nunique(), 'effet', 'effets')}, déjà expurgées.",
        (
            "- **"
            + french.plural(len(risky), "citation est à vérifier", "citations sont à vérifier")
            + f"** avant publication ({french.quoted_list(risky['segment'])}) : un âge, un "
            "métier ou un lieu suffit à reconnaître quelqu'un dans une petite structure ; "
            "retirez ou généralisez le détail (« une bénévole » plutôt que « la présidente »)."
        )
        if len(risky)
        else "- Aucune ne cite d'âge, de métier ni de lieu : relisez-les tout de même, vous "
        "connaissez mieux que l'outil ce qui permet de reconnaître quelqu'un.",
    ]
    return Reading.of(lines, title="Les citations", table=q)


# --------------------------------------------------------------------------------------
# Triangulation
# --------------------------------------------------------------------------------------
_FAVOURABLE = ("cible atteinte",)
_UNFAVOURABLE = ("en dessous de la cible", "au-dessus du plafond")


def _figure(value: Any) -> str:
    """« 43.26 » → « 43,3 »: a value of step 06's CSV in the French format."""
    try:
        number = round(float(str(value).replace(",", ".")), 1)
    except ValueError:
        return str(value)
    return french.integer(number) if number == int(number) else french.decimal(number)


def _quantitative(ws: Workspace) -> dict[str, tuple[str, str]]:
    """outcome → (direction, what was read), from step 06's values and step 09's file."""
    import pandas as pd

    from .errors import SizeUpError
    from .indicators import load_indicator_framework

    out: dict[str, tuple[str, str]] = {}
    try:
        table = load_indicator_framework(ws).indicators
    except SizeUpError:
        table = None
    if table is not None:
        effects = table[table["Niveau"] == "effet"]
        for outcome, rows in effects.groupby("Élément", sort=False):
            measured = rows[rows["Valeur"].astype(str) != ""]
            if measured.empty:
                continue
            statuses = [str(s) for s in measured["Statut"]]
            read = SEPARATOR.join(
                f"{r['Identifiant']} : {_figure(r['Valeur'])} {r['Unité']} ({r['Statut']})"
                for _, r in measured.iterrows()
            ).replace("  ", " ")
            fav = sum(s in _FAVOURABLE for s in statuses)
            unfav = sum(s in _UNFAVOURABLE for s in statuses)
            sens = "favorable" if fav > unfav else "défavorable" if unfav > fav else "sans cible"
            out[str(outcome)] = (sens, read)
    path = ws.step_dir("09", create=False) / STEP09_FILE
    if path.is_file():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if {"effet", "sens"} <= set(frame.columns):
            for _, r in frame.iterrows():
                sens = french.fold(r["sens"]).strip()
                sens = {"defavorable": "défavorable"}.get(sens, sens)
                before = out.get(str(r["effet"]), ("", ""))[1]
                read = SEPARATOR.join(x for x in (before, f"analyse 09 : {r['sens']}") if x)
                out[str(r["effet"])] = (sens, read)
    return out


def triangulate(analysis: QualitativeAnalysis, ws: Workspace) -> pd.DataFrame:
    """Each outcome's quantitative and qualitative evidence side by side.

    Rules (documented in the notebook): the quantitative side is « favorable » when more
    of the outcome's measured indicators reach their target than miss it (step 06's
    « Statut »), « défavorable » in the other case, « sans cible » when measured without a
    target, « manquante » when nothing is measured; step 09's :data:`STEP09_FILE`, when it
    exists, gives the direction instead. The qualitative side is « favorable » when more
    people speak for the outcome than against it, « défavorable » in the other case,
    « mitigée » when as many, « manquante » when nobody speaks of it. The evidence is
    **convergente** when both sides point the same way, **divergente** when they point
    opposite ways, **manquante** when one side is missing, **à discuter** otherwise
    (a measure without target, mixed words).
    """
    import pandas as pd

    quanti = _quantitative(ws)
    long = _long(analysis.coding)
    outcome_of = {
        str(c): str(e)
        for c, e in zip(
            analysis.coding.codebook["code"],
            analysis.coding.codebook.get("effet", [""] * len(analysis.coding.codebook)),
            strict=False,
        )
        if str(e)
    }
    long = long[long["code"].isin(outcome_of)]
    long = long.assign(effet=long["code"].map(outcome_of))
    rows = []
    for outcome, label in analysis.outcomes.items():
        part = long[long["effet"] == outcome]
        pro = part.loc[part["direction"] != "contre", "personne"].nunique()
        con = part.loc[part["direction"] == "contre", "personne"].nunique()
        quali = (
            "manquante"
            if not pro and not con
            else "favorable"
            if pro > con
            else "défavorable"
            if con > pro
            else "mitigée"
        )
        q_sens, q_read = quanti.get(outcome, ("manquante", ""))
        if "manquante" in (q_sens, quali):
            verdict = "manquante"
        elif q_sens == quali:
            verdict = "convergente"
        elif {q_sens, quali} == {"favorable", "défavorable"}:
            verdict = "divergente"
        else:
            verdict = "à discuter"
        rows.append(
            {
                "effet": outcome,
                "libelle": label,
                "indicateurs": q_read or "aucune valeur",
                "sens_quantitatif": q_sens,
                "personnes_pour": pro,
                "personnes_contre": con,
                "sens_qualitatif": quali,
                "concordance": verdict,
            }
        )
    columns = [
        "effet",
        "libelle",
        "indicateurs",
        "sens_quantitatif",
        "personnes_pour",
        "personnes_contre",
        "sens_qualitatif",
        "concordance",
    ]
    return pd.DataFrame(rows, columns=columns)


def explain_triangulation(triangulation: pd.DataFrame) -> Reading:
    """The triangulation table in words: convergent, divergent, missing evidence."""
    t = triangulation
    if t.empty:
        return Reading.of(
            [
                "Pas de triangulation possible : la grille de codage n'a aucun code d'effet "
                "(la théorie du changement n'a pas encore d'effet)."
            ],
            title="La triangulation",
            table=t,
        )
    counts = t["concordance"].value_counts()

    def named(kind: str) -> str:
        ids = t.loc[t["concordance"] == kind, "effet"]
        return f" ({french.join_and(ids)})" if len(ids) else ""

    lines = [
        f"Sur {french.plural(len(t), 'effet', 'effets')}, les preuves chiffrées et les "
        f"paroles {french.agree(int(counts.get('convergente', 0)), 'convergent', 'convergent')}"
        f" pour {french.integer(int(counts.get('convergente', 0)))}"
        f"{named('convergente')}, divergent pour "
        f"{french.integer(int(counts.get('divergente', 0)))}{named('divergente')} ; "
        f"l'une des deux manque pour {french.integer(int(counts.get('manquante', 0)))}"
        f"{named('manquante')}"
        + (
            f", et {french.integer(int(counts.get('à discuter', 0)))} reste à discuter"
            f"{named('à discuter')}"
            if counts.get("à discuter", 0)
            else ""
        )
        + ".",
        "- Une divergence n'est pas une erreur : elle dit où regarder (un indicateur mal "
        "choisi, un effet vécu que les chiffres ne voient pas, ou l'inverse).",
        "- Une preuve manquante dit quoi collecter : le questionnaire du carnet 07 pour les "
        "chiffres, les entretiens du carnet 08 pour les paroles.",
    ]
    return Reading.of(lines, title="La triangulation", table=t)


def save_qualitative_analysis(
    analysis: QualitativeAnalysis, ws: Workspace, *, chart: bool = True
) -> list[Path]:
    """Write step 10's deliverables (CSV, UTF-8 with BOM, formula-safe) and return them.

    ``themes-par-effet.csv``, ``themes-par-groupe.csv``, ``cooccurrences.csv``,
    ``citations.csv``, ``preuves-contraires.csv``, when computed ``triangulation.csv``,
    and with ``chart`` the bars of :func:`sizeup_helpers.plots.themes_chart` as
    ``themes-par-personne.png`` (its alternative text in the file's description);
    ``codage.csv`` is written by :func:`resolve_coding`.
    """
    folder = ws.step_dir(STEP)
    frames = [
        (THEMES_FILE, analysis.themes),
        (GROUPS_FILE, analysis.groups),
        (COOCCURRENCE_FILE, analysis.cooccurrence),
        (QUOTES_FILE, analysis.quotes),
        (CONTRARY_FILE, analysis.contrary),
    ]
    if analysis.triangulation is not None:
        frames.append((TRIANGULATION_FILE, analysis.triangulation))
    paths = [ws.write_csv(folder / name, frame, bom=True) for name, frame in frames]
    if chart:
        from .plots import save_figure, themes_chart

        fig = themes_chart(analysis.themes)
        paths.append(
            save_figure(
                fig,
                folder / CHART_FILE,
                title="Thèmes évoqués, en personnes",
                description=fig.get_label(),
            )
        )
    return paths

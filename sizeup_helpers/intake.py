"""From a folder of exports to a reviewed ``structure.yml``: ``sizeup init --depuis``.

A coach arrives with a structure's files: till exports, a KoboToolbox download, a
LibreOffice sheet, interview transcripts. :func:`intake_folder` creates the workspace,
**copies** every file of the source folder into ``donnees-brutes/`` (``shutil.copy2``:
same bytes, same dates; the source is only read, never moved nor changed), reads each
tabular file **once** (:func:`~sizeup_helpers.io.read_export_with_report`, one read per
sheet) and, from that single read, drafts one ``structure.yml`` entry per table:

- a **role** guessed from the file's (or sheet's) name and its columns (:func:`guess_role`):
  ``inscriptions``, ``presences``, ``questionnaire``, ``suivi``, ``sorties``, ``ventes``,
  ``salaries``, ``ateliers``, ``entretiens``… or ``a-preciser``; a KoboToolbox export
  (system columns ``_uuid``, ``_submission_time``, ``_index``…), a Google Forms,
  LimeSurvey or Framaforms export (:mod:`~sizeup_helpers.survey_tools`) is a questionnaire
  named by its tool in the entry's comment and description, a
  transcript (``.md``, ``.docx``, ``.odt``, ``.pdf``, a ``.txt`` of prose) is ``entretiens``;
  roles are made unique (``-2``, ``-3``…) since ``structure.yml`` requires it;
- **every sheet** of a workbook: one entry per sheet (``feuille:``) when the sheets hold
  different tables (a Kobo export's main sheet and its repeat group ``members``), one entry
  without ``feuille`` when they all share the same columns (monthly sheets, stacked by
  step 05);
- ``donnees_personnelles`` and ``donnees_sensibles`` from what the reading finds
  (:func:`~sizeup_helpers.privacy.detect_identifiers`,
  :func:`~sizeup_helpers.privacy.detect_sensitive`), and ``personnes:`` naming the columns
  that identify a person, which step 05 needs to count people once and link files (it does
  not guess them: without ``personnes`` it only pseudonymises each identifier column);
- a **comment line** above each entry saying in French what was guessed and why.

A file that cannot be read (damaged, password-protected, empty, another format) is copied
too, never declared, listed as a comment at the end of ``structure.yml`` with the reader's
French reason, and never stops the intake. The coach then reviews one file instead of
writing it, and runs ``sizeup check`` and ``sizeup run``.

Privacy by default (RGPD art. 25, « protection des données dès la conception et par
défaut »; CNIL, guide de la sécurité des données personnelles): a transcript is declared
with personal data until a person checks it, and no value of any file is written in
``structure.yml`` or in the reading, only column names.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import french
from .errors import SizeUpError, WorkspaceError
from .reading import Reading
from .survey_exports import FORM_ROLE  # the role of an XLSForm: a definition, no answers
from .workspace import (
    CONFIG_NAME,
    PLACEHOLDER_ROLE,
    RAW_FOLDER,
    atomic_path,
    create_workspace,
    is_ignored_raw_file,
    open_workspace,
)

__all__ = [
    "DETECTION_ROWS",
    "DETECTION_VALUES",
    "ENTRETIENS",
    "ROLE_HINTS",
    "SENSITIVE_VALUES",
    "IntakeEntry",
    "IntakeResult",
    "UnreadableFile",
    "detection_sample",
    "entries_yaml",
    "explain_intake",
    "guess_role",
    "intake_folder",
    "is_survey_export",
    "is_xlsform",
    "letters_only",
    "people_columns",
    "plural_ignored",
]

ENTRETIENS = "entretiens"
"""The role of an interview transcript (and of any text file of prose)."""


#: Rows read by the identifier and sensitive-data checks of each table (evenly spaced).
DETECTION_ROWS = 1_000
#: Non-empty values of each column read by the identifier check. Its rules are shares (half
#: the values look like e-mails…), which a hundred values decide as well as a thousand; the
#: guess is reviewed, and steps 04 and 05 check every column again on larger samples.
DETECTION_VALUES = 100
#: Values of each column read by the sensitive-data check (50 miss a rare « maladie » among
#: the exit situations of formation-batiment; 100 find it).
SENSITIVE_VALUES = 100

# A KoboToolbox / ODK export whose system columns were left out keeps its questions' group
# paths: ``group_pm0cj55.return_ven`` (Kobo's generated group names) or ``profile/age``.
_FORM_GROUP_PATH = re.compile(r"^group_[a-z0-9]{4,}[./]", re.IGNORECASE)

#: ``role: (words of a file or sheet name, words of column names)``, in order of priority.
#: Words are folded (no accents, lower case); a word matches a name's word that starts
#: with it (``inscri`` matches ``inscriptions``, ``inscrits``).
ROLE_HINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "questionnaire": (
        ("questionnaire", "enquete", "sondage", "survey", "kobo", "quiz", "reponses", "formulaire"),
        ("satisfaction", "t0", "t1", "t2", "note", "score", "reponse"),
    ),
    "presences": (
        ("presence", "emargement", "assiduite", "pointage", "feuille_presence"),
        ("present", "presence", "absent", "absence", "emargement", "excuse"),
    ),
    "inscriptions": (
        ("inscri", "registre", "adherent", "beneficiaire", "stagiaire", "participant", "membre"),
        (
            "inscription",
            "date_inscription",
            "date_adhesion",
            "adhesion",
            "orientation",
            "prescripteur",
        ),
    ),
    "sorties": (
        ("sortie", "sortant", "devenir"),
        ("date_sortie", "motif_sortie", "situation_sortie", "sortie"),
    ),
    "suivi": (
        ("suivi", "situation", "accompagnement", "parcours", "rdv", "rendez"),
        ("situation", "date_suivi", "rdv", "rendez_vous", "entretien_suivi", "referent"),
    ),
    "ventes": (
        ("vente", "caisse", "ticket", "facture", "commande", "chiffre"),
        ("montant", "prix", "ttc", "ht", "quantite", "ticket", "article", "panier", "tva"),
    ),
    "salaries": (
        ("salarie", "personnel", "paie", "effectif", "rh", "contrat"),
        ("date_embauche", "embauche", "contrat", "salaire", "poste", "type_contrat", "etp"),
    ),
    "benevoles": (("benevole", "volontaire"), ("benevole", "heures_benevolat")),
    "ateliers": (
        ("atelier", "seance", "session", "animation", "evenement", "activite", "planning"),
        ("date_atelier", "lieu", "places", "animateur", "intervenant", "theme"),
    ),
    ENTRETIENS: (
        ("entretien", "temoignage", "verbatim", "transcription", "interview", "focus"),
        ("verbatim", "temoignage", "citation", "transcription"),
    ),
}

_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # what a YAML file allows
)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IntakeEntry:
    """One entry drafted for ``structure.yml``: a table (or a sheet) or a transcript.

    Attributes
    ----------
    path
        Path relative to the workspace (``donnees-brutes/…``).
    role
        The role, unique in the workspace (``a-preciser`` when nothing told it).
    sheet
        The sheet of a workbook whose sheets hold different tables, else ``None``.
    personal, sensitive
        ``donnees_personnelles`` and ``donnees_sensibles`` as declared.
    people
        ``personnes:`` as declared (``{kind: column}``), or ``None``.
    why
        The French comment written above the entry.
    description
        What was read (rows × columns, format), as the entry's description.
    identifiers
        ``(column, French label)`` of each direct identifier found.
    sensitive_columns
        ``(column, category)`` of each sensitive column found.
    """

    path: str
    role: str
    sheet: str | None = None
    personal: bool = False
    sensitive: bool = False
    people: dict[str, str] | None = None
    why: str = ""
    description: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
    sensitive_columns: tuple[tuple[str, str], ...] = ()

    @property
    def guessed(self) -> bool:
        """Whether a role was found (not ``a-preciser``)."""
        return not self.role.startswith(PLACEHOLDER_ROLE)

    def to_config(self) -> dict[str, Any]:
        """The entry as ``structure.yml`` holds it (keys in the documented order)."""
        entry: dict[str, Any] = {"chemin": self.path}
        if self.sheet is not None:
            entry["feuille"] = self.sheet
        entry["role"] = self.role
        entry["description"] = self.description
        entry["donnees_personnelles"] = self.personal
        if self.sensitive:
            entry["donnees_sensibles"] = True
        if self.people:
            entry["personnes"] = dict(self.people)
        return entry


@dataclass(frozen=True)
class UnreadableFile:
    """A copied file that was not declared, and why (the reader's French message)."""

    path: str
    reason: str


@dataclass
class IntakeResult:
    """What :func:`intake_folder` did; read it with :func:`explain_intake`.

    Attributes
    ----------
    root
        The workspace folder created.
    name
        The structure's name.
    source
        The folder the files were copied from (never written).
    copied
        Paths (relative to the workspace) of every file copied, in order.
    entries
        The entries declared in ``structure.yml``.
    unreadable
        Files copied but not declared, with the reason.
    skipped
        Files of the source left aside (hidden files, Excel or LibreOffice locks), relative
        to the source.
    """

    root: Path
    name: str
    source: Path
    copied: list[str] = field(default_factory=list)
    entries: list[IntakeEntry] = field(default_factory=list)
    unreadable: list[UnreadableFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def to_review(self) -> list[IntakeEntry]:
        """Entries a person must look at first: role not found, or personal data found."""
        return [e for e in self.entries if not e.guessed or e.personal or e.sensitive]

    def reading(self) -> Reading:
        return explain_intake(self)

    def to_text(self) -> str:
        return self.reading().to_text()

    def to_frame(self):
        return self.reading().to_frame()

    def _repr_markdown_(self) -> str:
        return self.reading().to_markdown()


# --------------------------------------------------------------------------------------
# Guessing a role
# --------------------------------------------------------------------------------------
def _words(text: Any) -> list[str]:
    return [w for w in french.fold_key(text, sep="_").split("_") if w]


def _name_hits(words: Sequence[str], hints: Iterable[str]) -> list[str]:
    """Words of a name that match a hint: a hint matches a word that starts with it (or,
    when the hint holds ``_``, the same words in a row); a hint of 2 letters must match a
    whole word. Returns the matching words (or word groups), in order."""
    joined = "_" + "_".join(words) + "_"
    hits: list[str] = []
    for hint in hints:
        if "_" in hint:
            found = [hint] if f"_{hint}" in joined else []
        elif len(hint) <= 2:
            found = [hint] if hint in words else []
        else:
            found = [w for w in words if w.startswith(hint)]
        hits.extend(h for h in found if h not in hits)
    return hits


def is_survey_export(columns: Iterable[Any]) -> str | None:
    """The survey platform whose export ``columns`` are, or ``None``.

    Recognised by the platform's own system columns
    (:func:`~sizeup_helpers.survey_exports.platform_of`: KoboToolbox, LimeSurvey, Google
    Forms, Framaforms), or, for a KoboToolbox export downloaded without them, by most columns being
    questions in Kobo's generated groups (``group_pm0cj55.return_ven``).

    >>> is_survey_export(["age", "_id", "_uuid", "_submission_time"])
    'KoboToolbox'
    >>> is_survey_export(["group_pm0cj55.q1", "group_pm0cj55.q2", "group_wc0ig44.q3"])
    'KoboToolbox'
    >>> is_survey_export(["nom", "_id"]) is None
    True
    """
    from .survey_exports import KOBO, platform_of

    columns = [str(c) for c in columns]
    platform = platform_of(columns)
    if platform is None and columns:
        grouped = sum(bool(_FORM_GROUP_PATH.match(c)) for c in columns)
        platform = KOBO if grouped >= 2 and grouped * 2 > len(columns) else None
    return platform


# what step 05 does with each tool's export (survey_tools), said in the draft's comment
_PLATFORM_READING = {
    "Google Forms": (
        ", lu à l'étape 05 avec les intitulés des questions comme libellés, les réponses "
        "multiples « , » en colonnes 0/1"
    ),
    "LimeSurvey": (
        ", lu à l'étape 05 avec ses codes de questions, les cases Q01[SQ001] des choix "
        "multiples en colonnes 0/1"
    ),
    "Framaforms": (
        " (Webform, trois lignes d'en-tête), lu à l'étape 05 avec les choix multiples en "
        "colonnes 0/1"
    ),
}


def is_xlsform(sheets: Sequence[tuple[str, Sequence[Any]]]) -> bool:
    """Whether a workbook is an XLSForm: a questionnaire's definition, not its answers.

    An XLSForm (the format of KoboToolbox and ODK forms, https://xlsform.org) has a
    ``survey`` sheet with ``type`` and ``name`` columns. ``sheets`` are
    ``(sheet name, column names)`` pairs.

    >>> is_xlsform([("survey", ["type", "name", "label"]), ("choices", ["list_name"])])
    True
    """
    for name, columns in sheets:
        if str(name).strip().lower() == "survey":
            keys = {str(c).strip().lower() for c in columns}
            return {"type", "name"} <= keys
    return False


def guess_role(
    file_name: str | None, columns: Sequence[Any] = (), *, sheet: str | None = None
) -> tuple[str, str]:
    """Guess a table's role from its file's name, its sheet's name and its column names.

    Parameters
    ----------
    file_name
        The file's name (``inscriptions_2024.csv``; its extension is left out), or ``None``
        to guess from the sheet's name alone.
    columns
        The table's column names (never its values).
    sheet
        The sheet's name, for a workbook whose sheets hold different tables.

    Returns
    -------
    (role, why)
        The role (a key of :data:`ROLE_HINTS`, or ``a-preciser``) and, in French, what it
        was guessed from. A name word counts 4, each matching column 1 (at most 3); the
        columns alone must match twice; a survey platform's export
        (:func:`is_survey_export`) is a questionnaire.

    Examples
    --------
    >>> guess_role("inscriptions_export.csv", ["nom", "date_inscription"])[0]
    'inscriptions'
    >>> guess_role("data.xlsx", ["age", "_uuid", "_submission_time"])[0]
    'questionnaire'
    >>> guess_role("export (3).csv", ["a", "b"])
    ('a-preciser', "rôle à préciser : ni le nom du fichier ni ses colonnes ne l'indiquent")
    """
    from .survey_exports import system_columns

    columns = [str(c) for c in columns]
    platform = is_survey_export(columns)
    if platform is not None:
        system = list(system_columns(columns))
        shown = ", ".join(system[:3]) + ("…" if len(system) > 3 else "")
        what = (
            f"les colonnes système de {platform} ({shown})"
            if system
            else f"les questions rangées en groupes de {platform} ({columns[0]}…)"
        )
        return "questionnaire", (
            f"rôle deviné d'après {what} : un export de questionnaire {platform}"
            + _PLATFORM_READING.get(platform, "")
        )
    file_words = _words(Path(file_name).stem) if file_name else []
    sheet_words = _words(sheet) if sheet else []
    col_words = [_words(c) for c in columns]
    best: tuple[int, str, list[str], list[str], list[str]] | None = None
    for role, (name_hints, col_hints) in ROLE_HINTS.items():
        in_file = _name_hits(file_words, name_hints)
        in_sheet = _name_hits(sheet_words, name_hints)
        in_cols = [
            c for c, words in zip(columns, col_words, strict=True) if _name_hits(words, col_hints)
        ]
        if not (in_file or in_sheet) and len(in_cols) < 2:
            continue
        score = 4 * bool(in_file or in_sheet) + min(len(in_cols), 3)
        if best is None or score > best[0]:
            best = (score, role, in_file, in_sheet, in_cols)
    if best is None:
        what = "le nom de la feuille" if file_name is None else "le nom du fichier"
        return PLACEHOLDER_ROLE, f"rôle à préciser : ni {what} ni ses colonnes ne l'indiquent"
    _, role, in_file, in_sheet, in_cols = best
    parts = []
    if in_file:
        parts.append(f"le nom du fichier ({', '.join(in_file)})")
    if in_sheet:
        parts.append(f"le nom de la feuille ({', '.join(in_sheet)})")
    if in_cols:
        shown = ", ".join(in_cols[:4]) + ("…" if len(in_cols) > 4 else "")
        parts.append(f"{'la colonne' if len(in_cols) == 1 else 'les colonnes'} {shown}")
    return role, "rôle deviné d'après " + " et ".join(parts)


# --------------------------------------------------------------------------------------
# The intake
# --------------------------------------------------------------------------------------
def intake_folder(
    folder: str | os.PathLike,
    name: str,
    source: str | os.PathLike,
    *,
    structure_type: str = "",
    territory: str = "",
) -> IntakeResult:
    """Create a workspace from a folder of exports: copy, read once, declare.

    Parameters
    ----------
    folder
        The workspace to create (new or empty), as for
        :func:`~sizeup_helpers.workspace.create_workspace`.
    name
        The structure's name.
    source
        The folder holding the structure's files (sub-folders kept as they are). Hidden
        files (``.DS_Store``), Excel's ``~$…`` and LibreOffice's ``.~lock.…#`` lock files
        are left aside. It is only read.
    structure_type, territory
        Optional, written under ``structure:``.

    Returns
    -------
    IntakeResult
        Files copied, entries declared, files to review and unreadable files.

    Raises
    ------
    WorkspaceError
        In French, before anything is written: the source is missing, not a folder, empty,
        inside the workspace folder or holding it; the workspace folder is not empty.
    """
    src = Path(source).expanduser()
    if not src.exists():
        raise WorkspaceError(f"Le dossier source « {src} » n'existe pas.")
    if not src.is_dir():
        raise WorkspaceError(
            f"« {src} » n'est pas un dossier : donnez avec --depuis le dossier qui contient "
            "les fichiers de la structure."
        )
    src = src.resolve()
    root = Path(folder).expanduser()
    target = root.resolve()
    if target == src or _within(target, src):
        raise WorkspaceError(
            f"L'espace de travail « {root} » serait dans le dossier source « {src} » : "
            "choisissez un dossier ailleurs, pour que la copie ne se copie pas elle-même."
        )
    if _within(src, target):
        raise WorkspaceError(
            f"Le dossier source « {src} » est dans l'espace de travail « {root} » : déplacez "
            "les fichiers ailleurs d'abord, ou choisissez un autre dossier d'espace de travail."
        )
    files, skipped = _source_files(src)
    if not files:
        extra = f" ({plural_ignored(skipped)})" if skipped else ""
        raise WorkspaceError(
            f"Le dossier source « {src} » ne contient aucun fichier à copier{extra}."
        )
    ws = create_workspace(root, name, structure_type=structure_type, territory=territory)
    result = IntakeResult(root=ws.root, name=ws.name, source=src, skipped=skipped)
    raw = ws.root / RAW_FOLDER
    # the folder's LISEZMOI.txt tells a coach to copy the files by hand: here they are
    # copied, and donnees-brutes/ holds the structure's files and nothing else
    (raw / "LISEZMOI.txt").unlink(missing_ok=True)
    for rel in files:
        copy = raw / rel
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / rel, copy)
        except OSError as exc:  # unreadable source file, full disk…: said, not fatal
            copy.unlink(missing_ok=True)
            result.unreadable.append(
                UnreadableFile(
                    f"{RAW_FOLDER}/{rel}",
                    f"Le fichier « {Path(rel).name} » n'a pas pu être copié "
                    f"({exc.strerror or exc}) : copiez-le à la main.",
                )
            )
            continue
        result.copied.append(f"{RAW_FOLDER}/{rel}")
    drafts: list[IntakeEntry] = []
    for rel in result.copied:
        found = _read_file(ws.root / rel, rel)
        if isinstance(found, UnreadableFile):
            result.unreadable.append(found)
        else:
            drafts.extend(found)
    result.entries = _unique_roles(drafts)
    _write_config(result)
    open_workspace(ws.root)  # the drafted file passes the workspace's schema
    return result


def plural_ignored(skipped: Sequence[str]) -> str:
    """« 2 fichiers cachés ou verrous ignorés »."""
    return french.plural(
        len(skipped), "fichier caché ou verrou ignoré", "fichiers cachés ou verrous ignorés"
    )


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _source_files(src: Path) -> tuple[list[str], list[str]]:
    files, skipped = [], []
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src)
        if any(is_ignored_raw_file(part) for part in rel.parts):
            skipped.append(rel.as_posix())
        else:
            files.append(rel.as_posix())
    return files, skipped


def _read_file(path: Path, rel: str) -> list[IntakeEntry] | UnreadableFile:
    """The entries of one copied file, from one read of each of its sheets."""
    from .clean_workspace import TABULAR_SUFFIXES  # the files step 05 cleans as tables
    from .inventory import QUALITATIVE_SUFFIXES
    from .io import read_export_with_report

    suffix = path.suffix.lower()
    if suffix in QUALITATIVE_SUFFIXES or suffix == ".txt" and _is_prose(path):
        return [_transcript(rel, path)]
    if suffix not in TABULAR_SUFFIXES:  # io names what it is (an image, an archive…) if it can
        try:
            read_export_with_report(path)
        except SizeUpError as exc:
            return UnreadableFile(rel, exc.message)
        return UnreadableFile(
            rel,
            f"Le fichier « {path.name} » n'est ni un tableau (CSV, Excel, LibreOffice) ni "
            "une transcription (texte, Word, PDF) : convertissez-le si Size Up doit le lire.",
        )
    try:
        first, report = read_export_with_report(path)
        sheets = [(report.sheet, first, report)]
        for other in report.sheets:
            if other != report.sheet:
                sheets.append((other, *read_export_with_report(path, sheet=other)))
    except SizeUpError as exc:
        return UnreadableFile(rel, exc.message)
    tables = [(s, f, r) for s, f, r in sheets if r.header_row is not None]
    if not tables:
        return UnreadableFile(
            rel, f"Le fichier « {path.name} » ne contient aucun tableau (feuilles vides)."
        )
    if suffix == ".txt" and len(tables) == 1 and tables[0][1].shape[1] < 2:
        return [_transcript(rel, path)]
    if is_xlsform([(s, f.columns) for s, f, _ in tables]):
        return [_form_entry(rel, tables)]
    several = len(report.sheets) > 1
    if len(tables) == 1:
        sheet = tables[0][0] if several else None
        return [_table_entry(rel, path, sheet, tables, first_in_file=True)]
    if len({tuple(f.columns) for _, f, _ in tables}) == 1:  # stacked by step 05
        return [_table_entry(rel, path, None, tables, first_in_file=True)]
    return [
        _table_entry(rel, path, sheet, [(sheet, f, r)], first_in_file=i == 0)
        for i, (sheet, f, r) in enumerate(tables)
    ]


def _is_prose(path: Path) -> bool:
    """A ``.txt`` whose first lines hold no separator: a transcript, not a table."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    lines = [ln for ln in head.splitlines()[:5] if ln.strip()]
    return bool(lines) and not any(sep in ln for ln in lines for sep in (b";", b"\t", b"|", b","))


def _transcript(rel: str, path: Path) -> IntakeEntry:
    return IntakeEntry(
        path=rel,
        role=ENTRETIENS,
        personal=True,
        why=(
            f"rôle deviné d'après le format ({path.suffix.lower()} : une transcription ou un "
            "texte, lu comme un entretien) ; données personnelles supposées tant qu'une "
            "personne ne l'a pas relu : à vérifier"
        ),
        description="transcription ou texte (à décrire)",
    )


def _form_entry(rel: str, tables) -> IntakeEntry:
    """An XLSForm: one entry for the whole workbook; it holds questions, not people."""
    questions = next(len(f) for s, f, _ in tables if str(s).strip().lower() == "survey")
    return IntakeEntry(
        path=rel,
        role=FORM_ROLE,
        personal=False,
        why=(
            "rôle deviné d'après les feuilles survey et choices (colonnes type, name) : un "
            "formulaire XLSForm (KoboToolbox, ODK), c'est-à-dire la définition d'un "
            "questionnaire et non ses réponses ; aucune donnée personnelle"
        ),
        description=(
            f"formulaire XLSForm : {french.plural(questions, 'ligne', 'lignes')} de questions "
            f"(feuille « survey »), {french.plural(len(tables), 'feuille', 'feuilles')}"
        ),
    )


def _table_entry(rel, path, sheet, tables, *, first_in_file) -> IntakeEntry:
    from . import privacy

    columns = list(dict.fromkeys(str(c) for _, f, _ in tables for c in f.columns))
    role, why = guess_role(path.name, columns, sheet=sheet)
    if sheet is not None and not first_in_file:
        own, own_why = guess_role(None, columns, sheet=sheet)
        if own in (role, PLACEHOLDER_ROLE):
            base = role if role != PLACEHOLDER_ROLE else french.slugify(path.stem) or "fichier"
            role = f"{base}-{french.slugify(sheet) or 'feuille'}"
            why = f"{why} ; une autre feuille du même classeur, aux colonnes différentes"
        else:
            role, why = own, own_why
    identifiers: dict[str, str] = {}
    kinds: dict[str, str] = {}
    sensitive: dict[str, str] = {}
    for _, frame, _ in tables:
        frame = detection_sample(frame)
        found = privacy.detect_identifiers(frame, sample_size=DETECTION_VALUES)
        for col, kind, label in zip(found["colonne"], found["type"], found["libelle"], strict=True):
            identifiers.setdefault(str(col), label)
            kinds.setdefault(str(col), kind)
        found = privacy.detect_sensitive(letters_only(frame), sample_size=SENSITIVE_VALUES)
        for col, category in zip(found["colonne"], found["categorie"], strict=True):
            sensitive.setdefault(str(col), category)
    people = people_columns(kinds)
    n_ids = len(identifiers)
    if n_ids:
        shown = ", ".join(f"{c} ({label})" for c, label in list(identifiers.items())[:4])
        more = "…" if n_ids > 4 else ""
        ids_said = (
            f"{french.plural(n_ids, 'colonne', 'colonnes')} d'identifiants directs "
            f"{'trouvée' if n_ids == 1 else 'trouvées'} : {shown}{more} ; données "
            "personnelles, à vérifier"
        )
    else:
        ids_said = "aucun identifiant direct trouvé : donnees_personnelles à false, à vérifier"
    parts = [why, ids_said]
    if sensitive:
        shown = ", ".join(f"{c} ({cat})" for c, cat in list(sensitive.items())[:3])
        parts.append(f"données sensibles possibles : {shown}")
    if people:
        parts.append("personnes : colonnes qui identifient une personne pour l'étape 05")
    n_rows = sum(len(f) for _, f, _ in tables)
    report = tables[0][2]
    fmt = report.summary().split(",")[0]
    where = f", feuille « {sheet} »" if sheet is not None else ""
    if sheet is None and len(tables) > 1:
        where = f", {french.plural(len(tables), 'feuille', 'feuilles')} de mêmes colonnes"
    platform = is_survey_export(columns)
    description = (
        (f"export {platform} : " if platform else "")
        + f"{french.plural(n_rows, 'ligne', 'lignes')} × "
        f"{french.plural(len(columns), 'colonne', 'colonnes')}, {fmt}{where}"
    )
    return IntakeEntry(
        path=rel,
        role=role,
        sheet=sheet,
        personal=bool(identifiers),
        sensitive=bool(sensitive),
        people=people or None,
        why=" ; ".join(parts),
        description=description,
        identifiers=tuple(identifiers.items()),
        sensitive_columns=tuple(sensitive.items()),
    )


def detection_sample(frame, rows: int = DETECTION_ROWS):
    """At most ``rows`` rows of ``frame``, evenly spaced, without its read report.

    The identifier and sensitive-data checks read a sample of each column anyway; giving
    them evenly spaced rows keeps them fast on a large export without changing what they
    find on the seven samples (tested), and dropping ``attrs`` spares pandas copying the
    read report at every step. The guess is reviewed, and steps 04 and 05 check every
    table again on their own samples.
    """
    import numpy as np

    if len(frame) > rows:
        frame = frame.iloc[np.linspace(0, len(frame) - 1, rows).astype(int)]
    frame = frame.copy(deep=False)
    frame.attrs = {}
    return frame


_LETTER = re.compile(r"[^\W\d_]")


def letters_only(frame):
    """``frame`` with the values of its columns that hold no letter at all left out.

    The sensitive-data check looks for words (health, justice, benefits) in the values: a
    column of numbers, dates or codes without letters cannot hold one, so its values are
    not read (its name still is). One regular-expression scan per column decides it.
    """
    blank = [
        c
        for c in frame.columns
        if not _LETTER.search("\x1f".join(v for v in frame[c].tolist() if isinstance(v, str)))
    ]
    return frame.assign(**{str(c): None for c in blank}) if blank else frame


def people_columns(kinds: dict[str, str]) -> dict[str, str]:
    """``personnes:`` for a table whose identifier columns are ``{column: kind}``.

    Only a clear way of naming a person is declared, since step 05 trusts it to count
    people and link files: a « prénom nom » column, or a last name with a first name, or
    an e-mail; phone and date of birth are added to it. A lone first name (a workshop's
    host) declares nothing: step 05 still pseudonymises it.

    >>> people_columns({"participant": "nom_complet", "animateur": "prenom"})
    {'nom_complet': 'participant'}
    >>> people_columns({"animateur": "prenom"})
    {}
    """
    first: dict[str, str] = {}
    for col, kind in kinds.items():
        first.setdefault(kind, col)
    if "nom_complet" in first:
        names = ["nom_complet"]
    elif "nom" in first and "prenom" in first:
        names = ["nom", "prenom"]
    else:
        names = []
    if not names and "email" not in first:
        return {}
    keep = [*names, "email", "telephone", "date_naissance"]
    return {k: first[k] for k in keep if k in first}


def _unique_roles(entries: list[IntakeEntry]) -> list[IntakeEntry]:
    from dataclasses import replace

    seen: set[str] = set()
    out = []
    for entry in entries:
        role, n = entry.role, 1
        while role in seen:
            n += 1
            role = f"{entry.role}-{n}"
        seen.add(role)
        out.append(entry if role == entry.role else replace(entry, role=role))
    return out


# --------------------------------------------------------------------------------------
# structure.yml
# --------------------------------------------------------------------------------------
def _comment(text: str, indent: str = "  ") -> str:
    """``text`` as one YAML comment line (line breaks and unprintable characters removed)."""
    clean = " ".join(_NOT_YAML_PRINTABLE.sub(" ", str(text)).split())
    return f"{indent}# {clean}\n"


def entries_yaml(entries: Sequence[IntakeEntry], unreadable: Sequence[UnreadableFile]) -> str:
    """The ``fichiers:`` block of ``structure.yml``: a comment line above each entry.

    Values are written by the project's YAML writer
    (:func:`~sizeup_helpers.yamlfile.dump_yaml`), so a column or sheet name holding
    ``:``, ``#``, quotes or line breaks is quoted safely; comments are written by hand.
    """
    from .yamlfile import dump_yaml

    out = [
        "# Fichiers copiés par `sizeup init --depuis` : les rôles, feuilles et données "
        "personnelles\n",
        "# ont été devinés en lisant chaque fichier une fois. Relisez chaque entrée (son "
        "commentaire dit\n",
        "# ce qui a été deviné et pourquoi), écrivez sa description, puis lancez `sizeup check`.\n",
    ]
    if entries:
        out.append("fichiers:\n")
    else:
        out.append("fichiers: []\n")
    for entry in entries:
        out.append(_comment(entry.why))
        block = dump_yaml({"fichiers": [entry.to_config()]})
        out.extend(line + "\n" for line in block.splitlines()[1:])
    if unreadable:
        out.append(
            "# Fichiers copiés dans donnees-brutes/ mais illisibles, donc non déclarés "
            "(réparez-les ou\n"
        )
        out.append("# réexportez-les, puis déclarez-les ; `sizeup check` propose les lignes) :\n")
        for u in unreadable:
            out.append(_comment(f"- {u.path} : {u.reason}", indent=""))
    return "".join(out)


def _write_config(result: IntakeResult) -> None:
    path = result.config_path
    text = path.read_text(encoding="utf-8")
    start = text.index("# Les fichiers de données")
    end = text.index("fichiers: []\n", start) + len("fichiers: []\n")
    text = text[:start] + entries_yaml(result.entries, result.unreadable) + text[end:]
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------
def explain_intake(result: IntakeResult) -> Reading:
    """What :func:`intake_folder` did, in French, and the next commands.

    The table (:meth:`~sizeup_helpers.reading.Reading.to_frame`) lists every copied file
    with its role, sheet, personal and sensitive flags, or why it was not read.
    """
    import pandas as pd

    root = result.root
    copied = french.plural(len(result.copied), "fichier copié", "fichiers copiés")
    lines = [
        f"{copied} de « {result.source.name} » dans {RAW_FOLDER}/ de « {result.name} », à "
        "l'identique : les originaux ne sont ni déplacés ni modifiés."
    ]
    n = len(result.entries)
    if n:
        declared = french.plural(n, "entrée déclarée", "entrées déclarées")
        lines.append(f"{declared} dans {CONFIG_NAME} :")
        for e in result.entries:
            sheet = f", feuille « {e.sheet} »" if e.sheet is not None else ""
            flags = []
            if e.personal:
                flags.append("données personnelles")
            if e.sensitive:
                flags.append("données sensibles")
            said = f" ({', '.join(flags)})" if flags else ""
            lines.append(f"- {e.role} : {e.path}{sheet}{said}")
    else:
        lines.append(f"Aucune entrée déclarée dans {CONFIG_NAME} : aucun fichier n'a pu être lu.")
    review = result.to_review
    unknown = [e for e in review if not e.guessed]
    personal = [e for e in review if e.guessed]
    if unknown:
        roles = french.quoted_list([e.path + (f" ({e.sheet})" if e.sheet else "") for e in unknown])
        lines.append(
            f"À relire d'abord : le rôle de {roles} n'a pas pu être deviné "
            f"(« {PLACEHOLDER_ROLE} ») ; remplacez-le par ce que le fichier contient "
            "(inscriptions, presences, questionnaire, suivi…)."
        )
    if personal:
        how_many = french.plural(len(personal), "entrée", "entrées")
        lines.append(
            f"À vérifier : {how_many} avec des données personnelles ou sensibles trouvées "
            f"({french.quoted_list([e.role for e in personal])}) ; le commentaire de chaque "
            "entrée nomme les colonnes en cause."
        )
    if not review and n:
        lines.append(
            "Aucune entrée à relire en priorité : vérifiez tout de même chaque rôle et chaque "
            "donnees_personnelles."
        )
    if result.unreadable:
        k = len(result.unreadable)
        files = french.plural(k, "fichier illisible", "fichiers illisibles")
        done = "copié mais non déclaré" if k == 1 else "copiés mais non déclarés"
        lines.append(f"{files}, {done} :")
        lines.extend(f"- {u.path} : {u.reason}" for u in result.unreadable)
    if result.skipped:
        lines.append(
            f"Non copiés ({plural_ignored(result.skipped)}) : {french.join_and(result.skipped)}."
        )
    lines.append(
        f"Étape suivante : relisez {root / CONFIG_NAME}, puis lancez "
        f"`sizeup check {root}` et `sizeup run {root}`."
    )
    rows = [
        {
            "Fichier": e.path,
            "Feuille": e.sheet or "",
            "Rôle": e.role,
            "Données personnelles": "oui" if e.personal else "non",
            "Données sensibles": "oui" if e.sensitive else "non",
            "Remarque": e.why,
        }
        for e in result.entries
    ] + [
        {
            "Fichier": u.path,
            "Feuille": "",
            "Rôle": "non déclaré",
            "Données personnelles": "—",
            "Données sensibles": "—",
            "Remarque": u.reason,
        }
        for u in result.unreadable
    ]
    columns = [
        "Fichier",
        "Feuille",
        "Rôle",
        "Données personnelles",
        "Données sensibles",
        "Remarque",
    ]
    return Reading.of(lines, table=pd.DataFrame(rows, columns=columns))

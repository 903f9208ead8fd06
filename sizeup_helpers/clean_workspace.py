"""Step 05 for a whole workspace: every table cleaned, people found, pseudonymised, saved.

:func:`clean_workspace` takes every tabular file declared in ``structure.yml`` and

1. reads it as a person sees it (:func:`~sizeup_helpers.io.read_export`). A workbook
   without a declared ``feuille`` gives every sheet: sheets sharing their columns (one tab
   a month, one tab a survey wave) are stacked with a ``feuille`` column; a sheet with
   other columns (a KoboToolbox repeat group, a list of codes) becomes a table of its own,
   whose role is the file's role followed by the sheet's slug (``questionnaire-members``,
   see :func:`table_roles`). A survey platform's system columns (row keys, timestamps,
   metadata, device identifiers: :mod:`~sizeup_helpers.survey_exports`) are typed for
   what they are, and a repeat group's table keeps its link to its parent row; an export
   of Google Forms, LimeSurvey or Framaforms is first made tidy
   (:func:`~sizeup_helpers.survey_tools.tidy_answers`: a multiple-answer question as a
   column of choice names and 0/1 columns, Framaforms' three header rows, timestamps in
   the form's locale), its questions' text kept as the columns' origin in the dictionary;
2. cleans it with :func:`~sizeup_helpers.cleaning.clean_table` (journal of every change), the
   category correspondences reviewed by a person (``correspondances`` in ``structure.yml``,
   or ``mappings=``) applied over the proposed ones; a wide attendance sheet
   (``presences_en_colonnes: true``) is turned into one row per person and session;
3. finds the rows that describe the same person (the columns named under ``personnes`` in
   ``structure.yml``: names, e-mail, date of birth, an identifying number) and gives each
   person a keyed pseudonym ``personne_id``; a register (``une_ligne_par_personne: true``)
   is merged to one row per person;
4. generalises dates of birth to age bands, replaces direct identifiers by keyed pseudonyms
   (the workspace key, :func:`~sizeup_helpers.privacy.load_or_create_key`) or removes them,
   and flags sensitive columns (health, justice, social benefits: shown only aggregated);
   before all that, e-mails, phone numbers, NIR and the people's names written inside any
   other text column (free text and categories alike) are replaced by a marker such as
   « [téléphone retiré] » (:func:`~sizeup_helpers.privacy.redact_identifiers`), so no
   category proposal, rule, journal or table holds them;
5. saves the clean, pseudonymised tables (CSV, UTF-8) and a data dictionary to
   ``ws.clean_data_dir``, and the journal, the proposed correspondences, the duplicates to
   review and the replayable rules to ``ws.step_dir("05")``.

The key stays at ``ws.key_path``; nothing written here contains it, nor any direct
identifier. :func:`replay_table` replays the saved rules of one table on next year's file
and says in French what no longer fits; :func:`load_clean_table` reads a clean table back
with its types (for steps 06 and later).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import cleaning, french, privacy, survey_exports, survey_tools
from .compat import default_text
from .errors import CleanWorkspaceError
from .reading import Reading
from .spreadsheet import restore_formulas

if TYPE_CHECKING:  # pragma: no cover
    from .workspace import DataFile, Workspace

__all__ = [
    "DEFAULT_GENERALISATION",
    "DICTIONARY_FILE",
    "JOURNAL_FILE",
    "TABULAR_SUFFIXES",
    "SmallCellExample",
    "TableCleaning",
    "WorkspaceCleaning",
    "category_to_review",
    "clean_workspace",
    "column_kinds",
    "column_renaming",
    "duplicates_to_review",
    "explain_ages",
    "explain_coarsening",
    "explain_journal",
    "explain_key",
    "explain_kinds",
    "explain_overview",
    "explain_people",
    "explain_proposal",
    "explain_raw",
    "explain_renaming",
    "explain_saved",
    "explain_sensitive",
    "explain_small_cells",
    "explain_totals",
    "identifier_treatments",
    "load_clean_table",
    "mapping_parameter",
    "people_file",
    "raw_overview",
    "read_raw_table",
    "register_role",
    "replay_table",
    "saved_files",
    "sensitive_counts",
    "small_cells_example",
    "table_roles",
    "tabular_files",
]

#: Extensions of the files step 05 cleans (interview transcripts are step 10's).
TABULAR_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
#: The data dictionary, in ``ws.clean_data_dir``.
DICTIONARY_FILE = "dictionnaire-des-donnees.csv"
#: The journal of every change, in ``ws.step_dir("05")``.
JOURNAL_FILE = "journal-nettoyage.csv"
SUMMARY_FILE = "resume-nettoyage.json"
MAPPINGS_FILE = "correspondances-categories.csv"
DUPLICATES_FILE = "doublons-a-verifier.csv"
PERSON_ID = "personne_id"
AGE_BAND = "tranche_age"

# kinds of the ``personnes`` keys of structure.yml, as privacy's identifier kinds
_PEOPLE_KINDS = (
    "nom",
    "prenom",
    "nom_complet",
    "email",
    "telephone",
    "date_naissance",
    "adresse",
    "identifiant",
)
_DIRECT = ("nom", "prenom", "nom_complet", "email", "telephone", "adresse", "nir")


# ======================================================================================
# Results
# ======================================================================================
@dataclass
class TableCleaning:
    """The cleaning of one file of the workspace.

    Attributes
    ----------
    role, source, sheets
        The file's role, its path in the workspace and the sheets read.
    raw_rows, raw_columns
        Size of the table as read.
    data
        The clean, **pseudonymised** table (what is saved).
    rows_data
        For a register merged to one row per person: every original row, pseudonymised,
        with its ``personne_id`` (``None`` otherwise).
    journal
        Every change (:class:`~sizeup_helpers.cleaning.Journal`).
    rules
        The replayable rules (``None`` for a wide attendance sheet, redone each time).
    kinds
        ``{column: kind}`` after cleaning.
    identifiers
        ``{column as read: (identifier kind, what was done)}``.
    coarsened
        Quasi-identifiers made coarser: ``(clean column, column as read, what was done)``
        (timestamps to the date or month, postcodes to the département; the clean column is
        ``""`` when the column was removed).
    sensitive
        Columns flagged as sensitive (shown only aggregated).
    proposals
        ``{column: table}`` of the correspondences of category columns (proposed and
        reviewed), columns of :func:`~sizeup_helpers.cleaning.harmonise_categories`.
    n_people
        Distinct people found (``None`` when the file holds no people). In a table linked
        to the register, a row linked to a register person counts as that person.
    register
        The role of the register of people this table was linked to (``None`` for the
        register itself, or when the workspace has none).
    in_register
        Distinct people of this table found in the register (``None`` when not linked).
    ambiguous
        Rows left unlinked because several register people fit their name (homonyms).
    attended
        Distinct people present at least once, for an attendance list (``None`` when the
        table has no presence column).
    duplicates
        Groups of rows linked as one person (masked), to review.
    paths
        Files written for this table.
    """

    role: str
    source: str
    sheets: list[str]
    raw_rows: int
    raw_columns: int
    data: pd.DataFrame
    journal: cleaning.Journal
    rules: dict[str, Any] | None
    kinds: dict[str, str]
    identifiers: dict[str, tuple[str, str]] = field(default_factory=dict)
    coarsened: list[tuple[str, str, str]] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    proposals: dict[str, pd.DataFrame] = field(default_factory=dict)
    n_people: int | None = None
    register: str | None = None
    in_register: int | None = None
    ambiguous: int = 0
    attended: int | None = None
    duplicates: pd.DataFrame | None = None
    rows_data: pd.DataFrame | None = None
    problems: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    system: dict[str, str] = field(default_factory=dict)
    """``{clean column: French label}`` of a survey platform's system columns."""
    parent: tuple[str, str, str] | None = None
    """For a KoboToolbox repeat group's table: ``(column, parent role, parent column)``,
    the clean column holding the parent row's key, the parent's table and its key column."""

    def __repr__(self) -> str:
        people = f", {self.n_people} personnes" if self.n_people is not None else ""
        return (
            f"TableCleaning({self.role!r} : {self.raw_rows} lignes lues → "
            f"{len(self.data)} lignes propres{people})"
        )


@dataclass
class WorkspaceCleaning:
    """What :func:`clean_workspace` returns: one :class:`TableCleaning` per table."""

    tables: dict[str, TableCleaning]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    register: str | None = None
    """The role of the workspace's register of people (:func:`register_role`)."""
    key_note: str | None = None
    """What was done with a key found in the output folder (French), if any."""

    def __getitem__(self, role: str) -> TableCleaning:
        if role not in self.tables:
            known = ", ".join(f"« {r} »" for r in self.tables) or "aucune"
            raise CleanWorkspaceError(
                f"Aucune table nettoyée n'a le rôle « {role} » (tables : {known})."
            )
        return self.tables[role]

    def __repr__(self) -> str:
        return f"WorkspaceCleaning({len(self.tables)} tables)"

    def to_frame(self) -> pd.DataFrame:
        """One row per table, French column names, no personal data."""
        rows = []
        for t in self.tables.values():
            pseudo = [c for c, (_, what) in t.identifiers.items() if what == "pseudonymisée"]
            removed = [c for c, (_, what) in t.identifiers.items() if what != "pseudonymisée"]
            rows.append(
                {
                    "table": t.role,
                    "fichier": t.source,
                    "lignes_lues": t.raw_rows,
                    "lignes_propres": len(t.data),
                    "colonnes": t.data.shape[1],
                    "personnes_distinctes": t.n_people,
                    "personnes_du_registre": t.in_register,
                    "personnes_presentes": t.attended,
                    "changements": len(t.journal),
                    "identifiants_pseudonymises": ", ".join(pseudo),
                    "identifiants_retires": ", ".join(removed),
                    "colonnes_sensibles": ", ".join(t.sensitive),
                }
            )
        out = pd.DataFrame(rows)
        if not out.empty:
            for col in ("personnes_distinctes", "personnes_du_registre", "personnes_presentes"):
                out[col] = out[col].astype("Int64")
        return out

    def journal(self) -> pd.DataFrame:
        """Every change of every table: the journal columns plus ``table`` first."""
        frames = [t.journal.to_frame().assign(table=t.role) for t in self.tables.values()]
        if not frames:
            return pd.DataFrame(columns=["table", *cleaning.JOURNAL_COLUMNS])
        out = pd.concat(frames, ignore_index=True)
        return out[["table", *cleaning.JOURNAL_COLUMNS]]


# ======================================================================================
# Reading
# ======================================================================================
def tabular_files(ws: Workspace) -> list[DataFile]:
    """The declared files that step 05 cleans: tables, not interview transcripts, and not
    a questionnaire's XLSForm (role ``formulaire``), which holds no answer: it types the
    answers collected with it."""
    return [
        f
        for f in ws.files
        if f.path.suffix.lower() in TABULAR_SUFFIXES and f.role != survey_exports.FORM_ROLE
    ]


def read_raw_table(ws: Workspace, role: str) -> pd.DataFrame:
    """The raw table of ``role`` as a person sees it, every value as text.

    ``role`` is a declared role or the role of one of its sheets' tables
    (:func:`table_roles`). Sheets sharing their columns come stacked, with a ``feuille``
    column naming each row's sheet. As in the clean tables, e-mail addresses, phone
    numbers, NIR and people's names written inside the text columns are already replaced
    by a marker (« [téléphone retiré] »…); the identifier columns themselves are kept, so
    the frame holds personal data: display it only through
    :func:`~sizeup_helpers.privacy.safe_preview`.
    """
    for f, frame, _ in _tables_of(ws, _files_for(ws, [role])):
        if f.role == role:
            return _redact_declared(frame, f.people)
    ws.file(role)  # the usual message for a role nobody declared
    raise CleanWorkspaceError(f"Aucune table n'a le rôle « {role} » (tables : {_roles_text(ws)}).")


def table_roles(ws: Workspace) -> dict[str, list[str]]:
    """The clean tables that step 05 makes: ``{table role: [sheets read]}``.

    One table per declared file, except a workbook without a declared ``feuille`` whose
    sheets have different columns: its sheets are grouped by their columns (sheets sharing
    at least 80 % of their columns, a survey platform's system columns left aside, are
    stacked with a ``feuille`` column); the group holding the columns declared under
    ``personnes`` (else the first sheet) keeps the file's role, and each other group
    becomes a table whose role is the file's role, a dash and the slug of its first sheet:
    the KoboToolbox repeat group ``members`` of the file ``questionnaire`` is the table
    ``questionnaire-members``, saved as ``questionnaire-members.csv`` and read back with
    ``load_clean_table(ws, "questionnaire-members")``. Empty sheets give no table (the
    inventory says so in its reading notes).

    Only the workbooks of several sheets without a declared ``feuille`` are read (their
    sheets' columns decide the tables); a text file or a single or declared sheet gives
    its file's role without reading a row (a till export of a million lines is not read
    again at each step that asks for the roles).
    """
    from .io import list_sheets

    taken = {f.role for f in ws.files}
    forms: list[Any] = []  # the declared form, read once, only when a workbook needs it
    roles: dict[str, list[str]] = {}
    for f in tabular_files(ws):
        sheets = list_sheets(f.path)
        if f.sheet is not None or len(sheets) <= 1:
            roles[f.role] = [f.sheet] if f.sheet else sheets[:1]
            continue
        if not forms:
            forms.append(_declared_form(ws))
        roles.update({g.role: s for g, _, s in _read_tables(f, taken, forms[0])})
    return roles


def _files_for(ws: Workspace, roles: list[str]) -> list[DataFile]:
    """The declared files whose tables may have one of ``roles``."""
    return [
        f
        for f in tabular_files(ws)
        if any(r == f.role or r.startswith(f"{f.role}-") for r in roles)
    ]


def _roles_text(ws: Workspace) -> str:
    return ", ".join(f"« {r} »" for r in table_roles(ws)) or "aucune"


def _tables_of(
    ws: Workspace, files: list[DataFile]
) -> list[tuple[DataFile, pd.DataFrame, list[str]]]:
    """Every clean table's file (a copy with the table's role for a sheet), raw frame, sheets."""
    taken = {f.role for f in ws.files}
    form = _declared_form(ws)
    out = []
    for f in files:
        out += _read_tables(f, taken, form)
    return out


def _declared_form(ws: Workspace) -> Any:
    """The XLSForm declared with the role ``formulaire`` (``sizeup init --depuis`` declares
    one found beside its answers), read once; ``None`` when there is none or it is not a
    form."""
    from .errors import SizeUpError
    from .xlsform import read_xlsform

    for f in ws.files:
        if f.role == survey_exports.FORM_ROLE and f.path.suffix.lower() in (
            ".xlsx",
            ".xlsm",
            ".xls",
            ".ods",
        ):
            try:
                form = read_xlsform(f.path)
            except (SizeUpError, OSError, ValueError, KeyError):
                return None
            return form if form.questions() else None
    return None


def _read_tables(
    f: DataFile, taken: set[str], form: Any = None
) -> list[tuple[DataFile, pd.DataFrame, list[str]]]:
    from dataclasses import replace

    from .io import list_sheets, read_all_sheets, read_export

    sheets = list_sheets(f.path)
    if f.sheet is not None or len(sheets) <= 1:
        frame = _survey_tool_table(f, read_export(f.path, sheet=f.sheet), form)
        return [(f, frame.reset_index(drop=True), [f.sheet] if f.sheet else sheets[:1])]
    frames = {n: _survey_tool_table(f, fr, form) for n, fr in read_all_sheets(f.path).items()}
    if not frames:
        return [(f, read_export(f.path).reset_index(drop=True), sheets[:1])]
    groups = _sheet_groups(frames)
    declared = {c for k, c in (f.people or {}).items() if k in _PEOPLE_KINDS}
    main = next(
        (i for i, g in enumerate(groups) if declared and declared <= _columns(frames, g)), 0
    )
    out = []
    everywhere = {cleaning.snake_case(c) for c in _columns(frames, list(frames))}
    everywhere |= _columns(frames, list(frames))
    for i, names in enumerate(groups):
        frame = _stack({n: frames[n] for n in names})
        if i == main and len(groups) == 1:
            out.append((f, frame, names))
        elif i == main:  # a correspondence for a column of no sheet still fails here
            mine = _sheet_file(f, f.role, names, frame).mappings
            other = {c: m for c, m in f.mappings.items() if c not in everywhere}
            out.append((replace(f, mappings={**mine, **other}), frame, names))
        if i == main:
            continue
        role = f"{f.role}-{_safe(names[0])}"
        while role in taken:
            role += "-2"
        taken.add(role)
        out.append((_sheet_file(f, role, names, frame), frame, names))
    return out


def _survey_tool_table(f: DataFile, frame: pd.DataFrame, form: Any = None) -> pd.DataFrame:
    """An export of Google Forms, LimeSurvey or Framaforms as a tidy table of text.

    :func:`~sizeup_helpers.survey_tools.tidy_answers`: a multiple-answer question becomes
    a column of choice names and one 0/1 column per choice (Google Forms' « , »,
    LimeSurvey's ``Q01[SQ001]`` boxes, Framaforms' ``X`` columns), timestamps become ISO
    text read in the form's locale, and the headers (the questions' text) stay, so the
    data dictionary keeps each question's text as the origin of its snake_case column.
    A KoboToolbox export is typed by the workspace's declared XLSForm (``form``, see
    :func:`_kobo_by_form`). Any other table is returned as read.
    """
    from .errors import SizeUpError
    from .survey_tools import tidy_answers, tool_of

    if tool_of(frame.columns) is None:
        return _kobo_by_form(f, frame, form) if form is not None else frame
    try:
        tidy, _ = tidy_answers(frame, path=f.path)
    except SizeUpError:  # pragma: no cover - read as an ordinary table
        return frame
    return tidy


def _kobo_by_form(f: DataFile, frame: pd.DataFrame, form: Any) -> pd.DataFrame:
    """A KoboToolbox export read through the form that collected it, back as text.

    :func:`~sizeup_helpers.form_answers.type_answers` names each column by its question
    (``profile/country`` → ``country``), reads choices written as labels as their names
    and gives a ``select_multiple`` its 0/1 columns ``<question>/<choice>``; the values
    are then written back as text (dates ISO, 0/1 as digits) for step 05 to clean. Left
    as read when the table is not that form's, or when ``structure.yml`` names one of its
    columns as written in the export (``personnes``, ``correspondances``).
    """
    from .errors import SizeUpError
    from .form_answers import type_answers

    if survey_exports.platform_of(frame.columns) != survey_exports.KOBO:
        return frame
    named = {str(c) for c in (f.people or {}).values()} | set(f.mappings)
    try:
        typed, report = type_answers(frame, form)
    except SizeUpError:
        return frame
    if named - set(map(str, typed.columns)) and named & set(map(str, frame.columns)):
        return frame
    text = {}
    for column in typed.columns:
        s = typed[column]
        if pd.api.types.is_datetime64_any_dtype(s):
            values = s.dt.strftime("%Y-%m-%d %H:%M:%S").where(s.notna(), None)
        else:
            values = s.astype(object).where(s.notna(), None)
            values = values.map(lambda v: v if v is None else str(v))
        text[column] = values.astype(object)
    out = pd.DataFrame(text, index=frame.index)
    out.attrs = dict(frame.attrs)
    flags = [c for c, t in report.typed.items() if t == "select_multiple/choice"]
    out.attrs[survey_tools.FLAGS_KEY] = [c for c in flags if c in out.columns]
    return out


def _columns(frames: dict[str, pd.DataFrame], names: list[str]) -> set[str]:
    return {str(c) for n in names for c in frames[n].columns}


def _sheet_groups(frames: dict[str, pd.DataFrame]) -> list[list[str]]:
    """Sheets grouped by their columns (a platform's system columns left aside)."""
    groups: list[tuple[set[str], list[str]]] = []
    for name, frame in frames.items():
        system = survey_exports.system_columns(frame.columns)
        own = {str(c) for c in frame.columns if c not in system}
        for shared, names in groups:
            common = len(own & shared)
            if common >= 2 and common >= 0.8 * min(len(own), len(shared)):
                names.append(name)
                shared |= own
                break
        else:
            groups.append((own, [name]))
    return [names for _, names in groups]


def _stack(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One sheet as read, or sheets stacked with a ``feuille`` column first."""
    if len(frames) == 1:
        return next(iter(frames.values())).reset_index(drop=True)
    name = "feuille"
    while any(name in fr.columns for fr in frames.values()):
        name += "_"
    parts = [fr.assign(**{name: sheet}) for sheet, fr in frames.items()]
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[[name, *[c for c in frame.columns if c != name]]]
    return default_text(frame)


def _sheet_file(f: DataFile, role: str, names: list[str], frame: pd.DataFrame) -> DataFile:
    """The declared file seen as one of its sheets' tables (role ``<role>-<sheet>``).

    The declared people columns follow only if the sheet has them all (a register stays
    one table); the reviewed correspondences follow for the columns the sheet has.
    """
    from dataclasses import replace

    people = {k: c for k, c in (f.people or {}).items() if k in _PEOPLE_KINDS}
    keep = bool(people) and all(c in frame.columns for c in people.values())
    snake = {cleaning.snake_case(c) for c in frame.columns}
    return replace(
        f,
        role=role,
        description=f"{f.description} (feuille « {names[0]} »)".strip(),
        people=people if keep else None,
        wide_attendance=False,
        mappings={c: m for c, m in f.mappings.items() if c in frame.columns or c in snake},
    )


# ======================================================================================
# The workspace-level cleaning
# ======================================================================================
def clean_workspace(
    ws: Workspace,
    *,
    rules: str | Path | dict[str, Any] | None = None,
    mappings: dict[str, dict[str, dict[str, str]]] | None = None,
    roles: list[str] | None = None,
    reference_date: Any = None,
    age_limits: tuple[int, ...] | None = None,
    timestamps: str | None = None,
    postcodes: str | None = None,
    save: bool = True,
) -> WorkspaceCleaning:
    """Clean, deduplicate and pseudonymise every table of the workspace, and save them.

    Parameters
    ----------
    ws
        The workspace (:func:`~sizeup_helpers.open_workspace`).
    rules
        Rules of an earlier cleaning to replay instead of guessing: ``{role: rules}``, or
        the folder holding the ``regles-nettoyage-<role>.yml`` files (an earlier run's
        ``05-nettoyage``). Tables without rules are cleaned as usual.
    mappings
        Reviewed category correspondences, ``{role: {column: {variant: value}}}`` (column
        names as read or as cleaned); they complete and override those of
        ``structure.yml`` (``correspondances``) and the proposed ones.
    roles
        Only these tables (all tabular files when ``None``): declared roles, or the roles
        of a workbook's sheets' tables (:func:`table_roles`).
    reference_date
        Date at which ages are computed for the age bands; 31 December of the structure's
        ``annee`` when ``None`` (today if the year is not given).
    age_limits
        Lower bounds of the age bands (see :func:`~sizeup_helpers.privacy.age_bands`);
        ``(0, 18, 26, 50, 65)`` when ``None``.
    timestamps
        How precise the timestamps (dates with a time of day) of tables holding personal
        data stay: ``"jour"`` (the date, the default), ``"mois"`` or ``"complet"``.
    postcodes
        What the postcodes of tables holding personal data become: ``"departement"``
        (the default), ``"commune"`` (removed when the table names the town) or
        ``"complet"``.
    save
        Write the tables, the dictionary, the journal and the rules.

    Returns
    -------
    WorkspaceCleaning

    Raises
    ------
    CleanWorkspaceError
        When a column named in ``structure.yml`` (``personnes``, ``correspondances``) or in
        ``mappings`` is not in the file: the message names the file and the column.

    Notes
    -----
    Quasi-identifiers: a postcode with a town, a diploma and a timestamp to the second
    single a person out even without a name (CNIL, « l'anonymisation de données
    personnelles » ; WP29 opinion 05/2014: individualisation, correlation, inference). By
    default, what a publication does not need is coarsened: timestamps to the date,
    postcodes to the département, dates of birth to age bands. The choice is recorded in
    each table's rules (``generalisation``), so a replay gives the same; ``None`` takes the
    replayed rules' choice, else the default.
    """
    if timestamps is not None:
        privacy.check_choice(timestamps, privacy.TIMESTAMP_PRECISIONS, "timestamps")
    if postcodes is not None:
        privacy.check_choice(postcodes, privacy.POSTCODE_LEVELS, "postcodes")
    files = tabular_files(ws)
    if roles is not None:
        files = _files_for(ws, list(roles))
        for r in roles:
            if not any(r == f.role or r.startswith(f"{f.role}-") for f in files):
                ws.file(r)  # the usual message for a role nobody declared
    mappings = dict(mappings or {})
    declared = {f.role for f in ws.files}
    unknown = [r for r in mappings if r not in declared and not _files_for(ws, [r])]
    if unknown:
        raise CleanWorkspaceError(
            f"Correspondances : aucun fichier n'a le rôle « {unknown[0]} » (rôles : "
            f"{', '.join(f.role for f in tabular_files(ws))})."
        )
    # one table per declared file, or per group of a workbook's sheets (table_roles)
    tables = _tables_of(ws, files)
    if roles is not None:
        wanted = set(roles)
        tables = [t for t in tables if t[0].role in wanted]
    unknown = [r for r in mappings if r not in {t[0].role for t in tables} | declared]
    if unknown:
        raise CleanWorkspaceError(
            f"Correspondances : aucune table n'a le rôle « {unknown[0]} » (tables : "
            f"{', '.join(t[0].role for t in tables)})."
        )
    raw_of = {t[0].role: (t[1], t[2]) for t in tables}
    files = [t[0] for t in tables]
    names = _workspace_names(tables)  # people's names, redacted in every table's text
    rules_by_role = _rules_by_role(rules, files)
    ref = _reference_date(ws, reference_date)
    key_note = privacy.move_old_key(ws)
    key = privacy.load_or_create_key(ws)
    linked_ids = {
        cleaning.snake_case(col)
        for f in ws.files
        for k, col in (f.people or {}).items()
        if k == "identifiant"
    }
    register = register_role(ws)
    result = WorkspaceCleaning(tables={}, register=register, key_note=key_note)
    directory: _Directory | None = None
    # the register first: the other tables' people are linked to it
    ordered = sorted(files, key=lambda f: f.role != register)
    for f in ordered:
        table, people = _clean_file(
            ws,
            f,
            key=key,
            rules=rules_by_role.get(f.role),
            mapping=mappings.get(f.role, {}),
            reference=ref,
            coarsen=_generalisation(
                rules_by_role.get(f.role),
                age_limits=age_limits,
                timestamps=timestamps,
                postcodes=postcodes,
            ),
            linked_ids=linked_ids,
            register=None if _is_register(f) else directory,
            raw=raw_of[f.role],
            names=names,
        )
        result.tables[f.role] = table
        if f.role == register and people is not None:
            directory = _Directory(f.role, *people)
    result.tables = {f.role: result.tables[f.role] for f in files}
    _link_parents(result, tables)
    if save:
        result.paths = _save(ws, result)
    return result


def _link_parents(
    result: WorkspaceCleaning, tables: list[tuple[DataFile, pd.DataFrame, list[str]]]
) -> None:
    """Each table's platform columns, and a repeat group's link to its parent table.

    ``tables`` are the tables as read (:func:`_tables_of`). A KoboToolbox repeat group's
    ``_parent_index`` is the ``_index`` of its parent row in the sheet named by
    ``_parent_table_name`` (:func:`~sizeup_helpers.survey_exports.parent_link`), which
    may be in the same workbook or declared as another entry with its ``feuille``.
    """
    role_of = {(str(f.path), sheet): f.role for f, _, sheets in tables for sheet in sheets}
    raw_names = {}
    for role, t in result.tables.items():
        column_of = {e["source"]: e["colonne"] for e in (t.rules or {}).get("colonnes", [])}
        raw_names[role] = column_of
        sources = list(column_of)
        system = survey_exports.system_columns(sources)
        t.system = {
            column_of[c]: column.label
            for c, column in system.items()
            if column_of.get(c) in t.data.columns
        }
    for f, frame, _ in tables:
        link = survey_exports.parent_link(frame)
        if link is None or f.role not in result.tables:
            continue
        parent = role_of.get((str(f.path), link[0]))
        child_col = raw_names[f.role].get(link[1])
        parent_col = raw_names.get(parent or "", {}).get(link[2])
        if parent is not None and child_col is not None and parent_col is not None:
            result.tables[f.role].parent = (child_col, parent, parent_col)


def _rules_by_role(rules: Any, files: list[DataFile]) -> dict[str, dict[str, Any]]:
    if rules is None:
        return {}
    if isinstance(rules, dict):
        return {r: cleaning.check_rules(v) for r, v in rules.items()}
    folder = Path(rules)
    if not folder.is_dir():
        raise CleanWorkspaceError(
            f"Le dossier de règles « {folder} » est introuvable : "
            "donnez le dossier 05-nettoyage d'un nettoyage précédent."
        )
    out = {}
    for f in files:
        path = folder / cleaning.rules_file_name(f.role)
        if path.is_file():
            out[f.role] = cleaning.load_rules(path)
    return out


def _safe(name: str) -> str:
    return french.slugify(name) or "table"


def _reference_date(ws: Workspace, value: Any) -> pd.Timestamp:
    if value not in (None, ""):
        try:
            return pd.Timestamp(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"`reference_date` n'est pas une date : {value!r} (écrivez-la 2025-12-31)."
            ) from None
    year = ws.config["structure"].get("annee")
    return (
        pd.Timestamp(year=int(year), month=12, day=31) if year else pd.Timestamp.today().normalize()
    )


def _where(ws: Workspace, f: DataFile) -> str:
    return f"structure.yml, fichier « {f.relative} »"


def _people_columns(ws: Workspace, f: DataFile, raw: pd.DataFrame) -> dict[str, str]:
    """``{kind: raw column}`` declared under ``personnes`` (checked to exist)."""
    people = {k: v for k, v in (f.people or {}).items() if k in _PEOPLE_KINDS}
    missing = [(k, c) for k, c in people.items() if c not in raw.columns]
    if missing:
        kind, col = missing[0]
        known = ", ".join(f"« {c} »" for c in raw.columns)
        raise CleanWorkspaceError(
            f"{_where(ws, f)} : la colonne « {col} » déclarée dans personnes.{kind} n'existe "
            f"pas dans le fichier (colonnes : {known})."
        )
    return people


def _clean_file(
    ws: Workspace,
    f: DataFile,
    *,
    key: privacy.PseudonymKey,
    rules: dict[str, Any] | None,
    mapping: dict[str, dict[str, str]],
    reference: pd.Timestamp,
    coarsen: dict[str, Any],
    linked_ids: set[str],
    register: _Directory | None = None,
    raw: tuple[pd.DataFrame, list[str]],
    names: privacy.KnownNames | None = None,
) -> tuple[TableCleaning, tuple[pd.DataFrame, dict[str, str]] | None]:
    """One table cleaned, and its people (fields as read, pseudonym) for a register to link to.

    ``raw`` is the table as read and its sheets (:func:`_tables_of`).
    """
    raw, sheets = raw
    people = _people_columns(ws, f, raw)
    detected = privacy.detect_identifiers(raw)
    auto = dict(zip(map(str, detected["colonne"]), detected["type"], strict=True))
    if f.people is not None:  # declared: trust it; content checks remain a safety net
        declared = set(people.values())
        others = {c: k for c, k in auto.items() if c not in declared and k != "date_naissance"}
    else:
        others = auto
    # identifiers written inside text (all but the identifier columns) replaced first
    names = (names or privacy.KnownNames()) | _known_names(raw, people, others)
    keep = {*people.values(), *others}
    raw, redacted, renamed = _redact_raw(raw, keep, names, declared=set(people.values()))
    others = {renamed.get(c, c): k for c, k in others.items()}
    if f.wide_attendance:
        clean, journal, kinds, rules_out, problems = _clean_attendance(ws, raw, people)
        proposals: dict[str, pd.DataFrame] = {}
        source_of = {cleaning.snake_case(c): c for c in raw.columns}
    else:
        clean, journal, kinds, rules_out, problems, proposals = _clean_typed(
            ws, f, raw, people, rules, mapping
        )
        source_of = {e["colonne"]: e["source"] for e in rules_out["colonnes"]}
    column_of = {src: col for col, src in source_of.items()}
    ids: dict[str, tuple[str, str]] = {}
    masked_cols = {column_of[c] for c in list(people.values()) + list(others) if c in column_of}

    # ---- people: find them, give each a keyed pseudonym ----------------------------
    n_people = None
    duplicates = None
    rows_data = None
    directory = None
    link = _Link()
    person_cols = {k: column_of[c] for k, c in people.items() if c in column_of}
    if person_cols:
        if f.wide_attendance:
            text = clean[list(person_cols.values())].astype(object)
        else:
            text = raw.loc[clean.index, [source_of[c] for c in person_cols.values()]]
            text.columns = list(person_cols.values())
        rows = None if f.wide_attendance else text.index.to_numpy()
        text = text.reset_index(drop=True)
        person, duplicates = _find_people(
            text,
            person_cols,
            key,
            journal,
            sheet_rows=_sheet_rows(clean, text) if f.wide_attendance else None,
            rows=rows,
        )
        context = _date_context(clean, kinds, set(person_cols.values()))
        if register is not None:
            person, link = _follow_register(
                person, pd.concat([text, context], axis=1), person_cols, register, journal
            )
        clean = clean.copy()
        clean.insert(0, PERSON_ID, person)
        n_people = int(pd.Series(person).nunique())
        directory = (pd.concat([text, context], axis=1).assign(**{PERSON_ID: person}), person_cols)

    # ---- dates of birth to age bands ------------------------------------------------
    dob = person_cols.get("date_naissance")
    if dob is None and f.people is None:
        dob = next(
            (column_of[c] for c, k in others.items() if k == "date_naissance" and c in column_of),
            None,
        )
    if dob is not None and dob in clean.columns:
        births = clean[dob]
        if not pd.api.types.is_datetime64_any_dtype(births):
            births = cleaning.parse_dates(clean[[dob]], dob, journal=journal)[dob]
        bands = privacy.age_bands(births, reference, bands=coarsen["tranches_age"])
        position = list(clean.columns).index(dob)
        clean = clean.drop(columns=[dob])
        clean.insert(position, AGE_BAND, bands.rename(AGE_BAND))
        kinds[AGE_BAND] = "likert"
        ids[source_of.get(dob, dob)] = ("date_naissance", "tranche d'âge")
        journal.add(
            "tranches d'âge",
            AGE_BAND,
            rows=int(bands.notna().sum()),
            detail=f"Dates de naissance remplacées par des tranches d'âge au "
            f"{reference:%d/%m/%Y} ; la date elle-même est retirée.",
        )

    # ---- direct identifiers: pseudonymised or removed ---------------------------------
    to_pseudo, to_drop = [], []
    for kind, col in person_cols.items():
        if kind == "date_naissance" or col not in clean.columns:
            continue
        if kind == "identifiant":
            to_pseudo.append(col)
            ids[source_of.get(col, col)] = ("identifiant", "pseudonymisée")
        else:
            to_drop.append(col)
            ids[source_of.get(col, col)] = (kind, "retirée (remplacée par personne_id)")
    for src, kind in others.items():
        col = column_of.get(src)
        if col is None or col not in clean.columns or col in to_pseudo or col in to_drop:
            continue
        if kind == "date_naissance":
            continue
        to_pseudo.append(col)
        ids[src] = (kind, "pseudonymisée")
    for col in clean.columns:  # the same identifying number declared in another file
        if col in linked_ids and col not in to_pseudo and col not in to_drop and col != PERSON_ID:
            to_pseudo.append(col)
            ids[source_of.get(col, col)] = ("identifiant", "pseudonymisée")
    if to_pseudo:
        clean = privacy.pseudonymise(clean, to_pseudo, key)
        for col in to_pseudo:
            kinds[col] = "identifier"
        journal.add(
            "pseudonymisation",
            ", ".join(to_pseudo),
            rows=int(clean[to_pseudo].notna().any(axis=1).sum()),
            detail="Identifiants remplacés par des pseudonymes à clé (HMAC-SHA256) : "
            "la même valeur donne toujours le même pseudonyme avec la clé de "
            "l'espace, et personne ne peut le recalculer sans elle.",
        )
    if to_drop:
        clean = clean.drop(columns=to_drop)
        journal.add(
            "retrait des identifiants",
            ", ".join(to_drop),
            rows=len(clean),
            detail="Identifiants directs retirés (minimisation) : la personne est "
            "suivie par son pseudonyme personne_id.",
        )
    for col in to_drop:
        kinds.pop(col, None)

    _journal_redactions(journal, redacted, column_of)

    # ---- quasi-identifiers: timestamps and postcodes coarsened -------------------------
    personal = bool(f.personal_data or person_cols or ids or others)
    coarsened: list[tuple[str, str, str]] = []
    if personal:
        clean, coarsened = _coarsen(clean, kinds, journal, coarsen, source_of)

    # ---- registers: one row per person -------------------------------------------------
    if n_people is not None and (f.people or {}).get("une_ligne_par_personne"):
        rows_data = clean
        clean = cleaning.merge_duplicate_people(clean, id_column=PERSON_ID, journal=journal)
        kinds["nb_lignes_fusionnees"] = "number"

    attended = _attended(clean, f) if n_people is not None else None
    sensitive = _sensitive(clean, raw, column_of, kinds)
    journal = _safe_journal(
        journal,
        masked_cols
        | set(to_pseudo)
        | set(to_drop)
        | {c for c in clean.columns if kinds.get(c) == "text"},
    )
    if rules_out is not None and not f.wide_attendance:
        rules_out = {**rules_out, "generalisation": coarsen}
    table = TableCleaning(
        role=f.role,
        source=f.relative,
        sheets=sheets,
        raw_rows=len(raw),
        raw_columns=raw.shape[1],
        data=clean.reset_index(drop=True),
        journal=journal,
        rules=rules_out if not f.wide_attendance else None,
        kinds=kinds,
        identifiers=ids,
        coarsened=coarsened,
        sensitive=sensitive,
        proposals=proposals,
        n_people=n_people,
        register=link.register,
        in_register=link.in_register,
        ambiguous=link.ambiguous,
        attended=attended,
        duplicates=duplicates,
        rows_data=rows_data.reset_index(drop=True) if rows_data is not None else None,
        problems=problems,
    )
    return table, directory


def _clean_typed(
    ws: Workspace,
    f: DataFile,
    raw: pd.DataFrame,
    people: dict[str, str],
    rules: dict[str, Any] | None,
    mapping: dict[str, dict[str, str]],
):
    """clean_table with the reviewed correspondences applied over the proposed ones.

    A survey platform's system columns (:mod:`~sizeup_helpers.survey_exports`) are typed
    for what they are: timestamps as dates, row keys as integers (or text for a UUID) of
    kind ``"key"``, metadata as categories, device identifiers as text (pseudonymised
    afterwards); they get no category correspondence to review.
    """
    system = survey_exports.system_columns(raw.columns)
    if rules is not None:
        first = cleaning.replay_cleaning(raw, rules)
    else:
        names = dict(zip(raw.columns, cleaning.clean_column_names(raw).columns, strict=True))
        forced = {
            names[c]: ("date" if k == "date_naissance" else "text") for k, c in people.items()
        }
        if raw.columns[0] == "feuille" and len(raw.columns) > 1:  # stacked sheets
            forced.setdefault("feuille", "category")
        for c, column in system.items():
            if raw[c].notna().any():
                forced.setdefault(names[c], _SYSTEM_TYPES[column.dtype])
        for c in survey_tools.flag_columns(raw):  # a multiple answer's 0/1 columns
            forced.setdefault(names[c], "number")
        # a survey tool's export has one row per response, never a total row: a response
        # whose numbers and boxes add up to those above is kept
        totals = survey_tools.tool_of(raw.columns) is None
        first = cleaning.clean_table(raw, kinds=forced, drop_totals=totals)
    reviewed = _reviewed(ws, f, raw, first.rules, {**f.mappings, **mapping})
    rules_out = first.rules
    result = first
    if reviewed:
        rules_out = _merge_mappings(first.rules, reviewed, raw)
        result = cleaning.clean_table(raw, rules=rules_out)
        result.problems[:0] = first.problems if rules is not None else []
    proposals = {}
    for entry in rules_out["colonnes"]:
        if entry["type"] == "catégorie" and entry["source"] not in system:
            col = entry["colonne"]
            raw_counts = raw[entry["source"]].value_counts(dropna=True)
            table = pd.DataFrame(
                {
                    "valeur": [str(v) for v in raw_counts.index],
                    "effectif": raw_counts.to_numpy(dtype="int64"),
                }
            )
            corr = entry.get("correspondances") or {}
            table["proposition"] = [
                corr.get(cleaning.squeeze_spaces(v), v) for v in table["valeur"]
            ]
            table["relue"] = [
                cleaning.squeeze_spaces(v) in reviewed.get(col, {}) for v in table["valeur"]
            ]
            proposals[col] = (
                table[["valeur", "proposition", "effectif", "relue"]]
                .sort_values(["proposition", "effectif"], ascending=[True, False])
                .reset_index(drop=True)
            )
    data, kinds = _type_row_keys(result.data, dict(result.kinds), system, rules_out)
    return (data, result.journal, kinds, rules_out, list(result.problems), proposals)


# how clean_table types each survey platform's system column (survey_exports' dtype)
_SYSTEM_TYPES = {"datetime": "date", "integer": "number", "text": "text", "category": "category"}


def _type_row_keys(
    data: pd.DataFrame,
    kinds: dict[str, str],
    system: dict[Any, survey_exports.SystemColumn],
    rules: dict[str, Any],
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Row keys of a platform's export: kind ``"key"``, whole numbers as ``Int64``."""
    column_of = {e["source"]: e["colonne"] for e in rules["colonnes"]}
    for source, column in system.items():
        col = column_of.get(source)
        if column.kind != survey_exports.ROW_KEY or col not in data.columns:
            continue
        kinds[col] = "key"
        s = data[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            known = s.dropna()
            if bool((known == known.round()).all()):
                data = data.assign(**{col: s.round().astype("Int64")})
    return data, kinds


def _reviewed(
    ws: Workspace,
    f: DataFile,
    raw: pd.DataFrame,
    rules: dict[str, Any],
    mapping: dict[str, dict[str, str]],
) -> dict[str, dict[str, str]]:
    """Reviewed correspondences by cleaned column name (raw names accepted)."""
    by_source = {e["source"]: e["colonne"] for e in rules["colonnes"]}
    cleaned = set(by_source.values())
    out: dict[str, dict[str, str]] = {}
    for column, corr in mapping.items():
        col = by_source.get(column, column if column in cleaned else None)
        if col is None:
            snake = cleaning.snake_case(column)
            col = snake if snake in cleaned else None
        if col is None:
            known = ", ".join(f"« {c} »" for c in by_source)
            raise CleanWorkspaceError(
                f"{_where(ws, f)} : correspondances pour la colonne « {column} », absente "
                f"du fichier (colonnes : {known})."
            )
        if not isinstance(corr, dict):
            raise TypeError(
                f"Correspondances de la colonne « {column} » : il faut un "
                "dictionnaire {variante: valeur retenue}, pas "
                f"{type(corr).__name__}."
            )
        out.setdefault(col, {}).update(
            {cleaning.squeeze_spaces(str(k)): str(v) for k, v in corr.items()}
        )
    return out


def _merge_mappings(
    rules: dict[str, Any], reviewed: dict[str, dict[str, str]], raw: pd.DataFrame
) -> dict[str, Any]:
    """New rules: each reviewed column becomes a category with the merged correspondence.

    A value that differs only by case, accents or spaces from a reviewed variant or from a
    reviewed target follows it (« Emploi » goes where the reviewer sent « emploi »): the
    reviewer writes down only what automatic matching cannot find.
    """
    fold = cleaning.category_key
    entries = []
    for entry in rules["colonnes"]:
        entry = dict(entry)
        reviewed_col = reviewed.get(entry["colonne"])
        if reviewed_col:
            merged = dict(entry.get("correspondances") or {})
            by_fold = {fold(v): v for v in reviewed_col.values()}
            by_fold.update({fold(k): v for k, v in reviewed_col.items()})
            raw_values = {
                cleaning.squeeze_spaces(str(v)) for v in raw[entry["source"]].dropna().unique()
            } - {""}
            for value in raw_values - set(merged):
                merged[value] = value
            # values proposed to the same spelling as a reviewed variant or target follow it
            for variant, proposal in list(merged.items()):
                target = by_fold.get(fold(variant)) or by_fold.get(fold(proposal))
                if target is not None:
                    merged[variant] = target
            merged.update(reviewed_col)
            entry.update(
                {
                    "type": "catégorie",
                    "operation": "apply_category_mapping",
                    "correspondances": dict(sorted(merged.items())),
                }
            )
            entry.pop("options", None)
        entries.append(entry)
    return {**rules, "colonnes": entries}


def _clean_attendance(ws: Workspace, raw: pd.DataFrame, people: dict[str, str]):
    """A wide attendance sheet: totals removed, one row per person and session."""
    journal = cleaning.Journal()
    sessions = [
        c
        for c in raw.columns
        if cleaning.session_of_column(c, 2000) is not None and c not in people.values()
    ]
    id_cols = [c for c in raw.columns if c not in sessions]
    wide = cleaning.drop_total_rows(raw, label_columns=id_cols, check_sums=False, journal=journal)
    # footer rows (« Signature du formateur : ») carry no session at all
    blank = wide[id_cols].isna().all(axis=1) | wide[sessions].isna().all(axis=1)
    if blank.any():
        journal.add(
            "drop_total_rows",
            "",
            rows=int(blank.sum()),
            detail=french.plural(
                int(blank.sum()),
                "ligne sans aucune séance retirée",
                "lignes sans aucune séance retirées",
            )
            + " (pied de page, signature).",
        )
    wide = wide[~blank]
    year = ws.config["structure"].get("annee")
    long = cleaning.attendance_to_long(wide, id_columns=id_cols, year=year, journal=journal)
    long = cleaning.clean_column_names(long, journal=journal)
    kinds = {c: "text" for c in long.columns}
    kinds.update({"date": "date", "demi_journee": "category", "statut": "category"})
    for c in long.columns:
        if c not in ("date", "demi_journee", "statut") and not isinstance(
            long[c].dtype, pd.CategoricalDtype
        ):
            long[c] = default_text(long[c].astype(object).where(long[c].notna()))
    return (
        long,
        journal,
        kinds,
        {
            "version": cleaning.RULES_VERSION,
            "colonnes": [
                {"source": c, "colonne": cleaning.snake_case(c), "type": "texte"} for c in id_cols
            ],
        },
        [],
    )


def _sheet_rows(long: pd.DataFrame, text: pd.DataFrame) -> np.ndarray | None:
    """The line of the wide attendance sheet each row of ``long`` comes from.

    :func:`~sizeup_helpers.cleaning.attendance_to_long` writes each line of the sheet as a
    block of one row per session, in the sheet's order; ``None`` when the blocks cannot be
    told apart for sure (then names alone link the rows).
    """
    sessions = long[["date", "demi_journee"]].astype(object).drop_duplicates()
    size = len(sessions)
    if not size or len(long) % size:
        return None
    line = np.arange(len(long)) // size
    same = text.astype(object).fillna("").astype(str).groupby(line).nunique().max()
    return line if (same <= 1).all() else None


def _groups_said(n: int, to_check: int) -> str:
    """The groups of rows of one person and those to review, for the journal (French)."""
    if not n:
        return "aucune ligne en double."
    groups = french.plural(n, "groupe de lignes", "groupes de lignes") + " d'une même personne"
    if not to_check:
        return groups + " : aucun à vérifier (e-mail, téléphone ou identifiant commun)."
    return (
        f"{groups}, dont {french.integer(to_check)} à vérifier (reliées seulement par un nom "
        "ou une ressemblance, sans e-mail, téléphone ni identifiant commun)."
    )


def _find_people(
    text: pd.DataFrame,
    person_cols: dict[str, str],
    key: privacy.PseudonymKey,
    journal: cleaning.Journal,
    *,
    sheet_rows: np.ndarray | None = None,
    rows: np.ndarray | None = None,
) -> tuple[np.ndarray, pd.DataFrame | None]:
    """Keyed pseudonym of the person of each row, and the groups of rows taken as one person.

    ``text`` holds the person's fields as read (text), one row per clean row;
    ``sheet_rows`` the line of the attendance sheet each row comes from (a wide sheet);
    ``rows`` the number of each row in the table as read (0 for its first data row), which
    the groups list (positions when ``None``).
    Each group says which links hold it (:func:`~sizeup_helpers.cleaning.review_groups`):
    only groups that no exact key (e-mail, name and phone, identifier, sheet line) holds
    together are *à vérifier*.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(text)
    kinds = {k: c for k, c in person_cols.items()}
    edges_i: list[np.ndarray] = []
    edges_j: list[np.ndarray] = []
    links: list[pd.DataFrame] = []
    review = None
    args = {
        "last_name": kinds.get("nom"),
        "first_name": kinds.get("prenom"),
        "full_name": kinds.get("nom_complet"),
        "email": kinds.get("email"),
        "birth_date": kinds.get("date_naissance"),
    }

    def exact(i: np.ndarray, j: np.ndarray, rule: str) -> None:
        edges_i.append(i)
        edges_j.append(j)
        links.append(pd.DataFrame({"i": i, "j": j, "regle": rule, "score": 100.0}))

    if any(args[k] for k in ("last_name", "first_name", "full_name", "email")):
        found = cleaning.find_duplicate_people(text, **args, id_column="__personne__")
        labels = found.data["__personne__"].to_numpy()
        if kinds.get("telephone"):
            labels = _split_by_phone(
                labels,
                text[kinds["telephone"]].map(_phone_key),
                text[kinds["email"]] if kinds.get("email") else None,
            )
        links.append(found.links)
        review = found.review  # replaced below by the groups of all the links
        i, j = _same_key(labels)
        edges_i.append(i)
        edges_j.append(j)
    # same name and same phone number (written any way): one person
    name_cols = [text[kinds[k]] for k in ("nom_complet", "nom", "prenom") if kinds.get(k)]
    if kinds.get("telephone") and name_cols:
        phone = text[kinds["telephone"]].map(_phone_key)
        joined = name_cols[0].fillna("").astype(str)
        for part in name_cols[1:]:
            joined = joined + " " + part.fillna("").astype(str)
        name = joined.map(cleaning.name_key)
        both = (phone != "") & (name != "")
        exact(*_same_key(np.where(both, name + "|" + phone, None)), "telephone")
    ident = kinds.get("identifiant")
    ident_key = None
    if ident:
        ident_key = (
            text[ident]
            .map(
                lambda v: (
                    privacy.normalise_for_pseudonym(v) if isinstance(v, str) and v.strip() else ""
                )
            )
            .to_numpy(dtype=object)
        )
        exact(*_same_key(np.where(ident_key == "", None, ident_key)), "identifiant")
    if sheet_rows is not None:
        exact(*_same_key(np.asarray(sheet_rows, dtype=object)), "ligne")
    ei = np.concatenate(edges_i) if edges_i else np.zeros(0, dtype=np.int64)
    ej = np.concatenate(edges_j) if edges_j else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(ei)), (ei, ej)), shape=(n, n))
    _, group = connected_components(graph, directed=False)
    if review is not None:  # names or e-mails compared: say which groups to review
        review = cleaning.review_groups(group, pd.concat(links, ignore_index=True), labels=rows)
        n_people = len(np.unique(group))
        journal.add(
            "find_duplicate_people",
            PERSON_ID,
            rows=n - n_people,
            detail=f"{french.plural(n, 'ligne', 'lignes')} pour "
            f"{french.plural(n_people, 'personne distincte', 'personnes distinctes')} ; "
            + _groups_said(len(review), int(review["a_verifier"].sum())),
        )
    # the pseudonym of a group: from its identifier, else its most frequent e-mail, else
    # its name (and date of birth) — so the same person gets the same pseudonym in every
    # file that carries the same identifier or e-mail
    basis = pd.Series([""] * n, dtype=object)
    candidates = []
    if ident_key is not None:
        candidates.append(pd.Series(ident_key, dtype=object).map(lambda v: f"id:{v}" if v else ""))
    if kinds.get("email"):
        email = text[kinds["email"]].map(
            lambda v: (
                f"email:{privacy.normalise_for_pseudonym(v)}"
                if isinstance(v, str) and "@" in v
                else ""
            )
        )
        candidates.append(email)
    name_parts = [text[kinds[k]] for k in ("nom_complet", "nom", "prenom") if kinds.get(k)]
    if name_parts:
        joined = name_parts[0].fillna("").astype(str)
        for part in name_parts[1:]:
            joined = joined + " " + part.fillna("").astype(str)
        folded = joined.map(cleaning.name_key)
        if kinds.get("date_naissance"):
            folded = folded + "|" + text[kinds["date_naissance"]].fillna("").astype(str)
        candidates.append(folded.map(lambda v: f"nom:{v}" if v.strip("| ") else ""))
    for cand in candidates:
        frame = pd.DataFrame({"g": group, "v": cand.to_numpy()})
        frame = frame[frame["v"] != ""]
        best = frame.groupby("g")["v"].agg(lambda s: s.value_counts().index[0])
        fill = pd.Series(group).map(best).fillna("")
        basis = basis.where(basis != "", fill)
    basis = basis.where(basis != "", pd.Series([f"ligne:{g}" for g in group]))
    ids = privacy.pseudonymise(pd.DataFrame({"k": basis}), "k", key, normalise=False)["k"]
    return ids.to_numpy(dtype=object), review


# ---- quasi-identifiers ----------------------------------------------------------------
#: What step 05 coarsens by default (recorded in each table's rules, ``generalisation``).
DEFAULT_GENERALISATION: dict[str, Any] = {
    "horodatages": "jour",
    "codes_postaux": "departement",
    "tranches_age": [0, 18, 26, 50, 65],
}
_TOWN_NAMES = ("ville", "commune", "localite", "ville_de_residence", "commune_de_residence")


def _generalisation(
    rules: dict[str, Any] | None,
    *,
    age_limits: tuple[int, ...] | None,
    timestamps: str | None,
    postcodes: str | None,
) -> dict[str, Any]:
    """The coarsening of one table: the arguments, else the replayed rules', else defaults."""
    recorded = (rules or {}).get("generalisation") or {}
    out = {**DEFAULT_GENERALISATION, **recorded}
    if timestamps is not None:
        out["horodatages"] = timestamps
    if postcodes is not None:
        out["codes_postaux"] = postcodes
    if age_limits is not None:
        out["tranches_age"] = [int(a) for a in age_limits]
    privacy.check_choice(out["horodatages"], privacy.TIMESTAMP_PRECISIONS, "horodatages")
    privacy.check_choice(out["codes_postaux"], privacy.POSTCODE_LEVELS, "codes_postaux")
    return out


def _coarsen(
    clean: pd.DataFrame,
    kinds: dict[str, str],
    journal: cleaning.Journal,
    choice: dict[str, Any],
    source_of: dict[str, str],
) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """Timestamps to the day or month, postcodes to the département (or removed).

    Returns the new table and what was done: ``(clean column or "" when removed, column as
    read, treatment in French)``.
    """
    done: list[tuple[str, str, str]] = []
    precision = choice["horodatages"]
    if precision != "complet":
        what = "horodatage ramené au jour" if precision == "jour" else "horodatage ramené au mois"
        for col in clean.columns:
            s = clean[col]
            if col == PERSON_ID or not pd.api.types.is_datetime64_any_dtype(s):
                continue
            known = s.dropna()
            if known.empty or not bool((known != known.dt.normalize()).any()):
                continue  # a plain date: analyses need it (before / after, 6 months)
            clean = clean.assign(**{col: privacy.coarsen_timestamps(s, precision)})
            done.append((col, source_of.get(col, col), what))
            journal.add(
                "généralisation",
                col,
                rows=int(known.size),
                detail=f"Horodatage ramené {'au jour' if precision == 'jour' else 'au mois'} : "
                "l'heure à la seconde, avec un code postal et un diplôme, peut désigner "
                "une personne (quasi-identifiant, CNIL).",
            )
    level = choice["codes_postaux"]
    if level != "complet":
        towns = [c for c in clean.columns if c in _TOWN_NAMES]
        for col in [c for c in clean.columns if c != PERSON_ID]:
            if not privacy.is_postcode_column(col, clean[col].astype(object)):
                continue
            n = int(clean[col].notna().sum())
            if level == "commune" and towns:
                clean = clean.drop(columns=[col])
                kinds.pop(col, None)
                done.append(
                    (
                        "",
                        source_of.get(col, col),
                        f"code postal retiré (la commune reste : {towns[0]})",
                    )
                )
                journal.add(
                    "généralisation",
                    col,
                    rows=n,
                    detail=f"Code postal retiré : la commune (« {towns[0]} ») suffit à décrire "
                    "le public.",
                )
                continue
            name = "departement" if "departement" not in clean.columns else f"departement_{col}"
            position = list(clean.columns).index(col)
            values = privacy.postcode_departement(clean[col].astype(object)).astype("category")
            clean = clean.drop(columns=[col])
            clean.insert(position, name, values)
            kinds.pop(col, None)
            kinds[name] = "category"
            done.append((name, source_of.get(col, col), "code postal ramené au département"))
            journal.add(
                "généralisation",
                name,
                rows=n,
                detail="Code postal ramené au département (deux premiers chiffres ; 2A / 2B "
                "en Corse, trois chiffres outre-mer) : la commune, si le fichier la donne, "
                "reste à côté.",
            )
    return clean, done


# ---- the register of people -----------------------------------------------------------
#: Roles that name a register of people when no file says ``une_ligne_par_personne``.
_REGISTER_WORDS = ("inscri", "registre", "adherent", "beneficiaire", "stagiaire", "participant")


def _is_register(f: DataFile) -> bool:
    return bool((f.people or {}).get("une_ligne_par_personne"))


def _names_people(f: DataFile) -> bool:
    return any(k in _PEOPLE_KINDS for k in (f.people or {}))


def register_role(ws: Workspace) -> str | None:
    """The role of the workspace's register of people, or ``None`` when it has none.

    The register is the file that knows every person the structure follows: the first
    tabular file declared ``une_ligne_par_personne: true`` under ``personnes`` (a
    trainees' file, a members' register), else the first file naming people whose role
    says registrations or register (``inscriptions``, ``registre``, ``adherents``…). The
    other people tables (attendance lists, follow-up, surveys) are linked to it in step 05,
    so that a person is counted once and carries the same pseudonym everywhere.
    """
    candidates = [f for f in tabular_files(ws) if _names_people(f)]
    for f in candidates:
        if _is_register(f):
            return f.role
    for f in candidates:
        if any(word in french.fold_key(f.role, sep="_") for word in _REGISTER_WORDS):
            return f.role
    return None


@dataclass(frozen=True)
class _Directory:
    """The register's people: their fields as read (text), dates and pseudonym, by row."""

    role: str
    text: pd.DataFrame
    columns: dict[str, str]

    @property
    def context(self) -> list[str]:
        return [c for c in self.text.columns if c.startswith(_CONTEXT)]


_CONTEXT = "__date_"


def _date_context(clean: pd.DataFrame, kinds: dict[str, str], skip: set[str]) -> pd.DataFrame:
    """The dates of each row (``AAAA-MM-JJ``), which tell homonyms apart when they meet."""
    columns = [
        c
        for c in clean.columns
        if c not in skip
        and kinds.get(c) == "date"
        and pd.api.types.is_datetime64_any_dtype(clean[c])
    ]
    return pd.DataFrame(
        {
            f"{_CONTEXT}{i}": clean[c].dt.strftime("%Y-%m-%d").astype(object).to_numpy()
            for i, c in enumerate(columns)
        },
        index=pd.RangeIndex(len(clean)),
    )


@dataclass(frozen=True)
class _Link:
    """How one table's people were linked to the register."""

    register: str | None = None
    in_register: int | None = None
    ambiguous: int = 0


def _follow_register(
    person: np.ndarray,
    text: pd.DataFrame,
    person_cols: dict[str, str],
    register: _Directory,
    journal: cleaning.Journal,
) -> tuple[np.ndarray, _Link]:
    """Each row's pseudonym replaced by its register person's, when the register knows them.

    A row linked by :func:`~sizeup_helpers.cleaning.link_to_register` takes the register
    person's pseudonym; the other rows of its group (rows already found to be one person
    in this table) follow when the group points to a single register person. Rows that no
    register person fits keep their own pseudonym, and count as people of their own.
    """
    if not _shared_evidence(person_cols, register.columns):
        return person, _Link()
    found = cleaning.link_to_register(
        text,
        register.text,
        columns=person_cols,
        register_columns=register.columns,
        register_id=PERSON_ID,
        context=[c for c in text.columns if c.startswith(_CONTEXT)],
        register_context=register.context,
    )
    linked = found["registre"].to_numpy(dtype=object)
    frame = pd.DataFrame({"group": person, "linked": linked})
    per_group = (
        frame.dropna(subset=["linked"])
        .groupby("group")["linked"]
        .agg(lambda s: s.iloc[0] if s.nunique() == 1 else None)
    )
    follow = frame["group"].map(per_group)
    final = np.where(
        frame["linked"].notna(),
        frame["linked"],
        np.where(follow.notna(), follow, frame["group"]),
    ).astype(object)
    in_register = set(register.text[PERSON_ID])
    n_in = len({p for p in final if p in in_register})
    ambiguous = int(((found["candidats"] > 1) & found["registre"].isna()).sum())
    n_rows = int(pd.Series(final).isin(in_register).sum())
    rules = found.loc[found["regle"] != "", "regle"].value_counts()
    how = "; ".join(f"{rule} : {french.integer(n)}" for rule, n in rules.items())
    detail = (
        f"{french.plural(n_rows, 'ligne reliée', 'lignes reliées')} à "
        f"{french.plural(n_in, 'personne', 'personnes')} du registre « {register.role} »"
        + (f" ({how})" if how else "")
        + f" ; {french.plural(len(final) - n_rows, 'ligne', 'lignes')} sans personne du "
        "registre"
        + (
            f", dont {french.integer(ambiguous)} où plusieurs personnes du registre sont "
            "possibles (à vérifier)"
            if ambiguous
            else ""
        )
        + "."
    )
    journal.add("rapprochement avec le registre", PERSON_ID, rows=n_rows, detail=detail)
    return final, _Link(register.role, n_in, ambiguous)


def _shared_evidence(mine: dict[str, str], theirs: dict[str, str]) -> bool:
    """Whether two tables share something to link people by: an identifier, an e-mail, names."""
    names = ("nom", "prenom", "nom_complet")
    return bool(
        {"identifiant", "email"} & set(mine) & set(theirs)
        or (set(names) & set(mine) and set(names) & set(theirs))
    )


#: Presence columns of an attendance list (snake_case names) and the statuses that mean
#: « came »: a yes/no ``present`` column, or the ``statut`` of a wide attendance sheet.
_PRESENCE_NAMES = ("present", "presente", "presence", "presents", "emarge")
_CAME = ("présent", "retard")


def _attended(clean: pd.DataFrame, f: DataFile) -> int | None:
    """Distinct people present at least once, when the table records presence."""
    if f.wide_attendance and "statut" in clean.columns:
        came = clean["statut"].astype(object).isin(_CAME)
    else:
        column = next(
            (
                c
                for c in clean.columns
                if c in _PRESENCE_NAMES and pd.api.types.is_bool_dtype(clean[c].dtype)
            ),
            None,
        )
        if column is None:
            return None
        came = clean[column].fillna(False).astype(bool)
    return int(clean.loc[came.to_numpy(), PERSON_ID].nunique())


def _split_by_phone(labels: np.ndarray, phones: pd.Series, emails: pd.Series | None) -> np.ndarray:
    """Split the groups whose rows carry different phone numbers *and* different e-mails.

    Two homonyms (« Dimitri Moreau ») with e-mails that differ by one character
    (``dimitri.moreau@`` / ``dimitri.moreau2@``) are linked by the fuzzy e-mail rule; a
    different phone number contradicts it. Rows without a phone stay in the group's most
    frequent phone.
    """
    frame = pd.DataFrame({"g": labels, "phone": phones.to_numpy(dtype=object)})
    if emails is not None:
        frame["email"] = emails.fillna("").astype(str).str.strip().str.casefold().to_numpy()
    else:
        frame["email"] = ""
    with_phone = frame[frame["phone"] != ""]
    n_phones = with_phone.groupby("g")["phone"].nunique()
    n_emails = frame[frame["email"] != ""].groupby("g")["email"].nunique()
    torn = n_phones.index[(n_phones > 1) & (n_emails.reindex(n_phones.index).fillna(0) != 1)]
    if not len(torn):
        return labels
    main = with_phone.groupby("g")["phone"].agg(lambda s: s.value_counts().index[0])
    phone = frame["phone"].where(frame["phone"] != "", frame["g"].map(main).fillna(""))
    split = np.where(
        frame["g"].isin(torn), frame["g"].astype(str) + "|" + phone, frame["g"].astype(str)
    )
    return pd.factorize(split)[0]


def _phone_key(value: Any) -> str:
    """A French phone number as its last nine digits (``+33 6…``, ``06.…`` alike)."""
    if not isinstance(value, str):
        return ""
    digits = re.sub(r"\D", "", value)
    return digits[-9:] if len(digits) >= 9 else ""


def _same_key(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = pd.Series(labels, dtype=object)
    s = s[s.notna()]
    first = pd.Series(s.index, index=s.index).groupby(s.to_numpy()).transform("first")
    keep = first.to_numpy() != first.index.to_numpy()
    return first.index.to_numpy()[keep], first.to_numpy()[keep]


# ---- identifiers inside text -----------------------------------------------------------
_NAME_KINDS = ("nom", "prenom", "nom_complet")
_REDACTION_VERB = "identifiants retirés du texte"


def _workspace_names(tables: list[tuple[DataFile, pd.DataFrame, list[str]]]) -> privacy.KnownNames:
    """The names of the people of every table read (declared ``personnes`` columns)."""
    names = privacy.KnownNames()
    for f, frame, _ in tables:
        people = {k: c for k, c in (f.people or {}).items() if k in _PEOPLE_KINDS}
        names = names | _known_names(frame, people, {})
    return names


def _known_names(
    raw: pd.DataFrame, people: dict[str, str], others: dict[str, str]
) -> privacy.KnownNames:
    """The names of the people of one table: its name columns, declared or recognised.

    Each row gives one person: its full name, or its first and last names put together.
    """
    cols = [c for k, c in people.items() if k in _NAME_KINDS]
    cols += [c for c, k in others.items() if k in _NAME_KINDS]
    cols = [c for c in dict.fromkeys(cols) if c in raw.columns]
    if not cols:
        return privacy.KnownNames()
    whole = raw[cols[0]].fillna("").astype(str)
    for c in cols[1:]:
        whole = whole + " " + raw[c].fillna("").astype(str)
    return privacy.known_names(whole.unique())


def _redact_raw(
    raw: pd.DataFrame, keep: set[str], names: privacy.KnownNames, *, declared: set[str]
) -> tuple[pd.DataFrame, list[tuple[str, str, int]], dict[str, str]]:
    """Every text column but ``keep`` with the identifiers inside its values replaced.

    Done on the table as read, before anything is typed, proposed as a category or written
    in a rule, so no later step sees the value (:func:`~sizeup_helpers.privacy.redact_identifiers`);
    a column's name holding one (« tel 06 12 34 56 78 ») is redacted too, unless the column
    is ``declared`` in ``structure.yml``. Returns the new frame, ``(column, kind, cells)``
    for each kind found (a header counts as a cell) and ``{old name: new name}``.
    """
    out = raw
    found: list[tuple[str, str, int]] = []
    renamed: dict[str, str] = {}
    for i, col in enumerate(raw.columns):
        new, counts = (
            (None, {}) if col in keep else privacy.redact_identifiers(raw.iloc[:, i], names=names)
        )
        name, in_name = privacy.redact_text(str(col), names=names)
        if in_name and col not in declared and name not in raw.columns:
            renamed[col] = name
            for kind, n in in_name.items():
                counts[kind] = counts.get(kind, 0) + n
        if counts:
            if out is raw:
                out = raw.copy()
            if new is not None:
                out.isetitem(i, new)
            found += [(renamed.get(col, str(col)), kind, n) for kind, n in counts.items()]
    if renamed:
        out.columns = [renamed.get(c, c) for c in out.columns]
    return out, found, renamed


def _redact_declared(raw: pd.DataFrame, declared: dict[str, Any] | None) -> pd.DataFrame:
    """``raw`` as step 05 cleans it: identifiers inside text replaced, identifier columns kept.

    ``declared`` is the file's ``personnes`` entry of ``structure.yml``.
    """
    people = {k: c for k, c in (declared or {}).items() if k in _PEOPLE_KINDS}
    detected = privacy.detect_identifiers(raw)
    others = dict(zip(map(str, detected["colonne"]), detected["type"], strict=True))
    keep = {*people.values(), *others}
    names = _known_names(raw, people, others)
    return _redact_raw(raw, keep, names, declared=set(people.values()))[0]


def _journal_redactions(
    journal: cleaning.Journal, found: list[tuple[str, str, int]], column_of: dict[str, str]
) -> None:
    """One journal line per column and kind of identifier replaced: cells and marker only."""
    for src, kind, cells in found:
        label = privacy.IDENTIFIER_COLUMNS.get(kind, kind)
        journal.add(
            _REDACTION_VERB,
            column_of.get(src, cleaning.snake_case(src)),
            rows=cells,
            detail=f"{label[:1].upper() + label[1:]} écrit dans le texte : "
            f"{french.plural(cells, 'cellule', 'cellules')}, remplacé par "
            f"« {privacy.REDACTION_MARKERS[kind]} » (la valeur n'est gardée nulle part).",
        )


def _sensitive(
    frame: pd.DataFrame, raw: pd.DataFrame, column_of: dict[str, str], kinds: dict[str, str]
) -> list[str]:
    """Sensitive columns, recognised on the values as read and as cleaned."""
    found = set(
        privacy.detect_sensitive(frame.drop(columns=[PERSON_ID], errors="ignore"))["colonne"]
    )
    found |= {column_of.get(c) for c in privacy.detect_sensitive(raw)["colonne"]}
    return [c for c in frame.columns if c in found and kinds.get(c) != "identifier"]


def _safe_journal(journal: cleaning.Journal, columns: set[str]) -> cleaning.Journal:
    """The journal with the examples of identifier and free-text columns removed.

    Any identifier left in a detail or an example is masked too
    (:func:`~sizeup_helpers.privacy.mask_in_text`).
    """
    records = journal.records()
    for entry in records:
        cols = {c.strip() for c in entry["colonne"].split(",")}
        if cols & columns and entry["exemples"]:
            entry["exemples"] = "(exemples masqués : données personnelles)"
        entry["detail"] = privacy.mask_in_text(entry["detail"])
        entry["exemples"] = privacy.mask_in_text(entry["exemples"])
    return cleaning.Journal.from_records(records, journal.identifiers)


# ======================================================================================
# Saving and reading back
# ======================================================================================
# the data dictionary's types: cleaning's labels, where an identifier is now a pseudonym
_KIND_FR = {**cleaning.KIND_LABELS, "identifier": "pseudonyme", "key": "clé de ligne"}


def _to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            has_time = bool((s.dropna() != s.dropna().dt.normalize()).any())
            out[col] = s.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    return out


def _dictionary_rows(t: TableCleaning, frame: pd.DataFrame, file_name: str) -> list[dict]:
    rows = []
    source_of = {e["colonne"]: e["source"] for e in (t.rules or {}).get("colonnes", [])}
    treated = {src: what for src, (_, what) in t.identifiers.items()}
    coarse = {col: (src, what) for col, src, what in t.coarsened if col}
    for col in frame.columns:
        s = frame[col]
        kind = t.kinds.get(col, "text")
        if col == PERSON_ID:
            kind, origin, what = "identifier", "", "pseudonyme de la personne (clé de l'espace)"
        elif col in coarse:
            origin, what = coarse[col]
        else:
            origin = source_of.get(col, "")
            what = treated.get(origin, "") or t.system.get(col, "")
        if t.parent is not None and col == t.parent[0]:
            what = f"ligne parente : {t.parent[1]}.{t.parent[2]} (clé de ligne de l'export)"
        levels = ""
        if isinstance(s.dtype, pd.CategoricalDtype):
            levels = " | ".join(map(str, s.cat.categories))
        rows.append(
            {
                "table": t.role,
                "fichier": file_name,
                "colonne": col,
                "origine": origin,
                "type": _KIND_FR.get(kind, kind),
                "type_pandas": str(s.dtype),
                "ordonnee": bool(isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered),
                "niveaux": levels if kind in ("likert", "boolean") or col == AGE_BAND else "",
                "manquants": round(float(s.isna().mean()), 4) if len(s) else 0.0,
                "traitement": what,
                "sensible": col in t.sensitive,
            }
        )

    def removed(src: str, kind_label: str, what: str) -> dict[str, Any]:
        """The row of a raw column that has no clean column (removed or replaced)."""
        return {
            "table": t.role,
            "fichier": file_name,
            "colonne": "",
            "origine": src,
            "type": kind_label,
            "type_pandas": "",
            "ordonnee": False,
            "niveaux": "",
            "manquants": None,
            "traitement": what,
            "sensible": False,
        }

    for _, src, what in (c for c in t.coarsened if not c[0]):
        rows.append(removed(src, "code postal", what))
    for src, (kind, what) in t.identifiers.items():
        if what.startswith("retirée") or what == "tranche d'âge":
            rows.append(removed(src, privacy.IDENTIFIER_COLUMNS.get(kind, kind), what))
    return rows


def _save(ws: Workspace, result: WorkspaceCleaning) -> list[Path]:
    out_dir = ws.clean_data_dir
    step = ws.step_dir("05")
    paths: list[Path] = []
    dictionary: list[dict] = []
    mapping_rows: list[pd.DataFrame] = []
    duplicate_rows: list[pd.DataFrame] = []
    summary: dict[str, Any] = {"tables": {}}
    for t in result.tables.values():
        name = f"{_safe(t.role)}.csv"
        t.paths = [ws.write_csv(out_dir / name, _to_csv_frame(t.data))]
        dictionary += _dictionary_rows(t, t.data, name)
        entry = {
            "fichier": name,
            "source": t.source,
            "feuilles": t.sheets,
            "lignes_lues": t.raw_rows,
            "lignes": len(t.data),
            "personnes_distinctes": t.n_people,
            "registre": t.register,
            "personnes_du_registre": t.in_register,
            "personnes_presentes": t.attended,
            "colonnes_sensibles": t.sensitive,
        }
        if t.parent is not None:
            entry["ligne_parente"] = f"{t.parent[1]}.{t.parent[2]}"
            entry["colonne_ligne_parente"] = t.parent[0]
        if t.rows_data is not None:
            lines = f"{_safe(t.role)}-toutes-les-lignes.csv"
            t.paths.append(ws.write_csv(out_dir / lines, _to_csv_frame(t.rows_data)))
            dictionary += _dictionary_rows(t, t.rows_data, lines)
            entry["fichier_toutes_les_lignes"] = lines
        if t.rules is not None:
            t.paths.append(cleaning.save_rules(t.rules, ws, name=t.role))
            entry["regles"] = t.paths[-1].name
        summary["tables"][t.role] = entry
        for col, table in t.proposals.items():
            mapping_rows.append(table.assign(table=t.role, colonne=col))
        if t.duplicates is not None and len(t.duplicates):
            duplicate_rows.append(_to_review(t.duplicates).assign(table=t.role))
        paths += t.paths
    frame = pd.DataFrame(dictionary)
    paths.append(ws.write_csv(out_dir / DICTIONARY_FILE, frame))
    journal = result.journal()
    paths.append(ws.write_csv(step / JOURNAL_FILE, journal))
    paths.append(ws.write_text(step / "journal-nettoyage.md", _journal_markdown(result)))
    if mapping_rows:
        m = pd.concat(mapping_rows, ignore_index=True)
        m = m[["table", "colonne", "valeur", "proposition", "effectif", "relue"]]
        paths.append(ws.write_csv(step / MAPPINGS_FILE, m))
    if duplicate_rows:
        d = pd.concat(duplicate_rows, ignore_index=True)
        d = d[["table", *[c for c in d.columns if c != "table"]]]
        paths.append(ws.write_csv(step / DUPLICATES_FILE, d))
    summary["non_nettoyes"] = [{"fichier": f, "raison": r} for f, r in result.skipped]
    paths.append(ws.write_json(step / SUMMARY_FILE, summary))
    return paths


def _journal_markdown(result: WorkspaceCleaning) -> str:
    parts = [
        "# Journal du nettoyage\n",
        "Chaque changement fait aux fichiers, table par table. Les exemples des "
        "colonnes d'identifiants sont masqués.\n",
    ]
    for t in result.tables.values():
        parts.append(f"\n## {t.role} (`{t.source}`)\n")
        parts.append(t.journal.to_markdown())
        if t.problems:
            parts.append(
                "\n**Ce qui ne correspond plus aux règles :**\n\n"
                + "\n".join(f"- {p}" for p in t.problems)
                + "\n"
            )
    return "\n".join(parts)


def load_clean_table(ws: Workspace, role: str) -> pd.DataFrame:
    """A clean table saved by :func:`clean_workspace`, with its types restored.

    ``role`` is a table's role (:func:`table_roles`): the declared role, or for a sheet of
    a workbook that became a table of its own, the declared role and the sheet's slug
    (``load_clean_table(ws, "questionnaire-members")``); the file is ``<role>.csv``.
    Dates become ``datetime64``, yes/no the ``boolean`` dtype, ordered scales and age
    bands ordered categories, categories ``category``, as in the data dictionary.

    Raises
    ------
    CleanWorkspaceError
        When step 05 has not saved this table yet.
    """
    folder = ws.clean_data_dir
    dict_path = folder / DICTIONARY_FILE
    path = folder / f"{_safe(role)}.csv"
    if not path.is_file() or not dict_path.is_file():
        raise CleanWorkspaceError(
            f"La table propre « {role} » n'existe pas encore dans "
            f"« {folder} » : exécutez d'abord le carnet 05."
        )
    columns = restore_formulas(pd.read_csv(dict_path, dtype=str, keep_default_na=False))
    columns = columns[(columns["fichier"] == path.name) & (columns["colonne"] != "")]
    frame = restore_formulas(pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
    for _, c in columns.iterrows():
        col, dtype = c["colonne"], c["type_pandas"]
        if col not in frame.columns:
            continue
        if dtype.startswith("datetime"):
            frame[col] = pd.to_datetime(frame[col], errors="coerce")
        elif dtype in ("boolean", "bool"):
            frame[col] = frame[col].map({"True": True, "False": False}).astype("boolean")
        elif dtype in ("Int64", "int64"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        elif dtype.startswith("float") or dtype == "Float64":
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
        elif dtype == "category":
            levels = c["niveaux"].split(" | ") if c["niveaux"] else None
            if levels:
                frame[col] = pd.Categorical(
                    frame[col], categories=levels, ordered=c["ordonnee"] == "True"
                )
            else:
                frame[col] = frame[col].astype("category")
    return frame


def replay_table(raw: pd.DataFrame, ws: Workspace, role: str) -> cleaning.CleanResult:
    """Replay the saved cleaning rules of ``role`` on a new raw table (next year's file).

    The result's ``problems`` say in French what no longer fits: a column gone or new, a
    category value absent from the correspondences, more unrecognised values than before.
    The result's data is *not* pseudonymised: run :func:`clean_workspace` with
    ``rules=`` to produce the clean tables.
    """
    rules = cleaning.load_rules(ws, name=role)
    people = next((f.people for f in ws.files if f.role == role), None)
    return cleaning.replay_cleaning(_redact_declared(raw, people), rules)


# ======================================================================================
# Small helpers for notebook 05 (what a participant sees: never a direct identifier)
# ======================================================================================
def raw_overview(ws: Workspace) -> pd.DataFrame:
    """One row per table as read (a file, or a group of a workbook's sheets): size,
    identifier and sensitive columns (names only).

    Returns
    -------
    pandas.DataFrame
        Columns ``role`` (the table's role, :func:`table_roles`), ``fichier``, ``lignes``,
        ``colonnes``, ``identifiants`` (column names and kinds), ``sensibles`` (column
        names), ``personnes_declarees``.
    """
    rows = []
    for f, raw, _ in _tables_of(ws, tabular_files(ws)):
        ids = privacy.detect_identifiers(raw)
        sens = privacy.detect_sensitive(raw)
        rows.append(
            {
                "role": f.role,
                "fichier": f.relative,
                "lignes": len(raw),
                "colonnes": raw.shape[1],
                "identifiants": ", ".join(
                    f"{c} ({privacy.IDENTIFIER_COLUMNS[k]})"
                    for c, k in zip(ids["colonne"], ids["type"], strict=True)
                ),
                "sensibles": ", ".join(map(str, sens["colonne"])),
                "personnes_declarees": f.people is not None and bool(f.people),
            }
        )
    return pd.DataFrame(rows)


def people_file(ws: Workspace) -> str:
    """The role of the file best suited to show step 05: a register of people first."""
    files = tabular_files(ws)
    for test in (
        lambda f: (f.people or {}).get("une_ligne_par_personne"),
        lambda f: bool(f.people),
        lambda f: f.personal_data,
        lambda f: True,
    ):
        for f in files:
            if test(f):
                return f.role
    raise CleanWorkspaceError(
        "L'espace de travail ne déclare aucun fichier de données "
        "(rubrique « fichiers » de structure.yml)."
    )


def mapping_parameter(
    table: TableCleaning, column: str | None = None, *, only_changes: bool = True
) -> str:
    """The correspondence of ``column`` as a dict literal to paste in the parameters cell.

    ``{"role": {"column": {"variant": "value"}}}``, one variant a line, so that a person
    edits the values and runs the notebook again. With ``column=None``, the category column
    with the most spellings; a table without category column gives ``{}`` and a comment.
    """
    if column is None:
        if not table.proposals:
            return f"{{}}  # « {table.role} » n'a pas de colonne de catégories"
        column = max(table.proposals, key=lambda c: len(table.proposals[c]))
    if column not in table.proposals:
        known = ", ".join(f"« {c} »" for c in table.proposals) or "aucune"
        raise CleanWorkspaceError(
            f"La colonne « {column} » de « {table.role} » n'est pas une "
            f"colonne de catégories (colonnes de catégories : {known})."
        )
    prop = table.proposals[column]
    pairs = [
        (v, p)
        for v, p in zip(prop["valeur"], prop["proposition"], strict=True)
        if not only_changes or cleaning.squeeze_spaces(v) != p
    ]
    lines = [
        f"        {json.dumps(v.strip(), ensure_ascii=False)}: {json.dumps(p, ensure_ascii=False)},"
        for v, p in pairs
    ]
    return (
        "{\n    "
        + json.dumps(table.role, ensure_ascii=False)
        + ": {\n      "
        + json.dumps(column, ensure_ascii=False)
        + ": {\n"
        + "\n".join(lines)
        + "\n      }\n    }\n}"
    )


# ======================================================================================
# Readings: what notebook 05 shows, said in French (never a direct identifier)
# ======================================================================================
_PROPOSAL_VIEW = ["valeur", "proposition", "effectif", "motif", "a_verifier"]


def _markdown_table(frame: pd.DataFrame) -> str:
    """A small table (counts, with hidden cells as text) in Markdown, numbers the French way."""

    def cell(value: Any) -> str:
        if isinstance(value, bool | np.bool_):
            return "oui" if value else "non"
        if isinstance(value, int | np.integer) or (
            isinstance(value, float | np.floating) and float(value).is_integer()
        ):
            return french.integer(value)
        if isinstance(value, float | np.floating):
            return french.decimal(value)
        return str(value).replace("|", "\\|")

    def name(label: Any) -> str:
        text = " / ".join(map(str, label)) if isinstance(label, tuple) else str(label)
        return text.replace("|", "\\|")

    index_name = " / ".join(str(n) for n in frame.index.names if n is not None)
    if frame.columns.name:  # a crossing: the columns' variable and the unit of its cells
        index_name = f"{index_name} \\ {frame.columns.name}" if index_name else frame.columns.name
    head = [name(index_name), *map(name, frame.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" + "---:|" * len(frame.columns)]
    for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        lines.append("| " + " | ".join([name(label), *(cell(v) for v in row)]) + " |")
    return "\n".join(lines)


def explain_overview(overview: pd.DataFrame) -> Reading:
    """What :func:`raw_overview` says: files, rows, files with identifiers or sensitive data."""
    if overview.empty:
        return Reading(
            [
                "Votre espace ne déclare aucun fichier de données : ajoutez-les à "
                "structure.yml (rubrique « fichiers »)."
            ]
        )
    n_rows = int(overview["lignes"].sum())
    n_files = int(overview["fichier"].nunique())
    files = french.plural(n_files, "fichier de données", "fichiers de données")
    tables = ""
    if n_files != len(overview):  # a workbook whose sheets become tables of their own
        tables = (
            f" ({french.integer(len(overview))} tables : "
            f"{french.join_and(map(french.quoted, overview['role']))})"
        )
    lines = [
        f"Votre espace compte **{files}**{tables} et "
        f"{french.plural(n_rows, 'ligne', 'lignes')} en tout."
    ]
    with_ids = list(overview.loc[overview["identifiants"] != "", "role"])
    if with_ids:
        verb = "contient" if len(with_ids) == 1 else "contiennent"
        others = " ; les autres sont seulement nettoyés" if len(with_ids) < len(overview) else ""
        lines.append(
            f"**{french.plural(len(with_ids), 'fichier', 'fichiers')}** {verb} des "
            f"identifiants directs ({french.quoted_list(with_ids)}) : c'est ce que la "
            f"pseudonymisation protège{others}."
        )
    else:
        lines.append(
            "Aucun fichier ne contient d'identifiant direct reconnu : ils sont seulement nettoyés."
        )
    with_sens = list(overview.loc[overview["sensibles"] != "", "role"])
    if with_sens:
        verb = "contient" if len(with_sens) == 1 else "contiennent"
        lines.append(
            f"**{french.plural(len(with_sens), 'fichier', 'fichiers')}** {verb} des "
            f"données qui semblent sensibles ({french.quoted_list(with_sens)}) : elles "
            "ne seront montrées qu'agrégées."
        )
    return Reading.of(lines)


def explain_raw(ws: Workspace, role: str, raw: pd.DataFrame) -> Reading:
    """The size of the raw table of ``role``, read as text."""
    return Reading(
        [
            f"Fichier « {ws.file(role).relative} » : "
            f"{french.plural(len(raw), 'ligne', 'lignes')}, "
            f"{french.plural(raw.shape[1], 'colonne', 'colonnes')}, toutes lues comme "
            "du texte."
        ]
    )


def column_renaming(raw: pd.DataFrame) -> pd.DataFrame:
    """The column names rewritten by :func:`~sizeup_helpers.cleaning.clean_column_names`:
    ``nom d'origine`` and ``nom propre``, the unchanged ones left out."""
    names = pd.DataFrame(
        {
            "nom d'origine": [str(c) for c in raw.columns],
            "nom propre": list(cleaning.clean_column_names(raw).columns),
        }
    )
    return names[names["nom d'origine"] != names["nom propre"]].reset_index(drop=True)


def explain_renaming(raw: pd.DataFrame) -> Reading:
    """How many column names were rewritten, and why it does not lose anything."""
    changed = len(column_renaming(raw))
    if not changed:
        return Reading(
            ["Les noms de colonnes de ce fichier étaient déjà lisibles : rien n'a changé."]
        )
    done = "a été réécrit" if changed == 1 else "ont été réécrits"
    return Reading(
        [
            f"{french.plural(changed, 'nom de colonne', 'noms de colonne')} sur "
            f"{french.integer(raw.shape[1])} {done}. Les carnets suivants utilisent les "
            "noms propres ; le dictionnaire des données garde la correspondance avec "
            "votre fichier."
        ]
    )


def column_kinds(result: cleaning.CleanResult) -> pd.DataFrame:
    """One row per column of a :func:`~sizeup_helpers.cleaning.clean_table` result: the kind
    found and the share of values not recognised (French percentage)."""
    rows = [
        {
            "colonne": e["colonne"],
            "type trouvé": e["type"],
            "part non reconnue": french.percent(e.get("part_non_reconnue", 0.0)),
        }
        for e in result.rules["colonnes"]
    ]
    return pd.DataFrame(rows, columns=["colonne", "type trouvé", "part non reconnue"])


def explain_kinds(result: cleaning.CleanResult) -> Reading:
    """The kinds found in a cleaned table and its least clean column."""
    entries = result.rules["colonnes"]
    if not entries:
        return Reading(["Ce fichier n'a aucune colonne."])
    counts = pd.Series([e["type"] for e in entries]).value_counts()
    lines = [
        "Dans ce fichier : "
        + ", ".join(f"{k} ({french.integer(n)})" for k, n in counts.items())
        + "."
    ]
    worst = max(entries, key=lambda e: e.get("part_non_reconnue", 0.0))
    share = float(worst.get("part_non_reconnue", 0.0))
    if share > 0:
        lines.append(
            f"La colonne la moins propre est « {worst['colonne']} » : "
            f"{french.percent(share)} de ses valeurs ne sont pas reconnues et restent "
            "vides ; le journal (section 7) en donne des exemples."
        )
    else:
        lines.append("Toutes les valeurs remplies ont été reconnues.")
    return Reading.of(lines)


def category_to_review(
    result: cleaning.CleanResult, raw: pd.DataFrame
) -> tuple[str | None, pd.DataFrame | None]:
    """The category column worth reviewing first, and its proposed correspondence.

    The column is the one with the most categories after cleaning; its proposal is
    :func:`~sizeup_helpers.cleaning.harmonise_categories` on the values as read, computed
    once.

    Returns
    -------
    (str or None, pandas.DataFrame or None)
        The cleaned column's name and the proposal (columns ``valeur``, ``proposition``,
        ``effectif``, ``motif``, ``a_verifier``); ``(None, None)`` without category column.
    """
    entries = [e for e in result.rules["colonnes"] if e["type"] == "catégorie"]
    if not entries:
        return None, None

    def n_categories(entry: dict[str, Any]) -> int:
        values = result.data[entry["colonne"]]
        kept = (
            values.cat.categories
            if isinstance(values.dtype, pd.CategoricalDtype)
            else values.dropna().unique()
        )
        return sum(1 for v in kept if cleaning.category_key(str(v)))

    entry = max(entries, key=n_categories)
    proposal = cleaning.harmonise_categories(raw, entry["source"])
    return entry["colonne"], proposal[_PROPOSAL_VIEW]


def explain_proposal(column: str | None, proposal: pd.DataFrame | None) -> Reading:
    """What the proposed correspondence of a category column does, and what to check."""
    if column is None or proposal is None:
        return Reading(["Ce fichier n'a pas de colonne de catégories."])
    merged = int((proposal["valeur"] != proposal["proposition"]).sum())
    to_check = int(proposal["a_verifier"].sum())
    kept = proposal["proposition"].nunique()
    lines = [
        f"Colonne « {column} » : "
        f"{french.plural(len(proposal), 'écriture différente', 'écritures différentes')}."
    ]
    if merged:
        moved = (
            "1 écriture est rapprochée"
            if merged == 1
            else f"{french.integer(merged)} écritures sont rapprochées"
        )
        check = (
            "aucune n'est à vérifier"
            if not to_check
            else "1 est à vérifier (faute de frappe probable)"
            if to_check == 1
            else f"{french.integer(to_check)} sont à vérifier (fautes de frappe probables)"
        )
        lines.append(f"{moved} d'une autre (casse, accents, espaces ou faute de frappe) ; {check}.")
    else:
        lines.append("Aucune écriture n'est rapprochée d'une autre.")
    lines.append(
        f"Il reste {french.plural(kept, 'valeur', 'valeurs')} : est-ce le bon nombre "
        "de catégories pour vous ? Sinon, corrigez à la section 6."
    )
    return Reading.of(lines)


def explain_totals(ws: Workspace, role: str, result: cleaning.CleanResult) -> Reading:
    """The total rows removed from the table of ``role`` and the attendance sheets made long."""
    journal = result.journal.to_frame()
    removed = int(journal.loc[journal["verbe"] == "drop_total_rows", "lignes_touchees"].sum())
    if removed:
        gone = "retirée" if removed == 1 else "retirées"
        lines = [
            f"Dans « {role} », "
            f"{french.plural(removed, 'ligne de total', 'lignes de total')} {gone}."
        ]
    else:
        lines = [f"« {role} » ne contient pas de ligne de total."]
    wide = [f.role for f in ws.files if f.wide_attendance]
    if wide:
        lines.append(
            f"Feuilles de présence mises en long : {french.quoted_list(wide)} (section 6)."
        )
    else:
        lines.append("Cet espace n'a pas de feuille de présence en colonnes.")
    return Reading.of(lines)


def explain_people(result: WorkspaceCleaning, role: str) -> Reading:
    """The distinct people of each file, counted against the register, and the duplicates of
    ``role``.

    Each people table says its distinct people, how many of them the register of people
    knows (:func:`register_role`), and for an attendance list how many came at least once;
    a table counting more people than the register is flagged (names not matched, or people
    missing from the register), and so are rows left unlinked because of homonyms.
    """
    lines = []
    people = [t for t in result.tables.values() if t.n_people is not None]
    register = result.tables.get(result.register) if result.register else None
    if people:
        lines.append(
            f"Personnes retrouvées, chacune comptée une fois (registre des personnes : "
            f"« {register.role} ») :"
            if register is not None
            else "Personnes retrouvées, chacune comptée une fois par fichier :"
        )
        lines += [_people_line(t, register) for t in people]
    else:
        lines.append(
            "Aucun fichier de cet espace ne déclare de personnes (rubrique "
            "`personnes` de structure.yml)."
        )
    if register is not None and register.n_people is not None:
        over = [t for t in people if t is not register and t.n_people > register.n_people]
        for t in over:
            lines.append(
                f"**À vérifier** : « {t.role} » compte plus de personnes "
                f"({french.integer(t.n_people)}) que le registre « {register.role} » "
                f"({french.integer(register.n_people)}) : des écritures de noms n'ont pas "
                "été rapprochées, ou des personnes manquent au registre."
            )
    for t in people:
        if t.ambiguous:
            lines.append(
                f"Dans « {t.role} », "
                + (
                    "1 ligne porte un nom que plusieurs personnes du registre partagent "
                    "(homonymes) : elle n'est pas reliée et compte à part."
                    if t.ambiguous == 1
                    else f"{french.integer(t.ambiguous)} lignes portent un nom que plusieurs "
                    "personnes du registre partagent (homonymes) : elles ne sont pas "
                    "reliées et comptent à part."
                )
            )
    if register is None and len(people) > 1:
        lines.append(
            "Cet espace n'a pas de registre des personnes (un fichier déclaré "
            "`une_ligne_par_personne: true`, ou des inscriptions) : chaque fichier est "
            "compté à part, et une même personne peut l'être dans plusieurs."
        )
    table = result.tables.get(role)
    review = table.duplicates if table is not None else None
    if review is not None and len(review):
        lines += _duplicates_lines(role, review)
    return Reading.of(lines)


def _exact_keys(review: pd.DataFrame) -> str:
    """The exact keys that hold the groups not to review (French labels, in rule order)."""
    labels = [label for kind, label in cleaning.LINK_RULES.values() if kind == "exact"]
    if "regles" not in review.columns:
        return ", ".join(labels)
    held = review.loc[~review["a_verifier"].astype(bool), "regles"].astype(str)
    met = {rule for text in held for rule in text.split(" ; ")}
    return ", ".join(label for label in labels if label in met)


_SCORE_IN_REASON = re.compile(r" \(ressemblance [^)]*\)| \(les autres lignes du groupe [^)]*\)")


def _duplicates_lines(role: str, review: pd.DataFrame) -> list[str]:
    """The groups of rows of ``role`` taken as one person, and those a person must review.

    A group held by an exact key needs no review; the others rest on a name or a
    resemblance (:func:`~sizeup_helpers.cleaning.review_groups`), and their reasons are
    counted in groups.
    """
    n, to_check = len(review), int(review["a_verifier"].sum())
    groups = (
        "1 groupe de lignes a été reconnu"
        if n == 1
        else f"{french.integer(n)} groupes de lignes ont été reconnus"
    )
    head = f"Dans « {role} », {groups} comme une même personne, dont "
    if not to_check:
        held = "il tient" if n == 1 else "chacun tient"
        return [
            head + f"aucun à vérifier : {held} par une clé exacte ({_exact_keys(review)}), qui ne "
            "laisse pas de doute."
        ]
    rest = n - to_check
    line = head + f"{french.integer(to_check)} à vérifier : "
    line += (
        "il ne tient qu'à un nom ou à une ressemblance"
        if to_check == 1
        else "ils ne tiennent qu'à un nom ou à une ressemblance"
    )
    if rest == 1:
        line += (
            f" ; l'autre groupe tient par une clé exacte ({_exact_keys(review)}) et n'est pas à "
            "vérifier"
        )
    elif rest:
        line += (
            f" ; les {french.integer(rest)} autres tiennent par une clé exacte "
            f"({_exact_keys(review)}) et ne sont pas à vérifier"
        )
    lines = [line + "."]
    if "motif" in review.columns:
        reasons = (
            review.loc[review["a_verifier"].astype(bool), "motif"]
            .astype(str)
            .str.replace(_SCORE_IN_REASON, "", regex=True)
            .value_counts()
        )
        lines.append(
            "Motifs : "
            + " ; ".join(
                f"« {why} » ({french.plural(int(k), 'groupe', 'groupes')})"
                for why, k in reasons.items()
            )
            + f". La liste (numéros des lignes dans le tableau lu, 0 pour la première, et "
            f"motif) est dans "
            f"`05-nettoyage/{DUPLICATES_FILE}` : confirmez ou séparez ces groupes avant "
            "de compter les personnes."
        )
    return lines


def _people_line(t: TableCleaning, register: TableCleaning | None) -> str:
    """One people table in one line: rows, distinct people, the register, attendance."""
    count = french.plural(t.n_people, "personne distincte", "personnes distinctes")
    line = f"- « {t.role} »"
    if t is register or t.rows_data is not None:
        line += " (registre)"
    line += f" : {french.plural(t.raw_rows, 'ligne lue', 'lignes lues')}, **{count}**"
    if t.in_register is not None:
        if t.in_register == t.n_people:
            line += (
                ", retrouvée dans le registre"
                if t.n_people == 1
                else ", toutes retrouvées dans le registre"
            )
        else:
            line += f", dont {french.integer(t.in_register)} retrouvée" + (
                "s" if t.in_register > 1 else ""
            )
            line += " dans le registre"
    elif register is not None and t is not register and t.rows_data is None:
        line += (
            f", non {'reliée' if t.n_people == 1 else 'reliées'} au registre (aucun nom, "
            "e-mail ni identifiant en commun avec lui)"
        )
    if t.attended is not None:
        line += " ; " + french.plural(t.attended, "présente", "présentes") + " au moins une fois"
    return line + "."


#: Columns of the review list (``doublons-a-verifier.csv``, :func:`duplicates_to_review`).
_REVIEW_VIEW = ["groupe", "nb_lignes", "lignes", "motif", "liens", "regles", "score_min"]


def duplicates_to_review(result: WorkspaceCleaning, role: str, n: int = 10) -> pd.DataFrame | None:
    """The first ``n`` groups of rows of ``role`` that a person must review (no personal data),
    or ``None`` when there are none.

    Only groups that rest on a name or a resemblance are listed, with their reason
    (``motif``); groups held by an exact key (the same e-mail, phone, identifier) are not.
    ``lignes`` numbers the rows of the table as read, 0 for its first data row.
    """
    table = result.tables.get(role)
    review = _to_review(table.duplicates if table is not None else None)
    if review is None or not len(review):
        return None
    return review.head(n).reset_index(drop=True)


def _to_review(review: pd.DataFrame | None) -> pd.DataFrame | None:
    """The groups marked *à vérifier*, in the columns a person reads."""
    if review is None:
        return None
    kept = review[review["a_verifier"].astype(bool)]
    return kept[[c for c in _REVIEW_VIEW if c in kept.columns]]


def explain_journal(result: WorkspaceCleaning) -> Reading:
    """The journal of the whole cleaning: changes, values not recognised, the replay."""
    journal = result.journal()
    if journal.empty:
        return Reading(["Le journal est vide : aucun fichier n'a été nettoyé."])
    names = french.join_and(french.quoted(t) for t in dict.fromkeys(journal["table"]))
    n_tables = journal["table"].nunique()
    unparsed = int(journal["non_reconnues"].sum())
    if unparsed == 0:
        rest = "toutes les valeurs remplies ont été reconnues."
    elif unparsed == 1:
        rest = "1 valeur n'a pas été reconnue et est restée vide."
    else:
        rest = f"{french.integer(unparsed)} valeurs n'ont pas été reconnues et sont restées vides."
    return Reading.of(
        [
            f"Le journal compte **{french.plural(len(journal), 'changement', 'changements')}** "
            f"dans {french.plural(n_tables, 'table', 'tables')} ({names}) ; {rest}",
            "Les règles enregistrées permettront de refaire exactement le même nettoyage sur le "
            "fichier de l'an prochain, et diront ce qui ne correspond plus (une colonne renommée, "
            "une nouvelle catégorie).",
        ]
    )


def explain_key(ws: Workspace, result: WorkspaceCleaning | None = None) -> Reading:
    """Where the pseudonymisation key is (never its content), and why it is not in the outputs.

    One key per workspace, on the sensitive side: beside the raw files of a structure's own
    workspace, in the user's configuration folder for a sample (whose folder is read-only);
    never in the output folder, which a team zips and shares. A key found in the output
    folder by an earlier version was moved (``result.key_note`` says so).
    """
    path = ws.key_path
    if path.parent.resolve() == Path(ws.root).resolve():
        where = (
            "à côté de vos fichiers bruts (le dossier `donnees-brutes/`), du côté des "
            "données sensibles"
        )
        keep = "Sauvegardez-la avec vos fichiers bruts"
    else:
        where = (
            "dans votre dossier de configuration Size Up, car le dossier d'une structure "
            "d'exemple ne se modifie pas"
            if ws.is_sample
            else "dans votre dossier de configuration Size Up, car votre dossier de sorties "
            "contient l'espace de travail"
        )
        keep = "Gardez-la"
    lines = [
        f"Clé de pseudonymisation : `{privacy.display_path(path)}`, {where} ; son contenu "
        "n'est jamais affiché.",
        "Elle n'est **pas** dans le dossier de sorties : vous pouvez partager celui-ci sans "
        "elle. Une seule clé par espace : chaque exécution, quel que soit le dossier de "
        f"sorties, donne les mêmes pseudonymes. {keep} : sans elle, les fichiers de l'an "
        "prochain ne pourront pas être reliés à ceux de cette année.",
    ]
    if result is not None and result.key_note:
        lines.append(result.key_note)
    return Reading.of(lines)


def explain_coarsening(result: WorkspaceCleaning) -> Reading:
    """What was made coarser in the clean tables (quasi-identifiers), and how to keep it.

    A postcode with a town, a diploma and a timestamp to the second single a person out
    without any name (CNIL; WP29 opinion 05/2014). Step 05 keeps what a publication needs:
    the date of a registration, the département, the age band. The choice is written in the
    rules of each table (``generalisation``), so next year's replay does the same.
    """
    done = [
        (t.role, col, src, what) for t in result.tables.values() for col, src, what in t.coarsened
    ]
    with_age = [t.role for t in result.tables.values() if AGE_BAND in t.data.columns]
    if not done and not with_age:
        return Reading(
            [
                "Rien n'a été généralisé : aucune table de personnes n'a d'horodatage, de code "
                "postal ni de date de naissance."
            ]
        )
    lines = ["Ce qui a été rendu moins précis dans les tables propres :"]
    by_what: dict[str, list[str]] = {}
    for role, _column, src, what in done:
        by_what.setdefault(what, []).append(f"« {src} » ({role})")
    for what, where in by_what.items():
        lines.append(f"- {what[:1].upper() + what[1:]} : {', '.join(where)}.")
    if with_age:
        lines.append(
            f"- Dates de naissance remplacées par des tranches d'âge : "
            f"{french.quoted_list(with_age)}."
        )
    lines.append(
        "Une analyse qui a besoin de la précision complète la demande par les paramètres "
        "`timestamp_precision` (« complet ») et `postcode_precision` (« complet ») ; le choix "
        "est noté dans les règles, et rejoué l'an prochain."
    )
    return Reading.of(lines)


def identifier_treatments(result: WorkspaceCleaning) -> pd.DataFrame:
    """One row per identifier column as read: its table, its kind and what was done."""
    rows = [
        {
            "table": t.role,
            "colonne d'origine": col,
            "type": privacy.IDENTIFIER_COLUMNS.get(kind, kind),
            "traitement": what,
        }
        for t in result.tables.values()
        for col, (kind, what) in t.identifiers.items()
    ]
    return pd.DataFrame(rows, columns=["table", "colonne d'origine", "type", "traitement"])


def explain_ages(result: WorkspaceCleaning, *, threshold: int = 11) -> Reading:
    """The age bands of the first table that has them, in distinct people, small cells hidden.

    The unit is said in the table (« effectif (personnes) »): a person registered twice
    counts once. The threshold of 11 is the small-numbers rule of French health data
    (« règle des petits effectifs », SNDS, CNAM).
    """
    with_age = [t for t in result.tables.values() if AGE_BAND in t.data.columns]
    if not with_age:
        return Reading(["Aucun fichier de cet espace ne contient de date de naissance."])
    table = with_age[0]
    data = table.data
    if PERSON_ID in data.columns:
        counts = data.groupby(AGE_BAND, observed=False, sort=False)[PERSON_ID].nunique()
        counts = counts.reindex(data[AGE_BAND].cat.categories, fill_value=0)
        label, unit = privacy.PEOPLE_COUNT, "personnes"
    else:
        counts = data[AGE_BAND].value_counts(sort=False)
        label, unit = privacy.ROWS_COUNT, "lignes"
    counts.index.name = AGE_BAND
    shown = privacy.suppress_small_cells(counts.to_frame(label), threshold).table
    return Reading(
        [
            f"Tranches d'âge dans « {table.role} », en {unit} (cases de moins de "
            f"{french.integer(threshold)} {unit} cachées) :",
            _markdown_table(shown),
        ],
        table=shown,
    )


def sensitive_counts(result: WorkspaceCleaning, *, threshold: int = 11) -> Reading:
    """The first sensitive column of the workspace, counted with small cells hidden.

    In a table that names people (``personne_id``), each cell counts **distinct people**
    (« effectif (personnes) »), so that suppression protects people and not rows; in a
    table without people, rows are counted and the unit says so (« effectif (lignes) »).
    """
    found = [(t, c) for t in result.tables.values() for c in t.sensitive]
    if not found:
        return Reading(["Aucune colonne sensible n'a été repérée dans cet espace."])
    table, column = found[0]
    person = PERSON_ID if PERSON_ID in table.data.columns else None
    shown = privacy.aggregate_only(table.data, column, threshold=threshold, person=person)
    unit, short = (
        ("personnes distinctes", "personnes")
        if person
        else ("lignes (ce fichier ne nomme pas de personne)", "lignes")
    )
    return Reading(
        [
            f"Colonne sensible « {column} » de « {table.role} », agrégée en {unit} ; "
            f"cases de moins de {french.integer(threshold)} {short} cachées (règle des "
            "petits effectifs des données de santé) :",
            _markdown_table(shown),
        ],
        table=shown,
    )


def explain_sensitive(result: WorkspaceCleaning) -> Reading:
    """The columns flagged sensitive, and what to check in that list."""
    listed = sorted({f"« {c} » ({t.role})" for t in result.tables.values() for c in t.sensitive})
    if not listed:
        return Reading(
            [
                "Rien n'a été signalé : vérifiez tout de même qu'aucune colonne ne "
                "parle de santé, de justice ou d'aides sociales."
            ]
        )
    flagged = (
        "1 colonne signalée comme sensible"
        if len(listed) == 1
        else f"{french.integer(len(listed))} colonnes signalées comme sensibles"
    )
    them = ("Elle est marquée", "la") if len(listed) == 1 else ("Elles sont marquées", "les")
    return Reading(
        [
            f"{flagged} : {', '.join(listed)}. {them[0]} dans le dictionnaire des "
            f"données ; les carnets suivants ne {them[1]} montreront qu'agrégée"
            f"{'' if len(listed) == 1 else 's'}. Vérifiez la liste : une colonne peut "
            "être signalée à tort (un mot comme « allocation » dans un libellé) ou "
            "manquer."
        ]
    )


@dataclass(frozen=True)
class SmallCellExample:
    """Two category columns of a table crossed, small cells hidden (section 11 of notebook 05).

    Attributes
    ----------
    role, rows, columns
        The table and the two columns crossed.
    published
        The :class:`~sizeup_helpers.privacy.SuppressedTable` (table, mask, primary).
    threshold
        The smallest count shown.
    """

    role: str
    rows: str
    columns: str
    published: privacy.SuppressedTable
    threshold: int
    unit: str = "personnes"
    """What each cell counts: ``"personnes"`` (distinct people) or ``"lignes"``."""

    @property
    def n_primary(self) -> int:
        """Cells hidden because they count fewer people than the threshold."""
        return int(self.published.primary.to_numpy().sum())

    @property
    def n_secondary(self) -> int:
        """Cells hidden so that the small ones cannot be found back by subtraction."""
        return int(self.published.mask.to_numpy().sum()) - self.n_primary

    def _title(self) -> str:
        counted = (
            "nombre de personnes distinctes" if self.unit == "personnes" else "nombre de lignes"
        )
        return (
            f"Croisement « {self.rows} » × « {self.columns} », {counted} par case, "
            "petites cases cachées :"
        )

    def to_text(self) -> str:
        return self._title() + "\n" + _markdown_table(self.published.table)

    def _repr_markdown_(self) -> str:
        return self._title() + "\n\n" + _markdown_table(self.published.table)

    def to_frame(self) -> pd.DataFrame:
        """The published table (hidden cells as « < 11 » and « s »)."""
        return self.published.table

    def __repr__(self) -> str:
        return self.to_text()


def small_cells_example(
    result: WorkspaceCleaning, role: str, *, threshold: int = 11
) -> SmallCellExample | None:
    """The first two category columns (2 to 12 values, not sensitive) of ``role`` crossed,
    with margins, small cells hidden; ``None`` when the table has no two such columns.

    Each cell counts **distinct people** when the table names them (``personne_id``): a
    person registered to two workshops counts once in a cell, and suppression applies to
    people, as the small-numbers rule of French health data (« règle des petits
    effectifs », SNDS, CNAM: cells under 11 people masked) asks. Margins count distinct
    people too, so a total can be smaller than the sum of its cells.
    """
    table = result.tables.get(role)
    if table is None:
        return None
    clean = table.data
    candidates = [
        c
        for c, k in table.kinds.items()
        if c in clean.columns
        and k in ("category", "likert", "boolean")
        and 2 <= clean[c].nunique() <= 12
        and c not in table.sensitive
    ]
    if len(candidates) < 2:
        return None
    rows, cols = candidates[0], candidates[1]
    if PERSON_ID in clean.columns:  # cells count people, not rows (a person on two rows)
        crossed = pd.crosstab(
            clean[rows].astype(str),
            clean[cols].astype(str),
            values=clean[PERSON_ID],
            aggfunc="nunique",
            margins=True,
            margins_name="Total",
        )
        crossed = crossed.fillna(0).astype("int64")
        unit = "personnes"
    else:
        crossed = pd.crosstab(
            clean[rows].astype(str), clean[cols].astype(str), margins=True, margins_name="Total"
        )
        unit = "lignes"
    crossed.columns.name = f"{cols} ({unit})"
    return SmallCellExample(
        role, rows, cols, privacy.suppress_small_cells(crossed, threshold), threshold, unit
    )


def explain_small_cells(example: SmallCellExample | None) -> Reading:
    """How many cells were hidden in the crossing, and why."""
    if example is None:
        return Reading(
            [
                "Ce fichier n'a pas deux catégories à croiser : l'étape 12 appliquera "
                "la même règle à vos tableaux publiés."
            ]
        )
    primary, secondary = example.n_primary, example.n_secondary
    unit = example.unit
    if not primary and not secondary:
        return Reading(
            [
                f"Aucune case ne compte moins de {french.integer(example.threshold)} "
                f"{unit} : le tableau peut être publié tel quel."
            ]
        )
    small = (
        "1 case cachée parce qu'elle compte"
        if primary == 1
        else f"{french.integer(primary)} cases cachées parce qu'elles comptent"
    )
    other = "1 autre" if secondary == 1 else f"{french.integer(secondary)} autres"
    return Reading(
        [
            f"{small} moins de {french.integer(example.threshold)} {unit}, et "
            f"{other} pour qu'on ne puisse pas les retrouver par soustraction. Un "
            "tableau avec beaucoup de cases cachées est trop détaillé pour être "
            "publié : regroupez des catégories."
        ]
    )


def saved_files(result: WorkspaceCleaning) -> pd.DataFrame:
    """The files written by :func:`clean_workspace`: folder, name, size in bytes."""
    rows = [
        {
            "dossier": p.parent.name,
            "fichier": p.name,
            "taille (octets)": p.stat().st_size if p.is_file() else 0,
        }
        for p in result.paths
    ]
    return pd.DataFrame(rows, columns=["dossier", "fichier", "taille (octets)"])


def explain_saved(ws: Workspace, result: WorkspaceCleaning) -> Reading:
    """Where the clean tables are, and how to replay the cleaning next year."""
    n = len(result.tables)
    if not n:
        return Reading(
            [
                "Aucune table propre n'a été enregistrée : l'espace ne déclare aucun "
                "fichier de données."
            ]
        )
    ready = (
        "**1 table propre** est prête"
        if n == 1
        else f"**{french.integer(n)} tables propres** sont prêtes"
    )
    names = french.join_and(
        [
            f"`{_safe(t.role)}.csv`"
            + (f" (chaque ligne renvoie à sa ligne de « {t.parent[1]} »)" if t.parent else "")
            for t in result.tables.values()
        ]
    )
    return Reading(
        [
            f"{ready} dans `{ws.clean_data_dir.name}/` : {names}, avec leur dictionnaire "
            f"`{DICTIONARY_FILE}` ; le "
            f"journal et les règles sont dans `{ws.step_dir('05').name}/`. L'an "
            "prochain, déposez les nouveaux fichiers, mettez `replay_rules` à `True` et "
            "relisez seulement ce que le journal signale comme nouveau."
        ]
    )

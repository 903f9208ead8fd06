"""Inventory of the data a structure already holds (step 04): profile, quality, outcomes, gaps.

Step 04 of the programme answers three questions before any cleaning:

1. **What is there?** Every file declared in ``structure.yml`` is read as a person sees it
   (:func:`~sizeup_helpers.io.read_export`, every sheet of a workbook). Each table gets its
   size and how it was read; each column a type guess, its share of empty cells, its number
   of distinct values, up to three examples (direct identifiers **masked**, free text and
   sensitive data never shown) and the problems found. Interview transcripts and other
   documents are listed as qualitative material, without being parsed.
2. **Is it usable?** The problems found (mixed date formats, numbers written the French
   way, category variants, total rows among the data, exact duplicate rows, personal and
   sensitive data…) are gathered in one tidy table and in a French quality report.
3. **What can it measure?** Through the workspace's indicators (``indicateurs.yml``), files
   (and, with the optional ``colonnes:`` key, columns) are linked to the outcomes of the
   theory of change; the outcomes in the evaluation's scope that no existing data can
   measure are the **gaps** (« lacunes ») that the questionnaire (step 07) and the
   interviews (step 08) will fill.

The results are tidy :class:`pandas.DataFrame` objects with fixed French column names
(:data:`TABLE_COLUMNS`, :data:`COLUMN_COLUMNS`, :data:`PROBLEM_COLUMNS`,
:data:`MAPPING_COLUMNS`, :data:`GAP_COLUMNS`), documented in ``docs/inventaire.md``.
:func:`save_inventory` writes them to the step's folder. Nothing in them holds a direct
identifier: examples go through :func:`~sizeup_helpers.privacy.mask_value` and a last
safety net that masks any e-mail address, phone number or social security number.

Examples
--------
>>> from sizeup_helpers.inventory import inventory_workspace, map_to_outcomes  # doctest: +SKIP
>>> inv = inventory_workspace(ws)                                             # doctest: +SKIP
>>> inv.tables[["fichier", "feuille", "nb_lignes", "nb_problemes"]]            # doctest: +SKIP
>>> correspondance = map_to_outcomes(ws, inv)                                 # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from .cleaning.columns import KIND_LABELS
from .errors import InventoryError, SizeUpError
from .french import fold_key, integer, percent, plural, quoted, quoted_list
from .privacy import (
    IDENTIFIER_COLUMNS,
    SENSITIVE_BASIS,
    detect_consent,
    detect_identifiers,
    detect_sensitive,
    identifier_kind,
    known_names,
    looks_like_free_text,
    mask_in_text,
    mask_value,
    redact_text,
)
from .reading import Reading
from .survey_exports import describe_system_columns, parent_link
from .survey_exports import system_columns as platform_columns
from .yamlfile import load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from .workspace import DataFile, Workspace

__all__ = [
    "COLUMN_COLUMNS",
    "GAP_COLUMNS",
    "MAPPING_COLUMNS",
    "PROBLEM_COLUMNS",
    "REUSE",
    "TABLE_COLUMNS",
    "FilePreview",
    "Inventory",
    "InventoryError",
    "columns_table",
    "declared_files",
    "explain_columns",
    "explain_gaps",
    "explain_mapping",
    "explain_preview",
    "explain_problems",
    "explain_reuse",
    "explain_saved",
    "explain_tables",
    "find_gaps",
    "inventory_workspace",
    "load_indicator_links",
    "map_to_outcomes",
    "outcome_links",
    "preview_file",
    "problem_list",
    "profile_table",
    "quality_report",
    "reuse_compatibility",
    "save_inventory",
    "scope_outcomes",
]


#: Columns of :attr:`Inventory.tables`, one row per table (a CSV file, a sheet of a
#: workbook) or per qualitative document.
TABLE_COLUMNS = (
    "fichier",  # path of the file inside the workspace
    "feuille",  # sheet of a workbook ("" for a text file or a document)
    "role",  # role of the file in structure.yml
    "description",  # description given in structure.yml
    "nature",  # "tableau", "matériau qualitatif" or "illisible"
    "format",  # csv, xlsx, markdown…
    "nb_lignes",  # data rows read (lines of text for a document)
    "nb_colonnes",  # columns read (0 for a document)
    "ligne_en_tete",  # row number of the header, as a spreadsheet shows it (0 if none)
    "lignes_titre",  # number of title rows skipped above the header
    "colonnes_identifiantes",  # columns holding direct identifiers
    "colonnes_sensibles",  # columns holding sensitive data
    "donnees_personnelles",  # declared in structure.yml or detected
    "donnees_sensibles",  # declared or detected
    "part_manquante",  # share of empty cells in the table (0 to 1)
    "nb_problemes",  # number of rows of `problemes` for this table
    "lecture",  # how the file was read, in French
    "consentement",  # the consent column and its yes / no counts ("" if none)
    "compatibilite_reutilisation",  # re-use for the evaluation (RGPD art. 6.4), see REUSE
)
#: Columns of :attr:`Inventory.colonnes`, one row per column of a table.
COLUMN_COLUMNS = (
    "fichier",
    "feuille",
    "role",
    "position",  # 1 for the first column
    "colonne",  # name as read (header flattened)
    "type",  # guessed type, in French: date, nombre, oui / non, échelle ordonnée…
    "part_manquante",  # share of empty cells (0 to 1)
    "valeurs_distinctes",  # number of distinct non-empty values
    "exemples",  # up to 3 frequent values joined by " | ", identifiers masked
    "identifiant",  # kind of direct identifier ("" if none), in French
    "sensible",  # category of sensitive data ("" if none)
    "problemes",  # the problems of this column, joined by " ; "
)
#: Columns of :attr:`Inventory.problemes`, one row per problem found.
PROBLEM_COLUMNS = (
    "fichier",
    "feuille",
    "role",
    "colonne",  # "" for a problem of the whole table
    "gravite",  # see GRAVITIES
    "code",  # short stable code, e.g. "formats_de_date"
    "message",  # French sentence
    "effectif",  # rows (or cells) concerned, 0 when not counted
)
#: Severity of a problem, from the most pressing.
GRAVITIES = ("à protéger", "à corriger", "à vérifier", "information")
#: Columns of the table returned by :func:`map_to_outcomes`.
MAPPING_COLUMNS = (
    "element",  # id of the theory-of-change element (outcome or output)
    "type_element",  # "effet" or "réalisation"
    "libelle_element",
    "horizon",  # court, moyen, long ("" for an output)
    "dans_le_perimetre",  # the outcome is in the scope of step 03 (outputs: False)
    "indicateur",  # indicator id ("" when the element has none)
    "libelle_indicateur",
    "source",  # role of the source file, "a_collecter", or ""
    "fichier",  # file of that role ("" when none)
    "feuilles",  # sheets read in that file, joined by " | "
    "colonnes",  # columns named by the indicator's `colonnes:` key, joined by " | "
    "statut",  # see STATUSES
    "mesurable",  # True when existing data can measure the indicator
)
#: Status of a link between an element and existing data.
STATUSES = {
    "mesurable": "mesurable avec les données existantes",
    "a_collecter": "donnée à collecter",
    "fichier_absent": "aucun fichier n'a ce rôle",
    "illisible": "fichier illisible",
    "colonne_absente": "colonne introuvable dans le fichier",
    "sans_indicateur": "aucun indicateur",
    "qualitatif": "matériau qualitatif seulement",
}
#: Columns of the table returned by :func:`find_gaps`.
GAP_COLUMNS = (
    "effet",
    "libelle_effet",
    "horizon",
    "parties_prenantes",  # names of the stakeholders concerned, joined by " ; "
    "raison",  # why no existing data measures it, in French
    "indicateurs",  # ids of its indicators, joined by " | "
    "piste",  # what to do: questionnaire (step 07), interviews (step 08)
)

#: Where each deliverable is written inside ``ws.step_dir("04")``.
FILES = {
    "tables": "inventaire-tables.csv",
    "colonnes": "inventaire-colonnes.csv",
    "problemes": "inventaire-problemes.csv",
    "correspondance": "correspondance-effets.csv",
    "lacunes": "lacunes.csv",
    "rapport": "rapport-qualite.md",
}

#: Suffixes of documents listed as qualitative material (never parsed into columns).
QUALITATIVE_SUFFIXES = (".md", ".markdown", ".docx", ".doc", ".odt", ".pdf", ".rtf")
#: Most examples shown per column.
MAX_EXAMPLES = 3

_NOT_SHOWN_FREE_TEXT = "(texte libre : non montré)"
_NOT_SHOWN_SENSITIVE = "(donnée sensible : montrée seulement agrégée)"
_EXAMPLE_WIDTH = 40

# families of date spellings (counted on distinct values)
_DATE_FAMILIES = (
    ("JJ/MM/AAAA", re.compile(r"^\d{1,2}/\d{1,2}/\d{4}(?:[ T].*)?$")),
    ("JJ-MM-AAAA ou JJ.MM.AAAA", re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{4}(?:[ T].*)?$")),
    ("année sur deux chiffres (J/M/AA)", re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?:[ T].*)?$")),
    ("AAAA-MM-JJ", re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?$")),
    ("numéro de série Excel", re.compile(r"^\d{5}(?:[.,]\d+)?$")),
    ("MM/AAAA", re.compile(r"^\d{1,2}[-/.]\d{4}$")),
    (
        "mois en lettres",
        re.compile(
            r"(?i)^(?:\d{1,2}(?:er)?[\s\-./]*)?[a-zéû]{3,9}\.?[\s\-./']*"
            r"(?:\d{4}|\d{2})$"
        ),
    ),
)
_COMMA_DECIMAL = re.compile(r"\d,\d")
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_THOUSANDS = re.compile("\\d[ \u00a0\u202f\u2009']\\d{3}(?!\\d)")
_UNIT = re.compile(r"\d\s*(?:[A-Za-zÀ-ÿ€$£%°]+\.?)$|^[€$£]")
_DIGITS_ONLY = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")


# ======================================================================================
# The inventory
# ======================================================================================
@dataclass(frozen=True)
class Inventory:
    """The inventory of a workspace's files: three tidy tables and a few facts.

    Attributes
    ----------
    tables : pandas.DataFrame
        One row per table or document, columns :data:`TABLE_COLUMNS`.
    colonnes : pandas.DataFrame
        One row per column of a table, columns :data:`COLUMN_COLUMNS`.
    problemes : pandas.DataFrame
        One row per problem found, columns :data:`PROBLEM_COLUMNS`, most pressing first.
    structure : str
        Name of the structure.
    fictional : bool
        Whether the workspace holds fictional data (a sample structure).
    """

    tables: pd.DataFrame
    colonnes: pd.DataFrame
    problemes: pd.DataFrame
    structure: str = ""
    fictional: bool = False

    def __repr__(self) -> str:
        n_tables = int((self.tables["nature"] == "tableau").sum()) if len(self.tables) else 0
        return (
            f"Inventory({self.structure!r} : {plural(n_tables, 'tableau', 'tableaux')}, "
            f"{plural(len(self.colonnes), 'colonne', 'colonnes')}, "
            f"{plural(len(self.problemes), 'problème', 'problèmes')})"
        )

    def summary(self) -> str:
        """The inventory in a few French sentences (no personal data)."""
        return " ".join(_summary_lines(self))

    def _repr_markdown_(self) -> str:  # pragma: no cover - notebook display
        return self.summary()


@dataclass
class _Found:
    """Problems found while profiling one table (rows of `problemes`)."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, gravity: str, code: str, message: str, *, column: str = "", count: int = 0
    ) -> None:
        self.rows.append(
            {
                "colonne": column,
                "gravite": gravity,
                "code": code,
                "message": message,
                "effectif": int(count),
            }
        )


def _short(text: str, width: int = _EXAMPLE_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _column_label(name: Any) -> str:
    """A column name safe to show (a header holding an e-mail or phone is masked)."""
    return mask_in_text(str(name))


# --------------------------------------------------------------------------------------
# Re-using a source for the evaluation (RGPD, article 6.4)
# --------------------------------------------------------------------------------------
#: What the inventory says of re-using each source for the evaluation, by case.
REUSE = {
    "sans_objet": "sans objet (pas de données personnelles)",
    "evaluation": "compatible (collectées pour évaluer)",
    "service": "compatible sous conditions (art. 6.4)",
    "consentement": "à vérifier : collectées avec un consentement (art. 6.1.a)",
    "sensible": "à examiner : données sensibles (art. 9 ou 10)",
}
_EVALUATION_WORDS = (
    "enquete",
    "questionnaire",
    "quiz",
    "evaluation",
    "satisfaction",
    "entretien",
    "temoignage",
    "sondage",
)


def reuse_compatibility(
    *,
    role: str = "",
    description: str = "",
    personal: bool = False,
    sensitive: Sequence[str] = (),
    consent: bool = False,
) -> str:
    # sensitive: categories of privacy.SENSITIVE_COLUMNS found, or any other label for data
    # declared sensitive in structure.yml without a category
    """Whether re-using a source for the evaluation fits why it was collected (RGPD art. 6.4).

    Article 6.4 asks, for a purpose other than the one of the collection, to weigh the
    link between both purposes, the context of the collection (the relation with the
    people), the nature of the data (articles 9 and 10), the consequences for the people
    and the safeguards (pseudonymisation). A first reading, per source, in order:

    - no personal data: *sans objet*;
    - health, justice or origin data (articles 9 and 10): *à examiner*: the re-use needs
      an exception of article 9.2 (or a text for article 10) and an impact assessment
      (AIPD, article 35);
    - a consent column (``consentement``, ``accord_…``, ``rgpd``): the collection rests on
      consent (article 6.1.a), to which article 6.4 does not apply: *à vérifier* that the
      consent covers the evaluation;
    - a survey, a quiz, interviews or testimonials: *compatible*, they were collected to
      evaluate;
    - registrations, attendance, follow-up kept to run the service: *compatible sous
      conditions*: evaluating the service continues the same relation with the same
      people, provided they were told (articles 13 and 14), the tables are pseudonymised
      (step 05) and only aggregates are published.

    This is a reading to discuss with whoever keeps the structure's register of processing
    activities (or its DPO), not a legal opinion.

    Examples
    --------
    >>> reuse_compatibility(role="inscriptions", personal=True)
    'compatible sous conditions (art. 6.4)'
    >>> reuse_compatibility(role="enquete", personal=True, sensitive=["aides sociales"])
    'compatible (collectées pour évaluer)'
    """
    if not personal:
        return REUSE["sans_objet"]
    if any(c != "aides sociales" for c in sensitive):  # art. 9 or 10, or declared sensitive
        return REUSE["sensible"]
    if consent:
        return REUSE["consentement"]
    words = fold_key(f"{role} {description}", sep="_")
    if any(w in words for w in _EVALUATION_WORDS):
        return REUSE["evaluation"]
    return REUSE["service"]


def _consent_text(frame: pd.DataFrame) -> str:
    """« consentement_rgpd » : 470 oui, 20 non (the consent columns of a table, counted)."""
    found = detect_consent(frame)
    parts = [
        f"{quoted(_column_label(c))} : {integer(y)} oui, {integer(n)} non"
        + (f", {plural(v, 'vide', 'vides')}" if v else "")
        for c, y, n, v in found.itertuples(index=False)
    ]
    return " ; ".join(parts)


# --------------------------------------------------------------------------------------
# Profiling one table
# --------------------------------------------------------------------------------------
def profile_table(
    frame: pd.DataFrame,
    *,
    fichier: str = "",
    feuille: str = "",
    role: str = "",
    description: str = "",
    report: Any = None,
    declared_personal: bool = False,
    declared_sensitive: bool = False,
) -> Inventory:
    """Profile one table read by :func:`~sizeup_helpers.io.read_export`.

    Parameters
    ----------
    frame
        The table, every column as text (as :func:`~sizeup_helpers.io.read_export` returns
        it). Typed columns are profiled through their text form.
    fichier, feuille, role, description
        Where the table comes from, copied into every row.
    report
        Its :class:`~sizeup_helpers.io.LoadReport` (found in ``frame.attrs`` when
        ``None``); it describes how the file was read.
    declared_personal, declared_sensitive
        What ``structure.yml`` declares about the file.

    Returns
    -------
    Inventory
        With one row in ``tables``, one per column in ``colonnes`` and the problems.

    Notes
    -----
    Missing values: only empty cells count as missing (``part_manquante``); answers such
    as « NSP » or « - » are values, reported as problems where a date or number is
    expected. Examples are the most frequent values; a direct identifier is masked, free
    text and sensitive data are never shown.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"`profile_table` attend un tableau pandas (DataFrame), pas {type(frame).__name__}."
        )
    from .cleaning import drop_total_rows, guess_column_kind

    if report is None:
        report = frame.attrs.get("sizeup_report")
    where = {"fichier": fichier, "feuille": feuille or "", "role": role}
    found = _Found()
    n_rows, n_cols = frame.shape
    text = frame.copy(deep=False)
    text.attrs = {}  # pandas deep-copies attrs (the load report) at every operation
    if not all(_is_text(text[c]) for c in text.columns):
        text = text.astype(object).where(text.notna(), None).astype("string").astype(object)

    # distinct values of each column, once
    facts: dict[Any, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for column in text.columns:
        codes, uniq = pd.factorize(text[column], use_na_sentinel=True)
        uniq = np.asarray(uniq, dtype=object)
        counts = (
            np.bincount(codes[codes >= 0], minlength=len(uniq))
            if len(uniq)
            else np.zeros(0, dtype=int)
        )
        facts[column] = (codes, uniq, counts)

    # identifiers and sensitive data: name checks on all columns, content checks only
    # where values can hold them (codes of one or two letters cannot)
    # a survey platform's own columns (row keys, timestamps…) are typed by what they are
    system = platform_columns(text.columns)
    candidates = [
        c
        for c in text.columns
        if c in system
        or identifier_kind(c) is not None
        or any(len(str(u)) >= 3 for u in facts[c][1][:200])
    ]
    sub = text[candidates] if candidates else text.iloc[:, :0]
    ids = detect_identifiers(sub) if candidates else pd.DataFrame(columns=["colonne", "type"])
    sens = detect_sensitive(sub) if candidates else pd.DataFrame(columns=["colonne", "categorie"])
    id_kind = dict(zip(ids["colonne"], ids["type"], strict=True))
    sens_kind = dict(zip(sens["colonne"], sens["categorie"], strict=True))

    column_rows = []
    kind_cache: dict[tuple, str] = {}
    for position, column in enumerate(text.columns, start=1):
        codes, uniq, counts = facts[column]
        n_missing = int((codes < 0).sum())
        missing_share = n_missing / n_rows if n_rows else 0.0
        identifier = id_kind.get(column)
        if n_missing == n_rows:
            kind = "empty"
        elif column in system:
            kind = _system_kind(system[column], identifier)
        elif identifier and identifier != "date_naissance":
            kind = "identifier"
        else:
            kind = _guess_kind_cached(
                text[column], str(column), uniq, kind_cache, guess_column_kind
            )
            if identifier == "date_naissance" and kind not in ("date", "empty"):
                kind = "identifier"
        label = _column_label(column)
        col_found = _Found()
        _column_problems(
            col_found,
            label,
            kind,
            uniq,
            counts,
            n_rows,
            missing_share,
            identifier,
            sens_kind.get(column),
            IDENTIFIER_COLUMNS,
        )
        found.rows.extend(col_found.rows)
        column_rows.append(
            {
                **where,
                "position": position,
                "colonne": label,
                "type": _kind_label(kind, system.get(column)),
                "part_manquante": round(missing_share, 4),
                "valeurs_distinctes": len(uniq),
                "exemples": _examples(uniq, counts, kind, identifier, sens_kind.get(column)),
                "identifiant": IDENTIFIER_COLUMNS.get(identifier, "") if identifier else "",
                "sensible": sens_kind.get(column, "") or "",
                "problemes": " ; ".join(r["message"] for r in col_found.rows),
            }
        )

    # the whole table
    if report is not None:
        _report_problems(found, report)
    if n_rows == 0:
        found.add(
            "à vérifier", "table_vide", "Le tableau n'a que son en-tête : aucune ligne de données."
        )
    elif n_cols:
        try:
            n_totals = n_rows - len(drop_total_rows(text, check_sums=False))
        except SizeUpError:
            n_totals = 0
        if n_totals:
            found.add(
                "à corriger",
                "lignes_total",
                plural(
                    n_totals, "ligne de total ou de sous-total", "lignes de total ou de sous-total"
                )
                + " "
                "au milieu des données : elles compteraient deux fois ; à retirer à "
                "l'étape 05.",
                count=n_totals,
            )
        n_dup = int(text.duplicated().sum())
        if n_dup:
            found.add(
                "à vérifier",
                "lignes_en_double",
                plural(n_dup, "ligne est la copie exacte", "lignes sont la copie exacte") + " "
                "d'une ligne au-dessus (double saisie, export répété ?).",
                count=n_dup,
            )
    if id_kind:
        listed = quoted_list((_column_label(c) for c in id_kind), 4)
        found.add(
            "à protéger",
            "donnees_personnelles",
            "Données personnelles directes dans "
            f"{plural(len(id_kind), 'colonne', 'colonnes')} "
            f"({listed}) : masquées ici, à pseudonymiser à l'étape 05.",
            count=len(id_kind),
        )
        if not declared_personal and fichier:
            found.add(
                "à vérifier",
                "personnelles_non_declarees",
                "Le fichier contient des données personnelles mais structure.yml ne le "
                "déclare pas : ajoutez « donnees_personnelles: true » à ce fichier.",
            )
    if sens_kind:
        cats = sorted(set(sens_kind.values()))
        found.add(
            "à protéger",
            "donnees_sensibles",
            f"Données sensibles ({', '.join(cats)}) dans "
            f"{plural(len(sens_kind), 'colonne', 'colonnes')} "
            f"({quoted_list((_column_label(c) for c in sens_kind), 4)}) : à ne montrer "
            f"qu'agrégées ({' ; '.join(f'{c} : {SENSITIVE_BASIS.get(c, c)}' for c in cats)}).",
            count=len(sens_kind),
        )

    if system:
        found.add("information", "export_plateforme", describe_system_columns(system))
        link = parent_link(text)
        if link is not None:
            found.add(
                "information",
                "groupe_repete",
                f"Feuille d'un groupe répété : chaque ligne renvoie, par « {link[1]} », à la "
                f"ligne « {link[2]} » de la feuille « {link[0]} » ; à l'étape 05 elle devient "
                "une table propre à part, qui garde ce lien.",
            )
    # the people's names this table holds, masked wherever a value is shown (an example,
    # a problem's message): a category typed « voir avec Kermarrec » names a person too
    names = known_names(
        text[[c for c, k in id_kind.items() if k in _NAME_KINDS]].fillna("").agg(" ".join, axis=1)
        if any(k in _NAME_KINDS for k in id_kind.values())
        else ()
    )
    if names:
        for row in column_rows:
            row["exemples"] = _mask_names(row["exemples"], names)
            row["problemes"] = _mask_names(row["problemes"], names)
        for row in found.rows:
            row["message"] = _mask_names(row["message"], names)
    consent = _consent_text(text) if n_cols else ""
    total_cells = n_rows * n_cols
    missing_cells = sum(int((facts[c][0] < 0).sum()) for c in text.columns)
    table_row = {
        **where,
        "description": description,
        "nature": "tableau",
        "format": getattr(report, "file_format", "") or "",
        "nb_lignes": n_rows,
        "nb_colonnes": n_cols,
        "ligne_en_tete": int(getattr(report, "header_row", 0) or 0),
        "lignes_titre": len(getattr(report, "title_rows", []) or []),
        "colonnes_identifiantes": len(id_kind),
        "colonnes_sensibles": len(sens_kind),
        # sensitive data declared in structure.yml are about people: personal data too
        "donnees_personnelles": bool(declared_personal or declared_sensitive or id_kind),
        "donnees_sensibles": bool(declared_sensitive or sens_kind),
        "part_manquante": round(missing_cells / total_cells, 4) if total_cells else 0.0,
        "nb_problemes": len(found.rows),
        "lecture": _with_platform(report.summary() if report is not None else "", system),
        "consentement": consent,
        "compatibilite_reutilisation": reuse_compatibility(
            role=role,
            description=description,
            personal=bool(declared_personal or declared_sensitive or id_kind),
            sensitive=sorted(set(sens_kind.values()))
            or (["déclarées sensibles"] if declared_sensitive else []),
            consent=bool(consent),
        ),
    }
    problems = pd.DataFrame([{**where, **r} for r in found.rows], columns=list(PROBLEM_COLUMNS))
    return Inventory(
        tables=pd.DataFrame([table_row], columns=list(TABLE_COLUMNS)),
        colonnes=pd.DataFrame(column_rows, columns=list(COLUMN_COLUMNS)),
        problemes=_sort_problems(problems),
    )


# identifier kinds whose values are people's names (privacy.IDENTIFIER_COLUMNS)
_NAME_KINDS = ("nom", "prenom", "nom_complet")


def _mask_names(text: str, names: Any) -> str:
    """``text`` with the known people's names masked, as an example shown (« (masqué) »)."""
    return redact_text(text, names=names, marker="(masqué)")[0] if text else text


def _guess_kind_cached(
    series: pd.Series, name: str, uniq: np.ndarray, cache: dict, guess: Any
) -> str:
    """:func:`~sizeup_helpers.cleaning.guess_column_kind`, once per set of few values.

    Wide sheets (attendance: one column per half-day) repeat the same few codes in
    hundreds of columns; columns with the same at most 20 distinct values, and names of
    the same sort (date-like, code-like), share one guess.
    """
    if len(uniq) > 20:
        return guess(series, name=name)
    from .cleaning import column_name_hints

    key = (tuple(sorted(map(str, uniq))), column_name_hints(name))
    if key not in cache:
        cache[key] = guess(series, name=name)
    return cache[key]


def _with_platform(reading: str, system: dict[Any, Any]) -> str:
    """How the file was read, and the survey tool that exported it (« export LimeSurvey »).

    The tool is recognised by its own columns (:mod:`~sizeup_helpers.survey_exports`):
    KoboToolbox, LimeSurvey, Google Forms or Framaforms; step 05 reads each in its own way
    (:mod:`~sizeup_helpers.survey_tools`).
    """
    if not system:
        return reading
    platform = next(iter(system.values())).platform
    return f"{reading} ; export {platform}" if reading else f"export {platform}"


def _system_kind(column: Any, identifier: str | None) -> str:
    """The kind of a survey platform's column (:mod:`~sizeup_helpers.survey_exports`)."""
    from .survey_exports import DEVICE, ROW_KEY, TIMESTAMP

    if column.kind == DEVICE:
        return "identifier"
    if column.kind == TIMESTAMP:
        return "date"
    if column.kind == ROW_KEY:
        return "key"
    return "category"


def _kind_label(kind: str, system: Any = None) -> str:
    """The French label of a column's kind; a platform's row key says so."""
    if system is not None and kind == "key":
        return system.label
    return KIND_LABELS.get(kind, kind)


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def _examples(
    uniq: np.ndarray, counts: np.ndarray, kind: str, identifier: str | None, sensitive: str | None
) -> str:
    """Up to three frequent values, safe to show."""
    if not len(uniq):
        return ""
    if sensitive and not identifier:  # a masked identifier says nothing sensitive
        return _NOT_SHOWN_SENSITIVE
    texts = [str(u) for u in uniq]
    if kind == "text" and not identifier and looks_like_free_text(texts):
        return _NOT_SHOWN_FREE_TEXT
    order = np.argsort(-counts, kind="stable")[:MAX_EXAMPLES]
    shown = []
    for i in order:
        value = texts[i]
        if identifier:
            value = str(mask_value(value, identifier))
        shown.append(_short(mask_in_text(value)))
    return " | ".join(dict.fromkeys(shown))


def _column_problems(
    found: _Found,
    column: str,
    kind: str,
    uniq: np.ndarray,
    counts: np.ndarray,
    n_rows: int,
    missing_share: float,
    identifier: str | None,
    sensitive: str | None,
    identifier_labels: dict[str, str],
) -> None:
    """Add the problems of one column to ``found``."""
    if identifier:
        found.add(
            "à protéger",
            "identifiant_direct",
            f"Identifiant direct ({identifier_labels.get(identifier, identifier)}) : "
            "masqué ici, à pseudonymiser ou retirer à l'étape 05.",
            column=column,
            count=int(counts.sum()),
        )
    if sensitive:
        found.add(
            "à protéger",
            "donnee_sensible",
            f"Donnée sensible ({sensitive}) : à ne montrer qu'agrégée.",
            column=column,
            count=int(counts.sum()),
        )
    if kind == "empty":
        found.add(
            "information", "colonne_vide", "Colonne entièrement vide.", column=column, count=n_rows
        )
        return
    if missing_share >= 0.5:
        found.add(
            "à vérifier",
            "peu_renseignee",
            f"Colonne vide à {percent(missing_share, digits=0)} : peu utilisable pour un "
            "indicateur.",
            column=column,
            count=round(missing_share * n_rows),
        )
    texts = [str(u) for u in uniq]
    spaces = np.array([t != t.strip() or "  " in t for t in texts], dtype=bool)
    if spaces.any() and kind not in ("identifier",):
        found.add(
            "information",
            "espaces_en_trop",
            f"{plural(int(counts[spaces].sum()), 'valeur a', 'valeurs ont')} des espaces "
            "en trop (au début, à la fin ou en double).",
            column=column,
            count=int(counts[spaces].sum()),
        )
    if kind == "text" and not identifier and looks_like_free_text(texts):
        found.add(
            "à protéger",
            "texte_libre",
            "Texte libre : un nom, un téléphone ou une adresse a pu s'y glisser ; non "
            "montré ici, à relire avant tout partage.",
            column=column,
            count=int(counts.sum()),
        )
    if kind == "date":
        _date_problems(found, column, texts, counts)
    elif kind == "number":
        _number_problems(found, column, texts, counts)
    elif kind == "boolean":
        spellings = [t.strip() for t in texts]
        distinct = list(dict.fromkeys(s for s in spellings if s))
        if len(distinct) > 3:
            found.add(
                "à corriger",
                "oui_non_variantes",
                f"Oui / non écrit de {len(distinct)} façons ({quoted_list(distinct, 6)}) : "
                "à ramener à oui / non à l'étape 05.",
                column=column,
                count=int(counts.sum()),
            )
    elif kind == "likert":
        digits = np.array([bool(_DIGITS_ONLY.match(t)) for t in texts], dtype=bool)
        if digits.any() and (~digits).any():
            found.add(
                "à corriger",
                "echelle_melangee",
                f"Réponses d'échelle écrites en chiffres ({integer(counts[digits].sum())}) "
                f"et en mots ({integer(counts[~digits].sum())}) : à ramener à une même "
                "échelle à l'étape 05.",
                column=column,
                count=int(counts[digits].sum()),
            )
    elif kind == "category" and not identifier and not sensitive:
        _category_problems(found, column, texts, counts)


def _date_problems(found: _Found, column: str, texts: list[str], counts: np.ndarray) -> None:
    from .cleaning import Journal, parse_dates

    families: dict[str, int] = {}
    unmatched = np.ones(len(texts), dtype=bool)
    for i, (text, count) in enumerate(zip(texts, counts, strict=True)):
        t = text.strip()
        for name, pattern in _DATE_FAMILIES:
            if pattern.match(t):
                families[name] = families.get(name, 0) + int(count)
                unmatched[i] = False
                break
    if len(families) >= 2:
        detail = ", ".join(
            f"{k} ({integer(v)})" for k, v in sorted(families.items(), key=lambda kv: -kv[1])
        )
        found.add(
            "à corriger",
            "formats_de_date",
            f"Dates écrites de {len(families)} façons : {detail} ; à convertir à l'étape 05.",
            column=column,
            count=sum(families.values()) - max(families.values()),
        )
    # only spellings outside the known families are parsed (a till has one date a line)
    failed = np.zeros(len(texts), dtype=bool)
    rest = np.flatnonzero(unmatched & np.array([bool(t.strip()) for t in texts]))
    if len(rest):
        parsed = parse_dates(
            pd.DataFrame({"v": pd.Series([texts[i] for i in rest], dtype=object)}),
            "v",
            journal=Journal(),
        )["v"]
        failed[rest[parsed.isna().to_numpy()]] = True
    _report_unparsed(found, column, texts, counts, failed, "pas_une_date", "une date")


def _report_unparsed(
    found: _Found,
    column: str,
    texts: list[str],
    counts: np.ndarray,
    failed: np.ndarray,
    code: str,
    what: str,
) -> None:
    """Report the distinct values (``failed``) that are not ``what`` (« une date »…)."""
    if failed.any():
        bad = [texts[i] for i in np.flatnonzero(failed)]
        n_bad = int(counts[failed].sum())
        found.add(
            "à vérifier",
            code,
            f"{plural(n_bad, 'valeur n’est', 'valeurs ne sont')} pas {what} "
            f"({quoted_list((_short(mask_in_text(b), 20) for b in bad), 3)}).",
            column=column,
            count=n_bad,
        )


def _number_problems(found: _Found, column: str, texts: list[str], counts: np.ndarray) -> None:
    from .cleaning import Journal, parse_numbers

    comma = np.array([bool(_COMMA_DECIMAL.search(t)) for t in texts], dtype=bool)
    dot = np.array([bool(_DOT_DECIMAL.match(t.strip())) for t in texts], dtype=bool)
    thousands = np.array([bool(_THOUSANDS.search(t)) for t in texts], dtype=bool)
    unit = np.array([bool(_UNIT.search(t.strip())) for t in texts], dtype=bool)
    parsed = parse_numbers(
        pd.DataFrame({"v": pd.Series(texts, dtype=object)}), "v", integers=False, journal=Journal()
    )["v"]
    failed = parsed.isna().to_numpy() & np.array([bool(t.strip()) for t in texts])
    unit &= ~failed
    forms = []
    if comma.any():
        forms.append(f"virgule décimale ({integer(counts[comma].sum())})")
    if thousands.any():
        forms.append(f"espace des milliers ({integer(counts[thousands].sum())})")
    if unit.any():
        first_unit = _short(texts[int(np.flatnonzero(unit)[0])], 12)
        forms.append(
            f"unité écrite dans la cellule, comme « {first_unit} » ({integer(counts[unit].sum())})"
        )
    if comma.any() and dot.any():
        found.add(
            "à corriger",
            "decimales_melangees",
            f"Nombres écrits avec une virgule ({integer(counts[comma].sum())}) et avec un "
            f"point ({integer(counts[dot].sum())}) : vérifiez qu'ils veulent dire la même "
            "chose, puis convertissez-les à l'étape 05.",
            column=column,
            count=int(counts[dot].sum()),
        )
    elif forms:
        found.add(
            "information",
            "nombres_a_la_francaise",
            "Nombres écrits à la française : "
            + ", ".join(forms)
            + " ; un tableur ou un programme les lit comme du texte, à convertir à "
            "l'étape 05.",
            column=column,
            count=int(counts[comma | thousands | unit].sum()),
        )
    _report_unparsed(found, column, texts, counts, failed, "pas_un_nombre", "un nombre")


def _category_problems(found: _Found, column: str, texts: list[str], counts: np.ndarray) -> None:
    # variants that differ by case, accents, spaces or punctuation: cheap, on distinct values
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        groups.setdefault(fold_key(t), []).append(i)
    variants = [g for key, g in groups.items() if key and len(g) > 1]
    n_rows = 0
    shown: list[str] = []
    for g in variants:
        main = max(g, key=lambda i: counts[i])
        n_rows += int(sum(counts[i] for i in g if i != main))
        if len(shown) < 4:
            shown.append(" / ".join(f"« {_short(mask_in_text(texts[i]), 25)} »" for i in g[:3]))
    typos = 0
    lengths = [len(k) for k in groups if k]
    if 3 <= len(groups) <= 300 and lengths and sum(lengths) / len(lengths) >= 4:
        from .cleaning import harmonise_categories

        frame = pd.DataFrame({"v": np.repeat(np.array(texts, dtype=object), counts)})
        mapping = harmonise_categories(frame, "v")
        typo_rows = mapping[mapping["motif"] == "faute de frappe probable"]
        typos = int(typo_rows["effectif"].sum())
        for value, proposal in zip(typo_rows["valeur"], typo_rows["proposition"], strict=True):
            if len(shown) < 4:
                shown.append(
                    f"« {_short(mask_in_text(str(value)), 25)} » → "
                    f"« {_short(mask_in_text(str(proposal)), 25)} » ?"
                )
    if variants or typos:
        found.add(
            "à corriger",
            "variantes",
            f"{plural(n_rows + typos, 'valeur est', 'valeurs sont')} une autre écriture "
            f"d'une même catégorie (casse, accents, espaces ou faute de frappe) : "
            f"{' ; '.join(shown)} ; à harmoniser à l'étape 05.",
            column=column,
            count=n_rows + typos,
        )


def _report_problems(found: _Found, report: Any) -> None:
    if report.title_rows:
        found.add(
            "information",
            "lignes_titre",
            plural(len(report.title_rows), "ligne de titre ignorée", "lignes de titre ignorées")
            + " "
            f"au-dessus de l'en-tête (ligne {report.header_row}).",
            count=len(report.title_rows),
        )
    if report.header_rows > 1:
        found.add(
            "information",
            "en_tete_fusionne",
            f"En-tête sur {report.header_rows} lignes avec des cellules fusionnées, "
            "aplati en un nom par colonne (parties jointes par « / »).",
        )
    if report.renamed_columns:
        found.add(
            "à vérifier",
            "colonnes_renommees",
            f"Colonnes sans nom ou en double, renommées : "
            f"{quoted_list((_column_label(c) for c in report.renamed_columns), 5)}.",
            count=len(report.renamed_columns),
        )
    if report.formula_cells:
        found.add(
            "information",
            "formules",
            f"{plural(report.formula_cells, 'cellule contient', 'cellules contiennent')} "
            "une formule : la valeur calculée par le tableur est reprise.",
            count=report.formula_cells,
        )
    if report.injection_cells:
        total = sum(report.injection_cells.values())
        found.add(
            "à vérifier",
            "cellules_formule",
            f"{plural(total, 'cellule commence', 'cellules commencent')} par =, +, - ou "
            "@ : un tableur pourrait les exécuter comme des formules.",
            count=total,
        )
    for problem in report.problems:
        if problem.startswith("La feuille est vide"):
            continue
        found.add("à vérifier", "lecture", problem)


def _sort_problems(problems: pd.DataFrame) -> pd.DataFrame:
    if problems.empty:
        return problems.reset_index(drop=True)
    rank = problems["gravite"].map({g: i for i, g in enumerate(GRAVITIES)}).fillna(9)
    order = np.lexsort((np.arange(len(problems)), rank.to_numpy()))
    return problems.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# The whole workspace
# --------------------------------------------------------------------------------------
def inventory_workspace(ws: Workspace) -> Inventory:
    """Inventory every file declared in the workspace's ``structure.yml``.

    Every sheet of a workbook is a table (only the sheet named by ``feuille:`` when the
    file declares one). Documents (``.md``, ``.docx``, ``.pdf``…; a ``.txt`` that does not
    read as a table) are listed as qualitative material without being parsed. A file
    that cannot be read is listed as « illisible » with the French reason, and the
    inventory goes on with the next file.

    Parameters
    ----------
    ws
        The workspace (:func:`~sizeup_helpers.workspace.open_workspace`).

    Returns
    -------
    Inventory
        ``tables``, ``colonnes`` and ``problemes``, with the columns documented in
        :data:`TABLE_COLUMNS`, :data:`COLUMN_COLUMNS` and :data:`PROBLEM_COLUMNS`.

    Notes
    -----
    Raw files are only read. No direct identifier appears in the result: examples of
    identifier columns are masked, free text and sensitive values are not shown.
    """
    from .workspace import Workspace

    if not isinstance(ws, Workspace):
        raise TypeError(
            f"`inventory_workspace` attend un espace de travail (Workspace, "
            f"ouvert avec open_workspace), pas {type(ws).__name__}."
        )
    parts = [_inventory_file(f) for f in ws.files]
    return _concat(parts, structure=ws.name, fictional=ws.fictional)


def _concat(
    parts: Sequence[Inventory], *, structure: str = "", fictional: bool = False
) -> Inventory:
    def stack(name: str, columns: Sequence[str]) -> pd.DataFrame:
        frames = [getattr(p, name) for p in parts if len(getattr(p, name))]
        if not frames:
            return pd.DataFrame(columns=list(columns))
        return pd.concat(frames, ignore_index=True)

    return Inventory(
        tables=stack("tables", TABLE_COLUMNS),
        colonnes=stack("colonnes", COLUMN_COLUMNS),
        problemes=_sort_problems(stack("problemes", PROBLEM_COLUMNS)),
        structure=structure,
        fictional=fictional,
    )


def _inventory_file(data_file: DataFile) -> Inventory:
    from .io import ReadError, list_sheets, read_export_with_report

    path = data_file.path
    base = {"fichier": data_file.relative, "role": data_file.role}
    if path.suffix.lower() in QUALITATIVE_SUFFIXES:
        return _qualitative(data_file)
    try:
        sheets = list_sheets(path)
        if data_file.sheet:
            sheets = [data_file.sheet]
        parts = []
        empty = []
        for sheet in sheets or [None]:
            frame, report = read_export_with_report(path, sheet=sheet)
            if report.header_row is None and sheets and len(sheets) > 1:
                empty.append(sheet)  # an empty sheet of a workbook: said below
                continue
            if path.suffix.lower() == ".txt" and frame.shape[1] < 2:
                return _qualitative(data_file)
            parts.append(
                profile_table(
                    frame,
                    fichier=data_file.relative,
                    feuille=sheet or "",
                    role=data_file.role,
                    description=data_file.description,
                    report=report,
                    # columns naming people (even a pseudonymous code) are personal data
                    declared_personal=data_file.personal_data or bool(data_file.people),
                    declared_sensitive=data_file.sensitive_data,
                )
            )
        if sheets and len(sheets) > 1:
            parts = _same_shape_note(parts, base)
        if empty and parts:
            parts = _empty_sheets_note(parts, base, empty)
        return _concat(parts)
    except ReadError as exc:
        row = {
            **base,
            "feuille": "",
            **_untabled_row(data_file, "illisible", path.suffix.lower().lstrip("."), 0, "non lu"),
        }
        problem = {
            **base,
            "feuille": "",
            "colonne": "",
            "gravite": "à corriger",
            "code": "illisible",
            "message": exc.message,
            "effectif": 0,
        }
        return Inventory(
            tables=pd.DataFrame([row], columns=list(TABLE_COLUMNS)),
            colonnes=pd.DataFrame(columns=list(COLUMN_COLUMNS)),
            problemes=pd.DataFrame([problem], columns=list(PROBLEM_COLUMNS)),
        )


def _same_shape_note(parts: list[Inventory], base: dict[str, str]) -> list[Inventory]:
    """A workbook whose sheets share their columns (one tab a month): say it once."""
    shapes = [tuple(p.colonnes["colonne"]) for p in parts]
    if len(parts) < 2 or len(set(shapes)) != 1:
        return parts
    message = (
        f"{len(parts)} feuilles aux mêmes colonnes (un onglet par période ?) : à empiler en "
        "une seule table à l'étape 05."
    )
    return _workbook_note(parts, base, "feuilles_meme_structure", message, len(parts))


def _empty_sheets_note(
    parts: list[Inventory], base: dict[str, str], empty: list[str]
) -> list[Inventory]:
    """Empty sheets of a workbook: no table here nor at step 05, said once."""
    message = (
        plural(len(empty), "feuille vide", "feuilles vides")
        + f" ({quoted_list(empty, 6)}) : rien à lire, donc pas de table propre à l'étape 05."
    )
    return _workbook_note(parts, base, "feuilles_vides", message, len(empty))


def _workbook_note(
    parts: list[Inventory], base: dict[str, str], code: str, message: str, count: int
) -> list[Inventory]:
    """``parts`` with one information line about the whole workbook, on its first table."""
    note = pd.DataFrame(
        [
            {
                **base,
                "feuille": "",
                "colonne": "",
                "gravite": "information",
                "code": code,
                "message": message,
                "effectif": count,
            }
        ],
        columns=list(PROBLEM_COLUMNS),
    )
    first = parts[0]
    tables = first.tables.copy()
    tables["nb_problemes"] = tables["nb_problemes"] + 1
    return [
        Inventory(
            tables=tables,
            colonnes=first.colonnes,
            problemes=pd.concat([first.problemes, note], ignore_index=True),
        ),
        *parts[1:],
    ]


def _untabled_row(
    data_file: DataFile, nature: str, file_format: str, n_lines: int, reading: str
) -> dict[str, Any]:
    """The inventory row of a file that is not read as a table (one problem: that)."""
    return {
        "description": data_file.description,
        "nature": nature,
        "format": file_format,
        "nb_lignes": n_lines,
        "nb_colonnes": 0,
        "ligne_en_tete": 0,
        "lignes_titre": 0,
        "colonnes_identifiantes": 0,
        "colonnes_sensibles": 0,
        "donnees_personnelles": data_file.personal_data or data_file.sensitive_data,
        "donnees_sensibles": data_file.sensitive_data,
        "part_manquante": 0.0,
        "nb_problemes": 1,
        "lecture": reading,
        "consentement": "",
        "compatibilite_reutilisation": reuse_compatibility(
            role=data_file.role,
            description=data_file.description,
            personal=data_file.personal_data or data_file.sensitive_data,
            sensitive=["déclarées sensibles"] if data_file.sensitive_data else [],
        ),
    }


def _qualitative(data_file: DataFile) -> Inventory:
    path = data_file.path
    suffix = path.suffix.lower().lstrip(".")
    n_lines = 0
    if suffix in ("md", "markdown", "txt"):
        with open(path, "rb") as handle:
            n_lines = sum(1 for line in handle if line.strip())
    base = {"fichier": data_file.relative, "feuille": "", "role": data_file.role}
    row = {
        **base,
        **_untabled_row(
            data_file,
            "matériau qualitatif",
            {"md": "markdown"}.get(suffix, suffix),
            n_lines,
            "document lu par une personne, pas découpé en colonnes",
        ),
    }
    problem = {
        **base,
        "colonne": "",
        "gravite": "à protéger",
        "code": "texte_a_relire",
        "message": "Document en texte libre : un prénom, une adresse ou un téléphone a "
        "pu s'y glisser ; relisez-le et remplacez-les avant de le partager "
        "(analyse au carnet 10).",
        "effectif": 0,
    }
    return Inventory(
        tables=pd.DataFrame([row], columns=list(TABLE_COLUMNS)),
        colonnes=pd.DataFrame(columns=list(COLUMN_COLUMNS)),
        problemes=pd.DataFrame([problem], columns=list(PROBLEM_COLUMNS)),
    )


# ======================================================================================
# Outcomes, indicators and gaps
# ======================================================================================
INDICATORS_FILE = "indicateurs.yml"


def indicators_path(ws: Workspace) -> Path:
    """Where the workspace's indicators are read from (``indicateurs:`` of structure.yml)."""
    return ws.root / (ws.config.get("indicateurs") or INDICATORS_FILE)


def load_indicator_links(ws: Workspace) -> pd.DataFrame:
    """The links declared in ``indicateurs.yml``: indicator → element, source, columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicateur``, ``libelle``, ``type``, ``element``, ``source`` and
        ``colonnes`` (a tuple of column names, empty when the optional ``colonnes:`` key is
        absent). Empty when the workspace has no indicators file.

    Raises
    ------
    InventoryError
        In French, naming the file and the indicator: not YAML, no ``indicateurs`` list,
        an indicator without ``id`` or ``element``, ``colonnes`` not a list of texts.
    """
    columns = ["indicateur", "libelle", "type", "element", "source", "colonnes"]
    path = indicators_path(ws)
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        from .workspace import yaml_error_line

        raise InventoryError(
            f"{path}{yaml_error_line(exc)} : le fichier n'est pas du YAML "
            "valide en UTF-8 ; corrigez-le (format : docs/inventaire.md)."
        ) from None
    items = (data or {}).get("indicateurs") if isinstance(data, dict) or data is None else None
    if items is None:
        items = []
    if not isinstance(items, list):
        raise InventoryError(
            f"{path} : « indicateurs » doit être une liste d'indicateurs "
            "(chaque élément commence par « - id: »)."
        )
    rows = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InventoryError(
                f"{path} : l'indicateur n° {n} doit être un ensemble de clés "
                "(id, libelle, element, source…)."
            )
        ident = item.get("id")
        name = f"« {ident} »" if ident else f"n° {n}"
        for key in ("id", "element"):
            if not isinstance(item.get(key), str) or not item.get(key).strip():
                raise InventoryError(
                    f"{path} : l'indicateur {name} n'a pas de clé « {key} » (un texte)."
                )
        cols = item.get("colonnes") or []
        if isinstance(cols, str):
            cols = [cols]
        if not isinstance(cols, list) or not all(isinstance(c, str) for c in cols):
            raise InventoryError(
                f"{path} : dans l'indicateur {name}, « colonnes » doit être une "
                "liste de noms de colonnes, par exemple [date, montant]."
            )
        source = item.get("source")
        rows.append(
            {
                "indicateur": item["id"].strip(),
                "libelle": str(item.get("libelle") or ""),
                "type": str(item.get("type") or ""),
                "element": item["element"].strip(),
                "source": str(source).strip() if source not in (None, "") else "",
                "colonnes": tuple(c.strip() for c in cols),
            }
        )
    return pd.DataFrame(rows, columns=columns)


#: What the inventory leaves for later while the theory of change has no outcome (a
#: structure's first day): said by :func:`explain_mapping`, :func:`explain_gaps` and the
#: quality report.
WAITING_FOR_OUTCOMES = (
    "**Ce qui attend les étapes 02 et 03** : la correspondance entre vos fichiers et les "
    "effets de votre théorie du changement, et les lacunes (ce que vos données ne "
    "mesurent pas encore), attendent que la théorie du changement ait des effets "
    "(carnet 02) et que le périmètre de l'évaluation les choisisse (carnet 03). Le reste "
    "de l'inventaire (fichiers, colonnes, qualité, données personnelles) est fait sans "
    "elles : il sert dès aujourd'hui."
)


def scope_outcomes(ws: Workspace) -> tuple[list[str], str]:
    """The outcomes in the evaluation's scope (step 03), or all outcomes when none was saved.

    An empty scope (saved by step 03 while the theory of change had no outcome yet)
    counts as no scope.

    Returns
    -------
    (list of str, str)
        The outcome ids, and a French sentence saying where they come from.

    Raises
    ------
    ScopeError, TheoryOfChangeError
        When the scope file or the theory of change exists but is wrong.
    """
    from .stakeholders import SCOPE_FILE, load_scope
    from .theory_of_change import load_theory_of_change

    toc = load_theory_of_change(ws)
    if not toc.outcomes:
        return [], (
            "La théorie du changement n'a encore aucun effet : la correspondance avec vos "
            "effets et les lacunes attendent les carnets 02 et 03."
        )
    path = ws.step_dir("03", create=False) / SCOPE_FILE
    scope = load_scope(ws) if path.is_file() else None
    if scope is not None and scope.outcomes:
        return list(scope.outcomes), (
            "Périmètre de l'étape 03 : "
            f"{plural(len(scope.outcomes), 'effet retenu', 'effets retenus')} "
            f"sur {len(toc.outcomes)}."
        )
    return [e.id for e in toc.outcomes], (
        (
            "Le périmètre de l'étape 03 est vide"
            if scope is not None
            else "Aucun périmètre n'a été enregistré à l'étape 03"
        )
        + " : tous les effets de la théorie du "
        f"changement ({len(toc.outcomes)}) sont pris en compte. Faites le carnet 03 pour "
        "choisir ceux que l'évaluation couvre."
    )


def map_to_outcomes(
    ws: Workspace, inventory: Inventory, *, outcomes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Link the inventoried files (and columns) to the theory of change, through the indicators.

    Parameters
    ----------
    ws
        The workspace: its theory of change, its ``indicateurs.yml`` (with the optional
        ``colonnes:`` key, see ``docs/inventaire.md``) and its scope (step 03).
    inventory
        The result of :func:`inventory_workspace`.
    outcomes
        Ids of the outcomes in scope; by default those of step 03
        (:func:`scope_outcomes`), or all outcomes when no scope was saved.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MAPPING_COLUMNS`: one row per indicator of an outcome or output,
        plus one row (``indicateur`` empty, statut « aucun indicateur ») for each outcome
        without indicator; outcomes first, in theory-of-change order. ``statut`` says
        whether existing data can measure the indicator (« mesurable avec les données
        existantes ») or why not: data to collect (``source: a_collecter``), no file with
        that role, unreadable file, a column named in ``colonnes:`` not found.

    Raises
    ------
    InventoryError
        For a badly written indicators file (see :func:`load_indicator_links`).
    """
    from .theory_of_change import load_theory_of_change

    if not isinstance(inventory, Inventory):
        raise TypeError(
            f"`map_to_outcomes` attend le résultat de inventory_workspace "
            f"(Inventory), pas {type(inventory).__name__}."
        )
    toc = load_theory_of_change(ws)
    if outcomes is None:
        outcomes, _ = scope_outcomes(ws)
    in_scope = set(outcomes)
    links = load_indicator_links(ws)
    tables = inventory.tables
    by_role: dict[str, pd.DataFrame] = {r: g for r, g in tables.groupby("role", sort=False)}
    cols_by_role: dict[str, pd.DataFrame] = {
        r: g for r, g in inventory.colonnes.groupby("role", sort=False)
    }
    rows = []
    elements = [(e, "effet") for e in toc.outcomes] + [(e, "réalisation") for e in toc.outputs]
    for element, kind in elements:
        mine = links[links["element"] == element.id] if len(links) else links
        base = {
            "element": element.id,
            "type_element": kind,
            "libelle_element": element.label,
            "horizon": element.horizon or "",
            "dans_le_perimetre": kind == "effet" and element.id in in_scope,
        }
        if mine.empty:
            if kind == "effet":
                rows.append(
                    {
                        **base,
                        "indicateur": "",
                        "libelle_indicateur": "",
                        "source": "",
                        "fichier": "",
                        "feuilles": "",
                        "colonnes": "",
                        "statut": STATUSES["sans_indicateur"],
                        "mesurable": False,
                    }
                )
            continue
        for link in mine.itertuples(index=False):
            status, file, sheets = _link_status(link.source, link.colonnes, by_role, cols_by_role)
            rows.append(
                {
                    **base,
                    "indicateur": link.indicateur,
                    "libelle_indicateur": link.libelle,
                    "source": link.source,
                    "fichier": file,
                    "feuilles": sheets,
                    "colonnes": " | ".join(link.colonnes),
                    "statut": STATUSES[status],
                    "mesurable": status == "mesurable",
                }
            )
    return pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))


def _link_status(
    source: str,
    columns: tuple[str, ...],
    by_role: dict[str, pd.DataFrame],
    cols_by_role: dict[str, pd.DataFrame],
) -> tuple[str, str, str]:
    if not source or fold_key(source) in ("a collecter", "a_collecter"):
        return "a_collecter", "", ""
    tables = by_role.get(source)
    if tables is None:
        return "fichier_absent", "", ""
    file = str(tables["fichier"].iloc[0])
    sheets = " | ".join(s for s in tables["feuille"].astype(str) if s)
    if (tables["nature"] == "illisible").all():
        return "illisible", file, sheets
    if (tables["nature"] == "matériau qualitatif").all():
        return "qualitatif", file, sheets
    if columns:
        known = cols_by_role.get(source)
        names = set() if known is None else {fold_key(c) for c in known["colonne"]}
        if any(fold_key(c) not in names for c in columns):
            return "colonne_absente", file, sheets
    return "mesurable", file, sheets


def find_gaps(ws: Workspace, mapping: pd.DataFrame) -> pd.DataFrame:
    """The outcomes in scope that no existing data can measure: the gaps to fill.

    Parameters
    ----------
    ws
        The workspace (its theory of change gives the stakeholders of each outcome).
    mapping
        The result of :func:`map_to_outcomes`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GAP_COLUMNS`, one row per outcome in scope without any
        measurable indicator, with the reason in French and what to do: a questionnaire
        (step 07) for people the structure can reach, interviews (step 08) to understand
        how and why.
    """
    from .theory_of_change import load_theory_of_change

    missing = [c for c in MAPPING_COLUMNS if c not in getattr(mapping, "columns", [])]
    if missing:
        raise ValueError(
            f"`find_gaps` attend le résultat de map_to_outcomes ; colonnes "
            f"absentes : {', '.join(missing)}."
        )
    toc = load_theory_of_change(ws)
    outcomes = mapping[(mapping["type_element"] == "effet") & mapping["dans_le_perimetre"]]
    rows = []
    for element_id, group in outcomes.groupby("element", sort=False):
        if group["mesurable"].any():
            continue
        element = toc.element(element_id)
        names = []
        categories = set()
        for sid in element.stakeholders:
            try:
                st = toc.stakeholder(sid)
            except SizeUpError:
                continue
            names.append(st.name)
            categories.add(st.category)
        indicators = [i for i in group["indicateur"] if i]
        reasons = []
        for ind, status, source in zip(
            group["indicateur"], group["statut"], group["source"], strict=True
        ):
            if not ind:
                reasons.append("aucun indicateur ne le mesure encore")
            elif status == STATUSES["fichier_absent"]:
                reasons.append(f"{ind} : aucun fichier n'a le rôle « {source} »")
            elif status == STATUSES["colonne_absente"]:
                reasons.append(f"{ind} : une colonne attendue manque dans « {source} »")
            else:
                reasons.append(f"{ind} : {status}")
        who = " ; ".join(names) or "les personnes concernées"
        if categories & {"beneficiaires", "benevoles", "equipe"}:
            piste = (
                f"Questionnaire (carnet 07) auprès de : {who} ; entretiens (carnet 08) "
                "pour comprendre comment et pourquoi."
            )
        else:
            piste = (
                f"Entretiens (carnet 08) avec : {who} ; un questionnaire (carnet 07) si "
                "ce public est nombreux."
            )
        rows.append(
            {
                "effet": element.id,
                "libelle_effet": element.label,
                "horizon": element.horizon or "",
                "parties_prenantes": " ; ".join(names),
                "raison": " ; ".join(dict.fromkeys(reasons)).capitalize() + ".",
                "indicateurs": " | ".join(indicators),
                "piste": piste,
            }
        )
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))


# ======================================================================================
# Report and deliverables
# ======================================================================================
def _summary_lines(inv: Inventory) -> list[str]:
    """The inventory in a few French sentences (no personal data)."""
    t = inv.tables
    if t.empty:
        return [
            "Aucun fichier n'est déclaré dans structure.yml : l'inventaire est vide. "
            "Déclarez vos fichiers (rubrique « fichiers ») pour qu'il les décrive."
        ]
    tabular = t[t["nature"] == "tableau"]
    qualitative = t[t["nature"] == "matériau qualitatif"]
    unreadable = t[t["nature"] == "illisible"]
    n_files = t["fichier"].nunique()
    n_rows = int(tabular["nb_lignes"].sum())
    lines = [
        f"{plural(n_files, 'fichier déclaré', 'fichiers déclarés')} : "
        f"{plural(len(tabular), 'tableau', 'tableaux')} "
        f"({plural(n_rows, 'ligne', 'lignes')} au total), "
        f"{plural(len(qualitative), 'document qualitatif', 'documents qualitatifs')}"
        + (
            f", {plural(len(unreadable), 'fichier illisible', 'fichiers illisibles')}"
            if len(unreadable)
            else ""
        )
        + "."
    ]
    personal = t[t["donnees_personnelles"].astype(bool)]["fichier"].unique()
    sensitive = t[t["donnees_sensibles"].astype(bool)]["fichier"].unique()
    if len(personal):
        lines.append(
            f"Données personnelles dans {plural(len(personal), 'fichier', 'fichiers')}"
            f" ; données sensibles dans {plural(len(sensitive), 'fichier', 'fichiers')}."
        )
    counts = inv.problemes["gravite"].value_counts()
    if len(counts):
        lines.append(
            "Problèmes : "
            + ", ".join(f"{integer(counts[g])} « {g} »" for g in GRAVITIES if g in counts)
            + "."
        )
    return lines


def quality_report(
    inventory: Inventory,
    mapping: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
    *,
    scope_note: str = "",
) -> str:
    """The quality report (« rapport de qualité ») in French Markdown, without personal data.

    Parameters
    ----------
    inventory
        The result of :func:`inventory_workspace`.
    mapping, gaps
        The results of :func:`map_to_outcomes` and :func:`find_gaps` (optional).
    scope_note
        The sentence of :func:`scope_outcomes` saying where the outcomes come from.
    """
    inv = inventory
    out = [f"# Inventaire des données et rapport de qualité — {inv.structure}", ""]
    if inv.fictional:
        out += ["> Données fictives : structure d'exemple.", ""]
    out += ["## En bref", "", inv.summary(), ""]
    out += [
        "## Les fichiers",
        "",
        "| fichier | feuille | nature | lignes | colonnes | données personnelles | problèmes |",
        "|---|---|---|---:|---:|---|---:|",
    ]
    for r in inv.tables.itertuples(index=False):
        out.append(
            f"| {r.fichier} | {r.feuille or '—'} | {r.nature} | {integer(r.nb_lignes)} "
            f"| {integer(r.nb_colonnes)} | {'oui' if r.donnees_personnelles else 'non'}"
            f" | {integer(r.nb_problemes)} |"
        )
    out.append("")
    if not inv.tables.empty:
        out += ["## Réutiliser ces fichiers pour évaluer (RGPD, article 6.4)", ""]
        out += [explain_reuse(inv)._repr_markdown_(), ""]
    out += ["## Ce qu'il faut faire avant d'utiliser ces données", ""]
    for gravity in GRAVITIES:
        part = inv.problemes[inv.problemes["gravite"] == gravity]
        if part.empty:
            continue
        out += [f"### {gravity.capitalize()} ({integer(len(part))})", ""]
        # the same message in several places (documents, sheets) is said once
        groups = list(part.groupby(["message", "colonne"], sort=False))
        for (message, column), group in groups[:60]:
            places = []
            for r in group.itertuples(index=False):
                places.append(r.fichier + (f", feuille « {r.feuille} »" if r.feuille else ""))
            places = list(dict.fromkeys(places))
            where = "; ".join(places[:4]) + (
                f" et {len(places) - 4} autres" if len(places) > 4 else ""
            )
            column = f", colonne « {column} »" if column else ""
            out.append(f"- **{where}{column}** : {message}")
        if len(groups) > 60:
            out.append(f"- … et {integer(len(groups) - 60)} autres (voir {FILES['problemes']}).")
        out.append("")
    if mapping is not None:
        out += ["## Ce que vos données peuvent mesurer", ""]
        if scope_note:
            out += [scope_note, ""]
        out += ["| élément | indicateur | source | statut |", "|---|---|---|---|"]
        for r in mapping.itertuples(index=False):
            label = f"{r.element} {_short(r.libelle_element, 50)}"
            ind = f"{r.indicateur} {_short(r.libelle_indicateur, 40)}" if r.indicateur else "—"
            out.append(f"| {label} | {ind} | {r.fichier or r.source or '—'} | {r.statut} |")
        out.append("")
        used = set(mapping["fichier"]) - {""}
        unused = [
            f
            for f in inv.tables.loc[inv.tables["nature"] == "tableau", "fichier"].unique()
            if f not in used
        ]
        if unused:
            out += [
                "Fichiers qu'aucun indicateur n'utilise encore : "
                + ", ".join(f"« {f} »" for f in unused)
                + ".",
                "",
            ]
    if gaps is not None:
        out += ["## Ce que vos données ne peuvent pas encore mesurer", ""]
        if gaps.empty:
            out += [
                "Chaque effet du périmètre a au moins un indicateur mesurable avec les "
                "données existantes.",
                "",
            ]
        for r in gaps.itertuples(index=False):
            out += [
                f"- **{r.effet} {r.libelle_effet}** ({r.horizon} terme) — {r.raison} "
                f"Piste : {r.piste}"
            ]
        out.append("")
    out += [
        "---",
        "Rapport écrit par Size Up (étape 04). Aucune donnée personnelle : les "
        "exemples d'identifiants sont masqués, le texte libre et les données sensibles ne "
        "sont pas montrés.",
        "",
    ]
    return "\n".join(out)


def save_inventory(
    ws: Workspace,
    inventory: Inventory,
    mapping: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write the step 04 deliverables into ``ws.step_dir("04")``.

    Files written (see :data:`FILES`): ``inventaire-tables.csv``,
    ``inventaire-colonnes.csv``, ``inventaire-problemes.csv``, ``correspondance-effets.csv``,
    ``lacunes.csv`` and ``rapport-qualite.md``. CSV files are UTF-8 with a BOM and ``;``
    separators, so that a French spreadsheet opens them directly. None holds personal
    data.

    Parameters
    ----------
    ws
        The workspace.
    inventory
        The result of :func:`inventory_workspace`.
    mapping
        The result of :func:`map_to_outcomes` (computed when ``None``).

    Returns
    -------
    dict
        ``{key of FILES: path written}``.
    """
    if not isinstance(inventory, Inventory):
        raise TypeError(
            f"`save_inventory` attend le résultat de inventory_workspace "
            f"(Inventory), pas {type(inventory).__name__}."
        )
    from .theory_of_change import toc_path

    mapping_empty = pd.DataFrame(columns=list(MAPPING_COLUMNS))
    gaps = pd.DataFrame(columns=list(GAP_COLUMNS))
    if not toc_path(ws).is_file():  # no theory of change yet: the inventory alone
        note, mapping = WAITING_FOR_OUTCOMES.replace("**", ""), mapping_empty
    else:
        try:  # a theory of change or scope to correct leaves the inventory itself intact
            outcomes, note = scope_outcomes(ws)
            if mapping is None:
                mapping = map_to_outcomes(ws, inventory, outcomes=outcomes)
            gaps = find_gaps(ws, mapping)
        except SizeUpError as exc:
            note, mapping = f"Correspondance avec les effets non faite : {exc.message}", None
        if mapping is None:
            note, mapping = f"{note} {WAITING_FOR_OUTCOMES.replace('**', '')}", mapping_empty
        elif mapping.empty:
            note = WAITING_FOR_OUTCOMES.replace("**", "")
    folder = ws.step_dir("04")

    def csv(name: str, frame: pd.DataFrame) -> Path:  # « ; » and a BOM, as Excel in French
        return ws.write_csv(folder / FILES[name], frame, sep=";", bom=True)

    written = {
        "tables": csv("tables", inventory.tables),
        "colonnes": csv("colonnes", inventory.colonnes),
        "problemes": csv("problemes", inventory.problemes),
        "correspondance": csv("correspondance", mapping),
        "lacunes": csv("lacunes", gaps),
        "rapport": ws.write_text(
            folder / FILES["rapport"], quality_report(inventory, mapping, gaps, scope_note=note)
        ),
    }
    return written


# ======================================================================================
# Readings: what notebook 04 shows, said in French
# ======================================================================================
#: What each problem to fix is called in a sentence (codes of ``problemes``).
FIX_LABELS = {
    "lignes_total": "lignes de total",
    "formats_de_date": "dates de formats mélangés",
    "variantes": "catégories écrites de plusieurs façons",
    "oui_non_variantes": "oui / non écrits de plusieurs façons",
    "echelle_melangee": "échelles en mots et en chiffres",
    "decimales_melangees": "virgules et points décimaux mélangés",
    "illisible": "fichiers illisibles",
}
_COLUMN_VIEW = [
    "feuille",
    "colonne",
    "type",
    "part_manquante",
    "valeurs_distinctes",
    "exemples",
    "identifiant",
    "sensible",
]


def declared_files(ws: Workspace) -> pd.DataFrame:
    """The files declared in ``structure.yml``: role, file, size, declared personal data.

    Only names and sizes: nothing of the files' content.
    """
    columns = ["Rôle", "Fichier", "Taille (Ko)", "Données personnelles (déclarées)"]
    rows = [
        {
            "Rôle": f.role,
            "Fichier": f.relative,
            "Taille (Ko)": round(f.path.stat().st_size / 1024, 1) if f.path.is_file() else 0.0,
            "Données personnelles (déclarées)": "oui" if f.personal_data else "non",
        }
        for f in ws.files
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass
class FilePreview:
    """A raw table chosen for a close look: the file, the table as read, its load report.

    Displayed in a notebook, it shows how the file was read (the
    :class:`~sizeup_helpers.io.LoadReport`), or why there is nothing to show.
    ``frame`` holds personal data: show it only through
    :func:`~sizeup_helpers.privacy.safe_preview`.
    """

    file: DataFile | None
    frame: pd.DataFrame | None = field(default=None, repr=False)
    report: Any = None
    problem: str = ""

    @property
    def role(self) -> str:
        """The role of the file looked at (``""`` when none)."""
        return self.file.role if self.file is not None else ""

    def to_text(self) -> str:
        """How the file was read, or why nothing was read, in French."""
        if self.problem:
            return f"Problème : {self.problem}"
        if self.report is None:
            return (
                "Aucun tableau déclaré dans cet espace : déclarez vos fichiers dans structure.yml."
            )
        return self.report.to_text()

    def _repr_markdown_(self) -> str:
        if self.problem:
            return f"**Problème :** {self.problem}"
        return self.to_text()

    def __repr__(self) -> str:
        return self.to_text()


def preview_file(ws: Workspace, role: str = "") -> FilePreview:
    """Read the file of ``role`` (the biggest table when ``""``) to look at it closely.

    A file that cannot be read gives a preview holding the French reason (``problem``),
    so the notebook goes on; an unknown ``role`` is a mistake and raises.

    Raises
    ------
    WorkspaceError
        When no file has the role ``role``.
    """
    from .io import read_export_with_report

    tables = [f for f in ws.files if f.path.suffix.lower() not in QUALITATIVE_SUFFIXES]
    if role:
        chosen = ws.file(role)
    elif tables:
        chosen = max(tables, key=lambda f: f.path.stat().st_size if f.path.is_file() else 0)
    else:
        return FilePreview(None)
    try:
        frame, report = read_export_with_report(chosen.path, sheet=chosen.sheet)
    except SizeUpError as exc:
        return FilePreview(chosen, problem=exc.message)
    return FilePreview(chosen, frame, report)


def explain_preview(preview: FilePreview) -> Reading:
    """What the file looked at in section 1 tells, in a few sentences."""
    report, frame = preview.report, preview.frame
    if report is None or frame is None or preview.file is None:
        return Reading(["Pas d'aperçu : aucun tableau lisible n'a été choisi."])
    lines = [
        f"« {preview.file.relative} » compte **{plural(len(frame), 'ligne', 'lignes')}** "
        f"et **{plural(frame.shape[1], 'colonne', 'colonnes')}**."
    ]
    n_titles = len(report.title_rows)
    if n_titles == 1:
        lines.append(
            "1 ligne de titre au-dessus du tableau a été sautée : un tableur l'aurait "
            "prise pour une ligne de données."
        )
    elif n_titles:
        lines.append(
            f"{integer(n_titles)} lignes de titre au-dessus du tableau ont été "
            "sautées : un tableur les aurait prises pour des données."
        )
    if report.header_rows > 1:
        lines.append(
            f"L'en-tête tient sur {integer(report.header_rows)} lignes fusionnées : "
            "chaque colonne a reçu un seul nom, ses parties séparées par « / »."
        )
    if report.encoding and report.encoding not in ("utf-8", "utf-8-sig"):
        lines.append(
            "L'encodage n'est pas l'UTF-8 : ouvert tel quel ailleurs, les accents "
            "seraient abîmés (« Ã© » au lieu de « é »)."
        )
    lines.append(
        "Toutes les valeurs sont encore du **texte brut** : « 12,5 », « 5 km » ou "
        "« 05/03/2024 » ne sont pas encore des nombres ni des dates. C'est le travail "
        "du nettoyage, à l'étape 05."
    )
    return Reading.of(lines)


def explain_tables(inventory: Inventory) -> Reading:
    """The inventory of all files in a few sentences: files, rows, personal data, problems."""
    return Reading.of(_summary_lines(inventory))


def columns_table(inventory: Inventory, role: str = "", *, limit: int = 60) -> pd.DataFrame:
    """The columns of the file of ``role`` (of every file when ``""``), as notebook 04 shows
    them: type, empty share, distinct values, masked examples."""
    view = _columns_of(inventory, role)
    return view[_COLUMN_VIEW].head(limit).reset_index(drop=True)


def _columns_of(inventory: Inventory, role: str) -> pd.DataFrame:
    columns = inventory.colonnes
    return columns[columns["role"] == role] if role else columns


def explain_columns(inventory: Inventory, role: str = "") -> Reading:
    """What the columns of the file of ``role`` (every file when ``""``) say: their types,
    the columns that identify a person, those too empty for an indicator."""
    view = _columns_of(inventory, role)
    if view.empty:
        return Reading(["Pas de colonnes à décrire pour ce fichier."])
    kinds = view["type"].value_counts()
    lines = ["Types devinés : " + ", ".join(f"{k} ({integer(n)})" for k, n in kinds.items()) + "."]
    idents = list(view.loc[view["identifiant"] != "", "colonne"])
    if len(idents) == 1:
        lines.append(
            f"**1 colonne identifie directement une personne** ({quoted(idents[0])}) "
            ": elle sera pseudonymisée à l'étape 05."
        )
    elif idents:
        lines.append(
            f"**{integer(len(idents))} colonnes identifient directement une "
            f"personne** ({quoted_list(idents, 5)}) : elles seront pseudonymisées à "
            "l'étape 05."
        )
    sparse = list(view.loc[view["part_manquante"] >= 0.5, "colonne"])
    if len(sparse) == 1:
        lines.append(
            f"1 colonne est vide à plus de moitié ({quoted(sparse[0])}) : un "
            "indicateur ne peut pas s'appuyer dessus."
        )
    elif sparse:
        lines.append(
            f"{integer(len(sparse))} colonnes sont vides à plus de moitié "
            f"({quoted_list(sparse, 5)}) : un indicateur ne peut pas s'appuyer dessus."
        )
    else:
        lines.append("Aucune colonne n'est vide à plus de moitié.")
    return Reading.of(lines)


def problem_list(inventory: Inventory, *, limit: int = 15) -> Reading:
    """The first ``limit`` problems, most pressing first, one bullet each."""
    problems = inventory.problemes
    if problems.empty:
        return Reading(["Aucun problème trouvé."])
    lines = []
    for row in problems.head(max(limit, 0)).itertuples(index=False):
        where = row.fichier + (f", feuille « {row.feuille} »" if row.feuille else "")
        column = f", colonne « {row.colonne} »" if row.colonne else ""
        lines.append(f"- *{row.gravite}* — **{where}{column}** : {row.message}")
    more = len(problems) - max(limit, 0)
    if more > 0:
        lines.append(
            f"- … et {plural(more, 'autre', 'autres')}, dans le livrable `{FILES['problemes']}`."
        )
    return Reading.of(lines)


def explain_problems(inventory: Inventory) -> Reading:
    """The quality report in words: how many problems, which files hold personal data,
    what to fix first."""
    problems = inventory.problemes
    if problems.empty:
        return Reading(
            [
                "Le rapport ne compte **aucun problème** : vos fichiers sont prêts "
                "pour le nettoyage (carnet 05), qui le confirmera."
            ]
        )
    by_gravity = problems["gravite"].value_counts()
    lines = [
        f"Le rapport compte **{plural(len(problems), 'problème', 'problèmes')}**, dont "
        f"{integer(by_gravity.get('à protéger', 0))} « à protéger » et "
        f"{integer(by_gravity.get('à corriger', 0))} « à corriger »."
    ]
    tables = inventory.tables
    personal = sorted(set(tables.loc[tables["donnees_personnelles"].astype(bool), "fichier"]))
    if len(personal) == 1:
        lines.append(
            "**1 fichier contient des données personnelles** : d'ici l'étape 05, son "
            "contenu ne quitte pas votre ordinateur."
        )
    elif personal:
        lines.append(
            f"**{integer(len(personal))} fichiers contiennent des données "
            "personnelles** : d'ici l'étape 05, leur contenu ne quitte pas votre "
            "ordinateur."
        )
    to_fix = problems.loc[problems["gravite"] == "à corriger", "code"].value_counts()
    if len(to_fix):
        lines.append(
            "À corriger en priorité : "
            + ", ".join(
                f"{FIX_LABELS.get(code, code)} ({integer(n)})" for code, n in to_fix.items()
            )
            + "."
        )
    lines.append("Le nettoyage (carnet 05) reprendra cette liste.")
    return Reading.of(lines)


def explain_reuse(inventory: Inventory) -> Reading:
    """Per source, whether re-using it for the evaluation fits why it was collected.

    Reads the column ``compatibilite_reutilisation`` (:func:`reuse_compatibility`, RGPD
    article 6.4) and ``consentement`` (the consent columns found), and says what to do.
    """
    tables = inventory.tables
    if tables.empty:
        return Reading(["Aucun fichier n'est déclaré : rien à réutiliser pour l'instant."])
    by_verdict = (
        tables.drop_duplicates("role")
        .groupby("compatibilite_reutilisation", sort=False)["role"]
        .agg(list)
    )
    lines = ["Réutiliser vos fichiers pour évaluer (RGPD, article 6.4), source par source :"]
    order = [REUSE[k] for k in ("sensible", "consentement", "service", "evaluation", "sans_objet")]
    for verdict in [v for v in order if v in by_verdict.index]:
        roles = by_verdict[verdict]
        lines.append(f"- **{verdict}** : {quoted_list(roles, 8)}.")
    consent = tables[tables["consentement"] != ""].drop_duplicates("role")
    for role, text in zip(consent["role"], consent["consentement"], strict=True):
        lines.append(
            f"« {role} » a une colonne de consentement ({text}, en lignes) : n'utilisez pour "
            "l'évaluation que les lignes des personnes qui ont accepté, et seulement si ce "
            "consentement couvre l'évaluation ; sinon, informez-les et demandez-le."
        )
    if REUSE["sensible"] in by_verdict.index:
        lines.append(
            "Données de santé ou de justice : leur réutilisation demande une exception de "
            "l'article 9.2 (ou un texte, pour l'article 10) et une analyse d'impact (AIPD, "
            "article 35)."
        )
    if REUSE["service"] in by_verdict.index:
        lines.append(
            "« Sous conditions » : évaluer le service prolonge la relation d'origine avec les "
            "mêmes personnes, à condition de les en informer (articles 13 et 14), de "
            "pseudonymiser (étape 05) et de ne publier que des chiffres agrégés."
        )
    lines.append(
        "C'est une première lecture, pas un avis juridique : relisez-la avec la personne qui "
        "tient votre registre des traitements (ou votre délégué à la protection des données)."
    )
    return Reading.of(lines)


def outcome_links(ws: Workspace, inventory: Inventory) -> tuple[pd.DataFrame | None, Reading]:
    """:func:`map_to_outcomes` on the outcomes in scope, and where they come from.

    Returns
    -------
    (pandas.DataFrame or None, Reading)
        The correspondence (``None`` when it cannot be made yet: no theory of change, a
        file to correct) and a reading: the scope sentence of :func:`scope_outcomes`, or
        the French problem.
    """
    try:
        outcomes, note = scope_outcomes(ws)
        mapping = map_to_outcomes(ws, inventory, outcomes=outcomes)
    except SizeUpError as exc:
        return None, Reading([f"**Problème :** {exc.message}"])
    return mapping, Reading([note])


def explain_mapping(mapping: pd.DataFrame | None, inventory: Inventory) -> Reading:
    """How many outcomes in scope existing data can measure, and the files no indicator uses."""
    if mapping is None or mapping.empty:
        return Reading([WAITING_FOR_OUTCOMES])
    in_scope = mapping[mapping["dans_le_perimetre"].astype(bool)]
    n_scope = in_scope["element"].nunique()
    measured = sorted(set(in_scope.loc[in_scope["mesurable"].astype(bool), "element"]))
    ids = f" ({', '.join(measured)})" if measured else ""
    if not n_scope:
        lines = [
            "Aucun effet n'est dans le périmètre de l'évaluation : choisissez-les au carnet 03."
        ]
    elif n_scope == 1:
        lines = [
            f"**L'effet du périmètre**{ids} a au moins un indicateur mesurable avec vos "
            "données actuelles."
            if measured
            else "**L'effet du périmètre** n'a encore aucun indicateur mesurable avec vos "
            "données actuelles."
        ]
    elif not measured:
        lines = [
            f"Sur les **{integer(n_scope)} effets du périmètre**, **aucun** n'a encore "
            "d'indicateur mesurable avec vos données actuelles."
        ]
    else:
        verb = "a" if len(measured) == 1 else "ont"
        lines = [
            f"Sur les **{integer(n_scope)} effets du périmètre**, "
            f"**{integer(len(measured))}** {verb} au moins un indicateur mesurable avec "
            f"vos données actuelles{ids}."
        ]
    used = set(mapping["fichier"]) - {""}
    tables = inventory.tables
    unused = sorted(set(tables.loc[tables["nature"] == "tableau", "fichier"]) - used)
    if len(unused) == 1:
        lines.append(
            f"1 fichier ne sert encore à aucun indicateur ({quoted(unused[0])}) : "
            "gardez-le en tête au carnet 06, ou ne le nettoyez pas."
        )
    elif unused:
        lines.append(
            f"{integer(len(unused))} fichiers ne servent encore à aucun indicateur "
            f"({quoted_list(unused, 4)}) : gardez-les en tête au carnet 06, ou ne les "
            "nettoyez pas."
        )
    return Reading.of(lines)


def explain_gaps(gaps: pd.DataFrame, mapping: pd.DataFrame | None) -> Reading:
    """The outcomes in scope that existing data cannot measure yet, and what to do."""
    if mapping is None or mapping.empty:
        return Reading(
            [
                "Les lacunes seront calculées une fois la théorie du changement écrite "
                "(carnet 02) et le périmètre choisi (carnet 03)."
            ]
        )
    if gaps is None or gaps.empty:
        return Reading(
            [
                "Chaque effet de votre périmètre a au moins un indicateur mesurable "
                "avec vos données actuelles. Le questionnaire et les entretiens "
                "serviront surtout à **confirmer** et à **expliquer** ces mesures."
            ]
        )
    one = len(gaps) == 1
    head = (
        "**1 effet de votre périmètre ne peut pas encore être mesuré avec vos données** :"
        if one
        else f"**{integer(len(gaps))} effets de votre périmètre ne peuvent pas "
        "encore être mesurés avec vos données** :"
    )
    items = [
        f"- **{g.effet} « {g.libelle_effet} »** : {g.raison} *Piste* : {g.piste}"
        for g in gaps.itertuples(index=False)
    ]
    tail = (
        f"Notez-{'le' if one else 'les'} : le carnet 07 construira les questions qui "
        "manquent, le carnet 08 le guide d'entretien."
    )
    return Reading.of([head, *items, tail])


def explain_saved(written: dict[str, Path]) -> Reading:
    """Where the step 04 deliverables were written, one file a line."""
    paths = list(written.values())
    if not paths:
        return Reading(["Aucun fichier enregistré."])
    return Reading.of(
        [f"Livrable enregistré dans `{paths[0].parent}` :", *(f"- `{p.name}`" for p in paths)]
    )

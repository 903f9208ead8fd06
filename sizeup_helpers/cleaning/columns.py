"""Columns: readable names, and the kind of values each one holds.

:func:`clean_column_names` renames columns to snake_case (:func:`snake_case`);
:func:`guess_column_kind` guesses from a column's content what it holds (dates, numbers,
yes / no, a Likert scale, categories, text, identifiers), its name settling edge cases.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..french import fold_key, plural
from .conversions import (
    FALSE_WORDS,
    TRUE_WORDS,
    UNKNOWN_WORDS,
    boolean_keys,
    choose_scale,
    likert_lookup,
    likert_match,
    parse_date_uniques,
    parse_number_uniques,
)
from .journal import Journal
from .reshaping import is_total_label
from .values import check_frame, factorize, is_missing_token, sample_uniques

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "LABEL_KINDS",
    "clean_column_names",
    "column_name_hints",
    "guess_column_kind",
    "guess_kind",
    "snake_case",
]

#: The French label of each kind, as written in the cleaning rules.
KIND_LABELS = {
    "empty": "vide",
    "date": "date",
    "number": "nombre",
    "boolean": "oui / non",
    "likert": "échelle ordonnée",
    "category": "catégorie",
    "text": "texte",
    "identifier": "identifiant",
}
#: The kind of each French label.
LABEL_KINDS = {v: k for k, v in KIND_LABELS.items()}


# ======================================================================================
# Column names
# ======================================================================================
_CAMEL_CASE = re.compile(r"([a-zß-öø-ÿ0-9])([A-ZÀ-ÖØ-Þ])(?=[a-zß-öø-ÿ])")


def snake_case(name: Any) -> str:
    """A column name in readable snake_case: accents folded, words joined by ``_``.

    Symbols become words (``€`` → ``eur``, ``%`` → ``pct``, ``&`` → ``et``, ``N°`` →
    ``num``) and camelCase is split. An empty result means the name held no letter.

    >>> snake_case("Date d'entrée"), snake_case("Montant (€)"), snake_case("nomÉlève")
    ('date_d_entree', 'montant_eur', 'nom_eleve')
    """
    text = str(name).replace("€", " eur ").replace("%", " pct ").replace("&", " et ")
    text = text.replace("n°", "num ").replace("N°", "num ").replace("°", " ")
    return fold_key(_CAMEL_CASE.sub(r"\1_\2", text), sep="_")


def clean_column_names(df: pd.DataFrame, *, journal: Journal | None = None) -> pd.DataFrame:
    """Rename columns to readable snake_case: accents folded, duplicates suffixed.

    ``"Date d'entrée"`` → ``date_d_entree``, ``"Montant (€)"`` → ``montant_eur``,
    ``"N° adhérent"`` → ``num_adherent``; an empty name becomes ``colonne_3`` (its
    position), and a repeated name gets ``_2``, ``_3``… This method does not mutate the
    original DataFrame.

    Parameters
    ----------
    df
        The table.
    journal
        Where the renaming is recorded.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame([[1, 2, 3, 4]], columns=["Date d'entrée", "Nom", "NOM ", ""])
    >>> list(clean_column_names(df).columns)
    ['date_d_entree', 'nom', 'nom_2', 'colonne_4']
    """
    check_frame(df, "clean_column_names")
    new, seen = [], {}
    for position, name in enumerate(df.columns, start=1):
        base = snake_case(name) or f"colonne_{position}"
        if base[0].isdigit():
            base = f"c_{base}"
        candidate, k = base, 1
        while candidate in seen:
            k += 1
            candidate = f"{base}_{k}"
        seen[candidate] = True
        new.append(candidate)
    out = df.copy(deep=False)
    out.columns = new
    if journal is not None:
        changed = [
            (old, nw) for old, nw in zip(map(str, df.columns), new, strict=True) if old != nw
        ]
        if changed:
            journal.add(
                "clean_column_names",
                "",
                rows=0,
                examples=[(o, n) for o, n in changed[:3]],
                detail=plural(
                    len(changed), "nom de colonne rendu lisible", "noms de colonne rendus lisibles"
                )
                + " (minuscules, sans accents, mots séparés par _).",
            )
    return out


# ======================================================================================
# Type guessing
# ======================================================================================
_DATE_NAME = re.compile(
    r"(date|naissance|jour|debut|fin|entree|sortie|(^|_)le$|periode|"
    r"mois|inscription|echeance|depart|arrivee|(^|_)ne_le|dob|quand)"
)
_CODE_NAME = re.compile(
    r"(^|_)(code|cp|code_postal|postal|siret|siren|insee|tel|telephone|"
    r"id|identifiant|numero|num|ref|reference|matricule|dossier|"
    r"naf|ape|rna|iban|commune_code)(_|$)"
)
#: The kinds :func:`guess_column_kind` returns.
KINDS = ("empty", "date", "number", "boolean", "likert", "category", "text", "identifier")


def column_name_hints(name: str) -> tuple[bool, bool]:
    """What a column's name says to :func:`guess_column_kind`: (named like a date, like a code).

    The content decides the kind; the name only settles edge cases (5-digit numbers are
    Excel dates in a date column, numbers stay text in a code column). Two columns with the
    same values and the same hints get the same guess.

    Examples
    --------
    >>> column_name_hints("Date de naissance"), column_name_hints("Code postal")
    ((True, False), (False, True))
    """
    folded = fold_key(name, sep="_")
    return bool(_DATE_NAME.search(folded)), bool(_CODE_NAME.search(folded))


def guess_kind(
    codes: np.ndarray,
    uniq: np.ndarray,
    name: str,
    *,
    min_share: float = 0.9,
    identifier: str | None = None,
) -> str:
    """:func:`guess_column_kind` on a factorized column (``identifier``: its kind, if any)."""
    s_uniq, s_counts = sample_uniques(codes, uniq)
    missing = is_missing_token(s_uniq) | np.array([is_total_label(u) for u in s_uniq], dtype=bool)
    total = s_counts[~missing].sum()
    if total == 0:
        return "empty"
    if identifier and identifier != "date_naissance":
        return "identifier"
    folded = np.array(boolean_keys(s_uniq), dtype=object)
    vocabulary = TRUE_WORDS | FALSE_WORDS | UNKNOWN_WORDS
    in_vocab = np.array([f in vocabulary for f in folded], dtype=bool) | np.array(
        [u.strip() == "?" for u in s_uniq]
    )
    present = set(folded[~missing & in_vocab])
    if (
        s_counts[in_vocab & ~missing].sum() / total >= 0.95
        and len(present) <= 6
        and present & (TRUE_WORDS | FALSE_WORDS)
    ):
        return "boolean"
    numbers, num_ok, _, _ = parse_number_uniques(s_uniq)
    dates, date_ok = parse_date_uniques(s_uniq)
    num_share = s_counts[num_ok & ~missing].sum() / total
    folded_name = fold_key(name, sep="_")
    # codes kept as text: postcodes, phone numbers, SIRET… (leading zeros matter)
    leading_zero = np.array([bool(re.fullmatch(r"0\d+", u.strip())) for u in s_uniq])
    if num_share >= min_share and (leading_zero.any() or _CODE_NAME.search(folded_name)):
        return "text"
    serial_only = np.array([bool(re.fullmatch(r"\d{5}(?:[.,]\d+)?", u.strip())) for u in s_uniq])
    date_ok_named = date_ok & (~serial_only | bool(_DATE_NAME.search(folded_name)))
    date_share = s_counts[date_ok_named & ~missing].sum() / total
    # a column named like a date needs only a majority of dates (the rest is reported)
    date_needed = min(min_share, 0.5) if _DATE_NAME.search(folded_name) else min_share
    if date_share >= date_needed and date_share >= num_share:
        return "date"
    if identifier == "date_naissance":
        return "date"
    if num_share >= min_share:
        return "number"
    keys = [fold_key(u) for u in s_uniq]
    scale = choose_scale(keys, s_counts)
    if scale is not None:
        labels, lookup = likert_lookup(scale)
        idx, text = likert_match(keys, lookup, len(labels))
        if s_counts[(idx >= 0) & ~missing].sum() / total >= min_share and s_counts[text].sum() > 0:
            return "likert"
    n_rows = int((codes >= 0).sum())
    n_keys = len({k for k, m in zip(keys, missing, strict=True) if not m})
    if len(uniq) <= 3000 and n_keys <= max(50, int(0.05 * n_rows)) and n_keys < n_rows:
        lengths = np.array([len(u) for u in s_uniq])
        if np.average(lengths, weights=s_counts) <= 60:
            return "category"
    return "text"


def guess_column_kind(series: pd.Series, *, name: str | None = None, min_share: float = 0.9) -> str:
    """Guess what a text column holds, from its content (and its name for edge cases).

    Returns one of ``"empty"``, ``"date"``, ``"number"``, ``"boolean"``, ``"likert"``,
    ``"category"``, ``"text"``, ``"identifier"``. A kind is chosen when at least
    ``min_share`` of the non-empty values fit it (counted with their frequency). Codes
    with leading zeros or named like codes (postcode, SIRET, phone) stay text; 5-digit
    numbers count as Excel dates only in columns named like dates.

    Examples
    --------
    >>> import pandas as pd
    >>> guess_column_kind(pd.Series(["05/03/2019", "2019-03-06", ""]))
    'date'
    >>> guess_column_kind(pd.Series(["01000", "69001"]), name="cp")
    'text'
    """
    if not isinstance(series, pd.Series):
        raise TypeError(
            f"`guess_column_kind` attend une colonne (Series), pas {type(series).__name__}."
        )
    codes, uniq = factorize(series)
    return guess_kind(
        codes, uniq, str(name if name is not None else series.name or ""), min_share=min_share
    )

"""Category columns: variants of one value brought to one spelling.

:func:`harmonise_categories` *proposes* a mapping (case, accents, spaces, typos found with
rapidfuzz); a person reviews it; :func:`apply_category_mapping` applies it and records the
change. :func:`category_key` is the comparison key every part of the package uses for a
category value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..compat import text_array
from ..errors import CleaningError
from ..french import fold_key, plural
from .journal import Journal, convert_columns
from .values import (
    as_text,
    check_frame,
    cleaning_columns,
    is_missing_token,
    squeeze_spaces,
    take,
)

__all__ = [
    "MAPPING_COLUMNS",
    "apply_category_mapping",
    "category_key",
    "convert_categories",
    "harmonise_categories",
    "mapping_as_dict",
    "propose_mapping",
]

#: Columns of the table :func:`harmonise_categories` returns.
MAPPING_COLUMNS = ("valeur", "proposition", "effectif", "score", "motif", "a_verifier")


def category_key(text: str) -> str:
    """The key two spellings of one category share: case, accents and punctuation folded.

    A plus sign is a word here (« REP+ » is not « REP »).

    >>> category_key("Saint-Étienne "), category_key("REP+")
    ('saint etienne', 'rep plus')
    """
    return fold_key(text.replace("+", " plus ")) if "+" in text else fold_key(text)


def _is_typo(
    key: str, other: str, edits: int, ratio: int, count: int, other_count: int, threshold: float
) -> bool:
    """Whether ``key`` looks like a misspelling of the more frequent ``other``.

    One letter added, missing, changed or two letters swapped, in a value at least 5
    times rarer (short keys); or up to two such edits with a similarity of at least
    ``threshold`` in a value at least twice rarer (keys of 8 characters or more). A key
    that contains the other plus two letters or more (« insatisfait » / « satisfait »)
    is a different word, not a typo.
    """
    shorter, longer = sorted((key, other), key=len)
    if len(longer) - len(shorter) >= 2 and shorter in longer:
        return False
    if edits <= 1 and other_count >= 5 * count:
        return True
    return (
        min(len(key), len(other)) >= 8
        and edits <= 2
        and ratio >= threshold
        and other_count >= 2 * count
    )


def propose_mapping(
    values: Sequence[str],
    counts: Sequence[int],
    *,
    threshold: float = 88,
    reference: Sequence[str] | None = None,
    min_length: int = 3,
) -> pd.DataFrame:
    """:func:`harmonise_categories` on distinct values and their counts (same table)."""
    from rapidfuzz import fuzz, process

    values = [str(v) for v in values]
    counts = np.asarray(counts, dtype=int)
    keys = [category_key(v) for v in values]
    frame = pd.DataFrame({"valeur": values, "key": keys, "effectif": counts})
    frame = frame[frame["key"] != ""]
    # canonical spelling of each key: most frequent, then with accents, then capitalised
    frame["accents"] = frame["valeur"].map(lambda v: any(ord(c) > 127 for c in v))
    frame["capital"] = frame["valeur"].map(lambda v: v[:1].isupper() and not v.isupper())
    ordered = frame.sort_values(
        ["key", "effectif", "accents", "capital"],
        ascending=[True, False, False, False],
        kind="stable",
    )
    canonical = ordered.drop_duplicates("key").set_index("key")["valeur"].map(squeeze_spaces)
    key_totals = frame.groupby("key")["effectif"].sum().sort_values(ascending=False, kind="stable")
    key_list = list(key_totals.index)
    target = {k: k for k in key_list}
    score = {k: 100.0 for k in key_list}
    reason = {k: "identique" for k in key_list}
    digits = {k: re.sub(r"\D", "", k) for k in key_list}
    if reference is not None:
        ref_values = [str(r) for r in reference]
        ref_keys = {category_key(r): r for r in ref_values}
        ref_list = list(ref_keys)
        out_rows = []
        for k in key_list:
            if k in ref_keys:
                dest, sc, why = ref_keys[k], 100.0, "valeur de référence"
            else:
                best = (
                    process.extractOne(k, ref_list, scorer=fuzz.ratio, score_cutoff=threshold)
                    if len(k) >= min_length
                    else None
                )
                if best is not None and re.sub(r"\D", "", best[0]) == digits[k]:
                    dest, sc, why = ref_keys[best[0]], float(best[1]), "faute de frappe probable"
                else:
                    dest, sc, why = canonical[k], 0.0, "hors référence"
            out_rows.append((k, dest, sc, why))
        dest_of = {k: (d, s, w) for k, d, s, w in out_rows}
    else:
        if len(key_list) > 1:
            from rapidfuzz.distance import OSA

            long_keys = [k for k in key_list if len(k) >= min_length]
            if len(long_keys) > 1:
                ratio = process.cdist(
                    long_keys,
                    long_keys,
                    scorer=fuzz.ratio,
                    score_cutoff=min(threshold, 70),
                    dtype=np.uint8,
                    workers=1,
                )
                edits = process.cdist(
                    long_keys,
                    long_keys,
                    scorer=OSA.distance,
                    score_cutoff=2,
                    dtype=np.uint8,
                    workers=1,
                )
                totals = key_totals.reindex(long_keys).to_numpy()
                roots: list[int] = []
                for i, k in enumerate(long_keys):  # most frequent first
                    best_j, best_s = -1, 0
                    for j in roots:
                        other = long_keys[j]
                        if digits[other] != digits[k] or edits[i, j] > 2:
                            continue
                        if (
                            _is_typo(
                                k,
                                other,
                                int(edits[i, j]),
                                int(ratio[i, j]),
                                int(totals[i]),
                                int(totals[j]),
                                threshold,
                            )
                            and ratio[i, j] > best_s
                        ):
                            best_j, best_s = j, ratio[i, j]
                    if best_j >= 0:
                        target[k] = long_keys[best_j]
                        score[k] = float(best_s)
                        reason[k] = "faute de frappe probable"
                    else:
                        roots.append(i)
        dest_of = {k: (canonical[target[k]], score[k], reason[k]) for k in key_list}
    rows = []
    for value, key, count in zip(frame["valeur"], frame["key"], frame["effectif"], strict=True):
        dest, sc, why = dest_of[key]
        if why == "identique" and value != dest:
            why = "casse, accents ou espaces"
        rows.append(
            (
                value,
                dest,
                int(count),
                sc,
                why,
                why in ("faute de frappe probable", "hors référence"),
            )
        )
    table = pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))
    table = table.sort_values(
        ["proposition", "effectif", "valeur"], ascending=[True, False, True], kind="stable"
    )
    table = table.reset_index(drop=True)
    return table.astype({"effectif": "int64", "score": "float64", "a_verifier": "bool"})


def harmonise_categories(
    df: pd.DataFrame,
    column: str,
    *,
    threshold: float = 88,
    reference: Sequence[str] | None = None,
    min_length: int = 3,
    as_dict: bool = False,
) -> pd.DataFrame | dict[str, str]:
    """Propose a mapping of the variants of a category column to one spelling each.

    Variants that differ only by case, accents, spaces or punctuation (``"lyon"``,
    ``"LYON "``, ``"Saint-Étienne"``/``"saint etienne"``) are grouped, and each group
    gets its most frequent spelling. Groups that look like typos of a more frequent one
    are attached to it and marked *à vérifier*: one letter added, missing, changed or two
    letters swapped (rapidfuzz OSA distance 1) in a value at least 5 times rarer; or, for
    keys of 8 characters or more, two such edits with a rapidfuzz ``ratio`` of at least
    ``threshold`` in a value at least twice rarer. Keys shorter than ``min_length``, keys
    with different digits (« Atelier 1 », « Atelier 2 ») and words that contain another
    one (« insatisfait », « satisfait ») are never merged. With
    ``reference`` (an official code list), every value is mapped to its closest
    reference value, or marked « hors référence ».

    Nothing is changed in ``df``: review and edit the returned table (or its dict form),
    then apply it with :func:`apply_category_mapping`.

    Parameters
    ----------
    df
        The table.
    column
        The category column.
    threshold
        Smallest similarity (0–100) for a typo.
    reference
        Allowed values, if the column must use an official list.
    min_length
        Shortest key (in characters, accents and punctuation removed) that may be
        matched as a typo.
    as_dict
        Return ``{value: proposition}`` instead of the table.

    Returns
    -------
    pandas.DataFrame or dict
        One row per distinct value, columns ``valeur`` (as in the file, spaces kept),
        ``proposition``, ``effectif`` (rows), ``score`` (similarity, 100 for exact groups),
        ``motif`` (« identique », « casse, accents ou espaces », « faute de frappe
        probable », « valeur de référence », « hors référence ») and ``a_verifier``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = ["Lyon"] * 5 + ["LYON ", "lyon", "Lyonn", "Saint-Étienne", "saint etienne"]
    >>> harmonise_categories(pd.DataFrame({"ville": s}), "ville")[
    ...     ["valeur", "proposition", "effectif", "motif"]]
              valeur    proposition  effectif                      motif
    0           Lyon           Lyon         5                  identique
    1          LYON            Lyon         1  casse, accents ou espaces
    2          Lyonn           Lyon         1   faute de frappe probable
    3           lyon           Lyon         1  casse, accents ou espaces
    4  Saint-Étienne  Saint-Étienne         1                  identique
    5  saint etienne  Saint-Étienne         1  casse, accents ou espaces
    """
    check_frame(df, "harmonise_categories")
    (column,) = cleaning_columns(df, [column], "harmonise_categories")
    counts = df[column].value_counts(dropna=True, sort=False)
    keep = [not is_missing_token(np.array([str(v)], dtype=object))[0] for v in counts.index]
    counts = counts[keep]
    table = propose_mapping(
        [as_text(v) for v in counts.index],
        counts.to_numpy(),
        threshold=threshold,
        reference=reference,
        min_length=min_length,
    )
    return mapping_as_dict(table) if as_dict else table


def mapping_as_dict(mapping: Any) -> dict[str, str]:
    """``{value: new value}`` from a dict or from the (edited) table of
    :func:`harmonise_categories`; a French error for anything else."""
    if isinstance(mapping, pd.DataFrame):
        missing = [c for c in ("valeur", "proposition") if c not in mapping.columns]
        if missing:
            raise CleaningError(
                "La table de correspondance doit avoir les colonnes "
                "« valeur » et « proposition » (celles de "
                f"harmonise_categories) ; il manque « {missing[0]} »."
            )
        return {
            str(v): str(p)
            for v, p in zip(mapping["valeur"], mapping["proposition"], strict=True)
            if pd.notna(p)
        }
    if isinstance(mapping, dict):
        return {str(k): str(v) for k, v in mapping.items() if v is not None}
    raise TypeError(
        "`mapping` doit être un dictionnaire {valeur: nouvelle valeur} ou la table "
        f"de harmonise_categories, pas {type(mapping).__name__}."
    )


def convert_categories(
    codes: np.ndarray, uniq: np.ndarray, *, mapping: dict[str, str], as_category: bool = True
) -> dict[str, Any]:
    """Converter of :func:`apply_category_mapping`; also flags, per distinct value, those
    absent from the mapping (``unknown``)."""
    stripped = np.array([squeeze_spaces(u) for u in uniq], dtype=object)
    by_key: dict[str, str] = {}
    for k, v in mapping.items():
        by_key.setdefault(squeeze_spaces(k), v)
    # variants by case, accents or spaces of a known value follow it
    by_fold: dict[str, str] = {}
    for k, v in by_key.items():
        by_fold.setdefault(category_key(k), v)
    for v in by_key.values():
        by_fold.setdefault(category_key(v), v)
    missing = is_missing_token(uniq)
    after = np.empty(len(uniq), dtype=object)
    unknown = np.zeros(len(uniq), dtype=bool)
    for i, text in enumerate(stripped):
        if text in by_key:
            after[i] = by_key[text]
        else:
            folded = by_fold.get(category_key(text))
            after[i] = text if folded is None else folded
            unknown[i] = folded is None
    after[missing] = None
    unknown &= ~missing
    changed = np.array([a != u for a, u in zip(after, uniq, strict=True)], dtype=bool) & ~missing
    full = take(after, codes, None)
    if as_category:
        cats = sorted({a for a in after if a is not None})
        values: Any = pd.Categorical(full, categories=cats)
    else:
        values = text_array(full)
    return {
        "values": values,
        "uniq_after": after,
        "changed": changed,
        "failed": np.zeros(len(uniq), dtype=bool),
        "missing": missing,
        "unknown": unknown,
    }


def apply_category_mapping(
    df: pd.DataFrame,
    column: str,
    mapping: Any,
    *,
    as_category: bool = True,
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Replace the values of ``column`` according to a reviewed mapping.

    Parameters
    ----------
    df
        The table.
    column
        The category column.
    mapping
        ``{value: new value}`` or the (edited) table of :func:`harmonise_categories`.
        Values are looked up with surrounding spaces removed; values absent from the
        mapping are kept (and counted in the journal as new values).
    as_category
        Return a ``category`` column (otherwise text).
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"ville": ["lyon", "Lyon ", "Paris"]})
    >>> apply_category_mapping(df, "ville", {"lyon": "Lyon"})["ville"].tolist()
    ['Lyon', 'Lyon', 'Paris']
    """
    check_frame(df, "apply_category_mapping")
    cleaning_columns(df, [column], "apply_category_mapping")
    table = mapping_as_dict(mapping)

    def describe(result: dict[str, Any]) -> str:
        text = "Variantes d'une même catégorie ramenées à une seule écriture."
        n_new = int(result["unknown"].sum())
        if n_new:
            text += (
                " "
                + plural(
                    n_new,
                    "valeur absente de la correspondance, gardée telle quelle",
                    "valeurs absentes de la correspondance, gardées telles quelles",
                )
                + "."
            )
        return text

    return convert_columns(
        df,
        [column],
        "apply_category_mapping",
        convert_categories,
        journal,
        describe,
        mapping=table,
        as_category=as_category,
    )

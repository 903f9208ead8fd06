"""People: the rows of a table that describe the same person, found and merged.

:func:`find_duplicate_people` links rows by e-mail, name and date of birth (exact, then
fuzzy inside blocks with rapidfuzz) and gives each person one id; :func:`merge_duplicate_people`
keeps one row per person. :func:`name_key` is the name key the package compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import privacy
from ..errors import CleaningError
from ..french import fold_keep, fold_key, percent, plural
from .conversions import parse_date_uniques
from .journal import Journal
from .values import check_frame, cleaning_columns, factorize

__all__ = [
    "LINK_KINDS",
    "LINK_RULES",
    "REGISTER_RULES",
    "REVIEW_COLUMNS",
    "DuplicateResult",
    "find_duplicate_people",
    "link_to_register",
    "merge_duplicate_people",
    "name_key",
    "review_groups",
]

_EMAIL_DOMAINS = (
    "gmail.com",
    "hotmail.fr",
    "hotmail.com",
    "yahoo.fr",
    "yahoo.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "outlook.fr",
    "outlook.com",
    "wanadoo.fr",
    "sfr.fr",
    "icloud.com",
    "live.fr",
    "bbox.fr",
    "neuf.fr",
    "aol.com",
    "protonmail.com",
    "gmx.fr",
    "numericable.fr",
)


@dataclass
class DuplicateResult:
    """Result of :func:`find_duplicate_people`.

    Attributes
    ----------
    data
        The input frame with a ``personne_id`` column (0, 1, 2… by first appearance).
    review
        One row per group of several rows: ``personne_id``, ``nb_lignes``, ``lignes``
        (index labels), ``regles`` (why they were linked), ``score_min`` (lowest fuzzy
        similarity used, 100 for exact keys), ``a_verifier`` (no exact key holds all the
        group's rows together, see :func:`review_groups`) and ``exemple`` (masked).
    links
        Every link found between two rows: ``i``, ``j`` (positions), ``regle`` (a key of
        :data:`LINK_RULES`) and ``score`` (similarity, 100 for an equality).
    """

    data: pd.DataFrame
    review: pd.DataFrame
    id_column: str = "personne_id"
    links: pd.DataFrame = field(default_factory=lambda: _links_frame([]))

    @property
    def n_people(self) -> int:
        return int(self.data[self.id_column].nunique())

    @property
    def n_rows(self) -> int:
        return len(self.data)


#: Every rule that links two rows as one person: ``(kind, French label)``. The kind says
#: how much the link proves. ``exact``: a key that belongs to one person (the same e-mail,
#: the same phone with the same name, the same declared identifier such as a PASS IAE
#: number, an internal number or a NIR, the same line of an attendance sheet). ``name``:
#: the same name, with or without the same date of birth; homonyms share it. ``fuzzy``: a
#: resemblance (rapidfuzz similarity). Only groups that an exact key does not hold
#: together are for a person to review (:func:`review_groups`).
LINK_RULES: dict[str, tuple[str, str]] = {
    "email": ("exact", "e-mail identique"),
    "telephone": ("exact", "même nom et même téléphone"),
    "identifiant": ("exact", "même identifiant"),
    "ligne": ("exact", "même ligne de la feuille d'émargement"),
    "name_birth": ("name", "nom et date de naissance identiques"),
    "name_only": ("name", "nom identique (rien ne contredit)"),
    "fuzzy_name_birth": ("fuzzy", "nom proche, même date de naissance"),
    "fuzzy_email": ("fuzzy", "e-mail proche et nom compatible"),
    "fuzzy_name": ("fuzzy", "nom très proche (rien ne contredit)"),
}
#: The kinds of :data:`LINK_RULES` as the review list names them (column ``liens``).
LINK_KINDS: dict[str, str] = {
    "exact": "clé exacte",
    "name": "nom identique",
    "fuzzy": "ressemblance",
}
#: Columns of :func:`review_groups`.
REVIEW_COLUMNS = (
    "groupe",
    "nb_lignes",
    "lignes",
    "regles",
    "liens",
    "score_min",
    "a_verifier",
    "motif",
)


def _reason(rule: str, score: float) -> str:
    """Why a group rests on ``rule`` (French, no personal data)."""
    like = percent(score / 100, digits=0)
    return {
        "name_only": "même nom et prénom, sans autre information commune",
        "name_birth": "même nom, prénom et date de naissance, sans e-mail, téléphone ni "
        "identifiant commun",
        "fuzzy_name_birth": f"noms proches (ressemblance {like}) et même date de naissance",
        "fuzzy_email": f"e-mails presque identiques (ressemblance {like}) et noms compatibles",
        "fuzzy_name": f"noms presque identiques (ressemblance {like}), sans autre "
        "information commune",
    }.get(rule, LINK_RULES.get(rule, ("", rule))[1])


def _links_frame(parts: list[tuple[np.ndarray, np.ndarray, str, Any]]) -> pd.DataFrame:
    """``(i, j, rule, score)`` arrays as one frame of links."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return pd.DataFrame(
            {
                "i": np.zeros(0, dtype=np.int64),
                "j": np.zeros(0, dtype=np.int64),
                "regle": pd.Series([], dtype=object),
                "score": np.zeros(0, dtype=float),
            }
        )
    return pd.DataFrame(
        {
            "i": np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts]),
            "j": np.concatenate([np.asarray(p[1], dtype=np.int64) for p in parts]),
            "regle": np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in parts]),
            "score": np.concatenate(
                [np.broadcast_to(np.asarray(p[3], dtype=float), (len(p[0]),)) for p in parts]
            ),
        }
    )


def review_groups(
    groups: Sequence[int] | np.ndarray,
    links: pd.DataFrame,
    *,
    labels: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """The groups of several rows taken as one person, and which ones a person must review.

    A group needs no review when its **exact** links alone (:data:`LINK_RULES`: the same
    e-mail, phone, declared identifier or attendance-sheet line) hold all its rows together,
    even if a name rule links them too. It is *à vérifier* when some of its rows join the
    others only by a name (homonyms share one) or a resemblance: merging two people wrongly
    makes the data inaccurate (RGPD, article 5.1.d, exactitude), so a person confirms the
    link, as identity checks do when no shared identifier proves it (Référentiel national
    d'identitovigilance, 2021: a « doublon potentiel » is merged only after a human check).

    Parameters
    ----------
    groups
        The group (person) of each row, by position.
    links
        The links found between rows: ``i``, ``j`` (positions), ``regle`` (a key of
        :data:`LINK_RULES`) and ``score`` (0–100); links between rows of different groups
        are ignored.
    labels
        What to call each row in ``lignes`` (positions when ``None``).

    Returns
    -------
    pandas.DataFrame
        One row per group of several rows (columns :data:`REVIEW_COLUMNS`): ``groupe``,
        ``nb_lignes``, ``lignes`` (the first ten), ``regles`` (every rule met, French),
        ``liens`` (their kinds, :data:`LINK_KINDS`), ``score_min``, ``a_verifier`` and
        ``motif`` (why a person must look, French; ``""`` when not to review).

    Examples
    --------
    >>> import pandas as pd
    >>> links = pd.DataFrame({"i": [0, 0, 2], "j": [1, 1, 3],
    ...                       "regle": ["email", "name_only", "name_only"],
    ...                       "score": [100.0, 100.0, 100.0]})
    >>> review = review_groups([0, 0, 1, 1], links)
    >>> review["liens"].tolist(), review["a_verifier"].tolist()
    (['clé exacte ; nom identique', 'nom identique'], [False, True])
    >>> review.loc[1, "motif"]
    'même nom et prénom, sans autre information commune'

    Rows 0 and 1 share an e-mail: no review, though their names match too. Rows 2 and 3
    share only a name.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    groups = np.asarray(groups)
    n = len(groups)
    names = np.asarray(labels if labels is not None else np.arange(n)).astype(str)
    sizes = pd.Series(groups).value_counts()
    several = np.sort(sizes.index[sizes > 1].to_numpy())
    if not len(several):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in REVIEW_COLUMNS}).astype(
            {"groupe": "int64", "nb_lignes": "int64", "score_min": "float64", "a_verifier": bool}
        )
    e = links[["i", "j", "regle", "score"]]
    e = e[groups[e["i"].to_numpy()] == groups[e["j"].to_numpy()]]
    e = e.assign(
        g=groups[e["i"].to_numpy()],
        kind=e["regle"].map(lambda r: LINK_RULES[r][0]),
    )
    exact = e[e["kind"] == "exact"]
    graph = coo_matrix(
        (np.ones(len(exact)), (exact["i"].to_numpy(), exact["j"].to_numpy())), shape=(n, n)
    )
    _, piece = connected_components(graph, directed=False)
    pieces = pd.Series(piece).groupby(groups).nunique()
    # the links joining the pieces that exact keys hold: the strongest rule for each two
    # pieces (the same name and birth date says more than the same name)
    order = list(LINK_RULES)
    a, b = piece[e["i"].to_numpy()], piece[e["j"].to_numpy()]
    crossing = (
        e.assign(a=np.minimum(a, b), b=np.maximum(a, b), rank=e["regle"].map(order.index))
        .loc[lambda f: (f["kind"] != "exact") & (f["a"] != f["b"])]
        .sort_values(["rank", "score"], ascending=[True, False])
        .drop_duplicates(["a", "b"])
    )
    why = (
        crossing.groupby(["g", "regle"])["score"]
        .min()
        .reset_index()
        .assign(rank=lambda f: f["regle"].map(order.index))
        .sort_values(["g", "rank"])
    )
    reasons = {
        g: " ; ".join(_reason(r, s) for r, s in zip(f["regle"], f["score"], strict=True))
        for g, f in why.groupby("g")
    }
    # the rules and kinds met in each group, as bit masks (one bit a rule), then as text
    rank = e["regle"].map(order.index).to_numpy(dtype=np.int64)
    met = (
        pd.DataFrame({"g": e["g"].to_numpy(), "bit": np.left_shift(1, rank)})
        .drop_duplicates()
        .groupby("g")["bit"]
        .sum()
        .reindex(several, fill_value=0)
        .to_numpy(dtype=np.int64)
    )
    by_name = sorted(range(len(order)), key=lambda k: order[k])  # rules listed by name

    def said(mask: int) -> tuple[str, str, list[str]]:
        rules = [order[k] for k in by_name if mask >> k & 1]
        kinds = {LINK_RULES[r][0] for r in rules}
        return (
            " ; ".join(LINK_RULES[r][1] for r in rules),
            " ; ".join(label for kind, label in LINK_KINDS.items() if kind in kinds),
            [r for r in order if LINK_RULES[r][0] == "exact" and r in rules],
        )

    texts = {int(m): said(int(m)) for m in np.unique(met)}
    # the rows of each group, the first ten named
    member = np.flatnonzero(np.isin(groups, several))
    member = member[np.argsort(groups[member], kind="stable")]
    starts = np.searchsorted(groups[member], several)
    stops = np.r_[starts[1:], len(member)]
    listed = [
        ", ".join(names[member[a : min(z, a + 10)]]) + (" …" if z - a > 10 else "")
        for a, z in zip(starts, stops, strict=True)
    ]
    to_review = pieces.reindex(several).fillna(1).to_numpy() > 1
    motifs = []
    for g, mask, review in zip(several, met, to_review, strict=True):
        if not review:
            motifs.append("")
            continue
        text = reasons.get(g, "lignes reliées seulement par l'intermédiaire d'autres lignes")
        held = texts[int(mask)][2]
        if held:
            text += (
                " (les autres lignes du groupe sont reliées par une clé exacte : "
                + ", ".join(LINK_RULES[r][1] for r in held)
                + ")"
            )
        motifs.append(text)
    out = pd.DataFrame(
        {
            "groupe": several.astype("int64"),
            "nb_lignes": sizes.reindex(several).to_numpy(dtype="int64"),
            "lignes": np.array(listed, dtype=object),
            "regles": np.array([texts[int(m)][0] for m in met], dtype=object),
            "liens": np.array([texts[int(m)][1] for m in met], dtype=object),
            "score_min": e.groupby("g")["score"]
            .min()
            .reindex(several)
            .fillna(100.0)
            .to_numpy(dtype=float),
            "a_verifier": to_review.astype(bool),
            "motif": np.array(motifs, dtype=object),
        }
    )
    return out[list(REVIEW_COLUMNS)]


def _map_uniques(series: pd.Series, func: Any) -> np.ndarray:
    codes, uniq = factorize(series)
    mapped = np.array([func(u) for u in uniq] + [""], dtype=object)
    return mapped[codes]


def name_key(text: str) -> str:
    """A person's name as a key: folded, its words sorted (« Dupont Jean » = « jean DUPONT »).

    >>> name_key("Dupont  Jean"), name_key("jean DUPONT")
    ('dupont jean', 'dupont jean')
    """
    tokens = fold_key(text).split()
    return " ".join(sorted(t for t in tokens if t))


def _email_key(text: str, domain_fix: dict[str, str]) -> str:
    text = fold_keep(text).replace(" ", "")
    if "@" not in text:
        return ""
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain_fix.get(domain, domain)}"


def _domain_fixes(domains: Iterable[str]) -> dict[str, str]:
    from rapidfuzz import fuzz, process

    fixes = {}
    for d in set(domains):
        if not d or d in _EMAIL_DOMAINS:
            continue
        best = process.extractOne(d, _EMAIL_DOMAINS, scorer=fuzz.ratio, score_cutoff=80)
        if best is not None:
            fixes[d] = best[0]
    return fixes


def _block_pairs(
    keys: np.ndarray,
    blocks: np.ndarray,
    *,
    threshold: float,
    scorer: Any,
    max_block: int = 5000,
    small_block: int = 40,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs (i, j, score) with similar ``keys`` inside each block.

    Distinct (block, key) couples are compared only with the others of their block:
    small blocks through one vectorised ``rapidfuzz.process.cpdist`` call over all their
    pairs, big blocks through ``rapidfuzz.process.cdist``; blocks larger than
    ``max_block`` are skipped.
    """
    from rapidfuzz import process

    frame = pd.DataFrame({"key": keys, "block": blocks, "row": np.arange(len(keys))})
    frame = frame[(frame["key"] != "") & (frame["block"] != "")]
    firsts = frame.drop_duplicates(["block", "key"]).sort_values("block", kind="stable")
    block_codes, _ = pd.factorize(firsts["block"])
    sizes = np.bincount(block_codes) if len(block_codes) else np.zeros(0, int)
    size_of_row = sizes[block_codes] if len(block_codes) else np.zeros(0, int)
    key_arr = firsts["key"].to_numpy(dtype=object)
    row_arr = firsts["row"].to_numpy()
    starts = (
        np.flatnonzero(np.r_[True, block_codes[1:] != block_codes[:-1]])
        if len(block_codes)
        else np.zeros(0, int)
    )
    out_i, out_j, out_s = [], [], []
    # small blocks: every pair at once
    left, right = [], []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= small_block)]):
        block_starts = starts[sizes[block_codes[starts]] == size]
        a, b = np.triu_indices(int(size), 1)
        left.append((block_starts[:, None] + a[None, :]).ravel())
        right.append((block_starts[:, None] + b[None, :]).ravel())
    if left:
        li, ri = np.concatenate(left), np.concatenate(right)
        scores = process.cpdist(
            list(key_arr[li]),
            list(key_arr[ri]),
            scorer=scorer,
            score_cutoff=threshold,
            dtype=np.uint8,
            workers=1,
        )
        hit = scores >= threshold
        out_i.append(row_arr[li[hit]])
        out_j.append(row_arr[ri[hit]])
        out_s.append(scores[hit])
    # big blocks: one matrix each
    for start in starts[(size_of_row[starts] > small_block) & (size_of_row[starts] <= max_block)]:
        stop = start + size_of_row[start]
        k = list(key_arr[start:stop])
        matrix = process.cdist(
            k, k, scorer=scorer, score_cutoff=threshold, dtype=np.uint8, workers=1
        )
        a, b = np.nonzero(np.triu(matrix, 1))
        out_i.append(row_arr[start:stop][a])
        out_j.append(row_arr[start:stop][b])
        out_s.append(matrix[a, b])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return (np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s).astype(float))


def _first_of_group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, first row with the same non-empty key)."""
    s = pd.Series(keys)
    s = s[s != ""]
    first = pd.Series(s.index, index=s.index).groupby(s.to_numpy()).transform("first")
    keep = first.to_numpy() != first.index.to_numpy()
    return first.index.to_numpy()[keep], first.to_numpy()[keep]


def find_duplicate_people(
    df: pd.DataFrame,
    *,
    last_name: str | None = None,
    first_name: str | None = None,
    full_name: str | None = None,
    email: str | None = None,
    birth_date: str | None = None,
    threshold: float = 88,
    id_column: str = "personne_id",
    journal: Journal | None = None,
) -> DuplicateResult:
    """Find the rows that describe the same person.

    Keys are normalised first (case, accents, spaces; first and last names sorted so a
    swapped « Dupont Jean » / « Jean Dupont » match; e-mail domain typos such as
    ``gmial.com`` corrected; dates of birth in any format). Rows are linked when

    - their e-mails are equal;
    - their names and dates of birth are equal;
    - their names are equal and no e-mail or date of birth contradicts (*à vérifier*);
    - their names are close (rapidfuzz ``token_sort_ratio`` ≥ ``threshold``) with the same
      date of birth;
    - their e-mails are close (a missing or swapped letter, ``ratio`` ≥ 90) and their
      names compatible (*à vérifier*);
    - their names are very close (≥ 95) and nothing contradicts (*à vérifier*).

    Fuzzy comparisons are made only inside blocks of rows sharing a normalised key (date
    of birth; e-mail domain and first letters; first letters of the name) with
    ``rapidfuzz.process.cdist``, never over all pairs. Linked rows form groups
    (connected components): each gets one ``personne_id``.

    Parameters
    ----------
    df
        One row per registration, contact…
    last_name, first_name, full_name, email, birth_date
        Columns to use; detected from names and content when all are ``None``.
    threshold
        Smallest name similarity (0–100) with the same date of birth.
    id_column
        Name of the column added.
    journal
        Where the result is recorded.

    Returns
    -------
    DuplicateResult
        ``.data`` (with ``id_column``) and ``.review`` (groups to check).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nom": ["Dupont", "DUPONT", "Jean", "Martin"],
    ...                    "prenom": ["Jean", "Jean", "Dupont", "Léa"],
    ...                    "email": ["jd@gmail.com", "jd@gmial.com", "", "lm@free.fr"]})
    >>> find_duplicate_people(df).data["personne_id"].tolist()
    [0, 0, 0, 1]
    """
    from rapidfuzz import fuzz
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    check_frame(df, "find_duplicate_people")
    given = {
        "last_name": last_name,
        "first_name": first_name,
        "full_name": full_name,
        "email": email,
        "birth_date": birth_date,
    }
    if all(v is None for v in given.values()):
        found = privacy.detect_identifiers(df)
        kinds = dict(zip(found["type"], found["colonne"], strict=False))
        given = {
            "last_name": kinds.get("nom"),
            "first_name": kinds.get("prenom"),
            "full_name": kinds.get("nom_complet"),
            "email": kinds.get("email"),
            "birth_date": kinds.get("date_naissance"),
        }
    used = [c for c in given.values() if c is not None]
    cleaning_columns(df, used, "find_duplicate_people")
    if not any(given[k] for k in ("last_name", "first_name", "full_name", "email")):
        raise CleaningError(
            "`find_duplicate_people` : aucune colonne de nom ou d'e-mail "
            "trouvée ; indiquez-les (last_name=, first_name=, email=…)."
        )
    if id_column in df.columns:
        raise CleaningError(
            f"`find_duplicate_people` : la colonne « {id_column} » existe "
            "déjà ; choisissez un autre nom avec id_column=."
        )
    n = len(df)
    name_parts = []
    for key in ("full_name", "last_name", "first_name"):
        if given[key]:
            name_parts.append(_map_uniques(df[given[key]], fold_key))
    if name_parts:
        joined = name_parts[0]
        for part in name_parts[1:]:
            joined = joined + " " + part
        names = _map_uniques(pd.Series(joined, dtype=object), name_key)
    else:
        names = np.full(n, "", dtype=object)
    if given["email"]:
        raw_email = df[given["email"]]
        _, uniq = factorize(raw_email)
        domains = {fold_keep(u).replace(" ", "").rpartition("@")[2] for u in uniq}
        fixes = _domain_fixes(domains)
        emails = _map_uniques(raw_email, lambda u: _email_key(u, fixes))
    else:
        emails = np.full(n, "", dtype=object)
    if given["birth_date"]:
        codes, uniq = factorize(df[given["birth_date"]])
        values, ok = parse_date_uniques(uniq)
        text = np.array(
            [str(v)[:10] if k else "" for v, k in zip(values, ok, strict=True)] + [""], dtype=object
        )
        births = text[codes]
    else:
        births = np.full(n, "", dtype=object)

    edges: list[tuple[np.ndarray, np.ndarray, str, np.ndarray]] = []

    def add(i: np.ndarray, j: np.ndarray, rule: str, score: Any = 100.0) -> None:
        if len(i):
            edges.append(
                (
                    np.asarray(i),
                    np.asarray(j),
                    rule,
                    np.broadcast_to(np.asarray(score, dtype=float), (len(i),)),
                )
            )

    # exact keys
    add(*_first_of_group(emails), "email")
    nb = np.where((names != "") & (births != ""), names + "|" + births, "")
    add(*_first_of_group(nb.astype(object)), "name_birth")
    # same name, no contradiction: at most one distinct birth and one distinct e-mail
    frame = pd.DataFrame({"name": names, "birth": births, "email": emails})
    named = frame[frame["name"] != ""]
    births_per_name = named["birth"].where(named["birth"] != "").groupby(named["name"]).nunique()
    emails_per_name = named["email"].where(named["email"] != "").groupby(named["name"]).nunique()
    calm = births_per_name.index[(births_per_name <= 1) & (emails_per_name <= 1)]
    name_only = np.where(np.isin(names, calm.to_numpy()), names, "").astype(object)
    add(*_first_of_group(name_only), "name_only")
    # fuzzy: names within date-of-birth blocks
    i, j, s = _block_pairs(names, births, threshold=threshold, scorer=fuzz.token_sort_ratio)
    if len(i):
        keep = (emails[i] == "") | (emails[j] == "") | (emails[i] == emails[j]) | (s >= 95)
        add(i[keep], j[keep], "fuzzy_name_birth", s[keep])
    # fuzzy: e-mails within (domain, first two letters) blocks, names compatible
    local = np.array([e.partition("@")[0] for e in emails], dtype=object)
    blocks = np.array(
        [(e.partition("@")[2] + ":" + e[:2]) if e else "" for e in emails], dtype=object
    )
    i, j, s = _block_pairs(local, blocks, threshold=90, scorer=fuzz.ratio)
    if len(i):
        name_ok = np.array(
            [
                (not names[a] or not names[b]) or fuzz.token_sort_ratio(names[a], names[b]) >= 80
                for a, b in zip(i, j, strict=True)
            ],
            dtype=bool,
        )
        birth_ok = (births[i] == "") | (births[j] == "") | (births[i] == births[j])
        keep = name_ok & birth_ok
        add(i[keep], j[keep], "fuzzy_email", s[keep])
    # fuzzy: very close names, blocked on their first three letters, nothing contradicts
    prefix = np.array([k[:3] for k in names], dtype=object)
    i, j, s = _block_pairs(names, prefix, threshold=95, scorer=fuzz.token_sort_ratio)
    if len(i):
        keep = ((births[i] == "") | (births[j] == "") | (births[i] == births[j])) & (
            (emails[i] == "") | (emails[j] == "") | (emails[i] == emails[j])
        )
        add(i[keep], j[keep], "fuzzy_name", s[keep])

    if edges:
        ei = np.concatenate([e[0] for e in edges])
        ej = np.concatenate([e[1] for e in edges])
    else:
        ei = ej = np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(ei)), (ei, ej)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    person = pd.factorize(labels)[0]
    out = df.copy(deep=False)
    out[id_column] = person
    links = _links_frame(edges)
    review = _duplicate_review(df, person, links, given)
    if journal is not None:
        n_people = int(person.max()) + 1 if n else 0
        journal.add(
            "find_duplicate_people",
            id_column,
            rows=n - n_people,
            detail=f"{plural(n, 'ligne', 'lignes')} pour "
            f"{plural(n_people, 'personne distincte', 'personnes distinctes')} ; "
            f"{plural(len(review), 'groupe', 'groupes')} de doublons, dont "
            f"{int(review['a_verifier'].sum()) if len(review) else 0} à "
            "vérifier.",
        )
    return DuplicateResult(out, review, id_column, links)


def _duplicate_review(
    df: pd.DataFrame, person: np.ndarray, links: pd.DataFrame, given: dict
) -> pd.DataFrame:
    columns = ["personne_id", "nb_lignes", "lignes", "regles", "score_min", "a_verifier", "exemple"]
    groups = review_groups(person, links, labels=df.index.astype(str))
    review = groups.rename(columns={"groupe": "personne_id"})
    if not len(review):
        return review.assign(exemple=pd.Series([], dtype=object))[columns]
    first_row = pd.Series(np.arange(len(person))).groupby(person).first()
    first_row = first_row.reindex(review["personne_id"].to_numpy())
    name_col = given.get("full_name") or given.get("last_name")
    if name_col:
        picked = df.iloc[first_row.to_numpy()]
        text = picked[name_col].astype(object).where(picked[name_col].notna(), "")
        if given.get("first_name"):
            first = picked[given["first_name"]].astype(object)
            text = first.where(first.notna(), "").astype(str) + " " + text.astype(str)
        review["exemple"] = _map_uniques(
            text.astype(str).str.strip(), lambda v: privacy.mask_value(v, "nom_complet")
        )
    else:
        review["exemple"] = ""
    return review[columns]


def merge_duplicate_people(
    df: pd.DataFrame,
    *,
    id_column: str = "personne_id",
    count_column: str = "nb_lignes_fusionnees",
    journal: Journal | None = None,
) -> pd.DataFrame:
    """Keep one row per person: for each column, the first non-empty value.

    Parameters
    ----------
    df
        The ``data`` of :func:`find_duplicate_people` (or any frame with ``id_column``).
    id_column
        The person identifier column.
    count_column
        Name of the added column giving how many rows were merged.
    journal
        Where the change is recorded.

    Returns
    -------
    pandas.DataFrame
        One row per person, in order of first appearance, ``id_column`` first.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"personne_id": [0, 0, 1], "tel": ["", "0601020304", None],
    ...                    "ville": ["Lyon", "Paris", "Lille"]})
    >>> merge_duplicate_people(df)
       personne_id         tel  ville  nb_lignes_fusionnees
    0            0  0601020304   Lyon                     2
    1            1         NaN  Lille                     1
    """
    check_frame(df, "merge_duplicate_people")
    cleaning_columns(df, [id_column], "merge_duplicate_people")
    data = df.copy(deep=False)
    for column in data.columns:
        if column != id_column and (
            data[column].dtype == object or pd.api.types.is_string_dtype(data[column].dtype)
        ):
            text = data[column].astype(str).str.strip()
            data[column] = data[column].where(text.ne("") & data[column].notna())
    grouped = data.groupby(id_column, sort=False)
    out = grouped.first()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), np.nan)
    out[count_column] = grouped.size()
    out = out.reset_index()
    if journal is not None:
        journal.add(
            "merge_duplicate_people",
            id_column,
            rows=len(df) - len(out),
            detail=f"{plural(len(df), 'ligne fusionnée', 'lignes fusionnées')} en "
            f"{plural(len(out), 'personne', 'personnes')} (première valeur "
            "renseignée de chaque colonne).",
        )
    return out


# ======================================================================================
# Linking a table's people to the register of people
# ======================================================================================
#: Why a row was linked to a person of the register (French labels, in order of trust).
REGISTER_RULES = {
    "identifiant": "même identifiant",
    "email": "même e-mail",
    "nom": "même nom et prénom",
    "nom_abrege": "nom abrégé (« Amina N. ») : une seule personne du registre possible",
    "homonyme": "plusieurs personnes du registre possibles, une seule déjà reconnue dans ce "
    "fichier (à vérifier)",
}
_PERSON_KINDS = (
    "adresse",
    "identifiant",
    "email",
    "nom_complet",
    "nom",
    "prenom",
    "telephone",
    "date_naissance",
)


def _person_keys(df: pd.DataFrame, columns: Mapping[str, str], fixes: dict[str, str]) -> dict:
    """Normalised keys of each row: identifier, e-mail, name tokens, phone, date of birth."""
    n = len(df)
    empty = np.full(n, "", dtype=object)

    def col(kind: str, func: Any) -> np.ndarray:
        name = columns.get(kind)
        return _map_uniques(df[name], func) if name else empty

    keys = {
        "identifiant": col("identifiant", privacy.normalise_for_pseudonym),
        "email": col("email", lambda u: _email_key(u, fixes)),
        "telephone": col("telephone", _phone_digits),
    }
    parts = [col(k, fold_key) for k in ("nom_complet", "nom", "prenom") if columns.get(k)]
    joined = parts[0] if parts else empty
    for part in parts[1:]:
        joined = joined + " " + part
    keys["nom"] = _map_uniques(pd.Series(joined, dtype=object), name_key)
    if columns.get("date_naissance"):
        codes, uniq = factorize(df[columns["date_naissance"]])
        values, ok = parse_date_uniques(uniq)
        text = np.array(
            [str(v)[:10] if k else "" for v, k in zip(values, ok, strict=True)] + [""], dtype=object
        )
        keys["date_naissance"] = text[codes]
    else:
        keys["date_naissance"] = empty
    return keys


def _context_sets(df: pd.DataFrame, columns: Sequence[str]) -> list[frozenset]:
    """Per row, the non-empty values of ``columns`` (folded text)."""
    if not columns:
        return [frozenset()] * len(df)
    parts = [_map_uniques(df[c], lambda u: fold_keep(u).strip()) for c in columns]
    return [frozenset(v for v in values if v) for values in zip(*parts, strict=True)]


def _phone_digits(text: str) -> str:
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    return digits[-9:] if len(digits) >= 9 else ""


def link_to_register(
    df: pd.DataFrame,
    register: pd.DataFrame,
    *,
    columns: Mapping[str, str],
    register_columns: Mapping[str, str],
    register_id: str = "personne_id",
    context: Sequence[str] = (),
    register_context: Sequence[str] = (),
) -> pd.DataFrame:
    """For each row of ``df``, the person of the register it describes, when only one fits.

    An attendance list, a follow-up file or a survey names people its own way
    (« Amina N. », « NADIR Amina », an e-mail); the register of people (the registrations,
    the trainees' file) knows them all. A row is linked to a register person, in order:

    1. the same identifying number (``identifiant``);
    2. the same e-mail (case, accents and domain typos such as ``gmial.com`` folded);
    3. the same name and first name, in any order, case and accents folded;
    4. an abbreviated name: every full word of the row is in the person's name and each
       initial (« N. ») starts one of its other words (« Amina N. » ↔ « Amina Nadir »).

    With rules 3 and 4, several register people may fit (homonyms): a date of birth, a
    phone number or an e-mail given on both sides then decides; else a value of the
    ``context`` columns found in one of the person's register rows (the session date of an
    attendance sheet, registered for that session); else, when only one of
    them is already recognised in another row of ``df`` (« Camille F. » where « Camille
    François » is written in full), that one is taken (*à vérifier*); if several still
    fit, the row is *not* linked (``candidats`` says how many fit). A date of birth that
    contradicts the only candidate also prevents the link. Nothing is guessed: a row left
    unlinked is counted as a person of its own, and the count says so.

    Parameters
    ----------
    df
        The rows to link, person fields as text (names, e-mail…).
    register
        The register's rows, person fields as text, with ``register_id``.
    columns, register_columns
        ``{kind: column}`` of each frame; kinds are the ``personnes`` keys of
        ``structure.yml``: ``nom``, ``prenom``, ``nom_complet``, ``email``,
        ``telephone``, ``date_naissance``, ``identifiant``.
    register_id
        The column of ``register`` naming its person (a pseudonym).
    context, register_context
        Columns of ``df`` and of ``register`` whose values tell homonyms apart when they
        meet (dates as ``AAAA-MM-JJ`` text: a session attended and the session registered
        for).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``df``: ``registre`` (the register person, missing when none or
        several fit), ``regle`` (the rule, French label of :data:`REGISTER_RULES`, or
        ``""``) and ``candidats`` (how many register people fit the row's name).

    Examples
    --------
    >>> import pandas as pd
    >>> register = pd.DataFrame({"prenom": ["Amina", "Amina", "Paul"],
    ...                          "nom": ["Nadir", "Noor", "Nadir"], "pid": ["A", "B", "C"]})
    >>> rows = pd.DataFrame({"qui": ["Amina N.", "NOOR amina", "P. Nadir", "Zoé Lin"]})
    >>> link_to_register(rows, register, columns={"nom_complet": "qui"},
    ...                  register_columns={"prenom": "prenom", "nom": "nom"},
    ...                  register_id="pid")[["registre", "candidats"]]
      registre  candidats
    0        B          2
    1        B          1
    2        C          1
    3     None          0

    « Amina N. » fits two register people; only Amina Noor is written in full in these
    rows, so she is taken, *à vérifier*. « Zoé Lin » is in no register row.
    """
    check_frame(df, "link_to_register")
    check_frame(register, "link_to_register")
    for frame, cols in ((df, columns), (register, register_columns)):
        unknown = sorted(set(cols) - set(_PERSON_KINDS))
        if unknown:
            raise CleaningError(
                f"`link_to_register` : type de colonne inconnu « {unknown[0]} » "
                f"(types possibles : {', '.join(_PERSON_KINDS)})."
            )
        cleaning_columns(frame, list(cols.values()), "link_to_register")
    cleaning_columns(register, [register_id], "link_to_register")
    cleaning_columns(df, list(context), "link_to_register")
    cleaning_columns(register, list(register_context), "link_to_register")
    domains = set()
    for frame, cols in ((df, columns), (register, register_columns)):
        if cols.get("email"):
            _, uniq = factorize(frame[cols["email"]])
            domains |= {fold_keep(u).replace(" ", "").rpartition("@")[2] for u in uniq}
    fixes = _domain_fixes(domains)
    mine = _person_keys(df, columns, fixes)
    theirs = _person_keys(register, register_columns, fixes)
    pids = register[register_id].to_numpy(dtype=object)

    index: dict[str, dict[str, set]] = {k: {} for k in ("identifiant", "email", "nom", "token")}
    facts: dict[str, dict[Any, set]] = {
        "date_naissance": {},
        "telephone": {},
        "email": {},
        "contexte": {},
    }
    theirs["contexte"] = _context_sets(register, register_context)
    mine["contexte"] = _context_sets(df, context)
    words: dict[Any, set] = {}
    for row, pid in enumerate(pids):
        if pid is None or (isinstance(pid, float) and np.isnan(pid)):
            continue
        for kind in ("identifiant", "email", "nom"):
            value = theirs[kind][row]
            if value:
                index[kind].setdefault(value, set()).add(pid)
        for token in theirs["nom"][row].split():
            words.setdefault(pid, set()).add(token)
            if len(token) > 1:
                index["token"].setdefault(token, set()).add(pid)
        for kind in ("date_naissance", "telephone", "email"):
            if theirs[kind][row]:
                facts[kind].setdefault(pid, set()).add(theirs[kind][row])
        facts["contexte"].setdefault(pid, set()).update(theirs["contexte"][row])

    def agrees(pid: Any, kind: str, value: Any) -> bool | None:
        known = facts[kind].get(pid)
        if not value or not known:
            return None
        return bool(known & value) if kind == "contexte" else value in known

    def decide(candidates: set, row_facts: dict[str, Any]) -> tuple[Any, set]:
        if len(candidates) > 1:
            for kind in ("date_naissance", "telephone", "email", "contexte"):
                narrowed = {p for p in candidates if agrees(p, kind, row_facts[kind])}
                if len(narrowed) == 1:
                    return next(iter(narrowed)), candidates
            return None, candidates
        if len(candidates) == 1:
            pid = next(iter(candidates))
            if agrees(pid, "date_naissance", row_facts["date_naissance"]) is False:
                return None, candidates
            return pid, candidates
        return None, candidates

    def one(
        ident: str, email: str, name: str, phone: str, birth: str, where: frozenset
    ) -> tuple[Any, str, set]:
        for kind, value in (("identifiant", ident), ("email", email)):
            hits = index[kind].get(value) if value else None
            if hits and len(hits) == 1:
                return next(iter(hits)), REGISTER_RULES[kind], hits
        if not name:
            return None, "", set()
        row_facts = {
            "date_naissance": birth,
            "telephone": phone,
            "email": email,
            "contexte": where,
        }
        tokens = name.split()
        full = [t for t in tokens if len(t) > 1]
        initials = [t for t in tokens if len(t) == 1]
        if not initials:
            pid, fit = decide(index["nom"].get(name, set()), row_facts)
            return pid, (REGISTER_RULES["nom"] if pid is not None else ""), fit
        if not full:
            return None, "", set()
        candidates = set.intersection(*(index["token"].get(t, set()) for t in full))
        fitting = set()
        for pid in candidates:
            rest = list(words.get(pid, set()) - set(full))
            if len(rest) >= len(initials) and all(
                any(w.startswith(i) for w in rest) for i in initials
            ):
                fitting.add(pid)
        pid, fit = decide(fitting, row_facts)
        return pid, (REGISTER_RULES["nom_abrege"] if pid is not None else ""), fit

    keys = ("identifiant", "email", "nom", "telephone", "date_naissance", "contexte")
    combos = pd.DataFrame({k: mine[k] for k in keys})
    combos["contexte"] = ["|".join(sorted(v)) for v in mine["contexte"]]
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(combos))
    found = [one(*u[:5], frozenset(u[5].split("|")) - {""}) for u in uniques]
    # homonyms: when only one of the possible people is already recognised in this table
    # (« Camille F. » where « Camille François » is written in full), take that one
    seen = {f[0] for f in found if f[0] is not None}
    for k, (pid, _, fit) in enumerate(found):
        if pid is None and len(fit) > 1 and len(fit & seen) == 1:
            found[k] = (next(iter(fit & seen)), REGISTER_RULES["homonyme"], fit)
    out = pd.DataFrame(
        {
            "registre": pd.Series([found[c][0] for c in codes], index=df.index, dtype=object),
            "regle": [found[c][1] for c in codes],
            "candidats": np.array([len(found[c][2]) for c in codes], dtype="int64"),
        },
        index=df.index,
    )
    return out

"""``clean_table``: a whole table cleaned, its journal, its rules and their replay.

:func:`clean_table` guesses each column's kind and applies the matching verb;
:class:`CleanResult` holds the typed frame, the journal and the *rules*, saved as YAML
(:func:`save_rules`) and replayed on next year's file (:func:`replay_cleaning`), which says
in French what no longer fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import privacy
from ..compat import text_array
from ..errors import CleaningError, check_option
from ..french import percent, plural, slugify
from .categories import convert_categories, propose_mapping
from .columns import KIND_LABELS, KINDS, LABEL_KINDS, clean_column_names, guess_kind
from .conversions import (
    LIKERT_SCALES,
    convert_booleans,
    convert_dates,
    convert_likert,
    convert_numbers,
    parse_number_uniques,
)
from .journal import Journal, record_change, safe_example
from .reshaping import record_total_rows, total_row_mask
from .values import (
    check_frame,
    cleaning_columns,
    counts_of,
    factorize,
    is_missing_token,
    squeeze_spaces,
    take,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..workspace import Workspace

__all__ = [
    "RULES_VERSION",
    "CleanResult",
    "check_rules",
    "clean_table",
    "load_rules",
    "replay_cleaning",
    "rules_file_name",
    "save_rules",
]

#: Version of the rules' format, written in every rules file.
RULES_VERSION = 1


@dataclass
class CleanResult:
    """What :func:`clean_table` returns.

    Attributes
    ----------
    data
        The cleaned, typed frame.
    journal
        Every change made (:class:`Journal`).
    rules
        The rules of the cleaning (a plain dict, saved as YAML by :func:`save_rules`).
    problems
        French sentences saying what no longer fits the rules (replay only).
    kinds
        ``{column: kind}`` of the cleaned columns.
    """

    data: pd.DataFrame
    journal: Journal
    rules: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"CleanResult({len(self.data)} lignes × {self.data.shape[1]} colonnes, "
            f"{plural(len(self.journal), 'changement', 'changements')}, "
            f"{plural(len(self.problems), 'problème', 'problèmes')})"
        )

    def to_markdown(self) -> str:
        """The journal and the problems, in Markdown (French)."""
        text = "## Journal du nettoyage\n\n" + self.journal.to_markdown()
        if self.problems:
            text += "\n## Ce qui ne correspond plus aux règles\n\n"
            text += "\n".join(f"- {p}" for p in self.problems) + "\n"
        return text

    def to_text(self) -> str:
        """The journal and the problems as French sentences."""
        text = self.journal.to_text()
        if self.problems:
            text += "\n\nCe qui ne correspond plus aux règles :\n" + "\n".join(
                f"- {p}" for p in self.problems
            )
        return text

    def save_rules(self, ws: Workspace, name: str = "table") -> Path:
        """Save :attr:`rules` to the workspace (see :func:`save_rules`)."""
        return save_rules(self.rules, ws, name=name)


def _strip_text(codes: np.ndarray, uniq: np.ndarray) -> dict[str, Any]:
    after = np.array([squeeze_spaces(u) for u in uniq], dtype=object)
    missing = is_missing_token(uniq)
    after[missing] = None
    changed = np.array([a != u for a, u in zip(after, uniq, strict=True)], dtype=bool) & ~missing
    values = text_array(take(after, codes, None))
    return {
        "values": values,
        "uniq_after": after,
        "changed": changed,
        "failed": np.zeros(len(uniq), dtype=bool),
        "missing": missing,
    }


def _apply_kind(
    kind: str, codes: np.ndarray, uniq: np.ndarray, options: dict[str, Any]
) -> tuple[dict[str, Any], str, str]:
    """Convert one column; return (result, verb, detail)."""
    if kind == "date":
        r = convert_dates(
            codes,
            uniq,
            dayfirst=options.get("dayfirst", True),
            excel_serials=options.get("excel_serials", True),
        )
        return r, "parse_dates", "Texte converti en dates (jour en premier)."
    if kind == "number":
        r = convert_numbers(
            codes,
            uniq,
            decimal=options.get("decimal", "auto"),
            integers=options.get("integers", True),
            parsed=options.get("parsed"),
        )
        detail = "Texte converti en nombres"
        detail += " (virgule décimale)" if r["decimal"] == "," else " (point décimal)"
        if r["units"]:
            detail += " ; unités retirées : " + ", ".join(list(r["units"])[:5])
        return r, "parse_numbers", detail + "."
    if kind == "boolean":
        r = convert_booleans(
            codes,
            uniq,
            blank=options.get("blank", "auto"),
            true_values=options.get("true_values", ()),
            false_values=options.get("false_values", ()),
            unknown_values=options.get("unknown_values", ()),
        )
        detail = "Réponses converties en oui / non (vrai / faux)."
        if r["unknown"]:
            detail += (
                " "
                + plural(
                    r["unknown"], "« ne sait pas » laissé vide", "« ne sait pas » laissés vides"
                )
                + "."
            )
        if r["blank_false"]:
            detail += " Cases vides lues comme « non » (colonne de croix)."
        return r, "parse_booleans", detail
    if kind == "likert":
        r = convert_likert(codes, uniq, scale=options.get("scale", "auto"))
        return (
            r,
            "parse_likert",
            (f"Réponses rangées sur l'échelle « {r['scale']} » ({len(r['labels'])} niveaux)."),
        )
    if kind == "category":
        r = convert_categories(codes, uniq, mapping=options.get("mapping", {}), as_category=True)
        return (
            r,
            "apply_category_mapping",
            ("Variantes d'une même catégorie ramenées à une seule écriture."),
        )
    r = _strip_text(codes, uniq)
    return r, "strip_text", "Espaces superflus retirés, cases vides marquées comme manquantes."


def check_rules(rules: Any) -> dict[str, Any]:
    """The rules of a cleaning, checked: a dict, or the path of a YAML file to load.

    Raises
    ------
    CleaningError
        In French, when the version, the list of columns or a column's type is wrong.
    """
    if isinstance(rules, str | Path):
        return load_rules(rules)
    if not isinstance(rules, dict):
        raise TypeError(
            "`rules` doit être un dictionnaire (CleanResult.rules) ou le chemin "
            f"d'un fichier de règles YAML, pas {type(rules).__name__}."
        )
    if rules.get("version") != RULES_VERSION or not isinstance(rules.get("colonnes"), list):
        raise CleaningError(
            "Les règles de nettoyage sont invalides : il faut les clés "
            f"« version: {RULES_VERSION} » et « colonnes » (une liste)."
        )
    for i, entry in enumerate(rules["colonnes"], start=1):
        if not isinstance(entry, dict) or "source" not in entry or "type" not in entry:
            raise CleaningError(
                f"Règles de nettoyage, colonne n° {i} : il faut les clés « source » et « type »."
            )
        if entry["type"] not in LABEL_KINDS and entry["type"] not in KINDS:
            raise CleaningError(
                f"Règles de nettoyage, colonne « {entry['source']} » : "
                f"type « {entry['type']} » "
                f"inconnu (types possibles : {', '.join(LABEL_KINDS)})."
            )
    return rules


def clean_table(
    raw: pd.DataFrame,
    *,
    rules: dict[str, Any] | str | Path | None = None,
    clean_names: bool = True,
    drop_totals: bool = True,
    harmonise: bool = True,
    min_share: float = 0.9,
    threshold: float = 88,
    kinds: dict[str, str] | None = None,
) -> CleanResult:
    """Clean a table as read (text columns): names, total rows, types, categories.

    Steps, each recorded in the journal:

    1. column names to readable snake_case (:func:`clean_column_names`);
    2. total and subtotal rows removed (:func:`drop_total_rows`);
    3. each column's kind guessed from its content (:func:`guess_column_kind`) and the
       matching verb applied: dates, numbers, yes/no, Likert scales, categories (variants
       harmonised with :func:`harmonise_categories`, typos included), text (spaces
       trimmed). Identifier columns (e-mail, phone, names, NIR, address) stay text and
       their examples are masked in the journal.

    With ``rules`` (from an earlier cleaning), the same operations are replayed instead
    of guessed, and :attr:`CleanResult.problems` says what no longer fits (see
    :func:`replay_cleaning`).

    Parameters
    ----------
    raw
        The table as read by ``read_export`` (text columns).
    rules
        Rules of an earlier cleaning (dict or YAML path) to replay.
    clean_names, drop_totals, harmonise
        Switch steps 1, 2 and the harmonisation of categories off.
    min_share
        Share of values that must fit a kind for the column to get it.
    threshold
        Similarity (0–100) for category typos.
    kinds
        ``{column: kind}`` to force a kind (names after renaming; kinds in English or
        French: ``"date"``, ``"nombre"``, ``"oui / non"``…).

    Returns
    -------
    CleanResult
        ``.data``, ``.journal``, ``.rules``, ``.problems``, ``.kinds``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"Date d'entrée": ["05/03/2019", "5-3-19", "43529", "TOTAL"],
    ...                     "Montant (€)": ["1 234,5", "12 €", "7", "1 253,5"],
    ...                     "Inscrit ?": ["Oui", "non", "NSP", ""]})
    >>> res = clean_table(raw)
    >>> res.data.dtypes.astype(str).tolist()
    ['datetime64[us]', 'float64', 'boolean']
    >>> res.kinds
    {'date_d_entree': 'date', 'montant_eur': 'number', 'inscrit': 'boolean'}
    """
    check_frame(raw, "clean_table")
    if rules is not None:
        return _clean(
            raw,
            check_rules(rules),
            clean_names=True,
            drop_totals=True,
            harmonise=True,
            min_share=min_share,
            threshold=threshold,
            forced={},
        )
    frame_names = list(clean_column_names(raw).columns) if clean_names else list(raw.columns)
    forced = {}
    for column, kind in (kinds or {}).items():
        if column not in frame_names:
            cleaning_columns(pd.DataFrame(columns=frame_names), [column], "clean_table")
        kind = LABEL_KINDS.get(kind, kind)
        check_option(f"kinds[{column!r}]", kind, list(KINDS))
        forced[column] = kind
    return _clean(
        raw,
        None,
        clean_names=clean_names,
        drop_totals=drop_totals,
        harmonise=harmonise,
        min_share=min_share,
        threshold=threshold,
        forced=forced,
    )


def _clean(
    raw: pd.DataFrame,
    rules: dict[str, Any] | None,
    *,
    clean_names: bool,
    drop_totals: bool,
    harmonise: bool,
    min_share: float,
    threshold: float,
    forced: dict[str, str],
) -> CleanResult:
    """The engine of :func:`clean_table` (``rules is None``) and of the replay."""
    journal = Journal()
    problems: list[str] = []
    detected = privacy.detect_identifiers(raw)
    raw_ids = dict(zip(map(str, detected["colonne"]), detected["type"], strict=True))
    sources = [str(c) for c in raw.columns]
    by_source: dict[str, dict[str, Any]] = {}
    if rules is not None:
        by_source = {str(e["source"]): e for e in rules["colonnes"]}
        clean_names = bool(rules.get("noms_nettoyes", True))
        drop_totals = bool(rules.get("lignes_de_total", True))
        for source in by_source:
            if source not in sources:
                problems.append(
                    f"La colonne « {source} » des règles est absente du fichier : "
                    "elle n'a pas été nettoyée."
                )
    auto_names = list(clean_column_names(raw, journal=journal).columns) if clean_names else sources
    names = {
        src: (by_source[src].get("colonne", auto) if src in by_source else auto)
        for src, auto in zip(sources, auto_names, strict=True)
    }
    targets = [names[src] for src in sources]
    if len(set(targets)) != len(targets):
        dup = next(t for t in targets if targets.count(t) > 1)
        raise CleaningError(
            f"`clean_table` : la colonne « {dup} » est en double ; gardez "
            "clean_names=True ou renommez-la."
        )
    journal.identifiers = {names[c]: k for c, k in raw_ids.items() if c in names}
    facts = {names[src]: factorize(raw.iloc[:, i]) for i, src in enumerate(sources)}
    missing = {col: is_missing_token(uniq) for col, (_, uniq) in facts.items()}

    # kinds and options of each column: from the rules, forced, or guessed
    plan: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = {}
    for src in sources:
        column = names[src]
        codes, uniq = facts[column]
        entry = by_source.get(src)
        if entry is not None:
            kind = LABEL_KINDS.get(entry["type"], entry["type"])
            options = dict(entry.get("options") or {})
            if kind == "category":
                options["mapping"] = {
                    str(k): str(v) for k, v in (entry.get("correspondances") or {}).items()
                }
        else:
            kind = forced.get(column) or guess_kind(
                codes, uniq, column, min_share=min_share, identifier=journal.identifiers.get(column)
            )
            if kind == "category" and (not harmonise or rules is not None):
                kind = "text"
            options = {}
            if rules is not None:
                problems.append(
                    f"La colonne « {src} » est nouvelle (absente des règles) : "
                    f"elle a été traitée comme « {KIND_LABELS[kind]} »."
                )
        plan[column] = (kind, options, entry)

    numbers = {
        col: parse_number_uniques(facts[col][1], decimal=plan[col][1].get("decimal", "auto"))
        for col in plan
        if plan[col][0] == "number"
    }
    index = raw.index
    if drop_totals:
        mask, found = total_row_mask(
            raw,
            facts,
            list(facts),
            list(numbers),
            True,
            numbers={c: v[0] for c, v in numbers.items()},
            missing=missing,
        )
        if mask.any():
            keep = ~mask
            index = raw.index[keep]
            facts = {c: (codes[keep], uniq) for c, (codes, uniq) in facts.items()}
            record_total_rows(journal, int(mask.sum()), found)

    columns_out, kinds_out, entries = {}, {}, []
    for src in sources:
        column = names[src]
        codes, uniq = facts[column]
        kind, options, entry = plan[column]
        if kind == "category" and entry is None:
            counts = counts_of(codes, len(uniq))
            keep_u = ~missing[column] & (counts > 0)
            table = propose_mapping(list(uniq[keep_u]), counts[keep_u], threshold=threshold)
            options["mapping"] = {
                squeeze_spaces(str(v)): str(p)
                for v, p in zip(table["valeur"], table["proposition"], strict=True)
            }
        if kind == "number":
            options = {**options, "parsed": numbers[column]}
        result, verb, detail = _apply_kind(kind, codes, uniq, options)
        columns_out[column] = pd.Series(result["values"], index=index, name=column)
        stats = (
            record_change(journal, verb, column, codes, uniq, result, detail)
            if kind != "empty"
            else {"share": 0.0}
        )
        kinds_out[column] = kind
        share = float(stats["share"])
        if entry is not None:
            before = float(entry.get("part_non_reconnue", 0.0) or 0.0)
            if (
                kind in ("date", "number", "boolean", "likert")
                and share > before + 0.01
                and share > 1.5 * before
            ):
                problems.append(
                    f"Colonne « {column} » : {percent(share)} de valeurs non "
                    f"reconnues, contre {percent(before)} la fois précédente."
                )
            if kind == "category":
                counts = counts_of(codes, len(uniq))
                new = [
                    u
                    for u, c in zip(
                        result["uniq_after"][result["unknown"]],
                        counts[result["unknown"]],
                        strict=True,
                    )
                    if c
                ]
                if new:
                    kind_id = journal.identifiers.get(column)
                    shown = ", ".join(f"« {safe_example(v, kind_id)} »" for v in new[:5])
                    values = plural(
                        len(new), "valeur nouvelle absente", "valeurs nouvelles absentes"
                    )
                    problems.append(
                        f"Colonne « {column} » : {values} de la "
                        f"correspondance : {shown}" + (" …" if len(new) > 5 else "") + "."
                    )
            entries.append({**entry, "part_non_reconnue": round(share, 4)})
        else:
            new_entry = {
                "source": src,
                "colonne": column,
                "type": KIND_LABELS[kind],
                "operation": verb,
                "part_non_reconnue": round(share, 4),
            }
            new_entry.update(_rule_options(kind, result, options))
            entries.append(new_entry)
    data = pd.DataFrame(columns_out, index=index)
    rules_out = {
        "version": RULES_VERSION,
        "noms_nettoyes": bool(clean_names),
        "lignes_de_total": bool(drop_totals),
        "colonnes": entries,
    }
    return CleanResult(data, journal, rules_out, problems, kinds_out)


def _rule_options(kind: str, result: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    if kind == "date":
        return {"options": {"dayfirst": True}}
    if kind == "number":
        return {"options": {"decimal": result["decimal"]}}
    if kind == "boolean":
        return {"options": {"blank": "false" if result["blank_false"] else "missing"}}
    if kind == "likert":
        scale = result["scale"]
        return {
            "options": {
                "scale": scale
                if scale in (*LIKERT_SCALES, "numerique")
                else [str(x) for x in result["labels"]]
            }
        }
    if kind == "category":
        return {"correspondances": dict(sorted(options["mapping"].items()))}
    return {}


def replay_cleaning(raw: pd.DataFrame, rules: dict[str, Any] | str | Path) -> CleanResult:
    """Apply the rules of an earlier cleaning to a new file (e.g. next year's).

    The columns are found by their name in the file, renamed and converted as recorded;
    category values are mapped with the recorded correspondences. What no longer fits is
    listed in French in :attr:`CleanResult.problems`: a column of the rules missing from
    the file, a new column, category values absent from the mapping, a share of
    unrecognised values above the previous one (by more than one point and by half).

    Parameters
    ----------
    raw
        The new table as read.
    rules
        ``CleanResult.rules`` of the earlier cleaning, or the path of its YAML file
        (:func:`save_rules`).

    Returns
    -------
    CleanResult

    Examples
    --------
    >>> import pandas as pd
    >>> first = clean_table(pd.DataFrame({"Ville": ["Lyon"] * 3 + ["lyon", "Paris"] * 2}))
    >>> again = replay_cleaning(pd.DataFrame({"Ville": ["LYON", "Paris", "Lille"]}),
    ...                         first.rules)
    >>> again.data["ville"].tolist()
    ['Lyon', 'Paris', 'Lille']
    >>> again.problems
    ['Colonne « ville » : 1 valeur nouvelle absente de la correspondance : « Lille ».']
    """
    check_frame(raw, "replay_cleaning")
    if rules is None:
        raise TypeError("`replay_cleaning` : donnez les règles d'un nettoyage précédent.")
    return _clean(
        raw,
        check_rules(rules),
        clean_names=True,
        drop_totals=True,
        harmonise=True,
        min_share=0.9,
        threshold=88,
        forced={},
    )


def rules_file_name(name: str) -> str:
    """The file name of the rules of table ``name``: ``regles-nettoyage-<slug>.yml``.

    >>> rules_file_name("Inscriptions 2024")
    'regles-nettoyage-inscriptions-2024.yml'
    """
    return f"regles-nettoyage-{slugify(name) or 'table'}.yml"


def save_rules(rules: dict[str, Any], ws: Workspace, *, name: str = "table") -> Path:
    """Save cleaning rules as YAML in the workspace's step-05 folder.

    The file ``regles-nettoyage-<name>.yml`` is human-readable: a coach can edit a
    correspondence or a column type before the replay. Returns its path.
    """
    rules = check_rules(rules)
    target = ws.step_dir("05") / rules_file_name(name)
    header = (
        "# Règles de nettoyage Size Up : colonnes, types et correspondances.\n"
        "# Modifiables à la main ; rejouées par replay_cleaning sur le fichier suivant."
    )
    return ws.write_yaml(target, rules, header=header)


def load_rules(source: str | Path | Workspace, *, name: str = "table") -> dict[str, Any]:
    """Read cleaning rules from a YAML file, or from a workspace (``name`` as saved)."""
    import yaml

    from ..yamlfile import load_yaml

    if hasattr(source, "step_dir"):
        path = Path(source.step_dir("05", create=False)) / rules_file_name(name)
    else:
        path = Path(source)
    if not path.is_file():
        raise CleaningError(
            f"Le fichier de règles de nettoyage « {path} » est introuvable ; "
            "enregistrez d'abord les règles avec save_rules."
        )
    try:
        rules = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CleaningError(
            f"Le fichier de règles « {path} » n'est pas du YAML valide "
            f"({getattr(exc, 'problem', None) or exc})."
        ) from None
    return check_rules(rules)

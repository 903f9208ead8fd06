"""Step 09, who and how many: reach in people and in rows, the funnel, the profile.

Every count says its unit: **personnes** (distinct ``personne_id``, step 05's pseudonym,
one person whatever the number of her registrations) and **lignes** (registrations,
attendances, answers). A table meant to be published hides its small cells first
(:func:`sizeup_helpers.privacy.suppress_small_cells`, primary and secondary suppression;
the threshold is a parameter, 11 by default as the « règle des petits effectifs » of the
SNDS; CNIL, « Anonymisation des données : un traitement clé pour l'open data », on
individualisation).

- :func:`reach_by_table`: rows and people of every clean table that has a ``personne_id``;
- :func:`reach_funnel`: people in the register, people who came at least once (an
  attendance table's yes/no column), people who answered a follow-up: each step over the
  first (those reached) and over the previous;
- :func:`register_profile`: the register's short categories (age band, sex, QPV, RSA…),
  counted in people, small cells hidden;
- :func:`explain_reach`: the plain-French reading;
- :func:`profile_against_reference`, :func:`explain_reference_profile`: the register's
  profile beside a published figure for a comparable public (:data:`REFERENCE_TABLE`),
  as context, never as proof that the people reached are representative.

Sources: Avise, « Évaluer son impact social », indicateurs de réalisation (« combien de
personnes, lesquelles ») ; the « qui » dimension of the Impact Management Project.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import french
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "REFERENCE_TABLE",
    "clean_tables",
    "explain_reach",
    "explain_reference_profile",
    "profile_against_reference",
    "reference_figures",
    "present_column",
    "reach_by_table",
    "reach_funnel",
    "register_profile",
]

REFERENCE_TABLE = Path(__file__).parent / "data" / "references-profil.csv"
"""Published profile figures of a public (``;``-separated, UTF-8): ``public``,
``mots_du_type`` (words of the structure's ``type`` or ``description`` that select the row,
``|``-separated, compared without accents or case), ``indicateur``, ``colonnes`` (register
columns read, in order of preference), ``modalites`` (the values counted), ``valeur_basse``
and ``valeur_haute`` (a share from 0 to 1; equal unless the source gives a range),
``source`` (the publication) and ``note_de_reference`` (where the project's reference notes,
``structures-and-references.md``, quote it). Only figures written in those notes: none is
estimated here."""

_PRESENT_WORDS = ("present", "realise", "venu")


def clean_tables(ws: Workspace, *, everything: bool = False) -> dict[str, pd.DataFrame]:
    """The clean tables step 05 saved that name people (a ``personne_id``) or hold a
    follow-up « situation », by role (an empty dict before step 05).

    Only those are read, from step 05's data dictionary, so that a large table of
    transactions is not loaded for nothing; ``everything=True`` reads every table.
    """
    import pandas as pd

    from .clean_workspace import DICTIONARY_FILE, load_clean_table, table_roles
    from .errors import SizeUpError

    wanted: set[str] | None = None
    dictionary = ws.clean_data_dir / DICTIONARY_FILE
    if not everything and dictionary.is_file():
        columns = pd.read_csv(dictionary, dtype=str, keep_default_na=False)
        keep = columns["colonne"].map(
            lambda c: c == "personne_id" or french.fold_key(c, sep="_").startswith("situation")
        )
        wanted = {french.fold_key(t, sep="_") for t in columns.loc[keep, "table"]}
    tables: dict[str, pd.DataFrame] = {}
    seen = set()
    for role, sheets in table_roles(ws).items():
        for name in (role, *sheets):
            key = french.fold_key(name, sep="_")
            if key in seen or (wanted is not None and key not in wanted):
                continue  # a sheet named like its file, or a table without people
            seen.add(key)
            try:
                tables[name] = load_clean_table(ws, name)
            except SizeUpError:
                continue
    return tables


def reach_by_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and distinct people of every table with a ``personne_id``.

    Columns ``table``, ``lignes``, ``personnes``, ``lignes_par_personne``. Missing values:
    a row without ``personne_id`` counts as a row, not as a person.
    """
    import pandas as pd

    rows = [
        {
            "table": name,
            "lignes": len(frame),
            "personnes": int(frame["personne_id"].nunique()),
        }
        for name, frame in tables.items()
        if "personne_id" in frame.columns
    ]
    out = pd.DataFrame(rows, columns=["table", "lignes", "personnes"])
    out["lignes_par_personne"] = (
        out["lignes"] / out["personnes"].where(out["personnes"] > 0)
    ).round(2)
    return out


def present_column(frame: pd.DataFrame) -> str | None:
    """The yes/no column saying a person came (« present », « realise », « venu »), or
    ``None``."""
    import pandas as pd

    for c in frame.columns:
        if pd.api.types.is_bool_dtype(frame[c]) and any(
            w in french.fold(str(c)).lower() for w in _PRESENT_WORDS
        ):
            return str(c)
    return None


def reach_funnel(ws: Workspace, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """From the people known to the people who came and answered, in people.

    Columns ``etape``, ``personnes``, ``part_du_registre`` (over the first step),
    ``part_etape_precedente``, ``source``. Empty without a register of people.
    """
    import pandas as pd

    from .clean_workspace import register_role

    tables = clean_tables(ws) if tables is None else tables
    columns = ["etape", "personnes", "part_du_registre", "part_etape_precedente", "source"]
    register = register_role(ws)
    if register not in tables or "personne_id" not in tables[register].columns:
        return pd.DataFrame(columns=columns)
    known = set(tables[register]["personne_id"].dropna())
    steps = [("personnes connues (registre)", known, register)]
    for name, frame in tables.items():
        col = present_column(frame) if "personne_id" in frame.columns else None
        if col:
            came = set(frame.loc[frame[col].fillna(False).astype(bool), "personne_id"].dropna())
            steps.append(("personnes venues au moins une fois", came & known, name))
            break
    for name, frame in tables.items():
        if name != register and "personne_id" in frame.columns and present_column(frame) is None:
            answered = set(frame["personne_id"].dropna()) & known
            if answered:
                steps.append((f"personnes présentes dans « {name} »", answered, name))
    rows, previous = [], len(known)
    for label, people, source in steps:
        rows.append(
            {
                "etape": label,
                "personnes": len(people),
                "part_du_registre": len(people) / len(known) if known else float("nan"),
                "part_etape_precedente": len(people) / previous if previous else float("nan"),
                "source": source,
            }
        )
        previous = len(people)
    return pd.DataFrame(rows, columns=columns)


def register_profile(
    ws: Workspace,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    small_cell_threshold: int = 11,
    max_levels: int = 8,
) -> pd.DataFrame:
    """The register's short categories in people, small cells hidden for publication.

    One row per (``variable``, ``modalite``): ``personnes`` (the suppressed count as text:
    « < 11 » or « s » for a secondary suppression) and ``part`` over the people with an
    answer and ``part_sur_tous`` over all the people of the register (empty when hidden).
    Each person's most recent row counts (the last in file order).
    """
    import pandas as pd

    from .clean_workspace import register_role
    from .privacy import suppress_small_cells

    tables = clean_tables(ws) if tables is None else tables
    columns = ["variable", "modalite", "personnes", "part", "part_sur_tous"]
    register = register_role(ws)
    if register not in tables or "personne_id" not in tables[register].columns:
        return pd.DataFrame(columns=columns)
    people = tables[register].drop_duplicates("personne_id", keep="last")
    parts = []
    for c in people.columns:
        s = people[c]
        if c == "personne_id" or str(s.dtype).startswith("datetime"):
            continue
        if pd.api.types.is_float_dtype(s) or s.nunique() > max_levels or s.nunique() < 2:
            continue
        counts = s.astype("object").value_counts()
        table = counts.to_frame("personnes")
        table.loc["Total"] = counts.sum()
        hidden = suppress_small_cells(table, small_cell_threshold)
        shown = hidden.table.drop(index="Total")
        share = (counts / counts.sum()).where(~hidden.mask["personnes"].drop(index="Total"))
        parts.append(
            pd.DataFrame(
                {
                    "variable": c,
                    "modalite": [str(x) for x in shown.index],
                    "personnes": shown["personnes"].astype(str).to_numpy(),
                    "part": share.round(4).to_numpy(),
                    "part_sur_tous": (share * counts.sum() / len(people)).round(4).to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def explain_reach(reach: pd.DataFrame, funnel: pd.DataFrame) -> Reading:
    """People and rows, then the funnel, each share over the people known."""
    if reach.empty:
        return Reading.of(
            [
                "Aucune table propre ne nomme de personnes (pas de `personne_id`) : la portée "
                "se compte ici en lignes, dans les tables du carnet 05."
            ],
            title="Qui et combien",
        )
    lines = []
    for _, r in reach.iterrows():
        lines.append(
            f"- {french.quoted(r['table'])} : "
            f"{french.plural(int(r['lignes']), 'ligne', 'lignes')} pour "
            f"{french.plural(int(r['personnes']), 'personne distincte', 'personnes distinctes')}."
        )
    for _, r in funnel.iloc[1:].iterrows():
        lines.append(
            f"- {r['etape'].capitalize()} : "
            f"{french.plural(int(r['personnes']), 'personne', 'personnes')}, "
            f"soit {french.percent(float(r['part_du_registre']))} des personnes connues."
        )
    return Reading.of(lines, title="Qui et combien (personnes et lignes)")


def reference_figures() -> pd.DataFrame:
    """:data:`REFERENCE_TABLE` as a frame (shares as floats)."""
    import pandas as pd

    table = pd.read_csv(REFERENCE_TABLE, sep=";", dtype=str, encoding="utf-8")
    return table.astype({"valeur_basse": float, "valeur_haute": float})


def profile_against_reference(
    ws: Workspace,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    small_cell_threshold: int = 11,
) -> pd.DataFrame:
    """The register's share of each reference profile, beside the published figure.

    A row of :data:`REFERENCE_TABLE` applies when one of its ``mots_du_type`` is in the
    structure's ``type`` or ``description`` (structure.yml) and the register has one of its
    ``colonnes``. The share is over the register's people with an answer in that column
    (each person's last row); under ``small_cell_threshold`` such people, no share is given.

    Columns ``indicateur``, ``colonne``, ``personnes (avec une réponse)``,
    ``part_structure``, ``reference`` (text, « 62 % » or « 56 à 61 % »),
    ``reference_basse``, ``reference_haute``, ``public_de_reference``, ``source``,
    ``note_de_reference``. Empty when no row applies.
    """
    import pandas as pd

    from .clean_workspace import register_role

    columns = [
        "indicateur",
        "colonne",
        "personnes (avec une réponse)",
        "part_structure",
        "reference",
        "reference_basse",
        "reference_haute",
        "public_de_reference",
        "source",
        "note_de_reference",
    ]
    tables = clean_tables(ws) if tables is None else tables
    register = register_role(ws)
    if register not in tables or "personne_id" not in tables[register].columns:
        return pd.DataFrame(columns=columns)
    people = tables[register].drop_duplicates("personne_id", keep="last")
    folded = {french.fold_key(c, sep="_"): c for c in people.columns}
    about = ws.config.get("structure", {})
    text = french.fold(f"{about.get('type', '')} {about.get('description', '')}").lower()
    rows = []
    for _, ref in reference_figures().iterrows():
        words = [french.fold(w).lower() for w in ref["mots_du_type"].split("|")]
        if not any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            continue
        column = next((folded[c] for c in ref["colonnes"].split("|") if c in folded), None)
        if column is None:
            continue
        values = people[column].dropna().astype(str).map(lambda v: french.fold(v).lower())
        wanted = {french.fold(v).lower() for v in ref["modalites"].split("|")}
        n = len(values)
        low, high = ref["valeur_basse"], ref["valeur_haute"]
        shown = (
            french.percent(low)
            if low == high
            else f"{french.percent(low)[:-2]} à {french.percent(high)}"
        )
        rows.append(
            {
                "indicateur": ref["indicateur"],
                "colonne": column,
                "personnes (avec une réponse)": n,
                "part_structure": round(values.isin(wanted).mean(), 4)
                if n >= small_cell_threshold
                else float("nan"),
                "reference": shown,
                "reference_basse": low,
                "reference_haute": high,
                "public_de_reference": ref["public"],
                "source": ref["source"],
                "note_de_reference": ref["note_de_reference"],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def explain_reference_profile(comparison: pd.DataFrame) -> Reading:
    """Each share beside its reference, with the source and the caveat."""
    title = "Votre public et une population de référence"
    if comparison.empty:
        return Reading.of(
            [
                "Pas de chiffre de référence publié, dans les notes du projet, pour un public "
                "comparable au vôtre : rien à mettre en regard ici. Cherchez-en un (DARES, "
                "INSEE, observatoire de votre réseau) avant de dire que vous touchez « le bon "
                "public »."
            ],
            title=title,
        )
    lines = []
    for _, r in comparison.iterrows():
        n = french.plural(int(r["personnes (avec une réponse)"]), "personne", "personnes")
        if r["part_structure"] != r["part_structure"]:  # NaN: too few people
            lines.append(
                f"- {r['indicateur'].capitalize()} : trop peu de personnes renseignées ({n}) "
                f"pour une part ; référence {r['reference']} ({r['public_de_reference']})."
            )
            continue
        share = float(r["part_structure"])
        if share < r["reference_basse"]:
            where = "en dessous de"
        elif share > r["reference_haute"]:
            where = "au-dessus de"
        else:
            where = "dans l'ordre de"
        lines.append(
            f"- {r['indicateur'].capitalize()} : {french.percent(share)} de vos {n} "
            f"renseignées, {where} la référence de {r['reference']} chez les "
            f"{r['public_de_reference']} (source : {r['source']})."
        )
    lines.append(
        "C'est un repère de contexte, pas une preuve de représentativité : la population de "
        "référence n'a ni votre territoire, ni vos critères d'entrée, ni la même année."
    )
    return Reading.of(lines, title=title)

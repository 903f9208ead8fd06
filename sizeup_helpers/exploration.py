"""Step 09, what else the data says: hypotheses the structure had not tracked.

The clean, pseudonymised tables of step 05 hold more than the indicators: people who come
back, months that fill up, places that are reached or not. This module looks for such
patterns and states each one as a **hypothesis to confirm** with the collection tools of
steps 07 (questionnaire) and 08 (interviews), never as a proven effect: a pattern in
administrative data has many explanations (Avise, « Évaluer son impact social », on the
exploratory use of existing data; CSESS 2011 on attribution).

- :func:`repeat_participation`: rows per person (one visit, two, three or more), in people;
- :func:`monthly_activity`: rows and people per month of a date column (seasonality);
- :func:`reach_by_place`: people per commune (or postcode, department) with small cells
  hidden (:func:`sizeup_helpers.privacy.suppress_small_cells`);
- :func:`attendance_by_profile`: which profiles of the register come least often (drop out
  before the first session), small groups left unread;
- :func:`explain_exploration`: the hypotheses, in plain French;
- :func:`change_by_profile`: the mean paired change of each before/after score (step 09's
  comparisons) by profile (the register's or the answers' stable categories: age band,
  sex, QPV, level…), with the pairs per group; :func:`dropout_by_profile`: the share who
  abandoned, by profile, where a table says so (an ``abandon`` column);
  :func:`explain_profile_hypotheses` words each gap as a hypothesis, groups of fewer than
  ``small_cell_threshold`` people unread (differences between small groups are often
  chance: Avise, « Évaluer son impact social », on exploratory analyses; CSESS 2011 on
  attribution).

Only tables with a ``personne_id`` are read (people counted once), and only their
pseudonymised columns: nothing here can single a person out once the small cells are
hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import french
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

__all__ = [
    "MAX_PER_KIND",
    "PLACE_WORDS",
    "ABANDON_WORDS",
    "attendance_by_profile",
    "change_by_profile",
    "dropout_by_profile",
    "explain_exploration",
    "explain_profile_hypotheses",
    "monthly_activity",
    "reach_by_place",
    "repeat_participation",
]

PLACE_WORDS = ("commune", "ville", "code_postal", "cp", "departement", "territoire", "antenne")
"""Column names read as a place, in this order of preference (folded)."""

ABANDON_WORDS = ("abandon", "sortie_anticipee", "rupture")
"""A yes/no column whose folded name starts with one of these says a person dropped out."""

HYPOTHESIS = "Hypothèse à vérifier avec le questionnaire (07) ou les entretiens (08)"

MAX_PER_KIND = 3
"""At most this many hypotheses of each kind (tables read in order), so that the reading
stays short; the saved tables hold every figure."""


def _people_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {n: t for n, t in tables.items() if "personne_id" in t.columns and len(t)}


def repeat_participation(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How many people have 1, 2, or 3 rows or more, per table with a ``personne_id`` and
    without waves (a questionnaire's T0 and T1 are not a return).

    Columns ``table``, ``lignes_par_personne`` (« 1 », « 2 », « 3 et plus »),
    ``personnes``, ``part`` (over the table's people).
    """
    import pandas as pd

    rows = []
    from .quantitative import wave_column

    for name, frame in _people_tables(tables).items():
        if wave_column(frame) is not None:  # answering T0 and T1 is not coming back
            continue
        per = frame["personne_id"].dropna().value_counts()
        bands = per.clip(upper=3).map({1: "1", 2: "2", 3: "3 et plus"})
        counts = bands.value_counts().reindex(["1", "2", "3 et plus"], fill_value=0)
        for band, n in counts.items():
            rows.append(
                {
                    "table": name,
                    "lignes_par_personne": band,
                    "personnes": int(n),
                    "part": round(n / len(per), 4) if len(per) else float("nan"),
                }
            )
    return pd.DataFrame(rows, columns=["table", "lignes_par_personne", "personnes", "part"])


def monthly_activity(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and distinct people per month of each people table's first date column.

    Columns ``table``, ``colonne_date``, ``mois`` (« 2025-03 »), ``lignes``, ``personnes``.
    Rows without a date are left out.
    """
    import pandas as pd

    parts = []
    for name, frame in _people_tables(tables).items():
        dates = [c for c in frame.columns if str(frame[c].dtype).startswith("datetime")]
        if not dates:
            continue
        month = frame[dates[0]].dt.strftime("%Y-%m")
        grouped = frame.assign(mois=month).dropna(subset=["mois"]).groupby("mois")
        part = grouped.agg(lignes=("personne_id", "size"), personnes=("personne_id", "nunique"))
        parts.append(part.reset_index().assign(table=name, colonne_date=dates[0]))
    columns = ["table", "colonne_date", "mois", "lignes", "personnes"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def reach_by_place(
    tables: dict[str, pd.DataFrame], *, small_cell_threshold: int = 11
) -> pd.DataFrame:
    """Distinct people per place (commune, postcode…) of each people table, small cells
    hidden: columns ``table``, ``colonne``, ``lieu``, ``personnes`` (text: « < 11 » or
    « s » when hidden)."""
    import pandas as pd

    from .privacy import suppress_small_cells

    parts = []
    for name, frame in _people_tables(tables).items():
        folded = {french.fold_key(c, sep="_"): c for c in frame.columns}
        place = next((folded[w] for w in PLACE_WORDS if w in folded), None)
        if place is None:
            continue
        people = frame.dropna(subset=[place]).drop_duplicates("personne_id", keep="last")
        counts = people[place].astype(str).value_counts()
        if len(counts) < 2:
            continue
        table = counts.to_frame("personnes")
        table.loc["Total"] = counts.sum()
        shown = suppress_small_cells(table, small_cell_threshold).table
        parts.append(
            pd.DataFrame(
                {
                    "table": name,
                    "colonne": place,
                    "lieu": [str(x) for x in shown.index],
                    "personnes": shown["personnes"].astype(str).to_numpy(),
                }
            )
        )
    columns = ["table", "colonne", "lieu", "personnes"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def attendance_by_profile(
    ws: Workspace,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    small_cell_threshold: int = 11,
    max_levels: int = 8,
) -> pd.DataFrame:
    """For each short category of the register (QPV, situation, age band…), the people who
    came at least once (an attendance table's yes/no column), in people.

    Columns ``variable``, ``modalite``, ``personnes``, ``venues`` (people who came),
    ``part_venues``; a group under ``small_cell_threshold`` people keeps its row but its
    counts and share are left empty (neither published nor read). Empty without a register
    or an attendance table.
    """
    import pandas as pd

    from .clean_workspace import register_role
    from .reach import clean_tables, present_column

    tables = clean_tables(ws) if tables is None else tables
    columns = ["variable", "modalite", "personnes", "venues", "part_venues"]
    register = register_role(ws)
    attendance = next(
        (t for t in _people_tables(tables).values() if present_column(t) is not None), None
    )
    if register not in tables or "personne_id" not in tables[register] or attendance is None:
        return pd.DataFrame(columns=columns)
    came_col = present_column(attendance)
    came = set(attendance.loc[attendance[came_col].fillna(False).astype(bool), "personne_id"])
    people = tables[register].drop_duplicates("personne_id", keep="last")
    people = people.assign(_venu=people["personne_id"].isin(came))
    rows = []
    for c in people.columns:
        s = people[c]
        if c in ("personne_id", "_venu") or str(s.dtype).startswith("datetime"):
            continue
        if pd.api.types.is_float_dtype(s) or not 2 <= s.nunique() <= max_levels:
            continue
        for level, group in people.groupby(s.astype("object"), sort=True):
            n, k = len(group), int(group["_venu"].sum())
            small = n < small_cell_threshold or 0 < k < small_cell_threshold
            rows.append(
                {
                    "variable": c,
                    "modalite": str(level),
                    "personnes": None if small else n,
                    "venues": None if small else k,
                    "part_venues": None if small else round(k / n, 4),
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"personnes": "Int64", "venues": "Int64", "part_venues": "Float64"})


def explain_exploration(
    repeats: pd.DataFrame,
    monthly: pd.DataFrame,
    places: pd.DataFrame,
    profiles: pd.DataFrame | None = None,
) -> Reading:
    """Each pattern as a hypothesis to confirm with steps 07 and 08."""
    lines = []
    read = profiles.dropna(subset=["part_venues"]) if profiles is not None else None
    groups = list(read.groupby("variable", sort=False)) if read is not None else []
    for variable, rows in groups[: 2 * MAX_PER_KIND]:
        if len(rows) < 2:
            continue
        low, high = rows.loc[rows["part_venues"].idxmin()], rows.loc[rows["part_venues"].idxmax()]
        if high["part_venues"] - low["part_venues"] >= 0.1:
            lines.append(
                f"- Hypothèse : selon {french.quoted(variable)}, les personnes "
                f"{french.quoted(low['modalite'])} viennent moins souvent au moins une fois "
                f"({french.percent(float(low['part_venues']))} de "
                f"{french.plural(int(low['personnes']), 'personne', 'personnes')}) que les "
                f"personnes {french.quoted(high['modalite'])} "
                f"({french.percent(float(high['part_venues']))}) : un frein à l'accès à "
                "comprendre en entretien (08), pas une conclusion."
            )
    for name, rows in list(repeats.groupby("table", sort=False))[:MAX_PER_KIND]:
        again = rows.loc[rows["lignes_par_personne"] != "1", "personnes"].sum()
        total = rows["personnes"].sum()
        if total and 0 < again < total:
            lines.append(
                f"- Hypothèse : dans {french.quoted(name)}, "
                f"{french.plural(int(again), 'personne revient', 'personnes reviennent')} "
                f"(plus d'une ligne), soit {french.percent(again / total)} des "
                f"{french.plural(int(total), 'personne', 'personnes')} ; revenir peut "
                "signaler un besoin durable ou un lien créé : à demander en entretien (08)."
            )
    for name, rows in list(monthly.groupby("table", sort=False))[:MAX_PER_KIND]:
        rows = rows.sort_values("mois").tail(12)  # the last twelve months
        if len(rows) >= 3:
            top = rows.loc[rows["lignes"].idxmax()]
            low = rows.loc[rows["lignes"].idxmin()]
            lines.append(
                f"- Hypothèse : dans {french.quoted(name)}, le mois le plus chargé est "
                f"{top['mois']} ({french.plural(int(top['lignes']), 'ligne', 'lignes')}), le "
                f"plus creux {low['mois']} "
                f"({french.plural(int(low['lignes']), 'ligne', 'lignes')}) : "
                "un rythme saisonnier à vérifier avec l'équipe avant d'en tirer une conclusion."
            )
    for (name, _column), rows in list(places.groupby(["table", "colonne"], sort=False))[
        :MAX_PER_KIND
    ]:
        shown = rows[(rows["lieu"] != "Total") & rows["personnes"].str.isdigit()]
        if len(shown):
            first = shown.iloc[0]
            lines.append(
                f"- Hypothèse : dans {french.quoted(name)}, {french.quoted(first['lieu'])} "
                f"regroupe le plus de personnes ({first['personnes']}) ; les lieux moins "
                "touchés sont-ils moins informés ? À confirmer par le questionnaire (07)."
            )
    if not lines:
        return Reading.of(
            [
                "Rien à explorer de plus ici : aucune table propre avec des personnes "
                "(`personne_id`) à parcourir."
            ],
            title="Ce que les données suggèrent d'autre",
        )
    lines.append(
        "Ce sont des pistes, pas des effets démontrés : chacune se vérifie avec les outils "
        "de collecte des carnets 07 et 08."
    )
    return Reading.of(lines, title="Ce que les données suggèrent d'autre (hypothèses)")


def _profile_like(s: pd.Series, max_levels: int) -> bool:
    """A short category, text or yes/no column (not a number, a date or an ordered answer)."""
    import pandas as pd

    if isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered:
        return False
    if pd.api.types.is_bool_dtype(s):
        return s.nunique() == 2
    if pd.api.types.is_numeric_dtype(s) or str(s.dtype).startswith("datetime"):
        return False
    return 2 <= s.nunique() <= max_levels


def _register_people(ws: Workspace, tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    from .clean_workspace import register_role

    register = register_role(ws)
    if register not in tables or "personne_id" not in tables[register].columns:
        return None
    return tables[register].drop_duplicates("personne_id", keep="last")


CHANGE_COLUMNS = [
    "indicateur",
    "mesure",
    "vagues",
    "variable",
    "modalite",
    "paires (personnes)",
    "difference_moyenne (unités de la mesure, après moins avant)",
    "difference_moyenne_toutes_paires (unités de la mesure)",
]
"""The columns of :func:`change_by_profile`."""


def change_by_profile(
    ws: Workspace,
    analysis: Any,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    small_cell_threshold: int = 11,
    max_levels: int = 8,
) -> pd.DataFrame:
    """The mean paired change of each score comparison of ``analysis`` by profile.

    ``analysis`` is :func:`sizeup_helpers.quantitative.run_before_after`'s result; its
    score comparisons (not the yes/no ones) are paired again with the profile columns:
    the answers table's short categories and, when the respondent is ``personne_id``, the
    register's (suffixed « (registre) » when the name is taken). A column is a profile
    only if it has the same value at both waves for at least 90 % of the pairs (a trait,
    not an answer) and 2 to ``max_levels`` values. A group of fewer than
    ``small_cell_threshold`` pairs keeps its row with its count and mean left empty
    (neither published nor read). Missing values: a pair without the measure at one wave,
    or without the profile, is left out of that group.

    Columns :data:`CHANGE_COLUMNS`; empty when there is no score comparison.
    """
    import pandas as pd

    from . import before_after as ba
    from .quantitative import comparison_values
    from .reach import clean_tables

    tables = clean_tables(ws) if tables is None else tables
    people = _register_people(ws, tables)
    rows, seen = [], set()
    for plan in getattr(analysis, "comparisons", []):
        if plan.kind != "score" or plan.indicator in seen:
            continue
        seen.add(plan.indicator)
        frame = comparison_values(ws, plan, tables)
        skip = {plan.id, plan.wave, plan.measure, plan.date, *plan.items}
        profile = [
            c
            for c in frame.columns
            if c not in skip
            and not pd.api.types.is_bool_dtype(frame[c])  # a yes/no here is an answer
            and _profile_like(frame[c], max_levels)
        ]
        if people is not None and plan.id == "personne_id":
            extra = [
                c
                for c in people.columns
                if c != "personne_id" and _profile_like(people[c], max_levels)
            ]
            renamed = {c: f"{c} (registre)" if c in frame.columns else c for c in extra}
            register = people[["personne_id", *extra]].rename(columns=renamed)
            frame = frame.merge(register, on="personne_id", how="left")
            profile += list(renamed.values())
        if not profile:
            continue
        paired = ba.pair_waves(
            frame,
            id=plan.id,
            wave=plan.wave,
            before=plan.before,
            after=plan.after,
            columns=[plan.measure, *profile],
            date=plan.date,
        )
        pairs = paired.pairs
        after = pd.to_numeric(pairs[f"{plan.measure}_apres"], errors="coerce").astype(float)
        before = pd.to_numeric(pairs[f"{plan.measure}_avant"], errors="coerce").astype(float)
        pairs = pairs.assign(_diff=after - before).dropna(subset=["_diff"])
        overall = round(float(pairs["_diff"].mean()), 4) if len(pairs) else float("nan")
        for c in profile:
            b, a = pairs[f"{c}_avant"].astype("object"), pairs[f"{c}_apres"].astype("object")
            known = b.notna() & a.notna()
            if not known.any() or (b[known] == a[known]).mean() < 0.9:
                continue
            for level, d in pairs.loc[b.notna(), "_diff"].groupby(b[b.notna()], sort=True):
                small = len(d) < small_cell_threshold
                rows.append(
                    {
                        "indicateur": plan.indicator,
                        "mesure": plan.measure,
                        "vagues": f"{plan.before} → {plan.after}",
                        "variable": c,
                        "modalite": str(level),
                        CHANGE_COLUMNS[5]: None if small else len(d),
                        CHANGE_COLUMNS[6]: None if small else round(float(d.mean()), 4),
                        CHANGE_COLUMNS[7]: overall,
                    }
                )
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return out.astype({CHANGE_COLUMNS[5]: "Int64", CHANGE_COLUMNS[6]: "Float64"})


DROPOUT_COLUMNS = [
    "table",
    "colonne_abandon",
    "variable",
    "modalite",
    "personnes",
    "abandons",
    "part_abandons",
]
"""The columns of :func:`dropout_by_profile` (counts in people)."""


def dropout_by_profile(
    ws: Workspace,
    tables: dict[str, pd.DataFrame] | None = None,
    *,
    small_cell_threshold: int = 11,
    max_levels: int = 8,
) -> pd.DataFrame:
    """For each people table with a yes/no dropout column (:data:`ABANDON_WORDS`), the
    people who dropped out by profile (the table's and the register's short categories).

    Each person's last row counts; a person whose dropout is unknown is left out. A group
    of fewer than ``small_cell_threshold`` people keeps its row with its counts and share
    left empty (not read). This is a working table for hypotheses: before publishing it,
    hide the dropout counts under the threshold too
    (:func:`sizeup_helpers.privacy.suppress_small_cells`).
    Columns :data:`DROPOUT_COLUMNS`; empty when no table says who dropped out.
    """
    import pandas as pd

    from .reach import clean_tables

    tables = clean_tables(ws) if tables is None else tables
    register = _register_people(ws, tables)
    rows = []
    for name, frame in _people_tables(tables).items():
        folded = {french.fold_key(c, sep="_"): c for c in frame.columns}
        flag = next(
            (
                c
                for f, c in folded.items()
                if f.startswith(ABANDON_WORDS) and pd.api.types.is_bool_dtype(frame[c])
            ),
            None,
        )
        if flag is None:
            continue
        people = frame.dropna(subset=[flag]).drop_duplicates("personne_id", keep="last")
        if register is not None and register is not frame:
            extra = [c for c in register.columns if c not in people.columns]
            people = people.merge(register[["personne_id", *extra]], on="personne_id", how="left")
        for c in people.columns:
            words = french.fold_key(c, sep="_")
            if c in ("personne_id", flag) or words.startswith(("abandon", "motif")):
                continue
            if not _profile_like(people[c], max_levels):
                continue
            for level, group in people.groupby(people[c].astype("object"), sort=True):
                n, k = len(group), int(group[flag].astype(bool).sum())
                small = n < small_cell_threshold
                rows.append(
                    {
                        "table": name,
                        "colonne_abandon": flag,
                        "variable": c,
                        "modalite": str(level),
                        "personnes": None if small else n,
                        "abandons": None if small else k,
                        "part_abandons": None if small else round(k / n, 4),
                    }
                )
    out = pd.DataFrame(rows, columns=DROPOUT_COLUMNS)
    return out.astype({"personnes": "Int64", "abandons": "Int64", "part_abandons": "Float64"})


def explain_profile_hypotheses(changes: pd.DataFrame, dropouts: pd.DataFrame) -> Reading:
    """Which profiles seem to change most, or drop out most: each a hypothesis to verify,
    with the groups' sizes and the warning that gaps between small groups are often chance.
    """
    title = "Profils qui changent le plus ou abandonnent le plus (hypothèses)"
    lines = []
    n_col, d_col = CHANGE_COLUMNS[5], CHANGE_COLUMNS[6]
    read = changes.dropna(subset=[d_col])
    for (indicator, waves), rows in list(read.groupby(["indicateur", "vagues"], sort=False)):
        best = None
        for variable, group in rows.groupby("variable", sort=False):
            if len(group) < 2:
                continue
            low, high = group.loc[group[d_col].idxmin()], group.loc[group[d_col].idxmax()]
            gap = float(high[d_col] - low[d_col])
            if best is None or gap > best[0]:
                best = (gap, variable, low, high)
        if best is None:
            continue
        _, variable, low, high = best
        lines.append(
            f"- {HYPOTHESIS} : pour l'indicateur {indicator} ({waves}), selon "
            f"{french.quoted(variable)}, le changement moyen (après moins avant) va de "
            f"{_signed(low[d_col])} pour {french.quoted(low['modalite'])} "
            f"({french.plural(int(low[n_col]), 'paire', 'paires')}) à "
            f"{_signed(high[d_col])} pour {french.quoted(high['modalite'])} "
            f"({french.plural(int(high[n_col]), 'paire', 'paires')})."
        )
    read = dropouts.dropna(subset=["part_abandons"])
    for (table, variable), rows in list(read.groupby(["table", "variable"], sort=False)):
        if len(rows) < 2 or len(lines) >= 2 * MAX_PER_KIND:
            continue
        low = rows.loc[rows["part_abandons"].idxmin()]
        high = rows.loc[rows["part_abandons"].idxmax()]
        if high["part_abandons"] - low["part_abandons"] < 0.1:
            continue
        lines.append(
            f"- {HYPOTHESIS} : dans {french.quoted(table)}, selon {french.quoted(variable)}, "
            f"les personnes {french.quoted(high['modalite'])} abandonnent plus souvent "
            f"({french.percent(float(high['part_abandons']))} de "
            f"{french.plural(int(high['personnes']), 'personne', 'personnes')}) que les "
            f"personnes {french.quoted(low['modalite'])} "
            f"({french.percent(float(low['part_abandons']))} de "
            f"{french.plural(int(low['personnes']), 'personne', 'personnes')})."
        )
    if not lines:
        return Reading.of(
            [
                "Rien à lire par profil : pas d'avant/après relié à un profil stable (âge, "
                "sexe, QPV, niveau…) ni de colonne d'abandon, ou aucun groupe d'au moins "
                "le seuil des petits effectifs à comparer."
            ],
            title=title,
        )
    lines.append(
        "Entre de petits groupes, un écart de cette taille est souvent dû au hasard : ce sont "
        "des pistes, pas des effets démontrés ; le profil n'est pas la cause."
    )
    return Reading.of(lines, title=title)


def _signed(x: Any) -> str:
    return ("+" if float(x) > 0 else "") + french.decimal(float(x), 2)

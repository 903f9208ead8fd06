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
- :func:`explain_exploration`: the hypotheses, in plain French.

Only tables with a ``personne_id`` are read (people counted once), and only their
pseudonymised columns: nothing here can single a person out once the small cells are
hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import french
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PLACE_WORDS",
    "explain_exploration",
    "monthly_activity",
    "reach_by_place",
    "repeat_participation",
]

PLACE_WORDS = ("commune", "ville", "code_postal", "cp", "departement", "territoire", "antenne")
"""Column names read as a place, in this order of preference (folded)."""


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


def explain_exploration(
    repeats: pd.DataFrame, monthly: pd.DataFrame, places: pd.DataFrame
) -> Reading:
    """Each pattern as a hypothesis to confirm with steps 07 and 08."""
    lines = []
    for name, rows in repeats.groupby("table", sort=False):
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
    for name, rows in monthly.groupby("table", sort=False):
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
    for (name, _column), rows in places.groupby(["table", "colonne"], sort=False):
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

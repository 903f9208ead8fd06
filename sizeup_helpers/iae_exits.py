"""Exits from work-integration structures (IAE): categories, counting rules, rates.

A structure of the *insertion par l'activité économique* (SIAE: ACI, EI, AI, ETTI) reports
its exits in official categories. The definitions followed here:

- **What counts as an exit** (Plateforme de l'inclusion, « Les sorties dynamiques dans
  l'IAE », communaute.inclusion.beta.gouv.fr): the person signed a work contract with the
  SIAE, stayed a minimum time or worked a minimum number of hours, and is no longer under
  contract with it.
- **Sorties dynamiques** (same source), three categories: *emploi durable* (CDI, CDD or
  interim of 6 months and more, stage or titularisation in the public service, creating a
  business), *emploi de transition* (CDD or interim under 6 months, contrat aidé with a
  mainstream employer), *sorties positives* (pre-qualifying or qualifying training, hiring
  by another SIAE). *Autres sorties* (unemployed, inactive, no news) stay in the
  denominator.
- **Retrait des sorties constatées**: the ASP category of exits withdrawn from the rates
  (retirement, dismissal for serious misconduct, administrative or court decision,
  transfer of employer, automatic exit), filtered out of the official indicators of the
  pilotage pipeline (gip-inclusion/pilotage-airflow, dbt models), which also keep **the
  latest exit per person** and count ACI/EI exits only after **3 months** with hours
  worked (AI/ETTI: **150 hours**).

The raw situation → category mapping is a table a coach can edit,
``sizeup_helpers/data/categories-sorties-iae.csv`` (``situation;categorie;source``), one
source per row; :func:`exit_categories` reads it. A situation missing from it is placed
« À classer » and listed, never dropped. The ASP labels' attachment to « Retrait des sorties
constatées » follows the sample ``insertion-transport`` (modelled on the ASP tables); the
project's reference notes do not verify that death, long sickness or moving are withdrawn
(« sorties neutres », marked unverified), so those situations are not in the table: they
come out « À classer » until a coach adds a row with its source.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SizeUpError, check_columns
from .french import fold_key, integer, percent, plural, quoted_list
from .reading import Reading

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

EMPLOI_DURABLE = "Emploi durable"
EMPLOI_TRANSITION = "Emploi de transition"
SORTIES_POSITIVES = "Sorties positives"
AUTRES_SORTIES = "Autres sorties"
RETRAIT = "Retrait des sorties constatées"
A_CLASSER = "À classer"
#: a table row whose category depends on the length of the job (CDD, intérim)
SELON_DUREE = "selon la durée"
#: the four categories of the rates' denominator, in reporting order
COUNTED_CATEGORIES = (EMPLOI_DURABLE, EMPLOI_TRANSITION, SORTIES_POSITIVES, AUTRES_SORTIES)
#: emploi durable + emploi de transition + sorties positives
DYNAMIC_CATEGORIES = COUNTED_CATEGORIES[:3]
CATEGORIES = (*COUNTED_CATEGORIES, RETRAIT)

#: the mapping table shipped in the package (editable, one source per row)
CATEGORY_TABLE = Path(__file__).parent / "data" / "categories-sorties-iae.csv"

#: DARES national figures (exits of 2021, situation six months later; DARES, « Quelle
#: situation professionnelle après un parcours en insertion par l'activité économique ? »,
#: January 2024): share in employment, overall, for RSA beneficiaries, in Hauts-de-France,
#: and the share of ACI leavers in emploi durable (CDI or CDD of 6 months or more).
DARES_EMPLOI_6_MOIS = 0.45
DARES_EMPLOI_6_MOIS_RSA = 0.36
DARES_EMPLOI_6_MOIS_HAUTS_DE_FRANCE = 0.39
DARES_EMPLOI_DURABLE_ACI = 0.19
DARES_SOURCE = (
    "DARES, « Quelle situation professionnelle après un parcours en insertion par "
    "l'activité économique ? », janvier 2024 (sorties de 2021)"
)

PEOPLE = "effectif (personnes)"
SHARE = "part des sorties comptées"
COLUMNS = ("personne", "situation", "date_sortie", "duree_jours", "heures", "categorie")


def exit_categories(path: str | Path | None = None) -> list[dict[str, str]]:
    """The situation → category table: one dict per row (``situation``, ``categorie``,
    ``source``), read from ``path`` or the package's :data:`CATEGORY_TABLE`.

    Raises a French :class:`SizeUpError` on an unknown category or a row without source.
    """
    path = Path(path) if path is not None else CATEGORY_TABLE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    allowed = (*CATEGORIES, SELON_DUREE)
    for k, row in enumerate(rows, start=2):
        if row.get("categorie") not in allowed:
            raise SizeUpError(
                f"Table des sorties {path.name}, ligne {k} : la catégorie "
                f"« {row.get('categorie')} » n'est pas l'une de {quoted_list(allowed)}."
            )
        if not (row.get("source") or "").strip():
            raise SizeUpError(f"Table des sorties {path.name}, ligne {k} : la source manque.")
    return rows


def _dates(frame: pd.DataFrame, column: str, what: str) -> pd.Series:
    """A column as dates (day first); French error when no filled value is a date."""
    import pandas as pd

    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype("string").str.strip().replace("", pd.NA)
    parsed = pd.to_datetime(text, dayfirst=True, errors="coerce", format="mixed")
    filled = text.notna()
    if filled.any() and parsed[filled].isna().all():
        raise SizeUpError(
            f"`classify_exits` : la colonne « {column} » ({what}) ne contient aucune date "
            f"lisible (par exemple {quoted_list(text[filled].unique()[:3])}) ; attendu "
            "JJ/MM/AAAA."
        )
    return parsed


def classify_exits(
    exits: pd.DataFrame,
    *,
    situation: str,
    person: str,
    date: str,
    start: str | None = None,
    hours: str | None = None,
    job_months: str | None = None,
    period: tuple[Any, Any] | None = None,
    min_days: int | None = 90,
    min_hours: float | None = None,
    boundary_months: float = 6,
    boundary_is_durable: bool = True,
    table: str | Path | None = None,
    latest_only: bool = True,
) -> pd.DataFrame:
    """One row per person who left: the official category and the rule that placed it.

    Rules, in this order (the order of the official pilotage pipeline,
    gip-inclusion/pilotage-airflow): exits outside ``period`` are left out; **the latest
    exit per person** is kept (same day: the last row of the table); its situation is
    looked up in the category table (:func:`exit_categories`); « Retrait des sorties
    constatées » is kept apart (excluded from the rates); then the minimum time and hours.
    Rows with neither situation nor exit date are contracts still running, not exits.

    Parameters
    ----------
    exits
        One row per exit or per contract (the ASP « contrats » export).
    situation, person, date
        Columns of the exit situation (motif), the person (PASS IAE number: one person may
        have several employee records) and the exit date.
    start
        Column of the date of first hiring: the time in the structure is ``date − start``.
    hours
        Column of hours worked in the structure (summed per person beforehand).
    job_months
        Column of the length in months of the job taken, used for the table's rows
        « selon la durée » (CDD, intérim without their length).
    period
        ``(first day, last day)`` of the reference period, inclusive (e.g. the year).
    min_days
        Minimum time in the structure for an exit to count: 90 days between ``start`` and
        the exit, the 3 months of the ACI/EI rule (pilotage-airflow counts 3 months worked
        or a pathway of 3 months, depending on the model), as the sample's truth counts it;
        ``None`` for AI/ETTI, which use hours.
    min_hours
        Minimum hours worked: ``None`` asks only for hours > 0 when ``hours`` is given
        (ACI/EI rule); 150 for AI/ETTI (pilotage-airflow).
    boundary_months, boundary_is_durable
        The boundary between emploi durable and emploi de transition: 6 months; a job of
        exactly 6 months is durable by default, as the ASP label « d'une durée de 6 mois et
        plus » and the DARES « CDD de 6 mois ou plus » say (the Plateforme de l'inclusion
        writes « plus de 6 mois »: set ``boundary_is_durable=False`` to follow it).
    table
        Another category table (same columns as :data:`CATEGORY_TABLE`).
    latest_only
        Keep only the latest exit of each person (the official rule, default). ``False``
        keeps every exit of the period, to see what the rule changes: :func:`exit_rates`
        then counts exits (lignes), not people.

    Returns
    -------
    pandas.DataFrame
        Columns ``personne, situation, date_sortie, duree_jours, heures, categorie,
        comptee, regle``; ``attrs["avertissements"]`` lists French warnings (missing
        dates, same-day exits, unknown situations), ``attrs["sorties_lues"]`` and
        ``attrs["sorties_anterieures"]`` count exits (lignes) read and set aside.
    """
    import pandas as pd

    if not isinstance(exits, pd.DataFrame):
        raise SizeUpError(
            "`classify_exits` attend un tableau (DataFrame) des sorties, "
            f"pas {type(exits).__name__}."
        )
    named = [c for c in (situation, person, date, start, hours, job_months) if c is not None]
    check_columns(exits, named, "classify_exits")
    if min_days is not None and min_days < 0:
        raise SizeUpError("`classify_exits` : `min_days` doit être positif ou nul.")
    warnings: list[str] = []
    rows = exits.copy()
    rows["_ordre"] = range(len(rows))
    rows["_date"] = _dates(rows, date, "date de sortie")
    rows["_situation"] = rows[situation].astype("string").str.strip().replace("", pd.NA)
    is_exit = rows["_situation"].notna() | rows["_date"].notna()
    anonymous = int((is_exit & rows[person].isna()).sum())
    if anonymous:
        warnings.append(
            f"{plural(anonymous, 'sortie', 'sorties')} sans personne (colonne « {person} » "
            "vide) : mises de côté, à compléter."
        )
    rows = rows[is_exit & rows[person].notna()]
    read = len(rows)
    undated = rows[rows["_date"].isna()]
    if len(undated):
        warnings.append(
            f"{plural(len(undated), 'sortie', 'sorties')} sans date de sortie lisible "
            f"({plural(undated[person].nunique(), 'personne', 'personnes')}) : "
            "mises de côté, à compléter."
        )
    rows = rows[rows["_date"].notna()]
    if period is not None:
        first, last = (pd.Timestamp(p) for p in period)
        rows = rows[(rows["_date"] >= first) & (rows["_date"] <= last)]
    rows = rows.sort_values(["_date", "_ordre"])
    same_day = rows.duplicated([person, "_date"], keep=False) & rows.duplicated(person, keep=False)
    latest = rows.drop_duplicates(person, keep="last") if latest_only else rows
    if same_day.any():
        clash = rows.loc[same_day, person].nunique()
        if latest[person].isin(rows.loc[same_day, person]).any():
            warnings.append(
                f"{plural(clash, 'personne a', 'personnes ont')} deux sorties le même jour : "
                "la dernière ligne du tableau est retenue."
            )

    lookup: dict[str, dict[str, str]] = {}
    for row in exit_categories(table):
        lookup.setdefault(fold_key(row["situation"]), row)
    out = pd.DataFrame(
        {
            "personne": latest[person].to_numpy(),
            "situation": latest["_situation"].to_numpy(),
            "date_sortie": latest["_date"].to_numpy(),
        }
    )
    if start is not None:
        begun = _dates(latest, start, "date d'entrée")
        out["duree_jours"] = (latest["_date"] - begun).dt.days.to_numpy()
    else:
        out["duree_jours"] = pd.NA
    if hours is not None:
        worked = latest[hours]
        if not pd.api.types.is_numeric_dtype(worked):
            worked = pd.to_numeric(
                worked.astype("string").str.replace(",", ".", regex=False).str.strip(),
                errors="coerce",
            )
        out["heures"] = worked.to_numpy()
    else:
        out["heures"] = pd.NA
    months = latest[job_months].to_numpy() if job_months is not None else None

    categories, counted, rules = [], [], []
    unknown: list[str] = []
    for k, item in enumerate(out.itertuples(index=False)):
        found = None if pd.isna(item.situation) else lookup.get(fold_key(item.situation))
        if found is None:
            label = "situation vide" if pd.isna(item.situation) else quoted_list([item.situation])
            if not pd.isna(item.situation):
                unknown.append(str(item.situation))
            categories.append(A_CLASSER)
            counted.append(False)
            rules.append(f"{label} absente de la table des catégories : à classer")
            continue
        category = found["categorie"]
        rule = f"« {found['situation']} » → {category} ({found['source']})"
        if category == SELON_DUREE:
            length = pd.to_numeric(months[k], errors="coerce") if months is not None else None
            if length is None or pd.isna(length):
                categories.append(A_CLASSER)
                counted.append(False)
                rules.append(f"« {found['situation']} » sans durée du contrat : à classer")
                unknown.append(str(item.situation))
                continue
            durable = length >= boundary_months if boundary_is_durable else length > boundary_months
            category = EMPLOI_DURABLE if durable else EMPLOI_TRANSITION
            sign = ("≥" if durable else "<") if boundary_is_durable else (">" if durable else "≤")
            rule = (
                f"« {found['situation']} » de {length:g} mois ({sign} {boundary_months:g} mois)"
                f" → {category} ({found['source']})"
            )
        categories.append(category)
        if category == RETRAIT:
            counted.append(False)
            rules.append(rule + " ; retrait : exclue des taux")
            continue
        ok, why = True, ""
        if min_days is not None and start is not None:
            if pd.isna(item.duree_jours):
                ok, why = False, "date d'entrée manquante : durée minimale non vérifiable"
            elif item.duree_jours < min_days:
                ok, why = False, f"parcours de {item.duree_jours} jours, moins de {min_days}"
        if ok and hours is not None:
            worked_h = item.heures
            if pd.isna(worked_h):
                ok, why = False, "aucune heure enregistrée"
            elif min_hours is None and worked_h <= 0:
                ok, why = False, "aucune heure travaillée"
            elif min_hours is not None and worked_h < min_hours:
                ok, why = False, f"{worked_h:g} heures travaillées, moins de {min_hours:g}"
        counted.append(ok)
        rules.append(rule if ok else f"{rule} ; non comptée : {why}")
    out["categorie"] = categories
    out["comptee"] = counted
    out["regle"] = rules
    missing_start = sum("date d'entrée manquante" in rule for rule in rules)
    if missing_start:
        warnings.append(
            f"{plural(missing_start, 'personne', 'personnes')} sans date d'entrée lisible : "
            "sortie non comptée, à compléter."
        )
    if unknown:
        distinct = sorted(set(unknown))
        warnings.append(
            f"{plural(len(unknown), 'personne', 'personnes')} à classer, "
            f"{plural(len(distinct), 'situation inconnue', 'situations inconnues')} de la "
            f"table : {quoted_list(distinct)}. Ajoutez une ligne à la table des catégories."
        )
    out.attrs["avertissements"] = warnings
    out.attrs["a_classer"] = sorted(set(unknown))
    out.attrs["sorties_lues"] = read
    out.attrs["sorties_anterieures"] = len(rows) - len(latest)
    out.attrs["une_sortie_par_personne"] = latest_only
    return out


def exit_rates(classified: pd.DataFrame | None) -> pd.DataFrame | None:
    """Counts (in people) and shares of each category, as the official rates define them.

    The denominator is the **counted exits** (the four categories emploi durable, emploi de
    transition, sorties positives, autres sorties, after the minimum time and hours):
    « Retrait des sorties constatées » is excluded from it, as in the official pilotage
    indicators (gip-inclusion/pilotage-airflow), and so are exits too short and those « À
    classer ». Rows: the four categories, « Sorties dynamiques » (the first three, Plateforme
    de l'inclusion), « Sorties comptées »; then, outside the denominator, the retraits, the
    exits too short and the exits to classify.
    """
    import pandas as pd

    if classified is None:
        return None
    check_columns(classified, ["personne", "categorie", "comptee"], "exit_rates")
    by_person = classified.attrs.get("une_sortie_par_personne", True)

    def n(frame: pd.DataFrame) -> int:
        return int(frame["personne"].nunique()) if by_person else len(frame)

    kept = classified[classified["comptee"].astype(bool)]
    total = n(kept)
    counts = {c: n(kept[kept["categorie"] == c]) for c in COUNTED_CATEGORIES}
    dynamic = sum(counts[c] for c in DYNAMIC_CATEGORIES)
    left = classified[~classified["comptee"].astype(bool)]
    retraits = n(left[left["categorie"] == RETRAIT])
    todo = n(left[left["categorie"] == A_CLASSER])
    short = n(left[~left["categorie"].isin([RETRAIT, A_CLASSER])])
    index = [*COUNTED_CATEGORIES, "Sorties dynamiques", "Sorties comptées"]
    values = [*(counts[c] for c in COUNTED_CATEGORIES), dynamic, total]
    out = pd.DataFrame({PEOPLE: values}, index=pd.Index(index, name="categorie"))
    out[SHARE] = [v / total if total else float("nan") for v in values]
    outside = pd.DataFrame(
        {PEOPLE: [retraits, short, todo], SHARE: [float("nan")] * 3},
        index=pd.Index([RETRAIT, "Non comptées (durée ou heures)", A_CLASSER], name="categorie"),
    )
    out = pd.concat([out, outside])
    out["dans le dénominateur"] = [True] * 6 + [False] * 3
    out.attrs["a_classer"] = list(classified.attrs.get("a_classer", []))
    out.attrs["avertissements"] = list(classified.attrs.get("avertissements", []))
    out.attrs["une_sortie_par_personne"] = by_person
    return out


def _publishable(counts: dict[str, int], hidden: set[str], part: tuple[str, ...]) -> bool:
    """Whether the sum of ``part`` reveals no hidden cell: all its cells are shown, or all
    the other counted categories are (then it is the total minus shown cells)."""
    rest = [c for c in COUNTED_CATEGORIES if c not in part]
    return not (hidden & set(part)) or not (hidden & set(rest))


def explain_exit_rates(rates: pd.DataFrame | None, *, threshold: int = 11) -> Reading:
    """« Ce que cela veut dire pour vous » on :func:`exit_rates`, ready to publish.

    Counts under ``threshold`` people (11, the small-numbers rule used in France for data on
    persons, see :func:`sizeup_helpers.privacy.suppress_small_cells`) are hidden with their
    share, with secondary suppression; a sum is said only when it reveals no hidden count.
    The DARES national figures (:data:`DARES_SOURCE`) are given as context, not attribution.
    The reading's table is the suppressed one.
    """
    import pandas as pd

    from .privacy import suppress_small_cells

    if rates is None:
        return Reading.of(
            [
                "Cette section ne s'applique pas à votre structure : aucune de vos tables "
                "propres ne décrit des sorties de parcours d'insertion (motif et date de "
                "sortie, comme l'export des contrats de l'ASP). Les taux de sorties de l'IAE "
                "ne concernent que les structures d'insertion par l'activité économique."
            ],
            title="Sorties de l'IAE",
        )
    check_columns(rates, [PEOPLE, SHARE], "explain_exit_rates")
    counts = {c: int(rates.at[c, PEOPLE]) for c in COUNTED_CATEGORIES}
    total = int(rates.at["Sorties comptées", PEOPLE])
    grid = pd.DataFrame([[*counts.values(), total]], columns=[*COUNTED_CATEGORIES, "Total"])
    grid.index = ["Sorties comptées"]
    suppressed = suppress_small_cells(grid, threshold)
    hidden = {c for c in COUNTED_CATEGORIES if bool(suppressed.mask.at["Sorties comptées", c])}
    title = "Sorties de la période : ce que cela veut dire pour vous"
    lines: list[str] = []
    todo = int(rates.at[A_CLASSER, PEOPLE])
    retraits = int(rates.at[RETRAIT, PEOPLE])
    short = int(rates.at["Non comptées (durée ou heures)", PEOPLE])

    def said(n: int) -> str:
        return (
            f"moins de {integer(threshold)} personnes"
            if 0 < n < threshold
            else plural(n, "personne", "personnes")
        )

    if total == 0:
        lines.append(
            "**Aucune sortie comptée** sur la période : pas de taux à calculer. Vérifiez la "
            "période, la table des sorties et les durées minimales."
        )
    else:
        lines.append(
            f"**{plural(total, 'sortie comptée', 'sorties comptées')}** "
            + (
                "(en personnes, la dernière sortie de chacune)"
                if rates.attrs.get("une_sortie_par_personne", True)
                else "(toutes les sorties de la période, une personne pouvant compter deux "
                "fois : les taux officiels ne gardent que sa dernière sortie)"
            )
            + " : c'est le dénominateur des taux."
        )
        for c in COUNTED_CATEGORIES:
            shown = said(counts[c]) if c in hidden else plural(counts[c], "personne", "personnes")
            share = "" if c in hidden else f", soit {percent(counts[c] / total)}"
            if c in hidden and counts[c] >= threshold:
                shown = "nombre masqué pour protéger une petite case"
            lines.append(f"- {c} : {shown}{share}.")
        if _publishable(counts, hidden, DYNAMIC_CATEGORIES):
            dynamic = sum(counts[c] for c in DYNAMIC_CATEGORIES)
            lines.append(
                f"**Sorties dynamiques** (emploi durable, de transition et sorties positives) : "
                f"{plural(dynamic, 'personne', 'personnes')}, soit {percent(dynamic / total)}."
            )
        if hidden:
            lines.append(
                f"Les nombres sous {integer(threshold)} personnes sont masqués dans ce qui "
                "serait publié (règle des petits effectifs), avec une case de plus si le total "
                "permettait de les retrouver."
            )
    if retraits:
        lines.append(
            f"{said(retraits).capitalize()} en « {RETRAIT} » (retraite, faute grave, "
            "décision administrative…) : hors du dénominateur, comme le veut la définition "
            "officielle."
        )
    if short:
        lines.append(
            f"{said(short).capitalize()} sorties trop tôt (durée ou heures sous le minimum) : "
            "non comptées."
        )
    if todo:
        names = quoted_list(rates.attrs.get("a_classer", []), 5)
        lines.append(
            f"**{said(todo).capitalize()} à classer** : situation absente de la table des "
            f"catégories ({names}). Complétez la table avant de publier."
        )
    # The national figures at hand are situations six months after the exit (DARES): they
    # belong beside the structure's own 6-month follow-up (step 09), never beside its
    # exit-time categories, and no exit-time national figure for the same kind of structure
    # is in the reference notes: the exit-time shares are compared with nothing.
    lines.append(
        f"Pour situer : d'après la {DARES_SOURCE}, {percent(DARES_EMPLOI_6_MOIS, 0)} des "
        f"sortants étaient en emploi six mois après ({percent(DARES_EMPLOI_6_MOIS_RSA, 0)} des "
        f"bénéficiaires du RSA, {percent(DARES_EMPLOI_6_MOIS_HAUTS_DE_FRANCE, 0)} en "
        f"Hauts-de-France) et {percent(DARES_EMPLOI_DURABLE_ACI, 0)} des sortants d'ACI en "
        "emploi durable six mois après. Ces chiffres décrivent la situation **six mois après** "
        "la sortie : ils se comparent à votre propre enquête à six mois (carnet 09), **pas** "
        "aux catégories ci-dessus, qui décrivent la situation le jour de la sortie. Aucun "
        "chiffre national à la sortie pour votre type de structure n'est disponible ici : "
        "comparez vos parts d'une année sur l'autre. Et même à six mois, c'est un contexte, "
        "pas une attribution : un écart dit autant le public accueilli, le territoire et le "
        "marché du travail que l'action de la structure."
    )
    return Reading.of(lines, title=title, table=suppressed.table)


# --------------------------------------------------------------------------------------
# The workspace's exits (step 06) and the published table
# --------------------------------------------------------------------------------------
EXITS_FILE = "sorties-iae.csv"
"""The published exit table of step 06, in ``ws.step_dir("06")``."""

#: The columns of the ASP export of contracts and employees (extranet IAE 2.0) that
#: :func:`workspace_exits` reads by default; a structure names its own with the keywords.
ASP_COLUMNS = {
    "key": "id_salarie",
    "situation": "motif_sortie",
    "date": "date_sortie_definitive",
    "start": "date_premiere_embauche",
    "hours": "nb_heures_travail",
}


def workspace_exits(
    ws: Any,
    exits_table: str = "contrats",
    *,
    people_table: str = "salaries",
    hours_table: str = "heures",
    key: str = ASP_COLUMNS["key"],
    situation: str = ASP_COLUMNS["situation"],
    date: str = ASP_COLUMNS["date"],
    start: str = ASP_COLUMNS["start"],
    hours: str = ASP_COLUMNS["hours"],
) -> pd.DataFrame | None:
    """The exits of a work-integration structure, from its clean tables (step 05).

    One row per contract of ``exits_table`` (its ``situation`` and exit ``date``), with
    the person (``personne_id``: one per PASS IAE, after step 05's pseudonymisation) and
    the date of first hiring taken from every record of ``people_table``, and the hours of
    ``hours_table`` summed by employee record (column ``heures``, 0 when none).

    Returns
    -------
    pandas.DataFrame or None
        ``None`` when the structure has no such table (or it has no exit situation and
        date columns): the IAE rates do not apply to it. The decision rests on the
        declared table, never on the structure's name.
    """
    import pandas as pd

    from .clean_workspace import load_clean_table
    from .errors import CleanWorkspaceError

    if not exits_table:
        return None
    try:
        exits = load_clean_table(ws, exits_table)
    except CleanWorkspaceError:
        return None
    if not {situation, date, key} <= set(exits.columns):
        return None
    frame = exits.copy()
    people = None
    for role in (f"{people_table}-toutes-les-lignes", people_table):
        try:
            people = load_clean_table(ws, role)
            break
        except CleanWorkspaceError:
            continue
    if people is not None and key in people.columns:
        wanted = [c for c in (key, "personne_id", start) if c in people.columns]
        frame = frame.merge(people[wanted].drop_duplicates(key), on=key, how="left")
    if "personne_id" not in frame.columns:
        frame["personne_id"] = frame[key]
    try:
        worked = load_clean_table(ws, hours_table)
    except CleanWorkspaceError:
        worked = None
    if worked is not None and {key, hours} <= set(worked.columns):
        total = pd.to_numeric(worked[hours], errors="coerce").groupby(worked[key]).sum()
        frame = frame.merge(total.rename("heures"), left_on=key, right_index=True, how="left")
        frame["heures"] = frame["heures"].fillna(0)
    frame.attrs["colonnes"] = {"situation": situation, "date": date, "start": start}
    return frame


def classify_workspace_exits(
    ws: Any,
    exits_table: str = "contrats",
    *,
    period: tuple[Any, Any] | None = None,
    min_days: int | None = 90,
    min_hours: float | None = None,
    boundary_months: float = 6,
    latest_only: bool = True,
) -> pd.DataFrame | None:
    """:func:`classify_exits` on :func:`workspace_exits`, with the counting rules given.

    ``period`` (first and last day; ``None`` or empty texts) defaults to the evaluation's
    period (scope of step 03), else every exit is read. ``min_hours`` of 0 or ``None``
    asks only for some hours worked (ACI/EI rule). ``None`` when the structure has no IAE
    exits table.
    """
    exits = workspace_exits(ws, exits_table)
    if exits is None:
        return None
    if period is None or not all(period):
        period = _scope_period(ws)
    names = exits.attrs["colonnes"]
    return classify_exits(
        exits,
        situation=names["situation"],
        person="personne_id",
        date=names["date"],
        start=names["start"] if names["start"] in exits.columns else None,
        hours="heures" if "heures" in exits.columns else None,
        period=period,
        min_days=min_days,
        min_hours=min_hours or None,
        boundary_months=boundary_months,
        latest_only=latest_only,
    )


def _scope_period(ws: Any) -> tuple[Any, Any] | None:
    from .stakeholders import load_scope

    try:
        scope = load_scope(ws, check_toc=False)
    except (SizeUpError, OSError):
        return None
    return (scope.period_start, scope.period_end)


def exit_table(rates: pd.DataFrame, *, threshold: int = 11) -> pd.DataFrame:
    """The exit rates ready to publish: counts under ``threshold`` people hidden (« < 11 »)
    with secondary suppression, and the share hidden with its count."""
    import pandas as pd

    from .privacy import suppress_small_cells

    unit = "personnes" if rates.attrs.get("une_sortie_par_personne", True) else "sorties"
    counted = [*COUNTED_CATEGORIES, "Sorties comptées"]
    grid = pd.DataFrame(
        [[int(rates.at[c, PEOPLE]) for c in counted]], columns=[*COUNTED_CATEGORIES, "Total"]
    )
    hidden = suppress_small_cells(grid, threshold).mask.iloc[0].tolist()
    rows = []
    for name, masked in zip(counted, hidden, strict=True):
        n = int(rates.at[name, PEOPLE])
        share = rates.at[name, SHARE]
        rows.append(
            {
                "categorie": name,
                f"effectif ({unit})": f"< {threshold}"
                if masked and n < threshold
                else ("masqué" if masked else n),
                "part des sorties comptées": "" if masked or pd.isna(share) else round(share, 4),
                "dans le dénominateur": "oui",
            }
        )
    dynamic = int(rates.at["Sorties dynamiques", PEOPLE])
    counts = {c: int(rates.at[c, PEOPLE]) for c in COUNTED_CATEGORIES}
    masked_names = {c for c, h in zip(counted, hidden, strict=True) if h}
    show = _publishable(counts, masked_names, DYNAMIC_CATEGORIES) and not 0 < dynamic < threshold
    rows.insert(
        4,
        {
            "categorie": "Sorties dynamiques",
            f"effectif ({unit})": dynamic if show else "masqué",
            "part des sorties comptées": round(rates.at["Sorties dynamiques", SHARE], 4)
            if show and not pd.isna(rates.at["Sorties dynamiques", SHARE])
            else "",
            "dans le dénominateur": "oui",
        },
    )
    for name in (RETRAIT, "Non comptées (durée ou heures)", A_CLASSER):
        n = int(rates.at[name, PEOPLE])
        rows.append(
            {
                "categorie": name,
                f"effectif ({unit})": f"< {threshold}" if 0 < n < threshold else n,
                "part des sorties comptées": "",
                "dans le dénominateur": "non",
            }
        )
    return pd.DataFrame(rows)


def save_exit_rates(ws: Any, rates: pd.DataFrame | None, *, threshold: int = 11) -> Path | None:
    """Write :func:`exit_table` to ``ws.step_dir("06")/sorties-iae.csv`` (UTF-8 with a BOM);
    nothing (``None``) when the structure has no IAE exits."""
    if rates is None:
        return None
    table = exit_table(rates, threshold=threshold)
    return ws.write_csv(ws.step_dir("06") / EXITS_FILE, table, bom=True)

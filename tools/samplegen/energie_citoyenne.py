"""Sample structure ``energie-citoyenne``: support to citizen renewable-energy collectives.

A fictional association helps groups of residents and their communes to build and run
solar roofs together. Files as such an association and its collectives really hold them:

- ``registre_societaires.xlsx``: the member registers the collectives send in, one tab per
  collective, a title above the header; joint holders (``M. et Mme``), the same person in
  two collectives under a name variant (case, accents, e-mail typo, phone written another
  way), the same commune as ``Mairie de X``, ``Commune de X`` or ``Ville de X``, dates of
  subscription as date cells, text and Excel serial numbers, a few amounts typed as a
  number of parts instead of euros;
- ``installations.csv``: the solar roofs (``;``, cp1252), power ``36`` or ``35,7`` kWc,
  investment ``38 450,00`` with no-break spaces, buyer and building written several ways;
- ``production_mensuelle.csv``: monthly production exported from two portals (UTF-8),
  month labels ``janv.-2020`` and ``01/2020``, numbers ``1 234,5`` with narrow no-break
  spaces, missing months, a meter reset after an inverter replacement (negative production,
  index back near zero), a month exported twice;
- ``accompagnement_collectifs.csv``: the association's CRM, one row per stage reached by
  each collective (emergence to operation, or abandonment), stage names with variants;
- ``evenements.csv``: public meetings, stands, energy-saving workshops, general meetings;
- ``enquete_benevoles.csv``: a KoboToolbox export of the volunteer survey (group paths in
  column names, a select-multiple answer as a space-separated column plus one 0/1 column
  per choice, a test submission and a submission sent twice).

Planted truth: production per kWc and per year (about 1,000–1,050 kWh/kWc in the Limousin) per
installation and overall, distinct members behind the duplicates, volunteers share, capital
raised, the pipeline funnel and the survey results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._base import (
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    NNBSP,
    Faker,
    SampleBuild,
    date_text,
    excel_serial,
    fixed_workbook,
    fr_number,
    save_workbook,
    write_csv,
)

SLUG = "energie-citoyenne"
SEED = 20220915
NAME = "Ohm & Territoires — énergie citoyenne en Limousin"
TITLE = "Accompagnement de collectifs citoyens d'énergie renouvelable"
DESCRIPTION = (
    "Association qui aide des habitants, des communes et des entreprises locales à monter "
    "ensemble des projets d'énergie renouvelable : réunions publiques, formation des "
    "bénévoles, études, montage juridique et financier, puis suivi des centrales en "
    "exploitation. Elle accompagne une vingtaine de collectifs ; dix d'entre eux exploitent "
    "des toitures solaires sur des écoles, gymnases, mairies et hangars agricoles, "
    "financées par environ 1 900 souscriptions citoyennes."
)
TERRITORY = "Haute-Vienne et Creuse (Limousin)"
YEAR = 2022
PRODUCTION_YEARS = (2020, 2021, 2022)

# --------------------------------------------------------------------------------------
# Collectives in operation: code, name (sheet), communes (name, postcode), members, part €
# --------------------------------------------------------------------------------------
COLLECTIVES: list[dict[str, Any]] = [
    {
        "code": "SDV",
        "nom": "Soleil des Vallées",
        "communes": [("Aixe-sur-Vienne", "87700"), ("Séreilhac", "87620")],
        "lignes": 152,
        "part": 50,
        "creation": dt.date(2016, 11, 5),
    },
    {
        "code": "TCG",
        "nom": "Toits Citoyens de la Gartempe",
        "communes": [("Bellac", "87300"), ("Peyrat-de-Bellac", "87300")],
        "lignes": 318,
        "part": 100,
        "creation": dt.date(2017, 3, 18),
    },
    {
        "code": "LPA",
        "nom": "Lumière partagée de l'Aurence",
        "communes": [("Isle", "87170"), ("Verneuil-sur-Vienne", "87430")],
        "lignes": 112,
        "part": 50,
        "creation": dt.date(2018, 1, 20),
    },
    {
        "code": "TSY",
        "nom": "Tuiles solaires de Saint-Yrieix",
        "communes": [
            ("Saint-Yrieix-la-Perche", "87500"),
            ("Coussac-Bonneval", "87500"),
            ("Le Chalard", "87500"),
        ],
        "lignes": 205,
        "part": 100,
        "creation": dt.date(2017, 9, 9),
    },
    {
        "code": "EMC",
        "nom": "Énergie Monts et Châtaigniers",
        "communes": [("Eymoutiers", "87120"), ("Peyrat-le-Château", "87470")],
        "lignes": 256,
        "part": 50,
        "creation": dt.date(2018, 6, 2),
    },
    {
        "code": "CSB",
        "nom": "Coop'Soleil de la Briance",
        "communes": [("Pierre-Buffière", "87260"), ("Saint-Hilaire-Bonneval", "87260")],
        "lignes": 131,
        "part": 50,
        "creation": dt.date(2019, 2, 14),
    },
    {
        "code": "RDT",
        "nom": "Rayons de la Tardoire",
        "communes": [("Châlus", "87230"), ("Cussac", "87150")],
        "lignes": 176,
        "part": 100,
        "creation": dt.date(2018, 10, 6),
    },
    {
        "code": "TPG",
        "nom": "Toits partagés de Guéret",
        "communes": [("Guéret", "23000"), ("Sainte-Feyre", "23000")],
        "lignes": 238,
        "part": 100,
        "creation": dt.date(2019, 5, 11),
    },
    {
        "code": "PDL",
        "nom": "Les Photons du Limousin",
        "communes": [("Ambazac", "87240"), ("Saint-Priest-Taurion", "87480")],
        "lignes": 124,
        "part": 50,
        "creation": dt.date(2019, 9, 21),
    },
    {
        "code": "ECA",
        "nom": "Énergies citoyennes d'Aubusson",
        "communes": [("Aubusson", "23200"), ("Felletin", "23500")],
        "lignes": 188,
        "part": 100,
        "creation": dt.date(2020, 1, 25),
    },
]
# collectives still on their way (CRM only): name, commune, last stage reached
PIPELINE_ONLY: list[tuple[str, str, str]] = [
    ("Soleil de la Vienne", "Saint-Léonard-de-Noblat", "émergence"),
    ("Millevaches Énergies Citoyennes", "Meymac", "émergence"),
    ("Les Toits de Nieul", "Nieul", "émergence"),
    ("Watt Val de Vienne", "Saint-Junien", "émergence"),
    ("Énergie Couzeix", "Couzeix", "structuration"),
    ("Collectif Solaire de Panazol", "Panazol", "structuration"),
    ("Les Ombrières d'Ambazac", "Ambazac", "structuration"),
    ("Soleil Haute-Briance", "Linards", "étude"),
    ("Coteaux Solaires de Rochechouart", "Rochechouart", "étude"),
    ("Creuse Photovoltaïque Citoyen", "La Souterraine", "étude"),
    ("Hangars Solaires des Monts", "Saint-Germain-les-Belles", "financement"),
    ("Toits du Plateau", "Nedde", "financement"),
    ("Éoliennes de la Basse-Marche", "Magnac-Laval", "abandon"),
    ("Soleil Saint-Just", "Saint-Just-le-Martel", "abandon"),
]
STAGES = ["émergence", "structuration", "étude", "financement", "construction", "exploitation"]
STAGE_VARIANTS = {
    "émergence": ["Émergence", "emergence", "EMERGENCE"],
    "structuration": ["Structuration", "structuration (statuts)", "Création de la société"],
    "étude": ["Étude", "Etude de faisabilité", "étude technique"],
    "financement": ["Financement", "levée de fonds", "Collecte citoyenne"],
    "construction": ["Construction", "Travaux", "chantier"],
    "exploitation": ["Exploitation", "En production", "exploitation"],
    "abandon": ["Abandon", "abandonné", "Projet arrêté"],
}

# members
TYPES = ["personne physique", "collectivité", "entreprise", "association"]
COLLEGES = {
    "fondateur": "Fondateurs",
    "citoyen": "Citoyens",
    "collectivite": "Collectivités",
    "partenaire": "Partenaires",
}
COMMUNE_FORMS = ["Mairie de {}", "Commune de {}", "COMMUNE DE {}", "Ville de {}"]
JOINT_RATE = 0.09
SECOND_COLLECTIVE_PEOPLE = 58
VOLUNTEER_RATE = 0.17
AG_PRESENCE = {2020: 0.22, 2021: 0.31, 2022: 0.36}  # 2020 under lockdown
COMPANIES = [
    "Garage Dumas",
    "Boulangerie des Monts",
    "SARL Ferrand Électricité",
    "Cabinet infirmier du Bourg",
    "Menuiserie Chabert",
    "Pharmacie de la Place",
    "Biocoop des Vallées",
    "Transports Giraud",
    "Camping Les Chênes",
    "SCI Le Moulin",
    "Imprimerie Perrin",
    "Fromagerie Vial",
]
ASSOCIATIONS = [
    "Comité des fêtes",
    "Sou des écoles",
    "Association Colibris locale",
    "Club des aînés",
    "AMAP du village",
    "Sauvegarde du patrimoine",
]
PARTS_TYPED_AS_EUROS = 7

# installations and production
BUILDINGS = {
    "école": ["école", "Ecole primaire", "groupe scolaire"],
    "gymnase": ["gymnase", "Gymnase municipal", "salle de sport"],
    "hangar agricole": ["hangar agricole", "Hangar (GAEC)", "bâtiment agricole"],
    "mairie": ["mairie", "Mairie", "hôtel de ville"],
    "salle des fêtes": ["salle des fêtes", "Salle polyvalente"],
    "atelier municipal": ["atelier municipal", "Ateliers techniques"],
}
BUYER_VARIANTS = {
    "EDF OA": ["EDF OA", "edf oa", "EDF Obligation d'achat"],
    "Enercoop": ["Enercoop", "ENERCOOP"],
}
# share of the year's production in each month (centre-west France, south-facing roofs)
MONTH_SHAPE = np.array([3.3, 4.9, 8.0, 10.0, 11.6, 12.2, 12.9, 11.4, 9.1, 6.5, 3.8, 2.9])
MONTH_SHAPE = MONTH_SHAPE / MONTH_SHAPE.sum()
YIELD_KWH_KWC = 1015.0  # planted specific yield of an average year
YIELD_SD = 30.0  # between roofs (orientation, shade)
YEAR_FACTOR = {2020: 1.0, 2021: 0.98, 2022: 1.02}
MONTHS_ABBR = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]

# events
EVENT_TYPES = {
    "réunion publique": ["Réunion publique", "réunion publique", "Réunion d'info"],
    "stand": ["Stand", "stand marché", "Stand forum des assos"],
    "atelier sobriété": ["Atelier sobriété", "atelier économies d'énergie", "Atelier sobriete"],
    "AG": ["AG", "Assemblée générale"],
}

# volunteer survey (project-written items; not the Énergie Partagée kit)
N_SURVEY_TARGET = 132
TECH_P = {"beaucoup": 0.36, "un_peu": 0.54, "non": 0.10}
SKILLS = {
    "finance": 0.38,
    "droit": 0.27,
    "animation": 0.52,
    "communication": 0.44,
    "technique": 0.61,
}
POLICY_YES = 0.34
SOBRIETY_P = [0.04, 0.1, 0.22, 0.4, 0.24]
AGENCY_MEAN, AGENCY_SD = 7.1, 1.6


def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    installations = _installations(b, rng)
    _production(b, rng, installations)
    members = _register(b, rng, fake)
    _pipeline(b, rng, installations)
    _events(b, rng, members)
    respondents = _volunteer_survey(b, rng, members)
    _count_people(b, members, respondents)
    return [
        {
            "chemin": "donnees-brutes/registre_societaires.xlsx",
            "role": "societaires",
            "description": "registres des sociétaires des collectifs, un onglet par collectif",
            "donnees_personnelles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "email": "email",
                "telephone": "telephone",
                "adresse": "adresse",
                "une_ligne_par_personne": True,
            },
        },
        {
            "chemin": "donnees-brutes/installations.csv",
            "role": "installations",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "batiment": {
                    "Ecole primaire": "école",
                    "groupe scolaire": "école",
                    "Hangar (GAEC)": "hangar agricole",
                    "bâtiment agricole": "hangar agricole",
                    "Mairie": "mairie",
                    "hôtel de ville": "mairie",
                    "Salle polyvalente": "salle des fêtes",
                }
            },
            "description": "toitures solaires en exploitation (puissance, mise en service, "
            "investissement, acheteur)",
        },
        {
            "chemin": "donnees-brutes/production_mensuelle.csv",
            "role": "production",
            "description": "production mensuelle exportée des portails (onduleur et Enedis)",
        },
        {
            "chemin": "donnees-brutes/accompagnement_collectifs.csv",
            "role": "accompagnement",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "etape": {
                    "Structuration": "structuration",
                    "structuration (statuts)": "structuration",
                    "Création de la société": "structuration",
                    "Étude": "étude",
                    "Etude de faisabilité": "étude",
                    "étude technique": "étude",
                    "Financement": "financement",
                    "levée de fonds": "financement",
                    "Collecte citoyenne": "financement",
                    "Construction": "construction",
                    "Travaux": "construction",
                    "chantier": "construction",
                    "En production": "exploitation",
                    "Abandon": "abandon",
                    "Projet arrêté": "abandon",
                }
            },
            "description": "suivi de l'accompagnement : une ligne par étape franchie par un "
            "collectif",
        },
        {
            "chemin": "donnees-brutes/evenements.csv",
            "role": "evenements",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "type": {
                    "réunion publique": "réunion publique",
                    "Réunion publique": "réunion publique",
                    "Réunion d'info": "réunion publique",
                    "Stand": "stand",
                    "stand marché": "stand",
                    "Stand forum des assos": "stand",
                    "Atelier sobriété": "atelier sobriété",
                    "atelier économies d'énergie": "atelier sobriété",
                    "Atelier sobriete": "atelier sobriété",
                    "Assemblée générale": "AG",
                }
            },
            "description": "réunions publiques, stands, ateliers sobriété et assemblées générales",
        },
        {
            "chemin": "donnees-brutes/enquete_benevoles.csv",
            "role": "enquete_benevoles",
            "description": "export KoboToolbox de l'enquête auprès des bénévoles des collectifs",
            "personnes": {},
        },
    ]


# =======================================================================================
# Installations
# =======================================================================================
def _installations(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    out = []
    buildings = list(BUILDINGS)
    for c in COLLECTIVES:
        n = int(rng.integers(1, 5))
        first = c["creation"] + dt.timedelta(days=int(rng.integers(300, 700)))
        for k in range(n):
            kind = buildings[int(rng.choice(len(buildings), p=[0.24, 0.16, 0.26, 0.1, 0.12, 0.12]))]
            kwc = {
                "école": [9.0, 36.0, 35.7, 48.6],
                "gymnase": [36.0, 99.9, 72.0],
                "hangar agricole": [99.9, 100.0, 60.0, 36.0],
                "mairie": [9.0, 18.0, 12.6],
                "salle des fêtes": [9.0, 18.0, 24.0],
                "atelier municipal": [18.0, 36.0],
            }[kind]
            power = float(kwc[int(rng.integers(0, len(kwc)))])
            start = first + dt.timedelta(days=int(k * rng.integers(120, 400)))
            start = min(start, dt.date(2022, 9, 30))
            cost_per_kwc = 1650 if power <= 9 else (1250 if power <= 36 else 1000)
            invest = round(power * cost_per_kwc * float(rng.uniform(0.9, 1.12)), 2)
            buyer = "EDF OA" if rng.random() < 0.7 else "Enercoop"
            tariff = {True: 18.6, False: 11.2}[power <= 9] if power <= 36 else 9.8
            if buyer == "Enercoop":
                tariff = round(tariff + 1.5, 1)
            commune = c["communes"][k % len(c["communes"])][0]
            out.append(
                {
                    "id": f"{c['code']}-{k + 1:02d}",
                    "collectif": c["nom"],
                    "code": c["code"],
                    "commune": commune,
                    "batiment": kind,
                    "kwc": power,
                    "mise_en_service": start,
                    "invest": invest,
                    "acheteur": buyer,
                    "tarif": tariff,
                    "rendement": float(rng.normal(YIELD_KWH_KWC, YIELD_SD)),
                }
            )
    rows, date_styles, decimals, variant_rows = [], {}, [], []
    for i, inst in enumerate(out):
        line = i + 2
        style = ["dmy", "dmy", "iso", "short"][int(rng.integers(0, 4))]
        date_styles.setdefault(style, []).append(line)
        kwc_text = (
            fr_number(inst["kwc"], 1).replace(",0", "")
            if inst["kwc"] % 1 == 0
            else fr_number(inst["kwc"], 1)
        )
        if "," in kwc_text:
            decimals.append(line)
        spellings = BUILDINGS[inst["batiment"]]
        building = spellings[int(rng.integers(0, len(spellings)))]
        buyer = BUYER_VARIANTS[inst["acheteur"]][int(rng.integers(0, 2))]
        if building != inst["batiment"] or buyer != inst["acheteur"]:
            variant_rows.append(line)
        rows.append(
            [
                inst["id"],
                inst["collectif"],
                inst["commune"],
                building,
                kwc_text,
                date_text(inst["mise_en_service"], style),
                fr_number(inst["invest"], 2),
                buyer,
                fr_number(inst["tarif"], 1),
            ]
        )
    write_csv(
        rows,
        [
            "installation_id",
            "collectif",
            "commune",
            "batiment",
            "puissance_kWc",
            "date_mise_en_service",
            "investissement_eur",
            "acheteur",
            "tarif_c€/kWh",
        ],
        b.raw("installations.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("installations", len(out))
    b.plant("puissance_totale_kWc", sum(i["kwc"] for i in out))
    b.plant("investissement_total_eur", sum(i["invest"] for i in out))
    f = "installations.csv"
    b.mess(f, "lignes_date_par_format", date_styles)
    b.mess(f, "lignes_puissance_avec_decimale", decimals)
    b.mess(f, "lignes_batiment_ou_acheteur_variante", variant_rows)
    b.mess(f, "variantes_batiment", BUILDINGS)
    b.mess(f, "variantes_acheteur", BUYER_VARIANTS)
    b.mess(f, "milliers_espace_insecable", "investissement_eur « 38 450,00 »")
    return out


# =======================================================================================
# Monthly production
# =======================================================================================
def _month_label(year: int, month: int, style: str) -> str:
    if style == "abbr":
        return f"{MONTHS_ABBR[month - 1]}-{year}"
    return f"{month:02d}/{year}"


def _kwh_text(value: float) -> str:
    """``1234.5`` → ``"1 234,5"`` with a narrow no-break space (as the portal writes it)."""
    return fr_number(value, 1, thousands=NNBSP)


def _production(b: SampleBuild, rng: np.random.Generator, installations) -> None:
    records = []  # one clean record per (installation, month)
    for inst in installations:
        start = inst["mise_en_service"]
        first_month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
        if first_month < (PRODUCTION_YEARS[0], 1):
            first_month = (PRODUCTION_YEARS[0], 1)
        y, m = first_month
        while y <= PRODUCTION_YEARS[-1]:
            avail = 100.0 if rng.random() < 0.85 else float(np.round(rng.uniform(86, 99.5), 1))
            kwh = (
                inst["kwc"]
                * inst["rendement"]
                * YEAR_FACTOR[y]
                * MONTH_SHAPE[m - 1]
                * float(rng.normal(1, 0.06))
                * avail
                / 100
            )
            records.append(
                {
                    "id": inst["id"],
                    "year": y,
                    "month": m,
                    "kwh": round(max(kwh, 0.0), 1),
                    "avail": avail,
                }
            )
            m += 1
            if m == 13:
                y, m = y + 1, 1
    # cumulative meter index; one inverter replaced in June 2021: its meter restarts at 0
    reset_month = (2021, 6)
    eligible = sorted({r["id"] for r in records if (r["year"], r["month"]) == (2021, 1)})
    reset_inst = eligible[int(rng.integers(0, len(eligible)))]
    index: dict[str, float] = {}
    for r in records:
        if r["id"] not in index:  # meters of roofs older than the export carry history
            older = (r["year"], r["month"]) == (PRODUCTION_YEARS[0], 1)
            index[r["id"]] = round(float(rng.uniform(2000, 40000)), 1) if older else 0.0
        previous = index[r["id"]]
        r["reported"] = r["kwh"]
        if r["id"] == reset_inst and (r["year"], r["month"]) == reset_month:
            previous = 0.0
            r["reset"] = True
        index[r["id"]] = round(previous + r["kwh"], 1)
        r["index"] = index[r["id"]]
    # the portal computes production as the index difference: negative at the reset
    prev_index: dict[str, float] = {}
    for r in records:
        if r.get("reset"):
            r["reported"] = round(r["index"] - prev_index[r["id"]], 1)
        prev_index[r["id"]] = r["index"]

    # which portal exports each installation: inverter portal (abbr) or Enedis (numeric)
    ids = [i["id"] for i in installations]
    style_of = {i: ("abbr" if rng.random() < 0.6 else "num") for i in ids}
    # missing months: dropped from the export
    missing: list[tuple[str, int, int]] = []
    candidates = [r for r in records if not r.get("reset")]
    for k in rng.choice(len(candidates), size=9, replace=False):
        r = candidates[int(k)]
        missing.append((r["id"], r["year"], r["month"]))
    # a whole missing quarter for one installation (logger down)
    eligible = sorted(
        {r["id"] for r in records if (r["year"], r["month"]) == (2022, 1)} - {reset_inst}
    )
    down = eligible[int(rng.integers(0, len(eligible)))]
    missing += [(down, 2022, m) for m in (1, 2, 3)]
    missing_set = set(missing)
    kept = [r for r in records if (r["id"], r["year"], r["month"]) not in missing_set]
    # a month exported twice: once per label style; and one identical repeated row
    dup_twice = kept[int(rng.integers(0, len(kept)))]
    dup_same = kept[int(rng.integers(0, len(kept)))]

    rows, out_meta = [], []
    mixed_rows = []
    for r in kept:
        style = style_of[r["id"]]
        if rng.random() < 0.03:  # a few rows exported from the other portal
            style = "num" if style == "abbr" else "abbr"
            mixed_rows.append(len(rows) + 2)
        row = [
            r["id"],
            _month_label(r["year"], r["month"], style),
            _kwh_text(r["reported"]),
            _kwh_text(r["index"]),
            fr_number(r["avail"], 1).replace(",0", ""),
        ]
        rows.append(row)
        out_meta.append(r)
        if r is dup_twice:
            other = "num" if style == "abbr" else "abbr"
            rows.append([row[0], _month_label(r["year"], r["month"], other)] + row[2:])
            out_meta.append(r)
        if r is dup_same:
            rows.append(list(row))
            out_meta.append(r)
    write_csv(
        rows,
        ["installation_id", "mois", "production_kWh", "index_compteur_kWh", "disponibilite_%"],
        b.raw("production_mensuelle.csv"),
        sep=";",
        encoding="utf-8",
    )
    line_of = {}
    for k, r in enumerate(out_meta):
        line_of.setdefault((r["id"], r["year"], r["month"]), []).append(k + 2)
    f = "production_mensuelle.csv"
    b.mess(f, "encodage", "utf-8, séparateur point-virgule, milliers en espace fine insécable")
    b.mess(
        f,
        "format_mois_par_installation",
        {i: ("janv.-2020" if s == "abbr" else "01/2020") for i, s in style_of.items()},
    )
    b.mess(f, "lignes_mois_autre_format", mixed_rows)
    b.mess(f, "mois_manquants", [f"{i} {y}-{m:02d}" for i, y, m in sorted(missing_set)])
    reset = next(r for r in records if r.get("reset"))
    b.mess(
        f,
        "remise_a_zero_compteur",
        {
            "installation": reset_inst,
            "mois": f"{reset_month[0]}-{reset_month[1]:02d}",
            "ligne": line_of[(reset_inst, *reset_month)][0],
            "production_affichee": reset["reported"],
            "production_reelle": reset["kwh"],
            "regle": "production négative : la production du mois est l'index lui-même "
            "(compteur remis à zéro au changement d'onduleur)",
        },
    )
    b.mess(
        f,
        "mois_en_double_deux_formats",
        {
            "installation": dup_twice["id"],
            "mois": f"{dup_twice['year']}-{dup_twice['month']:02d}",
            "lignes": line_of[(dup_twice["id"], dup_twice["year"], dup_twice["month"])],
        },
    )
    b.mess(
        f,
        "ligne_repetee",
        {
            "installation": dup_same["id"],
            "mois": f"{dup_same['year']}-{dup_same['month']:02d}",
            "lignes": line_of[(dup_same["id"], dup_same["year"], dup_same["month"])],
        },
    )

    # ---- planted truth: kWh per kWc per year, on complete installation-years ----
    kwc = {i["id"]: i["kwc"] for i in installations}
    per_inst: dict[str, dict[str, Any]] = {}
    overall: dict[str, dict[str, float]] = {}
    for year in PRODUCTION_YEARS:
        tot_kwh, tot_kwc = 0.0, 0.0
        for iid in ids:
            months = [r for r in kept if r["id"] == iid and r["year"] == year]
            if len(months) == 12:
                kwh = sum(r["kwh"] for r in months)
                per_inst.setdefault(iid, {})[str(year)] = kwh / kwc[iid]
                tot_kwh += kwh
                tot_kwc += kwc[iid]
        overall[str(year)] = {
            "installations_completes": sum(1 for v in per_inst.values() if str(year) in v),
            "kWh": tot_kwh,
            "kWc": tot_kwc,
            "kWh_par_kWc": tot_kwh / tot_kwc,
        }
    all_kwh = sum(v["kWh"] for v in overall.values())
    all_kwc = sum(v["kWc"] for v in overall.values())
    b.plant(
        "productible_kWh_par_kWc",
        {
            "definition": "production d'une année civile complète (12 mois présents après "
            "dédoublonnage, compteur remis à zéro corrigé) divisée par la "
            "puissance de l'installation ; global = somme des kWh / somme des kWc "
            "des installations complètes de l'année",
            "plante": YIELD_KWH_KWC,
            "facteur_annee": {str(k): v for k, v in YEAR_FACTOR.items()},
            "reference_region": "environ 1 000 à 1 050 kWh/kWc/an pour une toiture bien orientée",
            "par_installation": per_inst,
            "global_par_annee": overall,
            "global_toutes_annees": all_kwh / all_kwc,
        },
    )
    b.plant(
        "production_totale_kWh",
        {str(y): sum(r["kwh"] for r in records if r["year"] == y) for y in PRODUCTION_YEARS},
    )
    b.plant(
        "equivalent_foyers_4MWh_2022", sum(r["kwh"] for r in records if r["year"] == 2022) / 4000
    )


# =======================================================================================
# Member registers (one tab per collective)
# =======================================================================================
def _register(b: SampleBuild, rng: np.random.Generator, fake: Faker) -> dict[str, Any]:
    from openpyxl.styles import Font

    towns = [cp_town for c in COLLECTIVES for cp_town in [(pc, t) for t, pc in c["communes"]]]
    holders: list[dict[str, Any]] = []  # distinct holders
    subs: list[dict[str, Any]] = []  # subscriptions (rows)

    def new_holder(kind: str, coll: int, **kw) -> dict[str, Any]:
        h = {"hid": len(holders), "type": kind, "home": coll, **kw}
        holders.append(h)
        return h

    for ci, c in enumerate(COLLECTIVES):
        local = [(pc, t) for t, pc in c["communes"]]
        n_rows = c["lignes"]
        # communes (one per commune of the collective) and a few companies / associations
        for t, pc in c["communes"]:
            h = new_holder("collectivité", ci, commune=t, postcode=pc)
            subs.append({"holder": h, "coll": ci})
        for k in rng.choice(len(COMPANIES), size=int(rng.integers(2, 5)), replace=False):
            h = new_holder("entreprise", ci, name=COMPANIES[int(k)], town=local[0])
            subs.append({"holder": h, "coll": ci})
        h = new_holder(
            "association",
            ci,
            name=ASSOCIATIONS[int(rng.integers(0, len(ASSOCIATIONS)))] + f" de {local[0][1]}",
            town=local[0],
        )
        subs.append({"holder": h, "coll": ci})
        while sum(1 for s in subs if s["coll"] == ci) < n_rows:
            person = fake.person(
                towns=local if rng.random() < 0.75 else towns,
                min_age=20,
                max_age=82,
                year=YEAR,
                sex_ratio_f=0.45,
            )
            joint = rng.random() < JOINT_RATE
            partner = None
            if joint:
                partner = fake.choice(FIRST_NAMES_F if person.sex == "M" else FIRST_NAMES_M)
            h = new_holder(
                "personne physique",
                ci,
                person=person,
                joint=joint,
                partner=partner,
                volunteer=bool(rng.random() < VOLUNTEER_RATE),
            )
            subs.append({"holder": h, "coll": ci})
    # the same people in a second collective (a neighbouring one)
    people = [h for h in holders if h["type"] == "personne physique"]
    second = rng.choice(len(people), size=SECOND_COLLECTIVE_PEOPLE, replace=False)
    for k in sorted(int(x) for x in second):
        h = people[k]
        other = (h["home"] + int(rng.choice([-1, 1, 2]))) % len(COLLECTIVES)
        subs.append({"holder": h, "coll": other, "second": True})
    # communes in a second collective, and one commune that subscribed twice in its own
    communes = [h for h in holders if h["type"] == "collectivité"]
    for k in rng.choice(len(communes), size=4, replace=False):
        h = communes[int(k)]
        other = (h["home"] + 1) % len(COLLECTIVES)
        subs.append({"holder": h, "coll": other, "second": True})
    twice = communes[int(rng.integers(0, len(communes)))]
    subs.append({"holder": twice, "coll": twice["home"], "second": True})

    # subscription details
    for s in subs:
        c = COLLECTIVES[s["coll"]]
        h = s["holder"]
        span = (dt.date(2022, 12, 15) - c["creation"]).days
        early = rng.random() < 0.45
        s["date"] = c["creation"] + dt.timedelta(
            days=int(rng.integers(0, max(span // 5, 2)) if early else rng.integers(0, span))
        )
        if h["type"] == "collectivité":
            parts = int(rng.choice([20, 50, 100])) * (1 if c["part"] == 100 else 2)
            college = "collectivite"
        elif h["type"] in ("entreprise", "association"):
            parts = int(rng.choice([5, 10, 20, 30]))
            college = "partenaire"
        else:
            parts = int(min(1 + rng.geometric(0.35) * (2 if h["joint"] else 1), 60))
            college = (
                "fondateur" if s["date"] < c["creation"] + dt.timedelta(days=60) else "citoyen"
            )
        s["parts"], s["college"] = parts, college
        s["amount"] = parts * c["part"]

    members = {"holders": holders, "subs": subs}
    wb = fixed_workbook()
    wb.remove(wb.active)
    header = [
        "societaire_id",
        "type",
        "civilite",
        "nom",
        "prenom",
        "adresse",
        "code_postal",
        "commune",
        "email",
        "telephone",
        "date_souscription",
        "nb_parts",
        "valeur_part",
        "montant",
        "college",
        "benevole",
        "present_AG_2020",
        "present_AG_2021",
        "present_AG_2022",
    ]
    rowinfo: dict[str, Any] = {
        "doublons": [],
        "communes": [],
        "conjoints": [],
        "parts_en_euros": [],
        "dates": {},
    }
    places: dict[int, list[list[Any]]] = {}
    typed_parts = set(
        int(x) for x in rng.choice(len(subs), size=PARTS_TYPED_AS_EUROS, replace=False)
    )
    ag_clean: dict[int, dict[int, list[bool]]] = {y: {} for y in AG_PRESENCE}
    for ci, c in enumerate(COLLECTIVES):
        ws = wb.create_sheet(c["nom"][:31])
        ws["A1"] = f"Registre des sociétaires — {c['nom']} (SAS coopérative à capital variable)"
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = "Document interne — ne pas diffuser. Mis à jour le 15/01/2023."
        ws.append(header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        mine = sorted(
            (k for k, s in enumerate(subs) if s["coll"] == ci), key=lambda k: (subs[k]["date"], k)
        )
        for n, k in enumerate(mine, start=1):
            s = subs[k]
            h = s["holder"]
            row = ws.max_row + 1
            places.setdefault(h["hid"], []).append([ws.title, row])
            s["sheet"], s["row"] = ws.title, row
            values = _member_row(rng, fake, s, h, c, n)
            if k in typed_parts:  # the number of parts typed in the amount column
                values[13] = s["parts"]
                rowinfo["parts_en_euros"].append([ws.title, row])
            style = ["cell", "cell", "cell", "dmy", "iso", "serial"][int(rng.integers(0, 6))]
            rowinfo["dates"].setdefault(style, []).append([ws.title, row])
            values[10] = {
                "cell": dt.datetime.combine(s["date"], dt.time()),
                "dmy": date_text(s["date"], "dmy"),
                "iso": date_text(s["date"], "iso"),
                "serial": excel_serial(s["date"]),
            }[style]
            # general meetings held in June; members who had joined by then
            for j, year in enumerate(AG_PRESENCE):
                if s["date"] < dt.date(year, 6, 1):
                    present = bool(rng.random() < AG_PRESENCE[year])
                    values[16 + j] = "O" if present else "N"
                    ag_clean[year].setdefault(ci, []).append(present)
                else:
                    values[16 + j] = None
            ws.append(values)
            if style == "cell":
                ws.cell(row=row, column=11).number_format = "DD/MM/YYYY"
            if h["type"] == "personne physique" and h["joint"]:
                rowinfo["conjoints"].append([ws.title, row])
            if h["type"] == "collectivité":
                rowinfo["communes"].append([ws.title, row, values[3]])
        ws.column_dimensions["D"].width = 24
        ws.column_dimensions["I"].width = 28
    save_workbook(wb, b.raw("registre_societaires.xlsx"))

    # ---- planted truth ----
    seen = {s["holder"]["hid"] for s in subs}
    natural = [h for h in holders if h["type"] == "personne physique" and h["hid"] in seen]
    b.plant("registre_lignes", len(subs))
    b.plant(
        "registre_lignes_par_collectif",
        {c["nom"]: sum(1 for s in subs if s["coll"] == ci) for ci, c in enumerate(COLLECTIVES)},
    )
    b.plant("souscripteurs_distincts", len(seen))
    b.plant(
        "souscripteurs_par_type",
        {t: sum(1 for h in holders if h["type"] == t and h["hid"] in seen) for t in TYPES},
    )
    b.plant(
        "personnes_physiques_distinctes",
        {
            "titulaires": len(natural),
            "personnes_conjoints_comptes_deux_fois": len(natural)
            + sum(h["joint"] for h in natural),
            "titulaires_dans_deux_collectifs": sum(1 for h in natural if len(places[h["hid"]]) > 1),
        },
    )
    b.plant("collectivites_distinctes", sum(1 for h in holders if h["type"] == "collectivité"))
    b.plant(
        "part_benevoles",
        {
            "definition": "titulaires personnes physiques distincts marqués bénévoles, sur les "
            "titulaires personnes physiques distincts",
            "taux_plante": VOLUNTEER_RATE,
            "benevoles": sum(h["volunteer"] for h in natural),
            "observe": sum(h["volunteer"] for h in natural) / len(natural),
        },
    )
    capital = {
        c["nom"]: sum(s["amount"] for s in subs if s["coll"] == ci)
        for ci, c in enumerate(COLLECTIVES)
    }
    b.plant(
        "capital_souscrit_eur",
        {
            "total": sum(capital.values()),
            "par_collectif": capital,
            "note": "montants corrigés des lignes où le nombre de "
            "parts a été saisi à la place des euros",
        },
    )
    b.plant(
        "presence_AG",
        {
            str(y): {
                "presents": sum(sum(v) for v in ag_clean[y].values()),
                "convoques": sum(len(v) for v in ag_clean[y].values()),
                "taux": sum(sum(v) for v in ag_clean[y].values())
                / sum(len(v) for v in ag_clean[y].values()),
            }
            for y in AG_PRESENCE
        },
    )
    f = "registre_societaires.xlsx"
    b.mess(f, "onglets", [c["nom"][:31] for c in COLLECTIVES])
    b.mess(f, "titre_au_dessus_en_tete", {"lignes_titre": [1, 2], "ligne_en_tete": 3})
    b.mess(
        f,
        "meme_titulaire_plusieurs_lignes",
        [{"titulaire": f"H{h:04d}", "lignes": p} for h, p in sorted(places.items()) if len(p) > 1],
    )
    b.mess(f, "lignes_conjoints_M_et_Mme", rowinfo["conjoints"])
    b.mess(f, "lignes_collectivites", rowinfo["communes"])
    b.mess(f, "lignes_nb_parts_saisi_dans_montant", rowinfo["parts_en_euros"])
    b.mess(
        f,
        "lignes_date_en_texte_ou_numero_de_serie",
        {k: v for k, v in rowinfo["dates"].items() if k != "cell"},
    )
    members["ag"] = ag_clean
    return members


def _member_row(
    rng: np.random.Generator,
    fake: Faker,
    s: dict[str, Any],
    h: dict[str, Any],
    c: dict[str, Any],
    n: int,
) -> list[Any]:
    """One row of a register; second appearances carry identity variants."""
    second = s.get("second", False)
    sid = f"{c['code']}-{n:04d}"
    tail: list[Any] = [None, s["parts"], c["part"], s["amount"], COLLEGES[s["college"]]]
    if h["type"] == "collectivité":
        form = "Mairie de {}" if not second else COMMUNE_FORMS[1 + int(rng.integers(0, 3))]
        name = form.format(h["commune"])
        return (
            [
                sid,
                "collectivité",
                None,
                name,
                None,
                "Place de la Mairie",
                h["postcode"],
                h["commune"],
                f"mairie@{_slug(h['commune'])}.fr",
                None,
            ]
            + tail
            + ["N", None, None, None]
        )
    if h["type"] in ("entreprise", "association"):
        pc, town = h["town"]
        return (
            [sid, h["type"], None, h["name"], None, None, pc, town, None, None]
            + tail
            + ["N", None, None, None]
        )
    p = h["person"]
    first, last, email, phone = p.first_name, p.last_name, p.email, p.phone
    if second:
        first, last = fake.name_variant(first), fake.name_variant(last)
        if rng.random() < 0.4:
            email = fake.email_typo(email)
        phone = fake.phone_variant(phone)
    civ = "M." if p.sex == "M" else "Mme"
    if h["joint"]:
        civ = "M. et Mme" if rng.random() < 0.8 else "Mme et M."
        first = f"{first} et {h['partner']}"
    return (
        [
            sid,
            "personne physique",
            civ,
            last.upper() if rng.random() < 0.5 else last,
            first,
            p.street,
            p.postcode,
            p.town,
            email,
            phone,
        ]
        + tail
        + ["O" if h["volunteer"] else "N", None, None, None]
    )


def _slug(text: str) -> str:
    from ._base import fold

    return "".join(ch if ch.isalnum() else "-" for ch in fold(text)).strip("-")


# =======================================================================================
# Pipeline CRM
# =======================================================================================
def _pipeline(b: SampleBuild, rng: np.random.Generator, installations) -> None:
    rows, variant_rows, dates = [], [], {}
    reached = {s: 0 for s in STAGES}
    current = {s: 0 for s in STAGES + ["abandon"]}
    months_to_operation = []
    entries = []
    for c in COLLECTIVES:
        first_contact = c["creation"] - dt.timedelta(days=int(rng.integers(150, 400)))
        commissioning = min(i["mise_en_service"] for i in installations if i["code"] == c["code"])
        entries.append(
            (c["nom"], c["communes"][0][0], first_contact, "exploitation", commissioning)
        )
    for name, commune, last in PIPELINE_ONLY:
        first_contact = dt.date(2019, 1, 10) + dt.timedelta(days=int(rng.integers(0, 1300)))
        entries.append((name, commune, first_contact, last, None))
    for name, commune, first_contact, last, commissioning in entries:
        if last == "abandon":
            path = STAGES[: int(rng.integers(1, 4))] + ["abandon"]
        else:
            path = STAGES[: STAGES.index(last) + 1]
        programme = "Semis solaire" if rng.random() < 0.7 else "autre"
        funder = ["Région", "ADEME", "commune"][int(rng.integers(0, 3))]
        day = first_contact
        meetings, participants, hours = 0, 0, 0.0
        for k, stage in enumerate(path):
            if stage == "exploitation" and commissioning is not None:
                day = commissioning
            elif k > 0:
                day = day + dt.timedelta(days=int(rng.integers(60, 260)))
            day = min(day, dt.date(2022, 12, 15))
            meetings += int(rng.integers(0, 3)) if stage in ("émergence", "structuration") else 0
            participants += int(rng.integers(15, 70)) * (1 if meetings else 0)
            hours += round(float(rng.uniform(8, 45)), 1)
            label = STAGE_VARIANTS[stage][int(rng.integers(0, len(STAGE_VARIANTS[stage])))]
            line = len(rows) + 2
            if label != stage:
                variant_rows.append(line)
            style = ["dmy", "dmy", "iso"][int(rng.integers(0, 3))]
            dates.setdefault(style, []).append(line)
            rows.append(
                [
                    name,
                    commune,
                    date_text(first_contact, "dmy"),
                    label,
                    date_text(day, style),
                    programme,
                    funder,
                    fr_number(hours, 1).replace(",0", ""),
                    str(meetings),
                    str(participants),
                ]
            )
            if stage in reached:
                reached[stage] += 1
        current[path[-1]] += 1
        if path[-1] == "exploitation":
            months_to_operation.append((commissioning - first_contact).days / 30.4375)
    write_csv(
        rows,
        [
            "collectif",
            "commune",
            "date_premier_contact",
            "etape",
            "date_etape",
            "programme",
            "financeur",
            "heures_accompagnement",
            "nb_reunions_publiques",
            "participants_cumules",
        ],
        b.raw("accompagnement_collectifs.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("collectifs_accompagnes", len(entries))
    b.plant("entonnoir_etapes_atteintes", reached)
    b.plant("collectifs_par_etape_actuelle", current)
    b.plant(
        "mois_premier_contact_a_exploitation",
        {
            "n": len(months_to_operation),
            "mediane": float(np.median(months_to_operation)),
            "moyenne": float(np.mean(months_to_operation)),
        },
    )
    b.mess("accompagnement_collectifs.csv", "variantes_etape", STAGE_VARIANTS)
    b.mess("accompagnement_collectifs.csv", "lignes_etape_variante", variant_rows)
    b.mess("accompagnement_collectifs.csv", "lignes_date_etape_par_format", dates)


# =======================================================================================
# Events
# =======================================================================================
def _events(b: SampleBuild, rng: np.random.Generator, members) -> None:
    events = []
    for ci, c in enumerate(COLLECTIVES):
        for year in (2020, 2021, 2022):
            # general meeting in June: participants = members marked present
            ag = sum(members["ag"][year].get(ci, []))
            events.append((dt.date(year, 6, int(rng.integers(3, 28))), c["nom"], "AG", ag))
            n_other = int(rng.poisson(1.5 if year == 2020 else 3.2))
            for _ in range(n_other):
                kind = ["réunion publique", "stand", "atelier sobriété"][
                    int(rng.choice(3, p=[0.35, 0.35, 0.3]))
                ]
                day = dt.date(year, 1, 15) + dt.timedelta(days=int(rng.integers(0, 330)))
                if year == 2020 and dt.date(2020, 3, 16) <= day <= dt.date(2020, 5, 11):
                    day += dt.timedelta(days=70)  # lockdown
                size = {"réunion publique": 42, "stand": 30, "atelier sobriété": 14}[kind]
                events.append((day, c["nom"], kind, max(4, int(rng.poisson(size)))))
    events.sort(key=lambda e: (e[0], e[1]))
    rows, by_type, variants = [], {}, []
    for k, (day, coll, kind, n) in enumerate(events):
        label = EVENT_TYPES[kind][int(rng.integers(0, len(EVENT_TYPES[kind])))]
        if label != kind:
            variants.append(k + 2)
        rows.append([date_text(day, "dmy"), coll, label, str(n)])
        t = by_type.setdefault(kind, {"nombre": 0, "participants": 0})
        t["nombre"] += 1
        t["participants"] += n
    write_csv(
        rows,
        ["date", "collectif", "type", "participants"],
        b.raw("evenements.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "evenements",
        {
            "nombre": len(rows),
            "par_type": by_type,
            "participants_total": sum(e[3] for e in events),
            "par_annee": {
                str(y): sum(1 for e in events if e[0].year == y) for y in (2020, 2021, 2022)
            },
        },
    )
    b.mess("evenements.csv", "variantes_type", EVENT_TYPES)
    b.mess("evenements.csv", "lignes_type_variante", variants)


# =======================================================================================
# Volunteer survey (KoboToolbox export)
# =======================================================================================
def _count_people(b: SampleBuild, members, respondents: list[int]) -> None:
    """The true number of distinct people per table, from the generator's own holders."""
    subs, holders = members["subs"], members["holders"]
    seen = {s["holder"]["hid"] for s in subs}
    natural = [h for h in holders if h["hid"] in seen and h["type"] == "personne physique"]
    b.count_people(
        "societaires",
        (s["holder"]["hid"] for s in subs),
        register=seen,
        identified_by="nom, prénom, e-mail, téléphone, adresse ; un titulaire par ligne de "
        "souscription (personne physique, couple « M. et Mme » compté une fois, ou personne "
        "morale)",
        lignes=len(subs),
        personnes_physiques_titulaires=len(natural),
        personnes_morales=len(seen) - len(natural),
        conjoints_en_plus_des_titulaires=sum(h["joint"] for h in natural),
    )
    b.count_people(
        "enquete_benevoles",
        respondents,
        register=seen,
        identified_by="aucun identifiant (export anonyme) : un bénévole sociétaire par "
        "soumission valide ; la soumission de test n'est pas une personne, la soumission "
        "en double est la même personne",
    )


def _volunteer_survey(b: SampleBuild, rng: np.random.Generator, members) -> list[int]:
    """The volunteer survey; returns the holder behind each valid submission."""
    volunteers = sorted(
        {
            s["holder"]["hid"]: s
            for s in members["subs"]
            if s["holder"]["type"] == "personne physique" and s["holder"]["volunteer"]
        }.values(),
        key=lambda s: s["holder"]["hid"],
    )
    take = rng.choice(len(volunteers), size=min(N_SURVEY_TARGET, len(volunteers)), replace=False)
    respondents = [volunteers[int(k)] for k in sorted(take)]
    skills = list(SKILLS)
    header = (
        [
            "start",
            "end",
            "profil/collectif",
            "profil/anciennete",
            "profil/heures_mois",
            "apports/connaissances_techniques",
            "apports/competences",
        ]
        + [f"apports/competences/{s}" for s in skills]
        + [
            "territoire/connaissance_territoire",
            "politique/implication_politique_locale",
            "sobriete/gestes_sobriete",
            "pouvoir_agir/capacite_agir",
            "commentaire",
            "_id",
            "_uuid",
            "_submission_time",
            "_index",
        ]
    )
    rows, clean = [], []
    tech_levels = list(TECH_P)
    stamp0 = dt.datetime(2022, 11, 7, 9, 0)
    for k, s in enumerate(respondents):
        stamp = stamp0 + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 40)))
        tech = tech_levels[int(rng.choice(3, p=list(TECH_P.values())))]
        chosen = [sk for sk in skills if rng.random() < SKILLS[sk]]
        policy = "oui" if rng.random() < POLICY_YES else "non"
        sob = int(rng.choice(5, p=SOBRIETY_P)) + 1
        terr = int(np.clip(round(rng.normal(3.9, 0.9)), 1, 5))
        agency = int(np.clip(round(rng.normal(AGENCY_MEAN, AGENCY_SD)), 0, 10))
        hours = "" if rng.random() < 0.12 else str(int(max(1, round(rng.gamma(2.0, 3.0)))))
        seniority = ["moins_1_an", "1_3_ans", "plus_3_ans"][int(rng.integers(0, 3))]
        uuid = _uuid(rng)
        rows.append(
            [
                (stamp - dt.timedelta(minutes=9)).isoformat(timespec="milliseconds") + "+01:00",
                stamp.isoformat(timespec="milliseconds") + "+01:00",
                COLLECTIVES[s["coll"]]["code"].lower(),
                seniority,
                hours,
                tech,
                " ".join(chosen) if chosen else "aucune",
            ]
            + [str(int(sk in chosen)) for sk in skills]
            + [
                str(terr),
                policy,
                str(sob),
                str(agency),
                "",
                str(180_000 + k),
                uuid,
                stamp.isoformat(timespec="seconds"),
                str(k + 1),
            ]
        )
        clean.append(
            {"tech": tech, "skills": chosen, "policy": policy, "sob": sob, "agency": agency}
        )
    # a test submission before the launch, and one sent twice
    test = list(rows[0])
    test[0:2] = ["2022-11-04T17:55:02.118+01:00", "2022-11-04T17:56:40.004+01:00"]
    test[2] = "sdv"
    test[header.index("_uuid")] = _uuid(rng)
    test[header.index("commentaire")] = "TEST - ne pas tenir compte"
    test[header.index("_submission_time")] = "2022-11-04T17:56:41"
    rows.insert(0, test)
    dup_at = int(rng.integers(5, len(rows) - 5))
    rows.insert(dup_at + 1, list(rows[dup_at]))
    for k, r in enumerate(rows):
        r[header.index("_index")] = str(k + 1)
        if k == 0:
            r[header.index("_id")] = "179998"
    rows[dup_at + 1][header.index("_id")] = str(int(rows[dup_at][header.index("_id")]) + 900)
    write_csv(rows, header, b.raw("enquete_benevoles.csv"), sep=";", encoding="utf-8", newline="\n")
    n = len(clean)
    b.plant(
        "enquete_benevoles",
        {
            "repondants_valides": n,
            "benevoles_interroges_sur": len(volunteers),
            "probabilites_plantees": {
                "connaissances_techniques": TECH_P,
                "competences": SKILLS,
                "implication_politique_oui": POLICY_YES,
            },
            "part_connaissances_techniques_acquises": sum(c["tech"] != "non" for c in clean) / n,
            "part_competence": {sk: sum(sk in c["skills"] for c in clean) / n for sk in skills},
            "part_au_moins_une_competence": sum(bool(c["skills"]) for c in clean) / n,
            "part_implication_politique_locale": sum(c["policy"] == "oui" for c in clean) / n,
            "part_gestes_sobriete_d_accord_4_5": sum(c["sob"] >= 4 for c in clean) / n,
            "capacite_agir_moyenne_0_10": sum(c["agency"] for c in clean) / n,
        },
    )
    f = "enquete_benevoles.csv"
    b.mess(
        f,
        "format",
        "export KoboToolbox : chemins de groupe dans les noms de colonnes, "
        "choix multiple en colonne texte et en colonnes 0/1",
    )
    b.mess(f, "ligne_test", 2)
    b.mess(f, "lignes_soumission_en_double", [dup_at + 2, dup_at + 3])
    return [s["holder"]["hid"] for s in respondents]


def _uuid(rng: np.random.Generator) -> str:
    text = "".join(f"{int(x):x}" for x in rng.integers(0, 16, 32))
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


TOC_DRAFT = """\
# Théorie du changement — Ohm & Territoires (brouillon de départ, données fictives)
version: 1
probleme: >-
  La transition énergétique se décide loin des habitants : les projets d'énergie
  renouvelable sont portés par de grands opérateurs, les retombées quittent le territoire,
  et les citoyens comme les petites communes ne savent pas comment s'y prendre.
impact:
  id: I
  libelle: Des territoires où les habitants décident et profitent de leur énergie
activites:
  - id: A1
    libelle: Réunions publiques et accompagnement à l'émergence de collectifs citoyens
  - id: A2
    libelle: Formation des bénévoles et appui au montage juridique, technique et financier
  - id: A3
    libelle: Suivi des centrales en exploitation et animation de la vie coopérative
realisations:
  - id: R1
    libelle: Collectifs accompagnés jusqu'à la mise en service
  - id: R2
    libelle: Citoyens et communes sociétaires
  - id: R3
    libelle: Toitures solaires en exploitation
effets:
  - id: E1
    libelle: Des bénévoles qui acquièrent des connaissances et des compétences
    horizon: court
    parties_prenantes: [PP2]
    dimensions:
      quoi: Connaissances techniques, compétences en finance, droit, animation
      qui: Bénévoles des collectifs, souvent sans expérience de l'énergie
      combien: Part des bénévoles qui déclarent avoir appris (enquête)
      contribution: L'accompagnement, à côté des formations du réseau régional
      risque: Réponses des bénévoles les plus investis seulement
  - id: E2
    libelle: Une épargne locale investie dans le territoire
    horizon: court
    parties_prenantes: [PP1, PP4]
  - id: E3
    libelle: Une électricité renouvelable produite localement
    horizon: moyen
    parties_prenantes: [PP5]
  - id: E4
    libelle: Des habitants qui changent leurs usages de l'énergie
    horizon: moyen
    parties_prenantes: [PP1, PP2]
  - id: E5
    libelle: Des citoyens et des communes qui pèsent dans la politique énergétique locale
    horizon: long
    parties_prenantes: [PP1, PP4]
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R1}
  - {de: A1, vers: R2}
  - {de: A2, vers: R3}
  - {de: A3, vers: R3}
  - de: R1
    vers: E1
    hypothese: Porter un projet concret fait apprendre plus qu'une formation
  - de: R2
    vers: E2
    hypothese: Des parts de 50 ou 100 euros rendent l'investissement accessible
  - de: R3
    vers: E3
    hypothese: Les toitures produisent autour de 1 000 kWh par kWc et par an
  - de: E1
    vers: E4
    hypothese: Comprendre l'énergie conduit à la consommer autrement
  - de: E1
    vers: E5
    hypothese: Des bénévoles compétents deviennent des interlocuteurs des élus
  - {de: E3, vers: I}
  - {de: E5, vers: I}
parties_prenantes:
  - id: PP1
    nom: Habitants sociétaires
    categorie: beneficiaires
    influence: 3
    concernement: 4
  - id: PP2
    nom: Bénévoles des collectifs
    categorie: benevoles
    influence: 4
    concernement: 5
  - id: PP3
    nom: Équipe salariée de l'association
    categorie: equipe
    influence: 4
    concernement: 4
  - id: PP4
    nom: Communes et intercommunalités
    categorie: partenaires
    influence: 4
    concernement: 3
  - id: PP5
    nom: Région et ADEME
    categorie: financeurs
    influence: 5
    concernement: 2
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — Ohm & Territoires (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Sociétaires distincts
    type: realisation
    element: R2
    definition: >-
      Titulaires distincts des registres (une personne présente dans deux collectifs compte une
      fois)
    unite: sociétaires
    source: societaires
  - id: IND2
    libelle: Collectifs en exploitation
    type: realisation
    element: R1
    definition: Collectifs dont la dernière étape du suivi est l'exploitation
    unite: collectifs
    source: accompagnement
    cible: 12
  - id: IND3
    libelle: Productible des toitures
    type: effet
    element: E3
    definition: Production d'une année civile complète divisée par la puissance installée
    unite: kWh/kWc/an
    source: production
    cible: 1000
  - id: IND4
    libelle: Capital citoyen et public souscrit
    type: effet
    element: E2
    definition: Somme des montants souscrits dans les registres (en euros)
    unite: euros
    source: societaires
  - id: IND5
    libelle: Part des bénévoles ayant acquis des connaissances techniques
    type: effet
    element: E1
    definition: Réponses « beaucoup » ou « un peu » sur les répondants valides
    unite: "%"
    source: enquete_benevoles
    cible: 80
  - id: IND6
    libelle: Part des sociétaires bénévoles
    type: realisation
    element: R2
    definition: >-
      Titulaires personnes physiques distincts marqués bénévoles, sur les titulaires personnes
      physiques distincts
    unite: "%"
    source: societaires
    formule:
      table: societaires
      agregation: part
      colonne: benevole
      valeurs: [true]
      filtre:
        type: [personne physique]
"""

"""Sample structure ``insertion-transport``: a work-integration enterprise in road haulage.

An *entreprise d'insertion* (EI, insertion par l'activité économique) that hires people far
from work as drivers' mates and drivers on six-month renewable contracts (CDDI, up to 24
months) and trains them towards the heavy-goods-vehicle licences. Files as such an
enterprise really holds them, exported from its software and from the ASP's Extranet IAE:

- ``salaries_iae.csv``: the « fiche salarié » with the official codes (education level,
  prescriber, time without work in bands, RSA ``OUI-M``/``OUI-NM``/``NON``, RQTH, AAH…),
  ``;`` cp1252, ``DD/MM/YYYY``; two people rehired in the year have a second fiche (same
  PASS IAE, name typed differently); leading zeros of codes lost in a few rows; the
  prescriber « Pôle emploi » also written « France Travail »;
- ``contrats.csv``: one row per contract or renewal, with the official exit reason and its
  category (left empty in some rows);
- ``heures_mensuelles.csv``: hours worked per person and month, comma decimals, a total row
  per month with ``12 345,67`` thousands (no-break space), a few months missing;
- ``formations.csv``: FIMO, licences C and CE, CACES…, labels typed several ways, dates in
  three formats;
- ``freins.csv``: the eight standard « freins », concerned / accompanied / lifted, UTF-8 with
  BOM, a column name with a trailing space;
- ``enquete_sortants_6mois.csv``: phone survey six months after exit, about half answered,
  « Sans nouvelle ».

Planted truth: distinct people, exits by category with the counting rule, the share of
« sorties dynamiques », employment at 6 months among respondents (against the DARES 45 %),
HGV licences obtained, barriers lifted, entry profile, hours worked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._base import NBSP, Faker, SampleBuild, date_text, fr_number, write_csv

SLUG = "insertion-transport"
SEED = 20250307
NAME = "Cap Sambre Transports — entreprise d'insertion"
TITLE = "Entreprise d'insertion (IAE) dans le transport routier de marchandises"
DESCRIPTION = (
    "Entreprise d'insertion de la Sambre-Avesnois qui assure du transport régional de "
    "marchandises et de la logistique pour des chargeurs locaux. Elle emploie chaque année "
    "une centaine de "
    "personnes durablement éloignées de l'emploi (chômage de longue durée, bénéficiaires du "
    "RSA, jeunes sans qualification) en contrat à durée déterminée d'insertion de six mois "
    "renouvelable jusqu'à 24 mois. Les salariés apprennent le métier sur la route, passent la "
    "FIMO et les permis poids lourd, et sont accompagnés sur leurs freins (mobilité, logement, "
    "démarches, dettes) jusqu'à un emploi chez un transporteur du territoire."
)
TERRITORY = "Sambre-Avesnois (Nord), autour de Maubeuge"
YEAR = 2024
YEAR_START, YEAR_END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
HOURS_FROM = dt.date(2023, 1, 1)  # the hours and training exports cover 2023 and 2024
MIN_DAYS = 90  # exits count only after three months in the pathway (EI rule)

TOWNS = [
    ("59600", "Maubeuge"),
    ("59330", "Hautmont"),
    ("59460", "Jeumont"),
    ("59620", "Aulnoye-Aymeries"),
    ("59720", "Louvroil"),
    ("59750", "Feignies"),
    ("59610", "Fourmies"),
    ("59440", "Avesnes-sur-Helpe"),
]
SITES = ["Maubeuge (siège)", "Aulnoye-Aymeries", "Valenciennes (entrepôt)"]
SITE_P = [0.5, 0.3, 0.2]

# ASP reference lists (§2.2 of the reference notes)
NIVEAU_FORMATION = {
    "00": "Personnes avec qualifications non certifiantes",
    "01": "Jamais scolarisé",
    "10": "Troisième cycle ou école d'ingénieur",
    "20": "Licence",
    "30": "BTS/DUT",
    "40": "Niveau bac",
    "41": "Brevet de technicien ou bac pro",
    "50": "Niveau CAP/BEP",
    "51": "Diplôme CAP/BEP obtenu",
    "60": "Formation courte d'un an",
    "70": "Pas de formation au-delà de la scolarité obligatoire",
}
NIVEAU_P = {
    "00": 0.06,
    "01": 0.04,
    "30": 0.01,
    "40": 0.1,
    "41": 0.05,
    "50": 0.28,
    "51": 0.14,
    "60": 0.02,
    "70": 0.30,
}
ORIENTEURS = {
    "Pôle emploi": 0.58,
    "Mission locale": 0.14,
    "PLIE": 0.08,
    "Service social du conseil départemental": 0.05,
    "SPIP": 0.05,
    "CCAS": 0.03,
    "Candidature spontanée": 0.05,
    "CHRS": 0.02,
}
SANS_EMPLOI = ["NON", "MOINS DE 6 MOIS", "DE 6 A 11 MOIS", "DE 12 à 23 MOIS", "24 MOIS ET PLUS"]
SANS_EMPLOI_P = [0.03, 0.15, 0.19, 0.25, 0.38]
RSA = ["OUI-NM", "OUI-M", "NON"]
RSA_P = [0.36, 0.06, 0.58]

# official exit reasons (ASP labels) and the category each belongs to
EMPLOI_DURABLE, EMPLOI_TRANSITION, SORTIES_POSITIVES, AUTRES, RETRAIT = (
    "Emploi durable",
    "Emploi de transition",
    "Sorties positives",
    "Autres sorties",
    "Retrait des sorties constatées",
)
DYNAMIC = (EMPLOI_DURABLE, EMPLOI_TRANSITION, SORTIES_POSITIVES)
MOTIFS: dict[str, list[tuple[str, float]]] = {
    EMPLOI_DURABLE: [
        ("Embauche en CDI non aidé", 0.42),
        ("Embauche en CDI aidé", 0.05),
        ("Embauche en CDD (sans aide publique à l'emploi) d'une durée de 6 mois et plus", 0.43),
        ("Création ou reprise d'entreprise à son compte", 0.10),
    ],
    EMPLOI_TRANSITION: [
        ("Embauche en CDD (sans aide publique à l'emploi) de moins de 6 mois (hors IAE)", 1.0)
    ],
    SORTIES_POSITIVES: [
        ("Entrée en formation qualifiante ou poursuite de formation qualifiante", 0.4),
        ("Embauche pour une durée déterminée dans une autre structure IAE", 0.35),
        ("Autre sortie reconnue comme positive", 0.25),
    ],
    AUTRES: [("Au chômage", 0.6), ("Inactif", 0.15), ("Sans nouvelle", 0.25)],
    RETRAIT: [
        ("Prise des droits à la retraite", 0.12),
        ("Rupture employeur pour faute grave du salarié", 0.38),
        ("Décision administrative / Décision de justice", 0.12),
        ("Transfert d'employeur", 0.13),
        ("Sortie automatique", 0.25),
    ],
}
MOTIF_CATEGORY = {label: cat for cat, items in MOTIFS.items() for label, _ in items}
CATEGORY_ORDER = [EMPLOI_DURABLE, EMPLOI_TRANSITION, SORTIES_POSITIVES, AUTRES, RETRAIT]
EXIT_P_LONG = [0.24, 0.2, 0.14, 0.34, 0.08]  # pathway of three months or more
EXIT_P_SHORT = [0.0, 0.1, 0.0, 0.7, 0.2]

FREINS = [
    "Illettrisme / analphabétisme / FLE",
    "Démarches administratives et accès aux droits",
    "Hébergement / Logement",
    "Manque de mobilité",
    "Santé (addiction, souffrance et handicap psy, autres)",
    "Justice",
    "Surendettement et finances",
    "Manque de disponibilité",
]
FREIN_VARIANTS = {
    "Hébergement / Logement": ["Hébergement/Logement", "Logement"],
    "Manque de mobilité": ["Mobilité"],
    "Surendettement et finances": ["Surendettement / finances"],
}
FREIN_PREVALENCE = [0.14, 0.5, 0.3, 0.42, 0.25, 0.12, 0.32, 0.15]
ACCOMPANIED_P = 0.8
LIFTED_P = {True: 0.48, False: 0.1}

TRAININGS = {  # key -> (label variants, hours range, success)
    "FIMO": (["FIMO marchandises", "FIMO", "Fimo marchandises"], (140, 140), 0.9),
    "C": (["Permis C", "PERMIS C", "Permis poids lourd (C)"], (105, 140), 0.7),
    "CE": (["Permis CE", "Permis C+E", "permis CE (super lourd)"], (70, 105), 0.7),
    "CACES": (["CACES R489 cat. 1-3-5", "Caces R489", "CACES chariot R489"], (21, 35), 0.85),
    "ECO": (["Éco-conduite", "Eco-conduite", "éco conduite"], (7, 7), 1.0),
    "SST": (["SST", "Sauveteur secouriste du travail"], (14, 14), 0.95),
}
TRAINING_P = {"FIMO": 0.6, "C": 0.5, "CACES": 0.3, "ECO": 0.4, "SST": 0.25}
CE_AFTER_C_P = 0.3

SURVEY_RESPONSE = {
    EMPLOI_DURABLE: 0.7,
    EMPLOI_TRANSITION: 0.6,
    SORTIES_POSITIVES: 0.6,
    AUTRES: 0.42,
    RETRAIT: 0.35,
}
EMPLOYED_6M = {
    EMPLOI_DURABLE: 0.86,
    EMPLOI_TRANSITION: 0.6,
    SORTIES_POSITIVES: 0.38,
    AUTRES: 0.2,
    RETRAIT: 0.15,
}
SURVEY_SITUATIONS = {
    "emploi": [
        "En emploi",
        "CDI",
        "CDD",
        "Intérim",
        "interim",
        "Contrat aidé",
        "En emploi (autre SIAE)",
        "Création d'entreprise",
    ],
    "formation": ["En formation", "Formation qualifiante"],
    "chomage": ["Demandeur d'emploi", "Recherche d'emploi", "chômage"],
    "inactif": ["Inactif", "Arrêt maladie", "Congé parental"],
}
RSA_EMPLOYMENT_FACTOR = {True: 0.6, False: 1.15}  # DARES: 36 % of RSA leavers, 50 % of others
NO_ANSWER = ["Sans nouvelle", "NRP", "Injoignable", "Numéro non attribué"]
N_REHIRED = 2
#: Days between two hires, drawn in [low, high) (the size of the workforce).
HIRE_GAP_DAYS = (3, 12)


# --------------------------------------------------------------------------------------
def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    paths = _paths(rng, fake)
    _write_employees(b, rng, fake, paths)
    ids_of = {"heures": _write_hours(b, rng, paths)}
    ids_of["contrats"] = _write_contracts(b, rng, fake, paths)
    ids_of["formations"] = _write_trainings(b, rng, fake, paths)
    ids_of["freins"] = _write_barriers(b, rng, fake, paths)
    ids_of["enquete_sortants"] = _write_survey(b, rng, fake, paths)
    _count_people(b, paths, ids_of)
    return [
        {
            "chemin": "donnees-brutes/salaries_iae.csv",
            "role": "salaries",
            "description": "fiches salariés au format de l'Extranet IAE (codes officiels de "
            "niveau, orienteur, durée sans emploi, minima sociaux)",
            "donnees_personnelles": True,
            "donnees_sensibles": True,
            "personnes": {
                "identifiant": "pass_iae",
                "nom": "nom_usage",
                "prenom": "prenom",
                "date_naissance": "date_naissance",
                "adresse": "adresse",
                "telephone": "telephone",
                "une_ligne_par_personne": True,
            },
        },
        {
            "chemin": "donnees-brutes/contrats.csv",
            "role": "contrats",
            "description": "contrats et renouvellements (une ligne par contrat), motifs et "
            "catégories de sortie officiels",
        },
        {
            "chemin": "donnees-brutes/heures_mensuelles.csv",
            "role": "heures",
            "description": "heures travaillées par salarié et par mois (état mensuel), avec une "
            "ligne de total par mois",
        },
        {
            "chemin": "donnees-brutes/formations.csv",
            "role": "formations",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "intitule": {
                    "FIMO marchandises": "FIMO",
                    "Fimo marchandises": "FIMO",
                    "Permis C": "C",
                    "PERMIS C": "C",
                    "Permis poids lourd (C)": "C",
                    "Permis CE": "CE",
                    "Permis C+E": "CE",
                    "permis CE (super lourd)": "CE",
                    "CACES R489 cat. 1-3-5": "CACES",
                    "Caces R489": "CACES",
                    "CACES chariot R489": "CACES",
                    "Sauveteur secouriste du travail": "SST",
                }
            },
            "description": "formations suivies (FIMO, permis C et CE, CACES, éco-conduite, SST) "
            "et leur résultat",
        },
        {
            "chemin": "donnees-brutes/freins.csv",
            "role": "freins",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "frein": {
                    "Logement": "Hébergement / Logement",
                    "Mobilité": "Manque de mobilité",
                    "Surendettement / finances": "Surendettement et finances",
                }
            },
            "description": "les huit freins périphériques : concerné, accompagné, levé",
            "donnees_sensibles": True,
        },
        {
            "chemin": "donnees-brutes/enquete_sortants_6mois.csv",
            "role": "enquete_sortants",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "situation_6_mois": {
                    "Recherche d'emploi": "chomage",
                    "Demandeur d'emploi": "chomage",
                    "chômage": "chomage",
                    "CDI": "emploi",
                    "Intérim": "emploi",
                    "Contrat aidé": "emploi",
                    "CDD": "emploi",
                    "En emploi": "emploi",
                    "Création d'entreprise": "emploi",
                    "En emploi (autre SIAE)": "emploi",
                    "Inactif": "inactif",
                    "Congé parental": "inactif",
                    "Arrêt maladie": "inactif",
                    "En formation": "formation",
                    "Formation qualifiante": "formation",
                }
            },
            "description": "enquête téléphonique six mois après la sortie",
            "donnees_personnelles": True,
            "personnes": {"nom": "nom", "prenom": "prenom", "telephone": "telephone"},
        },
    ]


def _count_people(
    b: SampleBuild, paths: list[dict[str, Any]], ids_of: dict[str, list[str]]
) -> None:
    """The true number of distinct people per table: one person = one PASS IAE number.

    ``ids_of`` holds, per table, the ``id_salarie`` of each row written (a person rehired in
    the year has two); total rows are not rows about a person.
    """
    pass_of = {p["id"]: p["pass"] for p in paths}
    employed = {p["pass"] for p in paths}
    b.count_people(
        "salaries",
        (p["pass"] for p in paths),
        register=employed,
        identified_by="numéro de PASS IAE (avec nom, prénom, date de naissance) ; une fiche "
        "par embauche",
        lignes=len(paths),
    )
    what = {
        "contrats": "id_salarie (une fiche), une ligne par contrat ou renouvellement",
        "heures": "id_salarie (une fiche), une ligne par mois travaillé ; lignes TOTAL exclues",
        "formations": "id_salarie (une fiche), une ligne par formation",
        "freins": "id_salarie (une fiche), une ligne par frein diagnostiqué",
        "enquete_sortants": "nom, prénom, téléphone et id_salarie, une ligne par sortant appelé",
    }
    for role in ("contrats", "heures", "formations", "freins", "enquete_sortants"):
        ids = ids_of[role]
        b.count_people(
            role,
            (pass_of[i] for i in ids),
            register=employed,
            identified_by=what[role],
            lignes=len(ids),
        )


# --------------------------------------------------------------------------------------
# Pathways
# --------------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError(day)


def _draw_profile(rng: np.random.Generator, fake: Faker) -> dict[str, Any]:
    codes = list(NIVEAU_P)
    orienteurs = list(ORIENTEURS)
    rsa = RSA[int(rng.choice(3, p=RSA_P))]
    return {
        "niveau": codes[int(rng.choice(len(codes), p=list(NIVEAU_P.values())))],
        "orienteur": orienteurs[int(rng.choice(len(orienteurs), p=list(ORIENTEURS.values())))],
        "sans_emploi": SANS_EMPLOI[int(rng.choice(5, p=SANS_EMPLOI_P))],
        "rsa": rsa,
        "ass": "OUI" if rsa == "NON" and rng.random() < 0.1 else "NON",
        "aah": "OUI" if rng.random() < 0.04 else "NON",
        "rqth": "OUI" if rng.random() < 0.1 else "NON",
        "hebergement": "OUI" if rng.random() < 0.12 else "NON",
        "parent_isole": "OUI" if rng.random() < 0.08 else "NON",
        "refugie": "OUI" if rng.random() < 0.05 else "NON",
        "detention": "OUI" if rng.random() < 0.07 else "NON",
        "qpv": fake.choice(["Oui", "Non", "Non renseigné"], p=[0.4, 0.5, 0.1]),
        "site": fake.choice(SITES, p=SITE_P),
        "weekly": int(fake.choice([26, 30, 35], p=[0.4, 0.2, 0.4])),
    }


def _duration_days(rng: np.random.Generator) -> int:
    if rng.random() < 0.13:
        return int(rng.integers(12, 85))
    return int(min(730, round(float(rng.uniform(4, 22)) * 30.44)))


def _contracts_of(
    rng: np.random.Generator,
    hire: dt.date,
    exit_day: dt.date | None,
) -> list[tuple[dt.date, dt.date]]:
    """The contract periods signed up to the exit (or up to the end of the year)."""
    cap = _add_months(hire, 24) - dt.timedelta(days=1)
    out = []
    start = hire
    first = 6 if rng.random() < 0.7 else 4
    length = first
    while True:
        end = min(cap, _add_months(start, length) - dt.timedelta(days=1))
        out.append((start, end))
        if (exit_day is not None and end >= exit_day) or end >= cap or end >= YEAR_END:
            return out
        start = end + dt.timedelta(days=1)
        length = 6 if rng.random() < 0.75 else 4


def _paths(rng: np.random.Generator, fake: Faker) -> list[dict[str, Any]]:
    """One dict per id_salarie (a person rehired after an exit has two)."""
    paths: list[dict[str, Any]] = []
    day = dt.date(2022, 6, 1)
    while day <= dt.date(2024, 12, 10):
        hire = day + dt.timedelta(days=int(rng.integers(0, 6)))
        while hire.weekday() >= 5:
            hire += dt.timedelta(days=1)
        days = _duration_days(rng)
        exit_day = hire + dt.timedelta(days=days)
        day += dt.timedelta(days=int(rng.integers(*HIRE_GAP_DAYS)))
        if exit_day < YEAR_START:
            continue
        paths.append(
            {"hire": hire, "days": days, "exit": exit_day if exit_day <= YEAR_END else None}
        )
    # two people leave early in 2024 and are hired again a few months later
    short_2024 = [
        p
        for p in paths
        if p["exit"] is not None
        and p["days"] < MIN_DAYS
        and p["hire"] >= YEAR_START
        and p["exit"] <= dt.date(2024, 5, 31)
    ]
    rehired = short_2024[:N_REHIRED]
    for k, first in enumerate(rehired):
        hire = first["exit"] + dt.timedelta(days=int(rng.integers(60, 100)))
        while hire.weekday() >= 5:
            hire += dt.timedelta(days=1)
        days = min(int(rng.integers(120, 170)), (dt.date(2024, 12, 15) - hire).days)
        second = {
            "hire": hire,
            "days": days,
            "exit": hire + dt.timedelta(days=days),
            "rehire_of": k,
        }
        first["rehired_as"] = k
        paths.append(second)
    paths.sort(key=lambda p: p["hire"])
    persons: dict[int, dict[str, Any]] = {}
    for i, p in enumerate(paths):
        if "rehire_of" in p:
            origin = next(q for q in paths if q.get("rehired_as") == p["rehire_of"])
            p["person"], p["profile"], p["pass"] = (
                origin["person"],
                dict(origin["profile"]),
                origin["pass"],
            )
            p["person_key"] = origin["person_key"]
        else:
            p["person"] = fake.person(
                towns=TOWNS, min_age=19, max_age=58, year=YEAR, sex_ratio_f=0.14
            )
            p["profile"] = _draw_profile(rng, fake)
            p["pass"] = "99999" + "".join(str(d) for d in rng.integers(0, 10, size=7))
            p["person_key"] = i
        persons[p["person_key"]] = p["person"]
        p["id"] = "".join(f"{int(v):x}" for v in rng.integers(0, 16, size=10))
        p["contracts"] = _contracts_of(rng, p["hire"], p["exit"])
        if p["exit"] is not None:
            last_end = p["contracts"][-1][1]
            if (last_end - p["exit"]).days <= 10:
                p["exit"] = last_end  # left at the end of the contract
            p["days"] = (p["exit"] - p["hire"]).days
            if "rehire_of" in p:
                category = EMPLOI_DURABLE if p["rehire_of"] == 0 else SORTIES_POSITIVES
            elif "rehired_as" in p:
                category = AUTRES
            else:
                probs = EXIT_P_LONG if p["days"] >= MIN_DAYS else EXIT_P_SHORT
                category = CATEGORY_ORDER[int(rng.choice(5, p=probs))]
            labels, weights = zip(*MOTIFS[category], strict=True)
            p["category"] = category
            p["motif"] = labels[int(rng.choice(len(labels), p=list(weights)))]
        else:
            p["category"], p["motif"] = None, None
    return paths


# --------------------------------------------------------------------------------------
# Employee file
# --------------------------------------------------------------------------------------
def _write_employees(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, paths: list[dict[str, Any]]
) -> None:
    rows, lost_zero, ft_rows, variant_rows = [], [], [], []
    for p in paths:
        person, prof = p["person"], p["profile"]
        line = len(rows) + 2
        first, last = person.first_name, person.last_name
        if "rehire_of" in p:
            first, last = fake.name_variant(first), fake.name_variant(last)
            if (first, last) == (person.first_name, person.last_name):
                last = last.upper()
            variant_rows.append(line)
        niveau = prof["niveau"]
        if niveau.startswith("0") and rng.random() < 0.5:
            niveau = niveau[1:]  # the file went through a spreadsheet once
            lost_zero.append(line)
        orienteur = prof["orienteur"]
        if orienteur == "Pôle emploi" and p["hire"] >= YEAR_START and rng.random() < 0.5:
            orienteur = "France Travail"
            ft_rows.append(line)
        inscrit = "NON" if prof["sans_emploi"] == "NON" or rng.random() < 0.06 else "OUI"
        rows.append(
            [
                p["id"],
                p["pass"],
                "Mme" if person.sex == "F" else "M.",
                last.upper() if "rehire_of" not in p else last,
                first,
                date_text(person.birth_date, "dmy"),
                person.street,
                person.postcode,
                person.town,
                person.phone,
                niveau,
                orienteur,
                prof["sans_emploi"],
                inscrit,
                prof["sans_emploi"] if inscrit == "OUI" else "",
                prof["rsa"],
                prof["ass"],
                prof["aah"],
                prof["rqth"],
                prof["hebergement"],
                prof["parent_isole"],
                prof["refugie"],
                prof["detention"],
                prof["qpv"],
                prof["site"],
                date_text(p["hire"], "dmy"),
            ]
        )
    header = [
        "id_salarie",
        "pass_iae",
        "civilite",
        "nom_usage",
        "prenom",
        "date_naissance",
        "adresse",
        "code_postal",
        "commune",
        "telephone",
        "niveau_formation",
        "orienteur",
        "sans_emploi_depuis",
        "inscrit_pe",
        "inscrit_pe_depuis",
        "salarie_rsa",
        "salarie_ass",
        "salarie_aah",
        "salarie_rqth",
        "hebergement",
        "parent_isole",
        "refugie",
        "sortant_detention",
        "residence_qpv",
        "site",
        "date_premiere_embauche",
    ]
    write_csv(rows, header, b.raw("salaries_iae.csv"), sep=";", encoding="cp1252")
    people = _people(paths)
    profiles = [pp["profile"] for pp in people]
    b.plant("fiches_salaries", len(paths))
    b.plant(
        "personnes_distinctes",
        {
            "n": len(people),
            "regle": "une personne = un numéro de PASS IAE (deux personnes "
            "réembauchées en 2024 ont deux fiches)",
            "presentes_en_2024": len(people),
        },
    )
    b.plant(
        "profil_entree",
        {
            "definition": "sur les personnes distinctes (fiche la plus récente)",
            "part_rsa": float(np.mean([pr["rsa"] != "NON" for pr in profiles])),
            "part_rsa_majore": float(np.mean([pr["rsa"] == "OUI-M" for pr in profiles])),
            "part_sans_emploi_24_mois_et_plus": float(
                np.mean([pr["sans_emploi"] == "24 MOIS ET PLUS" for pr in profiles])
            ),
            "part_rqth": float(np.mean([pr["rqth"] == "OUI" for pr in profiles])),
            "part_femmes": float(np.mean([pp["person"].sex == "F" for pp in people])),
        },
    )
    b.mess("salaries_iae.csv", "encodage", "cp1252, séparateur point-virgule, dates JJ/MM/AAAA")
    b.mess("salaries_iae.csv", "lignes_code_niveau_sans_zero", lost_zero)
    b.mess("salaries_iae.csv", "lignes_orienteur_france_travail", ft_rows)
    b.mess("salaries_iae.csv", "lignes_fiche_en_double_nom_variante", variant_rows)
    b.mess(
        "salaries_iae.csv",
        "casse_incoherente_sans_emploi_depuis",
        "« DE 6 A 11 MOIS » mais « DE 12 à 23 MOIS », comme dans le référentiel ASP",
    )
    b.mess("salaries_iae.csv", "personne_par_ligne", [p["pass"] for p in paths])


def _people(paths: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest path of each person (by PASS IAE), in order of first hire."""
    latest: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for p in paths:
        if p["pass"] not in latest:
            order.append(p["pass"])
        latest[p["pass"]] = p
    return [latest[k] for k in order]


# --------------------------------------------------------------------------------------
# Contracts and exits
# --------------------------------------------------------------------------------------
def _write_contracts(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, paths: list[dict[str, Any]]
) -> list[str]:
    """Contracts and exits; returns the ``id_salarie`` of each row."""
    rows: list[list[str]] = []
    exit_lines: list[tuple[int, str]] = []
    for p in paths:
        for k, (start, end) in enumerate(p["contracts"]):
            if end < YEAR_START:
                continue  # the export holds the contracts in force in 2024
            last = k == len(p["contracts"]) - 1
            exited = last and p["exit"] is not None
            rows.append(
                [
                    f"C{len(rows) + 1:05d}",
                    p["id"],
                    "EI_DC",
                    date_text(start, "dmy"),
                    date_text(end, "dmy"),
                    str(k),
                    date_text(p["exit"], "dmy") if exited else "",
                    p["motif"] if exited else "",
                    p["category"] if exited else "",
                ]
            )
            if exited:
                exit_lines.append((len(rows) + 1, p["motif"]))
    # some exports leave the category empty: always for a reason that appears elsewhere
    blank_lines = []
    motif_seen: dict[str, int] = {}
    for line, motif in exit_lines:
        motif_seen[motif] = motif_seen.get(motif, 0) + 1
        if motif_seen[motif] > 1 and rng.random() < 0.25:
            rows[line - 2][8] = ""
            blank_lines.append(line)
    write_csv(
        rows,
        [
            "id_contrat",
            "id_salarie",
            "mesure",
            "date_embauche",
            "date_fin_contrat",
            "num_reconduction",
            "date_sortie_definitive",
            "motif_sortie",
            "categorie_sortie",
        ],
        b.raw("contrats.csv"),
        sep=";",
        encoding="cp1252",
    )

    # exits of the year by the counting rule
    exits = [p for p in paths if p["exit"] is not None and YEAR_START <= p["exit"] <= YEAR_END]
    latest: dict[str, dict[str, Any]] = {}
    for p in sorted(exits, key=lambda q: q["exit"]):
        latest[p["pass"]] = p
    kept = sorted(latest.values(), key=lambda q: q["exit"])
    not_withdrawn = [p for p in kept if p["category"] != RETRAIT]
    counted = [p for p in not_withdrawn if p["days"] >= MIN_DAYS and p["hours_total"] > 0]
    by_cat = {c: sum(1 for p in counted if p["category"] == c) for c in CATEGORY_ORDER[:4]}
    dynamic = sum(by_cat[c] for c in DYNAMIC)
    for p in paths:
        p["counted_exit"] = any(p is q for q in counted)
    b.plant(
        "contrats",
        {
            "lignes": len(rows),
            "personnes_presentes_2024": len(_people(paths)),
            "renouvellements": sum(1 for r in rows if r[5] != "0"),
        },
    )
    b.plant(
        "sorties",
        {
            "regle_de_comptage": {
                "periode": "date_sortie_definitive entre le 01/01/2024 et le 31/12/2024",
                "une_sortie_par_personne": "la plus récente par numéro de PASS IAE",
                "retrait": "catégorie « Retrait des sorties constatées » exclue",
                "duree_minimale_jours": MIN_DAYS,
                "duree": "date_sortie_definitive − date_premiere_embauche (salaries_iae.csv) de "
                "la fiche",
                "heures": "au moins une heure travaillée dans heures_mensuelles",
                "ordre": "période, puis sortie la plus récente par personne, puis retrait, puis "
                "durée et heures",
            },
            "sorties_brutes_2024": len(exits),
            "apres_derniere_par_personne": len(kept),
            "retraits": len(kept) - len(not_withdrawn),
            "parcours_trop_courts": len(not_withdrawn) - len(counted),
            "sorties_comptees": len(counted),
            "par_categorie": by_cat,
            "retraits_par_categorie": {RETRAIT: len(kept) - len(not_withdrawn)},
            "sorties_dynamiques": dynamic,
            "part_sorties_dynamiques": dynamic / len(counted),
            "part_emploi_durable": by_cat[EMPLOI_DURABLE] / len(counted),
            "part_emploi_transition": by_cat[EMPLOI_TRANSITION] / len(counted),
            "part_sorties_positives": by_cat[SORTIES_POSITIVES] / len(counted),
            "definition_sorties_dynamiques": "emploi durable + emploi de transition + sorties "
            "positives, sur les sorties comptées",
            "correspondance_motif_categorie": MOTIF_CATEGORY,
            "duree_moyenne_parcours_mois": float(np.mean([p["days"] for p in counted]) / 30.44),
        },
    )
    b.mess("contrats.csv", "lignes_categorie_vide", blank_lines)
    b.mess(
        "contrats.csv",
        "plusieurs_lignes_par_personne",
        "une ligne par contrat ou renouvellement ; la sortie est sur la dernière ligne",
    )
    b.mess(
        "contrats.csv",
        "contrats_anterieurs_absents",
        "seuls les contrats en vigueur en 2024 sont exportés : la première ligne d'une "
        "personne embauchée avant 2024 peut avoir num_reconduction > 0 ; la date de "
        "première embauche est dans salaries_iae.csv",
    )
    return [r[1] for r in rows]


# --------------------------------------------------------------------------------------
# Monthly hours
# --------------------------------------------------------------------------------------
def _month_overlap(start: dt.date, end: dt.date, year: int, month: int) -> float:
    first = dt.date(year, month, 1)
    last = _add_months(first, 1) - dt.timedelta(days=1)
    a, z = max(start, first), min(end, last)
    if z < a:
        return 0.0
    return ((z - a).days + 1) / ((last - first).days + 1)


def _write_hours(
    b: SampleBuild, rng: np.random.Generator, paths: list[dict[str, Any]]
) -> list[str]:
    """Monthly hours; returns the ``id_salarie`` of each row about a person."""
    months = [(y, m) for y in (2023, 2024) for m in range(1, 13)]
    per_month: dict[tuple[int, int], list[tuple[str, float]]] = {ym: [] for ym in months}
    for p in paths:
        end = p["exit"] or YEAR_END
        monthly = p["profile"]["weekly"] * 52 / 12
        for y, m in months:
            share = _month_overlap(max(p["hire"], HOURS_FROM), end, y, m)
            if share <= 0:
                continue
            hours = monthly * share
            if rng.random() < 0.08:  # sick leave, unpaid leave
                hours *= float(rng.uniform(0, 0.5))
            hours = round(hours * 4) / 4
            per_month[(y, m)].append((p["id"], hours))
    # a few monthly statements never entered
    candidates = [(ym, i) for ym in months if ym[0] == 2024 for i in range(len(per_month[ym]))]
    picks = sorted(int(k) for k in rng.choice(len(candidates), size=4, replace=False))
    dropped = []
    for k in picks:
        ym, i = candidates[k]
        sid, hours = per_month[ym][i]
        dropped.append({"id_salarie": sid, "annee": ym[0], "mois": ym[1], "heures": hours})
    drop_keys = {(d["id_salarie"], d["annee"], d["mois"]) for d in dropped}
    rows, total_lines = [], []
    total_2024 = 0.0
    hours_of: dict[str, float] = {}
    for y, m in months:
        month_total = 0.0
        for sid, hours in sorted(per_month[(y, m)]):
            if (sid, y, m) in drop_keys:
                continue
            rows.append([sid, str(y), str(m), fr_number(hours, 2)])
            month_total += hours
            hours_of[sid] = hours_of.get(sid, 0.0) + hours
        rows.append(["TOTAL", str(y), str(m), fr_number(month_total, 2)])
        total_lines.append(len(rows) + 1)
        if y == 2024:
            total_2024 += month_total
    for p in paths:
        p["hours_total"] = hours_of.get(p["id"], 0.0)
    write_csv(
        rows,
        ["id_salarie", "annee", "mois", "nb_heures_travail"],
        b.raw("heures_mensuelles.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "heures_travaillees",
        {
            "definition": "somme de nb_heures_travail en 2024, lignes TOTAL exclues",
            "total_2024": total_2024,
            "mois_manquants": len(dropped),
        },
    )
    b.mess("heures_mensuelles.csv", "lignes_total", total_lines)
    b.mess(
        "heures_mensuelles.csv",
        "separateur_milliers",
        f"espace insécable ({NBSP!r}) dans les totaux, virgule décimale",
    )
    b.mess("heures_mensuelles.csv", "mois_manquants", dropped)
    return [r[0] for r in rows if r[0] != "TOTAL"]


# --------------------------------------------------------------------------------------
# Trainings
# --------------------------------------------------------------------------------------
def _write_trainings(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, paths: list[dict[str, Any]]
) -> list[str]:
    """Trainings; returns the ``id_salarie`` of each row."""
    items: list[dict[str, Any]] = []
    for p in paths:
        end = p["exit"] or dt.date(2025, 6, 30)
        span = (end - p["hire"]).days
        if span < 45:
            continue
        cursor = p["hire"] + dt.timedelta(days=int(rng.integers(20, 60)))
        chosen = [k for k in ("SST", "ECO", "CACES", "FIMO", "C") if rng.random() < TRAINING_P[k]]
        c_ok = False
        for key in chosen + ["CE"]:
            if key == "CE" and not (c_ok and rng.random() < CE_AFTER_C_P):
                continue
            labels, (h0, h1), success = TRAININGS[key]
            hours = float(rng.integers(h0, h1 + 1)) if h1 > h0 else float(h0)
            if key in ("C", "CE") and rng.random() < 0.3:
                hours += 0.5
            start = cursor
            finish = start + dt.timedelta(days=int(np.ceil(hours / 35 * 7)))
            cursor = finish + dt.timedelta(days=int(rng.integers(7, 45)))
            if start >= end or start > YEAR_END:
                break
            if finish > YEAR_END:
                result = "En cours"
            else:
                r = rng.random()
                result = (
                    "Obtenu"
                    if r < success
                    else "Échec"
                    if r < success + (1 - success) * 0.6
                    else "Abandon"
                )
            c_ok = c_ok or (key == "C" and result == "Obtenu")
            if finish < HOURS_FROM:
                continue
            items.append(
                {
                    "id": p["id"],
                    "key": key,
                    "label": fake.choice(labels),
                    "start": start,
                    "finish": finish,
                    "hours": hours,
                    "result": result,
                }
            )
    items.sort(key=lambda it: (it["start"], it["id"]))
    rows, styles = [], {"dmy": [], "iso": [], "serial": []}
    for it in items:
        style = fake.choice(list(styles), p=[0.75, 0.15, 0.1])
        styles[style].append(len(rows) + 2)
        rows.append(
            [
                it["id"],
                it["label"],
                "Centre de formation routière"
                if it["key"] in ("FIMO", "C", "CE")
                else "Interne"
                if it["key"] == "ECO"
                else "OF local",
                date_text(it["start"], style),
                date_text(it["finish"], "dmy"),
                fr_number(it["hours"], 1 if it["hours"] % 1 else 0, thousands=""),
                it["result"],
            ]
        )
    write_csv(
        rows,
        [
            "id_salarie",
            "intitule",
            "organisme",
            "date_debut",
            "date_fin",
            "duree_heures",
            "resultat",
        ],
        b.raw("formations.csv"),
        sep=";",
        encoding="cp1252",
    )

    def obtained(key: str) -> list[dict[str, Any]]:
        return [
            it
            for it in items
            if it["key"] == key
            and it["result"] == "Obtenu"
            and YEAR_START <= it["finish"] <= YEAR_END
        ]

    pass_of = {p["id"]: p["pass"] for p in paths}
    heavy = obtained("C") + obtained("CE")
    b.plant(
        "permis_poids_lourd",
        {
            "definition": "résultat « Obtenu » et date_fin en 2024",
            "permis_C_obtenus": len(obtained("C")),
            "permis_CE_obtenus": len(obtained("CE")),
            "total_obtenus": len(heavy),
            "personnes_avec_un_permis_poids_lourd": len({pass_of[it["id"]] for it in heavy}),
            "FIMO_obtenues": len(obtained("FIMO")),
            "intitules": {k: v[0] for k, v in TRAININGS.items()},
            "taux_reussite_permis_C": len(obtained("C"))
            / max(
                1,
                sum(
                    1
                    for it in items
                    if it["key"] == "C"
                    and it["result"] in ("Obtenu", "Échec", "Abandon")
                    and YEAR_START <= it["finish"] <= YEAR_END
                ),
            ),
        },
    )
    b.mess("formations.csv", "lignes_date_debut_par_format", styles)
    b.mess("formations.csv", "variantes_intitule", {k: v[0] for k, v in TRAININGS.items()})
    return [it["id"] for it in items]


# --------------------------------------------------------------------------------------
# Barriers
# --------------------------------------------------------------------------------------
def _write_barriers(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, paths: list[dict[str, Any]]
) -> list[str]:
    """The barriers; returns the ``id_salarie`` of each row."""
    rows = []
    stats = {f: {"concernes": 0, "accompagnes": 0, "leves": 0} for f in FREINS}
    variant_lines: list[int] = []
    diagnosed = 0
    for p in _people(paths):
        if rng.random() < 0.08:
            continue  # diagnostic never entered
        diagnosed += 1
        day = p["hire"] + dt.timedelta(days=int(rng.integers(5, 30)))
        closing = p["exit"] or YEAR_END
        for k, frein in enumerate(FREINS):
            concerned = rng.random() < FREIN_PREVALENCE[k]
            line = len(rows) + 2
            label = frein
            if frein in FREIN_VARIANTS and rng.random() < 0.2:
                label = fake.choice(FREIN_VARIANTS[frein])
                variant_lines.append(line)
            if not concerned:
                rows.append([p["id"], label, date_text(day, "dmy"), "NON", "", "", ""])
                continue
            accompanied = rng.random() < ACCOMPANIED_P
            lifted_p = LIFTED_P[accompanied] * (1.0 if p["exit"] is not None else 0.7)
            lifted = rng.random() < lifted_p
            status = (
                "OUI"
                if lifted
                else fake.choice(["NON", "EN COURS"])
                if p["exit"] is None
                else "NON"
            )
            stats[frein]["concernes"] += 1
            stats[frein]["accompagnes"] += accompanied
            stats[frein]["leves"] += lifted
            rows.append(
                [
                    p["id"],
                    label,
                    date_text(day, "dmy"),
                    "OUI",
                    "OUI" if accompanied else "NON",
                    status,
                    date_text(closing, "dmy") if lifted else "",
                ]
            )
    write_csv(
        rows,
        ["id_salarie", "frein", "date_diagnostic", "concerne", "accompagne ", "leve", "date_levee"],
        b.raw("freins.csv"),
        sep=";",
        encoding="utf-8",
        bom=True,
    )
    concerned_total = sum(s["concernes"] for s in stats.values())
    lifted_total = sum(s["leves"] for s in stats.values())
    b.plant(
        "freins",
        {
            "definition": "un frein levé = ligne concerne OUI et leve OUI ; part sur les freins "
            "concernés (personnes distinctes, fiche la plus récente)",
            "personnes_diagnostiquees": diagnosed,
            "freins_concernes": concerned_total,
            "freins_accompagnes": sum(s["accompagnes"] for s in stats.values()),
            "freins_leves": lifted_total,
            "part_leves": lifted_total / concerned_total,
            "par_frein": stats,
            "libelles_officiels": FREINS,
        },
    )
    b.mess("freins.csv", "encodage", "utf-8 avec BOM, séparateur point-virgule")
    b.mess("freins.csv", "colonne_avec_espace_final", "accompagne ")
    b.mess("freins.csv", "lignes_libelle_frein_variante", variant_lines)
    b.mess("freins.csv", "variantes_frein", FREIN_VARIANTS)
    return [r[0] for r in rows]


# --------------------------------------------------------------------------------------
# Six-month survey
# --------------------------------------------------------------------------------------
def _write_survey(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, paths: list[dict[str, Any]]
) -> list[str]:
    """The six-month survey; returns the ``id_salarie`` of each row."""
    leavers = [p for p in _people(paths) if p["exit"] is not None and p["exit"] >= YEAR_START]
    leavers.sort(key=lambda p: p["exit"])
    rows, outcomes, outcomes_counted = [], [], []
    rsa_outcomes: dict[bool, list[bool]] = {True: [], False: []}
    variants_used: dict[str, list[str]] = {}
    for p in leavers:
        call = p["exit"] + dt.timedelta(days=182 + int(rng.integers(-10, 25)))
        answered = rng.random() < SURVEY_RESPONSE[p["category"]]
        person = p["person"]
        if answered:
            rsa = p["profile"]["rsa"] != "NON"
            employed = rng.random() < min(
                0.95, EMPLOYED_6M[p["category"]] * RSA_EMPLOYMENT_FACTOR[rsa]
            )
            if employed:
                kind = "emploi"
            else:
                kind = fake.choice(["formation", "chomage", "inactif"], p=[0.15, 0.7, 0.15])
            text = fake.choice(SURVEY_SITUATIONS[kind])
            variants_used.setdefault(kind, [])
            if text not in variants_used[kind]:
                variants_used[kind].append(text)
            transport = fake.choice(["Oui", "Non", "NSP"], p=[0.6, 0.3, 0.1]) if employed else ""
            outcomes.append(employed)
            if p["counted_exit"]:
                outcomes_counted.append(employed)
            rsa_outcomes[p["profile"]["rsa"] != "NON"].append(employed)
            joint = "Oui"
        else:
            text, transport, joint = fake.choice(NO_ANSWER, p=[0.55, 0.2, 0.15, 0.1]), "", "Non"
        rows.append(
            [
                p["id"],
                person.last_name.upper(),
                person.first_name,
                fake.phone_variant(person.phone),
                date_text(p["exit"], "dmy"),
                date_text(call, "dmy"),
                joint,
                text,
                transport,
                "",
            ]
        )
    write_csv(
        rows,
        [
            "id_salarie",
            "nom",
            "prenom",
            "telephone",
            "date_sortie",
            "date_appel",
            "joint",
            "situation_6_mois",
            "dans_le_transport",
            "commentaire",
        ],
        b.raw("enquete_sortants_6mois.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "emploi_6_mois",
        {
            "definition": "répondants (joint = Oui) dont la situation est un emploi (CDI, CDD, "
            "intérim, contrat aidé, création, autre SIAE), sur les répondants ; "
            "sortants 2024, dernière sortie de chaque personne",
            "sortants_enquetes": len(rows),
            "repondants": len(outcomes),
            "taux_reponse": len(outcomes) / len(rows),
            "part_en_emploi_repondants": float(np.mean(outcomes)),
            "part_en_emploi_repondants_sorties_comptees": float(np.mean(outcomes_counted)),
            "part_en_emploi_repondants_rsa": float(np.mean(rsa_outcomes[True])),
            "part_en_emploi_repondants_non_rsa": float(np.mean(rsa_outcomes[False])),
            "probabilites_plantees": {
                "par_categorie_de_sortie": EMPLOYED_6M,
                "facteur_rsa": RSA_EMPLOYMENT_FACTOR[True],
                "facteur_sans_rsa": RSA_EMPLOYMENT_FACTOR[False],
            },
            "categories": SURVEY_SITUATIONS,
            "sans_reponse": NO_ANSWER,
            "reference_dares": {
                "ensemble": 0.45,
                "beneficiaires_rsa": 0.36,
                "sans_minima_sociaux": 0.50,
                "hauts_de_france": 0.39,
                "source": "DARES, sortants 2021, situation à 6 mois",
            },
        },
    )
    b.mess("enquete_sortants_6mois.csv", "variantes_situation", variants_used)
    b.mess("enquete_sortants_6mois.csv", "sans_reponse", NO_ANSWER)
    b.mess("enquete_sortants_6mois.csv", "telephone_formats_varies", True)
    return [r[0] for r in rows]


TOC_DRAFT = """\
# Théorie du changement — Cap Sambre Transports (brouillon de départ, données fictives)
version: 1
probleme: >-
  En Sambre-Avesnois, des personnes au chômage depuis longtemps, souvent au RSA, n'ont
  ni qualification ni expérience récente, alors que les transporteurs du territoire manquent
  de conducteurs ; mobilité, logement, dettes et démarches bloquent le retour à l'emploi.
impact:
  id: I
  libelle: Les salariés en insertion accèdent durablement à l'emploi, notamment dans le transport
activites:
  - id: A1
    libelle: Mise en situation de travail en CDDI (tournées, manutention, logistique)
  - id: A2
    libelle: Formations FIMO, permis C et CE, CACES, éco-conduite
  - id: A3
    libelle: Accompagnement socioprofessionnel sur les freins périphériques
realisations:
  - id: R1
    libelle: Personnes salariées en parcours d'insertion dans l'année
  - id: R2
    libelle: Formations qualifiantes suivies jusqu'à l'examen
  - id: R3
    libelle: Freins périphériques accompagnés
effets:
  - id: E1
    libelle: Permis poids lourd et qualifications du transport obtenus
    horizon: court
    parties_prenantes: [PP1]
    dimensions:
      quoi: Détenir un permis C ou CE et la FIMO, reconnus par les employeurs
      qui: Salariés en parcours, souvent sans diplôme
      combien: Nombre de permis obtenus dans l'année
      contribution: Formations financées et préparées pendant le contrat
      risque: Échecs à l'examen, parcours interrompus avant la formation
  - id: E2
    libelle: Freins périphériques levés (mobilité, logement, démarches, dettes)
    horizon: court
    parties_prenantes: [PP1, PP2]
  - id: E3
    libelle: Sortie vers l'emploi ou la formation (sorties dynamiques)
    horizon: moyen
    parties_prenantes: [PP1, PP3]
    dimensions:
      quoi: Emploi durable, emploi de transition ou sortie positive à la fin du parcours
      qui: Sortants de l'année, parcours de trois mois et plus
      combien: Part des sorties dynamiques sur les sorties comptées
      contribution: Réseau de transporteurs partenaires, expérience acquise en CDDI
      risque: Règles de comptage qui changent le taux ; retraits à documenter
  - id: E4
    libelle: En emploi six mois après la sortie
    horizon: long
    parties_prenantes: [PP1, PP3, PP4]
    dimensions:
      quoi: Occuper un emploi six mois après le parcours
      qui: Sortants ayant répondu à l'enquête
      combien: Comparer aux 45 % nationaux de la DARES (39 % en Hauts-de-France)
      contribution: Difficile à isoler sans groupe de comparaison
      risque: Une personne sur deux ne répond pas ; les non-répondants vont sans doute moins bien
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R2}
  - {de: A3, vers: R3}
  - de: R2
    vers: E1
    hypothese: Une formation préparée pendant un contrat salarié mène plus souvent à l'examen
  - de: R3
    vers: E2
    hypothese: Un accompagnement individuel pendant le contrat lève les freins les plus bloquants
  - de: R1
    vers: E3
    hypothese: Une expérience de travail récente et encadrée rassure les employeurs
  - de: E1
    vers: E3
    hypothese: Le permis poids lourd ouvre l'accès à un métier en tension
  - de: E2
    vers: E3
    hypothese: Sans freins majeurs, la personne peut tenir un emploi
  - de: E3
    vers: E4
    hypothese: Une première embauche dans le transport se prolonge
  - {de: E4, vers: I}
parties_prenantes:
  - id: PP1
    nom: Salariés en parcours d'insertion
    categorie: beneficiaires
    influence: 2
    concernement: 5
  - id: PP2
    nom: Encadrants techniques et chargée d'insertion
    categorie: equipe
    influence: 4
    concernement: 4
  - id: PP3
    nom: Transporteurs du territoire qui recrutent
    categorie: partenaires
    influence: 3
    concernement: 3
  - id: PP4
    nom: "État (DDETS) et département, financeurs de l'insertion"
    categorie: financeurs
    influence: 5
    concernement: 3
  - id: PP5
    nom: Clients chargeurs
    categorie: partenaires
    influence: 3
    concernement: 2
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — Cap Sambre Transports (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Personnes distinctes salariées en insertion dans l'année
    type: realisation
    element: R1
    definition: Numéros de PASS IAE distincts ayant au moins un contrat actif en 2024
    unite: personnes
    source: salaries
    cible: 100
    formule:
      table: salaries
      agregation: personnes
  - id: IND2
    libelle: Heures travaillées en insertion
    type: realisation
    element: R1
    definition: Somme des heures mensuelles de 2024, lignes de total exclues
    unite: heures
    source: heures
    formule:
      table: heures
      agregation: somme
      colonne: nb_heures_travail
      filtre:
        annee: [2024]
  - id: IND3
    libelle: Permis poids lourd obtenus
    type: effet
    element: E1
    definition: Formations permis C ou CE au résultat « Obtenu » terminées en 2024
    unite: permis
    source: formations
    cible: 25
    formule:
      table: formations
      agregation: lignes
      filtre:
        intitule: [C, CE]
        resultat: [Obtenu]
      periode:
        colonne: date_fin
        debut: 2024-01-01
        fin: 2024-12-31
  - id: IND4
    libelle: Part des freins levés
    type: effet
    element: E2
    definition: Freins levés, sur les freins pour lesquels la personne est concernée
    unite: "%"
    source: freins
    formule:
      table: freins
      agregation: part
      colonne: leve
      valeurs: [OUI]
      filtre:
        concerne: [true]
  - id: IND5
    libelle: Part des sorties dynamiques
    type: effet
    element: E3
    definition: >-
      Emploi durable, emploi de transition et sorties positives, sur les sorties de 2024
      comptées (dernière sortie par personne, retraits exclus, parcours d'au moins 3 mois)
    unite: "%"
    source: contrats
    cible: 60
    formule:
      table: contrats
      agregation: sorties_dynamiques
      periode:
        colonne: date_sortie_definitive
        debut: 2024-01-01
        fin: 2024-12-31
  - id: IND6
    libelle: Part en emploi six mois après la sortie
    type: effet
    element: E4
    definition: Répondants en emploi à l'enquête à 6 mois, sur les répondants
    unite: "%"
    source: enquete_sortants
    cible: 45
    formule:
      table: enquete_sortants
      agregation: part
      colonne: situation_6_mois
      valeurs: [emploi]
      filtre:
        joint: [true]
"""

"""Sample structure ``mobilite-accompagnee``: accompanied trips for people with reduced
mobility (fictional).

Files as such a service really holds them:

- ``trajets.csv``: the platform's export of trip requests (``;``, cp1252, prices ``7,50``,
  distances with a decimal comma), one row per request with its status (Réalisé / Annulé
  bénéficiaire / Annulé guide / Non pourvu); a pagination bug repeated a few rows, a few hours
  are typed ``14h30``;
- ``beneficiaires.csv``: the riders, with direct identifiers and HEALTH data (type of disability:
  art. 9 RGPD), ``fauteuil`` O/N, ``CMI`` Oui/Non/NSP with variants, free-text situation
  labels, and a few people registered twice (name case and accents, e-mail typos);
- ``guides.csv``: the volunteers (and the salaried relief guides, « relais »);
- ``enquete_beneficiaires_T0_T1.xlsx``: the isolation survey at registration (T0) and six months
  later (T1), typed into Excel under title rows, one tab per wave, with attrition, Likert
  answers as text or numbers, codes written several ways and a few unknown codes.

Planted truth: distinct riders behind duplicate accounts, the match rate (realised ÷
requested), realised trips per active rider per month, the paired change in isolation
(UCLA-3 score, standardised so the sample carries the planted effect) and the share of
satisfied riders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._base import (
    Faker,
    SampleBuild,
    date_text,
    fixed_workbook,
    fold,
    nudge_to_mean,
    save_workbook,
    write_csv,
)

SLUG = "mobilite-accompagnee"
SEED = 20250305
NAME = "À Deux Pas — trajets accompagnés"
TITLE = "Trajets accompagnés pour personnes à mobilité réduite"
DESCRIPTION = (
    "Entreprise de l'ESS qui met en relation des personnes en situation de handicap ou "
    "âgées dont la mobilité est réduite, les bénéficiaires, avec des guides, bénévoles pour "
    "la plupart, qui les accompagnent à pied, en bus, en voiture ou en train : rendez-vous "
    "médicaux, courses, loisirs, visites à la famille. Quand aucun bénévole n'est "
    "disponible, un guide salarié prend le relais. Le trajet est facturé 7,50 € ; le "
    "bénéficiaire en paie 3 €, la caisse de retraite ou le département le reste. Une "
    "quarantaine de trajets réalisés par mois, depuis deux antennes, Poitiers et "
    "Châtellerault."
)
TERRITORY = "Grand Poitiers et Grand Châtellerault (Vienne)"
YEAR = 2025

COMMUNITIES = {
    "Poitiers": [
        ("86000", "Poitiers"),
        ("86000", "Poitiers"),
        ("86180", "Buxerolles"),
        ("86280", "Saint-Benoît"),
        ("86360", "Chasseneuil-du-Poitou"),
        ("86440", "Migné-Auxances"),
    ],
    "Châtellerault": [
        ("86100", "Châtellerault"),
        ("86100", "Châtellerault"),
        ("86530", "Naintré"),
        ("86530", "Cenon-sur-Vienne"),
    ],
}
N_BENEFICIAIRES = 145
N_DUPLICATE_ACCOUNTS = 6
N_GUIDES = 104
N_RELAIS = 2  # salaried guides, one per antenna
PRICE, OWN_SHARE = "7,50", "3,00"  # billed per realised trip, and paid by the beneficiary
STATUSES = ["Réalisé", "Annulé bénéficiaire", "Annulé guide", "Non pourvu"]
STATUS_P = [0.78, 0.09, 0.05, 0.08]
MODES = ["à pied", "bus-tram", "voiture", "train"]
MODE_P = [0.3, 0.38, 0.27, 0.05]
MOTIVES = ["santé", "courses", "loisirs", "famille", "démarches", "travail"]
MOTIVE_P = [0.38, 0.2, 0.17, 0.12, 0.09, 0.04]
CHANNELS = [
    "association de personnes handicapées",
    "CCAS",
    "réseau de transport",
    "bouche-à-oreille",
    "médecin / infirmier",
]
# category -> written variants (the platform's field was free text until 2023)
SITUATION_VARIANTS = {
    "moteur": [
        "handicap moteur",
        "Handicap moteur",
        "moteur",
        "Handicap moteur (fauteuil)",
        "mobilité réduite - moteur",
    ],
    "visuel": ["handicap visuel", "Déficience visuelle", "malvoyant", "non-voyant"],
    "auditif": ["handicap auditif", "malentendant", "Déficience auditive"],
    "mental-cognitif": [
        "handicap mental-cognitif",
        "Déficience intellectuelle",
        "troubles cognitifs",
        "handicap mental",
    ],
    "psychique": ["handicap psychique", "Handicap psychique", "troubles psychiques"],
    "âge-fragilité": ["âge-fragilité", "Âge / fragilité", "personne âgée", "Age fragilité"],
}
SITUATION_P_OLD = [0.25, 0.12, 0.08, 0.05, 0.0, 0.5]  # aged 70 and over
SITUATION_P_YOUNG = [0.35, 0.15, 0.08, 0.22, 0.2, 0.0]
WHEELCHAIR_P = {"moteur": 0.55, "âge-fragilité": 0.1}
CMI_P = [0.55, 0.3, 0.15]  # Oui, Non, NSP
CMI_VARIANTS = {
    "Oui": ["Oui", "Oui", "oui", "OUI"],
    "Non": ["Non", "Non", "non"],
    "NSP": ["NSP", "Ne sait pas", "?"],
}

# planted effects
REGULAR_SHARE = 0.22
REGULAR_MONTHLY_REQUESTS, OCCASIONAL_MONTHLY_REQUESTS = 1.55, 0.22
SEASON = {
    1: 1.0,
    2: 1.0,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 1.05,
    7: 0.85,
    8: 0.6,
    9: 1.05,
    10: 1.05,
    11: 1.0,
    12: 0.85,
}
ISOLATION_T0_MEAN, ISOLATION_T0_SD = 6.4, 1.3
ISOLATION_CHANGE, ISOLATION_CHANGE_SD = -1.1, 1.3  # UCLA-3 score, 3 (low) to 9 (high)
SURVEY_RESPONSE = {"T0": 0.85, "T1": 0.68}
SATISFIED_SHARE = 0.93
UCLA_LABELS = ["Presque jamais ou jamais", "Parfois", "Souvent"]
RENOUNCE_LABELS = ["Oui, souvent", "Oui, parfois", "Non"]
TRUST_LABELS = [
    "Pas du tout confiance",
    "Plutôt pas confiance",
    "Moyennement",
    "Plutôt confiance",
    "Tout à fait confiance",
]
SATISFACTION_LABELS = [
    "Pas du tout satisfait(e)",
    "Plutôt pas satisfait(e)",
    "Plutôt satisfait(e)",
    "Très satisfait(e)",
]
COHORT_START, COHORT_END = dt.date(2024, 7, 1), dt.date(2025, 6, 30)


def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    beneficiaires = _beneficiaires(b, rng, fake)
    guides = _guide_people(rng, fake)
    trips = _trips(b, rng, beneficiaires, guides)
    _write_guides(b, rng, guides, trips)
    answered = _survey(b, rng, beneficiaires)
    _count_people(b, beneficiaires, guides, trips, answered)
    return [
        {
            "chemin": "donnees-brutes/trajets.csv",
            "role": "trajets",
            "description": "export de la plateforme : une ligne par demande de trajet, avec son "
            "statut (réalisé, annulé, non pourvu) et son prix",
        },
        {
            "chemin": "donnees-brutes/beneficiaires.csv",
            "role": "beneficiaires",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "type_situation": {
                    "Déficience auditive": "auditif",
                    "handicap auditif": "auditif",
                    "malentendant": "auditif",
                    "Déficience intellectuelle": "mental-cognitif",
                    "handicap mental": "mental-cognitif",
                    "handicap mental-cognitif": "mental-cognitif",
                    "troubles cognitifs": "mental-cognitif",
                    "Handicap moteur": "moteur",
                    "Handicap moteur (fauteuil)": "moteur",
                    "handicap moteur": "moteur",
                    "mobilité réduite - moteur": "moteur",
                    "Handicap psychique": "psychique",
                    "handicap psychique": "psychique",
                    "troubles psychiques": "psychique",
                    "Déficience visuelle": "visuel",
                    "handicap visuel": "visuel",
                    "malvoyant": "visuel",
                    "non-voyant": "visuel",
                    "personne âgée": "âge-fragilité",
                }
            },
            "description": "fiches des bénéficiaires (identité, coordonnées, type de handicap, fauteuil, "
            "CMI)",
            "donnees_personnelles": True,
            "donnees_sensibles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "date_naissance": "date_naissance",
                "telephone": "telephone",
                "email": "email",
                "adresse": "adresse",
                "une_ligne_par_personne": True,
            },
        },
        {
            "chemin": "donnees-brutes/guides.csv",
            "role": "guides",
            "description": "fiches des guides bénévoles et salariés (coordonnées, atelier de "
            "sensibilisation, activité)",
            "donnees_personnelles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "email": "email",
                "telephone": "telephone",
                "une_ligne_par_personne": True,
            },
        },
        {
            "chemin": "donnees-brutes/enquete_beneficiaires_T0_T1.xlsx",
            "role": "enquete",
            "description": "enquête isolement et déplacements à l'inscription (T0) et à six mois "
            "(T1), un onglet par vague",
        },
    ]


def _count_people(b: SampleBuild, people, guides, trips, answered: list[int]) -> None:
    """The true number of distinct people per table: riders and guides, from the
    generator's own people (a rider's second account is the same person)."""
    riders = [("beneficiaire", i) for i, p in enumerate(people) for _ in p["accounts"]]
    helpers = [("guide", c["id"]) for c in guides]
    register = set(riders) | set(helpers)
    b.count_people(
        "beneficiaires",
        riders,
        register=register,
        identified_by="nom, prénom, date de naissance, téléphone, e-mail ; une ligne par "
        "compte (quelques personnes ont deux comptes)",
        lignes=len(riders),
    )
    b.count_people(
        "guides",
        helpers,
        register=register,
        identified_by="nom, prénom, e-mail, téléphone ; une ligne par guide (bénévoles et salariés)",
        lignes=len(helpers),
    )
    in_trips = [("beneficiaire", t["person_idx"]) for t in trips]
    with_guide = [("guide", t["guide"]) for t in trips if t["guide"]]
    b.count_people(
        "trajets",
        in_trips + with_guide,
        register=register,
        identified_by="beneficiaire_id (un compte) et guide_id, une ligne par demande de trajet",
        beneficiaires_distincts=len(set(in_trips)),
        guides_distincts=len(set(with_guide)),
    )
    b.count_people(
        "enquete",
        [("beneficiaire", i) for i in answered],
        register=register,
        identified_by="code bénéficiaire (numéro du premier compte ; codes inconnus à T1 rattachés "
        "à leur personne), une ligne par questionnaire",
        lignes=len(answered),
    )


# --------------------------------------------------------------------------------------
# Riders
# --------------------------------------------------------------------------------------
def _registration_day(rng: np.random.Generator) -> dt.date:
    u = rng.random()
    if u < 0.45:
        start, end = dt.date(2021, 9, 1), dt.date(2024, 6, 30)
    elif u < 0.87:
        start, end = COHORT_START, COHORT_END
    else:
        start, end = dt.date(2025, 7, 1), dt.date(2025, 11, 30)
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _beneficiaires(b: SampleBuild, rng, fake: Faker) -> list[dict[str, Any]]:
    """The riders (people) and their accounts; a few people hold two accounts."""
    cats = list(SITUATION_VARIANTS)
    people = []
    for _ in range(N_BENEFICIAIRES):
        community = "Poitiers" if rng.random() < 0.65 else "Châtellerault"
        band = int(rng.choice(3, p=[0.35, 0.2, 0.45]))
        lo, hi = [(19, 60), (60, 70), (70, 94)][band]
        person = fake.person(
            towns=COMMUNITIES[community], min_age=lo, max_age=hi, year=YEAR, sex_ratio_f=0.58
        )
        cat = cats[
            int(rng.choice(len(cats), p=SITUATION_P_OLD if band == 2 else SITUATION_P_YOUNG))
        ]
        wheelchair = "O" if rng.random() < WHEELCHAIR_P.get(cat, 0.02) else "N"
        cmi = ["Oui", "Non", "NSP"][int(rng.choice(3, p=CMI_P))]
        people.append(
            {
                "person": person,
                "community": community,
                "category": cat,
                "wheelchair": wheelchair,
                "cmi": cmi,
                "registered": _registration_day(rng),
                "channel": fake.choice(CHANNELS),
                "email": person.email if band < 2 or rng.random() < 0.35 else "",
                "regular": bool(rng.random() < REGULAR_SHARE),
            }
        )
    # duplicate accounts: someone (often a social worker) registered the person again
    dup_of = sorted(
        int(i)
        for i in rng.choice(
            [
                i
                for i, p in enumerate(people)
                if p["registered"] < dt.date(2025, 3, 1) and p["regular"]
            ],
            size=N_DUPLICATE_ACCOUNTS,
            replace=False,
        )
    )
    accounts = [
        {"person_idx": i, "duplicate": False, "created": p["registered"]}
        for i, p in enumerate(people)
    ]
    for i in dup_of:
        created = max(people[i]["registered"], dt.date(2025, 1, 1)) + dt.timedelta(
            days=int(rng.integers(20, 150))
        )
        accounts.append({"person_idx": i, "duplicate": True, "created": created})
    order = sorted(range(len(accounts)), key=lambda k: (accounts[k]["created"], k))
    accounts = [accounts[k] for k in order]
    for n, acc in enumerate(accounts):
        acc["id"] = f"B-{n + 1:04d}"
        people[acc["person_idx"]].setdefault("accounts", []).append(acc)

    rows, dup_lines, iso_lines, situ_used = [], {}, [], {}
    line_of_first: dict[int, int] = {}
    wheel_used, cmi_used = set(), set()
    for acc in accounts:
        p = people[acc["person_idx"]]
        person = p["person"]
        first, last, email, phone = person.first_name, person.last_name, p["email"], person.phone
        line = len(rows) + 2
        if acc["duplicate"]:
            first, last = fake.name_variant(first), fake.name_variant(last)
            email = fake.email_typo(email) if email and rng.random() < 0.6 else email
            phone = fake.phone_variant(phone)
            dup_lines[str(line)] = line_of_first[acc["person_idx"]]
        else:
            line_of_first[acc["person_idx"]] = line
        situation = fake.choice(SITUATION_VARIANTS[p["category"]])
        situ_used.setdefault(p["category"], set()).add(situation)
        if not acc["duplicate"]:  # the copy repeats what was written on the first form
            p["wheel_text"] = (
                p["wheelchair"]
                if rng.random() < 0.88
                else (p["wheelchair"].lower() if rng.random() < 0.6 else "")
            )
            p["cmi_text"] = fake.choice(CMI_VARIANTS[p["cmi"]]) if rng.random() < 0.95 else ""
        wheel_used.add(p["wheel_text"])
        cmi_used.add(p["cmi_text"])
        if acc["created"] < dt.date(2023, 1, 1):  # imported from the former tool
            created_text = date_text(acc["created"], "iso")
            iso_lines.append(line)
        else:
            created_text = date_text(acc["created"], "dmy")
        rows.append(
            [
                acc["id"],
                "Mme" if person.sex == "F" else "M.",
                last,
                first,
                date_text(person.birth_date, "dmy"),
                phone,
                email,
                person.street,
                person.postcode,
                person.town,
                p["community"],
                situation,
                p["wheel_text"],
                p["cmi_text"],
                created_text,
                p["channel"],
            ]
        )
    write_csv(
        rows,
        [
            "beneficiaire_id",
            "civilite",
            "nom",
            "prenom",
            "date_naissance",
            "telephone",
            "email",
            "adresse",
            "code_postal",
            "commune",
            "antenne",
            "type_situation",
            "fauteuil",
            "CMI",
            "date_inscription",
            "canal",
        ],
        b.raw("beneficiaires.csv"),
        sep=";",
        encoding="cp1252",
    )
    keys = [
        (fold(p["person"].last_name), fold(p["person"].first_name), p["person"].birth_date)
        for p in people
    ]
    assert len(set(keys)) == len(keys), "two fake riders share name and birth date"

    b.plant("beneficiaires_distincts", len(people))
    b.plant("beneficiaires_comptes", len(accounts))
    b.plant(
        "beneficiaires_par_type",
        {c: sum(1 for p in people if p["category"] == c) for c in SITUATION_VARIANTS},
    )
    b.plant("categories_type_situation", {k: list(v) for k, v in SITUATION_VARIANTS.items()})
    known_wheel = [p for p in people if p["wheel_text"]]
    b.plant(
        "beneficiaires_fauteuil",
        {
            "fauteuil_oui": sum(1 for p in known_wheel if p["wheelchair"] == "O"),
            "renseignes": len(known_wheel),
        },
    )
    cmi_known = [p for p in people if p["cmi_text"] and p["cmi"] != "NSP"]
    b.plant(
        "part_cmi_oui",
        {
            "definition": "bénéficiaires distincts ayant répondu Oui, parmi ceux ayant répondu Oui ou "
            "Non (NSP et vides exclus)",
            "n": len(cmi_known),
            "taux_observe": float(np.mean([p["cmi"] == "Oui" for p in cmi_known])),
        },
    )
    b.mess("beneficiaires.csv", "encodage", "cp1252, séparateur point-virgule")
    b.mess("beneficiaires.csv", "lignes_doublon_personne", dup_lines)
    b.mess("beneficiaires.csv", "lignes_date_inscription_iso", iso_lines)
    b.mess(
        "beneficiaires.csv",
        "variantes_type_situation",
        {k: sorted(v) for k, v in sorted(situ_used.items())},
    )
    b.mess("beneficiaires.csv", "variantes_fauteuil", sorted(wheel_used))
    b.mess("beneficiaires.csv", "variantes_cmi", sorted(cmi_used))
    b.mess("beneficiaires.csv", "donnees_sante", "colonne type_situation (article 9 du RGPD)")
    return people


# --------------------------------------------------------------------------------------
# Volunteers
# --------------------------------------------------------------------------------------
def _guide_people(rng, fake: Faker) -> list[dict[str, Any]]:
    out = []
    for k in range(N_GUIDES):
        community = "Poitiers" if rng.random() < 0.65 else "Châtellerault"
        status = ["étudiant", "actif", "retraité"][int(rng.choice(3, p=[0.25, 0.35, 0.4]))]
        lo, hi = {"étudiant": (18, 25), "actif": (26, 62), "retraité": (61, 80)}[status]
        person = fake.person(towns=COMMUNITIES[community], min_age=lo, max_age=hi, year=YEAR)
        active = rng.random() > 0.28
        start = dt.date(2019, 1, 1)
        end = dt.date(2024, 12, 31) if active else dt.date(2025, 10, 31)
        registered = start + dt.timedelta(days=int(rng.integers(0, (end - start).days)))
        out.append(
            {
                "id": f"G-{k + 1:03d}",
                "person": person,
                "community": community,
                "status": status,
                "registered": registered,
                "weight": float(rng.gamma(0.7, 1.0)) if active else 0.0,
                "paid": False,
            }
        )
    for k in range(N_RELAIS):
        community = "Poitiers" if k == 0 else "Châtellerault"
        person = fake.person(towns=COMMUNITIES[community], min_age=22, max_age=60, year=YEAR)
        out.append(
            {
                "id": f"REL-{k + 1:02d}",
                "person": person,
                "community": community,
                "status": "salarié (relais)",
                "registered": dt.date(2022, 9, 1),
                "weight": 1.0,
                "paid": True,
            }
        )
    return out


def _age_band(age: int) -> str:
    for limit, label in ((25, "18-25"), (40, "26-40"), (60, "41-60"), (75, "61-75")):
        if age <= limit:
            return label
    return "75+"


def _write_guides(b: SampleBuild, rng, guides, trips) -> None:
    done: dict[str, list[dt.date]] = {}
    for t in trips:
        if t["status"] == "Réalisé" and t["guide"]:
            done.setdefault(t["guide"], []).append(t["date"])
    rows, oui_lines = [], []
    for c in guides:
        person = c["person"]
        line = len(rows) + 2
        u = rng.random()
        if c["paid"] or u < 0.5:
            workshop = date_text(
                c["registered"] + dt.timedelta(days=int(rng.integers(7, 60))), "dmy"
            )
        elif u < 0.62:
            workshop = "oui"
            oui_lines.append(line)
        else:
            workshop = ""
        days = done.get(c["id"], [])
        last = date_text(max(days), "dmy") if days else ""
        rows.append(
            [
                c["id"],
                person.last_name,
                person.first_name,
                person.email,
                person.phone,
                _age_band(YEAR - person.birth_date.year),
                c["status"],
                c["community"],
                date_text(c["registered"], "dmy"),
                workshop,
                str(len(days)),
                last,
            ]
        )
    write_csv(
        rows,
        [
            "guide_id",
            "nom",
            "prenom",
            "email",
            "telephone",
            "tranche_age",
            "statut",
            "antenne",
            "date_inscription",
            "atelier_sensibilisation",
            "nb_trajets",
            "derniere_activite",
        ],
        b.raw("guides.csv"),
        sep=";",
        encoding="cp1252",
    )
    volunteers = [c for c in guides if not c["paid"]]
    b.plant("guides_benevoles", len(volunteers))
    b.plant("guides_benevoles_actifs", sum(1 for c in volunteers if done.get(c["id"])))
    b.mess("guides.csv", "lignes_atelier_oui_sans_date", oui_lines)


# --------------------------------------------------------------------------------------
# Trips
# --------------------------------------------------------------------------------------
def _trips(b: SampleBuild, rng, people, guides) -> list[dict[str, Any]]:
    trips = []
    for idx, p in enumerate(people):
        mean = REGULAR_MONTHLY_REQUESTS if p["regular"] else OCCASIONAL_MONTHLY_REQUESTS
        intensity = float(
            rng.gamma(4.0 if p["regular"] else 1.2, mean / (4.0 if p["regular"] else 1.2))
        )
        for month in range(1, 13):
            first_day = dt.date(YEAR, month, 1)
            if p["registered"] > _month_end(first_day):
                continue
            n = int(rng.poisson(intensity * SEASON[month]))
            for _ in range(n):
                lo = max(1, p["registered"].day if p["registered"] >= first_day else 1)
                day = dt.date(YEAR, month, int(rng.integers(lo, _month_end(first_day).day + 1)))
                if day.weekday() == 6:
                    day -= dt.timedelta(days=1)
                    if day < p["registered"]:
                        day += dt.timedelta(days=2)
                if day.year != YEAR or day.month != month:
                    continue
                trips.append({"person_idx": idx, "date": day})
    # account used: after a duplicate account exists, most trips go through it
    for t in trips:
        accounts = people[t["person_idx"]]["accounts"]
        t["beneficiaire"] = accounts[0]["id"]
        if len(accounts) > 1 and t["date"] >= accounts[1]["created"] and rng.random() < 0.6:
            t["beneficiaire"] = accounts[1]["id"]
    trips.sort(key=lambda t: (t["date"], t["beneficiaire"]))
    by_community: dict[str, list[dict[str, Any]]] = {}
    for c in guides:
        if not c["paid"] and c["weight"] > 0:
            by_community.setdefault(c["community"], []).append(c)
    paid_by = {
        com: [c for c in guides if c["paid"] and c["community"] == com] for com in COMMUNITIES
    }
    rows = []
    for k, t in enumerate(trips):
        p = people[t["person_idx"]]
        status = STATUSES[int(rng.choice(4, p=STATUS_P))]
        minute = int(rng.integers(0, 4)) * 15
        hour = int(rng.integers(8, 18))
        request = dt.datetime.combine(
            t["date"] - dt.timedelta(days=int(rng.integers(1, 15))),
            dt.time(int(rng.integers(8, 21)), int(rng.integers(0, 60))),
        )
        mode = MODES[int(rng.choice(4, p=MODE_P))]
        if p["wheelchair"] == "O" and mode == "à pied":
            mode = "voiture"
        distance = {
            "à pied": rng.uniform(0.4, 2.0),
            "bus-tram": rng.uniform(1.5, 9.0),
            "voiture": rng.uniform(2.0, 28.0),
            "train": rng.uniform(30.0, 110.0),
        }[mode]
        motive = MOTIVES[int(rng.choice(len(MOTIVES), p=MOTIVE_P))]
        pool = by_community[p["community"]]
        weights = np.array([c["weight"] for c in pool])
        volunteer = pool[int(rng.choice(len(pool), p=weights / weights.sum()))]["id"]
        guide, kind = "", ""
        if status == "Réalisé":
            if rng.random() < 0.08:
                paid = paid_by[p["community"]]
                guide, kind = paid[int(rng.integers(0, len(paid)))]["id"], "salarié"
            else:
                guide, kind = volunteer, "bénévole"
        elif status == "Annulé guide" or (status == "Annulé bénéficiaire" and rng.random() < 0.5):
            guide, kind = volunteer, "bénévole"
        t.update(status=status, guide=guide)
        note = (
            str(int(rng.choice(5, p=[0.01, 0.02, 0.07, 0.3, 0.6])) + 1)
            if status == "Réalisé" and rng.random() < 0.6
            else ""
        )
        time_text = f"{hour:02d}:{minute:02d}"
        if rng.random() < 0.05:
            time_text = f"{hour}h{minute:02d}"
        realised = status == "Réalisé"
        t["row"] = [
            f"T25-{k + 1:05d}",
            request.strftime("%d/%m/%Y %H:%M"),
            date_text(t["date"], "dmy"),
            time_text,
            p["community"],
            t["beneficiaire"],
            guide,
            kind,
            mode,
            motive,
            f"{distance:.1f}".replace(".", ","),
            status,
            PRICE if realised else "0,00",
            OWN_SHARE if realised else "0,00",
            note,
            "",
        ]
        rows.append(t["row"])
    # a pagination bug of the export repeated two blocks of rows
    out, repeated = [], []
    cut_points = sorted(
        int(c) for c in rng.choice(np.arange(50, len(rows) - 10), size=2, replace=False)
    )
    for i, row in enumerate(rows):
        out.append(row)
        if i in cut_points:
            for copy in rows[i - 2 : i + 1]:
                out.append(copy)
                repeated.append(len(out) + 1)
    write_csv(
        out,
        [
            "trajet_id",
            "date_demande",
            "date_trajet",
            "heure",
            "antenne",
            "beneficiaire_id",
            "guide_id",
            "type_guide",
            "mode",
            "motif",
            "distance_km",
            "statut",
            "prix_facture",
            "reste_a_charge",
            "note_beneficiaire",
            "commentaire",
        ],
        b.raw("trajets.csv"),
        sep=";",
        encoding="cp1252",
    )

    n_req = len(trips)
    realised = [t for t in trips if t["status"] == "Réalisé"]
    b.plant("demandes_de_trajet", n_req)
    b.plant("lignes_export_trajets", len(out))
    b.plant("trajets_par_statut", {s: sum(1 for t in trips if t["status"] == s) for s in STATUSES})
    b.plant(
        "taux_realisation",
        {
            "definition": "trajets réalisés ÷ demandes de trajet distinctes (tous statuts)",
            "taux_plante": STATUS_P[0],
            "demandes": n_req,
            "realises": len(realised),
            "taux_observe": len(realised) / n_req,
        },
    )
    monthly, per_month_ratio, active_sum = {}, {}, 0
    for month in range(1, 13):
        in_month = [t for t in realised if t["date"].month == month]
        active = len({t["person_idx"] for t in in_month})
        monthly[f"{YEAR}-{month:02d}"] = len(in_month)
        per_month_ratio[f"{YEAR}-{month:02d}"] = len(in_month) / active if active else 0.0
        active_sum += active
    b.plant("trajets_realises_par_mois", monthly)
    b.plant("trajets_realises_moyenne_mensuelle", len(realised) / 12)
    b.plant(
        "trajets_par_beneficiaire_actif_par_mois",
        {
            "definition": "pour chaque mois, trajets réalisés ÷ bénéficiaires distincts (personnes, "
            "comptes en double fusionnés) ayant au moins un trajet réalisé ce mois-là",
            "par_mois": per_month_ratio,
            "moyenne_des_mois": float(np.mean(list(per_month_ratio.values()))),
            "global": len(realised) / active_sum,
        },
    )
    b.plant("beneficiaires_actifs_annee", len({t["person_idx"] for t in realised}))
    notes = [int(t["row"][14]) for t in realised if t["row"][14]]
    b.plant("note_beneficiaire_moyenne", {"n": len(notes), "moyenne": float(np.mean(notes))})
    b.mess("trajets.csv", "encodage", "cp1252, séparateur point-virgule, décimales à virgule")
    b.mess("trajets.csv", "lignes_repetees_pagination", repeated)
    b.mess(
        "trajets.csv",
        "lignes_heure_format_h",
        [i + 2 for i, row in enumerate(out) if "h" in row[3]],
    )
    dup_ids = [acc["id"] for p in people for acc in p["accounts"] if acc["duplicate"]]
    b.mess(
        "trajets.csv",
        "lignes_compte_beneficiaire_en_double",
        [i + 2 for i, row in enumerate(out) if row[5] in dup_ids],
    )
    return trips


def _month_end(first_day: dt.date) -> dt.date:
    nxt = dt.date(first_day.year + first_day.month // 12, first_day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------
# Isolation survey
# --------------------------------------------------------------------------------------
def _split_score(rng, score: int) -> list[int]:
    """Three UCLA items (1–3 each) adding up to ``score`` (3–9)."""
    items = [1, 1, 1]
    for _ in range(score - 3):
        free = [i for i in range(3) if items[i] < 3]
        items[free[int(rng.integers(0, len(free)))]] += 1
    return items


def _survey(b: SampleBuild, rng, people) -> list[int]:
    """The isolation survey; returns the rider behind each row (both waves)."""
    cohort = sorted(
        (i for i, p in enumerate(people) if COHORT_START <= p["registered"] <= COHORT_END),
        key=lambda i: (people[i]["registered"], i),
    )
    # who answers (and who miswrites the code at T1) is drawn first, so that the individual
    # changes can be standardised over the pairs the analysis will see: the sample then
    # carries the planted effect itself rather than a random draw around it
    answers = rng.random(size=(len(cohort), 2)) < [SURVEY_RESPONSE["T0"], SURVEY_RESPONSE["T1"]]
    miswritten = rng.random(size=len(cohort)) < 0.07
    if not (miswritten & answers[:, 1]).any():  # at least one T1 code that matches nobody
        miswritten[int(np.flatnonzero(answers[:, 1])[-1])] = True
    paired = answers[:, 0] & answers[:, 1] & ~miswritten
    z = rng.normal(size=len(cohort))
    z[paired] = (z[paired] - z[paired].mean()) / z[paired].std()
    base = rng.normal(ISOLATION_T0_MEAN, ISOLATION_T0_SD, size=len(cohort))
    score0 = np.clip(np.round(base), 3, 9).astype(int)
    score1 = np.clip(np.round(base + ISOLATION_CHANGE + ISOLATION_CHANGE_SD * z), 3, 9).astype(int)
    score1 = nudge_to_mean(rng, score0, score1, paired, ISOLATION_CHANGE, 3, 9)
    # satisfaction at T1: the planted share exactly, among the answers expressed
    expressing = [k for k in range(len(cohort)) if answers[k, 1] and rng.random() >= 0.05]
    m = len(expressing)
    unhappy = max(1, round((1 - SATISFIED_SHARE) * m))
    very = round(0.6 * m)
    levels = (
        [4] * very
        + [3] * (m - very - unhappy)
        + [2] * (unhappy - unhappy // 2)
        + [1] * (unhappy // 2)
    )
    sat_of = dict(zip(expressing, (levels[int(i)] for i in rng.permutation(m)), strict=True))
    used_wrong: set[int] = set()
    answered: list[int] = []
    waves: dict[str, list[list[Any]]] = {"T0": [], "T1": []}
    clean: dict[str, dict[str, int]] = {"T0": {}, "T1": {}}
    satisfaction, number_rows, text_dates, variant_codes, unknown_codes, text_outings = (
        [],
        {"T0": [], "T1": []},
        {"T0": [], "T1": []},
        {"T0": [], "T1": []},
        {"T0": [], "T1": []},
        {"T0": [], "T1": []},
    )
    for k, idx in enumerate(cohort):
        p = people[idx]
        code = p["accounts"][0]["id"]
        scores = {"T0": int(score0[k]), "T1": int(score1[k])}
        for wave, days in (("T0", int(rng.integers(0, 15))), ("T1", int(rng.integers(180, 200)))):
            if not answers[k, 0 if wave == "T0" else 1]:
                continue
            rows = waves[wave]
            line = len(rows) + 5  # title, note, blank line and header above the data
            day = p["registered"] + dt.timedelta(days=days)
            written = code
            u = rng.random()
            if wave == "T1" and miswritten[k]:
                wrong = int(rng.integers(900, 1000))
                while wrong in used_wrong:
                    wrong = int(rng.integers(900, 1000))
                used_wrong.add(wrong)
                written = f"B-{wrong:04d}"
                unknown_codes[wave].append(line)
            elif u < 0.2:
                num = int(code[2:])
                written = [code.lower(), code.replace("-", ""), f"B-{num}", str(num)][
                    int(rng.integers(0, 4))
                ]
                variant_codes[wave].append(line)
            as_numbers = rng.random() < 0.25
            if as_numbers:
                number_rows[wave].append(line)
            items = _split_score(rng, scores[wave])
            item_cells = [it if as_numbers else UCLA_LABELS[it - 1] for it in items]
            gain = 0 if wave == "T0" else 1
            outings = int(rng.poisson(1.6 + 1.0 * gain))
            outings_cell: Any = outings
            if rng.random() < 0.08:
                outings_cell = "aucune" if outings == 0 else f"{outings} ou {outings + 1}"
                text_outings[wave].append(line)
            renounce = int(
                rng.choice(3, p=[0.4, 0.35, 0.25] if wave == "T0" else [0.22, 0.4, 0.38])
            )
            trust = int(np.clip(round(rng.normal(2.6 + 0.7 * gain, 0.9)), 1, 5))
            date_cell: Any = day
            if rng.random() < 0.15:
                date_cell = date_text(day, "dmy")
                text_dates[wave].append(line)
            row = [
                date_cell,
                written,
                p["community"],
                outings_cell,
                *item_cells,
                RENOUNCE_LABELS[renounce],
                trust if as_numbers else TRUST_LABELS[trust - 1],
            ]
            if wave == "T1":
                sat_cell: Any = None
                if k in sat_of:
                    sat = sat_of[k]
                    satisfaction.append(sat >= 3)
                    sat_cell = sat if as_numbers else SATISFACTION_LABELS[sat - 1]
                row.append(sat_cell)
            row.append("téléphone" if rng.random() < 0.6 else "papier")
            rows.append(row)
            answered.append(idx)
            if line not in unknown_codes[wave]:
                clean[wave][code] = scores[wave]
    _write_survey_workbook(b, waves)
    pairs = [c for c in clean["T0"] if c in clean["T1"]]
    diff = np.array([clean["T1"][c] - clean["T0"][c] for c in pairs], dtype=float)
    b.plant(
        "evolution_isolement_T0_T1",
        {
            "definition": "score UCLA-3 (somme de trois items codés 1 à 3 : 3 = peu isolé, 9 = "
            "très isolé), différence T1 − T0 appariée par code bénéficiaire",
            "effet_plante": ISOLATION_CHANGE,
            "n_paires": len(pairs),
            "moyenne_T0": float(np.mean([clean["T0"][c] for c in pairs])),
            "moyenne_T1": float(np.mean([clean["T1"][c] for c in pairs])),
            "difference_moyenne": float(diff.mean()),
            "ecart_type_differences": float(diff.std(ddof=1)),
            "d_z": float(diff.mean() / diff.std(ddof=1)),
        },
    )
    b.plant(
        "part_beneficiaires_satisfaits",
        {
            "definition": "réponses T1 « Très » ou « Plutôt satisfait(e) » (3 ou 4 sur 4) parmi "
            "les réponses exprimées, tous répondants T1",
            "taux_plante": SATISFIED_SHARE,
            "n_reponses": len(satisfaction),
            "taux_observe": float(np.mean(satisfaction)),
        },
    )
    b.plant("repondants_par_vague", {w: len(r) for w, r in waves.items()})
    b.plant("taux_reponse_plantes", SURVEY_RESPONSE)
    b.plant("cohorte_enquetee", len(cohort))
    name = "enquete_beneficiaires_T0_T1.xlsx"
    b.mess(name, "ligne_entete", 4)
    b.mess(name, "onglets", list(SHEETS.values()))
    for wave, sheet in SHEETS.items():
        b.mess(name, f"{sheet}:lignes_likert_en_chiffres", number_rows[wave])
        b.mess(name, f"{sheet}:lignes_date_en_texte", text_dates[wave])
        b.mess(name, f"{sheet}:lignes_code_autre_ecriture", variant_codes[wave])
        b.mess(name, f"{sheet}:lignes_code_inconnu", unknown_codes[wave])
        b.mess(name, f"{sheet}:lignes_sorties_en_texte", text_outings[wave])
    return answered


SHEETS = {"T0": "T0 inscription", "T1": "T1 six mois"}
SURVEY_HEADER = [
    "date_passation",
    "code_beneficiaire",
    "antenne",
    "sorties_semaine_derniere",
    "manque_de_compagnie",
    "se_sent_exclu",
    "se_sent_isole",
    "renonce_a_des_deplacements",
    "confiance_transports",
]


def _write_survey_workbook(b: SampleBuild, waves) -> None:
    from openpyxl.styles import Font

    wb = fixed_workbook()
    wb.remove(wb.active)
    for wave, sheet in SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append(
            [
                f"Enquête bénéficiaires — vague {wave} "
                f"({'à l' + chr(39) + 'inscription' if wave == 'T0' else 'six mois après'})"
            ]
        )
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(
            [
                "Codage des chiffres : isolement 1 = Presque jamais ou jamais, 2 = Parfois, "
                "3 = Souvent ; confiance 1 à 5 ; satisfaction 1 = Pas du tout à 4 = Très "
                "satisfait(e)"
            ]
        )
        ws.append([])
        header = (
            SURVEY_HEADER + (["satisfaction_globale"] if wave == "T1" else []) + ["mode_passation"]
        )
        ws.append(header)
        for cell in ws[4]:
            cell.font = Font(bold=True)
        for row in waves[wave]:
            ws.append(row)
            cell = ws.cell(row=ws.max_row, column=1)
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    save_workbook(wb, b.raw("enquete_beneficiaires_T0_T1.xlsx"))


TOC_DRAFT = """\
# Théorie du changement — À Deux Pas (brouillon de départ, données fictives)
version: 1
probleme: >-
  Les personnes en situation de handicap ou âgées dont la mobilité est réduite renoncent à des
  déplacements faute d'accompagnement ; elles sortent moins, s'isolent et perdent en autonomie.
impact:
  id: I
  libelle: Les personnes à mobilité réduite se déplacent librement et participent à la vie sociale
activites:
  - id: A1
    libelle: Mise en relation de bénéficiaires et de guides pour des trajets accompagnés
  - id: A2
    libelle: Recrutement et ateliers de sensibilisation au handicap pour les guides
  - id: A3
    libelle: Guides salariés en relais quand aucun bénévole n'est disponible
realisations:
  - id: R1
    libelle: Trajets accompagnés réalisés
  - id: R2
    libelle: Guides formés et actifs
effets:
  - id: E1
    libelle: Les bénéficiaires renoncent moins à leurs déplacements
    horizon: court
    parties_prenantes: [PP1]
    dimensions:
      quoi: Des déplacements choisis (santé, courses, loisirs, famille) qui ont lieu
      qui: Bénéficiaires en situation de handicap ou âgés, dont une part en fauteuil
      combien: Une quarantaine de trajets réalisés par mois, trois demandes sur quatre pourvues
      contribution: >-
        À côté du transport adapté et de l'entourage, qui couvrent une autre part des besoins
      risque: Demandes non pourvues aux heures de pointe, qui découragent les bénéficiaires
  - id: E2
    libelle: Isolement réduit
    horizon: moyen
    parties_prenantes: [PP1]
    dimensions:
      quoi: Moins de sentiment de manque de compagnie, d'exclusion et d'isolement
      qui: Bénéficiaires inscrits dans l'année
      combien: Baisse d'au moins un point du score d'isolement (3 à 9) en six mois
      contribution: Le lien avec le guide et les sorties rendues possibles
      risque: Effet limité aux bénéficiaires réguliers
  - id: E3
    libelle: Les guides changent de regard sur le handicap
    horizon: court
    parties_prenantes: [PP2, PP3]
  - id: E4
    libelle: Autonomie accrue dans les déplacements
    horizon: long
    parties_prenantes: [PP1, PP4]
liens:
  - {de: A1, vers: R1}
  - {de: A3, vers: R1}
  - {de: A2, vers: R2}
  - de: R1
    vers: E1
    hypothese: Un accompagnement fiable lève la peur de se déplacer
  - de: R2
    vers: E3
    hypothese: Accompagner régulièrement quelqu'un change les représentations
  - de: E1
    vers: E2
    hypothese: Sortir plus souvent recrée des occasions de lien social
  - de: E1
    vers: E4
    hypothese: Des trajets répétés redonnent assez d'assurance pour en faire certains seul
  - de: E2
    vers: I
    hypothese: Des liens sociaux retrouvés sont une part de la participation à la vie sociale
  - de: E4
    vers: I
    hypothese: Se déplacer seul rend la participation durable, sans dépendre d'un accompagnant
parties_prenantes:
  - id: PP1
    nom: Bénéficiaires (personnes à mobilité réduite)
    categorie: beneficiaires
    influence: 2
    concernement: 5
  - id: PP2
    nom: Guides bénévoles
    categorie: benevoles
    influence: 3
    concernement: 4
  - id: PP3
    nom: Équipe salariée et guides en relais
    categorie: equipe
    influence: 4
    concernement: 3
  - id: PP4
    nom: Familles et aidants
    categorie: beneficiaires
    influence: 2
    concernement: 4
  - id: PP5
    nom: Réseau de transport et collectivités financeurs
    categorie: financeurs
    influence: 5
    concernement: 2
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — À Deux Pas (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Trajets accompagnés réalisés par mois
    type: realisation
    element: R1
    definition: Trajets au statut « Réalisé », par mois de trajet
    unite: trajets
    source: trajets
    cible: 45
  - id: IND2
    libelle: Taux de réalisation des demandes
    type: realisation
    element: R1
    definition: Trajets réalisés ÷ demandes de trajet distinctes, tous statuts
    unite: "%"
    source: trajets
    cible: 80
  - id: IND3
    libelle: Trajets par bénéficiaire actif et par mois
    type: effet
    element: E1
    definition: Trajets réalisés ÷ bénéficiaires distincts ayant au moins un trajet réalisé dans le mois
    unite: trajets
    source: trajets
  - id: IND4
    libelle: Guides bénévoles actifs
    type: realisation
    element: R2
    definition: Guides bénévoles ayant réalisé au moins un trajet dans l'année
    unite: personnes
    source: guides
  - id: IND5
    libelle: Évolution du sentiment d'isolement
    type: effet
    element: E2
    definition: Différence moyenne appariée du score d'isolement UCLA-3 (3 à 9) entre T0 et T1
    unite: points
    source: enquete
    cible: -1
  - id: IND6
    libelle: Part de bénéficiaires satisfaits
    type: effet
    element: E1
    definition: Réponses « Très » ou « Plutôt satisfait(e) » à T1, parmi les réponses exprimées
    unite: "%"
    source: enquete
    cible: 95
    formule:
      table: enquete
      agregation: part
      colonne: satisfaction_globale
      valeurs: [Très satisfait, Plutôt satisfait]
      filtre:
        feuille: [T1 six mois]
        satisfaction_globale:
          [Très satisfait, Plutôt satisfait, Plutôt pas satisfait, Pas du tout satisfait]
"""

"""Sample structure ``formation-batiment``: building-trades training towards work (fictional).

Files as such a training organisation really holds them:

- ``stagiaires.xlsx``: the trainee file, two title rows above the header, one row per
  enrolment (a few people enrolled twice, under name variants), birth dates written four
  ways in the same column (date cells, ``05/03/1990``, ``12-3-1990``, Excel serial numbers),
  French level ``A1/A2/B1`` or ``débutant``, prescribers named two ways (Pôle emploi became
  France Travail in 2024), ``Oui/Non`` in several cases, and the private weekend workshops
  mixed in with the insertion programmes;
- ``emargement_<session>.xlsx``: one wide attendance sheet per insertion session, a title
  above a merged header on three rows (week / day / half-day) or two rows, cells ``P``,
  ``A``, ``AJ``, ``R``, ``présent``, ``p`` or empty, public holidays marked ``Férié``, and a
  total row under the trainees;
- ``grille_competences.csv``: skills grid (``;``, cp1252), module and level spelling
  variants, ``NA`` for « non acquis » (which pandas reads as missing);
- ``suivi_sorties.csv``: situation at exit, at 3 and at 6 months, with falling response,
  free-text situations and mistyped trainee ids;
- ``accompagnement_social.csv``: social support actions, themes with spelling variants,
  ``O/N`` answers and dates in three formats.

Planted truth: completion rate, attendance rate (from the wide sheets), share in qualifying
training and in employment at exit and at 6 months, French level progress, modules
acquired, social support, distinct people behind the double enrolments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._base import (
    LAST_NAMES,
    Faker,
    SampleBuild,
    date_text,
    excel_serial,
    fixed_workbook,
    fold,
    save_workbook,
    write_csv,
)

SLUG = "formation-batiment"
SEED = 20250221
NAME = "Niveau à Bulle — atelier-école du second œuvre"
TITLE = "Organisme de formation aux métiers du bâtiment vers l'emploi"
DESCRIPTION = (
    "Organisme de formation installé dans une ancienne halle de la rive gauche rouennaise. "
    "Il forme aux métiers du second œuvre (électricité, plomberie, plaque de plâtre, "
    "peinture, faïence) des adultes qui apprennent le français, dont des personnes "
    "réfugiées (programme « Fondamentaux », sessions de seize semaines pour quatorze "
    "personnes, avec un accompagnement social et des cours de français) et des jeunes de 18 "
    "à 25 ans des quartiers prioritaires (programme « Jeunes Bâtisseurs », dix semaines). Il "
    "propose aussi des week-ends de bricolage aux particuliers qui rénovent leur logement "
    "(« Week-end rénovation »). Son objectif : qu'une majorité des stagiaires entrent en "
    "formation qualifiante ou en emploi dans le bâtiment."
)
TERRITORY = "Métropole Rouen Normandie (Seine-Maritime)"
YEAR = 2024
EXTRACTION = dt.date(2025, 7, 15)

# --------------------------------------------------------------------------------------
# Programmes and sessions
# --------------------------------------------------------------------------------------
FONDAMENTAUX, JEUNES, WEEKEND = "Fondamentaux", "Jeunes Bâtisseurs", "Week-end rénovation"
INSERTION_PROGRAMMES = (FONDAMENTAUX, JEUNES)
SESSIONS = [  # id, programme, first Monday, weeks, trainees, header rows of the sheet
    ("FON-24-1", FONDAMENTAUX, dt.date(2024, 1, 8), 16, 14, 3),
    ("JB-24-1", JEUNES, dt.date(2024, 2, 5), 10, 12, 2),
    ("JB-24-2", JEUNES, dt.date(2024, 5, 13), 10, 11, 2),
    ("FON-24-2", FONDAMENTAUX, dt.date(2024, 9, 2), 16, 14, 3),
    ("JB-24-3", JEUNES, dt.date(2024, 9, 16), 10, 13, 2),
]
HALF_DAY_HOURS = 3.5
N_WEEKENDS = 16
WEEKEND_HOURS = 14.0  # two days of seven hours
HOLIDAYS_2024 = {
    dt.date(2024, 1, 1),
    dt.date(2024, 4, 1),
    dt.date(2024, 5, 1),
    dt.date(2024, 5, 8),
    dt.date(2024, 5, 9),
    dt.date(2024, 5, 20),
    dt.date(2024, 7, 14),
    dt.date(2024, 8, 15),
    dt.date(2024, 11, 1),
    dt.date(2024, 11, 11),
    dt.date(2024, 12, 25),
}
TRAINERS = [
    "Karim Belkacem",
    "Sylvie Marchetti",
    "Jean-Luc Perrot",
    "Ousmane Diarra",
    "Nathalie Girod",
]
TOWNS = [
    ("76800", "Saint-Étienne-du-Rouvray"),
    ("76000", "Rouen"),
    ("76100", "Rouen"),
    ("76300", "Sotteville-lès-Rouen"),
    ("76140", "Le Petit-Quevilly"),
    ("76120", "Le Grand-Quevilly"),
    ("76380", "Canteleu"),
    ("76500", "Elbeuf"),
]
# adults learning French: refugees, other protections, family reunification
ALLOPHONE_FIRST_M = [
    "Mohamed",
    "Omar",
    "Ahmad",
    "Yonas",
    "Tesfay",
    "Mamadou",
    "Alpha",
    "Oleksandr",
    "Dmytro",
    "Bohdan",
    "Khaled",
    "Samir",
    "Tharshan",
    "Wisly",
    "Jean-Robert",
]
ALLOPHONE_FIRST_F = ["Fatoumata", "Mariam", "Selam", "Olena", "Iryna", "Rim", "Nadège"]
ALLOPHONE_LAST = [
    "Tesfamariam",
    "Haile",
    "Bah",
    "Sow",
    "Kovalenko",
    "Shevchenko",
    "Bondarenko",
    "Al-Hassan",
    "Khalil",
    "Haddad",
    "Sivakumar",
    "Pierre-Louis",
    "Joseph",
    "Ahmadi",
    "Osman",
]
ALLOPHONE_COUNTRIES = [
    "Érythrée",
    "Guinée",
    "Ukraine",
    "Syrie",
    "Sri Lanka",
    "Haïti",
    "Afghanistan",
    "Soudan",
]
ALLOPHONE_COUNTRY_P = [0.2, 0.18, 0.16, 0.14, 0.1, 0.08, 0.08, 0.06]
ALLOPHONE_STATUSES = [
    "Réfugié",
    "Protection subsidiaire",
    "Protection temporaire",
    "Titre de séjour",
]
ALLOPHONE_STATUS_P = [0.45, 0.2, 0.15, 0.2]
YOUTH_COUNTRIES = ["France", "Algérie", "Maroc", "Tunisie", "Comores", "Sénégal"]
YOUTH_COUNTRY_P = [0.78, 0.07, 0.06, 0.03, 0.03, 0.03]
PRESCRIBERS = {
    FONDAMENTAUX: (
        ["Plateforme d'accueil des réfugiés", "France Travail", "CADA", "CPH", "Pôle emploi"],
        [0.4, 0.18, 0.2, 0.12, 0.1],
    ),
    JEUNES: (
        [
            "Mission locale",
            "France Travail",
            "Pôle emploi",
            "Association de quartier",
            "CHRS",
            "Candidature spontanée",
        ],
        [0.45, 0.15, 0.1, 0.15, 0.05, 0.1],
    ),
}
# how the prescriber was typed (free text): label -> variants
PRESCRIBER_VARIANTS = {
    "France Travail": ["France Travail", "FRANCE TRAVAIL", "France travail", "FT"],
    "Pôle emploi": ["Pôle emploi", "Pole emploi", "POLE EMPLOI", "pôle emploi"],
    "Mission locale": ["Mission locale", "Mission Locale", "ML Rouen", "mission locale"],
}
# ASP education level codes (ref_niveau_formation_v3)
ASP_LEVELS = {
    "00": "Personnes avec qualifications non certifiantes",
    "01": "Jamais scolarisé",
    "40": "Niveau bac",
    "41": "Brevet de technicien ou bac pro",
    "50": "Niveau CAP/BEP",
    "51": "Diplôme CAP/BEP obtenu",
    "70": "Pas de formation au-delà de la scolarité obligatoire",
}
ASP_LEVEL_P = {
    FONDAMENTAUX: ([("01", 0.15), ("00", 0.2), ("70", 0.35), ("50", 0.15), ("40", 0.15)]),
    JEUNES: ([("70", 0.45), ("50", 0.3), ("51", 0.1), ("40", 0.1), ("41", 0.05)]),
}
# French level as typed -> rank (débutant 0, A1 1, A2 2, B1 3, B2 and native 4)
FRENCH_RANK = {
    "débutant": 0,
    "Débutant(e)": 0,
    "A1.1": 1,
    "A1": 1,
    "a1": 1,
    "A2": 2,
    "a2": 2,
    "B1": 3,
    "B1 ": 3,
    "B2": 4,
    "Natif": 4,
    "langue maternelle": 4,
}
FRENCH_NOT_ASSESSED = "non évalué"
MODULES = ["Électricité", "Plomberie", "Placo", "Peinture", "Faïence", "Sécurité"]
MODULE_VARIANTS = {
    "Électricité": ["Electricité", "ELEC"],
    "Placo": ["Plâtrerie / Placo"],
    "Faïence": ["Faience"],
    "Sécurité": ["Sécurité chantier"],
}
LEVELS = ["Non acquis", "En cours", "Acquis"]
LEVEL_VARIANTS = {
    "Acquis": ["acquis", "ACQUIS"],
    "En cours": ["En cours d'acquisition", "ECA"],
    "Non acquis": ["NA", "non acquis"],
}

# planted effects
ABANDON_RATE = {FONDAMENTAUX: 0.12, JEUNES: 0.25}
ATTENDANCE_MEAN = {FONDAMENTAUX: 0.9, JEUNES: 0.8}
LATE_SHARE = 0.06  # share of present half-days marked R (retard)
JUSTIFIED_SHARE = 0.4  # share of absences that are justified (AJ)
UNFILLED = 0.01  # cells left empty while enrolled
# situation at exit by programme: formation qualifiante / emploi / recherche / autre
EXIT_P = {FONDAMENTAUX: [0.45, 0.24, 0.27, 0.04], JEUNES: [0.3, 0.33, 0.32, 0.05]}
TRANSITION = np.array(
    [  # row: situation at a stage, column: at the next stage
        [0.82, 0.12, 0.05, 0.01],
        [0.03, 0.85, 0.11, 0.01],
        [0.12, 0.25, 0.6, 0.03],
        [0.05, 0.1, 0.25, 0.6],
    ]
)
CATEGORIES = ["formation", "emploi", "recherche", "autre"]
RESPONSE = {"sortie": 0.95, "3 mois": 0.75, "6 mois": 0.55}
STAGE_VARIANTS = {
    "sortie": ["Sortie", "sortie", "Fin de session"],
    "3 mois": ["M+3", "3 mois"],
    "6 mois": ["M+6", "6 mois", "6 mois "],
}
SITUATION_VARIANTS = {
    "formation": [
        "Formation qualifiante",
        "formation qualifiante",
        "Formation qualifiante - TP électricien",
        "Formation diplômante CAP",
        "En formation (TP plaquiste)",
    ],
    "emploi": [
        "CDI",
        "CDD",
        "CDD 3 mois",
        "Intérim",
        "interim",
        "Contrat d'insertion-IAE",
        "IAE (chantier d'insertion)",
    ],
    "recherche": ["Recherche d'emploi", "recherche emploi", "Demandeur d'emploi"],
    "autre": ["Déménagement", "Autre (maladie)"],
}
NO_NEWS = ["Sans nouvelle", "Sans nouvelles", "injoignable"]
SUPPORT_THEMES = {  # theme -> (share of Fondamentaux trainees, share of Jeunes, variants)
    "logement": (0.55, 0.15, ["Logement", "logement", "Hébergement"]),
    "titre de séjour": (0.45, 0.0, ["Titre de séjour", "titre de sejour", "Préfecture"]),
    "CAF": (0.35, 0.1, ["CAF", "Caf"]),
    "santé": (0.2, 0.08, ["Santé", "Sante", "CPAM"]),
    "mobilité/permis": (0.25, 0.3, ["Mobilité / permis", "permis B", "Mobilité"]),
}
SUPPORT_ACTIONS = {
    "logement": [
        "Dossier de demande de logement social",
        "Lien avec le bailleur",
        "Demande FSL",
        "Orientation SIAO",
    ],
    "titre de séjour": [
        "Renouvellement du titre",
        "Prise de rendez-vous préfecture",
        "Demande de récépissé",
    ],
    "CAF": ["Ouverture des droits", "Déclaration trimestrielle", "Dossier APL"],
    "santé": ["Ouverture complémentaire santé", "Orientation médecin traitant", "Rendez-vous CMP"],
    "mobilité/permis": [
        "Inscription auto-école solidaire",
        "Aide au financement du permis",
        "Carte de transport solidaire",
    ],
}
SUPPORT_RESOLVED = 0.62
ABANDON_REASONS = [
    ("emploi", ["Emploi trouvé", "A trouvé un CDD", "Embauché en intérim"]),
    (
        "autre",
        [
            "Déménagement",
            "Raisons familiales",
            "Raisons de santé",
            "Démotivation",
            "Exclusion (absences)",
        ],
    ),
]
N_DOUBLE_ENROLMENTS = 3


# --------------------------------------------------------------------------------------
def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    trainees = _trainees(rng, fake)
    sheets = _attendance(b, rng, trainees)
    _write_trainees(b, rng, fake, trainees)
    rows_of = {
        "competences": _skills(b, rng, fake, trainees),
        "suivi_sorties": _follow_up(b, rng, fake, trainees),
        "accompagnement_social": _support(b, rng, fake, trainees),
    }
    _count_people(b, trainees, rows_of)
    files = [
        {
            "chemin": "donnees-brutes/stagiaires.xlsx",
            "role": "stagiaires",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "prescripteur": {
                    "France Travail": "France Travail",
                    "FRANCE TRAVAIL": "France Travail",
                    "France travail": "France Travail",
                    "FT": "France Travail",
                    "Mission locale": "Mission locale",
                    "ML Rouen": "Mission locale",
                    "Mission Locale": "Mission locale",
                    "mission locale": "Mission locale",
                }
            },
            "feuille": "Stagiaires",
            "description": "fichier des stagiaires de l'année (une ligne par inscription, tous "
            "programmes)",
            "donnees_personnelles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "date_naissance": "date_naissance",
                "telephone": "telephone",
                "adresse": "adresse",
                "une_ligne_par_personne": True,
            },
        },
    ]
    for session_id, programme in sheets:
        files.append(
            {
                "chemin": f"donnees-brutes/emargement_{session_id}.xlsx",
                "role": f"emargement_{session_id.lower().replace('-', '_')}",
                "description": f"feuille d'émargement de la session {session_id} ({programme}) : "
                "une colonne par demi-journée",
                "donnees_personnelles": True,
                "personnes": {"nom": "NOM", "prenom": "Prénom"},
                "presences_en_colonnes": True,
            }
        )
    files += [
        {
            "chemin": "donnees-brutes/grille_competences.csv",
            "role": "competences",
            "description": "grille d'évaluation des compétences par module (mi-parcours et fin)",
        },
        {
            "chemin": "donnees-brutes/suivi_sorties.csv",
            "role": "suivi_sorties",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "situation": {
                    "Intérim": "emploi",
                    "IAE (chantier d'insertion)": "emploi",
                    "CDD": "emploi",
                    "CDD 3 mois": "emploi",
                    "interim": "emploi",
                    "CDI": "emploi",
                    "Contrat d'insertion-IAE": "emploi",
                    "formation qualifiante": "formation",
                    "Formation diplômante CAP": "formation",
                    "Formation qualifiante - TP électricien": "formation",
                    "Formation qualifiante": "formation",
                    "En formation (TP plaquiste)": "formation",
                    "recherche emploi": "recherche",
                    "Demandeur d'emploi": "recherche",
                    "Recherche d'emploi": "recherche",
                    "Déménagement": "autre",
                    "Autre (maladie)": "autre",
                },
                "etape": {
                    "sortie": "sortie",
                    "Sortie": "sortie",
                    "Fin de session": "sortie",
                    "M+3": "3 mois",
                    "M+6": "6 mois",
                },
            },
            "description": "situation des stagiaires à la sortie, à 3 mois et à 6 mois",
        },
        {
            "chemin": "donnees-brutes/accompagnement_social.csv",
            "role": "accompagnement_social",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "theme": {
                    "Hébergement": "logement",
                    "Titre de séjour": "titre de séjour",
                    "titre de sejour": "titre de séjour",
                    "Préfecture": "titre de séjour",
                    "Santé": "santé",
                    "Sante": "santé",
                    "CPAM": "santé",
                    "Mobilité / permis": "mobilité/permis",
                    "permis B": "mobilité/permis",
                    "Mobilité": "mobilité/permis",
                }
            },
            "description": "actions d'accompagnement social (logement, titre de séjour, CAF, "
            "santé, mobilité)",
            "donnees_sensibles": True,
        },
    ]
    return files


def _count_people(
    b: SampleBuild, trainees: list[dict[str, Any]], rows_of: dict[str, list[dict[str, Any]]]
) -> None:
    """The true number of distinct people per table (a person enrolled twice counts once)."""
    enrolled = {t["id_person"] for t in trainees}
    b.count_people(
        "stagiaires",
        (t["id_person"] for t in trainees),
        register=enrolled,
        identified_by="nom, prénom, date de naissance ; une ligne par inscription",
        lignes=len(trainees),
    )
    for session_id, *_ in SESSIONS:
        group = [t for t in trainees if t["session"] == session_id]
        b.count_people(
            f"emargement_{session_id.lower().replace('-', '_')}",
            (t["id_person"] for t in group),
            register=enrolled,
            identified_by="NOM et prénom, une ligne par stagiaire de la session",
            lignes=len(group),
        )
    what = {
        "competences": "identifiant stagiaire (une inscription), une ligne par module évalué",
        "suivi_sorties": "identifiant stagiaire (une inscription ; identifiants mal saisis "
        "rattachés à leur personne), une ligne par contact",
        "accompagnement_social": "identifiant stagiaire (une inscription), une ligne par action",
    }
    for role, rows in rows_of.items():
        b.count_people(
            role,
            (t["id_person"] for t in rows),
            register=enrolled,
            identified_by=what[role],
            lignes=len(rows),
        )


# --------------------------------------------------------------------------------------
# Trainees
# --------------------------------------------------------------------------------------
def _half_days(start: dt.date, weeks: int) -> list[tuple[dt.date, str]]:
    return [
        (start + dt.timedelta(days=7 * w + d), half)
        for w in range(weeks)
        for d in range(5)
        for half in ("Matin", "Après-midi")
    ]


def _trainees(rng: np.random.Generator, fake: Faker) -> list[dict[str, Any]]:
    """One dict per enrolment in an insertion session, then the private courses."""
    out: list[dict[str, Any]] = []
    used_names: list[tuple[str, str]] = []
    for session_id, programme, start, weeks, size, _ in SESSIONS:
        end = start + dt.timedelta(days=7 * (weeks - 1) + 4)
        allophone = programme == FONDAMENTAUX
        for _k in range(size):
            p = fake.person(
                towns=TOWNS,
                min_age=22 if allophone else 18,
                max_age=58 if allophone else 25,
                year=YEAR,
                sex_ratio_f=0.2 if allophone else 0.15,
            )
            if allophone:
                p.first_name = fake.choice(ALLOPHONE_FIRST_F if p.sex == "F" else ALLOPHONE_FIRST_M)
                p.last_name = fake.choice(ALLOPHONE_LAST)
            while (fold(p.first_name), fold(p.last_name)) in used_names:  # no homonyms
                p.last_name = fake.choice(ALLOPHONE_LAST if allophone else LAST_NAMES)
            used_names.append((fold(p.first_name), fold(p.last_name)))
            if allophone:
                country = fake.choice(ALLOPHONE_COUNTRIES, p=ALLOPHONE_COUNTRY_P)
                status = fake.choice(ALLOPHONE_STATUSES, p=ALLOPHONE_STATUS_P)
                french = fake.choice(
                    [
                        "débutant",
                        "Débutant(e)",
                        "A1.1",
                        "A1",
                        "a1",
                        "A2",
                        "a2",
                        "B1",
                        FRENCH_NOT_ASSESSED,
                    ],
                    p=[0.12, 0.05, 0.1, 0.25, 0.05, 0.2, 0.05, 0.13, 0.05],
                )
            else:
                country = fake.choice(YOUTH_COUNTRIES, p=YOUTH_COUNTRY_P)
                status = "Jeune QPV" if rng.random() < 0.7 else "DE"
                french = fake.choice(
                    ["Natif", "langue maternelle", "B2", "B1", ""], p=[0.5, 0.15, 0.15, 0.1, 0.1]
                )
            names, probs = PRESCRIBERS[programme]
            prescriber = fake.choice(names, p=probs)
            codes, cp = zip(*ASP_LEVEL_P[programme], strict=True)
            entry = start
            if programme == JEUNES and rng.random() < 0.1:  # joins during the first fortnight
                entry = start + dt.timedelta(days=int(rng.choice([1, 2, 7, 8])))
            abandon = bool(rng.random() < ABANDON_RATE[programme])
            leave = end
            reason_kind, reason = "", ""
            if abandon:
                leave = start + dt.timedelta(days=int(rng.integers(10, 7 * weeks - 10)))
                while leave.weekday() >= 5:
                    leave -= dt.timedelta(days=1)
                kind = 0 if rng.random() < 0.3 else 1
                reason_kind, variants = ABANDON_REASONS[kind]
                reason = fake.choice(variants)
            out.append(
                {
                    "person": p,
                    "programme": programme,
                    "session": session_id,
                    "start": start,
                    "end": end,
                    "weeks": weeks,
                    "entry": entry,
                    "leave": leave,
                    "abandon": abandon,
                    "reason": reason,
                    "reason_kind": reason_kind,
                    "country": country,
                    "status": status,
                    "french": french,
                    "prescriber": prescriber,
                    "level": fake.choice(list(codes), p=list(cp)),
                    "attendance_p": float(
                        np.clip(
                            rng.beta(
                                ATTENDANCE_MEAN[programme] * 12,
                                (1 - ATTENDANCE_MEAN[programme]) * 12,
                            ),
                            0.35,
                            0.995,
                        )
                    ),
                    "double_of": None,
                }
            )
    # a few young people who dropped out of a first session enrol again in JB-24-3
    jb3 = [t for t in out if t["session"] == "JB-24-3"]
    earlier = [
        t for t in out if t["programme"] == JEUNES and t["session"] != "JB-24-3" and t["abandon"]
    ]
    for k in range(min(N_DOUBLE_ENROLMENTS, len(earlier), len(jb3))):
        first, again = earlier[k], jb3[k]
        again["person"] = first["person"]
        again["country"], again["level"] = first["country"], first["level"]
        again["french"], again["status"] = first["french"], first["status"]
        again["double_of"] = k
    for k, t in enumerate(out):
        t["id_person"] = (
            k
            if t["double_of"] is None
            else next(i for i, x in enumerate(out) if x is earlier[t["double_of"]])
        )
    # private weekend workshops, Saturday and Sunday (no attendance sheet, no follow-up)
    starts = [
        dt.date(2024, 1, 20) + dt.timedelta(days=int(round(k * 21.5))) for k in range(N_WEEKENDS)
    ]
    for k, s in enumerate(starts):
        s = s + dt.timedelta(days=(5 - s.weekday()) % 7)
        for _j in range(int(rng.integers(6, 11))):
            p = fake.person(towns=TOWNS, min_age=25, max_age=72, year=YEAR, sex_ratio_f=0.55)
            out.append(
                {
                    "person": p,
                    "programme": WEEKEND,
                    "session": f"WE-24-{k + 1:02d}",
                    "start": s,
                    "end": s + dt.timedelta(days=1),
                    "weeks": 1,
                    "entry": s,
                    "leave": s + dt.timedelta(days=1),
                    "abandon": False,
                    "reason": "",
                    "reason_kind": "",
                    "country": "",
                    "status": "Particulier",
                    "french": "",
                    "prescriber": fake.choice(["Site internet", "Bouche-à-oreille", "Salon"]),
                    "level": "",
                    "attendance_p": 1.0,
                    "double_of": None,
                    "id_person": len(out),
                }
            )
    # ids in the order of entry, as the file is kept
    out.sort(
        key=lambda t: (
            t["entry"],
            t["session"],
            fold(t["person"].last_name),
            fold(t["person"].first_name),
        )
    )
    for k, t in enumerate(out):
        t["id"] = f"NB-24-{k + 1:03d}"
    return out


# --------------------------------------------------------------------------------------
# Attendance sheets
# --------------------------------------------------------------------------------------
_DAY_ABBR = ["lun.", "mar.", "mer.", "jeu.", "ven."]


def _attendance(
    b: SampleBuild, rng: np.random.Generator, trainees: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    written: list[tuple[str, str]] = []
    totals = {"presents": 0, "exprimes": 0, "aj": 0}
    per_session: dict[str, float] = {}
    for session_id, programme, start, weeks, _size, header_rows in SESSIONS:
        group = sorted(
            [t for t in trainees if t["session"] == session_id],
            key=lambda t: (fold(t["person"].last_name), fold(t["person"].first_name)),
        )
        slots = _half_days(start, weeks)
        first_col = 4
        wb = fixed_workbook()
        ws = wb.active
        ws.title = "Émargement"
        last_col = first_col + len(slots) - 1
        ws.cell(
            1, 1, f"NIVEAU À BULLE — Feuille d'émargement — session {session_id} ({programme})"
        ).font = Font(bold=True, size=13)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
        end = start + dt.timedelta(days=7 * (weeks - 1) + 4)
        trainer = TRAINERS[[s[0] for s in SESSIONS].index(session_id) % len(TRAINERS)]
        ws.cell(
            2,
            1,
            f"Du {date_text(start, 'dmy')} au {date_text(end, 'dmy')} — formateur "
            f"référent : {trainer} — P présent, A absent, AJ absence justifiée, "
            "R retard",
        )
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=20)
        h0 = 4  # first header row
        data_row = h0 + header_rows
        for col, label in ((1, "N°"), (2, "NOM"), (3, "Prénom")):
            ws.cell(h0, col, label).font = Font(bold=True)
            ws.merge_cells(
                start_row=h0, start_column=col, end_row=h0 + header_rows - 1, end_column=col
            )
        holiday_cols: list[str] = []
        for w in range(weeks):
            c0 = first_col + 10 * w
            monday = start + dt.timedelta(days=7 * w)
            ws.cell(
                h0,
                c0,
                f"Semaine {w + 1} (du {monday.strftime('%d/%m')})"
                if header_rows == 3
                else f"Semaine du {date_text(monday, 'dmy')}",
            )
            ws.merge_cells(start_row=h0, start_column=c0, end_row=h0, end_column=c0 + 9)
            for d in range(5):
                day = monday + dt.timedelta(days=d)
                label = f"{_DAY_ABBR[d]} {day.strftime('%d/%m')}"
                if day in HOLIDAYS_2024:
                    label += " (férié)"
                    holiday_cols += [
                        get_column_letter(c0 + 2 * d),
                        get_column_letter(c0 + 2 * d + 1),
                    ]
                if header_rows == 3:
                    ws.cell(h0 + 1, c0 + 2 * d, label)
                    ws.merge_cells(
                        start_row=h0 + 1,
                        start_column=c0 + 2 * d,
                        end_row=h0 + 1,
                        end_column=c0 + 2 * d + 1,
                    )
                    ws.cell(h0 + 2, c0 + 2 * d, "Matin")
                    ws.cell(h0 + 2, c0 + 2 * d + 1, "Après-midi")
                else:
                    ws.cell(h0 + 1, c0 + 2 * d, f"{label} matin")
                    ws.cell(h0 + 1, c0 + 2 * d + 1, f"{label} ap.-midi")
        for row in ws.iter_rows(min_row=h0, max_row=data_row - 1, min_col=1, max_col=last_col):
            for cell in row:
                cell.alignment = Alignment(horizontal="center", vertical="center")
        # the cells
        present_word_week = 4 if session_id == "FON-24-2" else None  # a substitute wrote "présent"
        lower_p = session_id == "JB-24-2"
        present_cells = 0
        expressed_cells = 0
        aj_cells = 0
        col_presents = [0] * len(slots)
        lowercase_cells: list[str] = []
        present_word_cells: list[str] = []
        unfilled_cells: list[str] = []
        for i, t in enumerate(group):
            r = data_row + i
            ws.cell(r, 1, i + 1)
            ws.cell(r, 2, t["person"].last_name.upper())
            ws.cell(r, 3, t["person"].first_name)
            n_present = 0
            for j, (day, _half) in enumerate(slots):
                col = first_col + j
                ref = f"{get_column_letter(col)}{r}"
                if day in HOLIDAYS_2024:
                    ws.cell(r, col, "Férié")
                    continue
                if day < t["entry"] or day > t["leave"]:
                    continue  # not enrolled yet / any more: left empty
                if rng.random() < UNFILLED:
                    unfilled_cells.append(ref)
                    continue
                if rng.random() < t["attendance_p"]:
                    value = "R" if rng.random() < LATE_SHARE else "P"
                    if (
                        value == "P"
                        and present_word_week is not None
                        and (day - start).days // 7 == present_word_week
                    ):
                        value = "présent"
                        present_word_cells.append(ref)
                    elif value == "P" and lower_p and rng.random() < 0.15:
                        value = "p"
                        lowercase_cells.append(ref)
                    n_present += 1
                    col_presents[j] += 1
                else:
                    value = "AJ" if rng.random() < JUSTIFIED_SHARE else "A"
                    aj_cells += value == "AJ"
                expressed_cells += 1
                ws.cell(r, col, value)
            present_cells += n_present
            t["present_half_days"] = n_present
            t["planned_half_days"] = sum(
                1 for day, _ in slots if day not in HOLIDAYS_2024 and t["entry"] <= day
            )
        total_row = data_row + len(group)
        ws.cell(total_row, 2, "Total présents").font = Font(bold=True)
        for j, (day, _half) in enumerate(slots):
            if day not in HOLIDAYS_2024:
                ws.cell(total_row, first_col + j, col_presents[j])
        ws.cell(total_row + 2, 2, "Signature du formateur :")
        ws.column_dimensions["B"].width = 18
        ws.freeze_panes = ws.cell(data_row, first_col)
        name = f"emargement_{session_id}.xlsx"
        save_workbook(wb, b.raw(name))
        written.append((session_id, programme))
        per_session[session_id] = present_cells / expressed_cells
        totals["presents"] += present_cells
        totals["exprimes"] += expressed_cells
        totals["aj"] += aj_cells
        b.mess(name, "lignes_entete", list(range(h0, data_row)))
        b.mess(name, "ligne_titre", [1, 2])
        b.mess(name, "premiere_ligne_donnees", data_row)
        b.mess(name, "ligne_total", total_row)
        b.mess(name, "colonnes_feriees", holiday_cols)
        b.mess(name, "cellules_vides_non_remplies", unfilled_cells)
        if present_word_cells:
            b.mess(name, "cellules_present_en_toutes_lettres", present_word_cells)
        if lowercase_cells:
            b.mess(name, "cellules_p_minuscule", lowercase_cells)
    b.plant(
        "taux_assiduite",
        {
            "definition": "demi-journées présentes (P, p, R, présent) / demi-journées renseignées "
            "(P, p, R, présent, A, AJ) ; cases vides, « Férié » et ligne de total "
            "exclues ; sessions Fondamentaux et Jeunes Bâtisseurs",
            "taux_plante": {
                FONDAMENTAUX: ATTENDANCE_MEAN[FONDAMENTAUX],
                JEUNES: ATTENDANCE_MEAN[JEUNES],
            },
            "demi_journees_presentes": totals["presents"],
            "demi_journees_renseignees": totals["exprimes"],
            "taux_observe": totals["presents"] / totals["exprimes"],
            "taux_hors_absences_justifiees": totals["presents"]
            / (totals["exprimes"] - totals["aj"]),
            "par_session": per_session,
        },
    )
    return written


# --------------------------------------------------------------------------------------
# Trainee file
# --------------------------------------------------------------------------------------
def _write_trainees(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, trainees: list[dict[str, Any]]
) -> None:
    from openpyxl.styles import Font

    wb = fixed_workbook()
    ws = wb.active
    ws.title = "Stagiaires"
    ws.cell(1, 1, "NIVEAU À BULLE — Fichier des stagiaires 2024").font = Font(bold=True, size=13)
    ws.cell(
        2,
        1,
        f"Extraction du {date_text(EXTRACTION, 'dmy')} — document confidentiel, ne pas diffuser",
    )
    header = [
        "id",
        "nom",
        "prenom",
        "date_naissance",
        "sexe",
        "pays_naissance",
        "telephone",
        "adresse",
        "code_postal",
        "ville",
        "statut_administratif",
        "prescripteur",
        "niveau_francais",
        "niveau_francais_sortie",
        "niveau_formation",
        "programme",
        "session",
        "date_entree",
        "date_sortie",
        "heures_prevues",
        "heures_realisees",
        "abandon",
        "motif_abandon",
    ]
    header_row = 4
    for c, h in enumerate(header, start=1):
        ws.cell(header_row, c, h).font = Font(bold=True)
    birth_styles: dict[str, list[int]] = {
        "cellule_date": [],
        "texte_jj_mm_aaaa": [],
        "texte_j_m_aaaa": [],
        "numero_serie_excel": [],
    }
    abandon_variants: dict[str, list[int]] = {}
    name_variant_rows: list[int] = []
    prescriber_used: dict[str, list[str]] = {}
    seen_people: dict[int, str] = {}
    french_exit: dict[str, int] = {}
    for k, t in enumerate(trainees):
        r = header_row + 1 + k
        p = t["person"]
        first, last = p.first_name, p.last_name
        if t["double_of"] is not None:
            first, last = fake.name_variant(first), fake.name_variant(last)
            if (first, last) == (p.first_name, p.last_name):
                last = last.upper()
            name_variant_rows.append(r)
        style = fake.choice(list(birth_styles), p=[0.45, 0.3, 0.12, 0.13])
        birth_styles[style].append(r)
        bd = p.birth_date
        birth_value: Any = {
            "cellule_date": bd,
            "texte_jj_mm_aaaa": date_text(bd, "dmy"),
            "texte_j_m_aaaa": f"{bd.day}-{bd.month}-{bd.year}",
            "numero_serie_excel": excel_serial(bd),
        }[style]
        insertion = t["programme"] in INSERTION_PROGRAMMES
        prescriber = t["prescriber"]
        if prescriber in PRESCRIBER_VARIANTS:
            typed = fake.choice(PRESCRIBER_VARIANTS[prescriber])
            prescriber_used.setdefault(prescriber, [])
            if typed not in prescriber_used[prescriber]:
                prescriber_used[prescriber].append(typed)
            prescriber = typed
        french_out = ""
        if (
            t["programme"] == FONDAMENTAUX
            and not t["abandon"]
            and t["french"] != FRENCH_NOT_ASSESSED
        ):
            rank = FRENCH_RANK[t["french"]]
            gain = int(rng.choice([0, 1, 2], p=[0.35, 0.55, 0.1]))
            french_out = ["débutant", "A1", "A2", "B1", "B2"][min(4, rank + gain)]
            french_exit[t["id"]] = min(4, rank + gain) - rank
        if insertion:
            abandon_text = fake.choice(
                ["Oui", "OUI", "oui"] if t["abandon"] else ["Non", "Non", "Non", "non", "NON"]
            )
            planned = t["planned_half_days"] * HALF_DAY_HOURS
            done = t["present_half_days"] * HALF_DAY_HOURS
        else:
            abandon_text = fake.choice(["Non", ""], p=[0.6, 0.4])
            planned = WEEKEND_HOURS
            done = WEEKEND_HOURS if rng.random() < 0.9 else WEEKEND_HOURS / 2
        abandon_variants.setdefault(abandon_text, []).append(r)
        level = (
            f"{t['level']} - {ASP_LEVELS[t['level']]}"
            if t["level"] and rng.random() < 0.6
            else t["level"]
        )
        row = [
            t["id"],
            last,
            first,
            birth_value,
            "F" if p.sex == "F" else "H",
            t["country"],
            p.phone if insertion else fake.phone_variant(p.phone),
            p.street,
            p.postcode,
            p.town,
            t["status"],
            prescriber,
            t["french"],
            french_out,
            level,
            t["programme"],
            t["session"],
            t["entry"],
            t["leave"],
            planned,
            done,
            abandon_text,
            t["reason"],
        ]
        for c, v in enumerate(row, start=1):
            cell = ws.cell(r, c, v if v != "" else None)
            if isinstance(v, dt.date):
                cell.number_format = "DD/MM/YYYY"
        seen_people.setdefault(t["id_person"], t["id"])
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    lists = wb.create_sheet("Listes")
    for c, (title, values) in enumerate(
        (
            ("programme", [FONDAMENTAUX, JEUNES, WEEKEND]),
            (
                "statut_administratif",
                [*ALLOPHONE_STATUSES, "DE", "Jeune QPV", "Particulier"],
            ),
            ("abandon", ["Oui", "Non"]),
        ),
        start=1,
    ):
        lists.cell(1, c, title)
        for k, v in enumerate(values, start=2):
            lists.cell(k, c, v)
    save_workbook(wb, b.raw("stagiaires.xlsx"))

    insertion_rows = [t for t in trainees if t["programme"] in INSERTION_PROGRAMMES]
    b.plant(
        "inscriptions",
        {
            "total": len(trainees),
            "insertion": len(insertion_rows),
            "par_programme": {
                prog: sum(1 for t in trainees if t["programme"] == prog)
                for prog in (FONDAMENTAUX, JEUNES, WEEKEND)
            },
        },
    )
    b.plant(
        "personnes_distinctes",
        {
            "total": len({t["id_person"] for t in trainees}),
            "insertion": len({t["id_person"] for t in insertion_rows}),
            "regle": "même personne = même nom, prénom et date de naissance une fois la casse et "
            "les accents normalisés",
        },
    )
    b.plant(
        "taux_achevement",
        {
            "definition": "inscriptions Fondamentaux et Jeunes Bâtisseurs sans abandon / toutes ces "
            "inscriptions (une personne inscrite deux fois compte deux fois)",
            "taux_plante": {prog: 1 - ABANDON_RATE[prog] for prog in INSERTION_PROGRAMMES},
            "global": float(np.mean([not t["abandon"] for t in insertion_rows])),
            "par_programme": {
                prog: float(
                    np.mean([not t["abandon"] for t in insertion_rows if t["programme"] == prog])
                )
                for prog in INSERTION_PROGRAMMES
            },
            "abandons_pour_emploi": sum(1 for t in insertion_rows if t["reason_kind"] == "emploi"),
        },
    )
    b.plant(
        "heures_realisees_insertion",
        float(sum(t["present_half_days"] * HALF_DAY_HOURS for t in insertion_rows)),
    )
    gains = np.array(list(french_exit.values()))
    b.plant(
        "progression_francais",
        {
            "definition": "stagiaires Fondamentaux sans abandon dont le niveau de sortie dépasse le "
            "niveau d'entrée (débutant < A1 = A1.1 < A2 < B1 < B2) ; entrée « non "
            "évalué » exclue",
            "rangs": FRENCH_RANK,
            "n": len(gains),
            "part_en_progres": float(np.mean(gains > 0)),
            "gain_moyen_niveaux": float(gains.mean()),
        },
    )
    b.mess("stagiaires.xlsx", "lignes_titre", [1, 2])
    b.mess("stagiaires.xlsx", "ligne_entete", header_row)
    b.mess("stagiaires.xlsx", "date_naissance_formats", birth_styles)
    b.mess("stagiaires.xlsx", "abandon_variantes", abandon_variants)
    b.mess("stagiaires.xlsx", "prescripteur_variantes", prescriber_used)
    b.mess("stagiaires.xlsx", "lignes_reinscription_nom_variante", name_variant_rows)
    b.mess(
        "stagiaires.xlsx",
        "programmes_melanges",
        "les « Week-end rénovation » (particuliers) sont dans le même fichier que les programmes "
        "d'insertion",
    )
    b.mess("stagiaires.xlsx", "personne_par_ligne", [seen_people[t["id_person"]] for t in trainees])


# --------------------------------------------------------------------------------------
# Skills grid
# --------------------------------------------------------------------------------------
def _skills(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, trainees: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The skills grid; returns the trainee behind each row."""
    rows: list[list[str]] = []
    row_trainees: list[dict[str, Any]] = []
    na_lines: list[int] = []
    variant_lines: dict[str, list[int]] = {}
    final_acquired: list[int] = []
    per_person_acquired: list[int] = []
    date_styles: dict[str, list[int]] = {"dmy": [], "iso": []}
    for t in trainees:
        if t["programme"] not in INSERTION_PROGRAMMES:
            continue
        mid = t["start"] + dt.timedelta(days=7 * (t["weeks"] // 2) + 3)
        evaluations = [("mi", mid)] if mid <= t["leave"] else []
        if not t["abandon"]:
            evaluations.append(("fin", t["end"]))
        skill = float(np.clip(rng.normal(0.0, 1.0) + 2.2 * (t["attendance_p"] - 0.8), -3, 3))
        acquired_here = 0
        for m_index, module in enumerate(MODULES):
            trainer = TRAINERS[(m_index + len(t["session"])) % len(TRAINERS)]
            for stage, day in evaluations:
                z = skill + rng.normal(0, 0.8) + (1.6 if stage == "fin" else 0.0)
                level = "Acquis" if z > 1.0 else "En cours" if z > -0.6 else "Non acquis"
                if stage == "fin":
                    final_acquired.append(level == "Acquis")
                    acquired_here += level == "Acquis"
                line = len(rows) + 2
                typed_level = level
                if rng.random() < 0.25:
                    typed_level = fake.choice(LEVEL_VARIANTS[level])
                    variant_lines.setdefault(typed_level, []).append(line)
                    if typed_level == "NA":
                        na_lines.append(line)
                typed_module = module
                if module in MODULE_VARIANTS and rng.random() < 0.3:
                    typed_module = fake.choice(MODULE_VARIANTS[module])
                style = "iso" if rng.random() < 0.15 else "dmy"
                date_styles[style].append(line)
                rows.append([t["id"], typed_module, date_text(day, style), typed_level, trainer])
                row_trainees.append(t)
        if not t["abandon"]:
            per_person_acquired.append(acquired_here)
    write_csv(
        rows,
        ["stagiaire_id", "module", "date_eval", "niveau", "formateur"],
        b.raw("grille_competences.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "modules_acquis",
        {
            "definition": "évaluations de fin de session au niveau « Acquis » / évaluations de fin "
            "de session (stagiaires sans abandon, 6 modules)",
            "n_evaluations_fin": len(final_acquired),
            "part_acquis_fin": float(np.mean(final_acquired)),
            "modules_acquis_moyen_par_stagiaire": float(np.mean(per_person_acquired)),
            "niveaux": {k: [k] + v for k, v in LEVEL_VARIANTS.items()},
            "modules": {k: [k] + MODULE_VARIANTS.get(k, []) for k in MODULES},
        },
    )
    b.mess("grille_competences.csv", "encodage", "cp1252, séparateur point-virgule")
    b.mess("grille_competences.csv", "lignes_niveau_NA_lu_comme_manquant", na_lines)
    b.mess("grille_competences.csv", "lignes_niveau_variante", variant_lines)
    b.mess("grille_competences.csv", "lignes_date_iso", date_styles["iso"])
    b.mess(
        "grille_competences.csv",
        "piege_dayfirst",
        "jj/mm/aaaa et aaaa-mm-jj dans la même colonne : pd.to_datetime(format='mixed', "
        "dayfirst=True) inverse jour et mois des dates ISO dont le jour est ≤ 12",
    )
    return row_trainees


# --------------------------------------------------------------------------------------
# Follow-up
# --------------------------------------------------------------------------------------
def _follow_up(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, trainees: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The follow-up calls; returns the trainee behind each row."""
    rows: list[list[str]] = []
    row_trainees: list[dict[str, Any]] = []
    typo_lines: list[int] = []
    missing_rows: dict[str, int] = {k: 0 for k in RESPONSE}
    known: dict[str, list[str]] = {k: [] for k in RESPONSE}
    n_trainees = 0
    variants_used: dict[str, list[str]] = {}
    for t in trainees:
        if t["programme"] not in INSERTION_PROGRAMMES:
            continue
        n_trainees += 1
        if t["reason_kind"] == "emploi":
            state = 1
        else:
            state = int(rng.choice(4, p=EXIT_P[t["programme"]]))
        for stage, days in (("sortie", 0), ("3 mois", 91), ("6 mois", 182)):
            if stage != "sortie":
                state = int(rng.choice(4, p=TRANSITION[state]))
            day = t["leave"] + dt.timedelta(days=days + int(rng.integers(0, 12)))
            reached = rng.random() < RESPONSE[stage]
            if not reached and rng.random() < 0.3:
                missing_rows[stage] += 1
                continue  # nobody wrote the unsuccessful call down
            line = len(rows) + 2
            sid = t["id"]
            if rng.random() < 0.04:
                sid = sid.lower() if rng.random() < 0.5 else sid.replace("-", "")
                typo_lines.append(line)
            if reached:
                category = CATEGORIES[state]
                text = fake.choice(SITUATION_VARIANTS[category])
                variants_used.setdefault(category, [])
                if text not in variants_used[category]:
                    variants_used[category].append(text)
                known[stage].append(category)
                channel = fake.choice(
                    ["tel", "SMS", "Pôle emploi", "visite"], p=[0.6, 0.25, 0.1, 0.05]
                )
            else:
                text = fake.choice(NO_NEWS, p=[0.6, 0.2, 0.2])
                channel = fake.choice(["tel", "SMS"])
            rows.append(
                [sid, fake.choice(STAGE_VARIANTS[stage]), date_text(day, "dmy"), channel, text, ""]
            )
            row_trainees.append(t)
    write_csv(
        rows,
        ["stagiaire_id", "etape", "date_contact", "canal", "situation", "commentaire"],
        b.raw("suivi_sorties.csv"),
        sep=";",
        encoding="cp1252",
    )
    summary = {}
    for stage in RESPONSE:
        cats = known[stage]
        summary[stage] = {
            "repondants": len(cats),
            "taux_reponse": len(cats) / n_trainees,
            "part_formation_qualifiante_repondants": cats.count("formation") / len(cats),
            "part_emploi_repondants": cats.count("emploi") / len(cats),
            "part_formation_qualifiante_tous": cats.count("formation") / n_trainees,
            "part_emploi_tous": cats.count("emploi") / n_trainees,
        }
    b.plant(
        "situation_sorties",
        {
            "definition": "stagiaires Fondamentaux et Jeunes Bâtisseurs (une ligne par inscription) ; "
            "« repondants » = situation connue à l'étape, « tous » = sur toutes les "
            "inscriptions (sans nouvelle comptée comme non positive) ; emploi = CDI, "
            "CDD, intérim, contrat d'insertion-IAE",
            "inscriptions": n_trainees,
            "categories": SITUATION_VARIANTS,
            "sans_nouvelle": NO_NEWS,
            "etapes": {k: v for k, v in STAGE_VARIANTS.items()},
            "objectifs_structure": {"formation_qualifiante": 0.5, "emploi": 0.25},
            "reference_pic_refugies_sorties_positives": 0.56,
            "taux_reponse_plantes": RESPONSE,
            **summary,
        },
    )
    b.mess("suivi_sorties.csv", "lignes_identifiant_mal_saisi", typo_lines)
    b.mess("suivi_sorties.csv", "appels_sans_ligne", missing_rows)
    b.mess("suivi_sorties.csv", "variantes_situation", variants_used)
    b.mess("suivi_sorties.csv", "variantes_etape", STAGE_VARIANTS)
    return row_trainees


# --------------------------------------------------------------------------------------
# Social support
# --------------------------------------------------------------------------------------
def _support(
    b: SampleBuild, rng: np.random.Generator, fake: Faker, trainees: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The social support actions; returns the trainee behind each row."""
    rows: list[tuple[dt.date, list[str]]] = []
    by_id = {t["id"]: t for t in trainees}
    per_theme: dict[str, int] = {k: 0 for k in SUPPORT_THEMES}
    resolved = 0
    answered = 0
    people: list[str] = []
    for t in trainees:
        if t["programme"] not in INSERTION_PROGRAMMES:
            continue
        col = 0 if t["programme"] == FONDAMENTAUX else 1
        for theme, spec in SUPPORT_THEMES.items():
            if rng.random() >= spec[col]:
                continue
            if t["id"] not in people:
                people.append(t["id"])
            for _ in range(int(rng.integers(1, 3))):
                span = max(1, (t["leave"] - t["entry"]).days + 30)
                day = t["entry"] + dt.timedelta(days=int(rng.integers(0, span)))
                r = rng.random()
                flag = "O" if r < SUPPORT_RESOLVED else "N" if r < 0.92 else ""
                per_theme[theme] += 1
                if flag:
                    answered += 1
                    resolved += flag == "O"
                typed_flag = flag
                if flag and rng.random() < 0.12:
                    typed_flag = fake.choice(["o", "Oui"] if flag == "O" else ["n", "Non"])
                rows.append(
                    (
                        day,
                        [
                            t["id"],
                            fake.choice(spec[2]),
                            day,
                            fake.choice(SUPPORT_ACTIONS[theme]),
                            typed_flag,
                        ],
                    )
                )
    rows.sort(key=lambda x: (x[0], x[1][0]))
    styles: dict[str, list[int]] = {"dmy": [], "short": [], "iso": []}
    out = []
    for k, (day, row) in enumerate(rows):
        style = fake.choice(list(styles), p=[0.7, 0.2, 0.1])
        styles[style].append(k + 2)
        out.append([row[0], row[1], date_text(day, style), row[3], row[4]])
    write_csv(
        out,
        ["stagiaire_id", "theme", "date", "action", "resolu"],
        b.raw("accompagnement_social.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "accompagnement_social",
        {
            "personnes_accompagnees": len(people),
            "actions": len(rows),
            "actions_par_theme": per_theme,
            "themes": {k: v[2] for k, v in SUPPORT_THEMES.items()},
            "part_resolues_parmi_renseignees": resolved / answered,
            "regle_resolu": "O, o, Oui = résolu ; N, n, Non = non résolu ; vide = en cours, exclu",
        },
    )
    b.mess("accompagnement_social.csv", "lignes_date_par_format", styles)
    b.mess(
        "accompagnement_social.csv", "variantes_theme", {k: v[2] for k, v in SUPPORT_THEMES.items()}
    )
    return [by_id[row[0]] for _, row in rows]


TOC_DRAFT = """\
# Théorie du changement — Niveau à Bulle (brouillon de départ, données fictives)
version: 1
probleme: >-
  Les adultes qui apprennent le français et les jeunes des quartiers prioritaires sans
  qualification accèdent difficilement à l'emploi, alors que les entreprises du second œuvre peinent à
  recruter ; la langue, le logement et les démarches administratives freinent les parcours.
impact:
  id: I
  libelle: Les stagiaires trouvent une place durable dans les métiers du bâtiment
activites:
  - id: A1
    libelle: Sessions de formation pré-qualifiante au second œuvre (plateau technique)
  - id: A2
    libelle: Cours de français à visée professionnelle
  - id: A3
    libelle: Accompagnement social et vers l'emploi (logement, titre de séjour, permis)
realisations:
  - id: R1
    libelle: Stagiaires ayant suivi une session jusqu'au bout
  - id: R2
    libelle: Démarches sociales menées avec les stagiaires
effets:
  - id: E1
    libelle: Gestes professionnels acquis dans les modules du second œuvre
    horizon: court
    parties_prenantes: [PP1, PP2]
    dimensions:
      quoi: Savoir poser une cloison, un circuit électrique, un réseau d'eau
      qui: Stagiaires des programmes Fondamentaux et Jeunes Bâtisseurs
      combien: Part des modules évalués « Acquis » en fin de session
      contribution: Le plateau technique et les formateurs issus du métier
      risque: Des acquis qui s'oublient sans mise en pratique rapide
  - id: E2
    libelle: Niveau de français professionnel en progrès
    horizon: court
    parties_prenantes: [PP1]
  - id: E3
    libelle: Situation sociale stabilisée (logement, droits, titre de séjour)
    horizon: moyen
    parties_prenantes: [PP1, PP4]
  - id: E4
    libelle: Entrée en formation qualifiante ou en emploi à la sortie
    horizon: moyen
    parties_prenantes: [PP1, PP3]
    dimensions:
      quoi: Poursuivre vers un titre professionnel ou un premier contrat
      qui: Stagiaires sortis de session
      combien: La moitié en formation qualifiante, un quart en emploi
      contribution: Le réseau d'entreprises partenaires et l'accompagnement vers l'emploi
      risque: Les personnes sans nouvelle à 6 mois ne sont pas toutes en emploi
  - id: E5
    libelle: Emploi durable dans le bâtiment six mois après la sortie
    horizon: long
    parties_prenantes: [PP1, PP3]
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R1}
  - {de: A3, vers: R2}
  - de: R1
    vers: E1
    hypothese: Une pratique sur chantier-école fait acquérir les gestes du métier
  - de: R1
    vers: E2
    hypothese: Le français appris en situation de travail progresse plus vite
  - de: R2
    vers: E3
    hypothese: Un accompagnement pendant la formation règle les urgences qui font abandonner
  - de: E1
    vers: E4
    hypothese: Des compétences attestées ouvrent l'accès aux formations qualifiantes
  - de: E3
    vers: E4
    hypothese: Une situation stabilisée permet de s'engager dans une suite de parcours
  - de: E4
    vers: E5
    hypothese: Une formation qualifiante mène à un emploi durable dans le métier
  - {de: E5, vers: I}
parties_prenantes:
  - id: PP1
    nom: Stagiaires allophones et jeunes des quartiers
    categorie: beneficiaires
    influence: 2
    concernement: 5
  - id: PP2
    nom: Formateurs et accompagnatrices sociales
    categorie: equipe
    influence: 4
    concernement: 4
  - id: PP3
    nom: Entreprises du bâtiment partenaires
    categorie: partenaires
    influence: 3
    concernement: 3
  - id: PP4
    nom: Prescripteurs et bailleurs sociaux
    categorie: partenaires
    influence: 3
    concernement: 2
  - id: PP5
    nom: État et Région (financeurs de la formation)
    categorie: financeurs
    influence: 5
    concernement: 2
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — Niveau à Bulle (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Taux d'achèvement des sessions
    type: realisation
    element: R1
    definition: >-
      Inscriptions Fondamentaux et Jeunes Bâtisseurs sans abandon, sur toutes ces
      inscriptions
    unite: "%"
    source: stagiaires
    cible: 80
  - id: IND2
    libelle: Taux d'assiduité
    type: realisation
    element: R1
    definition: >-
      Demi-journées présentes (P, R) sur les demi-journées renseignées des feuilles
      d'émargement
    unite: "%"
    source: emargement_fon_24_1
    cible: 85
    formule:
      table: emargement_fon_24_1
      agregation: part
      colonne: statut
      valeurs: [présent, retard]
      filtre:
        statut: [présent, retard, absent, absence justifiée]
      par: lignes
  - id: IND3
    libelle: Part des modules acquis en fin de session
    type: effet
    element: E1
    definition: >-
      Évaluations de fin de session « Acquis », sur toutes les évaluations de fin de
      session
    unite: "%"
    source: competences
    cible: 70
  - id: IND4
    libelle: Stagiaires Fondamentaux progressant d'au moins un niveau de français
    type: effet
    element: E2
    definition: Niveau de sortie supérieur au niveau d'entrée (échelle débutant, A1, A2, B1, B2)
    unite: "%"
    source: stagiaires
    cible: 60
  - id: IND5
    libelle: Démarches sociales résolues
    type: effet
    element: E3
    definition: Actions d'accompagnement social marquées résolues, sur les actions renseignées
    unite: "%"
    source: accompagnement_social
    formule:
      table: accompagnement_social
      agregation: part
      colonne: resolu
      valeurs: [true]
      filtre:
        resolu: [true, false]
  - id: IND6
    libelle: Part en formation qualifiante à la sortie
    type: effet
    element: E4
    definition: >-
      Stagiaires en formation qualifiante à la sortie, sur les stagiaires dont la
      situation est connue
    unite: "%"
    source: suivi_sorties
    cible: 60
  - id: IND7
    libelle: Part en emploi à 6 mois
    type: effet
    element: E5
    definition: Stagiaires en emploi (CDI, CDD, intérim, IAE) à 6 mois, sur les répondants à 6 mois
    unite: "%"
    source: suivi_sorties
    cible: 35
"""

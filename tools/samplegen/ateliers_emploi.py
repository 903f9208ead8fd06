"""Sample structure ``ateliers-emploi``: peer workshops for job seekers (fictional).

Files as such an association really holds them:

- ``inscriptions_export.csv``: online form export, UTF-8 with BOM, ``,``-separated, ISO
  timestamps; one row per registration, so the same person appears several times, with
  e-mail typos, name case and accent variants, phones written four ways, free-text towns,
  and a few double submissions;
- ``ateliers.csv``: the workshops of the year (``;``, cp1252);
- ``presences.csv``: paper attendance sheets typed in, names as written, ``1``/``0``;
- ``questionnaire_T0_T1_T2.csv``: self-assessment at the start (T0), end (T1) and three
  months later (T2), with attrition, Likert answers as text or numbers, mistyped codes;
- ``suivi_situation.csv``: situation at 3 and 6 months, free-text categories.

Planted truth: distinct people behind the duplicates, no-show rate, a before/after gain in
self-confidence (0–10), and the share in employment or training at 6 months.

T0 and T1 are filled in on the same day, at the start and at the end of the workshop. The
sample keeps it that way, because that is how such associations collect them, and says
what it means: the T0–T1 gain is an *immediate, self-reported* effect (a feeling at the end
of a session, open to end-of-session enthusiasm and to answering what the facilitators
hope), not a lasting change; only T2, three months later and with far fewer answers, says
whether it holds. The planted truth, the file descriptions, the indicator drafts and the
sample's LISEZMOI.md all label the T1 wave so (``gain_confiance_T0_T1["nature"]``), and
contrasting T1 with T2 is the lesson of step 07.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._base import Faker, SampleBuild, date_text, standardised, write_csv

SLUG = "ateliers-emploi"
SEED = 20250114
NAME = "Boussole Emploi — ateliers entre pairs"
TITLE = "Ateliers collectifs entre pairs pour personnes en recherche d'emploi"
DESCRIPTION = (
    "Association née d'un groupe d'entraide de demandeurs d'emploi. Elle anime des ateliers "
    "gratuits de deux heures et demie, menés par des bénévoles eux-mêmes passés par le "
    "chômage : reprendre "
    "confiance, clarifier son projet, activer son réseau, sortir de l'isolement. Elle "
    "accueille environ 330 personnes par an dans l'Eurométropole de Strasbourg, dont un "
    "tiers habite un quartier prioritaire."
)
TERRITORY = "Eurométropole de Strasbourg (Bas-Rhin)"
YEAR = 2025

N_PEOPLE = 330
#: Share of repeat registrations whose e-mail carries a typo (messiness).
EMAIL_TYPO_RATE = 0.3
#: no register of people (one row per person): the registrations list everyone
PEOPLE_REFERENCE = "inscriptions"
WORKSHOP_TYPES = {  # type -> (share of workshops, label)
    "Confiance": 0.35,
    "Projet": 0.25,
    "Réseau": 0.2,
    "Café rencontre": 0.2,
}
TOWNS = [
    ("67000", "Strasbourg"),
    ("67100", "Strasbourg"),
    ("67200", "Strasbourg"),
    ("67300", "Schiltigheim"),
    ("67400", "Illkirch-Graffenstaden"),
    ("67800", "Bischheim"),
    ("67380", "Lingolsheim"),
    ("67540", "Ostwald"),
]
TOWN_WEIGHTS = [0.22, 0.18, 0.2, 0.12, 0.1, 0.08, 0.05, 0.05]
TOWN_VARIANTS = {
    "Strasbourg": [
        "strasbourg",
        "Strasbourg ",
        "STRASBOURG",
        "Strasbourg-Neudorf",
        "Strasbourg Hautepierre",
        "Stras",
        "strasbourg cedex",
    ],
    "Schiltigheim": ["schiltigheim", "SCHILTIGHEIM", "Schilick", "Schiltigheim "],
    "Illkirch-Graffenstaden": ["Illkirch", "ILLKIRCH GRAFFENSTADEN", "illkirch graffenstaden"],
    "Bischheim": ["bischheim", "BISCHHEIM"],
    "Lingolsheim": ["lingolsheim", "Lingo"],
    "Ostwald": ["ostwald", "OSTWALD "],
}
PARTNERS = [
    "Médiathèque Neudorf",
    "Centre socio-culturel Hautepierre",
    "Maison de l'emploi",
    "Tiers-lieu La Virgule",
    "Espace jeunes Schiltigheim",
]
SITUATIONS = ["DE indemnisé", "DE non indemnisé", "RSA", "Sans statut", "En poste"]
SITUATION_P = [0.38, 0.22, 0.24, 0.1, 0.06]
DURATIONS = ["Moins de 6 mois", "6 à 11 mois", "12 à 23 mois", "24 mois et plus"]
DURATION_P = [0.3, 0.25, 0.25, 0.2]
DIPLOMAS = ["Sans diplôme", "CAP-BEP", "Bac", "Bac+2", "Bac+3 et plus"]
DIPLOMA_P = [0.14, 0.22, 0.26, 0.18, 0.2]
HEARD_FROM = [
    "France Travail",
    "Bouche-à-oreille",
    "Réseaux sociaux",
    "Mission locale",
    "Centre social",
    "Affiche",
]
VOLUNTEERS = ["Sylvie", "Karim", "Odile", "Mathieu", "Fanny", "Bertrand", "Leïla"]

# planted effects
NO_SHOW_RATE = 0.32
CONFIDENCE_T0_MEAN, CONFIDENCE_T0_SD = 4.3, 1.7
CONFIDENCE_GAIN_T1, CONFIDENCE_GAIN_T2, GAIN_SD = 1.6, 1.2, 1.7
ISOLATION_DROP_T1 = 0.6  # on the 1–5 agreement scale "je me sens isolé·e"
RESPONSE_RATE = {"T0": 0.9, "T1": 0.8, "T2": 0.25}
# days after T0: T1 is filled in at the end of the same workshop
WAVE_DAYS = {"T0": 0, "T1": 0, "T2": 92}
WAVE_NATURE = {
    "T1": "effet immédiat déclaré : T1 est rempli à la fin de l'atelier, le jour même que T0 ; "
    "il mesure un ressenti de fin de séance, pas un changement durable",
    "T2": "effet à trois mois déclaré : seule vague qui dit si le gain tient, avec beaucoup "
    "moins de répondants",
}
#: What the sample's LISEZMOI.md says beyond the list of files
NOTES = [
    "**Questionnaire T0, T1, T2.** T0 et T1 sont remplis le même jour, au début puis à la fin "
    "de l'atelier : l'écart T0–T1 est un **effet immédiat déclaré** (un ressenti en fin de "
    "séance, que l'enthousiasme du moment et l'envie de faire plaisir aux bénévoles "
    "gonflent), pas un changement durable. Seule la vague T2, trois mois plus tard et avec "
    "beaucoup moins de réponses, dit si la confiance retrouvée tient.",
]
FOLLOW_UP_RESPONSE = {"3 mois": 0.7, "6 mois": 0.55}
EMPLOYMENT_OR_TRAINING_6M = 0.44
LIKERT = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Ni d'accord ni pas d'accord",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]
SITUATION_VARIANTS = {
    "emploi": ["CDI", "cdi", "CDD", "CDD 6 mois", "Intérim", "interim", "Emploi"],
    "formation": ["Formation qualifiante", "formation", "En formation"],
    "creation": ["Création d'entreprise", "auto-entrepreneur"],
    "recherche": ["En recherche", "recherche d'emploi", "Toujours en recherche"],
    "benevolat": ["Bénévolat"],
}


def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    people = [
        fake.person(towns=TOWNS, min_age=19, max_age=62, year=YEAR, sex_ratio_f=0.58)
        for _ in range(N_PEOPLE)
    ]
    for p, (cp, town) in zip(people, _draw_towns(rng, len(people)), strict=False):
        p.postcode, p.town = cp, town

    workshops = _workshops(rng)
    registrations = _registrations(b, rng, fake, people, workshops)
    attendance = _attendance(b, rng, fake, people, registrations, workshops)
    answered = _questionnaire(b, rng, people, attendance, workshops)
    followed = _follow_up(b, rng, fake, people, attendance)
    _write_workshops(b, workshops, registrations, attendance)
    _count_people(b, registrations, attendance, answered, followed)
    return [
        {
            "chemin": "donnees-brutes/inscriptions_export.csv",
            "role": "inscriptions",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "ville": {
                    "Illkirch": "Illkirch-Graffenstaden",
                    "Lingo": "Lingolsheim",
                    "Schilick": "Schiltigheim",
                    "Stras": "Strasbourg",
                    "Strasbourg Hautepierre": "Strasbourg",
                    "Strasbourg-Neudorf": "Strasbourg",
                    "strasbourg cedex": "Strasbourg",
                }
            },
            "description": "export du formulaire d'inscription en ligne (une ligne par "
            "inscription)",
            "donnees_personnelles": True,
            "personnes": {
                "nom": "nom",
                "prenom": "prenom",
                "email": "email",
                "telephone": "telephone",
            },
        },
        {
            "chemin": "donnees-brutes/ateliers.csv",
            "role": "ateliers",
            "description": "liste des ateliers de l'année (type, date, lieu, places)",
        },
        {
            "chemin": "donnees-brutes/presences.csv",
            "role": "presences",
            "description": "feuilles d'émargement saisies (nom tel qu'écrit, présent 1/0)",
            "donnees_personnelles": True,
            "personnes": {"nom_complet": "participant"},
        },
        {
            "chemin": "donnees-brutes/questionnaire_T0_T1_T2.csv",
            "role": "questionnaire",
            "description": "auto-évaluation en début d'atelier (T0), à la fin du même atelier "
            "(T1, effet immédiat déclaré) et trois mois plus tard (T2)",
            "personnes": {"identifiant": "code_participant"},
        },
        {
            "chemin": "donnees-brutes/suivi_situation.csv",
            "role": "suivi",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "situation": {
                    "Création d'entreprise": "creation",
                    "auto-entrepreneur": "creation",
                    "CDD": "emploi",
                    "CDD 6 mois": "emploi",
                    "CDI": "emploi",
                    "Emploi": "emploi",
                    "Intérim": "emploi",
                    "cdi": "emploi",
                    "interim": "emploi",
                    "En formation": "formation",
                    "Formation qualifiante": "formation",
                    "En recherche": "recherche",
                    "Toujours en recherche": "recherche",
                    "recherche d'emploi": "recherche",
                }
            },
            "description": "situation des participants à 3 et 6 mois (appels, e-mails)",
            "donnees_personnelles": True,
            "personnes": {"nom_complet": "personne", "email": "email"},
        },
    ]


def _count_people(b: SampleBuild, registrations, attendance, answered, followed) -> None:
    """The true number of distinct people in each table, from the generator's own people."""
    registered = {r["person"] for r in registrations}
    b.count_people(
        "inscriptions",
        (r["person"] for r in registrations),
        register=registered,
        identified_by="nom, prénom, e-mail et téléphone, une ligne par inscription",
        lignes=len(registrations),
    )
    b.count_people(
        "presences",
        (r["person"] for r in attendance),
        register=registered,
        identified_by="nom tel qu'écrit sur la feuille, une ligne par inscription à un atelier",
        lignes=len(attendance),
        presentes_au_moins_une_fois=len({r["person"] for r in attendance if r["present"]}),
    )
    b.count_people(
        "questionnaire",
        answered,
        register=registered,
        identified_by="code participant (codes mal saisis à T2 rattachés à leur personne)",
        lignes=len(answered),
    )
    b.count_people(
        "suivi",
        followed,
        register=registered,
        identified_by="nom et e-mail, une ligne par échéance (3 et 6 mois)",
        lignes=len(followed),
    )


def _draw_towns(rng: np.random.Generator, n: int) -> list[tuple[str, str]]:
    idx = rng.choice(len(TOWNS), size=n, p=TOWN_WEIGHTS)
    return [TOWNS[i] for i in idx]


def _workshops(rng: np.random.Generator) -> list[dict[str, Any]]:
    types = list(WORKSHOP_TYPES)
    shares = np.array(list(WORKSHOP_TYPES.values()))
    out = []
    start = dt.date(YEAR, 1, 6)
    for k in range(72):  # six workshops a month
        day = start + dt.timedelta(days=int(k * 4.9 + rng.integers(0, 3)))
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        out.append(
            {
                "id": f"AT-{YEAR}-{k + 1:03d}",
                "type": types[int(rng.choice(4, p=shares))],
                "date": day,
                "lieu": PARTNERS[int(rng.integers(0, len(PARTNERS)))],
                "animateur": VOLUNTEERS[int(rng.integers(0, len(VOLUNTEERS)))],
                "places": 12,
            }
        )
    return out


def _registrations(b: SampleBuild, rng, fake: Faker, people, workshops) -> list[dict[str, Any]]:
    """One row per registration; repeat registrations carry identity variants."""
    counts = 1 + np.minimum(rng.poisson(0.5, size=len(people)), 4)
    rows: list[dict[str, Any]] = []
    for pid, (_person, k) in enumerate(zip(people, counts, strict=False)):
        chosen = sorted(rng.choice(len(workshops), size=int(k), replace=False))
        for j, w in enumerate(chosen):
            rows.append({"person": pid, "workshop": int(w), "repeat": j > 0})
    order = sorted(
        range(len(rows)), key=lambda i: (workshops[rows[i]["workshop"]]["date"], rng.random())
    )
    rows = [rows[i] for i in order]

    situ = rng.choice(len(SITUATIONS), size=len(people), p=SITUATION_P)
    dur = rng.choice(len(DURATIONS), size=len(people), p=DURATION_P)
    dipl = rng.choice(len(DIPLOMAS), size=len(people), p=DIPLOMA_P)
    qpv = rng.choice(3, size=len(people), p=[0.33, 0.6, 0.07])
    heard = rng.choice(len(HEARD_FROM), size=len(people))

    out_rows, typos, case_rows, phone_rows, doubles = [], [], [], [], []
    town_used: dict[str, set[str]] = {}
    for reg in rows:
        p = people[reg["person"]]
        w = workshops[reg["workshop"]]
        stamp = dt.datetime.combine(
            w["date"] - dt.timedelta(days=int(rng.integers(1, 20))),
            dt.time(int(rng.integers(8, 22)), int(rng.integers(0, 60)), int(rng.integers(0, 60))),
        )
        email, first, last, phone = p.email, p.first_name, p.last_name, p.phone
        line = len(out_rows) + 2  # line in the file (header is line 1)
        if reg["repeat"]:
            if rng.random() < EMAIL_TYPO_RATE:
                email = fake.email_typo(email)
                typos.append(line)
            if rng.random() < 0.35:
                first, last = fake.name_variant(first), fake.name_variant(last)
                case_rows.append(line)
            if rng.random() < 0.5:
                phone = fake.phone_variant(phone)
                phone_rows.append(line)
        town = p.town
        if rng.random() < 0.35 and p.town in TOWN_VARIANTS:
            town = fake.choice(TOWN_VARIANTS[p.town])
        town_used.setdefault(p.town, set()).add(town)
        pid = reg["person"]
        row = [
            f"INS-{len(out_rows) + 1:05d}",
            stamp.isoformat(),
            email,
            first,
            last,
            phone,
            p.postcode,
            town,
            w["type"],
            date_text(w["date"], "iso"),
            w["lieu"],
            SITUATIONS[situ[pid]],
            DURATIONS[dur[pid]],
            DIPLOMAS[dipl[pid]],
            ["Oui", "Non", "Ne sait pas"][qpv[pid]],
            HEARD_FROM[heard[pid]],
            "Oui",
        ]
        out_rows.append({"row": row, "person": pid, "workshop": reg["workshop"]})
        if rng.random() < 0.02:  # double submission (double click): same content, new id
            dup = list(row)
            dup[0] = f"INS-{len(out_rows) + 1:05d}"
            dup[1] = (stamp + dt.timedelta(seconds=int(rng.integers(5, 90)))).isoformat()
            doubles.append(len(out_rows) + 2)
            out_rows.append(
                {"row": dup, "person": pid, "workshop": reg["workshop"], "double": True}
            )

    header = [
        "inscription_id",
        "horodatage",
        "email",
        "prenom",
        "nom",
        "telephone",
        "code_postal",
        "ville",
        "atelier",
        "date_atelier",
        "lieu_partenaire",
        "situation",
        "duree_recherche",
        "diplome",
        "residence_QPV",
        "comment_connu",
        "consentement_rgpd",
    ]
    write_csv(
        [r["row"] for r in out_rows],
        header,
        b.raw("inscriptions_export.csv"),
        sep=",",
        encoding="utf-8",
        bom=True,
        newline="\n",
    )
    distinct = len({r["person"] for r in out_rows})
    b.plant("personnes_distinctes", distinct)
    b.plant("inscriptions", len(out_rows))
    b.plant(
        "inscriptions_uniques_personne_atelier",
        len({(r["person"], r["workshop"]) for r in out_rows}),
    )
    b.plant("part_qpv_personnes", float(np.mean(qpv == 0)))
    b.mess("inscriptions_export.csv", "encodage", "utf-8 avec BOM, séparateur virgule")
    b.mess("inscriptions_export.csv", "lignes_email_avec_faute", typos)
    b.mess("inscriptions_export.csv", "lignes_nom_variante_casse_accents", case_rows)
    b.mess("inscriptions_export.csv", "lignes_telephone_autre_format", phone_rows)
    b.mess("inscriptions_export.csv", "lignes_double_envoi", doubles)
    b.mess(
        "inscriptions_export.csv",
        "variantes_ville",
        {k: sorted(v - {k}) for k, v in sorted(town_used.items()) if v - {k}},
    )
    b.mess(
        "inscriptions_export.csv",
        "personne_par_ligne",
        [f"P{r['person'] + 1:03d}" for r in out_rows],
    )
    return out_rows


def _attendance(b: SampleBuild, rng, fake: Faker, people, registrations, workshops):
    """Paper sheets typed in: one row per (person, workshop) registered."""
    seen = {}
    for r in registrations:
        seen.setdefault((r["person"], r["workshop"]), r)
    rows, present_flags = [], []
    for pid, wid in sorted(seen, key=lambda k: (workshops[k[1]]["date"], k[1], k[0])):
        p, w = people[pid], workshops[wid]
        present = int(rng.random() >= NO_SHOW_RATE)
        style = int(rng.integers(0, 4))
        written = [
            f"{p.first_name} {p.last_name}",
            f"{p.last_name.upper()} {p.first_name}",
            f"{p.first_name} {p.last_name[0]}.",
            f"{fold_lower(p.first_name)} {fold_lower(p.last_name)}",
        ][style]
        rows.append(
            {
                "row": [
                    w["id"],
                    date_text(w["date"], "dmy"),
                    _town_of(w["lieu"]),
                    w["animateur"],
                    written,
                    str(present),
                ],
                "person": pid,
                "workshop": wid,
                "present": present,
            }
        )
        present_flags.append(present)
    write_csv(
        [r["row"] for r in rows],
        ["atelier_id", "date", "ville", "animateur_benevole", "participant", "present"],
        b.raw("presences.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("taux_absence", 1 - float(np.mean(present_flags)))
    b.plant("taux_absence_plante", NO_SHOW_RATE)
    b.plant(
        "personnes_presentes_au_moins_une_fois", len({r["person"] for r in rows if r["present"]})
    )
    b.mess(
        "presences.csv",
        "noms_ecrits_a_la_main",
        "prénom nom, NOM prénom, prénom initiale., minuscules sans accents",
    )
    return rows


def fold_lower(text: str) -> str:
    from ._base import fold

    return fold(text)


def _town_of(place: str) -> str:
    return "Schiltigheim" if "Schiltigheim" in place else "Strasbourg"


def _questionnaire(b: SampleBuild, rng, people, attendance, workshops) -> list[int]:
    """Self-assessment of people present at a first 'Confiance' workshop.

    Returns the person behind each row written.
    """
    first_conf: dict[int, int] = {}
    for r in attendance:
        if r["present"] and workshops[r["workshop"]]["type"] == "Confiance":
            first_conf.setdefault(r["person"], r["workshop"])
    rows, row_people = [], []
    clean = {"T0": {}, "T1": {}, "T2": {}}
    likert_numbers, text_counts, mistyped = [], [], []
    respondents = sorted(first_conf.items(), key=lambda kv: kv[1])
    # individual gains standardised over the cohort, so the sample carries the planted
    # effect itself rather than a random draw around it
    z1, z2 = (standardised(rng, len(respondents)) for _ in range(2))
    for k, (pid, wid) in enumerate(respondents):
        p, w = people[pid], workshops[wid]
        code = f"{fold_lower(p.first_name)[:2]}{fold_lower(p.last_name)[:2]}{p.birth_date.day:02d}"
        code = code.upper()
        base = float(np.clip(rng.normal(CONFIDENCE_T0_MEAN, CONFIDENCE_T0_SD), 0, 10))
        iso0 = float(np.clip(rng.normal(3.6, 0.9), 1, 5))
        gains = {
            "T0": 0.0,
            "T1": CONFIDENCE_GAIN_T1 + GAIN_SD * z1[k],
            "T2": CONFIDENCE_GAIN_T2 + GAIN_SD * z2[k],
        }
        for wave, days in WAVE_DAYS.items():
            if rng.random() >= RESPONSE_RATE[wave]:
                continue
            conf = int(np.clip(round(base + gains[wave]), 0, 10))
            iso_drop = 0 if wave == "T0" else ISOLATION_DROP_T1 * (0.8 if wave == "T2" else 1)
            iso = int(np.clip(round(iso0 - iso_drop + rng.normal(0, 0.5)), 1, 5))
            clarity = int(np.clip(round(rng.normal(4.5 + (1.2 if wave != "T0" else 0), 2)), 0, 10))
            energy = int(np.clip(round(rng.normal(3 + (0.4 if wave != "T0" else 0), 0.9)), 1, 5))
            contacts = int(max(0, round(rng.normal(3 + (1.5 if wave != "T0" else 0), 2))))
            written_code = code
            line = len(rows) + 2
            if wave == "T2" and rng.random() < 0.15:  # typed again from memory, online
                written_code = (
                    code[:4].lower() + code[4:]
                    if rng.random() < 0.5
                    else code[:5] + str((int(code[5]) + 1) % 10)
                )
                if written_code != code:
                    mistyped.append(line)
            if rng.random() < 0.3:
                iso_text = str(iso)
                likert_numbers.append(line)
            else:
                iso_text = LIKERT[iso - 1]
            contacts_text = str(contacts)
            if rng.random() < 0.06:
                contacts_text = "aucun" if contacts == 0 else f"{contacts} ou {contacts + 1}"
                text_counts.append(line)
            day = w["date"] + dt.timedelta(days=days)
            rows.append(
                [
                    wave,
                    date_text(day, "dmy"),
                    written_code,
                    w["id"],
                    str(conf),
                    iso_text,
                    str(clarity),
                    contacts_text,
                    str(energy),
                    "",
                ]
            )
            row_people.append(pid)
            if written_code == code:
                clean[wave][code] = conf
    write_csv(
        rows,
        [
            "vague",
            "date_reponse",
            "code_participant",
            "atelier_id",
            "confiance_en_soi_0_10",
            "je_me_sens_isole",
            "clarte_projet_0_10",
            "contacts_pro_activables",
            "energie_1_5",
            "commentaire",
        ],
        b.raw("questionnaire_T0_T1_T2.csv"),
        sep=";",
        encoding="cp1252",
    )
    for later in ("T1", "T2"):
        pairs = sorted(set(clean["T0"]) & set(clean[later]))
        diff = np.array([clean[later][c] - clean["T0"][c] for c in pairs], dtype=float)
        b.plant(
            f"gain_confiance_T0_{later}",
            {
                "nature": WAVE_NATURE[later],
                "jours_apres_T0": WAVE_DAYS[later],
                "effet_plante": CONFIDENCE_GAIN_T1 if later == "T1" else CONFIDENCE_GAIN_T2,
                "n_paires": len(pairs),
                "difference_moyenne": float(diff.mean()),
                "ecart_type_differences": float(diff.std(ddof=1)),
                "d_z": float(diff.mean() / diff.std(ddof=1)),
            },
        )
    b.plant("repondants_par_vague", {k: sum(1 for r in rows if r[0] == k) for k in clean})
    b.plant("taux_reponse_plantes", RESPONSE_RATE)
    b.mess("questionnaire_T0_T1_T2.csv", "lignes_likert_en_chiffres", likert_numbers)
    b.mess("questionnaire_T0_T1_T2.csv", "lignes_contacts_en_texte", text_counts)
    b.mess("questionnaire_T0_T1_T2.csv", "lignes_code_mal_saisi_T2", mistyped)
    return row_people


def _follow_up(b: SampleBuild, rng, fake: Faker, people, attendance) -> list[int]:
    """Calls at 3 and 6 months to people who came at least once; the person of each row."""
    came = sorted({r["person"] for r in attendance if r["present"]})
    rows, row_people, outcome_6m = [], [], []
    variants_used: dict[str, set[str]] = {}
    for pid in came:
        p = people[pid]
        for horizon, days in (("3 mois", 90), ("6 mois", 182)):
            reached = rng.random() < FOLLOW_UP_RESPONSE[horizon]
            if reached:
                boost = 0.75 if horizon == "3 mois" else 1.0
                if rng.random() < EMPLOYMENT_OR_TRAINING_6M * boost:
                    category = "emploi" if rng.random() < 0.7 else "formation"
                else:
                    category = fake.choice(
                        ["recherche", "recherche", "recherche", "creation", "benevolat"]
                    )
                text = fake.choice(SITUATION_VARIANTS[category])
                variants_used.setdefault(category, set()).add(text)
                if horizon == "6 mois":
                    outcome_6m.append(category in ("emploi", "formation"))
            else:
                text = "Sans nouvelle" if rng.random() < 0.7 else ""
            contact_day = dt.date(YEAR, 1, 15) + dt.timedelta(days=days + int(rng.integers(0, 300)))
            name = (
                f"{p.last_name.upper()} {p.first_name}"
                if rng.random() < 0.5
                else f"{p.first_name} {p.last_name}"
            )
            rows.append(
                [
                    name,
                    p.email,
                    horizon,
                    date_text(contact_day, "dmy"),
                    fake.choice(["téléphone", "e-mail", "SMS"]),
                    text,
                ]
            )
            row_people.append(pid)
    write_csv(
        rows,
        ["personne", "email", "echeance", "date_contact", "canal", "situation"],
        b.raw("suivi_situation.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant(
        "taux_emploi_formation_6_mois",
        {
            "taux_plante": EMPLOYMENT_OR_TRAINING_6M,
            "n_joints": len(outcome_6m),
            "taux_observe": float(np.mean(outcome_6m)),
        },
    )
    b.plant("categories_situation", {k: sorted(v) for k, v in SITUATION_VARIANTS.items()})
    b.mess(
        "suivi_situation.csv",
        "variantes_situation",
        {k: sorted(v) for k, v in sorted(variants_used.items())},
    )
    return row_people


def _write_workshops(b: SampleBuild, workshops, registrations, attendance) -> None:
    registered: dict[int, int] = {}
    present: dict[int, int] = {}
    for r in attendance:
        registered[r["workshop"]] = registered.get(r["workshop"], 0) + 1
        present[r["workshop"]] = present.get(r["workshop"], 0) + r["present"]
    rows = [
        [
            w["id"],
            w["type"],
            date_text(w["date"], "dmy"),
            _town_of(w["lieu"]),
            w["lieu"],
            str(w["places"]),
            str(registered.get(i, 0)),
            str(present.get(i, 0)),
            w["animateur"],
        ]
        for i, w in enumerate(workshops)
    ]
    write_csv(
        rows,
        [
            "atelier_id",
            "type",
            "date",
            "ville",
            "partenaire",
            "places",
            "inscrits",
            "presents",
            "animateur",
        ],
        b.raw("ateliers.csv"),
        sep=";",
        encoding="cp1252",
    )
    b.plant("ateliers", len(workshops))


TOC_DRAFT = """\
# Théorie du changement — Boussole Emploi (brouillon de départ, données fictives)
version: 1
probleme: >-
  Le chômage de longue durée isole et fait perdre confiance ; les personnes en recherche
  d'emploi peinent à formuler un projet et à mobiliser un réseau.
impact:
  id: I
  libelle: Les personnes retrouvent une place choisie dans l'emploi ou la formation
activites:
  - id: A1
    libelle: Ateliers « Confiance » de deux heures et demie entre pairs
  - id: A2
    libelle: Ateliers « Projet » et « Réseau »
  - id: A3
    libelle: Cafés rencontre mensuels
realisations:
  - id: R1
    libelle: Personnes ayant participé à au moins un atelier
  - id: R2
    libelle: Ateliers animés par des bénévoles formés
effets:
  - id: E1
    libelle: Confiance en soi retrouvée
    horizon: court
    parties_prenantes: [PP1]
    dimensions:
      quoi: Se sentir capable de reprendre des démarches
      qui: Personnes en recherche d'emploi, dont un tiers en quartier prioritaire
      combien: >-
        Gain moyen d'au moins un point sur dix trois mois après (T2) ; l'écart en fin d'atelier
        (T1) n'est qu'un effet immédiat déclaré
      contribution: Les ateliers entre pairs, à côté de l'accompagnement de France Travail
      risque: Effet qui s'estompe sans suite après l'atelier
  - id: E2
    libelle: Isolement réduit
    horizon: court
    parties_prenantes: [PP1]
  - id: E3
    libelle: Projet professionnel plus clair et réseau activé
    horizon: moyen
    parties_prenantes: [PP1, PP3]
  - id: E4
    libelle: Accès à l'emploi ou à la formation
    horizon: long
    parties_prenantes: [PP1]
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R1}
  - {de: A3, vers: R1}
  - {de: A1, vers: R2}
  - de: R1
    vers: E1
    hypothese: Rencontrer des pairs passés par le chômage redonne confiance
  - de: R1
    vers: E2
    hypothese: Le groupe crée des liens qui durent après l'atelier
  - de: E1
    vers: E3
    hypothese: La confiance permet de reprendre contact avec son réseau
  - de: E3
    vers: E4
    hypothese: Un projet clair et un réseau actif facilitent l'accès à l'emploi
  - {de: E4, vers: I}
parties_prenantes:
  - {id: PP1, nom: Personnes en recherche d'emploi, categorie: beneficiaires,
     influence: 2, concernement: 5}
  - {id: PP2, nom: Bénévoles animateurs, categorie: benevoles, influence: 4, concernement: 4}
  - {id: PP3, nom: Lieux partenaires, categorie: partenaires, influence: 3, concernement: 2}
  - {id: PP4, nom: France Travail (prescripteur), categorie: partenaires,
     influence: 4, concernement: 2}
  - {id: PP5, nom: Eurométropole et fonds européens (financeurs), categorie: financeurs,
     influence: 5, concernement: 2}
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — Boussole Emploi (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Personnes distinctes accueillies
    type: realisation
    element: R1
    definition: Personnes distinctes inscrites à au moins un atelier dans l'année
    unite: personnes
    source: inscriptions
    cible: 300
    formule:
      table: inscriptions
      agregation: personnes
  - id: IND2
    libelle: Taux d'absence aux ateliers
    type: realisation
    element: R1
    definition: Inscriptions non suivies d'une présence, sur les inscriptions
    unite: "%"
    source: presences
    plafond: 25
    formule:
      table: presences
      agregation: part
      colonne: present
      valeurs: [false]
      par: lignes
  - id: IND3
    libelle: Effet immédiat déclaré sur la confiance en soi
    type: effet
    element: E1
    definition: >-
      Différence moyenne appariée du score de confiance (0–10) entre T0 (début d'atelier) et
      T1 (fin du même atelier) : un ressenti immédiat, déclaré, pas un effet durable
    unite: points
    source: questionnaire
    cible: 1
  - id: IND5
    libelle: Confiance en soi trois mois après
    type: effet
    element: E1
    definition: >-
      Différence moyenne appariée du score de confiance (0–10) entre T0 et T2 (trois mois
      après l'atelier), sur les personnes qui ont répondu aux deux vagues
    unite: points
    source: questionnaire
    cible: 1
  - id: IND4
    libelle: Part en emploi ou en formation à 6 mois
    type: effet
    element: E4
    definition: Personnes en emploi ou en formation à 6 mois, sur les personnes jointes
    unite: "%"
    source: suivi
    cible: 40
    formule:
      table: suivi
      agregation: part
      colonne: situation
      valeurs: [emploi, formation]
      filtre:
        echeance: [6]
        situation: [emploi, formation, creation, recherche, Bénévolat]
"""

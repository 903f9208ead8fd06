"""Sample structure ``justice-jeunesse``: legal education for young people through mock
trials in schools (fictional).

Files as such an association really holds them:

- ``interventions.xlsx``: the team's follow-up workbook, one row per class visited, under
  title rows and a two-row header with merged group cells; dates typed as real dates,
  ``05/11/2024`` text, ISO text and Excel serial numbers in the same column; a sub-total row
  after each term and a grand total; postponed sessions appear twice (``Reportée`` then
  ``Réalisée``); level labels written several ways; some counts and amounts stored as text;
- ``quiz_avant_apres.csv``: the PSEUDONYMOUS true/false quiz of pupils (a code per pupil,
  the list linking numbers to names stays with the teacher) before (T0) and after
  (T1) the session, and three months later (T2) for a few classes; a realistic subset of
  classes (``;``, UTF-8 with BOM); codes ``C123-07`` written several ways, pupils absent at
  T0, papers not handed in, numbers miswritten so that part of the codes do not match
  between waves; answers ``V``/``Vrai``/``vrai``; Likert attitudes as text or numbers;
- ``quiz_corrige.csv``: the answer key of the ten questions;
- ``verdicts.csv``: the sanction each class proposed and the real decision (free text);
- ``enquete_enseignants.csv``: the teachers' online form export (comma, UTF-8), whose
  satisfaction question changed from a 1–5 mark to text labels in January, Oui/Non/NSP
  answers, teachers' e-mails, and a few double submissions.

Planted truth: classes and pupils reached (by level and by priority-education status),
the matched-code rate between waves, the knowledge gain (paired on matched codes,
standardised so the sample carries the planted effect), the share of classes proposing a
harsher sanction than the real one, and teacher satisfaction.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from ._base import (
    LAST_NAMES,
    NBSP,
    Faker,
    SampleBuild,
    date_text,
    excel_serial,
    fixed_workbook,
    fold,
    fr_number,
    nudge_to_mean,
    save_workbook,
    write_csv,
)

SLUG = "justice-jeunesse"
SEED = 20241104
NAME = "Parole à la Barre — éducation au droit"
TITLE = "Éducation au droit et prévention par des procès reconstitués en milieu scolaire"
DESCRIPTION = (
    "Association d'intérêt général fondée par une ancienne éducatrice de la protection "
    "judiciaire de la jeunesse et un avocat. Elle intervient dans les écoles, collèges et "
    "lycées pour faire comprendre aux 10–16 ans ce qui peut les conduire devant le juge des "
    "enfants : à partir d'affaires réellement jugées (harcèlement, cyber-harcèlement, "
    "happy slapping, racket, rumeurs), les élèves identifient victimes et auteurs puis "
    "proposent un verdict, lors d'un procès reconstitué animé avec un assesseur du tribunal "
    "pour enfants et un avocat. Environ 300 classes et près de 8 000 élèves par année "
    "scolaire dans l'Hérault."
)
TERRITORY = "Hérault (Montpellier, Béziers, Sète, Lunel)"
#: What the sample's LISEZMOI.md says beyond the list of files
NOTES = [
    "**Quiz T0, T1, T2.** Le quiz est pseudonyme, pas anonyme : chaque élève écrit un code "
    "(classe et numéro) et l'enseignant garde la liste qui relie les numéros aux noms ; les "
    "réponses restent donc des données personnelles (RGPD, article 4, point 5). T0 et T1 sont "
    "passés le même jour, avant et après la séance : l'écart mesure des connaissances "
    "retenues sur le moment ; seule la vague T2, trois mois plus tard dans dix classes, dit ce "
    "qui en reste.",
    "**Verdicts.** Les décisions réelles suivent le Code de la justice pénale des mineurs : "
    "pas de travail d'intérêt général avant 16 ans (article L. 122-1), une peine de stage "
    "pour les plus jeunes, un emprisonnement avec sursis probatoire dans les affaires graves.",
]
YEAR = 2025  # school year 2024-2025

SCHOOL_START, SCHOOL_END = dt.date(2024, 9, 9), dt.date(2025, 6, 27)
HOLIDAYS = [
    (dt.date(2024, 10, 19), dt.date(2024, 11, 3)),
    (dt.date(2024, 12, 21), dt.date(2025, 1, 5)),
    (dt.date(2025, 2, 15), dt.date(2025, 3, 2)),
    (dt.date(2025, 4, 12), dt.date(2025, 4, 27)),
    (dt.date(2025, 5, 29), dt.date(2025, 6, 1)),
]
COMMUNES = [
    ("Montpellier", 0.3),
    ("Béziers", 0.12),
    ("Sète", 0.08),
    ("Lunel", 0.07),
    ("Agde", 0.06),
    ("Frontignan", 0.05),
    ("Castelnau-le-Lez", 0.05),
    ("Lattes", 0.04),
    ("Mauguio", 0.04),
    ("Pézenas", 0.04),
    ("Lodève", 0.04),
    ("Clermont-l'Hérault", 0.04),
    ("Ganges", 0.03),
]
SCHOOL_NAMES = [
    "Jean-Moulin",
    "Victor-Hugo",
    "Jules-Ferry",
    "Marie-Curie",
    "Simone-Veil",
    "Louise-Michel",
    "Jean-Jaurès",
    "Olympe-de-Gouges",
    "Camille-Claudel",
    "Albert-Camus",
    "Les Oliviers",
    "Les Cigales",
    "Le Mas Rouge",
    "Les Garrigues",
    "La Pinède",
    "Les Micocouliers",
    "Jean-Zay",
    "George-Sand",
    "Paul-Éluard",
    "Condorcet",
    "Lucie-Aubrac",
    "Françoise-Dolto",
    "Les Tamaris",
    "Rosa-Parks",
]
TYPES = {
    "école": ("École élémentaire", 0.24),
    "collège": ("Collège", 0.56),
    "lycée": ("Lycée", 0.15),
    "centre social": ("Centre social", 0.05),
}
LEVELS = {
    "école": (["CM2"], [1.0]),
    "collège": (["6e", "5e", "4e", "3e"], [0.3, 0.3, 0.25, 0.15]),
    "lycée": (["2nde"], [1.0]),
    "centre social": (["11-14 ans"], [1.0]),
}
LEVEL_VARIANTS = {
    "CM2": ["CM2", "cm2"],
    "6e": ["6e", "6ème", "6EME", "sixième"],
    "5e": ["5e", "5ème", "5eme"],
    "4e": ["4e", "4ème", "4°"],
    "3e": ["3e", "3ème", "3eme"],
    "2nde": ["2nde", "Seconde", "2de"],
    "11-14 ans": ["11-14 ans", "groupe 11/14 ans"],
}
CLASS_SIZE = {"école": 24, "collège": 25, "lycée": 30, "centre social": 12}
PRIORITY_VARIANTS = {
    "REP": ["REP", "REP", "rep"],
    "REP+": ["REP+", "REP +", "rep+"],
    "Non": ["Non", "Non", "non", "NON"],
    "sans objet": [""],
}
THEMES = [
    "harcèlement",
    "cyber-harcèlement",
    "happy slapping",
    "racket",
    "rumeurs",
    "drogue",
    "dégradations",
    "vol",
]
THEME_P = [0.25, 0.22, 0.12, 0.1, 0.1, 0.08, 0.06, 0.07]
SPEAKERS = [
    "assesseur du tribunal pour enfants + avocat",
    "assesseur du tribunal pour enfants + éducateur",
    "avocat + éducateur",
    "assesseur du tribunal pour enfants + avocat + éducateur",
]
N_INTERVENTIONS = 120
PRICE_PER_PUPIL, PRICE_CAP = 12, 1300  # euros, per intervention

# the pseudonymous quiz (a subset of the classes)
N_QUIZ_CLASSES, N_T2_CLASSES = 50, 10
QUESTIONS = [
    ("q01", "Dès 13 ans, un mineur peut être condamné à une peine.", "Vrai"),
    (
        "q02",
        "Partager une vidéo humiliante d'un camarade est une infraction, même si on ne "
        "l'a pas filmée soi-même.",
        "Vrai",
    ),
    ("q03", "Le harcèlement n'est puni que s'il y a des coups.", "Faux"),
    ("q04", "Un enfant de moins de 13 ans ne peut jamais passer devant un juge.", "Faux"),
    ("q05", "Insulter quelqu'un sur un réseau social est puni comme dans la rue.", "Vrai"),
    ("q06", "Filmer une agression pour la diffuser peut être puni.", "Vrai"),
    ("q07", "Les parents peuvent devoir payer les dommages causés par leur enfant.", "Vrai"),
    ("q08", "Il faut avoir 18 ans pour porter plainte soi-même.", "Faux"),
    ("q09", "Le casier judiciaire d'un mineur est effacé automatiquement à 18 ans.", "Faux"),
    ("q10", "Répandre une fausse rumeur sur quelqu'un peut être puni par la loi.", "Vrai"),
]
QUESTION_EASE = [0.6, 1.3, 1.2, 0.7, 1.1, 1.2, 1.0, 0.9, 0.5, 1.2]
ANSWER_STYLES = [
    {"Vrai": "V", "Faux": "F"},
    {"Vrai": "Vrai", "Faux": "Faux"},
    {"Vrai": "vrai", "Faux": "faux"},
]
ATTITUDES = [
    ("a1_moquerie_en_ligne_pas_grave", -0.3),
    ("a2_parler_a_un_adulte", 0.3),
    ("a3_jeu_qui_fait_mal", 0.25),
    ("a4_justice_eduque", 0.35),
    ("a5_sait_vers_qui_se_tourner", 0.3),
]
ATTITUDE_SHIFT = np.array([delta for _, delta in ATTITUDES])
AGREEMENT = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]
INTENTION_P = {"T0": [0.6, 0.15, 0.25], "T1": [0.76, 0.08, 0.16], "T2": [0.72, 0.1, 0.18]}
INTENTION_VARIANTS = {
    "Oui": ["Oui", "Oui", "oui", "OUI"],
    "Non": ["Non", "non"],
    "NSP": ["NSP", "Je sais pas", "?"],
}
KNOWLEDGE_T0_MEAN, KNOWLEDGE_T0_SD = 4.8, 1.6
KNOWLEDGE_GAIN_T1, KNOWLEDGE_GAIN_T2, KNOWLEDGE_GAIN_SD = 2.1, 1.3, 1.7

# verdicts: level of severity -> written variants
SANCTIONS = {
    1: ["avertissement", "Avertissement judiciaire", "rappel à la loi", "un avertissement du juge"],
    2: [
        "mesure de réparation",
        "réparation pénale",
        "Mesure éducative judiciaire",
        "module de réparation",
        "lettre d'excuses + réparation",
    ],
    3: ["TIG", "travail d'intérêt général", "Travaux d'intérêt général (70 h)", "TIG 35h"],
    4: [
        "prison avec sursis",
        "6 mois avec sursis",
        "emprisonnement avec sursis",
        "sursis probatoire",
    ],
    5: ["prison ferme", "3 mois ferme", "placement en centre éducatif fermé", "CEF"],
}
#: A travail d'intérêt général applies to a minor only if aged at least 16 at the decision
#: (Code de la justice pénale des mineurs, art. L. 122-1; the sursis probatoire is art. L. 122-2):
#: for a younger minor, a level-3 verdict is a penalty course (peine de stage, from 13).
TIG_MIN_AGE = 16
SANCTIONS_UNDER_TIG_AGE = {
    3: ["stage de citoyenneté", "peine de stage", "stage de formation civique", "un stage"],
}
SANCTION_LABELS = {
    1: "avertissement",
    2: "mesure éducative ou réparation",
    3: "travail d'intérêt général (dès 16 ans) ou peine de stage",
    4: "emprisonnement avec sursis",
    5: "emprisonnement ferme ou placement fermé",
}
CASES = [  # theme, case, real level, real decision as written in the case file
    (
        "harcèlement",
        "Affaire Lucas, 14 ans",
        2,
        "Mesure éducative judiciaire de 9 mois avec module de réparation",
    ),
    ("harcèlement", "Affaire Sofia, 13 ans", 1, "Avertissement judiciaire"),
    (
        "cyber-harcèlement",
        "Affaire Enzo, 15 ans",
        2,
        "Mesure éducative judiciaire avec module de réparation",
    ),
    ("cyber-harcèlement", "Affaire Jade, 16 ans", 3, "Travail d'intérêt général de 60 heures"),
    (
        "happy slapping",
        "Affaire Nolan, 16 ans",
        4,
        "4 mois d'emprisonnement avec sursis probatoire",
    ),
    ("racket", "Affaire Yanis, 15 ans", 3, "Stage de citoyenneté d'un mois"),
    ("racket", "Affaire Inès, 17 ans", 3, "Travail d'intérêt général de 80 heures"),
    ("rumeurs", "Affaire Chloé, 14 ans", 1, "Avertissement judiciaire"),
    ("drogue", "Affaire Adam, 16 ans", 2, "Mesure éducative judiciaire avec module santé"),
    ("dégradations", "Affaire Sami, 17 ans", 4, "6 mois d'emprisonnement avec sursis probatoire"),
    ("vol", "Affaire Léna, 15 ans", 2, "Mesure de réparation pénale"),
]
VERDICT_DELTA, VERDICT_DELTA_P = [-1, 0, 1, 2], [0.1, 0.35, 0.4, 0.15]

# teacher survey
TEACHER_RESPONSE = 0.45
TEACHER_SATISFIED = 0.9
FORM_CHANGE = dt.date(2025, 1, 1)
SATISFACTION_TEXT = [
    "Pas du tout satisfait(e)",
    "Plutôt pas satisfait(e)",
    "Plutôt satisfait(e)",
    "Très satisfait(e)",
]
YES_NO_V1 = {"Oui": "Oui", "Non": "Non", "NSP": "NSP"}
YES_NO_V2 = {"Oui": "Oui", "Non": "Non", "NSP": "Je ne sais pas"}

HEADER_GROUPS = [
    ("Intervention", 4),
    ("Établissement", 5),
    ("Classe", 3),
    ("Contenu", 3),
    ("Facturation", 1),
]
HEADER = [
    "intervention_id",
    "date",
    "statut",
    "format",
    "etablissement",
    "type",
    "commune",
    "departement",
    "education_prioritaire",
    "classe_id",
    "niveau",
    "nb_eleves",
    "theme",
    "intervenants",
    "duree_h",
    "montant_facture",
]
FIRST_DATA_ROW = 6


def build(b: SampleBuild, rng: np.random.Generator) -> list[dict[str, Any]]:
    fake = Faker(rng)
    schools = _schools(rng, fake)
    classes = _interventions(b, rng, schools)
    pupils = _quiz(b, rng, classes)
    _verdicts(b, rng, classes)
    teachers = _teachers(b, rng, fake, classes, schools)
    b.count_people(
        "quiz",
        pupils,
        identified_by="code élève pseudonyme (classe et numéro), une ligne par questionnaire ; "
        "numéros mal écrits rattachés à leur élève",
        lignes=len(pupils),
    )
    b.count_people(
        "enquete_enseignants",
        teachers,
        identified_by="adresse e-mail, une ligne par réponse (envois en double compris)",
        lignes=len(teachers),
    )
    return [
        {
            "chemin": "donnees-brutes/interventions.xlsx",
            "role": "interventions",
            # correspondances relues par la coordinatrice (variantes que le
            # rapprochement automatique ne peut pas deviner)
            "correspondances": {
                "Classe / niveau": {
                    "groupe 11/14 ans": "11-14 ans",
                    "2de": "2nde",
                    "Seconde": "2nde",
                    "3eme": "3e",
                    "3ème": "3e",
                    "4°": "4e",
                    "4ème": "4e",
                    "5eme": "5e",
                    "5ème": "5e",
                    "6EME": "6e",
                    "6ème": "6e",
                    "sixième": "6e",
                }
            },
            "feuille": "Suivi 2024-2025",
            "description": "tableau de suivi des interventions, une ligne par classe (titres, "
            "en-tête sur deux lignes, sous-totaux par trimestre)",
        },
        {
            "chemin": "donnees-brutes/quiz_avant_apres.csv",
            "role": "quiz",
            "description": "quiz pseudonyme des élèves (code élève : classe et numéro ; la "
            "liste qui relie les numéros aux noms reste chez l'enseignant) avant (T0), après "
            "(T1) et à trois mois (T2), "
            "pour un échantillon de classes",
            # pseudonymous, not anonymous: the teacher's list links each code to a pupil, so
            # the answers remain personal data (RGPD art. 4(5) and recital 26)
            "donnees_personnelles": True,
        },
        {
            "chemin": "donnees-brutes/quiz_corrige.csv",
            "role": "corrige_quiz",
            "description": "énoncés et réponses attendues des dix questions du quiz",
        },
        {
            "chemin": "donnees-brutes/verdicts.csv",
            "role": "verdicts",
            "description": "verdict proposé par chaque classe et décision réelle de l'affaire",
        },
        {
            "chemin": "donnees-brutes/enquete_enseignants.csv",
            "role": "enquete_enseignants",
            "description": "export du formulaire en ligne rempli par les enseignants après "
            "l'intervention",
            "donnees_personnelles": True,
            "personnes": {"email": "Adresse e-mail"},
        },
    ]


# --------------------------------------------------------------------------------------
# Schools and interventions
# --------------------------------------------------------------------------------------
def _schools(rng, fake: Faker) -> list[dict[str, Any]]:
    names = [c for c, _ in COMMUNES]
    weights = np.array([w for _, w in COMMUNES])
    kinds = list(TYPES)
    out, used, emails = [], set(), set()
    while len(out) < 62:
        kind = kinds[int(rng.choice(len(kinds), p=[v[1] for v in TYPES.values()]))]
        commune = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        label = f"{TYPES[kind][0]} {fake.choice(SCHOOL_NAMES)}"
        if (label, commune) in used:
            continue
        used.add((label, commune))
        if kind in ("école", "collège"):
            priority = ["REP", "REP+", "Non"][int(rng.choice(3, p=[0.28, 0.12, 0.6]))]
        else:
            priority = "Non" if kind == "lycée" else "sans objet"
        teachers = []
        for _ in range(int(rng.integers(1, 4))):
            p = fake.person(
                towns=[("34000", commune)], min_age=26, max_age=62, year=YEAR, sex_ratio_f=0.7
            )
            email = f"{fold(p.first_name)}.{fold(p.last_name)}@ac-montpellier.fr".replace(" ", "")
            while email in emails:  # no two teachers of the same name
                p.last_name = LAST_NAMES[(LAST_NAMES.index(p.last_name) + 1) % len(LAST_NAMES)]
                email = f"{fold(p.first_name)}.{fold(p.last_name)}@ac-montpellier.fr"
                email = email.replace(" ", "")
            emails.add(email)
            teachers.append(email)
        out.append(
            {
                "name": label,
                "kind": kind,
                "commune": commune,
                "priority": priority,
                "teachers": teachers,
                "weight": float(rng.gamma(1.5, 1.0)),
            }
        )
    return out


def _school_day(rng) -> dt.date:
    while True:
        day = SCHOOL_START + dt.timedelta(
            days=int(rng.integers(0, (SCHOOL_END - SCHOOL_START).days + 1))
        )
        if day.weekday() < 5 and not any(a <= day <= z for a, z in HOLIDAYS):
            return day


def _interventions(b: SampleBuild, rng, schools) -> list[dict[str, Any]]:
    weights = np.array([s["weight"] for s in schools])
    sessions = []  # one per intervention (a school, a day, one or more classes)
    for _ in range(N_INTERVENTIONS):
        school = schools[int(rng.choice(len(schools), p=weights / weights.sum()))]
        n_classes = int(min(6, 1 + rng.poisson(1.65)))
        if school["kind"] == "centre social":
            n_classes = 1
        theme = THEMES[int(rng.choice(len(THEMES), p=THEME_P))]
        mock = rng.random() < 0.7
        u = rng.random()
        sessions.append(
            {
                "school": school,
                "day": _school_day(rng),
                "n": n_classes,
                "theme": theme,
                "format": "Procès reconstitué" if mock else "Atelier cas pratiques",
                "hours": 3 if mock else 2,
                "speakers": fake_choice(rng, SPEAKERS),
                "status": "Annulée" if u < 0.025 else "Reportée" if u < 0.06 else "Réalisée",
            }
        )
    sessions.sort(key=lambda s: s["day"])
    classes: list[dict[str, Any]] = []
    n_class = 0
    postponed = []
    for s in sessions:
        levels, lp = LEVELS[s["school"]["kind"]]
        s["classes"] = []
        for _ in range(s["n"]):
            n_class += 1
            size = int(np.clip(round(rng.normal(CLASS_SIZE[s["school"]["kind"]], 2.5)), 8, 35))
            c = {
                "id": f"C{n_class:03d}",
                "level": levels[int(rng.choice(len(levels), p=lp))],
                "size": size,
                "session": s,
            }
            s["classes"].append(c)
        if s["status"] == "Reportée":
            new_day = s["day"] + dt.timedelta(days=int(rng.integers(14, 40)))
            while new_day.weekday() >= 5 or any(a <= new_day <= z for a, z in HOLIDAYS):
                new_day += dt.timedelta(days=1)
            if new_day > SCHOOL_END:
                s["status"] = "Annulée"
            else:
                postponed.append({**s, "day": new_day, "status": "Réalisée", "postponed_from": s})
    sessions = sorted(sessions + postponed, key=lambda s: s["day"])
    for k, s in enumerate(sessions):
        s["id"] = f"INT-{k + 1:03d}"
    for s in sessions:
        if s["status"] == "Réalisée":
            for c in s["classes"]:
                classes.append({**c, "session": s, "day": s["day"]})
    _write_interventions(b, rng, sessions)
    return classes


def fake_choice(rng, items):
    return items[int(rng.integers(0, len(items)))]


def _term(day: dt.date) -> int:
    return 1 if day.month >= 9 else 2 if day.month <= 3 else 3


def _write_interventions(b: SampleBuild, rng, sessions) -> None:
    from openpyxl.styles import Alignment, Font

    wb = fixed_workbook()
    ws = wb.active
    ws.title = "Suivi 2024-2025"
    ws.append(["PAROLE À LA BARRE — Suivi des interventions, année scolaire 2024-2025"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "Tableau partagé de l'équipe, mis à jour le 04/07/2025 (dates saisies par les "
            "intervenants)"
        ]
    )
    ws.append([])
    col = 1
    for label, width in HEADER_GROUPS:
        ws.cell(row=4, column=col, value=label).font = Font(bold=True)
        ws.cell(row=4, column=col).alignment = Alignment(horizontal="center")
        if width > 1:
            ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + width - 1)
        col += width
    for j, name in enumerate(HEADER, start=1):
        ws.cell(row=5, column=j, value=name).font = Font(bold=True)

    styles: dict[str, list[int]] = {
        "date_excel": [],
        "texte_jj_mm_aaaa": [],
        "texte_iso": [],
        "numero_de_serie": [],
    }
    level_used: dict[str, set[str]] = {}
    priority_used: dict[str, set[str]] = {}
    count_text, amount_text, subtotal_rows = [], [], []
    realised_rows, postponed_rows, cancelled_rows = [], [], []
    term_pupils, term_classes, term_amount = {}, {}, {}
    row = FIRST_DATA_ROW
    total_amount = 0.0
    for i, s in enumerate(sessions):
        school = s["school"]
        realised = s["status"] == "Réalisée"
        pupils = sum(c["size"] for c in s["classes"])
        amount = float(min(PRICE_PER_PUPIL * pupils, PRICE_CAP)) if realised else None
        for j, c in enumerate(s["classes"]):
            u = rng.random()
            if u < 0.55:
                date_cell: Any = s["day"]
                styles["date_excel"].append(row)
            elif u < 0.75:
                date_cell = date_text(s["day"], "dmy")
                styles["texte_jj_mm_aaaa"].append(row)
            elif u < 0.85:
                date_cell = date_text(s["day"], "iso")
                styles["texte_iso"].append(row)
            else:
                date_cell = excel_serial(s["day"])
                styles["numero_de_serie"].append(row)
            level = fake_choice(rng, LEVEL_VARIANTS[c["level"]])
            level_used.setdefault(c["level"], set()).add(level)
            prio = fake_choice(rng, PRIORITY_VARIANTS[school["priority"]])
            priority_used.setdefault(school["priority"], set()).add(prio)
            count: Any = c["size"]
            v = rng.random()
            if v < 0.05:
                count = str(c["size"])
                count_text.append(row)
            elif v < 0.07:
                count = f"{c['size']} élèves"
                count_text.append(row)
            amount_cell: Any = None
            if j == 0 and amount is not None:
                total_amount += amount
                amount_cell = amount
                if rng.random() < 0.12:
                    amount_cell = f"{fr_number(amount)}{NBSP}€"
                    amount_text.append(row)
            values = [
                s["id"],
                date_cell,
                s["status"],
                s["format"],
                school["name"],
                school["kind"],
                school["commune"],
                34,
                prio,
                c["id"],
                level,
                count,
                s["theme"],
                s["speakers"],
                s["hours"],
                amount_cell,
            ]
            for k, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=k, value=value)
                if k == 2 and isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
            (
                realised_rows
                if realised
                else postponed_rows
                if s["status"] == "Reportée"
                else cancelled_rows
            ).append(row)
            if realised:
                t = _term(s["day"])
                term_pupils[t] = term_pupils.get(t, 0) + c["size"]
                term_classes[t] = term_classes.get(t, 0) + 1
            row += 1
        if realised:
            t = _term(s["day"])
            term_amount[t] = term_amount.get(t, 0.0) + amount
        nxt = sessions[i + 1]["day"] if i + 1 < len(sessions) else None
        term = _term(s["day"])
        if nxt is None or _term(nxt) != term:
            ws.cell(row=row, column=1, value=f"Sous-total trimestre {term}").font = Font(bold=True)
            ws.cell(row=row, column=10, value=f"{term_classes.get(term, 0)} classes")
            ws.cell(row=row, column=12, value=term_pupils.get(term, 0))
            ws.cell(row=row, column=16, value=term_amount.get(term, 0.0))
            subtotal_rows.append(row)
            row += 1
    ws.cell(row=row, column=1, value="TOTAL ANNÉE").font = Font(bold=True)
    ws.cell(row=row, column=10, value=f"{sum(term_classes.values())} classes")
    ws.cell(row=row, column=12, value=sum(term_pupils.values()))
    ws.cell(row=row, column=16, value=sum(term_amount.values()))
    subtotal_rows.append(row)
    save_workbook(wb, b.raw("interventions.xlsx"))

    realised = [(s, c) for s in sessions if s["status"] == "Réalisée" for c in s["classes"]]
    b.plant("interventions_realisees", sum(1 for s in sessions if s["status"] == "Réalisée"))
    b.plant("classes_touchees", len(realised))
    b.plant("eleves_touches", sum(c["size"] for _, c in realised))
    b.plant(
        "eleves_par_niveau",
        {lvl: sum(c["size"] for _, c in realised if c["level"] == lvl) for lvl in LEVEL_VARIANTS},
    )
    b.plant(
        "eleves_par_education_prioritaire",
        {
            k: sum(c["size"] for s, c in realised if s["school"]["priority"] == k)
            for k in PRIORITY_VARIANTS
        },
    )
    b.plant("montant_facture_total", total_amount)
    b.plant("categories_niveau", {k: list(v) for k, v in LEVEL_VARIANTS.items()})
    b.plant("categories_education_prioritaire", {k: list(v) for k, v in PRIORITY_VARIANTS.items()})
    name = "interventions.xlsx"
    b.mess(name, "feuille", "Suivi 2024-2025")
    b.mess(name, "lignes_titre", [1, 2])
    b.mess(name, "entete_deux_lignes_cellules_fusionnees", {"groupes": 4, "colonnes": 5})
    b.mess(name, "premiere_ligne_de_donnees", FIRST_DATA_ROW)
    b.mess(name, "lignes_sous_total", subtotal_rows)
    b.mess(name, "formats_de_date_par_ligne", styles)
    b.mess(name, "lignes_reportees", postponed_rows)
    b.mess(name, "lignes_annulees", cancelled_rows)
    b.mess(name, "lignes_nb_eleves_en_texte", count_text)
    b.mess(name, "lignes_montant_en_texte", amount_text)
    b.mess(name, "montant_sur_premiere_ligne_de_chaque_intervention", True)
    b.mess(name, "variantes_niveau", {k: sorted(v) for k, v in sorted(level_used.items())})
    b.mess(
        name,
        "variantes_education_prioritaire",
        {k: sorted(v) for k, v in sorted(priority_used.items())},
    )


# --------------------------------------------------------------------------------------
# Pseudonymous quiz
# --------------------------------------------------------------------------------------
def _quiz(b: SampleBuild, rng, classes) -> list[tuple[str, int]]:
    """The quiz; returns the pupil (class, number) behind each row."""
    eligible = [c for c in classes if c["session"]["school"]["kind"] != "centre social"]
    pick = sorted(int(i) for i in rng.choice(len(eligible), size=N_QUIZ_CLASSES, replace=False))
    chosen = [eligible[i] for i in pick]
    early = [c for c in chosen if c["day"] <= dt.date(2025, 3, 14)]
    t2_ids = {early[int(i)]["id"] for i in rng.choice(len(early), size=N_T2_CLASSES, replace=False)}
    pupils = [(c, n) for c in chosen for n in range(1, c["size"] + 1)]
    n_pupils = len(pupils)
    # presence and miswritten numbers are drawn first, so that the individual gains can be
    # standardised over the pairs the analysis will see (the sample then carries the
    # planted effect itself rather than a random draw around it)
    in_t2 = np.array([c["id"] in t2_ids for c, _ in pupils])
    present = {
        w: rng.random(size=n_pupils) < p for w, p in (("T0", 0.92), ("T1", 0.95), ("T2", 0.85))
    }
    present["T2"] &= in_t2
    wrong_number = {
        "T0": np.zeros(n_pupils, dtype=bool),
        "T1": rng.random(size=n_pupils) < 0.05,
        "T2": rng.random(size=n_pupils) < 0.08,
    }
    bases = np.clip(
        np.round(rng.normal(KNOWLEDGE_T0_MEAN, KNOWLEDGE_T0_SD, size=n_pupils)), 0, 10
    ).astype(int)
    score_of = {"T0": bases}
    for wave, gain in (("T1", KNOWLEDGE_GAIN_T1), ("T2", KNOWLEDGE_GAIN_T2)):
        paired = present["T0"] & present[wave] & ~wrong_number[wave]
        z = rng.normal(size=n_pupils)
        z[paired] = (z[paired] - z[paired].mean()) / z[paired].std()
        later = np.clip(np.round(bases + gain + KNOWLEDGE_GAIN_SD * z), 0, 10).astype(int)
        score_of[wave] = nudge_to_mean(rng, bases, later, paired, gain, 0, 10)
    ease = np.array(QUESTION_EASE)
    rows: list[list[str]] = []
    row_pupils: list[tuple[str, int]] = []
    scores: dict[str, dict[tuple[int, int], int]] = {"T0": {}, "T1": {}, "T2": {}}
    codes: dict[str, list[tuple[int, int]]] = {"T0": [], "T1": [], "T2": []}
    intentions: dict[str, list[str]] = {"T0": [], "T1": [], "T2": []}
    variant_lines, wrong_lines, number_lines, blank_lines = [], [], [], []
    answer_variants: set[str] = set()
    by_class: dict[str, list[int]] = {}
    for k, (c, _) in enumerate(pupils):
        by_class.setdefault(c["id"], []).append(k)
    for c in chosen:
        cnum = int(c["id"][1:])
        waves = ["T0", "T1"] + (["T2"] if c["id"] in t2_ids else [])
        for wave in waves:
            day = c["day"] + (
                dt.timedelta(days=int(rng.integers(88, 100))) if wave == "T2" else dt.timedelta(0)
            )
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            style = ANSWER_STYLES[int(rng.integers(0, 3))]
            numbers_class = rng.random() < 0.3
            used_wrong: set[int] = set()
            wave_rows = []
            for k in by_class[c["id"]]:
                _, n = pupils[k]
                if not present[wave][k]:
                    continue
                score = int(score_of[wave][k])
                number = n
                wrong = bool(wrong_number[wave][k])
                if wrong:
                    number = int(rng.integers(40, 70))
                    while number in used_wrong:
                        number = int(rng.integers(40, 70))
                    used_wrong.add(number)
                form = int(rng.choice(5, p=[0.85, 0.04, 0.04, 0.04, 0.03]))
                code = [
                    f"C{cnum:03d}-{number:02d}",
                    f"c{cnum:03d}-{number:02d}",
                    f"C{cnum:03d}-{number}",
                    f"C{cnum:03d} {number:02d}",
                    f"{cnum:03d}-{number:02d}",
                ][form]
                correct = (
                    set(
                        int(i)
                        for i in rng.choice(10, size=score, replace=False, p=ease / ease.sum())
                    )
                    if score
                    else set()
                )
                answers, blanks = [], False
                for q in range(10):
                    truth = QUESTIONS[q][2]
                    if q in correct:
                        answers.append(style[truth])
                    elif rng.random() < 0.08:
                        answers.append("")
                        blanks = True
                    else:
                        answers.append(style["Faux" if truth == "Vrai" else "Vrai"])
                answer_variants.update(a for a in answers if a)
                shift = 0 if wave == "T0" else 1
                as_numbers = numbers_class or rng.random() < 0.05
                levels = np.clip(
                    np.round(rng.normal(2.6 + ATTITUDE_SHIFT * shift * 2, 0.8)), 1, 4
                ).astype(int)
                att = [str(v) if as_numbers else AGREEMENT[v - 1] for v in levels.tolist()]
                if rng.random() < 0.03:
                    intention = ""
                else:
                    choice = ["Oui", "Non", "NSP"][int(rng.choice(3, p=INTENTION_P[wave]))]
                    intention = fake_choice(rng, INTENTION_VARIANTS[choice])
                    intentions[wave].append(choice)
                wave_rows.append(
                    {
                        "row": [
                            wave,
                            date_text(day, "dmy"),
                            c["id"],
                            code,
                            *answers,
                            *att,
                            intention,
                        ],
                        "pupil": (c["id"], n),
                        "variant": code != f"C{cnum:03d}-{number:02d}",
                        "wrong": wrong,
                        "numbers": as_numbers,
                        "blank": blanks,
                    }
                )
                key = (cnum, number)
                codes[wave].append(key)
                if not wrong:
                    scores[wave][key] = score
            # papers are typed in the order of the pile, not the pupils' numbers
            order = rng.permutation(len(wave_rows))
            for i in order:
                r = wave_rows[int(i)]
                line = len(rows) + 2
                rows.append(r["row"])
                row_pupils.append(r["pupil"])
                if r["variant"]:
                    variant_lines.append(line)
                if r["wrong"]:
                    wrong_lines.append(line)
                if r["numbers"]:
                    number_lines.append(line)
                if r["blank"]:
                    blank_lines.append(line)
    header = [
        "vague",
        "date_passation",
        "classe",
        "code_eleve",
        *[q for q, _, _ in QUESTIONS],
        *[a for a, _ in ATTITUDES],
        "previendrait_un_adulte",
    ]
    write_csv(rows, header, b.raw("quiz_avant_apres.csv"), sep=";", encoding="utf-8", bom=True)
    write_csv(
        [[q, text, answer] for q, text, answer in QUESTIONS],
        ["question", "enonce", "reponse_attendue"],
        b.raw("quiz_corrige.csv"),
        sep=";",
        encoding="utf-8",
        bom=True,
    )

    sets = {w: set(codes[w]) for w in codes}
    matched = sets["T0"] & sets["T1"]
    b.plant("quiz_classes", len(chosen))
    b.plant("quiz_classes_T2", len(t2_ids))
    b.plant("quiz_questionnaires_par_vague", {w: len(codes[w]) for w in codes})
    b.plant(
        "appariement_codes_T0_T1",
        {
            "definition": "codes élève (classe, numéro) présents à T0 et à T1 après remise en "
            "forme de l'écriture, sur les codes présents à T0",
            "codes_T0": len(sets["T0"]),
            "codes_T1": len(sets["T1"]),
            "codes_apparies": len(matched),
            "taux_appariement": len(matched) / len(sets["T0"]),
            "part_codes_T1_sans_T0": len(sets["T1"] - sets["T0"]) / len(sets["T1"]),
        },
    )
    for later, planted in (("T1", KNOWLEDGE_GAIN_T1), ("T2", KNOWLEDGE_GAIN_T2)):
        pairs = sorted(set(scores["T0"]) & set(scores[later]))
        diff = np.array([scores[later][p] - scores["T0"][p] for p in pairs], dtype=float)
        b.plant(
            f"gain_connaissances_T0_{later}",
            {
                "definition": "score = bonnes réponses sur 10 (réponse vide = fausse), "
                f"différence {later} − T0 appariée par code élève",
                "effet_plante": planted,
                "n_paires": len(pairs),
                "moyenne_T0": float(np.mean([scores["T0"][p] for p in pairs])),
                f"moyenne_{later}": float(np.mean([scores[later][p] for p in pairs])),
                "difference_moyenne": float(diff.mean()),
                "ecart_type_differences": float(diff.std(ddof=1)),
                "d_z": float(diff.mean() / diff.std(ddof=1)),
            },
        )
    b.plant(
        "part_previendrait_un_adulte",
        {
            "definition": "réponses Oui parmi les réponses non vides (NSP compris), par vague",
            **{w: float(np.mean([v == "Oui" for v in intentions[w]])) for w in ("T0", "T1", "T2")},
        },
    )
    b.plant("corrige_quiz", {q: answer for q, _, answer in QUESTIONS})
    name = "quiz_avant_apres.csv"
    b.mess(name, "encodage", "utf-8 avec BOM, séparateur point-virgule")
    b.mess(name, "lignes_code_autre_ecriture", variant_lines)
    b.mess(name, "lignes_numero_mal_ecrit", wrong_lines)
    b.mess(name, "lignes_likert_en_chiffres", number_lines)
    b.mess(name, "lignes_reponse_vide", blank_lines)
    b.mess(name, "variantes_reponses", sorted(answer_variants))
    return row_pupils


# --------------------------------------------------------------------------------------
# Verdicts and teachers
# --------------------------------------------------------------------------------------
def case_age(case: str) -> int:
    """The age of the minor in a case title (« Affaire Lucas, 14 ans » → 14)."""
    return int(re.search(r"(\d+) ans", case).group(1))


def sanction_variants(level: int, age: int) -> list[str]:
    """How pupils write a verdict of ``level`` for a minor of ``age`` (no TIG under 16)."""
    if age < TIG_MIN_AGE and level in SANCTIONS_UNDER_TIG_AGE:
        return SANCTIONS_UNDER_TIG_AGE[level]
    return SANCTIONS[level]


def _verdicts(b: SampleBuild, rng, classes) -> None:
    rows, compared, no_verdict = [], [], []
    for c in classes:
        theme = c["session"]["theme"]
        options = [case for case in CASES if case[0] == theme]
        _, case, real_level, real_text = options[int(rng.integers(0, len(options)))]
        line = len(rows) + 2
        if rng.random() < 0.03:
            proposed = "pas d'accord dans la classe"
            no_verdict.append(line)
        else:
            level = int(
                np.clip(real_level + VERDICT_DELTA[int(rng.choice(4, p=VERDICT_DELTA_P))], 1, 5)
            )
            proposed = fake_choice(rng, sanction_variants(level, case_age(case)))
            compared.append(level - real_level)
        rows.append([c["id"], date_text(c["day"], "dmy"), theme, case, proposed, real_text])
    write_csv(
        rows,
        ["classe", "date", "theme", "affaire", "sanction_proposee_par_eleves", "sanction_reelle"],
        b.raw("verdicts.csv"),
        sep=";",
        encoding="cp1252",
    )
    diffs = np.array(compared)
    categories = {
        str(level): SANCTIONS[level]
        + SANCTIONS_UNDER_TIG_AGE.get(level, [])
        + sorted({t for _, _, lv, t in CASES if lv == level})
        for level in SANCTIONS
    }
    b.plant("categories_sanction", categories)
    b.plant("niveaux_sanction", {str(k): v for k, v in SANCTION_LABELS.items()})
    b.plant(
        "regle_tig",
        {
            "age_minimum": TIG_MIN_AGE,
            "source": "Code de la justice pénale des mineurs, art. L. 122-1 : le travail "
            "d'intérêt général s'applique aux mineurs âgés d'au moins seize ans au moment de la "
            "décision",
            "variantes_niveau_3_avant_16_ans": SANCTIONS_UNDER_TIG_AGE[3],
        },
    )
    b.plant(
        "verdicts_compares",
        {
            "definition": "classes ayant proposé une sanction, comparée à la décision réelle sur "
            "l'échelle de sévérité 1 à 5",
            "n": len(compared),
            "part_plus_severe": float(np.mean(diffs > 0)),
            "part_identique": float(np.mean(diffs == 0)),
            "part_moins_severe": float(np.mean(diffs < 0)),
        },
    )
    b.mess("verdicts.csv", "lignes_sans_verdict", no_verdict)
    b.mess("verdicts.csv", "sanctions_texte_libre", "variantes par niveau dans categories_sanction")


def _teachers(b: SampleBuild, rng, fake: Faker, classes, schools) -> list[tuple[str, int]]:
    """The teachers' form; returns the teacher (school, rank) behind each row."""
    entries, satisfied, climate = [], [], []
    responding = [
        c
        for c in classes
        if c["session"]["school"]["kind"] != "centre social" and rng.random() < TEACHER_RESPONSE
    ]
    for c in responding:
        school = c["session"]["school"]
        stamp = dt.datetime.combine(
            c["day"] + dt.timedelta(days=int(rng.integers(0, 10))),
            dt.time(int(rng.integers(7, 22)), int(rng.integers(0, 60)), int(rng.integers(0, 60))),
        )
        rank = int(rng.integers(0, len(school["teachers"])))
        email = school["teachers"][rank]
        teacher = (f"{school['name']} - {school['commune']}", rank)
        v1 = stamp.date() < FORM_CHANGE
        u = rng.random()
        if v1:  # mark out of 5
            mark = 5 if u < 0.55 else 4 if u < TEACHER_SATISFIED else 3 if u < 0.97 else 2
            sat_text, ok = str(mark), mark >= 4
        else:
            level = 4 if u < 0.55 else 3 if u < TEACHER_SATISFIED else 2 if u < 0.97 else 1
            sat_text, ok = SATISFACTION_TEXT[level - 1], level >= 3
        satisfied.append(ok)
        yes_no = YES_NO_V1 if v1 else YES_NO_V2
        answers = [
            ["Oui", "Non", "NSP"][int(rng.choice(3, p=p))]
            for p in ([0.55, 0.15, 0.3], [0.88, 0.04, 0.08], [0.25, 0.55, 0.2])
        ]
        climate.append(answers[0])
        class_text = [c["id"], c["id"].lower(), c["id"][1:], f"{c['level']} ({c['id']})"][
            int(rng.choice(4, p=[0.6, 0.15, 0.1, 0.15]))
        ]
        row = [
            stamp.strftime("%d/%m/%Y %H:%M:%S"),
            email,
            school["name"] + " - " + school["commune"],
            class_text,
            sat_text,
            *[yes_no[a] for a in answers],
        ]
        entries.append((stamp, row, class_text != c["id"], False, teacher))
        if rng.random() < 0.03:
            dup = list(row)
            later = stamp + dt.timedelta(seconds=int(rng.integers(2, 40)))
            dup[0] = later.strftime("%d/%m/%Y %H:%M:%S")
            entries.append((later, dup, class_text != c["id"], True, teacher))
    entries.sort(key=lambda e: e[0])  # the form export is in order of submission
    rows = [e[1] for e in entries]
    class_variants = [i + 2 for i, e in enumerate(entries) if e[2]]
    doubles = [i + 2 for i, e in enumerate(entries) if e[3]]
    header = [
        "Horodateur",
        "Adresse e-mail",
        "Établissement",
        "Classe (code donné par l'intervenant)",
        "Êtes-vous satisfait(e) de l'intervention ?",
        "Avez-vous observé un changement dans le climat de la classe ?",
        "Recommanderiez-vous l'intervention à un·e collègue ?",
        "Des situations ont-elles été signalées depuis l'intervention ?",
    ]
    write_csv(
        rows, header, b.raw("enquete_enseignants.csv"), sep=",", encoding="utf-8", newline="\n"
    )
    b.plant("reponses_enseignants", len(satisfied))
    b.plant("enseignants_repondants_distincts", len({row[1] for row in rows}))
    b.plant(
        "satisfaction_enseignants",
        {
            "definition": "note 4 ou 5 sur 5 (formulaire jusqu'au 31/12/2024) ou « Très » / "
            "« Plutôt satisfait(e) » (formulaire à partir de janvier), doublons "
            "d'envoi retirés",
            "taux_plante": TEACHER_SATISFIED,
            "n_reponses": len(satisfied),
            "taux_observe": float(np.mean(satisfied)),
        },
    )
    b.plant("part_enseignants_climat_change", float(np.mean([a == "Oui" for a in climate])))
    name = "enquete_enseignants.csv"
    b.mess(name, "encodage", "utf-8 sans BOM, séparateur virgule (export de formulaire)")
    b.mess(
        name,
        "changement_de_formulaire",
        {
            "date": FORM_CHANGE.isoformat(),
            "avant": "note de 1 à 5 ; Oui/Non/NSP",
            "apres": "libellés de satisfaction ; Oui/Non/Je ne sais pas",
        },
    )
    b.mess(name, "lignes_double_envoi", doubles)
    b.mess(name, "lignes_classe_autre_ecriture", class_variants)
    return [e[4] for e in entries]


TOC_DRAFT = """\
# Théorie du changement — Parole à la Barre (brouillon de départ, données fictives)
version: 1
probleme: >-
  Beaucoup de jeunes ignorent que des comportements banalisés (harcèlement, partage de
  vidéos humiliantes, rumeurs, racket) sont des infractions ; ils ne savent ni ce qu'ils
  risquent ni vers qui se tourner quand ils en sont victimes ou témoins.
impact:
  id: I
  libelle: Moins de jeunes auteurs ou victimes de violences entre pairs
activites:
  - id: A1
    libelle: Procès reconstitués en classe, avec un assesseur du tribunal pour enfants et un avocat
  - id: A2
    libelle: Ateliers sur des cas réels jugés par le tribunal pour enfants
  - id: A3
    libelle: Échanges avec les équipes éducatives après l'intervention
realisations:
  - id: R1
    libelle: Classes et élèves ayant participé à une intervention
  - id: R2
    libelle: Verdicts proposés et débattus par les élèves
effets:
  - id: E1
    libelle: Les élèves connaissent mieux la loi
    horizon: court
    parties_prenantes: [PP1]
    dimensions:
      quoi: Savoir qu'un comportement est une infraction et ce qu'il coûte
      qui: Élèves du CM2 à la seconde, dont une part en éducation prioritaire
      combien: Au moins deux bonnes réponses de plus sur dix au quiz après la séance
      contribution: À côté des cours d'enseignement moral et civique
      risque: Connaissances oubliées quelques mois plus tard
  - id: E2
    libelle: Les élèves préviendraient un adulte s'ils étaient témoins de harcèlement
    horizon: court
    parties_prenantes: [PP1]
  - id: E3
    libelle: Le climat de la classe s'améliore
    horizon: moyen
    parties_prenantes: [PP1, PP2]
  - id: E4
    libelle: Moins de violences entre élèves
    horizon: long
    parties_prenantes: [PP1]
  - id: E5
    libelle: Les intervenants bénévoles donnent un sens nouveau à leur métier
    horizon: court
    parties_prenantes: [PP3]
liens:
  - {de: A1, vers: R1}
  - {de: A2, vers: R1}
  - {de: A1, vers: R2}
  - {de: A3, vers: R1}
  - de: R1
    vers: E1
    hypothese: Un cas réel jugé rend la loi concrète et mémorisable
  - de: R2
    vers: E2
    hypothese: Se mettre à la place du juge fait prendre au sérieux la souffrance des victimes
  - de: E2
    vers: E3
    hypothese: Des élèves qui parlent permettent aux adultes d'agir tôt
  - de: E1
    vers: E4
    hypothese: Connaître les conséquences dissuade de passer à l'acte
  - de: E3
    vers: E4
    hypothese: Une classe où l'on se parle laisse moins de place aux violences
  - de: R2
    vers: E5
    hypothese: >-
      Entendre des élèves juger une affaire renouvelle le regard des professionnels de la
      justice sur la jeunesse
  - de: E4
    vers: I
    hypothese: Moins de passages à l'acte, c'est aussi moins de victimes
parties_prenantes:
  - id: PP1
    nom: Élèves
    categorie: beneficiaires
    influence: 1
    concernement: 5
  - id: PP2
    nom: Enseignants et équipes éducatives
    categorie: partenaires
    influence: 4
    concernement: 3
  - id: PP3
    nom: "Intervenants bénévoles : assesseurs du tribunal pour enfants, avocats, éducateurs"
    categorie: benevoles
    influence: 3
    concernement: 3
  - id: PP4
    nom: Collectivités et financeurs de la prévention
    categorie: financeurs
    influence: 4
    concernement: 2
"""

INDICATORS_DRAFT = """\
# Référentiel d'indicateurs — Parole à la Barre (brouillon de départ, données fictives)
version: 1
indicateurs:
  - id: IND1
    libelle: Classes touchées dans l'année scolaire
    type: realisation
    element: R1
    definition: Classes distinctes ayant eu une intervention réalisée (reports comptés une fois)
    unite: classes
    source: interventions
    cible: 300
  - id: IND2
    libelle: Élèves touchés, par niveau et par éducation prioritaire
    type: realisation
    element: R1
    definition: Somme des effectifs des classes ayant eu une intervention réalisée
    unite: élèves
    source: interventions
    cible: 7500
    formule:
      table: interventions
      agregation: somme
      colonne: classe_nb_eleves
      filtre:
        intervention_statut: [Réalisée]
  - id: IND3
    libelle: Gain de connaissances après la séance
    type: effet
    element: E1
    definition: Différence moyenne appariée du score au quiz (bonnes réponses sur 10) entre T0 et T1
    unite: points
    source: quiz
    cible: 2
  - id: IND4
    libelle: Connaissances retenues à trois mois
    type: effet
    element: E1
    definition: >-
      Différence moyenne appariée du score au quiz entre T0 et T2, classes suivies à trois mois
    unite: points
    source: quiz
  - id: IND5
    libelle: Élèves qui préviendraient un adulte
    type: effet
    element: E2
    definition: Part de « Oui » à la question sur le harcèlement, avant et après la séance
    unite: "%"
    source: quiz
  - id: IND6
    libelle: Satisfaction des enseignants
    type: effet
    element: E3
    definition: Enseignants satisfaits ou très satisfaits de l'intervention, parmi les répondants
    unite: "%"
    source: enquete_enseignants
    cible: 90
"""

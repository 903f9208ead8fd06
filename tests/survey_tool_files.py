"""Writers of test files: answers exported by Google Forms, LimeSurvey and Framaforms.

Each file is written byte for byte the way the tool writes it, from what its own code and
documentation say (the sources are cited above each writer; the module docstring of
``sizeup_helpers.survey_tools`` says more). The answers are fictional: eight people of a
job-search association answering a satisfaction questionnaire; e-mails use the reserved
domain ``exemple.fr`` and IP addresses the documentation range 192.0.2.0/24 (RFC 5737).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

#: The answers, one dict per person, the same in every tool's file.
PEOPLE = [
    {
        "email": "camille.martin@exemple.fr",
        "age": "34",
        "ateliers": ["Atelier CV", "Simulation d'entretien"],
        "premiere": (2025, 3, 15),
        "proprete": "Très bien",
        "ecoute": "Bien",
        "satisfait": "Oui, tout à fait",
        "commentaire": "Merci pour l'accueil",
        "stamp": (2026, 1, 13, 9, 5, 12),
    },
    {
        "email": "l.bernard@exemple.fr",
        "age": "51",
        "ateliers": ["Atelier CV"],
        "premiere": (2025, 4, 2),
        "proprete": "Bien",
        "ecoute": "Très bien",
        "satisfait": "Plutôt oui",
        "commentaire": "",
        "stamp": (2026, 1, 13, 14, 40, 3),
    },
    {
        "email": "yanis.petit@exemple.fr",
        "age": "27",
        "ateliers": ["Atelier numérique, bases", "Atelier CV"],
        "premiere": (2025, 5, 20),
        "proprete": "Bien",
        "ecoute": "Bien",
        "satisfait": "Oui, tout à fait",
        "commentaire": "Plus de créneaux le soir, svp",
        "stamp": (2026, 1, 14, 18, 2, 45),
    },
    {
        "email": "ines.moreau@exemple.fr",
        "age": "45",
        "ateliers": ["Simulation d'entretien", "Atelier numérique, bases"],
        "premiere": (2025, 2, 28),
        "proprete": "Très bien",
        "ecoute": "Très bien",
        "satisfait": "Non",
        "commentaire": "",
        "stamp": (2026, 1, 15, 8, 30, 0),
    },
    {
        "email": "hugo.laurent@exemple.fr",
        "age": "38",
        "ateliers": [],
        "premiere": (2025, 6, 11),
        "proprete": "Moyen",
        "ecoute": "Bien",
        "satisfait": "Plutôt oui",
        "commentaire": "",
        "stamp": (2026, 1, 16, 10, 11, 9),
    },
    {
        "email": "nora.garcia@exemple.fr",
        "age": "60",
        "ateliers": ["Atelier CV", "Simulation d'entretien", "Atelier numérique, bases"],
        "premiere": (2025, 1, 9),
        "proprete": "Bien",
        "ecoute": "Moyen",
        "satisfait": "Oui, tout à fait",
        "commentaire": "Très utile",
        "stamp": (2026, 1, 17, 16, 25, 58),
    },
    {
        "email": "theo.roux@exemple.fr",
        "age": "23",
        "ateliers": ["Atelier numérique, bases"],
        "premiere": (2025, 9, 1),
        "proprete": "Très bien",
        "ecoute": "Bien",
        "satisfait": "Plutôt oui",
        "commentaire": "",
        "stamp": (2026, 1, 19, 11, 0, 30),
    },
    {
        "email": "lea.fournier@exemple.fr",
        "age": "41",
        "ateliers": ["Simulation d'entretien"],
        "premiere": (2025, 10, 23),
        "proprete": "Bien",
        "ecoute": "Très bien",
        "satisfait": "Non",
        "commentaire": "",
        "stamp": (2026, 1, 21, 13, 45, 17),
    },
]
CHOICES = ["Atelier CV", "Simulation d'entretien", "Atelier numérique, bases"]
CHOICE_NAMES = ["atelier_cv", "simulation_d_entretien", "atelier_numerique_bases"]
AGES = [int(p["age"]) for p in PEOPLE]
EMAILS = [p["email"] for p in PEOPLE]
IPS = [f"192.0.2.{10 + i}" for i in range(len(PEOPLE))]

Q_AGE = "Quel âge avez-vous ?"
Q_ATELIERS = "Quels ateliers avez-vous suivis ?"
Q_PREMIERE = "Date de votre première venue"
Q_ACCUEIL = "Comment jugez-vous l'accueil ?"
Q_SATISFAIT = "Êtes-vous satisfait·e de l'accompagnement ?"
Q_COMMENTAIRE = "Un commentaire ?"


def _csv_text(rows: list[list[str]], *, delimiter: str, quote_all: bool, line_end: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator=line_end,
    )
    writer.writerows(rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------
# Google Forms
# --------------------------------------------------------------------------------------
# Responses tab › « Télécharger les réponses (.csv) » (support.google.com/docs/answer/139706):
# comma-separated UTF-8 without BOM, quoted only when needed (RFC 4180, CRLF line ends);
# headers are the questions' texts; « Horodateur » (French form) or « Timestamp » (English)
# first, in the form's locale (dd/mm/yyyy HH:MM:SS in French, M/D/YYYY H:MM:SS in American
# English); « Adresse e-mail » / « Email Address » when e-mails are collected; checkboxes
# joined by « , »; a grid question one column per row, « Question [Ligne] ».
def google_forms_rows(*, english: bool = False, duplicate: bool = False) -> list[list[str]]:
    """The rows of a Google Forms responses sheet (header first)."""
    header = [
        "Timestamp" if english else "Horodateur",
        "Email Address" if english else "Adresse e-mail",
        Q_AGE,
        Q_ATELIERS,
        Q_PREMIERE,
        f"{Q_ACCUEIL} [Propreté des locaux]",
        f"{Q_ACCUEIL} [Écoute]",
        Q_SATISFAIT,
        Q_COMMENTAIRE,
    ]
    if duplicate:
        header.append(Q_COMMENTAIRE)  # two questions with the same text
    rows = [header]
    for p in PEOPLE:
        y, mo, d, h, mi, s = p["stamp"]
        stamp = (
            f"{mo}/{d}/{y} {h}:{mi:02d}:{s:02d}"
            if english
            else (f"{d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}:{s:02d}")
        )
        py, pm, pd_ = p["premiere"]
        first = f"{pm}/{pd_}/{py}" if english else f"{pd_:02d}/{pm:02d}/{py}"
        row = [
            stamp,
            p["email"],
            p["age"],
            ", ".join(p["ateliers"]),
            first,
            p["proprete"],
            p["ecoute"],
            p["satisfait"],
            p["commentaire"],
        ]
        if duplicate:
            row.append("RAS")
        rows.append(row)
    return rows


def write_google_forms_csv(path: Path, *, english: bool = False, duplicate: bool = False) -> Path:
    """A Google Forms CSV download (French locale unless ``english``)."""
    text = _csv_text(
        google_forms_rows(english=english, duplicate=duplicate),
        delimiter=",",
        quote_all=False,
        line_end="\r\n",
    )
    path.write_bytes(text.encode("utf-8"))
    return path


def write_google_forms_xlsx(path: Path) -> Path:
    """The responses sheet downloaded as xlsx (« Fichier › Télécharger › Microsoft Excel »):
    the timestamp and date answers are real date cells, the sheet « Réponses au formulaire 1 »."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Réponses au formulaire 1"
    rows = google_forms_rows()
    sheet.append(rows[0])
    for p, row in zip(PEOPLE, rows[1:], strict=True):
        row = list(row)
        row[0] = dt.datetime(*p["stamp"])
        row[2] = int(p["age"])
        row[4] = dt.datetime(*p["premiere"])
        sheet.append([v if v != "" else None for v in row])
    for cell in sheet["A"][1:]:
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
    for cell in sheet["E"][1:]:
        cell.number_format = "dd/mm/yyyy"
    book.save(path)
    return path


# --------------------------------------------------------------------------------------
# LimeSurvey
# --------------------------------------------------------------------------------------
# application/helpers/admin/export/CsvWriter.php (github.com/LimeSurvey/LimeSurvey): a UTF-8
# BOM, every value between double quotes, "\r\n" after each record and one more at the end;
# Writer.php: headings as codes (Q01, Q01[SQ001]), full text (« question [sous-question] »);
# answers short (codes, « Y » in a ticked multiple-choice box) or long (texts, « Oui »).
# System columns of createFieldMap (common_helper.php): id, submitdate, lastpage,
# startlanguage, seed, startdate, datestamp, ipaddr, refurl.
LIME_SYSTEM = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
LIME_SYSTEM_TEXT = [
    "ID de la réponse",
    "Date de soumission",
    "Dernière page",
    "Langue de départ",
    "Graine",
    "Date de début",
    "Date de la dernière action",
    "Adresse IP",
    "URL de provenance",
]
SATISFACTION_CODES = {"Oui, tout à fait": "A1", "Plutôt oui": "A2", "Non": "A3"}
ACCUEIL_CODES = {"Très bien": "A1", "Bien": "A2", "Moyen": "A3"}


def limesurvey_rows(
    *, headings: str = "code", bad_code: bool = False, stray: bool = False
) -> list[list[str]]:
    """The rows of a LimeSurvey response export (``headings``: ``"code"`` or ``"full"``)."""
    subs = ["SQ001", "SQ002", "SQ003"]
    if headings == "code":
        header = [*LIME_SYSTEM, "ipaddr", "refurl", "AGE"]
        header += [f"ATELIERS[{s}]" for s in subs] + ["ATELIERS[other]"]
        header += ["ACCUEIL[SQ001]", "ACCUEIL[SQ002]", "SATIS", "COMMENT"]
    else:
        header = [*LIME_SYSTEM_TEXT, Q_AGE]
        header += [f"{Q_ATELIERS} [{c}]" for c in CHOICES] + [f"{Q_ATELIERS} [Autre]"]
        header += [f"{Q_ACCUEIL} [Propreté des locaux]", f"{Q_ACCUEIL} [Écoute]"]
        header += [Q_SATISFAIT, Q_COMMENTAIRE]
    if bad_code:
        header[header.index("SATIS")] = "SATIS[]"
    if stray:
        header.append("Relance faite")  # a column added by hand after the export
    rows = [header]
    yes = "Y" if headings == "code" else "Oui"
    for i, p in enumerate(PEOPLE, start=1):
        y, mo, d, h, mi, s = p["stamp"]
        stamp = f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
        start = f"{y}-{mo:02d}-{d:02d} {h:02d}:{max(mi - 4, 0):02d}:{s:02d}"
        complete = i != 5  # the fifth left on page 1: no submitdate
        row = [
            str(i),
            stamp if complete else "",
            "2" if complete else "1",
            "fr",
            str(100000 + 7919 * i),
            start,
            stamp,
            IPS[i - 1],
            "",
            p["age"],
        ]
        row += [yes if c in p["ateliers"] else "" for c in CHOICES]
        row.append("Atelier couture" if i == 2 else "")
        if headings == "code":
            row += [ACCUEIL_CODES[p["proprete"]], ACCUEIL_CODES[p["ecoute"]]]
            row.append(SATISFACTION_CODES[p["satisfait"]])
        else:
            row += [p["proprete"], p["ecoute"], p["satisfait"]]
        row.append(p["commentaire"])
        if stray:
            row.append("oui" if i % 2 else "")
        rows.append(row)
    return rows


def write_limesurvey_csv(
    path: Path,
    *,
    headings: str = "code",
    separator: str = ",",
    bad_code: bool = False,
    stray: bool = False,
    truncate: bool = False,
) -> Path:
    """A LimeSurvey « Exporter les réponses » CSV (``truncate``: the download cut short)."""
    text = _csv_text(
        limesurvey_rows(headings=headings, bad_code=bad_code, stray=stray),
        delimiter=separator,
        quote_all=True,
        line_end="\r\n",
    )
    data = b"\xef\xbb\xbf" + (text + "\r\n").encode("utf-8")
    if truncate:  # cut in the middle of the last record, as an interrupted download
        data = data[: data.rindex(b"\r\n", 0, len(data) - 4) + 60]
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------
# Framaforms (Drupal 7 Webform)
# --------------------------------------------------------------------------------------
# includes/webform.report.inc (github.com/drupalprojects/webform),
# webform_results_download_headers: three header rows (the form's title; « Submission
# Details » and each multiple choice's name above its first option; the submission
# information and the labels); webform_webform_results_download_submission_information_*:
# Serial, SID, Submitted Time, Completed Time, Modified Time, Draft, IP Address, UID,
# Username; components/select.inc: a multiple choice « separate » is one column per option
# holding « X » or nothing; includes/exporters/webform_exporter_delimited.inc: every value
# quoted, "\n" line ends; a tab-separated file is UTF-16 LE with its BOM (for Excel).
FRAMA_INFO = [
    "Serial",
    "SID",
    "Submitted Time",
    "Completed Time",
    "Modified Time",
    "Draft",
    "IP Address",
    "UID",
    "Username",
]
FRAMA_TITLE = "Questionnaire de satisfaction 2026"


def framaforms_rows() -> list[list[str]]:
    """The rows of a Framaforms results download (three header rows first)."""
    questions = ["Votre âge", *CHOICES, "Votre avis sur l'accompagnement", "Un commentaire ?"]
    width = len(FRAMA_INFO) + len(questions)
    title = [FRAMA_TITLE] + [""] * (width - 1)
    groups = ["Submission Details"] + [""] * (width - 1)
    groups[len(FRAMA_INFO) + 1] = "Ateliers suivis"
    rows = [title, groups, FRAMA_INFO + questions]
    for i, p in enumerate(PEOPLE, start=1):
        y, mo, d, h, mi, _ = p["stamp"]
        time = f"{d:02d}/{mo:02d}/{y} - {h:02d}:{mi:02d}"
        row = [str(i), str(300 + i), time, time, time, "0", IPS[i - 1], "0", ""]
        row += [p["age"], *["X" if c in p["ateliers"] else "" for c in CHOICES]]
        row += [p["satisfait"], p["commentaire"]]
        rows.append(row)
    return rows


def write_framaforms_csv(path: Path, *, delimiter: str = ",") -> Path:
    """A Framaforms « Téléchargement » of the results, delimited text."""
    text = _csv_text(framaforms_rows(), delimiter=delimiter, quote_all=True, line_end="\n")
    if delimiter == "\t":
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    else:
        path.write_bytes(text.encode("utf-8"))
    return path

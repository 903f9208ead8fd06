"""Shared machinery of the sample generators: fake people, French formats, file writers.

Every generator draws from one ``numpy.random.Generator`` seeded with a fixed number, so
regenerating a sample gives the same content. The identities are fake but realistic
(French first and last names, e-mails, phones, addresses, dates of birth) so that the
privacy steps have something to protect.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sizeup_helpers.french import fold, fold_key

FICTIONAL_NOTICE = (
    "⚠️ DONNÉES FICTIVES — Cette structure et toutes ses données sont inventées pour "
    "l'apprentissage. Toute ressemblance avec une organisation ou une personne réelle "
    "serait fortuite. Les noms, e-mails, téléphones et adresses sont faux."
)
#: Said in every sample's LISEZMOI.md and in the index: no sample is a real structure.
INVENTED_FIGURES = (
    "Les chiffres sont inventés : effectifs, volumes, prix, taux et résultats ne sont ceux "
    "d'aucune structure réelle. Seuls le secteur, la forme des fichiers et les difficultés "
    "d'évaluation sont réalistes."
)
TRUTH_FILE = "verite-terrain.json"
NBSP = "\u00a0"
NNBSP = "\u202f"

FIRST_NAMES_F = [
    "Marie",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Sarah",
    "Inès",
    "Julie",
    "Emma",
    "Laura",
    "Nadia",
    "Fatima",
    "Aïcha",
    "Yasmine",
    "Amina",
    "Hélène",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sandrine",
    "Céline",
    "Aurélie",
    "Émilie",
    "Stéphanie",
    "Zoé",
    "Noémie",
    "Anaïs",
    "Gaëlle",
    "Maëlle",
    "Océane",
    "Mélanie",
    "Valérie",
    "Christine",
    "Brigitte",
    "Monique",
    "Françoise",
    "Fatou",
    "Awa",
    "Mariam",
    "Ana",
    "Elena",
    "Irina",
    "Katarzyna",
    "Lucie",
    "Agathe",
    "Pauline",
    "Justine",
    "Coralie",
    "Sabrina",
    "Karima",
    "Leïla",
    "Samia",
    "Josiane",
    "Ginette",
    "Odile",
]
FIRST_NAMES_M = [
    "Thomas",
    "Nicolas",
    "Julien",
    "Kevin",
    "Maxime",
    "Lucas",
    "Hugo",
    "Mohamed",
    "Karim",
    "Youssef",
    "Mehdi",
    "Rachid",
    "Jérôme",
    "François",
    "Sébastien",
    "Stéphane",
    "Frédéric",
    "Benoît",
    "Loïc",
    "Gaël",
    "Théo",
    "Mathéo",
    "Noé",
    "Raphaël",
    "Jean-Pierre",
    "Jean-Marc",
    "Michel",
    "Philippe",
    "Patrick",
    "Alain",
    "Bernard",
    "Mamadou",
    "Moussa",
    "Ibrahima",
    "Oumar",
    "Adrien",
    "Antoine",
    "Bruno",
    "Cédric",
    "Damien",
    "Éric",
    "Fabrice",
    "Grégory",
    "Hervé",
    "Jonathan",
    "Ludovic",
    "Olivier",
    "Pascal",
    "Rémi",
    "Yannick",
    "Dimitri",
    "Pavel",
    "Ahmed",
    "Samir",
    "Bilal",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martínez",
    "Benali",
    "Haddad",
    "Mansouri",
    "Benchikh",
    "Traoré",
    "Diallo",
    "Diop",
    "Koné",
    "Ndiaye",
    "Camara",
    "Nguyen",
    "Tran",
    "Kowalski",
    "Nowak",
    "Popescu",
    "Ferreira",
    "Da Silva",
    "Pereira",
    "Santos",
    "Weber",
    "Schmitt",
    "Klein",
    "Wagner",
    "Koch",
    "Hoffmann",
    "Bauer",
    "Schneider",
    "Zimmermann",
    "Fischer",
    "Béguin",
    "Hénaff",
    "Lebœuf",
    "Péquignot",
]
STREETS = [
    "rue de la Gare",
    "rue des Écoles",
    "avenue de la République",
    "rue du Moulin",
    "place de l'Église",
    "rue Victor-Hugo",
    "rue Jean-Jaurès",
    "chemin des Vignes",
    "rue Pasteur",
    "allée des Tilleuls",
    "rue de la Paix",
    "boulevard Gambetta",
    "impasse des Lilas",
    "route de Strasbourg",
    "rue du Général-de-Gaulle",
    "rue des Jardins",
]
EMAIL_DOMAINS = [
    "gmail.com",
    "orange.fr",
    "hotmail.fr",
    "yahoo.fr",
    "free.fr",
    "laposte.net",
    "outlook.fr",
    "sfr.fr",
]
DOMAIN_TYPOS = {
    "gmail.com": ["gmial.com", "gmail.con", "gmail.fr", "gmai.com"],
    "orange.fr": ["orange.fe", "ornage.fr"],
    "hotmail.fr": ["hotmial.fr", "hotmail.f"],
    "yahoo.fr": ["yaho.fr", "yahoo.rf"],
    "free.fr": ["fre.fr"],
    "laposte.net": ["laposte.ne", "lapost.net"],
    "outlook.fr": ["outlok.fr"],
    "sfr.fr": ["srf.fr"],
}


@dataclass
class Person:
    first_name: str
    last_name: str
    sex: str  # "F" or "M"
    birth_date: dt.date
    email: str
    phone: str
    street: str
    postcode: str
    town: str


class Faker:
    """Fake French identities drawn from a seeded generator."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self._emails: set[str] = set()

    def choice(self, items: Sequence[Any], p: Sequence[float] | None = None) -> Any:
        return items[int(self.rng.choice(len(items), p=p))]

    def person(
        self,
        *,
        towns: Sequence[tuple[str, str]],
        min_age: int = 18,
        max_age: int = 64,
        year: int = 2025,
        sex_ratio_f: float = 0.5,
    ) -> Person:
        sex = "F" if self.rng.random() < sex_ratio_f else "M"
        first = self.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
        last = self.choice(LAST_NAMES)
        age_days = int(self.rng.integers(min_age * 365, max_age * 365))
        birth = dt.date(year, 6, 30) - dt.timedelta(days=age_days)
        postcode, town = self.choice(towns)
        return Person(
            first,
            last,
            sex,
            birth,
            self._email(first, last),
            self.phone(),
            f"{int(self.rng.integers(1, 120))} {self.choice(STREETS)}",
            postcode,
            town,
        )

    def _email(self, first: str, last: str) -> str:
        base = fold(first).replace(" ", "").replace("'", "")
        lastf = fold(last).replace(" ", "").replace("'", "")
        pattern = int(self.rng.integers(0, 4))
        local = [
            f"{base}.{lastf}",
            f"{base[0]}{lastf}",
            f"{base}{lastf}{int(self.rng.integers(1, 99))}",
            f"{lastf}.{base}",
        ][pattern]
        email = f"{local}@{self.choice(EMAIL_DOMAINS)}"
        n = 2
        while email in self._emails:
            email = f"{local}{n}@{email.split('@')[1]}"
            n += 1
        self._emails.add(email)
        return email

    def phone(self) -> str:
        digits = f"0{self.choice(['6', '7'])}" + "".join(
            str(d) for d in self.rng.integers(0, 10, size=8)
        )
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))

    def phone_variant(self, phone: str) -> str:
        """The same number written another way (``0612345678``, ``+33 6 12 …``, dots)."""
        digits = phone.replace(" ", "")
        form = int(self.rng.integers(0, 4))
        if form == 0:
            return digits
        if form == 1:
            return "+33 " + digits[1] + " " + " ".join(digits[i : i + 2] for i in range(2, 10, 2))
        if form == 2:
            return ".".join(digits[i : i + 2] for i in range(0, 10, 2))
        return phone

    def email_typo(self, email: str) -> str:
        """A plausible typing mistake in an e-mail address (never the same address)."""
        local, domain = email.split("@")
        kind = int(self.rng.integers(0, 3))
        if kind == 0 and domain in DOMAIN_TYPOS:
            return f"{local}@{self.choice(DOMAIN_TYPOS[domain])}"
        if kind == 1 and len(local) > 4:
            i = int(self.rng.integers(1, len(local) - 1))
            return f"{local[:i]}{local[i + 1 :]}@{domain}"  # a missing letter
        if len(local) > 3:
            i = int(self.rng.integers(1, len(local) - 2))
            swapped = local[:i] + local[i + 1] + local[i] + local[i + 2 :]
            if swapped != local:
                return f"{swapped}@{domain}"  # two letters swapped
        return f"{local.upper()}@{domain}" if local.upper() != local else f"{local}@{domain}."

    def name_variant(self, name: str) -> str:
        """The same name typed differently: case, accents dropped, stray spaces."""
        kind = int(self.rng.integers(0, 4))
        if kind == 0:
            return name.upper()
        if kind == 1:
            return name.lower()
        if kind == 2:
            stripped = "".join(
                c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
            )
            return stripped if stripped != name else name.upper()
        return f" {name} " if self.rng.random() < 0.5 else f"{name} "


# --------------------------------------------------------------------------------------
# French formats
# --------------------------------------------------------------------------------------
def fr_number(value: float, decimals: int = 2, thousands: str = NBSP) -> str:
    """``1234.5`` → ``"1 234,50"`` (no-break space for thousands, comma for decimals).

    >>> fr_number(-1234.5).replace("\\u00a0", " ")
    '-1 234,50'
    """
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", thousands)


def excel_serial(day: dt.date) -> int:
    """The Excel serial number of a date (1900 system)."""
    return (day - dt.date(1899, 12, 30)).days


def date_text(day: dt.date, style: str) -> str:
    """Write a date the way a person or a program does: ``dmy``, ``iso``, ``short``, ``serial``."""
    if style == "dmy":
        return day.strftime("%d/%m/%Y")
    if style == "iso":
        return day.isoformat()
    if style == "short":
        return f"{day.day}-{day.month}-{day.strftime('%y')}"
    if style == "serial":
        return str(excel_serial(day))
    raise ValueError(style)


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------
def write_csv(
    rows: Iterable[Sequence[Any]],
    header: Sequence[str],
    path: Path,
    *,
    sep: str = ";",
    encoding: str = "cp1252",
    bom: bool = False,
    newline: str = "\r\n",
) -> None:
    """Write rows of text as a CSV file the way office software exports them."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buffer.getvalue().encode(encoding, errors="strict")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def fixed_workbook():
    """A new openpyxl workbook whose metadata do not depend on the clock."""
    from openpyxl import Workbook

    wb = Workbook()
    stamp = dt.datetime(2025, 1, 1, 9, 0, 0)
    wb.properties.creator = "Size Up (données fictives)"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "Size Up"
    return wb


_FIXED_STAMP = "2025-01-01T09:00:00Z"
_ZIP_DATE = (2025, 1, 1, 9, 0, 0)


def save_workbook(wb, path: Path) -> None:
    """Save a workbook byte for byte the same each time.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry;
    both are set to a fixed date here, so regenerating a sample leaves git quiet.
    """
    import io
    import re
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + _FIXED_STAMP.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------------------
# Planting an effect
# --------------------------------------------------------------------------------------
def standardised(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` draws of mean 0 and standard deviation 1 exactly (population sd).

    Individual changes drawn as ``effect + sd * standardised(rng, n)`` make the sample
    carry the planted effect itself, rather than a random draw around it.
    """
    z = rng.normal(size=n)
    return (z - z.mean()) / z.std()


def nudge_to_mean(
    rng, before: np.ndarray, after: np.ndarray, paired: np.ndarray, target: float, lo: int, hi: int
) -> np.ndarray:
    """Move paired ``after`` scores by one point at a time until the mean paired difference
    is as close to ``target`` as integer scores allow (rounding and the scale's bounds
    otherwise shrink the planted change)."""
    after = after.copy()
    idx = np.flatnonzero(paired)
    n = len(idx)
    for _ in range(4 * n):
        gap = target - float(np.mean(after[idx] - before[idx]))
        if abs(gap) <= 0.5 / n:
            break
        step = 1 if gap > 0 else -1
        moved = after[idx] + step
        movable = idx[(moved >= lo) & (moved <= hi)]
        after[movable[int(rng.integers(0, len(movable)))]] += step
    return after


# --------------------------------------------------------------------------------------
# A sample being built
# --------------------------------------------------------------------------------------
@dataclass
class SampleBuild:
    """What a generator produces: its files are written under ``root``; truth is recorded."""

    root: Path
    truth: dict[str, Any] = field(default_factory=dict)
    messiness: dict[str, Any] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)

    def raw(self, name: str) -> Path:
        path = self.root / "donnees-brutes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def plant(self, key: str, value: Any) -> None:
        """Record a planted effect (ground truth the tests check)."""
        self.truth[key] = _clean_json(value)

    def mess(self, file: str, item: str, value: Any) -> None:
        """Record a messiness item injected in ``file``."""
        self.messiness.setdefault(file, {})[item] = _clean_json(value)

    def count_people(
        self,
        role: str,
        people: Iterable[Any],
        *,
        register: Iterable[Any] | None = None,
        identified_by: str,
        **details: Any,
    ) -> None:
        """Record the true number of distinct people in the table of ``role``.

        ``people`` holds the generator's own key of the person behind each row that describes
        one (an index in its list of person objects, a PASS IAE number…), never a value read
        back from the written file: duplicates, name variants, second accounts and mistyped
        codes are already merged. ``register`` holds the keys of the people listed in the
        structure's register of people, when it has one; the truth then says how many of the
        table's people appear in it. ``details`` add other true counts (in French).
        """
        distinct = set(people)
        entry: dict[str, Any] = {"personnes_distinctes": len(distinct)}
        if register is not None:
            entry["dans_le_registre"] = len(distinct & set(register))
        entry["identifiees_par"] = identified_by
        entry.update(details)
        self.people[role] = _clean_json(entry)


def _clean_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return round(float(value), 6)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def write_sample(module: Any, dest_root: Path) -> Path:
    """Generate the sample of ``module`` into ``dest_root/<slug>`` (replacing it)."""
    import yaml

    root = dest_root / module.SLUG
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    build = SampleBuild(root=root)
    rng = np.random.default_rng(module.SEED)
    files = module.build(build, rng)
    # the drafts a participant starts seminar 1 from
    for name, text in (
        ("theorie-du-changement.yml", getattr(module, "TOC_DRAFT", None)),
        ("indicateurs.yml", getattr(module, "INDICATORS_DRAFT", None)),
    ):
        if text is not None:
            (root / name).write_text(text, encoding="utf-8")
    # qualitative material draws from its own generator: adding or changing it never
    # shifts the numbers of the quantitative files
    from ._qualitative import qualitative_material

    files = files + qualitative_material(
        build, module.SLUG, np.random.default_rng([module.SEED, 7])
    )

    files = [_reviewed_only(entry) for entry in files]
    config = {
        "version": 1,
        "structure": {
            "nom": module.NAME,
            "slug": module.SLUG,
            "type": module.TITLE,
            "description": module.DESCRIPTION,
            "territoire": module.TERRITORY,
            "annee": module.YEAR,
            "donnees_fictives": True,
        },
        "fichiers": files,
    }
    for optional, key in (
        ("theorie-du-changement.yml", "theorie_du_changement"),
        ("indicateurs.yml", "indicateurs"),
    ):
        if (root / optional).is_file():
            config[key] = optional
    header = (
        f"# Espace de travail Size Up — {module.NAME}\n"
        "# DONNÉES FICTIVES : structure d'exemple générée par "
        f"`sizeup samples --generate {module.SLUG}`.\n"
    )
    (root / "structure.yml").write_text(
        header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    truth = {
        "structure": module.SLUG,
        "graine": module.SEED,
        "avertissement": "Vérité terrain des données fictives : les effets plantés par le "
        "générateur, que les analyses doivent retrouver.",
        **_people_truth(module, build, files),
        "effets": build.truth,
        "desordre": build.messiness,
    }
    (root / TRUTH_FILE).write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (root / "LISEZMOI.md").write_text(_readme(module, files), encoding="utf-8")
    return root


PEOPLE_RULE = (
    "Personnes réelles distinctes derrière les lignes de chaque table qui décrit des "
    "personnes, comptées par le générateur sur ses propres personnes (inscriptions "
    "répétées, variantes de nom, fautes de frappe, comptes en double et codes mal saisis "
    "déjà fusionnés) ; les entretiens et témoignages ne sont pas comptés. "
    "« personnes_dans_le_registre » : combien de ces personnes figurent dans le registre "
    "des personnes de la structure (« registres_personnes »). « colonnes_declarees » : la "
    "table nomme ses colonnes d'identité sous « personnes » dans structure.yml."
)


def _people_truth(module: Any, build: SampleBuild, files: list[dict[str, Any]]) -> dict[str, Any]:
    """The people keys of ``verite-terrain.json``: distinct people per table, and in the register.

    The register is the table declared ``une_ligne_par_personne`` in ``structure.yml``; a
    structure without one may name the table that lists everyone (``PEOPLE_REFERENCE``).
    """
    declared = {f["role"] for f in files if f.get("personnes")}
    registers = [f["role"] for f in files if f.get("personnes", {}).get("une_ligne_par_personne")]
    if not registers and getattr(module, "PEOPLE_REFERENCE", None):
        registers = [module.PEOPLE_REFERENCE]
    unknown = set(build.people) - {f["role"] for f in files}
    assert not unknown, f"people counted for unknown roles: {sorted(unknown)}"
    missing = declared - set(build.people)
    assert not missing, f"tables with people columns but no true count: {sorted(missing)}"
    order = [f["role"] for f in files if f["role"] in build.people]
    tables = {
        role: {**build.people[role], "colonnes_declarees": role in declared} for role in order
    }
    out: dict[str, Any] = {
        "personnes_distinctes": {role: tables[role]["personnes_distinctes"] for role in order},
    }
    if registers:
        out["personnes_dans_le_registre"] = {
            role: tables[role]["dans_le_registre"]
            for role in order
            if "dans_le_registre" in tables[role]
        }
    out["registres_personnes"] = registers
    out["personnes_par_table"] = {"definition": PEOPLE_RULE, "tables": tables}
    return out


def _reviewed_only(entry: dict[str, Any]) -> dict[str, Any]:
    """Keep in ``correspondances`` only what automatic harmonisation cannot find.

    A coordinator writes down the corrections she reviewed (« Schilick » → Schiltigheim,
    « CDD » → emploi); variants that differ only by case, accents, spaces or punctuation
    are grouped by :func:`~sizeup_helpers.cleaning.harmonise_categories` itself, so the
    samples leave them to it (and the tests then show that it does).
    """
    if "correspondances" not in entry:
        return entry
    kept = {}
    for column, mapping in entry["correspondances"].items():
        pairs = {
            variant: target
            for variant, target in mapping.items()
            if fold_key(variant) != fold_key(target)
        }
        if pairs:
            kept[column] = pairs
    out = {k: v for k, v in entry.items() if k != "correspondances"}
    if kept:
        out["correspondances"] = kept
    return out


def _readme(module: Any, files: list[dict[str, Any]]) -> str:
    lines = [
        f"# {module.NAME}",
        "",
        f"> {FICTIONAL_NOTICE}",
        "",
        INVENTED_FIGURES,
        "",
        module.DESCRIPTION,
        "",
        f"**Type de structure :** {module.TITLE}  ",
        f"**Territoire :** {module.TERRITORY}  ",
        f"**Année des données :** {module.YEAR}",
        "",
        "| fichier | rôle | contenu |",
        "|---|---|---|",
    ]
    lines += [f"| `{f['chemin']}` | {f['role']} | {f.get('description', '')} |" for f in files]
    notes = getattr(module, "NOTES", [])
    if notes:
        lines += ["", "## À savoir", ""]
        for note in notes:
            lines += [note, ""]
        lines.pop()
    lines += [
        "",
        f"La vérité terrain (effets plantés, désordre injecté) est dans `{TRUTH_FILE}`.",
        "",
    ]
    return "\n".join(lines)


@contextlib.contextmanager
def patched(module: Any, changes: dict[str, Any]) -> Iterator[None]:
    """Set a generator's constants for one build, then put the committed ones back (next
    year's files, the synthetic cohort's sizes and messiness)."""
    saved = {name: getattr(module, name) for name in changes}
    try:
        for name, value in changes.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)

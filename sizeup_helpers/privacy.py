"""Personal data (RGPD): identifiers, masking, pseudonyms, age bands, sensitive data, small cells.

Beneficiary files hold direct identifiers (names, e-mails, phone numbers, postal
addresses, social security numbers, dates of birth) and sometimes sensitive data
(health: article 9 of the RGPD; offences and convictions: article 10; social benefits,
which the CNIL and the EDPB count among « données à caractère hautement personnel »
without being article 9 data). This module

- recognises direct identifiers by column name and by content (:func:`detect_identifiers`);
- masks them in every display (:func:`mask_identifiers`, :func:`mask_value`);
- finds e-mails, phone numbers, social security numbers and known people's names written
  inside a text, with one set of patterns (:data:`TEXT_PATTERNS`), and replaces them by a
  marker in step 05's tables (:func:`redact_identifiers`), masks them in displays
  (:func:`mask_in_text`) and reports them in a run's outputs (:func:`scan_for_identifiers`);
- replaces them by keyed pseudonyms (:func:`pseudonymise`, :func:`load_or_create_key`);
- generalises dates of birth to age bands (:func:`age_bands`);
- flags sensitive columns and only shows them aggregated (:func:`detect_sensitive`,
  :func:`aggregate_only`, :func:`check_displayable`);
- protects published tables by small-cell suppression with secondary suppression
  (:func:`suppress_small_cells`).

Nothing here prints, logs or returns a direct identifier or the pseudonymisation key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from .compat import default_text
from .curriculum import KEY_FILE
from .errors import PrivacyError, check_columns
from .french import fold, fold_key
from .survey_exports import system_columns

if TYPE_CHECKING:  # pragma: no cover
    from .workspace import Workspace

__all__ = [
    "IDENTIFIER_COLUMNS",
    "NAME_MIN_LETTERS",
    "PEOPLE_COUNT",
    "POSTCODE_LEVELS",
    "REDACTION_MARKERS",
    "SCAN_LABELS",
    "UNVERIFIED",
    "ReadableText",
    "readable_texts",
    "TEXT_PATTERNS",
    "ROWS_COUNT",
    "TIMESTAMP_PRECISIONS",
    "SENSITIVE_BASIS",
    "SENSITIVE_COLUMNS",
    "PseudonymKey",
    "SuppressedTable",
    "age_bands",
    "aggregate_only",
    "check_choice",
    "check_displayable",
    "coarsen_timestamps",
    "detect_consent",
    "detect_identifiers",
    "detect_sensitive",
    "find_in_text",
    "identifier_kind",
    "identifier_kind_of_value",
    "is_postcode_column",
    "load_or_create_key",
    "mask_identifiers",
    "mask_value",
    "move_old_key",
    "known_names",
    "KnownNames",
    "old_key_path",
    "display_path",
    "nir_is_valid",
    "looks_like_free_text",
    "map_unique",
    "mask_in_text",
    "normalise_for_pseudonym",
    "postcode_departement",
    "pseudonymise",
    "redact_identifiers",
    "redact_text",
    "safe_preview",
    "scan_for_identifiers",
    "suppress_small_cells",
]


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------
def _check_frame(frame: Any, func: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"`{func}` attend un tableau pandas (DataFrame), pas un objet de type "
            f"{type(frame).__name__}."
        )


def _sample_text(series: pd.Series, size: int) -> pd.Series:
    """Up to ``size`` non-empty values of ``series`` as stripped text (deterministic)."""
    values = series.dropna()
    if len(values) > size:
        values = values.iloc[np.linspace(0, len(values) - 1, size).astype(int)]
    text = values.astype(str).str.strip()
    return text[text != ""]


# --------------------------------------------------------------------------------------
# Recognising direct identifiers
# --------------------------------------------------------------------------------------
#: The kinds of direct identifiers recognised, with their French label.
IDENTIFIER_COLUMNS: dict[str, str] = {
    "email": "adresse e-mail",
    "telephone": "numéro de téléphone",
    "nir": "numéro de sécurité sociale (NIR)",
    "nom": "nom",
    "prenom": "prénom",
    "nom_complet": "prénom et nom",
    "adresse": "adresse postale",
    "date_naissance": "date de naissance",
    # a survey platform's device or account column (deviceid, username…): survey_exports
    "appareil": "identifiant d'appareil ou de compte",
}

_HEADER_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(^|_)(e_?mail|courriel|mel|mail|adresse_electronique)(_|$)")),
    ("telephone", re.compile(r"(^|_)(tel|telephone|portable|mobile|phone|gsm|fixe)(_|$)")),
    ("nir", re.compile(r"(^|_)(nir|nss|secu|securite_sociale|numero_ss|n_ss)(_|$)")),
    # "naissance" as a word (not "connaissance"), but not a place of birth ("pays_naissance")
    (
        "date_naissance",
        re.compile(
            r"((?<!pays_)(?<!lieu_)(?<!ville_)(?<!commune_)(?<![a-z])naissance|datenaissance|(^|_)ddn(_|$)|"
            r"(^|_)dob(_|$)|birth|(^|_)ne_le(_|$)|(^|_)nee?_le(_|$))"
        ),
    ),
    (
        "nom_complet",
        re.compile(
            r"(^|_)(nom_prenom|prenom_nom|nom_complet|full_name|"
            r"identite|nom_et_prenom|prenom_et_nom)(_|$)"
        ),
    ),
    ("prenom", re.compile(r"(^|_)(prenom|prenoms|first_name|firstname|given_name)(_|$)")),
    (
        "nom",
        re.compile(
            r"(^|_)(nom|noms|nom_de_famille|nom_d_usage|nom_usage|nom_naissance|"
            r"last_name|lastname|surname|name)(_|$)"
        ),
    ),
    ("adresse", re.compile(r"(^|_)(adresse|adresse_postale|rue|voie|address|domicile)(_|$)")),
]
# words that make a "nom" header something else (a structure's or a town's name)
_NOT_A_PERSON = re.compile(
    r"(structure|commune|ville|entreprise|employeur|etablissement|"
    r"ecole|college|lycee|collectif|produit|article|fichier|feuille|"
    r"formation|atelier|projet|partenaire|organisme|association|"
    r"financeur|site|lieu|service|poste|metier|installation)"
)

_EMAIL_RE = r"^[A-Za-z0-9._%+'\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$"
_PHONE_RE = r"^(?:(?:\+|00)33\s?(?:\(0\)\s?)?|0)\s?[1-9](?:[\s.\-]?\d{2}){4}$"
_NIR_RE = (
    r"^([12378])\s?(\d{2})\s?(\d{2})\s?(\d{2}|2[AaBb])\s?(\d{3})\s?(\d{3})"
    r"\s?(\d{2})$"
)
_ADDRESS_RE = (
    r"(?i)^\s*\d{1,4}\s*(?:bis|ter|b|t)?\s*,?\s+(?:rue|avenue|av\.?|bd|boulevard|"
    r"chemin|ch\.?|all[ée]e|impasse|imp\.?|place|pl\.?|route|rte|quai|cours|"
    r"lotissement|lot\.?|lieu[- ]dit|r[ée]sidence|square|sentier|voie|hameau|"
    r"faubourg|cit[ée]|mont[ée]e|passage|esplanade|promenade|rond[- ]point)\b"
)
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þa-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+"
_FULL_NAME_RE = rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}$"
_SINGLE_NAME_RE = rf"^{_NAME_TOKEN}(?:[\s\-]{_NAME_TOKEN})?$"

# Common French first names (INSEE birth registers, most given since 1940), folded.
#: Common French first names (folded): a word among them in free text is masked.
FIRST_NAMES = frozenset(
    """
adam adele adrien agathe agnes alain alban albert alexandra alexandre alexis alice alicia
aline alix amandine amelie ana anais andre andrea angelique anne annie anthony antoine
antonin arnaud arthur aurelie aurelien axel baptiste barbara beatrice benjamin benoit
bernadette bernard bertrand brigitte bruno camille carla caroline catherine cecile celine
chantal charles charlotte chloe christian christine christophe claire clara claude
clement clemence colette corinne cyril damien daniel danielle david delphine denis
denise didier dominique dylan eden edouard eleonore elise elodie eloise elsa emilie
emma emmanuel emmanuelle enzo eric estelle ethan etienne eva fabien fabrice fanny
fatima florence florian francis francois francoise frederic gabriel gael gaelle
genevieve georges gerard gilbert gilles ginette guillaume guy helene henri herve hugo
ines isabelle jacqueline jacques jade jean jeanne jeannine jerome jessica joel jordan
joseph josette josiane julie julien juliette justine karim karine kevin laetitia laura
laurence laurent lea lea leo leon leonie line lina lisa loic lola louis louise luc lucas
lucie lucienne ludovic lydie madeleine maelle manon marc marcel margaux margot marie
marine marion martine mathieu mathilde mathis matheo maurice maxime mehdi melanie
michel michele mickael mohamed monique morgane mylene nadia nadine nathalie nathan
nicolas nicole noah noemie oceane odette olivier pascal pascale patricia patrick paul
paulette pauline philippe pierre quentin rachel raphael raymond regine remi renee
richard robert roger romain roxane sabrina samuel sandra sandrine sarah sebastien
serge simone solange sonia sophie stephane stephanie suzanne sylvain sylvie theo
therese thierry thomas timothee tom valentin valerie vanessa veronique victor
victoria vincent virginie xavier yann yannick yasmine yves yvette yvonne zoe ahmed
ali amine bilal fatou aminata moussa ibrahim youssef sofia rayan nour ines myriam
""".split()
)


def nir_is_valid(nir: str) -> bool:
    """Whether ``nir`` is a well-formed French social security number with a valid key.

    The key is ``97 - (number mod 97)``, Corsican departments 2A and 2B counting as 19
    and 18.

    >>> nir_is_valid("1 85 05 78 006 084 91")
    True
    >>> nir_is_valid("1 85 05 78 006 084 92")
    False
    >>> nir_is_valid("2 90 02 2A 123 456 13")
    False
    """
    m = re.match(_NIR_RE, str(nir).strip())
    if not m:
        return False
    digits = "".join(m.groups()[:6]).upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97 == int(m.group(7))


def _nir_valid_series(text: pd.Series) -> pd.Series:
    """Vectorised :func:`nir_is_valid` over a text Series (boolean Series)."""
    parts = text.str.extract(_NIR_RE)
    ok = parts[0].notna()
    if not ok.any():
        return ok
    p = parts[ok]
    body = p[0] + p[1] + p[2] + p[3].str.upper().replace({"2A": "19", "2B": "18"}) + p[4] + p[5]
    number = body.map(int)  # 13 digits: beyond float precision, so exact Python ints
    key = p[6].astype(int)
    valid = (97 - number % 97) == key
    out = pd.Series(False, index=text.index)
    out[valid.index[valid.to_numpy(bool)]] = True
    return out


def identifier_kind(name: Any) -> str | None:
    """The identifier kind suggested by a column name alone (``None`` if none).

    >>> identifier_kind("Date de naissance"), identifier_kind("Nom de la commune")
    ('date_naissance', None)
    """
    folded = fold_key(name, sep="_")
    if _NOT_A_PERSON.search(folded):
        return None
    for kind, pattern in _HEADER_PATTERNS:
        if pattern.search(folded):
            return kind
    return None


def identifier_kind_of_value(value: Any) -> str | None:
    """The identifier kind one value looks like (e-mail, phone, NIR), or ``None``.

    Used as a last safety net before a value is shown as an example.

    >>> identifier_kind_of_value("06.12.34.56.78"), identifier_kind_of_value("Lyon")
    ('telephone', None)
    """
    text = str(value).strip()
    for kind, pattern in TEXT_PATTERNS.items():
        if pattern.fullmatch(text) and (kind != "nir" or nir_is_valid(text)):
            return kind
    return None


def _content_kind(text: pd.Series) -> tuple[str | None, float]:
    """The identifier kind the values look like, and the share of values that match.

    ``text`` holds at most a sample of non-empty values (:func:`_sample_text`): the checks
    run in plain Python over that list, much faster than pandas' string methods on a few
    hundred values (this runs for every text column of every file read).
    """
    values = [str(v) for v in text.tolist()]
    if not values:
        return None, 0.0
    n = len(values)
    checks = (
        ("email", _EMAIL.match),
        ("telephone", _PHONE.match),
        ("nir", _nir_match),
        ("adresse", _ADDRESS.search),
    )
    for kind, test in checks:
        share = sum(1 for v in values if test(v)) / n
        if share >= 0.5:
            return kind, share
    # dates of birth: day-precise dates, years of adults and children spread over decades
    years = [int(m.group(1) or m.group(2)) for m in map(_DATE_YEAR.match, values) if m]
    if len(years) / n >= 0.8:
        this_year = pd.Timestamp.today().year
        plausible = sum(1 for y in years if 1920 <= y <= this_year - 14) / n
        spread = np.quantile(years, 0.9) - np.quantile(years, 0.1)
        if plausible >= 0.9 and spread >= 15:
            return "date_naissance", plausible
    distinct = len(set(values))
    # names: "Prénom Nom" whose first or last token is a known first name
    full = [v for v in values if _FULL_NAME.match(v)]
    if len(full) / n >= 0.7:
        tokens = [[fold_key(t, sep="_") for t in re.split(r"[\s]+", v)] for v in full]
        share = sum(1 for t in tokens if t[0] in FIRST_NAMES or t[-1] in FIRST_NAMES) / n
        if share >= 0.3 and distinct >= 0.3 * n:
            return "nom_complet", share
    single = [v for v in values if _SINGLE_NAME.match(v)]
    if len(single) / n >= 0.8:
        share = sum(1 for v in single if fold_key(v, sep="_").split("_")[0] in FIRST_NAMES) / n
        if share >= 0.5 and distinct >= 5:
            return "prenom", share
    return None, 0.0


_EMAIL = re.compile(_EMAIL_RE)
_PHONE = re.compile(_PHONE_RE)
_NIR = re.compile(_NIR_RE)
_ADDRESS = re.compile(_ADDRESS_RE)
_FULL_NAME = re.compile(_FULL_NAME_RE)
_SINGLE_NAME = re.compile(_SINGLE_NAME_RE)
_DATE_YEAR = re.compile(
    r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})|(\d{4})-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$"
)


def _nir_match(value: str) -> bool:
    """Whether ``value`` is a NIR with a valid key (as :func:`_nir_valid_series`)."""
    m = _NIR.match(value)
    if m is None:
        return False
    department = {"2A": "19", "2B": "18"}.get(m.group(4).upper(), m.group(4))
    body = m.group(1) + m.group(2) + m.group(3) + department + m.group(5) + m.group(6)
    return 97 - int(body) % 97 == int(m.group(7))


def detect_identifiers(frame: pd.DataFrame, *, sample_size: int = 1000) -> pd.DataFrame:
    """Find the columns of ``frame`` that hold direct identifiers.

    A column is recognised by its name (``e-mail``, ``Tél.``, ``Nom``, ``Date de
    naissance``…) and by its content (e-mail addresses, French phone numbers including
    ``+33`` forms, NIR with a valid key, "Prénom Nom" values or first names, postal
    addresses, dates whose years look like births: at least 90 % between 1920 and 14
    years ago, spread over 15 years or more). Only a sample of the values is read, so it
    is fast on big frames.

    Parameters
    ----------
    frame
        Any frame (text columns as read, or typed columns).
    sample_size
        Number of non-empty values read per column for the content checks.

    Returns
    -------
    pandas.DataFrame
        One row per identifier column, with columns ``colonne`` (the column's name),
        ``type`` (a key of :data:`IDENTIFIER_COLUMNS`), ``libelle`` (its French label),
        ``detecte_par`` (``"nom de colonne"``, ``"contenu"`` or ``"nom et contenu"``) and
        ``part_reconnue`` (share of sampled values whose content matches, 0 when
        recognised by name only). Missing values: empty cells are ignored.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Courriel": ["a.b@exemple.fr"], "contact": ["06 12 34 56 78"],
    ...                    "ville": ["Lyon"]})
    >>> detect_identifiers(df)[["colonne", "type", "detecte_par"]]
        colonne       type     detecte_par
    0  Courriel      email  nom et contenu
    1   contact  telephone         contenu
    """
    _check_frame(frame, "detect_identifiers")
    rows = []
    system = system_columns(frame.columns)  # a survey platform's export (survey_exports)
    for column in frame.columns:
        known = system.get(column)
        if known is not None and (
            known.identifier is None or not frame[column].notna().to_numpy().any()
        ):
            continue  # the platform's row key, timestamp or metadata, or an empty column
        by_name = known.identifier if known is not None else identifier_kind(column)
        series = frame[column]
        if isinstance(series, pd.DataFrame):  # duplicated column names
            series = series.iloc[:, 0]
        by_content, share = (None, 0.0)
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            by_content, share = _content_kind(_sample_text(series, sample_size))
        if by_name is None and by_content is None:
            continue
        if by_name and by_content:
            kind = (
                by_content
                if by_name in ("nom", "prenom") and by_content == "nom_complet"
                else by_name
            )
            how = "nom et contenu"
        elif by_name:
            kind, how = by_name, "nom de colonne"
        else:
            kind, how = by_content, "contenu"
        rows.append(
            {
                "colonne": column,
                "type": kind,
                "libelle": IDENTIFIER_COLUMNS[kind],
                "detecte_par": how,
                "part_reconnue": round(share, 3),
            }
        )
    return pd.DataFrame(
        rows, columns=["colonne", "type", "libelle", "detecte_par", "part_reconnue"]
    )


# --------------------------------------------------------------------------------------
# Masking for displays
# --------------------------------------------------------------------------------------
_DOT = "•"


def mask_value(value: Any, kind: str) -> Any:
    """Mask one identifier ``value`` of the given ``kind`` for display.

    Missing values stay missing. The mask keeps just enough to recognise a row while
    working (an initial, the last two digits), never enough to identify a person.

    >>> mask_value("jean.dupont@gmail.fr", "email")
    'j***@g***.fr'
    >>> mask_value("+33 6 12 34 56 78", "telephone")
    '06 •• •• •• 78'
    >>> mask_value("Jean-Marie Le Gall", "nom_complet")
    'J.-M. L. G.'
    >>> mask_value("1985-03-05", "date_naissance")
    '••/••/1985'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    text = str(value).strip()
    if not text:
        return text
    if kind == "email":
        local, _, domain = text.partition("@")
        name, dot, tld = domain.rpartition(".")
        if not dot:
            name, tld = domain, ""
        return f"{local[:1]}***@{name[:1]}***" + (f".{tld}" if tld else "")
    if kind == "telephone":
        digits = re.sub(r"\D", "", text)
        if digits.startswith("0033"):
            digits = "0" + digits[4:]
        elif digits.startswith("33") and len(digits) >= 11:
            digits = "0" + digits[2:]
        if digits.startswith("00"):
            digits = digits[1:]
        if len(digits) == 11 and digits[1] == "0":  # +33 (0)6…
            digits = digits[0] + digits[2:]
        if len(digits) < 4:
            return _DOT * 2
        return f"{digits[:2]} {_DOT * 2} {_DOT * 2} {_DOT * 2} {digits[-2:]}"
    if kind == "nir":
        return f"{_DOT} {_DOT * 2} {_DOT * 2} {_DOT * 2} {_DOT * 3} {_DOT * 3} {_DOT * 2}"
    if kind in ("nom", "prenom", "nom_complet"):
        tokens = [t for t in re.split(r"\s+", text) if t]
        return " ".join("-".join(f"{p[0].upper()}." for p in t.split("-") if p) for t in tokens)
    if kind == "adresse":
        return "(adresse masquée)"
    if kind == "date_naissance":
        if isinstance(value, pd.Timestamp | np.datetime64):
            return f"••/••/{pd.Timestamp(value).year}"
        years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
        return f"••/••/{years[0]}" if years else "••/••/••••"
    if kind == "appareil":
        return "(identifiant masqué)"
    raise ValueError(
        f"Type d'identifiant inconnu « {kind} » : types possibles {', '.join(IDENTIFIER_COLUMNS)}."
    )


def mask_identifiers(
    frame: pd.DataFrame, *, identifiers: pd.DataFrame | dict | None = None, sample_size: int = 1000
) -> pd.DataFrame:
    """Return a copy of ``frame`` whose identifier columns are masked, for display.

    Everything a notebook displays goes through this function: a frame without
    identifiers comes back unchanged (as a copy).

    Parameters
    ----------
    frame
        The frame to display.
    identifiers
        The output of :func:`detect_identifiers`, or a ``{column: kind}`` dict; detected
        when ``None``.
    sample_size
        Passed to :func:`detect_identifiers`.

    Returns
    -------
    pandas.DataFrame
        A new frame; masked columns become text columns (missing values kept).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Nom": ["Dupont", "Martin"], "Tél": ["0612345678", None],
    ...                    "âge": [34, 51]})
    >>> mask_identifiers(df)
       Nom             Tél  âge
    0   D.  06 •• •• •• 78   34
    1   M.             NaN   51
    """
    _check_frame(frame, "mask_identifiers")
    if identifiers is None:
        identifiers = detect_identifiers(frame, sample_size=sample_size)
    if isinstance(identifiers, pd.DataFrame):
        kinds = dict(zip(identifiers["colonne"], identifiers["type"], strict=True))
    elif isinstance(identifiers, dict):
        kinds = dict(identifiers)
    else:
        raise TypeError(
            "`identifiers` doit être un tableau (résultat de detect_identifiers) "
            f"ou un dictionnaire, pas {type(identifiers).__name__}."
        )
    check_columns(frame, list(kinds), "mask_identifiers")
    out = frame.copy()
    for column, kind in kinds.items():
        out[column] = map_unique(frame[column], lambda v, k=kind: mask_value(v, k))
    return out


def map_unique(series: pd.Series, func: Any) -> pd.Series:
    """Apply ``func`` to each distinct value of ``series`` once (missing values kept).

    The result is an ``object`` Series with the index and name of ``series``: masking or
    hashing a million rows costs as many calls as distinct values.

    >>> map_unique(pd.Series(["a", None, "a"]), str.upper).tolist()
    ['A', nan, 'A']
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(v) for v in uniques], dtype=object)
    values = np.empty(len(series), dtype=object)
    values[:] = np.nan
    present = codes >= 0
    values[present] = mapped[codes[present]]
    return pd.Series(values, index=series.index, name=series.name)


# --------------------------------------------------------------------------------------
# Identifiers inside a text: one set of patterns for the cleaning, the displays, the scan
# --------------------------------------------------------------------------------------
# An identifier stands alone: not inside a word, a base64 run, a path, a decimal number,
# a time (14:02:06) or a hexadecimal key (UUID); so dates, times, amounts, UUIDs and the
# digits of a pseudonym or a hash are never taken for one.
_ALONE_BEFORE = r"(?<![\w+/=@])(?<!\d[.,:])(?<![0-9A-Fa-f]-)"
_ALONE_AFTER = r"(?![\w/+=@])(?![.,:]\d)(?!-[0-9A-Fa-f])"

#: The identifiers searched inside any text (a cell, a journal, an executed notebook),
#: by kind (keys of :data:`IDENTIFIER_COLUMNS`): e-mail addresses; French phone numbers
#: as people write them (``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78``,
#: ``0612345678``, ``+33 6 12 34 56 78``, ``+33612345678``, ``0033 6…``,
#: ``+33 (0)6…``); social security numbers (NIR, 15 characters, spaces allowed; a match
#: counts only when its key is valid, :func:`nir_is_valid`). Used by
#: :func:`redact_identifiers` (step 05), :func:`mask_in_text` (displays) and
#: :func:`scan_for_identifiers` (the check of a run's outputs).
# the identifiers themselves, without the context that makes them stand alone: the scan
# of a run's outputs looks for these first (a fast search), then checks the whole pattern
_PHONE_CORE = r"(?:(?:\+|00)\s?33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}"
_NIR_CORE = r"[12378]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AaBb])\s?\d{3}\s?\d{3}\s?\d{2}"
_EMAIL_LOCAL = r"[\w.+'%-]"
TEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(
        rf"(?<!{_EMAIL_LOCAL}){_EMAIL_LOCAL}+@(?:[\w-]+\.)+[A-Za-z]{{2,}}(?![\w-])"
    ),
    "telephone": re.compile(_ALONE_BEFORE + _PHONE_CORE + _ALONE_AFTER),
    "nir": re.compile(_ALONE_BEFORE + _NIR_CORE + _ALONE_AFTER),
}
# in free text only: a postal address (number and street word) — what the scan leaves out
_ADDRESS_IN_TEXT = re.compile(
    r"(?i)(?<![\w/])\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|bd|boulevard|chemin|"
    r"all[ée]e|impasse|place|route|quai|cours|lotissement|r[ée]sidence|square|hameau)\b"
    r"(?:\s+[\w'’\-]+){1,4}"
)
#: What replaces an identifier found inside a text, by kind (step 05's clean tables).
REDACTION_MARKERS: dict[str, str] = {
    "email": "[courriel retiré]",
    "telephone": "[téléphone retiré]",
    "nir": "[NIR retiré]",
    "nom": "[nom retiré]",
    "adresse": "[adresse retirée]",
}
# a word (letters only) or a marker already put in (left as it is)
_WORD_OR_MARKER = re.compile(r"\[[^\[\]]{1,30}\]|[^\W\d_]+")
_NAME_RUN = re.compile(r"\[nom retiré\](?:[\s\-]+\[nom retiré\])+")
#: Shortest name (letters) looked for in texts: shorter ones are mostly ordinary words.
NAME_MIN_LETTERS = 3
# words of a people column's value that say it names an organisation, not a person
# (a register of members lists « Mairie de Séreilhac » or « Imprimerie Perrin » too)
_ORGANISATION_WORDS = frozenset(
    """
agence amap amicale association asso atelier banque bar biocoop boucherie boulangerie
cabinet cafe caf caisse camping ccas centre cias club college collectif comite commune
communaute cooperative cpam departement earl ecole ecoles eglise entreprise epicerie epci
etablissement eurl federation ferme fondation foyer fromagerie gaec garage gite groupe
hopital hotel imprimerie librairie lycee mairie maison menuiserie mutuelle office
paroisse patrimoine pharmacie region residence restaurant sa sarl sas sasu sauvegarde sci
scic scop societe sou syndicat transports universite ville
""".split()
)
# ordinary words of three letters or more found in people columns (compound names, civil
# titles, a sheet's footer « Signature du formateur : »)
_ORDINARY_WORDS = frozenset(
    """
animateur animatrice anonyme aux avec chez dans des epouse formateur formatrice inconnu
inconnue les madame mademoiselle mlle mme monsieur nee par pour sans ses signature sous sur
test total une veuve
""".split()
)


@dataclass(frozen=True)
class KnownNames:
    """The people's names a workspace knows, as redaction looks for them in texts.

    ``words`` are the folded words (lower case, no accents, :data:`NAME_MIN_LETTERS`
    letters or more) of every person's first and last names; ``pairs`` the pairs of
    words of one person (« camille », « martin »). Build it with :func:`known_names`.
    """

    words: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()

    def __or__(self, other: KnownNames) -> KnownNames:
        return KnownNames(self.words | other.words, self.pairs | other.pairs)

    def __len__(self) -> int:
        return len(self.words)


def known_names(values: Iterable[Any]) -> KnownNames:
    """The names of people, one value a person (« Camille Martin », or a last name alone).

    Values naming an organisation (« Mairie de Séreilhac », « Imprimerie Perrin ») or
    holding digits or a colon (a total, a footer) are left out, and so are words shorter
    than :data:`NAME_MIN_LETTERS` letters and ordinary words (« Madame », « née »).

    >>> names = known_names(["Éloïse Le Gall", "N'Diaye", "Mairie de Bellac", None])
    >>> sorted(names.words), sorted(names.pairs)
    (['diaye', 'eloise', 'gall'], [('eloise', 'gall'), ('gall', 'eloise')])
    """
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        text = str(value)
        folded = [fold(w) for w in re.findall(r"[^\W\d_]+", text)]
        if any(w in _ORGANISATION_WORDS for w in folded) or re.search(r"[\d:]", text):
            continue
        mine = {w for w in folded if len(w) >= NAME_MIN_LETTERS and w not in _ORDINARY_WORDS}
        words |= mine
        pairs |= {(a, b) for a in mine for b in mine if a != b}
    return KnownNames(frozenset(words), frozenset(pairs))


def _name_spans(text: str, names: KnownNames, free_text: bool) -> list[tuple[int, int]]:
    """Where the names are in ``text``.

    In free text, every known name word (and a capitalised common first name); in a short
    text (a category, a label), words of one known person found together (« Camille
    Martin », « MARTIN Camille ») and a capitalised known name that is not a common first
    name standing as a word of its own (« voir avec Kermarrec »), so a town or a shop that
    shares one word with a person's name (« Saint-Martin », « Aixe-sur-Vienne ») and a
    category that holds a first name or a surname as an ordinary word (« Camille »,
    « pull blanc ») keep it.
    """
    words = [m for m in _WORD_OR_MARKER.finditer(text) if not m.group(0).startswith("[")]
    folded = [fold(m.group(0)) for m in words]
    known = [i for i, w in enumerate(folded) if w in names.words]
    if free_text:
        hit = set(known)
        hit |= {
            i
            for i, m in enumerate(words)
            if m.group(0)[:1].isupper() and m.group(0)[1:].islower() and folded[i] in FIRST_NAMES
        }
    else:
        hit = {i for i in known for j in known if (folded[i], folded[j]) in names.pairs}
        hit |= {
            i
            for i in known
            if folded[i] not in FIRST_NAMES
            and words[i].group(0)[:1].isupper()
            and _whole_word(text, *words[i].span())
        }
    return [words[i].span() for i in sorted(hit)]


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of its own, not part of a compound joined by a
    hyphen or an apostrophe (« Saint-Benoît », « l'Aubépine »)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before not in "-'’" and after not in "-'’"


def find_in_text(text: str) -> list[tuple[str, str]]:
    """Every e-mail address, phone number and NIR (valid key) standing alone in ``text``.

    Returns ``(kind, value)`` pairs in the order of :data:`TEXT_PATTERNS`; the values are
    identifiers: mask them (:func:`mask_value`) before showing them.

    >>> [kind for kind, _ in find_in_text("Tél. 06 12 34 56 78, le 2022-05-26 14:02:06")]
    ['telephone']
    """
    found = []
    for kind in TEXT_PATTERNS:
        for match in _matches(kind, text):
            if kind != "nir" or nir_is_valid(match.group(0)):
                found.append((kind, match.group(0)))
    return found


def redact_text(
    text: str,
    *,
    names: KnownNames | None = None,
    free_text: bool = False,
    marker: str | None = None,
) -> tuple[str, dict[str, int]]:
    """``text`` with the identifiers inside it replaced, and how many of each kind.

    E-mail addresses, phone numbers and NIR (:data:`TEXT_PATTERNS`) become
    « [courriel retiré] », « [téléphone retiré] », « [NIR retiré] »
    (:data:`REDACTION_MARKERS`). The people's ``names`` (:func:`known_names`) become
    « [nom retiré] », whole words only, whatever their case and accents: in free text
    (``free_text``) every known name word, with postal addresses and capitalised common
    first names (:data:`FIRST_NAMES`); in a short text, the words of one known person found
    together, and a capitalised known name that is not a common first name standing as a
    word of its own. ``marker`` replaces every kind by the same text (« (masqué) » for displays).

    >>> names = known_names(["Léa Blanc"])
    >>> redact_text("Rappeler Léa BLANC au +33 6 12 34 56 78", names=names)
    ('Rappeler [nom retiré] au [téléphone retiré]', {'telephone': 1, 'nom': 1})
    >>> redact_text("Pull blanc, Blanchet", names=names, free_text=True)[0]
    'Pull [nom retiré], Blanchet'
    >>> redact_text("Pull blanc", names=names)[0]  # a short text: one word is not a person
    'Pull blanc'
    """
    counts: dict[str, int] = {}

    def replace(kind: str) -> Any:
        def one(match: re.Match[str]) -> str:
            if kind == "nir" and not nir_is_valid(match.group(0)):
                return match.group(0)
            counts[kind] = counts.get(kind, 0) + 1
            return marker or REDACTION_MARKERS[kind]

        return one

    for kind, pattern in TEXT_PATTERNS.items():
        text = pattern.sub(replace(kind), text)
    if free_text:
        text = _ADDRESS_IN_TEXT.sub(replace("adresse"), text)
    spans = _name_spans(text, names or KnownNames(), free_text) if names or free_text else []
    if spans:
        nom = REDACTION_MARKERS["nom"]
        before = text.count(nom)
        for start, end in reversed(spans):
            text = text[:start] + nom + text[end:]
        text = _NAME_RUN.sub(nom, text)  # « Camille Martin »: one name
        counts["nom"] = text.count(nom) - before
        if marker is not None:
            text = text.replace(nom, marker)
    return text, counts


def redact_identifiers(
    series: pd.Series,
    *,
    names: KnownNames | None = None,
    free_text: bool | None = None,
) -> tuple[pd.Series, dict[str, int]]:
    """A text column with the identifiers inside its values replaced by a marker.

    What step 05 does to every text column of a table, free text and categories alike,
    before anything is proposed or saved (CNIL, « guide de la sécurité des données
    personnelles », fiche « pseudonymiser » ; RGPD article 5.1.c, minimisation, and article
    25, protection des données dès la conception): e-mail addresses, French phone numbers,
    NIR with a valid key and the people's names known to the workspace, see
    :func:`redact_text`.

    Parameters
    ----------
    series
        A column; values that are not text (numbers, dates, missing) are left as they are.
    names
        The people's names to replace (:func:`known_names` of the people's name columns).
    free_text
        Whether the column is free text (see :func:`redact_text`); ``None``: when its
        values read as sentences (:func:`looks_like_free_text`) and most of them differ (a
        label repeated on many rows is a category).

    Returns
    -------
    (pandas.Series, dict)
        The new column (same index, name and dtype) and ``{kind: cells}``: how many cells
        had at least one identifier of that kind replaced (kinds of
        :data:`REDACTION_MARKERS`).

    Examples
    --------
    >>> s = pd.Series(["rappeler au 06 12 34 56 78", "écrire à c.martin@exemple.fr", None])
    >>> out, counts = redact_identifiers(s)
    >>> out.tolist()
    ['rappeler au [téléphone retiré]', 'écrire à [courriel retiré]', nan]
    >>> counts
    {'email': 1, 'telephone': 1}
    """
    is_category = isinstance(series.dtype, pd.CategoricalDtype)
    if not (is_category or series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
        return series, {}
    values = series.astype(object) if is_category else series
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return series, {}
    if free_text is None:
        sample = [str(v) for v in uniques[:500]]
        free_text = looks_like_free_text(sample) and 2 * len(uniques) > int((codes >= 0).sum())
    cells = np.bincount(codes[codes >= 0], minlength=len(uniques))
    counts: dict[str, int] = {}
    mapped = np.empty(len(uniques), dtype=object)
    changed = False
    for i, value in enumerate(uniques):
        if not isinstance(value, str):
            mapped[i] = value
            continue
        new, found = redact_text(value, names=names, free_text=free_text)
        mapped[i] = new
        if found:
            changed = True
            for kind in found:
                counts[kind] = counts.get(kind, 0) + int(cells[i])
    if not changed:
        return series, {}
    out = np.empty(len(series), dtype=object)
    out[:] = np.nan
    present = codes >= 0
    out[present] = mapped[codes[present]]
    result = pd.Series(out, index=series.index, name=series.name)
    if is_category:
        result = result.astype("category")
    elif series.dtype != object:
        result = result.astype(series.dtype)
    return result, {k: counts[k] for k in REDACTION_MARKERS if k in counts}


_MASKED = "(masqué)"
#: Median length (characters) above which a column's values read as free text.
FREE_TEXT_LENGTH = 25


def mask_in_text(text: str) -> str:
    """``text`` with any e-mail address, phone number or NIR inside it masked.

    The last safety net before a value, a column name or an example is shown; the same
    patterns as the cleaning and the scan (:data:`TEXT_PATTERNS`).

    >>> mask_in_text("Rappeler Léa au 06 12 34 56 78 ou lea@exemple.fr")
    'Rappeler Léa au (masqué) ou (masqué)'
    """
    return redact_text(text, marker=_MASKED)[0]


def looks_like_free_text(values: Sequence[str]) -> bool:
    """Whether values are sentences rather than codes: median length over 25 characters.

    Free text may hide a name, a phone number or an address: it is never shown row by row.

    >>> looks_like_free_text(["Lyon", "Bron"])
    False
    >>> looks_like_free_text(["A rappelé lundi, très motivée pour la suite"])
    True
    """
    lengths = sorted(len(t) for t in list(values)[:500])
    return bool(lengths) and lengths[len(lengths) // 2] > FREE_TEXT_LENGTH


def safe_preview(frame: Any, *, rows: int = 5) -> pd.DataFrame:
    """The first ``rows`` rows of a table, safe to display: the one preview of the package.

    Direct identifiers are masked (:func:`mask_identifiers`, recognised on the whole
    table), sensitive columns and free text are replaced by a note (they may only be shown
    aggregated, and free text may hide a name), any e-mail address, phone number or social
    security number left in another cell or in a column name is masked
    (:func:`mask_in_text`).

    Parameters
    ----------
    frame
        A table as read (:func:`~sizeup_helpers.io.read_export`) or cleaned; or a cleaned
        table of step 05 (an object with ``data`` and ``sensitive``, such as
        :class:`~sizeup_helpers.clean_workspace.TableCleaning`), whose columns flagged
        sensitive when it was cleaned are hidden too.
    rows
        How many rows to show (from the top).

    Returns
    -------
    pandas.DataFrame
        A new frame of at most ``rows`` rows (``object`` columns).

    Examples
    --------
    >>> df = pd.DataFrame({"Nom": ["Dupont"], "RQTH": ["oui"], "ville": ["Lyon"],
    ...                    "note": ["Appeler le 06 12 34 56 78 après 18 h, demander Léa"]})
    >>> safe_preview(df).iloc[0].tolist()
    ['D.', '(donnée sensible)', 'Lyon', '(texte libre)']
    """
    flagged: set[str] = set()
    data = getattr(frame, "data", None)
    if not isinstance(frame, pd.DataFrame) and isinstance(data, pd.DataFrame):
        flagged, frame = set(getattr(frame, "sensitive", ()) or ()), data
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"`safe_preview` attend un tableau pandas (DataFrame), pas {type(frame).__name__}."
        )
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise ValueError(f"`rows` doit être un nombre entier positif ou nul, pas {rows!r}.")
    whole = frame.copy(deep=False)
    whole.attrs = {}
    ids = detect_identifiers(whole)
    sensitive = set(detect_sensitive(whole)["colonne"]) | flagged
    head = whole.head(rows).astype(object)
    kinds = {c: k for c, k in zip(ids["colonne"], ids["type"], strict=True) if c not in sensitive}
    out = mask_identifiers(head, identifiers=kinds) if kinds else head.copy()
    for column in out.columns:
        if column in sensitive:
            out[column] = "(donnée sensible)"
        elif column not in kinds:
            values = [str(v) for v in whole[column].dropna().unique()[:500]]
            if values and looks_like_free_text(values):
                out[column] = "(texte libre)"
            else:
                out[column] = out[column].map(
                    lambda v: v if not isinstance(v, str) else mask_in_text(v)
                )
    out.columns = [mask_in_text(str(c)) for c in out.columns]
    return out


# --------------------------------------------------------------------------------------
# Pseudonyms
# --------------------------------------------------------------------------------------
class PseudonymKey:
    """The secret key of keyed pseudonyms; its text form never shows the secret.

    >>> PseudonymKey(b"0" * 32)
    PseudonymKey(••••)
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes | bytearray):
            raise TypeError(
                "La clé de pseudonymisation doit être une suite d'octets (bytes), "
                f"pas {type(secret).__name__}."
            )
        if len(secret) < 16:
            raise ValueError(
                "La clé de pseudonymisation est trop courte : il faut au moins "
                "16 octets (utilisez load_or_create_key)."
            )
        self._secret = bytes(secret)

    def __repr__(self) -> str:
        return "PseudonymKey(••••)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PseudonymKey) and hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(hashlib.sha256(self._secret).digest())

    def __reduce__(self):  # never pickled into a notebook or a cache
        raise TypeError(
            "La clé de pseudonymisation ne peut pas être enregistrée ailleurs "
            "que dans l'espace de travail."
        )

    def digest(self, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under this key, in hexadecimal."""
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def _as_key(key: Any) -> PseudonymKey:
    if isinstance(key, PseudonymKey):
        return key
    if isinstance(key, bytes | bytearray):
        return PseudonymKey(bytes(key))
    raise TypeError(
        "`key` doit être la clé donnée par load_or_create_key (ou des octets), "
        f"pas {type(key).__name__}."
    )


def normalise_for_pseudonym(value: Any) -> str:
    """The form of a value that is hashed: case, accents and spaces folded, dates in ISO.

    Two spellings of one identifier (``"DUPONT "``, ``"dupont"``) get one pseudonym.

    >>> normalise_for_pseudonym("  Élodie   DUPONT ")
    'elodie dupont'
    >>> normalise_for_pseudonym(pd.Timestamp("2001-02-03"))
    '2001-02-03'
    """
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    return re.sub(r"\s+", " ", fold(str(value).strip()))


def pseudonymise(
    frame: pd.DataFrame,
    columns: str | Sequence[str],
    key: Any,
    *,
    prefix: str = "P-",
    length: int = 12,
    normalise: bool = True,
) -> pd.DataFrame:
    """Replace the values of ``columns`` by keyed pseudonyms (HMAC-SHA256).

    The same value under the same key always gives the same pseudonym (so tables stay
    linkable year after year); under another key it gives another one; without the key
    nobody can recompute it from a guess (unlike a plain hash).

    Parameters
    ----------
    frame
        The table.
    columns
        Column(s) whose values are replaced (each column on its own).
    key
        The key from :func:`load_or_create_key` (or at least 16 bytes).
    prefix
        Put before the hexadecimal digest, e.g. ``"P-"``.
    length
        Number of hexadecimal characters kept (8 to 64); 12 characters make collisions
        negligible below a billion people.
    normalise
        Fold case, accents and spaces before hashing (``"DUPONT "`` and ``"Dupont"`` get
        the same pseudonym).

    Returns
    -------
    pandas.DataFrame
        A new frame; missing values stay missing.

    Notes
    -----
    pseudonym = prefix + HMAC-SHA256(key, normalised value)[:length]. Values are hashed
    per distinct value, so a million rows cost as many HMACs as distinct values.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"email": ["a@b.fr", "A@B.fr ", None]})
    >>> out = pseudonymise(df, "email", b"k" * 32)
    >>> out["email"].iloc[0] == out["email"].iloc[1], out["email"].iloc[0][:2]
    (True, 'P-')
    """
    _check_frame(frame, "pseudonymise")
    cols = check_columns(frame, columns, "pseudonymise")
    secret = _as_key(key)
    if not isinstance(length, int) or isinstance(length, bool) or not 8 <= length <= 64:
        raise ValueError(f"`length` doit être un entier entre 8 et 64, pas {length!r}.")

    def one(value: Any) -> str:
        text = normalise_for_pseudonym(value) if normalise else str(value)
        return prefix + secret.digest(text.encode("utf-8"))[:length]

    out = frame.copy()
    for column in cols:
        out[column] = default_text(map_unique(frame[column], one))
    return out


def load_or_create_key(ws: Workspace) -> PseudonymKey:
    """The workspace's pseudonymisation key, created on first use.

    The key (32 random bytes from :mod:`secrets`) is stored at ``ws.key_path``: beside the
    raw files of a structure's own workspace, in the user's configuration folder for a
    read-only sample, **never under the output folder** (which a team zips and shares).
    One key per workspace, whatever the output folder: two runs give the same pseudonyms,
    and next year's files link to this year's. The file is readable by its owner only
    (mode 0600) and never printed: the returned object shows as ``PseudonymKey(••••)``.
    A key left in the output folder by an earlier version is moved there first
    (:func:`move_old_key`), so last year's pseudonyms survive.

    Raises
    ------
    PrivacyError
        When the key file exists but is damaged, or cannot be written.
    """
    note = move_old_key(ws)
    if note:
        warnings.warn(note, UserWarning, stacklevel=2)
    path = Path(ws.key_path)
    if not path.exists():
        try:
            _write_new_key(path)
        except OSError as exc:
            raise PrivacyError(
                f"Impossible de créer la clé de pseudonymisation « {path} » : "
                f"{exc.strerror or exc}. Size Up la range à côté de vos données brutes "
                "(jamais dans le dossier de sorties) : ce dossier doit être modifiable."
            ) from None
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return PseudonymKey(bytes.fromhex(_read_key_text(path)))


def _write_new_key(path: Path, text: str | None = None) -> None:
    """Write a key file exclusively (never replaces a key written meanwhile), mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write((text or secrets.token_hex(32)) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # exclusive: never replaces a key written meanwhile
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


def _read_key_text(path: Path) -> str:
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise PrivacyError(
            f"Le fichier de clé « {path} » est abîmé. Restaurez-le depuis une sauvegarde ; "
            "le supprimer crée une nouvelle clé et les pseudonymes changeront."
        )
    return text


def old_key_path(ws: Workspace) -> Path:
    """Where versions before issue 9 kept the key: the output folder (never again)."""
    return Path(ws.output_dir) / KEY_FILE


def move_old_key(ws: Workspace) -> str | None:
    """Take a key left in the output folder out of it, keeping last year's pseudonyms.

    Earlier versions stored the key in the output folder, which a team zips and shares.
    When ``ws.key_path`` has no key yet, the old one is moved there (the pseudonyms stay
    the same); when both exist and are equal, the copy in the outputs is removed; when
    they differ, the old one is kept beside the key as ``.cle-pseudonymisation-ancienne``
    (it made the pseudonyms of the tables already in that output folder).

    Returns
    -------
    str or None
        A French note saying what was done, or ``None`` when the outputs held no key.
    """
    old = old_key_path(ws)
    new = Path(ws.key_path)
    if not old.is_file() or old.resolve() == new.resolve():
        return None
    text = _read_key_text(old)
    if not new.exists():
        _write_new_key(new, text)
        old.unlink()
        return (
            "Une clé de pseudonymisation se trouvait dans le dossier de sorties (version "
            f"précédente de Size Up) : elle a été déplacée vers « {display_path(new)} ». "
            "Vos pseudonymes restent les mêmes, et le dossier de sorties peut être partagé."
        )
    if _read_key_text(new) == text:
        old.unlink()
        return (
            "La copie de la clé de pseudonymisation laissée dans le dossier de sorties a été "
            f"supprimée : la clé de l'espace est « {display_path(new)} »."
        )
    kept = new.with_name(f"{KEY_FILE}-ancienne")
    n = 2
    while kept.exists() and _read_key_text(kept) != text:
        kept = new.with_name(f"{KEY_FILE}-ancienne-{n}")
        n += 1
    if not kept.exists():
        _write_new_key(kept, text)
    old.unlink()
    return (
        "Le dossier de sorties contenait une autre clé de pseudonymisation que celle de "
        f"l'espace : elle est rangée à part, « {display_path(kept)} », car les tables déjà "
        "dans ce dossier ont été pseudonymisées avec elle. Les nouvelles tables utilisent "
        f"la clé de l'espace, « {display_path(new)} »."
    )


def display_path(path: Path) -> str:
    """A path as a person reads it: under the home folder, written ``~/…``."""
    path = Path(path)
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


# --------------------------------------------------------------------------------------
# Age bands
# --------------------------------------------------------------------------------------
def _band_labels(bands: Sequence[int]) -> list[str]:
    labels = []
    for i, low in enumerate(bands):
        if i + 1 < len(bands):
            high = bands[i + 1] - 1
            labels.append(
                f"moins de {bands[1]} ans" if i == 0 and low == 0 else f"{low} à {high} ans"
            )
        else:
            labels.append(f"{low} ans et plus")
    return labels


def age_bands(
    dates_of_birth: pd.Series,
    reference_date: Any,
    *,
    bands: Sequence[int] = (0, 18, 26, 50, 65),
    labels: Sequence[str] | None = None,
) -> pd.Series:
    """Generalise dates of birth to age bands at ``reference_date``.

    Parameters
    ----------
    dates_of_birth
        Dates (datetime Series, or text parsed day first).
    reference_date
        The date at which ages are computed (e.g. the entry date, or 31/12 of the year).
    bands
        Increasing lower bounds of the bands, in whole years; the default gives the
        bands of French employment statistics: under 18, 18–25, 26–49, 50–64, 65+.
    labels
        French labels of the bands; built from ``bands`` when ``None``.

    Returns
    -------
    pandas.Series
        Ordered categorical. Missing or impossible dates (age below the first bound or
        above 120) give a missing value.

    Examples
    --------
    >>> import pandas as pd
    >>> dob = pd.Series(pd.to_datetime(["2000-06-15", "1970-01-01", None]))
    >>> age_bands(dob, "2025-06-14").tolist()
    ['18 à 25 ans', '50 à 64 ans', nan]
    """
    if not isinstance(dates_of_birth, pd.Series):
        raise TypeError(
            "`dates_of_birth` doit être une colonne pandas (Series), pas "
            f"{type(dates_of_birth).__name__}."
        )
    bands = list(bands)
    if len(bands) < 2 or any(b >= c for b, c in zip(bands, bands[1:], strict=False)):
        raise ValueError(
            f"`bands` doit être une suite croissante d'au moins deux âges, pas {bands!r}."
        )
    labels = list(labels) if labels is not None else _band_labels(bands)
    if len(labels) != len(bands):
        raise ValueError(
            f"`labels` doit avoir autant d'étiquettes que `bands` ({len(bands)}), "
            f"pas {len(labels)}."
        )
    try:
        ref = pd.Timestamp(reference_date)
    except (ValueError, TypeError):
        raise ValueError(f"`reference_date` n'est pas une date : {reference_date!r}.") from None
    dob = dates_of_birth
    if not pd.api.types.is_datetime64_any_dtype(dob):
        dob = pd.to_datetime(dob, errors="coerce", dayfirst=True, format="mixed")
    years = ref.year - dob.dt.year
    before_birthday = (dob.dt.month > ref.month) | (
        (dob.dt.month == ref.month) & (dob.dt.day > ref.day)
    )
    age = (years - before_birthday.astype(int)).where(dob.notna())
    age = age.where((age >= bands[0]) & (age <= 120))
    codes = np.searchsorted(np.asarray(bands), age.fillna(-1).to_numpy(), side="right") - 1
    codes = np.where(age.isna().to_numpy(), -1, codes)
    cat = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return pd.Series(cat, index=dates_of_birth.index, name=dates_of_birth.name)


# --------------------------------------------------------------------------------------
# Quasi-identifiers: what a publication does not need, coarsened
# --------------------------------------------------------------------------------------
#: Precisions of a timestamp (a date with a time of day) in a clean table.
TIMESTAMP_PRECISIONS = ("jour", "mois", "complet")
#: Levels of a postcode in a clean table.
POSTCODE_LEVELS = ("departement", "commune", "complet")
_POSTCODE_NAMES = {"code_postal", "cp", "code_post", "codepostal", "postcode", "zip", "zip_code"}
_POSTCODE = re.compile(r"^\s*(\d{2})\s?(\d{3})\s*$")


def check_choice(value: Any, allowed: Sequence[str], name: str) -> str:
    """``value`` if it is one of ``allowed``, else a French ``ValueError`` naming them."""
    if value not in allowed:
        raise ValueError(
            f"`{name}` doit valoir {', '.join(repr(a) for a in allowed)}, pas {value!r}."
        )
    return value


def coarsen_timestamps(values: pd.Series, precision: str = "jour") -> pd.Series:
    """Timestamps made coarser: the date (``"jour"``), the month (``"mois"``) or unchanged.

    A registration time to the second, with a postcode, a town and a diploma, can single a
    person out (a quasi-identifier, CNIL / WP29 opinion 05/2014 on anonymisation:
    individualisation, correlation, inference); a publication needs the day at most.
    ``"mois"`` gives the first day of the month.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Series(pd.to_datetime(["2024-12-30 08:51:06", None]))
    >>> coarsen_timestamps(t)[0], coarsen_timestamps(t, "mois")[0]
    (Timestamp('2024-12-30 00:00:00'), Timestamp('2024-12-01 00:00:00'))
    >>> bool(coarsen_timestamps(t).isna()[1])
    True
    """
    check_choice(precision, TIMESTAMP_PRECISIONS, "precision")
    if not pd.api.types.is_datetime64_any_dtype(values):
        raise TypeError("`coarsen_timestamps` attend une colonne de dates (datetime64).")
    if precision == "complet":
        return values.copy()
    day = values.dt.normalize()
    return day if precision == "jour" else day - pd.to_timedelta(day.dt.day - 1, unit="D")


def is_postcode_column(name: Any, values: pd.Series | None = None) -> bool:
    """Whether a column holds French postcodes: its name (``code_postal``, ``CP``…) and,
    when ``values`` are given, five digits in at least 90 % of them."""
    if fold_key(str(name), sep="_") not in _POSTCODE_NAMES:
        return False
    if values is None:
        return True
    text = values.dropna().astype(str)
    return text.empty or float(text.str.match(_POSTCODE).mean()) >= 0.9


def postcode_departement(values: pd.Series) -> pd.Series:
    """The département of each French postcode: ``"67"``, ``"2A"``/``"2B"``, ``"971"``…

    Corsica's postcodes (``20000``–``20199`` for Corse-du-Sud, ``20200``–``20699`` for
    Haute-Corse) and the overseas départements (``971``–``976``) are recognised; a value
    that is not a postcode gives a missing value.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.Series(["67100", "01000", "20090", "20200", "97110", "?"])
    >>> postcode_departement(codes).tolist()
    ['67', '01', '2A', '2B', '971', nan]
    """

    def one(value: Any) -> Any:
        match = _POSTCODE.match(str(value)) if isinstance(value, str | int) else None
        if match is None:
            return np.nan
        head, rest = match.group(1), match.group(2)
        if head == "20":
            return "2A" if int(rest) < 200 else "2B"
        if head == "97" or head == "98":
            return head + rest[0]
        return head

    return default_text(map_unique(values, one))


# --------------------------------------------------------------------------------------
# Sensitive data (article 9 RGPD, offences under article 10, highly personal data)
# --------------------------------------------------------------------------------------
#: Categories of sensitive data and the words that reveal them (folded, ``_``-joined).
SENSITIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "santé": (
        "handicap",
        "rqth",
        "mdph",
        "aah",
        "pch",
        "invalidite",
        "sante",
        "maladie",
        "pathologie",
        "medical",
        "medicale",
        "traitement",
        "diagnostic",
        "fauteuil",
        "pmr",
        "mobilite_reduite",
        "deficience",
        "psychiatr",
        "addiction",
        "alcool",
        "toxicomanie",
        "grossesse",
        "ald",
        "cmu",
        "css",
        "ame",
        "ime",
        "esat",
        "savs",
        "samsah",
        "dependance",
        "gir",
        "apa",
        "oxygene",
        "dialyse",
        "aveugle",
        "malvoyant",
        "sourd",
    ),
    "justice": (
        "condamnation",
        "condamne",
        "casier",
        "judiciaire",
        "spip",
        "pjj",
        "detention",
        "detenu",
        "incarceration",
        "prison",
        "peine",
        "tig",
        "sous_main_de_justice",
        "ppsmj",
        "sursis",
        "probation",
        "infraction",
        "delit",
        "placement_sous",
        "bracelet",
        "controle_judiciaire",
        "mineur_delinquant",
    ),
    "aides sociales": (
        "rsa",
        "aah",
        "ass",
        "apl",
        "caf",
        "minima_sociaux",
        "minimum_social",
        "prestation",
        "allocation",
        "aide_sociale",
        "revenu_de_solidarite",
        "beneficiaire_rsa",
        "prime_d_activite",
        "asf",
        "aspa",
    ),
    "origine, religion, opinions": (
        "religion",
        "confession",
        "origine_ethnique",
        "ethnie",
        "syndicat",
        "syndical",
        "orientation_sexuelle",
        "opinion_politique",
    ),
}


#: The legal footing of each category of sensitive data (French, for readings).
SENSITIVE_BASIS: dict[str, str] = {
    "santé": "données de santé, article 9 du RGPD",
    "justice": "infractions et condamnations, article 10 du RGPD",
    "aides sociales": "données à caractère hautement personnel (CNIL, CEPD), pas des "
    "données de l'article 9",
    "origine, religion, opinions": "article 9 du RGPD",
}


def _sensitive_terms(folded: str) -> list[tuple[str, str]]:
    hits = []
    padded = f"_{folded}_"
    for category, words in SENSITIVE_COLUMNS.items():
        for word in words:
            if f"_{word}_" in padded or (len(word) >= 6 and word in folded):
                hits.append((category, word))
    return hits


def detect_sensitive(frame: pd.DataFrame, *, sample_size: int = 500) -> pd.DataFrame:
    """Flag the columns holding sensitive data (health, justice, social benefits…).

    A column is flagged by its name (``RQTH``, ``Bénéficiaire RSA``, ``Condamnation``…)
    or by its content (values such as ``"santé; logement"`` or ``"AAH"`` in a column of
    barriers or benefits). Such columns may only be shown aggregated
    (:func:`aggregate_only`).

    Returns
    -------
    pandas.DataFrame
        Columns ``colonne``, ``categorie`` (``"santé"``, ``"justice"``, ``"aides
        sociales"``, ``"origine, religion, opinions"``), ``detecte_par`` (``"nom de
        colonne"`` or ``"contenu"``) and ``mots`` (the words found).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"RQTH": ["oui"], "freins": ["santé, logement"], "âge": ["30"]})
    >>> detect_sensitive(df)[["colonne", "categorie", "detecte_par"]]
      colonne categorie  detecte_par
    0    RQTH     santé  nom de colonne
    1  freins     santé        contenu
    """
    _check_frame(frame, "detect_sensitive")
    rows = []
    for column in frame.columns:
        hits = _sensitive_terms(fold_key(column, sep="_"))
        how = "nom de colonne"
        if not hits:
            series = frame[column]
            if isinstance(series, pd.DataFrame):
                series = series.iloc[:, 0]
            if (
                series.dtype == object
                or pd.api.types.is_string_dtype(series.dtype)
                or isinstance(series.dtype, pd.CategoricalDtype)
            ):
                values = _sample_text(series.astype(object), sample_size).unique()[:200]
                found: dict[tuple[str, str], int] = {}
                for value in values:
                    if len(value) > 80:  # free text: not a coded column
                        continue
                    for hit in _sensitive_terms(fold_key(value, sep="_")):
                        found[hit] = found.get(hit, 0) + 1
                hits = list(found)
                how = "contenu"
        if hits:
            category = hits[0][0]
            rows.append(
                {
                    "colonne": column,
                    "categorie": category,
                    "detecte_par": how,
                    "mots": ", ".join(sorted({w for _, w in hits})),
                }
            )
    return pd.DataFrame(rows, columns=["colonne", "categorie", "detecte_par", "mots"])


_CONSENT_NAMES = ("consent", "rgpd", "gdpr")
_CONSENT_PREFIXES = ("accord", "autoris", "opt_in", "optin")
_YES = {"oui", "o", "yes", "y", "1", "true", "vrai", "x", "ok", "accepte", "d_accord", "j_accepte"}
_NO = {"non", "n", "no", "0", "false", "faux", "refuse", "pas_d_accord"}


def detect_consent(frame: pd.DataFrame) -> pd.DataFrame:
    """The consent columns of a table (``consentement_rgpd``, ``accord_photo``, ``rgpd``…).

    A column is one when its name says consent (``consent…``, ``rgpd``, ``accord…``,
    ``autoris…``, ``opt_in``) and at least 80 % of its filled values are a yes or a no.
    When data were collected on consent (article 6.1.a of the RGPD), their re-use for an
    evaluation must be covered by that consent (article 6.4 does not apply to it): the
    inventory counts who accepted.

    Returns
    -------
    pandas.DataFrame
        Columns ``colonne``, ``oui``, ``non`` and ``vides`` (counts of rows).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"consentement_rgpd": ["Oui", "oui", "Non", None],
    ...                    "rgpd_note": ["voir dossier"] * 4})
    >>> detect_consent(df)
                 colonne  oui  non  vides
    0  consentement_rgpd    2    1      1
    """
    _check_frame(frame, "detect_consent")
    rows = []
    for column in frame.columns:
        name = fold_key(str(column), sep="_")
        if not (
            any(w in name for w in _CONSENT_NAMES)
            or any(name.startswith(p) for p in _CONSENT_PREFIXES)
        ):
            continue
        series = frame[column]
        if isinstance(series, pd.DataFrame):
            series = series.iloc[:, 0]
        if pd.api.types.is_bool_dtype(series.dtype):
            folded = series.map(lambda v: "" if pd.isna(v) else ("oui" if v else "non"))
        else:
            folded = map_unique(series, lambda v: fold_key(str(v), sep="_"))
            folded = pd.Series(folded, index=series.index).fillna("")
        filled = folded[folded != ""]
        yes, no = int(filled.isin(_YES).sum()), int(filled.isin(_NO).sum())
        if filled.empty or (yes + no) < 0.8 * len(filled):
            continue
        rows.append({"colonne": column, "oui": yes, "non": no, "vides": len(folded) - len(filled)})
    return pd.DataFrame(rows, columns=["colonne", "oui", "non", "vides"])


def check_displayable(frame: pd.DataFrame, *, allow: Iterable[str] = ()) -> pd.DataFrame:
    """Refuse to display a row-level table that holds sensitive columns.

    Returns ``frame`` unchanged when it holds no sensitive column (other than those in
    ``allow``), so it can wrap any display: ``display(check_displayable(df))``.

    Raises
    ------
    PrivacyError
        Naming the sensitive columns, and pointing to :func:`aggregate_only`.
    """
    _check_frame(frame, "check_displayable")
    flagged = detect_sensitive(frame)
    flagged = flagged[~flagged["colonne"].isin(list(allow))]
    if not flagged.empty:
        cols = ", ".join(
            f"« {c} » ({k})" for c, k in zip(flagged["colonne"], flagged["categorie"], strict=True)
        )
        raise PrivacyError(
            f"Ce tableau contient des données sensibles ligne par ligne : {cols}. "
            "Elles ne peuvent être montrées qu'agrégées : utilisez aggregate_only."
        )
    return frame


#: Column labels of published counts: every count says what it counts.
PEOPLE_COUNT = "effectif (personnes)"
ROWS_COUNT = "effectif (lignes)"


def aggregate_only(
    frame: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    threshold: int = 11,
    person: str | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """Counts of the values of sensitive ``columns``, small cells suppressed.

    The only sanctioned way to show sensitive data: one count per value (crossed with
    ``by`` when given), with a ``Total`` margin and :func:`suppress_small_cells` applied.
    Every count says its unit: with ``person`` (the column naming the person, such as
    ``personne_id``) each cell counts **distinct people**, so a person registered three
    times counts once and suppression protects people, not rows; without it, rows are
    counted and the label says so.

    Parameters
    ----------
    frame
        Row-level data.
    columns
        The sensitive column(s) to count.
    by
        Optional column(s) to cross with (e.g. a year or a programme).
    threshold
        Counts below it are hidden. 11 is the small-numbers rule of French health data
        (« règle des petits effectifs » of the SNDS, CNAM; ATIH at the CNIL's request:
        cells under 11 people are masked), also used by the DGFiP for data on persons.
        It is not « le secret statistique » in general: INSEE's statistical secrecy for
        businesses asks at least 3 units per cell and no dominant one.
    person
        Column naming the person: cells count distinct people (margins too: a person in
        two cells counts once in the total).
    unit
        The label of the counts; ``"effectif (personnes)"`` with ``person``, else
        ``"effectif (lignes)"``. For a crossing, it names the columns' axis.

    Returns
    -------
    pandas.DataFrame
        One table per value of ``columns`` (rows) × ``by`` (columns), with ``"< 11"``
        in hidden cells. Missing values are counted as ``"non renseigné"``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rqth": ["oui"] * 30 + ["non"] * 25 + ["en cours"] * 4})
    >>> aggregate_only(df, "rqth")
             effectif (lignes)
    rqth
    en cours              < 11
    non                      s
    oui                     30
    Total                   59
    >>> twice = pd.concat([df.assign(p=range(59))] * 2)  # every person on two rows
    >>> aggregate_only(twice, "rqth", person="p")["effectif (personnes)"].tolist()
    ['< 11', 's', 30, 59]
    """
    _check_frame(frame, "aggregate_only")
    cols = check_columns(frame, columns, "aggregate_only")
    by_cols = check_columns(frame, by, "aggregate_only") if by is not None else []
    if person is not None:
        check_columns(frame, person, "aggregate_only")
    label = unit or (PEOPLE_COUNT if person is not None else ROWS_COUNT)
    data = (
        frame[cols + by_cols]
        .astype(object)
        .where(frame[cols + by_cols].notna(), "non renseigné")
        .astype(str)
    )
    who = None
    if person is not None:
        who = frame[person].astype(object).where(frame[person].notna(), None)
        who = who.where(
            who.notna(), pd.Series([f"__ligne_{i}" for i in range(len(frame))], index=frame.index)
        )
        data = data.assign(__personne__=who.astype(str).to_numpy())
    if by_cols:
        if who is None:
            table = pd.crosstab(
                [data[c] for c in cols],
                [data[c] for c in by_cols],
                margins=True,
                margins_name="Total",
            )
        else:
            table = (
                pd.crosstab(
                    [data[c] for c in cols],
                    [data[c] for c in by_cols],
                    values=data["__personne__"],
                    aggfunc="nunique",
                    margins=True,
                    margins_name="Total",
                )
                .fillna(0)
                .astype("int64")
            )
        table.columns.name = f"{' / '.join(by_cols)} — {label}"
    else:
        grouped = data.groupby(cols)
        counts = grouped.size() if who is None else grouped["__personne__"].nunique()
        table = counts.to_frame(label)
        whole = len(data) if who is None else data["__personne__"].nunique()
        total = pd.DataFrame(
            {label: [int(whole)]},
            index=pd.Index(["Total"], name=table.index.name) if len(cols) == 1 else None,
        )
        if len(cols) == 1:
            table = pd.concat([table, total])
    return suppress_small_cells(table, threshold).table


# --------------------------------------------------------------------------------------
# Small cells
# --------------------------------------------------------------------------------------
class SuppressedTable(NamedTuple):
    """Result of :func:`suppress_small_cells`: the table to publish and what was hidden."""

    table: pd.DataFrame
    """The table with hidden cells shown as the marker (or missing)."""
    mask: pd.DataFrame
    """True where a cell is hidden (primary or secondary suppression)."""
    primary: pd.DataFrame
    """True where a cell is hidden because it is small itself."""


_TOTAL_WORDS = {"total", "totaux", "ensemble", "total_general", "tous", "toutes", "all"}


def _is_total_label(label: Any) -> bool:
    if isinstance(label, tuple):
        return any(_is_total_label(x) for x in label)
    return fold_key(label, sep="_") in _TOTAL_WORDS


def suppress_small_cells(
    table: pd.DataFrame,
    threshold: int = 11,
    *,
    counts: pd.DataFrame | None = None,
    denominators: pd.Series | pd.DataFrame | None = None,
    marker: str | None = "auto",
    secondary_marker: str = "s",
    suppress_zeros: bool = False,
) -> SuppressedTable:
    """Hide small cells of a table to publish, so that no person can be singled out.

    **Primary suppression** hides every count ``0 < n < threshold`` (and, for a table of
    percentages or means, every cell whose count or denominator is below the threshold).
    **Secondary suppression** then makes sure no hidden cell can be recovered by
    subtraction from a row or column total: in every row and every column (the margins
    named ``"Total"`` included), the number of hidden cells must be 0 or at least 2;
    while one has exactly one, the smallest other cell of that line is hidden too
    (inner cells before margins, non-zero before zero), until nothing changes. Totals are
    assumed known even when the table has no margins.

    Parameters
    ----------
    table
        Counts (or percentages/means with ``counts``). Rows and columns named ``Total``
        (also ``Ensemble``) are recognised as margins.
    threshold
        Smallest count that may be shown. 11 is the small-numbers rule of French health
        data (« règle des petits effectifs » of the SNDS, CNAM: cells under 11 people
        masked), not a general statistical-secrecy threshold (see :func:`aggregate_only`).
    counts
        Counts behind a table of percentages or means (same shape); suppression is decided
        on them and applied to ``table``.
    denominators
        Denominators of percentage cells: a Series by row (row percentages) or a frame of
        the same shape; cells with a denominator below the threshold are hidden.
    marker
        What a small hidden cell shows: ``"auto"`` gives ``"< 11"`` (with the
        threshold); ``None`` gives a missing value for every hidden cell and keeps
        numbers numeric.
    secondary_marker
        What a cell hidden only to protect another one shows (``"s"``, for « secret »):
        it is not small, so ``"< 11"`` would be false.
    suppress_zeros
        Also hide zero counts (primary).

    Returns
    -------
    SuppressedTable
        ``(table, mask, primary)``: the new table, and boolean frames of hidden cells.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"femmes": [25, 3, 28], "hommes": [30, 14, 44],
    ...                   "Total": [55, 17, 72]}, index=["A", "B", "Total"])
    >>> suppress_small_cells(t).table
          femmes hommes Total
    A          s      s    55
    B       < 11      s    17
    Total     28     44    72
    """
    _check_frame(table, "suppress_small_cells")
    if not isinstance(threshold, int | np.integer) or isinstance(threshold, bool) or threshold < 1:
        raise ValueError(f"`threshold` doit être un entier positif, pas {threshold!r}.")
    base = table if counts is None else counts
    if counts is not None:
        _check_frame(counts, "suppress_small_cells")
        if counts.shape != table.shape:
            raise ValueError(
                f"`counts` doit avoir la même forme que le tableau "
                f"({table.shape}), pas {counts.shape}."
            )
    values = base.apply(pd.to_numeric, errors="coerce")
    non_numeric = [c for c in base.columns if values[c].isna().all() and base[c].notna().any()]
    if non_numeric:
        raise TypeError(
            f"`suppress_small_cells` : la colonne « {non_numeric[0]} » n'est pas numérique ; "
            "mettez les libellés en index (df.set_index(...))."
        )
    v = values.to_numpy(dtype=float, na_value=np.nan)
    primary = (v < threshold) & ~np.isnan(v)
    if not suppress_zeros:
        primary &= v != 0
    if denominators is not None:
        if isinstance(denominators, pd.Series):
            den = pd.to_numeric(denominators.reindex(table.index), errors="coerce")
            d = np.repeat(
                den.to_numpy(dtype=float, na_value=np.nan)[:, None], table.shape[1], axis=1
            )
        elif isinstance(denominators, pd.DataFrame):
            if denominators.shape != table.shape:
                raise ValueError(
                    f"`denominators` doit avoir la même forme que le tableau "
                    f"({table.shape}), pas {denominators.shape}."
                )
            d = denominators.apply(pd.to_numeric, errors="coerce").to_numpy(
                dtype=float, na_value=np.nan
            )
        else:
            raise TypeError(
                "`denominators` doit être une colonne (Series) ou un tableau, "
                f"pas {type(denominators).__name__}."
            )
        primary |= (d < threshold) & ~np.isnan(d)
    margin_row = np.array([_is_total_label(i) for i in table.index])
    margin_col = np.array([_is_total_label(c) for c in table.columns])
    mask = _secondary_suppression(
        primary.copy(), np.nan_to_num(v, nan=np.inf), margin_row, margin_col
    )
    mask_df = pd.DataFrame(mask, index=table.index, columns=table.columns)
    primary_df = pd.DataFrame(primary, index=table.index, columns=table.columns)
    if marker is None:
        out = table.copy()
        for j, column in enumerate(table.columns):
            col = out.iloc[:, j]
            if pd.api.types.is_integer_dtype(col.dtype):
                col = col.astype("Int64")
            elif pd.api.types.is_float_dtype(col.dtype):
                col = col.astype("Float64")
            out[column] = col.mask(mask[:, j])
    else:
        shown = f"< {threshold}" if marker == "auto" else str(marker)
        out = table.astype(object).copy()
        out = out.mask(mask_df & ~primary_df, secondary_marker).mask(primary_df, shown)
    return SuppressedTable(out, mask_df, primary_df)


def _secondary_suppression(
    mask: np.ndarray, values: np.ndarray, margin_row: np.ndarray, margin_col: np.ndarray
) -> np.ndarray:
    """Iterate to a fixed point: no row or column with exactly one hidden cell."""
    n_rows, n_cols = mask.shape
    # order of preference for a complementary cell: inner, non-zero, smallest
    is_margin = margin_row[:, None] | margin_col[None, :]
    cost = is_margin * 1e18 + (values == 0) * 1e15 + values
    for _ in range(n_rows * n_cols + 1):
        changed = False
        for axis in (1, 0):
            hidden_per_line = mask.sum(axis=axis)
            lines = np.flatnonzero(hidden_per_line == 1)
            for line in lines:
                cells = mask[line, :] if axis == 1 else mask[:, line]
                if cells.sum() != 1:  # changed earlier in this pass
                    continue
                line_cost = (cost[line, :] if axis == 1 else cost[:, line]).astype(float)
                line_cost = np.where(cells, np.inf, line_cost)
                if not np.isfinite(line_cost).any():
                    continue  # a line of one cell: nothing can be subtracted from it
                pick = int(np.argmin(line_cost))
                if axis == 1:
                    mask[line, pick] = True
                else:
                    mask[pick, line] = True
                changed = True
        if not changed:
            break
    return mask


# --------------------------------------------------------------------------------------
# Checking what a run produced
# --------------------------------------------------------------------------------------
#: The kinds of identifiers the scan reports, as its ``type`` column names them.
SCAN_LABELS: dict[str, str] = {"email": "e-mail", "telephone": "téléphone", "nir": "NIR"}
#: The ``type`` of a scan row for a file, or a part of one, the scan could not read: it is
#: reported, never silently skipped, so that nobody shares it unchecked.
UNVERIFIED = "non vérifié"

_CHUNK_CHARS = 1 << 20  # characters read at a time from a text file
_OVERLAP = 4096  # characters a window leaves to the next one: longer than any identifier
_LOOKBEHIND = 64  # characters kept before a window, for the « stands alone » checks
_TEXT_CORES = {"telephone": re.compile(_PHONE_CORE), "nir": re.compile(_NIR_CORE)}
_EMAIL_CHAR = re.compile(_EMAIL_LOCAL)


def _matches(
    kind: str, text: str, pos: int = 0, runs: list[tuple[int, int, int]] | None = None
) -> Iterable[re.Match[str]]:
    """The matches of ``TEXT_PATTERNS[kind]`` in ``text`` from ``pos``, exactly as
    ``pattern.finditer(text, pos)`` gives them, found faster.

    The patterns open with look-behind checks that defeat the regular expression engine's
    quick search: on a large file with no identifier, each pattern tried every position
    (3 to 10 s per pattern on an 83 MB till). Here an e-mail is only looked for around an
    « @ »; a phone number or a NIR only around the runs of as many digits as it holds
    (:data:`_RUN_DIGITS`, :func:`_digit_runs`), where its digits alone
    (``_PHONE_CORE``, ``_NIR_CORE``) are searched; the whole pattern then decides at that
    position, and the search goes on one character further when it fails, as
    ``finditer`` does.
    """
    pattern = TEXT_PATTERNS[kind]
    if kind == "email":
        at = text.find("@", pos)
        while at >= 0:
            start = at
            while start > pos and _EMAIL_CHAR.match(text, start - 1):
                start -= 1
            # the address starts where its run of characters starts: cut by ``pos``, none
            whole = start > pos or start == 0 or not _EMAIL_CHAR.match(text, start - 1)
            match = pattern.match(text, start) if whole and start < at else None
            if match is not None:
                yield match
                pos = match.end()
                at = text.find("@", pos)
            else:
                at = text.find("@", at + 1)
        return
    core = _TEXT_CORES[kind]
    fewest = _RUN_DIGITS[kind]
    for first, end, digits in _digit_runs(text) if runs is None else runs:
        if digits < fewest:
            continue
        pos = max(pos, first - _BEFORE_RUN)
        while True:
            candidate = core.search(text, pos, end)
            if candidate is None:
                break
            match = pattern.match(text, candidate.start())
            if match is not None:
                yield match
                pos = match.end()
            else:
                pos = candidate.start() + 1


#: Fewest digits in a row (each next to the previous one or one separator away) of a phone
#: number (nine after its leading 0 or its +33 (0)) and of a NIR (fifteen, « 2A » counted).
_RUN_DIGITS = {"telephone": 9, "nir": 15}
_RUNS_FROM = 65536  # characters from which the runs are worth computing
_BEFORE_RUN = 24  # a phone's « 0033 (0) » comes before its run
_DIGIT_BYTES = np.zeros(256, dtype=bool)
_DIGIT_BYTES[[*range(48, 58), *b"ABab", *range(128, 256)]] = True
_SEPARATOR_BYTES = np.zeros(256, dtype=bool)
_SEPARATOR_BYTES[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32, *b".-", *range(128, 256)]] = True


def _digit_runs(text: str) -> list[tuple[int, int, int]]:
    """Where ``text`` holds digits in a row, each separated from the next by at most one
    space, dot or hyphen: ``(start, end, digits)``, in characters, the runs of fewer than
    nine digits left out.

    Computed with numpy over the UTF-8 bytes, erring on the side of too many: « A » and
    « B » count as digits (Corsica in a NIR), and so does a non-ASCII byte, which counts as
    a separator too (``\\d`` and ``\\s`` take Unicode digits and spaces, such as the
    non-breaking space). A short text is one run.
    """
    fewest = min(_RUN_DIGITS.values())
    if len(text) < _RUNS_FROM:
        return [(0, len(text), len(text))]
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    where = np.flatnonzero(_DIGIT_BYTES[raw])
    if len(where) < fewest:
        return []
    gap = np.diff(where)
    linked = (gap == 1) | ((gap == 2) & _SEPARATOR_BYTES[raw[where[:-1] + 1]])
    cuts = np.flatnonzero(~linked)
    firsts = np.concatenate(([0], cuts + 1))
    lasts = np.concatenate((cuts, [len(where) - 1]))
    digits = lasts - firsts + 1
    long = digits >= fewest
    starts, ends = where[firsts[long]], where[lasts[long]] + 1
    if len(raw) != len(text):  # bytes to characters: less the continuation bytes before
        follow = np.flatnonzero((raw & 0xC0) == 0x80)
        starts = starts - np.searchsorted(follow, starts)
        ends = ends - np.searchsorted(follow, ends)
    return list(zip(starts.tolist(), ends.tolist(), digits[long].tolist(), strict=True))


def _find_in_chunks(chunks: Iterable[str]) -> list[tuple[str, str]]:
    """:func:`find_in_text` over a text read piece by piece, with the same findings.

    Each window keeps :data:`_OVERLAP` characters for the next one, so an identifier cut
    by the end of a piece is found whole in the next window, and a few characters before
    it, so the « stands alone » checks see what precedes; a match is reported by the one
    window where it starts, and the search of each kind goes on after its last match.
    """
    found: list[tuple[int, int, str, str]] = []
    resume = dict.fromkeys(TEXT_PATTERNS, 0)
    buffer, base, pieces, done = "", 0, iter(chunks), False
    while not done:
        piece = next(pieces, None)
        done = piece is None
        if not done:
            buffer += piece
            if len(buffer) < 2 * _OVERLAP:
                continue
        limit = len(buffer) if done else len(buffer) - _OVERLAP
        runs = _digit_runs(buffer)
        for order, kind in enumerate(TEXT_PATTERNS):
            for match in _matches(kind, buffer, max(resume[kind] - base, 0), runs):
                if match.start() >= limit:
                    break
                if kind != "nir" or nir_is_valid(match.group(0)):
                    found.append((order, base + match.start(), kind, match.group(0)))
                resume[kind] = base + match.end()
            resume[kind] = max(resume[kind], base + limit)
        if not done:
            cut = max(limit - _LOOKBEHIND, 0)
            buffer, base = buffer[cut:], base + cut
    found.sort()
    return [(kind, value) for _, _, kind, value in found]


class ReadableText(NamedTuple):
    """One text a person could read in a file a run wrote (:func:`readable_texts`)."""

    part: str
    """Where it is: the file's name, then `` › `` and the part inside (an archive's member,
    an image embedded in a report or a notebook)."""
    chunks: Iterable[str] | None
    """The text, piece by piece; ``None`` when the scan could not read this part."""
    note: str = ""
    """Why the part could not be read (French), when ``chunks`` is ``None``."""
    second_view: bool = False
    """The same content read another way (a markup's text without its inline tags, a
    PDF's strings decoded): its findings add to the first reading's, never repeat them."""


_PNG = b"\x89PNG\r\n\x1a\n"
# text whatever bytes it holds (a stray NUL in a journal does not make it binary)
_TEXT_SUFFIXES = {".ipynb", ".json", ".md", ".yml", ".yaml", ".csv", ".tsv", ".txt", ".log"}
_TEXT_SUFFIXES_MARKUP = {".html", ".htm", ".xhtml", ".svg", ".xml", ".rels", ".vml"}
_BINARY_MIME = ("image/png", "image/jpeg", "image/gif", "application/pdf")
# a data URI: its media type, its parameters, then base64 or percent-encoded bytes
_DATA_URI = re.compile(
    r"data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[\w.+-]+(?:=[\w.+%-]*)?)*?)"
    r"(?P<b64>;base64)?,(?P<payload>(?(b64)[A-Za-z0-9+/=\s]*|[^\"'()<>\s\\]*))",
    re.IGNORECASE,
)
# tags that do not cut a word for a reader (HTML, SVG, the runs of Office and ODF texts)
_INLINE_TAG = re.compile(
    r"</?(?:[\w.-]+:)?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|r|s|samp|"
    r"small|span|strong|sub|sup|t|time|tspan|u|var|wbr)\b[^<>]*>",
    re.IGNORECASE,
)
_RUN_PROPERTIES = re.compile(r"<(?:[\w.-]+:)?rPr\b[^<>]*?(?:/>|>.*?</(?:[\w.-]+:)?rPr>)", re.S)
_ANY_TAG = re.compile(r"<[^<>]*>")


def readable_texts(path: str | Path, *, label: str | None = None) -> Iterable[ReadableText]:
    """Every text a person could read in the file ``path``, whatever its format.

    What the scan of a run's outputs reads (:func:`scan_for_identifiers`), decided by the
    file's content rather than its name:

    - text files (CSV, Markdown, YAML, JSON, logs), read piece by piece;
    - HTML, SVG and XML: the text with its entities decoded, and once more without its
      inline tags (« 06 <b>12</b> … » read as a person reads it); images and files
      embedded as ``data:`` URIs are decoded and read by their own format;
    - executed notebooks: their text, and their images decoded (metadata);
    - PNG images: their text chunks (``tEXt``, ``zTXt``, ``iTXt``, ``eXIf``), JPEG images
      their comment and application segments (EXIF); the pixels are not read;
    - PDF files: outside the streams (the Info dictionary) and inside the content streams
      (Flate, ASCIIHex, ASCII85), the strings decoded (UTF-16 included); images and
      embedded fonts are left out;
    - zip archives, hence the xlsx workbook (every cell, sheet names, comments, the
      author fields of ``docProps/core.xml`` and ``app.xml``), docx or odt files: every
      member, by its own format; gzip files decompressed.

    Anything else (an unknown binary format, a damaged image, an encrypted PDF or member)
    comes as a part whose ``chunks`` is ``None``, with a French ``note``. Read each
    part's chunks before asking for the next part (an archive is read while it is open).

    Parameters
    ----------
    path
        The file.
    label
        How the parts are named (default: the file's name).
    """
    path = Path(path)
    return _texts(label or path.name, path.suffix.lower(), lambda: path.open("rb"))


def _texts(label: str, suffix: str, opener: Any) -> Iterable[ReadableText]:
    """The readable texts of one file or member, dispatched on its first bytes."""
    with opener() as stream:
        head = stream.read(65536)
    if head.startswith(_PNG):
        yield from _png_texts(label, _read_all(opener))
    elif head.startswith(b"\xff\xd8\xff"):
        yield from _jpeg_texts(label, _read_all(opener))
    elif head.startswith(b"%PDF-"):
        yield from _pdf_texts(label, _read_all(opener))
    elif head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        yield from _zip_texts(label, opener)
    elif head.startswith(b"\x1f\x8b"):
        import gzip

        try:
            with opener() as raw, gzip.GzipFile(fileobj=raw) as unzipped:
                data = unzipped.read()
        except (OSError, EOFError):
            yield ReadableText(label, None, "fichier compressé (gzip) illisible")
            return
        yield from _bytes_texts(label, "", data)
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with its mark
        yield ReadableText(label, [_read_all(opener).decode("utf-16", errors="replace")])
    elif suffix not in _TEXT_SUFFIXES | _TEXT_SUFFIXES_MARKUP and not _looks_like_text(head):
        yield ReadableText(label, None, "format non reconnu, contenu non lu")
    elif suffix == ".ipynb":
        yield from _notebook_texts(label, _decode(_read_all(opener)))
    elif suffix in _TEXT_SUFFIXES_MARKUP or head.lstrip()[:1] == b"<":
        yield from _markup_texts(label, _decode(_read_all(opener)))
    else:
        yield ReadableText(label, _text_chunks(opener))


def _bytes_texts(label: str, suffix: str, data: bytes) -> Iterable[ReadableText]:
    import io

    return _texts(label, suffix, lambda: io.BytesIO(data))


def _read_all(opener: Any) -> bytes:
    with opener() as stream:
        return stream.read()


def _decode(data: bytes) -> str:
    """Bytes as text, the way the scan always read them (UTF-8, universal newlines)."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(head: bytes) -> bool:
    """Whether a file's first bytes are text (UTF-8 or a one-byte encoding), not binary."""
    if b"\x00" in head:
        return False
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13, 27))
    return controls <= len(head) // 100


def _text_chunks(opener: Any) -> Iterable[str]:
    """A text file's characters, :data:`_CHUNK_CHARS` at a time (universal newlines)."""
    import io

    with opener() as raw:
        reader = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=None)
        while piece := reader.read(_CHUNK_CHARS):
            yield piece


def _embedded(label: str, text: str) -> tuple[str, list[ReadableText]]:
    """``text`` without the payloads of its ``data:`` URIs, and what they hold, read."""
    import base64
    from urllib.parse import unquote_to_bytes

    parts: list[ReadableText] = []
    kept: list[str] = []
    last = 0
    for number, match in enumerate(_DATA_URI.finditer(text), start=1):
        mime = (match.group("mime") or "text/plain").lower()
        payload = match.group("payload")
        if not payload:
            continue
        name = f"{label} › donnée intégrée n° {number} ({mime})"
        try:
            if match.group("b64"):
                data = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
            else:
                data = unquote_to_bytes(payload)
        except ValueError:
            parts.append(ReadableText(name, None, "donnée intégrée illisible (base64)"))
        else:
            parts.extend(_bytes_texts(name, "", data))
        kept.append(text[last : match.start("payload")])
        last = match.end("payload")
    kept.append(text[last:])
    return "".join(kept), parts


def _markup_texts(label: str, text: str) -> Iterable[ReadableText]:
    """An HTML, SVG or XML text: as written (entities decoded), then as a person reads it
    (inline tags removed, other tags cutting the text), then its embedded files."""
    import html

    text, parts = _embedded(label, text)
    yield ReadableText(label, [html.unescape(text)])
    words = _INLINE_TAG.sub("", _RUN_PROPERTIES.sub("", text))
    yield ReadableText(label, [html.unescape(_ANY_TAG.sub("\n", words))], second_view=True)
    yield from parts


def _notebook_texts(label: str, text: str) -> Iterable[ReadableText]:
    """An executed notebook: its text without the images' bytes, then the images, read."""
    import base64
    import json

    try:
        nb = json.loads(text)
        cells = nb.get("cells", [])
    except (json.JSONDecodeError, AttributeError):
        yield ReadableText(label, [text])
        return
    images: list[tuple[str, str, Any]] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        bundles = [o.get("data", {}) for o in cell.get("outputs", []) if isinstance(o, dict)]
        bundles += list((cell.get("attachments") or {}).values())
        for bundle in bundles:
            for mime in _BINARY_MIME:
                if isinstance(bundle, dict) and mime in bundle:
                    images.append((f"{label} › cellule {number} ({mime})", mime, bundle.pop(mime)))
    text, parts = _embedded(label, json.dumps(nb, ensure_ascii=False))
    yield ReadableText(label, [text])
    yield from parts
    for name, _, payload in images:
        encoded = "".join(payload) if isinstance(payload, list) else str(payload)
        try:
            data = base64.b64decode(re.sub(r"\s+", "", encoded), validate=True)
        except ValueError:
            yield ReadableText(name, None, "image intégrée illisible (base64)")
            continue
        yield from _bytes_texts(name, "", data)


def _png_texts(label: str, data: bytes) -> Iterable[ReadableText]:
    """A PNG image's text chunks (the pixels are not read)."""
    import struct
    import zlib

    lines = []
    position = len(_PNG)
    try:
        while position < len(data):
            (size,) = struct.unpack(">I", data[position : position + 4])
            kind = data[position + 4 : position + 8]
            body = data[position + 8 : position + 8 + size]
            if len(body) < size:
                raise ValueError("truncated")
            position += 12 + size
            if kind == b"tEXt":
                keyword, _, value = body.partition(b"\x00")
                lines.append(f"{keyword.decode('latin-1')} : {value.decode('latin-1')}")
            elif kind == b"zTXt":
                keyword, _, value = body.partition(b"\x00")
                value = zlib.decompress(value[1:])
                lines.append(f"{keyword.decode('latin-1')} : {value.decode('latin-1')}")
            elif kind == b"iTXt":
                keyword, _, rest = body.partition(b"\x00")
                compressed, rest = rest[0], rest[2:]
                language, _, rest = rest.partition(b"\x00")
                translated, _, value = rest.partition(b"\x00")
                if compressed:
                    value = zlib.decompress(value)
                lines.append(
                    f"{keyword.decode('latin-1')} ({language.decode('latin-1')}) "
                    f"{translated.decode('utf-8', 'replace')} : {value.decode('utf-8', 'replace')}"
                )
            elif kind == b"eXIf":
                lines.append(body.decode("latin-1"))
            elif kind == b"IEND":
                break
        else:
            raise ValueError("no IEND chunk")
    except (struct.error, ValueError, IndexError, zlib.error):
        yield ReadableText(label, None, "image PNG illisible")
        return
    yield ReadableText(label, ["\n".join(lines)])


def _jpeg_texts(label: str, data: bytes) -> Iterable[ReadableText]:
    """A JPEG image's comments and application segments (EXIF…), not its pixels."""
    lines = []
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            yield ReadableText(label, None, "image JPEG illisible")
            return
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            position += 1 if marker == 0xFF else 2
            continue
        if marker in (0xDA, 0xD9):  # start of the pixels, or the end
            break
        size = int.from_bytes(data[position + 2 : position + 4], "big")
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            lines.append(data[position + 4 : position + 2 + size].decode("latin-1"))
        position += 2 + size
    yield ReadableText(label, ["\n".join(lines)])


_PDF_STREAM = re.compile(rb"(?<![A-Za-z])stream\r?\n")
_PDF_SKIPPED = re.compile(
    rb"/Subtype\s*/Image|/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)|"
    rb"/Type\s*/XRef"
)
_PDF_TOKENS = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<[0-9A-Fa-f\s]*>|\bBT\b|\bET\b", re.S
)


def _pdf_texts(label: str, data: bytes) -> Iterable[ReadableText]:
    """A PDF file's readable bytes: outside its streams (the Info dictionary) and inside
    its content and object streams, decompressed; then the strings of both, decoded."""
    if re.search(rb"/Encrypt\b", data):
        yield ReadableText(label, None, "PDF chiffré, contenu non lu")
        return
    blobs: list[bytes] = []
    unknown: set[str] = set()
    position = 0
    for match in _PDF_STREAM.finditer(data):
        if match.start() < position:
            continue
        head = data[max(data.rfind(b"obj", position, match.start()), position) : match.start()]
        length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head)
        end = match.end() + int(length.group(1)) if length else -1
        if end < 0 or not data[end : end + 20].lstrip().startswith(b"endstream"):
            end = data.find(b"endstream", match.end())
            end = len(data) if end < 0 else end
        blobs.append(data[position : match.start()])
        payload = data[match.end() : end]
        position = end
        if _PDF_SKIPPED.search(head):
            continue
        decoded = _pdf_decode(head, payload, unknown)
        if decoded is not None:
            blobs.append(decoded)
    blobs.append(data[position:])
    for name in sorted(unknown):
        yield ReadableText(label, None, f"flux PDF au filtre non pris en charge ({name})")
    yield ReadableText(label, [b"\n".join(blobs).decode("latin-1")])
    yield ReadableText(label, ["\n".join(_pdf_strings(b) for b in blobs)], second_view=True)


def _pdf_decode(head: bytes, payload: bytes, unknown: set[str]) -> bytes | None:
    """A stream's bytes through its filters; ``None`` (and the filter named in
    ``unknown``) when one is not supported."""
    import base64
    import zlib

    found = re.search(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)", head)
    names = re.findall(rb"/([A-Za-z0-9]+)", found.group(1)) if found else []
    for name in names:
        try:
            if name in (b"FlateDecode", b"Fl"):
                payload = zlib.decompressobj().decompress(payload)
            elif name in (b"ASCIIHexDecode", b"AHx"):
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", payload.split(b">")[0])
                payload = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            elif name in (b"ASCII85Decode", b"A85"):
                payload = base64.a85decode(re.sub(rb"\s", b"", payload).split(b"~>")[0])
            else:
                unknown.add(name.decode("latin-1"))
                return None
        except (zlib.error, ValueError):
            unknown.add(name.decode("latin-1") + " illisible")
            return None
    return payload


def _pdf_string(token: bytes) -> str:
    """One PDF string (literal or hexadecimal) as text."""
    if token.startswith(b"<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", token)
        raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    else:
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

        def one(match: re.Match[bytes]) -> bytes:
            code = match.group(1)
            if code[:1].isdigit():
                return bytes([int(code, 8) & 0xFF])
            if code in (b"\n", b"\r\n", b"\r"):
                return b""
            return escapes.get(code, code)

        raw = re.sub(rb"\\([0-7]{1,3}|\r\n|.)", one, token[1:-1], flags=re.S)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    if len(raw) >= 2 and len(raw) % 2 == 0 and not any(raw[0::2]):  # glyphs as UTF-16
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def _pdf_strings(blob: bytes) -> str:
    """The strings of a piece of PDF, those of one text object (``BT`` … ``ET``) joined
    as they are shown, each other one on its own line."""
    lines: list[str] = []
    current: list[str] | None = None
    for token in _PDF_TOKENS.finditer(blob):
        word = token.group(0)
        if word == b"BT":
            current = []
        elif word == b"ET":
            if current:
                lines.append("".join(current))
            current = None
        elif current is not None:
            current.append(_pdf_string(word))
        else:
            lines.append(_pdf_string(word))
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def _zip_texts(label: str, opener: Any) -> Iterable[ReadableText]:
    """Every member of a zip archive (an xlsx workbook, a docx, the outputs' archive)."""
    import io
    import zipfile
    from pathlib import PurePosixPath

    with opener() as raw:
        source = raw if isinstance(raw, io.BufferedReader) else io.BytesIO(raw.read())
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError):
            yield ReadableText(label, None, "archive zip illisible")
            return
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                name = f"{label} › {info.filename}"
                if info.flag_bits & 0x1:
                    yield ReadableText(name, None, "membre d'archive chiffré")
                    continue
                suffix = PurePosixPath(info.filename).suffix.lower()
                try:
                    yield from _texts(name, suffix, lambda info=info: archive.open(info))
                except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
                    yield ReadableText(name, None, f"membre d'archive illisible ({error})")


def scan_for_identifiers(folder: str | Path) -> pd.DataFrame:
    """Look for direct identifiers left in the files a run produced.

    Every file under ``folder`` (or the file ``folder`` itself, such as the outputs'
    archive) is read the way a person could read it, whatever its format
    (:func:`readable_texts`: text files, executed notebooks and the images in them, HTML
    with its embedded images, SVG, PNG and JPEG metadata, PDF streams, xlsx workbooks and
    every other zip archive, member by member), and searched for e-mail addresses, French
    phone numbers and social security numbers standing alone in the text (CNIL, guide de
    la sécurité des données personnelles : vérifier ce qui est diffusé ; RGPD article 25).
    Large files are read piece by piece (the findings are the same as reading them whole).

    Returns
    -------
    pandas.DataFrame
        One row per finding: ``fichier`` (relative path, then `` › `` and the part inside
        it), ``type``, ``extrait`` (the value masked, so the report itself leaks nothing).
        A file or part the scan could not read (an unknown binary format, a damaged
        image, an encrypted PDF) is a row too, of type :data:`UNVERIFIED`, its
        ``extrait`` saying why. Empty when nothing was found.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "note.md").write_text("Appeler 06 12 34 56 78, id 0a0612345678b")
    >>> _ = (folder / "clé.bin").write_bytes(bytes(range(256)))
    >>> scan_for_identifiers(folder).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'fichier': 'clé.bin', 'type': 'non vérifié', 'extrait': 'format non reconnu, contenu non lu'},
     {'fichier': 'note.md', 'type': 'téléphone', 'extrait': '06 •• •• •• 78'}]
    """
    root = Path(folder)
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    rows = []
    for path in paths:
        label = path.name if path == root else path.relative_to(root).as_posix()
        seen: dict[str, set[tuple[str, str]]] = {}
        for text in readable_texts(path, label=label):
            if text.chunks is None:
                rows.append({"fichier": text.part, "type": UNVERIFIED, "extrait": text.note})
                continue
            already = seen.setdefault(text.part, set())
            found = _find_in_chunks(text.chunks)
            if text.second_view:
                found = [f for f in dict.fromkeys(found) if f not in already]
            already.update(found)
            rows += [
                {
                    "fichier": text.part,
                    "type": SCAN_LABELS[kind],
                    "extrait": mask_value(value, kind),
                }
                for kind, value in found
            ]
    return pd.DataFrame(rows, columns=["fichier", "type", "extrait"])

"""French text: folding, slugs, numbers, percentages, plurals and quoted lists.

Every sentence the package writes for a person goes through these few functions, so a
number or a percentage looks the same in a notebook reading, an error message and a
deliverable: ``1 234`` (narrow no-break space between thousands), ``12,5 %`` (decimal
comma, no-break space before the sign), « guillemets » around quoted names.

The folding functions build *keys* (to compare names, match categories, make file
names); they are not for display.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

NBSP = "\u00a0"  # no-break space: before « : ; ? ! % »
NNBSP = "\u202f"  # narrow no-break space: between thousands

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACE_LIKE = re.compile(r"[’ʼ`´‘\u00a0\u202f]")


# --------------------------------------------------------------------------------------
# Folding and keys
# --------------------------------------------------------------------------------------
def fold(text: Any) -> str:
    """Lower-case ASCII form of ``text``: accents removed, everything else kept.

    >>> fold("Élodie  D'ARC")
    "elodie  d'arc"
    """
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def fold_key(text: Any, sep: str = " ") -> str:
    """A comparison key: :func:`fold`, then every run of non-alphanumerics to ``sep``.

    Apostrophes (straight or curly) and no-break spaces separate words.

    >>> fold_key("L’Escale  de Vérines !")
    'l escale de verines'
    >>> fold_key("Date d'entrée", sep="_")
    'date_d_entree'
    """
    text = str(text)
    if not text.isascii():
        text = _SPACE_LIKE.sub(" ", text)
    return _NON_ALNUM.sub(sep, fold(text)).strip(sep)


def fold_keep(text: Any) -> str:
    """:func:`fold` with punctuation kept and spaces collapsed, for pattern matching.

    Typographic apostrophes, minus signs and no-break spaces become their plain forms.

    >>> fold_keep("  Sortie\u00a0: CDD ≥ 6 mois − l’an 2 ")
    "sortie : cdd  6 mois - l'an 2"
    """
    text = str(text)
    if not text.isascii():
        text = text.replace("\u2212", "-").replace("’", "'")
        text = text.replace(NBSP, " ").replace(NNBSP, " ")
    return " ".join(fold(text).split())


def slugify(text: Any) -> str:
    """A file or folder name made of ``a-z``, ``0-9`` and hyphens.

    >>> slugify("Boussole Emploi (Lens)")
    'boussole-emploi-lens'
    """
    return fold_key(text, sep="-")


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------
def integer(n: Any) -> str:
    """An integer with French thousands separators.

    >>> integer(1234567)
    '1\u202f234\u202f567'
    >>> integer(-42.0)
    '-42'
    """
    return f"{int(round(float(n))):,}".replace(",", NNBSP)


def decimal(x: Any, digits: int = 1) -> str:
    """A number with a decimal comma and French thousands separators.

    >>> decimal(1234.56)
    '1\u202f234,6'
    >>> decimal(2, digits=2)
    '2,00'
    """
    text = f"{float(x):,.{digits}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def number(x: Any, digits: int = 2) -> str:
    """A number without useless decimals: a whole number as an integer, else up to ``digits``.

    >>> number(12.0), number(7.5), number(1.25), number(2 / 3)
    ('12', '7,5', '1,25', '0,67')
    """
    if float(x).is_integer():
        return integer(x)
    return decimal(x, digits).rstrip("0").rstrip(",")


def percent(share: Any, digits: int = 1) -> str:
    """A share (0 to 1) as a French percentage, the one format of the package.

    One decimal by default; a non-zero share that would round to zero says so.

    >>> percent(0.123)
    '12,3\u00a0%'
    >>> percent(1)
    '100\u00a0%'
    >>> percent(0.0004)
    'moins de 0,1\u00a0%'
    >>> percent(0.5, digits=0)
    '50\u00a0%'
    """
    value = 100 * float(share)
    smallest = 10 ** (-digits)
    if 0 < abs(value) < smallest / 2:
        return f"moins de {decimal(smallest, digits) if digits else '1'}{NBSP}%"
    text = decimal(value, digits) if digits else integer(value)
    if digits and text.endswith("," + "0" * digits):
        text = text[: -(digits + 1)]
    return f"{text}{NBSP}%"


# --------------------------------------------------------------------------------------
# Words and lists
# --------------------------------------------------------------------------------------
def agree(n: Any, one: str, many: str) -> str:
    """The word (or words) agreed with the count ``n``, the French way: 0 and 1 (and any
    value under 2, « 1,5 heure ») take the singular.

    >>> agree(1, "laissée vide", "laissées vides"), agree(3, "laissée vide", "laissées vides")
    ('laissée vide', 'laissées vides')
    """
    return one if abs(float(n)) < 2 else many


def plural(n: Any, one: str, many: str) -> str:
    """``n`` and the noun it counts, agreed the French way (0 and 1 take the singular).

    >>> plural(0, "personne", "personnes")
    '0 personne'
    >>> plural(1500, "ligne", "lignes")
    '1\u202f500 lignes'
    """
    return f"{integer(n)} {agree(n, one, many)}"


def quoted(text: Any) -> str:
    """``text`` in French guillemets (plain spaces inside, as in messages printed by code).

    >>> quoted("Lens")
    '« Lens »'
    """
    return f"« {text} »"


def quoted_list(values: Iterable[Any], limit: int | None = None, *, empty: str = "aucun") -> str:
    """Values in guillemets, separated by commas; past ``limit``, an ellipsis.

    >>> quoted_list(["a", "b"])
    '« a », « b »'
    >>> quoted_list(["a", "b", "c"], 2)
    '« a », « b », …'
    >>> quoted_list([])
    'aucun'
    """
    values = list(values)
    if not values:
        return empty
    shown = values if limit is None else values[:limit]
    text = ", ".join(quoted(v) for v in shown)
    return text + (", …" if limit is not None and len(values) > limit else "")


def join_and(values: Iterable[Any]) -> str:
    """``a``, ``a et b``, ``a, b et c``.

    >>> join_and(["l'emploi", "la confiance", "la mobilité"])
    "l'emploi, la confiance et la mobilité"
    """
    values = [str(v) for v in values]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " et " + values[-1]

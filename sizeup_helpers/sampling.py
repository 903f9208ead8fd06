"""Sample sizes and margins of error for a structure's surveys (step 07).

Coaches call these directly: :func:`sample_size` (how many answers a survey needs),
:func:`margin_of_error` (how precise a given number of answers is) and
:func:`explain_sample_size` (the same said in French for a structure, with realistic
response rates).

Both formulas are Cochran's for a proportion under simple random sampling, with the finite
population correction (FPC) when the population is known:

- Cochran, W. G. (1977), *Sampling Techniques*, 3rd ed., Wiley, chapters 2 to 4 (simple
  random sampling, proportions, the sample size n0 = z² p (1 − p) / e² and the correction
  (N − n) / (N − 1));
- in French, the same formulas (« taux de sondage », « correction pour population finie »)
  in Ardilly, P. (2006), *Les techniques de sondage*, Technip (simple random sampling
  without replacement). The project's reference notes
  (``../shared/reference/methods-and-anchors.md``) list this feature (Cochran + FPC, as in the
  ``cochranSize`` tool) but give no French public reference for it.

scipy is imported inside the functions, so ``import sizeup_helpers`` stays light.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

from .errors import SamplingError
from .french import agree, integer, number, percent, plural
from .reading import Reading

#: How the sample size is rounded: up (the default, so the margin is kept), to the nearest
#: whole number, or down.
ROUNDINGS = ("ceil", "round", "floor")

#: Response rates shown in the reading's table, besides the one asked for.
SCENARIO_RATES = (1.0, 0.5, 0.25)

# What no margin of error covers: who chooses to answer.
_BIAS = (
    "Ces calculs supposent que les personnes qui répondent ressemblent à celles qui ne "
    "répondent pas : relancez en priorité celles qui répondent le moins (par exemple les "
    "personnes parties en cours de route)."
)

# Floating-point slack before rounding up: 80.00000000001 answers are 80 answers.
_SLACK = 1e-9


# --------------------------------------------------------------------------------------
# Checks of the arguments (French messages naming the parameter and the value)
# --------------------------------------------------------------------------------------
def _shown(value: Any) -> str:
    """The value as a person typed it, with a word when it is not a number."""
    if isinstance(value, bool):
        return f"{value!r} (un booléen, pas un nombre)"
    if isinstance(value, float) and math.isnan(value):
        return "NaN (une valeur manquante)"
    return repr(value)


def _count(name: str, value: Any, what: str) -> int:
    """``value`` as a whole number of at least 1, else a :class:`SamplingError`."""
    whole = (
        not isinstance(value, bool)
        and isinstance(value, Real)
        and math.isfinite(float(value))
        and float(value).is_integer()
    )
    if isinstance(value, Integral) and not isinstance(value, bool):
        whole = True
    if not whole or int(value) < 1:
        raise SamplingError(
            f"`{name}` ({what}) doit être un nombre entier d'au moins 1, "
            f"mais la valeur reçue est {_shown(value)}."
        )
    return int(value)


def _share(name: str, value: Any, what: str, *, zero: bool, one: bool, hint: str = "") -> float:
    """``value`` as a number between 0 and 1 (each end allowed or not)."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, Real)
        and not math.isnan(float(value))
        and (0 <= float(value) if zero else 0 < float(value))
        and (float(value) <= 1 if one else float(value) < 1)
    )
    if not ok:
        low = "0 inclus" if zero else "0 exclu"
        high = "1 inclus" if one else "1 exclu"
        raise SamplingError(
            f"`{name}` ({what}) doit être un nombre entre {low} et {high}{hint}, "
            f"mais la valeur reçue est {_shown(value)}."
        )
    return float(value)


def _population(population: Any) -> int | None:
    if population is None:
        return None
    return _count("population", population, "le nombre de personnes concernées")


def _margin(margin: Any) -> float:
    return _share(
        "margin",
        margin,
        "la marge d'erreur",
        zero=False,
        one=False,
        hint=" (0.05 pour ± 5 points)",
    )


def _confidence(confidence: Any) -> float:
    return _share(
        "confidence",
        confidence,
        "le niveau de confiance",
        zero=False,
        one=False,
        hint=" (0.95 pour 95 %)",
    )


def _proportion(proportion: Any) -> float:
    return _share(
        "proportion",
        proportion,
        "la proportion attendue",
        zero=True,
        one=True,
        hint=" (0.5 si vous ne savez pas)",
    )


def _z(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (1.96 for 95 %)."""
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - confidence) / 2))


# --------------------------------------------------------------------------------------
# The two formulas
# --------------------------------------------------------------------------------------
def sample_size(
    population: int | None = None,
    *,
    margin: float = 0.05,
    confidence: float = 0.95,
    proportion: float = 0.5,
    rounding: str = "ceil",
) -> int:
    """How many answers a survey needs to estimate a proportion within ``margin``.

    Cochran's formula for a proportion under simple random sampling::

        n0 = z² × p × (1 − p) / e²
        n  = n0 / (1 + (n0 − 1) / N)      (finite population correction, when N is given)

    with ``z`` the two-sided normal quantile of ``confidence``
    (``scipy.stats.norm.ppf(1 − (1 − confidence) / 2)``, 1.96 for 95 %), ``p`` the expected
    ``proportion`` (0.5, the default, gives the largest, safest size), ``e`` the ``margin``
    and ``N`` the ``population``. The correction is the exact inverse of
    :func:`margin_of_error`: ``margin_of_error(sample_size(N), N) <= margin``.

    Sources: Cochran, W. G. (1977), *Sampling Techniques*, 3rd ed., Wiley, chapter 4;
    in French, Ardilly, P. (2006), *Les techniques de sondage*, Technip (simple random
    sampling without replacement, « correction pour population finie »).

    Parameters
    ----------
    population : int, optional
        The number of people the survey is about (N). ``None``: a large population, no
        correction.
    margin : float
        The margin of error wanted, as a share (0.05 for ± 5 points), strictly between 0
        and 1.
    confidence : float
        The confidence level, strictly between 0 and 1 (0.95 for 95 %).
    proportion : float
        The proportion expected, between 0 and 1; 0.5 when unknown.
    rounding : {"ceil", "round", "floor"}
        How the size is made whole. ``"ceil"`` (the default) rounds **up**, so the margin
        asked for is kept; the others may give a slightly wider margin. A difference under
        1e-9 from a whole number is ignored (floating-point noise). The result is at least
        1 and never more than ``population``.

    Returns
    -------
    int
        The number of answers needed.

    Raises
    ------
    SamplingError
        In French, naming the parameter and its value: a population that is not a whole
        number of at least 1, a margin or confidence outside (0, 1), a proportion outside
        [0, 1], a boolean or NaN, an unknown rounding.

    Examples
    --------
    >>> sample_size()
    385
    >>> sample_size(1000), sample_size(100)
    (278, 80)
    """
    N = _population(population)
    e, c, p = _margin(margin), _confidence(confidence), _proportion(proportion)
    if rounding not in ROUNDINGS:
        raise SamplingError(
            f"`rounding` (l'arrondi) doit être l'un de {list(ROUNDINGS)}, "
            f"mais la valeur reçue est {_shown(rounding)}."
        )
    n = _z(c) ** 2 * p * (1 - p) / e**2
    if N is not None:
        n = n / (1 + (n - 1) / N)
    if rounding == "ceil":
        whole = math.ceil(n - _SLACK)
    elif rounding == "floor":
        whole = math.floor(n + _SLACK)
    else:
        whole = math.floor(n + 0.5)
    whole = max(1, whole)
    return whole if N is None else min(whole, N)


def margin_of_error(
    n: int,
    population: int | None = None,
    *,
    confidence: float = 0.95,
    proportion: float = 0.5,
) -> float:
    """The margin of error of a proportion estimated from ``n`` answers.

    ::

        e = z × √(p × (1 − p) / n) × √((N − n) / (N − 1))

    the second root (finite population correction) only when ``population`` (N) is given;
    it is 0 when everyone answered (n = N). ``z`` is the two-sided normal quantile of
    ``confidence`` (1.96 for 95 %), ``p`` the ``proportion`` (0.5, the default, gives the
    widest margin). This assumes the answers are a random sample of the population: people
    who choose to answer may differ from those who don't, which no formula corrects.

    Sources: Cochran, W. G. (1977), *Sampling Techniques*, 3rd ed., Wiley, chapters 2 and 3;
    in French, Ardilly, P. (2006), *Les techniques de sondage*, Technip.

    Parameters
    ----------
    n : int
        The number of answers, at least 1 and at most ``population``.
    population : int, optional
        The number of people the survey is about; ``None`` for a large population.
    confidence : float
        The confidence level, strictly between 0 and 1.
    proportion : float
        The proportion observed or expected, between 0 and 1.

    Returns
    -------
    float
        The margin as a share (0.05 means ± 5 points).

    Raises
    ------
    SamplingError
        In French, naming the parameter and its value (``n`` below 1 or above
        ``population``, a non-whole number, a boolean, NaN, a share out of range).

    Examples
    --------
    >>> round(margin_of_error(385), 4)
    0.0499
    >>> round(margin_of_error(12, 40), 2)
    0.24
    >>> margin_of_error(40, 40)
    0.0
    """
    answers = _count("n", n, "le nombre de réponses")
    N = _population(population)
    c, p = _confidence(confidence), _proportion(proportion)
    if N is not None and answers > N:
        raise SamplingError(
            f"`n` (le nombre de réponses) ne peut pas dépasser `population` "
            f"(le nombre de personnes concernées) : la valeur reçue est {answers} réponses "
            f"pour {N} personnes."
        )
    if N is not None and answers == N:
        return 0.0
    e = _z(c) * math.sqrt(p * (1 - p) / answers)
    if N is not None:
        e *= math.sqrt((N - answers) / (N - 1))
    return float(e)


# --------------------------------------------------------------------------------------
# The reading
# --------------------------------------------------------------------------------------
def points(share: float) -> str:
    """A margin as French percentage points: « ± 24 points », « ± 4,5 points », « ± 1 point »."""
    value = 100 * float(share)
    text = integer(value) if value >= 10 else number(value, 1)
    unit = agree(float(text.replace(",", ".").replace("\u202f", "")), "point", "points")
    return f"± {text} {unit}"


def _rate_words(rate: float) -> str:
    if rate == 1:
        return "si tout le monde répond"
    if rate == 0.25:
        return (
            "si un quart des personnes répondent (un ordre de grandeur courant pour une "
            "enquête à 3 mois, pas une mesure : vérifiez-le sur vos propres relances)"
        )
    if rate == 0.5:
        return "si la moitié des personnes répondent"
    return f"si {percent(rate)} des personnes répondent"


def _scenario(needed: int, N: int | None, rate: float, confidence: float) -> dict[str, Any]:
    """People to ask, answers expected and their margin, at one response rate."""
    asked = math.ceil(needed / rate - _SLACK)
    if N is not None and asked >= N:
        asked, expected = N, math.floor(N * rate + _SLACK)
    else:
        expected = needed
    margin = margin_of_error(expected, N, confidence=confidence) if expected >= 1 else math.nan
    return {
        "taux de réponse": rate,
        "personnes à interroger": asked,
        "réponses attendues": expected,
        "marge d'erreur (points)": 100 * margin,
        "tout le monde interrogé": N is not None and asked == N,
    }


def explain_sample_size(
    population: int | None,
    *,
    response_rate: float = 0.25,
    margin: float = 0.05,
    confidence: float = 0.95,
    source: str = "",
) -> Reading:
    """How many answers a survey needs and how many people to ask, in plain French.

    The answers needed come from :func:`sample_size` (proportion 0.5, the safest case);
    the people to ask are those answers divided by ``response_rate``. When that is the whole
    population (the usual case of a small structure), the reading says that asking
    everyone is the plan, and gives the margin of error of the answers to expect
    (:func:`margin_of_error` with the finite population correction), e.g. « avec
    10 réponses sur 40 personnes, la marge d'erreur est de ± 27 points ».

    The default response rate, a quarter of the people answering a survey sent 3 months
    after the action, is an order of magnitude used in the project's sample structures
    (a design assumption of ``../shared/reference/structures-and-references.md``, not a
    published figure); the reading says so.

    Parameters
    ----------
    population : int or None
        The number of people concerned (``None``: a large population).
    response_rate : float
        The share of people asked who answer, above 0 and at most 1.
    margin, confidence : float
        As in :func:`sample_size`.
    source : str
        A first sentence saying where the population comes from
        (:func:`survey_population`).

    Returns
    -------
    Reading
        The sentences, and by ``to_frame()`` one row per response rate (100 %, 50 %, 25 %
        and the one asked for): people to ask, answers expected, margin in points, whether
        everyone is asked.

    Raises
    ------
    SamplingError
        In French, for a bad population, rate, margin or confidence.
    """
    N = _population(population)
    rate = _share(
        "response_rate",
        response_rate,
        "le taux de réponse",
        zero=False,
        one=True,
        hint=" (0.25 pour un quart)",
    )
    e, c = _margin(margin), _confidence(confidence)
    needed = sample_size(N, margin=e, confidence=c)
    table = sample_size_table(N, margin=e, confidence=c, rates=(*SCENARIO_RATES, rate))
    chosen = _scenario(needed, N, rate, c)

    of_people = f" sur {plural(N, 'personne', 'personnes')}" if N is not None else ""
    lines = [
        f"Pour une marge d'erreur de {points(e)} avec une confiance de {percent(c)}, "
        f"il faut **{plural(needed, 'réponse', 'réponses')}**{of_people} "
        "(formule de Cochran"
        + (", corrigée pour une population finie" if N is not None else "")
        + f", dans le cas le plus prudent d'une proportion de {percent(0.5)})."
    ]
    if source:
        lines.insert(0, source)
    asked, expected = chosen["personnes à interroger"], chosen["réponses attendues"]
    if not chosen["tout le monde interrogé"]:
        lines.append(
            f"{_rate_words(rate).capitalize()}, interrogez "
            f"**{plural(asked, 'personne', 'personnes')}** pour obtenir ces "
            f"{plural(needed, 'réponse', 'réponses')}."
        )
        return Reading.of([*lines, _BIAS], title="Combien de personnes interroger ?", table=table)

    everyone = "la personne concernée" if N == 1 else f"les {integer(N)} personnes"
    lines.append(
        f"{_rate_words(rate).capitalize()}, **interrogez tout le monde** ({everyone}) : "
        "c'est le plan pour une petite population."
    )
    if expected < 1:
        lines.append(
            "À ce taux de réponse, vous pourriez n'avoir **aucune réponse** : relancez "
            "chaque personne, et lisez ce que vous recueillez comme des témoignages."
        )
    elif expected == N:
        lines.append(
            "Si tout le monde répond, il n'y a pas de marge d'erreur d'échantillonnage : "
            "vous connaissez la situation de chaque personne."
        )
    else:
        lines.append(
            f"Avec {plural(expected, 'réponse', 'réponses')} sur "
            f"{plural(N, 'personne', 'personnes')}, la marge d'erreur est de "
            f"**{points(margin_of_error(expected, N, confidence=c))}** "
            f"(avec une confiance de {percent(c)})"
            + (
                " : lisez les résultats comme des tendances, pas comme des chiffres précis."
                if margin_of_error(expected, N, confidence=c) > e
                else "."
            )
        )
    return Reading.of([*lines, _BIAS], title="Combien de personnes interroger ?", table=table)


# --------------------------------------------------------------------------------------
# Step 07: the population of a workspace and the saved table
# --------------------------------------------------------------------------------------
#: The sample-size table of step 07, in ``ws.step_dir("07")``.
SAMPLE_SIZE_FILE = "taille-echantillon.csv"


def sample_size_table(
    population: int | None,
    *,
    margin: float = 0.05,
    confidence: float = 0.95,
    rates: tuple[float, ...] = SCENARIO_RATES,
):
    """One row per response rate: people to ask, answers expected, their margin.

    The answers needed come from :func:`sample_size` (proportion 0.5); the people to ask
    are those answers divided by the rate, at most the whole population, and the margin
    of the answers expected is :func:`margin_of_error` with the finite population
    correction. ``rates`` are shares above 0 and at most 1, shown from the highest; the
    default includes a quarter of the people answering, an order of magnitude for a
    survey sent 3 months after the action.

    Returns
    -------
    pandas.DataFrame
        Columns ``taux de réponse``, ``personnes à interroger``, ``réponses attendues``,
        ``marge d'erreur (points)``, ``tout le monde interrogé``.
    """
    import pandas as pd

    N = _population(population)
    e, c = _margin(margin), _confidence(confidence)
    checked = {
        _share("rates", r, "un taux de réponse", zero=False, one=True, hint=" (0.25 pour un quart)")
        for r in rates
    }
    needed = sample_size(N, margin=e, confidence=c)
    rows = [_scenario(needed, N, rate, c) for rate in sorted(checked, reverse=True)]
    return pd.DataFrame(rows)


def survey_population(ws: Any, override: int = 0) -> tuple[int | None, str]:
    """The number of people a survey is about, and a French sentence saying where from.

    ``override`` above 0 wins (a coach knows the number). Otherwise, the distinct people
    (``personne_id``) of the register of step 05's clean tables
    (:func:`sizeup_helpers.clean_workspace.register_role`, else the first table that
    counts people),
    read from ``05-nettoyage/resume-nettoyage.json``. ``(None, sentence)`` when neither
    is known: the sizes are then those of a large population.
    """
    import json

    if override:
        n = _count("population", override, "le nombre de personnes concernées")
        return n, (
            f"Population : {plural(n, 'personne', 'personnes')}, le nombre donné en paramètre."
        )
    from .clean_workspace import SUMMARY_FILE, register_role

    path = ws.step_dir("05", create=False) / SUMMARY_FILE
    if path.is_file():
        tables = json.loads(path.read_text(encoding="utf-8")).get("tables", {})
        role = register_role(ws)
        counts = {
            r: t.get("personnes_distinctes")
            for r, t in tables.items()
            if isinstance(t, dict) and t.get("personnes_distinctes")
        }
        if role not in counts and counts:
            role = next(iter(counts))
        if counts.get(role):
            n = int(counts[role])
            return n, (
                f"Population : {plural(n, 'personne distincte', 'personnes distinctes')} "
                f"dans la table « {role} » nettoyée à l'étape 05 (chaque personne comptée "
                "une fois)."
            )
    return None, (
        "Population inconnue : l'étape 05 n'a pas encore compté vos personnes et le "
        "paramètre population vaut 0 ; les tailles ci-dessous sont celles d'une grande "
        "population (sans correction)."
    )


def save_sample_size(
    ws: Any,
    population: int | None,
    *,
    margin: float = 0.05,
    confidence: float = 0.95,
    response_rate: float = 0.25,
):
    """Write :data:`SAMPLE_SIZE_FILE` in ``ws.step_dir("07")`` and return its path.

    The table of :func:`sample_size_table` for 100 %, 50 %, 25 % and ``response_rate``,
    with the population, the margin and confidence asked for, and the answers needed, so
    that the file says alone what it assumed. Written with ``ws.write_csv`` (UTF-8 with a
    byte-order mark, ``;``, for Excel).
    """
    table = sample_size_table(
        population,
        margin=margin,
        confidence=confidence,
        rates=(*SCENARIO_RATES, response_rate),
    )
    table.insert(0, "population (personnes)", population if population is not None else "")
    table.insert(1, "marge visée (points)", round(100 * margin, 1))
    table.insert(2, "confiance", confidence)
    table.insert(
        3, "réponses nécessaires", sample_size(population, margin=margin, confidence=confidence)
    )
    table["marge d'erreur (points)"] = table["marge d'erreur (points)"].round(1)
    table["tout le monde interrogé"] = table["tout le monde interrogé"].map(
        {True: "oui", False: "non"}
    )
    return ws.write_csv(ws.step_dir("07") / SAMPLE_SIZE_FILE, table, sep=";", bom=True)

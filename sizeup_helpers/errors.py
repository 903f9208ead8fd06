"""The package's error classes.

Every expected mistake (a missing file, a wrong key, an unknown step) raises a
:class:`SizeUpError` whose message is one or a few French sentences naming the thing at
fault (file, sheet, key, column, row). The CLI prints it without a traceback and exits
with a non-zero status; notebooks display it the same way (see
:func:`sizeup_helpers.setup_notebook`).
"""

from __future__ import annotations

from typing import Any


class SizeUpError(Exception):
    """An expected problem, explained in French to the person who can fix it."""

    exit_code = 2

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class WorkspaceError(SizeUpError):
    """The workspace folder or its configuration file is missing or invalid."""


class RunError(SizeUpError):
    """A curriculum run could not start or a step failed."""

    exit_code = 1


class ReadError(SizeUpError):
    """A file cannot be read as a table (empty, binary, protected, truncated, too big…)."""


class CleaningError(SizeUpError):
    """A cleaning cannot be done as asked (unknown column, rules that don't fit…)."""


class PrivacyError(SizeUpError):
    """A personal-data rule would be broken (a sensitive column shown row by row, a bad key)."""


class CleanWorkspaceError(SizeUpError):
    """The workspace's configuration does not fit its files (a declared column is absent…)."""


class InventoryError(SizeUpError):
    """The indicators file cannot be used to link data to outcomes."""


class TheoryOfChangeError(SizeUpError):
    """A theory-of-change file or edit is invalid; the message says where and why."""


class ScopeError(SizeUpError):
    """The scope of the evaluation is missing, invalid or out of step with the ToC."""


class FramingError(SizeUpError):
    """A saved self-diagnostic or framing is missing or invalid."""


class QuestionnaireError(SizeUpError):
    """A questionnaire or its XLSForm is invalid; the message names the question, sheet, row."""


class InterviewGuideError(SizeUpError):
    """An interview guide or codebook file is missing or invalid (file, line, key named)."""


class QualitativeError(SizeUpError):
    """A coding file of step 10 is invalid (file, line, column and value named)."""


class IndicatorError(SizeUpError, ValueError):
    """An indicator of step 06 is invalid; the message names the indicator and the field."""


class SamplingError(SizeUpError, ValueError):
    """A sample size or margin of error asked with a bad argument; the message names it."""


class BeforeAfterError(SizeUpError, ValueError):
    """A before/after analysis of step 09 cannot be done on these answers (no pairs, one pair,
    every answer the same, a column that is not numeric…); the message says which."""


class ValuationError(SizeUpError, ValueError):
    """An impact map, an SROI argument or a valuation choice is invalid (row and column named)."""


class KernelDidNotStart(RuntimeError):
    """The notebook's kernel died or stayed silent at start-up, every time it was tried."""

    def __init__(self, attempts: int):
        super().__init__(f"kernel did not start ({attempts} attempts)")
        self.attempts = attempts


def check_option(name: str, value: object, allowed: list | tuple) -> None:
    """Raise a French ``ValueError`` when ``value`` is not one of ``allowed``.

    >>> check_option("kind", "bar", ["bar", "line"])
    >>> check_option("kind", "pie", ["bar", "line"])
    Traceback (most recent call last):
    ...
    ValueError: La valeur de `kind` doit être l'une de ['bar', 'line'], mais 'pie' a été donnée.
    """
    if value not in allowed:
        raise ValueError(
            f"La valeur de `{name}` doit être l'une de {list(allowed)}, "
            f"mais {value!r} a été donnée."
        )


def check_columns(
    frame: Any, columns: Any, func: str, *, error: type[SizeUpError] = SizeUpError
) -> list:
    """``columns`` as a list (one name, several, or ``None`` for all), each checked to be a
    column of ``frame``; otherwise ``error`` in French, naming the function, the missing
    columns and the columns present."""
    from collections.abc import Iterable

    if columns is None:
        return list(frame.columns)
    if isinstance(columns, str) or not isinstance(columns, Iterable):
        columns = [columns]
    columns = list(columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        listed = ", ".join(f"« {c} »" for c in missing)
        known = ", ".join(f"« {c} »" for c in map(str, frame.columns))
        one = len(missing) == 1
        raise error(
            f"`{func}` : {'la colonne' if one else 'les colonnes'} {listed} "
            f"{'n’existe' if one else 'n’existent'} pas dans le tableau "
            f"(colonnes présentes : {known or 'aucune'})."
        )
    return columns


class ResultsError(SizeUpError, ValueError):
    """A ``results.json`` cannot be read (not JSON, or not a Size Up results file)."""


class CohortError(SizeUpError):
    """The cohort file or a cohort command is wrong (exit status 2); the message says where."""

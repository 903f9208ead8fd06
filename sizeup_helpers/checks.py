"""Small check helpers that give a learner automatic feedback in French.

Each check prints ``✅`` with what is right, or ``❌`` with what to look at again, and
returns ``True`` or ``False``. An answer left as ``...`` is reported as not answered yet.
When the environment variable ``SIZEUP_CHECKS_STRICT`` is set (the test suite sets it when
it runs the solution notebooks), a failed check raises ``AssertionError`` instead, so a
solution that no longer passes its own checks fails the tests.

>>> check_value(3, 3, name="nombre d'ateliers")
✅ nombre d'ateliers : c'est juste (3).
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from typing import Any

from . import french


def _strict() -> bool:
    return os.environ.get("SIZEUP_CHECKS_STRICT", "") not in ("", "0")


def _report(ok: bool, success: str, hint: str) -> bool:
    if ok:
        print(f"✅ {success}")
        return True
    if _strict():
        raise AssertionError(hint)
    print(f"❌ {hint}")
    return False


def _unanswered(value: Any) -> bool:
    return value is Ellipsis


def check_answered(value: Any, *, name: str) -> bool:
    """Whether the learner replaced the ``...`` placeholder of ``name``."""
    return _report(
        not _unanswered(value),
        f"{name} : réponse donnée.",
        f"{name} : vous n'avez pas encore répondu (remplacez « ... »).",
    )


def check_value(
    answer: Any, expected: Any, *, name: str, tolerance: float = 0.0, hint: str = ""
) -> bool:
    """Compare an answer with the expected value (numbers within ``tolerance``)."""
    if _unanswered(answer):
        return check_answered(answer, name=name)
    if (
        isinstance(expected, (int, float))
        and isinstance(answer, (int, float))
        and not isinstance(answer, bool)
    ):
        ok = math.isclose(float(answer), float(expected), abs_tol=tolerance, rel_tol=0)
    else:
        ok = answer == expected
    extra = f" {hint}" if hint else ""
    return _report(
        ok,
        f"{name} : c'est juste ({_fmt(expected)}).",
        f"{name} : vous avez trouvé {_fmt(answer)}, ce n'est pas la valeur attendue.{extra}",
    )


def check_choice(answer: Any, allowed: Iterable[Any], *, name: str) -> bool:
    """Check that an answer is one of the allowed options."""
    allowed = list(allowed)
    if _unanswered(answer):
        return check_answered(answer, name=name)
    return _report(
        answer in allowed,
        f"{name} : « {answer} » est une réponse possible.",
        f"{name} : « {answer} » n'est pas une des réponses possibles "
        f"({', '.join(map(str, allowed))}).",
    )


def check_columns(frame: Any, expected: Iterable[str], *, name: str = "le tableau") -> bool:
    """Check that a table has (at least) the expected columns."""
    if _unanswered(frame):
        return check_answered(frame, name=name)
    expected = list(expected)
    missing = [c for c in expected if c not in getattr(frame, "columns", [])]
    return _report(
        not missing,
        f"{name} a bien les colonnes attendues.",
        f"{name} : il manque les colonnes {', '.join(missing)}.",
    )


def check_true(condition: bool, *, success: str, hint: str) -> bool:
    """A free check: ``success`` when ``condition`` holds, ``hint`` otherwise."""
    return _report(bool(condition), success, hint)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return french.decimal(value, 2)
    return repr(value) if isinstance(value, str) else str(value)

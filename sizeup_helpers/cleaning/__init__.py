"""Cleaning verbs, ``clean_table`` and its journal, and the replay of a cleaning (see .core)."""

from .core import *  # noqa: F403
from .core import (  # noqa: F401
    _KINDS,
    _PANDAS_3,
    __all__,
    _category_key,
    _check_rules,
    _fold,
    _name_key,
    _session_of,
    _snake,
)

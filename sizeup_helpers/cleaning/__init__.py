"""Cleaning verbs, ``clean_table`` and its journal, and the replay of a cleaning.

Each verb takes a frame first and returns a new frame (the input is never modified), so
verbs chain::

    clean = (raw.pipe(clean_column_names)
                .pipe(drop_total_rows)
                .pipe(parse_dates, "date_d_entree")
                .pipe(parse_numbers, "montant"))

Every verb accepts ``journal=`` (a :class:`Journal`): what it changed is recorded there
(verb, column, rows affected, values not recognised, examples before → after, with
identifier columns masked). :func:`clean_table` applies the usual verbs after guessing each
column's type from its content and returns a :class:`CleanResult` (the typed frame, its
journal and the *rules* of the cleaning). The rules are saved as YAML in the workspace
(:func:`save_rules`) and replayed on next year's file (:func:`replay_cleaning`), which says
in French what no longer fits.

Speed: values are converted per *distinct* value (``pandas.factorize``, then the result
taken back by code), so a million rows cost a few thousand conversions, never a Python
loop over rows.

Missing-value policy: empty cells and the usual placeholders (``-``, ``NA``, ``n/a``,
``nc``, ``?``…) become missing values and are not counted as "not recognised".

The package is split by job; this module only gathers the public names:

- :mod:`.values`: the distinct-value machinery every verb shares;
- :mod:`.journal`: :class:`Journal` and the recording of a conversion;
- :mod:`.conversions`: dates, numbers, yes / no answers, Likert scales;
- :mod:`.categories`: variants of a category harmonised;
- :mod:`.reshaping`: total rows removed, attendance sheets made long;
- :mod:`.people`: the rows that describe the same person;
- :mod:`.columns`: readable column names and the kind of each column;
- :mod:`.table`: :func:`clean_table`, its rules and their replay.
"""

from __future__ import annotations

from ..errors import CleaningError
from .categories import (
    MAPPING_COLUMNS,
    apply_category_mapping,
    category_key,
    harmonise_categories,
)
from .columns import (
    KIND_LABELS,
    KINDS,
    clean_column_names,
    column_name_hints,
    guess_column_kind,
    snake_case,
)
from .conversions import (
    LIKERT_SCALES,
    parse_booleans,
    parse_dates,
    parse_likert,
    parse_numbers,
)
from .journal import JOURNAL_COLUMNS, Journal
from .people import (
    LINK_KINDS,
    LINK_RULES,
    REGISTER_RULES,
    REVIEW_COLUMNS,
    DuplicateResult,
    find_duplicate_people,
    link_to_register,
    merge_duplicate_people,
    name_key,
    review_groups,
)
from .reshaping import (
    ATTENDANCE_CODES,
    ATTENDANCE_STATUSES,
    attendance_to_long,
    drop_total_rows,
    session_of_column,
)
from .table import (
    RULES_VERSION,
    CleanResult,
    check_rules,
    clean_table,
    load_rules,
    replay_cleaning,
    rules_file_name,
    save_rules,
)
from .values import squeeze_spaces

__all__ = [
    "ATTENDANCE_CODES",
    "ATTENDANCE_STATUSES",
    "JOURNAL_COLUMNS",
    "KIND_LABELS",
    "KINDS",
    "LIKERT_SCALES",
    "LINK_KINDS",
    "LINK_RULES",
    "MAPPING_COLUMNS",
    "REGISTER_RULES",
    "REVIEW_COLUMNS",
    "RULES_VERSION",
    "CleanResult",
    "CleaningError",
    "DuplicateResult",
    "Journal",
    "apply_category_mapping",
    "attendance_to_long",
    "category_key",
    "check_rules",
    "clean_column_names",
    "clean_table",
    "column_name_hints",
    "drop_total_rows",
    "find_duplicate_people",
    "guess_column_kind",
    "harmonise_categories",
    "link_to_register",
    "load_rules",
    "merge_duplicate_people",
    "name_key",
    "parse_booleans",
    "parse_dates",
    "parse_likert",
    "parse_numbers",
    "replay_cleaning",
    "review_groups",
    "rules_file_name",
    "save_rules",
    "session_of_column",
    "snake_case",
    "squeeze_spaces",
]

"""The large variant of a sample workspace, for the benchmarks (never under ``data/samples``).

:func:`write_large_workspace` copies the ``commerce-rural`` sample (its ``structure.yml``,
theory of change, indicators, raw exports, interviews) into a folder of the caller's choice
and replaces its biggest table, the till export of register 1
(``donnees-brutes/caisse1_tickets_2024.csv``, 55 508 ticket lines), by the same shop's
till over consecutive years, ``rows`` lines long, written by
:func:`tools.samplegen.commerce_rural.write_large` (same columns, ``;``, Windows-1252,
comma decimals, refunds as negative lines). Everything else is the sample as shipped, so
the curriculum's notebooks run on it unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: The sample whose biggest table is made large, and that table (relative path).
SAMPLE = "commerce-rural"
BIG_TABLE = "donnees-brutes/caisse1_tickets_2024.csv"
LARGE_ROWS = 1_000_000


def write_large_workspace(dest: str | Path, rows: int = LARGE_ROWS) -> Path:
    """Copy the ``commerce-rural`` sample into ``dest`` with a till export of ``rows`` lines.

    Parameters
    ----------
    dest
        A folder that does not exist yet, or an empty one; never inside ``data/samples``
        (the shipped samples stay as they are).
    rows
        Ticket lines of the till export (the biggest table), at least 1.

    Returns
    -------
    Path
        ``dest``, a workspace (it holds ``structure.yml``) that ``sizeup run`` accepts.

    Raises
    ------
    ValueError
        When ``dest`` is inside the shipped samples or is a folder that is not empty.
    """
    from sizeup_helpers.workspace import samples_dir

    from .commerce_rural import write_large

    dest = Path(dest)
    samples = samples_dir().resolve()
    if dest.resolve() == samples or samples in dest.resolve().parents:
        raise ValueError(f"« {dest} » est dans les exemples livrés ({samples}) : refusé.")
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(f"« {dest} » n'est pas un dossier vide.")
    source = samples / SAMPLE
    shutil.copytree(source, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("sorties"))
    write_large(dest / BIG_TABLE, rows)
    return dest

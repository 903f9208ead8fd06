"""A programme's cohort: the structures it follows in one year, run and read together.

The programme team (an incubator, a regional ESS chamber, a federation) describes its cohort
in ``cohorte.yml`` (:func:`load_cohort`): the programme's name and year, its start month and
the workspaces of its structures. ``sizeup cohort run`` runs the curriculum for each of them,
each in its own output folder under the cohort's output folder (:meth:`Cohort.member_output`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Cohort", "CohortMember"]


@dataclass(frozen=True)
class CohortMember:
    """One structure of the cohort."""

    workspace: Path
    """The structure's workspace folder (absolute)."""
    slug: str
    """Name of its output folder inside the cohort's output folder; unique in the cohort."""
    name: str
    """« nom » of its ``structure.yml`` (the slug when the file cannot be read)."""
    parameters: dict[str, Any] = field(default_factory=dict)
    """Notebook parameters for this structure (as ``sizeup run -p``)."""
    line: int = 0
    """Line of its entry in ``cohorte.yml`` (0 when built in code)."""


@dataclass(frozen=True)
class Cohort:
    """A programme's cohort, as ``cohorte.yml`` describes it."""

    path: Path
    """The ``cohorte.yml`` file (absolute)."""
    programme: str
    year: int
    start_month: str
    """First month of the programme, ``"AAAA-MM"`` (step 01's calendar starts there)."""
    members: tuple[CohortMember, ...]
    output_dir: Path
    """Default output folder of the cohort (``sorties`` key, or ``sorties-cohorte`` beside
    the file)."""

    def member_output(self, member: CohortMember, out_dir: Path | None = None) -> Path:
        """The output folder of ``member``: ``<out_dir>/<slug>``."""
        return Path(out_dir or self.output_dir) / member.slug

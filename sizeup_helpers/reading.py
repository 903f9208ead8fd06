"""Readings: a result said in plain French, the same in a notebook, a terminal and a test.

A step module returns a :class:`Reading` from its ``explain_…`` functions; a notebook's
« Ce que cela veut dire pour vous » cell is then one call, displayed as Markdown by
Jupyter (``_repr_markdown_``), printed as text by ``sizeup`` (``to_text()``), and its
wording is unit-tested on every sample structure.

The contract, shared with :class:`~sizeup_helpers.cleaning.Journal` and
:class:`~sizeup_helpers.io.LoadReport`: ``_repr_markdown_()`` for notebooks,
``to_text()`` for terminals and logs, ``to_frame()`` where a table makes sense.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


@dataclass(frozen=True, repr=False)
class Reading:
    """A plain-French reading of a result.

    Parameters
    ----------
    lines : list of str
        Markdown paragraphs or bullet points (a line starting with ``- ``), in order.
    title : str, optional
        A short bold heading shown above the lines.
    table : pandas.DataFrame, optional
        The figures the sentences are read from, returned by :meth:`to_frame`.

    Examples
    --------
    >>> r = Reading(["**3 personnes** suivies.", "- une remarque"], title="En bref")
    >>> print(r.to_text())
    En bref
    3 personnes suivies.
    - une remarque
    >>> r.to_markdown().splitlines()[0]
    '**En bref**'
    >>> bool(Reading([]))
    False
    """

    lines: list[str] = field(default_factory=list)
    title: str = ""
    table: Any = None

    @classmethod
    def of(cls, lines: Iterable[str | None], *, title: str = "", table: Any = None) -> Reading:
        """A reading from ``lines``, leaving out empty ones (``None`` or ``""``)."""
        return cls([line for line in lines if line], title=title, table=table)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __iter__(self):
        return iter(self.lines)

    def __add__(self, other: Reading) -> Reading:
        table = self.table if self.table is not None else other.table
        return Reading([*self.lines, *other.lines], title=self.title or other.title, table=table)

    def to_markdown(self) -> str:
        """The reading as Markdown: bullet points grouped, paragraphs apart."""
        out: list[str] = [f"**{self.title}**"] if self.title else []
        for line in self.lines:
            bullet = line.startswith("- ")
            if out and not (bullet and out[-1].startswith("- ")):
                out.append("")
            out.append(line)
        return "\n".join(out)

    def to_text(self) -> str:
        """The reading as plain text (Markdown emphasis and code marks removed)."""
        lines = [self.title, *self.lines] if self.title else list(self.lines)
        return "\n".join(_EMPHASIS.sub("", line) for line in lines)

    def to_frame(self):
        """The table the reading was made from (a copy), or an empty table."""
        import pandas as pd

        return pd.DataFrame() if self.table is None else self.table.copy()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:  # the text/plain output of a notebook cell
        return self.to_text()


class LinesReport:
    """A report that says itself as French lines, like a :class:`Reading`.

    A subclass (a dataclass of findings: :class:`~sizeup_helpers.form_answers.AnswersReport`,
    :class:`~sizeup_helpers.survey_tools.SurveyToolReport`) defines :meth:`lines`; the
    text, Markdown and ``str`` forms follow from them.
    """

    def lines(self) -> list[str]:  # pragma: no cover - defined by each report
        raise NotImplementedError

    def to_text(self) -> str:
        """The report as plain text."""
        return "\n".join(self.lines())

    def _repr_markdown_(self) -> str:  # pragma: no cover - notebook display
        return "\n".join(self.lines())

    def __str__(self) -> str:
        return self.to_text()

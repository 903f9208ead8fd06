"""A sample's files one year later: next year's exports of the same structure (second year).

A coach runs the chain a year later on next year's files: the cleaning rules of year one
are replayed and the indicators compared with last year's ``results.json``. To test that
path, :func:`write_next_year` generates a sample's workspace for the following year into a
folder of the caller's choice (never under ``data/samples``: the committed samples stay
byte for byte what ``make samples`` writes):

- the same generator, with the year moved on, another seed and the drift of
  :data:`NEXT_YEAR` (planted rates changed, so the indicators move by a known amount);
- overlapping people: a share of year one's people come back (same names, e-mails, phones,
  dates of birth), the others are new;
- the same messy conventions, plus what a year changes in real exports: a column renamed in
  the online form, a new spelling of a category. The replayed rules must flag both.

The year-two truth (``verite-terrain.json``) says all this under ``annee_suivante``: the
previous year, the returning people, each drift (year one's planted value and year two's)
and the changes to the files, with the rows they touch.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from ._base import TRUTH_FILE, patched, write_sample

#: What changes from one year to the next, per sample. ``drift``: module constants and their
#: year-two value; ``returning``: the share of year-two people who already came in year
#: one; ``renamed``: ``{file: {old column: new column}}``; ``respelled``: ``{file: {column:
#: {old value: new value}}}`` (every row holding the old value gets the new spelling).
NEXT_YEAR: dict[str, dict[str, Any]] = {
    "ateliers-emploi": {
        "drift": {
            "NO_SHOW_RATE": 0.2,  # fewer registrations without a presence (SMS reminders)
            "EMPLOYMENT_OR_TRAINING_6M": 0.56,  # more people in work or training at 6 months
        },
        "returning": 0.25,
        "renamed": {"inscriptions_export.csv": {"comment_connu": "connu_par"}},
        "respelled": {"suivi_situation.csv": {"canal": {"e-mail": "Courriel"}}},
    },
}
#: The seed of year ``n`` after the committed one: the committed seed, then this offset.
SEED_STEP = 1_000


def write_next_year(slug: str, dest: str | Path, *, years: int = 1) -> Path:
    """Write the sample ``slug`` as it would be ``years`` years later into ``dest/<slug>``.

    Parameters
    ----------
    slug
        A sample listed in :data:`NEXT_YEAR`.
    dest
        A folder outside ``data/samples``; ``dest/<slug>`` is replaced.
    years
        How many years after the committed sample (at least 1).

    Returns
    -------
    Path
        The year-two workspace (``structure.yml``, ``donnees-brutes/``, drafts, truth).
    """
    from sizeup_helpers.workspace import samples_dir

    from . import SAMPLES

    if slug not in NEXT_YEAR:
        raise ValueError(
            f"Pas d'année suivante pour « {slug} » (prévue pour : {', '.join(NEXT_YEAR)})."
        )
    if years < 1:
        raise ValueError(f"`years` doit valoir au moins 1 (reçu {years}).")
    dest = Path(dest)
    samples = samples_dir().resolve()
    if dest.resolve() == samples or samples in dest.resolve().parents:
        raise ValueError(f"« {dest} » est dans les exemples livrés ({samples}) : refusé.")
    plan = NEXT_YEAR[slug]
    module = SAMPLES[slug]
    first_year, first_seed = module.YEAR, module.SEED
    before = {name: getattr(module, name) for name in plan["drift"]}
    returning: list[int] = []
    changes = {
        "YEAR": first_year + years,
        "SEED": first_seed + SEED_STEP * years,
        "Faker": _returning_faker(module, plan["returning"], returning),
        **plan["drift"],
    }
    with patched(module, changes):
        root = write_sample(module, dest)
    touched = _change_files(root, plan)
    truth_path = root / TRUTH_FILE
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    truth["annee_suivante"] = {
        "annee_precedente": first_year,
        "annee": first_year + years,
        "graine_annee_precedente": first_seed,
        "personnes_revenues": len(returning),
        "part_revenues_plantee": plan["returning"],
        "derives": {
            name: {"annee_precedente": before[name], "annee": value}
            for name, value in plan["drift"].items()
        },
        "colonnes_renommees": plan["renamed"],
        "nouvelles_orthographes": plan["respelled"],
        "lignes_nouvelle_orthographe": touched,
    }
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return root


def _returning_faker(module: Any, share: float, returning: list[int]) -> type:
    """A Faker whose people are, for ``share`` of them, year one's people again.

    Year one's people are drawn again, in order, by a Faker seeded as year one's build was
    (its people are its first draws), with the same arguments and year one's ``YEAR``; the
    year-two generator decides with its own draws which of them come back. The indexes of
    those who come back are appended to ``returning``.
    """
    base = module.Faker
    first_seed, first_year = module.SEED, module.YEAR

    class ReturningFaker(base):
        def __init__(self, rng: np.random.Generator):
            super().__init__(rng)
            self._year_one = base(np.random.default_rng(first_seed))
            self._drawn = 0

        def person(self, **kwargs: Any):
            old = self._year_one.person(**{**kwargs, "year": first_year})
            index, self._drawn = self._drawn, self._drawn + 1
            if self.rng.random() < share and old.email not in self._emails:
                self._emails.add(old.email)
                returning.append(index)
                return old
            return super().person(**kwargs)

    return ReturningFaker


def _change_files(root: Path, plan: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Rename columns and respell categories in the raw files; the rows touched per column."""
    touched: dict[str, dict[str, int]] = {}
    for name in sorted(set(plan["renamed"]) | set(plan["respelled"])):
        path = root / "donnees-brutes" / name
        data = path.read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252"), "cp1252"
        newline = "\r\n" if b"\r\n" in data else "\n"
        sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        header = rows[0]
        for column, spellings in plan["respelled"].get(name, {}).items():
            i = header.index(column)
            n = 0
            for row in rows[1:]:
                if i < len(row) and row[i] in spellings:
                    row[i] = spellings[row[i]]
                    n += 1
            touched.setdefault(name, {})[column] = n
        renamed = plan["renamed"].get(name, {})
        rows[0] = [renamed.get(c, c) for c in header]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=sep, lineterminator=newline)
        writer.writerows(rows)
        out = buffer.getvalue().encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out)
    return touched

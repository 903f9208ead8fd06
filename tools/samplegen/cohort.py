"""A synthetic cohort: N fictional workspaces made from the seven sample generators.

To try the cohort commands (``sizeup cohort run``, ``tableau``, ``rapport``) at the scale of
a network (dozens to hundreds of structures), :func:`make_cohort` writes ``n`` workspaces
and the ``cohorte.yml`` that lists them (``sizeup cohort synthetique N --dest D``). Each
structure is one of the seven kinds of sample, in turn (structure ``i`` is of kind
``i mod 7``, in the curriculum's order), generated with:

- its own seed (the generator's ``SEED``), so its people, rows and planted effects differ;
- its own size: the generator's size constants times a factor between ×0.5 and ×2
  (:data:`SIZE_KNOBS` lists, per kind, the constants that allow it). The factors are
  stratified: each block of seven structures (1–7, 8–14…) takes the seven steps of
  :data:`SIZE_LADDER` once each, shuffled, so that every block holds the same mix of sizes
  and a cohort of 7 is a fair baseline for the time per structure of a cohort of 200;
- its own messiness: the generator's messiness constants (share of typos, duplicate
  accounts, label variants, cells left empty…, :data:`MESSINESS_KNOBS`) times a level
  drawn between ×0.5 and ×2, capped where a share would stop making sense;
- a unique name, « Structure synthétique 017 — ateliers-emploi », and folder,
  ``structure-017-ateliers-emploi``.

Everything is drawn from ``numpy.random.default_rng([seed, i])``: the same ``(n, seed)``
gives the same files, and the first ``k`` structures of a larger cohort are those of the
cohort of ``k``. Each workspace keeps its generator's planted truth (``verite-terrain.json``),
with what was varied under ``cohorte_synthetique``. The data are fictional, as the samples'.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from sizeup_helpers.samples import SAMPLE_ORDER

#: Cohort file written beside the workspaces.
COHORT_FILE = "cohorte.yml"
#: Year and first month written in the cohort file.
COHORT_YEAR = 2026
COHORT_START = "2026-01"
#: Range of the size factor and of the messiness level (both log-uniform).
SIZE_RANGE = (0.5, 2.0)
MESSINESS_RANGE = (0.5, 2.0)
#: The seven size factors each block of seven structures shares out (log-spaced from
#: ×0.5 to ×2): 0.5, 0.63, 0.794, 1.0, 1.26, 1.587, 2.0.
SIZE_LADDER = tuple(
    round(math.exp(math.log(SIZE_RANGE[0]) + k * math.log(SIZE_RANGE[1] / SIZE_RANGE[0]) / 6), 3)
    for k in range(7)
)
#: Most processes :func:`make_cohort` uses by default.
MAX_JOBS = 4
#: Attempts with another seed when a generator refuses a seed (its own checks).
ATTEMPTS = 5

#: Per kind, the generator constants scaled by the size factor (integers stay integers).
#: ``formation-batiment``: the trainees of each session; ``insertion-transport``: the days
#: between two hires (divided, so more hires); ``energie-citoyenne``: its collectives are
#: fixed, only the survey and the people of its second collective are scaled.
SIZE_KNOBS: dict[str, tuple[str, ...]] = {
    "commerce-rural": ("TICKETS_PER_DAY", "N_SURVEY", "N_CARDS_ISSUED"),
    "formation-batiment": ("SESSIONS",),
    "ateliers-emploi": ("N_PEOPLE",),
    "insertion-transport": ("HIRE_GAP_DAYS",),
    "mobilite-accompagnee": ("N_BENEFICIAIRES", "N_GUIDES"),
    "energie-citoyenne": ("N_SURVEY_TARGET", "SECOND_COLLECTIVE_PEOPLE"),
    "justice-jeunesse": ("N_INTERVENTIONS",),
}
#: Per kind, the messiness constants scaled by the messiness level and their ceiling.
MESSINESS_KNOBS: dict[str, dict[str, float]] = {
    "commerce-rural": {"LABEL_VARIANT_RATE": 0.5},
    "formation-batiment": {"UNFILLED": 0.05, "N_DOUBLE_ENROLMENTS": 6},
    "ateliers-emploi": {"EMAIL_TYPO_RATE": 0.8},
    "insertion-transport": {"N_REHIRED": 4},
    "mobilite-accompagnee": {"N_DUPLICATE_ACCOUNTS": 12},
    "energie-citoyenne": {"PARTS_TYPED_AS_EUROS": 14},
    "justice-jeunesse": {},
}


def structure_name(number: int, kind: str) -> str:
    """« Structure synthétique 017 — ateliers-emploi »."""
    return f"Structure synthétique {number:03d} — {kind}"


def structure_folder(number: int, kind: str) -> str:
    """``structure-017-ateliers-emploi``: the workspace's folder and slug."""
    return f"structure-{number:03d}-{kind}"


def plan(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """What :func:`make_cohort` writes, without writing it: one dict per structure.

    Keys: ``number`` (1 to ``n``), ``kind`` (a sample's slug), ``name``, ``folder``,
    ``size`` (factor), ``messiness`` (level) and ``rng`` (the structure's generator, which
    then draws its seed).
    """
    if n < 1:
        raise ValueError(f"Une cohorte synthétique compte au moins 1 structure (reçu {n}).")
    out = []
    for i in range(n):
        kind = SAMPLE_ORDER[i % len(SAMPLE_ORDER)]
        rng = np.random.default_rng([int(seed), i])
        block = i // len(SIZE_LADDER)
        ladder = np.random.default_rng([int(seed), block, 1]).permutation(len(SIZE_LADDER))
        size = SIZE_LADDER[int(ladder[i % len(SIZE_LADDER)])]
        messiness = _log_uniform(rng, *MESSINESS_RANGE)
        out.append(
            {
                "number": i + 1,
                "kind": kind,
                "name": structure_name(i + 1, kind),
                "folder": structure_folder(i + 1, kind),
                "size": size,
                "messiness": messiness,
                "rng": rng,
            }
        )
    return out


def make_cohort(n: int, dest: str | Path, *, seed: int = 0, jobs: int | None = None) -> Path:
    """Write ``n`` fictional workspaces under ``dest`` and the cohort file that lists them.

    Parameters
    ----------
    n
        Number of structures (at least 1); kinds follow the curriculum's order in turn.
    dest
        Folder of the cohort (created); never inside the shipped samples. A structure's
        folder already there is replaced; other files are left alone.
    seed
        Seed of the whole cohort: the same ``(n, seed)`` writes the same files.
    jobs
        Structures generated at once, each in a process of its own (default: the
        machine's processors, at most :data:`MAX_JOBS`); the files do not depend on it.

    Returns
    -------
    Path
        ``dest/cohorte.yml``: ``programme``, ``annee``, ``debut`` and ``structures`` (the
        workspaces' folders, relative to the file).
    """
    from sizeup_helpers.workspace import samples_dir

    dest = Path(dest)
    samples = samples_dir().resolve()
    if dest.resolve() == samples or samples in dest.resolve().parents:
        raise ValueError(f"« {dest} » est dans les exemples livrés ({samples}) : refusé.")
    structures = plan(n, seed)
    dest.mkdir(parents=True, exist_ok=True)
    staging = dest / ".generation"
    jobs = min(jobs or os.cpu_count() or 1, MAX_JOBS, n)
    try:
        if jobs <= 1:
            for entry in structures:
                _write_structure(entry, dest, staging / entry["folder"], int(seed))
        else:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [
                    pool.submit(_write_structure, e, dest, staging / e["folder"], int(seed))
                    for e in structures
                ]
                for future in futures:
                    future.result()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _write_cohort_file(dest, structures, int(seed))


# --------------------------------------------------------------------------------------
# One structure
# --------------------------------------------------------------------------------------
def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return round(math.exp(rng.uniform(math.log(low), math.log(high))), 3)


def _scaled(value: Any, factor: float, *, minimum: int = 1) -> Any:
    if isinstance(value, float):
        return value * factor
    return max(minimum, round(value * factor))


def size_changes(kind: str, module: Any, factor: float) -> dict[str, Any]:
    """The generator constants of ``kind`` at ``factor`` times the sample's size."""
    changes: dict[str, Any] = {}
    for name in SIZE_KNOBS[kind]:
        value = getattr(module, name)
        if name == "SESSIONS":  # id, programme, first Monday, weeks, trainees, header rows
            changes[name] = [(*s[:4], _scaled(s[4], factor, minimum=4), s[5]) for s in value]
        elif name == "HIRE_GAP_DAYS":
            low = max(1, round(value[0] / factor))
            changes[name] = (low, max(low + 1, round(value[1] / factor)))
        else:
            changes[name] = _scaled(value, factor, minimum=2)
    return changes


def messiness_changes(kind: str, module: Any, level: float) -> dict[str, Any]:
    """The messiness constants of ``kind`` at ``level`` times the sample's, capped."""
    changes: dict[str, Any] = {}
    for name, ceiling in MESSINESS_KNOBS[kind].items():
        value = getattr(module, name)
        if isinstance(value, float):
            changes[name] = round(min(ceiling, value * level), 4)
        else:
            changes[name] = min(int(ceiling), max(0, round(value * level)))
    return changes


def _write_structure(entry: dict[str, Any], dest: Path, staging: Path, seed: int) -> Path:
    """Generate one structure into ``dest/<folder>``, retrying with another seed if the
    generator refuses one."""
    import json

    from . import SAMPLES
    from ._base import TRUTH_FILE, patched, write_sample

    kind, rng = entry["kind"], entry["rng"]
    module = SAMPLES[kind]
    changes = {
        "NAME": entry["name"],
        **size_changes(kind, module, entry["size"]),
        **messiness_changes(kind, module, entry["messiness"]),
    }
    error: Exception | None = None
    for _attempt in range(ATTEMPTS):
        changes["SEED"] = int(rng.integers(1, 2**31 - 1))
        try:
            with patched(module, changes):
                built = write_sample(module, staging)
            break
        except (AssertionError, ValueError, IndexError) as exc:  # the generator's checks
            error = exc
    else:
        raise RuntimeError(f"{entry['name']} : génération impossible ({error})") from error
    root = dest / entry["folder"]
    if root.exists():
        shutil.rmtree(root)
    built.rename(root)
    _rename_in_config(root / "structure.yml", module.SLUG, entry)
    truth_path = root / TRUTH_FILE
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    truth["cohorte_synthetique"] = {
        "graine_cohorte": seed,
        "numero": entry["number"],
        "type_exemple": kind,
        "graine": changes["SEED"],
        "facteur_taille": entry["size"],
        "niveau_desordre": entry["messiness"],
        "constantes": {k: v for k, v in changes.items() if k not in ("NAME", "SEED")},
    }
    truth_path.write_text(
        json.dumps(truth, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return root


def _rename_in_config(path: Path, old_slug: str, entry: dict[str, Any]) -> None:
    """Give ``structure.yml`` the structure's own slug and a header saying where it
    comes from (the name is already the structure's: the generator wrote it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [
        f"# Espace de travail Size Up — {entry['name']}",
        "# DONNÉES FICTIVES : structure d'une cohorte synthétique générée par "
        f"`sizeup cohort synthetique` à partir de l'exemple « {old_slug} ».",
    ]
    seen = False
    for line in lines:
        if line.startswith("#"):
            continue
        if not seen and line.strip() == f"slug: {old_slug}":
            line = line.replace(old_slug, entry["folder"])
            seen = True
        out.append(line)
    if not seen:
        raise RuntimeError(f"slug « {old_slug} » introuvable dans {path}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------
# The cohort file
# --------------------------------------------------------------------------------------
def _write_cohort_file(dest: Path, structures: list[dict[str, Any]], seed: int) -> Path:
    import yaml

    body = {
        "programme": f"Programme synthétique Size Up ({len(structures)} structures, graine {seed})",
        "annee": COHORT_YEAR,
        "debut": COHORT_START,
        "structures": [s["folder"] for s in structures],
    }
    header = (
        "# Cohorte synthétique Size Up — DONNÉES FICTIVES, générée par "
        f"`sizeup cohort synthetique {len(structures)} --graine {seed}`.\n"
    )
    target = dest / COHORT_FILE
    target.write_text(
        header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return target

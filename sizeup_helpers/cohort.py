"""A programme's cohort: the structures it follows in one year, run and read together.

The programme team (an incubator, a regional ESS chamber, a federation) describes its cohort
in ``cohorte.yml`` (:func:`load_cohort`): the programme's name and year, its start month and
the workspaces of its structures. ``sizeup cohort run`` runs the curriculum for each of them
(:func:`run_cohort`), each in its own output folder under the cohort's output folder
(:meth:`Cohort.member_output`):

- on this machine, side by side in separate processes (``jobs``): each structure gets a
  fresh process, the parent keeps only a small :class:`MemberOutcome` per structure, so its
  memory stays flat with hundreds of structures;
- on a Dask distributed cluster (``scheduler``, the address of a running scheduler): the
  same function (:func:`run_member`) runs on the cluster's workers, which must see the
  workspaces and the output folder at the same paths (a shared folder).

A failure in one structure never stops the others: :func:`run_member` never raises, it
returns the failure as one French line. A re-run resumes: the runner does not run again a
step whose inputs did not change since its last good run (``resume``). The cohort's journal
``journal-cohorte.md`` is written in the output folder after every run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import french
from .errors import CohortError, SizeUpError
from .yamlfile import Key, Problems, check_mapping, child, item, line, read_yaml_file

__all__ = [
    "COHORT_FILE",
    "JOURNAL_FILE",
    "Cohort",
    "CohortError",
    "CohortMember",
    "CohortResult",
    "MemberJob",
    "MemberOutcome",
    "load_cohort",
    "run_cohort",
    "run_member",
    "write_example_cohort",
]

COHORT_FILE = "cohorte.yml"
"""The usual name of a cohort file."""
DEFAULT_OUTPUT = "sorties-cohorte"
"""Output folder of a cohort without ``sorties``, beside its file."""
JOURNAL_FILE = "journal-cohorte.md"
"""The cohort's journal, in its output folder."""
STRUCTURE_FILE = "structure.yml"

SCHEDULER_TIMEOUT = 20
"""Seconds to wait for the Dask scheduler of ``--scheduler`` to answer."""

_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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
    seminars: tuple[tuple[dt.date, str], ...] = ()
    """The programme's seminars from ``seminaires`` (date, title), by date; empty when the
    file gives none (the dashboard then derives them from step 01's calendar)."""

    def member_output(self, member: CohortMember, out_dir: Path | None = None) -> Path:
        """The output folder of ``member``: ``<out_dir>/<slug>``."""
        return Path(out_dir or self.output_dir) / member.slug


# --------------------------------------------------------------------------------------
# The cohort file
# --------------------------------------------------------------------------------------
MEMBER_SCHEMA: dict[str, Key] = {
    "chemin": Key((str,), True, "dossier de l'espace de travail, relatif à cohorte.yml"),
    "parametres": Key((dict,), False, "paramètres des carnets pour cette structure"),
}
SEMINAR_SCHEMA: dict[str, Key] = {
    "date": Key((dt.date,), True, "date du séminaire, AAAA-MM-JJ"),
    "titre": Key((str,), True, "titre du séminaire"),
}
COHORT_SCHEMA: dict[str, Key] = {
    "programme": Key((str,), True, "nom du programme"),
    "annee": Key((int,), False, "année du programme"),
    "debut": Key((str, dt.date), True, "premier mois du programme, AAAA-MM"),
    "sorties": Key((str,), False, "dossier des sorties de la cohorte, relatif à cohorte.yml"),
    "seminaires": Key((list,), False, "dates et titres des séminaires", items=SEMINAR_SCHEMA),
    "structures": Key((list,), True, "les espaces de travail des structures"),
}


def load_cohort(path: str | os.PathLike) -> Cohort:
    """Read and check a ``cohorte.yml``.

    Keys: ``programme`` (text), ``annee`` (whole number, default the year of ``debut``),
    ``debut`` (``AAAA-MM``), ``sorties`` (folder, default ``sorties-cohorte`` beside the
    file), ``seminaires`` (list of ``date``/``titre``) and ``structures``: each a
    workspace folder, or a mapping ``chemin``/``parametres``. Paths are relative to the
    file's folder. A structure's output folder is named after its workspace folder.

    Raises
    ------
    CohortError
        In French, naming the file and the line of every mistake: an unknown key (« vouliez-
        vous dire »), a missing folder or ``structure.yml``, the same workspace twice, two
        output folders of the same name, a parameter value too large.
    """
    from .runner import check_parameter_size

    path = Path(path).expanduser().resolve()
    data, node = read_yaml_file(
        path, CohortError, missing="Écrivez un fichier de cohorte (voir docs/cohorte.md)."
    )
    if not isinstance(data, dict) or node is None:
        raise CohortError(
            f"{path} : le fichier doit contenir des clés « clé: valeur » "
            "(au moins programme, debut, structures)."
        )
    problems = Problems()
    check_mapping(node, data, COHORT_SCHEMA, "", problems)
    base = path.parent

    start = data.get("debut")
    start_month = ""
    if isinstance(start, str) and _MONTH_RE.match(start.strip()):
        start_month = start.strip()
    elif start is not None and isinstance(start, str | dt.date):
        problems.add(
            line(node, "debut"),
            f"« debut » doit être un mois AAAA-MM (par exemple 2026-09), pas « {start} »",
        )
    year = data.get("annee")
    if not isinstance(year, int) or isinstance(year, bool):
        year = int(start_month[:4]) if start_month else 0

    seminars = []
    for entry in data.get("seminaires") or []:
        if isinstance(entry, dict) and isinstance(entry.get("date"), dt.date):
            seminars.append((entry["date"], str(entry.get("titre") or "")))

    members = _members(data.get("structures"), child(node, "structures"), base, problems)
    for member in members:
        for name, value in member.parameters.items():
            try:
                check_parameter_size(str(name), value, f"{path.name}, ligne {member.line}")
            except SizeUpError as exc:
                problems.add(member.line, exc.message.rstrip("."))
    problems.raise_for(str(path), CohortError)

    out = data.get("sorties")
    output_dir = (base / out).resolve() if isinstance(out, str) and out.strip() else None
    return Cohort(
        path=path,
        programme=data["programme"].strip(),
        year=year,
        start_month=start_month,
        members=tuple(members),
        output_dir=output_dir or base / DEFAULT_OUTPUT,
        seminars=tuple(sorted(seminars)),
    )


def _members(entries: Any, node: Any, base: Path, problems: Problems) -> list[CohortMember]:
    """The structures of ``structures:``, each checked; mistakes go to ``problems``."""
    if not isinstance(entries, list):
        return []
    if not entries:
        problems.add(line(node), "la liste « structures » est vide : ajoutez au moins un espace")
        return []
    members: list[CohortMember] = []
    seen_folders: dict[Path, int] = {}
    seen_slugs: dict[str, int] = {}
    for i, entry in enumerate(entries):
        entry_node = item(node, i) or node
        at = line(entry_node) or 0
        label = f"structures[{i + 1}]"
        if isinstance(entry, str):
            folder_text, parameters = entry, {}
        elif isinstance(entry, dict):
            if not check_mapping(entry_node, entry, MEMBER_SCHEMA, label, problems):
                continue
            folder_text, parameters = entry["chemin"], dict(entry.get("parametres") or {})
        else:
            problems.add(
                at,
                f"« {label} » doit être le chemin d'un espace de travail ou un ensemble "
                f"« chemin: … » / « parametres: … », pas {entry!r}",
            )
            continue
        if not folder_text.strip():
            problems.add(at, f"« {label} » est vide : écrivez le chemin d'un espace de travail")
            continue
        folder = (base / Path(folder_text.strip()).expanduser()).resolve()
        if not folder.is_dir():
            problems.add(at, f"le dossier « {folder_text} » n'existe pas (cherché en « {folder} »)")
            continue
        if not (folder / STRUCTURE_FILE).is_file():
            problems.add(
                at,
                f"le dossier « {folder_text} » n'est pas un espace de travail : il n'y a pas "
                f"de fichier {STRUCTURE_FILE} (créez-le avec `sizeup init`)",
            )
            continue
        if folder in seen_folders:
            problems.add(
                at,
                f"l'espace « {folder_text} » est déjà dans la cohorte (ligne "
                f"{seen_folders[folder]}) : une structure n'y figure qu'une fois",
            )
            continue
        seen_folders[folder] = at
        slug = french.slugify(folder.name) or f"structure-{i + 1}"
        if slug in seen_slugs:
            problems.add(
                at,
                f"l'espace « {folder_text} » aurait le même dossier de sorties « {slug} » "
                f"que celui de la ligne {seen_slugs[slug]} : renommez l'un des deux dossiers",
            )
            continue
        seen_slugs[slug] = at
        members.append(
            CohortMember(
                workspace=folder,
                slug=slug,
                name=_structure_name(folder) or slug,
                parameters=parameters,
                line=at,
            )
        )
    return members


def _structure_name(folder: Path) -> str:
    """« nom » of the workspace's ``structure.yml``, ``""`` when it cannot be read (the run
    of that structure will say why, without stopping the others)."""
    try:
        data, _ = read_yaml_file(folder / STRUCTURE_FILE, CohortError)
        name = data["structure"]["nom"]
    except (SizeUpError, TypeError, KeyError):
        return ""
    return name.strip() if isinstance(name, str) else ""


EXAMPLE_START_MONTH = "2025-09"
"""First month of the example cohort: the samples' data run from September 2025."""


def write_example_cohort(dest: str | os.PathLike = "cohorte-exemple") -> Path:
    """Write ``dest/cohorte.yml``: the seven sample structures as one cohort.

    What ``sizeup cohort exemple`` writes, so that a programme team tries every cohort
    command on the shipped samples (read only: their outputs go to ``dest/sorties``).
    The samples are named by their absolute path (a checkout's ``data/samples`` or the
    installed package's). An existing ``cohorte.yml`` is never overwritten.

    Returns
    -------
    Path
        The cohort file.
    """
    from .samples import SAMPLE_ORDER
    from .workspace import samples_dir

    folder = Path(dest).expanduser().resolve()
    target = folder / COHORT_FILE
    if target.exists():
        raise CohortError(f"{target} existe déjà : choisissez un autre dossier avec --dest.")
    samples = samples_dir()
    slugs = [s for s in SAMPLE_ORDER if (samples / s / STRUCTURE_FILE).is_file()]
    if not slugs:
        raise CohortError(f"Aucune structure d'exemple trouvée dans « {samples} ».")
    lines = [
        "# Cohorte d'exemple : les sept structures fictives de Size Up (données fictives).",
        "# Écrit par `sizeup cohort exemple` ; voir docs/cohorte.md.",
        "programme: Programme d'exemple Size Up",
        f"annee: {EXAMPLE_START_MONTH[:4]}",
        f"debut: {EXAMPLE_START_MONTH}",
        "sorties: sorties",
        "structures:",
        *(f"  - {json.dumps(str(samples / slug), ensure_ascii=False)}" for slug in slugs),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


# --------------------------------------------------------------------------------------
# Running one structure (in a separate process, or on a Dask worker)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberJob:
    """What :func:`run_member` needs to run one structure: plain, picklable values."""

    workspace: str
    output_dir: str
    slug: str
    name: str
    steps: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    resume: bool = True
    version: str = ""
    """The sizeup version of the command; a worker with another version refuses the job."""
    remote: bool = False
    """Run on a Dask worker: a folder the worker cannot see means a folder not shared."""


@dataclass(frozen=True)
class MemberOutcome:
    """How one structure's run ended: small and picklable (the parent keeps only this)."""

    slug: str
    name: str
    output_dir: str
    steps: tuple[tuple[str, str, str], ...] = ()
    """``(step number, status, French message)`` per step run, in order (statuses of
    :mod:`sizeup_helpers.runner`)."""
    message: str = ""
    """One French line when the structure could not run at all (its steps did not start)."""
    identifiers_found: int = 0
    """Direct identifiers found in its outputs (should stay 0)."""
    seconds: float = 0.0
    interrupted: bool = False
    host: str = ""
    """The machine that ran it."""

    @property
    def ok(self) -> bool:
        """Every step succeeded or was up to date."""
        done = (_succeeded(), _up_to_date())
        return (
            not self.message and not self.interrupted and all(s in done for _, s, _ in self.steps)
        )

    def count(self, status: str) -> int:
        """How many steps ended with ``status``."""
        return sum(s == status for _, s, _ in self.steps)

    def problems(self) -> list[str]:
        """One French line per failed, skipped or interrupted step (or the structure's own
        failure)."""
        if self.message:
            return [self.message]
        done = (_succeeded(), _up_to_date())
        return [msg or f"étape {n} : {s}" for n, s, msg in self.steps if s not in done]


def _succeeded() -> str:
    from .runner import SUCCEEDED

    return SUCCEEDED


def _up_to_date() -> str:
    from .runner import UP_TO_DATE

    return UP_TO_DATE


def one_line(text: str) -> str:
    r"""``text`` on one line: its lines joined by spaces, list dashes dropped.

    >>> one_line("f.yml : 2 problèmes à corriger :\n- ligne 1 : a ;\n- ligne 3 : b.")
    'f.yml : 2 problèmes à corriger : ligne 1 : a ; ligne 3 : b.'
    """
    parts = [t.strip().lstrip("- ").strip() for t in str(text).splitlines()]
    return " ".join(p for p in parts if p)


_IN_POOL = False
"""Set in the processes of :func:`_run_here` (see :func:`_pool_process_start`)."""


def _pool_process_start() -> None:
    """Start of a process of this machine's pool: its own process group, so a Ctrl-C typed
    in the terminal reaches the command alone, which passes it on once to each structure
    running (:func:`_run_here`); and Ctrl-C ignored until it runs a structure."""
    import signal

    global _IN_POOL
    _IN_POOL = True
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_member(job: MemberJob, progress_queue: Any = None) -> MemberOutcome:
    """Run the curriculum for one structure and say how it ended; never raises.

    The function a process of this machine or a Dask worker runs for each structure. An
    expected problem (a :class:`~sizeup_helpers.errors.SizeUpError`) becomes one French line
    in :attr:`MemberOutcome.message`, an unexpected exception too (its type and the first
    line of its message), so one structure's failure never stops the others. With
    ``progress_queue`` (a queue of this machine), the structure's slug is put on it after
    every step, for the cohort's progress bar.
    """
    import socket

    from . import __version__, runner

    started = time.monotonic()
    started_at = dt.datetime.now().astimezone().replace(microsecond=0)
    host = socket.gethostname()

    def outcome(**values: Any) -> MemberOutcome:
        return MemberOutcome(
            slug=job.slug,
            name=job.name,
            output_dir=job.output_dir,
            seconds=round(time.monotonic() - started, 1),
            host=host,
            **values,
        )

    if job.version and job.version != __version__:
        return outcome(
            message=f"la machine {host} a sizeup {__version__} et la commande sizeup "
            f"{job.version} : installez la même version sur toutes les machines du cluster."
        )
    if job.remote and not Path(job.workspace).is_dir():
        return outcome(
            message=f"le dossier « {job.workspace} » est introuvable sur la machine {host} "
            "qui l'exécute : avec --scheduler, les espaces de travail et le dossier de "
            "sorties doivent être sur un dossier partagé, au même chemin sur chaque machine."
        )
    echo: Callable[[str], None] | None = None
    if progress_queue is not None:

        def echo(_text: str) -> None:
            progress_queue.put(job.slug)

    if _IN_POOL:  # a Ctrl-C passed on by the command stops this structure's run cleanly
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = runner.run_curriculum(
            job.workspace,
            output_dir=job.output_dir,
            steps=job.steps,
            parameters=job.parameters,
            progress=False,
            echo=echo,
            raise_on_failure=False,
            resume=job.resume,
        )
    except SizeUpError as exc:
        return outcome(message=one_line(exc.message))
    except KeyboardInterrupt:
        done = _finished_since(job.output_dir, started_at)
        return outcome(
            steps=done,
            message=f"interrompue (Ctrl-C) après {french.plural(len(done), 'étape', 'étapes')} "
            "; relancez la même commande pour terminer.",
            interrupted=True,
        )
    except Exception as exc:  # noqa: BLE001 - one structure must never stop the others
        first = (str(exc).strip().splitlines() or [""])[0]
        return outcome(message=f"erreur inattendue {type(exc).__name__} : {first}".rstrip(" :"))
    return outcome(
        steps=tuple((r.step.number, r.status, one_line(r.message)) for r in result.results),
        identifiers_found=len(result.identifiers_found),
        interrupted=any(r.status == runner.INTERRUPTED for r in result.results),
    )


def _finished_since(output_dir: str, since: dt.datetime) -> tuple[tuple[str, str, str], ...]:
    """The steps of ``output_dir``'s step state that ended after ``since`` (a run that was
    interrupted returns no result: its steps finished are read back from the state file)."""
    from . import runner

    steps = []
    for number, entry in sorted(runner.load_step_state(output_dir).items()):
        try:
            when = dt.datetime.fromisoformat(str(entry.get("finished") or ""))
        except ValueError:
            continue
        if when.tzinfo is not None and when >= since:
            steps.append((number, str(entry.get("status", "")), one_line(entry.get("message", ""))))
    return tuple(steps)


# --------------------------------------------------------------------------------------
# Running the cohort
# --------------------------------------------------------------------------------------
@dataclass
class CohortResult:
    """A cohort's run: one :class:`MemberOutcome` per structure, in the file's order."""

    cohort: Cohort
    output_dir: Path
    members: list[MemberOutcome]
    steps: tuple[str, ...] = ()
    """The step numbers asked for."""
    journal: Path | None = None
    interrupted: bool = False
    where: str = ""
    """Where the structures ran, in French (« 2 processus sur cette machine »…)."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every structure ran every step (or found it up to date)."""
        return (
            not self.interrupted
            and len(self.members) == len(self.cohort.members)
            and all(m.ok for m in self.members)
        )

    @property
    def failed(self) -> list[MemberOutcome]:
        """The structures with a failed, skipped or interrupted step."""
        return [m for m in self.members if not m.ok]

    @property
    def identifiers_found(self) -> int:
        """Direct identifiers found in the structures' outputs, all together."""
        return sum(m.identifiers_found for m in self.members)

    def exit_status(self) -> int:
        """The exit status of ``sizeup cohort run``: 3 when a direct identifier was found
        in an output folder, else 1 when a structure failed, else 0."""
        from .runner import EXIT_IDENTIFIERS_FOUND, EXIT_OK, EXIT_STEP_FAILED

        if self.identifiers_found:
            return EXIT_IDENTIFIERS_FOUND
        return EXIT_OK if self.ok else EXIT_STEP_FAILED

    def summary(self) -> str:
        """The run in French: « 7 structures : 6 terminées, 1 en échec », then one line per
        failed structure and step with why."""
        total = len(self.cohort.members)
        done = sum(m.ok for m in self.members)
        stopped = sum(m.interrupted for m in self.members)
        failed = len(self.failed) - stopped
        missing = total - len(self.members)
        parts = [french.plural(done, "terminée", "terminées")]
        if failed:
            parts.append(f"{french.integer(failed)} en échec")
        if stopped:
            parts.append(french.plural(stopped, "interrompue", "interrompues"))
        if missing:
            parts.append(french.plural(missing, "non lancée", "non lancées"))
        head = f"{french.plural(total, 'structure', 'structures')} : {', '.join(parts)}"
        lines = [head]
        for member in self.failed:
            lines += [f"- « {member.name} » : {text}" for text in member.problems()]
        for member in self.members:
            if member.identifiers_found:
                lines.append(
                    f"- ATTENTION, « {member.name} » : "
                    + french.plural(
                        member.identifiers_found,
                        "identifiant direct trouvé",
                        "identifiants directs trouvés",
                    )
                    + f" dans ses sorties ({member.output_dir}) : à vérifier avant toute diffusion."
                )
        if self.interrupted:
            lines.append(
                "Interrompu (Ctrl-C) : les structures terminées sont gardées ; relancez la "
                "même commande pour terminer."
            )
        lines[0] += " :" if len(lines) > 1 else "."
        return "\n".join(lines)


def run_cohort(
    cohort: Cohort,
    out_dir: str | os.PathLike | None = None,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    steps: str | None = None,
    resume: bool = True,
    progress: bool = True,
    echo: Callable[[str], None] | None = None,
) -> CohortResult:
    """Run the curriculum for every structure of ``cohort``, each in its own output folder.

    Parameters
    ----------
    cohort
        From :func:`load_cohort`.
    out_dir
        The cohort's output folder (default :attr:`Cohort.output_dir`); each structure's
        outputs go to ``<out_dir>/<slug>``.
    jobs
        How many structures run at once on this machine, each in its own process.
    scheduler
        Address of a Dask distributed scheduler (``tcp://machine:8786``): the structures
        run on its workers instead, which must see the workspaces and ``out_dir`` at the
        same paths. ``jobs`` is then ignored (the cluster decides).
    steps
        ``"00-05"``… as ``sizeup run --steps``; ``None`` runs every notebook.
    resume
        Do not run again a step whose inputs did not change since its last good run.
    progress
        One progress bar for the cohort (structures × steps) on stderr.
    echo
        Without a progress bar, called with one French line per structure as it ends.

    Returns
    -------
    CohortResult
        Never raises for a structure's failure: read :attr:`CohortResult.ok` and
        :meth:`CohortResult.summary`. On Ctrl-C the structures still running are stopped,
        the journal is written with those that finished, and ``KeyboardInterrupt`` is
        raised again.
    """
    from . import __version__
    from .runner import parse_steps

    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise CohortError(f"--jobs doit être un nombre entier d'au moins 1 (reçu {jobs}).")
    try:
        selected = tuple(s.number for s in parse_steps(steps))
    except SizeUpError as exc:  # a wrong --steps: the command is wrong (exit status 2)
        raise CohortError(exc.message) from None
    out = Path(out_dir or cohort.output_dir).expanduser().resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CohortError(
            f"Le dossier de sorties de la cohorte « {out} » ne peut pas être créé : "
            f"{exc.strerror or exc}."
        ) from None
    jobs_list = [
        MemberJob(
            workspace=str(member.workspace),
            output_dir=str(cohort.member_output(member, out)),
            slug=member.slug,
            name=member.name,
            steps=",".join(selected),
            parameters=dict(member.parameters),
            resume=resume,
            version=__version__,
            remote=scheduler is not None,
        )
        for member in cohort.members
    ]
    result = CohortResult(cohort=cohort, output_dir=out, members=[], steps=selected)
    started = time.monotonic()
    started_at = dt.datetime.now().astimezone()
    bar = _progress_bar(len(jobs_list) * len(selected), progress)
    run = _run_on_dask if scheduler is not None else _run_here
    outcomes: dict[str, MemberOutcome] = {}

    def finished(outcome: MemberOutcome, reported: int) -> None:
        outcomes[outcome.slug] = outcome
        if bar is not None:
            bar.update(0 if outcome.interrupted else max(0, len(selected) - reported))
            bar.set_postfix_str(outcome.slug)
        elif echo is not None:
            state = "terminée" if outcome.ok else "en échec"
            echo(f"« {outcome.name} » : {state} ({outcome.seconds:.0f} s)")

    started_anything = True
    try:
        result.where = run(jobs_list, jobs, scheduler, bar, finished)
    except KeyboardInterrupt:
        result.interrupted = True
        raise
    except CohortError:  # the cluster could not be reached: nothing ran, no journal
        started_anything = False
        raise
    finally:
        if bar is not None:
            bar.close()
        order = [m.slug for m in cohort.members]
        result.members = [outcomes[s] for s in order if s in outcomes]
        result.interrupted = result.interrupted or any(m.interrupted for m in result.members)
        result.seconds = round(time.monotonic() - started, 1)
        if started_anything:
            result.journal = write_journal(result, started_at)
    return result


def _progress_bar(total: int, enabled: bool):
    if not enabled or not total:
        return None
    import sys

    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        desc="Cohorte",
        unit="étape",
        file=sys.stderr,
        bar_format="{desc} : {n_fmt}/{total_fmt} étapes |{bar}| {elapsed}{postfix}",
    )


def _run_here(jobs_list: list[MemberJob], jobs: int, _scheduler, bar, finished) -> str:
    """Run the structures in processes of this machine, ``jobs`` at a time, a fresh
    process for each (its memory is given back when it ends)."""
    import multiprocessing
    import queue as queue_module
    import signal
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")
    manager = context.Manager() if bar is not None else None
    progress_queue = manager.Queue() if manager is not None else None
    reported: dict[str, int] = {}

    def drain() -> None:
        if progress_queue is None:
            return
        while True:
            try:
                slug = progress_queue.get_nowait()
            except (queue_module.Empty, OSError, EOFError):
                return
            reported[slug] = reported.get(slug, 0) + 1
            bar.update(1)

    pool = ProcessPoolExecutor(
        max_workers=min(jobs, max(1, len(jobs_list))),
        mp_context=context,
        initializer=_pool_process_start,
        max_tasks_per_child=1,
    )
    try:
        running = {pool.submit(run_member, job, progress_queue): job for job in jobs_list}
        while running:
            done, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
            drain()
            for future in done:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a process that died (killed, out of memory)
                    outcome = MemberOutcome(
                        slug=job.slug,
                        name=job.name,
                        output_dir=job.output_dir,
                        message="le processus qui l'exécutait s'est arrêté "
                        f"({type(exc).__name__}).",
                    )
                finished(outcome, reported.get(job.slug, 0))
    except KeyboardInterrupt:
        # the structures running stop as after a Ctrl-C of their own (the processes are
        # in their own process group; the manager's process ignores SIGINT)
        for process in multiprocessing.active_children():
            try:
                os.kill(process.pid, signal.SIGINT)
            except OSError:
                pass
        pool.shutdown(wait=True, cancel_futures=True)
        for future, job in running.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                finished(future.result(), reported.get(job.slug, 0))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if manager is not None:
            manager.shutdown()
    return french.plural(jobs, "processus", "processus") + " sur cette machine"


def _run_on_dask(jobs_list: list[MemberJob], _jobs: int, scheduler: str, bar, finished) -> str:
    """Send the structures to the Dask scheduler at ``scheduler``; its workers run
    :func:`run_member` and send back the outcomes."""
    import uuid

    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - a dependency of the package
        raise CohortError(
            "--scheduler demande le paquet « distributed » (Dask) : installez-le avec "
            "`pip install distributed`."
        ) from None
    try:
        client = Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT}s")
    except (OSError, TimeoutError, ValueError) as exc:
        why = (
            f"pas de réponse en {SCHEDULER_TIMEOUT} s"
            if isinstance(exc, TimeoutError) or "Timed out" in str(exc)
            else one_line(str(exc))
        )
        raise CohortError(
            f"Impossible de joindre l'ordonnanceur Dask « {scheduler} » ({why}). "
            "Vérifiez l'adresse (tcp://machine:8786) et que `dask scheduler` tourne."
        ) from None
    run_id = uuid.uuid4().hex[:8]
    futures = {}
    try:
        for job in jobs_list:
            future = client.submit(run_member, job, pure=False, key=f"sizeup-{job.slug}-{run_id}")
            futures[future] = job
        for future in as_completed(list(futures)):
            job = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost, a job it could not unpickle
                first = (str(exc).strip().splitlines() or [""])[0]
                outcome = MemberOutcome(
                    slug=job.slug,
                    name=job.name,
                    output_dir=job.output_dir,
                    message=f"le cluster Dask n'a pas pu l'exécuter ({type(exc).__name__} : "
                    f"{first}).",
                )
            finished(outcome, 0)
    except KeyboardInterrupt:
        client.cancel(list(futures))
        raise
    finally:
        client.close()
    return f"cluster Dask {scheduler}"


# --------------------------------------------------------------------------------------
# The journal
# --------------------------------------------------------------------------------------
def journal_text(result: CohortResult, started: dt.datetime) -> str:
    """The cohort's journal in French Markdown: date, programme, one line per structure
    (steps réussies / à jour / en échec / non exécutées), then the failures, one line each."""
    from .runner import FAILED, SUCCEEDED, relative_paths

    cohort = result.cohort
    up_to_date = _up_to_date()
    steps = result.steps
    asked = _steps_text(steps)
    lines = [
        f"# Journal de la cohorte « {cohort.programme} »",
        "",
        f"- Date : {started.strftime('%Y-%m-%d %H:%M')} ({started.strftime('%z')})",
        f"- Programme : {cohort.programme}, année {cohort.year}, début {cohort.start_month}",
        f"- Fichier de cohorte : {cohort.path.name}",
        f"- Étapes demandées : {asked} "
        f"({french.plural(len(steps), 'étape', 'étapes')} par structure)",
        f"- Exécution : {result.where or 'sur cette machine'}, "
        f"{french.integer(round(result.seconds))} s",
        f"- Bilan : {result.summary().splitlines()[0]}",
        "",
        "## Structures",
        "",
    ]
    by_slug = {m.slug: m for m in result.members}
    # the machine that ran each structure helps on a cluster; on this machine it says
    # nothing, and a laptop's name may be its owner's
    on_cluster = "Dask" in (result.where or "")
    for member in cohort.members:
        outcome = by_slug.get(member.slug)
        if outcome is None:
            lines.append(f"- « {member.name} » ({member.slug}) : non lancée.")
            continue
        ran = [outcome.count(s) for s in (SUCCEEDED, up_to_date, FAILED)]
        counts = [
            french.plural(ran[0], "réussie", "réussies"),
            f"{french.integer(ran[1])} à jour",
            f"{french.integer(ran[2])} en échec",
            french.plural(max(0, len(steps) - sum(ran)), "non exécutée", "non exécutées"),
        ]
        state = "terminée" if outcome.ok else "interrompue" if outcome.interrupted else "en échec"
        lines.append(
            f"- « {outcome.name} » ({outcome.slug}) : {state} ; étapes : {', '.join(counts)} "
            f"({french.integer(round(outcome.seconds))} s"
            + (f", machine {outcome.host}" if outcome.host and on_cluster else "")
            + ")"
        )
    lines += ["", "## Échecs", ""]
    failures = [f"- « {m.name} » ({m.slug}) : {t}" for m in result.failed for t in m.problems()]
    lines += failures or ["Aucun."]
    # folders named from the cohort file's folder (or ~/), as the runner's journal does
    return relative_paths("\n".join(lines) + "\n", cohort.path.parent)


def _steps_text(steps: tuple[str, ...]) -> str:
    """« 00 à 05 » for a run of consecutive steps, « 01, 03 » otherwise."""
    from .curriculum import STEPS

    numbers = [s.number for s in STEPS]
    if len(steps) > 2 and steps == tuple(
        numbers[numbers.index(steps[0]) : numbers.index(steps[0]) + len(steps)]
    ):
        return f"{steps[0]} à {steps[-1]}"
    return ", ".join(steps) or "aucune"


def write_journal(result: CohortResult, started: dt.datetime) -> Path:
    """Write ``journal-cohorte.md`` in the cohort's output folder (atomically)."""
    from .workspace import atomic_path

    target = result.output_dir / JOURNAL_FILE
    with atomic_path(target) as tmp:
        tmp.write_text(journal_text(result, started), encoding="utf-8")
    return target

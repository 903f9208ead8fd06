"""Run the curriculum's notebooks on a workspace, in order, with papermill.

All notebooks run in this one process through papermill's Python API (a separate papermill
process per notebook would pay about 1.4 s of imports each). Every parameter is checked
against :func:`papermill.inspect_notebook` first, so a misspelt name is an error rather
than papermill's warning. The executed notebooks are kept in ``carnets-executes/`` as the
record of the run. A failed step is explained in one French sentence (step, cell,
reason); the steps that must read its deliverables are not run (« non exécutée »), the
others still are, and the run ends with a summary, one line per failed or skipped step.

Every step's outcome is kept in ``carnets-executes/etat-des-etapes.json``
(:data:`STEP_STATE_FILE`, read with :func:`load_step_state`), written after each step.
With ``resume=True`` (``sizeup run --reprendre``, ``sizeup cohort run``), a step whose
last run succeeded and whose inputs did not change since is not run again (« à jour (non
relancée) », :data:`UP_TO_DATE`). A change is detected by content, never by date: the
step's fingerprint (:func:`step_fingerprint`) is a sha256 over the notebook file, the
package's source, the step's parameters, the content of the workspace files it reads
(:attr:`~sizeup_helpers.curriculum.Step.workspace_inputs`), of the files its parameters
name, of the deliverables of the steps it reads, and of its own deliverables. An upstream
step that runs again and writes the same bytes therefore does not make its readers run
again.

After the run, the outputs are scanned for direct identifiers
(:func:`~sizeup_helpers.privacy.scan_for_identifiers`). ``sizeup run`` exits with
:func:`exit_status`: :data:`EXIT_OK`, :data:`EXIT_STEP_FAILED`, :data:`EXIT_USAGE` or
:data:`EXIT_IDENTIFIERS_FOUND`.
"""

from __future__ import annotations

import ast
import datetime as _dt
import difflib
import functools
import hashlib
import json
import logging
import os
import platform
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import french
from .curriculum import (
    EVERY_FILE_INPUT,
    EXECUTED_FOLDER,
    INDICATORS_INPUT,
    KEY_INPUT,
    STEPS,
    TOC_INPUT,
    Step,
    get_step,
)
from .errors import KernelDidNotStart, RunError, SizeUpError
from .resources import content_root, missing_content_message
from .workspace import Workspace, atomic_path, open_workspace

__all__ = [
    "STEPS",
    "StepResult",
    "RunResult",
    "run_curriculum",
    "parse_steps",
    "notebooks_dir",
    "available_steps",
    "execute_notebook",
    "KernelDidNotStart",
    "check_parameter_size",
    "exit_status",
    "scan_outputs",
    "notebook_locations",
    "EXIT_OK",
    "EXIT_STEP_FAILED",
    "EXIT_USAGE",
    "EXIT_IDENTIFIERS_FOUND",
    "previous_year_parameters",
    "remove_leftovers",
    "SUCCEEDED",
    "FAILED",
    "SKIPPED",
    "UP_TO_DATE",
    "INTERRUPTED",
    "STEP_STATE_FILE",
    "load_step_state",
    "step_fingerprint",
    "package_fingerprint",
    "workspace_inputs",
]

#: Exit statuses of ``sizeup run`` and ``sizeup demo`` (documented in
#: docs/espace-de-travail.md): every step ran and the outputs hold no direct identifier…
EXIT_OK = 0
#: … a step failed (or could not start); the steps that do not read it still ran…
EXIT_STEP_FAILED = 1
#: … the command could not start: a wrong argument, workspace or parameter (nothing ran)…
EXIT_USAGE = 2
#: … a direct identifier (e-mail, phone number, NIR) was found in the outputs: they must
#: not be shared before a person checks them. It wins over :data:`EXIT_STEP_FAILED`.
EXIT_IDENTIFIERS_FOUND = 3

#: Statuses of a step in a run (``StepResult.status``).
SUCCEEDED = "réussie"
FAILED = "échec"
SKIPPED = "non exécutée"
#: … and of a step stopped by an interruption (Ctrl-C): its record is not kept, its
#: deliverables are those of the last complete run.
INTERRUPTED = "interrompue"
#: … and of a step not run again by a resumed run (``resume=True``): its last run
#: succeeded and its inputs did not change since (:func:`step_fingerprint`).
UP_TO_DATE = "à jour (non relancée)"

#: The step state file, in the executed notebooks' folder ``carnets-executes/``: for each
#: step, its last status, fingerprint, end time, end of its last success, duration and
#: message (docs/espace-de-travail.md, « Reprendre une exécution »).
STEP_STATE_FILE = "etat-des-etapes.json"
STEP_STATE_SCHEMA = "sizeup-step-state"
STEP_STATE_VERSION = 1

# Parameters every numbered notebook declares; the runner always injects them.
WORKSPACE_PARAMETERS = ("workspace_dir", "output_dir")
# Values a headless run gives to the notebooks that declare these parameters, unless the
# workspace or the command line says otherwise: a run never changes the workspace a
# participant chose by hand in notebook 00.
HEADLESS_DEFAULTS: dict[str, Any] = {"remember_choice": False}
KERNEL_NAME = "python3"
# Largest parameter value a run accepts: its ``repr`` in characters, and the items of a
# list or mapping (nested ones counted too). The curriculum's parameters are numbers,
# short texts and short lists; the bound keeps a mistaken or malicious value (a YAML
# file's, a command line's) from being copied into every notebook it is injected into.
PARAMETER_MAX_CHARS = 10_000
PARAMETER_MAX_ITEMS = 1_000
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class StepResult:
    step: Step
    status: str  # SUCCEEDED, FAILED, SKIPPED, UP_TO_DATE (or INTERRUPTED)
    seconds: float
    executed_notebook: Path | None  # None when no cell ran (kernel did not start, skipped)
    message: str = ""


@dataclass
class RunResult:
    workspace: Workspace
    results: list[StepResult] = field(default_factory=list)
    identifiers_found: list[dict[str, str]] = field(default_factory=list)
    """Direct identifiers found in the outputs after the run (masked); should stay empty."""
    archive: Path | None = None
    """The zip of the output folder to share, remade after a successful run (no key, no raw
    data: :func:`~sizeup_helpers.getting_started.archive_outputs`)."""

    @property
    def ok(self) -> bool:
        """Every step succeeded or was up to date."""
        return all(r.status in (SUCCEEDED, UP_TO_DATE) for r in self.results)

    @property
    def output_dir(self) -> Path:
        return self.workspace.output_dir

    @property
    def failed(self) -> list[StepResult]:
        """The steps that failed."""
        return [r for r in self.results if r.status == FAILED]

    @property
    def skipped(self) -> list[StepResult]:
        """The steps not run because a step they must read failed."""
        return [r for r in self.results if r.status == SKIPPED]

    @property
    def up_to_date(self) -> list[StepResult]:
        """The steps a resumed run did not run again: their inputs had not changed."""
        return [r for r in self.results if r.status == UP_TO_DATE]

    def summary(self) -> str:
        """The run in French: how many steps succeeded (and were up to date, in a resumed
        run), then one line per failed or skipped step with its reason.

        >>> RunResult(workspace=None).summary()
        'Aucune étape exécutée.'
        """
        if not self.results:
            return "Aucune étape exécutée."
        succeeded = sum(r.status == SUCCEEDED for r in self.results)
        fresh = len(self.up_to_date)
        parts = []
        if succeeded or not fresh:
            parts.append(french.plural(succeeded, "étape réussie", "étapes réussies"))
        if fresh:
            parts.append(
                french.plural(fresh, "étape à jour (non relancée)", "étapes à jour (non relancées)")
            )
        if self.ok:
            return french.join_and(parts) + "."
        if self.failed:
            parts.append(f"{french.integer(len(self.failed))} en échec")
        if self.skipped:
            parts.append(french.plural(len(self.skipped), "non exécutée", "non exécutées"))
        lines = [french.join_and(parts) + " :"]
        lines += [f"- {r.message}" for r in self.failed + self.skipped]
        return "\n".join(lines)


def scan_outputs(ws: Workspace) -> list[dict[str, str]]:
    """The direct identifiers found in ``ws``'s output folder, masked (one dict each:
    ``fichier``, ``type``, ``extrait``…, see
    :func:`~sizeup_helpers.privacy.scan_for_identifiers`)."""
    from .privacy import scan_for_identifiers

    return scan_for_identifiers(ws.output_dir).to_dict("records")


def exit_status(result: RunResult) -> int:
    """The exit status of ``sizeup run`` for ``result``.

    :data:`EXIT_IDENTIFIERS_FOUND` when the scan found a direct identifier in the outputs
    (even if a step failed too: a coach must not miss it), else :data:`EXIT_STEP_FAILED`
    when a step failed, else :data:`EXIT_OK`.

    >>> exit_status(RunResult(workspace=None))
    0
    """
    if result.identifiers_found:
        return EXIT_IDENTIFIERS_FOUND
    if result.failed or result.skipped:
        return EXIT_STEP_FAILED
    return EXIT_OK


def notebooks_dir() -> Path:
    """The folder of the numbered notebooks (``notebooks/`` of the checkout or the wheel)."""
    env = os.environ.get("SIZEUP_NOTEBOOKS")
    return Path(env) if env else content_root() / "notebooks"


def available_steps(folder: Path | None = None) -> list[Step]:
    """The steps whose notebook exists, in curriculum order."""
    folder = folder or notebooks_dir()
    return [s for s in STEPS if (folder / s.notebook).is_file()]


def parse_steps(spec: str | Iterable[str] | None, folder: Path | None = None) -> list[Step]:
    """Turn ``"00-05"``, ``"2"``, ``"01,03,07-09"`` into steps (all available if ``None``).

    >>> [s.number for s in parse_steps("1,3-4")]
    ['01', '03', '04']
    """
    if spec is None or spec == "":
        steps = available_steps(folder)
        if not steps:
            raise RunError(f"Aucun carnet numéroté trouvé dans « {folder or notebooks_dir()} ».")
        return steps
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    numbers: set[str] = set()
    for part in (p.strip() for p in parts):
        if not part:
            continue
        bounds = part.split("-")
        if len(bounds) == 1:
            numbers.add(get_step(bounds[0]).number)
        elif len(bounds) == 2 and all(b.strip() for b in bounds):
            first, last = get_step(bounds[0]).number, get_step(bounds[1]).number
            if first > last:
                raise RunError(
                    f"Étapes « {part} » : la première ({first}) vient après la dernière ({last})."
                )
            numbers.update(s.number for s in STEPS if first <= s.number <= last)
        else:
            raise RunError(f"Étapes « {part} » illisibles : écrivez par exemple 00-05 ou 01,03.")
    if not numbers:
        raise RunError("Aucune étape demandée : écrivez par exemple --steps 00-05.")
    return [s for s in STEPS if s.number in numbers]


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------
def _papermill():
    """papermill, imported without ``rfc3987_syntax``: jsonschema (imported by nbformat)
    imports it when it is installed, for an « iri » format check that notebooks never use,
    and it compiles a grammar on import (about 2 s of processor time, a tenth of the
    imports of all the notebooks a run executes)."""
    blocked = not {"jsonschema", "rfc3987_syntax"} & set(sys.modules)
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # ImportError
    try:
        import papermill
    finally:
        if blocked and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return papermill


def _inspect(notebook: Path) -> dict[str, dict[str, Any]]:
    papermill = _papermill()

    try:
        return papermill.inspect_notebook(str(notebook))
    except Exception as exc:  # a broken notebook file is a project defect, say so clearly
        raise RunError(f"Le carnet « {notebook} » est illisible : {exc}.") from None


def _convert(name: str, value: Any, type_name: str, where: str) -> Any:
    """Check (and convert a command-line string to) the type a notebook declares."""
    type_name = (type_name or "").strip()
    if type_name in ("", "None"):
        return value
    base = type_name.split("[")[0]
    try:
        if base == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "vrai", "oui", "1", "yes"):
                return True
            if text in ("false", "faux", "non", "0", "no"):
                return False
            raise ValueError
        if base == "int":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, int):
                return value
            return int(str(value).strip())
        if base == "float":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, (int, float)):
                return float(value)
            return float(str(value).strip().replace(",", "."))
        if base == "str":
            return value if isinstance(value, str) else str(value)
        if base in ("list", "dict"):
            if isinstance(value, str):
                value = json.loads(value)
            if type(value).__name__ != base:
                raise ValueError
            return value
    except (ValueError, json.JSONDecodeError):
        kind = {
            "bool": "oui/non (true/false)",
            "int": "un nombre entier",
            "float": "un nombre",
            "str": "un texte",
            "list": "une liste JSON",
            "dict": "un objet JSON",
        }.get(base, base)
        raise RunError(
            f"Paramètre « {name} » ({where}) : {kind} attendu, « {value} » reçu."
        ) from None
    return value


def check_parameter_size(name: str, value: Any, where: str) -> None:
    """Refuse a parameter value too big for a notebook, in French, naming the parameter.

    Too big: a list or mapping of more than :data:`PARAMETER_MAX_ITEMS` items (nested
    ones included, counted without building anything), or a value whose ``repr`` is
    longer than :data:`PARAMETER_MAX_CHARS` characters. ``where`` says where the value
    comes from (« structure.yml », « ligne de commande »).

    >>> check_parameter_size("seuil_secret", 11, "ligne de commande")
    >>> check_parameter_size("x", list(range(2000)), "structure.yml")
    Traceback (most recent call last):
    ...
    sizeup_helpers.errors.RunError: Paramètre « x » (structure.yml) : valeur trop grande ...
    """
    items, stack = 0, [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            items += len(current)
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list | tuple | set):
            items += len(current)
            stack.extend(current)
        if items > PARAMETER_MAX_ITEMS:
            break
    most_items = french.integer(PARAMETER_MAX_ITEMS)
    most_chars = french.integer(PARAMETER_MAX_CHARS)
    if items > PARAMETER_MAX_ITEMS:
        size = f"plus de {most_items} éléments"
    elif len(repr(value)) > PARAMETER_MAX_CHARS:
        size = f"plus de {most_chars} caractères"
    else:
        return
    raise RunError(
        f"Paramètre « {name} » ({where}) : valeur trop grande ({size} ; "
        f"au plus {most_items} éléments et {most_chars} caractères). "
        "Un paramètre des carnets est un nombre, un texte court ou une courte liste."
    )


def _declared_type(spec: dict[str, Any]) -> str:
    """The type of a parameter: its annotation, else the type of its literal default."""
    annotated = (spec.get("inferred_type_name") or "").strip()
    if annotated not in ("", "None"):
        return annotated
    try:
        default = ast.literal_eval(str(spec.get("default", "")))
    except (ValueError, SyntaxError):
        return ""
    return "" if default is None else type(default).__name__


def notebook_locations(ws: Workspace) -> tuple[Path, str, str]:
    """Where a run's kernels work, and the workspace and output folders as they are injected.

    The executed notebooks are shared with the outputs; they should not carry the coach's
    folders (``/home/<user>/…``). So the kernels run in the folder holding both the
    workspace and the output folder, and the two parameters are relative to it: ``"."``
    and ``"sorties"`` for outputs inside the workspace, ``"espace"`` and ``"sorties-2026"``
    for two folders side by side. When the only folder holding both is the root of the
    disk or the home folder's parents (a sample and outputs elsewhere), the paths stay
    absolute and the kernels run in the workspace.

    Returns
    -------
    (Path, str, str)
        The kernels' working folder, ``workspace_dir`` and ``output_dir``.
    """
    root, out = ws.root, ws.output_dir
    try:
        common = Path(os.path.commonpath([root, out]))
    except ValueError:  # two drives (Windows)
        return root, str(root), str(out)
    home = Path.home().resolve()
    if common == Path(common.anchor) or common in home.parents:
        return root, str(root), str(out)

    def relative(path: Path) -> str:
        return Path(os.path.relpath(path, common)).as_posix()

    return common, relative(root), relative(out)


def _plan_parameters(
    steps: list[Step], folder: Path, ws: Workspace, overrides: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    sources = [("structure.yml", ws.parameters), ("ligne de commande", overrides)]
    for origin, values in sources:  # before anything is read or copied
        for name, value in values.items():
            check_parameter_size(str(name), value, origin)
    declared = {s.number: _inspect(folder / s.notebook) for s in steps}
    for step in steps:
        missing = [p for p in WORKSPACE_PARAMETERS if p not in declared[step.number]]
        if missing:
            raise RunError(
                f"Le carnet de l'étape {step.label} n'a pas de cellule « parameters » déclarant "
                f"{', '.join(missing)} : il ne peut pas être exécuté par `sizeup run`."
            )
    # values from the workspace configuration, then from the command line (which wins)
    every_name = sorted({n for d in declared.values() for n in d})
    for origin, values in sources:
        for name in values:
            if name in WORKSPACE_PARAMETERS:
                raise RunError(
                    f"Paramètre « {name} » ({origin}) : il est fixé par `sizeup run` "
                    "(utilisez l'argument WORKSPACE ou --out)."
                )
            if not any(name in d for d in declared.values()):
                close = difflib.get_close_matches(name, every_name, n=1)
                hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
                numbers = (
                    f"{steps[0].number}-{steps[-1].number}" if len(steps) > 1 else steps[0].number
                )
                raise RunError(
                    f"Paramètre inconnu « {name} » ({origin}) : aucun carnet des "
                    f"étapes {numbers} ne le déclare.{hint}"
                )
    plan: dict[str, dict[str, Any]] = {}
    _, workspace_dir, output_dir = notebook_locations(ws)
    for step in steps:
        params: dict[str, Any] = {"workspace_dir": workspace_dir, "output_dir": output_dir}
        params.update({k: v for k, v in HEADLESS_DEFAULTS.items() if k in declared[step.number]})
        for origin, values in sources:
            for name, value in values.items():
                spec = declared[step.number].get(name)
                if spec is not None:
                    params[name] = _convert(name, value, _declared_type(spec), origin)
                    check_parameter_size(name, params[name], origin)  # a JSON text, parsed
        plan[step.number] = params
    return plan


# --------------------------------------------------------------------------------------
# Step state and fingerprints (resuming a run)
# --------------------------------------------------------------------------------------
def load_step_state(output_dir: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """The ``steps`` mapping of ``output_dir``'s step state file (:data:`STEP_STATE_FILE`).

    One entry per step number that ever finished in this output folder: ``status``
    (:data:`SUCCEEDED`, :data:`FAILED` or :data:`SKIPPED`, the runner's French words),
    ``fingerprint`` (:func:`step_fingerprint` of its last attempt; empty for a step not
    run), ``finished`` (end of its last attempt, ISO 8601 with the UTC offset),
    ``last_success`` (end of its last successful run, kept across later failures; ``None``
    if it never succeeded), ``seconds`` and ``message`` (French, for a failed or skipped
    step). ``{}`` when the file is absent, unreadable or of another schema version.

    >>> load_step_state("/nulle-part")
    {}
    """
    path = Path(output_dir) / EXECUTED_FOLDER / STEP_STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("schema") != STEP_STATE_SCHEMA
        or data.get("schema_version") != STEP_STATE_VERSION
        or not isinstance(data.get("steps"), dict)
    ):
        return {}
    return {str(k): v for k, v in data["steps"].items() if isinstance(v, dict)}


def _save_step_state(folder: Path, steps: dict[str, dict[str, Any]]) -> None:
    """Write the step state file atomically (a killed run keeps the last complete one)."""
    data = {"schema": STEP_STATE_SCHEMA, "schema_version": STEP_STATE_VERSION, "steps": steps}
    with atomic_path(folder / STEP_STATE_FILE) as tmp:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        tmp.write_text(text + "\n", encoding="utf-8")


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _file_digest(path: Path, cache: dict | None = None) -> str:
    """sha256 of a file's bytes (``cache``: by path, size and modification time, so a
    file read by several steps of a run is hashed once)."""
    key = None
    if cache is not None:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key in cache:
            return cache[key]
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if key is not None:
        cache[key] = digest.hexdigest()
    return digest.hexdigest()


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _folder_digest(folder: Path, cache: dict | None = None) -> dict[str, str] | None:
    """``{relative path: sha256}`` of the files under ``folder``, hidden ones left out (the
    temporary files of a write in progress); ``None`` when the folder does not exist."""
    if not folder.is_dir():
        return None
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not _hidden(relative) and path.is_file():
            out[relative.as_posix()] = _file_digest(path, cache)
    return out


@functools.cache
def package_fingerprint() -> str:
    """sha256 over the files of the installed ``sizeup_helpers`` package (its ``.py`` files
    and data files, compiled files left out), computed once per process: any change to
    the package makes every step's inputs differ (a full re-run)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (
            "__pycache__" in relative.parts
            or _hidden(relative)
            or path.suffix in (".pyc", ".pyo")
            or not path.is_file()
        ):
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(_file_digest(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def workspace_inputs(ws: Workspace, step: Step, cache: dict | None = None) -> dict[str, str | None]:
    """``{relative path: sha256}`` of the workspace files ``step`` reads, by content (its
    :attr:`~sizeup_helpers.curriculum.Step.workspace_inputs`, the key left out: it is part
    of what the step leaves, :func:`_step_outputs`). A named file that is missing counts
    (``None``), so that its appearance is a change; the output folder and its archive are
    never inputs."""
    from .getting_started import archive_path

    output = ws.output_dir.resolve()
    archive = archive_path(ws).resolve()
    names = {
        TOC_INPUT: ws.config.get("theorie_du_changement") or "theorie-du-changement.yml",
        INDICATORS_INPUT: ws.config.get("indicateurs") or "indicateurs.yml",
    }
    out: dict[str, str | None] = {}
    for pattern in step.workspace_inputs:
        if pattern == KEY_INPUT:
            continue
        pattern = names.get(pattern, pattern)
        if not any(c in pattern for c in "*?["):
            path = ws.path(pattern)
            out[pattern] = _file_digest(path, cache) if path.is_file() else None
            continue
        if pattern.endswith("**"):  # every file below (pathlib's « ** » yields folders)
            pattern = f"{pattern}/*" if pattern != EVERY_FILE_INPUT else "**/*"
        for path in sorted(ws.root.glob(pattern)):
            relative = path.relative_to(ws.root)
            resolved = path.resolve()
            if (
                _hidden(relative)
                or resolved == archive
                or resolved == output
                or output in resolved.parents
                or not path.is_file()
            ):
                continue
            out[relative.as_posix()] = _file_digest(path, cache)
    return out


def _parameter_files(
    ws: Workspace, params: dict[str, Any], cwd: Path, cache: dict
) -> dict[str, Any]:
    """The content of the files and folders a step's parameters name (last year's cleaning
    rules, ``results.json``): their paths are locations, their content is an input."""
    around = {ws.root.resolve(), ws.output_dir.resolve()}
    out: dict[str, Any] = {}
    for name, value in sorted(params.items()):
        if name in WORKSPACE_PARAMETERS or not isinstance(value, str) or not value.strip():
            continue
        path = cwd / value
        try:
            resolved = path.resolve()
            if resolved in around or any(resolved in a.parents for a in around):
                continue  # the workspace, the outputs or a folder holding them
            if path.is_file():
                out[name] = _file_digest(path, cache)
            elif path.is_dir():
                out[name] = _folder_digest(path, cache)
        except OSError:
            continue
    return out


def _step_inputs(
    step: Step,
    ws: Workspace,
    folder: Path,
    params: dict[str, Any],
    cwd: Path,
    cache: dict,
) -> dict[str, Any]:
    """What ``step`` reads, by content, before it runs (see :func:`step_fingerprint`)."""
    readable = {k: v for k, v in params.items() if k not in WORKSPACE_PARAMETERS}
    return {
        "carnet": _file_digest(folder / step.notebook),
        "paquet": package_fingerprint(),
        "python": platform.python_version_tuple()[:2],
        "parametres": json.loads(json.dumps(readable, sort_keys=True, default=str)),
        "fichiers_des_parametres": _parameter_files(ws, params, cwd, cache),
        "espace": workspace_inputs(ws, step, cache),
        "livrables_lus": {
            name: _folder_digest(ws.output_dir / name)
            for number in step.deliverables_read
            for name in get_step(number).output_folders
        },
    }


def _step_outputs(step: Step, ws: Workspace) -> dict[str, Any]:
    """What ``step`` leaves that it may read back next time: its own deliverables (a file a
    participant edits there wins over a new draft) and, for the step that creates it, the
    pseudonymisation key. Hashed after the step succeeded."""
    out: dict[str, Any] = {
        name: _folder_digest(ws.output_dir / name) for name in step.output_folders
    }
    if KEY_INPUT in step.workspace_inputs:
        key = ws.key_path
        out[KEY_INPUT] = _file_digest(key) if key.is_file() else None
    return out


def step_fingerprint(inputs: dict[str, Any], outputs: dict[str, Any]) -> str:
    """The fingerprint of a step: sha256 of its inputs and own deliverables as canonical JSON.

    ``inputs`` (hashed just before the step runs): the notebook file's bytes, the
    package's source (:func:`package_fingerprint`), the Python version, the parameters
    (their values, without ``workspace_dir`` and ``output_dir``, which are locations), the
    content of the files a parameter names, of the workspace files the step reads
    (:attr:`~sizeup_helpers.curriculum.Step.workspace_inputs`) and of the deliverables of
    the steps it reads (:attr:`~sizeup_helpers.curriculum.Step.deliverables_read`; the
    executed notebooks, journals, archive and this state live elsewhere and never count).
    ``outputs`` (hashed just after it succeeded): its own deliverables and, for step 05,
    the pseudonymisation key. Everything is compared by content (sha256), never by date:
    a copy, a ``git clone`` or a cluster's worker changes dates, not bytes.

    >>> len(step_fingerprint({"carnet": "x"}, {}))
    64
    """
    text = json.dumps([inputs, outputs], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _state_entry(
    step_result: StepResult, previous: dict[str, Any] | None, fingerprint: str, cwd: Path
) -> dict[str, Any]:
    """The state file's entry for a step that just finished (succeeded, failed, skipped)."""
    finished = _now()
    last_success = (previous or {}).get("last_success")
    if step_result.status == SUCCEEDED:
        last_success = finished
    message = " ".join(str(relative_paths(step_result.message, cwd)).split())
    return {
        "status": step_result.status,
        "fingerprint": fingerprint,
        "finished": finished,
        "last_success": last_success,
        "seconds": round(step_result.seconds, 2),
        "message": message,
    }


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------
def run_curriculum(
    workspace: str | os.PathLike,
    *,
    output_dir: str | os.PathLike | None = None,
    steps: str | Iterable[str] | None = None,
    jobs: int = 1,
    parameters: dict[str, Any] | None = None,
    progress: bool = True,
    echo: Callable[[str], None] | None = None,
    raise_on_failure: bool = True,
    previous_outputs: str | os.PathLike | None = None,
    resume: bool = False,
) -> RunResult:
    """Execute the numbered notebooks on ``workspace`` and keep them as the record.

    Parameters
    ----------
    workspace
        The structure's workspace folder.
    output_dir
        Where outputs go (see :func:`~sizeup_helpers.workspace.open_workspace`).
    steps
        ``"00-05"``, ``"02"``, ``"01,03"``… ; ``None`` runs every available notebook.
    jobs
        How many notebooks may run at once. Steps still run after the steps they read
        (see :data:`~sizeup_helpers.curriculum.STEPS`); with ``jobs > 1`` independent ones
        (e.g. 07 and 08) run side by side.
    parameters
        Notebook parameters to set, on top of the workspace's ``parametres``. Each must be
        declared by at least one selected notebook, with a value of the declared type.

    raise_on_failure
        Raise :class:`RunError` (its message: :meth:`RunResult.summary`) when a step failed,
        after the other steps ran and the journal was written (default). ``sizeup run``
        passes ``False`` and reads the result.
    previous_outputs
        Last year's output folder (``sizeup run --annee-precedente``): step 05 replays the
        cleaning rules saved there and step 12 compares with its ``results.json``
        (:func:`previous_year_parameters`). Values given in ``parameters`` win.
    resume
        Do not run again a step whose last run in this output folder succeeded, whose
        deliverables folder exists and whose fingerprint (:func:`step_fingerprint`: the
        content of its notebook, the package, its parameters and every file it reads or
        left) is the stored one: its result is :data:`UP_TO_DATE` and the steps after it
        read its deliverables as they are. Without it (default), every selected step runs.
        Either way, :data:`STEP_STATE_FILE` is written after each step.

    An interruption (Ctrl-C) stops the running kernels, keeps the deliverables and records
    of the steps already finished as they are (every file is written atomically), leaves
    no temporary file, writes the journal and raises ``KeyboardInterrupt`` again. The
    temporary files of a run that was killed are removed when the next run starts
    (:func:`remove_leftovers`).

    Returns
    -------
    RunResult
        One :class:`StepResult` per selected step, in order: succeeded, failed, up to date
        (``resume``), or not run because a step it must read (:attr:`Step.requires`)
        failed or was not run.
        A step that reads another only if present (:attr:`Step.reads_if_present`) waits
        for it and runs whatever became of it.
    """
    if jobs < 1:
        raise RunError(f"--jobs doit être au moins 1 (reçu {jobs}).")
    folder = notebooks_dir()
    if not folder.is_dir():
        raise RunError(
            missing_content_message("Dossier des carnets", folder)
            + " Le dossier des carnets seul peut aussi être indiqué avec "
            "SIZEUP_NOTEBOOKS."
        )
    ws = open_workspace(workspace, output_dir)
    selected = parse_steps(steps, folder)
    for step in selected:
        if not (folder / step.notebook).is_file():
            raise RunError(
                f"Le carnet de l'étape {step.label} n'existe pas encore "
                f"(« {folder / step.notebook} »)."
            )
    chosen = {s.number for s in selected}
    for step in selected:
        for need in step.requires:
            if need not in chosen and not ws.step_dir(need, create=False).is_dir():
                raise RunError(
                    f"L'étape {step.label} lit les livrables de l'étape {get_step(need).label}, "
                    f"qui n'a pas encore été exécutée pour « {ws.name} » (dossier "
                    f"« {ws.step_dir(need, create=False)} » absent). Lancez d'abord "
                    f"--steps {need}."
                )
    overrides = dict(parameters or {})
    if previous_outputs is not None:
        declared = {name for s in selected for name in _inspect(folder / s.notebook)}
        overrides = {**previous_year_parameters(ws, previous_outputs, declared), **overrides}
    plan = _plan_parameters(selected, folder, ws, overrides)
    _check_writable(ws.output_dir)
    remove_leftovers(ws)
    executed = ws.executed_dir

    result = RunResult(workspace=ws)
    bar = _progress_bar(len(selected), progress)
    started = _dt.datetime.now().astimezone()
    cwd = notebook_locations(ws)[0]
    pending = list(selected)
    done: set[str] = set()
    not_done: dict[str, str] = {}  # step number -> the failed step at the origin
    state = load_step_state(ws.output_dir)
    inputs: dict[str, dict[str, Any]] = {}  # step number -> what it read, hashed before
    digests: dict = {}  # the workspace files' sha256, hashed once a run

    def record(step: Step, step_result: StepResult) -> None:
        result.results.append(step_result)
        if step_result.status in (SUCCEEDED, FAILED, SKIPPED):
            previous = state.get(step.number)
            if step_result.status == SKIPPED:
                fingerprint = (previous or {}).get("fingerprint", "")
            else:
                fingerprint = step_fingerprint(inputs[step.number], _step_outputs(step, ws))
            state[step.number] = _state_entry(step_result, previous, fingerprint, cwd)
            _save_step_state(executed, state)
        if bar is not None:
            bar.set_postfix_str(f"{step.number} {step_result.status}")
            bar.update(1)
        elif echo is not None and step_result.status == UP_TO_DATE:
            echo(f"étape {step.number} {step_result.status}")
        elif echo is not None:
            echo(f"étape {step.number} {step_result.status} ({step_result.seconds:.1f} s)")

    def hash_inputs(step: Step) -> None:
        inputs[step.number] = _step_inputs(step, ws, folder, plan[step.number], cwd, digests)

    def up_to_date(step: Step) -> bool:
        """With ``resume``, whether ``step`` need not run again (its inputs hashed)."""
        stored = state.get(step.number) or {}
        if not (
            resume
            and stored.get("status") == SUCCEEDED
            and all((ws.output_dir / name).is_dir() for name in step.output_folders)
        ):
            return False
        hash_inputs(step)
        fingerprint = step_fingerprint(inputs[step.number], _step_outputs(step, ws))
        return stored.get("fingerprint") == fingerprint

    stop = threading.Event()  # set on Ctrl-C: the steps running keep nothing
    kernels = _Kernels()  # the kernel processes this run started
    pool = ThreadPoolExecutor(max_workers=jobs)
    running: dict[Future, Step] = {}
    try:
        while pending or running:
            settled = True
            while settled:  # an up-to-date step may make the next ones ready
                settled = False
                while skipped := _skipped(pending, not_done):  # transitively
                    step = skipped[0]
                    pending.remove(step)
                    blocker = next(n for n in step.requires if n in not_done)
                    not_done[step.number] = not_done[blocker]
                    record(step, _skipped_result(step, blocker, not_done[blocker]))
                for step in [s for s in pending if _ready(s, chosen, done, not_done)]:
                    if up_to_date(step):
                        pending.remove(step)
                        record(step, _up_to_date_result(step, executed))
                        done.add(step.number)
                        settled = True
                        break  # the steps after it may be ready now: in order
                    if len(running) >= jobs:
                        continue
                    pending.remove(step)
                    hash_inputs(step)  # just before it runs
                    job = (step, folder, executed, plan[step.number], cwd, stop, kernels)
                    running[pool.submit(_run_step, *job)] = step
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                step = running.pop(fut)
                step_result = fut.result()
                record(step, step_result)
                if step_result.status == SUCCEEDED:
                    done.add(step.number)
                else:
                    not_done[step.number] = step.number
    except KeyboardInterrupt:
        stop.set()
        papermill_log = logging.getLogger("papermill")  # « Kernel died… »: we killed it
        was_disabled, papermill_log.disabled = papermill_log.disabled, True
        try:
            _stop_kernels(kernels)
            pool.shutdown(wait=True, cancel_futures=True)  # the steps running end at once
        finally:
            papermill_log.disabled = was_disabled
        for fut, step in running.items():
            done_well = fut.done() and not fut.cancelled() and fut.exception() is None
            result.results.append(fut.result() if done_well else _interrupted_result(step))
        if bar is not None:
            bar.close()
        result.results.sort(key=lambda r: r.step.number)
        tidy_kernel_log(ws, cwd)
        _write_journal(ws, result, started, plan, interrupted=True)
        raise
    finally:
        pool.shutdown(wait=True)
    if bar is not None:
        bar.close()
    result.results.sort(key=lambda r: r.step.number)
    # the journal is an output too (a step's error message may quote a cell): written first,
    # then scanned with the rest, then written again with where the scan found something
    tidy_kernel_log(ws, cwd)
    _write_journal(ws, result, started, plan)
    result.identifiers_found = scan_outputs(ws)
    if result.identifiers_found:
        _write_journal(ws, result, started, plan)
    if not result.ok:
        if raise_on_failure:
            raise RunError(result.summary())
        return result
    from .getting_started import archive_outputs

    result.archive = archive_outputs(ws).path  # notebook 00 made one; bring it up to date
    return result


def previous_year_parameters(
    ws: Workspace, previous_outputs: str | os.PathLike, declared: Iterable[str]
) -> dict[str, Any]:
    """The parameters that make a run read last year's output folder ``previous_outputs``.

    Step 05 replays the cleaning rules saved there (``replay_rules`` and ``rules_dir``, its
    ``05-nettoyage`` folder) and step 12 compares this year's figures with its
    ``12-restitution/results.json`` (``previous_results``). Only the names in ``declared``
    (the parameters of the notebooks to run) are returned. Paths are given as the kernels
    see them: relative to their working folder when under it (:func:`notebook_locations`),
    so the executed notebooks do not carry a coach's folders.

    Raises
    ------
    RunError
        In French, when the folder is missing or is this run's output folder, or when the
        rules or the results file a selected step needs are not in it.
    """
    previous = Path(previous_outputs).expanduser().resolve()
    if not previous.is_dir():
        raise RunError(
            f"Dossier de l'année précédente « {previous} » introuvable : donnez le dossier "
            "de sorties de l'an dernier (celui qui contient 05-nettoyage et 12-restitution)."
        )
    if previous == ws.output_dir.resolve():
        raise RunError(
            f"Le dossier de l'année précédente « {previous} » est aussi le dossier de sorties "
            "de cette exécution : ses livrables seraient remplacés. Donnez un autre dossier "
            "de sorties avec --out (par exemple sorties-" + str(_dt.date.today().year) + ")."
        )
    declared = set(declared)
    cwd = notebook_locations(ws)[0]
    wanted: dict[str, Any] = {}
    if declared & {"replay_rules", "rules_dir"}:
        rules = previous / get_step("05").output_folder
        if not any(rules.glob("regles-nettoyage-*.yml")):
            raise RunError(
                f"Aucune règle de nettoyage dans « {rules} » : l'étape 05 n'a pas été "
                "exécutée l'an dernier dans ce dossier de sorties."
            )
        wanted["replay_rules"] = True
        wanted["rules_dir"] = _as_seen_from(rules, cwd)
    if "previous_results" in declared:
        results = previous / get_step("12").output_folder / "results.json"
        if not results.is_file():
            raise RunError(
                f"Le fichier de résultats de l'an dernier « {results} » est absent : "
                "l'étape 12 n'a pas été exécutée dans ce dossier de sorties."
            )
        wanted["previous_results"] = _as_seen_from(results, cwd)
    return {name: value for name, value in wanted.items() if name in declared}


def _as_seen_from(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (POSIX form, ``../`` when beside it) when the two share
    a folder other than the root of the disk; else absolute.

    >>> _as_seen_from(Path("/x/ws/sorties-2025/05-nettoyage"), Path("/x/ws"))
    'sorties-2025/05-nettoyage'
    >>> _as_seen_from(Path("/x/sorties-2025"), Path("/x/ws"))
    '../sorties-2025'
    >>> _as_seen_from(Path("/y/sorties-2025"), Path("/x/ws"))
    '/y/sorties-2025'
    """
    cwd = cwd.resolve()
    try:
        common = Path(os.path.commonpath([path, cwd]))
    except ValueError:  # two drives (Windows)
        return str(path)
    if common == Path(common.anchor) or common in Path.home().resolve().parents:
        return str(path)  # as notebook_locations does
    return Path(os.path.relpath(path, cwd)).as_posix()


#: The temporary files a killed run may leave: an executed notebook being written
#: (``.<notebook>.en-cours.ipynb``) and :func:`~sizeup_helpers.workspace.atomic_path`'s
#: ``.<name>.<8 characters>.tmp<suffix>``.
_LEFTOVER_RE = re.compile(r"^\..+(\.en-cours\.ipynb|\.[a-z0-9_]{8}\.tmp(\.[^.]+)?)$")


def remove_leftovers(ws: Workspace) -> list[Path]:
    """Remove the temporary files a killed run left in ``ws``'s output folder.

    Every deliverable and record is written under a hidden temporary name, then renamed
    (:func:`~sizeup_helpers.workspace.atomic_path`): a run killed meanwhile leaves that
    file, never a half-written deliverable. The next run removes them, from the output
    folder and beside it (the archive ``<sorties>.zip``). Returns the files removed.
    """
    out = ws.output_dir
    found = [p for p in out.rglob(".*") if _LEFTOVER_RE.match(p.name) and p.is_file()]
    if out.parent.is_dir():
        found += [p for p in out.parent.glob(f".{out.name}.*.tmp.zip") if p.is_file()]
    for path in found:
        path.unlink(missing_ok=True)
    return found


class _Kernels(set):
    """The kernel processes a run started; once :func:`_stop_kernels` ran, a kernel that
    was still starting is killed as soon as it is registered."""

    stopped = False


def _stop_kernels(kernels: set) -> None:
    """Kill the kernel processes still running (an interrupted run)."""
    if isinstance(kernels, _Kernels):
        kernels.stopped = True
    for process in list(kernels):
        if process.poll() is None:
            try:
                process.kill()
            except OSError:
                pass


def _interrupted_result(step: Step, seconds: float = 0.0) -> StepResult:
    return StepResult(
        step,
        INTERRUPTED,
        seconds,
        None,
        f"L'étape {step.label} : interrompue (Ctrl-C) ; ses livrables sont ceux de la "
        "dernière exécution complète. Relancez la même commande pour terminer.",
    )


def _up_to_date_result(step: Step, executed: Path) -> StepResult:
    record = executed / step.notebook
    return StepResult(step, UP_TO_DATE, 0.0, record if record.is_file() else None)


def _skipped(pending: list[Step], not_done: dict[str, str]) -> list[Step]:
    """The pending steps that must read a step that failed or was not run."""
    return [s for s in pending if any(n in not_done for n in s.requires)]


def _skipped_result(step: Step, blocker: str, origin: str) -> StepResult:
    why = (
        "elle lit ses livrables"
        if blocker == origin
        else f"elle lit les livrables de l'étape {blocker}, non exécutée"
    )
    return StepResult(
        step,
        SKIPPED,
        0.0,
        None,
        f"L'étape {step.label} : non exécutée (l'étape {origin} a échoué), car {why}.",
    )


def _ready(step: Step, chosen: set[str], done: set[str], not_done: dict[str, str]) -> bool:
    settled = done | set(not_done)
    return all(need in done or need not in chosen for need in step.requires) and all(
        need in settled or need not in chosen for need in step.reads_if_present
    )


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        desc="Carnets",
        unit="carnet",
        file=sys.stderr,
        bar_format="{desc} : {n_fmt}/{total_fmt} |{bar}| {elapsed} {postfix}",
    )


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".sizeup-ecriture-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RunError(
            f"Le dossier de sorties « {folder} » n'est pas accessible en écriture : "
            f"{exc.strerror or exc}."
        ) from None


def _run_step(
    step: Step,
    folder: Path,
    executed: Path,
    params: dict[str, Any],
    cwd: Path,
    stop: threading.Event | None = None,
    kernels: set | None = None,
) -> StepResult:
    """Run one step's notebook; its record is kept only when the run was not interrupted."""
    from papermill.exceptions import PapermillExecutionError

    target = executed / step.notebook
    failed_target = target.with_suffix(".echec.ipynb")
    tmp = target.with_name(f".{target.stem}.en-cours.ipynb")
    start = time.perf_counter()

    def interrupted() -> StepResult | None:
        if stop is None or not stop.is_set():
            return None
        tmp.unlink(missing_ok=True)  # Ctrl-C: nothing of this run of the step is kept
        return _interrupted_result(step, time.perf_counter() - start)

    try:
        execute_notebook(
            folder / step.notebook,
            tmp,
            params,
            cwd=cwd,
            kernel_log=executed / KERNEL_LOG,
            kernels=kernels,
        )
    except PapermillExecutionError as exc:
        if stopped := interrupted():
            return stopped
        _keep_record(tmp, failed_target, cwd)  # the failed record; the last good one stays
        cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
        return StepResult(
            step,
            FAILED,
            time.perf_counter() - start,
            failed_target,
            f"L'étape {step.label} a échoué à la cellule [{cell}] : "
            f"{_why(exc.ename, exc.evalue)} (carnet exécuté gardé dans "
            f"« {failed_target} »).",
        )
    except KernelDidNotStart as exc:
        if stopped := interrupted():
            return stopped
        tmp.unlink(missing_ok=True)  # no cell ran: nothing to keep
        return StepResult(
            step,
            FAILED,
            time.perf_counter() - start,
            None,
            f"L'étape {step.label} n'a pas pu être exécutée : le noyau Python "
            f"n'a pas démarré ({exc.attempts} essais) ; ce qu'il a écrit est "
            f"dans « {executed / KERNEL_LOG} ».",
        )
    except Exception as exc:  # notebook unreadable, kernel killed…
        if stopped := interrupted():
            return stopped
        if tmp.exists():
            _keep_record(tmp, failed_target, cwd)
        return StepResult(
            step,
            FAILED,
            time.perf_counter() - start,
            failed_target,
            f"L'étape {step.label} n'a pas pu être exécutée : {_why(type(exc).__name__, str(exc))}",
        )
    if stopped := interrupted():
        return stopped
    _keep_record(tmp, target, cwd)  # atomic: the record is complete or absent
    if failed_target.exists():
        failed_target.unlink()
    return StepResult(step, SUCCEEDED, time.perf_counter() - start, target)


def _keep_record(tmp: Path, record: Path, cwd: Path | None = None) -> None:
    """Move an executed notebook to its place, its papermill metadata saying that place.

    papermill wrote the record under a temporary name (so a failure never replaces the last
    good record); the record must name where it is kept, not a file that no longer exists:
    ``carnets-executes/<carnet>``, relative to the output folder, and the notebook it was
    run from by its name only. No coach's folder travels with the record: a path under the
    kernels' working folder ``cwd`` that a cell printed is made relative to it, one under
    the home folder starts with ``~/`` (:func:`relative_outputs`).
    """
    try:
        nb = json.loads(tmp.read_text(encoding="utf-8"))
        meta = nb.get("metadata", {}).get("papermill")
        if isinstance(meta, dict) and meta.get("output_path"):
            meta["output_path"] = f"{record.parent.name}/{record.name}"
            if meta.get("input_path"):
                meta["input_path"] = Path(meta["input_path"]).name
        if cwd is not None:
            relative_outputs(nb, cwd)
            tmp.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        pass  # an unreadable record is kept as it is
    os.replace(tmp, record)


def relative_paths(text: Any, cwd: Path) -> Any:
    """``text`` (a string, or a list of them) with the folders it names rewritten:
    relative to ``cwd`` when under it, ``cwd``'s name for ``cwd`` itself, ``~/…`` when
    under the home folder.

    >>> relative_paths("Sorties : /x/ws/sorties, dans /x/ws.", Path("/x/ws"))
    'Sorties : sorties, dans ws.'
    """
    if isinstance(text, list):
        return [relative_paths(t, cwd) for t in text]
    if not isinstance(text, str):
        return text
    if str(cwd) != cwd.anchor:
        text = re.sub(
            re.escape(str(cwd)) + r"(/|(?![\w\-]|\.\w))",
            lambda m: "" if m.group(1) == "/" else cwd.name,  # nothing before a « / »
            text,
        )
    home = str(Path.home())
    if home != Path(home).anchor:
        text = text.replace(home + "/", "~/")
    return text


def relative_outputs(nb: dict[str, Any], cwd: Path) -> None:
    """Rewrite, in place, the folders a notebook's outputs print (:func:`relative_paths`).

    Only text outputs (streams, errors, ``text/*`` and JSON data) are rewritten; images
    are not. The package prints its paths through
    :func:`~sizeup_helpers.privacy.display_path` where it can; this catches the others
    (a path in a printed mapping, a traceback), so the executed notebooks that
    ``sizeup run`` keeps and archives do not carry a coach's folders.
    """

    def fix(text: Any) -> Any:
        return relative_paths(text, cwd)

    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            if "text" in output:
                output["text"] = fix(output["text"])
            if "traceback" in output:
                output["traceback"] = fix(output["traceback"])
            if "evalue" in output:
                output["evalue"] = fix(output["evalue"])
            data = output.get("data") or {}
            for mime in list(data):
                if mime.startswith("text/") or mime.endswith(("+json", "/json")):
                    data[mime] = fix(data[mime])


KERNEL_LOG = "journal-noyau.log"
# A kernel that dies before its first reply is retried: when several kernels start at once
# (``--jobs``, parallel tests), the ports jupyter_client picked can be taken by another
# process before the kernel binds them, and the kernel exits (jupyter_client#487).
KERNEL_START_ATTEMPTS = 3
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def execute_notebook(
    notebook: str | Path,
    output: str | Path,
    parameters: dict[str, Any],
    *,
    cwd: str | Path,
    kernel_log: str | Path | None = None,
    kernels: set | None = None,
) -> None:
    """Execute one notebook with papermill as the runner does, and nothing more.

    The ``python3`` kernel runs in ``cwd``; its own stderr goes to ``kernel_log`` (or
    nowhere); a kernel that dies before its first reply is started again, up to
    :data:`KERNEL_START_ATTEMPTS` times, then :class:`KernelDidNotStart` is raised. A
    failing cell raises papermill's ``PapermillExecutionError``, with ``output`` written.
    Each kernel process started is added to ``kernels`` when given, so that the caller can
    stop it (an interrupted run). Once the last cell has run and its outputs are in, the
    kernel is stopped at once (``shutdown_kernel="immediate"``): every file a notebook
    writes is complete by then, and a graceful stop of a kernel that loaded pandas and
    matplotlib waits for its interpreter's clean-up (one to three seconds a notebook).
    The tests execute notebooks through this function too, so they meet the same retries.
    """
    papermill = _papermill()

    log = Path(kernel_log) if kernel_log is not None else Path(os.devnull)
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                shutdown_kernel="immediate",
                kernel_manager_class=_quiet_kernel_manager(log, kernels),
            )
            return
        except RuntimeError as exc:
            if not str(exc).startswith(KERNEL_START_FAILURES):
                raise
            if attempt == KERNEL_START_ATTEMPTS:
                raise KernelDidNotStart(attempt) from exc
            time.sleep(0.5 * attempt)  # a port taken meanwhile is free on the next try


def tidy_kernel_log(ws: Workspace, cwd: Path) -> Path | None:
    """Rewrite the run's kernel log (``journal-noyau.log``) with the folders it names made
    relative (:func:`relative_paths`: the home folder, often named after its owner, reads
    ``~``). A kernel writes its own log, Python tracebacks included (a port taken by
    another process, say), with the full paths of Python's files."""
    log = ws.executed_dir / KERNEL_LOG
    try:
        text = log.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    tidy = relative_paths(text, cwd)
    return ws.write_text(log, tidy) if tidy != text else log


def _quiet_kernel_manager(log_path: Path, kernels: set | None = None) -> type:
    """A kernel manager whose kernel writes its own log to a file, not to our terminal.

    The kernel process inherits the terminal's stderr, where ipykernel prints start-up
    warnings in English that a coach does not need; they go to ``journal-noyau.log``
    beside the executed notebooks instead (still there if a kernel dies).
    """
    from jupyter_client import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(log_path, "ab") as log:  # the child keeps its own copy of the handle
                kw["stderr"] = log
                launched = await super()._async_launch_kernel(kernel_cmd, **kw)
            process = getattr(self.provisioner, "process", None)
            if kernels is not None and process is not None:
                kernels.add(process)
                if getattr(kernels, "stopped", False):  # the run was interrupted meanwhile
                    _stop_kernels(kernels)
            return launched

    return QuietKernelManager


def _why(ename: str, evalue: str) -> str:
    evalue = _ANSI_RE.sub("", evalue or "").strip()
    if ename in _expected_error_names():
        return evalue  # already a French sentence written for a person
    return f"{ename} — {evalue}" if evalue else ename


def _expected_error_names() -> set[str]:
    """Names of every SizeUpError class of the package (all defined in ``errors``)."""
    names: set[str] = set()
    todo = [SizeUpError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _write_journal(
    ws: Workspace,
    result: RunResult,
    started: _dt.datetime,
    plan: dict[str, dict[str, Any]],
    *,
    interrupted: bool = False,
) -> None:
    from . import __version__

    journal = {
        "structure": ws.name,
        "debut": started.isoformat(timespec="seconds"),
        "fin": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "version_sizeup": __version__,
        "python": platform.python_version(),
        "interrompue": interrupted,
        "identifiants_trouves_dans_les_sorties": result.identifiers_found,
        "etapes": [
            {
                "etape": r.step.number,
                "titre": r.step.title,
                "statut": r.status,
                "duree_s": round(r.seconds, 2),
                "carnet_execute": (
                    str(r.executed_notebook.relative_to(ws.output_dir))
                    if r.executed_notebook
                    else None
                ),
                "parametres": {
                    k: v for k, v in plan[r.step.number].items() if k not in WORKSPACE_PARAMETERS
                },
                "message": relative_paths(r.message, notebook_locations(ws)[0]),
            }
            for r in result.results
        ],
    }
    with atomic_path(ws.executed_dir / "journal-execution.json") as tmp:
        tmp.write_text(json.dumps(journal, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

"""Exercise notebooks generated from a single solution source.

Each exercise is written once, as a solution notebook
``exercises/NN_<slug>_sol_MM.ipynb``; the learner's notebook ``NN_<slug>_ex_MM.ipynb`` is
generated from it (``sizeup exercises`` or ``python -m tools.exercisegen``, from a
checkout: this is development tooling, left out of the installed package), and a test fails
when a generated exercise is out of date. What is removed:

- a cell tagged ``solution`` is replaced by an empty code cell inviting the answer (its
  first comment line, if it starts with ``# Consigne :``, is kept as the invitation);
- lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are replaced by ``...``,
  keeping their indentation;
- a line ending with ``# solution`` keeps what is left of ``=`` and gets ``...`` as value
  (``answer = 42  # solution`` becomes ``answer = ...  # à compléter``).

The generated notebook has no outputs, the ``python3`` kernel and deterministic JSON, so
regenerating an unchanged solution gives the same bytes.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from sizeup_helpers import french
from sizeup_helpers.errors import SizeUpError

SOLUTION_TAG = "solution"
_SOL_NAME = re.compile(r"^(?P<num>\d\d)_(?P<slug>[a-z0-9_]+)_sol_(?P<ex>\d\d)\.ipynb$")
_BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*# END SOLUTION\s*$")
_INLINE = re.compile(r"^(?P<head>\s*[^=#]+?=)\s*.+?#\s*solution\s*$", re.IGNORECASE)
PLACEHOLDER = "# Écrivez votre réponse ici, puis exécutez la cellule."
GENERATED_NOTICE = (
    "> *Carnet d'exercice généré à partir de `{source}` — ne le modifiez pas dans le dépôt : "
    "modifiez la solution puis lancez `sizeup exercises`.*"
)


def exercises_dir() -> Path:
    """The checkout's ``exercises/`` folder."""
    return Path(__file__).resolve().parents[1] / "exercises"


def exercise_name(solution: Path) -> str:
    """``01_cadrage_sol_02.ipynb`` → ``01_cadrage_ex_02.ipynb``."""
    match = _SOL_NAME.match(solution.name)
    if match is None:
        raise SizeUpError(
            f"Nom de solution invalide : « {solution.name} » (attendu NN_sujet_sol_MM.ipynb)."
        )
    return f"{match['num']}_{match['slug']}_ex_{match['ex']}.ipynb"


def strip_solution_source(source: str) -> str:
    """Remove the marked solution lines of one cell's source.

    >>> print(strip_solution_source("x = 1\\nanswer = x + 1  # solution"))
    x = 1
    answer = ...  # à compléter
    >>> print(strip_solution_source("def f():\\n    # BEGIN SOLUTION\\n    return 1\\n"
    ...                             "    # END SOLUTION"))
    def f():
        ...  # à compléter
    """
    out: list[str] = []
    inside: str | None = None
    for line in source.split("\n"):
        if inside is not None:
            if _END.match(line):
                out.append(f"{inside}...  # à compléter")
                inside = None
            continue
        begin = _BEGIN.match(line)
        if begin:
            inside = begin["indent"]
            continue
        inline = _INLINE.match(line)
        if inline:
            out.append(f"{inline['head']} ...  # à compléter")
            continue
        out.append(line)
    if inside is not None:
        raise SizeUpError("« # BEGIN SOLUTION » sans « # END SOLUTION » correspondant.")
    return "\n".join(out)


def make_exercise(solution_nb: dict, source_name: str) -> dict:
    """Return the learner's notebook built from a solution notebook (a dict)."""
    nb = copy.deepcopy(solution_nb)
    cells = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags:
            first = source.split("\n", 1)[0]
            prompt = first if first.startswith("# Consigne") else PLACEHOLDER
            cell = {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {"tags": ["exercice"]},
                "outputs": [],
                "source": prompt,
            }
        elif cell["cell_type"] == "code":
            cell = {
                **cell,
                "source": strip_solution_source(source),
                "outputs": [],
                "execution_count": None,
            }
        else:
            cell = {**cell, "source": source}
        cell.pop("id", None)
        cells.append(cell)
    notice = {
        "cell_type": "markdown",
        "metadata": {},
        "source": GENERATED_NOTICE.format(source=source_name),
    }
    nb["cells"] = [cells[0], notice, *cells[1:]] if cells else [notice]
    nb["metadata"] = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "sizeup": {"genere_depuis": source_name},
    }
    nb["nbformat"], nb["nbformat_minor"] = 4, 5
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i:02d}"
    return nb


def render(nb: dict) -> str:
    """Deterministic JSON text of a notebook."""
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def sync_exercises(folder: Path | None = None, *, check: bool = False) -> list[Path]:
    """Regenerate every exercise from its solution.

    Returns the exercises that were out of date (with ``check=True``, nothing is written).
    """
    folder = folder or exercises_dir()
    stale: list[Path] = []
    solutions = sorted(folder.glob("*_sol_*.ipynb"))
    for sol in solutions:
        target = folder / exercise_name(sol)
        try:
            solution_nb = json.loads(sol.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise SizeUpError(f"Solution illisible : « {sol} » ({exc}).") from None
        text = render(make_exercise(solution_nb, sol.name))
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(target)
            if not check:
                target.write_text(text, encoding="utf-8")
    expected = {exercise_name(s) for s in solutions}
    for orphan in sorted(folder.glob("*_ex_*.ipynb")):
        if orphan.name not in expected:
            stale.append(orphan)
            if not check:
                orphan.unlink()
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.exercisegen [--check]``: regenerate (or check) the exercises."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="python -m tools.exercisegen",
        description="Régénère les exercices depuis leurs solutions.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="vérifie sans écrire ; statut 1 si un exercice est périmé",
    )
    args = parser.parse_args(argv)
    try:
        stale = sync_exercises(check=args.check)
    except SizeUpError as exc:
        print(f"exercisegen : {exc.message}", file=sys.stderr)
        return exc.exit_code
    if args.check:
        if stale:
            print(
                "Exercices périmés (lancez `sizeup exercises`) : "
                + ", ".join(str(p) for p in stale),
                file=sys.stderr,
            )
            return 1
        print("Tous les exercices sont à jour.")
    else:
        print(french.plural(len(stale), "exercice régénéré", "exercices régénérés") + ".")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

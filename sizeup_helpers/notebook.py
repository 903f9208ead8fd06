"""What a notebook calls at its top: display defaults and French errors without traceback.

Importing :mod:`sizeup_helpers` changes nothing; a notebook opts in explicitly::

    from sizeup_helpers import setup_notebook
    ws = setup_notebook(workspace_dir, output_dir)

After that, an expected mistake (a :class:`~sizeup_helpers.SizeUpError`) shows as one
short French line instead of a Python traceback. The cell still counts as
failed, so ``sizeup run`` and papermill stop on it and report the message.
"""

from __future__ import annotations

import html
from typing import Any

# Every notebook works on tables: pandas loads with the notebook's imports cell (where a
# participant expects the wait), not in the middle of its first reading. `import
# sizeup_helpers` alone stays light: this module loads only with `setup_notebook`.
import pandas  # noqa: F401

from .errors import SizeUpError
from .reading import Reading


def setup_notebook(workspace_dir: str = "", output_dir: str = "", *, quiet: bool = False):
    """Prepare the notebook and open its workspace.

    Parameters
    ----------
    workspace_dir, output_dir
        The notebook's two parameters (see :func:`~sizeup_helpers.resolve_workspace`).
    quiet
        Don't print which workspace was opened.

    Returns
    -------
    Workspace
    """
    install_error_display()
    _display_defaults()
    from .workspace import resolve_workspace

    ws = resolve_workspace(workspace_dir, output_dir)
    if not quiet:
        notice = " — données fictives" if ws.fictional else ""
        print(f"Espace de travail : {ws.name}{notice}\nSorties : {ws.output_dir}")
    return ws


def open_chosen_workspace(
    workspace_dir: str = "",
    output_dir: str = "",
    *,
    new_workspace_name: str = "",
    remember: bool = True,
):
    """Notebook 00's set-up: :func:`~sizeup_helpers.workspace.save_workspace_choice`,
    then open the workspace.

    Like :func:`~sizeup_helpers.setup_notebook`, expected mistakes show as a short French
    message, without a traceback, from the first line on (including a failed creation).

    Returns
    -------
    Workspace
    """
    from .workspace import save_workspace_choice

    install_error_display()
    choice = save_workspace_choice(
        workspace_dir, output_dir, new_workspace_name=new_workspace_name, remember=remember
    )
    ws = setup_notebook(str(choice.workspace.root), output_dir)
    print(choice.message)
    return ws


def list_deliverables(ws, step: str | int) -> Reading:
    """The files a step has written in its folder of the outputs, as a reading (the last
    section of each notebook: « Votre livrable »)."""
    folder = ws.step_dir(step, create=False)
    files = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        return Reading.of([f"Aucun fichier pour l'instant dans `{folder}`."])
    return Reading.of([f"Dans `{folder}` :", *(f"- `{name}`" for name in files)])


def show_error(error: BaseException) -> None:
    """Display an expected error as a short French message (HTML in Jupyter)."""
    message = error.message if isinstance(error, SizeUpError) else str(error)
    try:
        from IPython.display import HTML, display

        display(
            HTML(
                '<div style="border-left:4px solid #c0392b;background:#fdecea;padding:8px 12px;'
                f'margin:4px 0"><b>Problème :</b> {html.escape(message)}</div>'
            )
        )
    except ImportError:  # pragma: no cover - outside IPython
        pass
    import sys

    print(f"Problème : {message}", file=sys.stderr)


def install_error_display() -> None:
    """Show expected errors (SizeUpError) as one French line, without traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None:
        return

    def handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset=None):
        # The "structured traceback" is one French line: the cell still ends in an error
        # (with the exception's name and message, which papermill and `sizeup run` report)
        # but the participant sees no Python traceback.
        stb = [f"\x1b[1;31mProblème :\x1b[0m {value.message}"]
        shell._showtraceback(etype, value, stb)  # ipykernel sends it as the cell's error
        return stb

    shell.set_custom_exc((SizeUpError,), handler)


def _display_defaults() -> None:
    import pandas as pd

    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 60)

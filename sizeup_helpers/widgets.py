"""Forms that set a notebook's parameters, and the plain functions behind them.

A widget is a layer for people: it only sets the values a notebook's ``parameters`` cell
holds and saves them, through the very functions a headless run uses. Nothing in a
notebook depends on a widget callback: the cell after a widget reads the parameter values
(or what the widget saved), so ``sizeup run`` and papermill never need a click.

Notebook 00 uses two things from here:

- :func:`save_workspace_choice`, the plain function: create the workspace if asked
  (:func:`~sizeup_helpers.workspace.create_workspace`) and remember it for the next
  notebooks (:func:`~sizeup_helpers.workspace.remember_workspace`);
- :func:`workspace_chooser`, the form whose two buttons call :func:`save_workspace_choice`
  with the values typed or chosen.

``ipywidgets`` is imported inside the functions that build a form, so importing this module
stays light.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SizeUpError, WorkspaceError

__all__ = [
    "WorkspaceChoice",
    "WorkspaceChooser",
    "open_chosen_workspace",
    "save_workspace_choice",
    "workspace_chooser",
]

_BINDER_WARNING = (
    "Sur le Binder public (mybinder.org), utilisez seulement les structures d'exemple : "
    "n'y déposez jamais les fichiers réels de vos bénéficiaires."
)


# --------------------------------------------------------------------------------------
# The plain functions (parameters path and widget alike)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkspaceChoice:
    """What :func:`save_workspace_choice` did.

    Attributes
    ----------
    workspace
        The workspace, opened and validated.
    created
        ``True`` when the workspace was created by this call.
    existing
        ``True`` when a workspace was asked for creation but already existed (it is then
        opened as it is).
    remembered
        The file where the choice was saved for the next notebooks, or ``None``.
    """

    workspace: Any  # a sizeup_helpers.workspace.Workspace
    created: bool = False
    existing: bool = False
    remembered: Path | None = None

    @property
    def message(self) -> str:
        """One or two French sentences saying what was done."""
        ws = self.workspace
        notice = " (données fictives)" if ws.fictional else ""
        if self.created:
            text = (f"Espace de travail créé pour « {ws.name} » dans {ws.root}. Copiez les "
                    "fichiers de la structure dans donnees-brutes/ et déclarez-les dans "
                    "structure.yml.")
        elif self.existing:
            text = (f"Un espace de travail existe déjà dans {ws.root} : « {ws.name} ». Il est "
                    "choisi tel qu'il est, rien n'est écrasé.")
        else:
            text = f"Espace de travail choisi : « {ws.name} »{notice}."
        if self.remembered is not None:
            text += " Les carnets suivants l'ouvriront tant que leur workspace_dir reste vide."
        return text


def save_workspace_choice(workspace_dir: str | os.PathLike = "",
                          output_dir: str | os.PathLike = "", *,
                          new_workspace_name: str = "", remember: bool = True
                          ) -> WorkspaceChoice:
    """Apply notebook 00's parameters: create the workspace if asked, remember it.

    This is the one function behind both ways of choosing a workspace: the ``parameters``
    cell of notebook 00 and the buttons of :func:`workspace_chooser`.

    Parameters
    ----------
    workspace_dir
        The workspace folder. Empty: the workspace remembered earlier, or else the default
        sample structure (nothing new is remembered then).
    output_dir
        Where outputs go (empty: the workspace's default, see
        :func:`~sizeup_helpers.workspace.open_workspace`).
    new_workspace_name
        Non-empty: create a new workspace for the structure named so, in ``workspace_dir``
        (which must then be given). If that folder already holds a workspace, it is opened
        as it is, so running the notebook again changes nothing.
    remember
        Save the choice (``espace-actif.yml`` in ``SIZEUP_HOME``, by default ``~/.sizeup``)
        so that the next notebooks, opened by hand, use this workspace.

    Returns
    -------
    WorkspaceChoice

    Raises
    ------
    WorkspaceError
        In French: a name without a folder, a folder that is not a workspace, a folder that
        cannot be created…
    TypeError
        When ``new_workspace_name`` is not a text.
    """
    from .workspace import (
        CONFIG_NAME,
        create_workspace,
        open_workspace,
        remember_workspace,
        resolve_workspace,
    )

    if not isinstance(new_workspace_name, str):
        raise TypeError(f"`new_workspace_name` doit être un texte, pas "
                        f"{type(new_workspace_name).__name__}.")
    workspace_dir = str(workspace_dir).strip() if workspace_dir is not None else ""
    output_dir = str(output_dir).strip() if output_dir is not None else ""
    name = new_workspace_name.strip()
    created = existing = False
    if name:
        if not workspace_dir:
            raise WorkspaceError(
                f"Pour créer l'espace de travail de « {name} », indiquez aussi son dossier "
                "(paramètre workspace_dir, ou « Dossier » dans le formulaire)."
            )
        root = Path(workspace_dir).expanduser()
        if (root / CONFIG_NAME).is_file():
            ws = open_workspace(root, output_dir or None)  # already there: keep it as it is
            existing = True
        else:
            create_workspace(root, name)
            ws = open_workspace(root, output_dir or None)
            created = True
    elif workspace_dir:
        ws = open_workspace(workspace_dir, output_dir or None)
    else:
        return WorkspaceChoice(resolve_workspace("", output_dir))
    remembered = remember_workspace(ws.root, output_dir) if remember else None
    return WorkspaceChoice(ws, created=created, existing=existing, remembered=remembered)


def open_chosen_workspace(workspace_dir: str = "", output_dir: str = "", *,
                          new_workspace_name: str = "", remember: bool = True):
    """Notebook 00's set-up: :func:`save_workspace_choice`, then open the workspace.

    Like :func:`~sizeup_helpers.setup_notebook`, expected mistakes show as a short French
    message, without a traceback, from the first line on (including a failed creation).

    Returns
    -------
    Workspace
    """
    from .notebook import install_error_display, setup_notebook

    install_error_display()
    choice = save_workspace_choice(workspace_dir, output_dir,
                                   new_workspace_name=new_workspace_name, remember=remember)
    ws = setup_notebook(str(choice.workspace.root), output_dir)
    print(choice.message)
    return ws


# --------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------
@dataclass
class WorkspaceChooser:
    """The workspace form of notebook 00; build it with :func:`workspace_chooser`.

    Its child widgets are attributes, so a test (or a curious participant) can set values
    and call :meth:`use` or :meth:`create`, exactly what the two buttons do.
    """

    sample: Any
    """``Dropdown`` « Structure d'exemple » (value: the sample's slug)."""
    name: Any
    """``Text`` « Nom de la structure »."""
    folder: Any
    """``Text`` « Dossier »."""
    use_button: Any
    create_button: Any
    output: Any
    """``HTML`` where the confirmation or the problem is shown."""
    box: Any
    """The whole form (a ``VBox``)."""
    output_dir: str = ""
    choice: WorkspaceChoice | None = None
    """What the last click did (``None`` before any click or after a problem)."""
    message: str = ""
    """The last confirmation or problem, as plain French text."""
    _suggested_folder: str = field(default="", repr=False)

    # ---- what the buttons do -------------------------------------------------------
    def use(self) -> WorkspaceChoice | None:
        """Choose the selected sample structure and remember it (button « Utiliser cet espace »)."""
        from .workspace import samples_dir

        folder = samples_dir() / str(self.sample.value)
        return self._apply(lambda: save_workspace_choice(folder, self.output_dir),
                           f'workspace_dir = "{folder}"')

    def create(self) -> WorkspaceChoice | None:
        """Create the workspace typed in the form and remember it (button « Créer l'espace »)."""
        name, folder = self.name.value.strip(), self.folder.value.strip()
        if not name:
            return self._fail(WorkspaceError(
                "Donnez le nom de votre structure (« Nom de la structure ») pour créer son "
                "espace de travail."))
        if not folder:
            return self._fail(WorkspaceError(
                "Indiquez le dossier où créer l'espace de travail (« Dossier »)."))
        return self._apply(
            lambda: save_workspace_choice(folder, self.output_dir, new_workspace_name=name),
            f'workspace_dir = "{folder}"\nnew_workspace_name = "{name}"')

    # ---- display -------------------------------------------------------------------
    def _apply(self, action, equivalent: str) -> WorkspaceChoice | None:
        try:
            choice = action()
        except SizeUpError as exc:
            return self._fail(exc)
        self.choice = choice
        self.message = choice.message
        extra = f"<br>⚠️ {html.escape(_BINDER_WARNING)}" if choice.created else ""
        self.output.value = (
            '<div style="border-left:4px solid #1e8449;background:#eafaf1;padding:6px 10px">'
            f"✅ {html.escape(choice.message)}{extra}<br>Exécutez maintenant la cellule suivante."
            "<br><small>Même choix par la cellule des paramètres : "
            f"<code>{html.escape(equivalent).replace(chr(10), '<br>')}</code></small></div>"
        )
        return choice

    def _fail(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, SizeUpError) else str(exc)
        self.choice = None
        self.message = f"Problème : {text}"
        self.output.value = (
            '<div style="border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px">'
            f"<b>Problème :</b> {html.escape(text)}</div>"
        )
        return None

    def _suggest_folder(self, change: dict) -> None:
        from .workspace import _slugify

        slug = _slugify(str(change.get("new") or ""))
        if self.folder.value in ("", self._suggested_folder):
            self._suggested_folder = f"~/size-up/{slug}" if slug else ""
            self.folder.value = self._suggested_folder

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def workspace_chooser(*, output_dir: str = "", default_sample: str | None = None
                      ) -> WorkspaceChooser:
    """A form to choose a sample structure or create one's own workspace.

    The button « Utiliser cet espace » remembers the selected sample; « Créer l'espace »
    creates a workspace at « Dossier » for « Nom de la structure » and remembers it. Both
    call :func:`save_workspace_choice`, the function the ``parameters`` cell uses, and show
    a French confirmation or the French problem (never a traceback).

    Parameters
    ----------
    output_dir
        The notebook's ``output_dir`` parameter, saved with the choice.
    default_sample
        The sample selected at first (default: ``ateliers-emploi``).

    Returns
    -------
    WorkspaceChooser
        Display it (last line of a cell) to show the form.
    """
    import ipywidgets as w

    from .samples import list_samples
    from .workspace import DEFAULT_SAMPLE

    samples = list_samples()
    options = [(s["nom"], s["slug"]) for s in samples]
    slugs = [s["slug"] for s in samples]
    first = default_sample or DEFAULT_SAMPLE
    if first not in slugs:
        raise WorkspaceError(f"Structure d'exemple inconnue : « {first} » (connues : "
                             f"{', '.join(slugs)}).")
    wide = {"description_width": "150px"}
    full = w.Layout(width="95%")
    sample = w.Dropdown(options=options, value=first, description="Structure d'exemple",
                        style=wide, layout=full)
    about = w.HTML()

    def describe(change: dict | None = None) -> None:
        info = next(s for s in samples if s["slug"] == sample.value)
        about.value = (f"<small>{html.escape(info['type'])} — {html.escape(info['territoire'])}"
                       " — données fictives</small>")

    describe()
    sample.observe(describe, names="value")
    use_button = w.Button(description="Utiliser cet espace", button_style="primary",
                          icon="check", layout=w.Layout(width="auto"))
    name = w.Text(description="Nom de la structure", placeholder="ex. Association Les Pairs",
                  style=wide, layout=full)
    folder = w.Text(description="Dossier", placeholder="ex. ~/size-up/mon-association",
                    style=wide, layout=full)
    create_button = w.Button(description="Créer l'espace", button_style="warning",
                             icon="plus", layout=w.Layout(width="auto"))
    output = w.HTML()
    box = w.VBox([
        w.HTML("<b>Structure d'exemple</b> — pour découvrir le parcours sur des données "
               "fictives"),
        sample, about, use_button,
        w.HTML("<hr><b>Ou créer mon espace</b> — pour travailler sur les fichiers de votre "
               f"structure<br><small>⚠️ {html.escape(_BINDER_WARNING)}</small>"),
        name, folder, create_button, output,
    ])
    chooser = WorkspaceChooser(sample=sample, name=name, folder=folder, use_button=use_button,
                               create_button=create_button, output=output, box=box,
                               output_dir=str(output_dir or ""))
    use_button.on_click(lambda _button: chooser.use())
    create_button.on_click(lambda _button: chooser.create())
    name.observe(chooser._suggest_folder, names="value")
    return chooser

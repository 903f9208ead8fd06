"""What a form saved, read back by the cell after it: a form's answers or the parameters.

A form of seminar 1 (:mod:`sizeup_helpers.widgets`) records the values it saved in a small
YAML file of the step's folder, ``formulaire-<name>.yml`` (:func:`save_form_answers`). The
cell after the form calls :func:`resolve_answers`: the recorded answers if there are any,
or else the notebook's parameters (always the case in a headless run on a new output
folder). Nothing here imports ``ipywidgets``: a headless run never needs a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SizeUpError
from .yamlfile import dump_yaml, read_yaml_file

if TYPE_CHECKING:  # pragma: no cover
    from .workspace import Workspace

__all__ = [
    "FRAMING_FORM",
    "MATURITY_FORM",
    "SCOPE_FORM",
    "STAKEHOLDER_FORM",
    "Answers",
    "form_file",
    "plain",
    "resolve_answers",
    "save_form_answers",
]

MATURITY_FORM = "autodiagnostic"
FRAMING_FORM = "cadrage"
STAKEHOLDER_FORM = "parties-prenantes"
SCOPE_FORM = "perimetre"
"""Names of the forms of notebooks 01 and 03 (their file is ``formulaire-<name>.yml``)."""

_UNREADABLE = (
    "fichier de réponses illisible ; supprimez-le et enregistrez de nouveau le formulaire."
)


def form_file(ws: Workspace, step: str, name: str) -> Path:
    """Where the form ``name`` of ``step`` records its answers."""
    return ws.step_dir(step, create=False) / f"formulaire-{name}.yml"


def plain(value: Any) -> Any:
    """Values as YAML writes them: tuples become lists, inside mappings too.

    >>> plain({"effets": ("E1", "E2"), "scores": {"PP1": (3, 4)}})
    {'effets': ['E1', 'E2'], 'scores': {'PP1': [3, 4]}}
    """
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def save_form_answers(ws: Workspace, step: str, name: str, values: dict[str, Any]) -> Path:
    """Record what a form saved, as ``formulaire-<name>.yml`` in the step's folder.

    The cell after the form reads it back with :func:`resolve_answers`. The file holds
    plain values only (the notebook's parameter names), never a person's name.
    """
    doc = {"version": 1, "formulaire": name, "reponses": plain(dict(values))}
    header = (
        f"# Réponses enregistrées par le formulaire « {name} » (étape {step}).\n"
        "# Supprimez ce fichier pour revenir aux valeurs de la cellule des paramètres.\n"
    )
    return ws.write_text(ws.step_dir(step) / f"formulaire-{name}.yml", header + dump_yaml(doc))


@dataclass(frozen=True)
class Answers:
    """The values a notebook uses after a form: from the form, or from its parameters."""

    values: dict[str, Any]
    from_form: bool
    file: Path | None = None

    @property
    def message(self) -> str:
        """A French sentence saying where the values come from."""
        if self.from_form:
            return (
                f"Réponses du formulaire, enregistrées dans {self.file.name} (supprimez ce "
                "fichier, ou mettez use_form_answers à False, pour revenir aux paramètres)."
            )
        return "Réponses de la cellule des paramètres (aucun formulaire enregistré)."


def resolve_answers(
    ws: Workspace, step: str, name: str, parameters: dict[str, Any], *, use_form: bool = True
) -> Answers:
    """The values to use: the form's recorded answers if any (and ``use_form``), else
    ``parameters``.

    Only the names of ``parameters`` are taken from the form's file; a name the form did not
    record keeps its parameter value.

    Raises
    ------
    SizeUpError
        In French, when the form's file is unreadable.
    """
    values = dict(parameters)
    file = form_file(ws, step, name)
    if not use_form or not file.is_file():
        return Answers(values, False)
    data, _ = read_yaml_file(file, SizeUpError, invalid=_UNREADABLE)
    saved = data.get("reponses") if isinstance(data, dict) else None
    if not isinstance(saved, dict):
        raise SizeUpError(f"{file} : {_UNREADABLE}")
    values.update({k: v for k, v in saved.items() if k in values})
    return Answers(values, True, file)

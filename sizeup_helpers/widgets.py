"""Forms that set a notebook's parameters, and nothing else.

A widget is a layer for people: it only sets the values a notebook's ``parameters`` cell
holds and saves them, through the very functions a headless run uses, which live in the
step modules. Nothing in a notebook depends on a widget callback: the cell after a widget
reads the parameter values (or what the widget saved), so ``sizeup run`` and papermill
never need a click.

Each form and the plain function its button calls:

- :func:`workspace_chooser` (notebook 00) →
  :func:`~sizeup_helpers.workspace.save_workspace_choice`;
- :func:`maturity_form` (01) → :func:`~sizeup_helpers.framing.save_maturity`;
- :func:`framing_form` (01) → :func:`~sizeup_helpers.framing.save_framing_answers`;
- :func:`toc_editor` (02) → the editing functions of
  :mod:`~sizeup_helpers.theory_of_change` and
  :func:`~sizeup_helpers.theory_of_change.save_theory_of_change`, at every change;
- :func:`stakeholder_adjuster` (03) →
  :func:`~sizeup_helpers.stakeholders.save_stakeholder_answers`;
- :func:`scope_form` (03) → :func:`~sizeup_helpers.stakeholders.save_scope_answers`.

A form of seminar 1 also records its answers
(:func:`~sizeup_helpers.answers.save_form_answers`); the cell after the form reads them
back with :func:`~sizeup_helpers.answers.resolve_answers`.

``ipywidgets`` is imported inside the functions that build a form, so importing this module
stays light.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import french
from .answers import (
    FRAMING_FORM,
    MATURITY_FORM,
    SCOPE_FORM,
    STAKEHOLDER_FORM,
    plain,
    resolve_answers,
    save_form_answers,
)
from .errors import SizeUpError, WorkspaceError
from .workspace import WorkspaceChoice, save_workspace_choice

__all__ = [
    "CodingForm",
    "Form",
    "TocEditor",
    "WorkspaceChooser",
    "coding_form",
    "framing_form",
    "maturity_form",
    "scope_form",
    "stakeholder_adjuster",
    "toc_editor",
    "workspace_chooser",
]

_BINDER_WARNING = (
    "Sur le Binder public (mybinder.org), utilisez seulement les structures d'exemple : "
    "n'y déposez jamais les fichiers réels de vos bénéficiaires."
)


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
        return self._apply(
            lambda: save_workspace_choice(folder, self.output_dir), f'workspace_dir = "{folder}"'
        )

    def create(self) -> WorkspaceChoice | None:
        """Create the workspace typed in the form and remember it (button « Créer l'espace »)."""
        name, folder = self.name.value.strip(), self.folder.value.strip()
        if not name:
            return self._fail(
                WorkspaceError(
                    "Donnez le nom de votre structure (« Nom de la structure ») pour créer son "
                    "espace de travail."
                )
            )
        if not folder:
            return self._fail(
                WorkspaceError("Indiquez le dossier où créer l'espace de travail (« Dossier »).")
            )
        return self._apply(
            lambda: save_workspace_choice(folder, self.output_dir, new_workspace_name=name),
            f'workspace_dir = "{folder}"\nnew_workspace_name = "{name}"',
        )

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
        from .french import slugify

        slug = slugify(str(change.get("new") or ""))
        if self.folder.value in ("", self._suggested_folder):
            self._suggested_folder = f"~/size-up/{slug}" if slug else ""
            self.folder.value = self._suggested_folder

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def workspace_chooser(
    *, output_dir: str = "", default_sample: str | None = None
) -> WorkspaceChooser:
    """A form to choose a sample structure or create one's own workspace.

    The button « Utiliser cet espace » remembers the selected sample; « Créer l'espace »
    creates a workspace at « Dossier » for « Nom de la structure » and remembers it. Both
    call :func:`~sizeup_helpers.workspace.save_workspace_choice`, the function the
    ``parameters`` cell uses, and show a French confirmation or the French problem (never a
    traceback).

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
        raise WorkspaceError(
            f"Structure d'exemple inconnue : « {first} » (connues : {', '.join(slugs)})."
        )
    wide = {"description_width": "150px"}
    full = w.Layout(width="95%")
    sample = w.Dropdown(
        options=options, value=first, description="Structure d'exemple", style=wide, layout=full
    )
    about = w.HTML()

    def describe(change: dict | None = None) -> None:
        info = next(s for s in samples if s["slug"] == sample.value)
        about.value = (
            f"<small>{html.escape(info['type'])} — {html.escape(info['territoire'])}"
            " — données fictives</small>"
        )

    describe()
    sample.observe(describe, names="value")
    use_button = w.Button(
        description="Utiliser cet espace",
        button_style="primary",
        icon="check",
        layout=w.Layout(width="auto"),
    )
    name = w.Text(
        description="Nom de la structure",
        placeholder="ex. Association Les Pairs",
        style=wide,
        layout=full,
    )
    folder = w.Text(
        description="Dossier", placeholder="ex. ~/size-up/mon-association", style=wide, layout=full
    )
    create_button = w.Button(
        description="Créer l'espace",
        button_style="warning",
        icon="plus",
        layout=w.Layout(width="auto"),
    )
    output = w.HTML()
    box = w.VBox(
        [
            w.HTML(
                "<b>Structure d'exemple</b> — pour découvrir le parcours sur des données fictives"
            ),
            sample,
            about,
            use_button,
            w.HTML(
                "<hr><b>Ou créer mon espace</b> — pour travailler sur les fichiers de votre "
                f"structure<br><small>⚠️ {html.escape(_BINDER_WARNING)}</small>"
            ),
            name,
            folder,
            create_button,
            output,
        ]
    )
    chooser = WorkspaceChooser(
        sample=sample,
        name=name,
        folder=folder,
        use_button=use_button,
        create_button=create_button,
        output=output,
        box=box,
        output_dir=str(output_dir or ""),
    )
    use_button.on_click(lambda _button: chooser.use())
    create_button.on_click(lambda _button: chooser.create())
    name.observe(chooser._suggest_folder, names="value")
    return chooser


# ======================================================================================
# Seminar 1: forms of notebooks 01 to 03
# ======================================================================================
_OK_STYLE = "border-left:4px solid #1e8449;background:#eafaf1;padding:6px 10px"
_KO_STYLE = "border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px"
_EXPECTED = (SizeUpError, TypeError, ValueError)


class _Choices:
    """A group of check boxes whose ``value`` is the list of ticked keys."""

    def __init__(self, options: dict[Any, str], value: Any, description: str) -> None:
        import ipywidgets as w

        self.options = dict(options)
        chosen = list(value or [])
        self.boxes = {
            key: w.Checkbox(
                value=key in chosen, description=label, indent=False, layout=w.Layout(width="95%")
            )
            for key, label in self.options.items()
        }
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(description)}</b>"), *self.boxes.values()])

    @property
    def value(self) -> list:
        return [k for k, box in self.boxes.items() if box.value]

    @value.setter
    def value(self, keys: Any) -> None:
        keys = [keys] if isinstance(keys, str) else list(keys)
        unknown = [k for k in keys if k not in self.boxes]
        if unknown:
            raise ValueError(
                f"Choix inconnu « {unknown[0]} » (choix possibles : "
                f"{', '.join(map(str, self.boxes))})."
            )
        for k, box in self.boxes.items():
            box.value = k in keys


class _Lines:
    """A text area whose ``value`` is the list of its non-empty lines."""

    def __init__(self, value: Any, description: str, placeholder: str = "") -> None:
        import ipywidgets as w

        self.text = w.Textarea(
            value="\n".join(value or []),
            description=description,
            placeholder=placeholder,
            style={"description_width": "200px"},
            layout=w.Layout(width="95%", height="80px"),
        )
        self.widget = self.text

    @property
    def value(self) -> list[str]:
        return [line.strip() for line in self.text.value.splitlines() if line.strip()]

    @value.setter
    def value(self, lines: Any) -> None:
        self.text.value = "\n".join([lines] if isinstance(lines, str) else lines)


def _equivalent(values: dict[str, Any]) -> str:
    return "<br>".join(
        f"{html.escape(k)} = {html.escape(repr(plain(v)))}" for k, v in values.items()
    )


class Form:
    """A form of seminar 1: child widgets in :attr:`fields`, one button calling :meth:`save`.

    :meth:`save` (what the button does) calls the form's plain function with
    :meth:`values`, records the answers (:func:`~sizeup_helpers.answers.save_form_answers`)
    and shows a French confirmation, or the French problem (never a traceback).
    """

    def __init__(
        self,
        ws: Any,
        *,
        step: str,
        name: str,
        title: str,
        fields: dict[str, Any],
        action: Callable[[dict[str, Any]], str],
        button: str,
        extra: list[Any] | None = None,
    ) -> None:
        import ipywidgets as w

        self.ws = ws
        self.step = step
        self.name = name
        self.fields = fields
        self._action = action
        self.message = ""
        self.saved: dict[str, Any] | None = None
        self.save_button = w.Button(
            description=button, button_style="primary", icon="check", layout=w.Layout(width="auto")
        )
        self.output = w.HTML()
        children = [w.HTML(f"<b>{html.escape(title)}</b>")]
        children += [getattr(f, "widget", f) for f in fields.values()]
        children += list(extra or [])
        self.box = w.VBox([*children, self.save_button, self.output])
        self.save_button.on_click(lambda _button: self.save())

    def values(self) -> dict[str, Any]:
        """The values the form holds now, under the notebook's parameter names."""
        return {name: field.value for name, field in self.fields.items()}

    def save(self) -> dict[str, Any] | None:
        """Save the values (button « Enregistrer »); ``None`` after a problem."""
        try:
            values = self.values()
            text = self._action(values)
        except _EXPECTED as exc:
            message = exc.message if isinstance(exc, SizeUpError) else str(exc)
            self.saved = None
            self.message = f"Problème : {message}"
            self.output.value = (
                f'<div style="{_KO_STYLE}"><b>Problème :</b> {html.escape(message)}</div>'
            )
            return None
        save_form_answers(self.ws, self.step, self.name, values)
        self.saved = values
        self.message = text
        self.output.value = (
            f'<div style="{_OK_STYLE}">✅ {html.escape(text)}<br>Exécutez maintenant la cellule '
            "suivante.<br><small>Mêmes valeurs par la cellule des paramètres :<br><code>"
            f"{_equivalent(values)}</code></small></div>"
        )
        return values

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


_WIDE = {"description_width": "200px"}


def _layout():
    import ipywidgets as w

    return w.Layout(width="95%")


# --------------------------------------------------------------------------------------
# 01 · the self-diagnostic and the framing
# --------------------------------------------------------------------------------------
def maturity_form(ws: Any, *, use_form_answers: bool = True, **parameters: Any) -> Form:
    """The self-diagnostic of notebook 01, as a form.

    Parameters
    ----------
    ws
        The workspace.
    use_form_answers
        Start from the answers recorded by an earlier save of this form, if any.
    **parameters
        The notebook's answers (the fields of :class:`~sizeup_helpers.framing.MaturityAnswers`):
        the form starts from them; an answer not given starts from its default (« je ne
        sais pas », no volunteers' hours, no deadline).

    Returns
    -------
    Form
        Its button calls :func:`~sizeup_helpers.framing.save_maturity` with the values.
    """
    import ipywidgets as w

    from .framing import MATURITY_QUESTIONS, MaturityAnswers, recommend_path, save_maturity

    defaults = MaturityAnswers().to_dict()
    start = resolve_answers(
        ws, "01", MATURITY_FORM, {**defaults, **parameters}, use_form=use_form_answers
    ).values
    q = MATURITY_QUESTIONS

    def labelled(key: str) -> dict[str, Any]:
        return {"description": q[key]["question"], "style": _WIDE, "layout": _layout()}

    def choice(key: str, widget: Any = w.Dropdown) -> Any:
        options = [(label, value) for value, label in q[key]["options"].items()]
        return widget(options=options, value=start[key], **labelled(key))

    def number(key: str, maximum: float, step: float = 1) -> Any:
        return w.BoundedFloatText(
            value=float(start[key]), min=0, max=maximum, step=step, **labelled(key)
        )

    fields = {
        "mission_clarity": choice("mission_clarity"),
        "changes_clarity": choice("changes_clarity"),
        "data_sources": _Choices(
            q["data_sources"]["options"], start["data_sources"], q["data_sources"]["question"]
        ),
        "data_digital": w.RadioButtons(
            options=[("Oui", True), ("Non", False)],
            value=bool(start["data_digital"]),
            **labelled("data_digital"),
        ),
        "outcome_data": choice("outcome_data", w.RadioButtons),
        "baseline": choice("baseline", w.RadioButtons),
        "recontact": choice("recontact", w.RadioButtons),
        "hours_per_month": number("hours_per_month", 744),
        "owner": choice("owner"),
        "team_size": number("team_size", 10000, step=0.5),
        "volunteer_hours_per_month": number("volunteer_hours_per_month", 1e6),
        "years_active": w.BoundedIntText(
            value=int(start["years_active"]),
            min=0,
            max=300,
            **labelled("years_active"),
        ),
        "funder_deadline": w.Text(
            value=str(start["funder_deadline"]),
            placeholder="AAAA-MM, par exemple 2026-06 ; vide : aucune",
            **labelled("funder_deadline"),
        ),
    }

    def action(values: dict[str, Any]) -> str:
        written = save_maturity(ws, **values)
        path = recommend_path(
            MaturityAnswers(**{**values, "data_sources": tuple(values["data_sources"])})
        )
        message = f"Autodiagnostic enregistré : parcours {path.path} recommandé."
        if "cadrage" in written:
            message += " Le cadrage déjà enregistré suit (heures par mois, parcours, calendrier)."
        return message

    return Form(
        ws,
        step="01",
        name=MATURITY_FORM,
        title="Autodiagnostic de maturité",
        fields=fields,
        action=action,
        button="Enregistrer l'autodiagnostic",
    )


def framing_form(ws: Any, *, use_form_answers: bool = True, **parameters: Any) -> Form:
    """The framing of notebook 01 (purposes, audiences, question, calendar, resources).

    ``parameters`` are the keyword arguments of
    :func:`~sizeup_helpers.framing.save_framing_answers`; the button
    calls that function.
    """
    import ipywidgets as w

    from .framing import PURPOSES

    start = resolve_answers(ws, "01", FRAMING_FORM, parameters, use_form=use_form_answers).values
    fields = {
        "purposes": _Choices(
            PURPOSES, start["purposes"], "Pourquoi évaluer ? (l'enjeu principal d'abord)"
        ),
        "audiences": _Lines(
            start["audiences"], "Pour qui (un public par ligne)", "ex. conseil d'administration"
        ),
        "evaluative_question": w.Textarea(
            value=start["evaluative_question"],
            description="Question évaluative (brouillon)",
            style=_WIDE,
            layout=w.Layout(width="95%", height="60px"),
        ),
        "start_month": w.Text(
            value=start["start_month"],
            description="Premier mois (AAAA-MM)",
            style=_WIDE,
            layout=_layout(),
        ),
        "budget_eur": w.BoundedFloatText(
            value=float(start["budget_eur"]),
            min=0,
            max=1e9,
            step=100,
            description="Budget (euros)",
            style=_WIDE,
            layout=_layout(),
        ),
        "roles": _Lines(
            start["roles"], "Qui y participe (un rôle par ligne, jamais un nom)", "ex. directrice"
        ),
    }

    def action(values: dict[str, Any]) -> str:
        from .framing import save_framing_answers

        path = save_framing_answers(ws, **values)
        return f"Cadrage enregistré dans {path.name}."

    return Form(
        ws,
        step="01",
        name=FRAMING_FORM,
        title="Cadrage de l'évaluation",
        fields=fields,
        action=action,
        button="Enregistrer le cadrage",
    )


# --------------------------------------------------------------------------------------
# 02 · the theory-of-change editor
# --------------------------------------------------------------------------------------
_KIND_LABELS = {
    "activite": "Activité",
    "realisation": "Réalisation",
    "effet": "Effet",
    "impact": "Impact",
}
_HORIZON_LABELS = {"court": "court terme", "moyen": "moyen terme", "long": "long terme"}
# the five dimensions of impact: a short label (fits the 200 px description) and the
# question it asks, shown in the empty field
_DIMENSION_LABELS = {
    "quoi": ("Quoi", "quel changement, et compte-t-il pour les personnes concernées ?"),
    "qui": ("Qui", "qui vit ce changement, et était-il mal servi avant ?"),
    "combien": ("Combien", "combien de personnes, quelle ampleur, quelle durée ?"),
    "contribution": ("Contribution", "que se serait-il passé sans la structure ?"),
    "risque": ("Risque", "qu'est-ce qui pourrait empêcher l'effet d'avoir lieu ?"),
}


def _option(element: Any, width: int = 60) -> tuple[str, str]:
    import textwrap

    label = textwrap.shorten(element.label, width=width, placeholder="…")
    return (f"{element.id} · {label}", element.id)


class TocEditor:
    """The theory-of-change editor of notebook 02; build it with :func:`toc_editor`.

    Every change (:meth:`add`, :meth:`edit`, :meth:`remove`, :meth:`link`, :meth:`unlink`,
    :meth:`add_group`) goes through the editing functions of
    :mod:`~sizeup_helpers.theory_of_change` and is saved at once with
    :func:`~sizeup_helpers.theory_of_change.save_theory_of_change`. A refused change shows
    the French reason and saves nothing.
    """

    def __init__(self, ws: Any, toc: Any) -> None:
        import ipywidgets as w

        from .stakeholders import CATEGORY_LABELS
        from .theory_of_change import CATEGORIES, HORIZONS

        self.ws = ws
        self.toc = toc
        self.message = ""
        self.saved_path: Path | None = None
        lay = _layout()
        self.element = w.Dropdown(description="Élément choisi", style=_WIDE, layout=lay)
        self.kind = w.Dropdown(
            options=[(v, k) for k, v in _KIND_LABELS.items()],
            value="effet",
            description="Type (pour ajouter)",
            style=_WIDE,
            layout=lay,
        )
        self.label = w.Text(
            description="Libellé",
            placeholder="ex. Confiance en soi retrouvée",
            style=_WIDE,
            layout=lay,
        )
        self.horizon = w.Dropdown(
            options=[(_HORIZON_LABELS[h], h) for h in HORIZONS],
            value="court",
            description="Horizon (effet)",
            style=_WIDE,
            layout=lay,
        )
        self.stakeholders = w.SelectMultiple(
            description="Parties prenantes (effet)", style=_WIDE, layout=lay, rows=4
        )
        self.lived_by = w.SelectMultiple(
            description="Vivent le changement", style=_WIDE, layout=lay, rows=3
        )
        self.nature = w.Dropdown(
            options=[("positif (un progrès)", "positif"), ("négatif (un tort)", "negatif")],
            value="positif",
            description="Nature (effet)",
            style=_WIDE,
            layout=lay,
        )
        self.expected = w.Checkbox(
            value=True, description="Effet attendu (décochez s'il n'était pas voulu)", indent=False
        )
        self.measured_at = w.Text(
            description="Mesuré à (mois)",
            placeholder="mois après la fin de l'action, ex. 6 (vide : pas encore décidé)",
            style=_WIDE,
            layout=lay,
        )
        self.dimensions = {
            d: w.Text(description=label, placeholder=question, style=_WIDE, layout=lay)
            for d, (label, question) in _DIMENSION_LABELS.items()
        }
        self.source = w.Dropdown(description="Lien : de", style=_WIDE, layout=lay)
        self.target = w.Dropdown(description="vers", style=_WIDE, layout=lay)
        self.assumption = w.Text(
            description="Hypothèse du lien",
            placeholder="pourquoi la première case mène à la seconde",
            style=_WIDE,
            layout=lay,
        )
        self.group_name = w.Text(
            description="Nom du groupe",
            placeholder="ex. Équipe salariée (jamais un nom de personne)",
            style=_WIDE,
            layout=lay,
        )
        self.group_category = w.Dropdown(
            options=[(CATEGORY_LABELS[c], c) for c in CATEGORIES],
            value="equipe",
            description="Catégorie",
            style=_WIDE,
            layout=lay,
        )

        def button(text: str, style: str, icon: str, action: Callable[[], Any]) -> Any:
            b = w.Button(
                description=text, button_style=style, icon=icon, layout=w.Layout(width="auto")
            )
            b.on_click(lambda _b: action())
            return b

        self.add_button = button("Ajouter", "primary", "plus", self.add)
        self.edit_button = button("Modifier l'élément choisi", "info", "pencil", self.edit)
        self.remove_button = button("Supprimer l'élément choisi", "danger", "trash", self.remove)
        self.link_button = button("Relier", "primary", "arrow-right", self.link)
        self.unlink_button = button("Supprimer le lien", "danger", "unlink", self.unlink)
        self.group_button = button("Ajouter la partie prenante", "primary", "users", self.add_group)
        self.output = w.HTML()
        self._refresh()
        self.element.observe(self._fill, names="value")
        self._fill()
        self.box = w.VBox(
            [
                w.HTML(
                    "<b>1. Une case</b> — choisissez un élément pour le modifier ou le "
                    "supprimer ; pour en ajouter un, choisissez son type et écrivez son "
                    "libellé."
                ),
                self.element,
                self.kind,
                self.label,
                self.horizon,
                self.stakeholders,
                w.HTML(
                    "<i>Qui vit ce changement ? Laissé vide : les bénéficiaires cités (ou, "
                    "sans eux, l'équipe, les bénévoles, le territoire) ; les financeurs et "
                    "partenaires ont intérêt à savoir.</i>"
                ),
                self.lived_by,
                self.nature,
                self.expected,
                self.measured_at,
                w.HTML("<i>Les cinq dimensions de l'impact (effets seulement, facultatives)</i>"),
                *self.dimensions.values(),
                w.HBox([self.add_button, self.edit_button, self.remove_button]),
                w.HTML(
                    "<hr><b>2. Une flèche</b> — de la cause vers la conséquence, avec "
                    "l'hypothèse qui la justifie."
                ),
                self.source,
                self.target,
                self.assumption,
                w.HBox([self.link_button, self.unlink_button]),
                w.HTML(
                    "<hr><b>3. Une partie prenante</b> — un groupe, interne (équipe, "
                    "bénévoles) ou externe."
                ),
                self.group_name,
                self.group_category,
                self.group_button,
                self.output,
            ]
        )

    # ---- what the buttons do -------------------------------------------------------
    def add(self) -> Any:
        """Add an element of type :attr:`kind` (button « Ajouter »)."""
        from .theory_of_change import add_element

        kind = self.kind.value

        def change() -> Any:
            if kind == "effet":
                return add_element(
                    self.toc,
                    kind,
                    self.label.value,
                    horizon=self.horizon.value,
                    stakeholders=list(self.stakeholders.value),
                    dimensions=self._dimension_values(),
                    **self._outcome_values(),
                )
            return add_element(self.toc, kind, self.label.value)

        before = {e.id for e in self.toc.elements}

        def done(toc: Any) -> str:
            added = [e.id for e in toc.elements if e.id not in before]
            agreed = "ajoutée" if kind in ("activite", "realisation") else "ajouté"
            return f"{_KIND_LABELS[kind]} « {added[0]} » {agreed}"

        new = self._apply(change, done)
        if new is not None:
            added = [e.id for e in new.elements if e.id not in before]
            self.element.value = added[0]
        return new

    def edit(self) -> Any:
        """Change the chosen element with the values of the form."""
        from .theory_of_change import edit_element

        element_id = self.element.value

        def change() -> Any:
            if not element_id:
                raise ValueError("Choisissez d'abord l'élément à modifier.")
            if self.toc.element(element_id).kind == "effet":
                return edit_element(
                    self.toc,
                    element_id,
                    label=self.label.value,
                    horizon=self.horizon.value,
                    stakeholders=list(self.stakeholders.value),
                    dimensions=self._dimension_values(),
                    **self._outcome_values(),
                )
            return edit_element(self.toc, element_id, label=self.label.value)

        return self._apply(change, f"Élément « {element_id} » modifié")

    def remove(self) -> Any:
        """Remove the chosen element and its links."""
        from .theory_of_change import remove_element

        element_id = self.element.value

        def change() -> Any:
            if not element_id:
                raise ValueError("Choisissez d'abord l'élément à supprimer.")
            return remove_element(self.toc, element_id)

        return self._apply(change, f"Élément « {element_id} » supprimé, avec ses liens")

    def link(self) -> Any:
        """Add the arrow :attr:`source` → :attr:`target`, or update its assumption."""
        from .theory_of_change import add_link, edit_link

        src, dst = self.source.value, self.target.value
        exists = any((lk.source, lk.target) == (src, dst) for lk in self.toc.links)
        if exists:
            return self._apply(
                lambda: edit_link(self.toc, src, dst, assumption=self.assumption.value),
                f"Hypothèse du lien « {src} → {dst} » mise à jour",
            )
        return self._apply(
            lambda: add_link(self.toc, src or "", dst or "", assumption=self.assumption.value),
            f"Lien « {src} → {dst} » ajouté",
        )

    def unlink(self) -> Any:
        """Remove the arrow :attr:`source` → :attr:`target`."""
        from .theory_of_change import remove_link

        src, dst = self.source.value, self.target.value
        return self._apply(
            lambda: remove_link(self.toc, src or "", dst or ""), f"Lien « {src} → {dst} » supprimé"
        )

    def add_group(self) -> Any:
        """Add the stakeholder group :attr:`group_name` (button « Ajouter la partie prenante »)."""
        from .theory_of_change import add_stakeholder

        return self._apply(
            lambda: add_stakeholder(self.toc, self.group_name.value, self.group_category.value),
            f"Partie prenante « {self.group_name.value.strip()} » ajoutée",
        )

    # ---- internals -----------------------------------------------------------------
    def _dimension_values(self) -> dict[str, str]:
        return {d: t.value for d, t in self.dimensions.items()}

    def _outcome_values(self) -> dict[str, Any]:
        """Nature, intended or not, measurement point and who lives the change."""
        text = self.measured_at.value.strip()
        if text and not text.isdigit():
            raise ValueError(
                f"« Mesuré à (mois) » : écrivez un nombre de mois (par exemple 6), pas « {text} »."
            )
        return {
            "nature": self.nature.value,
            "expected": bool(self.expected.value),
            "measured_at": int(text) if text else None,
            "lived_by": list(self.lived_by.value) or None,
        }

    def _apply(self, change: Callable[[], Any], done: str | Callable[[Any], str]) -> Any:
        from .theory_of_change import save_theory_of_change

        try:
            new = change()
            path = save_theory_of_change(new, self.ws)
        except _EXPECTED as exc:
            text = exc.message if isinstance(exc, SizeUpError) else str(exc)
            self.message = f"Problème : {text}"
            self.output.value = (
                f'<div style="{_KO_STYLE}"><b>Problème :</b> {html.escape(text)}</div>'
            )
            return None
        self.toc = new
        self.saved_path = path
        self._refresh()
        text = done(new) if callable(done) else done
        self.message = f"{text} ; théorie du changement enregistrée dans {path}."
        self.output.value = self._ok_html(self.message)
        return new

    def _ok_html(self, text: str) -> str:
        return (
            f'<div style="{_OK_STYLE}">✅ {html.escape(text)}<br>Exécutez la cellule '
            "suivante pour redessiner le schéma et relire les vérifications.</div>"
        )

    def _refresh(self) -> None:
        options = [_option(e) for e in self.toc.elements]
        current = self.element.value
        self.element.options = [("— aucun (pour ajouter) —", "")] + options
        self.element.value = current if current in [v for _, v in options] else ""
        for dd in (self.source, self.target):
            keep = dd.value
            dd.options = options
            dd.value = (
                keep if keep in [v for _, v in options] else (options[0][1] if options else None)
            )
        groups = [(f"{s.id} · {s.name}", s.id) for s in self.toc.stakeholders]
        for select in (self.stakeholders, self.lived_by):
            keep = tuple(v for v in select.value if v in [g for _, g in groups])
            select.options = groups
            select.value = keep

    def _fill(self, change: dict | None = None) -> None:
        """Copy the chosen element into the form, ready to be changed."""
        element_id = self.element.value
        if not element_id:
            if change is not None and change.get("old"):  # chose « aucun », or removed it
                self.label.value = ""
                self.horizon.value = "court"
                self.stakeholders.value = ()
                self.lived_by.value = ()
                self.nature.value = "positif"
                self.expected.value = True
                self.measured_at.value = ""
                for t in self.dimensions.values():
                    t.value = ""
            return
        el = self.toc.element(element_id)
        self.kind.value = el.kind
        self.label.value = el.label
        if el.kind == "effet":
            self.horizon.value = el.horizon
            self.stakeholders.value = tuple(el.stakeholders)
            self.lived_by.value = tuple(el.lived_by or ())
            self.nature.value = el.nature
            self.expected.value = el.expected
            self.measured_at.value = "" if el.measured_at is None else str(el.measured_at)
            for d, t in self.dimensions.items():
                t.value = getattr(el.dimensions, d)

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def toc_editor(ws: Any) -> TocEditor:
    """The theory-of-change editor, starting from the workspace's theory of change.

    A sample structure starts from its draft (see
    :func:`~sizeup_helpers.theory_of_change.toc_path`); every change is saved at once.
    """
    from .theory_of_change import load_theory_of_change

    return TocEditor(ws, load_theory_of_change(ws))


# --------------------------------------------------------------------------------------
# 03 · stakeholders, materiality and scope
# --------------------------------------------------------------------------------------
def stakeholder_adjuster(
    ws: Any, *, toc: Any = None, use_form_answers: bool = True, **parameters: Any
) -> Form:
    """The stakeholder and materiality form of notebook 03.

    One line per stakeholder group (influence, concernement), one per outcome (importance
    for the structure's mission), a grid of importance of each outcome to each group, and
    the weights. ``parameters`` are the keyword arguments of
    :func:`~sizeup_helpers.stakeholders.save_stakeholder_answers`; the button calls it.
    Only the values that differ from the theory of change's (or from the defaults) are
    kept, as in the parameters cell.
    """
    import ipywidgets as w

    from .stakeholders import ROLES, importance_table, with_stakeholder_scores
    from .theory_of_change import load_theory_of_change

    toc = load_theory_of_change(ws) if toc is None else toc
    start = resolve_answers(
        ws, "03", STAKEHOLDER_FORM, parameters, use_form=use_form_answers
    ).values
    scored = with_stakeholder_scores(toc, start.get("stakeholder_scores") or {})
    levels = [("non renseigné", None)] + [(str(i), i) for i in range(1, 6)]
    small = w.Layout(width="170px")
    fits = {"description_width": "initial"}  # the whole word, not « concerne… »
    influence = {
        s.id: w.Dropdown(
            options=levels,
            value=s.influence,
            description="influence",
            style=fits,
            layout=w.Layout(width="220px"),
        )
        for s in scored.stakeholders
    }
    concern = {
        s.id: w.Dropdown(
            options=levels,
            value=s.concernement,
            description="concernement",
            style=fits,
            layout=w.Layout(width="250px"),
        )
        for s in scored.stakeholders
    }
    rows = [
        w.HBox(
            [
                w.HTML(
                    f"{html.escape(s.id)} · {html.escape(s.name)}", layout=w.Layout(width="300px")
                ),
                influence[s.id],
                concern[s.id],
            ]
        )
        for s in scored.stakeholders
    ]
    given_strategic = dict(start.get("strategic") or {})
    strategic = {
        e.id: w.Dropdown(
            options=[(str(i), i) for i in range(4)],
            value=given_strategic.get(e.id, 2),
            layout=small,
            description="mission",
        )
        for e in toc.outcomes
    }
    base = importance_table(toc)
    default = {(r.effet, r.partie_prenante): int(r.importance) for r in base.itertuples()}
    lives = {(r.effet, r.partie_prenante) for r in base.itertuples() if r.role == ROLES[0]}
    given = start.get("importance") or {}
    grid = {}
    grid_rows = []
    for e in toc.outcomes:
        cells = []
        for s in toc.stakeholders:
            value = (given.get(e.id) or {}).get(s.id, default[(e.id, s.id)])
            grid[(e.id, s.id)] = w.Dropdown(
                options=[(str(i), i) for i in range(4)],
                value=value,
                description=s.id,
                disabled=(e.id, s.id) not in lives,  # only those who live it count
                layout=w.Layout(width="120px"),
                style={"description_width": "45px"},
            )
            cells.append(grid[(e.id, s.id)])
        grid_rows.append(
            w.HBox(
                [w.HTML(_option(e, 40)[0], layout=w.Layout(width="300px")), strategic[e.id], *cells]
            )
        )

    class _Scores:
        widget = w.VBox(
            [w.HTML("<b>Parties prenantes</b> — influence et concernement, de 1 à 5"), *rows]
        )

        @property
        def value(self) -> dict[str, list]:
            out = {}
            for s in toc.stakeholders:
                pair = [influence[s.id].value, concern[s.id].value]
                if pair != [s.influence, s.concernement]:
                    out[s.id] = pair
            return out

        @value.setter
        def value(self, scores: dict) -> None:
            for pid, (i, c) in scores.items():
                influence[pid].value, concern[pid].value = i, c

    class _Strategic:
        widget = w.VBox(
            [
                w.HTML(
                    "<b>Matérialité</b> — pour chaque effet : importance pour la "
                    "mission (0 à 3), puis pour chaque groupe qui vit le changement (0 à 3). "
                    "Grisé : ce groupe ne vit pas ce changement (un financeur a intérêt à "
                    "savoir) ; son avis ne change pas le classement."
                ),
                *grid_rows,
            ]
        )

        @property
        def value(self) -> dict[str, int]:
            return {oid: dd.value for oid, dd in strategic.items() if dd.value != 2}

        @value.setter
        def value(self, levels: dict) -> None:
            for oid, dd in strategic.items():
                dd.value = levels.get(oid, 2)

    class _Importance:
        widget = w.HTML("")

        @property
        def value(self) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for (oid, pid), dd in grid.items():
                if dd.value != default[(oid, pid)]:
                    out.setdefault(oid, {})[pid] = dd.value
            return out

        @value.setter
        def value(self, levels: dict) -> None:
            for (oid, pid), dd in grid.items():
                dd.value = (levels.get(oid) or {}).get(pid, default[(oid, pid)])

    fields = {
        "stakeholder_scores": _Scores(),
        "strategic": _Strategic(),
        "importance": _Importance(),
        "stakeholder_weight": w.FloatSlider(
            value=float(start["stakeholder_weight"]),
            min=0,
            max=1,
            step=0.1,
            description="Poids des parties prenantes",
            style=_WIDE,
            layout=_layout(),
        ),
        "n_priority": w.BoundedIntText(
            value=int(start["n_priority"]),
            min=0,
            max=50,
            description="Nombre d'effets prioritaires",
            style=_WIDE,
            layout=_layout(),
        ),
        "threshold": w.IntSlider(
            value=int(start["threshold"]),
            min=1,
            max=5,
            description="Seuil « élevé » (1 à 5)",
            style=_WIDE,
            layout=_layout(),
        ),
    }

    def action(values: dict[str, Any]) -> str:
        from .stakeholders import save_stakeholder_answers

        paths = save_stakeholder_answers(ws, toc=toc, **values)
        return f"Carte et matérialité enregistrées dans {paths['materialite'].parent}."

    return Form(
        ws,
        step="03",
        name=STAKEHOLDER_FORM,
        title="Parties prenantes et matérialité",
        fields=fields,
        action=action,
        button="Enregistrer les priorités",
    )


def scope_form(
    ws: Any, *, toc: Any = None, use_form_answers: bool = True, **parameters: Any
) -> Form:
    """The scope form of notebook 03: outcomes, population, period, criterion, questions.

    ``parameters`` are the keyword arguments of
    :func:`~sizeup_helpers.stakeholders.save_scope_answers` (``questions``
    as ``{outcome id: text}``); the button calls it. In the form, a question is written
    on one line as « E1 : texte de la question ».
    """
    import ipywidgets as w

    from .stakeholders import CRITERIA
    from .theory_of_change import load_theory_of_change

    toc = load_theory_of_change(ws) if toc is None else toc
    start = resolve_answers(ws, "03", SCOPE_FORM, parameters, use_form=use_form_answers).values
    known = [e.id for e in toc.outcomes]

    class _Questions:
        widget = w.Textarea(
            value="\n".join(f"{k} : {v}" for k, v in (start.get("questions") or {}).items()),
            description="Vos questions",
            placeholder=(
                "Une question par ligne, précédée de son effet, par exemple :\n"
                "E1 : Les participants reprennent-ils confiance ?\n"
                "(laissé vide : les questions proposées ci-dessus)"
            ),
            style=_WIDE,
            layout=w.Layout(width="95%", height="90px"),
        )

        @property
        def value(self) -> dict[str, str]:
            out = {}
            for n, line in enumerate(self.widget.value.splitlines(), start=1):
                if not line.strip():
                    continue
                oid, sep, text = line.partition(":")
                if not sep or oid.strip() not in known:
                    raise ValueError(
                        f"Question ligne {n} : écrivez « E1 : votre question », "
                        f"avec un effet parmi {', '.join(known)}."
                    )
                out[oid.strip()] = text.strip()
            return out

        @value.setter
        def value(self, questions: dict) -> None:
            self.widget.value = "\n".join(f"{k} : {v}" for k, v in questions.items())

    fields = {
        "scope_outcomes": w.SelectMultiple(
            options=[_option(e) for e in toc.outcomes],
            value=tuple(o for o in start["scope_outcomes"] if o in known),
            description="Effets évalués",
            rows=min(8, len(known) or 1),
            style=_WIDE,
            layout=_layout(),
        ),
        "population": w.Text(
            value=start["population"],
            description="Population couverte",
            style=_WIDE,
            layout=_layout(),
        ),
        "period_start": w.Text(
            value=start["period_start"],
            description="Début (AAAA-MM-JJ)",
            style=_WIDE,
            layout=_layout(),
        ),
        "period_end": w.Text(
            value=start["period_end"], description="Fin (AAAA-MM-JJ)", style=_WIDE, layout=_layout()
        ),
        "criterion": w.Dropdown(
            options=[(v.split(" :")[0], k) for k, v in CRITERIA.items()],
            value=start["criterion"],
            description="Critère des questions",
            style=_WIDE,
            layout=_layout(),
        ),
        "questions": _Questions(),
    }

    class _Outcomes:  # a SelectMultiple gives a tuple: the parameter is a list
        def __init__(self, select: Any) -> None:
            self.widget = select

        @property
        def value(self) -> list[str]:
            return list(self.widget.value)

        @value.setter
        def value(self, ids: Any) -> None:
            self.widget.value = tuple(ids)

    fields["scope_outcomes"] = _Outcomes(fields["scope_outcomes"])

    def action(values: dict[str, Any]) -> str:
        from .stakeholders import save_scope_answers

        path = save_scope_answers(ws, toc=toc, **values)
        outcomes = french.plural(len(values["scope_outcomes"]), "effet", "effets")
        return f"Périmètre enregistré dans {path.name} : {outcomes}."

    return Form(
        ws,
        step="03",
        name=SCOPE_FORM,
        title="Périmètre de l'évaluation",
        fields=fields,
        action=action,
        button="Enregistrer le périmètre",
    )


# --------------------------------------------------------------------------------------
# 11 · the 5-level picker for deadweight, displacement and attribution
# --------------------------------------------------------------------------------------
class AdjustmentPicker:
    """Notebook 11's picker: for each outcome, a level of :data:`~sizeup_helpers.valuation.
    LEVELS` for deadweight, displacement and attribution, and its written justification.

    The button calls :func:`sizeup_helpers.valuation.save_adjustments` (the parameters path
    writes the same file through :func:`~sizeup_helpers.valuation.resolve_adjustments`).
    ``rows`` maps ``(outcome, adjustment)`` to its ``(level dropdown, justification text)``
    so tests set values and call :meth:`save` without a browser.
    """

    def __init__(self, ws: Any, impact_map: Any, adjustments: Any = None) -> None:
        import ipywidgets as w

        from .valuation import ADJUSTMENTS, LEVELS, load_adjustments, normalise_impact_map

        self.ws = ws
        frame = normalise_impact_map(impact_map, required=("outcome",))
        outcomes = list(dict.fromkeys(frame.loc[~frame["transfer"], "outcome"]))
        known = load_adjustments(ws) if adjustments is None else adjustments
        start = {(r["outcome"], r["adjustment"]): r for r in known.to_dict("records")}
        self.rows: dict[tuple[str, str], tuple[Any, Any]] = {}
        children = [w.HTML("<b>Effet d'aubaine, déplacement, attribution : vos choix</b>")]
        for outcome in outcomes:
            children.append(w.HTML(f"<b>{html.escape(outcome)}</b>"))
            for code, label in ADJUSTMENTS.items():
                saved = start.get((outcome, code), {})
                level = w.Dropdown(
                    options=[(f"{k} ({french.percent(v, 0)})", k) for k, v in LEVELS.items()],
                    value=saved.get("level") or "aucun",
                    description=label.capitalize(),
                    style=_WIDE,
                )
                why = w.Text(
                    value=saved.get("justification", ""),
                    placeholder="Pourquoi ce niveau ? (chiffre national, autre acteur…)",
                    layout=w.Layout(width="60%"),
                )
                self.rows[(outcome, code)] = (level, why)
                children.append(w.HBox([level, why]))
        self.message = ""
        self.save_button = w.Button(
            description="Enregistrer les ajustements", button_style="primary", icon="check"
        )
        self.output = w.HTML()
        self.save_button.on_click(lambda _button: self.save())
        self.box = w.VBox([*children, self.save_button, self.output])

    def values(self) -> list[dict[str, Any]]:
        """The choices the picker holds now, as :func:`save_adjustments` takes them."""
        return [
            {"outcome": o, "adjustment": c, "level": lv.value, "justification": why.value}
            for (o, c), (lv, why) in self.rows.items()
        ]

    def save(self) -> Any:
        """Save the choices (button); the path written, or ``None`` after a problem shown
        in French in the picker."""
        from .valuation import save_adjustments

        try:
            path = save_adjustments(self.ws, self.values())
        except SizeUpError as exc:
            self.message = f"Problème : {exc.message}"
            self.output.value = (
                f'<div style="{_KO_STYLE}"><b>Problème :</b> {html.escape(exc.message)}</div>'
            )
            return None
        self.message = f"Ajustements enregistrés dans {path.name}."
        self.output.value = (
            f'<div style="{_OK_STYLE}">✅ {html.escape(self.message)}<br>Exécutez maintenant '
            "la cellule suivante.</div>"
        )
        return path

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def adjustment_picker(ws: Any, impact_map: Any) -> AdjustmentPicker:
    """The 5-level picker of notebook 11 (see :class:`AdjustmentPicker`)."""
    return AdjustmentPicker(ws, impact_map)


# --------------------------------------------------------------------------------------
# 10 · the coding form: confirm or correct the suggested codes, one passage at a time
# --------------------------------------------------------------------------------------
class CodingForm:
    """Notebook 10's coding form: one redacted passage at a time, its suggested codes, and
    the participant's decision (confirmed or not, codes kept, direction, note).

    The button calls :func:`sizeup_helpers.qualitative.save_coding_decision`, which writes
    the same ``codage.csv`` a spreadsheet edits; the next cell reads it back with
    :func:`~sizeup_helpers.qualitative.resolve_coding`. ``confirm``, ``codes``,
    ``direction`` and ``note`` are the child widgets, so tests set values and call
    :meth:`save` and :meth:`show` without a browser.
    """

    def __init__(self, ws: Any, coding: Any) -> None:
        import ipywidgets as w

        from .qualitative import CONFIRMATIONS

        self.ws = ws
        self.table = coding.table.reset_index(drop=True)
        todo = self.table.index[(~self.table["confirmed"]) & (self.table["codes_suggeres"] != "")]
        self.position = int(todo[0]) if len(todo) else 0
        codes = [str(c) for c in coding.codebook["code"]]
        self.passage = w.HTML()
        self.confirm = w.Dropdown(
            options=list(CONFIRMATIONS), value="oui", description="Confirmé ?", style=_WIDE
        )
        self.codes = w.SelectMultiple(
            options=codes, description="Codes retenus", rows=min(8, len(codes) or 1), style=_WIDE
        )
        self.direction = w.Dropdown(
            options=[("(non précisé)", ""), ("pour", "pour"), ("contre", "contre")],
            description="Sens",
            style=_WIDE,
        )
        self.note = w.Text(placeholder="Une remarque (facultatif)", description="Note")
        self.message = ""
        self.save_button = w.Button(
            description="Enregistrer et passer au suivant", button_style="primary", icon="check"
        )
        self.back_button = w.Button(description="Précédent", icon="arrow-left")
        self.output = w.HTML()
        self.save_button.on_click(lambda _button: self.save())
        self.back_button.on_click(lambda _button: self.show(self.position - 1))
        self.box = w.VBox(
            [
                w.HTML("<b>Codage : confirmez ou corrigez chaque passage</b>"),
                self.passage,
                self.confirm,
                self.codes,
                self.direction,
                self.note,
                w.HBox([self.back_button, self.save_button]),
                self.output,
            ]
        )
        self.show(self.position)

    def show(self, position: int) -> None:
        """Show the passage at ``position`` (clipped to the table), with its suggestion."""
        if self.table.empty:
            self.passage.value = "<i>Aucun passage à coder.</i>"
            return
        self.position = max(0, min(int(position), len(self.table) - 1))
        row = self.table.iloc[self.position]
        suggested = [c for c in str(row["codes_suggeres"]).split(" ; ") if c]
        self.passage.value = (
            f"<b>{html.escape(str(row['segment']))}</b> ({html.escape(str(row['groupe']))}, "
            f"{self.position + 1} sur {len(self.table)})<br><blockquote>"
            f"{html.escape(str(row['texte']))}</blockquote>Suggestion : "
            f"{html.escape(', '.join(suggested) or 'aucun code')}"
        )
        kept = list(row["codes"]) if row["confirmed"] else suggested
        self.codes.value = tuple(c for c in kept if c in self.codes.options)
        self.direction.value = row["sens"] or row["sens_suggere"] or ""
        self.note.value = str(row["note"])

    def save(self) -> Any:
        """Save the decision for the passage shown (button) and show the next one; the path
        written, or ``None`` after a problem shown in French in the form."""
        from .qualitative import save_coding_decision

        if self.table.empty:
            return None
        segment = str(self.table.at[self.position, "segment"])
        try:
            path = save_coding_decision(
                self.ws,
                segment,
                confirm=self.confirm.value,
                codes=list(self.codes.value),
                direction=self.direction.value,
                note=self.note.value,
            )
        except SizeUpError as exc:
            self.message = f"Problème : {exc.message}"
            self.output.value = (
                f'<div style="{_KO_STYLE}"><b>Problème :</b> {html.escape(exc.message)}</div>'
            )
            return None
        self.table.at[self.position, "confirme"] = self.confirm.value
        self.table.at[self.position, "confirmed"] = self.confirm.value in ("oui", "non")
        self.table.at[self.position, "codes"] = list(self.codes.value)
        self.table.at[self.position, "sens"] = self.direction.value
        self.table.at[self.position, "note"] = self.note.value
        self.message = f"Passage {segment} enregistré dans {path.name}."
        self.output.value = (
            f'<div style="{_OK_STYLE}">✅ {html.escape(self.message)}<br>Quand vous avez fini, '
            "exécutez la cellule suivante.</div>"
        )
        self.show(self.position + 1)
        return path

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def coding_form(ws: Any, coding: Any) -> CodingForm:
    """The coding form of notebook 10 (see :class:`CodingForm`)."""
    return CodingForm(ws, coding)

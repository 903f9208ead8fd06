"""Step 00 (prise en main): the programme's map, the tour of a workspace, its deliverable.

What notebook 00 shows and writes, so that its cells are one call each and the wording is
tested on every sample structure and on an empty workspace:

- :func:`steps_table` and :func:`explain_programme`: the thirteen steps and the three
  seminars, built from :data:`~sizeup_helpers.curriculum.STEPS`;
- :func:`explain_workspace`: what the declared files of a workspace mean for privacy;
- :func:`save_getting_started` (with :func:`step_readme`): the step's deliverable,
  ``espace-de-travail.json`` and ``LISEZMOI.md``, and :func:`explain_saved` to say where
  it went.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .curriculum import STEPS, Step
from .french import integer, join_and, plural, quoted
from .reading import Reading
from .workspace import readable_size

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .workspace import Workspace

STEP = "00"
RECORD_FILE = "espace-de-travail.json"
README_FILE = "LISEZMOI.md"


# --------------------------------------------------------------------------------------
# The programme
# --------------------------------------------------------------------------------------
def steps_table(steps: Sequence[Step] = STEPS) -> pd.DataFrame:
    """The steps of the programme as a table: month, seminar, notebook, deliverable.

    >>> table = steps_table()
    >>> table.index.name, table.columns.tolist()
    ('Étape', ['Mois', 'Séminaire', 'Carnet', 'Livrable'])
    >>> table.loc["02", "Carnet"]
    'Théorie du changement'
    """
    import pandas as pd

    rows = [
        {
            "Étape": s.number,
            "Mois": s.month,
            "Séminaire": s.seminar,
            "Carnet": s.title,
            "Livrable": s.deliverable,
        }
        for s in steps
    ]
    return pd.DataFrame(
        rows, columns=["Étape", "Mois", "Séminaire", "Carnet", "Livrable"]
    ).set_index("Étape")


def _seminars(steps: Sequence[Step]) -> list[tuple[str, list[Step]]]:
    """The seminars in order (``"1"``, ``"2"``…) with their steps; step 00 has none."""
    seminars: dict[str, list[Step]] = {}
    for step in steps:
        number = step.seminar.split(" ", 1)[0]
        if number.isdigit():
            seminars.setdefault(number, []).append(step)
    return list(seminars.items())


def explain_programme(steps: Sequence[Step] = STEPS) -> Reading:
    """The programme in words: how many steps, and which ones each seminar covers.

    >>> print(explain_programme().to_text())
    Le parcours compte 13 étapes : la prise en main (celle-ci), puis
    - séminaire 1 « Comprendre » : étapes 01 à 03, de M1 à M3 ;
    - séminaire 2 « Collecter » : étapes 04 à 08, de M4 à M8 ;
    - séminaire 3 « Analyser / Restituer » : étapes 09 à 12, de M9 à M12 (Demo Day).
    Chaque étape laisse un livrable dans votre dossier de sorties ; la dernière les
    rassemble dans le rapport du Demo Day.
    """
    seminars = _seminars(steps)
    bullets = []
    for i, (number, block) in enumerate(seminars):
        names = " / ".join(dict.fromkeys(s.seminar.split(" ", 1)[1] for s in block))
        first_month = block[0].month.split("–")[0]
        last_month = block[-1].month.split("–")[-1]
        span = (
            f"étape {block[0].number}"
            if len(block) == 1
            else f"étapes {block[0].number} à {block[-1].number}"
        )
        months = (
            f"au mois {first_month}"
            if first_month == last_month
            else f"de {first_month} à {last_month}"
        )
        end = "." if i == len(seminars) - 1 else " ;"
        bullets.append(f"- séminaire {number} {quoted(names)} : {span}, {months}{end}")
    head = (
        f"Le parcours compte **{plural(len(steps), 'étape', 'étapes')}** : la prise en "
        "main (celle-ci), puis"
    )
    return Reading.of(
        [
            head,
            *bullets,
            "Chaque étape laisse un livrable dans votre dossier de sorties ; la "
            "dernière les rassemble dans le rapport du Demo Day.",
        ],
        table=steps_table(steps),
    )


# --------------------------------------------------------------------------------------
# The workspace
# --------------------------------------------------------------------------------------
def _roles(summary: dict[str, Any], flag: str) -> list[str]:
    return [f["role"] for f in summary["fichiers"] if f[flag]]


def _role_words(roles: list[str]) -> str:
    return f"{'rôle' if len(roles) == 1 else 'rôles'} : {join_and(roles)}"


def _flagged(roles: list[str], n_files: int, what: str) -> str:
    """« **2** contiennent des données personnelles (rôles : a et b) »; « Il » for one file."""
    subject = "Il" if n_files == 1 else f"**{integer(len(roles))}**"
    verb = "contiennent" if len(roles) > 1 else "contient"
    return f"{subject} {verb} des {what} ({_role_words(roles)})"


def explain_workspace(ws: Workspace) -> Reading:
    """What the files declared in ``ws`` mean for the participant (names and roles only).

    Counts the declared data files, and among them those holding personal or sensitive
    data, agreed in number (« 1 fichier de données … il sera pseudonymisé », « 3 fichiers
    de données … ils seront pseudonymisés »); an empty workspace is told how to declare
    its files, and a sample is said to be fictional.
    """
    summary = ws.to_dict()
    n_files = len(summary["fichiers"])
    personal = _roles(summary, "donnees_personnelles")
    sensitive = _roles(summary, "donnees_sensibles")
    lines: list[str | None]
    if n_files == 0:
        lines = [
            "Votre espace ne déclare encore **aucun fichier de données**. Copiez vos "
            "fichiers dans `donnees-brutes/` et déclarez-les dans `structure.yml` (voir "
            "la section 3), puis exécutez de nouveau ce carnet."
        ]
    else:
        declared = plural(n_files, "fichier de données", "fichiers de données")
        if not personal:
            personal_line = (
                "Aucun n'est déclaré comme contenant des données personnelles : "
                "vérifiez-le quand même, fichier par fichier."
                if n_files > 1
                else "Il n'est pas déclaré comme contenant des données "
                "personnelles : vérifiez-le quand même."
            )
        else:
            many = len(personal) > 1
            personal_line = (
                _flagged(personal, n_files, "données personnelles")
                + (" : ils seront pseudonymisés" if many else " : il sera pseudonymisé")
                + " à l'étape 05, et d'ici là rien de "
                + ("leur contenu" if many else "son contenu")
                + " ne doit quitter votre ordinateur."
            )
        sensitive_line = (
            _flagged(sensitive, n_files, "données sensibles") + " : voir la section 5."
            if sensitive
            else None
        )
        lines = [
            f"« {ws.name} » déclare **{declared}**.",
            personal_line,
            sensitive_line,
            "Un fichier « non déclaré » est ignoré par Size Up tant qu'il n'est pas "
            "décrit dans `structure.yml`.",
        ]
    if ws.fictional:
        lines.append("*Structure d'exemple : toutes ses données sont fictives.*")
    return Reading.of(lines)


# --------------------------------------------------------------------------------------
# The deliverable
# --------------------------------------------------------------------------------------
def step_readme(ws: Workspace, steps: Sequence[Step] = STEPS) -> str:
    """The text of the step's ``LISEZMOI.md``: what it produced, the workspace, what next.

    Names files, roles and counts only: no personal data.
    """
    summary = ws.to_dict()
    personal = _roles(summary, "donnees_personnelles")
    sensitive = _roles(summary, "donnees_sensibles")
    following = next(s for s in steps if s.number > STEP)
    fictional = " (données fictives)" if ws.fictional else ""
    return "\n".join(
        [
            "# Étape 00 — Prise en main",
            "",
            f"Structure : {ws.name}{fictional}",
            "",
            "## Ce que ce carnet a produit",
            "",
            f"- `{RECORD_FILE}` : la fiche de l'espace de travail (fichiers déclarés, rôles,",
            "  tailles, présence de données personnelles ou sensibles). Elle ne contient aucune "
            "donnée",
            "  personnelle : seulement des noms de fichiers et des tailles.",
            f"- `{README_FILE}` : ce fichier.",
            "",
            "## L'espace en bref",
            "",
            f"- Fichiers de données déclarés : {integer(len(summary['fichiers']))}.",
            f"- Contenant des données personnelles : {integer(len(personal))} "
            f"({', '.join(personal) or 'aucun'}).",
            f"- Contenant des données sensibles : {integer(len(sensitive))} "
            f"({', '.join(sensitive) or 'aucun'}).",
            "",
            "## Étape suivante",
            "",
            f"Carnet {following.number} « {following.title} » (`{following.notebook}`) : "
            f"{following.deliverable}.",
            "",
        ]
    )


def save_getting_started(ws: Workspace) -> list[Path]:
    """Write the step's deliverable into ``ws.step_dir("00")``; the paths written.

    ``espace-de-travail.json`` is :meth:`Workspace.to_dict` (file names, roles, sizes,
    personal-data flags: never a file's content) and ``LISEZMOI.md`` is
    :func:`step_readme`.
    """
    folder = ws.step_dir(STEP)
    return [
        ws.write_json(folder / RECORD_FILE, ws.to_dict()),
        ws.write_text(folder / README_FILE, step_readme(ws)),
    ]


def explain_saved(paths: Sequence[Path]) -> Reading:
    """Where the deliverable went: its folder, then each file with its size.

    >>> explain_saved([]).to_text()
    'Aucun fichier enregistré.'
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return Reading(["Aucun fichier enregistré."])
    folder = paths[0].parent
    return Reading.of(
        [
            f"Livrable enregistré dans `{folder}` :",
            *(f"- `{p.name}` ({readable_size(p.stat().st_size)})" for p in paths),
        ]
    )

"""Step 00 (prise en main): the programme's map, the tour of a workspace, its deliverable.

What notebook 00 shows and writes, so that its cells are one call each and the wording is
tested on every sample structure and on an empty workspace:

- :func:`steps_table` and :func:`explain_programme`: the thirteen steps and the three
  seminars, built from :data:`~sizeup_helpers.curriculum.STEPS`;
- :func:`explain_workspace`: what the declared files of a workspace mean for privacy;
- :func:`save_getting_started` (with :func:`step_readme`): the step's deliverable,
  ``espace-de-travail.json`` and ``LISEZMOI.md``, and :func:`explain_saved` to say where
  it went;
- :func:`archive_outputs` and :func:`explain_archive`: one zip of the output folder to
  download before a (temporary) Binder session ends, without the pseudonymisation key nor
  any raw data file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .curriculum import CLEAN_DATA_FOLDER, KEY_FILE, STEPS, Step
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


# --------------------------------------------------------------------------------------
# Taking the outputs away (a Binder session is temporary)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutputArchive:
    """A zip of a workspace's output folder, as :func:`archive_outputs` wrote it."""

    path: Path
    """The zip file."""
    output_dir: Path
    """The folder it holds (its files are under this folder's name in the zip)."""
    files: tuple[tuple[str, int], ...]
    """Each file put in the zip: its path inside the output folder and its size in bytes."""
    key_left_out: int = 0
    """Pseudonymisation keys found in the output folder and left out."""
    raw_left_out: int = 0
    """Raw data files (or copies of them) found in the output folder and left out."""
    hidden_left_out: int = 0
    """Other hidden files and folders left out (JupyterLab's checkpoints…)."""

    @property
    def clean_data(self) -> bool:
        """Whether the zip holds the pseudonymised tables of step 05 (still personal data)."""
        return any(name.split("/", 1)[0] == CLEAN_DATA_FOLDER for name, _ in self.files)


def archive_path(ws: Workspace) -> Path:
    """Where :func:`archive_outputs` writes by default: ``<output folder>.zip`` beside it.

    Beside, not inside, so that the zip never holds an older zip; for a sample structure
    run from the repository that is ``sorties/<structure>.zip``, which JupyterLab's file
    browser shows.
    """
    out = Path(ws.output_dir)
    return out.parent / f"{out.name}.zip"


def _digest(path: Path) -> tuple[int, str]:
    return path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest()


def archive_outputs(ws: Workspace, target: str | Path | None = None) -> OutputArchive:
    """Write a zip of ``ws``'s output folder, to download before leaving a session.

    A Binder session is temporary: it stops after about ten minutes without activity and
    everything in it is lost. JupyterLab's « Télécharger » works on a file, not a folder,
    so this zip is what a participant downloads. It is written atomically (an earlier zip
    at the same place is replaced) and leaves out:

    - the pseudonymisation key: ``ws.key_path`` and any file named ``.cle-pseudonymisation``
      (with the key, pseudonyms lead back to people: it never leaves the structure,
      CNIL guide on pseudonymisation; RGPD art. 4(5));
    - raw data: anything inside the workspace's ``donnees-brutes/``, a declared data file,
      or a byte-for-byte copy of one (RGPD art. 5(1)(c), minimisation);
    - every other hidden file or folder (JupyterLab's ``.ipynb_checkpoints``…).

    Parameters
    ----------
    ws
        The workspace whose output folder is zipped.
    target
        The zip to write; by default :func:`archive_path` (``<output folder>.zip``). It may
        not be inside the output folder, the raw data folder or a sample structure.

    Returns
    -------
    OutputArchive
        What went in and what was left out; :func:`explain_archive` says it in French.

    Raises
    ------
    ValueError
        In French, when ``target`` is inside the output folder or does not end in ``.zip``.
    """
    out = Path(ws.output_dir).resolve()
    path = Path(target).expanduser() if target not in (None, "") else archive_path(ws)
    if path.suffix.lower() != ".zip":
        raise ValueError(f"L'archive « {path} » doit être un fichier .zip.")
    if path.resolve().is_relative_to(out):
        raise ValueError(
            f"L'archive « {path} » ne peut pas être dans le dossier de sorties qu'elle "
            f"rassemble (« {out} ») : choisissez un fichier à côté."
        )
    raw_dir = Path(ws.raw_dir).resolve()
    key = Path(ws.key_path).resolve()
    declared = {Path(f.path).resolve() for f in ws.files if Path(f.path).is_file()}
    raw_digests = {_digest(p) for p in declared}
    raw_sizes = {size for size, _ in raw_digests}
    kept: list[tuple[str, int]] = []
    keys = raws = hidden = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in out.rglob("*") if p.is_file()) if out.is_dir() else []:
            resolved = file.resolve()
            relative = file.relative_to(out).as_posix()
            if resolved == key or file.name == KEY_FILE:
                keys += 1
            elif (
                resolved.is_relative_to(raw_dir)
                or resolved in declared
                or (file.stat().st_size in raw_sizes and _digest(file) in raw_digests)
            ):
                raws += 1
            elif any(part.startswith(".") for part in relative.split("/")):
                hidden += 1
            else:
                archive.write(file, f"{out.name}/{relative}")
                kept.append((relative, file.stat().st_size))
    written = ws.write_bytes(path.resolve(), buffer.getvalue())
    return OutputArchive(written, out, tuple(kept), keys, raws, hidden)


def explain_archive(archive: OutputArchive) -> Reading:
    """Where the zip is, what it holds and leaves out, and how to download it.

    >>> from pathlib import Path
    >>> empty = OutputArchive(Path("/tmp/sorties/essai.zip"), Path("/tmp/sorties/essai"), ())
    >>> print(explain_archive(empty).to_text())
    Votre dossier de sorties ne contient encore aucun fichier : l'archive essai.zip est
    vide. Exécutez d'abord les carnets, puis refaites-la.
    """
    zip_name = archive.path.name
    size = readable_size(archive.path.stat().st_size) if archive.path.exists() else ""
    n_files = len(archive.files)
    if n_files == 0:
        head = (
            "Votre dossier de sorties ne contient encore aucun fichier : l'archive "
            f"`{zip_name}` est vide. Exécutez d'abord les carnets, puis refaites-la."
        )
    else:
        head = (
            f"Archive enregistrée : `{zip_name}` "
            f"(**{plural(n_files, 'fichier', 'fichiers')}**, {size}), dans le dossier "
            f"`{archive.path.parent}`."
        )
    left_out = []
    if archive.key_left_out:
        left_out.append("la clé de pseudonymisation")
    if archive.raw_left_out:
        left_out.append(
            plural(archive.raw_left_out, "fichier de données brutes", "fichiers de données brutes")
        )
    never = "Elle ne contient ni la clé de pseudonymisation ni aucun fichier de données brutes" + (
        f" (laissés de côté : {join_and(left_out)})." if left_out else "."
    )
    clean = (
        f"Elle contient les tables pseudonymisées de `{CLEAN_DATA_FOLDER}/` : ce sont encore "
        "des données personnelles (RGPD, considérant 26), à ranger et à partager comme "
        "vos fichiers bruts."
        if archive.clean_data
        else None
    )
    table = None
    if n_files:
        import pandas as pd

        table = pd.DataFrame(
            [(name, readable_size(n)) for name, n in archive.files], columns=["Fichier", "Taille"]
        ).set_index("Fichier")
    return Reading.of(
        [
            head,
            never if n_files else None,
            clean,
            f"Pour la garder : dans le navigateur de fichiers de JupyterLab (à gauche), ouvrez "
            f"le dossier `{archive.path.parent.name}`, faites un clic droit sur `{zip_name}`, "
            "puis « Télécharger ». Sur Binder, faites-le avant de quitter la page : la "
            "session s'arrête après une dizaine de minutes sans activité et tout ce qu'elle "
            "contient est perdu."
            if n_files
            else None,
            "Refaites l'archive à la fin de chaque séance : elle reprend tout ce que contient "
            "alors votre dossier de sorties."
            if n_files
            else None,
        ],
        table=table,
    )

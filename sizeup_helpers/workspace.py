"""A structure's workspace: its configuration file, its raw files and its outputs.

A workspace is one folder per structure::

    mon-espace/
      structure.yml          who the structure is, its files and their roles
      donnees-brutes/        files as received: read, never written by the program
      theorie-du-changement.yml …   what the participant builds (samples ship drafts)
      .cle-pseudonymisation  the pseudonymisation key: sensitive side, never in the outputs

Outputs of a run go to an output directory (``sorties/<slug>/`` beside the repository for a
sample structure, ``mon-espace/sorties/`` for a structure's own workspace), one folder per
step. Every write is atomic (temporary file, then rename) and refuses any path inside the
raw-data folder or inside the shipped samples.

The configuration format is documented in ``docs/espace-de-travail.md`` and in
:data:`CONFIG_SCHEMA`; :func:`open_workspace` checks it and names the file, the line and
the key of every mistake, in French.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import french
from .curriculum import CLEAN_DATA_FOLDER, EXECUTED_FOLDER, KEY_FILE, get_step
from .errors import WorkspaceError
from .french import slugify
from .reading import Reading
from .resources import PACKAGE_DIR, checkout_root, content_root
from .yamlfile import Key, Problems, check_mapping, child, line, load_yaml, read_yaml_file
from .yamlfile import parse_yaml as parse_yaml  # noqa: F401 (kept importable from here)
from .yamlfile import yaml_error_line as yaml_error_line  # noqa: F401

CONFIG_NAME = "structure.yml"
RAW_FOLDER = "donnees-brutes"
OUTPUT_FOLDER = "sorties"
DEFAULT_SAMPLE = "ateliers-emploi"
ACTIVE_FILE = "espace-actif.yml"
KEY_FOLDER = "cles"  # in user_config_dir(): the keys of read-only sample workspaces

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --------------------------------------------------------------------------------------
# Where things are
# --------------------------------------------------------------------------------------
def project_root() -> Path:
    """The project folder, whose ``sorties/<slug>/`` receives a sample's outputs by default.

    From a checkout, the repository folder (the one holding ``notebooks/`` and ``data/``;
    ``SIZEUP_ROOT`` if set). For a package installed from a wheel, whose notebooks and
    samples live in the package (see :mod:`sizeup_helpers.resources`), the current
    folder: outputs never go into the installed package, and when the current folder is
    inside it (a notebook opened there), they go to :func:`user_config_dir`.
    """
    env = os.environ.get("SIZEUP_ROOT")
    if env:
        return Path(env).resolve()
    root = checkout_root()
    if root is not None:
        return root
    here = Path.cwd().resolve()
    return user_config_dir() if _is_within(here, PACKAGE_DIR) else here


def samples_dir() -> Path:
    """The folder of the shipped sample structures, ``data/samples`` (checkout or wheel)."""
    return content_root() / "data" / "samples"


def user_config_dir() -> Path:
    """Where the participant's choice of workspace is remembered between notebooks.

    Also where the pseudonymisation keys of the sample structures live (their folder is
    read-only): ``cles/<slug>/.cle-pseudonymisation``.
    """
    env = os.environ.get("SIZEUP_HOME")
    return Path(env) if env else Path.home() / ".sizeup"


def key_path_for(root: Path, slug: str, output_dir: Path | None = None) -> Path:
    """The pseudonymisation key of the workspace at ``root`` (see :attr:`Workspace.key_path`).

    Never under ``output_dir``: the output folder is what a team zips and shares.
    """
    beside = Path(root) / KEY_FILE
    inside_outputs = output_dir is not None and _is_within(
        beside.resolve(), Path(output_dir).resolve()
    )
    if is_sample(Path(root)) or inside_outputs:
        return user_config_dir() / KEY_FOLDER / (slug or "espace") / KEY_FILE
    return beside


def is_sample(path: Path) -> bool:
    """Whether ``path`` lies inside the shipped samples (which are never written)."""
    return _is_within(Path(path).resolve(), samples_dir().resolve())


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------
# The configuration schema
# --------------------------------------------------------------------------------------
#: Which columns identify a person in a file (names as in the raw file), for step 05.
PEOPLE_SCHEMA: dict[str, Key] = {
    "nom": Key((str,), False, "colonne du nom de famille"),
    "prenom": Key((str,), False, "colonne du prénom"),
    "nom_complet": Key((str,), False, "colonne « prénom nom » en une seule case"),
    "email": Key((str,), False, "colonne de l'adresse e-mail"),
    "telephone": Key((str,), False, "colonne du numéro de téléphone"),
    "date_naissance": Key((str,), False, "colonne de la date de naissance"),
    "adresse": Key((str,), False, "colonne de l'adresse postale"),
    "identifiant": Key(
        (str,), False, "colonne d'un numéro propre à chaque personne (numéro interne, PASS IAE…)"
    ),
    "une_ligne_par_personne": Key(
        (bool,),
        False,
        "le fichier est un registre : une seule ligne par personne, les doublons sont fusionnés",
    ),
}

FILE_SCHEMA: dict[str, Key] = {
    "chemin": Key((str,), True, "chemin du fichier, relatif à l'espace de travail"),
    "role": Key((str,), True, "rôle du fichier (ex. inscriptions, presences, enquete)"),
    "description": Key((str,), False, "ce que contient le fichier, en une phrase"),
    "feuille": Key((str, type(None)), False, "feuille Excel à lire (sinon toutes)"),
    "donnees_personnelles": Key((bool,), False, "le fichier contient des données personnelles"),
    "donnees_sensibles": Key((bool,), False, "données sensibles (santé, justice, aides sociales)"),
    "personnes": Key(
        (dict,), False, "colonnes qui identifient une personne (étape 05)", children=PEOPLE_SCHEMA
    ),
    "presences_en_colonnes": Key(
        (bool,), False, "feuille d'émargement, une colonne par séance : mise en lignes au nettoyage"
    ),
    "correspondances": Key(
        (dict,),
        False,
        "correspondances relues des catégories : {colonne: {variante: valeur retenue}}",
    ),
}

CONFIG_SCHEMA: dict[str, Key] = {
    "version": Key((int,), True, "version du format (1)"),
    "structure": Key(
        (dict,),
        True,
        "qui est la structure",
        children={
            "nom": Key((str,), True, "nom de la structure"),
            "slug": Key((str,), False, "identifiant court : minuscules, chiffres et tirets"),
            "type": Key((str,), False, "type de structure"),
            "description": Key((str,), False, "mission, publics, activités"),
            "territoire": Key((str,), False, "territoire d'action"),
            "annee": Key((int,), False, "année des données"),
            "donnees_fictives": Key((bool,), False, "vrai pour une structure d'exemple"),
        },
    ),
    "fichiers": Key((list,), False, "les fichiers de données et leur rôle", items=FILE_SCHEMA),
    "parametres": Key((dict,), False, "valeurs des paramètres des carnets pour cet espace"),
    "theorie_du_changement": Key((str,), False, "fichier de la théorie du changement"),
    "indicateurs": Key((str,), False, "fichier du référentiel d'indicateurs"),
}


@dataclass(frozen=True)
class DataFile:
    """A raw file of the workspace and its role."""

    path: Path
    relative: str
    role: str
    description: str = ""
    sheet: str | None = None
    personal_data: bool = False
    sensitive_data: bool = False
    people: dict[str, Any] | None = None
    """``personnes:`` of the entry: ``{kind: column}`` (None when not declared)."""
    wide_attendance: bool = False
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    """``correspondances:`` of the entry: reviewed category mappings by column."""


@dataclass
class Workspace:
    """A structure's workspace, opened and validated. Build it with :func:`open_workspace`."""

    root: Path
    output_dir: Path
    config: dict[str, Any]
    files: list[DataFile] = field(default_factory=list)

    # ---- who the structure is ------------------------------------------------------
    @property
    def name(self) -> str:
        return self.config["structure"]["nom"]

    @property
    def slug(self) -> str:
        return self.config["structure"].get("slug") or slugify(self.root.name)

    @property
    def is_sample(self) -> bool:
        return is_sample(self.root)

    @property
    def fictional(self) -> bool:
        return bool(self.config["structure"].get("donnees_fictives", False))

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.config.get("parametres") or {})

    @property
    def raw_dir(self) -> Path:
        return self.root / RAW_FOLDER

    def file(self, role: str) -> DataFile:
        """The raw file whose role is ``role``."""
        for f in self.files:
            if f.role == role:
                return f
        roles = ", ".join(sorted({f.role for f in self.files})) or "aucun"
        raise WorkspaceError(
            f"{self._config_label()} : aucun fichier n'a le rôle « {role} » "
            f"(rôles déclarés : {roles})."
        )

    def path(self, relative: str) -> Path:
        """A path inside the workspace (for files such as the theory of change)."""
        return self.root / relative

    # ---- outputs -------------------------------------------------------------------
    def step_dir(self, step: str | int, *, create: bool = True) -> Path:
        """The folder of a step's deliverables, e.g. ``sorties/ateliers-emploi/01-cadrage``."""
        folder = self.output_dir / get_step(step).output_folder
        if create:
            _make_dir(folder)
        return folder

    @property
    def clean_data_dir(self) -> Path:
        folder = self.output_dir / CLEAN_DATA_FOLDER
        _make_dir(folder)
        return folder

    @property
    def executed_dir(self) -> Path:
        folder = self.output_dir / EXECUTED_FOLDER
        _make_dir(folder)
        return folder

    @property
    def key_path(self) -> Path:
        """Where the pseudonymisation key lives: on the sensitive side, never in the outputs.

        One key per workspace, whatever the output folder (so two runs give the same
        pseudonyms, and next year's files link to this year's): beside the raw files,
        ``<workspace>/.cle-pseudonymisation``, for a structure's own workspace; in the
        user's configuration folder, ``<user_config_dir>/cles/<slug>/.cle-pseudonymisation``,
        for a read-only sample (or when the output folder holds the workspace itself).
        """
        return key_path_for(self.root, self.slug, self.output_dir)

    def write_text(self, target: Path | str, text: str) -> Path:
        """Write ``text`` atomically to ``target`` (a path inside the output directory)."""
        return self.write_bytes(target, text.encode("utf-8"))

    def write_bytes(self, target: Path | str, data: bytes) -> Path:
        target = self._checked_target(target)
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        return target

    def write_csv(
        self, target: Path | str, frame: Any, *, sep: str = ",", bom: bool = False
    ) -> Path:
        """Write ``frame`` as CSV (UTF-8, ``\\n`` line ends, no index) atomically.

        Text cells that a spreadsheet would run as a formula are written inert
        (:func:`~sizeup_helpers.spreadsheet.neutralise_formulas`): every CSV a participant
        or a coach may open in Excel or LibreOffice goes through here. ``bom`` starts the
        file with a byte-order mark, which Excel needs to read UTF-8 accents.
        """
        from .spreadsheet import neutralise_formulas

        text = neutralise_formulas(frame).to_csv(index=False, sep=sep, lineterminator="\n")
        return self.write_bytes(target, text.encode("utf-8-sig" if bom else "utf-8"))

    def write_json(self, target: Path | str, obj: Any) -> Path:
        text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False, default=str)
        return self.write_text(target, text + "\n")

    def write_yaml(self, target: Path | str, obj: Any, *, header: str = "") -> Path:
        text = yaml.safe_dump(obj, allow_unicode=True, sort_keys=False, width=100)
        return self.write_text(target, (header + "\n" if header else "") + text)

    def _checked_target(self, target: Path | str) -> Path:
        target = Path(target)
        if not target.is_absolute():
            target = self.output_dir / target
        resolved = target.resolve()
        if _is_within(resolved, self.raw_dir.resolve()):
            raise WorkspaceError(
                f"Écriture refusée : « {target} » est dans le dossier des données brutes, "
                "que Size Up ne modifie jamais."
            )
        if is_sample(resolved):
            raise WorkspaceError(
                f"Écriture refusée : « {target} » est dans les structures d'exemple "
                "(data/samples), qui restent inchangées. Choisissez un dossier de sorties "
                "ailleurs."
            )
        return target

    def _config_label(self) -> str:
        return str(self.root / CONFIG_NAME)

    def files_table(self):
        """Every file of the workspace with its role and size (never its content).

        Declared data files show their role, size, personal and sensitive flags and
        description; the workspace's own files (configuration, drafts) are named for what
        they are; other files are « non déclaré ». Outputs and hidden files are left out.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``Fichier`` (path relative to the workspace), with the columns
            ``Rôle``, ``Taille``, ``Données personnelles``, ``Données sensibles`` and
            ``Description``.
        """
        import pandas as pd

        declared = {f.relative: f for f in self.files}
        own_files = {
            CONFIG_NAME: "configuration de l'espace",
            self.config.get("theorie_du_changement")
            or "theorie-du-changement.yml": "théorie du changement",
            self.config.get("indicateurs") or "indicateurs.yml": "référentiel d'indicateurs",
            "LISEZMOI.md": "présentation de la structure",
            f"{RAW_FOLDER}/LISEZMOI.txt": "mode d'emploi du dossier des données brutes",
            "verite-terrain.json": "effets plantés dans les données fictives (pour les tests)",
        }
        output_dir = self.output_dir.resolve()
        rows = []
        for path in sorted(p for p in self.root.rglob("*") if p.is_file()):
            relative = path.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in relative.split("/")) or _is_within(
                path.resolve(), output_dir
            ):
                continue
            entry = declared.get(relative)
            rows.append(
                {
                    "Fichier": relative,
                    "Rôle": entry.role if entry else own_files.get(relative, "non déclaré"),
                    "Taille": readable_size(path.stat().st_size),
                    "Données personnelles": _yes_no(entry.personal_data) if entry else "—",
                    "Données sensibles": _yes_no(entry.sensitive_data) if entry else "—",
                    "Description": entry.description if entry else "",
                }
            )
        columns = [
            "Fichier",
            "Rôle",
            "Taille",
            "Données personnelles",
            "Données sensibles",
            "Description",
        ]
        return pd.DataFrame(rows, columns=columns).set_index("Fichier")

    def _relative_output_dir(self) -> str:
        try:
            return Path(os.path.relpath(self.output_dir, self.root)).as_posix()
        except ValueError:  # another drive (Windows): its name only
            return self.output_dir.name

    def to_dict(self) -> dict[str, Any]:
        """What a person needs to know about the workspace, without any personal data.

        Folders are named, not located: the workspace by its folder's name and the outputs
        relative to it, so that the record shared with the outputs does not carry the
        coach's own folders (their user name).
        """
        return {
            "structure": self.name,
            "identifiant": self.slug,
            "donnees_fictives": self.fictional,
            "espace_de_travail": self.root.name,
            "sorties": self._relative_output_dir(),
            "fichiers": [
                {
                    "chemin": f.relative,
                    "role": f.role,
                    "description": f.description,
                    "taille_octets": f.path.stat().st_size,
                    "donnees_personnelles": f.personal_data,
                    "donnees_sensibles": f.sensitive_data,
                }
                for f in self.files
            ],
        }


def readable_size(n_bytes: int) -> str:
    """A file size as a French reader writes it.

    >>> readable_size(512), readable_size(55_500), readable_size(7_340_032)
    ('512 octets', '54,2 Ko', '7,0 Mo')
    """
    if n_bytes < 1024:
        return f"{n_bytes} octets"
    if n_bytes < 1024**2:
        return f"{french.decimal(n_bytes / 1024)} Ko"
    return f"{french.decimal(n_bytes / 1024**2)} Mo"


def _yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


# --------------------------------------------------------------------------------------
# Opening, creating, remembering
# --------------------------------------------------------------------------------------
def open_workspace(
    path: str | os.PathLike,
    output_dir: str | os.PathLike | None = None,
) -> Workspace:
    """Open and validate the workspace at ``path``.

    Parameters
    ----------
    path
        The workspace folder (holding ``structure.yml``).
    output_dir
        Where outputs go. ``None`` or ``""``: ``sorties/<slug>`` beside the repository for
        a sample structure, ``<workspace>/sorties`` otherwise.

    Raises
    ------
    WorkspaceError
        In French, naming the folder, the file, the line and the key at fault.
    """
    root = Path(path).expanduser()
    if not root.exists():
        raise WorkspaceError(f"L'espace de travail « {root} » n'existe pas.")
    if not root.is_dir():
        raise WorkspaceError(
            f"« {root} » n'est pas un dossier : un espace de travail est un "
            "dossier qui contient un fichier structure.yml."
        )
    root = root.resolve()
    config_path = root / CONFIG_NAME
    if not config_path.is_file():
        raise WorkspaceError(
            f"Le dossier « {root} » n'est pas un espace de travail : il n'y a pas de fichier "
            f"{CONFIG_NAME}. Créez-en un avec le carnet 00 ou la commande `sizeup init`."
        )
    config = load_config(config_path)
    files = _check_files(root, config_path, config)
    if output_dir in (None, ""):
        slug = config["structure"].get("slug") or slugify(root.name)
        out = (project_root() / OUTPUT_FOLDER / slug) if is_sample(root) else root / OUTPUT_FOLDER
    else:
        out = Path(output_dir).expanduser()
    out = out.resolve()
    if is_sample(out):
        raise WorkspaceError(
            f"Le dossier de sorties « {out} » est dans les structures d'exemple (data/samples), "
            "qui ne doivent pas changer. Choisissez un dossier ailleurs."
        )
    if _is_within(out, (root / RAW_FOLDER).resolve()):
        raise WorkspaceError(
            f"Le dossier de sorties « {out} » est dans le dossier des données brutes : "
            "choisissez un autre dossier."
        )
    return Workspace(root=root, output_dir=out, config=config, files=files)


def load_config(config_path: Path) -> dict[str, Any]:
    """Read and validate a ``structure.yml``; every mistake names its line."""
    data, node = read_yaml_file(config_path, WorkspaceError)
    if not isinstance(data, dict) or node is None:
        raise WorkspaceError(
            f"{config_path} : le fichier doit contenir des clés « clé: valeur » "
            "(au moins version, structure)."
        )
    problems = Problems()
    if check_mapping(node, data, CONFIG_SCHEMA, "", problems):
        if data["version"] != 1:
            problems.add(
                line(node, "version"),
                f"version {data['version']} inconnue (seule la version 1 existe)",
            )
        slug = data["structure"].get("slug")
        if slug is not None and not _SLUG_RE.match(slug):
            problems.add(
                line(child(node, "structure"), "slug"),
                f"l'identifiant « {slug} » ne doit contenir que des minuscules sans "
                "accents, des chiffres et des tirets",
            )
    if not problems:
        _check_mappings(node, data, problems)
    problems.raise_for(str(config_path), WorkspaceError)
    return data


def _check_mappings(node: yaml.Node, data: dict[str, Any], problems: Problems) -> None:
    """``correspondances`` of each file: ``{column: {variant: retained value}}``, all text."""
    files_node = child(node, "fichiers")
    for i, entry in enumerate(data.get("fichiers") or []):
        mappings = entry.get("correspondances")
        if mappings is None:
            continue
        entry_node = files_node.value[i] if isinstance(files_node, yaml.SequenceNode) else None
        m_node = child(entry_node, "correspondances")
        for column, mapping in mappings.items():
            label = f"fichiers[{i + 1}].correspondances.{column}"
            if not isinstance(mapping, dict) or not mapping:
                problems.add(
                    line(m_node, str(column)),
                    f"« {label} » doit être un ensemble "
                    f"« variante: valeur retenue », pas {mapping!r}",
                )
                continue
            for variant, value in mapping.items():
                if isinstance(value, bool) or not isinstance(value, str | int | float):
                    problems.add(
                        line(child(m_node, str(column)), str(variant)),
                        f"« {label}.{variant} » doit être un texte (la valeur "
                        f"retenue), pas {value!r}",
                    )


def _check_files(root: Path, config_path: Path, config: dict[str, Any]) -> list[DataFile]:
    files: list[DataFile] = []
    missing: list[str] = []
    roles: set[str] = set()
    for entry in config.get("fichiers") or []:
        rel = entry["chemin"]
        path = (root / rel).resolve()
        if not _is_within(path, root):
            raise WorkspaceError(
                f"{config_path} : le fichier « {rel} » est hors de l'espace "
                "de travail ; placez-le dans donnees-brutes/."
            )
        if not path.is_file():
            missing.append(rel)
            continue
        if entry["role"] in roles:
            raise WorkspaceError(
                f"{config_path} : le rôle « {entry['role']} » est donné à "
                "deux fichiers ; chaque rôle doit être unique."
            )
        roles.add(entry["role"])
        files.append(
            DataFile(
                path=path,
                relative=rel,
                role=entry["role"],
                description=entry.get("description", ""),
                sheet=entry.get("feuille"),
                personal_data=bool(entry.get("donnees_personnelles", False)),
                sensitive_data=bool(entry.get("donnees_sensibles", False)),
                people=dict(entry["personnes"]) if entry.get("personnes") is not None else None,
                wide_attendance=bool(entry.get("presences_en_colonnes", False)),
                mappings={
                    str(c): {str(k): str(v) for k, v in m.items()}
                    for c, m in (entry.get("correspondances") or {}).items()
                },
            )
        )
    if missing:
        listed = french.quoted_list(missing)
        raise WorkspaceError(
            f"{config_path} : {'le fichier' if len(missing) == 1 else 'les fichiers'} {listed} "
            f"{'est déclaré' if len(missing) == 1 else 'sont déclarés'} dans « fichiers » mais "
            f"{'introuvable' if len(missing) == 1 else 'introuvables'} dans « {root} »."
        )
    return files


def create_workspace(
    path: str | os.PathLike,
    name: str,
    *,
    structure_type: str = "",
    territory: str = "",
    year: int | None = None,
) -> Workspace:
    """Create an empty workspace for a structure's own data, and open it.

    The folder must not exist yet, or be empty. It receives a commented ``structure.yml``
    and an empty ``donnees-brutes/`` folder where the structure copies its files.
    """
    root = Path(path).expanduser()
    if not name or not name.strip():
        raise WorkspaceError("Donnez un nom à votre structure pour créer son espace de travail.")
    if is_sample(root):
        raise WorkspaceError(
            f"« {root} » est dans les structures d'exemple (data/samples) : "
            "créez votre espace ailleurs."
        )
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        if (root / CONFIG_NAME).is_file():
            raise WorkspaceError(
                f"Un espace de travail existe déjà dans « {root} » : "
                "ouvrez-le plutôt que de le recréer."
            )
        raise WorkspaceError(
            f"Le dossier « {root} » existe déjà et n'est pas vide : "
            "choisissez un dossier nouveau ou vide."
        )
    try:
        (root / RAW_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"Impossible de créer le dossier « {root} » : {exc.strerror or exc}."
        ) from None
    config_text = _CONFIG_TEMPLATE.format(
        name=_yaml_str(name.strip()),
        slug=slugify(name) or "ma-structure",
        type=_yaml_str(structure_type),
        territory=_yaml_str(territory),
        year=year if year is not None else "null",
    ).replace("  annee: null\n", "")
    with atomic_path(root / CONFIG_NAME) as tmp:
        tmp.write_text(config_text, encoding="utf-8")
    (root / RAW_FOLDER / "LISEZMOI.txt").write_text(
        "Copiez ici les fichiers de la structure tels que vous les avez reçus, puis "
        "déclarez chacun dans structure.yml (rubrique « fichiers »).\n"
        "Size Up lit ces fichiers et ne les modifie jamais.\n",
        encoding="utf-8",
    )
    return open_workspace(root)


_CONFIG_TEMPLATE = """\
# Espace de travail Size Up — configuration de la structure
# Format : docs/espace-de-travail.md. Gardez l'indentation (deux espaces).
version: 1
structure:
  nom: {name}
  slug: {slug}  # identifiant court : minuscules, chiffres, tirets
  type: {type}
  territoire: {territory}
  annee: {year}
  donnees_fictives: false
# Les fichiers de données, copiés dans donnees-brutes/, et leur rôle. Exemple :
#   - chemin: donnees-brutes/inscriptions.csv
#     role: inscriptions
#     description: export du formulaire d'inscription en ligne
#     donnees_personnelles: true
fichiers: []
"""


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def remember_workspace(
    workspace_dir: str | os.PathLike, output_dir: str | os.PathLike = ""
) -> Path:
    """Remember the participant's workspace so the next notebooks open it by default."""
    ws = open_workspace(workspace_dir, output_dir or None)
    folder = user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ACTIVE_FILE
    text = yaml.safe_dump(
        {"workspace_dir": str(ws.root), "output_dir": str(ws.output_dir)},
        allow_unicode=True,
        sort_keys=False,
    )
    with atomic_path(target) as tmp:
        tmp.write_text("# Espace de travail choisi dans le carnet 00\n" + text, encoding="utf-8")
    return target


def resolve_workspace(workspace_dir: str = "", output_dir: str = "") -> Workspace:
    """Open the workspace a notebook's parameters point to.

    An empty ``workspace_dir`` means: the workspace remembered by notebook 00, or else the
    default sample structure. This is how a participant who works by hand carries the
    choice made in notebook 00 to the next notebooks; ``sizeup run`` always passes
    explicit paths.
    """
    if not workspace_dir:
        remembered = user_config_dir() / ACTIVE_FILE
        if remembered.is_file():
            choice = load_yaml(remembered.read_text(encoding="utf-8")) or {}
            if Path(choice.get("workspace_dir", "")).is_dir():
                return open_workspace(
                    choice["workspace_dir"], output_dir or choice.get("output_dir") or None
                )
        workspace_dir = str(samples_dir() / DEFAULT_SAMPLE)
    return open_workspace(workspace_dir, output_dir or None)


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

    workspace: Workspace
    created: bool = False
    existing: bool = False
    remembered: Path | None = None

    @property
    def message(self) -> str:
        """One or two French sentences saying what was done."""
        ws = self.workspace
        notice = " (données fictives)" if ws.fictional else ""
        if self.created:
            text = (
                f"Espace de travail créé pour « {ws.name} » dans {ws.root}. Copiez les "
                "fichiers de la structure dans donnees-brutes/ et déclarez-les dans "
                "structure.yml."
            )
        elif self.existing:
            text = (
                f"Un espace de travail existe déjà dans {ws.root} : « {ws.name} ». Il est "
                "choisi tel qu'il est, rien n'est écrasé."
            )
        else:
            text = f"Espace de travail choisi : « {ws.name} »{notice}."
        if self.remembered is not None:
            text += " Les carnets suivants l'ouvriront tant que leur workspace_dir reste vide."
        return text


def save_workspace_choice(
    workspace_dir: str | os.PathLike = "",
    output_dir: str | os.PathLike = "",
    *,
    new_workspace_name: str = "",
    remember: bool = True,
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
    if not isinstance(new_workspace_name, str):
        raise TypeError(
            f"`new_workspace_name` doit être un texte, pas {type(new_workspace_name).__name__}."
        )
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


# --------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------
def _make_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"Impossible de créer le dossier « {folder} » : {exc.strerror or exc}."
        ) from None


def _new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0o666 less the process umask (read once, at
    import, as setting the umask to read it is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _new_file_mode()


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    A reader never sees a half-written file, and a failure leaves the previous version.
    The file gets the permissions a plain ``open()`` would give it (those of the file it
    replaces, else the umask's), not the owner-only ones of a temporary file: a team's
    shared folder stays readable. (The pseudonymisation key is written elsewhere, owner-only.)
    """
    target = Path(target)
    _make_dir(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise WorkspaceError(
            f"Impossible d'écrire dans « {target.parent} » : {exc.strerror or exc}."
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode) if target.exists() else _NEW_FILE_MODE)
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------------------
# `sizeup check`: raw files against their declarations
# --------------------------------------------------------------------------------------
PLACEHOLDER_ROLE = "a-preciser"
"""The role of a ready-to-paste entry for an undeclared file, to be replaced by the coach."""

_SYSTEM_FILES = {"thumbs.db", "desktop.ini", "icon\r"}
_OWN_FILES = {"LISEZMOI.txt"}  # written by `sizeup init` in donnees-brutes/


def is_ignored_raw_file(name: str) -> bool:
    """Whether a file of ``donnees-brutes/`` is left out of the declarations.

    Hidden files (``.DS_Store``, LibreOffice's ``.~lock.<nom>#``), Microsoft Office's
    owner files (``~$<nom>.xlsx``) and system files (``Thumbs.db``, ``desktop.ini``) are
    written by the computer, not received from the structure.
    """
    return name.startswith((".", "~$")) or name.lower() in _SYSTEM_FILES


@dataclass(frozen=True)
class MissingFile:
    """A declared file absent from the workspace, and where its entry is."""

    relative: str
    role: str
    first_line: int | None
    last_line: int | None
    text: str = ""
    """The first line of the entry, as written in ``structure.yml``."""
    near: str = ""
    """An undeclared file whose name is close (a renamed or misspelt file), or ``""``."""


@dataclass(frozen=True)
class FilesCheck:
    """The raw files of a workspace against ``structure.yml``: see :func:`check_workspace_files`.

    ``ok`` is false when a declared file is missing (``sizeup check`` then exits 1);
    undeclared files are a warning, since the notebooks never read them.
    """

    root: Path
    name: str
    declared: list[tuple[str, str]]
    """``(relative path, role)`` of each declared file that exists."""
    undeclared: list[str]
    missing: list[MissingFile]
    ignored: list[str]
    entries: dict[str, str]
    """Ready-to-paste YAML entry of each undeclared file."""
    empty_list: bool = False
    """``structure.yml`` says ``fichiers: []``: the brackets must go before pasting."""

    @property
    def ok(self) -> bool:
        return not self.missing

    def reading(self) -> Reading:
        """What to fix, in French; each YAML block to add or remove is a fenced line."""
        lines: list[str] = []
        declared = french.plural(len(self.declared), "fichier déclaré", "fichiers déclarés")
        if self.ok and not self.undeclared:
            lines.append(f"Espace de travail valide : {self.name} ({declared}).")
            lines += [f"- {role} : {rel}" for rel, role in self.declared]
        elif self.ok:
            lines.append(f"Espace de travail valide : {self.name} ({declared}), à compléter.")
        for m in self.missing:
            if m.first_line and m.last_line and m.last_line > m.first_line:
                where = f" (lignes {m.first_line} à {m.last_line})"
            else:
                where = f" (ligne {m.first_line})" if m.first_line else ""
            lines.append(
                f"Fichier déclaré mais introuvable : {m.relative} (rôle « {m.role} »). "
                f"Remettez-le à sa place, ou retirez de {CONFIG_NAME} son entrée{where}, "
                "qui commence par :"
            )
            lines.append(_fenced(m.text or f"- chemin: {yaml_scalar(m.relative)}"))
            if m.near:
                lines.append(
                    f"Le fichier non déclaré {m.near} lui ressemble : si c'est lui, corrigez "
                    f"plutôt le chemin de cette entrée en « chemin: {yaml_scalar(m.near)} »."
                )
        if self.undeclared:
            n = len(self.undeclared)
            one = n == 1
            files = french.plural(n, "fichier", "fichiers")
            is_not = "n'est pas déclaré" if one else "ne sont pas déclarés"
            not_read = "il ne sera pas lu" if one else "ils ne seront pas lus"
            brackets = "(en remplaçant « fichiers: [] » par « fichiers: ») "
            lines.append(
                f"{files} de {RAW_FOLDER}/ {is_not} dans {CONFIG_NAME} : {not_read} par les "
                f"carnets. Pour {'le' if one else 'les'} déclarer, ajoutez sous « fichiers: » "
                f"{brackets if self.empty_list else ''}les lignes ci-dessous, puis remplacez "
                f"le rôle « {PLACEHOLDER_ROLE} » (inscriptions, presences, questionnaire, "
                "suivi, ventes…), écrivez la description et vérifiez donnees_personnelles :"
            )
            lines.append(_fenced("".join(self.entries[rel] for rel in self.undeclared)))
        if self.ignored:
            lines.append(
                "Ignorés (fichiers cachés, verrous d'Excel ou de LibreOffice, fichiers du "
                f"système) : {french.join_and(self.ignored)}."
            )
        return Reading.of(lines)

    def to_text(self) -> str:
        """The report for a terminal: YAML blocks as they are to be pasted."""
        return "\n".join(
            line.removeprefix(_FENCE).removesuffix("```").rstrip("\n")
            if line.startswith(_FENCE)
            else line
            for line in self.reading().lines
        )

    def _repr_markdown_(self) -> str:
        return self.reading().to_markdown()


_FENCE = "```yaml\n"


def _fenced(block: str) -> str:
    return f"{_FENCE}{block.rstrip(chr(10))}\n```"


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when safe (a usual file path), quoted otherwise."""
    if re.fullmatch(r"[\w][\w./+-]*", text) and not text.endswith(":"):
        return text
    return _yaml_str(text)


def check_workspace_files(path: str | os.PathLike) -> FilesCheck:
    """Compare the files of ``donnees-brutes/`` with the ``fichiers`` of ``structure.yml``.

    Unlike :func:`open_workspace`, which stops at the first missing file, this lists every
    problem at once: declared files that are missing (with the lines of their entry, to
    remove) and files that are not declared (with an entry ready to paste, role
    ``a-preciser`` and ``donnees_personnelles: true`` until checked — privacy by default,
    RGPD art. 25). Hidden, lock and system files are ignored (:func:`is_ignored_raw_file`).

    Raises
    ------
    WorkspaceError
        When the folder is not a workspace or ``structure.yml`` is invalid, or, once every
        declared file is there, for any other problem :func:`open_workspace` finds.
    """
    import difflib

    root = Path(path).expanduser()
    if not (root / CONFIG_NAME).is_file():
        open_workspace(root)  # raises the French message for a missing folder or file
    root = root.resolve()
    config_path = root / CONFIG_NAME
    config = load_config(config_path)
    _, node = read_yaml_file(config_path, WorkspaceError)
    config_lines = config_path.read_text(encoding="utf-8-sig").splitlines()
    files_node = child(node, "fichiers")
    entries = config.get("fichiers") or []
    declared_paths: set[Path] = set()
    declared: list[tuple[str, str]] = []
    missing: list[MissingFile] = []
    for i, entry in enumerate(entries):
        target = (root / entry["chemin"]).resolve()
        declared_paths.add(target)
        if target.is_file():
            if (entry["chemin"], entry["role"]) not in declared:
                declared.append((entry["chemin"], entry["role"]))
            continue
        entry_node = files_node.value[i] if isinstance(files_node, yaml.SequenceNode) else None
        first = last = None
        if entry_node is not None:
            first = entry_node.start_mark.line + 1
            end = entry_node.end_mark
            last = end.line if end.column == 0 else end.line + 1
        missing.append(
            MissingFile(
                entry["chemin"],
                entry["role"],
                first,
                max(first or 0, last or 0) or None,
                text=config_lines[first - 1].rstrip() if first else "",
            )
        )
    raw = root / RAW_FOLDER
    undeclared: list[str] = []
    ignored: list[str] = []
    for file in sorted(raw.rglob("*")) if raw.is_dir() else []:
        if not file.is_file() or file.resolve() in declared_paths:
            continue
        rel = file.relative_to(root).as_posix()
        if any(is_ignored_raw_file(part) for part in file.relative_to(raw).parts):
            ignored.append(rel)
        elif not (file.parent == raw and file.name in _OWN_FILES):
            undeclared.append(rel)
    missing = [
        replace(m, near=next(iter(difflib.get_close_matches(m.relative, undeclared, 1, 0.8)), ""))
        for m in missing
    ]
    indent = "  "
    if isinstance(files_node, yaml.SequenceNode) and files_node.value:
        indent = " " * files_node.value[0].start_mark.column
        indent = indent[:-2] if len(indent) >= 2 else ""
    roles = {str(e["role"]) for e in entries}
    ready: dict[str, str] = {}
    for rel in undeclared:
        role, n = PLACEHOLDER_ROLE, 1
        while role in roles:
            n += 1
            role = f"{PLACEHOLDER_ROLE}-{n}"
        roles.add(role)
        ready[rel] = (
            f"{indent}- chemin: {yaml_scalar(rel)}\n"
            f"{indent}  role: {role}\n"
            f'{indent}  description: ""\n'
            f"{indent}  donnees_personnelles: true  # à vérifier\n"
        )
    if not missing:
        open_workspace(root)  # every other problem (duplicate role, path outside…)
    return FilesCheck(
        root=root,
        name=config["structure"]["nom"],
        declared=declared,
        undeclared=undeclared,
        missing=missing,
        ignored=ignored,
        entries=ready,
        empty_list=isinstance(files_node, yaml.SequenceNode)
        and not files_node.value
        and files_node.flow_style is True,
    )

"""Where the package finds its notebooks and sample structures: a checkout or a wheel.

Size Up runs in two ways:

- **from a checkout** (a clone of the repository, the package installed in editable mode,
  as ``make env`` does): the notebooks are in ``<clone>/notebooks/`` and the samples in
  ``<clone>/data/samples/``;
- **installed from a wheel** (``pip install sizeup-helpers``): the wheel ships the same two
  folders inside the package, under ``sizeup_helpers/contenu/`` (see ``pyproject.toml``,
  ``force-include``).

The environment variable ``SIZEUP_ROOT`` overrides both (a folder laid out like the
repository). Nothing here imports another module of the package.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The folder of the installed package.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Where a wheel ships the notebooks and the samples, inside the package.
CONTENT_DIR = PACKAGE_DIR / "contenu"
#: The clone of the repository to get the notebooks from, named in messages.
REPOSITORY_URL = "https://github.com/size-up/size-up"


def is_checkout(folder: Path) -> bool:
    """Whether ``folder`` is a checkout of the repository (not an installed package).

    >>> is_checkout(Path("/"))
    False
    """
    return (
        (folder / "pyproject.toml").is_file()
        and (folder / "notebooks").is_dir()
        and (folder / "data" / "samples").is_dir()
    )


def checkout_root() -> Path | None:
    """The checkout the package runs from (editable install), or ``None`` when installed."""
    parent = PACKAGE_DIR.parent
    return parent if is_checkout(parent) else None


def content_root() -> Path:
    """The folder holding ``notebooks/`` and ``data/samples/``.

    ``SIZEUP_ROOT`` if set, else the checkout, else the content shipped in the wheel. The
    folder may be absent (a package installed without its content): the functions that
    need a file in it say so in French, see :func:`missing_content_message`.
    """
    env = os.environ.get("SIZEUP_ROOT")
    if env:
        return Path(env).resolve()
    return checkout_root() or CONTENT_DIR


def missing_content_message(what: str, path: Path) -> str:
    """A French sentence saying that ``what`` is missing at ``path``, and where to get it."""
    return (
        f"{what} introuvable : « {path} ». Ce paquet Size Up a été installé sans ses "
        "carnets ni ses structures d'exemple. Travaillez dans une copie du dépôt "
        f"(`git clone {REPOSITORY_URL}`, puis `make env`), ou indiquez le dossier qui "
        "les contient avec la variable d'environnement SIZEUP_ROOT."
    )


def tooling_root(start: Path | None = None) -> Path | None:
    """The checkout holding the development tooling (``tools/``), or ``None``.

    The checkout the package runs from first, then ``start`` (default: the current folder)
    and its parents, for a contributor whose package is installed but who works in a clone.
    """
    candidates = [checkout_root()]
    here = Path(start or Path.cwd()).resolve()
    candidates += [here, *here.parents]
    for folder in candidates:
        if (
            folder is not None
            and is_checkout(folder)
            and (folder / "tools" / "samplegen" / "__init__.py").is_file()
        ):
            return folder
    return None

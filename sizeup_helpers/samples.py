"""The sample structures: list and open the committed ones.

Seven fictional organisations (« données fictives ») ship with Size Up, each a complete
workspace under ``data/samples/<slug>/`` (in the checkout, or inside the installed wheel:
see :mod:`sizeup_helpers.resources`). This module only *reads* them, from each sample's
``structure.yml``. The generators that write them are development tooling, outside the
package (``tools/samplegen`` in the repository, ``sizeup samples --generate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import WorkspaceError
from .resources import missing_content_message
from .workspace import CONFIG_NAME, open_workspace, samples_dir

if TYPE_CHECKING:  # pragma: no cover
    from .workspace import Workspace

#: The samples in the order of the programme's kinds of structure (a folder not listed
#: here comes after them, in alphabetical order).
SAMPLE_ORDER: tuple[str, ...] = (
    "commerce-rural",
    "formation-batiment",
    "ateliers-emploi",
    "insertion-transport",
    "mobilite-accompagnee",
    "energie-citoyenne",
    "justice-jeunesse",
)


@dataclass(frozen=True)
class Sample:
    """One sample structure, as its ``structure.yml`` describes it."""

    slug: str
    name: str
    kind: str
    territory: str
    description: str
    year: int | None
    folder: Path


def _folder() -> Path:
    folder = samples_dir()
    if not folder.is_dir():
        raise WorkspaceError(missing_content_message("Dossier des structures d'exemple", folder))
    return folder


def _read(folder: Path) -> Sample:
    from .yamlfile import load_yaml

    config = load_yaml((folder / CONFIG_NAME).read_text(encoding="utf-8")) or {}
    who: dict[str, Any] = config.get("structure") or {}
    year = who.get("annee")
    return Sample(
        slug=str(who.get("slug") or folder.name),
        name=str(who.get("nom", "")),
        kind=str(who.get("type", "")),
        territory=str(who.get("territoire", "")),
        description=str(who.get("description", "")),
        year=int(year) if isinstance(year, int) else None,
        folder=folder,
    )


def _ordered(slugs: list[str]) -> list[str]:
    known = [s for s in SAMPLE_ORDER if s in slugs]
    return known + sorted(s for s in slugs if s not in SAMPLE_ORDER)


def samples() -> list[Sample]:
    """Every committed sample structure, in the programme's order.

    >>> [s.slug for s in samples()][:2]
    ['commerce-rural', 'formation-batiment']
    """
    folder = _folder()
    slugs = [p.parent.name for p in folder.glob(f"*/{CONFIG_NAME}")]
    return [_read(folder / slug) for slug in _ordered(slugs)]


def sample_slugs() -> list[str]:
    """The slugs of the committed samples, in the programme's order."""
    folder = _folder()
    return _ordered([p.parent.name for p in folder.glob(f"*/{CONFIG_NAME}")])


def get_sample(slug: str) -> Sample:
    """The sample ``slug``; a French error naming the known ones when there is none."""
    folder = _folder()
    if not (folder / str(slug) / CONFIG_NAME).is_file():
        known = ", ".join(sample_slugs())
        raise WorkspaceError(f"Structure d'exemple inconnue : « {slug} » (connues : {known}).")
    return _read(folder / str(slug))


def list_samples() -> list[dict[str, str]]:
    """The sample structures: slug, name (``nom``), kind (``type``), territory.

    >>> first = list_samples()[0]
    >>> sorted(first), first["slug"]
    (['nom', 'slug', 'territoire', 'type'], 'commerce-rural')
    """
    return [
        {"slug": s.slug, "nom": s.name, "type": s.kind, "territoire": s.territory}
        for s in samples()
    ]


def samples_table():
    """The sample structures as a table with French headings, for notebook 00.

    >>> samples_table().columns.tolist()
    ['Structure (fictive)', 'Activité', 'Territoire']
    """
    import pandas as pd

    rows = [
        {
            "Identifiant": s.slug,
            "Structure (fictive)": s.name,
            "Activité": s.kind,
            "Territoire": s.territory,
        }
        for s in samples()
    ]
    return pd.DataFrame(
        rows, columns=["Identifiant", "Structure (fictive)", "Activité", "Territoire"]
    ).set_index("Identifiant")


def open_sample(slug: str, output_dir: str | Path | None = None) -> Workspace:
    """Open the sample structure ``slug`` as a workspace.

    Its outputs go to ``output_dir``, by default ``sorties/<slug>/`` of the project folder
    (:func:`sizeup_helpers.workspace.project_root`), never into the samples.

    >>> open_sample("ateliers-emploi").fictional
    True
    """
    return open_workspace(get_sample(slug).folder, output_dir)

"""The sample structures: fictional organisations with messy data and planted truth.

Each generator module defines ``SLUG``, ``SEED``, ``NAME``, ``TITLE``, ``DESCRIPTION``,
``TERRITORY``, ``YEAR`` and ``build(build, rng) -> list[file entries]``. Generated samples
are committed under ``data/samples/<slug>/`` so learners and Binder have them;
``sizeup samples --generate`` (or ``python -m sizeup_helpers.samples``) rewrites them with
the same content.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import SizeUpError

# slug -> module name, in the order of the curriculum's DOMAIN guide
_MODULES: dict[str, str] = {
    "ateliers-emploi": "ateliers_emploi",
}


class _Registry(dict):
    """slug -> generator module, imported on first access."""

    def __getitem__(self, slug: str) -> ModuleType:
        if slug not in _MODULES:
            raise SizeUpError(f"Structure d'exemple inconnue : « {slug} » (connues : "
                              f"{', '.join(_MODULES)}).")
        return importlib.import_module(f".{_MODULES[slug]}", __name__)

    def __iter__(self):
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)

    def __contains__(self, slug: object) -> bool:
        return slug in _MODULES

    def keys(self):
        return list(_MODULES)

    def items(self):
        return [(slug, self[slug]) for slug in _MODULES]

    def values(self):
        return [self[slug] for slug in _MODULES]


SAMPLES = _Registry()


def list_samples() -> list[dict[str, str]]:
    """The sample structures: slug, name, kind, territory."""
    return [{"slug": slug, "nom": m.NAME, "type": m.TITLE, "territoire": m.TERRITORY}
            for slug, m in SAMPLES.items()]


def generate_sample(slug: str, dest: str | Path | None = None) -> Path:
    """Write the sample ``slug`` into ``dest`` (default: the repository's ``data/samples``)."""
    from ..workspace import samples_dir
    from ._base import write_sample

    module = SAMPLES[slug]
    return write_sample(module, Path(dest) if dest is not None else samples_dir())


def load_truth(slug_or_path: str | Path) -> dict[str, Any]:
    """The planted truth of a sample (``verite-terrain.json``)."""
    from ..workspace import samples_dir
    from ._base import TRUTH_FILE

    path = Path(slug_or_path)
    folder = path if path.is_dir() else samples_dir() / str(slug_or_path)
    return json.loads((folder / TRUTH_FILE).read_text(encoding="utf-8"))

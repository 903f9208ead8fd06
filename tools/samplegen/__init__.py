"""The sample structures' generators: fictional organisations with messy data and planted truth.

Development tooling, not installed with the package: the runtime only reads the committed
samples (:mod:`sizeup_helpers.samples`). Each generator module defines ``SLUG``, ``SEED``,
``NAME``, ``TITLE``, ``DESCRIPTION``, ``TERRITORY``, ``YEAR`` and
``build(build, rng) -> list[file entries]``. Generated samples are committed under
``data/samples/<slug>/`` so learners, Binder and the wheel have them; ``python -m
tools.samplegen`` (or ``make samples``, or ``sizeup samples --generate`` from a checkout)
rewrites them with the same content.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from sizeup_helpers.errors import SizeUpError
from sizeup_helpers.samples import SAMPLE_ORDER

#: The checkout's samples folder, where generated samples are committed.
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"

# slug -> module name, in the order of the curriculum's kinds of structure
_MODULES: dict[str, str] = {slug: slug.replace("-", "_") for slug in SAMPLE_ORDER}


class _Registry(dict):
    """slug -> generator module, imported on first access."""

    def __getitem__(self, slug: str) -> ModuleType:
        if slug not in _MODULES:
            raise SizeUpError(
                f"Structure d'exemple inconnue : « {slug} » (connues : {', '.join(_MODULES)})."
            )
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


def generate_sample(slug: str, dest: str | Path | None = None) -> Path:
    """Write the sample ``slug`` into ``dest`` (default: the checkout's ``data/samples``)."""
    from ._base import write_sample

    module = SAMPLES[slug]
    return write_sample(module, Path(dest) if dest is not None else SAMPLES_DIR)


def write_index(dest: str | Path | None = None) -> Path:
    """Write ``data/samples/README.md``: one paragraph and a table of files per structure.

    Built from each generated sample's ``structure.yml``, so it never drifts from the files.
    """
    import yaml

    from ._base import FICTIONAL_NOTICE, INVENTED_FIGURES, TRUTH_FILE

    folder = Path(dest) if dest is not None else SAMPLES_DIR
    lines = [
        "# Les structures d'exemple",
        "",
        f"> {FICTIONAL_NOTICE}",
        "",
        INVENTED_FIGURES,
        "",
        "Sept structures fictives, une par type de structure du programme Size Up. Chacune est "
        "un espace de travail complet (`structure.yml`, `donnees-brutes/`, brouillons de "
        "théorie du changement et d'indicateurs) dont les fichiers ressemblent à ceux que ces "
        "structures tiennent vraiment : encodages variés, classeurs à en-têtes fusionnés, "
        "doublons, fautes de frappe, lignes de total, réponses manquantes. Le fichier "
        f"`{TRUTH_FILE}` de chaque structure donne la **vérité terrain** : les effets plantés "
        "par le générateur et le désordre injecté, que le nettoyage et les analyses doivent "
        "retrouver.",
        "",
        "Régénérer (même graine, même contenu), depuis une copie du dépôt : "
        "`python -m tools.samplegen` (ou `sizeup samples --generate`).",
        "",
    ]
    for slug in SAMPLES:
        config_path = folder / slug / "structure.yml"
        if not config_path.is_file():
            continue
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        who = config["structure"]
        lines += [
            f"## `{slug}` — {who['nom']}",
            "",
            f"*{who.get('type', '')} — {who.get('territoire', '')}, "
            f"données {who.get('annee', '')}.*",
            "",
            who.get("description", ""),
            "",
            "| fichier | rôle | contenu | données personnelles |",
            "|---|---|---|---|",
        ]
        for f in config.get("fichiers", []):
            flags = (
                "sensibles"
                if f.get("donnees_sensibles")
                else ("oui" if f.get("donnees_personnelles") else "non")
            )
            lines.append(
                f"| `{f['chemin']}` | {f['role']} | {f.get('description', '')} | {flags} |"
            )
        lines.append("")
    target = folder / "README.md"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def load_truth(slug_or_path: str | Path) -> dict[str, Any]:
    """The planted truth of a sample (``verite-terrain.json``)."""
    from ._base import TRUTH_FILE

    path = Path(slug_or_path)
    folder = path if path.is_dir() else SAMPLES_DIR / str(slug_or_path)
    return json.loads((folder / TRUTH_FILE).read_text(encoding="utf-8"))


def regenerate(slugs: list[str] | None = None, dest: str | Path | None = None) -> list[Path]:
    """Regenerate ``slugs`` (default: all) into ``dest``, then the index; the paths written.

    The same seeds give the same content: from a clean checkout, ``git status data/samples``
    shows nothing afterwards.
    """
    written = [generate_sample(slug, dest) for slug in (slugs or list(SAMPLES))]
    return [*written, write_index(dest)]


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.samplegen [--dest DOSSIER] [SLUG …]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tools.samplegen", description="Régénère les structures d'exemple."
    )
    parser.add_argument(
        "--dest",
        default=None,
        metavar="DOSSIER",
        help="dossier où écrire (défaut : data/samples du dépôt)",
    )
    parser.add_argument(
        "slugs", nargs="*", metavar="SLUG", help="structures à régénérer (défaut : toutes)"
    )
    args = parser.parse_args(argv)
    try:
        *samples, index = regenerate(args.slugs, args.dest)
    except SizeUpError as exc:
        print(f"samplegen : {exc.message}", file=sys.stderr)
        return exc.exit_code
    for path in samples:
        print(f"{path.name} : {path}")
    print(f"index : {index}")
    return 0

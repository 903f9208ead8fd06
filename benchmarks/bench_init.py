"""Speed of ``sizeup init --depuis`` against reading the same files once, in one run.

:func:`sizeup_helpers.intake.intake_folder` copies a folder of exports into a new
workspace, reads every file once (every sheet once), finds identifiers and sensitive
columns, and writes ``structure.yml``. The baseline is what no intake can avoid: reading
each file once with :func:`sizeup_helpers.io.read_export`. Ratio = intake time / baseline
time (best of N, taken in turn), target **at most 1.3**: no file is read several times.
Times are wall-clock times, as a coach waits for them (``read_export`` may spread a
workbook over threads); the CPU times of the process (:func:`time.process_time`) are given
in the details, since other programs sharing the machine make wall-clock times noisy.

The folder holds :data:`N_FILES` exports of :data:`N_ROWS` rows each, half CSV (``;``,
Windows-1252, a registrations export with names and e-mails, fictitious) and half xlsx (the
messy services register of :mod:`benchmarks.bench_read`: title rows, merged header). They
are generated into a temporary folder. ``run(quick=True)`` uses a few small files so that a
test can check this code runs; its timings mean nothing.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

N_FILES, N_ROWS = 50, 20_000
QUICK_FILES, QUICK_ROWS = 4, 200
_NAMES = ("inscriptions", "presences", "suivi", "questionnaire", "ventes", "export")
_FIRST = ("Amina", "Lucas", "Chloé", "Karim", "Élodie", "Hugo", "Inès", "Théo", "Léa", "Yanis")
_LAST = ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Garnier", "Roux", "Faure")


def run(quick: bool = False) -> list[dict]:
    """Run the measure; return one dict (see ``benchmarks/bench_read.py`` for the keys).

    Prints nothing.
    """
    from benchmarks.bench_read import _n, interleaved
    from sizeup_helpers.intake import intake_folder
    from sizeup_helpers.io import read_export

    n_files, n_rows = (QUICK_FILES, QUICK_ROWS) if quick else (N_FILES, N_ROWS)
    with tempfile.TemporaryDirectory(prefix="sizeup-bench-init-") as tmp:
        tmp_path = Path(tmp)
        source = make_exports(tmp_path / "exports", n_files, n_rows)
        files = sorted(p for p in source.iterdir() if p.is_file())
        counter = iter(range(1_000))

        def intake():  # each run in a new folder, removed after the timings
            return intake_folder(tmp_path / f"espace-{next(counter)}", "Essai de vitesse", source)

        times, outputs, cpus = interleaved(
            {"read": lambda: [read_export(f) for f in files], "intake": intake},
            {"read": 1, "intake": 1} if quick else {"read": 3, "intake": 3},
        )
    result = outputs["intake"]
    ratio = times["intake"] / times["read"]
    declared = len(result.entries)
    return [
        {
            "name": f"sizeup init --depuis, {n_files} exports de {_n(n_rows)} lignes (CSV et xlsx)",
            "baseline": "read_export sur chaque fichier, une fois",
            "ratio": round(ratio, 2),
            "target": 1.3,
            "rule": "au plus",
            "ok": ratio <= 1.3 and declared == n_files and not result.unreadable,
            "details": (
                f"init --depuis {times['intake']:.2f} s (copie, lecture, identifiants, "
                f"structure.yml), lecture seule {times['read']:.2f} s ; temps de calcul : "
                f"{cpus['intake']:.2f} s et {cpus['read']:.2f} s (ratio "
                f"{cpus['intake'] / cpus['read']:.2f}) ; "
                f"{declared} entrées déclarées sur {n_files} fichiers copiés"
            ),
        }
    ]


def make_exports(folder: Path, n_files: int, n_rows: int) -> Path:
    """``n_files`` exports of ``n_rows`` rows in ``folder``: CSV and xlsx in turn."""
    from benchmarks.bench_read import make_messy_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    xlsx = make_messy_xlsx(n_rows, 15, folder=folder.parent / "_modele")
    csv = _registrations_csv(folder.parent / "_modele" / "inscriptions.csv", n_rows)
    for i in range(n_files):
        name = f"{_NAMES[i % len(_NAMES)]}_{i + 1:02d}"
        if i % 2:
            shutil.copyfile(xlsx, folder / f"{name}.xlsx")
        else:
            shutil.copyfile(csv, folder / f"{name}.csv")
    return folder


def _registrations_csv(path: Path, n_rows: int) -> Path:
    """A registrations export (fictitious people), ``;``-separated, Windows-1252."""
    rng = random.Random(20240602)
    lines = ["id;nom;prénom;e-mail;téléphone;date_inscription;ville;atelier;statut;commentaire"]
    for i in range(n_rows):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = f"{first.lower()}.{last.lower()}{i}@exemple.fr".replace("é", "e").replace("è", "e")
        phone = f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00"
        lines.append(
            f"{i + 1};{last};{first};{email};{phone};2024-{rng.randint(1, 12):02d}-"
            f"{rng.randint(1, 28):02d};{rng.choice(['Lens', 'Liévin', 'Arras'])};"
            f"{rng.choice(['CV', 'Réseau', 'Confiance'])};{rng.choice(['inscrit', 'venu'])};"
            f"{rng.choice(['', 'rappeler', 'très motivée'])}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path

"""Speed of the end-of-run privacy scan on a large output, against the scan it replaced.

``sizeup run`` ends with :func:`sizeup_helpers.privacy.scan_for_identifiers` over the
output folder; in the large variant of the ``commerce-rural`` sample, step 05's clean till
is a text file of about 80 MB. The baseline is how the scan read a text file before: the
whole file read at once (``Path.read_text``), then each pattern of
:data:`sizeup_helpers.privacy.TEXT_PATTERNS` run over all of it (``finditer``). The scan
now reads the file piece by piece (``privacy._CHUNK_CHARS`` characters, with an overlap)
and looks for an e-mail only around an « @ » and for a phone number or a NIR only around
runs of digits. Ratio = scan time / baseline time (best of N, taken in turn), target **at
most 0.5**; both must report the same findings: the till is copied with identifiers
planted across the boundaries of the pieces, so that a finding lost at a boundary shows.

Times are wall-clock times; the processor times (:func:`time.process_time`) are given in
the details, since other programs sharing the machine make wall-clock times noisy.
``run(quick=True)`` uses the 20 000-row till so that a test can check this code runs; its
timings mean nothing.

Run: ``python -m benchmarks bench_privacy`` (``--quick`` for small sizes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.bench_read import DATA_DIR, _n, interleaved, large_till_csv

CSV_ROWS, QUICK_CSV_ROWS = 1_000_000, 20_000
TIME_TARGET = 0.5
#: What is planted around each piece boundary, in turn (fictitious values, valid NIR key).
PLANTED = ("06 12 34 56 78", "camille.martin@exemple.fr", "1 85 05 78 006 084 91", "+33698765432")
_VERSION = 2  # bump when the planted file changes


def run(quick: bool = False) -> list[dict]:
    """Run the measure; return one dict (keys as in :mod:`benchmarks.bench_read`)."""
    import tempfile

    rows = QUICK_CSV_ROWS if quick else CSV_ROWS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sorties"
        folder.mkdir()
        path = folder / "caisse.csv"
        shutil.copyfile(planted_till(rows), path)
        size = path.stat().st_size
        times, outputs, cpu = interleaved(
            {"before": lambda: whole_file_scan(path), "ours": lambda: scan_findings(folder)},
            {"before": 1, "ours": 1} if quick else {"before": 3, "ours": 3},
        )
        data = path.read_bytes()
        planted = sum(data.count(p.encode()) for p in PLANTED)
        del data
    same = outputs["ours"] == outputs["before"]
    found = len(outputs["ours"])
    ratio = times["ours"] / times["before"]
    return [
        {
            "name": f"scan_for_identifiers, CSV de {_n(rows)} lignes ({size / 1e6:.0f} Mo, "
            "commerce-rural, variante grande)",
            "baseline": "le scan d'avant : Path.read_text() puis TEXT_PATTERNS[…].finditer "
            "sur le fichier entier",
            "ratio": round(ratio, 2),
            "target": TIME_TARGET,
            "rule": "au plus",
            "ok": ratio <= TIME_TARGET and same and found >= planted,
            "details": (
                f"scan {times['ours']:.2f} s (processeur {cpu['ours']:.2f} s), scan d'avant "
                f"{times['before']:.2f} s (processeur {cpu['before']:.2f} s) ; mêmes "
                f"constats : {'oui' if same else 'NON'} ({_n(found)} identifiants plantés "
                "à cheval sur les limites des morceaux, tous retrouvés)"
                if found >= planted
                else f"{_n(found)} identifiants retrouvés sur {_n(planted)} plantés"
            ),
        }
    ]


def _chunk_chars() -> int:
    from sizeup_helpers import privacy

    return privacy._CHUNK_CHARS


def whole_file_scan(path: Path) -> list[tuple[str, str]]:
    """The scan of a text file as it was: read whole, every pattern over all of it; its
    findings as ``(type, extrait)`` pairs, as the scan reports them."""
    from sizeup_helpers.privacy import SCAN_LABELS, TEXT_PATTERNS, mask_value, nir_is_valid

    text = path.read_text(encoding="utf-8", errors="replace")
    return [
        (SCAN_LABELS[kind], mask_value(match.group(0), kind))
        for kind, pattern in TEXT_PATTERNS.items()
        for match in pattern.finditer(text)
        if kind != "nir" or nir_is_valid(match.group(0))
    ]


def scan_findings(folder: Path) -> list[tuple[str, str]]:
    """:func:`~sizeup_helpers.privacy.scan_for_identifiers` over ``folder``: its findings
    as ``(type, extrait)`` pairs."""
    from sizeup_helpers.privacy import scan_for_identifiers

    found = scan_for_identifiers(folder)
    return list(zip(found["type"], found["extrait"], strict=True))


def planted_till(n_rows: int, folder: Path = DATA_DIR) -> Path:
    """The large till with an identifier across every boundary between two pieces the scan
    reads (git-ignored, written once)."""
    path = folder / f"caisse-commerce-rural-{n_rows}-identifiants-v{_VERSION}.csv"
    if path.exists():
        return path
    source = large_till_csv(n_rows)
    text = source.read_text(encoding="cp1252")  # "\r\n" read as "\n", as the scan reads
    step = _chunk_chars()
    pieces, taken, written = [], 0, 0
    for number in range(len(text) // step + 1):
        boundary = (number + 1) * step - 7  # in the planted file, as the scan reads it
        piece = text[taken : taken + boundary - written]
        identifier = f" {PLANTED[number % len(PLANTED)]} "
        pieces += [piece, identifier]
        taken, written = taken + len(piece), written + len(piece) + len(identifier)
    pieces.append(text[taken:])
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        out.write("".join(pieces))
    tmp.replace(path)
    return path

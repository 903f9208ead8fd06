"""Benchmark of ``clean_table`` on a million rows of messy text columns.

Two measures, each printed as a ratio to a baseline measured in the same run:

1. **time**: ``clean_table`` (type guessing, journal, total rows, harmonised categories)
   against a hand-written vectorised pandas equivalent that makes the same conversions
   directly (one ``to_datetime`` per date format, ``str.replace`` chains, ``map``);
   target: at most 2 times;
2. **peak memory**: the peak of the process's resident memory during ``clean_table``,
   minus the resident memory just before (Linux ``VmHWM`` reset through
   ``/proc/self/clear_refs``, otherwise psutil sampled every millisecond), against the
   input frame's ``memory_usage(deep=True)``; target: at most 3 times.

3. **pyarrow-backed strings** (only when ``pyarrow`` can be imported, pandas 3): reading
   the large till CSV with ``read_export`` plus cleaning the large messy frame with
   ``clean_table``, each in a fresh process, with ``pandas.options.mode.string_storage``
   set to ``"pyarrow"`` against ``"python"``: ratio of times (target: at most 1, i.e.
   faster), and each process's peak resident memory (``ru_maxrss``), which must stay under
   :data:`KERNEL_MEMORY_LIMIT` (a kernel's budget).

Run: ``python benchmarks/bench_clean.py`` (``--quick`` for small sizes).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FULL_ROWS = 1_000_000
QUICK_ROWS = 5_000
TIME_TARGET = 2.0
MEMORY_TARGET = 3.0
#: Largest peak resident memory of a process reading and cleaning the large variant.
KERNEL_MEMORY_LIMIT = 2**30

_MONTHS_FR = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]
_CITIES = [
    "Lyon",
    "Villeurbanne",
    "Saint-Étienne",
    "Vénissieux",
    "Bron",
    "Vaulx-en-Velin",
    "Grenoble",
    "Valence",
    "Annecy",
    "Chambéry",
    "Roanne",
    "Mâcon",
    "Bourg-en-Bresse",
    "Vienne",
    "Givors",
    "Oullins",
    "Décines-Charpieu",
    "Rillieux-la-Pape",
    "Caluire-et-Cuire",
    "Écully",
]
_WORKSHOPS = [
    "Atelier CV",
    "Simulation d'entretien",
    "Projet professionnel",
    "Numérique pour l'emploi",
    "Réseau et LinkedIn",
    "Mobilité",
]


# --------------------------------------------------------------------------------------
# Messy data
# --------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _variants(name: str, rng: np.random.Generator) -> list[str]:
    """Spellings of a category as typed by hand: case, accents, spaces, one typo."""
    typo_at = int(rng.integers(1, max(2, len(name) - 1)))
    typo = name[:typo_at] + name[typo_at + 1 :]  # a missing letter
    return [name, name.lower(), name.upper(), _fold(name).title(), f" {name} ", typo]


def make_messy_frame(n_rows: int, *, seed: int = 0) -> pd.DataFrame:
    """A frame of text columns like a structure's export, ``n_rows`` long (vectorised)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2015-01-01", "2025-12-31", freq="D")
    pool_days = days[rng.integers(0, len(days), 3000)]
    date_pool: list[str] = []
    for i, d in enumerate(pool_days):
        serial = (d - pd.Timestamp("1899-12-30")).days
        hh, mm = 8 + i % 10, (7 * i) % 60
        date_pool += [
            d.strftime("%d/%m/%Y"),
            f"{d.day}-{d.month}-{d.strftime('%y')}",
            d.strftime("%Y-%m-%d"),
            f"{d.strftime('%d/%m/%Y')} {hh:02d}:{mm:02d}",
            str(serial),
            f"{_MONTHS_FR[d.month - 1]}-{d.year}",
            d.strftime("%m/%Y"),
        ]
    date_pool += ["", "", "inconnu", "32/13/2020"]
    dates = np.array(date_pool, dtype=object)[rng.integers(0, len(date_pool), n_rows)]

    amounts = np.round(rng.gamma(2.0, 400.0, 40_000), 2)
    amount_pool = []
    for i, a in enumerate(amounts):
        whole, cents = divmod(round(a * 100), 100)
        grouped = f"{whole:,}"
        style = i % 6
        if style == 0:
            amount_pool.append(grouped.replace(",", "\u00a0") + f",{cents:02d}")
        elif style == 1:
            amount_pool.append(grouped.replace(",", "\u202f") + f",{cents:02d} €")
        elif style == 2:
            amount_pool.append(grouped.replace(",", ".") + f",{cents:02d}")
        elif style == 3:
            amount_pool.append(f"-{whole},{cents:02d}")
        elif style == 4:
            amount_pool.append(f"{whole} €")
        else:
            amount_pool.append(grouped.replace(",", " ") + f",{cents:02d}")
    amount_pool += ["", "n/a"]
    amount = np.array(amount_pool, dtype=object)[rng.integers(0, len(amount_pool), n_rows)]

    km_pool = [f"{k} km" for k in range(0, 120)] + [f"{k},5 km" for k in range(0, 60)] + [""]
    km = np.array(km_pool, dtype=object)[rng.integers(0, len(km_pool), n_rows)]

    yes_no = np.array(["Oui", "Non", "oui", "non", "O", "N", "NSP", ""], dtype=object)
    registered = yes_no[
        rng.choice(len(yes_no), n_rows, p=[0.35, 0.3, 0.08, 0.07, 0.05, 0.05, 0.05, 0.05])
    ]

    city_pool, city_p = [], []
    for rank, city in enumerate(_CITIES):
        weight = 1.0 / (rank + 1)
        for k, v in enumerate(_variants(city, rng)):
            city_pool.append(v)
            city_p.append(weight * (0.8 if k == 0 else 0.04))
    city_p = np.array(city_p) / np.sum(city_p)
    city = np.array(city_pool, dtype=object)[rng.choice(len(city_pool), n_rows, p=city_p)]
    city[rng.integers(0, n_rows, max(1, n_rows // 20_000))] = "Total"

    work_pool, work_p = [], []
    for name in _WORKSHOPS:
        for k, v in enumerate(_variants(name, rng)):
            work_pool.append(v)
            work_p.append(0.8 if k == 0 else 0.04)
    work_p = np.array(work_p) / np.sum(work_p)
    workshop = np.array(work_pool, dtype=object)[rng.choice(len(work_pool), n_rows, p=work_p)]

    frame = pd.DataFrame(
        {
            "Date d'entrée": dates,
            "Montant (€)": amount,
            "Distance": km,
            "Inscrit ?": registered,
            "Ville": city,
            "Atelier": workshop,
        }
    )
    return frame.astype("str")


# --------------------------------------------------------------------------------------
# The hand-written equivalent
# --------------------------------------------------------------------------------------
_MONTH_NUM = {
    "janv": 1,
    "fevr": 2,
    "mars": 3,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "aout": 8,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def _fold_series(s: pd.Series) -> pd.Series:
    return (
        s.str.strip()
        .str.lower()
        .str.normalize("NFKD")
        .str.encode("ascii", errors="ignore")
        .str.decode("ascii")
    )


def hand_written(raw: pd.DataFrame, mappings: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The same conversions written directly with vectorised pandas (what an analyst does)."""
    df = raw.rename(
        columns={
            "Date d'entrée": "date_d_entree",
            "Montant (€)": "montant_eur",
            "Distance": "distance",
            "Inscrit ?": "inscrit",
            "Ville": "ville",
            "Atelier": "atelier",
        }
    )
    df = df[~df["ville"].str.strip().str.lower().str.startswith("total")]
    out = pd.DataFrame(index=df.index)
    s = df["date_d_entree"].str.strip()
    # one format at a time, each on the rows whose shape fits it (much faster than
    # letting to_datetime fail on the others)
    d = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    for pattern, fmt in (
        (r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
        (r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "%d/%m/%Y %H:%M"),
        (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
        (r"\d{1,2}-\d{1,2}-\d{2}", "%d-%m-%y"),
        (r"\d{2}/\d{4}", "%m/%Y"),
    ):
        shaped = s.where(s.str.fullmatch(pattern))
        d = d.fillna(pd.to_datetime(shaped, format=fmt, errors="coerce"))
    serial = pd.to_numeric(s.where(s.str.fullmatch(r"\d{5}")), errors="coerce")
    d = d.fillna(pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D"))
    m = _fold_series(s).str.extract(r"^([a-z]+)\.?-(\d{4})$")
    month = m[0].map(_MONTH_NUM)
    d = d.fillna(
        pd.to_datetime(
            pd.DataFrame({"year": pd.to_numeric(m[1]), "month": month, "day": 1}), errors="coerce"
        )
    )
    out["date_d_entree"] = d.astype("datetime64[us]")
    amount = (
        df["montant_eur"]
        .str.replace(r"[\s\u00a0\u202f€]", "", regex=True)
        .str.replace(".", "", regex=False)
        .str.replace(",", ".", regex=False)
    )
    out["montant_eur"] = pd.to_numeric(amount, errors="coerce")
    km = df["distance"].str.replace(r"\s*km$", "", regex=True).str.replace(",", ".")
    out["distance"] = pd.to_numeric(km, errors="coerce")
    yes = {"oui": True, "o": True, "non": False, "n": False}
    out["inscrit"] = df["inscrit"].str.strip().str.lower().map(yes).astype("boolean")
    for column in ("ville", "atelier"):
        key = _fold_series(df[column]).str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
        out[column] = key.map(mappings[column]).astype("category")
    return out


def _mappings_from(raw: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The folded-variant -> canonical dict a person would write by hand (known names)."""
    maps = {}
    for column, names in (("ville", _CITIES), ("atelier", _WORKSHOPS)):
        import re

        mapping = {}
        for name in names:
            canonical_key = re.sub(r"[^a-z0-9]+", " ", _fold(name)).strip()
            mapping[canonical_key] = name
            for k in range(1, len(name) - 1):
                typo = re.sub(r"[^a-z0-9]+", " ", _fold(name[:k] + name[k + 1 :])).strip()
                mapping.setdefault(typo, name)
        maps[column] = mapping
    del raw
    return maps


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------
def _best_time(func: Callable[[], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _trim() -> None:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_memory_delta(func: Callable[[], Any]) -> tuple[int, str]:
    """Peak resident memory during ``func()`` minus resident memory before, in bytes."""
    _trim()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        before = _status_kb("VmRSS")
        result = func()
        peak = _status_kb("VmHWM")
        del result
        if before is not None and peak is not None:
            return (peak - before) * 1024, "pic RSS (VmHWM remis à zéro via /proc)"
    except OSError:
        pass
    import psutil

    proc = psutil.Process(os.getpid())
    before = proc.memory_info().rss
    peak = before
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, proc.memory_info().rss)
            time.sleep(0.001)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        result = func()
    finally:
        stop.set()
        thread.join()
    del result
    return peak - before, "pic RSS échantillonné par psutil (1 ms)"


def _agreement(ours: pd.DataFrame, theirs: pd.DataFrame) -> str:
    parts = []
    for column in theirs.columns:
        a, b = ours[column], theirs[column]
        if isinstance(a.dtype, pd.CategoricalDtype) or isinstance(b.dtype, pd.CategoricalDtype):
            a, b = a.astype(object), b.astype(object)
        same = ((a == b) | (a.isna() & b.isna())).fillna(False)
        parts.append(f"{column} {100 * float(same.mean()):.1f} %")
    return ", ".join(parts)


def run(quick: bool = False) -> list[dict]:
    """Run the benchmark; return one dict per measure (see module docstring)."""
    from sizeup_helpers.cleaning import clean_table

    n_rows = QUICK_ROWS if quick else FULL_ROWS
    repeats = 3 if quick else 2
    raw = make_messy_frame(n_rows)
    mappings = _mappings_from(raw)
    input_bytes = int(raw.memory_usage(deep=True).sum())

    ours = clean_table(raw)
    theirs = hand_written(raw, mappings)
    agreement = _agreement(ours.data, theirs)
    del ours, theirs

    t_ours = _best_time(lambda: clean_table(raw), repeats)
    t_base = _best_time(lambda: hand_written(raw, mappings), repeats)
    peak, how = peak_memory_delta(lambda: clean_table(raw))
    time_ratio = t_ours / t_base
    rows = f"{n_rows:,}".replace(",", "\u202f")
    memory_ratio = peak / input_bytes
    return [
        {
            "name": f"clean_table, {rows} lignes : temps / pandas vectorisé écrit à la main",
            "baseline": "pandas vectorisé écrit à la main (mêmes conversions)",
            "ratio": round(time_ratio, 3),
            "target": TIME_TARGET,
            "rule": "au plus",
            "ok": bool(time_ratio <= TIME_TARGET),
            "details": (
                f"clean_table {t_ours:.2f} s, équivalent écrit à la main {t_base:.2f} s "
                f"(meilleur de {repeats}) ; valeurs identiques : {agreement}"
            ),
        },
        {
            "name": f"clean_table, {rows} lignes : pic mémoire / taille du tableau",
            "baseline": "taille du tableau d'entrée (memory_usage(deep=True))",
            "ratio": round(memory_ratio, 3),
            "target": MEMORY_TARGET,
            "rule": "au plus",
            "ok": bool(memory_ratio <= MEMORY_TARGET),
            "details": (
                f"{how} : {peak / 2**20:.0f} Mio ; tableau d'entrée "
                f"{input_bytes / 2**20:.0f} Mio (memory_usage(deep=True))"
            ),
        },
    ] + arrow_strings(quick)


# --------------------------------------------------------------------------------------
# pyarrow-backed strings (optional)
# --------------------------------------------------------------------------------------
def arrow_strings(quick: bool = False) -> list[dict]:
    """Reading and cleaning the large variant with pyarrow-backed strings against Python
    strings, each storage in a fresh process; ``[]`` when pyarrow cannot be imported or
    pandas is older than 3 (its ``str`` columns are then plain objects)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return []
    if int(pd.__version__.split(".")[0]) < 3:
        return []
    figures = {storage: _storage_in_child(storage, quick) for storage in ("python", "pyarrow")}
    py, arrow = figures["python"], figures["pyarrow"]
    ratio = (arrow["read_s"] + arrow["clean_s"]) / (py["read_s"] + py["clean_s"])
    faster = arrow["read_s"] < py["read_s"] and arrow["clean_s"] < py["clean_s"]
    peak = max(py["peak_bytes"], arrow["peak_bytes"])

    def said(f: dict) -> str:
        return (
            f"lecture {f['read_s']:.2f} s (processeur {f['read_cpu_s']:.2f} s), nettoyage "
            f"{f['clean_s']:.2f} s (processeur {f['clean_cpu_s']:.2f} s), pic mémoire "
            f"{f['peak_bytes'] / 2**20:.0f} Mio"
        )

    def grouped(number: int) -> str:
        return f"{number:,}".replace(",", "\u202f")

    limit = KERNEL_MEMORY_LIMIT / 2**30
    return [
        {
            "name": "chaînes pyarrow (string_storage) : temps lecture + nettoyage, variante grande",
            "baseline": 'pandas.options.mode.string_storage = "python"',
            "ratio": round(ratio, 3),
            "target": 1.0,
            "rule": "au plus",
            "ok": bool(faster),
            "details": (
                f"pyarrow : {said(arrow)} ; python : {said(py)} (meilleur de "
                f"{py['repeats']}, un processus neuf par stockage ; lecture : read_export du CSV "
                f"de {grouped(py['csv_rows'])} lignes, nettoyage : clean_table de "
                f"{grouped(py['clean_rows'])} lignes) ; plus rapide en lecture ET en nettoyage : "
                f"{'oui' if faster else 'non'}"
            ),
        },
        {
            "name": "chaînes pyarrow (string_storage) : pic mémoire du processus / 1 Gio",
            "baseline": f"budget d'un noyau Jupyter ({limit:g} Gio)",
            "ratio": round(arrow["peak_bytes"] / KERNEL_MEMORY_LIMIT, 3),
            "target": 1.0,
            "rule": "au plus",
            "ok": bool(peak <= KERNEL_MEMORY_LIMIT),
            "details": (
                f"pic RSS (ru_maxrss) avec pyarrow {arrow['peak_bytes'] / 2**20:.0f} Mio, "
                f"avec python {py['peak_bytes'] / 2**20:.0f} Mio"
            ),
        },
    ]


def _storage_in_child(storage: str, quick: bool) -> dict:
    """Run :func:`storage_figures` in a fresh Python (same environment, same PYTHONPATH)."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "benchmarks.bench_clean", "--string-storage", storage]
    done = subprocess.run(
        command + (["--quick"] if quick else []),
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def storage_figures(storage: str, quick: bool = False) -> dict:
    """In this process: best times of reading the large till CSV (``read_export``) and of
    cleaning the large messy frame (``clean_table``) with ``string_storage`` set to
    ``storage``, and the process's peak resident memory (bytes)."""
    import resource

    pd.set_option("mode.string_storage", storage)
    from benchmarks.bench_read import CSV_ROWS, QUICK_CSV_ROWS, large_till_csv
    from sizeup_helpers.cleaning import clean_table
    from sizeup_helpers.io import read_export

    csv_rows = QUICK_CSV_ROWS if quick else CSV_ROWS
    clean_rows = QUICK_ROWS if quick else FULL_ROWS
    repeats = 1 if quick else 3
    csv = large_till_csv(csv_rows)
    read_s, read_cpu_s = _best_wall_and_cpu(lambda: read_export(csv), repeats)
    table = read_export(csv)
    storage_seen = type(table.iloc[:, 0].array).__name__
    del table
    raw = make_messy_frame(clean_rows)
    clean_s, clean_cpu_s = _best_wall_and_cpu(lambda: clean_table(raw), repeats)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "storage": storage,
        "array": storage_seen,
        "read_s": read_s,
        "clean_s": clean_s,
        "read_cpu_s": read_cpu_s,
        "clean_cpu_s": clean_cpu_s,
        "peak_bytes": peak_kb * 1024,
        "repeats": repeats,
        "csv_rows": csv_rows,
        "clean_rows": clean_rows,
    }


def _best_wall_and_cpu(func: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Best elapsed time and best processor time of this process over ``repeats`` runs."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="petites tailles")
    parser.add_argument(
        "--string-storage",
        choices=("python", "pyarrow"),
        help="mesure d'un seul stockage dans ce processus (sortie JSON)",
    )
    args = parser.parse_args()
    if args.string_storage:
        print(json.dumps(storage_figures(args.string_storage, quick=args.quick)))
        return
    for r in run(quick=args.quick):
        status = "OK" if r["ok"] else "ÉCHEC"
        print(f"[{status}] {r['name']} : ratio {r['ratio']:.2f} ({r['rule']} {r['target']})")
        print(f"        {r['details']}")


if __name__ == "__main__":
    main()

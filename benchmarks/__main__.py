"""``python -m benchmarks [--quick] [NAME …]``: run the benchmarks and print their ratios."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Mesures de vitesse et de mémoire (ratios)."
    )
    parser.add_argument("--quick", action="store_true", help="petites tailles (vérification)")
    parser.add_argument("names", nargs="*", help="modules à lancer (défaut : tous)")
    args = parser.parse_args(argv)
    names = args.names or discover()
    rows = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        start = time.perf_counter()
        for row in module.run(quick=args.quick):
            rows.append(row)
            mark = "OK " if row["ok"] else "NON"
            print(
                f"[{mark}] {row['name']} : ratio {row['ratio']:.2f} ({row['rule']} "
                f"{row['target']}) contre {row['baseline']} — {row['details']}",
                flush=True,
            )
        print(f"      ({name} en {time.perf_counter() - start:.0f} s)", flush=True)
    failed = [r for r in rows if not r["ok"]]
    print(f"{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

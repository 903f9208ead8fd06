"""What the benchmark smoke tests share: loading a benchmark module from ``benchmarks/``
(not a package installed), the keys of its rows, and the figures read back from a row's
French details."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from .conftest import ROOT

#: The keys of every benchmark row.
KEYS = {"name", "baseline", "ratio", "target", "rule", "ok", "details"}


def load_benchmark(name: str) -> ModuleType:
    """The module ``benchmarks/<name>.py``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seconds(pattern: str, text: str) -> float:
    """The seconds written after ``pattern`` in a row's details (« jobs=2 125.4 s »)."""
    match = re.search(pattern + r" ([\d.]+) s", text)
    assert match, f"« {pattern} » absent de : {text}"
    return float(match.group(1))


def mib(pattern: str, text: str) -> int:
    """The MiB written after ``pattern`` in a row's details (« pic 25 Mio »)."""
    match = re.search(pattern + r" (\d+) Mio", text)
    assert match, f"« {pattern} » absent de : {text}"
    return int(match.group(1))

"""Speed and memory measurements, printed as ratios to a named baseline run alongside.

Each ``bench_*.py`` module defines ``run(quick: bool = False) -> list[dict]`` whose rows
have the keys ``name``, ``baseline``, ``ratio``, ``target``, ``rule`` (``"au moins"``: the
ratio must reach the target; ``"au plus"``: it must stay under it), ``ok`` and ``details``.
Ratios, not seconds: the machines are noisy, but both sides of a ratio run in the same
process, one after the other. Tests only check that the benchmarks run (quick mode);
timings are never asserted in tests.
"""

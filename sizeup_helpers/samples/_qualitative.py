"""Qualitative material of the sample structures (placeholder until written)."""

from __future__ import annotations

from typing import Any


def qualitative_material(build: Any, slug: str, rng: Any) -> list[dict[str, Any]]:
    return []

"""Shared helpers of the JSON renderers."""

from __future__ import annotations


def stamp(seconds: float) -> float:
    """Epoch seconds as ECS sends them: a JSON number with millisecond precision."""
    return round(seconds, 3)


def pairs(items: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in items.items()]

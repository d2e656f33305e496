"""Tolerant readers for fields of ECS API responses.

Each returns a typed value or a neutral default, whatever the response holds:
a missing key, ``None``, a value of the wrong type. Models build on them so
that ``from_api`` never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def integer(data: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = optional_integer(data, key)
    return default if value is None else value


def optional_integer(data: Mapping[str, Any], key: str) -> int | None:
    """An int, also from a numeric string (ECS gives task cpu/memory as strings)."""
    value = data.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def flag(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def mappings(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The list under ``key``, keeping only its mapping items."""
    value = data.get(key)
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The list under ``key``, keeping only its string items."""
    value = data.get(key)
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def pairs(data: Mapping[str, Any], key: str, name_key: str, value_key: str) -> tuple[tuple[str, str], ...]:
    """A list of ``{name_key: .., value_key: ..}`` items (tags, attributes) as (name, value) pairs."""
    result = []
    for item in mappings(data, key):
        name = item.get(name_key)
        if isinstance(name, str):
            value = item.get(value_key)
            result.append((name, value if isinstance(value, str) else ""))
    return tuple(result)


def string_map(data: Mapping[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    """A ``{str: str}`` mapping under ``key`` as sorted (name, value) pairs."""
    return tuple(sorted((k, v) for k, v in mapping(data.get(key)).items() if isinstance(k, str) and isinstance(v, str)))


def timestamp(data: Mapping[str, Any], key: str) -> datetime | None:
    """A timezone-aware UTC datetime from a datetime, epoch seconds or an ISO 8601 string."""
    return to_datetime(data.get(key))


def to_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def arn_resource_id(arn: str) -> str:
    """The last path segment of an ARN (a task id, a cluster name...), or the string itself."""
    return arn.rsplit("/", 1)[-1] if arn else ""

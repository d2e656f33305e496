"""Typed access to a request's JSON members, with ECS's validation errors."""

from __future__ import annotations

from typing import Any

from . import errors
from .errors import EcsError


def _serialization(message: str) -> EcsError:
    return EcsError("SerializationException", message)


class Params:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def _typed(self, name: str, kind: type | tuple[type, ...], label: str) -> Any:
        value = self.body.get(name)
        if value is None:
            return None
        if isinstance(value, bool) and kind is not bool:
            raise _serialization(f"Unable to parse request: {name} must be {label}")
        if not isinstance(value, kind):
            raise _serialization(f"Unable to parse request: {name} must be {label}")
        return value

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self._typed(name, str, "a string")
        if required and not value:
            raise errors.invalid_parameter(f"{name} can not be blank.")
        return value

    def boolean(self, name: str) -> bool | None:
        return self._typed(name, bool, "a boolean")

    def integer(self, name: str) -> int | None:
        return self._typed(name, int, "an integer")

    def strings(self, name: str) -> list[str] | None:
        value = self._typed(name, list, "a list of strings")
        if value is not None and not all(isinstance(item, str) for item in value):
            raise _serialization(f"Unable to parse request: {name} must be a list of strings")
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.string(name)
        if value is not None and value not in allowed:
            raise errors.invalid_parameter(f"{name} must be one of: {', '.join(allowed)}.")
        return value

    def choices(self, name: str, allowed: tuple[str, ...]) -> set[str]:
        values = self.strings(name) or []
        for value in values:
            if value not in allowed:
                raise errors.invalid_parameter(f"{name} must be one of: {', '.join(allowed)}.")
        return set(values)

    def max_results(self, default: int, ceiling: int = 100) -> int:
        value = self.integer("maxResults")
        if value is None:
            return default
        if not 1 <= value <= ceiling:
            raise errors.invalid_parameter(f"maxResults must be between 1 and {ceiling}.")
        return value

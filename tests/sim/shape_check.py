"""Check raw ECS JSON answers against botocore's own model of each operation's output.

The walk is strict where botocore is lenient: botocore silently drops unknown keys and
coerces types, so a simulator bug would go unnoticed by a client. Here every key must be
a modeled member, every value must have the modeled JSON type, enum values must be in
the enum, required members must be present, and timestamps must be what botocore's JSON
parser turns into datetimes.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore.model import OperationModel, Shape
from botocore.parsers import DEFAULT_TIMESTAMP_PARSER

_MODEL = botocore.session.get_session().get_service_model("ecs")


def operation(name: str) -> OperationModel:
    return _MODEL.operation_model(name)


def problems(shape: Shape, value: Any, path: str = "$") -> list[str]:
    """Everything in ``value`` that does not fit ``shape``; empty when it all fits."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: expected an object for {shape.name}, got {type(value).__name__}"]
        found = [f"{path}: missing required member {m!r} of {shape.name}" for m in shape.required_members if m not in value]
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                found.append(f"{path}: unknown key {key!r} in {shape.name}")
            elif item is None:
                found.append(f"{path}.{key}: null where {member.name} is modeled")
            else:
                found.extend(problems(member, item, f"{path}.{key}"))
        return found
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected a list for {shape.name}, got {type(value).__name__}"]
        return [p for i, item in enumerate(value) for p in problems(shape.member, item, f"{path}[{i}]")]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected a map for {shape.name}"]
        found = []
        for key, item in value.items():
            found.extend(problems(shape.key, key, f"{path}<key {key!r}>"))
            found.extend(problems(shape.value, item, f"{path}[{key!r}]"))
        return found
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected a string, got {value!r}"]
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            return [f"{path}: {value!r} is not one of {shape.name}'s values {enum}"]
        return []
    if kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected an integer, got {value!r}"]
    if kind in ("double", "float"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected a number, got {value!r}"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean, got {value!r}"]
    if kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return [f"{path}: expected a timestamp, got {value!r}"]
        try:
            parsed = DEFAULT_TIMESTAMP_PARSER(value)
        except (ValueError, TypeError, OverflowError) as error:
            return [f"{path}: botocore cannot parse timestamp {value!r}: {error}"]
        if not isinstance(parsed, datetime.datetime) or parsed.year < 2000:
            return [f"{path}: implausible timestamp {value!r}"]
        return []
    return [f"{path}: shape type {kind} not handled by the checker"]


def output_problems(operation_name: str, body: bytes | dict[str, Any]) -> list[str]:
    data = json.loads(body) if isinstance(body, (bytes, str)) else body
    shape = operation(operation_name).output_shape
    if shape is None:
        return [] if data == {} else [f"{operation_name} has no output, got {data!r}"]
    return problems(shape, data)


def error_problems(operation_name: str, body: bytes) -> list[str]:
    """An error body is {"__type", "message"}; a code from ECS's model must be one the operation declares."""
    data = json.loads(body)
    found = []
    if set(data) - {"__type", "message"} or not isinstance(data.get("message", ""), str):
        found.append(f"unexpected error body: {data!r}")
    code = str(data.get("__type", "")).rsplit("#", 1)[-1]
    if not code:
        found.append("error body without __type")
    declared = {shape.name for shape in operation(operation_name).error_shapes}
    if code in set(_MODEL.shape_names) and code not in declared:
        found.append(f"{operation_name} does not declare {code}")
    return found


@dataclass
class Recorder:
    """Keeps every raw answer a botocore client receives: (operation, HTTP status, body)."""

    answers: list[tuple[str, int, bytes]] = field(default_factory=list)

    def attach(self, client: Any) -> Any:
        client.meta.events.register("before-parse.ecs.*", self._record)
        return client

    def _record(self, operation_model: OperationModel, response_dict: dict[str, Any], **_: Any) -> None:
        self.answers.append((operation_model.name, response_dict["status_code"], response_dict["body"]))

    def problems(self) -> list[str]:
        found = []
        for name, status, body in self.answers:
            checker = output_problems if status == 200 else error_problems
            found.extend(f"{name} ({status}): {p}" for p in checker(name, body))
        return found

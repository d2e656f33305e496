"""Task definitions, as DescribeTaskDefinition answers them."""

from __future__ import annotations

from typing import Any

from ..model import TaskDefinition
from .common import stamp


def task_definition(definition: TaskDefinition) -> dict[str, Any]:
    body = dict(definition.document)
    body["registeredAt"] = stamp(definition.registered_at)
    if definition.status == "INACTIVE":
        body["deregisteredAt"] = stamp(definition.registered_at + 86_400.0)
    return body

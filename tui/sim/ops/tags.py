"""ListTagsForResource."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..arns import resource_path, resource_type
from ..params import Params
from .context import Context


def list_tags_for_resource(ctx: Context, params: Params) -> dict[str, Any]:
    arn = params.string("resourceArn", required=True) or ""
    world = ctx.world
    if not world.arns.owns(arn):
        raise errors.invalid_parameter("The ARN provided is invalid.")
    kind, path = resource_type(arn), resource_path(arn)
    tags = None
    if kind == "task-definition":
        definition = world.task_definition(arn)
        tags = definition.tags if definition else None
    elif path and path[0] in world.clusters:
        cluster = world.clusters[path[0]]
        if kind == "cluster" and len(path) == 1:
            tags = cluster.tags
        elif kind == "service" and len(path) == 2:
            service = world.find_service(cluster, path[1])
            tags = service.tags if service else None
        elif kind == "task" and len(path) == 2:
            task = world.find_task(cluster, arn)
            tags = task.tags if task else None
        elif kind == "container-instance" and len(path) == 2:
            instance = world.find_instance(cluster, arn)
            tags = instance.tags if instance else None
    if tags is None:
        raise errors.invalid_parameter("The specified resource could not be found.")
    return {"tags": list(tags)}

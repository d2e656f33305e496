"""DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies."""

from __future__ import annotations

from typing import Any

from .. import errors, pagination, render
from ..params import Params
from .context import Context
from .services import _listing


def describe_task_definition(ctx: Context, params: Params) -> dict[str, Any]:
    reference = params.string("taskDefinition", required=True) or ""
    include_tags = "TAGS" in params.choices("include", ("TAGS",))
    definition = ctx.world.task_definition(reference)
    if definition is None:
        raise errors.client_error("Unable to describe task definition.")
    answer: dict[str, Any] = {"taskDefinition": render.task_definition(definition)}
    if include_tags:
        answer["tags"] = list(definition.tags)
    return answer


def list_task_definitions(ctx: Context, params: Params) -> dict[str, Any]:
    family = params.string("familyPrefix")  # ECS matches the whole family name here
    status = params.choice("status", ("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS")) or "ACTIVE"
    order = params.choice("sort", ("ASC", "DESC")) or "ASC"
    size = params.max_results(100)
    families = [family] if family is not None else sorted(ctx.world.families)
    arns = [
        d.arn
        for name in families
        for d in ctx.world.families.get(name, [])
        if d.status == status
    ]
    if order == "DESC":
        arns.reverse()
    page, token = pagination.page(arns, params.string("nextToken"), size, _listing("ListTaskDefinitions", family, status, order))
    answer: dict[str, Any] = {"taskDefinitionArns": list(page)}
    if token:
        answer["nextToken"] = token
    return answer


def list_task_definition_families(ctx: Context, params: Params) -> dict[str, Any]:
    prefix = params.string("familyPrefix") or ""
    status = params.choice("status", ("ACTIVE", "INACTIVE", "ALL")) or "ACTIVE"
    size = params.max_results(100)

    def has_status(name: str) -> bool:
        active = any(d.status == "ACTIVE" for d in ctx.world.families[name])
        return status == "ALL" or (status == "ACTIVE") == active

    names = [name for name in sorted(ctx.world.families) if name.startswith(prefix) and has_status(name)]
    page, token = pagination.page(names, params.string("nextToken"), size, _listing("ListTaskDefinitionFamilies", prefix, status))
    answer: dict[str, Any] = {"families": list(page)}
    if token:
        answer["nextToken"] = token
    return answer

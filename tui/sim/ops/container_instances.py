"""ListContainerInstances, DescribeContainerInstances."""

from __future__ import annotations

import re
from typing import Any

from .. import errors, pagination, render
from ..arns import is_arn
from ..model import ContainerInstance
from ..params import Params
from .context import Context
from .services import _listing

INSTANCE_STATUSES = ("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")
# The part of the cluster query language the simulator understands:
# "attribute:<name> exists" and "attribute:<name> == <value>".
_FILTER = re.compile(r"^\s*attribute:([\w.\-]+)\s*(?:(exists)|==\s*([\w.\-]+))\s*$")


def _filter(expression: str | None):
    if expression is None:
        return lambda instance: True
    match = _FILTER.match(expression)
    if match is None:
        raise errors.invalid_parameter(f"The filter expression is not valid: {expression}")
    name, _, value = match.groups()
    return lambda instance: render.matches_attribute(instance, name, value)


def list_container_instances(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    status = params.choice("status", INSTANCE_STATUSES)
    expression = params.string("filter")
    keep = _filter(expression)
    size = params.max_results(100)
    arns = [
        i.arn
        for i in cluster.instances.values()
        if (status is None or i.status == status) and keep(i)
    ]
    page, token = pagination.page(arns, params.string("nextToken"), size, _listing("ListContainerInstances", cluster.name, status, expression))
    answer: dict[str, Any] = {"containerInstanceArns": list(page)}
    if token:
        answer["nextToken"] = token
    return answer


def describe_container_instances(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    references = params.strings("containerInstances")
    if not references:
        raise errors.invalid_parameter("Container instances cannot be empty.")
    if len(references) > 100:
        raise errors.invalid_parameter("Container instances cannot have more than 100 elements")
    include = params.choices("include", ("TAGS", "CONTAINER_INSTANCE_HEALTH"))
    found: list[dict[str, Any]] = []
    failures = []
    for reference in references:
        instance: ContainerInstance | None = ctx.world.find_instance(cluster, reference)
        if instance is None:
            arn = reference if is_arn(reference) else ctx.world.arns.container_instance(cluster.name, reference)
            failures.append({"arn": arn, "reason": "MISSING"})
            continue
        found.append(render.container_instance(ctx.world, instance, cluster, ctx.now, include))
    return {"containerInstances": found, "failures": failures}

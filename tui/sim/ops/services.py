"""ListServices, DescribeServices, UpdateService."""

from __future__ import annotations

import hashlib
from typing import Any

from .. import errors, pagination, render, scheduler
from ..arns import is_arn
from ..params import Params
from .context import Context

LAUNCH_TYPES = ("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")


def _listing(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def list_services(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    launch_type = params.choice("launchType", LAUNCH_TYPES)
    strategy = params.choice("schedulingStrategy", ("REPLICA", "DAEMON"))
    management = params.choice("resourceManagementType", ("CUSTOMER", "ECS"))
    size = params.max_results(10)
    arns = [
        s.arn
        for s in cluster.services.values()
        if s.status == "ACTIVE"
        and (launch_type is None or (s.launch_type or "FARGATE") == launch_type)
        and (strategy is None or s.scheduling_strategy == strategy)
        and management in (None, "CUSTOMER")
    ]
    listing = _listing("ListServices", cluster.name, launch_type, strategy, management)
    page, token = pagination.page(arns, params.string("nextToken"), size, listing)
    answer: dict[str, Any] = {"serviceArns": list(page)}
    if token:
        answer["nextToken"] = token
    return answer


def describe_services(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    references = params.strings("services")
    if not references:
        raise errors.invalid_parameter("Services cannot be empty.")
    if len(references) > 10:
        raise errors.invalid_parameter("Services cannot have more than 10 elements")
    include_tags = "TAGS" in params.choices("include", ("TAGS",))
    services, failures = [], []
    for reference in references:
        service = ctx.world.find_service(cluster, reference)
        if service is None:
            arn = reference if is_arn(reference) else ctx.world.arns.service(cluster.name, reference)
            failures.append({"arn": arn, "reason": "MISSING"})
            continue
        services.append(render.service(ctx.world, service, ctx.now, include_tags))
    return {"services": services, "failures": failures}


def update_service(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    service = ctx.world.find_service(cluster, params.string("service", required=True) or "")
    if service is None:
        raise errors.service_not_found()
    if service.status != "ACTIVE":
        raise errors.service_not_active()
    desired = params.integer("desiredCount")
    force = bool(params.boolean("forceNewDeployment"))
    enable_exec = params.boolean("enableExecuteCommand")
    reference = params.string("taskDefinition")
    definition = service.primary.task_definition
    if reference is not None:
        found = ctx.world.task_definition(reference)
        if found is None:
            raise errors.client_error("TaskDefinition not found.")
        if found.status != "ACTIVE":
            raise errors.client_error("TaskDefinition is inactive")
        definition = found
    if desired is not None:
        if desired < 0:
            raise errors.invalid_parameter("Desired count must be greater than or equal to 0.")
        if service.scheduling_strategy == "DAEMON":
            raise errors.invalid_parameter("The daemon scheduling strategy does not support a desired count for services.")
    if enable_exec is not None:
        service.enable_exec = enable_exec  # applies to tasks started from now on
    if desired is not None and desired != service.desired:
        service.desired = desired
        service.steady = False
        scheduler.wake(cluster, service, ctx.now)
    if force or definition is not service.primary.task_definition:
        scheduler.new_deployment(ctx.world, cluster, service, definition, ctx.now)
    scheduler.settle_cluster(ctx.world, cluster, ctx.now)
    return {"service": render.service(ctx.world, service, ctx.now)}

"""ListTasks, DescribeTasks, StopTask."""

from __future__ import annotations

from typing import Any

from .. import errors, lifecycle, pagination, render, scheduler
from ..arns import is_arn
from ..model import Task
from ..params import Params
from .context import Context
from .services import LAUNCH_TYPES, _listing


def list_tasks(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    service_name = params.string("serviceName")
    family = params.string("family")
    started_by = params.string("startedBy")
    launch_type = params.choice("launchType", LAUNCH_TYPES)
    desired = params.choice("desiredStatus", ("RUNNING", "PENDING", "STOPPED")) or "RUNNING"
    instance_ref = params.string("containerInstance")
    size = params.max_results(100)
    if service_name is not None:
        service = ctx.world.find_service(cluster, service_name)
        if service is None:
            raise errors.service_not_found()
        service_name = service.name
    instance_id = None
    if instance_ref is not None:
        instance = ctx.world.find_instance(cluster, instance_ref)
        if instance is None:
            raise errors.invalid_parameter("The specified container instance is not valid.")
        instance_id = instance.instance_id
    listing = _listing("ListTasks", cluster.name, service_name, family, started_by, launch_type, desired, instance_id)
    now = ctx.now

    def wanted(task: Task) -> bool:
        if desired == "PENDING":  # ECS never sets a task's desired status to PENDING
            return False
        if lifecycle.desired_status(task, now) != desired or not lifecycle.is_visible(task, now):
            return False
        return (
            (service_name is None or task.group == f"service:{service_name}")
            and (family is None or task.task_definition.family == family)
            and (started_by is None or task.started_by == started_by)
            and (launch_type is None or task.launch_type == launch_type)
            and (instance_id is None or task.container_instance_id == instance_id)
        )

    tasks = cluster.task_list
    position = pagination.decode(params.string("nextToken"), listing)
    arns: list[str] = []
    token = None
    while position < len(tasks):
        task = tasks[position]
        if wanted(task):
            if len(arns) == size:
                token = pagination.encode(listing, position)
                break
            arns.append(task.arn)
        position += 1
    answer: dict[str, Any] = {"taskArns": arns}
    if token:
        answer["nextToken"] = token
    return answer


def describe_tasks(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    references = params.strings("tasks")
    if not references:
        raise errors.invalid_parameter("Tasks cannot be empty.")
    if len(references) > 100:
        raise errors.invalid_parameter("Tasks cannot have more than 100 elements")
    include_tags = "TAGS" in params.choices("include", ("TAGS",))
    tasks, failures = [], []
    for reference in references:
        task = ctx.world.find_task(cluster, reference)
        if task is None:
            arn = reference if is_arn(reference) else ctx.world.arns.task(cluster.name, reference)
            failures.append({"arn": arn, "reason": "MISSING"})
            continue
        tasks.append(render.task(ctx.world, task, ctx.now, include_tags))
    return {"tasks": tasks, "failures": failures}


def stop_task(ctx: Context, params: Params) -> dict[str, Any]:
    cluster = ctx.cluster(params.string("cluster"))
    reference = params.string("task", required=True) or ""
    reason = params.string("reason") or "Task stopped by user"
    task = ctx.world.find_task(cluster, reference)
    if task is None:
        raise errors.invalid_parameter("The referenced task was not found.")
    if task.stop_requested_at is None:
        ctx.world.request_stop(task, ctx.now, "UserInitiated", reason)
        if task.service is not None:
            service = cluster.services[task.service]
            service.steady = False
            scheduler.wake(cluster, service, ctx.now)
            scheduler.settle_cluster(ctx.world, cluster, ctx.now)
    return {"task": render.task(ctx.world, task, ctx.now)}

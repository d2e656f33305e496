"""Tasks and their containers, as DescribeTasks answers them."""

from __future__ import annotations

from typing import Any

from .. import ids, lifecycle
from ..model import ContainerSpec, Task
from ..world import World
from .common import pairs, stamp


def task(world: World, task: Task, now: float, include_tags: bool = False) -> dict[str, Any]:
    status = lifecycle.last_status(task, now)
    running_at = lifecycle.running_at(task)
    definition = task.task_definition
    awsvpc = definition.network_mode == "awsvpc"
    body: dict[str, Any] = {
        "attachments": [_eni_attachment(task, status)] if awsvpc else [],
        "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
        "availabilityZone": task.availability_zone,
        "clusterArn": world.arns.cluster(task.cluster),
        "connectivity": "CONNECTED",
        "connectivityAt": stamp(task.created_at + 0.4),
        "containers": [_container(world, task, spec, status, now) for spec in definition.containers],
        "cpu": definition.cpu,
        "createdAt": stamp(task.created_at),
        "desiredStatus": lifecycle.desired_status(task, now),
        "enableExecuteCommand": task.enable_exec,
        "group": task.group,
        "healthStatus": _task_health(task, status),
        "lastStatus": status,
        "launchType": task.launch_type,
        "memory": definition.memory,
        "overrides": {"containerOverrides": [{"name": spec.name} for spec in definition.containers], "inferenceAcceleratorOverrides": []},
        "tags": list(task.tags) if include_tags else [],
        "taskArn": task.arn,
        "taskDefinitionArn": definition.arn,
        "version": _version(task, now),
    }
    if task.started_by:
        body["startedBy"] = task.started_by
    if task.capacity_provider:
        body["capacityProviderName"] = task.capacity_provider
    if task.launch_type == "FARGATE":
        body["platformVersion"] = task.platform_version or "1.4.0"
        body["platformFamily"] = "Linux"
        body["ephemeralStorage"] = {"sizeInGiB": 20}
        body["fargateEphemeralStorage"] = {"sizeInGiB": 20}
    if task.container_instance_id:
        body["containerInstanceArn"] = world.arns.container_instance(task.cluster, task.container_instance_id)
    pulled = task.created_at + lifecycle.PULL_STARTED_AFTER
    if now >= pulled and (task.stop_requested_at is None or task.stop_requested_at > pulled):
        body["pullStartedAt"] = stamp(pulled)
        if running_at is not None and now >= task.created_at + lifecycle.PULL_STOPPED_AFTER:
            body["pullStoppedAt"] = stamp(task.created_at + lifecycle.PULL_STOPPED_AFTER)
    if running_at is not None and now >= running_at:
        body["startedAt"] = stamp(running_at)
    if task.stop_requested_at is not None and now >= task.stop_requested_at:
        body["stopCode"] = task.stop_code
        body["stoppedReason"] = task.stopped_reason
        stopping = lifecycle.stopping_at(task)
        if stopping is not None and now >= stopping:
            body["stoppingAt"] = stamp(stopping)
        end = lifecycle.stopped_at(task)
        if end is not None and now >= end:
            body["stoppedAt"] = stamp(end)
            body["executionStoppedAt"] = stamp(end - 0.5)
    return body


def _version(task: Task, now: float) -> int:
    """ECS bumps a task's version on every status change."""
    status = lifecycle.last_status(task, now)
    order = ("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED")
    return 1 + order.index(status)


def _eni_attachment(task: Task, status: str) -> dict[str, Any]:
    if status == "PROVISIONING":
        state = "PRECREATED"
    elif status in ("STOPPED",):
        state = "DELETED"
    elif status == "DEPROVISIONING":
        state = "DELETING"
    else:
        state = "ATTACHED"
    details = {
        "subnetId": task.subnet_id,
        "networkInterfaceId": task.eni_id,
        "macAddress": task.mac_address,
        "privateDnsName": f"ip-{task.private_ip.replace('.', '-')}.ec2.internal",
        "privateIPv4Address": task.private_ip,
    }
    return {"id": task.attachment_id, "type": "ElasticNetworkInterface", "status": state, "details": pairs(details)}


def runtime_id(task: Task, container_name: str) -> str:
    """Docker's container id on EC2; Fargate's ``<taskId>-<10 digits>`` form."""
    if task.launch_type == "FARGATE":
        return f"{task.task_id}-{ids.derived_digits(task.task_id, container_name)}"
    return ids.derived_hex(task.task_id, container_name, length=64)


def container_arn(world: World, task: Task, container_name: str) -> str:
    return world.arns.container(task.cluster, task.task_id, ids.derived_uuid(task.task_id, container_name))


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def exec_supported(world: World, task: Task) -> bool:
    """Whether the ExecuteCommandAgent can run there: Fargate >= 1.4.0, ECS agent >= 1.50.2."""
    if task.launch_type == "FARGATE":
        return _release(task.platform_version or "1.4.0") >= (1, 4, 0)
    instance = world.clusters[task.cluster].instances.get(task.container_instance_id or "")
    return instance is None or _release(instance.agent_version) >= (1, 50, 2)


def agent_status(task: Task, container_name: str, status: str) -> str:
    """The ExecuteCommandAgent's lastStatus in a container of a task in ``status``."""
    if status in lifecycle.STARTING_STATUSES:
        return "PENDING"
    if status not in ("RUNNING", "DEACTIVATING"):
        return "STOPPED"
    if task.agent_status and container_name in task.agent_status:
        return task.agent_status[container_name]
    return "RUNNING"


def _container(world: World, task: Task, spec: ContainerSpec, status: str, now: float) -> dict[str, Any]:
    state = lifecycle.container_status(task, now)
    body: dict[str, Any] = {
        "containerArn": container_arn(world, task, spec.name),
        "taskArn": task.arn,
        "name": spec.name,
        "image": spec.image,
        "lastStatus": state,
        "networkInterfaces": [],
        "healthStatus": "UNKNOWN",
        "cpu": str(spec.cpu),
    }
    if spec.memory is not None:
        body["memory"] = str(spec.memory)
    reached = lifecycle.running_at(task)
    if reached is not None and now >= reached:
        body["runtimeId"] = runtime_id(task, spec.name)
        body["imageDigest"] = "sha256:" + ids.derived_hex(spec.image, length=64)
    if task.task_definition.network_mode == "awsvpc" and status not in ("PROVISIONING", "STOPPED"):
        body["networkInterfaces"] = [{"attachmentId": task.attachment_id, "privateIpv4Address": task.private_ip}]
    if task.task_definition.network_mode == "bridge" and state == "RUNNING" and spec.ports:
        body["networkBindings"] = [
            {
                "bindIP": "0.0.0.0",
                "containerPort": port,
                "hostPort": 32768 + int(ids.derived_hex(task.task_id, spec.name, str(port), length=4), 16) % 28000,
                "protocol": "tcp",
            }
            for port in spec.ports
        ]
    if spec.health_check and state == "RUNNING":
        body["healthStatus"] = "UNHEALTHY" if task.unhealthy_container == spec.name else "HEALTHY"
    if state == "STOPPED" and reached is not None:
        codes = task.exit_codes or {}
        body["exitCode"] = codes.get(spec.name, 0 if task.stop_code != "UserInitiated" else 143)
    if task.container_reasons and spec.name in task.container_reasons and state == "STOPPED":
        body["reason"] = task.container_reasons[spec.name]
    if task.enable_exec and exec_supported(world, task):
        agent: dict[str, Any] = {"name": "ExecuteCommandAgent", "lastStatus": agent_status(task, spec.name, status)}
        if reached is not None and now >= reached:
            agent["lastStartedAt"] = stamp(reached + 1.5)
        if task.agent_reason and spec.name in task.agent_reason:
            agent["reason"] = task.agent_reason[spec.name]
        body["managedAgents"] = [agent]
    return body


def _task_health(task: Task, status: str) -> str:
    if status not in ("RUNNING", "DEACTIVATING"):
        return "UNKNOWN"
    checked = [c for c in task.task_definition.containers if c.essential and c.health_check]
    if not checked:
        return "UNKNOWN"
    if any(c.name == task.unhealthy_container for c in checked):
        return "UNHEALTHY"
    return "HEALTHY"

"""Container instances, as DescribeContainerInstances answers them."""

from __future__ import annotations

from typing import Any

from .. import ids, lifecycle
from ..model import Cluster, ContainerInstance
from ..world import World
from .common import stamp


def container_instance(world: World, instance: ContainerInstance, cluster: Cluster, now: float, include: set[str]) -> dict[str, Any]:
    running = pending = 0
    used_cpu = used_memory = 0
    for t in cluster.task_list:
        if t.container_instance_id != instance.instance_id:
            continue
        status = lifecycle.last_status(t, now)
        if status == "STOPPED":
            continue
        if status == "RUNNING":
            running += 1
        elif status in lifecycle.STARTING_STATUSES:
            pending += 1
        used_cpu += int(t.task_definition.cpu)
        used_memory += int(t.task_definition.memory)
    ports = ["22", "2375", "2376", "51678", "51679"]
    body: dict[str, Any] = {
        "containerInstanceArn": instance.arn,
        "ec2InstanceId": instance.ec2_instance_id,
        "version": 10 + running + pending,
        "versionInfo": {
            "agentVersion": instance.agent_version,
            "agentHash": ids.derived_hex(instance.agent_version, length=8),
            "dockerVersion": f"DockerVersion: {instance.docker_version}",
        },
        "remainingResources": _resources(instance.cpu - used_cpu, instance.memory - used_memory, ports),
        "registeredResources": _resources(instance.cpu, instance.memory, ports),
        "status": instance.status,
        "agentConnected": instance.agent_connected,
        "runningTasksCount": running,
        "pendingTasksCount": pending,
        "attributes": _instance_attributes(instance),
        "registeredAt": stamp(instance.registered_at),
        "attachments": [],
        "tags": list(instance.tags) if "TAGS" in include else [],
    }
    if instance.capacity_provider:
        body["capacityProviderName"] = instance.capacity_provider
    if "CONTAINER_INSTANCE_HEALTH" in include:
        overall = "OK" if instance.agent_connected else "IMPAIRED"
        body["healthStatus"] = {
            "overallStatus": overall,
            "details": [
                {
                    "type": "CONTAINER_RUNTIME",
                    "status": overall,
                    "lastUpdated": stamp(now - 30.0),
                    "lastStatusChange": stamp(instance.registered_at),
                }
            ],
        }
    return body


def _resources(cpu: int, memory: int, ports: list[str]) -> list[dict[str, Any]]:
    return [
        {"name": "CPU", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": cpu},
        {"name": "MEMORY", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": memory},
        {"name": "PORTS", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": ports},
        {"name": "PORTS_UDP", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": []},
    ]


def _instance_attributes(instance: ContainerInstance) -> list[dict[str, str]]:
    names = {
        "ecs.capability.execution-role-awslogs": None,
        "com.amazonaws.ecs.capability.ecr-auth": None,
        "com.amazonaws.ecs.capability.docker-remote-api.1.44": None,
        "ecs.capability.task-eni": None,
        "ecs.capability.container-health-check": None,
        "ecs.ami-id": f"ami-0{ids.derived_hex(instance.agent_version, length=16)}",
        "ecs.availability-zone": instance.availability_zone,
        "ecs.instance-type": instance.instance_type,
        "ecs.os-type": "linux",
        "ecs.os-family": "LINUX",
        "ecs.cpu-architecture": "x86_64",
        "ecs.vpc-id": instance.vpc_id,
        "ecs.subnet-id": instance.subnet_id,
    }
    return [{"name": k, "value": v} if v is not None else {"name": k} for k, v in names.items()]


def matches_attribute(instance: ContainerInstance, name: str, value: str | None) -> bool:
    """Whether the instance has attribute ``name`` (with ``value`` when given)."""
    for attribute in _instance_attributes(instance):
        if attribute["name"] == name and (value is None or attribute.get("value") == value):
            return True
    return False

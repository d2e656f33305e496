"""Services and their deployments, as DescribeServices answers them."""

from __future__ import annotations

from typing import Any

from .. import lifecycle
from ..model import Deployment, Service, Task
from ..world import World
from .common import stamp


def service(world: World, service: Service, now: float, include_tags: bool = False) -> dict[str, Any]:
    counts = _counts(service.tasks, now)
    body: dict[str, Any] = {
        "serviceArn": service.arn,
        "serviceName": service.name,
        "clusterArn": world.arns.cluster(service.cluster),
        "loadBalancers": _load_balancers(service),
        "serviceRegistries": [],
        "status": service.status,
        "desiredCount": service.desired,
        "runningCount": sum(r for r, _ in counts.values()),
        "pendingCount": sum(p for _, p in counts.values()),
        "taskDefinition": service.primary.task_definition.arn,
        "deploymentConfiguration": {
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
            "maximumPercent": service.max_percent,
            "minimumHealthyPercent": service.min_healthy_percent,
            "strategy": "ROLLING",
        },
        "deployments": [_deployment(service, d, counts.get(d.deployment_id, (0, 0)), now) for d in service.deployments],
        "roleArn": world.arns.role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
        "events": [{"id": e.event_id, "createdAt": stamp(e.created_at), "message": e.message} for e in service.events],
        "createdAt": stamp(service.created_at),
        "placementConstraints": [],
        "placementStrategy": [] if service.launch_type != "EC2" else [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
        "schedulingStrategy": service.scheduling_strategy,
        "deploymentController": {"type": "ECS"},
        "createdBy": world.arns.role("platform-deployer"),
        "enableECSManagedTags": True,
        "propagateTags": "SERVICE",
        "enableExecuteCommand": service.enable_exec,
        "availabilityZoneRebalancing": "ENABLED" if service.launch_type != "EC2" else "DISABLED",
    }
    if service.launch_type:
        body["launchType"] = service.launch_type
    else:
        body["capacityProviderStrategy"] = [dict(item) for item in service.capacity_provider_strategy]
    if (service.launch_type or "FARGATE") == "FARGATE":
        body["platformVersion"] = service.platform_version or "LATEST"
        body["platformFamily"] = "Linux"
    if service.subnets:
        body["networkConfiguration"] = _network(service)
    if service.target_group_arn:
        body["healthCheckGracePeriodSeconds"] = 60
    if include_tags:
        body["tags"] = list(service.tags)
    return body


def _counts(tasks: list[Task], now: float) -> dict[str, tuple[int, int]]:
    """(running, pending) per deployment, over tasks ECS wants running."""
    counts: dict[str, tuple[int, int]] = {}
    for t in tasks:
        if lifecycle.desired_status(t, now) != "RUNNING":
            continue
        status = lifecycle.last_status(t, now)
        running, pending = counts.get(t.deployment_id or "", (0, 0))
        if status == "RUNNING":
            running += 1
        elif status in lifecycle.STARTING_STATUSES:
            pending += 1
        counts[t.deployment_id or ""] = (running, pending)
    return counts


def _load_balancers(service: Service) -> list[dict[str, Any]]:
    if not service.target_group_arn:
        return []
    return [
        {
            "targetGroupArn": service.target_group_arn,
            "containerName": service.load_balancer_container,
            "containerPort": service.load_balancer_port,
        }
    ]


def _network(service: Service) -> dict[str, Any]:
    return {
        "awsvpcConfiguration": {
            "subnets": list(service.subnets),
            "securityGroups": list(service.security_groups),
            "assignPublicIp": "DISABLED",
        }
    }


def _deployment(service: Service, deployment: Deployment, counts: tuple[int, int], now: float) -> dict[str, Any]:
    running, pending = counts
    primary = deployment is service.primary
    body: dict[str, Any] = {
        "id": deployment.deployment_id,
        "status": deployment.status,
        "taskDefinition": deployment.task_definition.arn,
        "desiredCount": service.desired if primary else running + pending,
        "pendingCount": pending,
        "runningCount": running,
        "failedTasks": deployment.failed_tasks,
        "createdAt": stamp(deployment.created_at),
        "updatedAt": stamp(deployment.updated_at),
        "rolloutState": deployment.rollout_state,
        "rolloutStateReason": deployment.rollout_state_reason,
    }
    if service.launch_type:
        body["launchType"] = service.launch_type
    else:
        body["capacityProviderStrategy"] = [dict(item) for item in service.capacity_provider_strategy]
    if (service.launch_type or "FARGATE") == "FARGATE":
        body["platformVersion"] = "1.4.0" if service.platform_version in (None, "LATEST") else service.platform_version
        body["platformFamily"] = "Linux"
    if service.subnets:
        body["networkConfiguration"] = _network(service)
    return body

"""Resources as ECS's JSON answers them (the shapes of botocore's ECS model)."""

from __future__ import annotations

from typing import Any

from . import ids, lifecycle
from .model import Cluster, ContainerInstance, Deployment, Service, Task, TaskDefinition
from .world import World


def stamp(seconds: float) -> float:
    """Epoch seconds as ECS sends them: a JSON number with millisecond precision."""
    return round(seconds, 3)


def _pairs(items: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in items.items()]


# -- tasks -----------------------------------------------------------------------------------


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
    return {"id": task.attachment_id, "type": "ElasticNetworkInterface", "status": state, "details": _pairs(details)}


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


def _container(world: World, task: Task, spec, status: str, now: float) -> dict[str, Any]:
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


# -- services --------------------------------------------------------------------------------


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


# -- clusters --------------------------------------------------------------------------------


def cluster(world: World, cluster: Cluster, now: float, include: set[str]) -> dict[str, Any]:
    running = pending = 0
    by_type = {"EC2": [0, 0], "FARGATE": [0, 0]}
    for t in cluster.task_list:
        if t.stop_requested_at is not None and t.stop_requested_at <= now:
            status = lifecycle.last_status(t, now)
            if status == "STOPPED":
                continue
        else:
            status = lifecycle.last_status(t, now)
        if status == "RUNNING":
            running += 1
            by_type[t.launch_type][0] += 1
        elif status in lifecycle.STARTING_STATUSES:
            pending += 1
            by_type[t.launch_type][1] += 1
    body: dict[str, Any] = {
        "clusterArn": cluster.arn,
        "clusterName": cluster.name,
        "status": cluster.status,
        "registeredContainerInstancesCount": sum(1 for i in cluster.instances.values() if i.status == "ACTIVE"),
        "runningTasksCount": running,
        "pendingTasksCount": pending,
        "activeServicesCount": sum(1 for s in cluster.services.values() if s.status == "ACTIVE"),
        "statistics": [],
        "tags": [],
        "settings": [],
        "capacityProviders": list(cluster.capacity_providers),
        "defaultCapacityProviderStrategy": [dict(item) for item in cluster.default_strategy],
    }
    if "STATISTICS" in include:
        draining = sum(1 for s in cluster.services.values() if s.status == "DRAINING")
        stats = {
            "runningEC2TasksCount": by_type["EC2"][0],
            "RunningFargateTasksCount": by_type["FARGATE"][0],
            "pendingEC2TasksCount": by_type["EC2"][1],
            "pendingFargateTasksCount": by_type["FARGATE"][1],
            "activeEC2ServiceCount": sum(1 for s in cluster.services.values() if s.launch_type == "EC2"),
            "activeFargateServiceCount": sum(1 for s in cluster.services.values() if s.launch_type != "EC2"),
            "drainingEC2ServiceCount": 0,
            "drainingFargateServiceCount": draining,
        }
        body["statistics"] = [{"name": k, "value": str(v)} for k, v in stats.items()]
    if "TAGS" in include:
        body["tags"] = list(cluster.tags)
    if "SETTINGS" in include:
        body["settings"] = [{"name": "containerInsights", "value": cluster.container_insights}]
    if "CONFIGURATIONS" in include and cluster.exec_configuration is not None:
        body["configuration"] = {"executeCommandConfiguration": dict(cluster.exec_configuration)}
    if "ATTACHMENTS" in include:
        body["attachments"] = []
        body["attachmentsStatus"] = "UPDATE_COMPLETE"
    return body


# -- container instances ---------------------------------------------------------------------


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


# -- task definitions ------------------------------------------------------------------------


def task_definition(definition: TaskDefinition) -> dict[str, Any]:
    body = dict(definition.document)
    body["registeredAt"] = stamp(definition.registered_at)
    if definition.status == "INACTIVE":
        body["deregisteredAt"] = stamp(definition.registered_at + 86_400.0)
    return body

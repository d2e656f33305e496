"""Container and task definitions shaped like the ones real teams register."""

from __future__ import annotations

from typing import Any

from .model import ContainerSpec, TaskDefinition
from .world import World

REQUIRES = {
    "awslogs": "com.amazonaws.ecs.capability.logging-driver.awslogs",
    "exec-role-awslogs": "ecs.capability.execution-role-awslogs",
    "task-iam-role": "com.amazonaws.ecs.capability.task-iam-role",
    "health-check": "ecs.capability.container-health-check",
    "task-eni": "ecs.capability.task-eni",
    "firelens": "ecs.capability.firelens.fluentbit",
    "init": "com.amazonaws.ecs.capability.docker-remote-api.1.25",
    "ordering": "ecs.capability.container-ordering",
}


def _awslogs(world: World, family: str) -> dict[str, Any]:
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": f"/ecs/{family}",
            "awslogs-region": world.arns.region,
            "awslogs-stream-prefix": "ecs",
        },
        "secretOptions": [],
    }


def app(
    world: World,
    family: str,
    image: str,
    *,
    name: str | None = None,
    port: int | None = 8080,
    cpu: int = 256,
    memory: int = 512,
    health: bool = True,
    environment: dict[str, str] | None = None,
    readonly_root: bool = False,
    init_process: bool = True,
    essential: bool = True,
    firelens: bool = False,
    command: list[str] | None = None,
) -> dict[str, Any]:
    """The application container of a task."""
    body: dict[str, Any] = {
        "name": name or family,
        "image": image,
        "cpu": cpu,
        "memory": memory,
        "portMappings": [],
        "essential": essential,
        "environment": [{"name": k, "value": v} for k, v in (environment or {}).items()],
        "mountPoints": [],
        "volumesFrom": [],
        "linuxParameters": {"initProcessEnabled": init_process},
        "logConfiguration": (
            {"logDriver": "awsfirelens", "options": {"Name": "datadog", "dd_service": family}, "secretOptions": []}
            if firelens
            else _awslogs(world, family)
        ),
        "systemControls": [],
    }
    if port is not None:
        body["portMappings"] = [{"containerPort": port, "hostPort": port, "protocol": "tcp", "name": f"{family}-{port}-tcp", "appProtocol": "http"}]
    if health and port is not None:
        body["healthCheck"] = {
            "command": ["CMD-SHELL", f"curl -fsS http://localhost:{port}/healthz || exit 1"],
            "interval": 30,
            "timeout": 5,
            "retries": 3,
            "startPeriod": 15,
        }
    if readonly_root:
        body["readonlyRootFilesystem"] = True
    if command:
        body["command"] = command
    return body


def envoy(world: World, family: str) -> dict[str, Any]:
    return {
        "name": "envoy",
        "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
        "cpu": 64,
        "memory": 128,
        "portMappings": [{"containerPort": 9901, "hostPort": 9901, "protocol": "tcp"}],
        "essential": True,
        "environment": [{"name": "APPMESH_RESOURCE_ARN", "value": f"mesh/prod/virtualNode/{family}"}],
        "mountPoints": [],
        "volumesFrom": [],
        "user": "1337",
        "logConfiguration": _awslogs(world, family),
        "healthCheck": {
            "command": ["CMD-SHELL", "curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"],
            "interval": 5,
            "timeout": 2,
            "retries": 3,
            "startPeriod": 10,
        },
        "systemControls": [],
    }


def datadog_agent(world: World, family: str) -> dict[str, Any]:
    return {
        "name": "datadog-agent",
        "image": "public.ecr.aws/datadog/agent:7.52.0",
        "cpu": 64,
        "memory": 256,
        "portMappings": [{"containerPort": 8126, "hostPort": 8126, "protocol": "tcp"}],
        "essential": False,
        "environment": [{"name": "ECS_FARGATE", "value": "true"}, {"name": "DD_APM_ENABLED", "value": "true"}],
        "mountPoints": [],
        "volumesFrom": [],
        "secrets": [{"name": "DD_API_KEY", "valueFrom": world.arns.prefix.replace(":ecs:", ":ssm:") + "parameter/datadog/api-key"}],
        "logConfiguration": _awslogs(world, family),
        "systemControls": [],
    }


def log_router(world: World, family: str) -> dict[str, Any]:
    return {
        "name": "log-router",
        "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2",
        "cpu": 32,
        "memory": 64,
        "portMappings": [],
        "essential": True,
        "environment": [],
        "mountPoints": [],
        "volumesFrom": [],
        "user": "0",
        "firelensConfiguration": {"type": "fluentbit", "options": {"enable-ecs-log-metadata": "true"}},
        "logConfiguration": _awslogs(world, family),
        "systemControls": [],
    }


def _spec(container: dict[str, Any]) -> ContainerSpec:
    return ContainerSpec(
        name=container["name"],
        image=container["image"],
        essential=bool(container.get("essential", True)),
        health_check="healthCheck" in container,
        cpu=int(container.get("cpu", 0)),
        memory=container.get("memory"),
        ports=tuple(m["containerPort"] for m in container.get("portMappings", [])),
    )


def register(
    world: World,
    family: str,
    containers: list[dict[str, Any]],
    *,
    registered_at: float,
    network_mode: str = "awsvpc",
    fargate: bool = True,
    status: str = "ACTIVE",
    pid_mode: str | None = None,
    tags: dict[str, str] | None = None,
) -> TaskDefinition:
    """Register the next revision of ``family``."""
    revision = len(world.families.get(family, [])) + 1
    arn = world.arns.task_definition(family, revision)
    if network_mode == "bridge":
        for container in containers:
            for mapping in container["portMappings"]:
                mapping["hostPort"] = 0
    cpu = sum(c["cpu"] for c in containers)
    memory = sum(c.get("memory", 0) for c in containers)
    task_cpu = str(next(size for size in (256, 512, 1024, 2048, 4096, 8192) if size >= cpu))
    task_memory = str(max(512, ((memory + 511) // 512) * 512))
    requires = ["awslogs", "exec-role-awslogs", "task-iam-role", "ordering"]
    if any("healthCheck" in c for c in containers):
        requires.append("health-check")
    if network_mode == "awsvpc":
        requires.append("task-eni")
    if any("firelensConfiguration" in c for c in containers):
        requires.append("firelens")
    if any(c.get("linuxParameters", {}).get("initProcessEnabled") for c in containers):
        requires.append("init")
    document: dict[str, Any] = {
        "taskDefinitionArn": arn,
        "containerDefinitions": containers,
        "family": family,
        "taskRoleArn": world.arns.role(f"{family}-task"),
        "executionRoleArn": world.arns.role("ecsTaskExecutionRole"),
        "networkMode": network_mode,
        "revision": revision,
        "volumes": [],
        "status": status,
        "requiresAttributes": [{"name": REQUIRES[r]} for r in requires],
        "placementConstraints": [],
        "compatibilities": ["EC2", "FARGATE"] if network_mode == "awsvpc" else ["EC2"],
        "requiresCompatibilities": ["FARGATE"] if fargate else ["EC2"],
        "cpu": task_cpu,
        "memory": task_memory,
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "registeredBy": f"arn:aws:sts::{world.arns.account_id}:assumed-role/platform-deployer/github-actions",
    }
    if pid_mode:
        document["pidMode"] = pid_mode
    definition = TaskDefinition(
        family=family,
        revision=revision,
        arn=arn,
        status=status,
        registered_at=registered_at,
        document=document,
        containers=tuple(_spec(c) for c in containers),
        network_mode=network_mode,
        cpu=task_cpu,
        memory=task_memory,
        tags=[{"key": k, "value": v} for k, v in (tags or {}).items()],
    )
    return world.add_task_definition(definition)

"""Typed, immutable views of ECS API objects.

Every model has ``from_api(data)``, which accepts any mapping (missing fields,
``None``, wrong types, unknown keys) without raising, and keeps the original
response in ``raw`` for a JSON view; ``raw`` takes no part in eq, repr or hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from tui.aws import fields as f

EXEC_AGENT_NAME = "ExecuteCommandAgent"


def _raw() -> Any:
    return field(default_factory=dict, compare=False, repr=False, hash=False)


def _age(since: datetime | None, now: datetime) -> timedelta | None:
    """Time elapsed from ``since`` to ``now`` (a naive ``now`` is taken as UTC)."""
    if since is None:
        return None
    return (now if now.tzinfo else now.replace(tzinfo=UTC)) - since


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a List* call: the ARNs it returned and the token for the next page."""

    arns: tuple[str, ...]
    next_token: str | None


@dataclass(frozen=True, slots=True)
class Cluster:
    arn: str
    name: str
    status: str
    running_tasks: int
    pending_tasks: int
    active_services: int
    container_instances: int
    capacity_providers: tuple[str, ...]
    container_insights: str | None
    exec_logging: str | None
    raw: Mapping[str, Any] = _raw()
    described: bool = True  # False: only listed so far, every field but the ARN and name unknown

    @classmethod
    def listed(cls, arn: str) -> Self:
        """A cluster known from ListClusters alone, shown until DescribeClusters answers."""
        return cls(arn, f.arn_resource_id(arn), "", 0, 0, 0, 0, (), None, None, described=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        arn = f.text(data, "clusterArn")
        settings = dict(f.pairs(data, "settings", "name", "value"))
        exec_config = f.mapping(f.mapping(data.get("configuration")).get("executeCommandConfiguration"))
        return cls(
            arn=arn,
            name=f.text(data, "clusterName") or f.arn_resource_id(arn),
            status=f.text(data, "status"),
            running_tasks=f.integer(data, "runningTasksCount"),
            pending_tasks=f.integer(data, "pendingTasksCount"),
            active_services=f.integer(data, "activeServicesCount"),
            container_instances=f.integer(data, "registeredContainerInstancesCount"),
            capacity_providers=f.texts(data, "capacityProviders"),
            container_insights=settings.get("containerInsights"),
            exec_logging=f.optional_text(exec_config, "logging"),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class ServiceEvent:
    id: str
    created_at: datetime | None
    message: str
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        return cls(
            id=f.text(data, "id"),
            created_at=f.timestamp(data, "createdAt"),
            message=f.text(data, "message"),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class Deployment:
    id: str
    status: str
    task_definition: str
    desired_count: int
    running_count: int
    pending_count: int
    failed_tasks: int
    rollout_state: str | None
    rollout_state_reason: str | None
    created_at: datetime | None
    updated_at: datetime | None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        return cls(
            id=f.text(data, "id"),
            status=f.text(data, "status"),
            task_definition=f.text(data, "taskDefinition"),
            desired_count=f.integer(data, "desiredCount"),
            running_count=f.integer(data, "runningCount"),
            pending_count=f.integer(data, "pendingCount"),
            failed_tasks=f.integer(data, "failedTasks"),
            rollout_state=f.optional_text(data, "rolloutState"),
            rollout_state_reason=f.optional_text(data, "rolloutStateReason"),
            created_at=f.timestamp(data, "createdAt"),
            updated_at=f.timestamp(data, "updatedAt"),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class Service:
    arn: str
    name: str
    cluster_arn: str
    status: str
    desired_count: int
    running_count: int
    pending_count: int
    task_definition: str
    launch_type: str | None
    scheduling_strategy: str | None
    enable_execute_command: bool
    created_at: datetime | None
    deployments: tuple[Deployment, ...]
    events: tuple[ServiceEvent, ...]
    tags: tuple[tuple[str, str], ...]
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        arn = f.text(data, "serviceArn")
        return cls(
            arn=arn,
            name=f.text(data, "serviceName") or f.arn_resource_id(arn),
            cluster_arn=f.text(data, "clusterArn"),
            status=f.text(data, "status"),
            desired_count=f.integer(data, "desiredCount"),
            running_count=f.integer(data, "runningCount"),
            pending_count=f.integer(data, "pendingCount"),
            task_definition=f.text(data, "taskDefinition"),
            launch_type=f.optional_text(data, "launchType"),
            scheduling_strategy=f.optional_text(data, "schedulingStrategy"),
            enable_execute_command=f.flag(data, "enableExecuteCommand") or False,
            created_at=f.timestamp(data, "createdAt"),
            deployments=tuple(Deployment.from_api(d) for d in f.mappings(data, "deployments")),
            events=tuple(ServiceEvent.from_api(e) for e in f.mappings(data, "events")),
            tags=f.pairs(data, "tags", "key", "value"),
            raw=data,
        )

    @property
    def cluster_name(self) -> str:
        return f.arn_resource_id(self.cluster_arn)

    @property
    def primary_deployment(self) -> Deployment | None:
        return next((d for d in self.deployments if d.status == "PRIMARY"), None)

    def age(self, now: datetime) -> timedelta | None:
        return _age(self.created_at, now)


@dataclass(frozen=True, slots=True)
class ManagedAgent:
    name: str
    last_status: str | None
    reason: str | None
    last_started_at: datetime | None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        return cls(
            name=f.text(data, "name"),
            last_status=f.optional_text(data, "lastStatus"),
            reason=f.optional_text(data, "reason"),
            last_started_at=f.timestamp(data, "lastStartedAt"),
            raw=data,
        )


def _private_ip_of_interfaces(data: Mapping[str, Any]) -> str | None:
    for interface in f.mappings(data, "networkInterfaces"):
        address = f.optional_text(interface, "privateIpv4Address")
        if address:
            return address
    return None


@dataclass(frozen=True, slots=True)
class Container:
    name: str
    arn: str
    image: str
    image_digest: str | None
    runtime_id: str | None
    last_status: str
    exit_code: int | None
    reason: str | None
    health_status: str | None
    private_ip: str | None
    managed_agents: tuple[ManagedAgent, ...]
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any], *, keep_raw: bool = True) -> Self:
        data = f.mapping(data)
        return cls(
            name=f.text(data, "name"),
            arn=f.text(data, "containerArn"),
            image=f.text(data, "image"),
            image_digest=f.optional_text(data, "imageDigest"),
            runtime_id=f.optional_text(data, "runtimeId") or None,
            last_status=f.text(data, "lastStatus"),
            exit_code=f.optional_integer(data, "exitCode"),
            reason=f.optional_text(data, "reason"),
            health_status=f.optional_text(data, "healthStatus"),
            private_ip=_private_ip_of_interfaces(data),
            managed_agents=tuple(ManagedAgent.from_api(a) for a in f.mappings(data, "managedAgents")),
            raw=data if keep_raw else {},
        )

    @property
    def exec_agent(self) -> ManagedAgent | None:
        """The ECS Exec (SSM) agent of this container, when ECS reports one."""
        return next((a for a in self.managed_agents if a.name == EXEC_AGENT_NAME), None)


def _private_ip_of_attachments(data: Mapping[str, Any]) -> str | None:
    for attachment in f.mappings(data, "attachments"):
        for detail in f.mappings(attachment, "details"):
            if detail.get("name") == "privateIPv4Address":
                address = f.optional_text(detail, "value")
                if address:
                    return address
    return None


@dataclass(frozen=True, slots=True)
class Task:
    arn: str
    cluster_arn: str
    task_definition_arn: str
    last_status: str
    desired_status: str
    health_status: str | None
    launch_type: str | None
    capacity_provider: str | None
    platform_version: str | None
    cpu: int | None
    memory: int | None
    group: str
    started_by: str | None
    enable_execute_command: bool
    connectivity: str | None
    container_instance_arn: str | None
    availability_zone: str | None
    created_at: datetime | None
    started_at: datetime | None
    stopping_at: datetime | None
    stopped_at: datetime | None
    stop_code: str | None
    stopped_reason: str | None
    containers: tuple[Container, ...]
    tags: tuple[tuple[str, str], ...]
    attachment_ip: str | None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any], *, keep_raw: bool = True) -> Self:
        """``keep_raw=False`` drops the API dicts: a big listing then holds only what the models need."""
        data = f.mapping(data)
        return cls(
            arn=f.text(data, "taskArn"),
            cluster_arn=f.text(data, "clusterArn"),
            task_definition_arn=f.text(data, "taskDefinitionArn"),
            last_status=f.text(data, "lastStatus"),
            desired_status=f.text(data, "desiredStatus"),
            health_status=f.optional_text(data, "healthStatus"),
            launch_type=f.optional_text(data, "launchType"),
            capacity_provider=f.optional_text(data, "capacityProviderName"),
            platform_version=f.optional_text(data, "platformVersion"),
            cpu=f.optional_integer(data, "cpu"),
            memory=f.optional_integer(data, "memory"),
            group=f.text(data, "group"),
            started_by=f.optional_text(data, "startedBy"),
            enable_execute_command=f.flag(data, "enableExecuteCommand") or False,
            connectivity=f.optional_text(data, "connectivity"),
            container_instance_arn=f.optional_text(data, "containerInstanceArn"),
            availability_zone=f.optional_text(data, "availabilityZone"),
            created_at=f.timestamp(data, "createdAt"),
            started_at=f.timestamp(data, "startedAt"),
            stopping_at=f.timestamp(data, "stoppingAt"),
            stopped_at=f.timestamp(data, "stoppedAt"),
            stop_code=f.optional_text(data, "stopCode"),
            stopped_reason=f.optional_text(data, "stoppedReason"),
            containers=tuple(Container.from_api(c, keep_raw=keep_raw) for c in f.mappings(data, "containers")),
            tags=f.pairs(data, "tags", "key", "value"),
            attachment_ip=_private_ip_of_attachments(data),
            raw=data if keep_raw else {},
        )

    @property
    def task_id(self) -> str:
        return f.arn_resource_id(self.arn)

    @property
    def cluster_name(self) -> str:
        return f.arn_resource_id(self.cluster_arn)

    @property
    def service_name(self) -> str | None:
        """The service that started this task, from its group ``service:<name>``."""
        prefix, _, name = self.group.partition(":")
        return name if prefix == "service" and name else None

    @property
    def private_ip(self) -> str | None:
        """The task's private IPv4: its ENI attachment (awsvpc), else its first container's interface."""
        if self.attachment_ip:
            return self.attachment_ip
        return next((c.private_ip for c in self.containers if c.private_ip), None)

    @property
    def task_definition_family(self) -> str:
        return f.arn_resource_id(self.task_definition_arn).partition(":")[0]

    @property
    def task_definition_revision(self) -> int | None:
        return _revision_of(self.task_definition_arn)

    def container(self, name: str) -> Container | None:
        return next((c for c in self.containers if c.name == name), None)

    def age(self, now: datetime) -> timedelta | None:
        """Time since the task started (or was created, while it has not started yet)."""
        return _age(self.started_at or self.created_at, now)


def _revision_of(task_definition_arn: str) -> int | None:
    _, _, revision = f.arn_resource_id(task_definition_arn).rpartition(":")
    return int(revision) if revision.isdigit() else None


@dataclass(frozen=True, slots=True)
class ContainerDefinition:
    name: str
    image: str
    essential: bool
    cpu: int | None
    memory: int | None
    container_ports: tuple[int, ...]
    log_driver: str | None
    log_options: tuple[tuple[str, str], ...]
    init_process_enabled: bool
    readonly_root_filesystem: bool
    user: str | None
    has_health_check: bool
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        log = f.mapping(data.get("logConfiguration"))
        ports = (f.optional_integer(p, "containerPort") for p in f.mappings(data, "portMappings"))
        essential = f.flag(data, "essential")
        return cls(
            name=f.text(data, "name"),
            image=f.text(data, "image"),
            essential=True if essential is None else essential,  # ECS's default
            cpu=f.optional_integer(data, "cpu"),
            memory=f.optional_integer(data, "memory"),
            container_ports=tuple(p for p in ports if p is not None),
            log_driver=f.optional_text(log, "logDriver"),
            log_options=f.string_map(log, "options"),
            init_process_enabled=f.flag(f.mapping(data.get("linuxParameters")), "initProcessEnabled") or False,
            readonly_root_filesystem=f.flag(data, "readonlyRootFilesystem") or False,
            user=f.optional_text(data, "user"),
            has_health_check=bool(f.mapping(data.get("healthCheck"))),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class TaskDefinition:
    arn: str
    family: str
    revision: int | None
    status: str
    task_role_arn: str | None
    execution_role_arn: str | None
    network_mode: str | None
    pid_mode: str | None
    cpu: int | None
    memory: int | None
    requires_compatibilities: tuple[str, ...]
    container_definitions: tuple[ContainerDefinition, ...]
    registered_at: datetime | None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        arn = f.text(data, "taskDefinitionArn")
        revision = f.optional_integer(data, "revision")
        return cls(
            arn=arn,
            family=f.text(data, "family") or f.arn_resource_id(arn).partition(":")[0],
            revision=revision if revision is not None else _revision_of(arn),
            status=f.text(data, "status"),
            task_role_arn=f.optional_text(data, "taskRoleArn"),
            execution_role_arn=f.optional_text(data, "executionRoleArn"),
            network_mode=f.optional_text(data, "networkMode"),
            pid_mode=f.optional_text(data, "pidMode"),
            cpu=f.optional_integer(data, "cpu"),
            memory=f.optional_integer(data, "memory"),
            requires_compatibilities=f.texts(data, "requiresCompatibilities"),
            container_definitions=tuple(
                ContainerDefinition.from_api(c) for c in f.mappings(data, "containerDefinitions")
            ),
            registered_at=f.timestamp(data, "registeredAt"),
            raw=data,
        )

    def container_definition(self, name: str) -> ContainerDefinition | None:
        return next((c for c in self.container_definitions if c.name == name), None)


@dataclass(frozen=True, slots=True)
class ContainerInstance:
    arn: str
    ec2_instance_id: str | None
    status: str
    agent_connected: bool
    agent_version: str | None
    docker_version: str | None
    running_tasks: int
    pending_tasks: int
    health_status: str | None
    registered_at: datetime | None
    attributes: tuple[tuple[str, str], ...]
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        data = f.mapping(data)
        version = f.mapping(data.get("versionInfo"))
        return cls(
            arn=f.text(data, "containerInstanceArn"),
            ec2_instance_id=f.optional_text(data, "ec2InstanceId"),
            status=f.text(data, "status"),
            agent_connected=f.flag(data, "agentConnected") or False,
            agent_version=f.optional_text(version, "agentVersion"),
            docker_version=f.optional_text(version, "dockerVersion"),
            running_tasks=f.integer(data, "runningTasksCount"),
            pending_tasks=f.integer(data, "pendingTasksCount"),
            health_status=f.optional_text(f.mapping(data.get("healthStatus")), "overallStatus"),
            registered_at=f.timestamp(data, "registeredAt"),
            attributes=f.pairs(data, "attributes", "name", "value"),
            raw=data,
        )

    @property
    def instance_id(self) -> str:
        """The container instance's own id (last segment of its ARN)."""
        return f.arn_resource_id(self.arn)

    def age(self, now: datetime) -> timedelta | None:
        return _age(self.registered_at, now)

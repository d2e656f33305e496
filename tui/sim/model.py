"""The simulated account's resources. Statuses that move with time are derived in lifecycle.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class ContainerSpec:
    """What a task needs to know about one container definition."""

    name: str
    image: str
    essential: bool
    health_check: bool
    cpu: int
    memory: int | None
    ports: tuple[int, ...]


@dataclass(slots=True, eq=False)
class TaskDefinition:
    family: str
    revision: int
    arn: str
    status: str  # ACTIVE | INACTIVE
    registered_at: float
    document: dict[str, Any]  # DescribeTaskDefinition's taskDefinition, timestamps excluded
    containers: tuple[ContainerSpec, ...]
    network_mode: str
    cpu: str
    memory: str
    tags: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class ContainerInstance:
    instance_id: str
    arn: str
    cluster: str
    ec2_instance_id: str
    instance_type: str
    agent_version: str
    docker_version: str
    agent_connected: bool
    registered_at: float
    cpu: int
    memory: int
    availability_zone: str
    subnet_id: str
    vpc_id: str
    capacity_provider: str | None
    status: str = "ACTIVE"
    tags: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Task:
    seq: int  # position in its cluster's append-only task list
    task_id: str
    arn: str
    cluster: str
    task_definition: TaskDefinition
    launch_type: str  # FARGATE | EC2
    created_at: float
    started_by: str | None
    group: str
    enable_exec: bool
    availability_zone: str
    private_ip: str
    subnet_id: str
    eni_id: str
    attachment_id: str
    mac_address: str
    service: str | None = None
    deployment_id: str | None = None
    platform_version: str | None = None
    capacity_provider: str | None = None
    container_instance_id: str | None = None
    hold_status: str | None = None  # a start phase the task never leaves (a stuck task)
    stop_requested_at: float | None = None
    stop_code: str | None = None
    stopped_reason: str | None = None
    exit_codes: dict[str, int] | None = None
    container_reasons: dict[str, str] | None = None
    agent_status: dict[str, str] | None = None  # ExecuteCommandAgent lastStatus per container, when not the default
    agent_reason: dict[str, str] | None = None
    unhealthy_container: str | None = None
    tags: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Deployment:
    deployment_id: str
    status: str  # PRIMARY | ACTIVE
    task_definition: TaskDefinition
    created_at: float
    updated_at: float
    rollout_state: str  # IN_PROGRESS | COMPLETED | FAILED
    rollout_state_reason: str
    enable_exec: bool
    failed_tasks: int = 0


@dataclass(slots=True, frozen=True)
class ServiceEvent:
    event_id: str
    created_at: float
    message: str


@dataclass(slots=True, eq=False)
class Service:
    name: str
    arn: str
    cluster: str
    desired: int
    launch_type: str | None  # None when a capacity provider strategy is used
    capacity_provider_strategy: list[dict[str, Any]]
    platform_version: str | None
    created_at: float
    enable_exec: bool
    deployments: list[Deployment]
    scheduling_strategy: str = "REPLICA"
    status: str = "ACTIVE"
    events: list[ServiceEvent] = field(default_factory=list)  # newest first, at most 100
    tasks: list[Task] = field(default_factory=list)
    subnets: tuple[str, ...] = ()
    security_groups: tuple[str, ...] = ()
    target_group_arn: str | None = None
    load_balancer_container: str | None = None
    load_balancer_port: int | None = None
    min_healthy_percent: int = 100
    max_percent: int = 200
    wave_size: int = 0  # tasks started per step of a rolling deployment; 0 = as many as maximumPercent allows
    wave_pause: float = 0.0  # extra seconds between steps (health-check grace and target registration)
    next_check_at: float | None = None
    last_step_at: float = 0.0
    steady: bool = True
    tags: list[dict[str, str]] = field(default_factory=list)

    @property
    def primary(self) -> Deployment:
        return self.deployments[0]


@dataclass(slots=True, eq=False)
class Cluster:
    name: str
    arn: str
    capacity_providers: list[str]
    default_strategy: list[dict[str, Any]]
    container_insights: str  # enabled | disabled
    exec_configuration: dict[str, Any] | None
    tags: list[dict[str, str]] = field(default_factory=list)
    status: str = "ACTIVE"
    tasks: dict[str, Task] = field(default_factory=dict)
    task_list: list[Task] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    instances: dict[str, ContainerInstance] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)  # services whose scheduler has a pending step

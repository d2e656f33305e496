"""How each ECS resource reads as a table row: column headings and cells."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Callable, Generic, TypeVar

from rich.text import Text

from tui.aws.models import Cluster, Container, Service, Task

Resource = TypeVar("Resource")

_STATUS_STYLES = {
    "RUNNING": "green",
    "ACTIVE": "green",
    "HEALTHY": "green",
    "COMPLETED": "green",
    "PENDING": "yellow",
    "PROVISIONING": "yellow",
    "ACTIVATING": "yellow",
    "IN_PROGRESS": "yellow",
    "DRAINING": "yellow",
    "DEACTIVATING": "yellow",
    "STOPPING": "yellow",
    "DEPROVISIONING": "yellow",
    "UNKNOWN": "dim",
    "STOPPED": "red",
    "UNHEALTHY": "red",
    "FAILED": "red",
    "INACTIVE": "dim",
}


def status_text(status: str | None) -> Text:
    """A status word coloured by what it means (green good, yellow moving, red bad)."""
    if not status:
        return Text("-", style="dim")
    return Text(status, style=_STATUS_STYLES.get(status, ""))


@lru_cache(maxsize=128)
def _status_cell(status: str | None) -> Text:
    """:func:`status_text` shared by every row with that status: tables never change a cell, and
    a listing of 10,000 tasks then makes no Text objects (nor work for the garbage collector)."""
    return status_text(status)


def age_text(age: timedelta | None) -> str:
    """A compact age such as ``45s``, ``12m``, ``3h``, ``9d``."""
    if age is None:
        return "-"
    seconds = max(0, int(age.total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class RowFormat(Generic[Resource]):
    """Column headings plus a function from a resource (and the time now) to its cells."""

    def __init__(
        self,
        columns: tuple[str, ...],
        key: Callable[[Resource], str],
        cells: Callable[[Resource, datetime], tuple[str | Text, ...]],
    ) -> None:
        self.columns = columns
        self.key = key
        self.cells = cells


def _cluster_cells(cluster: Cluster, now: datetime) -> tuple[str | Text, ...]:
    if not cluster.described:
        return (cluster.name, *(Text("…", style="dim") for _ in range(4)))
    return (
        cluster.name,
        str(cluster.active_services),
        str(cluster.running_tasks),
        str(cluster.pending_tasks),
        str(cluster.container_instances) if cluster.container_instances else "-",
    )


def _rollout(service: Service) -> Text:
    primary = service.primary_deployment
    return _status_cell(primary.rollout_state if primary is not None else None)


def _service_cells(service: Service, now: datetime) -> tuple[str | Text, ...]:
    return (
        service.name,
        _status_cell(service.status),
        f"{service.running_count}/{service.desired_count}",
        str(service.pending_count),
        _rollout(service),
        service.task_definition.rpartition("/")[2],
        service.launch_type or "-",
        age_text(service.age(now)),
    )


def _task_cells(task: Task, now: datetime) -> tuple[str | Text, ...]:
    return (
        task.task_id,
        _status_cell(task.last_status),
        _status_cell(task.health_status),
        task.private_ip or "-",
        f"{task.task_definition_family}:{task.task_definition_revision or '?'}",
        task.launch_type or "-",
        age_text(task.age(now)),
    )


def _container_cells(container: Container, now: datetime) -> tuple[str | Text, ...]:
    agent = container.exec_agent
    return (
        container.name,
        _status_cell(container.last_status),
        _status_cell(container.health_status),
        _status_cell(agent.last_status if agent else None),
        container.image,
    )


CLUSTER_ROWS: RowFormat[Cluster] = RowFormat(
    ("Cluster", "Services", "Running", "Pending", "Instances"), lambda c: c.arn, _cluster_cells
)
SERVICE_ROWS: RowFormat[Service] = RowFormat(
    ("Service", "Status", "Tasks", "Pending", "Rollout", "Task definition", "Launch", "Age"),
    lambda s: s.arn,
    _service_cells,
)
TASK_ROWS: RowFormat[Task] = RowFormat(
    ("Task", "Status", "Health", "IP", "Revision", "Launch", "Age"), lambda t: t.arn, _task_cells
)
CONTAINER_ROWS: RowFormat[Container] = RowFormat(
    ("Container", "Status", "Health", "Exec agent", "Image"), lambda c: c.name, _container_cells
)

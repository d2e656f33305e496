"""Task status as a function of time: computed on read, never ticked.

A task in ``awsvpc`` mode walks PROVISIONING → PENDING → ACTIVATING → RUNNING and, once
stopped, DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED; tasks without a task ENI
skip the network phases, as in ECS.
"""

from __future__ import annotations

from .model import Task

AWSVPC_START = (("PROVISIONING", 0.0), ("PENDING", 1.0), ("ACTIVATING", 3.0), ("RUNNING", 4.0))
PLAIN_START = (("PENDING", 0.0), ("RUNNING", 3.0))
AWSVPC_STOP = (("DEACTIVATING", 0.0), ("STOPPING", 1.0), ("DEPROVISIONING", 2.0), ("STOPPED", 3.0))
PLAIN_STOP = (("STOPPING", 0.0), ("STOPPED", 2.0))

PULL_STARTED_AFTER = 1.2
PULL_STOPPED_AFTER = 2.6
STOPPED_RETENTION_SECONDS = 3600.0  # stopped tasks stay listable for about an hour
STARTING_STATUSES = frozenset({"PROVISIONING", "PENDING", "ACTIVATING"})


def _phases(task: Task) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
    if task.task_definition.network_mode == "awsvpc":
        return AWSVPC_START, AWSVPC_STOP
    return PLAIN_START, PLAIN_STOP


def _phase(table: tuple[tuple[str, float], ...], elapsed: float) -> str:
    status = table[0][0]
    for name, offset in table:
        if elapsed >= offset:
            status = name
    return status


def running_at(task: Task) -> float | None:
    """When the task reached (or will reach) RUNNING; None if it never does."""
    if task.hold_status is not None:
        return None
    start, _ = _phases(task)
    at = task.created_at + start[-1][1]
    if task.stop_requested_at is not None and task.stop_requested_at < at:
        return None
    return at


def stopped_at(task: Task) -> float | None:
    if task.stop_requested_at is None:
        return None
    _, stop = _phases(task)
    return task.stop_requested_at + stop[-1][1]


def stopping_at(task: Task) -> float | None:
    if task.stop_requested_at is None:
        return None
    _, stop = _phases(task)
    return task.stop_requested_at + dict(stop)["STOPPING"]


def last_status(task: Task, now: float) -> str:
    start, stop = _phases(task)
    if task.stop_requested_at is not None and now >= task.stop_requested_at:
        return _phase(stop, now - task.stop_requested_at)
    if task.hold_status is not None:
        return task.hold_status
    return _phase(start, max(0.0, now - task.created_at))


def desired_status(task: Task, now: float) -> str:
    if task.stop_requested_at is not None and now >= task.stop_requested_at:
        return "STOPPED"
    return "RUNNING"


def is_live(task: Task) -> bool:
    """Desired RUNNING: counted by the scheduler as part of its service."""
    return task.stop_requested_at is None


def is_visible(task: Task, now: float) -> bool:
    """Still listed and describable (stopped tasks vanish about an hour after they stop)."""
    end = stopped_at(task)
    return end is None or now < end + STOPPED_RETENTION_SECONDS


def container_status(task: Task, now: float) -> str:
    status = last_status(task, now)
    if status in STARTING_STATUSES:
        return "PENDING"
    if status in ("RUNNING", "DEACTIVATING"):
        return "RUNNING"
    return "STOPPED"

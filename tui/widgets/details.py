"""What the detail pane says about each kind of resource, as (label, value) lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from tui.aws.models import Cluster, Container, Service, Task
from tui.widgets.rows import age_text, status_text

Line = tuple[str, "str | Text"]


def _or_dash(value: Any) -> str:
    return "-" if value in (None, "") else str(value)


def _age_line(label: str, when: datetime | None, now: datetime) -> Line:
    if when is None:
        return (label, "-")
    return (label, f"{age_text(now - when)} ago ({when:%Y-%m-%d %H:%M:%S} UTC)")


def cluster_lines(cluster: Cluster, now: datetime) -> list[Line]:
    if not cluster.described:
        return [("Cluster", cluster.name), ("Status", Text("reading…", style="dim")), ("ARN", cluster.arn)]
    return [
        ("Cluster", cluster.name),
        ("Status", status_text(cluster.status)),
        ("Services", str(cluster.active_services)),
        ("Tasks", f"{cluster.running_tasks} running, {cluster.pending_tasks} pending"),
        ("Instances", str(cluster.container_instances)),
        ("Capacity", ", ".join(cluster.capacity_providers) or "-"),
        ("Insights", _or_dash(cluster.container_insights)),
        ("Exec logging", _or_dash(cluster.exec_logging)),
        ("ARN", cluster.arn),
    ]


def service_lines(service: Service, now: datetime) -> list[Line]:
    primary = service.primary_deployment
    lines: list[Line] = [
        ("Service", service.name),
        ("Status", status_text(service.status)),
        (
            "Tasks",
            f"{service.desired_count} desired, {service.running_count} running, {service.pending_count} pending",
        ),
        ("Task def", service.task_definition.rpartition("/")[2]),
        ("Launch", _or_dash(service.launch_type or service.scheduling_strategy)),
        ("Exec", "enabled" if service.enable_execute_command else Text("disabled", style="yellow")),
    ]
    if primary is not None:
        rollout = status_text(primary.rollout_state) if primary.rollout_state else Text("-")
        if primary.rollout_state_reason:
            rollout = rollout + Text(f" — {primary.rollout_state_reason}")
        lines.append(("Rollout", rollout))
        lines.append(
            (
                "Deployments",
                ", ".join(
                    f"{d.status.lower()} {d.running_count}/{d.desired_count}" for d in service.deployments
                ),
            )
        )
    lines.append(_age_line("Created", service.created_at, now))
    if service.events:
        latest = service.events[0]
        when = f"{age_text(now - latest.created_at)} ago: " if latest.created_at else ""
        lines.append(("Last event", f"{when}{latest.message}"))
    lines.append(("ARN", service.arn))
    return lines


def task_lines(task: Task, now: datetime) -> list[Line]:
    lines: list[Line] = [
        ("Task", task.task_id),
        ("Status", status_text(task.last_status) + Text(f" (desired {task.desired_status})", style="dim")),
        ("Health", status_text(task.health_status)),
        ("Service", _or_dash(task.service_name)),
        ("Started by", _or_dash(task.started_by)),
        ("Task def", f"{task.task_definition_family}:{task.task_definition_revision or '?'}"),
        ("Launch", _or_dash(task.launch_type or task.capacity_provider)),
        ("Platform", _or_dash(task.platform_version)),
        ("CPU / memory", f"{_or_dash(task.cpu)} / {_or_dash(task.memory)}"),
        ("Private IP", _or_dash(task.private_ip)),
        ("Zone", _or_dash(task.availability_zone)),
        ("Exec", "enabled" if task.enable_execute_command else Text("disabled", style="yellow")),
        _age_line("Started", task.started_at or task.created_at, now),
    ]
    if task.stopped_reason or task.stop_code:
        lines.append(("Stopped", Text(f"{_or_dash(task.stop_code)}: {_or_dash(task.stopped_reason)}", style="red")))
    lines.append(("Containers", ", ".join(c.name for c in task.containers) or "-"))
    lines.append(("ARN", task.arn))
    return lines


def container_lines(container: Container, now: datetime) -> list[Line]:
    agent = container.exec_agent
    agent_text = status_text(agent.last_status) if agent else Text("not reported", style="yellow")
    if agent and agent.reason:
        agent_text = agent_text + Text(f" — {agent.reason}")
    lines: list[Line] = [
        ("Container", container.name),
        ("Status", status_text(container.last_status)),
        ("Health", status_text(container.health_status)),
        ("Exec agent", agent_text),
        ("Image", container.image),
        ("Digest", _or_dash(container.image_digest)),
        ("Runtime id", _or_dash(container.runtime_id)),
        ("Private IP", _or_dash(container.private_ip)),
    ]
    if container.exit_code is not None or container.reason:
        lines.append(("Exit", Text(f"{_or_dash(container.exit_code)} {container.reason or ''}".strip(), style="red")))
    return lines


def detail_lines(resource: Any, now: datetime) -> list[Line]:
    """The lines for any resource the browser shows; nothing for an unknown kind."""
    for kind, lines in ((Cluster, cluster_lines), (Service, service_lines), (Task, task_lines), (Container, container_lines)):
        if isinstance(resource, kind):
            return lines(resource, now)  # type: ignore[operator]
    return []

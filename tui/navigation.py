"""A place in the ECS hierarchy that the browser can reveal: palette jumps and searches end here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourcePath:
    """Cluster, then optionally service, task and container; the deepest one set gets the cursor.

    ``service_name`` may be None for a task that no service started (a one-off task).
    """

    cluster_arn: str
    service_name: str | None = None
    task_arn: str | None = None
    container_name: str | None = None

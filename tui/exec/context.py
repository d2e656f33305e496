"""The ECS read calls pre-flight checks need: the task, its task definition, its container instance.

Task definitions never change once registered, so they are cached by ARN (bounded, shared
by every reader: an ARN names its account and Region).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from tui.aws.models import ContainerInstance, Task, TaskDefinition
from tui.aws.reader import EcsReader

CACHE_SIZE = 256
T = TypeVar("T")


@dataclass(frozen=True)
class ExecContext:
    """What ECS says about an exec target; None where it could not be read (or does not apply)."""

    task: Task | None
    task_definition: TaskDefinition | None
    container_instance: ContainerInstance | None


class TaskDefinitionCache:
    """Task definitions by ARN, least recently used dropped first. Thread-safe."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[str, TaskDefinition] = OrderedDict()

    def get(self, reader: EcsReader, arn: str) -> TaskDefinition:
        with self._lock:
            if arn in self._items:
                self._items.move_to_end(arn)
                return self._items[arn]
        definition = reader.describe_task_definition(arn)
        with self._lock:
            self._items[arn] = definition
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return definition

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


TASK_DEFINITIONS = TaskDefinitionCache()


def _container_instance(reader: EcsReader, cluster: str, arn: str) -> ContainerInstance | None:
    for batch in reader.iter_container_instances(cluster):
        for instance in batch:
            if instance.arn == arn:
                return instance
    return None


def gather_context(
    reader: EcsReader, cluster: str, task_arn: str, *, cache: TaskDefinitionCache = TASK_DEFINITIONS
) -> ExecContext:
    """DescribeTasks for ``task_arn``, then (cached) DescribeTaskDefinition and, on EC2, its
    container instance. Errors of DescribeTasks propagate (the caller explains them); the
    other two are optional, and their failures leave None (pre-flight says "not checked").
    """
    tasks = reader.describe_tasks(cluster, [task_arn])
    task = tasks[0] if tasks else None
    if task is None:
        return ExecContext(None, None, None)
    definition = instance = None
    if task.task_definition_arn:
        definition = _optional(lambda: cache.get(reader, task.task_definition_arn))
    if task.container_instance_arn:
        instance = _optional(lambda: _container_instance(reader, cluster, task.container_instance_arn or ""))
    return ExecContext(task, definition, instance)


def _optional(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except (BotoCoreError, ClientError):
        return None

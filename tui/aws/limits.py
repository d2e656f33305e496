"""ECS's published API limits: batch sizes and per-category token buckets.

One table serves two sides: the data layer paces its calls with it so that it
never draws a bucket dry, and the simulator enforces it so that a client that
ignores it sees ``ThrottlingException`` exactly as it would on AWS.
Source: "Request throttling for the Amazon ECS API" (per account and Region).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

# Largest batch each describe call accepts, and the largest list page.
DESCRIBE_CLUSTERS_BATCH = 100
DESCRIBE_SERVICES_BATCH = 10
DESCRIBE_TASKS_BATCH = 100
DESCRIBE_CONTAINER_INSTANCES_BATCH = 100
LIST_PAGE_SIZE = 100


@dataclass(frozen=True)
class BucketSpec:
    """A token bucket: ``burst`` tokens at most, refilled at ``refill_per_second``."""

    category: str
    burst: int
    refill_per_second: float


CLUSTER_READ = BucketSpec("cluster-read", 50, 20)
CLUSTER_RESOURCE_READ = BucketSpec("cluster-resource-read", 100, 20)
CLUSTER_RESOURCE_MODIFY = BucketSpec("cluster-resource-modify", 100, 40)
SERVICE_READ = BucketSpec("service-read", 100, 20)
SERVICE_MODIFY = BucketSpec("service-modify", 50, 5)
TASK_DEFINITION_READ = BucketSpec("task-definition-read", 50, 20)
TASK_DEFINITION_MODIFY = BucketSpec("task-definition-modify", 20, 1)
TAG_READ = BucketSpec("tag-read", 50, 20)

OPERATION_BUCKETS: dict[str, BucketSpec] = {
    "DescribeClusters": CLUSTER_READ,
    "ListClusters": CLUSTER_READ,
    "DescribeContainerInstances": CLUSTER_RESOURCE_READ,
    "DescribeTasks": CLUSTER_RESOURCE_READ,
    "ListAttributes": CLUSTER_RESOURCE_READ,
    "ListContainerInstances": CLUSTER_RESOURCE_READ,
    "ListTasks": CLUSTER_RESOURCE_READ,
    "ExecuteCommand": CLUSTER_RESOURCE_MODIFY,
    "RunTask": CLUSTER_RESOURCE_MODIFY,
    "StartTask": CLUSTER_RESOURCE_MODIFY,
    "StopTask": CLUSTER_RESOURCE_MODIFY,
    "DescribeServices": SERVICE_READ,
    "ListServices": SERVICE_READ,
    "CreateService": SERVICE_MODIFY,
    "DeleteService": SERVICE_MODIFY,
    "UpdateService": SERVICE_MODIFY,
    "DescribeTaskDefinition": TASK_DEFINITION_READ,
    "ListTaskDefinitions": TASK_DEFINITION_READ,
    "ListTaskDefinitionFamilies": TASK_DEFINITION_READ,
    "RegisterTaskDefinition": TASK_DEFINITION_MODIFY,
    "DeregisterTaskDefinition": TASK_DEFINITION_MODIFY,
    "ListTagsForResource": TAG_READ,
}


def bucket_for(operation: str) -> BucketSpec | None:
    """The bucket an ECS operation draws from, or None when it is not metered here."""
    return OPERATION_BUCKETS.get(operation)


class TokenBucket:
    """A thread-safe token bucket on an injectable monotonic clock.

    The simulator calls :meth:`try_take` and rejects the request when it fails;
    the data layer calls :meth:`take`, which sleeps until a token is there.
    """

    def __init__(
        self,
        spec: BucketSpec,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.spec = spec
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(spec.burst)
        self._stamp = clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._tokens = min(float(self.spec.burst), self._tokens + elapsed * self.spec.refill_per_second)

    def try_take(self) -> bool:
        """Take one token if one is there; never waits."""
        with self._lock:
            self._refill()
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False

    def take_or_delay(self) -> float:
        """Take one token and return 0.0, or take nothing and return the seconds until one is there.

        For callers that wait in their own way (e.g. on a cancellation event).
        """
        with self._lock:
            self._refill()
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.spec.refill_per_second

    def take(self) -> float:
        """Take one token, sleeping until one is there; returns the seconds waited."""
        waited = 0.0
        while (delay := self.take_or_delay()) > 0.0:
            self._sleep(delay)
            waited += delay
        return waited

    def drain(self) -> None:
        """Empty the bucket, as after a throttling error from a shared account budget."""
        with self._lock:
            self._refill()
            self._tokens = 0.0


def throttle_floor_seconds(calls_per_bucket: dict[BucketSpec, int]) -> float:
    """The least time those calls can take when every bucket starts full.

    A bucket serves ``burst`` calls at once and then ``refill_per_second``:
    the slowest bucket sets the floor.
    """
    floor = 0.0
    for spec, calls in calls_per_bucket.items():
        floor = max(floor, max(0, calls - spec.burst) / spec.refill_per_second)
    return floor

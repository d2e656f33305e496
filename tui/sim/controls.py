"""The knobs tests and demos turn: latency, throttling, injected errors; and call statistics."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..aws.limits import BucketSpec, TokenBucket, bucket_for
from .errors import EcsError, throttled

DEFAULT_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "ServerException": "Service Unavailable. Please try again later.",
    "TargetNotConnectedException": "The execute command failed due to an internal error. Try again later.",
    "ClusterNotFoundException": "Cluster not found.",
    "ServiceNotFoundException": "Service not found.",
    "ServiceNotActiveException": "Service was not ACTIVE.",
}


@dataclass(frozen=True)
class SimStats:
    """A snapshot of what the simulator answered, per operation."""

    calls: dict[str, int] = field(default_factory=dict)  # every request of a known operation
    throttled: dict[str, int] = field(default_factory=dict)  # ThrottlingException answers
    injected: dict[str, int] = field(default_factory=dict)  # answers from inject_error

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    @property
    def total_throttled(self) -> int:
        return sum(self.throttled.values())


@dataclass
class _Injection:
    operation: str
    code: str
    message: str
    remaining: int | None
    status: int


class Controls:
    """Thread-safe: the server thread consults it, the test or demo thread turns it."""

    def __init__(self, latency_ms: float, throttle: bool, clock: Callable[[], float]) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.latency_ms = latency_ms
        self.throttle = throttle
        self._buckets: dict[BucketSpec, TokenBucket] = {}
        self._injections: list[_Injection] = []
        self._calls: Counter[str] = Counter()
        self._throttled: Counter[str] = Counter()
        self._injected: Counter[str] = Counter()

    def inject(self, operation: str, code: str, message: str | None, count: int | None, status: int, account_id: str) -> None:
        if count is not None and count < 1:
            raise ValueError("count must be at least 1, or None for 'until cleared'")
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if message is None:
            message = DEFAULT_MESSAGES.get(code) or (
                f"User: arn:aws:iam::{account_id}:user/sim is not authorized to perform: ecs:{operation} on resource: *"
                if code == "AccessDeniedException"
                else f"{code} injected by the simulator"
            )
        with self._lock:
            self._injections.append(_Injection(operation, code, message, count, status))

    def clear(self) -> None:
        with self._lock:
            self._injections.clear()

    def reset_stats(self) -> None:
        with self._lock:
            self._calls.clear()
            self._throttled.clear()
            self._injected.clear()

    def stats(self) -> SimStats:
        with self._lock:
            return SimStats(dict(self._calls), dict(self._throttled), dict(self._injected))

    def record_call(self, operation: str) -> None:
        with self._lock:
            self._calls[operation] += 1

    def admit(self, operation: str) -> EcsError | None:
        """The error to answer instead of running ``operation``, if any (throttling first)."""
        if self.throttle:
            spec = bucket_for(operation)
            if spec is not None and not self._bucket(spec).try_take():
                with self._lock:
                    self._throttled[operation] += 1
                return throttled()
        with self._lock:
            for injection in self._injections:
                if injection.operation in (operation, "*"):
                    if injection.remaining is not None:
                        injection.remaining -= 1
                        if injection.remaining == 0:
                            self._injections.remove(injection)
                    self._injected[operation] += 1
                    if injection.code == "ThrottlingException":
                        self._throttled[operation] += 1
                    return EcsError(injection.code, injection.message, injection.status)
        return None

    def _bucket(self, spec: BucketSpec) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(spec)
            if bucket is None:
                bucket = self._buckets[spec] = TokenBucket(spec, clock=self._clock)
            return bucket

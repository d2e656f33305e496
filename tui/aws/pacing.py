"""Client-side pacing of ECS calls against the account's token buckets.

One :class:`Pacer` is shared per app: every pane draws from the same account
budget. Before each call it takes a token from the call's category bucket (the
table in ``tui.aws.limits``) and a slot of a concurrency bound. A throttling
error can still happen, because the account's buckets are shared with other
clients; then the pacer empties its own bucket (so every caller slows down),
backs off with jitter and retries, a bounded number of times.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.exceptions import ClientError

from tui.aws.errors import THROTTLING_CODES, throttling_code
from tui.aws.limits import OPERATION_BUCKETS, TokenBucket

T = TypeVar("T")

# Calls in flight at once, across every pane; clients get a connection pool this size.
MAX_CONCURRENT_CALLS = 16


class Cancelled(Exception):
    """The caller gave up before the call was made (e.g. a listing was closed)."""


@dataclass(frozen=True)
class PacerStats:
    """What the pacer has done so far."""

    calls: Mapping[str, int]
    throttled_responses: int  # throttling answers seen on the wire, botocore's own retries included
    throttles_retried: int  # throttling errors the pacer absorbed by retrying
    throttles_raised: int  # throttling errors passed on to a caller: the budget was truly exhausted
    token_wait_seconds: float

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


class Pacer:
    """Paces calls per ECS token bucket and bounds how many run at once. Thread-safe."""

    def __init__(
        self,
        *,
        max_concurrency: int = MAX_CONCURRENT_CALLS,
        max_throttle_retries: int = 6,
        backoff_base: float = 0.25,
        backoff_cap: float = 4.0,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._buckets = {spec.category: TokenBucket(spec, clock=clock) for spec in OPERATION_BUCKETS.values()}
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._max_throttle_retries = max_throttle_retries
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._jitter = jitter
        self._never = threading.Event()
        self._lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._throttled_responses = 0
        self._throttles_retried = 0
        self._throttles_raised = 0
        self._token_wait = 0.0

    def bucket(self, operation: str) -> TokenBucket | None:
        spec = OPERATION_BUCKETS.get(operation)
        return self._buckets[spec.category] if spec else None

    def observe(self, client: Any) -> None:
        """Watch a boto3 client's own retries, so throttling answers it retries also slow us down.

        Registering the same client twice has no further effect.
        """
        client.meta.events.register("needs-retry.ecs", self._on_needs_retry, unique_id=f"ecs-tui-pacer-{id(self)}")

    def _on_needs_retry(self, response: Any = None, operation: Any = None, **_: Any) -> None:
        if not (isinstance(response, tuple) and len(response) == 2 and isinstance(response[1], dict)):
            return None
        if response[1].get("Error", {}).get("Code") in THROTTLING_CODES:
            with self._lock:
                self._throttled_responses += 1
            self._drain(getattr(operation, "name", ""))
        return None  # leave the retry decision to botocore

    def call(self, operation: str, fn: Callable[[], T], cancel: threading.Event | None = None) -> T:
        """Run ``fn`` (one ECS ``operation``) when its bucket and the concurrency bound allow.

        Raises Cancelled as soon as ``cancel`` is set while waiting.
        """
        waiter = cancel or self._never
        retries = 0
        while True:
            self._take_token(operation, waiter)
            self._acquire_slot(waiter)
            try:
                with self._lock:
                    self._calls[operation] += 1
                return fn()
            except ClientError as exc:
                if throttling_code(exc) is None:
                    raise
                self._drain(operation)
                with self._lock:
                    if retries >= self._max_throttle_retries:
                        self._throttles_raised += 1
                        raise
                    self._throttles_retried += 1
                retries += 1
            finally:
                self._slots.release()
            delay = self._jitter() * min(self._backoff_cap, self._backoff_base * 2**retries)
            if waiter.wait(delay):
                raise Cancelled(operation)

    def _take_token(self, operation: str, waiter: threading.Event) -> None:
        bucket = self.bucket(operation)
        if bucket is None:
            return
        waited = 0.0
        while (delay := bucket.take_or_delay()) > 0.0:
            if waiter.wait(delay):
                raise Cancelled(operation)
            waited += delay
        if waited:
            with self._lock:
                self._token_wait += waited

    def _acquire_slot(self, waiter: threading.Event) -> None:
        while not self._slots.acquire(timeout=0.05):
            if waiter.is_set():
                raise Cancelled("waiting for a free slot")
        if waiter.is_set():
            self._slots.release()
            raise Cancelled("waiting for a free slot")

    def _drain(self, operation: str) -> None:
        bucket = self.bucket(operation)
        if bucket is not None:
            bucket.drain()

    @property
    def stats(self) -> PacerStats:
        with self._lock:
            return PacerStats(
                calls=dict(self._calls),
                throttled_responses=self._throttled_responses,
                throttles_retried=self._throttles_retried,
                throttles_raised=self._throttles_raised,
                token_wait_seconds=self._token_wait,
            )

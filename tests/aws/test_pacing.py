"""The pacer: token buckets before calls, throttling absorbed, cancellation honoured."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from tests.aws.conftest import local_ecs_client
from tests.aws.standin import StandIn
from tui.aws.limits import CLUSTER_RESOURCE_READ, TokenBucket
from tui.aws.pacing import Cancelled, Pacer
from tui.aws.reader import EcsReader


def throttled(operation: str = "ListTasks") -> ClientError:
    return ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, operation)


def quick_pacer(**kwargs) -> Pacer:
    return Pacer(backoff_base=0.001, backoff_cap=0.002, **kwargs)


def test_a_throttled_call_is_retried_and_drains_the_bucket() -> None:
    pacer = quick_pacer()
    answers = [throttled(), throttled(), {"taskArns": []}]

    def call() -> dict:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert pacer.call("ListTasks", call) == {"taskArns": []}
    stats = pacer.stats
    assert (stats.calls, stats.throttles_retried, stats.throttles_raised) == ({"ListTasks": 3}, 2, 0)
    bucket = pacer.bucket("DescribeTasks")  # same category as ListTasks: drained too
    assert bucket is not None and bucket.take_or_delay() > 0


def test_throttling_reaches_the_caller_only_when_the_budget_is_exhausted() -> None:
    pacer = quick_pacer(max_throttle_retries=3)

    def call() -> dict:
        raise throttled()

    with pytest.raises(ClientError, match="ThrottlingException"):
        pacer.call("DescribeServices", call)
    stats = pacer.stats
    assert (stats.calls["DescribeServices"], stats.throttles_retried, stats.throttles_raised) == (4, 3, 1)


def test_other_errors_are_not_retried() -> None:
    pacer = quick_pacer()
    denied = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "ListTasks")

    def call() -> dict:
        raise denied

    with pytest.raises(ClientError, match="AccessDenied"):
        pacer.call("ListTasks", call)
    assert pacer.stats.calls == {"ListTasks": 1}


def test_calls_wait_for_tokens_once_the_burst_is_spent() -> None:
    pacer = Pacer()
    bucket = pacer.bucket("ListTasks")
    assert bucket is not None and bucket.spec == CLUSTER_RESOURCE_READ
    for _ in range(CLUSTER_RESOURCE_READ.burst):
        pacer.call("ListTasks", dict)
    assert pacer.stats.token_wait_seconds == 0
    pacer.call("DescribeTasks", dict)
    assert pacer.stats.token_wait_seconds > 0


def test_unmetered_operations_are_not_held() -> None:
    pacer = Pacer()
    assert pacer.bucket("SomeNewOperation") is None
    assert pacer.call("SomeNewOperation", lambda: 7) == 7


def test_waiting_for_a_token_ends_when_cancelled() -> None:
    pacer = Pacer()
    bucket = pacer.bucket("ListTasks")
    assert bucket is not None
    bucket.drain()
    cancel = threading.Event()
    called = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        # Drain repeatedly so the wait cannot end by refill before the cancel.
        stop_draining = threading.Event()

        def keep_draining() -> None:
            while not stop_draining.wait(0.01):
                bucket.drain()

        drainer = threading.Thread(target=keep_draining)
        drainer.start()
        future = pool.submit(pacer.call, "ListTasks", called.set, cancel)
        cancel.set()
        with pytest.raises(Cancelled):
            future.result(timeout=10)
        stop_draining.set()
        drainer.join()
    assert not called.is_set()


def test_concurrency_is_bounded() -> None:
    pacer = Pacer(max_concurrency=2)
    inside = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def call() -> None:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        release.wait(0.05)
        with lock:
            inside -= 1

    with ThreadPoolExecutor(6) as pool:
        for future in [pool.submit(pacer.call, "DescribeTasks", call) for _ in range(6)]:
            future.result()
    assert most == 2


def test_token_bucket_take_or_delay() -> None:
    now = [0.0]
    bucket = TokenBucket(CLUSTER_RESOURCE_READ, clock=lambda: now[0])
    for _ in range(CLUSTER_RESOURCE_READ.burst):
        assert bucket.take_or_delay() == 0.0
    assert bucket.take_or_delay() == pytest.approx(1 / CLUSTER_RESOURCE_READ.refill_per_second)
    now[0] += 1 / CLUSTER_RESOURCE_READ.refill_per_second
    assert bucket.take_or_delay() == 0.0


def test_listing_under_real_throttling_sees_no_error(standin: StandIn) -> None:
    """The account's bucket is shared: someone else has just emptied it."""
    standin.throttle = True
    standin.add_cluster("big", services=4, tasks_per_service=100)
    client = local_ecs_client(standin.start())
    pacer = Pacer()
    reader = EcsReader(client, pacer=pacer)
    standin._buckets[CLUSTER_RESOURCE_READ.category].drain()
    tasks = [t for batch in reader.iter_tasks("big") for t in batch]
    assert len(tasks) == 400
    assert sum(standin.throttled.values()) > 0
    stats = pacer.stats
    assert stats.throttled_responses + stats.throttles_retried > 0
    assert stats.throttles_raised == 0

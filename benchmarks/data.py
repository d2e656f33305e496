"""Load a big cluster through the data layer, and the naive way, against the simulator.

``python -m benchmarks data [--services N] [--tasks N] [--latency-ms MS] [--no-throttle]``

The simulator serves the scale world with ECS's token buckets enforced. Each run
gets a fresh simulator (full buckets) in its own process, so its CPU does not
compete with the client's (AWS is not in our process either). Both runs load
every task of the big cluster and every service.

- ours: ``EcsReader`` through one ``Pacer``: one cluster-wide ListTasks chain
  whose pages are described concurrently as they arrive, services in parallel.
- naive: what the AWS CLI and the leading peer do: sequential list pages
  (default page sizes), then sequential describes, boto3's default retries.
"""

from __future__ import annotations

import argparse
import multiprocessing
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import boto3

from tui.aws import limits
from tui.aws.clients import AwsClients
from tui.aws.errors import check_connection, throttling_code
from tui.aws.pacing import Pacer
from tui.aws.reader import EcsReader
from tui.aws.settings import ConnectionSettings

CLUSTER = "scale"
REGION = "us-east-1"
CREDENTIALS = ("bench", "bench")


# -- the simulator, in a process of its own ------------------------------------------------


def _serve_simulator(config: dict[str, Any], conn: Connection) -> None:
    from tui.sim import SimConfig, Simulator

    simulator = Simulator(SimConfig(**config))
    conn.send(simulator.start())
    while (command := conn.recv()) != "stop":
        if command == "stats":
            stats = simulator.stats
            conn.send({"calls": dict(stats.calls), "throttled": dict(stats.throttled), "cpu_s": time.process_time()})
    simulator.stop()
    conn.send("stopped")


@dataclass
class SimProcess:
    url: str
    conn: Connection

    def stats(self) -> dict[str, Any]:
        self.conn.send("stats")
        return self.conn.recv()


@contextmanager
def simulator_process(**config: Any) -> Iterator[SimProcess]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve_simulator, args=(config, theirs), daemon=True)
    process.start()
    try:
        if not ours.poll(120):
            raise RuntimeError("the simulator did not start within 120 s")
        yield SimProcess(ours.recv(), ours)
    finally:
        ours.send("stop")
        ours.poll(10)
        process.join(10)
        if process.is_alive():
            process.kill()


# -- one measured run -----------------------------------------------------------------------


@dataclass
class RunResult:
    first_batch_s: float = 0.0
    all_s: float = 0.0
    tasks: int = 0
    services: int = 0
    client_calls: int = 0
    throttled_responses: int = 0  # throttling answers the client saw (retried or not)
    throttle_errors_to_caller: int = 0
    sim_calls: dict[str, int] = field(default_factory=dict)
    sim_throttled: int = 0
    sim_cpu_s: float = 0.0  # CPU the simulator spent during the run
    client_cpu_s: float = 0.0  # CPU this process spent during the run


class ThrottleCounter:
    """Counts throttling answers a boto3 client receives, its own retries included."""

    def __init__(self, client: Any) -> None:
        self.count = 0
        self._lock = threading.Lock()
        client.meta.events.register("needs-retry.ecs", self._seen)

    def _seen(self, response: Any = None, **_: Any) -> None:
        if isinstance(response, tuple) and response[1].get("Error", {}).get("Code") == "ThrottlingException":
            with self._lock:
                self.count += 1


def run_ours(url: str) -> RunResult:
    settings = ConnectionSettings(profile=None, region=REGION, endpoint_url=url, region_source="benchmark")
    clients = AwsClients(settings, static_credentials=CREDENTIALS)
    pacer = Pacer()
    check_connection(clients, pacer=pacer)  # the app's first call; warms the connection
    reader = EcsReader(clients.ecs, pacer=pacer)
    result = RunResult()
    services_done: list[int] = []
    errors: list[BaseException] = []

    def load_services() -> None:
        try:
            services_done.append(sum(len(batch) for batch in reader.iter_services(CLUSTER)))
        except BaseException as exc:  # reported below, after the tasks
            errors.append(exc)

    start = time.perf_counter()
    services = threading.Thread(target=load_services)
    services.start()
    try:
        for batch in reader.iter_tasks(CLUSTER):
            if not result.tasks:
                result.first_batch_s = time.perf_counter() - start
            result.tasks += len(batch)
    except Exception as exc:
        if throttling_code(exc) is None:
            raise
        result.throttle_errors_to_caller += 1
    services.join()
    result.all_s = time.perf_counter() - start
    for exc in errors:
        if throttling_code(exc) is None:
            raise exc
        result.throttle_errors_to_caller += 1
    result.services = services_done[0] if services_done else 0
    stats = pacer.stats
    result.client_calls = stats.total_calls
    result.throttled_responses = stats.throttled_responses
    result.throttle_errors_to_caller += stats.throttles_raised
    return result


def run_naive(url: str) -> RunResult:
    client = boto3.Session(
        aws_access_key_id=CREDENTIALS[0], aws_secret_access_key=CREDENTIALS[1], region_name=REGION
    ).client("ecs", endpoint_url=url)
    throttles = ThrottleCounter(client)
    calls = {"n": 0}
    client.meta.events.register("before-call.ecs", lambda **_: calls.__setitem__("n", calls["n"] + 1))
    client.list_clusters()  # same warm-up as ours
    result = RunResult()
    start = time.perf_counter()
    try:
        task_arns = [a for page in client.get_paginator("list_tasks").paginate(cluster=CLUSTER) for a in page["taskArns"]]
        for index in range(0, len(task_arns), limits.DESCRIBE_TASKS_BATCH):
            batch = client.describe_tasks(cluster=CLUSTER, tasks=task_arns[index : index + limits.DESCRIBE_TASKS_BATCH])
            if not result.tasks:
                result.first_batch_s = time.perf_counter() - start
            result.tasks += len(batch["tasks"])
        service_arns = [a for page in client.get_paginator("list_services").paginate(cluster=CLUSTER) for a in page["serviceArns"]]
        for index in range(0, len(service_arns), limits.DESCRIBE_SERVICES_BATCH):
            batch = client.describe_services(cluster=CLUSTER, services=service_arns[index : index + limits.DESCRIBE_SERVICES_BATCH])
            result.services += len(batch["services"])
    except Exception as exc:
        if throttling_code(exc) is None:
            raise
        result.throttle_errors_to_caller += 1
    result.all_s = time.perf_counter() - start
    result.client_calls = calls["n"] - 1
    result.throttled_responses = throttles.count
    return result


def measure(run: Any, sim_config: dict[str, Any]) -> RunResult:
    with simulator_process(**sim_config) as sim:
        sim_cpu_before = sim.stats()["cpu_s"]
        client_cpu_before = time.process_time()
        result = run(sim.url)
        result.client_cpu_s = time.process_time() - client_cpu_before
        stats = sim.stats()
    result.sim_cpu_s = stats["cpu_s"] - sim_cpu_before
    result.sim_calls = {op: n for op, n in stats["calls"].items() if op != "ListClusters"}
    result.sim_throttled = sum(stats["throttled"].values())
    return result


# -- report ---------------------------------------------------------------------------------


def floor_seconds(sim_calls: dict[str, int]) -> float:
    per_bucket: dict[limits.BucketSpec, int] = {}
    for operation, count in sim_calls.items():
        spec = limits.bucket_for(operation)
        if spec is not None:
            per_bucket[spec] = per_bucket.get(spec, 0) + count
    return limits.throttle_floor_seconds(per_bucket)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks data", description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--no-throttle", action="store_true", help="do not enforce ECS's token buckets")
    args = parser.parse_args(argv)
    sim_config = {
        "world": "scale",
        "scale_services": args.services,
        "scale_tasks": args.tasks,
        "latency_ms": args.latency_ms,
        "throttle": not args.no_throttle,
    }
    print(
        f"scale world: {args.services} services, {args.tasks} tasks in cluster {CLUSTER!r}, "
        f"latency {args.latency_ms:g} ms, throttling {'on' if not args.no_throttle else 'off'}; a fresh simulator per run"
    )
    ours = measure(run_ours, sim_config)
    naive = measure(run_naive, sim_config)
    ours_floor = floor_seconds(ours.sim_calls)
    naive_floor = floor_seconds(naive.sim_calls)
    # The cheapest plan: one cluster-wide ListTasks chain plus one DescribeTasks per page.
    pages = -(-args.tasks // limits.LIST_PAGE_SIZE)
    best_floor = limits.throttle_floor_seconds({limits.CLUSTER_RESOURCE_READ: 2 * pages})

    rows = [
        ("time to first task batch (s)", f"{ours.first_batch_s:.3f}", f"{naive.first_batch_s:.3f}"),
        ("time to all tasks + services (s)", f"{ours.all_s:.2f}", f"{naive.all_s:.2f}"),
        ("tasks loaded", f"{ours.tasks}", f"{naive.tasks}"),
        ("services loaded", f"{ours.services}", f"{naive.services}"),
        ("calls made (client)", f"{ours.client_calls}", f"{naive.client_calls}"),
        ("calls served (simulator)", f"{sum(ours.sim_calls.values())}", f"{sum(naive.sim_calls.values())}"),
        ("throttling answers seen by the client", f"{ours.throttled_responses}", f"{naive.throttled_responses}"),
        ("throttling answers sent (simulator)", f"{ours.sim_throttled}", f"{naive.sim_throttled}"),
        ("throttling errors reaching the caller", f"{ours.throttle_errors_to_caller}", f"{naive.throttle_errors_to_caller}"),
        ("throttle floor for these calls (s)", f"{ours_floor:.2f}", f"{naive_floor:.2f}"),
        ("time to all / floor", _ratio(ours.all_s, ours_floor), _ratio(naive.all_s, naive_floor)),
        ("CPU seconds, client process", f"{ours.client_cpu_s:.2f}", f"{naive.client_cpu_s:.2f}"),
        ("CPU seconds, simulator process", f"{ours.sim_cpu_s:.2f}", f"{naive.sim_cpu_s:.2f}"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours':>10}  {'naive':>10}")
    for label, mine, theirs in rows:
        print(f"{label:{width}}  {mine:>10}  {theirs:>10}")
    print(f"calls per operation, ours:  {_calls(ours.sim_calls)}")
    print(f"calls per operation, naive: {_calls(naive.sim_calls)}")
    print(f"floor of the cheapest plan, one cluster-wide ListTasks chain ({2 * pages} cluster-resource-read calls): {best_floor:.2f} s")
    # Listing per service instead: a ListTasks page per service at least, and as many describes.
    per_service_pages = sum(-(-share // limits.LIST_PAGE_SIZE) for share in _task_shares(args.tasks, args.services))
    per_service_calls = per_service_pages + pages
    per_service_floor = limits.throttle_floor_seconds({limits.CLUSTER_RESOURCE_READ: per_service_calls})
    print(f"floor of listing per service ({per_service_calls} cluster-resource-read calls): {per_service_floor:.2f} s")

    round_trip = args.latency_ms / 1000
    targets = [
        (f"all {args.tasks} tasks loaded", ours.tasks == args.tasks),
        ("no throttling error reached our caller", ours.throttle_errors_to_caller == 0),
        (f"time to all within 1.3x the floor ({1.3 * best_floor:.2f} s)", ours.all_s <= 1.3 * max(best_floor, 1e-9)),
        (f"first batch within two round trips + 50 ms ({2 * round_trip + 0.05:.3f} s)", ours.first_batch_s <= 2 * round_trip + 0.05),
    ]
    for label, met in targets:
        print(f"[{'met' if met else 'MISSED'}] {label}")
    return 0


def _task_shares(tasks: int, services: int) -> list[int]:
    """How the scale world spreads its tasks over its services."""
    base, extra = divmod(tasks, services)
    return [base + (1 if n < extra else 0) for n in range(services)]


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor > 0 else "n/a"


def _calls(calls: dict[str, int]) -> str:
    return ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))

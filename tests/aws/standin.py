"""A small stand-in for ECS on 127.0.0.1, for tests that need exact control.

It speaks ECS's JSON protocol for the read calls the data layer makes, with
real pagination (opaque NextTokens, maxResults and ListServices' default of
10), the published describe batch limits, optional token-bucket throttling,
injected errors, and gates that hold a call until the test releases it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tui.aws import limits

ACCOUNT = "123456789012"
REGION = "us-east-1"
TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113."


def arn(kind: str, path: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:{kind}/{path}"


@dataclass
class FakeTask:
    arn: str
    cluster: str
    service: str | None
    desired_status: str = "RUNNING"


@dataclass
class FakeCluster:
    name: str
    services: list[str] = field(default_factory=list)
    tasks: list[FakeTask] = field(default_factory=list)
    instances: list[str] = field(default_factory=list)


class StandIn:
    """Build a world, ``start()`` to get the endpoint URL, ``stop()`` when done."""

    def __init__(self, *, throttle: bool = False, latency_s: float = 0.0) -> None:
        self.clusters: dict[str, FakeCluster] = {}
        self.throttle = throttle
        self.latency_s = latency_s
        self.calls: Counter[str] = Counter()
        self.throttled: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.gates: dict[tuple[str, int], threading.Event] = {}
        self._errors: dict[str, list[tuple[int, str, str]]] = {}
        self._lock = threading.Lock()
        self._buckets = {s.category: limits.TokenBucket(s) for s in limits.OPERATION_BUCKETS.values()}
        self._server: ThreadingHTTPServer | None = None

    # -- world -------------------------------------------------------------------------

    def add_cluster(self, name: str, *, services: int = 0, tasks_per_service: int = 0, stopped_per_service: int = 0,
                    standalone_tasks: int = 0, instances: int = 0) -> FakeCluster:
        cluster = FakeCluster(name)
        for s in range(services):
            service = f"svc-{s:04d}"
            cluster.services.append(service)
            for t in range(tasks_per_service):
                cluster.tasks.append(FakeTask(arn("task", f"{name}/{service}-{t:05d}"), name, service))
            for t in range(stopped_per_service):
                cluster.tasks.append(FakeTask(arn("task", f"{name}/{service}-stopped-{t:05d}"), name, service, "STOPPED"))
        for t in range(standalone_tasks):
            cluster.tasks.append(FakeTask(arn("task", f"{name}/solo-{t:05d}"), name, None))
        cluster.instances = [arn("container-instance", f"{name}/inst-{i:04d}") for i in range(instances)]
        self.clusters[name] = cluster
        return cluster

    def inject_error(self, operation: str, code: str, message: str = "injected", count: int = 1, status: int = 400) -> None:
        with self._lock:
            self._errors.setdefault(operation, []).extend([(status, code, message)] * count)

    def gate(self, operation: str, call_number: int) -> threading.Event:
        """Hold the ``call_number``-th (1-based) call of ``operation`` until the returned event is set."""
        event = threading.Event()
        self.gates[(operation, call_number)] = event
        return event

    # -- server ------------------------------------------------------------------------

    def start(self) -> str:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                operation = (self.headers.get("X-Amz-Target") or "").removeprefix(TARGET_PREFIX)
                status, payload = standin.handle(operation, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        for event in self.gates.values():
            event.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- protocol ----------------------------------------------------------------------

    def handle(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.calls[operation] += 1
            number = self.calls[operation]
            self.requests.append((operation, body))
            injected = self._errors.get(operation)
            error = injected.pop(0) if injected else None
        gate = self.gates.get((operation, number))
        if gate is not None:
            gate.wait(30)
        if self.latency_s:
            time.sleep(self.latency_s)
        if error is not None:
            return error[0], {"__type": error[1], "message": error[2]}
        spec = limits.bucket_for(operation)
        if self.throttle and spec is not None and not self._buckets[spec.category].try_take():
            with self._lock:
                self.throttled[operation] += 1
            return 400, {"__type": "ThrottlingException", "message": "Rate exceeded"}
        handler = getattr(self, f"_op_{operation}", None)
        if handler is None:
            return 400, {"__type": "UnknownOperationException", "message": operation}
        try:
            return 200, handler(body)
        except _Invalid as exc:
            return 400, {"__type": exc.code, "message": str(exc)}

    def _cluster(self, body: dict[str, Any]) -> FakeCluster:
        name = str(body.get("cluster") or "default").rsplit("/", 1)[-1]
        if name not in self.clusters:
            raise _Invalid("ClusterNotFoundException", "Cluster not found.")
        return self.clusters[name]

    @staticmethod
    def _page(items: list[str], body: dict[str, Any], key: str, default_size: int = 100) -> dict[str, Any]:
        size = int(body.get("maxResults") or default_size)
        if not 1 <= size <= 100:
            raise _Invalid("InvalidParameterException", "maxResults must be between 1 and 100.")
        start = int(body["nextToken"].removeprefix("tok-")) if body.get("nextToken") else 0
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["nextToken"] = f"tok-{start + size}"
        return page

    @staticmethod
    def _check_batch(items: list[Any], limit: int, what: str) -> None:
        if len(items) > limit:
            raise _Invalid("InvalidParameterException", f"{what} cannot have more than {limit} elements")

    def _op_ListClusters(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._page([arn("cluster", n) for n in self.clusters], body, "clusterArns")

    def _op_DescribeClusters(self, body: dict[str, Any]) -> dict[str, Any]:
        names = [str(c).rsplit("/", 1)[-1] for c in body.get("clusters") or []]
        self._check_batch(names, limits.DESCRIBE_CLUSTERS_BATCH, "clusters")
        found = [n for n in names if n in self.clusters]
        return {
            "clusters": [{"clusterArn": arn("cluster", n), "clusterName": n, "status": "ACTIVE"} for n in found],
            "failures": [{"arn": n, "reason": "MISSING"} for n in names if n not in self.clusters],
        }

    def _op_ListServices(self, body: dict[str, Any]) -> dict[str, Any]:
        cluster = self._cluster(body)
        return self._page([arn("service", f"{cluster.name}/{s}") for s in cluster.services], body, "serviceArns", 10)

    def _op_DescribeServices(self, body: dict[str, Any]) -> dict[str, Any]:
        cluster = self._cluster(body)
        names = [str(s).rsplit("/", 1)[-1] for s in body.get("services") or []]
        self._check_batch(names, limits.DESCRIBE_SERVICES_BATCH, "services")
        return {
            "services": [
                {"serviceArn": arn("service", f"{cluster.name}/{n}"), "serviceName": n, "status": "ACTIVE",
                 "clusterArn": arn("cluster", cluster.name), "desiredCount": 1}
                for n in names if n in cluster.services
            ],
            "failures": [],
        }

    def _op_ListTasks(self, body: dict[str, Any]) -> dict[str, Any]:
        cluster = self._cluster(body)
        status = body.get("desiredStatus") or "RUNNING"
        service = body.get("serviceName")
        if service and status == "STOPPED":
            # What e1s reports for ECS: serviceName with STOPPED lists nothing.
            return {"taskArns": []}
        tasks = [t.arn for t in cluster.tasks if t.desired_status == status and (not service or t.service == service)]
        return self._page(tasks, body, "taskArns")

    def _op_DescribeTasks(self, body: dict[str, Any]) -> dict[str, Any]:
        cluster = self._cluster(body)
        wanted = [str(t) for t in body.get("tasks") or []]
        self._check_batch(wanted, limits.DESCRIBE_TASKS_BATCH, "tasks")
        by_arn = {t.arn: t for t in cluster.tasks}
        found = [by_arn[a] for a in wanted if a in by_arn]
        return {
            "tasks": [
                {"taskArn": t.arn, "clusterArn": arn("cluster", cluster.name), "lastStatus": t.desired_status,
                 "desiredStatus": t.desired_status, "group": f"service:{t.service}" if t.service else "family:solo",
                 "containers": [{"name": "app", "runtimeId": f"{t.arn[-8:]}-rt"}]}
                for t in found
            ],
            "failures": [{"arn": a, "reason": "MISSING"} for a in wanted if a not in by_arn],
        }

    def _op_ListContainerInstances(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._page(self._cluster(body).instances, body, "containerInstanceArns")

    def _op_DescribeContainerInstances(self, body: dict[str, Any]) -> dict[str, Any]:
        cluster = self._cluster(body)
        wanted = [str(i) for i in body.get("containerInstances") or []]
        self._check_batch(wanted, limits.DESCRIBE_CONTAINER_INSTANCES_BATCH, "containerInstances")
        return {
            "containerInstances": [
                {"containerInstanceArn": a, "status": "ACTIVE", "agentConnected": True} for a in wanted if a in cluster.instances
            ],
            "failures": [],
        }


class _Invalid(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

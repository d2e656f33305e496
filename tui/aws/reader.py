"""Read ECS: clusters, services, tasks, container instances, task definitions.

Every listing streams: ``iter_*`` yields one describe call's result at a time,
as soon as it completes, while the NextToken chain goes on. Every call respects
ECS's batch limits (``tui.aws.limits``), passes ``maxResults=100`` to list
calls, follows every NextToken and goes through the shared :class:`Pacer`.
Safe to call from several threads at once; close a generator to stop it early.
"""

from __future__ import annotations

import threading
from functools import partial
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from botocore.exceptions import PaginationError

from tui.aws import limits
from tui.aws.fields import arn_resource_id
from tui.aws.models import Cluster, ContainerInstance, ListPage, Service, Task, TaskDefinition
from tui.aws.pacing import Pacer, PacerStats
from tui.aws.pipeline import PageLister, stream

M = TypeVar("M")

DESIRED_STATUSES = ("RUNNING", "STOPPED")
CLUSTER_INCLUDE = ["CONFIGURATIONS", "SETTINGS", "STATISTICS"]
# Describe calls of one listing in flight at once (the pacer bounds all listings together).
DESCRIBE_WORKERS = 8


# How an item may have been asked for: its ARN and its short name or id.
Keys = Callable[[M], tuple[str, str]]


def _ordered(items: list[M], asked: Sequence[str], keys: Keys[M]) -> list[M]:
    """Items in the order they were asked for, by ARN or by name/id; anything else goes last."""
    rank: dict[str, int] = {}
    for index, key in enumerate(asked):
        rank.setdefault(key, index)

    def position(item: M) -> int:
        arn, short = keys(item)
        return min(rank.get(arn, len(rank)), rank.get(short, len(rank)))

    return sorted(items, key=position)


class ClientLater:
    """A client to make at the reader's first call, in that call's thread.

    The app paints its first rows before botocore has even loaded its models;
    the first listing after that pays for the client, off the UI thread.
    """

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class EcsReader:
    """Paced, streaming reads of ECS through one low-level boto3 ECS client (or a ClientLater)."""

    def __init__(self, ecs_client: Any, *, pacer: Pacer | None = None) -> None:
        self.pacer = pacer or Pacer()
        # What the calling thread wants done as its request leaves (see _call).
        self._on_send = threading.local()
        self._client_lock = threading.Lock()
        self._later: ClientLater | None = None
        self._ecs: Any = None
        if isinstance(ecs_client, ClientLater):
            self._later = ecs_client
        else:
            self._attach(ecs_client)

    def _attach(self, ecs_client: Any) -> None:
        self.pacer.observe(ecs_client)
        ecs_client.meta.events.register("before-send.ecs", self._before_send, unique_id=f"ecs-tui-reader-{id(self)}")
        self._ecs = ecs_client

    def _client(self) -> Any:
        """The ECS client, made now if it was left for later (its errors reach the caller)."""
        if self._ecs is None:
            with self._client_lock:
                if self._ecs is None:
                    assert self._later is not None
                    self._attach(self._later.make())
        return self._ecs

    def _before_send(self, **_: Any) -> None:
        callback = getattr(self._on_send, "callback", None)
        if callback is not None:
            self._on_send.callback = None
            callback()
        return None  # anything else would stand in for the HTTP response

    @property
    def stats(self) -> PacerStats:
        return self.pacer.stats

    # -- plumbing ---------------------------------------------------------------------------

    def _call(
        self, operation: str, cancel: threading.Event | None, before: Callable[[], None] | None = None, **params: Any
    ) -> dict[str, Any]:
        """One paced call; ``before`` runs as its request leaves (botocore's before-send).

        So the describes that ``before`` releases reach ECS after this request, and
        their big answers do not hold up its small one. Should no request leave (a
        stubbed client), ``before`` runs once the call is over.
        """
        method = getattr(self._client(), _snake(operation))

        def call() -> dict[str, Any]:
            self._on_send.callback = before
            try:
                return method(**params)
            finally:
                if self._on_send.callback is not None:
                    self._before_send()

        return self.pacer.call(operation, call, cancel)

    def _pages(
        self, operation: str, key: str, params: Mapping[str, Any], start: ListPage | None = None
    ) -> PageLister:
        """A lister of every page of a List* call; ``start`` is a page already fetched."""

        def pages(cancel: threading.Event, before_request: Callable[[], None]) -> Iterator[Sequence[str]]:
            token: str | None = None
            if start is not None:
                yield start.arns
                token = start.next_token
                if token is None:
                    return
            seen: set[str] = set()
            while True:
                request = dict(params, maxResults=limits.LIST_PAGE_SIZE)
                if token:
                    request["nextToken"] = token
                response = self._call(operation, cancel, before_request, **request)
                yield [arn for arn in response.get(key) or [] if isinstance(arn, str)]
                token = response.get("nextToken") or None
                if token is None:
                    return
                if token in seen:
                    raise PaginationError(message=f"{operation} returned the same nextToken twice")
                seen.add(token)

        return pages

    def _describer(
        self,
        operation: str,
        arg: str,
        key: str,
        model: Callable[[Any], M],
        keys: Keys[M],
        params: Mapping[str, Any],
    ) -> Callable[[Sequence[str], threading.Event], list[M]]:
        def describe(arns: Sequence[str], cancel: threading.Event) -> list[M]:
            response = self._call(operation, cancel, **params, **{arg: list(arns)})
            items = [model(item) for item in response.get(key) or [] if isinstance(item, Mapping)]
            return _ordered(items, arns, keys)

        return describe

    def _describe_all(
        self, arns: Sequence[str], describe: Callable[[Sequence[str], threading.Event], list[M]], batch: int, keys: Keys[M]
    ) -> list[M]:
        """Describe those resources in concurrent batches; the result keeps the order asked."""
        asked = list(dict.fromkeys(arns))
        parts = stream(lambda _cancel, _before: iter([asked]), describe, batch, workers=DESCRIBE_WORKERS)
        found = [item for part in parts for item in part]
        return _ordered(found, asked, keys)

    # -- clusters ---------------------------------------------------------------------------

    def _describe_clusters(self) -> Callable[[Sequence[str], threading.Event], list[Cluster]]:
        return self._describer(
            "DescribeClusters", "clusters", "clusters", Cluster.from_api, _cluster_keys, {"include": CLUSTER_INCLUDE}
        )

    def iter_clusters(self, *, start: ListPage | None = None) -> Generator[list[Cluster], None, None]:
        """Every cluster; ``start`` is the ListClusters page check_connection already fetched."""
        return stream(
            self._pages("ListClusters", "clusterArns", {}, start),
            self._describe_clusters(),
            limits.DESCRIBE_CLUSTERS_BATCH,
            workers=DESCRIBE_WORKERS,
        )

    def describe_clusters(self, clusters: Sequence[str]) -> list[Cluster]:
        return self._describe_all(clusters, self._describe_clusters(), limits.DESCRIBE_CLUSTERS_BATCH, _cluster_keys)

    # -- services ---------------------------------------------------------------------------

    def _describe_services(self, cluster: str) -> Callable[[Sequence[str], threading.Event], list[Service]]:
        return self._describer(
            "DescribeServices", "services", "services", Service.from_api, _service_keys,
            {"cluster": cluster, "include": ["TAGS"]},
        )

    def iter_services(self, cluster: str) -> Generator[list[Service], None, None]:
        """Every service of a cluster, ten per DescribeServices call."""
        return stream(
            self._pages("ListServices", "serviceArns", {"cluster": cluster}),
            self._describe_services(cluster),
            limits.DESCRIBE_SERVICES_BATCH,
            workers=DESCRIBE_WORKERS,
        )

    def describe_services(self, cluster: str, names: Sequence[str]) -> list[Service]:
        return self._describe_all(names, self._describe_services(cluster), limits.DESCRIBE_SERVICES_BATCH, _service_keys)

    # -- tasks ------------------------------------------------------------------------------

    def _describe_tasks(
        self, cluster: str, *, keep_raw: bool = True
    ) -> Callable[[Sequence[str], threading.Event], list[Task]]:
        return self._describer(
            "DescribeTasks",
            "tasks",
            "tasks",
            partial(Task.from_api, keep_raw=keep_raw),
            _task_keys,
            {"cluster": cluster, "include": ["TAGS"]},
        )

    def iter_tasks(
        self, cluster: str, *, service: str | None = None, desired_status: str = "RUNNING", keep_raw: bool = False
    ) -> Generator[list[Task], None, None]:
        """Every task of a cluster, or of one service, with that desired status.

        The tasks carry no API dicts (``raw``) unless ``keep_raw``: 10,000 of them
        would hold some 70 MB; ``describe_tasks`` reads one task's whole JSON.

        Running tasks of a service are listed with ListTasks' serviceName filter.
        Stopped ones are listed cluster-wide and kept by their group
        ``service:<name>``, since ECS does not apply serviceName to STOPPED listings.
        Tasks are always checked against the service's group, which also guards
        against backends that ignore the filter.
        """
        if desired_status not in DESIRED_STATUSES:
            raise ValueError(f"desired_status must be one of {', '.join(DESIRED_STATUSES)}, not {desired_status!r}")
        params: dict[str, Any] = {"cluster": cluster, "desiredStatus": desired_status}
        service_name = arn_resource_id(service) if service else None
        if service_name and desired_status == "RUNNING":
            params["serviceName"] = service_name
        batches = stream(
            self._pages("ListTasks", "taskArns", params),
            self._describe_tasks(cluster, keep_raw=keep_raw),
            limits.DESCRIBE_TASKS_BATCH,
            workers=DESCRIBE_WORKERS,
        )
        if service_name is None:
            return batches
        return _filtered(batches, lambda task: task.service_name == service_name)

    def describe_tasks(self, cluster: str, task_arns: Sequence[str]) -> list[Task]:
        """Those tasks (ARNs or ids), a hundred per call, in the order asked; unknown ones are left out."""
        return self._describe_all(task_arns, self._describe_tasks(cluster), limits.DESCRIBE_TASKS_BATCH, _task_keys)

    # -- container instances ----------------------------------------------------------------

    def iter_container_instances(self, cluster: str) -> Generator[list[ContainerInstance], None, None]:
        """Every container instance (EC2 host) of a cluster."""
        return stream(
            self._pages("ListContainerInstances", "containerInstanceArns", {"cluster": cluster}),
            self._describer(
                "DescribeContainerInstances", "containerInstances", "containerInstances",
                ContainerInstance.from_api, lambda i: (i.arn, i.instance_id), {"cluster": cluster},
            ),
            limits.DESCRIBE_CONTAINER_INSTANCES_BATCH,
            workers=DESCRIBE_WORKERS,
        )

    # -- task definitions -------------------------------------------------------------------

    def describe_task_definition(self, arn_or_family: str) -> TaskDefinition:
        """One task definition: an ARN, ``family:revision``, or a family (its latest ACTIVE revision)."""
        response = self._call("DescribeTaskDefinition", None, taskDefinition=arn_or_family)
        return TaskDefinition.from_api(response.get("taskDefinition") or {})

    def list_task_definitions(self, family_prefix: str | None = None) -> list[str]:
        """Every ACTIVE task definition ARN (of families starting with ``family_prefix``), newest first."""
        params: dict[str, Any] = {"sort": "DESC", "status": "ACTIVE"}
        if family_prefix:
            params["familyPrefix"] = family_prefix
        lister = self._pages("ListTaskDefinitions", "taskDefinitionArns", params)
        return [arn for page in lister(threading.Event(), lambda: None) for arn in page]


def _snake(operation: str) -> str:
    """``DescribeTasks`` -> ``describe_tasks``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


def _filtered(batches: Generator[list[M], None, None], keep: Callable[[M], bool]) -> Generator[list[M], None, None]:
    """The non-empty parts of each batch that ``keep`` accepts; closing it closes ``batches``."""
    try:
        for batch in batches:
            kept = [item for item in batch if keep(item)]
            if kept:
                yield kept
    finally:
        batches.close()


def _cluster_keys(cluster: Cluster) -> tuple[str, str]:
    return cluster.arn, cluster.name


def _service_keys(service: Service) -> tuple[str, str]:
    return service.arn, service.name


def _task_keys(task: Task) -> tuple[str, str]:
    return task.arn, task.task_id


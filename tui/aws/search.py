"""Find tasks anywhere in the account: by task id (or its prefix), container name or private IP.

Every cluster is listed, then the running tasks of several clusters are read at
once through the reader's paced, streaming listings; matches are handed over as
each describe batch comes back. A full task id (or task ARN) needs no listing:
one DescribeTasks per cluster finds it, running or recently stopped.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tui.aws.models import Cluster, Container, Task
from tui.aws.reader import EcsReader
from tui.navigation import ResourcePath

# Clusters whose tasks are read at the same time (the reader's pacer bounds the call rate).
CLUSTERS_AT_ONCE = 4
# How often a search waiting for results looks at its cancel event, in seconds.
CANCEL_POLL = 0.05
MAX_QUERY_LENGTH = 255  # ECS's limit on container names; task ids and IPs are shorter

_FULL_TASK_ID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_IP_PREFIX = re.compile(r"\d{1,3}(\.\d{0,3}){0,3}")
_FULL_IP = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_TASK_ARN = re.compile(r"arn:[^:]+:ecs:[^:]*:[^:]*:task/(?:(?P<cluster>[^/]+)/)?(?P<task>[^/]+)")


@dataclass(frozen=True, slots=True)
class Match:
    """A task (or one of its containers) that the query found, and why."""

    path: ResourcePath
    task: Task
    container: Container | None
    why: str


@dataclass(frozen=True, slots=True)
class SearchProgress:
    """How far a search has got: clusters finished out of all, and tasks looked at so far."""

    clusters_searched: int
    clusters_total: int
    tasks_examined: int


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the user typed, read as a task id, a container name or a private IP."""

    text: str  # lowercased, trimmed
    full_task_id: str | None = None
    cluster: str | None = None  # from a task ARN: the only cluster worth asking

    @classmethod
    def parse(cls, query: str) -> SearchQuery:
        """Read ``query``, or raise ValueError with one line to show."""
        text = query.strip().lower()
        if not text:
            raise ValueError("Type a task id, a container name or a private IP to search for.")
        if len(text) > MAX_QUERY_LENGTH:
            raise ValueError(f"That is longer than any task id, container name or IP ({MAX_QUERY_LENGTH} characters at most).")
        arn = _TASK_ARN.fullmatch(text)
        if arn:
            return cls(text=arn["task"], full_task_id=arn["task"], cluster=arn["cluster"])
        return cls(text=text, full_task_id=text if _FULL_TASK_ID.fullmatch(text) else None)

    def matches(self, task: Task) -> list[Match]:
        """Every way ``task`` answers this query: its id, its address, its containers' names."""
        found: list[Match] = []
        task_id = task.task_id.lower()
        if task_id == self.text:
            found.append(_match(task, None, "task id"))
        elif task_id.startswith(self.text):
            found.append(_match(task, None, f"task id starts with {self.text}"))
        if _IP_PREFIX.fullmatch(self.text):
            found.extend(self._ip_matches(task))
        for container in task.containers:
            if self.text in container.name.lower():
                found.append(_match(task, container, f"container {container.name}"))
        return found

    def _ip_matches(self, task: Task) -> list[Match]:
        if self._ip_fits(task.private_ip):
            return [_match(task, None, f"private IP {task.private_ip}")]
        return [
            _match(task, container, f"private IP {container.private_ip} of {container.name}")
            for container in task.containers
            if self._ip_fits(container.private_ip)
        ]

    def _ip_fits(self, address: str | None) -> bool:
        """A whole address must be equal; a partial one (``10.0.3``) is a prefix."""
        if not address:
            return False
        if _FULL_IP.fullmatch(self.text):
            return address == self.text
        return address.startswith(self.text)


def _match(task: Task, container: Container | None, why: str) -> Match:
    path = ResourcePath(task.cluster_arn, task.service_name, task.arn, container.name if container else None)
    return Match(path, task, container, why)


# What a cluster's search hands to the consumer.
@dataclass(frozen=True, slots=True)
class _Found:
    matches: list[Match]
    examined: int


@dataclass(frozen=True, slots=True)
class _ClusterDone:
    pass


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


_Report = _Found | _ClusterDone | _Failed


def find_anywhere(
    reader: EcsReader,
    query: str,
    *,
    progress: Callable[[SearchProgress], None] | None = None,
    cancel: threading.Event | None = None,
    clusters_at_once: int = CLUSTERS_AT_ONCE,
) -> Generator[list[Match], None, None]:
    """Matches for ``query`` across every cluster, a list at a time as they are found.

    Raises ValueError at once for a query that cannot match anything. ``progress``
    is called in the consuming thread after each step; setting ``cancel`` (or
    closing the iterator) stops the search within about ``CANCEL_POLL`` seconds.
    AWS errors are raised from the iterator.
    """
    wanted = SearchQuery.parse(query)
    return _search(reader, wanted, progress or (lambda _: None), cancel or threading.Event(), clusters_at_once)


def _search(
    reader: EcsReader,
    wanted: SearchQuery,
    progress: Callable[[SearchProgress], None],
    cancel: threading.Event,
    clusters_at_once: int,
) -> Generator[list[Match], None, None]:
    clusters = _clusters(reader, wanted, cancel)
    if cancel.is_set():
        return
    if wanted.full_task_id is None:
        # A cluster that reports no running or pending task has nothing to list.
        searched = [c for c in clusters if c.running_tasks or c.pending_tasks]
    else:
        searched = clusters  # a stopped task is only found by asking its own cluster
    done = len(clusters) - len(searched)
    examined = 0
    progress(SearchProgress(done, len(clusters), examined))
    if not searched:
        return

    stop = threading.Event()
    reports: queue.SimpleQueue[_Report] = queue.SimpleQueue()
    job = _describe_one if wanted.full_task_id is not None else _scan
    pool = ThreadPoolExecutor(max_workers=max(1, clusters_at_once), thread_name_prefix="ecs-tui-find")
    try:
        for cluster in searched:
            pool.submit(_run, job, reader, cluster, wanted, stop, reports)
        while done < len(clusters):
            try:
                report = reports.get(timeout=CANCEL_POLL)
            except queue.Empty:
                if cancel.is_set():
                    return
                continue
            if cancel.is_set():
                return
            if isinstance(report, _Failed):
                raise report.error
            if isinstance(report, _ClusterDone):
                done += 1
            else:
                examined += report.examined
            progress(SearchProgress(done, len(clusters), examined))
            if isinstance(report, _Found) and report.matches:
                yield report.matches
                if wanted.full_task_id is not None:
                    return  # task ids are unique: nothing more to find
    finally:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)


def _clusters(reader: EcsReader, wanted: SearchQuery, cancel: threading.Event) -> list[Cluster]:
    if wanted.cluster is not None:
        return reader.describe_clusters([wanted.cluster])
    found: list[Cluster] = []
    batches = reader.iter_clusters()
    try:
        for batch in batches:
            if cancel.is_set():
                break
            found.extend(batch)
    finally:
        batches.close()
    return found


Job = Callable[[EcsReader, Cluster, SearchQuery, threading.Event, "queue.SimpleQueue[_Report]"], None]


def _run(
    job: Job, reader: EcsReader, cluster: Cluster, wanted: SearchQuery, stop: threading.Event, reports: queue.SimpleQueue[_Report]
) -> None:
    """Search one cluster in a pool thread; whatever happens, the consumer hears of it."""
    try:
        if not stop.is_set():
            job(reader, cluster, wanted, stop, reports)
    except BaseException as error:  # handed to the consumer, who raises it
        reports.put(_Failed(error))
    else:
        reports.put(_ClusterDone())


def _scan(reader: EcsReader, cluster: Cluster, wanted: SearchQuery, stop: threading.Event, reports: queue.SimpleQueue[_Report]) -> None:
    batches = reader.iter_tasks(cluster.arn)
    try:
        for batch in batches:
            if stop.is_set():
                return
            reports.put(_Found([m for task in batch for m in wanted.matches(task)], len(batch)))
    finally:
        batches.close()


def _describe_one(
    reader: EcsReader, cluster: Cluster, wanted: SearchQuery, stop: threading.Event, reports: queue.SimpleQueue[_Report]
) -> None:
    tasks = reader.describe_tasks(cluster.arn, [wanted.full_task_id or ""])
    reports.put(_Found([m for task in tasks for m in wanted.matches(task)], len(tasks)))

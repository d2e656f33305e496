"""An in-memory index of every cluster, service, task and container the browser has seen.

The browser adds rows as they stream in; the command palette searches it on every
keystroke. Names (few distinct ones, however many tasks share them) are scanned
per query; task ids and private IPs sit in sorted lists searched by bisection, so a
query costs about the same with 20,000 tasks as with 20.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal

from tui.aws.fields import arn_resource_id
from tui.aws.models import Cluster, Service, Task
from tui.navigation import ResourcePath

HitKind = Literal["cluster", "service", "task", "container"]

# Scores of each kind of match, best first; the palette orders hits by score.
EXACT_NAME = 1.0
TASK_ID_PREFIX = 0.9
PRIVATE_IP_PREFIX = 0.85
NAME_PREFIX = 0.8
NAME_SUBSTRING = 0.6
SHORT_TASK_ID_PREFIX = 0.5  # a one- to three-character id prefix matches a sixteenth of all tasks or more
NAME_FUZZY = 0.4
SHORT_ID_PREFIX_LENGTH = 4
# Within one kind of match, each later hit scores this much less, so the order holds.
RANK_STEP = 1e-6

_IP_QUERY = re.compile(r"[0-9.]+")
SHORT_TASK_ID = 12


@dataclass(frozen=True, slots=True)
class IndexHit:
    """One search result: what it is, how it reads and where it leads."""

    kind: HitKind
    label: str
    detail: str
    path: ResourcePath
    score: float = EXACT_NAME


@dataclass(slots=True)
class _Named:
    """Everything that carries one lowercase name: clusters, services and containers by key."""

    clusters: dict[str, Cluster] = field(default_factory=dict)
    services: dict[tuple[str, str], Service] = field(default_factory=dict)
    containers: dict[str, str] = field(default_factory=dict)  # task ARN -> container name as spelt


class _SortedKeys:
    """(key, task ARN) pairs kept sorted lazily: additions are merged in at the next lookup."""

    def __init__(self) -> None:
        self._sorted: list[tuple[str, str]] = []
        self._pending: list[tuple[str, str]] = []

    def add(self, key: str, arn: str) -> None:
        self._pending.append((key, arn))

    def with_prefix(self, prefix: str) -> Iterator[tuple[str, str]]:
        if self._pending:
            self._sorted.extend(self._pending)
            self._sorted.sort()  # two sorted runs: Timsort merges them in linear time
            self._pending.clear()
        start = bisect_left(self._sorted, (prefix,))
        for key, arn in islice(self._sorted, start, None):
            if not key.startswith(prefix):
                return
            yield key, arn


class ResourceIndex:
    """Thread-safe: the browser's workers add, the palette searches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clusters: dict[str, Cluster] = {}
        self._tasks: dict[str, Task] = {}
        self._names: dict[str, _Named] = {}
        self._task_ids = _SortedKeys()
        self._ips = _SortedKeys()
        self._ip_of: dict[str, str] = {}  # task ARN -> the private IP now indexed for it

    def add(self, items: Iterable[Cluster | Service | Task]) -> None:
        """Add or update resources; a task brings its containers along."""
        with self._lock:
            for item in items:
                if isinstance(item, Cluster):
                    self._clusters[item.arn] = item
                    self._named(item.name).clusters[item.arn] = item
                elif isinstance(item, Service):
                    self._named(item.name).services[(item.cluster_arn, item.name)] = item
                elif isinstance(item, Task):
                    self._add_task(item)

    def search(self, query: str, limit: int = 50) -> list[IndexHit]:
        """The best ``limit`` hits for ``query``, best first."""
        wanted = query.strip().lower()
        if not wanted or limit <= 0:
            return []
        with self._lock:
            hits: list[IndexHit] = []
            for score, found in self._tiers(wanted):
                for hit in islice(found, limit - len(hits)):
                    hits.append(_scored(hit, score - len(hits) * RANK_STEP))
                if len(hits) >= limit:
                    break
            return hits

    def clusters(self) -> list[IndexHit]:
        """A hit for every cluster, by name: what the palette offers before anything is typed."""
        with self._lock:
            return [_cluster_hit(c) for c in sorted(self._clusters.values(), key=lambda c: c.name)]

    # -- adding -----------------------------------------------------------------------------

    def _named(self, name: str) -> _Named:
        key = name.lower()
        named = self._names.get(key)
        if named is None:
            named = self._names[key] = _Named()
        return named

    def _add_task(self, task: Task) -> None:
        known = self._tasks.get(task.arn)
        if known is task:
            return  # indexed already, as it is
        if known is None:
            self._task_ids.add(task.task_id.lower(), task.arn)
        self._tasks[task.arn] = task
        for container in task.containers:
            self._named(container.name).containers[task.arn] = container.name
        ip = task.private_ip
        if ip and self._ip_of.get(task.arn) != ip:
            self._ip_of[task.arn] = ip
            self._ips.add(ip, task.arn)

    # -- searching --------------------------------------------------------------------------

    def _tiers(self, wanted: str) -> Iterator[tuple[float, Iterator[IndexHit]]]:
        """Each kind of match with its score, best first; the hits are produced lazily."""
        exact = self._names.get(wanted)
        if exact is not None:
            yield EXACT_NAME, self._named_hits(exact)
        task_id = wanted.rpartition("/")[2] if wanted.startswith("arn:") else wanted
        id_score = TASK_ID_PREFIX if len(task_id) >= SHORT_ID_PREFIX_LENGTH else SHORT_TASK_ID_PREFIX
        if id_score == TASK_ID_PREFIX:
            yield id_score, self._task_id_hits(task_id)
        if _IP_QUERY.fullmatch(wanted):
            yield PRIVATE_IP_PREFIX, self._ip_hits(wanted)
        prefixed, containing, fuzzy = self._names_matching(wanted)
        yield NAME_PREFIX, self._hits_of_names(prefixed)
        yield NAME_SUBSTRING, self._hits_of_names(containing)
        if id_score == SHORT_TASK_ID_PREFIX:
            yield id_score, self._task_id_hits(task_id)
        yield NAME_FUZZY, self._hits_of_names(fuzzy)

    def _names_matching(self, wanted: str) -> tuple[list[str], list[str], list[str]]:
        """Distinct names other than ``wanted`` itself that start with it, contain it, or match it fuzzily."""
        prefixed: list[str] = []
        containing: list[str] = []
        fuzzy: list[str] = []
        subsequence = re.compile(".*?".join(map(re.escape, wanted)))
        for name in self._names:
            if name == wanted:
                continue
            if name.startswith(wanted):
                prefixed.append(name)
            elif wanted in name:
                containing.append(name)
            elif subsequence.search(name):
                fuzzy.append(name)
        return sorted(prefixed, key=_closest_first), sorted(containing, key=_closest_first), sorted(fuzzy, key=_closest_first)

    def _hits_of_names(self, names: list[str]) -> Iterator[IndexHit]:
        """Every name's clusters, services and first container, then the other containers.

        A name shared by thousands of containers would otherwise fill the list on its own.
        """
        for name in names:
            yield from self._named_hits(self._names[name], containers=1)
        for name in names:
            yield from islice(self._container_hits(self._names[name]), 1, None)

    def _named_hits(self, named: _Named, containers: int | None = None) -> Iterator[IndexHit]:
        for cluster in named.clusters.values():
            yield _cluster_hit(cluster)
        for service in named.services.values():
            yield _service_hit(service)
        yield from islice(self._container_hits(named), containers)

    def _container_hits(self, named: _Named) -> Iterator[IndexHit]:
        for arn, name in named.containers.items():
            yield _container_hit(self._tasks[arn], name)

    def _task_id_hits(self, prefix: str) -> Iterator[IndexHit]:
        for _, arn in self._task_ids.with_prefix(prefix):
            yield _task_hit(self._tasks[arn], self._tasks[arn].task_id)

    def _ip_hits(self, prefix: str) -> Iterator[IndexHit]:
        for ip, arn in self._ips.with_prefix(prefix):
            if self._ip_of.get(arn) == ip:  # else the task has moved to another address since
                yield _task_hit(self._tasks[arn], ip)


def _closest_first(name: str) -> tuple[int, str]:
    return len(name), name


def _scored(hit: IndexHit, score: float) -> IndexHit:
    return IndexHit(hit.kind, hit.label, hit.detail, hit.path, score)


def _where(task: Task) -> str:
    return f"{task.cluster_name}/{task.service_name}" if task.service_name else task.cluster_name


def _cluster_hit(cluster: Cluster) -> IndexHit:
    services = "service" if cluster.active_services == 1 else "services"
    detail = f"{cluster.active_services} {services} · {cluster.running_tasks} running"
    return IndexHit("cluster", cluster.name, detail, ResourcePath(cluster.arn))


def _service_hit(service: Service) -> IndexHit:
    detail = f"in {arn_resource_id(service.cluster_arn)} · {service.running_count}/{service.desired_count} running"
    return IndexHit("service", service.name, detail, ResourcePath(service.cluster_arn, service.name))


def _task_hit(task: Task, label: str) -> IndexHit:
    parts = [_where(task), task.last_status or "-"]
    if label == task.task_id:
        parts.append(task.private_ip or "no IP")
    else:
        parts.insert(0, f"task {task.task_id[:SHORT_TASK_ID]}")
    return IndexHit("task", label, " · ".join(parts), ResourcePath(task.cluster_arn, task.service_name, task.arn))


def _container_hit(task: Task, name: str) -> IndexHit:
    detail = f"in task {task.task_id[:SHORT_TASK_ID]} · {_where(task)}"
    return IndexHit("container", name, detail, ResourcePath(task.cluster_arn, task.service_name, task.arn, name))

"""Links into the AWS Management Console (the "v2" ECS console) and the text ``c`` / ``C`` copy.

The console lives on a different domain in each AWS partition: the commercial one
has a host per Region, China and GovCloud one host each. Partitions whose console
address is not public (the isolated ones, the European Sovereign Cloud) get a
clear :class:`ConsoleUrlError` rather than a made-up link.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from tui.aws.models import Cluster, Container, Service, Task, TaskDefinition

Inspectable = Cluster | Service | Task | Container | TaskDefinition

_REGION = re.compile(r"^[a-z]{2,4}(-[a-z]+)+-\d+$")
# Checked in order: the commercial pattern would also match us-gov-* and us-iso-*.
_UNLINKED_PREFIXES = ("us-iso-", "us-isob-", "us-isof-", "eu-isoe-", "eusc-")
_SINGLE_HOST_CONSOLES = {
    "cn-": "https://console.amazonaws.cn",
    "us-gov-": "https://console.amazonaws-us-gov.com",
}


class ConsoleUrlError(ValueError):
    """No console link can be made; ``str(error)`` is the one line to show."""


def console_host(region: str) -> str:
    """The console's scheme and host for ``region``, e.g. ``https://eu-west-1.console.aws.amazon.com``."""
    if not _REGION.match(region):
        raise ConsoleUrlError(f"No console link: {region!r} is not an AWS Region name.")
    if region.startswith(_UNLINKED_PREFIXES):
        raise ConsoleUrlError(f"No console link for Region {region}: its console address is not public.")
    for prefix, host in _SINGLE_HOST_CONSOLES.items():
        if region.startswith(prefix):
            return host
    return f"https://{region}.console.aws.amazon.com"


def console_url(resource: Inspectable, region: str, *, task: Task | None = None) -> str:
    """The console page of ``resource`` in ``region``.

    A container links to its task's page with the container selected, so it needs
    ``task``. A task started by a service opens under that service (the name comes
    from the task's ``group``); any other task opens under its cluster.
    """
    if isinstance(resource, Cluster):
        path = f"clusters/{_segment(resource.name, 'cluster name')}"
        return _url(region, path)
    if isinstance(resource, Service):
        cluster = _segment(resource.cluster_name, "cluster of the service")
        return _url(region, f"clusters/{cluster}/services/{_segment(resource.name, 'service name')}")
    if isinstance(resource, Task):
        return _url(region, _task_path(resource))
    if isinstance(resource, Container):
        if task is None:
            raise ConsoleUrlError(f"No console link for container {resource.name!r}: its task is not known.")
        return _url(region, _task_path(task), selectedContainer=_segment(resource.name, "container name"))
    if isinstance(resource, TaskDefinition):
        family = _segment(resource.family, "task definition family")
        if resource.revision is None:
            return _url(region, f"task-definitions/{family}")
        return _url(region, f"task-definitions/{family}/{resource.revision}/containers")
    raise ConsoleUrlError(f"No console link for a {type(resource).__name__}.")


def copy_id(resource: Inspectable) -> str:
    """What ``c`` copies: the short identifier people type into commands.

    Cluster and service names, the task id, the container name (what
    ``execute-command --container`` takes) and ``family:revision``.
    """
    if isinstance(resource, (Cluster, Service, Container)):
        return resource.name
    if isinstance(resource, Task):
        return resource.task_id
    return resource.family if resource.revision is None else f"{resource.family}:{resource.revision}"


def copy_arn(resource: Inspectable) -> str:
    """What ``C`` copies: the full ARN (empty when ECS did not report one)."""
    return resource.arn


def _task_path(task: Task) -> str:
    cluster = _segment(task.cluster_name, "cluster of the task")
    task_id = _segment(task.task_id, "task id")
    service = task.service_name
    if service:
        return f"clusters/{cluster}/services/{quote(service, safe='')}/tasks/{task_id}"
    return f"clusters/{cluster}/tasks/{task_id}/configuration"


def _segment(value: str, what: str) -> str:
    if not value:
        raise ConsoleUrlError(f"No console link: the {what} is missing.")
    return quote(value, safe="")


def _url(region: str, path: str, **query: str) -> str:
    parameters = "".join(f"&{name}={value}" for name, value in query.items())
    return f"{console_host(region)}/ecs/v2/{path}?region={region}{parameters}"

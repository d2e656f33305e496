"""ECS's Regions and endpoints, from botocore's bundled endpoint data (no API call, no config read).

botocore's loaders are imported on first use: with what they pull in (urllib3,
ssl, botocore.compat) they cost about 80 ms, which the first frame does not wait for.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _resolver() -> Any:
    from botocore.loaders import create_loader
    from botocore.regions import EndpointResolver

    return EndpointResolver(create_loader().load_data("endpoints"))


def ecs_regions(partition: str = "aws") -> list[str]:
    """ECS Regions of a partition, sorted."""
    return sorted(_resolver().get_available_endpoints("ecs", partition))


def ecs_hostname(region: str) -> str | None:
    """ECS's hostname in ``region``, or None when botocore does not know it."""
    resolved = _resolver().construct_endpoint("ecs", region)
    hostname = resolved.get("hostname") if resolved else None
    return hostname if isinstance(hostname, str) else None

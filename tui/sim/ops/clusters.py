"""ListClusters, DescribeClusters."""

from __future__ import annotations

from typing import Any

from .. import errors, pagination, render, scheduler
from ..arns import is_arn, resource_path
from ..params import Params
from .context import Context

CLUSTER_FIELDS = ("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS")


def list_clusters(ctx: Context, params: Params) -> dict[str, Any]:
    size = params.max_results(100)
    arns = [c.arn for c in ctx.world.clusters.values() if c.status == "ACTIVE"]
    page, token = pagination.page(arns, params.string("nextToken"), size, "ListClusters")
    answer: dict[str, Any] = {"clusterArns": list(page)}
    if token:
        answer["nextToken"] = token
    return answer


def describe_clusters(ctx: Context, params: Params) -> dict[str, Any]:
    references = params.strings("clusters") or ["default"]
    if len(references) > 100:
        raise errors.invalid_parameter("Clusters cannot have more than 100 elements")
    include = params.choices("include", CLUSTER_FIELDS)
    clusters, failures = [], []
    for reference in references:
        name = (resource_path(reference) or [""])[0] if is_arn(reference) else reference
        cluster = ctx.world.clusters.get(name)
        if cluster is None or (is_arn(reference) and not ctx.world.arns.owns(reference)):
            failures.append({"arn": reference if is_arn(reference) else ctx.world.arns.cluster(reference), "reason": "MISSING"})
            continue
        scheduler.settle_cluster(ctx.world, cluster, ctx.now)
        clusters.append(render.cluster(ctx.world, cluster, ctx.now, include))
    return {"clusters": clusters, "failures": failures}

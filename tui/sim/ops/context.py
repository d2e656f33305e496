"""What an operation handler works with."""

from __future__ import annotations

from dataclasses import dataclass

from .. import scheduler
from ..model import Cluster
from ..sessions import SessionStore
from ..world import World


@dataclass
class Context:
    world: World
    now: float
    host: str  # "host:port" as the client reached the server, for URLs handed back
    sessions: SessionStore

    def cluster(self, reference: str | None) -> Cluster:
        """Resolve a cluster and bring its services up to date with the clock."""
        cluster = self.world.cluster(reference)
        scheduler.settle_cluster(self.world, cluster, self.now)
        return cluster

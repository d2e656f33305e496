"""The scale world: one big Fargate cluster (``scale``) and a small one (``scale-small``).

Built for speed: tasks share their task definitions and draw every id from one random
number, so 20,000 tasks take well under a second.
"""

from __future__ import annotations

from . import builders, taskdefs
from .config import SimConfig
from .world import World

FAMILIES = 20
HOUR = 3600.0


def build(world: World, now: float, config: SimConfig) -> None:
    definitions = [
        taskdefs.register(
            world,
            f"scale-app-{n:02d}",
            [taskdefs.app(world, f"scale-app-{n:02d}", f"public.ecr.aws/nginx/nginx:1.27.{n % 5}"), taskdefs.envoy(world, f"scale-app-{n:02d}")],
            registered_at=now - 10 * 24 * HOUR,
        )
        for n in range(FAMILIES)
    ]
    big = builders.new_cluster(world, "scale", capacity_providers=["FARGATE"], tags={"env": "load-test"})
    services = config.scale_services
    base, extra = divmod(config.scale_tasks, services)
    rng = world.rng
    for n in range(services):
        name = f"svc-{n:05d}"
        builders.create_service(
            world,
            big,
            name,
            definitions[n % FAMILIES],
            base + (1 if n < extra else 0),
            deployed_at=now - rng.uniform(2 * HOUR, 72 * HOUR),
            now=now,
            history=False,
            tags={"team": f"team-{n % 17:02d}"},
        )
    small = builders.new_cluster(world, "scale-small", capacity_providers=["FARGATE"], tags={"env": "load-test"})
    for n in range(3):
        builders.create_service(world, small, f"small-{n}", definitions[n], 2, deployed_at=now - 5 * HOUR, now=now)

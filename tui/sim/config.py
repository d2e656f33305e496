"""Settings of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

WORLDS = ("demo", "scale")


@dataclass
class SimConfig:
    """What world to build and how the server behaves."""

    world: str = "demo"  # "demo" (the company-like demo world) or "scale"
    scale_services: int = 200  # scale world: services in the big cluster
    scale_tasks: int = 10_000  # scale world: tasks in the big cluster
    latency_ms: float = 0.0  # how long every call takes, the simulator's own work included (concurrent calls overlap)
    throttle: bool = False  # enforce ECS's per-category token buckets (tui/aws/limits.py)
    seed: int = 7  # worlds are deterministic for a seed
    region: str = "us-east-1"
    account_id: str = "123456789012"
    clock: Callable[[], float] | None = None  # wall-clock seconds source (time.time default)
    host: str = "127.0.0.1"
    port: int = 0  # 0 = pick a free port

    def validate(self) -> None:
        """Raise ValueError with one clear message for a setting the simulator cannot honour."""
        if self.world not in WORLDS:
            raise ValueError(f"unknown world {self.world!r}: choose one of {', '.join(WORLDS)}")
        if self.scale_services < 1:
            raise ValueError("scale_services must be at least 1")
        if self.scale_tasks < 0:
            raise ValueError("scale_tasks must not be negative")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be between 0 and 65535")
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the simulator only listens on loopback (127.0.0.1)")

"""``ecs-tui sim``: run the local ECS simulator until Ctrl+C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .config import SimConfig
from .simulator import Simulator


def _parser() -> argparse.ArgumentParser:
    defaults = SimConfig()
    parser = argparse.ArgumentParser(prog="ecs-tui sim", description="Serve a simulated Amazon ECS on 127.0.0.1.")
    parser.add_argument("--world", choices=("demo", "scale"), default=defaults.world, help="which world to serve (default: %(default)s)")
    parser.add_argument("--services", type=int, default=defaults.scale_services, help="scale world: services in the big cluster (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=defaults.scale_tasks, help="scale world: tasks in the big cluster (default: %(default)s)")
    parser.add_argument("--latency-ms", type=float, default=defaults.latency_ms, help="how long every call takes, as a client sees it (default: %(default)s)")
    parser.add_argument("--throttle", action="store_true", help="enforce ECS's per-category request token buckets")
    parser.add_argument("--port", type=int, default=defaults.port, help="port on 127.0.0.1; 0 picks a free one (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="the world is the same for the same seed (default: %(default)s)")
    return parser


def _exports(simulator: Simulator) -> list[str]:
    region = simulator.config.region
    return [
        f"export AWS_ENDPOINT_URL_ECS={simulator.endpoint_url}",
        f"export AWS_REGION={region}",
        f"export AWS_DEFAULT_REGION={region}",
        "export AWS_ACCESS_KEY_ID=sim",
        "export AWS_SECRET_ACCESS_KEY=sim",
    ]


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse already printed the usage and the problem
        return int(exit_.code or 0)
    config = SimConfig(
        world=args.world,
        scale_services=args.services,
        scale_tasks=args.tasks,
        latency_ms=args.latency_ms,
        throttle=args.throttle,
        seed=args.seed,
        port=args.port,
    )
    try:
        simulator = Simulator(config)
        simulator.start()
    except (ValueError, RuntimeError) as error:
        print(f"ecs-tui sim: {error}", file=sys.stderr)
        return 2
    print(f"ECS simulator ({config.world} world) listening on {simulator.endpoint_url}")
    print("Use it from another shell with:")
    for line in _exports(simulator):
        print(f"  {line}")
    print("Press Ctrl+C to stop.", flush=True)
    done = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    print("ECS simulator stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

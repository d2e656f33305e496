"""The simulator: a world, its knobs, and an aiohttp server on its own thread and event loop."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Iterable

from aiohttp import web

from . import demo_world, scale_world
from .arns import Arns
from .config import SimConfig
from .controls import Controls, SimStats
from .datachannel import SessionRegistry, add_data_channel_routes
from .server import make_app
from .sessions import SessionStore
from .world import World

START_TIMEOUT_SECONDS = 10.0


def build_world(config: SimConfig, clock) -> World:
    world = World(Arns(config.region, config.account_id), clock, config.seed)
    now = clock()
    if config.world == "demo":
        demo_world.build(world, now)
    else:
        scale_world.build(world, now, config)
    return world


class Simulator:
    """A local ECS endpoint. Mount more routes (the data channel) before :meth:`start`:
    pass ``extra_routes`` (aiohttp route definitions) or add to ``simulator.app.router``;
    handlers reach the simulator as ``request.app[SIMULATOR_KEY]``.
    """

    def __init__(self, config: SimConfig | None = None, *, extra_routes: Iterable[web.AbstractRouteDef] = ()) -> None:
        self.config = config or SimConfig()
        self.config.validate()
        self._clock = self.config.clock or time.time
        self.world = build_world(self.config, self._clock)
        self.sessions = SessionStore()
        self.controls = Controls(self.config.latency_ms, self.config.throttle, self._clock)
        self.app = make_app(self)
        # ExecuteCommand's sessions open a real shell on a local pty through the data channel.
        self.data_channel = SessionRegistry()
        add_data_channel_routes(self.app, self.data_channel)
        self.sessions.subscribe(
            lambda session: self.data_channel.register(session.session_id, session.token_value, session.command)
        )
        self.app.router.add_routes(list(extra_routes))
        self.endpoint_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._stopped = False

    # -- life -----------------------------------------------------------------------------

    def start(self) -> str:
        """Start serving on a background thread; returns the endpoint URL."""
        with self._state_lock:
            if self._thread is not None:
                return self.endpoint_url
            if self._stopped:
                raise RuntimeError("a stopped simulator cannot be started again; make a new one")
            family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.config.host, self.config.port))
            except OSError as error:
                sock.close()
                raise RuntimeError(f"cannot listen on {self.config.host}:{self.config.port}: {error.strerror}") from None
            sock.listen(128)
            sock.setblocking(False)
            port = sock.getsockname()[1]
            host = f"[{self.config.host}]" if family == socket.AF_INET6 else self.config.host
            self.endpoint_url = f"http://{host}:{port}"
            ready = threading.Event()
            failure: list[BaseException] = []
            self._thread = threading.Thread(target=self._serve, args=(sock, ready, failure), name="ecs-sim", daemon=True)
            self._thread.start()
            ready.wait(START_TIMEOUT_SECONDS)
            if failure or not ready.is_set():
                raise RuntimeError(f"the simulator did not start: {failure[0] if failure else 'timed out'}")
            return self.endpoint_url

    def _serve(self, sock: socket.socket, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.SockSite(runner, sock).start())
            self._runner = runner
        except Exception as error:  # reported to start()'s caller
            failure.append(error)
            sock.close()
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    def stop(self) -> None:
        """Stop serving and join the thread; safe to call more than once."""
        with self._state_lock:
            self._stopped = True
            thread, loop = self._thread, self._loop
            if thread is None or loop is None or not thread.is_alive():
                return
            loop.call_soon_threadsafe(loop.stop)
            thread.join()

    def __enter__(self) -> "Simulator":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- knobs ----------------------------------------------------------------------------

    def inject_error(
        self,
        operation: str,
        code: str,
        message: str | None = None,
        *,
        count: int | None = 1,
        status: int = 400,
    ) -> None:
        """Answer the next ``count`` calls of ``operation`` ("*" = any) with this error; None = until cleared."""
        self.controls.inject(operation, code, message, count, status, self.config.account_id)

    def clear_errors(self) -> None:
        self.controls.clear()

    def set_latency(self, ms: float) -> None:
        if ms < 0:
            raise ValueError("latency must not be negative")
        self.controls.latency_ms = ms

    def set_throttle(self, enabled: bool) -> None:
        self.controls.throttle = enabled

    @property
    def stats(self) -> SimStats:
        return self.controls.stats()

    def reset_stats(self) -> None:
        self.controls.reset_stats()

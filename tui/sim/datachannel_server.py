"""A stand-alone data-channel endpoint on 127.0.0.1, served from a background thread.

For tests and benchmarks that drive a real client process against the agent side
without the rest of the simulator.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tui.sim.datachannel import SessionRegistry, add_data_channel_routes
from tui.sim.datachannel_faults import Faults


@dataclass(frozen=True)
class IssuedSession:
    """What ExecuteCommand would return in ``session``."""

    session_id: str
    stream_url: str
    token: str = field(repr=False)

    def as_response(self) -> dict[str, str]:
        """The lowerCamel ``session`` object of an ExecuteCommand response."""
        return {"sessionId": self.session_id, "streamUrl": self.stream_url, "tokenValue": self.token}


class DataChannelServer:
    """The agent side listening on a free loopback port."""

    def __init__(self, registry: SessionRegistry, port: int) -> None:
        self.registry = registry
        self.port = port

    def issue(
        self, shell_command: str = "/bin/sh", cwd: str | None = None, faults: Faults | None = None
    ) -> IssuedSession:
        """Register a new session, as the simulator's ExecuteCommand does."""
        session_id = f"ecs-execute-command-{uuid.uuid4().hex[:17]}"
        token = secrets.token_urlsafe(32)
        self.registry.register(session_id, token, shell_command, cwd, faults=faults)
        return IssuedSession(session_id, f"ws://127.0.0.1:{self.port}/ssm/data-channel/{session_id}", token)


@contextmanager
def serve_data_channel(registry: SessionRegistry | None = None) -> Iterator[DataChannelServer]:
    """Run the endpoint in a daemon thread for the duration of the ``with`` block."""
    registry = registry or SessionRegistry()
    ready = threading.Event()
    stop: asyncio.Event | None = None
    port = 0
    loop = asyncio.new_event_loop()
    failure: list[BaseException] = []

    async def serve() -> None:
        nonlocal stop, port
        stop = asyncio.Event()
        app = web.Application()
        add_data_channel_routes(app, registry)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        ready.set()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    def run() -> None:
        try:
            loop.run_until_complete(serve())
        except BaseException as error:  # reported to the caller below
            failure.append(error)
            ready.set()
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="data-channel-server", daemon=True)
    thread.start()
    ready.wait(10)
    if failure or not port:
        raise RuntimeError(f"the data-channel server did not start: {failure[0] if failure else 'timeout'}")
    try:
        yield DataChannelServer(registry, port)
    finally:
        assert stop is not None
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)

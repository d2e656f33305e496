"""The simulator's SSM agent: the data-channel websocket behind ExecuteCommand's streamUrl.

Mount with ``add_data_channel_routes(app, registry)``; ExecuteCommand calls
``registry.register(session_id, token, shell_command, cwd)`` and returns
``ws://127.0.0.1:PORT/ssm/data-channel/<session_id>`` as the stream URL.

One connection per session: the client opens the channel with its token (text frame),
the agent drives the handshake, then a shell on a real pty is spawned at the client's
first terminal size and its output streamed back with acks and resends, until the
shell exits (channel_closed) or the client goes away (shell killed, directory removed).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from dataclasses import dataclass, field

from aiohttp import WSCloseCode, WSMsgType, web

from tui.sim.datachannel_faults import Faults, OutboundLink
from tui.sim.datachannel_shell import PtyShell
from tui.ssm import payloads
from tui.ssm.channel import ChannelStats, DataChannel
from tui.ssm.protocol import FrameError, MessageType, PayloadType, encode_frame

log = logging.getLogger(__name__)

ROUTE = "/ssm/data-channel/{session_id}"
AGENT_VERSION = "3.3.0.0"
RESEND_AFTER_SECONDS = 0.25
OPEN_TIMEOUT_SECONDS = 10.0
DEFAULT_SIZE = (80, 24)
CLOSE_TIMEOUT_SECONDS = 1.0
SILENT_DROP_LIMIT_SECONDS = 60.0
TOKEN_REJECTED = "Authentication failed: the session token is invalid, expired or already used."


@dataclass
class RegisteredSession:
    session_id: str
    token: str = field(repr=False)
    shell_command: str
    cwd: str | None
    faults: Faults


@dataclass(frozen=True)
class SessionReport:
    """How one connected session ended, for tests and benchmarks."""

    session_id: str
    outcome: str  # "shell exited", "client left", "dropped", "server closing"
    shell_pid: int | None
    stats: ChannelStats


class SessionRegistry:
    """Sessions ExecuteCommand created, waiting for their data channel. Thread-safe."""

    def __init__(self, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()  # applied to sessions registered from now on
        self._lock = threading.Lock()
        self._waiting: dict[str, RegisteredSession] = {}
        self._live_shells: set[int] = set()
        self._reports: list[SessionReport] = []
        self._changed = threading.Condition(self._lock)

    def register(
        self,
        session_id: str,
        token: str,
        shell_command: str = "/bin/sh",
        cwd: str | None = None,
        *,
        faults: Faults | None = None,
    ) -> None:
        """Accept one connection for ``session_id`` presenting ``token``; cwd None means a throwaway directory."""
        with self._lock:
            self._waiting[session_id] = RegisteredSession(session_id, token, shell_command, cwd, faults or self.faults)

    def claim(self, session_id: str, token: str) -> RegisteredSession | None:
        """The session if the token matches and it is unused (tokens are single-use), else None."""
        with self._lock:
            session = self._waiting.get(session_id)
            if session is None or session.faults.reject_token:
                return None
            if not hmac.compare_digest(session.token.encode(), token.encode()):
                return None
            return self._waiting.pop(session_id)

    def live_shell_pids(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._live_shells)

    def reports(self) -> list[SessionReport]:
        with self._lock:
            return list(self._reports)

    def wait_for_report(self, session_id: str, timeout: float) -> SessionReport | None:
        """Block (from another thread) until the session has ended and its shell is reaped."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for report in self._reports:
                    if report.session_id == session_id:
                        return report
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def _shell_started(self, pid: int) -> None:
        with self._lock:
            self._live_shells.add(pid)

    def _session_ended(self, report: SessionReport) -> None:
        with self._changed:
            if report.shell_pid is not None:
                self._live_shells.discard(report.shell_pid)
            self._reports.append(report)
            self._changed.notify_all()


def add_data_channel_routes(app: web.Application, sessions: SessionRegistry) -> None:
    """Serve ``GET /ssm/data-channel/<session_id>`` (websocket) on ``app``."""
    active: set[_AgentSession] = set()

    async def handle(request: web.Request) -> web.StreamResponse:
        agent = _AgentSession(request, sessions)
        active.add(agent)
        try:
            return await agent.run()
        finally:
            active.discard(agent)

    async def close_all(_: web.Application) -> None:
        await asyncio.gather(*(agent.shut_down() for agent in list(active)), return_exceptions=True)

    app.router.add_get(ROUTE, handle)
    app.on_shutdown.append(close_all)


class _AgentSession:
    """One websocket connection, from OpenDataChannel to the last frame."""

    def __init__(self, request: web.Request, registry: SessionRegistry) -> None:
        self.request = request
        self.registry = registry
        self.ws = web.WebSocketResponse(timeout=CLOSE_TIMEOUT_SECONDS, max_msg_size=1 << 20)
        self.channel = DataChannel(MessageType.OUTPUT_STREAM_DATA, MessageType.INPUT_STREAM_DATA, RESEND_AFTER_SECONDS)
        self.session: RegisteredSession | None = None
        self.link: OutboundLink | None = None
        self.shell: PtyShell | None = None
        self.shell_watch: asyncio.Task[None] | None = None
        self.early_input = bytearray()
        self.handshake_sent_ns = 0
        self.shell_done = asyncio.Event()
        self.outcome = "client left"

    async def run(self) -> web.WebSocketResponse:
        await self.ws.prepare(self.request)
        session = await self._open()
        if session is None:
            return self.ws
        self.session = session
        self.link = OutboundLink(session.faults, self.ws.send_bytes)
        resender = asyncio.create_task(self._resend_forever())
        try:
            self._send_data(PayloadType.HANDSHAKE_REQUEST, payloads.handshake_request(AGENT_VERSION))
            self.handshake_sent_ns = time.monotonic_ns()
            await self._serve()
        finally:
            resender.cancel()
            await self._finish()
        return self.ws

    async def _open(self) -> RegisteredSession | None:
        """Read OpenDataChannelInput and check the token; on failure close with an error."""
        try:
            message = await self.ws.receive(timeout=OPEN_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            await self.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"OpenDataChannel was not sent in time.")
            return None
        if message.type != WSMsgType.TEXT:
            if not self.ws.closed:
                await self.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"Expected OpenDataChannelInput.")
            return None
        try:
            opened = payloads.parse_open_data_channel(message.data)
        except payloads.PayloadError as error:
            await self.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=str(error).encode())
            return None
        session = self.registry.claim(self.request.match_info["session_id"], opened.token)
        if session is None:
            await self.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=TOKEN_REJECTED.encode())
        return session

    async def _serve(self) -> None:
        """Run until the shell ends, the client leaves, or the link drops."""
        assert self.link is not None
        reader = asyncio.create_task(self._read_until_closed())
        shell_end = asyncio.create_task(self.shell_done.wait())
        dropped = asyncio.create_task(self.link.dropped.wait())
        try:
            await asyncio.wait({reader, shell_end, dropped}, return_when=asyncio.FIRST_COMPLETED)
            if dropped.done():
                self.outcome = "dropped"
                reader.cancel()  # no more reads: not even pings get answered
                await asyncio.gather(reader, return_exceptions=True)
                await self._drop()
            elif shell_end.done() and not reader.done():
                self.outcome = "shell exited"
                await self._close_channel(reader)
        finally:
            shell_end.cancel()
            dropped.cancel()
            if not reader.done() and not self.ws.closed:
                await self.ws.close()
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)

    async def _read_until_closed(self) -> None:
        assert self.session is not None
        inbound_data = 0
        while True:
            message = await self.ws.receive()
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return
            if message.type != WSMsgType.BINARY:
                continue
            if message.data[4:36].rstrip(b" \x00") == MessageType.INPUT_STREAM_DATA.encode():
                inbound_data += 1
                if self.session.faults.ignores_input(inbound_data):
                    continue
            await self._handle_binary(message.data)

    async def _handle_binary(self, data: bytes) -> None:
        assert self.link is not None
        try:
            incoming = self.channel.receive(data)
        except (FrameError, payloads.PayloadError) as error:
            log.debug("ignoring a malformed frame: %s", error)
            return
        for reply in incoming.replies:
            self.link.send(reply)
        for frame in incoming.delivered:
            await self._handle_input(frame.payload_type, frame.payload)

    async def _handle_input(self, payload_type: int, payload: bytes) -> None:
        if payload_type == PayloadType.HANDSHAKE_RESPONSE:
            elapsed = time.monotonic_ns() - self.handshake_sent_ns
            self._send_data(PayloadType.HANDSHAKE_COMPLETE, payloads.handshake_complete(elapsed))
        elif payload_type == PayloadType.SIZE:
            try:
                cols, rows = payloads.parse_size(payload)
            except payloads.PayloadError as error:
                log.debug("ignoring a bad size message: %s", error)
                return
            if self.shell is None:
                await self._start_shell(cols, rows)
            else:
                self.shell.resize(cols, rows)
        elif payload_type == PayloadType.OUTPUT:
            if self.shell is None:  # a client that types before telling its size
                self.early_input += payload
                await self._start_shell(*DEFAULT_SIZE)
            else:
                self.shell.write(payload)

    async def _start_shell(self, cols: int, rows: int) -> None:
        """Spawn the session's command at the client's size (the first Size frame).

        Waiting for that frame also means the real plugin has registered its output
        handler, so the first prompt is not lost (see the reference's 'gotcha').
        """
        assert self.session is not None
        try:
            self.shell = await PtyShell.start(self.session.shell_command, self.session.cwd, cols, rows)
        except OSError as error:
            self._send_data(PayloadType.OUTPUT, f"cannot start {self.session.shell_command}: {error}\r\n".encode())
            self.shell_done.set()
            return
        self.registry._shell_started(self.shell.pid)
        if self.early_input:
            self.shell.write(bytes(self.early_input))
            self.early_input.clear()
        self.shell.on_output(lambda chunk: self._send_data(PayloadType.OUTPUT, chunk), self._output_ended)
        self.shell_watch = asyncio.create_task(self._watch_shell(self.shell))

    def _output_ended(self) -> None:
        """The pty reports EOF: every process holding it has gone."""
        self.shell_done.set()

    async def _watch_shell(self, shell: PtyShell) -> None:
        """The shell may exit while a background job keeps the pty open: end the session anyway."""
        await shell.process.wait()
        await asyncio.sleep(0.05)  # let the pty reader pass on the shell's last words
        self.shell_done.set()

    def _send_data(self, payload_type: int, payload: bytes) -> None:
        assert self.link is not None
        self.link.send_data(self.channel.data_frame(payload_type, payload))

    async def _resend_forever(self) -> None:
        assert self.link is not None
        while True:
            await asyncio.sleep(RESEND_AFTER_SECONDS / 2)
            for wire in self.channel.due_resends():
                self.link.send(wire)

    async def _close_channel(self, reader: asyncio.Task[None]) -> None:
        """Deliver the last output (acknowledged), then channel_closed, then close the socket."""
        assert self.session is not None and self.link is not None
        if self.shell is not None:
            rest = self.shell.drain_output()
            if rest:
                self._send_data(PayloadType.OUTPUT, rest)
        deadline = time.monotonic() + 2.0
        while self.channel.unacknowledged and time.monotonic() < deadline and not reader.done():
            await asyncio.sleep(0.01)
        self.link.send(encode_frame(payloads.channel_closed_frame(self.session.session_id)))
        await self.link.finish(timeout=2.0)
        await self.ws.close()

    async def _drop(self) -> None:
        """Lose the connection without channel_closed: reset it, or go quiet until the client gives up."""
        assert self.session is not None
        transport = self.request.transport
        if transport is None:
            return
        if self.session.faults.drop_silently:
            deadline = time.monotonic() + SILENT_DROP_LIMIT_SECONDS
            while not transport.is_closing() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        transport.abort()

    async def shut_down(self) -> None:
        self.outcome = "server closing"
        await self.ws.close(code=WSCloseCode.GOING_AWAY, message=b"The simulator is shutting down.")

    async def _finish(self) -> None:
        assert self.session is not None and self.link is not None
        await self.link.close()
        pid = None
        if self.shell is not None:
            pid = self.shell.pid
            await self.shell.terminate()
            self.shell.close()
        if self.shell_watch is not None:
            self.shell_watch.cancel()
        if not self.ws.closed:
            await self.ws.close()
        self.registry._session_ended(SessionReport(self.session.session_id, self.outcome, pid, self.channel.stats))

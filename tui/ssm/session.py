"""The client end of one shell session over the data channel (aiohttp websocket)."""

from __future__ import annotations

import asyncio
import enum
import os
import signal
from dataclasses import dataclass

import aiohttp

from tui.ssm import payloads
from tui.ssm.arguments import SessionInfo
from tui.ssm.channel import DataChannel
from tui.ssm.protocol import FrameError, MessageType, PayloadType
from tui.ssm.terminal import LocalTerminal

RESEND_AFTER_SECONDS = 0.2  # the plugin's initial retransmission timeout
RESEND_TICK_SECONDS = 0.1
STDIN_READ_SIZE = 1024  # the plugin's StdinBufferLimit
FLUSH_TIMEOUT_SECONDS = 0.5
CONNECT_TIMEOUT_SECONDS = 15.0
SIGNAL_KEYS = {signal.SIGINT: b"\x03", signal.SIGQUIT: b"\x1c", signal.SIGTSTP: b"\x1a"}
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_CLOSED_TYPES = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


class Ending(enum.Enum):
    CLOSED = "closed"  # the agent sent channel_closed
    NOT_STARTED = "not started"  # could not connect, token rejected, handshake refused
    LOST = "lost"  # the connection went away without channel_closed
    SIGNALLED = "signalled"  # SIGTERM / SIGHUP ended it here


@dataclass(frozen=True)
class Outcome:
    ending: Ending
    detail: str = ""  # channel_closed Output, or why it failed / was lost
    signal_number: int = 0


class ShellSession:
    """Connects, handshakes, and shuttles bytes between the local terminal and the agent."""

    def __init__(self, session: SessionInfo, terminal: LocalTerminal, client_version: str, heartbeat: float) -> None:
        self.session = session
        self.terminal = terminal
        self.client_version = client_version
        self.heartbeat = heartbeat
        self.channel = DataChannel(MessageType.INPUT_STREAM_DATA, MessageType.OUTPUT_STREAM_DATA, RESEND_AFTER_SECONDS)
        self.started = False
        self._reading_stdin = False
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._ending: asyncio.Future[Outcome] | None = None
        self._last_size: tuple[int, int] | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None

    async def run(self) -> Outcome:
        loop = asyncio.get_running_loop()
        self._ending = loop.create_future()
        for signum in (*SIGNAL_KEYS, *ENDING_SIGNALS):
            loop.add_signal_handler(signum, self._on_signal, signum)
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CONNECT_TIMEOUT_SECONDS)) as http:
                try:
                    ws = await http.ws_connect(
                        self.session.stream_url,
                        heartbeat=self.heartbeat,
                        timeout=aiohttp.ClientWSTimeout(ws_close=1.0),
                        max_msg_size=1 << 22,
                    )
                except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as error:
                    return Outcome(Ending.NOT_STARTED, _describe_connect_error(error))
                self._ws = ws
                await ws.send_str(payloads.open_data_channel_text(self.session.token, self.client_version))
                tasks = [
                    asyncio.create_task(self._read_forever(ws)),
                    asyncio.create_task(self._write_forever(ws)),
                    asyncio.create_task(self._resend_forever()),
                ]
                try:
                    return await self._ending
                finally:
                    if not ws.closed:  # e.g. a handshake refusal the agent should still receive
                        try:
                            await asyncio.wait_for(self._outbox.join(), FLUSH_TIMEOUT_SECONDS)
                        except asyncio.TimeoutError:
                            pass
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    await ws.close()
        finally:
            self._stop_stdin()
            for signum in (*SIGNAL_KEYS, *ENDING_SIGNALS, signal.SIGWINCH):
                loop.remove_signal_handler(signum)

    def _end(self, outcome: Outcome) -> None:
        assert self._ending is not None
        if not self._ending.done():
            self._ending.set_result(outcome)

    # -- agent to terminal -------------------------------------------------

    async def _read_forever(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        close_reason = ""
        while True:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self._handle_binary(message.data)
            elif message.type == aiohttp.WSMsgType.CLOSE:
                close_reason = message.extra or ""
            if message.type in _CLOSED_TYPES:
                break
        self._end(self._disconnected(ws, close_reason))

    def _disconnected(self, ws: aiohttp.ClientWebSocketResponse, close_reason: str) -> Outcome:
        reason = _describe_close(ws, close_reason)
        if self.started:
            return Outcome(Ending.LOST, reason)
        return Outcome(Ending.NOT_STARTED, reason)

    def _handle_binary(self, data: bytes) -> None:
        try:
            incoming = self.channel.receive(data)
        except (FrameError, payloads.PayloadError):
            return  # unacknowledged: a corrupted frame is resent by the agent
        for reply in incoming.replies:
            self._outbox.put_nowait(reply)
        for frame in incoming.delivered:
            self._handle_output(frame.payload_type, frame.payload)
        control = incoming.control
        if control is not None and control.message_type == MessageType.CHANNEL_CLOSED:
            try:
                closed = payloads.parse_channel_closed(control.payload)
            except payloads.PayloadError:
                closed = payloads.ChannelClosed(self.session.session_id, "")
            self._end(Outcome(Ending.CLOSED, closed.output))

    def _handle_output(self, payload_type: int, payload: bytes) -> None:
        if payload_type == PayloadType.HANDSHAKE_REQUEST:
            self._answer_handshake(payload)
        elif payload_type == PayloadType.HANDSHAKE_COMPLETE:
            try:
                customer_message = payloads.parse_handshake_complete(payload)
            except payloads.PayloadError:
                customer_message = ""
            if customer_message:
                self.terminal.message(customer_message + "\n")
            self._start_shell_session()
        elif payload_type in (PayloadType.OUTPUT, PayloadType.STDERR):
            self._start_shell_session()  # agents older than the handshake start with output
            try:
                self.terminal.write(payload)
            except OSError:
                self._end(Outcome(Ending.SIGNALLED, "the terminal went away", signal.SIGHUP))

    def _answer_handshake(self, payload: bytes) -> None:
        try:
            actions = payloads.parse_handshake_request(payload)
        except payloads.PayloadError as error:
            self._end(Outcome(Ending.NOT_STARTED, f"bad handshake request: {error}"))
            return
        processed = []
        for action in actions:
            session_type = action.parameters.get("SessionType")
            if action.action_type == "SessionType" and session_type in payloads.SHELL_SESSION_TYPES:
                processed.append(payloads.ProcessedAction(action.action_type, payloads.ActionStatus.SUCCESS))
            else:
                what = f"{action.action_type} {session_type}" if session_type else action.action_type
                error = f"{what} is not supported by ecs-tui-session"
                processed.append(payloads.ProcessedAction(action.action_type, payloads.ActionStatus.UNSUPPORTED, error))
        response = payloads.handshake_response(self.client_version, processed)
        self._outbox.put_nowait(self.channel.data_frame(PayloadType.HANDSHAKE_RESPONSE, response))
        refused = [p.error for p in processed if p.status != payloads.ActionStatus.SUCCESS]
        if refused:
            self._end(Outcome(Ending.NOT_STARTED, "; ".join(refused)))

    # -- terminal to agent -------------------------------------------------

    def _start_shell_session(self) -> None:
        if self.started:
            return
        self.started = True
        self._send_size()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGWINCH, self._send_size)
        try:
            loop.add_reader(self.terminal.stdin_fd, self._read_stdin)
            self._reading_stdin = True
        except (PermissionError, ValueError):  # a regular file or /dev/null: nothing will be typed
            pass

    def _send_size(self) -> None:
        size = self.terminal.size()
        if size != self._last_size:
            self._last_size = size
            self._send_input(PayloadType.SIZE, payloads.size_payload(*size))

    def _read_stdin(self) -> None:
        try:
            data = os.read(self.terminal.stdin_fd, STDIN_READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # EOF: nothing more to type; the session goes on until the agent closes it
            self._stop_stdin()
            return
        self._send_input(PayloadType.OUTPUT, b"\r" if data == b"\n" else data)

    def _stop_stdin(self) -> None:
        if self._reading_stdin:
            asyncio.get_running_loop().remove_reader(self.terminal.stdin_fd)
            self._reading_stdin = False

    def _send_input(self, payload_type: int, payload: bytes) -> None:
        self._outbox.put_nowait(self.channel.data_frame(payload_type, payload))

    def _on_signal(self, signum: int) -> None:
        if signum in SIGNAL_KEYS:
            if self.started:
                self._send_input(PayloadType.OUTPUT, SIGNAL_KEYS[signal.Signals(signum)])
        else:
            self._end(Outcome(Ending.SIGNALLED, signal.Signals(signum).name, signum))

    async def _write_forever(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while True:
            wire = await self._outbox.get()
            try:
                await ws.send_bytes(wire)
            except (aiohttp.ClientError, ConnectionError):
                return  # the reader sees the connection go and ends the session
            finally:
                self._outbox.task_done()

    async def _resend_forever(self) -> None:
        while True:
            await asyncio.sleep(RESEND_TICK_SECONDS)
            for wire in self.channel.due_resends():
                self._outbox.put_nowait(wire)


def _describe_connect_error(error: BaseException) -> str:
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"the endpoint refused the websocket upgrade (HTTP {error.status} {error.message})"
    if isinstance(error, asyncio.TimeoutError):
        return "timed out connecting to the endpoint"
    return str(error) or type(error).__name__


def _describe_close(ws: aiohttp.ClientWebSocketResponse, reason: str) -> str:
    exception = ws.exception()
    if isinstance(exception, aiohttp.ServerTimeoutError):
        return "the endpoint stopped responding"
    code = ws.close_code
    if code is None or code == aiohttp.WSCloseCode.ABNORMAL_CLOSURE:
        return "the network connection was closed" + (f" ({exception})" if exception else "")
    return f"the endpoint closed the connection (code {code}{': ' + reason if reason else ''})"

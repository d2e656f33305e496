"""The client against small scripted agents, for the branches the simulator's agent never takes."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from aiohttp import WSMsgType, web

from tui.ssm import payloads
from tui.ssm.channel import DataChannel
from tui.ssm.client import EXIT_CLOSED, EXIT_NOT_STARTED
from tui.ssm.protocol import MessageType, PayloadType, encode_frame

from .conftest import finish, spawn_client

Script = Callable[[web.WebSocketResponse, DataChannel], Awaitable[None]]


@contextmanager
def scripted_agent(script: Script) -> Iterator[str]:
    """Serve ``script`` for one websocket on loopback; yields the stream URL."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    address: list[str] = []
    stop = asyncio.Event()

    async def handle(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        opened = await ws.receive()
        assert opened.type == WSMsgType.TEXT
        payloads.parse_open_data_channel(opened.data)
        await script(ws, DataChannel(MessageType.OUTPUT_STREAM_DATA, MessageType.INPUT_STREAM_DATA))
        await ws.close()
        return ws

    async def serve() -> None:
        app = web.Application()
        app.router.add_get("/ws", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        address.append(f"ws://127.0.0.1:{runner.addresses[0][1]}/ws")
        ready.set()
        await stop.wait()
        await runner.cleanup()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield address[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)


async def next_input(ws: web.WebSocketResponse, channel: DataChannel) -> tuple[int, bytes]:
    """The client's next in-order data frame (acknowledging everything on the way)."""
    while True:
        message = await ws.receive(timeout=10)
        incoming = channel.receive(message.data)
        for reply in incoming.replies:
            await ws.send_bytes(reply)
        if incoming.delivered:
            frame = incoming.delivered[0]
            return frame.payload_type, frame.payload


def run_client(stream_url: str) -> tuple[int, str]:
    session = {"sessionId": "scripted-1", "streamUrl": stream_url, "tokenValue": "t"}
    child = spawn_client([json.dumps(session), "us-east-1", "StartSession", "", json.dumps({"Target": "ecs:a_b_c"})])
    status = finish(child)
    return status, child.before.decode()


def test_kms_encryption_request_is_refused_clearly() -> None:
    responses: list[list[payloads.ProcessedAction]] = []

    async def script(ws: web.WebSocketResponse, channel: DataChannel) -> None:
        request = json.dumps(
            {"AgentVersion": "3.3.0.0", "RequestedClientActions": [{"ActionType": "KMSEncryption", "ActionParameters": {"KMSKeyId": "k"}}]}
        ).encode()
        await ws.send_bytes(channel.data_frame(PayloadType.HANDSHAKE_REQUEST, request))
        payload_type, payload = await next_input(ws, channel)
        assert payload_type == PayloadType.HANDSHAKE_RESPONSE
        responses.append(payloads.parse_handshake_response(payload))
        await ws.receive(timeout=10)  # the client hangs up

    with scripted_agent(script) as url:
        status, output = run_client(url)
    assert status == EXIT_NOT_STARTED
    assert "Cannot perform start session: KMSEncryption is not supported by ecs-tui-session" in output
    assert responses == [[payloads.ProcessedAction("KMSEncryption", payloads.ActionStatus.UNSUPPORTED, "KMSEncryption is not supported by ecs-tui-session")]]


def test_agent_without_handshake_starts_with_output() -> None:
    """Old agents send output first; the plugin then assumes a shell session, and so do we."""

    async def script(ws: web.WebSocketResponse, channel: DataChannel) -> None:
        await ws.send_bytes(channel.data_frame(PayloadType.OUTPUT, b"legacy-agent$ "))
        payload_type, payload = await next_input(ws, channel)
        assert payload_type == PayloadType.SIZE
        await ws.send_bytes(encode_frame(payloads.channel_closed_frame("scripted-1")))

    with scripted_agent(script) as url:
        status, output = run_client(url)
    assert status == EXIT_CLOSED
    assert "legacy-agent$ " in output
    assert "Exiting session with sessionId: scripted-1." in output


def test_channel_closed_with_output_is_printed_like_the_plugin() -> None:
    async def script(ws: web.WebSocketResponse, channel: DataChannel) -> None:
        await ws.send_bytes(channel.data_frame(PayloadType.HANDSHAKE_REQUEST, payloads.handshake_request("3.3.0.0")))
        payload_type, _ = await next_input(ws, channel)
        assert payload_type == PayloadType.HANDSHAKE_RESPONSE
        complete = payloads.handshake_complete(1000, "Welcome from the scripted agent")
        await ws.send_bytes(channel.data_frame(PayloadType.HANDSHAKE_COMPLETE, complete))
        payload_type, payload = await next_input(ws, channel)
        assert (payload_type, payloads.parse_size(payload)) == (PayloadType.SIZE, (80, 24))
        await ws.send_bytes(encode_frame(payloads.channel_closed_frame("scripted-1", "Session idle timeout")))

    with scripted_agent(script) as url:
        status, output = run_client(url)
    assert status == EXIT_CLOSED
    assert "Welcome from the scripted agent" in output
    assert "SessionId: scripted-1 : Session idle timeout" in output

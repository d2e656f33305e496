"""The AWS JSON 1.1 front door: POST / with ``X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>``."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import TYPE_CHECKING

from aiohttp import web

from .errors import EcsError
from .ops import OPERATIONS, Context
from .params import Params

if TYPE_CHECKING:
    from .simulator import Simulator

TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113"
CONTENT_TYPE = "application/x-amz-json-1.1"
SIMULATOR_KEY: web.AppKey["Simulator"] = web.AppKey("simulator")


def _answer(status: int, body: dict, request_id: str) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body, separators=(",", ":")).encode(),
        headers={"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id},
    )


def _parse(raw: bytes) -> dict:
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise EcsError("SerializationException", "Start of structure or map found where not expected.") from None
    if not isinstance(body, dict):
        raise EcsError("SerializationException", "Start of structure or map found where not expected.")
    return body


async def handle(request: web.Request) -> web.Response:
    simulator = request.app[SIMULATOR_KEY]
    request_id = str(uuid.uuid4())
    loop = asyncio.get_running_loop()
    try:
        if "Authorization" not in request.headers:
            raise EcsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403)
        prefix, _, operation = request.headers.get("X-Amz-Target", "").partition(".")
        handler = OPERATIONS.get(operation) if prefix == TARGET_PREFIX else None
        if handler is None:
            raise EcsError("UnknownOperationException", f"Unknown operation {request.headers.get('X-Amz-Target', '')!r}.")
        controls = simulator.controls
        controls.record_call(operation)
        # The latency knob is the whole time a call takes, as a client of AWS sees it: the
        # simulator's own work (building a big describe, waiting for the world) counts in it.
        answer_at = loop.time() + controls.latency_ms / 1000.0
        body = _parse(await request.read())
        refusal = controls.admit(operation)
        if refusal is not None:
            await asyncio.sleep(max(0.0, answer_at - loop.time()))
            raise refusal
        # Off the event loop: a big describe takes milliseconds to build and encode, and the
        # loop must meanwhile keep answering the small calls (a NextToken chain waits on them).
        response = await asyncio.to_thread(_run, simulator, handler, body, request.host, request_id)
        await asyncio.sleep(max(0.0, answer_at - loop.time()))
        return response
    except EcsError as error:
        return _answer(error.status, error.body(), request_id)
    except Exception as error:  # a simulator bug: answer like ECS's own internal failures
        failure = EcsError("ServerException", f"Internal error in the simulator: {error!r}", 500)
        return _answer(failure.status, failure.body(), request_id)


def _run(simulator: "Simulator", handler, body: dict, host: str, request_id: str) -> web.Response:
    world = simulator.world
    with world.lock:
        context = Context(world, world.clock(), host, simulator.sessions)
        result = handler(context, Params(body))
    return _answer(200, result, request_id)


def make_app(simulator: "Simulator") -> web.Application:
    app = web.Application()
    app[SIMULATOR_KEY] = simulator
    app.router.add_post("/", handle)
    return app

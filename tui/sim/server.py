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
    try:
        if "Authorization" not in request.headers:
            raise EcsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403)
        prefix, _, operation = request.headers.get("X-Amz-Target", "").partition(".")
        handler = OPERATIONS.get(operation) if prefix == TARGET_PREFIX else None
        if handler is None:
            raise EcsError("UnknownOperationException", f"Unknown operation {request.headers.get('X-Amz-Target', '')!r}.")
        controls = simulator.controls
        controls.record_call(operation)
        body = _parse(await request.read())
        if controls.latency_ms > 0:
            await asyncio.sleep(controls.latency_ms / 1000.0)
        refusal = controls.admit(operation)
        if refusal is not None:
            raise refusal
        world = simulator.world
        with world.lock:
            context = Context(world, world.clock(), request.host, simulator.sessions)
            result = handler(context, Params(body))
        return _answer(200, result, request_id)
    except EcsError as error:
        return _answer(error.status, error.body(), request_id)
    except Exception as error:  # a simulator bug: answer like ECS's own internal failures
        failure = EcsError("ServerException", f"Internal error in the simulator: {error!r}", 500)
        return _answer(failure.status, failure.body(), request_id)


def make_app(simulator: "Simulator") -> web.Application:
    app = web.Application()
    app[SIMULATOR_KEY] = simulator
    app.router.add_post("/", handle)
    return app

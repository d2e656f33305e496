"""Embedding: extra routes share the port, and the server runs beside another event loop."""

from __future__ import annotations

import asyncio
import urllib.request

from aiohttp import web

from tui.sim import SIMULATOR_KEY, SimConfig, Simulator


def test_extra_routes_are_served_on_the_same_port(ecs_client):
    async def hello(request: web.Request) -> web.Response:
        simulator = request.app[SIMULATOR_KEY]
        return web.Response(text=f"{len(simulator.sessions.all())} sessions")

    with Simulator(SimConfig(), extra_routes=[web.get("/hello", hello)]) as simulator:
        with urllib.request.urlopen(simulator.endpoint_url + "/hello", timeout=10) as response:
            assert response.read() == b"0 sessions"
        assert ecs_client(simulator).list_clusters()["clusterArns"]


async def test_the_simulator_does_not_use_the_callers_event_loop(ecs_client):
    with Simulator(SimConfig(world="scale", scale_services=2, scale_tasks=4)) as simulator:
        client = ecs_client(simulator)
        # A blocking call from inside a running loop still gets its answer: the server has its own loop.
        arns = await asyncio.to_thread(client.list_services, cluster="scale")
        assert len(arns["serviceArns"]) == 2
        assert client.list_clusters()["clusterArns"]


def test_a_busy_port_gives_one_clear_error(demo_sim):
    port = int(demo_sim.endpoint_url.rsplit(":", 1)[1])
    try:
        Simulator(SimConfig(world="scale", scale_services=1, scale_tasks=1, port=port)).start()
    except RuntimeError as error:
        assert str(error).startswith(f"cannot listen on 127.0.0.1:{port}")
    else:
        raise AssertionError("a second server bound the same port")


def test_only_loopback_is_allowed():
    try:
        SimConfig(host="0.0.0.0").validate()
    except ValueError as error:
        assert "loopback" in str(error)
    else:
        raise AssertionError("a non-loopback host was accepted")

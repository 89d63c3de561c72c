"""The posting sync over a real socket: uvicorn serving the sandbox with latency and faults,
dropped connections included."""

from __future__ import annotations

from sqlalchemy import Engine
from sync_world import LATER, SyncWorld, sandbox

from posylka.sandbox.ozon.server import running_sandbox


async def test_sync_over_a_socket_with_latency_and_dropped_connections(engine: Engine) -> None:
    app = sandbox(postings=1200)
    with running_sandbox(app) as url:
        world = SyncWorld(app, engine, base_url=url)
        await world.control(
            "POST",
            "/faults",
            {"latency_ms": 20, "fault_rate": 0.1, "kinds": ["drop", "503", "429"], "seed": 9},
        )

        first = await world.sync()
        await world.control("POST", "/faults", {})
        await world.control("POST", "/stats/reset")
        world.clock.at = LATER
        second = await world.sync()

    assert first.ok, first.errors
    assert world.stored() == first.created == world.first_sightings() == 1200
    assert (second.api_calls, second.created, second.updated) == (1, 0, 0)

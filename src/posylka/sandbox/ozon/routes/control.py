"""Control endpoints for tests and benchmarks, under ``/__sandbox``. They need no credentials, are
not rate limited, get no faults and are not counted.

- ``GET /__sandbox`` — seed, size, the credentials accepted, the clock, postings per status now
  (``visible_now`` grows as new orders arrive, with ``arrivals_per_day``).
- ``GET|POST /__sandbox/faults`` — show or replace the fault plan (see ``faults.FaultPlan``).
- ``GET /__sandbox/stats``, ``POST /__sandbox/stats/reset`` — answers counted by path and status.
- ``GET|POST /__sandbox/clock`` — show sandbox time, or move it: ``{"advance_seconds": 3600}`` or
  ``{"now": "2026-05-01T12:00:00Z"}``.
- ``GET /__sandbox/postings/{number}`` — a posting's status timeline, past and planned.
- ``POST /__sandbox/postings/{number}/status`` — ``{"status": "...", "substatus": "..."}``: the
  posting changes status now, and its planned future is dropped.
- ``POST /__sandbox/postings/{number}/assembly`` — ``{"ship_failed": 1, "exemplars_missing":
  true}``: the next accepted assembly of the posting ends in ``ship_failed``; assembling its
  marked products is refused with ``EXEMPLAR_INFO_NOT_FILLED_COMPLETELY`` (see ``assembly``).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.sandbox.ozon.bodies import read_json
from posylka.sandbox.ozon.errors import invalid, not_found
from posylka.sandbox.ozon.faults import FaultPlan
from posylka.sandbox.ozon.rendering import moment
from posylka.sandbox.ozon.routes.replies import reply_data
from posylka.sandbox.ozon.runtime import Runtime
from posylka.sandbox.ozon.state import UnknownPosting

PREFIX = "/__sandbox"


class AssemblyFaults(BaseModel):
    """Faults of one posting's assembly: the next ``ship_failed`` accepted assemblies end in the
    substatus ``ship_failed``; ``exemplars_missing`` refuses assembly of marked products."""

    model_config = ConfigDict(extra="forbid")

    ship_failed: int | None = Field(default=None, ge=0)
    exemplars_missing: bool | None = None


class ClockChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    advance_seconds: float | None = None
    now: datetime | None = None


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: str
    substatus: str | None = None


def _iso(seconds: int | None) -> str | None:
    value = moment(seconds)
    return value.isoformat().replace("+00:00", "Z") if value else None


def routes(runtime: Runtime) -> list[BaseRoute]:
    state = runtime.state

    async def info(request: Request) -> Response:
        now = state.now()
        statuses = Counter(
            event.status for p in state.postings if (event := p.timeline.at(now)) is not None
        )
        return reply_data(
            {
                "seed": runtime.config.seed,
                "postings": runtime.config.postings,
                "arrivals_per_day": runtime.config.arrivals_per_day,
                "visible_now": sum(statuses.values()),
                "client_id": runtime.config.client_id,
                "api_key": runtime.config.accepted_api_key,
                "rate_limit": runtime.config.rate_limit,
                "anchor": state.anchor.isoformat().replace("+00:00", "Z"),
                "clock": state.clock.describe(),
                "statuses": dict(sorted(statuses.items())),
            }
        )

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            try:
                plan = FaultPlan.model_validate(read_json(await request.body()))
            except ValidationError as exc:
                raise invalid(f"invalid fault plan: {exc.errors(include_url=False)}") from exc
            runtime.faults.replace(plan)
        return reply_data(runtime.faults.snapshot())

    async def stats(request: Request) -> Response:
        return reply_data(runtime.stats.snapshot())

    async def reset_stats(request: Request) -> Response:
        runtime.stats.reset()
        return reply_data(runtime.stats.snapshot())

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            try:
                change = ClockChange.model_validate(read_json(await request.body()))
            except ValidationError as exc:
                raise invalid(f"invalid clock change: {exc.errors(include_url=False)}") from exc
            if (change.advance_seconds is None) == (change.now is None):
                raise invalid("give exactly one of advance_seconds or now")
            if change.now is not None:
                state.clock.set(change.now)
            elif change.advance_seconds is not None:
                state.clock.advance(change.advance_seconds)
        return reply_data(state.clock.describe())

    async def timeline(request: Request) -> Response:
        number = request.path_params["number"]
        try:
            posting = state.posting(number)
        except UnknownPosting as exc:
            raise not_found(f"posting {number} not found") from exc
        now = state.now()
        event = posting.timeline.at(now)
        return reply_data(
            {
                "posting_number": posting.posting_number,
                "now": _iso(now),
                "status": event.status if event else None,
                "status_changed_at": _iso(posting.timeline.status_changed_at(now)),
                "events": [
                    {"at": _iso(e.at), "status": e.status, "substatus": e.substatus}
                    for e in posting.timeline.events
                ],
            }
        )

    async def set_status(request: Request) -> Response:
        number = request.path_params["number"]
        try:
            change = StatusChange.model_validate(read_json(await request.body()))
            state.set_status(number, change.status, change.substatus)
        except ValidationError as exc:
            raise invalid(f"invalid status change: {exc.errors(include_url=False)}") from exc
        except UnknownPosting as exc:
            raise not_found(f"posting {number} not found") from exc
        except ValueError as exc:
            raise invalid(str(exc)) from exc
        return await timeline(request)

    async def assembly_faults(request: Request) -> Response:
        number = request.path_params["number"]
        try:
            change = AssemblyFaults.model_validate(read_json(await request.body()))
            posting = state.posting(number)
        except ValidationError as exc:
            raise invalid(f"invalid assembly faults: {exc.errors(include_url=False)}") from exc
        except UnknownPosting as exc:
            raise not_found(f"posting {number} not found") from exc
        if change.ship_failed is not None:
            posting.failing_ships = change.ship_failed
        if change.exemplars_missing is not None:
            posting.exemplars_missing = change.exemplars_missing
        return reply_data(
            {
                "posting_number": posting.posting_number,
                "ship_failed": posting.failing_ships,
                "exemplars_missing": posting.exemplars_missing,
            }
        )

    return [
        Route(PREFIX, info, methods=["GET"]),
        Route(f"{PREFIX}/faults", faults, methods=["GET", "POST"]),
        Route(f"{PREFIX}/stats", stats, methods=["GET"]),
        Route(f"{PREFIX}/stats/reset", reset_stats, methods=["POST"]),
        Route(f"{PREFIX}/clock", clock, methods=["GET", "POST"]),
        Route(f"{PREFIX}/postings/{{number}}", timeline, methods=["GET"]),
        Route(f"{PREFIX}/postings/{{number}}/status", set_status, methods=["POST"]),
        Route(f"{PREFIX}/postings/{{number}}/assembly", assembly_faults, methods=["POST"]),
    ]

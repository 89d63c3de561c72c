"""The sandbox's carriage, act and rFBS answers follow Ozon's current OpenAPI shapes (field names
and JSON types), and its refusals use Ozon's error envelope.

Reads the reference document beside the repository (``shared/ozon-api``, or
``POSYLKA_OZON_OPENAPI``) and skips when it is not available.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp

jsonschema = pytest.importorskip("jsonschema")

_DEFAULT = Path(__file__).resolve().parents[4] / "shared" / "ozon-api"
SPEC = Path(os.environ.get("POSYLKA_OZON_OPENAPI", _DEFAULT / "ozon-seller-fulfilment-2026.json"))


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC.is_file():
        pytest.skip(f"Ozon's OpenAPI document is not at {SPEC}")
    loaded: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return loaded


def check(spec: dict[str, Any], path: str, payload: Any) -> None:
    response = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
    schema = {**response["schema"], "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def waiting(app: SandboxApp, integration: str) -> str:
    """A posting of ``integration`` moved to awaiting_deliver."""
    now = app.state.now()
    posting = next(
        p
        for p in app.state.postings
        if p.method.integration == integration
        and (e := p.timeline.at(now)) is not None
        and e.status == "awaiting_packaging"
    )
    app.state.set_status(posting.posting_number, "awaiting_deliver")
    return posting.posting_number


async def test_carriage_answers_match_the_schema(spec: dict[str, Any]) -> None:
    app = make_app(postings=300)
    number = waiting(app, "ozon")
    method = app.state.posting(number).method
    async with client_for(app) as client:
        created = await client.post(
            "/v1/carriage/create",
            json={"delivery_method_id": method.id, "departure_date": "2026-12-01"},
        )
        carriage_id = created.json()["carriage_id"]
        approved = await client.post("/v1/carriage/approve", json={"carriage_id": carriage_id})
        got = await client.post("/v1/carriage/get", json={"carriage_id": str(carriage_id)})
        postings = await client.post("/v2/posting/fbs/act/get-postings", json={"id": carriage_id})
        pdf = await client.post("/v2/posting/fbs/act/get-pdf", json={"id": carriage_id})
        cancelled = await client.post("/v1/carriage/cancel", json={"carriage_id": carriage_id})
    check(spec, "/v1/carriage/create", created.json())
    check(spec, "/v1/carriage/approve", approved.json())
    check(spec, "/v1/carriage/get", got.json())
    check(spec, "/v2/posting/fbs/act/get-postings", postings.json())
    assert number in [p["posting_number"] for p in postings.json()["result"]]
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert cancelled.status_code == 400
    assert cancelled.json() == {
        "code": 3,
        "message": "Incorrect_carriage_status: only a new carriage can be cancelled",
        "details": [],
    }


async def test_the_carriage_list_matches_the_schema_and_shows_the_new_carriage(
    spec: dict[str, Any],
) -> None:
    app = make_app(postings=300)
    method = app.state.posting(waiting(app, "ozon")).method
    asked = {"delivery_method_id": method.id, "departure_date": "2026-12-01"}
    async with client_for(app) as client:
        before = await client.post("/v1/posting/carriage-available/list", json=asked)
        created = await client.post("/v1/carriage/create", json=asked)
        after = await client.post("/v1/posting/carriage-available/list", json=asked)
    check(spec, "/v1/posting/carriage-available/list", before.json())
    check(spec, "/v1/posting/carriage-available/list", after.json())
    assert [line["carriage_id"] for line in before.json()["result"]] == [0]
    assert [(line["carriage_id"], line["carriage_status"]) for line in after.json()["result"]] == [
        (created.json()["carriage_id"], "new")
    ]


async def test_rfbs_answers_match_the_schema(spec: dict[str, Any]) -> None:
    app = make_app(postings=300)
    number = waiting(app, "non_integrated")
    async with client_for(app) as client:
        tracking = await client.post(
            "/v2/fbs/posting/tracking-number/set",
            json={"tracking_numbers": [{"posting_number": number, "tracking_number": "T-1"}]},
        )
        moves = [
            await client.post(f"/v2/fbs/posting/{move}", json={"posting_number": [number]})
            for move in ("delivering", "last-mile", "delivered")
        ]
    check(spec, "/v2/fbs/posting/tracking-number/set", tracking.json())
    for move, answer in zip(("delivering", "last-mile", "delivered"), moves, strict=True):
        check(spec, f"/v2/fbs/posting/{move}", answer.json())
        assert answer.json() == {
            "result": [{"posting_number": number, "result": True, "error": ""}]
        }


async def test_rfbs_calls_without_postings_are_refused_whole() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        empty_move = await client.post("/v2/fbs/posting/delivering", json={"posting_number": []})
        no_number = await client.post(
            "/v2/fbs/posting/tracking-number/set",
            json={"tracking_numbers": [{"posting_number": "1-1-1", "tracking_number": " "}]},
        )
    assert empty_move.status_code == 400
    assert no_number.status_code == 400
    assert "tracking_numbers[0].tracking_number" in no_number.json()["message"]

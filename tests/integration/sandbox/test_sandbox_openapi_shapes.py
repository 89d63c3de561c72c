"""The sandbox's answers follow Ozon's current OpenAPI shapes (field names and JSON types).

The reference document lives outside the repository, beside it in ``shared/ozon-api``; the test
reads it from there (or from ``POSYLKA_OZON_OPENAPI``) and skips when it is not available.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sandbox_support import NOW, client_for, iso, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp

jsonschema = pytest.importorskip("jsonschema")

_DEFAULT = Path(__file__).resolve().parents[4] / "shared" / "ozon-api"
SPEC = Path(os.environ.get("POSYLKA_OZON_OPENAPI", _DEFAULT / "ozon-seller-fulfilment-2026.json"))


@pytest.fixture(scope="module")
def components() -> dict[str, Any]:
    if not SPEC.is_file():
        pytest.skip(f"Ozon's OpenAPI document is not at {SPEC}")
    spec: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=400)


def _check(spec: dict[str, Any], path: str, payload: Any) -> None:
    response = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
    schema = {**response["schema"], "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def _uses_known_fields(spec: dict[str, Any], schema_name: str, record: dict[str, Any]) -> None:
    known = set(spec["components"]["schemas"][schema_name]["properties"])
    # The shared models may carry a field Ozon dropped from one method but kept in another;
    # such fields must at least be empty here.
    extra = {k: v for k, v in record.items() if k not in known and v not in (None, "", [])}
    assert not extra, f"fields not in {schema_name}: {sorted(extra)}"


ALL_WITH = {"analytics_data": True, "barcodes": True, "financial_data": True, "legal_info": True}


async def test_posting_list_pages_match_the_schema(
    components: dict[str, Any], app: SandboxApp
) -> None:
    async with client_for(app) as client:
        page = (
            await client.post("/v4/posting/fbs/list", json=list_body(**{"with": ALL_WITH}))
        ).json()
    _check(components, "/v4/posting/fbs/list", page)
    for posting in page["postings"]:
        _uses_known_fields(components, "PostingV4PostingFbsListResponsePostings", posting)


async def test_unfulfilled_pages_match_the_schema(
    components: dict[str, Any], app: SandboxApp
) -> None:
    body = {
        "limit": 100,
        "filter": {
            "cutoff_from": iso(NOW - timedelta(days=5)),
            "cutoff_to": iso(NOW + timedelta(days=5)),
        },
        "with": ALL_WITH,
    }
    async with client_for(app) as client:
        page = (await client.post("/v4/posting/fbs/unfulfilled/list", json=body)).json()
    assert page["postings"]
    _check(components, "/v4/posting/fbs/unfulfilled/list", page)


async def test_posting_get_matches_the_schema(components: dict[str, Any], app: SandboxApp) -> None:
    rfbs = next(p for p in app.state.postings if p.is_rfbs)
    fbs = next(p for p in app.state.postings if not p.is_rfbs)
    async with client_for(app) as client:
        for posting in (rfbs, fbs):
            body = {
                "posting_number": posting.posting_number,
                "with": {**ALL_WITH, "translit": True},
            }
            answer = (await client.post("/v3/posting/fbs/get", json=body)).json()
            _check(components, "/v3/posting/fbs/get", answer)
            _uses_known_fields(components, "V3FbsPostingDetail", answer["result"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v2/warehouse/list", {"limit": 50}),
        ("/v2/delivery-method/list", {"limit": 50}),
        ("/v2/posting/fbs/cancel-reason/list", {}),
    ],
)
async def test_reference_lists_match_the_schema(
    components: dict[str, Any], app: SandboxApp, path: str, body: dict[str, Any]
) -> None:
    async with client_for(app) as client:
        answer = (await client.post(path, json=body)).json()
    _check(components, path, answer)


async def test_cancel_answers_match_the_schema(components: dict[str, Any]) -> None:
    app = make_app(postings=100)
    now = app.state.now()
    open_ = [
        p
        for p in app.state.postings
        if (e := p.timeline.at(now)) and e.status == "awaiting_packaging"
    ]
    first, second = open_[0], open_[1]
    item = second.items[0]
    async with client_for(app) as client:
        cancelled = await client.post(
            "/v2/posting/fbs/cancel",
            json={"posting_number": first.posting_number, "cancel_reason_id": 352},
        )
        items = await client.post(
            "/v2/posting/fbs/product/cancel",
            json={
                "posting_number": second.posting_number,
                "cancel_reason_id": 352,
                "cancel_reason_message": "Out of stock",
                "items": [{"sku": item.product.sku, "quantity": 1}],
            },
        )
    _check(components, "/v2/posting/fbs/cancel", cancelled.json())
    _check(components, "/v2/posting/fbs/product/cancel", items.json())

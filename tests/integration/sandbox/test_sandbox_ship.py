"""The sandbox's assembly methods over raw HTTP: answers in Ozon's OpenAPI shapes, the rate limit,
bad bodies, ``ship/package`` and the posting the split makes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.seeding import SandboxPosting

SHIP = "/v4/posting/fbs/ship"
SHIP_PACKAGE = "/v4/posting/fbs/ship/package"
RESTRICTIONS = "/v1/posting/fbs/restrictions"
ATTRIBUTES = "/v4/product/info/attributes"

_SHARED = Path(__file__).resolve().parents[4] / "shared" / "ozon-api"
SPEC = Path(os.environ.get("POSYLKA_OZON_OPENAPI", _SHARED / "ozon-seller-fulfilment-2026.json"))
FULL_SPEC = _SHARED / "ozon-seller-openapi-2025-08-15.json"


def _spec(path: Path) -> dict[str, Any]:
    if not path.is_file():
        pytest.skip(f"Ozon's OpenAPI document is not at {path}")
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return spec


def _check(spec: dict[str, Any], path: str, payload: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    response = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
    schema = {**response["schema"], "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def _open(app: SandboxApp, *, lines: int = 1) -> SandboxPosting:
    now = app.state.now()
    return next(
        p
        for p in app.state.postings
        if (e := p.timeline.at(now)) and e.status == "awaiting_packaging" and len(p.items) >= lines
    )


def _products(posting: SandboxPosting) -> list[dict[str, int]]:
    return [{"product_id": i.product.sku, "quantity": i.quantity} for i in posting.items]


async def test_ship_and_restrictions_answers_match_the_schema() -> None:
    spec = _spec(SPEC)
    app = make_app(postings=100, ship_seconds=0)
    posting = _open(app)
    async with client_for(app) as client:
        shipped = await client.post(
            SHIP,
            json={
                "posting_number": posting.posting_number,
                "packages": [{"products": _products(posting)}],
                "with": {"additional_data": True},
            },
        )
        limits = await client.post(RESTRICTIONS, json={"posting_number": posting.posting_number})
    assert shipped.status_code == 200, shipped.text
    _check(spec, SHIP, shipped.json())
    _check(spec, RESTRICTIONS, limits.json())
    assert shipped.json()["additional_data"][0]["posting_number"] == posting.posting_number


async def test_product_attributes_use_only_ozons_field_names() -> None:
    spec = _spec(FULL_SPEC)
    known = set(spec["components"]["schemas"]["productv4GetProductAttributesV4ResponseResult"][
        "properties"
    ])  # fmt: skip
    app = make_app(postings=10)
    async with client_for(app) as client:
        answer = await client.post(ATTRIBUTES, json={"filter": {"visibility": "ALL"}, "limit": 5})
    result = answer.json()["result"]
    assert len(result) == 5
    for record in result:
        assert set(record) <= known
        assert record["dimension_unit"] in ("mm", "cm")
        assert record["depth"] > 0
        assert record["weight"] > 0


async def test_product_attributes_page_by_last_id() -> None:
    app = make_app(postings=10)
    seen: list[int] = []
    body: dict[str, Any] = {"filter": {"visibility": "ALL"}, "limit": 100}
    async with client_for(app) as client:
        while True:
            page = (await client.post(ATTRIBUTES, json=body)).json()
            seen += [record["id"] for record in page["result"]]
            if not page["last_id"]:
                break
            body["last_id"] = page["last_id"]
    assert len(seen) == len(set(seen)) == len(app.state.catalogue)


async def test_a_ship_body_of_the_wrong_shape_is_refused_in_one_sentence() -> None:
    app = make_app(postings=20)
    posting = _open(app)
    async with client_for(app) as client:
        answer = await client.post(
            SHIP, json={"posting_number": posting.posting_number, "packages": "one box"}
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == 3
    assert answer.json()["message"].startswith("invalid request body: packages")


async def test_a_ship_without_packages_is_refused() -> None:
    app = make_app(postings=20)
    posting = _open(app)
    async with client_for(app) as client:
        answer = await client.post(SHIP, json={"posting_number": posting.posting_number})
    assert answer.status_code == 400
    assert "packages" in answer.json()["message"]


async def test_ship_package_assembles_the_package_and_leaves_the_rest() -> None:
    app = make_app(postings=200, ship_seconds=0)
    posting = _open(app, lines=2)
    first = posting.items[0]
    async with client_for(app) as client:
        answer = await client.post(
            SHIP_PACKAGE,
            json={
                "posting_number": posting.posting_number,
                "products": [{"product_id": first.product.sku, "quantity": first.quantity}],
            },
        )
    assert answer.status_code == 200, answer.text
    made = app.state.posting(answer.json()["result"])
    now = app.state.now()
    assert made.posting_number != posting.posting_number
    assert made.parent_posting_number == posting.posting_number
    assert [(i.product.sku, i.quantity) for i in made.items] == [
        (first.product.sku, first.quantity)
    ]
    assert made.timeline.at(now).status == "awaiting_deliver"  # type: ignore[union-attr]
    assert posting.timeline.at(now).status == "awaiting_packaging"  # type: ignore[union-attr]
    assert first.product.sku not in {i.product.sku for i in posting.items}


async def test_a_split_posting_has_barcodes_of_its_own() -> None:
    app = make_app(postings=200, ship_seconds=0)
    posting = _open(app, lines=2)
    packages = [{"products": [p]} for p in _products(posting)]
    async with client_for(app) as client:
        answer = await client.post(
            SHIP, json={"posting_number": posting.posting_number, "packages": packages}
        )
        first, second = answer.json()["result"][:2]
        got = [
            (await client.post(
                "/v3/posting/fbs/get",
                json={"posting_number": number, "with": {"barcodes": True}},
            )).json()["result"]
            for number in (first, second)
        ]  # fmt: skip
    assert got[0]["barcodes"] != got[1]["barcodes"]
    assert got[1]["parent_posting_number"] == first


class ManualTimer:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


async def test_assembly_calls_count_against_the_rate_limit() -> None:
    app = make_app(postings=20, rate_limit=2, timer=ManualTimer())
    posting = _open(app)
    body = {"posting_number": posting.posting_number}
    async with client_for(app) as client:
        statuses = [(await client.post(RESTRICTIONS, json=body)).status_code for _ in range(2)]
        shipped = await client.post(SHIP, json={**body, "packages": [{"products": []}]})
    assert statuses == [200, 200]
    assert shipped.status_code == 429


async def test_items_cannot_be_cancelled_while_the_assembly_is_in_process() -> None:
    app = make_app(postings=50, ship_seconds=5)
    posting = _open(app)
    item = posting.items[0]
    async with client_for(app) as client:
        await client.post(
            SHIP,
            json={
                "posting_number": posting.posting_number,
                "packages": [{"products": _products(posting)}],
            },
        )
        answer = await client.post(
            "/v2/posting/fbs/product/cancel",
            json={
                "posting_number": posting.posting_number,
                "cancel_reason_id": 352,
                "cancel_reason_message": "Out of stock",
                "items": [{"sku": item.product.sku, "quantity": 1}],
            },
        )
    assert answer.status_code == 400
    assert answer.json()["message"] == "HAS_INCORRECT_STATUS"

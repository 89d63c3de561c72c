"""The sandbox's label task answers follow Ozon's current shapes (field names and JSON types) in
the fulfilment description kept outside the repository (or at ``POSYLKA_OZON_OPENAPI``); skipped
when it is not there. The synchronous label call answers a PDF, which no JSON schema describes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sandbox_support import client_for, make_app

from posylka.adapters.ozon import schemas
from posylka.sandbox.ozon.labels import TASK_SECONDS

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


def fields_of(spec: dict[str, Any], name: str) -> set[str]:
    return set(spec["components"]["schemas"][name]["properties"])


async def test_label_task_answers_match_the_schema(spec: dict[str, Any]) -> None:
    app = make_app()
    now = app.state.now()
    ready = [
        p.posting_number
        for p in app.state.postings
        if (event := p.timeline.at(now)) is not None and event.status == "awaiting_deliver"
    ][:2]
    async with client_for(app) as client:
        created = (
            await client.post(
                "/v3/posting/fbs/package-label/create",
                json={"posting_numbers": [*ready, "1234-0001-1"]},
            )
        ).json()
        task_id = created["tasks"][0]["task_id"]
        body = {"task_id": task_id}
        pending = (await client.post("/v2/posting/fbs/package-label/get", json=body)).json()
        await client.post("/__sandbox/clock", json={"advance_seconds": TASK_SECONDS})
        done = (await client.post("/v2/posting/fbs/package-label/get", json=body)).json()

    check(spec, "/v3/posting/fbs/package-label/create", created)
    check(spec, "/v2/posting/fbs/package-label/get", pending)
    check(spec, "/v2/posting/fbs/package-label/get", done)
    assert set(done) <= fields_of(spec, "PostingV2PostingFbsPackageLabelGetResponse")
    assert set(done["status"]) <= fields_of(
        spec, "PostingV2PostingFbsPackageLabelGetResponseStatus"
    )
    assert done["status"]["unprinted_postings"][0]["posting_number"] == "1234-0001-1"


def test_the_label_request_fields_are_ozons(spec: dict[str, Any]) -> None:
    assert set(schemas.PackageLabelRequest.model_fields) <= fields_of(
        spec, "PostingFbsPackageLabelRequest"
    )
    assert set(schemas.PackageLabelTaskCreateRequest.model_fields) <= fields_of(
        spec, "PostingFbsPackageLabelCreateRequest"
    )
    assert set(schemas.PackageLabelTaskGetRequest.model_fields) <= fields_of(
        spec, "PostingFbsPackageLabelGetRequest"
    )

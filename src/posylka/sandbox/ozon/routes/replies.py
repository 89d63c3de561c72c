"""Writing answers: wire models, plain data and JSON already written, as compact UTF-8 JSON, as
Ozon sends them."""

from __future__ import annotations

import json

from pydantic import BaseModel
from starlette.responses import Response


def reply(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json")


def reply_data(data: object, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


def reply_bytes(body: bytes, status: int = 200) -> Response:
    """An answer already written as JSON."""
    return Response(body, status_code=status, media_type="application/json")

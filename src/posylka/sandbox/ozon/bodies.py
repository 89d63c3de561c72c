"""Reading request bodies into the shared wire models, refusing what Ozon refuses.

Ozon answers a body that is not JSON, or has a field of the wrong type, with HTTP 400 and gRPC code
3 (INVALID_ARGUMENT). Omitted fields and explicit ``null`` are the same thing; int64 ids may come as
numbers or strings (the wire models read both).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import ValidationError

from posylka.adapters.ozon.schemas import WireModel
from posylka.sandbox.ozon.errors import invalid

M = TypeVar("M", bound=WireModel)


def read_json(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; an empty body counts as ``{}``."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise invalid(f"invalid request body: {exc}") from exc
    if not isinstance(data, dict):
        raise invalid("invalid request body: a JSON object is expected")
    return data


def parse(model: type[M], raw: bytes) -> M:
    data = read_json(raw)
    # Ozon reads the sort direction in any case ("asc" in its own examples, "ASC" in its enum).
    if isinstance(data.get("sort_dir"), str):
        data["sort_dir"] = data["sort_dir"].upper()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(f"invalid request body: {_describe(exc)}") from exc


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors(include_url=False)[:3]:
        where = ".".join(str(part) for part in item["loc"]) or "body"
        problems.append(f"{where}: {item['msg']}")
    return "; ".join(problems)

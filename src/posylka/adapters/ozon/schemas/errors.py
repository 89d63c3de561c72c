"""Ozon's error envelope (grpc-gateway ``rpcStatus``), which any method may answer with."""

from __future__ import annotations

from posylka.adapters.ozon.schemas.base import WireModel


class ErrorDetail(WireModel):
    typeUrl: str | None = None  # noqa: N815 (Ozon's name)
    value: str | None = None


class ErrorResponse(WireModel):
    """Ozon's error envelope: ``{"code": 3, "message": "...", "details": []}``."""

    code: int | str = 0
    message: str = ""
    details: list[ErrorDetail] | None = None

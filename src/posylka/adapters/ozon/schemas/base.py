"""The ground of every Ozon wire model: the base classes and the field types the areas share.

Two Ozon habits shape every model of the package:
- optional fields may be omitted or sent as explicit ``null``: every optional field is ``X | None``;
- int64 ids travel as JSON numbers or as strings: :data:`Int64` reads both, and list filters that
  Ozon types as ``string`` (``warehouse_ids``, ``delivery_method_ids``) are written as strings.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

Int64 = Annotated[int, Field(strict=False, ge=-(2**63), le=2**63 - 1)]
"""An int64 id, accepted as ``123`` or ``"123"``."""

Int64AsString = Annotated[int, Field(strict=False), PlainSerializer(str, return_type=str)]
"""An int64 id that Ozon types as a string (list filters): read as either, written as a string."""

SortDir = Literal["ASC", "DESC", "asc", "desc"]


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are ignored so new Ozon fields break nothing."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class RequestModel(WireModel):
    """Base of request bodies; serialised without ``None`` fields."""

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)


class DocumentFile(WireModel):
    """A document reply as Ozon's document draws it (``file_content`` holds the PDF, base64 or
    raw); the live API sends the PDF itself as the body."""

    file_content: str | None = None
    file_name: str | None = None
    content_type: str | None = None

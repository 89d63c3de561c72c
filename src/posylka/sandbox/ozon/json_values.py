"""JSON values written exactly as the wire models write them, for answers built without the
models.

The shared wire models serialise through pydantic: compact separators, UTF-8 text (no ``\\u``
escapes beyond control characters), floats in their shortest round-trip form, aware UTC
datetimes as ``2026-11-20T12:00:00Z``. Each writer below returns the JSON text of one value in
that same form, so an object assembled from them is byte-for-byte what ``model_dump_json`` gives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import encode_basestring

import pydantic_core

NULL = "null"
TRUE = "true"
FALSE = "false"
EMPTY_ARRAY = "[]"
DAY = 86400


def text(value: str) -> str:
    """A JSON string; the standard library escapes exactly the characters pydantic escapes."""
    return encode_basestring(value)


def flag(value: bool) -> str:
    return TRUE if value else FALSE


def number(value: int | float) -> str:
    """An integer as digits; a float as Python's shortest repr, which is pydantic's form too
    except where repr switches to an exponent (pydantic writes ``0.00001`` for ``1e-05``)."""
    if isinstance(value, int):
        return str(value)
    written = repr(value)
    if "e" in written or "n" in written:  # exponents, inf and nan: let pydantic decide
        return pydantic_core.to_json(value).decode()
    return written


def moment(seconds: int | None) -> str:
    """A whole-second UTC instant, or ``null``."""
    if seconds is None:
        return NULL
    day, second = divmod(seconds, DAY)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return f'"{_date(day)}{hour:02d}:{minute:02d}:{second:02d}Z"'


@lru_cache(maxsize=4096)
def _date(day: int) -> str:
    """``YYYY-MM-DDT`` of a day counted from the epoch (a few thousand days cover any list)."""
    return datetime.fromtimestamp(day * DAY, UTC).isoformat()[:11]


def texts(values: list[str]) -> str:
    """An array of strings."""
    return "[" + ",".join(map(encode_basestring, values)) + "]"


def array(items: list[str]) -> str:
    """An array of values already written as JSON."""
    return "[" + ",".join(items) + "]"


class Shape:
    """The members of one kind of object, in the wire model's order, compiled once into a format
    string: writing an object is then a single formatting step. Values come already written as
    JSON; keys are Ozon's field names, which need no escaping."""

    __slots__ = ("_template", "keys")

    def __init__(self, *keys: str, braces: bool = True) -> None:
        self.keys = keys
        body = ",".join(f'"{key}":%({key})s' for key in keys)
        self._template = "{" + body + "}" if braces else body

    def write(self, **written: str) -> str:
        """The object (or, without braces, its members) with these values; every key must be
        given."""
        return self._template % written

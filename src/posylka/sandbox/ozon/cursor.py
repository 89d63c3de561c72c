"""Opaque, stateless list cursors.

A cursor is the URL-safe base64 of the sort key of the last posting handed out (processing date
and number) and a fingerprint of the query it belongs to. The sandbox keeps nothing between pages;
a cursor brought to a different filter or sort direction is refused, as continuing it would skip
or repeat postings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from posylka.sandbox.ozon.errors import OzonError, invalid


def fingerprint(parts: dict[str, Any]) -> str:
    """A short hash of everything that decides which postings a list holds, in which order."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode(key: tuple[int, str], query_print: str) -> str:
    raw = json.dumps([key[0], key[1], query_print], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, query_print: str) -> tuple[int, str]:
    """The sort key in ``cursor``; refuses garbage and cursors of another query."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        seconds, number, printed = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise invalid("invalid cursor") from exc
    if not isinstance(seconds, int) or not isinstance(number, str) or printed != query_print:
        raise _mismatch()
    return seconds, number


def _mismatch() -> OzonError:
    return invalid("cursor does not belong to this filter and sort order: start the list again")

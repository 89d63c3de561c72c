"""Ports of the handover area."""

from __future__ import annotations

from typing import Protocol


class HandoverRepository(Protocol):
    """Hand-overs (carriages), their documents and the pallet checklist; rFBS tracking."""

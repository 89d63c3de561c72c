"""Ports of the packing area."""

from __future__ import annotations

from typing import Protocol


class PackingRepository(Protocol):
    """Packing sessions at the station: scans, weights and the photo or video evidence."""

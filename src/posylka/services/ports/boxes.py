"""Ports of the boxes area."""

from __future__ import annotations

from typing import Protocol


class BoxRepository(Protocol):
    """The box catalogue per warehouse, Ozon's per-posting limits and the packers' box overrides."""

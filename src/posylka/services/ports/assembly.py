"""Ports of the assembly area."""

from __future__ import annotations

from typing import Protocol


class AssemblyRepository(Protocol):
    """Assemblies: recorded before Ozon is called, then followed to their end."""

"""Ports of the recipes area."""

from __future__ import annotations

from typing import Protocol


class RecipeRepository(Protocol):
    """Packing rules: their saved versions and the one in force per store."""

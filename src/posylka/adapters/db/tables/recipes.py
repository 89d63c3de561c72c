"""Tables of the recipes area."""

from __future__ import annotations

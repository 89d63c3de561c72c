"""Tables of the packing area."""

from __future__ import annotations

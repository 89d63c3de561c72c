"""Tables of the assembly area."""

from __future__ import annotations

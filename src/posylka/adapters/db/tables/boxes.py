"""Tables of the boxes area."""

from __future__ import annotations

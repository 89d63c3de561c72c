"""Tables of the handover area."""

from __future__ import annotations

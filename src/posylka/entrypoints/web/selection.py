"""The postings ticked in the queue: each checkbox of the queue's selection form sends
``store_id:posting_number``, in queue order."""

from __future__ import annotations

from collections.abc import Sequence

from posylka.domain.ids import PostingNumber, StoreId

MAX_TICKED = 2000
"""More than any queue page shows at once; the rest of a longer list is ignored."""


def ticked_postings(values: Sequence[str]) -> list[tuple[StoreId, PostingNumber]]:
    """The ``store_id:posting_number`` values in the order sent; malformed ones are skipped."""
    wanted: list[tuple[StoreId, PostingNumber]] = []
    for value in values[:MAX_TICKED]:
        store, _, number = value.partition(":")
        if store.strip().isdigit() and number.strip():
            wanted.append((StoreId(int(store)), PostingNumber(number.strip())))
    return wanted

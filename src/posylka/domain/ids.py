"""Identifiers that carry meaning in their type: a SKU is never passed where a store id belongs."""

from typing import NewType

StoreId = NewType("StoreId", int)
"""posylka's own id of a store (one Ozon seller account)."""

UserId = NewType("UserId", int)

PostingNumber = NewType("PostingNumber", str)
"""Ozon's posting number, e.g. ``0208245774-0029-1``: the unit of work everywhere."""

OrderNumber = NewType("OrderNumber", str)
Sku = NewType("Sku", int)
"""Ozon's product id on the marketplace (``ship`` calls it ``product_id``)."""

OfferId = NewType("OfferId", str)
"""The seller's own article code."""

WarehouseId = NewType("WarehouseId", int)
"""Ozon's warehouse id."""

DeliveryMethodId = NewType("DeliveryMethodId", int)
"""Ozon's delivery method id."""

ProductId = NewType("ProductId", int)
"""posylka's own id of a product in a store's catalogue (one offer_id of one store)."""

BatchId = NewType("BatchId", int)
"""A pick-list batch: postings picked together in one walk of the warehouse."""

PrintJobId = NewType("PrintJobId", int)
"""One document sent (or to be sent) to one printer."""

BoxId = NewType("BoxId", int)
"""A box, bag or envelope of a warehouse's packaging catalogue."""

RecipeVersionId = NewType("RecipeVersionId", int)
"""One saved version of a store's packing rules."""

HandoverId = NewType("HandoverId", int)
"""One day's hand-over of one delivery method's parcels (an Ozon carriage)."""

EvidenceId = NewType("EvidenceId", int)
"""A photo or video of a posting being packed, kept for disputes."""

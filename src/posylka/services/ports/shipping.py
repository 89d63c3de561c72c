"""Ports for assembling postings on Ozon and handing them over.

``ShippingGateway`` is one store's Ozon seen by the packing station, the assembly follower and the
hand-over desk; the Ozon gateway satisfies it next to ``MarketplaceGateway``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from posylka.domain.ids import DeliveryMethodId, PostingNumber, StoreId
from posylka.domain.postings import Posting
from posylka.domain.shipping import Carriage, ItemResult, Package, PostingRestrictions, RfbsMove
from posylka.domain.stores import StoreCredentials


class ShippingGateway(Protocol):
    """Assembly, labels' prerequisites, carriages, acts and rFBS tracking of one Ozon store."""

    @property
    def api_calls(self) -> int: ...

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        """The posting as Ozon has it now (status and substatus: ``ship_failed`` shows here)."""
        ...

    async def ship_posting(
        self, posting_number: PostingNumber, packages: Sequence[Package]
    ) -> tuple[PostingNumber, ...]:
        """Assemble (``/v4/posting/fbs/ship``); sent once, never repeated by the client.

        Returns the posting numbers Ozon lists (one per package; the first keeps the number).
        Raises ``ShipRefused`` with the refusal code when Ozon refuses.
        """
        ...

    async def fetch_restrictions(self, posting_number: PostingNumber) -> PostingRestrictions: ...

    async def create_carriage(
        self, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> int:
        """``/v1/carriage/create``: the new carriage's id; ``CarriageRefused`` when Ozon refuses."""
        ...

    async def approve_carriage(
        self, carriage_id: int, containers_count: int | None = None
    ) -> None: ...

    async def fetch_carriage(self, carriage_id: int) -> Carriage: ...

    async def cancel_carriage(self, carriage_id: int) -> None: ...

    async def list_carriages(
        self, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> list[Carriage]:
        """The carriages Ozon has for a delivery method and day, with their id and status
        (``/v1/posting/carriage-available/list``); safe to ask again."""
        ...

    async def carriage_postings(self, carriage_id: int) -> list[PostingNumber]:
        """The postings in a carriage (``/v2/posting/fbs/act/get-postings``)."""
        ...

    async def fetch_act_pdf(self, carriage_id: int) -> bytes:
        """The acceptance act and waybill of a carriage (``/v2/posting/fbs/act/get-pdf``)."""
        ...

    async def fetch_container_labels(self, carriage_id: int) -> bytes:
        """Container (pallet) labels (``/v2/posting/fbs/act/get-container-labels``)."""
        ...

    async def set_tracking_numbers(
        self, pairs: Sequence[tuple[PostingNumber, str]]
    ) -> list[ItemResult]:
        """At most ``TRACKING_BATCH_LIMIT`` pairs (``/v2/fbs/posting/tracking-number/set``)."""
        ...

    async def move_rfbs_status(
        self, move: RfbsMove, posting_numbers: Sequence[PostingNumber]
    ) -> list[ItemResult]:
        """``/v2/fbs/posting/delivering|last-mile|delivered``; Ozon's answer per posting."""
        ...

    async def aclose(self) -> None: ...


class ShippingGatewayFactory(Protocol):
    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> ShippingGateway: ...

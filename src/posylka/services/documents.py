"""Documents: order details slips, after-sales cards and pick lists, from postings and catalogue.

Each use case gathers the data in one read, then hands it to the ``DocumentRenderer``; the PDF is
made outside the transaction. Items find their catalogue product by SKU first, then by offer_id
(the contract every part follows); a product the catalogue does not know prints "—" for its bin
and barcode rather than holding the slip back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from posylka.domain.catalogue import Product
from posylka.domain.documents import (
    AfterSalesCardSettings,
    PaperSize,
    PickBatch,
    PickListData,
    PickSource,
    Recipient,
    SlipData,
    SlipLine,
    pick_entries,
)
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import BatchId, DeliveryMethodId, OfferId, PostingNumber, Sku, StoreId
from posylka.domain.postings import Posting, Scheme
from posylka.domain.recipes import Recipe
from posylka.services.accounts import SYSTEM_ACTOR, NotAllowed
from posylka.services.ports import (
    Account,
    Clock,
    DocumentRenderer,
    QueueFilters,
    UnitOfWork,
    UnitOfWorkFactory,
)
from posylka.services.recipes import recipes_for

MAX_POSTINGS = 1000
"""Postings in one slip print or one pick list; a larger selection is refused, not cut."""


class DocumentError(PosylkaError):
    """A document could not be made; subclasses say why."""


class UnknownPostings(DocumentError):
    """Some posting numbers are not postings of the store (or the store does not exist)."""

    def __init__(self, store_id: StoreId, posting_numbers: Sequence[str]) -> None:
        shown = ", ".join(posting_numbers[:10]) + ("…" if len(posting_numbers) > 10 else "")
        super().__init__(f"store {store_id} has no posting {shown}")
        self.store_id = store_id
        self.posting_numbers = tuple(posting_numbers)


class NothingSelected(DocumentError):
    """No posting was chosen."""


class TooManyPostings(DocumentError):
    def __init__(self, count: int) -> None:
        super().__init__(f"{count} postings chosen; at most {MAX_POSTINGS} go into one document")
        self.count = count


class UnknownBatch(DocumentError):
    def __init__(self, batch_id: BatchId) -> None:
        super().__init__(f"there is no pick-list batch {batch_id}")
        self.batch_id = batch_id


class InvalidCardSettings(DocumentError):
    """A field of the after-sales card is refused; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


# --- slips ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlipRequest:
    store_id: StoreId
    posting_numbers: Sequence[str]
    size: PaperSize
    language: str
    with_card: bool | None = None
    """Print the store's after-sales card after each slip; ``None`` follows the store's setting."""


def print_slips(
    request: SlipRequest, *, uow: UnitOfWorkFactory, renderer: DocumentRenderer
) -> bytes:
    """One PDF with a slip per posting, in the order asked for."""
    numbers = _chosen(request.posting_numbers)
    with uow() as tx:
        store_name = _store_name(tx, request.store_id, numbers)
        found = tx.documents.postings(request.store_id, numbers)
        _all_found(request.store_id, numbers, found)
        slips = slips_for(tx, store_name, found)
        settings = tx.documents.card_settings(request.store_id)
    with_card = request.with_card
    if with_card is None:
        with_card = settings is not None and settings.enabled
    card = settings.card(store_name) if with_card and settings is not None else None
    return renderer.slips(slips, request.size, language=request.language, card=card)


def slips_for(tx: UnitOfWork, store_name: str, postings: Sequence[Posting]) -> list[SlipData]:
    """Slip data of postings of one store, with bins and barcodes from the catalogue and the
    recipe of the store's packing rules (PRINTING draws the same data as ZPL)."""
    if not postings:
        return []
    products = _products(tx, postings[0].store_id, postings)
    recipes = recipes_for(tx, postings[0].store_id, postings)
    return [_slip(p, store_name, products, r) for p, r in zip(postings, recipes, strict=True)]


def _slip(posting: Posting, store_name: str, products: _Products, recipe: Recipe) -> SlipData:
    lines = []
    for item in posting.items:
        product = products.of(item.sku, item.offer_id)
        bin_ = product.bin_in(posting.warehouse_id) if product and posting.warehouse_id else ""
        barcode = product.barcodes[0].value if product and product.barcodes else ""
        lines.append(
            SlipLine(
                offer_id=item.offer_id,
                sku=item.sku,
                name=item.name or (product.name if product else ""),
                quantity=item.quantity,
                bin=bin_ or None,
                barcode=barcode or None,
            )
        )
    return SlipData(
        store_id=posting.store_id,
        store_name=store_name,
        posting_number=posting.posting_number,
        order_number=posting.order_number,
        ship_by=posting.ship_by,
        delivery_method=posting.delivery_method_name,
        warehouse=posting.warehouse_name,
        is_rfbs=posting.scheme is Scheme.RFBS,
        lines=tuple(lines),
        recipe=recipe,
        recipient=recipient_of(posting),
    )


def recipient_of(posting: Posting) -> Recipient | None:
    """The rFBS buyer as the parcel shows it; FBS postings have none (Ozon hides the buyer)."""
    buyer = posting.buyer
    if posting.scheme is not Scheme.RFBS or buyer is None:
        return None
    lines: list[str] = []
    address = buyer.address
    if address is not None:
        lines.append(address.one_line())
        if address.pvz_code:
            lines.append(f"ПВЗ {address.pvz_code}")
        if address.comment:
            lines.append(address.comment)
    name = buyer.addressee or buyer.name
    if buyer.is_legal and buyer.company_name:
        name = f"{name}, {buyer.company_name}" if name else buyer.company_name
    return Recipient(
        name=name, address_lines=tuple(line for line in lines if line), phone=buyer.phone
    )


@dataclass(frozen=True, slots=True)
class _Products:
    by_sku: dict[Sku, Product]
    by_offer: dict[OfferId, Product]

    def of(self, sku: Sku, offer_id: OfferId) -> Product | None:
        return self.by_sku.get(sku) or self.by_offer.get(offer_id)


def _products(tx: UnitOfWork, store_id: StoreId, postings: Sequence[Posting]) -> _Products:
    skus = {item.sku for p in postings for item in p.items}
    offers = {item.offer_id for p in postings for item in p.items}
    return _Products(
        by_sku=tx.catalogue.by_skus(store_id, skus) if skus else {},
        by_offer=tx.catalogue.by_offer_ids(store_id, offers) if offers else {},
    )


def _chosen(posting_numbers: Sequence[str]) -> list[str]:
    numbers = list(dict.fromkeys(n.strip() for n in posting_numbers if n.strip()))
    if not numbers:
        raise NothingSelected("no posting was chosen")
    if len(numbers) > MAX_POSTINGS:
        raise TooManyPostings(len(numbers))
    return numbers


def _store_name(tx: UnitOfWork, store_id: StoreId, numbers: Sequence[str]) -> str:
    store = tx.stores.get(store_id)
    if store is None:
        raise UnknownPostings(store_id, numbers)
    return store.name


def _all_found(store_id: StoreId, numbers: Sequence[str], found: Sequence[Posting]) -> None:
    have = {p.posting_number for p in found}
    missing = [n for n in numbers if n not in have]
    if missing:
        raise UnknownPostings(store_id, missing)


# --- pick lists ----------------------------------------------------------------------------------


def create_pick_list(
    store_id: StoreId,
    posting_numbers: Sequence[str],
    *,
    title: str = "",
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> BatchId:
    """Store a batch of postings to pick together; every posting must be the store's."""
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "make pick lists")
    numbers = _chosen(posting_numbers)
    now = clock.now()
    with uow() as tx:
        _store_name(tx, store_id, numbers)
        _all_found(store_id, numbers, tx.documents.postings(store_id, numbers))
        actor = by.username if by else SYSTEM_ACTOR
        batch_id = tx.documents.add_batch(
            store_id,
            numbers,
            title=title.strip()[:300],
            created_by=actor,
            user_id=by.id if by else None,
            now=now,
        )
        tx.audit.record(
            "pick_list.created",
            at=now,
            actor=actor,
            user_id=by.id if by else None,
            store_id=store_id,
            object_type="pick_batch",
            object_id=str(batch_id),
            details={"postings": len(numbers)},
        )
        tx.commit()
    return batch_id


def ready_postings(
    store_id: StoreId,
    delivery_method_id: DeliveryMethodId,
    day: date,
    *,
    timezone: ZoneInfo,
    uow: UnitOfWorkFactory,
) -> list[PostingNumber]:
    """Postings awaiting packaging for a delivery method that must ship by the end of ``day``
    (in the desk's time zone), overdue ones included."""
    until = datetime.combine(day + timedelta(days=1), time(0), tzinfo=timezone)
    with uow() as tx:
        return tx.documents.ready_postings(
            store_id, delivery_method_id, ship_by_until=until - timedelta(microseconds=1)
        )


def pick_list_pdf(
    batch_id: BatchId,
    *,
    language: str,
    uow: UnitOfWorkFactory,
    renderer: DocumentRenderer,
) -> tuple[PickBatch, bytes]:
    """The batch's pick list (made again from today's catalogue bins each time it is printed)."""
    with uow() as tx:
        batch = tx.documents.batch(batch_id)
        if batch is None:
            raise UnknownBatch(batch_id)
        store = tx.stores.get(batch.store_id)
        found = tx.documents.postings(batch.store_id, batch.posting_numbers)
        slips = slips_for(tx, store.name if store else "", found)
    data = PickListData(
        store_id=batch.store_id,
        store_name=store.name if store else "",
        batch_id=batch.id,
        created_at=batch.created_at,
        created_by=batch.created_by,
        posting_numbers=batch.posting_numbers,
        entries=pick_entries(PickSource(s.posting_number, s.lines) for s in slips),
        title=batch.title,
    )
    return batch, renderer.pick_list(data, language=language)


def pick_list_choices(*, uow: UnitOfWorkFactory) -> QueueFilters:
    """Stores and delivery methods to choose "every ready posting" from."""
    with uow() as tx:
        return tx.postings.queue_filters(None)


def list_batches(
    store_id: StoreId | None = None, *, uow: UnitOfWorkFactory, limit: int = 100
) -> list[PickBatch]:
    with uow() as tx:
        return tx.documents.batches(store_id, limit=limit)


# --- after-sales cards ---------------------------------------------------------------------------

HEADLINE_MAX = 200
MESSAGE_MAX = 2000
CONTACT_MAX = 200
CONTACTS_MAX = 8
LINK_MAX = 500


@dataclass(frozen=True, slots=True)
class CardForm:
    """The after-sales card as the settings form sends it (contacts one per line)."""

    enabled: bool
    headline: str
    message: str
    contacts: str
    link: str
    link_caption: str


def stores_for_cards(*, uow: UnitOfWorkFactory) -> list[tuple[StoreId, str]]:
    """Active stores as (id, name), for the card settings' store choice."""
    with uow() as tx:
        return [(store.id, store.name) for store in tx.stores.list()]


def card_settings(store_id: StoreId, *, uow: UnitOfWorkFactory) -> AfterSalesCardSettings:
    """The store's card, or an empty, disabled one when none is configured yet."""
    with uow() as tx:
        return tx.documents.card_settings(store_id) or AfterSalesCardSettings(store_id)


def save_card_settings(
    store_id: StoreId,
    form: CardForm,
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> AfterSalesCardSettings:
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "change the after-sales card")
    settings = validate_card(store_id, form)
    now = clock.now()
    actor = by.username if by else SYSTEM_ACTOR
    with uow() as tx:
        if tx.stores.get(store_id) is None:
            raise InvalidCardSettings("store", "unknown")
        tx.documents.save_card_settings(settings, by=actor, now=now)
        tx.audit.record(
            "after_sales_card.saved",
            at=now,
            actor=actor,
            user_id=by.id if by else None,
            store_id=store_id,
            object_type="after_sales_card",
            object_id=str(store_id),
            details={"enabled": settings.enabled, "link": settings.link},
        )
        tx.commit()
    return settings


def validate_card(store_id: StoreId, form: CardForm) -> AfterSalesCardSettings:
    headline = " ".join(form.headline.split())
    message = "\n".join(line.rstrip() for line in form.message.strip().splitlines())
    contacts = tuple(c.strip() for c in form.contacts.splitlines() if c.strip())
    link = form.link.strip()
    caption = " ".join(form.link_caption.split())
    if len(headline) > HEADLINE_MAX:
        raise InvalidCardSettings("headline", "too_long")
    if len(message) > MESSAGE_MAX:
        raise InvalidCardSettings("message", "too_long")
    if len(contacts) > CONTACTS_MAX or any(len(c) > CONTACT_MAX for c in contacts):
        raise InvalidCardSettings("contacts", "too_long")
    if link:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > LINK_MAX:
            raise InvalidCardSettings("link", "not_a_link")
    if len(caption) > HEADLINE_MAX:
        raise InvalidCardSettings("link_caption", "too_long")
    if form.enabled and not (headline or message or contacts or link):
        raise InvalidCardSettings("message", "empty")
    return AfterSalesCardSettings(
        store_id=store_id,
        enabled=form.enabled,
        headline=headline,
        message=message,
        contacts=contacts,
        link=link,
        link_caption=caption,
    )


def card_pdf(
    store_id: StoreId, size: PaperSize, *, uow: UnitOfWorkFactory, renderer: DocumentRenderer
) -> bytes:
    """The store's card alone (a sample from the settings page, or a stack to insert by hand)."""
    with uow() as tx:
        store = tx.stores.get(store_id)
        if store is None:
            raise InvalidCardSettings("store", "unknown")
        settings = tx.documents.card_settings(store_id) or AfterSalesCardSettings(store_id)
    return renderer.cards([settings.card(store.name)], size)

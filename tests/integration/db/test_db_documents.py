"""Documents against a real database: slips and pick lists from stored postings and the catalogue,
after-sales card settings, and pick-list batches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from db_samples import T0, add_store, make_item, make_posting, make_rfbs_posting

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.documents.renderer import PdfDocumentRenderer
from posylka.domain.catalogue import Barcode, PackagingFlags, ProductDraft
from posylka.domain.documents import PaperSize
from posylka.domain.ids import BatchId, DeliveryMethodId, OfferId, Sku, StoreId, UserId, WarehouseId
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.stores import Role
from posylka.domain.views import Account
from posylka.services import documents as docs
from posylka.services.accounts import NotAllowed

MOSCOW = ZoneInfo("Europe/Moscow")
PACKER = Account(UserId(2), "li", Role.PACKER, "zh-CN", True)


class FixedClock:
    def now(self) -> datetime:
        return T0


def text_of(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def barcodes(pdf: bytes, page: int = 0) -> set[tuple[str, str]]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=300 / 72).to_pil().convert("L")
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


@pytest.fixture
def renderer() -> PdfDocumentRenderer:
    return PdfDocumentRenderer(MOSCOW)


@pytest.fixture
def manager(uow_factory: SqlUnitOfWorkFactory) -> Account:
    with uow_factory() as uow:
        account = uow.users.add("olga", "hash", Role.MANAGER, language="ru", now=T0)
        uow.commit()
    return account


@pytest.fixture
def store_id(uow_factory: SqlUnitOfWorkFactory) -> StoreId:
    return add_store(uow_factory)


def keep(factory: SqlUnitOfWorkFactory, postings: list[Posting]) -> None:
    with factory() as uow:
        uow.postings.upsert_many(postings, now=T0)
        uow.commit()


def catalogue(factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    """ART-0000 is known by its SKU, ART-0001 only by its offer_id (another SKU), with a bin."""
    drafts = [
        ProductDraft(
            store_id=store_id,
            offer_id=OfferId("ART-0000"),
            name="Кружка",
            sku=Sku(1_000_000),
            flags=PackagingFlags(fragile=True, liquid=True, liquid_ml=350),
            barcodes=(Barcode("4600000000017"),),
            bins={WarehouseId(11): "B-2-10"},
        ),
        ProductDraft(
            store_id=store_id,
            offer_id=OfferId("ART-0001"),
            name="Блюдце",
            sku=Sku(55),
            bins={WarehouseId(11): "A-1-1"},
        ),
    ]
    with factory() as uow:
        uow.catalogue.upsert_many(drafts, now=T0)
        uow.commit()


def test_slip_takes_bins_barcodes_and_steps_from_the_catalogue(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    catalogue(uow_factory, store_id)
    keep(uow_factory, [make_posting(1, store_id=store_id)])
    with uow_factory() as uow:
        found = uow.documents.postings(store_id, ["0208245774-0001-1"])
        slip = docs.slips_for(uow, "Магазин 1", found)[0]
    assert [(line.offer_id, line.bin, line.barcode) for line in slip.lines] == [
        ("ART-0000", "B-2-10", "4600000000017"),
        ("ART-0001", "A-1-1", None),
    ]
    assert slip.recipe is not None
    assert slip.recipe.marks == ("fragile", "this_way_up")
    assert [(s.offer_id, s.code) for s in slip.recipe.steps][:2] == [
        ("ART-0000", "wrap_bubble"),
        ("ART-0000", "protect_corners"),
    ]
    assert ("ART-0000", "double_bag") in [(s.offer_id, s.code) for s in slip.recipe.steps]
    assert slip.recipient is None


def test_slip_of_an_item_the_catalogue_lacks_prints_dashes(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    keep(uow_factory, [make_posting(1, store_id=store_id, items=(make_item(7),))])
    request = docs.SlipRequest(store_id, ["0208245774-0001-1"], PaperSize.A4, "en")
    pdf = docs.print_slips(request, uow=uow_factory, renderer=renderer)
    text = text_of(pdf)
    assert "ART-0007" in text
    assert "—" in text
    assert "ART-0007: not in the catalogue, packing unknown" in text


def test_rfbs_slip_carries_the_recipient_and_its_barcodes_decode(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    keep(uow_factory, [make_rfbs_posting(3, store_id=store_id)])
    number = "0208245774-0003-1"
    request = docs.SlipRequest(store_id, [number], PaperSize.THERMAL_100X150, "ru")
    pdf = docs.print_slips(request, uow=uow_factory, renderer=renderer)
    text = text_of(pdf)
    assert "Получатель: Пётр Иванов, ООО Ромашка" in text
    assert "420000, Россия, Татарстан, Казань, ул. Баумана, 1" in text
    assert "Телефон: +79123456789" in text
    assert barcodes(pdf) == {("Code128", number), ("QRCode", number)}


def test_unknown_posting_number_is_named_in_the_error(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    keep(uow_factory, [make_posting(1, store_id=store_id)])
    request = docs.SlipRequest(
        store_id, ["0208245774-0001-1", "99999999-0000-9"], PaperSize.A4, "en"
    )
    with pytest.raises(docs.UnknownPostings, match="99999999-0000-9") as caught:
        docs.print_slips(request, uow=uow_factory, renderer=renderer)
    assert caught.value.posting_numbers == ("99999999-0000-9",)


def test_posting_of_another_store_is_not_printed(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    other = add_store(uow_factory, "Магазин 2")
    keep(uow_factory, [make_posting(1, store_id=other)])
    request = docs.SlipRequest(store_id, ["0208245774-0001-1"], PaperSize.A4, "en")
    with pytest.raises(docs.UnknownPostings):
        docs.print_slips(request, uow=uow_factory, renderer=renderer)


def test_empty_selection_is_refused(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    with pytest.raises(docs.NothingSelected):
        docs.print_slips(
            docs.SlipRequest(store_id, [" "], PaperSize.A4, "en"),
            uow=uow_factory,
            renderer=renderer,
        )


def test_pick_list_batch_keeps_its_postings_and_sorts_products_by_bin(
    uow_factory: SqlUnitOfWorkFactory,
    store_id: StoreId,
    renderer: PdfDocumentRenderer,
    manager: Account,
) -> None:
    catalogue(uow_factory, store_id)
    keep(uow_factory, [make_posting(n, store_id=store_id) for n in (1, 2, 3)])
    chosen = ["0208245774-0003-1", "0208245774-0001-1"]
    batch_id = docs.create_pick_list(
        store_id, chosen, title="Курьер", by=manager, uow=uow_factory, clock=FixedClock()
    )
    batch, pdf = docs.pick_list_pdf(batch_id, language="en", uow=uow_factory, renderer=renderer)
    assert batch.posting_numbers == tuple(chosen)
    assert batch.created_by == "olga"
    text = text_of(pdf)
    # A-1-1 (ART-0001) comes before B-2-10 (ART-0000): one walk through the warehouse.
    assert text.index("ART-0001") < text.index("ART-0000")
    assert "0208245774-0003-1 ×1" in text
    assert barcodes(pdf) == {("Code128", batch.code)}
    assert [b.id for b in docs.list_batches(store_id, uow=uow_factory)] == [batch_id]


def test_batches_list_newest_first(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    keep(uow_factory, [make_posting(n, store_id=store_id) for n in (1, 2)])
    first = docs.create_pick_list(
        store_id, ["0208245774-0001-1"], by=None, uow=uow_factory, clock=FixedClock()
    )
    second = docs.create_pick_list(
        store_id, ["0208245774-0002-1"], by=None, uow=uow_factory, clock=FixedClock()
    )
    assert [b.id for b in docs.list_batches(uow=uow_factory)] == [second, first]
    with uow_factory() as uow:
        assert uow.documents.count_batches(store_id) == 2


def test_a_packer_may_not_make_pick_lists(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    keep(uow_factory, [make_posting(1, store_id=store_id)])
    with pytest.raises(NotAllowed):
        docs.create_pick_list(
            store_id, ["0208245774-0001-1"], by=PACKER, uow=uow_factory, clock=FixedClock()
        )


def test_pick_list_of_unknown_batch_is_refused(
    uow_factory: SqlUnitOfWorkFactory, renderer: PdfDocumentRenderer
) -> None:
    with pytest.raises(docs.UnknownBatch):
        docs.pick_list_pdf(BatchId(404), language="en", uow=uow_factory, renderer=renderer)


def test_ready_postings_are_those_awaiting_packaging_due_by_the_day(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    day = (T0 + timedelta(days=1)).date()
    keep(
        uow_factory,
        [
            make_posting(1, store_id=store_id),  # due T0 + 1 day: in
            make_posting(2, store_id=store_id, ship_by=T0 + timedelta(days=3)),  # later day
            make_posting(3, store_id=store_id, delivery_method_id=DeliveryMethodId(99)),
            make_posting(
                4,
                store_id=store_id,
                status=PostingStatus.AWAITING_DELIVER,
                status_raw="awaiting_deliver",
            ),
            make_posting(5, store_id=store_id, ship_by=T0 - timedelta(hours=1)),  # overdue: in
        ],
    )
    found = docs.ready_postings(
        store_id, DeliveryMethodId(21), day, timezone=MOSCOW, uow=uow_factory
    )
    assert found == ["0208245774-0005-1", "0208245774-0001-1"]


def test_card_settings_round_trip_and_print_after_each_slip(
    uow_factory: SqlUnitOfWorkFactory,
    store_id: StoreId,
    renderer: PdfDocumentRenderer,
    manager: Account,
) -> None:
    assert docs.card_settings(store_id, uow=uow_factory).enabled is False
    form = docs.CardForm(
        enabled=True,
        headline="Спасибо за покупку!",
        message="Напишите нам, если что-то не так.",
        contacts="Telegram: @shop\n\n  Телефон: +7 900 000-00-00  ",
        link="https://www.ozon.ru/seller/shop-1/",
        link_caption="Наш магазин",
    )
    docs.save_card_settings(store_id, form, by=manager, uow=uow_factory, clock=FixedClock())
    saved = docs.card_settings(store_id, uow=uow_factory)
    assert saved.contacts == ("Telegram: @shop", "Телефон: +7 900 000-00-00")
    assert saved.updated_by == "olga"
    assert saved.updated_at == T0
    docs.save_card_settings(
        store_id, replace(form, headline="Спасибо!"), by=None, uow=uow_factory, clock=FixedClock()
    )
    assert docs.card_settings(store_id, uow=uow_factory).headline == "Спасибо!"

    keep(uow_factory, [make_posting(1, store_id=store_id)])
    request = docs.SlipRequest(store_id, ["0208245774-0001-1"], PaperSize.THERMAL_75X120, "en")
    pdf = docs.print_slips(request, uow=uow_factory, renderer=renderer)
    assert len(pdfium.PdfDocument(pdf)) == 2
    assert barcodes(pdf, 1) == {("QRCode", "https://www.ozon.ru/seller/shop-1/")}
    alone = docs.print_slips(replace(request, with_card=False), uow=uow_factory, renderer=renderer)
    assert len(pdfium.PdfDocument(alone)) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "ozon.ru"}, "link"),
        ({"headline": "x" * 201}, "headline"),
        ({"contacts": "\n".join(["a"] * 9)}, "contacts"),
        ({"headline": "", "message": "", "contacts": "", "link": ""}, "message"),
    ],
)
def test_bad_card_settings_name_the_field(
    uow_factory: SqlUnitOfWorkFactory,
    store_id: StoreId,
    manager: Account,
    change: dict[str, str],
    field: str,
) -> None:
    form = replace(docs.CardForm(True, "Спасибо", "", "", "https://ozon.ru/", ""), **change)
    with pytest.raises(docs.InvalidCardSettings) as caught:
        docs.save_card_settings(store_id, form, by=manager, uow=uow_factory, clock=FixedClock())
    assert caught.value.field == field
    assert docs.card_settings(store_id, uow=uow_factory).headline == ""


def test_the_ship_by_on_a_slip_is_the_stored_time(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, renderer: PdfDocumentRenderer
) -> None:
    ship_by = datetime(2026, 11, 21, 9, 1, tzinfo=UTC)
    keep(uow_factory, [make_posting(1, store_id=store_id, ship_by=ship_by)])
    request = docs.SlipRequest(store_id, ["0208245774-0001-1"], PaperSize.A4, "en")
    text = text_of(docs.print_slips(request, uow=uow_factory, renderer=renderer))
    assert "Ship by: 21.11.2026 12:01" in text

"""Builders of document data and readers of rendered PDFs (barcodes, text, drawn objects)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import zxingcpp

from posylka.adapters.documents.renderer import PdfDocumentRenderer
from posylka.domain.catalogue import PackagingFlags
from posylka.domain.documents import (
    AfterSalesCardData,
    PickListData,
    PickSource,
    Recipient,
    SlipData,
    SlipLine,
    pick_entries,
)
from posylka.domain.ids import BatchId, OfferId, OrderNumber, PostingNumber, Sku, StoreId
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipes import Recipe, RecipeLine, apply

MOSCOW = ZoneInfo("Europe/Moscow")
PRINTER_DPI = 203


def renderer() -> PdfDocumentRenderer:
    return PdfDocumentRenderer(MOSCOW)


def make_line(i: int = 0, **overrides: Any) -> SlipLine:
    values: dict[str, Any] = {
        "offer_id": OfferId(f"ART-{i:04d}"),
        "sku": Sku(100_000 + i),
        "name": f"Кружка керамическая {i} / 陶瓷杯 {i}",
        "quantity": i + 1,
        "bin": f"A-{i}-{i + 1}",
        "barcode": f"46000000{i:05d}",
    }
    values.update(overrides)
    return SlipLine(**values)


def make_recipe(offer_id: str = "ART-0000", **flags: Any) -> Recipe:
    """The built-in rules' recipe for one item with these flags (fragile when none given)."""
    given = PackagingFlags(**(flags or {"fragile": True}))
    return apply(default_rules(), [RecipeLine(OfferId(offer_id), 1, given)])


def make_slip(**overrides: Any) -> SlipData:
    values: dict[str, Any] = {
        "store_id": StoreId(1),
        "store_name": "Магазин 店铺",
        "posting_number": PostingNumber("0208245774-0029-1"),
        "order_number": OrderNumber("0208245774-0029"),
        "ship_by": datetime(2026, 11, 27, 12, 0, tzinfo=UTC),
        "delivery_method": "Ozon Логистика курьеру",
        "warehouse": "Склад Москва",
        "is_rfbs": False,
        "lines": (make_line(0), make_line(1)),
        "recipe": make_recipe(),
        "recipient": None,
    }
    values.update(overrides)
    return SlipData(**values)


def make_recipient(address_lines: int = 2) -> Recipient:
    return Recipient(
        "Иванов Иван Иванович",
        tuple(f"ул. Строителей, дом {i}, кв. {i + 10}" for i in range(address_lines)),
        "+79123456789",
    )


def make_card(**overrides: Any) -> AfterSalesCardData:
    values: dict[str, Any] = {
        "store_name": "Магазин",
        "headline": "Спасибо за покупку!",
        "message": "Если что-то не так, напишите нам: мы всё исправим.",
        "contacts": ("Телефон: +7 900 000-00-00", "Telegram: @shop"),
        "link": "https://www.ozon.ru/seller/shop-123/",
        "link_caption": "Наш магазин на Ozon",
    }
    values.update(overrides)
    return AfterSalesCardData(**values)


def make_pick_list(postings: int = 12, **overrides: Any) -> PickListData:
    numbers = tuple(PostingNumber(f"01234567-{i:04d}-1") for i in range(postings))
    sources = [
        PickSource(number, [make_line(j) for j in range(i % 3 + 1)])
        for i, number in enumerate(numbers)
    ]
    data = PickListData(
        store_id=StoreId(1),
        store_name="Магазин",
        batch_id=BatchId(42),
        created_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        created_by="manager",
        posting_numbers=numbers,
        entries=pick_entries(sources),
        title="Ozon Логистика",
    )
    return replace(data, **overrides)


# --- reading rendered PDFs ---------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


def decode(
    pdf: bytes, page: int = 0, *, dpi: int = 300, one_bit: bool = False
) -> set[tuple[str, str]]:
    """Every barcode on a page, rendered at ``dpi`` (thresholded to black and white when
    ``one_bit``, as a thermal head prints it)."""
    image = pdfium.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil().convert("L")
    if one_bit:
        image = image.point(lambda v: 255 if v > 127 else 0).convert("1").convert("L")
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def text_of(pdf: bytes, page: int | None = None) -> str:
    document = pdfium.PdfDocument(pdf)
    pages = range(len(document)) if page is None else [page]
    return "\n".join(document[i].get_textpage().get_text_range() for i in pages)


def objects_outside(pdf: bytes) -> list[tuple[int, str, tuple[float, ...]]]:
    """Drawn objects (text, paths) whose bounds leave their page: (page, kind, bounds)."""
    out = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        for obj in page.get_objects():
            left, bottom, right, top = obj.get_bounds()
            if left < -0.01 or bottom < -0.01 or right > width + 0.01 or top > height + 0.01:
                out.append((index, str(obj.type), (left, bottom, right, top)))
    return out

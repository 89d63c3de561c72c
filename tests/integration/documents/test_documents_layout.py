"""What each document says, in which language, and that nothing is drawn off the page."""

from __future__ import annotations

from functools import cache

import pytest
from document_samples import (
    make_card,
    make_line,
    make_pick_list,
    make_recipe,
    make_recipient,
    make_slip,
    objects_outside,
    page_count,
    renderer,
    text_of,
)

from posylka.adapters.documents.wording import LANGUAGES, catalog
from posylka.domain.documents import SLIP_SIZES, PaperSize

ALL_SIZES = [*SLIP_SIZES, PaperSize.THERMAL_58X40]


@cache
def rfbs_slip(size: PaperSize, language: str) -> bytes:
    slip = make_slip(
        is_rfbs=True,
        recipient=make_recipient(),
        lines=(make_line(0), make_line(1, bin=None, barcode=None)),
    )
    return renderer().slips([slip], size, language=language)


@pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)
def test_slip_shows_posting_order_items_and_recipient(size: PaperSize) -> None:
    text = text_of(rfbs_slip(size, "en"))
    for expected in (
        "0208245774-0029-1",
        "Order: 0208245774-0029",
        "Ship by: 27.11.2026 15:00",  # noon UTC is 15:00 in Moscow, the desk's zone
        "Ozon Логистика курьеру",
        "ART-0000",
        "ART-0001",
        "Кружка керамическая 0 / 陶瓷杯 0",
        "A-0-1",
        "4600000000000",
        "ART-0000: wrap in bubble wrap",
        "Получатель: Иванов Иван Иванович",
        "ул. Строителей, дом 0",
        "Телефон: +79123456789",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)
def test_unknown_bin_and_barcode_show_a_dash(size: PaperSize) -> None:
    text = text_of(rfbs_slip(size, "en"))
    assert "—" in text
    assert "A-1-2" not in text
    assert "4600000000001" not in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Ship by", "Items", "Packing steps")),
        ("ru", ("Отгрузить до", "Товары", "Упаковка", "Хрупкое")),
        ("zh-CN", ("发货截止", "商品", "包装步骤", "易碎")),
    ],
)
def test_staff_text_is_in_the_staff_language_and_recipient_in_russian(
    language: str, words: tuple[str, ...]
) -> None:
    text = text_of(rfbs_slip(PaperSize.THERMAL_100X150, language))
    for word in words:
        assert word in text
    assert "Получатель" in text


def test_slip_without_packing_steps_says_there_are_none() -> None:
    pdf = renderer().slips([make_slip(recipe=None)], PaperSize.A4, language="ru")
    assert "Без особых требований" in text_of(pdf)


def test_fbs_slip_has_no_recipient_block() -> None:
    pdf = renderer().slips([make_slip()], PaperSize.A4, language="en")
    assert "Получатель" not in text_of(pdf)


@pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_drawn_outside_the_slip_page(size: PaperSize, language: str) -> None:
    assert objects_outside(rfbs_slip(size, language)) == []


@pytest.mark.parametrize("size", ALL_SIZES, ids=lambda s: s.value)
def test_after_sales_card_is_in_russian_and_on_the_page(size: PaperSize) -> None:
    card = make_card(message="Спасибо! " * 80)
    pdf = renderer().cards([card], size)
    text = text_of(pdf)
    assert objects_outside(pdf) == []
    assert page_count(pdf) == 1
    assert "Спасибо за покупку!" in text or size is PaperSize.THERMAL_58X40
    assert "Магазин" in text


def test_pick_list_lists_products_in_bin_order_with_totals_and_postings() -> None:
    data = make_pick_list(postings=12)
    pdf = renderer().pick_list(data, language="en")
    text = text_of(pdf)
    assert objects_outside(pdf) == []
    assert "Pick list PL-000042" in text
    assert "Postings: 12" in text
    positions = [text.index(entry.offer_id) for entry in data.entries]
    assert positions == sorted(positions)
    assert [e.bin for e in data.entries] == ["A-0-1", "A-1-2", "A-2-3"]
    # 12 postings take 1, 2 or 3 products in turn: product 0 goes into all 12, 1 unit each.
    assert data.entries[0].total_quantity == 12
    assert "01234567-0011-1 ×1" in text


def test_pick_list_of_300_postings_flows_over_pages_within_them() -> None:
    data = make_pick_list(postings=300)
    pdf = renderer().pick_list(data, language="zh-CN")
    assert page_count(pdf) > 1
    assert objects_outside(pdf) == []
    text = text_of(pdf)
    assert "拣货单 PL-000042" in text
    assert "01234567-0299-1" in text


def test_every_document_word_exists_in_all_three_languages() -> None:
    for key, words in catalog().items():
        assert len(words) == len(LANGUAGES), key
        assert all(w.strip() for w in words), key


def test_the_page_check_sees_text_that_leaves_the_page() -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=(100, 150))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(5, 10, "inside")
    pdf.text(80, 20, "this runs off the right edge")
    found = objects_outside(bytes(pdf.output()))
    assert len(found) == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Marks: Fragile", "□ ART-0000: wrap in bubble wrap", "Put inside: order details")),
        ("ru", ("Знаки: Хрупкое", "□ ART-0000: обернуть пузырчатой плёнкой", "Вложить:")),
        ("zh-CN", ("标识：易碎", "□ ART-0000: 用气泡膜包裹", "放入：")),
    ],
)
def test_slip_prints_the_recipe_marks_steps_and_inserts(
    language: str, words: tuple[str, ...]
) -> None:
    pdf = renderer().slips([make_slip()], PaperSize.A4, language=language)
    text = " ".join(text_of(pdf).split())
    for word in words:
        assert word in text


@pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)
def test_a_long_recipe_stays_on_the_slip_pages(size: PaperSize) -> None:
    recipe = make_recipe(
        "ART-0001", fragile=True, glass=True, liquid=True, liquid_ml=500, aerosol=True
    )
    pdf = renderer().slips([make_slip(recipe=recipe)], size, language="ru")
    assert objects_outside(pdf) == []
    assert "Нельзя: авиа, почта" in " ".join(text_of(pdf).split())

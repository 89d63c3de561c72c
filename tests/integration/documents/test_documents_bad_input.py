"""Bad input still gives a legible document: no items, huge names, emoji, long addresses."""

from __future__ import annotations

import pytest
from document_samples import (
    decode,
    make_line,
    make_recipient,
    make_slip,
    objects_outside,
    page_count,
    renderer,
    text_of,
)

from posylka.adapters.documents.drawing import ELLIPSIS, REPLACEMENT
from posylka.domain.documents import SLIP_SIZES, PaperSize

SIZES = pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)


@SIZES
def test_posting_with_no_items_says_so(size: PaperSize) -> None:
    slip = make_slip(lines=(), recipe=None)
    pdf = renderer().slips([slip], size, language="en")
    assert "This posting has no items." in text_of(pdf)
    assert decode(pdf) == {("Code128", slip.posting_number), ("QRCode", slip.posting_number)}


@SIZES
def test_a_500_character_name_is_cut_with_an_ellipsis_inside_the_page(size: PaperSize) -> None:
    name = ("Очень длинное название товара 非常长的商品名称 " * 20)[:500]
    assert len(name) == 500
    pdf = renderer().slips([make_slip(lines=(make_line(0, name=name),))], size, language="ru")
    text = text_of(pdf)
    assert ELLIPSIS in text
    assert "Очень длинное название" in text
    assert objects_outside(pdf) == []


@SIZES
def test_emoji_are_replaced_rather_than_failing(size: PaperSize) -> None:
    line = make_line(0, name="Чехол 😀 для телефона 👍🏽 с котиком 🐈‍⬛")
    slip = make_slip(lines=(line,), recipient=make_recipient(), store_name="Shop ✨")
    pdf = renderer().slips([slip], size, language="zh-CN")
    text = text_of(pdf)
    assert f"Чехол {REPLACEMENT} для телефона" in text
    assert "😀" not in text


@SIZES
def test_an_address_of_ten_lines_is_cut_and_the_phone_still_shows(size: PaperSize) -> None:
    slip = make_slip(recipient=make_recipient(address_lines=10))
    pdf = renderer().slips([slip], size, language="en")
    text = text_of(pdf)
    assert "ул. Строителей, дом 0" in text
    assert "Телефон: +79123456789" in text
    assert objects_outside(pdf) == []


def test_many_items_continue_on_more_pages_with_the_posting_number() -> None:
    lines = tuple(make_line(i) for i in range(30))
    pdf = renderer().slips([make_slip(lines=lines)], PaperSize.THERMAL_75X120, language="en")
    assert page_count(pdf) > 1
    assert "0208245774-0029-1 (continued)" in text_of(pdf, 1)
    assert "ART-0029" in text_of(pdf)
    assert objects_outside(pdf) == []


def test_control_characters_in_ozon_text_do_not_break_lines() -> None:
    slip = make_slip(delivery_method="Курьер\nдо\tдвери\r")
    pdf = renderer().slips([slip], PaperSize.A4, language="en")
    assert "Курьер до двери" in text_of(pdf)

"""Every barcode and QR code on every document decodes back to its value, as printed."""

from __future__ import annotations

from functools import cache

import pytest
from document_samples import (
    PRINTER_DPI,
    decode,
    make_card,
    make_pick_list,
    make_recipient,
    make_slip,
    page_count,
    renderer,
)

from posylka.domain.documents import SLIP_SIZES, PaperSize
from posylka.domain.ids import PostingNumber

RESOLUTIONS = [
    pytest.param(PRINTER_DPI, True, id="203dpi-1bit"),
    pytest.param(PRINTER_DPI, False, id="203dpi-grey"),
    pytest.param(300, False, id="300dpi"),
]
NUMBERS = ["0208245774-0029-1", "12345678-0001-1", "98765432-1234-12", "99123456-0001-1"]


@cache
def slips_pdf(size: PaperSize) -> bytes:
    """One PDF per size with a slip for each number (rendered once: the font takes a while)."""
    slips = [
        make_slip(posting_number=PostingNumber(n), recipient=make_recipient()) for n in NUMBERS
    ]
    return renderer().slips(slips, size, language="ru")


@pytest.mark.parametrize("size", SLIP_SIZES, ids=lambda s: s.value)
@pytest.mark.parametrize(("dpi", "one_bit"), RESOLUTIONS)
def test_each_slip_code128_and_qr_decode_to_its_posting_number(
    size: PaperSize, dpi: int, one_bit: bool
) -> None:
    pdf = slips_pdf(size)
    assert page_count(pdf) == len(NUMBERS)
    for page, number in enumerate(NUMBERS):
        found = decode(pdf, page, dpi=dpi, one_bit=one_bit)
        assert found == {("Code128", number), ("QRCode", number)}


@pytest.mark.parametrize("size", [*SLIP_SIZES, PaperSize.THERMAL_58X40], ids=lambda s: s.value)
@pytest.mark.parametrize(("dpi", "one_bit"), RESOLUTIONS)
def test_after_sales_card_qr_decodes_to_the_link(size: PaperSize, dpi: int, one_bit: bool) -> None:
    assert decode(cards_pdf(size), dpi=dpi, one_bit=one_bit) == {("QRCode", make_card().link)}


@cache
def cards_pdf(size: PaperSize) -> bytes:
    return renderer().cards([make_card()], size)


@pytest.mark.parametrize(("dpi", "one_bit"), RESOLUTIONS)
def test_card_printed_with_its_slip_follows_it_with_its_own_qr(dpi: int, one_bit: bool) -> None:
    slip, card = make_slip(), make_card()
    pdf = renderer().slips([slip], PaperSize.THERMAL_100X150, language="zh-CN", card=card)
    assert page_count(pdf) == 2
    number = slip.posting_number
    assert decode(pdf, 0, dpi=dpi, one_bit=one_bit) == {("Code128", number), ("QRCode", number)}
    assert decode(pdf, 1, dpi=dpi, one_bit=one_bit) == {("QRCode", card.link)}


@pytest.mark.parametrize(("dpi", "one_bit"), RESOLUTIONS)
def test_pick_list_code128_decodes_to_the_batch_code(dpi: int, one_bit: bool) -> None:
    data = make_pick_list()
    pdf = renderer().pick_list(data, language="en")
    assert data.code == "PL-000042"
    assert decode(pdf, dpi=dpi, one_bit=one_bit) == {("Code128", "PL-000042")}


def test_a_batch_with_a_card_per_slip_keeps_each_slip_number_and_the_link_in_their_codes() -> None:
    numbers = ["0208245774-0029-1", "12345678-0001-1", "0208245774-0029-1"]
    slips = [make_slip(posting_number=PostingNumber(n)) for n in numbers]
    card = make_card()
    pdf = renderer().slips(slips, PaperSize.THERMAL_75X120, language="ru", card=card)
    assert page_count(pdf) == 2 * len(numbers)
    for i, number in enumerate(numbers):
        slip_codes = decode(pdf, 2 * i, dpi=PRINTER_DPI, one_bit=True)
        assert slip_codes == {("Code128", number), ("QRCode", number)}
        assert decode(pdf, 2 * i + 1, dpi=PRINTER_DPI, one_bit=True) == {("QRCode", card.link)}

"""The font parsed once per process: documents come out as fpdf2's own font loading makes them,
each embeds its own font subset, and documents drawn at the same time in several threads keep
their own text and codes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from document_samples import (
    PRINTER_DPI,
    decode,
    make_line,
    make_slip,
    renderer,
    text_of,
)
from fpdf import FPDF

from posylka.adapters.documents import FONT_PATH
from posylka.adapters.documents.shared_font import SharedFont
from posylka.domain.documents import PaperSize
from posylka.domain.ids import OfferId, PostingNumber

WRITTEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TEXTS = (
    ("Кружка керамическая 350 мл", "保温杯 不锈钢 500ml"),
    ("Набор отвёрток", "手机壳 硅胶 ART-0042"),
)


def document(add_font: Callable[[FPDF], None], texts: tuple[str, ...]) -> bytes:
    pdf = FPDF(unit="mm", format=(100, 150))
    pdf.set_creation_date(WRITTEN)
    add_font(pdf)
    pdf.set_font("wqy", size=9)
    pdf.add_page()
    for i, text in enumerate(texts):
        pdf.text(5, 10 + 6 * i, text)
    return bytes(pdf.output())


def test_documents_with_the_shared_font_are_byte_for_byte_what_add_font_writes() -> None:
    shared = SharedFont(FONT_PATH)
    for texts in TEXTS:  # the first takes the parse's own font, the next a fresh one
        ours = document(lambda pdf: shared.add_to(pdf, "wqy"), texts)
        theirs = document(lambda pdf: pdf.add_font("wqy", fname=str(FONT_PATH)), texts)
        assert ours == theirs
        assert text_of(ours).split("\r\n") == list(texts)


def test_slips_drawn_in_several_threads_at_once_keep_their_own_text_and_codes() -> None:
    numbers = [f"{10_000_000 + i:08d}-0001-1" for i in range(8)]

    def draw(number: str) -> bytes:
        name = f"Кружка {number} / 陶瓷杯"
        slip = make_slip(
            posting_number=PostingNumber(number),
            lines=(make_line(0, name=name, offer_id=OfferId(f"ART-{number[:4]}")),),
        )
        return renderer().slips([slip], PaperSize.THERMAL_100X150, language="zh-CN")

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(draw, numbers))
    for number, pdf in zip(numbers, pdfs, strict=True):
        assert f"Кружка {number} / 陶瓷杯" in text_of(pdf)
        found = decode(pdf, dpi=PRINTER_DPI, one_bit=True)
        assert found == {("Code128", number), ("QRCode", number)}

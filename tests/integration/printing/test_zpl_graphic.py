"""PDF pages (Ozon's labels, Chinese documents) as ZPL graphics that still scan."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from barcode import Code128
from barcode.writer import ImageWriter
from fpdf import FPDF
from PIL import Image
from zebrafy import ZebrafyZPL

from posylka.adapters.documents.zpl_graphic import graphic_field, pdf_to_zpl
from posylka.domain.documents import PaperSize
from posylka.domain.printing import PrintError, dots


def barcode_png(value: str) -> bytes:
    out = io.BytesIO()
    Code128(value, writer=ImageWriter()).write(out, {"module_width": 0.4, "dpi": 300})
    return out.getvalue()


def label_pdf(
    value: str, *, orientation: str, page: str | tuple[float, float], at: tuple[float, float]
) -> bytes:
    """A page with a barcode and a line of text somewhere on it, the way Ozon's labels come."""
    pdf = FPDF(orientation=orientation, unit="mm", format=page)
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.set_xy(at[0], at[1])
    pdf.cell(60, 8, "OZON 0208245774-0029-1")
    pdf.image(io.BytesIO(barcode_png(value)), x=at[0], y=at[1] + 10, w=70)
    return bytes(pdf.output())


def labels_of(zpl: str, dpi: int) -> list[Image.Image]:
    return [image.convert("L") for image in ZebrafyZPL(zpl, dpi=dpi).to_images()]


def decoded(image: Image.Image) -> set[str]:
    return {result.text for result in zxingcpp.read_barcodes(image)}


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize(
    ("orientation", "page", "at"),
    [
        ("P", "A4", (20.0, 30.0)),  # an A4 sheet with the label in its upper left corner
        ("L", "A4", (150.0, 120.0)),  # a landscape sheet, label in the lower right
        ("L", (100.0, 150.0), (10.0, 10.0)),  # a label-sized page, but turned sideways
    ],
)
def test_pdf_label_becomes_a_graphic_that_scans(
    dpi: int, orientation: str, page: str | tuple[float, float], at: tuple[float, float]
) -> None:
    pdf = label_pdf("0208245774-0029-1", orientation=orientation, page=page, at=at)

    zpl = pdf_to_zpl(pdf, size=PaperSize.THERMAL_100X150, dpi=dpi)

    assert zpl.startswith("^XA")
    assert "^GFA," in zpl
    assert ":Z64:" in zpl
    assert f"^PW{dots(100, dpi)}^LL{dots(150, dpi)}" in zpl
    [image] = labels_of(zpl, dpi)
    # ^GF rows are whole bytes: the width is rounded up to a multiple of 8 dots.
    assert image.height == dots(150, dpi)
    assert 0 <= image.width - dots(100, dpi) < 8
    assert decoded(image) == {"0208245774-0029-1"}
    assert image.getpixel((0, 0)) > 128  # the margin stays white


def test_content_is_cropped_and_fills_the_label() -> None:
    # A small label in the corner of an A4 sheet is enlarged to the label's width, not printed
    # as a stamp-sized copy of the whole sheet.
    pdf = label_pdf("12345678", orientation="P", page="A4", at=(20.0, 30.0))

    [image] = labels_of(pdf_to_zpl(pdf, size=PaperSize.THERMAL_100X150, dpi=203), 203)

    left, _, right, _ = image.point(lambda v: 255 if v < 128 else 0).getbbox() or (0, 0, 0, 0)
    assert right - left > 0.8 * image.width


def test_every_page_becomes_a_label() -> None:
    pdf = FPDF(unit="mm", format=(100, 150))
    for value in ("111111", "222222"):
        pdf.add_page()
        pdf.image(io.BytesIO(barcode_png(value)), x=10, y=10, w=80)
    zpl = pdf_to_zpl(bytes(pdf.output()), size=PaperSize.THERMAL_75X120, dpi=203)

    assert zpl.count("^XA") == 2
    assert [decoded(image) for image in labels_of(zpl, 203)] == [{"111111"}, {"222222"}]


def test_a_graphic_field_keeps_every_dot_and_white_row_padding() -> None:
    image = Image.new("1", (13, 3), 1)  # 13 dots: each row padded to 16 bits
    for x, y in ((0, 0), (12, 0), (5, 1), (0, 2), (1, 2)):
        image.putpixel((x, y), 0)

    field = graphic_field(image)

    assert field.startswith("^GFA,")
    assert ",6,2,:Z64:" in field  # 2 bytes a row, 3 rows
    [back] = ZebrafyZPL(f"^XA^FO0,0{field}^FS^XZ").to_images()
    back = back.convert("L")
    assert back.size == (16, 3)
    dark = {(x, y) for x in range(16) for y in range(3) if back.getpixel((x, y)) < 128}
    assert dark == {(0, 0), (12, 0), (5, 1), (0, 2), (1, 2)}


def test_a_file_that_is_not_a_pdf_is_refused_with_a_reason() -> None:
    with pytest.raises(PrintError, match="not a readable PDF"):
        pdf_to_zpl(b"<html>not a label</html>", size=PaperSize.THERMAL_100X150, dpi=203)

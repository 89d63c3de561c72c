"""PDF pages as ZPL graphics (``^GF``): Ozon's package labels and documents whose text the
printer's font cannot print (Chinese).

Ozon's labels come as PDF pages of any size: a label-sized page, an A4 sheet with the label in a
corner, a landscape page. Each page is cropped to what is printed on it, turned to the label's
orientation when that makes it larger, scaled to fit the label (never stretched) and centred.
Pixels become black or white by a plain threshold, without dithering, so bars and QR modules stay
solid and scan.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2  # type: ignore[import-untyped]
from PIL import Image, ImageOps

from posylka.domain.documents import PaperSize
from posylka.domain.printing import PrintError, dots

PROBE_SCALE = 0.5
"""Scale of the quick render that finds the printed area (36 dpi)."""

INK_LEVEL = 200
"""Grey levels darker than this count as printed when the page is cropped."""

THRESHOLD = 128
_BLACK_OR_WHITE = [0 if level < THRESHOLD else 255 for level in range(256)]
_INK = [255 if level < INK_LEVEL else 0 for level in range(256)]
MARGIN_MM = 1.5
"""White left around the content on the label: printers do not print to the very edge."""


@dataclass(frozen=True, slots=True)
class Box:
    """Part of a PDF page in points from its top left corner."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def content_box(page: pypdfium2.PdfPage) -> Box | None:
    """What is printed on the page, in points; ``None`` for a blank page."""
    probe = page.render(scale=PROBE_SCALE, grayscale=True).to_pil().convert("L")
    ink = probe.point(_INK)
    found = ink.getbbox()
    if found is None:
        return None
    left, top, right, bottom = found
    pad = 1
    return Box(
        max(0, left - pad) / PROBE_SCALE,
        max(0, top - pad) / PROBE_SCALE,
        min(probe.width, right + pad) / PROBE_SCALE,
        min(probe.height, bottom + pad) / PROBE_SCALE,
    )


def page_image(page: pypdfium2.PdfPage, label: tuple[int, int], *, margin: int) -> Image.Image:
    """The page's printed area as a 1-bit image the size of the label (width, height in dots)."""
    box = content_box(page)
    width, height = page.get_size()
    if box is None:
        box = Box(0, 0, width, height)
    room_w, room_h = label[0] - 2 * margin, label[1] - 2 * margin
    upright = min(room_w / box.width, room_h / box.height)
    turned = min(room_w / box.height, room_h / box.width)
    rotation = 90 if turned > upright * 1.05 else 0
    scale = turned if rotation else upright
    crop = (box.left, height - box.bottom, width - box.right, box.top)
    # pdfium's crop is (left, bottom, right, top) trimmed from each edge, in points.
    image = page.render(scale=scale, crop=crop, grayscale=True).to_pil().convert("L")
    if rotation:
        image = image.transpose(Image.Transpose.ROTATE_270)
    image = image.crop((0, 0, min(image.width, room_w), min(image.height, room_h)))
    canvas = Image.new("L", label, 255)
    canvas.paste(image, ((label[0] - image.width) // 2, (label[1] - image.height) // 2))
    return canvas.point(_BLACK_OR_WHITE).convert("1", dither=Image.Dither.NONE)


def graphic_field(image: Image.Image) -> str:
    """A ``^GF`` field of a 1-bit image, without a position: rows of packed bits (1 prints a
    dot) compressed with zlib, in base64, with the CRC-16/XMODEM of the base64 text that Zebra
    printers check (``:Z64:`` format)."""
    mono = image if image.mode == "1" else image.convert("1", dither=Image.Dither.NONE)
    # PIL keeps white as 1; inverting the image (not the bytes) keeps each row's padding white.
    data = ImageOps.invert(mono.convert("L")).convert("1", dither=Image.Dither.NONE).tobytes()
    row = (mono.width + 7) // 8
    encoded = base64.b64encode(zlib.compress(data))
    body = f":Z64:{encoded.decode('ascii')}:{binascii.crc_hqx(encoded, 0):04X}"
    return f"^GFA,{len(body)},{row * mono.height},{row},{body}"


def pdf_pages(pdf: bytes) -> Iterator[pypdfium2.PdfPage]:
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise PrintError(f"the document is not a readable PDF: {exc}") from None
    try:
        for index in range(len(document)):
            yield document[index]
    finally:
        document.close()


def pdf_to_zpl(pdf: bytes, *, size: PaperSize, dpi: int) -> str:
    """One ZPL label per PDF page, each page fitted to a ``size`` label at ``dpi``."""
    width, height = dots(size.width_mm, dpi), dots(size.height_mm, dpi)
    margin = dots(MARGIN_MM, dpi)
    labels = []
    for page in pdf_pages(pdf):
        field = graphic_field(page_image(page, (width, height), margin=margin))
        labels.append(f"^XA^PW{width}^LL{height}^LH0,0\n^FO0,0{field}^FS\n^XZ\n")
    if not labels:
        raise PrintError("the PDF has no pages")
    return "".join(labels)

"""The after-sales card: a Russian insert for the buyer with thanks, contacts and a QR link."""

from __future__ import annotations

from dataclasses import dataclass

from posylka.adapters.documents.drawing import Canvas
from posylka.domain.documents import AfterSalesCardData, PaperSize


@dataclass(frozen=True, slots=True)
class CardLayout:
    margin: float
    store_pt: float
    headline_pt: float
    text_pt: float
    qr_side: float


LAYOUTS = {
    PaperSize.A4: CardLayout(20, 16, 24, 13, 50),
    PaperSize.THERMAL_100X150: CardLayout(5, 11, 15, 9.5, 36),
    PaperSize.THERMAL_75X120: CardLayout(4, 9, 12, 8, 30),
    PaperSize.THERMAL_58X40: CardLayout(1.5, 5, 6, 4.5, 17),
}


def draw_card(c: Canvas, card: AfterSalesCardData, size: PaperSize) -> None:
    """One card on a page of its own; the message takes the room the QR code leaves."""
    lay = LAYOUTS[size]
    c.page()
    left, width = lay.margin, c.width - 2 * lay.margin
    bottom = c.height - lay.margin
    y = lay.margin
    qr_block = 0.0
    if card.link:
        c.font(lay.text_pt)
        qr_block = lay.qr_side + (c.line_height() if card.link_caption else 0)
    c.font(lay.store_pt)
    y += c.line_height()
    _centred(c, y, card.store_name, left, width)
    if card.headline:
        c.font(lay.headline_pt)
        y += c.line_height() * 1.1
        _centred(c, y, card.headline, left, width)
    c.font(lay.text_pt)
    pitch = c.line_height()
    room = bottom - qr_block - y - pitch * len(card.contacts)
    paragraphs = [p for p in card.message.splitlines() if p.strip()]
    budget = max(1, int(room / pitch) - 1)
    for paragraph in paragraphs:
        if budget <= 0:
            break
        lines = c.wrap(paragraph, width, budget)
        budget -= len(lines)
        for line in lines:
            y += pitch
            _centred(c, y, line, left, width)
    if card.contacts:
        y += pitch * 0.5
    for contact in card.contacts:
        if y + pitch > bottom - qr_block:
            break
        y += pitch
        _centred(c, y, contact, left, width)
    if card.link:
        top = min(y + pitch * 0.8, bottom - qr_block)
        side = lay.qr_side
        drawn = c.qr(left + (width - side) / 2, top, card.link, side)
        if card.link_caption:
            _centred(c, top + drawn + pitch * 0.8, card.link_caption, left, width)


def _centred(c: Canvas, y: float, text: str, left: float, width: float) -> None:
    fitted = c.fit(text, width)
    c.pdf.text(left + (width - c.text_width(fitted)) / 2, y, fitted)

"""The documents of a formed carriage as the sandbox draws them: the shipping list and waybill
(``/v2/posting/fbs/act/get-pdf``) and the container labels
(``/v2/posting/fbs/act/get-container-labels``).

Real PDFs drawn with fpdf2 in the bundled WenQuanYi font, so Russian and Chinese names print as
they are. The shipping list («лист отгрузки») is A4: the carriage's barcode (Code128 of its id),
warehouse, delivery method and departure date, then one row per posting with its order, units and
declared value, and totals. The waybill («транспортная накладная») follows on its own page: who
hands over, who carries, how many parcels and places, the value. A container label is a
75×120 mm page per container with a Code128 of ``<carriage id>-<container number>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fpdf import FPDF

from posylka.adapters.documents import FONT_PATH
from posylka.sandbox.ozon.carriages import SandboxCarriage
from posylka.sandbox.ozon.labels import DOT_MM, bar_runs
from posylka.sandbox.ozon.seeding import SandboxPosting

FONT = "wqy"
A4 = (210.0, 297.0)
LABEL = (75.0, 120.0)
MARGIN = 15.0
ROW_MM = 6.5
SELLER = "ООО «Посылка Демо» (sandbox seller)"
CONSIGNEE = "ООО «Интернет Решения» (Ozon)"
COLUMNS = (
    ("№", 12.0),
    ("Отправление", 52.0),
    ("Заказ", 48.0),
    ("Ед.", 18.0),
    ("Ценность, руб.", 50.0),
)


@dataclass(frozen=True, slots=True)
class ActLine:
    posting_number: str
    order_number: str
    units: int
    value: Decimal


def act_lines(postings: list[SandboxPosting]) -> list[ActLine]:
    return [
        ActLine(
            p.posting_number,
            p.order_number,
            sum(i.quantity for i in p.items),
            sum((i.price * i.quantity for i in p.items), Decimal(0)),
        )
        for p in postings
    ]


def _document(size: tuple[float, float], title: str) -> FPDF:
    pdf = FPDF(unit="mm", format=size)
    pdf.set_auto_page_break(False)
    pdf.set_creator("posylka sandbox")
    pdf.set_title(title)
    pdf.add_font(FONT, fname=str(FONT_PATH))
    pdf.set_font(FONT, size=10)
    return pdf


def _barcode(pdf: FPDF, text: str, *, x: float, y: float, width: float, height: float) -> None:
    """Code128 bars of whole 203 dpi dots, centred in ``width`` from ``x``."""
    runs, modules = bar_runs(text)
    dots = max(1, min(3, int(width / (modules * DOT_MM))))
    module = dots * DOT_MM
    left = x + round((width - module * modules) / 2 / DOT_MM) * DOT_MM
    for start, run in runs:
        pdf.rect(left + start * module, y, run * module, height, style="F")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` millimetres in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ")


def render_act(carriage: SandboxCarriage, lines: list[ActLine]) -> bytes:
    """The shipping list (as many A4 pages as its rows need) and the waybill page."""
    pdf = _document(A4, f"Carriage {carriage.carriage_id}")
    method = carriage.method
    width = A4[0] - 2 * MARGIN
    header = (
        f"Склад: {method.warehouse.name} (#{method.warehouse.id})",
        f"Способ доставки: {method.name} (#{method.id})",
        f"Перевозчик: {method.provider.name}",
        f"Дата отгрузки: {carriage.departure:%d.%m.%Y}",
    )

    def page_head(continued: bool) -> float:
        pdf.add_page()
        pdf.set_font(FONT, size=16)
        title = "Лист отгрузки" + (" (продолжение)" if continued else "")
        pdf.text(MARGIN, MARGIN + 6, title)
        pdf.set_font(FONT, size=10)
        pdf.text(MARGIN, MARGIN + 13, f"Отгрузка № {carriage.carriage_id}")
        _barcode(pdf, str(carriage.carriage_id), x=A4[0] - MARGIN - 70, y=MARGIN, width=70,
                 height=14)  # fmt: skip
        y = MARGIN + 22
        if not continued:
            for text in header:
                pdf.text(MARGIN, y, _fit(pdf, text, width))
                y += 5.5
            y += 3
        return _table_head(pdf, y)

    y = page_head(False)
    for index, line in enumerate(lines, start=1):
        if y > A4[1] - MARGIN - 40:
            y = page_head(True)
        cells = (str(index), line.posting_number, line.order_number, str(line.units),
                 _money(line.value))  # fmt: skip
        _row(pdf, y, cells)
        y += ROW_MM
    total = sum((line.value for line in lines), Decimal(0))
    pdf.set_font(FONT, size=11)
    pdf.text(MARGIN, y + 8, f"Всего отправлений: {len(lines)}")
    pdf.text(MARGIN, y + 14, f"Объявленная ценность: {_money(total)} руб.")
    pdf.set_font(FONT, size=10)
    pdf.text(MARGIN, y + 28, "Сдал ______________________")
    pdf.text(MARGIN + width / 2, y + 28, "Принял ______________________")
    _waybill(pdf, carriage, lines, total)
    return bytes(pdf.output())


def _table_head(pdf: FPDF, y: float) -> float:
    pdf.set_font(FONT, size=9)
    _row(pdf, y, tuple(name for name, _ in COLUMNS))
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, y + 1.8, A4[0] - MARGIN, y + 1.8)
    pdf.set_font(FONT, size=10)
    return y + ROW_MM


def _row(pdf: FPDF, y: float, cells: tuple[str, ...]) -> None:
    x = MARGIN
    for text, (_, width) in zip(cells, COLUMNS, strict=True):
        pdf.text(x + 1, y, text)
        x += width


def _waybill(pdf: FPDF, carriage: SandboxCarriage, lines: list[ActLine], total: Decimal) -> None:
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.text(MARGIN, MARGIN + 6, "Транспортная накладная")
    pdf.set_font(FONT, size=10)
    places = carriage.containers_count or len(lines)
    facts = (
        f"К отгрузке № {carriage.carriage_id} от {carriage.departure:%d.%m.%Y}",
        f"Грузоотправитель: {SELLER}",
        f"Адрес погрузки: {carriage.method.warehouse.address}",
        f"Грузополучатель: {CONSIGNEE}",
        f"Перевозчик: {carriage.method.provider.name}",
        f"Отправлений: {len(lines)}, единиц товара: {sum(line.units for line in lines)}",
        f"Грузовых мест: {places}",
        f"Объявленная ценность: {_money(total)} руб.",
    )
    y = MARGIN + 18
    for text in facts:
        pdf.text(MARGIN, y, _fit(pdf, text, A4[0] - 2 * MARGIN))
        y += 7
    pdf.text(MARGIN, y + 14, "Груз сдал ______________________")
    pdf.text(MARGIN, y + 24, "Груз принял ______________________")


def render_container_labels(carriage: SandboxCarriage, count: int) -> bytes:
    """One 75×120 mm label per container, numbered 1 to ``count``."""
    pdf = _document(LABEL, f"Containers of carriage {carriage.carriage_id}")
    width = LABEL[0] - 8
    for number in range(1, count + 1):
        code = f"{carriage.carriage_id}-{number}"
        pdf.add_page()
        pdf.set_font(FONT, size=14)
        pdf.text(4, 10, "OZON  грузоместо")
        pdf.set_font(FONT, size=28)
        pdf.text(4, 26, f"{number} / {count}")
        _barcode(pdf, code, x=4, y=34, width=width, height=24)
        pdf.set_font(FONT, size=11)
        pdf.text((LABEL[0] - pdf.get_string_width(code)) / 2, 64, code)
        pdf.set_font(FONT, size=8)
        y = 74.0
        for text in (
            f"Отгрузка № {carriage.carriage_id}, {carriage.departure:%d.%m.%Y}",
            carriage.method.warehouse.name,
            carriage.method.name,
        ):
            pdf.text(4, y, _fit(pdf, text, width))
            y += 4.5
    return bytes(pdf.output())

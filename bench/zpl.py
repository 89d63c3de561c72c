"""Benchmark: 1,000 labels as ZPL, native and graphic, at 203 and 300 dpi.

- native: 1,000 order details slips (Russian wording, one to three items each, Cyrillic and
  Latin product names, a Code128 of the posting number) laid out as native ZPL on 100×150 mm
  labels (``adapters/documents/zpl_documents.py: slip_zpl``);
- native, Chinese names: the same slips whose product names are Chinese, each such line drawn
  into a small ``^GF`` graphic in place (the barcode stays native);
- graphic: a 1,000-page PDF of 75×120 mm labels like Ozon's (text and a Code128) turned into
  ``^GF`` graphics fitted to 100×150 mm labels (``adapters/documents/zpl_graphic.py:
  pdf_to_zpl``), the way Ozon's labels reach a ZPL printer.

For each it prints labels a second of wall-clock time and of this process's CPU time (on a busy
machine the CPU figure is what the code costs) and bytes a label, the median of ``--runs`` runs,
and the machine it ran on.

    .venv/bin/python bench/zpl.py [--labels 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from barcode import Code128
from fpdf import FPDF

from posylka.adapters.documents.zpl_documents import slip_zpl
from posylka.adapters.documents.zpl_graphic import pdf_to_zpl
from posylka.domain.documents import PaperSize, SlipData, SlipLine
from posylka.domain.ids import OfferId, OrderNumber, PostingNumber, Sku, StoreId

MOSCOW = ZoneInfo("Europe/Moscow")
NAMES = ("Кружка керамическая 350 мл", "Футболка хлопковая, размер M", "Bluetooth headphones")
CHINESE = ("陶瓷马克杯 350 毫升", "纯棉T恤 M 码", "无线蓝牙耳机")


def posting_number(n: int) -> str:
    return f"{20000000 + n:010d}-{n % 9000:04d}-1"


def slips(count: int, names: tuple[str, ...]) -> list[SlipData]:
    draw = random.Random(7)
    start = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    made = []
    for n in range(count):
        lines = tuple(
            SlipLine(
                OfferId(f"SKU-{draw.randrange(1000):04d}"),
                Sku(draw.randrange(10**8)),
                draw.choice(names),
                draw.randint(1, 3),
                f"A-{draw.randint(1, 20)}-{draw.randint(1, 40)}",
                f"46{draw.randrange(10**11):011d}",
            )
            for _ in range(draw.randint(1, 3))
        )
        number = posting_number(n)
        made.append(
            SlipData(
                StoreId(1),
                "Чайный дом",
                PostingNumber(number),
                OrderNumber(number.rsplit("-", 1)[0]),
                start + timedelta(hours=n % 48),
                "Ozon Логистика, курьер",
                "Склад на Ленина",
                False,
                lines,
            )
        )
    return made


def ozon_like_pdf(count: int) -> bytes:
    """``count`` pages of 75×120 mm, each with a posting number's Code128 and some text."""
    pdf = FPDF(unit="mm", format=(75, 120))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=9)
    for n in range(count):
        number = posting_number(n)
        pdf.add_page()
        pdf.set_xy(4, 4)
        pdf.cell(67, 5, "OZON  FBS")
        modules = Code128(number).build()[0]
        width = 67 / len(modules)
        for index, bit in enumerate(modules):
            if bit == "1":
                pdf.rect(4 + index * width, 12, width, 22, style="F")
        pdf.set_xy(4, 36)
        pdf.cell(67, 5, number)
        pdf.set_font_size(28)
        pdf.set_xy(4, 45)
        pdf.cell(67, 12, number[-6:])
        pdf.set_font_size(9)
        pdf.set_xy(4, 62)
        pdf.multi_cell(67, 4.5, f"Warehouse 22254230\nDelivery: Ozon Logistics\nItems: {n % 4 + 1}")
    return bytes(pdf.output())


def native(made: list[SlipData], size: PaperSize, dpi: int) -> list[str]:
    return [slip_zpl(s, size=size, dpi=dpi, language="ru", tz=MOSCOW) for s in made]


def graphic(pdf: bytes, size: PaperSize, dpi: int) -> list[str]:
    return [pdf_to_zpl(pdf, size=size, dpi=dpi)]


def timed(make: Callable[[], list[str]], runs: int, labels: int) -> tuple[float, float, float]:
    """Median labels a second (wall clock and CPU) and bytes a label over ``runs`` runs."""
    speeds, cpu_speeds, sizes = [], [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        made = make()
        took, took_cpu = time.perf_counter() - began, time.process_time() - began_cpu
        speeds.append(labels / took)
        cpu_speeds.append(labels / max(took_cpu, 1e-9))
        sizes.append(sum(len(z.encode()) for z in made) / labels)
    return statistics.median(speeds), statistics.median(cpu_speeds), statistics.median(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    count = args.labels
    russian = slips(count, NAMES)
    chinese = slips(count, CHINESE)
    pdf = ozon_like_pdf(count)
    size = PaperSize.THERMAL_100X150
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"{count} labels, median of {args.runs} runs")
    print(f"{'kind':<24}{'dpi':>5}{'labels/s':>12}{'labels/CPU s':>14}{'bytes/label':>14}")
    for dpi in (203, 300):
        cases: dict[str, Callable[[], list[str]]] = {
            "native": partial(native, russian, size, dpi),
            "native, Chinese names": partial(native, chinese, size, dpi),
            "graphic (PDF pages)": partial(graphic, pdf, size, dpi),
        }
        for kind, make in cases.items():
            speed, cpu_speed, per_label = timed(make, args.runs, count)
            print(f"{kind:<24}{dpi:>5}{speed:>12,.0f}{cpu_speed:>14,.0f}{per_label:>14,.0f}")
    print("reproduce: .venv/bin/python bench/zpl.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()

"""Benchmark: 1,000 thermal slips (100×150 mm, Code128 + QR + Cyrillic + Chinese) in one PDF, and
a 300-posting A4 pick list.

Each run is a fresh Python process (so its peak memory is the document's own), which times the
rendering with the font parsed inside the timing, as the first print request of a desk does. The
slips' pages 1, 500 and 1,000 are decoded back to their own posting numbers after the run, outside
the timing. Then single slips one after another in one process, as print requests come to a
running desk: the first pays for parsing the font, the rest reuse it. Prints the median of the
runs and the command that reproduces them.

    .venv/bin/python bench/documents.py [--labels 1000] [--postings 300] [--singles 21] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from posylka.adapters.documents.renderer import PdfDocumentRenderer
from posylka.domain.catalogue import PackagingFlags
from posylka.domain.documents import (
    PaperSize,
    PickListData,
    PickSource,
    Recipient,
    SlipData,
    SlipLine,
    pick_entries,
)
from posylka.domain.ids import BatchId, OfferId, OrderNumber, PostingNumber, Sku, StoreId
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipes import RecipeLine, apply

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FRAGILE = PackagingFlags(fragile=True)
NAMES = (
    "Кружка керамическая белая 350 мл",
    "保温杯 不锈钢 500ml 黑色",
    "Чехол для телефона, силикон / 手机壳 硅胶",
    "Набор отвёрток 24 предмета",
)


def posting_number(i: int) -> PostingNumber:
    return PostingNumber(f"{10_000_000 + i * 37:08d}-{i % 10_000:04d}-1")


def slip(i: int) -> SlipData:
    lines = tuple(
        SlipLine(
            offer_id=OfferId(f"ART-{(i + j) % 997:04d}"),
            sku=Sku(1_000_000 + (i + j) % 997),
            name=NAMES[(i + j) % len(NAMES)],
            quantity=1 + j,
            bin=f"{'ABCD'[(i + j) % 4]}-{(i + j) % 20}-{(i * 7 + j) % 9}",
            barcode=f"46{(i + j) % 997:011d}",
        )
        for j in range(2)
    )
    return SlipData(
        store_id=StoreId(1),
        store_name="Магазин 店铺",
        posting_number=posting_number(i),
        order_number=OrderNumber(posting_number(i).rsplit("-", 1)[0]),
        ship_by=START + timedelta(hours=i % 48),
        delivery_method="Курьер продавца, Казань",
        warehouse="Склад Казань",
        is_rfbs=True,
        lines=lines,
        recipe=apply(default_rules(), [RecipeLine(lines[0].offer_id, 1, FRAGILE)]),
        recipient=Recipient(
            "Петрова Анна Сергеевна",
            ("420111, Россия, Татарстан, Казань, ул. Баумана, д. 12, кв. 5",),
            "+79123456789",
        ),
    )


def child_labels(count: int) -> dict[str, float]:
    slips = [slip(i) for i in range(count)]
    started, cpu = time.perf_counter(), time.process_time()
    pdf = PdfDocumentRenderer(ZoneInfo("Europe/Moscow")).slips(
        slips, PaperSize.THERMAL_100X150, language="ru"
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    checked = check_slips(pdf, [0, count // 2 - 1, count - 1])
    return {
        "seconds": seconds,
        "cpu": cpu,
        "bytes": len(pdf),
        "checked": checked,
        "rss_mb": peak_rss_mb(),
    }


def check_slips(pdf: bytes, pages: list[int]) -> int:
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(pdf)
    for page in pages:
        image = document[page].render(scale=203 / 72).to_pil().convert("L")
        found = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}
        number = posting_number(page)
        if found != {("Code128", number), ("QRCode", number)}:
            raise SystemExit(f"page {page + 1} decodes to {found}, not {number}")
    return len(pages)


def child_single(count: int) -> dict[str, float]:
    renderer = PdfDocumentRenderer(ZoneInfo("Europe/Moscow"))
    walls, cpus = [], []
    for i in range(count):
        started, cpu = time.perf_counter(), time.process_time()
        renderer.slips([slip(i)], PaperSize.THERMAL_100X150, language="ru")
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {
        "first": walls[0],
        "wall": statistics.median(walls[1:]),
        "cpu": statistics.median(cpus[1:]),
    }


def child_pick_list(postings: int) -> dict[str, float]:
    sources = [PickSource(s.posting_number, s.lines) for s in (slip(i) for i in range(postings))]
    started, cpu = time.perf_counter(), time.process_time()
    data = PickListData(
        store_id=StoreId(1),
        store_name="Магазин",
        batch_id=BatchId(1),
        created_at=START,
        created_by="bench",
        posting_numbers=tuple(s.posting_number for s in sources),
        entries=pick_entries(sources),
    )
    pdf = PdfDocumentRenderer(ZoneInfo("Europe/Moscow")).pick_list(data, language="zh-CN")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    import pypdfium2 as pdfium

    return {
        "seconds": seconds,
        "cpu": cpu,
        "pages": len(pdfium.PdfDocument(pdf)),
        "products": len(data.entries),
        "rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(kind: str, size: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--size", str(size)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--singles", type=int, default=21)
    parser.add_argument("--child", choices=["labels", "picklist", "single"])
    parser.add_argument("--size", type=int, default=0)
    args = parser.parse_args()
    if args.child == "labels":
        print(json.dumps(child_labels(args.size)))
        return
    if args.child == "picklist":
        print(json.dumps(child_pick_list(args.size)))
        return
    if args.child == "single":
        print(json.dumps(child_single(args.size)))
        return

    labels = [run_child("labels", args.labels) for _ in range(args.runs)]
    picks = [run_child("picklist", args.postings) for _ in range(args.runs)]
    singles = [run_child("single", args.singles) for _ in range(args.runs)]
    seconds = statistics.median(r["seconds"] for r in labels)
    cpu = statistics.median(r["cpu"] for r in labels)
    label_runs = ", ".join(f"{r['seconds']:.2f}" for r in labels)
    pick_runs = ", ".join(f"{r['seconds']:.2f}" for r in picks)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"python {platform.python_version()} on {platform.machine()}, {args.runs} runs each; "
        f"load average {load} (on a busy machine read the CPU figures)"
    )
    print(
        f"{args.labels} slips 100x150 (Code128 + QR + Cyrillic + Chinese): "
        f"median {seconds:.2f} s = {args.labels / seconds:.0f} labels/s "
        f"(runs: {label_runs} s); CPU median {cpu:.2f} s = {args.labels / cpu:.0f} labels/s "
        "of CPU; "
        f"PDF {labels[0]['bytes'] / 1e6:.1f} MB; "
        f"peak RSS median {statistics.median(r['rss_mb'] for r in labels):.0f} MB "
        f"(max {max(r['rss_mb'] for r in labels):.0f} MB); "
        f"pages 1, {args.labels // 2} and {args.labels} decoded back to their numbers"
    )
    print(
        f"pick list of {args.postings} postings ({picks[0]['products']:.0f} products, "
        f"{picks[0]['pages']:.0f} A4 pages): median "
        f"{statistics.median(r['seconds'] for r in picks):.2f} s "
        f"(runs: {pick_runs} s), CPU {statistics.median(r['cpu'] for r in picks):.2f} s; "
        "peak RSS median "
        f"{statistics.median(r['rss_mb'] for r in picks):.0f} MB"
    )
    print(
        f"{args.singles} single 100x150 slips one after another in one process: the first "
        f"{statistics.median(r['first'] for r in singles) * 1000:.0f} ms, each later one "
        f"{statistics.median(r['wall'] for r in singles) * 1000:.0f} ms "
        f"(CPU {statistics.median(r['cpu'] for r in singles) * 1000:.0f} ms)"
    )
    print(
        "reproduce: .venv/bin/python bench/documents.py "
        f"--labels {args.labels} --postings {args.postings} --singles {args.singles} "
        f"--runs {args.runs}"
    )


if __name__ == "__main__":
    main()

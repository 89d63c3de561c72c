"""Slips, pick lists and after-sales cards as native ZPL: rendered, looked at, and scanned."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from tests.integration.printing import zpl_view
from zpl_core import render

from posylka.adapters.documents.zpl import ZplLabel, escape, is_native, wrap
from posylka.adapters.documents.zpl_documents import (
    after_sales_card_zpl,
    pick_list_zpl,
    slip_zpl,
)
from posylka.domain.catalogue import PackagingFlags
from posylka.domain.documents import (
    AfterSalesCardData,
    PaperSize,
    PickListData,
    PickSource,
    Recipient,
    SlipData,
    SlipLine,
    pick_entries,
)
from posylka.domain.ids import BatchId, OfferId, OrderNumber, PostingNumber, Sku, StoreId
from posylka.domain.printing import dots
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipes import RecipeLine, apply

MOSCOW = ZoneInfo("Europe/Moscow")
DPIS = [203, 300]


def make_slip(**overrides: object) -> SlipData:
    values: dict[str, object] = {
        "store_id": StoreId(1),
        "store_name": "Demo store",
        "posting_number": PostingNumber("0208245774-0029-1"),
        "order_number": OrderNumber("0208245774-0029"),
        "ship_by": datetime(2026, 11, 27, 13, 0, tzinfo=UTC),
        "delivery_method": "Ozon Логистика, склад Москва",
        "warehouse": "Склад на Ленина",
        "is_rfbs": False,
        "lines": (
            SlipLine(
                OfferId("KETTLE-1"),
                Sku(1001),
                "Чайник стеклянный 1,7 л",
                1,
                "A-2-10",
                "4601234567890",
            ),
            SlipLine(OfferId("MUG-2"), Sku(1002), "Mug, white ceramic, 350 ml", 2, None, None),
        ),
        "recipe": apply(
            default_rules(), [RecipeLine(OfferId("KETTLE-1"), 1, PackagingFlags(glass=True))]
        ),
    }
    values.update(overrides)
    return SlipData(**values)  # type: ignore[arg-type]


def rendered(zpl: str, dpi: int, out: Path) -> list[tuple[Image.Image, dict[str, object]]]:
    """Each label of ``zpl`` rendered by zpl-core (always to a file under ``out``)."""
    labels = re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)
    result = []
    for index, label in enumerate(labels):
        report = render.render(label, dpi=dpi, out=out / f"label-{dpi}-{index}.png")
        result.append((Image.open(report["png"]).convert("L"), report))
    return result


def decoded(image: Image.Image) -> set[str]:
    return {r.text for r in zxingcpp.read_barcodes(image)}


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("size", [PaperSize.THERMAL_100X150, PaperSize.THERMAL_75X120])
def test_slip_is_native_zpl_whose_barcode_scans(dpi: int, size: PaperSize, tmp_path: Path) -> None:
    zpl = slip_zpl(make_slip(), size=size, dpi=dpi, language="ru", tz=MOSCOW)

    assert zpl is not None
    assert "^CI28" in zpl
    assert "^GF" not in zpl
    assert f"^PW{dots(size.width_mm, dpi)}^LL{dots(size.height_mm, dpi)}" in zpl
    [(image, report)] = rendered(zpl, dpi, tmp_path)
    assert image.size == (dots(size.width_mm, dpi), dots(size.height_mm, dpi))
    assert "0208245774-0029-1" in decoded(image)
    texts = [d["text"] for d in report["drawn"] if d["type"] == "text"]  # type: ignore[attr-defined, index]
    assert "Отгрузить до: 27.11.2026 16:00" in texts
    assert "1 × KETTLE-1" in texts
    assert not report["warnings"], report["warnings"]


@pytest.mark.parametrize("dpi", DPIS)
def test_a_long_slip_continues_on_more_labels(dpi: int, tmp_path: Path) -> None:
    lines = tuple(
        SlipLine(OfferId(f"SKU-{n}"), Sku(n), f"Product number {n} with a long name", 1, f"B-{n}")
        for n in range(1, 16)
    )
    zpl = slip_zpl(
        make_slip(lines=lines), size=PaperSize.THERMAL_75X120, dpi=dpi, language="en", tz=MOSCOW
    )

    assert zpl is not None
    labels = rendered(zpl, dpi, tmp_path)
    assert len(labels) > 1
    every_text = [d["text"] for _, r in labels for d in r["drawn"] if d["type"] == "text"]  # type: ignore[attr-defined, index]
    assert all(f"1 × SKU-{n}" in every_text for n in range(1, 16))
    assert "0208245774-0029-1 (continued)" in every_text
    for image, report in labels:
        bottom = max(d["dots"][1] for d in report["drawn"])  # type: ignore[attr-defined, index]
        assert bottom < image.height


@pytest.mark.parametrize("dpi", DPIS)
def test_chinese_lines_become_graphics_and_the_barcode_stays_native(
    dpi: int, tmp_path: Path
) -> None:
    chinese_name = (SlipLine(OfferId("CUP"), Sku(1), "陶瓷杯 白色 350 毫升", 1, "A-1"),)
    zpl = slip_zpl(
        make_slip(lines=chinese_name),
        size=PaperSize.THERMAL_100X150,
        dpi=dpi,
        language="zh-CN",
        tz=MOSCOW,
    )

    assert zpl.count("^GFA,") >= 8  # the wording and the product's name
    assert "^BCN," in zpl
    [label] = zpl_view.labels(zpl)
    image, report = zpl_view.look(label, dpi, tmp_path / f"zh-{dpi}.png")
    assert "0208245774-0029-1" in decoded(image)
    texts = [d["text"] for d in report["drawn"] if d["type"] == "text"]  # type: ignore[attr-defined, index]
    assert "0208245774-0029-1" in texts  # Latin stays in the printer's font
    assert "1 × CUP" in texts


def test_a_chinese_line_is_cut_to_its_block() -> None:
    label = ZplLabel(58, 40, 203)
    used = label.text(2, 2, 30, "超长的商品名称" * 10, size=3.0, lines=2)
    assert used == pytest.approx(2 * 3.0 * 1.25)
    widths = [int(w) for w in re.findall(r"\^GFA,\d+,\d+,(\d+),", label.zpl())]
    assert len(widths) == 2
    assert all(w * 8 <= dots(30, 203) + 8 for w in widths)


def test_rfbs_slip_carries_the_recipient(tmp_path: Path) -> None:
    recipient = Recipient("Иванов Иван", ("Москва, ул. Ленина, д. 1, кв. 2",), "+7 900 000-00-00")
    zpl = slip_zpl(
        make_slip(is_rfbs=True, recipient=recipient),
        size=PaperSize.THERMAL_100X150,
        dpi=203,
        language="ru",
        tz=MOSCOW,
    )

    assert zpl is not None
    [(_, report)] = rendered(zpl, 203, tmp_path)
    texts = [d["text"] for d in report["drawn"] if d["type"] == "text"]  # type: ignore[attr-defined, index]
    assert "Иванов Иван" in texts
    assert "+7 900 000-00-00" in texts


@pytest.mark.parametrize("dpi", DPIS)
def test_pick_list_barcode_of_the_batch_scans(dpi: int, tmp_path: Path) -> None:
    sources = [
        PickSource(PostingNumber("111-1"), [SlipLine(OfferId("A"), Sku(1), "Кружка", 2, "A-1")]),
        PickSource(PostingNumber("222-1"), [SlipLine(OfferId("A"), Sku(1), "Кружка", 1, "A-1")]),
    ]
    pick = PickListData(
        StoreId(1),
        "Demo",
        BatchId(42),
        datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        "anna",
        (PostingNumber("111-1"), PostingNumber("222-1")),
        pick_entries(sources),
    )
    zpl = pick_list_zpl(pick, size=PaperSize.THERMAL_100X150, dpi=dpi, language="en", tz=MOSCOW)

    assert zpl is not None
    [(image, report)] = rendered(zpl, dpi, tmp_path)
    assert "PL-000042" in decoded(image)
    texts = [d["text"] for d in report["drawn"] if d["type"] == "text"]  # type: ignore[attr-defined, index]
    assert "A-1 · 3 × A" in texts
    assert "111-1 × 2" in texts


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize(
    "size", [PaperSize.THERMAL_100X150, PaperSize.THERMAL_75X120, PaperSize.THERMAL_58X40]
)
def test_after_sales_card_qr_scans(dpi: int, size: PaperSize, tmp_path: Path) -> None:
    card = AfterSalesCardData(
        "Demo",
        "Спасибо за покупку!",
        "Если что-то не так, напишите нам до того, как оставить отзыв.",
        ("seller@example.com",),
        "https://example.com/help?o=1",
        "Помощь",
    )
    zpl = after_sales_card_zpl(card, size=size, dpi=dpi)

    assert zpl is not None
    [(image, report)] = rendered(zpl, dpi, tmp_path)
    assert decoded(image) == {"https://example.com/help?o=1"}
    assert not report["warnings"], report["warnings"]


def test_text_is_cut_to_its_lines_with_an_ellipsis() -> None:
    assert wrap("one two three four", 9, 2) == ["one two", "three..."]
    assert wrap("abcdefghijkl", 5, 3) == ["abcde", "fghij", "kl"]
    assert wrap("short", 10, 1) == ["short"]


def test_field_data_escapes_zpl_control_characters() -> None:
    assert escape("a^b~c_d") == ("a_5Eb_7Ec_5Fd", True)
    assert escape("plain") == ("plain", False)
    label = ZplLabel(50, 30, 203)
    label.text(1, 1, 40, "50% ^off_")
    assert "^FH^FD50% _5Eoff_5F^FS" in label.zpl()


def test_native_text_is_latin_and_cyrillic_only() -> None:
    assert is_native("Чайник №5 — 1 500 ₽", "Mug «white»")
    assert not is_native("陶瓷杯")

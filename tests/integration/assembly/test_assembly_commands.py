"""``posylka assembly`` as a user runs it: bad input and Ozon's refusals each end in one sentence
that says what to do, and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.integration.assembly.sandbox_desk import Desk, sandbox_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with sandbox_desk(tmp_path / "data") as found:
        yield found


def test_a_box_that_is_not_sku_and_quantity_is_named(desk: Desk) -> None:
    number, _ = desk.ready_posting()
    ran = desk.run("assembly", "start", number, "--box", "mug:2")
    assert (ran.code, ran.err.strip()) == (
        1,
        "Box 1: 'mug:2' is not SKU:QUANTITY (e.g. 1234567:2).",
    )


def test_a_posting_not_synced_needs_its_boxes(desk: Desk) -> None:
    number, _ = desk.ready_posting()
    ran = desk.run("assembly", "start", number)
    assert ran.code == 1
    assert "is not here yet: run `posylka sync`, or give its boxes with --box" in ran.err


def test_a_posting_without_an_assembly_says_so(desk: Desk) -> None:
    ran = desk.run("assembly", "status", "0000000000-0000-1")
    assert (ran.code, ran.err.strip()) == (1, "Posting 0000000000-0000-1 has no assembly.")


def test_a_cancelled_posting_tells_the_packer_to_put_the_items_back(desk: Desk) -> None:
    number, boxes = desk.ready_posting()
    httpx.post(f"{desk.url}/__sandbox/postings/{number}/status", json={"status": "cancelled"})
    ran = desk.run("assembly", "start", number, "--box", boxes[0], "--no-label")
    assert ran.code == 1
    assert (
        "The posting was cancelled on Ozon. Put the items back on their shelves; there is "
        "nothing to ship." in ran.out
    )


def test_a_failed_assembly_is_kept_and_a_retry_assembles_it(desk: Desk) -> None:
    number, boxes = desk.ready_posting()
    fault = f"{desk.url}/__sandbox/postings/{number}/assembly"
    httpx.post(fault, json={"ship_failed": 1})
    failed = desk.run("assembly", "start", number, "--box", boxes[0], "--no-label")
    retried = desk.run("assembly", "retry", number, "--no-label")
    assert (failed.code, retried.code) == (1, 0)
    assert "assembled (attempts: 2)" in retried.out


def test_retrying_an_assembled_posting_says_there_is_nothing_to_retry(desk: Desk) -> None:
    number, boxes = desk.ready_posting()
    desk.must("assembly", "start", number, "--box", boxes[0], "--no-label")
    ran = desk.run("assembly", "retry", number, "--no-label")
    assert ran.code == 1
    assert "is assembled, not failed: it is done and there is nothing to retry." in ran.err

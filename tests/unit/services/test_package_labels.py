"""The label service over a scripted in-memory Ozon: refusals that name no posting, labels of
several pages, asynchronous tasks that never finish or leave postings unprinted, and failures that
are not refusals. Each label page carries its posting number as text, read back with pypdf."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from posylka.adapters.pdf.pages import PypdfPages
from posylka.domain.errors import ServerFailure
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.labels import (
    LabelBatch,
    LabelsNotReady,
    LabelsRefused,
    LabelTask,
    LabelTaskCode,
    LabelTaskState,
    SetAsideReason,
    UnprintedPosting,
)
from posylka.services.package_labels import LabelOptions, fetch_labels

STORE = StoreId(1)


def pdf_of(pages: Sequence[str]) -> bytes:
    document = FPDF(unit="mm", format=(75, 120))
    document.set_font("helvetica", size=12)
    for text in pages:
        document.add_page()
        document.text(10, 20, text)
    return bytes(document.output())


def page_texts(pdf: bytes | None) -> list[str]:
    assert pdf is not None
    return [page.extract_text().strip() for page in PdfReader(io.BytesIO(pdf)).pages]


@dataclass
class ScriptedOzon:
    """Labels as a marketplace gateway gives them, from a script of what each posting does."""

    bad_unnamed: set[str] = field(default_factory=set)
    pages: dict[str, int] = field(default_factory=dict)
    not_ready_rounds: dict[str, int] = field(default_factory=dict)
    task_finishes: bool = True
    fail_with: Exception | None = None
    calls: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    tasks: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def api_calls(self) -> int:
        return len(self.calls)

    def _not_ready(self, number: str) -> bool:
        left = self.not_ready_rounds.get(number, 0)
        return left > 0

    def _pages(self, numbers: Sequence[str]) -> bytes:
        return pdf_of([f"{n} box {i + 1}" for n in numbers for i in range(self.pages.get(n, 1))])

    async def fetch_package_labels(self, posting_numbers: Sequence[PostingNumber]) -> bytes:
        self.calls.append(("label", tuple(posting_numbers)))
        if self.fail_with is not None:
            raise self.fail_with
        if any(n in self.bad_unnamed for n in posting_numbers):
            raise LabelsRefused(
                "Ozon rejected the request: INVALID_ARGUMENT",
                reason=SetAsideReason.WRONG_STATUS,
            )
        waiting = [n for n in posting_numbers if self._not_ready(n)]
        if waiting:
            raise LabelsNotReady("The next postings aren't ready")
        return self._pages(posting_numbers)

    async def create_label_task(self, posting_numbers: Sequence[PostingNumber]) -> list[LabelTask]:
        self.calls.append(("create", tuple(posting_numbers)))
        task_id = 100 + len(self.tasks)
        self.tasks[task_id] = tuple(posting_numbers)
        return [LabelTask(task_id + 1000, "small_label"), LabelTask(task_id, "big_label")]

    async def fetch_label_task(self, task_id: int) -> LabelTaskState:
        self.calls.append(("get", (str(task_id),)))
        assert task_id in self.tasks, "the small-label task is never asked about"
        if not self.task_finishes:
            return LabelTaskState(LabelTaskCode.IN_PROGRESS)
        numbers = self.tasks[task_id]
        waiting = [n for n in numbers if self._not_ready(n)]
        unprinted = tuple(
            UnprintedPosting(PostingNumber(n), SetAsideReason.NOT_READY, "aren't ready")
            for n in waiting
        )
        return LabelTaskState(LabelTaskCode.COMPLETED, f"file://{task_id}", unprinted)

    async def download_label_file(self, url: str) -> bytes:
        numbers = self.tasks[int(url.removeprefix("file://"))]
        return self._pages([n for n in numbers if not self._not_ready(n)])

    def next_round(self) -> None:
        for number in self.not_ready_rounds:
            self.not_ready_rounds[number] -= 1


def numbers(count: int) -> list[PostingNumber]:
    return [PostingNumber(f"1000{i:04d}-0001-1") for i in range(count)]


async def fetch(ozon: ScriptedOzon, wanted: list[PostingNumber], **options: object) -> LabelBatch:
    async def sleep(seconds: float) -> None:
        ozon.next_round()

    return await fetch_labels(
        [(STORE, n) for n in wanted],
        gateways=lambda _: ozon,  # type: ignore[arg-type,return-value]
        pdf=PypdfPages(),
        sleep=sleep,
        options=LabelOptions(**options),  # type: ignore[arg-type]
    )


async def test_a_refusal_naming_no_posting_is_halved_until_the_bad_one_stands_alone() -> None:
    wanted = numbers(20)
    ozon = ScriptedOzon(bad_unnamed={wanted[13]})

    batch = await fetch(ozon, wanted)

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (wanted[13], SetAsideReason.WRONG_STATUS)
    ]
    assert page_texts(batch.pdf) == [f"{n} box 1" for n in wanted if n != wanted[13]]
    assert len(ozon.calls) <= 2 * 5 + 1  # halving 20 postings takes a handful of calls


async def test_a_posting_with_two_label_pages_keeps_both_in_its_place() -> None:
    wanted = numbers(3)
    ozon = ScriptedOzon(pages={wanted[1]: 2})

    batch = await fetch(ozon, wanted)

    assert page_texts(batch.pdf) == [
        f"{wanted[0]} box 1",
        f"{wanted[1]} box 1",
        f"{wanted[1]} box 2",
        f"{wanted[2]} box 1",
    ]
    # The file has more pages than postings, so its postings share its pages.
    assert {(p.first_page, p.page_count) for p in batch.printed} == {(0, 4)}


async def test_a_large_batch_uses_the_big_label_task() -> None:
    wanted = numbers(5)
    ozon = ScriptedOzon()

    batch = await fetch(ozon, wanted, sync_up_to=2)

    assert [kind for kind, _ in ozon.calls] == ["create", "get"]
    assert page_texts(batch.pdf) == [f"{n} box 1" for n in wanted]


async def test_a_task_that_never_finishes_falls_back_to_calls_of_twenty() -> None:
    wanted = numbers(5)
    ozon = ScriptedOzon(task_finishes=False)

    batch = await fetch(ozon, wanted, sync_up_to=2, task_polls=3)

    assert [kind for kind, _ in ozon.calls] == ["create", "get", "get", "get", "label"]
    assert page_texts(batch.pdf) == [f"{n} box 1" for n in wanted]


async def test_postings_a_task_leaves_unprinted_for_now_are_asked_for_again() -> None:
    wanted = numbers(4)
    ozon = ScriptedOzon(not_ready_rounds={wanted[0]: 1})

    batch = await fetch(ozon, wanted, sync_up_to=2)

    assert batch.set_aside == ()
    # The late label goes to the front, where it was asked for, not after the others.
    assert page_texts(batch.pdf) == [f"{n} box 1" for n in wanted]
    assert [p.first_page for p in batch.printed] == [0, 1, 2, 3]


async def test_labels_never_ready_are_set_aside_and_the_rest_printed() -> None:
    wanted = numbers(2)
    ozon = ScriptedOzon(not_ready_rounds={wanted[1]: 10})

    batch = await fetch(ozon, wanted, ready_rounds=3)

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (wanted[1], SetAsideReason.NOT_READY)
    ]
    assert page_texts(batch.pdf) == [f"{wanted[0]} box 1"]


async def test_a_failure_that_is_not_a_refusal_is_raised_not_hidden() -> None:
    ozon = ScriptedOzon(fail_with=ServerFailure("Ozon could not answer: Internal error"))

    with pytest.raises(ServerFailure):
        await fetch(ozon, numbers(2))


async def test_the_same_posting_asked_twice_is_printed_once() -> None:
    wanted = numbers(2)
    ozon = ScriptedOzon()

    batch = await fetch(ozon, [wanted[0], wanted[1], wanted[0]])

    assert page_texts(batch.pdf) == [f"{n} box 1" for n in wanted]

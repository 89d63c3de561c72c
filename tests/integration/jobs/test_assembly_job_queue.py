"""Assembly jobs on a real queue: a step that has more to do comes back when it said, the
recovery queues a step for each unfinished assembly, and the embedded consumer takes a recorded
assembly all the way to its printed label."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.integration.assembly.assembly_world import NUMBER, SKU, World, box, migrated

from posylka.adapters.jobs.assembly import AssemblyJobs
from posylka.adapters.jobs.queue import build_huey
from posylka.config import Settings
from posylka.domain.assembly import AssemblyState
from posylka.services.assembly import start_assembly
from posylka.services.assembly_steps import AssemblySteps, BlockingAssembly, StepOptions

REDIS_URL = os.environ.get("POSYLKA_TEST_REDIS_URL", "")


@dataclass
class Runner:
    delay: float | None = None
    left: list[tuple[int, str]] = field(default_factory=list)
    stepped: list[tuple[int, str]] = field(default_factory=list)

    def step(self, store_id: int, posting_number: str) -> float | None:
        self.stepped.append((store_id, posting_number))
        return self.delay

    def unfinished(self, *, older_than: float) -> list[tuple[int, str]]:
        return list(self.left)


@pytest.fixture
def huey(tmp_path: Path) -> Iterator[Any]:
    queue = build_huey(Settings(data_dir=tmp_path), name=f"test-{uuid.uuid4().hex[:8]}")
    yield queue
    queue.flush()


def test_a_step_with_more_to_do_schedules_the_next_one(huey: Any) -> None:
    jobs = AssemblyJobs(huey, Runner(delay=45.0))
    jobs.step_task.call_local(1, NUMBER)
    # A task scheduled for later waits in the queue with its time (eta) until a consumer holds it.
    assert [(task.args, task.eta is not None) for task in huey.pending()] == [((1, NUMBER), True)]


def test_a_finished_step_schedules_nothing(huey: Any) -> None:
    jobs = AssemblyJobs(huey, Runner(delay=None))
    jobs.step_task.call_local(1, NUMBER)
    assert (huey.pending(), huey.scheduled()) == ([], [])


def test_the_recovery_queues_a_step_per_unfinished_assembly(huey: Any) -> None:
    jobs = AssemblyJobs(huey, Runner(left=[(1, "1-1"), (2, "2-1")]))
    jobs.recover_task.call_local(0.0)
    assert sorted(task.args for task in huey.pending()) == [(1, "1-1"), (2, "2-1")]


def test_enqueueing_an_assembly_queues_its_step(huey: Any) -> None:
    jobs = AssemblyJobs(huey, Runner())
    jobs.enqueue_assembly(3, NUMBER)
    assert [task.args for task in huey.pending()] == [(3, NUMBER)]


def test_the_embedded_consumer_takes_an_assembly_to_its_printed_label(
    huey: Any, tmp_path: Path
) -> None:
    with migrated("sqlite", tmp_path) as engine:
        world = World(engine)
        world.add_posting()
        world.ozon.carry_out_on_read = True
        quick = StepOptions(follow_seconds=0.2, label_first_seconds=0.2)
        steps = AssemblySteps(
            uow=world.uow,
            shipping=lambda store_id, credentials: world.ozon,
            clock=world.clock,
            labels=world.labels,
            options=quick,
        )
        jobs = AssemblyJobs(huey, BlockingAssembly(steps))
        consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False)
        consumer.start()
        try:
            start_assembly(
                uow_factory=world.uow,
                jobs=jobs,
                store_id=world.store_id,
                posting_number=NUMBER,
                packages=[box((SKU, 2))],
                user_id=None,
                clock=world.clock,
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                found = world.assembly()
                if found is not None and found.label_done:
                    break
                time.sleep(0.1)
        finally:
            consumer.stop(graceful=True)
        found = world.assembly()
        assert found is not None
        assert (found.state, found.label_print_job is not None) == (AssemblyState.ASSEMBLED, True)
        assert len(world.ozon.ship_calls) == 1


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="POSYLKA_TEST_REDIS_URL is not set")
def test_only_one_worker_runs_a_minutes_recovery_on_redis() -> None:
    name = f"test-{uuid.uuid4().hex[:8]}"
    queues = [build_huey(Settings(redis_url=REDIS_URL), name=name) for _ in range(2)]
    try:
        runners = [Runner(left=[(1, "1-1")]), Runner(left=[(1, "1-1")])]
        first, second = (AssemblyJobs(q, r) for q, r in zip(queues, runners, strict=True))
        ran = [first.periodic_recover.call_local(), second.periodic_recover.call_local()]
        assert sorted(ran) == [0, 1]
    finally:
        queues[0].flush()

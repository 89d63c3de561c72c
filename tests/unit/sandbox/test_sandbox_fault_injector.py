"""Fault decisions: deterministic from the seed, queued faults first, restricted to paths."""

from __future__ import annotations

from posylka.sandbox.ozon.faults import FailNext, Fault, FaultInjector, FaultPlan

PATH = "/v4/posting/fbs/list"


def _draw(plan: FaultPlan, times: int, path: str = PATH) -> list[Fault | None]:
    injector = FaultInjector(plan)
    return [injector.next_fault(path) for _ in range(times)]


def test_no_plan_no_faults() -> None:
    assert _draw(FaultPlan(), 50) == [None] * 50


def test_the_same_seed_draws_the_same_faults() -> None:
    plan = FaultPlan(fault_rate=0.4, kinds=("5xx", "429", "drop", "malformed"), seed=3)
    assert _draw(plan, 200) == _draw(plan, 200)


def test_another_seed_draws_other_faults() -> None:
    plan = FaultPlan(fault_rate=0.4, seed=3)
    assert _draw(plan, 200) != _draw(plan.model_copy(update={"seed": 4}), 200)


def test_the_rate_decides_how_often_faults_come() -> None:
    faults = _draw(FaultPlan(fault_rate=0.25, seed=1), 4000)
    share = sum(f is not None for f in faults) / len(faults)
    assert 0.2 < share < 0.3


def test_random_faults_are_only_of_the_given_kinds() -> None:
    faults = _draw(FaultPlan(fault_rate=1.0, kinds=("5xx",), seed=2), 300)
    assert {f.status for f in faults if f} == {500, 502, 503, 504}


def test_queued_faults_come_first_in_their_order() -> None:
    plan = FaultPlan(
        burst_429=2,
        fail_next=FailNext(kind="drop", count=1),
        malformed_next=1,
        malformed_style="json",
    )
    assert _draw(plan, 5) == [
        Fault("status", 429),
        Fault("status", 429),
        Fault("drop"),
        Fault("malformed", style="json"),
        None,
    ]


def test_a_fixed_malformed_style_is_kept() -> None:
    faults = _draw(FaultPlan(malformed_next=3, malformed_style="unknown_status"), 3)
    assert {f.style for f in faults if f} == {"unknown_status"}


def test_paths_outside_the_plan_get_nothing_and_use_no_queued_fault() -> None:
    injector = FaultInjector(FaultPlan(burst_429=1, paths=(PATH,)))
    assert injector.next_fault("/v3/posting/fbs/get") is None
    assert injector.next_fault(PATH) == Fault("status", 429)


def test_replacing_the_plan_restarts_the_queue_and_the_draws() -> None:
    plan = FaultPlan(fault_rate=0.5, burst_429=1, seed=8)
    injector = FaultInjector(plan)
    first = [injector.next_fault(PATH) for _ in range(30)]
    injector.replace(plan)
    assert [injector.next_fault(PATH) for _ in range(30)] == first


def test_labels_group_faults_for_the_stats() -> None:
    assert [Fault("status", 503).label, Fault("status", 429).label, Fault("drop").label] == [
        "5xx",
        "429",
        "drop",
    ]

"""Benchmark: box recommendations for 1,000 realistic postings, the heuristic against the exact
solver (OR-Tools CP-SAT), side by side.

Postings are generated from a seed: a catalogue of everyday goods (cosmetics, phone cases,
folded clothes, books, mugs, shoe boxes, kettles, toys, small electronics, bottles that stay
upright) with sizes and weights drawn around real ones; a posting has one to four lines (mostly
one) of one to three units (mostly one). The boxes are posylka's default catalogue. Ozon's
regular limits apply (25 kg, 1.8 × 0.8 × 0.8 m).

Prints the mean fill rate (item volume over box volume, per box), mean packaging cost per
posting, boxes per posting, how often the exact solver found a cheaper plan, and the time per
posting (median, p95, max) of each, and the command that reproduces them.

    .venv/bin/python bench/box_choice.py [--postings 1000] [--seed 11] [--time-limit 1.5] [--bulk]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from posylka.adapters.packing import cpsat
from posylka.domain.box_choice import BoxPlan, PackItem, recommend
from posylka.domain.box_packing import Fitter
from posylka.domain.boxes import DEFAULT_BOXES, Box, BoxSpec
from posylka.domain.catalogue import Dimensions
from posylka.domain.ids import BoxId, OfferId, Sku, StoreId

# (kind, share of the catalogue, length, width, height mm, weight g, keep upright)
GOODS: tuple[tuple[str, int, tuple[int, int, int], int, bool], ...] = (
    ("cosmetics", 14, (60, 40, 120), 150, True),
    ("phone case", 12, (170, 95, 20), 60, False),
    ("t-shirt, folded", 12, (280, 220, 30), 200, False),
    ("book", 10, (210, 140, 30), 400, False),
    ("mug in a box", 9, (120, 100, 110), 380, False),
    ("shoe box", 7, (330, 210, 120), 900, False),
    ("kettle", 5, (230, 170, 250), 1200, True),
    ("toy", 9, (200, 150, 80), 300, False),
    ("gadget", 10, (150, 100, 60), 250, False),
    ("bottle", 6, (80, 80, 250), 700, True),
    ("socks", 6, (200, 100, 20), 60, False),
)


@dataclass(frozen=True)
class Result:
    plan: BoxPlan
    seconds: float


def catalogue(rng: random.Random, size: int = 200) -> list[PackItem]:
    """Products with sizes ±25% and weights ±30% around their kind's."""
    kinds = [g for g in GOODS for _ in range(g[1])]
    products = []
    for n in range(size):
        _, _, sides, weight, upright = rng.choice(kinds)
        dims = [max(5, round(s * rng.uniform(0.75, 1.25))) for s in sides]
        products.append(
            PackItem(
                sku=Sku(10_000 + n),
                offer_id=OfferId(f"ART-{n:04d}"),
                quantity=1,
                dimensions=Dimensions(
                    dims[0], dims[1], dims[2], weight_g=round(weight * rng.uniform(0.7, 1.3))
                ),
                keep_upright=upright,
            )
        )
    return products


def postings(rng: random.Random, count: int, *, bulk: bool = False) -> list[list[PackItem]]:
    """Everyday postings, or with ``bulk`` wholesale-like ones (three to eight lines of one to
    four units each) that need the larger boxes and splits."""
    products = catalogue(rng)
    made = []
    for _ in range(count):
        everyday = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
        lines = rng.randint(3, 8) if bulk else everyday
        chosen = rng.sample(products, lines)
        made.append(
            [
                PackItem(
                    p.sku,
                    p.offer_id,
                    rng.randint(1, 4) if bulk else rng.choices([1, 2, 3], weights=[80, 15, 5])[0],
                    p.dimensions,
                    p.keep_upright,
                )
                for p in chosen
            ]
        )
    return made


def boxes() -> list[Box]:
    return [
        Box(BoxId(n + 1), StoreId(1), **{**vars_of(spec), "warehouse_id": None})
        for n, spec in enumerate(DEFAULT_BOXES)
    ]


def vars_of(spec: BoxSpec) -> dict[str, Any]:
    return {name: getattr(spec, name) for name in BoxSpec.__slots__}


def run(
    items: Sequence[list[PackItem]], catalogue_: list[Box], exact: Fitter | None
) -> list[Result]:
    results = []
    for posting in items:
        start = time.perf_counter()
        plan = recommend(posting, catalogue_, exact=exact)
        results.append(Result(plan, time.perf_counter() - start))
    return results


def summary(label: str, results: list[Result]) -> str:
    fills = [b.fill_rate for r in results for b in r.plan.boxes]
    costs = [r.plan.cost for r in results]
    times = sorted(r.seconds * 1000 for r in results)
    p95 = times[int(0.95 * (len(times) - 1))]
    boxes_per = statistics.fmean(len(r.plan.boxes) for r in results)
    mean_cost = sum(costs, Decimal(0)) / len(costs)
    return (
        f"{label:10} {statistics.fmean(fills):>9.1%} {float(mean_cost):>10.2f} {boxes_per:>9.3f}"
        f" {statistics.median(times):>10.2f} {p95:>8.2f} {times[-1]:>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--time-limit", type=float, default=cpsat.DEFAULT_TIME_LIMIT_S)
    parser.add_argument("--bulk", action="store_true", help="wholesale-like postings")
    args = parser.parse_args()
    items = postings(random.Random(args.seed), args.postings, bulk=args.bulk)
    catalogue_ = boxes()
    heuristic = run(items, catalogue_, None)
    exact_results: list[Result] = []
    if cpsat.available():
        exact_results = run(
            items, catalogue_, cpsat.CpSatPacker(time_limit_s=args.time_limit).place
        )
    kind = "bulk " if args.bulk else ""
    print(f"posylka box choice: {args.postings:,} {kind}postings (seed {args.seed}), "
          f"{len(catalogue_)} boxes")  # fmt: skip
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"{'solver':10} {'mean fill':>9} {'mean cost':>10} {'boxes/post':>9}"
          f" {'median ms':>10} {'p95 ms':>8} {'max ms':>9}")  # fmt: skip
    print(summary("heuristic", heuristic))
    if exact_results:
        print(summary("exact", exact_results))
        cheaper = [
            (h.plan.cost, e.plan.cost)
            for h, e in zip(heuristic, exact_results, strict=True)
            if e.plan.cost < h.plan.cost
        ]
        saved = sum((h - e for h, e in cheaper), Decimal(0))
        worst = max((h / e for h, e in cheaper), default=Decimal(1))
        print(
            f"exact cheaper for {len(cheaper)} of {len(items)} postings "
            f"({len(cheaper) / len(items):.1%}), saving {saved} in all; worst heuristic/exact "
            f"{worst:.2f}"
        )
        problems = sum(1 for r in heuristic if r.plan.problems)
        print(f"plans with problems: {problems}")
    else:
        print("exact: ortools is not installed (pip install 'posylka[packing]')")
    print("reproduce:", " ".join([".venv/bin/python", "bench/box_choice.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()

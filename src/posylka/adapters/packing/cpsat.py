"""The exact packer: OR-Tools CP-SAT places units in one box, or proves it cannot in its time.

The model: per unit one of its allowed turns (six, or two when upright), its position inside
the box, and for every pair of units one of six "beside" relations (left, right, behind, in
front, below, above) that keeps them apart. Identical units are ordered along x (any solution
can be reordered so), which cuts the symmetric search. There is no gravity or support: the
answer is a set of positions that fit, which is what the box choice needs.

ortools is imported when the packer is built, so posylka runs without the ``packing`` extra;
``available()`` says whether it is installed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from posylka.domain.box_packing import Dims, Placement, Unit, rotations

DEFAULT_TIME_LIMIT_S = 1.5
"""Per box: CP-SAT proves most postings in well under a second; a box that takes longer is
treated as not fitting and the next larger box is tried."""


def available() -> bool:
    """Whether ortools can be imported."""
    return importlib.util.find_spec("ortools") is not None


class CpSatPacker:
    """The ``ExactPacker`` port on CP-SAT with a time limit per box."""

    def __init__(self, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S, workers: int = 2) -> None:
        from ortools.sat.python import cp_model

        self._cp: Any = cp_model
        self.time_limit_s = time_limit_s
        self.workers = workers

    def place(self, box: Dims, units: Sequence[Unit]) -> tuple[Placement, ...] | None:
        if not units:
            return ()
        cp = self._cp
        model = cp.CpModel()
        length, width, height = box
        axes = (length, width, height)
        chosen: list[list[Any]] = []
        turns_of: list[list[Dims]] = []
        position: list[tuple[Any, Any, Any]] = []
        size: list[tuple[Any, Any, Any]] = []
        for n, unit in enumerate(units):
            turns = [
                t for t in rotations(unit) if all(s <= a for s, a in zip(t, axes, strict=True))
            ]
            if not turns:
                return None
            flags = [model.NewBoolVar(f"r{n}_{k}") for k in range(len(turns))]
            model.AddExactlyOne(flags)
            sides = []
            spots = []
            for axis in range(3):
                options = [t[axis] for t in turns]
                side = model.NewIntVar(min(options), max(options), f"s{n}_{axis}")
                model.Add(side == sum(f * o for f, o in zip(flags, options, strict=True)))
                spot = model.NewIntVar(0, axes[axis] - min(options), f"p{n}_{axis}")
                model.Add(spot + side <= axes[axis])
                sides.append(side)
                spots.append(spot)
            chosen.append(flags)
            turns_of.append(turns)
            position.append((spots[0], spots[1], spots[2]))
            size.append((sides[0], sides[1], sides[2]))
        for i, j in combinations(range(len(units)), 2):
            apart = []
            for axis in range(3):
                before = model.NewBoolVar(f"b{i}_{j}_{axis}")
                after = model.NewBoolVar(f"a{i}_{j}_{axis}")
                model.Add(position[i][axis] + size[i][axis] <= position[j][axis]).OnlyEnforceIf(
                    before
                )
                model.Add(position[j][axis] + size[j][axis] <= position[i][axis]).OnlyEnforceIf(
                    after
                )
                apart += [before, after]
            model.AddBoolOr(apart)
            if units[i].shape == units[j].shape:
                model.Add(position[i][0] <= position[j][0])
        solver = cp.CpSolver()
        solver.parameters.max_time_in_seconds = self.time_limit_s
        solver.parameters.num_workers = self.workers
        status = solver.Solve(model)
        if status not in (cp.OPTIMAL, cp.FEASIBLE):
            return None
        placements = []
        for n, unit in enumerate(units):
            turn = next(t for f, t in zip(chosen[n], turns_of[n], strict=True) if solver.Value(f))
            x, y, z = (int(solver.Value(v)) for v in position[n])
            placements.append(Placement(unit, x, y, z, *turn))
        return tuple(placements)

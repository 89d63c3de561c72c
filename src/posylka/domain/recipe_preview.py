"""What a draft of the packing rules would change: per posting, and counted over many.

A change is one entry gained or lost, written ``<kind>:<value>`` (``mark:fragile``,
``step:wrap_bubble``, ``lane:air``, ``padding:20``); steps count once per posting whatever item
they concern, so "12 postings gain the fragile mark" reads as it should.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from posylka.domain.ids import PostingNumber
from posylka.domain.recipes import Recipe

KINDS = ("material", "step", "mark", "insert", "lane", "warning", "padding")


@dataclass(frozen=True, slots=True)
class RecipeChange:
    """Entries a posting's recipe gains and loses under the draft."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def entries(recipe: Recipe) -> tuple[str, ...]:
    """A recipe as comparable entries, in a stable order."""
    out = [f"material:{m}" for m in recipe.materials]
    out += [f"step:{s.code or s.text}" for s in recipe.steps]
    out += [f"mark:{m}" for m in recipe.marks]
    out += [f"insert:{i}" for i in recipe.inserts]
    out += [f"lane:{lane}" for lane in recipe.blocked_lanes]
    out += [f"warning:{w.partition(':')[0]}" for w in recipe.warnings]
    if recipe.padding_mm:
        out.append(f"padding:{recipe.padding_mm}")
    return tuple(dict.fromkeys(out))


def change(current: Recipe, draft: Recipe) -> RecipeChange:
    before, after = entries(current), entries(draft)
    return RecipeChange(
        added=tuple(e for e in after if e not in before),
        removed=tuple(e for e in before if e not in after),
    )


@dataclass(frozen=True, slots=True)
class PreviewRow:
    posting_number: PostingNumber
    current: Recipe
    draft: Recipe
    change: RecipeChange


@dataclass(frozen=True, slots=True)
class PreviewSummary:
    """Over the postings tried: how many change, and per entry how many gain or lose it."""

    postings: int
    changed: int
    gained: tuple[tuple[str, int], ...]
    lost: tuple[tuple[str, int], ...]


def summarise(rows: Iterable[PreviewRow]) -> PreviewSummary:
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    total = changed = 0
    for row in rows:
        total += 1
        changed += row.change.changed
        gained.update(row.change.added)
        lost.update(row.change.removed)
    return PreviewSummary(
        postings=total,
        changed=changed,
        gained=tuple(sorted(gained.items(), key=lambda kv: (-kv[1], kv[0]))),
        lost=tuple(sorted(lost.items(), key=lambda kv: (-kv[1], kv[0]))),
    )

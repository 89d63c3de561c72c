"""Packing recipes: the rules in force per store, new versions, a posting's recipe, a preview.

Rules are versioned data: saving writes version N+1 and never touches an older one; a store that
never saved follows the built-in rules (version 0). A posting's recipe is worked out when it is
asked for, from the rules in force and the catalogue flags of its items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posylka.domain.catalogue import PackagingFlags, Product
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import OfferId, StoreId
from posylka.domain.postings import Posting
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipe_preview import PreviewRow, PreviewSummary, change, summarise
from posylka.domain.recipe_rules import dump_rules, parse_rules_text
from posylka.domain.recipes import Recipe, RecipeLine, RuleSet, SavedRuleSet, apply, lines_of
from posylka.services.accounts import SYSTEM_ACTOR, NotAllowed
from posylka.services.ports import Account, Clock, UnitOfWork, UnitOfWorkFactory

PREVIEW_POSTINGS = 100
NOTE_MAX = 300


class UnknownStore(PosylkaError):
    def __init__(self, store_id: StoreId) -> None:
        super().__init__(f"there is no store {store_id}")
        self.store_id = store_id


def rules_in_force(uow: UnitOfWork, store_id: StoreId) -> RuleSet:
    """The store's latest saved rules, or the built-in ones when it never saved any."""
    saved = uow.recipes.current(store_id)
    return saved.ruleset if saved is not None else default_rules()


def history(uow: UnitOfWork, store_id: StoreId, *, limit: int = 50) -> list[SavedRuleSet]:
    return uow.recipes.versions(store_id, limit=limit)


def posting_recipe(*, uow: UnitOfWork, store_id: StoreId, posting_number: str) -> Recipe | None:
    """How to pack one posting under the store's rules; ``None`` if the store has no such
    posting."""
    found = uow.documents.postings(store_id, [posting_number])
    if not found:
        return None
    return recipes_for(uow, store_id, found)[0]


def recipes_for(
    uow: UnitOfWork,
    store_id: StoreId,
    postings: Sequence[Posting],
    ruleset: RuleSet | None = None,
) -> list[Recipe]:
    """Recipes of postings of one store (in their order), under ``ruleset`` or the rules in
    force; one catalogue read for all of them."""
    if not postings:
        return []
    rules = ruleset if ruleset is not None else rules_in_force(uow, store_id)
    flags = catalogue_flags(uow, store_id, postings)
    return [apply(rules, _lines(p, flags)) for p in postings]


def catalogue_flags(
    uow: UnitOfWork, store_id: StoreId, postings: Sequence[Posting]
) -> dict[OfferId, PackagingFlags]:
    """Flags of the postings' products, keyed by the offer_id the posting names (products
    found by SKU first, then by offer_id, as everywhere)."""
    skus = {item.sku for p in postings for item in p.items}
    offers = {item.offer_id for p in postings for item in p.items}
    by_sku = uow.catalogue.by_skus(store_id, skus) if skus else {}
    by_offer = uow.catalogue.by_offer_ids(store_id, offers) if offers else {}
    flags: dict[OfferId, PackagingFlags] = {}
    for posting in postings:
        for item in posting.items:
            product: Product | None = by_sku.get(item.sku) or by_offer.get(item.offer_id)
            if product is not None:
                flags[item.offer_id] = product.flags
    return flags


def _lines(posting: Posting, flags: dict[OfferId, PackagingFlags]) -> list[RecipeLine]:
    return lines_of(((i.offer_id, i.quantity) for i in posting.items), flags)


def save_rules(
    *,
    uow_factory: UnitOfWorkFactory,
    store_id: StoreId,
    text: str,
    note: str = "",
    by: Account | None,
    clock: Clock,
) -> SavedRuleSet:
    """Save a rule file as the store's next version. Raises ``RulesRejected`` (nothing saved)
    when the file has any problem, ``NotAllowed`` unless a manager or an admin saves it."""
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "edit packing rules")
    draft = parse_rules_text(text, version=0)
    now = clock.now()
    actor = by.username if by else SYSTEM_ACTOR
    user_id = by.id if by else None
    with uow_factory() as uow:
        if uow.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        current = uow.recipes.current(store_id)
        version = current.version + 1 if current is not None else 1
        saved = uow.recipes.add(
            store_id,
            version=version,
            rules=dump_rules(draft),
            note=note.strip()[:NOTE_MAX],
            saved_at=now,
            saved_by=actor,
            user_id=user_id,
        )
        uow.audit.record(
            "packing_rules.saved",
            at=now,
            actor=actor,
            user_id=user_id,
            store_id=store_id,
            object_type="recipe_version",
            object_id=str(saved.id),
            details={"version": version, "rules": len(draft.rules), "note": saved.note},
        )
        uow.commit()
    return saved


@dataclass(frozen=True, slots=True)
class Preview:
    """A draft tried on a store's latest postings: each posting's recipe now and under the
    draft, and what changes over all of them."""

    current_version: int
    rows: tuple[PreviewRow, ...]
    summary: PreviewSummary

    @property
    def changed_rows(self) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if row.change.changed)


def preview(
    *, uow: UnitOfWork, store_id: StoreId, draft: RuleSet, last: int = PREVIEW_POSTINGS
) -> Preview:
    """Try ``draft`` on the store's ``last`` latest postings without saving anything."""
    current = rules_in_force(uow, store_id)
    numbers = uow.recipes.recent_postings(store_id, limit=last)
    postings = uow.documents.postings(store_id, numbers)
    flags = catalogue_flags(uow, store_id, postings)
    rows = []
    for posting in postings:
        lines = _lines(posting, flags)
        now, then = apply(current, lines), apply(draft, lines)
        rows.append(PreviewRow(posting.posting_number, now, then, change(now, then)))
    return Preview(current.version, tuple(rows), summarise(rows))

"""Packing rules: the recipe box of the posting page, and the managers' rules page (rules in
force, version history, an editor, a try-out on the latest postings before saving)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from posylka.domain.ids import StoreId
from posylka.domain.recipe_rules import RulesRejected, parse_rules_text, rules_text
from posylka.domain.recipes import VersionTaken
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.recipe_words import CHANGE_KINDS, problem_message
from posylka.entrypoints.web.rendering import render
from posylka.services import recipes
from posylka.services.accounts import Session
from posylka.services.documents import stores_for_cards

router = APIRouter()

SAVED = N_("Saved as version %(version)s. Every posting follows it from now on.")
TAKEN = N_(
    "Someone else saved version %(version)s of the rules a moment ago, so yours was not saved. "
    "Your text is kept below: look at version %(version)s in the list, then save again."
)


def _require_manager(session: Session) -> None:
    if not session.account.role.can_manage_postings:
        raise Forbidden


@router.get("/postings/{store_id}/{posting_number}/recipe")
def recipe_box(
    request: Request, session: CurrentSession, store_id: int, posting_number: str
) -> Response:
    """The posting page's "How to pack" box (loaded into the page by htmx)."""
    with deps_of(request).reader() as uow:
        recipe = recipes.posting_recipe(
            uow=uow, store_id=StoreId(store_id), posting_number=posting_number
        )
    if recipe is None:
        return HTMLResponse("")
    return render(request, "_recipe.html", {"recipe": recipe})


@router.get("/settings/packing-rules")
def rules_page(
    request: Request, session: CurrentSession, store: str = "", version: str = ""
) -> Response:
    _require_manager(session)
    return _page(request, store, shown_version=int(version) if version.isdigit() else None)


@router.post("/settings/packing-rules/preview")
def preview_rules(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
    rules: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    _require_manager(session)
    store_id = _store(request, store)
    try:
        draft = parse_rules_text(rules, version=0)
    except RulesRejected as exc:
        return _page(request, store, text=rules, note=note, rejected=exc, status_code=422)
    with deps_of(request).reader() as uow:
        tried = recipes.preview(uow=uow, store_id=store_id, draft=draft) if store_id else None
    return _page(request, store, text=rules, note=note, tried=tried)


@router.post("/settings/packing-rules")
def save_rules(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
    rules: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    _require_manager(session)
    deps = deps_of(request)
    store_id = _store(request, store)
    if store_id is None:
        return _page(request, store, text=rules, note=note, status_code=422)
    try:
        saved = recipes.save_rules(
            uow_factory=deps.uow,
            store_id=store_id,
            text=rules,
            note=note,
            by=session.account,
            clock=deps.clock,
        )
    except RulesRejected as exc:
        return _page(request, store, text=rules, note=note, rejected=exc, status_code=422)
    except VersionTaken as exc:
        taken = Message(TAKEN, {"version": exc.version})
        return _page(request, store, text=rules, note=note, taken=taken, status_code=409)
    return RedirectResponse(
        f"/settings/packing-rules?store={store_id}&saved={saved.version}", status_code=303
    )


def _store(request: Request, raw: str) -> StoreId | None:
    known = {sid for sid, _ in stores_for_cards(uow=deps_of(request).reader)}
    return StoreId(int(raw)) if raw.isdigit() and int(raw) in known else None


def _page(
    request: Request,
    store: str,
    *,
    text: str | None = None,
    note: str = "",
    shown_version: int | None = None,
    rejected: RulesRejected | None = None,
    taken: Message | None = None,
    tried: recipes.Preview | None = None,
    status_code: int = 200,
) -> Response:
    deps = deps_of(request)
    stores = stores_for_cards(uow=deps.reader)
    store_id = int(store) if store.isdigit() else (stores[0][0] if stores else None)
    context: dict[str, Any] = {
        "stores": stores,
        "store_id": store_id,
        "problems": [problem_message(p) for p in rejected.problems] if rejected else [],
        "taken": taken,
        "tried": tried,
        "change_kinds": CHANGE_KINDS,
        "note": note,
        "saved": request.query_params.get("saved", ""),
        "saved_notice": SAVED,
    }
    if store_id is not None:
        with deps.reader() as uow:
            in_force = recipes.rules_in_force(uow, StoreId(store_id))
            history = recipes.history(uow, StoreId(store_id))
            shown = None
            if shown_version is not None:
                shown = next((h for h in history if h.version == shown_version), None)
        context.update(
            in_force=in_force,
            history=history,
            shown=shown,
            text=text if text is not None else rules_text(shown.ruleset if shown else in_force),
        )
    return render(request, "packing_rules.html", context, status_code=status_code)

"""The packing station (``/pack``): one scan field for the slip and the items, counts per line,
the recipe, the boxes, the weight, the webcam, and the assembly on Ozon once everything is in.

The page script posts each scan and swaps the station in place (header ``X-Station: 1``); without
it every form still works and answers with the whole page.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from posylka.domain.assembly import Assembly, InvalidPackages
from posylka.domain.box_choice import BoxPlan
from posylka.domain.ids import BoxId, StoreId
from posylka.domain.packing import (
    InvalidWeight,
    ScanResult,
    WeightCheck,
    WeightTolerance,
    looks_like_posting_number,
)
from posylka.entrypoints.web import box_words
from posylka.entrypoints.web import packing_words as words
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services import assembly, box_choice, evidence, packing, recipes, station_boxes
from posylka.services.accounts import Session
from posylka.services.ports.shipping import ShippingGateway

router = APIRouter()
FRAGMENT_HEADER = "X-Station"


def _tolerance(request: Request) -> WeightTolerance:
    settings = deps_of(request).settings
    return WeightTolerance(
        settings.pack_weight_tolerance_percent, settings.pack_weight_tolerance_grams
    )


def _plan(request: Request, store_id: StoreId, posting_number: str) -> BoxPlan | None:
    """The boxes shown for the posting; Ozon's limits for it are asked once, when this desk can
    reach Ozon (the box choice keeps them). A recommendation still remembered needs no gateway."""
    deps = deps_of(request)

    async def plan() -> BoxPlan | None:
        gateway: ShippingGateway | None = None
        remembered = deps.plan_memo.get(store_id, posting_number, now=deps.clock.now())
        if remembered is None and deps.shipping is not None:
            with deps.reader() as tx:
                credentials = tx.stores.credentials(store_id)
            gateway = deps.shipping(store_id, credentials)
        try:
            return await station_boxes.station_plan(
                store_id,
                posting_number,
                uow=deps.uow,
                gateway=gateway,
                exact=deps.box_packer,
                clock=deps.clock,
                volumetric_divisor=deps.settings.volumetric_divisor,
                memo=deps.plan_memo,
            )
        finally:
            if gateway is not None:
                await gateway.aclose()

    return asyncio.run(plan())


def _assembly(request: Request, store_id: StoreId, posting_number: str) -> Assembly | None:
    with deps_of(request).reader() as tx:
        return assembly.assembly_status(uow=tx, store_id=store_id, posting_number=posting_number)


def _printer_name(request: Request, found: Assembly | None) -> str:
    if found is None or found.label_print_job is None:
        return ""
    with deps_of(request).reader() as tx:
        job = tx.printing.job(found.label_print_job)
    return job.printer_name if job else ""


def _say_scan(result: ScanResult, station: packing.Station) -> Message:
    line = result.line
    params: dict[str, Any] = {"code": result.code, "name": line.name if line else ""}
    if line is not None:
        index = station.packing.lines.index(line)
        params["done"] = station.packing.scanned[index]
        params["expected"] = line.expected
    return Message(words.SCAN[result.outcome], params)


def _station_context(
    request: Request,
    station: packing.Station | None,
    *,
    message: Message | None = None,
    outcome: str = "",
    weight: WeightCheck | None = None,
) -> dict[str, Any]:
    deps = deps_of(request)
    context: dict[str, Any] = {
        "station": station,
        "message": message,
        "outcome": outcome,
        "weight": weight,
        "weight_words": words.WEIGHT,
        "blocked_words": words.BLOCKED,
        "scan_names": words.SCAN_NAMES,
        "require_weight": deps.settings.pack_require_weight,
        "can_record": deps.evidence is not None,
        "plan": None,
        "plan_problems": [],
        "boxes": [],
        "recipe": None,
        "assembly": None,
        "printer_name": "",
        "evidence": (),
    }
    if station is None:
        return context
    store_id, number = station.store_id, station.posting_number
    if not station.blocked:
        plan = _plan(request, store_id, number)
        context["plan"] = plan
        context["plan_problems"] = (
            [box_words.plan_problem_message(code) for code in plan.problems] if plan else []
        )
        context["boxes"] = station_boxes.station_boxes(deps.reader, station.posting)
    with deps.reader() as tx:
        context["recipe"] = recipes.posting_recipe(uow=tx, store_id=store_id, posting_number=number)
    found = _assembly(request, store_id, number)
    context["assembly"] = found
    context["printer_name"] = _printer_name(request, found)
    context["evidence"] = evidence.find_evidence(number, uow=deps.reader).items
    if weight is None and station.session.weight_g is not None:
        context["weight"] = packing.recorded_weight(station.session, _tolerance(request))
    return context


def _respond(request: Request, context: dict[str, Any]) -> HTMLResponse:
    if request.headers.get(FRAGMENT_HEADER):
        return render(request, "_pack_station.html", context)
    return render(request, "pack.html", context)


def _weighed_enough(request: Request, station: packing.Station) -> bool:
    if not deps_of(request).settings.pack_require_weight:
        return True
    verdict = station.session.weight_verdict
    return verdict in ("ok", "not_checked")


def _assemble(
    request: Request, session: Session, station: packing.Station, plan: BoxPlan | None
) -> Message | None:
    """Start the assembly of a fully scanned posting (once; a second start finds the first)."""
    deps = deps_of(request)
    if deps.assembly_jobs is None:
        return Message(words.PROBLEMS["cannot_assemble"])
    try:
        assembly.start_assembly(
            uow_factory=deps.uow,
            jobs=deps.assembly_jobs,
            store_id=station.store_id,
            posting_number=station.posting_number,
            packages=station_boxes.packages_for(station.posting, plan),
            user_id=session.account.id,
            clock=deps.clock,
        )
    except InvalidPackages as exc:
        return Message(words.PROBLEMS["packages_refused"], {"subject": str(exc)})
    return None


@router.get("/pack")
def pack_page(
    request: Request, session: CurrentSession, posting: str = "", store: int | None = None
) -> HTMLResponse:
    deps = deps_of(request)
    station: packing.Station | None = None
    message: Message | None = None
    if posting.strip():
        try:
            station = packing.open_posting(
                posting,
                store_id=StoreId(store) if store else None,
                user_id=session.account.id,
                by=session.account.username,
                uow=deps.uow,
                clock=deps.clock,
            )
        except packing.StationProblem as exc:
            message = words.problem(exc.code, exc.subject)
    context = _station_context(request, station, message=message)
    if message is not None:
        context["outcome"] = "refused"
    return render(request, "pack.html", context)


@router.post("/pack/scan")
def pack_scan(
    request: Request,
    session: CurrentSession,
    code: Annotated[str, Form()] = "",
    store_id: Annotated[int | None, Form()] = None,
    posting: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """One scan: a slip opens its posting; anything else is an item of the open posting."""
    deps = deps_of(request)
    account = session.account
    if looks_like_posting_number(code) or not posting or store_id is None:
        if not code.strip():
            return _respond(
                request,
                _station_context(
                    request, None, message=words.problem("empty_scan"), outcome="refused"
                ),
            )
        try:
            opened = packing.open_posting(
                code, user_id=account.id, by=account.username, uow=deps.uow, clock=deps.clock
            )
        except packing.StationProblem as exc:
            context = _station_context(
                request, None, message=words.problem(exc.code, exc.subject), outcome="refused"
            )
            return _respond(request, context)
        outcome = "refused" if opened.blocked else "opened"
        context = _station_context(request, opened, outcome=outcome)
        return _respond(request, context)
    try:
        result, station = packing.scan(
            StoreId(store_id),
            posting,
            code,
            user_id=account.id,
            by=account.username,
            uow=deps.uow,
            clock=deps.clock,
        )
    except packing.StationProblem as exc:
        current = packing.station(StoreId(store_id), posting, uow=deps.reader)
        context = _station_context(
            request, current, message=words.problem(exc.code, exc.subject), outcome="refused"
        )
        return _respond(request, context)
    message = _say_scan(result, station)
    outcome = "accepted" if result.outcome.accepted else "refused"
    if result.outcome.accepted and station.complete and _weighed_enough(request, station):
        plan = _plan(request, station.store_id, station.posting_number)
        message = _assemble(request, session, station, plan) or message
        outcome = "complete"
    elif result.outcome.accepted and station.complete:
        outcome = "weigh"
    return _respond(request, _station_context(request, station, message=message, outcome=outcome))


@router.post("/pack/weight")
def pack_weight(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    posting: Annotated[str, Form()],
    weight: Annotated[str, Form()] = "",
) -> HTMLResponse:
    deps = deps_of(request)
    store = StoreId(store_id)
    plan = _plan(request, store, posting)
    own = [packed.box.own_weight_g for packed in plan.boxes] if plan else []
    try:
        check = packing.weigh(
            store, posting, weight, box_weights_g=own, tolerance=_tolerance(request), uow=deps.uow
        )
    except InvalidWeight:
        current = packing.station(store, posting, uow=deps.reader)
        message = words.problem("bad_weight", weight.strip())
        return _respond(
            request, _station_context(request, current, message=message, outcome="refused")
        )
    except packing.StationProblem as exc:
        message = words.problem(exc.code, exc.subject)
        return _respond(
            request, _station_context(request, None, message=message, outcome="refused")
        )
    current = packing.station(store, posting, uow=deps.reader)
    message = packing_weight_message(check)
    outcome = "accepted" if check.passes else "refused"
    if current is not None and current.complete and check.passes:
        message = _assemble(request, session, current, plan) or message
        outcome = "complete"
    context = _station_context(request, current, message=message, outcome=outcome, weight=check)
    return _respond(request, context)


def packing_weight_message(check: WeightCheck) -> Message:
    return Message(
        words.WEIGHT[check.verdict],
        {
            "measured": check.measured_g,
            "expected": check.expected_g if check.expected_g is not None else "—",
            "allowed": check.allowed_g if check.allowed_g is not None else "—",
        },
    )


@router.post("/pack/box")
def pack_box(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    posting: Annotated[str, Form()],
    box: Annotated[list[int] | None, Form()] = None,
) -> HTMLResponse:
    """The packer's own box for the posting (recorded next to the recommendation)."""
    deps = deps_of(request)
    store = StoreId(store_id)
    message: Message | None = None
    try:
        box_choice.choose_boxes(
            uow_factory=deps.uow,
            store_id=store,
            posting_number=posting,
            box_ids=[BoxId(b) for b in box or []],
            user_id=session.account.id,
            clock=deps.clock,
        )
    except (box_choice.BoxesNotFound, box_choice.PostingNotFound):
        message = words.problem("boxes_not_found")
    current = packing.station(store, posting, uow=deps.reader)
    context = _station_context(
        request, current, message=message, outcome="refused" if message else ""
    )
    return _respond(request, context)


@router.post("/pack/restart")
def pack_restart(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    posting: Annotated[str, Form()],
) -> HTMLResponse:
    deps = deps_of(request)
    try:
        station = packing.start_over(
            StoreId(store_id),
            posting,
            user_id=session.account.id,
            by=session.account.username,
            uow=deps.uow,
            clock=deps.clock,
        )
    except packing.StationProblem as exc:
        message = words.problem(exc.code, exc.subject)
        return _respond(
            request, _station_context(request, None, message=message, outcome="refused")
        )
    return _respond(request, _station_context(request, station, outcome="opened"))


@router.post("/pack/assemble")
def pack_assemble(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    posting: Annotated[str, Form()],
) -> HTMLResponse:
    """Assemble a fully scanned posting (the button after a weighing or a failure)."""
    deps = deps_of(request)
    store = StoreId(store_id)
    current = packing.station(store, posting, uow=deps.reader)
    if current is None or not current.complete:
        message = words.problem("not_complete")
        return _respond(
            request, _station_context(request, current, message=message, outcome="refused")
        )
    if not _weighed_enough(request, current):
        message = words.problem("no_weight_first")
        return _respond(
            request, _station_context(request, current, message=message, outcome="weigh")
        )
    # A failed assembly is recorded again with these packages and sent once more.
    plan = _plan(request, store, posting)
    refused = _assemble(request, session, current, plan)
    context = _station_context(
        request, current, message=refused, outcome="refused" if refused else "complete"
    )
    return _respond(request, context)


@router.get("/pack/assembly")
def pack_assembly(
    request: Request, session: CurrentSession, store: int, posting: str
) -> HTMLResponse:
    """The assembly's state, polled by the station until it is over."""
    found = _assembly(request, StoreId(store), posting)
    status = None
    if found is not None and not found.state.is_live:
        with deps_of(request).reader() as tx:
            details = tx.postings.details(StoreId(store), posting)
        status = details.posting.status if details is not None else None
    context = {
        "assembly": found,
        "printer_name": _printer_name(request, found),
        "store_id": store,
        "posting_number": posting,
        "posting_status": status,
    }
    return render(request, "_pack_assembly.html", context)


@router.post("/pack/evidence")
async def pack_evidence(
    request: Request,
    session: CurrentSession,
    store_id: Annotated[int, Form()],
    posting: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Keep a photo or video from the station's webcam with the posting."""
    deps = deps_of(request)
    store = StoreId(store_id)
    content = await file.read()
    content_type = file.content_type or ""
    if deps.evidence is None:
        message = Message(words.EVIDENCE["cannot_keep"])
    else:
        try:
            await asyncio.to_thread(
                evidence.keep_evidence,
                store,
                posting,
                content_type,
                content,
                user_id=session.account.id,
                by=session.account.username,
                uow=deps.uow,
                files=deps.evidence,
                clock=deps.clock,
            )
            message = Message(words.EVIDENCE["kept"], {"subject": posting})
        except evidence.EvidenceRefused as exc:
            message = Message(words.EVIDENCE[exc.code], {"subject": exc.subject})
    if not request.headers.get(FRAGMENT_HEADER):
        return RedirectResponse(f"/pack?store={store}&posting={posting}", status_code=303)
    found = await asyncio.to_thread(evidence.find_evidence, posting, uow=deps.reader)
    return render(
        request,
        "_pack_evidence.html",
        {"evidence": found.items, "evidence_message": message},
    )

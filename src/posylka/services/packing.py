"""The packing station's use cases: open a posting from its slip, count scanned items, weigh the
parcel, start over.

Every scan is logged with its outcome, accepted or not, in the same transaction that decides it,
so the counts on the screen are always the log's: a reload, a second screen or a restarted desk
shows exactly what was scanned. Assembly on Ozon is not started here; the station calls the
assembly use case once the posting is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from posylka.domain.catalogue import Product
from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId, UserId
from posylka.domain.packing import (
    SCAN_MAX,
    PackingLine,
    PackingSession,
    ScanOutcome,
    ScanRecord,
    ScanResult,
    SessionStatus,
    StationSession,
    WeightCheck,
    WeightTolerance,
    WeightVerdict,
    check_weight,
    expected_weight_g,
    line_codes,
    normalise_code,
    parse_weight_g,
)
from posylka.domain.postings import Posting, PostingStatus
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory


class StationProblem(Exception):
    """Why the station cannot take a posting or a scan; ``code`` picks the sentence the packer
    reads (``unknown_posting``, ``no_session``, ``scan_too_long``, ``empty_scan``)."""

    def __init__(self, code: str, subject: str = "") -> None:
        super().__init__(f"{code}: {subject}" if subject else code)
        self.code = code
        self.subject = subject


class Blocked:
    """Why a posting opened at the station takes no scans (one sentence each on the page)."""

    CANCELLED = "cancelled"
    ASSEMBLED = "already_assembled"
    NOT_YET = "not_yet_packable"
    NO_ITEMS = "no_items"
    OTHER = "not_packable"


@dataclass(frozen=True, slots=True)
class Station:
    """A posting at the station: its lines and counts, the session and the latest scans."""

    posting: Posting
    store_name: str
    session: StationSession
    packing: PackingSession
    scans: tuple[ScanRecord, ...]
    blocked: str = ""

    @property
    def store_id(self) -> StoreId:
        return self.posting.store_id

    @property
    def posting_number(self) -> PostingNumber:
        return self.posting.posting_number

    @property
    def complete(self) -> bool:
        return not self.blocked and self.packing.complete

    def refusals(self) -> list[ScanRecord]:
        return [s for s in self.scans if not s.outcome.accepted]


def blocked_reason(posting: Posting) -> str:
    """Why this posting cannot be packed now, or ``""`` when it can."""
    status = posting.status
    if status in (PostingStatus.CANCELLED, PostingStatus.CANCELLED_FROM_SPLIT_PENDING):
        return Blocked.CANCELLED
    if not posting.items:
        return Blocked.NO_ITEMS
    if status is PostingStatus.AWAITING_PACKAGING:
        return ""
    if status in (
        PostingStatus.AWAITING_VERIFICATION,
        PostingStatus.AWAITING_APPROVE,
        PostingStatus.AWAITING_REGISTRATION,
        PostingStatus.ACCEPTANCE_IN_PROGRESS,
    ):
        return Blocked.NOT_YET
    if status is PostingStatus.UNKNOWN:
        return Blocked.OTHER
    return Blocked.ASSEMBLED


def packing_lines(posting: Posting, products: Iterable[Product]) -> tuple[PackingLine, ...]:
    """The posting's items as station lines, each with the codes of its catalogue product (matched
    by SKU first, then offer_id, as everywhere in posylka)."""
    catalogue = list(products)
    by_sku = {p.sku: p for p in catalogue if p.sku is not None}
    by_offer = {p.offer_id: p for p in catalogue}
    lines = []
    for item in posting.items:
        product = by_sku.get(item.sku) or by_offer.get(item.offer_id)
        barcodes = tuple(b.value for b in product.barcodes) if product else ()
        lines.append(
            PackingLine(
                sku=item.sku,
                offer_id=item.offer_id,
                name=(product.name if product and product.name else item.name),
                expected=item.quantity,
                codes=line_codes(item.sku, item.offer_id, barcodes),
                weight_g=product.dimensions.weight_g if product else None,
                barcodes=barcodes,
            )
        )
    return tuple(lines)


def _products(uow: UnitOfWork, posting: Posting) -> list[Product]:
    skus = [item.sku for item in posting.items]
    offers = [item.offer_id for item in posting.items]
    found = dict(uow.catalogue.by_skus(posting.store_id, skus))
    missing = [o for o, s in zip(offers, skus, strict=True) if s not in found]
    products = list(found.values())
    products.extend(uow.catalogue.by_offer_ids(posting.store_id, missing).values())
    return products


def _load(
    uow: UnitOfWork, store_id: StoreId | None, posting_number: str
) -> tuple[Posting, str] | None:
    details = uow.postings.details(store_id, posting_number.strip())
    if details is None:
        return None
    return details.posting, details.store_name


def _station(
    uow: UnitOfWork, posting: Posting, store_name: str, session: StationSession
) -> Station:
    lines = packing_lines(posting, _products(uow, posting))
    packing = PackingSession.start(posting.posting_number, lines).resume(
        uow.packing.accepted_skus(session.id)
    )
    return Station(
        posting=posting,
        store_name=store_name,
        session=session,
        packing=packing,
        scans=tuple(uow.packing.scans(session.id, limit=20)),
        blocked=blocked_reason(posting),
    )


def open_posting(
    text: str,
    *,
    store_id: StoreId | None = None,
    user_id: UserId | None,
    by: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> Station:
    """Bring a posting to the station by its number (the slip's barcode): resume its session, or
    start one. Raises ``StationProblem("unknown_posting")`` when no store has that posting."""
    number = text.strip()
    with uow() as tx:
        found = _load(tx, store_id, number)
        if found is None:
            raise StationProblem("unknown_posting", number)
        posting, store_name = found
        session = tx.packing.current_session(posting.store_id, posting.posting_number)
        if session is None:
            session = tx.packing.start_session(
                posting.store_id, posting.posting_number, user_id=user_id, by=by, now=clock.now()
            )
            tx.commit()
        return _station(tx, posting, store_name, session)


def station(store_id: StoreId, posting_number: str, *, uow: UnitOfWorkFactory) -> Station | None:
    """The posting as the station shows it now, without starting anything."""
    with uow() as tx:
        found = _load(tx, store_id, posting_number)
        if found is None:
            return None
        posting, store_name = found
        session = tx.packing.current_session(posting.store_id, posting.posting_number)
        if session is None:
            return None
        return _station(tx, posting, store_name, session)


def _known_to_catalogue(uow: UnitOfWork, store_id: StoreId, raw: str) -> bool:
    code = raw.strip()
    if uow.catalogue.by_barcode(store_id, code) is not None:
        return True
    if uow.catalogue.by_offer_ids(store_id, [OfferId(code)]):
        return True
    return code.isdigit() and bool(uow.catalogue.by_skus(store_id, [Sku(int(code))]))


def scan(
    store_id: StoreId,
    posting_number: str,
    code: str,
    *,
    user_id: UserId | None,
    by: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> tuple[ScanResult, Station]:
    """Count one scanned item, or refuse it with the reason; either way the scan is logged."""
    if not normalise_code(code):
        raise StationProblem("empty_scan")
    if len(code) > SCAN_MAX:
        raise StationProblem("scan_too_long")
    with uow() as tx:
        found = _load(tx, store_id, posting_number)
        session = tx.packing.current_session(store_id, posting_number) if found else None
        if found is None or session is None:
            raise StationProblem("no_session", posting_number)
        posting, store_name = found
        before = _station(tx, posting, store_name, session)
        if before.blocked or session.status is SessionStatus.DONE:
            result = ScanResult(
                ScanOutcome.POSTING_COMPLETE, normalise_code(code), None, before.packing
            )
        else:
            known = _known_to_catalogue(tx, store_id, code)
            result = before.packing.scan(code, known_elsewhere=known)
        sku = result.line.sku if result.line else None
        now = clock.now()
        tx.packing.log_scan(session.id, code.strip(), result.outcome, sku, user_id=user_id, now=now)
        if result.outcome.accepted and result.session.complete:
            tx.packing.complete(session.id, now=now)
        tx.commit()
        refreshed = tx.packing.current_session(store_id, posting_number) or session
        return result, _station(tx, posting, store_name, refreshed)


def weigh(
    store_id: StoreId,
    posting_number: str,
    text: str,
    *,
    box_weights_g: Iterable[int],
    tolerance: WeightTolerance,
    uow: UnitOfWorkFactory,
) -> WeightCheck:
    """Record the parcel's weight (typed, or sent by a keyboard-wedge scale) and judge it against
    the items' and boxes' weight. Raises ``InvalidWeight`` for text that is no weight."""
    grams = parse_weight_g(text)
    with uow() as tx:
        found = _load(tx, store_id, posting_number)
        session = tx.packing.current_session(store_id, posting_number) if found else None
        if found is None or session is None:
            raise StationProblem("no_session", posting_number)
        posting, _ = found
        lines = packing_lines(posting, _products(tx, posting))
        items = PackingSession.start(posting.posting_number, lines).items_weight_g()
        verdict = check_weight(grams, expected_weight_g(items, box_weights_g), tolerance)
        tx.packing.record_weight(
            session.id,
            weight_g=grams,
            expected_g=verdict.expected_g,
            verdict=verdict.verdict.value,
        )
        tx.commit()
        return verdict


def recorded_weight(session: StationSession, tolerance: WeightTolerance) -> WeightCheck | None:
    """The session's last weighing as it was judged."""
    if session.weight_g is None:
        return None
    try:
        verdict = WeightVerdict(session.weight_verdict)
    except ValueError:
        verdict = WeightVerdict.NOT_CHECKED
    expected = session.expected_weight_g
    allowed = None if expected is None else tolerance.allowed_g(expected)
    return WeightCheck(session.weight_g, expected, allowed, verdict)


def start_over(
    store_id: StoreId,
    posting_number: str,
    *,
    user_id: UserId | None,
    by: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> Station:
    """Set the posting's session aside (its scans stay in the log) and start a fresh count."""
    with uow() as tx:
        found = _load(tx, store_id, posting_number)
        if found is None:
            raise StationProblem("unknown_posting", posting_number)
        posting, store_name = found
        current = tx.packing.current_session(store_id, posting_number)
        if current is not None:
            tx.packing.set_aside(current.id)
        session = tx.packing.start_session(
            posting.store_id, posting.posting_number, user_id=user_id, by=by, now=clock.now()
        )
        tx.commit()
        return _station(tx, posting, store_name, session)

"""The packing station's rules: what a scan means, when a posting is fully scanned, and whether
the parcel weighs what its contents and box should.

A packing session holds the lines the posting expects, each with every code that identifies its
product (the catalogue's barcodes, the seller's offer_id and Ozon's SKU), and how many units of
each have been scanned. A scan is accepted only when it names a line that still wants a unit;
anything else is refused with the reason, and the counts stay as they were. The slip's Code128 is
the posting number itself, so a scan that looks like one opens that posting instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId, UserId

POSTING_NUMBER = re.compile(r"^\d{4,}-\d{1,6}(?:-\d{1,4})?$")
"""Ozon's posting numbers (``0208245774-0029-1``); the slip's Code128 carries exactly this."""

SCAN_MAX = 200
"""Longer input is no barcode a scanner reads; it is refused before any lookup."""


class ScanOutcome(StrEnum):
    """What became of one scan at the station."""

    ACCEPTED = "accepted"
    UNKNOWN_BARCODE = "unknown_barcode"
    """No product of the store carries this code."""
    NOT_IN_POSTING = "not_in_posting"
    """A product of the store, but not one this posting holds."""
    ONE_TOO_MANY = "one_too_many"
    """A product of this posting whose units are all scanned already."""
    POSTING_COMPLETE = "posting_complete"
    """Every unit is scanned; nothing more goes in."""

    @property
    def accepted(self) -> bool:
        return self is ScanOutcome.ACCEPTED


def normalise_code(text: str) -> str:
    """A scanned or typed code as it is compared: trimmed, case folded (a scanner with Caps Lock
    on still reads the seller's offer_id), inner control characters dropped."""
    kept = "".join(ch for ch in text.strip() if ch.isprintable())
    return kept.casefold()


def looks_like_posting_number(text: str) -> bool:
    """Whether a scan is a slip's barcode (a posting number) rather than an item's."""
    return bool(POSTING_NUMBER.match(text.strip()))


@dataclass(frozen=True, slots=True)
class PackingLine:
    """One product of the posting: how many units it wants and every code that names it."""

    sku: Sku
    offer_id: OfferId
    name: str
    expected: int
    codes: frozenset[str]
    """Normalised codes (see :func:`normalise_code`) that identify this product."""
    weight_g: int | None = None
    """One unit's weight from the catalogue; ``None`` when nobody entered it."""
    barcodes: tuple[str, ...] = ()
    """The catalogue's barcodes as printed, to show the packer."""

    def matches(self, code: str) -> bool:
        return code in self.codes


def line_codes(sku: Sku, offer_id: OfferId, barcodes: Iterable[str]) -> frozenset[str]:
    """The codes that identify a product: its barcodes, its offer_id and its SKU."""
    codes = {normalise_code(b) for b in barcodes}
    codes.add(normalise_code(offer_id))
    codes.add(str(int(sku)))
    codes.discard("")
    return frozenset(codes)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A scan's outcome, the line it concerned (if any) and the session after it."""

    outcome: ScanOutcome
    code: str
    line: PackingLine | None
    session: PackingSession


@dataclass(frozen=True, slots=True)
class PackingSession:
    """The lines of one posting and the units scanned of each, in the posting's order."""

    posting_number: PostingNumber
    lines: tuple[PackingLine, ...]
    scanned: tuple[int, ...]

    @classmethod
    def start(cls, posting_number: PostingNumber, lines: Sequence[PackingLine]) -> PackingSession:
        return cls(posting_number, tuple(lines), tuple(0 for _ in lines))

    def resume(self, accepted_skus: Iterable[Sku]) -> PackingSession:
        """The session after replaying scans already accepted (a reload, a second screen)."""
        session = self
        for sku in accepted_skus:
            index = session._index_of_sku(sku)
            if index is not None and session.scanned[index] < session.lines[index].expected:
                session = session._bump(index)
        return session

    @property
    def expected_units(self) -> int:
        return sum(line.expected for line in self.lines)

    @property
    def scanned_units(self) -> int:
        return sum(self.scanned)

    @property
    def complete(self) -> bool:
        return all(n >= line.expected for n, line in zip(self.scanned, self.lines, strict=True))

    def scan(self, raw: str, *, known_elsewhere: bool = False) -> ScanResult:
        """Apply one scan. ``known_elsewhere`` says whether the store's catalogue knows the
        code (it tells "not in this posting" from "nobody knows this barcode")."""
        code = normalise_code(raw)
        if self.complete:
            return ScanResult(ScanOutcome.POSTING_COMPLETE, code, None, self)
        matching = [i for i, line in enumerate(self.lines) if line.matches(code)]
        if not matching:
            outcome = ScanOutcome.NOT_IN_POSTING if known_elsewhere else ScanOutcome.UNKNOWN_BARCODE
            return ScanResult(outcome, code, None, self)
        # The same product can sit on two lines (two prices): fill the first that still wants one.
        for index in matching:
            if self.scanned[index] < self.lines[index].expected:
                after = self._bump(index)
                return ScanResult(ScanOutcome.ACCEPTED, code, self.lines[index], after)
        return ScanResult(ScanOutcome.ONE_TOO_MANY, code, self.lines[matching[0]], self)

    def _index_of_sku(self, sku: Sku) -> int | None:
        for index, line in enumerate(self.lines):
            if line.sku == sku and self.scanned[index] < line.expected:
                return index
        for index, line in enumerate(self.lines):
            if line.sku == sku:
                return index
        return None

    def _bump(self, index: int) -> PackingSession:
        counts = list(self.scanned)
        counts[index] += 1
        return replace(self, scanned=tuple(counts))

    def items_weight_g(self) -> int | None:
        """The items' weight, or ``None`` when a line's unit weight is unknown."""
        total = 0
        for line in self.lines:
            if line.weight_g is None:
                return None
            total += line.weight_g * line.expected
        return total


# --- weighing ------------------------------------------------------------------------------------


class WeightVerdict(StrEnum):
    OK = "ok"
    TOO_LIGHT = "too_light"
    TOO_HEAVY = "too_heavy"
    NOT_CHECKED = "not_checked"
    """No expected weight (a product without a weight in the catalogue): shown, not judged."""


@dataclass(frozen=True, slots=True)
class WeightTolerance:
    """How far a weighed parcel may be from the expected weight: the larger of a share of the
    expected weight and a fixed number of grams (a scale's own error matters on light parcels)."""

    percent: Decimal = Decimal(10)
    grams: int = 50

    def allowed_g(self, expected_g: int) -> int:
        share = (Decimal(expected_g) * self.percent / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return max(int(share), self.grams)


@dataclass(frozen=True, slots=True)
class WeightCheck:
    measured_g: int
    expected_g: int | None
    allowed_g: int | None
    verdict: WeightVerdict

    @property
    def passes(self) -> bool:
        return self.verdict in (WeightVerdict.OK, WeightVerdict.NOT_CHECKED)


def expected_weight_g(items_g: int | None, box_own_weights_g: Iterable[int]) -> int | None:
    """What the parcel should weigh: the items plus every box's own weight."""
    if items_g is None:
        return None
    return items_g + sum(box_own_weights_g)


def check_weight(
    measured_g: int, expected_g: int | None, tolerance: WeightTolerance
) -> WeightCheck:
    """Judge a weighed parcel against what it should weigh."""
    if expected_g is None:
        return WeightCheck(measured_g, None, None, WeightVerdict.NOT_CHECKED)
    allowed = tolerance.allowed_g(expected_g)
    if measured_g < expected_g - allowed:
        verdict = WeightVerdict.TOO_LIGHT
    elif measured_g > expected_g + allowed:
        verdict = WeightVerdict.TOO_HEAVY
    else:
        verdict = WeightVerdict.OK
    return WeightCheck(measured_g, expected_g, allowed, verdict)


class InvalidWeight(ValueError):
    """A typed or scaled weight that is not a number of grams or kilograms."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a weight")
        self.text = text


WEIGHT_MAX_G = 1_000_000


def parse_weight_g(text: str) -> int:
    """Grams from what a packer types or a keyboard-wedge scale sends: ``512``, ``512 g``,
    ``0.512 kg``, ``0,512kg``. A bare number is grams unless it has a decimal point (then kg,
    which is how most scales send it)."""
    cleaned = text.strip().lower().replace(",", ".").replace(" ", "")
    unit = "g"
    for suffix, name in (("kg", "kg"), ("кг", "kg"), ("g", "g"), ("г", "g")):
        if cleaned.endswith(suffix):
            cleaned, unit = cleaned[: -len(suffix)], name
            break
    else:
        if "." in cleaned:
            unit = "kg"
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise InvalidWeight(text) from None
    if not value.is_finite() or value <= 0:
        raise InvalidWeight(text)
    grams = value * 1000 if unit == "kg" else value
    result = int(grams.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if result <= 0 or result > WEIGHT_MAX_G:
        raise InvalidWeight(text)
    return result


# --- what the station keeps ----------------------------------------------------------------------


class SessionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    """Every unit scanned."""
    SET_ASIDE = "set_aside"
    """The packer started the posting over; its scans stay in the log."""


@dataclass(frozen=True, slots=True)
class StationSession:
    """One posting's time at the station, as stored."""

    id: int
    store_id: StoreId
    posting_number: PostingNumber
    status: SessionStatus
    started_by: str
    started_at: datetime
    completed_at: datetime | None = None
    weight_g: int | None = None
    expected_weight_g: int | None = None
    weight_verdict: str = ""


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """One logged scan: what was read, what became of it, by whom and when."""

    session_id: int
    code: str
    outcome: ScanOutcome
    sku: Sku | None
    scanned_at: datetime
    user_id: UserId | None = None

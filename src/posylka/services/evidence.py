"""Photos and videos of packing: kept with the posting, found by its number in seconds when Ozon
opens a dispute.

The bytes go to the evidence files (a folder of the data directory) first and the record second,
so a record never points at nothing; a crash between the two leaves an unrecorded file, which
loses nothing and is found by its name (store, month, posting number, time, hash).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from posylka.domain.evidence import (
    EVIDENCE_MAX_BYTES,
    Evidence,
    base_content_type,
    evidence_type,
)
from posylka.domain.ids import EvidenceId, StoreId, UserId
from posylka.services.ports import Clock, UnitOfWorkFactory
from posylka.services.ports.packing import EvidenceFiles


class EvidenceRefused(Exception):
    """An upload that cannot be kept; ``code`` says why (``unknown_posting``, ``empty``,
    ``too_large``, ``not_photo_or_video``), ``subject`` what it was about."""

    def __init__(self, code: str, subject: str = "") -> None:
        super().__init__(f"{code}: {subject}" if subject else code)
        self.code = code
        self.subject = subject


class EvidenceMissing(Exception):
    """The record is there but its file is gone or changed on disk."""

    def __init__(self, evidence: Evidence) -> None:
        super().__init__(f"evidence file {evidence.path} is missing or changed")
        self.evidence = evidence


def keep_evidence(
    store_id: StoreId,
    posting_number: str,
    content_type: str,
    content: bytes,
    *,
    user_id: UserId | None,
    by: str,
    uow: UnitOfWorkFactory,
    files: EvidenceFiles,
    clock: Clock,
    limit: int = EVIDENCE_MAX_BYTES,
) -> Evidence:
    """Keep one photo or video of a posting being packed."""
    kind_and_suffix = evidence_type(content_type)
    if kind_and_suffix is None:
        raise EvidenceRefused("not_photo_or_video", base_content_type(content_type))
    if not content:
        raise EvidenceRefused("empty")
    if len(content) > limit:
        raise EvidenceRefused("too_large", str(limit))
    kind, suffix = kind_and_suffix
    with uow() as tx:
        details = tx.postings.details(store_id, posting_number.strip())
    if details is None:
        raise EvidenceRefused("unknown_posting", posting_number)
    number = details.posting.posting_number
    digest = hashlib.sha256(content).hexdigest()
    now = clock.now()
    name = f"{store_id}/{now:%Y-%m}/{number}-{now:%Y%m%dT%H%M%S%f}-{digest[:8]}.{suffix}"
    files.save(name, content)
    with uow() as tx:
        evidence = tx.packing.add_evidence(
            store_id,
            number,
            kind=kind,
            content_type=base_content_type(content_type),
            size=len(content),
            sha256=digest,
            path=name,
            user_id=user_id,
            by=by,
            now=now,
        )
        tx.audit.record(
            "evidence.kept",
            at=now,
            actor=by,
            user_id=user_id,
            store_id=store_id,
            object_type="posting",
            object_id=number,
            details={"evidence_id": int(evidence.id), "kind": kind.value, "size": len(content)},
        )
        tx.commit()
    return evidence


@dataclass(frozen=True, slots=True)
class EvidenceFound:
    posting_number: str
    items: tuple[Evidence, ...]


def find_evidence(posting_number: str, *, uow: UnitOfWorkFactory) -> EvidenceFound:
    """Every photo and video kept for a posting number, newest first; the latest kept anywhere
    when no number is given."""
    number = posting_number.strip()
    with uow() as tx:
        items = tx.packing.evidence(number) if number else tx.packing.recent_evidence()
    return EvidenceFound(number, tuple(items))


def evidence_content(
    evidence_id: EvidenceId, *, uow: UnitOfWorkFactory, files: EvidenceFiles
) -> tuple[Evidence, bytes] | None:
    """A kept file with its record, checked against the recorded hash; ``None`` when there is no
    such record; ``EvidenceMissing`` when the file is gone or differs."""
    with uow() as tx:
        evidence = tx.packing.evidence_item(evidence_id)
    if evidence is None:
        return None
    try:
        content = files.read(evidence.path)
    except OSError:
        raise EvidenceMissing(evidence) from None
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise EvidenceMissing(evidence)
    return evidence, content

"""Evidence of packing: a photo or a short video of a posting being packed, kept with the posting
so that an Ozon dispute ("the parcel arrived empty") can be answered with it in seconds.

The bytes are kept as files; a record says whose, what kind, how large and their SHA-256, so a
file that was changed or lost on disk is told apart from the one recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posylka.domain.ids import EvidenceId, PostingNumber, StoreId, UserId

EVIDENCE_MAX_BYTES = 200 * 1024 * 1024
"""A minute of webcam video at a browser's default bit rate is well under this."""


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"


EVIDENCE_TYPES: dict[str, tuple[EvidenceKind, str]] = {
    "image/jpeg": (EvidenceKind.PHOTO, "jpg"),
    "image/png": (EvidenceKind.PHOTO, "png"),
    "image/webp": (EvidenceKind.PHOTO, "webp"),
    "video/webm": (EvidenceKind.VIDEO, "webm"),
    "video/mp4": (EvidenceKind.VIDEO, "mp4"),
}
"""The photo and video types a browser's camera gives, with the file suffix each is kept under."""


def evidence_type(content_type: str) -> tuple[EvidenceKind, str] | None:
    """The kind and file suffix of an upload's content type (codec parameters ignored)."""
    return EVIDENCE_TYPES.get(content_type.split(";", 1)[0].strip().lower())


def base_content_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Evidence:
    """One kept photo or video of a posting."""

    id: EvidenceId
    store_id: StoreId
    posting_number: PostingNumber
    kind: EvidenceKind
    content_type: str
    size: int
    sha256: str
    path: str
    """Where the file lies, relative to the evidence folder."""
    created_by: str
    created_at: datetime
    user_id: UserId | None = None

"""Evidence lookup (``/evidence``): every photo and video kept for a posting, found by its number
(typed or scanned from the slip) in seconds, to watch or download for an Ozon dispute."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from posylka.domain.ids import EvidenceId
from posylka.entrypoints.web import packing_words as words
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services import evidence

router = APIRouter()


@router.get("/evidence")
def evidence_page(request: Request, session: CurrentSession, posting: str = "") -> HTMLResponse:
    found = evidence.find_evidence(posting, uow=deps_of(request).reader)
    return render(request, "evidence.html", {"found": found, "posting": found.posting_number})


@router.get("/evidence/{evidence_id}/file")
def evidence_file(
    request: Request, session: CurrentSession, evidence_id: int, download: bool = False
) -> Response:
    deps = deps_of(request)
    if deps.evidence is None:
        return _problem(request, Message(words.EVIDENCE["cannot_keep"]), 404)
    try:
        kept = evidence.evidence_content(
            EvidenceId(evidence_id), uow=deps.reader, files=deps.evidence
        )
    except evidence.EvidenceMissing:
        return _problem(request, Message(words.EVIDENCE["missing"]), 410)
    if kept is None:
        return _problem(request, Message(words.EVIDENCE["missing"]), 404)
    record, content = kept
    name = record.path.rsplit("/", 1)[-1]
    disposition = "attachment" if download else "inline"
    return Response(
        content,
        media_type=record.content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{name}"',
            "Cache-Control": "private, max-age=3600",
        },
    )


def _problem(request: Request, message: Message, status: int) -> HTMLResponse:
    return render(
        request,
        "evidence.html",
        {"found": evidence.EvidenceFound("", ()), "posting": "", "problem": message},
        status_code=status,
    )

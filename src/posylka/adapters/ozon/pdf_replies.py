"""Ozon's document replies (package labels, acts, container labels): the live API sends the PDF
itself as the body, Ozon's document draws a JSON ``{file_content, file_name, content_type}``;
both are read here, once for every such method."""

from __future__ import annotations

import base64
import binascii

import httpx
from pydantic import ValidationError

from posylka.adapters.ozon.errors import malformed_reply
from posylka.adapters.ozon.schemas.base import DocumentFile

PDF_MAGIC = b"%PDF"


def read_pdf_reply(response: httpx.Response, *, path: str, what: str) -> bytes:
    """The PDF of a document reply; ``what`` names the document in the error (``label``…)."""
    body = response.content
    if body.startswith(PDF_MAGIC):
        return body
    try:
        document = DocumentFile.model_validate_json(body)
    except ValidationError:
        raise malformed_reply(
            f"neither a PDF nor a {what} file (starts with {body[:20]!r})", path=path
        ) from None
    content = document.file_content or ""
    try:
        decoded = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        decoded = content.encode("latin-1", errors="replace")
    if not decoded.startswith(PDF_MAGIC):
        raise malformed_reply(f"the {what} file is not a PDF", path=path)
    return decoded

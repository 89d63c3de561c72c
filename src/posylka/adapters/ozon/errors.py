"""Reading Ozon's error replies into posylka's error tree (``posylka.domain.errors``).

Ozon answers errors with grpc-gateway's ``rpcStatus`` envelope, ``{"code", "message", "details"}``
(Seller API, components ``rpcStatus``; section "Errors" lists the common messages). The HTTP status
picks the branch of the tree; Ozon's own code and message travel along so a caller can show them.
Wrong credentials get one sentence a seller can act on, because that is the error a new seller
meets first.
"""

from __future__ import annotations

import json

import httpx
from pydantic import ValidationError

from posylka.adapters.ozon.schemas import ErrorResponse
from posylka.domain.errors import (
    AuthenticationFailed,
    BadRequest,
    MalformedReply,
    MarketplaceError,
    NotFound,
    RateLimited,
    ServerFailure,
    TransportFailure,
)

# gRPC codes Ozon puts in ``rpcStatus.code`` (its gateway keeps gRPC's numbering).
GRPC_NOT_FOUND = 5
GRPC_PERMISSION_DENIED = 7
GRPC_UNAUTHENTICATED = 16

_BODY_EXCERPT = 200
_CREDENTIAL_WORDS = ("api-key", "client-id")


def read_error_body(response: httpx.Response) -> ErrorResponse:
    """Ozon's error envelope from a reply; a body that is not one becomes its text as message."""
    try:
        return ErrorResponse.model_validate(response.json())
    except (ValueError, ValidationError):
        text = " ".join(response.text.split())[:_BODY_EXCERPT]
        return ErrorResponse(message=text)


def error_from_reply(response: httpx.Response, *, path: str, store: str) -> MarketplaceError:
    """The error an unsuccessful reply stands for, with Ozon's code and message kept."""
    status = response.status_code
    body = read_error_body(response)
    ozon_message = body.message.strip()
    if refuses_credentials(status, body):
        return AuthenticationFailed(
            credentials_sentence(store, ozon_message), code=body.code, status=status, path=path
        )
    said = ozon_message or f"HTTP {status} {response.reason_phrase}".strip()
    if status == 429:
        return RateLimited(
            f"Ozon asked to slow down: {said}", code=body.code, status=status, path=path
        )
    if status >= 500:
        return ServerFailure(
            f"Ozon could not answer: {said}", code=body.code, status=status, path=path
        )
    if status == 404 or body.code == GRPC_NOT_FOUND:
        return NotFound(
            f"Ozon does not know this object: {said}", code=body.code, status=status, path=path
        )
    return BadRequest(
        f"Ozon rejected the request: {said}", code=body.code, status=status, path=path
    )


def refuses_credentials(status: int, body: ErrorResponse) -> bool:
    """Whether Ozon refused the keys rather than the request.

    401/403 and gRPC codes 7/16 say so directly. Ozon is less direct elsewhere: the live API answers
    an unknown Api-Key with 404 and code 5, and a non-numeric Client-Id with 400 and code 3, so the
    messages of the Seller API's "Errors" section (all naming the Api-Key or the Client-Id) decide.
    """
    if status in (401, 403) or body.code in (GRPC_PERMISSION_DENIED, GRPC_UNAUTHENTICATED):
        return True
    if status >= 500 or status == 429:
        return False
    text = body.message.lower().replace(" ", "-")
    return any(word in text for word in _CREDENTIAL_WORDS)


def credentials_sentence(store: str, ozon_message: str) -> str:
    """One sentence telling the seller that Ozon refused the store's keys, in Ozon's words."""
    reason = ozon_message.rstrip(". ") or "no reason given, please check the Client-Id and Api-Key"
    return f"Ozon rejected the Client-Id/Api-Key for store {store}: {reason}."


def transport_failure(exc: httpx.TransportError, *, path: str) -> TransportFailure:
    """A timeout or a broken connection, said plainly."""
    if isinstance(exc, httpx.TimeoutException):
        what = "the request timed out"
    elif isinstance(exc, httpx.ConnectError):
        what = "the connection could not be opened"
    else:
        what = "the connection dropped"
    detail = str(exc).strip()
    suffix = f" ({type(exc).__name__}: {detail})" if detail else f" ({type(exc).__name__})"
    return TransportFailure(f"Could not reach Ozon: {what}{suffix}", path=path)


def malformed_reply(
    detail: str, *, path: str, status: int = 200, context: str = ""
) -> MalformedReply:
    """An unreadable reply; ``context`` says which one (e.g. the page after which cursor)."""
    which = f" ({context})" if context else ""
    return MalformedReply(
        f"Ozon's reply could not be read{which}: {detail}", status=status, path=path
    )


def decode_json(response: httpx.Response, *, path: str, context: str = "") -> object:
    """The JSON body of a successful reply, or ``MalformedReply`` when it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        excerpt = " ".join(response.text.split())[:80]
        raise malformed_reply(
            f"not JSON ({exc.__class__.__name__}; starts with {excerpt!r})",
            path=path,
            status=response.status_code,
            context=context,
        ) from exc


def gave_up(error: MarketplaceError, attempts: int) -> MarketplaceError:
    """The same error, its message noting that repeating the call did not help."""
    if attempts > 1:
        error.message = f"{error.message} (gave up after {attempts} attempts)"
        error.args = (error.message,)
    return error


def describe_invalid(exc: ValidationError) -> str:
    """A short, readable summary of what failed validation: the first problem and a count."""
    problems = exc.errors(include_url=False, include_input=False)
    if not problems:
        return "invalid"
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"

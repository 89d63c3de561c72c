"""Ozon's error replies become the typed errors of ``posylka.domain.errors``, with Ozon's code and
message, the HTTP status and the path; refused credentials read as one sentence for the seller."""

from __future__ import annotations

import httpx
import pytest
from ozon_wire_builder import (
    ScriptedOzon,
    json_reply,
    make_client,
    ozon_error,
    raise_error,
    raw_reply,
)

from posylka.adapters.ozon import endpoints, schemas
from posylka.domain.errors import (
    AuthenticationFailed,
    BadRequest,
    MalformedReply,
    NotFound,
    RateLimited,
    ServerFailure,
    TransportFailure,
)

REASONS = endpoints.CANCEL_REASON_LIST
REQUEST = schemas.CancelReasonListRequest()


async def call_with(*replies: object, attempts: int = 1, store: str = "") -> None:
    script = ScriptedOzon().on(REASONS.path, *replies)  # type: ignore[arg-type]
    client = make_client(script, max_attempts=attempts, store=store)
    try:
        await client.call(REASONS, REQUEST)
    finally:
        await client.aclose()


async def test_invalid_api_key_reads_as_one_sentence_naming_the_store() -> None:
    reply = ozon_error(403, 7, "Invalid Api-Key, please check the key and try again")
    with pytest.raises(AuthenticationFailed) as caught:
        await call_with(reply, store="Чайная лавка")
    error = caught.value
    assert error.message == (
        "Ozon rejected the Client-Id/Api-Key for store Чайная лавка: "
        "Invalid Api-Key, please check the key and try again."
    )
    assert (error.status, error.code, error.path) == (403, 7, REASONS.path)


async def test_store_without_a_label_is_named_by_its_client_id() -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await call_with(ozon_error(401, 16, "Client-Id and Api-Key headers are required"))
    assert caught.value.message == (
        "Ozon rejected the Client-Id/Api-Key for store with Client-Id 836192: "
        "Client-Id and Api-Key headers are required."
    )


async def test_unknown_api_key_answered_as_not_found_is_an_authentication_failure() -> None:
    # The live API answers an unknown key with 404 and gRPC code 5, not with 401/403.
    reply = ozon_error(404, 5, "Invalid Api-Key, please check the key and try again")
    with pytest.raises(AuthenticationFailed) as caught:
        await call_with(reply)
    assert caught.value.status == 404
    assert "Invalid Api-Key" in caught.value.message


async def test_non_numeric_client_id_is_an_authentication_failure() -> None:
    reply = ozon_error(400, 3, "Client-Id header value should be positive integer")
    with pytest.raises(AuthenticationFailed):
        await call_with(reply)


async def test_missing_role_is_an_authentication_failure_with_ozons_reason() -> None:
    reply = ozon_error(403, 7, "Api-Key is missing a required role for a method")
    with pytest.raises(AuthenticationFailed) as caught:
        await call_with(reply)
    assert caught.value.message.endswith(": Api-Key is missing a required role for a method.")


async def test_authentication_failure_without_a_message_still_says_what_to_check() -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await call_with(raw_reply(b"", 401))
    assert caught.value.message == (
        "Ozon rejected the Client-Id/Api-Key for store with Client-Id 836192: "
        "no reason given, please check the Client-Id and Api-Key."
    )


async def test_rate_limit_carries_ozons_code_and_message() -> None:
    with pytest.raises(RateLimited) as caught:
        await call_with(ozon_error(429, 8, "You have reached request rate limit per second"))
    error = caught.value
    assert (
        error.message == "Ozon asked to slow down: You have reached request rate limit per second"
    )
    assert (error.status, error.code, error.path) == (429, 8, REASONS.path)


async def test_server_error_carries_ozons_message() -> None:
    with pytest.raises(ServerFailure) as caught:
        await call_with(ozon_error(500, 13, "Internal error"))
    assert caught.value.message == "Ozon could not answer: Internal error"
    assert (caught.value.status, caught.value.code) == (500, 13)


async def test_server_error_with_an_html_page_quotes_the_page_text() -> None:
    with pytest.raises(ServerFailure) as caught:
        await call_with(raw_reply(b"<html>\n<h1>502   Bad Gateway</h1></html>", 502))
    assert caught.value.status == 502
    assert caught.value.message == "Ozon could not answer: <html> <h1>502 Bad Gateway</h1></html>"


async def test_empty_server_error_names_the_status() -> None:
    with pytest.raises(ServerFailure) as caught:
        await call_with(raw_reply(b"", 503))
    assert caught.value.message == "Ozon could not answer: HTTP 503 Service Unavailable"


async def test_not_found_is_a_bad_request_with_ozons_message() -> None:
    with pytest.raises(NotFound) as caught:
        await call_with(ozon_error(404, 5, "posting not found"))
    assert isinstance(caught.value, BadRequest)
    assert caught.value.message == "Ozon does not know this object: posting not found"
    assert (caught.value.status, caught.value.code) == (404, 5)


async def test_invalid_argument_is_a_bad_request() -> None:
    with pytest.raises(BadRequest) as caught:
        await call_with(ozon_error(400, 3, "invalid request payload: filter.since is required"))
    assert not isinstance(caught.value, NotFound)
    assert caught.value.message == (
        "Ozon rejected the request: invalid request payload: filter.since is required"
    )
    assert (caught.value.status, caught.value.code) == (400, 3)


async def test_conflict_is_a_bad_request() -> None:
    with pytest.raises(BadRequest) as caught:
        await call_with(ozon_error(409, 9, "POSTING_ALREADY_SHIPPED"))
    assert caught.value.status == 409


async def test_success_that_is_not_json_is_a_malformed_reply() -> None:
    with pytest.raises(MalformedReply) as caught:
        await call_with(raw_reply(b'{"result": [', 200, "application/json"))
    assert caught.value.path == REASONS.path
    assert caught.value.message.startswith("Ozon's reply could not be read: not JSON")


async def test_success_of_the_wrong_shape_is_a_malformed_reply_naming_the_field() -> None:
    with pytest.raises(MalformedReply) as caught:
        await call_with(json_reply({"result": [{"id": "not a number", "title": "x"}]}))
    assert caught.value.message == (
        "Ozon's reply could not be read: result.0.id: "
        "Input should be a valid integer, unable to parse string as an integer"
    )


async def test_timeout_is_a_transport_failure() -> None:
    with pytest.raises(TransportFailure) as caught:
        await call_with(raise_error(httpx.ReadTimeout, "timed out"))
    assert (
        caught.value.message
        == "Could not reach Ozon: the request timed out (ReadTimeout: timed out)"
    )
    assert caught.value.path == REASONS.path


async def test_refused_connection_is_a_transport_failure() -> None:
    with pytest.raises(TransportFailure) as caught:
        await call_with(raise_error(httpx.ConnectError, "[Errno 111] Connection refused"))
    assert "the connection could not be opened" in caught.value.message


async def test_dropped_connection_is_a_transport_failure() -> None:
    reply = raise_error(
        httpx.RemoteProtocolError, "Server disconnected without sending a response."
    )
    with pytest.raises(TransportFailure) as caught:
        await call_with(reply)
    assert caught.value.message.startswith("Could not reach Ozon: the connection dropped")


async def test_error_text_shows_status_message_and_path() -> None:
    with pytest.raises(ServerFailure) as caught:
        await call_with(ozon_error(500, 13, "Internal error"))
    assert str(caught.value) == (
        "HTTP 500: Ozon could not answer: Internal error (/v2/posting/fbs/cancel-reason/list)"
    )

"""Cancelling through the gateway: the bodies Ozon receives, a reply of ``result: false`` read as
a refusal, and one request whatever the fault (cancelling is never repeated)."""

from __future__ import annotations

import pytest
from ozon_wire_builder import ScriptedOzon, json_reply, make_client, ozon_error

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.cancellation import CancelItem
from posylka.domain.errors import BadRequest, ServerFailure
from posylka.domain.ids import PostingNumber, Sku, StoreId

CANCEL = endpoints.POSTING_CANCEL.path
PRODUCT_CANCEL = endpoints.PRODUCT_CANCEL.path
NUMBER = PostingNumber("0208245774-0029-1")


def gateway_over(script: ScriptedOzon) -> OzonGateway:
    return OzonGateway(StoreId(1), make_client(script))


async def test_cancel_posting_sends_the_reason_and_leaves_out_an_empty_message() -> None:
    script = ScriptedOzon().on(CANCEL, json_reply({"result": True}))
    await gateway_over(script).cancel_posting(NUMBER, 352)
    assert script.bodies(CANCEL) == [{"posting_number": NUMBER, "cancel_reason_id": 352}]


async def test_cancel_items_sends_each_sku_and_quantity_with_the_message() -> None:
    script = ScriptedOzon().on(PRODUCT_CANCEL, json_reply({"result": NUMBER}))
    items = [CancelItem(Sku(150587396), 2), CancelItem(Sku(7), 1)]
    await gateway_over(script).cancel_items(NUMBER, items, 352, "Out of stock")
    assert script.bodies(PRODUCT_CANCEL) == [
        {
            "posting_number": NUMBER,
            "cancel_reason_id": 352,
            "cancel_reason_message": "Out of stock",
            "items": [{"sku": 150587396, "quantity": 2}, {"sku": 7, "quantity": 1}],
        }
    ]


async def test_a_false_result_is_a_refusal() -> None:
    script = ScriptedOzon().on(CANCEL, json_reply({"result": False}))
    with pytest.raises(BadRequest, match="did not cancel"):
        await gateway_over(script).cancel_posting(NUMBER, 352)


async def test_a_failed_cancel_is_not_repeated() -> None:
    script = ScriptedOzon().on(CANCEL, ozon_error(503, 14, "unavailable"))
    with pytest.raises(ServerFailure):
        await gateway_over(script).cancel_posting(NUMBER, 352)
    assert script.count(CANCEL) == 1


async def test_a_failed_item_cancel_is_not_repeated() -> None:
    script = ScriptedOzon().on(PRODUCT_CANCEL, ozon_error(503, 14, "unavailable"))
    items = [CancelItem(Sku(7), 1)]
    with pytest.raises(ServerFailure):
        await gateway_over(script).cancel_items(NUMBER, items, 352, "x")
    assert script.count(PRODUCT_CANCEL) == 1


def test_a_quantity_to_cancel_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        CancelItem(Sku(7), 0)

"""``posylka ozon-stock`` as a user runs it: the installed command in a subprocess against
``posylka sandbox serve``. A store is synced, its catalogue pulled and stock received from a
spreadsheet; the push puts exactly posylka's available stock on Ozon, a change made in Ozon's own
account shows up as drift in the reconcile, and the status lists what waits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from cli_session import Posylka, ServedSandbox, served_sandbox
from sqlalchemy import select

from posylka.adapters.db.tables import products
from posylka.bootstrap import build
from posylka.config import Settings
from posylka.domain.stock_push import stock_for_ozon

pytestmark = pytest.mark.e2e


@dataclass
class StockSession:
    cli: Posylka
    sandbox: ServedSandbox
    offers: list[str]
    warehouse: int


def ozon_view(sandbox: ServedSandbox) -> dict[tuple[str, int], int]:
    answer = httpx.post(
        f"{sandbox.url}/v2/product/info/stocks-by-warehouse/fbs",
        headers={"Client-Id": sandbox.client_id, "Api-Key": sandbox.api_key},
        json={"limit": 1000},
    )
    answer.raise_for_status()
    return {(p["offer_id"], p["warehouse_id"]): p["free_stock"] for p in answer.json()["products"]}


def available(cli: Posylka) -> dict[tuple[str, int], int]:
    """What posylka wants Ozon to show, read from its own database."""
    container = build(Settings(data_dir=cli.data_dir, _env_file=None))
    try:
        with container.uow() as tx:
            store = tx.stores.list()[0]
            rows = tx.inventory.levels(store.id)
        return {
            (r.offer_id, r.warehouse_id): stock_for_ozon(r.on_hand, r.reserved, r.safety_buffer)
            for r in rows
        }
    finally:
        container.close()


@pytest.fixture(scope="module")
def stock_cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StockSession]:
    workdir = tmp_path_factory.mktemp("ozon-stock-cli")
    cli = Posylka(workdir, workdir / "data")
    assert cli.run("db", "upgrade").code == 0
    frozen = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    with served_sandbox(cli, "--postings", "60", "--now", frozen) as sandbox:
        added = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        assert added.code == 0, added
        for step in (("sync",), ("catalogue", "sync")):
            outcome = cli.run(*step)
            assert outcome.code == 0, outcome
        warehouses = httpx.post(
            f"{sandbox.url}/v2/warehouse/list",
            headers={"Client-Id": sandbox.client_id, "Api-Key": sandbox.api_key},
            json={"limit": 100},
        ).json()["warehouses"]
        warehouse = int(warehouses[0]["warehouse_id"])
        container = build(Settings(data_dir=cli.data_dir, _env_file=None))
        with container.engine.connect() as conn:
            offers = list(
                conn.execute(select(products.c.offer_id).order_by(products.c.id).limit(3)).scalars()
            )
        container.close()
        sheet = workdir / "receipt.csv"
        lines = ["offer_id,warehouse_id,quantity"]
        lines += [f"{offer},{warehouse},{12 + n}" for n, offer in enumerate(offers)]
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        received = cli.run("stock", "import", str(sheet))
        assert received.code == 0, received
        yield StockSession(cli, sandbox, offers, warehouse)


def test_push_puts_posylkas_available_stock_on_ozon(stock_cli: StockSession) -> None:
    pushed = stock_cli.cli.run("ozon-stock", "push")

    assert pushed.code == 0, pushed
    assert "0 refused" in pushed.out
    wanted = available(stock_cli.cli)
    on_ozon = ozon_view(stock_cli.sandbox)
    for offer in stock_cli.offers:
        key = (offer, stock_cli.warehouse)
        assert on_ozon[key] == wanted[key]
    assert set(on_ozon) == set(wanted)


def test_reconcile_finds_a_change_made_in_ozons_account(stock_cli: StockSession) -> None:
    offer = stock_cli.offers[0]
    httpx.post(
        f"{stock_cli.sandbox.url}/__sandbox/stocks",
        json={"offer_id": offer, "warehouse_id": stock_cli.warehouse, "stock": 999},
    ).raise_for_status()

    reconciled = stock_cli.cli.run("ozon-stock", "reconcile")

    assert reconciled.code == 0, reconciled
    assert "1 differ" in reconciled.out
    assert offer in reconciled.out
    assert "999" in reconciled.out
    status = stock_cli.cli.run("ozon-stock", "status")
    assert status.code == 0, status
    assert "1 waiting" in status.out
    assert "1 drifted" in status.out


def test_an_unknown_store_is_refused_in_one_sentence(stock_cli: StockSession) -> None:
    outcome = stock_cli.cli.run("ozon-stock", "push", "--store", "Nope")
    assert outcome.code == 1
    assert "Traceback" not in outcome.err
    assert "There is no store named 'Nope'" in outcome.err

"""The box catalogue's settings page: list per warehouse, add, edit, retire, import and export."""

from __future__ import annotations

import io

from conftest import log_in
from fastapi.testclient import TestClient
from web_samples import add_store

from posylka.adapters.db.uow import SqlUnitOfWorkFactory

GOOD = {
    "code": "TUBE-60",
    "name": "Postal tube",
    "kind": "box",
    "length_mm": "600",
    "width_mm": "80",
    "height_mm": "80",
    "max_weight_g": "3000",
    "own_weight_g": "150",
    "cost": "19.50",
    "warehouse_id": "",
}


def test_a_new_store_sees_the_default_catalogue(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    add_store(uow)

    page = client.get("/settings/boxes")

    assert page.status_code == 200
    assert "BOX-XL" in page.text
    assert "Padded envelope M" in page.text


def test_an_added_box_is_listed(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id

    reply = client.post(f"/settings/boxes?store={store}", data={**GOOD, "csrf_token": as_admin})

    assert reply.status_code == 303
    assert "TUBE-60" in client.get(reply.headers["location"]).text


def test_a_box_with_a_bad_size_is_refused_with_one_sentence_and_the_form_kept(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id

    reply = client.post(
        f"/settings/boxes?store={store}",
        data={**GOOD, "width_mm": "eighty", "csrf_token": as_admin},
    )

    assert reply.status_code == 422
    assert "“eighty” is not a number." in reply.text
    assert 'value="TUBE-60"' in reply.text


def test_retiring_a_box_marks_it_retired(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id
    client.get("/settings/boxes")
    with uow() as tx:
        box = tx.boxes.by_code(store, "BOX-S")
    assert box is not None

    reply = client.post(
        f"/settings/boxes/{box.id}/active", data={"active": "no", "csrf_token": as_admin}
    )

    with uow() as tx:
        stored = tx.boxes.get(box.id)
    assert reply.status_code == 303
    assert stored is not None
    assert not stored.active


def test_an_edit_changes_the_box(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id
    client.get("/settings/boxes")
    with uow() as tx:
        box = tx.boxes.by_code(store, "BOX-M")
    assert box is not None
    form = {
        **GOOD,
        "code": "BOX-M",
        "name": "Corrugated box M",
        "length_mm": "310",
        "width_mm": "210",
        "height_mm": "160",
        "max_weight_g": "10000",
        "cost": "35",
    }

    reply = client.post(f"/settings/boxes/{box.id}", data={**form, "csrf_token": as_admin})

    with uow() as tx:
        stored = tx.boxes.get(box.id)
    assert reply.status_code == 303
    assert stored is not None
    assert stored.dims == (310, 210, 160)


def test_an_import_with_a_bad_row_names_the_row_and_changes_nothing(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id
    data = (
        b"code,length_mm,width_mm,height_mm,max_weight_g\n"
        b"NEW-1,200,150,100,5000\n"
        b"NEW-2,200,150,0,5000\n"
    )

    reply = client.post(
        "/settings/boxes/import",
        data={"store": str(store), "csrf_token": as_admin},
        files={"file": ("boxes.csv", io.BytesIO(data), "text/csv")},
    )

    assert reply.status_code == 422
    assert "Row 3, column height_mm: Enter a value from 1 to 3000." in reply.text
    with uow() as tx:
        assert tx.boxes.by_code(store, "NEW-1") is None


def test_the_csv_export_lists_every_box(
    client: TestClient, as_admin: str, uow: SqlUnitOfWorkFactory
) -> None:
    store = add_store(uow).id

    reply = client.get(f"/settings/boxes/export.csv?store={store}")

    lines = reply.text.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("code,name,kind,length_mm")
    assert len(lines) == 10


def test_the_page_is_for_admins_only(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    add_store(uow)
    log_in(client, "li.wei")

    assert client.get("/settings/boxes").status_code == 403

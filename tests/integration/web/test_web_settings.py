"""Settings (stores, users) and one's own account; every change lands in the audit log."""

from __future__ import annotations

from conftest import PASSWORD, log_in
from sqlalchemy import select
from web_samples import T0, add_store

from posylka.adapters.db.tables import audit_log, stores

NEW_STORE = {
    "name": "Шёлковый путь",
    "client_id": "836492",
    "api_key": "0b9e6f2c-secret-key",
    "base_url": "https://api-seller.ozon.ru",
}


def audit(engine) -> list[tuple[str, str, object]]:
    with engine.connect() as conn:
        query = select(audit_log.c.action, audit_log.c.actor, audit_log.c.details)
        return [tuple(row) for row in conn.execute(query.order_by(audit_log.c.id))]


def test_add_store_writes_the_audit_log_and_never_shows_the_key(client, as_admin, engine, uow):
    reply = client.post("/settings/stores", data={**NEW_STORE, "csrf_token": as_admin})
    assert reply.status_code == 303
    assert reply.headers["location"] == "/settings/stores?notice=store_added"
    page = client.get(reply.headers["location"]).text
    assert 'data-testid="notice"' in page
    assert "Шёлковый путь" in page
    assert "0b9e6f2c-secret-key" not in page
    action, actor, details = audit(engine)[-1]
    assert (action, actor) == ("store.created", "admin")
    assert details == {
        "name": "Шёлковый путь",
        "client_id": "836492",
        "base_url": "https://api-seller.ozon.ru",
    }
    with engine.connect() as conn:
        stored = conn.execute(select(stores.c.api_key_encrypted)).scalar_one()
    assert b"0b9e6f2c-secret-key" not in bytes(stored)
    with uow() as tx:
        store = tx.stores.by_name("Шёлковый путь")
        assert store is not None
        assert tx.stores.credentials(store.id).api_key == "0b9e6f2c-secret-key"


def test_refused_store_points_at_the_field_and_drops_the_key(client, as_admin, engine):
    form = {**NEW_STORE, "client_id": "abc", "csrf_token": as_admin}
    reply = client.post("/settings/stores", data=form)
    assert reply.status_code == 422
    assert 'data-testid="error-client_id"' in reply.text
    assert 'value="Шёлковый путь"' in reply.text
    assert "0b9e6f2c-secret-key" not in reply.text
    assert [a for a, _, _ in audit(engine)] == ["user.created"] * 3 + ["user.login"]


def test_duplicate_store_name_is_explained_in_russian(client, users, uow):
    add_store(uow, "Шёлковый путь")
    csrf = log_in(client, "admin")
    client.post("/language", data={"language": "ru", "csrf_token": csrf})
    reply = client.post("/settings/stores", data={**NEW_STORE, "csrf_token": csrf})
    assert reply.status_code == 422
    assert "Магазин с таким названием уже есть." in reply.text


def test_store_list_shows_last_sync_and_last_error(client, as_admin, uow):
    store = add_store(uow)
    with uow() as tx:
        tx.stores.record_sync(
            store.id, at=T0, error="HTTP 429: You have reached request rate limit"
        )
        tx.commit()
    html = client.get("/settings/stores").text
    assert 'data-testid="store-error">HTTP 429: You have reached request rate limit<' in html
    assert 'value="https://api-seller.ozon.ru"' in html


def test_admin_adds_a_user_who_can_then_log_in(client, as_admin, engine, app):
    form = {
        "username": "anna",
        "role": "packer",
        "language": "ru",
        "password": "упаковка-2026",
        "password_again": "упаковка-2026",
        "csrf_token": as_admin,
    }
    reply = client.post("/settings/users", data=form)
    assert reply.status_code == 303
    assert "anna" in client.get("/settings/users").text
    action, actor, details = audit(engine)[-1]
    assert (action, actor, details) == (
        "user.created",
        "admin",
        {"username": "anna", "role": "packer"},
    )
    client.cookies.clear()
    log_in(client, "anna", "упаковка-2026")
    assert "Упаковщик" in client.get("/").text


def test_user_form_explains_mismatched_and_short_passwords(client, as_admin):
    base = {"username": "anna", "role": "packer", "language": "en", "csrf_token": as_admin}
    reply = client.post(
        "/settings/users", data={**base, "password": "long enough", "password_again": "other"}
    )
    assert reply.status_code == 422
    assert 'data-testid="error-password_again"' in reply.text
    reply = client.post(
        "/settings/users", data={**base, "password": "short", "password_again": "short"}
    )
    assert "A password needs at least 8 characters." in reply.text
    reply = client.post(
        "/settings/users",
        data={
            **base,
            "username": "admin",
            "password": "long enough",
            "password_again": "long enough",
        },
    )
    assert "This username is already taken." in reply.text


def test_anyone_changes_their_own_password(client, users, engine):
    csrf = log_in(client, "li.wei")
    form = {
        "current_password": PASSWORD,
        "new_password": "新的打包密码足够长",
        "new_password_again": "新的打包密码足够长",
        "csrf_token": csrf,
    }
    reply = client.post("/account/password", data=form)
    assert reply.status_code == 303
    assert "密码已修改。" in client.get(reply.headers["location"]).text
    assert audit(engine)[-1][:2] == ("user.password_changed", "li.wei")
    client.cookies.clear()
    log_in(client, "li.wei", "新的打包密码足够长")


def test_wrong_current_password_changes_nothing(client, users, engine):
    csrf = log_in(client, "olga")
    form = {
        "current_password": "not it",
        "new_password": "brand new one",
        "new_password_again": "brand new one",
        "csrf_token": csrf,
    }
    reply = client.post("/account/password", data=form)
    assert reply.status_code == 422
    assert 'data-testid="error-current_password"' in reply.text
    assert audit(engine)[-1][0] == "user.login"

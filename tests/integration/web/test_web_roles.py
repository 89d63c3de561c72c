"""Roles: admins configure, managers run the day, packers pack; settings are for admins only."""

from __future__ import annotations

import pytest
from conftest import log_in
from sqlalchemy import select
from web_samples import add_store

from posylka.adapters.db.tables import audit_log


@pytest.mark.parametrize("username", ["li.wei", "olga"])
@pytest.mark.parametrize("path", ["/settings/stores", "/settings/users", "/settings"])
def test_non_admins_get_a_403_page_on_settings(client, users, username, path):
    log_in(client, username)
    reply = client.get(path)
    assert reply.status_code == 403
    assert 'data-testid="error-page"' in reply.text
    assert 'data-status="403"' in reply.text


def test_packer_cannot_add_a_store_even_with_a_valid_token(client, users):
    csrf = log_in(client, "li.wei")
    form = {"name": "A", "client_id": "1", "api_key": "k", "csrf_token": csrf}
    assert client.post("/settings/stores", data=form).status_code == 403


def test_403_page_speaks_the_packers_language(client, users):
    log_in(client, "li.wei")
    assert "您无权打开此页面" in client.get("/settings/stores").text


def test_only_admins_see_the_settings_link(client, users):
    log_in(client, "li.wei")
    assert 'data-testid="nav-settings"' not in client.get("/").text
    client.cookies.clear()
    log_in(client, "admin")
    assert 'data-testid="nav-settings"' in client.get("/").text


def test_a_manager_reaches_the_settings_a_manager_may_change(client, users):
    log_in(client, "olga")
    assert 'href="/settings/packing-rules" data-testid="nav-settings"' in client.get("/").text
    page = client.get("/settings/packing-rules").text
    assert 'data-testid="settings-packing-rules"' in page
    assert 'data-testid="settings-after-sales-card"' in page
    assert 'data-testid="settings-stores"' not in page
    assert 'data-testid="settings-boxes"' not in page


def test_packer_has_no_sync_button_and_cannot_start_a_sync(client, users, sync_requests, uow):
    csrf = log_in(client, "li.wei")
    add_store(uow)
    assert 'data-testid="sync-now"' not in client.get("/").text
    assert client.post("/sync", data={"csrf_token": csrf}).status_code == 403
    assert sync_requests == []


def test_manager_starts_a_sync_and_it_is_audited(client, users, sync_requests, uow, engine):
    store = add_store(uow)
    csrf = log_in(client, "olga")
    assert 'data-testid="sync-now"' in client.get("/").text
    reply = client.post("/sync", data={"csrf_token": csrf})
    assert reply.status_code == 303
    assert sync_requests == [None]
    reply = client.post(
        "/sync", data={"csrf_token": csrf, "store": str(store.id)}, headers={"HX-Request": "true"}
    )
    assert 'data-testid="sync-notice"' in reply.text
    assert sync_requests == [None, store.id]
    with engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.actor).where(
                audit_log.c.action == "sync.requested"
            )
        ).all()
    assert rows == [("sync.requested", "olga"), ("sync.requested", "olga")]

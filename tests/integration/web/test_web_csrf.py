"""CSRF: every form and every htmx POST must echo the session's token (or the login cookie's)."""

from __future__ import annotations

from conftest import PASSWORD, csrf_of, log_in
from fastapi.testclient import TestClient
from sqlalchemy import select

from posylka.adapters.db.tables import stores

STORE_FORM = {"name": "A", "client_id": "1", "api_key": "k", "base_url": "https://x.example"}


def stores_in(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(stores.c.name)).scalars())


def test_form_without_the_token_is_rejected_with_a_403_page(client, as_admin, engine):
    reply = client.post("/settings/stores", data=STORE_FORM)
    assert reply.status_code == 403
    assert 'data-testid="error-page"' in reply.text
    assert "This form has expired" in reply.text
    assert stores_in(engine) == []


def test_form_with_a_wrong_token_is_rejected(client, as_admin, engine):
    reply = client.post("/settings/stores", data={**STORE_FORM, "csrf_token": "guess"})
    assert reply.status_code == 403
    assert stores_in(engine) == []


def test_token_of_another_session_is_rejected(app, client, users, engine):
    other = TestClient(app, follow_redirects=False)
    foreign = log_in(other, "olga")
    log_in(client, "admin")
    reply = client.post("/settings/stores", data={**STORE_FORM, "csrf_token": foreign})
    assert reply.status_code == 403
    assert stores_in(engine) == []


def test_form_with_the_session_token_is_accepted(client, as_admin, engine):
    reply = client.post("/settings/stores", data={**STORE_FORM, "csrf_token": as_admin})
    assert reply.status_code == 303
    assert stores_in(engine) == ["A"]


def test_htmx_post_carries_the_token_in_a_header(client, as_admin, sync_requests):
    reply = client.post("/sync", headers={"HX-Request": "true", "X-CSRF-Token": as_admin})
    assert reply.status_code == 200
    assert sync_requests == [None]


def test_htmx_post_without_the_header_is_rejected(client, as_admin, sync_requests):
    reply = client.post("/sync", headers={"HX-Request": "true"})
    assert reply.status_code == 403
    assert sync_requests == []


def test_login_form_needs_the_token_from_its_cookie(client, users):
    reply = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert reply.status_code == 403
    assert "posylka_session" not in client.cookies


def test_login_token_must_match_this_browsers_cookie(app, client, users):
    stranger = TestClient(app, follow_redirects=False)
    their_token = csrf_of(stranger.get("/login").text)
    client.get("/login")
    reply = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": their_token}
    )
    assert reply.status_code == 403


def test_pages_embed_the_token_in_the_meta_tag_and_in_every_form(client, as_admin):
    html = client.get("/settings/stores").text
    assert csrf_of(html) == as_admin
    forms = html.count("<form")
    assert forms >= 3
    assert html.count(f'name="csrf_token" value="{as_admin}"') == html.count('method="post"')

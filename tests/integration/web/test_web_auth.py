"""Logging in and out: sessions in the database, cookies in the browser, redirects."""

from __future__ import annotations

import hashlib

from conftest import PASSWORD, csrf_of, log_in
from sqlalchemy import select

from posylka.adapters.db.tables import audit_log, web_sessions


def test_anonymous_visitor_is_sent_to_the_login_page_with_the_way_back(client):
    reply = client.get("/?status=all")
    assert reply.status_code == 303
    assert reply.headers["location"] == "/login?next=%2F%3Fstatus%3Dall"


def test_login_sets_an_httponly_lax_cookie_whose_digest_alone_is_stored(client, users, engine):
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": token, "next": "/"},
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == "/"
    cookie = next(c for c in reply.headers.get_list("set-cookie") if "posylka_session=" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    value = client.cookies["posylka_session"]
    with engine.connect() as conn:
        stored = conn.execute(select(web_sessions.c.token_hash)).scalars().all()
    assert stored == [hashlib.sha256(value.encode()).hexdigest()]
    assert client.get("/").status_code == 200


def test_wrong_password_shows_a_message_and_opens_no_session(client, users, engine):
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/login", data={"username": "admin", "password": "not it", "csrf_token": token}
    )
    assert reply.status_code == 401
    assert 'data-testid="login-error"' in reply.text
    assert "Wrong username or password." in reply.text
    assert 'value="admin"' in reply.text
    assert "posylka_session" not in client.cookies
    with engine.connect() as conn:
        assert conn.execute(select(web_sessions)).all() == []


def test_wrong_password_message_is_in_the_chosen_language(client, users):
    client.cookies.set("posylka_lang", "ru")
    token = csrf_of(client.get("/login").text)
    reply = client.post("/login", data={"username": "x", "password": "y", "csrf_token": token})
    assert "Неверное имя пользователя или пароль." in reply.text


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(client, users):
    token = csrf_of(client.get("/login").text)
    form = {"username": "admin", "password": PASSWORD, "csrf_token": token}
    reply = client.post("/login", data={**form, "next": "/settings/users"})
    assert reply.headers["location"] == "/settings/users"
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)
    reply = client.post("/login", data={**form, "csrf_token": token, "next": "//evil.example/"})
    assert reply.headers["location"] == "/"


def test_logged_in_visitor_skips_the_login_form(client, users):
    log_in(client, "olga")
    reply = client.get("/login?next=/account")
    assert reply.status_code == 303
    assert reply.headers["location"] == "/account"


def test_logout_ends_the_session_for_good(client, users, engine):
    csrf = log_in(client, "olga")
    old_cookie = client.cookies["posylka_session"]
    reply = client.post("/logout", data={"csrf_token": csrf})
    assert reply.status_code == 303
    assert reply.headers["location"] == "/login"
    client.cookies.set("posylka_session", old_cookie)
    assert client.get("/").status_code == 303
    with engine.connect() as conn:
        assert conn.execute(select(web_sessions)).all() == []
        actions = conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars()
        assert list(actions)[-2:] == ["user.login", "user.logout"]


def test_htmx_request_without_a_session_is_told_to_navigate_to_login(client):
    reply = client.get("/?q=abc", headers={"HX-Request": "true"})
    assert reply.status_code == 401
    assert reply.headers["HX-Redirect"].startswith("/login?next=")


def test_forged_session_cookie_is_treated_as_no_session(client, users):
    client.cookies.set("posylka_session", "forged-token")
    assert client.get("/").status_code == 303

"""The shell around the pages: health check, static files, security headers, error handling."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from conftest import log_in
from fastapi.testclient import TestClient
from web_samples import add_store, make_posting, put

from posylka.entrypoints.web import app as web_app
from posylka.entrypoints.web.app import create_app

STATIC = Path(web_app.__file__).parent / "static"


class CountingFactory:
    """Passes units of work through and counts them."""

    def __init__(self, factory):
        self.factory = factory
        self.opened = 0

    def __call__(self):
        self.opened += 1
        return self.factory()


class BrokenDatabase:
    """A unit-of-work factory whose database cannot be reached."""

    def __call__(self):
        raise ConnectionError("database is down")


def test_healthz_reports_ok_as_json(client):
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json()["status"] == "ok"
    assert reply.json()["database"] == "ok"


def test_healthz_reports_503_when_the_database_is_unreachable(deps):
    with TestClient(
        create_app(replace(deps, uow=BrokenDatabase(), reads=BrokenDatabase()))
    ) as broken:
        reply = broken.get("/healthz")
    assert reply.status_code == 503
    assert reply.json()["database"] == "error"


def test_unexpected_error_gets_a_translated_500_page(deps):
    app = create_app(replace(deps, uow=BrokenDatabase(), reads=BrokenDatabase()))
    with TestClient(app, raise_server_exceptions=False) as broken:
        broken.cookies.set("posylka_session", "some-token")
        broken.cookies.set("posylka_lang", "zh-CN")
        reply = broken.get("/")
    assert reply.status_code == 500
    assert "出错了" in reply.text
    assert "database is down" not in reply.text


def test_pages_that_only_look_use_read_only_units_of_work(deps, users, uow):
    store = add_store(uow)
    put(uow, make_posting(1, store))
    writes, reads = CountingFactory(uow), CountingFactory(uow.reader())
    app = create_app(replace(deps, uow=writes, reads=reads))
    with TestClient(app, follow_redirects=False) as client:
        log_in(client, "olga")
        writes.opened = reads.opened = 0
        client.get("/")
        client.get("/", headers={"HX-Request": "true"})
        client.get(f"/postings/{store.id}/{make_posting(1, store).posting_number}")
        client.get("/sync/status")
    assert writes.opened == 0
    assert reads.opened >= 4


def test_htmx_is_vendored_from_the_2_0_line_with_its_licence(client):
    script = client.get("/static/vendor/htmx.min.js")
    assert script.status_code == 200
    assert re.search(r'version:"2\.0\.\d+"', script.text)
    assert (STATIC / "vendor" / "htmx.LICENSE").read_text().startswith("Zero-Clause BSD")


def test_pages_load_nothing_from_other_hosts(client, users):
    log_in(client, "admin")
    for path in ("/", "/settings/stores", "/settings/users", "/account", "/login"):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        for asset in re.findall(r'(?:src|href)="(/static/[^"?]+)', html):
            assert client.get(asset).status_code == 200, asset


def test_responses_carry_security_headers(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"


def test_stylesheet_has_cjk_fallback_fonts(client):
    css = client.get("/static/css/posylka.css").text
    for family in ('"Noto Sans CJK SC"', '"Microsoft YaHei"', '"PingFang SC"'):
        assert family in css


def test_unknown_method_gets_a_page_not_a_traceback(client, users):
    log_in(client, "olga")
    reply = client.delete("/")
    assert reply.status_code == 405
    assert 'data-testid="error-page"' in reply.text
    assert "Это действие здесь недоступно" in reply.text

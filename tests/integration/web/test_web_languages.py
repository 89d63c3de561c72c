"""Three languages: the switch, where the choice is kept, and what gets translated."""

from __future__ import annotations

from conftest import csrf_of, log_in
from sqlalchemy import select
from web_samples import add_store, make_posting, put

from posylka.adapters.db.tables import users


def language_of(engine, username: str) -> str:
    with engine.connect() as conn:
        query = select(users.c.language).where(users.c.username == username)
        return str(conn.execute(query).scalar_one())


def test_switching_language_changes_the_strings_and_is_kept_on_the_user(client, users, engine):
    csrf = log_in(client, "admin")
    assert ">Queue<" in client.get("/").text.replace("\n", "").replace("  ", "")
    reply = client.post("/language", data={"language": "zh-CN", "next": "/", "csrf_token": csrf})
    assert reply.status_code == 303
    assert reply.headers["location"] == "/"
    html = client.get("/").text
    assert '<html lang="zh-CN">' in html
    assert "队列" in html
    assert "货件队列" in html
    assert language_of(engine, "admin") == "zh-CN"
    client.post("/language", data={"language": "ru", "next": "/", "csrf_token": csrf})
    html = client.get("/").text
    assert '<html lang="ru">' in html
    assert "Очередь отправлений" in html
    assert language_of(engine, "admin") == "ru"


def test_the_users_language_applies_from_login(client, users):
    log_in(client, "olga")
    assert "Очередь" in client.get("/").text
    client.cookies.clear()
    log_in(client, "li.wei")
    assert "队列" in client.get("/").text


def test_login_page_follows_the_cookie_then_the_browser(client):
    assert '<html lang="ru">' in client.get("/login", headers={"Accept-Language": "ru-RU"}).text
    zh = client.get("/login", headers={"Accept-Language": "de;q=0.9, zh-CN;q=0.8, en;q=0.5"})
    assert '<html lang="zh-CN">' in zh.text
    assert "登录" in zh.text
    client.cookies.set("posylka_lang", "ru")
    html = client.get("/login", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="ru">' in html
    assert "Войти" in html


def test_anonymous_switch_sets_the_cookie_only(client):
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/language", data={"language": "zh-CN", "next": "/login", "csrf_token": token}
    )
    assert reply.status_code == 303
    assert client.cookies["posylka_lang"] == "zh-CN"
    assert '<html lang="zh-CN">' in client.get("/login").text


def test_unknown_language_changes_nothing(client, users, engine):
    csrf = log_in(client, "olga")
    client.post("/language", data={"language": "de", "csrf_token": csrf})
    assert language_of(engine, "olga") == "ru"


def test_switch_returns_only_to_local_pages(client, users):
    csrf = log_in(client, "olga")
    reply = client.post(
        "/language", data={"language": "en", "next": "https://evil.example/", "csrf_token": csrf}
    )
    assert reply.headers["location"] == "/"


def test_statuses_roles_dates_and_money_are_translated(client, uow, users):
    store = add_store(uow)
    put(uow, make_posting(1, store))
    log_in(client, "olga")
    html = client.get("/").text
    assert "Ожидает сборки" in html
    assert "Менеджер" in html
    assert "11 мар., 13:00" in html  # T0 + 1 day + 1 h, 10:00 UTC in Moscow
    assert "1\xa0180,00\xa0₽" in html  # two cups of tea at 590
    assert "1 отправление" in html
    client.cookies.clear()
    log_in(client, "li.wei")
    html = client.get("/").text
    assert "等待备货" in html
    assert "打包员" in html
    assert "3月11日 13:00" in html
    assert "₽1,180.00" in html
    assert "共 1 个货件" in html


def test_russian_plurals_follow_russian_rules(client, uow, users):
    counts = {"A": 21, "B": 2, "C": 5}
    stores = {name: add_store(uow, name, str(100 + i)) for i, name in enumerate(counts)}
    n = 0
    for name, count in counts.items():
        put(uow, *(make_posting(n := n + 1, stores[name]) for _ in range(count)))
    log_in(client, "olga")
    wording = {"A": "21 отправление", "B": "2 отправления", "C": "5 отправлений"}
    for name, expected in wording.items():
        html = client.get(f"/?store={stores[name].id}").text
        assert expected in html


def test_error_pages_are_translated(client, users):
    log_in(client, "li.wei")
    reply = client.get("/no/such/page")
    assert reply.status_code == 404
    assert "页面不存在" in reply.text
    client.cookies.clear()
    client.cookies.set("posylka_lang", "ru")
    assert "Страница не найдена" in client.get("/nothing-here").text

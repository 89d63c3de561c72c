"""Presentation rules of the web pages: countdowns, dates, money, language choice, redirects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from posylka.domain.postings import Urgency
from posylka.entrypoints.web import locales
from posylka.entrypoints.web.formatting import Formatter, split_span
from posylka.entrypoints.web.guards import local_path
from posylka.entrypoints.web.messages import Message

NOW = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="module")
def translations():
    return locales.load_translations()


def formatter(translations, language: locales.Language) -> Formatter:
    return Formatter(translations[language.code], language.locale, MOSCOW)


@pytest.mark.parametrize(
    ("seconds", "units"),
    [
        (45, [("%(n)s s", 45)]),
        (35 * 60, [("%(n)s min", 35)]),
        (80 * 60, [("%(n)s h", 1), ("%(n)s min", 20)]),
        (2 * 86_400 + 3 * 3_600 + 59, [("%(n)s d", 2), ("%(n)s h", 3)]),
        (-(80 * 60), [("%(n)s h", 1), ("%(n)s min", 20)]),
    ],
)
def test_spans_show_the_two_largest_units(seconds, units):
    assert split_span(seconds) == units


@pytest.mark.parametrize(
    ("language", "overdue", "remaining"),
    [
        (locales.ENGLISH, "overdue 1 h 20 min", "in 35 min"),
        (locales.RUSSIAN, "просрочено на 1 ч 20 мин", "через 35 мин"),
        (locales.CHINESE, "已超时 1 小时 20 分钟", "剩余 35 分钟"),
    ],
    ids=["en", "ru", "zh-CN"],
)
def test_countdown_reads_naturally_in_each_language(translations, language, overdue, remaining):
    fmt = formatter(translations, language)
    assert fmt.countdown(NOW - timedelta(hours=1, minutes=20), NOW) == overdue
    assert fmt.countdown(NOW + timedelta(minutes=35), NOW) == remaining


def test_countdown_at_the_deadline_counts_as_overdue(translations):
    fmt = formatter(translations, locales.ENGLISH)
    assert fmt.countdown(NOW, NOW) == "overdue 0 s"
    assert fmt.countdown(None, NOW) == ""


def test_page_script_gets_the_same_wording_with_placeholders(translations):
    words = formatter(translations, locales.RUSSIAN).countdown_words()
    assert words["overdue"] == "просрочено на {time}"
    assert words["remaining"] == "через {time}"
    assert (words["d"], words["h"], words["min"], words["s"]) == (
        "{n} дн.",
        "{n} ч",
        "{n} мин",
        "{n} с",
    )
    assert words[f"urgency_{Urgency.OVERDUE.value}"] == "Просрочено"


@pytest.mark.parametrize(
    ("language", "short", "full"),
    [
        (locales.ENGLISH, "Mar 8, 12:00", "Mar 8, 2026, 12:00"),
        (locales.RUSSIAN, "8 мар., 12:00", "8 мар. 2026\u202fг., 12:00"),
        (locales.CHINESE, "3月8日 12:00", "2026年3月8日 12:00"),
    ],
    ids=["en", "ru", "zh-CN"],
)
def test_times_are_shown_in_the_display_zone_and_locale(translations, language, short, full):
    fmt = formatter(translations, language)
    assert fmt.date_time(NOW) == short
    assert fmt.full_date_time(NOW) == full
    assert fmt.date_time(None) == "—"
    assert fmt.iso(NOW) == "2026-03-08T09:00:00Z"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (locales.ENGLISH, "Thu, Nov 26"),
        (locales.RUSSIAN, "чт, 26 нояб."),
        (locales.CHINESE, "11月26日周四"),
    ],
    ids=["en", "ru", "zh-CN"],
)
def test_a_day_is_shown_with_its_weekday_in_the_locale(translations, language, shown):
    fmt = formatter(translations, language)
    assert fmt.day(date(2026, 11, 26)) == shown
    assert fmt.day(None) == "—"


@pytest.mark.parametrize(
    ("language", "rub", "cny"),
    [
        (locales.ENGLISH, "₽1,234.50", "CN¥99.00"),
        (locales.RUSSIAN, "1\xa0234,50\xa0₽", "99,00\xa0CN¥"),
        (locales.CHINESE, "₽1,234.50", "¥99.00"),
    ],
    ids=["en", "ru", "zh-CN"],
)
def test_money_uses_the_ruble_sign_and_local_separators(translations, language, rub, cny):
    fmt = formatter(translations, language)
    assert fmt.money("1234.5", "RUB") == rub
    assert fmt.money("99", "CNY") == cny


def test_codes_are_named_in_the_language_with_fallbacks(translations):
    fmt = formatter(translations, locales.CHINESE)
    assert fmt.status("awaiting_packaging") == "等待备货"
    assert fmt.status("something_new") == "未知状态"
    assert fmt.substatus("posting_in_pickup_point") == "已到达自提点"
    assert fmt.substatus("posting_from_the_future") == "posting_from_the_future"
    assert fmt.role("packer") == "打包员"
    assert fmt.requirement("products_requiring_imei") == "IMEI"
    assert fmt.requirement("products_requiring_gtd") == "报关单（GTD）号码"
    assert fmt.scheme("rfbs") == "rFBS"


def test_messages_are_translated_with_their_values(translations):
    fmt = formatter(translations, locales.RUSSIAN)
    weak = Message("A password needs at least %(n)s characters.", {"n": 8})
    assert fmt.say(weak) == "Пароль должен содержать не менее 8 символов."
    assert fmt.say("Password changed.") == "Пароль изменён."
    assert fmt.say(None) == ""


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("zh-CN,zh;q=0.9", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("de-DE, en;q=0.3", "en"),
        ("en;q=0.2, ru;q=0.8", "ru"),
        ("fr", None),
        ("", None),
    ],
)
def test_browser_language_is_negotiated_by_weight(header, language):
    assert locales.negotiate(header) == language


@pytest.mark.parametrize(
    ("raw", "code"), [("zh_CN", "zh-CN"), ("ZH-cn", "zh-CN"), ("ru-RU", "ru"), ("xx", None)]
)
def test_loose_language_spellings_are_understood(raw, code):
    assert locales.normalise(raw) == code


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("/settings/users", "/settings/users"),
        ("/?store=1&q=x", "/?store=1&q=x"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_redirects_stay_on_this_site(target, followed):
    assert local_path(target) == followed

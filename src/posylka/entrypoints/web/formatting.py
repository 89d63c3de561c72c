"""Locale-aware presentation: dates, money, countdowns and code names, in one language.

One :class:`Formatter` per language lives in that language's template environment as ``fmt``.
The countdown wording here is the same the page's script uses every second, so the first paint
and the live updates agree.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal

from posylka.domain.postings import PostingStatus, Urgency
from posylka.domain.stores import Role
from posylka.entrypoints.web import labels
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

# Countdown pieces: "overdue 1 h 20 min", "in 35 min". Units are abbreviated in every language,
# which also keeps Russian free of plural agreement ("1 ч", "5 ч").
OVERDUE = N_("overdue %(time)s")
REMAINING = N_("in %(time)s")
DAYS = N_("%(n)s d")
HOURS = N_("%(n)s h")
MINUTES = N_("%(n)s min")
SECONDS = N_("%(n)s s")

# CLDR's narrow ruble sign instead of the ISO code, in every language: sellers read "₽".
_NARROW_SIGNS = {"RUB": "₽"}


def split_span(seconds: int) -> list[tuple[str, int]]:
    """The two largest units of a span: days and hours, hours and minutes, minutes, or seconds."""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return [(DAYS, days), (HOURS, hours)]
    if hours:
        return [(HOURS, hours), (MINUTES, minutes)]
    if minutes:
        return [(MINUTES, minutes)]
    return [(SECONDS, secs)]


class Formatter:
    """Formats values for one language and one display time zone."""

    def __init__(
        self, translations: gettext.NullTranslations, locale: Locale, timezone: ZoneInfo
    ) -> None:
        self._t = translations
        self.locale = locale
        self.timezone = timezone

    def _(self, message: str) -> str:
        return self._t.gettext(message) if message else ""

    def say(self, message: Message | str | None) -> str:
        """Translate a notice or an error, filling in its parameters."""
        if not message:
            return ""
        if isinstance(message, str):
            return self._(message)
        text = self._(message.msgid)
        return text % message.params if message.params else text

    def date_time(self, moment: datetime | None) -> str:
        """Day, month and time, e.g. "8 мар., 12:05" or "3月8日 12:05"."""
        return self._join(moment, "MMMd")

    def day(self, value: date | None) -> str:
        """A calendar day with its weekday, e.g. "Thu, Nov 26", "чт, 26 нояб." or "11月26日周四"."""
        if value is None:
            return "—"
        return format_skeleton("MMMEd", value, locale=self.locale)

    def full_date_time(self, moment: datetime | None) -> str:
        """With the year, for history lines: "8 мар. 2026 г., 12:05"."""
        return self._join(moment, "yMMMd")

    def _join(self, moment: datetime | None, date_skeleton: str) -> str:
        if moment is None:
            return "—"
        day = format_skeleton(date_skeleton, moment, tzinfo=self.timezone, locale=self.locale)
        time = format_skeleton("Hm", moment, tzinfo=self.timezone, locale=self.locale)
        pattern = str(self.locale.datetime_formats.get("short", "{1} {0}"))
        return pattern.replace("{1}", day).replace("{0}", time)

    def iso(self, moment: datetime | None) -> str:
        """Machine-readable UTC instant for ``data-ship-by`` and ``<time datetime>``."""
        return moment.isoformat().replace("+00:00", "Z") if moment else ""

    def money(self, amount: Decimal | str | int, currency: str = "RUB") -> str:
        try:
            value = Decimal(amount)
        except (InvalidOperation, ValueError):
            return str(amount)
        text = format_currency(value, currency, locale=self.locale)
        sign = _NARROW_SIGNS.get(currency)
        return text.replace(currency, sign) if sign else text

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def span(self, seconds: int) -> str:
        return " ".join(self._(unit) % {"n": n} for unit, n in split_span(seconds))

    def countdown(self, ship_by: datetime | None, now: datetime) -> str:
        """ "overdue 1 h 20 min" or "in 35 min", from the ship-by deadline."""
        if ship_by is None:
            return ""
        seconds = int((ship_by - now).total_seconds())
        template = OVERDUE if seconds <= 0 else REMAINING
        return self._(template) % {"time": self.span(seconds)}

    def countdown_words(self) -> dict[str, str]:
        """The same wording for the page script, with ``{time}`` and ``{n}`` placeholders."""
        words = {
            "overdue": self._(OVERDUE) % {"time": "{time}"},
            "remaining": self._(REMAINING) % {"time": "{time}"},
        }
        for key, unit in (("d", DAYS), ("h", HOURS), ("min", MINUTES), ("s", SECONDS)):
            words[key] = self._(unit) % {"n": "{n}"}
        for urgency in Urgency:
            words[f"urgency_{urgency.value}"] = self._(labels.URGENCY[urgency])
        return words

    def status(self, status: str | PostingStatus) -> str:
        return self._(labels.STATUS[PostingStatus.parse(str(status))])

    def substatus(self, substatus: str) -> str:
        label = labels.SUBSTATUS.get(substatus)
        return self._(label) if label else substatus

    def role(self, role: str | Role) -> str:
        return self._(labels.ROLE[Role(role)])

    def urgency(self, urgency: Urgency) -> str:
        return self._(labels.URGENCY[urgency])

    def requirement(self, raw: str) -> str:
        label = labels.REQUIREMENT.get(labels.requirement_key(raw))
        return self._(label) if label else raw

    def scheme(self, scheme: str) -> str:
        return labels.SCHEME.get(str(scheme), str(scheme))

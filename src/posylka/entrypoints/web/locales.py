"""The interface languages: which ones exist, how their catalogs are loaded, how one is chosen.

Catalogs are the gettext ``.po`` files under ``locale/``; they are compiled in memory when the app
starts, so a translator edits one file and reloads, and no compiled ``.mo`` can go stale.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from posylka.services.accounts import LANGUAGES

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    """As stored on a user, kept in the language cookie and written into ``<html lang>``."""
    catalog: str
    """The directory name under ``locale/`` (gettext's spelling)."""
    native_name: str
    """The language's name in itself: the switch shows it untranslated, so everyone finds theirs."""

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.catalog)


ENGLISH = Language("en", "en", "English")
RUSSIAN = Language("ru", "ru", "Русский")
CHINESE = Language("zh-CN", "zh_CN", "简体中文")
ALL = (CHINESE, RUSSIAN, ENGLISH)
BY_CODE = {language.code: language for language in ALL}
assert set(BY_CODE) == set(LANGUAGES), "the web languages and the account languages must agree"


def catalog_path(language: Language, root: Path = LOCALE_DIR) -> Path:
    return root / language.catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(root: Path = LOCALE_DIR) -> dict[str, gettext.GNUTranslations]:
    """Every language's catalog, compiled in memory. Fuzzy entries are left out (they fall back
    to English) because a guessed translation is worse than an honest English one."""
    loaded: dict[str, gettext.GNUTranslations] = {}
    for language in ALL:
        with catalog_path(language, root).open("rb") as source:
            catalog = read_po(source, locale=language.catalog)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        loaded[language.code] = gettext.GNUTranslations(buffer)
    return loaded


def normalise(code: str | None) -> str | None:
    """A supported language code from loose spellings (``zh_CN``, ``zh-cn``, ``ru-RU``, ``zh``)."""
    if not code:
        return None
    wanted = code.strip().replace("_", "-").casefold()
    for language in ALL:
        if wanted == language.code.casefold():
            return language.code
    primary = wanted.split("-", 1)[0]
    for language in ALL:
        if primary == language.code.split("-", 1)[0].casefold():
            return language.code
    return None


def negotiate(accept_language: str) -> str | None:
    """The best supported language from an ``Accept-Language`` header, honouring ``q`` weights."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and weight > 0:
            ranked.append((-weight, position, tag))
    for _, _, tag in sorted(ranked):
        found = normalise(tag)
        if found:
            return found
    return None

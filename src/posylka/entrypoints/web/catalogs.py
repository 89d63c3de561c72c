"""Keeping the translation catalogs in step with the code: extract, merge, check, compile.

Messages come from the templates (``{% trans %}`` and ``_()``) and from the web package's Python
modules (``N_()`` markers). ``scripts/translations.py`` runs these steps; the tests use them to
prove that every message has a Russian and a Chinese translation.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from posylka.entrypoints.web import locales

PACKAGE_DIR = Path(__file__).parent
METHOD_MAP = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS_MAP = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PO_WIDTH = 100
SOURCE_LANGUAGE = locales.ENGLISH


def extract(source: Path = PACKAGE_DIR) -> Catalog:
    """Every translatable message in the web package, as a template catalog."""
    template = Catalog(project="posylka", fuzzy=False, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source), METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(path: Path, language: locales.Language) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language.catalog)


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_lineno=False, sort_output=True)
    return buffer.getvalue()


def update(root: Path = locales.LOCALE_DIR, source: Path = PACKAGE_DIR) -> list[Path]:
    """Merge newly extracted messages into each language's catalog; return the files changed.

    Translations of messages that vanished are dropped; header dates are kept so that a run with
    no real change leaves the files byte for byte as they were.
    """
    template = extract(source)
    changed: list[Path] = []
    for language in locales.ALL:
        path = locales.catalog_path(language, root)
        if path.exists():
            catalog = read(path, language)
            before = path.read_bytes()
        else:
            catalog = Catalog(locale=language.catalog, project="posylka", charset="utf-8")
            before = b""
        created = catalog.creation_date
        revised = catalog.revision_date if isinstance(catalog.revision_date, datetime) else created
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        _set_header(catalog, language)
        catalog.creation_date, catalog.revision_date = created, revised
        if language is SOURCE_LANGUAGE:
            _fill_source_language(catalog)
        after = render(catalog)
        if after != before:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(after)
            changed.append(path)
    return changed


def _set_header(catalog: Catalog, language: locales.Language) -> None:
    catalog.header_comment = (
        f"# posylka web interface: {language.native_name} ({language.code}).\n"
        "# Distributed under the Apache-2.0 licence, like the rest of posylka."
    )
    catalog.fuzzy = False
    catalog.project = "posylka"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "posylka contributors"
    catalog.language_team = f"posylka {language.code}"


def _fill_source_language(catalog: Catalog) -> None:
    """English is the source: its translations are the msgids themselves."""
    for message in _messages(catalog):
        if isinstance(message.id, tuple):
            if not isinstance(message.string, tuple) or not any(message.string):
                message.string = (message.id[0], message.id[1])
        elif not message.string:
            message.string = message.id


def untranslated(catalog: Catalog) -> list[str]:
    """Msgids with an empty or fuzzy translation (any plural form counts)."""
    missing: list[str] = []
    for message in _messages(catalog):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def compile_mo(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)

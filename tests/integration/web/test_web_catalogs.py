"""Translations: every message has Russian and Chinese, catalogs match the code, and templates
hold no visible text that escapes translation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from posylka.entrypoints.web import catalogs, locales
from posylka.entrypoints.web.rendering import TEMPLATE_DIR

TRANSLATED = [locales.RUSSIAN, locales.CHINESE]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
NAMES = {"posylka"}
"""Words shown as they are in every language."""


def catalog(language: locales.Language):
    return catalogs.read(locales.catalog_path(language), language)


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda lang: lang.code)
def test_every_message_has_a_translation(language):
    assert catalogs.untranslated(catalog(language)) == []


def test_catalogs_are_in_step_with_the_code(tmp_path):
    for language in locales.ALL:
        copy = locales.catalog_path(language, tmp_path)
        copy.parent.mkdir(parents=True)
        shutil.copyfile(locales.catalog_path(language), copy)
    assert catalogs.update(root=tmp_path) == []


def test_extraction_finds_template_python_and_plural_messages():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.extract() if m.id}
    assert "Posting queue" in ids  # a {% trans %} block
    assert "Awaiting packaging" in ids  # an N_() marker in Python
    assert "%(number)s posting" in ids  # a plural block


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda lang: lang.code)
def test_translations_keep_the_placeholders(language):
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted, (message.id, text)
            if "count" not in wanted:
                assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)
            text % dict.fromkeys(wanted, 1)  # a stray "%" would raise here


def test_english_catalog_repeats_the_source_text():
    for message in catalog(locales.ENGLISH):
        if message.id and isinstance(message.id, str):
            assert message.string == message.id


# --- templates: visible text must be translatable --------------------------------------------

VISIBLE_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')


def untranslated_text(template: str) -> list[str]:
    """Words a reader would see that are not inside ``{% trans %}`` or an expression."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    text = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", text, flags=re.S | re.I)
    found = [value for value in VISIBLE_ATTRIBUTES.findall(text) if _has_letters(value)]
    text = re.sub(r"<[^>]*>", " ", text)
    found += [word for word in text.split() if _has_letters(word) and word not in NAMES]
    return found


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def test_the_detector_catches_plain_text_and_attributes():
    sample = """
      <h1>{% trans %}Queue{% endtrans %}</h1>
      <p>{{ row.name }} — Ship soon</p>
      <input placeholder="Search here" title="{{ _('Fine') }}">
      {# a comment is fine #}
    """
    assert untranslated_text(sample) == ["Search here", "Ship", "soon"]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATE_DIR.glob("*.html")), ids=str)
def test_templates_have_no_untranslated_visible_text(template):
    assert untranslated_text((TEMPLATE_DIR / template).read_text(encoding="utf-8")) == []


def test_every_template_is_checked():
    assert len(list(Path(TEMPLATE_DIR).glob("*.html"))) >= 10

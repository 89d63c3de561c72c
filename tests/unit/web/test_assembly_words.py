"""Every sentence an assembly gives the packer is in the catalog's list, and translated."""

from __future__ import annotations

from posylka.domain.assembly import NOTES
from posylka.entrypoints.web import catalogs, locales
from posylka.entrypoints.web.assembly_words import NOTE_TEXTS


def test_every_note_of_an_assembly_is_marked_for_the_catalog() -> None:
    texts = {t for note in NOTES.values() for t in (note.sentence, note.way_forward)}
    assert texts == set(NOTE_TEXTS)


def test_every_note_of_an_assembly_is_translated() -> None:
    missing = []
    for language in locales.ALL:
        if language is catalogs.SOURCE_LANGUAGE:
            continue
        catalog = catalogs.read(locales.catalog_path(language), language)
        for text in NOTE_TEXTS:
            message = catalog.get(text)
            if message is None or not message.string:
                missing.append((language.catalog, text))
    assert missing == []

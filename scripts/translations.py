#!/usr/bin/env python3
"""Keep the web interface's translation catalogs in step with the code.

    python scripts/translations.py            # extract messages, merge them into every catalog
    python scripts/translations.py --check    # fail on a stale catalog or a missing translation
    python scripts/translations.py --compile  # also write .mo files next to the .po files

The app compiles the .po files in memory when it starts, so --compile is only for tools that want
.mo files; the repository keeps the .po files alone.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from posylka.entrypoints.web import catalogs, locales


def check() -> int:
    """Report stale catalogs and missing translations without touching the files."""
    problems = 0
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for language in locales.ALL:
            target = locales.catalog_path(language, copy)
            target.parent.mkdir(parents=True)
            target.write_bytes(locales.catalog_path(language).read_bytes())
        for path in catalogs.update(root=copy):
            print(f"stale: {path.relative_to(copy)} (run scripts/translations.py)")
            problems += 1
    for language in locales.ALL:
        if language is catalogs.SOURCE_LANGUAGE:
            continue
        catalog = catalogs.read(locales.catalog_path(language), language)
        for msgid in catalogs.untranslated(catalog):
            print(f"untranslated in {language.catalog}: {msgid!r}")
            problems += 1
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify, change nothing")
    parser.add_argument("--compile", action="store_true", help="also write .mo files")
    args = parser.parse_args()
    if args.check:
        return check()
    for path in catalogs.update():
        print(f"updated {path}")
    if args.compile:
        for language in locales.ALL:
            po = locales.catalog_path(language)
            mo = po.with_suffix(".mo")
            mo.write_bytes(catalogs.compile_mo(catalogs.read(po, language)))
            print(f"compiled {mo}")
    for language in locales.ALL:
        if language is catalogs.SOURCE_LANGUAGE:
            continue
        missing = catalogs.untranslated(catalogs.read(locales.catalog_path(language), language))
        if missing:
            print(f"{language.catalog}: {len(missing)} messages still need a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())

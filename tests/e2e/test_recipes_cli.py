"""``posylka recipes`` as a user runs it: export, preview, a refused import, an import that saves
version 1, and show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_session import Posylka

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(tmp_path: Path) -> Posylka:
    posylka = Posylka(tmp_path, tmp_path / "data")
    assert posylka.run("db", "upgrade").code == 0
    added = posylka.run(
        "store", "add", "--name", "Чайный дом", "--client-id", "123456",
        "--api-key", "key", "--base-url", "http://127.0.0.1:9",
    )  # fmt: skip
    assert added.code == 0, added
    return posylka


def test_exported_rules_import_back_as_version_one(cli: Posylka, tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    exported = cli.run("recipes", "export", str(path))
    assert exported.code == 0, exported
    assert cli.run("recipes", "preview", str(path)).code == 0
    imported = cli.run("recipes", "import", str(path), "--note", "from git")
    assert imported.code == 0, imported
    assert "as version 1 of store 'Чайный дом'" in imported.out
    assert "version 1:" in cli.run("recipes", "show").out


def test_a_refused_file_lists_its_problems_and_saves_nothing(cli: Posylka, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"name": "glassware", "when": ["glas"]}]), encoding="utf-8")
    refused = cli.run("recipes", "import", str(path))
    assert refused.code == 1
    assert "rule 'glassware', field 'when': names no product flag: 'glas'" in refused.err
    assert "built-in rules" in cli.run("recipes", "show").out

"""Each test gets a fresh database: a SQLite file always, a PostgreSQL schema too when
``POSYLKA_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from label_world import POSTGRES_URL, migrated_database
from sqlalchemy import Engine

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="POSYLKA_TEST_DATABASE_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with migrated_database(request.param, tmp_path) as database:
        yield database

"""A world per test: SQLite always, PostgreSQL too when ``POSYLKA_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.assembly.assembly_world import POSTGRES_URL, World, migrated

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
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with migrated(request.param, tmp_path) as engine:
        yield World(engine)

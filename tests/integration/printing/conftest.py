"""A migrated database per test for the print queue: SQLite always, PostgreSQL when
``POSYLKA_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.integration.db.conftest import BACKENDS, POSTGRES_URL, postgres_schema, sqlite_database

from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    database = (
        sqlite_database(tmp_path) if request.param == "sqlite" else postgres_schema(POSTGRES_URL)
    )
    with database as engine:
        upgrade(engine)
        yield engine


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine, ApiKeyCipher("printing test secret"))

"""A fresh database per test: a SQLite file always, and a PostgreSQL schema of its own when
``POSYLKA_TEST_DATABASE_URL`` is set (CI sets it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.scratch import scratch_schema
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher

POSTGRES_URL = os.environ.get("POSYLKA_TEST_DATABASE_URL", "")

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


@contextmanager
def sqlite_database(directory: Path) -> Iterator[Engine]:
    engine = create_engine_for(f"sqlite:///{(directory / 'posylka.db').as_posix()}")
    try:
        yield engine
    finally:
        engine.dispose()


def postgres_schema(url: str) -> AbstractContextManager[Engine]:
    """A schema of its own on the test server, first in the search path of every connection."""
    return scratch_schema(url, prefix="test")


@pytest.fixture(params=BACKENDS)
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables yet."""
    database = (
        sqlite_database(tmp_path) if request.param == "sqlite" else postgres_schema(POSTGRES_URL)
    )
    with database as engine:
        yield engine


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """A database migrated to the newest revision."""
    upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def cipher() -> ApiKeyCipher:
    return ApiKeyCipher("test secret key")


@pytest.fixture
def uow_factory(engine: Engine, cipher: ApiKeyCipher) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine, cipher)

"""The web app over a real database (a SQLite file per test), a fixed clock and a cheap argon2."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_samples import T0, FixedClock, add_user

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher, Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps

PASSWORD = "correct horse 1"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to the newest revision; each test starts from a copy of it."""
    path = tmp_path_factory.mktemp("template") / "posylka.db"
    engine = create_engine_for(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(tmp_path: Path, migrated_file: Path) -> Iterator[Engine]:
    path = tmp_path / "posylka.db"
    shutil.copyfile(migrated_file, path)
    engine = create_engine_for(sqlite_url(path))
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine, ApiKeyCipher("web test secret"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def hasher() -> Argon2PasswordHasher:
    # The real hasher with the smallest costs argon2 allows: same code path, fast tests.
    return Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def sync_requests() -> list[StoreId | None]:
    return []


@pytest.fixture
def deps(
    tmp_path: Path,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    hasher: Argon2PasswordHasher,
    sync_requests: list[StoreId | None],
) -> WebDeps:
    settings = Settings(data_dir=tmp_path, timezone="Europe/Moscow", default_language="en")
    return WebDeps(settings, uow, clock, hasher, sync_requests.append, reads=uow.reader())


@pytest.fixture
def app(deps: WebDeps) -> FastAPI:
    return create_app(deps)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def users(uow: SqlUnitOfWorkFactory, hasher: Argon2PasswordHasher, clock: FixedClock) -> None:
    """An admin, a Russian-speaking manager and a Chinese-speaking packer."""
    add_user(uow, hasher, clock, "admin", Role.ADMIN, "en", PASSWORD)
    add_user(uow, hasher, clock, "olga", Role.MANAGER, "ru", PASSWORD)
    add_user(uow, hasher, clock, "li.wei", Role.PACKER, "zh-CN", PASSWORD)


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_of(html: str) -> str:
    found = CSRF_META.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form like a browser; return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert reply.status_code == 303, reply.text
    return csrf_of(client.get("/account").text)


@pytest.fixture
def as_admin(client: TestClient, users: None) -> str:
    return log_in(client, "admin")


def at(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")

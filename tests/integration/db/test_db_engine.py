"""Opening the database: SQLite tuning, and one clear sentence for every way a setting is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import POSTGRES_URL
from sqlalchemy import text

from posylka.adapters.db.engine import check_database, create_engine_for, normalise_url
from posylka.domain.errors import ConfigurationError


def assert_one_sentence(message: str) -> None:
    assert "\n" not in message
    assert message.endswith(".")
    assert "Traceback" not in message


def test_sqlite_connections_use_wal_foreign_keys_a_busy_timeout_and_a_big_cache(
    tmp_path: Path,
) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'posylka.db'}")
    names = ("journal_mode", "foreign_keys", "busy_timeout", "synchronous", "cache_size")
    with engine.connect() as conn:
        pragmas = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
    engine.dispose()

    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 15000,
        "synchronous": 1,
        "cache_size": -16384,
    }


def test_sqlite_parent_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "var" / "data" / "posylka.db"

    engine = create_engine_for(f"sqlite:///{path}")
    check_database(engine)
    engine.dispose()

    assert path.exists()


def test_sqlite_path_under_a_file_fails_naming_the_directory_and_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")

    with pytest.raises(ConfigurationError) as failure:
        create_engine_for(f"sqlite:///{blocker / 'posylka.db'}")

    message = str(failure.value)
    assert str(blocker) in message
    assert "POSYLKA_DATABASE_URL" in message
    assert_one_sentence(message)


def test_sqlite_database_that_is_a_directory_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "posylka.db").mkdir()
    engine = create_engine_for(f"sqlite:///{tmp_path / 'posylka.db'}")

    with pytest.raises(ConfigurationError) as failure:
        check_database(engine)

    message = str(failure.value)
    assert "cannot be opened for writing" in message
    assert "POSYLKA_DATABASE_URL" in message
    assert_one_sentence(message)


def test_read_only_sqlite_database_fails_the_check(tmp_path: Path) -> None:
    path = tmp_path / "posylka.db"
    writable = create_engine_for(f"sqlite:///{path}")
    with writable.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    writable.dispose()
    engine = create_engine_for(f"sqlite:///file:{path}?mode=ro&uri=true")

    with pytest.raises(ConfigurationError) as failure:
        check_database(engine, setting="POSYLKA_DATA_DIR")

    message = str(failure.value)
    assert "readonly" in message
    assert "POSYLKA_DATA_DIR" in message
    assert_one_sentence(message)


def test_unreachable_postgres_server_fails_in_one_sentence_without_the_password() -> None:
    engine = create_engine_for("postgres://posylka:s3cret@127.0.0.1:1/posylka")

    with pytest.raises(ConfigurationError) as failure:
        check_database(engine)

    message = str(failure.value)
    assert "cannot be reached" in message
    assert "127.0.0.1:1" in message
    assert "POSYLKA_DATABASE_URL" in message
    assert "s3cret" not in message
    assert_one_sentence(message)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="POSYLKA_TEST_DATABASE_URL is not set")
def test_missing_postgres_database_is_named() -> None:
    url = normalise_url(POSTGRES_URL).set(database="posylka_no_such_database")
    engine = create_engine_for(url.render_as_string(hide_password=False))

    with pytest.raises(ConfigurationError) as failure:
        check_database(engine)

    message = str(failure.value)
    assert "'posylka_no_such_database' does not exist" in message
    assert_one_sentence(message)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="POSYLKA_TEST_DATABASE_URL is not set")
def test_reachable_postgres_database_passes_the_check() -> None:
    engine = create_engine_for(POSTGRES_URL)
    check_database(engine)
    engine.dispose()

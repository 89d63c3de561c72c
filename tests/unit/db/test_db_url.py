"""Database URLs: which are accepted, how they are normalised, and how failures are worded."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from posylka.adapters.db.engine import explain_connect_error, normalise_url
from posylka.domain.errors import ConfigurationError


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/posylka", "postgresql+psycopg://u:p@db:5432/posylka"),
        ("postgresql://u:p@db/posylka", "postgresql+psycopg://u:p@db/posylka"),
        ("postgresql+psycopg://u@db/posylka", "postgresql+psycopg://u@db/posylka"),
        ("sqlite:///var/posylka.db", "sqlite:///var/posylka.db"),
        ("  sqlite://  ", "sqlite://"),
    ],
)
def test_urls_are_normalised_to_the_shipped_drivers(given: str, expected: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "is empty"),
        ("not a url", "cannot be read"),
        ("postgresql://u@db:notaport/x", "cannot be read"),
        ("mysql://u@db/posylka", "'mysql'"),
        ("oracle+cx://u@db/posylka", "PostgreSQL (postgresql://...) or SQLite"),
    ],
)
def test_unusable_urls_are_refused_naming_the_setting(url: str, words: str) -> None:
    with pytest.raises(ConfigurationError) as failure:
        normalise_url(url, setting="POSYLKA_DATABASE_URL")

    message = str(failure.value)
    assert words in message
    assert "POSYLKA_DATABASE_URL" in message
    assert "\n" not in message


def failure_from(driver_error: Exception) -> OperationalError:
    return OperationalError("SELECT 1", {}, driver_error)


PG = make_url("postgresql+psycopg://shop:hunter2@db.internal:6432/posylka")


def test_wrong_password_is_named_with_the_user_and_not_the_password() -> None:
    error = failure_from(
        psycopg.errors.InvalidPassword('password authentication failed for "shop"')
    )

    message = str(explain_connect_error(error, PG, "POSYLKA_DATABASE_URL"))

    assert "rejected the password for user 'shop'" in message
    assert "hunter2" not in message
    assert message.endswith("check POSYLKA_DATABASE_URL.")


def test_missing_database_is_named() -> None:
    error = failure_from(psycopg.errors.InvalidCatalogName('database "posylka" does not exist'))

    message = str(explain_connect_error(error, PG, "POSYLKA_DATABASE_URL"))

    assert "the PostgreSQL database 'posylka' does not exist" in message


def test_unknown_host_is_named() -> None:
    error = failure_from(
        psycopg.OperationalError('failed to resolve host "db.internal": Name or service not known')
    )

    message = str(explain_connect_error(error, PG, "POSYLKA_DATABASE_URL"))

    assert "the PostgreSQL host 'db.internal' is unknown" in message


def test_refused_connection_names_host_and_port() -> None:
    error = failure_from(psycopg.OperationalError("connection refused\n\tIs the server running?"))

    message = str(explain_connect_error(error, PG, "POSYLKA_DATABASE_URL"))

    assert "at db.internal:6432 cannot be reached (connection refused)" in message
    assert "\n" not in message

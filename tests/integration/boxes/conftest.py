"""The database fixtures of the database tests (SQLite always, PostgreSQL when its URL is set)."""

from tests.integration.db.conftest import cipher, empty_engine, engine, uow_factory

__all__ = ["cipher", "empty_engine", "engine", "uow_factory"]

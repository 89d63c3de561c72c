"""The migrations build exactly the schema the code declares, and say where a database stands."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, inspect

from posylka.adapters.db import migrator
from posylka.adapters.db.tables import metadata


def schema_differences(engine: Engine, target: MetaData) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, target))


def test_migrated_schema_equals_the_declared_tables(engine: Engine) -> None:
    assert schema_differences(engine, metadata) == []


def test_comparison_reports_a_column_the_migrations_lack(engine: Engine) -> None:
    declared = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(declared)
    declared.tables["postings"].append_column(Column("packed_by", Integer))

    differences = schema_differences(engine, declared)

    assert [d[0] for d in differences if isinstance(d, tuple)] == ["add_column"]


def test_empty_database_has_no_revision_and_is_behind(empty_engine: Engine) -> None:
    assert migrator.current_revision(empty_engine) is None
    assert not migrator.is_up_to_date(empty_engine)


def test_upgrade_brings_the_database_to_the_newest_revision(empty_engine: Engine) -> None:
    migrator.upgrade(empty_engine)

    assert migrator.current_revision(empty_engine) == migrator.head_revision()
    assert migrator.is_up_to_date(empty_engine)
    assert {"postings", "posting_items", "stores", "users"} <= set(
        inspect(empty_engine).get_table_names()
    )


def test_upgrading_an_up_to_date_database_changes_nothing(engine: Engine) -> None:
    migrator.upgrade(engine)

    assert migrator.is_up_to_date(engine)
    assert schema_differences(engine, metadata) == []


def test_downgrade_to_base_removes_every_table(engine: Engine) -> None:
    migrator.downgrade(engine, "base")

    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert migrator.current_revision(engine) is None

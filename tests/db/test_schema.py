"""The schema that `upgrade head` builds: no drift from the models, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from tracker import schema
from tracker.models import Base
from tracker.search_index import FTS_TABLE, is_search_index_object
from tracker.store import Store


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    return not is_search_index_object(name, type_)


def test_upgrade_head_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _include, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_store_is_at_head_after_upgrade(store: Store) -> None:
    assert schema.current_revision(store) == schema.head_revision()
    schema.ensure_current(store)  # does not raise


def test_full_text_index_exists(store: Store) -> None:
    if store.is_sqlite:
        assert FTS_TABLE in inspect(store.engine).get_table_names()
    else:
        with store.engine.connect() as connection:
            names = connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'recommendations'")
            ).scalars()
            assert "ix_recommendations_text_search" in set(names)


def test_schema_head_constant_matches_the_scripts() -> None:
    assert schema.scripts_head() == schema.SCHEMA_HEAD

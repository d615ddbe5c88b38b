"""Alembic environment: runs on the engine rectrack hands over, or on the configured URL."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Engine, create_engine

from tracker.models import Base
from tracker.search_index import is_search_index_object

config = context.config
target_metadata = Base.metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """The full-text index (FTS5's table and its shadow tables, PostgreSQL's GIN index) is made
    by revision 0002, not by the models; Alembic's comparison must not see it as drift."""
    return not is_search_index_object(name, type_)


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    return create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")


def run_migrations() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()

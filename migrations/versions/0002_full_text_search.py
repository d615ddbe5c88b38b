"""Full-text search over recommendation texts.

SQLite: an FTS5 table with the `unicode61` tokenizer (so Cyrillic and accented text work),
kept in step by triggers. PostgreSQL: a GIN index on the `simple` text-search configuration.
Neither is a model: tracker/search_index.py names them, and migrations/env.py keeps them out
of Alembic's comparison.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = [
    """CREATE VIRTUAL TABLE recommendations_fts USING fts5(
        text, content='recommendations', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations BEGIN
        INSERT INTO recommendations_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations BEGIN
        INSERT INTO recommendations_fts(recommendations_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF text ON recommendations BEGIN
        INSERT INTO recommendations_fts(recommendations_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO recommendations_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO recommendations_fts(recommendations_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS recommendations_fts_update",
    "DROP TRIGGER IF EXISTS recommendations_fts_delete",
    "DROP TRIGGER IF EXISTS recommendations_fts_insert",
    "DROP TABLE IF EXISTS recommendations_fts",
]
POSTGRES_UPGRADE = [
    "CREATE INDEX ix_recommendations_text_search ON recommendations "
    "USING gin (to_tsvector('simple', text))",
]
POSTGRES_DOWNGRADE = ["DROP INDEX IF EXISTS ix_recommendations_text_search"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UPGRADE)
    elif dialect == "postgresql":
        _run(POSTGRES_UPGRADE)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWNGRADE)
    elif dialect == "postgresql":
        _run(POSTGRES_DOWNGRADE)

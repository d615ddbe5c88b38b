"""Matching's cache of each recommendation's normalised text.

Two nullable columns on `recommendations`: `match_tokens` (the normalised tokens joined by
spaces) and `match_digest` (a hash of the text rules and the text they were made from; see
tracker/matching/cache.py). Existing rows start empty: the next match run fills them in bulk.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recommendations") as batch:
        batch.add_column(sa.Column("match_tokens", sa.Text(), nullable=True))
        batch.add_column(sa.Column("match_digest", sa.String(length=16), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column in place (3.35+); batch mode would rebuild the table and lose
        # the full-text triggers of revision 0002.
        op.execute("ALTER TABLE recommendations DROP COLUMN match_digest")
        op.execute("ALTER TABLE recommendations DROP COLUMN match_tokens")
        return
    with op.batch_alter_table("recommendations") as batch:
        batch.drop_column("match_digest")
        batch.drop_column("match_tokens")

"""What the last complete match run of each report's country saw.

One nullable column on `reports`: `matched_inputs`, the digest of the matching inputs of the
report's country block (its recommendations' texts, topics, reports, election dates, and the
links between them) as the last match run that scored the whole country saw them, under the
configuration named by `matched_config` (revision 0004). A run finds the countries whose
digest or configuration differ and scores only those; NULL (existing reports, reports matched
by an import's run of their own) means the country is scored again by the next
`rectrack match`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("matched_inputs", sa.String(length=32), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): batch mode would rebuild the table, and with it every
        # foreign key that refers to it.
        op.execute("ALTER TABLE reports DROP COLUMN matched_inputs")
        return
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("matched_inputs")

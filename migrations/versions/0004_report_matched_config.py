"""Which matching configuration last covered each report.

One nullable column on `reports`: `matched_config`, the fingerprint of the matching
configuration of the last match run that covered the report (NULL: never matched). A report
whose value is NULL or another configuration's fingerprint counts as unmatched (`rectrack info`,
the TUI's overview), and `rectrack match` covers it.

Existing reports start NULL, i.e. unmatched, even in a store that was matched before: nothing
in an older store tells a matched report from one whose matching failed after its import
committed or that came in with `--no-match` (exactly the reports this column is for), and a
guess from the links would hide those. One `rectrack match` sets them all.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("matched_config", sa.String(length=32), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): batch mode would rebuild the table, and with it every
        # foreign key that refers to it.
        op.execute("ALTER TABLE reports DROP COLUMN matched_config")
        return
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("matched_config")

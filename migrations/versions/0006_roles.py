"""The team's roles on PostgreSQL: reader, reviewer, editor, admin (see tracker/roles.py).

Creates the database's four roles once (`<database>_reader` and so on, each including the one
before it, refusing a role of such a name that rectrack did not make), makes the one who runs
`rectrack init` the first admin, hands the tables to the admin role and grants the others what
they may do (`tracker.repositories.roles.apply_grants`), and guards the history: append-only
for every role, each entry written by the login it names.

A later revision that adds a table or a sequence runs `apply_grants` again (it is idempotent).
On SQLite there is nothing to do: the file's permissions are its access control.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

from alembic import op

from tracker.repositories import roles as repository
from tracker.roles import NotPermitted, Role

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    login = repository.current_login(bind)
    installed = repository.roles_installed(bind, login.database)
    admin = installed and repository.held_role(bind, login.name, login.database) is Role.ADMIN
    if not (login.superuser or login.can_create_roles or admin):
        raise NotPermitted(
            f"the first `rectrack init` of a store on database {login.database} creates its "
            f"roles or makes its owner their admin, and the login {login.name} may do neither: "
            "run it as the database's owner with CREATEROLE (`ALTER ROLE ... CREATEROLE` by a "
            "superuser; see README, 'Run for a team')"
        )
    repository.create_roles(bind, login)
    repository.apply_grants(bind, login)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The roles stay: they are the server's, and other stores of this database may use them.
    repository.remove_guard(bind, repository.current_login(bind).schema)

"""PostgreSQL roles and grants: the SQL behind `tracker.roles` (PostgreSQL only).

Functions take a Session or a Connection (revision 0006 runs them on Alembic's connection) and
never commit. Role names are quoted as identifiers wherever they are spliced into DDL (GRANT and
CREATE ROLE take no bound parameters); the names compared in queries are bound.

What each role may do, table by table (revision 0006, `apply_grants`):

| table | reader | reviewer | editor | admin |
| --- | --- | --- | --- | --- |
| every table | SELECT | SELECT | SELECT | owner |
| links, assessments, recommendation_topics | | INSERT, UPDATE, DELETE | ... | ... |
| recommendations | | UPDATE | INSERT, UPDATE, DELETE | ... |
| elections, reports, topics and any other data table | | | INSERT, UPDATE, DELETE | ... |
| history | | INSERT | INSERT | INSERT |
| alembic_version | | | | owner |

History is append-only for every role, the admin (the tables' owner) included: no UPDATE,
DELETE or TRUNCATE is granted, and a trigger refuses them besides, so that even the owner
cannot rewrite it without first dropping the trigger by hand. The same trigger checks each new
entry's author: the database login (`session_user`), `<name> (recorded by <login>)` for an
admin recording on another's behalf, `matcher` for an editor's match run; a superuser, whom no
grant binds, is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from tracker.errors import NotPermitted
from tracker.identity import MATCHER_ACTOR
from tracker.roles import ON_BEHALF, Role, role_comment, role_names

Executor = Connection | Session

HISTORY_TABLE = "history"
VERSION_TABLE = "alembic_version"
GUARD_FUNCTION = "rectrack_history_guard"
# Reviewers decide, assess, edit, split, merge and undo those: these tables and no others.
REVIEWER_WRITES: dict[str, tuple[str, ...]] = {
    "links": ("INSERT", "UPDATE", "DELETE"),
    "assessments": ("INSERT", "UPDATE", "DELETE"),
    "recommendation_topics": ("INSERT", "DELETE"),
    "recommendations": ("UPDATE",),
}
WRITES = ("INSERT", "UPDATE", "DELETE")


def _ident(executor: Executor, name: str) -> str:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    return bind.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Login:
    name: str
    superuser: bool
    can_create_roles: bool
    database: str
    schema: str


def current_login(executor: Executor) -> Login:
    row = executor.execute(
        text(
            "SELECT session_user, r.rolsuper, r.rolcreaterole, current_database(), "
            "current_schema() FROM pg_roles r WHERE r.rolname = session_user"
        )
    ).one()
    return Login(str(row[0]), bool(row[1]), bool(row[2]), str(row[3]), str(row[4] or "public"))


def role_comments(executor: Executor, names: list[str]) -> dict[str, str | None]:
    """The roles of these names that exist, with their comments."""
    rows = executor.execute(
        text(
            "SELECT r.rolname, shobj_description(r.oid, 'pg_authid') FROM pg_roles r "
            "WHERE r.rolname = ANY(:names)"
        ),
        {"names": names},
    ).all()
    return {str(name): (None if comment is None else str(comment)) for name, comment in rows}


def roles_installed(executor: Executor, database: str) -> bool:
    names = role_names(database)
    return len(role_comments(executor, list(names.values()))) == len(names)


def held_role(executor: Executor, login: str, database: str) -> Role | None:
    """The highest role `login` has (through membership, as its privileges do), or None."""
    names = role_names(database)
    rows = executor.execute(
        text(
            "SELECT r.rolname FROM pg_roles r WHERE r.rolname = ANY(:names) "
            "AND pg_has_role(:login, r.oid, 'USAGE')"
        ),
        {"names": list(names.values()), "login": login},
    ).all()
    found = {str(row[0]) for row in rows}
    held = [role for role, name in names.items() if name in found]
    return max(held, key=lambda role: role.rank) if held else None


def is_login(executor: Executor, name: str) -> tuple[bool, bool] | None:
    """(can log in, is superuser) for an existing role, None where there is none."""
    row = executor.execute(
        text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :name"), {"name": name}
    ).one_or_none()
    return None if row is None else (bool(row[0]), bool(row[1]))


def direct_roles(executor: Executor, login: str, database: str) -> list[Role]:
    """The store's roles granted to `login` itself (not through another role)."""
    names = role_names(database)
    rows = executor.execute(
        text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login "
            "AND g.rolname = ANY(:names)"
        ),
        {"login": login, "names": list(names.values())},
    ).all()
    found = {str(row[0]) for row in rows}
    return [role for role, name in names.items() if name in found]


def members(executor: Executor, database: str) -> list[tuple[str, Role, bool]]:
    """(login, role, superuser) for every role that is granted one of the store's roles
    directly, leaving out the store's own roles (each is a member of the next one down)."""
    names = role_names(database)
    by_name = {name: role for role, name in names.items()}
    rows = executor.execute(
        text(
            "SELECT u.rolname, g.rolname, u.rolsuper FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
            "WHERE g.rolname = ANY(:names) AND NOT (u.rolname = ANY(:names)) "
            "ORDER BY u.rolname"
        ),
        {"names": list(names.values())},
    ).all()
    return [(str(user), by_name[str(group)], bool(superuser)) for user, group, superuser in rows]


def grant_role(executor: Executor, login: str, role: Role, database: str) -> None:
    """Grant `login` the store's `role`; an admin may grant roles to others in turn."""
    name = role_names(database)[role]
    option = " WITH ADMIN OPTION" if role is Role.ADMIN else ""
    executor.execute(text(f"GRANT {_ident(executor, name)} TO {_ident(executor, login)}{option}"))


def revoke_role(executor: Executor, login: str, role: Role, database: str) -> None:
    name = role_names(database)[role]
    executor.execute(text(f"REVOKE {_ident(executor, name)} FROM {_ident(executor, login)}"))


# -- what revision 0006 does -------------------------------------------------------------------


def create_roles(executor: Executor, login: Login) -> None:
    """The store's four roles, each including the one below, made once (idempotent). A role of
    one of these names that rectrack did not make for this database is refused, not adopted."""
    names = role_names(login.database)
    existing = role_comments(executor, list(names.values()))
    for role, name in names.items():
        comment = role_comment(login.database, role)
        if name in existing:
            if existing[name] != comment:
                raise NotPermitted(
                    f"a role named {name} exists but rectrack did not make it for database "
                    f"{login.database}: rename or drop it, then run `rectrack init` again"
                )
            continue
        quoted = _ident(executor, name)
        executor.execute(text(f"CREATE ROLE {quoted} NOLOGIN INHERIT"))
        executor.execute(text(f"COMMENT ON ROLE {quoted} IS {_literal(comment)}"))
    ladder = list(Role)
    for lower, higher in pairwise(ladder):
        # The group roles INHERIT, so that a login's privileges follow the whole chain.
        executor.execute(
            text(f"GRANT {_ident(executor, names[lower])} TO {_ident(executor, names[higher])}")
        )
    admin = _ident(executor, names[Role.ADMIN])
    for role in (Role.READER, Role.REVIEWER, Role.EDITOR):
        executor.execute(
            text(f"GRANT {_ident(executor, names[role])} TO {admin} WITH ADMIN OPTION")
        )
    if not login.superuser and held_role(executor, login.name, login.database) is not Role.ADMIN:
        # Whoever runs `init` is the first admin, able to grant the others theirs; and must be
        # a member of the admin role to hand it the tables.
        executor.execute(text(f"GRANT {admin} TO {_ident(executor, login.name)} WITH ADMIN OPTION"))


def _tables(executor: Executor, schema: str) -> list[str]:
    rows = executor.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        ),
        {"schema": schema},
    ).all()
    return [str(row[0]) for row in rows]


def _sequences(executor: Executor, schema: str) -> dict[str, str | None]:
    """Each sequence of the schema, with the table it belongs to (an identity or serial)."""
    rows = executor.execute(
        text(
            "SELECT s.relname, t.relname FROM pg_class s "
            "JOIN pg_namespace n ON n.oid = s.relnamespace "
            "LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
            "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "LEFT JOIN pg_class t ON t.oid = d.refobjid "
            "WHERE n.nspname = :schema AND s.relkind = 'S' ORDER BY s.relname"
        ),
        {"schema": schema},
    ).all()
    return {str(name): (None if table is None else str(table)) for name, table in rows}


def apply_grants(executor: Executor, login: Login) -> None:
    """Hand the schema's tables and sequences to the admin role and grant the others what they
    may do (the table in this module's docstring), then guard the history. Idempotent: a later
    revision that adds a table runs it again."""
    names = role_names(login.database)
    q = {role: _ident(executor, name) for role, name in names.items()}
    schema = _ident(executor, login.schema)
    executor.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {q[Role.READER]}"))
    # The admin role owns the tables (so that any admin can upgrade them), and an owner needs
    # CREATE on their schema.
    executor.execute(text(f"GRANT CREATE ON SCHEMA {schema} TO {q[Role.ADMIN]}"))
    tables = _tables(executor, login.schema)
    for table in tables:
        target = f"{schema}.{_ident(executor, table)}"
        executor.execute(text(f"ALTER TABLE {target} OWNER TO {q[Role.ADMIN]}"))
        executor.execute(text(f"REVOKE ALL ON {target} FROM PUBLIC"))
        for role in (Role.READER, Role.REVIEWER, Role.EDITOR):
            executor.execute(text(f"REVOKE ALL ON {target} FROM {q[role]}"))
        executor.execute(text(f"GRANT SELECT ON {target} TO {q[Role.READER]}"))
        if table == VERSION_TABLE:
            continue
        if table == HISTORY_TABLE:
            executor.execute(text(f"GRANT INSERT ON {target} TO {q[Role.REVIEWER]}"))
            executor.execute(
                text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {target} FROM {q[Role.ADMIN]}")
            )
            continue
        reviewer = REVIEWER_WRITES.get(table)
        if reviewer:
            granted = ", ".join(reviewer)
            executor.execute(text(f"GRANT {granted} ON {target} TO {q[Role.REVIEWER]}"))
        executor.execute(text(f"GRANT {', '.join(WRITES)} ON {target} TO {q[Role.EDITOR]}"))
    for sequence, owner in _sequences(executor, login.schema).items():
        target = f"{schema}.{_ident(executor, sequence)}"
        if owner is None:  # a serial's or identity's sequence goes with its table
            executor.execute(text(f"ALTER SEQUENCE {target} OWNER TO {q[Role.ADMIN]}"))
        executor.execute(text(f"REVOKE ALL ON SEQUENCE {target} FROM PUBLIC"))
        executor.execute(text(f"GRANT SELECT ON SEQUENCE {target} TO {q[Role.READER]}"))
        inserters = Role.REVIEWER if owner in (*REVIEWER_WRITES, HISTORY_TABLE) else Role.EDITOR
        executor.execute(text(f"GRANT USAGE ON SEQUENCE {target} TO {q[inserters]}"))
    if HISTORY_TABLE in tables:
        guard_history(executor, login)


def guard_history(executor: Executor, login: Login) -> None:
    names = role_names(login.database)
    schema = _ident(executor, login.schema)
    function = f"{schema}.{_ident(executor, GUARD_FUNCTION)}"
    table = f"{schema}.{_ident(executor, HISTORY_TABLE)}"
    suffix_template = ON_BEHALF.format(login="%s")
    prefix, _, rest = suffix_template.partition("%s")
    executor.execute(
        text(
            f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {schema} AS $guard$
DECLARE
    login text := session_user;
    own_suffix text := {_literal(prefix)} || session_user || {_literal(rest)};
    is_admin boolean := pg_has_role(session_user, {_literal(names[Role.ADMIN])}, 'USAGE');
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'the history is append-only: % is refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = login) THEN
        RETURN NEW;
    END IF;
    IF NOT (
        NEW.actor = login
        OR (NEW.actor = {_literal(MATCHER_ACTOR)}
            AND pg_has_role(login, {_literal(names[Role.EDITOR])}, 'USAGE'))
        OR (is_admin AND length(NEW.actor) > length(own_suffix)
            AND right(NEW.actor, length(own_suffix)) = own_suffix)
    ) THEN
        RAISE EXCEPTION 'a history entry names its author: % may not record as %',
            login, NEW.actor USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.reverts IS NOT NULL AND NOT is_admin AND EXISTS (
        SELECT 1 FROM {table} h WHERE h.batch = NEW.reverts AND h.actor <> login
    ) THEN
        RAISE EXCEPTION 'only an admin may undo what another login did'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$guard$
"""
        )
    )
    executor.execute(
        text(f"ALTER FUNCTION {function}() OWNER TO {_ident(executor, names[Role.ADMIN])}")
    )
    executor.execute(text(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC"))
    executor.execute(text(f"DROP TRIGGER IF EXISTS history_guard_rows ON {table}"))
    executor.execute(text(f"DROP TRIGGER IF EXISTS history_guard_truncate ON {table}"))
    executor.execute(
        text(
            f"CREATE TRIGGER history_guard_rows BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    )
    executor.execute(
        text(
            f"CREATE TRIGGER history_guard_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    )


def remove_guard(executor: Executor, schema: str) -> None:
    quoted = _ident(executor, schema)
    table = f"{quoted}.{_ident(executor, HISTORY_TABLE)}"
    executor.execute(text(f"DROP TRIGGER IF EXISTS history_guard_rows ON {table}"))
    executor.execute(text(f"DROP TRIGGER IF EXISTS history_guard_truncate ON {table}"))
    executor.execute(text(f"DROP FUNCTION IF EXISTS {quoted}.{_ident(executor, GUARD_FUNCTION)}()"))


def version_readable(executor: Executor) -> bool | None:
    """Whether this login may read the schema's revision; None where there is no schema."""
    value = executor.execute(
        text(
            "SELECT CASE WHEN to_regclass('alembic_version') IS NULL THEN NULL "
            "ELSE has_table_privilege('alembic_version', 'SELECT') END"
        )
    ).scalar()
    return None if value is None else bool(value)


def fresh_schema(executor: Executor) -> bool:
    """Whether the login may create the store in its current schema, which holds none yet."""
    value = executor.execute(
        text(
            "SELECT current_schema() IS NOT NULL "
            "AND has_schema_privilege(current_schema(), 'CREATE') "
            "AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relname = 'alembic_version')"
        )
    ).scalar()
    return bool(value)

"""Roles on a shared PostgreSQL store: who is logged in and with what role, the early refusal
of a command the role does not allow, and granting, revoking and listing roles.

The database enforces the roles (tracker.repositories.roles); these checks only refuse early and
clearly. On SQLite there are no logins: every check passes and `grant`, `revoke` and `roles`
refuse (the file's permissions are the access control there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracker.errors import InvalidInput, NotFound, NotPermitted
from tracker.repositories import roles as repository
from tracker.roles import (
    SQLITE_REFUSAL,
    Role,
    no_role,
    refusal,
    required_role,
    role_names,
    what,
)
from tracker.store import Store


@dataclass(frozen=True)
class LoginStatus:
    """Who is logged in and what they may do. On SQLite `enforced` is False: anyone who can
    open the file may do everything, and the history records the name they give."""

    enforced: bool
    login: str | None = None
    role: Role | None = None
    superuser: bool = False
    database: str | None = None

    def allows(self, needed: Role) -> bool:
        if not self.enforced or self.superuser:
            return True
        return self.role is not None and self.role.includes(needed)

    @property
    def may_record_for_others(self) -> bool:
        """Only an admin may write the history on another's behalf (both names kept)."""
        return self.allows(Role.ADMIN)

    @property
    def label(self) -> str:
        """`alice (reviewer)`, for the TUI's header and `rectrack roles`."""
        if not self.enforced or self.login is None:
            return ""
        held = "superuser" if self.superuser else (self.role.value if self.role else "no role")
        return f"{self.login} ({held})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "role": self.role.value if self.role else None,
            "superuser": self.superuser,
        }


UNENFORCED = LoginStatus(enforced=False)


def login_status(store: Store) -> LoginStatus:
    """Who is logged in, with the highest role they hold. A store whose roles do not exist yet
    (a schema before revision 0006, or none) is not enforced: `ensure_current` names that."""
    if store.is_sqlite:
        return UNENFORCED
    with store.read() as session:
        login = repository.current_login(session)
        if not repository.roles_installed(session, login.database):
            return UNENFORCED
        held = repository.held_role(session, login.name, login.database)
    return LoginStatus(
        enforced=True,
        login=login.name,
        role=held,
        superuser=login.superuser,
        database=login.database,
    )


def check_can_open(store: Store) -> LoginStatus:
    """Refuse a login that has no role on this store (before anything else is said about the
    store: without a role it cannot even read the schema's revision)."""
    status = login_status(store)
    if status.enforced and status.role is None and not status.superuser:
        assert status.login is not None and status.database is not None
        raise no_role(status.login, status.database)
    return status


def unreadable_schema(store: Store) -> str | None:
    """Where the store's schema exists but this login may not read it (roles not in place yet):
    the message to give instead of "no schema yet"."""
    if store.is_sqlite:
        return None
    with store.read() as session:
        login = repository.current_login(session)
        if repository.version_readable(session) is False:
            return (
                f"the login {login.name} may not read the store at {store.display_url}: "
                "ask its owner to run `rectrack init` and grant you a role"
            )
    return None


def require(store: Store, command: str, params: Mapping[str, Any] | None = None) -> LoginStatus:
    """The login's status, or NotPermitted where its role does not allow `command` (a login
    with no role may run none)."""
    status = login_status(store)
    if not status.enforced:
        return status
    assert status.login is not None
    needed = required_role(command, params or {}, status.login) or Role.READER
    if not status.allows(needed):
        raise refusal(what(command, params or {}), needed, status.login, status.role)
    return status


def require_for_init(store: Store) -> LoginStatus:
    """`init` upgrades a store's schema: an admin's job. The first `init` of a schema (no
    revision table yet) is its owner's, who becomes its first admin (revision 0006), even where
    another store of the database made the roles already."""
    if store.is_sqlite:
        return UNENFORCED
    with store.read() as session:
        fresh = repository.fresh_schema(session)
    return login_status(store) if fresh else require(store, "init")


def _enforced(store: Store, command: str) -> LoginStatus:
    if store.is_sqlite:
        raise InvalidInput(SQLITE_REFUSAL.format(command=command))
    status = require(store, command)
    if not status.enforced:
        raise NotPermitted(
            f"the store at {store.display_url} has no roles yet: run `rectrack init` as its owner"
        )
    return status


@dataclass(frozen=True)
class RoleChange:
    login: str
    role: Role | None
    previous: tuple[Role, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "role": self.role.value if self.role else None,
            "previous": [role.value for role in self.previous],
        }


def _target(store: Store, status: LoginStatus, login: str, command: str) -> None:
    assert status.database is not None
    if not login.strip():
        raise InvalidInput(f"{command}: the LOGIN is empty")
    if login == status.login:
        raise NotPermitted(
            f"{login} is you: an admin does not change their own role (ask another admin)"
        )
    if login in role_names(status.database).values():
        raise InvalidInput(f"{login} is one of the store's roles, not a login")
    with store.read() as session:
        found = repository.is_login(session, login)
    if found is None:
        raise NotFound(
            f"there is no PostgreSQL login {login}: create it first "
            f"(`createuser {login}` as a superuser; see README, 'Run for a team')"
        )
    if not found[0]:
        raise InvalidInput(f"{login} is a PostgreSQL role that cannot log in, not a login")


def grant(store: Store, login: str, role: Role) -> RoleChange:
    """Give `login` exactly `role` on this store (replacing the one it had)."""
    status = _enforced(store, "grant")
    _target(store, status, login, "grant")
    assert status.database is not None
    with store.transaction() as session:
        previous = repository.direct_roles(session, login, status.database)
        for held in previous:
            if held is not role:
                repository.revoke_role(session, login, held, status.database)
        if role not in previous:
            repository.grant_role(session, login, role, status.database)
    return RoleChange(login=login, role=role, previous=tuple(previous))


def revoke(store: Store, login: str) -> RoleChange:
    """Take every role on this store from `login`."""
    status = _enforced(store, "revoke")
    _target(store, status, login, "revoke")
    assert status.database is not None
    with store.transaction() as session:
        previous = repository.direct_roles(session, login, status.database)
        for held in previous:
            repository.revoke_role(session, login, held, status.database)
    return RoleChange(login=login, role=None, previous=tuple(previous))


@dataclass(frozen=True)
class Member:
    login: str
    role: Role
    superuser: bool

    def as_dict(self) -> dict[str, Any]:
        return {"login": self.login, "role": self.role.value, "superuser": self.superuser}


@dataclass(frozen=True)
class RolesListing:
    database: str
    you: LoginStatus
    roles: dict[Role, str]
    members: tuple[Member, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "you": self.you.as_dict(),
            "roles": {role.value: name for role, name in self.roles.items()},
            "members": [member.as_dict() for member in self.members],
        }


def list_roles(store: Store) -> RolesListing:
    """Every login granted one of the store's roles (its highest), by name."""
    status = _enforced(store, "roles")
    assert status.database is not None
    with store.read() as session:
        rows = repository.members(session, status.database)
    best: dict[str, Member] = {}
    for login, role, superuser in rows:
        held = best.get(login)
        if held is None or role.rank > held.role.rank:
            best[login] = Member(login, role, superuser)
    return RolesListing(
        database=status.database,
        you=status,
        roles=role_names(status.database),
        members=tuple(best[name] for name in sorted(best)),
    )

"""Who may do what on a shared PostgreSQL store: the four roles, and which command needs which.

The roles are PostgreSQL roles, so that the database itself enforces them, also against a login
that bypasses rectrack with plain SQL (revision 0006 creates them and grants them the tables):

- reader: reads everything, writes nothing;
- reviewer: also decides proposals, assesses, edits texts and topics, splits and merges, and
  undoes its own actions;
- editor: also imports, matches, exports, and extracts with `--import`;
- admin: also grants and revokes roles and runs `rectrack init`.

Each includes the one before it. Roles in PostgreSQL belong to the whole server, not to one
database, so that each database's roles carry its name (`<database>_reader`, ...): a login
granted a role on one store gains nothing on another store of the same server.

rectrack checks the role only to refuse early and clearly; the grants are the enforcement. On
SQLite there are no roles: the file's permissions are the access control.

This module is pure: names, the ladder, the command table and the messages. The SQL is in
`tracker.repositories.roles`, the use cases in `tracker.services.roles`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from enum import Enum
from typing import Any

from tracker.errors import NotPermitted

NOT_PERMITTED_EXIT = NotPermitted.exit_code
MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1
ROLE_COMMENT = "rectrack {kind} role of database {database}"
ON_BEHALF = " (recorded by {login})"


class Role(Enum):
    """The four roles, lowest first; each includes the ones before it."""

    READER = "reader"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank

    @property
    def article(self) -> str:
        return "an" if self.value[0] in "aeiou" else "a"

    @classmethod
    def parse(cls, value: str) -> Role:
        for role in cls:
            if role.value == value.strip().lower():
                return role
        names = ", ".join(role.value for role in cls)
        raise NotPermitted(f"unknown role {value!r}: one of {names}")


def role_name(database: str, role: Role) -> str:
    """The PostgreSQL role that stands for `role` on `database`: `<database>_<role>`, shortened
    with a hash of the database's name where that would pass PostgreSQL's 63 bytes."""
    name = f"{database}_{role.value}"
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:10]
    head = database.encode()[: MAX_IDENTIFIER - len(role.value) - len(digest) - 2]
    return f"{head.decode(errors='ignore')}_{digest}_{role.value}"


def role_names(database: str) -> dict[Role, str]:
    return {role: role_name(database, role) for role in Role}


def role_comment(database: str, role: Role) -> str:
    """The comment that marks a role as rectrack's own: a role of that name that lacks it was
    made by someone else, and rectrack refuses to hand it the store."""
    return ROLE_COMMENT.format(kind=role.value, database=database)


# The role each command needs; a command missing here needs no role (it does not open a
# store: `demo` builds its own SQLite file). `required_role` refines a few by their options.
COMMAND_ROLES: dict[str, Role] = {
    "info": Role.READER,
    "thread": Role.READER,
    "flags": Role.READER,
    "status": Role.READER,
    "history": Role.READER,
    "report": Role.READER,
    "proposals": Role.READER,
    "review": Role.READER,
    "roles": Role.READER,
    "extract": Role.READER,
    "eval-matching": Role.READER,
    "decide": Role.REVIEWER,
    "assess": Role.REVIEWER,
    "undo": Role.REVIEWER,
    "split": Role.REVIEWER,
    "merge": Role.REVIEWER,
    "edit": Role.REVIEWER,
    "import": Role.EDITOR,
    "export": Role.EDITOR,
    "match": Role.EDITOR,
    "init": Role.ADMIN,
    "grant": Role.ADMIN,
    "revoke": Role.ADMIN,
}


def required_role(command: str, params: Mapping[str, Any], login: str) -> Role | None:
    """The role `command` needs with these options, for `login`: `extract --import` needs an
    editor, `undo --by` someone else an admin."""
    if command == "extract" and params.get("and_import"):
        return Role.EDITOR
    if command == "undo" and params.get("by") not in (None, "", login):
        return Role.ADMIN
    return COMMAND_ROLES.get(command)


def what(command: str, params: Mapping[str, Any]) -> str:
    """The command as the refusal names it."""
    if command == "extract" and params.get("and_import"):
        return "extract --import"
    if command == "undo" and params.get("by"):
        return "undo --by another person"
    return command


def refusal(command: str, needed: Role, login: str, held: Role | None) -> NotPermitted:
    """`assess needs the reviewer role; alice is a reader: ask an admin to run ...`."""
    who = f"{login} is {held.article} {held.value}" if held else f"{login} has no rectrack role"
    return NotPermitted(
        f"{command} needs the {needed.value} role; {who}: ask an admin to run "
        f"`rectrack grant {login} --role {needed.value}`"
    )


def no_role(login: str, database: str) -> NotPermitted:
    return NotPermitted(
        f"the login {login} has no rectrack role on database {database}: ask an admin to run "
        f"`rectrack grant {login} --role reader` (or reviewer, editor, admin)"
    )


def on_behalf(named: str, login: str) -> str:
    """The history's actor when an admin records on another's behalf: both names."""
    return named + ON_BEHALF.format(login=login)


SQLITE_REFUSAL = (
    "{command} works on PostgreSQL only: an SQLite store has no logins or roles, its file's "
    "permissions are the access control (see README, 'Run for a team')"
)

"""`rectrack grant`, `rectrack revoke` and `rectrack roles`: who may do what on a shared
PostgreSQL store (tracker/roles.py). On SQLite they refuse: the file's permissions decide."""

from __future__ import annotations

import click

from tracker.cli.common import json_option, opened_store, print_json, safe, stdout
from tracker.roles import Role
from tracker.services import roles

ROLE_CHOICE = click.Choice([role.value for role in Role])


@click.command()
@click.argument("login")
@click.option(
    "--role",
    "role",
    type=ROLE_CHOICE,
    required=True,
    help="reader, reviewer (also decides, assesses, edits), editor (also imports, matches, "
    "exports) or admin (also grants and runs init).",
)
@json_option
def grant(login: str, role: str, as_json: bool) -> None:
    """Give the PostgreSQL login LOGIN a role on this store, replacing the one it had
    (admins only; PostgreSQL stores only). Create the login first, as a superuser."""
    with opened_store() as store:
        change = roles.grant(store, login, Role.parse(role))
    if as_json:
        print_json(change.as_dict())
        return
    before = ", ".join(held.value for held in change.previous) or "no role"
    stdout.print(f"{safe(login)} is now {Role.parse(role).value} (was {before}).")


@click.command()
@click.argument("login")
@json_option
def revoke(login: str, as_json: bool) -> None:
    """Take every role on this store from the PostgreSQL login LOGIN (admins only;
    PostgreSQL stores only). The login itself stays; the history keeps its name."""
    with opened_store() as store:
        change = roles.revoke(store, login)
    if as_json:
        print_json(change.as_dict())
        return
    if not change.previous:
        stdout.print(f"{safe(login)} had no role on this store; nothing changed.")
        return
    before = ", ".join(held.value for held in change.previous)
    stdout.print(f"{safe(login)} has no role on this store any more (was {before}).")


@click.command(name="roles")
@json_option
def roles_command(as_json: bool) -> None:
    """Who has which role on this store, and who you are (PostgreSQL stores only)."""
    with opened_store() as store:
        listing = roles.list_roles(store)
    if as_json:
        print_json(listing.as_dict())
        return
    stdout.print(f"You are {safe(listing.you.label)} on database {safe(listing.database)}.")
    if not listing.members:
        stdout.print("No login has a role yet: `rectrack grant LOGIN --role ROLE`.")
        return
    width = max(len(member.login) for member in listing.members)
    for member in listing.members:
        note = "  (superuser: not bound by roles)" if member.superuser else ""
        stdout.print(f"{safe(member.login.ljust(width))}  {member.role.value}{note}")

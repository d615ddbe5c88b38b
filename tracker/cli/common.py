"""What every command shares: the global options, output to the terminal, JSON output.

With `--json` a command prints exactly one JSON object on stdout; everything else a command
says (progress, warnings) goes to stderr. Text from the store is escaped before Rich renders it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from tracker.errors import ImportConflict, ImportFailed, InvalidInput
from tracker.identity import resolve_actor, resolve_reviewer
from tracker.importing.issues import ImportIssue
from tracker.services import roles
from tracker.services.admin import open_store
from tracker.services.roles import LoginStatus
from tracker.store import Store

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def json_option(function: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object on stdout, nothing else."
    )(function)


@dataclass
class CliState:
    db_url: str | None = None
    reviewer: str | None = None
    # Who is logged in, once `opened_store` has opened the store (PostgreSQL's roles).
    login: LoginStatus | None = None

    @property
    def actor(self) -> str:
        """The history's actor: on PostgreSQL with roles, the database login (an admin may
        name another, and both are kept); elsewhere `--reviewer`, `RECTRACK_REVIEWER`, login."""
        login = self.login
        if login is not None and login.enforced and login.login is not None:
            return resolve_actor(
                self.reviewer, login.login, may_act_for_others=login.may_record_for_others
            )
        return resolve_reviewer(self.reviewer)


def state() -> CliState:
    ctx = click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


@contextmanager
def opened_store() -> Iterator[Store]:
    """The configured store, checked to be at the current schema revision, and (on
    PostgreSQL) to let the login run the current command: refused before it starts otherwise,
    naming the role it needs."""
    ctx = click.get_current_context()
    current = state()
    store = open_store(current.db_url)
    try:
        current.login = roles.require(store, ctx.info_name or "", ctx.params)
        current.actor  # noqa: B018 - a name the login may not use is refused before any work
        yield store
    finally:
        store.dispose()


def print_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def counted(number: int, noun: str) -> str:
    """'1 file', '2 files', '1,204 recommendations' (nouns with a plain -s plural)."""
    return f"{number:,} {noun if number == 1 else noun + 's'}"


def safe(text: object) -> str:
    """Text from outside, made safe to embed in Rich markup."""
    return escape(str(text))


def print_issues(exc: ImportFailed | ImportConflict, as_json: bool) -> None:
    """One line per issue on stderr (or the JSON object on stdout); the caller re-raises, and
    the entry point prints the count and exits with the error's status."""
    if as_json:
        exc.reported_as_json = True
        print_json(
            {
                "ok": False,
                "error": "conflicts" if isinstance(exc, ImportConflict) else "invalid",
                "message": exc.message,
                "issues": [issue.as_dict() for issue in exc.issues],
            }
        )
        return
    print_listed(exc.issues)


MAX_LISTED = 200
"""Problems that human output lists one per line; the rest are counted (`--json` has all)."""


def print_listed(issues: Sequence[ImportIssue], prefix: str = "") -> None:
    """One line per issue on stderr, at most MAX_LISTED of them, then how many more there are
    and in how many files: a file with 50,000 bad keys must not bury the terminal."""
    for issue in issues[:MAX_LISTED]:
        stderr.print(prefix + str(issue), markup=False, highlight=False)
    rest = issues[MAX_LISTED:]
    if rest:
        files = len({issue.file for issue in rest})
        stderr.print(
            f"... and {len(rest):,} more ({counted(files, 'file')}; --json lists them all)",
            markup=False,
            highlight=False,
        )


def parse_as_of(value: str | None) -> dt.date | None:
    """An `--as-of` value: an ISO date, or None where it was not given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None

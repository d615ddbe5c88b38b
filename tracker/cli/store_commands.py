"""`rectrack init` and `rectrack info`."""

from __future__ import annotations

import click

from tracker.cli.common import (
    counted,
    json_option,
    opened_store,
    print_json,
    safe,
    state,
    stderr,
    stdout,
)
from tracker.services import admin


@click.command()
def init() -> None:
    """Create the store's schema, or upgrade it to this version.

    Before it upgrades an SQLite file, the file is copied aside as <name>.bak-<old revision>.
    """
    store, result = admin.init_store(state().db_url)
    try:
        where = safe(store.display_url)
        if result.old_revision is None:
            stdout.print(f"Created the store at {where} (schema {result.new_revision}).")
        elif result.changed:
            stdout.print(
                f"Upgraded the store at {where} from schema {result.old_revision} "
                f"to {result.new_revision}."
            )
            if result.backup is not None:
                stdout.print(f"The previous file was kept as {safe(result.backup)}.")
        else:
            stdout.print(f"The store at {where} is up to date (schema {result.new_revision}).")
    finally:
        store.dispose()


@click.command()
@json_option
def info(as_json: bool) -> None:
    """Where the store is, its schema revision and what it holds, including how many reports
    are not matched yet (no match run covered them under the current matching configuration:
    `rectrack match` does)."""
    from tracker.services import matching

    with opened_store() as store:
        described = admin.describe(store)
        unmatched = matching.unmatched(store)
    if as_json:
        print_json({**described.as_dict(), "unmatched_reports": unmatched.count})
        return
    stdout.print(f"store     {safe(described.url)}")
    stdout.print(f"backend   {described.backend}")
    stdout.print(f"schema    {described.revision} (head {described.head})")
    for name, value in described.counts.items():
        stdout.print(f"{name.replace('_', ' '):<18}{value:>9,}")
    stdout.print(f"{'unmatched reports':<18}{unmatched.count:>9,}")
    if described.counts["recommendations"] == 0:
        stderr.print("The store is empty: `rectrack import seed/` brings in the shipped data.")
    elif unmatched.count:
        stderr.print(
            f"{counted(unmatched.count, 'report')} not matched yet (no proposals for their "
            f"recommendations): run `{safe(unmatched.command)}`"
        )

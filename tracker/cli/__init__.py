"""The `rectrack` command: a thin layer over the service API.

Every `TrackerError` becomes a one-line message on stderr and its exit code; a traceback
never reaches the user (set RECTRACK_DEBUG=1 to see one).
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version

import click

from tracker import __version__
from tracker.cli import (
    extract_commands,
    followup_commands,
    import_commands,
    match_commands,
    report_commands,
    store_commands,
    tui_commands,
)
from tracker.cli.common import state, stderr
from tracker.errors import TrackerError
from tracker.store import translate_db_error

INTERNAL_ERROR_EXIT = 70


def _installed_version() -> str:
    try:
        return version("rectrack")
    except PackageNotFoundError:
        return __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    help="SQLAlchemy URL of the store (default: $RECTRACK_DB, else the SQLite file in your "
    "user data folder).",
)
@click.option(
    "--reviewer",
    metavar="NAME",
    help="Who is acting, for the history (default: $RECTRACK_REVIEWER, else your login).",
)
@click.version_option(_installed_version(), "--version", prog_name="rectrack")
def app(db: str | None, reviewer: str | None) -> None:
    """rectrack: election-observation recommendations, their restatements across reports, and
    their status at every election."""
    current = state()
    current.db_url = db
    current.reviewer = reviewer


app.add_command(store_commands.init)
app.add_command(store_commands.info)
app.add_command(import_commands.import_)
app.add_command(import_commands.export)
app.add_command(extract_commands.extract)
for _command in followup_commands.COMMANDS:
    app.add_command(_command)
for _command in report_commands.COMMANDS:
    app.add_command(_command)
for _command in match_commands.COMMANDS:
    app.add_command(_command)
for _command in tui_commands.COMMANDS:
    app.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    try:
        app.main(args=argv, prog_name="rectrack", standalone_mode=False)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.exceptions.Abort:
        stderr.print("Aborted.")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TrackerError as exc:
        _fail(exc)
    except Exception as exc:
        if os.environ.get("RECTRACK_DEBUG"):
            raise
        translated = translate_db_error(exc)
        if type(translated) is TrackerError and translated.message == str(exc):
            stderr.print(
                f"rectrack: internal error: {type(exc).__name__}: {exc} "
                "(set RECTRACK_DEBUG=1 for details)",
                markup=False,
            )
            sys.exit(INTERNAL_ERROR_EXIT)
        _fail(translated)
    sys.exit(0)


def _fail(exc: TrackerError) -> None:
    stderr.print(f"rectrack: {exc.message}", markup=False)
    sys.exit(exc.exit_code)

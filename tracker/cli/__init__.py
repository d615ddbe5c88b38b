"""The `rectrack` command: a thin layer over the service API.

Every `TrackerError` becomes a one-line message on stderr and its exit code; a traceback
never reaches the user (set RECTRACK_DEBUG=1 to see one).
"""

from __future__ import annotations

import importlib
import os
import sys
from importlib.metadata import PackageNotFoundError, version

import click

from tracker import __version__
from tracker.cli.common import print_json, state, stderr
from tracker.errors import TrackerError
from tracker.store import translate_db_error

INTERNAL_ERROR_EXIT = 70


def _installed_version() -> str:
    try:
        return version("rectrack")
    except PackageNotFoundError:
        return __version__


# Command name -> (module, attribute). A command's module (and the services it
# pulls in: numpy for matching, pdfminer for extraction) is imported only when that command
# runs or help lists it, so that every command starts quickly.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("tracker.cli.store_commands", "init"),
    "info": ("tracker.cli.store_commands", "info"),
    "import": ("tracker.cli.import_commands", "import_"),
    "export": ("tracker.cli.import_commands", "export"),
    "match": ("tracker.cli.match_commands", "match"),
    "eval-matching": ("tracker.cli.match_commands", "eval_matching"),
    "assess": ("tracker.cli.followup_commands", "assess"),
    "thread": ("tracker.cli.followup_commands", "thread"),
    "flags": ("tracker.cli.followup_commands", "flags"),
    "status": ("tracker.cli.followup_commands", "status"),
    "history": ("tracker.cli.followup_commands", "history_command"),
    "undo": ("tracker.cli.followup_commands", "undo"),
    "split": ("tracker.cli.followup_commands", "split"),
    "merge": ("tracker.cli.followup_commands", "merge"),
    "report": ("tracker.cli.report_commands", "report"),
    "extract": ("tracker.cli.extract_commands", "extract"),
    # The terminal UI's commands live in the tui package, which the core never imports: they
    # are found by name, only when run.
    "review": ("tui.commands", "review"),
    "demo": ("tui.commands", "demo"),
}


class LazyGroup(click.Group):
    """Click's lazy-loading group pattern over the COMMANDS table."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(module_name)
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    wants_json = "--json" in arguments
    try:
        app.main(args=argv, prog_name="rectrack", standalone_mode=False)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.exceptions.Abort:
        stderr.print("Aborted.")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        if wants_json:
            kind = "UsageError" if isinstance(exc, click.UsageError) else type(exc).__name__
            print_json(
                {
                    "error": {
                        "kind": kind,
                        "message": exc.format_message(),
                        "exit_code": exc.exit_code,
                    }
                }
            )
        sys.exit(exc.exit_code)
    except TrackerError as exc:
        _fail(exc, wants_json)
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
        _fail(translated, wants_json)
    sys.exit(0)


def _fail(exc: TrackerError, wants_json: bool) -> None:
    """One line on stderr; with --json, also the one JSON object on stdout (unless the command
    already printed its own, as import does with its list of issues)."""
    stderr.print(f"rectrack: {exc.message}", markup=False)
    if wants_json and not exc.reported_as_json:
        print_json(
            {
                "error": {
                    "kind": type(exc).__name__,
                    "message": exc.message,
                    "exit_code": exc.exit_code,
                }
            }
        )
    sys.exit(exc.exit_code)

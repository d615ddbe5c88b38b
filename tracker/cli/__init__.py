"""The `rectrack` command: a thin layer over the service API.

Every `TrackerError` becomes a one-line message on stderr and its exit code; a traceback
never reaches the user (set RECTRACK_DEBUG=1 to see one). Ctrl-C ends any command with
"Aborted." and exit status 130, its transaction rolled back and its store disposed (`import`,
stopped in the matching that follows its committed import, says so and what to run).

This module imports little (click, no SQLAlchemy, no Rich) so that `main` takes charge of
Ctrl-C within moments of the start: the rest is imported once it has.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from types import FrameType
from typing import Any

import click

from tracker import __version__
from tracker.errors import TrackerError

INTERNAL_ERROR_EXIT = 70
INTERRUPTED_EXIT = 130  # 128 + SIGINT: what a shell reports for a command ended by Ctrl-C


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
    "proposals": ("tracker.cli.review_commands", "proposals"),
    "decide": ("tracker.cli.review_commands", "decide"),
    "assess": ("tracker.cli.followup_commands", "assess"),
    "thread": ("tracker.cli.followup_commands", "thread"),
    "flags": ("tracker.cli.followup_commands", "flags"),
    "status": ("tracker.cli.followup_commands", "status"),
    "history": ("tracker.cli.followup_commands", "history_command"),
    "undo": ("tracker.cli.followup_commands", "undo"),
    "split": ("tracker.cli.followup_commands", "split"),
    "merge": ("tracker.cli.followup_commands", "merge"),
    "report": ("tracker.cli.report_commands", "report"),
    "site": ("tracker.cli.site_commands", "site"),
    "extract": ("tracker.cli.extract_commands", "extract"),
    "grant": ("tracker.cli.roles_commands", "grant"),
    "revoke": ("tracker.cli.roles_commands", "revoke"),
    "roles": ("tracker.cli.roles_commands", "roles_command"),
    # The terminal UI's commands live in the tui package, which the core never imports: they
    # are found by name, only when run (or listed).
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
    from tracker.cli.common import state

    current = state()
    current.db_url = db
    current.reviewer = reviewer


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    wants_json = "--json" in arguments
    # Called without arguments, main is the process (the console script, `python -m tracker`):
    # it exits next, and keeps Ctrl-C off its own way out. Called with them (tests), it puts
    # Python's handler back.
    with _ctrl_c_handled(exiting=argv is None):
        try:
            _run(argv, wants_json)
        except KeyboardInterrupt:
            _interrupted(wants_json)
    # A Ctrl-C still pending here came once the last commit had begun: the command did all
    # it was asked to, and says so with its status.
    sys.exit(0)


def _run(argv: list[str] | None, wants_json: bool) -> None:
    """The command, its errors mapped to a message and an exit status (SystemExit). A Ctrl-C
    comes out as KeyboardInterrupt, also where cleanup masked it with an error of its own."""
    from tracker.cli.common import print_json, stderr
    from tracker.store import interruption, translate_db_error

    try:
        app.main(args=argv, prog_name="rectrack", standalone_mode=False)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.exceptions.Abort:
        raise KeyboardInterrupt from None
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
        if interruption(exc) is not None:
            raise KeyboardInterrupt from exc
        _fail(exc, wants_json)
    except Exception as exc:
        if interruption(exc) is not None:
            raise KeyboardInterrupt from exc
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


def _interrupted(wants_json: bool) -> None:
    """Ctrl-C: one line on stderr (and, with --json, the error object), exit status 130. The
    transaction that was running has been rolled back by then, and the store disposed."""
    _stderr_line("Aborted.")
    if wants_json:
        from tracker.cli.common import print_json

        print_json(
            {
                "error": {
                    "kind": "Interrupted",
                    "message": "interrupted (Ctrl-C)",
                    "exit_code": INTERRUPTED_EXIT,
                }
            }
        )
    sys.exit(INTERRUPTED_EXIT)


def _stderr_line(text: str) -> None:
    """A line on stderr without Rich, which a Ctrl-C during start-up may not have loaded."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


@contextmanager
def _ctrl_c_handled(*, exiting: bool) -> Iterator[None]:
    """While a command runs, Ctrl-C stops it once, and cleanly.

    The first SIGINT raises KeyboardInterrupt where the command is, as Python does; the
    store's session scopes roll back and close on the way out. During a commit it is deferred
    instead (`tracker.store.defer_interrupt`): raised there, it would make a transaction that
    the database has just made durable look rolled back (a second one, for a commit that
    hangs, is raised). Once one is raised, any further SIGINT is ignored until the command has
    finished: pressed again (as people do), it would otherwise land inside that very cleanup
    (a rollback, closing a connection, a weakref callback) and turn a clean stop into a
    traceback or an invalid transaction.

    A KeyboardInterrupt that Python cannot raise, because it arrived inside a weakref callback
    or a finaliser, is dropped with "Exception ignored in ...". That one is not printed: it is
    noted for the store (`tracker.store.defer_interrupt`), which raises it before the next
    commit at the latest, and Ctrl-C is armed again. Only where SIGINT has Python's default
    handler, on the main thread; everything is put back on the way out, except that a process
    about to exit (`exiting`) ignores SIGINT from then on, so that a Ctrl-C pressed once more
    does not interrupt the interpreter's own shutdown with a traceback."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    previous_hook = sys.unraisablehook

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if "tracker.store" in sys.modules:
            from tracker.store import committing, defer_interrupt, interrupt_pending

            if committing() and not interrupt_pending():  # pressed again: a commit that hangs
                defer_interrupt()
                return
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    def on_unraisable(unraisable: Any) -> None:
        exc_type = unraisable.exc_type
        if not (isinstance(exc_type, type) and issubclass(exc_type, KeyboardInterrupt)):
            previous_hook(unraisable)
            return
        from tracker.store import defer_interrupt

        defer_interrupt()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, on_sigint)

    signal.signal(signal.SIGINT, on_sigint)
    sys.unraisablehook = on_unraisable
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN if exiting else signal.default_int_handler)
        sys.unraisablehook = previous_hook
        if "tracker.store" in sys.modules:
            from tracker.store import clear_pending_interrupt

            clear_pending_interrupt()


def _fail(exc: TrackerError, wants_json: bool) -> None:
    """One line on stderr; with --json, also the one JSON object on stdout (unless the command
    already printed its own, as import does with its list of issues)."""
    from tracker.cli.common import print_json, stderr

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

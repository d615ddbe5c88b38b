"""`rectrack review` and `rectrack demo`: open the terminal UI.

Commands of the CLI like the others (options, the store and its roles, who acts: the command
toolkit of `tracker.cli.common`), kept in the UI's package because they start it: the core
never imports the UI, and finds these two by name in its command table (tracker/cli/__init__.py,
tests/unit/test_layers.py). This is the one module of `tui` that may use `tracker.cli`; the
screens talk to the services only. The UI itself (`tui.launch`, Textual) is imported when it
opens, so that `rectrack --help` lists these commands without loading Textual.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

import click

from tracker.cli.common import opened_store, state, stderr
from tracker.errors import InvalidInput
from tracker.services import demo as demo_service
from tracker.services.overview import require_country
from tracker.store import Store

# The UI's screens as `--screen` names them (tui.app's modes).
SCREENS = ("overview", "browse", "triage", "assess", "briefing")


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # a closed stream
        return False


def has_terminal() -> bool:
    """The UI reads its keys from stdin and needs a terminal to draw on. Without one, Textual
    would read an endless end of file from stdin, at full CPU, and never show anything."""
    return _is_terminal(sys.stdin) and _is_terminal(sys.stdout)


def require_terminal(command: str) -> None:
    if not has_terminal():
        raise InvalidInput(f"rectrack {command} needs a terminal (stdin and stdout must be a TTY)")


def _run_app(
    store: Store,
    *,
    command: str,
    start: str,
    country: str | None,
    keys_file: Path | None,
    label: str,
) -> None:
    # Refused here, as `rectrack flags --country` refuses it, rather than inside the UI.
    context: dict[str, Any] = {"country": require_country(store, country)} if country else {}
    # After the store's and the country's checks, which name what to fix first; before the UI.
    require_terminal(command)
    from tui.launch import run_app

    run_app(
        store,
        reviewer=state().actor,
        keys_file=keys_file,
        start=start,
        context=context,
        label=label,
    )


def _ui_options(function: Any) -> Any:
    function = click.option(
        "--keys",
        "keys_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A key file (default: $RECTRACK_KEYS, else keys.toml in your config folder).",
    )(function)
    function = click.option(
        "--country", metavar="CC", help="Open the first screen on this country."
    )(function)
    function = click.option(
        "--screen",
        "start",
        type=click.Choice(SCREENS),
        default="overview",
        show_default=True,
        help="The screen to open first.",
    )(function)
    return function


@click.command()
@_ui_options
def review(start: str, country: str | None, keys_file: Path | None) -> None:
    """Open the terminal UI on the configured store: overview, browse, triage, assess, briefing.

    Every decision is written as you make it; `u` undoes your last one, also after a restart.
    Press ? on any screen for its keys."""
    with opened_store() as store:
        _run_app(
            store,
            command="review",
            start=start,
            country=country,
            keys_file=keys_file,
            label=store.display_url,
        )


@click.command()
@click.option("--no-open", is_flag=True, help="Build the demo store and print where it is; no UI.")
@click.option(
    "--path",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to build the demo store (default: demo.db in your user data folder).",
)
@_ui_options
def demo(
    no_open: bool, path: Path | None, start: str, country: str | None, keys_file: Path | None
) -> None:
    """Build a demo store from the shipped seed data, run matching, and open the UI on it.

    The demo store is removed and rebuilt on every run; it is never your own store."""
    if not no_open and not has_terminal():
        # Not an error: the demo store is the main job, the UI only shows it.
        stderr.print("No terminal to open the UI in: building the demo store only.")
        no_open = True
    stderr.print("Building the demo store from the seed data…")
    built = demo_service.build_demo(path, actor=state().actor, user_url=state().db_url)
    try:
        recommendations = sum(report.recommendations.added for report in built.imported.reports)
        stderr.print(
            f"Imported {len(built.imported.reports)} reports ({recommendations} "
            f"recommendations); matching proposed {built.matched.proposed} candidates."
        )
        url = f"sqlite:///{built.path}"
        if no_open:
            click.echo(url)
            stderr.print(f"Open it with: rectrack --db {url} review")
            return
        _run_app(
            built.store,
            command="demo",
            start=start,
            country=country,
            keys_file=keys_file,
            label="demo",
        )
    finally:
        built.store.dispose()

"""`rectrack review` and `rectrack demo`: the terminal UI.

The UI package is imported inside the commands, never at module level: the core must load
without Textual (tests/unit/test_layers.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tracker.cli.common import opened_store, state, stderr
from tracker.services import demo as demo_service
from tracker.services.overview import require_country
from tracker.store import Store

SCREENS = ("overview", "browse", "triage", "assess", "briefing")


def _run_app(
    store: Store, *, start: str, country: str | None, keys_file: Path | None, label: str
) -> None:
    from tui.app import RectrackApp
    from tui.keys import load_keymap

    # Refused here, as `rectrack flags --country` refuses it, rather than inside the UI.
    context: dict[str, Any] = {"country": require_country(store, country)} if country else {}
    app = RectrackApp(
        store,
        reviewer=state().actor,
        keymap=load_keymap(keys_file),
        start=start,
        start_context=context,
        store_label=label,
    )
    app.run()


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
        _run_app(store, start=start, country=country, keys_file=keys_file, label=store.display_url)


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
        _run_app(built.store, start=start, country=country, keys_file=keys_file, label="demo")
    finally:
        built.store.dispose()

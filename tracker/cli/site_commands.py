"""`rectrack site`: the store as a static website in a folder."""

from __future__ import annotations

import click

from tracker.cli.common import counted, json_option, opened_store, parse_as_of, print_json, stderr
from tracker.cli.progress import lazy_progress
from tracker.services import site as site_service


@click.command()
@click.argument("folder", metavar="DIR")
@click.option(
    "--country",
    "countries",
    metavar="CC",
    multiple=True,
    help="Only this country (ISO 3166-1 alpha-2); repeatable. Default: every country.",
)
@click.option("--as-of", help="Statuses and flags as of this date (YYYY-MM-DD); default: latest.")
@click.option("--title", help="The site's name, at the top of every page.")
@json_option
def site(
    folder: str,
    countries: tuple[str, ...],
    as_of: str | None,
    title: str | None,
    as_json: bool,
) -> None:
    """Write a static website of the store to DIR: open DIR/index.html in a browser.

    A page of countries with their headline figures, a page per country (elections and
    reports, the status mix per cycle, flagged threads, every recommendation by thread, with
    filters), a page per thread (its wording over time, word by word, and its status at each
    later election) and a search page that works offline. Every asset is local and every link
    relative: copy DIR anywhere or publish it as it is. Re-running rewrites only the files
    whose content changed, and removes the pages an earlier run wrote that no longer exist."""
    with opened_store() as store, lazy_progress() as progress:
        summary = site_service.write_site(
            store,
            folder,
            countries,
            as_of=parse_as_of(as_of),
            title=title,
            progress=progress,
        )
    if as_json:
        print_json(summary.as_dict())
        return
    click.echo(
        f"Wrote the site of {len(summary.countries)} "
        f"{'country' if len(summary.countries) == 1 else 'countries'} "
        f"({counted(summary.recommendations, 'recommendation')}, "
        f"{counted(summary.threads, 'thread')}) to {summary.folder}: "
        f"{len(summary.written)} of {summary.files} files written, {summary.unchanged} unchanged"
        + (f", {len(summary.removed)} removed" if summary.removed else "")
        + "."
    )
    stderr.print(f"Open {summary.folder / 'index.html'} in a browser.", markup=False)

"""`rectrack report`: a briefing of one or more countries in Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import sys

import click

from tracker.cli.common import opened_store, parse_as_of, stderr
from tracker.services import reporting


@click.command()
@click.option(
    "--country",
    "countries",
    metavar="CC",
    multiple=True,
    required=True,
    help="A country (ISO 3166-1 alpha-2); repeat for a pack with a comparison table.",
)
@click.option("--as-of", help="Brief as of this date (YYYY-MM-DD); default: latest election.")
@click.option(
    "--topic",
    "topics",
    metavar="TOPIC",
    multiple=True,
    help="Only threads with this topic (a topic id); repeatable.",
)
@click.option("--priority-only", is_flag=True, help="Only threads with a priority recommendation.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=reporting.DEFAULT_LIMIT,
    show_default=True,
    help="Rows shown per list in md and html (0: all); csv and json always hold all.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reporting.FORMATS),
    help="md, html (one self-contained file), csv (one row per recommendation) or json "
    "(default: from the output file's suffix, else md).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE instead of standard output.",
)
def report(
    countries: tuple[str, ...],
    as_of: str | None,
    topics: tuple[str, ...],
    priority_only: bool,
    limit: int,
    fmt: str | None,
    output: str | None,
) -> None:
    """A one-page briefing: where a country stands on its recommendations.

    Headline figures, the status mix per cycle, status by topic, long-standing and priority
    recommendations still outstanding, what changed since the previous election, and the
    coverage gap. Several --country values make one pack with a comparison table."""
    chosen = reporting.format_for(output, fmt)
    with opened_store() as store:
        pack = reporting.build_briefings(
            store, countries, parse_as_of(as_of), topics, priority_only, output=output, limit=limit
        )
    text = reporting.render(pack, chosen)
    for briefing in pack.briefings:
        for note in briefing.missing:
            stderr.print(f"rectrack: {briefing.country}: {note}", markup=False)
    if output:
        path = reporting.save_text(output, text)
        stderr.print(f"Wrote {path} ({chosen}).", markup=False)
    else:
        sys.stdout.write(text)

"""Follow-up commands: assess, thread, flags, status, history, undo, split, merge."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from tracker.cli.common import (
    json_option,
    opened_store,
    parse_as_of,
    print_json,
    safe,
    state,
    stdout,
)
from tracker.enums import Status
from tracker.followup.summary import STATUS_COLUMNS, CycleSummary
from tracker.followup.threads import Thread
from tracker.services import followup, history
from tracker.vocabulary import SHORT_LEGEND, STATUS_SHORT

STATUS_STYLE = {
    "fully-implemented": "green",
    "mostly-implemented": "cyan",
    "partially-implemented": "yellow",
    "not-implemented": "red",
    "no-longer-relevant": "dim",
    "not-assessed": "dim",
}


# Narrow headers, so that the tables fit 80 columns; the legend below spells them out.
LEGEND = f"{SHORT_LEGEND}; rate: (fully + mostly) / assessed"


def thread_dict(thread: Thread) -> dict[str, Any]:
    latest = thread.latest_verdict
    return {
        "id": thread.id,
        "first_raised": thread.first_raised.date.isoformat(),
        "times_raised": thread.times_raised,
        "elections_raised": [election.date.isoformat() for election in thread.raised_at],
        "years_outstanding": thread.years_outstanding,
        "as_of": thread.as_of.date.isoformat() if thread.as_of else None,
        "latest_status": latest.status.value if latest else None,
        "flags": sorted(flag.value for flag in thread.flags),
        "priority": thread.priority,
        "topics": list(thread.topics),
        "members": [
            {
                "key": member.key,
                "election": next(
                    e.date.isoformat() for e in thread.raised_at if e.id == member.election_id
                ),
                "priority": member.priority,
                "text": member.text,
            }
            for member in thread.members
        ],
        "timeline": [
            {
                "election": row.election.date.isoformat(),
                "election_type": row.election.type,
                "state": row.state.value,
                "status": row.status.value if row.status else None,
                "assessed": row.assessed_key,
                "report": row.verdict.report_id if row.verdict else None,
                "disagreement": [s.value for s in row.verdict.disagreement] if row.verdict else [],
                "restated_by": list(row.restated_by),
            }
            for row in thread.timeline
        ],
        "gaps": [
            {
                "key": gap.key,
                "raised": gap.raised_at.date.isoformat(),
                "missed": gap.missed_at.date.isoformat(),
            }
            for gap in thread.gaps
        ],
    }


def _styled(word: str) -> str:
    base = word.split(" ")[0]
    return f"[{STATUS_STYLE.get(base, 'default')}]{safe(word)}[/]"


@click.command()
@click.argument("key")
@click.option(
    "--at",
    "at_report",
    required=True,
    metavar="REPORT_ID",
    help="The assessing report (its election is where the status applies).",
)
@click.option(
    "--status",
    "status",
    required=True,
    type=click.Choice(Status.values()),
    help="The status at that election.",
)
@click.option("--evidence", help="What the assessment rests on.")
@click.option("--assessor", help="Who assessed (default: the reviewer).")
@json_option
def assess(
    key: str, at_report: str, status: str, evidence: str | None, assessor: str | None, as_json: bool
) -> None:
    """Set the status of recommendation KEY as judged by a later report.

    A changed status is kept in the history; `rectrack undo` reverts it."""
    with opened_store() as store:
        result = followup.assess(
            store,
            key,
            at_report=at_report,
            status=Status(status),
            actor=state().actor,
            evidence=evidence,
            assessor=assessor,
        )
    if as_json:
        print_json(
            {
                "key": result.key,
                "report": result.report_id,
                "old_status": result.old_status,
                "status": result.new_status,
                "version": result.version,
                "changed": list(result.fields),
            }
        )
        return
    where = f"{safe(key)} at {safe(at_report)}"
    if result.old_status is result.new_status:
        others = [field for field in result.fields if field != "status"]
        said = f"{', '.join(others)} updated" if others else "nothing changed"
        stdout.print(
            f"{where}: {_styled(result.new_status.value)} already (status unchanged; {said})"
        )
        return
    before = result.old_status.value if result.old_status else "not assessed"
    stdout.print(f"{where}: {_styled(before)} -> {_styled(result.new_status.value)}")


@click.command()
@click.argument("key")
@click.option("--as-of", help="Compute as of this date (YYYY-MM-DD); default: latest election.")
@json_option
def thread(key: str, as_of: str | None, as_json: bool) -> None:
    """The thread of recommendation KEY: its members in order and its timeline."""
    with opened_store() as store:
        found = followup.thread_of(store, key, as_of=parse_as_of(as_of))
    if as_json:
        print_json(thread_dict(found))
        return
    years = found.years_outstanding
    stdout.print(
        f"[bold]Thread {safe(found.id)}[/]: first raised {found.first_raised.label}, raised at "
        f"{found.times_raised} election(s)"
        + (f", outstanding {years} years" if years is not None else "")
    )
    if found.flags:
        stdout.print("flags: " + ", ".join(sorted(flag.value for flag in found.flags)))
    members = Table(title="Members", show_lines=False, expand=False)
    members.add_column("key")
    members.add_column("text", overflow="fold")
    for member in found.members:
        members.add_row(
            safe(member.key) + (" [bold]P[/]" if member.priority else ""), safe(member.text)
        )
    stdout.print(members)
    timeline = Table(title="Timeline")
    timeline.add_column("election")
    timeline.add_column("status")
    timeline.add_column("by")
    for row in found.timeline:
        timeline.add_row(
            row.election.label,
            _styled(row.label),
            safe(row.verdict.report_id) if row.verdict else "",
        )
    stdout.print(timeline)


@click.command()
@click.option("--country", metavar="CC", help="One country (ISO 3166-1 alpha-2); default: all.")
@click.option("--as-of", help="Compute as of this date (YYYY-MM-DD); default: latest election.")
@json_option
def flags(country: str | None, as_of: str | None, as_json: bool) -> None:
    """Threads with follow-up flags: long-standing, regressed, stalled, unaddressed,
    priority-outstanding."""
    with opened_store() as store:
        found = followup.flagged(store, country, as_of=parse_as_of(as_of))
    if as_json:
        print_json(
            {
                "countries": {
                    code: [thread_dict(t) for t in threads] for code, threads in found.items()
                }
            }
        )
        return
    for code, threads in found.items():
        table = Table(title=f"{code}: {len(threads)} flagged thread(s)")
        table.add_column("thread", overflow="fold", min_width=20)
        table.add_column("first", no_wrap=True)
        table.add_column("times", justify="right")
        table.add_column("latest status")
        table.add_column("flags")
        for item in threads:
            latest = item.latest_status.value if item.latest_status else "not assessed"
            table.add_row(
                safe(item.id),
                item.first_raised.date.isoformat(),
                str(item.times_raised),
                _styled(latest),
                ", ".join(sorted(flag.value for flag in item.flags)),
            )
        stdout.print(table)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


@click.command()
@click.option("--country", metavar="CC", help="One country (ISO 3166-1 alpha-2); default: all.")
@json_option
def status(country: str | None, as_json: bool) -> None:
    """How the previous election's recommendations stood at each election, with the
    implementation rate per cycle."""
    with opened_store() as store:
        summaries = followup.status_summaries(store, country)
    if as_json:
        print_json(
            {
                "countries": {
                    code: [s.as_dict() for s in cycles] for code, cycles in summaries.items()
                }
            }
        )
        return
    if not summaries:
        stdout.print("The store holds no elections yet.")
    for code, cycles in summaries.items():
        _print_cycles(code, cycles, by_topic=country is not None)


def _print_cycles(code: str, cycles: list[CycleSummary], *, by_topic: bool) -> None:
    table = Table(title=f"{code}: previous recommendations by status at each election")
    table.add_column("election", no_wrap=True)
    table.add_column("of", justify="right")
    for column in STATUS_COLUMNS:
        table.add_column(
            _styled(STATUS_SHORT[column]), justify="right", min_width=len(STATUS_SHORT[column])
        )
    table.add_column("rate", justify="right")
    if not cycles:
        stdout.print(f"{code}: one election only, nothing assessed yet.")
        return
    for cycle in cycles:
        counts = cycle.overall
        table.add_row(
            f"{cycle.election.label}",
            str(counts.total),
            *(str(counts.counts[c]) for c in STATUS_COLUMNS),
            _percent(counts.implementation_rate),
        )
    stdout.print(table)
    stdout.print(f"[dim]{LEGEND}[/]")
    if by_topic and cycles:
        latest = cycles[-1]
        topics = Table(title=f"{code}: by topic at {latest.election.label}")
        topics.add_column("topic", overflow="fold")
        topics.add_column("of", justify="right")
        for column in STATUS_COLUMNS:
            topics.add_column(STATUS_SHORT[column], justify="right")
        topics.add_column("rate", justify="right")
        for topic, counts in latest.by_topic.items():
            topics.add_row(
                safe(topic),
                str(counts.total),
                *(str(counts.counts[c]) for c in STATUS_COLUMNS),
                _percent(counts.implementation_rate),
            )
        stdout.print(topics)


@click.command(name="history")
@click.option(
    "--key", help="Only entries about this recommendation (or its links and assessments)."
)
@click.option("--by", "by", metavar="NAME", help="Only entries by this person.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="At most this many entries (1 or more).",
)
@json_option
def history_command(key: str | None, by: str | None, limit: int, as_json: bool) -> None:
    """What changed, who changed it and when, newest first."""
    with opened_store() as store:
        entries = history.list_history(store, key=key, by=by, limit=limit)
    if as_json:
        print_json({"entries": [entry.as_dict() for entry in entries]})
        return
    if not entries:
        stdout.print("No history entries match.")
    for entry in entries:
        change = (
            f"{safe(entry.field)}: {safe(_short(entry.old))} -> {safe(_short(entry.new))}"
            if entry.field
            else ("created" if entry.old is None else "removed" if entry.new is None else "")
        )
        stdout.print(
            f"[dim]{entry.at.isoformat(sep=' ', timespec='seconds')}[/] {safe(entry.actor)} "
            f"[bold]{entry.action}[/] {entry.entity} {safe(entry.key)}  {change}"
        )


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@click.command()
@click.option("--by", "by", metavar="NAME", help="Undo this person's last action (default: yours).")
@json_option
def undo(by: str | None, as_json: bool) -> None:
    """Revert your last action (an assessment, a decision, an edit, a split or a merge),
    unless someone changed the same rows since. Imports are undone by re-importing."""
    with opened_store() as store:
        result = history.undo_last(store, state().actor, by=by)
    if as_json:
        print_json(
            {
                "batch": result.batch,
                "action": result.action,
                "actor": result.actor,
                "entries": result.entries,
                "keys": [str(key) for key in result.keys],
            }
        )
        return
    stdout.print(
        f"Undid {result.actor}'s {result.action} of "
        f"{result.at.isoformat(sep=' ', timespec='minutes')}: "
        f"{safe(', '.join(str(key) for key in result.keys))}"
    )


@click.command()
@click.argument("key")
def split(key: str) -> None:
    """Take recommendation KEY out of its thread (its restatement links become rejected)."""
    with opened_store() as store:
        result = followup.split(store, key, actor=state().actor)
    stdout.print(
        f"Split {safe(key)} from its thread: {len(result.changed_links)} link(s) rejected."
    )


@click.command()
@click.argument("key_a")
@click.argument("key_b")
def merge(key_a: str, key_b: str) -> None:
    """Join the threads of KEY_A and KEY_B: the later one restates the earlier one."""
    with opened_store() as store:
        result = followup.merge(store, key_a, key_b, actor=state().actor)
    stdout.print(f"Merged: {safe(str(result.changed_links[0]))}")

"""One recommendation in full, and a thread's timeline, as Text (store text never as markup)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App

from tracker.enums import LinkKind, LinkState
from tracker.followup.threads import Thread, TimelineState
from tracker.services.browse import Detail
from tui.style import one_line, status_text


def section(text: Text, title: str) -> None:
    text.append("\n")
    text.append(title, style="bold underline")
    text.append("\n")


def timeline_text(app: App[Any], thread: Thread) -> Text:
    text = Text()
    if not thread.timeline:
        text.append("No later election in the store yet.\n", style="dim")
        return text
    for row in thread.timeline:
        text.append(f"{row.election.label:<26}", style="bold")
        if row.verdict is not None:
            text.append_text(status_text(app, row.verdict.status))
            if row.verdict.disagreement:
                text.append(" (reports disagree: ", style="dim")
                text.append(", ".join(s.value for s in row.verdict.disagreement), style="dim")
                text.append(")", style="dim")
        elif row.state is TimelineState.RESTATED_NOT_ASSESSED:
            text.append_text(status_text(app, None))
            text.append(" · restated", style="dim")
        else:
            text.append_text(status_text(app, None))
        if row.restated_by and row.verdict is not None:
            text.append(" · restated", style="dim")
        text.append("\n")
    return text


def flags_text(thread: Thread) -> Text:
    text = Text()
    for flag in sorted(flag.value for flag in thread.flags):
        text.append(f" {flag} ", style="reverse")
        text.append(" ")
    return text


def detail_text(app: App[Any], detail: Detail) -> Text:
    record = detail.record
    text = Text()
    text.append(record.key, style="bold")
    if record.priority:
        text.append("  ★ priority", style="bold")
    text.append("\n")
    text.append(
        f"{record.election.label} · {record.observer} · {record.report_kind.label}", style="dim"
    )
    text.append("\n\n")
    text.append(record.text)
    text.append("\n\n")
    text.append("Topics: ", style="bold")
    text.append(", ".join(label for _, label in record.topics) or "none")
    text.append("\n")
    text.append("Addressees: ", style="bold")
    text.append(", ".join(record.addressees) or "none")
    text.append("\n")
    text.append("Last status: ", style="bold")
    last = detail.last_status
    text.append_text(status_text(app, last.status if last else None))
    if last is not None:
        text.append(f" (by {last.report_id})", style="dim")
    text.append("\n")

    thread = detail.thread
    section(text, f"Thread: raised at {thread.times_raised} election(s)")
    if thread.flags:
        text.append_text(flags_text(thread))
        text.append("\n")
    if len(thread.members) > 1:
        for member in thread.members:
            marker = "▸ " if member.key == record.key else "  "
            text.append(marker + member.key, style="bold" if member.key == record.key else "")
            text.append("\n")
    text.append_text(timeline_text(app, thread))

    section(text, "Evidence")
    if not detail.evidence:
        text.append("No report has assessed it.\n", style="dim")
    for item in detail.evidence:
        text.append(f"{item.election.date.isoformat()} {item.report_id}: ", style="bold")
        text.append_text(status_text(app, item.status))
        if item.assessor:
            text.append(f" ({item.assessor})", style="dim")
        text.append("\n")
        if item.evidence:
            text.append("  ")
            text.append(item.evidence)
            text.append("\n")

    section(text, "Related")
    related = detail.related
    if not related:
        text.append("No related recommendations.\n", style="dim")
    for link in related:
        what = link.kind.value
        if link.state is LinkState.PROPOSED:
            what = f"proposed {what}" + (f" {link.score:.2f}" if link.score is not None else "")
        elif link.state is LinkState.REJECTED:
            what = "distinct" if link.kind is LinkKind.RESTATES else f"rejected {what}"
        text.append(f"{what}: ", style="bold")
        text.append(link.other_key)
        text.append("\n  ")
        text.append_text(one_line(link.other_text, 160))
        text.append("\n")
    return text

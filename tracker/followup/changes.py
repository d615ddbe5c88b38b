"""What changed at one election: status changes of threads, and asks raised there first.

A thread's change at an election compares the status given there (its timeline row) with the
latest status given before it. Worse and better follow the order of `severity` (fully >
mostly > partially > not), exactly as the `regressed` flag does; no-longer-relevant stands
outside the order, so a change to or from it is neither a regression nor an improvement.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.followup.rows import ElectionRow, StatusVerdict, severity
from tracker.followup.threads import Thread, TimelineRow


class ChangeKind(StrEnum):
    """Ordered for briefings: what needs attention first."""

    REGRESSED = "regressed"
    IMPROVED = "improved"
    FIRST_ASSESSED = "first assessed"
    RECLASSIFIED = "reclassified"  # to or from no-longer-relevant, outside the order
    UNCHANGED = "unchanged"

    @property
    def rank(self) -> int:
        return list(ChangeKind).index(self)


@dataclass(frozen=True)
class StatusChange:
    """`thread` was given `row.verdict` at `row.election`; `before` is its latest status
    before that election (None: never assessed before)."""

    thread: Thread
    row: TimelineRow
    before: StatusVerdict | None
    before_election: ElectionRow | None
    kind: ChangeKind

    @property
    def after(self) -> StatusVerdict:
        assert self.row.verdict is not None
        return self.row.verdict


def change_kind(before: StatusVerdict | None, after: StatusVerdict) -> ChangeKind:
    if before is None:
        return ChangeKind.FIRST_ASSESSED
    if before.status is after.status:
        return ChangeKind.UNCHANGED
    if not (before.status.in_order and after.status.in_order):
        return ChangeKind.RECLASSIFIED
    if severity(after.status) > severity(before.status):
        return ChangeKind.REGRESSED
    return ChangeKind.IMPROVED


def status_change_at(thread: Thread, election: ElectionRow) -> StatusChange | None:
    """The thread's change at `election`, or None where no status was given there."""
    before: StatusVerdict | None = None
    before_election: ElectionRow | None = None
    for row in thread.timeline:
        if row.election.id == election.id:
            if row.verdict is None:
                return None
            return StatusChange(
                thread, row, before, before_election, change_kind(before, row.verdict)
            )
        if row.verdict is not None:
            before, before_election = row.verdict, row.election
    return None


def status_changes_at(threads: list[Thread], election: ElectionRow) -> list[StatusChange]:
    """Every thread given a status at `election`, regressions first, then improvements,
    first assessments, reclassifications and unchanged ones; threads in their order."""
    found = [
        change
        for change in (status_change_at(thread, election) for thread in threads)
        if change is not None
    ]
    return sorted(found, key=lambda change: change.kind.rank)


def first_raised_at(threads: list[Thread], election: ElectionRow) -> list[Thread]:
    """Threads whose first recommendation was raised at `election`: new asks, not
    restatements."""
    return [thread for thread in threads if thread.first_raised.id == election.id]

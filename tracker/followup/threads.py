"""Threads (connected groups of accepted restatements), their timelines and their flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from tracker.enums import Status
from tracker.followup.rows import (
    CountryRows,
    ElectionRow,
    RecommendationRow,
    StatusVerdict,
    severity,
)
from tracker.keys import natural_key

DAYS_PER_YEAR = 365.25


class Flag(StrEnum):
    LONG_STANDING = "long-standing"
    REGRESSED = "regressed"
    STALLED = "stalled"
    UNADDRESSED = "unaddressed"
    PRIORITY_OUTSTANDING = "priority-outstanding"


@dataclass(frozen=True)
class FlagRules:
    long_standing_elections: int = 3
    stalled_restatements: int = 2


class TimelineState(StrEnum):
    ASSESSED = "assessed"
    RESTATED_NOT_ASSESSED = "restated, not assessed"
    NOT_ASSESSED = "not assessed"


@dataclass(frozen=True)
class TimelineRow:
    """The thread at one election after it was first raised."""

    election: ElectionRow
    state: TimelineState
    verdict: StatusVerdict | None
    assessed_key: str | None
    restated_by: tuple[str, ...]

    @property
    def status(self) -> Status | None:
        return self.verdict.status if self.verdict else None

    @property
    def label(self) -> str:
        if self.verdict is None:
            return self.state.value
        word = self.verdict.status.value
        return f"{word} (disputed)" if self.verdict.disagreement else word


@dataclass(frozen=True)
class CoverageGap:
    """`key` was raised at one election and the next election neither assessed nor restated
    it."""

    key: str
    raised_at: ElectionRow
    missed_at: ElectionRow


@dataclass
class Thread:
    members: list[RecommendationRow]
    raised_at: list[ElectionRow]
    timeline: list[TimelineRow]
    as_of: ElectionRow | None
    gaps: list[CoverageGap]
    flags: set[Flag] = field(default_factory=set)

    @property
    def id(self) -> str:
        """Named after its first member."""
        return self.members[0].key

    @property
    def first_raised(self) -> ElectionRow:
        return self.raised_at[0]

    @property
    def times_raised(self) -> int:
        return len(self.raised_at)

    @property
    def latest_member(self) -> RecommendationRow:
        return self.members[-1]

    @property
    def latest_verdict(self) -> StatusVerdict | None:
        for row in reversed(self.timeline):
            if row.verdict is not None:
                return row.verdict
        return None

    @property
    def latest_status(self) -> Status | None:
        latest = self.latest_verdict
        return latest.status if latest else None

    @property
    def is_closed(self) -> bool:
        return self.latest_status in (Status.FULLY, Status.NO_LONGER_RELEVANT)

    @property
    def years_outstanding(self) -> float | None:
        if self.as_of is None or self.is_closed:
            return None
        return round((self.as_of.date - self.first_raised.date).days / DAYS_PER_YEAR, 1)

    @property
    def priority(self) -> bool:
        return any(member.priority for member in self.members)

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(sorted({topic for member in self.members for topic in member.topics}))


class _UnionFind:
    def __init__(self, ids: list[int]) -> None:
        self.parent = {identifier: identifier for identifier in ids}

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def build_threads(
    rows: CountryRows, as_of: dt.date | None = None, rules: FlagRules | None = None
) -> list[Thread]:
    """Every recommendation raised up to `as_of` belongs to exactly one thread (a singleton
    where nothing restates it). Threads are ordered by first election, then first key."""
    rules = rules or FlagRules()
    elections = rows.elections_until(as_of)
    position = {election.id: index for index, election in enumerate(elections)}
    members = [rec for rec in rows.recommendations if rec.election_id in position]
    known = {rec.id for rec in members}
    groups = _UnionFind([rec.id for rec in members])
    for link in rows.restatements:
        if link.source_id in known and link.target_id in known:
            groups.union(link.source_id, link.target_id)

    # Members in natural order once (keys are unique), so that each group keeps that order.
    members.sort(key=lambda rec: (position[rec.election_id], natural_key(rec.key)))
    grouped: dict[int, list[RecommendationRow]] = {}
    for rec in members:
        grouped.setdefault(groups.find(rec.id), []).append(rec)
    # Groups were created in the order of their first member: the threads' order.
    return [_thread(rows, group, elections, position, rules) for group in grouped.values()]


def _thread(
    rows: CountryRows,
    members: list[RecommendationRow],
    elections: list[ElectionRow],
    position: dict[int, int],
    rules: FlagRules,
) -> Thread:
    raised_positions = sorted({position[member.election_id] for member in members})
    raised_at = [elections[index] for index in raised_positions]
    first = raised_positions[0]
    as_of = elections[-1] if elections else None

    timeline = []
    for index in range(first + 1, len(elections)):
        election = elections[index]
        earlier = [m for m in members if position[m.election_id] < index]
        restated_here = tuple(m.key for m in members if position[m.election_id] == index)
        found: tuple[StatusVerdict, str] | None = None
        for member in reversed(earlier):  # the latest earlier member's status counts first
            member_verdict = rows.status_at(member.id, election.id)
            if member_verdict is not None:
                found = (member_verdict, member.key)
                break
        if found is not None:
            state = TimelineState.ASSESSED
        elif restated_here:
            state = TimelineState.RESTATED_NOT_ASSESSED
        else:
            state = TimelineState.NOT_ASSESSED
        timeline.append(
            TimelineRow(
                election=election,
                state=state,
                verdict=found[0] if found else None,
                assessed_key=found[1] if found else None,
                restated_by=restated_here,
            )
        )

    gaps = []
    for member in members:
        next_index = position[member.election_id] + 1
        if next_index >= len(elections):
            continue
        following = elections[next_index]
        assessed = rows.status_at(member.id, following.id) is not None
        restated = any(position[m.election_id] == next_index for m in members)
        if not assessed and not restated:
            gaps.append(CoverageGap(member.key, elections[position[member.election_id]], following))

    thread = Thread(members=members, raised_at=raised_at, timeline=timeline, as_of=as_of, gaps=gaps)
    thread.flags = compute_flags(thread, rules)
    return thread


def compute_flags(thread: Thread, rules: FlagRules) -> set[Flag]:
    """The table of design.md, literally."""
    flags: set[Flag] = set()
    if thread.times_raised >= rules.long_standing_elections:
        flags.add(Flag.LONG_STANDING)
    best_so_far: Status | None = None
    for row in thread.timeline:
        status = row.status
        if status is None or not status.in_order:
            continue
        if best_so_far is not None and severity(status) > severity(best_so_far):
            flags.add(Flag.REGRESSED)
        if best_so_far is None or severity(status) < severity(best_so_far):
            best_so_far = status
    given = [row.status for row in thread.timeline if row.status is not None]
    restatements = thread.times_raised - 1
    if (
        restatements >= rules.stalled_restatements
        and given
        and all(status is Status.NOT for status in given)
    ):
        flags.add(Flag.STALLED)
    if thread.gaps:
        flags.add(Flag.UNADDRESSED)
    if thread.priority and not thread.is_closed:
        flags.add(Flag.PRIORITY_OUTSTANDING)
    return flags

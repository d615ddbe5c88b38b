"""Threads (connected groups of accepted restatements), their timelines and their flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from tracker.bulk import paused_garbage_collection
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


class TimelineRow(NamedTuple):
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


class StatusPoint(NamedTuple):
    """The thread's status at one later election: the verdict given there on its latest
    earlier member, and that member's key."""

    election: ElectionRow
    verdict: StatusVerdict
    key: str


@dataclass
class Thread:
    members: list[RecommendationRow]
    raised_at: list[ElectionRow]
    later_elections: list[ElectionRow]  # after it was first raised, up to `as_of`
    status_points: list[StatusPoint]  # in election order
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

    @cached_property
    def timeline(self) -> list[TimelineRow]:
        """One row per later election. Built when asked for: flags need only the status
        points, and a whole store has hundreds of thousands of rows."""
        restated: dict[int, tuple[str, ...]] = {}
        for member in self.members:
            restated[member.election_id] = (*restated.get(member.election_id, ()), member.key)
        assessed = {point.election.id: point for point in self.status_points}
        rows = []
        for election in self.later_elections:
            point = assessed.get(election.id)
            restated_here = restated.get(election.id, ())
            if point is not None:
                rows.append(
                    TimelineRow(
                        election, TimelineState.ASSESSED, point.verdict, point.key, restated_here
                    )
                )
            else:
                state = (
                    TimelineState.RESTATED_NOT_ASSESSED
                    if restated_here
                    else TimelineState.NOT_ASSESSED
                )
                rows.append(TimelineRow(election, state, None, None, restated_here))
        return rows

    @property
    def latest_point(self) -> StatusPoint | None:
        return self.status_points[-1] if self.status_points else None

    @property
    def latest_verdict(self) -> StatusVerdict | None:
        latest = self.latest_point
        return latest.verdict if latest else None

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


@paused_garbage_collection()
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
    # Members come in natural order, so grouping by position keeps each group in that order.
    at_position: dict[int, list[RecommendationRow]] = {}
    for member in members:
        at_position.setdefault(position[member.election_id], []).append(member)
    raised_positions = sorted(at_position)
    first = raised_positions[0]

    # Natural order, so a later member's verdict replaces an earlier one's at the same
    # election: the latest earlier member's status counts.
    points: dict[int, tuple[StatusVerdict, str]] = {}
    for member in members:
        given = rows.verdicts_of(member.id)
        if not given:
            continue
        own = position[member.election_id]
        for election_id, found in given.items():
            index = position.get(election_id)  # None: after `as_of`
            if index is not None and index > own:
                points[index] = (found, member.key)

    gaps = []
    for member in members:
        next_index = position[member.election_id] + 1
        if next_index >= len(elections) or next_index in at_position:
            continue
        following = elections[next_index]
        if following.id not in rows.verdicts_of(member.id):
            gaps.append(CoverageGap(member.key, elections[next_index - 1], following))

    thread = Thread(
        members=members,
        raised_at=[elections[index] for index in raised_positions],
        later_elections=elections[first + 1 :],
        status_points=[StatusPoint(elections[index], *points[index]) for index in sorted(points)],
        as_of=elections[-1] if elections else None,
        gaps=gaps,
    )
    thread.flags = compute_flags(thread, rules)
    return thread


def compute_flags(thread: Thread, rules: FlagRules) -> set[Flag]:
    """The table of design.md, literally."""
    flags: set[Flag] = set()
    if thread.times_raised >= rules.long_standing_elections:
        flags.add(Flag.LONG_STANDING)
    best_so_far: int | None = None  # the best severity given so far, in the order
    latest: Status | None = None
    only_not_implemented = True
    for point in thread.status_points:
        latest = point.verdict.status
        only_not_implemented = only_not_implemented and latest is Status.NOT
        if not latest.in_order:
            continue
        rank = severity(latest)
        if best_so_far is not None and rank > best_so_far:
            flags.add(Flag.REGRESSED)
        if best_so_far is None or rank < best_so_far:
            best_so_far = rank
    restatements = thread.times_raised - 1
    if restatements >= rules.stalled_restatements and latest is not None and only_not_implemented:
        flags.add(Flag.STALLED)
    if thread.gaps:
        flags.add(Flag.UNADDRESSED)
    if thread.priority and not thread.is_closed:
        flags.add(Flag.PRIORITY_OUTSTANDING)
    return flags

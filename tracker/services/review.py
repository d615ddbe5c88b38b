"""Review, one recommendation at a time: the queue, each recommendation's ranked candidates
with their threads, and decisions taken per recommendation. The CLI (`proposals`, `decide`) and
the TUI's triage screen both work through this module; the TUI keeps a `ReviewSession`.

- The queue holds the recommendations with undecided proposals, best candidate first (then the
  oldest proposal), of a country or a report where given. A recommendation's candidates are
  its proposals (decided ones included, marked), ranked by score: rank N is what "restates
  candidate N" names. Each candidate carries its thread (members with report and year, latest
  status) and whether the recommendation under review already restates into that thread.
- A decision is one action, one history batch, one `undo`:
  `restates` picks accept those links (several picks: a merge) and close every other undecided
  proposal of the recommendation, as distinct, or, where the candidate is already in the thread
  the picks join, as settled (the proposal is removed: the thread already says it, and the
  matcher never proposes a thread's own members); `none` closes them all as distinct; `pairs`
  decide single candidates (related, distinct, unsure, or restates).
- Refusals, before anything is written: a pick that would join two existing threads (each of
  two members or more) without `merge_threads`; a change to a link someone else decided (another
  reviewer, the matcher, an import) without `override`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from tracker.enums import LinkKind, LinkState, Status
from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.followup.threads import Thread, build_threads
from tracker.history_entries import LinkKey, json_value
from tracker.matching.review import DECIDE_ACTION, UNSURE_ACTION, Decision
from tracker.models import Link, utcnow
from tracker.repositories import decisions as decisions_repo
from tracker.repositories import followup as followup_repo
from tracker.repositories import proposals as links_repo
from tracker.repositories import review as repo
from tracker.repositories import writes
from tracker.repositories.history import HistoryRecorder
from tracker.repositories.reverting import link_values
from tracker.services import history
from tracker.store import Store

# -- what the queue shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    key: str
    report_id: str
    election_date: dt.date


@dataclass(frozen=True)
class ThreadContext:
    """The thread a recommendation belongs to: itself alone where nothing restates it."""

    members: tuple[Member, ...]
    latest_status: Status | None

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(member.key for member in self.members)

    @property
    def years(self) -> str:
        first = self.members[0].election_date.year
        last = self.members[-1].election_date.year
        return str(first) if first == last else f"{first}-{last}"

    def describe(self) -> str:
        """'thread of 3 (2012-2019), latest: partially implemented'."""
        if self.size < 2:
            head = f"on its own ({self.years})"
        else:
            head = f"thread of {self.size} ({self.years})"
        status = self.latest_status.label.lower() if self.latest_status else "not assessed"
        return f"{head}, latest: {status}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "members": [
                {
                    "key": member.key,
                    "report": member.report_id,
                    "election_date": member.election_date.isoformat(),
                }
                for member in self.members
            ],
            "latest_status": self.latest_status.value if self.latest_status else None,
        }


def decision_of(kind: LinkKind, state: LinkState) -> Decision | None:
    """The decision a link's kind and state record; None while it is a proposal."""
    for decision in Decision:
        if decision.outcome == (kind, state):
            return decision
    return None


def _when(moment: dt.datetime) -> str:
    """'at 19:38' today, else 'on 2026-12-06 19:38' (local time; stored in UTC)."""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return f"at {local:%H:%M}"
    return f"on {local:%Y-%m-%d %H:%M}"


def decided_marker(
    kind: LinkKind, state: LinkState, by: str | None, at: dt.datetime | None
) -> str | None:
    """'rejected by ana at 19:38', 'restates, accepted by the matcher on 2026-12-06 10:02'."""
    decision = decision_of(kind, state)
    if decision is None:
        return None
    said = "rejected" if decision is Decision.DISTINCT else f"{decision.label}, accepted"
    who = f" by {by}" if by else " by an import"
    return said + who + (f" {_when(at)}" if at else "")


@dataclass(frozen=True)
class Candidate:
    """An earlier recommendation proposed as restated by the one under review."""

    rank: int
    link_id: int
    version: int
    key: str
    text: str
    report_id: str
    election_date: dt.date
    score: float | None
    breakdown: Mapping[str, Any]
    kind: LinkKind
    state: LinkState
    decided_by: str | None
    decided_at: dt.datetime | None
    thread: ThreadContext
    in_own_thread: bool  # the recommendation under review already restates into this thread

    @property
    def is_open(self) -> bool:
        return self.state is LinkState.PROPOSED

    @property
    def decision(self) -> Decision | None:
        return decision_of(self.kind, self.state)

    @property
    def marker(self) -> str | None:
        return decided_marker(self.kind, self.state, self.decided_by, self.decided_at)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "key": self.key,
            "score": self.score,
            "text": self.text,
            "report": self.report_id,
            "election_date": self.election_date.isoformat(),
            "state": self.state.value,
            "kind": self.kind.value,
            "decided_by": self.decided_by,
            "decided_at": json_value(self.decided_at),
            "thread": list(self.thread.keys),
            "thread_latest_status": (
                self.thread.latest_status.value if self.thread.latest_status else None
            ),
            "in_own_thread": self.in_own_thread,
            "dominant": self.breakdown.get("dominant"),
        }


@dataclass(frozen=True)
class ReviewItem:
    """A recommendation under review, with its candidates in rank order."""

    recommendation_id: int
    key: str
    text: str
    report_id: str
    election_date: dt.date
    country: str
    thread: ThreadContext
    candidates: tuple[Candidate, ...]

    @property
    def open_candidates(self) -> tuple[Candidate, ...]:
        return tuple(candidate for candidate in self.candidates if candidate.is_open)

    @property
    def is_open(self) -> bool:
        return any(candidate.is_open for candidate in self.candidates)

    def candidate(self, reference: str | int) -> Candidate:
        """A candidate by its rank ('2', 2) or its key."""
        text = str(reference).strip().removeprefix("#")
        for candidate in self.candidates:
            if text == candidate.key or (text.isdigit() and int(text) == candidate.rank):
                return candidate
        ranks = ", ".join(f"{c.rank} ({c.key})" for c in self.candidates) or "none"
        raise InvalidInput(f"{reference!r} is not a candidate of {self.key}: candidates {ranks}")

    def as_dict(self, *, include_decided: bool = True) -> dict[str, Any]:
        shown = self.candidates if include_decided else self.open_candidates
        return {
            "key": self.key,
            "text": self.text,
            "report": self.report_id,
            "election_date": self.election_date.isoformat(),
            "country": self.country,
            "thread": list(self.thread.keys),
            "candidates": [candidate.as_dict() for candidate in shown],
        }


def _context(thread: Thread) -> ThreadContext:
    dates = {election.id: election.date for election in thread.raised_at}
    return ThreadContext(
        members=tuple(
            Member(member.key, member.report_id, dates[member.election_id])
            for member in thread.members
        ),
        latest_status=thread.latest_status,
    )


def _threads_of(session: Session, ids: Iterable[int]) -> dict[int, ThreadContext]:
    """Recommendation id -> its thread's context, for `ids` and their threads' members."""
    found: dict[int, ThreadContext] = {}
    for rows in followup_repo.rows_of_threads(session, set(ids)).values():
        for thread in build_threads(rows):
            context = _context(thread)
            for member in thread.members:
                found[member.id] = context
    return found


def _load_items(session: Session, source_ids: Sequence[int]) -> list[ReviewItem]:
    """The items of `source_ids`, in that order; a recommendation with no candidate left (its
    proposals removed meanwhile) is left out."""
    rows = [
        row
        for row in links_repo.links_of_sources(session, source_ids)
        if row.state is LinkState.PROPOSED or row.score is not None
    ]
    by_source: dict[int, list[links_repo.LinkRow]] = {}
    for row in rows:
        by_source.setdefault(row.source_id, []).append(row)
    threads = _threads_of(
        session, {row.source_id for row in rows} | {row.target_id for row in rows}
    )
    items: list[ReviewItem] = []
    for source_id in source_ids:
        found = by_source.get(source_id)
        if not found:
            continue
        found.sort(key=lambda row: (-(row.score or 0.0), row.id))
        ranks = _ranks(found)
        first = found[0]
        own = threads[source_id]
        candidates = tuple(
            Candidate(
                rank=rank,
                link_id=row.id,
                version=row.version,
                key=row.target_key,
                text=row.target_text,
                report_id=row.target_report,
                election_date=row.target_date,
                score=row.score,
                breakdown=dict(row.breakdown or {}),
                kind=row.kind,
                state=row.state,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
                thread=threads[row.target_id],
                in_own_thread=threads[row.target_id] is own and own.size > 1,
            )
            for rank, row in zip(ranks, found, strict=True)
        )
        items.append(
            ReviewItem(
                recommendation_id=source_id,
                key=first.source_key,
                text=first.source_text,
                report_id=first.source_report,
                election_date=first.source_date,
                country=first.country,
                thread=own,
                candidates=candidates,
            )
        )
    return items


def _ranks(rows: Sequence[links_repo.LinkRow]) -> list[int]:
    """Each candidate's number: the rank the match run gave it (its breakdown's `rank`), so
    that a number read from `rectrack proposals` names the same candidate after others were
    decided or settled; counted 1, 2, 3 ... instead where the runs' ranks clash or are
    missing (links from another source, proposals of two runs)."""
    given = [(row.breakdown or {}).get("rank") for row in rows]
    if all(isinstance(rank, int) and rank > 0 for rank in given) and len(set(given)) == len(given):
        return [int(rank) for rank in given if isinstance(rank, int)]
    return list(range(1, len(rows) + 1))


def _scope(country: str | None) -> str | None:
    if country is None:
        return None
    from tracker.countries import parse as parse_country

    return parse_country(country)


def queue_ids(
    store: Store,
    *,
    country: str | None = None,
    report_id: str | None = None,
    include_decided: bool = False,
) -> list[int]:
    """The queue's order, as recommendation ids."""
    wanted = _scope(country)
    with store.read() as session:
        if report_id is not None and not decisions_repo.report_id_exists(session, report_id):
            raise NotFound(f"no report {report_id!r} in the store")
        if wanted is not None and wanted not in (known := links_repo.known_countries(session)):
            found = NotFound.no_elections(wanted)
            raise NotFound(f"{found} (it has {', '.join(known)})" if known else str(found))
        return [
            queued.source_id
            for queued in repo.queue_order(
                session,
                country=wanted,
                report_id=report_id,
                include_decided=include_decided,
            )
        ]


def load_items(store: Store, source_ids: Sequence[int]) -> list[ReviewItem]:
    with store.read() as session:
        return _load_items(session, source_ids)


def load_item(store: Store, key: str) -> ReviewItem | None:
    """One recommendation as the queue shows it; None where it has no candidates."""
    with store.read() as session:
        found = repo.recommendation_id(session, key)
        if found is None:
            raise NotFound(f"no recommendation {key!r} in the store")
        items = _load_items(session, [found])
    return items[0] if items else None


def marked_unsure(store: Store, reviewer: str) -> set[LinkKey]:
    """The links `reviewer` marked unsure (not undone)."""
    with store.read() as session:
        keys = links_repo.marked_unsure(session, reviewer, UNSURE_ACTION)
    return {LinkKey.parse(key) for key in keys}


def waits_for(item: ReviewItem, unsure: set[LinkKey]) -> bool:
    """Whether the item waits for this reviewer: an open candidate not marked unsure."""
    return any(LinkKey(item.key, candidate.key) not in unsure for candidate in item.open_candidates)


def review_queue(
    store: Store,
    *,
    reviewer: str | None = None,
    country: str | None = None,
    report_id: str | None = None,
    include_decided: bool = False,
    limit: int | None = None,
) -> list[ReviewItem]:
    """The queue in order. Without `include_decided`, only recommendations that wait for
    `reviewer` (an undecided candidate that reviewer did not mark unsure)."""
    order = queue_ids(store, country=country, report_id=report_id, include_decided=include_decided)
    unsure = marked_unsure(store, reviewer) if reviewer and not include_decided else set()
    found: list[ReviewItem] = []
    page = 200
    for start in range(0, len(order), page):
        for item in load_items(store, order[start : start + page]):
            if include_decided or waits_for(item, unsure):
                found.append(item)
                if limit is not None and len(found) >= limit:
                    return found
    return found


def open_count(store: Store, *, country: str | None = None, report_id: str | None = None) -> int:
    """Recommendations with undecided proposals."""
    return len(queue_ids(store, country=country, report_id=report_id))


# -- deciding --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What a reviewer decided on one recommendation: candidates it restates (by rank or key;
    several for a merge), or none of them, and single pairs."""

    restates: tuple[str, ...] = ()
    none: bool = False
    pairs: tuple[tuple[str, Decision], ...] = ()

    def check(self) -> None:
        if self.restates and self.none:
            raise InvalidInput("give candidates it restates or 'none', not both")
        if not (self.restates or self.none or self.pairs):
            raise InvalidInput(
                "nothing decided: give candidates it restates, 'none', or a decision on a pair"
            )


@dataclass(frozen=True)
class Change:
    target: str
    decision: str  # restates, related, distinct, unsure, settled
    was: str | None = None  # someone else's decision it replaced
    already: str | None = None  # it was so already (by whom): nothing written

    def describe(self, source: str) -> str:
        arrow = f"{source} -> {self.target}"
        if self.decision == "settled":
            return f"settled (already in the thread): {arrow}"
        if self.already:
            return f"{self.decision}: {arrow} (already so: {self.already})"
        replaced = f" (was: {self.was})" if self.was else ""
        return f"{self.decision}: {arrow}{replaced}"


@dataclass(frozen=True)
class ReviewOutcome:
    key: str
    batch: str | None
    changes: tuple[Change, ...]
    none: bool = False  # the choice was "none of these"

    @property
    def counted(self) -> bool:
        """Whether it decided something (an 'unsure' alone does not)."""
        return any(change.decision != "unsure" for change in self.changes)

    def lines(self) -> list[str]:
        return [change.describe(self.key) for change in self.changes]

    def summary(self) -> str:
        """One line for a confirmation: the main decision, what it replaced, how many closed."""
        picked = [c for c in self.changes if c.decision == "restates"]
        closed = [c for c in self.changes if c.decision in ("distinct", "settled")]
        unsure = [c for c in self.changes if c.decision == "unsure"]
        replaced = [c.was for c in self.changes if c.was]
        if picked:
            head = f"restates: {self.key} -> " + ", ".join(c.target for c in picked)
            if closed:
                head += f"; {len(closed)} other{'s' if len(closed) != 1 else ''} closed"
        elif self.none:
            head = f"none of these: {self.key}; {len(closed)} closed as distinct"
        elif unsure and len(unsure) == len(self.changes):
            head = f"unsure: {self.key} ({len(unsure)} open; your queue passes it by)"
        else:
            head = "; ".join(change.describe(self.key) for change in self.changes)
        if replaced and (picked or self.none):
            head += f" (replaced: {'; '.join(replaced)})"
        return head or f"{self.key}: nothing changed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "batch": self.batch,
            "changes": [
                {
                    "target": c.target,
                    "decision": c.decision,
                    "was": c.was,
                    "already": c.already,
                }
                for c in self.changes
            ],
        }


def _now() -> dt.datetime:
    return utcnow().replace(microsecond=0)


def _describe_thread(context: ThreadContext) -> str:
    return f"{context.members[0].key} ({context.size} members, {context.years})"


def decide(
    store: Store,
    key: str,
    choice: Choice,
    *,
    actor: str,
    merge_threads: bool = False,
    override: bool = False,
) -> ReviewOutcome:
    """Record `choice` on the recommendation `key` as one action (see the module's rules)."""
    choice.check()
    with store.transaction() as session:
        recorder = HistoryRecorder(actor=actor, at=_now())
        changes = decide_in(
            session,
            key,
            choice,
            recorder=recorder,
            merge_threads=merge_threads,
            override=override,
        )
        batch = recorder.batch if recorder.pending else None
        recorder.flush(session)
    return ReviewOutcome(key=key, batch=batch, changes=tuple(changes), none=choice.none)


def decide_in(
    session: Session,
    key: str,
    choice: Choice,
    *,
    recorder: HistoryRecorder,
    merge_threads: bool = False,
    override: bool = False,
) -> list[Change]:
    """`decide` inside a transaction and a history batch the caller owns (the bulk accept
    records many in one). Every check comes before the first write: a refusal leaves the
    session as it was."""
    # The checks: what the references name, then the refusals.
    decision = _resolve(session, key, choice)
    _refuse_unsure_on_decided(decision)
    joined = _joined_threads(decision, merge_threads=merge_threads)
    closing = _closing(decision, choice, joined)
    replaced, already = _earlier_decisions(decision, closing, recorder.actor)
    if replaced and not override:
        raise _override_refused(decision, replaced)
    # The writes.
    changes = [
        *_write_picks(decision, recorder, replaced, already),
        *_write_pairs(decision, recorder, replaced, already),
        *_write_closing(decision, closing, recorder, replaced),
    ]
    session.flush()
    return changes


@dataclass
class _Resolved:
    """A decision on the recommendation `key` with its references resolved: its links by target
    id (locked), its queue item (None: no proposal of its own), the candidates it restates
    (`picks`, as target id and key) and the single pairs decided otherwise."""

    session: Session
    key: str
    source_id: int
    links: dict[int, Link]
    item: ReviewItem | None
    picks: list[tuple[int, str]]
    pairs: list[tuple[int, str, Decision]]

    @property
    def wanted(self) -> dict[int, Decision]:
        """What each link the choice names is to become."""
        wanted = {target: Decision.RESTATES for target, _ in self.picks}
        return wanted | {target: decision for target, _, decision in self.pairs}

    def target_key(self, target: int) -> str:
        """The key of a target: as the choice named it, as the queue shows it, else read."""
        named = {target: target_key for target, target_key in self.picks} | {
            target: target_key for target, target_key, _ in self.pairs
        }
        link = self.links.get(target)
        shown = {c.link_id: c.key for c in (self.item.candidates if self.item else ())}
        found = named.get(target) or (shown.get(link.id) if link else None)
        return found or _key_of(self.session, target)


def _marker_of(link: Link) -> str:
    return decided_marker(link.kind, link.state, link.decided_by, link.decided_at) or ""


def _resolve(session: Session, key: str, choice: Choice) -> _Resolved:
    """The recommendation, its links and candidates, and what each reference of `choice`
    names; `InvalidInput` where a reference names nothing it may, or names a candidate
    twice."""
    source_id = repo.recommendation_id(session, key)
    if source_id is None:
        raise NotFound(f"no recommendation {key!r} in the store")
    # The links first, locked (PostgreSQL): a decision by someone else on this recommendation
    # waits for ours, and the ranked candidates below are read after the lock.
    links = {link.target_id: link for link in repo.links_of_source_for_update(session, source_id)}
    items = _load_items(session, [source_id])
    item = items[0] if items else None
    by_id = {link.id: link for link in links.values()}

    def resolve(reference: str) -> tuple[int, str]:
        return _resolve_reference(session, key, item, by_id, reference)

    picks = [resolve(reference) for reference in dict.fromkeys(choice.restates)]
    pairs = [(*resolve(reference), decision) for reference, decision in choice.pairs]
    _check_named(key, choice, item, links, picks, pairs)
    picks += [(target, target_key) for target, target_key, d in pairs if d is Decision.RESTATES]
    pairs = [pair for pair in pairs if pair[2] is not Decision.RESTATES]
    return _Resolved(session, key, source_id, links, item, picks, pairs)


def _check_named(
    key: str,
    choice: Choice,
    item: ReviewItem | None,
    links: Mapping[int, Link],
    picks: Sequence[tuple[int, str]],
    pairs: Sequence[tuple[int, str, Decision]],
) -> None:
    """`InvalidInput` where the choice names a candidate twice, decides a pair other than as a
    restatement on a recommendation that is no candidate, or closes candidates there are
    none of."""
    named = [target for target, _ in picks] + [target for target, _, _ in pairs]
    if len(set(named)) != len(named):
        raise InvalidInput("a candidate is named twice: give one decision per candidate")
    for target_id, target_key, decision in pairs:
        if target_id not in links and decision is not Decision.RESTATES:
            raise InvalidInput(f"{target_key} is not a candidate of {key}")
    if choice.none and item is None:
        raise InvalidInput(f"{key} has no candidates to close")


def _resolve_reference(
    session: Session,
    key: str,
    item: ReviewItem | None,
    by_id: Mapping[int, Link],
    reference: str,
) -> tuple[int, str]:
    """The target id and key a reference names: a candidate (by rank or key), else an earlier
    recommendation of the country by key."""
    text = reference.strip()
    if item is not None:
        try:
            found = item.candidate(text)
        except InvalidInput:
            found = None
        if found is not None:
            link = by_id.get(found.link_id)
            if link is None:
                raise ConflictError(
                    f"{key}: candidate {found.key} changed meanwhile; read the queue again"
                )
            return link.target_id, found.key
    if text.isdigit():
        ranks = ", ".join(str(c.rank) for c in item.candidates) if item else ""
        raise InvalidInput(
            f"{key} has no candidate {text}"
            + (f": candidates are {ranks}" if ranks else " (the matcher proposed none)")
        )
    return _earlier(session, key, text), text


def _refuse_unsure_on_decided(decision: _Resolved) -> None:
    """'unsure' only marks a proposal: `InvalidInput` where it names a decided link."""
    for target, wanted in decision.wanted.items():
        link = decision.links.get(target)
        if wanted is Decision.UNSURE and link is not None and link.state is not LinkState.PROPOSED:
            raise InvalidInput(
                f"'unsure' applies to proposals only: {decision.key} -> "
                f"{decision.target_key(target)} is {_marker_of(link)}"
            )


def _joined_threads(decision: _Resolved, *, merge_threads: bool) -> set[int]:
    """The members of the thread the picks join (empty without picks). Joining two threads
    that each have members of their own is a merge, said and agreed first:
    `ThreadMergeRefused` without `merge_threads`."""
    if not decision.picks:
        return set()
    session = decision.session
    own = followup_repo.thread_member_ids(session, {decision.source_id})
    groups = [frozenset(own)]
    for target, _ in decision.picks:
        if target not in own:
            members = frozenset(followup_repo.thread_member_ids(session, {target}))
            if members not in groups:
                groups.append(members)
    established = [group for group in groups if len(group) > 1]
    if len(established) > 1 and not merge_threads:
        raise _merge_refused(session, established)
    return set().union(*groups)


def _merge_refused(session: Session, established: Sequence[frozenset[int]]) -> ThreadMergeRefused:
    contexts = _threads_of(session, {min(group) for group in established})
    described = tuple(_describe_thread(contexts[min(group)]) for group in established)
    return ThreadMergeRefused(
        f"this joins {len(established)} threads: thread A {described[0]}"
        + "".join(
            f" with thread {chr(66 + index)} {text}" for index, text in enumerate(described[1:])
        )
        + ". If they are one ask, decide again with --merge-threads "
        "(in the TUI: answer yes)",
        described,
    )


def _closing(decision: _Resolved, choice: Choice, joined: set[int]) -> dict[int, str]:
    """The other candidates a per-recommendation decision closes, and what becomes of them:
    distinct, or settled (removed) where they are in the thread the picks join. A decided
    link that the decision contradicts (an acceptance under "none", a rejection of a thread
    member) is closed too, and is someone else's decision to replace only when asked."""
    closing: dict[int, str] = {}
    if not (decision.picks or choice.none):
        return closing
    wanted = decision.wanted
    for target, link in decision.links.items():
        if target in wanted:
            continue
        if link.state is LinkState.PROPOSED:
            closing[target] = "settled" if target in joined else "distinct"
        elif choice.none and link.state is LinkState.ACCEPTED and link.kind is LinkKind.RESTATES:
            closing[target] = "distinct"
        elif decision.picks and target in joined and link.state is LinkState.REJECTED:
            closing[target] = "settled"
    return closing


def _earlier_decisions(
    decision: _Resolved, closing: Mapping[int, str], actor: str
) -> tuple[dict[int, str], dict[int, str]]:
    """Among the decided links the decision touches, someone else's decisions it would
    replace, and those it leaves as they are (already so), each with its marker."""
    replaced: dict[int, str] = {}
    already: dict[int, str] = {}
    intended: list[tuple[int, Decision | None]] = [
        *decision.wanted.items(),
        *(
            (target, Decision.DISTINCT if outcome == "distinct" else None)
            for target, outcome in closing.items()
        ),
    ]
    for target, becomes in intended:  # None: removed (settled)
        link = decision.links.get(target)
        if link is None or link.state is LinkState.PROPOSED:
            continue
        if becomes is not None and decision_of(link.kind, link.state) is becomes:
            if link.decided_by != actor:
                already[target] = _marker_of(link)
            continue
        if link.decided_by != actor:
            replaced[target] = _marker_of(link)
    return replaced, already


def _override_refused(decision: _Resolved, replaced: Mapping[int, str]) -> OverrideRefused:
    said = "; ".join(
        f"{decision.key} -> {decision.target_key(target)}: {marker}"
        for target, marker in replaced.items()
    )
    return OverrideRefused(
        f"someone else decided this: {said}. To replace their decision, decide again "
        "with --override (in the TUI: answer yes)",
        tuple(f"{decision.target_key(target)}: {marker}" for target, marker in replaced.items()),
    )


def _write_picks(
    decision: _Resolved,
    recorder: HistoryRecorder,
    replaced: Mapping[int, str],
    already: Mapping[int, str],
) -> list[Change]:
    """Accept the picks as restatements, a link created where there was none."""
    actor, now = recorder.actor, recorder.at
    changes: list[Change] = []
    for target, target_key in decision.picks:
        if target in already:
            changes.append(Change(target_key, "restates", already=already[target]))
            continue
        link = decision.links.get(target)
        pair_key = LinkKey(decision.key, target_key)
        if link is None:
            link = repo.add_link(
                decision.session,
                Link(
                    source_id=decision.source_id,
                    target_id=target,
                    kind=LinkKind.RESTATES,
                    state=LinkState.ACCEPTED,
                    decided_by=actor,
                    decided_at=now,
                    created_at=now,
                ),
            )
            recorder.record(DECIDE_ACTION, "link", pair_key, new=link_values(pair_key, link))
        else:
            writes.set_fields(
                link,
                pair_key,
                {
                    "kind": LinkKind.RESTATES,
                    "state": LinkState.ACCEPTED,
                    "decided_by": actor,
                    "decided_at": now,
                },
                recorder,
                DECIDE_ACTION,
            )
        changes.append(Change(target_key, "restates", replaced.get(target)))
    return changes


def _write_pairs(
    decision: _Resolved,
    recorder: HistoryRecorder,
    replaced: Mapping[int, str],
    already: Mapping[int, str],
) -> list[Change]:
    """Decide the single pairs: 'unsure' is a history entry alone (the link stays proposed)."""
    changes: list[Change] = []
    for target, target_key, wanted in decision.pairs:
        if target in already:
            changes.append(Change(target_key, wanted.label, already=already[target]))
            continue
        pair_key = LinkKey(decision.key, target_key)
        if wanted is Decision.UNSURE:
            recorder.record(
                UNSURE_ACTION, "link", pair_key, field="state", old="proposed", new="proposed"
            )
        else:
            _set_decision(decision.links[target], pair_key, wanted, recorder)
        changes.append(Change(target_key, wanted.label, replaced.get(target)))
    return changes


def _write_closing(
    decision: _Resolved,
    closing: Mapping[int, str],
    recorder: HistoryRecorder,
    replaced: Mapping[int, str],
) -> list[Change]:
    """Close the other candidates: distinct, or settled (the link removed)."""
    changes: list[Change] = []
    for target, outcome in closing.items():
        link = decision.links[target]
        target_key = decision.target_key(target)
        pair_key = LinkKey(decision.key, target_key)
        if outcome == "settled":
            recorder.record(DECIDE_ACTION, "link", pair_key, old=link_values(pair_key, link))
            repo.delete_link(decision.session, link)
        else:
            _set_decision(link, pair_key, Decision.DISTINCT, recorder)
        changes.append(Change(target_key, outcome, replaced.get(target)))
    return changes


def _set_decision(link: Link, key: LinkKey, wanted: Decision, recorder: HistoryRecorder) -> None:
    """Write a reviewer's decision on an existing link (its kind and state, who and when)."""
    kind, state = wanted.outcome or (link.kind, link.state)
    writes.set_fields(
        link,
        key,
        {"kind": kind, "state": state, "decided_by": recorder.actor, "decided_at": recorder.at},
        recorder,
        DECIDE_ACTION,
    )


def _key_of(session: Session, recommendation_id: int) -> str:
    return links_repo.keys_of(session, [recommendation_id]).get(recommendation_id, "?")


def _earlier(session: Session, key: str, target_key: str) -> int:
    """A recommendation named by key that `key` may restate: of the same country, raised at an
    earlier election (the format's rule for links)."""
    source = decisions_repo.recommendation_by_key(session, key)
    try:
        target = decisions_repo.recommendation_by_key(session, target_key)
    except NotFound:
        raise InvalidInput(
            f"{target_key!r} is neither a candidate of {key} nor a recommendation in the store"
        ) from None
    if target.election.country != source.election.country:
        raise InvalidInput(
            f"{target_key} is of {target.election.country}, {key} of "
            f"{source.election.country}: a restatement stays within a country"
        )
    if target.election.date >= source.election.date:
        raise InvalidInput(
            f"{target_key} ({target.election.date}) is not earlier than {key} "
            f"({source.election.date}): a recommendation restates earlier ones only"
        )
    return target.recommendation.id


class OverrideRefused(ConflictError):
    """The decision would replace someone else's; `decisions` says whose, and when."""

    def __init__(self, message: str, decisions: tuple[str, ...]) -> None:
        super().__init__(message)
        self.decisions = decisions


class ThreadMergeRefused(ConflictError):
    """The picks would join threads that each have members of their own."""

    def __init__(self, message: str, threads: tuple[str, ...]) -> None:
        super().__init__(message)
        self.threads = threads


# -- the session -----------------------------------------------------------------------------

ACTION_WORDS = {DECIDE_ACTION: "decision", UNSURE_ACTION: "'unsure' mark"}


@dataclass(frozen=True)
class Undone:
    """What an undo reverted, and the recommendation it put back in front of the reviewer."""

    result: history.UndoResult
    item: ReviewItem | None
    reopened: int = 0  # its candidates the undo made undecided again


@dataclass
class ReviewSession:
    """One reviewer's walk through the queue: the trail of recommendations seen (so going back
    asks nothing of the store), items fetched ahead (so stepping never waits), the ones skipped,
    the decisions of this session, and undo put back in place.

    Methods that read or write the store block; a UI calls them in a worker, one at a time
    (`lock` serialises them), and shows `current` afterwards."""

    store: Store
    reviewer: str
    country: str | None = None
    report_id: str | None = None
    page: int = 20
    trail: list[ReviewItem] = field(default_factory=list)
    position: int = 0
    ahead: list[ReviewItem] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)
    decided: int = 0
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=5))
    remaining: int | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    _unsure: set[LinkKey] = field(default_factory=set)
    _fetching: threading.Lock = field(default_factory=threading.Lock)
    _stale: set[int] = field(default_factory=set)
    _order: list[int] | None = None
    _cursor: int = 0

    # state (no store) ------------------------------------------------------------------------

    @property
    def current(self) -> ReviewItem | None:
        if 0 <= self.position < len(self.trail):
            return self.trail[self.position]
        return None

    @property
    def at_end(self) -> bool:
        """Past the last item, with nothing left to fetch."""
        return self.current is None and not self.ahead and self._exhausted

    @property
    def _exhausted(self) -> bool:
        return self._order is not None and self._cursor >= len(self._order)

    def needs_fetch(self) -> bool:
        """Fewer items than a few are fetched ahead, and the queue has more."""
        return not self._exhausted and len(self.ahead) < max(3, self.page // 3)

    def back(self) -> bool:
        """To the previous item of the session; False at the first."""
        with self.lock:
            if self.position <= 0:
                return False
            self.position = min(self.position, len(self.trail)) - 1
            return True

    def forward_ready(self) -> bool:
        """Whether `forward` can move without reading the store."""
        return self.position + 1 < len(self.trail) or bool(self.ahead) or self._exhausted

    # store ----------------------------------------------------------------------------------

    def start(self) -> None:
        """(Re)read the queue's order and show its first item."""
        with self.lock:
            self.trail.clear()
            self.ahead.clear()
            self.position = 0
            self._order = None
            self._cursor = 0
        self.forward()

    def fetch(self) -> None:
        """Read the next page of the queue into `ahead`. The store is read outside `lock`, so
        that moving through what is already there never waits for a fetch."""
        with self._fetching:
            if self._order is None:
                order = queue_ids(self.store, country=self.country, report_id=self.report_id)
                unsure = marked_unsure(self.store, self.reviewer)
                with self.lock:
                    self._order, self._unsure = order, unsure
                    self.remaining = len(order)
            while True:
                with self.lock:
                    if self._exhausted or len(self.ahead) >= self.page:
                        return
                    assert self._order is not None
                    seen = {item.recommendation_id for item in [*self.trail, *self.ahead]}
                    wanted: list[int] = []
                    while self._cursor < len(self._order) and len(wanted) < self.page:
                        source_id = self._order[self._cursor]
                        self._cursor += 1
                        if source_id not in seen and source_id not in self.skipped:
                            wanted.append(source_id)
                    unsure = set(self._unsure)
                items = load_items(self.store, wanted)
                with self.lock:
                    present = {item.recommendation_id for item in [*self.trail, *self.ahead]}
                    self.ahead.extend(
                        item
                        for item in items
                        if waits_for(item, unsure) and item.recommendation_id not in present
                    )

    def forward(self) -> bool:
        """To the next item: the next of the trail, else the next of the queue (read when
        needed). False when the queue has nothing more."""
        with self.lock:
            if self.position + 1 < len(self.trail):
                self.position += 1
                return True
            if self._take_ahead():
                return True
        self.fetch()
        with self.lock:
            if self._take_ahead():
                return True
            self.position = len(self.trail)
            return False

    def _take_ahead(self) -> bool:
        if not self.ahead:
            return False
        self.trail.append(self.ahead.pop(0))
        self.position = len(self.trail) - 1
        return True

    def skip(self) -> bool:
        """Leave the current item undecided for this session and move on."""
        with self.lock:
            item = self.current
            if item is not None:
                self.skipped.add(item.recommendation_id)
        return self.forward()

    def decide(
        self, choice: Choice, *, merge_threads: bool = False, override: bool = False
    ) -> ReviewOutcome:
        """Record `choice` on the current item and move to the next one, unless candidates of
        this one still wait for the reviewer (after a decision on one pair: then it is read
        again at once). The decided item and the next are marked stale: `refresh_stale` reads
        them again (a UI calls it once the next one is on screen, so that a decision is not
        kept waiting by reads). A refusal raises, and the session stays where it is."""
        with self.lock:
            item = self.current
        if item is None:
            raise InvalidInput("no recommendation to decide on: the queue is empty")
        outcome = decide(
            self.store,
            item.key,
            choice,
            actor=self.reviewer,
            merge_threads=merge_threads,
            override=override,
        )
        decided = {change.target for change in outcome.changes if change.decision != "unsure"}
        still_open = [c.key for c in item.open_candidates if c.key not in decided]
        with self.lock:
            was_waiting = waits_for(item, self._unsure)
            self._unsure |= {
                LinkKey(item.key, change.target)
                for change in outcome.changes
                if change.decision == "unsure"
            }
            waiting = any(LinkKey(item.key, key) not in self._unsure for key in still_open)
            # Counted once a recommendation stops waiting for a decision, not per pair.
            if outcome.counted and was_waiting and not still_open:
                self.decided += 1
            if self.remaining is not None and item.is_open and not still_open:
                self.remaining = max(0, self.remaining - 1)
            self.recent.appendleft(outcome.summary())
            self._stale.add(item.recommendation_id)
            if self.ahead:
                # The decision may have changed the next one's candidates' threads.
                self._stale.add(self.ahead[0].recommendation_id)
            move_on = (
                not waiting
                and self.current is not None
                and self.current.recommendation_id == item.recommendation_id
            )
        if move_on:
            self.forward()
        else:
            self.refresh_stale()
        return outcome

    def refresh_stale(self) -> bool:
        """Read again the items a decision made stale; whether the current one changed."""
        with self.lock:
            wanted = sorted(self._stale)
            self._stale.clear()
        if not wanted:
            return False
        fresh = {found.recommendation_id: found for found in load_items(self.store, wanted)}
        with self.lock:
            before = self.current
            for found in fresh.values():
                self._replace(found)
            for index, waiting in enumerate(list(self.ahead)):
                if waiting.recommendation_id in wanted:
                    renewed = fresh.get(waiting.recommendation_id)
                    if renewed is not None and renewed.is_open:
                        self.ahead[index] = renewed
                    else:
                        self.ahead.remove(waiting)
            return self.current is not before

    def _replace(self, item: ReviewItem | None) -> None:
        """Put a fresh read of an item of the trail in its place."""
        if item is None:
            return
        for index, existing in enumerate(self.trail):
            if existing.recommendation_id == item.recommendation_id:
                self.trail[index] = item

    def undo(self) -> Undone:
        """Undo the reviewer's last action (from the history, so also one of an earlier
        session); where it was a decision on a recommendation, that recommendation is put back
        in front of the reviewer, as it now is."""
        self.refresh_stale()  # what the counters compare with: the items as decided
        result = history.undo_last(self.store, self.reviewer)
        sources = list(dict.fromkeys(key.source for key in result.keys if isinstance(key, LinkKey)))
        item = load_item(self.store, sources[0]) if sources else None
        unsure = (
            marked_unsure(self.store, self.reviewer) if result.action == UNSURE_ACTION else None
        )
        undone = set(result.keys)
        reopened = (
            sum(1 for c in item.open_candidates if LinkKey(item.key, c.key) in undone)
            if item is not None
            else 0
        )
        with self.lock:
            if unsure is not None:
                self._unsure = unsure
            before = next(
                (t for t in self.trail if item and t.recommendation_id == item.recommendation_id),
                None,
            )
            # What `decide` counted, taken back: a recommendation that waits again.
            was_closed = before is None or not before.is_open
            if item is not None and item.is_open and was_closed:
                if result.action == DECIDE_ACTION and before is not None:
                    self.decided = max(0, self.decided - 1)
                if self.remaining is not None:
                    self.remaining += 1
            self.recent.appendleft(
                f"undone: {ACTION_WORDS.get(result.action, result.action)}"
                + (f" on {item.key}" if item else "")
            )
            if item is not None:
                self.skipped.discard(item.recommendation_id)
                self.ahead = [
                    a for a in self.ahead if a.recommendation_id != item.recommendation_id
                ]
                for index, existing in enumerate(self.trail):
                    if existing.recommendation_id == item.recommendation_id:
                        self.trail[index] = item
                        self.position = index
                        break
                else:
                    at = min(self.position, len(self.trail))
                    self.trail.insert(at, item)
                    self.position = at
        return Undone(result=result, item=item, reopened=reopened)

    def reload_current(self) -> ReviewItem | None:
        """Read the current item again (after a refusal: someone else decided meanwhile)."""
        item = self.current
        if item is None:
            return None
        fresh = load_items(self.store, [item.recommendation_id])
        with self.lock:
            self._replace(fresh[0] if fresh else None)
            return self.current

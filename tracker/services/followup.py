"""Follow-up use cases: assess, threads, flags, status summaries, split and merge.

`assess`, `split` and `merge` change existing rows through `tracker.repositories.writes`
(version checked, one history entry per changed field); each call is one history batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import fieldrules
from tracker.countries import parse as parse_country
from tracker.enums import LinkKind, LinkState, Status
from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.followup.rows import CountryRows
from tracker.followup.summary import CycleSummary, cycle_summaries
from tracker.followup.threads import FlagRules, Thread, build_threads
from tracker.history_entries import AssessmentKey, LinkKey
from tracker.models import Assessment, Link, utcnow
from tracker.repositories import decisions, followup, reverting, writes
from tracker.repositories.history import HistoryRecorder
from tracker.store import Store


@dataclass(frozen=True)
class AssessResult:
    key: str
    report_id: str
    old_status: Status | None
    new_status: Status
    version: int
    fields: tuple[str, ...] = ()  # what the call changed (status, evidence, assessor)

    @property
    def changed(self) -> bool:
        return self.old_status != self.new_status


def assess(
    store: Store,
    key: str,
    *,
    at_report: str,
    status: Status,
    actor: str,
    evidence: str | None = None,
    assessor: str | None = None,
    expected_version: int | None = None,
) -> AssessResult:
    """Set (or change) the status of `key` as judged by `at_report`, at its election.

    `expected_version` is the version the caller last saw (None: whatever is there now);
    a different stored version means someone else assessed it meanwhile: a conflict.

    The values follow the import's rules (`tracker.fieldrules`), so that the export of what
    is written imports again; blank `evidence` clears it, None leaves it as it is. Without an
    `assessor`, the assessor is `actor`, so the reviewer's name must be a valid one too."""
    where = f"{key} at {at_report}"
    if not isinstance(status, Status):  # an API caller's text: the import's wording
        try:
            status = fieldrules.status(str(status))
        except fieldrules.BadValue as exc:
            raise fieldrules.BadValue(f"{where}: {exc.message}") from None
    cleaned_evidence = (
        fieldrules.EVIDENCE.optional_from_person(evidence, where) if evidence is not None else None
    )
    who = (
        fieldrules.ASSESSOR.from_person(assessor, where)
        if assessor is not None
        else fieldrules.REVIEWER.from_person(actor, where)
    )
    with store.transaction() as session:
        placed = decisions.recommendation_by_key(session, key)
        report, election = decisions.report_with_election(session, at_report)
        if election.country != placed.election.country:
            raise InvalidInput(
                f"{at_report} is a report on {election.country}, but {key} is a "
                f"{placed.election.country} recommendation"
            )
        if election.date <= placed.election.date:
            raise InvalidInput(
                f"{at_report} ({election.date}) cannot assess {key}: an assessment comes from "
                f"a later election than {placed.election.date}"
            )
        recorder = HistoryRecorder(actor=actor)
        entry_key = AssessmentKey(key, at_report)
        row = decisions.assessment(session, placed.recommendation.id, at_report)
        if row is None:
            if expected_version not in (None, 0):
                raise ConflictError(f"the assessment of {key} at {at_report} was removed meanwhile")
            row = Assessment(
                recommendation_id=placed.recommendation.id,
                report_id=report.id,
                status=status,
                evidence=cleaned_evidence,
                assessor=who,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:
                if "unique" not in str(exc.orig).lower():
                    raise
                # Another writer inserted the first assessment of this pair after we read none.
                raise ConflictError(
                    f"someone else assessed {key} at {at_report} meanwhile; reload and try again"
                ) from None
            recorder.record(
                "assess",
                "assessment",
                entry_key,
                new=reverting.assessment_values(entry_key, row),
            )
            old_status = None
            changed = ["status", *(["evidence"] if cleaned_evidence else []), "assessor"]
        else:
            old_status = row.status
            changes: dict[str, object] = {"status": status, "assessor": who}
            if evidence is not None:
                changes["evidence"] = cleaned_evidence
            changed = writes.set_fields(
                row,
                entry_key,
                changes,
                recorder,
                "assess",
                expected_version=expected_version,
                conflict=(
                    f"{row.assessor or 'someone'} assessed {key} at {at_report} meanwhile "
                    f"(now {row.status.value}); reload and try again"
                ),
            )
        recorder.flush(session)
        return AssessResult(
            key, at_report, old_status, row.status, row.version, fields=tuple(changed)
        )


def thread_of(store: Store, key: str, *, as_of: dt.date | None = None) -> Thread:
    with store.read() as session:
        placed = decisions.recommendation_by_key(session, key)
        country = placed.election.country
    for thread in build_threads(_rows(store, country)[country], as_of):
        if any(member.key == key for member in thread.members):
            return thread
    raise NotFound(f"{key} was raised after {as_of}")


def threads(
    store: Store,
    country: str | None = None,
    *,
    as_of: dt.date | None = None,
    rules: FlagRules | None = None,
) -> dict[str, list[Thread]]:
    """Every thread, by country (one country where given)."""
    return {code: build_threads(rows, as_of, rules) for code, rows in _rows(store, country).items()}


def flagged(
    store: Store, country: str | None = None, *, as_of: dt.date | None = None
) -> dict[str, list[Thread]]:
    return {
        code: [thread for thread in found if thread.flags]
        for code, found in threads(store, country, as_of=as_of).items()
    }


def status_summaries(store: Store, country: str | None = None) -> dict[str, list[CycleSummary]]:
    return {code: cycle_summaries(rows) for code, rows in _rows(store, country).items()}


def _rows(store: Store, country: str | None) -> dict[str, CountryRows]:
    """The rows of every country, or of one: `InvalidInput` for a code that does not exist,
    `NotFound` for one the store holds no election of."""
    code = parse_country(country) if country is not None else None
    with store.read() as session:
        loaded = followup.load_rows(session, code)
    if code is not None and code not in loaded:
        raise NotFound.no_elections(code)
    return loaded


@dataclass(frozen=True)
class ThreadEdit:
    changed_links: tuple[LinkKey, ...]


def split(store: Store, key: str, *, actor: str) -> ThreadEdit:
    """Take `key` out of its thread: its accepted restatement links become rejected."""
    with store.transaction() as session:
        placed = decisions.recommendation_by_key(session, key)
        touching = decisions.accepted_restatements_touching(session, placed.recommendation.id)
        if not touching:
            raise InvalidInput(f"{key} is not linked to a thread: nothing to split")
        recorder = HistoryRecorder(actor=actor)
        now = utcnow()
        wanted = {"state": LinkState.REJECTED, "decided_by": actor, "decided_at": now}
        for view in touching:
            writes.set_fields(
                view.link, LinkKey(view.source_key, view.target_key), wanted, recorder, "split"
            )
        recorder.flush(session)
        return ThreadEdit(tuple(LinkKey(v.source_key, v.target_key) for v in touching))


def merge(store: Store, key_a: str, key_b: str, *, actor: str) -> ThreadEdit:
    """Join the threads of two recommendations of one country: the later one restates the
    earlier one (an accepted link, new or changed)."""
    with store.transaction() as session:
        first = decisions.recommendation_by_key(session, key_a)
        second = decisions.recommendation_by_key(session, key_b)
        if first.election.country != second.election.country:
            raise InvalidInput(f"{key_a} and {key_b} are recommendations of different countries")
        if first.election.date == second.election.date:
            raise InvalidInput(
                f"{key_a} and {key_b} were raised at the same election: a restatement links a "
                "later election to an earlier one"
            )
        later, earlier = (
            (first, second) if first.election.date > second.election.date else (second, first)
        )
        source_key, target_key = later.recommendation.key, earlier.recommendation.key
        if _same_thread(session, later.election.country, source_key, target_key):
            raise InvalidInput(f"{key_a} and {key_b} are already in one thread")
        recorder = HistoryRecorder(actor=actor)
        now = utcnow()
        link = decisions.link_by_keys(session, source_key, target_key)
        if link is None:
            link = Link(
                source_id=later.recommendation.id,
                target_id=earlier.recommendation.id,
                kind=LinkKind.RESTATES,
                state=LinkState.ACCEPTED,
                decided_by=actor,
                decided_at=now,
            )
            session.add(link)
            session.flush()
            recorder.record(
                "merge",
                "link",
                LinkKey(source_key, target_key),
                new=reverting.link_values(LinkKey(source_key, target_key), link),
            )
        else:
            writes.set_fields(
                link,
                LinkKey(source_key, target_key),
                {
                    "kind": LinkKind.RESTATES,
                    "state": LinkState.ACCEPTED,
                    "decided_by": actor,
                    "decided_at": now,
                },
                recorder,
                "merge",
            )
        recorder.flush(session)
        return ThreadEdit((LinkKey(source_key, target_key),))


def _same_thread(session: Session, country: str, source_key: str, target_key: str) -> bool:
    for thread in build_threads(followup.load_rows(session, country)[country]):
        keys = {member.key for member in thread.members}
        if source_key in keys:
            return target_key in keys
    return False

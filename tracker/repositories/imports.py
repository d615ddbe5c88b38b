"""The SQL of an import: what the batch checks and the planner read, and writing a plan.

A plan is written in bulk, a step per kind of row (topics, reports, new recommendations, changed
and removed ones, links, assessments), one statement per kind of change and chunk (see
catalog.CHUNK), the history last in one insert. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.importing.batch import SnapshotRequest, StoreSnapshot
from tracker.importing.plan import (
    IMPORT_ACTION,
    Plan,
    Question,
    StoreContent,
    StoredAssessment,
    StoredLink,
)
from tracker.models import Assessment, HistoryEntry, Link, Recommendation, Report
from tracker.repositories import catalog
from tracker.repositories.catalog import chunks, table_of
from tracker.repositories.history import HistoryRecorder

# History actions that are not a person's: an import's, and the matcher's (its proposals and
# the links it accepts on its own above the configured threshold).
NOT_A_PERSON = frozenset({IMPORT_ACTION, "propose", "auto-accept"})


def snapshot(session: Session, request: SnapshotRequest) -> StoreSnapshot:
    return StoreSnapshot(
        topics=frozenset(catalog.topics(session)),
        report_ids=catalog.all_report_ids(session),
        reports=catalog.report_elections(session, request.report_ids),
        recommendations=catalog.recommendation_reports(session, request.keys),
        elections=catalog.election_reports(session, request.countries),
    )


def content(session: Session, report_ids: Collection[str]) -> StoreContent:
    """The batch's reports as the store holds them, and the links and assessments that touch
    their recommendations."""
    reports = catalog.stored_reports(session, report_ids)
    links: dict[tuple[str, str], StoredLink] = {}
    assessments: dict[tuple[str, str], StoredAssessment] = {}
    source = aliased(Recommendation)
    target = aliased(Recommendation)
    for chunk in chunks(sorted(reports)):
        rows = session.execute(
            select(
                Link.id,
                source.key.label("source"),
                target.key.label("target"),
                Link.kind,
                Link.state,
                Link.score,
                Link.breakdown,
                Link.decided_by,
                Link.decided_at,
            )
            .join(source, source.id == Link.source_id)
            .join(target, target.id == Link.target_id)
            .where(or_(source.report_id.in_(chunk), target.report_id.in_(chunk)))
        )
        for row in rows:
            links[(row.source, row.target)] = StoredLink(
                id=row.id,
                source=row.source,
                target=row.target,
                kind=row.kind,
                state=row.state,
                score=row.score,
                breakdown=row.breakdown,
                decided_by=row.decided_by,
                decided_at=row.decided_at,
            )
        rows = session.execute(
            select(
                Assessment.id,
                Recommendation.key,
                Assessment.report_id,
                Assessment.status,
                Assessment.evidence,
                Assessment.assessor,
            )
            .join(Recommendation, Recommendation.id == Assessment.recommendation_id)
            .where(or_(Assessment.report_id.in_(chunk), Recommendation.report_id.in_(chunk)))
        )
        for row in rows:
            assessments[(row.key, row.report_id)] = StoredAssessment(
                id=row.id,
                recommendation=row.key,
                report_id=row.report_id,
                status=row.status,
                evidence=row.evidence,
                assessor=row.assessor,
            )
    # The reports at the other end of those links and assessments: the store's rules (the
    # order of elections, one country) are checked against them as the import leaves them.
    ends = {_report_of(key) for pair in links for key in pair}
    ends |= {_report_of(key) for key, _ in assessments} | {by for _, by in assessments}
    return StoreContent(
        topics=catalog.topics(session),
        reports=reports,
        links=links,
        assessments=assessments,
        elections=catalog.report_elections(session, ends),
    )


def _report_of(key: str) -> str:
    """The report id of a recommendation key `<report id>#<number>` (ids hold no '#')."""
    return key.partition("#")[0]


def decided_by_person(session: Session, questions: Collection[Question]) -> frozenset[Question]:
    """The questions (entity, key, field) whose answer is "a person": the latest history entry
    for the row (links, assessments: any field) or for the field (recommendations; an entry
    that created the row counts too) is not an import's or the matcher's."""
    by_entity: dict[str, set[str]] = defaultdict(set)
    fields_asked: dict[tuple[str, str], list[str | None]] = defaultdict(list)
    for entity, key, field in questions:
        by_entity[entity].add(key)
        fields_asked[(entity, key)].append(field)
    latest: dict[tuple[str, str, str | None], tuple[int, str]] = {}
    for entity, keys in by_entity.items():
        for chunk in chunks(sorted(keys)):
            rows = session.execute(
                select(
                    HistoryEntry.id, HistoryEntry.key, HistoryEntry.field, HistoryEntry.action
                ).where(HistoryEntry.entity == entity, HistoryEntry.key.in_(chunk))
            )
            for row in rows:
                fields = [None] if entity != "recommendation" else [row.field]
                if entity == "recommendation" and row.field is None:
                    fields = fields_asked[(entity, row.key)]
                for field in fields:
                    slot = (entity, row.key, field)
                    if slot not in latest or latest[slot][0] < row.id:
                        latest[slot] = (row.id, row.action)
    return frozenset(
        question
        for question in questions
        if question in latest and latest[question][1] not in NOT_A_PERSON
    )


def apply_plan(
    session: Session,
    plan: Plan,
    *,
    actor: str,
    now: dt.datetime,
    progress: Callable[[str, int, int], None] | None = None,
    match_cache: Mapping[str, tuple[str, str]] | None = None,
) -> int:
    """Write the plan; returns the number of history entries recorded. `match_cache` maps a
    text to its normalised tokens and digest (matching's cache columns), for the texts of new
    and changed recommendations; texts it lacks are left for the next match run to fill."""
    rows = len(plan.recommendations_new) + len(plan.links_new) + len(plan.assessments_new)
    with catalog.large_page_cache(session, rows):
        return _apply(
            session, plan, actor=actor, now=now, progress=progress, match_cache=match_cache or {}
        )


def _apply(
    session: Session,
    plan: Plan,
    *,
    actor: str,
    now: dt.datetime,
    progress: Callable[[str, int, int], None] | None,
    match_cache: Mapping[str, tuple[str, str]],
) -> int:
    """Write the plan in its order (what a row refers to comes first), one step per kind of
    row, the history last; `progress` hears of each step."""
    now = now.replace(microsecond=0)
    steps = 7
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress("writing", step, steps)

    _apply_topics(session, plan)
    advance()
    old_elections = _apply_reports(session, plan)
    advance()
    ids = _apply_new_recommendations(session, plan, match_cache)
    advance()
    _apply_recommendation_changes(session, plan, match_cache)
    advance()
    wanted = {link.source for link in plan.links_new} | {link.target for link in plan.links_new}
    wanted |= {assessment.recommendation for assessment in plan.assessments_new}
    ids.update(catalog.recommendation_ids(session, wanted - ids.keys()))
    _apply_links(session, plan, ids, actor=actor, now=now)
    advance()
    _apply_assessments(session, plan, ids)
    advance()
    if old_elections:
        catalog.delete_empty_elections(session, old_elections)
    written = _record_history(session, plan, actor=actor, now=now)
    advance()
    return written


def _apply_topics(session: Session, plan: Plan) -> None:
    catalog.insert_topics(session, plan.topics_new)
    catalog.update_topics(session, plan.topics_update)


def _apply_reports(session: Session, plan: Plan) -> set[int]:
    """New and changed reports, their elections created where missing. Returns the elections
    that reports moved away from (removed at the end where nothing is left on them)."""
    moved = [report.id for report, values in plan.reports_update if "election" in values]
    old_elections = (
        set(session.scalars(select(Report.election_id).where(Report.id.in_(moved))))
        if moved
        else set()
    )
    election_ids = catalog.ensure_elections(
        session,
        [report.election for report in plan.reports_new]
        + [values["election"] for _, values in plan.reports_update if "election" in values],
    )
    catalog.insert_reports(
        session,
        [
            {
                "id": report.id,
                "election_id": election_ids[report.election.identity],
                "observer": report.observer,
                "kind": report.kind,
                "title": report.title,
                "published": report.published,
                "url": report.url,
                "note": report.note,
                "version": 1,
            }
            for report in plan.reports_new
        ],
    )
    report_changes: list[tuple[Any, dict[str, Any]]] = []
    for report, values in plan.reports_update:
        columns = dict(values)
        if "election" in columns:
            columns["election_id"] = election_ids[columns.pop("election").identity]
        report_changes.append((report.id, columns))
    catalog.update_rows(session, Report, "id", report_changes)
    return old_elections


def _apply_new_recommendations(
    session: Session, plan: Plan, match_cache: Mapping[str, tuple[str, str]]
) -> dict[str, int]:
    """The new recommendations (with matching's cache where it has their text) and their
    topics. Returns their ids by key."""
    rec_rows = [
        {
            "key": f"{report_id}#{rec.number}",
            "report_id": report_id,
            "number": rec.number,
            "text": rec.text,
            "priority": rec.priority,
            "addressees": list(rec.addressees),
            "version": 1,
            "match_tokens": match_cache.get(rec.text, (None, None))[0],
            "match_digest": match_cache.get(rec.text, (None, None))[1],
        }
        for report_id, rec in plan.recommendations_new
    ]
    ids = catalog.insert_recommendations(
        session, rec_rows, {report_id for report_id, _ in plan.recommendations_new}
    )
    catalog.insert_topic_rows(
        session,
        {
            ids[f"{report_id}#{rec.number}"]: rec.topics
            for report_id, rec in plan.recommendations_new
        },
    )
    return ids


def _apply_recommendation_changes(
    session: Session, plan: Plan, match_cache: Mapping[str, tuple[str, str]]
) -> None:
    """Changed recommendations (their columns, their topics) and removed ones."""
    catalog.update_rows(
        session,
        Recommendation,
        "id",
        [
            (change.id, _with_match_cache(change.values, match_cache))
            for change in plan.recommendations_update
        ],
    )
    catalog.replace_topics(session, plan.topics_of)
    catalog.delete_recommendations(session, plan.recommendations_delete)


def _apply_links(
    session: Session, plan: Plan, ids: Mapping[str, int], *, actor: str, now: dt.datetime
) -> None:
    """New links (decided by `actor` at `now`), changed and removed ones; `ids` maps every
    recommendation a new link names to its id."""
    link_rows: list[dict[str, Any]] = [
        {
            "source_id": ids[link.source],
            "target_id": ids[link.target],
            "kind": link.kind,
            "state": link.state,
            "decided_by": actor,
            "decided_at": now,
            "created_at": now,
            "version": 1,
        }
        for link in plan.links_new
    ]
    catalog.bulk_insert(session, table_of(Link), link_rows)
    _update_versioned(session, Link, [(c.id, dict(c.values)) for c in plan.links_update])
    _delete_ids(session, Link, plan.links_delete)


def _apply_assessments(session: Session, plan: Plan, ids: Mapping[str, int]) -> None:
    """New assessments, changed and removed ones; `ids` maps every recommendation a new one
    assesses to its id."""
    assessment_rows: list[dict[str, Any]] = [
        {
            "recommendation_id": ids[assessment.recommendation],
            "report_id": assessment.report_id,
            "status": assessment.status,
            "evidence": assessment.evidence,
            "assessor": assessment.assessor,
            "version": 1,
        }
        for assessment in plan.assessments_new
    ]
    catalog.bulk_insert(session, table_of(Assessment), assessment_rows)
    _update_versioned(
        session, Assessment, [(c.id, dict(c.values)) for c in plan.assessments_update]
    )
    _delete_ids(session, Assessment, plan.assessments_delete)


def _record_history(session: Session, plan: Plan, *, actor: str, now: dt.datetime) -> int:
    """The plan's history entries, as one batch of the import; returns how many."""
    recorder = HistoryRecorder(actor=actor, at=now)
    for change in plan.history:
        recorder.record(
            IMPORT_ACTION,
            change.entity,
            change.key,
            field=change.field,
            old=change.old,
            new=change.new,
        )
    return recorder.flush(session)


def _with_match_cache(
    values: Mapping[str, Any], match_cache: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    """A recommendation's changed columns, plus matching's cache columns when the text changed
    (emptied when the cache lacks the new text, so that no stale form survives)."""
    result = dict(values)
    if "text" in result:
        tokens, digest = match_cache.get(result["text"], (None, None))
        result["match_tokens"] = tokens
        result["match_digest"] = digest
    return result


def _update_versioned(
    session: Session,
    model: type[Link] | type[Assessment],
    changes: list[tuple[int, dict[str, Any]]],
) -> None:
    catalog.update_rows(session, model, "id", changes)


def _delete_ids(session: Session, model: type[Link] | type[Assessment], ids: list[int]) -> None:
    table = table_of(model)
    for chunk in chunks(sorted(ids)):
        session.execute(delete(table).where(table.c.id.in_(chunk)))

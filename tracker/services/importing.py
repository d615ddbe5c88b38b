"""`rectrack import`: YAML files and folders into the store, as one batch in one transaction.

1. Read and validate every file (pure, before the store is touched).
2. In one transaction: read what the store holds that the batch needs, check references over
   the batch and the store, plan against the store's content, stop on conflicts with reviewer
   decisions (unless `prefer` says who wins), write the plan in bulk with its history.
Any error anywhere: nothing is written (ImportFailed, ImportConflict). `dry_run` does all of it
but the writing, in a read-only session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from tracker.bulk import paused_garbage_collection
from tracker.errors import ConstraintViolation, ImportConflict, ImportFailed, TrackerError
from tracker.importing.batch import Progress, check_batch, read_batch, snapshot_request
from tracker.importing.issues import ImportIssue, sorted_issues
from tracker.importing.plan import (
    Counts,
    Plan,
    Prefer,
    ReportSummary,
    plan_with_provenance,
)
from tracker.models import utcnow
from tracker.repositories import imports
from tracker.store import Store

if TYPE_CHECKING:
    from tracker.services.matching import MatchSummary


@dataclass(frozen=True)
class ImportSummary:
    dry_run: bool
    prune: bool
    prefer: Prefer | None
    files: tuple[str, ...]
    topics: Counts
    reports: tuple[ReportSummary, ...]
    resolved: tuple[ImportIssue, ...]
    history_entries: int

    @property
    def created_report_ids(self) -> list[str]:
        """The reports this import added (matching proposes for these)."""
        return [report.id for report in self.reports if report.status == "added"]

    def totals(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for name in ("recommendations", "links", "assessments"):
            total = Counts()
            for report in self.reports:
                counts: Counts = getattr(report, name)
                total.added += counts.added
                total.changed += counts.changed
                total.unchanged += counts.unchanged
                total.removed += counts.removed
                total.kept += counts.kept
            result[name] = total.as_dict()
        result["reports"] = {
            status: sum(1 for report in self.reports if report.status == status)
            for status in ("added", "changed", "unchanged")
        }
        result["topics"] = self.topics.as_dict()
        return result

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "prune": self.prune,
            "prefer": self.prefer,
            "files": list(self.files),
            "topics": self.topics.as_dict(),
            "reports": [report.as_dict() for report in self.reports],
            "totals": self.totals(),
            "conflicts_resolved": [str(issue) for issue in self.resolved],
            "history_entries": self.history_entries,
            "created_report_ids": self.created_report_ids,
        }


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    actor: str,
    dry_run: bool = False,
    prune: bool = False,
    prefer: Prefer | None = None,
    match: bool = True,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the YAML files and folders in `paths` as one batch (see the module doc)."""

    def attempt() -> ImportSummary:
        return _import(
            store,
            paths,
            actor=actor,
            dry_run=dry_run,
            prune=prune,
            prefer=prefer,
            progress=progress,
        )

    with paused_garbage_collection():
        try:
            summary = attempt()
        except ConstraintViolation as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            # A checked batch breaks no constraint of the store it was checked against: a
            # concurrent writer created or removed the same rows (a report, a recommendation)
            # since it was read. The database made this import wait until that writer ended,
            # so one more round reads, checks and plans against what it committed.
            summary = attempt()
    if match and not dry_run and summary.created_report_ids:
        propose_matches(store, summary.created_report_ids, actor)
    return summary


def _import(
    store: Store,
    paths: Sequence[Path],
    *,
    actor: str,
    dry_run: bool,
    prune: bool,
    prefer: Prefer | None,
    progress: Progress | None,
) -> ImportSummary:
    batch, issues = read_batch(paths, progress)
    if issues:
        # One round: the checks over the batch and the store run on what the files with errors
        # still gave (never imported), and every issue is reported together.
        if batch.reports:
            try:
                with store.read() as session:
                    snapshot = imports.snapshot(session, snapshot_request(batch))
            except TrackerError:  # the store cannot be read: the files' own issues still stand
                raise ImportFailed(issues) from None
            issues = sorted_issues(issues + check_batch(batch, snapshot, prune=prune))
        raise ImportFailed(issues)
    now = utcnow()
    session_scope = store.read() if dry_run else store.transaction()
    with session_scope as session:
        snapshot = imports.snapshot(session, snapshot_request(batch))
        issues = check_batch(batch, snapshot, prune=prune)
        if issues:
            raise ImportFailed(issues)
        content = imports.content(session, batch.report_ids)
        plan = plan_with_provenance(
            batch,
            content,
            lambda keys: imports.decided_by_person(session, keys),
            actor=actor,
            now=now,
            prune=prune,
            prefer=prefer,
        )
        if plan.conflicts or plan.rule_breaks:
            raise ImportConflict(
                sorted_issues(plan.conflicts + plan.rule_breaks),
                rule_breaks=len(plan.rule_breaks),
            )
        written = 0
        if not dry_run and plan.writes_anything:
            written = imports.apply_plan(
                session,
                plan,
                actor=actor,
                now=now,
                progress=progress,
                match_cache=_match_cache(plan),
            )
    return ImportSummary(
        dry_run=dry_run,
        prune=prune,
        prefer=prefer,
        files=batch.files,
        topics=plan.topics,
        reports=tuple(plan.reports),
        resolved=tuple(plan.resolved),
        history_entries=written if not dry_run else len(plan.history),
    )


def _match_cache(plan: Plan) -> dict[str, tuple[str, str]]:
    """Matching's cached normalised form of every new or changed text (tracker/matching/
    cache.py), so that a later match run need not normalise them. Under a matching
    configuration that does not load, nothing: the match run that needs them reports it."""
    from tracker.errors import ConfigError
    from tracker.matching.cache import TokenCache
    from tracker.matching.config import load_config
    from tracker.matching.normalise import Normaliser

    texts = [rec.text for _, rec in plan.recommendations_new]
    texts += [
        change.values["text"] for change in plan.recommendations_update if "text" in change.values
    ]
    if not texts:
        return {}
    try:
        config = load_config()
    except ConfigError:
        return {}
    return TokenCache(Normaliser.from_config(config)).entries(texts)


def propose_matches(
    store: Store, report_ids: list[str], actor: str, progress: Progress | None = None
) -> MatchSummary:
    """Propose restatement candidates for the reports an import added.

    It runs after the import's transaction has committed, in a transaction of its own, and only
    for reports the import created (`ImportSummary.created_report_ids`); `rectrack import
    --no-match` passes match=False and skips it.
    """
    from tracker.services.matching import propose_for_reports

    return propose_for_reports(store, report_ids, actor, progress=progress)

"""The match run: what `rectrack match` and `rectrack import` call, each call one transaction.
Reviewing the proposals is `tracker.services.review`, the bulk accept of strong ones
`tracker.services.triage`, the gold evaluation (`rectrack eval-matching`)
`tracker.services.evaluation`.

- `propose` scores every recommendation in scope against the earlier recommendations of its
  country and stores the best `top_k` above the floor as `proposed` links (kind restates), with
  score and breakdown. The normalised texts come from the store's cache (match_tokens,
  match_digest; tracker/matching/cache.py): rows whose digest does not fit the text and the
  rules in use are normalised again and written back in bulk first. Pairs that already have a
  link of any state are never proposed again (accepted, rejected, `related`, YAML's
  `restates`/`related`/`distinct_from`), nor are candidates already in the recommendation's
  thread; proposals that exist are kept as they are, so a re-run adds only what is new.
  A recommendation with a proposal a reviewer decided gets no new proposals (a re-run
  would otherwise put it back in the queue with its next-best candidates).
- A run is one history entry (action `propose`, entity `match-run`, its counts as the value,
  under the person who ran it), never one per proposal; undo leaves proposals alone (a
  reviewer decides them instead).
- A country or store-wide run is incremental (tracker/matching/incremental.py): it scores only
  the countries whose recommendations, links or configuration changed since the run that last
  scored them, and records what each scored country holds afterwards; `propose_for_reports`
  (after an import) covers the reports named. `unmatched` lists the reports no run has covered
  under the configuration in use (`MatchSummary` says what a run did).
- `--auto-accept` (off by default) then accepts a recommendation's best candidate when it
  scores at least the strict threshold and leads the runner-up from the same earlier election
  by the configured gap. The matcher decided, so `decided_by` and the history's actor are the
  matcher, not the person who ran the command (`history --by matcher`, `undo --by matcher`),
  in a batch of their own: one entry per changed field of each accepted link (`set_fields`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tracker.countries import parse as parse_country
from tracker.enums import LinkKind, LinkState
from tracker.errors import ConfigError, NotFound
from tracker.history_entries import LinkKey
from tracker.identity import MATCHER_ACTOR
from tracker.matching.blocking import MatchRecord
from tracker.matching.cache import TokenCache
from tracker.matching.config import MatchingConfig, load_config
from tracker.matching.engine import MatchRun, Progress, run_matching
from tracker.matching.evaluation import UnionFind
from tracker.matching.incremental import (
    EMPTY,
    Plan,
    ReportState,
    country_digests,
    facts_of,
    link_code,
    plan,
)
from tracker.matching.normalise import Normaliser
from tracker.matching.proposals import auto_accept_choices
from tracker.models import utcnow
from tracker.repositories import proposals as repo
from tracker.repositories import writes
from tracker.repositories.history import HistoryRecorder
from tracker.store import Store

PROPOSE_ACTION = "propose"
AUTO_ACCEPT_ACTION = "auto-accept"


def _now() -> dt.datetime:
    return utcnow().replace(microsecond=0)


@dataclass(frozen=True)
class MatchSummary:
    """What one matching run did."""

    countries: tuple[str, ...]
    reports: tuple[str, ...]
    queries: int
    pairs_scored: int
    proposed: int
    already_proposed: int
    with_candidates: int
    auto_accepted: int
    elapsed_s: float
    config: str
    accept_threshold: float
    # Incremental runs (`rectrack match`, `--country`): the countries scored and why (reports
    # counted by reason: new, config, changed), and the reports of countries left as they were.
    scored_countries: tuple[str, ...] | None = None
    reasons: dict[str, int] | None = None
    skipped_reports: int = 0

    @property
    def incremental(self) -> bool:
        return self.scored_countries is not None

    def why(self) -> str:
        """What an incremental run scored and why, in a sentence ('' for other runs)."""
        if self.scored_countries is None:
            return ""
        if not self.scored_countries:
            return f"Nothing new since the last run: {self.skipped_reports:,} reports skipped."
        reasons = self.reasons or {}
        named = {
            "new": "not matched before",
            "config": "matched under another configuration",
            "changed": "in a country whose recommendations or links changed",
        }
        said = ", ".join(f"{count:,} {named[key]}" for key, count in reasons.items() if count)
        return (
            f"Scored {len(self.scored_countries):,} "
            f"{'country' if len(self.scored_countries) == 1 else 'countries'} again "
            f"(reports: {said}); {self.skipped_reports:,} reports unchanged, skipped."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "countries": list(self.countries),
            "reports": list(self.reports),
            "recommendations": self.queries,
            "pairs_scored": self.pairs_scored,
            "proposed": self.proposed,
            "already_proposed": self.already_proposed,
            "with_candidates": self.with_candidates,
            "auto_accepted": self.auto_accepted,
            "elapsed_s": round(self.elapsed_s, 3),
            "config": self.config,
            "accept_threshold": self.accept_threshold,
            "incremental": None
            if self.scored_countries is None
            else {
                "scored_countries": list(self.scored_countries),
                "reasons": dict(self.reasons or {}),
                "skipped_reports": self.skipped_reports,
                "said": self.why(),
            },
        }


def _excluded(
    records: Sequence[MatchRecord], links: Iterable[repo.ExistingLink]
) -> tuple[dict[int, set[int]], set[tuple[int, int]]]:
    """Pairs never to propose (any decided link, either direction; members of the query's
    thread), and the pairs already proposed."""
    excluded: dict[int, set[int]] = defaultdict(set)
    proposed: set[tuple[int, int]] = set()
    threads = UnionFind()
    for link in links:
        if link.state is LinkState.PROPOSED:
            proposed.add((link.source_id, link.target_id))
            continue
        excluded[link.source_id].add(link.target_id)
        excluded[link.target_id].add(link.source_id)
        if link.kind is LinkKind.RESTATES and link.state is LinkState.ACCEPTED:
            threads.union(str(link.source_id), str(link.target_id))
    for members in threads.groups().values():
        ids = {int(member) for member in members}
        for member in ids:
            excluded[member].update(ids - {member})
    known = {record.id for record in records}
    return {key: value for key, value in excluded.items() if key in known}, proposed


LOADING_STAGE = "loading"
NORMALISING_STAGE = "normalising"
PROPOSING_STAGE = "proposing"
# Rows per progress step while normalising and writing: small enough that a long phase moves.
STEP = 2000


def _run(
    store: Store,
    *,
    countries: Collection[str] | None,
    query_filter: Callable[[MatchRecord], bool],
    report_ids: Sequence[str],
    actor: str,
    auto_accept: bool,
    config: MatchingConfig,
    across_countries: bool = False,
    incremental: bool = False,
    progress: Progress | None = None,
) -> MatchSummary:
    """One match run in one transaction. It covers `report_ids` when given, else every report
    of `countries` (all when None), and records so (`matched_config`) with its proposals.

    `incremental` (whole countries only, `report_ids` empty): score only the countries whose
    inputs or configuration changed since the run that last scored them (see
    tracker/matching/incremental.py), and record the digest of what each scored country holds
    afterwards (`matched_inputs`). A country is scored exactly as a full run scores it."""
    assert not (incremental and (report_ids or across_countries))
    started = time.perf_counter()
    now = _now()
    say = progress or _silent
    scope = None if across_countries else countries
    with store.transaction() as session:
        say(LOADING_STAGE, 0, 3)
        # Read before the records, so that a report committed meanwhile by another session is
        # left unmarked (matched again later) rather than marked without having been matched.
        states: list[ReportState] = []
        if incremental:
            states = [
                ReportState(report_id, country, matched, inputs)
                for report_id, country, matched, inputs in repo.report_match_states(session, scope)
            ]
            covered = [state.report_id for state in states]
        else:
            covered = list(report_ids) or repo.report_ids_of_countries(session, scope)
        todo: Plan | None = None
        loading = scope
        if incremental:
            # What changed is found from a lean read (no cached tokens, links as numbers);
            # only the countries to score are then loaded in full.
            digests = country_digests(*repo.match_inputs(session, scope))
            todo = plan(states, digests, config.fingerprint)
            if not todo.countries:
                # Nothing new: no writes, not even a history entry.
                return _summary(started, [], report_ids, MatchRun(), [], 0, 0, config, todo)
            if set(digests) - todo.countries:
                loading = sorted(todo.countries)
        say(LOADING_STAGE, 1, 3)
        loaded = repo.load_records(session, loading)
        say(LOADING_STAGE, 2, 3)
        links = repo.links_of_countries(session, loading)
        say(LOADING_STAGE, 3, 3)
        if todo is not None:
            loaded = [record for record in loaded if record.country in todo.countries]
        history = _refresh_tokens(session, loaded, config, say)
        queries = [record for record in history if query_filter(record)]
        excluded, already = _excluded(history, links)
        restated = [
            (link.source_id, link.target_id)
            for link in links
            if link.kind is LinkKind.RESTATES and link.state is LinkState.ACCEPTED
        ]
        run = run_matching(
            queries,
            history,
            config,
            excluded=excluded,
            restated=restated,
            across_countries=across_countries,
            progress=progress,
        )
        # A recommendation a reviewer has decided on gets no new candidates: its next-best ones
        # would put it back in the queue after "restates N" or "none of these".
        reviewed = {
            link.source_id for link in links if link.scored and link.state is not LinkState.PROPOSED
        }
        new = [
            c
            for c in run.candidates
            if (c.source.id, c.target.id) not in already and c.source.id not in reviewed
        ]
        kept = len(run.candidates) - len(new)
        say(PROPOSING_STAGE, 0, len(new))
        for start in range(0, len(new), STEP):
            chunk = new[start : start + STEP]
            repo.insert_proposals(
                session,
                [
                    (c.source.id, c.target.id, round(c.value, 6), c.breakdown_text(config))
                    for c in chunk
                ],
                now,
            )
            say(PROPOSING_STAGE, start + len(chunk), len(new))
        recorder = HistoryRecorder(actor=actor, at=now)
        if new:
            # One entry per run, not per proposal: a proposal is nobody's decision, the link
            # carries its score and breakdown, and a first run on a large store makes
            # hundreds of thousands of them.
            recorder.record(
                PROPOSE_ACTION,
                "match-run",
                _run_scope(countries, report_ids, across_countries),
                new={
                    "proposed": len(new),
                    "queries": len(queries),
                    "reports": list(report_ids),
                    "config": config.fingerprint,
                },
            )
        recorder.flush(session)
        # In the proposals' transaction: a run that fails leaves its reports unmatched, and a
        # report with no earlier election to match against counts as matched once covered.
        if todo is None:
            repo.mark_matched(session, covered, config.fingerprint)
        else:
            # The digest of what the scored countries hold now, this run's proposals included
            # (before any auto-acceptance: an accepted link is a change the next run scores).
            proposed_code = link_code(LinkKind.RESTATES.value, LinkState.PROPOSED.value, True)
            coded = [
                (
                    link.source_id,
                    link.target_id,
                    link_code(link.kind.value, link.state.value, link.scored),
                )
                for link in links
            ] + [(c.source.id, c.target.id, proposed_code) for c in new]
            after = country_digests(
                *facts_of(loaded), np.array(coded, dtype=np.int64).reshape(-1, 3)
            )
            repo.mark_scored(
                session,
                {
                    state.report_id: after.get(state.country, EMPTY)
                    for state in states
                    if state.country in todo.countries
                },
                config.fingerprint,
            )
        accepted = 0
        if auto_accept:
            accepted = _auto_accept(session, run, config, actor=actor, now=now)
    return _summary(started, queries, report_ids, run, new, kept, accepted, config, todo)


def _summary(
    started: float,
    queries: Sequence[MatchRecord],
    report_ids: Sequence[str],
    run: MatchRun,
    new: Sequence[Any],
    kept: int,
    accepted: int,
    config: MatchingConfig,
    todo: Plan | None,
) -> MatchSummary:
    return MatchSummary(
        countries=tuple(sorted({record.country for record in queries})),
        reports=tuple(report_ids),
        queries=len(queries),
        pairs_scored=run.pairs_scored,
        proposed=len(new),
        already_proposed=kept,
        with_candidates=len({candidate.source.id for candidate in run.candidates}),
        auto_accepted=accepted,
        elapsed_s=time.perf_counter() - started,
        config=config.fingerprint,
        accept_threshold=config.thresholds.accept,
        scored_countries=None if todo is None else tuple(sorted(todo.countries)),
        reasons=None if todo is None else dict(todo.reasons),
        skipped_reports=0 if todo is None else len(todo.skipped),
    )


def _silent(_stage: str, _done: int, _total: int) -> None:
    pass


def _refresh_tokens(
    session: Any, records: Sequence[MatchRecord], config: MatchingConfig, say: Progress
) -> list[MatchRecord]:
    """`records` with their cached normalised forms brought up to date, and the stale ones
    written back, a step at a time (a first run or new rules normalise the whole history)."""
    cache = TokenCache(Normaliser.from_config(config))
    result: list[MatchRecord] = []
    say(NORMALISING_STAGE, 0, len(records))
    for start in range(0, len(records), STEP):
        fresh, stale = cache.refresh(records[start : start + STEP])
        repo.store_match_tokens(session, stale)
        result.extend(fresh)
        say(NORMALISING_STAGE, len(result), len(records))
    return result


def _run_scope(
    countries: Collection[str] | None, report_ids: Sequence[str], across_countries: bool
) -> str:
    """What a match run covered, as its history entry's key: short (the key column holds 400
    characters; an import of many reports names them all in the entry's value)."""
    if report_ids:
        more = f" (+{len(report_ids) - 1} more)" if len(report_ids) > 1 else ""
        return f"reports={report_ids[0]}{more}"
    if countries is None or across_countries:
        return "all"
    return "countries=" + ",".join(sorted(countries))


def _auto_accept(
    session: Any, run: MatchRun, config: MatchingConfig, *, actor: str, now: dt.datetime
) -> int:
    chosen = auto_accept_choices(run.candidates, config)
    if not chosen:
        return 0
    ids = repo.link_ids(session, [(c.source.id, c.target.id) for c in chosen])
    rows = {link.id: link for link in repo.links_by_id(session, ids.values())}
    # The matcher decided, so the history names it: `history --by matcher` lists its
    # acceptances and `undo --by matcher` reverts them (the match run names the person).
    recorder = HistoryRecorder(actor=MATCHER_ACTOR, at=now)
    accepted = {"state": LinkState.ACCEPTED, "decided_by": MATCHER_ACTOR, "decided_at": now}
    count = 0
    for candidate in chosen:
        link = rows.get(ids.get((candidate.source.id, candidate.target.id), -1))
        if link is None or link.state is not LinkState.PROPOSED:
            continue
        key = LinkKey(candidate.source.key, candidate.target.key)
        writes.set_fields(link, key, accepted, recorder, AUTO_ACCEPT_ACTION)
        count += 1
    recorder.flush(session)
    return count


def propose(
    store: Store,
    *,
    country: str | None = None,
    report_id: str | None = None,
    actor: str,
    auto_accept: bool = False,
    config: MatchingConfig | None = None,
    full: bool = False,
    progress: Progress | None = None,
) -> MatchSummary:
    """Propose earlier restatements for the recommendations of one report, one country, or
    (neither given) the whole store. `progress(stage, done, total)` hears how far it is.

    A country or store-wide run is incremental: it scores only the countries where something
    changed since the run that last scored them under this configuration (and proposes what
    a full run would); `full` scores every country of its scope regardless."""
    config = config or load_config()
    if report_id is not None:
        return propose_for_reports(
            store,
            [report_id],
            actor,
            auto_accept=auto_accept,
            config=config,
            strict=True,
            progress=progress,
        )
    if country is not None:
        wanted = parse_country(country)
        with store.read() as session:
            known = repo.known_countries(session)
        if wanted not in known:
            found = NotFound.no_elections(wanted)
            raise NotFound(f"{found} (it has {', '.join(known)})" if known else str(found))
        return _run(
            store,
            countries=[wanted],
            query_filter=lambda record: record.country == wanted,
            report_ids=(),
            actor=actor,
            auto_accept=auto_accept,
            config=config,
            incremental=not full,
            progress=progress,
        )
    return _run(
        store,
        countries=None,
        query_filter=lambda record: True,
        report_ids=(),
        actor=actor,
        auto_accept=auto_accept,
        config=config,
        incremental=not full,
        progress=progress,
    )


def propose_for_reports(
    store: Store,
    report_ids: Sequence[str],
    actor: str,
    *,
    auto_accept: bool = False,
    config: MatchingConfig | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> MatchSummary:
    """Propose for the recommendations of `report_ids` (what `rectrack import` calls for the
    reports it added). With `strict`, an unknown report id is an error."""
    config = config or load_config()
    with store.read() as session:
        countries = repo.countries_of_reports(session, report_ids)
    missing = sorted(set(report_ids) - set(countries))
    if missing and strict:
        raise NotFound(f"no report {', '.join(repr(m) for m in missing)} in the store")
    wanted = set(countries)
    return _run(
        store,
        countries=sorted(set(countries.values())),
        query_filter=lambda record: record.report_id in wanted,
        report_ids=sorted(wanted),
        actor=actor,
        auto_accept=auto_accept,
        config=config,
        progress=progress,
    )


@dataclass(frozen=True)
class Unmatched:
    """The reports no match run has covered under the matching configuration in use (or, where
    that configuration does not load, the reports no match run ever covered)."""

    report_ids: tuple[str, ...]
    countries: tuple[str, ...]
    config: str | None

    @property
    def count(self) -> int:
        return len(self.report_ids)

    @property
    def command(self) -> str:
        """What covers them: the one report, else the whole store."""
        return match_command(self.report_ids)


def match_command(report_ids: Sequence[str]) -> str:
    """The command that matches `report_ids`, as messages name it."""
    if len(report_ids) == 1:
        return f"rectrack match --report {report_ids[0]}"
    return "rectrack match"


def unmatched(store: Store, config: MatchingConfig | None = None) -> Unmatched:
    """The reports `rectrack match` has yet to cover (`Unmatched`)."""
    fingerprint: str | None
    if config is not None:
        fingerprint = config.fingerprint
    else:
        try:
            fingerprint = load_config().fingerprint
        except ConfigError:  # the match run that needs it says what is wrong with it
            fingerprint = None
    with store.read() as session:
        rows = repo.unmatched_reports(session, fingerprint)
    return Unmatched(
        report_ids=tuple(report_id for report_id, _ in rows),
        countries=tuple(sorted({country for _, country in rows})),
        config=fingerprint,
    )


def propose_all(
    store: Store,
    *,
    actor: str,
    config: MatchingConfig,
    across_countries: bool = False,
) -> MatchSummary:
    """A full run over the whole store, every country scored (the gold evaluation's run);
    `across_countries` pools all countries into one block."""
    return _run(
        store,
        countries=None,
        query_filter=lambda record: True,
        report_ids=(),
        actor=actor,
        auto_accept=False,
        config=config,
        across_countries=across_countries,
    )

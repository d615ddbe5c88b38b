#!/usr/bin/env python3
"""Benchmark of reviewing one recommendation at a time (issue 14): a scripted reviewer drives
the triage screen with Textual's Pilot on the held-out gold set.

    python bench/bench_review.py [--gold tests/heldout] [--scenario hidden|reviewed|all] [--json]

(`python -m bench --only review` runs the three scenarios through the shared harness, `run(ctx)`.)

The store: the gold set imported into a throw-away SQLite file, its `restates` links
remembered and then every link deleted, and `rectrack match` run on the whole store (as
`tracker.services.evaluation.evaluate_gold` does). Three scenarios:

- `hidden` (the evaluate_gold store as it is): the triage queue of a country holds the
  recommendations of all its reports; those of reports other than the newest are passed with
  `n` (counted apart, as navigation, not as keystrokes of the recommendations under review).
- `reviewed`: the older reports of each country are decided first through the service, from
  the gold links (as an earlier review would have left them), so the newest report's candidates
  carry real threads, and merges may have to join two threads (the screen asks first).
- `all`: the `hidden` store, and every recommendation of every report is reviewed in queue
  order (the held-out set's merges of two earlier asks are in older reports: this scenario is
  the one that presses space and Enter).

Then, per country, the triage screen (80x24) shows the queue and the scripted reviewer decides
every recommendation of the NEWEST report (`all`: of every report), from the gold links: a gold
target among the candidates -> its digit; several -> each selected (arrow keys) and marked
(space), then Enter; a "join two threads?" question -> y when gold puts them in one thread,
else n; no gold target among the candidates -> 0. Every key press is counted (arrows, space,
y/n included).

Measured: keystrokes and decisions per recommendation under review and per gold restatement;
recall among candidates (gold restatements among the candidates that end up accepted; 1.0
expected); wrong links (accepted restatements not implied by the gold threads: 0 expected);
the time from the deciding key (digit, 0, Enter, or the y that answers a question) to the next
recommendation on screen (target < 50 ms). For comparison, the proposal-by-proposal screen
this replaced is SIMULATED, not driven: it took one key (and one decision) per proposal (r for
a gold one, d for others), so its figure is the number of open proposals of each
recommendation under review.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "heldout"
REVIEWER = "bench-reviewer"
EARLIER = "earlier-reviewer"


@dataclass
class Gold:
    restates: dict[str, set[str]]  # source key -> its gold targets
    component: dict[str, int]  # key -> its gold thread (connected by restates)
    newest: dict[str, str]  # country -> its newest report
    reports: dict[str, list[str]]  # country -> its reports, oldest first
    under_review: set[str] = field(default_factory=set)  # the reports the reviewer decides

    def one_thread(self, keys: list[str]) -> bool:
        found = {self.component.get(key, hash(key)) for key in keys}
        return len(found) == 1


@dataclass
class Tally:
    recommendations: int = 0  # under review (of the newest reports, in the queue)
    keystrokes: int = 0
    decisions: int = 0  # decide actions recorded (a refused one that is asked again: one)
    navigation: int = 0  # `n` presses passing other reports' recommendations
    questions: int = 0  # "join threads?" dialogs answered
    gold_restatements: int = 0  # gold links whose source is under review
    gold_among: int = 0  # ... with the target among the candidates
    among: set[tuple[str, str]] = field(default_factory=set)  # those pairs
    wrong_links: list[str] = field(default_factory=list)
    old_keystrokes: int = 0  # simulated: one per open proposal
    merges: int = 0
    nones: int = 0
    in_thread_not_target: int = 0  # 0 pressed although a candidate is in the gold thread
    anomalies: list[str] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)
    first_latency: list[float] = field(default_factory=list)  # the first of each session
    in_session: list[float] = field(default_factory=list)  # ReviewSession.decide, in the worker
    per_country: dict[str, dict[str, int]] = field(default_factory=dict)


def _components(pairs: set[tuple[str, str]]) -> dict[str, int]:
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for source, target in pairs:
        parent[find(source)] = find(target)
    roots: dict[str, int] = {}
    return {key: roots.setdefault(find(key), len(roots)) for key in list(parent)}


def build_store(folder: Path, url: str, prior: str) -> Gold:
    """Import `folder`, hide its links, match; with prior == 'reviewed', decide the older
    reports from the gold links."""
    from sqlalchemy import select

    from tracker import schema
    from tracker.enums import LinkKind, LinkState
    from tracker.models import Election, Report
    from tracker.repositories import proposals as links_repo
    from tracker.services import matching
    from tracker.services.importing import import_paths
    from tracker.store import Store

    store = Store(url)
    try:
        schema.upgrade(store)
        import_paths(store, [folder], actor="bench-import", match=False)
        with store.transaction() as session:
            pairs = {
                (row.source_key, row.target_key)
                for row in links_repo.all_link_rows(session)
                if row.kind is LinkKind.RESTATES and row.state is LinkState.ACCEPTED
            }
            links_repo.delete_all_links(session)
        matching.propose(store, actor="bench-matcher")
        with store.read() as session:
            rows = session.execute(
                select(Election.country, Election.date, Report.id)
                .join(Report, Report.election_id == Election.id)
                .order_by(Election.country, Election.date, Report.id)
            ).all()
        reports: dict[str, list[str]] = defaultdict(list)
        for country, _date, report_id in rows:
            reports[country].append(report_id)
        restates: dict[str, set[str]] = defaultdict(set)
        for source, target in pairs:
            restates[source].add(target)
        gold = Gold(
            restates=dict(restates),
            component=_components(pairs),
            newest={country: found[-1] for country, found in reports.items()},
            reports=dict(reports),
        )
        if prior == "reviewed":
            for found in reports.values():
                for report_id in found[:-1]:
                    _decide_report(store, report_id, gold)
        return gold
    finally:
        store.dispose()


def _decide_report(store: Any, report_id: str, gold: Gold) -> None:
    """Record the gold links of one report's recommendations, as an earlier review would."""
    from sqlalchemy import select

    from tracker.models import Recommendation
    from tracker.services import review

    with store.read() as session:
        keys = session.execute(
            select(Recommendation.key).where(Recommendation.report_id == report_id)
        ).scalars()
        keys = list(keys)
    for key in keys:
        targets = sorted(gold.restates.get(key, ()))
        item = review.load_item(store, key)
        if targets:
            choice = review.Choice(restates=tuple(targets))
        elif item is not None and item.is_open:
            choice = review.Choice(none=True)
        else:
            continue
        review.decide(store, key, choice, actor=EARLIER, merge_threads=True, override=True)


async def _until(predicate: Any, timeout: float = 30.0) -> None:
    """Polls every millisecond: the latency measured is tens of milliseconds."""
    from bench import bench_tui  # at call time: run as a script, main puts the repo on the path

    await bench_tui._until(predicate, timeout, poll=0.001)


def _plan(item: Any, targets: set[str], selected: int) -> tuple[list[str], str]:
    """The keys deciding `item` from the gold links, and what they are ('restates', 'merge',
    'none')."""
    gold = [index for index, c in enumerate(item.candidates) if c.is_open and c.key in targets]
    if not gold:
        return ["0"], "none"
    if len(gold) == 1 and item.candidates[gold[0]].rank <= 9:
        return [str(item.candidates[gold[0]].rank)], "restates"
    size = len(item.candidates)
    keys: list[str] = []
    at = selected
    for index in gold:
        down = (index - at) % size
        up = (at - index) % size
        keys += ["down"] * down if down <= up else ["up"] * up
        at = index
        if len(gold) > 1:
            keys.append("space")
    keys.append("enter" if len(gold) > 1 else "r")
    return keys, "merge" if len(gold) > 1 else "restates"


async def review_country(
    url: str, country: str, gold: Gold, tally: Tally, *, size: tuple[int, int] = (80, 24)
) -> None:
    from tracker.services.admin import open_store
    from tui.app import RectrackApp
    from tui.keys import Keymap
    from tui.screens.modals import ConfirmScreen
    from tui.screens.triage import TriageScreen

    counts = {"recommendations": 0, "keystrokes": 0, "old_keystrokes": 0, "navigation": 0}
    timed_keys = 0
    store = open_store(url)
    app = RectrackApp(
        store,
        reviewer=REVIEWER,
        keymap=Keymap(),
        start="triage",
        start_context={"country": country},
    )
    try:
        async with app.run_test(size=size) as pilot:
            await _until(lambda: isinstance(app.screen, TriageScreen))
            screen = app.screen
            assert isinstance(screen, TriageScreen)

            def idle() -> bool:
                return (
                    not screen.queue_loading
                    and not screen.pending
                    and (
                        screen.current() is not None
                        or bool(screen.session and screen.session.at_end)
                    )
                    and app.screen is screen
                )

            async def press(key: str) -> None:
                counts["keystrokes"] += 1
                await pilot.press(key)

            async def timed(key: str) -> None:
                """Press a deciding key; stop the clock when the next recommendation (or the
                end of the queue, or a question) is on screen."""
                nonlocal timed_keys
                before = screen.shown_steps
                asked = app.screen if isinstance(app.screen, ConfirmScreen) else None
                counts["keystrokes"] += 1
                started = time.perf_counter()
                task = asyncio.create_task(pilot.press(key))
                await _until(
                    lambda: (
                        (isinstance(app.screen, ConfirmScreen) and app.screen is not asked)
                        or (
                            app.screen is screen
                            and not screen.pending
                            and (
                                screen.shown_steps > before
                                or (screen.current() is None and not screen.queue_loading)
                            )
                        )
                    )
                )
                elapsed = time.perf_counter() - started
                await task
                if not isinstance(app.screen, ConfirmScreen):
                    tally.latency.append(elapsed)
                    if timed_keys == 0:
                        tally.first_latency.append(elapsed)
                    timed_keys += 1

            await _until(idle)
            # Instrument this session (not the product code): how much of the wait is the
            # session's decide in its worker (the write, the re-read, the move to the next).
            session = screen.session
            assert session is not None
            inner = session.decide

            def decide_timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return inner(*args, **kwargs)
                finally:
                    tally.in_session.append(time.perf_counter() - started)

            session.decide = decide_timed  # type: ignore[method-assign]
            while True:
                await _until(idle)
                item = screen.current()
                if item is None:
                    break
                if item.report_id not in gold.under_review:
                    before = screen.shown_steps
                    counts["navigation"] += 1
                    await pilot.press("n")
                    await _until(
                        lambda b=before: screen.shown_steps > b or screen.current() is None
                    )
                    continue
                counts["recommendations"] += 1
                targets = gold.restates.get(item.key, set())
                open_now = item.open_candidates
                counts["old_keystrokes"] += len(open_now)
                tally.gold_restatements += len(targets)
                among = {c.key for c in item.candidates if c.key in targets}
                tally.gold_among += len(among)
                tally.among |= {(item.key, target) for target in among}
                keys, kind = _plan(item, targets, screen.selected)
                if kind == "none" and any(
                    gold.one_thread([item.key, c.key])
                    for c in open_now
                    if item.key in gold.component
                ):
                    tally.in_thread_not_target += 1
                tally.merges += kind == "merge"
                tally.nones += kind == "none"
                for key in keys[:-1]:
                    await press(key)
                await timed(keys[-1])
                tally.decisions += 1
                if isinstance(app.screen, ConfirmScreen):
                    tally.questions += 1
                    members = [item.key, *sorted(among)]
                    answer = "y" if gold.one_thread(members) else "n"
                    if answer == "n":
                        tally.anomalies.append(f"{item.key}: a join asked, gold says two threads")
                    await timed(answer)
                    if answer == "n":
                        await _until(lambda: app.screen is screen)
                        counts["navigation"] += 1
                        await pilot.press("n")
                shown = screen.current()
                if shown is not None and shown.recommendation_id == item.recommendation_id:
                    tally.anomalies.append(f"{item.key}: still shown after {keys}")
                    counts["navigation"] += 1
                    await pilot.press("n")
            await pilot.pause()
    finally:
        store.dispose()
    tally.recommendations += counts["recommendations"]
    tally.keystrokes += counts["keystrokes"]
    tally.old_keystrokes += counts["old_keystrokes"]
    tally.navigation += counts["navigation"]
    tally.per_country[country] = counts


def check_store(url: str, gold: Gold, tally: Tally) -> dict[str, Any]:
    """After the review: which gold links among the candidates were accepted, which accepted
    links the gold threads do not imply, and whether the reports reviewed left the queue."""
    from tracker.enums import LinkKind, LinkState
    from tracker.repositories import proposals as links_repo
    from tracker.services import review
    from tracker.services.admin import open_store

    store = open_store(url)
    try:
        with store.read() as session:
            rows = links_repo.all_link_rows(session)
        newest = gold.under_review
        accepted = {
            (row.source_key, row.target_key)
            for row in rows
            if row.kind is LinkKind.RESTATES
            and row.state is LinkState.ACCEPTED
            and row.source_report in newest
        }
        for source, target in sorted(accepted):
            if not gold.one_thread([source, target]):
                tally.wrong_links.append(f"{source} -> {target}")
        left = {report: review.open_count(store, report_id=report) for report in sorted(newest)}
        return {"accepted": accepted, "left_in_queue": left}
    finally:
        store.dispose()


SCENARIOS = ("hidden", "reviewed", "all")


async def measure(folder: Path, scenario: str, work: Path) -> dict[str, Any]:
    from bench import bench_tui  # at call time: run as a script, main puts the repo on the path

    url = f"sqlite:///{work / f'review-{scenario}.db'}"
    for leftover in work.glob(f"review-{scenario}.db*"):
        leftover.unlink()
    gold = build_store(folder, url, "reviewed" if scenario == "reviewed" else "hidden")
    if scenario == "all":
        gold.under_review = {report for found in gold.reports.values() for report in found}
    else:
        gold.under_review = set(gold.newest.values())
    # What was among the candidates is read from the screen as each recommendation shows;
    # whether it was found, from the store after the review.
    tally = Tally()
    for country in sorted(gold.newest):
        await review_country(url, country, gold, tally)
    after = check_store(url, gold, tally)
    found = len(tally.among & after["accepted"])
    reviewed = max(1, tally.recommendations)
    per_gold = max(1, tally.gold_restatements)
    return {
        "scenario": scenario,
        "countries": sorted(gold.newest),
        "reports_under_review": sorted(gold.under_review),
        "recommendations_under_review": tally.recommendations,
        "keystrokes": tally.keystrokes,
        "keystrokes_per_recommendation": round(tally.keystrokes / reviewed, 3),
        "decisions": tally.decisions,
        "decisions_per_recommendation": round(tally.decisions / reviewed, 3),
        "gold_restatements": tally.gold_restatements,
        "keystrokes_per_gold_restatement": round(tally.keystrokes / per_gold, 3),
        "gold_among_candidates": tally.gold_among,
        "gold_found": found,
        "recall_among_candidates": round(found / max(1, tally.gold_among), 3),
        "wrong_links": tally.wrong_links,
        "old_keystrokes": tally.old_keystrokes,
        "old_keystrokes_per_recommendation": round(tally.old_keystrokes / reviewed, 3),
        "old_keystrokes_per_gold_restatement": round(tally.old_keystrokes / per_gold, 3),
        "merges": tally.merges,
        "nones": tally.nones,
        "questions": tally.questions,
        "navigation_keys": tally.navigation,
        "none_with_candidate_in_gold_thread": tally.in_thread_not_target,
        "left_in_queue": after["left_in_queue"],
        "anomalies": tally.anomalies,
        "latency": bench_tui._summary(tally.latency),
        "first_latency": bench_tui._summary(tally.first_latency),
        "in_session_decide": bench_tui._summary(tally.in_session),
        "per_country": tally.per_country,
        "samples": {"latency": tally.latency},
    }


def run(ctx: Any) -> None:
    """The `review` part of `python -m bench` (bench/run.py)."""
    from bench.harness import Measurement

    for scenario in SCENARIOS:
        results = asyncio.run(measure(GOLD, scenario, ctx.work))
        _add(ctx, Measurement, results)


def _add(ctx: Any, measurement: Any, r: dict[str, Any]) -> None:
    add = ctx.results.add
    scene = {
        "hidden": "newest reports, links hidden",
        "reviewed": "newest reports, older ones reviewed first",
        "all": "every report, links hidden",
    }[r["scenario"]]
    n = r["recommendations_under_review"]
    where = f"held-out {scene}: {n} recs"
    add(
        measurement(
            "review",
            f"keystrokes per recommendation under review ({where})",
            [r["keystrokes_per_recommendation"]],
            unit="",
            target=1.3,
            note=(
                f"{r['keystrokes']} keys; proposal by proposal (simulated, one key per "
                f"proposal): {r['old_keystrokes_per_recommendation']:.3f} "
                f"({r['old_keystrokes']} keys); {r['merges']} merges, {r['questions']} "
                f"join questions, {r['nones']} none"
            ),
        )
    )
    add(
        measurement(
            "review",
            f"decisions per recommendation under review ({scene})",
            [r["decisions_per_recommendation"]],
            unit="",
            note=f"proposal by proposal (simulated): {r['old_keystrokes_per_recommendation']:.3f}",
        )
    )
    add(
        measurement(
            "review",
            f"keystrokes per gold restatement ({scene}: {r['gold_restatements']} gold links)",
            [r["keystrokes_per_gold_restatement"]],
            unit="",
            note="proposal by proposal (simulated): "
            f"{r['old_keystrokes_per_gold_restatement']:.3f}",
        )
    )
    add(
        measurement(
            "review",
            f"recall among candidates ({scene})",
            [r["recall_among_candidates"]],
            unit="",
            target=1.0,
            higher_is_better=True,
            note=f"{r['gold_found']} of {r['gold_among_candidates']} gold links among candidates",
        )
    )
    add(
        measurement(
            "review",
            f"wrong links accepted ({scene})",
            [float(len(r["wrong_links"]))],
            unit="",
            target=0.0,
            note="; ".join(r["wrong_links"][:3]),
        )
    )
    if r["samples"]["latency"]:
        add(
            measurement(
                "review",
                f"decision key to the next recommendation on screen ({scene})",
                r["samples"]["latency"],
                target=0.05,
                note=f"p95 {r['latency']['p95_ms']} ms; first decision of each of the "
                f"{r['first_latency']['n']} sessions: median {r['first_latency']['median_ms']} ms; "
                f"ReviewSession.decide in the worker: median {r['in_session_decide']['median_ms']}"
                f" ms, p95 {r['in_session_decide']['p95_ms']} ms; 80x24",
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold set (tests/heldout)")
    parser.add_argument(
        "--scenario", choices=(*SCENARIOS, "every"), default="every", help="(default: every one)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    scenarios = SCENARIOS if args.scenario == "every" else (args.scenario,)
    everything = []
    with tempfile.TemporaryDirectory(prefix="rectrack-bench-review-") as tmp:
        for scenario in scenarios:
            results = asyncio.run(measure(args.gold, scenario, Path(tmp)))
            results.pop("samples")
            everything.append(results)
    if args.json:
        print(json.dumps({"scenarios": everything}, indent=2, default=sorted))
        return 0
    for r in everything:
        print(json.dumps(r, indent=2, default=sorted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

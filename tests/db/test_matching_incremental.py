"""Incremental matching (issue 19): a run scores only the countries where something changed
since the last run under the same configuration, and proposes exactly what a full re-match
proposes. Two stores go through the same history (a generated corpus, a first match, an edit,
a decision, a report added, a configuration changed): one matched incrementally (the `store`
fixture, each backend), the other fully (`full=True`, SQLite); after every step their links
are compared."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tracker import schema
from tracker.matching.config import MatchingConfig, load_config
from tracker.models import HistoryEntry
from tracker.repositories import proposals as repo
from tracker.services import matching
from tracker.services.editing import edit_recommendation
from tracker.services.importing import import_paths
from tracker.services.review import Choice, decide
from tracker.store import Store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            "--countries",
            "3",
            "--cycles",
            "4",
            "--per-report",
            "25",
            "--seed",
            "5",
            "--jobs",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def full_store(tmp_path: Path) -> Iterator[Store]:
    result = Store(f"sqlite:///{tmp_path / 'full.db'}")
    schema.upgrade(result)
    yield result
    result.dispose()


def _split(corpus: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    """The corpus without the last country's latest report, that report, its country."""
    first = tmp_path / "first"
    shutil.copytree(corpus, first)
    country = sorted(path.name for path in first.iterdir() if path.is_dir())[-1]
    latest = sorted((first / country).glob("*.yaml"))[-1]
    later = tmp_path / "later" / country
    later.mkdir(parents=True)
    shutil.move(latest, later / latest.name)
    return first, later / latest.name, country.upper()


def _links(store: Store) -> set[tuple[Any, ...]]:
    with store.read() as session:
        rows = repo.all_link_rows(session)
    return {
        (
            row.source_key,
            row.target_key,
            row.kind.value,
            row.state.value,
            None if row.score is None else round(row.score, 6),
            repr(sorted((row.breakdown or {}).items())),
        )
        for row in rows
    }


def _history_count(store: Store) -> int:
    from sqlalchemy import func, select

    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(HistoryEntry)) or 0)


def _both(
    incremental: Store, full: Store, config: MatchingConfig | None = None
) -> matching.MatchSummary:
    summary = matching.propose(incremental, actor="t", config=config)
    complete = matching.propose(full, actor="t", config=config, full=True)
    assert complete.scored_countries is None
    assert _links(incremental) == _links(full)
    return summary


def _a_text_of(store: Store, country: str) -> tuple[str, str, int]:
    with store.read() as session:
        records = [r for r in repo.load_records(session, [country])]
    record = records[len(records) // 2]
    from tracker.models import Recommendation

    with store.read() as session:
        version = session.get(Recommendation, record.id)
        assert version is not None
        return record.key, record.text, version.version


def test_incremental_runs_propose_what_a_full_rematch_proposes(
    store: Store, full_store: Store, corpus: Path, tmp_path: Path
) -> None:
    first, later, held_out = _split(corpus, tmp_path)
    for each in (store, full_store):
        import_paths(each, [first], actor="t", match=False)

    # A first run scores every country.
    summary = _both(store, full_store)
    assert len(summary.scored_countries or ()) == 3
    assert summary.proposed > 0
    assert summary.reasons is not None and summary.reasons["new"] > 0

    # Nothing new: nothing scored, nothing written, not even a history entry.
    entries = _history_count(store)
    again = matching.propose(store, actor="t")
    assert again.scored_countries == ()
    assert again.proposed == 0 and again.queries == 0
    assert again.skipped_reports == summary.skipped_reports + sum(summary.reasons.values())
    assert _history_count(store) == entries
    assert "Nothing new" in again.why()

    # An edited text in one country, a decision in another: those two are scored again.
    countries = sorted(summary.scored_countries or ())
    key, text, version = _a_text_of(store, countries[0])
    for each in (store, full_store):
        edit_recommendation(
            each, key, actor="t", expected_version=version, text=text + " Without delay."
        )
    with store.read() as session:
        pending = repo.proposals_best_first(session, country=countries[1], limit=1)
    assert pending, "the generated corpus gives the second country proposals"
    decided = pending[0]
    for each in (store, full_store):
        decide(each, decided.source_key, Choice(restates=(decided.target_key,)), actor="t")
    summary = _both(store, full_store)
    assert set(summary.scored_countries or ()) == {countries[0], countries[1]}
    assert summary.reasons is not None
    assert summary.reasons["new"] == summary.reasons["config"] == 0
    assert summary.reasons["changed"] > 0
    assert summary.skipped_reports > 0

    # A report added (the held-out country's latest): only its country is scored.
    for each in (store, full_store):
        import_paths(each, [later], actor="t", match=False)
    summary = _both(store, full_store)
    assert summary.scored_countries == (held_out,)
    assert summary.reasons is not None and summary.reasons["new"] == 1
    assert summary.proposed > 0

    # Another configuration: every report is matched again, and the run says why.
    other = load_config().with_top_k(2)
    summary = _both(store, full_store, config=other)
    assert summary.reasons is not None
    assert summary.reasons["config"] > 0 and summary.skipped_reports == 0
    assert len(summary.scored_countries or ()) == 3
    assert "another configuration" in summary.why()
    assert matching.propose(store, actor="t", config=other).scored_countries == ()

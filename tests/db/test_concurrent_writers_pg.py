"""Two writers at once on one PostgreSQL store: imports that create the same shared rows, and
two first assessments of one recommendation. SQLite serialises its writers (BEGIN IMMEDIATE),
so these races exist on PostgreSQL only."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from tests.conftest import PostgresSchemas
from tracker import schema
from tracker.enums import Status
from tracker.models import Election, Report, Topic
from tracker.services import followup
from tracker.services.importing import import_paths
from tracker.store import Store, normalise_url

pytestmark = pytest.mark.postgres

ROUNDS = 8

TOPICS = """\
format: rectrack/1
topics:
- id: media
  label: Media
- id: round-{n}
  label: Round {n}
"""

REPORT = """\
format: rectrack/1
report:
  id: {report_id}
  country: KZ
  election:
    type: parliamentary
    date: {date}
  observer: {observer}
  kind: final-report
recommendations:
- number: '1'
  text: The media regulator should be independent ({observer}, round {n}).
  topics: [media, round-{n}]
"""


@dataclass(frozen=True)
class StoreFactory:
    """Opens stores (each its own engine) on one migrated schema: picklable, so that a process
    started fresh (spawn) can open its own."""

    url: str
    schema: str

    def __call__(self) -> Store:
        return Store(
            self.url,
            engine=create_engine(
                normalise_url(self.url), connect_args={"options": f"-csearch_path={self.schema}"}
            ),
        )


@pytest.fixture
def pg_store_factory(postgres_schemas: PostgresSchemas) -> Iterator[StoreFactory]:
    """A migrated schema of its own, dropped afterwards."""
    first, name = postgres_schemas.create()
    try:
        schema.upgrade(first)
        yield StoreFactory(postgres_schemas.url, name)
    finally:
        first.dispose()
        postgres_schemas.drop(name)


Outcome = tuple[str, str] | None
"""What a call raised, as (exception type name, message), or None."""


def _run_in_process(
    open_store: StoreFactory,
    index: int,
    call: Callable[[Store], object],
    barrier: Any,
    results: Any,
) -> None:
    store = open_store()
    outcome: Outcome = None
    try:
        barrier.wait(timeout=60)
        call(store)
    except BaseException as exc:  # handed back to the test
        outcome = (type(exc).__name__, str(exc))
    finally:
        store.dispose()
    results.put((index, outcome))


def together(open_store: StoreFactory, *calls: Callable[[Store], object]) -> list[Outcome]:
    """Run each call in a process of its own with a store of its own, released at the same
    moment: two rectrack commands at once. (Processes, not threads: the matcher's stemmers
    are not thread-safe, and two commands are two processes anyway.) Started fresh (spawn),
    not forked: a fork copies whatever lock another thread of the test run held at that moment
    (the TUI tests' workers, the pools) and can hang the child for good."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(calls))
    results = context.Queue()
    processes = [
        context.Process(target=_run_in_process, args=(open_store, i, call, barrier, results))
        for i, call in enumerate(calls)
    ]
    for process in processes:
        process.start()
    try:
        found = dict(results.get(timeout=120) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    return [found[i] for i in range(len(calls))]


def write_round(folder: Path, n: int, observer: str, report_id: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "topics.yaml").write_text(TOPICS.format(n=n), encoding="utf-8")
    date = f"{2000 + n}-03-01"
    (folder / "report.yaml").write_text(
        REPORT.format(report_id=report_id, date=date, observer=observer, n=n), encoding="utf-8"
    )
    return folder


def test_two_imports_creating_the_same_election_and_topics_both_succeed(
    pg_store_factory: StoreFactory, tmp_path: Path
) -> None:
    for n in range(ROUNDS):
        first = write_round(tmp_path / f"a{n}", n, "ODIHR", f"kz-{2000 + n}-parliamentary-odihr")
        second = write_round(tmp_path / f"b{n}", n, "PACE", f"kz-{2000 + n}-parliamentary-pace")
        outcomes = together(
            pg_store_factory,
            partial(import_paths, paths=[first], actor="ann", match=False),
            partial(import_paths, paths=[second], actor="bob", match=False),
        )
        assert outcomes == [None, None], f"round {n}: {outcomes}"
    store = pg_store_factory()
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Election)) == ROUNDS
        assert session.scalar(select(func.count()).select_from(Report)) == 2 * ROUNDS
        assert session.scalar(select(func.count()).select_from(Topic)) == ROUNDS + 1
    store.dispose()


def test_two_imports_of_the_same_new_report_both_succeed(
    pg_store_factory: StoreFactory, tmp_path: Path
) -> None:
    for n in range(ROUNDS):
        folder = write_round(tmp_path / f"r{n}", n, "ODIHR", f"kz-{2000 + n}-parliamentary-odihr")
        outcomes = together(
            pg_store_factory,
            partial(import_paths, paths=[folder], actor="ann", match=False),
            partial(import_paths, paths=[folder], actor="bob", match=False),
        )
        assert outcomes == [None, None], f"round {n}: {outcomes}"
    store = pg_store_factory()
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == ROUNDS
    store.dispose()


def assessing_report(folder: Path, report_id: str) -> Path:
    folder.mkdir()
    (folder / "report.yaml").write_text(
        REPORT.format(report_id=report_id, date="2005-03-01", observer="ODIHR", n=1),
        encoding="utf-8",
    )
    return folder


def test_two_first_assessments_of_one_recommendation_one_is_a_conflict(
    pg_store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = pg_store_factory()
    earlier = write_round(tmp_path / "earlier", 1, "ODIHR", "kz-2001-parliamentary-odihr")
    import_paths(store, [earlier], actor="ann", match=False)
    key = "kz-2001-parliamentary-odihr#1"
    overlapped = 0
    for n in range(ROUNDS):
        # A fresh assessing report each round, so that each round's assessment is a first one.
        report_id = f"kz-2005-parliamentary-odihr-{n}"
        import_paths(store, [assessing_report(tmp_path / f"at{n}", report_id)], actor="ann")
        outcomes = together(
            pg_store_factory,
            partial(
                followup.assess, key=key, at_report=report_id, status=Status.PARTIALLY, actor="ann"
            ),
            partial(followup.assess, key=key, at_report=report_id, status=Status.NOT, actor="bob"),
        )
        # Either one ran after the other (the second changed the first's status), or they
        # overlapped and one was told that someone else assessed it meanwhile.
        failed = [outcome for outcome in outcomes if outcome is not None]
        assert len(failed) <= 1, f"round {n}: {outcomes}"
        for name, message in failed:
            assert name == "ConflictError", f"round {n}: {name}: {message}"
            assert "meanwhile" in message
            overlapped += 1
    store.dispose()
    # The race is the point: most rounds overlap (two processes released together).
    assert overlapped > 0

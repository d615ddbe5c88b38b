"""Fixtures for the Pilot tests: stores (the hand-built history and the seed), the app, and
helpers to wait for the workers and read the screen."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.db.builders import Builder, build_kazakhstan
from tracker import schema
from tracker.enums import LinkKind, LinkState
from tracker.models import Link, Recommendation
from tracker.services import demo
from tracker.store import Store
from tui.app import RectrackApp
from tui.keys import Keymap

REVIEWER = "tester"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"


async def settle(pilot: Pilot[Any], rounds: int = 80) -> None:
    """Wait until no worker runs and every message they posted has been handled (seen idle
    twice in a row: a result may start the next worker)."""
    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        if running:
            quiet = 0
            await app.workers.wait_for_complete(running)
            continue
        quiet += 1
        if quiet >= 2:
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


def screen_text(app: RectrackApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def add_proposal(
    store: Store, source: str, target: str, score: float, *, rank: int = 1, runner_up: float = 0
) -> int:
    with store.transaction() as session:
        ids = dict(
            session.query(Recommendation.key, Recommendation.id).filter(
                Recommendation.key.in_([source, target])
            )
        )
        link = Link(
            source_id=ids[source],
            target_id=ids[target],
            kind=LinkKind.RESTATES,
            state=LinkState.PROPOSED,
            score=score,
            breakdown={
                "score": score,
                "parts": {"tfidf": score, "topics": 1.0},
                "dominant": "tfidf",
                "rank": rank,
                "runner_up": runner_up,
            },
        )
        session.add(link)
        session.flush()
        return link.id


@pytest.fixture
def kz_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """The hand-built Kazakhstan history, plus three proposals and a 2021 report to assess."""
    path = tmp_path / "kz.db"
    shutil.copyfile(sqlite_template, path)
    store = Store(f"sqlite:///{path}")
    build_kazakhstan(store)
    with store.transaction() as session:
        build = Builder(session)
        build.report("kz-2021-parliamentary-odihr-final", "2021-01-10")
        build.rec(
            "kz-2021-parliamentary-odihr-final#1",
            "Defamation should be fully decriminalised and treated as a civil matter.",
            topics=("media",),
        )
    add_proposal(store, "kz-2021-parliamentary-odihr-final#1", f"{R19}#2", 0.93)
    add_proposal(store, "kz-2021-parliamentary-odihr-final#1", f"{R16}#2", 0.71, rank=2)
    add_proposal(store, f"{R16}#3", f"{R12}#3", 0.40)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped seed, imported and matched, as `rectrack demo` builds it: once a session."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    built = demo.build_demo(path, actor="seed", user_url="sqlite:///:memory:")
    built.store.dispose()
    assert schema.seed_dir().is_dir()
    return path


@pytest.fixture
def seed_store(seed_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "seed.db"
    shutil.copyfile(seed_template, path)
    store = Store(f"sqlite:///{path}")
    yield store
    store.dispose()


@pytest.fixture
def make_app(tmp_path: Path) -> Any:
    def make(store: Store, **options: Any) -> RectrackApp:
        options.setdefault("reviewer", REVIEWER)
        options.setdefault("keymap", Keymap())
        options.setdefault("export_dir", tmp_path)
        return RectrackApp(store, **options)

    return make

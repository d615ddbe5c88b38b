"""The overview says when reports have not been matched yet, and what to run."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.conftest import screen_text, settle
from tracker.services import matching
from tracker.store import Store
from tui.screens.overview import OverviewScreen


@pytest.fixture(autouse=True)
def shipped_matching_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECTRACK_MATCHING_CONFIG", raising=False)


async def test_the_overview_names_the_unmatched_reports_until_a_match_run(
    kz_store: Store, make_app: Any
) -> None:
    count = matching.unmatched(kz_store).count
    assert count > 1  # built row by row, never matched
    app = make_app(kz_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert f"{count} reports not matched yet: run rectrack match" in screen_text(app)

        matching.propose(kz_store, actor="tester")
        app.screen.action_refresh()
        await settle(pilot)
        assert "not matched yet" not in screen_text(app)
        assert "KZ Kazakhstan" in screen_text(app)


async def test_a_matched_store_shows_no_such_line(seed_store: Store, make_app: Any) -> None:
    assert matching.unmatched(seed_store).count == 0
    app = make_app(seed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "not matched yet" not in screen_text(app)

"""The editors refuse what the import refuses (issue 15) with the service's message, as a
notification: the app keeps running and the store keeps what it had."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea

from tests.tui.conftest import R19, settle
from tests.tui.test_assess import assessment, open_assess
from tests.tui.test_browse import open_editor
from tracker.services import browse
from tracker.store import Store
from tui.screens.assess import AssessScreen
from tui.screens.modals import EditScreen, EvidenceScreen


async def test_evidence_with_a_control_character_is_refused_as_a_notification(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store, start="assess", start_context={"country": "KZ"})
    key = f"{R19}#1"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assess(pilot)
        await pilot.press("4")
        await settle(pilot)
        before = assessment(kz_store, key)
        assert before is not None and before[1] is None
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceScreen)
        dialog.query_one("#evidence-text", TextArea).load_text("Amended\x1b[2J in May.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssessScreen)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert any(
            "evidence holds a control character (U+001B)" in message and key in message
            for message in errors
        ), errors
        assert assessment(kz_store, key) == before


async def test_the_editor_stays_open_on_a_control_character(kz_store: Store, make_app: Any) -> None:
    key = "kz-2021-parliamentary-odihr-final#1"
    before = browse.detail(kz_store, key).record
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_editor(pilot)
        dialog.query_one("#edit-text", TextArea).load_text("Revise\x07 the law.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        messages = [n.message for n in app._notifications]
        assert "Not saved: text holds a control character (U+0007)" in messages

        dialog.query_one("#edit-text", TextArea).load_text("Revise the law.")
        dialog.query_one("#edit-addressees", Input).value = "parliament, c\x00ec"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        messages = [n.message for n in app._notifications]
        assert "Not saved: addressee holds a control character (U+0000)" in messages
    assert browse.detail(kz_store, key).record == before

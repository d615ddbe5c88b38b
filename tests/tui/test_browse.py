"""Browse: search narrows the table, filters, the detail, editing in place, markup as text."""

from __future__ import annotations

from typing import Any

from tests.db.builders import Builder
from tests.tui.conftest import R12, R16, REVIEWER, screen_text, settle
from tracker.services import browse, editing, history
from tracker.store import Store
from tui.screens.browse import BrowseScreen
from tui.screens.modals import EditScreen, FiltersScreen
from tui.widgets.tables import RowTable

MARKUP = "[bold]Alert[/] the [red]CEC[/red] [/] [link=http://x]here[/link] [@click=app.quit]q[/]"


async def open_browse(pilot: Any) -> BrowseScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def open_editor(pilot: Any) -> EditScreen:
    """Browse, then `e` on the selected row: the editor."""
    await open_browse(pilot)
    await pilot.press("e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, EditScreen)
    return dialog


def rows(screen: BrowseScreen) -> int:
    return screen.query_one("#results", RowTable).row_count


async def test_search_narrows_the_table(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        assert rows(screen) == 10
        assert "10 matches" in screen_text(app)
        await pilot.press("slash", *"defam")
        await settle(pilot)
        assert rows(screen) == 4
        assert "4 matches" in screen_text(app)
        await pilot.press("space", *"civil")
        await settle(pilot)
        assert rows(screen) == 2
        # keys of ours typed in the field stay text: 'e' and 't' did not edit or open a thread
        assert screen.query_value.text == "defam civil"
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, RowTable)
        assert screen.selected_key() == "kz-2021-parliamentary-odihr-final#1"
        assert "Defamation should be fully decriminalised" in screen_text(app)


async def test_a_search_without_a_word_says_so(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash", *"c++")
        await settle(pilot)
        assert rows(screen) == 10  # nothing to search for: every row still shows
        assert "10 matches · no word to search for yet" in screen_text(app)
        await pilot.press(*"defam")
        await settle(pilot)
        assert "no word to search for" not in screen_text(app)


async def test_filters_and_clear(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse", start_context={"country": "KZ"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        assert screen.query_value.country == "KZ"
        await pilot.press("f")
        await settle(pilot)
        filters = app.screen
        assert isinstance(filters, FiltersScreen)
        from textual.widgets import Select

        filters.query_one("#filter-topic", Select).value = "media"
        filters.query_one("#filter-status", Select).value = "not-implemented"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert rows(screen) == 2  # r12#2 and r16#2: media, last status not implemented
        assert {screen.rows[0].key, screen.rows[1].key} == {f"{R12}#2", f"{R16}#2"}
        assert "media" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert rows(screen) == 10


async def test_edit_in_place_and_undo(kz_store: Store, make_app: Any) -> None:
    key = "kz-2021-parliamentary-odihr-final#1"
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        assert screen.selected_key() == key
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EditScreen)
        from textual.widgets import Input, TextArea

        dialog.query_one("#edit-text", TextArea).load_text("Defamation must be a civil matter.")
        dialog.query_one("#edit-addressees", Input).value = "parliament, courts"
        await pilot.press("ctrl+s")
        await settle(pilot)
        found = browse.detail(kz_store, key).record
        assert found.text == "Defamation must be a civil matter."
        assert found.addressees == ("parliament", "courts")
        assert "Defamation must be a civil matter." in screen_text(app)
        entries = history.list_history(kz_store, key=key)
        assert {e.field for e in entries} == {"text", "addressees"}
        assert all(e.actor == REVIEWER for e in entries)

        await pilot.press("u")
        await settle(pilot)
        back = browse.detail(kz_store, key).record
        assert back.text.startswith("Defamation should be fully decriminalised")
        assert back.addressees == ()


async def test_an_unsavable_edit_keeps_the_editor_open(kz_store: Store, make_app: Any) -> None:
    from textual.widgets import Input, TextArea

    key = "kz-2021-parliamentary-odihr-final#1"
    before = browse.detail(kz_store, key).record
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_editor(pilot)
        dialog.query_one("#edit-addressees", Input).value = "parliament"
        dialog.query_one("#edit-text", TextArea).load_text("   ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # still open, the addressee typed still there
        assert dialog.query_one("#edit-addressees", Input).value == "parliament"
        messages = [n.message for n in app._notifications]
        assert "Not saved: the text cannot be empty" in messages
        await pilot.press("escape")  # changed: the first Esc asks
        await settle(pilot)
        assert app.screen is dialog
        assert any("Esc again discards them" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
    assert browse.detail(kz_store, key).record == before


async def test_esc_closes_an_unchanged_editor_at_once(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_edit_conflict_keeps_the_other_edit(kz_store: Store, make_app: Any) -> None:
    key = "kz-2021-parliamentary-odihr-final#1"
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_editor(pilot)
        editing.edit_recommendation(kz_store, key, actor="bob", expected_version=1, text="Bob's.")
        from textual.widgets import TextArea

        dialog.query_one("#edit-text", TextArea).load_text("Mine.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert browse.detail(kz_store, key).record.text == "Bob's."
        assert any(n.severity == "warning" for n in app._notifications)
        assert "Bob's." in screen_text(app)  # the row reloaded


async def test_markup_in_text_shows_literally(kz_store: Store, make_app: Any) -> None:
    with kz_store.transaction() as session:
        build = Builder(session)
        build.report("kz-2023-parliamentary-odihr-final", "2023-03-19")
    with kz_store.transaction() as session:
        from tracker.models import Recommendation

        session.add(
            Recommendation(
                key="kz-2023-parliamentary-odihr-final#[b]",
                report_id="kz-2023-parliamentary-odihr-final",
                number="[b]",
                text=MARKUP,
                addressees=["[i]cec[/i]"],
            )
        )
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        assert screen.selected_key() == "kz-2023-parliamentary-odihr-final#[b]"
        text = screen_text(app)
        assert "[bold]Alert[/] the [red]CEC[/red] [/]" in text  # detail pane, verbatim
        assert "[i]cec[/i]" in text
        assert "[bold]Alert[/]" in text.split("\n")[5]  # the table row too
        assert app.is_running  # [@click=app.quit] did nothing
        await pilot.press("e")  # the dialog's title carries the key
        await settle(pilot)
        assert "Edit kz-2023-parliamentary-odihr-final#[b]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "[bold]Alert[/] the [red]CEC[/red]" in screen_text(app)


async def test_thread_screen_shows_members_and_timeline(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 40)) as pilot:
        await open_browse(pilot)
        await pilot.press("slash", *"simplified")
        await settle(pilot)
        await pilot.press("escape", "t")
        await settle(pilot)
        text = screen_text(app)
        for member in (f"{R12}#1", "kz-2015-presidential-odihr-final#1", f"{R16}#1"):
            assert member in text
        assert "long-standing" in text and "regressed" in text
        assert "partially implemented" in text and "not implemented" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)

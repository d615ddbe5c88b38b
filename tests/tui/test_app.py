"""The app as a whole: overview, navigation, help, the palette, the key file, quitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import REVIEWER, screen_text, settle
from tracker.store import Store
from tui import keys
from tui.app import RectrackApp
from tui.screens.briefing import BriefingScreen
from tui.screens.browse import BrowseScreen
from tui.screens.help import HelpScreen
from tui.screens.overview import OverviewScreen
from tui.screens.triage import TriageScreen


async def test_overview_counts_and_enter_browses_the_country(
    kz_store: Store, make_app: Any
) -> None:
    app = make_app(kz_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert f"reviewer: {REVIEWER}" in text
        assert "KZ Kazakhstan" in text
        row = next(line for line in text.splitlines() if "KZ Kazakhstan" in line)
        assert row.split()[2:6] == ["10", "5", "3", "2"]  # recs, threads, proposals, not assessed
        assert "2019-06-09 presidential" in text  # the elections of the selected country
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.query_value.country == "KZ"


async def test_function_keys_switch_screens(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, kind in (("f4", TriageScreen), ("f6", BriefingScreen), ("f2", OverviewScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind)


async def test_help_lists_the_keys_of_the_screen(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.title == "Help"
        ids = {row.binding_id for row in help_screen.rows}
        browse_ids = {b.id for b in keys.BROWSE if not isinstance(b, tuple)}
        assert browse_ids <= ids
        assert {"help", "app.quit", "nav.triage"} <= ids
        assert "Help" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_palette_offers_our_commands(kz_store: Store, make_app: Any) -> None:
    app = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [name for name, _, _ in app.palette_commands()]
        assert "Go to Browse" in names and "Undo my last action" in names
        assert "Accept strong proposals" in names
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"go to brow")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_quit_waits_for_writes_and_exits(kz_store: Store, make_app: Any) -> None:
    app: RectrackApp = make_app(kz_store, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r", "ctrl+q")
        await pilot.pause(0.5)
    assert not app.is_running
    from tracker.services import history

    assert any(e.action == "decide" for e in history.list_history(kz_store, by=REVIEWER))


def test_key_file_dotted_and_quoted_ids(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        '[keys]\ntriage.restates = "y"\n"assess.not" = "0, x"\nnope.nothing = "z"\n'
        "triage.related = 3\n",
        encoding="utf-8",
    )
    keymap = keys.load_keymap(path)
    assert keymap.keys == {"triage.restates": "y", "assess.not": "0,x"}
    assert any("nope.nothing" in problem for problem in keymap.problems)
    assert any("triage.related" in problem for problem in keymap.problems)
    assert keys.load_keymap(tmp_path / "absent.toml").keys == {}
    broken = tmp_path / "broken.toml"
    broken.write_text("[keys\n", encoding="utf-8")
    assert keys.load_keymap(broken).problems


def test_a_named_key_file_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nokeys.toml"
    (problem,) = keys.load_keymap(missing).problems
    assert problem == f"{missing}: no such key file; default keys are used"
    monkeypatch.setenv(keys.KEYS_ENV, str(missing))
    assert keys.load_keymap().problems == [problem]


def test_unknown_key_names_are_refused() -> None:
    keymap = keys.parse_keymap('[keys]\ntriage.restates = "ctrl+banana"\ntriage.related = "f9"\n')
    assert keymap.keys == {"triage.related": "f9"}
    (problem,) = keymap.problems
    assert "triage.restates: 'ctrl+banana' is not a key name" in problem


def test_every_default_key_is_a_key_name() -> None:
    for binding in keys.binding_ids().values():
        assert all(keys.is_key(key.strip()) for key in binding.key.split(",")), binding.id


def test_an_override_taking_another_bindings_key_is_ignored() -> None:
    distinct = keys.binding_ids()["triage.distinct"].key.split(",")[0]
    keymap = keys.parse_keymap(f'[keys]\ntriage.restates = "{distinct}"\n')
    assert keymap.keys == {}
    (problem,) = keymap.problems
    assert f"takes {distinct!r}, the key of triage.distinct: ignored" in problem
    # Moving the other binding away first makes room.
    both = keys.parse_keymap(f'[keys]\ntriage.restates = "{distinct}"\ntriage.distinct = "x"\n')
    assert both.keys == {"triage.restates": distinct, "triage.distinct": "x"} and not both.problems
    # Keys two bindings share by default ('?' opens and closes help) are no clash.
    shared = keys.parse_keymap(
        '[keys]\nhelp = "question_mark,f1"\n"help.close" = "escape,question_mark,x"\n'
    )
    assert shared.keys == {"help": "question_mark,f1", "help.close": "escape,question_mark,x"}
    assert not shared.problems


def test_every_binding_has_a_unique_id() -> None:
    ids = keys.binding_ids()
    assert "help" in ids and ids["help"].key.startswith("question_mark")
    assert all("." in binding_id or binding_id == "help" for binding_id in ids)


async def test_key_file_problems_are_notified(kz_store: Store, make_app: Any) -> None:
    keymap = keys.Keymap(problems=["keys.toml: unknown binding id 'x.y'"])
    app = make_app(kz_store, keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("x.y" in n.message for n in app._notifications)


async def test_remapped_keys_show_in_the_first_footer_and_work(
    kz_store: Store, make_app: Any
) -> None:
    from textual.widgets._footer import FooterKey

    keymap = keys.Keymap(keys={"triage.pick1": "y", "triage.distinct": "x"})
    app = make_app(kz_store, keymap=keymap, start="triage")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = {
            footer_key.description: footer_key.key for footer_key in app.screen.query(FooterKey)
        }
        assert shown["Restates"] == "y" and shown["Distinct"] == "x"
        assert "1" not in app.screen.active_bindings


async def test_briefing_export(seed_store: Store, make_app: Any, tmp_path: Path) -> None:
    app = make_app(seed_store, start="briefing", start_context={"country": "MD"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.country == "MD"
        assert "Moldova" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        written = list(tmp_path.glob("briefing-md-*.md"))
        assert len(written) == 1
        assert written[0].read_text(encoding="utf-8") == screen.markdown
        assert [n.message for n in app._notifications][-1] == f"Saved the briefing to {written[0]}"
        await pilot.press("x")  # again the same day: the file is replaced, and the notice says so
        await settle(pilot)
        assert list(tmp_path.glob("briefing-md-*.md")) == written
        last = [n.message for n in app._notifications][-1]
        assert last == f"Replaced today's briefing in {written[0]}"

"""The HTML briefing in a real browser: headless Chromium, driven through the DevTools protocol
by Playwright (Debian's `chromium`; Playwright never downloads a browser here).

Skips where Chromium or Playwright is missing, unless RECTRACK_REQUIRE_CHROMIUM=1 (set by CI),
which makes it fail instead. One browser launch for the whole module. Set
RECTRACK_SCREENSHOT_DIR to keep the screenshots and the PDF for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from tracker.services import reporting
from tracker.store import Store

from .builders import Builder, build_kazakhstan

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RECTRACK_CHROMIUM", "/usr/bin/chromium")
REQUIRE_ENV = "RECTRACK_REQUIRE_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
R19 = "kz-2019-presidential-odihr-final"
SECTIONS = [
    "Headline",
    "Status mix per cycle",
    "Status by topic",
    "Long-standing recommendations",
    "Priority recommendations still outstanding",
    "What changed since the previous election",
    "Coverage gap",
]


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _chromium() -> str:
    if importlib.util.find_spec("playwright") is None:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def test_html_briefing_in_headless_chromium(sqlite_store: Store, tmp_path: Path) -> None:
    executable = _chromium()
    from playwright.sync_api import ConsoleMessage, Request, sync_playwright

    build_kazakhstan(sqlite_store)
    with sqlite_store.transaction() as session:
        Builder(session).rec(
            f"{R19}#3",
            "Publish <script>alert(1)</script> results </td></tr> by station.",
            priority=True,
            topics=("results",),
        )
        # Armenia's one election is after the pack's date: its briefing says what is missing
        armenia = Builder(session, country="AM")
        armenia.report("am-2021-parliamentary-odihr-final", "2021-06-20")
        armenia.rec("am-2021-parliamentary-odihr-final#1", "Reform the code.")
    single = reporting.write_briefing(sqlite_store, ["KZ"], tmp_path / "kz.html")
    pack = reporting.write_briefing(
        sqlite_store, ["KZ", "AM"], tmp_path / "pack.html", as_of=dt.date(2020, 12, 31)
    )

    problems: list[str] = []
    outside: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    def on_request(request: Request) -> None:
        if not request.url.startswith(("file://", "data:")):
            outside.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", on_console)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("request", on_request)

            page.goto(single.as_uri(), wait_until="load")
            assert page.title() == "Briefing: Kazakhstan"
            assert page.locator("h1").all_inner_texts() == ["Kazakhstan (KZ)"]
            assert page.locator("h2").all_inner_texts() == SECTIONS
            assert page.locator("script").count() == 0
            assert page.get_by_text("Publish <script>alert(1)</script> results </td></tr>").count()
            chart = page.locator("svg[role=img]")
            assert chart.count() == 1
            box = chart.bounding_box()
            assert box is not None and box["width"] > 400 and box["height"] > 100
            # 2015: partially, not, not assessed; 2016: not; 2019: fully, not
            assert page.locator("svg[role=img] rect[data-count]").count() == 6
            assert page.evaluate("document.documentElement.scrollWidth") <= 1200  # no overflow
            shot = tmp_path / "kz.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4", print_background=True)
            assert pdf.startswith(b"%PDF")

            page.emulate_media(media="screen")
            page.goto(pack.as_uri(), wait_until="load")
            assert page.locator("h1").all_inner_texts() == ["Briefing pack: Kazakhstan, Armenia"]
            assert page.locator("h2").all_inner_texts() == [
                "Comparison",
                "Kazakhstan (KZ)",
                "Armenia (AM)",
            ]
            assert page.locator("section#kz h3").all_inner_texts() == SECTIONS
            assert "The store holds no elections of Armenia (AM) up to 2020-12-31." in (
                page.inner_text("#am")
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= 1200
            page.screenshot(path=str(tmp_path / "pack.png"), full_page=True)
        finally:
            browser.close()

    assert problems == []
    assert outside == []
    keep = os.environ.get("RECTRACK_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("kz.png", "pack.png"):
            shutil.copyfile(tmp_path / name, Path(keep) / name)
        (Path(keep) / "kz.pdf").write_bytes(pdf)

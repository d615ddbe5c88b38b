"""The static site in a real browser: headless Chromium from `file://`, as the HTML briefing's
test drives it (Debian's `chromium` through Playwright; skips without them unless
RECTRACK_REQUIRE_CHROMIUM=1). It searches, filters, takes screenshots at phone and desktop
widths (kept where RECTRACK_SCREENSHOT_DIR is set) and runs axe-core (vendored in
tests/vendor, never in the site) on each kind of page: no serious or critical violation."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tracker.models import Recommendation
from tracker.services import demo, followup
from tracker.services import site as site_service
from tracker.site.model import key_slug

from .test_report_browser import CHROMIUM_ARGS, _chromium

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
EVIL_KEY = "kz-2012-parliamentary-odihr-final#1"
EVIL = 'Publish <script>alert("x")</script> results </td> by "station"'


def test_site_in_headless_chromium(tmp_path: Path) -> None:
    executable = _chromium()
    from playwright.sync_api import ConsoleMessage, Page, Request, sync_playwright

    built = demo.build_demo(tmp_path / "seed.db", actor="seed", user_url="sqlite:///:memory:")
    store = built.store
    try:
        with store.transaction() as session:
            session.query(Recommendation).filter_by(key=EVIL_KEY).one().text = EVIL
        out = tmp_path / "site"
        site_service.write_site(store, out)
        kz_threads = followup.threads(store, "KZ")["KZ"]
    finally:
        store.dispose()
    long_thread = max(kz_threads, key=lambda thread: len(thread.members))
    thread_page = out / "kz" / "threads" / f"{key_slug(long_thread.id)}.html"
    shots = Path(os.environ.get("RECTRACK_SCREENSHOT_DIR") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)

    problems: list[str] = []
    outside: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    def on_request(request: Request) -> None:
        if not request.url.startswith(("file://", "data:")):
            outside.append(request.url)

    def axe(page: Page, name: str) -> None:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found = page.evaluate(
            "async () => (await axe.run(document,"
            " {preload: false, resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
            " first: v.nodes[0] && v.nodes[0].html}))"
        )
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{name}: {serious}"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.on("console", on_console)
                page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
                page.on("request", on_request)

                page.goto((out / "index.html").as_uri(), wait_until="load")
                assert page.locator("h1").count() == 1
                assert page.locator("main table tbody tr").count() == 3
                assert page.locator("svg.mini[role=img]").count() >= 1
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
                page.screenshot(path=str(shots / f"index-{label}.png"), full_page=True)

                # the country page: the filters appear with JavaScript and hide threads
                page.get_by_role("link", name="Kazakhstan (KZ)").click()
                page.wait_for_load_state("load")
                assert page.locator("h1").inner_text() == "Kazakhstan (KZ)"
                threads = page.locator("article.thread")
                total = threads.count()
                assert total == len(kz_threads)
                assert page.locator("#filters").is_visible()
                page.select_option("#f-flag", "long-standing")
                visible = page.locator("article.thread:not([hidden])")
                expected = sum(1 for t in kz_threads if "long-standing" in t.flags)
                assert 0 < expected < total
                assert visible.count() == expected
                assert page.locator("#filter-status").inner_text() == (
                    f"Showing {expected} of {total} threads."
                )
                page.select_option("#f-priority", "yes")
                both = sum(1 for t in kz_threads if "long-standing" in t.flags and t.priority)
                assert visible.count() == both
                page.get_by_role("button", name="Show all").click()
                page.wait_for_function(
                    f"document.querySelectorAll('article.thread:not([hidden])').length == {total}"
                )
                assert page.get_by_text(EVIL).count() >= 1  # shown as text, never run
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
                page.screenshot(path=str(shots / f"country-{label}.png"), full_page=True)
                if label == "desktop":
                    axe(page, "country page")

                page.goto(thread_page.as_uri(), wait_until="load")
                assert page.locator("del, ins").count() > 0  # the wording's differences
                page.screenshot(path=str(shots / f"thread-{label}.png"), full_page=True)
                if label == "desktop":
                    axe(page, "thread page")
                    page.goto((out / "index.html").as_uri(), wait_until="load")
                    axe(page, "index")

                # the search, as you type, offline
                page.goto((out / "search.html").as_uri(), wait_until="load")
                page.locator("#q").fill("script alert")
                first = page.locator("#search-results li").first
                first.wait_for()
                assert page.locator("#search-results li").count() == 1
                assert first.locator("a").inner_text() == EVIL_KEY
                assert first.locator("p").inner_text() == EVIL
                page.locator("#q").fill("")
                page.locator("#q").type("media")
                page.wait_for_function("document.querySelectorAll('#search-results li').length > 1")
                assert "found" in page.locator("#search-status").inner_text()
                page.screenshot(path=str(shots / f"search-{label}.png"), full_page=True)
                if label == "desktop":
                    axe(page, "search page")
                # a result leads to its recommendation on the thread page
                page.locator("#q").fill("script alert")
                page.wait_for_function(
                    "document.querySelectorAll('#search-results li').length == 1"
                )
                page.locator("#search-results li a").first.click()
                page.wait_for_load_state("load")
                assert page.url.endswith(f"#{key_slug(EVIL_KEY)}")
                assert page.locator(f"[id='{key_slug(EVIL_KEY)}']").count() == 1

                page.emulate_media(media="print")
                pdf_page = browser.new_page()
                pdf_page.goto(thread_page.as_uri(), wait_until="load")
                pdf = pdf_page.pdf(format="A4")
                assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
                pdf_page.close()
                page.close()
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)
    assert outside == []
    for shot in shots.glob("*.png"):
        assert shot.read_bytes().startswith(b"\x89PNG")
    if not os.environ.get("RECTRACK_SCREENSHOT_DIR"):
        shutil.rmtree(shots, ignore_errors=True)

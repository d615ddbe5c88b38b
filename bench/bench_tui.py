#!/usr/bin/env python3
"""Benchmark of the terminal UI, driven by Textual's Pilot with a timer.

    python bench/bench_tui.py --db sqlite:////path/to/store.db [--runs 5] [--cold] [--json]

(`python -m bench --only tui` runs the same through the shared harness, `run(ctx)` below.)

Measures, on the store given (build a 100,000-recommendation one with
`python bench/generate.py --size large --out DIR`, `rectrack --db URL init`,
`rectrack --db URL import DIR`, and `rectrack --db URL match`):

- startup: from before the store is opened and the app built to the first usable screen (the
  overview's country table filled), in this process (imports excluded; `--cold` runs a fresh
  interpreter and includes them);
- search keystroke: from a key press in Browse's search field to the table showing that
  text's results (every keystroke of a few queries, typed one key at a time);
- triage: from the start to the first proposal on screen, and a step: from `n` to the next
  proposal on screen, at reading pace (the screen may fetch ahead between steps) and when `n`
  is held down.

Decisions are not made; nothing is written to the store (the key presses are navigation only),
so the store may be a shared one. Targets (issue 6): startup < 1.5 s, keystroke < 100 ms,
triage step < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

QUERIES = ("election commission", "voter registration", "media freedom", "избир")
STEPS = 30


def _summary(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


async def _until(predicate: Any, timeout: float = 30.0, poll: float = 0.002) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not update in time")
        await asyncio.sleep(poll)


async def measure(url: str, runs: int) -> dict[str, Any]:
    from tracker.services.admin import open_store
    from tui.app import RectrackApp
    from tui.keys import Keymap
    from tui.screens.browse import BrowseScreen
    from tui.screens.overview import OverviewScreen
    from tui.screens.triage import TriageScreen

    results: dict[str, Any] = {"store": url}
    startups: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        store = open_store(url)
        app = RectrackApp(store, reviewer="bench", keymap=Keymap())
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(
                lambda app=app: isinstance(app.screen, OverviewScreen) and bool(app.screen.counts)
            )
            startups.append(time.perf_counter() - started)
            await pilot.pause()
        store.dispose()
    results["startup"] = _summary(startups)
    results["samples"] = {"startup": startups}

    store = open_store(url)
    app = RectrackApp(store, reviewer="bench", keymap=Keymap(), start="browse")
    keystrokes: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: isinstance(app.screen, BrowseScreen) and bool(app.screen.rows))
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("slash")
        for query in QUERIES:
            for key in query:
                # The key goes in without waiting for the Pilot's own idle checks; the clock
                # stops when the table shows the results of the text typed so far.
                wanted = screen._search.generation + 1
                started = time.perf_counter()
                press = asyncio.create_task(pilot.press("space" if key == " " else key))
                await _until(lambda w=wanted: screen.shown_generation >= w)
                keystrokes.append(time.perf_counter() - started)
                await press
            for _ in query:
                await pilot.press("backspace")
            await _until(lambda: screen.shown_generation == screen._search.generation)
    results["search_keystroke"] = _summary(keystrokes)
    results["samples"]["search_keystroke"] = keystrokes
    store.dispose()

    store = open_store(url)
    from tracker.services import triage

    if triage.remaining(store) == 0:
        store.dispose()
        results["triage_skipped"] = "no proposals in the store (run `rectrack match`)"
        return results
    started = time.perf_counter()
    app = RectrackApp(store, reviewer="bench", keymap=Keymap(), start="triage")
    paced: list[float] = []
    held: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: isinstance(app.screen, TriageScreen) and app.screen.pos >= 0)
        results["triage_first_proposal_ms"] = round((time.perf_counter() - started) * 1000, 1)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        for samples, pause in ((paced, 0.3), (held, 0.0)):
            for _ in range(STEPS):
                if pause:
                    await asyncio.sleep(pause)  # the reviewer reads
                before = screen.shown_steps
                started = time.perf_counter()
                press = asyncio.create_task(pilot.press("n"))
                await _until(lambda b=before: screen.shown_steps > b)
                samples.append(time.perf_counter() - started)
                await press
    results["triage_step"] = _summary(paced)
    results["triage_step_held"] = _summary(held)
    results["samples"]["triage_step"] = paced
    results["samples"]["triage_step_held"] = held
    store.dispose()
    return results


def cold_start(url: str) -> float:
    """Seconds from a fresh interpreter to the first usable screen, imports included."""
    here = str(Path(__file__).resolve())
    script = (
        "import time, asyncio, runpy; t = time.perf_counter(); "
        f"module = runpy.run_path({here!r}); "
        f"asyncio.run(module['_cold']({url!r}, t))"
    )
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    wall = time.perf_counter() - started
    return float(output.strip().splitlines()[-1]) if output.strip() else wall


async def _cold(url: str, started: float) -> None:
    from tracker.services.admin import open_store
    from tui.app import RectrackApp
    from tui.keys import Keymap
    from tui.screens.overview import OverviewScreen

    store = open_store(url)
    app = RectrackApp(store, reviewer="bench", keymap=Keymap())
    async with app.run_test(size=(80, 24)):
        await _until(lambda: isinstance(app.screen, OverviewScreen) and bool(app.screen.counts))
        elapsed = time.perf_counter() - started
    store.dispose()
    print(f"{elapsed:.4f}")


def run(ctx: Any) -> None:
    """The `tui` part of `python -m bench` (bench/run.py): the same figures, as measurements."""
    from bench.harness import Measurement

    results = asyncio.run(measure(ctx.url, max(3, ctx.args.repeat)))
    samples = results["samples"]
    add = ctx.results.add
    add(
        Measurement(
            "tui",
            "start to the first usable screen (overview)",
            samples["startup"],
            target=1.5,
            note="in-process: the store opened, the app built and shown",
        )
    )
    cold = [cold_start(ctx.url) for _ in range(ctx.args.repeat)]
    add(
        Measurement(
            "tui",
            "cold start to the first usable screen",
            cold,
            target=1.5,
            note="a fresh interpreter: imports included",
        )
    )
    add(
        Measurement(
            "tui",
            "search keystroke to the updated table",
            samples["search_keystroke"],
            target=0.1,
            note=f"every keystroke of {len(QUERIES)} queries",
        )
    )
    if "triage_skipped" in results:
        ctx.results.skip("tui triage", results["triage_skipped"])
        return
    add(
        Measurement(
            "tui",
            "triage step (n) to the next proposal",
            samples["triage_step"],
            target=0.05,
            note="at reading pace; the screen fetches ahead",
        )
    )
    add(
        Measurement("tui", "triage step with n held down", samples["triage_step_held"], target=0.05)
    )
    add(
        Measurement(
            "tui",
            "triage: start to the first proposal",
            [results["triage_first_proposal_ms"] / 1000],
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the store to measure")
    parser.add_argument("--runs", type=int, default=3, help="startups to time (default 3)")
    parser.add_argument("--cold", action="store_true", help="also time a cold start")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    results = asyncio.run(measure(args.db, args.runs))
    if args.cold:
        results["cold_startup_s"] = round(cold_start(args.db), 3)
    if args.json:
        results.pop("samples", None)
        print(json.dumps(results, indent=2))
        return 0
    targets = {"startup": 1500, "search_keystroke": 100, "triage_step": 50}
    results.pop("samples", None)
    print(f"store: {results['store']}")
    if "triage_skipped" in results:
        print(f"triage: skipped, {results['triage_skipped']}")
    for name in ("startup", "search_keystroke", "triage_step", "triage_step_held"):
        if name not in results:
            continue
        row = results[name]
        target = targets.get(name)
        goal = f"  (target < {target} ms)" if target else ""
        print(
            f"{name:18s} median {row['median_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms   "
            f"max {row['max_ms']:8.1f} ms   n={row['n']}{goal}"
        )
    if "triage_first_proposal_ms" in results:
        print(f"triage: first proposal on screen after {results['triage_first_proposal_ms']} ms")
    if "cold_startup_s" in results:
        print(f"cold start (fresh interpreter, imports included): {results['cold_startup_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time one country's briefing on a store: loading and building the model, then each format.

    python bench/briefing.py --db sqlite:////tmp/large.db --country FR [--repeat 5]

Prints one line per step with the best of `--repeat` runs (the store is read each time).
"""

from __future__ import annotations

import argparse
import time

from tracker.services import reporting
from tracker.services.admin import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the store")
    parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code")
    parser.add_argument("--repeat", type=int, default=5, help="runs per step (best counts)")
    args = parser.parse_args()

    store = open_store(args.db)
    try:
        reporting.build_briefings(store, [args.country])  # warm up: templates, caches
        best_build = float("inf")
        pack = None
        for _ in range(args.repeat):
            started = time.perf_counter()
            pack = reporting.build_briefings(store, [args.country])
            best_build = min(best_build, time.perf_counter() - started)
        assert pack is not None
        (briefing,) = pack.briefings
        headline = briefing.headline
        print(
            f"{briefing.country}: {headline.elections} elections, {headline.recommendations} "
            f"recommendations, {headline.threads} threads"
        )
        print(f"load + build     {best_build * 1000:8.1f} ms")
        for fmt in reporting.FORMATS:
            best = float("inf")
            size = 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                size = len(reporting.render(pack, fmt))
                best = min(best, time.perf_counter() - started)
            total = (best_build + best) * 1000
            print(
                f"render {fmt:<5}     {best * 1000:8.1f} ms   total {total:7.1f} ms   {size} chars",
                flush=True,
            )
    finally:
        store.dispose()


if __name__ == "__main__":
    main()

"""Matching benchmarks: the speed of the matcher and how it compares with a difflib baseline.

    python bench/bench_matching.py [--quick] [--json]
    python -m bench.bench_matching [--quick] [--json]

1. one report: the candidates for one 40-recommendation report against a 2,000-recommendation
   country history (generated: 1 country, 51 cycles, 40 per report): cold (a new scorer,
   every text normalised), cached (a new scorer, the normalised forms read from the store's
   cache as `rectrack match --report` has them) and warm (a scorer kept across runs, as in a
   long-lived process); median of several runs;
2. full re-match: every recommendation of the generated large corpus (100,000; `--quick`:
   medium, 10,000) against the earlier ones of its country, with the normalised forms from
   the store's cache (filled once, at import: `cache_fill_s`): `normalise_s` is checking
   the cached forms' digests, `match_s` the matching proper, `total_s` both;
   `uncached_total_s` is what a store without the cache would spend (fill + match);
3. difflib: the same first-stage pairs of (1), a sample of them scored with
   `difflib.SequenceMatcher.ratio`, projected to all of them; the ratio of its time to ours.

Corpora come from bench/generate.py, written to a temporary folder. Timings are wall-clock on
this machine; the matcher runs in-process on plain records (no store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tracker.matching.blocking import MatchRecord  # noqa: E402
from tracker.matching.cache import TokenCache  # noqa: E402
from tracker.matching.config import default_config  # noqa: E402
from tracker.matching.engine import run_matching  # noqa: E402
from tracker.matching.normalise import Normaliser  # noqa: E402
from tracker.matching.scoring import Scorer  # noqa: E402


def generate(out: Path, *args: str) -> Path:
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), *args, "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def read_records(folder: Path) -> list[MatchRecord]:
    records: list[MatchRecord] = []
    for path in sorted(folder.rglob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        report = document.get("report")
        if not report:
            continue
        date = report["election"]["date"]
        election_date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
        for item in document.get("recommendations") or []:
            records.append(
                MatchRecord(
                    id=len(records) + 1,
                    key=f"{report['id']}#{item['number']}",
                    country=str(report["country"]),
                    election_date=election_date,
                    report_id=str(report["id"]),
                    text=str(item["text"]),
                    topics=frozenset(item.get("topics") or ()),
                )
            )
    return records


def one_report_history(folder: Path) -> Path:
    """The history `one_report` measures against: one country, 51 elections of 40
    recommendations (2,000 earlier ones for the latest report's 40)."""
    return generate(
        folder, "--countries", "1", "--cycles", "51", "--per-report", "40", "--seed", "3"
    )


def one_report(folder: Path, runs: int = 7) -> dict[str, Any]:
    records = read_records(folder)
    latest = max(record.election_date for record in records)
    queries = [record for record in records if record.election_date == latest]
    history = [record for record in records if record.election_date < latest]
    config = default_config()
    cold: list[float] = []
    for _ in range(runs):
        scorer = Scorer(config, Normaliser.from_config(config))
        started = time.perf_counter()
        run_matching(queries, records, config, scorer=scorer)
        cold.append(time.perf_counter() - started)
    cached_records, _ = TokenCache(Normaliser.from_config(config)).refresh(records)
    cached_queries = [record for record in cached_records if record.election_date == latest]
    cached: list[float] = []
    for _ in range(runs):
        scorer = Scorer(config, Normaliser.from_config(config))
        started = time.perf_counter()
        run_matching(cached_queries, cached_records, config, scorer=scorer)
        cached.append(time.perf_counter() - started)
    scorer = Scorer(config, Normaliser.from_config(config))
    run_matching(queries, records, config, scorer=scorer)
    warm: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        run = run_matching(queries, records, config, scorer=scorer)
        warm.append(time.perf_counter() - started)
    return {
        "queries": len(queries),
        "history": len(history),
        "pairs_scored": run.pairs_scored,
        "candidate_pairs": len(queries) * len(history),
        "cold_ms": round(statistics.median(cold) * 1000, 1),
        "cached_ms": round(statistics.median(cached) * 1000, 1),
        "warm_ms": round(statistics.median(warm) * 1000, 1),
        "records": records,
        "queries_list": queries,
        "scorer": scorer,
    }


def difflib_ratio(
    queries: list[MatchRecord], records: list[MatchRecord], scorer: Scorer, ours_s: float
) -> dict[str, Any]:
    """difflib.SequenceMatcher on the raw texts of ALL candidate pairs of the one-report case
    (what a naive matcher would score), timed on a sample and projected."""
    latest = max(record.election_date for record in records)
    history = [record for record in records if record.election_date < latest]
    rng = random.Random(7)
    sample = [(rng.choice(queries), rng.choice(history)) for _ in range(3000)]
    started = time.perf_counter()
    for query, candidate in sample:
        difflib.SequenceMatcher(None, query.text, candidate.text).ratio()
    per_pair = (time.perf_counter() - started) / len(sample)
    total_pairs = len(queries) * len(history)
    projected = per_pair * total_pairs
    return {
        "difflib_us_per_pair": round(per_pair * 1e6, 1),
        "difflib_projected_s": round(projected, 2),
        "ours_s": round(ours_s, 4),
        "ratio": round(projected / ours_s, 1) if ours_s else None,
    }


def full_rematch(folder: Path) -> dict[str, Any]:
    """Every recommendation against the earlier ones of its country, with the normalised forms
    from the store's cache. Reported in steps: filling the cache (once per text, at import),
    checking it (every re-match), matching."""
    started = time.perf_counter()
    records = read_records(folder)
    loaded = time.perf_counter() - started
    config = default_config()
    cache = TokenCache(Normaliser.from_config(config))
    started = time.perf_counter()
    filled, _ = cache.refresh(records)
    cache_fill = time.perf_counter() - started
    started = time.perf_counter()
    checked, stale = TokenCache(Normaliser.from_config(config)).refresh(filled)
    check = time.perf_counter() - started
    assert not stale
    scorer = Scorer(config)
    started = time.perf_counter()
    run = run_matching(checked, checked, config, scorer=scorer)
    matched = time.perf_counter() - started
    per_country: dict[str, int] = {}
    for record in records:
        per_country[record.country] = per_country.get(record.country, 0) + 1
    return {
        "recommendations": len(records),
        "countries": len(per_country),
        "largest_country": max(per_country.values(), default=0),
        "proposals": len(run.candidates),
        "pairs_scored": run.pairs_scored,
        "yaml_load_s": round(loaded, 2),
        "cache_fill_s": round(cache_fill, 2),
        "normalise_s": round(check, 2),
        "match_s": round(matched, 2),
        "total_s": round(check + matched, 2),
        "uncached_total_s": round(cache_fill + matched, 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="medium instead of large corpus")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rectrack-bench-") as tmp:
        history = one_report_history(Path(tmp) / "history")
        one = one_report(history)
        records = one.pop("records")
        queries = one.pop("queries_list")
        scorer = one.pop("scorer")
        results["one_report"] = one
        results["difflib"] = difflib_ratio(queries, records, scorer, one["warm_ms"] / 1000)
        size = "medium" if args.quick else "large"
        corpus = generate(Path(tmp) / size, "--size", size, "--seed", "1")
        results[f"full_rematch_{size}"] = full_rematch(corpus)
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
        return
    for name, figures in results.items():
        print(name)
        for key, value in figures.items():
            print(f"  {key:<24}{value}")


if __name__ == "__main__":
    main()

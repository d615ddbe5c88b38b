"""`python -m bench`: generate corpora, then measure each part of rectrack on them.

    python -m bench [--size small|medium|large] [--repeat N] [--only PART,...] [--write]

Parts: generate, import, followup, match, eval, report, export, tui, review, site. A part
whose piece of rectrack is not built yet is skipped with the reason. `--write` replaces
BENCHMARKS.md. PostgreSQL is measured too where RECTRACK_BENCH_PG names a database URL.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.harness import Measurement, Results, markdown, repeat, run_process

REPO = Path(__file__).resolve().parent.parent
PARTS = (
    "generate",
    "import",
    "followup",
    "match",
    "eval",
    "report",
    "export",
    "tui",
    "review",
    "site",
)
STANDALONE = ("review",)  # parts that build their own store: no generated corpus needed
RECTRACK = [sys.executable, "-m", "tracker"]


def rectrack(*args: str) -> list[str]:
    return [*RECTRACK, *args]


class Context:
    def __init__(self, args: argparse.Namespace, work: Path, results: Results) -> None:
        self.args = args
        self.work = work
        self.results = results
        self.corpus = work / f"corpus-{args.size}"
        self.db = work / f"{args.size}.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def have(self, module: str, part: str, issue: str) -> bool:
        try:
            importlib.import_module(module)
        except ImportError:
            self.results.skip(part, f"{module} does not exist yet ({issue})")
            return False
        return True


def part_generate(ctx: Context) -> None:
    def generate() -> None:
        if ctx.corpus.exists():
            shutil.rmtree(ctx.corpus)
        done = run_process(
            [
                sys.executable,
                str(REPO / "bench" / "generate.py"),
                "--size",
                ctx.args.size,
                "--seed",
                "1",
                "--out",
                str(ctx.corpus),
            ]
        )
        if done.returncode:
            raise SystemExit(f"generate failed: {done.stderr}")

    ctx.results.add(Measurement("generate", f"{ctx.args.size} corpus", repeat(generate, 1)))


def _fresh_store(url: str, path: Path | None) -> None:
    if path is not None:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    done = run_process(rectrack("--db", url, "init"))
    if done.returncode:
        raise SystemExit(f"init failed: {done.stderr}")


def part_import(ctx: Context) -> None:
    if not ctx.have("tracker.services.importing", "import", "issue 3"):
        return
    target = {"small": None, "medium": None, "large": 20.0}[ctx.args.size]
    seconds, memory = [], []
    for _ in range(ctx.args.repeat):
        _fresh_store(ctx.url, ctx.db)
        done = run_process(rectrack("--db", ctx.url, "import", str(ctx.corpus), "--no-match"))
        if done.returncode:
            raise SystemExit(f"import failed: {done.stderr[-2000:]}")
        seconds.append(done.seconds)
        memory.append(done.peak_rss_mib)
    count = _count(ctx)
    ctx.results.add(
        Measurement(
            "import", f"{count:,} recommendations into SQLite (--no-match)", seconds, target=target
        )
    )
    ctx.results.add(Measurement("import", "peak RSS of that import", memory, unit="MiB"))

    seed = REPO / "seed"
    seed_db = ctx.work / "seed.db"
    seed_runs = []
    for _ in range(ctx.args.repeat):
        _fresh_store(f"sqlite:///{seed_db}", seed_db)
        done = run_process(
            rectrack("--db", f"sqlite:///{seed_db}", "import", str(seed), "--no-match")
        )
        seed_runs.append(done.seconds)
    ctx.results.add(Measurement("import", "the shipped seed (process start included)", seed_runs))

    pg = os.environ.get("RECTRACK_BENCH_PG")
    if pg:
        pg_runs = []
        for _ in range(ctx.args.repeat):
            _reset_postgres(pg)
            done = run_process(rectrack("--db", pg, "import", str(ctx.corpus), "--no-match"))
            if done.returncode:
                raise SystemExit(f"PostgreSQL import failed: {done.stderr[-2000:]}")
            pg_runs.append(done.seconds)
        ctx.results.add(
            Measurement("import", f"{count:,} recommendations into PostgreSQL", pg_runs)
        )
    else:
        ctx.results.skip("import on PostgreSQL", "RECTRACK_BENCH_PG is not set")

    from bench import naive_import

    sample = ctx.work / "sample"
    if sample.exists():
        shutil.rmtree(sample)
    naive_import.make_sample(ctx.corpus, sample, reports=10)
    sample_db = ctx.work / "sample.db"
    ours = []
    for _ in range(ctx.args.repeat):
        _fresh_store(f"sqlite:///{sample_db}", sample_db)
        done = run_process(
            rectrack("--db", f"sqlite:///{sample_db}", "import", str(sample), "--no-match")
        )
        ours.append(done.seconds)
    naive = []
    for _ in range(ctx.args.repeat):
        _fresh_store(f"sqlite:///{sample_db}", sample_db)
        naive.append(naive_import.timed(sample, f"sqlite:///{sample_db}"))
    ctx.results.add(
        Measurement(
            "import",
            "10 reports: rectrack import vs one ORM insert per row",
            ours,
            baseline=sorted(naive)[len(naive) // 2],
            note="baseline skips validation; both include the process or session start",
        )
    )


def _count(ctx: Context) -> int:
    from tracker.services.admin import describe, open_store

    store = open_store(ctx.url)
    try:
        return describe(store).counts["recommendations"]
    finally:
        store.dispose()


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    from tracker.store import create_store_engine

    engine = create_store_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    done = run_process(rectrack("--db", url, "init"))
    if done.returncode:
        raise SystemExit(done.stderr)


def _imported(ctx: Context) -> bool:
    if not ctx.db.exists():
        ctx.results.skip("store", "the import part did not run, so there is no store to measure")
        return False
    return True


def part_followup(ctx: Context) -> None:
    if not _imported(ctx):
        return
    from tracker.services import followup
    from tracker.services.admin import open_store

    store = open_store(ctx.url)
    try:
        country = _busiest_country(store)
        one = repeat(
            lambda: (followup.flagged(store, country), followup.status_summaries(store, country)),
            ctx.args.repeat + 2,
        )
        ctx.results.add(
            Measurement("followup", f"flags + summaries, one country ({country})", one, target=0.2)
        )
        everything = repeat(
            lambda: (followup.flagged(store), followup.status_summaries(store)), ctx.args.repeat
        )
        ctx.results.add(
            Measurement("followup", "flags + summaries, whole store", everything, target=5.0)
        )
    finally:
        store.dispose()


def _busiest_country(store: object) -> str:
    from sqlalchemy import func, select

    from tracker.models import Election, Recommendation, Report

    with store.read() as session:  # type: ignore[attr-defined]
        return str(
            session.execute(
                select(Election.country)
                .join(Report, Report.election_id == Election.id)
                .join(Recommendation, Recommendation.report_id == Report.id)
                .group_by(Election.country)
                .order_by(func.count().desc(), Election.country)
                .limit(1)
            ).scalar_one()
        )


def part_match(ctx: Context) -> None:
    if not ctx.have("tracker.services.matching", "match", "issue 4"):
        return
    from bench import bench_matching

    with tempfile.TemporaryDirectory(prefix="rectrack-bench-history-") as tmp:
        history = bench_matching.one_report_history(Path(tmp) / "history")
        one = bench_matching.one_report(history, runs=max(5, ctx.args.repeat))
        records, queries, scorer = one.pop("records"), one.pop("queries_list"), one.pop("scorer")
        ctx.results.add(
            Measurement(
                "match",
                f"one {one['queries']}-rec report vs {one['history']:,}-rec history (warm)",
                [one["warm_ms"] / 1000],
                target=0.05,
                note=f"median of runs; cold (normalising every text): {one['cold_ms']:.0f} ms",
            )
        )
        baseline = bench_matching.difflib_ratio(queries, records, scorer, one["warm_ms"] / 1000)
        ctx.results.add(
            Measurement(
                "match",
                "same candidates, difflib.SequenceMatcher baseline (projected from a sample)",
                [one["warm_ms"] / 1000],
                baseline=baseline["difflib_projected_s"],
                note=f"difflib {baseline['difflib_us_per_pair']} µs per pair",
            )
        )
    full = bench_matching.full_rematch(ctx.corpus)
    ctx.results.add(
        Measurement(
            "match",
            f"full re-match in memory, {full['recommendations']:,} recs",
            [full["total_s"]],
            target=30.0 if full["recommendations"] >= 100_000 else None,
            note=f"normalise {full['normalise_s']} s + match {full['match_s']} s",
        )
    )
    if _imported(ctx):
        from bench import bench_store_runs

        bench_store_runs.match_runs(ctx)
        bench_store_runs.import_with_matching(ctx)


def part_eval(ctx: Context) -> None:
    if not ctx.have("tracker.services.matching", "eval", "issue 4"):
        return
    import json

    held_out = ctx.work / "eval-small-seed7"
    if not held_out.exists():
        run_process(
            [
                sys.executable,
                str(REPO / "bench" / "generate.py"),
                "--size",
                "small",
                "--seed",
                "7",
                "--out",
                str(held_out),
            ]
        )
    sets = (
        ("seed", REPO / "seed"),
        ("development gold set", REPO / "tests" / "gold"),
        ("generated small, seed 7", held_out),
    )
    for name, folder in sets:
        if not folder.exists():
            ctx.results.skip(f"eval on {name}", f"{folder} does not exist")
            continue
        done = run_process(rectrack("eval-matching", str(folder), "--json"))
        if done.returncode:
            ctx.results.skip(f"eval on {name}", done.stderr.strip().splitlines()[-1])
            continue
        figures = json.loads(done.stdout)
        for key, floor in (("recall_at_k", 0.98), ("mrr", None), ("f1", 0.90)):
            ctx.results.add(
                Measurement(
                    "eval",
                    f"{key} on {name}",
                    [float(figures[key])],
                    unit="",
                    target=floor,
                    higher_is_better=True,
                )
            )


def part_report(ctx: Context) -> None:
    if not _imported(ctx) or not ctx.have("tracker.services.reporting", "report", "issue 7"):
        return
    from tracker.services import reporting
    from tracker.services.admin import open_store

    store = open_store(ctx.url)
    try:
        country = _busiest_country(store)
        for fmt in reporting.FORMATS:
            runs = repeat(
                lambda fmt=fmt: reporting.render(reporting.build_briefings(store, [country]), fmt),
                ctx.args.repeat + 2,
            )
            ctx.results.add(
                Measurement(
                    "report",
                    f"one country ({country}) briefing, {fmt}",
                    runs,
                    target=1.0,
                    note="in process, store read each run",
                )
            )
    finally:
        store.dispose()


def part_export(ctx: Context) -> None:
    if not _imported(ctx) or not ctx.have("tracker.services.exporting", "export", "issue 3"):
        return
    from bench import bench_store_runs

    bench_store_runs.export_runs(ctx)


def part_tui(ctx: Context) -> None:
    if not _imported(ctx) or not ctx.have("bench.bench_tui", "tui", "issue 6"):
        return
    module = importlib.import_module("bench.bench_tui")
    module.run(ctx)


def part_review(ctx: Context) -> None:
    if not ctx.have("tracker.services.review", "review", "issue 14"):
        return
    from bench import bench_review

    bench_review.run(ctx)


def part_site(ctx: Context) -> None:
    if not _imported(ctx) or not ctx.have("bench.bench_site", "site", "issue 16"):
        return
    importlib.import_module("bench.bench_site").run(ctx)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", choices=("small", "medium", "large"), default="large")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--only", help=f"comma-separated parts of {', '.join(PARTS)}")
    parser.add_argument("--work", type=Path, help="folder for corpora and stores (kept)")
    parser.add_argument("--write", action="store_true", help="replace BENCHMARKS.md")
    args = parser.parse_args(argv)
    chosen = PARTS if not args.only else tuple(p.strip() for p in args.only.split(","))
    unknown = set(chosen) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")

    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    results = Results(command=command.strip())
    work = args.work or Path(tempfile.mkdtemp(prefix="rectrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(args, work, results)
    needs_corpus = set(chosen) - set(STANDALONE)
    if "generate" not in chosen and needs_corpus and not ctx.corpus.exists():
        chosen = ("generate", *chosen)
    for part in PARTS:
        if part in chosen:
            print(f"== {part}", file=sys.stderr, flush=True)
            globals()[f"part_{part}"](ctx)
    text = markdown(results)
    print(text)
    if args.write:
        (REPO / "BENCHMARKS.md").write_text(text, encoding="utf-8")
        print("wrote BENCHMARKS.md", file=sys.stderr)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)

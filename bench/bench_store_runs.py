"""Matching and export on the imported store, each beside what it is measured against (issue
19): the first `rectrack match` and a re-run with nothing new (their ratio), a run after a
configuration change, an import that matches, and the whole-store export beside the import of
the same data (their ratio), with peak memory."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from bench.harness import Measurement, ProcessRun, Results, run_process

RECTRACK = [sys.executable, "-m", "tracker"]


class Context(Protocol):
    work: Path
    corpus: Path
    db: Path
    results: Results

    @property
    def url(self) -> str: ...

    @property
    def args(self) -> Any: ...


TIME = Path("/usr/bin/time")


def _run(*args: str, env: dict[str, str] | None = None) -> ProcessRun:
    """`rectrack args`: its time, and its own peak memory. The harness reads the peak from the
    child's rusage, which by then also holds the pages it shared with this process before its
    exec (this process holds a whole corpus by now): where GNU time is at hand, it forks
    rectrack from a small process and reports rectrack's peak alone."""
    if not TIME.exists():
        done = run_process([*RECTRACK, *args], env=env)
    else:
        with tempfile.TemporaryDirectory(prefix="rectrack-bench-time-") as folder:
            peak = Path(folder) / "peak"
            timed = run_process([str(TIME), "-f", "%M", "-o", str(peak), *RECTRACK, *args], env=env)
            text = peak.read_text().strip().splitlines() if peak.exists() else []
            kib = float(text[-1]) if text and text[-1].isdigit() else timed.peak_rss_mib * 1024
            done = replace(timed, peak_rss_mib=kib / 1024)
    if done.returncode:
        raise SystemExit(f"rectrack {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done


def _import_seconds(results: Results) -> float | None:
    for measurement in results.measurements:
        if measurement.part == "import" and measurement.name.endswith("(--no-match)"):
            return measurement.median
    return None


def match_runs(ctx: Context) -> None:
    """The first run, re-runs with nothing new, a configuration change (on a copy)."""
    size = ctx.args.size
    results = ctx.results
    first = _run("--db", ctx.url, "match", "--json")
    summary = json.loads(first.stdout)
    results.add(
        Measurement(
            "match",
            "`rectrack match` on the imported store (first run: proposes everything)",
            [first.seconds],
            target=30.0 if size == "large" else None,
            note=f"process start, loading and writing {summary['proposed']:,} proposals "
            f"included; peak RSS {first.peak_rss_mib:.0f} MiB",
        )
    )
    again = [_run("--db", ctx.url, "match", "--json") for _ in range(ctx.args.repeat)]
    said = json.loads(again[-1].stdout)
    assert said["proposed"] == 0, said
    seconds = [run.seconds for run in again]
    median = statistics.median(seconds)
    results.add(
        Measurement(
            "match",
            "`rectrack match` again (nothing new: one lean read, nothing scored)",
            seconds,
            note=f"{median / first.seconds:.3f} of the first run; "
            f"peak RSS {max(run.peak_rss_mib for run in again):.0f} MiB",
        )
    )
    results.add(
        Measurement(
            "match",
            "re-run with nothing new / first run (same session)",
            [run.seconds / first.seconds for run in again],
            unit="",
            target={"large": 0.1, "medium": 0.35}.get(size),
        )
    )
    if ctx.db.exists():
        copy = ctx.work / f"{size}-config-change.db"
        shutil.copyfile(ctx.db, copy)
        overlay = ctx.work / "matching-top4.toml"
        overlay.write_text("[proposals]\ntop_k = 4\n", encoding="utf-8")
        changed = _run(
            "--db",
            f"sqlite:///{copy}",
            "match",
            "--json",
            env={"RECTRACK_MATCHING_CONFIG": str(overlay)},
        )
        reasons = json.loads(changed.stdout)["incremental"]["reasons"]
        results.add(
            Measurement(
                "match",
                "`rectrack match` after a configuration change (top_k 5 -> 4)",
                [changed.seconds],
                note=f"re-matches every report ({reasons['config']:,} by config); "
                f"{changed.seconds / first.seconds:.2f} of the first run",
            )
        )
        copy.unlink()


def import_with_matching(ctx: Context) -> None:
    """`rectrack import` that matches the reports it adds, into a fresh store."""
    db = ctx.work / f"{ctx.args.size}-import-match.db"
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    url = f"sqlite:///{db}"
    _run("--db", url, "init")
    done = _run("--db", url, "import", str(ctx.corpus))
    plain = _import_seconds(ctx.results)
    share = "" if plain is None else f"; matching about {done.seconds - plain:.1f} s of it"
    ctx.results.add(
        Measurement(
            "match",
            "`rectrack import` with matching, the whole corpus into a fresh store",
            [done.seconds],
            note=f"peak RSS {done.peak_rss_mib:.0f} MiB{share}",
        )
    )
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()


def export_runs(ctx: Context) -> None:
    """The whole store into an empty folder (as the import read it), then again over the
    unchanged export (every file compared by digest, none written)."""
    out = ctx.work / "export"
    seconds: list[float] = []
    memory: list[float] = []
    for _ in range(ctx.args.repeat):
        shutil.rmtree(out, ignore_errors=True)
        done = _run("--db", ctx.url, "export", str(out))
        seconds.append(done.seconds)
        memory.append(done.peak_rss_mib)
    plain = _import_seconds(ctx.results)
    median = statistics.median(seconds)
    ctx.results.add(
        Measurement(
            "export",
            "whole store to YAML, into an empty folder",
            seconds,
            target=plain,
            note="target: the import of the same data (--no-match), this session",
        )
    )
    ctx.results.add(Measurement("export", "peak RSS of that export", memory, unit="MiB"))
    if plain is not None:
        ctx.results.add(
            Measurement(
                "export",
                "export / import of the same data (same session)",
                [value / plain for value in seconds],
                unit="",
                target=1.0,
                note=f"import median {plain:.2f} s",
            )
        )
    unchanged = [_run("--db", ctx.url, "export", str(out)) for _ in range(ctx.args.repeat)]
    ctx.results.add(
        Measurement(
            "export",
            "again over the unchanged export (compared by digest, nothing written)",
            [run.seconds for run in unchanged],
            note=f"peak RSS {max(run.peak_rss_mib for run in unchanged):.0f} MiB; "
            f"{statistics.median(run.seconds for run in unchanged) / median:.2f} of a full write",
        )
    )

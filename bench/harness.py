"""Timing, memory and the results table that `python -m bench` writes into BENCHMARKS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Measurement:
    part: str
    name: str
    values: list[float]
    unit: str = "s"
    target: float | None = None  # the figure must stay at or below it
    note: str = ""
    baseline: float | None = None  # the naive way's median, same unit
    higher_is_better: bool = False  # quality figures: the target is a floor

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.values), max(self.values)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.median >= self.target if self.higher_is_better else self.median <= self.target


@dataclass
class Skipped:
    part: str
    reason: str


@dataclass
class Results:
    command: str
    measurements: list[Measurement] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def add(self, measurement: Measurement) -> Measurement:
        self.measurements.append(measurement)
        print(format_row(measurement), file=sys.stderr, flush=True)
        return measurement

    def skip(self, part: str, reason: str) -> None:
        self.skipped.append(Skipped(part, reason))
        print(f"skipped {part}: {reason}", file=sys.stderr, flush=True)


def repeat(function: Callable[[], object], times: int) -> list[float]:
    values = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        values.append(time.perf_counter() - start)
    return values


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str
    returncode: int


def run_process(args: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Wall time and peak resident memory of one child process, from its own rusage."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(args), stdout=out, stderr=err, env={**os.environ, **(env or {})}, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            seconds, usage.ru_maxrss / 1024, out.read(), err.read(), process.returncode
        )


def format_value(value: float, unit: str) -> str:
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "":
        return f"{value:.3f}"
    return f"{value:.3g} {unit}"


def format_row(m: Measurement) -> str:
    low, high = m.spread
    target = "" if m.target is None else format_value(m.target, m.unit)
    mark = {None: "", True: "met", False: "**MISSED**"}[m.met]
    ratio = ""
    if m.baseline is not None and m.median > 0:
        ratio = f"{m.baseline / m.median:.1f}x faster than baseline"
    spread = (
        f"{format_value(low, m.unit)} – {format_value(high, m.unit)}" if len(m.values) > 1 else ""
    )
    bound = (("≥ " if m.higher_is_better else "≤ ") + target) if target else ""
    notes = "; ".join(text for text in (ratio, m.note) if text)
    cells = [
        m.part,
        m.name,
        format_value(m.median, m.unit),
        spread,
        str(len(m.values)),
        bound,
        mark,
        notes,
    ]
    return "| " + " | ".join(cells) + " |"


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {total_kib / 1024 / 1024:.0f} GiB memory"
    return (
        f"{os.cpu_count()} cores{memory}, {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def markdown(results: Results) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); run by hand, never in CI. A missed target is "
        "marked **MISSED**, not hidden. Each figure is the median of the runs; the spread is "
        "min – max.",
        "",
        f"- date: {results.started.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}",
        f"- command: `{results.command}`",
        "",
        "| part | measurement | median | spread | runs | target | | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *(format_row(m) for m in results.measurements),
    ]
    if results.skipped:
        lines += ["", "Not measured:", ""]
        lines += [f"- {s.part}: {s.reason}" for s in results.skipped]
    return "\n".join(lines) + "\n"

"""The `site` part of `python -m bench`: `rectrack site DIR` on the imported store, a first
build into an empty folder and a rebuild of the unchanged store (which rewrites nothing, and
takes every file from the folder: tracker/services/site.py), with the site's total size and its
search index's size. Target (issue 16): the first build under 60 s."""

from __future__ import annotations

import json
import shutil

from bench.harness import Measurement, run_process


def run(ctx: object) -> None:
    from bench.run import rectrack

    out = ctx.work / "site"  # type: ignore[attr-defined]
    url = ctx.url  # type: ignore[attr-defined]
    results = ctx.results  # type: ignore[attr-defined]
    if out.exists():
        shutil.rmtree(out)
    first = run_process(rectrack("--db", url, "site", str(out), "--json"))
    if first.returncode:
        raise SystemExit(f"site failed: {first.stderr[-2000:]}")
    summary = json.loads(first.stdout)
    results.add(
        Measurement(
            "site",
            f"whole store to a new folder ({summary['files']:,} files, "
            f"{summary['threads']:,} thread pages)",
            [first.seconds],
            target=60.0,
            note=f"process start included; peak RSS {first.peak_rss_mib:.0f} MiB",
        )
    )
    again = run_process(rectrack("--db", url, "site", str(out), "--json"))
    if again.returncode:
        raise SystemExit(f"site failed: {again.stderr[-2000:]}")
    rewritten = len(json.loads(again.stdout)["written"])
    results.add(
        Measurement(
            "site",
            "again on the unchanged store (files checked, no model built, nothing rendered)",
            [again.seconds],
            note=(
                f"{rewritten} files rewritten; {again.seconds / first.seconds:.2f} of the first "
                f"build; peak RSS {again.peak_rss_mib:.0f} MiB"
            ),
        )
    )
    mib = 1024 * 1024
    results.add(
        Measurement("site", "total size of the site", [summary["total_bytes"] / mib], unit="MiB")
    )
    results.add(
        Measurement(
            "site", "size of the search index", [summary["search_index_bytes"] / mib], unit="MiB"
        )
    )

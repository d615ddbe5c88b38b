"""`rectrack import` and `rectrack export` through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import run_main
from tests.unit.import_support import EARLIER_ID, LATER, LATER_ID, position, replaced, write_sample
from tracker.enums import Status
from tracker.services import followup
from tracker.store import Store


def test_import_prints_per_report_then_reimport_is_unchanged(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_sample(tmp_path / "in")
    code, out, err = run_main(
        capsys, "--db", sqlite_store.url, "--reviewer", "bob", "import", str(folder), "--no-match"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "topics  3 added, 0 changed, 0 unchanged"
    assert lines[1].split() == [
        EARLIER_ID,
        "added:",
        "3",
        "recommendations,",
        "0",
        "links,",
        "0",
        "assessments",
    ]
    assert lines[-1] == (
        "Imported 3 files: 2 reports added, 0 changed, 0 unchanged; 5 recommendations added, "
        "0 changed, 0 removed."
    )
    code, out, _ = run_main(capsys, "--db", sqlite_store.url, "import", str(folder))
    assert code == 0
    assert out.splitlines()[1].split() == [EARLIER_ID, "unchanged"]


def test_import_json_is_one_object(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_sample(tmp_path / "in")
    code, out, _ = run_main(
        capsys, "--db", sqlite_store.url, "import", str(folder), "--dry-run", "--json"
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["ok"] is True and payload["dry_run"] is True
    assert payload["created_report_ids"] == [EARLIER_ID, LATER_ID]
    assert payload["totals"]["recommendations"]["added"] == 5
    assert payload["reports"][1]["links"]["added"] == 3


def test_errors_are_one_line_each_then_a_count_and_exit_1(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = replaced(LATER, "topics: [voter-registration]", "topics: [voter-registation]")
    later = replaced(later, "status: not-implemented", "status: partly-implemented")
    folder = write_sample(tmp_path / "in", later=later)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", str(folder))
    assert code == 1
    assert out == ""
    name = folder / "kz" / f"{LATER_ID}.yaml"
    line, column = position(later, "partly-implemented")
    topic_line, topic_column = position(later, "voter-registation")
    # One round: the field error and the unknown topic (a check across files) together.
    assert err.splitlines() == [
        f"{name}:{topic_line}:{topic_column}: recommendations[0].topics[0]: unknown topic "
        "'voter-registation' (did you mean 'voter-registration'?)",
        f"{name}:{line}:{column}: assessments[0].status: unknown status 'partly-implemented' "
        "(did you mean 'partially-implemented'?); expected one of: fully-implemented, "
        "mostly-implemented, partially-implemented, not-implemented, no-longer-relevant",
        "rectrack: 2 errors in the input; nothing was written",
    ]
    # fixed the status, the unknown topic is what is left
    later = replaced(later, "partly-implemented", "partially-implemented")
    write_sample(folder, later=later)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", str(folder), "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["ok"] is False and payload["error"] == "invalid"
    (issue,) = payload["issues"]
    assert issue["path"] == "recommendations[0].topics[0]"
    assert (
        issue["message"] == "unknown topic 'voter-registation' (did you mean 'voter-registration'?)"
    )


def test_export_writes_the_layout(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(capsys, "--db", sqlite_store.url, "import", str(write_sample(tmp_path / "in")))
    out_dir = tmp_path / "out"
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "export", str(out_dir))
    assert code == 0, err
    assert (
        out.strip() == f"Exported 2 reports to {out_dir}: 3 files written, 0 unchanged, 0 removed."
    )
    assert (out_dir / "kz" / f"{EARLIER_ID}.yaml").read_text().startswith("format: rectrack/1\n")
    code, out, _ = run_main(
        capsys, "--db", sqlite_store.url, "export", str(out_dir), "--country", "KZ", "--json"
    )
    assert json.loads(out)["unchanged"] == 3
    code, _, err = run_main(
        capsys, "--db", sqlite_store.url, "export", str(out_dir), "--country", "GE"
    )
    assert code == 1 and "no elections of GE in the store" in err


def test_the_real_entry_point_exits_3_on_conflicts(sqlite_store: Store, tmp_path: Path) -> None:
    folder = write_sample(tmp_path / "in")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tracker", "--db", sqlite_store.url, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "RECTRACK_REVIEWER": "bob"},
        )

    assert run("import", str(folder), "--no-match").returncode == 0
    followup.assess(
        sqlite_store, f"{EARLIER_ID}#2", at_report=LATER_ID, status=Status.FULLY, actor="alice"
    )
    done = run("import", str(folder))
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].endswith(
        "assessments[1]: a reviewer assessed 'kz-2016-parliamentary-odihr-final#2' differently: "
        "status 'fully-implemented' in the store, 'partially-implemented' in the file, assessor "
        "'alice' in the store, 'OSCE PA' in the file (--prefer file applies the file, --prefer "
        "store keeps the store's)"
    )
    assert lines[-1].startswith("rectrack: 1 conflict with reviewer decisions in the store")
    assert run("import", str(folder), "--prefer", "store").returncode == 0


def test_a_conflict_names_an_absent_value_in_words(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_sample(tmp_path / "in")
    assert run_main(capsys, "--db", sqlite_store.url, "import", str(folder), "--no-match")[0] == 0
    followup.assess(
        sqlite_store, f"{EARLIER_ID}#1", at_report=LATER_ID, status=Status.FULLY, actor="alice"
    )
    code, _, err = run_main(capsys, "--db", sqlite_store.url, "import", str(folder))
    assert code == 3
    assert (
        "status 'fully-implemented' in the store, 'not-implemented' in the file, assessor "
        "'alice' in the store, none in the file" in err
    )


def test_the_summary_counts_in_words_and_says_what_matching_proposed(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_sample(tmp_path / "in")
    earlier = folder / "kz" / f"{EARLIER_ID}.yaml"
    code, out, err = run_main(
        capsys, "--db", sqlite_store.url, "import", str(folder / "topics.yaml"), str(earlier)
    )
    assert code == 0, err
    assert out.splitlines()[-1].startswith(
        "Matching proposed 0 candidate restatements for the 1 report"
    )
    assert (
        "Imported 2 files: 1 report added, 0 changed, 0 unchanged; 3 recommendations added" in out
    )
    later = folder / "kz" / f"{LATER_ID}.yaml"
    unlinked = "".join(
        line + "\n"
        for line in LATER.splitlines()
        if not line.strip().startswith(("restates:", "related:", "distinct_from:"))
    )
    later.write_text(unlinked, encoding="utf-8")  # no link decided: matching proposes
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", str(later), "--json")
    assert code == 0, err
    assert json.loads(out)["proposed"] >= 1
    code, out, _ = run_main(capsys, "--db", sqlite_store.url, "match", "--country", "KZ")
    assert "Matched 5 recommendations of country KZ in" in out  # once, not 'KZ (KZ)'

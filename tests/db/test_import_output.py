"""How much `rectrack import` prints: long lists of problems are capped in human output, and
`--json` keeps every one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import run_main
from tests.unit.import_support import EARLIER, replaced, write_sample
from tracker.cli.common import MAX_LISTED
from tracker.services import editing
from tracker.store import Store


def bad_keys_file(path: Path, count: int) -> Path:
    """A topics file with `count` unknown keys: one error each."""
    lines = ["format: rectrack/1", "topics:", f"- id: {path.stem}", "  label: A topic"]
    lines += [f"  unknown{i}: x" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_many_errors_list_the_first_ones_then_say_how_many_more(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = bad_keys_file(tmp_path / "a.yaml", 150)
    second = bad_keys_file(tmp_path / "b.yaml", 5000)
    code, _, err = run_main(capsys, "--db", sqlite_store.url, "import", str(first), str(second))
    assert code == 1
    lines = err.splitlines()
    listed = [line for line in lines if "unknown key" in line]
    assert len(listed) == MAX_LISTED
    # The first file's 150, then the second's first 50: file order, then line order.
    assert sum(line.startswith(str(first)) for line in listed) == 150
    assert f"... and {5150 - MAX_LISTED:,} more (1 file; --json lists them all)" in lines
    assert "5150 errors" in lines[-1]
    assert len(lines) < MAX_LISTED + 5


def test_the_count_of_files_is_of_those_not_listed(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [bad_keys_file(tmp_path / f"f{i}.yaml", 100) for i in range(4)]
    code, _, err = run_main(capsys, "--db", sqlite_store.url, "import", *map(str, files))
    assert code == 1
    assert "... and 200 more (2 files; --json lists them all)" in err.splitlines()


def test_a_list_that_fits_is_printed_whole_without_a_tail(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bad_keys_file(tmp_path / "a.yaml", MAX_LISTED)
    code, _, err = run_main(capsys, "--db", sqlite_store.url, "import", str(path))
    assert code == 1
    assert sum("unknown key" in line for line in err.splitlines()) == MAX_LISTED
    assert "more (" not in err


def test_json_keeps_every_issue(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bad_keys_file(tmp_path / "a.yaml", 3 * MAX_LISTED)
    code, out, _ = run_main(capsys, "--db", sqlite_store.url, "import", "--json", str(path))
    assert code == 1
    assert len(json.loads(out)["issues"]) == 3 * MAX_LISTED


def test_resolved_conflicts_are_capped_too(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = MAX_LISTED + 30
    recs = "".join(
        f"- number: '{i}'\n  text: Recommendation {i}.\n  topics: [media]\n" for i in range(count)
    )
    head = EARLIER.split("recommendations:\n")[0] + "recommendations:\n"
    folder = write_sample(tmp_path / "in", earlier=head + recs)
    code, _, err = run_main(capsys, "--db", sqlite_store.url, "import", "--no-match", str(folder))
    assert code == 0, err
    # A reviewer edits every text in the store: a re-import with other texts conflicts on all.
    for i in range(count):
        editing.edit_recommendation(
            sqlite_store,
            f"kz-2016-parliamentary-odihr-final#{i}",
            text=f"Edited {i}.",
            actor="rev",
            expected_version=None,
        )
    write_sample(folder, earlier=replaced(head + recs, "Recommendation", "Changed"))
    code, _, err = run_main(
        capsys, "--db", sqlite_store.url, "import", "--no-match", "--prefer", "store", str(folder)
    )
    assert code == 0, err
    resolved = [line for line in err.splitlines() if line.startswith("resolved: ")]
    assert len(resolved) == MAX_LISTED
    assert "... and 30 more (1 file; --json lists them all)" in err.splitlines()

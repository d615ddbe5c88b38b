"""`rectrack report` through the real entry point, on the hand-built history."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.store import Store

from .builders import Builder, build_kazakhstan

Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def db(sqlite_store: Store) -> str:
    build_kazakhstan(sqlite_store)
    return sqlite_store.url


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Invoke:
    """Runs the real entry point; returns the exit code, stdout and stderr."""

    def run(db: str, *args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(["--db", db, *args])
        captured = capsys.readouterr()
        return int(exited.value.code or 0), captured.out, captured.err

    return run


def test_markdown_on_stdout(db: str, invoke: Invoke) -> None:
    code, out, err = invoke(db, "report", "--country", "KZ")
    assert code == 0, err
    assert out.startswith("# Kazakhstan (KZ)\n")
    assert "**33%**" in out
    assert out.rstrip().endswith(
        "Reproduce with `rectrack report --country KZ --format md` on the same store."
    )
    assert err == ""


def test_each_format_to_stdout_and_to_a_file(
    db: str, sqlite_store: Store, invoke: Invoke, tmp_path: Path
) -> None:
    code, out, _ = invoke(db, "report", "--country", "KZ", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["briefings"][0]["headline"]["implementation_rate"] == 0.3333
    code, out, _ = invoke(db, "report", "--country", "KZ", "--format", "csv", "--priority-only")
    assert code == 0
    assert {row["thread"] for row in csv.DictReader(io.StringIO(out))} == {
        "kz-2012-parliamentary-odihr-final#1"
    }
    with sqlite_store.transaction() as session:  # Armenia: its one election is after 2016
        build = Builder(session, country="AM")
        build.report("am-2021-parliamentary-odihr-final", "2021-06-20")
        build.rec("am-2021-parliamentary-odihr-final#1", "Reform the code.")
    target = tmp_path / "brief.html"
    code, out, err = invoke(
        db,
        "report",
        "--country",
        "KZ",
        "--country",
        "AM",
        "--as-of",
        "2016-12-31",
        "-o",
        str(target),
    )
    assert code == 0 and out == ""
    assert f"Wrote {target} (html)." in err
    assert "AM: The store holds no elections of Armenia (AM) up to 2016-12-31." in err
    html = target.read_text(encoding="utf-8")
    assert '<h1 id="pack-title">Briefing pack: Kazakhstan, Armenia</h1>' in html
    assert (
        f"rectrack report --country KZ --country AM --as-of 2016-12-31 --format html -o {target}"
        in html
    )


def test_errors_are_one_line(db: str, invoke: Invoke, tmp_path: Path) -> None:
    code, out, err = invoke(db, "report", "--country", "XY")
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0
    assert "unknown country code 'XY'" in err
    code, _, err = invoke(db, "report", "--country", "KZ", "--as-of", "2019-02-30")
    assert code == 1 and "not a date" in err
    code, _, err = invoke(db, "report", "--country", "KZ", "--topic", "nope")
    assert code == 1 and "unknown topic 'nope'" in err
    code, _, err = invoke(db, "report", "--country", "KZ", "-o", str(tmp_path / "brief.txt"))
    assert code == 1 and "cannot tell the format" in err
    code, _, err = invoke(db, "report")
    assert code == 2 and "--country" in err
    code, _, err = invoke(db, "report", "--country", "KZ", "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_limit_goes_into_the_reproducing_command(db: str, invoke: Invoke) -> None:
    code, out, _ = invoke(db, "report", "--country", "KZ", "--limit", "0")
    assert code == 0
    assert "`rectrack report --country KZ --limit 0 --format md`" in out
    assert "Showing" not in out
    code, out, _ = invoke(db, "report", "--country", "KZ", "--limit", "1")
    assert "Showing 1 of 2: `--limit 0` shows all" in out  # the two long-standing threads


def test_known_country_without_data_and_empty_store(
    db: str, invoke: Invoke, sqlite_template: Path, tmp_path: Path
) -> None:
    # refused as `rectrack flags --country` refuses it: one line, exit 1, nothing on stdout
    code, out, err = invoke(db, "report", "--country", "fr", "--format", "html")
    assert (code, out, err) == (1, "", "rectrack: no elections of FR in the store\n")
    shutil.copyfile(sqlite_template, tmp_path / "empty.db")
    code, out, err = invoke(f"sqlite:///{tmp_path / 'empty.db'}", "report", "--country", "KZ")
    assert (code, out, err) == (1, "", "rectrack: no elections of KZ in the store\n")

"""Files written all or nothing: a briefing (`report -o`, the TUI's save), a draft (`extract -o`)
and the draft kept after a failed import survive a full disk or Ctrl-C mid-write whole."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker import atomic
from tracker.errors import ExtractionFailed, InvalidInput
from tracker.extracting import ReportMeta, TopicInfo
from tracker.services import extracting, reporting

EARLIER = "<!DOCTYPE html>\n<p>the briefing of last week</p>\n" * 50
NEW = "# Briefing\n\n" + "a line of the new briefing\n" * 2000


def disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def interrupted(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


_REAL_FDOPEN = os.fdopen


class _HalfWriter(io.RawIOBase):
    """A file that takes half of what it is given, then finds the disk full."""

    def __init__(self, handle: int) -> None:
        self.real = _REAL_FDOPEN(handle, "wb")

    def write(self, data: Any) -> int:
        self.real.write(bytes(data)[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self) -> None:
        self.real.close()
        super().close()


def fail_mid_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "fdopen", lambda handle, _mode: _HalfWriter(handle))


def fail_at_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "fsync", disk_full)


def interrupt_at_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "replace", interrupted)


FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "mid-write": fail_mid_write,
    "fsync": fail_at_fsync,
}


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_write_leaves_the_earlier_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    target = tmp_path / "kz.html"
    target.write_bytes(EARLIER.encode())
    target.chmod(0o640)
    FAILURES[failure](monkeypatch)
    with pytest.raises(OSError) as raised:
        atomic.replace_text(target, NEW)
    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == EARLIER.encode()
    assert listing(tmp_path) == ["kz.html"], "no temporary file may be left"


def test_an_interrupt_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "draft.yaml"
    target.write_text("edited\n")
    interrupt_at_rename(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        atomic.replace_text(target, NEW)
    assert target.read_text() == "edited\n"
    assert listing(tmp_path) == ["draft.yaml"]


def test_a_whole_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "kz.csv"
    target.write_text(EARLIER)
    target.chmod(0o600)
    atomic.replace_text(target, "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n", "newlines are written as given"
    assert target.stat().st_mode & 0o777 == 0o600
    assert listing(tmp_path) == ["kz.csv"]
    fresh = tmp_path / "new.json"
    atomic.replace_text(fresh, "{}")
    assert fresh.read_text() == "{}"


@pytest.mark.parametrize("suffix", ["md", "html", "csv", "json"])
def test_a_briefing_on_a_full_disk_keeps_the_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"briefing.{suffix}"
    target.write_text(EARLIER)
    fail_mid_write(monkeypatch)
    with pytest.raises(InvalidInput) as raised:
        reporting.save_text(target, NEW)
    message = raised.value.message
    assert f"cannot write {str(target)!r}: No space left on device" in message
    assert "the earlier file was left as it was" in message
    assert target.read_text() == EARLIER
    assert listing(tmp_path) == [target.name]


def test_a_new_briefing_on_a_full_disk_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_at_fsync(monkeypatch)
    with pytest.raises(InvalidInput, match="nothing was written"):
        reporting.save_text(tmp_path / "kz.md", NEW)
    assert listing(tmp_path) == []


META = ReportMeta.checked(
    report_id="ex-2022-presidential-odihr-final",
    country="MD",
    election_type="presidential",
    election_date="2022-10-09",
)
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "extract" / "report.txt"


def extraction() -> extracting.Extraction:
    taxonomy = extracting.Taxonomy((TopicInfo("media", "Media", None),), "a test")
    return extracting.extract(FIXTURE, META, taxonomy)


def test_a_draft_on_a_full_disk_keeps_the_reviewers_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "draft.yaml"
    target.write_text("a reviewer's edited draft\n")
    result = extraction()
    fail_mid_write(monkeypatch)
    with pytest.raises(ExtractionFailed) as raised:
        extracting.write_draft(result, target, overwrite=True)
    assert raised.value.message == (
        f"cannot write {target}: No space left on device; {target} was left as it was"
    )
    assert target.read_text() == "a reviewer's edited draft\n"
    assert listing(tmp_path) == ["draft.yaml"]
    monkeypatch.undo()
    extracting.write_draft(result, target, overwrite=True)
    assert target.read_text() == result.text


def test_the_draft_kept_after_a_failed_import_is_whole_or_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.draft.yaml"
    fail_at_fsync(monkeypatch)
    assert not extracting.keep_draft("format: rectrack/1\n", target)
    assert listing(tmp_path) == []
    monkeypatch.undo()
    assert extracting.keep_draft("format: rectrack/1\n", target)
    assert not extracting.keep_draft("another\n", target), "an existing file is never replaced"
    assert target.read_text() == "format: rectrack/1\n"


# A real short write, whatever the code writes with: the process may not grow any file past
# a limit, as on a full disk (the kernel says EFBIG where a full disk says ENOSPC).
_LIMITED = """
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
from tracker.errors import TrackerError
from tracker.services import reporting
try:
    reporting.save_text(sys.argv[2], "x" * (4 * limit))
except TrackerError as exc:
    print(exc.message)
"""


def test_a_briefing_written_past_the_space_left_keeps_the_earlier_one(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "kz.md"
    target.write_text(EARLIER)
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED, "4096", str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "cannot write" in done.stdout
    assert "the earlier file was left as it was" in done.stdout
    assert target.read_text() == EARLIER
    assert listing(tmp_path) == ["kz.md"]


def test_a_name_near_the_limit_still_gets_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("b" * 248 + ".md")
    atomic.replace_text(target, "whole")
    assert target.read_text() == "whole"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_symbolic_link_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    atomic.replace_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_exists_is_false_for_what_cannot_be_looked_at(tmp_path: Path) -> None:
    assert not atomic.exists(tmp_path / ("a" * 300))
    (tmp_path / "file").write_text("x")
    assert not atomic.exists(tmp_path / "file" / "below")
    assert atomic.exists(tmp_path / "file")


def test_an_over_long_name_is_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="File name too long; nothing was written"):
        reporting.save_text(tmp_path / ("a" * 300 + ".md"), "text")

"""`rectrack export` never loses data: it removes only files it wrote itself, and it writes all
of an export or none of it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import run_main
from tests.unit.import_support import (
    EARLIER,
    EARLIER_ID,
    LATER_ID,
    exported_report,
    replaced,
    write_files,
)
from tests.unit.import_support import write_sample as write_input
from tracker.errors import InvalidInput, TrackerError
from tracker.services import exporting
from tracker.services.exporting import export_store
from tracker.services.importing import import_paths
from tracker.store import Store

EXPORTED = ["topics.yaml", f"kz/{EARLIER_ID}.yaml", f"kz/{LATER_ID}.yaml"]


@pytest.fixture
def imported(store: Store, tmp_path: Path) -> Store:
    import_paths(store, [write_input(tmp_path / "in")], actor="bob", match=False)
    return store


def report_file(report_id: str, country: str) -> str:
    """A rectrack/1 report document as export writes it, for `report_id` of `country`."""
    return exported_report(report_id, country)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` (hidden ones too): a file's bytes, None for a folder."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


# -- 1. a whole-store export removes only what export itself would have written -------------


def test_a_whole_export_keeps_every_file_it_did_not_write(imported: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    kept = {
        "de/strings.yaml": "x: 1\n",
        "kz/mine.yaml": "notes: my own list of follow-up questions\n",
        # a valid report of a country the store does not hold, filed under another name
        "fr/country2.yaml": report_file("fr-2022-presidential-odihr-final", "FR"),
        # named as export names it, but filed under the wrong country folder
        "ge/kz-2010-parliamentary-odihr-final.yaml": report_file(
            "kz-2010-parliamentary-odihr-final", "KZ"
        ),
        # an export's file that no longer parses (a merge conflict left in it)
        "kz/kz-2012-parliamentary-odihr-final.yaml": "<<<<<<< HEAD\n"
        + report_file("kz-2012-parliamentary-odihr-final", "KZ"),
        # the right content, under other suffixes
        "kz/kz-2011-parliamentary-odihr-final.yml": report_file(
            "kz-2011-parliamentary-odihr-final", "KZ"
        ),
        "kz/kz-2011-parliamentary-odihr-final.yaml.bak": report_file(
            "kz-2011-parliamentary-odihr-final", "KZ"
        ),
        "kz/notes.txt": "x\n",
    }
    write_files(out, kept)
    (out / "am").mkdir()  # an empty country folder that this export does not empty

    summary = export_store(imported, out)

    assert summary.removed == ()
    for relative, text in kept.items():
        assert (out / relative).read_text(encoding="utf-8") == text, relative
    assert (out / "am").is_dir()
    assert sorted(summary.written) == sorted(EXPORTED)


def test_a_whole_export_removes_the_files_of_reports_no_longer_in_the_store(
    imported: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    stale_kz = "kz/kz-2010-parliamentary-odihr-final.yaml"
    stale_ge = "ge/ge-2020-parliamentary-odihr-final.yaml"
    write_files(
        out,
        {
            stale_kz: report_file("kz-2010-parliamentary-odihr-final", "KZ"),
            stale_ge: report_file("ge-2020-parliamentary-odihr-final", "GE"),
            "fr/notes.yaml": "x: 1\n",
            "fr/fr-2022-presidential-odihr-final.yaml": report_file(
                "fr-2022-presidential-odihr-final", "FR"
            ),
        },
    )
    summary = export_store(imported, out)
    assert summary.removed == (
        "fr/fr-2022-presidential-odihr-final.yaml",
        stale_ge,
        stale_kz,
    )
    assert not (out / "ge").exists()  # emptied by this export
    assert (out / "fr").is_dir() and (out / "fr/notes.yaml").read_text() == "x: 1\n"
    assert sorted(p for p, content in tree(out).items() if content is not None) == sorted(
        [*EXPORTED, "fr/notes.yaml"]
    )


def test_a_report_written_or_edited_by_hand_is_never_removed(
    imported: Store, tmp_path: Path
) -> None:
    """A draft not imported yet, named and filed as export would, or an exported file edited
    since: not in the canonical form, so not export's to remove (the review's scenario)."""
    out = tmp_path / "out"
    draft = "kz/kz-2024-parliamentary-draft.yaml"
    edited = "ge/ge-2020-parliamentary-odihr-final.yaml"
    by_hand = replaced(EARLIER, f"id: {EARLIER_ID}", "id: kz-2024-parliamentary-draft")
    touched = report_file("ge-2020-parliamentary-odihr-final", "GE") + "# to check\n"
    write_files(out, {draft: by_hand, edited: touched})
    summary = export_store(imported, out)
    assert summary.removed == ()
    assert (out / draft).read_text(encoding="utf-8") == by_hand
    assert (out / edited).read_text(encoding="utf-8") == touched


def test_the_files_of_reports_in_the_store_are_not_even_read(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    export_store(imported, out)
    read: list[str] = []
    real_check = exporting.written_by_export

    def counting(country_folder: str, file_name: str, data: bytes) -> Any:
        read.append(f"{country_folder}/{file_name}")
        return real_check(country_folder, file_name, data)

    monkeypatch.setattr(exporting, "written_by_export", counting)
    write_files(out, {"kz/kz-2010-parliamentary-odihr-final.yaml": "x: 1\n", "kz/a.txt": "x"})
    again = export_store(imported, out)
    assert again.removed == () and again.written == ()
    assert read == ["kz/kz-2010-parliamentary-odihr-final.yaml"]


def test_the_trial_from_the_command_line(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(capsys, "--db", sqlite_store.url, "import", str(write_input(tmp_path / "in")))
    out = tmp_path / "out"
    write_files(
        out,
        {
            "de/strings.yaml": "x: 1",
            "kz/mine.yaml": "mine: true\n",
            "fr/country2.yaml": report_file("fr-2022-presidential-odihr-final", "FR"),
        },
    )
    before = tree(out)
    code, stdout, err = run_main(capsys, "--db", sqlite_store.url, "export", str(out))
    assert code == 0, err
    assert "removed" not in stdout.replace("0 removed.", "")
    after = tree(out)
    assert {k: v for k, v in after.items() if k in before} == before


# -- 2. every path is checked before anything is written -------------------------------------


@pytest.mark.parametrize(
    ("setup", "offender", "message"),
    [
        pytest.param(
            lambda out: write_files(out, {"kz": "a file\n"}),
            "kz",
            "is a file, not a folder",
            id="a country folder is a file",
        ),
        pytest.param(
            lambda out: (out / "topics.yaml").mkdir(parents=True),
            "topics.yaml",
            "is a folder, not a file",
            id="topics.yaml is a folder",
        ),
        pytest.param(
            lambda out: (out / "kz" / f"{LATER_ID}.yaml").mkdir(parents=True),
            f"kz/{LATER_ID}.yaml",
            "is a folder, not a file",
            id="a report file is a folder",
        ),
        pytest.param(
            lambda out: (out.mkdir(), (out / "kz").symlink_to(out / "nowhere")),
            "kz",
            "is a link to nothing, not a folder",
            id="a country folder is a broken link",
        ),
    ],
)
def test_a_path_in_the_way_stops_the_export_before_anything_is_written(
    imported: Store,
    tmp_path: Path,
    setup: Callable[[Path], object],
    offender: str,
    message: str,
) -> None:
    out = tmp_path / "out"
    setup(out)
    before = tree(out)
    with pytest.raises(InvalidInput) as refused:
        export_store(imported, out)
    assert str(refused.value) == f"{out / offender} {message}: nothing was written"
    assert tree(out) == before


def test_dir_itself_or_a_parent_of_it_that_is_a_file_is_refused(
    imported: Store, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(InvalidInput) as refused:
        export_store(imported, blocker)
    assert str(refused.value) == f"{blocker} is a file, not a folder: nothing was written"
    with pytest.raises(InvalidInput) as refused:
        export_store(imported, blocker / "deeper" / "out")
    assert str(refused.value) == f"{blocker} is a file, not a folder: nothing was written"
    assert blocker.read_text() == "x"


def test_the_half_written_export_of_the_trial_from_the_command_line(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(capsys, "--db", sqlite_store.url, "import", str(write_input(tmp_path / "in")))
    out = tmp_path / "ex9"
    write_files(out, {"kz": ""})
    code, stdout, err = run_main(capsys, "--db", sqlite_store.url, "export", str(out))
    assert code == InvalidInput.exit_code
    assert f"{out / 'kz'} is a file, not a folder: nothing was written" in err
    assert stdout == ""
    assert tree(out) == {"kz": b""}


# -- 2b. export writes and removes only inside DIR, links or not --------------------------


def linked(link: Path, target: Path) -> Path:
    """`link` made a symbolic link to `target` (its folders created); returns the link."""
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return link


def _stale_elsewhere(elsewhere: Path) -> None:
    """Outside DIR: a folder holding what looks like an earlier export's file of a report the
    store does not hold (a whole export would remove it), and a file of one it does hold."""
    write_files(
        elsewhere,
        {
            "kz/kz-2010-parliamentary-odihr-final.yaml": report_file(
                "kz-2010-parliamentary-odihr-final", "KZ"
            ),
            f"kz/{EARLIER_ID}.yaml": "# someone else's file\n",
            "ge/ge-2020-parliamentary-odihr-final.yaml": report_file(
                "ge-2020-parliamentary-odihr-final", "GE"
            ),
            "topics.yaml": "# someone else's topics\n",
        },
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
@pytest.mark.parametrize(
    ("link", "target", "export_args"),
    [
        pytest.param("kz", "kz", {}, id="a country folder export writes into"),
        pytest.param("kz", "kz", {"countries": ["KZ"]}, id="the same, for one country"),
        pytest.param("ge", "ge", {}, id="a country folder export would remove from"),
        pytest.param(f"kz/{EARLIER_ID}.yaml", f"kz/{EARLIER_ID}.yaml", {}, id="a report file"),
        pytest.param("topics.yaml", "topics.yaml", {}, id="topics.yaml"),
    ],
)
def test_a_link_out_of_dir_is_refused_before_anything_is_written(
    imported: Store, tmp_path: Path, link: str, target: str, export_args: dict[str, Any]
) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    _stale_elsewhere(elsewhere)
    out.mkdir()
    linked(out / link, elsewhere / target)
    before, outside_before = tree(out), tree(elsewhere)
    with pytest.raises(InvalidInput) as refused:
        export_store(imported, out, **export_args)
    assert str(refused.value) == (
        f"{out / link} is a link to {elsewhere / target}, outside {out}: export writes into "
        "its own folders and files only: nothing was written"
    )
    assert tree(elsewhere) == outside_before
    assert tree(out) == before
    assert (out / link).is_symlink()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_link_out_of_dir_from_the_command_line_is_one_line(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_main(capsys, "--db", sqlite_store.url, "import", str(write_input(tmp_path / "in")))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    _stale_elsewhere(elsewhere)
    linked(out / "kz", elsewhere / "kz")
    code, stdout, err = run_main(capsys, "--db", sqlite_store.url, "export", str(out))
    assert code == InvalidInput.exit_code
    assert stdout == ""
    assert err.strip().endswith(
        f"{out / 'kz'} is a link to {elsewhere / 'kz'}, outside {out}: export writes into its "
        "own folders and files only: nothing was written"
    )
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_dir_itself_may_be_a_link(imported: Store, tmp_path: Path) -> None:
    """Where DIR is, is the user's choice."""
    real = tmp_path / "real"
    real.mkdir()
    out = linked(tmp_path / "out", real)
    summary = export_store(imported, out)
    assert sorted(summary.written) == sorted(EXPORTED)
    assert sorted(p.name for p in (real / "kz").iterdir()) == sorted(
        [f"{EARLIER_ID}.yaml", f"{LATER_ID}.yaml"]
    )
    assert export_store(imported, out).written == ()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
@pytest.mark.parametrize("target", [".", "archive/kz"])
def test_a_link_to_elsewhere_inside_dir_is_refused(
    imported: Store, tmp_path: Path, target: str
) -> None:
    """A `kz` folder linked to DIR itself would put KZ's reports beside topics.yaml, where an
    import finds each of them twice; linked to another folder of DIR, the export would write
    where it does not say."""
    out = tmp_path / "out"
    (out / "archive" / "kz").mkdir(parents=True)
    linked(out / "kz", out / target)
    before = tree(out)
    with pytest.raises(InvalidInput, match=f"elsewhere in {out}") as refused:
        export_store(imported, out)
    assert str(refused.value).startswith(f"{out / 'kz'} is a link to ")
    assert tree(out) == before


# -- 3. a failure part-way leaves DIR as it was ---------------------------------------------


def earlier_export(imported: Store, out: Path) -> dict[str, bytes | None]:
    """DIR as an earlier export left it, before the store changed: the next export rewrites
    topics.yaml and the earlier report, creates the later one and a new country folder."""
    export_store(imported, out)
    (out / "topics.yaml").write_text("format: rectrack/1\ntopics: []\n")
    (out / "kz" / f"{EARLIER_ID}.yaml").write_text(report_file(EARLIER_ID, "KZ") + "# old\n")
    (out / "kz" / f"{LATER_ID}.yaml").unlink()
    return tree(out)


def failing_on(target_name: str, real: Callable[..., Any], *, target_at: int) -> Callable[..., Any]:
    """`real`, raising PermissionError where its argument `target_at` names `target_name`."""

    def fail(*args: Any) -> Any:
        if Path(args[target_at]).name == target_name:
            raise PermissionError(13, "Permission denied")
        return real(*args)

    return fail


def test_a_file_that_cannot_be_written_leaves_an_existing_export_untouched(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = earlier_export(imported, out)
    monkeypatch.setattr(
        exporting,
        "_write_temporary",
        failing_on(f"{LATER_ID}.yaml", exporting._write_temporary, target_at=0),
    )
    with pytest.raises(TrackerError) as failed:
        export_store(imported, out)
    assert str(failed.value) == (
        f"cannot write {out / 'kz' / f'{LATER_ID}.yaml'}: Permission denied: "
        f"nothing was written to {out}"
    )
    assert tree(out) == before  # no temporary files left either


def test_a_failure_part_way_into_a_new_folder_leaves_no_folder_behind(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new" / "out"
    monkeypatch.setattr(
        exporting,
        "_write_temporary",
        failing_on(f"{LATER_ID}.yaml", exporting._write_temporary, target_at=0),
    )
    with pytest.raises(TrackerError):
        export_store(imported, out)
    assert not (tmp_path / "new").exists()


def test_a_rename_that_fails_puts_back_the_files_already_replaced(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = earlier_export(imported, out)
    monkeypatch.setattr(os, "replace", failing_on(f"{LATER_ID}.yaml", os.replace, target_at=1))
    with pytest.raises(TrackerError) as failed:
        export_store(imported, out)
    assert str(failed.value).endswith(f": {out} was left as it was")
    assert tree(out) == before


def test_ctrl_c_while_renaming_puts_dir_back_and_leaves_no_temporary_file(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = earlier_export(imported, out)
    real_replace = os.replace

    def interrupted(*args: Any) -> None:
        if Path(args[1]).name == f"{LATER_ID}.yaml":
            raise KeyboardInterrupt
        real_replace(*args)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_store(imported, out)
    monkeypatch.undo()
    assert tree(out) == before


def test_after_a_failure_the_next_export_completes(
    imported: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    earlier_export(imported, out)
    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", failing_on(f"{LATER_ID}.yaml", os.replace, target_at=1))
        with pytest.raises(TrackerError):
            export_store(imported, out)
    summary = export_store(imported, out)
    assert sorted(summary.written) == sorted(EXPORTED)
    reference = tmp_path / "reference"
    export_store(imported, reference)
    assert tree(out) == tree(reference)


# -- file modes: an export's files are ordinary files ----------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_files_follow_the_umask_and_rewritten_ones_keep_their_mode(
    imported: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    old_umask = os.umask(0o022)
    try:
        export_store(imported, out)
        assert (out / "topics.yaml").stat().st_mode & 0o777 == 0o644
        target = out / "kz" / f"{EARLIER_ID}.yaml"
        target.write_text("stale\n")
        target.chmod(0o640)
        assert export_store(imported, out).written == (f"kz/{EARLIER_ID}.yaml",)
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old_umask)


def test_export_reports_its_reading_and_writing(imported: Store, tmp_path: Path) -> None:
    """Long exports are not silent: the CLI shows these on a terminal (tracker/cli/progress)."""
    calls: list[tuple[str, int, int]] = []
    export_store(imported, tmp_path / "out", progress=lambda *call: calls.append(call))
    stages = [stage for stage, _done, _total in calls]
    assert stages[0] == "reading" and stages[-1] == "writing"
    assert calls[-1] == ("writing", len(EXPORTED), len(EXPORTED))

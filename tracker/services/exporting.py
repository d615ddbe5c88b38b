"""`rectrack export`: the store as YAML files, in the format that import reads.

`DIR/topics.yaml` and `DIR/<country lower-case>/<report id>.yaml`, each in the canonical form of
tracker.exporting.render. A file whose content is already right is left as it is (its mtime
too).

An export is all or nothing. Every path it will write (DIR, each country folder, each file) is
checked before anything is written, and so is every country folder a whole-store export would
remove files from: a link among them that leads out of DIR is refused (DIR itself may be one).
Then each file is rendered in turn and compared with the file in DIR by size and digest (one
file in memory at a time, not every old and new file); a changed one is written to a temporary
file next to its target (`.<name>.<random>.tmp`, hidden from import), and only once all of them
are written are they renamed into place, each existing one first kept under a hidden hard link
(a copy where links are not supported) until the export is done. A failure before that point
removes the temporary files and the folders the export created, leaving DIR as it was; a
failure while renaming puts back the files already replaced.

A whole-store export (no `countries`, no `report_ids`) then removes the files of reports no
longer in the store, so that a git diff shows the deletion: only files that export itself would
have written (tracker.exporting.ownership) whose report id the store does not hold. Nothing
else in DIR is ever removed; a country folder goes only where this export emptied it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from tracker import atomic
from tracker.countries import parse as parse_country
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.exporting.ownership import COUNTRY_FOLDER, candidate_report_id, written_by_export
from tracker.exporting.render import TOPICS_FILE, render_report, render_topics, report_path
from tracker.importing.reader import MAX_FILE_BYTES
from tracker.repositories import catalog
from tracker.store import Store

NOTHING_WRITTEN = "nothing was written"
# Progress stages (the import's words), and how often the writer reports.
READING_STAGE = "reading"
WRITING_STAGE = "writing"
PROGRESS_STEP = 200
Progress = Callable[[str, int, int], None]

T = TypeVar("T")


@dataclass(frozen=True)
class ExportSummary:
    folder: Path
    reports: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "reports": self.reports,
            "written": list(self.written),
            "unchanged": len(self.unchanged),
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class _Plan:
    stale: tuple[str, ...]


@dataclass
class _Staged:
    """A changed file written to `temporary`; `backup`: a hidden link to the file it replaces,
    made just before the rename (None: there was no file, or not renamed yet)."""

    relative: str
    target: Path
    temporary: Path
    existed: bool
    backup: Path | None = None


class _WriteFailed(Exception):
    """An OSError, with the path that the export was writing when it happened."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.path = path
        self.error = error

    def describe(self) -> str:
        return f"cannot write {self.path}: {self.error.strerror or self.error}"


def export_store(
    store: Store,
    folder: Path,
    *,
    countries: Sequence[str] = (),
    report_ids: Sequence[str] = (),
    progress: Progress | None = None,
) -> ExportSummary:
    """Writes the store (or the countries, reports named) as YAML into `folder`; `progress` is
    called as (stage, done, total) while it reads and writes."""
    say = progress or (lambda _stage, _done, _total: None)
    codes = sorted({parse_country(code) for code in countries})
    _checked(folder, lambda: _check_export_folder(folder))
    with store.read() as session:
        if codes:
            missing = sorted(set(codes) - catalog.countries_held(session, codes))
            if missing:
                raise NotFound.no_elections(*missing)
        if report_ids:
            unknown = sorted(
                set(report_ids) - set(catalog.selected_report_ids(session, (), report_ids))
            )
            if unknown:
                raise NotFound(f"no report {', '.join(map(repr, unknown))} in the store")
        say(READING_STAGE, 0, 1)
        selected = catalog.selected_report_ids(session, codes, report_ids)
        documents = catalog.report_documents(session, selected)
        topics = catalog.topics(session)
        say(READING_STAGE, 1, 1)
    renderers: dict[str, Callable[[], str]] = {TOPICS_FILE: lambda: render_topics(topics.values())}
    for document in documents:
        renderers[str(report_path(document))] = functools.partial(render_report, document)
    whole = not codes and not report_ids
    plan = _checked(folder, lambda: _plan(folder, renderers, set(selected) if whole else None))
    staged, unchanged = _write_all(folder, renderers, progress)
    say(WRITING_STAGE, len(renderers), len(renderers))
    removed = _remove_stale(folder, plan.stale)
    return ExportSummary(
        folder=folder,
        reports=len(documents),
        written=tuple(item.relative for item in staged),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
    )


def write_files(
    folder: Path, renderers: dict[str, Callable[[], str]], progress: Progress | None = None
) -> tuple[list[str], list[str]]:
    """The export's folder writer for other outputs (the site): every path checked first,
    each file rendered in turn and written only where its bytes change, all renamed into place
    at the end or none. (written, unchanged) relative paths."""
    _checked(folder, lambda: _plan(folder, renderers, None))
    staged, unchanged = _write_all(folder, renderers, progress)
    return [item.relative for item in staged], unchanged


def _checked(folder: Path, step: Callable[[], T]) -> T:
    """Run a step that only reads DIR; an OSError in it becomes the user's error."""
    try:
        result = step()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = exc.filename if exc.filename is not None else folder
        raise TrackerError(f"cannot read {where}: {reason}: {NOTHING_WRITTEN}") from exc
    return result


# -- checking, before anything is written ---------------------------------------------------


def _check_export_folder(folder: Path) -> None:
    """DIR is a folder, or does not exist and can be created (its nearest existing ancestor is
    a folder)."""
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        _refuse_as_folder(folder)
    for ancestor in folder.parents:
        if ancestor.is_dir():
            return
        if ancestor.exists() or ancestor.is_symlink():
            _refuse_as_folder(ancestor)


def _check_targets(folder: Path, relatives: Iterable[str]) -> None:
    """Every folder the export writes into is a folder (or absent), every file it writes is a
    file (or absent): checked for all of them before the first write."""
    checked: set[PurePosixPath] = set()
    for relative in relatives:
        path = PurePosixPath(relative)
        for parent in reversed(path.parents[:-1]):
            if parent in checked:
                continue
            checked.add(parent)
            path_on_disk = folder / parent
            if not path_on_disk.is_dir() and (path_on_disk.exists() or path_on_disk.is_symlink()):
                _refuse_as_folder(path_on_disk)
        target = folder / relative
        if target.exists() and not target.is_file():
            what = "a folder" if target.is_dir() else "not a regular file"
            raise InvalidInput(f"{target} is {what}, not a file: {NOTHING_WRITTEN}")


def _check_inside(folder: Path, relatives: Iterable[str]) -> None:
    """Every path export writes, writes into or removes from stays inside DIR once links are
    followed: the files it writes, their folders, and every `<cc>/` folder (a whole export
    removes files from those). A link there that leads out of DIR would have export write, and
    later remove, files elsewhere; so would one to another place inside DIR (a `kz` folder
    linked to DIR puts KZ's reports beside topics.yaml, where an import finds each twice). Any
    such link is refused, naming it. DIR itself may be a link: where DIR is, is the user's
    choice."""
    root = Path(os.path.realpath(folder))
    paths: set[PurePosixPath] = set()
    for relative in relatives:
        path = PurePosixPath(relative)
        paths.update(path.parents[:-1])
        paths.add(path)
    if folder.is_dir():
        paths.update(
            PurePosixPath(child.name)
            for child in folder.iterdir()
            if COUNTRY_FOLDER.match(child.name)
        )
    # Shallowest first: the first path found elsewhere is the link that leads there (its
    # parent is where it should be), not a file below it.
    for inner in sorted(paths, key=lambda each: (len(each.parts), each.as_posix())):
        link = folder / inner
        target = Path(os.path.realpath(link))
        if target == root / inner or (target.is_relative_to(root) and not target.exists()):
            continue  # a broken link is said as such by the check of the targets
        where = f"outside {folder}" if not target.is_relative_to(root) else f"elsewhere in {folder}"
        raise InvalidInput(
            f"{link} is a link to {target}, {where}: export writes into its own folders and "
            f"files only: {NOTHING_WRITTEN}"
        )


def _refuse_as_folder(path: Path) -> None:
    if path.is_file():
        what = "a file"
    elif path.is_symlink() and not path.exists():
        what = "a link to nothing"
    else:
        what = "not a regular file"
    raise InvalidInput(f"{path} is {what}, not a folder: {NOTHING_WRITTEN}")


def _plan(folder: Path, files: Collection[str], store_ids: set[str] | None) -> _Plan:
    """Checks every path the export writes, and finds the stale files, reading DIR without
    changing it. `store_ids` is every report id of the store for a whole-store export (which
    removes stale files), else None."""
    _check_inside(folder, files)
    _check_targets(folder, files)
    stale = _stale_files(folder, set(files), store_ids) if store_ids is not None else []
    return _Plan(tuple(stale))


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def _same(target: Path, data: bytes) -> bool:
    """`target` is a file holding exactly `data`: compared by size, then by digest."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    hashed = hashlib.blake2b(digest_size=32)
    with target.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            hashed.update(block)
    return hashed.digest() == _digest(data)


def _stale_files(folder: Path, written: set[str], store_ids: set[str]) -> list[str]:
    """The files in DIR's `<cc>/` folders that an earlier export wrote, unchanged since, for a
    report the store no longer holds. A file whose name already says it is no such file is not
    read."""
    if not folder.is_dir():
        return []
    stale: list[str] = []
    for child in sorted(folder.iterdir()):
        if not COUNTRY_FOLDER.match(child.name) or not child.is_dir():
            continue
        for file in sorted(child.iterdir()):
            relative = f"{child.name}/{file.name}"
            report_id = candidate_report_id(child.name, file.name)
            if report_id is None or report_id in store_ids or relative in written:
                continue
            if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_FILE_BYTES:
                continue
            if written_by_export(child.name, file.name, file.read_bytes()) == report_id:
                stale.append(relative)
    return stale


# -- writing: temporary files first, renamed into place once all are written ---------------


class _ReadFailed(Exception):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.path = path
        self.error = error


def _write_all(
    folder: Path, renderers: dict[str, Callable[[], str]], progress: Progress | None = None
) -> tuple[list[_Staged], list[str]]:
    """Render each file, write the changed ones beside their targets, then rename them all into
    place (see the module doc). The files written, and those left as they were."""
    created: list[Path] = []
    staged: list[_Staged] = []
    unchanged: list[str] = []
    try:
        _make_folders(folder, created)
        total = len(renderers)
        for done, (relative, render) in enumerate(renderers.items()):
            if progress is not None and done % PROGRESS_STEP == 0:
                progress(WRITING_STAGE, done, total)
            target = folder / relative
            data = render().encode("utf-8")
            try:
                same = _same(target, data)
            except OSError as exc:
                raise _ReadFailed(target, exc) from exc
            if same:
                unchanged.append(relative)
                continue
            existed = target.is_file()
            _make_folders(target.parent, created)
            try:
                temporary = _write_temporary(target, data)
            except OSError as exc:
                raise _WriteFailed(target, exc) from exc
            staged.append(_Staged(relative, target, temporary, existed))
    except _WriteFailed as failure:
        _discard(staged, created)
        raise TrackerError(f"{failure.describe()}: {NOTHING_WRITTEN} to {folder}") from failure
    except _ReadFailed as failure:
        _discard(staged, created)
        reason = failure.error.strerror or str(failure.error)
        raise TrackerError(f"cannot read {failure.path}: {reason}: {NOTHING_WRITTEN}") from failure
    except BaseException:  # an interrupt, or a bug: still leave no temporary files behind
        _discard(staged, created)
        raise
    _rename_all(folder, staged, created)
    return staged, unchanged


def _keep(target: Path) -> Path:
    """A hidden hard link to `target` beside it (a copy where links are not supported), to put
    it back if the export fails part-way."""
    handle, reserved = atomic.temporary_beside(target)
    os.close(handle)
    try:
        os.unlink(reserved)
        os.link(target, reserved)
    except OSError:
        shutil.copyfile(target, reserved)
    return reserved


def _rename_all(folder: Path, staged: Sequence[_Staged], created: Sequence[Path]) -> None:
    replaced: list[_Staged] = []
    try:
        _rename_each(folder, staged, created, replaced)
    finally:
        for item in replaced:
            if item.backup is not None:
                with contextlib.suppress(OSError):
                    item.backup.unlink(missing_ok=True)


def _rename_each(
    folder: Path, staged: Sequence[_Staged], created: Sequence[Path], replaced: list[_Staged]
) -> None:
    for item in staged:
        try:
            if item.existed:
                item.backup = _keep(item.target)
            os.replace(item.temporary, item.target)
        except BaseException as exc:
            if not isinstance(exc, OSError):  # Ctrl-C, or a bug: put DIR back as it was
                _restore(replaced)
                _discard(staged[len(replaced) :], created)
                raise
            problem = _WriteFailed(item.target, exc).describe()
            not_restored = _restore(replaced)
            _discard(staged[len(replaced) :], created if not not_restored else [])
            if not_restored:
                names = ", ".join(str(path) for path in not_restored)
                raise TrackerError(
                    f"{problem}; the export to {folder} is incomplete, and "
                    f"these files could not be put back as they were: {names}"
                ) from exc
            raise TrackerError(f"{problem}: {folder} was left as it was") from exc
        replaced.append(item)


def _make_folders(path: Path, created: list[Path]) -> None:
    """Create `path` and its missing ancestors, recording each folder created."""
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for each in reversed(missing):
        try:
            each.mkdir()
        except OSError as exc:
            raise _WriteFailed(each, exc) from exc
        created.append(each)


def _write_temporary(target: Path, data: bytes) -> Path:
    """`data` in a new hidden file next to `target`, with the mode of the file it replaces (a
    new file gets the umask's)."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else None
    handle, temporary = atomic.temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _discard(staged: Sequence[_Staged], created: Sequence[Path]) -> None:
    """Best effort: remove temporary files (and backups not used), then the folders this
    export created (if empty)."""
    for item in staged:
        with contextlib.suppress(OSError):
            item.temporary.unlink(missing_ok=True)
        if item.backup is not None:
            with contextlib.suppress(OSError):
                item.backup.unlink(missing_ok=True)
            item.backup = None
    for path in reversed(created):
        with contextlib.suppress(OSError):
            path.rmdir()


def _restore(replaced: Sequence[_Staged]) -> list[Path]:
    """Best effort: put back what the files renamed into place replaced. The paths that could
    not be restored."""
    failed: list[Path] = []
    for item in reversed(replaced):
        try:
            if item.backup is None:
                item.target.unlink(missing_ok=True)
            else:
                os.replace(item.backup, item.target)
                item.backup = None
        except OSError:
            failed.append(item.target)
    return failed


def _remove_stale(folder: Path, stale: Sequence[str]) -> list[str]:
    """Remove the stale files found before writing; then each country folder this emptied."""
    removed: list[str] = []
    emptied: dict[Path, None] = {}
    for relative in stale:
        path = folder / relative
        try:
            path.unlink()
        except OSError as exc:
            done = f" (removed {', '.join(removed)})" if removed else ""
            raise TrackerError(
                f"the export was written to {folder}, but {path} could not be removed: "
                f"{exc.strerror or exc}{done}"
            ) from exc
        removed.append(relative)
        emptied[path.parent] = None
    for country_folder in emptied:
        with contextlib.suppress(OSError):
            if not any(country_folder.iterdir()):
                country_folder.rmdir()
    return removed

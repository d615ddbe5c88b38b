"""`rectrack site`: the store as a static website, in a folder.

The pages are built in one read transaction from the follow-up rows (threads, timelines and
flags from `tracker.followup`, headline figures and the status mix from the briefing's model)
and written as export writes its files, with export's writer (tracker.services.exporting):
every path checked first, each changed file written to a hidden temporary file beside its
target, and all renamed into place only once every one is written; a failure leaves the folder
as it was. A file whose bytes are already right is not touched (its mtime stays).

The folder holds `.rectrack-site`, the list of the files the last build wrote: a rebuild
removes the files of that list it no longer writes (a thread split, a country left out), and
never any other file. A folder that is not empty and holds no such list is refused, so that a
site is never written over someone's other files.

It also holds `.rectrack-site-cache`: the digest of everything the last build was made from
(tracker.site.fingerprint: the rows read, the options, the data date, the code) and the digest
of each file it wrote. A rebuild from the same inputs builds no model and renders no page: it
takes each file from the folder, where the file still holds those bytes (one that does not is
rendered again), so that an unchanged store is checked rather than rebuilt. Pages are rendered
one at a time as the writer asks for them; none is held after it is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from tracker.countries import parse as parse_country
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.followup.rows import CountryRows
from tracker.reporting.model import ReportRow
from tracker.repositories import followup as followup_rows
from tracker.repositories import reporting as reporting_rows
from tracker.repositories import site as site_rows
from tracker.services.exporting import (
    NOTHING_WRITTEN,
    Progress,
    _check_export_folder,
    _checked,
    write_files,
)
from tracker.site import fingerprint
from tracker.site.model import (
    DEFAULT_TITLE,
    DataDate,
    ReportInfo,
    Site,
    SiteOptions,
    build_country,
)
from tracker.site.render import SEARCH_INDEX, site_files
from tracker.store import Store

MANIFEST = ".rectrack-site"
# The digest of what the last build was made from (tracker.site.fingerprint) and of each file it
# wrote: a rebuild from the same inputs takes each file from the folder where it still holds
# those bytes, instead of building the model and rendering.
CACHE = ".rectrack-site-cache"
CACHE_HEADER = "rectrack-site-cache 2"
MAX_TITLE = 200


@dataclass(frozen=True)
class SiteSummary:
    folder: Path
    countries: tuple[str, ...]
    recommendations: int
    threads: int
    files: int
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    total_bytes: int
    search_index_bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "countries": list(self.countries),
            "recommendations": self.recommendations,
            "threads": self.threads,
            "files": self.files,
            "written": list(self.written),
            "unchanged": self.unchanged,
            "removed": list(self.removed),
            "total_bytes": self.total_bytes,
            "search_index_bytes": self.search_index_bytes,
        }


def _title(title: str | None) -> str:
    if title is None:
        return DEFAULT_TITLE
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInput("--title is empty: give the site a name, or leave --title out")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(f"--title is {len(cleaned)} characters long: at most {MAX_TITLE}")
    return cleaned


@dataclass(frozen=True)
class _Inputs:
    """Everything the site is made from, as read from the store in one transaction."""

    options: SiteOptions
    selected: list[str]
    labels: dict[str, str]
    loaded: dict[str, CountryRows]
    reports: dict[str, list[ReportRow]]
    details: dict[str, ReportInfo]
    data_date: DataDate

    def digest(self) -> str:
        return fingerprint.inputs_digest(
            self.options,
            self.data_date,
            self.labels,
            [self.loaded[code] for code in self.selected],
            [self.reports[code] for code in self.selected],
            self.details,
        )

    def site(self) -> Site:
        views = [
            build_country(
                code,
                self.loaded[code],
                self.reports[code],
                self.details,
                self.labels,
                self.options.as_of,
            )
            for code in self.selected
        ]
        return Site(
            options=self.options,
            title=self.options.title,
            data_date=self.data_date,
            countries=views,
            topic_labels=self.labels,
        )


def _read(
    store: Store,
    countries: Sequence[str],
    folder: str,
    as_of: dt.date | None,
    title: str | None,
) -> _Inputs:
    codes = tuple(dict.fromkeys(parse_country(code) for code in countries))
    chosen_title = _title(title)
    with store.read() as session:
        stored = followup_rows.countries(session)
        absent = [code for code in codes if code not in stored]
        if absent:
            raise NotFound.no_elections(*absent)
        selected = sorted(codes) if codes else stored
        labels = reporting_rows.topic_labels(session)
        if codes:
            loaded = {}
            for code in selected:
                loaded.update(followup_rows.load_rows(session, code))
        else:
            loaded = followup_rows.load_rows(session)
        reports = {code: reporting_rows.reports(session, code) for code in selected}
        details = site_rows.report_details(session, None)
        history_at = reporting_rows.latest_history_at(session)
        published = reporting_rows.latest_published(session)

    if history_at is not None:
        data_date = DataDate(
            f"{history_at:%Y-%m-%d %H:%M} UTC", "the latest change in the store's history"
        )
    elif published is not None:
        data_date = DataDate(
            published.isoformat(), "the latest published report; the store's history is empty"
        )
    else:
        data_date = DataDate(None, None)
    return _Inputs(
        options=SiteOptions(folder=folder, countries=codes, as_of=as_of, title=chosen_title),
        selected=list(selected),
        labels=labels,
        loaded=loaded,
        reports=reports,
        details=details,
        data_date=data_date,
    )


def build_site(
    store: Store,
    countries: Sequence[str] = (),
    *,
    folder: str = "DIR",
    as_of: dt.date | None = None,
    title: str | None = None,
) -> tuple[Site, dict[str, Callable[[], str]]]:
    """The site's model and its files (path relative to the root -> a function rendering its
    text), rendered and written nowhere yet. `folder` only goes into the rebuilding command of
    the footer."""
    site = _read(store, countries, folder, as_of, title).site()
    return site, site_files(site)


@dataclass
class _Build:
    """The site's model and files, built only when a file must be rendered."""

    inputs: _Inputs
    _built: tuple[Site, dict[str, Callable[[], str]]] | None = None

    def get(self) -> tuple[Site, dict[str, Callable[[], str]]]:
        if self._built is None:
            site = self.inputs.site()
            self._built = (site, site_files(site))
        return self._built


def write_site(
    store: Store,
    folder: str | Path,
    countries: Sequence[str] = (),
    *,
    as_of: dt.date | None = None,
    title: str | None = None,
    progress: Progress | None = None,
) -> SiteSummary:
    """Build the site and write it to `folder`, all or nothing; `progress` is called as
    (stage, done, total) while it writes.

    Where the folder's cache says the last build was made from the same inputs (the same rows,
    options, data date and code: `fingerprint.inputs_digest`), the site is the one on disk: each
    file is taken from the folder where it still holds the bytes that build wrote, and the model
    is built (and a page rendered) only for a file that does not."""
    target = Path(folder)
    _checked(target, lambda: _check_export_folder(target))
    previous = _checked(target, lambda: _previous_files(target))
    inputs = _read(store, countries, str(folder), as_of, title)
    key = inputs.digest()
    cache = _checked(target, lambda: _read_cache(target))
    build = _Build(inputs)
    same_inputs = (
        cache.key == key and bool(cache.files) and set(cache.files) | {CACHE} == set(previous)
    )
    if same_inputs:
        names = list(cache.files)
        counts = cache.counts
    else:
        site, files = build.get()
        names = [*files, MANIFEST]
        counts = _Counts(
            countries=tuple(country.code for country in site.countries),
            recommendations=site.recommendations,
            threads=sum(len(country.threads) for country in site.countries),
        )
    manifest = "\n".join(sorted([*names, CACHE])) + "\n"
    sizes: dict[str, int] = {}
    outputs: dict[str, str] = {}

    def rendered(name: str) -> str:
        if name == MANIFEST:
            return manifest
        files = build.get()[1]
        if name not in files:  # only where someone wrote the cache by hand
            raise TrackerError(
                f"{target / CACHE} lists {name}, which this site does not have: remove "
                f"{CACHE} and run again: {NOTHING_WRITTEN}"
            )
        return files[name]()

    def measured(name: str) -> str:
        kept = _reusable(target, name, cache.files) if same_inputs else None
        if kept is not None:
            text, outputs[name], sizes[name] = kept
            return text
        text = rendered(name)
        data = text.encode("utf-8")
        sizes[name] = len(data)
        outputs[name] = _output_digest(data)
        return text

    def cache_text() -> str:
        return _cache_text(key, counts, {name: outputs[name] for name in names})

    renderers: dict[str, Callable[[], str]] = {
        name: functools.partial(measured, name) for name in names
    }
    renderers[CACHE] = cache_text
    written, unchanged = write_files(target, renderers, progress)
    removed = _remove_stale(target, [name for name in previous if name not in renderers])
    return SiteSummary(
        folder=target,
        countries=counts.countries,
        recommendations=counts.recommendations,
        threads=counts.threads,
        files=len(renderers),
        written=tuple(written),
        unchanged=len(unchanged),
        removed=tuple(removed),
        total_bytes=sum(sizes.values()) + len(cache_text().encode("utf-8")),
        search_index_bytes=sizes[SEARCH_INDEX],
    )


def _previous_files(folder: Path) -> list[str]:
    """The files the last build wrote (from its list), or [] for a new or empty folder; a
    folder with other files and no list is not a site: refused."""
    if not folder.is_dir():
        return []
    manifest = folder / MANIFEST
    if not manifest.is_file():
        if any(folder.iterdir()):
            raise InvalidInput(
                f"{folder} is not empty and holds no rectrack site ({MANIFEST} is missing): "
                f"give a new or empty folder: {NOTHING_WRITTEN}"
            )
        return []
    names = []
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        path = PurePosixPath(line.strip())
        if not line.strip() or path.is_absolute() or ".." in path.parts or line != line.strip():
            continue  # never a path outside the folder, whatever the list says
        names.append(path.as_posix())
    return names


def _output_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class _Counts:
    countries: tuple[str, ...]
    recommendations: int
    threads: int


@dataclass(frozen=True)
class _Cache:
    """The last build's record: the digest of its inputs, its counts, and the digest of each
    file's bytes (path -> digest)."""

    key: str | None = None
    counts: _Counts = _Counts((), 0, 0)
    files: dict[str, str] = field(default_factory=dict)


def _read_cache(folder: Path) -> _Cache:
    """The folder's cache; missing or unreadable: empty (every page is rendered)."""
    path = folder / CACHE
    if path.is_symlink() or not path.is_file():
        return _Cache()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if len(lines) < 2 or lines[0] != CACHE_HEADER:
        return _Cache()
    head = lines[1].split(" ")
    if len(head) != 5 or head[0] != "inputs" or not (head[3] + head[4]).isdigit():
        return _Cache()
    counts = _Counts(
        tuple(head[2].split(",")) if head[2] != "-" else (), int(head[3]), int(head[4])
    )
    files: dict[str, str] = {}
    for line in lines[2:]:
        written, _, name = line.partition(" ")
        if not written or not _safe_name(name):
            return _Cache()
        files[name] = written
    return _Cache(head[1], counts, files)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and name != CACHE


def _cache_text(key: str, counts: _Counts, entries: dict[str, str]) -> str:
    codes = ",".join(counts.countries) or "-"
    lines = [CACHE_HEADER, f"inputs {key} {codes} {counts.recommendations} {counts.threads}"]
    lines += [f"{written} {name}" for name, written in sorted(entries.items())]
    return "\n".join(lines) + "\n"


def _reusable(folder: Path, name: str, cache: dict[str, str]) -> tuple[str, str, int] | None:
    """The file's text from the folder, where it still holds the bytes the last build wrote
    (and that build was made from the same inputs): (text, its digest, its size). None: render
    it."""
    recorded = cache.get(name)
    if recorded is None:
        return None
    path = folder / name
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = path.read_bytes()
        if _output_digest(data) != recorded:
            return None
        return data.decode("utf-8"), recorded, len(data)
    except (OSError, UnicodeDecodeError):
        return None


def _remove_stale(folder: Path, stale: list[str]) -> list[str]:
    """Remove the files an earlier build wrote that this one no longer writes; then the
    folders that emptied."""
    removed: list[str] = []
    folders: set[Path] = set()
    for relative in sorted(stale):
        path = folder / relative
        if path.is_symlink() or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError as exc:
            raise TrackerError(
                f"the site was written to {folder}, but {path} (an earlier page) could not be "
                f"removed: {exc.strerror or exc}"
            ) from exc
        removed.append(relative)
        folders.update(parent for parent in path.parents if folder in parent.parents)
    for emptied in sorted(folders, key=lambda each: len(each.parts), reverse=True):
        try:
            if not any(emptied.iterdir()):
                emptied.rmdir()
        except OSError:
            continue
    return removed

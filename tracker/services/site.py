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
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from tracker.countries import parse as parse_country
from tracker.errors import InvalidInput, NotFound, TrackerError
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
from tracker.site.model import (
    DEFAULT_TITLE,
    DataDate,
    Site,
    SiteOptions,
    build_country,
)
from tracker.site.render import SEARCH_INDEX, page_digests, site_files
from tracker.store import Store

MANIFEST = ".rectrack-site"
# What each page was made from and the digest of the bytes written (tracker.site.fingerprint):
# a rebuild takes a page from its file instead of rendering it where both still hold.
CACHE = ".rectrack-site-cache"
CACHE_HEADER = "rectrack-site-cache 1"
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
    views = [
        build_country(code, loaded[code], reports[code], details, labels, as_of)
        for code in selected
    ]
    site = Site(
        options=SiteOptions(folder=folder, countries=codes, as_of=as_of, title=chosen_title),
        title=chosen_title,
        data_date=data_date,
        countries=views,
        topic_labels=labels,
    )
    return site, site_files(site)


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
    (stage, done, total) while it writes."""
    target = Path(folder)
    _checked(target, lambda: _check_export_folder(target))
    previous = _checked(target, lambda: _previous_files(target))
    site, files = build_site(store, countries, folder=str(folder), as_of=as_of, title=title)
    digests = page_digests(site)
    cache = _checked(target, lambda: _read_cache(target))
    manifest = "\n".join(sorted([*files, MANIFEST, CACHE])) + "\n"
    sizes: dict[str, int] = {}
    outputs: dict[str, str] = {}

    def measured(name: str, render: Callable[[], str]) -> str:
        digest = digests.get(name)
        if digest is not None:
            kept = _reusable(target, name, digest, cache)
            if kept is not None:
                text, outputs[name], sizes[name] = kept
                return text
        text = render()
        data = text.encode("utf-8")
        sizes[name] = len(data)
        if digest is not None:
            outputs[name] = _output_digest(data)
        return text

    renderers: dict[str, Callable[[], str]] = {
        name: functools.partial(measured, name, render) for name, render in files.items()
    }
    renderers[MANIFEST] = functools.partial(measured, MANIFEST, functools.partial(str, manifest))
    renderers[CACHE] = functools.partial(
        measured,
        CACHE,
        lambda: _cache_text({name: (digests[name], outputs[name]) for name in outputs}),
    )
    written, unchanged = write_files(target, renderers, progress)
    removed = _remove_stale(target, [name for name in previous if name not in renderers])
    return SiteSummary(
        folder=target,
        countries=tuple(country.code for country in site.countries),
        recommendations=site.recommendations,
        threads=sum(len(country.threads) for country in site.countries),
        files=len(renderers),
        written=tuple(written),
        unchanged=len(unchanged),
        removed=tuple(removed),
        total_bytes=sum(sizes.values()),
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


def _read_cache(folder: Path) -> dict[str, tuple[str, str]]:
    """The last build's record: path -> (what the page was made from, digest of its bytes).
    Missing or unreadable: empty (every page is rendered)."""
    path = folder / CACHE
    if path.is_symlink() or not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or lines[0] != CACHE_HEADER:
        return {}
    cache: dict[str, tuple[str, str]] = {}
    for line in lines[1:]:
        parts = line.split(" ", 2)
        if len(parts) == 3:
            cache[parts[2]] = (parts[0], parts[1])
    return cache


def _cache_text(entries: dict[str, tuple[str, str]]) -> str:
    lines = [CACHE_HEADER]
    lines += [f"{made} {written} {name}" for name, (made, written) in sorted(entries.items())]
    return "\n".join(lines) + "\n"


def _reusable(
    folder: Path, name: str, digest: str, cache: dict[str, tuple[str, str]]
) -> tuple[str, str, int] | None:
    """The page's text from its file, where the last build made it from the same inputs
    (`digest`) and the file still holds what that build wrote: (text, its digest, its size).
    None: render it."""
    recorded = cache.get(name)
    if recorded is None or recorded[0] != digest:
        return None
    path = folder / name
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = path.read_bytes()
        if _output_digest(data) != recorded[1]:
            return None
        return data.decode("utf-8"), recorded[1], len(data)
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


def parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None

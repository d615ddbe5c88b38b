"""What a page of the site is made from, as a digest: equal digests, equal pages.

A rebuild of an unchanged store need not render a page again when the page's digest is the one
the last build recorded and the file still holds the bytes that build wrote
(tracker/services/site.py checks both). A digest covers:

- the code that renders (every file of the `tracker.site` package, templates and assets, and
  the modules the pages take words and differences from) and the versions of Jinja2 and
  MarkupSafe, so that a new version of rectrack renders every page again;
- the site: its options, title, data date and topic labels;
- the page's own model, by its `repr`: every model class is a frozen dataclass of plain values
  (text, numbers, dates, lists), whose `repr` shows every field.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from importlib import metadata, resources

from tracker.site.model import CountryView, Site, ThreadView

# Modules outside tracker.site whose words or logic end up in the pages.
_SOURCES = (
    ("tracker", "wording.py"),
    ("tracker", "vocabulary.py"),
    ("tracker.reporting", "charts.py"),
)
_LIBRARIES = ("jinja2", "markupsafe")


def _digest(parts: Iterable[str]) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def _package_files(package: str) -> list[str]:
    root = resources.files(package)
    found: list[str] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in sorted(folder.iterdir(), key=lambda each: each.name):
            if entry.name.startswith((".", "__pycache__")):
                continue
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            elif entry.name.endswith((".py", ".j2", ".css", ".js")):
                found.append(f"{prefix}{entry.name}\0{entry.read_text(encoding='utf-8')}")
    return sorted(found)


@functools.cache
def code_digest() -> str:
    """The rendering code's digest: changes with any file that shapes a page."""
    parts = _package_files("tracker.site")
    for package, name in _SOURCES:
        parts.append(f"{package}/{name}\0{resources.files(package).joinpath(name).read_text()}")
    for library in _LIBRARIES:
        parts.append(f"{library}\0{metadata.version(library)}")
    return _digest(parts)


def site_digest(site: Site) -> str:
    """What every page shares: the code, the options, the title, the data date, the labels."""
    return _digest(
        (
            code_digest(),
            repr(site.options),
            site.title,
            repr(site.data_date),
            repr(sorted(site.topic_labels.items())),
        )
    )


def thread_digest(site_key: str, country: CountryView, thread: ThreadView) -> str:
    """A thread page's digest: the site's, its country's name and folder, the thread."""
    return _digest((site_key, country.code, country.name, country.folder, repr(thread)))


def country_digest(site_key: str, country: CountryView, threads: Iterable[str]) -> str:
    """A country page's digest: the site's, the country's briefing, elections and topics, and
    the digests of its threads (`threads`, in order)."""
    return _digest(
        (
            site_key,
            country.code,
            country.name,
            country.folder,
            repr(country.briefing),
            repr(country.elections),
            repr(country.topics),
            *threads,
        )
    )

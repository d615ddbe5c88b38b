"""What the site is made from, as a digest: equal digests, equal sites.

A rebuild need not build the model nor render a page when the digest of its inputs is the one
the last build recorded and each file still holds the bytes that build wrote
(tracker/services/site.py checks both). The digest covers:

- the code: the source files, templates and assets of `tracker`'s top-level modules, of
  `tracker.site`, `tracker.followup` and `tracker.reporting`, and of the site's service, and
  the versions of Jinja2, MarkupSafe and pycountry (the countries' names), so that a new
  version of rectrack builds every page again;
- the options (countries, as-of date, title, the folder named in the footer), the data date and
  the topic labels;
- every row the build read, by its `repr`: the rows are named tuples and frozen dataclasses of
  plain values (text, numbers, dates, enums), whose `repr` shows every field.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from importlib import metadata, resources

from tracker.followup.rows import CountryRows
from tracker.reporting.model import ReportRow
from tracker.site.model import DataDate, ReportInfo, SiteOptions

# The code a site is made with: the top-level modules of `tracker` (words, keys, countries,
# enums...), these packages whole, and the service. The rows are digested by value, so the code
# that reads them (repositories) need not be.
_PACKAGES = ("tracker.site", "tracker.followup", "tracker.reporting")
_SERVICE = resources.files("tracker.services").joinpath("site.py")
_SUFFIXES = (".py", ".j2", ".css", ".js")
_LIBRARIES = ("jinja2", "markupsafe", "pycountry")


def _digest(parts: Iterable[str]) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def _files(package: str, *, recursive: bool = True) -> list[str]:
    """`name\0text` of each source file, template and asset of a package, sorted."""
    root = resources.files(package)
    found: list[str] = []
    pending = [(root, f"{package}/")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            if entry.name.startswith((".", "__pycache__")):
                continue
            if entry.is_dir():
                if recursive:
                    pending.append((entry, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(_SUFFIXES):
                found.append(f"{prefix}{entry.name}\0{entry.read_text(encoding='utf-8')}")
    return sorted(found)


@functools.cache
def code_digest() -> str:
    """The code's digest: changes with any file the site is built and rendered with."""
    parts = _files("tracker", recursive=False)
    for package in _PACKAGES:
        parts += _files(package)
    parts.append(f"tracker/services/site.py\0{_SERVICE.read_text(encoding='utf-8')}")
    for library in _LIBRARIES:
        parts.append(f"{library}\0{metadata.version(library)}")
    return _digest(parts)


def inputs_digest(
    options: SiteOptions,
    data_date: DataDate,
    labels: dict[str, str],
    rows: Sequence[CountryRows],
    reports: Sequence[Sequence[ReportRow]],
    details: dict[str, ReportInfo],
) -> str:
    """What the whole site is made from: the code, the options, the data date, the topic
    labels and every row the build read (of the selected countries, in their order)."""
    parts = [code_digest(), repr(options), repr(data_date), repr(sorted(labels.items()))]
    for country, listed in zip(rows, reports, strict=True):
        parts += [
            country.country,
            repr(country.elections),
            repr(country.recommendations),
            repr(country.assessments),
            repr(country.restatements),
            repr(listed),
        ]
    parts.append(repr(sorted(details.items())))
    return _digest(parts)

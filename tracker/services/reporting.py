"""Briefings: build a pack from the store once, render it to Markdown, HTML, CSV or JSON.

`build_briefings` loads each country's follow-up rows in one read transaction and builds the
model with the follow-up definitions; `render` turns it into text. The TUI's briefing screen
calls `briefing_markdown` (and `write_briefing` to save any format).

The data date in the footer is the time of the latest entry in the store's history (the last
change an import or a reviewer made); where the history is empty (data written around it), the
latest published date of any report; else unknown.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from tracker import atomic
from tracker.countries import parse as parse_country
from tracker.errors import InvalidInput, NotFound
from tracker.reporting.model import (
    DEFAULT_LIMIT,
    BriefingOptions,
    BriefingPack,
    Footer,
    build_briefing,
    comparison_row,
)
from tracker.reporting.render import FORMATS, SUFFIXES, command_line
from tracker.reporting.render import render as render_pack
from tracker.repositories import followup as followup_rows
from tracker.repositories import reporting as reporting_rows
from tracker.store import Store

DEFAULT_FORMAT = "md"

__all__ = [
    "DEFAULT_FORMAT",
    "DEFAULT_LIMIT",
    "FORMATS",
    "briefing_markdown",
    "build_briefings",
    "format_for",
    "render",
    "save_text",
    "write_briefing",
]


def _country_codes(requested: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(parse_country(raw) for raw in requested))
    if not codes:
        raise InvalidInput("name at least one country (--country CC)")
    return codes


def _topic_ids(requested: Iterable[str], known: dict[str, str]) -> tuple[str, ...]:
    topics: list[str] = []
    for topic in requested:
        if topic not in known:
            close = difflib.get_close_matches(topic, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidInput(f"unknown topic {topic!r}{hint}")
        if topic not in topics:
            topics.append(topic)
    return tuple(topics)


def build_briefings(
    store: Store,
    countries: Sequence[str],
    as_of: dt.date | None = None,
    topics: Sequence[str] = (),
    priority_only: bool = False,
    *,
    output: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> BriefingPack:
    """The briefing of each country (one pack; a comparison table where there are several).

    An unknown country code or topic is an `InvalidInput`; a country with no elections in the
    store is `NotFound` (as for `rectrack flags` and `status`); a country whose data is thin
    (no election up to `as_of`, one election only) gives a briefing that says what is missing.
    `output` only goes into the reproducing command of the footer; `limit` is how many rows of
    each list Markdown and HTML show (None or 0: all)."""
    if limit is not None and limit < 0:
        raise InvalidInput(f"--limit {limit}: give a number of rows, or 0 for all")
    with store.read() as session:
        stored = set(followup_rows.countries(session))
        codes = _country_codes(countries)
        absent = [code for code in codes if code not in stored]
        if absent:
            raise NotFound.no_elections(*absent)
        labels = reporting_rows.topic_labels(session)
        topic_ids = _topic_ids(topics, labels)
        loaded = []
        for code in codes:
            rows = followup_rows.load_rows(session, code)[code]  # held: absent ones refused
            loaded.append((code, rows, reporting_rows.reports(session, code)))
        history_at = reporting_rows.latest_history_at(session)
        published = reporting_rows.latest_published(session)

    briefings = [
        build_briefing(
            code,
            rows,
            reports,
            labels,
            as_of=as_of,
            topics=topic_ids,
            priority_only=priority_only,
        )
        for code, rows, reports in loaded
    ]
    options = BriefingOptions(
        countries=codes,
        as_of=as_of,
        topics=topic_ids,
        priority_only=priority_only,
        output=output,
        limit=limit or None,
    )
    if history_at is not None:
        footer = Footer(
            f"{history_at:%Y-%m-%d %H:%M} UTC",
            "the latest change in the store's history",
            command_line(options, DEFAULT_FORMAT),
        )
    elif published is not None:
        footer = Footer(
            published.isoformat(),
            "the latest published report; the store's history is empty",
            command_line(options, DEFAULT_FORMAT),
        )
    else:
        footer = Footer(None, None, command_line(options, DEFAULT_FORMAT))
    return BriefingPack(
        options=options,
        briefings=briefings,
        comparison=[comparison_row(briefing) for briefing in briefings] if len(codes) > 1 else [],
        footer=footer,
    )


def render(briefings: BriefingPack, fmt: str) -> str:
    """The pack as Markdown, HTML, CSV or JSON text."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return render_pack(briefings, fmt)


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidInput(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    if path is None:
        return DEFAULT_FORMAT
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            f"cannot tell the format of {str(path)!r} from its suffix: give --format "
            f"({', '.join(FORMATS)})"
        )
    return SUFFIXES[suffix]


def save_text(path: str | Path, text: str) -> Path:
    """Writes `text` to `path` all or nothing: on a full disk the earlier file stays whole."""
    target = Path(path)
    try:
        atomic.replace_text(target, text)
    except OSError as exc:
        raise InvalidInput(
            f"cannot write {str(target)!r}: {exc.strerror or exc}; "
            + (
                "the earlier file was left as it was"
                if atomic.exists(target)
                else "nothing was written"
            )
        ) from None
    return target


def briefing_markdown(
    store: Store,
    country: str,
    *,
    as_of: dt.date | None = None,
    topics: Sequence[str] = (),
    priority_only: bool = False,
    limit: int | None = DEFAULT_LIMIT,
) -> str:
    """One country's briefing as Markdown text (the TUI's briefing screen)."""
    pack = build_briefings(store, [country], as_of, topics, priority_only, limit=limit)
    return render(pack, "md")


def write_briefing(
    store: Store,
    countries: Sequence[str],
    path: str | Path,
    *,
    fmt: str | None = None,
    as_of: dt.date | None = None,
    topics: Sequence[str] = (),
    priority_only: bool = False,
    limit: int | None = DEFAULT_LIMIT,
) -> Path:
    """Write the briefing of `countries` to `path` in `fmt` (default: from the suffix)."""
    chosen = format_for(path, fmt)
    pack = build_briefings(
        store, countries, as_of, topics, priority_only, output=str(path), limit=limit
    )
    return save_text(path, render(pack, chosen))

"""Rendering a `BriefingPack` to Markdown, HTML, CSV and JSON.

Templates are package data (`tracker/reporting/templates/`), loaded with Jinja's
PackageLoader. HTML autoescapes everything; the Markdown environment escapes every printed
value with `escape.md` unless a filter marked it as Markdown already (`MdText`).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import shlex
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from tracker.followup.summary import STATUS_COLUMNS
from tracker.followup.threads import FlagRules
from tracker.reporting.charts import BAR_CHARACTERS, stacked_bars, text_bar
from tracker.reporting.escape import MdText, csv_cell, md, md_code
from tracker.reporting.model import DEFAULT_LIMIT, BriefingOptions, BriefingPack
from tracker.vocabulary import STATUS_HEADINGS, STATUS_WORDS, status_key

FORMATS = ("md", "html", "csv", "json")
SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
}
DASH = "–"
CSV_COLUMNS = (
    "country",
    "key",
    "report",
    "observer",
    "election_date",
    "election_type",
    "number",
    "priority",
    "topics",
    "status",
    "status_at",
    "thread",
    "thread_first_raised",
    "thread_times_raised",
    "thread_status",
    "years_outstanding",
    "flags",
    "text",
)


def command_line(options: BriefingOptions, fmt: str) -> str:
    """The command that reproduces the report, shell-quoted."""
    parts = ["rectrack", "report"]
    for country in options.countries:
        parts += ["--country", country]
    if options.as_of:
        parts += ["--as-of", options.as_of.isoformat()]
    for topic in options.topics:
        parts += ["--topic", topic]
    if options.priority_only:
        parts.append("--priority-only")
    if options.limit != DEFAULT_LIMIT:
        parts += ["--limit", str(options.limit or 0)]
    parts += ["--format", fmt]
    if options.output:
        parts += ["-o", options.output]
    return shlex.join(parts)


def filters_text(options: BriefingOptions) -> str:
    """The filters in words, or "" without filters."""
    parts = []
    if options.topics:
        parts.append("topics " + ", ".join(options.topics))
    if options.priority_only:
        parts.append("priority recommendations only")
    return ("Filtered: " + "; ".join(parts) + ".") if parts else ""


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.0%}"


def _years(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def _status(value: str | None) -> str:
    return STATUS_WORDS.get(status_key(value), str(value))


def _common_filters() -> dict[str, Callable[..., Any]]:
    return {"pct": _pct, "years": _years, "status": _status}


def _shown(items: list[Any], limit: int | None) -> list[Any]:
    """The head of a list that a briefing shows (all where `limit` is None)."""
    return items if limit is None else items[:limit]


def _html_finalize(value: Any) -> Any:
    return DASH if value is None else value


def _md_finalize(value: Any) -> str:
    if isinstance(value, MdText):
        return value
    if value is None:
        return DASH
    return md(value)


def _md_text_bar(counts: dict[str, int]) -> MdText:
    bar = text_bar(counts)
    return md_code(bar) if bar else MdText(DASH)


@functools.cache
def _html_env() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.reporting", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_html_finalize,
    )
    env.filters.update(_common_filters())
    env.filters["chart"] = lambda mixes: stacked_bars(list(mixes))
    return env


@functools.cache
def _md_env() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.reporting", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_md_finalize,
    )
    env.filters.update(_common_filters())
    env.filters["h"] = lambda level: MdText("#" * int(level))
    env.filters["code"] = md_code
    env.filters["textbar"] = _md_text_bar
    # Only for the output of the template's own macros, whose values are escaped inside them.
    env.filters["raw"] = MdText
    return env


def _context(pack: BriefingPack) -> dict[str, Any]:
    names = ", ".join(briefing.name for briefing in pack.briefings)
    return {
        "pack": pack,
        "title": f"Briefing pack: {names}" if pack.is_pack else f"Briefing: {names}",
        "filters": filters_text(pack.options),
        "columns": STATUS_COLUMNS,
        "labels": STATUS_WORDS,
        "short": STATUS_HEADINGS,
        "bar_chars": BAR_CHARACTERS,
        "rules": FlagRules(),
        "limit": pack.options.limit,
        "shown": lambda items: _shown(items, pack.options.limit),
    }


def _with_command(pack: BriefingPack, fmt: str) -> BriefingPack:
    footer = dataclasses.replace(pack.footer, command=command_line(pack.options, fmt))
    return dataclasses.replace(pack, footer=footer)


def render_markdown(pack: BriefingPack) -> str:
    pack = _with_command(pack, "md")
    text = _md_env().get_template("briefing.md.j2").render(_context(pack))
    return _tidy_blank_lines(text)


def render_html(pack: BriefingPack) -> str:
    pack = _with_command(pack, "html")
    return _html_env().get_template("briefing.html.j2").render(_context(pack))


def render_json(pack: BriefingPack) -> str:
    pack = _with_command(pack, "json")
    # One line: without `indent` the C encoder runs (a 100,000-recommendation store's country
    # is a few MB); `python -m json.tool` pretty-prints it.
    return json.dumps(pack.as_dict(), ensure_ascii=False) + "\n"


def render_csv(pack: BriefingPack) -> str:
    """One row per recommendation (of every country of the pack), its own latest status, its
    thread's latest status and flags."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for briefing in pack.briefings:
        for line in briefing.recommendations:
            row: list[object] = [
                briefing.country,
                line.key,
                line.report,
                line.observer,
                line.election.date.isoformat(),
                line.election.type,
                line.number,
                "yes" if line.priority else "no",
                ";".join(line.topics),
                line.status or "",
                line.status_at.isoformat() if line.status_at else "",
                line.thread,
                line.thread_first_raised.isoformat(),
                line.thread_times_raised,
                line.thread_status or "",
                "" if line.years_outstanding is None else f"{line.years_outstanding:.1f}",
                ";".join(line.flags),
                line.text,
            ]
            writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[BriefingPack], str]] = {
    "md": render_markdown,
    "html": render_html,
    "csv": render_csv,
    "json": render_json,
}


def render(pack: BriefingPack, fmt: str) -> str:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}") from None
    return renderer(pack)


def _tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.rstrip()
        if not stripped and (not lines or not lines[-1]):
            continue
        lines.append(stripped)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"

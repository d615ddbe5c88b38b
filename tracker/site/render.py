"""Rendering the site's model to files: HTML pages, the search index, the local assets.

Templates and assets are package data (`tracker/site/templates/`, `tracker/site/assets/`).
Autoescape is on for every template: text from the store is printed escaped everywhere. The
search index is JSON inside a script file (`search-index.js`), so that the search page works
from `file://`, where a browser refuses to fetch a JSON file.

Every page's bytes depend only on the store and the options: no time of "now" is printed, only
the data date. Links are relative (`root` is the way back to the site's root from a page).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from tracker.followup.summary import STATUS_COLUMNS
from tracker.reporting.charts import COLOURS, SHORT_LABELS, STATUS_LABELS, stacked_bars
from tracker.site.model import (
    FLAG_MEANINGS,
    FLAG_ORDER,
    NOT_ASSESSED,
    CountryView,
    Site,
    ThreadView,
)
from tracker.wording import Op, Piece

DASH = "–"
ASSETS = ("site.css", "filter.js", "search.js")
SEARCH_INDEX = "search-index.js"
SEARCH_VARIABLE = "RECTRACK_SEARCH"
SEARCH_FIELDS = ("key", "text", "href", "status", "country")


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.0%}"


def _years(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def _status(value: str | None) -> str:
    return STATUS_LABELS[NOT_ASSESSED] if value is None else STATUS_LABELS.get(value, value)


def _badge(status: str | None, disputed: bool | list[str] = False) -> Markup:
    """A status in words on its colour (the colour never says it alone)."""
    column = status or NOT_ASSESSED
    badge = Markup('<span class="st st-{}">{}</span>').format(column, _status(status))
    if disputed:
        badge += Markup(' <span class="disputed">(disputed)</span>')
    return badge


def _flags(flags: list[str]) -> Markup:
    if not flags:
        return Markup('<span class="muted">none</span>')
    items = Markup("").join(
        Markup('<li class="flag flag-{}">{}</li>').format(flag, flag) for flag in flags
    )
    return Markup('<ul class="flags">{}</ul>').format(items)


def _topics(topics: list[str], labels: dict[str, str]) -> Markup:
    if not topics:
        return Markup('<span class="muted">no topic</span>')
    return Markup(" ").join(
        Markup('<span class="topic">{}</span>').format(labels.get(topic, topic)) for topic in topics
    )


_DIFF_TAGS = {
    Op.DELETE: Markup('<del><span class="sr">removed: </span>{}</del>'),
    Op.INSERT: Markup('<ins><span class="sr">added: </span>{}</ins>'),
}


def _diff(pieces: list[Piece]) -> Markup:
    """Word-level differences: deletions struck through, insertions underlined, each also
    said in words for screen readers. Every piece of text is escaped."""
    return Markup(" ").join(
        escape(piece.text) if piece.op is Op.EQUAL else _DIFF_TAGS[piece.op].format(piece.text)
        for piece in pieces
    )


def _finalize(value: Any) -> Any:
    return DASH if value is None else value


@functools.cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(
        {
            "pct": _pct,
            "years": _years,
            "status": _status,
            "badge": _badge,
            "flags": _flags,
            "topics": _topics,
            "diff": _diff,
            "chart": lambda mixes: stacked_bars(list(mixes)),
        }
    )
    env.globals.update(
        {
            "columns": STATUS_COLUMNS,
            "labels": STATUS_LABELS,
            "short": SHORT_LABELS,
            "colours": COLOURS,
            "flag_meanings": FLAG_MEANINGS,
            "flag_order": FLAG_ORDER,
            "Op": Op,
        }
    )
    return env


def asset(name: str) -> str:
    return resources.files("tracker.site").joinpath("assets", name).read_text(encoding="utf-8")


def _page(template: str, site: Site, root: str, **context: Any) -> str:
    return _env().get_template(template).render(site=site, root=root, **context)


def search_index(site: Site) -> str:
    """Every recommendation: its key, text, page (relative to the root), own latest status
    and country, as a script that sets one global variable."""
    rows = [[row.key, row.text, row.href, row.status, row.country] for row in site.search_rows()]
    payload = {"fields": list(SEARCH_FIELDS), "rows": rows}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"window.{SEARCH_VARIABLE} = {body};\n"


def _thread_page(site: Site, country: CountryView, thread: ThreadView) -> str:
    return _page("thread.html.j2", site, "../../", country=country, thread=thread)


def render_site(site: Site) -> Iterator[tuple[str, str]]:
    """Each file of the site: (path relative to the root, its text, written as UTF-8), in a
    stable order."""
    yield "index.html", _page("index.html.j2", site, "")
    yield "search.html", _page("search.html.j2", site, "")
    yield SEARCH_INDEX, search_index(site)
    for name in ASSETS:
        yield f"assets/{name}", asset(name)
    for country in site.countries:
        yield f"{country.folder}/index.html", _page("country.html.j2", site, "../", country=country)
        for thread in country.threads:
            yield thread.path, _thread_page(site, country, thread)

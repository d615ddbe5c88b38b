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
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from tracker.followup.summary import STATUS_COLUMNS
from tracker.reporting.charts import COLOURS, SHORT_LABELS, STATUS_LABELS, stacked_bars
from tracker.site import thread_page
from tracker.site.model import (
    FLAG_MEANINGS,
    FLAG_ORDER,
    NOT_ASSESSED,
    Site,
)

DASH = "–"
ASSETS = ("site.css", "filter.js", "search.js")
SEARCH_INDEX = "search-index.js"
SEARCH_VARIABLE = "RECTRACK_SEARCH"


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.0%}"


def _years(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def _status(value: str | None) -> str:
    return STATUS_LABELS[NOT_ASSESSED] if value is None else STATUS_LABELS.get(value, value)


def _badge(status: str | None, disputed: bool | list[str] = False) -> Markup:
    return Markup(thread_page.badge(status, bool(disputed)))


def _flags(flags: list[str]) -> Markup:
    return Markup(thread_page.flags_list(flags))


def _topics(topics: list[str], labels: dict[str, str]) -> Markup:
    return Markup(thread_page.topics_text(topics, labels))


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
            "chart": lambda mixes: stacked_bars(list(mixes)),
            "articles": lambda country, root, labels: Markup(
                thread_page.thread_articles(country, root, labels)
            ),
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
        }
    )
    return env


def asset(name: str) -> str:
    return resources.files("tracker.site").joinpath("assets", name).read_text(encoding="utf-8")


def _page(template: str, site: Site, root: str, **context: Any) -> str:
    return _env().get_template(template).render(site=site, root=root, **context)


def search_index(site: Site) -> str:
    """Every recommendation, as a script that sets one global variable, in a compact form the
    search page expands (assets/search.js): per country its folder, its report ids and its
    threads, each thread as its page's name and its members; a member as [report (an index
    into the country's reports), number, text, status (an index into `statuses`, 0: never
    assessed)], and its anchor on the thread page as a fifth item only where it is not
    `<report id>--<number>`. Keys and addresses are rebuilt from these, so that the index
    holds little but the texts."""
    statuses: list[str | None] = [None, *STATUS_COLUMNS]
    status_index = {status: number for number, status in enumerate(statuses)}
    countries = []
    for country in site.countries:
        reports: dict[str, int] = {}
        threads = []
        for thread in country.threads:
            members: list[list[Any]] = []
            for member in thread.members:
                report = reports.setdefault(member.report_id, len(reports))
                status = status_index.get(member.status)
                if status is None:  # a status outside the summary's columns: said in full
                    status = len(statuses)
                    statuses.append(member.status)
                    status_index[member.status] = status
                row: list[Any] = [report, member.number, member.text, status]
                if member.anchor != f"{member.report_id}--{member.number}":
                    row.append(member.anchor)
                members.append(row)
            threads.append([thread.path.rsplit("/", 1)[-1].removesuffix(".html"), members])
        countries.append(
            {
                "code": country.code,
                "folder": country.folder,
                "reports": list(reports),
                "threads": threads,
            }
        )
    payload = {"format": 2, "statuses": statuses, "countries": countries}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"window.{SEARCH_VARIABLE} = {body};\n"


def site_files(site: Site) -> dict[str, Callable[[], str]]:
    """Each file of the site: path relative to the root -> a function that renders its text
    (written as UTF-8), in a stable order. Nothing is rendered until called, so that a writer
    can hold one page at a time."""
    env = _env()
    files: dict[str, Callable[[], str]] = {
        "index.html": functools.partial(_page, "index.html.j2", site, ""),
        "search.html": functools.partial(_page, "search.html.j2", site, ""),
        SEARCH_INDEX: functools.partial(search_index, site),
    }
    for name in ASSETS:
        files[f"assets/{name}"] = functools.partial(asset, name)
    threads = thread_page.ThreadPages(env, site)
    for country in site.countries:
        files[f"{country.folder}/index.html"] = functools.partial(
            _page, "country.html.j2", site, "../", country=country
        )
        for thread in country.threads:
            files[thread.path] = functools.partial(threads.render, country, thread)
    return files


def render_site(site: Site) -> Iterator[tuple[str, str]]:
    """Each file of the site with its text, in the order of `site_files`."""
    for name, render in site_files(site).items():
        yield name, render()

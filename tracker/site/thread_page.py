"""The thread pages, rendered without Jinja: the site has one per thread (55,000 for the
large corpus), and they are most of a build's time.

The frame of the page (head, header, footer) is still `base.html.j2`'s: it is rendered once per
site with a marker in each block the thread page fills (`frame.html.j2`), and cut at the
markers, so that every page of the site shares one frame. The blocks themselves are written
here as `thread.html.j2` wrote them, in plain string building: every text from the store goes
through `markupsafe.escape` (the same escaping as the templates' autoescape), and the pieces
many pages share (a status badge, a set of topics) are built once.

A page's bytes depend only on its thread, its country's name and the site (title, data date,
options): `ThreadPages.render` takes nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from markupsafe import escape as _markup_escape

from tracker.reporting.charts import STATUS_LABELS
from tracker.site.model import FLAG_MEANINGS, NOT_ASSESSED, MemberView, ThreadView
from tracker.wording import Op, Piece, word_diff

if TYPE_CHECKING:
    from jinja2 import Environment

    from tracker.site.model import CountryView, Site

DASH = "–"
MARKER = "\x00"  # never in a template's own text; stands for a block's content in the frame
FRAME_TEMPLATE = "frame.html.j2"
ROOT = "../../"
_SPECIAL = re.compile(r"[&<>\"']")


def escape(value: object) -> str:
    """`value` as HTML text: the same characters replaced as by markupsafe (and so by the
    templates' autoescape), `&` first; a string without any of them comes back as it is."""
    text = value if isinstance(value, str) else str(value)
    if _SPECIAL.search(text) is None:
        return text
    return str(_markup_escape(text))


def status_words(value: str | None) -> str:
    return STATUS_LABELS[NOT_ASSESSED] if value is None else STATUS_LABELS.get(value, value)


def badge(status: str | None, disputed: bool = False) -> str:
    """A status in words on its colour (the colour never says it alone)."""
    column = status or NOT_ASSESSED
    text = f'<span class="st st-{escape(column)}">{escape(status_words(status))}</span>'
    return text + ' <span class="disputed">(disputed)</span>' if disputed else text


def flags_list(flags: Sequence[str]) -> str:
    if not flags:
        return '<span class="muted">none</span>'
    items = "".join(f'<li class="flag flag-{escape(f)}">{escape(f)}</li>' for f in flags)
    return f'<ul class="flags">{items}</ul>'


def topics_text(topics: Sequence[str], labels: dict[str, str]) -> str:
    if not topics:
        return '<span class="muted">no topic</span>'
    return " ".join(
        f'<span class="topic">{escape(labels.get(topic, topic))}</span>' for topic in topics
    )


def diff_text(pieces: Sequence[Piece]) -> str:
    """Word-level differences: deletions struck through, insertions underlined, each also
    said in words for screen readers. Every piece of text is escaped."""
    out = []
    for piece in pieces:
        if piece.op is Op.EQUAL:
            out.append(str(escape(piece.text)))
        elif piece.op is Op.DELETE:
            out.append(f'<del><span class="sr">removed: </span>{escape(piece.text)}</del>')
        else:
            out.append(f'<ins><span class="sr">added: </span>{escape(piece.text)}</ins>')
    return " ".join(out)


def thread_articles(country: CountryView, root: str, labels: dict[str, str]) -> str:
    """The country page's list of every recommendation, thread by thread: one article per
    thread (its data-* attributes are what the filters read), its members with their texts."""
    out: list[str] = []
    add = out.append
    badges: dict[tuple[str | None, bool], str] = {}
    topic_lists: dict[tuple[str, ...], str] = {}
    for number, thread in enumerate(country.threads, start=1):
        key = (thread.latest_status, thread.disputed)
        shown = badges.get(key) or badges.setdefault(key, badge(*key))
        priority = " · <strong>priority</strong>" if thread.priority else ""
        flags = f" · {escape(', '.join(thread.flags))}" if thread.flags else ""
        add(
            f'<article class="thread" data-topics="{escape(" ".join(thread.topics))}" '
            f'data-status="{escape(thread.status_filter)}" '
            f'data-priority="{"yes" if thread.priority else "no"}" '
            f'data-flags="{escape(" ".join(thread.flags))}" aria-labelledby="t-{number}">\n'
            f'<h3 id="t-{number}"><a href="{escape(root)}{escape(thread.path)}">Thread '
            f'<span class="key">{escape(thread.id)}</span></a></h3>\n'
            f'<p class="meta">{shown} · raised {thread.times_raised}× from '
            f"{escape(thread.first_raised.label)}{priority}{flags}</p>\n"
            '<ol class="members">\n'
        )
        for member in thread.members:
            topics = tuple(member.topics)
            listed = topic_lists.get(topics)
            if listed is None:
                listed = topic_lists[topics] = topics_text(member.topics, labels)
            at = f" ({member.status_at.isoformat()})" if member.status_at else ""
            add(
                f'<li><span class="key">{escape(member.key)}</span> '
                f"<small>{escape(member.election.label)}"
                f"{', priority' if member.priority else ''}</small>\n"
                f'<p class="text">{escape(member.text)}</p>\n'
                f'<p class="small">{listed} · own status: '
                f"{escape(status_words(member.status))}{at}</p></li>\n"
            )
        add("</ol>\n</article>\n")
    return "".join(out)


def member_diff(member: MemberView) -> list[Piece] | None:
    """The words that turn the previous member's text into this one's (None for the first)."""
    if member.previous_text is None:
        return None
    return word_diff(member.previous_text, member.text)


_TIMELINE_HEAD = (
    '<thead><tr><th scope="col">Election</th><th scope="col">Status</th>'
    '<th scope="col">Of</th><th scope="col">Report</th><th scope="col">Evidence</th>'
    '<th scope="col">Assessor</th><th scope="col">Restated by</th></tr></thead>\n'
)


class ThreadPages:
    """Renders the thread pages of one site; built once per site."""

    def __init__(self, env: Environment, site: Site) -> None:
        frame = env.get_template(FRAME_TEMPLATE).render(site=site, root=ROOT, marker=MARKER)
        parts = frame.split(MARKER)
        if len(parts) != 4:  # title, breadcrumbs, main
            raise RuntimeError(f"{FRAME_TEMPLATE} must hold exactly three markers")
        self._frame = parts
        self._site_title = str(escape(site.title))
        self._labels = site.topic_labels
        self._as_of = site.options.as_of
        self._badges: dict[tuple[str | None, bool], str] = {}
        self._topics: dict[tuple[str, ...], str] = {}

    def _badge(self, status: str | None, disputed: bool = False) -> str:
        key = (status, disputed)
        found = self._badges.get(key)
        if found is None:
            found = self._badges[key] = badge(status, disputed)
        return found

    def _topic_list(self, topics: list[str]) -> str:
        key = tuple(topics)
        found = self._topics.get(key)
        if found is None:
            found = self._topics[key] = topics_text(topics, self._labels)
        return found

    def render(self, country: CountryView, thread: ThreadView) -> str:
        tid = escape(thread.id)
        name = escape(country.name)
        frame = self._frame
        title = f"Thread {tid}: {name}: {self._site_title}"
        crumbs = (
            f'<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="{ROOT}index.html">'
            f'Countries</a></li><li><a href="{ROOT}{escape(country.folder)}/index.html">'
            f'{name}</a></li><li aria-current="page">Thread {tid}</li></ol></nav>\n'
        )
        return "".join(
            (frame[0], title, frame[1], crumbs, frame[2], self._main(country, thread), frame[3])
        )

    def _main(self, country: CountryView, thread: ThreadView) -> str:
        out: list[str] = []
        add = out.append
        times = thread.times_raised
        first = escape(thread.first_raised.label)
        add(
            f'<h1>Thread <span class="key">{escape(thread.id)}</span></h1>\n'
            f'<p class="lede">{escape(country.name)} ({escape(country.code)}): raised at '
            f"{times} election{'s' if times != 1 else ''}, first at {first}.</p>\n"
            '<section aria-labelledby="summary-title">\n'
            '<h2 id="summary-title">Summary</h2>\n'
            '<dl class="summary">\n'
            f"<dt>Latest status</dt><dd>{self._badge(thread.latest_status, thread.disputed)}"
            "</dd>\n"
            f"<dt>Years outstanding</dt><dd>{_years(thread.years_outstanding)}</dd>\n"
            f"<dt>Priority</dt><dd>{'yes' if thread.priority else 'no'}</dd>\n"
            f"<dt>Topics</dt><dd>{self._topic_list(thread.topics)}</dd>\n"
            f"<dt>Flags</dt><dd>{flags_list(thread.flags)}</dd>\n"
            "</dl>\n"
        )
        if thread.flags:
            add('<ul class="flag-meanings">\n')
            for flag in thread.flags:
                add(f"<li><strong>{escape(flag)}</strong>: {escape(FLAG_MEANINGS[flag])}</li>")
            add("</ul>\n")
        add(
            "</section>\n"
            '<section aria-labelledby="members-title">\n'
            '<h2 id="members-title">Its recommendations, in order</h2>\n'
            '<ol class="members">\n'
        )
        for member in thread.members:
            self._member(add, member)
        add(
            "</ol>\n"
            "</section>\n"
            '<section aria-labelledby="timeline-title">\n'
            '<h2 id="timeline-title">Status at each later election</h2>\n'
        )
        if thread.timeline:
            add(
                '<div class="wide" tabindex="0">\n'
                '<table class="timeline">\n'
                "<caption>The thread's status at each election after "
                f"{first}, as the reports of that election judged it</caption>\n"
                f"{_TIMELINE_HEAD}"
                "<tbody>\n"
            )
            for row in thread.timeline:
                if row.status:
                    status = self._badge(row.status, bool(row.disagreement))
                    if row.disagreement:
                        gave = ", ".join(
                            str(escape(status_words(each))) for each in row.disagreement
                        )
                        status += (
                            f"<br><small>reports of the same kind gave: {gave}; "
                            "the worse counts</small>"
                        )
                else:
                    status = f'<span class="muted">{escape(row.state)}</span>'
                of = (
                    f'<a class="key" href="#{escape(row.assessed_anchor)}">'
                    f"{escape(row.assessed_key)}</a>"
                    if row.assessed_key
                    else DASH
                )
                report = (
                    f'<span class="key">{escape(row.report_id)}</span>' if row.report_id else DASH
                )
                restated = (
                    ", ".join(f'<span class="key">{escape(key)}</span>' for key in row.restated_by)
                    if row.restated_by
                    else DASH
                )
                add(
                    f'<tr><th scope="row">{escape(row.election.label)}</th><td>{status}</td>'
                    f"<td>{of}</td><td>{report}</td>"
                    f'<td class="text">{_text(row.evidence)}</td><td>{_text(row.assessor)}</td>'
                    f"<td>{restated}</td></tr>\n"
                )
            add("</tbody>\n</table>\n</div>\n")
        else:
            up_to = f" up to {self._as_of.isoformat()}" if self._as_of else ""
            add(
                '<p class="empty">No election followed the one where it was first raised'
                f"{up_to}.</p>\n"
            )
        if thread.gaps:
            add("<h3>Coverage gap</h3>\n<ul>\n")
            for gap in thread.gaps:
                add(
                    f'<li><span class="key">{escape(gap.key)}</span>, raised at '
                    f"{escape(gap.raised_at.label)}, was neither assessed nor restated at "
                    f"{escape(gap.missed_at.label)}.</li>"
                )
            add("</ul>\n")
        add("</section>\n")
        return "".join(out)

    def _member(self, add: Callable[[str], object], member: MemberView) -> None:
        priority = " · <strong>priority</strong>" if member.priority else ""
        at = f" at {member.status_at.isoformat()}" if member.status_at else ""
        add(
            f'<li id="{escape(member.anchor)}">\n'
            f'<h3><span class="key">{escape(member.key)}</span></h3>\n'
            f'<p class="meta">{escape(member.election.label)} · report '
            f'<span class="key">{escape(member.report_id)}</span>, number '
            f"{escape(member.number)}{priority} · {self._topic_list(member.topics)}</p>\n"
            f'<blockquote class="text"><p>{escape(member.text)}</p></blockquote>\n'
            f'<p class="small">Its own latest status: {self._badge(member.status)}{at}</p>\n'
        )
        pieces = member_diff(member)
        if pieces is not None:
            add(
                '<details class="diff" open>\n'
                f'<summary>Changes from <span class="key">{escape(member.previous_key)}</span>'
                "</summary>\n"
                f'<p class="diff-text">{diff_text(pieces)}</p>\n'
                "</details>\n"
            )
        add("</li>\n")


def _years(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def _text(value: str | None) -> str:
    return DASH if value is None else str(escape(value))

"""Briefings without a database: escaping, chart geometry, and every format from one model."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tracker.enums import ReportKind, Status
from tracker.followup.rows import (
    AssessmentRow,
    CountryRows,
    ElectionRow,
    RecommendationRow,
    RestatementRow,
)
from tracker.followup.summary import cycle_summaries
from tracker.followup.threads import build_threads
from tracker.reporting import model
from tracker.reporting.charts import BAR_WIDTH, stacked_bars, text_bar
from tracker.reporting.escape import csv_cell, md, md_code
from tracker.reporting.model import (
    BriefingOptions,
    BriefingPack,
    Footer,
    ReportRow,
    build_briefing,
    comparison_row,
)
from tracker.reporting.render import command_line, render

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'Publish <script>alert("x")</script> | results </td></tr> *now* [here](http://x)\nline two'


# --- escaping ---------------------------------------------------------------------------------


def test_md_escapes_markup_and_flattens_lines() -> None:
    assert md("a | b") == r"a \| b"
    assert md("<script>x</script>") == r"\<script\>x\</script\>"
    assert md("</td>") == r"\</td\>"
    assert md("*bold* _it_ `code` [l](u) ~s~") == r"\*bold\* \_it\_ \`code\` \[l\](u) \~s\~"
    assert md("one\ntwo\r\n\tthree") == "one two three"
    assert md("back\\slash") == "back\\\\slash"
    assert md("&lt;b&gt; AT&T") == r"\&lt;b\&gt; AT&T"
    # block markers only where they would start a block; keys, numbers and dates stay clean
    assert md("- item") == r"\- item"
    assert md("1. first") == r"1\. first"
    assert md("# title") == r"\# title"
    assert md("kz-2012-parliamentary-odihr-final#1") == "kz-2012-parliamentary-odihr-final#1"
    assert md("7.4") == "7.4"
    assert md("2019-06-09") == "2019-06-09"


def test_md_code_fences_around_backticks() -> None:
    assert md_code("rectrack report --country KZ") == "`rectrack report --country KZ`"
    assert md_code("a``b") == "```a``b```"
    assert md_code("`x") == "`` `x ``"


def test_csv_cell_neutralises_formulas() -> None:
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("Plain text") == "Plain text"
    assert csv_cell(3) == 3


# --- charts -----------------------------------------------------------------------------------


def test_text_bar_cells_add_up_by_largest_remainder() -> None:
    thirds = {"partially-implemented": 1, "not-implemented": 1, "not-assessed": 1}
    bar = text_bar(thirds)
    assert len(bar) == 20
    # 6.67 cells each: the two best-placed remainders (order of the scale) get the spare cells
    assert bar == "▒" * 7 + "░" * 7 + "·" * 6
    assert text_bar({"not-implemented": 2, "fully-implemented": 1}) == "█" * 7 + "░" * 13
    assert text_bar({}) == ""


# --- a small history built as plain rows ----------------------------------------------------


def _rows() -> CountryRows:
    """Three elections: A raised 2010, restated 2014 and 2018 (priority; partially, then not);
    B raised 2014, never assessed (a coverage gap at 2018); C raised 2018 with nasty text."""
    e1 = ElectionRow(1, "AM", "parliamentary", dt.date(2010, 5, 1))
    e2 = ElectionRow(2, "AM", "presidential", dt.date(2014, 2, 1))
    e3 = ElectionRow(3, "AM", "parliamentary", dt.date(2018, 12, 9))
    recs = [
        RecommendationRow(1, "am10#1", 1, "am10", "ODIHR", "1", "Ask A", True, ("media",)),
        RecommendationRow(2, "am14#1", 2, "am14", "ODIHR", "1", "Ask A again", False, ("media",)),
        RecommendationRow(3, "am14#2", 2, "am14", "ODIHR", "2", "Ask B", False, ("results",)),
        RecommendationRow(4, "am18#1", 3, "am18", "ODIHR", "1", "Ask A once more", False, ()),
        RecommendationRow(5, "am18#2", 3, "am18", "ODIHR", "2", NASTY, True, ("results",)),
    ]
    assessments = [
        AssessmentRow(1, 2, "am14", ReportKind.FINAL_REPORT, Status.PARTIALLY),
        AssessmentRow(2, 3, "am18", ReportKind.FINAL_REPORT, Status.NOT),
    ]
    return CountryRows(
        country="AM",
        elections=[e3, e1, e2],
        recommendations=recs,
        assessments=assessments,
        restatements=[RestatementRow(2, 1), RestatementRow(4, 2)],
    )


REPORTS = [
    ReportRow("am10", 1, "ODIHR", "final-report", dt.date(2010, 7, 1)),
    ReportRow("am14", 2, "ODIHR", "final-report", None),
    ReportRow("am18", 3, "ODIHR", "final-report", dt.date(2019, 3, 1)),
]
LABELS = {"media": "Media & <press>", "results": "Results"}


def _pack(*briefings_args: str, **options: object) -> BriefingPack:
    briefings = [build_briefing("AM", _rows(), REPORTS, LABELS, **options)]  # type: ignore[arg-type]
    briefings += [build_briefing(code, None, [], LABELS) for code in briefings_args]
    opts = BriefingOptions(countries=tuple(b.country for b in briefings))
    return BriefingPack(
        options=opts,
        briefings=briefings,
        comparison=[comparison_row(b) for b in briefings] if len(briefings) > 1 else [],
        footer=Footer("2024-01-02 10:00 UTC", "the latest change in the store's history", ""),
    )


def test_model_figures_on_plain_rows() -> None:
    briefing = _pack().briefings[0]
    headline = briefing.headline
    assert (headline.elections, headline.reports, headline.recommendations, headline.threads) == (
        3,
        3,
        5,
        3,
    )
    assert headline.latest_report_published == dt.date(2019, 3, 1)
    # 2014's two recommendations at 2018: A not implemented (assessed), B not assessed
    assert (headline.implemented, headline.assessed, headline.of) == (0, 1, 2)
    assert headline.implementation_rate == 0.0
    assert [line.thread for line in briefing.long_standing] == ["am10#1"]
    assert [line.thread for line in briefing.priority_outstanding] == ["am10#1", "am18#2"]
    changes = briefing.changes
    assert changes is not None
    assert [(c.thread, c.before, c.after, c.kind) for c in changes.status_changes] == [
        ("am10#1", "partially-implemented", "not-implemented", "regressed")
    ]
    assert [ask.key for ask in changes.new_asks] == ["am18#2"]
    assert changes.restated == 1
    assert [gap.key for gap in briefing.coverage_gap] == ["am14#2"]
    assert [(line.key, line.status) for line in briefing.recommendations] == [
        ("am10#1", "partially-implemented"),
        ("am14#1", "not-implemented"),
        ("am14#2", None),
        ("am18#1", None),
        ("am18#2", None),
    ]


def test_the_briefing_steps_on_their_own() -> None:
    rows = _rows()
    elections = rows.elections_until(None)
    threads = build_threads(rows)
    e1, e2, e3 = elections
    # The reports up to an election; the headline counts what it is given.
    assert [report.id for report in model.reports_of(REPORTS, [e1, e2])] == ["am10", "am14"]
    cycles = cycle_summaries(rows, len(elections) - 1)
    figures = model.headline(elections, REPORTS, threads, cycles[-1])
    assert (figures.threads, figures.of, figures.assessed) == (3, 2, 1)
    assert figures.previous_election == model.ElectionRef.of(e2)
    assert model.headline([e1], REPORTS[:1], threads, None).implementation_rate is None
    # The lists: long-standing by times raised, priority by years outstanding.
    assert [t.id for t in model.long_standing(threads)] == ["am10#1"]
    assert [t.id for t in model.priority_outstanding(threads)] == ["am10#1", "am18#2"]
    # What changed at the latest election, and what it did not cover.
    changes = model.changes_at(threads, e3, e2)
    assert changes.counts["regressed"] == 1 and changes.restated == 1
    assert [gap.key for gap in model.coverage_gap(threads, e3)] == ["am14#2"]
    assert model.coverage_gap(threads, e2) == []
    # What is missing, and why.
    notes = model.missing_notes(
        "AM", "Armenia", [e1], filtered=True, threads=[], all_threads=[], last_cycle=None
    )
    assert [note.split(" ")[0:2] for note in notes] == [
        ["Only", "one"],
        ["No", "recommendation"],
        ["The", "store"],
    ]
    assert (
        model.missing_notes(
            "AM",
            "Armenia",
            elections,
            filtered=False,
            threads=threads,
            all_threads=threads,
            last_cycle=cycles[-1],
        )
        == []
    )


def test_chart_geometry_matches_the_cycle_counts() -> None:
    briefing = _pack().briefings[0]
    chart = stacked_bars(briefing.status_mix)
    cycles = cycle_summaries(_rows())
    assert len(chart.bars) == len(cycles) == 2
    for bar, cycle in zip(chart.bars, cycles, strict=True):
        assert bar.total == cycle.overall.total
        assert {s.column: s.count for s in bar.segments} == {
            column: count for column, count in cycle.overall.counts.items() if count
        }
        assert sum(s.width for s in bar.segments) == pytest.approx(BAR_WIDTH, abs=0.02)
        x: float = chart.bar_x
        for segment in bar.segments:
            assert segment.x == pytest.approx(x, abs=0.01)
            assert segment.width == pytest.approx(BAR_WIDTH * segment.share, abs=0.01)
            x += segment.width


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_store_text_and_draws_the_chart_from_the_data() -> None:
    pack = _pack()
    html = render(pack, "html")
    parsed = _Elements()
    parsed.feed(html)
    assert "script" not in parsed.tags  # no script at all: neither ours nor the store's
    assert '<script>alert("x")</script>' in "".join(parsed.text)
    assert "&lt;/td&gt;&lt;/tr&gt;" in html
    assert "Media &amp; &lt;press&gt;" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from the network
    # the SVG is well-formed, titled, and its rectangles carry the counts
    svg_text = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg_text is not None
    svg = ET.fromstring(svg_text.group(0))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    bars = svg.findall(f"{SVG}g[@class='bar']")
    assert [b.get("data-election") for b in bars] == [
        "2014-02-01 presidential",
        "2018-12-09 parliamentary",
    ]
    last = {r.get("data-status"): int(r.get("data-count") or 0) for r in bars[1].iter(f"{SVG}rect")}
    assert last == {"not-implemented": 1, "not-assessed": 1}
    widths = [float(r.get("width") or 0) for r in bars[1].iter(f"{SVG}rect")]
    assert widths == [BAR_WIDTH / 2, BAR_WIDTH / 2]


def _table_rows(markdown: str) -> list[list[str]]:
    """Cells of every table line, split on unescaped pipes."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            rows.append(re.split(r"(?<!\\)\|", line)[1:-1])
    return rows


def test_markdown_tables_survive_store_text() -> None:
    markdown = render(_pack(), "md")
    assert "<script>" not in markdown and "</td>" not in markdown
    assert r"\<script\>alert(\"x\")\</script\>" not in markdown  # quotes are not escaped
    assert r"\<script\>alert(" in markdown and r"\</td\>\</tr\>" in markdown
    assert r"Media & \<press\>" in markdown
    # every line of a table has as many cells as its header
    block: list[int] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            block.append(len(re.split(r"(?<!\\)\|", line)))
        elif block:
            assert len(set(block)) == 1, block
            block = []
    nasty_rows = [row for row in _table_rows(markdown) if any("line two" in c for c in row)]
    assert nasty_rows  # the two-line text stays on one table line


def test_csv_and_json_carry_the_same_model() -> None:
    pack = _pack()
    rows = list(csv.DictReader(io.StringIO(render(pack, "csv"))))
    assert [row["key"] for row in rows] == [line.key for line in pack.briefings[0].recommendations]
    nasty = next(row for row in rows if row["key"] == "am18#2")
    assert nasty["text"] == NASTY  # quoted, newline and all
    assert nasty["flags"] == "priority-outstanding"
    payload = json.loads(render(pack, "json"))
    assert payload["format"] == "rectrack-briefing/1"
    assert payload["footer"]["command"] == "rectrack report --country AM --format json"
    (briefing,) = payload["briefings"]
    assert briefing["headline"]["implementation_rate"] == 0.0
    assert briefing["changes"]["status_changes"][0]["kind"] == "regressed"
    assert briefing["coverage_gap"][0]["key"] == "am14#2"


def test_a_country_without_data_says_so_in_every_format() -> None:
    pack = _pack("FR")
    markdown = render(pack, "md")
    assert "# Briefing pack: Armenia, France" in markdown
    assert "| France (FR) | 0 |" in markdown
    assert "The store holds no elections of France (FR)." in markdown
    html = render(pack, "html")
    assert html.count("<svg") == 1  # no empty chart for France
    assert "The store holds no elections of France (FR)." in html
    json_pack = json.loads(render(pack, "json"))
    assert json_pack["briefings"][1]["missing"] == ["The store holds no elections of France (FR)."]


def test_one_election_has_no_chart_and_says_why() -> None:
    rows = _rows()
    briefing = build_briefing("AM", rows, REPORTS, LABELS, as_of=dt.date(2012, 1, 1))
    assert briefing.headline.elections == 1
    assert briefing.status_mix == [] and briefing.changes is None
    assert "Only one election of Armenia" in briefing.missing[0]
    pack = BriefingPack(
        BriefingOptions(("AM",), as_of=dt.date(2012, 1, 1)), [briefing], [], Footer(None, None, "")
    )
    html = render(pack, "html")
    assert "<svg" not in html and "No status mix" in html
    assert [t.thread for t in briefing.priority_outstanding] == ["am10#1"]


def test_filters_select_threads_and_restrict_the_mix() -> None:
    briefing = build_briefing("AM", _rows(), REPORTS, LABELS, topics=("results",))
    assert briefing.headline.threads == 2  # B and C
    assert [mix.total for mix in briefing.status_mix] == [0, 1]
    assert briefing.by_topic is not None
    assert [row.topic for row in briefing.by_topic.rows] == ["results"]
    priority = build_briefing("AM", _rows(), REPORTS, LABELS, priority_only=True)
    assert [line.thread for line in priority.recommendations] == [
        "am10#1",
        "am10#1",
        "am10#1",
        "am18#2",
    ]


def test_command_line_quotes_what_it_repeats() -> None:
    options = BriefingOptions(
        ("KZ", "AM"),
        as_of=dt.date(2020, 1, 1),
        topics=("media",),
        priority_only=True,
        output="my brief.html",
    )
    assert command_line(options, "html") == (
        "rectrack report --country KZ --country AM --as-of 2020-01-01 --topic media "
        "--priority-only --format html -o 'my brief.html'"
    )


def test_a_cycle_with_nothing_in_scope_draws_no_empty_bar() -> None:
    briefing = build_briefing("AM", _rows(), REPORTS, LABELS, topics=("results",))
    pack = BriefingPack(BriefingOptions(("AM",)), [briefing], [], Footer(None, None, ""))
    html = render(pack, "html")
    assert "none raised" in html
    markdown = render(pack, "md")
    first_cycle = next(line for line in markdown.splitlines() if "| 2014-02-01" in line)
    assert first_cycle.endswith("| – |") and "``" not in first_cycle


def test_lists_show_their_head_and_say_how_many_more() -> None:
    briefing = build_briefing("AM", _rows(), REPORTS, LABELS)
    assert len(briefing.priority_outstanding) == 2
    # longest outstanding first
    assert [t.thread for t in briefing.priority_outstanding] == ["am10#1", "am18#2"]
    pack = BriefingPack(BriefingOptions(("AM",), limit=1), [briefing], [], Footer(None, None, ""))
    markdown = render(pack, "md")
    section = markdown.split("Priority recommendations still outstanding")[1].split("##")[0]
    assert [line for line in section.splitlines() if line.startswith("| am")] == [
        next(line for line in section.splitlines() if line.startswith("| am10#1 |"))
    ]
    assert "Showing 1 of 2: `--limit 0` shows all" in section
    assert "--limit 1 --format md" in markdown
    html = render(pack, "html")
    assert html.count('<p class="more">Showing 1 of 2') == 1
    # JSON and CSV hold every row whatever the limit
    payload = json.loads(render(pack, "json"))
    assert len(payload["briefings"][0]["priority_outstanding"]) == 2
    assert payload["options"]["limit"] == 1


def test_markdown_parses_to_intact_tables_and_no_html() -> None:
    """Rendered by a CommonMark parser with GitHub tables (markdown-it, which Rich brings): the
    store's text becomes text, never HTML, and every table row has its header's cells."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(render(_pack(), "md"))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"html_inline", "html_block"}
    texts = "".join(c.content for t in tokens for c in (t.children or []) if c.type == "text")
    assert 'Publish <script>alert("x")</script> | results </td></tr> *now* [here]' in texts
    widths: list[int] = []
    cells = 0
    tables = 0
    for token in tokens:
        if token.type == "table_open":
            tables += 1
            widths = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            widths.append(cells)
        elif token.type == "table_close":
            assert len(set(widths)) == 1, widths
    assert tables >= 6

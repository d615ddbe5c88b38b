"""Briefings from the store, on the hand-built history of tests/db/builders.py.

The expected figures are written out (as in test_followup.py), and every format is checked
against the follow-up services: the briefing recomputes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import update

from tracker.enums import Status
from tracker.errors import InvalidInput, NotFound
from tracker.followup.summary import STATUS_COLUMNS
from tracker.followup.threads import Flag
from tracker.models import Report
from tracker.reporting.charts import BAR_WIDTH
from tracker.services import followup, reporting
from tracker.store import Store

from .builders import Builder, build_kazakhstan

R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"
SVG = "{http://www.w3.org/2000/svg}"
NASTY = "Count <script>alert(1)</script> | every </td> *ballot*\nin public"


@pytest.fixture
def kz(store: Store) -> Store:
    build_kazakhstan(store)
    return store


def _add_nasty_ask(store: Store) -> None:
    """A new priority ask at 2019 whose text tries to be markup."""
    with store.transaction() as session:
        Builder(session).rec(f"{R19}#3", NASTY, priority=True, topics=("results",))


def test_briefing_figures_on_the_hand_built_history(kz: Store) -> None:
    pack = reporting.build_briefings(kz, ["kz"])
    assert pack.options.countries == ("KZ",)
    (briefing,) = pack.briefings
    assert briefing.name == "Kazakhstan"
    headline = briefing.headline
    assert (headline.elections, headline.reports, headline.recommendations, headline.threads) == (
        4,
        5,  # the 2016 interim report counts as a report
        9,
        4,
    )
    assert headline.latest_election is not None and headline.previous_election is not None
    assert headline.latest_election.date == dt.date(2019, 6, 9)
    assert headline.previous_election.date == dt.date(2016, 3, 20)
    # 2016's three recommendations at 2019: fully (observers), not, not
    assert (headline.implemented, headline.assessed, headline.of) == (1, 3, 3)
    assert headline.implementation_rate == 0.3333
    assert headline.flag_counts == {
        "long-standing": 2,
        "regressed": 1,
        "stalled": 1,
        "unaddressed": 1,
        "priority-outstanding": 1,
    }
    assert [(m.election.date.year, m.total) for m in briefing.status_mix] == [
        (2015, 3),
        (2016, 1),
        (2019, 3),
    ]
    assert briefing.status_mix[0].counts["not-assessed"] == 1
    assert briefing.status_mix[0].shares["not-assessed"] == 0.3333
    assert briefing.by_topic is not None
    assert [(r.topic, r.implementation_rate) for r in briefing.by_topic.rows] == [
        ("election-observation", 1.0),
        ("media", 0.0),
        ("political-parties", 0.0),
    ]
    assert [
        (t.thread, t.times_raised, t.years_outstanding, t.latest_key, t.latest_status)
        for t in briefing.long_standing
    ] == [
        (f"{R12}#1", 4, 7.4, f"{R19}#1", "not-implemented"),
        (f"{R12}#2", 3, 7.4, f"{R19}#2", "not-implemented"),
    ]
    assert briefing.long_standing[0].latest_text == (
        "The authorities should finally ease party registration."
    )
    assert [t.thread for t in briefing.priority_outstanding] == [f"{R12}#1"]
    changes = briefing.changes
    assert changes is not None
    assert [(c.thread, c.before, c.after, c.kind) for c in changes.status_changes] == [
        (f"{R16}#3", None, "fully-implemented", "first assessed"),
        (f"{R12}#1", "not-implemented", "not-implemented", "unchanged"),
        (f"{R12}#2", "not-implemented", "not-implemented", "unchanged"),
    ]
    assert changes.counts["regressed"] == 0 and changes.counts["unchanged"] == 2
    assert changes.new_asks == [] and changes.restated == 2
    assert briefing.coverage_gap == []
    assert briefing.missing == []


def test_what_changed_and_the_gap_at_earlier_elections(kz: Store) -> None:
    (at_2016,) = reporting.build_briefings(kz, ["KZ"], as_of=dt.date(2016, 12, 31)).briefings
    assert at_2016.changes is not None
    regressions = [c for c in at_2016.changes.status_changes if c.kind == "regressed"]
    assert [(c.thread, c.assessed_key, c.before, c.after) for c in regressions] == [
        (f"{R12}#1", f"{R15}#1", "partially-implemented", "not-implemented")
    ]
    assert regressions[0].before_election is not None
    assert regressions[0].before_election.date == dt.date(2015, 4, 26)
    assert [a.key for a in at_2016.changes.new_asks] == [f"{R16}#3"]
    assert at_2016.priority_outstanding[0].years_outstanding == 4.2
    assert at_2016.headline.implementation_rate == 0.0

    (at_2015,) = reporting.build_briefings(kz, ["KZ"], as_of=dt.date(2015, 12, 31)).briefings
    assert [(g.key, g.missed_at.date) for g in at_2015.coverage_gap] == [
        (f"{R12}#3", dt.date(2015, 4, 26))
    ]
    assert at_2015.changes is not None
    assert [c.kind for c in at_2015.changes.status_changes] == ["first assessed"] * 2


def test_every_format_agrees_with_the_follow_up_services(kz: Store) -> None:
    threads = followup.threads(kz, "KZ")["KZ"]
    cycles = followup.status_summaries(kz, "KZ")["KZ"]
    by_id = {thread.id: thread for thread in threads}
    pack = reporting.build_briefings(kz, ["KZ"])

    # JSON: the model's dict
    payload = json.loads(reporting.render(pack, "json"))
    (briefing,) = payload["briefings"]
    assert [m["counts"] for m in briefing["status_mix"]] == [
        c.overall.as_dict()["counts"] for c in cycles
    ]
    assert [m["implementation_rate"] for m in briefing["status_mix"]] == [
        c.overall.as_dict()["implementation_rate"] for c in cycles
    ]
    assert briefing["headline"]["implementation_rate"] == pytest.approx(
        cycles[-1].overall.implementation_rate, abs=1e-4
    )
    assert [t["thread"] for t in briefing["long_standing"]] == sorted(
        (t.id for t in threads if Flag.LONG_STANDING in t.flags),
        key=lambda i: -by_id[i].times_raised,
    )
    assert [t["thread"] for t in briefing["priority_outstanding"]] == [
        t.id for t in threads if Flag.PRIORITY_OUTSTANDING in t.flags
    ]
    for line in briefing["long_standing"]:
        thread = by_id[line["thread"]]
        assert line["years_outstanding"] == thread.years_outstanding
        assert line["flags"] == sorted(f.value for f in thread.flags)

    # CSV: one row per recommendation, its thread's status and flags
    rows = list(csv.DictReader(io.StringIO(reporting.render(pack, "csv"))))
    assert len(rows) == 9
    for row in rows:
        thread = followup.thread_of(kz, row["key"])
        assert row["thread"] == thread.id
        assert row["flags"] == ";".join(sorted(f.value for f in thread.flags))
        assert row["thread_status"] == (thread.latest_status.value if thread.latest_status else "")
    own = {row["key"]: (row["status"], row["status_at"]) for row in rows}
    assert own[f"{R12}#1"] == ("partially-implemented", "2015-04-26")
    assert own[f"{R15}#1"] == ("not-implemented", "2016-03-20")  # the final report counts
    assert own[f"{R12}#3"] == ("", "")

    # HTML: the chart's rectangles carry the cycle counts, at widths proportional to them
    html = reporting.render(pack, "html")
    svg_text = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg_text is not None
    svg = ET.fromstring(svg_text.group(0))
    bars = svg.findall(f"{SVG}g[@class='bar']")
    assert len(bars) == len(cycles)
    for bar, cycle in zip(bars, cycles, strict=True):
        assert bar.get("data-election") == cycle.election.label
        assert int(bar.get("data-total") or 0) == cycle.overall.total
        rects = list(bar.iter(f"{SVG}rect"))
        drawn = {r.get("data-status"): int(r.get("data-count") or 0) for r in rects}
        assert drawn == {k: v for k, v in cycle.overall.counts.items() if v}
        for rect in rects:
            share = cycle.overall.share(rect.get("data-status") or "")
            assert float(rect.get("width") or 0) == pytest.approx(BAR_WIDTH * share, abs=0.01)
    # ... and the data table beside it says the same
    for cycle in cycles:
        table_row = re.search(rf'<tr data-election="{cycle.election.label}">(.*?)</tr>', html)
        assert table_row is not None
        cells = re.findall(r'data-status="([a-z-]+)">(\d+) ', table_row.group(1))
        assert {k: int(v) for k, v in cells} == {k: cycle.overall.counts[k] for k in STATUS_COLUMNS}
    assert "33%" in html and f"{R12}#1" in html

    # Markdown: the same figures in text
    markdown = reporting.render(pack, "md")
    assert "**4** elections observed" in markdown
    assert "**33%** of the 2016-03-20 parliamentary election's recommendations" in markdown
    assert "(1 of 3 assessed; 3 raised)" in markdown
    assert "| 2019-06-09 presidential | 2016-03-20 parliamentary | 3 | 1 (33%) |" in markdown
    assert f"| {R12}#1 | 2012-01-15 parliamentary | 4 | 7.4 |" in markdown


def test_store_text_is_escaped_in_html_and_markdown(kz: Store) -> None:
    _add_nasty_ask(kz)
    pack = reporting.build_briefings(kz, ["KZ"])
    (briefing,) = pack.briefings
    assert briefing.changes is not None
    assert [a.key for a in briefing.changes.new_asks] == [f"{R19}#3"]
    assert [t.thread for t in briefing.priority_outstanding] == [f"{R12}#1", f"{R19}#3"]

    html = reporting.render(pack, "html")
    assert "<script>" not in html and "alert(1)</script>" not in html
    assert "Count &lt;script&gt;alert(1)&lt;/script&gt; | every &lt;/td&gt; *ballot*" in html
    # the rows of the table holding it keep their cells
    row = re.search(rf"<tr><td class=\"key\">{re.escape(R19)}#3</td>(.*?)</tr>", html, re.S)
    assert row is not None and row.group(1).count("<td") == 4

    markdown = reporting.render(pack, "md")
    lines = [x for x in markdown.splitlines() if x.startswith(f"| {R19}#3 |")]
    assert len(lines) == 2  # priority outstanding, newly raised
    for line in lines:
        assert r"Count \<script\>alert(1)\</script\> \| every \</td\> \*ballot\* in public" in line
    # every line of every table has as many cells as its header
    block: list[int] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            block.append(len(re.split(r"(?<!\\)\|", line)))
        elif block:
            assert len(set(block)) == 1, block
            block = []


def test_filters(kz: Store) -> None:
    (media,) = reporting.build_briefings(kz, ["KZ"], topics=["media"]).briefings
    assert media.headline.threads == 1 and media.headline.recommendations == 3
    assert [m.total for m in media.status_mix] == [1, 0, 1]
    assert media.by_topic is not None and [r.topic for r in media.by_topic.rows] == ["media"]
    (priority,) = reporting.build_briefings(kz, ["KZ"], priority_only=True).briefings
    assert [t.thread for t in priority.long_standing] == [f"{R12}#1"]
    assert priority.headline.recommendations == 4
    with pytest.raises(InvalidInput, match="unknown topic 'medai' \\(did you mean 'media'\\?\\)"):
        reporting.build_briefings(kz, ["KZ"], topics=["medai"])


def test_unknown_country_codes_are_refused(kz: Store) -> None:
    with pytest.raises(InvalidInput, match="unknown country code 'QQ'"):
        reporting.build_briefings(kz, ["QQ"])
    with pytest.raises(InvalidInput, match="did you mean 'KZ'"):
        reporting.build_briefings(kz, ["Kazakhstan"])


def test_missing_data_is_said_not_hidden(kz: Store, store: Store) -> None:
    with pytest.raises(NotFound, match=r"^no elections of AM in the store$"):
        reporting.build_briefings(kz, ["KZ", "AM"])

    with kz.transaction() as session:
        build = Builder(session, country="AM")
        build.report("am-2021-parliamentary-odihr-final", "2021-06-20")
        build.rec("am-2021-parliamentary-odihr-final#1", "Reform the code.", priority=True)
    pack = reporting.build_briefings(kz, ["KZ", "AM"], as_of=dt.date(2020, 12, 31))
    assert [row.country for row in pack.comparison] == ["KZ", "AM"]
    armenia = pack.briefings[1]
    assert armenia.missing == ["The store holds no elections of Armenia (AM) up to 2020-12-31."]
    for fmt in reporting.FORMATS:
        assert "Armenia" in reporting.render(pack, fmt) or fmt == "csv"

    (one,) = reporting.build_briefings(kz, ["AM"]).briefings
    assert one.headline.elections == 1 and one.headline.recommendations == 1
    assert one.status_mix == [] and one.changes is None and one.coverage_gap == []
    assert one.missing[0].startswith("Only one election of Armenia is in the store")
    assert [t.thread for t in one.priority_outstanding] == ["am-2021-parliamentary-odihr-final#1"]
    html = reporting.render(reporting.build_briefings(kz, ["AM"]), "html")
    assert "<svg" not in html and "No status mix" in html


def test_empty_store(store: Store) -> None:
    with pytest.raises(NotFound, match=r"^no elections of KZ, MD in the store$"):
        reporting.build_briefings(store, ["KZ", "md"])
    with pytest.raises(NotFound, match=r"^no elections of KZ in the store$"):
        reporting.briefing_markdown(store, "KZ")
    # one report, no published date, no history: the data date is unknown
    with store.transaction() as session:
        Builder(session, country="MD").report("md-2021-parliamentary-odihr-final", "2021-07-11")
    pack = reporting.build_briefings(store, ["MD"])
    assert pack.footer.data_date is None
    assert "Data date: unknown." in reporting.briefing_markdown(store, "MD")


def test_data_date_and_writing_files(kz: Store, tmp_path: Path) -> None:
    with kz.transaction() as session:
        session.execute(
            update(Report).where(Report.id == R19).values(published=dt.date(2019, 10, 3))
        )
    pack = reporting.build_briefings(kz, ["KZ"])
    assert pack.footer.data_date == "2019-10-03"
    assert pack.briefings[0].headline.latest_report_published == dt.date(2019, 10, 3)
    followup.assess(kz, f"{R12}#3", at_report=R16, status=Status.NOT, actor="alice")
    pack = reporting.build_briefings(kz, ["KZ"])
    assert pack.footer.data_date_source == "the latest change in the store's history"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", pack.footer.data_date or "")

    written = reporting.write_briefing(kz, ["KZ"], tmp_path / "kz.html")
    text = written.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "rectrack report --country KZ --format html -o" in text
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        reporting.write_briefing(kz, ["KZ"], tmp_path / "kz.txt")
    with pytest.raises(InvalidInput, match="cannot write"):
        reporting.write_briefing(kz, ["KZ"], tmp_path / "missing" / "kz.md")

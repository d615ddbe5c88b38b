"""The static site's pure parts: file names for keys, web addresses, escaping of the thread
pages' pieces (word differences, badges, topics), the frame and the search index's shape."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import escape as markup_escape

from tracker.followup.rows import CountryRows, ElectionRow, RecommendationRow
from tracker.reporting.model import ElectionRef
from tracker.site import fingerprint, thread_page
from tracker.site.model import (
    DEFAULT_TITLE,
    DataDate,
    MemberView,
    ReportInfo,
    SiteOptions,
    ThreadView,
    country_folder,
    key_slug,
    thread_path,
    web_address,
)
from tracker.site.render import SEARCH_VARIABLE, search_index
from tracker.wording import Op, Piece

EVIL = "Publish <script>alert(\"x\")</script> & say 'why' </p><img src=x onerror=y>"
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


# -- file names and addresses -------------------------------------------------------------


def test_a_plain_key_is_its_report_and_number() -> None:
    assert (
        key_slug("kz-2012-parliamentary-odihr-final#12") == "kz-2012-parliamentary-odihr-final--12"
    )
    assert key_slug("kz-2012-x#3.1") == "kz-2012-x--3.1"
    assert key_slug("kz-2012-x#3-b") == "kz-2012-x--3-b"


@pytest.mark.parametrize("number", ["A", "1/2", "III (a)", "ü", "..", "", "3..1", "-3", "a b"])
def test_an_unsafe_number_is_spelled_safely_with_a_hash_of_the_key(number: str) -> None:
    slug = key_slug(f"kz-2012-x#{number}")
    assert SAFE_NAME.match(slug), slug
    assert "/" not in slug and ".." not in slug
    assert re.search(r"-[0-9a-f]{8}$", slug)


def test_keys_differing_only_in_case_or_punctuation_get_different_names() -> None:
    names = {key_slug(f"kz-2012-x#{number}") for number in ["A", "a", "1/2", "1-2", "1 2", "1_2"]}
    assert len(names) == 6
    # the case-insensitive file systems: still distinct
    assert len({name.lower() for name in names}) == 6


def test_the_same_key_always_gets_the_same_name() -> None:
    assert key_slug("kz-2012-x#III (a)") == key_slug("kz-2012-x#III (a)")


def test_paths_are_relative_and_lower_case() -> None:
    assert country_folder("KZ") == "kz"
    assert thread_path("KZ", "kz-2012-x#1") == "kz/threads/kz-2012-x--1.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.osce.org/odihr/elections/kz/1", "https://www.osce.org/odihr/elections/kz/1"),
        ("  http://example.org/a  ", "http://example.org/a"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        (None, None),
        ("", None),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("file:///etc/passwd", None),
        ("//example.org/a", None),
        ("example.org", None),
        ("https://example.org/a b", None),
        ("https://", None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, expected: str | None) -> None:
    assert web_address(url) == expected


def test_the_rebuilding_command_quotes_what_it_was_given() -> None:
    assert SiteOptions(folder="public").command() == "rectrack site public"
    options = SiteOptions(
        folder="my site",
        countries=("KZ", "GE"),
        as_of=dt.date(2023, 12, 31),
        title="It's ours",
    )
    assert options.command() == (
        "rectrack site 'my site' --country KZ --country GE --as-of 2023-12-31 "
        "--title 'It'\"'\"'s ours'"
    )
    assert "--title" not in SiteOptions(folder="x", title=DEFAULT_TITLE).command()


# -- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EVIL, "plain", "", "a & b", "'\"<>&", "ünï <b>"])
def test_escape_is_markupsafes(text: str) -> None:
    assert thread_page.escape(text) == str(markup_escape(text))


def test_a_word_difference_is_escaped_and_said_in_words() -> None:
    pieces = [
        Piece(Op.EQUAL, "Publish <b>results</b>"),
        Piece(Op.DELETE, "& 'old'"),
        Piece(Op.INSERT, '<script>alert("x")</script>'),
    ]
    html = thread_page.diff_text(pieces)
    assert html == (
        "Publish &lt;b&gt;results&lt;/b&gt; "
        '<del><span class="sr">removed: </span>&amp; &#39;old&#39;</del> '
        '<ins><span class="sr">added: </span>&lt;script&gt;alert(&#34;x&#34;)'
        "&lt;/script&gt;</ins>"
    )
    assert thread_page.diff_text([]) == ""


def test_a_members_difference_is_from_the_previous_text() -> None:
    member = _member("kz-2016-x#1", "The law should be amended.", previous="The law be amended.")
    pieces = thread_page.member_diff(member)
    assert pieces is not None
    assert [piece.op for piece in pieces] == [Op.EQUAL, Op.INSERT, Op.EQUAL]
    assert thread_page.member_diff(_member("kz-2012-x#1", "first")) is None


def test_badges_topics_and_flags_escape_what_they_show() -> None:
    assert thread_page.badge(None) == '<span class="st st-not-assessed">not assessed</span>'
    assert thread_page.badge("not-implemented", True) == (
        '<span class="st st-not-implemented">not implemented</span>'
        ' <span class="disputed">(disputed)</span>'
    )
    unknown = thread_page.badge('x"><script>')
    assert "<script>" not in unknown and "&#34;&gt;&lt;script&gt;" in unknown
    topics = thread_page.topics_text(["media", "<b>"], {"media": "Media & <i>press</i>"})
    assert topics == (
        '<span class="topic">Media &amp; &lt;i&gt;press&lt;/i&gt;</span> '
        '<span class="topic">&lt;b&gt;</span>'
    )
    assert thread_page.topics_text([], {}) == '<span class="muted">no topic</span>'
    assert thread_page.flags_list([]) == '<span class="muted">none</span>'
    assert thread_page.flags_list(["stalled"]) == (
        '<ul class="flags"><li class="flag flag-stalled">stalled</li></ul>'
    )


def test_a_thread_page_escapes_every_text_and_keeps_the_frame() -> None:
    site = _site(title='Our <b>"site"</b>')
    pages = thread_page.ThreadPages(_FakeEnvironment(), site)
    first = _member("kz-2012-x#1", EVIL)
    second = _member("kz-2016-x#1", EVIL + " again", previous=EVIL)
    thread = _thread("KZ", [first, second])
    html = pages.render(_country(thread, name="K<z>"), thread)
    assert html.startswith("<frame>Thread kz-2012-x#1: K&lt;z&gt;: Our &lt;b&gt;")
    assert html.endswith("</frame>\n")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)") == 3  # two texts, one diff
    assert '<ins><span class="sr">added: </span>again</ins>' in html
    assert f'id="{key_slug(second.key)}"' in html
    assert pages.render(_country(thread, name="K<z>"), thread) == html


# -- the search index ----------------------------------------------------------------------


def test_the_search_index_holds_every_member_compactly() -> None:
    plain = _member("kz-2012-x#1", "first", status="not-implemented")
    odd = _member("kz-2016-y#III (a)", EVIL)
    other = _member("kz-2016-y#2", "third", status="stalled-somehow")
    site = _site(
        countries=[
            _country(_thread("KZ", [plain, odd])),
            _country(_thread("KZ", [other]), code="GE"),
        ]
    )
    script = search_index(site)
    prefix = f"window.{SEARCH_VARIABLE} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(script[len(prefix) : -2])
    assert data["format"] == 2
    assert data["statuses"][0] is None
    assert "not-implemented" in data["statuses"]
    kz, ge = data["countries"]
    assert (kz["code"], kz["folder"]) == ("KZ", "kz")
    assert kz["reports"] == ["kz-2012-x", "kz-2016-y"]
    (name, members), *_ = kz["threads"]
    assert name == "kz-2012-x--1"
    status = data["statuses"].index("not-implemented")
    assert members[0] == [0, "1", "first", status]  # the anchor follows from key and number
    assert members[1] == [1, "III (a)", EVIL, 0, key_slug(odd.key)]
    # a status outside the known columns is said in full, never lost
    assert data["statuses"][ge["threads"][0][1][0][3]] == "stalled-somehow"
    assert "\n" not in script[:-1]


# -- fingerprints --------------------------------------------------------------------------


def test_the_inputs_digest_changes_with_every_input() -> None:
    rows = CountryRows(
        country="KZ",
        elections=[ElectionRow(1, "KZ", "parliamentary", dt.date(2012, 1, 15))],
        recommendations=[
            RecommendationRow(1, "kz-2012-x#1", 1, "kz-2012-x", "odihr", "1", "first", False)
        ],
        assessments=[],
        restatements=[],
    )
    options = SiteOptions(folder="public")
    date = DataDate("2023-01-01 10:00 UTC", "the history")
    labels = {"media": "Media"}

    def digest(**changed: Any) -> str:
        given: dict[str, Any] = {
            "options": options,
            "data_date": date,
            "labels": labels,
            "rows": [rows],
            "reports": [[]],
            "details": {},
        }
        given.update(changed)
        return fingerprint.inputs_digest(**given)

    same = digest()
    assert same == digest()  # the same inputs, the same digest (no time, no randomness)
    edited = rows.recommendations[0]._replace(text="first.")
    others = [
        digest(options=SiteOptions(folder="public", title="Ours")),
        digest(options=SiteOptions(folder="public", as_of=dt.date(2020, 1, 1))),
        digest(data_date=DataDate("2023-01-01 10:01 UTC", "the history")),
        digest(labels={"media": "Media and press"}),
        digest(rows=[replace(rows, recommendations=[edited])]),
        digest(details={"kz-2012-x": ReportInfo("A title", None)}),
    ]
    assert same not in others
    assert len(set(others)) == len(others)


# -- helpers -------------------------------------------------------------------------------


class _FakeEnvironment:
    """Stands for Jinja's environment: the frame with its three markers."""

    def get_template(self, name: str) -> Any:
        assert name == thread_page.FRAME_TEMPLATE

        def render(*, site: Any, root: str, marker: str) -> str:
            return f"<frame>{marker}|{marker}|{marker}</frame>\n"

        return SimpleNamespace(render=render)


ELECTION = ElectionRef(dt.date(2012, 1, 15), "parliamentary")


def _member(
    key: str, text: str, *, previous: str | None = None, status: str | None = None
) -> MemberView:
    report_id, _, number = key.partition("#")
    return MemberView(
        key=key,
        anchor=key_slug(key),
        election=ELECTION,
        report_id=report_id,
        number=number,
        priority=False,
        topics=["media"],
        text=text,
        status=status,
        status_at=None,
        previous_key="kz-2012-x#1" if previous is not None else None,
        previous_text=previous,
    )


def _thread(code: str, members: list[MemberView]) -> ThreadView:
    return ThreadView(
        id=members[0].key,
        country=code,
        path=thread_path(code, members[0].key),
        members=members,
        timeline=[],
        gaps=[],
        flags=[],
        first_raised=ELECTION,
        times_raised=len(members),
        years_outstanding=None,
        latest_status=None,
        disputed=False,
        priority=False,
        topics=["media"],
    )


def _country(thread: ThreadView, *, code: str = "KZ", name: str = "Kazakhstan") -> Any:
    return SimpleNamespace(
        code=code,
        name=name,
        folder=country_folder(code),
        threads=[thread],
        briefing=None,
        elections=[],
        topics=["media"],
    )


def _site(
    *,
    title: str = DEFAULT_TITLE,
    countries: list[Any] | None = None,
    data_date: DataDate = DataDate("2023-01-01 10:00 UTC", "the history"),
) -> Any:
    return SimpleNamespace(
        options=SiteOptions(folder="public", title=title),
        title=title,
        data_date=data_date,
        countries=countries or [],
        topic_labels={"media": "Media"},
    )


def test_the_code_digest_covers_the_templates_assets_and_the_model_code() -> None:
    names = {
        entry.split("\0", 1)[0]
        for package in fingerprint._PACKAGES
        for entry in fingerprint._files(package)
    }
    for expected in (
        "tracker.site/templates/base.html.j2",
        "tracker.site/assets/search.js",
        "tracker.site/thread_page.py",
        "tracker.followup/threads.py",
        "tracker.reporting/charts.py",
    ):
        assert expected in names
    top = {entry.split("\0", 1)[0] for entry in fingerprint._files("tracker", recursive=False)}
    assert {"tracker/wording.py", "tracker/vocabulary.py", "tracker/keys.py"} <= top
    assert fingerprint.code_digest() == fingerprint.code_digest()

"""`rectrack site`: the static website built from the shipped seed (imported and matched, as
`rectrack demo` builds it), checked as files: links, assets, coverage, escaping, rebuilds."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.cli_support import run_main
from tracker.errors import InvalidInput, NotFound
from tracker.models import Recommendation
from tracker.services import demo, followup
from tracker.services import site as site_service
from tracker.site.model import FLAG_ORDER, Site, key_slug
from tracker.store import Store

EVIL = "Publish <script>alert(\"x\")</script> results & say 'why' </p><img src=x onerror=y>"


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site-seed") / "seed.db"
    built = demo.build_demo(path, actor="seed", user_url="sqlite:///:memory:")
    built.store.dispose()
    return path


@pytest.fixture
def seed(seed_file: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "seed.db"
    shutil.copyfile(seed_file, path)
    store = Store(f"sqlite:///{path}")
    yield store
    store.dispose()


class _Page(HTMLParser):
    """The references of a page: (tag, attribute, value), and every element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.handlers: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_local_link_resolves_and_nothing_comes_from_the_network(
    seed: Store, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    summary = site_service.write_site(seed, out)
    assert summary.countries == ("GE", "KZ", "MD")
    pages = _pages(out)
    assert len(pages) == 2 + 3 + summary.threads  # index, search, countries, threads
    parsed = {path.resolve(): _parse(path) for path in pages}
    checked = 0
    for path, page in parsed.items():
        assert page.handlers == [], f"{path}: inline event handlers {page.handlers}"
        assert page.inline_scripts == 0, f"{path}: an inline script"
        for tag, attribute, value in page.refs:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                # only links to the reports themselves may leave the site, never an asset
                assert (tag, attribute) == ("a", "href"), f"{path}: {tag} {attribute}={value}"
                assert parts.scheme in ("http", "https"), f"{path}: {value}"
                continue
            assert not value.startswith("/"), f"{path}: an absolute link {value}"
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path}: {value} leads nowhere"
            assert target.is_relative_to(out.resolve()), f"{path}: {value} leaves the site"
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, f"{path}: {value}: no such id"
            checked += 1
    assert checked > 500
    # the assets are the site's own files; the search page loads the index beside it
    search = parsed[(out / "search.html").resolve()]
    assert ("script", "src", "search-index.js") in search.refs
    assert (
        (out / "search-index.js")
        .read_text(encoding="utf-8")
        .startswith("window.RECTRACK_SEARCH = {")
    )


def test_every_recommendation_is_on_a_page(seed: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site_service.write_site(seed, out)
    with seed.read() as session:
        keys = [key for (key,) in session.query(Recommendation.key)]
    assert len(keys) == 229
    threads = followup.threads(seed)
    for code, found in threads.items():
        country_page = (out / code.lower() / "index.html").read_text(encoding="utf-8")
        for thread in found:
            page = (out / code.lower() / "threads" / f"{key_slug(thread.id)}.html").read_text(
                encoding="utf-8"
            )
            for member in thread.members:
                assert f'id="{key_slug(member.key)}"' in page
                assert member.key in country_page
    rows = _search_rows(out)
    assert sorted(row[0] for row in rows) == sorted(keys)
    for key, _text, href, _status, code in rows:
        page, _, anchor = href.partition("#")
        assert page.startswith(f"{code.lower()}/threads/")
        assert anchor == key_slug(key)
        assert f'id="{anchor}"' in (out / page).read_text(encoding="utf-8")


def _search_rows(out: Path) -> list[tuple[str, str, str, str | None, str]]:
    """The search index expanded as assets/search.js expands it: (key, text, href, status,
    country) per recommendation."""
    script = (out / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.RECTRACK_SEARCH = "
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(script[len(prefix) : -2])
    rows = []
    for country in data["countries"]:
        for name, members in country["threads"]:
            for member in members:
                report = country["reports"][member[0]]
                anchor = member[4] if len(member) > 4 else f"{report}--{member[1]}"
                href = f"{country['folder']}/threads/{name}.html#{anchor}"
                key = f"{report}#{member[1]}"
                rows.append((key, member[2], href, data["statuses"][member[3]], country["code"]))
    return rows


def test_flags_and_statuses_are_the_follow_up_services(seed: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site_service.write_site(seed, out, ["KZ"])
    flagged = followup.flagged(seed, "KZ")["KZ"]
    assert flagged, "the seed has flagged threads"
    page = (out / "kz" / "index.html").read_text(encoding="utf-8")
    for thread in flagged:
        flags = " ".join(flag for flag in FLAG_ORDER if flag in thread.flags)
        assert f'data-flags="{flags}"' in page, thread.id
    unflagged = page.count('data-flags=""')
    assert unflagged == len(followup.threads(seed, "KZ")["KZ"]) - len(flagged)


def test_text_from_the_store_is_escaped_everywhere(seed: Store, tmp_path: Path) -> None:
    with seed.transaction() as session:
        rec = (
            session.query(Recommendation).filter_by(key="kz-2012-parliamentary-odihr-final#1").one()
        )
        rec.text = EVIL
    out = tmp_path / "site"
    site_service.write_site(seed, out, title='Our <b>"site"</b>')
    raw = "<script>alert("
    found = 0
    for path in _pages(out):
        text = path.read_text(encoding="utf-8")
        assert raw not in text, path
        assert "<img src=x" not in text, path
        assert "<b>" not in text, path
        if "&lt;script&gt;alert(" in text:
            found += 1
    assert found >= 2  # the country page and the thread page (and diffs of later members)
    search = (out / "search-index.js").read_text(encoding="utf-8")
    assert '\\"x\\")</script>' in search  # JSON inside a script file: data, never markup
    assert EVIL in [row[1] for row in _search_rows(out)]


def test_a_rebuild_of_an_unchanged_store_rewrites_nothing(seed: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = site_service.write_site(seed, out)
    before = _snapshot(out)
    second = site_service.write_site(seed, out)
    assert second.written == () and second.removed == ()
    assert second.unchanged == first.files
    assert _snapshot(out) == before  # the same bytes and the same mtimes


def test_a_rebuild_from_the_same_inputs_takes_the_files_from_the_folder(
    seed: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    first = site_service.write_site(seed, out, ["KZ"])
    before = _snapshot(out)
    built: list[str] = []
    build = site_service._Inputs.site

    def counted(inputs: site_service._Inputs) -> Site:
        built.append("model")
        return build(inputs)

    monkeypatch.setattr(site_service._Inputs, "site", counted)
    again = site_service.write_site(seed, out, ["KZ"])
    assert built == []  # no model, no page rendered
    assert again.written == () and again.unchanged == first.files
    assert (again.recommendations, again.threads) == (first.recommendations, first.threads)
    assert (again.total_bytes, again.search_index_bytes) == (
        first.total_bytes,
        first.search_index_bytes,
    )
    assert _snapshot(out) == before

    # a page changed by hand is put back (the model is built for it); the others stay
    page = next((out / "kz" / "threads").iterdir())
    name = page.relative_to(out).as_posix()
    page.write_text(page.read_text(encoding="utf-8").replace("Thread", "Thraed"))
    (out / "kz" / "index.html").unlink()
    repaired = site_service.write_site(seed, out, ["KZ"])
    assert built == ["model"]
    assert sorted(repaired.written) == sorted([name, "kz/index.html"])
    after = _snapshot(out)
    assert {key: data for key, (data, _) in after.items()} == {
        key: data for key, (data, _) in before.items()
    }
    assert [key for key in after if after[key][1] != before[key][1]] == sorted(repaired.written)


def test_other_inputs_or_a_broken_cache_build_the_site_again(seed: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site_service.write_site(seed, out, ["KZ"])
    cache = out / site_service.CACHE
    # another title: every page says it
    retitled = site_service.write_site(seed, out, ["KZ"], title="Another name")
    assert "kz/index.html" in retitled.written and "index.html" in retitled.written
    assert "Another name" in (out / "kz" / "index.html").read_text(encoding="utf-8")
    # a changed text, written without any history: the rows differ, so the page does
    with seed.transaction() as session:
        session.execute(
            Recommendation.__table__.update()
            .where(Recommendation.key == "kz-2012-parliamentary-odihr-final#1")
            .values(text="A wholly new wording, nowhere else.")
        )
    changed = site_service.write_site(seed, out, ["KZ"], title="Another name")
    assert "kz/index.html" in changed.written
    assert "A wholly new wording, nowhere else." in (out / "kz" / "index.html").read_text(
        encoding="utf-8"
    )
    before = _snapshot(out)
    # a cache that is not one (or lists a path outside the folder) is ignored: all is rendered
    for broken in ("", "rectrack-site-cache 2\ninputs x - 1 1\nabc ../../etc/passwd\n"):
        cache.write_text(broken)
        again = site_service.write_site(seed, out, ["KZ"], title="Another name")
        assert again.written == (site_service.CACHE,)
        assert {k: v for k, v in _snapshot(out).items() if k != site_service.CACHE} == {
            k: v for k, v in before.items() if k != site_service.CACHE
        }


def test_a_change_rewrites_only_its_pages_and_removes_stale_ones(
    seed: Store, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    site_service.write_site(seed, out)
    before = _snapshot(out)
    long_thread = max(followup.threads(seed, "KZ")["KZ"], key=lambda t: len(t.members))
    assert len(long_thread.members) >= 2
    later = long_thread.members[-1].key
    followup.split(seed, later, actor="tester")
    summary = site_service.write_site(seed, out)
    after = _snapshot(out)
    changed = {name for name in after if name in before and after[name] != before[name]}
    assert changed == set(summary.written) - (set(after) - set(before))
    assert "kz/index.html" in changed and "index.html" in changed  # the data date moved
    added = set(after) - set(before)
    assert f"kz/threads/{key_slug(later)}.html" in added
    assert f"kz/threads/{key_slug(later)}.html" in (out / ".rectrack-site").read_text()


def test_refuses_a_folder_that_holds_other_files(seed: Store, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not empty and holds no rectrack site"):
        site_service.write_site(seed, out)
    assert sorted(os.listdir(out)) == ["notes.txt"]


def test_unknown_and_absent_countries_are_refused(seed: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no elections of FR"):
        site_service.write_site(seed, tmp_path / "s", ["FR"])
    with pytest.raises(InvalidInput):
        site_service.write_site(seed, tmp_path / "s", ["ZZZ"])
    assert not (tmp_path / "s").exists()


def test_cli_writes_the_site_and_says_so(
    seed: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    url = str(seed.engine.url)
    code, stdout, _ = run_main(capsys, "--db", url, "site", str(out), "--country", "kz", "--json")
    assert code == 0
    assert json.loads(stdout)["countries"] == ["KZ"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"rectrack site {out} --country KZ" in page
    code, stdout, stderr = run_main(capsys, "--db", url, "site", str(out), "--as-of", "soon")
    assert code == 1
    assert "--as-of 'soon' is not a date" in stderr
    assert "Traceback" not in stderr

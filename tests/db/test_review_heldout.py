"""Review one recommendation at a time on the held-out gold set, through the CLI as a user
types it (issue 14): `rectrack proposals --json` lists a country's newest report, one
`rectrack decide` per recommendation (from the gold links) empties its queue, `rectrack undo`
puts back exactly the last one, and `rectrack export` holds the restatements decided.

The store is built as `tracker.services.evaluation.evaluate_gold` builds it: the country
imported, its gold `restates` links remembered, every link deleted, matching run."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_support import run_main
from tracker.enums import LinkKind, LinkState
from tracker.repositories import proposals as links_repo
from tracker.services import matching
from tracker.services.importing import import_paths
from tracker.store import Store

HELDOUT = Path(__file__).resolve().parent.parent / "heldout"
REVIEWER = "ann"


def build(store: Store, country: str) -> dict[str, set[str]]:
    """The country's held-out reports with their links hidden and matched; its gold links."""
    import_paths(store, [HELDOUT / "topics.yaml", HELDOUT / country], actor="importer", match=False)
    gold: dict[str, set[str]] = defaultdict(set)
    with store.transaction() as session:
        for row in links_repo.all_link_rows(session):
            if row.kind is LinkKind.RESTATES and row.state is LinkState.ACCEPTED:
                gold[row.source_key].add(row.target_key)
        links_repo.delete_all_links(session)
    matching.propose(store, country=country, actor="matcher")
    return dict(gold)


def newest_report(country: str) -> str:
    """The report of the latest election (the file names start with the year)."""
    return max(path.stem for path in (HELDOUT / country).glob("*.yaml"))


def links(store: Store) -> set[tuple[str, str, str, str, str | None]]:
    with store.read() as session:
        return {
            (row.source_key, row.target_key, row.kind.value, row.state.value, row.decided_by)
            for row in links_repo.all_link_rows(session)
        }


def rectrack(capsys: pytest.CaptureFixture[str], store: Store, *args: str) -> tuple[int, str]:
    code, out, err = run_main(capsys, "--db", store.url, "--reviewer", REVIEWER, *args)
    assert code == 0, f"rectrack {' '.join(args)}: exit {code}: {err}"
    return code, out


def queue(capsys: pytest.CaptureFixture[str], store: Store, report: str) -> list[dict[str, Any]]:
    _code, out = rectrack(capsys, store, "proposals", "--report", report, "--json")
    payload = json.loads(out)  # one JSON object, nothing else on stdout
    assert list(payload) == ["recommendations"]
    items: list[dict[str, Any]] = payload["recommendations"]
    return items


def check_shape(items: list[dict[str, Any]], report: str) -> None:
    """The --json shape issue 14 specifies: recommendations in queue order (best candidate
    first), each with its candidates in rank order, each candidate with its thread."""
    assert items, f"nothing of {report} in the queue"
    for item in items:
        assert {"key", "text", "candidates"} <= set(item)
        assert item["key"].startswith(f"{report}#") and item["text"]
        candidates = item["candidates"]
        assert candidates, f"{item['key']} is in the queue without a candidate"
        for candidate in candidates:
            assert {"key", "score", "text", "thread"} <= set(candidate)
            assert isinstance(candidate["score"], float) and candidate["text"]
            assert isinstance(candidate["thread"], list)
            assert candidate["key"] in candidate["thread"]
            assert all(isinstance(member, str) for member in candidate["thread"])
        assert [c["rank"] for c in candidates] == list(range(1, len(candidates) + 1))
        scores = [c["score"] for c in candidates]
        assert scores == sorted(scores, reverse=True), f"{item['key']}: not in rank order"
    best = [item["candidates"][0]["score"] for item in items]
    assert best == sorted(best, reverse=True), "the queue is not best candidate first"


def decide_args(item: dict[str, Any], gold: dict[str, set[str]]) -> list[str]:
    """What a reviewer types for `item`: the ranks of its gold targets among the candidates
    (several: a merge, which gold says is one thread), else --none."""
    targets = gold.get(item["key"], set())
    ranks = [str(c["rank"]) for c in item["candidates"] if c["key"] in targets]
    if not ranks:
        return ["--none"]
    args = [arg for rank in ranks for arg in ("--restates", rank)]
    return [*args, "--merge-threads"] if len(ranks) > 1 else args


def exported_restates(folder: Path, country: str, report: str) -> dict[str, set[str]]:
    document = yaml.safe_load((folder / country / f"{report}.yaml").read_text(encoding="utf-8"))
    return {
        f"{report}#{item['number']}": set(item.get("restates") or ())
        for item in document["recommendations"]
    }


@pytest.mark.parametrize("country", ["md", "mk"])
def test_one_decision_per_recommendation_empties_the_newest_report(
    country: str,
    sqlite_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gold = build(sqlite_store, country)
    report = newest_report(country)
    first = queue(capsys, sqlite_store, report)
    check_shape(first, report)
    picked: dict[str, set[str]] = {}
    among = 0
    before_last: set[tuple[str, str, str, str, str | None]] = set()
    for index, item in enumerate(first):
        args = decide_args(item, gold)
        if index == len(first) - 1:
            before_last = links(sqlite_store)
        rectrack(capsys, sqlite_store, "decide", item["key"], *args)
        ranks = {args[i + 1] for i, arg in enumerate(args) if arg == "--restates"}
        picked[item["key"]] = {c["key"] for c in item["candidates"] if str(c["rank"]) in ranks}
        among += len(picked[item["key"]])
        # One decision per recommendation: it leaves the queue, and only it.
        left = [found["key"] for found in queue(capsys, sqlite_store, report)]
        assert left == [later["key"] for later in first[index + 1 :]]
    assert queue(capsys, sqlite_store, report) == []
    assert among >= len(first) // 3, "the held-out report should restate earlier asks"

    # Nothing accepted that gold does not say, for this report.
    accepted = {
        (source, target)
        for source, target, kind, state, by in links(sqlite_store)
        if kind == "restates" and state == "accepted"
    }
    assert accepted == {(source, t) for source, targets in picked.items() for t in targets}
    assert all(t in gold[source] for source, t in accepted)

    # Undo puts back exactly the last recommendation, its candidates all proposed again.
    last = first[-1]
    after_all = links(sqlite_store)
    rectrack(capsys, sqlite_store, "undo")
    assert links(sqlite_store) == before_last
    assert links(sqlite_store) != after_all
    again = queue(capsys, sqlite_store, report)
    assert [item["key"] for item in again] == [last["key"]]
    assert [c["key"] for c in again[0]["candidates"]] == [c["key"] for c in last["candidates"]]
    rectrack(capsys, sqlite_store, "decide", last["key"], *decide_args(last, gold))
    assert links(sqlite_store) == after_all

    # The export holds the restatements decided, and no others.
    out = tmp_path / "export"
    rectrack(capsys, sqlite_store, "export", str(out), "--country", country.upper())
    written = exported_restates(out, country, report)
    assert {key: written[key] for key in picked} == picked
    for key, targets in written.items():
        assert targets == picked.get(key, set()), key

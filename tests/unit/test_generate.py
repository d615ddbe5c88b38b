"""bench/generate.py: a deterministic, well-formed synthetic corpus and consistent gold set."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "bench" / "generate.py"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REPORT_ID = re.compile(r"^([a-z]{2})-(\d{4})-(parliamentary|presidential|local)-odihr-final$")
TABLE_TOPICS = [
    "legal-framework",
    "electoral-system",
    "election-administration",
    "voter-registration",
    "voting-rights",
    "candidacy",
    "political-parties",
    "fundamental-freedoms",
    "campaign",
    "campaign-finance",
    "misuse-of-resources",
    "media",
    "complaints-and-appeals",
    "election-observation",
    "election-day",
    "results",
    "participation-of-women",
    "national-minorities",
    "persons-with-disabilities",
    "new-technologies",
]
STATUSES = {
    "fully-implemented",
    "mostly-implemented",
    "partially-implemented",
    "not-implemented",
    "no-longer-relevant",
}
REPORT_KEYS = ["id", "country", "election", "observer", "kind", "title", "published", "note"]
REC_KEYS = ["number", "text", "priority", "topics", "addressees", "restates", "related"]


def _import_generate() -> ModuleType:
    name = "bench_generate_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _import_generate()


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


class Corpus:
    """A generated folder, parsed: reports by id, recommendations by key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[str, str] = {}
        self.docs: dict[str, dict[str, Any]] = {}
        for path in sorted(root.rglob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            self.texts[rel] = text
            self.docs[rel] = yaml.load(text, Loader=LOADER)
        self.reports = {
            d["report"]["id"]: d for rel, d in self.docs.items() if rel != "topics.yaml"
        }
        self.recs: dict[str, dict[str, Any]] = {}
        self.report_of: dict[str, dict[str, Any]] = {}
        for rid, d in self.reports.items():
            for r in d["recommendations"]:
                key = f"{rid}#{r['number']}"
                assert key not in self.recs, f"duplicate key {key}"
                self.recs[key] = r
                self.report_of[key] = d["report"]

    def later_reports(self) -> list[dict[str, Any]]:
        firsts = {}
        for d in self.reports.values():
            cc, date = d["report"]["country"], d["report"]["election"]["date"]
            firsts[cc] = min(firsts.get(cc, date), date)
        return [
            d
            for d in self.reports.values()
            if d["report"]["election"]["date"] != firsts[d["report"]["country"]]
        ]


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "corpus"
    assert gen.main(["--size", "small", "--seed", "7", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def small(small_dir: Path) -> Corpus:
    return Corpus(small_dir)


def test_same_arguments_give_byte_identical_files(small_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert gen.main(["--size", "small", "--seed", "7", "--out", str(again)]) == 0
    assert tree_bytes(again) == tree_bytes(small_dir)


def test_output_does_not_depend_on_hash_seed_or_process(tmp_path: Path) -> None:
    args = ["--countries", "2", "--cycles", "3", "--per-report", "20", "--seed", "3"]
    trees = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"run{hash_seed}"
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *args, "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == ""  # the summary goes to stderr
        assert "recommendations" in done.stderr
        trees.append(tree_bytes(out))
    in_process = tmp_path / "in-process"
    assert gen.main([*args, "--out", str(in_process)]) == 0
    assert trees[0] == trees[1] == tree_bytes(in_process)


def test_another_seed_gives_another_corpus(small_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert gen.main(["--size", "small", "--seed", "8", "--out", str(other)]) == 0
    assert tree_bytes(other) != tree_bytes(small_dir)


def test_small_has_about_1000_recommendations(small: Corpus) -> None:
    assert 950 <= len(small.recs) <= 1050
    assert len({d["report"]["country"] for d in small.reports.values()}) == 5
    assert len(small.reports) == 25
    assert len(small.texts) == 26  # plus topics.yaml


def test_sizes_are_declared_as_in_the_issue() -> None:
    for size, total in (("small", 1_000), ("medium", 10_000), ("large", 100_000)):
        countries, cycles, per_report = gen.SIZES[size]
        assert countries * cycles * per_report == total
    assert gen.SIZES["large"] == (50, 10, 200)


def test_every_file_is_canonical_yaml_with_format_first(small: Corpus) -> None:
    for rel, text in small.texts.items():
        doc = small.docs[rel]
        assert next(iter(doc)) == "format" and doc["format"] == "rectrack/1", rel
        canonical = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
        assert text == canonical, rel
        assert text.startswith("format: rectrack/1\n")


def test_key_order_and_optional_keys(small: Corpus) -> None:
    for d in small.reports.values():
        assert list(d) in (
            ["format", "report", "recommendations"],
            ["format", "report", "recommendations", "assessments"],
        )
        assert list(d["report"]) == REPORT_KEYS
        election = d["report"]["election"]
        assert list(election) in (["type", "date"], ["type", "date", "early"])
        assert election.get("early", True) is True  # written only when true
        for r in d["recommendations"]:
            keys = list(r)
            assert keys == [k for k in REC_KEYS if k in keys]
            assert r["topics"] == sorted(r["topics"])  # as `rectrack export` writes them
            for name in ("restates", "related"):
                assert r.get(name, []) == sorted(r.get(name, []), key=gen.natural_key)
            assert r.get("priority", True) is True
            for optional in ("addressees", "restates", "related"):
                assert r.get(optional, ["x"]), f"empty {optional} written"
        for a in d.get("assessments", []):
            assert list(a) == ["recommendation", "status", "evidence"]


def test_topics_file_holds_the_table_taxonomy(small: Corpus) -> None:
    topics = small.docs["topics.yaml"]["topics"]
    assert [t["id"] for t in topics] == sorted(TABLE_TOPICS)
    for t in topics:
        assert SLUG.match(t["id"]) and t["label"] and t["description"]
    used = {topic for r in small.recs.values() for topic in r["topics"]}
    assert used <= set(TABLE_TOPICS)
    assert len(used) >= 15


def test_topics_file_matches_the_shipped_seed(small: Corpus) -> None:
    seed = REPO / "seed" / "topics.yaml"
    if not seed.exists():
        pytest.skip("no seed/topics.yaml")
    shipped = yaml.safe_load(seed.read_text(encoding="utf-8"))["topics"]
    generated = small.docs["topics.yaml"]["topics"]
    assert sorted(shipped, key=lambda t: t["id"]) == generated


def test_report_ids_layout_and_elections(small: Corpus) -> None:
    by_country: dict[str, list[dict[str, Any]]] = {}
    for rel, d in small.docs.items():
        if rel == "topics.yaml":
            continue
        report = d["report"]
        m = REPORT_ID.match(report["id"])
        assert m and SLUG.match(report["id"]), report["id"]
        cc, year, etype = m.groups()
        assert rel == f"{cc}/{report['id']}.yaml"
        assert report["country"] == cc.upper() and report["country"] in gen.LEX.COUNTRIES
        election = report["election"]
        assert isinstance(election["date"], dt.date) and election["date"].year == int(year)
        assert election["type"] == etype
        assert report["published"] > election["date"]
        assert (report["observer"], report["kind"]) == ("ODIHR", "final-report")
        assert report["note"] == "Synthetic data generated by bench/generate.py (seed 7)."
        by_country.setdefault(cc, []).append(report)
    assert "no" in by_country  # Norway: the country code that YAML 1.1 would read as false
    for reports in by_country.values():
        dates = sorted(r["election"]["date"] for r in reports)
        gaps = [b.year - a.year for a, b in itertools.pairwise(dates)]
        assert all(2 <= g <= 5 for g in gaps), gaps
        assert len({(r["election"]["type"], r["election"]["date"].year) for r in reports}) == len(
            reports
        )


def test_numbers_run_from_1_and_priority_comes_first(small: Corpus) -> None:
    priority = 0
    for d in small.reports.values():
        recs = d["recommendations"]
        assert [r["number"] for r in recs] == [str(i) for i in range(1, len(recs) + 1)]
        flags = [r.get("priority", False) for r in recs]
        assert flags == sorted(flags, reverse=True), "priority recommendations are numbered first"
        priority += sum(flags)
    assert 0.15 <= priority / len(small.recs) <= 0.25


def test_texts_look_like_recommendations(small: Corpus) -> None:
    within = 0
    for key, r in small.recs.items():
        text = r["text"]
        words = len(text.split())
        assert 30 <= words <= 75, (key, words)  # merged asks (two in one) may run past 60
        within += words <= 60
        assert text.endswith(".") and text[0].isupper()
        assert not re.search(r"[\[\]{}|]|  |\.\.|,,|, \.", text), text
    assert within / len(small.recs) > 0.97
    assert len({r["text"] for r in small.recs.values()}) == len(small.recs)


def test_links_resolve_to_earlier_elections_of_the_same_country(small: Corpus) -> None:
    for key, r in small.recs.items():
        report = small.report_of[key]
        for kind in ("restates", "related"):
            for target in r.get(kind, []):
                assert target in small.recs, f"{key} {kind} dangling {target}"
                other = small.report_of[target]
                assert other["country"] == report["country"]
                assert other["election"]["date"] < report["election"]["date"]
                assert small.recs[target]["text"] != r["text"]
        assert not set(r.get("restates", [])) & set(r.get("related", []))


def test_restatements_and_distractors_have_realistic_shares(small: Corpus) -> None:
    later = small.later_reports()
    for d in later:
        recs = d["recommendations"]
        share = sum(1 for r in recs if r.get("restates")) / len(recs)
        assert 0.35 <= share <= 0.65, (d["report"]["id"], share)
    related = sum(1 for r in small.recs.values() if r.get("related"))
    later_recs = sum(len(d["recommendations"]) for d in later)
    assert 0.04 <= related / later_recs <= 0.15
    merged = [r for r in small.recs.values() if len(r.get("restates", [])) >= 2]
    assert merged, "some recommendations restate two earlier ones"


def test_restatements_form_threads_over_several_cycles(small: Corpus) -> None:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for key, r in small.recs.items():
        for target in r.get("restates", []):
            parent[find(key)] = find(target)
    members: dict[str, set[str]] = {}
    for key in small.recs:
        members.setdefault(find(key), set()).add(small.report_of[key]["id"])
    longest = max(len(reports) for reports in members.values())
    assert longest >= 4  # small has 5 cycles per country
    assert sum(1 for m in members.values() if len(m) >= 3) >= 20


def test_links_join_recommendations_of_a_shared_topic(small: Corpus) -> None:
    for r in small.recs.values():
        for target in [*r.get("restates", []), *r.get("related", [])]:
            assert set(small.recs[target]["topics"]) & set(r["topics"])


def test_assessments_judge_the_previous_election(small: Corpus) -> None:
    later_ids = {d["report"]["id"] for d in small.later_reports()}
    statuses: Counter[str] = Counter()
    assessed = assessable = 0
    for rid, d in small.reports.items():
        assessments = d.get("assessments", [])
        if rid not in later_ids:
            assert not assessments
            continue
        report = d["report"]
        previous = max(
            (
                o["report"]
                for o in small.reports.values()
                if o["report"]["country"] == report["country"]
                and o["report"]["election"]["date"] < report["election"]["date"]
            ),
            key=lambda o: o["election"]["date"],
        )
        keys = [a["recommendation"] for a in assessments]
        assert len(set(keys)) == len(keys)
        assert keys == sorted(keys, key=gen.natural_key)
        prev_recs = [k for k in small.recs if small.report_of[k]["id"] == previous["id"]]
        assert all(small.report_of[k]["id"] == previous["id"] for k in keys)
        assessed += len(keys)
        assessable += len(prev_recs)
        restated_now = {t for r in d["recommendations"] for t in r.get("restates", [])}
        for a in assessments:
            assert a["status"] in STATUSES and a["evidence"]
            if a["recommendation"] in restated_now:
                assert a["status"] not in ("fully-implemented", "no-longer-relevant")
            statuses[a["status"]] += 1
    assert 0.75 <= assessed / assessable < 0.97  # most, with coverage gaps
    total = sum(statuses.values())
    outstanding = statuses["not-implemented"] + statuses["partially-implemented"]
    assert outstanding / total > 0.5
    assert statuses["fully-implemented"] and statuses["no-longer-relevant"]


def test_overrides_set_countries_cycles_and_report_size(tmp_path: Path) -> None:
    out = tmp_path / "one"
    args = ["--countries", "1", "--cycles", "3", "--per-report", "10", "--out", str(out)]
    assert gen.main(args) == 0
    corpus = Corpus(out)
    assert len(corpus.reports) == 3 and len(corpus.recs) == 30
    assert {d["report"]["country"] for d in corpus.reports.values()} == {gen.LEX.COUNTRIES[0]}


def test_json_summary_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--countries", "1", "--cycles", "2", "--per-report", "10", "--json"]
    assert gen.main([*args, "--out", str(tmp_path / "j")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["recommendations"] == 20 and summary["files"] == 3


@pytest.mark.skipif(gen.FAST_DUMPER is None, reason="PyYAML without libyaml")
def test_c_and_python_emitters_write_the_same_bytes(small_dir: Path, tmp_path: Path) -> None:
    gen.generate(tmp_path / "py", 7, *gen.SIZES["small"], pure_python=True)
    assert tree_bytes(tmp_path / "py") == tree_bytes(small_dir)


def test_worker_processes_do_not_change_the_output(small_dir: Path, tmp_path: Path) -> None:
    gen.generate(tmp_path / "one", 7, *gen.SIZES["small"], jobs=1)
    gen.generate(tmp_path / "two", 7, *gen.SIZES["small"], jobs=2)
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two") == tree_bytes(small_dir)


def test_refuses_a_folder_that_is_not_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert gen.main(["--size", "small", "--out", str(tmp_path)]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_regenerating_removes_stale_reports(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert (
        gen.main(["--countries", "2", "--cycles", "3", "--per-report", "5", "--out", str(out)]) == 0
    )
    assert (
        gen.main(["--countries", "1", "--cycles", "2", "--per-report", "5", "--out", str(out)]) == 0
    )
    assert len(Corpus(out).reports) == 2
    assert sorted(p.name for p in out.iterdir()) == [gen.LEX.COUNTRIES[0].lower(), "topics.yaml"]


def test_rejects_bad_overrides(tmp_path: Path) -> None:
    assert gen.main(["--countries", "51", "--out", str(tmp_path / "x")]) == 2
    assert gen.main(["--per-report", "0", "--out", str(tmp_path / "y")]) == 2
    too_many = str(gen.MAX_PER_REPORT + 1)
    assert gen.main(["--per-report", too_many, "--out", str(tmp_path / "z")]) == 2
    assert not any(tmp_path.iterdir())


def test_lexicon_predicates_render_in_every_form() -> None:
    gerunds = {verb: gen.gerund(verb) for verb in ("be", "set", "submit", "issue", "see", "lie")}
    assert gerunds == {
        "be": "being",
        "set": "setting",
        "submit": "submitting",
        "issue": "issuing",
        "see": "seeing",
        "lie": "lying",
    }
    for t_idx, topic in enumerate(gen.LEX.TOPICS):
        assert set(topic["secondary"]) <= set(TABLE_TOPICS)
        for ask_data in gen.PREDICATES[t_idx]:
            ask = gen.Ask(t_idx, *ask_data)
            for alts in ((0,) * 6, (1,) * 6):
                pred, _ = gen.resolve_alts(ask.template(), alts, 0)
                verb = pred.split()[0]
                ing = gen.gerund(verb)
                assert ing.endswith("ing") and verb.isalpha(), pred
                assert not ing.endswith("eing") or verb.endswith("ee") or verb == "be", ing
            for group in ask.frame_data["groups"]:
                assert group in gen.LEX.GROUPS
                for form in ("plain", "consider", "consider-any"):
                    text = gen.render((ask,), gen.Surface(group=group, form=form))
                    assert not re.search(r"[\[\]{}|]|  ", text), text


def test_synonym_swaps_keep_articles_right() -> None:
    pair = [p for p in gen.LEX.SYNONYMS].index(("adequate", "sufficient"))
    swapped = gen.swap_synonyms("provide a sufficient number of members", frozenset({pair}))
    assert swapped == "provide an adequate number of members"
    assert gen.swap_synonyms("An adequate budget.", frozenset({pair})) == "A sufficient budget."


@pytest.mark.slow
def test_large_size_is_100000_recommendations_with_few_revivals(tmp_path: Path) -> None:
    counts = gen.generate(tmp_path / "large", 1, *gen.SIZES["large"], jobs=2)
    assert counts.recommendations == 100_000 and counts.files == 501
    assert 0.40 <= counts.restating / counts.later_recommendations <= 0.60
    assert counts.revived / counts.recommendations < 0.01


def test_natural_key_orders_like_the_exporter() -> None:
    keys_module = pytest.importorskip("tracker.keys")
    keys = [
        "am-2013-local-odihr-final#10",
        "am-2013-local-odihr-final#2",
        "am-2009-presidential-odihr-final#33",
        "am-2013-local-odihr-final#1",
        "am-2016-parliamentary-odihr-final#7",
    ]
    expected = sorted(keys, key=lambda k: (keys_module.natural_key(k), k))
    assert sorted(keys, key=gen.natural_key) == expected

#!/usr/bin/env python3
"""Synthetic corpus generator for rectrack: election reports in the rectrack/1 YAML format.

    python bench/generate.py --size small|medium|large [--seed N] --out DIR
    python bench/generate.py --countries 1 --cycles 10 --per-report 200 --out DIR

Writes the export layout: DIR/topics.yaml and DIR/<cc>/<report id>.yaml, one ODIHR final
report per election. Same arguments give byte-identical files. The output is also a gold set
for `rectrack eval-matching`: its `restates` and `related` links are the truth.

How a country's history is made (see bench/lexicon.py for the words):
- Every recommendation carries one *ask* (a predicate of a topic; a merged recommendation
  carries two). A country never raises the same ask twice except as a restatement, so an
  unlinked pair of recommendations never repeats an ask.
- A later report restates 40-60% of its recommendations from earlier asks of the same
  country, mostly those left not or partially implemented, usually linking the latest member
  of the thread (so threads run over several cycles), sometimes an older one or two merged
  threads. Its text is the ask re-rendered with 2-4 changes of surface: opener, framing
  sentence, clause order, synonyms, detail/qualifier added or dropped, reference sentence.
- 6-12% are near-miss distractors: a new ask of the same topic (preferably the same frame with
  another filler), often with the same opener and purpose as the earlier one; `related` to it.
- The rest are new asks. When a country has used up the lexicon's ~1,200 asks (a few large
  countries do, late in their history), a new recommendation revives a dormant thread instead
  (a restatement), so that the gold set stays consistent; the summary line counts these.
- Each report assesses most recommendations of the previous election's report; statuses drift
  (mostly not/partially implemented, occasional regression), restated asks are never fully
  implemented.

The files are in the canonical form that `rectrack export` writes (tracker/exporting/render.py):
`yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)`, keys in the format's
order, topics sorted, references and assessments in natural key order; importing a generated
folder and exporting it again gives the same bytes. libyaml's emitter (CSafeDumper) is used
when it writes the same bytes as the pure-Python one (checked at start-up on a sample, and by
the tests on a whole corpus; --pure-python forces the Python emitter): it makes the large size
more than twice as fast.

Independent of rectrack: only the standard library and PyYAML.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import importlib.util
import itertools
import json
import multiprocessing
import os
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random
from types import ModuleType
from typing import Any

import yaml


def _load_lexicon() -> ModuleType:
    """Load lexicon.py from beside this file, however this file was loaded (run as a script,
    imported by path in tests, or as bench.generate)."""
    name = "rectrack_bench_lexicon"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("lexicon.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


LEX = _load_lexicon()

FORMAT = "rectrack/1"
OBSERVER = "ODIHR"
SIZES = {
    "small": (5, 5, 40),  # 1,000 recommendations
    "medium": (20, 5, 100),  # 10,000
    "large": (50, 10, 200),  # 100,000
}
MIN_WORDS, MAX_WORDS, MAX_WORDS_MERGED = 30, 60, 75
PRIORITY_SHARE = 0.2
RESTATE_SHARE = (0.40, 0.60)
DISTRACTOR_SHARE = (0.06, 0.12)
MERGE_SHARE = 0.04  # of the restatements
COVERAGE = (0.82, 0.95)  # share of the previous report that a report assesses
STATUSES = (
    "fully-implemented",
    "mostly-implemented",
    "partially-implemented",
    "not-implemented",
)
NLR = "no-longer-relevant"
RESTATE_WEIGHT = {
    "not-implemented": 1.0,
    "partially-implemented": 0.9,
    "mostly-implemented": 0.3,
    "fully-implemented": 0.0,
    NLR: 0.0,
}
DORMANT_WEIGHT = 0.12  # weight of threads last raised before the previous election

# The C emitter is about 3x faster; main() checks that it writes the same bytes.
FAST_DUMPER = getattr(yaml, "CSafeDumper", None)


# ---------------------------------------------------------------------------------------------
# Lexicon, prepared once
# ---------------------------------------------------------------------------------------------

TOPIC_IDS = [t["id"] for t in LEX.TOPICS]
ALT_RE = re.compile(r"\[([^\[\]]+)\]")


def _predicates(topic: dict[str, Any]) -> list[tuple[int, tuple[int, ...]]]:
    out = []
    for f_idx, fr in enumerate(topic["frames"]):
        for combo in itertools.product(*(range(len(slot)) for slot in fr["slots"])):
            out.append((f_idx, combo))
    return out


PREDICATES = [_predicates(t) for t in LEX.TOPICS]
MAX_PER_REPORT = sum(len(p) for p in PREDICATES)


def _synonym_regex() -> tuple[re.Pattern[str], dict[str, tuple[int, str]]]:
    """One alternation over both sides of every pair, longest first; the map gives the pair
    index and the other side, for each spelling (also with a capital first letter)."""
    table: dict[str, tuple[int, str]] = {}
    for i, (a, b) in enumerate(LEX.SYNONYMS):
        for x, y in ((a, b), (b, a)):
            table[x] = (i, y)
            table[x[0].upper() + x[1:]] = (i, y[0].upper() + y[1:])
    terms = sorted(table, key=lambda t: (-len(t), t))
    pattern = r"\b(?:(a|an|A|An) )?(" + "|".join(re.escape(t) for t in terms) + r")\b"
    return re.compile(pattern), table


SYN_RE, SYN_TABLE = _synonym_regex()


def gerund(verb: str) -> str:
    if verb in LEX.GERUND_EXCEPTIONS:
        return LEX.GERUND_EXCEPTIONS[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith(("ee", "ye", "oe")):
        return verb + "ing"
    if verb.endswith("e"):
        return verb[:-1] + "ing"
    return verb + "ing"


def to_gerund(pred: str) -> str:
    verb, _, rest = pred.partition(" ")
    return f"{gerund(verb)} {rest}" if rest else gerund(verb)


def lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # an acronym
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def article_for(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def swap_synonyms(text: str, flipped: frozenset[int]) -> str:
    if not flipped:
        return text

    def repl(m: re.Match[str]) -> str:
        art, term = m.group(1), m.group(2)
        pair, other = SYN_TABLE[term]
        if pair not in flipped:
            return m.group(0)
        if art is None:
            return other
        new_art = article_for(other)
        if art[0].isupper():
            new_art = upper_first(new_art)
        return f"{new_art} {other}"

    return SYN_RE.sub(repl, text)


def synonyms_present(text: str) -> list[int]:
    seen: dict[int, None] = {}
    for m in SYN_RE.finditer(text):
        seen.setdefault(SYN_TABLE[m.group(2)][0], None)
    return list(seen)


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One predicate of a topic: the identity of a recommendation's content."""

    topic: int
    frame: int
    fillers: tuple[int, ...]

    @property
    def frame_data(self) -> dict[str, Any]:
        frame: dict[str, Any] = LEX.TOPICS[self.topic]["frames"][self.frame]
        return frame

    def template(self) -> str:
        fr = self.frame_data
        return str(fr["text"]).format(*(fr["slots"][i][j] for i, j in enumerate(self.fillers)))


@dataclass(frozen=True)
class Surface:
    """Everything about a text that is not its ask."""

    group: str
    opener: int = 0
    form: str = "plain"  # plain | consider | consider-any
    alts: tuple[int, ...] = ()
    detail: int | None = None
    detail_mode: int = 0  # 0 inline ", including ...", 1/2 a sentence of its own
    timing: int | None = None
    timing_front: bool = False
    standards: int | None = None
    process: int | None = None
    purpose: int | None = None
    purpose_mode: int = 0  # 0 ", in order to", 1 ", so as to", 2 "In order to ..., ", 3 "To ..., "
    ref: int | None = None
    ref_mode: int = 0
    syn: frozenset[int] = frozenset()
    marker: tuple[str, int] | None = None  # (prefix|suffix|sentence|neutral, index)


@dataclass(eq=False)
class Rec:
    cycle: int
    asks: tuple[Ask, ...]
    surface: Surface
    text: str = ""
    topics: list[str] = field(default_factory=list)
    restates: list[Rec] = field(default_factory=list)
    related: list[Rec] = field(default_factory=list)
    priority: bool = False
    kind: str = "new"  # new | restated | merged | distractor | revived
    thread: Thread | None = None
    number: str = ""
    report_id: str = ""
    status_before: str | None = None  # the thread's status before the next election
    status_next: str | None = None  # the status the next election gives it

    @property
    def key(self) -> str:
        return f"{self.report_id}#{self.number}"


@dataclass(eq=False)
class Thread:
    asks: tuple[Ask, ...]
    secondary: tuple[str, ...]
    members: list[Rec] = field(default_factory=list)
    status: str | None = None  # latest status given
    merged_into: Thread | None = None

    def root(self) -> Thread:
        t = self
        while t.merged_into is not None:
            t = t.merged_into
        return t

    @property
    def latest(self) -> Rec:
        return self.members[-1]


@dataclass
class Election:
    type: str
    date: dt.date
    early: bool
    published: dt.date
    report_id: str


@dataclass
class Counts:
    files: int = 0
    reports: int = 0
    recommendations: int = 0
    later_recommendations: int = 0  # in reports after a country's first
    restating: int = 0  # recommendations with restates (incl. merged, revived)
    merged: int = 0
    revived: int = 0
    distractors: int = 0
    restates_links: int = 0
    related_links: int = 0
    assessments: int = 0
    priority: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def resolve_alts(text: str, alts: tuple[int, ...], start: int) -> tuple[str, int]:
    k = start

    def repl(m: re.Match[str]) -> str:
        nonlocal k
        options = m.group(1).split("|")
        choice = alts[k] % len(options) if k < len(alts) else 0
        k += 1
        return options[choice]

    return ALT_RE.sub(repl, text), k


def consider_allowed(pred: str) -> bool:
    return not pred.startswith(("consider ", "reconsider "))


def merged_template(a: Ask, b: Ask) -> str | None:
    """Two asks of one frame that differ in one slot read as one predicate: "X and Y"."""
    if (a.topic, a.frame) != (b.topic, b.frame):
        return None
    differ = [i for i, (x, y) in enumerate(zip(a.fillers, b.fillers, strict=True)) if x != y]
    if len(differ) != 1:
        return None
    fr = a.frame_data
    values = [fr["slots"][i][j] for i, j in enumerate(a.fillers)]
    d = differ[0]
    values[d] = f"{values[d]} and {fr['slots'][d][b.fillers[d]]}"
    return str(fr["text"]).format(*values)


def render(asks: tuple[Ask, ...], s: Surface) -> str:
    topic = LEX.TOPICS[asks[0].topic]
    joined = merged_template(*asks) if len(asks) == 2 else None
    templates = [joined] if joined else [a.template() for a in asks]
    preds = []
    k = 0
    for template in templates:
        pred, k = resolve_alts(template, s.alts, k)
        preds.append(pred)
    group = LEX.GROUPS[s.group]
    openers = group["openers"]
    form = s.form if all(consider_allowed(p) for p in preds) else "plain"
    if form == "consider" and s.group == "law":
        head = group["consider"][s.opener % len(group["consider"])]
        body = " and to ".join(preds)
    elif form == "consider":
        head = openers[s.opener % len(openers)] + " consider"
        body = " and ".join(to_gerund(p) for p in preds)
    elif form == "consider-any":
        head = LEX.CONSIDER_ANY[s.opener % len(LEX.CONSIDER_ANY)]
        body = " and ".join(to_gerund(p) for p in preds)
    else:
        head = openers[s.opener % len(openers)]
        body = (" and to " if s.group == "law" else " and ").join(preds)
    core = f"{head} {body}"

    details = asks[0].frame_data["details"] if len(asks) == 1 else ()
    detail = details[s.detail % len(details)] if details and s.detail is not None else None
    tail = []
    if detail and s.detail_mode == 0:
        tail.append(f", including {detail}")
    law_like = s.group in ("law", "parliament")
    timing = None
    if s.timing is not None:
        options = LEX.QUALIFIERS["timing-law" if law_like else "timing"]
        timing = options[s.timing % len(options)]
    if s.process is not None and law_like:
        options = LEX.QUALIFIERS["process"]
        tail.append(", " + options[s.process % len(options)])
    can_front = s.timing_front and (s.purpose is None or s.purpose_mode < 2)
    if timing and not (can_front and timing != "in a timely manner"):
        tail.append(", " + timing)
        timing = None
    if s.standards is not None:
        options = LEX.QUALIFIERS["standards"]
        tail.append(", " + options[s.standards % len(options)])
    front = ""
    if s.purpose is not None:
        purpose = topic["purposes"][s.purpose % len(topic["purposes"])]
        mode = s.purpose_mode
        if mode == 0:
            tail.append(f", in order to {purpose}")
        elif mode == 1:
            tail.append(f", so as to {purpose}")
        else:
            front = ("In order to " if mode == 2 else "To ") + purpose + ", "
    if timing:  # moved to the front
        front = upper_first(timing) + ", "
    if s.marker and s.marker[0] == "suffix":
        tail.append(LEX.MARKER_SUFFIXES[s.marker[1] % len(LEX.MARKER_SUFFIXES)])
    sentence = (front + lower_first(core) if front else core) + "".join(tail) + "."
    if s.marker and s.marker[0] in ("prefix", "neutral"):
        options = LEX.MARKER_PREFIXES if s.marker[0] == "prefix" else LEX.NEUTRAL_PREFIXES
        prefix = options[s.marker[1] % len(options)]
        if front and prefix.endswith(" that "):  # "... that, to achieve X, Y should ..."
            prefix = prefix[:-1] + ", "
        sentence = prefix + lower_first(sentence)
    parts = [sentence]
    if s.marker and s.marker[0] == "sentence":
        parts.insert(0, LEX.MARKER_SENTENCES[s.marker[1] % len(LEX.MARKER_SENTENCES)])
    if detail and s.detail_mode:
        verb = "This should include" if s.detail_mode == 1 else "This should also cover"
        parts.append(f"{verb} {detail}.")
    if s.ref is not None:
        refs = topic["references"]
        tmpl = LEX.REFERENCE_SENTENCES[s.ref_mode % len(LEX.REFERENCE_SENTENCES)]
        parts.append(tmpl.format(ref=refs[s.ref % len(refs)]))
    return swap_synonyms(" ".join(parts), s.syn)


def word_count(text: str) -> int:
    return len(text.split())


# ---------------------------------------------------------------------------------------------
# Surface choices
# ---------------------------------------------------------------------------------------------

ALT_SLOTS = 6


def random_alts(rng: Random) -> tuple[int, ...]:
    return tuple(rng.randrange(60) for _ in range(ALT_SLOTS))


def random_syn(rng: Random, p: float = 0.3) -> frozenset[int]:
    return frozenset(i for i in range(len(LEX.SYNONYMS)) if rng.random() < p)


def fresh_surface(rng: Random, group: str) -> Surface:
    r = rng.random()
    form = "plain" if r < 0.72 else ("consider" if r < 0.90 else "consider-any")
    marker = None
    if rng.random() < 0.08:
        marker = ("neutral", rng.randrange(len(LEX.NEUTRAL_PREFIXES)))
    return Surface(
        group=group,
        opener=rng.randrange(12),
        form=form,
        alts=random_alts(rng),
        detail=rng.randrange(6) if rng.random() < 0.45 else None,
        detail_mode=0 if rng.random() < 0.75 else rng.choice((1, 2)),
        timing=rng.randrange(6) if rng.random() < 0.35 else None,
        timing_front=rng.random() < 0.25,
        standards=rng.randrange(6) if rng.random() < 0.3 else None,
        process=rng.randrange(6) if rng.random() < 0.2 else None,
        purpose=rng.randrange(12) if rng.random() < 0.8 else None,
        purpose_mode=rng.choice((0, 0, 0, 1, 2, 3)),
        ref=rng.randrange(6) if rng.random() < 0.3 else None,
        ref_mode=rng.randrange(3),
        syn=random_syn(rng),
        marker=marker,
    )


# Optional parts of a text: present when their index is set (taken modulo the options).
PARTS = ("purpose", "timing", "standards", "process", "detail", "ref")


def _add(rng: Random, s: Surface, part: str) -> Surface:
    return replace(s, **{part: rng.randrange(12)})


def _present(s: Surface, asks: tuple[Ask, ...]) -> tuple[list[str], list[str]]:
    law_like = s.group in ("law", "parliament")
    has_details = len(asks) == 1 and bool(asks[0].frame_data["details"])
    present, missing = [], []
    for part in PARTS:
        if part == "process" and not law_like:
            continue
        if part == "detail" and not has_details:
            continue
        (present if getattr(s, part) is not None else missing).append(part)
    return present, missing


def fit(rng: Random, asks: tuple[Ask, ...], s: Surface) -> tuple[Surface, str]:
    """Add or drop optional parts until the text has MIN_WORDS..MAX_WORDS words."""
    limit = MAX_WORDS if len(asks) == 1 else MAX_WORDS_MERGED
    text = render(asks, s)
    for _ in range(12):
        n = word_count(text)
        if MIN_WORDS <= n <= limit:
            break
        present, missing = _present(s, asks)
        if n < MIN_WORDS and missing:
            s = _add(rng, s, rng.choice(missing))
        elif n < MIN_WORDS:  # every part is there already: longer wording
            if s.purpose_mode == 3:
                s = replace(s, purpose_mode=2)  # "To ..." -> "In order to ..."
            elif s.form == "plain":
                s = replace(s, form="consider")
            else:
                s = replace(s, opener=s.opener + 1)
        elif n > limit and present:
            s = replace(s, **{rng.choice(present): None})
        elif n > limit and s.marker is not None:
            s = replace(s, marker=None)
        else:
            break
        text = render(asks, s)
    return s, text


def mutate(rng: Random, asks: tuple[Ask, ...], s: Surface, text: str) -> Surface:
    """A restatement's surface: 2-4 changes to the previous member's."""
    groups = shared_groups(asks)
    ops = ["opener", "form", "syn", "scope", "qualifier", "purpose", "order", "ref", "alts"]
    chosen = rng.sample(ops, rng.randint(2, 4))
    for op in chosen:
        if op == "opener":
            if len(groups) > 1 and rng.random() < 0.3:
                s = replace(s, group=rng.choice([g for g in groups if g != s.group]))
            s = replace(s, opener=s.opener + rng.randint(1, 5))
        elif op == "form":
            s = replace(
                s,
                form=rng.choice([f for f in ("plain", "consider", "consider-any") if f != s.form]),
            )
        elif op == "syn":
            present = synonyms_present(text)
            if present:
                flip = rng.sample(present, min(len(present), rng.randint(1, 3)))
                s = replace(s, syn=s.syn.symmetric_difference(flip))
        elif op == "scope":  # narrowed or widened: a detail or qualifier comes or goes
            present, missing = _present(s, asks)
            narrow = [p for p in present if p in ("detail", "process", "timing")]
            widen = [p for p in missing if p in ("detail", "process", "timing")]
            if narrow and (not widen or rng.random() < 0.5):
                s = replace(s, **{rng.choice(narrow): None})
            elif widen:
                s = _add(rng, s, rng.choice(widen))
        elif op == "qualifier":
            s = replace(
                s,
                standards=None if s.standards is not None else rng.randrange(6),
                timing=s.timing if s.timing is None else s.timing + 1,
            )
        elif op == "purpose":
            if s.purpose is None or rng.random() < 0.3:
                s = replace(s, purpose=rng.randrange(12) if s.purpose is None else None)
            else:
                s = replace(s, purpose=s.purpose + rng.randint(1, 3))
        elif op == "order":
            s = replace(
                s,
                purpose_mode=(s.purpose_mode + 2) % 4,
                timing_front=not s.timing_front,
                detail_mode=0 if s.detail_mode else rng.choice((1, 2)),
            )
        elif op == "ref":
            s = replace(
                s, ref=None if s.ref is not None else rng.randrange(6), ref_mode=rng.randrange(3)
            )
        else:
            s = replace(s, alts=random_alts(rng))
    marker = None
    r = rng.random()
    if r < 0.30:
        marker = ("prefix", rng.randrange(len(LEX.MARKER_PREFIXES)))
    elif r < 0.42:
        marker = ("suffix", rng.randrange(len(LEX.MARKER_SUFFIXES)))
    elif r < 0.55:
        marker = ("sentence", rng.randrange(len(LEX.MARKER_SENTENCES)))
    return replace(s, marker=marker)


def shared_groups(asks: tuple[Ask, ...]) -> list[str]:
    groups = list(asks[0].frame_data["groups"])
    for ask in asks[1:]:
        groups = [g for g in groups if g in ask.frame_data["groups"]]
    return groups


# ---------------------------------------------------------------------------------------------
# One country
# ---------------------------------------------------------------------------------------------


def weighted_sample(rng: Random, items: list[Any], weights: list[float], k: int) -> list[Any]:
    """k items without replacement, by weight (Efraimidis-Spirakis); zero weights never."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    keyed.sort(key=lambda x: (-x[0], x[1]))
    return [items[i] for _, i in keyed[:k]]


def make_elections(rng: Random, cc: str, cycles: int) -> list[Election]:
    gaps = [rng.randint(2, 5) for _ in range(cycles - 1)]
    end = rng.randint(2021, 2025)
    start = max(end - sum(gaps), 1950)
    years = [start]
    for g in gaps:
        years.append(years[-1] + g)
    types = [t for t, _ in LEX.ELECTION_TYPES]
    weights = [w for _, w in LEX.ELECTION_TYPES]
    out = []
    for year in years:
        etype = rng.choices(types, weights)[0]
        month = rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        date = dt.date(year, month, day)
        out.append(
            Election(
                type=etype,
                date=date,
                early=etype != "local" and rng.random() < 0.15,
                published=date + dt.timedelta(days=rng.randint(55, 140)),
                report_id=f"{cc.lower()}-{year}-{etype}-odihr-final",
            )
        )
    return out


def drift(rng: Random, prev: str | None) -> str:
    """The status at the next election, given the status at the one before."""
    if prev == NLR:
        return NLR
    if prev is None or prev not in STATUSES:
        status = rng.choices((*STATUSES, NLR), (0.08, 0.13, 0.35, 0.40, 0.04))[0]
    else:
        rank = STATUSES.index(prev)
        r = rng.random()
        if r < 0.55:
            status = prev
        elif r < 0.82:
            status = STATUSES[max(rank - 1, 0)]  # progress
        elif r < 0.93:
            status = STATUSES[min(rank + 1, 3)]  # regression
        else:
            status = rng.choice(STATUSES)
    return status


class Country:
    def __init__(self, cc: str, seed: int, cycles: int, per_report: int) -> None:
        self.cc = cc
        self.rng = Random(seed)
        self.cycles = cycles
        self.k = per_report
        self.remaining = [list(p) for p in PREDICATES]  # unused asks, per topic
        self.threads: list[Thread] = []
        self.reports: list[list[Rec]] = []

    # -- asks ------------------------------------------------------------------------------

    def take_ask(self, topic: int, pick: int | None = None) -> Ask:
        pool = self.remaining[topic]
        i = self.rng.randrange(len(pool)) if pick is None else pick
        pool[i], pool[-1] = pool[-1], pool[i]
        f_idx, fillers = pool.pop()
        return Ask(topic, f_idx, fillers)

    def new_topic(self) -> int | None:
        weights = [
            t["weight"] * len(self.remaining[i]) / len(PREDICATES[i])
            for i, t in enumerate(LEX.TOPICS)
        ]
        if not any(weights):
            return None
        return self.rng.choices(range(len(weights)), weights)[0]

    def new_rec(self, cycle: int, asks: tuple[Ask, ...], kind: str) -> Rec:
        rng = self.rng
        topic = LEX.TOPICS[asks[0].topic]
        secondary: tuple[str, ...] = ()
        if rng.random() < 0.25:
            secondary = (rng.choice(topic["secondary"]),)
        groups = asks[0].frame_data["groups"]
        group = rng.choice(groups[:2]) if rng.random() < 0.35 else groups[0]
        surface, text = fit(rng, asks, fresh_surface(rng, group))
        rec = Rec(cycle, asks, surface, text, kind=kind)
        thread = Thread(asks, secondary, [rec])
        rec.thread = thread
        rec.topics = [topic["id"], *secondary]
        self.threads.append(thread)
        return rec

    # -- restatements ----------------------------------------------------------------------

    def restate(self, cycle: int, targets: list[Rec], kind: str) -> Rec:
        """A recommendation restating the threads of `targets` (two when merging)."""
        rng = self.rng
        threads = [t.thread.root() for t in targets if t.thread]
        if len(threads) == 1:
            thread = threads[0]
            asks = thread.asks
            base = targets[0]
            surface = base.surface
        else:
            asks = tuple(a for t in threads for a in t.asks)
            thread = Thread(asks, tuple(dict.fromkeys(s for t in threads for s in t.secondary)))
            for t in threads:
                t.merged_into = thread
                thread.members.extend(t.members)
            thread.status = threads[0].status
            self.threads.append(thread)
            groups = shared_groups(asks)
            base = targets[0]
            surface = replace(base.surface, group=groups[0], detail=None)
        previous_text = render(asks, surface) if len(threads) > 1 else base.text
        earlier_texts = {m.text for t in threads for m in t.members}
        for _ in range(6):
            s, text = fit(rng, asks, mutate(rng, asks, surface, previous_text))
            if text not in earlier_texts:
                break
        else:  # never a verbatim copy of an earlier member
            for i in range(len(LEX.MARKER_SENTENCES)):
                s = replace(s, marker=("sentence", i))
                text = render(asks, s)
                if text not in earlier_texts:
                    break
        rec = Rec(cycle, asks, s, text, kind=kind, thread=thread)
        primary = TOPIC_IDS[asks[0].topic]
        secondary = [x for x in thread.secondary if x != primary]
        if rng.random() < 0.15:  # reviewers do not tag topics the same way every time
            secondary = [] if secondary else [rng.choice(LEX.TOPICS[asks[0].topic]["secondary"])]
        rec.topics = [primary, *secondary]
        # Usually the latest member of the thread; sometimes an older one, or both.
        links: list[Rec] = []
        for target in targets:
            older = [m for m in target.thread.members if m is not target] if target.thread else []
            r = rng.random()
            if older and r < 0.05:
                links.append(rng.choice(older))
            elif older and r < 0.12:
                links.extend([target, rng.choice(older)])
            else:
                links.append(target)
        rec.restates = list(dict.fromkeys(links))
        thread.members.append(rec)
        return rec

    # -- a report --------------------------------------------------------------------------

    def report(self, cycle: int) -> list[Rec]:
        rng, k = self.rng, self.k
        if cycle == 0:
            recs = self.fill_new(cycle, k)
            return self.number(recs)
        prev = self.reports[-1]
        # The status each recommendation of the previous report has now.
        for r in prev:
            thread = r.thread.root() if r.thread else None
            r.status_before = thread.status if thread else None
            r.status_next = drift(rng, r.status_before)
            if thread:
                thread.status = r.status_next
        candidates, weights = self.restate_candidates(cycle)
        n_restate = min(round(k * rng.uniform(*RESTATE_SHARE)), len(candidates))
        chosen = weighted_sample(rng, candidates, weights, n_restate)
        recs: list[Rec] = []
        # Merged asks: pairs of chosen targets with one ask each, same topic, a shared group.
        n_merge = round(len(chosen) * MERGE_SHARE * rng.uniform(0.5, 1.5))
        pairs: dict[int, Rec] = {}
        singles = [t for t in chosen if len(t.asks) == 1]  # latest members: their thread's asks
        for i, a in enumerate(singles):
            if len(pairs) >= 2 * n_merge or id(a) in pairs:
                continue
            for b in singles[i + 1 :]:
                same_topic = a.asks[0].topic == b.asks[0].topic
                if id(b) not in pairs and same_topic and shared_groups((a.asks[0], b.asks[0])):
                    pairs[id(a)], pairs[id(b)] = b, a
                    recs.append(self.restate(cycle, [a, b], "merged"))
                    break
        for target in chosen:
            if id(target) not in pairs:
                recs.append(self.restate(cycle, [target], "restated"))
        n_distract = round(k * rng.uniform(*DISTRACTOR_SHARE))
        room = k - len(recs)
        for _ in range(min(n_distract, room)):
            rec = self.distractor(cycle)
            if rec is None:
                break
            recs.append(rec)
        restated = {id(t.thread.root()) for r in recs for t in r.restates if t.thread}
        recs.extend(self.fill_new(cycle, k - len(recs), restated))
        # A restated ask was not fully implemented: correct a status drawn too optimistic.
        for r in prev:
            thread = r.thread.root() if r.thread else None
            if thread and id(thread) in restated and r.status_next in (STATUSES[0], NLR):
                r.status_next = thread.status = "mostly-implemented"
        return self.number(recs)

    def restate_candidates(self, cycle: int) -> tuple[list[Rec], list[float]]:
        """The latest member of every live thread, weighted by its status."""
        items, weights = [], []
        for thread in self.threads:
            if thread.merged_into is not None or not thread.members:
                continue
            latest = thread.latest
            if latest.cycle >= cycle:
                continue
            w = RESTATE_WEIGHT.get(thread.status or "not-implemented", 0.0)
            if latest.cycle < cycle - 1:
                w *= DORMANT_WEIGHT
            if latest.priority:
                w *= 1.5
            if w > 0:
                items.append(latest)
                weights.append(w)
        return items, weights

    def distractor(self, cycle: int) -> Rec | None:
        """A new ask of the same topic as an earlier recommendation, linked `related`."""
        rng = self.rng
        earlier = self.reports[-1] if rng.random() < 0.7 else rng.choice(self.reports)
        target = rng.choice(earlier)
        ask0 = target.asks[0]
        pool = self.remaining[ask0.topic]
        if not pool:
            return None
        same_frame = [i for i, (f, _) in enumerate(pool) if f == ask0.frame]
        pick = rng.choice(same_frame) if same_frame and rng.random() < 0.8 else None
        ask = self.take_ask(ask0.topic, pick)
        rec = self.new_rec(cycle, (ask,), "distractor")
        # Near miss: often the same opener and purpose as the earlier recommendation, and
        # sometimes its whole surface (only the filler or frame then tells them apart).
        s, theirs = rec.surface, target.surface
        if theirs.group in ask.frame_data["groups"] and rng.random() < 0.4:
            s = replace(theirs, syn=random_syn(rng), alts=random_alts(rng), marker=None)
        elif theirs.group in ask.frame_data["groups"] and rng.random() < 0.7:
            s = replace(s, group=theirs.group, opener=theirs.opener, form=theirs.form)
        if rng.random() < 0.6:
            s = replace(s, purpose=theirs.purpose, purpose_mode=theirs.purpose_mode)
        rec.surface, rec.text = fit(rng, rec.asks, s)
        rec.related = [target]
        return rec

    def fill_new(self, cycle: int, n: int, restated: set[int] | None = None) -> list[Rec]:
        out = []
        restated = restated if restated is not None else set()
        for _ in range(n):
            topic = self.new_topic()
            if topic is not None:
                out.append(self.new_rec(cycle, (self.take_ask(topic),), "new"))
                continue
            # The lexicon is used up: revive a thread not restated in this report.
            live = [
                t.latest
                for t in self.threads
                if t.merged_into is None and t.latest.cycle < cycle and id(t) not in restated
            ]
            open_ = [r for r in live if r.thread and r.thread.status not in (STATUSES[0], NLR)]
            live = open_ or live
            if not live:
                break
            target = live[self.rng.randrange(len(live))]
            if target.thread:
                restated.add(id(target.thread.root()))
            out.append(self.restate(cycle, [target], "revived"))
        return out

    def number(self, recs: list[Rec]) -> list[Rec]:
        rng = self.rng
        n_pri = round(len(recs) * PRIORITY_SHARE)
        weights = []
        for r in recs:
            w = 1.0
            if r.restates:
                w = 4.0 if any(t.priority for t in r.restates) else 1.5
            weights.append(w)
        for r in weighted_sample(rng, recs, weights, n_pri):
            r.priority = True
        order = sorted(recs, key=lambda r: (not r.priority, r.asks[0].topic, rng.random()))
        return order

    # -- the whole country -----------------------------------------------------------------

    def build(self) -> tuple[list[Election], list[list[Rec]]]:
        elections = make_elections(self.rng, self.cc, self.cycles)
        for cycle, election in enumerate(elections):
            recs = self.report(cycle)
            for i, r in enumerate(recs, start=1):
                r.number = str(i)
                r.report_id = election.report_id
            self.reports.append(recs)
        return elections, self.reports


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[object, ...]:
    """The order `rectrack export` sorts keys in (tracker.keys.natural_key, ties by text):
    `r#2` before `r#10`, digit runs compared as numbers."""
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in DIGITS.split(text) if p)
    return (parts, text)


def title(e: Election) -> str:
    noun = LEX.TITLE_NOUNS[e.type]
    when = f"{e.date.day} {LEX.MONTHS[e.date.month - 1]} {e.date.year}"
    return f"{'Early ' if e.early else ''}{noun}, {when} - Final Report"


def evidence(rng: Random, status: str, prev_status: str | None, years: tuple[int, int]) -> str:
    lo, hi = years
    year = rng.randint(min(lo + 1, hi), hi)
    law = rng.choice(LEX.EVIDENCE_LAWS)
    regressed = (
        prev_status in STATUSES
        and status in STATUSES
        and STATUSES.index(status) > STATUSES.index(prev_status)
    )
    options = LEX.EVIDENCE_REGRESSED if regressed else LEX.EVIDENCE[status]
    return upper_first(rng.choice(options).format(year=year, law=law))


def report_doc(
    cc: str, seed: int, e: Election, recs: list[Rec], assessments: list[dict[str, Any]]
) -> dict[str, Any]:
    election: dict[str, Any] = {"type": e.type, "date": e.date}
    if e.early:
        election["early"] = True
    doc: dict[str, Any] = {
        "format": FORMAT,
        "report": {
            "id": e.report_id,
            "country": cc,
            "election": election,
            "observer": OBSERVER,
            "kind": "final-report",
            "title": title(e),
            "published": e.published,
            "note": f"Synthetic data generated by bench/generate.py (seed {seed}).",
        },
        "recommendations": [],
    }
    for r in recs:
        item: dict[str, Any] = {"number": r.number, "text": r.text}
        if r.priority:
            item["priority"] = True
        item["topics"] = sorted(r.topics)
        addressees = list(LEX.GROUPS[r.surface.group]["addressees"])
        if addressees:
            item["addressees"] = addressees
        if r.restates:
            item["restates"] = sorted((t.key for t in r.restates), key=natural_key)
        if r.related:
            item["related"] = sorted((t.key for t in r.related), key=natural_key)
        doc["recommendations"].append(item)
    if assessments:
        doc["assessments"] = assessments
    return doc


def topics_doc() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "topics": [
            {"id": t["id"], "label": t["label"], "description": t["description"]}
            for t in sorted(LEX.TOPICS, key=lambda t: t["id"])
        ],
    }


def dump(doc: dict[str, Any], dumper: Any) -> str:
    return yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def country_files(
    cc: str, seed: int, country_seed: int, cycles: int, k: int
) -> tuple[list[tuple[str, dict[str, Any]]], Counts]:
    country = Country(cc, country_seed, cycles, k)
    elections, reports = country.build()
    rng = country.rng
    counts = Counts()
    out = []
    for cycle, (e, recs) in enumerate(zip(elections, reports, strict=True)):
        assessments = []
        if cycle:
            prev_e = elections[cycle - 1]
            coverage = rng.uniform(*COVERAGE)
            for r in reports[cycle - 1]:
                if r.status_next is None or rng.random() > coverage:
                    continue
                assessments.append(
                    {
                        "recommendation": r.key,
                        "status": r.status_next,
                        "evidence": evidence(
                            rng, r.status_next, r.status_before, (prev_e.date.year, e.date.year)
                        ),
                    }
                )
            assessments.sort(key=lambda a: natural_key(a["recommendation"]))
        doc = report_doc(cc, seed, e, recs, assessments)
        out.append((f"{cc.lower()}/{e.report_id}.yaml", doc))
        counts.reports += 1
        counts.recommendations += len(recs)
        counts.assessments += len(assessments)
        for r in recs:
            counts.priority += r.priority
            counts.restates_links += len(r.restates)
            counts.related_links += len(r.related)
            if cycle:
                counts.later_recommendations += 1
            if r.restates:
                counts.restating += 1
            counts.merged += r.kind == "merged"
            counts.revived += r.kind == "revived"
            counts.distractors += r.kind == "distractor"
    return out, counts


# ---------------------------------------------------------------------------------------------
# Output folder
# ---------------------------------------------------------------------------------------------

CC_DIR = re.compile(r"^[a-z]{2}$")


class OutputError(Exception):
    pass


def check_out_dir(out: Path) -> list[Path]:
    """The existing YAML files of an earlier corpus in `out` (to remove if not rewritten);
    refuses a folder that holds anything else."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    old = []
    for entry in sorted(out.iterdir()):
        if entry.is_file() and entry.name == "topics.yaml":
            old.append(entry)
        elif entry.is_dir() and CC_DIR.match(entry.name):
            for sub in sorted(entry.iterdir()):
                if not (sub.is_file() and sub.suffix == ".yaml"):
                    raise OutputError(
                        f"refusing to write into {out}: {sub} is not part of a generated corpus"
                    )
                old.append(sub)
        else:
            raise OutputError(
                f"refusing to write into {out}: {entry} is not part of a generated corpus "
                "(use an empty or new folder)"
            )
    return old


def write_file(out: Path, rel: str, doc: dict[str, Any], pure_python: bool) -> Path:
    """Write one document (only if its bytes changed); returns its path."""
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = yaml.SafeDumper if pure_python or FAST_DUMPER is None else FAST_DUMPER
    data = dump(doc, dumper).encode("utf-8")
    if not (path.exists() and path.read_bytes() == data):
        path.write_bytes(data)
    return path


def write_country(task: tuple[Path, str, int, int, int, int, bool]) -> tuple[list[Path], Counts]:
    """Generate and write one country's reports: a task for a worker process. A country's
    files depend only on its own seed, so the order tasks run in does not matter."""
    out, cc, seed, country_seed, cycles, per_report, pure_python = task
    files, counts = country_files(cc, seed, country_seed, cycles, per_report)
    return [write_file(out, rel, doc, pure_python) for rel, doc in files], counts


def generate(
    out: Path,
    seed: int,
    countries: int,
    cycles: int,
    per_report: int,
    *,
    pure_python: bool = False,
    jobs: int = 1,
) -> Counts:
    if not 1 <= countries <= len(LEX.COUNTRIES):
        raise OutputError(f"--countries must be between 1 and {len(LEX.COUNTRIES)}")
    if cycles < 1 or per_report < 1:
        raise OutputError("--cycles and --per-report must be at least 1")
    if per_report > MAX_PER_REPORT:
        raise OutputError(
            f"--per-report must be at most {MAX_PER_REPORT}, the number of distinct asks in "
            "bench/lexicon.py (a report raises each ask once)"
        )
    old = check_out_dir(out)
    master = Random(seed)
    country_seeds = [master.getrandbits(64) for _ in LEX.COUNTRIES]
    tasks = [
        (out, cc, seed, cseed, cycles, per_report, pure_python)
        for cc, cseed in zip(LEX.COUNTRIES[:countries], country_seeds, strict=False)
    ]
    written = {write_file(out, "topics.yaml", topics_doc(), pure_python)}
    total = Counts()
    fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs > 1 and len(tasks) > 1 and fork:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            results = pool.map(write_country, tasks, chunksize=1)
    else:
        results = [write_country(task) for task in tasks]
    for paths, counts in results:
        written.update(paths)
        total.add(counts)
    for path in old:
        if path not in written:
            path.unlink()
    for entry in out.iterdir():
        if entry.is_dir() and not any(entry.iterdir()):
            entry.rmdir()
    total.files = len(written)
    return total


def c_dumper_matches() -> bool:
    """Whether the C emitter writes the same bytes as the Python one for our documents."""
    if FAST_DUMPER is None:
        return False
    files, _ = country_files(LEX.COUNTRIES[0], 0, 12345, 3, 40)
    docs = [topics_doc(), *(doc for _, doc in files)]
    return all(dump(d, FAST_DUMPER) == dump(d, yaml.SafeDumper) for d in docs)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/generate.py",
        description="Write a synthetic rectrack/1 corpus (reports, restatement links, "
        "assessments) that is also a gold set for `rectrack eval-matching`.",
    )
    p.add_argument(
        "--size",
        choices=sorted(SIZES),
        default="small",
        help="small: 5 countries x 5 cycles x 40 (1,000 recommendations); "
        "medium: 20 x 5 x 100 (10,000); large: 50 x 10 x 200 (100,000)",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output folder (new, empty, or "
        "an earlier generated corpus, whose stale files are removed)",
    )
    p.add_argument("--countries", type=int, help=f"override: countries (1-{len(LEX.COUNTRIES)})")
    p.add_argument("--cycles", type=int, help="override: elections per country")
    p.add_argument("--per-report", type=int, help="override: recommendations per report")
    p.add_argument("--json", action="store_true", help="print the counts as JSON on stdout")
    p.add_argument(
        "--jobs",
        type=int,
        default=min(os.cpu_count() or 1, 4),
        help="worker processes, one country at a time (default: CPUs, at most 4); the "
        "output does not depend on it",
    )
    p.add_argument(
        "--pure-python",
        action="store_true",
        help="use PyYAML's Python emitter even where the C one is available",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    countries, cycles, per_report = SIZES[args.size]
    countries = args.countries if args.countries is not None else countries
    cycles = args.cycles if args.cycles is not None else cycles
    per_report = args.per_report if args.per_report is not None else per_report
    pure_python = args.pure_python or not c_dumper_matches()
    started = time.perf_counter()
    try:
        counts = generate(
            args.out,
            args.seed,
            countries,
            cycles,
            per_report,
            pure_python=pure_python,
            jobs=args.jobs,
        )
    except OutputError as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    wanted = countries * cycles * per_report
    if counts.recommendations < wanted:
        print(
            f"generate.py: warning: {counts.recommendations} of {wanted} recommendations: "
            "reports this large use up the distinct asks of bench/lexicon.py",
            file=sys.stderr,
        )
    share = counts.restating / counts.later_recommendations if counts.later_recommendations else 0
    print(
        f"generate.py: {counts.files} files, {counts.recommendations} recommendations, "
        f"{counts.restating} restating ({share:.0%} of later reports; {counts.merged} merged, "
        f"{counts.revived} revived), {counts.restates_links} restates links, "
        f"{counts.related_links} related, {counts.assessments} assessments, "
        f"{seconds:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    if args.json:
        summary = dict(
            vars(counts),
            seed=args.seed,
            countries=countries,
            cycles=cycles,
            per_report=per_report,
            out=str(args.out),
            restating_share=round(share, 4),
            seconds=round(seconds, 2),
        )
        print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

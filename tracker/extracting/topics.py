"""Suggesting topics for a drafted recommendation: keyword cues, RapidFuzz similarity to the
topics' labels and descriptions, and the heading the item was found under.

The suggester does not care where the taxonomy comes from (the store, the shipped seed file, a
test): it takes `TopicInfo`s. Cues name topic ids; a cue for a topic that the taxonomy does not
hold is ignored. Suggestions are suggestions: the draft says so, and the reviewer decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# Keyword cues per topic id, English and Russian. A cue matches whole words, case-insensitively;
# a word ending in "*" matches any ending ("list*": list, lists, listed); words of a cue may be
# separated by spaces or hyphens in the text.
TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "legal-framework": (
        "legal framework", "electoral code", "election code", "electoral law*", "election law*",
        "legislation", "legislative", "legal certainty", "amendment*", "comprehensive review",
        "inclusive consultation*", "public consultation*", "codif*", "gaps and ambiguities",
        "законодательств*", "избирательн* кодекс*", "правов* баз*", "поправк*",
        "правов* основ*", "закон* о выбор*",
    ),
    "electoral-system": (
        "electoral system", "allocation of seats", "seat allocation", "threshold*",
        "constituenc*", "boundary delimitation", "delimitation", "equality of the vote",
        "equal suffrage", "proportional", "majoritarian", "district boundar*",
        "избирательн* систем*", "заградительн* барьер*", "округ*", "нарезк*",
        "распределени* мандат*",
    ),
    "election-administration": (
        "election administration", "election commission*", "electoral commission*",
        "central election commission", "cec", "dec", "decs", "pec", "pecs",
        "commission member*",
        "election management bod*", "emb", "commission*", "election official*",
        "sessions of", "training of", "избирательн* комисси*", "цик", "комисси*",
        "организатор* выбор*",
    ),
    "voter-registration": (
        "voter list*", "voter register*", "voter registration", "registration of voters",
        "electoral roll*", "register of voters", "deceased", "civil registr*",
        "population register*", "voter identification", "списк* избирател*",
        "регистраци* избирател*", "реестр* избирател*", "учет* избирател*",
    ),
    "voting-rights": (
        "right to vote", "voting rights", "suffrage", "prisoner*", "legal capacity",
        "disenfranchis*", "citizens abroad", "out-of-country voting", "eligibility to vote",
        "incapacitat*", "intellectual or psychosocial disabilit*", "guardianship",
        "blanket restriction*", "активн* избирательн* прав*", "прав* голос*", "заключенн*",
        "осужденн*", "дееспособн*", "граждан* за рубеж*",
    ),
    "candidacy": (
        "candidate registration", "registration of candidates", "right to stand",
        "stand for office", "stand for election", "candidacy", "candidacies",
        "independent candidate*", "candidate*", "eligibility requirement*",
        "residency requirement*", "language requirement*", "support signatures",
        "signature collection", "signature verification", "deregistration",
        "de-registration", "nomination*", "кандидат*", "выдвижени*", "баллотир*",
        "пассивн* избирательн* прав*", "подпис*",
    ),
    "political-parties": (
        "political part*", "party registration", "registration of parties", "party", "parties",
        "dissolution", "party membership", "политическ* парти*", "парти*",
    ),
    "fundamental-freedoms": (
        "freedom of expression", "freedom of assembly", "freedom of association",
        "peaceful assembl*", "fundamental freedoms", "public assembl*", "assemblies",
        "public gathering*", "protest*", "civil society",
        "detention*", "arrest*", "human rights", "criminal liability", "свобод* собрани*",
        "свобод* выражени*", "свобод* объединени*", "основн* свобод*", "митинг*",
        "задержани*", "гражданск* обществ*",
    ),
    "campaign": (
        "campaign", "campaigning", "intimidation", "pressure on voters", "vote buying",
        "coercion", "pressure", "threat*", "harassment", "hate speech", "inflammatory",
        "level playing field", "agitation", "агитаци*", "кампани*", "давлени*",
        "запугивани*", "подкуп*",
    ),
    "campaign-finance": (
        "campaign financ*", "political financ*", "party financ*", "financing", "donation*",
        "contribution*", "spending", "expenditure*", "financial report*", "finance report*",
        "audit*", "disclosure", "funding", "sanctions for violations of financ*",
        "финансировани*", "пожертвовани*", "расход*", "финансов* отчет*", "фонд*",
    ),
    "misuse-of-resources": (
        "administrative resource*", "state resource*", "public resource*", "misuse",
        "abuse of office", "public office", "incumbency", "civil servant*",
        "public employee*", "public servant*", "state employee*", "official duties",
        "separation between state and part*", "административн* ресурс*",
        "служебн* положени*", "государственн* служащ*", "бюджетник*",
    ),
    "media": (
        "media", "journalist*", "broadcast*", "defamation", "libel", "insult", "editorial",
        "press", "coverage", "television", "public broadcaster", "media regulator",
        "audiovisual", "сми", "средств* массов* информаци*", "журналист*", "клевет*",
        "телевид*", "вещател*", "освещени*",
    ),
    "complaints-and-appeals": (
        "complaint*", "appeal*", "dispute*", "electoral dispute*", "judicial review",
        "court*", "remed*", "adjudicat*", "legal redress", "effective remedy",
        "жалоб*", "обжаловани*", "апелляц*", "суд*", "спор*",
    ),
    "election-observation": (
        "observer*", "observation", "citizen observer*", "international observer*",
        "accreditation", "non-partisan", "наблюдател*", "наблюдени*", "аккредитаци*",
    ),
    "election-day": (
        "election day", "polling", "voting procedures", "counting", "ballot*",
        "secrecy of the vote", "secrecy of vote", "ballot box*", "polling station*",
        "mobile voting", "early voting", "family voting", "group voting", "stuffing",
        "voting", "день голосовани*", "день выборов", "голосовани*", "подсчет*", "подсчёт*",
        "бюллетен*", "участк*", "тайн* голосовани*",
    ),
    "results": (
        "results", "result protocol*", "protocol*", "publication of results",
        "by polling station", "preliminary results", "final results", "tabulation",
        "recount*", "invalidation", "annul*", "результат*", "протокол*", "итог*",
    ),
    "participation-of-women": (
        "women", "woman", "gender", "female", "gender balance", "gender quota*",
        "under-represented sex", "женщин*", "гендер*",
    ),
    "national-minorities": (
        "national minorit*", "minorit*", "minority language*", "ethnic", "roma",
        "language*", "национальн* меньшинств*", "меньшинств*", "язык*", "этническ*",
    ),
    "persons-with-disabilities": (
        "disabilit*", "persons with disabilities", "accessib*", "wheelchair*", "braille",
        "tactile", "impairment*", "mobility", "инвалид*", "ограниченн* возможност*",
        "доступност*",
    ),
    "new-technologies": (
        "electronic", "e-voting", "internet voting", "online", "voting machine*",
        "technolog*", "biometric*", "cyber*", "digital", "software", "video surveillance",
        "web camera*", "webcam*", "automated", "ballot scanner*", "электронн*",
        "технологи*", "видеонаблюдени*", "коиб", "дистанционн*",
    ),
}  # fmt: skip

# Words that say nothing about the topic, left out of label and description similarity.
_STOPWORDS = """a an and are as at be by for from in into is it its of on or the their them
    they this to with which who whose that these those should must all any other such
    including include election elections electoral vote voters voting law laws process
    processes levels level public state authorities around whole"""
STOPWORDS = frozenset(_STOPWORDS.split())
# Weights of the evidence. A topic needs MIN_SCORE and a share of the best topic's score.
CUE_WEIGHT = 1.0
CUE_CAP = 3.0
HEADING_LABEL_WEIGHT = 3.0
HEADING_CUE_WEIGHT = 1.5
LABEL_WEIGHT = 0.75
DESCRIPTION_WEIGHT = 1.5
MIN_SCORE = 1.0
SHARE_OF_BEST = 0.45
MAX_TOPICS = 3
# Token similarity (RapidFuzz ratio, 0-100) at which two words count as the same word.
TOKEN_SIMILARITY = 86
HEADING_SIMILARITY = 85
# Where nothing matches, this topic stands in, so that the draft still imports.
FALLBACK_TOPIC = "legal-framework"

_TOKEN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TopicInfo:
    id: str
    label: str
    description: str | None = None


@dataclass(frozen=True)
class TopicSuggestion:
    """The suggested topic ids, best first, and for each the evidence that led to it."""

    topics: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fallback: bool = False

    def explain(self) -> str:
        if self.fallback:
            return f"nothing matched; {self.topics[0]} is a placeholder"
        parts = []
        for topic in self.topics:
            reasons = self.evidence.get(topic, ())
            parts.append(f"{topic} ({', '.join(reasons)})" if reasons else topic)
        return "; ".join(parts)


def compile_cue(cue: str) -> re.Pattern[str]:
    words = []
    for word in cue.split():
        if word.endswith("*"):
            words.append(re.escape(word[:-1]) + r"\w*")
        else:
            words.append(re.escape(word))
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", re.IGNORECASE)


def content_tokens(text: str) -> list[str]:
    return [
        token for token in (t.casefold() for t in _TOKEN.findall(text)) if token not in STOPWORDS
    ]


class TopicSuggester:
    """Scores every topic of a taxonomy against an item's text and heading."""

    def __init__(
        self,
        topics: Sequence[TopicInfo],
        cues: Mapping[str, Sequence[str]] = TOPIC_CUES,
        *,
        max_topics: int = MAX_TOPICS,
    ) -> None:
        if not topics:
            raise ValueError("a taxonomy with no topics cannot suggest any")
        self.topics = list(topics)
        self.max_topics = max_topics
        known = {topic.id for topic in self.topics}
        self.cues = {
            topic_id: [(cue, compile_cue(cue)) for cue in topic_cues]
            for topic_id, topic_cues in cues.items()
            if topic_id in known
        }
        self.label_tokens = [content_tokens(topic.label) for topic in self.topics]
        self.description_tokens = [content_tokens(topic.description or "") for topic in self.topics]
        self.label_keys = [" ".join(tokens) for tokens in self.label_tokens]
        self.fallback = FALLBACK_TOPIC if FALLBACK_TOPIC in known else self.topics[0].id

    def suggest(self, text: str, heading: str | None = None) -> TopicSuggestion:
        scores: dict[str, float] = {topic.id: 0.0 for topic in self.topics}
        evidence: dict[str, list[str]] = {topic.id: [] for topic in self.topics}
        self._score_cues(text, scores, evidence)
        if heading:
            self._score_heading(heading, scores, evidence)
        self._score_similarity(text, scores, evidence)
        ranked = sorted(self.topics, key=lambda topic: -scores[topic.id])
        best = scores[ranked[0].id]
        if best < MIN_SCORE:
            return TopicSuggestion(topics=(self.fallback,), fallback=True)
        chosen = [
            topic.id
            for topic in ranked
            if scores[topic.id] >= MIN_SCORE and scores[topic.id] >= best * SHARE_OF_BEST
        ][: self.max_topics]
        return TopicSuggestion(
            topics=tuple(chosen),
            evidence={topic: tuple(dict.fromkeys(evidence[topic])) for topic in chosen},
        )

    def _score_cues(
        self, text: str, scores: dict[str, float], evidence: dict[str, list[str]]
    ) -> None:
        """One point per distinct cue found, up to CUE_CAP. A cue found only inside a longer cue
        ("campaign" in "campaign finance") does not count: the longer one says more."""
        found = [
            (topic_id, match.start(), match.end(), match.group(0).casefold())
            for topic_id, cues in self.cues.items()
            for _cue, pattern in cues
            for match in pattern.finditer(text)
        ]
        kept: dict[str, list[str]] = {}
        for topic_id, start, end, words in found:
            covered = any(
                other_start <= start and end <= other_end and other_end - other_start > end - start
                for _other, other_start, other_end, _words in found
            )
            if not covered:
                kept.setdefault(topic_id, [])
                if words not in kept[topic_id]:
                    kept[topic_id].append(words)
        for topic_id, distinct in kept.items():
            scores[topic_id] += min(CUE_CAP, CUE_WEIGHT * len(distinct))
            evidence[topic_id].extend(f'"{words}"' for words in distinct[:2])

    def _score_heading(
        self, heading: str, scores: dict[str, float], evidence: dict[str, list[str]]
    ) -> None:
        """A heading that names a topic's label points to that topic alone; otherwise its cues
        count, more than the same cues in the text."""
        key = " ".join(content_tokens(heading))
        shown = f'heading "{heading}"'
        named = False
        if key:
            for topic, label_key in zip(self.topics, self.label_keys, strict=True):
                if label_key and fuzz.ratio(key, label_key) >= HEADING_SIMILARITY:
                    scores[topic.id] += HEADING_LABEL_WEIGHT
                    evidence[topic.id].insert(0, shown)
                    named = True
        if named:
            return
        for topic_id, cues in self.cues.items():
            if any(pattern.search(heading) for _cue, pattern in cues):
                scores[topic_id] += HEADING_CUE_WEIGHT
                if shown not in evidence[topic_id]:
                    evidence[topic_id].insert(0, shown)

    def _score_similarity(
        self, text: str, scores: dict[str, float], evidence: dict[str, list[str]]
    ) -> None:
        words = sorted(set(content_tokens(text)))
        if not words:
            return
        for index, topic in enumerate(self.topics):
            label = self.label_tokens[index]
            if label:
                share = _share_present(label, words)
                scores[topic.id] += LABEL_WEIGHT * share
                if share == 1.0:
                    evidence[topic.id].append("label words")
            description = self.description_tokens[index]
            if description:
                scores[topic.id] += DESCRIPTION_WEIGHT * _share_present(description, words)


def _share_present(wanted: list[str], words: list[str]) -> float:
    """The share of `wanted` words that occur among `words`, allowing for inflection."""
    matrix = process.cdist(wanted, words, scorer=fuzz.ratio, workers=1)
    present = (matrix.max(axis=1) >= TOKEN_SIMILARITY).sum()
    return float(present) / len(wanted)

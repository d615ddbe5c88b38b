"""Text normalisation for matching: from a recommendation as printed to the stems that carry
its ask.

Steps, each Unicode-aware (reports exist in English, Russian and other languages; no pattern
here is ASCII-only):
1. NFKC, case folding, `ё` as `е`, typographic quotes and dashes made plain;
2. list bullets and numbering at the start of a line ("1.", "(a)", "iv)", "•", "Recommendation
   5:") removed;
3. the framing that reports wrap around an ask removed ("The report recommends that",
   "Consideration should be given to", "Key recommendations include", "Рекомендуется");
   the patterns live in matching.toml;
4. words split on anything that is not a letter or digit; four-digit years dropped;
5. each word stemmed with the Snowball stemmer of its language (the script picks Russian,
   Greek or Armenian; Latin script picks English, French, German or Spanish by the text's
   function words);
6. synonym phrases rewritten to one concept token ("voter lists", "electoral roll" ->
   one token), longest phrase first;
7. function words and the vocabulary of framing dropped.

`Normaliser.normalise` caches by text, so a store's history is normalised once per process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

from tracker.matching.config import MatchingConfig, TextRules

CONCEPT_JOINER = "_"
_MAX_CACHE = 400_000


# Function words by language: small lists, chosen to cover what recommendations use.
def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "english": _wordlist(
        """
        a about above after again against all also am an and any are as at be because
        been before being below between both but by can did do does doing down during
        each few for from had has have having he her here hers him his how however i if
        in include includes including into is it its itself just me more most my no nor
        not now of off on once only or other others our ours out over own per same she
        so some such than that the their theirs them then there thereby therein thereof
        these they this those through to too under until up upon very via was we well
        were what when where wherever whether which while who whom why will with within
        without you your yours
        """
    ),
    "russian": _wordlist(
        """
        а без более больше будет будто бы был была были было быть в вам вас ведь во вот
        все всегда всего всех всю вы где да даже данные данный для до другой его ее ей
        ему если есть еще ещё её ж же за здесь и из или им их к как какая какой когда
        которая которое которые который которым которых кто куда ли между меня мне много
        может можно мой моя мы на над надо нас не него нее ней нет ни нибудь ним них
        ничего но ну о об один он она они от перед по под после потом потому при про
        путем путём раз с сам свою себе себя со так также такой там тебя тем теперь то
        тогда того тоже только том тот тут ты у уж уже хоть целью чего чем через что
        чтоб чтобы эта эти этих это этого этой этом этот эту я
        """
    ),
    "french": _wordlist(
        """
        afin ainsi au aux avec ce ces cette d dans de des dont du elle elles en est et
        il ils l la le les leur leurs lors ne ou par pas plus pour que qui sa sans ses
        son sont sur un une été être
        """
    ),
    "german": _wordlist(
        """
        als am an auch auf aus bei das dass dem den der des die durch ein eine einem
        einen einer eines er es für im in ist mit nach nicht oder sie sind soll sollen
        sollte sollten und unter von vor werden wie wird wurde zu zum zur über
        """
    ),
    "spanish": _wordlist(
        """
        al como con de debe deben del el en es la las le les lo los más no o para por
        que se sea ser son su sus un una unas unos y
        """
    ),
}
_LATIN_LANGUAGES = ("english", "french", "german", "spanish")
_SCRIPT_LANGUAGE = {"CYRILLIC": "russian", "GREEK": "greek", "ARMENIAN": "armenian"}

_LIST_MARKER = re.compile(
    r"""(?mx)^[^\S\n]*(?:
        (?:recommendations?|рекомендаци[яи]|recommandation)[^\S\n]*(?:no\.?|№)?[^\S\n]*
            \d+(?:\.\d+)*[^\S\n]*[.:)\-–—]?
      | [\-–—•·▪●○◦*►■□➢✓]+
      | \(?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,6}|[^\W\d_])[.)]
      | \(\d{1,3}\)
      | \d{1,3}(?:\.\d{1,3})+
    )(?=\s)"""
)
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_NOT_CYRILLIC_LETTER = re.compile(r"[^\W\d_\u0400-\u04FF]")
_YEAR = re.compile(r"^(?:1[89]|2[01])\d\d$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "ё": "е"})


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """`tokens`: the stems and concept tokens that carry the ask, in text order.
    `bare`: the text after framing was removed, lower-cased, words separated by one space
    (for display and debugging)."""

    tokens: tuple[str, ...]
    bare: str
    language: str

    @property
    def joined(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split(" ", 1)[0]
    return "DIGIT"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)


def detect_language(words: Sequence[str]) -> str:
    """The language of a text's words: by script, then, for Latin script, by function words."""
    scripts: dict[str, int] = {}
    for word in words:
        script = _script(word)
        scripts[script] = scripts.get(script, 0) + 1
    letters = {key: value for key, value in scripts.items() if key != "DIGIT"}
    if not letters:
        return "english"
    main = max(letters, key=lambda key: letters[key])
    if main in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[main]
    if main != "LATIN":
        return "none"
    hits = {lang: sum(word in STOPWORDS[lang] for word in words) for lang in _LATIN_LANGUAGES}
    best = max(_LATIN_LANGUAGES, key=lambda lang: hits[lang])
    return best if hits[best] > hits["english"] else "english"


class Normaliser:
    """Normalises texts by the rules of one configuration; caches by text."""

    def __init__(self, rules: TextRules) -> None:
        self.rules = rules
        # Patterns written in Cyrillic run only on texts with Cyrillic letters, the others only
        # on texts with other letters: half the scanning for a one-script text.
        cyrillic = [p for p in rules.framing if _CYRILLIC.search(p)]
        other = [p for p in rules.framing if not _CYRILLIC.search(p)]
        self._framing = [
            (gate, re.compile("|".join(f"(?:{pattern})" for pattern in patterns)))
            for gate, patterns in ((_CYRILLIC, cyrillic), (_NOT_CYRILLIC_LETTER, other))
            if patterns
        ]
        self._stems: dict[tuple[str, str], str] = {}
        self._cache: dict[str, NormalisedText] = {}
        self._stopstems: dict[str, frozenset[str]] = {}
        # Single words only: "long-standing" must not make "standing" a stopword.
        extra = [self._words(entry) for entry in rules.extra_stopwords]
        self._extra_words = tuple(words[0] for words in extra if len(words) == 1)
        # Synonym phrases as stem tuples -> concept token. Built lazily per language, since
        # stems depend on it.
        self._synonyms: dict[str, tuple[dict[tuple[str, ...], str], int]] = {}

    @classmethod
    def from_config(cls, config: MatchingConfig) -> Normaliser:
        return cls(config.text)

    @staticmethod
    def _words(text: str) -> list[str]:
        return [word for word in _WORD.findall(_fold(text)) if not _YEAR.match(word)]

    def stem(self, word: str, language: str) -> str:
        key = (word, language)
        cached = self._stems.get(key)
        if cached is not None:
            return cached
        script = _script(word)
        if script == "DIGIT":
            stem = word
        else:
            lang = _SCRIPT_LANGUAGE.get(script, language if script == "LATIN" else "none")
            if lang == "none" or (script == "LATIN" and lang not in _LATIN_LANGUAGES):
                lang = "english" if script == "LATIN" else "none"
            stem = word if lang == "none" else _stemmer(lang).stemWord(word)
        self._stems[key] = stem
        return stem

    def _stopwords_for(self, language: str) -> frozenset[str]:
        stems = self._stopstems.get(language)
        if stems is None:
            words: set[str] = set()
            for lang_words in STOPWORDS.values():
                words.update(lang_words)
            stems = frozenset(
                {self.stem(word, language) for word in words}
                | {self.stem(word, language) for word in self._extra_words}
                | words
            )
            self._stopstems[language] = stems
        return stems

    def _synonyms_for(self, language: str) -> tuple[dict[tuple[str, ...], str], int]:
        table = self._synonyms.get(language)
        if table is None:
            phrases: dict[tuple[str, ...], str] = {}
            longest = 1
            for group in self.rules.synonyms:
                canonical = tuple(self.stem(w, language) for w in self._words(group[0]))
                if not canonical:
                    continue
                concept = CONCEPT_JOINER.join(canonical)
                for phrase in group:
                    stems = tuple(self.stem(w, language) for w in self._words(phrase))
                    if stems and stems not in phrases:
                        phrases[stems] = concept
                        longest = max(longest, len(stems))
            table = (phrases, longest)
            self._synonyms[language] = table
        return table

    def strip_framing(self, text: str) -> str:
        folded = _LIST_MARKER.sub(" ", _fold(text))
        for gate, pattern in self._framing:
            if gate.search(folded):
                folded = pattern.sub(" ", folded)
        return folded

    def normalise(self, text: str) -> NormalisedText:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        stripped = self.strip_framing(text)
        words = self._words(stripped)
        language = detect_language(words)
        stems = [self.stem(word, language) for word in words]
        phrases, longest = self._synonyms_for(language)
        stop = self._stopwords_for(language)
        tokens: list[str] = []
        i = 0
        count = len(stems)
        while i < count:
            for size in range(min(longest, count - i), 0, -1):
                concept = phrases.get(tuple(stems[i : i + size]))
                if concept is not None:
                    if concept not in stop:
                        tokens.append(concept)
                    i += size
                    break
            else:
                stem = stems[i]
                if stem not in stop and words[i] not in stop and len(stem) > 1:
                    tokens.append(stem)
                i += 1
        result = NormalisedText(tokens=tuple(tokens), bare=" ".join(words), language=language)
        if len(self._cache) < _MAX_CACHE:
            self._cache[text] = result
        return result

    def normalise_many(self, texts: Iterable[str]) -> list[NormalisedText]:
        return [self.normalise(text) for text in texts]

"""Text normalisation for matching: from a recommendation as printed to the stems that carry
its ask.

Steps, each Unicode-aware (reports exist in English, Russian and other languages; no pattern
here is ASCII-only):
1. NFKC, case folding, `ё` as `е`, typographic quotes and dashes made plain;
2. list bullets and numbering at the start of a line ("1.", "(a)", "iv)", "•", "Recommendation
   5:") removed;
3. whitespace collapsed, then the framing that reports wrap around an ask removed ("The report
   recommends that", "Consideration should be given to", "See also paragraph 7.3 of ...",
   "Рекомендуется"): the patterns live in matching.toml and run in one pass (framing.py);
4. purpose clauses found ("in order to ...", "so as to ...", "To ensure ..., "): their words
   are kept but marked secondary (they say why, not what; the scorer weighs them down);
5. words split on anything that is not a letter or digit; four-digit years dropped;
6. each word stemmed with the Snowball stemmer of its language (the script picks Russian,
   Greek or Armenian; Latin script picks English, French, German or Spanish by the text's
   function words);
7. synonym phrases rewritten to one concept token ("voter lists", "electoral roll" ->
   one token), longest phrase first;
8. function words and the vocabulary of framing dropped.

`Normaliser.normalise` caches by text, so a store's history is normalised once per process; the
store keeps each text's result too (cache.py), so a re-match does not normalise at all.
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
from tracker.matching.framing import FramingStripper

CONCEPT_JOINER = "_"
SECONDARY_MARK = "~"
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
# word -> the Latin-script languages whose function words include it (language detection).
_LATIN_STOPWORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang in _LATIN_LANGUAGES:
    for _word in STOPWORDS[_lang]:
        _LATIN_STOPWORD_LANGUAGES[_word] = (*_LATIN_STOPWORD_LANGUAGES.get(_word, ()), _lang)
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
_YEAR = re.compile(r"^(?:1[89]|2[01])\d\d$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "ё": "е"})


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """`tokens`: the stems and concept tokens that carry the ask, in text order.
    `bare`: the text after framing was removed, lower-cased, words separated by one space
    (for display and debugging). `secondary`: the positions in `tokens` of words inside a
    purpose clause ("in order to ...", "so as to ..."): they say why, not what, and count
    less (matching.toml's `purpose_weight`)."""

    tokens: tuple[str, ...]
    bare: str
    language: str
    secondary: frozenset[int] = frozenset()

    @property
    def joined(self) -> str:
        """The tokens joined by spaces."""
        return " ".join(self.tokens)

    @property
    def encoded(self) -> str:
        """The tokens joined by spaces, each secondary one marked with a leading
        `SECONDARY_MARK`: the form the store's cache keeps and the scorer reads."""
        if not self.secondary:
            return self.joined
        return " ".join(
            SECONDARY_MARK + token if index in self.secondary else token
            for index, token in enumerate(self.tokens)
        )


def decode(encoded: str) -> list[tuple[str, bool]]:
    """An encoded token string as (token, secondary) pairs."""
    return [
        (token[1:], True) if token.startswith(SECONDARY_MARK) else (token, False)
        for token in encoded.split()
    ]


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


def _script(word: str) -> str:
    """The Unicode script of a word's first letter ("LATIN", "CYRILLIC" ...); "DIGIT" when it
    has none."""
    if word.isascii():
        return "DIGIT" if word.isdigit() else "LATIN"
    for char in word:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split(" ", 1)[0]
    return "DIGIT"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)


def detect_language(words: Sequence[str], *, ascii_only: bool = False) -> str:
    """The language of a text's words: by script, then, for Latin script, by function words.
    `ascii_only` (the caller knows every word is ASCII) skips the count of scripts."""
    if ascii_only:
        if all(word.isdigit() for word in words):
            return "english"
    else:
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
    hits = dict.fromkeys(_LATIN_LANGUAGES, 0)
    for word in words:
        for lang in _LATIN_STOPWORD_LANGUAGES.get(word, ()):
            hits[lang] += 1
    best = max(_LATIN_LANGUAGES, key=lambda lang: hits[lang])
    return best if hits[best] > hits["english"] else "english"


class Normaliser:
    """Normalises texts by the rules of one configuration; caches by text."""

    def __init__(self, rules: TextRules) -> None:
        self.rules = rules
        # All framing patterns in one pass: each text is scanned once for the literal starts of
        # the patterns, and only the patterns that can start there are tried (framing.py).
        self._framing = FramingStripper(rules.framing)
        self._purpose = FramingStripper(rules.purpose) if rules.purpose else None
        self._stems: dict[str, dict[str, str]] = {}
        self._cache: dict[str, NormalisedText] = {}
        self._stopstems: dict[str, frozenset[str]] = {}
        # Single words only: "long-standing" must not make "standing" a stopword.
        extra = [self._words(entry) for entry in rules.extra_stopwords]
        self._extra_words = tuple(words[0] for words in extra if len(words) == 1)
        # Synonym phrases as stem tuples -> concept token, indexed by their first stem. Built
        # lazily per language, since stems depend on it.
        self._synonyms: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}

    @classmethod
    def from_config(cls, config: MatchingConfig) -> Normaliser:
        return cls(config.text)

    @staticmethod
    def _words(text: str) -> list[str]:
        return [
            word
            for word in _WORD.findall(_fold(text))
            if not (len(word) == 4 and _YEAR.match(word))
        ]

    def stem(self, word: str, language: str) -> str:
        stems = self._stems.get(language)
        if stems is None:
            stems = self._stems[language] = {}
        cached = stems.get(word)
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
        stems[word] = stem
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

    def _synonyms_for(self, language: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """First stem -> the synonym phrases (as stem tuples) that start with it, longest
        first, each with its concept token."""
        table = self._synonyms.get(language)
        if table is None:
            phrases: dict[tuple[str, ...], str] = {}
            for group in self.rules.synonyms:
                canonical = tuple(self.stem(w, language) for w in self._words(group[0]))
                if not canonical:
                    continue
                concept = CONCEPT_JOINER.join(canonical)
                for phrase in group:
                    stems = tuple(self.stem(w, language) for w in self._words(phrase))
                    if stems and stems not in phrases:
                        phrases[stems] = concept
            table = {}
            for stems, concept in phrases.items():
                table.setdefault(stems[0], []).append((stems, concept))
            for entries in table.values():
                entries.sort(key=lambda entry: -len(entry[0]))
            self._synonyms[language] = table
        return table

    def strip_framing(self, text: str) -> str:
        """The folded text without list markers and framing, whitespace collapsed."""
        return self._framing.strip(_LIST_MARKER.sub(" ", _fold(text)))

    def normalise(self, text: str) -> NormalisedText:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        stripped = self.strip_framing(text)
        words: list[str] = []
        starts: list[int] = []
        for found in _WORD.finditer(stripped):
            word = found.group()
            if not (len(word) == 4 and _YEAR.match(word)):
                words.append(word)
                starts.append(found.start())
        flags = self._secondary_flags(stripped, starts)
        language = detect_language(words, ascii_only=stripped.isascii())
        known = self._stems.get(language) or {}
        stem = self.stem
        stems = [known.get(word) or stem(word, language) for word in words]
        phrases = self._synonyms_for(language)
        stop = self._stopwords_for(language)
        tokens: list[str] = []
        secondary: set[int] = set()
        i = 0
        count = len(stems)
        while i < count:
            current = stems[i]
            entries = phrases.get(current)
            if entries is not None:
                for phrase, concept in entries:
                    size = len(phrase)
                    if size == 1 or tuple(stems[i : i + size]) == phrase:
                        if concept not in stop:
                            if flags[i]:
                                secondary.add(len(tokens))
                            tokens.append(concept)
                        i += size
                        break
                else:
                    entries = None
                if entries is not None:
                    continue
            if current not in stop and words[i] not in stop and len(current) > 1:
                if flags[i]:
                    secondary.add(len(tokens))
                tokens.append(current)
            i += 1
        result = NormalisedText(
            tokens=tuple(tokens),
            bare=" ".join(words),
            language=language,
            secondary=frozenset(secondary),
        )
        if len(self._cache) < _MAX_CACHE:
            self._cache[text] = result
        return result

    def _secondary_flags(self, text: str, starts: list[int]) -> list[bool]:
        """For each word (by its start in `text`): is it inside a purpose clause?"""
        if self._purpose is None:
            return [False] * len(starts)
        spans = self._purpose.spans(text)
        if not spans:
            return [False] * len(starts)
        flags: list[bool] = []
        index = 0
        for start in starts:
            while index < len(spans) and spans[index][1] <= start:
                index += 1
            flags.append(index < len(spans) and spans[index][0] <= start)
        return flags

    def normalise_many(self, texts: Iterable[str]) -> list[NormalisedText]:
        return [self.normalise(text) for text in texts]

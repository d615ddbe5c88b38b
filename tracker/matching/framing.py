"""Removing framing fast: many regular expressions over many texts, each text scanned once.

Python's `re` tries every branch of an alternation at every position of a text, so forty
framing patterns cost forty scans of every recommendation. Nearly every framing pattern can
only begin with one of a few literal strings ("the report", "consideration", "as previously",
"рекомендуется"); `literal_prefixes` reads them from the pattern's parse tree. One small regex
built as a trie of all those prefixes finds the positions where some pattern may start, and
only there are the patterns whose prefix is present tried, in their configured order. The
result is what one combined alternation (`(?:p1)|(?:p2)|...`) substituted with a space gives,
on a text whose whitespace runs were collapsed to single spaces first (so that `\\s+` in a
pattern is one space, which makes prefixes run across words).

A pattern whose start the parse tree does not pin down (it may begin with `\\w`, `.`, a large
character class ...) is not dispatched: such patterns run afterwards, as one alternation of
their own. If the parse tree cannot be read at all (it is `re`'s internal module), every
pattern runs that way: slower, same idea.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

_MAX_PREFIXES = 400
_DEPTHS = (12, 6, 3, 2)
_SMALL_CLASS = 8

try:  # `re`'s own parser: internal, so its absence only costs speed.
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - CPython 3.11+ has both
    _parser = None
    _constants = None


class _Done(Exception):
    """Raised inside the walk when a prefix cannot grow (it ends here)."""


def _walk(
    items: Sequence[Any], prefixes: set[tuple[str, bool]], depth: int
) -> set[tuple[str, bool]]:
    """Extend each (prefix, finished) over the parsed `items`."""
    c = _constants
    for op, av in items:
        if all(finished for _, finished in prefixes):
            return prefixes
        grown: set[tuple[str, bool]] = set()
        for prefix, finished in prefixes:
            if finished:
                grown.add((prefix, True))
                continue
            grown |= _step(op, av, prefix, depth, c)
        if len(grown) > _MAX_PREFIXES:
            raise OverflowError
        prefixes = grown
    return prefixes


def _step(op: Any, av: Any, prefix: str, depth: int, c: Any) -> set[tuple[str, bool]]:
    def add(text: str) -> tuple[str, bool]:
        return (text, len(text) >= depth)

    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {(prefix, False)}
    if op is c.LITERAL:
        return {add(prefix + chr(av))}
    if op is c.IN:
        chars = _class_chars(av)
        if chars is None:
            return {(prefix, True)}
        return {add(prefix + char) for char in chars}
    if op is c.BRANCH:
        result: set[tuple[str, bool]] = set()
        for alternative in av[1]:
            result |= _walk(alternative, {(prefix, False)}, depth)
        return result
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        if add_flags & (re.IGNORECASE | re.VERBOSE):
            return {(prefix, True)}
        return _walk(body.data if hasattr(body, "data") else body, {(prefix, False)}, depth)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        items = body.data if hasattr(body, "data") else body
        once = _walk(items, {(prefix, False)}, depth)
        if _is_space(items):
            # Whitespace is collapsed to single spaces: `\s+` is one space, `\s*` none or one.
            return once | ({(prefix, False)} if low == 0 else set())
        if high != 1:
            once = {(text, True) for text, _ in once}
        return once | ({(prefix, False)} if low == 0 else set())
    return {(prefix, True)}


def _is_space(items: Sequence[Any]) -> bool:
    c = _constants
    return len(items) == 1 and (
        (items[0][0] is c.IN and list(items[0][1]) == [(c.CATEGORY, c.CATEGORY_SPACE)])
        or (items[0][0] is c.LITERAL and items[0][1] == ord(" "))
    )


def _class_chars(items: Sequence[Any]) -> list[str] | None:
    c = _constants
    if len(items) == 1 and items[0] == (c.CATEGORY, c.CATEGORY_SPACE):
        return [" "]
    chars: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            chars.append(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _SMALL_CLASS:
            chars.extend(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars if len(chars) <= _SMALL_CLASS else None


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` starts with (on text whose whitespace is
    single spaces); None when some match may start with something else."""
    if _parser is None:
        return None
    try:
        tree = _parser.parse(pattern)
    except Exception:
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    for depth in _DEPTHS:
        try:
            found = _walk(tree.data, {("", False)}, depth)
        except OverflowError:
            continue
        except Exception:
            return None
        prefixes = {prefix for prefix, _ in found}
        if not prefixes or "" in prefixes:
            return None
        return frozenset(_minimal(prefixes))
    return None


def _minimal(prefixes: Iterable[str]) -> list[str]:
    """Drop every prefix that a shorter one in the set already covers."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=lambda text: (len(text), text)):
        if not any(prefix.startswith(shorter) for shorter in kept):
            kept.append(prefix)
    return kept


def _trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of `words`, as a trie (`re` then tests one branch per letter)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a shorter word ends here: minimal sets never continue past it
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


class FramingStripper:
    """Replaces every match of `patterns` (as one alternation, in order) by a space."""

    def __init__(self, patterns: Sequence[str]) -> None:
        compiled = [re.compile(pattern) for pattern in patterns]
        dispatched: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        rest: list[str] = []
        for pattern, regex in zip(patterns, compiled, strict=True):
            prefixes = literal_prefixes(pattern)
            if prefixes is None:
                rest.append(pattern)
            else:
                dispatched.append((regex, tuple(sorted(prefixes))))
        self._dispatched = dispatched
        starts = _minimal({prefix for _, prefixes in dispatched for prefix in prefixes})
        self._finder = re.compile(_trie_regex(starts)) if starts else None
        # What the finder matched (a start shared by some patterns) -> those patterns, in order.
        self._candidates: dict[str, list[tuple[re.Pattern[str], tuple[str, ...]]]] = {
            start: [
                (regex, prefixes)
                for regex, prefixes in dispatched
                if any(prefix.startswith(start) for prefix in prefixes)
            ]
            for start in starts
        }
        self._rest = re.compile("|".join(f"(?:{p})" for p in rest)) if rest else None

    @property
    def dispatched(self) -> int:
        """How many patterns run only where their literal start occurs."""
        return len(self._dispatched)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the patterns match in `text` (whitespace already collapsed), as (start, end)
        pairs in order (a match of a pattern that is not dispatched is dropped where it
        overlaps one found before)."""
        found = self._dispatched_spans(text)
        if self._rest is not None:
            found = _merge_spans(found, [m.span() for m in self._rest.finditer(text)])
        return found

    def _dispatched_spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        finder = self._finder
        if finder is not None:
            pos = 0
            end = len(text)
            search = finder.search
            candidates = self._candidates
            while pos <= end:
                hit = search(text, pos)
                if hit is None:
                    break
                start = hit.start()
                for regex, prefixes in candidates[hit.group()]:
                    if text.startswith(prefixes, start):
                        match = regex.match(text, start)
                        if match is not None and match.end() > start:
                            found.append((start, match.end()))
                            pos = match.end()
                            break
                else:
                    pos = start + 1
        return found

    def strip(self, text: str) -> str:
        """`text` with whitespace collapsed and every framing match replaced by a space."""
        text = " ".join(text.split())
        found = self._dispatched_spans(text)
        if found:
            pieces: list[str] = []
            last = 0
            for start, end in found:
                pieces.append(text[last:start])
                pieces.append(" ")
                last = end
            pieces.append(text[last:])
            text = "".join(pieces)
        if self._rest is not None:
            text = self._rest.sub(" ", text)
        return text


def _merge_spans(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans of both lists, in order; a span overlapping an earlier kept one is dropped."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(first + second):
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result

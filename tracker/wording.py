"""Word-level differences between two wordings of a recommendation.

Words are compared case-insensitively and without their surrounding punctuation, so that a
changed comma does not mark a whole word as rewritten; the pieces keep the original spelling.
Used wherever two wordings stand side by side: triage, a thread's members, reports.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$", re.UNICODE)


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"  # only in the newer wording
    DELETE = "delete"  # only in the older wording


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str  # words joined by single spaces: the newer wording's (the older's for DELETE)
    old_text: str | None = None  # for EQUAL: the older wording's spelling of the same words

    @property
    def as_old(self) -> str:
        """The piece as the older wording spells it."""
        return self.old_text if self.old_text is not None else self.text


def _comparable(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", word).casefold() or word


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, in reading order; a replacement is a deletion
    followed by an insertion."""
    old_words = _WORD.findall(old)
    new_words = _WORD.findall(new)
    matcher = difflib.SequenceMatcher(
        None,
        [_comparable(word) for word in old_words],
        [_comparable(word) for word in new_words],
        autojunk=False,
    )
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(Op.EQUAL, " ".join(new_words[j1:j2]), " ".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece(Op.DELETE, " ".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece(Op.INSERT, " ".join(new_words[j1:j2])))
    return pieces


def similarity(old: str, new: str) -> float:
    """The share of words the two wordings have in common (0 to 1)."""
    pieces = word_diff(old, new)
    same = sum(len(p.text.split()) for p in pieces if p.op is Op.EQUAL)
    total = same + sum(len(p.text.split()) for p in pieces if p.op is not Op.EQUAL)
    return same / total if total else 1.0

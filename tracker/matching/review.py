"""Review decisions: an enum whose members carry their key (for keyboards) and label.

A decision on a proposal says what the reviewer found:
- RESTATES: the later recommendation repeats the earlier ask (link accepted, kind restates);
- RELATED: overlapping subject, different ask (link accepted, kind related; joins no thread);
- DISTINCT: not the same ask (link rejected; never proposed again);
- UNSURE: no decision; the proposal stays proposed and the queue skips it for this reviewer.
"""

from __future__ import annotations

from enum import Enum

from tracker.enums import LinkKind, LinkState
from tracker.errors import InvalidInput


class Decision(Enum):
    RESTATES = ("r", "restates")
    RELATED = ("l", "related")
    DISTINCT = ("d", "distinct")
    UNSURE = ("u", "unsure")

    def __init__(self, key: str, label: str) -> None:
        self.key = key
        self.label = label

    @property
    def outcome(self) -> tuple[LinkKind, LinkState] | None:
        """The link's kind and state after this decision; None for UNSURE (no change)."""
        if self is Decision.RESTATES:
            return LinkKind.RESTATES, LinkState.ACCEPTED
        if self is Decision.RELATED:
            return LinkKind.RELATED, LinkState.ACCEPTED
        if self is Decision.DISTINCT:
            return LinkKind.RESTATES, LinkState.REJECTED
        return None

    @classmethod
    def parse(cls, text: str) -> Decision:
        """A decision from its key ('r') or label ('restates'), case-insensitive."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.key, member.label, member.name.casefold()):
                return member
        choices = ", ".join(f"{member.label} ({member.key})" for member in cls)
        raise InvalidInput(f"unknown decision {text!r}: choose one of {choices}")


# History actions of review decisions: a decision, and an "unsure" mark (which changes no row
# but is recorded so that the queue passes the pair by for the one who marked it).
DECIDE_ACTION = "decide"
UNSURE_ACTION = "unsure"

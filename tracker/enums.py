"""Enumerated values of the model. Each member carries its stored value and a label."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose value is the stored/YAML form; `label` is for people."""

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class ElectionType(LabelledEnum):
    PARLIAMENTARY = "parliamentary"
    PRESIDENTIAL = "presidential"
    LOCAL = "local"
    REFERENDUM = "referendum"
    OTHER = "other"


class ReportKind(LabelledEnum):
    """Declared from the highest authority down: the status at an election comes from the
    report of the highest kind (seed-format.md)."""

    FINAL_REPORT = "final-report"
    FOLLOW_UP = "follow-up"
    INTERIM_REPORT = "interim-report"
    PRELIMINARY_STATEMENT = "preliminary-statement"
    NEEDS_ASSESSMENT = "needs-assessment"
    OTHER = "other"

    @property
    def rank(self) -> int:
        """Lower is more authoritative."""
        return _KIND_RANK[self]


class Status(LabelledEnum):
    """The ODIHR scale, best first, and one value outside the order."""

    FULLY = "fully-implemented"
    MOSTLY = "mostly-implemented"
    PARTIALLY = "partially-implemented"
    NOT = "not-implemented"
    NO_LONGER_RELEVANT = "no-longer-relevant"

    @property
    def in_order(self) -> bool:
        return self is not Status.NO_LONGER_RELEVANT

    @property
    def rank(self) -> int:
        """0 is best; no-longer-relevant has no rank and must be filtered out first."""
        if not self.in_order:
            raise ValueError("no-longer-relevant stands outside the order")
        return _STATUS_RANK[self]

    @property
    def counts_as_implemented(self) -> bool:
        return self in (Status.FULLY, Status.MOSTLY)


class LinkKind(LabelledEnum):
    RESTATES = "restates"
    RELATED = "related"


class LinkState(LabelledEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Declaration order is the rank; computed once, since follow-up asks for it per assessment.
_KIND_RANK = {kind: index for index, kind in enumerate(ReportKind)}
_STATUS_RANK = {status: index for index, status in enumerate(Status)}

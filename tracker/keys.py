"""Recommendation keys: `<report id>#<number>`, and their natural order."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def recommendation_key(report_id: str, number: str) -> str:
    return f"{report_id}#{number}"


def split_key(key: str) -> tuple[str, str]:
    """`report#number` -> (report, number); a key without `#` has an empty number."""
    report_id, _, number = key.partition("#")
    return report_id, number


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """`r#2` sorts before `r#10`: digit runs compare as numbers, the rest as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(text) if part
    )

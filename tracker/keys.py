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


def natural_key(text: str) -> tuple[int | str, ...]:
    """`r#2` sorts before `r#10`: digit runs compare as numbers, the rest as text.

    Splitting on a captured group alternates text and digits (text first, possibly empty),
    so position by position the parts are of one type and compare without tagging."""
    parts: list[int | str] = list(_DIGITS.split(text))
    parts[1::2] = [int(part) for part in parts[1::2]]
    return tuple(parts)

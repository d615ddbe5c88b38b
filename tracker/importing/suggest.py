"""Close valid values for a wrong one: "did you mean 'voter-registration'?"."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

SCORE_CUTOFF = 75.0


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The valid value nearest to `value`, if one is near enough to be a likely typo."""
    options = list(choices)
    if not options or not value:
        return None
    folded = value.strip().lower()
    for option in options:
        if option.lower() == folded:
            return option
    if len(folded) >= 3:
        starting = [option for option in options if option.lower().startswith(folded)]
        if len(starting) == 1:
            return starting[0]
    found = process.extractOne(value, options, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF)
    return None if found is None else str(found[0])


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or nothing."""
    match = closest(value, choices)
    return f" (did you mean {match!r}?)" if match is not None and match != value else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)

"""Natural order of recommendation keys: digit runs compare as numbers."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tracker.keys import natural_key, recommendation_key, split_key


def _tagged_natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """The plain definition: non-empty runs, digits tagged to sort before text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def test_numbers_compare_as_numbers() -> None:
    keys = ["r#10", "r#2", "r#1a", "r#1", "q#3"]
    assert sorted(keys, key=natural_key) == ["q#3", "r#1", "r#1a", "r#2", "r#10"]


def test_a_key_that_starts_with_digits_sorts_before_one_with_text() -> None:
    assert sorted(["a1", "12"], key=natural_key) == ["12", "a1"]


# Key-like text: slugs, digits, the separator, and some awkward neighbours of '#'.
key_text = st.text(alphabet="ab-#0129 !é", max_size=12)


@given(key_text, key_text)
def test_orders_exactly_like_the_plain_definition(first: str, second: str) -> None:
    plain = _tagged_natural_key(first), _tagged_natural_key(second)
    fast = natural_key(first), natural_key(second)
    assert (plain[0] < plain[1]) == (fast[0] < fast[1])
    assert (plain[0] == plain[1]) == (fast[0] == fast[1])


def test_split_key_inverts_recommendation_key() -> None:
    assert split_key(recommendation_key("kz-2023-odihr", "12")) == ("kz-2023-odihr", "12")
    assert split_key("no-number") == ("no-number", "")

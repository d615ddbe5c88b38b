"""Country codes: one module checks and names them for the importer, the commands and the TUI."""

from __future__ import annotations

import pytest

from tracker import countries
from tracker.errors import InvalidInput


@pytest.mark.parametrize(("given", "code"), [("KZ", "KZ"), (" kz ", "KZ"), ("xk", "XK")])
def test_a_code_is_taken_in_any_case(given: str, code: str) -> None:
    assert countries.parse(given) == code


@pytest.mark.parametrize(
    ("given", "meant"), [("Kazakhstan", "KZ"), ("KAZ", "KZ"), ("kosovo", "XK"), ("France", "FR")]
)
def test_a_name_or_another_code_points_to_the_code_meant(given: str, meant: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        countries.parse(given)
    assert str(refused.value) == (
        f"unknown country code {given!r} (did you mean {meant!r}?): expected an ISO 3166-1 "
        "alpha-2 code such as 'KZ'"
    )


@pytest.mark.parametrize("given", ["ZZ", "", "K", "Atlantis"])
def test_a_code_that_does_not_exist_is_refused_without_a_guess(given: str) -> None:
    with pytest.raises(InvalidInput, match=r"^unknown country code '[^']*': expected"):
        countries.parse(given)


def test_names() -> None:
    assert countries.name_of("kz") == "Kazakhstan"
    assert countries.name_of("XK") == "Kosovo"
    assert countries.name_of("MD") == "Moldova"  # the common name, not "Moldova, Republic of"
    assert countries.name_of("ZZ") is None

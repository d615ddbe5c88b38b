"""Country codes: ISO 3166-1 alpha-2, and the codes observers use that ISO does not assign.

The one place that knows which codes exist and what they are called: the importer checks
files with it, the commands check `--country` with it, the briefings and the TUI name
countries with it.
"""

from __future__ import annotations

import pycountry

from tracker.errors import InvalidInput

# Kosovo's user-assigned code, used by observers (EU, OSCE) but not part of ISO 3166-1.
EXTRA_NAMES = {"XK": "Kosovo"}
CODES = frozenset(country.alpha_2 for country in pycountry.countries) | frozenset(EXTRA_NAMES)


def name_of(code: str) -> str | None:
    """The common name of a code (any case), or None for a code that does not exist."""
    code = code.upper()
    if code in EXTRA_NAMES:
        return EXTRA_NAMES[code]
    if code not in CODES:
        return None
    found = pycountry.countries.get(alpha_2=code)
    return None if found is None else str(getattr(found, "common_name", None) or found.name)


def suggestion(text: str) -> str | None:
    """The code of a country written another way ('Kazakhstan', 'KAZ', 'kz'), if any."""
    text = text.strip()
    if text.upper() in CODES:
        return text.upper()
    for code, name in EXTRA_NAMES.items():
        if text.casefold() == name.casefold():
            return code
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def unknown_code(text: str) -> str:
    """What is wrong with `text` as a country code, with the code meant where one is clear."""
    found = suggestion(text)
    hint = f" (did you mean {found!r}?)" if found else ""
    return f"unknown country code {text!r}{hint}: expected an ISO 3166-1 alpha-2 code such as 'KZ'"


def parse(text: str) -> str:
    """A country code as given on a command line: stripped and upper-cased, checked to exist."""
    code = text.strip().upper()
    if code not in CODES:
        raise InvalidInput(unknown_code(text))
    return code

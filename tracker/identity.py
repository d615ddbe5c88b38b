"""Who is acting: `--reviewer`, else `RECTRACK_REVIEWER`, else the login name."""

from __future__ import annotations

import getpass
import os

REVIEWER_ENV = "RECTRACK_REVIEWER"
MATCHER_ACTOR = "matcher"


def resolve_reviewer(explicit: str | None = None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    from_env = os.environ.get(REVIEWER_ENV, "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"

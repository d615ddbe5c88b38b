"""Who is acting: `--reviewer`, else `RECTRACK_REVIEWER`, else the login name.

The name is written as the assessor of what the reviewer assesses, and the export writes it:
it follows the assessor's rule (`tracker.fieldrules.REVIEWER`), and a name that breaks it is
refused here, before anything runs, with where it came from."""

from __future__ import annotations

import getpass
import os

from tracker import fieldrules
from tracker.errors import InvalidInput

REVIEWER_ENV = "RECTRACK_REVIEWER"
MATCHER_ACTOR = "matcher"


def resolve_reviewer(explicit: str | None = None) -> str:
    if explicit and explicit.strip():
        return fieldrules.REVIEWER.from_person(explicit, "--reviewer")
    from_env = os.environ.get(REVIEWER_ENV, "")
    if from_env.strip():
        return fieldrules.REVIEWER.from_person(from_env, REVIEWER_ENV)
    try:
        login = getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
    problem = fieldrules.REVIEWER.person_problem(login)
    if problem is not None:
        raise InvalidInput(
            f"the login name cannot be the reviewer's name ({problem}): "
            f"give one with --reviewer or {REVIEWER_ENV}"
        )
    return login.strip()

"""Who is acting: `--reviewer`, else `RECTRACK_REVIEWER`, else the login name; on a PostgreSQL
store with roles, the database login (`resolve_actor`).

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


def resolve_actor(explicit: str | None, login: str, *, may_act_for_others: bool) -> str:
    """Who acts on a store whose roles PostgreSQL enforces: the database login, never a
    self-declared name. `--reviewer` (else `RECTRACK_REVIEWER`) may only repeat the login,
    unless an admin records on another's behalf: then both names are kept,
    `<name> (recorded by <login>)`."""
    from tracker.errors import NotPermitted
    from tracker.roles import on_behalf

    source, named = "--reviewer", explicit
    if not (named and named.strip()):
        source, named = REVIEWER_ENV, os.environ.get(REVIEWER_ENV, "")
    if not named.strip() or named.strip() == login:
        problem = fieldrules.REVIEWER.person_problem(login)
        if problem is not None:
            raise InvalidInput(f"the database login cannot be the reviewer's name ({problem})")
        return login
    name = fieldrules.REVIEWER.from_person(named, source)
    if not may_act_for_others:
        raise NotPermitted(
            f"{source} names {name}, but on this PostgreSQL store the history records who is "
            f"logged in ({login}); only an admin may record on another's behalf: leave "
            f"{source} out, or log in as {name}"
        )
    actor = on_behalf(name, login)
    problem = fieldrules.REVIEWER.problem(actor)
    if problem is not None:
        raise InvalidInput(f"{source}: {problem}")
    return actor

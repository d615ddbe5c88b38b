"""One root for every failure a user can act on; the CLI and the TUI map them to a message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.importing.issues import ImportIssue


class TrackerError(Exception):
    """A failure with a message meant for the user. `exit_code` is what the CLI returns."""

    exit_code = 1
    # Set by a command that already printed this error as its `--json` object.
    reported_as_json = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(TrackerError):
    """A key, report, country or election that the store does not hold."""

    @classmethod
    def no_elections(cls, *codes: str) -> NotFound:
        """A country the store holds no election of: worded alike by every command."""
        return cls(f"no elections of {', '.join(codes)} in the store")


class InvalidInput(TrackerError):
    """A value given on the command line or through the API that is not acceptable."""


class ConstraintViolation(TrackerError):
    """The database refused a write: a duplicate key, a bad value, a dangling reference."""


class ConflictError(TrackerError):
    """Someone else changed the same row since it was read (optimistic locking), or the store
    holds a decision that the requested change would silently drop."""

    exit_code = 3


class StoreBusy(TrackerError):
    """Another writer holds the store for longer than the busy timeout."""

    exit_code = 4


class StoreNotReady(TrackerError):
    """The store has no schema yet, or an older one: `rectrack init` is the cure."""

    exit_code = 5


class NotPermitted(TrackerError):
    """The login's role does not allow what was asked (or it has no role on this store, or the
    command has no meaning on this backend). Exit status 7."""

    exit_code = 7


class ConfigError(TrackerError):
    """A configuration file or setting that cannot be used."""


class ExtractionFailed(TrackerError):
    """A report's file could not be turned into a draft: an unsupported type, no text layer, no
    recommendations section. The message names the file."""


class ImportFailed(InvalidInput):
    """Input files that do not follow the YAML format (seed-format.md); nothing was written.
    `issues` holds every problem of the batch, each with its file, line, column and path."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        super().__init__(
            f"{count} error{'s' if count != 1 else ''} in the input; nothing was written"
        )


class ImportConflict(ConflictError):
    """Input files that contradict reviewer decisions held in the store; nothing was written.
    `--prefer file` or `--prefer store` says which side wins."""

    def __init__(self, issues: Sequence[ImportIssue], *, rule_breaks: int = 0) -> None:
        """`rule_breaks`: how many of `issues` are decisions held in the store that the batch
        would leave breaking the store's rules, which no --prefer settles."""
        self.issues = tuple(issues)
        count = len(self.issues)
        what = f"{count} conflict{'s' if count != 1 else ''}"
        if rule_breaks == 0:
            message = (
                f"{what} with reviewer decisions in the store; nothing was written "
                "(--prefer file or --prefer store decides which side wins)"
            )
        elif rule_breaks == count:
            message = (
                f"{what} with the store's rules: decisions held in the store would break them; "
                "nothing was written (--prefer cannot override these)"
            )
        else:
            message = (
                f"{what} with decisions in the store; nothing was written ({rule_breaks} would "
                "break the store's rules, which --prefer cannot override; --prefer file or "
                "--prefer store decides the others)"
            )
        super().__init__(message)

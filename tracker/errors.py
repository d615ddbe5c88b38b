"""One root for every failure a user can act on; the CLI and the TUI map them to a message."""

from __future__ import annotations


class TrackerError(Exception):
    """A failure with a message meant for the user. `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(TrackerError):
    """A key, report, country or election that the store does not hold."""


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


class ConfigError(TrackerError):
    """A configuration file or setting that cannot be used."""

"""Writing one file all or nothing: the new content goes to a temporary file beside the target,
is flushed to disk, and is renamed over the target only once it is whole.

A reader (or a crash, a full disk, Ctrl-C) therefore sees the earlier file or the new one, never
a file cut off half way. The temporary file sits in the target's own folder, because a rename is
atomic only within one file system, and is hidden (`.<name>.<random>.tmp`) so that a folder
listing or `rectrack import DIR` does not pick it up.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from pathlib import Path

# How many random names to try before giving up (each is 12 hex digits: a clash is a fluke).
_ATTEMPTS = 10
# The longest file name most file systems take, in bytes.
_NAME_MAX = 255


def _temporary_name(name: str) -> str:
    """`.<name>.<random>.tmp`, or, where that would be longer than a file name may be (a target
    whose own name is legal, near the limit), a short one from the name's digest."""
    token = secrets.token_hex(6)
    wanted = f".{name}.{token}.tmp"
    if len(wanted.encode("utf-8", "surrogateescape")) <= _NAME_MAX:
        return wanted
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f".rectrack-{digest}.{token}.tmp"


def exists(path: Path) -> bool:
    """Whether `path` exists; False where it cannot even be looked at (a name too long, a
    folder that is a file), so that a message about the write can still be worded."""
    try:
        return path.exists()
    except OSError:
        return False


def resolved(target: Path) -> Path:
    """Where writing `target` should go: through a symbolic link to the file it names, so that
    the link stays a link (as an editor that saves in place leaves it)."""
    try:
        if target.is_symlink():
            return Path(os.path.realpath(target))
    except OSError:
        pass
    return target


def temporary_beside(target: Path) -> tuple[int, Path]:
    """A new, empty hidden file next to `target`, opened for writing: (descriptor, path)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(_ATTEMPTS):
        temporary = target.with_name(_temporary_name(target.name))
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {target}")


def replace_bytes(target: Path, data: bytes) -> None:
    """Replaces `target` with `data`, all or nothing.

    An existing target keeps its permission bits (a new one gets the umask's). On any failure,
    an interrupt included, the temporary file is removed and the target is left as it was; the
    OSError (or the interrupt) is raised for the caller to word. A target that is a symbolic
    link has the file it names replaced.
    """
    target = resolved(target)
    mode = _mode_of(target)
    handle, temporary = temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            # Without this a crash after the rename can leave an empty file under the new name.
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def replace_text(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    """`replace_bytes` of `text` encoded, newlines written as they are (no translation)."""
    replace_bytes(target, text.encode(encoding))


def _mode_of(target: Path) -> int | None:
    try:
        status = target.stat()
    except FileNotFoundError:
        return None
    return stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else None

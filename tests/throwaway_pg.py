"""A throw-away PostgreSQL server for the test session, so that a fresh machine with the server
binaries installed runs every test with one command.

The cluster lives in a temporary folder (its data, its log and its unix socket); it listens on
no TCP port at all, so it never collides with a running server or another test session, and
trusts local connections, which only its owner's processes can open (the folder is 0700).

initdb refuses to run as root, which is how CI runs: as root, the cluster is made and run by
the `postgres` user (or `nobody` where there is none), owning the folder; root may still
connect through the socket. A normal user runs it as themself.
"""

from __future__ import annotations

import atexit
import locale
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

SUPERUSER = "rectrack"
DATABASE = "postgres"  # the cluster is the test's alone: no need for another database
# Debian and Ubuntu install each major version apart; RHEL under /usr/pgsql-N; a source build
# under /usr/local/pgsql; Homebrew under its own prefix.
SEARCH_PATTERNS = (
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/usr/local/pgsql/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql@*/bin",
)
RUN_AS_WHEN_ROOT = ("postgres", "nobody")
UTF8_LOCALES = ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8")
TIMEOUT = 120  # seconds; a guard against a hang, not a measurement


class Unavailable(Exception):
    """No throw-away server can be had here; the message says why, for the skip reason."""


def _version_key(folder: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", folder))


def find_bindir(path: str | None = None, patterns: Iterable[str] = SEARCH_PATTERNS) -> Path | None:
    """The folder holding initdb and pg_ctl: from PATH first (the user's choice), else the
    newest version in the usual install places."""
    initdb = shutil.which("initdb", path=path)
    if initdb:
        folder = Path(initdb).resolve().parent
        if (folder / "pg_ctl").exists():
            return folder
    candidates = [found for pattern in patterns for found in glob(pattern)]
    for candidate in sorted(candidates, key=_version_key, reverse=True):
        if all(os.access(Path(candidate) / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(candidate)
    return None


def _run_as_user() -> pwd.struct_passwd | None:
    """Whom to run the server as: None for oneself, else an unprivileged user (as root)."""
    if os.geteuid() != 0:
        return None
    for name in RUN_AS_WHEN_ROOT:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise Unavailable(
        "running as root, and initdb refuses root, but there is no 'postgres' or 'nobody' user"
    )


def utf8_locale(candidates: Iterable[str] = UTF8_LOCALES) -> str | None:
    """A UTF-8 locale this machine has. A cluster made under the C locale lower-cases only
    ASCII, so that case-insensitive search of Cyrillic or accented text would fail there and
    nowhere else."""
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        for name in candidates:
            try:
                locale.setlocale(locale.LC_CTYPE, name)
            except locale.Error:
                continue
            return name
        return None
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def _short_temp_parent() -> str | None:
    # A unix socket path may be at most about 100 bytes; macOS's $TMPDIR alone is half that.
    return "/tmp" if os.path.isdir("/tmp") else None


@dataclass
class Server:
    """A running throw-away cluster; `stop()` stops it and removes its folder (idempotent)."""

    bindir: Path
    folder: Path
    user: pwd.struct_passwd | None
    version: str = ""
    _stopped: bool = field(default=False, repr=False)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{DATABASE}?host={self.folder}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        user = self.user
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=self.folder,  # the server's user may not be able to enter the caller's folder
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
            env={**os.environ, "LC_ALL": "C", "TZ": "UTC"}
            | ({"HOME": str(self.folder)} if user else {}),
            # Its own session: a Ctrl-C in the terminal reaches pytest, which stops the server
            # after tearing the tests down, and not the server under the tests' feet.
            start_new_session=True,
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip()
            if self.log.exists():
                detail += "\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-10:])
            raise Unavailable(f"{what} failed ({self.bindir}): {detail.strip()}")

    def start(self) -> None:
        self._check(
            self._run(
                "initdb",
                "--pgdata",
                str(self.data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                *([f"--locale={name}"] if (name := utf8_locale()) else []),
                "--no-sync",  # thrown away afterwards: durability buys nothing
            ),
            "initdb",
        )
        options = " ".join(
            [
                f"-k {self.folder}",
                "-c listen_addresses=''",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        self._check(
            self._run(
                "pg_ctl", "start", "--wait", "--silent", "-D", str(self.data),
                "-l", str(self.log), "-t", str(TIMEOUT), "-o", options,
            ),
            "pg_ctl start",
        )  # fmt: skip
        version = self._run("pg_ctl", "--version")
        found = re.search(r"\(PostgreSQL\) (\S+)", version.stdout)
        self.version = found.group(1) if found else version.stdout.strip()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            if (self.data / "postmaster.pid").exists():
                stopped = self._run("pg_ctl", "stop", "--wait", "-D", str(self.data), "-m", "fast")
                if stopped.returncode != 0:
                    self._kill()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self) -> None:
        # pg_ctl could not stop it (a signal it never got, a second Ctrl-C): end the postmaster
        # by the pid it wrote, so that no server outlives the session.
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)
        except (OSError, ValueError, IndexError):
            pass


def start(
    bindir: Path | None = None, on_exit: Callable[[Callable[[], None]], object] = atexit.register
) -> Server:
    """Start a throw-away server; raises Unavailable saying why not. The server is also stopped
    at interpreter exit, should the caller's own teardown never run."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise Unavailable("no server: set RECTRACK_TEST_PG or install postgresql")
    user = _run_as_user()
    folder = Path(tempfile.mkdtemp(prefix="rectrack-pg-", dir=_short_temp_parent()))
    if user:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = Server(bindir=bindir, folder=folder, user=user)
    on_exit(server.stop)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server

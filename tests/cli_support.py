"""Running `rectrack` in process, as a test drives it."""

from __future__ import annotations

import pytest

from tracker.cli import main


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`rectrack ARGS...`: its exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err

"""`pip install .` (a wheel, not an editable install) carries the migrations and the seed data:
the installed command works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_wheel_installs_and_initialises_a_store(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO_ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("rectrack-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RECTRACK_DB")}
    rectrack = env_dir / "bin" / "rectrack"
    url = f"sqlite:///{tmp_path / 'installed.db'}"
    init = subprocess.run(
        [str(rectrack), "--db", url, "init"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert init.returncode == 0, init.stderr
    assert "Created the store" in init.stdout

    located = subprocess.run(
        [
            str(python),
            "-c",
            "from tracker import schema; print(schema.migrations_dir()); print(schema.seed_dir())",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    migrations, seed = located.stdout.split()
    assert "site-packages" in migrations and migrations.endswith("_migrations")
    assert "site-packages" in seed and seed.endswith("_seed")
    assert (Path(seed) / "topics.yaml").exists()

"""Running `python -m data_access` in a subprocess, as a user would, for CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys

from data_access.settings import PROJECT_ROOT


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m data_access --database-url URL ARGS...` and return the finished process."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "data_access", "--database-url", url, *args],
        cwd=PROJECT_ROOT,
        env=env | {"USER": "panitia-cli"},
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """Return the stdout of a run that must have succeeded."""
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def refused(done: subprocess.CompletedProcess[str]) -> str:
    """Return the stderr of a run that must have failed cleanly, in both languages."""
    assert done.returncode == 1, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr and " / " in done.stderr
    return done.stderr

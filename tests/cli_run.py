"""Running the command line in the test process with click's CliRunner, for CLI tests.

In-process, each run costs no interpreter start nor imports; tests/test_cli.py and
tests/test_users_cli.py keep a few runs of the real `python -m data_access` in a subprocess,
for what only a process shows (its exit status, stdout and stderr, environment, signals).
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping

from click.testing import CliRunner

from data_access.cli import PROG
from data_access.cli import cli as command_line


def cli(
    url: str, *args: str, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m data_access --database-url URL ARGS...` and return what it printed.

    env: more environment variables for the run, None to unset one (click sets them for
    the run, then restores them).
    """
    argv = ["--database-url", url, *args]
    # As a user's shell would: no DATABASE_URL to override --database-url, a known $USER,
    # and no terminal on stdin.
    environment = {"DATABASE_URL": None, "USER": "panitia-cli", **(env or {})}
    done = CliRunner().invoke(command_line, argv, prog_name=PROG, env=environment)
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        raise done.exception  # a traceback a user would see: the test fails with it
    return subprocess.CompletedProcess(argv, done.exit_code, done.stdout, done.stderr)


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

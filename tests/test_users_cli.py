"""`python -m data_access users add/list/remove` on a temp SQLite file.

The commands run in process through click (tests/cli_run.py); one test starts the real
process to show what a password prompt does with no terminal on stdin.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from data_access.db import make_engine, transaction
from data_access.settings import PROJECT_ROOT
from data_access.users import authenticate
from tests.cli_run import cli

GOOD_PASSWORD = "rahasia-panitia-1"


@pytest.fixture
def users_cli(tmp_path):
    """users_cli(*args, env=None) runs the users command on a temp SQLite file."""
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        # No password of the test's own environment leaks in: "missing env var" means it.
        environment = {"KIPP_TEST_PASSWORD": None, "INSTANCE_DIR": str(tmp_path), **(env or {})}
        return cli(url, "users", *args, env=environment)

    run.url = url
    return run


def _add(users_cli, name: str, role: str, password: str = GOOD_PASSWORD):
    return users_cli(
        "add", name, "--role", role, "--password-env", "KIPP_TEST_PASSWORD",
        env={"KIPP_TEST_PASSWORD": password},
    )  # fmt: skip


def test_add_list_remove(users_cli):
    added = _add(users_cli, "panitia", "admin")
    assert added.returncode == 0, added.stderr
    assert "panitia (admin)" in added.stdout
    assert _add(users_cli, "tamu", "viewer").returncode == 0
    listed = users_cli("list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["username", "role", "created"]
    rows = [line.split()[:2] for line in lines[2:]]
    assert rows == [["panitia", "admin"], ["tamu", "viewer"]]
    # The password works, and no hash (nor the password) is ever printed.
    engine = make_engine(users_cli.url)
    with transaction(engine) as session:
        assert authenticate(session, "panitia", GOOD_PASSWORD) is not None
    engine.dispose()
    for output in (added.stdout + added.stderr, listed.stdout + listed.stderr):
        assert "$argon2" not in output and GOOD_PASSWORD not in output
    # A refused change leaves the accounts as they were.
    assert _add(users_cli, "tamu", "admin", password="lain-sandi-123").returncode == 1
    removed = users_cli("remove", "tamu")
    assert removed.returncode == 0, removed.stderr
    assert "tamu" in removed.stdout
    assert [line.split()[0] for line in users_cli("list").stdout.splitlines()[2:]] == ["panitia"]


def test_list_of_no_users(users_cli):
    listed = users_cli("list")
    assert listed.returncode == 0
    assert "(kosong / empty)" in listed.stdout


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing env var", ("tidak ada", "is not set")),
        ("short password", ("minimal 8 karakter", "at least 8 characters")),
        ("duplicate user", ("sudah ada", "already exists")),
        ("bad username", ("Nama pengguna", "username must be")),
        ("remove unknown", ("tidak ada", "no user")),
    ],
)
def test_refusals_exit_1_with_a_bilingual_message(users_cli, case, expected):
    if case == "duplicate user":
        assert _add(users_cli, "panitia", "admin").returncode == 0
    if case == "missing env var":
        result = users_cli(
            "add", "baru", "--role", "viewer", "--password-env", "KIPP_TEST_PASSWORD"
        )
    elif case == "short password":
        result = _add(users_cli, "baru", "viewer", password="pendek")
    elif case == "duplicate user":
        result = _add(users_cli, "panitia", "viewer")
    elif case == "bad username":
        result = _add(users_cli, "a b", "viewer")
    else:
        result = users_cli("remove", "tidak-ada")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("Galat / error:")
    indonesian, english = expected
    assert indonesian in result.stderr and english in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_role_is_refused_with_exit_1_and_a_bilingual_message(users_cli):
    """An unknown role is refused by add_user: exit 1 and a message in both languages."""
    result = _add(users_cli, "raja", "superadmin")
    assert "(kosong / empty)" in users_cli("list").stdout  # nothing was added, either way
    assert result.returncode == 1, result.stderr
    assert "Peran harus salah satu dari / role must be one of" in result.stderr


def test_password_prompt_without_a_terminal_is_refused_by_the_real_process(tmp_path):
    """With no terminal on stdin (a script, a pipe) `users add` exits 1 instead of prompting."""
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KIPP_TEST_PASSWORD")
    }
    argv = ["--database-url", url, "users", "add", "baru", "--role", "viewer"]
    result = subprocess.run(
        [sys.executable, "-m", "data_access", *argv],
        cwd=PROJECT_ROOT,
        env=environment | {"INSTANCE_DIR": str(tmp_path)},
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("Galat / error:")
    assert "Tidak ada terminal" in result.stderr and "no terminal" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_profile_role_unlock_keep_parity_with_the_accounts_page_and_are_recorded(users_cli):
    """`users profile|role|unlock`: the same rules as /akun, each change in the audit record
    under $USER (tests/cli_run.py sets it), never a password."""
    from data_access import audit
    from data_access.login_limits import NAME_LIMIT, record_failure

    assert _add(users_cli, "panitia", "admin").returncode == 0
    assert _add(users_cli, "tamu", "viewer").returncode == 0
    name = "Dra. Sekar Ayu Pramesti, M.Si."
    done = users_cli("profile", "tamu", "--display-name", name, "--nip", "19800101 200601 2 009")
    assert done.returncode == 0, done.stderr
    assert f"tamu ({name} · 19800101 200601 2 009)" in done.stdout
    kept = users_cli("profile", "tamu", "--jabatan", "Analis")  # options not given stay
    assert f"({name} · 19800101 200601 2 009 · Analis)" in kept.stdout
    assert f"tamu      viewer  {name}" in users_cli("list").stdout
    bad = users_cli("profile", "tamu", "--nip", "123")
    assert bad.returncode == 1 and "NIP harus 18 angka (spasi boleh) / an NIP is 18" in bad.stderr
    last = users_cli("role", "panitia", "viewer")
    assert (
        last.returncode == 1
        and "satu-satunya admin" in last.stderr
        and "is the only admin" in last.stderr
    )
    assert users_cli("role", "tamu", "bupati").returncode == 0
    juri = users_cli("role", "tamu", "juri")
    assert juri.returncode == 1 and "Kelola Juri" in juri.stderr
    assert users_cli("unlock", "tamu").returncode == 1  # not locked: said, nothing recorded
    engine = make_engine(users_cli.url)
    with transaction(engine) as session:
        for _ in range(NAME_LIMIT):
            record_failure(session, "tamu", "203.0.113.9")
    assert "tamu" in users_cli("unlock", "tamu").stdout
    assert users_cli("remove", "tamu").returncode == 0
    with transaction(engine) as session:
        found = [(e.action, e.actor) for e in audit.events(session)]
    engine.dispose()
    assert found == [
        (audit.ACCOUNT_REMOVED, "panitia-cli"),
        (audit.ACCOUNT_UNLOCKED, "panitia-cli"),
        (audit.ACCOUNT_ROLE, "panitia-cli"),
        (audit.ACCOUNT_PROFILE, "panitia-cli"),
        (audit.ACCOUNT_PROFILE, "panitia-cli"),
        (audit.ACCOUNT_ADDED, "panitia-cli"),
        (audit.ACCOUNT_ADDED, "panitia-cli"),
    ]

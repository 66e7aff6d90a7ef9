"""The command line end to end on a real database file.

The commands run in process through click (tests/cli_run.py); a few tests start the real
`python -m data_access` for what only a process shows: the entry point, its exit statuses,
stdout kept apart from stderr in UTF-8, $DATABASE_URL, and Ctrl-C.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from data_access.cli import PROG
from data_access.cli import cli as command_line
from data_access.cli.reports import RESULTS_COLUMNS
from data_access.demo import DEMO_CODE
from tests.cli_run import cli, ok, refused

ROOT = Path(__file__).resolve().parent.parent


def entry_point(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `python -m data_access ARGS...` in a process, as a user's shell would."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "data_access", *args],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    """A fresh SQLite file with the demo edition loaded through `init` and `demo`."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'kipp.sqlite3'}"
    ok(cli(url, "init"))
    ok(cli(url, "demo"))
    return url


def _results(url: str) -> list[dict[str, str]]:
    out = ok(cli(url, "results", "--edition", DEMO_CODE, "--format", "csv"))
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == RESULTS_COLUMNS
    return list(reader)


def test_results_csv_contract(demo_db):
    """The CSV has exactly the contract's columns, one row per eligible innovation, in order."""
    rows = _results(demo_db)
    assert len(rows) == 25  # 32 innovations, 25 passed the administrative check
    ranked = [r for r in rows if r["rank"]]
    finals = [Decimal(r["final_score"]) for r in ranked if r["finalist"] == "1"]
    assert sum(r["finalist"] == "1" for r in rows) == 6
    assert finals == sorted(finals, reverse=True)
    for row in ranked:
        for column in ("proposal_score", "final_score"):
            whole, dot, cents = row[column].partition(".")
            assert dot == "." and len(cents) == 2 and whole.isdigit()
        assert row["tie"] in ("0", "1") and row["finalist"] in ("0", "1")
    ranks = [int(r["rank"]) for r in ranked]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_results_json_and_table(demo_db):
    """JSON carries the same rows plus tier and award; the table names every code."""
    data = json.loads(ok(cli(demo_db, "results", "--edition", DEMO_CODE, "--format", "json")))
    csv_rows = _results(demo_db)
    assert [r["code"] for r in data["rows"]] == [r["code"] for r in csv_rows]
    assert data["awards_decided"] is False  # the presentation stage is only partly scored
    assert all(r["award"] is None for r in data["rows"])
    table = ok(cli(demo_db, "results", "--edition", DEMO_CODE))
    assert all(r["code"] in table for r in csv_rows)


def test_progress_and_participation_tables(demo_db):
    """progress and participation print their tables with the demo's known totals."""
    progress = ok(cli(demo_db, "progress", "--edition", DEMO_CODE))
    assert "proposal" in progress and "presentation" in progress and "Undip" in progress
    participation = ok(cli(demo_db, "participation", "--edition", DEMO_CODE))
    assert "KEC_JATI" in participation
    assert "/34 OPD" in participation  # the regency list has 34 required OPDs


def test_demo_twice_is_refused_or_skipped(demo_db):
    """A second `demo` fails plainly; with --if-missing it is a no-op."""
    assert "sudah ada" in refused(cli(demo_db, "demo"))
    assert "sudah ada" in ok(cli(demo_db, "demo", "--if-missing"))


def test_simulate_adds_sheets_and_moves_progress(tmp_path):
    """simulate completes open sheets on the demo edition; the progress figures move."""
    url = f"sqlite:///{tmp_path / 'sim.sqlite3'}"
    ok(cli(url, "demo"))
    before = ok(cli(url, "progress"))
    done = ok(cli(url, "simulate", "--speed", "1000", "--max-sheets", "3", "--seed", "1"))
    assert "3 lembar dinilai" in done
    assert ok(cli(url, "progress")) != before


def test_simulate_stops_cleanly_on_ctrl_c(demo_url):
    """Ctrl-C (SIGINT) ends a running simulation with a message and exit status 0."""
    url = demo_url
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "data_access", "--database-url", url, "simulate", "--speed", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell that started the tests in the background ignores SIGINT, and a child
        # inherits that: Python would then never raise KeyboardInterrupt. Like a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert "Ctrl-C" in process.stdout.readline()  # the banner
        assert "menilai" in process.stdout.readline()  # one sheet written, now sleeping 30 s
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.communicate()  # its pipes closed here, not by a later test's garbage collector
    assert process.returncode == 0, err
    assert "Simulasi dihentikan" in out and "1 lembar dinilai" in out
    assert "Traceback" not in err


def test_unknown_edition_and_bad_import_fail_with_a_message(demo_db, tmp_path):
    """Errors are reported in both languages with a non-zero exit status, data unchanged."""
    assert "tidak ditemukan" in refused(cli(demo_db, "results", "--edition", "nope"))
    before = _results(demo_db)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scores.csv").write_text(
        "juror_code,innovation_code,stage,criterion_code,score,scored_at\n"
        "J01,KIPP22-001,proposal,kebaruan,101,2022-11-18T10:00\n",
        encoding="utf-8",
    )
    bad_import = cli(demo_db, "import", str(bad), "--edition", DEMO_CODE)
    assert bad_import.returncode != 0
    assert "scores" in bad_import.stderr and "101" in bad_import.stderr
    assert _results(demo_db) == before


def test_commands_before_init_say_what_to_do(tmp_path):
    """A command on an empty database points the user at `init`/`demo`, without a traceback."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = cli(url, "results")  # a traceback in process fails the test by itself
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


@pytest.mark.postgres
def test_demo_ranks_identically_on_postgresql(demo_db, pg_url):
    """The same demo loaded into PostgreSQL gives byte-identical results."""
    ok(cli(pg_url, "init"))
    ok(cli(pg_url, "demo"))
    assert _results(pg_url) == _results(demo_db)


def test_cli_help_lists_every_command():
    """`python -m data_access --help` starts, exits 0 and names every command of the contract."""
    done = entry_point("--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for command in ("init", "demo", "import", "results", "progress", "participation", "simulate"):
        assert command in out


def test_process_reads_database_url_from_its_environment(tmp_path):
    """The real process takes $DATABASE_URL when no --database-url is given."""
    path = tmp_path / "from-env.sqlite3"
    done = entry_point("init", env={"DATABASE_URL": f"sqlite:///{path}"})
    assert done.returncode == 0, done.stderr
    assert path.is_file() and done.stderr == "" and "/" in done.stdout


def test_process_prints_only_the_data_on_stdout(demo_db):
    """The real process's stdout is exactly the CSV asked for: nothing else is printed there."""
    done = entry_point(
        "--database-url", demo_db, "results", "--edition", DEMO_CODE, "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert list(csv.DictReader(io.StringIO(done.stdout))) == _results(demo_db)


def test_process_exit_statuses_with_messages_on_stderr_in_utf8(demo_db):
    """A refusal exits 1 and a usage error 2, each with its message on stderr alone, in UTF-8."""
    code = "edisi-×-é"  # echoed back in the message: the text survives the process both ways
    missing = entry_point("--database-url", demo_db, "results", "--edition", code)
    assert missing.returncode == 1, missing.stderr
    assert missing.stdout == ""
    assert missing.stderr.startswith("Galat / error:") and f"'{code}' not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = entry_point("--database-url", demo_db, "results", "--format", "xml")
    assert usage.returncode == 2, usage.stderr
    assert usage.stdout == "" and "Usage: python -m data_access results" in usage.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["results", "--format", "xml"], 2),
        (["users", "add", "panitia"], 2),  # --role is required
        (["kiosk", "token"], 2),
        (["simulate", "--speed", "fast"], 2),
        ([], 2),
        (["-h"], 0),
    ],
)
def test_usage_errors_exit_2(args, status):
    """Usage errors exit 2 before any database is opened, as argparse's did."""
    done = CliRunner().invoke(command_line, args, prog_name=PROG)
    assert done.exit_code == status, done.output


def test_help_lists_commands_in_working_order_with_whole_lines():
    """The listing keeps each command's whole bilingual line, in the order of the work."""
    shown = CliRunner().invoke(command_line, ["--help"], prog_name=PROG).stdout
    names = [
        line.split()[0] for line in shown.split("Commands:")[1].splitlines() if line[:3].strip()
    ]
    assert names[:4] == ["init", "demo", "import", "results"]
    ceremony = " ".join(CliRunner().invoke(command_line, ["ceremony", "--help"]).stdout.split())
    assert (
        "cancel-approval batalkan persetujuan sebelum pengumuman / cancel the approval" in ceremony
    )
    listing = ceremony.split("Commands:")[1]
    assert "before the reveal" in listing and "..." not in listing

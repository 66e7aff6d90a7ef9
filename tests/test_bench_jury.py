"""The jury bench (bench/jury.py) run small on PostgreSQL, and its figures on literal data.

The short run (3 jurors saving every 0.3 s, 4 viewers, 2 screens, one round without and
one with jurors) measures nothing; `make bench-jury` does. It proves the table and every
verdict line come out and that no acknowledged save went missing.
"""

from __future__ import annotations

import math
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.jury_clients import Ack, Expected, Screen, centi_of, sheet_plan, typed
from bench.jury_report import (
    WITH,
    WITHOUT,
    Round,
    Row,
    lost_saves,
    p95,
    round_p95,
    table,
    visibility,
)
from bench.load_requests import Record

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = (
    "save answered, p95",
    r"errors \(failed requests, server log\)",
    "lost saves",
    "save → every viewer's screen, p95",
    r"viewer tick \(GET /api/versi\), p95",
    "viewer refresh callback, p95",
)


@pytest.mark.postgres
def test_a_short_run_on_postgresql_prints_both_runs_and_loses_no_save(pg_server_url):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.jury",
            f"--postgres-url={pg_server_url}",
            "--jurors=3",
            "--viewers=4",
            "--kiosks=2",
            "--duration=2.5",
            "--round=2.5",
            "--interval=2",
            "--save-every=0.3",
            "--ramp=0",
            "--innovations=12",
        ],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "1"},
        capture_output=True,
        text=True,
        timeout=150,
    )
    out = done.stdout
    assert re.search(r"^metric +with jurors +without jurors +ratio +target +verdict$", out, re.M)
    for name in VERDICTS:
        assert re.search(rf"^VERDICT jury, {name}: .+ -> (PASS|MISS)$", out, re.M), out
    # How fast depends on what else this machine runs; nothing may fail or go missing.
    assert re.search(r"^VERDICT jury, errors .* -> PASS$", out, re.M), out + done.stderr
    lost = re.search(
        r"^VERDICT jury, lost saves: 0 of (\d+) acknowledged \(target 0\) -> PASS$", out, re.M
    )
    assert lost and int(lost.group(1)) > 0, out
    assert re.search(r"whole run: .*history 0, submits 0, sheets 0 of [1-9]", out), out
    assert re.search(r"^round +2 with jurors +: saves [1-9]", out, re.M), out
    assert re.search(r"^PostgreSQL: the server's autovacuum is (on|off)", out, re.M), out
    passed = "ALL TARGETS MET" in out
    assert done.returncode == (0 if passed else 1), out + done.stderr


@pytest.mark.postgres
def test_the_bench_vacuums_as_autovacuum_would_when_the_server_does_not(pg_url):
    """This machine's CI server runs without autovacuum: a long bench must not measure that."""
    from sqlalchemy import text

    from bench.postgres import Autovacuum
    from data_access.db import make_engine

    vacuum = Autovacuum(pg_url, every=0.2)
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            server_vacuums = conn.execute(text("SHOW autovacuum")).scalar() == "on"
        assert vacuum.needed is not server_vacuums
        vacuum.start()
        time.sleep(1.5)
        vacuum.close()
        if server_vacuums:
            assert vacuum.runs == [] and "autovacuum is on" in vacuum.line()
        else:
            assert vacuum.runs and "autovacuum is off" in vacuum.line()
            with engine.connect() as conn:  # the bench database was vacuumed and analyzed
                analyzed = conn.execute(
                    text("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables LIMIT 1")
                ).one()
            assert all(analyzed), analyzed
    finally:
        vacuum.close()
        engine.dispose()


def ack(innovation: str, criterion: str | None, centi: int | None, revision: int) -> Ack:
    return Ack("J1", innovation, criterion, centi, revision, 0.0, 0)


def test_lost_saves_counts_each_place_a_save_can_go_missing():
    acks = [ack("A", "x", 7000, 1), ack("A", "x", 7100, 2), ack("A", None, None, 3)]
    acks += [ack("B", "x", 6000, 1), ack("B", "y", 6000, 2)]
    expected = {
        ("J1", "A"): Expected(3, {"x": 7100}, True),
        ("J1", "B"): Expected(2, {"x": 6000, "y": 6000}),
    }
    history = [
        ("J1", "A", "x", "score", 7000),
        ("J1", "A", "x", "score", 7100),
        ("J1", "A", None, "submit", None),
        ("J1", "B", "x", "score", 6000),
        ("J1", "B", "y", "score", 6000),
    ]
    scores = {("J1", "A"): {"x": 7100}, ("J1", "B"): {"x": 6000, "y": 6000}}
    states = {("J1", "A"): (3, "submitted"), ("J1", "B"): (2, "draft")}
    whole = lost_saves(acks, expected, history, scores, states)
    assert (whole.total, whole.unacknowledged) == (0, 0)
    # A value typed twice needs two lines; a submit its own; a sheet its last answer.
    assert lost_saves(acks, expected, history[1:], scores, states).history == 1
    assert lost_saves(acks, expected, history[:2] + history[3:], scores, states).submits == 1
    stale = {**states, ("J1", "B"): (1, "draft")}
    assert lost_saves(acks, expected, history, scores, stale).sheets == 1
    wrong = {**scores, ("J1", "A"): {"x": 7000}}
    assert lost_saves(acks, expected, history, wrong, states).total == 1
    # A save sent after the last answer, whose answer never came, may have been written.
    later = {**states, ("J1", "B"): (3, "draft")}
    assert lost_saves(acks, expected, history, scores, later).sheets == 1
    expected["J1", "B"].settled = False
    assert lost_saves(acks, expected, history, scores, later).sheets == 0
    assert lost_saves(acks, expected, history, scores, stale).sheets == 1
    extra = [*history, ("J1", "B", "y", "score", 6500)]
    assert lost_saves(acks, expected, extra, scores, states).unacknowledged == 1


def test_visibility_times_every_viewer_from_the_answer_to_its_screen():
    late = Screen(joined_at=0.0, updates=[(4.0, 4.5, 10), (9.0, 9.2, 12)])
    early = Screen(joined_at=0.0, updates=[(1.0, 1.1, 11)])
    absent = Screen(joined_at=50.0)  # joined after every save: not counted
    blank = Screen(joined_at=0.0)  # had its page, never saw a new version
    every, first = visibility([(0.5, 10), (2.0, 12)], [late, early, absent, blank])
    inf = math.inf
    assert every == pytest.approx([4.0, 7.2, 0.6, inf, inf, inf])
    assert first == pytest.approx([0.5, 7.0])  # the first tick that reported each save
    assert p95([1.0, 2.0, math.inf]) == math.inf and math.isnan(p95([]))


def test_rounds_and_the_table():
    records = [Record(t, "tick version", s) for t, s in ((1, 0.1), (2, 0.3), (11, 0.9), (12, 0.2))]
    records.append(Record(3, "tick version", 9.0, error="HTTP 500"))  # failed: not a latency
    rounds = [Round(WITHOUT, 0, 10), Round(WITH, 10, 20)]
    assert round_p95(records, rounds, ("tick version",)) == {WITH: [0.865], WITHOUT: [0.29]}
    text = table(
        [
            Row("save", "88 ms", "—", "—", "≤ 150 ms", True),
            Row("cpu", "4 %", "3 %", "1.33×", "—", None),
        ]
    )
    lines = text.splitlines()
    assert lines[0].split() == [
        "metric",
        "with",
        "jurors",
        "without",
        "jurors",
        "ratio",
        "target",
        "verdict",
    ]
    assert lines[2].endswith("PASS") and lines[3].endswith("—")


def test_a_juror_types_as_a_person_does():
    assert [typed(v) for v in (7800, 7850, 7825)] == ["78", "78,5", "78,25"]
    assert [centi_of(t) for t in ("78", "78,5", "78.25", "")] == [7800, 7850, 7825, None]
    plan = sheet_plan(["a", "b", "c"], random.Random(1))
    assert [c for c, _v in plan[:3]] == ["a", "b", "c"] and len(plan) == 4
    again = plan[3]
    assert again[1] != dict(plan[:3])[again[0]]  # the last save changes a value

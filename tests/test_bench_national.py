"""`make bench`'s sections run small, so they cannot rot: poll, refresh, fan-out with Redis.

They measure nothing here (this machine runs the suite meanwhile); they must run end to
end against the production server and produce their figures and verdict lines.
"""

from __future__ import annotations

import re

import pytest

from bench import fanout, poll, refresh
from bench.harness import Verdicts
from bench.national import generate
from data_access.db import make_engine


@pytest.fixture
def tiny_national(tmp_path) -> str:
    """A small national edition (40 innovations, 6 jurors) in a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'national.sqlite3'}"
    engine = make_engine(url)
    try:
        generate(engine, innovations=40, jurors=6, units=8, finalists=4)
    finally:
        engine.dispose()
    return url


def test_poll_section_prints_its_figures_and_verdicts(tiny_national, capsys, monkeypatch):
    # wrk's least is 1 s; the idle viewers tick every 0.2 s so that 1 s holds some checks.
    # One worker per server (as tests/test_bench_jury.py runs its bench): the five
    # contenders' four servers start 4 workers, not 8, and every line is still printed.
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    verdicts = Verdicts()
    poll.run(
        tiny_national,
        verdicts,
        rounds=1,
        seconds=1,
        warm_up=False,
        attempts=1,
        idle_seconds=1,
        idle_interval_ms=200,
    )
    out = capsys.readouterr().out
    for name in ("raw WSGI", "bare Flask", "Flask \\+ session check", "app tick /api/versi"):
        assert re.search(rf"{name}\s+[\d,]+ +[\d,]+–[\d,]+ req/s +\d+ µs", out), out
        assert re.search(rf"{name}\s+\d+\.\d{{3}} ms  \([\d,]+ checks, 0 bad\)", out), out
    assert re.search(r"app Dash refresh callback\s+[\d,]+ ", out), out
    lines = dict(line.split(": ", 1) for _ok, line in verdicts.lines)
    assert re.match(
        r"\d+% of bare Flask's requests per second .* 0 bad",
        lines["poll cost (tick without news vs bare Flask)"],
    )
    assert "poll cost (tick without news vs Flask with the same session check)" in lines
    assert lines["poll rounds"].startswith("1 interleaved rounds of 1 s")
    assert re.match(
        r"[\d,]+ checks of \d+ viewers every ~[\d.]+ s, 0 bad answers",
        lines["idle polling viewers answered"],
    )
    assert re.search(r"a polling viewer .* costs \d+\.\d\dx raw WSGI's check", out), out


def test_refresh_section_times_every_page_and_judges_growth(tiny_national):
    result = refresh.measure(tiny_national, "SQLite tiny", rounds=2)
    assert result.rows > 1000
    assert result.mismatches == {page: [] for page in refresh.PAGES}  # baselines checked
    pages = {"progress", "participation", "ranking"}
    assert set(result.pages) == set(result.baselines) == set(result.served) == pages
    for times in (*result.pages.values(), *result.baselines.values(), *result.served.values()):
        assert len(times) == 2 and all(seconds > 0 for seconds in times)
    assert all(size > 500 for size in result.answer_bytes.values()), result.answer_bytes
    # The served baseline sent each page's numbers (compressed JSON) to the logged-in bench.
    assert set(result.served_bytes) == pages and all(result.served_bytes.values())
    assert result.peak_mb and all(mb > 50 for mb in result.peak_mb)
    verdicts = Verdicts()
    bigger = refresh.SizeResult(
        "SQLite 1m", 1_000_000, result.baselines, result.pages, served=result.served
    )
    bigger.peak_mb, bigger.mismatches = result.peak_mb, result.mismatches
    refresh.judge([result, bigger], verdicts)
    lines = dict(line.split(": ", 1) for _ok, line in verdicts.lines)
    assert lines["refresh baselines, SQLite tiny"].startswith("the same numbers as the app's")
    assert re.match(
        r"\d+\.\d\dx its hand-written baseline served the same way .*"
        r"\d+\.\d\dx its numbers alone in process",
        lines["refresh cost, ranking, SQLite 1m"],
    )
    assert "memory, SQLite 1m" in lines and "growth, progress" in lines


def test_fanout_with_redis_counts_one_computation_per_version(tiny_national):
    # Ticks every second, not every 5 s: the viewers' refreshes after the change come
    # closer together (a harder test of computing once), and 3 s leave each 2 ticks or more.
    counts, refreshes, workers, errors = fanout.one_run(
        tiny_national, viewers=12, changes=1, redis=True, interval_s=1.0, change_every_s=3.0
    )
    assert errors == []
    assert workers >= 2
    [(version, served)] = refreshes.items()
    assert served >= 12  # every viewer fetched the new version's content
    assert counts[fanout.AGGREGATE][version] == 1

"""bench/render_once.py runs small, so it cannot rot: one page, three viewers, one change.

It measures nothing here (the suite runs meanwhile); it must serve, fan out, see the
change reach every viewer, read the workers' CPU and the computed aggregate, and judge.
"""

from __future__ import annotations

import pytest

from bench import render_once
from bench.harness import Verdicts, add_accounts
from bench.national import generate
from data_access.db import make_engine


@pytest.fixture
def tiny_national(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'national.sqlite3'}"
    engine = make_engine(url)
    try:
        generate(engine, innovations=40, jurors=6, units=8, finalists=4)
    finally:
        engine.dispose()
    add_accounts(url)
    return url


def test_one_run_sees_each_change_reach_every_viewer_and_judges(tiny_national, redis_url):
    page = render_once.PAGES[2]  # /peringkat, as the committee: the admin account too
    run = render_once.one_run(tiny_national, page, viewers=3, changes=1, redis=True, interval_s=1)
    assert run.errors == []
    assert len(run.cpu) == 1 and all(seconds > -1 for seconds in run.cpu)
    assert run.ticks and run.aggregate_ms  # the change was computed, and logged as such
    verdicts = Verdicts()
    render_once.judge("render once, smoke", run, run, 3, 1, verdicts)
    names = [line.split(":")[0] for _ok, line in verdicts.lines]
    assert names == [
        "render once, smoke, CPU per change",
        "render once, smoke, per extra viewer",
        "render once, smoke, version check p95 and errors",
    ]

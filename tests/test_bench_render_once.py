"""bench/render_once.py runs small, so it cannot rot: one page, three viewers, one change.

It measures nothing here (the suite runs meanwhile); it must serve, fan out, see the
change reach every viewer, read the workers' CPU and the computed aggregate, and judge.
"""

from __future__ import annotations

import pytest

from bench import render_once
from bench.harness import Verdicts, add_accounts
from tests.test_bench_national import tiny_national  # noqa: F401 (a fixture)


@pytest.fixture
def national_with_accounts(tiny_national) -> str:  # noqa: F811
    add_accounts(tiny_national)
    return tiny_national


def test_one_run_sees_each_change_reach_every_viewer_and_judges(national_with_accounts, redis_url):
    page = render_once.PAGES[2]  # /peringkat, as the committee: the admin account too
    run = render_once.one_run(
        national_with_accounts, page, viewers=3, changes=1, redis=True, interval_s=1
    )
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

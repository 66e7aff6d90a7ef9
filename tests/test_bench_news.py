"""bench/news.py runs small, so it cannot rot: three stream viewers, one Chromium page, two saves.

It measures nothing here (the suite runs meanwhile); it must serve, hold the streams, see
each save reach every viewer and the browser, read the workers' CPU, and judge.
"""

from __future__ import annotations

import pytest

from bench import news
from bench.harness import Verdicts
from tests.test_bench_national import tiny_national  # noqa: F401 (a fixture)


@pytest.mark.browser
def test_a_small_run_sees_every_save_arrive_and_judges(tiny_national, capsys):  # noqa: F811
    verdicts = Verdicts()
    news.run(
        tiny_national,
        verdicts,
        viewers=3,
        browsers_count=1,
        changes=2,
        idle_s=1,
        spacing_s=1.5,
        tail_s=3,
    )
    out = capsys.readouterr().out
    names = [line.split(":")[0] for _ok, line in verdicts.lines]
    assert names == [
        "news, median wait from a save to the screen",
        "news, p95 wait and errors",
        "news, CPU per idle viewer per interval",
    ]
    # Every viewer-change arrived (3 viewers and 1 page, 2 saves), with no error.
    assert "over 8 viewer-changes" in out, out
    assert "errors" in verdicts.lines[1][1] and ", 0 errors" in verdicts.lines[1][1], out

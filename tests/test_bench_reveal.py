"""bench/reveal.py runs small, so it cannot rot: a tiny edition, three presses, one with a writer.

It measures nothing here (the suite runs meanwhile) and judges no time: it must serve,
approve, open the kiosk in Chromium, press "next" through /kendali's callback, see each
step reach the kiosk's DOM, and print its figures and its verdict line.
"""

from __future__ import annotations

import math
import re

import pytest

from bench import reveal
from bench.harness import Verdicts
from tests.test_bench_national import tiny_national  # noqa: F401 (a fixture)


@pytest.mark.browser
def test_a_small_run_times_each_press_until_the_kiosk_shows_it(tiny_national, playwright, capsys):  # noqa: F811
    verdicts = Verdicts()
    done = reveal.run(
        tiny_national,
        verdicts,
        rounds=2,
        writer_rounds=1,
        pause_s=(0.1, 0.2),
        first_frame_s=60,
        settle_s=0.2,
        workers=1,  # one worker starts in half the time; the path is the same
        playwright=playwright,  # the worker's own (pytest-playwright's), if a test started it
    )
    out = capsys.readouterr().out
    quiet, busy = done
    assert [(r.action, r.step) for r in quiet.rounds] == [("next", "splash"), ("next", "award-3")]
    assert [(r.action, r.step) for r in busy.rounds] == [("next", "award-2")]
    # Every press reached the kiosk's DOM, and a figure was measured for it.
    for found in (*quiet.rounds, *busy.rounds):
        assert found.dom_s is not None and math.isfinite(found.dom_s), out
        assert found.painted_s is not None and found.painted_s >= found.dom_s, out
    assert re.search(r"reveal, quiet: 2 presses of 'next', shown in s: [\d.]+, [\d.]+\n", out), out
    assert "0 not shown" in out, out
    assert re.search(r"writer: \d+ score changes, 0 errors", out), out
    assert [line.split(":")[0] for _ok, line in verdicts.lines] == [
        "reveal, median wait from 'next' to the TV"
    ]
    assert re.match(
        r"reveal, median wait from 'next' to the TV: \d+\.\d\d s, p95 \d+\.\d\d s over 2 presses "
        r"\(target ≤ 0\.65 s; before: 0\.35–0\.65 s\) -> (PASS|MISS)$",
        verdicts.lines[0][1],
    ), verdicts.lines

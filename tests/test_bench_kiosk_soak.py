"""The kiosk soak's verdict: a plateau passes, a leak or a pile-up is caught (no browser)."""

from __future__ import annotations

import pytest

from bench.kiosk_soak_verdict import (
    Sample,
    least_squares_slope,
    requests_steady,
    table_row,
    verdict,
)


def series(heaps: list[float], requests: int = 60) -> list[Sample]:
    """Return one sample per minute from 0, the first without a request count."""
    return [
        Sample(
            minute=minute,
            heap_kb=heap,
            nodes=900 + minute,
            listeners=40,
            requests=None if minute == 0 else requests,
            rss_kb=(80_000, 81_000),
        )
        for minute, heap in enumerate(heaps)
    ]


def test_least_squares_slope():
    assert least_squares_slope([(0, 1), (1, 3), (2, 5)]) == pytest.approx(2)
    assert least_squares_slope([(4, 7)]) == 0
    assert least_squares_slope([(1, 2), (1, 5)]) == 0


def test_a_flat_heap_with_noise_is_a_plateau():
    heaps = [2500, 3000] + [3000 + (25 if minute % 2 else -25) for minute in range(2, 33)]
    result = verdict(series(heaps))
    assert result.plateau and result.steady
    assert result.baseline_label == "minutes 5-10"
    assert result.baseline_kb == pytest.approx(3000, abs=25)
    assert abs(result.slope_kb_per_min) < 5
    assert result.nodes == (900, 932)
    lines = result.lines()
    assert lines[-1] == "VERDICT: PLATEAU"
    assert any("REQUESTS: STEADY" in line for line in lines)


def test_a_heap_that_keeps_growing_is_caught():
    # 3000 KB growing 40 KB a minute: 1.3% of the baseline per minute, 1.3x by the end.
    result = verdict(series([3000 + 40 * minute for minute in range(33)]))
    assert not result.plateau
    assert result.slope_kb_per_min == pytest.approx(40)
    assert result.ratio > 1.1
    assert result.lines()[-1] == "VERDICT: GROWING"


def test_a_jump_at_the_end_is_growth_even_with_a_flat_slope_before():
    heaps = [3000.0] * 32 + [3600.0]
    assert not verdict(series(heaps)).plateau


def test_a_heap_that_shrinks_is_no_growth():
    assert verdict(series([4000 - 10 * minute for minute in range(33)])).plateau


def test_a_short_run_judges_over_what_it_has():
    result = verdict(series([2000, 3000, 3010]))
    assert result.baseline_label == "minutes 1-1, short run"
    assert result.baseline_kb == 3000
    assert result.plateau
    assert verdict(series([2000])).lines()[-1] == "VERDICT: PLATEAU"
    with pytest.raises(ValueError, match="no samples"):
        verdict([])


def test_pile_up_detection():
    assert requests_steady([60, 62, 61, 59, 85])  # a reveal's extra frames: under 1.5x
    assert not requests_steady([60, 62, 61, 59, 120])  # requests piling up
    assert not requests_steady([0, 0, 0])  # a page that stopped polling is no steady page
    assert requests_steady([])
    samples = series([3000.0] * 12)
    samples[-1] = Sample(minute=11, heap_kb=3000, requests=200)
    result = verdict(samples)
    assert result.plateau and not result.steady
    assert any("REQUESTS: PILE-UP" in line for line in result.lines())


def test_table_row_shows_a_missing_request_count_as_a_dash():
    row = table_row(series([3000.0])[0])
    assert " - " in row and "78.1 79.1" in row

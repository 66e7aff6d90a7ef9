"""The kiosk soak's verdict (pure): a minute's sample, plateau or growth, steady requests."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

BASELINE_MINUTES = (5.0, 10.0)
END_TOLERANCE = 0.10  # the end's heap may be this much above the baseline
SLOPE_TOLERANCE = 0.01  # the second half may grow this share of the baseline per minute
PILE_UP_FACTOR = 1.5  # the busiest minute may make this many times the median's requests


@dataclass(frozen=True)
class Sample:
    """One minute's measurement of the page and the server."""

    minute: float
    heap_kb: float  # Runtime.getHeapUsage usedSize, after a forced GC
    nodes: int = 0
    listeners: int = 0
    requests: int | None = None  # made by the page since the previous sample
    polls: int = 0  # of which /kiosk/api/state
    frames: int = 0  # of which frame callbacks (_dash-update-component)
    metric_heap_kb: float = 0.0  # Performance.getMetrics JSHeapUsedSize
    rss_kb: tuple[int, ...] = ()  # each gunicorn worker's VmRSS
    history: int = -1  # entries in Dash's undo history (window.store), -1 when unknown


@dataclass(frozen=True)
class Verdict:
    """What the samples say about the page's memory and its requests."""

    baseline_label: str
    baseline_kb: float
    end_kb: float
    ratio: float
    slope_label: str
    slope_kb_per_min: float
    slope_share: float  # the slope as a share of the baseline, per minute
    nodes: tuple[int, int]
    listeners: tuple[int, int]
    requests_median: float
    requests_max: int
    rss_kb: tuple[tuple[int, ...], tuple[int, ...]]
    plateau: bool
    steady: bool

    def lines(self) -> list[str]:
        """Return the verdict as the report's last lines, VERDICT last."""
        limit = PILE_UP_FACTOR * self.requests_median
        rss_first, rss_last = (
            "/".join(f"{kb / 1024:.1f}" for kb in values) or "-" for values in self.rss_kb
        )
        return [
            f"heap after GC: baseline (median of {self.baseline_label}) "
            f"{self.baseline_kb:,.0f} KB, end {self.end_kb:,.0f} KB, "
            f"ratio {self.ratio:.3f} (limit {1 + END_TOLERANCE:.2f})",
            f"second-half slope ({self.slope_label}): {self.slope_kb_per_min:+,.1f} KB/min = "
            f"{self.slope_share * 100:+.2f}% of baseline per minute "
            f"(limit {SLOPE_TOLERANCE * 100:.0f}%)",
            f"DOM nodes first -> last: {self.nodes[0]:,} -> {self.nodes[1]:,}",
            f"JS event listeners first -> last: {self.listeners[0]:,} -> {self.listeners[1]:,}",
            f"gunicorn worker RSS MB first -> last: {rss_first} -> {rss_last}",
            f"requests per minute: median {self.requests_median:g}, max {self.requests_max} "
            f"(limit {PILE_UP_FACTOR:g}x median = {limit:g}): "
            f"REQUESTS: {'STEADY' if self.steady else 'PILE-UP'}",
            f"VERDICT: {'PLATEAU' if self.plateau else 'GROWING'}",
        ]


def least_squares_slope(points: Sequence[tuple[float, float]]) -> float:
    """Return the slope of the least-squares line through (x, y) points (0 for fewer than 2)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _y in points) / len(points)
    mean_y = sum(y for _x, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def requests_steady(counts: Sequence[int], factor: float = PILE_UP_FACTOR) -> bool:
    """Return True when no minute made more than factor x the median minute's requests."""
    if not counts:
        return True
    median = statistics.median(counts)
    return median > 0 and max(counts) <= factor * median


def _span(samples: Sequence[Sample]) -> str:
    return f"minutes {samples[0].minute:g}-{samples[-1].minute:g}"


def verdict(
    samples: Sequence[Sample],
    *,
    baseline: tuple[float, float] = BASELINE_MINUTES,
    end_tolerance: float = END_TOLERANCE,
    slope_tolerance: float = SLOPE_TOLERANCE,
    pile_up_factor: float = PILE_UP_FACTOR,
) -> Verdict:
    """Judge the samples: PLATEAU or GROWING heap, steady requests or a pile-up.

    The baseline is the median heap of the minutes in `baseline`; a run too short to
    have any takes the first half of its measured minutes instead. The slope is fitted
    over the second half of the run's time. An end below the baseline is no growth.
    """
    if not samples:
        raise ValueError("no samples to judge")
    ordered = sorted(samples, key=lambda s: s.minute)
    window = [s for s in ordered if baseline[0] <= s.minute <= baseline[1]]
    label = f"minutes {baseline[0]:g}-{baseline[1]:g}"
    if not window:
        measured = [s for s in ordered if s.minute > 0] or ordered
        window = measured[: max(1, len(measured) // 2)]
        label = f"{_span(window)}, short run"
    base = statistics.median(s.heap_kb for s in window)
    first, last = ordered[0], ordered[-1]
    second_half = [s for s in ordered if s.minute >= last.minute / 2] or [last]
    slope = least_squares_slope([(s.minute, s.heap_kb) for s in second_half])
    share = slope / base if base else 0.0
    ratio = last.heap_kb / base if base else float("inf")
    counts = [s.requests for s in ordered if s.requests is not None]
    return Verdict(
        baseline_label=label,
        baseline_kb=base,
        end_kb=last.heap_kb,
        ratio=ratio,
        slope_label=_span(second_half),
        slope_kb_per_min=slope,
        slope_share=share,
        nodes=(first.nodes, last.nodes),
        listeners=(first.listeners, last.listeners),
        requests_median=statistics.median(counts) if counts else 0,
        requests_max=max(counts) if counts else 0,
        rss_kb=(first.rss_kb, last.rss_kb),
        plateau=ratio <= 1 + end_tolerance and share < slope_tolerance,
        steady=requests_steady(counts, pile_up_factor),
    )


TABLE_HEADER = (
    f"{'min':>5} {'heap KB':>10} {'JSHeap KB':>10} {'nodes':>7} {'listen':>7} "
    f"{'req':>5} {'polls':>5} {'frames':>6} {'hist':>5}  worker RSS MB"
)


def table_row(sample: Sample) -> str:
    """Return one sample as a line of the table under TABLE_HEADER."""
    requests = "-" if sample.requests is None else str(sample.requests)
    rss = " ".join(f"{kb / 1024:.1f}" for kb in sample.rss_kb) or "-"
    return (
        f"{sample.minute:5.1f} {sample.heap_kb:10,.0f} {sample.metric_heap_kb:10,.0f} "
        f"{sample.nodes:7,} {sample.listeners:7,} {requests:>5} {sample.polls:5} "
        f"{sample.frames:6} {sample.history:5}  {rss}"
    )

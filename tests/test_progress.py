"""Pure progress rules of SCORING.md: stage and juror counts, group coverage, pace."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from data_access.progress import (
    JurorRow,
    StageProgress,
    compute_pace,
    compute_progress,
    pace_window,
    progress_totals,
    ratio,
)
from data_access.scoring import (
    AssignmentRow,
    EditionRules,
    InnovationRow,
    SheetRow,
    StageRules,
    rank,
)

RULES = EditionRules(
    stages={
        "proposal": StageRules("proposal", 2, 100),
        "presentation": StageRules("presentation", 1, 100),
    }
)
JURORS = [JurorRow(1, "J1", "Juri 1", "Undip"), JurorRow(2, "J2", "Juri 2", "UMK")]
INNOVATIONS = [
    InnovationRow(10, "A", "lolos"),
    InnovationRow(11, "B", "lolos"),
    InnovationRow(12, "C", "tidak_lolos"),
]
WIB_NOON = datetime(2022, 11, 18, 5, 0, tzinfo=UTC)  # 12.00 WIB


def _epoch(year, month, day, hour=3) -> int:
    return int(datetime(year, month, day, hour, tzinfo=UTC).timestamp())


def _progress(assignments, sheets):
    result = rank(RULES, INNOVATIONS, assignments, sheets)
    return compute_progress(result.contexts, JURORS, result.sheets), result


def test_implicit_assignments_expect_every_juror_on_every_eligible_innovation():
    """No assignments listed: 2 jurors × 2 eligible innovations are expected."""
    sheets = [
        SheetRow("proposal", 1, 10, 2, 5000, _epoch(2022, 11, 17)),
        SheetRow("proposal", 2, 10, 1, 2000, _epoch(2022, 11, 17)),
        SheetRow("proposal", 1, 12, 2, 9000, _epoch(2022, 11, 17)),  # ineligible: nowhere
    ]
    (stages, jurors, coverage), _ = _progress([], sheets)
    proposal = stages[0]
    assert proposal == StageProgress("proposal", 4, 1, 1, 2, 0, 0, Decimal("0.2500"))
    j1 = next(j for j in jurors if j.code == "J1" and j.stage == "proposal")
    assert (j1.assigned, j1.complete, j1.partial, j1.ratio) == (2, 1, 0, Decimal("0.5000"))
    assert j1.last_scored_at == datetime(2022, 11, 17, 3, tzinfo=UTC)
    assert [(c.innovation_id, dict(c.groups)) for c in coverage if c.stage == "proposal"] == [
        (10, {"UMK": False, "Undip": True}),
        (11, {"UMK": False, "Undip": False}),
    ]


def test_explicit_assignments_abstentions_and_unexpected_sheets():
    """Listed assignments: abstentions leave the denominator, others' sheets are unexpected."""
    assignments = [
        AssignmentRow("proposal", 1, 10),
        AssignmentRow("proposal", 1, 11, abstain=True),
        AssignmentRow("proposal", 2, 11),
    ]
    sheets = [
        SheetRow("proposal", 1, 10, 2, 5000),
        SheetRow("proposal", 1, 11, 2, 5000),  # abstained: ignored
        SheetRow("proposal", 2, 10, 2, 5000),  # not assigned: unexpected
    ]
    (stages, jurors, _), result = _progress(assignments, sheets)
    proposal = stages[0]
    assert (proposal.expected, proposal.complete, proposal.abstained) == (2, 1, 1)
    assert (proposal.unexpected, proposal.missing) == (1, 1)
    assert [(s.juror_id, s.innovation_id) for s in result.unexpected_sheets] == [(2, 10)]
    j2 = next(j for j in jurors if j.code == "J2" and j.stage == "proposal")
    assert (j2.assigned, j2.complete) == (1, 0)


def test_presentation_expects_jurors_on_finalists_only():
    """A presentation score makes a finalist; with no assignments every juror is expected."""
    sheets = [SheetRow("presentation", 1, 11, 1, 8000)]
    (stages, _, _), _ = _progress([], sheets)
    presentation = stages[1]
    assert (presentation.expected, presentation.complete) == (2, 1)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 4, Decimal("0")), (1, 3, Decimal("0.3333")), (2, 3, Decimal("0.6667")), (1, 0, None)],
)
def test_ratio(part, whole, expected):
    """Ratios round half-up to four decimals; nothing expected gives None."""
    assert ratio(part, whole) == expected


def _stage(expected=10, complete=4):
    return StageProgress("proposal", expected, complete, 0, expected - complete, 0, 0, None)


def _pace(stage, sheets, now):
    """Run the pace rules the way the reports do: window, then totals, then pace."""
    window = pace_window(date(2022, 11, 17), date(2022, 11, 22), now=now, timezone="Asia/Jakarta")
    result = rank(RULES, INNOVATIONS, [], sheets)
    totals = progress_totals(result.sheets, {}, {"proposal": window})
    return compute_pace(
        stage,
        totals.completions["proposal"],
        window=window,
        window_end=date(2022, 11, 22),
        now=now,
        timezone="Asia/Jakarta",
    )


def test_pace_window_runs_from_the_local_start_until_now():
    """The window opens at 00.00 WIB on its first day; at 12.00 WIB a day later 1.5 days passed."""
    window = pace_window(
        date(2022, 11, 17), date(2022, 11, 22), now=WIB_NOON, timezone="Asia/Jakarta"
    )
    assert window.start_epoch == int(datetime(2022, 11, 16, 17, tzinfo=UTC).timestamp())
    assert window.until_epoch == int(WIB_NOON.timestamp())
    assert window.days == Decimal("1.5000")
    assert pace_window(None, None, now=WIB_NOON, timezone="Asia/Jakarta") is None


def test_pace_projects_the_end_at_the_current_rate():
    """4 sheets in the first 1.5 days of the window: 2.6667 a day, 6 left: 2.25 more days."""
    sheets = [
        SheetRow("proposal", j, i, 2, 100, _epoch(2022, 11, 17, 1))
        for j, i in ((1, 10), (1, 11), (2, 10), (2, 11))
    ]
    pace = _pace(_stage(), sheets, WIB_NOON)
    assert pace.days_elapsed == Decimal("1.5000")
    assert pace.per_day == Decimal("2.6667")
    assert pace.remaining == 6
    assert pace.projected_end == date(2022, 11, 20)
    assert pace.behind is False


def test_pace_flags_a_stage_that_will_end_after_its_window():
    """One sheet in 1.5 days (0.6667 a day), 9 left: 13.4993 days after 18 Nov 12.00 WIB."""
    pace = _pace(
        _stage(complete=1), [SheetRow("proposal", 1, 10, 2, 100, _epoch(2022, 11, 17))], WIB_NOON
    )
    assert pace.projected_end == date(2022, 12, 1)
    assert pace.behind is True


def test_pace_counts_only_sheets_finished_inside_the_window():
    """A sheet finished before the window opened adds nothing to the rate."""
    sheets = [
        SheetRow("proposal", 1, 10, 2, 100, _epoch(2022, 11, 10)),
        SheetRow("proposal", 1, 11, 2, 100, _epoch(2022, 11, 17)),
    ]
    pace = _pace(_stage(complete=2), sheets, WIB_NOON)
    assert pace.per_day == Decimal("0.6667")


def test_pace_before_the_window_or_without_sheets_has_no_projection():
    """Before the window opens, or with no sheet inside it, there is no rate and no end date."""
    pace = _pace(_stage(complete=0), [], datetime(2022, 11, 10, tzinfo=UTC))
    assert (pace.per_day, pace.projected_end, pace.days_elapsed) == (None, None, Decimal(0))


def test_a_finished_stage_ends_on_its_last_sheet():
    """With nothing left, the projected end is the day of the last complete sheet."""
    sheets = [SheetRow("proposal", 1, 10, 2, 100, _epoch(2022, 11, 18, 20))]  # 19 Nov 03.00 WIB
    pace = _pace(_stage(expected=1, complete=1), sheets, datetime(2022, 11, 25, tzinfo=UTC))
    assert pace.remaining == 0
    assert pace.projected_end == date(2022, 11, 19)

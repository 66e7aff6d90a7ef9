"""The refresh bench's baselines: each live page's numbers computed by hand, raw driver, no app.

For each live page the fastest way we found to compute the numbers it shows (the shapes of
bench/refresh_numbers.py) from the same tables and indexes the app reads: the per-sheet
totals of score_sheets, assignments, sheet_states, conflict_declarations, innovations,
jurors, units. The driver is sqlite3 or psycopg, nothing else. SQL does the work it can
say exactly: the sheet rules (complete, submitted, eligible, assigned, abstaining),
sums, half-up rounding on integer hundredths, tiers and ranks with window functions.
Python does only what SQL cannot say exactly or portably: a square root rounded half-up,
Fraction sums of severity, a deadline in the edition's time zone, picking the table's rows.

This module holds what every page's baseline shares (the edition, the sheet rules in SQL)
and /partisipasi's; / and /peringkat have theirs in bench/refresh_baseline_progress.py
and bench/refresh_baseline_ranking.py. Written from SCORING.md, without data_access: the
bench compares these numbers with the app's (bench/refresh_numbers.py) before timing, so
the two cannot drift apart unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bench.refresh_numbers import (
    ParticipationNumbers,
)


class Raw:
    """A driver connection that runs statements written with :name placeholders."""

    def __init__(self, conn: Any, sqlite: bool) -> None:
        self.conn = conn
        self.sqlite = sqlite

    def rows(self, statement: str, **values: object) -> list[tuple]:
        if not self.sqlite:  # psycopg: %(name)s, and a literal % doubled
            statement = re.sub(
                r"(?<![:\w]):([a-z_][a-z_0-9]*)", r"%(\1)s", statement.replace("%", "%%")
            )
        return self.conn.execute(statement, values).fetchall()

    def time(self, value) -> datetime | None:
        """Return a time column's value as a naive UTC datetime (SQLite gives text)."""
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(value)

    def stamp(self, value: datetime) -> object:
        """Return a naive UTC datetime as the driver compares it with a time column."""
        return value.isoformat(sep=" ", timespec="microseconds") if self.sqlite else value


@dataclass(frozen=True)
class Stage:
    """A stage's rules: criteria count and weight sum, and whether it lists assignments."""

    id: int
    code: str
    criteria: int
    weight: int
    explicit: bool


@dataclass(frozen=True)
class Edition:
    id: int
    weight_proposal: int  # hundredths
    weight_presentation: int
    finalist_count: int
    timezone: str
    submission_end: date | None
    windows: dict[str, tuple[date | None, date | None]]
    stages: dict[str, Stage]


def edition(db: Raw, code: str) -> Edition:
    """Read the edition's settings and its stages' rules (two small statements)."""
    ((edition_id, wp, wq, finalists, tz, end, p0, p1, q0, q1),) = db.rows(
        "SELECT id, weight_proposal, weight_presentation, finalist_count, timezone,"
        " submission_end, proposal_start, proposal_end, presentation_start, presentation_end"
        " FROM editions WHERE code = :code",
        code=code,
    )
    stages = db.rows(
        "SELECT s.id, s.code, COUNT(c.id), COALESCE(SUM(c.weight_centi), 0),"
        " EXISTS (SELECT 1 FROM assignments a WHERE a.stage_id = s.id)"
        " FROM stages s LEFT JOIN criteria c ON c.stage_id = s.id"
        " WHERE s.edition_id = :edition GROUP BY s.id, s.code",
        edition=edition_id,
    )
    return Edition(
        id=edition_id,
        weight_proposal=int(Decimal(str(wp)) * 100),
        weight_presentation=int(Decimal(str(wq)) * 100),
        finalist_count=finalists,
        timezone=tz,
        submission_end=_date(end),
        windows={"proposal": (_date(p0), _date(p1)), "presentation": (_date(q0), _date(q1))},
        stages={c: Stage(i, c, int(k), int(w), bool(x)) for i, c, k, w, x in stages if k and w > 0},
    )


def _date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- the sheet rules in SQL
DRAFT_JOIN = """LEFT JOIN sheet_states d ON d.stage_id = ss.stage_id
  AND d.juror_id = ss.juror_id AND d.innovation_id = ss.innovation_id AND d.state = 'draft'"""
CONFIRMED = """EXISTS (SELECT 1 FROM conflict_declarations cd WHERE cd.juror_id = ss.juror_id
  AND cd.innovation_id = ss.innovation_id AND cd.conflict IS TRUE
  AND cd.confirmed_at IS NOT NULL)"""


def counted_sql(stage: Stage, *, only: str = "") -> str:
    """Return the stage's counted complete sheets: innovation, juror, score (hundredths).

    Complete: every criterion scored and not an app draft; counted: the innovation passed
    and, where the stage lists assignments, the juror is assigned and not abstaining,
    elsewhere no confirmed conflict. The sheet score rounds half-up on integers.
    """
    if stage.explicit:
        rule = """JOIN assignments a ON a.stage_id = ss.stage_id AND a.juror_id = ss.juror_id
  AND a.innovation_id = ss.innovation_id AND a.abstain IS NOT TRUE"""
        condition = ""
    else:
        rule, condition = "", f"AND NOT {CONFIRMED}"
    return f"""SELECT ss.innovation_id, ss.juror_id,
  (2 * ss.ws + {stage.weight}) / {2 * stage.weight} AS score
FROM score_sheets ss JOIN innovations i ON i.id = ss.innovation_id {rule} {DRAFT_JOIN}
WHERE ss.stage_id = {stage.id} AND ss.n >= {stage.criteria} AND i.admin_status = 'lolos'
  AND d.stage_id IS NULL {condition} {only}"""


def finalists_sql(ed: Edition) -> str:
    """Return the finalists: eligible, with a presentation assignment or sheet (SCORING.md 6)."""
    stage = ed.stages.get("presentation")
    if stage is None:
        return "SELECT id AS innovation_id FROM innovations WHERE 1 = 0"
    return f"""SELECT a.innovation_id FROM assignments a WHERE a.stage_id = {stage.id}
UNION SELECT ss.innovation_id FROM score_sheets ss WHERE ss.stage_id = {stage.id}"""


OWNERS = """chain(unit_id, at, parent, required, depth) AS (
  SELECT id, id, parent_id, required, 0 FROM units
  UNION ALL
  SELECT c.unit_id, u.id, u.parent_id, u.required, c.depth + 1
  FROM chain c JOIN units u ON u.id = c.parent
  WHERE c.required IS NOT TRUE AND c.depth < 16),
owners AS (SELECT unit_id, at AS owner FROM chain WHERE required IS TRUE)"""


def id_list(ids) -> str:
    """Return ids as an SQL list (integers only), NULL for none."""
    return ", ".join(str(int(i)) for i in ids) or "NULL"


# ---------------------------------------------------------------- /partisipasi
def participation(db: Raw, code: str) -> ParticipationNumbers:
    """Return /partisipasi's numbers: the edition, then innovations rolled up to their OPD
    and the edition's count of innovations, in one statement (two in all)."""
    ((edition_id, timezone, end, presentation),) = db.rows(
        "SELECT e.id, e.timezone, e.submission_end, s.id FROM editions e"
        " LEFT JOIN stages s ON s.edition_id = e.id AND s.code = 'presentation'"
        " WHERE e.code = :code",
        code=code,
    )
    end = _date(end)
    late_from = None
    if end is not None:  # late: after the deadline's day in the edition's zone
        next_day = datetime.combine(end + timedelta(days=1), time.min, tzinfo=ZoneInfo(timezone))
        late_from = db.stamp(next_day.astimezone(UTC).replace(tzinfo=None))
    late = "0" if late_from is None else "CASE WHEN i.submitted_at >= :late THEN 1 ELSE 0 END"
    # Finalists (SCORING.md 6): eligible, with a presentation assignment row or sheet.
    fin = (
        "SELECT id AS innovation_id FROM innovations WHERE 1 = 0"
        if presentation is None
        else f"""SELECT a.innovation_id FROM assignments a WHERE a.stage_id = {int(presentation)}
UNION SELECT ss.innovation_id FROM score_sheets ss WHERE ss.stage_id = {int(presentation)}"""
    )
    rows = db.rows(
        f"""WITH RECURSIVE {OWNERS}, fin AS ({fin}),
counts AS (
  SELECT o.owner, COUNT(*) AS submitted,
    SUM(CASE WHEN i.admin_status = 'lolos' THEN 1 ELSE 0 END) AS passed,
    SUM(CASE WHEN i.admin_status = 'lolos' AND f.innovation_id IS NOT NULL THEN 1 ELSE 0 END)
      AS finalists,
    MIN(i.submitted_at) AS first, SUM({late}) AS late,
    SUM(CASE WHEN i.unit_id <> o.owner THEN 1 ELSE 0 END) AS sub
  FROM innovations i JOIN owners o ON o.unit_id = i.unit_id
  LEFT JOIN fin f ON f.innovation_id = i.id
  WHERE i.edition_id = :edition GROUP BY o.owner)
SELECT u.id, u.code, u.name, u.short_name, u.kind, COALESCE(c.submitted, 0),
  COALESCE(c.passed, 0), COALESCE(c.finalists, 0), c.first, COALESCE(c.late, 0),
  COALESCE(c.sub, 0), (SELECT COUNT(*) FROM innovations WHERE edition_id = :edition)
FROM units u LEFT JOIN counts c ON c.owner = u.id
WHERE u.required IS TRUE ORDER BY u.code""",
        edition=edition_id,
        **({} if late_from is None else {"late": late_from}),
    )
    if rows:
        total = int(rows[0][11])
    else:  # no required OPD: every innovation is unattributed
        ((total,),) = db.rows(
            "SELECT COUNT(*) FROM innovations WHERE edition_id = :edition", edition=edition_id
        )
    table = tuple(
        (u, c, n, s, k, int(a), int(b), int(f), db.time(first), int(late_), int(sub))
        for u, c, n, s, k, a, b, f, first, late_, sub, _total in rows
    )
    return ParticipationNumbers(
        rows=table,
        required=len(table),
        participating=sum(1 for r in table if r[5]),
        unattributed=int(total) - sum(r[5] for r in table),
    )

"""The refresh bench's baselines: each live page's numbers computed by hand, raw driver, no app.

For each live page the fastest way we found to compute the numbers it shows (the shapes of
bench/refresh_numbers.py) from the same tables and indexes the app reads: the per-sheet
totals of score_sheets, assignments, sheet_states, conflict_declarations, innovations,
jurors, units. The driver is sqlite3 or psycopg, nothing else. SQL does the work it can
say exactly: the sheet rules (complete, submitted, eligible, assigned, abstaining),
sums, half-up rounding on integer hundredths, tiers and ranks with window functions.
Python does only what SQL cannot say exactly or portably: a square root rounded half-up,
Fraction sums of severity, a deadline in the edition's time zone, picking the table's rows.

Written from SCORING.md, without data_access: the bench compares these numbers with the
app's (bench/refresh_numbers.py) before timing, so the two cannot drift apart unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from math import isqrt
from typing import Any
from zoneinfo import ZoneInfo

from bench.refresh_numbers import (
    HEATMAP_MAX,
    LACKING_SHOWN,
    STAGES,
    TABLE_MAX,
    ParticipationNumbers,
    ProgressNumbers,
    RankingNumbers,
)

OUTLIER_CENTI = 1000  # SCORING's spread: a sheet more than 10 points from its panel's mean
# Heat map cells (dashboard/builders/progress.py's legend)
NOT_ASSIGNED, MISSING, PARTIAL, COMPLETE, ABSTAIN, DRAFT = 0, 1, 2, 3, 4, 5


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


def _totals(ed: Edition, code: str) -> str:
    stage = ed.stages.get(code)
    if stage is None:
        return "SELECT 0 AS innovation_id, 0 AS t, 1 AS n WHERE 1 = 0"
    return f"""SELECT innovation_id, CAST(SUM(score) AS BIGINT) AS t, COUNT(*) AS n
FROM ({counted_sql(stage)}) x GROUP BY innovation_id"""


# ---------------------------------------------------------------- /peringkat
def ranking(db: Raw, code: str) -> RankingNumbers:
    """Return /peringkat's numbers: the ranking in SQL, then the shown rows' spreads."""
    ed = edition(db, code)
    wp, wq = ed.weight_proposal, ed.weight_presentation
    order = "final DESC, presentation DESC NULLS LAST, proposal DESC NULLS LAST"
    rows = db.rows(
        f"""WITH prop AS ({_totals(ed, "proposal")}), pres AS ({_totals(ed, "presentation")}),
fin AS ({finalists_sql(ed)}),
base AS (
  SELECT i.id, i.code, f.innovation_id IS NOT NULL AS finalist,
    (2 * p.t + p.n) / (2 * p.n) AS proposal, COALESCE(p.n, 0) AS n_prop,
    CASE WHEN f.innovation_id IS NOT NULL THEN (2 * q.t + q.n) / (2 * q.n) END AS presentation,
    CASE WHEN f.innovation_id IS NOT NULL THEN COALESCE(q.n, 0) ELSE 0 END AS n_pres
  FROM innovations i LEFT JOIN prop p ON p.innovation_id = i.id
  LEFT JOIN pres q ON q.innovation_id = i.id LEFT JOIN fin f ON f.innovation_id = i.id
  WHERE i.edition_id = :edition AND i.admin_status = 'lolos'),
scored AS (
  SELECT b.*, CASE WHEN finalist AND proposal IS NOT NULL AND presentation IS NOT NULL
      THEN (2 * ({wp} * proposal + {wq} * presentation) + {wp + wq}) / {2 * (wp + wq)}
      ELSE proposal END AS final,
    CASE WHEN finalist AND proposal IS NOT NULL AND presentation IS NOT NULL THEN 1
      WHEN proposal IS NOT NULL THEN 2 ELSE 3 END AS tier
  FROM base b)
SELECT id, tier,
  CASE WHEN tier < 3 THEN RANK() OVER (PARTITION BY tier ORDER BY {order})
    + CASE WHEN tier = 2 THEN (SELECT COUNT(*) FROM scored WHERE tier = 1) ELSE 0 END END,
  CASE WHEN tier < 3 AND COUNT(*) OVER (PARTITION BY tier, final, presentation, proposal) > 1
    THEN 1 ELSE 0 END,
  proposal, presentation, final, n_prop, n_pres, finalist, code
FROM scored ORDER BY tier, {order}, code""",
        edition=ed.id,
    )
    finalists = [r for r in rows if r[9]]
    decided = bool(finalists) and all(r[5] is not None for r in finalists)
    table = tuple(
        (i, tier, rank, bool(tie), rank if decided and tier == 1 and rank <= 3 else None,
         p, q, f, n_p, n_q, bool(fin))
        for i, tier, rank, tie, p, q, f, n_p, n_q, fin, _code in rows
    )  # fmt: skip
    candidates: tuple[int, ...] = ()
    if not finalists and ed.finalist_count > 0:
        by_proposal = sorted((r for r in rows if r[4] is not None), key=lambda r: (-r[4], r[10]))
        candidates = tuple(r[0] for r in by_proposal[: ed.finalist_count])
    shown = _shown(table, candidates)
    return RankingNumbers(
        rows=table,
        candidates=candidates,
        awards_decided=decided,
        shown=shown,
        texts=_texts(db, shown),
        spreads=_spreads(db, ed, shown),
        severity=_severity(db, ed),
        jurors={i: (c, n) for i, c, n in db.rows(
            "SELECT id, code, name FROM jurors WHERE edition_id = :e", e=ed.id)},
    )  # fmt: skip


def _shown(rows: tuple[tuple, ...], candidates: tuple[int, ...]) -> tuple[int, ...]:
    """Return the table's rows: every award and candidate, the top rows up to TABLE_MAX."""
    required = {r[0] for r in rows if r[4] is not None} | set(candidates)
    room = max(TABLE_MAX - len(required), 0)
    shown = []
    for r in rows:
        if r[0] in required:
            shown.append(r[0])
        elif room:
            shown.append(r[0])
            room -= 1
    return tuple(shown)


def _ids(ids) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def _texts(db: Raw, shown: tuple[int, ...]) -> dict[int, tuple[str, str, str]]:
    found = db.rows(
        "SELECT i.id, i.code, i.title, u.code FROM innovations i JOIN units u"
        f" ON u.id = i.unit_id WHERE i.id IN ({_ids(shown)})"
    )
    return {i: (code, title, unit) for i, code, title, unit in found}


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _spreads(db: Raw, ed: Edition, shown: tuple[int, ...]) -> dict[tuple[str, int], tuple]:
    """Return the shown innovations' sheet spread per stage: n, min, max, mean, sd, outliers."""
    only = f"AND ss.innovation_id IN ({_ids(shown)})"
    parts = [
        f"SELECT '{code}', x.* FROM ({counted_sql(stage, only=only)}) x"
        for code, stage in ed.stages.items()
    ]
    if not parts:
        return {}
    panels: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for stage, innovation, juror, score in db.rows(" UNION ALL ".join(parts)):
        panels.setdefault((stage, innovation), []).append((int(score), juror))
    spreads = {}
    for key, sheets in panels.items():
        values = [v for v, _j in sheets]
        n, total = len(values), sum(values)
        variance = Fraction(n * sum(v * v for v in values) - total * total, n * n)
        # sd rounded half-up exactly: the m with (2m - 1)^2 <= 4 variance < (2m + 1)^2
        sd = (isqrt(4 * variance.numerator // variance.denominator) + 1) // 2
        outliers = tuple(
            (juror, v, _half_up(n * v - total, n))
            for v, juror in sorted(sheets)
            if abs(n * v - total) > n * OUTLIER_CENTI
        )
        spreads[key] = (n, min(values), max(values), _half_up(total, n), sd, outliers)
    return spreads


def _severity(db: Raw, ed: Edition) -> tuple[tuple[str, int, int, int], ...]:
    """Return each juror's mean difference from the panel means, per stage (panels of 2+)."""
    found: list[tuple[str, int, int, int]] = []
    for code in STAGES:
        stage = ed.stages.get(code)
        if stage is None:
            continue
        groups = db.rows(
            f"""SELECT juror_id, size, COUNT(*), CAST(SUM(score * size - total) AS BIGINT)
FROM (SELECT juror_id, score, COUNT(*) OVER (PARTITION BY innovation_id) AS size,
        SUM(score) OVER (PARTITION BY innovation_id) AS total
      FROM ({counted_sql(stage)}) c) p
WHERE size >= 2 GROUP BY juror_id, size"""
        )
        per_juror: dict[int, list] = {}
        for juror, size, count, deviation in groups:
            entry = per_juror.setdefault(juror, [Fraction(0), 0])
            entry[0] += Fraction(int(deviation), int(size))
            entry[1] += int(count)
        for juror in sorted(per_juror):
            total, count = per_juror[juror]
            mean = total / count
            found.append((code, juror, count, _half_up(mean.numerator, mean.denominator)))
    return tuple(found)


# ---------------------------------------------------------------- /
def progress(db: Raw, code: str) -> ProgressNumbers:
    """Return /'s numbers: every sheet classified once per stage in SQL, counted per juror."""
    ed = edition(db, code)
    jurors = db.rows(
        "SELECT id, code, name, jury_group FROM jurors WHERE edition_id = :e"
        " ORDER BY jury_group, code",
        e=ed.id,
    )
    groups = sorted({j[3] for j in jurors})
    fin = finalists(db, ed)
    stages, juror_rows, coverage, completions, heat = [], [], {}, {}, {}
    for code_ in STAGES:
        stage = ed.stages.get(code_)
        tallies, done = _juror_tallies(db, ed, stage)
        assigned = _assigned(db, ed, stage, [j[0] for j in jurors], fin)
        expected = sum(a for a, _b in assigned.values())
        complete = sum(tallies.get(j, (0,))[0] for j in assigned)
        partial = sum(tallies.get(j, (0, 0))[1] for j in assigned)
        drafts = sum(tallies.get(j, (0, 0, 0))[2] for j in assigned)
        unexpected = sum(t[3] for t in tallies.values())
        stages.append((code_, expected, complete, partial, drafts,
                       expected - complete - partial,
                       sum(b for _a, b in assigned.values()), unexpected))  # fmt: skip
        for juror, jcode, name, group in jurors:
            n_assigned, n_abstained = assigned.get(juror, (0, 0))
            c, p, dr, _u, last = tallies.get(juror, (0, 0, 0, 0, None))
            juror_rows.append((code_, juror, jcode, name, group, n_assigned, c, p, dr,
                               n_abstained, _second(db.time(last))))  # fmt: skip
        completions[code_] = done
        coverage[code_], members = _coverage(db, ed, stage, groups, fin)
        small = stage is not None and members <= HEATMAP_MAX
        heat[code_] = _heat(db, ed, stage, jurors, fin) if small else None
    return ProgressNumbers(
        overview=_overview(db, ed),
        stages=tuple(stages),
        jurors=tuple(juror_rows),
        coverage=coverage,
        completions=completions,
        heat=heat,
    )


def _window(ed: Edition, code: str) -> tuple[datetime, datetime] | None:
    """Return the part of a stage's window that has passed, as naive UTC [start, until)."""
    start, end = ed.windows[code]
    if start is None:
        return None
    tz = ZoneInfo(ed.timezone)
    opens = datetime.combine(start, time.min, tzinfo=tz)
    now = datetime.now(UTC)
    until = min(now, datetime.combine(end, time.max, tzinfo=tz)) if end else now
    # Whole seconds, as the pace counts them: a score at until's second is inside.
    until = until.replace(microsecond=0) + timedelta(seconds=1)
    return opens.astimezone(UTC).replace(tzinfo=None), until.astimezone(UTC).replace(tzinfo=None)


def _status_sql(stage: Stage) -> tuple[str, str]:
    """Return (joins, CASE) classifying a sheet: 1 counted, 2 unexpected, 0 otherwise."""
    if stage.explicit:
        joins = """LEFT JOIN assignments a ON a.stage_id = ss.stage_id AND a.juror_id = ss.juror_id
  AND a.innovation_id = ss.innovation_id"""
        status = """CASE WHEN i.admin_status <> 'lolos' THEN 0 WHEN a.id IS NULL THEN 2
  WHEN a.abstain IS TRUE THEN 0 ELSE 1 END"""
    else:  # joined, not asked per use: SQLite would run the subquery for every CASE
        joins = """LEFT JOIN conflict_declarations cd ON cd.juror_id = ss.juror_id
  AND cd.innovation_id = ss.innovation_id AND cd.conflict IS TRUE
  AND cd.confirmed_at IS NOT NULL"""
        status = "CASE WHEN i.admin_status <> 'lolos' OR cd.juror_id IS NOT NULL THEN 0 ELSE 1 END"
    return joins, status


def _juror_tallies(db: Raw, ed: Edition, stage: Stage | None):
    """Return juror -> (complete, partial, drafts, unexpected, last) and (inside, latest)."""
    if stage is None:
        return {}, (0, None)
    joins, status = _status_sql(stage)
    window = _window(ed, stage.code)
    if window is None:
        inside, values = "0", {}
    else:
        inside = "CASE WHEN k = 1 AND c = 1 AND last >= :start AND last < :until THEN 1 ELSE 0 END"
        values = {"start": db.stamp(window[0]), "until": db.stamp(window[1])}
    rows = db.rows(
        f"""SELECT juror_id, SUM(CASE WHEN k = 1 AND c = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN k = 1 AND c = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN k = 1 THEN dr ELSE 0 END),
  SUM(CASE WHEN k = 2 THEN 1 ELSE 0 END), MAX(last), SUM({inside}),
  MAX(CASE WHEN k = 1 AND c = 1 THEN last END)
FROM (SELECT ss.juror_id, ss.last, {status} AS k,
        CASE WHEN d.stage_id IS NULL AND ss.n >= {stage.criteria} THEN 1 ELSE 0 END AS c,
        CASE WHEN d.stage_id IS NULL THEN 0 ELSE 1 END AS dr
      FROM score_sheets ss JOIN innovations i ON i.id = ss.innovation_id {joins} {DRAFT_JOIN}
      WHERE ss.stage_id = {stage.id}) s
GROUP BY juror_id""",
        **values,
    )
    tallies = {j: (int(c), int(p), int(dr), int(u), last) for j, c, p, dr, u, last, _i, _l in rows}
    latest = max((db.time(r[7]) for r in rows if r[7] is not None), default=None)
    inside = sum(int(r[6]) for r in rows)
    return tallies, (inside, None if latest is None else _epoch(latest))


def _second(value: datetime | None) -> datetime | None:
    """Return a time to the whole second, as the app's juror table reads it."""
    return None if value is None else value.replace(microsecond=0)


def _epoch(value: datetime) -> int:
    return int(value.replace(tzinfo=UTC).timestamp() // 1)


def finalists(db: Raw, ed: Edition) -> tuple[int, ...]:
    """Return the finalists' ids (a short list, read once: planners misjudge its size)."""
    return tuple(
        i
        for (i,) in db.rows(
            f"""SELECT i.id FROM innovations i JOIN ({finalists_sql(ed)}) f
  ON f.innovation_id = i.id WHERE i.admin_status = 'lolos' ORDER BY i.id"""
        )
    )


def _members_sql(ed: Edition, stage: Stage, finalist_ids: tuple[int, ...]) -> str:
    """Return the stage's innovations: every eligible one; the finalists at presentation."""
    if stage.code == "presentation":
        return f"SELECT id FROM innovations WHERE id IN ({_ids(finalist_ids)})"
    return f"SELECT id FROM innovations WHERE edition_id = {ed.id} AND admin_status = 'lolos'"


def _assigned(db: Raw, ed: Edition, stage: Stage | None, jurors: list[int], fin: tuple):
    """Return juror -> (assigned, abstained) on the stage's innovations."""
    if stage is None:
        return {j: (0, 0) for j in jurors}
    members = _members_sql(ed, stage, fin)
    if stage.explicit:
        rows = db.rows(
            f"""SELECT a.juror_id, SUM(CASE WHEN a.abstain IS TRUE THEN 0 ELSE 1 END),
  SUM(CASE WHEN a.abstain IS TRUE THEN 1 ELSE 0 END)
FROM assignments a JOIN ({members}) m ON m.id = a.innovation_id
WHERE a.stage_id = {stage.id} GROUP BY a.juror_id"""
        )
        found = {j: (0, 0) for j in jurors}
        found.update({j: (int(a), int(b)) for j, a, b in rows})
        return found
    ((total,),) = db.rows(f"SELECT COUNT(*) FROM ({members}) m")
    abstained = dict(
        db.rows(
            f"""SELECT cd.juror_id, COUNT(*) FROM conflict_declarations cd
JOIN ({members}) m ON m.id = cd.innovation_id
WHERE cd.conflict IS TRUE AND cd.confirmed_at IS NOT NULL GROUP BY cd.juror_id"""
        )
    )
    return {j: (total - abstained.get(j, 0), abstained.get(j, 0)) for j in jurors}


def _coverage(db: Raw, ed: Edition, stage: Stage | None, groups: list[str], fin: tuple):
    """Return (innovations, covered, lacking, first lacking with their missing groups), count."""
    if stage is None:
        return (0, 0, 0, ()), 0
    flags = ", ".join(
        f"MAX(CASE WHEN j.jury_group = :g{n} THEN 1 ELSE 0 END)" for n in range(len(groups))
    )
    rows = db.rows(
        f"""SELECT m.id, i.code, i.title, g.*
FROM ({_members_sql(ed, stage, fin)}) m JOIN innovations i ON i.id = m.id
LEFT JOIN (SELECT c.innovation_id, {flags or "1"} FROM ({counted_sql(stage)}) c
           JOIN jurors j ON j.id = c.juror_id GROUP BY c.innovation_id) g
  ON g.innovation_id = m.id
ORDER BY m.id""",
        **{f"g{n}": g for n, g in enumerate(groups)},
    )
    lacking = [
        (i, c, t, tuple(g for g, flag in zip(groups, flags, strict=True) if not flag))
        for i, c, t, _g, *flags in rows
        if not all(flags)
    ]
    shown = tuple(lacking[:LACKING_SHOWN])
    return (len(rows), len(rows) - len(lacking), len(lacking), shown), len(rows)


def _heat(db: Raw, ed: Edition, stage: Stage, jurors: list[tuple], fin: tuple) -> tuple:
    """Return the stage's heat map cells: jurors (by group, code) x innovations (by code)."""
    if stage.explicit:
        joins = f"""LEFT JOIN assignments a ON a.stage_id = {stage.id} AND a.juror_id = j.id
  AND a.innovation_id = m.id"""
        rule = f"WHEN a.id IS NULL THEN {NOT_ASSIGNED} WHEN a.abstain IS TRUE THEN {ABSTAIN}"
    else:
        joins = """LEFT JOIN conflict_declarations cd ON cd.juror_id = j.id
  AND cd.innovation_id = m.id AND cd.conflict IS TRUE AND cd.confirmed_at IS NOT NULL"""
        rule = f"WHEN cd.juror_id IS NOT NULL THEN {ABSTAIN}"
    cells = db.rows(
        f"""SELECT CASE {rule} WHEN ss.juror_id IS NULL THEN {MISSING}
  WHEN d.stage_id IS NOT NULL THEN {DRAFT} WHEN ss.n >= {stage.criteria} THEN {COMPLETE}
  ELSE {PARTIAL} END
FROM jurors j CROSS JOIN ({_members_sql(ed, stage, fin)}) m JOIN innovations i ON i.id = m.id
{joins}
LEFT JOIN score_sheets ss ON ss.stage_id = {stage.id} AND ss.juror_id = j.id
  AND ss.innovation_id = m.id
{DRAFT_JOIN}
WHERE j.edition_id = {ed.id}
ORDER BY j.jury_group, j.code, i.code"""
    )
    width = len(cells) // len(jurors) if jurors else 0
    return tuple(
        tuple(c for (c,) in cells[n * width : (n + 1) * width]) for n in range(len(jurors))
    )


def _overview(db: Raw, ed: Edition) -> tuple[int, int, int, int, int]:
    """Return the edition's counts: innovations, passed, jurors, score rows, OPDs taking part."""
    ((innovations, passed, jurors, rows),) = db.rows(
        f"""SELECT (SELECT COUNT(*) FROM innovations WHERE edition_id = {ed.id}),
  (SELECT COUNT(*) FROM innovations WHERE edition_id = {ed.id} AND admin_status = 'lolos'),
  (SELECT COUNT(*) FROM jurors WHERE edition_id = {ed.id}),
  (SELECT COALESCE(SUM(ss.n), 0) FROM score_sheets ss
   JOIN stages s ON s.id = ss.stage_id WHERE s.edition_id = {ed.id})"""
    )
    ((opds,),) = db.rows(
        f"""WITH RECURSIVE {OWNERS}
SELECT COUNT(DISTINCT o.owner) FROM owners o
WHERE o.unit_id IN (SELECT unit_id FROM innovations WHERE edition_id = {ed.id})"""
    )
    return int(innovations), int(passed), int(jurors), int(rows), int(opds)


# Each unit's required OPD: itself or its nearest required ancestor (at most 16 levels up).
OWNERS = """chain(unit_id, at, parent, required, depth) AS (
  SELECT id, id, parent_id, required, 0 FROM units
  UNION ALL
  SELECT c.unit_id, u.id, u.parent_id, u.required, c.depth + 1
  FROM chain c JOIN units u ON u.id = c.parent
  WHERE c.required IS NOT TRUE AND c.depth < 16),
owners AS (SELECT unit_id, at AS owner FROM chain WHERE required IS TRUE)"""


# ---------------------------------------------------------------- /partisipasi
def participation(db: Raw, code: str) -> ParticipationNumbers:
    """Return /partisipasi's numbers: innovations rolled up to their OPD in one statement."""
    ed = edition(db, code)
    late_from = None
    if ed.submission_end is not None:  # late: after the deadline's day in the edition's zone
        next_day = datetime.combine(
            ed.submission_end + timedelta(days=1), time.min, tzinfo=ZoneInfo(ed.timezone)
        )
        late_from = db.stamp(next_day.astimezone(UTC).replace(tzinfo=None))
    late = "0" if late_from is None else "CASE WHEN i.submitted_at >= :late THEN 1 ELSE 0 END"
    rows = db.rows(
        f"""WITH RECURSIVE {OWNERS}, fin AS ({finalists_sql(ed)}),
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
  COALESCE(c.sub, 0)
FROM units u LEFT JOIN counts c ON c.owner = u.id
WHERE u.required IS TRUE ORDER BY u.code""",
        edition=ed.id,
        **({} if late_from is None else {"late": late_from}),
    )
    ((attributed, total),) = db.rows(
        f"""WITH RECURSIVE {OWNERS}
SELECT COUNT(o.owner), COUNT(*) FROM innovations i
LEFT JOIN owners o ON o.unit_id = i.unit_id WHERE i.edition_id = :edition""",
        edition=ed.id,
    )
    table = tuple(
        (u, c, n, s, k, int(a), int(b), int(f), db.time(first), int(late_), int(sub))
        for u, c, n, s, k, a, b, f, first, late_, sub in rows
    )
    return ParticipationNumbers(
        rows=table,
        required=len(table),
        participating=sum(1 for r in table if r[5]),
        unattributed=int(total) - int(attributed),
    )


PAGES = {"progress": progress, "participation": participation, "ranking": ranking}

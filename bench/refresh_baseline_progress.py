"""The refresh bench's baseline of /: stages, jurors, coverage, pace inputs, heat maps.

Hand-written SQL over score_sheets with the raw driver (bench/refresh_baselines.py says how
and why); Python only for the deadline in the edition's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bench.refresh_baselines import (
    DRAFT_JOIN,
    OWNERS,
    Edition,
    Raw,
    Stage,
    counted_sql,
    edition,
    finalists_sql,
    id_list,
)
from bench.refresh_numbers import HEATMAP_MAX, LACKING_SHOWN, STAGES, ProgressNumbers

# Heat map cells (dashboard/builders/progress_heatmap.py's legend)
NOT_ASSIGNED, MISSING, PARTIAL, COMPLETE, ABSTAIN, DRAFT = 0, 1, 2, 3, 4, 5


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
        return f"SELECT id FROM innovations WHERE id IN ({id_list(finalist_ids)})"
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

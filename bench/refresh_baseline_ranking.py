"""The refresh bench's baseline of /peringkat: ranks, tiers, the shown rows' spreads, severity.

Hand-written SQL over score_sheets with the raw driver (bench/refresh_baselines.py says how
and why); Python only for the square root rounded half-up and the Fraction sums.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

from bench.refresh_baselines import (
    Edition,
    Raw,
    counted_sql,
    edition,
    finalists_sql,
    id_list,
)
from bench.refresh_numbers import STAGES, TABLE_MAX, RankingNumbers

OUTLIER_CENTI = 1000  # SCORING's spread: a sheet more than 10 points from its panel's mean


def _totals(ed: Edition, code: str) -> str:
    stage = ed.stages.get(code)
    if stage is None:
        return "SELECT 0 AS innovation_id, 0 AS t, 1 AS n WHERE 1 = 0"
    return f"""SELECT innovation_id, CAST(SUM(score) AS BIGINT) AS t, COUNT(*) AS n
FROM ({counted_sql(stage)}) x GROUP BY innovation_id"""


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


def _texts(db: Raw, shown: tuple[int, ...]) -> dict[int, tuple[str, str, str]]:
    found = db.rows(
        "SELECT i.id, i.code, i.title, u.code FROM innovations i JOIN units u"
        f" ON u.id = i.unit_id WHERE i.id IN ({id_list(shown)})"
    )
    return {i: (code, title, unit) for i, code, title, unit in found}


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _spreads(db: Raw, ed: Edition, shown: tuple[int, ...]) -> dict[tuple[str, int], tuple]:
    """Return the shown innovations' sheet spread per stage: n, min, max, mean, sd, outliers."""
    only = f"AND ss.innovation_id IN ({id_list(shown)})"
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

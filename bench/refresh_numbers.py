"""The numbers each live page shows, as plain tuples: from the app's data layer, to compare.

bench/refresh_baselines.py computes every page's numbers by hand (raw driver, its own
SQL); the app computes them through data_access (and the pure builders that pick what a
page draws). Both come out in the shapes below, and the refresh bench checks that they
are equal before it times anything: a baseline that drifted from what the page shows
would make its ratio meaningless. Scores are integer hundredths; times are naive UTC
datetimes; texts are included where the page shows them beside the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

STAGES = ("proposal", "presentation")
# The page's choices, restated here so that both sides use the same ones (and checked
# against the builders' constants in tests/test_bench.py).
TABLE_MAX = 100  # dashboard.builders.ranking.RANKING_TABLE_MAX
HEATMAP_MAX = 300  # dashboard.builders.progress_heatmap.HEATMAP_MAX_INNOVATIONS
LACKING_SHOWN = 12  # dashboard.builders.progress.coverage_panel's list


@dataclass(frozen=True)
class RankingNumbers:
    """What /peringkat shows: the whole order (ranks and tiers run over every row), the
    top rows' texts and spreads, the awards' state, and every juror's severity."""

    # (innovation, tier, rank, tie, award, proposal, presentation, final, n_prop, n_pres,
    # finalist) for every eligible innovation, in ranking order
    rows: tuple[tuple, ...]
    candidates: tuple[int, ...]
    awards_decided: bool
    shown: tuple[int, ...]
    texts: dict[int, tuple[str, str, str]]  # shown innovation -> (code, title, unit code)
    # (stage, innovation) -> (n, min, max, mean, sd, ((juror, score, deviation), ...))
    spreads: dict[tuple[str, int], tuple]
    severity: tuple[tuple[str, int, int, int], ...]  # (stage, juror, sheets, mean deviation)
    jurors: dict[int, tuple[str, str]]  # juror -> (code, name)


@dataclass(frozen=True)
class ProgressNumbers:
    """What / shows: the edition's counts, every stage's and juror's progress, coverage,
    pace inputs and the heat maps small enough to draw."""

    overview: tuple[int, int, int, int, int]  # innovations, passed, jurors, score rows, OPDs
    # (stage, expected, complete, partial, drafts, missing, abstained, unexpected)
    stages: tuple[tuple, ...]
    # (stage, juror, code, name, group, assigned, complete, partial, drafts, abstained, last)
    jurors: tuple[tuple, ...]
    # stage -> (innovations, covered, lacking, first lacking: ((id, code, title, groups), ...))
    coverage: dict[str, tuple]
    completions: dict[str, tuple[int, int | None]]  # stage -> (inside the window, latest)
    heat: dict[str, tuple | None]  # stage -> rows of cells (jurors x innovations), or None


@dataclass(frozen=True)
class ParticipationNumbers:
    """What /partisipasi shows: every required OPD's counts, the rate's parts."""

    # (unit, code, name, short name, kind, submitted, passed, finalists, first, late, from sub)
    rows: tuple[tuple, ...]
    required: int
    participating: int
    unattributed: int


def naive_utc(value: datetime | None) -> datetime | None:
    """Return an aware time as naive UTC (how the baselines' drivers give times back)."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def epoch_floor(value: datetime | None) -> int | None:
    """Return a naive UTC time as whole seconds since 1970."""
    return None if value is None else int(value.replace(tzinfo=UTC).timestamp() // 1)


def _centi(value) -> int | None:
    return None if value is None else int(value.scaleb(2))


# ---------------------------------------------------------------- the app's side
def app_ranking(session: Session, code: str) -> RankingNumbers:
    """Return /peringkat's numbers as the app computes them (data_access, then the table's pick)."""
    from dashboard.builders.ranking import table_row_ids
    from data_access import page_queries, queries
    from data_access.reports import edition_report
    from data_access.scoring.stats import score_spread, severity_from_groups

    report = edition_report(session, code)
    ranking = report.ranking
    rows = tuple(
        (
            r.innovation_id,
            r.tier,
            r.rank,
            r.tie,
            r.award,
            _centi(r.proposal_score),
            _centi(r.presentation_score),
            _centi(r.final_score),
            r.proposal_sheets,
            r.presentation_sheets,
            r.finalist,
        )
        for r in ranking.rows
    )
    shown = table_row_ids(ranking.rows, candidate_ids=ranking.candidate_ids)
    by_id = {r.innovation_id: r for r in ranking.rows}
    stages = queries.stage_ids(session, report.edition.id)
    spreads = score_spread(page_queries.counted_sheets(session, stages, list(shown)))
    severity = severity_from_groups(page_queries.severity_groups(session, stages))
    jurors = queries.load_jurors(session, report.edition.id)
    return RankingNumbers(
        rows=rows,
        candidates=tuple(ranking.candidate_ids),
        awards_decided=ranking.awards_decided,
        shown=tuple(shown),
        texts={i: (by_id[i].code, by_id[i].title, by_id[i].unit_code) for i in shown},
        spreads={
            key: (
                s.n,
                _centi(s.minimum),
                _centi(s.maximum),
                _centi(s.mean),
                _centi(s.sd),
                tuple((o.juror_id, _centi(o.score), _centi(o.deviation)) for o in s.outliers),
            )
            for key, s in spreads.items()
        },
        severity=tuple((s.stage, s.juror_id, s.sheets, _centi(s.mean_deviation)) for s in severity),
        jurors={j.id: (j.code, j.name) for j in jurors},
    )


def app_progress(session: Session, code: str) -> ProgressNumbers:
    """Return /'s numbers as the app computes them (data_access, then the heat map's cells)."""
    from dashboard.builders.progress_heatmap import heatmap_data
    from data_access import queries
    from data_access.overview import edition_overview
    from data_access.reports import edition_report, load_stage_sheets

    report = edition_report(session, code)
    counts = edition_overview(session, code)
    if counts is None:
        raise LookupError(code)
    progress, ranking = report.progress, report.ranking
    jurors = queries.load_jurors(session, report.edition.id)
    innovations = sorted(((r.innovation_id, r.code) for r in ranking.rows), key=lambda i: i[1])
    texts = {r.innovation_id: (r.code, r.title) for r in ranking.rows}
    coverage: dict[str, tuple] = {}
    heat: dict[str, tuple | None] = {}
    for stage in STAGES:
        rows = [c for c in progress.coverage if c.stage == stage]
        lacking = [c for c in rows if not c.covered]
        coverage[stage] = (
            len(rows),
            len(rows) - len(lacking),
            len(lacking),
            tuple(
                (
                    c.innovation_id,
                    *texts[c.innovation_id],
                    tuple(g for g, ok in c.groups.items() if not ok),
                )
                for c in lacking[:LACKING_SHOWN]
            ),
        )
        context = ranking.contexts[stage]
        if len(context.innovation_ids) > HEATMAP_MAX:
            heat[stage] = None
            continue
        sheets = load_stage_sheets(session, report.edition.id, stage).results(context)
        data = heatmap_data(context, [(j.id, j.code) for j in jurors], innovations, sheets)
        heat[stage] = tuple(tuple(row) for row in data.cells)
    return ProgressNumbers(
        overview=(
            counts.innovations,
            counts.innovations_passed,
            counts.jurors,
            counts.score_rows,
            counts.units_participating,
        ),
        stages=tuple(
            (
                s.stage,
                s.expected,
                s.complete,
                s.partial,
                s.drafts,
                s.missing,
                s.abstained,
                s.unexpected,
            )
            for s in progress.stages
        ),
        jurors=tuple(
            (
                j.stage,
                j.juror_id,
                j.code,
                j.name,
                j.group,
                j.assigned,
                j.complete,
                j.partial,
                j.drafts,
                j.abstained,
                naive_utc(j.last_scored_at),
            )
            for j in progress.jurors
        ),
        coverage=coverage,
        completions=_completions(session, code),
        heat=heat,
    )


def _completions(session: Session, code: str) -> dict[str, tuple[int, int | None]]:
    """Return the pace's inputs as the app's totals statement gives them."""
    from data_access import queries
    from data_access.models import utcnow
    from data_access.reports import _windows
    from data_access.totals import load_totals

    edition = queries.get_edition(session, code)
    stages = queries.stage_ids(session, edition.id)
    groups = sorted({j.group for j in queries.load_jurors(session, edition.id)})
    totals = load_totals(session, stages, _windows(edition, utcnow()), groups)
    return {stage: totals.progress.completions[stage] for stage in STAGES}


def app_participation(session: Session, code: str) -> ParticipationNumbers:
    """Return /partisipasi's numbers as the app computes them (data_access)."""
    from data_access.reports import participation_for

    found = participation_for(session, code)
    return ParticipationNumbers(
        rows=tuple(
            (
                r.unit_id,
                r.code,
                r.name,
                r.short_name,
                r.kind,
                r.submitted,
                r.passed,
                r.finalists,
                naive_utc(r.first_submitted_at),
                r.late,
                r.from_sub_units,
            )
            for r in found.rows
        ),
        required=found.required,
        participating=found.participating,
        unattributed=found.unattributed,
    )


APP = {"progress": app_progress, "participation": app_participation, "ranking": app_ranking}


def differences(app: object, baseline: object) -> list[str]:
    """Return where two pages' numbers differ, field by field (empty when equal)."""
    found = []
    for name in vars(app):
        mine, theirs = getattr(app, name), getattr(baseline, name)
        if mine != theirs:
            found.append(f"{name}: app {_clip(mine)} != baseline {_clip(theirs)}")
    return found


def _clip(value: object) -> str:
    text = repr(value)
    return text if len(text) < 300 else f"{text[:300]}..."

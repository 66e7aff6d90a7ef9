"""What one page draws beyond the figures every page shares (dashboard/page_data.py).

Each loaded only for the page that shows it, cached per data version as data.py's are:
a stage's heat map cells, the edition's jurors, the spreads of the ranking's shown rows,
the jurors' severity sums, and the summary's figures of an edition.
"""

from __future__ import annotations

from dashboard.data import EditionRef, cache
from dashboard.page_data import overview, participation, tallies
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import page_queries, queries
from data_access import reports as edition_reports
from data_access.overview import EditionFigures, finalists_by_kind
from data_access.progress import JurorRow
from data_access.scoring.stats import score_spread


@memoize_once(cache)
def stage_sheets(edition: EditionRef, version: int, stage: str) -> edition_reports.StageSheets:
    """Return one stage's sheets (a heat map's cells) at this data version."""
    with services().session() as db:
        return edition_reports.load_stage_sheets(db, edition.id, stage)


@memoize_once(cache)
def edition_jurors(edition: EditionRef, version: int) -> list[JurorRow]:
    """Return the edition's jurors at this data version."""
    with services().session() as db:
        return queries.load_jurors(db, edition.id)


@memoize_once(cache)
def unit_names(version: int) -> dict[str, queries.UnitName]:
    """Return every unit's names by its code, at this data version (the ranking names them)."""
    with services().session() as db:
        return queries.load_unit_names(db)


@memoize_once(cache)
def shown_spreads(edition: EditionRef, version: int, innovation_ids: tuple[int, ...]) -> dict:
    """Return {(stage, innovation): StageSpread} of the given innovations only, at this version."""
    with services().session() as db:
        stages = queries.stage_ids(db, edition.id)
        return score_spread(page_queries.counted_sheets(db, stages, list(innovation_ids)))


@memoize_once(cache)
def severity_groups(edition: EditionRef, version: int) -> list[page_queries.SeverityGroup]:
    """Return the jurors' severity sums per stage and panel size, from SQL, at this version."""
    with services().session() as db:
        return page_queries.severity_groups(db, queries.stage_ids(db, edition.id))


@memoize_once(cache)
def edition_figures(edition: EditionRef, version: int) -> EditionFigures:
    """Return an edition's participation rate, innovations and finalists by kind of unit."""
    result = tallies(edition, version)
    counts = overview(edition, version)
    with services().session() as db:
        units = queries.load_units(db)
        submissions = queries.load_submissions(db, edition.id)
    return EditionFigures(
        code=edition.code,
        name=edition.name,
        rate=participation(edition, version).rate,
        innovations=counts.innovations if counts else len(submissions),
        finalists=len(result.finalist_ids),
        finalists_by_kind=finalists_by_kind(units, submissions, result.finalist_ids),
    )

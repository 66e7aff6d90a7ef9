"""The progress page's own reads (dashboard/pages/progress.py): heat map columns, coverage names."""

from __future__ import annotations

from dashboard import data, page_data
from dashboard.pages import progress
from data_access.demo import DEMO_CODE
from tests.web import texts


def test_heat_map_columns_are_the_stage_s_innovations_by_code(shared_app):
    with shared_app.test_request_context("/"):
        version = data.watched_numbers()[0]
        edition = data.edition_named(DEMO_CODE)
        loaded = progress.load(edition, version)
        ranked = page_data.standing(edition, version).ranking  # the codes as the ranking has them
    rows = {r.innovation_id: r.code for r in ranked.rows}
    drawn = [stage for stage, inputs in loaded.heat.items() if inputs is not None]
    assert drawn  # the demo's stages are small enough to draw
    for stage in drawn:
        members = ranked.contexts[stage].innovation_ids
        expected = sorted(((i, rows[i]) for i in members), key=lambda item: item[1])
        assert loaded.heat[stage].innovations == expected


def test_coverage_names_the_innovations_lacking_a_group(shared_app):
    with shared_app.test_request_context("/"):
        version = data.watched_numbers()[0]
        edition = data.edition_named(DEMO_CODE)
        loaded = progress.load(edition, version)
        shown = texts(progress.draw(loaded, lang="id"))
        ranked = page_data.standing(edition, version).ranking
    by_id = {r.innovation_id: r for r in ranked.rows}
    lacking = [c for c in loaded.progress.coverage if not c.covered]
    assert lacking  # the demo has innovations some jury group has not completed
    for c in lacking[:3]:
        row = by_id[c.innovation_id]
        assert f"{row.code} · {row.title}" in shown

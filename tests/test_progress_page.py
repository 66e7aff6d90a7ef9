"""The progress page's own reads (dashboard/pages/progress.py): heat map columns, coverage names."""

from __future__ import annotations

from dashboard import data
from dashboard.pages import progress
from data_access.demo import DEMO_CODE
from tests.web import texts


def test_heat_map_columns_are_the_stage_s_innovations_by_code(shared_app):
    with shared_app.test_request_context("/"):
        version, _ = data.watched_numbers()
        loaded = progress.load(data.resolve(DEMO_CODE, version), version)
    rows = {r.innovation_id: r.code for r in loaded.result.ranking.rows}
    drawn = [stage for stage, inputs in loaded.heat.items() if inputs is not None]
    assert drawn  # the demo's stages are small enough to draw
    for stage in drawn:
        members = loaded.result.ranking.contexts[stage].innovation_ids
        expected = sorted(((i, rows[i]) for i in members), key=lambda item: item[1])
        assert loaded.heat[stage].innovations == expected


def test_coverage_names_the_innovations_lacking_a_group(shared_app):
    with shared_app.test_request_context("/"):
        version, _ = data.watched_numbers()
        edition = data.resolve(DEMO_CODE, version)
        loaded = progress.load(edition, version)
        shown = texts(progress.draw(loaded, lang="id"))
    by_id = {r.innovation_id: r for r in loaded.result.ranking.rows}
    lacking = [c for c in loaded.result.progress.coverage if not c.covered]
    assert lacking  # the demo has innovations some jury group has not completed
    for c in lacking[:3]:
        row = by_id[c.innovation_id]
        assert f"{row.code} · {row.title}" in shown

"""The Peringkat page at national scale: SQL spread and severity equal the pure reference."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from dashboard.builders import ranking as build
from dashboard.builders import ranking_notices as notices
from dashboard.builders.progress_heatmap import heatmap_data
from data_access import page_queries, queries
from data_access.db import make_engine, transaction
from data_access.reports import edition_report, load_edition_data, load_stage_sheets, ranking
from data_access.scoring.stats import juror_severity, score_spread, severity_from_groups
from tests.test_totals import _random_edition


class Editions:
    """Databases holding one random edition each, by (back end, seed), made on first use."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.engines: dict[tuple[str, int], Engine] = {}
        self.pg_copies: list[tuple[Any, str]] = []  # (PgSpares, database name)

    def engine(self, request: pytest.FixtureRequest, backend: str, seed: int) -> Engine:
        if (backend, seed) not in self.engines:
            if backend == "sqlite":
                path = self.folder / f"seed-{seed}.sqlite3"
                shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
                url = f"sqlite:///{path}"
            else:
                spares = request.getfixturevalue("pg_spares")
                name = spares.take(request.getfixturevalue("pg_template"))
                self.pg_copies.append((spares, name))
                server = make_url(request.getfixturevalue("pg_server_url"))
                url = server.set(database=name).render_as_string(hide_password=False)
            engine = make_engine(url)
            _random_edition(engine, seed)
            self.engines[backend, seed] = engine
        return self.engines[backend, seed]

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        for spares, name in self.pg_copies:
            spares.give_back(name)


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Iterator[Editions]:
    """The module's random editions: each (back end, seed) seeded once, for every test.

    The tests here only read (the SQL against the pure reference), so the four of them
    that take a seed share its database instead of each copying and seeding its own.
    """
    made = Editions(tmp_path_factory.mktemp("ranking-scale"))
    yield made
    made.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded(request, editions, seed) -> Engine:
    """An engine on the random edition of this seed (tests.test_totals), on both back ends."""
    return editions.engine(request, request.param, seed)


def _reference(engine):
    """Return the reference ranking (every sheet in Python) and the edition's stage ids."""
    with transaction(engine) as s:
        data = load_edition_data(s, "t-2022")
        stages = queries.stage_ids(s, data.edition.id)
    return data, ranking(data), stages


@pytest.mark.parametrize("seed", range(8))
def test_sql_severity_equals_the_reference(seeded, seed):
    """Severity from SQL sums per (stage, juror, panel size) equals juror_severity exactly."""
    _data, reference, stages = _reference(seeded)
    with transaction(seeded) as s:
        groups = page_queries.severity_groups(s, stages)
    assert severity_from_groups(groups) == juror_severity(reference.sheets)


@pytest.mark.parametrize("seed", range(8))
def test_sql_spread_of_some_innovations_equals_the_reference(seeded, seed):
    """Spreads from SQL restricted to some innovations equal score_spread over every sheet."""
    data, reference, stages = _reference(seeded)
    rng = random.Random(seed)
    ids = [i.id for i in data.innovations]
    some = rng.sample(ids, k=max(1, len(ids) // 2))
    with transaction(seeded) as s:
        every = page_queries.counted_sheets(s, stages, ids)
        part = page_queries.counted_sheets(s, stages, some)
    full = score_spread(reference.sheets)
    assert score_spread(every) == full
    assert score_spread(part) == {k: v for k, v in full.items() if k[1] in some}


@pytest.mark.parametrize("seed", range(6))
def test_stage_sheets_draw_the_reference_heat_map(seeded, seed):
    """One stage's sheets from SQL draw the same heat map as every sheet of the edition."""
    data, reference, _stages = _reference(seeded)
    with transaction(seeded) as s:
        report = edition_report(s, "t-2022")
        for stage in ("proposal", "presentation"):
            context = report.ranking.contexts[stage]
            loaded = load_stage_sheets(s, report.edition.id, stage)
            expected = heatmap_data(
                reference.contexts[stage],
                [(j.id, j.code) for j in data.jurors],
                [(i.id, i.code) for i in data.innovations],
                reference.sheets,
            )
            sheets = loaded.results(context)
            # Rows and columns as the page takes them: the jurors, the ranking's codes.
            jurors = [(j.id, j.code) for j in queries.load_jurors(s, report.edition.id)]
            codes = sorted(
                ((r.innovation_id, r.code) for r in report.ranking.rows), key=lambda i: i[1]
            )
            assert heatmap_data(context, jurors, codes, sheets) == expected
            assert all(sheet.stage == stage for sheet in sheets)


@pytest.mark.parametrize("seed", range(4))
def test_the_table_shows_the_top_rows_and_every_award_and_candidate(seeded, seed):
    """A cut table keeps the top rows in order, with every award and candidate row."""
    _data, reference, _stages = _reference(seeded)
    rows = reference.rows
    for limit in (1, 2, 3, len(rows)):
        shown = build.table_row_ids(rows, candidate_ids=reference.candidate_ids, limit=limit)
        must = {r.innovation_id for r in rows if r.award is not None}
        must |= set(reference.candidate_ids)
        assert must <= set(shown)
        assert len(shown) == min(max(limit, len(must)), len(rows))
        order = [r.innovation_id for r in rows]
        assert shown == sorted(shown, key=order.index)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return "".join(_text(n) for n in node)
    children = getattr(node, "children", None)
    return "" if children is None else _text(children)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "id",
            "Menampilkan 100 teratas dari 4.493 inovasi. Daftar lengkap ada di ekspor Excel/CSV.",
        ),
        (
            "en",
            "Showing the top 100 of 4,493 innovations. The full list is in the Excel/CSV export.",
        ),
    ],
)
def test_the_cut_table_notice_points_to_the_export(lang, expected):
    """The notice names how many rows are shown and links the Excel and CSV exports."""
    notice = notices.truncated_notice(100, 4493, code="nasional-bench", lang=lang)
    assert _text(notice) == expected
    links = [c.href for c in notice.children if hasattr(c, "href")]
    assert links == [
        "/ekspor/xlsx?edition=nasional-bench",
        "/ekspor/csv?edition=nasional-bench",
    ]
    assert notices.truncated_notice(30, 30, code="k", lang=lang) is None


def test_a_cut_table_keeps_real_neighbours_in_its_reasons():
    """The last drawn row's reason still compares it with the next row of the full ranking."""
    from tests.test_builders_ranking import main_rows, row

    rows = [row(f"A{i}", 1, i, final=f"{90 - i}.00") for i in range(1, 6)]
    full = main_rows(build.ranking_table(rows, lang="id"))
    cut = main_rows(
        build.ranking_table(rows, shown_ids=[r.innovation_id for r in rows[:3]], lang="id")
    )
    assert len(cut) == 3
    assert [str(c.to_plotly_json()) for c in cut] == [str(c.to_plotly_json()) for c in full[:3]]

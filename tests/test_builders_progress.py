"""Pure builders of the progress page, with literal data and no server."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import plotly.io
import pytest
from dash.development.base_component import Component

from dashboard.builders import progress as build
from dashboard.builders import progress_heatmap as heat
from data_access.i18n import t
from data_access.progress import GroupCoverage, JurorProgress, Pace, StageProgress
from data_access.scoring import COUNTED, SheetResult, StageContext


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Component):
            return o.to_plotly_json()
        if hasattr(o, "to_plotly_json"):
            return o.to_plotly_json()
        return str(o)


def text(component) -> str:
    """Return everything a component tree would render, as one JSON string."""
    return json.dumps(component, cls=_Encoder, ensure_ascii=False)


STAGE = StageProgress("proposal", 40, 25, 5, 10, 2, 1, Decimal("0.625"))


def _juror(code, assigned, complete, ratio=None):
    ratio = ratio if ratio is not None else (Decimal(complete) / assigned if assigned else None)
    return JurorProgress(
        "proposal",
        1,
        code,
        f"Juri {code}",
        "Undip",
        assigned,
        complete,
        0,
        0,
        datetime(2022, 11, 18, 3, 5, tzinfo=UTC),
        ratio,
    )


def test_stage_card_shows_share_counts_and_unexpected_sheets():
    """The card shows 62,5%, each count with its Indonesian label, and the unexpected warning."""
    pace = Pace(
        "proposal", Decimal("4.5"), Decimal("2"), 15, date(2022, 11, 21), date(2022, 11, 22), False
    )
    out = text(build.stage_card(STAGE, pace, lang="id"))
    for expected in (
        "Penilaian Proposal",
        "62,5%",
        "25 dari 40 lembar penilaian selesai",
        "Selesai Dinilai",
        "Sebagian Dinilai",
        "Belum Dinilai",
        "Abstain",
        "4,5 lembar per hari",
        "perkiraan selesai 21 November 2022",
        "1 lembar dari juri yang tidak ditugaskan",
    ):
        assert expected in out
    assert "Melewati jadwal" not in out


@pytest.mark.parametrize(
    ("pace", "expected", "behind"),
    [
        (
            Pace("proposal", None, Decimal(0), 10, None, date(2022, 11, 22), False),
            "Belum ada laju penilaian",
            False,
        ),
        (
            Pace(
                "proposal",
                Decimal("2"),
                Decimal(3),
                0,
                date(2022, 11, 20),
                date(2022, 11, 22),
                False,
                True,
            ),
            "selesai 20 November 2022",
            False,
        ),
        (
            Pace("proposal", Decimal("1"), Decimal(6), 7, None, date(2022, 11, 22), True, True),
            "waktu penilaian berakhir 22 November 2022; 7 lembar belum selesai",
            True,
        ),
        (
            Pace(
                "proposal", Decimal("1"), Decimal(2), 9, date(2022, 12, 1), date(2022, 11, 22), True
            ),
            "perkiraan selesai 1 Desember 2022",
            True,
        ),
    ],
)
def test_pace_line(pace, expected, behind):
    """The pace sentence for no pace yet, finished, closed unfinished and projected late."""
    out = text(build.pace_line(pace, lang="id"))
    assert expected in out
    assert ("Melewati jadwal" in out) is behind


@pytest.mark.parametrize(
    ("juror", "fraction", "behind"),
    [
        (_juror("J1", 10, 2), Decimal("0.5"), True),  # 20% done, half the window gone
        (_juror("J2", 10, 4), Decimal("0.5"), False),  # within the 10-point tolerance
        (_juror("J3", 10, 10), Decimal("1"), False),  # done
        (_juror("J4", 0, 0), Decimal("1"), False),  # nothing assigned
        (_juror("J5", 10, 0), None, False),  # no window dates
    ],
)
def test_juror_behind(juror, fraction, behind):
    """A juror is behind when their done share trails the passed share of the window."""
    assert build.juror_behind(juror, fraction) is behind


def test_window_fraction_in_local_time():
    """Half of a two-day window has passed at 00.00 WIB on its second day."""
    now = datetime(2022, 11, 17, 17, 0, tzinfo=UTC)  # 18 Nov 00.00 WIB
    assert build.window_fraction(
        date(2022, 11, 17), date(2022, 11, 18), now=now, timezone="Asia/Jakarta"
    ) == Decimal("0.5")
    assert build.window_fraction(None, None, now=now, timezone="Asia/Jakarta") is None


def test_juror_table_formats_times_and_flags():
    """The table shows local times with WIB and flags the juror behind."""
    out = text(
        build.juror_table(
            [_juror("J1", 10, 2), _juror("J2", 10, 9)],
            fraction=Decimal("0.8"),
            timezone="Asia/Jakarta",
            lang="id",
        )
    )
    assert "Jumat, 18 November 2022 pukul 10.05 WIB" in out
    assert out.count("Tertinggal") == 1
    assert "20%" in out and "90%" in out


def test_coverage_panel_lists_innovations_missing_a_group():
    """The panel counts covered innovations and names the missing groups."""
    coverage = [
        GroupCoverage("proposal", 1, {"Undip": True, "UMK": True}),
        GroupCoverage("proposal", 2, {"Undip": True, "UMK": False}),
    ]
    out = text(build.coverage_panel(coverage, {2: "I-2 · Inovasi Dua"}, lang="id"))
    assert "1 dari 2 inovasi" in out
    assert "I-2 · Inovasi Dua" in out and "belum dinilai oleh UMK" in out


def test_heatmap_states_and_figure():
    """Each cell shows complete, partial, missing, abstained or not assigned."""
    context = StageContext(
        "proposal", frozenset({10, 11}), {(1, 10): False, (1, 11): True, (2, 10): False}
    )
    sheets = [
        SheetResult("proposal", 1, 10, True, COUNTED, 7000),
        SheetResult("proposal", 2, 10, False, COUNTED, None),
    ]
    data = heat.heatmap_data(
        context, [(1, "J1"), (2, "J2")], [(10, "A"), (11, "B"), (12, "C")], sheets
    )
    assert data.innovations == ["A", "B"]  # C is not in the stage
    assert data.cells == [[heat.COMPLETE, heat.ABSTAIN], [heat.PARTIAL, heat.NOT_ASSIGNED]]
    figure = heat.heatmap_figure(data, lang="en")
    assert figure.layout.uirevision == "progress-heatmap"
    assert "Fully scored" in plotly.io.to_json(figure)


def test_heatmap_panel_empty_and_too_many():
    """No cells says no scores yet; too many innovations says so instead of drawing."""
    assert "Belum ada nilai masuk" in text(heat.heatmap_panel(None, lang="id"))
    many = heat.HeatmapData(["J1"], [f"I{n}" for n in range(301)], [[1] * 301])
    assert "301 inovasi terlalu banyak" in text(heat.heatmap_panel(many, lang="id"))


@pytest.mark.parametrize(
    ("codes", "shown"),
    [
        (["KIPP22-001", "KIPP22-010", "KIPP22-011"], ["001", "010", "011"]),
        (["INV 2022/01", "INV 2022/02"], ["01", "02"]),
        (["A-1", "B-1"], ["A-1", "B-1"]),  # nothing shared
        (["X-1"], ["X-1"]),  # one code: nothing to tell apart
        (["K-1", "K-"], ["K-1", "K-"]),  # one would be left empty
        (["KIPP1", "KIPP2"], ["KIPP1", "KIPP2"]),  # no separator to cut at
    ],
)
def test_short_codes_drop_only_the_shared_start(codes, shown):
    assert heat.short_codes(codes) == shown


def test_heatmap_ticks_are_short_and_its_legend_is_a_list_under_it():
    """The ticks name the short codes at the cells' own codes; no colour bar, a legend list."""
    data = heat.HeatmapData(["J1"], ["KIPP-<b>1", "KIPP-2"], [[heat.COMPLETE, heat.DRAFT]])
    spec = heat.heatmap_spec(data, lang="id")
    [trace] = spec["data"]
    axis = spec["layout"]["xaxis"]
    assert axis["tickvals"] == trace["x"] == ["KIPP-&lt;b&gt;1", "KIPP-2"]  # escaped, as data
    assert axis["ticktext"] == ["&lt;b&gt;1", "2"]
    assert trace["showscale"] is False and "colorbar" not in trace
    shown = text(heat.heatmap_panel(data, lang="en"))
    assert "kipp-heat-legend" in shown
    for key in heat.CELL_KEYS:
        assert t(key, "en") in shown


def test_drafts_shown_apart_from_submitted_and_imported_partial_sheets():
    """A draft cell has its own state; the card and juror table count drafts apart."""
    context = StageContext("proposal", frozenset({10, 11}), None)
    sheets = [
        SheetResult("proposal", 1, 10, False, COUNTED, 7000, draft=True),
        SheetResult("proposal", 1, 11, False, COUNTED, 7000),
    ]
    data = heat.heatmap_data(context, [(1, "J1")], [(10, "A"), (11, "B")], sheets)
    assert data.cells == [[heat.DRAFT, heat.PARTIAL]]
    assert "Draft" in plotly.io.to_json(heat.heatmap_figure(data, lang="en"))
    stage = StageProgress("proposal", 40, 25, 5, 10, 2, 1, Decimal("0.625"), drafts=3)
    pace = Pace("proposal", None, Decimal(0), 15, None, None, False)
    card = text(build.stage_card(stage, pace, lang="id"))
    legend = build.stage_card(stage, pace, lang="id").children.children[4]
    counts = {item.children[1]: item.children[2].children for item in legend.children}
    assert counts["Draf (belum dikirim): "] == "3" and counts["Sebagian Dinilai: "] == "2"
    assert "3 lembar masih draf di aplikasi" in card
    juror = JurorProgress("proposal", 1, "J1", "Juri", "Undip", 10, 4, 3, 0, None, None, drafts=2)
    plain = text(build.juror_table([juror], fraction=None, timezone="Asia/Jakarta", lang="id"))
    assert "Draf" in plain and "Riwayat" not in plain
    linked = build.juror_table(
        [juror], fraction=None, timezone="Asia/Jakarta", lang="id", history_edition="E1"
    )
    assert "/riwayat-nilai?edition=E1&juror=J1&stage=proposal&lang=id" in json.dumps(
        linked.to_plotly_json(), default=str
    )

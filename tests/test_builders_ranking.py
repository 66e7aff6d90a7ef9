"""Pure builders and figures of the Peringkat page, with literal data and no server."""

from __future__ import annotations

import json
from decimal import Decimal

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
import pytest
from dash import html
from dash.development.base_component import Component

from dashboard.builders import ranking as build
from dashboard.builders import ranking_notices as notices
from dashboard.builders import ranking_severity as severity_build
from data_access.formatting import format_deviation
from data_access.progress import JurorRow
from data_access.queries import UnitName
from data_access.scoring import (
    ABSTAINED,
    COUNTED,
    UNEXPECTED,
    RankedInnovation,
    Ranking,
    SheetResult,
)
from data_access.scoring.stats import (
    FINAL,
    PRESENTATION,
    PROPOSAL,
    TIE,
    TIER,
    JurorSeverity,
    Outlier,
    decider,
    juror_severity,
    score_spread,
)

D = Decimal


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if hasattr(o, "to_plotly_json"):
            return o.to_plotly_json()
        return str(o)


def text(component) -> str:
    """Return everything a component tree would render, as one JSON string."""
    return json.dumps(component, cls=_Encoder, ensure_ascii=False)


def walk(node):
    """Yield every component of a tree, depth first."""
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def plain(node) -> str:
    """Return the visible strings of a tree joined with spaces."""
    if isinstance(node, str):
        return node
    if isinstance(node, (list, tuple)):
        return " ".join(plain(c) for c in node if c is not None)
    if isinstance(node, Component):
        return plain(getattr(node, "children", None))
    return "" if node is None else str(node)


def row(
    code: str,
    tier: int,
    rank: int | None,
    *,
    final: str | None = None,
    presentation: str | None = None,
    proposal: str | None = None,
    finalist: bool = False,
    tie: bool = False,
    award: int | None = None,
    id_: int | None = None,
) -> RankedInnovation:
    """Return one literal ranking row (scores as strings, None when missing)."""
    return RankedInnovation(
        innovation_id=id_ if id_ is not None else int(code[1:]),
        code=code,
        title=f"Inovasi {code}",
        unit_code=f"UNIT_{code}",
        proposal_score=None if proposal is None else D(proposal),
        presentation_score=None if presentation is None else D(presentation),
        final_score=None if final is None else D(final),
        finalist=finalist,
        tier=tier,
        rank=rank,
        tie=tie,
        award=award,
        proposal_sheets=3 if proposal else 0,
        presentation_sheets=3 if presentation else 0,
    )


# A decided ranking: a seri for Juara II, a finalist waiting in tier 2 is impossible once
# decided, so tier 2 holds non-finalists only; one innovation without a score.
DECIDED = [
    row("A1", 1, 1, final="76.39", presentation="80.00", proposal="70.98", finalist=True, award=1),
    row(
        "A2", 1, 2, final="75.00", presentation="78.00", proposal="70.50", finalist=True, tie=True,
        award=2,
    ),
    row(
        "A3", 1, 2, final="75.00", presentation="78.00", proposal="70.50", finalist=True, tie=True,
        award=2,
    ),
    row("A4", 1, 4, final="74.00", presentation="77.00", proposal="69.50", finalist=True),
    row("A5", 2, 5, final="72.00", proposal="72.00"),
    row("A6", 3, None),
]  # fmt: skip


def classes(node) -> list[str]:
    """Return a component's CSS classes (none when it has no className)."""
    return (getattr(node, "className", None) or "").split()


def main_rows(table: Component) -> list[html.Tr]:
    """Return the innovation rows of the ranking table (not headings, not detail lines)."""
    return [n for n in walk(table) if isinstance(n, html.Tr) and "kipp-ranking-row" in classes(n)]


def badges_by_code(table: Component) -> dict[str, list[str]]:
    """Return, per innovation code, the badge texts of its main row."""
    out: dict[str, list[str]] = {}
    for node in main_rows(table):
        cells = node.children
        out[cells[1].children] = [
            plain(b.children) for b in walk(cells[7]) if isinstance(b, dbc.Badge)
        ]
    return out


def test_table_keeps_the_ranking_order_with_tier_headings_and_badges():
    """Rows come in SCORING.md order under a heading per tier, with Juara, Seri and Finalis."""
    table = build.ranking_table(DECIDED, lang="id")
    out = text(table)
    positions = [out.index(f'"Inovasi {r.code}"') for r in DECIDED]
    assert positions == sorted(positions)
    headings = [
        out.index('"Finalis dengan nilai akhir"'),
        out.index('"Inovasi lain dengan nilai"'),
        out.index('"Belum ada nilai"'),
    ]
    assert headings == sorted(headings)
    assert headings[0] < positions[0] and positions[3] < headings[1] < positions[4]
    assert positions[4] < headings[2] < positions[5]
    assert badges_by_code(table) == {
        "A1": ["Juara I", "Finalis"],
        "A2": ["Juara II", "Finalis", "Seri"],
        "A3": ["Juara II", "Finalis", "Seri"],
        "A4": ["Finalis"],
        "A5": [],
        "A6": [],
    }
    for score in ("76,39", "80,00", "70,98", "72,00"):
        assert f'"{score}"' in out


def test_table_leaves_the_rank_of_tier_three_empty_and_dashes_missing_scores():
    """An unscored innovation has no rank number and "–" for every score."""
    table = build.ranking_table(DECIDED, lang="id")
    rows = main_rows(table)
    last = rows[-1].children
    assert last[1].children == "A6"
    assert last[0].children == ""
    assert [c.children for c in last[4:7]] == ["–", "–", "–"]
    assert [r.children[0].children for r in rows[:5]] == ["1", "2", "2", "4", "5"]


def test_table_marks_candidates_and_never_as_finalists():
    """Without finalists, the candidate ids get "Kandidat finalis", not "Finalis"."""
    rows = [
        row("B1", 2, 1, final="80.00", proposal="80.00"),
        row("B2", 2, 2, final="79.00", proposal="79.00"),
        row("B3", 2, 3, final="60.00", proposal="60.00"),
    ]
    table = build.ranking_table(rows, candidate_ids=[1, 2], lang="id")
    assert badges_by_code(table) == {
        "B1": ["Kandidat finalis"],
        "B2": ["Kandidat finalis"],
        "B3": [],
    }
    ranking = Ranking(rows, frozenset(), False, [1, 2])
    notice = plain(notices.candidates_notice(ranking, target=6, lang="id"))
    assert "2 inovasi teratas menurut Nilai Proposal" in notice
    assert "jumlah finalis edisi ini: 6" in notice
    assert "belum finalis" in notice
    # Once there are finalists, no candidate note.
    with_finalists = Ranking(rows, frozenset({1}), False, [])
    assert notices.candidates_notice(with_finalists, target=6, lang="id") is None


def test_table_without_rows_says_so():
    """An edition with no eligible innovation shows a sentence, not an empty table."""
    assert "Belum ada inovasi yang lolos" in text(build.ranking_table([], lang="id"))


# ---------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (DECIDED[0], DECIDED[1], FINAL),
        (DECIDED[1], DECIDED[2], TIE),
        (DECIDED[3], DECIDED[4], TIER),
        (
            row("C1", 1, 1, final="75.00", presentation="80.00", proposal="67.50"),
            row("C2", 1, 2, final="75.00", presentation="79.00", proposal="69.00"),
            PRESENTATION,
        ),
        (
            row("C1", 2, 1, final="75.00", presentation="75.00", proposal="75.00"),
            row("C2", 2, 2, final="75.00", proposal="75.00"),
            PRESENTATION,
        ),
        (
            row("C1", 1, 1, final="75.00", presentation="80.00", proposal="70.00"),
            row("C2", 1, 2, final="75.00", presentation="80.00", proposal="69.00"),
            PROPOSAL,
        ),
        (row("C1", 3, None), row("C2", 3, None), TIE),
    ],
)
def test_decider_follows_the_tie_break_order(a, b, expected):
    """Tier first, then final, presentation and proposal score; else a tie."""
    assert decider(a, b) == expected
    assert decider(b, a) == expected


TIEBREAK = [
    row("P1", 1, 1, final="75.00", presentation="80.00", proposal="67.50", finalist=True),
    row("P2", 1, 2, final="75.00", presentation="79.00", proposal="69.00", finalist=True),
    row("P3", 1, 3, final="75.00", presentation="79.00", proposal="68.50", finalist=True),
]


@pytest.mark.parametrize(
    ("rows", "index", "expected"),
    [
        # Separated by the final score on both sides; the first row is the top.
        (
            DECIDED,
            0,
            "Peringkat teratas; unggul 1,39 poin dari A2 pada nilai akhir",
        ),
        # Seri above, final score below.
        (
            DECIDED,
            2,
            "Unggul 1,00 poin dari A4 pada nilai akhir; "
            "seri dengan A2 — sama pada semua nilai, diputuskan oleh dewan juri",
        ),
        # Final score above, seri below.
        (
            DECIDED,
            1,
            "Tertinggal 1,39 poin dari A1 pada nilai akhir; "
            "seri dengan A3 — sama pada semua nilai, diputuskan oleh dewan juri",
        ),
        # Last of tier 1: the next row is in another tier.
        (
            DECIDED,
            3,
            "Tertinggal 1,00 poin dari A3 pada nilai akhir; "
            "di atas semua inovasi lain dengan nilai",
        ),
        # First of tier 2, a non-finalist; above the unscored tier.
        (
            DECIDED,
            4,
            "Bukan finalis; di bawah semua finalis dengan nilai akhir; "
            "di atas semua inovasi yang belum bernilai",
        ),
        (
            DECIDED,
            5,
            "Belum ada nilai proposal yang lengkap; diurutkan menurut kode, tanpa peringkat",
        ),
        # Same final score: the presentation score decides, then the proposal score.
        (
            TIEBREAK,
            1,
            "Nilai akhir sama dengan P1, tetapi tertinggal 1,00 poin pada nilai presentasi; "
            "nilai akhir dan nilai presentasi sama dengan P3, "
            "tetapi unggul 0,50 poin pada nilai proposal",
        ),
        # A finalist still waiting for its presentation score, first of tier 2.
        (
            [
                row("W0", 1, 1, final="90.00", presentation="90.00", proposal="90.00"),
                row("W1", 2, 2, final="75.00", proposal="75.00", finalist=True),
                row("W2", 2, 3, final="74.00", proposal="74.00"),
            ],
            1,
            "Finalis yang masih menunggu nilai presentasi; "
            "di bawah semua finalis dengan nilai akhir; "
            "unggul 1,00 poin dari W2 pada nilai akhir",
        ),
        # A missing presentation score loses to any value.
        (
            [
                row("M1", 2, 1, final="75.00", presentation="60.00", proposal="75.00"),
                row("M2", 2, 2, final="75.00", proposal="75.00"),
            ],
            1,
            "Di bawah M1: belum punya nilai presentasi",
        ),
        ([row("S1", 2, 1, final="70.00", proposal="70.00")], 0, "Satu-satunya inovasi bernilai"),
    ],
)
def test_rank_reason_names_what_separated_the_neighbours(rows, index, expected):
    """The reason names the deciding score on each side, the tier, or the seri."""
    previous_row = rows[index - 1] if index > 0 else None
    next_row = rows[index + 1] if index + 1 < len(rows) else None
    assert build.rank_reason(rows[index], previous_row, next_row) == expected


def test_rank_reason_joins_a_seri_on_both_sides():
    """Tied with both neighbours: one seri sentence naming both."""
    rows = [
        row("T1", 2, 1, final="70.00", proposal="70.00", tie=True),
        row("T2", 2, 1, final="70.00", proposal="70.00", tie=True),
        row("T3", 2, 1, final="70.00", proposal="70.00", tie=True),
    ]
    assert build.rank_reason(rows[1], rows[0], rows[2]) == (
        "Seri dengan T1 dan T3 — sama pada semua nilai, diputuskan oleh dewan juri"
    )


def test_rank_reason_in_english():
    """English reasons use English words and decimal points."""
    assert build.rank_reason(TIEBREAK[1], TIEBREAK[0], TIEBREAK[2], lang="en") == (
        "The same final score as P1, but 1.00 points behind on the presentation score; "
        "the same final score and presentation score as P3, "
        "but 0.50 points ahead on the proposal score"
    )
    assert build.rank_reason(DECIDED[1], DECIDED[0], DECIDED[2], lang="en") == (
        "1.39 points behind A1 on the final score; "
        "tied with A3 — equal on every score, to be settled by the jury"
    )


# ---------------------------------------------------------------------------- notices


def test_awards_notice_waits_for_presentation_scores():
    """Undecided awards say how many finalists still lack a presentation score."""
    rows = [
        row("F1", 1, 1, final="80.00", presentation="80.00", proposal="80.00", finalist=True),
        row("F2", 2, 2, final="79.00", proposal="79.00", finalist=True),
        row("F3", 2, 3, final="78.00", proposal="78.00", finalist=True),
    ]
    ranking = Ranking(rows, frozenset({1, 2, 3}), False, [])
    assert plain(notices.awards_notice(ranking, lang="id")) == (
        "Juara belum ditetapkan: menunggu nilai presentasi untuk 2 finalis"
    )
    assert "waiting for presentation scores of 2 finalists" in plain(
        notices.awards_notice(ranking, lang="en")
    )


def test_awards_notice_without_finalists_and_once_decided_with_a_seri():
    """No finalists: say so. Decided with a tie among winners: the jury settles it."""
    none = Ranking([row("N1", 2, 1, final="70.00", proposal="70.00")], frozenset(), False, [1])
    assert "finalis belum ditentukan" in plain(notices.awards_notice(none, lang="id"))
    decided = Ranking(DECIDED, frozenset({1, 2, 3, 4}), True, [])
    out = plain(notices.awards_notice(decided, lang="id"))
    assert "Juara I, II dan III ditandai" in out
    assert "diputuskan oleh dewan juri, bukan oleh sistem" in out


def test_normalization_notice_is_prominent():
    """The normalisation notice is a warning alert with a heading."""
    notice = notices.normalization_notice(lang="id")
    assert isinstance(notice, dbc.Alert) and notice.color == "warning"
    assert "Normalisasi z-score aktif" in plain(notice)
    assert "Z-score normalisation is on" in plain(notices.normalization_notice(lang="en"))


# ---------------------------------------------------------------------------- spread


def sheet(stage, juror, innovation, score, *, status=COUNTED, complete=True) -> SheetResult:
    """Return one evaluated sheet with its score given as a string."""
    centi = None if score is None else int(D(score) * 100)
    return SheetResult(stage, juror, innovation, complete, status, centi)


SPREAD_SHEETS = [
    sheet("proposal", 1, 10, "70.00"),
    sheet("proposal", 2, 10, "80.00"),
    sheet("proposal", 3, 10, "90.00"),
    sheet("proposal", 4, 10, "50.00"),
    # Never counted: partial, abstained, unexpected.
    sheet("proposal", 5, 10, None, complete=False),
    sheet("proposal", 6, 10, "10.00", status=ABSTAINED),
    sheet("proposal", 7, 10, "99.00", status=UNEXPECTED),
    # Exactly 10 points from the mean is not an outlier.
    sheet("presentation", 1, 10, "60.00"),
    sheet("presentation", 2, 10, "80.00"),
    sheet("proposal", 1, 11, "66.66"),
]


def test_score_spread_by_hand():
    """n, min, max, mean, population sd and the >10-point outliers, computed by hand."""
    spreads = score_spread(SPREAD_SHEETS)
    assert set(spreads) == {("proposal", 10), ("presentation", 10), ("proposal", 11)}
    proposal = spreads[("proposal", 10)]
    # mean (70 + 80 + 90 + 50) / 4 = 72.5; deviations -2.5, 7.5, 17.5, -22.5;
    # variance (6.25 + 56.25 + 306.25 + 506.25) / 4 = 218.75; sd = 14.790...
    assert (proposal.n, proposal.minimum, proposal.maximum) == (4, D("50.00"), D("90.00"))
    assert (proposal.mean, proposal.sd) == (D("72.50"), D("14.79"))
    assert proposal.outliers == (
        Outlier(4, D("50.00"), D("-22.50")),
        Outlier(3, D("90.00"), D("17.50")),
    )
    presentation = spreads[("presentation", 10)]
    assert (presentation.mean, presentation.sd, presentation.outliers) == (
        D("70.00"),
        D("10.00"),
        (),
    )
    single = spreads[("proposal", 11)]
    assert (single.n, single.sd, single.outliers) == (1, D("0.00"), ())


def test_spread_detail_lists_outliers_with_the_juror():
    """The detail line shows each stage's spread and names every outlier sheet."""
    spreads = score_spread(SPREAD_SHEETS)
    labels = {3: "J03 · Dr. Tiga", 4: "J04 · Dr. Empat"}
    out = plain(build.spread_detail(10, spreads, labels, lang="id"))
    assert "Proposal: 4 juri, 50,00–90,00, simpangan baku 14,79" in out
    assert "Presentasi: 2 juri, 60,00–80,00, simpangan baku 10,00" in out
    assert "2 pencilan" in out
    assert "J04 · Dr. Empat (Proposal): 50,00, −22,50 dari rata-rata 72,50" in out
    assert "J03 · Dr. Tiga (Proposal): 90,00, +17,50 dari rata-rata 72,50" in out
    assert "belum ada lembar lengkap" in plain(build.spread_detail(99, spreads, {}, lang="id"))


# ---------------------------------------------------------------------------- severity

SEVERITY_SHEETS = [
    # Innovation 1: panel mean 80 -> J1 -10, J2 0, J3 +10.
    sheet("proposal", 1, 1, "70.00"),
    sheet("proposal", 2, 1, "80.00"),
    sheet("proposal", 3, 1, "90.00"),
    # Innovation 2: panel mean 62 -> J1 -2, J2 +2.
    sheet("proposal", 1, 2, "60.00"),
    sheet("proposal", 2, 2, "64.00"),
    # Innovation 3: a lone sheet says nothing; a partial sheet never counts.
    sheet("proposal", 3, 3, "40.00"),
    sheet("proposal", 1, 3, None, complete=False),
    # Presentation, innovation 1: mean 85 -> J1 -1.5, J3 +1.5.
    sheet("presentation", 1, 1, "83.50"),
    sheet("presentation", 3, 1, "86.50"),
    sheet("presentation", 2, 1, "20.00", status=ABSTAINED),
]
JURORS = [
    JurorRow(1, "J01", "Dr. Satu", "Undip"),
    JurorRow(2, "J02", "Dr. Dua", "UMK"),
    JurorRow(3, "J03", "Tiga", "Wartawan"),
]


def test_juror_severity_by_hand():
    """Mean deviation from the panel mean per juror and stage; lone sheets left out."""
    assert juror_severity(SEVERITY_SHEETS) == [
        JurorSeverity("proposal", 1, 2, D("-6.00")),  # (-10 - 2) / 2
        JurorSeverity("proposal", 2, 2, D("1.00")),  # (0 + 2) / 2
        JurorSeverity("proposal", 3, 1, D("10.00")),
        JurorSeverity("presentation", 1, 1, D("-1.50")),
        JurorSeverity("presentation", 3, 1, D("1.50")),
    ]


def test_severity_table_signs_and_stages():
    """The table shows signed two-decimal differences per stage, "–" where a juror has none."""
    table = severity_build.severity_table(juror_severity(SEVERITY_SHEETS), JURORS, lang="id")
    out = plain(table)
    for expected in ("Proposal", "Presentasi", "Lembar", "Selisih", "−6,00", "+1,00", "+10,00"):
        assert expected in out
    j02 = next(n for n in walk(table) if isinstance(n, html.Tr) and "J02" in plain(n))
    assert [c.children for c in j02.children[2:]] == ["2", "+1,00", "–", "–"]
    stricter = [n for n in walk(table) if "kipp-ranking-stricter" in classes(n)]
    assert [n.children for n in stricter] == ["−6,00", "−1,50"]
    assert "No innovation has two or more" in plain(
        severity_build.severity_table([], JURORS, lang="en")
    )


def test_severity_figure_is_a_bar_per_stage_with_uirevision():
    """A horizontal go.Bar per stage with the juror codes, values and a fixed uirevision."""
    figure = severity_build.severity_figure(juror_severity(SEVERITY_SHEETS), JURORS, lang="id")
    assert isinstance(figure, go.Figure)
    assert all(isinstance(trace, go.Bar) for trace in figure.data)
    by_name = {trace.name: trace for trace in figure.data}
    assert set(by_name) == {"Proposal", "Presentasi"}
    proposal = by_name["Proposal"]
    assert proposal.orientation == "h"
    assert list(proposal.y) == ["J01", "J02", "J03"]
    assert list(proposal.x) == [-6.0, 1.0, 10.0]
    assert [c[0] for c in proposal.customdata] == ["−6,00", "+1,00", "+10,00"]
    assert figure.layout.uirevision == "ranking-severity"
    assert figure.layout.separators == ",."
    english = severity_build.severity_figure(juror_severity(SEVERITY_SHEETS), JURORS, lang="en")
    assert {trace.name for trace in english.data} == {"Proposal", "Presentation"}
    assert english.layout.separators == ".,"


# ---------------------------------------------------------------------------- English


def test_english_table_texts():
    """The English table has English headings, tiers, badges and decimal points."""
    table = build.ranking_table(DECIDED, lang="en")
    out = text(table)
    for expected in (
        "Rank",
        "Code",
        "Government Unit",
        "Proposal Score",
        "Presentation Score",
        "Final Score",
        "Why this position",
        "Finalists with a final score",
        "Other innovations with a score",
        "No score yet",
        "Winner (1st)",
        "Tie",
        "76.39",
    ):
        assert expected in out, expected
    assert "76,39" not in out
    assert badges_by_code(table)["A2"] == ["Runner-up (2nd)", "Finalist", "Tie"]


def test_scores_always_have_two_decimals():
    """76.3 shows as 76,30 (never 76,3); a missing score as a dash; deviations signed."""
    assert build.format_score(D("76.3"), lang="id") == "76,30"
    assert build.format_score(D("1234.5"), lang="en") == "1,234.50"
    assert build.format_score(None, lang="id") == "–"
    assert format_deviation(D("-3.4"), lang="id") == "−3,40"
    assert format_deviation(D("0"), lang="id") == "0,00"


def test_rows_name_their_unit_with_the_code_on_hover_and_a_waiting_finalist_says_so():
    """The unit's short name in the row (its full name and code on hover), not the code;
    a finalist without a presentation score says it waits for one beside its badge."""
    names = {r.unit_code: UnitName(f"Dinas {r.code}", f"Dinas Panjang {r.code}") for r in DECIDED}
    waiting = row("W1", 2, 1, final="75.00", proposal="75.00", finalist=True)
    table = build.ranking_table([*DECIDED[:4], waiting], unit_names=names, lang="id")
    units = [n for n in walk(table) if isinstance(n, html.Span) and getattr(n, "title", None)]
    assert {u.children for u in units} >= {f"Dinas {r.code}" for r in DECIDED[:4]}
    first = next(u for u in units if u.children == f"Dinas {DECIDED[0].code}")
    assert first.title == f"Dinas Panjang {DECIDED[0].code} ({DECIDED[0].unit_code})"
    out = text(table)
    assert f'"{DECIDED[0].unit_code}"' not in out  # the code is never a cell's text
    assert out.count("menunggu nilai presentasi") >= 1
    # Without the names (a unit deleted since), the code stands in.
    bare = text(build.ranking_table(DECIDED[:1], lang="id"))
    assert f'"{DECIDED[0].unit_code}"' in bare


def test_without_a_final_score_the_scored_innovations_are_not_other_ones():
    """During proposal judging no finalist has a final score: tier 2 is not "lain"."""
    early = [row for row in DECIDED if row.tier != 1]
    out = text(build.ranking_table(early, lang="id"))
    assert '"Inovasi dengan nilai"' in out and "Inovasi lain dengan nilai" not in out
    assert '"Other innovations with a score"' not in text(build.ranking_table(early, lang="en"))

"""Tests of dashboard/builders/participation.py and participation_table.py: counts, order,
badges, the table and its rows as data, deadline, by-kind view."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dashboard.builders import participation as build
from dashboard.builders import participation_table as tables
from dashboard.kiosk.slides import participation_slide
from data_access.participation import OpdParticipation, Participation, submissions_closed


def opd(code: str, name: str, kind: str, submitted: int = 0, **counts) -> OpdParticipation:
    """Return a required OPD's participation row; counts default to none."""
    values = {"passed": 0, "finalists": 0, "late": 0, "from_sub_units": 0} | counts
    first = values.pop("first", None)
    return OpdParticipation(
        unit_id=abs(hash(code)) % 10_000,
        code=code,
        name=name,
        short_name=code.title(),
        kind=kind,
        submitted=submitted,
        first_submitted_at=first,
        **values,
    )


ROWS = [
    opd(
        "DKK",
        "Dinas Kesehatan",
        "dinas",
        7,
        passed=6,
        finalists=1,
        from_sub_units=6,
        first=datetime(2022, 10, 13, 3, 5, tzinfo=UTC),
    ),
    opd("DISDAG", "Dinas Perdagangan", "dinas"),
    opd(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "badan",
        1,
        passed=1,
        late=1,
        first=datetime(2022, 11, 13, 17, 0, tzinfo=UTC),
    ),
    opd("KEC-BAE", "Kecamatan Bae", "kecamatan"),
    opd("ARPUSDA", "Dinas Arsip dan Perpustakaan Daerah", "dinas"),
]
PARTICIPATION = Participation(
    rows=ROWS, required=5, participating=2, rate=Decimal("0.4"), unattributed=0
)


def texts(component) -> str:
    """Return every string inside a Dash component tree, joined by spaces."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(filter(None, (texts(c) for c in component)))
    return texts(getattr(component, "children", None))


def flat(component) -> str:
    """Return the text of a component as the browser shows it: strings run together."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return "".join(flat(c) for c in component)
    return flat(getattr(component, "children", None))


def table_rows(table):
    """Return the body rows of a dbc.Table built from [thead, tbody]."""
    return table.children[1].children


def test_not_yet_submitted_come_first_then_by_name():
    order = [r.code for r in tables.sorted_rows(ROWS)]
    assert order == ["ARPUSDA", "DISDAG", "KEC-BAE", "BAPPEDA", "DKK"]


@pytest.mark.parametrize(
    ("row", "lang", "text", "colour"),
    [
        (ROWS[0], "id", "Sudah mengumpulkan Sudah", "success"),
        (ROWS[1], "id", "Belum mengumpulkan Belum", "danger"),
        (ROWS[0], "en", "Submitted Submitted", "success"),
        (ROWS[1], "en", "Not yet submitted Not yet", "danger"),
    ],
)
def test_status_badge(row, lang, text, colour):
    badge = tables.status_badge(row, lang=lang)
    assert texts(badge) == text
    assert badge.color == colour


def test_opd_table_rows_counts_and_highlight():
    table = tables.opd_table(ROWS, timezone="Asia/Jakarta", lang="id")
    rows = table_rows(table)
    assert [r.className for r in rows] == ["kipp-participation-missing"] * 3 + [None, None]
    dkk = [texts(cell) for cell in rows[4].children]
    assert dkk == [
        "Sudah mengumpulkan Sudah",
        "Dkk Dinas Kesehatan",
        "Dinas",
        "7 6 dari sub-unit",
        "6",
        "1",
        "0",
        "Kamis, 13 Oktober 2022 pukul 10.05 WIB",
    ]
    # Submitted at 00.00 WIB on 14 November: the day after the deadline, flagged late.
    bappeda = [texts(cell) for cell in rows[3].children]
    assert bappeda[6] == "1" and bappeda[7] == "Senin, 14 November 2022 pukul 00.00 WIB"
    assert rows[3].children[6].children.className == "kipp-participation-late"
    assert texts(rows[0].children[7]) == "–"


def test_opd_table_in_english():
    table = tables.opd_table(ROWS, timezone="Asia/Jakarta", lang="en")
    assert texts(table.children[0]) == (
        "Status Government Unit Kind Submitted Passed Finalists Late First submission"
    )
    dkk = [texts(cell) for cell in table_rows(table)[4].children]
    assert dkk[3] == "7 6 from sub-units"
    assert dkk[7] == "Thursday, October 13, 2022 at 10:05 WIB"


def test_opd_rows_data_holds_the_tables_texts_in_its_order():
    data = tables.opd_rows_data(ROWS, timezone="Asia/Jakarta", lang="id")
    assert data["status"] == [["Belum mengumpulkan", "Belum"], ["Sudah mengumpulkan", "Sudah"]]
    assert [r[1] for r in data["rows"]] == ["Arpusda", "Disdag", "Kec-Bae", "Bappeda", "Dkk"]
    kinds = [data["kinds"][r[3]] for r in data["rows"]]
    assert kinds == ["Dinas", "Dinas", "Kecamatan", "Badan", "Dinas"]
    dkk = data["rows"][4]
    assert dkk[:10] == [1, "Dkk", "Dinas Kesehatan", 0, "7", "6 dari sub-unit", "6", "1", "0", 0]
    assert dkk[10] == "Kamis, 13 Oktober 2022 pukul 10.05 WIB"
    # Bappeda: one late, flagged; an OPD without submissions: no note, no first date.
    assert data["rows"][3][8:10] == ["1", 1]
    assert data["rows"][0][4:] == ["0", None, "0", "0", "0", 0, "–"]
    english = tables.opd_rows_data(ROWS, timezone="Asia/Jakarta", lang="en")
    assert english["rows"][4][5] == "6 from sub-units"


def test_rate_card_shows_the_rate_big_and_the_counts():
    data = Participation(
        rows=ROWS, required=34, participating=21, rate=Decimal(21) / 34, unattributed=0
    )
    assert texts(build.rate_card(data, lang="id")) == "Tingkat Partisipasi 61,8% 21 dari 34 OPD"
    assert texts(build.rate_card(data, lang="en")) == "Participation Rate 61.8% 21 of 34 OPDs"


def test_rate_card_without_required_opds():
    empty = Participation(rows=[], required=0, participating=0, rate=None, unattributed=0)
    assert texts(build.rate_card(empty, lang="id")) == "Tingkat Partisipasi – 0 dari 0 OPD"


def test_totals_card():
    text = texts(build.totals_card(PARTICIPATION, lang="id"))
    assert text == "Inovasi Diajukan 8 7 lolos administrasi · 1 terlambat"


END = date(2022, 11, 13)


@pytest.mark.parametrize(
    ("now", "lang", "text", "tone"),
    [
        (
            datetime(2022, 11, 10, 12, 0, tzinfo=UTC),
            "id",
            "Batas Pengumpulan: 3 hari 5 jam lagi, sampai Minggu, 13 November 2022 pukul 23.59 WIB",
            "open",
        ),
        # 23.59 WIB on the last day: one minute left.
        (
            datetime(2022, 11, 13, 16, 59, tzinfo=UTC),
            "id",
            "Batas Pengumpulan: 1 menit lagi, sampai Minggu, 13 November 2022 pukul 23.59 WIB",
            "open",
        ),
        # 00.00 WIB on 14 November: closed, although it is still 13 November in UTC.
        (
            datetime(2022, 11, 13, 17, 0, tzinfo=UTC),
            "id",
            "Pengumpulan ditutup 13 November 2022",
            "closed",
        ),
        (
            datetime(2022, 11, 13, 7, 0, tzinfo=UTC),
            "en",
            "Submission Deadline: 10 hours left, until Sunday, November 13, 2022 at 23:59 WIB",
            "open",
        ),
        (
            datetime(2023, 1, 1, tzinfo=UTC),
            "en",
            "Submission closed on November 13, 2022",
            "closed",
        ),
    ],
)
def test_deadline_banner(now, lang, text, tone):
    banner = build.deadline_banner(END, now=now, timezone="Asia/Jakarta", lang=lang)
    assert flat(banner) == text
    assert banner.className.endswith(f"-{tone}")


def test_deadline_banner_without_a_date():
    banner = build.deadline_banner(
        None, now=datetime(2022, 1, 1, tzinfo=UTC), timezone="Asia/Jakarta", lang="id"
    )
    assert texts(banner) == "Batas pengumpulan belum dijadwalkan"


def test_kind_counts_largest_kind_first():
    counts = build.kind_counts(ROWS)
    assert [(c.kind, c.opds, c.submitted, c.missing, c.innovations) for c in counts] == [
        ("dinas", 3, 1, 2, 7),
        ("badan", 1, 1, 0, 1),
        ("kecamatan", 1, 0, 1, 0),
    ]


def test_kind_figure_data():
    figure = build.kind_figure(build.kind_counts(ROWS), lang="id")
    done, missing = figure.data
    assert done.type == missing.type == "bar"
    assert done.orientation == missing.orientation == "h"
    assert done.name == "Sudah mengumpulkan" and missing.name == "Belum mengumpulkan"
    assert list(done.y) == list(missing.y) == ["Dinas", "Badan", "Kecamatan"]
    assert list(done.x) == [1, 1, 0] and list(missing.x) == [2, 0, 1]
    assert list(done.text) == ["1", "1", ""]
    assert figure.layout.barmode == "stack"
    assert figure.layout.uirevision == "participation-kinds"
    assert figure.layout.xaxis.dtick == 1


def test_kind_figure_in_english_and_empty():
    figure = build.kind_figure(build.kind_counts(ROWS), lang="en")
    assert list(figure.data[0].y) == ["Agencies (dinas)", "Boards (badan)", "Districts (kecamatan)"]
    assert figure.data[1].name == "Not yet submitted"
    assert figure.layout.xaxis.title.text == "Number of OPDs"
    assert len(build.kind_figure([], lang="id").data[0].y) == 0


def test_kind_table():
    table = build.kind_table(build.kind_counts(ROWS), lang="id")
    assert texts(table.children[0]) == "Jenis OPD Sudah Belum Partisipasi"
    assert [texts(r) for r in table_rows(table)] == [
        "Dinas 3 1 2 33,3%",
        "Badan 1 1 0 100%",
        "Kecamatan 1 0 1 0%",
    ]


def test_kind_panel_without_opds_says_so():
    assert texts(build.kind_panel([], lang="en")).startswith("No required OPD is registered yet")


@pytest.mark.parametrize(
    ("kind", "lang", "label"),
    [
        ("sekretariat", "id", "Sekretariat"),
        ("satpol", "en", "Civil Service Police"),
        ("uptd", "id", "Uptd"),
        ("", "id", "Lainnya"),
        ("", "en", "Other"),
    ],
)
def test_kind_label(kind, lang, label):
    assert build.kind_label(kind, lang=lang) == label


@pytest.mark.parametrize(
    ("participation", "lang", "text"),
    [
        (PARTICIPATION, "id", "3 OPD belum mengumpulkan; mereka tercantum paling atas."),
        (PARTICIPATION, "en", "3 OPDs have not submitted yet; they are listed first."),
        (
            Participation(
                rows=ROWS[1:2], required=1, participating=0, rate=Decimal(0), unattributed=0
            ),
            "id",
            "Belum ada inovasi yang diajukan.",
        ),
        (
            Participation(
                rows=ROWS[:1], required=1, participating=1, rate=Decimal(1), unattributed=2
            ),
            "id",
            "Semua OPD wajib sudah mengumpulkan. "
            "2 inovasi berasal dari unit yang tidak termasuk OPD wajib mana pun.",
        ),
        (
            Participation(rows=[], required=0, participating=0, rate=None, unattributed=0),
            "id",
            "Belum ada OPD wajib yang terdaftar. Impor daftar perangkat daerah terlebih dahulu.",
        ),
    ],
)
def test_missing_summary(participation, lang, text):
    assert texts(build.missing_summary(participation, lang=lang)) == text


# ---------------------------------------------------------------- after the deadline
@pytest.mark.parametrize(
    ("now", "closed"),
    [
        (datetime(2022, 11, 13, 16, 59, 59, tzinfo=UTC), False),  # 23.59.59 WIB, the last day
        (datetime(2022, 11, 13, 17, 0, tzinfo=UTC), True),  # 00.00 WIB the day after
    ],
)
def test_submissions_close_when_the_deadlines_day_ends_in_the_editions_zone(now, closed):
    data = replace(PARTICIPATION, submission_end=date(2022, 11, 13), timezone="Asia/Jakarta")
    assert submissions_closed(data, now) is closed
    assert submissions_closed(replace(data, submission_end=None), now) is False


def test_after_the_deadline_an_opd_did_not_submit_everywhere_it_is_named():
    """ "Tidak mengumpulkan", not "Belum", in the badge, the rows' data, the sentence, the
    by-kind table and figure, and the TV's wall."""
    missing = ROWS[1]
    badge = tables.status_badge(missing, lang="id", closed=True)
    assert texts(badge) == "Tidak mengumpulkan Tidak"
    assert texts(tables.status_badge(missing, lang="en", closed=True)) == "Did not submit Missed"
    data = tables.opd_rows_data(ROWS, timezone="Asia/Jakarta", lang="id", closed=True)
    assert data["status"][0] == ["Tidak mengumpulkan", "Tidak"]
    sentence = texts(build.missing_summary(PARTICIPATION, lang="id", closed=True))
    assert sentence.startswith("3 OPD tidak mengumpulkan;")
    counts = build.kind_counts(ROWS)
    assert "Tidak" in texts(build.kind_table(counts, lang="id", closed=True).children[0])
    assert build.kind_spec(counts, lang="id", closed=True)["data"][1]["name"] == (
        "Tidak mengumpulkan"
    )
    wall = texts(participation_slide(PARTICIPATION, seconds=15, lang="id", closed=True))
    assert "Tidak mengumpulkan" in wall and "Belum" not in wall
    before = texts(participation_slide(PARTICIPATION, seconds=15, lang="id"))
    assert "Belum mengumpulkan" in before


def test_the_wall_can_leave_out_the_units_that_did_not_submit():
    """The committee's choice: only those that submitted are named; the rate counts all."""
    shown = texts(participation_slide(PARTICIPATION, seconds=15, lang="id", hide_missing=True))
    missing = [r for r in ROWS if not r.submitted]
    done = [r for r in ROWS if r.submitted]
    assert missing and all((r.short_name or r.name) not in shown for r in missing)
    assert all((r.short_name or r.name) in shown for r in done)
    assert "Belum mengumpulkan" not in shown and "lainnya" not in shown
    assert f"dari {PARTICIPATION.required} perangkat daerah" in shown
    everyone = texts(participation_slide(PARTICIPATION, seconds=15, lang="id"))
    assert all((r.short_name or r.name) in everyone for r in missing)

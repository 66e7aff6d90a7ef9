"""Round trips of the edition archive (data_access/exports/archive.py) through the importer.

An archive imported into an empty database reproduces the edition: the same ranking (every
row, Decimal scores, tiers, ranks, awards), progress, participation, approved snapshot and
hash, score history and the jurors' declarations, on SQLite and PostgreSQL and from one to
the other. The sources are made once per module from the session's decided demo templates;
each round trip imports into a fresh copy of the migrated template.
"""

from __future__ import annotations

import copy
import csv
import io
import random
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.engine import make_url

from data_access import ceremony
from data_access.admin_status import set_status
from data_access.cli.reports import format_participation, format_progress
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.exports import export_bytes
from data_access.exports.archive import archive_rows, rows_xlsx
from data_access.exports.archive_sheets import snapshot_parts
from data_access.importing import ImportFailed, import_path
from data_access.importing.archive import parse_approval
from data_access.importing.errors import Problems
from data_access.importing.reader import ALL_FILES, build_table
from data_access.importing.validate import EDITION_KEYS, SPECS
from data_access.jury import conflicts, sheets, windows
from data_access.jury.history import SheetKey
from data_access.models import (
    Criterion,
    Innovation,
    Juror,
    Score,
    ScoreHistory,
    SheetComment,
    Stage,
)
from data_access.reports import edition_report, participation_for
from tests.web import copy_database

NOW = datetime(2022, 10, 1, 3, tzinfo=UTC)  # progress's pace is read at a fixed moment
BY = "panitia"
UNITS = Path(__file__).resolve().parent.parent / "data_access" / "data" / "kudus_units_2022.csv"
RANDOM_CODE = "acak-2024"


@dataclass(frozen=True)
class Edition:
    """What an edition is, as the committee and the ceremony see it: compared whole."""

    ranking: list[tuple]
    progress: str
    participation: str
    snapshot: tuple | None
    history: list[tuple]
    rows: dict  # every sheet of its archive, the declarations and states included


def edition_of(url: str, code: str) -> Edition:
    """Read everything a round trip must keep of an edition."""
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            report = edition_report(session, code, now=NOW)
            ranking = [
                (
                    r.code,
                    r.proposal_score,
                    r.presentation_score,
                    r.final_score,
                    r.finalist,
                    r.tier,
                    r.rank,
                    r.tie,
                    r.award,
                    r.decided,
                )
                for r in report.ranking.rows
            ]
            snap = ceremony.get_state(session, code).snapshot
            history = session.execute(
                select(
                    ScoreHistory.stage_code,
                    ScoreHistory.juror_code,
                    ScoreHistory.innovation_code,
                    ScoreHistory.criterion_code,
                    ScoreHistory.event,
                    ScoreHistory.old_centi,
                    ScoreHistory.new_centi,
                    ScoreHistory.reason,
                    ScoreHistory.source,
                    ScoreHistory.by,
                    ScoreHistory.at,
                ).order_by(ScoreHistory.id)
            ).all()
            rows = archive_rows(session, code)
            # Ranked innovations take the snapshot's ids on a restore, the others the next
            # ones: the sheet's order (by id) may differ, its rows may not.
            rows["innovations"] = [rows["innovations"][0], *sorted(rows["innovations"][1:])]
            return Edition(
                ranking,
                format_progress(report.progress),
                format_participation(participation_for(session, code)),
                None
                if snap is None
                else (snap.hash, snap.payload, snap.approved_at, snap.approved_by),
                [tuple(line) for line in history],
                rows,
            )
    finally:
        engine.dispose()


def write_archive(url: str, code: str, folder: Path) -> Path:
    """Export the edition's archive as the command does, into a file."""
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            made = export_bytes(session, code, "archive", juror_scores=True)
    finally:
        engine.dispose()
    path = folder / made.filename
    path.write_bytes(made.data)
    return path


def import_archive(url: str, path: Path, **options):
    """Import a workbook as the command does; return the report."""
    engine = make_engine(url)
    try:
        return import_path(engine, path, **options)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- the sources
def _keys(session, code: str, stage: str, juror: str, innovation: str) -> SheetKey:
    ids = session.execute(
        select(Stage.id, Juror.id, Innovation.id)
        .join(Juror, Juror.edition_id == Stage.edition_id)
        .join(Innovation, Innovation.edition_id == Stage.edition_id)
        .where(Stage.code == stage, Juror.code == juror, Innovation.code == innovation)
    ).one()
    return SheetKey(*ids)


def _last(session, stage: str) -> tuple[str, str]:
    """Return the juror and innovation of a scored sheet of the stage, the lowest ranked."""
    row = session.execute(
        select(Juror.code, Innovation.code)
        .join(Score, Score.juror_id == Juror.id)
        .join(Innovation, Innovation.id == Score.innovation_id)
        .join(Stage, Stage.id == Score.stage_id)
        .where(Stage.code == stage)
        .order_by(Innovation.code.desc(), Juror.code)
        .limit(1)
    ).one()
    return row[0], row[1]


def decorate_demo(url: str) -> None:
    """Give the decided demo what the app records beside scores, then approve it."""
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            report = edition_report(session, DEMO_CODE)
            codes = [r.code for r in report.ranking.rows]
            juror, innovation = _last(session, "proposal")
            key = _keys(session, DEMO_CODE, "proposal", juror, innovation)
            sheets.reopen(session, key, "Nilai kriteria 2 perlu diperiksa lagi", BY, source="cli")
            criterion = session.scalars(
                select(Criterion.id)
                .where(Criterion.stage_id == key.stage_id)
                .order_by(Criterion.position)
            ).first()
            # What the sheet page writes beside a score (data_access/jury/sheets.py).
            session.add(SheetComment(**key._asdict(), criterion_id=criterion, text="=Cek lagi"))
            other = next(c for c in codes if c != innovation)
            key = _keys(session, DEMO_CODE, "proposal", juror, other)
            conflicts.declare_no_conflict(session, key, "juri", now=NOW)
            key = _keys(session, DEMO_CODE, "proposal", "J02", codes[-1])
            conflicts.declare_conflict(session, key, "Kakak ipar = inovator", "juri", now=NOW)
            conflicts.confirm_conflict(session, key, BY, now=NOW)
            status = next(
                i.admin_status
                for i in session.scalars(select(Innovation).where(Innovation.code == codes[-1]))
            )
            changed = "tidak_lolos" if status != "tidak_lolos" else "lolos"
            set_status(session, DEMO_CODE, codes[-1], changed, "Berkas tidak lengkap", by=BY)
            until = date(2022, 10, 10)
            windows.extend_window(session, DEMO_CODE, "presentation", until, BY, "J03", now=NOW)
        with transaction(engine) as session:
            ceremony.approve(session, DEMO_CODE, by=BY)
    finally:
        engine.dispose()


def random_folder(folder: Path, rng: random.Random) -> None:
    """Write a random edition as import files: real Kudus units, invented people."""
    with UNITS.open(encoding="utf-8") as handle:
        units = [row for row in csv.DictReader(handle) if not row["parent_code"]]
    chosen = rng.sample(units, 8)
    start = date(2024, 7, 1)

    def write(name: str, header: list[str], rows: list[list]) -> None:
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([header, *rows])

    write(
        "edition",
        ["key", "value"],
        [
            ["code", RANDOM_CODE],
            ["name", "KIPP Kabupaten Kudus 2024 (acak)"],
            ["proposal_start", (start + timedelta(days=40)).isoformat()],
            ["proposal_end", (start + timedelta(days=55)).isoformat()],
            ["presentation_start", (start + timedelta(days=60)).isoformat()],
            ["presentation_end", (start + timedelta(days=61)).isoformat()],
            ["finalist_count", str(rng.randint(2, 4))],
            ["normalization", str(rng.randint(0, 1))],
        ],
    )
    write("units", list(units[0]), [list(u.values()) for u in chosen])
    criteria = {
        stage: [f"k{n}" for n in range(1, rng.randint(2, 4) + 1)]
        for stage in ("proposal", "presentation")
    }
    write(
        "criteria",
        [c.name for c in SPECS["criteria"]],
        [
            [stage, code, f"Kriteria {code}", rng.randint(1, 40), f"Uraian {code} = {stage}"]
            for stage, codes in criteria.items()
            for code in codes
        ],
    )
    innovations = [f"ACAK-{n:03d}" for n in range(1, rng.randint(6, 12) + 1)]
    statuses = ["lolos"] * 5 + ["tidak_lolos", "menunggu"]
    write(
        "innovations",
        [c.name for c in SPECS["innovations"]],
        [
            [
                code,
                f"Inovasi {code}",
                rng.choice(chosen)["code"],
                f"Tim {code}",
                rng.choice(["Pelayanan publik", "Tata kelola"]),
                f"2024-08-{rng.randint(1, 14):02d} {rng.randint(7, 16):02d}:{rng.randint(10, 59)}",
                rng.choice(statuses),
                rng.choice(["", "Ringkasan +62 singkat."]),
                rng.choice(["", f"https://proposal.contoh.invalid/{code}.pdf"]),
                rng.choice(["", f"kudus-2023:{code}"]),
            ]
            for code in innovations
        ],
    )
    jurors = [f"J{n}" for n in range(1, rng.randint(3, 5) + 1)]
    write(
        "jurors",
        ["code", "name", "group"],
        [[j, f"Juri Contoh {j}", rng.choice(["Undip", "UMK", "Wartawan"])] for j in jurors],
    )
    assignments, scores = [], []
    for stage, codes in criteria.items():
        judged = innovations if stage == "proposal" else rng.sample(innovations, 4)
        for juror in jurors:
            for innovation in judged:
                abstain = rng.random() < 0.1
                assignments.append([juror, innovation, stage, int(abstain)])
                if abstain or rng.random() < 0.1:
                    continue
                for code in codes:
                    value = f"{rng.randint(40, 99)}.{rng.randint(0, 99):02d}"
                    moment = f"2024-08-{rng.randint(15, 28)} 10:{rng.randint(0, 59):02d}:07.5"
                    scores.append([juror, innovation, stage, code, value, moment])
    write("assignments", [c.name for c in SPECS["assignments"]], assignments)
    write("scores", [c.name for c in SPECS["scores"]], scores)


# ---------------------------------------------------------------- fixtures
@dataclass(frozen=True)
class Source:
    """A source database, its edition as read, and its archive file."""

    url: str
    code: str
    edition: Edition
    archive: Path


@pytest.fixture(scope="module")
def demo_sqlite(decided_template, tmp_path_factory) -> Source:
    """The decided demo on SQLite, with declarations and a status change, approved."""
    folder = tmp_path_factory.mktemp("archive-demo")
    url = copy_database(decided_template, folder)
    decorate_demo(url)
    return Source(url, DEMO_CODE, edition_of(url, DEMO_CODE), write_archive(url, DEMO_CODE, folder))


@pytest.fixture(scope="module")
def demo_pg(demo_sqlite, pg_server_url, pg_template, pg_spares, tmp_path_factory):
    """The demo crossed: SQLite's archive imported into an empty PostgreSQL, and its archive.

    Made once for two tests: the crossing itself, and PostgreSQL's own round trip of the
    archive PostgreSQL writes (no second simulation of the demo on PostgreSQL).
    """
    name = pg_spares.take(pg_template)
    url = make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    import_archive(url, demo_sqlite.archive)
    folder = tmp_path_factory.mktemp("archive-demo-pg")
    yield Source(url, DEMO_CODE, edition_of(url, DEMO_CODE), write_archive(url, DEMO_CODE, folder))
    pg_spares.give_back(name)


@pytest.fixture(scope="module")
def random_sqlite(sqlite_template, tmp_path_factory) -> Source:
    """A random edition (its seed in the file name) on SQLite, with a confirmed conflict."""
    seed = random.SystemRandom().randrange(10**6)
    folder = tmp_path_factory.mktemp(f"archive-random-{seed}")
    url = copy_database(sqlite_template, folder)
    files = folder / "files"
    files.mkdir()
    random_folder(files, random.Random(seed))
    import_archive(url, files)
    engine = make_engine(url)
    with transaction(engine) as session:
        juror, innovation = _last(session, "proposal")
        key = _keys(session, RANDOM_CODE, "proposal", juror, innovation)
        conflicts.declare_conflict(session, key, "Satu kantor", "juri", now=NOW)
        conflicts.confirm_conflict(session, key, BY, now=NOW)
    engine.dispose()
    edition = edition_of(url, RANDOM_CODE)
    return Source(url, RANDOM_CODE, edition, write_archive(url, RANDOM_CODE, folder))


# ---------------------------------------------------------------- round trips
def _same(restored: Edition, source: Edition) -> None:
    assert restored.ranking == source.ranking
    assert restored.progress == source.progress
    assert restored.participation == source.participation
    assert restored.snapshot == source.snapshot
    assert restored.history == source.history
    assert restored.rows == source.rows


def _round_trip(source: Source, target_url: str, *, again: bool = False) -> None:
    report = import_archive(target_url, source.archive)
    assert report.edition_code == source.code
    _same(edition_of(target_url, source.code), source.edition)
    if again:  # the same archive again changes nothing (an approved edition: confirmed)
        report = import_archive(target_url, source.archive, confirm_approved=True)
        assert all(not c["inserted"] and not c["updated"] for c in report.counts.values())


def test_the_approved_demo_round_trips_on_sqlite(demo_sqlite, sqlite_url):
    edition = demo_sqlite.edition
    assert edition.snapshot is not None and any(row[8] for row in edition.ranking)
    for sheet in (
        "conflicts",
        "admin_status_changes",
        "sheet_states",
        "sheet_comments",
        "extensions",
    ):
        assert len(edition.rows[sheet]) > 1, sheet  # a header and at least one row
    assert {line[4] for line in edition.history} >= {"score", "reopen"}
    _round_trip(demo_sqlite, sqlite_url, again=True)


@pytest.mark.postgres
def test_the_demo_crosses_from_sqlite_to_postgresql(demo_sqlite, demo_pg):
    _same(demo_pg.edition, demo_sqlite.edition)


@pytest.mark.postgres
def test_the_approved_demo_round_trips_on_postgresql(demo_pg, pg_url):
    _round_trip(demo_pg, pg_url, again=True)


def test_a_random_edition_round_trips_on_sqlite(random_sqlite, sqlite_url):
    assert random_sqlite.edition.snapshot is None  # no approval: no approval sheet
    assert "approval" not in random_sqlite.edition.rows
    _round_trip(random_sqlite, sqlite_url, again=True)


@pytest.mark.postgres
def test_a_random_edition_crosses_from_sqlite_to_postgresql(random_sqlite, pg_url):
    _round_trip(random_sqlite, pg_url)


# ---------------------------------------------------------------- the workbook itself
def test_the_archive_is_the_import_format_with_its_columns(demo_sqlite):
    book = load_workbook(demo_sqlite.archive, read_only=True)
    assert book.sheetnames == list(ALL_FILES)
    for name in ALL_FILES:
        header = [cell.value for cell in next(book[name].iter_rows(max_row=1))]
        expected = ["key", "value"] if name in ("edition", "approval") else None
        assert header == (expected or [col.name for col in SPECS[name]]), name
    keys = [row[0].value for row in book["edition"].iter_rows(min_row=2)]
    assert keys == list(EDITION_KEYS)
    book.close()
    # Only the approval sheet is protected (the last sheet of the workbook).
    with zipfile.ZipFile(demo_sqlite.archive) as archive:
        parts = sorted(
            (n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")),
            key=lambda n: int(n.removeprefix("xl/worksheets/sheet").removesuffix(".xml")),
        )
        protected = [b"<sheetProtection" in archive.read(n) for n in parts]
    assert protected == [False] * (len(ALL_FILES) - 1) + [True]


def test_snapshot_parts_join_back_and_never_cut_beside_a_space():
    text = ('{"a":"x y= z",' * 4000) + "}"
    parts = snapshot_parts(text, size=997)
    assert "".join(parts) == text and len(parts) > 40
    assert all(len(p) <= 997 and p == p.strip() and p[0] not in "=+-@" for p in parts)


def test_the_approval_sheet_reads_a_data_version_of_any_size(demo_sqlite):
    rows = [list(row) for row in demo_sqlite.edition.rows["approval"]]
    version = next(row for row in rows if row[0] == "snapshot_version")
    version[1] = 9_007_199_254_740_993  # data versions are BIGINTs
    texts = [["" if cell is None else str(cell) for cell in row] for row in rows]
    records = list(enumerate(texts, start=1))
    errors: list = []
    problems = Problems("arsip.xlsx:approval", errors)
    table = build_table("approval", "arsip.xlsx:approval", records, problems)
    given = parse_approval(table, problems, ZoneInfo("Asia/Jakarta"))
    assert errors == [] and given is not None
    assert given.version == 9_007_199_254_740_993
    assert given.hash == demo_sqlite.edition.snapshot[0]


# ---------------------------------------------------------------- refusals in words
def _edited(source: Source, folder: Path, edit) -> Path:
    """Write the source's archive with an edit made to its rows."""
    rows = copy.deepcopy(source.edition.rows)
    edit(rows)
    path = folder / "diubah.xlsx"
    path.write_bytes(rows_xlsx(rows, source.code))
    return path


def _refused(url: str, path: Path) -> str:
    with pytest.raises(ImportFailed) as failed:
        import_archive(url, path)
    return "\n".join(str(item) for item in failed.value.errors)


def _tamper_snapshot(rows) -> None:
    row = rows["approval"][1]
    row[1] = row[1].replace('"tier":', '"tier": ', 1)


def _tamper_scores(rows) -> None:
    header = rows["scores"][0]
    stage, score, at = (header.index(c) for c in ("stage", "score", "scored_at"))
    for row in rows["scores"][1:]:
        if row[stage] == "presentation":
            row[score], row[at] = (0 if row[score] else 100), "2030-01-01 10:00"


def test_a_changed_snapshot_or_score_is_refused_in_words(demo_sqlite, sqlite_url, tmp_path):
    said = _refused(sqlite_url, _edited(demo_sqlite, tmp_path, _tamper_snapshot))
    assert "Hash snapshot tidak cocok" in said and "hash does not match" in said
    said = _refused(sqlite_url, _edited(demo_sqlite, tmp_path, _tamper_scores))
    assert "berbeda dari snapshot yang disetujui" in said
    assert "differs from the approved snapshot" in said
    engine = make_engine(sqlite_url)
    with transaction(engine) as session:  # all or nothing: not even the edition
        assert session.scalars(select(Innovation.id)).first() is None
    engine.dispose()


def test_the_history_is_restored_only_into_an_edition_without_one(random_sqlite, tmp_path):
    url = copy_database(Path(make_url(random_sqlite.url).database), tmp_path)
    said = _refused(
        url, _edited(random_sqlite, tmp_path, lambda rows: rows["score_history"].pop(1))
    )
    assert "sudah memiliki riwayat nilai lain" in said
    assert "already has another score history" in said


def test_the_command_writes_the_archive_with_a_bilingual_help(random_sqlite, tmp_path):
    from tests.cli_run import cli, ok

    out = tmp_path / "arsip.xlsx"
    said = ok(cli(random_sqlite.url, "export", "--format", "archive", "--out", str(out)))
    assert str(out) in said
    book = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    assert book.sheetnames[-1] == "score_history"  # not approved: no approval sheet
    helped = " ".join(ok(cli(random_sqlite.url, "export", "--help")).split())
    assert "archive: satu buku kerja dalam format impor" in helped
    assert "archive: one workbook in the import format" in helped

"""Every path that writes a score leaves its line in the history, and imports respect a lock.

The sheet API's own lines are in tests/test_jury_sheets.py; here the other doors: an
import (web or command line), the rehearsal jury of `simulate`, and the committee's demo
button. A sheet a juror submitted in the app is locked for imports until reopened.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import committee
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.importing import ImportFailed, import_path
from data_access.jury import conflicts, sheets
from data_access.jury.history import SheetKey, sheet_history
from data_access.models import (
    REHEARSAL,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    ScoreHistory,
    Stage,
    utcnow,
)
from tests.cli_run import cli, ok

COLUMNS = ["juror_code", "innovation_code", "stage", "criterion_code", "score", "scored_at"]


@pytest.fixture
def demo(demo_url):
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


def _a_full_sheet(engine) -> tuple[SheetKey, list[tuple[str, str, str, str, int]]]:
    """Return a complete proposal sheet of the demo and its cells (codes and score)."""
    with transaction(engine) as s:
        rows = s.execute(
            select(Stage.id, Juror.id, Innovation.id)
            .add_columns(Juror.code, Innovation.code, Criterion.code, Score.score_centi)
            .select_from(Score)
            .join(Stage, Stage.id == Score.stage_id)
            .join(Juror, Juror.id == Score.juror_id)
            .join(Innovation, Innovation.id == Score.innovation_id)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .where(Stage.code == "proposal")
            .order_by(Score.juror_id, Score.innovation_id, Criterion.position)
        ).all()
        count = s.scalar(
            select(func.count()).select_from(Criterion).where(Criterion.stage_id == rows[0][0])
        )
    first = rows[0][:3]
    cells = [(r[3], r[4], "proposal", r[5], r[6]) for r in rows if r[:3] == first]
    assert len(cells) == count, "the demo's first proposal sheet should be complete"
    return SheetKey(*first), cells


def _scores_csv(folder: Path, cells) -> Path:
    """Write a scores.csv changing the given cells, scored a minute from now."""
    folder.mkdir(exist_ok=True)
    at = (utcnow() + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
    with open(folder / "scores.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for juror, innovation, stage, criterion, centi in cells:
            out.writerow([juror, innovation, stage, criterion, Decimal(centi).scaleb(-2), at])
    return folder


def _lines(engine, key: SheetKey) -> list[tuple[str, str, str, int | None, int | None]]:
    with transaction(engine) as s:
        return [(h.event, h.source, h.by, h.old_centi, h.new_centi) for h in sheet_history(s, key)]


def test_the_demo_import_recorded_every_score(demo):
    """Loading the demo is an import: one history line per score, from the import."""
    with transaction(demo) as s:
        scores = s.scalar(select(func.count()).select_from(Score))
        lines = s.execute(
            select(ScoreHistory.source, ScoreHistory.event, func.count()).group_by(
                ScoreHistory.source, ScoreHistory.event
            )
        ).all()
    assert lines == [("import", "score", scores)]


def test_an_import_records_who_changed_which_score(demo, demo_url, tmp_path):
    """A changed value gets old, new, who and "import"; an unchanged one gets no line."""
    key, cells = _a_full_sheet(demo)
    juror, innovation, stage, criterion, centi = cells[0]
    changed = 9000 if centi != 9000 else 8000
    folder = _scores_csv(tmp_path / "in", [(juror, innovation, stage, criterion, changed)])
    before = _lines(demo, key)
    ok(cli(demo_url, "import", str(folder), "--edition", DEMO_CODE, env={"USER": "sekretariat"}))
    assert _lines(demo, key) == [*before, ("score", "import", "sekretariat", centi, changed)]


def test_an_import_cannot_change_a_submitted_sheet_until_reopened(demo, tmp_path):
    """The row is refused naming file and row; the same value passes; a reopen lets it in."""
    key, cells = _a_full_sheet(demo)
    with transaction(demo) as s:
        # An imported sheet, reopened into the app, submitted there by its juror while the
        # demo's proposal window (2022) was open.
        start = s.scalar(select(Edition.proposal_start).where(Edition.code == DEMO_CODE))
        during = datetime.combine(start, time(12), tzinfo=UTC)
        sheet = sheets.reopen(s, key, "diisi ulang di aplikasi", by="panitia")
        conflicts.declare_no_conflict(s, key, actor="juri")
        sheet = sheets.submit(s, key, expected_revision=sheet.revision, actor="juri", now=during)
    assert sheet.locked
    juror, innovation, stage, criterion, centi = cells[1]
    changed = centi + 100 if centi <= 9900 else centi - 100
    folder = _scores_csv(tmp_path / "change", [(juror, innovation, stage, criterion, changed)])
    with pytest.raises(ImportFailed) as refused:
        import_path(demo, folder, edition_code=DEMO_CODE, by="operator")
    (error,) = refused.value.errors
    assert (error.file, error.row, error.column) == ("scores.csv", 2, "score")
    assert error.message.key == "sheet.import_submitted"
    assert "dikirim di aplikasi" in str(error) and "submitted in the app" in str(error)
    with transaction(demo) as s:
        assert sheets.load_sheet(s, key).revision == sheet.revision  # nothing written

    same = _scores_csv(tmp_path / "same", [(juror, innovation, stage, criterion, centi)])
    report = import_path(demo, same, edition_code=DEMO_CODE, by="operator")
    assert report.counts["scores.csv"]["unchanged"] == 1

    with transaction(demo) as s:
        sheets.reopen(s, key, "nilai salah ketik", by="panitia")
    import_path(demo, folder, edition_code=DEMO_CODE, by="operator")
    assert _lines(demo, key)[-1] == ("score", "import", "operator", centi, changed)


def test_simulate_and_the_demo_button_record_their_scores(demo, demo_url):
    """Both the command line's rehearsal jury and the button write as "rehearsal", by whom."""
    ok(cli(demo_url, "simulate", "--max-sheets", "1", "--finish", env={"USER": "gladi"}))
    with transaction(demo) as s:
        cli_lines = s.scalars(
            select(func.count()).where(ScoreHistory.source == REHEARSAL, ScoreHistory.by == "gladi")
        ).one()
    assert cli_lines > 0
    written = committee.simulate_demo(demo, DEMO_CODE, by="panitia")
    assert written > 0
    with transaction(demo) as s:
        web = s.execute(
            select(ScoreHistory.event, ScoreHistory.old_centi, func.count())
            .where(ScoreHistory.source == REHEARSAL, ScoreHistory.by == "panitia")
            .group_by(ScoreHistory.event, ScoreHistory.old_centi)
        ).all()
        scores = s.scalar(select(func.count()).select_from(Score))
        recorded = s.scalar(
            select(func.count()).select_from(ScoreHistory).where(ScoreHistory.event == "score")
        )
    assert len(web) == 1 and web[0][:2] == ("score", None) and web[0][2] > 0
    assert recorded == scores  # every score on record, once (none changed after)

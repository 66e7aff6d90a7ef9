"""An edition's export tables, read in one go: the ranking (approved or live), participation,
progress, and on request every juror's scores."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import ceremony, minutes, queries
from data_access.accounts import profile
from data_access.approval import compare
from data_access.exports.history import changed_after_submission, history_rows
from data_access.exports.model import (
    APPROVED,
    PROVISIONAL,
    Approval,
    Column,
    ConflictInfo,
    CriterionInfo,
    ExportBundle,
    JurorInfo,
    RankedRow,
    ScoreChange,
    StageInfo,
    Table,
    make_table,
)
from data_access.i18n import Message
from data_access.jury.conflicts import conflicts as declared_conflicts
from data_access.models import Criterion, Innovation, Juror, Score, Stage, utcnow
from data_access.participation import Participation, compute_participation
from data_access.reports import ProgressReport, edition_report

AWARD_NAMES = {1: "Juara I", 2: "Juara II", 3: "Juara III"}
# Under READ COMMITTED (PostgreSQL) a write may land between two reads of one export:
# read the data version before and after, and read again when it moved.
MAX_ATTEMPTS = 4

RANKING_COLUMNS = [
    Column("rank", "Peringkat", "integer"),
    Column("code", "Kode"),
    Column("title", "Judul Inovasi"),
    Column("unit_name", "Perangkat Daerah"),
    Column("innovator", "Inovator"),
    Column("proposal_score", "Nilai Proposal", "decimal"),
    Column("presentation_score", "Nilai Presentasi", "decimal"),
    Column("final_score", "Nilai Akhir", "decimal"),
    Column("finalist", "Finalis"),
    Column("tier", "Kelompok Peringkat", "integer"),
    Column("tie", "Seri"),
    Column("award", "Juara"),
]
PARTICIPATION_COLUMNS = [
    Column("code", "Kode OPD"),
    Column("name", "Perangkat Daerah"),
    Column("kind", "Jenis"),
    Column("status", "Status"),
    Column("submitted", "Inovasi Diajukan", "integer"),
    Column("from_sub_units", "Dari Sub-unit", "integer"),
    Column("passed", "Lolos Administrasi", "integer"),
    Column("finalists", "Finalis", "integer"),
    Column("late", "Terlambat", "integer"),
    Column("first_submitted_at", "Pengajuan Pertama", "datetime"),
]
PROGRESS_COLUMNS = [
    Column("stage", "Tahap"),
    Column("expected", "Lembar Diharapkan", "integer"),
    Column("complete", "Selesai Dinilai", "integer"),
    Column("partial", "Sebagian Dinilai", "integer"),
    Column("missing", "Belum Dinilai", "integer"),
    Column("abstained", "Abstain", "integer"),
    Column("unexpected", "Tidak Ditugaskan", "integer"),
    Column("ratio", "Progres (%)", "percent"),
]
JURORS_PROGRESS_COLUMNS = [
    Column("stage", "Tahap"),
    Column("code", "Kode Juri"),
    Column("name", "Nama Juri"),
    Column("group", "Kelompok Juri"),
    Column("assigned", "Ditugaskan", "integer"),
    Column("complete", "Selesai Dinilai", "integer"),
    Column("partial", "Sebagian Dinilai", "integer"),
    Column("abstained", "Abstain", "integer"),
    Column("last_scored_at", "Nilai Terakhir", "datetime"),
    Column("ratio", "Progres (%)", "percent"),
]
JUROR_SCORES_COLUMNS = [
    Column("juror_code", "Kode Juri"),
    Column("juror_name", "Nama Juri"),
    Column("group", "Kelompok Juri"),
    Column("innovation_code", "Kode Inovasi"),
    Column("stage", "Tahap"),
    Column("criterion", "Aspek"),
    Column("score", "Nilai", "decimal"),
    Column("scored_at", "Waktu Penilaian", "datetime"),
]
TABLE_KEYS = ("ranking", "participation", "progress", "jurors_progress", "juror_scores")


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def ranked_rows(payload: dict) -> list[RankedRow]:
    """Return a snapshot-shaped ranking payload as typed rows."""
    return [
        RankedRow(
            rank=row["rank"],
            code=row["code"],
            title=row["title"],
            unit_name=row["unit_name"],
            innovator=row["innovator"],
            proposal_score=_decimal(row["proposal_score"]),
            presentation_score=_decimal(row["presentation_score"]),
            final_score=_decimal(row["final_score"]),
            finalist=bool(row["finalist"]),
            tier=int(row["tier"]),
            tie=bool(row["tie"]),
            award=row["award"],
            decided=bool(row.get("decided")),
        )
        for row in payload["ranking"]
    ]


def _stages(session: Session, edition: queries.EditionInfo) -> list[StageInfo]:
    weights = {"proposal": edition.weight_proposal, "presentation": edition.weight_presentation}
    rows = session.execute(
        select(Stage.code, Stage.name, Criterion.code, Criterion.name, Criterion.weight_centi)
        .join(Criterion, Criterion.stage_id == Stage.id, isouter=True)
        .where(Stage.edition_id == edition.id)
        .order_by(Stage.position, Stage.id, Criterion.position, Criterion.id)
    ).all()
    stages: dict[str, StageInfo] = {}
    for stage_code, stage_name, c_code, c_name, weight_centi in rows:
        stage = stages.setdefault(
            stage_code,
            StageInfo(stage_code, stage_name, Decimal(weights.get(stage_code, 0)), []),
        )
        if c_code is not None:
            stage.criteria.append(CriterionInfo(c_code, c_name, Decimal(weight_centi).scaleb(-2)))
    return list(stages.values())


def _ranking_table(rows: list[RankedRow]) -> Table:
    records = [
        {
            "rank": r.rank,
            "code": r.code,
            "title": r.title,
            "unit_name": r.unit_name,
            "innovator": r.innovator,
            "proposal_score": r.proposal_score,
            "presentation_score": r.presentation_score,
            "final_score": r.final_score,
            "finalist": "ya" if r.finalist else "tidak",
            "tier": r.tier,
            "tie": "seri" if r.tie else None,
            "award": AWARD_NAMES.get(r.award) if r.award is not None else None,
        }
        for r in rows
    ]
    return make_table(
        "ranking", Message("exporting.title.ranking"), "Peringkat", RANKING_COLUMNS, records
    )


def _participation_table(result: Participation) -> Table:
    records = [
        {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "status": "Sudah mengumpulkan" if r.has_submitted else "Belum mengumpulkan",
            "submitted": r.submitted,
            "from_sub_units": r.from_sub_units,
            "passed": r.passed,
            "finalists": r.finalists,
            "late": r.late,
            "first_submitted_at": r.first_submitted_at,
        }
        for r in result.rows
    ]
    return make_table(
        "participation",
        Message("exporting.title.participation"),
        "Partisipasi OPD",
        PARTICIPATION_COLUMNS,
        records,
    )


def _progress_tables(report: ProgressReport, names: dict[str, str]) -> list[Table]:
    stages = [
        {
            "stage": names.get(s.stage, s.stage),
            "expected": s.expected,
            "complete": s.complete,
            "partial": s.partial,
            "missing": s.missing,
            "abstained": s.abstained,
            "unexpected": s.unexpected,
            "ratio": s.ratio,
        }
        for s in report.stages
    ]
    jurors = [
        {
            "stage": names.get(j.stage, j.stage),
            "code": j.code,
            "name": j.name,
            "group": j.group,
            "assigned": j.assigned,
            "complete": j.complete,
            "partial": j.partial,
            "abstained": j.abstained,
            "last_scored_at": j.last_scored_at,
            "ratio": j.ratio,
        }
        for j in report.jurors
    ]
    return [
        make_table(
            "progress",
            Message("exporting.title.progress"),
            "Progres Tahap",
            PROGRESS_COLUMNS,
            stages,
        ),
        make_table(
            "jurors_progress",
            Message("exporting.title.jurors_progress"),
            "Progres Juri",
            JURORS_PROGRESS_COLUMNS,
            jurors,
        ),
    ]


def juror_scores_table(session: Session, edition_id: int) -> Table:
    """Return every stored score of an edition: juror × innovation × stage × criterion."""
    rows = session.execute(
        select(
            Juror.code,
            Juror.name,
            Juror.jury_group,
            Innovation.code,
            Stage.name,
            Criterion.name,
            Score.score_centi,
            Score.scored_at,
        )
        .join(Juror, Juror.id == Score.juror_id)
        .join(Innovation, Innovation.id == Score.innovation_id)
        .join(Stage, Stage.id == Score.stage_id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Stage.edition_id == edition_id)
        .order_by(Juror.code, Innovation.code, Stage.position, Criterion.position, Criterion.id)
    ).all()
    records = [
        {
            "juror_code": r[0],
            "juror_name": r[1],
            "group": r[2],
            "innovation_code": r[3],
            "stage": r[4],
            "criterion": r[5],
            "score": Decimal(r[6]).scaleb(-2),
            "scored_at": r[7],
        }
        for r in rows
    ]
    return make_table(
        "juror_scores",
        Message("exporting.title.juror_scores"),
        "Nilai Juri",
        JUROR_SCORES_COLUMNS,
        records,
    )


def _build(session: Session, code: str, *, juror_scores: bool, now: datetime) -> ExportBundle:
    edition = queries.get_edition(session, code)
    version = queries.data_version(session)
    report = edition_report(session, code, now=now)
    live = ceremony.ranking_payload(session, code, report.ranking, version)
    snapshot = ceremony.get_state(session, code).snapshot
    approval = None
    payload = live
    if snapshot is not None:
        payload = snapshot.payload
        comparison = compare(snapshot, live)
        approval = Approval(
            approved_at=snapshot.approved_at,
            approved_by=snapshot.approved_by,
            hash=snapshot.hash,
            data_version=snapshot.data_version,
            live_changes=list(comparison.changed_codes),
            comparison=comparison,
            approver=profile(session, snapshot.approved_by),
        )
    participation = compute_participation(
        queries.load_units(session),
        queries.load_submissions(session, edition.id),
        report.finalist_ids,
        submission_end=edition.submission_end,
        timezone=edition.timezone,
    )
    stages = _stages(session, edition)
    rows = ranked_rows(payload)
    tables = [
        _ranking_table(rows),
        _participation_table(participation),
        *_progress_tables(report.progress, {s.code: s.name for s in stages}),
    ]
    if juror_scores:
        tables.append(juror_scores_table(session, edition.id))
    late = changed_after_submission(history_rows(session, edition.code))
    return ExportBundle(
        edition_code=edition.code,
        edition_name=edition.name,
        timezone=edition.timezone,
        data_version=version,
        generated_at=now,
        approved=approval,
        ranking_source=APPROVED if approval else PROVISIONAL,
        awards_decided=bool(payload["awards_decided"]),
        normalization=edition.normalization,
        participation_rate=participation.rate,
        participating=participation.participating,
        required=participation.required,
        ranking=rows,
        stages=stages,
        jurors=[
            JurorInfo(j.code, j.name, j.group) for j in queries.load_jurors(session, edition.id)
        ],
        tables=tables,
        conflicts=[
            ConflictInfo(
                d.juror_code,
                d.juror_name,
                d.innovation_code,
                d.innovation_title,
                d.reason or "",
                d.confirmed_by,
            )
            for d in declared_conflicts(session, edition.id)
        ],
        late_change_count=len(late),
        # Which juror changed which score to what: juror-level, the committee's copy alone.
        late_changes=[
            ScoreChange(
                r.stage, r.juror, r.innovation, r.criterion, r.old, r.new, r.by, r.source, r.at
            )
            for r in late
        ]
        if juror_scores
        else [],
        seri_decisions=list(payload.get("seri_decisions", [])),
        paperwork=minutes.paperwork(session, code, kinds=(minutes.KOP,)),
    )


def build_tables(
    session: Session, code: str, *, juror_scores: bool, now: datetime | None = None
) -> ExportBundle:
    """Return an edition's export bundle, every part read at one data version."""
    now = now or utcnow()
    for _attempt in range(MAX_ATTEMPTS):
        bundle = _build(session, code, juror_scores=juror_scores, now=now)
        if queries.data_version(session) == bundle.data_version:
            break
    # Still moving after every attempt (judging in full swing): the bundle states the
    # version read before its last reading, so its data are at least that new.
    return bundle

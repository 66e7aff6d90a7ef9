"""The judged data: editions, units, stages and criteria, innovations, jurors and scores."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base, UTCDateTime, utcnow

ADMIN_STATUSES = ("menunggu", "lolos", "tidak_lolos")
STAGE_CODES = ("proposal", "presentation")


class Edition(Base):
    """One yearly competition, e.g. KIPP Kabupaten Kudus 2022."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    submission_start: Mapped[date | None] = mapped_column(Date)
    submission_end: Mapped[date | None] = mapped_column(Date)
    admin_check_start: Mapped[date | None] = mapped_column(Date)
    admin_check_end: Mapped[date | None] = mapped_column(Date)
    proposal_start: Mapped[date | None] = mapped_column(Date)
    proposal_end: Mapped[date | None] = mapped_column(Date)
    presentation_start: Mapped[date | None] = mapped_column(Date)
    presentation_end: Mapped[date | None] = mapped_column(Date)
    report_date: Mapped[date | None] = mapped_column(Date)
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    weight_proposal: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(40))
    weight_presentation: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(60))
    finalist_count: Mapped[int] = mapped_column(Integer, default=6)
    normalization: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stages: Mapped[list[Stage]] = relationship(
        back_populates="edition", order_by="Stage.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("finalist_count >= 0", name="finalist_count_nonnegative"),
        CheckConstraint(
            "weight_proposal >= 0 AND weight_presentation >= 0 "
            "AND weight_proposal + weight_presentation > 0",
            name="stage_weights_valid",
        ),
    )


class Unit(Base):
    """An OPD or a sub-unit (puskesmas, bagian, UPTD) that counts for its parent."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(40), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[str | None] = mapped_column(String(20))

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Stage(Base):
    """A judging stage (tahap) of an edition: proposal or presentation."""

    __tablename__ = "stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship(back_populates="stages")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="stage", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("edition_id", "code", name="uq_stage_edition_code"),
        CheckConstraint("code IN ('proposal', 'presentation')", name="stage_code_known"),
    )


class Criterion(Base):
    """An aspect of a stage with its weight (bobot), stored in hundredths for exact sums."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    weight_centi: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # One line shown to the juror under the criterion's name on the score sheet.
    description: Mapped[str | None] = mapped_column(String(300))

    stage: Mapped[Stage] = relationship(back_populates="criteria")

    __table_args__ = (
        UniqueConstraint("stage_id", "code", name="uq_criterion_stage_code"),
        # Lets scores carry (criterion_id, stage_id) with a foreign key that keeps them in step.
        UniqueConstraint("id", "stage_id", name="uq_criterion_id_stage"),
        CheckConstraint("weight_centi >= 0", name="criterion_weight_nonnegative"),
    )

    @property
    def weight(self) -> Decimal:
        """Return the weight as a Decimal."""
        return Decimal(self.weight_centi).scaleb(-2)


class Innovation(Base):
    """A submitted innovation of a unit, with its administrative status."""

    __tablename__ = "innovations"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    innovator: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str] = mapped_column(String(120), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    admin_status: Mapped[str] = mapped_column(String(20), default="menunggu")
    # A paragraph for jurors and the catalogue, where the proposal can be read (http/https
    # only), and "EDITION_CODE:INNOVATION_CODE" of the same innovation in an earlier edition.
    summary: Mapped[str | None] = mapped_column(Text)
    proposal_url: Mapped[str | None] = mapped_column(String(2000))
    continues: Mapped[str | None] = mapped_column(String(140))

    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        UniqueConstraint("edition_id", "code", name="uq_innovation_edition_code"),
        CheckConstraint(
            "admin_status IN ('menunggu', 'lolos', 'tidak_lolos')", name="admin_status_known"
        ),
        Index("ix_innovations_unit", "unit_id"),
    )


class Juror(Base):
    """A member of the jury (dewan juri) of an edition, in a jury group."""

    __tablename__ = "jurors"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    jury_group: Mapped[str] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("edition_id", "code", name="uq_juror_edition_code"),)


class Assignment(Base):
    """Who must score what in a stage; abstain marks a conflict of interest."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    juror_id: Mapped[int] = mapped_column(ForeignKey("jurors.id", ondelete="CASCADE"))
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovations.id", ondelete="CASCADE"))
    abstain: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("stage_id", "juror_id", "innovation_id", name="uq_assignment"),
        Index("ix_assignments_innovation", "innovation_id"),
    )


class Score(Base):
    """One juror's score for one criterion of one innovation, in hundredths (0-10000)."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    juror_id: Mapped[int] = mapped_column(ForeignKey("jurors.id", ondelete="CASCADE"))
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovations.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(Integer)
    score_centi: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        ForeignKeyConstraint(
            ["criterion_id", "stage_id"],
            ["criteria.id", "criteria.stage_id"],
            name="fk_score_criterion_stage",
            ondelete="CASCADE",
        ),
        UniqueConstraint("juror_id", "innovation_id", "criterion_id", name="uq_score_sheet_cell"),
        CheckConstraint("score_centi BETWEEN 0 AND 10000", name="score_in_range"),
        # Covering index for the sheet aggregate (GROUP BY stage, juror, innovation).
        Index(
            "ix_scores_sheet",
            "stage_id",
            "juror_id",
            "innovation_id",
            "criterion_id",
            "score_centi",
            "scored_at",
        ),
        Index("ix_scores_innovation", "innovation_id"),
    )

    @property
    def score(self) -> Decimal:
        """Return the score as a Decimal with two decimals."""
        return Decimal(self.score_centi).scaleb(-2)


class ScoreSheet(Base):
    """One sheet's totals: criteria scored, Σ weight × score (hundredths²), last scored_at.

    Derived from scores and kept exact by database triggers (migration 0005) on every
    insert, update and delete of scores, cascades included, and on every weight change.
    Code reads it and must never write it. No foreign keys: a cascade that deletes scores
    removes their sheet rows through those triggers.
    """

    __tablename__ = "score_sheets"

    stage_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    juror_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    innovation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)
    ws: Mapped[int] = mapped_column(BigInteger)
    last: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The sheets of a stage in innovation order, whole: the ranking's panel statistics
        # (score spread, juror severity) read each panel without a sort or a table lookup.
        Index("ix_score_sheets_panel", "stage_id", "innovation_id", "juror_id", "n", "ws", "last"),
        {"sqlite_with_rowid": False},
    )


class DataVersion(Base):
    """A single counter that database triggers bump whenever judged data changes."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)

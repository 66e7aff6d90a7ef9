"""The audit view (data_access/audit_view.py): every record appears, newest first, filtered and
paged in SQL; reveal steps and imports write their events in their own transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import audit, audit_view, catalogue, ceremony, kiosks, minutes
from data_access.audit_view import Filters
from data_access.backups import BackupResult, backup_before
from data_access.backups.files import read_record
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.documents import set_document
from data_access.i18n import Size
from data_access.models import (
    AdminStatusChange,
    AuditEvent,
    ConflictDeclaration,
    Criterion,
    Edition,
    Innovation,
    Juror,
    ScoreHistory,
    SeriDecision,
    Stage,
    WindowExtension,
)
from data_access.settings import Settings

PROPOSAL = b"%PDF-1.4\n%%EOF\n"
# 2026-12-01 17:30 UTC is 2 Desember 00.30 WIB: a day boundary UTC and WIB disagree on.
LATE = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)


@pytest.fixture
def decided(decided_db_url):
    """The decided demo (imported, every sheet scored) on both back ends."""
    engine = make_engine(decided_db_url)
    yield engine
    engine.dispose()


def _record_the_rest(engine, folder: Path) -> BackupResult | None:
    """Back up and approve, walk the reveal, and add one row of each committee record the view
    reads; return the automatic backup made before the approval."""
    made = backup_before(engine, Settings(backup_dir=str(folder)), "approve", by="ketua")
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="ketua")
    for move in ("next", "next", "back", "reset"):
        with transaction(engine) as session:
            ceremony.move(session, DEMO_CODE, move, by="ketua" if move != "reset" else "cli")
    with transaction(engine) as session:
        edition = session.scalar(select(Edition).where(Edition.code == DEMO_CODE))
        innovation = session.scalar(select(Innovation).where(Innovation.code == "KIPP22-001"))
        juror = session.scalar(select(Juror).where(Juror.code == "J01"))
        stage = session.scalar(select(Stage).where(Stage.edition_id == edition.id))
        session.add_all(
            [
                AdminStatusChange(
                    innovation_id=innovation.id,
                    old_status="lolos",
                    new_status="tidak_lolos",
                    reason="Berkas ganda",
                    changed_by="sekretaris",
                    changed_at=LATE,
                ),
                SeriDecision(
                    edition_id=edition.id,
                    group_key="KIPP22-001,KIPP22-002",
                    order_codes="KIPP22-002,KIPP22-001",
                    reason="Rapat juri",
                    chair="Ketua Juri",
                    decided_by="panitia",
                    decided_at=LATE - timedelta(hours=1),
                ),
                WindowExtension(
                    stage_id=stage.id,
                    juror_id=juror.id,
                    until=date(2026, 12, 9),
                    created_at=LATE + timedelta(hours=1),
                    created_by="panitia",
                ),
                ConflictDeclaration(
                    juror_id=juror.id,
                    innovation_id=innovation.id,
                    conflict=True,
                    reason="Mantan atasan",
                    declared_at=LATE - timedelta(days=1),
                    declared_by="j01",
                    confirmed_at=LATE - timedelta(hours=2),
                    confirmed_by="panitia",
                ),
            ]
        )
        audit.record(session, audit.ACCOUNT_ADDED, by="panitia", subject="sekretaris", at=LATE)
    with transaction(engine) as session:
        set_document(session, DEMO_CODE, "KIPP22-003", PROPOSAL, filename="usulan.pdf", by="staf")
        minutes.save_minutes(session, DEMO_CODE, {"number": "01/KIPP/2026"}, by="staf")
    with transaction(engine) as session:
        kiosks.create_token(session, "TV Pendopo", by="operator")
        kiosks.rename(session, "TV Pendopo", "TV Aula", by="operator")
        kiosks.revoke(session, "TV Aula", by="operator")
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="humas")
        catalogue.publish(session, DEMO_CODE, by="humas", show_finalists=True)
        catalogue.unpublish(session, DEMO_CODE, by="humas")
    return made


def test_every_record_appears_newest_first_filtered_and_paged(decided, tmp_path):
    made = _record_the_rest(decided, tmp_path)
    with transaction(decided) as session:
        history = session.scalar(select(func.count()).select_from(ScoreHistory))
        everything = audit_view.audit_page(session, Filters())
        counts = everything.counts
        assert all(counts[kind] for kind in audit_view.KINDS), counts
        assert counts[audit_view.SCORES] == history
        assert counts[audit_view.REVEAL] == 4 and counts[audit_view.CONFLICTS] == 2
        assert everything.total == sum(counts.values())
        assert everything.pages == -(-everything.total // audit_view.PAGE_SIZE)

        # Pages follow each other: newest first, no entry twice, none skipped at the seam.
        first = everything.entries
        second = audit_view.audit_page(session, Filters(), 2).entries
        assert len(first) == audit_view.PAGE_SIZE
        moments = [e.at for e in first + second]
        assert moments == sorted(moments, reverse=True)
        seen = [(e.kind, e.at, e.subject, e.text("en")) for e in first + second]
        head = list(audit_view.iter_entries(session, Filters(), limit=len(seen)))
        assert [(e.kind, e.at, e.subject, e.text("en")) for e in head] == seen

        # The reveal: each step with where it came from, by whom, in both languages.
        reveal = audit_view.audit_page(session, Filters(kinds=(audit_view.REVEAL,))).entries
        assert [e.actor for e in reveal] == ["cli", "ketua", "ketua", "ketua"]
        assert (
            reveal[0].text("id")
            == "Pengumuman kembali ke awal: Pembukaan pengumuman → Rotasi slide"
        )
        assert reveal[1].text("en") == "Reveal back: Third Place → Opening screen"
        assert reveal[2].subject_text("id") == "Juara III" and reveal[2].edition == DEMO_CODE

        # The demo's imports: the files and what each table got.
        imports = audit_view.audit_page(session, Filters(kinds=(audit_view.IMPORTS,))).entries
        full = imports[-1]
        assert "scores.csv" in full.subject and full.actor == "demo"
        assert "innovations.csv 32 baru, 0 diubah" in full.text("id")
        assert "tahap bawaan 2 baru" in full.text("id") and "default stages" not in full.text("id")

        # The committee's files: a proposal uploaded, named by its file.
        files = audit_view.audit_page(session, Filters(kinds=(audit_view.FILES,))).entries
        assert [(e.actor, e.subject) for e in files] == [
            ("staf", DEMO_CODE),
            ("staf", "KIPP22-003"),
        ]
        assert files[0].text("id") == "Data berita acara disimpan"
        assert files[1].text("id") == "Proposal PDF diunggah: usulan.pdf"

        # The ceremony screens: registered, renamed, revoked, by whom; never the token.
        screens = audit_view.audit_page(session, Filters(kinds=(audit_view.SCREENS,))).entries
        assert [(e.actor, e.action) for e in screens] == [
            ("operator", audit.SCREEN_REVOKED),
            ("operator", audit.SCREEN_RENAMED),
            ("operator", audit.SCREEN_REGISTERED),
        ]
        assert [e.text("id") for e in screens] == [
            "Tautan layar TV Aula dicabut",
            "Layar TV Pendopo diberi nama baru TV Aula",
            "Layar TV Pendopo didaftarkan (tautannya dibuat)",
        ]
        assert screens[2].edition == DEMO_CODE
        # The public catalogue: published, its display changed, withdrawn, by whom.
        kind = Filters(kinds=(audit_view.CATALOGUE,))
        published = audit_view.audit_page(session, kind).entries
        assert [(e.actor, e.action, e.edition) for e in published] == [
            ("humas", audit.CATALOGUE_UNPUBLISHED, DEMO_CODE),
            ("humas", audit.CATALOGUE_SETTINGS, DEMO_CODE),
            ("humas", audit.CATALOGUE_PUBLISHED, DEMO_CODE),
        ]
        assert [e.text("id") for e in published] == [
            f"Edisi {DEMO_CODE} ditarik dari katalog",
            f"Tampilan katalog edisi {DEMO_CODE} diubah: finalis tampil, nama inovator tidak "
            "tampil, proposal tidak tampil",
            f"Edisi {DEMO_CODE} diterbitkan di katalog: finalis tidak tampil, nama inovator "
            "tidak tampil, proposal tidak tampil",
        ]
        assert published[1].text("en").startswith(f"Edition {DEMO_CODE}'s catalogue display")
        # The automatic backup before the approval, in the approver's name; its copy holds
        # every event but its own (written once the copy was whole).
        assert made is not None
        [backed_up] = audit_view.audit_page(session, Filters(kinds=(audit_view.BACKUPS,))).entries
        assert (backed_up.actor, backed_up.action, backed_up.edition) == (
            "ketua",
            "backup.made",
            None,
        )
        assert backed_up.subject == made.path.name and "-auto-approve." in made.path.name
        assert backed_up.text("id") == (
            f"Cadangan otomatis sebelum persetujuan hasil ({Size(made.size).text('id')}, "
            f"versi data {made.data_version})"
        )
        assert backed_up.text("en").startswith("Automatic backup before approving the results (")
        entry = session.scalar(select(AuditEvent.id).where(AuditEvent.action == audit.BACKUP_MADE))
        before = select(func.count()).select_from(AuditEvent).where(AuditEvent.id < entry)
        copied = read_record(made.path)
        assert copied is not None and copied.tables["audit_events"] == session.scalar(before) > 0
        stored = session.scalars(select(AuditEvent.detail)).all()
        assert not any("token" in detail for detail in stored)

        # A score line names its criterion as the stage does, and where it came from.
        names = dict(session.execute(select(Criterion.code, Criterion.name)).all())
        scored = [
            e
            for e in audit_view.audit_page(session, Filters(kinds=(audit_view.SCORES,))).entries
            if e.action == "score.score"
        ]
        assert scored and all(
            any(f"aspek {name}:" in e.text("id") for name in names.values()) for e in scored
        )
        assert not any(f"aspek {code}:" in e.text("id") for e in scored for code in names)
        assert all(e.text("id").endswith("(impor)") for e in scored)

        # By person (any case), by edition, by WIB dates (both ends inclusive).
        mine = audit_view.audit_page(session, Filters(person="SEKRETARIS")).entries
        assert [e.kind for e in mine] == [audit_view.STATUS]
        assert "Lolos → Tidak lolos" in mine[0].text("id")
        other = audit_view.audit_page(session, Filters(edition="tidak-ada"))
        assert other.total == 0 and other.entries == []
        dated = audit_view.audit_page(
            session, Filters(since=date(2026, 12, 2), until=date(2026, 12, 2), person="panitia")
        )
        assert {e.kind for e in dated.entries} == {audit_view.ACCOUNTS, audit_view.WINDOWS}
        day_before = audit_view.audit_page(
            session, Filters(until=date(2026, 12, 1), person="panitia")
        )
        assert {e.kind for e in day_before.entries} == {audit_view.SERI, audit_view.CONFLICTS}


def test_a_move_that_changes_nothing_and_a_refused_one_record_nothing(sqlite_engine):
    from tests.seed import add_edition

    with transaction(sqlite_engine) as session:
        add_edition(session, "KIPP-X")
    with transaction(sqlite_engine) as session:
        ceremony.move(session, "KIPP-X", "back", by="a")  # at the start already

    def two_steps() -> None:
        with transaction(sqlite_engine) as session:
            ceremony.move(session, "KIPP-X", "next", by="a")  # to the splash: fine
            ceremony.move(session, "KIPP-X", "next", by="a")  # no approval: refused

    with pytest.raises(ceremony.CeremonyError):
        two_steps()  # the step to the splash is rolled back with its event
    with transaction(sqlite_engine) as session:
        assert audit.events(session) == []

"""Backups and restore (data_access/backups): names, retention, the commands, and the
automatic backups before an import, an approval and a reset (web and CLI)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import create_app
from dashboard.imports_routes import IMPORT_PATH
from dashboard.services import EXTENSION_KEY
from data_access import audit, audit_view, ceremony
from data_access.backups import backup, backup_before, restore
from data_access.backups.files import backup_name, read_record, to_prune
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from tests.backup_writer import state
from tests.cli_run import cli, ok, refused
from tests.test_backups_faults import pg_empty  # noqa: F401  (a fixture this module uses)
from tests.web import add_accounts, client_as, csrf_from

MOMENT = datetime(2026, 12, 7, 16, 15, 2, tzinfo=UTC)  # 23:15:02 WIB


def test_names_carry_the_editions_and_the_time_in_wib():
    assert backup_name(["demo-kudus-2022"], MOMENT, "sqlite", None) == (
        "kipp-demo-kudus-2022-20261207-2315WIB.sqlite3"
    )
    auto = backup_name(["a/b", "c", "d", "e"], MOMENT, "postgresql", "approve")
    assert auto == "kipp-a-b_c_d_and-1-more-20261207-231502WIB-auto-approve.pgdump"
    assert backup_name([], MOMENT, "sqlite", "reset").startswith("kipp-empty-20261207-2315")


def _auto(day: int, hour: int) -> str:
    return f"kipp-x-202612{day:02d}-{hour:02d}0000WIB-auto-import.sqlite3"


@pytest.mark.parametrize(
    ("last", "days", "expected_kept"),
    [
        (2, 0, {_auto(7, 10), _auto(7, 9)}),
        (1, 2, {_auto(7, 10), _auto(6, 10)}),  # one a day for today and yesterday
        (1, 30, {_auto(7, 10), _auto(6, 10), _auto(1, 10)}),
    ],
)
def test_retention_keeps_the_last_and_one_a_day_and_only_touches_automatic_ones(
    last, days, expected_kept
):
    names = [_auto(7, 10), _auto(7, 9), _auto(6, 10), _auto(6, 8), _auto(1, 10), "mine.sqlite3"]
    names.append(backup_name(["x"], MOMENT, "sqlite", None))  # made by hand
    pruned = set(to_prune(names, last=last, days=days, now=MOMENT))
    assert pruned == set(names) - expected_kept - {"mine.sqlite3", names[-1]}


def test_backup_keep_is_read_and_checked():
    assert Settings.from_env({}).backup_keep == (20, 30)
    assert Settings.from_env({"BACKUP_KEEP": "5, 7"}).backup_keep == (5, 7)
    with pytest.raises(ValueError, match="BACKUP_KEEP"):
        Settings.from_env({"BACKUP_KEEP": "0,x"})


def _ranking(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    try:
        return state(engine)
    finally:
        engine.dispose()


def _trail(url: str) -> list[audit.Event]:
    """Return the database's backup and restore entries, newest first."""
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return audit.events(session, actions=(audit.BACKUP_MADE, audit.RESTORE_DONE))
    finally:
        engine.dispose()


def _backed_up_by_hand(url: str, out: Path) -> tuple[Path, str]:
    """Back up with the command and check its entry in the database it copied (the file's
    name, never its folder); return the file and what the command printed."""
    printed = ok(cli(url, "backup", "--out", str(out)))
    path = Path(printed.splitlines()[0].split(": ", 1)[1])
    [entry] = _trail(url)
    assert (entry.actor, entry.action, entry.subject) == ("panitia-cli", "backup.made", path.name)
    assert entry.detail["reason"] == "manual" and entry.detail["size"] == path.stat().st_size
    assert str(out) not in str(entry.detail)
    record = read_record(path)  # written after the copy: the copy holds no entry of itself
    assert record is not None and entry.detail["data_version"] == record.data_version
    assert record.tables["audit_events"] == _count(url, "audit_events") - 1
    return path, printed


def _count(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    finally:
        engine.dispose()


def test_cli_backup_then_restore_into_empty_then_replace(decided_url, tmp_path):
    path, out = _backed_up_by_hand(decided_url, tmp_path)
    assert path.parent == tmp_path and path.name.startswith(f"kipp-{DEMO_CODE}-")
    assert path.name.endswith("WIB.sqlite3") and " KB / " in out
    assert "integritas ok" in out and "integrity ok" in out
    record = read_record(path)
    assert record is not None and record.data_version == _ranking(decided_url)[0]
    target = f"sqlite:///{tmp_path / 'new' / 'kipp.sqlite3'}"
    done = ok(cli(target, "restore", str(path)))
    assert "sama dengan catatan cadangan" in done and "equal the backup's record" in done
    assert _ranking(target) == _ranking(decided_url)
    # The restored database's trail: the restore, written once it was checked; not the
    # backup's own entry, written after its copy.
    [restored] = _trail(target)
    assert (restored.actor, restored.action, restored.subject) == (
        "panitia-cli",
        "restore.done",
        path.name,
    )
    assert restored.detail["target"] == "empty" and restored.detail["safety_backup"] is None
    assert restored.detail["checked"] is True
    stderr = refused(cli(target, "restore", str(path)))
    assert "tidak kosong" in stderr and "--replace" in stderr
    replaced = ok(cli(target, "restore", str(path), "--replace"))
    assert "dicadangkan dulu ke" in replaced and "-auto-restore.sqlite3" in replaced
    assert _ranking(target) == _ranking(decided_url)
    # Only this restore: the one before went with the database it replaced, and the safety
    # backup of that database is named, never recorded into what was about to go.
    [again] = _trail(target)
    safety = Path(replaced.splitlines()[0].split(": ", 1)[1])
    assert again.detail["target"] == "replaced" and again.detail["safety_backup"] == safety.name
    engine = make_engine(target)
    with transaction(engine) as session:
        kind = audit_view.Filters(kinds=(audit_view.BACKUPS,))
        [shown] = audit_view.audit_page(session, kind).entries
    engine.dispose()
    assert shown.text("id") == (
        f"Basis data diganti dengan isi cadangan ini (versi data {record.data_version}); yang "
        f"lama dicadangkan dulu ke {safety.name}; jumlah baris sama dengan catatan cadangan"
    )
    path.write_bytes(path.read_bytes()[:-1] + b"\x01")  # one byte changed
    assert "SHA-256" in refused(cli(target, "restore", str(path), "--replace"))
    (tmp_path / "x.json").write_text("{}")
    assert "bukan cadangan" in refused(cli(target, "restore", str(tmp_path / "x.json")))


@pytest.mark.postgres
def test_postgresql_backup_restores_into_an_empty_database(pg_decided_url, tmp_path, request):
    made = backup(pg_decided_url, folder=tmp_path)
    assert made.path.suffix == ".pgdump" and made.rows > 0
    assert _trail(pg_decided_url) == []  # backup() only reads; its callers record it
    (tmp_path / "by-hand").mkdir()
    path, _printed = _backed_up_by_hand(pg_decided_url, tmp_path / "by-hand")
    target = request.getfixturevalue("pg_empty")
    done = restore(path, target, by="ketua")
    assert done.recorded and done.revision is not None and done.audited
    assert _ranking(target) == _ranking(pg_decided_url)
    [restored] = _trail(target)
    assert (restored.actor, restored.subject, restored.detail["target"]) == (
        "ketua",
        path.name,
        "empty",
    )
    # Checked against the record before the entry was written: one row more than the copy.
    assert _count(target, "audit_events") == done.restored.tables["audit_events"] + 1
    sqlite_target = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert "tidak bisa dipulihkan" in refused(cli(sqlite_target, "restore", str(made.path)))


def _made(folder: Path, action: str) -> list[Path]:
    return sorted(folder.glob(f"kipp-*-auto-{action}.sqlite3"))


def test_cli_approve_and_reset_back_up_first_and_a_failed_backup_stops_them(decided_url, tmp_path):
    folder = tmp_path / "auto"
    env = {"BACKUP_DIR": str(folder)}
    before = _ranking(decided_url)[0]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    stderr = refused(cli(decided_url, "ceremony", "approve", env={"BACKUP_DIR": str(blocked)}))
    assert "Tidak dijalankan" in stderr and "Not done" in stderr
    assert "bukan folder" in stderr and "is not a folder" in stderr
    assert _ranking(decided_url)[0] == before  # not approved, nothing written
    done = cli(decided_url, "ceremony", "approve", env=env)
    ok(done)
    [approve] = _made(folder, "approve")
    assert read_record(approve).data_version == before  # taken before the approval
    assert str(approve) in done.stderr
    ok(cli(decided_url, "ceremony", "reset", "--by", "ketua", env=env))
    assert len(_made(folder, "reset")) == 1
    assert [(e.actor, e.detail["reason"]) for e in _trail(decided_url)] == [
        ("ketua", "reset"),
        ("panitia-cli", "approve"),
    ]
    ok(cli(decided_url, "ceremony", "next", env=env))
    assert len(list(folder.glob("*.sqlite3"))) == 2  # next is no reset: no backup


def test_web_import_backs_up_first_and_a_failed_backup_stops_it(decided_url, tmp_path):
    from tests.test_import_approved import correction

    engine = make_engine(decided_url)
    add_accounts(engine)
    with transaction(engine) as session:
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia")
    fix = correction(engine, snapshot, tmp_path / "fix")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for backup_dir, status in ((str(blocked), 503), ("", 200)):
        server = create_app(
            Settings(
                database_url=decided_url,
                secret_key="b",
                instance_dir=str(tmp_path),
                backup_dir=backup_dir,
            )
        )
        admin = client_as(server, "admin")
        token = csrf_from(admin.get(IMPORT_PATH).get_data(as_text=True))
        data = {"csrf": token, "edition": DEMO_CODE, "confirm_approved": "1"}
        data["files"] = [(io.BytesIO((fix / "scores.csv").read_bytes()), "scores.csv")]
        before = _ranking(decided_url)[0]
        response = admin.post(IMPORT_PATH, data=data, content_type="multipart/form-data")
        assert response.status_code == status
        if status == 503:
            assert "cadangan otomatis yang dibuat lebih dulu gagal" in response.get_data(
                as_text=True
            )
            assert _ranking(decided_url)[0] == before
            assert _trail(decided_url) == []  # a failed backup records nothing
        else:
            [made] = _made(
                Path(decided_url.removeprefix("sqlite:///")).parent / "backups", "import"
            )
            assert read_record(made).data_version == before < _ranking(decided_url)[0]
            # In the audit trail, in the importer's name, under its own kind (page and CSV).
            [entry] = _trail(decided_url)
            assert (entry.actor, entry.subject) == ("panitia", made.name)
            page = admin.get("/audit?jenis=cadangan&lang=id").get_data(as_text=True)
            assert '<option value="cadangan" selected>Cadangan</option>' in page
            assert made.name in page and "Cadangan otomatis sebelum impor data (" in page
            assert "Backups" in admin.get("/audit?jenis=cadangan&lang=en").get_data(as_text=True)
            sheet = admin.get("/audit.csv?jenis=cadangan&lang=en")
            assert "jejak-audit-cadangan.csv" in sheet.headers["Content-Disposition"]
            [_head, row] = sheet.get_data(as_text=True).splitlines()
            assert (
                ",Backups,backup.made,," in row and "Automatic backup before a data import" in row
            )
        server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def test_backup_before_is_off_with_backup_auto_off(decided_url, tmp_path):
    engine = make_engine(decided_url)
    try:
        assert backup_before(engine, Settings(backup_auto=False), "import") is None
        made = backup_before(engine, Settings(backup_dir=str(tmp_path)), "reset")
        assert made is not None and made.path.parent == tmp_path
    finally:
        engine.dispose()


def test_kendali_approve_and_reset_back_up_first_and_a_failed_backup_stops_them(
    decided_url, tmp_path
):
    """/kendali through its callbacks: a failed backup leaves the approval undone and says
    why; with a folder, the approval and the reset each leave their automatic backup."""
    from app import dash_apps
    from dashboard.ids import (
        CONTROL_APPROVE_CONFIRM,
        CONTROL_NEXT,
        CONTROL_RESET_CONFIRM,
        CONTROL_REVISION,
    )
    from tests.test_control_page import Site, _alert

    engine = make_engine(decided_url)
    add_accounts(engine)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    folder = tmp_path / "auto"
    for backup_dir in (str(blocked), str(folder)):
        server = create_app(
            Settings(
                database_url=decided_url,
                secret_key="k",
                instance_dir=str(tmp_path),
                backup_dir=backup_dir,
            )
        )
        site = Site(dash_apps(server).dashboard, engine, {"admin": client_as(server, "admin")})
        revision = site.status()[CONTROL_REVISION]["data"]
        said = _alert(site.press(CONTROL_APPROVE_CONFIRM, revision))
        if backup_dir == str(blocked):
            assert "cadangan otomatis yang dibuat lebih dulu gagal" in said and str(blocked) in said
            assert site.state().snapshot is None
        else:
            assert "Hasil disetujui." in said and site.state().snapshot is not None
            site.press(CONTROL_NEXT, site.status()[CONTROL_REVISION]["data"])
            site.press(CONTROL_RESET_CONFIRM, site.status()[CONTROL_REVISION]["data"])
            assert site.state().step == "rotation"
        server.extensions[EXTENSION_KEY].dispose()
    assert [len(_made(folder, action)) for action in ("approve", "reset")] == [1, 1]
    assert [(e.actor, e.detail["reason"]) for e in _trail(decided_url)] == [
        ("panitia", "reset"),
        ("panitia", "approve"),
    ]
    engine.dispose()

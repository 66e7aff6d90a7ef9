"""Texts of the backups and the restore (data_access/backups, the backup and restore
commands, and the actions an automatic backup may stop), and those commands' help."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Failures (data_access/backups/errors.py).
    "backup.failed": ("Pencadangan gagal: {reason}", "Backup failed: {reason}"),
    "restore.failed": ("Pemulihan gagal: {reason}", "Restore failed: {reason}"),
    "backup.reason.disk_full": (
        "disk di {folder} penuh; kosongkan ruang atau pilih tempat lain dengan --out",
        "the disk of {folder} is full; free some space or choose another place with --out",
    ),
    "backup.reason.unwritable": (
        "folder {folder} tidak bisa ditulisi ({detail})",
        "the folder {folder} cannot be written ({detail})",
    ),
    "backup.reason.not_a_folder": (
        "{path} bukan folder (periksa BACKUP_DIR)",
        "{path} is not a folder (check BACKUP_DIR)",
    ),
    "backup.reason.not_a_file": (
        "{path} bukan berkas biasa; sebutkan nama berkas baru atau sebuah folder",
        "{path} is not a regular file; name a new file or a folder",
    ),
    "backup.reason.exists": (
        "{path} sudah ada; cadangan tidak pernah ditimpa, pilih nama lain",
        "{path} already exists; a backup is never overwritten, choose another name",
    ),
    "backup.reason.no_database": (
        "tidak ada basis data di {path}",
        "there is no database at {path}",
    ),
    "backup.reason.integrity": (
        "salinan tidak lolos pemeriksaan integritas: {detail}",
        "the copy failed its integrity check: {detail}",
    ),
    "backup.reason.counts": (
        "salinan tidak sama dengan basis data: {detail}",
        "the copy differs from the database: {detail}",
    ),
    "backup.reason.pg_missing": (
        "program {tool} tidak ditemukan; pasang klien PostgreSQL yang versinya sama atau lebih "
        "baru dari servernya (Debian/Ubuntu: sudo apt-get install postgresql-client)",
        "the program {tool} was not found; install the PostgreSQL client, the server's version "
        "or newer (Debian/Ubuntu: sudo apt-get install postgresql-client)",
    ),
    "backup.reason.tool_failed": ("{tool} gagal: {detail}", "{tool} failed: {detail}"),
    "backup.reason.other": ("{detail}", "{detail}"),
    # The backup command (data_access/cli/backups.py).
    "backup.made": ("Cadangan dibuat", "backup made"),
    "backup.size": ("Ukuran", "size"),
    "backup.checked": (
        "Diperiksa: integritas ok, {tables} tabel, {rows} baris, versi data {version}, "
        "catatan di {record}",
        "checked: integrity ok, {tables} tables, {rows} rows, data version {version}, "
        "record in {record}",
    ),
    "backup.pg_checked": (
        "Diperiksa: pg_restore --list membaca semua {tables} tabel ({rows} baris), versi data "
        "{version}, catatan di {record}",
        "checked: pg_restore --list reads all {tables} tables ({rows} rows), data version "
        "{version}, record in {record}",
    ),
    # Automatic backups before an action (the import, /kendali, the ceremony commands).
    "backup.auto.made": ("Cadangan otomatis", "automatic backup"),
    "backup.auto.stopped": (
        "Tidak dijalankan, basis data tidak diubah: cadangan otomatis yang dibuat lebih dulu "
        "gagal. {reason}",
        "Not done, the database was not changed: the automatic backup made first failed. {reason}",
    ),
    # The restore command.
    "restore.no_file": ("berkas {path} tidak ada", "the file {path} does not exist"),
    "restore.not_backup": (
        "{path} bukan cadangan (berkas SQLite atau pg_dump format custom)",
        "{path} is not a backup (a SQLite file or a pg_dump custom-format file)",
    ),
    "restore.other_kind": (
        "cadangan {kind} tidak bisa dipulihkan ke basis data {target}; pindahkan edisi "
        "dengan arsip edisi (export --format archive)",
        "a {kind} backup cannot be restored into a {target} database; move an edition with "
        "the edition archive (export --format archive)",
    ),
    "restore.checksum": (
        "{path} rusak: SHA-256-nya tidak sama dengan catatan di sebelahnya",
        "{path} is damaged: its SHA-256 differs from the record beside it",
    ),
    "restore.not_empty": (
        "basis data {target} tidak kosong; tambahkan --replace untuk menimpanya (basis data "
        "itu dicadangkan dulu)",
        "the database {target} is not empty; add --replace to replace it (it is backed up first)",
    ),
    "restore.in_use": (
        "basis data sedang dipakai (dasbor masih berjalan?); hentikan dulu, lalu ulangi",
        "the database is in use (is the dashboard still running?); stop it, then try again",
    ),
    "restore.counts_differ": (
        "jumlah baris hasil pemulihan tidak sama dengan catatan cadangan: {detail}",
        "the restored row counts differ from the backup's record: {detail}",
    ),
    "restore.done": ("Dipulihkan", "restored"),
    "restore.replaced": (
        "Basis data lama dicadangkan dulu ke",
        "the old database was backed up first to",
    ),
    "restore.checked": (
        "Diperiksa: {tables} tabel, {rows} baris dan versi data {version} sama dengan catatan "
        "cadangan; dimigrasi ke revisi {revision}",
        "checked: {tables} tables, {rows} rows and data version {version} equal the backup's "
        "record; migrated to revision {revision}",
    ),
    "restore.unrecorded": (
        "Tanpa catatan .json di sebelah cadangan: {tables} tabel, {rows} baris, versi data "
        "{version} tidak bisa dibandingkan; dimigrasi ke revisi {revision}",
        "no .json record beside the backup: {tables} tables, {rows} rows, data version "
        "{version} not compared; migrated to revision {revision}",
    ),
    # The audit trail's entry that could not be written (data_access/backups/trail.py).
    "backup.unaudited": (
        "Peringatan: cadangan sudah utuh, tetapi tidak tercatat di Jejak Audit (basis data "
        "menolak menulis)",
        "warning: the backup is whole, but it is not in the Audit Trail (the database "
        "refused the write)",
    ),
    "restore.unaudited": (
        "Peringatan: pemulihan sudah selesai, tetapi tidak tercatat di Jejak Audit basis data "
        "yang dipulihkan",
        "warning: the restore is done, but it is not in the restored database's Audit Trail",
    ),
    # Help of the commands (data_access/cli/backups.py).
    "cli.help.backup": (
        "cadangkan basis data selagi berjalan, lalu periksa salinannya",
        "back up the database while it serves, then check the copy",
    ),
    "cli.help.backup.out": (
        "berkas atau folder tujuan; bawaan: folder ini, dengan kode edisi dan waktu WIB "
        "pada nama berkas",
        "target file or folder; default: this folder, the file named with the edition codes "
        "and the time in WIB",
    ),
    "cli.help.restore": (
        "pulihkan cadangan ke basis data kosong, migrasikan dan periksa",
        "restore a backup into an empty database, migrate and check it",
    ),
    "cli.help.restore.replace": (
        "timpa basis data yang tidak kosong (dicadangkan dulu); hentikan dasbor dulu",
        "replace a database that is not empty (backed up first); stop the dashboard first",
    ),
}

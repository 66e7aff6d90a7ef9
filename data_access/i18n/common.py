"""Texts shared by every page: the app, the shell and the home notices."""

from __future__ import annotations

# key -> (Bahasa Indonesia, English). Placeholders use str.format names, the same in both.
TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("KIPP Live", "KIPP Live"),
    "app.tagline": (
        "Kompetisi Inovasi Pelayanan Publik Kabupaten Kudus",
        "Public Service Innovation Competition of Kudus Regency",
    ),
    "nav.language": ("Bahasa", "Language"),
    "nav.progress": ("Progres Penilaian", "Judging Progress"),
    "nav.participation": ("Partisipasi OPD", "OPD Participation"),
    "nav.ranking": ("Peringkat", "Ranking"),
    "nav.schedule": ("Jadwal", "Schedule"),
    "home.name": ("Ringkasan", "Overview"),
    "home.loading": ("Memuat data…", "Loading data…"),
    "home.updated_at": ("Diperbarui pukul {time}", "Updated at {time}"),
    "home.ceremony": ("Penganugerahan: {date}", "Award ceremony: {date}"),
    "home.count.innovations": ("Inovasi", "Innovations"),
    "home.count.passed": ("Lolos Administrasi", "Passed Administrative Check"),
    "home.count.units": ("Perangkat Daerah", "Government Units"),
    "home.count.jurors": ("Dewan Juri", "Jury Members"),
    "home.note.innovations": ("diajukan", "submitted"),
    "home.note.passed": ("{share} dari inovasi", "{share} of innovations"),
    "home.note.units": ("mengajukan inovasi", "submitted an innovation"),
    "home.note.jurors": ("terdaftar", "registered"),
    "home.score_rows": ("{count} nilai juri tercatat", "{count} juror scores recorded"),
    "home.empty.title": ("Belum ada edisi KIPP", "No KIPP edition yet"),
    "home.empty.body": (
        "Basis data sudah siap tetapi belum berisi edisi. "
        "Untuk mencoba dengan data contoh, jalankan perintah berikut lalu muat ulang halaman ini:",
        "The database is ready but holds no edition yet. "
        "To try it with demo data, run this command and then reload this page:",
    ),
    "home.not_found.title": ("Edisi tidak ditemukan", "Edition not found"),
    "home.not_found.body": (
        "Tidak ada edisi dengan kode “{code}”. Buka halaman utama untuk melihat edisi terbaru.",
        "There is no edition with the code “{code}”. Open the home page to see the latest edition.",
    ),
    "home.not_found.link": ("Ke edisi terbaru", "Go to the latest edition"),
    "home.db_error.title": ("Basis data belum siap", "The database is not ready"),
    "home.db_error.body": (
        "KIPP Live belum dapat membaca basis data: berkasnya belum dibuat atau belum dimigrasi, "
        "atau server basis data tidak dapat dihubungi. Jalankan perintah berikut, "
        "lalu muat ulang halaman ini:",
        "KIPP Live cannot read the database yet: it has not been created or migrated, "
        "or its server cannot be reached. Run these commands, then reload this page:",
    ),
    "live.part_failed.title": (
        "Bagian ini tidak dapat ditampilkan",
        "This part could not be shown",
    ),
    "live.part_failed.body": (
        "Terjadi kesalahan saat menyiapkan bagian ini. Bagian lain halaman tetap diperbarui, "
        "dan bagian ini dicoba lagi secara otomatis.",
        "Something went wrong while preparing this part. The rest of the page keeps updating, "
        "and this part is tried again automatically.",
    ),
    # Commands are typed as they are, so both languages show the same text.
    "cmd.init": ("python -m data_access init", "python -m data_access init"),
    "cmd.demo": ("python -m data_access demo", "python -m data_access demo"),
}

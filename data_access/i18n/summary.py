"""Texts of the bupati's summary page (/ringkasan) and of the export downloads."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.summary": ("Ringkasan", "Summary"),
    "summary.name": ("Ringkasan untuk Bupati", "Summary for the Regent"),
    "summary.subtitle": (
        "Keadaan kompetisi dalam satu halaman",
        "Where the competition stands, on one page",
    ),
    "summary.print": ("Cetak", "Print"),
    "summary.as_of": (
        "Keadaan data per {moment} · versi data {version}",
        "Data as of {moment} · data version {version}",
    ),
    "summary.download.label": ("Unduh", "Download"),
    "summary.download.later": (
        "Berkas hasil (XLSX, CSV, PDF Berita Acara) tersedia setelah hasil disetujui panitia",
        "The result files (XLSX, CSV, PDF minutes) come once the committee approves the results",
    ),
    "summary.download.xlsx": ("XLSX", "XLSX"),
    "summary.download.csv": ("CSV (ZIP)", "CSV (ZIP)"),
    "summary.download.pdf": ("PDF Berita Acara", "PDF minutes"),
    "summary.download.piagam": ("Piagam juara", "Winners' certificates"),
    "summary.download.piagam_peserta": (
        "Piagam juara dan peserta",
        "Winners' and participants' certificates",
    ),
    "summary.download.title.piagam_peserta": (
        "Piagam Juara I–III dan piagam partisipasi untuk setiap perangkat daerah yang "
        "mengumpulkan inovasi (A4 lanskap)",
        "Juara I–III certificates and a participation certificate for every unit that "
        "submitted an innovation (A4 landscape)",
    ),
    "summary.download.title.piagam": (
        "Piagam Juara I–III (A4 lanskap, siap cetak) dari hasil yang disetujui",
        "Juara I–III certificates (A4 landscape, ready to print) from the approved results",
    ),
    "summary.download.title.xlsx": (
        "Peringkat, partisipasi per OPD dan progres dalam satu berkas Excel",
        "Ranking, participation per OPD and progress in one Excel file",
    ),
    "summary.download.title.csv": (
        "Tabel yang sama sebagai berkas CSV, dalam satu ZIP",
        "The same tables as CSV files, in one ZIP",
    ),
    "summary.download.title.pdf": (
        "Berita Acara Hasil Penilaian KIPP, siap ditandatangani",
        "The minutes of the KIPP assessment results, ready to sign",
    ),
    # Participation.
    "summary.participation.title": ("Partisipasi OPD", "OPD Participation"),
    "summary.participation.note": (
        "{done} dari {total} OPD wajib sudah mengumpulkan",
        "{done} of {total} required OPDs have submitted",
    ),
    "summary.missing.title": ("OPD wajib yang belum mengumpulkan", "Required OPDs not yet in"),
    "summary.missing.count": ("{count} OPD", "{count} OPDs"),
    "summary.missing.none": (
        "Semua OPD wajib sudah mengumpulkan.",
        "Every required OPD has submitted.",
    ),
    "summary.missing.no_opds": (
        "Belum ada OPD wajib yang terdaftar.",
        "No required OPD is registered yet.",
    ),
    # Innovations.
    "summary.innovations.title": ("Inovasi", "Innovations"),
    "summary.innovations.submitted": ("Diajukan", "Submitted"),
    "summary.innovations.passed": ("Lolos administrasi", "Passed the check"),
    "summary.innovations.finalists": ("Finalis", "Finalists"),
    # Judging.
    "summary.judging.title": ("Progres Penilaian", "Judging Progress"),
    "summary.judging.none": ("belum ada lembar penilaian", "no score sheets yet"),
    # Schedule.
    "summary.schedule.title": ("Jadwal", "Schedule"),
    "summary.schedule.current": ("Tahap berjalan", "Current phase"),
    "summary.schedule.next": ("Tahap berikutnya", "Next phase"),
    "summary.schedule.no_current": (
        "Tidak ada tahap yang sedang berlangsung",
        "No phase is running now",
    ),
    "summary.schedule.no_next": ("Tidak ada lagi", "None left"),
    "summary.schedule.last": ("Tahap terakhir", "Last phase"),
    "summary.schedule.all_done": ("Semua tahap sudah selesai", "Every phase has ended"),
    # Results.
    "summary.results.title": ("Hasil Penilaian", "Assessment Results"),
    "summary.results.embargo": (
        "Pemenang diumumkan setelah hasil disetujui panitia",
        "The winners are announced once the committee approves the results",
    ),
    "summary.results.embargo.note": (
        "Sampai saat itu halaman ini tidak memuat peringkat maupun nilai.",
        "Until then this page shows neither ranks nor scores.",
    ),
    "summary.results.approved": (
        "Disetujui panitia {moment} oleh {by}",
        "Approved by the committee on {moment} by {by}",
    ),
    "summary.results.hash": ("Sidik jari hasil (SHA-256): {hash}", "Results fingerprint: {hash}"),
    "summary.results.none": (
        "Hasil yang disetujui tidak memuat juara.",
        "The approved results name no winners.",
    ),
    "summary.col.level": ("Juara", "Place"),
    "summary.col.innovation": ("Inovasi", "Innovation"),
    "summary.col.unit": ("Perangkat Daerah", "Government Unit"),
    "summary.col.final": ("Nilai Akhir", "Final Score"),
    "summary.level.1": ("Juara I", "First Place"),
    "summary.level.2": ("Juara II", "Second Place"),
    "summary.level.3": ("Juara III", "Third Place"),
    "summary.tie": ("Seri", "Tie"),
    "summary.tie.note": (
        "Seri: nilai akhir sama persis; menurut aturan penilaian, sistem tidak memutuskannya "
        "dan semua inovasi yang seri menerima gelar juara yang sama.",
        "Tie: exactly the same final score; under the scoring rules the system does not settle "
        "it and every tied innovation holds the same place.",
    ),
    "summary.level.empty": (
        "Tidak ada: tempat ini terisi oleh seri di atasnya",
        "Nobody: a tie above took this place",
    ),
    "summary.innovator": ("Inovator: {name}", "Innovator: {name}"),
    "summary.forwarded.title": ("Diteruskan ke KIPP Jawa Tengah", "Forwarded to KIPP Central Java"),
    "summary.forwarded.note": (
        "Para juara mewakili Kabupaten Kudus pada KIPP Provinsi Jawa Tengah.",
        "The winners represent Kudus Regency at the Central Java provincial KIPP.",
    ),
    # Editions side by side.
    "summary.history.title": (
        "Dibandingkan dengan Edisi Sebelumnya",
        "Compared with Past Editions",
    ),
    "summary.history.col.edition": ("Edisi", "Edition"),
    "summary.history.col.participation": ("Partisipasi OPD", "OPD Participation"),
    "summary.history.col.innovations": ("Inovasi", "Innovations"),
    "summary.history.col.finalists": ("Finalis", "Finalists"),
    "summary.history.col.kinds": (
        "Finalis menurut jenis unit pengusul",
        "Finalists by kind of the submitting unit",
    ),
    "summary.history.current": ("edisi ini", "this edition"),
    "summary.kind.puskesmas": ("Puskesmas", "Health centres (puskesmas)"),
    "summary.kind.uptd": ("UPTD", "Technical units (UPTD)"),
    # Export downloads (/ekspor/<fmt>): plain pages, both languages at once.
    "export.error.title": ("Ekspor tidak tersedia", "Export not available"),
    "export.error.forbidden": (
        "Unduhan ini hanya untuk kantor Bupati dan panitia.",
        "This download is for the regent's office and the committee only.",
    ),
    "export.error.format": (
        "Format ekspor tidak dikenal: “{fmt}”. Pilih xlsx, csv atau pdf.",
        "Unknown export format: “{fmt}”. Choose xlsx, csv or pdf.",
    ),
    "export.error.edition": (
        "Tidak ada edisi dengan kode “{code}”.",
        "There is no edition with the code “{code}”.",
    ),
    "export.error.no_edition": ("Belum ada edisi KIPP.", "There is no KIPP edition yet."),
    "export.error.table": (
        "Tabel “{table}” tidak ada dalam ekspor ini.",
        "The table “{table}” is not part of this export.",
    ),
    "export.error.database": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Please try again shortly.",
    ),
    "export.error.not_approved": (
        "Berkas hasil tersedia setelah hasil disetujui panitia.",
        "The result files are available once the committee approves the results.",
    ),
    "export.error.back": ("Kembali ke ringkasan", "Back to the summary"),
}

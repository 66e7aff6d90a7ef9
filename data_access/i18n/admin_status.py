"""Texts of the committee's administrative check (/administrasi)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "status.menunggu": ("Menunggu", "Pending"),
    "status.lolos": ("Lolos", "Passed"),
    "status.tidak_lolos": ("Tidak lolos", "Not passed"),
    "status.title": ("Seleksi Administrasi", "Administrative Check"),
    "status.edition": ("Edisi {edition}", "Edition {edition}"),
    "status.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "status.intro": (
        "Hanya inovasi yang lolos seleksi administrasi yang dinilai dan diperingkat. Setiap "
        "perubahan status dicatat bersama alasannya, siapa, dan kapan.",
        "Only innovations that passed the administrative check are judged and ranked. Each "
        "change of status is recorded with its reason, who and when.",
    ),
    "status.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "status.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    "status.col.code": ("Kode", "Code"),
    "status.col.innovation": ("Inovasi", "Innovation"),
    "status.col.status": ("Status", "Status"),
    "status.col.last": ("Perubahan terakhir", "Last change"),
    "status.col.change": ("Ubah status", "Change the status"),
    "status.new": ("Status baru", "New status"),
    "status.reason": ("Alasan", "Reason"),
    "status.reason_help": (
        "Wajib; tercatat bersama perubahan.",
        "Required; recorded with the change.",
    ),
    "status.save": ("Simpan", "Save"),
    "status.none": ("Belum ada inovasi pada edisi ini.", "No innovation in this edition yet."),
    "status.imported": ("dari impor", "from the import"),
    "status.recent": ("Riwayat perubahan status", "Status changes"),
    "status.recent.none": ("Belum ada perubahan status.", "No status change yet."),
    "status.change_line": (
        "{code}: {old} → {new} · {reason} · {by}, {at}",
        "{code}: {old} → {new} · {reason} · {by}, {at}",
    ),
    "status.done": ("Status {code} kini {status}.", "{code}'s status is now {status}."),
    "status.refused.no_innovation": (
        "Inovasi {code!r} tidak ada pada edisi ini",
        "no innovation {code!r} in this edition",
    ),
    "status.refused.unknown": ("Status {status!r} tidak dikenal", "unknown status {status!r}"),
    "status.refused.no_reason": (
        "Tuliskan alasan perubahan status",
        "write the reason for the change",
    ),
    "status.refused.long_reason": (
        "Alasan paling panjang {limit} karakter",
        "a reason is at most {limit} characters",
    ),
    "status.refused.unchanged": (
        "Status {code} sudah seperti itu; tidak ada yang diubah",
        "{code} already has that status; nothing changed",
    ),
    # An import whose innovations.csv would undo a status set on this page keeps the page's.
    "status.kept.title": (
        "Status administrasi yang ditetapkan di halaman Seleksi Administrasi tidak diubah "
        "oleh impor ({count} inovasi). Ubah di halaman itu bila memang perlu:",
        "Administrative statuses set on the Administrative Check page were not changed by the "
        "import ({count} innovations). Change them on that page if needed:",
    ),
    "status.kept.line": (
        "{code}: tetap {kept} (berkas: {given})",
        "{code}: stays {kept} (file: {given})",
    ),
}

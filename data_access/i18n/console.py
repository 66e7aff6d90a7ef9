"""Texts of the committee's console (/konsol): its groups and one sentence per tool."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.console": ("Konsol Panitia", "Committee Console"),
    "console.title": ("Konsol Panitia", "Committee Console"),
    "console.intro": (
        "Semua pekerjaan panitia, dari persiapan sampai sesudah upacara, di satu tempat.",
        "All of the committee's work, from preparation to after the ceremony, in one place.",
    ),
    "console.group.before": ("Sebelum penilaian", "Before judging"),
    "console.group.during": ("Selama penilaian", "During judging"),
    "console.group.ceremony": ("Upacara", "Ceremony"),
    "console.group.after": ("Sesudah upacara", "After the ceremony"),
    "console.tool.import": (
        "Masukkan data edisi: unit, inovasi, juri, kriteria, dan nilai dari berkas.",
        "Load an edition's data: units, innovations, jurors, criteria and scores from files.",
    ),
    "console.tool.status": (
        "Tetapkan status administrasi tiap inovasi (lolos, tidak lolos, menunggu) dengan "
        "alasannya.",
        "Set each innovation's administrative status (passed, failed, waiting) with a reason.",
    ),
    "console.tool.jury": (
        "Undang juri, konfirmasi konflik kepentingan, buka kembali lembar yang sudah dikirim, "
        "dan perpanjang waktu penilaian.",
        "Invite jurors, confirm conflicts of interest, reopen submitted sheets and extend the "
        "judging window.",
    ),
    "console.tool.progress": (
        "Lihat berapa lembar nilai yang sudah masuk, per tahap dan per juri.",
        "See how many score sheets are in, per stage and per juror.",
    ),
    "console.tool.history": (
        "Setiap perubahan nilai: siapa, kapan, dari berapa ke berapa.",
        "Every score change: who, when, from what to what.",
    ),
    "console.tool.control": (
        "Setujui hasil, atur layar upacara, dan umumkan juara langkah demi langkah.",
        "Approve the results, set up the ceremony screens and reveal the winners step by step.",
    ),
    "console.tool.screens": (
        "Daftarkan TV di aula dan dapatkan tautan atau kode QR-nya.",
        "Register the hall's TVs and get their link or QR code.",
    ),
    "console.tool.summary": (
        "Ringkasan satu layar untuk pimpinan, ekspor resmi, berita acara dan piagam.",
        "A one-screen summary for the leadership, official exports, minutes and certificates.",
    ),
}

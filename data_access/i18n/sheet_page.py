"""Texts of a juror's sheet page (/penilaian/<stage>/<innovation>) and its save endpoint."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "sheet.page.title": ("Lembar Penilaian", "Score sheet"),
    "sheet.page.back": ("Kembali ke Penilaian Saya", "Back to My assessments"),
    "sheet.page.weight": ("Bobot {weight}", "Weight {weight}"),
    "sheet.page.summary": ("Ringkasan inovasi", "Summary of the innovation"),
    "sheet.page.proposal": ("Baca proposal", "Read the proposal"),
    "sheet.page.new_tab": ("(membuka tab baru)", "(opens a new tab)"),
    "sheet.page.score": ("Nilai (0–100)", "Score (0–100)"),
    "sheet.page.comment": ("Komentar (opsional)", "Comment (optional)"),
    "sheet.page.note": ("Catatan untuk lembar ini (opsional)", "Note on this sheet (optional)"),
    "sheet.page.running": ("Nilai lembar", "Sheet score"),
    "sheet.page.running_partial": (
        "sementara: {scored} dari {total} aspek",
        "so far: {scored} of {total} criteria",
    ),
    "sheet.page.running_complete": ("semua aspek dinilai", "every criterion scored"),
    "sheet.page.invalid": (
        "Isi angka 0–100 dengan paling banyak dua desimal, misalnya 82,5",
        "Enter a number from 0 to 100 with at most two decimals, e.g. 82.5",
    ),
    "sheet.page.saved_at": ("Tersimpan pukul {time}", "Saved at {time}"),
    # The bar's line once a conflict is declared: the scores saved before no longer count.
    "sheet.page.declared_at": (
        "Konflik kepentingan dinyatakan pukul {time}; menunggu keputusan panitia",
        "Conflict of interest declared at {time}; awaiting the committee's decision",
    ),
    "sheet.page.saving": ("Menyimpan…", "Saving…"),
    "sheet.page.pending": ("Belum tersimpan", "Not saved yet"),
    "sheet.page.offline": (
        "Tidak tersambung. Isian aman di perangkat ini dan dikirim begitu tersambung lagi.",
        "Offline. What you typed is kept on this device and sent once back online.",
    ),
    "sheet.page.submit_offline": (
        "Tidak tersambung. Penilaian akan dikirim otomatis begitu tersambung lagi;"
        " biarkan halaman ini terbuka.",
        "Offline. Your scores will be submitted as soon as the connection is back;"
        " keep this page open.",
    ),
    "sheet.page.conflict": (
        "Lembar ini baru disimpan dari tab atau perangkat lain. Pilih nilai yang dipakai.",
        "This sheet was just saved from another tab or device. Choose which values to keep.",
    ),
    "sheet.page.conflict_theirs": ("Tersimpan di tempat lain", "Saved elsewhere"),
    "sheet.page.conflict_mine": ("Isian di sini", "Typed here"),
    "sheet.page.keep_mine": ("Pakai isian di sini", "Keep what I typed here"),
    "sheet.page.keep_theirs": ("Pakai yang tersimpan", "Use the saved values"),
    "sheet.page.submit": ("Kirim penilaian", "Submit scores"),
    "sheet.page.confirm": (
        "Kirim penilaian ini? Setelah dikirim, lembar terkunci dan hanya panitia yang dapat "
        "membukanya kembali.",
        "Submit these scores? Once submitted the sheet is locked and only the committee can "
        "reopen it.",
    ),
    "sheet.page.confirm_yes": ("Ya, kirim", "Yes, submit"),
    "sheet.page.confirm_no": ("Batal", "Cancel"),
    "sheet.page.incomplete": (
        "Lengkapi semua aspek sebelum mengirim: {missing} belum dinilai",
        "Score every criterion before submitting: {missing} left",
    ),
    "sheet.page.fix_invalid": (
        "Perbaiki nilai yang ditandai merah sebelum mengirim.",
        "Correct the scores marked in red before submitting.",
    ),
    "sheet.page.submitted": (
        "Terkirim {when}. Lembar terkunci; hanya panitia yang dapat membukanya kembali.",
        "Submitted {when}. The sheet is locked; only the committee can reopen it.",
    ),
    "sheet.page.imported": (
        "Nilai lembar ini dimasukkan panitia lewat impor dan terkunci.",
        "This sheet's scores were imported by the committee and are locked.",
    ),
    "sheet.page.reopened": (
        "Panitia membuka kembali lembar ini: {reason}",
        "The committee reopened this sheet: {reason}",
    ),
    "sheet.page.closed": (
        "Di luar jadwal penilaian ({window}): lembar hanya dapat dibaca.",
        "Outside the scoring window ({window}): the sheet is read-only.",
    ),
    "sheet.page.closed_api": (
        "Di luar jadwal penilaian: lembar hanya dapat dibaca",
        "outside the scoring window: the sheet is read-only",
    ),
    "sheet.page.not_found": (
        "Lembar ini tidak ada di daftar penilaian Anda.",
        "This sheet is not on your list of assessments.",
    ),
    "sheet.page.too_long": (
        "Teks terlalu panjang (paling banyak {limit} karakter)",
        "Text too long (at most {limit} characters)",
    ),
    "sheet.page.bad_request": (
        "Isian tidak dapat dibaca; muat ulang halaman",
        "The request could not be read; reload the page",
    ),
    "sheet.page.expired": (
        "Sesi berubah; muat ulang halaman (isian tetap tersimpan di perangkat ini)",
        "Your session changed; reload the page (what you typed stays on this device)",
    ),
    "sheet.page.error": (
        "Belum dapat menyimpan; dicoba lagi otomatis",
        "Could not save yet; trying again automatically",
    ),
    "sheet.page.extended": (
        "(diperpanjang panitia; jadwal semula sampai {end})",
        "(extended by the committee; originally until {end})",
    ),
    "sheet.page.declare_title": ("Konflik kepentingan", "Conflict of interest"),
    "sheet.page.declare_lead": (
        "Sebelum menilai, nyatakan apakah Anda memiliki konflik kepentingan dengan inovasi "
        "ini, misalnya hubungan keluarga atau kerja dengan inovatornya, atau ikut "
        "menyusunnya. Isian nilai terbuka setelah Anda menyatakannya.",
        "Before scoring, declare whether you have a conflict of interest with this "
        "innovation, for instance a family or working tie with its innovator, or a hand in "
        "writing it. The score fields open once you have declared.",
    ),
    "sheet.page.declare_conflict": (
        "Saya memiliki konflik kepentingan",
        "I have a conflict of interest",
    ),
    "sheet.page.declare_reason": ("Alasan (wajib diisi)", "Reason (required)"),
    "sheet.page.declare_send": ("Kirim pernyataan konflik", "Send the declaration"),
    "sheet.page.declare_after": (
        "Panitia memutuskan pernyataan ini. Bila dikonfirmasi, Anda abstain untuk inovasi ini "
        "dan tidak menilainya.",
        "The committee decides on this declaration. Once it confirms it, you abstain on this "
        "innovation and do not score it.",
    ),
    "sheet.page.declared": (
        "Anda menyatakan konflik kepentingan dengan inovasi ini ({reason}). Lembar menunggu "
        "keputusan panitia dan hanya dapat dibaca.",
        "You declared a conflict of interest with this innovation ({reason}). The sheet "
        "awaits the committee's decision and is read-only.",
    ),
    "sheet.page.abstain": (
        "Abstain: panitia mengonfirmasi konflik kepentingan Anda dengan inovasi ini. Anda "
        "tidak menilainya.",
        "Abstain: the committee confirmed your conflict of interest with this innovation. "
        "You do not score it.",
    ),
    "sheet.page.abstain_other": (
        "Abstain: panitia mencatat bahwa Anda tidak menilai inovasi ini.",
        "Abstain: the committee recorded that you do not score this innovation.",
    ),
    "sheet.page.declare_missing": (
        "Tuliskan alasan konflik kepentingan",
        "Write the reason for the conflict of interest",
    ),
    "sheet.page.declare_offline": (
        "Tidak tersambung: pernyataan belum terkirim. Coba lagi begitu tersambung.",
        "Offline: the declaration was not sent. Try again once back online.",
    ),
    "sheet.list.conflict": ("Konflik dinyatakan", "Conflict declared"),
    "sheet.list.draft": (
        "Draf: {scored} dari {total} aspek",
        "Draft: {scored} of {total} criteria",
    ),
    "sheet.list.submitted": ("Terkirim", "Submitted"),
    "sheet.list.imported": ("Terkirim (impor)", "Submitted (imported)"),
    # Imported with criteria missing: locked, and still counted as not finished.
    "sheet.list.imported_partial": (
        "Impor: {scored} dari {total} aspek",
        "Imported: {scored} of {total} criteria",
    ),
}

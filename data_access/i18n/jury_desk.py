"""Texts of the committee's jury desk (/kelola-juri) and the reopen form on /riwayat-nilai."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.jury_desk": ("Kelola Juri", "Manage Jury"),
    "desk.title": ("Kelola Juri", "Manage Jury"),
    "desk.edition": ("Edisi {edition}", "Edition {edition}"),
    "desk.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "desk.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "desk.refused": ("Permintaan ditolak", "Request refused"),
    "desk.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    "desk.section.invitations": ("Undangan", "Invitations"),
    "desk.section.conflicts": ("Deklarasi konflik", "Conflict declarations"),
    "desk.section.reopen": ("Buka kembali lembar", "Reopen a sheet"),
    "desk.section.extensions": ("Perpanjangan waktu", "Window extensions"),
    # Invitations
    "desk.inv.intro": (
        "Tautan undangan berlaku 7 hari dan hanya sekali pakai. Kirim ulang membuat tautan "
        "baru dan mematikan tautan lama.",
        "An invitation link is valid for 7 days and works once. Re-sending makes a new link "
        "and kills the old one.",
    ),
    "desk.inv.user": ("Pengguna", "User"),
    "desk.inv.juror": ("Juri", "Juror"),
    "desk.inv.state": ("Status", "State"),
    "desk.inv.expires": ("Berlaku sampai", "Expires"),
    "desk.inv.actions": ("Tindakan", "Actions"),
    "desk.inv.none": ("Belum ada undangan.", "No invitation yet."),
    "desk.inv.reinvite": ("Kirim ulang", "Re-send"),
    "desk.inv.revoke": ("Cabut", "Revoke"),
    "desk.inv.new": ("Undang juri baru", "Invite a new juror"),
    "desk.inv.username": ("Nama pengguna", "Username"),
    "desk.inv.username_help": (
        "2–80 huruf, angka, titik, garis bawah atau tanda hubung.",
        "2–80 letters, digits, dots, underscores or hyphens.",
    ),
    "desk.inv.choose_juror": ("Kode juri", "Juror code"),
    "desk.inv.submit": ("Buat undangan", "Create invitation"),
    "desk.inv.no_jurors": (
        "Edisi ini belum memiliki juri; impor jurors.csv dulu.",
        "This edition has no jurors yet; import jurors.csv first.",
    ),
    "desk.inv.made": ("Undangan dibuat untuk {username}.", "Invitation made for {username}."),
    "desk.inv.remade": (
        "Tautan baru untuk {username}; tautan lama tidak berlaku lagi.",
        "A new link for {username}; the old one no longer works.",
    ),
    "desk.inv.link": (
        "Tautan ini hanya ditampilkan sekali. Salin dan kirimkan kepada juri (berlaku sampai "
        "{until}):",
        "This link is shown only once. Copy it and send it to the juror (valid until {until}):",
    ),
    "desk.inv.copy": ("Salin tautan", "Copy link"),
    "desk.inv.copied": ("Tersalin", "Copied"),
    "desk.inv.revoked": ("Undangan {username} dicabut.", "Invitation of {username} revoked."),
    # A used link: the juror set a password; the desk sends no new link (no password reset
    # from the browser), the command line's `users reinvite` still does.
    "desk.inv.password_set": ("Kata sandi sudah dibuat", "Password already set"),
    "desk.inv.used": (
        "Undangan {username} sudah dipakai: juri sudah membuat kata sandinya, jadi tidak ada "
        "tautan baru. Bila juri lupa kata sandi, jalankan `users reinvite {username}` di server.",
        "The invitation of {username} was already used: the juror has set a password, so no "
        "new link is made. If the juror forgot the password, run `users reinvite {username}` "
        "on the server.",
    ),
    # Conflicts
    "desk.conf.intro": (
        "Setelah dikonfirmasi, juri abstain untuk inovasi itu di setiap tahap.",
        "Once confirmed, the juror abstains on that innovation in every stage.",
    ),
    "desk.conf.innovation": ("Inovasi", "Innovation"),
    "desk.conf.reason": ("Alasan", "Reason"),
    "desk.conf.declared": ("Dinyatakan", "Declared"),
    "desk.conf.status": ("Status", "Status"),
    "desk.conf.confirm": ("Konfirmasi", "Confirm"),
    "desk.conf.none": ("Belum ada deklarasi konflik.", "No conflict declared."),
    "desk.conf.done": (
        "Konflik {juror} – {innovation} dikonfirmasi: juri abstain.",
        "Conflict {juror} – {innovation} confirmed: the juror abstains.",
    ),
    # Reopen
    "desk.reopen.intro": (
        "Lembar yang sudah dikirim kembali menjadi draf juri; juri melihat alasannya.",
        "A submitted sheet goes back to its juror as a draft; the juror sees the reason.",
    ),
    "desk.reopen.sheet": ("Lembar terkirim", "Submitted sheet"),
    "desk.reopen.reason": ("Alasan (wajib)", "Reason (required)"),
    "desk.reopen.submit": ("Buka kembali", "Reopen"),
    "desk.reopen.none": (
        "Belum ada lembar yang dikirim lewat aplikasi.",
        "No sheet has been submitted in the app yet.",
    ),
    "desk.reopen.history": (
        "Lembar impor dibuka kembali dari Riwayat Nilai lembar itu.",
        "An imported sheet is reopened from that sheet's Score History.",
    ),
    "desk.reopen.done": (
        "Lembar {juror} – {innovation} ({stage}) dibuka kembali.",
        "Sheet {juror} – {innovation} ({stage}) reopened.",
    ),
    "desk.reopen.bad_sheet": ("Pilih lembar yang akan dibuka.", "Choose the sheet to reopen."),
    # Extensions
    "desk.ext.intro": (
        "Di luar masa penilaian lembar hanya dapat dibaca, kecuali diperpanjang di sini "
        "(tercatat).",
        "Outside its window a sheet is read-only, unless extended here (recorded).",
    ),
    "desk.ext.stage": ("Tahap", "Stage"),
    "desk.ext.juror": ("Untuk", "For"),
    "desk.ext.until": ("Sampai tanggal", "Until"),
    "desk.ext.by": ("Oleh", "By"),
    "desk.ext.at": ("Dicatat", "Recorded"),
    "desk.ext.submit": ("Perpanjang", "Extend"),
    "desk.ext.none": ("Belum ada perpanjangan.", "No extension yet."),
    "desk.ext.done": (
        "Masa penilaian {stage} diperpanjang sampai {until} untuk {whom}.",
        "The scoring window of {stage} is extended until {until} for {whom}.",
    ),
    "desk.ext.bad_date": ("Tanggal tidak sah.", "Invalid date."),
    # The reopen form on /riwayat-nilai (one sheet)
    "history.reopen.title": ("Buka kembali lembar ini", "Reopen this sheet"),
}

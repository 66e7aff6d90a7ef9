"""Texts of the jurors' way in: juri accounts, invitations (/undangan) and /penilaian's list."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Refusals of the data layer (data_access/users.py, invitations.py).
    "refused.no_juror": (
        "Juri '{juror}' tidak ada di edisi '{edition}'",
        "no juror '{juror}' in edition '{edition}'",
    ),
    "refused.juri_needs_juror": (
        "Peran juri memerlukan --juror KODE",
        "the juri role needs --juror CODE",
    ),
    "refused.juror_only_juri": (
        "--juror hanya untuk peran juri",
        "--juror is only for the juri role",
    ),
    "refused.invite_other_account": (
        "Pengguna '{username}' sudah ada dengan peran atau juri lain; hapus dulu bila perlu",
        "user '{username}' exists with another role or juror; remove it first if need be",
    ),
    "refused.no_live_invitation": (
        "Pengguna '{username}' tidak punya tautan undangan yang aktif",
        "user '{username}' has no live invitation link",
    ),
    # The command line (data_access/cli/users.py).
    "cli.invitation_made": ("Undangan dibuat untuk", "invitation made for"),
    "cli.invitation_open": (
        "Kirim tautan pribadi ini kepada yang diundang; berlaku sampai {until}, sekali "
        "pakai, dan hanya ditampilkan sekarang",
        "send this personal link to the invitee; it works until {until}, once, and is "
        "shown only now",
    ),
    "cli.invitation_revoked": ("Undangan dicabut", "invitation revoked"),
    "cli.no_invitation": ("Belum ada undangan", "no invitation yet"),
    "cli.invitation.live": ("aktif", "live"),
    "cli.invitation.used": ("terpakai", "used"),
    "cli.invitation.revoked": ("dicabut", "revoked"),
    "cli.invitation.expired": ("kedaluwarsa", "expired"),
    # Help texts (python -m data_access users ... --help).
    "cli.help.users.add.juror": (
        "kode juri untuk peran juri (di edisi --edition)",
        "juror code, for the juri role (in the --edition)",
    ),
    "cli.help.users.invite": (
        "buat (atau pakai) akun dan cetak tautan undangan sekali pakai, berlaku 7 hari",
        "create (or reuse) an account and print a one-time invitation link valid 7 days",
    ),
    "cli.help.users.invite.detail": (
        "Yang diundang membuka tautan (baris terakhir), membuat kata sandi, lalu masuk. "
        "Hanya SHA-256 token yang disimpan; undangan baru mematikan tautan sebelumnya.",
        "The invitee opens the link (the last line), sets a password and is logged in. "
        "Only the token's SHA-256 is kept; a new invitation kills the earlier link.",
    ),
    "cli.help.users.reinvite": (
        "kirim ulang: tautan baru untuk akun yang ada, tautan lama mati",
        "re-send: a new link for an existing account, the old one dies",
    ),
    "cli.help.users.revoke_invite": (
        "cabut tautan undangan akun yang masih aktif",
        "revoke the account's live invitation link",
    ),
    "cli.help.users.invitations": (
        "daftar undangan dan statusnya (aktif, terpakai, dicabut, kedaluwarsa)",
        "list invitations and their state (live, used, revoked, expired)",
    ),
    # /undangan (dashboard/invitation_routes.py).
    "invite.title": ("Buat kata sandi", "Set your password"),
    "invite.welcome": (
        # The name may end in a title's full stop (M.P.A.): no full stop after it.
        "Selamat datang, {name}! Buat kata sandi untuk akun {username}; setelah itu Anda "
        "langsung masuk.",
        "Welcome, {name}! Set a password for the account {username}; you are logged in "
        "right after.",
    ),
    "invite.password": ("Kata sandi baru", "New password"),
    "invite.repeat": ("Ulangi kata sandi", "Repeat the password"),
    "invite.rule": ("Minimal {length} karakter.", "At least {length} characters."),
    "invite.submit": ("Simpan dan masuk", "Save and log in"),
    "invite.differ": ("Kedua kata sandi tidak sama.", "The two passwords differ."),
    "invite.bad.title": ("Tautan undangan tidak berlaku", "Invitation link not valid"),
    "invite.bad.unknown": (
        "Tautan ini tidak dikenal. Periksa bahwa tautan disalin utuh.",
        "This link is not known. Check that the whole link was copied.",
    ),
    "invite.bad.used": (
        "Tautan ini sudah dipakai untuk membuat kata sandi. Masuk dengan kata sandi itu.",
        "This link was already used to set a password. Log in with that password.",
    ),
    "invite.bad.revoked": (
        "Tautan ini sudah dicabut atau diganti dengan tautan yang lebih baru.",
        "This link was revoked or replaced by a newer one.",
    ),
    "invite.bad.expired": (
        "Tautan ini sudah kedaluwarsa (berlaku 7 hari).",
        "This link has expired (it works for 7 days).",
    ),
    "invite.bad.what_now": (
        "Minta tautan baru kepada panitia KIPP.",
        "Ask the KIPP committee for a new link.",
    ),
    "invite.bad.login": ("Ke halaman masuk", "To the login page"),
    # /penilaian (dashboard/assessment_routes.py).
    "nav.assessment": ("Penilaian Saya", "My assessments"),
    "assessment.title": ("Penilaian Saya", "My assessments"),
    "assessment.intro": (
        "{juror} ({group}) · {edition}",
        "{juror} ({group}) · {edition}",
    ),
    "assessment.left": (
        "{left} dari {total} inovasi belum selesai dinilai",
        "{left} of {total} innovations not fully scored yet",
    ),
    "assessment.none": (
        "Belum ada inovasi yang ditugaskan kepada Anda.",
        "No innovation is assigned to you yet.",
    ),
    "assessment.no_juror": (
        "Halaman ini untuk akun juri. Pilih halaman lain dari menu.",
        "This page is for juror accounts. Choose another page from the menu.",
    ),
    "assessment.window": ("Jadwal penilaian: {start} – {end}", "Scoring window: {start} – {end}"),
    "assessment.window_day": ("Jadwal penilaian: {day}", "Scoring window: {day}"),
    "assessment.window_unknown": ("Jadwal penilaian belum ditetapkan", "No scoring window set"),
    # The window's countdown (dashboard/builders/countdown.py, assets/jury/kipp-countdown.js).
    "countdown.opens": ("dibuka dalam {left}", "opens in {left}"),
    "countdown.closes": ("ditutup dalam {left}", "closes in {left}"),
    "countdown.closed": ("sudah ditutup", "closed"),
    "countdown.opened": ("sudah dibuka: muat ulang halaman", "open now: reload the page"),
    "assessment.code": ("Kode", "Code"),
    "assessment.innovation": ("Inovasi", "Innovation"),
    "assessment.unit": ("Unit", "Unit"),
    "assessment.state": ("Status", "State"),
    "assessment.not_scored": ("Belum dinilai", "Not scored"),
    "assessment.partial": ("{scored} dari {total} aspek", "{scored} of {total} criteria"),
    "assessment.done": ("Lengkap ({total} aspek)", "Complete ({total} criteria)"),
    "assessment.abstain": ("Abstain", "Abstain"),
    "assessment.db_error": (
        "Data belum dapat dibaca. Coba muat ulang sebentar lagi.",
        "The data cannot be read yet. Try reloading in a moment.",
    ),
}

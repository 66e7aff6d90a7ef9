"""Texts of the accounts console (/akun), one's own password (/akun/sandi) and profiles."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Refusals of the data layer (data_access/accounts.py, users.py).
    "refused.last_admin": (
        "'{username}' adalah satu-satunya admin. Tambahkan admin lain dulu; tanpa admin tidak "
        "ada yang dapat mengelola akun",
        "'{username}' is the only admin. Add another admin first; without an admin nobody "
        "can manage the accounts",
    ),
    "refused.remove_self": (
        "Anda tidak dapat menghapus akun Anda sendiri; minta admin lain",
        "you cannot remove your own account; ask another admin",
    ),
    "refused.own_role": (
        "Anda tidak dapat mengubah peran akun Anda sendiri; minta admin lain",
        "you cannot change your own account's role; ask another admin",
    ),
    "refused.same_role": (
        "'{username}' sudah memiliki peran itu",
        "'{username}' already has that role",
    ),
    "refused.console_juri": (
        "Akun juri dibuat dan dikelola di halaman Kelola Juri (terikat pada jurinya); di "
        "sini hanya peran admin, viewer dan bupati",
        "juror accounts are made and managed on the Manage Jury page (tied to their juror); "
        "here only the admin, viewer and bupati roles",
    ),
    "refused.nip": (
        "NIP harus {digits} angka (spasi boleh)",
        "an NIP is {digits} digits (spaces allowed)",
    ),
    "refused.display_name": (
        "Nama tampilan paling banyak {length} karakter, satu baris",
        "a display name is at most {length} characters, on one line",
    ),
    "refused.jabatan": (
        "Jabatan paling banyak {length} karakter, satu baris",
        "a jabatan is at most {length} characters, on one line",
    ),
    "refused.not_locked": (
        "Login '{username}' tidak sedang terkunci",
        "the login of '{username}' is not locked",
    ),
    "refused.current_password": (
        "Kata sandi sekarang salah",
        "the current password is wrong",
    ),
    # An approver or signatory, where a page or a document names one.
    "profile.signatory": ("{name} (NIP {nip})", "{name} (NIP {nip})"),
    # The command line (data_access/cli/users.py).
    "cli.help.users.profile": (
        "atur nama tampilan, NIP dan jabatan (dipakai pada persetujuan dan tanda tangan)",
        "set the display name, NIP and jabatan (shown where one approves or signs)",
    ),
    "cli.help.users.profile.detail": (
        "Opsi yang tidak diberikan tetap; opsi kosong ('') menghapus isinya.",
        "Options not given stay as they are; an empty option ('') clears it.",
    ),
    "cli.help.users.profile.display_name": (
        "nama lengkap dengan gelar, mis. 'Dra. Nama Contoh, M.Si.'",
        "full name with titles, e.g. 'Dra. Nama Contoh, M.Si.'",
    ),
    "cli.help.users.profile.nip": (
        "NIP, 18 angka (spasi boleh)",
        "NIP, 18 digits (spaces allowed)",
    ),
    "cli.help.users.profile.jabatan": ("jabatan", "position (jabatan)"),
    "cli.help.users.role": (
        "ubah peran akun (admin, viewer atau bupati); sesinya berakhir",
        "change an account's role (admin, viewer or bupati); its sessions end",
    ),
    "cli.help.users.unlock": (
        "buka kunci login akun (lupakan percobaan gagalnya)",
        "lift an account's login lock (forget its failed attempts)",
    ),
    "cli.profile_set": ("Profil disimpan", "profile saved"),
    "cli.role_changed": ("Peran diubah", "role changed"),
    "cli.unlocked": ("Kunci login dibuka", "login lock lifted"),
    # /akun (dashboard/accounts_routes.py).
    "accounts.title": ("Akun Pengguna", "User Accounts"),
    "accounts.description": (
        "Tambah dan hapus akun, ubah peran dan profil, kirim tautan atur ulang kata sandi, "
        "buka kunci login.",
        "Add and remove accounts, change roles and profiles, send password reset links, "
        "lift login locks.",
    ),
    "accounts.intro": (
        "Panitia tidak pernah mengetik kata sandi orang lain: akun baru dan atur ulang "
        "kata sandi memakai tautan sekali pakai, yang dibuka pemiliknya untuk membuat kata "
        "sandinya sendiri. Tautan ditampilkan sekali saja.",
        "The committee never types another person's password: a new account and a password "
        "reset use a one-time link, which its owner opens to set their own password. A link "
        "is shown once only.",
    ),
    "accounts.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "accounts.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "accounts.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    # Adding
    "accounts.new": ("Tambah akun", "Add an account"),
    "accounts.username": ("Nama pengguna", "Username"),
    "accounts.username_help": (
        "Untuk masuk. 2-80 huruf, angka, titik, garis bawah atau tanda hubung.",
        "For logging in. 2-80 letters, digits, dots, underscores or hyphens.",
    ),
    "accounts.role": ("Peran", "Role"),
    "accounts.juri_note": (
        "Akun juri dibuat di halaman {link}, terikat pada jurinya.",
        "Juror accounts are made on the {link} page, tied to their juror.",
    ),
    "accounts.juri_link": ("Kelola Juri", "Manage Jury"),
    "accounts.display_name": ("Nama tampilan", "Display name"),
    "accounts.display_name_help": (
        "Nama lengkap dengan gelar, mis. Dra. Nama Contoh, M.Si. Dipakai pada persetujuan "
        "hasil dan tanda tangan.",
        "Full name with titles, e.g. Dra. Nama Contoh, M.Si. Shown on approvals and signatures.",
    ),
    "accounts.nip": ("NIP", "NIP"),
    "accounts.nip_help": (
        "18 angka; spasi boleh. Boleh kosong.",
        "18 digits; spaces allowed. May stay empty.",
    ),
    "accounts.jabatan": ("Jabatan", "Position (jabatan)"),
    "accounts.jabatan_help": (
        "Mis. Kepala Bagian Organisasi. Boleh kosong.",
        "E.g. Head of the Organisation Section. May stay empty.",
    ),
    "accounts.add": ("Tambah dan buat tautan", "Add and make a link"),
    "accounts.made": (
        "Akun {username} dibuat. Kirim tautan ini kepada pemiliknya: dengan tautan itu ia "
        "membuat kata sandinya sendiri, lalu masuk. Tautan ini tidak akan ditampilkan lagi.",
        "Account {username} is made. Send this link to its owner: with it they set their own "
        "password, then log in. This link will not be shown again.",
    ),
    "accounts.reset_made": (
        "Tautan atur ulang kata sandi untuk {username} dibuat; tautan sebelumnya tidak "
        "berlaku lagi. Tautan ini tidak akan ditampilkan lagi.",
        "A password reset link for {username} is made; any earlier link no longer works. "
        "This link will not be shown again.",
    ),
    "accounts.link": ("Tautan sekali pakai", "One-time link"),
    "accounts.link_until": (
        "Berlaku sampai {until}, sekali pakai.",
        "Works until {until}, once.",
    ),
    "accounts.copy": ("Salin", "Copy"),
    "accounts.copied": ("Tersalin", "Copied"),
    "accounts.profile_saved": ("Profil {username} disimpan.", "Profile of {username} saved."),
    "accounts.role_changed": (
        "Peran {username} diubah; sesinya yang sedang berjalan berakhir.",
        "The role of {username} is changed; its running sessions ended.",
    ),
    "accounts.unlocked": (
        "Kunci login {username} dibuka: ia dapat mencoba masuk lagi.",
        "The login lock of {username} is lifted: they may try to log in again.",
    ),
    "accounts.removed": (
        "Akun {username} dihapus; sesi dan tautannya tidak berlaku lagi.",
        "Account {username} is removed; its sessions and links no longer work.",
    ),
    # The list
    "accounts.list": ("Daftar akun", "Accounts"),
    "accounts.col.username": ("Nama pengguna", "Username"),
    "accounts.col.profile": ("Nama tampilan, NIP, jabatan", "Display name, NIP, jabatan"),
    "accounts.col.role": ("Peran", "Role"),
    "accounts.col.login": ("Login", "Login"),
    "accounts.col.actions": ("Tindakan", "Actions"),
    "accounts.role.admin": ("Panitia (admin)", "Committee (admin)"),
    "accounts.role.viewer": ("Pemantau (viewer)", "Monitoring (viewer)"),
    "accounts.role.bupati": ("Kantor Bupati", "Bupati's office"),
    "accounts.role.juri": ("Juri", "Juror"),
    "accounts.juror": ("{code} · {name} ({edition})", "{code} · {name} ({edition})"),
    "accounts.you": ("akun Anda", "your account"),
    "accounts.no_profile": ("belum diisi", "not filled in"),
    "accounts.locked": ("Terkunci sampai {time}", "Locked until {time}"),
    "accounts.open": ("Bisa masuk", "Can log in"),
    "accounts.awaiting_password": (
        "Belum bisa masuk: kata sandi belum dibuat lewat tautannya",
        "Cannot log in yet: no password set through its link",
    ),
    "accounts.link_live": ("Tautan aktif sampai {until}", "Link live until {until}"),
    "accounts.edit": ("Ubah profil", "Edit profile"),
    "accounts.save": ("Simpan", "Save"),
    "accounts.change_role": ("Ubah peran", "Change role"),
    "accounts.role_note": (
        "Sesi akun ini berakhir saat perannya diubah.",
        "This account's sessions end when its role changes.",
    ),
    "accounts.reset": ("Tautan atur ulang sandi", "Password reset link"),
    "accounts.unlock": ("Buka kunci login", "Lift login lock"),
    "accounts.remove": ("Hapus", "Remove"),
    "accounts.remove_confirm": (
        "Hapus akun {username}? Sesinya berakhir dan tautannya tidak berlaku lagi. Ini tidak "
        "dapat dibatalkan.",
        "Remove account {username}? Its sessions end and its links stop working. This cannot "
        "be undone.",
    ),
    "accounts.remove_yes": ("Ya, hapus akun ini", "Yes, remove this account"),
    "accounts.own_row": (
        "Peran dan penghapusan akun Anda sendiri dilakukan oleh admin lain.",
        "Another admin changes the role of, or removes, your own account.",
    ),
    # /akun/sandi (dashboard/password_routes.py) and the navbar's link to it.
    "nav.password": ("Ganti sandi", "Change password"),
    "password.title": ("Ganti Kata Sandi", "Change Password"),
    "password.intro": (
        "Akun {username}. Setelah diganti, sesi Anda di perangkat lain berakhir; di sini "
        "Anda tetap masuk.",
        "Account {username}. Once changed, your sessions on other devices end; here you stay "
        "logged in.",
    ),
    "password.current": ("Kata sandi sekarang", "Current password"),
    "password.new": ("Kata sandi baru", "New password"),
    "password.repeat": ("Ulangi kata sandi baru", "Repeat the new password"),
    "password.submit": ("Simpan kata sandi baru", "Save the new password"),
    "password.missing": ("Isi ketiga kolom.", "Fill in all three fields."),
    "password.wrong": (
        "Kata sandi sekarang salah. Kata sandi Anda tidak diganti.",
        "The current password is wrong. Your password is not changed.",
    ),
    "password.done": (
        "Kata sandi Anda sudah diganti. Sesi Anda di perangkat lain diakhiri ({count}).",
        "Your password is changed. Your sessions on other devices were ended ({count}).",
    ),
    "password.db_error": (
        "Basis data tidak dapat dipakai saat ini; kata sandi tidak diganti. Coba lagi "
        "sebentar lagi.",
        "The database cannot be used right now; the password is not changed. Try again in "
        "a moment.",
    ),
}

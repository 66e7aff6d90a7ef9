"""Texts of the login page and of access refusals."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "auth.title": ("Masuk", "Log in"),
    "auth.username": ("Nama pengguna", "Username"),
    "auth.password": ("Kata sandi", "Password"),
    "auth.submit": ("Masuk", "Log in"),
    "auth.failed": (
        "Nama pengguna atau kata sandi salah.",
        "Wrong username or password.",
    ),
    "auth.missing": (
        "Isi nama pengguna dan kata sandi.",
        "Fill in the username and the password.",
    ),
    "auth.expired": (
        "Formulir kedaluwarsa. Silakan coba lagi.",
        "The form has expired. Please try again.",
    ),
    "auth.switch_language": ("English", "Bahasa Indonesia"),
    "auth.logout": ("Keluar", "Log out"),
    "auth.forbidden.title": ("Tidak berwenang", "Not allowed"),
    "auth.forbidden.body": (
        "Akun Anda tidak berhak membuka halaman ini.",
        "Your account may not open this page.",
    ),
    "auth.forbidden.back": ("Kembali ke halaman utama", "Back to the home page"),
    "auth.limited.title": ("Terlalu banyak percobaan", "Too many attempts"),
    "auth.limited.body": (
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi setelah pukul {time}.",
        "Too many failed login attempts. For security, please try again after {time}.",
    ),
    "auth.limited.back": ("Kembali ke halaman masuk", "Back to the login page"),
    # A screen's link (/kiosk?token=...) opened where a person is logged in.
    "kiosk_person.title": (
        "Peramban ini sedang dipakai akun seseorang",
        "This browser is logged in as a person",
    ),
    "kiosk_person.body": (
        "Anda masuk sebagai {name}. Tautan layar upacara tidak mengganti sesi akun: "
        "Anda tetap masuk, dan peramban ini tidak dijadikan layar.",
        "You are logged in as {name}. A ceremony screen's link does not replace an "
        "account's session: you stay logged in, and this browser does not become the screen.",
    ),
    "kiosk_person.what_now": ("Untuk menampilkan layar upacara:", "To show the ceremony screen:"),
    "kiosk_person.tv_hint": (
        "Buka tautan ini di peramban TV atau komputer layar itu sendiri (disarankan).",
        "Open this link in the browser of the TV or the screen's own computer (recommended).",
    ),
    "kiosk_person.logout_hint": (
        "Atau keluar dari akun Anda dulu: peramban ini lalu menjadi layar upacara.",
        "Or log out of your account first: this browser then becomes the ceremony screen.",
    ),
    "kiosk_person.logout": (
        "Keluar, lalu jadikan peramban ini layar",
        "Log out, then make this browser the screen",
    ),
    "kiosk_person.back": ("Kembali ke dasbor", "Back to the dashboard"),
}

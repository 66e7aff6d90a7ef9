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
}

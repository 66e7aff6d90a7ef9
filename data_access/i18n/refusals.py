"""Texts of the data layer's refusals (users, screens, editions) and the rehearsal jury."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "refused.username": (
        "Nama pengguna 2-80 karakter: huruf, angka, titik, garis bawah atau tanda hubung",
        "username must be 2-80 letters, digits, dots, underscores or hyphens",
    ),
    "refused.password_short": (
        "Kata sandi minimal {length} karakter",
        "password must have at least {length} characters",
    ),
    "refused.role": ("Peran harus salah satu dari", "role must be one of"),
    "refused.user_exists": (
        "Pengguna '{username}' sudah ada",
        "user '{username}' already exists",
    ),
    "refused.no_user": ("Pengguna '{username}' tidak ada", "no user '{username}'"),
    "refused.screen_exists": ("Layar {name!r} sudah ada", "screen {name!r} already exists"),
    "refused.no_screen": ("Layar {name!r} tidak ada", "no screen named {name!r}"),
    "refused.screen_name": (
        "Nama layar 1-80 huruf, angka, spasi, titik, tanda hubung: {name!r}",
        "screen names are 1-80 letters, digits, spaces, dots, dashes: {name!r}",
    ),
    "refused.screen_edition": (
        "Edisi {code!r} tidak ada; pilih salah satu: {codes}",
        "no edition {code!r}; choose one of: {codes}",
    ),
    "refused.screen_editions": (
        "Ada beberapa edisi; pilih edisi layar ini (--edition pada baris perintah): {codes}",
        "several editions; choose this screen's edition (--edition on the command line): {codes}",
    ),
    "refused.no_edition": ("Edisi '{code}' tidak ditemukan", "edition '{code}' not found"),
    "simulate.bad_speed": ("--speed harus lebih dari 0", "--speed must be more than 0"),
    # A sheet written, inside the progress line (compact: "menilai/scores").
    "simulate.scores": ("menilai", "scores"),
    "simulate.criteria": ("aspek", "criteria"),
    "simulate.stopped": ("Simulasi dihentikan", "simulation stopped"),
    "simulate.nothing_open": ("Tidak ada lembar terbuka", "no open sheet left"),
}

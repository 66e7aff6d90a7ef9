"""Texts of the committee's screens page (/layar): register, rename and revoke screens."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "screens.title": ("Layar Upacara", "Ceremony Screens"),
    "screens.back": ("Kembali ke Kendali Upacara", "Back to Ceremony Control"),
    "screens.intro": (
        "Setiap TV di aula membuka tautannya sendiri, tanpa login. Tautan ditampilkan sekali "
        "saja, saat layar didaftarkan: buka di peramban TV, atau pindai kode QR-nya.",
        "Each TV in the hall opens its own link, without a login. A link is shown once only, "
        "when the screen is registered: open it in the TV's browser, or scan its QR code.",
    ),
    "screens.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "screens.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    # Registering
    "screens.new": ("Daftarkan layar", "Register a screen"),
    "screens.name": ("Nama layar", "Screen name"),
    "screens.name_help": (
        "Misalnya TV Pendopo Kiri. Huruf, angka, spasi, titik, tanda hubung; paling banyak 80.",
        "For example TV Pendopo Left. Letters, digits, spaces, dots, dashes; at most 80.",
    ),
    "screens.edition": ("Edisi yang ditampilkan", "Edition shown"),
    "screens.edition_help": (
        "Layar selalu menampilkan edisi ini, apa pun yang diimpor kemudian.",
        "The screen always shows this edition, whatever is imported later.",
    ),
    "screens.register": ("Daftarkan", "Register"),
    "screens.made": (
        "Layar {name} terdaftar. Buka tautan ini di peramban TV-nya, atau pindai kodenya. "
        "Tautan ini tidak akan ditampilkan lagi.",
        "Screen {name} is registered. Open this link in its TV's browser, or scan the code. "
        "This link will not be shown again.",
    ),
    "screens.link": ("Tautan layar", "Screen link"),
    "screens.qr": ("Kode QR tautan layar", "QR code of the screen link"),
    "screens.copy": ("Salin", "Copy"),
    "screens.copied": ("Tersalin", "Copied"),
    # The list
    "screens.list": ("Layar terdaftar", "Registered screens"),
    "screens.none": (
        "Belum ada layar terdaftar. Daftarkan TV pertama di atas.",
        "No screen registered yet. Register the first TV above.",
    ),
    "screens.col.name": ("Layar", "Screen"),
    "screens.col.edition": ("Edisi", "Edition"),
    "screens.col.seen": ("Terakhir terlihat", "Last seen"),
    "screens.col.actions": ("Tindakan", "Actions"),
    "screens.default_edition": ("edisi bawaan", "the default edition"),
    "screens.never": ("Belum pernah", "Never"),
    "screens.new_name": ("Nama baru", "New name"),
    "screens.rename": ("Ganti nama", "Rename"),
    "screens.renamed": ("Layar {name} sekarang bernama {new}.", "Screen {name} is now {new}."),
    "screens.revoke": ("Cabut tautan", "Revoke the link"),
    "screens.revoke_confirm": (
        "Layar {name} akan berhenti menampilkan apa pun. Untuk menyambungkannya lagi, "
        "daftarkan ulang dan buka tautan barunya.",
        "Screen {name} will stop showing anything. To connect it again, register it anew "
        "and open its new link.",
    ),
    "screens.revoke_yes": ("Ya, cabut", "Yes, revoke"),
    "screens.revoked": (
        "Tautan layar {name} dicabut: layar itu kini menampilkan pesan bahwa ia belum terdaftar.",
        "Screen {name}'s link is revoked: that screen now says it is not registered.",
    ),
}

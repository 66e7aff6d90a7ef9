"""Texts of the server's own error answers: a failure on our side, a cross-site
request, an address that does not exist."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "error.server.title": ("Terjadi kesalahan", "Something went wrong"),
    "error.server.body": (
        "Maaf, server tidak dapat menyelesaikan permintaan ini. Silakan coba lagi sebentar lagi.",
        "Sorry, the server could not complete this request. Please try again in a moment.",
    ),
    "error.server.ref": (
        "Kode rujukan untuk panitia: {ref}",
        "Reference code for the committee: {ref}",
    ),
    "error.cross_site.title": ("Permintaan ditolak", "Request refused"),
    "error.cross_site.body": (
        "Permintaan ini datang dari situs lain dan tidak boleh mengubah apa pun. "
        "Buka KIPP Live secara langsung, lalu coba lagi.",
        "This request came from another site and may not change anything. "
        "Open KIPP Live directly, then try again.",
    ),
    "error.not_found.title": ("Halaman tidak ditemukan", "Page not found"),
    "error.not_found.body": (
        "Alamat ini tidak ada di KIPP Live. Periksa tautannya atau mulai dari halaman utama.",
        "This address does not exist in KIPP Live. Check the link or start from the home page.",
    ),
    "error.back": ("Kembali ke halaman utama", "Back to the home page"),
}

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
    "error.no_session.title": ("Belum masuk", "Not signed in"),
    "error.no_session.body": (
        "Sesi Anda sudah berakhir atau belum dimulai. Masuk lagi, lalu muat ulang halaman.",
        "Your session has ended or never started. Sign in again, then reload the page.",
    ),
    "error.too_large.title": ("Permintaan terlalu besar", "Request too large"),
    "error.too_large.body": (
        "Permintaan ini terlalu besar untuk server dan tidak dibaca. Muat ulang halaman.",
        "This request is too large for the server and was not read. Reload the page.",
    ),
    "error.back": ("Kembali ke halaman utama", "Back to the home page"),
}

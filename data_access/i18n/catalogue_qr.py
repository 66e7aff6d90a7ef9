"""Texts of the catalogue's QR codes: on the ceremony screens ("Para Juara", the rotation's
"katalog" slide) and on /ringkasan."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The rotation's slide, as the control page's switch and the screens' list name it.
    "kiosk.katalog.title": ("Para Juara dan Katalog", "Winners and Catalogue"),
    "control.slide.katalog": ("Para Juara dan katalog", "Winners and catalogue"),
    "catalogue_qr.slide.subtitle": (
        "{edition} · semua inovasi ada di Katalog Inovasi",
        "{edition} · every innovation is in the Innovation Catalogue",
    ),
    "catalogue_qr.scan": (
        "Pindai untuk melihat semua inovasi",
        "Scan to see every innovation",
    ),
    "catalogue_qr.label": (
        "Kode QR ke Katalog Inovasi {edition}",
        "QR code to the Innovation Catalogue of {edition}",
    ),
    # /ringkasan's card.
    "catalogue_qr.card.title": ("Katalog publik", "Public catalogue"),
    "catalogue_qr.card.published": (
        "Inovasi edisi ini terbuka untuk umum di Katalog Inovasi. Pindai kode ini atau buka:",
        "This edition's innovations are open to everyone in the Innovation Catalogue. "
        "Scan the code or open:",
    ),
    "catalogue_qr.card.unpublished": (
        "Katalog publik edisi ini belum diterbitkan.",
        "This edition's public catalogue is not published yet.",
    ),
    "catalogue_qr.card.manage": (
        "Terbitkan di Kelola Katalog",
        "Publish it in Manage the Catalogue",
    ),
}

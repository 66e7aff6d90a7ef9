"""Texts of the ceremony's refusals (settings, reveal, photos, approvals), raised as errors."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "ceremony.refused.unknown_slide": (
        "Slide tidak dikenal: {name!r} (pilih dari: {choices})",
        "Unknown slide: {name!r} (choose from: {choices})",
    ),
    "ceremony.refused.slide_duration": (
        "Durasi slide {name} harus {low}-{high} detik: {part!r}",
        "Slide {name} needs a duration of {low}-{high} seconds: {part!r}",
    ),
    "ceremony.refused.slide_twice": ("Slide {name} disebut dua kali", "Slide {name} given twice"),
    "ceremony.refused.no_slide": ("Pilih setidaknya satu slide", "Choose at least one slide"),
    "ceremony.refused.time_format": (
        "Jam upacara harus JJ:MM: {value!r}",
        "Ceremony time must be HH:MM: {value!r}",
    ),
    "ceremony.refused.not_approved": (
        "Hasil belum disetujui: setujui dulu sebelum mengumumkan juara",
        "Results not approved yet: approve them before revealing the winners",
    ),
    "ceremony.refused.no_winners": (
        "Tidak ada juara dalam hasil ini",
        "These results have no winners",
    ),
    "ceremony.refused.photo_size": ("Foto lebih dari 5 MB", "Photo larger than 5 MB"),
    "ceremony.refused.photo_type": (
        "Foto harus JPEG, PNG atau WebP",
        "Photo must be JPEG, PNG or WebP",
    ),
    "ceremony.refused.photo_broken": (
        "Foto tidak dapat dibaca (berkas rusak atau bukan gambar sungguhan)",
        "The photo cannot be read (a damaged file, or not really an image)",
    ),
    "ceremony.refused.photo_pixels": (
        "Ukuran gambar tidak wajar: paling banyak {megapixels} megapiksel",
        "The image's size is not sane: at most {megapixels} megapixels",
    ),
    "ceremony.refused.photo_innovation": (
        "Inovasi {code!r} tidak ada di edisi ini",
        "Innovation {code!r} is not in this edition",
    ),
    "ceremony.refused.locked": (
        "Juara III sudah tampil di layar; persetujuan tidak bisa diubah lagi",
        "Juara III has been on screen; the approval can no longer change",
    ),
    "ceremony.refused.already_approved": (
        "Hasil sudah disetujui; menyetujui ulang harus diminta secara tegas",
        "The results are already approved; approving again must be asked for",
    ),
    "ceremony.refused.unscored_finalist": (
        "Belum bisa disetujui: ada finalis tanpa nilai presentasi{detail}",
        "Cannot approve yet: a finalist has no presentation score{detail}",
    ),
    "ceremony.refused.nothing_to_cancel": (
        "Hasil belum disetujui; tidak ada persetujuan yang bisa dibatalkan",
        "The results are not approved; there is no approval to cancel",
    ),
    "ceremony.refused.conflict": (
        "Tampilan sudah berubah sejak Anda melihatnya; periksa lalu coba lagi",
        "The reveal moved on since you looked; check and try again",
    ),
}

"""Texts of the committee's photos and documents page (/berkas): the list, its forms, outcomes."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "files.title": ("Foto & Dokumen Inovasi", "Innovation Photos & Documents"),
    "files.description": (
        "Unggah, ganti atau hapus foto dan proposal PDF setiap inovasi, dengan pratinjaunya.",
        "Upload, replace or remove each innovation's photo and proposal PDF, with previews.",
    ),
    "files.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "files.from_import": (
        "Foto dan dokumen semua inovasi, dengan pratinjau →",
        "Every innovation's photo and document, with previews →",
    ),
    "files.edition": ("Edisi {edition}", "Edition {edition}"),
    "files.intro": (
        "Satu foto dan satu proposal PDF per inovasi; unggahan baru menggantikan yang lama. "
        "Foto tampil di layar upacara saat juaranya diumumkan, dan di Katalog Inovasi publik "
        "bila edisinya diterbitkan. Proposal hanya dapat dibuka panitia dan juri yang "
        "ditugaskan, kecuali panitia membukanya untuk umum di Kelola Katalog.",
        "One photo and one proposal PDF per innovation; a new upload replaces the old one. "
        "A photo shows on the ceremony screens when its award is revealed, and in the public "
        "Innovation Catalogue once its edition is published. Only the committee and the "
        "assigned jurors can open a proposal, unless the committee opens proposals to everyone "
        "in Manage the Catalogue.",
    ),
    "files.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "files.none": ("Belum ada edisi.", "No edition yet."),
    "files.no_innovations": (
        "Edisi ini belum punya inovasi. Impor datanya dulu.",
        "This edition has no innovations yet. Import its data first.",
    ),
    "files.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    # The limits are data_access's MAX_PHOTO_BYTES and MAX_DOCUMENT_BYTES (as in the
    # refusals of ceremony.refused.photo_size and document.refused.size).
    "files.too_large_photo": (
        "Foto lebih dari 5 MB; perkecil dulu (mis. kirim ulang dari ponsel dengan ukuran sedang).",
        "The photo is larger than 5 MB; make it smaller first (e.g. send it again from "
        "the phone at a medium size).",
    ),
    "files.too_large_document": (
        "Berkas lebih dari 20 MB; perkecil PDF-nya dulu.",
        "The file is larger than 20 MB; make the PDF smaller first.",
    ),
    # Choosing the edition and searching.
    "files.choose_edition": ("Edisi", "Edition"),
    "files.show": ("Tampilkan", "Show"),
    "files.search": ("Cari kode atau judul", "Search a code or title"),
    "files.search_go": ("Cari", "Search"),
    "files.search_clear": ("Tampilkan semua", "Show all"),
    "files.count": ("{shown} dari {total} inovasi", "{shown} of {total} innovations"),
    "files.found_none": (
        "Tidak ada inovasi dengan kode atau judul itu.",
        "No innovation has that code or title.",
    ),
    "files.summary": (
        "{photos} dari {total} inovasi punya foto; {documents} punya proposal PDF.",
        "{photos} of {total} innovations have a photo; {documents} have a proposal PDF.",
    ),
    # The list.
    "files.col.innovation": ("Inovasi", "Innovation"),
    "files.col.photo": ("Foto", "Photo"),
    "files.col.document": ("Proposal PDF", "Proposal PDF"),
    "files.no_photo": ("belum ada foto", "no photo yet"),
    "files.no_document": ("belum ada dokumen", "no document yet"),
    "files.photo_alt": ("Foto {code}: {caption}", "Photo of {code}: {caption}"),
    "files.photo_details": ("{width}×{height} piksel, {size}", "{width}×{height} pixels, {size}"),
    "files.uploaded": ("{when} oleh {by}", "{when} by {by}"),
    "files.uploaded_when": ("{when}", "{when}"),
    "files.no_caption": ("tanpa keterangan", "no caption"),
    "files.open_photo": ("Lihat foto penuh", "View the full photo"),
    "files.open_document": ("Buka PDF", "Open the PDF"),
    "files.pages": ("{count} halaman", "{count} pages"),
    # The forms.
    "files.photo_form": ("Unggah / ganti foto", "Upload / replace the photo"),
    "files.photo_file": ("Berkas foto", "Photo file"),
    "files.photo_help": (
        "JPEG, PNG atau WebP, paling besar {limit}. Data kamera (lokasi, dsb.) dibuang.",
        "JPEG, PNG or WebP, at most {limit}. Camera data (location etc.) is removed.",
    ),
    "files.caption": ("Keterangan foto", "Photo caption"),
    "files.caption_help": (
        "Dibacakan bagi pembaca layar dan tampil di katalog; kosong: judul inovasi. Tanpa "
        "berkas baru, hanya keterangannya yang diubah.",
        "Read out to screen readers and shown in the catalogue; empty: the innovation's "
        "title. Without a new file, only the caption changes.",
    ),
    "files.photo_submit": ("Simpan foto", "Save the photo"),
    "files.document_form": ("Unggah / ganti PDF", "Upload / replace the PDF"),
    "files.document_file": ("Berkas PDF", "PDF file"),
    "files.document_help": ("PDF, paling besar {limit}.", "PDF, at most {limit}."),
    "files.document_submit": ("Unggah PDF", "Upload the PDF"),
    "files.remove_photo": ("Hapus foto", "Remove the photo"),
    "files.remove_photo_confirm": (
        "Foto {code} akan dihapus, juga dari layar upacara. Lanjutkan?",
        "The photo of {code} will be removed, from the ceremony screens too. Go on?",
    ),
    "files.remove_document": ("Hapus PDF", "Remove the PDF"),
    "files.remove_document_confirm": (
        "Proposal {code} akan dihapus; juri tidak dapat membukanya lagi. Lanjutkan?",
        "The proposal of {code} will be removed; jurors can no longer open it. Go on?",
    ),
    "files.remove_yes": ("Ya, hapus", "Yes, remove"),
    # Outcomes.
    "files.photo_saved": (
        "Foto {code} disimpan ({details}).",
        "The photo of {code} is saved ({details}).",
    ),
    "files.caption_saved": (
        "Keterangan foto {code} disimpan.",
        "The caption of {code}'s photo is saved.",
    ),
    "files.photo_removed": ("Foto {code} dihapus.", "The photo of {code} is removed."),
    "files.photo_none": (
        "Inovasi {code} belum punya foto; pilih berkas fotonya.",
        "Innovation {code} has no photo yet; choose its photo file.",
    ),
    "files.document_saved": (
        "Proposal {code} disimpan: {name} ({details}).",
        "The proposal of {code} is saved: {name} ({details}).",
    ),
    "files.document_removed": ("Proposal {code} dihapus.", "The proposal of {code} is removed."),
    "files.no_file": ("Pilih berkasnya dulu.", "Choose the file first."),
    "files.preview": ("Pratinjau", "Preview"),
}

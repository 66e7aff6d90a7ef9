"""Texts of the proposal PDFs jurors read: refusals, the command line, /impor's form, links."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Refusals of the data layer (data_access/documents.py).
    "document.refused.size": (
        "Berkas lebih dari 20 MB; perkecil PDF-nya (mis. simpan ulang dengan kualitas gambar "
        "lebih rendah)",
        "file larger than 20 MB; make the PDF smaller (e.g. save it again with lower image "
        "quality)",
    ),
    "document.refused.type": (
        "Berkas bukan PDF (tidak diawali %PDF-); unggah proposal dalam format PDF",
        "file is not a PDF (it does not start with %PDF-); upload the proposal as a PDF",
    ),
    "document.refused.empty": ("Berkas kosong", "file is empty"),
    "document.refused.innovation": (
        "Inovasi '{code}' tidak ada di edisi '{edition}'",
        "no innovation '{code}' in edition '{edition}'",
    ),
    "document.refused.none": (
        "Inovasi '{code}' belum punya dokumen",
        "innovation '{code}' has no document",
    ),
    # The command line (data_access/cli/documents.py).
    "cli.document_saved": ("Dokumen disimpan", "document saved"),
    "cli.document_removed": ("Dokumen dihapus", "document removed"),
    "cli.help.document": (
        "proposal PDF per inovasi yang dibaca juri",
        "the proposal PDF per innovation that jurors read",
    ),
    "cli.help.document.add": (
        "unggah (atau ganti) proposal PDF sebuah inovasi",
        "upload (or replace) an innovation's proposal PDF",
    ),
    "cli.help.document.add.file": (
        "berkas PDF (diawali %PDF-), paling besar 20 MB",
        "a PDF file (starting with %PDF-), at most 20 MB",
    ),
    "cli.help.document.add.detail": (
        "Hanya panitia dan juri yang ditugaskan pada inovasi itu yang dapat membukanya.",
        "Only the committee and the jurors assigned to that innovation can open it.",
    ),
    "cli.help.document.innovation": ("kode inovasi", "innovation code"),
    "cli.help.document.by": (
        "nama pengunggah untuk catatan; bawaan: $USER",
        "who uploads, for the record; default: $USER",
    ),
    "cli.help.document.remove": (
        "hapus proposal PDF sebuah inovasi",
        "remove an innovation's proposal PDF",
    ),
    "cli.help.document.list": (
        "daftar dokumen sebuah edisi: kode, nama berkas, ukuran, diunggah, oleh",
        "an edition's documents: code, file name, size, uploaded, by",
    ),
    # /impor's second form (dashboard/document_form.py) and the links jurors follow.
    "document.form.title": ("Proposal PDF untuk juri", "Proposal PDFs for the jury"),
    "document.form.intro": (
        "Satu PDF per inovasi; unggahan baru menggantikan yang lama. Hanya panitia dan juri "
        "yang ditugaskan pada inovasi itu yang dapat membukanya.",
        "One PDF per innovation; a new upload replaces the old one. Only the committee and "
        "the jurors assigned to that innovation can open it.",
    ),
    "document.form.edition": ("Edisi", "Edition"),
    "document.form.show": ("Tampilkan", "Show"),
    "document.form.innovation": ("Inovasi", "Innovation"),
    "document.form.file": ("Berkas PDF", "PDF file"),
    "document.form.file_help": (
        "PDF, paling besar {limit}.",
        "PDF, at most {limit}.",
    ),
    "document.form.submit": ("Unggah PDF", "Upload PDF"),
    "document.form.has": ("ada PDF", "has a PDF"),
    "document.form.none_yet": (
        "Belum ada dokumen di edisi ini.",
        "No documents in this edition yet.",
    ),
    "document.form.no_innovations": (
        "Edisi ini belum punya inovasi: impor data dulu.",
        "This edition has no innovations yet: import the data first.",
    ),
    "document.form.no_edition": (
        "Belum ada edisi: impor data dulu.",
        "No edition yet: import the data first.",
    ),
    "document.form.uploaded": (
        "Diunggah: {code} — {name} ({size})",
        "Uploaded: {code} — {name} ({size})",
    ),
    "document.form.choose": ("Pilih inovasi", "Choose an innovation"),
    "document.form.no_file": ("Pilih berkas PDF", "Choose a PDF file"),
    "document.form.too_large": (
        "Berkas lebih dari {limit}; perkecil PDF-nya",
        "file larger than {limit}; make the PDF smaller",
    ),
    "document.form.head.code": ("Kode", "Code"),
    "document.form.head.file": ("Berkas", "File"),
    "document.form.head.size": ("Ukuran", "Size"),
    "document.form.head.when": ("Diunggah", "Uploaded"),
    "document.form.head.by": ("Oleh", "By"),
    "document.link": ("Proposal (PDF)", "Proposal (PDF)"),
}

"""Texts of the committee's import page (/impor) and of the too-large-upload answer."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.import": ("Impor Data", "Import Data"),
    "import.title": ("Impor Data", "Import Data"),
    "import.intro": (
        "Unggah satu buku kerja .xlsx, atau beberapa berkas CSV sekaligus: edition.csv, "
        "units.csv, criteria.csv, innovations.csv, jurors.csv, assignments.csv, scores.csv. "
        "Semua atau tidak sama sekali: satu kesalahan saja membatalkan seluruh impor.",
        "Upload one .xlsx workbook, or several CSV files at once: edition.csv, units.csv, "
        "criteria.csv, innovations.csv, jurors.csv, assignments.csv, scores.csv. "
        "All or nothing: a single error cancels the whole import.",
    ),
    "import.files": ("Berkas", "Files"),
    "import.files_help": (
        "Batas ukuran unggahan: {limit}. Nama lembar kerja dan kolom: lihat templat di bawah.",
        "Upload size limit: {limit}. Sheet and column names: see the template below.",
    ),
    "import.template.link": ("Unduh templat .xlsx", "Download the .xlsx template"),
    "import.template.help": (
        "setiap lembar kerja dan kolom yang dibaca impor, masing-masing dengan satu baris "
        "contoh untuk diganti.",
        "every sheet and column the import reads, each with one example row to replace.",
    ),
    # The template's file name (GET /impor/templat.xlsx).
    "import.template.file": ("templat-impor-kipp.xlsx", "kipp-import-template.xlsx"),
    "import.edition": ("Kode edisi (opsional)", "Edition code (optional)"),
    "import.edition_help": (
        "Hanya bila impor tidak memuat edition.csv dan basis data berisi lebih dari satu edisi.",
        "Only when the import has no edition.csv and the database holds more than one edition.",
    ),
    "import.submit": ("Impor", "Import"),
    "import.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "import.done": (
        "Impor selesai: edisi {edition}. Dasbor menampilkan data baru pada penyegaran berikutnya.",
        "Import done: edition {edition}. The dashboard shows the new data at its next refresh.",
    ),
    "import.count.file": ("Berkas", "File"),
    "import.count.inserted": ("Ditambah", "Inserted"),
    "import.count.updated": ("Diubah", "Updated"),
    "import.count.unchanged": ("Tetap", "Unchanged"),
    "import.count.ignored": ("Diabaikan", "Ignored"),
    "import.count.default_stages": ("tahap bawaan", "default stages"),
    "import.count.default_criteria": ("kriteria bawaan", "default criteria"),
    "import.failed": (
        "Impor dibatalkan, tidak ada yang diubah: {count} kesalahan.",
        "Import refused, nothing was changed: {count} errors.",
    ),
    "import.more": (
        "… dan {count} kesalahan lainnya; daftar lengkapnya diberikan impor lewat baris perintah.",
        "… and {count} more errors; an import from the command line lists them all.",
    ),
    "import.error.file": ("Berkas", "File"),
    "import.error.row": ("Baris", "Row"),
    "import.error.column": ("Kolom", "Column"),
    "import.error.value": ("Nilai", "Value"),
    "import.error.message": ("Pesan", "Message"),
    "import.upload.none": (
        "Belum ada berkas yang dipilih. Pilih satu buku kerja .xlsx atau berkas CSV terlebih "
        "dahulu, lalu tekan Impor. Tidak ada yang diubah.",
        "No file chosen yet. Choose one .xlsx workbook or CSV files first, then press Import. "
        "Nothing was changed.",
    ),
    "import.upload.kind": (
        "Hanya berkas .xlsx atau .csv yang dapat diimpor.",
        "Only .xlsx or .csv files can be imported.",
    ),
    "import.upload.mixed": (
        "Unggah satu buku kerja .xlsx saja, atau berkas CSV saja, tidak keduanya.",
        "Upload one .xlsx workbook alone, or CSV files alone, not both.",
    ),
    "import.upload.twice": (
        "Berkas dengan nama ini diunggah lebih dari sekali.",
        "A file with this name was uploaded more than once.",
    ),
    "import.too_large.title": ("Unggahan terlalu besar", "Upload too large"),
    "import.too_large.body": (
        "Unggahan melebihi batas {limit} dan ditolak sebelum dibaca; tidak ada yang diubah. "
        "Bagi data menjadi beberapa impor, atau minta pengelola server menaikkan "
        "IMPORT_MAX_BYTES.",
        "The upload is over the {limit} limit and was refused before being read; nothing was "
        "changed. Split the data into several imports, or ask the server's administrator to "
        "raise IMPORT_MAX_BYTES.",
    ),
    "import.too_large.back": ("Kembali ke halaman impor", "Back to the import page"),
}

"""Texts of the importer's errors: unreadable files, bad headers, bad values, refused workbooks."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Reading the files (data_access/importing/reader.py).
    "importing.not_found": (
        "Folder atau berkas impor tidak ditemukan.",
        "The import folder or file does not exist.",
    ),
    "importing.not_a_source": (
        "Impor harus berupa folder berkas CSV atau satu buku kerja .xlsx.",
        "An import must be a folder of CSV files or one .xlsx workbook.",
    ),
    "importing.no_known_file": (
        "Tidak ada berkas impor yang dikenal; yang diharapkan: {known}.",
        "No known import file found; expected any of: {known}.",
    ),
    "importing.unknown_file": (
        "Nama berkas tidak dikenal (salah ketik?); yang diharapkan: {known}.",
        "Unknown file name (a typo?); expected one of: {known}.",
    ),
    "importing.too_big": (
        "Berkas terlalu besar ({size} bita); batasnya {limit} bita. Berkas tidak dibaca.",
        "File too large ({size} bytes); the limit is {limit} bytes. It was not read.",
    ),
    "importing.not_text": (
        "Berkas tidak dapat dibaca sebagai UTF-8 atau Windows-1252 (bita ke-{byte}); "
        "simpan ulang sebagai CSV UTF-8.",
        "The file is neither UTF-8 nor Windows-1252 (byte {byte}); save it again as CSV UTF-8.",
    ),
    "importing.bad_csv": ("Format CSV rusak: {error}.", "Malformed CSV: {error}."),
    "importing.nul_bytes": (
        "Berkas berisi bita NUL: data biner atau UTF-16, bukan CSV; simpan ulang sebagai "
        "CSV UTF-8.",
        "The file holds NUL bytes: binary data or UTF-16, not CSV; save it again as CSV UTF-8.",
    ),
    "importing.unnamed_value": (
        "Ada nilai di kolom ke-{position}, yang tidak punya nama di baris judul.",
        "A value in column {position}, which has no name in the header row.",
    ),
    "importing.empty_file": (
        "Berkas kosong: baris judul (nama kolom) tidak ada.",
        "The file is empty: there is no header row (column names).",
    ),
    "importing.parser_unsafe": (
        "Server tidak dapat membaca buku kerja dengan aman (openpyxl tidak memakai "
        "defusedxml); impor CSV tetap bisa.",
        "The server cannot read workbooks safely (openpyxl does not use defusedxml); "
        "CSV imports still work.",
    ),
    "importing.workbook_unreadable": (
        "Buku kerja tidak dapat dibuka ({kind}: {error}).",
        "The workbook cannot be opened ({kind}: {error}).",
    ),
    "importing.sheet_unreadable": (
        "Lembar kerja tidak dapat dibaca ({kind}: {error}).",
        "The sheet cannot be read ({kind}: {error}).",
    ),
    "importing.xml_entities": (
        "Buku kerja memuat deklarasi entitas XML, yang dipakai untuk serangan; berkas "
        "ditolak ({error}).",
        "The workbook declares XML entities, which attacks use; it was refused ({error}).",
    ),
    "importing.unknown_sheet": (
        "Nama lembar kerja tidak dikenal (salah ketik?); yang diharapkan: {known}.",
        "Unknown sheet name (a typo?); expected one of: {known}.",
    ),
    # Headers and rows (data_access/importing/validate.py).
    "importing.column_unnamed": (
        "Kolom ke-{position} tidak punya nama; kolom yang diharapkan: {expected}.",
        "Column {position} has no name; expected columns: {expected}.",
    ),
    "importing.column_twice": (
        "Nama kolom muncul lebih dari sekali.",
        "The column name appears more than once.",
    ),
    "importing.column_unknown": (
        "Kolom tidak dikenal{hint}; kolom yang diharapkan: {expected}.",
        "Unknown column{hint}; expected columns: {expected}.",
    ),
    "importing.column_lower_case": (" (gunakan huruf kecil)", " (use lower case)"),
    "importing.column_missing": (
        "Kolom wajib '{column}' tidak ada; kolom yang diharapkan: {expected}.",
        "Required column '{column}' is missing; expected columns: {expected}.",
    ),
    "importing.cell_required": (
        "Wajib diisi: '{column}' tidak boleh kosong.",
        "Required: '{column}' must not be empty.",
    ),
    "importing.key_required": (
        "Wajib diisi: 'key' tidak boleh kosong; kunci yang dikenal: {known}.",
        "Required: 'key' must not be empty; known keys: {known}.",
    ),
    "importing.key_unknown": (
        "Kunci tidak dikenal; kunci yang dikenal: {known}.",
        "Unknown key; known keys: {known}.",
    ),
    "importing.key_twice": (
        "Kunci sudah ada di baris {row}; setiap kunci hanya boleh sekali.",
        "The key is already on row {row}; each key may appear only once.",
    ),
    "importing.value_required": (
        "Wajib diisi: nilai untuk '{key}' tidak boleh kosong.",
        "Required: the value of '{key}' must not be empty.",
    ),
    "importing.either": ("{first} atau {second}", "{first} or {second}"),
    "importing.bad_stage": (
        "Tahap tidak dikenal; yang diharapkan: {stages}.",
        "Unknown stage; expected {stages}.",
    ),
    "importing.bad_status": (
        "Status administrasi tidak dikenal; yang diharapkan: {statuses}.",
        "Unknown administrative status; expected one of: {statuses}.",
    ),
    # One cell's value (data_access/importing/values.py).
    "importing.bad_score": (
        "Nilai harus angka 0 sampai 100 dengan paling banyak dua desimal (mis. 70 atau "
        "70,5); nilai di luar itu ditolak, tidak dibulatkan.",
        "A score must be a number from 0 to 100 with at most two decimals (e.g. 70 or "
        "70.5); anything else is rejected, never clamped.",
    ),
    "importing.bad_weight": (
        "Bobot harus angka tidak negatif, paling besar 10000, dengan paling banyak dua "
        "desimal (mis. 15 atau 12,5).",
        "A weight must be a non-negative number up to 10000 with at most two decimals "
        "(e.g. 15 or 12.5).",
    ),
    "importing.bad_flag": ("Isi dengan 1 (ya) atau 0 (tidak).", "Expected 1 (yes) or 0 (no)."),
    "importing.bad_count": (
        "Harus bilangan bulat 0 atau lebih (mis. 6).",
        "Expected a whole number 0 or more (e.g. 6).",
    ),
    "importing.bad_date": (
        "Tanggal harus berformat ISO TTTT-BB-HH (mis. 2022-11-17).",
        "A date must be ISO YYYY-MM-DD (e.g. 2022-11-17).",
    ),
    "importing.bad_datetime": (
        "Waktu harus berformat ISO TTTT-BB-HH JJ:MM[:DD] dengan zona waktu pilihan "
        "(mis. 2022-11-17 10:05 atau 2022-11-17T10:05:00+07:00).",
        "A time must be ISO YYYY-MM-DD HH:MM[:SS] with an optional offset "
        "(e.g. 2022-11-17 10:05 or 2022-11-17T10:05:00+07:00).",
    ),
    "importing.bad_timezone": (
        "Zona waktu tidak dikenal; gunakan nama IANA seperti Asia/Jakarta.",
        "Unknown time zone; use an IANA name such as Asia/Jakarta.",
    ),
    "importing.bad_url": (
        "Tautan harus alamat lengkap yang diawali http:// atau https:// (mis. "
        "https://contoh.invalid/proposal.pdf), tanpa spasi; bentuk lain ditolak.",
        "A link must be a full address beginning with http:// or https:// (e.g. "
        "https://example.invalid/proposal.pdf), without spaces; anything else is refused.",
    ),
    "importing.bad_continues": (
        "Harus berbentuk KODE_EDISI:KODE_INOVASI (mis. kudus-2021:INV-007).",
        "Expected EDITION_CODE:INNOVATION_CODE (e.g. kudus-2021:INV-007).",
    ),
    "importing.too_long": (
        "Teks terlalu panjang ({length} karakter); paling banyak {limit}.",
        "Text too long ({length} characters); at most {limit}.",
    ),
    # References and the edition (data_access/importing/plan.py, crossref.py).
    "importing.unknown_unit": (
        "Unit tidak dikenal: tidak ada di units.csv maupun di basis data.",
        "Unknown unit: it is neither in units.csv nor in the database.",
    ),
    "importing.unknown_parent_unit": (
        "Unit induk tidak dikenal: tidak ada di units.csv maupun di basis data.",
        "Unknown parent unit: it is neither in units.csv nor in the database.",
    ),
    "importing.unknown_juror": (
        "Juri tidak dikenal: tidak ada di jurors.csv maupun di basis data untuk edisi ini.",
        "Unknown juror: it is neither in jurors.csv nor in the database for this edition.",
    ),
    "importing.unknown_innovation": (
        "Inovasi tidak dikenal: tidak ada di innovations.csv maupun di basis data untuk edisi ini.",
        "Unknown innovation: it is neither in innovations.csv nor in the database for this "
        "edition.",
    ),
    "importing.unknown_criterion": (
        "Kriteria tidak dikenal untuk tahap {stage}; yang diharapkan: {expected}.",
        "Unknown criterion for stage {stage}; expected one of: {expected}.",
    ),
    "importing.code_twice": (
        "Sudah ada di baris {row}; setiap kode hanya boleh sekali per berkas.",
        "Already on row {row}; each code may appear only once per file.",
    ),
    "importing.unit_loop": (
        "Induk unit membentuk lingkaran: unit ini menjadi induk bagi dirinya sendiri "
        "(langsung atau lewat unit lain). Induk harus unit di atasnya.",
        "The unit's parent chain loops back to the unit itself (directly or through "
        "other units). A parent must be a unit above it.",
    ),
    "importing.stage_weights": (
        "Jumlah bobot tahap {stage} harus lebih dari 0 (setelah digabung dengan data "
        "yang sudah ada).",
        "The weights of stage {stage} must sum to more than 0 (after merging with "
        "what the database holds).",
    ),
    "importing.edition_weights": (
        "Jumlah weight_proposal dan weight_presentation harus lebih dari 0.",
        "weight_proposal and weight_presentation must sum to more than 0.",
    ),
    "importing.dates_order": (
        "{end_key} ({end}) lebih awal dari {start_key} ({start}).",
        "{end_key} ({end}) is before {start_key} ({start}).",
    ),
    "importing.ambiguous_score": (
        "Nilai ganda: baris {row} punya juri, inovasi, tahap, kriteria dan "
        "scored_at yang sama tetapi nilai lain ({score}); tidak "
        "jelas mana yang berlaku. Hapus salah satu atau bedakan scored_at.",
        "Ambiguous score: row {row} has the same juror, innovation, stage, "
        "criterion and scored_at but another score ({score}). "
        "Remove one or give them different scored_at times.",
    ),
    "importing.code_key_missing": (
        "Kunci 'code' wajib ada di edition.csv (kode edisi, mis. kudus-2022).",
        "The key 'code' is required in edition.csv (the edition code, e.g. kudus-2022).",
    ),
    "importing.code_differs": (
        "Kode edisi di edition.csv berbeda dengan edisi yang diminta ('{argument}').",
        "The edition code in edition.csv differs from the edition asked for ('{argument}').",
    ),
    "importing.name_key_missing": (
        "Edisi baru: kunci 'name' wajib ada di edition.csv (mis. KIPP Kabupaten Kudus 2022).",
        "A new edition: the key 'name' is required in edition.csv (e.g. KIPP Kabupaten "
        "Kudus 2022).",
    ),
    "importing.edition_unknown": (
        "Edisi ini belum ada di basis data; impor pertama sebuah edisi wajib memuat edition.csv.",
        "This edition is not in the database; the first import of an edition must "
        "include edition.csv.",
    ),
    "importing.edition_unclear": (
        "Edisi tidak jelas: basis data berisi {count} edisi ({listed}). Sertakan "
        "edition.csv atau sebutkan kode edisi.",
        "Which edition? The database holds {count} editions ({listed}). Include "
        "edition.csv or name the edition code.",
    ),
    # Writing (data_access/importing/__init__.py, errors.py).
    "importing.failed": ("Impor gagal", "import failed"),
    # Words set inside an error's line, both languages run together: "baris/row 7" (compact).
    "importing.errors": ("kesalahan", "errors"),  # after the number: "3 kesalahan/errors"
    "importing.at_row": ("baris", "row"),
    "importing.at_column": ("kolom", "column"),
    "importing.at_value": ("nilai", "value"),
    "importing.more": ("... dan {more} lainnya", "and {more} more"),
    "importing.database_refused": (
        "Basis data menolak impor; tidak ada yang ditulis ({reason}).",
        "The database refused the import; nothing was written ({reason}).",
    ),
    "importing.approved": (
        "Hasil edisi {edition} sudah disetujui pada {moment} oleh {by}; impor ke edisi ini "
        "dapat mengubah peringkatnya sesudah persetujuan. Tidak ada yang ditulis: konfirmasi "
        "dulu untuk tetap mengimpor.",
        "The results of edition {edition} were approved on {moment} by {by}; importing into "
        "it can change its ranking after the approval. Nothing was written: confirm first to "
        "import anyway.",
    ),
    # A workbook refused before openpyxl opens it (data_access/importing/workbook_guard.py).
    "importing.workbook_damaged": (
        "Buku kerja .xlsx rusak atau bukan .xlsx ({error}); berkas ditolak.",
        "The .xlsx workbook is damaged or not an .xlsx file ({error}); it was refused.",
    ),
    "importing.workbook_parts": (
        "Buku kerja berisi terlalu banyak bagian ({count}, batas {limit}); "
        "berkas ditolak sebelum dibaca.",
        "The workbook holds too many parts ({count}, limit {limit}); "
        "it was refused before being read.",
    ),
    "importing.part_name": (
        "Nama bagian di dalam buku kerja tidak diizinkan ({name!r}): jalur "
        "absolut, '..' atau karakter aneh; berkas ditolak sebelum dibaca.",
        "A part inside the workbook has a name that is not allowed ({name!r}): "
        "an absolute path, '..' or odd characters; it was refused before being read.",
    ),
    "importing.part_twice": (
        "Buku kerja memuat bagian {name!r} dua kali; berkas ditolak sebelum dibaca.",
        "The workbook holds the part {name!r} twice; it was refused before being read.",
    ),
    "importing.unpacked_size": (
        "Isi buku kerja terlalu besar setelah dibuka ({size} bita, batas "
        "{limit} bita); berkas ditolak sebelum dibaca.",
        "The workbook unpacks to too much data ({size} bytes, limit {limit} "
        "bytes); it was refused before being read.",
    ),
    "importing.zip_bomb": (
        "Bagian {name!r} mengembang {ratio:.0f} kali saat dibuka "
        "(batas {limit}), ciri bom zip; berkas ditolak sebelum dibaca.",
        "The part {name!r} inflates {ratio:.0f}-fold (limit "
        "{limit}), the mark of a zip bomb; it was refused before being read.",
    ),
    "importing.part_dtd": (
        "Bagian {name!r} memuat deklarasi DTD/entitas XML, yang tidak "
        "pernah ada di buku kerja asli dan dipakai untuk serangan (billion laughs, "
        "entitas eksternal); berkas ditolak sebelum dibaca.",
        "The part {name!r} declares an XML DTD or entities, which "
        "genuine workbooks never do and attacks use (billion laughs, external "
        "entities); it was refused before being read.",
    ),
    "importing.part_prolog": (
        "Bagian {name!r} tidak dimulai seperti XML buku kerja "
        "(pembuka terlalu panjang); berkas ditolak sebelum dibaca.",
        "The part {name!r} does not start like workbook XML (its "
        "prolog is too long); it was refused before being read.",
    ),
    "importing.too_many_cells": (
        "Buku kerja memuat lebih banyak sel daripada yang muat dalam batas ukuran "
        "impor; berkas ditolak.",
        "The workbook holds more cells than fit in the import size limit; it was refused.",
    ),
    "importing.cell_too_long": (
        "Sel {cell} memuat {size} karakter; satu sel paling banyak {limit}. Berkas ditolak.",
        "Cell {cell} holds {size} characters; a cell holds at most {limit}. The file was refused.",
    ),
    "importing.too_much_text": (
        "Sampai sel {cell}, buku kerja memuat lebih banyak teks daripada yang muat "
        "dalam batas ukuran impor (setiap sel dihitung, juga teks yang sama di banyak "
        "sel); berkas ditolak.",
        "By cell {cell} the workbook holds more text than fits in the import size "
        "limit (every cell counts, also the same text in many cells); it was refused.",
    ),
    "importing.shared_strings": (
        "Tabel teks bersama {name!r} memuat lebih banyak teks daripada yang muat "
        "dalam batas ukuran impor (paling banyak {chars} karakter dan "
        "{strings} teks); berkas ditolak sebelum dibaca.",
        "The shared-string table {name!r} holds more text than fits in the "
        "import size limit (at most {chars} characters and {strings} "
        "strings); it was refused before being read.",
    ),
}

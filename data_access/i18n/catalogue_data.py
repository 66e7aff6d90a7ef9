"""Texts of the catalogue's open data: the JSON Schema's titles and descriptions."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "catalogue_data.unavailable": (
        "Katalog tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The catalogue cannot be read right now. Try again in a moment.",
    ),
    "catalogue_data.schema.title": (
        "Katalog Inovasi KIPP Kabupaten Kudus (data terbuka)",
        "KIPP Kudus Regency innovation catalogue (open data)",
    ),
    "catalogue_data.schema.description": (
        "Setiap inovasi dari edisi yang diterbitkan panitia, hanya kolom publik: tanpa nilai, "
        "juri, peringkat di bawah juara, atau status administrasi. JSON: {json}. CSV: {csv} "
        "(UTF-8 dengan BOM, baris CRLF, kolom = bidang rekaman dalam urutan x-csv-columns): "
        "sel kosong = null; year dan award berupa angka; award_tie dan finalist ditulis "
        "true/false; sel teks yang diawali apostrof diberi apostrof tambahan (buang satu), "
        "sehingga sel yang diawali = + - @ tidak dibaca sebagai rumus. Saringan /katalog "
        "(cari, edisi, tahun, opd, kategori, juara=1) berlaku juga di sini; halaman tidak.",
        "Every innovation of the editions the committee published, public fields only: no "
        "score, juror, rank below the winners or administrative status. JSON: {json}. CSV: "
        "{csv} (UTF-8 with a BOM, CRLF lines, columns = the record's fields in the order of "
        "x-csv-columns): an empty cell is null; year and award are numbers; award_tie and "
        "finalist are written true/false; a text cell starting with an apostrophe had one "
        "added (remove one), so that a cell starting with = + - @ is never read as a formula. "
        "The /katalog filters (cari, edisi, tahun, opd, kategori, juara=1) narrow these too; "
        "halaman does not.",
    ),
    "catalogue_data.doc.schema": (
        "Alamat skema ini.",
        "This schema's address.",
    ),
    "catalogue_data.doc.version": (
        "Versi data katalog saat dokumen dibuat (berubah setiap kali isinya bisa berubah).",
        "The catalogue's data version when the document was made (it moves whenever the "
        "content may have changed).",
    ),
    "catalogue_data.doc.count": ("Jumlah inovasi dalam dokumen.", "How many innovations."),
    "catalogue_data.doc.innovations": (
        "Inovasi: edisi terbaru dahulu, juara dahulu, lalu menurut judul.",
        "The innovations: newest edition first, winners first, then by title.",
    ),
    "catalogue_data.record.title": ("Satu inovasi", "One innovation"),
    "catalogue_data.record.description": (
        "Kolom publik satu inovasi. Nilai yang tidak ada atau belum publik ditulis null.",
        "One innovation's public fields. A value absent or not public yet is null.",
    ),
    "catalogue_data.field.edition_code": ("Kode edisi.", "The edition's code."),
    "catalogue_data.field.edition_name": ("Nama edisi.", "The edition's name."),
    "catalogue_data.field.year": ("Tahun edisi.", "The edition's year."),
    "catalogue_data.field.code": (
        "Kode inovasi (unik dalam edisinya).",
        "The innovation's code (unique within its edition).",
    ),
    "catalogue_data.field.title": ("Judul inovasi.", "The innovation's title."),
    "catalogue_data.field.unit_code": ("Kode unit pengusul.", "The proposing unit's code."),
    "catalogue_data.field.unit_name": ("Nama unit pengusul.", "The proposing unit's name."),
    "catalogue_data.field.opd_code": (
        "Kode OPD induk unit (unit itu sendiri bila tanpa induk).",
        "The unit's parent OPD's code (the unit itself when it has no parent).",
    ),
    "catalogue_data.field.opd_name": ("Nama OPD induk unit.", "The unit's parent OPD's name."),
    "catalogue_data.field.category": ("Kategori inovasi.", "The innovation's category."),
    "catalogue_data.field.summary": ("Ringkasan inovasi.", "The innovation's summary."),
    "catalogue_data.field.innovator": (
        "Nama inovator; null bila panitia tidak menampilkannya.",
        "The innovator's name; null unless the committee shows it.",
    ),
    "catalogue_data.field.award": (
        "Juara I, II atau III (1, 2, 3); null bila tanpa penghargaan atau sebelum pengumuman "
        "mencapai “Semua juara”.",
        "Juara I, II or III (1, 2, 3); null without an award or before the reveal reached "
        "“All winners”.",
    ),
    "catalogue_data.field.award_tie": (
        "true bila penghargaan itu diraih bersama (seri); null tanpa penghargaan.",
        "true when the award is shared (a tie); null without an award.",
    ),
    "catalogue_data.field.finalist": (
        "true bila finalis; null bila panitia tidak menampilkan finalis atau sebelum "
        "pengumuman mencapai “Semua juara”.",
        "true for a finalist; null unless the committee shows finalists and the reveal "
        "reached “All winners”.",
    ),
    "catalogue_data.field.page_url": (
        "Alamat halaman inovasi di katalog.",
        "The innovation's page in the catalogue.",
    ),
    "catalogue_data.field.photo_url": (
        "Alamat foto inovasi; null tanpa foto.",
        "The innovation's photo; null without one.",
    ),
    "catalogue_data.field.document_url": (
        "Alamat proposal PDF; null bila tidak ada atau tidak dipublikasikan panitia.",
        "The proposal PDF; null when there is none or the committee did not publish it.",
    ),
    "catalogue_data.field.continues": (
        'Inovasi yang sama di edisi terbit sebelumnya ("EDISI:KODE"); null bila tidak ada.',
        'The same innovation in an earlier published edition ("EDITION:CODE"); null if none.',
    ),
    # The workbook /katalog.xlsx: its Info sheet (data_access/catalogue/open_data_xlsx.py).
    "catalogue_data.xlsx.source": ("Sumber", "Source"),
    "catalogue_data.xlsx.made_at": ("Dibuat pada", "Made at"),
    "catalogue_data.xlsx.version": ("Versi data", "Data version"),
    "catalogue_data.xlsx.filters": ("Saringan", "Filters"),
    "catalogue_data.xlsx.no_filters": (
        "Tanpa saringan: seluruh katalog",
        "None: the whole catalogue",
    ),
    "catalogue_data.xlsx.count": ("Jumlah inovasi", "Innovations"),
    "catalogue_data.xlsx.page": ("Halaman katalog", "Catalogue page"),
    "catalogue_data.xlsx.schema": ("Skema (JSON)", "Schema (JSON)"),
    "catalogue_data.xlsx.contents": ("Isi", "Contents"),
    "catalogue_data.xlsx.contents.text": (
        "Setiap inovasi dari edisi yang diterbitkan panitia, hanya kolom publik: tanpa nilai, "
        "juri, peringkat di bawah juara, atau status administrasi. Kolom dan barisnya sama "
        "dengan /katalog.csv. Sel kosong berarti null (tidak ada atau belum publik); "
        "award_tie dan finalist berisi TRUE/FALSE (BENAR/SALAH di Excel berbahasa Indonesia).",
        "Every innovation of the editions the committee published, public fields only: no "
        "score, juror, rank below the winners or administrative status. The same columns "
        "and rows as /katalog.csv. An empty cell is null (absent or not public yet); "
        "award_tie and finalist hold TRUE/FALSE.",
    ),
    "catalogue_data.xlsx.column": ("Kolom", "Column"),
    "catalogue_data.xlsx.meaning": ("Keterangan", "Meaning"),
}

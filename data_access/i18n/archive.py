"""Texts of the edition archive: its download, its --help, and why an archive does not fit.

The archive's sheet and column names are the import format (docs/IMPORT.md), not messages.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "archive.bad_choice": ("harus salah satu dari: {choices}", "must be one of: {choices}"),
    "archive.help.format": (
        "archive: satu buku kerja dalam format impor (docs/IMPORT.md) berisi seluruh data "
        "edisi, termasuk nilai setiap juri, riwayat nilai, deklarasi juri dan hasil yang "
        "disetujui; dapat diimpor kembali ke basis data kosong",
        "archive: one workbook in the import format (docs/IMPORT.md) holding the whole "
        "edition, every juror's scores, the score history, the jurors' declarations and the "
        "approved results included; it imports back into an empty database",
    ),
    "archive.download": ("Arsip edisi (XLSX)", "Edition archive (XLSX)"),
    "archive.download.hint": (
        "Seluruh data edisi dalam format impor, termasuk nilai setiap juri: untuk disimpan "
        "atau dipindahkan ke komputer lain.",
        "The whole edition in the import format, every juror's scores included: to keep, "
        "or to carry to another computer.",
    ),
    "archive.forbidden": (
        "Arsip edisi memuat nilai setiap juri: hanya panitia yang dapat mengunduhnya.",
        "The edition archive holds every juror's scores: only the committee may download it.",
    ),
    "archive.snapshot_json": (
        "Snapshot hasil yang disetujui tidak terbaca sebagai JSON hasil.",
        "the approved snapshot does not read as a results JSON",
    ),
    "archive.snapshot_hash": (
        "Hash snapshot tidak cocok dengan isinya: snapshot telah diubah setelah disetujui.",
        "the snapshot's hash does not match its content: it was changed after the approval",
    ),
    "archive.history_criterion": (
        "Baris riwayat nilai (event score) wajib menyebut kriteria.",
        "a score line of the history must name its criterion",
    ),
    "archive.comment_state": (
        "Komentar hanya untuk lembar yang keadaannya ada di sheet_states arsip ini.",
        "a comment belongs to a sheet whose state is in this archive's sheet_states",
    ),
    "archive.seri_order": (
        "Urutan seri harus menyebut sedikitnya dua kode inovasi yang dikenal, masing-masing "
        "sekali, dipisah koma.",
        "a seri order names at least two known innovation codes, each once, comma-separated",
    ),
    "archive.differs": (
        "Edisi ini sudah menyimpan data lain untuk baris ini; arsip hanya dipulihkan ke edisi "
        "yang belum memilikinya.",
        "the edition already holds other data for this row; an archive is restored only "
        "into an edition that does not hold it yet",
    ),
    "archive.status_differs": (
        "Perubahan status terakhir {code} berakhir di status ini, tetapi statusnya {status}.",
        "the last status change of {code} ends at this status, but its status is {status}",
    ),
    "archive.history_held": (
        "Edisi ini sudah memiliki riwayat nilai lain ({count} baris); riwayat arsip hanya "
        "dipulihkan ke edisi tanpa riwayat.",
        "the edition already has another score history ({count} lines); an archive's history "
        "is restored only into an edition without one",
    ),
    "archive.approved_other": (
        "Edisi ini sudah memiliki hasil yang disetujui dengan hash lain.",
        "the edition already has approved results with another hash",
    ),
    "archive.ids_differ": (
        "Persetujuan menyebut inovasi ini dengan nomor id yang di basis data ini sudah "
        "terpakai atau berbeda: pulihkan arsip ke basis data kosong.",
        "the approval names these innovations by ids that this database gave otherwise: "
        "restore the archive into an empty database",
    ),
    "archive.ranking_differs": (
        "Peringkat hasil impor berbeda dari snapshot yang disetujui untuk inovasi ini; "
        "persetujuan tidak dipulihkan.",
        "the imported ranking differs from the approved snapshot for these innovations; "
        "the approval is not restored",
    ),
}

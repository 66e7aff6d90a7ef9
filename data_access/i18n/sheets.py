"""Texts of the jury's sheets: refusals of a save, a submit or a reopen, and of an import."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "sheet.unknown": (
        "Lembar penilaian tidak ditemukan",
        "score sheet not found",
    ),
    "sheet.unknown_criterion": (
        "Aspek '{criterion}' tidak ada pada tahap ini",
        "criterion '{criterion}' is not in this stage",
    ),
    "sheet.invalid_score": (
        "Nilai aspek '{criterion}' harus 0–100 dengan paling banyak dua desimal",
        "the score of '{criterion}' must be 0–100 with at most two decimals",
    ),
    "sheet.stale": (
        "Lembar ini sudah disimpan dari tempat lain (revisi {revision}); periksa nilainya lagi",
        "this sheet was saved elsewhere (revision {revision}); check its values again",
    ),
    "sheet.locked": (
        "Lembar ini sudah dikirim dan terkunci; hanya panitia yang dapat membukanya kembali",
        "this sheet is submitted and locked; only the committee can reopen it",
    ),
    "sheet.incomplete": (
        "Lembar belum lengkap: {missing} aspek belum dinilai",
        "the sheet is not complete: {missing} criteria not scored",
    ),
    "sheet.not_submitted": (
        "Lembar ini belum dikirim, jadi tidak perlu dibuka kembali",
        "this sheet is not submitted, so there is nothing to reopen",
    ),
    "sheet.reason_required": (
        "Alasan membuka kembali wajib diisi",
        "a reason to reopen is required",
    ),
    "sheet.import_submitted": (
        "Lembar juri {juror} untuk inovasi {innovation} ({stage}) sudah dikirim di aplikasi "
        "dan terkunci; minta panitia membukanya kembali sebelum mengimpor",
        "juror {juror}'s sheet for innovation {innovation} ({stage}) was submitted in the "
        "app and is locked; have the committee reopen it before importing",
    ),
}

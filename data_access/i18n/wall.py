"""Texts of the committee's view of the jury's work: drafts on /, the score history, the PDF."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Progres Penilaian: drafts apart from submitted sheets.
    "progress.drafts": ("Draf (belum dikirim)", "Drafts (not submitted)"),
    "progress.drafts_note": (
        "{count} lembar masih draf di aplikasi (dihitung sebagian sampai dikirim)",
        "{count} sheets are still drafts in the app (partial until submitted)",
    ),
    "progress.col.drafts": ("Draf", "Drafts"),
    "progress.col.history": ("Riwayat", "History"),
    "progress.history.link": ("Riwayat nilai", "Score history"),
    "heat.draft": ("Draf", "Draft"),
    "ranking.spread.history": (
        "Riwayat nilai inovasi ini",
        "This innovation's score history",
    ),
    # /riwayat-nilai
    "history.page.title": ("Riwayat Nilai", "Score History"),
    "history.page.edition": ("Edisi {edition}", "Edition {edition}"),
    "history.page.filter.stage": ("tahap {value}", "stage {value}"),
    "history.page.filter.juror": ("juri {value}", "juror {value}"),
    "history.page.filter.innovation": ("inovasi {value}", "innovation {value}"),
    "history.page.count": ("{count} baris riwayat", "{count} history lines"),
    "history.page.of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "history.page.prev": ("← Lebih baru", "← Newer"),
    "history.page.next": ("Lebih lama →", "Older →"),
    "history.page.paging": ("Halaman riwayat", "Pages of the history"),
    "history.page.none": (
        "Belum ada perubahan nilai yang tercatat.",
        "No score change is on record yet.",
    ),
    "history.page.download": ("Unduh XLSX", "Download XLSX"),
    "history.page.back": ("Kembali ke Progres Penilaian", "Back to Judging Progress"),
    "history.page.no_edition": ("Edisi tidak ditemukan.", "Edition not found."),
    "history.page.db_error": (
        "Basis data tidak terjangkau; coba lagi sebentar lagi.",
        "The database is unreachable; try again shortly.",
    ),
    "history.file": ("riwayat-nilai", "score-history"),
    # The berita acara (Indonesian): scores changed after submission.
    "report.changes.heading": (
        "Perubahan Nilai setelah Lembar Dikirim",
        "Scores Changed after Submission",
    ),
    "report.changes.count": (
        "Jumlah nilai yang diubah setelah lembar penilaian dikirim: {count}.",
        "Scores changed after their sheet was submitted: {count}.",
    ),
    "report.changes.none": (
        "Tidak ada nilai yang diubah setelah lembar penilaian dikirim.",
        "No score was changed after its sheet was submitted.",
    ),
    "report.changes.see_appendix": (
        "Rinciannya tercantum pada Lampiran.",
        "They are listed in the Appendix.",
    ),
    "report.changes.committee_only": (
        "Rinciannya (nilai per juri) disimpan oleh Panitia.",
        "The details (scores per juror) are kept by the committee.",
    ),
    "report.changes.appendix": (
        "Lampiran: Perubahan Nilai setelah Lembar Dikirim",
        "Appendix: Scores Changed after Submission",
    ),
    "report.changes.col.sheet": ("Lembar", "Sheet"),
    "report.changes.col.criterion": ("Aspek", "Criterion"),
    # The PDF's font has no arrow: words say the direction.
    "report.changes.col.change": ("Nilai lama – baru", "Old – new score"),
    "report.changes.value": ("{old} menjadi {new}", "{old} to {new}"),
    "report.changes.col.by": ("Oleh", "By"),
    "report.changes.col.at": ("Waktu", "Time"),
}

"""Texts of the Progres Penilaian page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "progress.name": ("Progres Penilaian", "Judging Progress"),
    "progress.stages.title": ("Progres per Tahap", "Progress by Stage"),
    "stage.proposal": ("Penilaian Proposal", "Proposal Assessment"),
    "stage.presentation": ("Presentasi dan Wawancara", "Presentation and Interview"),
    "progress.complete": ("Selesai Dinilai", "Fully scored"),
    "progress.partial": ("Sebagian Dinilai", "Partly scored"),
    "progress.missing": ("Belum Dinilai", "Not scored yet"),
    "progress.abstained": ("Abstain", "Abstained"),
    "progress.sheets_of": (
        "{done} dari {total} lembar penilaian selesai",
        "{done} of {total} score sheets complete",
    ),
    "progress.unexpected": (
        "{count} lembar dari juri yang tidak ditugaskan (tidak dihitung)",
        "{count} sheets from jurors who were not assigned (not counted)",
    ),
    "progress.pace.none": ("Belum ada laju penilaian", "No judging pace yet"),
    "progress.pace.rate": ("{rate} lembar per hari", "{rate} sheets a day"),
    "progress.pace.projected": ("perkiraan selesai {date}", "expected to end {date}"),
    "progress.pace.done": ("selesai {date}", "finished {date}"),
    "progress.pace.closed": (
        "waktu penilaian berakhir {date}; {count} lembar belum selesai",
        "judging time ended {date}; {count} sheets unfinished",
    ),
    "progress.pace.behind": ("Melewati jadwal", "Behind schedule"),
    "progress.behind": ("Tertinggal", "Behind"),
    "progress.jurors.title": ("Progres per Juri", "Progress per Juror"),
    "progress.col.juror": ("Juri", "Juror"),
    "progress.col.group": ("Kelompok", "Group"),
    "progress.col.assigned": ("Ditugaskan", "Assigned"),
    "progress.col.complete": ("Selesai", "Complete"),
    "progress.col.partial": ("Sebagian", "Partial"),
    "progress.col.abstained": ("Abstain", "Abstained"),
    "progress.col.last": ("Nilai terakhir", "Last score"),
    "progress.col.progress": ("Progres", "Progress"),
    "progress.coverage.title": ("Cakupan Kelompok Juri", "Jury Group Coverage"),
    "progress.coverage.summary": (
        "{covered} dari {total} inovasi sudah dinilai lengkap oleh setiap kelompok juri",
        "{covered} of {total} innovations fully scored by every jury group",
    ),
    "progress.coverage.missing_groups": (
        "belum dinilai oleh {groups}",
        "not yet scored by {groups}",
    ),
    "progress.coverage.more": ("dan {count} inovasi lainnya", "and {count} more innovations"),
    "progress.coverage.none": (
        "Belum ada inovasi pada tahap ini",
        "No innovation in this stage yet",
    ),
    "progress.heat.title": ("Peta Penilaian Juri × Inovasi", "Juror × Innovation Map"),
    "progress.heat.empty": ("Belum ada nilai masuk", "No scores have come in yet"),
    "progress.heat.too_many": (
        "{count} inovasi terlalu banyak untuk digambar; lihat tabel per juri",
        "{count} innovations are too many to draw; see the table per juror",
    ),
    "heat.not_assigned": ("Tidak ditugaskan", "Not assigned"),
    "heat.missing": ("Belum Dinilai", "Not scored yet"),
    "heat.partial": ("Sebagian Dinilai", "Partly scored"),
    "heat.complete": ("Selesai Dinilai", "Fully scored"),
    "heat.abstain": ("Abstain", "Abstained"),
    "progress.normalization": (
        "Normalisasi z-score aktif untuk edisi ini",
        "Z-score normalisation is on for this edition",
    ),
    "progress.no_jurors": ("Belum ada juri terdaftar", "No jurors registered yet"),
    "live.stale": (
        "Data belum diperbarui: basis data tidak terjangkau, mencoba lagi…",
        "Data not updated: the database is unreachable, retrying…",
    ),
}

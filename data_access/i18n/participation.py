"""Texts of the Partisipasi OPD page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "participation.name": ("Partisipasi OPD", "OPD Participation"),
    "participation.subtitle": (
        "Setiap perangkat daerah wajib mengajukan inovasi; "
        "inovasi sub-unit dihitung untuk OPD induknya",
        "Every government unit (OPD) must submit an innovation; "
        "sub-units count for their parent OPD",
    ),
    "participation.status.done": ("Sudah mengumpulkan", "Submitted"),
    "participation.status.missing": ("Belum mengumpulkan", "Not yet submitted"),
    "participation.status.done.short": ("Sudah", "Submitted"),
    "participation.status.missing.short": ("Belum", "Not yet"),
    # After the deadline's day an OPD without a submission did not submit: no longer "yet".
    "participation.status.missing.closed": ("Tidak mengumpulkan", "Did not submit"),
    "participation.status.missing.closed.short": ("Tidak", "Missed"),
    "participation.rate.label": ("Tingkat Partisipasi", "Participation Rate"),
    "participation.rate.note": ("{done} dari {total} OPD", "{done} of {total} OPDs"),
    "participation.deadline.label": ("Batas Pengumpulan", "Submission Deadline"),
    "participation.deadline.until": ("lagi, sampai {moment}", "left, until {moment}"),
    "participation.deadline.closed": (
        "Pengumpulan ditutup {date}",
        "Submission closed on {date}",
    ),
    "participation.deadline.none": (
        "Batas pengumpulan belum dijadwalkan",
        "The submission deadline is not scheduled yet",
    ),
    "participation.totals.label": ("Inovasi Diajukan", "Innovations Submitted"),
    "participation.totals.note": (
        "{passed} lolos administrasi · {late} terlambat",
        "{passed} passed the administrative check · {late} late",
    ),
    "participation.opds.title": ("Perangkat Daerah Wajib", "Required Government Units"),
    "participation.col.status": ("Status", "Status"),
    "participation.col.opd": ("Perangkat Daerah", "Government Unit"),
    "participation.col.kind": ("Jenis", "Kind"),
    "participation.col.submitted": ("Diajukan", "Submitted"),
    "participation.col.passed": ("Lolos", "Passed"),
    "participation.col.finalists": ("Finalis", "Finalists"),
    "participation.col.late": ("Terlambat", "Late"),
    "participation.col.first": ("Pengajuan pertama", "First submission"),
    "participation.from_sub": ("{count} dari sub-unit", "{count} from sub-units"),
    "participation.missing_count": (
        "{count} OPD belum mengumpulkan; mereka tercantum paling atas.",
        "{count} OPDs have not submitted yet; they are listed first.",
    ),
    "participation.missing_count.closed": (
        "{count} OPD tidak mengumpulkan; mereka tercantum paling atas.",
        "{count} OPDs did not submit; they are listed first.",
    ),
    "participation.all_done": (
        "Semua OPD wajib sudah mengumpulkan.",
        "Every required OPD has submitted.",
    ),
    "participation.none_yet": (
        "Belum ada inovasi yang diajukan.",
        "No innovation has been submitted yet.",
    ),
    "participation.none_yet.closed": (
        "Tidak ada inovasi yang diajukan.",
        "No innovation was submitted.",
    ),
    "participation.no_opds": (
        "Belum ada OPD wajib yang terdaftar. Impor daftar perangkat daerah terlebih dahulu.",
        "No required OPD is registered yet. Import the list of government units first.",
    ),
    "participation.unattributed": (
        "{count} inovasi berasal dari unit yang tidak termasuk OPD wajib mana pun.",
        "{count} innovations come from units that belong to no required OPD.",
    ),
    "participation.kinds.title": ("Menurut Jenis Perangkat Daerah", "By Kind of Unit"),
    "participation.kinds.axis": ("Jumlah OPD", "Number of OPDs"),
    "participation.kinds.col.kind": ("Jenis", "Kind"),
    "participation.kinds.col.opds": ("OPD", "OPDs"),
    "participation.kinds.col.done": ("Sudah", "Submitted"),
    "participation.kinds.col.missing": ("Belum", "Not yet"),
    "participation.kinds.col.missing.closed": ("Tidak", "Missed"),
    "participation.kinds.col.rate": ("Partisipasi", "Rate"),
    "participation.kind.dinas": ("Dinas", "Agencies (dinas)"),
    "participation.kind.badan": ("Badan", "Boards (badan)"),
    "participation.kind.kecamatan": ("Kecamatan", "Districts (kecamatan)"),
    "participation.kind.sekretariat": ("Sekretariat", "Secretariats"),
    "participation.kind.inspektorat": ("Inspektorat", "Inspectorate"),
    "participation.kind.satpol": ("Satpol PP", "Civil Service Police"),
    "participation.kind.rsud": ("RSUD", "Regional Hospital"),
    "participation.kind.bagian": ("Bagian Setda", "Setda Divisions"),
    "participation.kind.other": ("Lainnya", "Other"),
}

"""Texts of the approval banner (/peringkat, /ringkasan, /kendali) and the import's confirmation."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "approval.title": ("Hasil sudah disetujui panitia", "The committee approved the results"),
    "approval.when": (
        "Disetujui {moment} oleh {by} · sidik jari {hash}",
        "Approved on {moment} by {by} · fingerprint {hash}",
    ),
    "approval.winners": ("Juara yang disetujui", "Approved winners"),
    "approval.level.1": ("Juara I", "First Place"),
    "approval.level.2": ("Juara II", "Second Place"),
    "approval.level.3": ("Juara III", "Third Place"),
    "approval.tie": ("seri", "tie"),
    "approval.level.empty": ("tidak ada (seri di atasnya)", "nobody (a tie above took it)"),
    "approval.same": (
        "Data terkini sama dengan hasil yang disetujui.",
        "The live data match the approved results.",
    ),
    "approval.differs": (
        "Data terkini berbeda sejak persetujuan",
        "The live data differ since the approval",
    ),
    "approval.differs.note": (
        "Layar upacara, ringkasan Bupati dan berita acara tetap memakai hasil yang disetujui.",
        "The ceremony screens, the regent's summary and the minutes keep the approved results.",
    ),
    "approval.place": (
        "{level}: disetujui {approved}, data terkini {live}",
        "{level}: approved {approved}, live data {live}",
    ),
    "approval.place.nobody": ("belum ada", "nobody yet"),
    "approval.scores": ("Nilai yang berubah", "Scores that moved"),
    "approval.score": (
        "{code} {score}: {approved} → {live}",
        "{code} {score}: {approved} → {live}",
    ),
    "approval.score.proposal_score": ("nilai proposal", "proposal score"),
    "approval.score.presentation_score": ("nilai presentasi", "presentation score"),
    "approval.score.final_score": ("nilai akhir", "final score"),
    "approval.score.missing": ("belum ada", "none"),
    "approval.scores.more": ("… dan {count} nilai lainnya", "… and {count} more scores"),
    "approval.codes": (
        "Hasil yang berubah: {codes}",
        "Results that changed: {codes}",
    ),
    "approval.badge": ("{level} (disetujui)", "{level} (approved)"),
    # /impor: an edition whose results are approved
    "import.approved.warning": (
        "Hasil edisi berikut sudah disetujui panitia. Impor ke edisi ini dapat mengubah "
        "peringkatnya sesudah persetujuan; layar upacara, ringkasan Bupati dan berita acara "
        "tetap memakai hasil yang disetujui. Impor ke edisi ini hanya dengan konfirmasi.",
        "The results of these editions are approved. Importing into one can change its "
        "ranking after the approval; the ceremony screens, the regent's summary and the "
        "minutes keep the approved results. Importing into one needs your confirmation.",
    ),
    "import.approved.item": (
        "{code} · {name}: disetujui {moment} oleh {by}",
        "{code} · {name}: approved on {moment} by {by}",
    ),
    "import.approved.confirm": (
        "Saya mengerti: tetap impor ke edisi yang hasilnya sudah disetujui",
        "I understand: import into an edition whose results are approved",
    ),
    "import.approved.same": (
        "Edisi {code} sudah disetujui: hasil yang disetujui masih sama dengan data terkini.",
        "Edition {code} is approved: the approved results still match the live data.",
    ),
    "import.approved.differs": (
        "Perhatian: sesudah impor ini data terkini edisi {code} berbeda dari hasil yang "
        "disetujui. Layar upacara dan berita acara tetap memakai hasil yang disetujui.",
        "Warning: after this import the live data of edition {code} differ from the approved "
        "results. The ceremony screens and the minutes keep the approved results.",
    ),
}

"""Texts of the ceremony screen (/kiosk) and the control page (/kendali)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "kiosk.title": ("Layar Upacara · KIPP Live", "Ceremony Screen · KIPP Live"),
    "kiosk.brand": ("KIPP Kabupaten Kudus", "KIPP Kudus Regency"),
    "kiosk.brand_sub": (
        "Kompetisi Inovasi Pelayanan Publik",
        "Public Service Innovation Competition",
    ),
    "kiosk.updated": ("Diperbarui pukul", "Updated at"),
    "kiosk.reconnecting": ("Menyambung ulang…", "Reconnecting…"),
    "kiosk.standby": ("Menyiapkan tampilan…", "Preparing the screen…"),
    "kiosk.token_invalid.title": ("Layar ini belum terdaftar", "This screen is not registered"),
    "kiosk.token_invalid.body": (
        "Tautan layar ini tidak berlaku: layarnya belum didaftarkan, atau tautannya sudah "
        "dicabut oleh panitia.",
        "This screen's link is not valid: the screen was never registered, or the committee "
        "revoked its link.",
    ),
    "kiosk.token_invalid.what_now": (
        "Minta panitia KIPP mendaftarkan layar ini, lalu buka tautan barunya di peramban TV ini.",
        "Ask the KIPP committee to register this screen, then open its new link in this "
        "TV's browser.",
    ),
    "kiosk.no_edition": ("Belum ada edisi untuk ditampilkan", "No edition to show yet"),
    # slides
    "kiosk.progress.title": ("Progres Penilaian", "Judging Progress"),
    "kiosk.progress.sheets": (
        "{complete} dari {expected} lembar nilai selesai",
        "{complete} of {expected} score sheets done",
    ),
    "kiosk.progress.partial": ("{partial} sebagian dinilai", "{partial} partly scored"),
    "kiosk.progress.not_started": ("Belum dimulai", "Not started yet"),
    "kiosk.progress.jurors": ("{count} juri", "{count} jurors"),
    "kiosk.participation.title": ("Partisipasi Perangkat Daerah", "Participation of the OPDs"),
    "kiosk.participation.rate": (
        "{participating} dari {required} perangkat daerah mengumpulkan · {rate}",
        "{participating} of {required} agencies submitted · {rate}",
    ),
    "kiosk.participation.count": ("{count} inovasi", "{count} innovations"),
    "kiosk.participation.count_one": ("1 inovasi", "1 innovation"),
    "kiosk.participation.none": ("Belum mengumpulkan", "Not yet submitted"),
    "kiosk.participation.none.closed": ("Tidak mengumpulkan", "Did not submit"),
    "kiosk.participation.more": ("dan {count} lainnya", "and {count} more"),
    "kiosk.finalists.title": ("Finalis", "Finalists"),
    "kiosk.finalists.subtitle": (
        "Enam besar, diurutkan menurut abjad",
        "The top six, in alphabetical order",
    ),
    "kiosk.finalists.none": ("Finalis belum ditetapkan", "Finalists not decided yet"),
    "kiosk.countdown.title": ("Menuju Penganugerahan", "Counting Down to the Awards"),
    "kiosk.countdown.days": ("hari", "days"),
    "kiosk.countdown.hours": ("jam", "hours"),
    "kiosk.countdown.minutes": ("menit", "minutes"),
    "kiosk.countdown.seconds": ("detik", "seconds"),
    "kiosk.countdown.now": ("Penganugerahan sedang berlangsung", "The award ceremony is on"),
    # the reveal
    "kiosk.splash.title": ("Pengumuman Pemenang", "The Winners"),
    "kiosk.award.1": ("Juara I", "First Place"),
    "kiosk.award.2": ("Juara II", "Second Place"),
    "kiosk.award.3": ("Juara III", "Third Place"),
    "kiosk.award.tie": ("Seri", "Tie"),
    "kiosk.award.innovator": ("Inovator", "Innovator"),
    "kiosk.award.score": ("Nilai Akhir", "Final Score"),
    "kiosk.award.prize": ("Hadiah", "Prize"),
    "kiosk.all.title": ("Para Juara", "The Winners"),
}

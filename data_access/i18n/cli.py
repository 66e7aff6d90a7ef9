"""Texts of the command line (python -m data_access ...), which prints both: "teks / text".

Most are labels the command line follows with ": value"; the value stays outside the text
so that the line reads "Impor selesai / import done: kudus-2022", as it always has. A word
set inside a line reads both languages run together ("oleh/by", `i18n.compact`). The help
texts are in cli_help.py; the keys and values of `key: value` lines are for scripts and stay
in the code.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Failures (data_access/cli/__init__.py, common.py).
    "cli.error": ("Galat", "error"),
    "cli.database_error": (
        "Galat basis data; sudah menjalankan `init`?",
        "database error; did you run `init`?",
    ),
    "cli.stopped": ("Dihentikan", "stopped"),
    "cli.no_edition": (
        "Belum ada edisi; jalankan `demo` atau `import`",
        "no edition yet; run `demo` or `import`",
    ),
    "cli.choose_edition": (
        "Pilih edisi dengan --edition",
        "choose an edition with --edition",
    ),
    "cli.edition": ("Edisi", "edition"),
    "cli.default": ("bawaan", "default"),
    "cli.empty": ("kosong", "empty"),
    "cli.cannot_read_file": ("Berkas tidak terbaca", "cannot read file"),
    "cli.by": ("oleh", "by"),  # inside a line: "oleh/by panitia"
    # The database and the import (data_access/cli/database.py).
    "cli.database_ready": ("Basis data siap", "database ready"),
    "cli.demo_present": ("Edisi demo sudah ada", "demo edition already loaded"),
    "cli.demo_exists": ("Edisi demo sudah ada", "demo edition already exists"),
    "cli.demo_loaded": ("Edisi demo dimuat", "demo edition loaded"),
    "cli.demo_open": (
        "Penilaian demo dibuka untuk dicoba sampai {until} (perpanjangan oleh demo)",
        "demo scoring open to try until {until} (an extension by demo)",
    ),
    "cli.import_refused": (
        "Impor dibatalkan, tidak ada yang diubah",
        "import refused, nothing changed",
    ),
    "cli.import_approved": ("edisi sudah disetujui", "the edition is approved"),
    "cli.import_anyway": ("Untuk tetap mengimpor", "to import anyway"),
    "cli.import_done": ("Impor selesai", "import done"),
    # Approvals and the ceremony (data_access/cli/common.py, ceremony.py).
    "cli.approved": ("Hasil disetujui", "results approved"),
    "cli.approved_again": ("Hasil disetujui ulang", "results approved again"),
    "cli.approval_same": (
        "Data terkini sama dengan hasil yang disetujui",
        "the live data match the approval",
    ),
    "cli.approval_differs": (
        "PERHATIAN: data terkini berbeda sejak persetujuan",
        "WARNING: the live data differ since the approval",
    ),
    "cli.live_ranking": (
        "Peringkat di bawah adalah data terkini",
        "the ranking below is the live one",
    ),
    # The Indonesian reading after a `key: value` line's value: "approved: no / belum disetujui".
    "cli.status.not_approved": ("belum disetujui", "not approved"),
    "cli.status.not_locked": ("belum", "not yet"),
    "cli.approval_cancelled": ("Persetujuan dibatalkan", "approval cancelled"),
    "cli.already_approved": (
        "Hasil edisi {code} sudah disetujui. Untuk menyetujui ulang (tercatat): "
        "ceremony approve --again --edition {code}",
        "The results of edition {code} are already approved. To approve them again "
        "(recorded): ceremony approve --again --edition {code}",
    ),
    "cli.photo_saved": ("Foto disimpan", "photo saved"),
    "cli.step.rotation": ("rotasi slide", "slide rotation"),
    "cli.step.splash": ("pembuka", "splash"),
    "cli.step.all": ("ketiga juara", "all three"),
    "cli.action.approve": ("setujui", "approve"),
    "cli.action.reapprove": ("setujui ulang", "re-approve"),
    "cli.action.cancel": ("batalkan", "cancel"),
    # Screens and users (data_access/cli/kiosk.py, users.py).
    "cli.screen_registered": ("Layar didaftarkan", "screen registered"),
    "cli.screen_edition": ("Edisi layar", "the screen's edition"),
    "cli.screen_default_edition": (
        "Belum ada edisi: layar mengikuti edisi bawaan",
        "no edition yet: the screen follows the default edition",
    ),
    "cli.screen_open": (
        "Buka alamat ini di layar upacara; token hanya ditampilkan sekarang",
        "open this path on the ceremony screen; the token is shown only now",
    ),
    "cli.no_screen": ("Belum ada layar", "no screen yet"),
    "cli.token_revoked": ("Token dicabut", "token revoked"),
    "cli.password_env_missing": (
        "Variabel {name} tidak ada",
        "variable {name} is not set",
    ),
    "cli.no_terminal": (
        "Tidak ada terminal untuk menanyakan kata sandi; pakai --password-env VAR",
        "no terminal to ask for the password; use --password-env VAR",
    ),
    "cli.password": ("Kata sandi", "password"),
    "cli.password_repeat": ("Ulangi", "repeat"),
    "cli.passwords_differ": ("Kata sandi tidak sama", "passwords differ"),
    "cli.user_added": ("Pengguna ditambahkan", "user added"),
    "cli.user_removed": ("Pengguna dihapus", "user removed"),
    # Reports (data_access/cli/reports.py).
    "cli.progress.stages": ("Progres per tahap", "progress per stage"),
    "cli.progress.jurors": ("Progres per juri", "progress per juror"),
    "cli.progress.coverage": ("Cakupan kelompok juri", "jury group coverage"),
    "cli.progress.pace": ("Laju penilaian", "pace"),
    "cli.progress.normalized": (
        "Normalisasi z-score aktif",
        "z-score normalisation is on",
    ),
    "cli.participation": ("Partisipasi", "participation"),
    "cli.cannot_write_file": ("Berkas tidak dapat ditulis", "cannot write file"),
    "cli.export_written": ("Ekspor ditulis", "export written"),
    "cli.data_version": ("versi data", "data version"),
    "cli.unattributed": ("inovasi tanpa OPD wajib", "without a required OPD"),
    "cli.simulate_started": (
        "Simulasi juri pada edisi {code}; Ctrl-C untuk berhenti",
        "rehearsal jury on edition {code}; Ctrl-C to stop",
    ),
    "cli.sheets_scored": ("lembar dinilai", "sheets scored"),
}

"""Texts of the ceremony control page (/kendali)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.control": ("Kendali Upacara", "Ceremony Control"),
    "control.name": ("Kendali Upacara", "Ceremony Control"),
    "control.subtitle": (
        "Khusus panitia: pengumuman juara di layar upacara",
        "Committee only: the reveal of the winners on the ceremony screens",
    ),
    # the current step and what comes next
    "control.reveal.title": ("Pengumuman juara", "The winners' reveal"),
    "control.now": ("Sekarang", "Now"),
    "control.next": ("Berikutnya", "Next"),
    "control.next.done": ("Selesai", "Finished"),
    "control.next.done.note": (
        "Semua juara sudah diumumkan.",
        "Every winner has been revealed.",
    ),
    "control.next.needs_approval": (
        "setujui hasil dulu, baru juara bisa diumumkan",
        "approve the results first, then the winners can be revealed",
    ),
    "control.next.tie": ("seri", "tie"),
    "control.presenter_only": (
        "Hanya tampil di halaman ini, tidak di layar upacara",
        "Shown on this page only, never on the ceremony screens",
    ),
    "control.changed": ("Diubah {time} oleh {by}", "Changed {time} by {by}"),
    "control.steps": ("Urutan pengumuman", "Order of the reveal"),
    "control.step.rotation": ("Rotasi slide", "Slide rotation"),
    "control.step.splash": ("Pembukaan pengumuman", "Opening screen"),
    "control.step.award-3": ("Juara III", "Third Place"),
    "control.step.award-2": ("Juara II", "Second Place"),
    "control.step.award-1": ("Juara I", "First Place"),
    "control.step.all": ("Semua juara", "All winners"),
    # what a screen shows now
    "control.slide.progress": ("Progres Penilaian", "Judging Progress"),
    "control.slide.participation": ("Partisipasi OPD", "OPD Participation"),
    "control.slide.finalists": ("Finalis", "Finalists"),
    "control.slide.countdown": ("Hitung mundur", "Countdown"),
    "control.slide.edition": ("Nama edisi", "Edition name"),
    "control.slide.empty": ("Belum ada edisi", "No edition yet"),
    "control.shown.rotation": ("Rotasi: {slide}", "Rotation: {slide}"),
    "control.shown.standby": ("Menyiapkan tampilan", "Preparing the screen"),
    "control.shown.nothing": ("Belum ada laporan", "Nothing reported yet"),
    # buttons
    "control.button.next": ("Berikutnya", "Next"),
    "control.button.back": ("Kembali", "Back"),
    "control.button.reset": ("Reset", "Reset"),
    # The page's own confirmation dialogs (not the browser's).
    "control.dialog.title": ("Yakin?", "Are you sure?"),
    "control.dialog.cancel": ("Batal", "Cancel"),
    "control.dialog.yes.reset": ("Ya, reset", "Yes, reset"),
    "control.dialog.yes.approve": ("Ya, setujui hasil", "Yes, approve the results"),
    "control.dialog.yes.reapprove": ("Ya, setujui ulang", "Yes, approve again"),
    "control.dialog.yes.cancel_approval": ("Ya, batalkan persetujuan", "Yes, cancel the approval"),
    "control.dialog.yes.simulate": (
        "Ya, selesaikan penilaian demo",
        "Yes, complete the demo judging",
    ),
    "control.confirm.simulate": (
        "Selesaikan penilaian demo sekarang? Juri latihan langsung mengisi semua lembar nilai "
        "yang masih terbuka, sehingga nilai dan peringkat demo berubah; halaman ini tidak "
        "bisa membatalkannya.",
        "Complete the demo judging now? The rehearsal jury fills in every open score sheet at "
        "once, so the demo's scores and ranking change; this page cannot undo it.",
    ),
    "control.confirm.reset": (
        "Kembali ke rotasi slide? Layar upacara berhenti menampilkan para juara. "
        "Persetujuan hasil tetap berlaku.",
        "Go back to the slide rotation? The ceremony screens stop showing the winners. "
        "The approval of the results stays.",
    ),
    "control.keys": (
        "Clicker atau papan ketik: → / Spasi / Page Down = berikutnya, ← / Page Up = kembali",
        "Clicker or keyboard: → / Space / Page Down = next, ← / Page Up = back",
    ),
    # approval
    "control.approval.title": ("Persetujuan hasil", "Results approval"),
    "control.approval.none": ("Belum disetujui", "Not approved yet"),
    "control.approval.none.body": (
        "Juara baru bisa diumumkan setelah hasil disetujui. Persetujuan membekukan "
        "peringkat saat ini untuk upacara dan berita acara.",
        "The winners can be revealed only once the results are approved. Approving "
        "freezes the current ranking for the ceremony and the minutes.",
    ),
    "control.approval.done": ("Disetujui", "Approved"),
    "control.approval.at": ("Waktu", "When"),
    "control.approval.by": ("Oleh", "By"),
    "control.approval.hash": ("Sidik jari (SHA-256)", "Fingerprint (SHA-256)"),
    "control.approval.version": ("Versi data", "Data version"),
    "control.button.approve": ("Setujui hasil", "Approve the results"),
    "control.confirm.approve": (
        "Setujui hasil sekarang? Peringkat saat ini dibekukan dan layar upacara "
        "hanya menampilkan hasil yang disetujui.",
        "Approve the results now? The current ranking is frozen and the ceremony "
        "screens show only the approved results.",
    ),
    # Said before the button when approving would be refused, in words, with who and what.
    "control.approval.blocked": (
        "Belum bisa disetujui: {count} finalis belum punya nilai presentasi ({finalists}).",
        "Cannot be approved yet: {count} finalists have no presentation score ({finalists}).",
    ),
    "control.approval.blocked_jurors": (
        "Lembar nilai presentasi yang belum lengkap: {jurors}.",
        "Presentation score sheets not complete yet: {jurors}.",
    ),
    "control.approval.juror_open": ("{juror} ({count} lembar)", "{juror} ({count} sheets)"),
    "control.approval.open_sheets": (
        "Masih ada {count} lembar nilai presentasi yang belum lengkap. Setujui hanya bila "
        "dewan juri sudah selesai menilai.",
        "Presentation score sheets not complete yet: {count}. Approve only once the jury has "
        "finished.",
    ),
    "control.approve.ok": ("Hasil disetujui.", "The results are approved."),
    # approving again, cancelling, the lock and the record
    "control.button.reapprove": ("Setujui ulang", "Approve again"),
    "control.button.cancel_approval": ("Batalkan persetujuan", "Cancel the approval"),
    "control.confirm.reapprove": (
        "Setujui ulang hasil sekarang? Peringkat saat ini dibekukan menggantikan hasil yang "
        "disetujui sebelumnya. Tindakan ini dicatat.",
        "Approve the results again now? The current ranking is frozen in place of the "
        "results approved before. This is recorded.",
    ),
    "control.confirm.cancel_approval": (
        "Batalkan persetujuan hasil? Layar upacara kembali ke belum disetujui dan juara tidak "
        "bisa diumumkan sampai hasil disetujui lagi. Tindakan ini dicatat.",
        "Cancel the approval of the results? The ceremony screens go back to not approved "
        "and no winner can be revealed until the results are approved again. This is recorded.",
    ),
    "control.reapprove.ok": ("Hasil disetujui ulang.", "The results are approved again."),
    "control.cancel.ok": ("Persetujuan dibatalkan.", "The approval is cancelled."),
    "control.approval.locked": (
        "Terkunci: Juara III sudah tampil di layar; persetujuan tidak bisa diubah lagi.",
        "Locked: Juara III has been on screen; the approval can no longer change.",
    ),
    "control.approval.history": ("Riwayat persetujuan", "Approval history"),
    "control.approval.entry": ("{action} · {time} · oleh", "{action} · {time} · by"),
    "control.approval.action.approve": ("Disetujui", "Approved"),
    "control.approval.action.reapprove": ("Disetujui ulang", "Approved again"),
    "control.approval.action.cancel": ("Dibatalkan", "Cancelled"),
    "control.differ.title": (
        "Hasil terkini berbeda dari hasil yang disetujui",
        "The live results differ from the approved ones",
    ),
    "control.differ.body": (
        "Berubah sejak disetujui: {codes}. Layar upacara tetap menampilkan hasil yang "
        "disetujui. Bila perubahan itu benar dan Juara III belum tampil, tekan Setujui ulang.",
        "Changed since the approval: {codes}. The ceremony screens keep showing the "
        "approved results. If the change is right and Juara III has not been on screen, "
        "press Approve again.",
    ),
    # demo rehearsal
    "control.demo.note": (
        "Edisi demo: juri latihan mengisi semua lembar nilai yang masih terbuka, agar hasil "
        "bisa langsung disetujui. Nilainya bertanggal di dalam jadwal tahapnya bila jadwal "
        "itu sudah lewat, selain itu saat ini (tidak pernah tanggal yang belum tiba), dan "
        "tercatat di riwayat nilai dengan sumber latihan.",
        "Demo edition: a rehearsal jury fills in every open score sheet, so the results can "
        "be approved at once. Its scores are dated inside their stage's schedule when that "
        "schedule is over, else now (never a day still ahead), and the score history marks "
        "them as the rehearsal's.",
    ),
    "control.demo.button": (
        "Selesaikan penilaian demo (latihan)",
        "Complete the demo judging (rehearsal)",
    ),
    "control.demo.done": (
        "Penilaian demo selesai: {count} lembar nilai diisi.",
        "Demo judging complete: {count} score sheets filled in.",
    ),
    "control.demo.nothing_open": (
        "Tidak ada lembar nilai yang masih terbuka: semua sudah lengkap, latihan tidak "
        "menulis apa pun.",
        "No score sheet is still open: all are complete, the rehearsal wrote nothing.",
    ),
    "control.demo.only": (
        "Penilaian latihan hanya untuk edisi demo.",
        "The rehearsal judging is for a demo edition only.",
    ),
    # messages
    "control.error.title": ("Tidak dapat dilakukan", "Not done"),
    "control.conflict.title": ("Sudah diubah dari tempat lain", "Changed elsewhere"),
    "control.error.database": (
        "Basis data tidak dapat dibaca; coba lagi sebentar lagi.",
        "The database could not be read; try again in a moment.",
    ),
    "control.error.not_loaded": (
        "Halaman belum selesai memuat; tunggu sebentar lalu coba lagi.",
        "The page has not finished loading; wait a moment and try again.",
    ),
    # connected screens
    "control.screens.title": ("Layar terhubung", "Connected screens"),
    "control.screens.name": ("Layar", "Screen"),
    "control.screens.edition": ("Edisi layar", "Screen's edition"),
    "control.screens.default_edition": ("edisi bawaan", "the default edition"),
    "control.screens.status": ("Status", "Status"),
    "control.screens.shown": ("Sedang menampilkan", "Showing now"),
    "control.screens.seen": ("Terakhir terlihat", "Last seen"),
    "control.screens.connected": ("Terhubung", "Connected"),
    "control.screens.disconnected": ("Terputus", "Disconnected"),
    "control.screens.never": ("Belum pernah", "Never"),
    "control.screens.other_edition": ("edisi {code}", "edition {code}"),
    "control.screens.none": (
        "Belum ada layar terdaftar. Daftarkan TV di halaman Layar Upacara, lalu buka "
        "tautannya (atau pindai kode QR-nya) di peramban TV.",
        "No screen registered yet. Register a TV on the Ceremony Screens page, then open "
        "its link (or scan its QR code) in the TV's browser.",
    ),
    "control.screens.manage": ("Kelola layar", "Manage screens"),
    "control.screens.stale": (
        "Daftar layar tidak dapat dibaca saat ini.",
        "The list of screens cannot be read right now.",
    ),
    # screen settings
    "control.settings.title": ("Pengaturan layar", "Screen settings"),
    "control.settings.slides": ("Slide rotasi", "Rotation slides"),
    "control.settings.slides.help": (
        "Nyalakan slide yang diputar layar, masing-masing {min}–{max} detik.",
        "Switch on the slides the screens rotate, {min}–{max} seconds each.",
    ),
    "control.settings.seconds": ("detik", "seconds"),
    "control.settings.slides.none": (
        "Nyalakan paling sedikit satu slide.",
        "Switch on at least one slide.",
    ),
    "control.settings.slides.seconds": (
        "{slide}: isi lama tampil {min}–{max} detik.",
        "{slide}: fill in {min}–{max} seconds on screen.",
    ),
    "control.settings.show_score": (
        "Tampilkan nilai akhir para juara",
        "Show the winners' final scores",
    ),
    "control.settings.hide_missing": (
        "Hanya tampilkan perangkat daerah yang mengumpulkan di dinding partisipasi",
        "Name only the units that submitted on the participation wall",
    ),
    "control.settings.time": ("Jam upacara", "Ceremony time"),
    "control.settings.time.help": (
        "JJ:MM waktu setempat, untuk hitung mundur",
        "HH:MM local time, for the countdown",
    ),
    "control.settings.prize": ("Hadiah {level}", "Prize, {level}"),
    "control.settings.prize_empty": (
        "Hadiah {level} belum diisi.",
        "The prize for {level} is empty.",
    ),
    "control.settings.save": ("Simpan pengaturan", "Save settings"),
    "control.settings.saved": ("Pengaturan disimpan.", "Settings saved."),
}

"""Texts of the committee's jury tools: conflicts of interest, scoring windows, the history file."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Conflicts of interest
    "conflict.none_label": ("Tidak ada konflik kepentingan", "No conflict of interest"),
    "conflict.required": (
        "Nyatakan dulu ada atau tidaknya konflik kepentingan dengan inovasi ini sebelum menilai",
        "declare first whether you have a conflict of interest with this innovation before "
        "scoring it",
    ),
    "conflict.declared": (
        "Anda menyatakan konflik kepentingan dengan inovasi ini; menunggu keputusan panitia",
        "you declared a conflict of interest with this innovation; awaiting the committee",
    ),
    "conflict.abstained": (
        "Konflik kepentingan dikonfirmasi panitia: Anda abstain untuk inovasi ini",
        "the committee confirmed the conflict of interest: you abstain on this innovation",
    ),
    "conflict.reason_required": (
        "Alasan konflik kepentingan wajib diisi",
        "a reason for the conflict of interest is required",
    ),
    "conflict.already_declared": (
        "Konflik kepentingan sudah dinyatakan; hanya panitia yang memutuskannya",
        "a conflict of interest is already declared; only the committee decides on it",
    ),
    "conflict.not_declared": (
        "Juri {juror} tidak menyatakan konflik kepentingan dengan inovasi {innovation}",
        "juror {juror} declared no conflict of interest with innovation {innovation}",
    ),
    "conflict.no_assignment": (
        "Juri {juror} tidak ditugaskan menilai inovasi {innovation} di tahap mana pun; "
        "tidak ada penilaian yang perlu diganti dengan abstain",
        "juror {juror} is assigned innovation {innovation} in no stage; there is no "
        "assessment to turn into an abstention",
    ),
    "conflict.status.none": ("tidak ada konflik", "no conflict"),
    "conflict.status.declared": ("konflik dinyatakan", "conflict declared"),
    "conflict.status.confirmed": (
        "konflik dikonfirmasi (abstain)",
        "conflict confirmed (abstains)",
    ),
    # Scoring windows
    "window.closed": (
        "Masa penilaian tahap {stage} sudah ditutup atau belum dibuka; lembar hanya dapat dibaca",
        "the scoring window of stage {stage} is closed or not yet open; the sheet is read-only",
    ),
    "window.until_past": (
        "Tanggal perpanjangan {until} sudah lewat",
        "the extension date {until} is already past",
    ),
    "window.extended": (
        "Masa penilaian tahap {stage} diperpanjang sampai {until} untuk {whom}",
        "the scoring window of stage {stage} is extended until {until} for {whom}",
    ),
    "window.all_jurors": ("semua juri", "every juror"),
    # Lookups by code
    "jury.unknown_stage": (
        "Tahap '{stage}' tidak ada pada edisi ini",
        "no stage '{stage}' in this edition",
    ),
    "jury.unknown_juror": (
        "Juri '{juror}' tidak ada pada edisi ini",
        "no juror '{juror}' in this edition",
    ),
    "jury.unknown_innovation": (
        "Inovasi '{innovation}' tidak ada pada edisi ini",
        "no innovation '{innovation}' in this edition",
    ),
    "jury.reopened": ("Lembar dibuka kembali", "sheet reopened"),
    "jury.conflict_confirmed": (
        "Konflik kepentingan dikonfirmasi; penugasan abstain",
        "conflict of interest confirmed; assignments abstain",
    ),
    "jury.saved": ("Disimpan", "saved"),
    # The history file: its columns and events
    "history.sheet": ("Riwayat", "History"),
    "history.col.at": ("Waktu", "Time"),
    "history.col.stage": ("Tahap", "Stage"),
    "history.col.juror": ("Juri", "Juror"),
    "history.col.innovation": ("Inovasi", "Innovation"),
    "history.col.criterion": ("Aspek", "Criterion"),
    "history.col.old": ("Lama", "Old"),
    "history.col.new": ("Baru", "New"),
    "history.col.by": ("Oleh", "By"),
    "history.col.source": ("Dari", "From"),
    "history.col.event": ("Peristiwa", "Event"),
    "history.col.reason": ("Alasan", "Reason"),
    "history.event.score": ("nilai diubah", "score changed"),
    "history.event.score_first": ("nilai diisi", "score entered"),
    "history.event.score_cleared": ("nilai dikosongkan", "score cleared"),
    # Where a line of the score history came from (models/sheets.py HISTORY_SOURCES).
    "history.source.web": ("aplikasi", "app"),
    "history.source.import": ("impor", "import"),
    "history.source.cli": ("baris perintah", "command line"),
    "history.source.rehearsal": ("latihan", "rehearsal"),
    "history.event.submit": ("dikirim", "submitted"),
    "history.event.reopen": ("dibuka kembali", "reopened"),
    "history.title": ("Riwayat lembar penilaian", "Score sheet history"),
    # The berita acara's section on conflicts
    "report.conflicts.heading": (
        "Pernyataan Konflik Kepentingan",
        "Conflict of Interest Declarations",
    ),
    "report.conflicts.intro": (
        "Anggota Dewan Juri berikut menyatakan konflik kepentingan dengan inovasi yang "
        "dinilai. Konflik yang dikonfirmasi panitia membuat juri tersebut abstain untuk "
        "inovasi itu.",
        "The following members of the jury declared a conflict of interest with an innovation "
        "under assessment. A conflict the committee confirmed makes that juror abstain on "
        "that innovation.",
    ),
    "report.conflicts.none": (
        "Tidak ada anggota Dewan Juri yang menyatakan konflik kepentingan.",
        "No member of the jury declared a conflict of interest.",
    ),
    "report.conflicts.col.juror": ("Juri", "Juror"),
    "report.conflicts.col.innovation": ("Inovasi", "Innovation"),
    "report.conflicts.col.reason": ("Alasan", "Reason"),
    "report.conflicts.col.status": ("Keputusan", "Decision"),
    "report.conflicts.pending": ("belum diputuskan", "not yet decided"),
    "report.conflicts.confirmed": ("abstain (dikonfirmasi {by})", "abstains (confirmed by {by})"),
    # CLI help of the jury group
    "cli.help.jury": (
        "alat panitia untuk penilaian juri di aplikasi: buka kembali lembar, riwayat, konflik "
        "kepentingan, perpanjangan masa penilaian",
        "the committee's tools for the jury's scoring in the app: reopen a sheet, history, "
        "conflicts of interest, window extensions",
    ),
    "cli.help.jury.reopen": (
        "buka kembali lembar yang sudah dikirim, dengan alasan yang ditunjukkan ke juri",
        "reopen a submitted sheet, with a reason the juror is shown",
    ),
    "cli.help.jury.history": (
        "riwayat perubahan nilai (semua lembar edisi, atau yang dipilih)",
        "the history of score changes (every sheet of the edition, or those chosen)",
    ),
    "cli.help.jury.conflicts": (
        "daftar pernyataan konflik kepentingan",
        "list the conflict-of-interest declarations",
    ),
    "cli.help.jury.confirm_conflict": (
        "konfirmasi konflik kepentingan yang dinyatakan juri: penugasannya menjadi abstain",
        "confirm a conflict of interest a juror declared: the assignments abstain",
    ),
    "cli.help.jury.extend": (
        "perpanjang masa penilaian suatu tahap sampai tanggal (WIB, inklusif), untuk satu juri "
        "atau semua",
        "extend a stage's scoring window until a date (WIB, inclusive), for one juror or all",
    ),
    "cli.help.jury.stage": (
        "kode tahap: proposal atau presentation",
        "stage code: proposal or presentation",
    ),
    "cli.help.jury.juror": ("kode juri", "juror code"),
    "cli.help.jury.innovation": ("kode inovasi", "innovation code"),
    "cli.help.jury.reason": ("alasan (wajib)", "reason (required)"),
    "cli.help.jury.until": ("tanggal terakhir, YYYY-MM-DD (WIB)", "last day, YYYY-MM-DD (WIB)"),
    "cli.help.jury.format": (
        "format: text (bawaan), csv, atau xlsx (perlu --out)",
        "format: text (default), csv, or xlsx (needs --out)",
    ),
    "cli.help.jury.out": ("berkas tujuan", "file to write"),
    "cli.help.jury.all": (
        "tampilkan juga pernyataan tanpa konflik",
        "also list the declarations of no conflict",
    ),
    "cli.jury.out_required": (
        "--format xlsx memerlukan --out FILE",
        "--format xlsx needs --out FILE",
    ),
    "cli.jury.bad_date": ("Tanggal tidak sah (YYYY-MM-DD)", "invalid date (YYYY-MM-DD)"),
}

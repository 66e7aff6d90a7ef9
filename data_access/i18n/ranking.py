"""Texts of the Peringkat page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "ranking.name": ("Peringkat", "Ranking"),
    "ranking.subtitle": (
        "Urutan menurut aturan penilaian, dengan nilai yang menentukannya · hanya untuk panitia",
        "The order the scoring rules give, with the scores that decided it · committee only",
    ),
    "ranking.stage.proposal": ("Proposal", "Proposal"),
    "ranking.stage.presentation": ("Presentasi", "Presentation"),
    "ranking.table.title": ("Peringkat Inovasi", "Innovation Ranking"),
    "ranking.truncated": (
        "Menampilkan {shown} teratas dari {total} inovasi.",
        "Showing the top {shown} of {total} innovations.",
    ),
    "ranking.truncated.export": ("Daftar lengkap ada di ekspor", "The full list is in the"),
    "ranking.truncated.xlsx": ("Excel", "Excel"),
    "ranking.truncated.csv": ("CSV", "CSV"),
    # What follows the two links: Indonesian names the export before them, English after.
    "ranking.truncated.end": (".", " export."),
    "ranking.empty": ("Belum ada inovasi yang lolos administrasi", "No innovation has passed yet"),
    # Columns.
    "ranking.col.rank": ("Peringkat", "Rank"),
    "ranking.col.rank.short": ("#", "#"),
    "ranking.col.code": ("Kode", "Code"),
    "ranking.col.title": ("Judul", "Title"),
    "ranking.col.unit": ("Perangkat Daerah", "Government Unit"),
    "ranking.col.proposal": ("Nilai Proposal", "Proposal Score"),
    "ranking.col.presentation": ("Nilai Presentasi", "Presentation Score"),
    "ranking.col.final": ("Nilai Akhir", "Final Score"),
    "ranking.col.status": ("Keterangan", "Status"),
    "ranking.col.reason": ("Mengapa di posisi ini", "Why this position"),
    # Tiers.
    "ranking.tier.1": ("Finalis dengan nilai akhir", "Finalists with a final score"),
    "ranking.tier.2": ("Inovasi lain dengan nilai", "Other innovations with a score"),
    "ranking.tier.2.alone": ("Inovasi dengan nilai", "Innovations with a score"),
    "ranking.tier.3": ("Belum ada nilai", "No score yet"),
    "ranking.tier.count": ("{count} inovasi", "{count} innovations"),
    # Badges.
    "ranking.badge.finalist": ("Finalis", "Finalist"),
    "ranking.waiting_note": ("menunggu nilai presentasi", "waiting for a presentation score"),
    "ranking.badge.candidate": ("Kandidat finalis", "Finalist candidate"),
    "ranking.badge.tie": ("Seri", "Tie"),
    "ranking.badge.award.1": ("Juara I", "Winner (1st)"),
    "ranking.badge.award.2": ("Juara II", "Runner-up (2nd)"),
    "ranking.badge.award.3": ("Juara III", "Third place"),
    # Notices.
    "ranking.normalization.title": ("Normalisasi z-score aktif", "Z-score normalisation is on"),
    "ranking.normalization.body": (
        "Setiap nilai lembar diubah menjadi 50 + 10 × z per juri dan tahap sebelum dirata-rata: "
        "Nilai Proposal, Nilai Presentasi dan Nilai Akhir di bawah ini adalah nilai "
        "ternormalisasi. Sebaran nilai dan keketatan juri memakai nilai asli dari juri.",
        "Every sheet score becomes 50 + 10 × z per juror and stage before averaging: the proposal, "
        "presentation and final scores below are normalised. Score spread and juror severity use "
        "the jurors' raw scores.",
    ),
    "ranking.awards.no_finalists": (
        "Juara belum dapat ditetapkan: finalis belum ditentukan",
        "The winners cannot be decided yet: the finalists have not been chosen",
    ),
    "ranking.awards.waiting": (
        "Juara belum ditetapkan: menunggu nilai presentasi untuk {count} finalis",
        "The winners are not decided yet: waiting for presentation scores of {count} finalists",
    ),
    "ranking.awards.decided": (
        "Semua finalis sudah memiliki nilai presentasi: Juara I, II dan III ditandai di tabel",
        "Every finalist has a presentation score: Juara I, II and III are marked in the table",
    ),
    "ranking.awards.tie": (
        "Ada seri di antara calon juara: diputuskan oleh dewan juri, bukan oleh sistem",
        "There is a tie among the winners: the jury settles it, not the system",
    ),
    "ranking.candidates": (
        "Belum ada finalis. {count} inovasi teratas menurut Nilai Proposal ditandai "
        "“Kandidat finalis” (jumlah finalis edisi ini: {target}); mereka belum finalis",
        "No finalists yet. The top {count} innovations by proposal score are marked "
        "“Finalist candidate” (this edition's finalist count: {target}); "
        "they are not finalists yet",
    ),
    # Why a row stands where it stands.
    "ranking.reason.top": ("peringkat teratas", "top of the ranking"),
    "ranking.reason.alone": ("satu-satunya inovasi bernilai", "the only innovation with a score"),
    "ranking.reason.unscored": (
        "belum ada nilai proposal yang lengkap; diurutkan menurut kode, tanpa peringkat",
        "no complete proposal score yet; listed by code, without a rank",
    ),
    # As a person would say it: "Unggul 0,32 poin dari I004 pada nilai akhir".
    "ranking.reason.above": (
        "unggul {gap} poin dari {code} pada {label}",
        "{gap} points ahead of {code} on the {label}",
    ),
    "ranking.reason.below": (
        "tertinggal {gap} poin dari {code} pada {label}",
        "{gap} points behind {code} on the {label}",
    ),
    "ranking.reason.above_tiebreak": (
        "{equal} sama dengan {code}, tetapi unggul {gap} poin pada {label}",
        "the same {equal} as {code}, but {gap} points ahead on the {label}",
    ),
    "ranking.reason.below_tiebreak": (
        "{equal} sama dengan {code}, tetapi tertinggal {gap} poin pada {label}",
        "the same {equal} as {code}, but {gap} points behind on the {label}",
    ),
    # The same when one of the two has no such score yet (no gap to tell).
    "ranking.reason.above_missing": (
        "di atas {code}, yang belum punya {label}",
        "above {code}, which has no {label} yet",
    ),
    "ranking.reason.below_missing": (
        "di bawah {code}: belum punya {label}",
        "below {code}: no {label} yet",
    ),
    # The deciding scores as words inside a sentence.
    "ranking.score.final": ("nilai akhir", "final score"),
    "ranking.score.presentation": ("nilai presentasi", "presentation score"),
    "ranking.score.proposal": ("nilai proposal", "proposal score"),
    "ranking.reason.tie": (
        "seri dengan {codes} — sama pada semua nilai, diputuskan oleh dewan juri",
        "tied with {codes} — equal on every score, to be settled by the jury",
    ),
    "ranking.reason.tier_above.2": (
        "di atas semua inovasi lain dengan nilai",
        "above every other innovation with a score",
    ),
    "ranking.reason.tier_above.3": (
        "di atas semua inovasi yang belum bernilai",
        "above every innovation without a score",
    ),
    "ranking.reason.tier_below.1": (
        "di bawah semua finalis dengan nilai akhir",
        "below every finalist with a final score",
    ),
    "ranking.reason.tier_below.2": (
        "di bawah semua inovasi lain dengan nilai",
        "below every other innovation with a score",
    ),
    "ranking.reason.waiting": (
        "finalis yang masih menunggu nilai presentasi",
        "a finalist still waiting for a presentation score",
    ),
    "ranking.reason.not_finalist": ("bukan finalis", "not a finalist"),
    "ranking.reason.and": (" dan ", " and "),
    # Spread of the jurors' scores.
    "ranking.spread.summary": ("Sebaran nilai juri", "Spread of juror scores"),
    "ranking.spread.stage": (
        "{stage}: {n} juri, {low}–{high}, simpangan baku {sd}",
        "{stage}: {n} jurors, {low}–{high}, standard deviation {sd}",
    ),
    "ranking.spread.none": ("belum ada lembar lengkap", "no complete sheet yet"),
    "ranking.spread.outliers": ("{count} pencilan", "{count} outliers"),
    "ranking.spread.outliers.one": ("1 pencilan", "1 outlier"),
    "ranking.spread.col.stage": ("Tahap", "Stage"),
    "ranking.spread.col.n": ("Jumlah juri", "Jurors"),
    "ranking.spread.col.min": ("Min", "Min"),
    "ranking.spread.col.max": ("Maks", "Max"),
    "ranking.spread.col.mean": ("Rata-rata", "Mean"),
    "ranking.spread.col.sd": ("Simpangan baku", "Standard deviation"),
    "ranking.spread.outlier": (
        "{juror} ({stage}): {score}, {deviation} dari rata-rata {mean}",
        "{juror} ({stage}): {score}, {deviation} from the mean {mean}",
    ),
    "ranking.method": (
        "Sebaran dan pencilan memakai lembar lengkap yang dihitung saja, dengan nilai asli juri. "
        "Simpangan baku: simpangan baku populasi (seberapa jauh nilai para juri menyebar dari "
        "rata-ratanya). Pencilan: lembar yang berselisih lebih dari 10 poin dari "
        "rata-rata semua lembar inovasi itu pada tahap yang sama.",
        "Spread and outliers use counted complete sheets only, with the jurors' raw scores. "
        "Standard deviation: the population's (how far the jurors' scores spread around their "
        "mean). Outlier: a sheet more than 10 points away from the "
        "mean of every sheet of that innovation in the same stage.",
    ),
    # Juror severity.
    "ranking.severity.title": ("Keketatan Juri", "Juror Severity"),
    "ranking.severity.note": (
        "Rata-rata selisih nilai lembar juri dari rata-rata panel untuk inovasi dan tahap yang "
        "sama (hanya inovasi dengan paling sedikit 2 lembar lengkap). Negatif = lebih ketat, "
        "positif = lebih longgar. Data rahasia tingkat juri, hanya untuk panitia.",
        "The mean difference between a juror's sheet scores and the panel mean of the same "
        "innovation and stage (only innovations with at least 2 complete sheets). Negative = "
        "stricter, positive = more lenient. Confidential juror-level data, committee only.",
    ),
    "ranking.severity.none": (
        "Belum ada inovasi dengan dua lembar lengkap atau lebih",
        "No innovation has two or more complete sheets yet",
    ),
    "ranking.severity.col.juror": ("Juri", "Juror"),
    "ranking.severity.col.group": ("Kelompok", "Group"),
    "ranking.severity.col.sheets": ("Lembar", "Sheets"),
    "ranking.severity.col.deviation": ("Selisih", "Difference"),
    "ranking.severity.axis": (
        "Rata-rata selisih dari panel (poin)",
        "Mean difference from the panel (points)",
    ),
    "ranking.severity.stricter": ("lebih ketat", "stricter"),
    "ranking.severity.lenient": ("lebih longgar", "more lenient"),
}

"""Texts of the audit view (/audit and its downloads): who did what and when."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "audit.title": ("Jejak Audit", "Audit Trail"),
    # One line for the committee's console hub, beside the page's link.
    "audit.description": (
        "Siapa melakukan apa dan kapan: persetujuan, pengumuman, impor, akun, nilai.",
        "Who did what and when: approvals, the reveal, imports, accounts, scores.",
    ),
    "audit.intro": (
        "Setiap tindakan yang tercatat, terbaru di atas. Persempit dengan saringan, lalu "
        "unduh hasilnya. Halaman ini hanya untuk panitia: memuat nilai tiap juri.",
        "Every recorded action, newest first. Narrow it with the filters, then download "
        "the result. This page is the committee's alone: it holds each juror's scores.",
    ),
    "audit.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "audit.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "audit.bad_date": (
        "Tanggal tidak dikenali: {value}. Gunakan format TTTT-BB-HH, misalnya 2026-12-07.",
        "Date not recognised: {value}. Use the form YYYY-MM-DD, for example 2026-12-07.",
    ),
    "audit.bad_range": (
        "Tanggal awal ({since}) sesudah tanggal akhir ({until}).",
        "The start date ({since}) is after the end date ({until}).",
    ),
    # The kinds of entry
    "audit.kind.approvals": ("Persetujuan hasil", "Result approvals"),
    "audit.kind.reveal": ("Pengumuman juara", "Winners' reveal"),
    "audit.kind.imports": ("Impor data", "Data imports"),
    "audit.kind.accounts": ("Akun", "Accounts"),
    "audit.kind.scores": ("Nilai juri", "Jurors' scores"),
    "audit.kind.status": ("Seleksi administrasi", "Administrative check"),
    "audit.kind.seri": ("Keputusan seri", "Tie decisions"),
    "audit.kind.windows": ("Perpanjangan penilaian", "Scoring extensions"),
    "audit.kind.conflicts": ("Konflik kepentingan", "Conflicts of interest"),
    "audit.kind.files": ("Berkas dan berita acara", "Files and minutes"),
    "audit.kind.screens": ("Layar upacara", "Ceremony screens"),
    "audit.what.screen.registered": (
        "Layar {name} didaftarkan (tautannya dibuat)",
        "Screen {name} registered (its link made)",
    ),
    "audit.what.screen.renamed": (
        "Layar {old} diberi nama baru {name}",
        "Screen {old} renamed {name}",
    ),
    "audit.what.screen.revoked": (
        "Tautan layar {name} dicabut",
        "Screen {name}'s link revoked",
    ),
    "audit.kind.catalogue": ("Katalog publik", "Public catalogue"),
    "audit.what.catalogue.published": (
        "Edisi {edition} diterbitkan di katalog",
        "Edition {edition} published in the catalogue",
    ),
    "audit.what.catalogue.settings": (
        "Tampilan katalog edisi {edition} diubah",
        "Edition {edition}'s catalogue display changed",
    ),
    "audit.what.catalogue.unpublished": (
        "Edisi {edition} ditarik dari katalog",
        "Edition {edition} withdrawn from the catalogue",
    ),
    "audit.what.catalogue.show_finalists.on": ("finalis tampil", "finalists shown"),
    "audit.what.catalogue.show_finalists.off": ("finalis tidak tampil", "finalists hidden"),
    "audit.what.catalogue.show_innovators.on": ("nama inovator tampil", "innovators shown"),
    "audit.what.catalogue.show_innovators.off": (
        "nama inovator tidak tampil",
        "innovators hidden",
    ),
    "audit.what.catalogue.show_documents.on": ("proposal tampil", "proposals shown"),
    "audit.what.catalogue.show_documents.off": ("proposal tidak tampil", "proposals hidden"),
    "audit.what.minutes.saved": ("Data berita acara disimpan", "Minutes' data saved"),
    "audit.what.minutes.image.stored": (
        "Kop surat atau logo diunggah",
        "Letterhead or logo uploaded",
    ),
    "audit.what.minutes.image.removed": (
        "Kop surat atau logo dihapus",
        "Letterhead or logo removed",
    ),
    "audit.what.photo.set": ("Foto inovasi diunggah", "Innovation photo uploaded"),
    "audit.what.photo.caption": ("Keterangan foto diubah", "Photo caption changed"),
    "audit.what.photo.removed": ("Foto inovasi dihapus", "Innovation photo removed"),
    "audit.what.document.set": ("Proposal PDF diunggah: {name}", "Proposal PDF uploaded: {name}"),
    "audit.what.document.removed": ("Proposal PDF dihapus", "Proposal PDF removed"),
    "audit.kind.backups": ("Cadangan", "Backups"),
    # A backup's file and a restore's source are the entries' subject (data_access/backups/trail).
    "audit.what.backup.manual": (
        "Cadangan dibuat secara manual ({size}, versi data {version})",
        "Backup made by hand ({size}, data version {version})",
    ),
    "audit.what.backup.auto": (
        "Cadangan otomatis sebelum {before} ({size}, versi data {version})",
        "Automatic backup before {before} ({size}, data version {version})",
    ),
    "audit.what.backup.before.import": ("impor data", "a data import"),
    "audit.what.backup.before.approve": ("persetujuan hasil", "approving the results"),
    "audit.what.backup.before.reset": ("reset upacara", "resetting the ceremony"),
    "audit.what.backup.before.restore": ("pemulihan yang menimpanya", "a restore over it"),
    "audit.what.restore.empty": (
        "Basis data kosong diisi dari cadangan ini (versi data {version})",
        "An empty database filled from this backup (data version {version})",
    ),
    "audit.what.restore.replaced": (
        "Basis data diganti dengan isi cadangan ini (versi data {version}); yang lama "
        "dicadangkan dulu ke {safety}",
        "The database replaced by this backup (data version {version}); the old one was "
        "backed up first to {safety}",
    ),
    "audit.what.restore.checked": (
        "jumlah baris sama dengan catatan cadangan",
        "row counts equal the backup's record",
    ),
    "audit.what.restore.unchecked": (
        "tanpa catatan cadangan, jumlah baris tidak dibandingkan",
        "no backup record, row counts not compared",
    ),
    # The filters
    "audit.filters": ("Saringan", "Filters"),
    "audit.filter.kind": ("Jenis", "Kind"),
    # Short: the select is a quarter of a laptop's width; the page's note says the rest.
    "audit.filter.all_kinds": ("Semua jenis + nilai juri", "All kinds + jurors' scores"),
    "audit.filter.committee_kinds": ("Tindakan panitia", "Committee actions"),
    "audit.scores_apart": (
        "{count} perubahan nilai juri tidak didaftar di sini; lihat jenis",
        "{count} changes of jurors' scores are not listed here; see the kind",
    ),
    "audit.every_kind": ("semua jenis bersama", "every kind together"),
    "audit.filter.edition": ("Edisi", "Edition"),
    "audit.filter.all_editions": ("Semua edisi", "All editions"),
    "audit.filter.person": ("Oleh (nama akun)", "By (account name)"),
    "audit.filter.person_help": (
        "Nama akun persis, misalnya panitia; cli untuk baris perintah.",
        "The exact account name, e.g. panitia; cli for the command line.",
    ),
    "audit.filter.since": ("Dari tanggal", "From"),
    "audit.filter.until": ("Sampai tanggal", "Until"),
    "audit.filter.apply": ("Terapkan", "Apply"),
    "audit.filter.clear": ("Hapus saringan", "Clear filters"),
    "audit.count": ("{count} entri", "{count} entries"),
    "audit.count.one": ("1 entri", "1 entry"),
    "audit.count_kind": ("{kind}: {count}", "{kind}: {count}"),
    "audit.page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "audit.prev": ("← Sebelumnya", "← Previous"),
    "audit.next": ("Berikutnya →", "Next →"),
    "audit.paging": ("Halaman entri", "Pages of entries"),
    "audit.none": (
        "Tidak ada entri yang cocok dengan saringan ini.",
        "No entry matches these filters.",
    ),
    "audit.download": ("Unduh", "Download"),
    "audit.download_csv": ("Unduh CSV", "Download CSV"),
    "audit.download_xlsx": ("Unduh XLSX", "Download XLSX"),
    "audit.export_capped": (
        "Unduhan memuat {max} entri terbaru dari {count}; persempit saringan (tanggal, jenis) "
        "untuk yang lebih lama.",
        "A download holds the newest {max} of {count} entries; narrow the filters (dates, "
        "kind) for older ones.",
    ),
    "audit.sheet": ("Jejak audit", "Audit trail"),
    # The columns (page and downloads)
    "audit.col.at": ("Waktu", "Time"),
    "audit.col.actor": ("Oleh", "By"),
    "audit.col.kind": ("Jenis", "Kind"),
    "audit.col.action": ("Tindakan", "Action"),
    "audit.col.edition": ("Edisi", "Edition"),
    "audit.col.subject": ("Pada", "On"),
    "audit.col.what": ("Keterangan", "Description"),
    # What each entry says
    "audit.what.reveal.next": ("Pengumuman maju: {old} → {new}", "Reveal forward: {old} → {new}"),
    "audit.what.reveal.back": ("Pengumuman mundur: {old} → {new}", "Reveal back: {old} → {new}"),
    "audit.what.reveal.reset": (
        "Pengumuman kembali ke awal: {old} → {new}",
        "Reveal reset: {old} → {new}",
    ),
    "audit.what.import": ("Impor data", "Data import"),
    "audit.what.import.table": (
        "{table} {inserted} baru, {updated} diubah",
        "{table} {inserted} new, {updated} changed",
    ),
    "audit.what.import.nothing": ("tidak ada yang berubah", "nothing changed"),
    "audit.what.account": ("Akun {name} diubah", "Account {name} changed"),
    "audit.what.account.added": ("Akun {name} dibuat", "Account {name} created"),
    "audit.what.account.removed": ("Akun {name} dihapus", "Account {name} removed"),
    "audit.what.account.role": ("Peran akun {name} diubah", "Role of account {name} changed"),
    "audit.what.account.profile": ("Data akun {name} diubah", "Details of account {name} changed"),
    "audit.what.account.reset_link": (
        "Tautan atur ulang kata sandi untuk {name} dibuat",
        "Password reset link made for {name}",
    ),
    "audit.what.account.password": (
        "Kata sandi akun {name} diganti",
        "Password of account {name} changed",
    ),
    "audit.what.account.unlocked": ("Akun {name} dibuka kuncinya", "Account {name} unlocked"),
    "audit.what.account_role": ("peran: {role}", "role: {role}"),
    "audit.what.status": (
        "Status administrasi {code}: {old} → {new} (alasan: {reason})",
        "Administrative status of {code}: {old} → {new} (reason: {reason})",
    ),
    "audit.what.seri": (
        "Urutan seri diputuskan: {order} (ketua: {chair}; alasan: {reason})",
        "Tie order decided: {order} (chair: {chair}; reason: {reason})",
    ),
    "audit.what.window": (
        "{stage} diperpanjang sampai {until} untuk {whom}",
        "{stage} extended until {until} for {whom}",
    ),
    "audit.what.window.all": ("semua juri", "every juror"),
    "audit.what.window.juror": ("juri {juror}", "juror {juror}"),
    "audit.what.conflict": (
        "Juri {juror} menyatakan konflik kepentingan pada {code}: {reason}",
        "Juror {juror} declared a conflict of interest on {code}: {reason}",
    ),
    "audit.what.no_conflict": (
        "Juri {juror} menyatakan tidak ada konflik kepentingan pada {code}",
        "Juror {juror} declared no conflict of interest on {code}",
    ),
    "audit.what.conflict_confirmed": (
        "Konflik kepentingan juri {juror} pada {code} dikonfirmasi",
        "Conflict of interest of juror {juror} on {code} confirmed",
    ),
    "audit.what.approval.approve": (
        "Hasil disetujui (sidik {hash})",
        "Results approved (fingerprint {hash})",
    ),
    "audit.what.approval.reapprove": (
        "Hasil disetujui ulang (sidik {hash})",
        "Results approved again (fingerprint {hash})",
    ),
    "audit.what.approval.cancel": ("Persetujuan hasil dibatalkan", "Approval of results cancelled"),
    "audit.what.score": (
        "Nilai {juror} untuk {code} ({stage}), aspek {criterion}: {old} → {new} ({source})",
        "Score of {juror} for {code} ({stage}), criterion {criterion}: {old} → {new} ({source})",
    ),
    "audit.what.score.submit": (
        "Lembar {juror} untuk {code} ({stage}) dikirim",
        "Sheet of {juror} for {code} ({stage}) submitted",
    ),
    "audit.what.score.reopen": (
        "Lembar {juror} untuk {code} ({stage}) dibuka kembali: {reason}",
        "Sheet of {juror} for {code} ({stage}) reopened: {reason}",
    ),
    "audit.what.other": ("{action}", "{action}"),
}

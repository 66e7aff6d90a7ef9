"""Texts of the jury's seri decision: its refusals, the screens' wording, the CLI and /kendali."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Refusals of the data layer (data_access/ceremony/seri.py).
    "seri.refused.order": (
        "Urutan harus menyebut setiap inovasi yang seri tepat sekali (minimal dua kode)",
        "the order must name each tied innovation exactly once (at least two codes)",
    ),
    "seri.refused.reason": (
        "Alasan keputusan dewan juri wajib diisi (paling banyak 2000 karakter)",
        "the reason for the jury's decision is required (at most 2000 characters)",
    ),
    "seri.refused.chair": (
        "Nama ketua dewan juri wajib diisi (paling banyak 120 karakter)",
        "the name of the jury's chair is required (at most 120 characters)",
    ),
    "seri.refused.not_a_tie": (
        "Tidak ada seri di Juara I–III yang terdiri tepat dari inovasi {codes}",
        "no seri at Juara I–III is made of exactly the innovations {codes}",
    ),
    "seri.refused.approved": (
        "Hasil sudah disetujui: batalkan persetujuan dulu untuk mengubah keputusan seri",
        "The results are approved: cancel the approval first to change a seri decision",
    ),
    # What every screen showing a decided place says (kiosk, berita acara, /kendali).
    "seri.decided": ("berdasarkan keputusan dewan juri", "by decision of the jury"),
    "seri.decision.line": (
        "Keputusan dewan juri atas seri: {order}. Alasan: {reason}. Ketua: {chair} "
        "(dicatat oleh {by}, {at})",
        "The jury's decision on a seri: {order}. Reason: {reason}. Chair: {chair} "
        "(recorded by {by}, {at})",
    ),
    "seri.decision.not_approved": (
        "belum masuk hasil yang disetujui: setujui ulang untuk memakainya",
        "not in the approved results yet: approve again to use it",
    ),
    "seri.decision.stale": (
        "tidak berlaku: seri ini tidak ada lagi di peringkat saat ini",
        "not applied: the live ranking no longer has this seri",
    ),
    "seri.decision.none": ("Belum ada keputusan dewan juri atas seri.", "No jury seri decision."),
    # The decision's panel on /kendali (dashboard/pages/control/seri.py).
    "control.seri.title": ("Keputusan seri dewan juri", "The jury's seri decision"),
    "control.seri.summary": ("Juara I–III menurut data terkini", "Juara I–III from the live data"),
    "control.seri.summary.note": (
        "Sampai di layar upacara setelah hasil disetujui.",
        "Reaches the ceremony screens once the results are approved.",
    ),
    "control.seri.tie": ("seri", "tie"),
    "control.seri.rank": ("Peringkat {rank}", "Rank {rank}"),
    "control.seri.group": ("Seri", "Tie"),
    "control.seri.group.option": ("Seri di {place}: {codes}", "Tie at {place}: {codes}"),
    "control.seri.none": (
        "Belum ada keputusan: {count} inovasi berbagi {place}. Susun urutannya menurut "
        "keputusan dewan juri.",
        "No decision yet: {count} innovations share {place}. Put them in the order the jury "
        "decided.",
    ),
    "control.seri.recorded": (
        "Keputusan tercatat ({by}, {at}). Ubah lalu simpan lagi, atau hapus.",
        "Decision recorded ({by}, {at}). Change it and save again, or remove it.",
    ),
    "control.seri.order": ("Urutan keputusan", "The decided order"),
    "control.seri.order.help": (
        "Pilih satu inovasi, lalu geser dengan Naik atau Turun.",
        "Pick an innovation, then move it with Up or Down.",
    ),
    "control.seri.up": ("Naik", "Up"),
    "control.seri.down": ("Turun", "Down"),
    "control.seri.reason": ("Alasan keputusan", "Reason for the decision"),
    "control.seri.chair": ("Ketua dewan juri", "Chair of the jury"),
    "control.seri.chair.help": (
        "Pilih dari dewan juri edisi ini atau ketik namanya.",
        "Pick one of this edition's jurors or type the name.",
    ),
    "control.seri.save": ("Simpan keputusan", "Save the decision"),
    "control.seri.clear": ("Hapus keputusan", "Remove the decision"),
    "control.seri.saved": (
        "Keputusan dewan juri dicatat. Setujui hasil agar berlaku di layar upacara.",
        "The jury's decision is recorded. Approve the results to use it on the ceremony screens.",
    ),
    "control.seri.cleared": (
        "Keputusan dewan juri dihapus; inovasi yang seri kembali berbagi peringkat.",
        "The jury's decision is removed; the tied innovations share their place again.",
    ),
    "control.seri.nothing_cleared": (
        "Tidak ada keputusan tercatat untuk seri ini.",
        "No decision is recorded for this tie.",
    ),
    "control.seri.dialog.title": ("Hapus keputusan seri?", "Remove the seri decision?"),
    "control.seri.dialog.body": (
        "Keputusan dewan juri atas seri ini dihapus. Inovasi yang seri kembali berbagi "
        "peringkat sampai keputusan baru dicatat.",
        "The jury's decision on this tie is removed. The tied innovations share their place "
        "again until a new decision is recorded.",
    ),
    "control.seri.dialog.cancel": ("Batal", "Cancel"),
    "control.seri.dialog.ok": ("Ya, hapus", "Yes, remove it"),
    # The command line (data_access/cli/ceremony.py).
    "cli.help.ceremony.seri": (
        "catat keputusan dewan juri atas seri di Juara I–III (berlaku pada persetujuan berikutnya)",
        "record the jury's decision on a seri at Juara I–III (used by the next approval)",
    ),
    "cli.help.ceremony.seri.order": (
        "kode inovasi yang seri, dipisah koma, menurut urutan keputusan",
        "the tied innovations' codes, comma-separated, in the decided order",
    ),
    "cli.help.ceremony.seri.reason": ("alasan keputusan", "the reason for the decision"),
    "cli.help.ceremony.seri.chair": ("nama ketua dewan juri", "the name of the jury's chair"),
    "cli.help.ceremony.seri.clear": (
        "hapus keputusan yang tercatat (semua, atau kelompok --order)",
        "remove the recorded decisions (all, or the --order group)",
    ),
    "cli.seri_recorded": ("Keputusan seri dicatat", "seri decision recorded"),
    "cli.seri_cleared": ("Keputusan seri dihapus", "seri decisions removed"),
    "cli.seri_needs": (
        "Berikan --order, --reason dan --chair, atau --clear",
        "give --order, --reason and --chair, or --clear",
    ),
}

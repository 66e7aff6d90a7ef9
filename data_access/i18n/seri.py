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

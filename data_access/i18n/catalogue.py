"""Texts of publishing the public catalogue: the command line and the refusals."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.help.catalogue": (
        "Katalog Inovasi publik (/katalog): terbitkan atau tarik sebuah edisi.",
        "The public innovation catalogue (/katalog): publish or withdraw an edition.",
    ),
    "cli.help.catalogue.publish": (
        "Terbitkan edisi di katalog publik, atau ubah apa yang ditampilkannya. Judul, unit, "
        "kategori, ringkasan dan foto tampil; penghargaan tampil sendiri setelah pengumuman "
        "mencapai “Semua juara”. Nilai, juri dan peringkat tidak pernah tampil.",
        "Publish the edition in the public catalogue, or change what it shows. Titles, "
        "units, categories, summaries and photos show; the awards appear by themselves once "
        "the reveal reaches “All winners”. Scores, jurors and ranks never show.",
    ),
    "cli.help.catalogue.unpublish": (
        "Tarik edisi dari katalog publik (semua halamannya tidak bisa dibuka lagi).",
        "Withdraw the edition from the public catalogue (none of its pages open any more).",
    ),
    "cli.help.catalogue.list": (
        "Tampilkan edisi yang terbit di katalog dan pilihan tampilannya.",
        "List the editions published in the catalogue and what they show.",
    ),
    "cli.help.catalogue.edition": ("Kode edisi.", "The edition's code."),
    "cli.help.catalogue.finalists": (
        "Tampilkan (atau sembunyikan) para finalis setelah pengumuman selesai.",
        "Show (or hide) the finalists once the reveal is over.",
    ),
    "cli.help.catalogue.innovators": (
        "Tampilkan (atau sembunyikan) nama inovator.",
        "Show (or hide) the innovators' names.",
    ),
    "cli.help.catalogue.documents": (
        "Tampilkan (atau sembunyikan) dokumen proposal (PDF) untuk diunduh publik.",
        "Show (or hide) the proposal documents (PDF) for the public to download.",
    ),
    "cli.help.catalogue.by": (
        "Siapa yang menerbitkan, untuk jejak audit (bawaan: $USER).",
        "Who publishes, for the audit trail (default: $USER).",
    ),
    "cli.catalogue_published": ("Terbit di katalog", "published in the catalogue"),
    "cli.catalogue_unchanged": ("Tidak ada yang berubah", "nothing changed"),
    "cli.catalogue_unpublished": ("Ditarik dari katalog", "withdrawn from the catalogue"),
    "cli.catalogue_not_published": (
        "Edisi ini memang belum terbit di katalog",
        "this edition was not published in the catalogue",
    ),
}

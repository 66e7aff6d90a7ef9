"""Texts of the committee's catalogue page (/kelola-katalog) and its line on the console."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "catalogue_admin.title": ("Kelola Katalog", "Manage the Catalogue"),
    "console.tool.catalogue": (
        "Terbitkan edisi di Katalog Inovasi publik dan pilih apa yang ditampilkannya.",
        "Publish editions in the public innovation catalogue and choose what they show.",
    ),
    "catalogue_admin.back": ("Kembali ke Konsol Panitia", "Back to the Committee Console"),
    "catalogue_admin.intro": (
        "Katalog Inovasi (/katalog) terbuka untuk umum. Sebuah edisi tampil di sana hanya "
        "setelah diterbitkan di sini: judul, unit, kategori, ringkasan dan foto. Nilai, juri "
        "dan peringkat tidak pernah tampil; penghargaan tampil sendiri setelah pengumuman "
        "mencapai “Semua juara”.",
        "The innovation catalogue (/katalog) is open to everyone. An edition shows there only "
        "once published here: titles, units, categories, summaries and photos. Scores, "
        "jurors and ranks never show; the awards appear by themselves once the reveal "
        "reaches “All winners”.",
    ),
    "catalogue_admin.none": ("Belum ada edisi.", "No edition yet."),
    "catalogue_admin.published_since": (
        "Terbit sejak {when}, oleh {by}.",
        "Published since {when}, by {by}.",
    ),
    "catalogue_admin.not_published": (
        "Belum terbit: tidak ada yang tampil di katalog publik.",
        "Not published: nothing of it shows in the catalogue.",
    ),
    "catalogue_admin.awards_public": (
        "Penghargaan sudah publik: pengumuman telah mencapai “Semua juara”.",
        "The awards are public: the reveal has reached “All winners”.",
    ),
    "catalogue_admin.awards_later": (
        "Penghargaan belum publik; akan tampil sendiri setelah pengumuman mencapai “Semua juara”.",
        "The awards are not public yet; they will appear by themselves once the reveal "
        "reaches “All winners”.",
    ),
    "catalogue_admin.publish": ("Terbitkan", "Publish"),
    "catalogue_admin.publish_help": (
        "Semua pilihan tampilan mati pada awalnya; nyalakan sesudahnya bila perlu.",
        "Every display switch starts off; turn them on afterwards if needed.",
    ),
    "catalogue_admin.public_link": (
        "Lihat edisi ini di katalog publik →",
        "See this edition in the public catalogue →",
    ),
    "catalogue_admin.switches": ("Yang ditampilkan", "What it shows"),
    "catalogue_admin.switch.show_finalists": ("Tampilkan finalis", "Show the finalists"),
    "catalogue_admin.switch.show_finalists.help": (
        "Setelah pengumuman mencapai “Semua juara”, finalis ditandai di katalog.",
        "Once the reveal reached “All winners”, finalists are marked in the catalogue.",
    ),
    "catalogue_admin.switch.show_innovators": (
        "Tampilkan nama inovator",
        "Show the innovators' names",
    ),
    "catalogue_admin.switch.show_innovators.help": (
        "Nama orang: nyalakan hanya bila para inovator setuju.",
        "People's names: turn on only when the innovators agree.",
    ),
    "catalogue_admin.switch.show_documents": (
        "Tampilkan dokumen proposal",
        "Show the proposal documents",
    ),
    "catalogue_admin.switch.show_documents.help": (
        "Proposal PDF yang sudah diunggah dapat diunduh siapa saja.",
        "The uploaded proposal PDFs can be downloaded by anyone.",
    ),
    "catalogue_admin.save": ("Simpan pilihan", "Save the choices"),
    "catalogue_admin.unpublish": ("Tarik dari katalog", "Withdraw from the catalogue"),
    "catalogue_admin.unpublish_confirm": (
        "Tarik {name} dari katalog? Semua halamannya tidak dapat dibuka lagi sampai "
        "diterbitkan kembali; pilihan tampilannya tidak disimpan.",
        "Withdraw {name} from the catalogue? None of its pages opens until it is published "
        "again; its display choices are not kept.",
    ),
    "catalogue_admin.unpublish_yes": ("Ya, tarik dari katalog", "Yes, withdraw it"),
    "catalogue_admin.done.published": (
        "{name} terbit di katalog.",
        "{name} is published in the catalogue.",
    ),
    "catalogue_admin.already_published": (
        "{name} sudah terbit di katalog.",
        "{name} is already published in the catalogue.",
    ),
    "catalogue_admin.done.settings": (
        "Pilihan tampilan {name} disimpan.",
        "{name}'s display choices saved.",
    ),
    "catalogue_admin.done.unpublished": (
        "{name} ditarik dari katalog.",
        "{name} is withdrawn from the catalogue.",
    ),
    "catalogue_admin.refused.not_published": (
        "{name} tidak terbit di katalog; muat ulang halaman ini.",
        "{name} is not published in the catalogue; reload this page.",
    ),
    "catalogue_admin.too_large": (
        "Permintaan terlalu besar untuk formulir ini.",
        "The request is too large for this form.",
    ),
    "catalogue_admin.db_error": (
        "Basis data tidak dapat dibaca atau ditulis saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read or written right now. Try again in a moment.",
    ),
}

"""Texts of the public catalogue's pages (/katalog, an innovation's page, a unit's page)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The frame every catalogue page shares.
    "katalog.site": ("Katalog Inovasi", "Innovation Catalogue"),
    "katalog.site.owner": ("KIPP Kabupaten Kudus", "KIPP Kudus Regency"),
    "katalog.skip": ("Lewati ke isi", "Skip to content"),
    "katalog.login": ("Masuk panitia", "Committee sign-in"),
    "katalog.language": ("Bahasa", "Language"),
    "katalog.footer": (
        "Katalog Inovasi Pelayanan Publik Kabupaten Kudus: inovasi setiap edisi KIPP yang "
        "telah diterbitkan panitia. Penghargaan tampil setelah diumumkan.",
        "The public-service innovation catalogue of Kudus Regency: the innovations of every "
        "KIPP edition the committee has published. Awards show once announced.",
    ),
    "katalog.description": (
        "Inovasi pelayanan publik Kabupaten Kudus dari setiap edisi Kompetisi Inovasi "
        "Pelayanan Publik (KIPP): judul, unit, kategori, ringkasan dan para juara.",
        "Public-service innovations of Kudus Regency from every edition of the Public "
        "Service Innovation Competition (KIPP): titles, units, categories, summaries and "
        "winners.",
    ),
    # The list.
    "katalog.title": ("Katalog Inovasi", "Innovation Catalogue"),
    "katalog.intro": (
        "Inovasi pelayanan publik yang diikutkan dalam KIPP Kabupaten Kudus, edisi terbaru "
        "lebih dahulu.",
        "Public-service innovations entered in KIPP Kudus Regency, newest edition first.",
    ),
    "katalog.closed.title": ("Katalog belum dibuka", "The catalogue is not open yet"),
    "katalog.closed.body": (
        "Katalog Inovasi dibuka setelah upacara penganugerahan, ketika panitia menerbitkan "
        "sebuah edisi. Silakan kembali lagi nanti.",
        "The Innovation Catalogue opens after the award ceremony, when the committee "
        "publishes an edition. Please come back later.",
    ),
    "katalog.filters": ("Saring katalog", "Filter the catalogue"),
    "katalog.search": ("Cari", "Search"),
    "katalog.search.hint": (
        "Judul, unit atau ringkasan",
        "Title, unit or summary",
    ),
    "katalog.filter.edisi": ("Edisi", "Edition"),
    "katalog.filter.tahun": ("Tahun", "Year"),
    "katalog.filter.opd": ("Perangkat daerah", "Government unit"),
    "katalog.filter.kategori": ("Kategori", "Category"),
    "katalog.filter.juara": ("Hanya para juara", "Winners only"),
    "katalog.filter.any": ("Semua", "All"),
    "katalog.filter.submit": ("Terapkan", "Apply"),
    "katalog.active": ("Saringan aktif", "Active filters"),
    "katalog.active.remove": ("hapus saringan {name}", "remove filter {name}"),
    "katalog.active.clear": ("Hapus semua saringan", "Clear all filters"),
    "katalog.active.search": ("Cari: “{text}”", "Search: “{text}”"),
    "katalog.active.winners": ("Para juara", "Winners"),
    # Printed only: the paper names the filters its list was made with.
    "katalog.print.filtered": ("Disaring: {filters}", "Filtered: {filters}"),
    # The open data of the list's filters (/katalog.xlsx, .csv, .json).
    "katalog.data": (
        "Data terbuka hasil ini (semua halaman)",
        "Open data of these results (every page)",
    ),
    "katalog.data.xlsx": ("Unduh Excel (XLSX)", "Download Excel (XLSX)"),
    "katalog.data.csv": ("CSV", "CSV"),
    "katalog.data.json": ("JSON", "JSON"),
    "katalog.count": ("{count} inovasi", "{count} innovations"),
    "katalog.count.one": ("1 inovasi", "1 innovation"),
    "katalog.count.range": (
        "Menampilkan {first}–{last} dari {count} inovasi",
        "Showing {first}–{last} of {count} innovations",
    ),
    "katalog.empty": (
        "Tidak ada inovasi yang cocok dengan saringan ini. Coba kata lain atau hapus "
        "sebagian saringan.",
        "No innovation matches these filters. Try other words or remove some filters.",
    ),
    "katalog.pages": ("Halaman hasil", "Result pages"),
    "katalog.page": ("Halaman {page}", "Page {page}"),
    "katalog.page.of": ("halaman {page} dari {pages}", "page {page} of {pages}"),
    "katalog.page.previous": ("Sebelumnya", "Previous"),
    "katalog.page.next": ("Berikutnya", "Next"),
    # An entry, in a card and on its page.
    "katalog.award.1": ("Juara I", "First Place"),
    "katalog.award.2": ("Juara II", "Second Place"),
    "katalog.award.3": ("Juara III", "Third Place"),
    "katalog.award.tie": ("{award} (bersama)", "{award} (joint)"),
    "katalog.finalist": ("Finalis", "Finalist"),
    "katalog.edition_year": ("{edition} · {year}", "{edition} · {year}"),
    # An innovation's page.
    "katalog.item.unit": ("Unit", "Unit"),
    "katalog.item.opd": ("Perangkat daerah", "Government unit"),
    "katalog.item.category": ("Kategori", "Category"),
    "katalog.item.edition": ("Edisi", "Edition"),
    "katalog.item.year": ("Tahun", "Year"),
    "katalog.item.code": ("Kode", "Code"),
    "katalog.item.innovator": ("Inovator", "Innovator"),
    "katalog.item.award": ("Penghargaan", "Award"),
    "katalog.item.summary": ("Ringkasan", "Summary"),
    "katalog.item.no_summary": (
        "Ringkasan inovasi ini belum tersedia.",
        "No summary of this innovation yet.",
    ),
    "katalog.item.document": ("Dokumen proposal (PDF)", "Proposal document (PDF)"),
    "katalog.item.lineage": (
        "Inovasi yang sama di edisi lain",
        "The same innovation in other editions",
    ),
    "katalog.item.back": ("Kembali ke katalog", "Back to the catalogue"),
    "katalog.item.description": (
        "Inovasi {unit} di {edition}.",
        "An innovation of {unit} in {edition}.",
    ),
    # A unit's page.
    "katalog.unit.intro": (
        "Semua inovasi yang diikutkan {unit} (dan unit di bawahnya) di KIPP, edisi demi edisi.",
        "Every innovation {unit} (and its units) entered in KIPP, edition by edition.",
    ),
    "katalog.unit.description": (
        "Inovasi pelayanan publik {unit} di KIPP Kabupaten Kudus.",
        "Public-service innovations of {unit} in KIPP Kudus Regency.",
    ),
    "katalog.unit.part_of": ("Bagian dari", "Part of"),
    # Under an edition's first cards when it has more (the rest: the list, filtered).
    "katalog.unit.all": ("Lihat semua {count} inovasi", "See all {count} innovations"),
    "katalog.unit.all_where": ("di {edition}", "in {edition}"),
    # Not found, not readable.
    "katalog.not_found.title": ("Halaman tidak ditemukan", "Page not found"),
    "katalog.not_found.body": (
        "Alamat ini tidak ada di Katalog Inovasi (atau edisinya belum diterbitkan).",
        "This address is not in the Innovation Catalogue (or its edition is not published).",
    ),
    "katalog.unavailable.title": ("Katalog sedang tidak tersedia", "Catalogue unavailable"),
    "katalog.unavailable.body": (
        "Katalog tidak dapat dibaca saat ini. Silakan coba lagi sebentar lagi.",
        "The catalogue cannot be read just now. Please try again in a moment.",
    ),
}

"""Texts of the berita acara's own data (/berita-acara): number, signatories, kop and logos."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "minutes.title": ("Berita Acara dan Logo", "Minutes and Logos"),
    "minutes.description": (
        "Nomor, tanggal, tempat dan penanda tangan berita acara; kop surat dan logo untuk "
        "dokumen dan layar upacara.",
        "The minutes' number, date, place and signatories; the letterhead and logos for the "
        "documents and the ceremony screens.",
    ),
    "control.minutes.manage": ("Berita acara dan logo", "Minutes and logos"),
    "minutes.back": ("Kembali ke Kendali Upacara", "Back to Ceremony Control"),
    "minutes.edition": ("Edisi: {edition}", "Edition: {edition}"),
    "minutes.intro": (
        "Yang diisi di sini dicetak pada berita acara (PDF di Ringkasan) dan pada piagam. "
        "Logo juga tampil di layar upacara. Isian yang dikosongkan memakai bawaannya.",
        "What is set here is printed on the minutes (the PDF on the Summary) and on the "
        "certificates. The logos also appear on the ceremony screens. Empty fields take "
        "their defaults.",
    ),
    "minutes.choose_edition": ("Edisi", "Edition"),
    "minutes.show": ("Tampilkan", "Show"),
    "minutes.no_edition": ("Belum ada edisi.", "There is no edition yet."),
    "minutes.db_error": (
        "Basis data tidak dapat dibaca saat ini. Coba lagi sebentar lagi.",
        "The database cannot be read right now. Try again in a moment.",
    ),
    "minutes.too_large": ("Isian formulir terlalu besar", "The form is too large"),
    "minutes.image_too_large": (
        "Berkas gambar terlalu besar (paling besar 2 MB)",
        "The image file is too large (2 MB at most)",
    ),
    # The data form
    "minutes.data": ("Data berita acara", "The minutes' details"),
    "minutes.field.number": ("Nomor surat", "Reference number"),
    "minutes.field.signed_on": ("Tanggal", "Date"),
    "minutes.signed_on_help": (
        "Kosong: tanggal upacara penganugerahan.",
        "Empty: the award ceremony's date.",
    ),
    "minutes.signed_on_default": (
        "Kosong: tanggal upacara, {date}.",
        "Empty: the ceremony's date, {date}.",
    ),
    "minutes.field.place": ("Tempat", "Place"),
    "minutes.field.chair_code": ("Ketua Dewan Juri", "Chair of the jury"),
    "minutes.no_chair": ("— belum ditentukan —", "— not chosen —"),
    "minutes.chair_help": (
        "Baris tanda tangan ketua dicetak pertama.",
        "The chair's signature line is printed first.",
    ),
    "minutes.known": ("Mengetahui", "Acknowledged by"),
    "minutes.known_help": (
        "Pejabat yang mengetahui berita acara dan menandatangani piagam, misalnya Bupati "
        "Kudus atau Sekretaris Daerah.",
        "The official who acknowledges the minutes and signs the certificates, e.g. the "
        "Regent of Kudus or the Regional Secretary.",
    ),
    "minutes.field.known_title": ("Jabatan", "Office"),
    "minutes.field.known_name": ("Nama", "Name"),
    "minutes.field.known_nip": ("NIP", "NIP (civil servant number)"),
    "minutes.committee": ("Panitia", "Committee"),
    "minutes.committee_help": (
        "Penanda tangan baris Panitia. Kosong: anggota panitia yang menyetujui hasil (nama, "
        "NIP dan jabatan dari halaman Akun), atau tanpa nama bila profilnya kosong.",
        "Who signs the committee's line. Empty: the committee member who approved the "
        "results (name, NIP and jabatan from the Accounts page), or no name when their "
        "profile is empty.",
    ),
    "minutes.committee_placeholder": ("Ketua Panitia", "Chair of the committee"),
    "minutes.field.committee_title": ("Jabatan", "Office"),
    "minutes.field.committee_name": ("Nama", "Name"),
    "minutes.field.committee_nip": ("NIP", "NIP (civil servant number)"),
    "minutes.nip_help": (
        "NIP: 18 angka (spasi boleh), atau kosong.",
        "NIP: 18 digits (spaces allowed), or empty.",
    ),
    "minutes.save": ("Simpan data berita acara", "Save the minutes' details"),
    "minutes.saved": ("Data berita acara disimpan.", "The minutes' details are saved."),
    # The jury's lines
    "minutes.jury": ("Baris tanda tangan Dewan Juri", "The jury's signature lines"),
    "minutes.jury.intro": (
        "Berita acara memuat satu baris tanda tangan untuk setiap anggota Dewan Juri edisi "
        "ini ({count}), dalam urutan berikut:",
        "The minutes hold one signature line for every juror of this edition ({count}), in "
        "this order:",
    ),
    "minutes.jury.none": (
        "Belum ada juri tercatat: berita acara belum memuat baris tanda tangan juri.",
        "No juror recorded yet: the minutes hold no juror signature line.",
    ),
    "minutes.jury.chair": ("Ketua Dewan Juri", "Chair of the jury"),
    "minutes.jury.member": ("Anggota Dewan Juri", "Member of the jury"),
    # The images
    "minutes.images": ("Kop surat dan logo", "Letterhead and logos"),
    "minutes.images.intro": (
        "Gambar PNG atau JPEG.",
        "PNG or JPEG images.",
    ),
    "minutes.image.limit": ("Paling besar {limit} MB.", "At most {limit} MB."),
    "minutes.image.kop": ("Kop surat", "Letterhead"),
    "minutes.image.kop.help": (
        "Selebar halaman di atas halaman pertama berita acara. Hanya untuk panitia.",
        "Full width at the top of the minutes' first page. The committee's only.",
    ),
    "minutes.image.regency_logo": ("Logo Kabupaten", "Regency logo"),
    "minutes.image.regency_logo.help": (
        "Di piagam dan di layar upacara (pembuka dan para juara).",
        "On the certificates and the ceremony screens (opening and winners).",
    ),
    "minutes.image.competition_logo": ("Logo KIPP", "Competition logo"),
    "minutes.image.competition_logo.help": (
        "Di piagam dan di layar upacara (pembuka dan para juara).",
        "On the certificates and the ceremony screens (opening and winners).",
    ),
    "minutes.image.none": (
        "Belum ada. Layar menampilkan tulisan KIPP Kabupaten Kudus.",
        "None yet. The screens show the words KIPP Kabupaten Kudus.",
    ),
    "minutes.image.none.kop": (
        "Belum ada. Berita acara dicetak tanpa kop surat.",
        "None yet. The minutes are printed without a letterhead.",
    ),
    "minutes.image.choose": ("Pilih berkas", "Choose a file"),
    "minutes.image.upload": ("Unggah", "Upload"),
    "minutes.image.remove": ("Hapus", "Remove"),
    "minutes.image_saved": ("{image} disimpan.", "{image} saved."),
    "minutes.image_removed": ("{image} dihapus.", "{image} removed."),
    "minutes.image_absent": ("{image} memang belum ada.", "There was no {image}."),
    # Refusals
    "minutes.refused.nip": (
        "NIP harus 18 angka (atau kosong): {value!r}",
        "A NIP is 18 digits (or empty): {value!r}",
    ),
    "minutes.refused.date": (
        "Tanggal tidak terbaca: {value!r}",
        "The date cannot be read: {value!r}",
    ),
    "minutes.refused.too_long": (
        "{field} terlalu panjang (paling banyak {max} karakter)",
        "{field} is too long ({max} characters at most)",
    ),
    "minutes.refused.chair": (
        "Juri {code!r} bukan juri edisi ini",
        "Juror {code!r} is not a juror of this edition",
    ),
    "minutes.refused.kind": ("Jenis gambar tidak dikenal", "Unknown kind of image"),
    "minutes.refused.no_file": ("Pilih berkas gambar dulu", "Choose an image file first"),
    "minutes.refused.image_size": (
        "Gambar terlalu besar (paling besar {limit} MB)",
        "The image is too large ({limit} MB at most)",
    ),
    "minutes.refused.image_type": (
        "Hanya gambar PNG atau JPEG yang diterima",
        "Only PNG or JPEG images are accepted",
    ),
    "minutes.refused.image_broken": (
        "Berkas ini tidak terbaca sebagai gambar PNG atau JPEG",
        "This file cannot be read as a PNG or JPEG image",
    ),
    "minutes.refused.image_pixels": (
        "Ukuran gambar terlalu besar (paling banyak 25 juta piksel)",
        "The picture is too large (25 million pixels at most)",
    ),
}

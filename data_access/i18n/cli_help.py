"""Help texts of the command line (python -m data_access --help), which shows both: "teks / text".

Each command and option passes its key to click as help= (data_access/cli/common.py
`help_text`), so a help text stays beside its command in the code while its words live
here. A key is named for the command's path and then its option: "cli.help.users.add.role".
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The group and what every command shares (data_access/cli/__init__.py, common.py).
    "cli.help.root": ("basis data nilai", "the scores database"),  # after "KIPP Live: "
    "cli.help.root.epilog": (
        "Tanpa --edition, perintah yang hanya membaca (results, progress, participation, "
        "ceremony status, export) memakai edisi bawaan: yang upacaranya berjalan, lalu yang "
        "disetujui, lalu yang terbaru; perintah yang mengubah edisi (ceremony approve/next/"
        "back/reset/settings/photo, kiosk token create) memakai satu-satunya edisi, atau "
        "meminta --edition.",
        "Without --edition, read-only commands use the default edition: the one whose reveal "
        "is under way, else an approved one, else the newest; commands that change an edition "
        "use the only edition, or ask for --edition.",
    ),
    "cli.help.root.database_url": (
        "bawaan: $DATABASE_URL atau instance/kipp.sqlite3",
        "default: $DATABASE_URL or instance/kipp.sqlite3",
    ),
    "cli.help.help": ("Tampilkan bantuan ini lalu keluar.", "Show this message and exit."),
    "cli.help.read_edition": (
        "kode edisi; bawaan: edisi yang upacaranya berjalan, lalu yang disetujui, lalu yang "
        "terbaru",
        "edition code; default: the edition whose reveal is under way, else an approved one, "
        "else the newest",
    ),
    "cli.help.write_edition": (
        "kode edisi; wajib bila ada beberapa edisi",
        "edition code; required when the database holds several editions",
    ),
    # The database and the import (data_access/cli/database.py).
    "cli.help.init": ("buat atau migrasi basis data", "create or migrate the database"),
    "cli.help.demo": ("muat edisi demo", "load the demo edition"),
    "cli.help.demo.if_missing": (
        "bila sudah dimuat, hanya jaga penilaian demo tetap terbuka",
        "if already loaded, only keep the demo's scoring open",
    ),
    "cli.help.demo.live": (
        "geser seluruh jadwal demo agar hari ini jatuh di tengah penilaian proposal",
        "move the demo's whole schedule so that today falls inside the proposal judging",
    ),
    "cli.help.import": ("impor folder CSV atau .xlsx", "import CSVs or a workbook"),
    "cli.help.import.edition": (
        "kode edisi bila impor tidak berisi edition.csv",
        "edition code when the import has no edition.csv",
    ),
    "cli.help.import.max_bytes": (
        "batas ukuran berkas (bawaan 20 MB)",
        "file size limit (default 20 MB)",
    ),
    "cli.help.import.confirm_approved": (
        "tetap impor ke edisi yang hasilnya sudah disetujui",
        "import into an edition whose results are approved",
    ),
    "cli.help.simulate": ("juri latihan", "a rehearsal jury"),
    "cli.help.simulate.edition": ("bawaan: edisi demo", "default: the demo edition"),
    "cli.help.simulate.speed": ("1 = satu lembar tiap 3 detik", "1 = one sheet every 3 s"),
    "cli.help.simulate.max_sheets": (
        "berhenti setelah sekian lembar",
        "stop after this many sheets",
    ),
    "cli.help.simulate.seed": (
        "benih acak, agar latihan dapat diulang sama persis",
        "random seed, to repeat a rehearsal exactly",
    ),
    "cli.help.simulate.finish": ("selesaikan semua tanpa jeda", "finish without pauses"),
    # Reports (data_access/cli/reports.py).
    "cli.help.format": ("format keluaran", "output format"),
    "cli.help.results": ("peringkat", "the ranking"),
    "cli.help.progress": ("progres penilaian", "judging progress"),
    "cli.help.participation": ("partisipasi OPD", "OPD participation"),
    "cli.help.export": ("ekspor resmi (xlsx, csv, pdf)", "official exports"),
    "cli.help.export.out": ("berkas yang ditulis", "where to write the file"),
    # Between "csv: " and the table keys.
    "cli.help.export.table": ("hanya satu tabel", "one table only"),
    "cli.help.export.juror_scores": (
        "sertakan nilai per juri",
        "include juror-level scores",
    ),
    # Users (data_access/cli/users.py).
    "cli.help.users": ("pengguna dasbor", "dashboard users"),
    "cli.help.users.add": ("tambah pengguna", "add a user"),
    "cli.help.users.add.role": ("admin, viewer, bupati atau juri", "admin, viewer, bupati or juri"),
    "cli.help.users.add.password_env": (
        "baca kata sandi dari $VAR",
        "read the password from $VAR",
    ),
    "cli.help.users.list": ("daftar pengguna", "list users"),
    "cli.help.users.remove": ("hapus pengguna", "remove a user"),
    # Screens (data_access/cli/kiosk.py).
    "cli.help.kiosk": ("layar upacara", "ceremony screens"),
    "cli.help.kiosk.token": ("token layar", "display tokens"),
    "cli.help.kiosk.token.create": (
        "daftarkan layar sebuah edisi",
        "register a screen of one edition",
    ),
    "cli.help.kiosk.token.create.detail": (
        "Layar menampilkan edisinya, apa pun yang diimpor kemudian.",
        "The screen shows its edition, whatever is imported later.",
    ),
    "cli.help.kiosk.token.create.edition": (
        "edisi layar; wajib bila ada beberapa edisi",
        "the screen's edition; required when the database holds several editions",
    ),
    "cli.help.kiosk.token.list": ("daftar layar", "list screens"),
    "cli.help.kiosk.token.revoke": ("cabut token", "revoke a token"),
    # The ceremony (data_access/cli/ceremony.py).
    "cli.help.ceremony": ("upacara penghargaan", "the award ceremony"),
    "cli.help.ceremony.by": (
        "siapa yang bertindak (bawaan: $USER)",
        "who acts (default: $USER)",
    ),
    "cli.help.ceremony.status": ("keadaan", "where the reveal stands"),
    "cli.help.ceremony.approve": (
        "setujui hasil",
        "approve the results (freeze the ranking)",
    ),
    "cli.help.ceremony.approve.again": (
        "setujui ulang hasil yang sudah disetujui (tercatat)",
        "approve approved results again (recorded)",
    ),
    "cli.help.ceremony.cancel_approval": (
        "batalkan persetujuan sebelum pengumuman",
        "cancel the approval before the reveal",
    ),
    "cli.help.ceremony.next": ("langkah berikutnya", "next step"),
    "cli.help.ceremony.back": ("langkah sebelumnya", "previous step"),
    "cli.help.ceremony.reset": ("kembali ke rotasi slide", "back to the slide rotation"),
    "cli.help.ceremony.settings": ("pengaturan layar", "screen settings"),
    "cli.help.ceremony.settings.slides": ("mis.", "e.g."),  # before an example
    "cli.help.ceremony.settings.show_score": (
        "tampilkan atau sembunyikan nilai akhir para juara di layar",
        "show or hide the winners' final scores on screen",
    ),
    "cli.help.ceremony.settings.hide_missing": (
        "sembunyikan atau tampilkan nama unit yang tidak mengumpulkan di dinding partisipasi",
        "hide or show the names of units that did not submit on the participation wall",
    ),
    "cli.help.ceremony.settings.ceremony_time": (
        "JJ:MM WIB (bawaan 09:00)",
        "HH:MM WIB (default 09:00)",
    ),
    "cli.help.ceremony.settings.prize": ("hadiah Juara {level}", "prize of Juara {level}"),
    "cli.help.ceremony.photo": ("foto inovasi", "an innovation's photo"),
    "cli.help.ceremony.photo.file": (
        "JPEG, PNG atau WebP, paling besar 5 MB",
        "JPEG, PNG or WebP, at most 5 MB",
    ),
    "cli.help.ceremony.photo.innovation": ("kode inovasi", "innovation code"),
    "cli.help.ceremony.photo.caption": (
        "keterangan foto (teks pengganti gambar); bawaan: keterangan yang sudah ada",
        "the photo's caption (its alt text); default: the caption it already has",
    ),
}

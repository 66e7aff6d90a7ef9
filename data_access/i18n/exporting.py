"""Texts of the exports (data_access/exports/): refusals and the tables' titles.

The column headers and the sheet names are the files' format, not messages: they stay with
the tables. The berita acara (PDF) is an Indonesian document and stays in Indonesian.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "exporting.unknown_format": ("Format tidak dikenal", "unknown format"),
    "exporting.unknown_table": ("Tabel tidak dikenal", "unknown table"),
    "exporting.choose": ("pilih", "choose"),
    "exporting.table_csv_only": (
        "--table hanya untuk format csv",
        "--table works with csv only",
    ),
    "exporting.juror_scores_asked": (
        "Nilai per juri hanya bila diminta (--juror-scores)",
        "juror-level scores only when asked for (--juror-scores)",
    ),
    "exporting.title.ranking": ("Peringkat", "Ranking"),
    "exporting.title.participation": ("Partisipasi OPD", "OPD participation"),
    "exporting.title.progress": (
        "Progres Penilaian per Tahap",
        "judging progress per stage",
    ),
    "exporting.title.jurors_progress": (
        "Progres Penilaian per Juri",
        "judging progress per juror",
    ),
    "exporting.title.juror_scores": ("Nilai per Juri", "juror-level scores"),
}

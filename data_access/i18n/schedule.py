"""Texts of the Jadwal page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "schedule.name": ("Jadwal", "Schedule"),
    "schedule.phase.submission": ("Pengumpulan Proposal", "Proposal Submission"),
    "schedule.phase.admin_check": ("Seleksi Administrasi", "Administrative Check"),
    "schedule.phase.proposal": ("Penilaian Proposal", "Proposal Assessment"),
    "schedule.phase.presentation": ("Presentasi dan Wawancara", "Presentation and Interview"),
    "schedule.phase.report": ("Laporan kepada Bupati", "Report to the Regent"),
    "schedule.phase.ceremony": ("Penganugerahan", "Award Ceremony"),
    "schedule.status.done": ("Selesai", "Finished"),
    "schedule.status.active": ("Sedang berlangsung", "In progress"),
    "schedule.status.upcoming": ("Akan datang", "Upcoming"),
    "schedule.status.unscheduled": ("Belum dijadwalkan", "Not scheduled yet"),
    "schedule.unscheduled": ("belum dijadwalkan", "not scheduled yet"),
    "schedule.range": ("{start} – {end}", "{start} – {end}"),
    "schedule.starts_in": ("dimulai dalam {duration}", "starts in {duration}"),
    "schedule.ends_in": ("berakhir dalam {duration}", "ends in {duration}"),
    "schedule.today_ends_in": (
        "hari ini, berakhir dalam {duration}",
        "today, ends in {duration}",
    ),
    "schedule.ended": ("selesai {date}", "ended {date}"),
    "schedule.today": ("Hari ini", "Today"),
    "schedule.headline.active": ("Sedang berlangsung: {phases}", "In progress: {phases}"),
    "schedule.headline.next": ("Berikutnya: {phase}, {countdown}", "Next: {phase}, {countdown}"),
    "schedule.headline.done": (
        "Semua tahap edisi ini sudah selesai",
        "Every phase of this edition has ended",
    ),
    "schedule.headline.none": (
        "Tanggal tahap-tahap edisi ini belum dijadwalkan",
        "The phases of this edition have no dates yet",
    ),
    "schedule.timezone": ("Semua waktu dalam {zone}", "All times in {zone}"),
    # Remaining time, used by the Jadwal and Partisipasi OPD countdowns.
    "duration.minute.one": ("{n} menit", "{n} minute"),
    "duration.minute.many": ("{n} menit", "{n} minutes"),
    "duration.hour.one": ("{n} jam", "{n} hour"),
    "duration.hour.many": ("{n} jam", "{n} hours"),
    "duration.day.one": ("{n} hari", "{n} day"),
    "duration.day.many": ("{n} hari", "{n} days"),
}

"""The facts every export states about itself: edition, data version, approval, time made."""

from __future__ import annotations

from dataclasses import dataclass

from data_access.exports.approval_text import (
    approver_text,
    place_lines,
    score_lines,
    winner_lines,
)
from data_access.exports.model import Cell, ExportBundle, neutralize
from data_access.formatting import EM_DASH, format_percent, zone_abbreviation

NOT_APPROVED = "belum disetujui"


@dataclass(frozen=True)
class InfoRow:
    """One fact: a stable key, an Indonesian label, and its value."""

    key: str
    label: str
    value: Cell


def info_rows(bundle: ExportBundle) -> list[InfoRow]:
    """Return the facts of an export in reading order; text values neutralised."""
    approval = bundle.approved
    comparison = approval.comparison if approval else None
    zone = zone_abbreviation(bundle.generated_at, tz=bundle.timezone)
    rows = [
        InfoRow("edition_code", "Kode edisi", bundle.edition_code),
        InfoRow("edition_name", "Edisi", bundle.edition_name),
        InfoRow("data_version", "Versi data", bundle.data_version),
        InfoRow("ranking_source", "Sumber peringkat", bundle.ranking_source),
        InfoRow(
            "approved_at",
            f"Disetujui pada ({zone})",
            approval.approved_at if approval else NOT_APPROVED,
        ),
        InfoRow("approved_by", "Disetujui oleh", approver_text(approval) if approval else ""),
        InfoRow("snapshot_hash", "SHA-256 snapshot", approval.hash if approval else ""),
        InfoRow(
            "snapshot_data_version",
            "Versi data snapshot",
            approval.data_version if approval else None,
        ),
        InfoRow(
            "live_changes",
            "Berubah sejak disetujui",
            ", ".join(approval.live_changes) if approval else "",
        ),
        InfoRow(
            "approved_winners",
            "Juara yang disetujui",
            "; ".join(winner_lines(comparison)) if comparison else "",
        ),
        InfoRow(
            "changed_places",
            "Juara menurut data terkini",
            "; ".join(place_lines(comparison)) if comparison else "",
        ),
        InfoRow(
            "moved_scores",
            "Nilai berubah sejak disetujui",
            "; ".join(score_lines(comparison)) if comparison else "",
        ),
        InfoRow("generated_at", f"Dibuat pada ({zone})", bundle.generated_at),
        InfoRow("timezone", "Zona waktu", f"{bundle.timezone} ({zone})"),
        InfoRow(
            "participation",
            "Partisipasi OPD",
            f"{bundle.participating}/{bundle.required} "
            f"({format_percent(bundle.participation_rate, missing=EM_DASH)})",
        ),
        InfoRow(
            "normalization", "Normalisasi z-score", "aktif" if bundle.normalization else "tidak"
        ),
        InfoRow("tables", "Tabel", ", ".join(t.key for t in bundle.tables)),
    ]
    return [
        InfoRow(r.key, r.label, neutralize(r.value) if isinstance(r.value, str) else r.value)
        for r in rows
    ]

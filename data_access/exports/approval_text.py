"""The approval's lines in an export: the approved Juara I-III and what the live data changed.

The same sentences head the Info sheet, info.csv and the berita acara, in Indonesian as the
documents are written, from the one comparison the pages show (data_access/approval.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from data_access.approval import LEVELS, ApprovalComparison
from data_access.formatting import EM_DASH, format_score

if TYPE_CHECKING:
    from data_access.exports.model import Approval

AWARD_NAMES = {1: "Juara I", 2: "Juara II", 3: "Juara III"}
SCORE_NAMES = {
    "proposal_score": "nilai proposal",
    "presentation_score": "nilai presentasi",
    "final_score": "nilai akhir",
}
# A re-import can move every score of an edition: a document lists this many.
SHOWN_MOVES = 30
NOBODY = "belum ada"


def winner_lines(comparison: ApprovalComparison) -> list[str]:
    """Return "Juara I: INV-07 · title · unit" per approved winner (each tied one too)."""
    lines = []
    for level in LEVELS:
        holders = comparison.winners_at(level)
        if not holders:
            lines.append(f"{AWARD_NAMES[level]}: tidak ada (seri di atasnya)")
        for w in holders:
            tie = " (seri)" if w.tie else ""
            lines.append(f"{AWARD_NAMES[level]}{tie}: {w.code} · {w.title} · {w.unit_name}")
    return lines


def place_lines(comparison: ApprovalComparison) -> list[str]:
    """Return "Juara I: disetujui INV-07, data terkini INV-12" per place that changed."""
    return [
        f"{AWARD_NAMES[c.level]}: disetujui {', '.join(c.approved) or NOBODY}, "
        f"data terkini {', '.join(c.live) or NOBODY}"
        for c in comparison.changed_places
    ]


def score_lines(comparison: ApprovalComparison) -> list[str]:
    """Return "INV-07 nilai akhir: 90,00 → 84,00" per moved score, at most SHOWN_MOVES."""
    lines = [
        f"{m.code} {SCORE_NAMES[m.score]}: "
        f"{format_score(m.approved, missing=EM_DASH)} → {format_score(m.live, missing=EM_DASH)}"
        for m in comparison.moved_scores[:SHOWN_MOVES]
    ]
    hidden = len(comparison.moved_scores) - SHOWN_MOVES
    if hidden > 0:
        lines.append(f"… dan {hidden} nilai lainnya")
    return lines


def approver_text(approval: Approval) -> str:
    """Return who approved, for "disetujui oleh …": display name and NIP, else the username.

    The signature's parts one by one (name, NIP as written, jabatan) are
    `approval.approver.name`, `format_nip(approval.approver.nip)` (data_access.accounts)
    and `approval.approver.jabatan`.
    """
    if approval.approver is None:
        return approval.approved_by
    return approval.approver.signatory("id")

"""The berita acara's record of the jury's work: conflicts of interest, late score changes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from data_access.exports.model import ExportBundle
from data_access.exports.pdf_layout import WIDTH, grid, para, text
from data_access.formatting import EM_DASH, format_datetime, format_score
from data_access.i18n import t


def conflicts_section(bundle: ExportBundle) -> list:
    """List the jury's declared conflicts of interest (the berita acara reads Indonesian)."""
    parts: list = [para(f"V. {t('report.conflicts.heading', 'id')}", "heading")]
    if not bundle.conflicts:
        return [*parts, para(t("report.conflicts.none", "id"))]
    head = [
        para(t(f"report.conflicts.col.{c}", "id"), "cell_head")
        for c in ("juror", "innovation", "reason", "status")
    ]
    rows = [
        [
            para(f"<b>{text(c.juror_code)}</b><br/>{text(c.juror_name)}", "cell"),
            para(f"<b>{text(c.innovation_code)}</b><br/>{text(c.innovation_title)}", "cell"),
            para(text(c.reason), "cell"),
            para(
                t("report.conflicts.confirmed", "id", by=text(c.confirmed_by))
                if c.confirmed_by
                else t("report.conflicts.pending", "id"),
                "cell",
            ),
        ]
        for c in bundle.conflicts
    ]
    widths = [36 * mm, 50 * mm, WIDTH - 122 * mm, 36 * mm]
    return [*parts, para(t("report.conflicts.intro", "id")), grid([head, *rows], widths)]


def changes_section(bundle: ExportBundle) -> list:
    """State how many scores changed after their sheet was submitted, and where they are."""
    parts: list = [para(f"VI. {t('report.changes.heading', 'id')}", "heading")]
    if not bundle.late_change_count:
        return [*parts, para(t("report.changes.none", "id"))]
    count = t("report.changes.count", "id", count=bundle.late_change_count)
    where = (
        "report.changes.see_appendix" if bundle.late_changes else "report.changes.committee_only"
    )
    return [*parts, para(f"{count} {t(where, 'id')}")]


def changes_appendix(bundle: ExportBundle) -> list:
    """List the scores changed after submission (the committee's copy), after the signatures."""
    if not bundle.late_changes:
        return []
    head = [
        para(t(f"report.changes.col.{c}", "id"), "cell_head")
        for c in ("sheet", "criterion", "change", "by", "at")
    ]
    rows = [
        [
            para(
                f"<b>{text(c.innovation)}</b><br/>{text(c.juror)} · {text(c.stage)}",
                "cell",
            ),
            para(text(c.criterion or EM_DASH), "cell"),
            para(
                t("report.changes.value", "id", old=format_score(c.old), new=format_score(c.new)),
                "cell",
            ),
            para(f"{text(c.by)} ({text(c.source)})", "cell"),
            para(format_datetime(c.at, tz=bundle.timezone), "cell"),
        ]
        for c in bundle.late_changes
    ]
    widths = [42 * mm, 34 * mm, 30 * mm, 30 * mm, WIDTH - 136 * mm]
    return [
        PageBreak(),
        para(t("report.changes.appendix", "id"), "heading"),
        grid([head, *rows], widths),
    ]

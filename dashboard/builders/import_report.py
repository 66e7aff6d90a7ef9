"""What /impor shows of an import: its errors, its counts, the approved editions it touches,
and what it did to them (an approval's differences, the statuses it left as the committee
set them). Pure: plain data in, rows and texts in the page's language out.
"""

from __future__ import annotations

from dashboard.builders.approval import place_texts, score_texts
from dashboard.builders.user_text import isolate
from data_access.approval import ApprovalComparison, ApprovedEdition
from data_access.formatting import format_datetime, format_number
from data_access.i18n import t
from data_access.importing import ImportErrorItem, ImportReport
from data_access.importing.errors import COUNT_LABELS, VALUE_SHOWN_CHARS, KeptStatus

# The page shows at most this many errors (the command line prints them all).
MAX_SHOWN_ERRORS = 500
COUNT_KEYS = ("inserted", "updated", "unchanged", "ignored")


def megabytes(size: int, *, lang: str) -> str:
    """Return a byte count as megabytes for people: 20971520 -> "20 MB"."""
    return f"{format_number(round(size / (1024 * 1024), 1), lang=lang)} MB"


def error_rows(errors: list[ImportErrorItem], *, lang: str) -> list[dict[str, str]]:
    """Return the errors as table rows in the page's language (at most MAX_SHOWN_ERRORS)."""
    rows = []
    for item in errors[:MAX_SHOWN_ERRORS]:
        value = item.value
        if value is not None and len(value) > VALUE_SHOWN_CHARS:
            value = value[: VALUE_SHOWN_CHARS - 1] + "…"
        rows.append(
            {
                "file": item.file or "–",
                "row": format_number(item.row, lang=lang) if item.row is not None else "–",
                "column": item.column if item.column is not None else "–",
                "value": value if value is not None else "",
                "message": item.message.text(lang),
            }
        )
    return rows


def count_rows(report: ImportReport, *, lang: str) -> list[list[str]]:
    """Return a report's counts as table rows: the file, then each count."""
    rows = []
    for name, counts in report.counts.items():
        label = t(COUNT_LABELS[name], lang) if name in COUNT_LABELS else name
        rows.append([label, *(format_number(counts[key], lang=lang) for key in COUNT_KEYS)])
    return rows


def approved_items(editions: list[ApprovedEdition], *, lang: str) -> list[str]:
    """Return one line per approved edition: code, name, when and by whom."""
    return [
        t(
            "import.approved.item",
            lang,
            code=isolate(e.code),
            name=isolate(e.name),
            moment=format_datetime(e.approved_at, lang=lang),
            by=isolate(e.approved_by or "–"),
        )
        for e in editions
    ]


def approval_outcome(comparison: ApprovalComparison | None, *, lang: str) -> dict | None:
    """Return what an import did to an approved edition: same, or what now differs."""
    if comparison is None:
        return None
    code = isolate(comparison.edition_code)
    if not comparison.differs:
        return {"differs": False, "text": t("import.approved.same", lang, code=code), "lines": []}
    lines = [*place_texts(comparison, lang=lang), *score_texts(comparison, lang=lang)]
    if not lines:
        codes = ", ".join(isolate(c) for c in comparison.changed_codes)
        lines = [t("approval.codes", lang, codes=codes)]
    return {"differs": True, "text": t("import.approved.differs", lang, code=code), "lines": lines}


def kept_outcome(kept: list[KeptStatus], *, lang: str) -> dict | None:
    """Return the statuses set on /administrasi that the import's file left alone, or None."""
    if not kept:
        return None
    lines = [k.message(isolate(k.code)).text(lang) for k in kept]
    return {"text": t("status.kept.title", lang, count=len(kept)), "lines": lines}

"""The Berita Acara Hasil Penilaian KIPP: the signed minutes of the results, as an A4 PDF."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
)

from data_access.approval import ApprovalComparison
from data_access.exports import pdf_jury
from data_access.exports.approval_text import (
    approver_text,
    place_lines,
    score_lines,
    winner_lines,
)
from data_access.exports.model import Approval, ExportBundle, RankedRow
from data_access.exports.pdf_layout import (
    AWARD_FILL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    WIDTH,
    canvas_maker,
    grid,
    notice_box,
    para,
    register_fonts,
    text,
)
from data_access.exports.pdf_signatures import (
    document_day,
    document_place,
    letterhead,
    signatures,
)
from data_access.exports.tables import AWARD_NAMES
from data_access.formatting import (
    EM_DASH,
    format_datetime,
    format_score,
    format_weekday_date,
    format_weight,
)
from data_access.i18n import t
from data_access.nip import format_nip

NOT_APPROVED = "BELUM DISETUJUI"
TIE_RULE = (
    "<b>Nilai sama (seri).</b> Bila nilai akhir dua inovasi sama, yang lebih tinggi nilai "
    "presentasinya didahulukan, lalu yang lebih tinggi nilai proposalnya (nilai yang belum ada "
    "kalah dari nilai apa pun). Inovasi yang masih sama berbagi peringkat dan ditandai "
    "<b>seri</b>; peringkat berikutnya dilompati (misalnya 1, 2, 2, 4). Seri di antara Juara "
    "tidak diputuskan oleh sistem: Dewan Juri yang menetapkannya."
)
TIERS = (
    "Urutan peringkat: (1) finalis yang sudah memiliki nilai akhir; (2) inovasi lain yang "
    "memiliki nilai akhir; (3) inovasi yang belum dinilai, menurut kode dan tanpa nomor "
    "peringkat. Nomor peringkat berlanjut dari kelompok 1 ke kelompok 2. Semua nilai dibulatkan "
    "setengah ke atas menjadi dua desimal saat dihitung."
)


def _opening(bundle: ExportBundle) -> list:
    name = text(bundle.edition_name)
    parts = [
        para("BERITA ACARA HASIL PENILAIAN KIPP", "title"),
        para("Kompetisi Inovasi Pelayanan Publik", "subtitle"),
        para(f"<b>{name}</b>", "subtitle"),
    ]
    number = bundle.paperwork.number if bundle.paperwork else ""
    if number:
        parts.append(para(f"Nomor: {text(number)}", "subtitle"))
    parts.append(Spacer(1, 4 * mm))
    version = f"Kode edisi: {text(bundle.edition_code)} · Versi data: {bundle.data_version}"
    approval = bundle.approved
    if approval is None:
        made = format_datetime(bundle.generated_at, tz=bundle.timezone)
        parts.append(
            notice_box(
                [
                    para(f"{NOT_APPROVED} — dokumen sementara", "warn"),
                    para(
                        "Hasil belum disetujui panitia. Peringkat di bawah ini dihitung dari "
                        f"nilai yang tercatat pada {made} dan masih dapat berubah. Dokumen ini "
                        "tidak sah sebagai berita acara.",
                        "warn_body",
                    ),
                    para(version, "warn_body"),
                ],
                warn=True,
            )
        )
        return parts
    # One date and place for the whole document, those its signatures carry: the
    # approval's own moment is reported as the approval's, in the box below.
    day = format_weekday_date(document_day(bundle))
    place = text(document_place(bundle))
    parts.append(
        para(
            f"Pada hari {day}, bertempat di {place}, Dewan Juri {name} telah menyelesaikan "
            "penilaian inovasi pelayanan publik. Hasil penilaian disetujui panitia dan "
            "dituangkan dalam berita acara ini sebagai berikut."
        )
    )
    lines = [
        para(
            f"Disetujui pada <b>{format_datetime(approval.approved_at, tz=bundle.timezone)}</b> "
            f"oleh {_unbroken_nip(approval)}. "
            f"Versi data snapshot: {approval.data_version}.",
            "hash",
        ),
        para("Sidik jari SHA-256 snapshot hasil:", "hash"),
        para(f"<b>{approval.hash}</b>", "hash"),
        para(version, "hash"),
    ]
    comparison = approval.comparison
    if comparison is not None:
        winners = "<br/>".join(text(line) for line in winner_lines(comparison))
        lines.append(para(f"<b>Juara yang disetujui:</b><br/>{winners}", "hash"))
    if approval.live_changes:
        codes = ", ".join(text(c) for c in approval.live_changes)
        lines.append(
            para(
                f"Catatan: sejak disetujui, nilai {len(approval.live_changes)} inovasi berubah "
                f"({codes}); berita acara ini memuat hasil yang disetujui.",
                "hash",
            )
        )
    parts.append(notice_box(lines, warn=False))
    if comparison is not None and comparison.differs:
        parts += [Spacer(1, 2 * mm), notice_box(_differences(comparison), warn=True)]
    return parts


def _unbroken_nip(approval: Approval) -> str:
    """Return who approved (approver_text), their NIP's groups never split across lines."""
    line = text(approver_text(approval))
    nip = format_nip(approval.approver.nip or "") if approval.approver else ""
    return line.replace(nip, nip.replace(" ", "\u00a0")) if nip else line


def _differences(comparison: ApprovalComparison) -> list:
    """Return the warning that the live data moved since the approval, naming what moved."""
    parts = [para("DATA TERKINI BERBEDA SEJAK PERSETUJUAN", "warn")]
    places = place_lines(comparison)
    if places:
        parts.append(para("<br/>".join(text(line) for line in places), "warn_body"))
    scores = score_lines(comparison)
    if scores:
        body = "<br/>".join(text(line) for line in scores)
        parts.append(para(f"<b>Nilai yang berubah:</b><br/>{body}", "hash"))
    return parts


def _jury(bundle: ExportBundle) -> list:
    rows = [[para("Kelompok", "cell_head"), para("Nama anggota Dewan Juri", "cell_head")]]
    for group, members in groupby(sorted(bundle.jurors, key=lambda j: j.group), lambda j: j.group):
        names = "<br/>".join(f"{n}. {text(j.name)}" for n, j in enumerate(members, start=1))
        rows.append([para(f"<b>{text(group)}</b>", "cell"), para(names, "cell")])
    if len(rows) == 1:
        rows.append([para("—", "cell"), para("Belum ada juri tercatat.", "cell")])
    count = len(bundle.jurors)
    return [
        para("I. Dewan Juri", "heading"),
        para(f"Penilaian dilakukan oleh {count} anggota Dewan Juri dalam kelompok berikut."),
        grid(rows, [45 * mm, WIDTH - 45 * mm]),
    ]


def _stages(bundle: ExportBundle) -> list:
    parts: list = [para("II. Tahap dan Aspek Penilaian", "heading")]
    total = sum((s.weight for s in bundle.stages), start=0)
    for number, stage in enumerate(bundle.stages, start=1):
        rows = [[para("No", "cell_head"), para("Aspek", "cell_head"), para("Bobot", "cell_head")]]
        for n, criterion in enumerate(stage.criteria, start=1):
            rows.append(
                [
                    para(str(n), "cell"),
                    para(text(criterion.name), "cell"),
                    para(format_weight(criterion.weight), "cell_num"),
                ]
            )
        weights = sum((c.weight for c in stage.criteria), start=Decimal(0))
        rows.append(
            [
                para("", "cell"),
                para("<b>Jumlah bobot</b>", "cell"),
                para(f"<b>{format_weight(weights)}</b>", "cell_num"),
            ]
        )
        title = (
            f"Tahap {number}: <b>{text(stage.name)}</b> — bobot tahap dalam nilai akhir "
            f"{format_weight(stage.weight)}"
        )
        parts.append(
            KeepTogether(
                [para(title), grid(rows, [12 * mm, WIDTH - 42 * mm, 30 * mm]), Spacer(1, 3 * mm)]
            )
        )
    by_code = {s.code: s for s in bundle.stages}
    if "proposal" in by_code and "presentation" in by_code and total:
        wp, wq = by_code["proposal"].weight, by_code["presentation"].weight
        parts.append(
            para(
                "Nilai lembar juri = jumlah (bobot × nilai) ÷ jumlah bobot; nilai tahap = "
                "rata-rata lembar lengkap para juri. Nilai akhir finalis = "
                f"({format_weight(wp)} × nilai proposal + "
                f"{format_weight(wq)} × nilai presentasi) ÷ "
                f"{format_weight(wp + wq)}; inovasi lain: nilai proposalnya."
            )
        )
    if bundle.normalization:
        parts.append(para("Normalisasi z-score per juri dan tahap <b>aktif</b> untuk edisi ini."))
    return parts


def _remark(row: RankedRow) -> str:
    parts = []
    if row.award:
        parts.append(f"<b>{AWARD_NAMES[row.award]}</b>")
    elif row.finalist:
        parts.append("Finalis")
    if row.finalist and row.presentation_score is None:
        parts.append("menunggu nilai presentasi")
    if row.tie:
        parts.append("<b>seri</b>")
    if row.decided:
        parts.append(t("seri.decided", "id"))
    return ", ".join(parts)


def _ranking(bundle: ExportBundle) -> list:
    head = ["Per-<br/>ingkat", "Kode", "Inovasi / Perangkat Daerah", "Nilai Proposal"]
    head += ["Nilai Presentasi", "Nilai Akhir", "Keterangan"]
    rows = [[para(h, "cell_head") for h in head]]
    extra = []
    for index, row in enumerate(bundle.ranking, start=1):
        innovation = f"{text(row.title)}<br/><font size=7.5 color='#52606d'>"
        innovation += f"{text(row.unit_name)} · {text(row.innovator)}</font>"
        rows.append(
            [
                para("—" if row.rank is None else str(row.rank), "cell_num"),
                para(text(row.code), "cell"),
                para(innovation, "cell"),
                para(format_score(row.proposal_score, missing=EM_DASH), "cell_num"),
                para(format_score(row.presentation_score, missing=EM_DASH), "cell_num"),
                para(f"<b>{format_score(row.final_score, missing=EM_DASH)}</b>", "cell_num"),
                para(_remark(row), "cell"),
            ]
        )
        if row.award:
            extra.append(("BACKGROUND", (0, index), (-1, index), AWARD_FILL))
    widths = [13 * mm, 21 * mm, 0, 17 * mm, 19 * mm, 16 * mm, 22 * mm]
    widths[2] = WIDTH - sum(widths)
    source = "hasil yang disetujui" if bundle.approved else "nilai saat ini (sementara)"
    return [
        CondPageBreak(60 * mm),
        para("III. Hasil Penilaian", "heading"),
        para(f"Peringkat {len(bundle.ranking)} inovasi yang lolos administrasi, dari {source}."),
        grid(rows, widths, extra=extra),
        Spacer(1, 2 * mm),
        para(TIERS, "small"),
        para(TIE_RULE),
    ]


def _winners(bundle: ExportBundle) -> list:
    parts: list = [para("IV. Penetapan Juara", "heading")]
    if not bundle.awards_decided:
        parts.append(
            para(
                "Juara belum dapat ditetapkan: masih ada finalis tanpa nilai presentasi dan "
                "wawancara."
            )
        )
        return parts
    rows = []
    for level in (1, 2, 3):
        for row in (r for r in bundle.ranking if r.award == level):
            tie = " <b>(seri)</b>" if row.tie else ""
            if row.decided:
                tie = f"<br/><i>{t('seri.decided', 'id')}</i>"
            rows.append(
                [
                    para(f"<b>{AWARD_NAMES[level]}</b>{tie}", "cell"),
                    para(
                        f"<b>{text(row.code)}</b> — {text(row.title)}<br/>"
                        f"{text(row.unit_name)} · {text(row.innovator)}",
                        "cell",
                    ),
                    para(f"<b>{format_score(row.final_score, missing=EM_DASH)}</b>", "cell_num"),
                ]
            )
    if not rows:
        parts.append(para("Tidak ada finalis dengan nilai akhir."))
        return parts
    head = [para(h, "cell_head") for h in ("Juara", "Inovasi", "Nilai Akhir")]
    parts.append(grid([head, *rows], [26 * mm, WIDTH - 48 * mm, 22 * mm]))
    if any(r.award and r.tie for r in bundle.ranking):
        parts.append(Spacer(1, 2 * mm))
        parts.append(
            para(
                "Terdapat <b>seri</b> di antara Juara. Penetapannya diputuskan oleh Dewan Juri "
                "dan dicatat pada berita acara ini.",
            )
        )
    for decision in bundle.seri_decisions:
        ranks = {row.code: row.rank for row in bundle.ranking}
        parts += [Spacer(1, 2 * mm), para(_decision_text(decision, ranks, bundle.timezone))]
    return parts


def _decision_text(decision: dict, ranks: dict[str, int | None], timezone: str) -> str:
    """Return the jury's seri decision as the berita acara states it (order, reason, chair)."""
    at = format_datetime(datetime.fromisoformat(decision["at"]), tz=timezone)
    return text(
        t(
            "seri.decision.line",
            "id",
            order="; ".join(f"{_place(ranks.get(code))}: {code}" for code in decision["order"]),
            reason=decision["reason"],
            chair=decision["chair"],
            by=decision["by"],
            at=at,
        )
    )


def _place(rank: int | None) -> str:
    return AWARD_NAMES.get(rank, f"peringkat {rank}") if rank is not None else EM_DASH


def write_pdf(bundle: ExportBundle) -> bytes:
    """Return the berita acara of a bundle as an A4 PDF with embedded fonts."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"Berita Acara Hasil Penilaian KIPP — {bundle.edition_name}",
        author="KIPP Live",
        subject=f"{bundle.edition_code}, versi data {bundle.data_version}",
        creator="KIPP Live",
    )
    story = [
        *letterhead(bundle),
        *_opening(bundle),
        *_jury(bundle),
        *_stages(bundle),
        *_ranking(bundle),
        *_winners(bundle),
        *pdf_jury.conflicts_section(bundle),
        *pdf_jury.changes_section(bundle),
        *signatures(bundle),
        *pdf_jury.changes_appendix(bundle),
    ]
    status = "" if bundle.approved else " · DOKUMEN SEMENTARA"
    footer = (
        f"Berita Acara Hasil Penilaian KIPP — {bundle.edition_code} · versi data "
        f"{bundle.data_version}{status}"
    )
    watermark = None if bundle.approved else NOT_APPROVED
    doc.build(story, canvasmaker=canvas_maker(footer, watermark=watermark))
    return buffer.getvalue()

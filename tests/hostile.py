"""A hostile edition for the XSS tests: every free text the product shows carries a payload.

Unit names and kinds, innovation codes, titles and innovators, juror codes, names and
groups, the edition's, stages' and criteria's names and the prizes hold HTML that would
run (<script>, <img onerror>, javascript: links), Markdown links, plotly's label templates
and HTML subset, Jinja, a spreadsheet formula, an unterminated right-to-left override and
strings too long to fit without breaking. Judging is complete, the results are approved,
so every page, the kiosk's slides and each reveal step, and every export show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from data_access import ceremony
from data_access.db import transaction
from data_access.kiosks import create_token
from tests.seed import add_edition, add_innovation, add_juror, add_sheet, add_unit, full_sheet

CODE = "xss-2022"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE, left unterminated
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
JS_LINK = '<a href="javascript:window.__xss=3">klik</a>'
MARKDOWN = "[klik](javascript:window.__xss=4)"
TEMPLATE = "%{x} %{customdata[0]} <b>bold</b>"
JINJA = "{{7*7}}"
FORMULA = '=HYPERLINK("http://x","klik")'


def long_word(length: int, tag: str) -> str:
    """Return an unbroken string of `length` characters (no space, no hyphen) starting with tag."""
    body = tag + "Sangatpanjangtanpaspasi" * (length // 23 + 1)
    return body[:length]


LONG_TITLE = long_word(500, "PANJANG1")
LONG_UNIT = long_word(300, "PANJANG2")  # units.name holds 300 characters at most
EDITION_NAME = f"KIPP Uji {SCRIPT} {JINJA} {RLO}kiri"
# An older edition, for the navbar's menu of editions and the summary's earlier editions.
OLD_CODE = "xss-2021"
OLD_NAME = f"KIPP Lama {long_word(150, 'PANJANG3')} {RLO}kanan"
KIND = f"<b>jenis</b>%{{x}} {RLO}kiri"  # units.kind: 40 characters at most; a figure label
PRIZES = {1: f"Hadiah {IMG}", 2: f"Hadiah {JS_LINK} {RLO}kiri", 3: f"Hadiah {TEMPLATE}"}
STAGE_NAME = f"Tahap {IMG}"  # the proposal stage's name (the PDF shows it)
CRITERIA = {"ringkasan": f"Aspek {TEMPLATE}", "kebaruan": f"Aspek {JS_LINK}"}


@dataclass(frozen=True)
class Entry:
    """One innovation: code, title, its unit's name, innovator, proposal and presentation."""

    code: str
    title: str
    unit: str
    innovator: str
    proposal: str
    presentation: str | None
    award: int | None


# Finalists are the six best proposals; the awards go by the final score (40/60). The
# three winners carry the long title, the override and the plotly template, so the reveal
# shows the worst cases on the big screen.
ENTRIES = [
    Entry("K1<b>b</b>", f"Judul {SCRIPT}", f"Dinas {IMG}", f"Ino {JS_LINK}", "80", "80", None),
    Entry("K2%{x}", f"Judul {IMG}", f"Dinas {SCRIPT}", f"Ino {MARKDOWN}", "81", "79", None),
    Entry("K3<br>z", f"Judul {JS_LINK}", f"Dinas {TEMPLATE}", f"Ino {SCRIPT}", "82", "78", None),
    Entry("K4&amp;", LONG_TITLE, LONG_UNIT, f"Ino {TEMPLATE}", "90", "95", 1),
    Entry("K5" + RLO + "z", f"Judul {RLO}kiri", f"Dinas {RLO}kanan", f"Ino {IMG}", "89", "90", 2),
    Entry("K6%{y}", f"Judul {TEMPLATE}", f"Dinas {JS_LINK}", f"Ino {RLO}balik", "88", "85", 3),
    Entry("K7<i>i</i>", f"Judul {MARKDOWN}", f"Dinas {MARKDOWN}", f"Ino {JINJA}", "70", None, None),
    Entry("K8%{text}", FORMULA, f"Dinas {JINJA}", FORMULA, "60", None, None),
]
# (code, name, group): codes are plotted (heat map, severity bars). The third juror scores
# only the first PARTIAL_JUROR_SCORES innovations, so the coverage list names the ones its
# jury group has not seen. Each juror is a little stricter or more lenient than the entry's
# score (OFFSETS), so the severity bars have length.
JURORS = [
    ("J1<b>b</b>", f"Juri {SCRIPT}", f"Undip {IMG} {RLO}kiri"),
    ("J2%{y}", f"Juri {RLO}kiri", f"UMK {TEMPLATE}"),
    ("J3" + RLO + "z", f"Juri {JINJA} {MARKDOWN}", f"Wartawan {JS_LINK}"),
]
OFFSETS = (0, 2, -3)
PARTIAL_JUROR_SCORES = 4


def all_texts() -> set[str]:
    """Return every hostile text stored (for checks that each comes back literally)."""
    texts = {EDITION_NAME, OLD_NAME, KIND, STAGE_NAME, *PRIZES.values(), *CRITERIA.values()}
    for entry in ENTRIES:
        texts |= {entry.code, entry.title, entry.unit, entry.innovator}
    for juror in JURORS:
        texts |= set(juror)
    return texts


def seed_hostile(engine: Engine) -> str:
    """Seed the hostile edition, judged and approved; return a display token for /kiosk."""
    with transaction(engine) as session:
        old = add_edition(session, OLD_CODE, name=OLD_NAME)
        old.created_at = datetime(2021, 10, 1, tzinfo=UTC)
        edition = add_edition(
            session,
            CODE,
            name=EDITION_NAME,
            ceremony_date=date(2099, 12, 29),
            presentation_start=date(2022, 11, 24),
            presentation_end=date(2022, 11, 24),
        )
        edition.created_at = datetime(2022, 10, 1, tzinfo=UTC)
        proposal = next(s for s in edition.stages if s.code == "proposal")
        proposal.name = STAGE_NAME
        for criterion in proposal.criteria:
            criterion.name = CRITERIA.get(criterion.code, criterion.name)
        jurors = []
        for code, name, group in JURORS:
            juror = add_juror(session, edition, code, group)
            juror.name = name
            jurors.append(juror)
        for number, entry in enumerate(ENTRIES, start=1):
            unit = add_unit(session, f"U{number}", kind=KIND if number == 1 else "dinas")
            unit.name = entry.unit
            unit.short_name = entry.unit[:120]
            innovation = add_innovation(session, edition, entry.code, unit)
            innovation.title, innovation.innovator = entry.title, entry.innovator
            scorers = list(zip(jurors, OFFSETS, strict=True))
            for juror, offset in scorers[: 3 if number <= PARTIAL_JUROR_SCORES else 2]:
                for stage, value in (
                    ("proposal", entry.proposal),
                    ("presentation", entry.presentation),
                ):
                    if value is not None:
                        sheet = full_sheet(stage, str(int(value) + offset))
                        add_sheet(session, edition, juror, innovation, stage, sheet)
        session.flush()
        token = create_token(session, "TV Pendopo", CODE)  # two editions: name the screen's
    with transaction(engine) as session:
        snapshot = ceremony.approve(session, CODE, by="panitia")
        awards = {row["code"]: row["award"] for row in snapshot.rows}
        assert awards == {e.code: e.award for e in ENTRIES}, awards
        state = ceremony.get_state(session, CODE)
        ceremony.save_settings(
            session,
            CODE,
            ceremony.CeremonySettings(slides=state.settings.slides, prizes=dict(PRIZES)),
            by="panitia",
        )
    return token


def move_reveal(engine: Engine, step: str) -> None:
    """Move the hostile edition's reveal forward or back to a step."""
    with transaction(engine) as session:
        state = ceremony.get_state(session, CODE)
        while state.step != step:
            forward = state.steps.index(step) > state.steps.index(state.step)
            state = (ceremony.advance if forward else ceremony.back)(session, CODE, by="panitia")

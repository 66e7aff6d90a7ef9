"""What an import reports back: error items with catalogue messages, the failure and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from data_access.i18n import CarriesMessage, Message, Moment, compact

if TYPE_CHECKING:
    from data_access.approval import ApprovalComparison, ApprovedEdition

# str(ImportFailed) lists this many errors; the full list is always in .errors.
SHOWN_IN_MESSAGE = 50
VALUE_SHOWN_CHARS = 80


@dataclass(frozen=True)
class ImportErrorItem(CarriesMessage):
    """One problem found in an import, located as a spreadsheet shows it.

    `str()` gives the place and both languages, as the command line prints it; a page in
    one language shows `message.text(lang)`.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: Message

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"{compact('importing.at_row')} {self.row}")
        if self.column is not None:
            where.append(f"{compact('importing.at_column')} {self.column}")
        if self.value is not None:
            where.append(f"{compact('importing.at_value')} {_quote(self.value)}")
        # The file and its row read as one phrase: "scores.csv baris/row 7, kolom/column ...".
        if self.file:
            if self.row is not None:
                where[0] = f"{self.file} {where[0]}"
            else:
                where.insert(0, self.file)
        head = ", ".join(where)
        body = str(self.message)
        return f"{head}: {body}" if head else body


def _quote(value: str) -> str:
    text = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(text) > VALUE_SHOWN_CHARS:
        text = text[: VALUE_SHOWN_CHARS - 1] + "…"
    return f"'{text}'"


class ImportFailed(Exception):
    """The import was refused and nothing was written; .errors lists every problem found."""

    def __init__(self, errors: list[ImportErrorItem]) -> None:
        self.errors = list(errors)
        count = f"{len(self.errors)} {compact('importing.errors')}"
        lines = [f"{Message('importing.failed')}: {count}"]
        lines += [str(item) for item in self.errors[:SHOWN_IN_MESSAGE]]
        if len(self.errors) > SHOWN_IN_MESSAGE:
            more = len(self.errors) - SHOWN_IN_MESSAGE
            lines.append(str(Message("importing.more", more=more)))
        super().__init__("\n".join(lines))


class ApprovalNotConfirmed(ImportFailed):
    """The import would write into an edition whose results are approved, unconfirmed."""

    def __init__(self, edition: ApprovedEdition) -> None:
        self.edition = edition
        edition_code, by = edition.code, edition.approved_by or "-"
        super().__init__(
            [
                ImportErrorItem(
                    "",
                    None,
                    None,
                    None,
                    Message(
                        "importing.approved",
                        edition=edition_code,
                        moment=Moment(edition.approved_at, edition.timezone),
                        by=by,
                    ),
                )
            ]
        )


@dataclass(frozen=True)
class KeptStatus:
    """An administrative status set in the app that an import's file would have changed."""

    code: str
    kept: str  # the status set on /administrasi, which stays
    given: str  # what innovations.csv says

    def message(self, code: str | None = None) -> Message:
        """Return the line that says so: "KIPP22-001: tetap Tidak lolos (berkas: Lolos)".

        `code`: the innovation's code as the reader's page shows it (a page isolates it).
        """
        return Message(
            "status.kept.line",
            code=code or self.code,
            kept=Message(f"status.{self.kept}"),
            given=Message(f"status.{self.given}"),
        )


@dataclass
class ImportReport:
    """What a successful import did, per file: inserted, updated, unchanged and ignored rows.

    `approval` is set when the edition's results were approved: the approved results
    beside the live ones after this import (did the import make them differ?).
    `kept_statuses`: the statuses the committee set in the app, which the file left alone.
    """

    edition_code: str | None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    approval: ApprovalComparison | None = None
    kept_statuses: list[KeptStatus] = field(default_factory=list)


# The report's rows that are not files, by the catalogue's name for them.
COUNT_LABELS = {
    "default stages": "import.count.default_stages",
    "default criteria": "import.count.default_criteria",
}


def new_counts() -> dict[str, int]:
    """Return a zeroed counter for one file of a report."""
    return {"inserted": 0, "updated": 0, "unchanged": 0, "ignored": 0}


class Problems:
    """An accumulator of error items for one file, so checks read as one line each."""

    def __init__(self, file: str, sink: list[ImportErrorItem]) -> None:
        self.file = file
        self.sink = sink

    def add(
        self,
        row: int | None,
        column: str | None,
        value: str | None,
        message: Message,
    ) -> None:
        """Record one error item."""
        self.sink.append(ImportErrorItem(self.file, row, column, value, message))

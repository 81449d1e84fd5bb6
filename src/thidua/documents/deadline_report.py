"""The consolidated report on one deadline, for the Chairman: a DOCX in the Nghị định 30/2020 layout and an XLSX.

``DeadlineReport`` is built by ``thidua.campaigns.selectors.deadline_report_data`` (the overview rows, already
scoped to the user); the renderers here only lay it out and never query the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReceiptCell:
    recipient: str  # the recipient's label, e.g. "Cụm trưởng/khối trưởng" or "Thường trực HĐTĐKT (Sở Nội vụ)"
    decision: str  # "" (not yet), "accept" or "return"
    reason: str
    at: datetime.datetime | None


@dataclass(frozen=True)
class ReportRow:
    unit_name: str
    cluster_name: str  # "" when the unit is outside any cluster or block
    status: str  # "missing" | "submitted" | "accepted" | "returned"
    late: bool
    submitted_at: datetime.datetime | None  # local time (Asia/Ho_Chi_Minh) of the latest version
    version: int  # 0 when missing
    document_number: str
    receipts: list[ReceiptCell] = field(default_factory=list)
    return_reason: str = ""  # the standing return's reason, when status == "returned"


@dataclass(frozen=True)
class DeadlineReport:
    issuer: str  # issuing body for the header, e.g. "SỞ NỘI VỤ" under "UBND TỈNH BẮC GIANG"
    issuer_parent: str  # e.g. "UBND TỈNH BẮC GIANG" (may be "")
    place: str  # e.g. "Bắc Giang"
    dated: datetime.date  # the day the report is produced
    campaign_title: str
    deadline_title: str
    deadline_description: str
    due_on: datetime.date
    recipients: list[str]  # labels of the deadline's recipients
    rows: list[ReportRow]
    signer_title: str = "GIÁM ĐỐC"
    signer_name: str = ""
    distribution: list[str] = field(default_factory=list)  # Nơi nhận lines

    @property
    def counts(self) -> dict[str, int]:
        counts = {"total": len(self.rows), "missing": 0, "submitted": 0, "accepted": 0, "returned": 0, "late": 0}
        for row in self.rows:
            counts[row.status] += 1
            counts["late"] += row.late
        return counts

    def units_with(self, status: str) -> list[ReportRow]:
        return [row for row in self.rows if row.status == status]

    @property
    def late_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if row.late]


Progress = Callable[[int], None]  # called with 0–100 while rendering


def render_docx(report: DeadlineReport, *, progress: Progress = lambda _: None) -> bytes:
    raise NotImplementedError


def render_xlsx(report: DeadlineReport, *, progress: Progress = lambda _: None) -> bytes:
    raise NotImplementedError

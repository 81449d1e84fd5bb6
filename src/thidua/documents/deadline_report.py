"""The consolidated report on one deadline, for the Chairman: a DOCX in the Nghị định 30/2020 layout and an XLSX.

``DeadlineReport`` is built by ``thidua.campaigns.selectors.deadline_report_data`` (the overview rows, already
scoped to the user); the renderers here only lay it out and never query the database.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from thidua.core.numbers import share_percent, vi_number

from . import word, xlsx
from .nd30 import OfficialDocument, date_words, number_line


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
    introduction: str = ""  # the office's opening sentence (documents.wording); "" for the built-in one
    office_template: bool = False  # the office uploaded a Word template for reports (documents.word)

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

REPORT_KIND = "Báo cáo"
REPORT_SYMBOL = "BC-SNV"  # the number itself is left blank for the clerk (NĐ 30/2020)
STATUS_LABELS = {"missing": "Chưa gửi", "submitted": "Đã gửi", "accepted": "Đã tiếp nhận", "returned": "Bị trả lại"}
LATE_LABEL = "Muộn"
NONE_TEXT = "Không có."
SECTION_MISSING = "Đơn vị chưa gửi văn bản"
SECTION_LATE = "Đơn vị gửi muộn"
SECTION_RETURNED = "Đơn vị bị trả lại văn bản"
ADDRESSEE = "Chủ tịch Ủy ban nhân dân tỉnh"
SHARE_FORMAT = "0.0%"  # a numeric cell (the share as a fraction); Excel shows it in the reader's notation
DEFAULT_DISTRIBUTION = ["- Chủ tịch UBND tỉnh (b/c);", "- Lưu: VT, TĐKT."]

T = TypeVar("T")


def _ignore(_: int) -> None:
    return None


class _Ticker:
    """Passes a non-decreasing percentage to ``progress``, each value at most once."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._last = -1

    def __call__(self, percent: float) -> None:
        percent = max(0, min(100, int(percent)))
        if percent > self._last:
            self._last = percent
            self._progress(percent)

    def over(self, items: Sequence[T], start: int, end: int) -> Iterator[T]:
        """Yield ``items``, moving from ``start`` to ``end`` every tenth of them."""
        total = len(items)
        step = max(1, math.ceil(total / 10))
        for done, item in enumerate(items, 1):
            yield item
            if done % step == 0 or done == total:
                self(start + (end - start) * done / total)


def count_lines(report: DeadlineReport) -> list[tuple[str, int]]:
    """The counts, labelled as in both documents."""
    counts = report.counts
    sent = counts["total"] - counts["missing"]
    on_time = sum(1 for row in report.rows if row.status != "missing" and not row.late)
    return [
        ("Tổng số đơn vị phải gửi", counts["total"]),
        ("Đã gửi văn bản", sent),
        ("Gửi đúng hạn", on_time),
        ("Gửi muộn", counts["late"]),
        ("Đã được tiếp nhận đầy đủ", counts["accepted"]),
        ("Đang chờ tiếp nhận", counts["submitted"]),
        ("Bị trả lại văn bản", counts["returned"]),
        ("Chưa gửi văn bản", counts["missing"]),
    ]


def count_text(count: int) -> str:
    """A count as the office writes it: two digits below ten (``05``), then ``12``, ``1.234``."""
    return f"{count:02d}" if 0 <= count < 10 else vi_number(count)


def share_text(part: int, whole: int) -> str:
    """``05/54 đơn vị (9,3 %)``: the part of the whole, and its share when there is a whole."""
    share = share_percent(part, whole)
    return f"{count_text(part)}/{count_text(whole)} đơn vị" + (f" ({share})" if share else "")


def report_summary(report: DeadlineReport) -> str:
    """The summary line (trích yếu) of the report."""
    # The campaign is named in section I; repeating it here makes a four-line title.
    return f"Kết quả gửi {_lower_first(report.deadline_title)}"


def _lower_first(text: str) -> str:
    return f"{text[:1].lower()}{text[1:]}"


def _clause(text: str) -> str:
    """``text`` to run on inside a sentence: lower-case first letter, no end mark (``./.`` or ``.``)."""
    return _lower_first(text.strip().removesuffix("./.").rstrip().rstrip("."))


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _moment(value: datetime.datetime | None) -> str:
    return f"{xlsx.naive_local(value):%d/%m/%Y %H:%M}" if value else ""


def _sentence(text: str) -> str:
    """``text`` with exactly one full stop at the end (a closing "./." of a quoted clause is dropped)."""
    text = text.strip().removesuffix("./.").rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _return_reason(row: ReportRow) -> str:
    if row.return_reason:
        return row.return_reason
    return "; ".join(f"{cell.recipient}: {cell.reason}" if cell.reason else cell.recipient
                     for cell in row.receipts if cell.decision == "return")


def _receipt_text(cell: ReceiptCell | None) -> str:
    if cell is None or not cell.decision:
        return ""
    if cell.decision == "accept":
        return f"Tiếp nhận {xlsx.naive_local(cell.at):%d/%m/%Y}" if cell.at else "Tiếp nhận"
    return f"Trả lại: {cell.reason}" if cell.reason else "Trả lại"


def _recipient_columns(report: DeadlineReport) -> list[str]:
    """The deadline's recipients, then any other recipient a receipt names, in order of appearance."""
    labels = list(dict.fromkeys(report.recipients))
    for row in report.rows:
        for cell in row.receipts:
            if cell.recipient not in labels:
                labels.append(cell.recipient)
    return labels


SECTIONS = {
    "missing": (["STT", "Đơn vị", "Cụm, khối thi đua"], [1.2, 8.5, 6.8], ["stt", "unit", "cluster"]),
    "late": (["STT", "Đơn vị", "Cụm, khối thi đua", "Thời điểm gửi"], [1.2, 6.8, 5.0, 3.5],
             ["stt", "unit", "cluster", "at"]),
    "returned": (["STT", "Đơn vị", "Cụm, khối thi đua", "Lý do trả lại"], [1.2, 5.5, 4.3, 5.5],
                 ["stt", "unit", "cluster", "reason"]),
}
ANNEX = (["STT", "Đơn vị", "Cụm, khối thi đua", "Trạng thái", "Muộn", "Thời điểm gửi", "Số, ký hiệu"],
         [1.0, 4.8, 3.6, 2.2, 1.3, 2.3, 2.3], ["stt", "unit", "cluster", "status", "late", "at", "number"])


def report_context(report: DeadlineReport, *, progress: Progress = _ignore) -> dict:
    """Everything the report prints, as plain data (the office's Word template gets the same fields)."""
    from .nd30 import date_line, recipient_lines

    tick = _Ticker(progress)
    summary = report_summary(report)
    counts = report.counts
    total = counts["total"]
    values = dict(count_lines(report))
    requirements = [f"- Đợt thi đua: {_sentence(report.campaign_title)}",
                    f"- Văn bản các đơn vị phải gửi: {_sentence(report.deadline_title)}"]
    if report.deadline_description.strip():
        requirements.append(f"- Yêu cầu cụ thể: {_sentence(report.deadline_description)}")
    requirements.append(f"- Thời hạn gửi: chậm nhất ngày {_day(report.due_on)}.")
    if report.recipients:
        requirements.append(f"- Văn bản gửi về: {'; '.join(report.recipients)}.")
    opening = report.introduction.strip() or (
        f"Căn cứ yêu cầu tại kế hoạch tổ chức đợt thi đua, kết quả các đơn vị gửi {_clause(report.deadline_title)} "
        f"đến ngày {_day(report.dated)} như sau:")
    sections = {
        "missing": [{"unit": row.unit_name, "cluster": row.cluster_name} for row in report.units_with("missing")],
        "late": [{"unit": row.unit_name, "cluster": row.cluster_name, "at": _moment(row.submitted_at)}
                 for row in report.late_rows],
        "returned": [{"unit": row.unit_name, "cluster": row.cluster_name, "reason": _return_reason(row)}
                     for row in report.units_with("returned")],
    }
    for rows in sections.values():
        for index, row in enumerate(rows, 1):
            row["stt"] = str(index)
    tick(20)
    annex = [{"stt": str(index), "unit": row.unit_name, "cluster": row.cluster_name,
              "status": STATUS_LABELS.get(row.status, row.status), "late": LATE_LABEL if row.late else "",
              "at": _moment(row.submitted_at), "number": row.document_number}
             for index, row in enumerate(tick.over(report.rows, 20, 60), 1)]
    return {
        "issuer_above": report.issuer_parent, "issuer_lines": [report.issuer],
        "number_line": number_line(None, REPORT_SYMBOL), "place_date": date_line(report.place, report.dated),
        "summary": summary,
        "addressee": f"Kính gửi: {ADDRESSEE}{f' {report.place}' if report.place else ''}.",
        "opening": opening, "requirements": requirements,
        "results_heading": f"II. KẾT QUẢ THỰC HIỆN (tính đến ngày {_day(report.dated)})",
        "counts": [
            f"- Tổng số đơn vị phải gửi văn bản: {count_text(total)} đơn vị.",
            f"- Đã gửi văn bản: {share_text(values['Đã gửi văn bản'], total)}; trong đó gửi đúng hạn "
            f"{count_text(values['Gửi đúng hạn'])} đơn vị, gửi muộn {count_text(values['Gửi muộn'])} đơn vị.",
            f"- Tình hình tiếp nhận: {count_text(counts['accepted'])} đơn vị đã được tất cả nơi nhận tiếp nhận, "
            f"{count_text(counts['submitted'])} đơn vị đang chờ tiếp nhận, {count_text(counts['returned'])} đơn vị "
            "bị trả lại văn bản.",
            f"- Chưa gửi văn bản: {share_text(counts['missing'], total)}.",
        ],
        **sections,
        "closing": (f"Trên đây là kết quả các đơn vị gửi {_clause(report.deadline_title)} (danh sách chi tiết tại "
                    "Phụ lục kèm theo), kính báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo./."),
        "signer_title": report.signer_title.upper(), "signer_name": report.signer_name,
        "recipients": recipient_lines(report.distribution or DEFAULT_DISTRIBUTION, archive="Lưu: VT, TĐKT."),
        "annex_caption": f"(Kèm theo Báo cáo {number_line(None, REPORT_SYMBOL).replace('Số:', 'số')} "
                         f"{date_words(report.dated)})",
        "annex": annex,
    }


def layout(ctx: dict, *, progress: Progress = _ignore) -> bytes:
    """The report laid out in the NĐ 30/2020 layout (from its context, or from the placeholders)."""
    tick = _Ticker(progress)
    doc = OfficialDocument(title=ctx["summary"], author=" ".join(ctx["issuer_lines"]))
    doc.add_header(issuer=ctx["issuer_lines"], issuer_parent=ctx["issuer_above"], number_text=ctx["number_line"],
                   date_text=ctx["place_date"])
    doc.add_title(REPORT_KIND, ctx["summary"])
    doc.add_centered(ctx["addressee"], after=12)
    doc.add_paragraph(ctx["opening"])
    doc.add_heading("I. NỘI DUNG YÊU CẦU")
    for line in ctx["requirements"]:
        doc.add_paragraph(line)
    doc.add_heading(ctx["results_heading"])
    doc.add_heading("1. Số liệu tổng hợp")
    for line in ctx["counts"]:
        doc.add_paragraph(line)
    for number, (key, heading) in enumerate((("missing", SECTION_MISSING), ("late", SECTION_LATE),
                                             ("returned", SECTION_RETURNED)), 2):
        headers, widths, fields = SECTIONS[key]
        doc.add_heading(f"{number}. {heading}")
        rows = [[row.get(name, "") for name in fields] for row in ctx[key]]
        if rows:
            doc.add_table(headers, rows, widths=widths, align=["center"] + ["left"] * (len(headers) - 1))
        else:
            doc.add_paragraph(NONE_TEXT)
    tick(70)
    doc.add_paragraph(ctx["closing"])
    doc.add_closing(signer_title=ctx["signer_title"], signer_name=ctx["signer_name"], recipients=ctx["recipients"],
                    recipients_formatted=True)
    doc.add_page_break()
    doc.add_centered("PHỤ LỤC", bold=True)
    doc.add_centered("TÌNH HÌNH GỬI VĂN BẢN CỦA CÁC ĐƠN VỊ", bold=True)
    doc.add_centered(ctx["annex_caption"], italic=True, after=12)
    headers, widths, fields = ANNEX
    doc.add_table(headers, ([row.get(name, "") for name in fields] for row in ctx["annex"]), widths=widths,
                  align=["center", "left", "left", "left", "center", "center", "left"], size=11)
    tick(90)
    return doc.to_bytes()


def _rows_loop(name: str, fields: list[str]) -> list[dict]:
    first = {field: "" for field in fields}
    return [{**first, "stt": f"{{%tr for r in {name} %}}"}, {field: f"{{{{ r.{field} }}}}" for field in fields},
            {**first, "stt": "{%tr endfor %}"}]


def placeholders() -> dict:
    """The context with docxtpl fields: ``layout(placeholders())`` is the default Word template."""
    def loop(name: str) -> list[str]:
        return [f"{{%p for line in {name} %}}", "{{ line }}", "{%p endfor %}"]

    return {
        "issuer_above": "{{ issuer_above }}", "issuer_lines": ["{{ issuer_lines|join(' ') }}"],
        "number_line": "{{ number_line }}", "place_date": "{{ place_date }}", "summary": "{{ summary }}",
        "addressee": "{{ addressee }}", "opening": "{{ opening }}", "requirements": loop("requirements"),
        "results_heading": "{{ results_heading }}", "counts": loop("counts"),
        "missing": _rows_loop("missing", SECTIONS["missing"][2]), "late": _rows_loop("late", SECTIONS["late"][2]),
        "returned": _rows_loop("returned", SECTIONS["returned"][2]),
        "closing": "{{ closing }}", "signer_title": "{{ signer_title }}", "signer_name": "{{ signer_name }}",
        "recipients": loop("recipients"), "annex_caption": "{{ annex_caption }}",
        "annex": _rows_loop("annex", ANNEX[2]),
    }


def sample(wording) -> dict:
    """A report on a sample deadline with the office's wording, for the templates page's preview."""
    today = datetime.date.today()
    report = DeadlineReport(
        issuer="SỞ NỘI VỤ", issuer_parent="UBND TỈNH", place="", dated=today,
        campaign_title="Đợt thi đua mẫu", deadline_title="Văn bản mẫu", deadline_description="",
        due_on=today, recipients=["Thường trực Hội đồng Thi đua - Khen thưởng tỉnh"],
        rows=[ReportRow(unit_name="Đơn vị mẫu", cluster_name="Cụm thi đua mẫu", status="missing", late=False,
                        submitted_at=None, version=0, document_number="")],
        signer_title=wording.signer_title or "GIÁM ĐỐC", signer_name=wording.signer_name,
        distribution=[*wording.recipients, wording.archive], introduction=wording.introduction)
    return report_context(report)


FIELDS = {
    "issuer_lines": "Tên cơ quan ban hành", "number_line": "Số, ký hiệu", "place_date": "Địa danh, ngày tháng",
    "summary": "Trích yếu", "addressee": "Kính gửi", "counts": "Số liệu tổng hợp", "missing": "Đơn vị chưa gửi",
    "late": "Đơn vị gửi muộn", "returned": "Đơn vị bị trả lại", "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký", "recipients": "Nơi nhận", "annex": "Phụ lục danh sách đơn vị",
}
OPTIONAL = {
    "issuer_above": "Cơ quan chủ quản", "opening": "Phần mở đầu", "requirements": "Nội dung yêu cầu",
    "results_heading": "Tiêu đề phần kết quả", "closing": "Câu kết", "annex_caption": "Dòng kèm theo báo cáo",
}


def render_docx(report: DeadlineReport, *, progress: Progress = _ignore) -> bytes:
    """The report to the Chairman as a DOCX in the NĐ 30/2020 layout (or the office's Word template): header with
    the number left blank, the addressee, the deadline, the counts, the units that are missing, late or returned,
    signature, "Nơi nhận", and an annex listing every unit."""
    from .models import DocumentKind

    tick = _Ticker(progress)
    tick(0)
    ctx = report_context(report, progress=tick)
    if report.office_template:
        data = word.render(DocumentKind.DEADLINE_REPORT, ctx)
    else:
        data = layout(ctx, progress=lambda p: tick(60 + p * 0.35))
    tick(100)
    return data


word.register(word.Spec(kind="deadline_report", layout=layout, placeholders=placeholders, required=FIELDS,
                        optional=OPTIONAL, sample=sample))


def render_xlsx(report: DeadlineReport, *, progress: Progress = _ignore) -> bytes:
    """The same report as an XLSX: sheet "Tổng hợp" with one row per unit and a column per recipient, and sheet
    "Số liệu" with the counts."""
    tick = _Ticker(progress)
    tick(0)
    workbook = xlsx.new_workbook(creator=report.issuer, title=report_summary(report))
    recipients = _recipient_columns(report)
    columns = [
        xlsx.Column("STT", 6, "center"),
        xlsx.Column("Đơn vị", 40),
        xlsx.Column("Cụm/Khối", 30),
        xlsx.Column("Trạng thái", 14),
        xlsx.Column("Muộn", 8, "center"),
        xlsx.Column("Thời điểm gửi", 17, "center", xlsx.DATETIME_FORMAT),
        xlsx.Column("Số/ký hiệu", 16),
        *(xlsx.Column(label, 28) for label in recipients),
    ]
    tick(10)

    def rows() -> Iterator[list[object]]:
        for index, row in enumerate(tick.over(report.rows, 10, 90), 1):
            by_recipient = {cell.recipient: cell for cell in row.receipts}
            yield [index, row.unit_name, row.cluster_name, STATUS_LABELS.get(row.status, row.status),
                   LATE_LABEL if row.late else "", row.submitted_at, row.document_number,
                   *(_receipt_text(by_recipient.get(label)) for label in recipients)]

    xlsx.write_table(
        workbook.create_sheet("Tổng hợp"), columns, rows(),
        title=f"TỔNG HỢP TÌNH HÌNH GỬI VĂN BẢN - {report.campaign_title}",
        subtitle=f"Văn bản phải gửi: {report.deadline_title}; thời hạn gửi chậm nhất ngày {_day(report.due_on)} "
                 f"(số liệu tính đến ngày {_day(report.dated)})",
    )
    total = report.counts["total"]
    xlsx.write_table(
        workbook.create_sheet("Số liệu"),
        [xlsx.Column("Nội dung", 40), xlsx.Column("Số đơn vị", 14, "center"),
         xlsx.Column("Tỷ lệ", 12, "center", SHARE_FORMAT)],
        ((label, count, count / total if total else None) for label, count in count_lines(report)),
        title="SỐ LIỆU TỔNG HỢP",
        subtitle=f"Văn bản phải gửi: {report.deadline_title}; thời hạn gửi chậm nhất ngày {_day(report.due_on)}",
    )
    tick(95)
    data = xlsx.workbook_bytes(workbook)
    tick(100)
    return data

"""The minutes (biên bản) of a council meeting and of a vote count, read back from the DOCX for every meeting and
round of the demo: the layout of NĐ 30/2020 (A4, margins, Times New Roman, the header with its rules, the number
and symbol, the place and date, the signatures side by side kept on one page, Nơi nhận) and their content (times,
place, who attended and who wrote, the agenda, each nominee's ballots and votes, the share as Vietnamese write it,
the verdict against the threshold, the signers' names). Also: a council meeting's round no longer crashes the
vote-count minutes, an open vote's counts never print, the forms and services take and check the new fields, and
the downloads are scoped like the pages."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Pt

from tests import support
from tests.awards.test_council import Council
from thidua.awards import council as councils
from thidua.awards.models import CouncilMeeting
from thidua.documents import meeting_minutes, vote_minutes
from thidua.documents.nd30 import NATIONAL_MOTTO, NATIONAL_TITLE, RULE_RATIO, text_width
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import VotingRound

# The demo province, loaded once for this module (tests/documents has no conftest of its own).
_province_module = support._province_module
province = support.province

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NBSP = "\u00a0"
COUNT_HEADERS = ["STT", "Họ và tên / Tập thể", "Danh hiệu, hình thức", "Phiếu phát ra", "Phiếu thu về",
                 "Phiếu hợp lệ", "Phiếu không hợp lệ", "Phiếu đồng ý", "Tỷ lệ", "Ngưỡng", "Kết quả"]


# ── reading a DOCX back ──────────────────────────────────────────────────────────────────────────────────────


class Read:
    """A generated DOCX read back with python-docx: its paragraphs' text and its tables."""

    def __init__(self, content: bytes) -> None:
        self.document = docx.Document(io.BytesIO(content))
        self.paragraphs = [p.text for p in self.document.paragraphs]
        self.tables = self.document.tables

    def rows(self, table) -> list[list[str]]:
        return [[cell.text for cell in row.cells] for row in table.rows]

    def after(self, text: str, count: int) -> list[str]:
        at = self.paragraphs.index(text)
        return self.paragraphs[at + 1: at + 1 + count]

    def count_rows(self) -> list[list[str]]:
        """The rows of every count table (header rows left out)."""
        out = []
        for table in self.tables[1:-1]:
            rows = self.rows(table)
            assert rows[0][0] == "STT"
            out += rows[1:]
        return out


def _pct(text: str) -> str:
    return text.replace(" %", f"{NBSP}%")


def check_layout(read: Read, *, above: str, own: list[str], symbol: str, place_date: str, signers: list[list[str]],
                 recipients: list[str]) -> None:
    """NĐ 30/2020: paper, margins, fonts, the header (the body under its superior, the rule 1/3–1/2 of the line
    above it, the motto's rule as long as the motto), number and symbol, place and date, the signatures side by side
    on one page, and Nơi nhận."""
    document = read.document
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert document.styles["Normal"].font.size == Pt(14)

    header = read.tables[0]
    left, right = (cell.paragraphs for cell in header.rows[0].cells)
    texts = [p.text for p in left]
    assert texts == [above, *own, ""]
    assert not left[0].runs[0].bold and all(p.runs[0].bold for p in left[1:-1])
    rule = left[-1]
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    left_width = header.rows[0].cells[0].width
    rule_length = left_width - 2 * rule.paragraph_format.left_indent
    last = text_width(own[-1], 13, bold=True)
    assert last / 3 - Pt(1) <= rule_length <= last / 2 + Pt(1)
    assert abs(rule_length - last * RULE_RATIO) <= Pt(1)
    assert [p.text for p in right if p.text] == [NATIONAL_TITLE, NATIONAL_MOTTO]
    motto_rule = right[-1]
    motto_length = header.rows[0].cells[1].width - 2 * motto_rule.paragraph_format.left_indent
    assert abs(motto_length - text_width(NATIONAL_MOTTO, 14, bold=True)) <= Pt(1)
    number, dated = (cell.paragraphs[0] for cell in header.rows[1].cells)
    assert re.fullmatch(rf"Số: {{4,}}/{re.escape(symbol)}", number.text)
    assert dated.text == place_date and dated.runs[0].italic
    assert read.paragraphs[read.paragraphs.index("BIÊN BẢN") + 1]  # the summary under the kind

    # The signatures: two to a row, each title over the room for the signature and the name; no row splits and
    # every paragraph up to the last name stays with the next, so the block stays on one page.
    block = read.tables[-1]
    found = []
    for row in block.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        found.append([[p.text for p in cell.paragraphs if p.text] for cell in row.cells])
    assert [[pair for pair in row if pair] for row in found] == signers
    for index, row in enumerate(block.rows):
        for cell in row.cells:
            paragraphs = cell.paragraphs if index < len(block.rows) - 1 else cell.paragraphs[:-1]
            for paragraph in paragraphs:  # the names of the last row end the block
                if paragraph.text or len(cell.paragraphs) > 1:
                    assert paragraph.paragraph_format.keep_with_next, paragraph.text
    for cell in (c for row in block.rows for c in row.cells):
        lines = [p for p in cell.paragraphs if p.text]
        if lines:
            assert all(p.runs[0].bold for p in lines) and len(cell.paragraphs) >= 6  # room for the signature
    before = block._tbl.getprevious()
    assert before.tag == qn("w:p") and before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None

    # Nơi nhận under the signatures.
    label = read.paragraphs.index("Nơi nhận:")
    label_paragraph = read.document.paragraphs[label]
    assert label_paragraph.runs[0].bold and label_paragraph.runs[0].italic
    assert label_paragraph.runs[0].font.size == Pt(12)
    assert read.paragraphs[label + 1:] == recipients
    assert all(p.runs[0].font.size == Pt(11) for p in read.document.paragraphs[label + 1:])


def _meeting(unit_code: str) -> CouncilMeeting:
    return CouncilMeeting.objects.select_related("council__unit").get(council__unit__code=unit_code)


def _round_of(meeting: CouncilMeeting) -> VotingRound:
    return VotingRound.objects.get(meeting=meeting)


def _flag_round() -> VotingRound:
    return VotingRound.objects.get(question__startswith="Suy tôn đơn vị dẫn đầu Khối kinh tế năm 2021")


# ── the provincial council's meeting of 10/01/2022 ──────────────────────────────────────────────────────────


def test_the_provincial_meeting_minutes_read_back_with_every_part(province, login):
    meeting = _meeting("UBND-BG")
    response = login("vanphong").get(_meeting_url(meeting))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    read = Read(response.content)
    check_layout(read, above="UBND TỈNH BẮC GIANG", own=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"], symbol="BB-HĐTĐKT",
                 place_date="Bắc Giang, ngày 10 tháng 01 năm 2022",
                 signers=[[["THƯ KÝ", "Nguyễn Thị Thu"], ["CHỦ TỊCH HỘI ĐỒNG", "Lê Ánh Dương"]]],
                 recipients=["- Thành viên Hội đồng Thi đua - Khen thưởng;", "- Lưu: VT, TĐKT."])
    p = read.paragraphs
    assert p[p.index("BIÊN BẢN") + 1] == "Họp Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang"
    assert "Thời gian: bắt đầu lúc 08 giờ 00 phút, ngày 10/01/2022." in p
    assert "Địa điểm: Phòng họp số 1, UBND tỉnh Bắc Giang." in p
    assert "Chủ trì: Lê Ánh Dương, Chủ tịch UBND tỉnh, Chủ tịch Hội đồng." in p
    assert "Thư ký: Nguyễn Thị Thu, Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ, Ủy viên Hội đồng." in p
    present = read.after("Thành viên Hội đồng có mặt: 09/10 thành viên, gồm:", 9)
    assert present[0] == "1. Lê Ánh Dương, Chủ tịch UBND tỉnh, Chủ tịch Hội đồng;"
    assert present[2] == "3. Phan Thế Tuấn, Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng;"
    assert present[8] == "9. Hà Văn Sơn, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh, Ủy viên Hội đồng."
    assert read.after("Thành viên vắng mặt có ý kiến bằng văn bản: 01 thành viên, gồm:", 1) == [
        "1. Lương Thị Thanh, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh, Ủy viên Hội đồng."]
    assert "Thành viên vắng mặt không có ý kiến: không có." in p
    assert read.after("Chương trình họp:", 4) == [
        "1. Thường trực Hội đồng (Sở Nội vụ) báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng năm 2021",
        "2. Hội đồng thảo luận, cho ý kiến đối với từng trường hợp đề nghị",
        "3. Bỏ phiếu kín đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh và Cờ thi đua của UBND tỉnh năm 2021",
        "4. Chủ tịch Hội đồng kết luận"]
    assert ("Có mặt 09/10 thành viên, 01 thành viên vắng mặt có ý kiến bằng văn bản. Cuộc họp đủ điều kiện tiến "
            "hành theo quy định.") in p
    assert read.after("Ban kiểm phiếu gồm:", 3) == ["1. Phan Thế Tuấn, Trưởng ban;", "2. Vũ Quang Huy, Ủy viên;",
                                                    "3. Trần Thị Hà, Ủy viên."]
    assert ("Số thành viên Hội đồng: 10; số phiếu phát ra: 10; số phiếu thu về: 10; số phiếu hợp lệ: 10; số phiếu "
            "không hợp lệ: 00.") in p
    assert read.rows(read.tables[1])[0] == COUNT_HEADERS
    # 10, 8 and 9 votes of 10 members: 100 %, 80 % (short of 90 %) and 90 % (over the flag's 80 %).
    assert sorted(read.count_rows(), key=lambda r: r[1]) == [
        ["3", "Hoàng Văn Bình", "Chiến sĩ thi đua cấp tỉnh", "10", "10", "10", "00", "08", _pct("80 %"),
         _pct("90 %"), "Không đạt"],
        ["2", "Ngô Thị Lan Anh", "Chiến sĩ thi đua cấp tỉnh", "10", "10", "10", "00", "10", _pct("100 %"),
         _pct("90 %"), "Đạt"],
        ["1", "Sở Kế hoạch và Đầu tư", "Cờ thi đua của Ủy ban nhân dân tỉnh", "10", "10", "10", "00", "09",
         _pct("90 %"), _pct("80 %"), "Đạt"],
    ]
    conclusion = read.after("IV. KẾT LUẬN", 2)
    assert "Ngô Thị Lan Anh (Chiến sĩ thi đua cấp tỉnh, 10/10 phiếu, 100" in conclusion[0]
    assert "Sở Kế hoạch và Đầu tư (Cờ thi đua của Ủy ban nhân dân tỉnh, 09/10 phiếu, 90" in conclusion[0]
    assert conclusion[1] == _pct("Các trường hợp không đạt tỷ lệ phiếu đồng ý theo quy định: Hoàng Văn Bình (Chiến sĩ "
                                 "thi đua cấp tỉnh, 08/10 phiếu, 80 %, cần từ 90 % trở lên).")
    assert ("Biên bản kết thúc lúc 10 giờ 30 phút cùng ngày, đã được đọc lại và thông qua trước các thành viên dự "
            "họp./.") in p


def _meeting_url(meeting) -> str:
    from django.urls import reverse

    return reverse("awards:council_meeting_minutes", args=[meeting.pk])


def test_so_y_te_council_minutes_are_issued_under_the_department(province, login):
    meeting = _meeting("SYT")
    response = login("soyte").get(_meeting_url(meeting))
    assert response.status_code == 200
    read = Read(response.content)
    check_layout(read, above="SỞ Y TẾ", own=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"], symbol="BB-HĐTĐKT",
                 place_date="Bắc Giang, ngày 05 tháng 01 năm 2022",
                 signers=[[["THƯ KÝ", "Phạm Minh Đức"], ["CHỦ TỊCH HỘI ĐỒNG", "Trần Quang Vinh"]]],
                 recipients=["- Thành viên Hội đồng Thi đua - Khen thưởng;", "- Lưu: VT, TĐKT."])
    p = read.paragraphs
    assert "Thời gian: bắt đầu lúc 14 giờ 00 phút, ngày 05/01/2022." in p
    assert "Địa điểm: Hội trường Sở Y tế." in p
    assert read.after("Thành viên Hội đồng có mặt: 07/07 thành viên, gồm:", 7)[6] == (
        "7. Vũ Thị Ngọc, Bí thư Chi đoàn Sở, Ủy viên Hội đồng.")
    assert "Thành viên vắng mặt có ý kiến bằng văn bản: không có." in p
    assert read.after("Chương trình họp:", 3)[1] == (
        "2. Bỏ phiếu kín đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2021")
    # 6 of 7 members: 85,7 %, over the 80 % of Chiến sĩ thi đua cơ sở.
    assert read.count_rows() == [["1", "Lê Thị Mai", "Chiến sĩ thi đua cơ sở", "07", "07", "07", "00", "06",
                                  _pct("85,7 %"), _pct("80 %"), "Đạt"]]
    assert "Biên bản kết thúc lúc 15 giờ 30 phút cùng ngày" in " ".join(p)


# ── the vote counts ──────────────────────────────────────────────────────────────────────────────────────────


def test_khoi_kinh_te_vote_minutes_are_issued_by_its_head_unit(province, api_client):
    voting_round = _flag_round()
    response = api_client("vanphong").get(f"/api/v1/voting-rounds/{voting_round.pk}/minutes.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    read = Read(response.content)
    check_layout(read, above="UBND TỈNH BẮC GIANG", own=["SỞ KẾ HOẠCH VÀ ĐẦU TƯ"], symbol="BB-SKHĐT",
                 place_date="Bắc Giang, ngày 10 tháng 12 năm 2021",
                 signers=[[["ỦY VIÊN BAN KIỂM PHIẾU", "Đào Thị Hương"], ["TRƯỞNG BAN KIỂM PHIẾU", "Hoàng Minh Tuấn"]],
                          [["ỦY VIÊN BAN KIỂM PHIẾU", "Trịnh Văn Long"]]],
                 recipients=["- Các đơn vị thành viên Khối kinh tế;",
                             "- Thường trực Hội đồng Thi đua - Khen thưởng tỉnh;", "- Lưu: VT."])
    p = read.paragraphs
    assert p[p.index("BIÊN BẢN") + 1] == ("Kiểm phiếu suy tôn đơn vị dẫn đầu Khối kinh tế năm 2021, đề nghị tặng Cờ "
                                          "thi đua của UBND tỉnh")
    assert ("Thời gian: bắt đầu lúc 14 giờ 00 phút, ngày 10/12/2021; kết thúc lúc 16 giờ 30 phút.") in p
    assert "Địa điểm: Hội trường Sở Kế hoạch và Đầu tư." in p
    assert "Chủ trì: Nguyễn Văn Phúc." in p and "Thư ký: Lê Thị Thu Trang." in p
    attended = next(line for line in p if line.startswith("Các đơn vị thành viên Khối kinh tế: 09 đơn vị."))
    assert "Đã bỏ phiếu: 09 đơn vị (" in attended and "Sở Tài chính" in attended and "Sở Xây dựng" in attended
    assert "Không bỏ phiếu: không có." in p
    assert "Chỉ tiêu: 01 Cờ thi đua (mỗi phiếu chọn 01 đơn vị)." in p
    assert _pct("Số đơn vị đã bỏ phiếu: 09/09 (100 %); tỷ lệ tham gia tối thiểu 70 %; đủ điều kiện kiểm phiếu.") in p
    assert ("Số phiếu phát ra: 09; số phiếu thu về: 09; số phiếu hợp lệ: 09; số phiếu không hợp lệ: 00.") in p
    assert any(line.startswith("Bỏ phiếu kín trên hệ thống: số phiếu phát ra là số người có quyền bỏ phiếu")
               for line in p)
    header, *rows = read.rows(read.tables[1])
    assert header == ["STT", "Đơn vị", *COUNT_HEADERS[3:]]
    # 8 and 1 of 9 member units: 88,9 % passes the 70 %, 11,1 % does not.
    assert rows == [["1", "Sở Kế hoạch và Đầu tư", "09", "09", "09", "00", "08", _pct("88,9 %"), _pct("70 %"), "Đạt"],
                    ["2", "Sở Tài chính", "09", "09", "09", "00", "01", _pct("11,1 %"), _pct("70 %"), "Không đạt"]]
    assert ("Căn cứ kết quả kiểm phiếu, các trường hợp sau đạt tỷ lệ phiếu đồng ý theo quy định và được đề nghị: Sở "
            "Kế hoạch và Đầu tư.") in p
    assert ("Biên bản kết thúc lúc 16 giờ 30 phút cùng ngày, đã được thông qua trước các đơn vị thành viên Khối kinh "
            "tế./.") in p


@pytest.mark.parametrize(("unit", "above", "signers", "rows"), [
    ("UBND-BG", "UBND TỈNH BẮC GIANG",
     [[["ỦY VIÊN BAN KIỂM PHIẾU", "Vũ Quang Huy"], ["TRƯỞNG BAN KIỂM PHIẾU", "Phan Thế Tuấn"]],
      [["ỦY VIÊN BAN KIỂM PHIẾU", "Trần Thị Hà"]]],
     {"Ngô Thị Lan Anh": ["10", _pct("100 %"), "Đạt"], "Hoàng Văn Bình": ["08", _pct("80 %"), "Không đạt"],
      "Sở Kế hoạch và Đầu tư": ["09", _pct("90 %"), "Đạt"]}),
    ("SYT", "SỞ Y TẾ",
     [[["ỦY VIÊN BAN KIỂM PHIẾU", "Đinh Văn Lâm"], ["TRƯỞNG BAN KIỂM PHIẾU", "Bùi Thị Hạnh"]],
      [["ỦY VIÊN BAN KIỂM PHIẾU", "Vũ Thị Ngọc"]]],
     {"Lê Thị Mai": ["06", _pct("85,7 %"), "Đạt"]}),
])
def test_a_council_meetings_vote_minutes_download_instead_of_crashing(province, login, unit, above, signers, rows):
    meeting = _meeting(unit)
    voting_round = _round_of(meeting)
    response = login("vanphong").get(f"/votes/{voting_round.pk}/minutes.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    read = Read(response.content)
    check_layout(read, above=above, own=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"], symbol="BB-HĐTĐKT",
                 place_date=f"Bắc Giang, {meeting_minutes_date(meeting)}", signers=signers,
                 recipients=["- Thường trực Hội đồng Thi đua - Khen thưởng tỉnh;", "- Lưu: VT."])
    p = read.paragraphs
    assert p[p.index("BIÊN BẢN") + 1] == (f"Kiểm phiếu bỏ phiếu kín tại cuộc họp {meeting.council.name} ngày "
                                          f"{meeting.held_on:%d/%m/%Y}")
    assert f"Địa điểm: {meeting.place}." in p
    assert f"Chủ trì: {meeting.chair.full_name}, {meeting.chair.position}, Chủ tịch Hội đồng." in p
    assert any(line.startswith("Cuộc họp tổ chức ngoài hệ thống, số liệu theo biên bản họp đã lưu kèm") for line in p)
    got = {row[1]: [row[7], row[8], row[10]] for row in read.count_rows()}
    assert got == rows


def meeting_minutes_date(meeting) -> str:
    month = f"{meeting.held_on.month:02d}" if meeting.held_on.month <= 2 else str(meeting.held_on.month)
    return f"ngày {meeting.held_on.day:02d} tháng {month} năm {meeting.held_on.year}"


# ── a meeting voting on the system ───────────────────────────────────────────────────────────────────────────


def test_an_online_meeting_round_counts_the_ballots_cast_and_hides_an_open_vote(province):
    ten = Council(province)
    meeting = ten.meeting(range(9), written=[9], started_at=datetime.time(8, 30), ended_at=datetime.time(11, 0),
                          agenda="- Xét đề nghị Chiến sĩ thi đua cấp tỉnh\n\n  Bỏ phiếu kín  ")
    assert (meeting.started_at, meeting.ended_at, meeting.agenda) == (
        datetime.time(8, 30), datetime.time(11, 0), "Xét đề nghị Chiến sĩ thi đua cấp tỉnh\nBỏ phiếu kín")
    voting_round = councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.binh.pk],
                                              counting_board="Thành viên 2, Trưởng ban\n Thành viên 3 , Ủy viên")
    assert voting_round.counting_board == "Thành viên 2, Trưởng ban\nThành viên 3, Ủy viên"
    assert (voting_round.place, voting_round.chair_name, voting_round.secretary_name) == (
        "Hội trường UBND tỉnh", "Thành viên 0", "Thành viên 1")
    for user in ten.users[:8]:
        evaluation_services.ballot_cast(by=user, voting_round=voting_round, choices=[ten.an.pk])
    # While the vote is open the meeting's minutes name the nominees but print no count.
    read = Read(meeting_minutes.render_meeting_minutes(meeting))
    assert any("chưa kết thúc" in line and "Nguyễn Văn An" in line for line in read.paragraphs)
    assert len(read.tables) == 2  # the header and the signatures: no count table
    assert read.after("Chương trình họp:", 2) == ["1. Xét đề nghị Chiến sĩ thi đua cấp tỉnh", "2. Bỏ phiếu kín"]
    evaluation_services.ballot_cast(by=ten.users[8], voting_round=voting_round, choices=[])
    evaluation_services.ballot_cast(by=ten.users[9], voting_round=voting_round, choices=[ten.an.pk, ten.binh.pk])
    voting_round.refresh_from_db()
    assert voting_round.closed_at is not None

    read = Read(vote_minutes.render_minutes(voting_round))
    p = read.paragraphs
    assert ("Số phiếu phát ra: 10; số phiếu thu về: 10; số phiếu hợp lệ: 10; số phiếu không hợp lệ: 00.") in p
    assert any(line.startswith("Bỏ phiếu kín trên hệ thống: số phiếu phát ra là số thành viên Hội đồng có quyền bỏ "
                               "phiếu (10); số phiếu thu về là số thành viên đã bỏ phiếu (10)") for line in p)
    assert {row[1]: (row[7], row[8], row[10]) for row in read.count_rows()} == {
        "Nguyễn Văn An": ("09", _pct("90 %"), "Đạt"), "Trần Thị Bình": ("01", _pct("10 %"), "Không đạt")}
    opened = timezone.localtime(voting_round.opens_at)
    assert any(line.startswith(f"Thời gian: bắt đầu lúc {opened:%H} giờ {opened:%M} phút, ngày {opened:%d/%m/%Y}")
               for line in p)
    assert [[c.paragraphs[0].text for c in row.cells] for row in read.tables[-1].rows] == [
        ["ỦY VIÊN BAN KIỂM PHIẾU", "TRƯỞNG BAN KIỂM PHIẾU"]]
    read = Read(meeting_minutes.render_meeting_minutes(meeting))
    assert {row[1]: row[7] for row in read.count_rows()} == {"Nguyễn Văn An": "09", "Trần Thị Bình": "01"}
    assert "Thời gian: bắt đầu lúc 08 giờ 30 phút, ngày " in " ".join(read.paragraphs)


def test_a_meeting_ends_after_it_begins(province):
    ten = Council(province)
    with pytest.raises(ValidationError) as excinfo:
        ten.meeting(range(10), started_at=datetime.time(9, 0), ended_at=datetime.time(9, 0))
    assert set(excinfo.value.message_dict) == {"ended_at"}
    with pytest.raises(ValidationError) as excinfo:
        ten.meeting(range(10), agenda="x" * 4001)
    assert set(excinfo.value.message_dict) == {"agenda"}
    meeting = ten.meeting(range(10))  # times and agenda are optional: the minutes leave dots for the clerk
    read = Read(meeting_minutes.render_meeting_minutes(meeting))
    assert any(line.startswith("Thời gian: bắt đầu lúc ..... giờ ..... phút") for line in read.paragraphs)


def test_a_counting_board_line_needs_a_name(province):
    with pytest.raises(ValidationError) as excinfo:
        evaluation_services.clean_counting_board("Nguyễn Văn A, Trưởng ban\n, Ủy viên")
    assert set(excinfo.value.message_dict) == {"counting_board"}
    with pytest.raises(ValidationError):
        evaluation_services.clean_counting_board("\n".join(f"Người {i}, Ủy viên" for i in range(16)))
    assert evaluation_services.clean_counting_board("• Nguyễn Văn A ,  Trưởng ban\n\nTrần B") == (
        "Nguyễn Văn A, Trưởng ban\nTrần B")


def test_the_round_form_takes_the_minutes_fields(province, login):
    campaign = province.campaign()
    cluster = province.cluster("Cụm thi đua số 1")
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {"cluster": cluster.pk, "question": "Suy tôn đơn vị dẫn đầu Cụm 1",
            "candidates": [province.unit_ids["H-YT"], province.unit_ids["H-TY"]], "electorate": "cluster_units",
            "award": "none", "threshold_percent": "70", "quorum_percent": "50",
            "opens_at": f"{now:%Y-%m-%dT%H:%M}", "closes_at": f"{now + datetime.timedelta(days=1):%Y-%m-%dT%H:%M}",
            "place": "Hội trường UBND huyện Hiệp Hòa", "chair_name": "Nguyễn Văn Chủ",
            "secretary_name": "Trần Thị Ký", "counting_board": "Lê Văn Kiểm, Trưởng ban\n, Ủy viên"}
    client = login("hiephoa")
    url = f"/campaigns/{campaign.pk}/votes/"
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["counting_board"]
    response = client.post(url, {**data, "counting_board": "Lê Văn Kiểm, Trưởng ban\nĐỗ Thị Phiếu, Ủy viên"})
    assert response.status_code == 302
    created = VotingRound.objects.get(question="Suy tôn đơn vị dẫn đầu Cụm 1")
    assert (created.place, created.chair_name, created.secretary_name, created.counting_board) == (
        "Hội trường UBND huyện Hiệp Hòa", "Nguyễn Văn Chủ", "Trần Thị Ký",
        "Lê Văn Kiểm, Trưởng ban\nĐỗ Thị Phiếu, Ủy viên")


def test_the_meeting_form_takes_times_and_agenda(province, login):
    council = councils.province_council()
    members = list(councils.members_of(council))
    data = {"held_on": "2022-02-15", "place": "Phòng họp số 2", "chair": members[0].pk,
            "secretary": members[3].pk, "present": [m.pk for m in members], "started_at": "14:00",
            "ended_at": "13:30", "agenda": "Xét khen thưởng đột xuất\nBỏ phiếu kín"}
    client = login("vanphong")
    url = _create_url(council)
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["meeting_form"].errors["ended_at"]
    response = client.post(url, {**data, "ended_at": "16:15"})
    assert response.status_code == 302
    meeting = CouncilMeeting.objects.get(held_on=datetime.date(2022, 2, 15))
    assert (meeting.started_at, meeting.ended_at, meeting.agenda) == (
        datetime.time(14, 0), datetime.time(16, 15), "Xét khen thưởng đột xuất\nBỏ phiếu kín")
    page = client.get(response["Location"]).content.decode()
    assert _meeting_url(meeting) in page and "Xét khen thưởng đột xuất" in page


def _create_url(council) -> str:
    from django.urls import reverse

    return reverse("awards:council_meeting_create", args=[council.pk])


def test_the_api_records_a_meetings_times_and_refuses_an_end_before_the_start(province, api_client):
    council = councils.province_council()
    members = list(councils.members_of(council))
    payload = {"held_on": "2022-03-01", "place": "Phòng họp số 1", "chair_id": members[0].pk,
               "member_ids_present": [m.pk for m in members], "started_at": "09:00", "ended_at": "08:00",
               "agenda": "Xét khen thưởng"}
    client = api_client("vanphong")
    response = client.post("/api/v1/council-meetings", payload, content_type="application/json")
    assert response.status_code == 400 and len(response.json()["errors"]) == 1
    assert not CouncilMeeting.objects.filter(held_on=datetime.date(2022, 3, 1)).exists()
    response = client.post("/api/v1/council-meetings", {**payload, "ended_at": "10:00"},
                           content_type="application/json")
    assert response.status_code == 201
    meeting = CouncilMeeting.objects.get(pk=response.json()["id"])
    assert (meeting.started_at, meeting.ended_at, meeting.agenda) == (
        datetime.time(9, 0), datetime.time(10, 0), "Xét khen thưởng")
    response = client.get(f"/api/v1/council-meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    assert "Thời gian: bắt đầu lúc 09 giờ 00 phút, ngày 01/03/2022." in Read(response.content).paragraphs


# ── who may download ─────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("username", "unit", "page", "api"), [
    ("thanhvien", "UBND-BG", 200, 200), ("giamdocyt", "SYT", 200, 200), ("soyte", "SYT", 200, 200),
    # The pages show a unit's council to its staff and members; the API to the office and the leadership too.
    ("chutich", "SYT", 404, 200),
    ("hiephoa", "UBND-BG", 404, 404), ("hiephoa", "SYT", 404, 404), ("soyte", "UBND-BG", 404, 404),
])
def test_the_minutes_are_downloaded_by_whoever_reads_the_meeting(province, login, api_client, username, unit, page,
                                                                  api):
    from django.urls import reverse

    meeting = _meeting(unit)
    client = login(username)
    assert client.get(reverse("awards:council_meeting", args=[meeting.pk])).status_code == page
    assert client.get(_meeting_url(meeting)).status_code == page
    assert api_client(username).get(f"/api/v1/council-meetings/{meeting.pk}/minutes.docx").status_code == api
    voting_round = _round_of(meeting)
    assert client.get(f"/votes/{voting_round.pk}/minutes.docx").status_code == api
    assert api_client(username).get(f"/api/v1/voting-rounds/{voting_round.pk}/minutes.docx").status_code == api


# ── the default Word templates ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("module", [meeting_minutes, vote_minutes])
def test_the_layout_of_the_placeholders_is_the_default_word_template(module):
    read = Read(module.layout(module.placeholders()))
    text = "\n".join(read.paragraphs)
    assert "{{ summary }}" in text and "{%p for line in recipients %}" in text
    rows = [row for table in read.tables for row in read.rows(table)]
    assert ["{{ r.stt }}", "{{ r.name }}", "{{ r.award }}", "{{ r.issued }}", "{{ r.returned }}", "{{ r.valid }}",
            "{{ r.invalid }}", "{{ r.votes }}", "{{ r.share }}", "{{ r.threshold }}", "{{ r.verdict }}"] in rows
    assert read.rows(read.tables[0])[1][0] == "{{ number_line }}"

"""The vote-count minutes (biên bản kiểm phiếu) of a secret-ballot round, as a DOCX in the NĐ 30/2020 layout.

The minutes give the electorate, the ballots cast, the quorum, each candidate's count and share of the electorate,
and who passed the threshold (and the quota). They name no voter beside any choice: the system holds none.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from .nd30 import OfficialDocument


def _percent(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


def render_minutes(voting_round, result) -> bytes:
    """``voting_round`` is a ``VotingRound``; ``result`` its ``selectors.round_result``."""
    campaign = voting_round.campaign
    group = voting_round.cluster.name if voting_round.cluster_id else "Hội đồng Thi đua – Khen thưởng tỉnh"
    closed = timezone.localtime(voting_round.closes_at)
    doc = OfficialDocument(title=f"Biên bản kiểm phiếu: {voting_round.question}", author=group)
    doc.add_header(issuer=group.upper(), issuer_parent="", symbol="BB-KP", place=campaign.place or "",
                   dated=closed.date())
    doc.add_title("BIÊN BẢN", f"Kiểm phiếu {voting_round.question[:1].lower()}{voting_round.question[1:]}")
    doc.add_paragraph(f"Đợt thi đua: {campaign.title}.")
    doc.add_paragraph(
        f"Thời gian bỏ phiếu: từ {timezone.localtime(voting_round.opens_at):%H giờ %M ngày %d/%m/%Y} "
        f"đến {closed:%H giờ %M ngày %d/%m/%Y}. Hình thức: bỏ phiếu kín trên hệ thống; hệ thống chỉ ghi nhận "
        "việc đã bỏ phiếu, không lưu mối liên hệ giữa người bỏ phiếu và nội dung phiếu.")
    doc.add_heading("I. KẾT QUẢ CHUNG")
    doc.add_paragraph(f"- Tổng số thành viên có quyền bỏ phiếu: {result.electorate}.")
    doc.add_paragraph(f"- Số phiếu đã bỏ: {result.voted}.")
    doc.add_paragraph(
        f"- Tỷ lệ tham gia tối thiểu: {_percent(voting_round.quorum_percent)}; "
        f"{'đạt' if result.quorum_met else 'không đạt'}.")
    doc.add_paragraph(
        f"- Tỷ lệ phiếu đồng ý tối thiểu để được đề nghị: {_percent(voting_round.threshold_percent)} "
        f"tổng số thành viên có quyền bỏ phiếu; mỗi phiếu chọn tối đa {voting_round.max_choices}.")
    doc.add_heading("II. KẾT QUẢ TỪNG ĐƠN VỊ")
    rows = [
        [str(index), c.unit_name, str(c.votes), _percent(c.percent),
         ("Đạt" if c.within_quota else "Đạt ngưỡng, ngoài chỉ tiêu") if c.passed else "Không đạt"]
        for index, c in enumerate(result.candidates, 1)
    ]
    doc.add_table(["STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"], rows, widths=[1.2, 7.5, 2.2, 2.4, 3.2],
                  align=["center", "left", "center", "center", "left"])
    passed = [c.unit_name for c in result.candidates if c.passed and c.within_quota]
    doc.add_paragraph(
        "Các đơn vị được đề nghị: " + ("; ".join(passed) + "." if passed else "không có đơn vị nào đạt."))
    doc.add_paragraph("Biên bản được lập và thông qua sau khi kết thúc bỏ phiếu./.")
    doc.add_closing(signer_title="TỔ KIỂM PHIẾU", signer_name="", recipients=["Thường trực Hội đồng TĐKT tỉnh"],
                    archive="Lưu: VT.")
    return doc.to_bytes()

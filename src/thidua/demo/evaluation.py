"""The demo's scoring scheme for the seed campaign, and evaluation opened on it.

1,000 points: 950 over one group per content area (each group: its indicators, scored from their completion, and
the organisation of the work, scored by hand), 50 bonus for initiatives and good models, and a 20-point penalty
for a launch document sent late or not at all. Bands: Xuất sắc ≥ 900, Tốt ≥ 800, Khá ≥ 650.
"""

from __future__ import annotations

from decimal import Decimal

from thidua.campaigns.models import Campaign
from thidua.evaluation import services
from thidua.evaluation.enums import CriterionKind, PenaltyRule

#: Points of each content area's group (they add up to 950).
GROUP_POINTS = [110, 105, 105, 110, 100, 100, 110, 105, 105]
BANDS = [{"name": "Xuất sắc", "min": 900}, {"name": "Tốt", "min": 800}, {"name": "Khá", "min": 650},
         {"name": "Trung bình", "min": 500}]


def load_evaluation(campaign: Campaign, *, launch_deadline_code: str) -> int:
    indicators = {}
    for indicator in campaign.indicators.select_related("content_area").order_by("code"):
        indicators.setdefault(indicator.content_area.order, []).append(indicator)
    criteria = []
    for area, points in zip(campaign.contents.order_by("order"), GROUP_POINTS, strict=True):
        group = str(area.order)
        criteria.append({"code": group, "title": area.title, "kind": CriterionKind.GROUP, "max_points": points})
        mine = indicators.get(area.order, [])
        # Indicators carry 60 % of the group, shared equally; the rest rewards how the work was organised.
        share = (Decimal(points) * Decimal("0.6") / len(mine)).quantize(Decimal("0.01")) if mine else Decimal(0)
        for number, indicator in enumerate(mine, start=1):
            criteria.append({"code": f"{group}.{number}", "title": indicator.name, "kind": CriterionKind.INDICATOR,
                             "max_points": share, "parent": group, "indicator": indicator,
                             "guidance": "Điểm = điểm tối đa × mức độ hoàn thành chỉ tiêu (0–100%)."})
        criteria.append({
            "code": f"{group}.{len(mine) + 1}", "parent": group, "kind": CriterionKind.MANUAL,
            "title": "Công tác chỉ đạo, tổ chức thực hiện, tuyên truyền nội dung thi đua",
            "max_points": Decimal(points) - share * len(mine),
            "guidance": "Căn cứ kế hoạch, văn bản chỉ đạo, báo cáo kết quả và minh chứng kèm theo.",
        })
    criteria.append({"code": "10", "title": "Điểm thưởng: sáng kiến, mô hình hay, cách làm sáng tạo được nhân rộng",
                     "kind": CriterionKind.BONUS, "max_points": 50,
                     "guidance": "Mỗi sáng kiến, mô hình được cấp có thẩm quyền công nhận: 10 điểm, tối đa 50 điểm."})
    deadline = campaign.deadlines.get(code=launch_deadline_code)
    criteria.append({"code": "11", "title": "Điểm trừ: không gửi văn bản phát động đúng thời hạn",
                     "kind": CriterionKind.PENALTY, "max_points": 20, "penalty_rule": PenaltyRule.LATE_SUBMISSION,
                     "deadline": deadline,
                     "guidance": "Trừ 20 điểm nếu văn bản phát động gửi sau ngày 30/9/2021 hoặc không gửi."})
    scheme = services.scheme_create(
        by=None, campaign=campaign, title="Bảng điểm thi đua đợt “nước rút” năm 2021", criteria=criteria,
        bands=BANDS, launch_deadline=deadline,
    )
    return services.evaluation_open(by=None, scheme=scheme)

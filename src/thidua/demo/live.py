"""The demo's live year: the seed's plan launched again in the current year, with its deadlines still ahead, so that
a newcomer finds work waiting on the desks (documents to send, targets to report) and not only 2021's history.

After 1/7/2025 the province is Bắc Ninh and the district committees are gone (``data.MERGER_DATE``): the live year's
participants are the 2021 blocks of provincial agencies, organisations and press, re-formed for the year with the same
heads; the plan is issued by the province that exists today. The dates follow the day the demo is loaded.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import User
from thidua.campaigns import services as campaigns
from thidua.campaigns.enums import CampaignKind, CampaignStatus, RecipientKind
from thidua.campaigns.models import Campaign
from thidua.campaigns.services import submissions
from thidua.documents.plan_text import parse_plan
from thidua.org import services as org
from thidua.org.enums import ClusterKind
from thidua.org.models import Unit

from . import data
from .indicators import load_indicators

#: How far ahead of the loading day the live year's two deadlines fall.
LAUNCH_DUE_IN_DAYS = 14
REPORT_DUE_IN_DAYS = 45
#: Clerks of two agencies of Khối văn hóa - xã hội (demo logins) who sent their launch document already:
#: (username, name, unit code, document number, accepted by the block's head).
LIVE_CLERKS = [
    ("sogiaoduc", "Nguyễn Thị Hà", "SGDDT", "215/KH-SGDĐT", False),
    ("solaodong", "Trần Văn Bình", "SLDTBXH", "98/KH-SLĐTBXH", True),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Where the live year's plan is issued: the province after the merger.
LIVE_PLACE = "Bắc Ninh"


def live_code(year: int) -> str:
    return f"NR-{year}"


def load_live_year(*, today: datetime.date, seed_text: str) -> Campaign:
    """The seed's plan as this year's campaign: content areas, blocks, two deadlines ahead, the distribution list,
    indicators for the agencies with their values up to last month. Refuses 2021 (the seed's own year)."""
    year = today.year
    if year <= 2021:
        raise ValueError("the live year comes after the seed's 2021")
    plan = parse_plan(seed_text)
    units = {unit.code: unit for unit in Unit.objects.all()}
    blocks = [
        org.cluster_create(by=None, name=name, kind=kind, year=year, head=units[head], deputy=units[deputy],
                           members=[units[code] for code in members])
        for name, kind, head, deputy, members in data.CLUSTERS_2021 if kind == ClusterKind.BLOCK
    ]
    launch_due = today + datetime.timedelta(days=LAUNCH_DUE_IN_DAYS)
    report_due = today + datetime.timedelta(days=REPORT_DUE_IN_DAYS)
    seed_due = plan.submission_due_on

    def this_year(text: str) -> str:
        """The plan's wording for this year: "năm 2021" becomes this year, the seed's due day the live one."""
        text = text.replace("năm 2021", f"năm {year}")
        return text.replace(f"{seed_due.day}/{seed_due.month}/{seed_due.year}",
                            f"{launch_due.day}/{launch_due.month}/{launch_due.year}")

    campaign = campaigns.campaign_create(
        by=None, code=live_code(year), title=this_year(plan.title), year=year, theme=this_year(plan.theme),
        kind=CampaignKind.SPRINT, starts_on=today, ends_on=max(datetime.date(year, 12, 31), report_due),
        plan_number="", plan_symbol="", issued_on=None, place=LIVE_PLACE, issuer=units[data.SUCCESSOR[0]],
        signer_name=plan.signer_name, signer_title=plan.signer_title.capitalize(), legal_basis=plan.legal_basis,
        preamble=this_year(plan.preamble), purpose=this_year(plan.purpose),
        requirements=this_year(plan.requirements), implementation=this_year(plan.implementation),
    )
    for order, title, body in plan.contents:
        campaigns.content_area_add(by=None, campaign=campaign, order=order, title=this_year(title),
                                   body=this_year(body))
    for block in blocks:
        campaigns.participation_add(by=None, campaign=campaign, cluster=block)
    campaigns.deadline_create(
        by=None, campaign=campaign, code=f"VB-PHAT-DONG-{year}", title="Văn bản phát động đợt thi đua “nước rút”",
        due_on=launch_due, description="Các cơ quan, đơn vị xây dựng kế hoạch, phát động đợt thi đua, gửi về Khối "
        f"trưởng và Thường trực Hội đồng Thi đua - Khen thưởng tỉnh chậm nhất ngày {launch_due:%d/%m/%Y}.",
        recipients=[RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE],
    )
    campaigns.deadline_create(
        by=None, campaign=campaign, code=f"BC-KET-QUA-{year}", title="Báo cáo kết quả đợt thi đua “nước rút”",
        due_on=report_due, description="Báo cáo kết quả thực hiện đợt thi đua, gửi về Khối trưởng và Thường trực "
        f"Hội đồng Thi đua - Khen thưởng tỉnh chậm nhất ngày {report_due:%d/%m/%Y}.",
        recipients=[RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE],
    )
    for name, purpose, level in plan.distribution:
        campaigns.distribution_add(by=None, campaign=campaign, name=name, purpose=purpose, level=level)
    campaign = campaigns.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.LAUNCHED)
    load_indicators(campaign, year=year, month_ends=_month_ends_since_july(today))
    _load_first_documents(campaign, units, today)
    return campaign


def _load_first_documents(campaign: Campaign, units: dict[str, Unit], today: datetime.date) -> None:
    """Two agencies of Khối văn hóa - xã hội have sent their launch document already: Sở Lao động's was accepted by
    the block's head (Sở Y tế) and waits for the council office; Sở Giáo dục's waits for both."""
    from thidua.accounts import services as accounts
    from thidua.accounts.enums import Role

    launch = campaign.deadlines.order_by("due_on").first()
    sent_at = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(9)))
    soyte = User.objects.get(username="soyte")
    for username, full_name, code, number, accepted in LIVE_CLERKS:
        clerk = accounts.user_create(by=None, username=username, password=data.DEMO_PASSWORD, first_name=full_name,
                                     is_demo=True)
        accounts.role_assign(by=None, user=clerk, role=Role.UNIT_CLERK, unit=units[code])
        version = submissions.submission_submit(
            by=clerk, deadline=launch, unit=units[code], document_number=number, document_date=sent_at.date(),
            signer=f"Giám đốc {units[code].name}", summary=f"Kế hoạch phát động đợt thi đua “nước rút” năm "
            f"{campaign.year} của {units[code].name}", file=_plan_document(units[code], campaign), now=sent_at)
        if accepted:
            submissions.receipt_record(by=soyte, submission=version.submission,
                                       recipient=launch.recipients.get(kind=RecipientKind.CLUSTER_HEAD),
                                       decision="accept", now=sent_at + datetime.timedelta(hours=3))


def _plan_document(unit: Unit, campaign: Campaign) -> SimpleUploadedFile:
    """An agency's launch plan, as a real DOCX."""
    from docx import Document

    document = Document()
    document.add_paragraph(unit.name.upper())
    document.add_heading(f"KẾ HOẠCH phát động đợt thi đua “nước rút” năm {campaign.year}", level=1)
    document.add_paragraph(f"Thực hiện Kế hoạch của UBND tỉnh về phát động đợt thi đua “nước rút” năm "
                           f"{campaign.year}, {unit.name} xây dựng kế hoạch triển khai như sau.")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("ke-hoach-phat-dong.docx", buffer.getvalue(), content_type=DOCX)


def _month_ends_since_july(today: datetime.date) -> list[datetime.date]:
    """The ends of the months from July of ``today``'s year to the last month already over (none before August)."""
    ends = []
    for month in range(7, today.month):
        following = datetime.date(today.year + month // 12, month % 12 + 1, 1)
        ends.append(following - datetime.timedelta(days=1))
    return ends

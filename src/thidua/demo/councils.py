"""The demo's routes to a decision (issue 12): the provincial council and Sở Y tế's own, their meetings and votes,
and a dossier at the end of each route.

- Sở Y tế decides its own 2021 titles: its council votes on the Chiến sĩ thi đua cơ sở (80 % of all members), the
  director signs, the decision is issued under the Sở's header and number book.
- The provincial council met on 10/01/2022 (recorded from its minutes): a Chiến sĩ thi đua cấp tỉnh passes with 10
  of 10 votes, another fails with 8 of 10 (90 % needed), and Sở KH&ĐT's Cờ thi đua, first in Khối kinh tế's vote,
  passes with 9 of 10 (80 %); the Chairman's decision of 20/01/2022 grants what passed.
- A 2025 Bằng khen dossier went from the appraisal straight to the Chairman: its decision waits for his signature.
- A Bằng khen của Thủ tướng proposal passed the council, got the Party standing committee's opinion and the
  province's submission, and waits for the centre.

The people, names of members and documents are invented.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts import services as accounts
from thidua.accounts.models import User
from thidua.awards import council, dues, routes, services, signing
from thidua.awards.enums import CouncilRole, NominationStatus, StepKind
from thidua.awards.models import AwardType, Nomination, Signatory
from thidua.campaigns.models import Campaign
from thidua.core.workdays import add_working_days
from thidua.org import services as org
from thidua.org.models import Person, Unit

from .awards import COUNCIL_MINUTES
from .data import DEMO_PASSWORD

S = NominationStatus
D = datetime.date

#: The provincial council: (login or None, name, position, role). Ten members.
PROVINCE_MEMBERS = [
    ("chutich", "Lê Ánh Dương", "Chủ tịch UBND tỉnh", CouncilRole.CHAIR),
    (None, "Lê Ô Pích", "Phó Chủ tịch UBND tỉnh", CouncilRole.VICE_CHAIR),
    (None, "Phan Thế Tuấn", "Giám đốc Sở Nội vụ", CouncilRole.VICE_CHAIR),
    ("vanphong", "Nguyễn Thị Thu", "Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ", CouncilRole.MEMBER),
    ("thanhvien", "Vũ Quang Huy", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", CouncilRole.MEMBER),
    (None, "Nguyễn Văn Hùng", "Chánh Văn phòng UBND tỉnh", CouncilRole.MEMBER),
    (None, "Trần Thị Hà", "Chủ tịch Liên đoàn Lao động tỉnh", CouncilRole.MEMBER),
    (None, "Đỗ Minh Quang", "Giám đốc Sở Tài chính", CouncilRole.MEMBER),
    (None, "Hà Văn Sơn", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", CouncilRole.MEMBER),
    (None, "Lương Thị Thanh", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", CouncilRole.MEMBER),
]
#: Sở Y tế's director (a demo login) and its council of seven.
DIRECTOR = ("giamdocyt", "Trần Quang Vinh")
SYT_MEMBERS = [
    ("giamdocyt", "Trần Quang Vinh", "Giám đốc Sở Y tế", CouncilRole.CHAIR),
    (None, "Phạm Thị Thanh Thủy", "Phó Giám đốc Sở", CouncilRole.VICE_CHAIR),
    ("soyte", "Phạm Minh Đức", "Cán bộ thi đua, khen thưởng", CouncilRole.MEMBER),
    (None, "Nguyễn Đức Trung", "Trưởng phòng Nghiệp vụ Y", CouncilRole.MEMBER),
    (None, "Bùi Thị Hạnh", "Chánh Văn phòng Sở", CouncilRole.MEMBER),
    (None, "Đinh Văn Lâm", "Chủ tịch Công đoàn Sở", CouncilRole.MEMBER),
    (None, "Vũ Thị Ngọc", "Bí thư Chi đoàn Sở", CouncilRole.MEMBER),
]

#: New people for these routes: (name, born, national id, unit, position, LĐTT years, CSTĐ cơ sở years, 2021
#: initiative level or None).
PEOPLE = [
    ("Ngô Thị Lan Anh", "1982-02-11", "024182006631", "SGDDT", "Trưởng phòng Giáo dục Tiểu học",
     list(range(2017, 2022)), [2019, 2020, 2021], "province"),
    ("Hoàng Văn Bình", "1978-07-04", "024078003150", "SGDDT", "Phó Trưởng phòng Khảo thí và Kiểm định chất lượng",
     list(range(2017, 2022)), [2019, 2020, 2021], "province"),
    ("Lê Thị Mai", "1989-09-19", "024189004472", "SYT", "Chuyên viên Phòng Nghiệp vụ Dược",
     list(range(2017, 2021)), [], "grassroots"),
    ("Đỗ Văn Nam", "1985-03-27", "024085001964", "SYT", "Chuyên viên Phòng Kế hoạch - Tài chính",
     list(range(2017, 2021)), [], None),
]

PROVINCE_MEETING = {
    "held_on": D(2022, 1, 10), "place": "Phòng họp số 1, UBND tỉnh Bắc Giang",
    "started_at": datetime.time(8, 0), "ended_at": datetime.time(10, 30),
    "agenda": "Thường trực Hội đồng (Sở Nội vụ) báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng năm 2021\n"
              "Hội đồng thảo luận, cho ý kiến đối với từng trường hợp đề nghị\n"
              "Bỏ phiếu kín đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh và Cờ thi đua của UBND tỉnh năm 2021\n"
              "Chủ tịch Hội đồng kết luận",
    "counting_board": "Phan Thế Tuấn, Trưởng ban\nVũ Quang Huy, Ủy viên\nTrần Thị Hà, Ủy viên",
}
SYT_MEETING = {
    "held_on": D(2022, 1, 5), "place": "Hội trường Sở Y tế",
    "started_at": datetime.time(14, 0), "ended_at": datetime.time(15, 30),
    "agenda": "Thường trực Hội đồng báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng năm 2021 của các phòng, "
              "đơn vị thuộc Sở\n"
              "Bỏ phiếu kín đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2021\n"
              "Chủ tịch Hội đồng kết luận",
    "counting_board": "Bùi Thị Hạnh, Trưởng ban\nĐinh Văn Lâm, Ủy viên\nVũ Thị Ngọc, Ủy viên",
}
#: When each meeting's secret vote was held and counted (hour, minute of the start and of the count's end).
VOTE_TIMES = {"province": ((9, 30), (10, 0)), "syt": ((14, 45), (15, 10))}
PROVINCE_VOTES = {"Ngô Thị Lan Anh": 10, "Hoàng Văn Bình": 8, "SKHDT": 9}
SYT_VOTES = {"Lê Thị Mai": 6}
PAPER_DECISION = {"number": "130", "symbol": "QĐ-UBND", "signed_on": D(2022, 1, 20), "signer_name": "Lê Ánh Dương",
                  "signer_title": "CHỦ TỊCH", "issuing_authority": "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"}
#: The days by which 2021's dossiers were to be sent (illustrative: the province's guidance sets them each year).
DUES = {"unit": D(2021, 12, 31), "chairman": D(2022, 1, 5), "council": D(2022, 1, 5), "centre": D(2022, 1, 5)}
DUE_BASIS = "Hướng dẫn của Thường trực Hội đồng Thi đua - Khen thưởng tỉnh (minh họa)"
CENTRE_STEPS = [
    (StepKind.PARTY_OPINION, "Công văn số 1520-CV/TU", D(2022, 3, 15), "Ban Thường vụ Tỉnh ủy Bắc Giang",
     "Nhất trí đề nghị Thủ tướng Chính phủ tặng Bằng khen."),
    (StepKind.SUBMISSION, "Tờ trình số 46/TTr-UBND", D(2022, 3, 22), "UBND tỉnh Bắc Giang",
     "Trình Thủ tướng Chính phủ (qua Ban Thi đua - Khen thưởng Trung ương)."),
]


def _minutes(title: str, lines: list[str]) -> SimpleUploadedFile:
    """The minutes of a meeting held on paper, as a real DOCX."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("bien-ban.docx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _council(unit: Unit, name: str, members: list[tuple]) -> tuple[council.Council, dict[str, int]]:
    found = council.council_create(by=None, unit=unit, name=name)
    ids = {}
    for username, full_name, position, role in members:
        user = User.objects.get(username=username) if username else None
        member = council.council_member_add(by=None, council=found, full_name=full_name, role=role, user=user,
                                           position=position)
        ids[full_name] = member.pk
    return found, ids


def _people(units: dict[str, Unit], types: dict[str, AwardType]) -> dict[str, Person]:
    people = {}
    for name, born, national_id, unit_code, position, ldtt, cstd, initiative in PEOPLE:
        person = org.person_create(by=None, full_name=name, date_of_birth=D.fromisoformat(born),
                                   national_id=national_id)
        org.employment_record(by=None, person=person, unit=units[unit_code], position=position,
                              started_on=D(2012, 9, 1))
        for year in range(2017, 2022):
            services.rating_record(by=None, person=person, unit=units[unit_code], year=year, rating="excellent")
        for code, years in (("LDTT", ldtt), ("CSTD_CS", cstd)):
            for year in years:
                services.award_register(by=None, award_type=types[code], year=year, person=person,
                                        unit=units[unit_code],
                                        decision_reference=f"Quyết định khen thưởng năm {year} của {unit_code}")
        if initiative:
            services.initiative_record(by=None, person=person, year=2021, level=initiative,
                                       title=f"Sáng kiến năm 2021 của {name}",
                                       recognition_reference="Hội đồng sáng kiến " + (
                                           "tỉnh Bắc Giang" if initiative == "province" else "Sở Y tế"))
        people[name] = person
    return people


def _dossier(unit: Unit, year: int, title: str, nominees, *, campaign=None, kind="merit") -> Nomination:
    nomination = services.nomination_create(by=None, unit=unit, year=year, kind=kind, campaign=campaign, title=title)
    for award_type, person, collective, achievement in nominees:
        services.item_add(by=None, nomination=nomination, award_type=award_type, person=person,
                          unit=collective or unit, achievement=achievement)
    return nomination


def _appraise(nomination: Nomination, office) -> Nomination:
    """Sent, received and appraised: every nominee eligible."""
    for to in (S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL):
        nomination.refresh_from_db()
        services.nomination_transition(by=None, nomination=nomination, to=to, confirm_failures=True,
                                       appraiser=office if to == S.IN_APPRAISAL else None)
    nomination.refresh_from_db()
    services.appraisal_record(by=None, nomination=nomination, verdicts=[
        {"item_id": item.pk, "eligible": True, "reason": "Đủ điều kiện, tiêu chuẩn theo quy định."}
        for item in nomination.items.all()])
    nomination.refresh_from_db()
    services.nomination_transition(by=None, nomination=nomination, to=S.APPRAISED)
    nomination.refresh_from_db()
    return nomination


def _move(nomination: Nomination, to: str, **kwargs) -> Nomination:
    nomination.refresh_from_db()
    services.nomination_transition(by=None, nomination=nomination, to=to, **kwargs)
    nomination.refresh_from_db()
    return nomination


def _local(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def _vote_held(voting_round, day: D, start: tuple[int, int], end: tuple[int, int]) -> None:
    """A meeting's vote recorded from its minutes took place that day, not when it was typed in."""
    from thidua.evaluation.models import VotingRound

    opened, counted = _local(day, *start), _local(day, *end)
    VotingRound.objects.filter(pk=voting_round.pk).update(opens_at=opened, closes_at=counted, closed_at=counted)


def load_councils(campaign: Campaign, units: dict[str, Unit], people: dict[str, Person],
                  types: dict[str, AwardType], dossiers: dict[str, Nomination]) -> dict[str, Nomination]:
    office = User.objects.get(username="vanphong")
    director = accounts.user_create(by=None, username=DIRECTOR[0], password=DEMO_PASSWORD, first_name=DIRECTOR[1],
                                    is_demo=True)
    accounts.role_assign(by=None, user=director, role="unit_head", unit=units["SYT"])
    Signatory.objects.create(unit=units["SYT"], user=director, title="GIÁM ĐỐC", principal=True)
    province_unit = units["UBND-BG"]
    Signatory.objects.create(unit=province_unit, user=User.objects.get(username="chutich"), title="CHỦ TỊCH",
                             principal=True)
    province_council, province_ids = _council(province_unit, "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang",
                                              PROVINCE_MEMBERS)
    syt_council, syt_ids = _council(units["SYT"], "Hội đồng Thi đua - Khen thưởng Sở Y tế", SYT_MEMBERS)
    new_people = _people(units, types)
    for route, due_on in DUES.items():
        dues.dossier_due_set(by=None, year=2021, route=route, due_on=due_on, basis=DUE_BASIS)
    found = {}

    # Sở Y tế's own round: its council votes on the CSTĐ cơ sở, the director signs, the Sở issues.
    mai, nam = new_people["Lê Thị Mai"], new_people["Đỗ Văn Nam"]
    unit_round = _dossier(units["SYT"], 2021, "Đề nghị công nhận danh hiệu thi đua năm 2021 của các phòng thuộc Sở Y "
                                              "tế", [
        (types["LDTT"], mai, None, "Hoàn thành xuất sắc nhiệm vụ năm 2021"),
        (types["CSTD_CS"], mai, None, "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp cơ sở năm 2021"),
        (types["LDTT"], nam, None, "Hoàn thành tốt nhiệm vụ năm 2021"),
    ], campaign=campaign)
    soyte = User.objects.get(username="soyte")
    unit_round = _move(_appraise(unit_round, soyte), S.AT_COUNCIL)
    cstd = unit_round.items.get(award_type__code="CSTD_CS")
    present = list(syt_ids.values())
    _meeting, syt_vote = council.meeting_record_outside(
        by=None, council=syt_council, **SYT_MEETING, chair_id=syt_ids["Trần Quang Vinh"],
        secretary_id=syt_ids["Phạm Minh Đức"], present_ids=present, written_ids=[],
        minutes=_minutes("Biên bản họp Hội đồng Thi đua - Khen thưởng Sở Y tế ngày 05/01/2022",
                         ["Có mặt 07/07 thành viên.", "Bỏ phiếu kín danh hiệu Chiến sĩ thi đua cơ sở: Lê Thị Mai "
                          "06/07 phiếu đồng ý (85,71%)."]),
        votes={cstd.pk: SYT_VOTES["Lê Thị Mai"]})
    _vote_held(syt_vote, SYT_MEETING["held_on"], *VOTE_TIMES["syt"])
    unit_round = _move(unit_round, S.APPROVED, voting_round=syt_vote)
    decision = signing.decision_prepare(by=soyte, item_ids=list(unit_round.items.values_list("pk", flat=True)),
                                        symbol="QĐ-SYT", issuing_authority="Giám đốc Sở Y tế tỉnh Bắc Giang")
    signing.decision_sign(by=director, decision=decision)
    type(decision).objects.filter(pk=decision.pk).update(signed_at=_local(D(2022, 1, 7), 15))
    signing.decision_issue(by=soyte, decision=decision)
    found["unit_round"] = unit_round

    # The provincial council of 10/01/2022: two CSTĐ cấp tỉnh (one short of 90 %) and Sở KH&ĐT's Cờ thi đua.
    lan_anh, binh = new_people["Ngô Thị Lan Anh"], new_people["Hoàng Văn Bình"]
    cstd_tinh = _dossier(units["SGDDT"], 2021, "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2021 của Sở "
                                              "Giáo dục và Đào tạo", [
        (types["CSTD_TINH"], lan_anh, None, "03 năm liên tục đạt Chiến sĩ thi đua cơ sở; sáng kiến cấp tỉnh 2021"),
        (types["CSTD_TINH"], binh, None, "03 năm liên tục đạt Chiến sĩ thi đua cơ sở; sáng kiến cấp tỉnh 2021"),
    ], campaign=campaign)
    flag = _dossier(units["SKHDT"], 2021, "Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2021 của Sở Kế hoạch và Đầu tư", [
        (types["CO_TINH"], None, units["SKHDT"], "Dẫn đầu Khối kinh tế năm 2021 (suy tôn 8/9 phiếu)"),
    ], campaign=campaign)
    cstd_tinh = _move(_appraise(cstd_tinh, office), S.AT_COUNCIL)
    flag = _move(_appraise(flag, office), S.AT_COUNCIL)
    items = {name: cstd_tinh.items.get(person=person).pk for name, person in (("Ngô Thị Lan Anh", lan_anh),
                                                                              ("Hoàng Văn Bình", binh))}
    items["SKHDT"] = flag.items.get().pk
    members = list(province_ids.values())
    _meeting, province_vote = council.meeting_record_outside(
        by=None, council=province_council, **PROVINCE_MEETING, chair_id=province_ids["Lê Ánh Dương"],
        secretary_id=province_ids["Nguyễn Thị Thu"], present_ids=members[:9], written_ids=members[9:],
        minutes=_minutes(COUNCIL_MINUTES, [
            "Có mặt 09/10 thành viên; 01 thành viên vắng mặt có ý kiến bằng văn bản.",
            "Chiến sĩ thi đua cấp tỉnh: Ngô Thị Lan Anh 10/10 phiếu; Hoàng Văn Bình 08/10 phiếu.",
            "Cờ thi đua của UBND tỉnh: Sở Kế hoạch và Đầu tư 09/10 phiếu."]),
        votes={items[key]: votes for key, votes in PROVINCE_VOTES.items()})
    _vote_held(province_vote, PROVINCE_MEETING["held_on"], *VOTE_TIMES["province"])
    cstd_tinh = _move(cstd_tinh, S.APPROVED, voting_round=province_vote)
    flag = _move(flag, S.APPROVED, voting_round=province_vote)
    services.decision_create(by=None, items=[items["Ngô Thị Lan Anh"], items["SKHDT"]], **PAPER_DECISION)
    found["cstd_tinh"], found["flag"] = cstd_tinh, flag

    # A 2025 Bằng khen: appraised, straight to the Chairman; the decision waits for his signature.
    waiting = dossiers["bk_2025_nd98"]
    for to in (S.RECEIVED, S.IN_APPRAISAL):
        waiting = _move(waiting, to, appraiser=office if to == S.IN_APPRAISAL else None)
    services.appraisal_record(by=None, nomination=waiting, verdicts=[
        {"item_id": item.pk, "eligible": True, "reason": "Thành tích đột xuất, đủ điều kiện theo khoản 2 Điều 74 "
                                                         "Luật Thi đua, khen thưởng."}
        for item in waiting.items.all()])
    waiting = _move(_move(waiting, S.APPRAISED), S.APPROVED)
    signing.decision_prepare(by=office, item_ids=list(waiting.items.values_list("pk", flat=True)),
                             symbol="QĐ-UBND")

    # A proposal to the centre: the council's conclusion, the Party's opinion, the province's submission.
    centre = _dossier(units["SGDDT"], 2021, "Đề nghị Thủ tướng Chính phủ tặng Bằng khen năm 2021 (Sở Giáo dục và Đào "
                                           "tạo)", [
        (types["BK_TTG_CN"], lan_anh, None, "Có nhiều thành tích xuất sắc trong đổi mới dạy học tiểu học giai "
                                            "đoạn 2017–2021"),
    ])
    centre = _move(_appraise(centre, office), S.AT_COUNCIL)
    centre = _move(centre, S.APPROVED, reason=COUNCIL_MINUTES)
    for kind, reference, dated_on, issuer, note in CENTRE_STEPS:
        services.route_step_record(by=None, nomination=centre, kind=kind, reference=reference, dated_on=dated_on,
                                   issuer=issuer, note=note)
        centre.refresh_from_db()
    centre = _move(centre, S.SENT_TO_CENTRE)
    found["centre"] = centre
    _date({**found, "waiting": waiting})
    return found


#: When each of these dossiers was sent, received and appraised (the services stamp today's date on each move).
DATES = {"unit_round": (D(2021, 12, 28), D(2021, 12, 29), D(2022, 1, 4)),
         "cstd_tinh": (D(2021, 12, 24), D(2021, 12, 27), D(2022, 1, 6)),
         "flag": (D(2021, 12, 23), D(2021, 12, 24), D(2022, 1, 6)),
         "centre": (D(2022, 1, 4), D(2022, 1, 5), D(2022, 1, 8)),
         "waiting": (D(2025, 4, 15), D(2025, 4, 16), D(2025, 4, 25))}


def _date(found: dict[str, Nomination]) -> None:
    for key, (sent, received, appraised) in DATES.items():
        Nomination.objects.filter(pk=found[key].pk).update(
            submitted_at=_local(sent, 9), received_on=received, appraised_on=appraised,
            completeness_due_on=add_working_days(sent, services.incomplete_return_days()),
            appraisal_due_on=add_working_days(received, services.appraisal_days(routes.regime_for(received))))

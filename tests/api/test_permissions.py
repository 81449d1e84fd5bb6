"""Who may read what through the API: every demo role and anonymous against every endpoint.

The unit directory, clusters and launched campaigns are open to every signed-in role; people are personal
data (the office and the leadership see all, a unit's staff see that unit's people); drafts are seen only by
the office and the leadership. A unit's submission and its file are seen by the unit, the units receiving it and
the office and the leadership; the consolidated report only by the office and the leadership. What a user may not
see is a 404, as if it did not exist; what a user sees but may not do is a 403.
"""

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support import DEMO_USERNAMES
from thidua.accounts.models import User
from thidua.awards import council as councils
from thidua.awards import services as award_services
from thidua.awards import signing
from thidua.awards.models import AwardType, Council, Decision
from thidua.campaigns import services as campaign_services
from thidua.campaigns.models import Deadline
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import ScoreSheet
from thidua.indicators import services as indicator_services
from thidua.indicators.models import Target
from thidua.org import services as org_services
from thidua.org.models import Employment, Person

ROLES = [*DEMO_USERNAMES, None]
EVERY_ROLE = frozenset(DEMO_USERNAMES)
SEES_EVERYONE = frozenset({"vanphong", "chutich"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
#: The clerk who sends each unit's document in these tests.
SENDERS = {"H-YT": "yenthe", "H-HH": "hiephoa", "SYT": "soyte"}


@dataclass(frozen=True)
class Read:
    """A GET endpoint: its route as the OpenAPI document names it, how to fill it in, who gets 200 and who 403.

    Everyone else gets 401 (anonymous) or 404 (as if it did not exist).
    """

    route: str
    allowed: frozenset
    params: Callable = lambda p, s: {}
    query: str = ""
    forbidden: frozenset = frozenset()

    def url(self, province, sent) -> str:
        params = self.params(province, sent)
        return self.route.format(**params) + self.query.format(**{"campaign_id": province.campaign_id, **params})


def target_of(unit: str, indicator: str) -> Callable:
    return lambda p, s: {"target_id": Target.objects.get(unit_id=p.unit_ids[unit], indicator__code=indicator).pk}


def deadline(p, s) -> dict:
    return {"deadline_id": Deadline.objects.get(code="VB-PHAT-DONG").pk}


def submission_of(code: str) -> Callable:
    return lambda p, s: {"submission_id": s(code)}


#: Who receives each unit's submission: Hiệp Hòa heads Yên Thế's cluster; Sở Y tế heads its own block (its
#: document goes to the deputy, Sở Giáo dục, which has no demo user), and so does Hiệp Hòa (deputy: Tân Yên).
READS_YEN_THE = SEES_EVERYONE | {"yenthe", "hiephoa"}
READS_SO_Y_TE = SEES_EVERYONE | {"soyte"}
READS_HIEP_HOA = SEES_EVERYONE | {"hiephoa"}
#: Every unit's targets are read by the office, the leadership and the council's members.
READS_TARGETS = SEES_EVERYONE | {"thanhvien"}
CLUSTER_1 = "Cụm thi đua số 1"
#: The provincial council's roll and meetings: the office, the leadership and the council's members.
PROVINCIAL_COUNCIL = SEES_EVERYONE | {"thanhvien"}


def campaign(p, s) -> dict:
    return {"campaign_id": p.campaign_id}


def self_sheet_of(unit: str) -> Callable:
    return lambda p, s: {"sheet_id": ScoreSheet.objects.get(unit_id=p.unit_ids[unit], stage="self").pk}


def voting_round(closed: bool) -> Callable:
    return lambda p, s: {"round_id": s.round(closed=closed)}


def dossier_in(status: str) -> Callable:
    """Hiệp Hòa's dossier (one nominee, Chiến sĩ thi đua cấp tỉnh) moved to ``status``."""
    return lambda p, s: {"nomination_id": s.dossier(status)}


def decision_in(status: str) -> Callable:
    """The demo's provincial Bằng khen decision awaiting the Chairman's signature (``signed``: he has signed)."""
    return lambda p, s: {"decision_id": s.province_decision(status)}


def province_meeting_round(p, s) -> dict:
    """The vote of the demo provincial council's meeting (held outside the system, its counts typed in)."""
    from thidua.evaluation.models import VotingRound

    return {"round_id": VotingRound.objects.filter(meeting__council=councils.province_council()).order_by("id")
            .first().pk}


def province_meeting(p, s) -> dict:
    """The demo provincial council's meeting of 10/01/2022."""
    from thidua.awards.models import CouncilMeeting

    return {"meeting_id": CouncilMeeting.objects.filter(council=councils.province_council()).order_by("id").first().pk}


def syt_council(p, s) -> dict:
    return {"council_id": Council.objects.get(unit_id=p.unit_ids["SYT"]).pk}


ENDPOINTS = {
    "health": Read("/api/v1/health", EVERY_ROLE | {None}),
    "openapi": Read("/api/v1/openapi.json", EVERY_ROLE | {None}),
    "campaigns": Read("/api/v1/campaigns", EVERY_ROLE),
    "campaign": Read("/api/v1/campaigns/{campaign_id}", EVERY_ROLE, lambda p, s: {"campaign_id": p.campaign_id}),
    "units": Read("/api/v1/units", EVERY_ROLE, query="?q=bac giang"),
    "unit": Read("/api/v1/units/{unit_id}", EVERY_ROLE, lambda p, s: {"unit_id": p.unit_ids["H-HH"]}),
    "clusters": Read("/api/v1/clusters", EVERY_ROLE, query="?year=2021"),
    "cluster": Read("/api/v1/clusters/{cluster_id}", EVERY_ROLE,
                    lambda p, s: {"cluster_id": p.cluster_ids["Khối văn hóa - xã hội"]}),
    "person-an-yen-the": Read("/api/v1/persons/{person_id}", SEES_EVERYONE | {"yenthe"},
                              lambda p, s: {"person_id": p.person_ids["Nguyễn Văn An"]}),
    "person-bich-hiep-hoa": Read("/api/v1/persons/{person_id}", SEES_EVERYONE | {"hiephoa"},
                                 lambda p, s: {"person_id": p.person_ids["Đỗ Thị Bích"]}),
    "person-cuong-so-y-te": Read("/api/v1/persons/{person_id}", SEES_EVERYONE | {"soyte"},
                                 lambda p, s: {"person_id": p.person_ids["Ngô Đức Cường"]}),
    # Every signed-in role gets the overview, scoped to the rows it may see (tests/submissions/test_api.py).
    "deadline-submissions": Read("/api/v1/deadlines/{deadline_id}/submissions", EVERY_ROLE, deadline),
    "submission-yen-the": Read("/api/v1/submissions/{submission_id}", READS_YEN_THE, submission_of("H-YT")),
    "submission-yen-the-file": Read("/api/v1/submissions/{submission_id}/file", READS_YEN_THE,
                                    submission_of("H-YT")),
    "submission-so-y-te": Read("/api/v1/submissions/{submission_id}", READS_SO_Y_TE, submission_of("SYT")),
    "submission-so-y-te-file": Read("/api/v1/submissions/{submission_id}/file", READS_SO_Y_TE,
                                    submission_of("SYT")),
    "submission-hiep-hoa": Read("/api/v1/submissions/{submission_id}", READS_HIEP_HOA, submission_of("H-HH")),
    "submission-hiep-hoa-file": Read("/api/v1/submissions/{submission_id}/file", READS_HIEP_HOA,
                                     submission_of("H-HH")),
    # The deadline is visible to everyone; only its consolidated report is refused.
    "report-docx": Read("/api/v1/deadlines/{deadline_id}/report.docx", SEES_EVERYONE, deadline,
                        forbidden=EVERY_ROLE - SEES_EVERYONE),
    "report-xlsx": Read("/api/v1/deadlines/{deadline_id}/report.xlsx", SEES_EVERYONE, deadline,
                        forbidden=EVERY_ROLE - SEES_EVERYONE),
    # Targets and progress: the catalog, lists and summaries are open to every role, scoped to the targets it
    # sees (tests/indicators/test_api.py); one target is seen by its unit, its cluster/block head, the office,
    # the leadership and the council's members.
    "indicators": Read("/api/v1/campaigns/{campaign_id}/indicators", EVERY_ROLE,
                       lambda p, s: {"campaign_id": p.campaign_id}),
    "targets": Read("/api/v1/targets", EVERY_ROLE, lambda p, s: {}, query="?campaign={campaign_id}"),
    "target-yen-the": Read("/api/v1/targets/{target_id}", READS_TARGETS | {"yenthe", "hiephoa"},
                           target_of("H-YT", "YT-01")),
    "target-hiep-hoa": Read("/api/v1/targets/{target_id}", READS_TARGETS | {"hiephoa"}, target_of("H-HH", "YT-01")),
    "target-so-y-te": Read("/api/v1/targets/{target_id}", READS_TARGETS | {"soyte"}, target_of("SYT", "PH-01")),
    "progress-summary": Read("/api/v1/campaigns/{campaign_id}/progress-summary", EVERY_ROLE,
                             lambda p, s: {"campaign_id": p.campaign_id}, query="?group_by=cluster"),
    "lagging": Read("/api/v1/campaigns/{campaign_id}/lagging", EVERY_ROLE, lambda p, s: {"campaign_id": p.campaign_id}),
    "progress-template": Read("/api/v1/campaigns/{campaign_id}/progress-template.xlsx", EVERY_ROLE,
                              lambda p, s: {"campaign_id": p.campaign_id}),
    # Evaluation: the scheme, rankings, missed targets and a vote's result are read by everyone who sees the
    # campaign (rankings and sheet lists scoped inside: tests/evaluation); one sheet before publication by its
    # unit, its cluster/block head or deputy, the office, the leadership and the council's members.
    "scoring-scheme": Read("/api/v1/campaigns/{campaign_id}/scoring-scheme", EVERY_ROLE, campaign),
    "score-sheets": Read("/api/v1/campaigns/{campaign_id}/score-sheets", EVERY_ROLE, campaign),
    "score-sheet-yen-the": Read("/api/v1/score-sheets/{sheet_id}", READS_TARGETS | {"yenthe", "hiephoa"},
                                self_sheet_of("H-YT")),
    "score-sheet-so-y-te": Read("/api/v1/score-sheets/{sheet_id}", READS_TARGETS | {"soyte"}, self_sheet_of("SYT")),
    "rankings": Read("/api/v1/campaigns/{campaign_id}/rankings", EVERY_ROLE,
                     lambda p, s: {"campaign_id": p.campaign_id, "cluster_id": p.cluster_ids[CLUSTER_1]},
                     query="?cluster={cluster_id}"),
    "missed-targets": Read("/api/v1/campaigns/{campaign_id}/missed-targets", EVERY_ROLE, campaign),
    "round-result": Read("/api/v1/voting-rounds/{round_id}/result", EVERY_ROLE, voting_round(closed=False)),
    "round-minutes": Read("/api/v1/voting-rounds/{round_id}/minutes.docx", EVERY_ROLE, voting_round(closed=True)),
    # A job is seen by whoever started it (here the Yên Thế clerk's import) and by the office.
    "job-yen-the": Read("/api/v1/jobs/{job_id}", frozenset({"vanphong", "yenthe"}), lambda p, s: {"job_id": s.job()}),
    # Commendations: the catalog, the people list, dossier and award lists and statistics are open to every role
    # (scoped inside: tests/awards/test_api.py). A draft is its unit's own; a sent dossier is seen by its unit, the
    # office and the leadership, and by the council's members once it reaches the council. Decisions are read by
    # the office, the leadership and the council's members; an award by them and by its unit.
    "award-types": Read("/api/v1/award-types", EVERY_ROLE),
    "award-types-on": Read("/api/v1/award-types", EVERY_ROLE, query="?on=2021-12-31"),
    "legal-regimes": Read("/api/v1/legal-regimes", EVERY_ROLE),
    "persons": Read("/api/v1/persons", EVERY_ROLE, query="?q=nguyen"),
    "nominations": Read("/api/v1/nominations", EVERY_ROLE),
    "nomination-draft": Read("/api/v1/nominations/{nomination_id}", frozenset({"hiephoa"}), dossier_in("draft")),
    "nomination-submitted": Read("/api/v1/nominations/{nomination_id}", READS_HIEP_HOA, dossier_in("submitted")),
    "nomination-at-council": Read("/api/v1/nominations/{nomination_id}", READS_HIEP_HOA | {"thanhvien"},
                                  dossier_in("at_council")),
    "nomination-eligibility": Read("/api/v1/nominations/{nomination_id}/eligibility", READS_HIEP_HOA,
                                   dossier_in("submitted")),
    "decision-docx": Read("/api/v1/decisions/{decision_id}/document.docx", READS_TARGETS,
                          lambda p, s: {"decision_id": s.decision()}),
    # Every certificate of an issued decision (the demo's Bằng khen decision 125/QĐ-UBND), full or for the blanks:
    # read by whoever reads the whole decision (``selectors.decision_view_get(whole=True)``): not by Sở Y tế, whose
    # staff are among 125/QĐ-UBND's awardees and read the decision but print only their own certificates.
    "decision-certificates": Read("/api/v1/decisions/{decision_id}/certificates.pdf", READS_TARGETS,
                                  lambda p, s: {"decision_id": Decision.objects.get(
                                      number="125", symbol="QĐ-UBND", status="issued").pk}, query="?blank=1"),
    # Decisions are listed to every role, scoped inside (tests/awards/test_council_api.py).
    "decisions": Read("/api/v1/decisions", EVERY_ROLE, query="?year=2021"),
    # The provincial council's roll: the office, the leadership and its members; a unit's staff know the council
    # but may not read its roll (403). A unit's own council: its staff, the office and the leadership.
    "council-members": Read("/api/v1/council-members", PROVINCIAL_COUNCIL,
                            forbidden=EVERY_ROLE - PROVINCIAL_COUNCIL),
    "council-members-so-y-te": Read("/api/v1/council-members", SEES_EVERYONE | {"soyte", "giamdocyt"},
                                    syt_council, query="?council={council_id}"),
    # A council meeting's vote is read by those who read the council's roll.
    "round-result-province-meeting": Read("/api/v1/voting-rounds/{round_id}/result", PROVINCIAL_COUNCIL,
                                          province_meeting_round),
    # Its minutes and the minutes of its vote count, likewise.
    "meeting-minutes-province": Read("/api/v1/council-meetings/{meeting_id}/minutes.docx", PROVINCIAL_COUNCIL,
                                     province_meeting),
    "round-minutes-province-meeting": Read("/api/v1/voting-rounds/{round_id}/minutes.docx", PROVINCIAL_COUNCIL,
                                           province_meeting_round),
    "awards": Read("/api/v1/awards", EVERY_ROLE, query="?year=2021"),
    "award-statistics": Read("/api/v1/awards/statistics", EVERY_ROLE, query="?group_by=level"),
    "award-hiep-hoa": Read("/api/v1/awards/{award_id}", READS_TARGETS | {"hiephoa"},
                           lambda p, s: {"award_id": s.award()}),
    "award-certificate": Read("/api/v1/awards/{award_id}/certificate.pdf", READS_TARGETS | {"hiephoa"},
                              lambda p, s: {"award_id": s.award()}),
}


@pytest.fixture
def sent(province, settings, tmp_path):
    """``sent("H-YT")`` → the id of that unit's submission for the seed deadline, sent by its clerk on first use."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ids: dict[str, int] = {}

    def _sent(code: str) -> int:
        if code not in ids:
            version = campaign_services.submission_submit(
                by=User.objects.get(username=SENDERS[code]), deadline=Deadline.objects.get(code="VB-PHAT-DONG"),
                unit=province.unit(code), document_number="12/KH-UBND", document_date=datetime.date(2021, 9, 20),
                signer="Nguyễn Văn An", summary="Kế hoạch phát động",
                file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"))
            ids[code] = version.submission_id
        return ids[code]

    def _job() -> int:
        """The id of an import the Yên Thế clerk queued (started on first use)."""
        if "job" not in ids:
            ids["job"] = indicator_services.progress_import_start(
                by=User.objects.get(username="yenthe"), campaign=province.campaign(), file=progress_file()
            ).pk
        return ids["job"]

    def _round(closed: bool) -> int:
        """A vote in Cụm 1 on Yên Thế and Tân Yên, open now or closed an hour ago, opened by the office."""
        now = datetime.datetime.now(datetime.UTC)
        start = now - datetime.timedelta(hours=3 if closed else 1)
        return evaluation_services.round_create(
            by=None, campaign=province.campaign(), cluster=province.cluster(CLUSTER_1), question="Suy tôn",
            candidates=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]], threshold_percent="70",
            quorum_percent="50", opens_at=start, closes_at=start + datetime.timedelta(hours=2)).pk

    def _person() -> Person:
        """A person working in Hiệp Hòa (so its clerk may nominate them)."""
        if "person" not in ids:
            person = org_services.person_create(by=None, full_name="Nguyễn Thị Hạnh")
            org_services.employment_record(by=None, person=person, unit=province.unit("H-HH"),
                                           started_on=datetime.date(2015, 1, 1))
            ids["person"] = person.pk
        return Person.objects.get(pk=ids["person"])

    def _dossier(status: str) -> int:
        """Hiệp Hòa's 2021 dossier with one nominee (Chiến sĩ thi đua cấp tỉnh: the council votes on it), moved by
        its clerk and the office to ``status``; approved after the council's 10 votes of 10."""
        key = f"dossier-{status}"
        if key not in ids:
            office, clerk = User.objects.get(username="vanphong"), User.objects.get(username="hiephoa")
            nomination = award_services.nomination_create(by=clerk, unit=province.unit("H-HH"), year=2021)
            item = award_services.item_add(by=clerk, nomination=nomination, award_type=AwardType.objects.get(
                code="CSTD_TINH"), person=_person(), achievement="Hoàn thành xuất sắc nhiệm vụ")
            path = ["submitted", "received", "in_appraisal", "appraised", "at_council", "approved"]
            for step in path[:path.index(status) + 1] if status in path else []:
                voting_round = None
                if step == "appraised":
                    award_services.appraisal_record(by=office, nomination=nomination, verdicts=[
                        {"item_id": item.pk, "eligible": True, "reason": "Đủ tiêu chuẩn",
                         "justification": "Hội đồng đã xem xét"}])
                if step == "approved":
                    _meeting, voting_round = councils.meeting_record_outside(
                        by=None, votes={item.pk: 10}, minutes=SimpleUploadedFile("bien-ban.pdf", PDF),
                        **_meeting_fields(datetime.date(2022, 1, 12)))
                by = clerk if step == "submitted" else office
                # The nominee has no rating on record, so fails the rules: the clerk sends it anyway.
                nomination = award_services.nomination_transition(
                    by=by, nomination=nomination, to=step, voting_round=voting_round,
                    confirm_failures=step == "submitted")
            ids[key] = nomination.pk
            ids[f"item-{status}"] = item.pk
        return ids[key]

    def _meeting() -> int:
        """A meeting of the provincial council today, every member present (the office records it)."""
        if "meeting" not in ids:
            ids["meeting"] = councils.meeting_create(by=None, **_meeting_fields(datetime.date.today())).pk
        return ids["meeting"]

    def _province_decision(status: str) -> int:
        decision = Decision.objects.get(issuer_unit__isnull=True, status="awaiting_signature")
        if status == "signed":
            signing.decision_sign(by=User.objects.get(username="chutich"), decision=decision)
        return decision.pk

    def _item(status: str) -> int:
        _dossier(status)
        return ids[f"item-{status}"]

    def _decision() -> int:
        """A decision signed on paper over the approved dossier's nominee, recorded with its scan."""
        if "decision" not in ids:
            ids["decision"] = award_services.decision_create(
                by=User.objects.get(username="vanphong"), number="99", symbol="QĐ-UBND",
                signed_on=datetime.date(2022, 1, 20), signer_name="Lê Ánh Dương", signer_title="Chủ tịch",
                items=[_item("approved")], scan=SimpleUploadedFile("quyet-dinh.pdf", PDF)).pk
        return ids["decision"]

    def _award() -> int:
        """A Giấy khen of a Hiệp Hòa person, in the registry (it prints a certificate)."""
        if "award" not in ids:
            ids["award"] = award_services.award_register(
                by=None, award_type=AwardType.objects.get(code="GK_CN"), year=2021, person=_person(),
                unit=province.unit("H-HH"), decision_reference="15/QĐ-UBND").pk
        return ids["award"]

    _sent.job = _job
    _sent.round = _round
    _sent.person = _person
    _sent.dossier = _dossier
    _sent.item = _item
    _sent.decision = _decision
    _sent.meeting = _meeting
    _sent.province_decision = _province_decision
    _sent.award = _award
    return _sent


def _meeting_fields(held_on: datetime.date) -> dict:
    """The provincial council meeting on ``held_on``: every serving member present, the Chairman chairing."""
    council = councils.province_council()
    members = list(councils.members_of(council))
    chair = next(m for m in members if m.role == "chair")
    return {"council": council, "held_on": held_on, "place": "Phòng họp số 1", "chair_id": chair.pk,
            "secretary_id": members[-1].pk, "present_ids": [m.pk for m in members], "written_ids": []}


@pytest.mark.parametrize("endpoint", [
    # The certificate is a PDF set in Liberation Serif (Debian's fonts-liberation2).
    pytest.param(name, marks=pytest.mark.debian_package("fonts-liberation2"))
    if name in ("award-certificate", "decision-certificates") else name
    for name in sorted(ENDPOINTS)
])
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonymous")
def test_permission_matrix(province, api_client, sent, username, endpoint):
    read = ENDPOINTS[endpoint]
    url = read.url(province, sent)
    response = api_client(username).get(url)
    if username in read.allowed:
        assert response.status_code == 200
    else:
        expected = 401 if username is None else 403 if username in read.forbidden else 404
        assert response.status_code == expected
        assert response.json()["detail"] != ""
    if response.streaming:  # read a file to its end: the test client then closes it (not response.close())
        b"".join(response.streaming_content)


@dataclass(frozen=True)
class Write:
    """A POST (or PUT) endpoint: its route, how to fill it in, the body (a function of the province and the
    sender), and the status each signed-in role gets; anonymous gets 401."""

    route: str
    params: Callable
    body: Callable  # (province, sent) → (data, content_type) for the test client
    statuses: dict
    method: str = "post"

    def status_of(self, username: str) -> int:
        return next(status for status, users in self.statuses.items() if username in users)


def json_body(data: dict) -> Callable:
    return lambda p, s: {"data": json.dumps(data), "content_type": "application/json"}


def multipart_body(p, s) -> dict:
    return {"data": {"document_number": "12/KH-UBND", "document_date": "2021-09-20", "signer": "Nguyễn Văn An",
                     "summary": "Kế hoạch phát động",
                     "file": SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")}}


RECEIVERS_OF_YEN_THE = frozenset({"vanphong", "chutich", "yenthe", "hiephoa"})


def progress_file() -> SimpleUploadedFile:
    """A filled progress workbook (one value for Yên Thế) as an upload."""
    book = openpyxl.Workbook()
    book.active.append(["Unit code (do not change)", "Indicator code (do not change)", "Period ending",
                        "Value for the period"])
    book.active.append(["H-YT", "YT-01", "31/12/2021", "97,5"])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue(), content_type=XLSX)


def progress_body(p, s) -> dict:
    version = Target.objects.get(unit_id=p.unit_ids["H-YT"], indicator__code="YT-01").version
    return {"data": json.dumps({"period_end": "2021-12-31", "value": "97.5", "note": "", "version": version}),
            "content_type": "application/json"}

def round_body(p, s) -> dict:
    now = datetime.datetime.now(datetime.UTC)
    return {"data": json.dumps({
        "campaign_id": p.campaign_id, "cluster_id": p.cluster_ids[CLUSTER_1], "question": "Suy tôn",
        "candidates": [p.unit_ids["H-YT"]], "threshold_percent": "70", "quorum_percent": "50",
        "opens_at": now.isoformat(), "closes_at": (now + datetime.timedelta(hours=1)).isoformat()}),
        "content_type": "application/json"}


def meeting_body(p, s) -> dict:
    members = list(councils.members_of(councils.province_council()).values_list("pk", "role"))
    return {"data": json.dumps({
        "held_on": datetime.date.today().isoformat(), "place": "Phòng họp số 1",
        "chair_id": next(pk for pk, role in members if role == "chair"), "secretary_id": members[-1][0],
        "member_ids_present": [pk for pk, _role in members]}), "content_type": "application/json"}


def entries_body(p, s) -> dict:
    sheet = ScoreSheet.objects.get(unit_id=p.unit_ids["H-YT"], stage="self")
    criterion = sheet.scheme.criteria.get(code="1.2")
    return {"data": json.dumps({"version": sheet.version, "entries": [{"criterion_id": criterion.pk, "points": 10}]}),
            "content_type": "application/json"}


#: Yên Thế's self sheet: its clerk writes it; who sees it but may not write gets 403 (its cluster head
#: cross-checks only at the cluster stage), the others do not see it.
WRITES_YEN_THE_SHEET = {200: {"yenthe"}, 403: {"vanphong", "chutich", "thanhvien", "hiephoa"}, 404: {"soyte"}}

WRITES = {
    "deadline-create": Write(
        "/api/v1/campaigns/{campaign_id}/deadlines", lambda p, s: {"campaign_id": p.campaign_id},
        json_body({"code": "BC-SO-KET", "title": "Báo cáo sơ kết", "due_on": "2021-10-15",
                   "recipients": ["council_office"]}),
        {201: {"vanphong"}, 403: EVERY_ROLE - {"vanphong"}}),
    # A unit's own clerk sends; the office, the leadership and a council member have no unit to send for.
    "submission-create": Write(
        "/api/v1/deadlines/{deadline_id}/submissions", deadline, multipart_body,
        {201: {"yenthe", "hiephoa", "soyte"}, 403: {"vanphong", "chutich", "thanhvien"}}),
    "receipt-cluster-head": Write(
        "/api/v1/submissions/{submission_id}/receipts", submission_of("H-YT"),
        json_body({"recipient": "cluster_head", "decision": "accept"}),
        {201: {"hiephoa"}, 403: RECEIVERS_OF_YEN_THE - {"hiephoa"}, 404: EVERY_ROLE - RECEIVERS_OF_YEN_THE}),
    "receipt-council-office": Write(
        "/api/v1/submissions/{submission_id}/receipts", submission_of("H-YT"),
        json_body({"recipient": "council_office", "decision": "accept"}),
        {201: {"vanphong"}, 403: RECEIVERS_OF_YEN_THE - {"vanphong"}, 404: EVERY_ROLE - RECEIVERS_OF_YEN_THE}),
    # Values: the unit's own clerk and the office write; who sees the target but may not write gets 403, the
    # others do not see it.
    "target-progress-yen-the": Write(
        "/api/v1/targets/{target_id}/progress", target_of("H-YT", "YT-01"), progress_body,
        {201: {"vanphong", "yenthe"}, 403: {"chutich", "thanhvien", "hiephoa"}, 404: {"soyte"}}),
    # Any unit's clerk may upload (each row is checked against what the uploader may write, in the job).
    "progress-import": Write(
        "/api/v1/campaigns/{campaign_id}/progress-import", lambda p, s: {"campaign_id": p.campaign_id},
        lambda p, s: {"data": {"file": progress_file()}},
        {202: {"vanphong", "yenthe", "hiephoa", "soyte"}, 403: {"chutich", "thanhvien"}}),
    "score-sheet-entries": Write("/api/v1/score-sheets/{sheet_id}/entries", self_sheet_of("H-YT"), entries_body,
                                 WRITES_YEN_THE_SHEET, method="put"),
    "score-sheet-transition": Write("/api/v1/score-sheets/{sheet_id}/transition", self_sheet_of("H-YT"),
                                    json_body({"to": "submitted"}), WRITES_YEN_THE_SHEET),
    # The office, or the cluster's head for its own cluster, opens a vote.
    "voting-round-create": Write("/api/v1/voting-rounds", lambda p, s: {}, round_body,
                                 {201: {"vanphong", "hiephoa"}, 403: {"chutich", "yenthe", "soyte", "thanhvien"}}),
    # The cluster's member units vote (Hiệp Hòa and Yên Thế have demo clerks); everyone else sees the round.
    "ballot": Write("/api/v1/voting-rounds/{round_id}/ballots", voting_round(closed=False),
                    json_body({"choices": []}),
                    {201: {"hiephoa", "yenthe"}, 403: {"vanphong", "chutich", "soyte", "thanhvien"}}),
    # Commendations: a unit's staff (or the office) open and fill its dossier; only the unit sees its draft. The
    # office moves a sent dossier on, appraises it, issues decisions and revokes awards; who sees but may not act
    # gets 403.
    "nomination-create": Write(
        "/api/v1/nominations", lambda p, s: {},
        lambda p, s: {"data": json.dumps({"unit_id": p.unit_ids["H-HH"], "year": 2021, "kind": "merit"}),
                      "content_type": "application/json"},
        {201: {"vanphong", "hiephoa"}, 403: {"chutich", "yenthe", "soyte", "thanhvien"}}),
    "nomination-item-add": Write(
        "/api/v1/nominations/{nomination_id}/items", dossier_in("draft"),
        lambda p, s: {"data": json.dumps({"person_id": s.person().pk, "award_type_id": AwardType.objects.get(
            code="BK_CN").pk, "achievement": "Thành tích đột xuất"}), "content_type": "application/json"},
        {201: {"hiephoa"}, 404: EVERY_ROLE - {"hiephoa"}}),
    "nomination-item-remove": Write(
        "/api/v1/nominations/{nomination_id}/items/{item_id}",
        lambda p, s: {"nomination_id": s.dossier("draft"), "item_id": s.item("draft")}, lambda p, s: {},
        {204: {"hiephoa"}, 404: EVERY_ROLE - {"hiephoa"}}, method="delete"),
    "nomination-transition": Write(
        "/api/v1/nominations/{nomination_id}/transition", dossier_in("submitted"), json_body({"to": "received"}),
        {200: {"vanphong"}, 403: {"chutich", "hiephoa"}, 404: {"yenthe", "soyte", "thanhvien"}}),
    "nomination-appraisal": Write(
        "/api/v1/nominations/{nomination_id}/appraisal", dossier_in("in_appraisal"),
        lambda p, s: {"data": json.dumps({"items": [{"item_id": s.item("in_appraisal"), "eligible": False,
                                                     "reason": "Không đủ tiêu chuẩn"}]}),
                      "content_type": "application/json"},
        {200: {"vanphong"}, 403: {"chutich", "hiephoa"}, 404: {"yenthe", "soyte", "thanhvien"}}),
    # A decision signed on paper, recorded with its scan (multipart).
    "decision-create": Write(
        "/api/v1/decisions", lambda p, s: {},
        lambda p, s: {"data": {"number": "100", "symbol": "QĐ-UBND", "signed_on": "2022-01-20",
                               "signer_name": "Lê Ánh Dương", "signer_title": "Chủ tịch",
                               "item_ids": [s.item("approved")], "scan": SimpleUploadedFile("quyet-dinh.pdf", PDF)}},
        {201: {"vanphong"}, 403: EVERY_ROLE - {"vanphong"}}),
    # The office prepares the province's decisions; the Chairman signs or sends back what he sees awaiting him
    # (the office sees it but may not sign: 403); the office issues it once signed. Who does not see a decision
    # not yet issued gets a 404.
    "decision-prepare": Write(
        "/api/v1/decisions/prepare", lambda p, s: {},
        lambda p, s: {"data": json.dumps({"item_ids": [s.item("approved")], "symbol": "QĐ-UBND"}),
                      "content_type": "application/json"},
        {201: {"vanphong"}, 403: EVERY_ROLE - {"vanphong"}}),
    "decision-sign": Write(
        "/api/v1/decisions/{decision_id}/sign", decision_in("awaiting_signature"), json_body({}),
        {200: {"chutich"}, 403: {"vanphong"}, 404: EVERY_ROLE - SEES_EVERYONE}),
    "decision-send-back": Write(
        "/api/v1/decisions/{decision_id}/send-back", decision_in("awaiting_signature"),
        json_body({"note": "Bổ sung thành tích"}),
        {200: {"chutich"}, 403: {"vanphong"}, 404: EVERY_ROLE - SEES_EVERYONE}),
    "decision-issue": Write(
        "/api/v1/decisions/{decision_id}/issue", decision_in("signed"), json_body({}),
        {200: {"vanphong"}, 403: {"chutich"}, 404: EVERY_ROLE - SEES_EVERYONE}),
    # The office records the provincial council's meetings and opens their votes; the council's members see a
    # meeting but do not serve it (403); a unit's staff do not see it (404).
    "council-meeting-create": Write(
        "/api/v1/council-meetings", lambda p, s: {}, meeting_body,
        {201: {"vanphong"}, 403: EVERY_ROLE - {"vanphong"}}),
    "council-meeting-votes": Write(
        "/api/v1/council-meetings/{meeting_id}/votes", lambda p, s: {"meeting_id": s.meeting()},
        lambda p, s: {"data": json.dumps({"nomination_item_ids": [s.item("at_council")]}),
                      "content_type": "application/json"},
        {201: {"vanphong"}, 403: PROVINCIAL_COUNCIL - {"vanphong"}, 404: EVERY_ROLE - PROVINCIAL_COUNCIL}),
    # The office closes any vote before its time, a cluster's head unit its cluster's (Hiệp Hòa heads Cụm 1);
    # everyone else sees the campaign's vote.
    "round-close": Write("/api/v1/voting-rounds/{round_id}/close", voting_round(closed=False), json_body({}),
                         {200: {"vanphong", "hiephoa"}, 403: EVERY_ROLE - {"vanphong", "hiephoa"}}),
    "award-revoke": Write(
        "/api/v1/awards/{award_id}/revoke", lambda p, s: {"award_id": s.award()},
        json_body({"reason": "Kê khai không trung thực"}),
        {200: {"vanphong"}, 403: {"chutich", "thanhvien", "hiephoa"}, 404: {"yenthe", "soyte"}}),
}


@pytest.mark.parametrize("endpoint", sorted(WRITES))
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonymous")
def test_write_permission_matrix(province, api_client, sent, username, endpoint):
    write = WRITES[endpoint]
    url = write.route.format(**write.params(province, sent))
    response = getattr(api_client(username), write.method)(url, **write.body(province, sent))
    assert response.status_code == (401 if username is None else write.status_of(username))
    if response.status_code >= 400:
        assert response.json()["detail"] != ""


def test_permission_matrix_covers_every_api_route(db, client):
    """A new endpoint must be added to the matrices above (and a matrix entry must name a real route)."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    documented = {(method, path) for path, operations in paths.items() for method in operations}
    covered = (
        {("get", read.route) for read in ENDPOINTS.values()}
        | {(write.method, write.route) for write in WRITES.values()}
        | {("post", "/api/v1/auth/token")}  # tests/api/test_auth.py
        # Each user's own tokens only: tests/accounts/test_login_security.py guesses another user's token id.
        | {("get", "/api/v1/auth/tokens"), ("delete", "/api/v1/auth/tokens/{token_id}")}
    )
    assert documented == covered - {("get", "/api/v1/openapi.json")}  # the document does not list itself


@pytest.mark.parametrize(
    "url",
    ["/api/v1/campaigns", "/api/v1/campaigns/1", "/api/v1/units", "/api/v1/units/1", "/api/v1/clusters",
     "/api/v1/clusters?year=2021", "/api/v1/clusters/1", "/api/v1/persons/1", "/api/v1/deadlines/1/submissions",
     "/api/v1/submissions/1", "/api/v1/submissions/1/file", "/api/v1/deadlines/1/report.docx",
     "/api/v1/deadlines/1/report.xlsx", "/api/v1/campaigns/1/indicators", "/api/v1/targets?campaign=1",
     "/api/v1/targets/1", "/api/v1/campaigns/1/progress-summary", "/api/v1/campaigns/1/lagging",
     "/api/v1/campaigns/1/progress-template.xlsx", "/api/v1/jobs/1", "/api/v1/campaigns/1/scoring-scheme",
     "/api/v1/campaigns/1/score-sheets", "/api/v1/score-sheets/1", "/api/v1/campaigns/1/rankings?cluster=1",
     "/api/v1/campaigns/1/missed-targets", "/api/v1/voting-rounds/1/result", "/api/v1/voting-rounds/1/minutes.docx",
     "/api/v1/award-types", "/api/v1/award-types?on=2021-12-31", "/api/v1/legal-regimes", "/api/v1/persons",
     "/api/v1/nominations", "/api/v1/nominations/1",
     "/api/v1/nominations/1/eligibility", "/api/v1/decisions/1/document.docx", "/api/v1/decisions",
     "/api/v1/council-members", "/api/v1/council-meetings/1/minutes.docx", "/api/v1/awards",
     "/api/v1/awards/statistics", "/api/v1/awards/1", "/api/v1/awards/1/certificate.pdf", "/api/v1/auth/tokens"],
)
def test_everything_but_health_needs_a_login(province, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["detail"] != ""


def test_anonymous_sees_no_data_in_the_401(province, client):
    assert "Bắc Giang" not in client.get("/api/v1/units?q=bac giang").content.decode()


# --- drafts ----------------------------------------------------------------------------------------------------


@pytest.fixture
def draft_id(province) -> int:
    return campaign_services.campaign_create(by=None, code="KH-NHAP", title="Kế hoạch thi đua (dự thảo)",
                                             year=2021).pk


@pytest.mark.parametrize("username", sorted(SEES_EVERYONE))
def test_draft_campaign_is_seen_by_the_office_and_the_leadership(province, api_client, draft_id, username):
    client = api_client(username)
    assert [c["code"] for c in client.get("/api/v1/campaigns").json()] == ["KH-NHAP", "NR-2021"]
    response = client.get(f"/api/v1/campaigns/{draft_id}")
    assert response.status_code == 200
    assert (response.json()["code"], response.json()["status"]) == ("KH-NHAP", "draft")


@pytest.mark.parametrize("username", ["yenthe", "soyte", "hiephoa", "thanhvien"])
def test_draft_campaign_is_hidden_from_other_roles(province, api_client, draft_id, username):
    client = api_client(username)
    assert [c["code"] for c in client.get("/api/v1/campaigns").json()] == ["NR-2021"]
    assert [c["code"] for c in client.get("/api/v1/campaigns?status=draft").json()] == []
    assert [c["code"] for c in client.get("/api/v1/campaigns?q=du thao").json()] == []
    response = client.get(f"/api/v1/campaigns/{draft_id}")
    assert response.status_code == 404
    assert response.json()["detail"] != ""


def test_draft_campaign_hidden_answer_equals_a_missing_campaign(province, api_client, draft_id):
    client = api_client("yenthe")
    hidden = client.get(f"/api/v1/campaigns/{draft_id}")
    missing = client.get("/api/v1/campaigns/987654321")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_draft_campaign_once_launched_is_seen_by_everyone(province, api_client, draft_id):
    from thidua.campaigns.models import Campaign

    draft = Campaign.objects.get(pk=draft_id)
    campaign_services.content_area_add(by=None, campaign=draft, order=1, title="Nội dung", body="Nội dung")
    campaign_services.campaign_transition(by=None, campaign=draft, to="launched")
    assert api_client("yenthe").get(f"/api/v1/campaigns/{draft_id}").status_code == 200


# --- people ----------------------------------------------------------------------------------------------------


def test_clerk_reads_a_person_of_the_own_unit(province, api_client):
    response = api_client("yenthe").get(f"/api/v1/persons/{province.person_ids['Nguyễn Văn An']}")
    assert response.status_code == 200
    assert response.json() == {"id": province.person_ids["Nguyễn Văn An"], "full_name": "Nguyễn Văn An",
                               "date_of_birth": None}


@pytest.mark.parametrize("full_name", ["Đỗ Thị Bích", "Ngô Đức Cường"])
def test_clerk_cannot_read_another_units_person(province, api_client, full_name):
    response = api_client("yenthe").get(f"/api/v1/persons/{province.person_ids[full_name]}")
    assert response.status_code == 404


@pytest.mark.parametrize("username", sorted(SEES_EVERYONE))
def test_office_and_leadership_read_every_person(province, api_client, username):
    client = api_client(username)
    for full_name, person_id in province.person_ids.items():
        response = client.get(f"/api/v1/persons/{person_id}")
        assert (response.status_code, response.json()["full_name"]) == (200, full_name)


def test_clerk_walking_through_person_ids_gets_only_the_own_units_people(province, api_client):
    """An attacker's loop: ids 1..50 (and every real id, wherever the sequence stands) as the Yên Thế clerk."""
    client = api_client("yenthe")
    ids = set(range(1, 51)) | set(Person.objects.values_list("pk", flat=True))
    readable = {i for i in sorted(ids) if client.get(f"/api/v1/persons/{i}").status_code == 200}
    works_in_yen_the = set(Employment.objects.filter(unit_id=province.unit_ids["H-YT"], ended_on__isnull=True)
                           .values_list("person_id", flat=True))
    assert province.person_ids["Nguyễn Văn An"] in readable
    assert readable == works_in_yen_the
    # Someone who left Yên Thế for another unit is no longer the Yên Thế clerk's to read.
    left = Employment.objects.filter(unit_id=province.unit_ids["H-YT"], ended_on__isnull=False).values_list(
        "person_id", flat=True)
    assert readable & (set(left) - works_in_yen_the) == set()


# --- a signed-in user without any role -------------------------------------------------------------------------


def test_user_without_a_role_sees_nothing(province, api_client):
    User.objects.create_user(username="norole", password="thidua-demo")
    client = api_client("norole")
    assert client.get("/api/v1/campaigns").json() == []
    assert client.get("/api/v1/units").json() == []
    assert client.get("/api/v1/clusters?year=2021").json() == []
    assert client.get(f"/api/v1/campaigns/{province.campaign_id}").status_code == 404
    assert client.get(f"/api/v1/persons/{province.person_ids['Nguyễn Văn An']}").status_code == 404

"""End-to-end: every main page, as each demo role sees it, at a desk (1366 px) and on a phone (390 px).

``check_page`` (tests/e2e/pagecheck.py) saves both screenshots in var/e2e/, asserts that the page does not scroll
sideways at 390 px (a wide table may scroll inside its own container, the page may not) and runs axe-core, failing
on violations of impact "serious" or "critical". Each role's pages are all checked before the test fails, so one
run lists every page that needs work.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests.e2e.conftest import expect
from tests.e2e.pagecheck import check_page, horizontal_overflow, serious_violations

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" \
      b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Demo:
    """The demo objects whose pages are checked: ids looked up once the demo is loaded."""

    campaign: int
    deadline: int
    submission: int
    own_sheet: dict[str, int]
    round: int
    nomination_of: dict[str, int]
    decision: int
    meeting_of: dict[str, int]
    award: int
    person: int
    unit: int
    cluster: int
    template_kind: str


def _send_yen_the_document(campaign):
    """Yên Thế's clerk sends the launch document (the demo has no submission of its own)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.campaigns.services import submission_submit
    from thidua.org.models import Unit

    deadline = campaign.deadlines.get(code="VB-PHAT-DONG")
    version = submission_submit(
        by=User.objects.get(username="yenthe"), deadline=deadline, unit=Unit.objects.get(code="H-YT"),
        document_number="125/KH-UBND", document_date=datetime.date(2021, 9, 20), signer="Nguyễn Văn An",
        summary="Kế hoạch phát động đợt thi đua nước rút",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
        now=timezone.make_aware(datetime.datetime(2021, 9, 25, 9, 0)),
    )
    return deadline, version.submission


def _readable_meeting(username: str) -> int:
    """The first council meeting ``username`` may open (the province council's, not a department's)."""
    from django.http import Http404

    from thidua.accounts.models import User
    from thidua.awards.models import CouncilMeeting
    from thidua.awards.selectors import meeting_get

    user = User.objects.get(username=username)
    for meeting_id in CouncilMeeting.objects.order_by("pk").values_list("pk", flat=True):
        try:
            return meeting_get(user=user, meeting_id=meeting_id).pk
        except Http404:
            continue
    raise AssertionError(f"{username} reads no council meeting")


def _demo(campaign) -> Demo:
    from thidua.awards.models import Award, Decision, Nomination
    from thidua.documents.models import DocumentKind
    from thidua.evaluation.models import ScoreSheet, VotingRound
    from thidua.org.models import Cluster, Person, Unit

    deadline, submission = _send_yen_the_document(campaign)
    sheets = ScoreSheet.objects.filter(scheme__campaign=campaign).order_by("pk")
    nominations = Nomination.objects.order_by("pk")
    return Demo(
        campaign=campaign.pk,
        deadline=deadline.pk,
        submission=submission.pk,
        own_sheet={
            "yenthe": sheets.filter(unit__code="H-YT").first().pk,
            "hiephoa": sheets.filter(unit__code="H-HH").first().pk,
        },
        round=VotingRound.objects.filter(campaign=campaign).order_by("pk").first().pk,
        nomination_of={
            "office": nominations.filter(status="in_appraisal").first().pk,
            "soyte": (nominations.filter(unit__code="SYT").first() or nominations.first()).pk,
        },
        decision=Decision.objects.order_by("pk").first().pk,
        meeting_of={username: _readable_meeting(username) for username in ("vanphong", "thanhvien")},
        award=Award.objects.order_by("pk").first().pk,
        person=Person.objects.order_by("pk").first().pk,
        unit=Unit.objects.get(code="H-YT").pk,
        cluster=Cluster.objects.order_by("pk").first().pk,
        template_kind=DocumentKind.DEADLINE_REPORT,
    )


def _pages(role: str, d: Demo) -> list[tuple[str, str]]:
    """``(name, path)`` of the main pages ``role`` works with."""
    common = [
        ("home", "/"),
        ("campaigns", "/campaigns/"),
        ("campaign", f"/campaigns/{d.campaign}/"),
        ("notifications", "/notifications/"),
        ("account", "/accounts/account/"),
    ]
    if role == "vanphong":
        return common + [
            ("deadline", f"/campaigns/deadlines/{d.deadline}/"),
            ("submission", f"/campaigns/submissions/{d.submission}/"),
            ("progress", f"/campaigns/{d.campaign}/progress/"),
            ("nominations", "/nominations/"),
            ("nomination", f"/nominations/{d.nomination_of['office']}/"),
            ("appraisal", "/appraisal/"),
            ("registry", "/awards/"),
            ("award", f"/awards/{d.award}/"),
            ("people", "/people/"),
            ("person", f"/people/{d.person}/"),
            ("units", "/units/"),
            ("unit", f"/units/{d.unit}/"),
            ("clusters", "/clusters/"),
            ("cluster", f"/clusters/{d.cluster}/"),
            ("evaluation", f"/campaigns/{d.campaign}/evaluation/"),
            ("rankings", f"/campaigns/{d.campaign}/rankings/"),
            ("sheet", f"/score-sheets/{d.own_sheet['yenthe']}/"),
            ("votes", f"/campaigns/{d.campaign}/votes/"),
            ("vote", f"/votes/{d.round}/"),
            ("council", "/council/"),
            ("meeting", f"/council/meetings/{d.meeting_of[role]}/"),
            ("decision", f"/decisions/{d.decision}/"),
            ("templates", "/van-ban/mau/"),
            ("template", f"/van-ban/mau/{d.template_kind}/"),
            ("indicators", f"/campaigns/{d.campaign}/indicators/"),
            ("pledges", f"/campaigns/{d.campaign}/pledges/"),
            ("brief", f"/campaigns/{d.campaign}/progress/brief/"),
            ("unit-progress", f"/campaigns/{d.campaign}/progress/units/{d.unit}/"),
            ("catalog", "/award-types/"),
            ("regulations", "/regulations/"),
            ("statistics", "/awards/statistics/"),
            ("unit-years", f"/units/{d.unit}/years/"),
            ("certificate-layouts", "/certificate-layouts/"),
        ]
    if role == "chutich":
        return common + [
            ("desk", "/desk/"),
            ("decision", f"/decisions/{d.decision}/"),
            ("rankings", f"/campaigns/{d.campaign}/rankings/"),
            ("registry", "/awards/"),
        ]
    if role in ("yenthe", "hiephoa"):
        return common + [
            ("deadline", f"/campaigns/deadlines/{d.deadline}/"),
            ("submission", f"/campaigns/submissions/{d.submission}/"),
            ("nominations", "/nominations/"),
            ("registry", "/awards/"),
            ("units", "/units/"),
            ("clusters", "/clusters/"),
            ("evaluation", f"/campaigns/{d.campaign}/evaluation/"),
            ("sheet", f"/score-sheets/{d.own_sheet[role]}/"),
            ("rankings", f"/campaigns/{d.campaign}/rankings/"),
            ("votes", f"/campaigns/{d.campaign}/votes/"),
        ]
    if role in ("soyte", "giamdocyt"):
        return common + [
            ("nominations", "/nominations/"),
            ("nomination", f"/nominations/{d.nomination_of['soyte']}/"),
            ("registry", "/awards/"),
            ("people", "/people/"),
        ]
    if role == "thanhvien":
        return common + [
            ("council", "/council/"),
            ("meeting", f"/council/meetings/{d.meeting_of[role]}/"),
            ("registry", "/awards/"),
        ]
    raise AssertionError(role)


ROLES = ["vanphong", "chutich", "yenthe", "hiephoa", "soyte", "giamdocyt", "thanhvien"]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_fit_a_phone_and_pass_axe(page, login, e2e_demo, media_root, broken_assets, role):
    demo = _demo(e2e_demo)
    login(role)
    problems = []
    for name, path in _pages(role, demo):
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
            continue
        try:
            check_page(page, f"{role}-{name}")
        except AssertionError as exc:
            problems.append(str(exc))
    assert broken_assets == []
    assert problems == [], f"{len(problems)} page(s) of {role} fail:\n\n" + "\n\n".join(problems)


def test_check_page_reports_sideways_scroll_and_axe_violations(page):
    """The checker itself: a page too wide for a phone and an image without text are both reported by name."""
    page.set_content(
        '<!doctype html><html lang="vi"><head><meta name="viewport" content="width=device-width"><title>Thử</title>'
        '</head><body>'
        '<main><h1>Thử</h1><div id="too-wide" style="width:600px">rộng</div>'
        '<div style="overflow-x:auto"><table id="scrolled" style="width:900px"><tr><td>ô</td></tr></table></div>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt"></main></body></html>'
    )
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = horizontal_overflow(page)
    assert overflow is not None and "div#too-wide (right edge 608 px)" in overflow
    assert "table#scrolled" not in overflow  # inside a scroll container: allowed
    violations = serious_violations(page)
    assert [line.split(" ", 1)[0] for line in violations] == ["image-alt"]
    assert "#no-alt" in violations[0]
    with pytest.raises(AssertionError, match="too-wide"):
        check_page(page, "pagecheck-selftest")
    assert page.viewport_size == {"width": 390, "height": 844}  # restored
    page.locator("#too-wide").evaluate("el => el.remove()")
    page.locator("#no-alt").evaluate("el => el.setAttribute('alt', 'ảnh')")
    check_page(page, "pagecheck-selftest")
    expect(page.locator("#scrolled")).to_be_visible()


def test_login_and_error_pages_fit_a_phone_and_pass_axe(page, login):
    page.goto("/accounts/login/")
    check_page(page, "anonymous-login")
    login("yenthe")
    assert page.goto("/campaigns/999999/").status == 404
    check_page(page, "yenthe-not-found")

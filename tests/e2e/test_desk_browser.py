"""End-to-end: each role starts on its desk (the home page), follows the desk's link to a waiting task, finishes it,
and finds the desk again with one item fewer.

- a unit clerk (``hiephoa``) sends the launch document its unit still owes;
- the head of Cụm thi đua số 1 (``hiephoa`` again, in that role) accepts a member's document;
- the council office (``vanphong``) receives a unit's document;
- the Chairman (``chutich``) signs a decision;
- a council member (``thanhvien``) casts a secret ballot.

And one test for each other kind of waiting work:

- the clerk sends again a document the office returned, reports a target's value, fills and submits its unit's
  self-assessment, and sends again a nomination dossier the office returned;
- the cluster head cross-checks a member's sheet and opens the cluster's vote;
- the office appraises a dossier, publishes a council-stage sheet and prepares a decision from an approved dossier;
- the Chairman reads a deadline's consolidated report and a campaign's published results, and a council member
  opens a meeting ahead: reading is all these ask, and they stay on the desk (until the campaign moves on or the
  meeting is held), so there the test checks the page the desk leads to.

Where the demo holds no such work, the test makes it through the services first. Each desk is checked with
``check_page`` (screenshots at 1366 and 390 px, no sideways scroll, axe-core). Elements are found by id, URL and
data attributes, not by interface text.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import click_and_confirm, expect, settle
from tests.e2e.pagecheck import check_page

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" \
      b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RETURN_REASON = "Thiếu chữ ký của lãnh đạo và dấu đỏ; đề nghị gửi lại."


def _count(page, key: str) -> int:
    return int(page.locator(f"#desk-{key}").get_attribute("data-count"))


def _open_desk(page, name: str) -> None:
    page.goto("/")
    expect(page.locator("#desk")).to_be_visible()
    check_page(page, name)


def _post(page, button, *, status: int = 302) -> None:
    """Click a submit button, confirming when the page asks, and check the POST's status."""
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        click_and_confirm(page, button)
    assert response.value.status == status, response.value.text()[:2000]
    settle(page, response.value)


def _send_by_service(username: str, unit_code: str):
    """A unit's clerk sends its launch document (the work that then waits for its recipients)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.accounts.models import User
    from thidua.campaigns import services
    from thidua.campaigns.models import Deadline
    from thidua.org.models import Unit

    return services.submission_submit(
        by=User.objects.get(username=username), deadline=Deadline.objects.get(code="VB-PHAT-DONG"),
        unit=Unit.objects.get(code=unit_code), document_number="12/KH-UBND", document_date=datetime.date(2021, 9, 20),
        signer="Nguyễn Văn An", summary="Kế hoạch phát động đợt thi đua",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")).submission


def _fill_and_send_document(page, document, *, number: str, summary: str) -> None:
    """On the form sending a deadline's document: fill it, attach a PDF and send it."""
    document.write_bytes(PDF)
    page.locator("#id_document_number").fill(number)
    page.locator("#id_document_date").fill("2021-09-20")
    page.locator("#id_signer").fill("Nguyễn Văn Bình")
    page.locator("#id_summary").fill(summary)
    page.set_input_files("#id_file", str(document))
    _post(page, page.locator("form.form [type=submit]"))


def _return_by_office(submission, reason: str = RETURN_REASON) -> None:
    """The council office returns the submission's latest version with a reason (through the service)."""
    from thidua.accounts.models import User
    from thidua.campaigns import services
    from thidua.campaigns.enums import RecipientKind

    services.receipt_record(by=User.objects.get(username="vanphong"), submission=submission,
                            recipient=submission.deadline.recipients.get(kind=RecipientKind.COUNCIL_OFFICE),
                            decision="return", reason=reason)


def _sheet(unit_code: str, stage: str):
    """The unit's current score sheet at that stage (the demo campaign's)."""
    from thidua.evaluation.models import ScoreSheet

    return ScoreSheet.objects.get(unit__code=unit_code, stage=stage, is_current=True)


def _sheet_moved(username: str, unit_code: str, stage: str, to: str):
    """``username`` submits (or publishes) the unit's sheet at ``stage``, through the service, as is."""
    from thidua.accounts.models import User
    from thidua.evaluation import services

    sheet = _sheet(unit_code, stage)
    return services.sheet_transition(by=User.objects.get(username=username), sheet=sheet, to=to,
                                     version=sheet.version)


def _yen_the_sheets_up_to(stage: str | None) -> None:
    """Yên Thế's sheet moved on by each stage before ``stage`` (``None``: every stage, the result published): self
    (its clerk), cluster (Hiệp Hòa, the head of Cụm thi đua số 1), council (the office publishes)."""
    from thidua.evaluation.enums import SheetStatus, Stage

    moves = [("yenthe", Stage.SELF, SheetStatus.SUBMITTED), ("hiephoa", Stage.CLUSTER, SheetStatus.SUBMITTED),
             ("vanphong", Stage.COUNCIL, SheetStatus.PUBLISHED)]
    for username, at, to in moves:
        if at == stage:
            return
        _sheet_moved(username, "H-YT", at, to)


def _dossier(unit_code: str, name: str, *, until: str):
    """A dossier of the unit proposing one of its people for the Chairman's Bằng khen, moved by the system (through
    the services, as tests/awards does) up to ``until``: submitted, received, in appraisal, appraised or approved."""
    from tests.awards.conftest import dossier, move, new_person, nominate
    from thidua.accounts.models import User
    from thidua.awards import services
    from thidua.awards.enums import NominationStatus as S
    from thidua.org.models import Unit

    unit = Unit.objects.get(code=unit_code)
    nomination = dossier(unit)
    nominate(nomination, "BK_CN", person=new_person(name, unit))
    steps = [S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL, S.APPRAISED, S.APPROVED]
    extra = {S.SUBMITTED: {"confirm_failures": True},
             S.IN_APPRAISAL: {"appraiser": User.objects.get(username="vanphong")}}
    for to in steps[:steps.index(until) + 1]:
        if to == S.APPRAISED:
            nomination.refresh_from_db()
            services.appraisal_record(by=None, nomination=nomination, verdicts=[
                {"item_id": i.pk, "eligible": True, "reason": "Đủ điều kiện", "justification": "Xét thực tế"}
                for i in nomination.items.all()])
        move(nomination, to, **extra.get(to, {}))
    nomination.refresh_from_db()
    return nomination


def _accept_from_the_desk(page, submission) -> None:
    page.locator(f"#desk-receive a.desk-link[href='/campaigns/submissions/{submission.pk}/']").click()
    page.wait_for_url(re.compile(rf"/campaigns/submissions/{submission.pk}/$"))
    form = page.locator("form.receipt-form")
    expect(form).to_have_count(1)
    _post(page, form.locator("button[name=decision][value=accept]"))


def test_the_clerk_sends_the_document_its_desk_lists(page, login, e2e_demo, media_root, tmp_path):
    from thidua.campaigns.models import Submission

    login("hiephoa")
    _open_desk(page, "desk-clerk")
    before = _count(page, "send")
    assert before >= 1
    link = page.locator("#desk-send a.desk-link").first
    href = link.get_attribute("href")
    assert re.match(r"^/campaigns/deadlines/\d+/submit/\?unit=\d+$", href)
    link.click()
    page.wait_for_url(re.compile(r"/campaigns/deadlines/\d+/submit/\?unit=\d+$"))
    _fill_and_send_document(page, tmp_path / "ke-hoach-hiep-hoa.pdf", number="88/KH-UBND",
                            summary="Kế hoạch phát động đợt thi đua của huyện Hiệp Hòa")
    page.wait_for_url(re.compile(r"/campaigns/submissions/\d+/$"))
    assert Submission.objects.filter(unit__code="H-HH", versions__document_number="88/KH-UBND").exists()

    page.goto("/")
    assert _count(page, "send") == before - 1
    expect(page.locator(f"#desk-send a.desk-link[href='{href}']")).to_have_count(0)


def test_the_cluster_head_accepts_a_members_document_from_its_desk(page, login, e2e_demo, media_root):
    from thidua.campaigns.enums import RecipientKind
    from thidua.campaigns.models import Receipt

    submission = _send_by_service("yenthe", "H-YT")
    login("hiephoa")
    _open_desk(page, "desk-cluster-head")
    before = _count(page, "receive")
    assert before >= 1
    _accept_from_the_desk(page, submission)
    assert Receipt.objects.filter(version__submission=submission, recipient__kind=RecipientKind.CLUSTER_HEAD,
                                  decision="accept").exists()
    page.goto("/")
    assert _count(page, "receive") == before - 1


def test_the_office_receives_a_document_from_its_desk(page, login, e2e_demo, media_root):
    from thidua.campaigns.enums import RecipientKind
    from thidua.campaigns.models import Receipt

    submission = _send_by_service("soyte", "SYT")
    login("vanphong")
    _open_desk(page, "desk-office")
    before = _count(page, "receive")
    assert before >= 1
    _accept_from_the_desk(page, submission)
    assert Receipt.objects.filter(version__submission=submission, recipient__kind=RecipientKind.COUNCIL_OFFICE,
                                  decision="accept").exists()
    page.goto("/")
    assert _count(page, "receive") == before - 1


def test_the_chairman_signs_a_decision_from_his_desk(page, login, e2e_demo, media_root):
    from tests.e2e.test_signing_browser import _awaiting_decision
    from thidua.awards.enums import DecisionStatus
    from thidua.awards.models import Decision

    decision = _awaiting_decision()
    login("chutich")
    _open_desk(page, "desk-chairman")
    before = _count(page, "sign")
    assert before >= 1
    page.locator(f"#desk-sign a.desk-link[href='/desk/#desk-{decision.pk}']").click()
    page.wait_for_url(re.compile(r"/desk/"))
    _post(page, page.locator(f"#sign-{decision.pk} button[type=submit]"))
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.SIGNED
    page.goto("/")
    assert _count(page, "sign") == before - 1


def test_the_council_member_casts_a_ballot_from_the_desk(page, login, e2e_demo):
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.campaigns.models import Campaign
    from thidua.evaluation import services
    from thidua.evaluation.enums import Electorate
    from thidua.evaluation.models import BallotCast
    from thidua.org.models import Unit

    now = timezone.now()
    voting_round = services.round_create(
        by=User.objects.get(username="vanphong"), campaign=Campaign.objects.get(code="NR-2021"), cluster=None,
        question="Đề nghị tặng Cờ thi đua của UBND tỉnh", candidates=[Unit.objects.get(code="H-HH").pk],
        threshold_percent="50", quorum_percent="50", opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1), electorate=Electorate.COUNCIL_MEMBERS)
    login("thanhvien")
    _open_desk(page, "desk-council-member")
    before = _count(page, "votes")
    assert before >= 1
    page.locator(f"#desk-votes a.desk-link[href='/votes/{voting_round.pk}/']").click()
    page.wait_for_url(re.compile(rf"/votes/{voting_round.pk}/$"))
    form = page.locator("#ballot-form")
    form.locator("input[name=choices]").first.check()
    _post(page, form.locator("[type=submit]"))
    expect(page.locator("#voted")).to_be_visible()
    assert BallotCast.objects.filter(round=voting_round, voter_user__username="thanhvien").exists()
    page.goto("/")
    assert _count(page, "votes") == before - 1


# ── the unit clerk ───────────────────────────────────────────────────────────────────────────────────────────


def test_the_clerk_sends_a_returned_document_again_from_the_desk(page, login, e2e_demo, media_root, tmp_path):
    from thidua.campaigns.enums import SubmissionStatus
    from thidua.campaigns.models import Submission

    submission = _send_by_service("yenthe", "H-YT")
    _return_by_office(submission)
    login("yenthe")
    _open_desk(page, "desk-clerk-resend")
    before = _count(page, "resend")
    assert before >= 1
    href = f"/campaigns/submissions/{submission.pk}/"
    page.locator(f"#desk-resend a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    expect(page.locator("#submission-status")).to_have_class(re.compile(r"\bstatus-returned\b"))
    page.locator(f"a.button[href='/campaigns/deadlines/{submission.deadline_id}/submit/?unit={submission.unit_id}']"
                 ).click()
    page.wait_for_url(re.compile(rf"/campaigns/deadlines/{submission.deadline_id}/submit/\?unit={submission.unit_id}$"))
    _fill_and_send_document(page, tmp_path / "ke-hoach-yen-the-v2.pdf", number="12/KH-UBND",
                            summary="Kế hoạch phát động (bản có chữ ký, đóng dấu)")
    page.wait_for_url(re.compile(rf"{href}$"))
    submission = Submission.objects.get(pk=submission.pk)
    assert (submission.status, submission.versions.count()) == (SubmissionStatus.SUBMITTED, 2)

    page.goto("/")
    assert _count(page, "resend") == before - 1
    expect(page.locator(f"#desk-resend a.desk-link[href='{href}']")).to_have_count(0)


def test_the_clerk_reports_a_targets_value_from_the_desk(page, login, e2e_demo):
    from django.utils import timezone

    from thidua.indicators.models import ProgressEntry, Target

    login("yenthe")
    _open_desk(page, "desk-clerk-targets")
    before = _count(page, "targets")
    assert before >= 1
    link = page.locator("#desk-targets a.desk-link").first
    href = link.get_attribute("href")
    target = Target.objects.get(pk=int(re.fullmatch(r"/targets/(\d+)/", href).group(1)), unit__code="H-YT")
    link.click()
    page.wait_for_url(re.compile(rf"{href}$"))
    # The last period a value may be given for is the target's due date (never in the future).
    today = timezone.localdate()
    period = min(target.due_on, today)
    page.locator("#id_period_end").fill(period.isoformat())
    page.locator("#id_value").fill("50")
    _post(page, page.locator("#progress-form [type=submit]"))
    page.wait_for_url(re.compile(rf"{href}$"))
    entry = ProgressEntry.objects.get(target=target, period_end=period, is_current=True)
    assert (entry.value, entry.entered_by.username) == (Decimal(50), "yenthe")
    assert Target.objects.get(pk=target.pk).last_period_end == period

    page.goto("/")
    # The value for the due date is the last one (the demo's 2021 targets are all past due): the target leaves
    # the desk (``targets_to_report`` kept it for ever before, found by this test).
    assert period == target.due_on
    assert _count(page, "targets") == before - 1
    expect(page.locator(f"#desk-targets a.desk-link[href='{href}']")).to_have_count(0)


def test_the_clerk_fills_and_submits_its_self_assessment_from_the_desk(page, login, e2e_demo):
    from thidua.evaluation.enums import CriterionKind, SheetStatus, Stage
    from thidua.evaluation.models import ScoreEntry

    sheet = _sheet("H-YT", Stage.SELF)
    assert sheet.status == SheetStatus.DRAFT
    criterion = sheet.scheme.criteria.filter(kind=CriterionKind.MANUAL).order_by("order").first()
    login("yenthe")
    _open_desk(page, "desk-clerk-sheet")
    before = _count(page, "self_sheets")
    assert before >= 1
    href = f"/score-sheets/{sheet.pk}/"
    page.locator(f"#desk-self_sheets a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    row = page.locator(f"#criterion-{criterion.pk}")
    row.locator(f"[name=points_{criterion.pk}]").fill("12")
    row.locator(f"[name=explanation_{criterion.pk}]").fill("Ban hành kế hoạch số 125/KH-UBND; có báo cáo sơ kết.")
    _post(page, page.locator("#sheet-form button[name=action][value=submit]"))
    expect(page.locator("#sheet-facts .status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_by.username) == (SheetStatus.SUBMITTED, "yenthe")
    assert ScoreEntry.objects.get(sheet=sheet, criterion=criterion).points == Decimal(12)

    page.goto("/")
    assert _count(page, "self_sheets") == before - 1
    expect(page.locator(f"#desk-self_sheets a.desk-link[href='{href}']")).to_have_count(0)


def test_the_clerk_sends_a_returned_dossier_again_from_the_desk(page, login, e2e_demo):
    from tests.awards.conftest import move
    from thidua.awards.enums import NominationStatus

    nomination = _dossier("H-YT", "Hoàng Văn Gửi Lại", until=NominationStatus.SUBMITTED)
    move(nomination, NominationStatus.RETURNED, reason=RETURN_REASON)
    login("yenthe")
    _open_desk(page, "desk-clerk-dossier")
    before = _count(page, "dossiers_returned")
    assert before >= 1
    href = f"/nominations/{nomination.pk}/"
    page.locator(f"#desk-dossiers_returned a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    expect(page.locator("#return-reason")).to_contain_text(RETURN_REASON)
    send = page.locator("#move-submitted")
    # The nominee has no rating on record, so a rule fails: the clerk confirms having read it.
    send.locator("#confirm-failures").check()
    _post(page, send.locator("[type=submit]"))
    expect(page.locator("#nomination-status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED

    page.goto("/")
    assert _count(page, "dossiers_returned") == before - 1
    expect(page.locator(f"#desk-dossiers_returned a.desk-link[href='{href}']")).to_have_count(0)


# ── the head of a cluster ────────────────────────────────────────────────────────────────────────────────────


def test_the_cluster_head_cross_checks_a_members_sheet_from_the_desk(page, login, e2e_demo):
    from thidua.evaluation.enums import SheetStatus, Stage

    _yen_the_sheets_up_to(Stage.CLUSTER)
    sheet = _sheet("H-YT", Stage.CLUSTER)
    assert sheet.status == SheetStatus.DRAFT
    login("hiephoa")
    _open_desk(page, "desk-cluster-head-cross-check")
    before = _count(page, "cross_check")
    assert before >= 1
    href = f"/score-sheets/{sheet.pk}/"
    page.locator(f"#desk-cross_check a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    _post(page, page.locator("#sheet-form button[name=action][value=submit]"))
    expect(page.locator("#sheet-facts .status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_by.username) == (SheetStatus.SUBMITTED, "hiephoa")

    page.goto("/")
    assert _count(page, "cross_check") == before - 1
    expect(page.locator(f"#desk-cross_check a.desk-link[href='{href}']")).to_have_count(0)


def test_the_cluster_head_opens_the_clusters_vote_from_the_desk(page, login, e2e_demo):
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.campaigns import services as campaign_services
    from thidua.campaigns.enums import CampaignStatus
    from thidua.evaluation.enums import Stage
    from thidua.evaluation.models import VotingRound
    from thidua.org.models import Cluster, Unit

    campaign = e2e_demo
    cluster = Cluster.objects.get(name="Cụm thi đua số 1", year=campaign.year)
    # The cross-check has begun in Cụm thi đua số 1 (Yên Thế's sheet is in), and the campaign is being evaluated.
    _yen_the_sheets_up_to(Stage.CLUSTER)
    campaign_services.campaign_transition(by=User.objects.get(username="vanphong"), campaign=campaign,
                                          to=CampaignStatus.EVALUATING)
    login("hiephoa")
    _open_desk(page, "desk-cluster-head-vote")
    before = _count(page, "organise_votes")
    assert before >= 1
    href = f"/campaigns/{campaign.pk}/votes/?cluster={cluster.pk}"
    page.locator(f"#desk-organise_votes a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/votes/\?cluster={cluster.pk}$"))
    form = page.locator("#round-form")
    expect(form.locator("input[name=cluster]")).to_have_value(str(cluster.pk))
    form.locator("[name=question]").fill("Suy tôn đơn vị dẫn đầu Cụm thi đua số 1 năm 2021")
    candidates = list(Unit.objects.filter(code__in=["H-YT", "H-HH"]))
    for unit in candidates:
        form.locator(f"input[name=candidates][value='{unit.pk}']").check()
    form.locator("[name=threshold_percent]").fill("70")
    form.locator("[name=quorum_percent]").fill("50")
    closes = (timezone.localtime() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    form.locator("[name=closes_at]").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    _post(page, form.locator("[type=submit]"))
    page.wait_for_url(re.compile(r"/votes/\d+/$"))
    voting_round = VotingRound.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))
    assert (voting_round.campaign_id, voting_round.cluster_id) == (campaign.pk, cluster.pk)
    assert sorted(voting_round.candidates.values_list("unit_id", flat=True)) == sorted(u.pk for u in candidates)

    page.goto("/")
    assert _count(page, "organise_votes") == before - 1
    expect(page.locator(f"#desk-organise_votes a.desk-link[href='{href}']")).to_have_count(0)


# ── the council office ───────────────────────────────────────────────────────────────────────────────────────


def test_the_office_appraises_a_dossier_from_the_desk(page, login, e2e_demo):
    from thidua.awards.enums import NominationStatus

    nomination = _dossier("H-HH", "Đinh Thị Thẩm Định", until=NominationStatus.IN_APPRAISAL)
    item = nomination.items.get()
    login("vanphong")
    _open_desk(page, "desk-office-appraise")
    before = _count(page, "appraise")
    assert before >= 1
    href = f"/nominations/{nomination.pk}/"
    page.locator(f"#desk-appraise a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    verdict = page.locator("#appraisal-form")
    verdict.locator(f"input[name=eligible_{item.pk}][value=yes]").check()
    verdict.locator(f"[name=reason_{item.pk}]").fill("Đủ tiêu chuẩn theo khoản 1 Điều 74 Luật Thi đua, khen thưởng.")
    # The nominee has no rating on record: finding it eligible needs a justification.
    verdict.locator(f"[name=justification_{item.pk}]").fill("Đã xác minh thành tích thực tế tại đơn vị.")
    _post(page, verdict.locator("#save-appraisal"))
    _post(page, page.locator("#move-appraised [type=submit]"))
    expect(page.locator("#nomination-status")).to_have_class(re.compile(r"\bstatus-appraised\b"))
    nomination.refresh_from_db()
    item.refresh_from_db()
    assert (nomination.status, item.appraisal_eligible) == (NominationStatus.APPRAISED, True)

    page.goto("/")
    assert _count(page, "appraise") == before - 1
    expect(page.locator(f"#desk-appraise a.desk-link[href='{href}']")).to_have_count(0)


def test_the_office_reviews_and_publishes_a_sheet_from_the_desk(page, login, e2e_demo):
    from thidua.evaluation.enums import SheetStatus, Stage

    _yen_the_sheets_up_to(Stage.COUNCIL)
    sheet = _sheet("H-YT", Stage.COUNCIL)
    assert sheet.status == SheetStatus.DRAFT
    login("vanphong")
    _open_desk(page, "desk-office-review")
    before = _count(page, "review_sheets")
    assert before >= 1
    href = f"/score-sheets/{sheet.pk}/"
    page.locator(f"#desk-review_sheets a.desk-link[href='{href}']").click()
    page.wait_for_url(re.compile(rf"{href}$"))
    _post(page, page.locator("#sheet-form button[name=action][value=publish]"))
    expect(page.locator("#sheet-facts .status")).to_have_class(re.compile(r"\bstatus-published\b"))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_by.username) == (SheetStatus.PUBLISHED, "vanphong")

    page.goto("/")
    assert _count(page, "review_sheets") == before - 1
    expect(page.locator(f"#desk-review_sheets a.desk-link[href='{href}']")).to_have_count(0)


def test_the_office_prepares_a_decision_from_the_desk(page, login, e2e_demo):
    from thidua.awards.enums import DecisionStatus, NominationStatus
    from thidua.awards.models import Decision

    nomination = _dossier("H-HH", "Lý Văn Quyết Định", until=NominationStatus.APPROVED)
    item = nomination.items.get()
    login("vanphong")
    _open_desk(page, "desk-office-prepare")
    before = _count(page, "prepare_decisions")
    assert before >= 1
    # The dossier's item leads to the form listing every approved nominee, with this dossier's ticked.
    page.locator(f"#desk-prepare_decisions a.desk-link[href='/decisions/new/?nomination={nomination.pk}']").click()
    page.wait_for_url(re.compile(rf"/decisions/new/\?nomination={nomination.pk}$"))
    form = page.locator("#decision-form")
    form.locator("[name=symbol]").fill("QĐ-UBND")
    expect(form.locator(f"#grant-{item.pk}")).to_be_checked()
    expect(form.locator("input[name=items]:checked")).to_have_count(1)
    _post(page, form.locator("#prepare-decision"))
    page.wait_for_url(re.compile(r"/decisions/\d+/$"))
    decision = Decision.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))
    assert (decision.status, list(decision.items.values_list("pk", flat=True))) == (
        DecisionStatus.AWAITING_SIGNATURE, [item.pk])

    page.goto("/")
    assert _count(page, "prepare_decisions") == before - 1


# ── the Chairman and a council member: what they read ────────────────────────────────────────────────────────


def _open_to_read(page, key: str, href: str) -> None:
    """Follow the desk's link ``href`` in section ``key``: the page answers 200, with no redirect on the way."""
    with page.expect_response(lambda r: urlsplit(r.url).path == urlsplit(href).path
                              and r.request.method == "GET") as response:
        page.locator(f"#desk-{key} a.desk-link[href='{href}']").click()
    assert response.value.status == 200, response.value.status
    page.wait_for_url(re.compile(rf"{re.escape(href)}$"))


def test_the_chairman_reads_a_deadlines_report_from_his_desk(page, login, e2e_demo):
    from thidua.campaigns.models import Deadline

    # The launch document was due on 30/9/2021: its consolidated report is ready.
    deadline = Deadline.objects.get(campaign=e2e_demo, code="VB-PHAT-DONG")
    login("chutich")
    _open_desk(page, "desk-chairman-reports")
    before = _count(page, "reports")
    assert before >= 1
    href = f"/campaigns/deadlines/{deadline.pk}/"
    _open_to_read(page, "reports", href)
    expect(page.locator("h1")).to_have_text(deadline.title)
    expect(page.locator("#overview-table")).to_be_visible()
    expect(page.locator(f"form[action='/campaigns/deadlines/{deadline.pk}/report/'] button[name=format]"))\
        .to_have_count(2)  # the report to the Chairman (DOCX) and its table (XLSX)

    # Reading does not take it off: it stays while the campaign runs.
    page.goto("/")
    assert _count(page, "reports") == before


def test_the_chairman_sees_published_results_from_his_desk(page, login, e2e_demo):
    from thidua.org.models import Cluster, Unit

    campaign = e2e_demo
    _yen_the_sheets_up_to(None)  # Yên Thế's result is published
    cluster = Cluster.objects.get(name="Cụm thi đua số 1", year=campaign.year)
    yen_the = Unit.objects.get(code="H-YT")
    login("chutich")
    _open_desk(page, "desk-chairman-results")
    before = _count(page, "results")
    assert before >= 1
    href = f"/campaigns/{campaign.pk}/rankings/"
    _open_to_read(page, "results", href)
    expect(page.locator("#rankings")).to_be_visible()
    # The page opens on the first cluster or block; Yên Thế's is chosen on the page itself.
    page.locator("#cluster-select").select_option(str(cluster.pk))
    page.wait_for_url(re.compile(rf"/rankings/\?cluster={cluster.pk}$"))
    row = page.locator(f"#ranking tr[data-unit='{yen_the.pk}']")
    expect(row.locator(".status")).to_have_class(re.compile(r"\bstatus-published\b"))

    # Reading does not take it off: the results stay on the desk while the campaign is open.
    page.goto("/")
    assert _count(page, "results") == before


def test_the_council_member_opens_a_meeting_ahead_from_the_desk(page, login, e2e_demo):
    from django.utils import timezone

    from thidua.accounts.models import User
    from thidua.awards import council as council_services
    from thidua.awards.models import Council

    provincial = Council.objects.get(unit__kind="province")
    members = list(provincial.members.all())
    meeting = council_services.meeting_create(
        by=User.objects.get(username="vanphong"), council=provincial,
        held_on=timezone.localdate() + datetime.timedelta(days=5), place="Phòng họp số 1, UBND tỉnh",
        chair_id=next(m.pk for m in members if m.full_name == "Lê Ánh Dương"), secretary_id=None,
        present_ids=[m.pk for m in members])
    login("thanhvien")
    _open_desk(page, "desk-council-member-meetings")
    before = _count(page, "meetings")
    assert before >= 1
    href = f"/council/meetings/{meeting.pk}/"
    _open_to_read(page, "meetings", href)
    expect(page.locator("#meeting-facts")).to_contain_text("Phòng họp số 1, UBND tỉnh")
    expect(page.locator("#meeting-quorum")).to_have_attribute("data-met", "yes" if meeting.quorum_met else "no")

    # The meeting stays on the desk until it is held.
    page.goto("/")
    assert _count(page, "meetings") == before

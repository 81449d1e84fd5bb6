"""Notifications: every step that hands work to someone tells exactly the right people, once, in the app (with its
kind) and by email as each chose — at once, or in one daily digest."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command

from tests.awards.test_signing import Desk
from tests.evaluation.builders import open_round, sheet_of
from tests.submissions.helpers import VN, receive, send
from thidua.accounts import services as accounts
from thidua.awards import signing
from thidua.campaigns import services as campaigns
from thidua.core.models import Notification, NotificationDelivery
from thidua.core.notifications import KINDS, send_digests
from thidua.evaluation import services as evaluation
from thidua.evaluation.enums import SheetStatus, Stage


class Inbox:
    """What each user received since the test's start: ``told()`` → {username: Counter(kind)}."""

    def __init__(self):
        self.start = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def told(self) -> dict[str, Counter]:
        found: dict[str, Counter] = {}
        for username, kind in Notification.objects.filter(id__gt=self.start).values_list("user__username", "kind"):
            found.setdefault(username, Counter())[kind] += 1
        self.start = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return found


@pytest.fixture
def inbox(province) -> Inbox:
    return Inbox()


def test_every_kind_is_registered_by_the_apps():
    assert {"submission.sent", "submission.returned", "submission.accepted", "deadline.reminder", "report.ready",
            "sheet.to_cross_check", "sheet.to_review", "sheet.returned", "result.published", "vote.open",
            "nomination.sent", "nomination.returned", "decision.to_sign", "decision.sent_back",
            "decision.to_issue", "decision.issued"} <= set(KINDS)


def test_a_document_sent_tells_its_two_recipients_once_and_its_fate_tells_the_sender(province, inbox):
    submission = send(province, "yenthe").submission
    # Hiệp Hòa heads Yên Thế's cluster; the office receives from everyone; nobody else hears of it.
    assert inbox.told() == {"hiephoa": Counter({"submission.sent": 1}), "vanphong": Counter({"submission.sent": 1})}
    receive(province, "hiephoa", submission, "cluster_head")
    assert inbox.told() == {}  # one acceptance of two: nothing to tell yet
    receive(province, "vanphong", submission, "council_office")
    assert inbox.told() == {"yenthe": Counter({"submission.accepted": 1})}


def test_a_return_tells_the_sender_and_the_new_version_says_what_changed(province, inbox):
    submission = send(province, "yenthe").submission
    inbox.told()
    receive(province, "vanphong", submission, "council_office", decision="return", reason="Thiếu chữ ký")
    assert inbox.told() == {"yenthe": Counter({"submission.returned": 1})}
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.submissions.conftest import PDF_BYTES

    campaigns.submission_submit(
        by=province.user("yenthe"), deadline=submission.deadline, unit=province.unit("H-YT"),
        document_number="126/KH-UBND", document_date=datetime.date(2021, 9, 26), signer="Nguyễn Văn An",
        summary="Kế hoạch phát động đợt thi đua nước rút",
        file=SimpleUploadedFile("ke-hoach-2.pdf", PDF_BYTES + b"%v2", content_type="application/pdf"),
        now=datetime.datetime(2021, 9, 27, 9, 0, tzinfo=VN))
    assert inbox.told() == {"hiephoa": Counter({"submission.sent": 1}), "vanphong": Counter({"submission.sent": 1})}
    body = Notification.objects.filter(user__username="vanphong", kind="submission.sent").latest("id").body
    assert "Thiếu chữ ký" in body  # the return it answers
    assert "125/KH-UBND → 126/KH-UBND" in body and "20/09/2021 → 26/09/2021" in body and "ke-hoach-2.pdf" in body
    assert "Nguyễn Văn An →" not in body  # the signer did not change


def test_reminders_tell_the_missing_units_clerks_and_the_report_reaches_the_chairman_once(province, inbox):
    campaigns.reminders_send(today=datetime.date(2021, 9, 27))  # three days before the 30th
    told = inbox.told()
    assert told["yenthe"] == Counter({"deadline.reminder": 1}) and told["hiephoa"] == Counter(
        {"deadline.reminder": 1})
    assert "vanphong" not in told and "chutich" not in told
    campaigns.reminders_send(today=datetime.date(2021, 9, 27))
    assert inbox.told() == {}  # idempotent
    campaigns.reminders_send(today=datetime.date(2021, 10, 1))  # the day after the due date
    told = inbox.told()
    assert told["chutich"] == Counter({"report.ready": 1})
    assert all("report.ready" not in kinds for name, kinds in told.items() if name != "chutich")
    campaigns.reminders_send(today=datetime.date(2021, 10, 2))
    assert "chutich" not in inbox.told()


def test_score_sheets_tell_the_next_stage_and_the_unit(province, inbox):
    own = sheet_of(province, "H-YT")
    evaluation.sheet_transition(by=province.user("yenthe"), sheet=own, to=SheetStatus.SUBMITTED, version=own.version)
    assert inbox.told() == {"hiephoa": Counter({"sheet.to_cross_check": 1})}
    evaluation.sheet_transition(by=province.user("hiephoa"), sheet=sheet_of(province, "H-YT"),
                                to=SheetStatus.RETURNED, reason="Bổ sung minh chứng",
                                version=sheet_of(province, "H-YT").version)
    assert inbox.told() == {"yenthe": Counter({"sheet.returned": 1})}
    own = sheet_of(province, "H-YT")
    evaluation.sheet_transition(by=province.user("yenthe"), sheet=own, to=SheetStatus.SUBMITTED, version=own.version)
    inbox.told()
    cluster = sheet_of(province, "H-YT", Stage.CLUSTER)
    evaluation.sheet_transition(by=province.user("hiephoa"), sheet=cluster, to=SheetStatus.SUBMITTED,
                                version=cluster.version)
    assert inbox.told() == {"vanphong": Counter({"sheet.to_review": 1})}
    council = sheet_of(province, "H-YT", Stage.COUNCIL)
    evaluation.sheet_transition(by=province.user("vanphong"), sheet=council, to=SheetStatus.PUBLISHED,
                                version=council.version)
    assert inbox.told() == {"yenthe": Counter({"result.published": 1})}


def test_a_vote_opened_tells_each_voter_once(province, inbox):
    open_round(province, candidates=["H-HH", "H-YT"])
    # The member units of Cụm thi đua số 1 with a login: Hiệp Hòa and Yên Thế.
    assert inbox.told() == {"hiephoa": Counter({"vote.open": 1}), "yenthe": Counter({"vote.open": 1})}


def test_dossiers_and_decisions_tell_who_acts_next(province):
    desk = Desk(province)  # two approved dossiers of Sở Thử nghiệm, the Chairman and his Vice-Chairman
    inbox = Inbox()
    decision = desk.prepare(desk.first, desk.second)
    # Every signatory of the province: the demo's Chairman and this test's Chairman and Vice-Chairman.
    to_sign = {name: Counter({"decision.to_sign": 1}) for name in ("chutich", "chutich-thu", "phochutich-thu")}
    assert inbox.told() == to_sign
    signing.decision_send_back(by=desk.chairman, decision=decision, note="Sửa trích yếu")
    assert inbox.told() == {"vanphong": Counter({"decision.sent_back": 1})}
    signing.decision_resubmit(by=desk.office, decision=decision)
    assert inbox.told() == to_sign
    signing.decision_sign(by=desk.chairman, decision=decision)
    assert inbox.told() == {"vanphong": Counter({"decision.to_issue": 1})}
    signing.decision_issue(by=desk.office, decision=decision)
    assert inbox.told() == {"canbo-thu": Counter({"decision.issued": 1}),
                            "giamdoc-thu": Counter({"decision.issued": 1})}


def test_a_dossier_sent_and_returned(province):
    from tests.awards.conftest import dossier, move, new_person, nominate
    from tests.awards.test_routes import staff, unit_under

    unit = unit_under(province.unit("UBND-BG"), "SO-TB", "Sở Thông báo")
    staff("canbo-tb", "unit_clerk", unit)
    nomination = dossier(unit)
    nominate(nomination, "BK_CN", person=new_person("Phạm Văn Báo", unit))
    inbox = Inbox()
    move(nomination, "submitted", confirm_failures=True)
    assert inbox.told() == {"vanphong": Counter({"nomination.sent": 1})}
    move(nomination, "received", by=province.user("vanphong"))
    move(nomination, "returned", by=province.user("vanphong"), reason="Thiếu báo cáo thành tích")
    assert inbox.told() == {"canbo-tb": Counter({"nomination.returned": 1})}


def test_immediate_email_once_after_the_commit_and_none_for_the_app_only(province, inbox,
                                                                          django_capture_on_commit_callbacks):
    for username in ("hiephoa", "vanphong"):
        user = province.user(username)
        user.email = f"{username}@bacgiang.gov.vn"
        user.save()
    accounts.notification_delivery_set(by=province.user("vanphong"), delivery=NotificationDelivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        send(province, "yenthe")
    assert [m.to for m in mail.outbox] == [["hiephoa@bacgiang.gov.vn"]]
    assert "Yên Thế" in mail.outbox[0].subject
    assert Notification.objects.filter(user__username="vanphong", kind="submission.sent").count() == 1  # in the app


def test_the_digest_sends_one_email_a_day_with_every_notice_and_nothing_twice(province,
                                                                                django_capture_on_commit_callbacks):
    office = province.user("vanphong")
    office.email = "vanphong@bacgiang.gov.vn"
    office.save()
    accounts.notification_delivery_set(by=office, delivery=NotificationDelivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        send(province, "yenthe")
        send(province, "hiephoa")
    assert mail.outbox == []  # nothing at once for a digest reader
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vanphong@bacgiang.gov.vn"]
    assert "Yên Thế" in mail.outbox[0].body and "Hiệp Hòa" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # the second run finds nothing new


def test_the_choice_is_made_on_the_account_page_and_audited(province):
    from tests.support import signed_in
    from thidua.core.models import AuditEvent

    client = signed_in("yenthe")
    assert 'id="delivery-form"' in client.get("/accounts/account/").content.decode()
    assert client.post("/accounts/account/notifications/", {"delivery": "weekly"}).status_code == 400
    assert client.post("/accounts/account/notifications/", {"delivery": "digest"}).status_code == 302
    assert province.user("yenthe").notification_delivery == "digest"
    event = AuditEvent.objects.filter(action="accounts.notifications.chosen").latest("id")
    assert event.data["delivery"] == ["immediate", "digest"]

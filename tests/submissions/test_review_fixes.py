"""Holes found in review: each test fails on the code before its fix."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from tests.support import signed_in
from thidua.campaigns import services
from thidua.campaigns.models import Deadline, Receipt, Submission

from .test_flow import VN, recipient, seed_deadline, submit


def test_a_named_recipient_unit_does_not_receive_its_own_document(province):
    deadline = services.deadline_create(
        by=None, campaign=province.campaign(), code="GUI-YT", title="Gửi UBND huyện Yên Thế",
        due_on=datetime.date(2021, 11, 1), recipients=[province.unit("H-YT"), "council_office"])
    version = services.submission_submit(
        by=province.user("yenthe"), deadline=deadline, unit=province.unit("H-YT"), document_number="1/BC",
        document_date=datetime.date(2021, 10, 1), signer="A", summary="B", file=_pdf(),
        now=datetime.datetime(2021, 10, 2, tzinfo=VN))
    named = deadline.recipients.get(kind="unit")
    with pytest.raises(Exception) as error:
        services.receipt_record(by=province.user("yenthe"), submission=version.submission, recipient=named,
                                decision="accept")
    assert error.typename == "PermissionDenied"
    services.receipt_record(by=province.user("vanphong"), submission=version.submission,
                            recipient=deadline.recipients.get(kind="council_office"), decision="accept")
    assert Submission.objects.get(pk=version.submission_id).status == "accepted"


def _pdf():
    from .conftest import pdf

    return pdf()


def test_cluster_head_sees_only_its_own_row_when_the_deadline_does_not_go_to_cluster_heads(province, api_client):
    deadline = services.deadline_create(
        by=None, campaign=province.campaign(), code="CHI-VP", title="Chỉ gửi Thường trực",
        due_on=datetime.date(2021, 11, 1), recipients=["council_office"])
    rows = api_client("hiephoa").get(f"/api/v1/deadlines/{deadline.pk}/submissions").json()
    assert [row["unit_id"] for row in rows] == [province.unit_ids["H-HH"]]


def test_a_named_recipient_unit_sees_every_participant(province, api_client):
    deadline = services.deadline_create(
        by=None, campaign=province.campaign(), code="GUI-SYT", title="Gửi Sở Y tế",
        due_on=datetime.date(2021, 11, 1), recipients=[province.unit("SYT")])
    rows = api_client("soyte").get(f"/api/v1/deadlines/{deadline.pk}/submissions").json()
    assert len(rows) == 54


def test_deadline_history_is_not_shown_to_a_clerk(province):
    services.reminders_send(today=datetime.date(2021, 9, 27))
    deadline_page = f"/campaigns/deadlines/{seed_deadline().pk}/"
    assert "history-title" not in signed_in("soyte").get(deadline_page).content.decode()
    assert "history-title" in signed_in("vanphong").get(deadline_page).content.decode()


def test_deadline_code_with_a_line_break_is_refused(province, api_client):
    response = api_client("vanphong").post(
        f"/api/v1/campaigns/{province.campaign_id}/deadlines", content_type="application/json",
        data=json.dumps({"code": "X\r\nSet-Cookie: a=b", "title": "T", "due_on": "2021-11-01",
                         "recipients": ["council_office"]}))
    assert response.status_code == 400
    assert not Deadline.objects.filter(title="T").exists()


def test_recipients_cannot_change_once_units_have_sent(province):
    submit(province)
    with pytest.raises(ValidationError):
        services.deadline_update(by=None, deadline=seed_deadline(), recipients=["council_office"])
    assert seed_deadline().recipients.count() == 2


def test_a_decision_on_an_older_version_is_refused(province):
    first = submit(province)
    services.receipt_record(by=province.user("hiephoa"), submission=first.submission,
                            recipient=recipient("cluster_head"), decision="return", reason="Sai số")
    submit(province, at=datetime.datetime(2021, 9, 28, 9, 0, tzinfo=VN))
    with pytest.raises(ValidationError):
        services.receipt_record(by=province.user("vanphong"), submission=first.submission,
                                recipient=recipient("council_office"), decision="accept", version_number=1)
    assert Receipt.objects.filter(version__number=2).count() == 0


def test_moving_the_due_date_recomputes_lateness(province):
    version = submit(province, at=datetime.datetime(2021, 10, 3, 9, 0, tzinfo=VN))
    assert version.submission.late is True
    services.deadline_update(by=None, deadline=seed_deadline(), due_on=datetime.date(2021, 10, 5))
    submission = Submission.objects.get(pk=version.submission_id)
    assert (submission.late, submission.versions.get().late) == (False, False)


def test_a_far_future_due_date_does_not_break_submitting(province):
    services.deadline_update(by=None, deadline=seed_deadline(), due_on=datetime.date(9999, 12, 31))
    assert submit(province).late is False


def test_deadlines_of_a_closed_campaign_cannot_change(province):
    from thidua.campaigns.models import Campaign

    Campaign.objects.filter(pk=province.campaign_id).update(status="closed")
    with pytest.raises(ValidationError):
        services.deadline_update(by=None, deadline=seed_deadline(), title="Khác")
    with pytest.raises(ValidationError):
        services.deadline_create(by=None, campaign=province.campaign(), code="MOI", title="Mới",
                                 due_on=datetime.date(2021, 12, 1), recipients=["council_office"])


def test_a_clerk_of_two_units_must_say_which_one_sends(province, api_client):
    from thidua.accounts import services as accounts

    accounts.role_assign(by=None, user=province.user("yenthe"), role="unit_clerk", unit=province.unit("H-VY"))
    client = api_client("yenthe")

    def post(**extra):
        from .conftest import pdf

        return client.post(f"/api/v1/deadlines/{seed_deadline().pk}/submissions", data={
            "document_number": "9/KH", "document_date": "2021-09-20", "signer": "A", "summary": "B",
            "file": pdf(), **extra})

    assert post().status_code == 400
    assert post(unit_id=province.unit_ids["SYT"]).status_code == 403
    response = post(unit_id=province.unit_ids["H-VY"])
    assert (response.status_code, response.json()["unit_id"]) == (201, province.unit_ids["H-VY"])


def test_every_bad_field_is_reported_at_once(province):
    from .conftest import pdf

    with pytest.raises(ValidationError) as error:
        submit(province, document_date=datetime.date(2099, 1, 1), signer="  ",
               file=pdf("ke-hoach.pdf", b"not a pdf"))
    assert sorted(error.value.message_dict) == ["document_date", "file", "signer"]
    assert Submission.objects.count() == 0

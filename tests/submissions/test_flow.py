"""The seed's flow: a unit sends its launch document, both recipients receive it, a return and a resubmission."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.campaigns import services
from thidua.campaigns.models import Deadline, Receipt, Submission, SubmissionVersion
from thidua.core.models import AuditEvent, Notification

from .conftest import docx_bytes, pdf

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def seed_deadline() -> Deadline:
    return Deadline.objects.get(code="VB-PHAT-DONG")


def submit(province, username="yenthe", unit="H-YT", at=None, file=None, **overrides):
    values = {"document_number": "125/KH-UBND", "document_date": datetime.date(2021, 9, 20),
              "signer": "Nguyễn Văn An", "summary": "Kế hoạch phát động đợt thi đua nước rút"}
    values.update(overrides)
    return services.submission_submit(
        by=province.user(username), deadline=seed_deadline(), unit=province.unit(unit), file=file or pdf(),
        now=at or datetime.datetime(2021, 9, 25, 9, 0, tzinfo=VN), **values)


def recipient(kind):
    return seed_deadline().recipients.get(kind=kind)


def test_submission_on_the_last_minute_of_the_due_day_in_vietnam_is_on_time(province):
    version = submit(province, at=datetime.datetime(2021, 9, 30, 23, 59, 59, tzinfo=VN))
    assert (version.late, version.submission.late) == (False, False)


def test_submission_at_midnight_after_the_due_day_in_vietnam_is_late(province):
    # 00:00 on 1/10 in Vietnam is still 30/9 17:00 in UTC: lateness is judged in Vietnam's time.
    version = submit(province, at=datetime.datetime(2021, 9, 30, 17, 0, tzinfo=datetime.UTC))
    assert (version.late, version.submission.late) == (True, True)


def test_accepted_only_after_both_recipients_accept(province):
    submission = submit(province).submission
    services.receipt_record(by=province.user("hiephoa"), submission=submission,
                            recipient=recipient("cluster_head"), decision="accept")
    submission.refresh_from_db()
    assert submission.status == "submitted"
    services.receipt_record(by=province.user("vanphong"), submission=submission,
                            recipient=recipient("council_office"), decision="accept")
    submission.refresh_from_db()
    assert submission.status == "accepted"


def test_return_without_a_reason_is_refused_and_writes_nothing(province):
    submission = submit(province).submission
    receipts, events = Receipt.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.receipt_record(by=province.user("vanphong"), submission=submission,
                                recipient=recipient("council_office"), decision="return", reason="   ")
    assert (Receipt.objects.count(), AuditEvent.objects.count()) == (receipts, events)


def test_resubmission_after_a_return_keeps_both_versions(province):
    first = submit(province)
    services.receipt_record(by=province.user("vanphong"), submission=first.submission,
                            recipient=recipient("council_office"), decision="return",
                            reason="Thiếu chữ ký của lãnh đạo")
    submission = Submission.objects.get(pk=first.submission_id)
    assert submission.status == "returned"
    second = submit(province, file=pdf("ke-hoach-v2.pdf", b"%PDF-1.7\nv2"),
                    at=datetime.datetime(2021, 10, 2, 8, 0, tzinfo=VN))
    submission.refresh_from_db()
    assert (submission.status, submission.latest_version, submission.late) == ("submitted", 2, False)
    versions = list(SubmissionVersion.objects.filter(submission=submission).order_by("number"))
    assert [(v.number, v.original_name, v.late) for v in versions] == [
        (1, "ke-hoach.pdf", False), (2, "ke-hoach-v2.pdf", True)]
    assert versions[0].file.read() != versions[1].file.read()
    assert second.number == 2


def test_returned_unit_clerk_is_notified_with_the_reason(province):
    submission = submit(province).submission
    services.receipt_record(by=province.user("hiephoa"), submission=submission,
                            recipient=recipient("cluster_head"), decision="return", reason="Sai trích yếu")
    notification = Notification.objects.filter(user=province.user("yenthe")).latest("id")
    assert notification.body == "Sai trích yếu"


def test_second_submission_without_a_return_is_refused(province):
    submit(province)
    with pytest.raises(ValidationError):
        submit(province)
    assert SubmissionVersion.objects.count() == 1


def test_clerk_cannot_submit_for_another_unit(province):
    with pytest.raises(PermissionDenied):
        submit(province, username="yenthe", unit="SYT")
    assert Submission.objects.count() == 0


def test_only_the_cluster_head_of_the_senders_cluster_records_its_receipt(province):
    submission = submit(province).submission
    with pytest.raises(PermissionDenied):  # Sở Y tế heads a block, not Yên Thế's cluster
        services.receipt_record(by=province.user("soyte"), submission=submission,
                                recipient=recipient("cluster_head"), decision="accept")
    with pytest.raises(PermissionDenied):  # a clerk cannot act for the council office
        services.receipt_record(by=province.user("hiephoa"), submission=submission,
                                recipient=recipient("council_office"), decision="accept")
    assert Receipt.objects.count() == 0


def test_file_named_pdf_that_is_not_a_pdf_is_refused(province):
    with pytest.raises(ValidationError) as error:
        submit(province, file=pdf("ke-hoach.pdf", b"MZ\x90\x00 this is an executable"))
    assert "PDF" in " ".join(error.value.messages)
    assert Submission.objects.count() == 0


def test_file_over_the_limit_is_refused(province, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError):
        submit(province, file=pdf("big.pdf", b"%PDF-1.4\n" + b"0" * 2048))
    assert Submission.objects.count() == 0


def test_docx_is_recognised_by_its_content_even_with_a_wrong_name(province):
    version = submit(province, file=pdf("scan.pdf", docx_bytes()))
    assert (version.extension, version.content_type) == (
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert version.file.name.endswith(".docx") and "scan" not in version.file.name


def test_submission_and_receipts_are_audited(province):
    submission = submit(province).submission
    services.receipt_record(by=province.user("vanphong"), submission=submission,
                            recipient=recipient("council_office"), decision="return", reason="Thiếu dấu")
    from thidua.core.audit import history_for

    actions = [(e.action, e.data["version"]) for e in reversed(list(history_for(submission)))]
    assert actions == [("campaigns.submission.submitted", 1), ("campaigns.receipt.return", 1)]

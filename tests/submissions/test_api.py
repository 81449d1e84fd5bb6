"""The API contract for deadlines, submissions, receipts and the consolidated report (issue 3)."""

import datetime
import io
import re
import urllib.parse
from collections import Counter

import docx
import openpyxl
import pytest
from django.utils import timezone

from thidua.campaigns.models import Deadline, Receipt, Submission
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterMembership

from .conftest import PDF_BYTES
from .helpers import (
    CLUSTER_1,
    CLUSTER_1_CODES,
    CULTURE_BLOCK_CODES,
    DOCX_TYPE,
    FORM,
    VN,
    XLSX_TYPE,
    body,
    pdf_upload,
    receive,
    seed_deadline,
    send,
    snapshot,
    stored_files,
)

NEW_DEADLINE = {"code": "BC-SO-KET", "title": "Báo cáo sơ kết đợt thi đua", "due_on": "2021-10-15",
                "description": "Báo cáo kết quả sơ kết", "recipients": ["cluster_head", "council_office"]}


def parse_time(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def post_json(client, url, data):
    import json

    return client.post(url, data=json.dumps(data), content_type="application/json")


def submissions_url() -> str:
    return f"/api/v1/deadlines/{seed_deadline().pk}/submissions"


def upload(client, file=None, **overrides):
    data = {**FORM, **overrides}
    if file is not False:
        data["file"] = file or pdf_upload()
    return client.post(submissions_url(), data=data)


# --- deadlines -------------------------------------------------------------------------------------------------


def test_deadline_create_by_the_council_office_returns_201_with_the_fields(province, api_client):
    response = post_json(api_client("vanphong"), f"/api/v1/campaigns/{province.campaign_id}/deadlines",
                         NEW_DEADLINE)
    assert response.status_code == 201
    created = response.json()
    deadline = Deadline.objects.get(campaign_id=province.campaign_id, code="BC-SO-KET")
    assert created == {"id": deadline.pk, "campaign_id": province.campaign_id, "code": "BC-SO-KET",
                       "title": "Báo cáo sơ kết đợt thi đua", "due_on": "2021-10-15",
                       "description": "Báo cáo kết quả sơ kết", "recipients": ["cluster_head", "council_office"]}
    assert (deadline.due_on, list(deadline.recipients.values_list("kind", flat=True))) == (
        datetime.date(2021, 10, 15), ["cluster_head", "council_office"])


def test_deadline_create_with_a_named_unit_and_a_subset_lists_the_unit(province, api_client):
    payload = {**NEW_DEADLINE, "recipients": ["council_office"], "unit_ids": [province.unit_ids["SYT"]],
               "only_unit_ids": [province.unit_ids["H-YT"], province.unit_ids["SYT"]]}
    response = post_json(api_client("vanphong"), f"/api/v1/campaigns/{province.campaign_id}/deadlines", payload)
    assert response.status_code == 201
    assert response.json()["recipients"] == ["council_office", "Sở Y tế"]
    deadline = Deadline.objects.get(pk=response.json()["id"])
    assert set(deadline.only_units.values_list("code", flat=True)) == {"H-YT", "SYT"}


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "thanhvien", "chutich"])
def test_deadline_create_by_anyone_but_the_office_is_403(province, api_client, username):
    before = Deadline.objects.count()
    response = post_json(api_client(username), f"/api/v1/campaigns/{province.campaign_id}/deadlines", NEW_DEADLINE)
    assert response.status_code == 403
    assert response.json()["detail"] != ""
    assert Deadline.objects.count() == before


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"title": None}, 422),  # missing title
        ({"title": "   "}, 422),  # blank title
        ({"due_on": "30/09/2021"}, 422),
        ({"due_on": "2021-02-30"}, 422),
        ({"recipients": ["chairman"]}, 422),
        ({"unit_ids": [987654321]}, 404),
        ({"only_unit_ids": [987654321]}, 404),
        ({"code": "VB-PHAT-DONG"}, 400),  # the seed deadline's code is taken
    ],
    ids=["missing-title", "blank-title", "bad-date-format", "impossible-date", "unknown-recipient",
         "unknown-unit", "unknown-subset-unit", "duplicate-code"],
)
def test_deadline_create_with_bad_input_is_4xx_with_detail_and_writes_nothing(province, api_client, change, status):
    payload = {**NEW_DEADLINE, **change}
    payload = {key: value for key, value in payload.items() if value is not None}
    client = api_client("vanphong")
    before = (Deadline.objects.count(), AuditEvent.objects.count())
    response = post_json(client, f"/api/v1/campaigns/{province.campaign_id}/deadlines", payload)
    assert response.status_code == status
    assert response.json()["detail"] != ""
    assert (Deadline.objects.count(), AuditEvent.objects.count()) == before


def test_deadline_create_on_an_unknown_campaign_is_404(province, api_client):
    response = post_json(api_client("vanphong"), "/api/v1/campaigns/987654321/deadlines", NEW_DEADLINE)
    assert response.status_code == 404


# --- submissions -----------------------------------------------------------------------------------------------


def test_submission_create_by_the_clerk_returns_201_and_is_late_after_2021(province, api_client):
    started = timezone.now()
    response = upload(api_client("yenthe"))
    assert response.status_code == 201
    created = response.json()
    submission = Submission.objects.get(deadline=seed_deadline(), unit_id=province.unit_ids["H-YT"])
    assert set(created) == {"id", "unit_id", "version", "status", "late", "submitted_at"}
    assert {key: created[key] for key in ("id", "unit_id", "version", "status", "late")} == {
        "id": submission.pk, "unit_id": province.unit_ids["H-YT"], "version": 1, "status": "submitted",
        "late": True}
    assert started <= parse_time(created["submitted_at"]) <= timezone.now()
    version = submission.versions.get()
    assert (version.document_number, version.document_date, version.signer, version.summary, version.original_name,
            version.size) == ("125/KH-UBND", datetime.date(2021, 9, 20), "Nguyễn Văn An",
                              "Kế hoạch phát động đợt thi đua nước rút", "ke-hoach.pdf", len(PDF_BYTES))


def test_submission_create_stores_the_file_under_a_generated_name(province, api_client, settings):
    assert upload(api_client("yenthe"), file=pdf_upload("Kế hoạch Yên Thế.pdf")).status_code == 201
    files = stored_files(settings)
    assert len(files) == 1
    assert re.fullmatch(rf"submissions/{seed_deadline().pk}/[0-9a-f]{{32}}\.pdf", files[0]), files


def test_submission_create_of_a_non_pdf_named_pdf_is_400_and_writes_nothing(province, api_client, settings):
    client = api_client("yenthe")
    before = (snapshot(), AuditEvent.objects.count())
    response = upload(client, file=pdf_upload("ke-hoach.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert (snapshot(), AuditEvent.objects.count()) == before
    assert stored_files(settings) == []


def test_submission_create_over_the_size_limit_is_400_and_writes_nothing(province, api_client, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024
    before = snapshot()
    response = upload(api_client("yenthe"), file=pdf_upload("lon.pdf", b"%PDF-1.4\n" + b"0" * 2048))
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert snapshot() == before
    assert stored_files(settings) == []


def test_submission_create_just_under_the_size_limit_is_accepted(province, api_client, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024
    response = upload(api_client("yenthe"), file=pdf_upload("vua.pdf", b"%PDF-1.4\n" + b"0" * (1024 - 9)))
    assert response.status_code == 201


def test_submission_create_without_a_file_is_4xx_and_writes_nothing(province, api_client):
    before = snapshot()
    response = upload(api_client("yenthe"), file=False)
    assert response.status_code == 422
    assert response.json()["detail"] != ""
    assert snapshot() == before


@pytest.mark.parametrize(
    "change",
    [{"document_number": ""}, {"signer": "  "}, {"summary": "x" * 501}, {"document_date": "20/09/2021"},
     {"document_date": "2999-01-01"}],
    ids=["no-number", "blank-signer", "long-summary", "bad-date", "future-date"],
)
def test_submission_create_with_bad_fields_is_4xx_and_writes_nothing(province, api_client, settings, change):
    before = snapshot()
    response = upload(api_client("yenthe"), **change)
    assert response.status_code in (400, 422)
    assert response.json()["detail"] != ""
    assert snapshot() == before
    assert stored_files(settings) == []


def test_submission_create_twice_without_a_return_is_400(province, api_client):
    client = api_client("yenthe")
    assert upload(client).status_code == 201
    response = upload(client)
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert snapshot() == (1, 1)


def test_submission_create_after_a_return_is_version_2(province, api_client):
    client = api_client("yenthe")
    first = upload(client).json()
    receive(province, "vanphong", Submission.objects.get(pk=first["id"]), "council_office", "return", "Thiếu dấu")
    response = upload(client, file=pdf_upload("ke-hoach-v2.pdf", b"%PDF-1.7\nv2"))
    assert response.status_code == 201
    assert {key: response.json()[key] for key in ("id", "version", "status")} == {
        "id": first["id"], "version": 2, "status": "submitted"}


def test_submission_detail_lists_versions_newest_first_with_their_receipts(province, api_client):
    first = send(province, "yenthe", at=datetime.datetime(2021, 9, 25, 9, 0, tzinfo=VN))
    submission = first.submission
    receive(province, "hiephoa", submission, "cluster_head", "return", "Sai trích yếu")
    send(province, "yenthe", name="ke-hoach-v2.pdf", content=b"%PDF-1.7\nv2",
         at=datetime.datetime(2021, 10, 1, 0, 0, tzinfo=VN))
    response = api_client("yenthe").get(f"/api/v1/submissions/{submission.pk}")
    assert response.status_code == 200
    data = response.json()
    for version in data["versions"]:
        version["submitted_at"] = parse_time(version["submitted_at"])
        for receipt in version["receipts"]:
            receipt["at"] = parse_time(receipt["at"])
    common = {"document_number": "125/KH-UBND", "document_date": "2021-09-20", "signer": "Nguyễn Văn An",
              "summary": "Kế hoạch phát động đợt thi đua nước rút"}
    assert data == {
        "id": submission.pk, "deadline_id": seed_deadline().pk, "unit_id": province.unit_ids["H-YT"],
        "status": "submitted", "late": False, "latest_version": 2,
        "versions": [
            {"number": 2, **common, "file_name": "ke-hoach-v2.pdf", "size": len(b"%PDF-1.7\nv2"), "late": True,
             "submitted_at": datetime.datetime(2021, 10, 1, 0, 0, tzinfo=VN), "receipts": []},
            {"number": 1, **common, "file_name": "ke-hoach.pdf", "size": len(PDF_BYTES), "late": False,
             "submitted_at": datetime.datetime(2021, 9, 25, 9, 0, tzinfo=VN),
             "receipts": [{"recipient": "cluster_head", "recipient_unit_id": province.unit_ids["H-HH"],
                           "decision": "return", "reason": "Sai trích yếu", "at": Receipt.objects.get().decided_at}]},
        ],
    }


def test_submission_file_returns_the_exact_bytes_with_the_original_name(province, api_client):
    content = b"%PDF-1.5\n" + bytes(range(256)) * 4
    submission = send(province, "yenthe", name="Kế hoạch Yên Thế.pdf", content=content).submission
    response = api_client("yenthe").get(f"/api/v1/submissions/{submission.pk}/file")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert urllib.parse.quote("Kế hoạch Yên Thế.pdf") in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content


def test_submission_file_serves_an_older_version_on_request(province, api_client):
    submission = send(province, "yenthe", name="v1.pdf", content=b"%PDF-1.4\nfirst").submission
    receive(province, "vanphong", submission, "council_office", "return", "Thiếu chữ ký")
    send(province, "yenthe", name="v2.pdf", content=b"%PDF-1.4\nsecond")
    client = api_client("yenthe")
    latest = client.get(f"/api/v1/submissions/{submission.pk}/file")
    older = client.get(f"/api/v1/submissions/{submission.pk}/file?version=1")
    assert ('filename="v2.pdf"' in latest["Content-Disposition"], body(latest)) == (True, b"%PDF-1.4\nsecond")
    assert ('filename="v1.pdf"' in older["Content-Disposition"], body(older)) == (True, b"%PDF-1.4\nfirst")
    assert client.get(f"/api/v1/submissions/{submission.pk}/file?version=3").status_code == 404


# --- the overview ----------------------------------------------------------------------------------------------


def test_deadline_submissions_for_the_office_lists_every_participant_with_statuses(province, api_client):
    yen_the = send(province, "yenthe").submission
    hiep_hoa = send(province, "hiephoa").submission
    receive(province, "vanphong", hiep_hoa, "council_office", "return", "Thiếu dấu")
    rows = api_client("vanphong").get(submissions_url()).json()
    participants = set(ClusterMembership.objects.filter(year=2021).values_list("unit_id", flat=True))
    assert len(rows) == 54
    assert {row["unit_id"] for row in rows} == participants
    assert Counter(row["status"] for row in rows) == {"missing": 52, "submitted": 1, "returned": 1}
    by_unit = {row["unit_id"]: row for row in rows}
    row = by_unit[province.unit_ids["H-YT"]]
    row["submitted_at"] = parse_time(row["submitted_at"])
    assert row == {
        "unit_id": province.unit_ids["H-YT"], "unit_name": "UBND huyện Yên Thế",
        "cluster_id": province.cluster_ids[CLUSTER_1], "status": "submitted", "late": False,
        "submission_id": yen_the.pk, "submitted_at": datetime.datetime(2021, 9, 25, 9, 0, tzinfo=VN),
        "receipts": [{"recipient": "cluster_head", "decision": None, "reason": "", "at": None},
                     {"recipient": "council_office", "decision": None, "reason": "", "at": None}],
    }
    returned = by_unit[province.unit_ids["H-HH"]]
    assert (returned["status"], returned["submission_id"], [(r["decision"], r["reason"]) for r in
                                                            returned["receipts"]]) == (
        "returned", hiep_hoa.pk, [(None, ""), ("return", "Thiếu dấu")])
    missing = by_unit[province.unit_ids["SYT"]]
    assert (missing["status"], missing["late"], missing["submission_id"], missing["submitted_at"]) == (
        "missing", False, None, None)


def test_deadline_submissions_for_the_cluster_head_are_exactly_its_members(province, api_client):
    rows = api_client("hiephoa").get(submissions_url()).json()
    assert {row["unit_id"] for row in rows} == {province.unit_ids[code] for code in CLUSTER_1_CODES}
    assert len(rows) == 5


def test_deadline_submissions_for_a_member_clerk_are_its_own_row(province, api_client):
    rows = api_client("yenthe").get(submissions_url()).json()
    assert [(row["unit_id"], row["unit_name"]) for row in rows] == [(province.unit_ids["H-YT"], "UBND huyện Yên Thế")]


def test_deadline_submissions_for_the_block_head_are_its_six_members(province, api_client):
    rows = api_client("soyte").get(submissions_url()).json()
    assert {row["unit_id"] for row in rows} == {province.unit_ids[code] for code in CULTURE_BLOCK_CODES}
    assert len(rows) == 6


def test_deadline_submissions_of_an_unknown_deadline_is_404(province, api_client):
    response = api_client("vanphong").get("/api/v1/deadlines/987654321/submissions")
    assert (response.status_code, response.json()["detail"] != "") == (404, True)


# --- receipts --------------------------------------------------------------------------------------------------


def receipts_url(submission) -> str:
    return f"/api/v1/submissions/{submission.pk}/receipts"


def test_receipt_by_the_cluster_head_accepting_is_201(province, api_client):
    submission = send(province, "yenthe").submission
    response = post_json(api_client("hiephoa"), receipts_url(submission),
                         {"recipient": "cluster_head", "decision": "accept", "reason": ""})
    assert response.status_code == 201
    data = response.json()
    receipt = Receipt.objects.get()
    at = receipt.decided_at
    assert parse_time(data.pop("at")) == at.replace(microsecond=at.microsecond // 1000 * 1000)  # JSON keeps ms
    assert data == {"id": receipt.pk, "recipient": "cluster_head", "decision": "accept", "reason": "",
                    "submission_status": "submitted"}
    assert (receipt.recipient_unit_id, receipt.decided_by.username) == (province.unit_ids["H-HH"], "hiephoa")


@pytest.mark.parametrize("kind", ["cluster_head", "council_office"])
@pytest.mark.parametrize("decision", ["accept", "return"])
def test_receipt_by_the_sending_clerk_is_403(province, api_client, kind, decision):
    submission = send(province, "yenthe").submission
    response = post_json(api_client("yenthe"), receipts_url(submission),
                         {"recipient": kind, "decision": decision, "reason": "Tự trả lại"})
    assert response.status_code == 403
    assert response.json()["detail"] != ""
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_receipt_return_without_a_reason_is_400_and_writes_nothing(province, api_client, reason):
    submission = send(province, "yenthe").submission
    client = api_client("vanphong")
    before = (Receipt.objects.count(), AuditEvent.objects.count())
    response = post_json(client, receipts_url(submission),
                         {"recipient": "council_office", "decision": "return", "reason": reason})
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert (Receipt.objects.count(), AuditEvent.objects.count()) == before
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


@pytest.mark.parametrize(
    "payload",
    [{"recipient": "council_office", "decision": "maybe"}, {"recipient": "chairman", "decision": "accept"},
     {"decision": "accept"}],
    ids=["unknown-decision", "unknown-recipient", "no-recipient"],
)
def test_receipt_with_bad_input_is_422(province, api_client, payload):
    submission = send(province, "yenthe").submission
    response = post_json(api_client("vanphong"), receipts_url(submission), payload)
    assert (response.status_code, response.json()["detail"] != "") == (422, True)
    assert Receipt.objects.count() == 0


def test_receipt_by_both_recipients_makes_the_submission_accepted(province, api_client):
    submission = send(province, "yenthe").submission
    head = post_json(api_client("hiephoa"), receipts_url(submission),
                     {"recipient": "cluster_head", "decision": "accept"})
    office = post_json(api_client("vanphong"), receipts_url(submission),
                       {"recipient": "council_office", "decision": "accept"})
    assert (head.status_code, head.json()["submission_status"]) == (201, "submitted")
    assert (office.status_code, office.json()["submission_status"]) == (201, "accepted")
    detail = api_client("yenthe").get(f"/api/v1/submissions/{submission.pk}").json()
    assert (detail["status"], [(r["recipient"], r["decision"]) for r in detail["versions"][0]["receipts"]]) == (
        "accepted", [("cluster_head", "accept"), ("council_office", "accept")])
    row = next(r for r in api_client("vanphong").get(submissions_url()).json()
               if r["unit_id"] == province.unit_ids["H-YT"])
    assert (row["status"], [r["decision"] for r in row["receipts"]]) == ("accepted", ["accept", "accept"])


def test_receipt_recorded_twice_by_the_same_recipient_is_400(province, api_client):
    submission = send(province, "yenthe").submission
    client = api_client("vanphong")
    assert post_json(client, receipts_url(submission), {"recipient": "council_office", "decision": "accept"}
                     ).status_code == 201
    response = post_json(client, receipts_url(submission),
                         {"recipient": "council_office", "decision": "return", "reason": "Đổi ý"})
    assert response.status_code == 400
    assert list(Receipt.objects.values_list("decision", flat=True)) == ["accept"]


# --- the consolidated report -----------------------------------------------------------------------------------


def report_url(extension: str) -> str:
    return f"/api/v1/deadlines/{seed_deadline().pk}/report.{extension}"


@pytest.mark.parametrize("username", ["vanphong", "chutich"])
def test_report_docx_for_the_office_and_leadership_opens_with_python_docx(province, api_client, username):
    send(province, "yenthe")
    response = api_client(username).get(report_url("docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-vb-phat-dong.docx"'
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Văn bản phát động đợt thi đua “nước rút”" in text


def test_report_xlsx_for_the_office_opens_with_openpyxl_and_lists_every_unit(province, api_client):
    send(province, "yenthe")
    response = api_client("vanphong").get(report_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-vb-phat-dong.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = {cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row if cell}
    participants = set(ClusterMembership.objects.filter(year=2021).values_list("unit__name", flat=True))
    assert participants <= cells


def test_report_xlsx_has_one_column_per_recipient_with_each_units_receipt_under_it(province, api_client):
    """The receipt columns are the deadline's two recipients (not one column per head unit), and a receipt by the
    sender's cluster head shows under the cluster-head column."""
    submission = send(province, "yenthe").submission
    receive(province, "hiephoa", submission, "cluster_head", "accept")
    workbook = openpyxl.load_workbook(io.BytesIO(api_client("vanphong").get(report_url("xlsx")).content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "STT")
    recipients = [str(r) for r in seed_deadline().recipients.order_by("id")]
    assert [cell for cell in header if cell][7:] == recipients
    yen_the = next(row for row in rows if row[1] == "UBND huyện Yên Thế")
    accepted_on = timezone.localtime(Receipt.objects.get().decided_at).strftime("%d/%m/%Y")
    assert (yen_the[3], yen_the[7], yen_the[8]) == ("Đã gửi", f"Tiếp nhận {accepted_on}", None)


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "thanhvien"])
def test_report_for_anyone_but_the_office_and_leadership_is_403(province, api_client, extension, username):
    response = api_client(username).get(report_url(extension))
    assert response.status_code == 403
    assert response.json()["detail"] != ""

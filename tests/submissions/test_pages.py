"""The deadline overview, the submit page and the submission page, and their query counts at scale."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.support import count_queries, grow, signed_in
from thidua.campaigns.models import Participation, Receipt, Recipient, Submission, SubmissionVersion
from thidua.campaigns.selectors import deadline_participant_ids
from thidua.core.models import AuditEvent
from thidua.org.models import Cluster, ClusterMembership, Unit

from .helpers import FORM, XLSX_TYPE, pdf_upload, receive, seed_deadline, send, snapshot, stored_files

NOT_A_DOCUMENT = ("The file is not a PDF, a DOCX or a scanned image (JPEG, PNG, TIFF), whatever its name says.")


def overview_url(query: str = "") -> str:
    return f"/campaigns/deadlines/{seed_deadline().pk}/{query}"


def row_units(html: str) -> set[int]:
    return {int(unit_id) for unit_id in re.findall(r'<tr data-unit="(\d+)"', html)}


def stat_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="num">(\d+)</span>', html)]


def participants() -> set[int]:
    return set(ClusterMembership.objects.filter(year=2021).values_list("unit_id", flat=True))


@pytest.fixture
def two_sent(province):
    """Yên Thế has sent (awaiting receipt); Hiệp Hòa has sent and the office returned it."""
    yen_the = send(province, "yenthe").submission
    hiep_hoa = send(province, "hiephoa").submission
    receive(province, "vanphong", hiep_hoa, "council_office", "return", "Thiếu dấu")
    return yen_the, hiep_hoa


# --- the overview ----------------------------------------------------------------------------------------------


def test_overview_for_the_office_shows_the_counts_and_every_unit(province, two_sent):
    response = signed_in("vanphong").get(overview_url())
    assert response.status_code == 200
    html = response.content.decode()
    # total, missing, submitted, accepted, returned, late (past 30/9/2021 without an accepted document: all 54)
    assert stat_numbers(html) == [54, 52, 1, 0, 1, 54]
    assert row_units(html) == participants()
    for name in Unit.objects.filter(pk__in=participants()).values_list("name", flat=True):
        assert escape(name) in html, name
    assert f'href="/campaigns/submissions/{two_sent[0].pk}/"' in html


def test_overview_filtered_by_status_missing_lists_only_the_missing(province, two_sent):
    html = signed_in("vanphong").get(overview_url("?status=missing")).content.decode()
    assert row_units(html) == participants() - {province.unit_ids["H-YT"], province.unit_ids["H-HH"]}


def test_overview_filtered_by_status_returned_lists_hiep_hoa(province, two_sent):
    html = signed_in("vanphong").get(overview_url("?status=returned")).content.decode()
    assert row_units(html) == {province.unit_ids["H-HH"]}


@pytest.mark.parametrize("q", ["yen the", "YÊN THẾ", "Yên Thế", "yên  the"])
def test_overview_search_is_diacritics_insensitive(province, q):
    html = signed_in("vanphong").get(overview_url(), {"q": q}).content.decode()
    assert row_units(html) == {province.unit_ids["H-YT"]}


def test_overview_search_with_d_finds_dj(province):
    html = signed_in("vanphong").get(overview_url(), {"q": "dai phat thanh"}).content.decode()
    assert row_units(html) == {province.unit_ids["DAI-PTTH"]}


def test_overview_search_and_status_combine(province, two_sent):
    client = signed_in("vanphong")
    assert row_units(client.get(overview_url(), {"q": "yen the", "status": "submitted"}).content.decode()) == {
        province.unit_ids["H-YT"]}
    assert row_units(client.get(overview_url(), {"q": "yen the", "status": "missing"}).content.decode()) == set()


def test_overview_htmx_request_returns_only_the_table_fragment(province, two_sent):
    response = signed_in("vanphong").get(overview_url("?status=returned"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="overview-table"' in html
    assert "<html" not in html and 'class="stats"' not in html and "<form" not in html
    assert row_units(html) == {province.unit_ids["H-HH"]}


def test_overview_for_the_cluster_head_shows_its_members(province):
    html = signed_in("hiephoa").get(overview_url()).content.decode()
    assert row_units(html) == {province.unit_ids[c] for c in ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]}
    assert stat_numbers(html)[0] == 5


def test_overview_for_a_clerk_shows_its_own_row_and_the_send_button(province):
    html = signed_in("yenthe").get(overview_url()).content.decode()
    assert row_units(html) == {province.unit_ids["H-YT"]}
    assert f'href="/campaigns/deadlines/{seed_deadline().pk}/submit/?unit={province.unit_ids["H-YT"]}"' in html


def test_overview_report_buttons_are_shown_only_to_the_office(province):
    report = f'action="/campaigns/deadlines/{seed_deadline().pk}/report/"'
    assert report in signed_in("vanphong").get(overview_url()).content.decode()
    assert report not in signed_in("yenthe").get(overview_url()).content.decode()


def test_overview_of_an_unknown_deadline_is_404(province):
    assert signed_in("vanphong").get("/campaigns/deadlines/987654321/").status_code == 404


def xlsx_names(response) -> set[str]:
    """The unit names in the table's "Đơn vị" column (the rows under the header that starts with "STT")."""
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "STT") + 1
    return {row[1] for row in rows[start:] if row[1]}


def test_export_xlsx_lists_every_unit(province, two_sent):
    response = signed_in("vanphong").get(overview_url("export.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-vb-phat-dong.xlsx"'
    names = set(Unit.objects.filter(pk__in=participants()).values_list("name", flat=True))
    assert xlsx_names(response) == names


def test_export_xlsx_follows_the_pages_filters(province, two_sent):
    names = xlsx_names(signed_in("vanphong").get(overview_url("export.xlsx?status=missing")))
    assert "UBND huyện Sơn Động" in names
    assert {"UBND huyện Yên Thế", "UBND huyện Hiệp Hòa"} & names == set()


def test_export_xlsx_for_a_clerk_holds_only_its_own_unit(province):
    names = xlsx_names(signed_in("yenthe").get(overview_url("export.xlsx")))
    assert "UBND huyện Yên Thế" in names
    assert {"UBND huyện Hiệp Hòa", "Sở Y tế"} & names == set()


# --- the submit page -------------------------------------------------------------------------------------------


def submit_url() -> str:
    return f"/campaigns/deadlines/{seed_deadline().pk}/submit/"


def test_submit_page_for_the_clerk_shows_the_form(province):
    response = signed_in("yenthe").get(submit_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    assert "UBND huyện Yên Thế" in html


def test_submit_page_with_a_valid_pdf_redirects_to_the_submission(province):
    response = signed_in("yenthe").post(submit_url(), {**FORM, "file": pdf_upload()})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/submissions/{submission.pk}/"
    assert (submission.unit_id, submission.status, submission.versions.get().original_name) == (
        province.unit_ids["H-YT"], "submitted", "ke-hoach.pdf")


def test_submit_page_with_a_bad_file_is_400_with_the_vietnamese_message_and_writes_nothing(province, settings):
    with translation.override("vi"):
        message = gettext(NOT_A_DOCUMENT)
    assert message != NOT_A_DOCUMENT, "the message has no Vietnamese translation"
    client = signed_in("yenthe")
    before = (snapshot(), AuditEvent.objects.count())
    response = client.post(submit_url(), {**FORM, "file": pdf_upload("ke-hoach.pdf", b"MZ\x90\x00 executable")})
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert (snapshot(), AuditEvent.objects.count()) == before
    assert stored_files(settings) == []


def test_submit_page_with_a_missing_field_is_400_and_writes_nothing(province):
    response = signed_in("yenthe").post(submit_url(), {**FORM, "signer": "", "file": pdf_upload()})
    assert response.status_code == 400
    assert snapshot() == (0, 0)


def test_submit_page_for_the_office_is_403(province):
    assert signed_in("vanphong").get(submit_url()).status_code == 403


# --- the submission page ---------------------------------------------------------------------------------------


def receipt_forms(username: str, submission) -> list[int]:
    """The recipient ids of the accept/return forms the user is offered on the submission page."""
    html = signed_in(username).get(f"/campaigns/submissions/{submission.pk}/").content.decode()
    forms = html.split('class="card form receipt-form"')[1:]
    return [int(re.search(r'name="recipient" value="(\d+)"', form).group(1)) for form in forms]


def test_submission_page_offers_the_receipt_form_only_to_pending_recipients(province):
    submission = send(province, "yenthe").submission
    head, office = (seed_deadline().recipients.get(kind=kind).pk for kind in ("cluster_head", "council_office"))
    assert {u: receipt_forms(u, submission) for u in ["hiephoa", "vanphong", "yenthe", "chutich"]} == {
        "hiephoa": [head], "vanphong": [office], "yenthe": [], "chutich": []}
    receive(province, "hiephoa", submission, "cluster_head")
    assert (receipt_forms("hiephoa", submission), receipt_forms("vanphong", submission)) == ([], [office])
    receive(province, "vanphong", submission, "council_office")
    assert receipt_forms("vanphong", submission) == []


def test_submission_page_shows_the_return_reason_and_the_resubmit_link_to_the_clerk(province):
    submission = send(province, "yenthe").submission
    receive(province, "hiephoa", submission, "cluster_head", "return", "Sai trích yếu & thiếu dấu")
    html = signed_in("yenthe").get(f"/campaigns/submissions/{submission.pk}/").content.decode()
    assert escape("Sai trích yếu & thiếu dấu") in html
    assert f'href="{submit_url()}?unit={province.unit_ids["H-YT"]}"' in html


def test_receipt_page_return_without_a_reason_redirects_with_an_error_and_writes_nothing(province):
    submission = send(province, "yenthe").submission
    office = seed_deadline().recipients.get(kind="council_office")
    client = signed_in("vanphong")
    before = (Receipt.objects.count(), AuditEvent.objects.count())
    response = client.post(f"/campaigns/submissions/{submission.pk}/receipts/",
                           {"recipient": office.pk, "decision": "return", "reason": "  "})
    assert (response.status_code, response["Location"]) == (302, f"/campaigns/submissions/{submission.pk}/")
    assert (Receipt.objects.count(), AuditEvent.objects.count()) == before
    with translation.override("vi"):
        message = gettext("A return needs a reason.")
    assert escape(message) in client.get(response["Location"]).content.decode()
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_receipt_page_accept_by_the_cluster_head_is_recorded(province):
    submission = send(province, "yenthe").submission
    head = seed_deadline().recipients.get(kind="cluster_head")
    response = signed_in("hiephoa").post(f"/campaigns/submissions/{submission.pk}/receipts/",
                                         {"recipient": head.pk, "decision": "accept"})
    assert response.status_code == 302
    assert list(Receipt.objects.values_list("recipient_id", "decision", "decided_by__username")) == [
        (head.pk, "accept", "hiephoa")]


def test_receipt_page_for_a_recipient_of_another_deadline_is_404(province):
    submission = send(province, "yenthe").submission
    other = Recipient.objects.exclude(deadline=seed_deadline()).first()
    recipient_id = other.pk if other else 987654321
    response = signed_in("vanphong").post(f"/campaigns/submissions/{submission.pk}/receipts/",
                                          {"recipient": recipient_id, "decision": "accept"})
    assert response.status_code == 404
    assert Receipt.objects.count() == 0


def test_receipt_page_get_goes_back_to_the_submission_and_records_nothing(province):
    submission = send(province, "yenthe").submission
    response = signed_in("vanphong").get(f"/campaigns/submissions/{submission.pk}/receipts/")
    assert (response.status_code, response["Location"]) == (302, f"/campaigns/submissions/{submission.pk}/")
    assert Receipt.objects.count() == 0


# --- query counts ----------------------------------------------------------------------------------------------


def add_submissions_for_most_participants(province) -> int:
    """Make the grown clusters take part in the seed campaign and give most participants a submission, a version
    and receipts (in bulk); return the number of participants."""
    deadline = seed_deadline()
    Participation.objects.bulk_create([
        Participation(campaign_id=province.campaign_id, cluster=cluster)
        for cluster in Cluster.objects.filter(name__startswith="Cụm tăng trưởng")
    ])
    wanted = sorted(deadline_participant_ids(deadline) - set(
        Submission.objects.filter(deadline=deadline).values_list("unit_id", flat=True)))
    at = datetime.datetime(2021, 9, 28, 8, 0, tzinfo=datetime.UTC)
    statuses = ["submitted", "accepted", "returned"]
    Submission.objects.bulk_create([
        Submission(deadline=deadline, unit_id=unit_id, status=statuses[i % 3], latest_version=1,
                   first_submitted_at=at, late=bool(i % 2))
        for i, unit_id in enumerate(wanted) if i % 5  # every fifth unit stays missing
    ])
    submissions = list(Submission.objects.filter(deadline=deadline, versions__isnull=True))
    SubmissionVersion.objects.bulk_create([
        SubmissionVersion(submission=s, number=1, document_number=f"{s.unit_id}/KH", document_date=at.date(),
                          signer="Người ký", summary="Kế hoạch", file=f"submissions/{deadline.pk}/{s.pk}.pdf",
                          original_name="ke-hoach.pdf", extension="pdf", content_type="application/pdf", size=10,
                          sha256="0" * 64, submitted_at=at, late=s.late)
        for s in submissions
    ])
    head, office = (deadline.recipients.get(kind=kind) for kind in ("cluster_head", "council_office"))
    decisions = {"submitted": [(head, "accept", "")], "accepted": [(head, "accept", ""), (office, "accept", "")],
                 "returned": [(office, "return", "Thiếu dấu")]}
    Receipt.objects.bulk_create([
        Receipt(version=version, recipient=recipient, decision=decision, reason=reason, decided_at=timezone.now())
        for version in SubmissionVersion.objects.filter(submission__in=submissions).select_related("submission")
        for recipient, decision, reason in decisions[version.submission.status]
    ])
    return len(deadline_participant_ids(deadline))


@pytest.mark.parametrize("username", ["vanphong", "hiephoa"])
def test_overview_page_query_count_does_not_grow_with_the_data(province, two_sent, username):
    client = signed_in(username)
    on_the_demo = count_queries(client, overview_url())
    grow(province, factor=10)
    assert add_submissions_for_most_participants(province) == 54 + 10 * 8 * 5
    assert Submission.objects.count() == 2 + 452 - 91  # the two sent, then all but every fifth of the rest
    assert count_queries(client, overview_url()) == on_the_demo


@pytest.mark.parametrize("username", ["vanphong", "hiephoa"])
def test_overview_api_query_count_does_not_grow_with_the_data(province, api_client, two_sent, username):
    client = api_client(username)
    url = f"/api/v1/deadlines/{seed_deadline().pk}/submissions"
    on_the_demo = count_queries(client, url)
    grow(province, factor=10)
    add_submissions_for_most_participants(province)
    assert count_queries(client, url) == on_the_demo
    if username == "vanphong":
        rows = client.get(url).json()
        assert (len(rows), sum(row["status"] == "missing" for row in rows)) == (
            454, 454 - Submission.objects.count())

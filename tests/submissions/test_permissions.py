"""Attacker tests: a unit's submission and its file are seen only by the unit, its receivers and the office.

What a user may not see is a 404, as if it did not exist, through the API and the pages alike.
"""

import json

import pytest

from tests.support import signed_in
from thidua.campaigns.models import Receipt, Submission

from .helpers import FORM, body, make_clerk, pdf_upload, seed_deadline, send, snapshot

#: Ids an attacker walks through, whatever the database's sequences stand at.
WALK = range(1, 21)


def api_urls(submission_id: int) -> list[str]:
    return [f"/api/v1/submissions/{submission_id}", f"/api/v1/submissions/{submission_id}/file"]


def page_urls(submission_id: int) -> list[str]:
    return [f"/campaigns/submissions/{submission_id}/", f"/campaigns/submissions/{submission_id}/versions/1/file"]


def readable(client, urls) -> set[str]:
    found = set()
    for url in urls:
        response = client.get(url)
        body(response)
        assert response.status_code in (200, 404), (url, response.status_code)
        if response.status_code == 200:
            found.add(url)
    return found


@pytest.fixture
def sent(province) -> dict[str, int]:
    """Submissions of Yên Thế, Hiệp Hòa and Sở Y tế: unit code → submission id."""
    return {unit: send(province, username).submission_id
            for username, unit in [("yenthe", "H-YT"), ("hiephoa", "H-HH"), ("soyte", "SYT")]}


# --- Yên Thế's clerk against Sở Y tế ---------------------------------------------------------------------------


def test_clerk_cannot_read_another_units_submission_or_file_through_the_api(province, api_client, sent):
    client = api_client("yenthe")
    for url in api_urls(sent["SYT"]):
        response = client.get(url)
        assert (response.status_code, response.json()["detail"] != "") == (404, True), url


def test_clerk_cannot_read_another_units_submission_or_file_through_the_pages(province, sent):
    client = signed_in("yenthe")
    for url in page_urls(sent["SYT"]):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sở Y tế" not in response.content.decode(), url


def test_clerk_hidden_answer_equals_a_missing_submission(province, api_client, sent):
    client = api_client("yenthe")
    hidden = client.get(f"/api/v1/submissions/{sent['SYT']}")
    missing = client.get("/api/v1/submissions/987654321")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_clerk_walking_through_submission_ids_reads_only_its_own_through_the_api(province, api_client, sent):
    client = api_client("yenthe")
    ids = set(WALK) | set(Submission.objects.values_list("pk", flat=True))
    found = readable(client, [url for i in sorted(ids) for url in api_urls(i)])
    assert found == set(api_urls(sent["H-YT"]))


def test_clerk_walking_through_submission_ids_reads_only_its_own_through_the_pages(province, sent):
    client = signed_in("yenthe")
    ids = set(WALK) | set(Submission.objects.values_list("pk", flat=True))
    found = readable(client, [url for i in sorted(ids) for url in page_urls(i)])
    assert found == set(page_urls(sent["H-YT"]))


# --- the cluster head ------------------------------------------------------------------------------------------


def test_cluster_head_reads_a_members_submission_and_file(province, api_client, sent):
    client = api_client("hiephoa")
    assert [client.get(url).status_code for url in api_urls(sent["H-YT"])] == [200, 200]
    assert [signed_in("hiephoa").get(url).status_code for url in page_urls(sent["H-YT"])] == [200, 200]


def test_cluster_head_cannot_read_a_submission_outside_its_cluster(province, api_client, sent):
    client = api_client("hiephoa")
    assert [client.get(url).status_code for url in api_urls(sent["SYT"])] == [404, 404]
    assert [signed_in("hiephoa").get(url).status_code for url in page_urls(sent["SYT"])] == [404, 404]


def test_cluster_head_walking_through_ids_reads_its_members_and_its_own(province, api_client, sent):
    client = api_client("hiephoa")
    ids = set(WALK) | set(Submission.objects.values_list("pk", flat=True))
    found = {url for url in readable(client, [f"/api/v1/submissions/{i}" for i in sorted(ids)])}
    assert found == {f"/api/v1/submissions/{sent['H-YT']}", f"/api/v1/submissions/{sent['H-HH']}"}


@pytest.mark.parametrize("username", ["vanphong", "chutich"])
def test_office_and_leadership_read_every_submission(province, api_client, sent, username):
    client = api_client(username)
    assert sorted(client.get(f"/api/v1/submissions/{i}").json()["unit_id"] for i in sent.values()) == sorted(
        province.unit_ids[code] for code in sent)


# --- a council member ------------------------------------------------------------------------------------------


def test_council_member_cannot_submit(province, api_client):
    response = api_client("thanhvien").post(f"/api/v1/deadlines/{seed_deadline().pk}/submissions",
                                            data={**FORM, "file": pdf_upload()})
    assert response.status_code == 403
    assert response.json()["detail"] != ""
    assert snapshot() == (0, 0)


def test_council_member_cannot_open_the_submit_page(province):
    assert signed_in("thanhvien").get(f"/campaigns/deadlines/{seed_deadline().pk}/submit/").status_code == 403


def test_council_member_sees_no_rows_in_the_overview(province, api_client, sent):
    """A council member is not a unit's staff: the Sở Nội vụ seat does not make them the block's deputy."""
    assert api_client("thanhvien").get(f"/api/v1/deadlines/{seed_deadline().pk}/submissions").json() == []


def test_council_member_cannot_receive_for_the_block_deputy(province, api_client):
    """Văn phòng UBND heads the "Khối các cơ quan tổng hợp", so its document goes to the deputy, Sở Nội vụ; a council
    member seated at Sở Nội vụ is not the unit's clerk and cannot accept it on the unit's behalf."""
    head = make_clerk(province, "vpubnd", "VP-UBND")
    submission = send(province, head.username, unit="VP-UBND").submission
    client = api_client("thanhvien")
    assert client.get(f"/api/v1/submissions/{submission.pk}").status_code == 404
    response = client.post(f"/api/v1/submissions/{submission.pk}/receipts",
                                            data=json.dumps({"recipient": "cluster_head", "decision": "accept"}),
                                            content_type="application/json")
    assert response.status_code in (403, 404)
    assert Receipt.objects.count() == 0


# --- receipts on what one cannot see ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cluster_head", "council_office"])
def test_clerk_recording_a_receipt_on_a_hidden_submission_is_404(province, api_client, sent, kind):
    for username, target in [("yenthe", "SYT"), ("hiephoa", "SYT"), ("soyte", "H-YT")]:
        response = api_client(username).post(f"/api/v1/submissions/{sent[target]}/receipts",
                                             data=json.dumps({"recipient": kind, "decision": "accept"}),
                                             content_type="application/json")
        assert response.status_code == 404, (username, target)
    assert Receipt.objects.count() == 0


def test_clerk_posting_the_receipt_page_of_a_hidden_submission_is_404(province, sent):
    recipient = seed_deadline().recipients.get(kind="cluster_head")
    response = signed_in("yenthe").post(f"/campaigns/submissions/{sent['SYT']}/receipts/",
                                        {"recipient": recipient.pk, "decision": "accept"})
    assert response.status_code == 404
    assert Receipt.objects.count() == 0


# --- the deputy receives the head's own document ---------------------------------------------------------------


@pytest.fixture
def deputy(province):
    """A clerk for UBND huyện Tân Yên, the deputy of Cụm thi đua số 1 (the demo has no user there)."""
    return make_clerk(province, "tanyen", "H-TY")


def test_deputy_reads_the_heads_own_submission_and_the_members_but_not_other_clusters(
        province, api_client, sent, deputy):
    """The deputy stands in for the head: it follows its cluster's documents, as its overview lists them."""
    client = api_client("tanyen")
    assert client.get(f"/api/v1/submissions/{sent['H-HH']}").status_code == 200
    assert client.get(f"/api/v1/submissions/{sent['H-YT']}").status_code == 200
    assert client.get(f"/api/v1/submissions/{sent['SYT']}").status_code == 404


def test_deputy_accepts_the_heads_own_submission_as_cluster_head(province, api_client, sent, deputy):
    response = api_client("tanyen").post(f"/api/v1/submissions/{sent['H-HH']}/receipts",
                                         data=json.dumps({"recipient": "cluster_head", "decision": "accept"}),
                                         content_type="application/json")
    assert response.status_code == 201
    receipt = Receipt.objects.get()
    assert (receipt.recipient.kind, receipt.recipient_unit_id, receipt.decided_by_id) == (
        "cluster_head", province.unit_ids["H-TY"], deputy.pk)


def test_head_cannot_accept_its_own_submission_as_cluster_head(province, api_client, sent, deputy):
    response = api_client("hiephoa").post(f"/api/v1/submissions/{sent['H-HH']}/receipts",
                                          data=json.dumps({"recipient": "cluster_head", "decision": "accept"}),
                                          content_type="application/json")
    assert response.status_code == 403
    assert Receipt.objects.count() == 0


def test_deputy_cannot_receive_a_members_submission(province, api_client, sent, deputy):
    response = api_client("tanyen").post(f"/api/v1/submissions/{sent['H-YT']}/receipts",
                                         data=json.dumps({"recipient": "cluster_head", "decision": "accept"}),
                                         content_type="application/json")
    assert response.status_code == 403
    assert Receipt.objects.count() == 0


def test_heads_own_submission_is_shown_with_the_deputy_as_receiver(province, api_client, sent, deputy):
    rows = api_client("vanphong").get(f"/api/v1/deadlines/{seed_deadline().pk}/submissions").json()
    assert {row["unit_id"]: row["submission_id"] for row in rows if row["submission_id"]} == {
        province.unit_ids[code]: submission_id for code, submission_id in sent.items()}
    page = signed_in("tanyen").get(f"/campaigns/submissions/{sent['H-HH']}/").content.decode()
    assert page.count("receipt-form") == 1
    assert "UBND huyện Tân Yên" in page

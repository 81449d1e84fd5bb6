"""End-to-end: each role starts on its desk (the home page), follows the desk's link to a waiting task, finishes it,
and finds the desk again with one item fewer.

- a unit clerk (``hiephoa``) sends the launch document its unit still owes;
- the head of Cụm thi đua số 1 (``hiephoa`` again, in that role) accepts a member's document;
- the council office (``vanphong``) receives a unit's document;
- the Chairman (``chutich``) signs a decision;
- a council member (``thanhvien``) casts a secret ballot.

Where the demo holds no such work, the test makes it through the services first. Each desk is checked with
``check_page`` (screenshots at 1366 and 390 px, no sideways scroll, axe-core). Elements are found by id, URL and
data attributes, not by interface text.
"""

from __future__ import annotations

import datetime
import re

import pytest

from tests.e2e.conftest import click_and_confirm, expect, settle
from tests.e2e.pagecheck import check_page

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" \
      b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


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
    document = tmp_path / "ke-hoach-hiep-hoa.pdf"
    document.write_bytes(PDF)
    page.locator("#id_document_number").fill("88/KH-UBND")
    page.locator("#id_document_date").fill("2021-09-20")
    page.locator("#id_signer").fill("Nguyễn Văn Bình")
    page.locator("#id_summary").fill("Kế hoạch phát động đợt thi đua của huyện Hiệp Hòa")
    page.set_input_files("#id_file", str(document))
    _post(page, page.locator("form.form [type=submit]"))
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

"""A decision's way to its signature and its issue (``awards/signing.py``): prepared by the office, signed by the
Chairman or a Vice-Chairman he authorised, or sent back with a note; only a signed decision is issued, numbered from
its issuer's book (the province's, or the unit's own), and only then do its awards enter the registry. A unit's own
decision is its staff's and its head's, never the province's. A decision signed on paper needs its scan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    YEAR,
    dossier,
    english,
    last_event,
    move,
    new_person,
    nominate,
)
from tests.awards.test_routes import appraised, staff, unit_under
from thidua.accounts.models import User
from thidua.awards import services, signing
from thidua.awards.models import Award, Decision, NominationItem, Signatory
from thidua.core.models import Notification

pytestmark = pytest.mark.usefixtures("english")
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Desk:
    """The Chairman (signs in his own name) and a Vice-Chairman he authorised; a department directly under the
    province with its clerk and its head; an approved dossier of two Bằng khen (the Chairman's route) and an
    approved dossier of the department's own Lao động tiên tiến (the unit's route)."""

    def __init__(self, province):
        self.office = province.user("vanphong")
        people_committee = province.unit("UBND-BG")
        self.chairman = User.objects.create(username="chutich-thu", first_name="Lê Văn", last_name="Chủ")
        self.vice = User.objects.create(username="phochutich-thu", first_name="Ngô Thị", last_name="Phó")
        Signatory.objects.create(unit=people_committee, user=self.chairman, title="CHỦ TỊCH", principal=True)
        Signatory.objects.create(unit=people_committee, user=self.vice, title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                                 principal=False, authorised_by="Quyết định ủy quyền số 12/QĐ-UBND")
        self.unit = unit_under(people_committee, "SO-THU", "Sở Thử nghiệm")
        self.clerk = staff("canbo-thu", "unit_clerk", self.unit)
        self.head = staff("giamdoc-thu", "unit_head", self.unit)
        self.nomination = dossier(self.unit)
        self.first = nominate(self.nomination, "BK_CN", person=new_person("Nguyễn Văn An", self.unit))
        self.second = nominate(self.nomination, "BK_CN", person=new_person("Trần Thị Bình", self.unit))
        appraised(self.nomination, self.office, by=self.office)
        move(self.nomination, "approved", by=self.office)
        self.own = dossier(self.unit)
        self.ldtt = nominate(self.own, "LDTT", person=new_person("Lê Văn Cường", self.unit))
        appraised(self.own, self.clerk, by=self.clerk)  # the unit's own titles: its clerk handles them
        move(self.own, "approved", by=self.clerk)

    def prepare(self, *items, symbol: str = "QĐ-UBND") -> Decision:
        return signing.decision_prepare(by=self.office, item_ids=[i.pk for i in items], symbol=symbol)

    def signed(self, *items) -> Decision:
        return signing.decision_sign(by=self.chairman, decision=self.prepare(*items))


@pytest.fixture
def desk(province):
    return Desk(province)


def province_book(year: int) -> int:
    """The highest number the province's book holds for ``year`` (0 when none)."""
    numbers = Decision.objects.filter(issuer_unit__isnull=True, signed_on__year=year).exclude(number="") \
        .values_list("number", flat=True)
    return max((int(n) for n in numbers if n.isdigit()), default=0)


def test_a_prepared_decision_awaits_the_signature_and_grants_nothing_yet(desk):
    decision = desk.prepare(desk.first)
    assert (decision.status, decision.issuer_unit, decision.year, decision.number, decision.signed_on) == (
        "awaiting_signature", None, YEAR, "", None)
    assert decision.issuing_authority == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert NominationItem.objects.get(pk=desk.first.pk).decision_id == decision.pk
    assert not Award.objects.filter(nomination_item=desk.first).exists()
    assert last_event("awards.decision.prepared").data == {"items": [desk.first.pk], "issuer": None,
                                                          "symbol": "QĐ-UBND"}
    with pytest.raises(ValidationError) as excinfo:  # a nominee is in one decision at a time
        desk.prepare(desk.first, desk.second)
    assert str(desk.first.pk) in excinfo.value.message_dict["item_ids"][0]


def test_a_decision_is_not_issued_without_the_chairmans_signature(desk):
    decision = desk.prepare(desk.first)
    with pytest.raises(ValidationError) as excinfo:
        signing.decision_issue(by=desk.office, decision=decision)
    assert excinfo.value.messages == ["A decision is issued only once it is signed."]
    decision.refresh_from_db()
    assert (decision.status, decision.number) == ("awaiting_signature", "")
    assert not Award.objects.filter(nomination_item=desk.first).exists()


def test_only_the_chairman_or_an_authorised_vice_chairman_signs(province, desk):
    decision = desk.prepare(desk.first)
    for user in (desk.office, province.user("hiephoa"), desk.head, desk.clerk):
        assert not signing.may_sign(user, decision)
        with pytest.raises(PermissionDenied):
            signing.decision_sign(by=user, decision=decision)
    decision.refresh_from_db()
    assert decision.status == "awaiting_signature"
    signing.decision_sign(by=desk.chairman, decision=decision)
    decision.refresh_from_db()
    assert (decision.status, decision.signed_by, decision.signer_name, decision.signer_title) == (
        "signed", desk.chairman, "Lê Văn Chủ", "CHỦ TỊCH")
    assert decision.signed_at is not None
    assert last_event("awards.decision.signed").data == {"signer": "Lê Văn Chủ", "title": "CHỦ TỊCH",
                                                         "principal": True}
    assert not Award.objects.filter(nomination_item=desk.first).exists()  # signed is not issued
    with pytest.raises(ValidationError):
        signing.decision_sign(by=desk.chairman, decision=decision)


def test_a_vice_chairman_signs_on_behalf_of_the_chairman(desk):
    decision = signing.decision_sign(by=desk.vice, decision=desk.prepare(desk.first))
    assert (decision.signer_name, decision.signer_title) == ("Ngô Thị Phó", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert last_event("awards.decision.signed").data["principal"] is False


def test_issuing_numbers_from_the_issuers_book_and_enters_the_awards(desk):
    year = timezone.localdate().year
    base = province_book(year)
    first = desk.signed(desk.first)
    with pytest.raises(PermissionDenied):  # the office issues the province's decisions, not a clerk
        signing.decision_issue(by=desk.clerk, decision=first)
    first = signing.decision_issue(by=desk.office, decision=first)
    assert (first.status, first.number, first.signed_on) == ("issued", str(base + 1), timezone.localdate())
    awards = list(Award.objects.filter(decision=first))
    assert [(a.nomination_item_id, a.decision_reference, a.recipient_name) for a in awards] == [
        (desk.first.pk, f"{base + 1}/QĐ-UBND", "Nguyễn Văn An")]
    assert last_event("awards.decision.issued").data == {
        "reference": f"{base + 1}/QĐ-UBND", "signed_on": timezone.localdate().isoformat(),
        "awards": [awards[0].pk]}
    desk.nomination.refresh_from_db()
    assert desk.nomination.status == "approved"  # Bình waits for her decision
    with pytest.raises(ValidationError):  # issued once
        signing.decision_issue(by=desk.office, decision=first)

    # The unit's decision has its own book: number 1, whatever the province's holds.
    own = signing.decision_prepare(by=desk.clerk, item_ids=[desk.ldtt.pk], symbol="QĐ-STN")
    own = signing.decision_issue(by=desk.clerk, decision=signing.decision_sign(by=desk.head, decision=own))
    assert (own.issuer_unit, own.number) == (desk.unit, "1")

    second = signing.decision_issue(by=desk.office, decision=desk.signed(desk.second))
    assert second.number == str(base + 2)
    assert Award.objects.get(nomination_item=desk.second).decision == second
    desk.nomination.refresh_from_db()
    assert desk.nomination.status == "decided"


def test_a_units_own_decision_is_prepared_by_its_staff_and_signed_by_its_head(province, desk):
    with pytest.raises(PermissionDenied):  # never the province
        signing.decision_prepare(by=desk.office, item_ids=[desk.ldtt.pk], symbol="QĐ-UBND")
    with pytest.raises(ValidationError):  # one authority per decision
        signing.decision_prepare(by=desk.clerk, item_ids=[desk.ldtt.pk, desk.first.pk], symbol="QĐ-STN")
    decision = signing.decision_prepare(by=desk.clerk, item_ids=[desk.ldtt.pk], symbol="QĐ-STN")
    assert (decision.issuer_unit, decision.issuing_authority) == (desk.unit, "Head of Sở Thử nghiệm")
    for user in (desk.chairman, desk.clerk, desk.office):
        with pytest.raises(PermissionDenied):
            signing.decision_sign(by=user, decision=decision)
    decision = signing.decision_sign(by=desk.head, decision=decision)
    assert (decision.status, decision.signer_title) == ("signed", "HEAD OF THE UNIT")
    with pytest.raises(PermissionDenied):
        signing.decision_issue(by=desk.office, decision=decision)
    decision = signing.decision_issue(by=desk.clerk, decision=decision)
    assert Award.objects.get(nomination_item=desk.ldtt).decision == decision
    desk.own.refresh_from_db()
    assert desk.own.status == "decided"


def test_the_signer_sends_a_decision_back_with_a_note_and_the_office_resubmits_or_cancels_it(desk):
    decision = desk.prepare(desk.first, desk.second)
    with pytest.raises(ValidationError) as excinfo:
        signing.decision_send_back(by=desk.chairman, decision=decision, note="   ")
    assert excinfo.value.message_dict == {"note": ["Say why the decision goes back."]}
    with pytest.raises(PermissionDenied):
        signing.decision_send_back(by=desk.office, decision=decision, note="Sửa trích yếu")
    with pytest.raises(ValidationError):  # only a decision sent back is resubmitted
        signing.decision_resubmit(by=desk.office, decision=decision)
    signing.decision_send_back(by=desk.chairman, decision=decision, note="Sửa trích yếu")
    decision.refresh_from_db()
    assert (decision.status, decision.sent_back_note) == ("draft", "Sửa trích yếu")
    assert last_event("awards.decision.sent_back").data == {"note": "Sửa trích yếu"}
    notice = Notification.objects.filter(user=desk.office).order_by("-id").first()
    assert (notice.title, notice.body) == ("Decision sent back: QĐ-UBND", "Sửa trích yếu")
    with pytest.raises(PermissionDenied):  # the office prepares the province's decisions, not a unit's clerk
        signing.decision_resubmit(by=desk.clerk, decision=decision)
    with pytest.raises(ValidationError):  # a draft is not signed
        signing.decision_sign(by=desk.chairman, decision=decision)

    signing.decision_resubmit(by=desk.office, decision=decision)
    decision.refresh_from_db()
    assert decision.status == "awaiting_signature"
    assert last_event("awards.decision.resubmitted").target_id == decision.pk

    signing.decision_send_back(by=desk.chairman, decision=decision, note="Không ban hành")
    signing.decision_cancel(by=desk.office, decision=decision)
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert last_event("awards.decision.cancelled").data == {"items": [desk.first.pk, desk.second.pk],
                                                           "symbol": "QĐ-UBND"}
    assert list(NominationItem.objects.filter(pk__in=[desk.first.pk, desk.second.pk])
                .values_list("decision", flat=True)) == [None, None]
    assert desk.prepare(desk.first).status == "awaiting_signature"  # free for another decision


def test_a_decision_signed_on_paper_needs_its_scan(desk):
    paper = {"number": "215", "symbol": "QĐ-UBND", "signed_on": D(2022, 3, 1), "signer_name": "Lê Ánh Dương",
             "signer_title": "CHỦ TỊCH", "items": [desk.first.pk]}
    with pytest.raises(ValidationError) as excinfo:
        services.decision_create(by=desk.office, **paper)
    assert excinfo.value.message_dict == {"scan": ["Attach the scan of the signed decision."]}
    assert not Award.objects.filter(nomination_item=desk.first).exists()
    decision = services.decision_create(by=desk.office, **paper, scan=SimpleUploadedFile(
        "qd-215.pdf", PDF, content_type="application/pdf"))
    assert (decision.status, decision.reference, bool(decision.scan)) == ("issued", "215/QĐ-UBND", True)
    assert Award.objects.get(nomination_item=desk.first).decision == decision
    assert last_event("awards.decision.created").data["scan"] is True


def test_a_draft_decisions_document_is_read_under_todays_regime(desk, api_client):
    """A decision awaiting its signature has no date yet: its DOCX (the signer reads it before signing) is the draft,
    not a 500."""
    import io

    import docx

    decision = desk.prepare(desk.first)
    response = api_client("vanphong").get(f"/api/v1/decisions/{decision.pk}/document.docx")
    assert response.status_code == 200, response.content[:300]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Căn cứ" in text

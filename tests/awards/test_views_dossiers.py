"""Pages of nomination dossiers, their appraisal and decisions: who sees what, the forms' errors, uploads, the whole
path through the pages, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from tests.support import count_queries, signed_in  # `province` comes from tests/awards/conftest.py
from thidua.awards import services
from thidua.awards.enums import NominationStatus as S
from thidua.awards.models import Award, AwardType, Decision, Nomination, NominationAttachment
from thidua.core.models import AuditEvent
from thidua.org import services as org_services

YEAR = 2021
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _type(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def _person(province, name: str, unit_code: str = "H-HH", *, rated: str = "excellent"):
    """A person working in the unit since 2015, rated ``rated`` in 2020 and 2021 (eligible for LĐTT and the
    Bằng khen when excellent)."""
    unit = province.unit(unit_code)
    person = org_services.person_create(by=None, full_name=name)
    org_services.employment_record(by=None, person=person, unit=unit, started_on=datetime.date(2015, 1, 1))
    for year in (2020, 2021):
        services.rating_record(by=None, person=person, unit=unit, year=year, rating=rated)
    return person


def _dossier(province, *, by="hiephoa", unit_code="H-HH", items=0, code="BK_CN") -> Nomination:
    """A dossier to the province (a Bằng khen: the office handles it; a unit's own LĐTT would go to its head)."""
    nomination = services.nomination_create(by=province.user(by), unit=province.unit(unit_code), year=YEAR)
    for i in range(items):
        person = _person(province, f"Người đề nghị {nomination.pk}-{i}", unit_code)
        services.item_add(by=None, nomination=nomination, award_type=_type(code), person=person,
                          achievement=f"Thành tích {i}")
    return nomination


def _move(nomination, to, *, by=None, **kwargs):
    if to == S.SUBMITTED:
        kwargs.setdefault("confirm_failures", True)  # the test's Bằng khen nominees need not meet its grounds
    nomination.refresh_from_db()
    return services.nomination_transition(by=by, nomination=nomination, to=to, **kwargs)


def _url(name: str, *args) -> str:
    return reverse(f"awards:{name}", args=args)


# ── the list and a new dossier ──────────────────────────────────────────────────────────────────────────────


def test_clerk_lists_own_unit_dossiers_and_may_open_one(province):
    mine = _dossier(province)
    theirs = _dossier(province, by="yenthe", unit_code="H-YT")
    response = signed_in("hiephoa").get(_url("nominations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="nomination-{mine.pk}"' in html and mine.title in html
    assert f'id="nomination-{theirs.pk}"' not in html
    assert 'id="new-nomination"' in html


def test_list_filters_by_status_and_year(province):
    draft = _dossier(province, items=1)
    sent = _dossier(province, items=0)
    services.item_add(by=None, nomination=sent, award_type=_type("LDTT"),
                      person=_person(province, "Người gửi"), achievement="Tốt")
    _move(sent, S.SUBMITTED, by=province.user("hiephoa"))
    client = signed_in("hiephoa")
    html = client.get(_url("nominations"), {"status": "submitted"}).content.decode()
    assert f'id="nomination-{sent.pk}"' in html and f'id="nomination-{draft.pk}"' not in html
    html = client.get(_url("nominations"), {"year": "2020"}).content.decode()
    assert f'id="nomination-{sent.pk}"' not in html and f'id="nomination-{draft.pk}"' not in html


def test_office_sees_sent_dossiers_but_not_drafts(province):
    draft = _dossier(province, items=1)
    sent = _dossier(province, items=0)
    services.item_add(by=None, nomination=sent, award_type=_type("LDTT"),
                      person=_person(province, "Người gửi"), achievement="Tốt")
    _move(sent, S.SUBMITTED, by=province.user("hiephoa"))
    html = signed_in("vanphong").get(_url("nominations")).content.decode()
    assert f'id="nomination-{sent.pk}"' in html and f'id="nomination-{draft.pk}"' not in html
    assert signed_in("vanphong").get(_url("nomination", draft.pk)).status_code == 404


def test_clerk_opens_a_dossier_for_own_unit_only(province):
    client = signed_in("hiephoa")
    before = set(Nomination.objects.values_list("pk", flat=True))
    page = client.get(_url("nomination_create"))
    assert page.status_code == 200
    options = page.context["form"].fields["unit"].queryset
    assert list(options.values_list("code", flat=True)) == ["H-HH"]
    response = client.post(_url("nomination_create"), {"unit": province.unit_ids["H-HH"], "year": YEAR,
                                                       "kind": "merit", "title": ""})
    nomination = Nomination.objects.exclude(pk__in=before).get()
    assert response.status_code == 302 and response["Location"] == _url("nomination", nomination.pk)
    assert (nomination.unit_id, nomination.year, nomination.status) == (province.unit_ids["H-HH"], YEAR, S.DRAFT)
    refused = client.post(_url("nomination_create"), {"unit": province.unit_ids["H-YT"], "year": YEAR,
                                                      "kind": "merit"})
    assert refused.status_code == 400
    assert Nomination.objects.count() == len(before) + 1


def test_office_may_open_a_dossier_for_any_unit(province):
    client = signed_in("vanphong")
    assert client.get(_url("nomination_create")).context["form"].fields["unit"].queryset.filter(
        code="H-YT").exists()
    response = client.post(_url("nomination_create"), {"unit": province.unit_ids["H-YT"], "year": YEAR,
                                                       "kind": "campaign", "title": "Hồ sơ thử"})
    assert response.status_code == 302
    assert Nomination.objects.get(title="Hồ sơ thử").kind == "campaign"


def test_council_member_may_not_open_a_dossier(province):
    assert signed_in("thanhvien").get(_url("nomination_create")).status_code == 403


# ── one dossier ─────────────────────────────────────────────────────────────────────────────────────────────


def test_dossier_page_explains_each_rule_of_each_nominee(province):
    nomination = _dossier(province)
    good = _person(province, "Trần Thị Xuất Sắc")
    poor = _person(province, "Lê Văn Chưa Đạt", rated="completed")
    good_item = services.item_add(by=None, nomination=nomination, award_type=_type("LDTT"), person=good,
                                  achievement="Dẫn đầu phong trào")
    poor_item = services.item_add(by=None, nomination=nomination, award_type=_type("LDTT"), person=poor,
                                  achievement="Hoàn thành nhiệm vụ")
    response = signed_in("hiephoa", language="en").get(_url("nomination", nomination.pk))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row["item"].pk: row for row in response.context["rows"]}
    assert rows[good_item.pk]["eligible"] is True and rows[poor_item.pk]["eligible"] is False
    # A 2021 title is judged under the 2003 law and NĐ 91/2017, which adds the 10 months of service (Điều 10).
    assert [r["rule"] for r in rows[good_item.pk]["rules"]] == ["rating", "discipline", "service_months", "one_award"]
    failed = [r for r in rows[poor_item.pk]["rules"] if not r["passed"]]
    assert [(r["rule"], r["title"]) for r in failed] == [("rating", "Hoàn thành tốt nhiệm vụ trở lên")]
    assert f'id="item-{good_item.pk}" data-item="{good_item.pk}" data-eligible="yes"' in html
    assert f'id="item-{poor_item.pk}" data-item="{poor_item.pk}" data-eligible="no"' in html
    assert failed[0]["explanation"] in html and failed[0]["legal_basis"] in html
    assert "<details>" in html and "Trần Thị Xuất Sắc" in html and "Dẫn đầu phong trào" in html
    # While a draft, the unit edits it: the forms are there, and a nominee fails: sending asks for confirmation.
    for marker in ('id="item-form"', 'id="attachment-form"', 'id="move-submitted"', "remove-item",
                   'id="confirm-failures"'):
        assert marker in html
    assert 'id="move-received"' not in html


def test_clerk_adds_a_person_and_removes_them(province):
    nomination = _dossier(province)
    person = _person(province, "Phạm Thị Mới")
    client = signed_in("hiephoa")
    response = client.post(_url("item_add", nomination.pk), {
        "award_type": _type("LDTT").pk, "person": person.pk, "achievement": "Hoàn thành xuất sắc", "print_text": ""})
    assert response.status_code == 302
    item = nomination.items.get()
    # No text given: the achievement line from the summary, never the name.
    assert (item.person_id, item.unit_id, item.print_text) == (person.pk, nomination.unit_id,
                                                               "Đã hoàn thành xuất sắc")
    assert client.post(_url("item_remove", nomination.pk, item.pk)).status_code == 302
    assert not nomination.items.exists()


def test_adding_a_person_title_without_a_person_shows_the_services_message(province):
    nomination = _dossier(province)
    response = signed_in("hiephoa", language="en").post(_url("item_add", nomination.pk), {
        "award_type": _type("LDTT").pk, "person": "", "achievement": "Tốt"})
    assert response.status_code == 400
    assert response.context["item_form"].errors["person"] == [
        "Lao động tiên tiến is awarded to a person: choose one."]
    assert not nomination.items.exists()


def test_a_person_of_another_unit_cannot_be_chosen(province):
    nomination = _dossier(province)
    stranger = _person(province, "Người Yên Thế", "H-YT")
    response = signed_in("hiephoa").post(_url("item_add", nomination.pk), {
        "award_type": _type("LDTT").pk, "person": stranger.pk, "achievement": "Tốt"})
    assert response.status_code == 400 and "person" in response.context["item_form"].errors
    assert not nomination.items.exists()


def test_a_collective_is_nominated_with_a_unit(province):
    nomination = _dossier(province)
    response = signed_in("hiephoa").post(_url("item_add", nomination.pk), {
        "award_type": _type("TTLDTT").pk, "unit": province.unit_ids["H-HH"], "achievement": "Tập thể tốt"})
    assert response.status_code == 302
    item = nomination.items.get()
    assert (item.person_id, item.unit_id) == (None, province.unit_ids["H-HH"])


def test_bad_upload_shows_the_error_and_stores_nothing(province, tmp_path):
    nomination = _dossier(province)
    fake = SimpleUploadedFile("to-trinh.pdf", b"just some text, not a PDF at all", content_type="application/pdf")
    response = signed_in("hiephoa", language="en").post(_url("attachment_add", nomination.pk),
                                                         {"kind": "proposal", "file": fake})
    assert response.status_code == 400
    assert response.context["attachment_form"].errors["file"] == [
        "The file is not a PDF, a DOCX or a scanned image (JPEG, PNG, TIFF), whatever its name says."]
    assert "whatever its name says" in response.content.decode()
    assert not NominationAttachment.objects.filter(nomination=nomination).exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    nomination.refresh_from_db()
    assert nomination.version == 1


def test_upload_then_download_within_the_scope_only(province):
    nomination = _dossier(province)
    client = signed_in("hiephoa")
    response = client.post(_url("attachment_add", nomination.pk), {
        "kind": "achievement_report", "file": SimpleUploadedFile("bao-cao.pdf", PDF)})
    assert response.status_code == 302
    attachment = NominationAttachment.objects.get(nomination=nomination)
    assert (attachment.kind, attachment.original_name, attachment.size) == ("achievement_report", "bao-cao.pdf",
                                                                            len(PDF))
    download = client.get(_url("attachment", nomination.pk, attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert signed_in("yenthe").get(_url("attachment", nomination.pk, attachment.pk)).status_code == 404
    # The draft is the unit's own: the office does not see it yet.
    assert signed_in("vanphong").get(_url("attachment", nomination.pk, attachment.pk)).status_code == 404
    assert client.post(_url("attachment_remove", nomination.pk, attachment.pk)).status_code == 302
    assert not NominationAttachment.objects.filter(nomination=nomination).exists()


def test_other_units_clerk_gets_404_everywhere_on_the_dossier(province):
    nomination = _dossier(province, items=1)
    item = nomination.items.get()
    attachment = services.attachment_add(by=None, nomination=nomination, kind="proposal",
                                         file=SimpleUploadedFile("a.pdf", PDF))
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"))
    attacker = signed_in("yenthe")
    gets = [_url("nomination", nomination.pk), _url("attachment", nomination.pk, attachment.pk)]
    posts = [_url("item_add", nomination.pk), _url("item_remove", nomination.pk, item.pk),
             _url("attachment_add", nomination.pk), _url("attachment_remove", nomination.pk, attachment.pk),
             _url("transition", nomination.pk), _url("appraisal", nomination.pk)]
    for url in gets:
        assert attacker.get(url).status_code == 404, url
    for url in posts:
        assert attacker.post(url, {"to": "returned", "version": 1, "reason": "x"}).status_code == 404, url
    nomination.refresh_from_db()
    assert (nomination.status, nomination.items.count(), nomination.attachments.count()) == (S.SUBMITTED, 1, 1)


def test_office_pages_are_refused_to_others(province):
    # A Bằng khen goes to the province (the Chairman's route): the office, not the unit, moves it on.
    nomination = _dossier(province, items=1, code="BK_CN")
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"), confirm_failures=True)
    for username in ("hiephoa", "yenthe", "chutich", "thanhvien"):
        client = signed_in(username)
        assert client.get(_url("appraisal_queue")).status_code == 403, username
    # Preparing and recording decisions: the office for the province's, a unit's staff for its own titles (issue
    # 12); the leader and a council member prepare none.
    for username in ("chutich", "thanhvien"):
        client = signed_in(username)
        for name in ("decision_create", "decision_record"):
            assert client.get(_url(name)).status_code == 403, (username, name)
            assert client.post(_url(name), {"number": "1"}).status_code == 403, (username, name)
    # Hiệp Hòa's own LĐTT, approved inside the unit by its staff (no vote: no CSTĐ cơ sở), is its staff's to put in
    # a decision; Yên Thế's clerk and the office are not offered it.
    own = _dossier(province, code="LDTT", items=1)
    clerk = province.user("hiephoa")
    _move(own, S.SUBMITTED, by=clerk)
    for to in (S.RECEIVED, S.IN_APPRAISAL):
        _move(own, to, by=clerk)
    [ldtt] = own.items.all()
    own.refresh_from_db()
    services.appraisal_record(by=clerk, nomination=own, verdicts=[
        {"item_id": ldtt.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"}])
    for to in (S.APPRAISED, S.APPROVED):
        _move(own, to, by=clerk)
    assert own.route == "unit"
    offered = {username: [i.pk for i in signed_in(username).get(_url("decision_create")).context["items"]]
               for username in ("hiephoa", "yenthe", "vanphong")}
    # The demo holds no approved unit-route dossier of Hiệp Hòa's or Yên Thế's (demo/awards.py: "hiephoa_unit" and
    # "submitted_unit" are only sent to their heads; demo/councils.py approves none of theirs): only this one.
    assert (offered["hiephoa"], offered["yenthe"], ldtt.pk in offered["vanphong"]) == ([ldtt.pk], [], False)
    # The proposer sees its dossier but may not move it on as the office does.
    response = signed_in("hiephoa", language="en").post(_url("transition", nomination.pk),
                                                         {"to": "received", "version": nomination.version + 1})
    assert response.status_code == 403
    assert response.context["errors"] == ["Only the council office may do this."]
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    assert signed_in("yenthe").get(_url("decision", 999999)).status_code == 404


def test_return_needs_a_reason_and_shows_it_to_the_unit(province):
    nomination = _dossier(province, items=1, code="BK_CN")  # to the province: the office returns it
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"), confirm_failures=True)
    nomination.refresh_from_db()
    office = signed_in("vanphong", language="en")
    response = office.post(_url("transition", nomination.pk), {"to": "returned", "version": nomination.version})
    assert response.status_code == 400
    assert response.context["transition_errors"] == ["Give the reason for returning the dossier."]
    assert 'id="move-errors"' in response.content.decode()
    reason = "Thiếu biên bản họp bình xét của đơn vị."
    response = office.post(_url("transition", nomination.pk), {"to": "returned", "version": nomination.version,
                                                               "reason": reason})
    assert response.status_code == 302
    response = signed_in("hiephoa").get(_url("nomination", nomination.pk))
    page = response.content.decode()
    assert 'id="return-reason"' in page and reason in page
    assert 'id="move-submitted"' in page and 'id="item-form"' in page  # editable again
    history = response.context["history"]
    moves = [e.data.get("to") for e in history if e.action == "awards.nomination.transition"]
    assert moves == ["returned", "submitted"]  # newest first
    assert page.count('class="history"') == 1


def test_a_stale_version_is_a_conflict(province):
    nomination = _dossier(province, items=1)
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"))
    response = signed_in("vanphong").post(_url("transition", nomination.pk), {"to": "received", "version": 1})
    assert response.status_code == 409 and 'id="conflict"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


# ── the whole path through the pages ───────────────────────────────────────────────────────────────────────


def test_from_draft_to_decision_through_the_pages(province):
    nomination = _dossier(province)
    good = _person(province, "Hoàng Văn Đủ")
    poor = _person(province, "Vũ Thị Thiếu", rated="completed")
    # Bằng khen for merit: two excellent years with two recognised initiatives (NĐ 91/2017 Điều 38 điểm c, and
    # point d of Điều 74 of the 2022 law, whichever is in force on the day the dossier is sent).
    for year in (2020, 2021):
        services.initiative_record(by=None, person=good, year=year, title=f"Sáng kiến {year}", level="grassroots")
    clerk = signed_in("hiephoa", language="en")
    for person in (good, poor):
        assert clerk.post(_url("item_add", nomination.pk), {
            "award_type": _type("BK_CN").pk, "person": person.pk, "achievement": "Thành tích xuất sắc",
            "print_text": ""}).status_code == 302
    items = {i.person_id: i for i in nomination.items.all()}
    nomination.refresh_from_db()
    # Vũ Thị Thiếu fails: sending is refused until the clerk confirms having read why, and nothing moves.
    refused = clerk.post(_url("transition", nomination.pk), {"to": "submitted", "version": nomination.version})
    assert refused.status_code == 400
    [error] = refused.context["transition_errors"]
    assert error.startswith("Some nominees do not meet the conditions: Vũ Thị Thiếu – ")
    assert "Hoàng Văn Đủ" not in error
    assert 'id="move-errors"' in refused.content.decode() and 'id="confirm-failures"' in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT
    assert clerk.post(_url("transition", nomination.pk), {"to": "submitted", "version": nomination.version,
                                                         "confirm_failures": "on"}).status_code == 302
    assert [nomination.items.get(pk=items[p.pk].pk).eligible_by_rules for p in (good, poor)] == [True, False]

    office = signed_in("vanphong", language="en")
    queue = office.get(_url("appraisal_queue"))
    assert queue.status_code == 200 and f'id="queue-{nomination.pk}"' in queue.content.decode()
    nomination.refresh_from_db()
    assert office.post(_url("transition", nomination.pk), {"to": "received", "version": nomination.version}
                       ).status_code == 302
    nomination.refresh_from_db()
    page = office.get(_url("nomination", nomination.pk))
    assert page.context["days_left"] == 25 and 'id="move-in_appraisal"' in page.content.decode()
    assert office.post(_url("transition", nomination.pk), {
        "to": "in_appraisal", "version": nomination.version, "appraiser": province.user_ids["vanphong"]}
    ).status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.appraiser_id) == (S.IN_APPRAISAL, province.user_ids["vanphong"])

    # Finding eligible a nominee who fails a rule needs a justification: the service says so on the form.
    verdicts = {"version": nomination.version,
                f"eligible_{items[good.pk].pk}": "yes", f"reason_{items[good.pk].pk}": "Đủ điều kiện",
                f"eligible_{items[poor.pk].pk}": "yes", f"reason_{items[poor.pk].pk}": ""}
    response = office.post(_url("appraisal", nomination.pk), verdicts)
    assert response.status_code == 400
    errors = response.context["appraisal_form"].errors[f"justification_{items[poor.pk].pk}"]
    assert len(errors) == 1 and errors[0].startswith("Fails ") and errors[0].endswith(
        "marking it eligible needs a written justification.")
    verdicts[f"eligible_{items[poor.pk].pk}"] = "no"
    verdicts[f"reason_{items[poor.pk].pk}"] = "Chưa đủ hai năm hoàn thành xuất sắc"
    assert office.post(_url("appraisal", nomination.pk), verdicts).status_code == 302
    nomination.refresh_from_db()
    # A Bằng khen goes from the appraisal straight to the Chairman (issue 12): the page offers no council.
    assert office.post(_url("transition", nomination.pk), {"to": "appraised", "version": nomination.version}
                       ).status_code == 302
    nomination.refresh_from_db()
    page = office.get(_url("nomination", nomination.pk)).content.decode()
    assert 'id="move-approved"' in page and 'id="move-at_council"' not in page
    response = office.post(_url("transition", nomination.pk), {"to": "at_council", "version": nomination.version})
    assert response.status_code == 400
    assert [str(e) for e in response.context["transition_form"].non_field_errors()] == [
        "No nominee of this dossier needs the council's vote: it goes straight to the one who decides."]
    assert office.post(_url("transition", nomination.pk), {"to": "approved", "version": nomination.version}
                       ).status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.council_reference, nomination.council_round_id) == (S.APPROVED, "", None)

    # The office prepares the decision; the Chairman signs it; the office issues it with its number.
    form = office.get(_url("decision_create"))
    waiting = {i.pk for i in form.context["items"]}
    assert items[good.pk].pk in waiting and items[poor.pk].pk not in waiting
    assert f'id="grant-{items[good.pk].pk}"' in form.content.decode()
    decisions = set(Decision.objects.values_list("pk", flat=True))
    response = office.post(_url("decision_create"), {"symbol": "QĐ-UBND", "items": [items[good.pk].pk]})
    decision = Decision.objects.exclude(pk__in=decisions).get()
    assert response.status_code == 302 and response["Location"] == _url("decision", decision.pk)
    assert (decision.status, decision.number, Award.objects.filter(decision=decision).count()) == (
        "awaiting_signature", "", 0)
    # Issuing before the signature is refused.
    refused = office.post(_url("decision_issue", decision.pk))
    assert (refused.status_code, refused.context["errors"]) == (400, ["A decision is issued only once it is signed."])
    assert signed_in("chutich").post(_url("decision_sign", decision.pk)).status_code == 302
    # Numbered from the province's book for the year of the signature (today): the next after the last there.
    today = timezone.localdate()
    book = [int(n) for n in Decision.objects.filter(issuer_unit__isnull=True, signed_on__year=today.year)
            .exclude(number="").values_list("number", flat=True) if n.isdigit()]
    assert office.post(_url("decision_issue", decision.pk)).status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.number, decision.signed_on, decision.signed_by_id) == (
        "issued", str(max(book, default=0) + 1), today, province.user_ids["chutich"])
    award = Award.objects.get(decision=decision)
    assert (award.person_id, award.recipient_name, award.year) == (good.pk, "Hoàng Văn Đủ", YEAR)
    nomination.refresh_from_db()
    assert nomination.status == S.DECIDED
    page = office.get(_url("decision", decision.pk)).content.decode()
    assert _url("award", award.pk) in page and _url("certificate", award.pk) in page
    assert _url("decision_document", decision.pk) in page and "Hoàng Văn Đủ" in page
    document = office.get(_url("decision_document", decision.pk))
    assert document.status_code == 200 and document.content[:2] == b"PK"
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    tables = " ".join(c.text for t in docx.Document(io.BytesIO(document.content)).tables
                      for r in t.rows for c in r.cells)
    assert "Hoàng Văn Đủ" in text + tables
    # The proposer's page now links the award; the leader reads the decision; so does the clerk whose unit's
    # person it awarded (the decision is sent to it), with a link to its own award but not every certificate; the
    # clerk of a unit it did not award does not.
    assert _url("award", award.pk) in clerk.get(_url("nomination", nomination.pk)).content.decode()
    assert signed_in("chutich").get(_url("decision", decision.pk)).status_code == 200
    awarded = signed_in("hiephoa").get(_url("decision", decision.pk))
    assert awarded.status_code == 200 and _url("award", award.pk) in awarded.content.decode()
    assert _url("decision_certificates", decision.pk) not in awarded.content.decode()
    assert signed_in("hiephoa").get(_url("decision_certificates", decision.pk)).status_code == 404
    assert signed_in("yenthe").get(_url("decision", decision.pk)).status_code == 404
    actions = list(AuditEvent.objects.filter(target_id=nomination.pk, action="awards.nomination.transition")
                   .order_by("id").values_list("data__to", flat=True))
    assert actions == ["submitted", "received", "in_appraisal", "appraised", "approved", "decided"]


def test_decision_form_errors_come_back_on_the_form(province):
    """A decision signed on paper (decisions/record/) needs its number and its scan; preparing one for signature
    (decisions/new/) needs its nominees."""
    office = signed_in("vanphong", language="en")
    decisions = Decision.objects.count()
    response = office.post(_url("decision_record"), {"number": "", "symbol": "QĐ-UBND", "signed_on": "2022-01-20",
                                                     "signer_name": "A", "signer_title": "B"})
    assert response.status_code == 400
    with translation.override("en"):
        assert [str(e) for e in response.context["form"].errors["number"]] == ["This field is required."]
        assert [str(e) for e in response.context["form"].errors["scan"]] == ["This field is required."]
    response = office.post(_url("decision_create"), {"symbol": "QĐ-UBND"})
    assert response.status_code == 400
    with translation.override("en"):
        assert [str(e) for e in response.context["form"].errors["items"]] == ["This field is required."]
    assert Decision.objects.count() == decisions


# ── query counts ────────────────────────────────────────────────────────────────────────────────────────────


def test_list_page_queries_do_not_grow_with_dossiers(province):
    client = signed_in("hiephoa")
    for _ in range(3):
        _dossier(province, items=1)
    few = count_queries(client, _url("nominations"))
    for _ in range(27):
        _dossier(province, items=1)
    assert count_queries(client, _url("nominations")) == few


@pytest.mark.parametrize("username", ["hiephoa", "vanphong"])
def test_dossier_page_queries_do_not_grow_with_nominees(province, username):
    # Bằng khen: dossiers to the province, which the office receives (a unit's own titles it never sees).
    small, large = _dossier(province, items=3, code="BK_CN"), _dossier(province, items=30, code="BK_CN")
    for nomination in (small, large):
        services.attachment_add(by=None, nomination=nomination, kind="proposal", file=SimpleUploadedFile("a.pdf", PDF))
        if username == "vanphong":
            _move(nomination, S.SUBMITTED, by=province.user("hiephoa"), confirm_failures=True)
            _move(nomination, S.RECEIVED, by=province.user("vanphong"))
            _move(nomination, S.IN_APPRAISAL, by=province.user("vanphong"))
    client = signed_in(username)
    assert count_queries(client, _url("nomination", large.pk)) == count_queries(client, _url("nomination", small.pk))


def test_every_demo_dossier_and_decision_renders_for_the_office_and_its_unit(province):
    """The demo's dossiers at each step (returned, overdue, decided with a revoked award…) render for the office,
    drafts aside, and for their own unit's staff; their decisions render for the office."""
    from thidua.accounts.access import access_of

    office, hiephoa = signed_in("vanphong"), signed_in("hiephoa")
    hiephoa_unit = province.unit_ids["H-HH"]
    assert access_of(province.user("hiephoa")).staff_unit_ids == {hiephoa_unit}
    for nomination in Nomination.objects.all():
        expected = 404 if nomination.status == S.DRAFT else 200
        assert office.get(_url("nomination", nomination.pk)).status_code == expected, nomination.status
        if nomination.unit_id == hiephoa_unit:
            assert hiephoa.get(_url("nomination", nomination.pk)).status_code == 200, nomination.status
    for decision in Decision.objects.all():
        page = office.get(_url("decision", decision.pk))
        assert page.status_code == 200
        assert [a.pk for a in page.context["awards"]] == list(
            Award.objects.filter(decision=decision).order_by("award_type__order", "id").values_list("pk", flat=True))
    assert office.get(_url("appraisal_queue")).status_code == 200
    assert office.get(_url("nominations")).status_code == 200


def test_a_move_or_verdict_out_of_turn_says_why(province):
    nomination = _dossier(province, items=1, code="BK_CN")  # to the province: the office's to handle
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"), confirm_failures=True)
    nomination.refresh_from_db()
    office = signed_in("vanphong", language="en")
    response = office.post(_url("transition", nomination.pk), {"to": "approved", "version": nomination.version,
                                                               "reason": "Biên bản số 1"})
    assert response.status_code == 400
    assert response.context["errors"] == ["A dossier cannot go from “Submitted” to “Approved”."]
    assert 'id="errors"' in response.content.decode()
    item = nomination.items.get()
    response = office.post(_url("appraisal", nomination.pk), {"version": nomination.version,
                                                              f"eligible_{item.pk}": "yes"})
    assert response.status_code == 400
    assert response.context["errors"] == ["Verdicts are recorded while the dossier is in appraisal."]
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED and nomination.items.get().appraisal_eligible is None


def test_council_approval_by_a_closed_council_vote(province):
    """A collective's Cờ thi đua approved by the provincial council's vote (issue 12), chosen on the page among
    the closed votes of that council's meetings in which it was a candidate."""
    from thidua.awards import council

    unit = province.unit("H-HH")
    nomination = _dossier(province)
    item = services.item_add(by=None, nomination=nomination, award_type=_type("CO_TINH"), unit=unit,
                             achievement="Dẫn đầu Cụm thi đua số 1")
    office_user = province.user("vanphong")
    _move(nomination, S.SUBMITTED, by=province.user("hiephoa"), confirm_failures=True)
    for to in (S.RECEIVED, S.IN_APPRAISAL):
        _move(nomination, to, by=office_user)
    nomination.refresh_from_db()
    services.appraisal_record(by=office_user, nomination=nomination, verdicts=[
        {"item_id": item.pk, "eligible": True, "reason": "Đủ điều kiện", "justification": "Hội đồng xem xét"}])
    _move(nomination, S.APPRAISED, by=office_user)
    office = signed_in("vanphong")
    nomination.refresh_from_db()
    # Straight to the Chairman is refused: a Cờ thi đua needs the council's vote.
    assert office.post(_url("transition", nomination.pk), {"to": "approved", "version": nomination.version}
                       ).status_code == 400
    _move(nomination, S.AT_COUNCIL, by=office_user)
    # The demo's provincial council (ten members): a meeting held on paper, 9 of 10 votes (80 % needed).
    serving = council.province_council()
    members = [m.pk for m in council.members_of(serving)]
    _meeting, vote = council.meeting_record_outside(
        by=None, council=serving, held_on=datetime.date(2022, 1, 12), place="UBND tỉnh", chair_id=members[0],
        secretary_id=members[3], present_ids=members, written_ids=[],
        minutes=SimpleUploadedFile("bien-ban.pdf", PDF), votes={item.pk: 9})
    page = office.get(_url("nomination", nomination.pk))
    choices = [value for value, _label in page.context["transition_form"].fields["voting_round"].choices if value]
    # Only this vote: the demo's meeting of 10/01/2022 and the clusters' votes had other candidates.
    assert {int(str(v)) for v in choices} == {vote.pk}
    nomination.refresh_from_db()
    response = office.post(_url("transition", nomination.pk), {"to": "approved", "version": nomination.version,
                                                               "voting_round": vote.pk})
    assert response.status_code == 302
    nomination.refresh_from_db()
    item.refresh_from_db()
    assert (nomination.status, nomination.council_round_id) == (S.APPROVED, vote.pk)
    assert item.council_passed is True
    assert serving.name in office.get(_url("nomination", nomination.pk)).content.decode()

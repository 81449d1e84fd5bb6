"""End-to-end: the Chairman signs a decision from his desk, and the office issues it with its number.

``chutich`` signs in, opens his desk (Trình ký) from the commendations menu, finds the Bằng khen decision the office
prepared (the demo's; one is prepared here over an approved dossier if the demo has none), reads its nominees and
signs it; the decision's page then shows it signed, with his name. The council office (``vanphong``) opens the same
decision and issues it: it gets its number from the province's book and its award enters the registry.

Elements are found by URL, id, CSS class and data, not by interface text.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import click_and_confirm, expect, settle

pytestmark = pytest.mark.browser


def _post(desk, button, *, status: int = 302) -> None:
    """Click a submit button and check the POST's status (302: done and redirected)."""
    with desk.expect_response(lambda r: r.request.method == "POST") as response:
        click_and_confirm(desk, button)
    assert response.value.status == status, response.value.text()[:3000]
    settle(desk, response.value)


def _awaiting_decision():
    """The province's decision awaiting the Chairman: the demo's, else one prepared over an approved Bằng khen."""
    import datetime

    from thidua.accounts.models import User
    from thidua.awards import services, signing
    from thidua.awards.enums import DecisionStatus, NominationStatus, Route
    from thidua.awards.models import AwardType, Decision, Nomination, Signatory
    from thidua.org import services as org
    from thidua.org.enums import UnitKind
    from thidua.org.models import Unit

    chutich, office = User.objects.get(username="chutich"), User.objects.get(username="vanphong")
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("-id").first()
    Signatory.objects.get_or_create(unit=province, user=chutich, defaults={"title": "CHỦ TỊCH"})
    found = Decision.objects.filter(status=DecisionStatus.AWAITING_SIGNATURE, issuer_unit__isnull=True).first()
    if found is not None:
        return found
    unit = Unit.objects.get(code="H-HH")
    person = org.person_create(by=None, full_name="Ngô Thị Chờ Ký")
    org.employment_record(by=None, person=person, unit=unit, started_on=datetime.date(2015, 1, 1))
    nomination = services.nomination_create(by=None, unit=unit, year=2021)
    services.item_add(by=None, nomination=nomination, award_type=AwardType.objects.get(code="BK_CN"), person=person,
                      achievement="Hoàn thành xuất sắc nhiệm vụ")

    def move(to, **kwargs):
        fresh = Nomination.objects.get(pk=nomination.pk)
        return services.nomination_transition(by=None, nomination=fresh, to=to, **kwargs)

    move(NominationStatus.SUBMITTED, confirm_failures=True)
    move(NominationStatus.RECEIVED)
    move(NominationStatus.IN_APPRAISAL, appraiser=office)
    services.appraisal_record(by=None, nomination=Nomination.objects.get(pk=nomination.pk), verdicts=[
        {"item_id": i.pk, "eligible": True, "reason": "Đủ điều kiện", "justification": "Xét thực tế"}
        for i in nomination.items.all()])
    move(NominationStatus.APPRAISED)
    assert Nomination.objects.get(pk=nomination.pk).route == Route.CHAIRMAN
    move(NominationStatus.APPROVED)
    return signing.decision_prepare(by=office, item_ids=list(nomination.items.values_list("pk", flat=True)),
                                    symbol="QĐ-UBND")


def test_the_chairman_signs_from_his_desk_and_the_office_issues(page, login, new_page, e2e_demo, media_root,
                                                                 broken_assets, screenshot_dir):
    from thidua.awards.enums import DecisionStatus
    from thidua.awards.models import Award, Decision

    decision = _awaiting_decision()
    nominees = list(decision.items.select_related("person", "unit"))
    assert nominees

    # ── 1. The Chairman opens his desk from the commendations menu ──
    login("chutich")
    page.goto("/nominations/")
    page.locator("#subnav-desk").click()
    page.wait_for_url(re.compile(r"/desk/$"))
    card = page.locator(f"#desk-{decision.pk}")
    expect(card).to_be_visible()
    for item in nominees:
        expect(card.locator(f"tr[data-item='{item.pk}']")).to_contain_text(
            item.person.full_name if item.person_id else item.unit.name)
    expect(card.locator(f"#desk-document-{decision.pk}")).to_have_attribute(
        "href", f"/decisions/{decision.pk}/document.docx")
    page.screenshot(path=str(screenshot_dir / "signing-desk.png"), full_page=True)

    # ── 2. He signs: the decision's page shows it signed, with his name ──
    _post(page, card.locator(".sign-decision"))
    assert page.url.endswith(f"/decisions/{decision.pk}/")
    expect(page.locator("#decision-status")).to_have_class(re.compile(r"\bstatus-signed\b"))
    expect(page.locator("#decision-signer")).to_contain_text("CHỦ TỊCH")
    expect(page.locator("#sign-decision")).to_have_count(0)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED and decision.signed_by.username == "chutich"
    page.goto("/desk/")
    expect(page.locator(f"#desk-{decision.pk}")).to_have_count(0)

    # ── 3. The office issues it: numbered from the province's book, its award in the registry ──
    office = new_page("vanphong")
    office.goto(f"/decisions/{decision.pk}/")
    expect(office.locator("#decision-status")).to_have_class(re.compile(r"\bstatus-signed\b"))
    _post(office, office.locator("#issue-decision"))
    expect(office.locator("#decision-status")).to_have_class(re.compile(r"\bstatus-issued\b"))
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.status == DecisionStatus.ISSUED and decision.number.isdigit()
    expect(office.locator("#decision-number")).to_have_text(decision.number)
    for item in nominees:
        award = Award.objects.get(nomination_item=item)
        expect(office.locator(f"#award-{award.pk}")).to_be_visible()
    office.screenshot(path=str(screenshot_dir / "signing-issued.png"), full_page=True)
    assert broken_assets == []

"""End-to-end: a commendation from the unit's proposal to the printed certificate, in real browsers.

Hiệp Hòa's clerk (``hiephoa``) opens a dossier, proposes one of the unit's people for the Chairman's Bằng khen
(the person's ratings are recorded beforehand, through the services, so every rule passes), attaches the proposal
letter and sends the dossier. The council office (``vanphong``) finds it in its appraisal queue, receives it
(the working-day clock starts), appraises it and, a Bằng khen needing no council vote (issue 12), approves it for
the Chairman; it prepares the decision, the Chairman (``chutich``) signs it from his desk and the office issues it
with its number; the decision page lists the award, prints without the menus, and the award's certificate comes
back as a PDF holding the person's Vietnamese name exactly.

Elements are found by URL, id, CSS class and data (ids, statuses), not by interface text, so the test does not
depend on the translation catalog.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import click_and_confirm, expect, settle
from thidua.awards.services import achievement_line

pytestmark = pytest.mark.browser

YEAR = 2021
NAME = "Trương Thị Ánh Nguyệt"
ACHIEVEMENT = "Hai năm liền hoàn thành xuất sắc nhiệm vụ; chủ trì đề án cải cách hành chính cấp huyện."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(desk, button, *, status: int = 302) -> None:
    """Click a submit button and check the POST's status (302: done and redirected)."""
    with desk.expect_response(lambda r: r.request.method == "POST") as response:
        click_and_confirm(desk, button)
    assert response.value.status == status, response.value.text()[:3000]
    settle(desk, response.value)


def _status(desk, status: str) -> None:
    expect(desk.locator("#nomination-status")).to_have_class(re.compile(rf"\bstatus-{status}\b"))


def _move(desk, to: str) -> None:
    _post(desk, desk.locator(f"#move-{to} [type=submit]"))


def _eligible_person(unit):
    """One of the unit's people, rated excellent in the two years the Bằng khen looks at with an initiative
    recognised in each (the ground "02 năm hoàn thành xuất sắc nhiệm vụ và 02 sáng kiến"), never disciplined."""
    from thidua.awards import services
    from thidua.org import services as org

    person = org.person_create(by=None, full_name=NAME, date_of_birth=datetime.date(1985, 3, 8))
    org.employment_record(by=None, person=person, unit=unit, position="Chuyên viên phòng Nội vụ",
                          started_on=datetime.date(2016, 1, 1))
    for year in (YEAR - 1, YEAR):
        services.rating_record(by=None, person=person, unit=unit, year=year, rating="excellent")
        services.initiative_record(by=None, person=person, year=year, title=f"Sáng kiến cải cách hành chính {year}",
                                   level="grassroots")
    return person


def test_nominate_appraise_decide_and_print_the_certificate(page, login, new_page, base_url, e2e_demo, media_root,
                                                             tmp_path, broken_assets, screenshot_dir):
    import docx
    import pypdf
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from thidua.awards.models import Award, AwardType, Decision, Nomination, NominationAttachment
    from thidua.org.models import Unit

    hiep_hoa = Unit.objects.get(code="H-HH")
    person = _eligible_person(hiep_hoa)
    bang_khen = AwardType.objects.get(code="BK_CN")

    # ── 1. Hiệp Hòa opens a dossier from the menu ──
    login("hiephoa")
    page.locator("header nav a[href='/nominations/']").click()
    page.wait_for_url(f"{base_url}/nominations/")
    expect(page.locator("header nav a[href='/nominations/']")).to_have_attribute("aria-current", "page")
    page.locator("#new-nomination").click()
    page.wait_for_url(f"{base_url}/nominations/new/")
    form = page.locator("#nomination-form")
    expect(form.locator("[name=unit] option")).to_have_count(1)  # its own unit only
    form.locator("[name=unit]").select_option(str(hiep_hoa.pk))
    form.locator("[name=year]").fill(str(YEAR))
    _post(page, form.locator("[type=submit]"))
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    nomination = Nomination.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))
    assert (nomination.unit_id, nomination.year, nomination.created_by.username) == (hiep_hoa.pk, YEAR, "hiephoa")
    _status(page, "draft")

    # ── 2. A person of the unit is proposed for the Bằng khen; every rule passes and says why ──
    form = page.locator("#item-form")
    form.locator("[name=award_type]").select_option(str(bang_khen.pk))
    form.locator("[name=person]").select_option(str(person.pk))
    form.locator("[name=achievement]").fill(ACHIEVEMENT)
    _post(page, form.locator("[type=submit]"))
    item = nomination.items.get()
    # Nothing typed for the printed line: the achievement line of the year, never the name again.
    assert (item.person_id, item.award_type_id, item.print_text) == (person.pk, bang_khen.pk,
                                                                     achievement_line(ACHIEVEMENT, YEAR))
    row = page.locator(f"#item-{item.pk}")
    expect(row).to_have_attribute("data-eligible", "yes")
    expect(row.locator("th.nominee")).to_contain_text(NAME)
    row.locator(".eligibility summary").click()
    # A draft's Bằng khen is judged under today's texts; every node of that regime's tree is shown, and every
    # condition at the top holds (a failed alternative inside "one of" is shown as failed but does not count).
    regime_rules = bang_khen.rules.filter(active=True, regime__code="luat-2022-nd152")
    expect(row.locator(".eligibility li.rule")).to_have_count(regime_rules.count())
    top = row.locator(".eligibility details > ul.rules > li.rule")
    expect(top).to_have_count(regime_rules.filter(parent__isnull=True).count())
    expect(row.locator(".eligibility details > ul.rules > li.rule.failed")).to_have_count(0)
    expect(row.locator(".eligibility .regime")).to_contain_text("152/2025/NĐ-CP")
    # NĐ 152's discipline period first, then the grounds of Điều 74 khoản 1, each with its article.
    expect(row.locator(".legal-basis").first).to_contain_text("Khoản 4 Điều 4 Nghị định số 152/2025/NĐ-CP")
    expect(row.locator(".legal-basis").nth(1)).to_contain_text("Khoản 1 Điều 74 Luật Thi đua, khen thưởng")

    # The proposal letter, as a PDF.
    upload = page.locator("#attachment-form")
    upload.locator("[name=kind]").select_option("proposal")
    upload.locator("[name=file]").set_input_files(
        {"name": "to-trinh-hiep-hoa.pdf", "mimeType": "application/pdf", "buffer": PDF})
    _post(page, upload.locator("[type=submit]"))
    attachment = NominationAttachment.objects.get(nomination=nomination)
    expect(page.locator(f"#attachment-{attachment.pk} a")).to_have_text("to-trinh-hiep-hoa.pdf")

    _move(page, "submitted")
    _status(page, "submitted")
    expect(page.locator("#item-form")).to_have_count(0)  # locked for the unit once sent
    page.screenshot(path=screenshot_dir / "awards-dossier-sent.png", full_page=True)

    # ── 3. The council office: queue → receive → appraise → approval (the Chairman's route: no council) ──
    office = new_page("vanphong")
    office.goto("/appraisal/")
    queued = office.locator(f"#queue-{nomination.pk}")
    expect(queued).to_be_visible()
    # Soonest due first (the demo has overdue dossiers), the ones not on the clock after them.
    days = office.locator("#queue tbody tr").evaluate_all("rs => rs.map(r => r.dataset.daysLeft)")
    on_clock = [int(d) for d in days if d]
    assert on_clock == sorted(on_clock) and days[:len(on_clock)] == [str(d) for d in on_clock]
    overdue = office.locator("#queue tbody tr.overdue")
    expect(overdue).to_have_count(len([d for d in on_clock if d < 0]))
    if on_clock and on_clock[0] < 0:
        expect(overdue.first.locator(".overdue-flag")).to_have_css("color", "rgb(176, 0, 32)")
    office.screenshot(path=screenshot_dir / "awards-appraisal-queue.png", full_page=True)
    queued.locator("a").click()
    office.wait_for_url(f"{base_url}/nominations/{nomination.pk}/")
    # The office may read the unit's documents.
    response = office.context.request.get(f"/nominations/{nomination.pk}/attachments/{attachment.pk}/")
    assert response.status == 200 and response.body() == PDF
    _move(office, "received")
    _status(office, "received")
    nomination.refresh_from_db()
    assert nomination.appraisal_due_on is not None
    expect(office.locator("#appraisal-due")).to_contain_text(nomination.appraisal_due_on.strftime("%d/%m/%Y"))
    expect(office.locator("#appraisal-due .days-left")).to_contain_text("25")

    vanphong = get_user_model().objects.get(username="vanphong")
    expect(office.locator("#move-in_appraisal [name=appraiser]")).to_have_value(str(vanphong.pk))
    _move(office, "in_appraisal")
    _status(office, "in_appraisal")
    nomination.refresh_from_db()
    assert nomination.appraiser_id == vanphong.pk
    verdict = office.locator("#appraisal-form")
    verdict.locator(f"input[name=eligible_{item.pk}][value=yes]").check()
    verdict.locator(f"[name=reason_{item.pk}]").fill("Đủ tiêu chuẩn theo khoản 1 Điều 74 Luật Thi đua, khen thưởng.")
    office.screenshot(path=screenshot_dir / "awards-appraisal-form.png", full_page=True)
    _post(office, verdict.locator("#save-appraisal"))
    item.refresh_from_db()
    assert (item.appraisal_eligible, item.eligible_by_rules) == (True, True)
    expect(office.locator(f"input[name=eligible_{item.pk}][value=yes]")).to_be_checked()
    _move(office, "appraised")
    _status(office, "appraised")
    expect(office.locator(f"#item-{item.pk} .appraisal-verdict")).to_have_class(re.compile(r"\bok\b"))
    expect(office.locator("#move-at_council")).to_have_count(0)  # a Bằng khen: no vote of the council
    _move(office, "approved")
    _status(office, "approved")
    expect(office.locator("#council-conclusion")).to_have_count(0)

    # ── 4. The decision: prepared by the office, signed by the Chairman from his desk, issued by the office ──
    office.locator(".subnav a[href='/decisions/new/']").click()
    office.wait_for_url(f"{base_url}/decisions/new/")
    form = office.locator("#decision-form")
    form.locator("[name=symbol]").fill("QĐ-UBND")
    form.locator(f"#grant-{item.pk}").check()
    _post(office, form.locator("#prepare-decision"))
    office.wait_for_url(re.compile(r"/decisions/\d+/$"))
    decision = Decision.objects.get(pk=int(urlsplit(office.url).path.strip("/").split("/")[-1]))
    assert (decision.status, decision.number, list(decision.items.values_list("pk", flat=True))) == (
        "awaiting_signature", "", [item.pk])
    expect(office.locator("#decision-status")).to_have_class(re.compile(r"\bstatus-awaiting_signature\b"))
    expect(office.locator("#issue-decision")).to_have_count(0)  # not before the signature
    assert not Award.objects.filter(nomination_item=item).exists()

    chairman = new_page("chutich")
    chairman.goto("/desk/")
    _post(chairman, chairman.locator(f"#sign-{decision.pk} [type=submit]"))
    decision.refresh_from_db()
    assert (decision.status, decision.signed_by.username) == ("signed", "chutich")

    office.reload()
    _post(office, office.locator("#issue-decision"))
    office.wait_for_url(f"{base_url}/decisions/{decision.pk}/")
    award = Award.objects.get(nomination_item=item)
    decision.refresh_from_db()
    assert award.decision_id == decision.pk
    # Numbered from the province's book on the day it was signed, signed by the Chairman (the demo's Signatory).
    assert (decision.status, decision.symbol, decision.signed_on) == (
        "issued", "QĐ-UBND", timezone.localdate(decision.signed_at))
    assert decision.number != "" and decision.signer_title == "CHỦ TỊCH"
    expect(office.locator("#decision-number")).to_have_text(decision.number)
    assert (award.person_id, award.award_type_id, award.year, award.recipient_name) == (
        person.pk, bang_khen.pk, YEAR, NAME)
    nomination.refresh_from_db()
    assert nomination.status == "decided"
    rows = office.locator("#decision-awards tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text(NAME)

    # Printed, the decision page keeps its awards and drops the menus and buttons.
    office.emulate_media(media="print")
    expect(office.locator("header.topbar")).to_be_hidden()
    expect(office.locator(".subnav")).to_be_hidden()
    expect(office.locator("#decision-document")).to_be_hidden()
    expect(office.locator("#decision-awards")).to_be_visible()
    office.screenshot(path=screenshot_dir / "awards-decision-print.png", full_page=True)
    office.emulate_media(media="screen")
    expect(office.locator("header.topbar")).to_be_visible()

    # The DOCX decision names the person in its annex.
    with office.expect_download() as download:
        office.locator("#decision-document").click()
    path = tmp_path / "decision.docx"
    download.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    words = "\n".join([p.text for p in document.paragraphs]
                      + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert NAME in words

    # ── 5. The award's page and its certificate ──
    rows.first.locator("th a").click()
    office.wait_for_url(f"{base_url}/awards/{award.pk}/")
    link = office.locator("#certificate-link")
    href = link.get_attribute("href")
    assert href == f"/awards/{award.pk}/certificate.pdf"
    response = office.context.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    text = unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))
    assert NAME in text

    # The unit sees its dossier decided, with the award linked.
    page.reload()
    _status(page, "decided")
    expect(page.locator(f"#item-{item.pk} a.award-link")).to_have_attribute("href", f"/awards/{award.pk}/")
    assert broken_assets == []

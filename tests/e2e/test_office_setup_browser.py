"""End-to-end: the council office prepares next year from its own pages — the year's blocks with their heads and
deputies, the campaign (its content area, participants, a deadline with its recipients, a distribution line) and two
users invited by email — then a new unit, a block's deputy rotated and a title's money coefficient, without ever
opening the Django admin (superusers' only). The setup pages pass ``check_page`` (screenshots at 1366 and 390 px, no
sideways scroll, axe-core)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import expect
from tests.e2e.pagecheck import check_page

pytestmark = pytest.mark.browser


def _submit(page, form_selector: str) -> None:
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator(f"{form_selector} [type=submit]").last.click()
    assert response.value.status == 302, response.value.text()[:2000]
    page.wait_for_load_state()


def test_the_office_prepares_next_year_without_the_admin(page, login, e2e_demo, media_root):
    from django.core import mail
    from django.utils import timezone

    from thidua.accounts.models import RoleAssignment, User
    from thidua.campaigns.models import Campaign
    from thidua.org.models import Cluster, Unit

    year = timezone.localdate().year + 1
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    login("vanphong")
    page.goto("/")
    page.locator("#nav-setup").click()
    page.wait_for_url(re.compile(r"/setup/$"))
    check_page(page, "setup")

    # ── 1. The year's blocks, each with its head and deputy ──
    names = {code: Unit.objects.get(code=code).name for code in ("SYT", "SGDDT", "SLDTBXH", "SKHDT", "STC")}
    for title, members, head, deputy in [(f"Khối văn hóa - xã hội {year}", ["SYT", "SGDDT", "SLDTBXH"], "SYT", "SGDDT"),
                                         (f"Khối kinh tế {year}", ["SKHDT", "STC"], "SKHDT", "STC")]:
        page.goto("/setup/")
        page.locator("#setup-cluster").click()
        page.locator("#id_name").fill(title)
        page.locator("#id_kind").select_option("block")
        page.locator("#id_year").fill(str(year))
        page.locator("#id_members").select_option(label=[names[c] for c in members])
        page.locator("#id_head").select_option(label=names[head])
        page.locator("#id_deputy").select_option(label=names[deputy])
        _submit(page, "#cluster-form")
        expect(page.locator("#cluster-list")).to_contain_text(title)
    blocks = Cluster.objects.filter(year=year)
    assert blocks.count() == 2
    assert blocks.get(name__startswith="Khối văn hóa").head_unit.code == "SYT"
    check_page(page, "setup-clusters")

    # ── 2. The campaign: its draft, a content area, both blocks, a deadline, a distribution line ──
    page.goto("/setup/")
    page.locator("#setup-campaign").click()
    page.locator("#id_code").fill(f"NR-{year}-E2E")
    page.locator("#id_title").fill(f"Phát động phong trào thi đua năm {year}")
    page.locator("#id_year").fill(str(year))
    page.locator("#id_kind").select_option("regular")
    _submit(page, "#campaign-form")
    campaign = Campaign.objects.get(code=f"NR-{year}-E2E")
    page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/setup/$"))
    page.locator("#content-form #id_title").fill("Thi đua hoàn thành các chỉ tiêu kinh tế - xã hội")
    page.locator("#content-form #id_body").fill("Phấn đấu hoàn thành vượt mức các chỉ tiêu được giao.")
    _submit(page, "#content-form")
    for block in blocks:
        page.locator(f"#participation-form input[value='{block.pk}']").check()
    _submit(page, "#participation-form")
    page.locator("#distribution-form #id_name").fill("Bộ Nội vụ")
    page.locator("#distribution-form #id_purpose").fill("để báo cáo")
    _submit(page, "#distribution-form")
    check_page(page, "setup-campaign")
    page.locator("#deadline-new").click()
    page.locator("#id_code").fill("KH-PHAT-DONG")
    page.locator("#id_title").fill("Kế hoạch phát động của đơn vị")
    page.locator("#id_due_on").fill(f"{year}-03-31")
    page.locator("input[name=recipients][value=cluster_head]").check()
    page.locator("input[name=recipients][value=council_office]").check()
    _submit(page, "form.form")
    campaign.refresh_from_db()
    assert campaign.contents.count() == 1
    assert set(campaign.participations.values_list("cluster_id", flat=True)) == set(blocks.values_list("pk",
                                                                                                       flat=True))
    deadline = campaign.deadlines.get(code="KH-PHAT-DONG")
    assert set(deadline.recipients.values_list("kind", flat=True)) == {"cluster_head", "council_office"}
    assert list(campaign.distribution.values_list("name", flat=True)) == ["Bộ Nội vụ"]

    # ── 3. Two users, invited by email with a role in a unit ──
    for username, full_name, code in [("sogiaoduc-e2e", "Đỗ Văn Giáo", "SGDDT"), ("sotaichinh-e2e", "Lý Thị Chính",
                                                                                 "STC")]:
        page.goto("/setup/")
        page.locator("#setup-users").click()
        page.locator("#invite-form #id_username").fill(username)
        page.locator("#invite-form #id_full_name").fill(full_name)
        page.locator("#invite-form #id_email").fill(f"{username}@bacninh.gov.vn")
        page.locator("#invite-form #id_role").select_option("unit_clerk")
        page.locator("#invite-form #id_unit").select_option(label=names[code])
        _submit(page, "#invite-form")
        expect(page.locator("#user-username")).to_have_text(username)
        assert RoleAssignment.objects.filter(user__username=username, role="unit_clerk", unit__code=code).exists()
    assert User.objects.filter(username__endswith="-e2e", is_active=True).count() == 2
    page.goto("/accounts/users/")
    check_page(page, "setup-users")
    assert sorted(m.to[0] for m in mail.outbox) == ["sogiaoduc-e2e@bacninh.gov.vn", "sotaichinh-e2e@bacninh.gov.vn"]

    # ── 4. A new unit, a block's deputy rotated, a title's coefficient: still no admin ──
    from thidua.awards.models import AwardTerms
    from thidua.org.models import Cluster, Unit

    page.goto("/setup/")
    page.locator("#setup-unit").click()
    page.locator("#unit-form #id_code").fill("TT-CDS")
    page.locator("#unit-form #id_name").fill("Trung tâm Chuyển đổi số tỉnh")
    page.locator("#unit-form #id_kind").select_option("department")
    _submit(page, "#unit-form")
    assert Unit.objects.filter(code="TT-CDS", name="Trung tâm Chuyển đổi số tỉnh").exists()

    block = Cluster.objects.filter(pk__in=blocks.values("pk")).order_by("id").first()
    deputy = block.memberships.exclude(unit_id__in=[block.head_unit_id, block.deputy_unit_id or 0]).first().unit
    page.goto(f"/clusters/{block.pk}/")
    page.locator("#cluster-leadership-link").click()
    page.locator("#leadership-form #id_deputy").select_option(str(deputy.pk))
    _submit(page, "#leadership-form")
    block.refresh_from_db()
    assert block.deputy_unit_id == deputy.pk

    terms = AwardTerms.objects.filter(award_type__code="CSTD_CS").order_by("-regime__valid_from").first()
    page.goto("/setup/")
    page.locator("#setup-catalog").click()
    page.locator(f"a[href='/award-types/{terms.award_type_id}/']").first.click()
    check_page(page, "setup-award-type")
    form = page.locator(f"#terms-{terms.pk}-form")
    form.locator(f"#id_terms-{terms.pk}-money_coefficient").fill("1,5")
    form.locator(f"#id_terms-{terms.pk}-money_basis").fill("Điều 72 Nghị định 98/2023/NĐ-CP")
    _submit(page, f"#terms-{terms.pk}-form")
    terms.refresh_from_db()
    assert str(terms.money_coefficient) == "1.50"

    assert not [url for url in visited if "/admin/" in url], "the office never opens the Django admin"

"""Pages of the catalog, the registry (search, XLSX export, statistics, one award, revocation, certificate),
people's records and a collective's years: the values shown, who may see and change what, and query counts.

Awards here are in years no demo data uses (1990–1999), and filters name those years, so what a page lists is
exactly what the test made.
"""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from tests.awards.conftest import award_type, catalog_codes, catalog_node, catalog_terms, grant, new_person, new_unit
from tests.support import count_queries, signed_in
from thidua.awards import tallies
from thidua.awards.models import Award, AwardType, Discipline, Initiative, PersonRating, UnitYear
from thidua.awards.services import award_revoke
from thidua.core.jobs import job_run
from thidua.core.models import AuditEvent, Holiday, Job
from thidua.core.text import fold
from thidua.org import services as org_services
from thidua.org.models import Person

ROW_IDS = re.compile(r'<tr id="award-(\d+)"')


def listed(response) -> set[int]:
    return {int(pk) for pk in ROW_IDS.findall(response.content.decode())}


def registry(client, **params):
    return client.get(reverse("awards:registry"), params)


@pytest.fixture
def units(province):
    return {"hh": province.unit("H-HH"), "yt": province.unit("H-YT")}


@pytest.fixture
def people(province, units):
    return {"bich": province.person("Đỗ Thị Bích"), "an": province.person("Nguyễn Văn An")}


# ── the catalog ─────────────────────────────────────────────────────────────────────────────────────────────


def _section(page: str, start: str, end: str | None = None) -> str:
    begin = page.index(start)
    return page[begin:page.index(end, begin)] if end else page[begin:]


def _tree_codes(nodes: list[dict]) -> list[str]:
    return [code for node in nodes for code in [node["code"], *_tree_codes(node.get("children", []))]]


def test_catalog_shows_every_regime_and_the_types_it_knows_with_their_rules_readably(province):
    response = signed_in("yenthe", language="en").get(reverse("awards:catalog"))
    assert response.status_code == 200
    page = response.content.decode()
    # One block per regime, in the order they came into force; each lists the types it knows, in the catalog's
    # order (fewer under the 2003 law than the 22 of the 2022 law).
    # The province's regulation (Bắc Ninh's, in the demo) comes after the national regimes; it sets no numbers yet.
    assert re.findall(r'<section class="card regime" id="regime-([\w-]+)"', page) == [
        "luat-2003-nd91", "luat-2022-nd98", "luat-2022-nd152", "tinh-862025q-ubnd-ngay-03122025"]
    blocks = dict(zip(["luat-2003-nd91", "luat-2022-nd98", "luat-2022-nd152"],
                      page.split('<section class="card regime"')[1:4], strict=True))
    assert "Province's regulation (86/2025/QĐ-UBND ngày 03/12/2025)" in page
    for code, block in blocks.items():
        assert re.findall(rf'<section class="award-type" id="type-{code}-(\w+)"', block) == catalog_codes(code)
    assert len(catalog_codes("luat-2003-nd91")) < len(catalog_codes("luat-2022-nd152")) == AwardType.objects.count()
    old = blocks["luat-2003-nd91"]
    assert "In force: 01/10/2017 – 31/12/2023" in old and "91/2017/NĐ-CP: Nghị định số 91/2017/NĐ-CP" in old
    assert 'id="type-luat-2003-nd91-XA_TIEU_BIEU"' not in old
    assert "In force: 01/07/2025 – now" in blocks["luat-2022-nd152"]

    # Chiến sĩ thi đua cơ sở under the 2003 law: its coefficient, its rules in the catalog's order, each with its
    # label, its numbers in words and its citation (among them the 15% quota of NĐ 91/2017).
    cstd = _section(old, 'id="type-luat-2003-nd91-CSTD_CS"', 'id="type-luat-2003-nd91-CSTD_TINH"')
    spec = catalog_terms("luat-2003-nd91", "CSTD_CS")
    assert "Chiến sĩ thi đua cơ sở" in cstd
    assert f'<dd class="coefficient">1.00 <small class="muted">({spec["money_basis"]})</small></dd>' in cstd
    assert re.findall(r'data-code="([\w-]+)"', cstd) == _tree_codes(spec["rules"])
    quota = catalog_node("luat-2003-nd91", "CSTD_CS", "quota-15")
    quota_html = _section(cstd, 'data-code="quota-15"', "</li>")
    assert f"<strong>{quota['label']}</strong>" in quota_html
    assert '<span class="params">— Share of: Lao động tiên tiến; Percent: 15\u00a0%</span>' in quota_html
    assert quota["legal_basis"] in quota_html and "Điều 9 Nghị định số 91/2017/NĐ-CP" in quota["legal_basis"]
    tinh = _section(old, 'id="type-luat-2003-nd91-CSTD_TINH"', 'id="type-luat-2003-nd91-TTLDTT"')
    assert "Titles: Chiến sĩ thi đua cơ sở; Years: 3" in tinh
    assert "At level: Province or higher" in tinh
    # A group reads as such, with its alternatives nested under it (Bằng khen: one of the grounds).
    bang_khen = _section(old, 'id="type-luat-2003-nd91-BK_CN"', 'id="type-luat-2003-nd91-BK_TT"')
    grounds = _section(bang_khen, 'data-code="grounds"')
    assert "<strong>Đạt một trong các tiêu chuẩn</strong> <em>(One of the following)</em>" in grounds
    assert re.findall(r'data-code="([\w-]+)"', grounds)[:6] == [
        "grounds", "movement", "ad-hoc", "two-years", "excellent-2", "initiatives-2"]
    assert "<em>(All of the following)</em>" in _section(grounds, 'data-code="two-years"', "<small")
    # Each regime shows its own coefficient for the same flag.
    for code in ("luat-2003-nd91", "luat-2022-nd152"):
        flag = _section(blocks[code], f'id="type-{code}-CO_TINH"', "</section>")
        assert f'<dd class="coefficient">{catalog_terms(code, "CO_TINH")["money_coefficient"]} ' in flag


def test_catalog_holidays_and_facts_are_edited_in_the_admin(province):
    for model in (AwardType, PersonRating, Initiative, Discipline, UnitYear, Holiday):
        assert admin.site.is_registered(model), model
    from django.test import Client

    from thidua.accounts.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("root-registry", "root@example.org", "x"))
    cstd = award_type("CSTD_CS")
    page = client.get(reverse("admin:awards_awardtype_change", args=[cstd.pk]))
    assert page.status_code == 200
    # The type's rules, among them NĐ 91/2017's 15% quota for 2021 and before.
    assert catalog_node("luat-2003-nd91", "CSTD_CS", "quota-15")["legal_basis"] in page.content.decode()
    for name in ("admin:core_holiday_add", "admin:awards_personrating_changelist", "admin:awards_unityear_changelist"):
        assert client.get(reverse(name)).status_code == 200, name
    added = client.post(reverse("admin:core_holiday_add"), {"date": "1999-09-02", "name": "Quốc khánh"})
    assert added.status_code == 302
    holiday = Holiday.objects.get(date=datetime.date(1999, 9, 2))
    assert AuditEvent.objects.filter(action="admin.core.holiday.created", target_id=holiday.pk).count() == 1


# ── the registry ────────────────────────────────────────────────────────────────────────────────────────────


def test_registry_searches_by_name_year_type_and_status(province, units, people):
    bich, an = people["bich"], people["an"]
    ldtt_bich = grant("LDTT", 1991, person=bich, unit=units["hh"])
    cstd_bich = grant("CSTD_CS", 1991, person=bich, unit=units["hh"])
    ldtt_an = grant("LDTT", 1991, person=an, unit=units["yt"])
    old = grant("LDTT", 1990, person=an, unit=units["yt"])
    award_revoke(by=None, award=ldtt_an, reason="Khai man thành tích")
    client = signed_in("vanphong", language="en")

    assert listed(registry(client, q="do thi BICH")) >= {ldtt_bich.pk, cstd_bich.pk}
    assert ldtt_an.pk not in listed(registry(client, q="do thi bich"))
    assert listed(registry(client, year=1991)) == {ldtt_bich.pk, cstd_bich.pk, ldtt_an.pk}
    assert listed(registry(client, year=1991, award_type=award_type("LDTT").pk)) == {ldtt_bich.pk, ldtt_an.pk}
    assert listed(registry(client, year=1991, status="revoked")) == {ldtt_an.pk}
    assert listed(registry(client, person=an.pk)) >= {ldtt_an.pk, old.pk}
    assert ldtt_bich.pk not in listed(registry(client, person=an.pk))

    page = registry(client, year=1991).content.decode()
    assert reverse("awards:award", args=[ldtt_bich.pk]) in page
    revoked_row = re.search(rf'<tr id="award-{ldtt_an.pk}" class="revoked">.*?</tr>', page, re.S).group(0)
    assert '<span class="pill revoked">Revoked</span>' in revoked_row
    assert f'<tr id="award-{ldtt_bich.pk}">' in page  # not marked
    assert '<span id="registry-count">3 awards</span>' in page


def test_registry_by_unit_includes_the_units_merged_into_it_and_says_so(province, units):
    old = new_unit("OLD-HH", "UBND xã Cũ Hiệp Hòa")
    org_services.lineage_record(by=None, kind="merge", source=old, target=units["hh"],
                                effective_on=datetime.date(1995, 1, 1))
    before_merger = grant("TTLDTT", 1993, unit=old)
    after = grant("TTLDTT", 1996, unit=units["hh"])
    elsewhere = grant("TTLDTT", 1996, unit=units["yt"])
    response = registry(signed_in("vanphong", language="en"), unit=units["hh"].pk)
    found = listed(response)
    assert {before_merger.pk, after.pk} <= found
    assert elsewhere.pk not in found
    page = response.content.decode()
    assert "The unit's awards include those of the units that merged into it" in page
    assert "Included: UBND xã Cũ Hiệp Hòa." in page


def test_registry_finds_units_by_the_words_of_their_name_not_from_a_list_of_every_unit(province, units):
    """Issue 16, part 5: the unit filter was a <select> of every unit (1,000 options at province scale); now the
    words of a name ("hiep hoa") find the unit, its merged predecessors included, and each unit found is a link
    that narrows the search to it."""
    old = new_unit("OLD-HH2", "UBND xã Cũ Hiệp Hòa Hai")
    org_services.lineage_record(by=None, kind="merge", source=old, target=units["hh"],
                                effective_on=datetime.date(1995, 1, 1))
    before_merger = grant("TTLDTT", 1993, unit=old)
    hiep_hoa = grant("TTLDTT", 1996, unit=units["hh"])
    yen_the = grant("TTLDTT", 1996, unit=units["yt"])
    client = signed_in("vanphong")
    page = client.get(reverse("awards:registry")).content.decode()
    assert '<select name="unit"' not in page and 'id="id_unit_name"' in page
    response = registry(client, unit_name="huyen hiep")
    assert {before_merger.pk, hiep_hoa.pk} <= listed(response) and yen_the.pk not in listed(response)
    found = response.content.decode()
    assert f'unit={units["hh"].pk}"' in found and units["hh"].name in found
    narrowed = registry(client, unit=units["hh"].pk)
    assert 'id="unit-chosen"' in narrowed.content.decode() and units["hh"].name in narrowed.content.decode()
    assert yen_the.pk not in listed(narrowed)
    nothing = registry(client, unit_name="khong co don vi nay")
    assert listed(nothing) == set() and 'id="units-found"' in nothing.content.decode()


def test_registry_unit_search_costs_the_same_queries_for_few_or_many_units(province, units):
    from tests.support import count_queries

    client = signed_in("vanphong")
    one = count_queries(client, reverse("awards:registry") + "?unit_name=hiep+hoa")
    many = count_queries(client, reverse("awards:registry") + "?unit_name=ubnd")
    assert one == many


def test_registry_search_from_htmx_gets_the_results_only(province, units, people):
    award = grant("LDTT", 1991, person=people["bich"], unit=units["hh"])
    response = signed_in("vanphong").get(reverse("awards:registry"), {"year": 1991}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert listed(response) == {award.pk}


def test_registry_search_matching_nothing_says_so(province):
    page = registry(signed_in("vanphong"), q="khong ai co ten nay").content.decode()
    assert 'id="no-awards"' in page
    assert 'id="registry-count"' in page


def test_registry_bad_year_is_a_400_listing_nothing(province):
    response = registry(signed_in("vanphong"), year="abc")
    assert response.status_code == 400
    assert listed(response) == set()


def test_registry_clerk_sees_only_their_units_awards(province, units, people):
    mine = grant("LDTT", 1992, person=people["an"], unit=units["yt"])
    theirs = grant("LDTT", 1992, person=people["bich"], unit=units["hh"])
    assert listed(registry(signed_in("yenthe"), year=1992)) == {mine.pk}
    assert theirs.pk in listed(registry(signed_in("hiephoa"), year=1992))


def _bulk_awards(province, count: int) -> None:
    ldtt = award_type("LDTT")
    unit = province.unit("H-YT")
    person = province.person("Nguyễn Văn An")
    Award.objects.bulk_create([
        Award(award_type=ldtt, person=person if i % 2 else None, unit=unit, year=1990 + i % 10,
              recipient_name=f"Người nhận {i}", search_text=fold(f"Người nhận {i}"),
              decision_reference=f"{i}/QĐ-UBND")
        for i in range(count)])
    tallies.rebuild()  # written around the services, as the bench does


@pytest.mark.parametrize("username", ["vanphong", "yenthe"])
def test_registry_page_queries_do_not_grow_with_the_awards(province, username):
    client = signed_in(username)
    url = reverse("awards:registry") + "?year=&q="
    _bulk_awards(province, 10)
    few = count_queries(client, url)
    _bulk_awards(province, 90)
    many = count_queries(client, url)
    assert few == many
    assert len(listed(client.get(url))) == 100


# ── XLSX export ─────────────────────────────────────────────────────────────────────────────────────────────


def _export_rows(username: str, first_row: int, **filters) -> list[list]:
    """Start the export as the registry page's button does, run the job as the worker would, read its file."""
    url = reverse("awards:registry_export") + "?" + "&".join(f"{k}={v}" for k, v in filters.items())
    response = signed_in(username).post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    job = job_run(Job.objects.latest("pk").pk)
    assert (job.status, job.result_name.endswith(".xlsx")) == ("succeeded", True)
    with job.result.open("rb") as stored:
        sheet = openpyxl.load_workbook(io.BytesIO(stored.read())).active
    return [list(row) for row in sheet.iter_rows(min_row=first_row, values_only=True)]


def test_registry_export_has_exactly_the_filters_rows(province, units, people):
    bich, an = people["bich"], people["an"]
    first = grant("LDTT", 1994, person=bich, unit=units["hh"], reference="12/QĐ-UBND")
    second = grant("TTLDTT", 1994, unit=units["yt"], reference="13/QĐ-UBND")
    grant("LDTT", 1995, person=an, unit=units["yt"])  # another year: not exported
    award_revoke(by=None, award=second, reason="Khai man thành tích")
    assert _export_rows("vanphong", 4, year=1994) == [
        ["Năm", "Danh hiệu/Hình thức", "Cấp", "Đối tượng", "Họ tên / Tên tập thể", "Đơn vị", "Quyết định",
         "Trạng thái", "Lý do hủy bỏ"],
        [1994, "Tập thể lao động tiên tiến", "Cơ sở", "Tập thể", "UBND huyện Yên Thế", "UBND huyện Yên Thế",
         "13/QĐ-UBND", "Đã hủy bỏ", "Khai man thành tích"],
        [1994, "Lao động tiên tiến", "Cơ sở", "Cá nhân", "Đỗ Thị Bích", "UBND huyện Hiệp Hòa", "12/QĐ-UBND",
         "Có hiệu lực", None],
    ]
    assert first.pk < second.pk  # newest first, as in the page


def test_registry_export_is_scoped_to_the_clerk(province, units, people):
    grant("LDTT", 1997, person=people["bich"], unit=units["hh"])
    mine = grant("LDTT", 1997, person=people["an"], unit=units["yt"])
    assert [row[4] for row in _export_rows("yenthe", 5, year=1997)] == [mine.recipient_name]


# ── statistics ──────────────────────────────────────────────────────────────────────────────────────────────


def _stat_row(page: str, section: str, label: str) -> tuple[int, int, int]:
    part = page[page.index(f'id="{section}"'):]
    part = part[:part.index("</section>")]
    found = re.search(rf'<tr><th scope="row">{re.escape(label)}</th><td class="num">(\d+)</td>'
                      rf'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', part)
    assert found, (section, label)
    return tuple(int(n) for n in found.groups())


def test_statistics_count_by_year_title_level_and_unit(province, units, people):
    grant("LDTT", 1996, person=people["bich"], unit=units["hh"])
    grant("CSTD_TINH", 1996, person=people["bich"], unit=units["hh"])
    grant("TTLDTT", 1996, unit=units["yt"])
    grant("TTLDTT", 1998, unit=units["yt"])
    revoked = grant("LDTT", 1998, person=people["an"], unit=units["yt"])
    award_revoke(by=None, award=revoked, reason="Khai man")
    grant("LDTT", 1999, person=people["an"], unit=units["yt"])  # outside the range
    client = signed_in("vanphong", language="en")
    response = client.get(reverse("awards:statistics"), {"year_from": 1996, "year_to": 1998})
    assert response.status_code == 200
    page = response.content.decode()
    assert _stat_row(page, "by-year", "1996") == (3, 2, 1)
    assert _stat_row(page, "by-year", "1998") == (1, 0, 1)
    assert "1999" not in page[page.index('id="by-year"'):page.index('id="by-title"')]
    assert _stat_row(page, "by-title", "Tập thể lao động tiên tiến") == (2, 0, 2)
    assert _stat_row(page, "by-level", "Province") == (1, 1, 0)
    assert _stat_row(page, "by-level", "Grassroots") == (3, 1, 2)
    assert _stat_row(page, "by-unit", "UBND huyện Yên Thế") == (2, 0, 2)
    assert _stat_row(page, "by-unit", "UBND huyện Hiệp Hòa") == (2, 2, 0)
    assert _stat_row(page, "by-year", "All awards") == (4, 2, 2)

    with_revoked = client.get(reverse("awards:statistics"),
                              {"year_from": 1996, "year_to": 1998, "include_revoked": "on"}).content.decode()
    assert _stat_row(with_revoked, "by-year", "1998") == (2, 1, 1)


def test_statistics_reversed_range_is_a_400(province):
    response = signed_in("vanphong").get(reverse("awards:statistics"), {"year_from": 1999, "year_to": 1990})
    assert response.status_code == 400


# ── one award: details, revocation, certificate ─────────────────────────────────────────────────────────────


def test_award_page_shows_details_and_the_office_revokes_with_a_reason(province, units, people):
    award = grant("BK_CN", 1993, person=people["an"], unit=units["yt"], reference="45/QĐ-UBND")
    office = signed_in("vanphong", language="en")
    url = reverse("awards:award", args=[award.pk])
    page = office.get(url).content.decode()
    assert f"<h1>{award_type('BK_CN').name}: Nguyễn Văn An</h1>" in page
    assert "45/QĐ-UBND" in page
    assert reverse("awards:certificate", args=[award.pk]) in page
    assert 'id="revoke"' in page

    empty = office.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "  "})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    award.refresh_from_db()
    assert award.status == "active"

    done = office.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "Khai man thành tích"})
    assert done.status_code == 302
    award.refresh_from_db()
    assert (award.status, award.revocation_reason) == ("revoked", "Khai man thành tích")
    page = office.get(url).content.decode()
    assert '<span id="revocation-reason">Khai man thành tích</span>' in page
    assert f"on {award.revoked_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))):%d/%m/%Y}" in page
    assert 'id="revoke"' not in page
    assert 'id="certificate-link"' not in page
    assert AuditEvent.objects.filter(action="awards.award.revoked", target_id=award.pk).count() == 1


def test_clerk_cannot_revoke(province, units, people):
    own = grant("LDTT", 1993, person=people["an"], unit=units["yt"])
    other = grant("LDTT", 1993, person=people["bich"], unit=units["hh"])
    clerk = signed_in("yenthe")
    page = clerk.get(reverse("awards:award", args=[own.pk]))
    assert page.status_code == 200
    assert 'id="revoke"' not in page.content.decode()
    assert clerk.post(reverse("awards:award_revoke", args=[own.pk]), {"reason": "x"}).status_code == 403
    assert clerk.post(reverse("awards:award_revoke", args=[other.pk]), {"reason": "x"}).status_code == 404
    assert clerk.get(reverse("awards:award", args=[other.pk])).status_code == 404
    assert Award.objects.filter(pk__in=[own.pk, other.pk], status="revoked").count() == 0


@pytest.mark.debian_package("fonts-liberation2")
def test_certificate_is_an_inline_pdf(province, units, people):
    award = grant("BK_CN", 1993, person=people["an"], unit=units["yt"])
    response = signed_in("vanphong").get(reverse("awards:certificate", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")


@pytest.mark.debian_package("fonts-liberation2")
def test_certificate_on_the_blank_prints_only_the_variable_text(province, units, people):
    import io

    import pypdf

    award = grant("BK_CN", 1993, person=people["an"], unit=units["yt"])
    full = signed_in("vanphong").get(reverse("awards:certificate", args=[award.pk]))
    blank = signed_in("vanphong").get(reverse("awards:certificate", args=[award.pk]) + "?blank=1")
    assert blank.status_code == 200
    full_text = pypdf.PdfReader(io.BytesIO(full.content)).pages[0].extract_text()
    blank_text = pypdf.PdfReader(io.BytesIO(blank.content)).pages[0].extract_text()
    # The blank carries the national title and the heading already: only the name and the rest are printed.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in full_text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in blank_text
    assert award.recipient_name in blank_text


def test_certificate_of_a_title_without_one_is_a_400_with_the_reason(province, units, people):
    award = grant("LDTT", 1993, person=people["an"], unit=units["yt"])
    response = signed_in("vanphong", language="en").get(reverse("awards:certificate", args=[award.pk]))
    assert response.status_code == 400
    assert "Lao động tiên tiến has no printed certificate" in response.content.decode()


# ── people ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_person_page_shows_the_record(province, units, people):
    bich = people["bich"]
    from thidua.awards import services

    services.rating_record(by=None, person=bich, unit=units["hh"], year=1995, rating="excellent")
    services.initiative_record(by=None, person=bich, year=1995, title="Số hóa hồ sơ một cửa", level="province")
    services.discipline_record(by=None, person=bich, year=1990, measure="reprimand", decision_reference="7/QĐ-KL")
    services.rating_record(by=province.user("hiephoa"), person=bich, unit=units["hh"], year=1994, rating="good")
    award = grant("CSTD_CS", 1995, person=bich, unit=units["hh"])
    response = signed_in("hiephoa", language="en").get(reverse("awards:person", args=[bich.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # Each fact says whether it is confirmed (entered by the system here) or only declared (by the unit's clerk).
    confirmed = '<td><span class="pill ok fact-confirmed">Confirmed</span></td></tr>'
    assert f"<tr><td>1995</td><td>Completed tasks excellently</td><td>UBND huyện Hiệp Hòa</td>{confirmed}" in page
    assert ("<tr><td>1994</td><td>Completed tasks well</td><td>UBND huyện Hiệp Hòa</td><td><span class=\"pill "
            "declared fact-declared\">Declared, not yet confirmed</span>") in page
    assert '<td>Số hóa hồ sơ một cửa <small class="muted">(Initiative)</small></td><td>Province</td>' in page
    assert f"<tr><td>1990</td><td>Reprimand</td><td>7/QĐ-KL</td><td>31/12/1990</td>{confirmed}" in page
    assert reverse("awards:award", args=[award.pk]) in page
    assert 'id="rating-form"' in page
    assert "Trưởng phòng Nội vụ" in page  # the job


def test_clerk_of_another_unit_cannot_see_or_add_facts_to_the_person(province, people):
    bich = people["bich"]
    clerk = signed_in("yenthe")
    assert clerk.get(reverse("awards:person", args=[bich.pk])).status_code == 404
    for fact, data in (("rating", {"rating-year": 1996, "rating-unit": province.unit_ids["H-HH"],
                                   "rating-rating": "excellent"}),
                       ("initiative", {"initiative-year": 1996, "initiative-title": "X",
                                       "initiative-level": "province"}),
                       ("discipline", {"discipline-year": 1996, "discipline-measure": "warning"})):
        response = clerk.post(reverse("awards:person_fact_add", args=[bich.pk]), {"fact": fact, **data})
        assert response.status_code == 404, fact
    assert not PersonRating.objects.filter(person=bich, year=1996).exists()
    assert not Initiative.objects.filter(person=bich, year=1996).exists()
    assert not Discipline.objects.filter(person=bich, year=1996).exists()


def test_viewer_who_is_not_staff_cannot_add_facts(province, people):
    """The leadership sees every person but records nothing (403)."""
    bich = people["bich"]
    leader = signed_in("chutich")
    page = leader.get(reverse("awards:person", args=[bich.pk]))
    assert page.status_code == 200
    assert 'id="rating-form"' not in page.content.decode()
    response = leader.post(reverse("awards:person_fact_add", args=[bich.pk]),
                           {"fact": "discipline", "discipline-year": 1996, "discipline-measure": "warning"})
    assert response.status_code == 403
    assert not Discipline.objects.filter(person=bich, year=1996).exists()


def test_clerk_records_facts_and_errors_show_inline(province, people):
    bich = people["bich"]
    clerk = signed_in("hiephoa", language="en")
    url = reverse("awards:person_fact_add", args=[bich.pk])
    done = clerk.post(url, {"fact": "rating", "rating-year": 1996, "rating-unit": province.unit_ids["H-HH"],
                            "rating-rating": "good"})
    assert done.status_code == 302
    assert done["Location"] == reverse("awards:person", args=[bich.pk]) + "#ratings"
    assert list(PersonRating.objects.filter(person=bich, year=1996).values_list("year", "rating")) == [
        (1996, "good")]

    done = clerk.post(url, {"fact": "initiative", "initiative-year": 1997, "initiative-title": "Sổ tay số",
                            "initiative-kind": "research", "initiative-level": "grassroots",
                            "initiative-recognition_reference": "5/QĐ"})
    assert done.status_code == 302
    assert list(Initiative.objects.filter(person=bich, year=1997).values_list("year", "title", "kind", "level")) \
        == [(1997, "Sổ tay số", "research", "grassroots")]

    bad = clerk.post(url, {"fact": "discipline", "discipline-year": 2099, "discipline-measure": "warning"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "The year is out of range." in page
    assert '<details class="card no-print fact-form" id="discipline-form" open>' in page
    assert not Discipline.objects.filter(person=bich, year=2099).exists()

    assert clerk.post(url, {"fact": "award"}).status_code == 400


def test_people_list_is_scoped_and_searchable(province, people):
    page = signed_in("hiephoa").get(reverse("awards:people"), {"q": "do thi bich"}).content.decode()
    assert reverse("awards:person", args=[people["bich"].pk]) in page
    clerk = signed_in("yenthe")
    page = clerk.get(reverse("awards:people"), {"q": "do thi bich"}).content.decode()
    assert reverse("awards:person", args=[people["bich"].pk]) not in page
    page = clerk.get(reverse("awards:people"), {"q": "NGUYEN van an"}).content.decode()
    assert reverse("awards:person", args=[people["an"].pk]) in page


def test_person_create_warns_of_a_duplicate_and_creates_on_confirmation(province, units):
    existing = new_person("Trần Thị Hoa", units["hh"], birth=datetime.date(1980, 5, 1))
    clerk = signed_in("hiephoa", language="en")
    data = {"full_name": "tran thi  HOA", "date_of_birth": "1980-05-01", "unit": units["hh"].pk,
            "position": "Chuyên viên", "started_on": "2024-01-02"}
    warned = clerk.post(reverse("awards:person_create"), data)
    assert warned.status_code == 200
    page = warned.content.decode()
    assert 'id="duplicate-warning"' in page
    assert f'<a href="{reverse("awards:person", args=[existing.pk])}">Trần Thị Hoa</a>' in page
    assert 'id="create-anyway"' in page
    assert Person.objects.filter(search_text="tran thi hoa").count() == 1

    created = clerk.post(reverse("awards:person_create"), {**data, "confirm": "1"})
    assert created.status_code == 302
    new = Person.objects.filter(search_text="tran thi hoa").exclude(pk=existing.pk).get()
    assert created["Location"] == reverse("awards:person", args=[new.pk])
    assert new.date_of_birth == datetime.date(1980, 5, 1)
    assert list(new.employments.values_list("unit_id", "position", "started_on")) == [
        (units["hh"].pk, "Chuyên viên", datetime.date(2024, 1, 2))]


def test_person_create_without_a_namesake_or_with_an_id_needs_no_confirmation(province, units):
    new_person("Trần Thị Hoa", units["hh"], birth=datetime.date(1980, 5, 1))
    clerk = signed_in("hiephoa")
    base = {"full_name": "Trần Thị Hoa", "unit": units["hh"].pk, "started_on": "2024-01-02"}
    other_birthday = clerk.post(reverse("awards:person_create"), {**base, "date_of_birth": "1981-05-01"})
    assert other_birthday.status_code == 302
    with_id = clerk.post(reverse("awards:person_create"),
                         {**base, "date_of_birth": "1980-05-01", "national_id": "024180009999"})
    assert with_id.status_code == 302
    assert Person.objects.filter(search_text="tran thi hoa").count() == 3


def test_duplicate_in_another_unit_is_named_but_not_linked(province, units):
    existing = new_person("Trần Thị Hoa", units["hh"], birth=datetime.date(1980, 5, 1))
    page = signed_in("yenthe", language="en").post(reverse("awards:person_create"), {
        "full_name": "Trần Thị Hoa", "date_of_birth": "1980-05-01", "unit": units["yt"].pk,
        "started_on": "2024-01-02"}).content.decode()
    assert 'id="duplicate-warning"' in page
    assert "in another unit" in page
    assert reverse("awards:person", args=[existing.pk]) not in page


def test_person_create_offers_only_the_clerks_units(province, units):
    response = signed_in("yenthe").post(reverse("awards:person_create"), {
        "full_name": "Lê Văn Tư", "unit": units["hh"].pk, "started_on": "2024-01-02", "national_id": "0241"})
    assert response.status_code == 400
    assert not Person.objects.filter(full_name="Lê Văn Tư").exists()


# ── a collective's years ────────────────────────────────────────────────────────────────────────────────────


def test_unit_years_for_the_units_staff(province, units):
    hh = units["hh"]
    clerk = signed_in("hiephoa", language="en")
    url = reverse("awards:unit_years", args=[hh.pk])
    assert clerk.get(url).status_code == 200
    done = clerk.post(url, {"year": 1998, "member_count": 40, "members_completed": 38, "advanced_workers": 30,
                            "rating": "excellent", "worst_discipline": ""})
    assert done.status_code == 302
    row = UnitYear.objects.get(unit=hh, year=1998)
    assert (row.member_count, row.members_completed, row.advanced_workers, row.rating) == (40, 38, 30, "excellent")
    page = clerk.get(url).content.decode()
    assert ('<tr id="year-1998"><th scope="row">1998</th><td class="num">40</td><td class="num">38</td>'
            '<td class="num">30</td><td>Completed tasks excellently</td><td>—</td>') in page

    bad = clerk.post(url, {"year": 1998, "member_count": 10, "members_completed": 11, "advanced_workers": 5})
    assert bad.status_code == 400
    assert "Cannot be more than the number of members." in bad.content.decode()
    row.refresh_from_db()
    assert row.member_count == 40

    office = signed_in("vanphong")
    assert office.get(url).status_code == 200
    other = signed_in("yenthe")
    assert other.get(url).status_code == 404
    assert other.post(url, {"year": 1999, "member_count": 1, "members_completed": 1,
                            "advanced_workers": 1}).status_code == 404
    assert not UnitYear.objects.filter(unit=hh, year=1999).exists()


def test_org_pages_link_to_the_records(province, units, people):
    clerk = signed_in("hiephoa")
    person_page = clerk.get(reverse("org:person_detail", args=[people["bich"].pk])).content.decode()
    assert reverse("awards:person", args=[people["bich"].pk]) in person_page
    unit_page = clerk.get(reverse("org:unit_detail", args=[units["hh"].pk])).content.decode()
    assert reverse("awards:unit_years", args=[units["hh"].pk]) in unit_page

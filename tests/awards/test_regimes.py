"""Legal regimes from the office's side: a province's regulation sets the numbers the law leaves to it, only while
it is in force; facts a unit declares stay "declared" in the verdict until the office or the unit's head confirms
them; the catalog page lists each regime's conditions as a checklist; the API names the regimes, the catalog on a
day, and the tree of each verdict; and an attacker clerk can neither set a province's number nor confirm a fact."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    award_type,
    check,
    english,
    new_person,
    new_unit,
    result,
    unit_year,
)
from tests.support import signed_in
from thidua.accounts import services as account_services
from thidua.accounts.models import User
from thidua.awards import regulation, services
from thidua.awards.models import AwardTerms, EligibilityRule, LegalRegime, PersonRating
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


def office(province) -> User:
    return User.objects.get(pk=province.user_ids["vanphong"])


def clerk(province, name: str = "yenthe") -> User:
    return User.objects.get(pk=province.user_ids[name])


def province_rule(province, *, percent, valid_from=None, valid_to=None, strict=False):
    """A regulation of the province setting the LĐTT share a Tập thể lao động tiên tiến needs."""
    regime = regulation.province_regulation_create(
        by=office(province), name="Quy định công tác thi đua, khen thưởng trên địa bàn tỉnh",
        decision_reference="15/2024/QĐ-UBND ngày 10/01/2024", valid_from=valid_from or D(2024, 1, 1),
        valid_to=valid_to)
    regulation.province_threshold_set(by=office(province), regulation=regime, award_type=award_type("TTLDTT"),
                                      code="ldtt-share", values={"percent": percent, "strict": strict},
                                      legal_basis="Điểm c khoản 2 Điều 12 Quy định")
    return regime


# ── the province's numbers ───────────────────────────────────────────────────────────────────────────────────

def test_the_law_asks_70_percent_ldtt_for_a_2024_collective(province):
    unit = new_unit("DV-P", "Sở Quy định")
    unit_year(unit, 2024, members=20, advanced=13, rating="good")
    verdict = check("TTLDTT", unit=unit, year=2024)
    assert verdict.regime.code == "luat-2022-nd98"
    assert result(verdict, "unit_share") == (
        False, "13 of 20 members are advanced workers (LĐTT) (65\u00a0%; at least 70\u00a0% needed).")


def test_a_province_regulation_sets_its_share_while_in_force(province):
    unit = new_unit("DV-P", "Sở Quy định")
    unit_year(unit, 2024, members=20, advanced=13, rating="good")
    unit_year(unit, 2023, members=20, advanced=13, rating="good")
    regime = province_rule(province, percent=60)
    verdict = check("TTLDTT", unit=unit, year=2024)
    assert [r.code for r in verdict.province_regimes] == [regime.code]
    assert result(verdict, "unit_share") == (
        True, "13 of 20 members are advanced workers (LĐTT) (65\u00a0%; at least 60\u00a0% needed).")
    share = [r for r in verdict.rules if r.rule == "unit_share"][0]
    assert (share.province, share.legal_basis) == (
        True, "Điểm c khoản 2 Điều 12 Quy định (15/2024/QĐ-UBND ngày 10/01/2024)")
    # 2023 is judged under the 2003 law (more than 50 %), before the regulation came into force.
    verdict_2023 = check("TTLDTT", unit=unit, year=2023)
    assert (verdict_2023.regime.code, verdict_2023.province_regimes) == ("luat-2003-nd91", [])
    assert result(verdict_2023, "unit_share") == (
        True, "13 of 20 members are advanced workers (LĐTT) (65\u00a0%; more than 50\u00a0% needed).")


def test_a_regulation_that_has_ended_no_longer_applies(province):
    unit = new_unit("DV-P", "Sở Quy định")
    unit_year(unit, 2025, members=20, advanced=13, rating="good")
    province_rule(province, percent=60, valid_to=D(2024, 12, 31))
    assert result(check("TTLDTT", unit=unit, year=2025), "unit_share")[0] is False


def test_setting_a_number_again_replaces_it_and_removing_it_restores_the_law(province):
    unit = new_unit("DV-P", "Sở Quy định")
    unit_year(unit, 2024, members=20, advanced=13, rating="good")
    regime = province_rule(province, percent=60)
    regulation.province_threshold_set(by=office(province), regulation=regime, award_type=award_type("TTLDTT"),
                                      code="ldtt-share", values={"percent": 66}, legal_basis="Điều 12")
    assert EligibilityRule.objects.filter(regime=regime).count() == 1
    assert result(check("TTLDTT", unit=unit, year=2024), "unit_share")[0] is False
    regulation.province_threshold_remove(by=office(province), regulation=regime,
                                         rule=EligibilityRule.objects.get(regime=regime))
    assert result(check("TTLDTT", unit=unit, year=2024), "unit_share")[1].endswith(
        "(65\u00a0%; at least 70\u00a0% needed).")
    actions = list(AuditEvent.objects.filter(target_id=regime.pk, action__startswith="awards.regulation.")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["awards.regulation.created", "awards.regulation.rule_set", "awards.regulation.rule_set",
                       "awards.regulation.rule_removed"]


@pytest.mark.parametrize(("values", "field"), [
    ({"percent": 150}, "percent"),
    ({"percent": "nhiều"}, "percent"),
    ({"percent": -1}, "percent"),
])
def test_a_bad_number_is_refused_and_nothing_is_written(province, values, field):
    regime = regulation.province_regulation_create(by=office(province), name="Quy định", decision_reference="1/QĐ",
                                                   valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        regulation.province_threshold_set(by=office(province), regulation=regime, award_type=award_type("TTLDTT"),
                                          code="ldtt-share", values=values, legal_basis="Điều 1")
    assert field in caught.value.message_dict
    assert not EligibilityRule.objects.filter(regime=regime).exists()


def test_a_regulation_needs_its_decision_and_a_period_in_order(province):
    before = LegalRegime.objects.filter(scope="province").count()
    with pytest.raises(ValidationError) as caught:
        regulation.province_regulation_create(by=office(province), name="Quy định", decision_reference=" ",
                                              valid_from=D(2024, 1, 1), valid_to=D(2023, 1, 1))
    assert set(caught.value.message_dict) == {"decision_reference"}
    with pytest.raises(ValidationError) as caught:
        regulation.province_regulation_create(by=office(province), name="Quy định", decision_reference="1/QĐ",
                                              valid_from=D(2024, 1, 1), valid_to=D(2023, 1, 1))
    assert set(caught.value.message_dict) == {"valid_to"}
    assert LegalRegime.objects.filter(scope="province").count() == before


def test_an_unknown_rule_code_is_refused(province):
    regime = regulation.province_regulation_create(by=office(province), name="Quy định", decision_reference="1/QĐ",
                                                   valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        regulation.province_threshold_set(by=office(province), regulation=regime, award_type=award_type("LDTT"),
                                          code="ldtt-share", values={"percent": 60}, legal_basis="Điều 1")
    assert "code" in caught.value.message_dict


def test_a_clerk_cannot_record_a_regulation_or_set_a_number(province):
    with pytest.raises(PermissionDenied):
        regulation.province_regulation_create(by=clerk(province), name="Quy định", decision_reference="1/QĐ",
                                              valid_from=D(2024, 1, 1))
    regime = province_rule(province, percent=60)
    with pytest.raises(PermissionDenied):
        regulation.province_threshold_set(by=clerk(province), regulation=regime, award_type=award_type("TTLDTT"),
                                          code="ldtt-share", values={"percent": 10}, legal_basis="Điều 1")
    assert EligibilityRule.objects.get(regime=regime).params["percent"] == 60


def test_the_regulation_pages_for_the_office_and_for_a_clerk(province):
    page = signed_in("vanphong", language="en")
    response = page.post("/regulations/", {"name": "Quy định thi đua của tỉnh",
                                                        "decision_reference": "15/2024/QĐ-UBND",
                                                        "valid_from": "2024-01-01", "valid_to": ""})
    regime = LegalRegime.objects.get(decision_reference="15/2024/QĐ-UBND")
    assert response.status_code == 302 and response.url == f"/regulations/{regime.pk}/"
    ttldtt = award_type("TTLDTT")
    response = page.post(f"/regulations/{regime.pk}/rules", {
        "award_type": ttldtt.pk, "code": "ldtt-share", "percent": "60", "legal_basis": "Điều 12"})
    assert response.status_code == 302
    assert EligibilityRule.objects.get(regime=regime).params == {"field": "advanced_workers", "percent": 60.0,
                                                                 "strict": False}
    bad = page.post(f"/regulations/{regime.pk}/rules", {
        "award_type": ttldtt.pk, "code": "ldtt-share", "percent": "150", "legal_basis": "Điều 12"})
    assert bad.status_code == 400
    assert EligibilityRule.objects.get(regime=regime).params["percent"] == 60.0
    detail = page.get(f"/regulations/{regime.pk}/")
    assert detail.status_code == 200 and 'id="rule-TTLDTT-ldtt-share" class="set"' in detail.content.decode()
    yen_the = signed_in("yenthe", language="en")
    assert yen_the.get(f"/regulations/{regime.pk}/").status_code == 200
    assert yen_the.post("/regulations/", {"name": "x", "decision_reference": "y",
                                                      "valid_from": "2024-01-01"}).status_code == 404
    assert yen_the.post(f"/regulations/{regime.pk}/rules", {
        "award_type": ttldtt.pk, "code": "ldtt-share", "percent": "10", "legal_basis": "x"}).status_code == 403
    assert EligibilityRule.objects.get(regime=regime).params["percent"] == 60.0


def test_the_province_share_is_typed_and_shown_with_a_decimal_comma(province):
    page = signed_in("vanphong", language="en")
    page.post("/regulations/", {"name": "Quy định thi đua của tỉnh", "decision_reference": "15/2024/QĐ-UBND",
                                "valid_from": "2024-01-01", "valid_to": ""})
    regime = LegalRegime.objects.get(decision_reference="15/2024/QĐ-UBND")
    response = page.post(f"/regulations/{regime.pk}/rules", {
        "award_type": award_type("TTLDTT").pk, "code": "ldtt-share", "percent": "66,5", "legal_basis": "Điều 12"})
    assert response.status_code == 302
    assert EligibilityRule.objects.get(regime=regime).params["percent"] == 66.5
    html = page.get(f"/regulations/{regime.pk}/").content.decode()
    row = html[html.index('id="rule-TTLDTT-ldtt-share"'):]
    row = row[:row.index("</tr>")]
    assert 'name="percent" value="66,5"' in row  # the office's input, shown back with the comma
    assert "percent: 70\u00a0%" in row  # the law's number, beside it
    clerk = signed_in("yenthe", language="en").get(f"/regulations/{regime.pk}/").content.decode()
    assert "percent: 66,5\u00a0%" in clerk[clerk.index('id="rule-TTLDTT-ldtt-share"'):]
    refused = page.post(f"/regulations/{regime.pk}/rules", {
        "award_type": award_type("TTLDTT").pk, "code": "ldtt-share", "percent": "66,555", "legal_basis": "Điều 12"})
    assert refused.status_code == 400
    assert EligibilityRule.objects.get(regime=regime).params["percent"] == 66.5


# ── declared facts ───────────────────────────────────────────────────────────────────────────────────────────

def head_of(province, unit_code: str) -> User:
    user = account_services.user_create(by=None, username=f"head-{unit_code.lower()}", password="thidua-demo")
    account_services.role_assign(by=None, user=user, role="unit_head", unit=province.unit(unit_code))
    return user


def test_a_rating_a_clerk_records_is_declared_until_the_head_confirms_it(province):
    unit = province.unit("H-YT")
    person = new_person("Lý Thị Kê Khai", unit)
    rating = services.rating_record(by=clerk(province), person=person, unit=unit, year=2021, rating="good")
    verdict = check("LDTT", person=person, unit=unit)
    rule = [r for r in verdict.rules if r.rule == "rating"][0]
    assert (rating.confirmed_at, rule.passed, rule.declared_facts, verdict.declared_facts) == (None, True, True, True)
    with pytest.raises(PermissionDenied):
        services.fact_confirm(by=clerk(province, "hiephoa"), kind="rating", fact_id=rating.pk)
    with pytest.raises(PermissionDenied):
        services.fact_confirm(by=clerk(province), kind="rating", fact_id=rating.pk)  # a clerk declares only
    services.fact_confirm(by=head_of(province, "H-YT"), kind="rating", fact_id=rating.pk)
    verdict = check("LDTT", person=person, unit=unit)
    assert (PersonRating.objects.get(pk=rating.pk).confirmed_at is not None, verdict.declared_facts) == (True, False)


def test_facts_the_office_records_are_confirmed_at_once(province):
    unit = province.unit("H-YT")
    person = new_person("Lý Văn Văn Phòng", unit)
    rating = services.rating_record(by=office(province), person=person, unit=unit, year=2021, rating="good")
    assert rating.confirmed_by_id == office(province).pk
    assert check("LDTT", person=person, unit=unit).declared_facts is False


def test_the_person_page_offers_the_confirmation_to_the_office_and_not_to_another_clerk(province):
    unit = province.unit("H-YT")
    person = new_person("Lý Thị Trang", unit)
    rating = services.rating_record(by=clerk(province), person=person, unit=unit, year=2021, rating="good")
    url = f"/people/{person.pk}/facts/rating/{rating.pk}/confirm"
    page = signed_in("vanphong", language="en").get(f"/people/{person.pk}/").content.decode()
    assert "Declared, not yet confirmed" in page and url in page
    assert url not in signed_in("yenthe", language="en").get(f"/people/{person.pk}/").content.decode()
    assert signed_in("hiephoa").post(url).status_code in (403, 404)
    assert PersonRating.objects.get(pk=rating.pk).confirmed_at is None
    assert signed_in("vanphong").post(url).status_code == 302
    assert PersonRating.objects.get(pk=rating.pk).confirmed_at is not None


# ── pages and API ────────────────────────────────────────────────────────────────────────────────────────────

def test_the_catalog_page_is_a_checklist_per_regime(province):
    page = signed_in("yenthe", language="en").get("/award-types/").content.decode()
    for code in ("luat-2003-nd91", "luat-2022-nd98", "luat-2022-nd152"):
        assert f'id="regime-{code}"' in page
    assert 'id="type-luat-2003-nd91-CSTD_CS"' in page and "Khoản 3 Điều 9 Nghị định số 91/2017/NĐ-CP" in page
    # The 15 % quota is NĐ 91's: it is not a rule of the 2022 law.
    section = page.split('id="type-luat-2022-nd98-CSTD_CS"')[1].split("</section>")[0]
    assert "Không quá 15%" not in section and "Hoàn thành xuất sắc nhiệm vụ" in section


def test_api_needs_a_login_for_the_regimes(province, api_client):
    assert api_client(None).get("/api/v1/legal-regimes").status_code == 401


@pytest.mark.parametrize(("on", "regime"), [("2021-06-01", "luat-2003-nd91"), ("2025-04-15", "luat-2022-nd98"),
                                            ("2025-12-10", "luat-2022-nd152")])
def test_api_catalog_on_a_day_carries_that_regimes_terms(province, api_client, on, regime):
    rows = {r["code"]: r for r in api_client("yenthe").get(f"/api/v1/award-types?on={on}").json()}
    regime_row = LegalRegime.objects.get(code=regime)
    for code in ("LDTT", "CSTD_TINH", "BK_CN"):
        terms = AwardTerms.objects.get(regime=regime_row, award_type__code=code)
        assert (rows[code]["regime_id"], rows[code]["decided_by"], rows[code]["money_coefficient"]) == (
            regime_row.pk, terms.decided_by,
            float(terms.money_coefficient) if terms.money_coefficient is not None else None)
    assert rows["LDTT"]["decided_by"] == "unit" and rows["CSTD_TINH"]["decided_by"] == "province"


def test_api_catalog_refuses_a_bad_day(province, api_client):
    assert api_client("yenthe").get("/api/v1/award-types?on=31-12-2021").status_code == 422


def test_api_eligibility_is_the_tree_with_its_regime(province, api_client):
    from thidua.awards.models import Nomination

    # Yên Thế's 2021 dossier to the province (its Bằng khen for Nguyễn Thị Thanh Huyền; the district's own titles
    # went to its Chairman in a dossier of their own, issue 12).
    nomination = Nomination.objects.get(unit_id=province.unit_ids["H-YT"], year=2021, route="chairman")
    rows = api_client("yenthe").get(f"/api/v1/nominations/{nomination.pk}/eligibility").json()
    assert {row["regime"]["code"] for row in rows} == {"luat-2003-nd91"}
    bang_khen = [row for row in rows if any(r["code"] == "grounds" for r in row["rules"])][0]
    grounds = [r for r in bang_khen["rules"] if r["code"] == "grounds"][0]
    # Two years excellent with two initiatives (the 2003 regime's third ground) is what makes it pass.
    assert (grounds["operator"], grounds["passed"]) == ("any", True)
    assert grounds["explanation"].startswith("Đạt vì thỏa mãn: Điểm c khoản 1 Điều 39 Nghị định số 91/2017")
    assert [(c["code"], c["operator"], c["passed"]) for c in grounds["children"]] == [
        ("movement", None, False), ("ad-hoc", None, False), ("two-years", "all", True)]
    assert json.dumps(rows)  # plain JSON all the way down


def test_confirming_recording_a_pending_matter_and_rechecking_leave_their_events(province):
    from thidua.awards.models import Nomination

    unit = province.unit("H-YT")
    person = new_person("Lý Văn Sự Kiện", unit)
    rating = services.rating_record(by=clerk(province), person=person, unit=unit, year=2021, rating="good")
    services.fact_confirm(by=office(province), kind="rating", fact_id=rating.pk)
    event = AuditEvent.objects.filter(action="awards.fact.confirmed").order_by("-id").first()
    assert (event.actor_id, event.target_id, event.data) == (office(province).pk, person.pk,
                                                            {"kind": "rating", "fact": rating.pk})
    inquiry = services.inquiry_record(by=office(province), kind="inspection", opened_on=D(2022, 1, 5), person=person,
                                      reference="12/QĐ-TTr")
    event = AuditEvent.objects.filter(action="awards.inquiry.recorded").order_by("-id").first()
    assert (event.target_id, event.data["inquiry"], event.data["kind"], event.data["reference"]) == (
        person.pk, inquiry.pk, "inspection", "12/QĐ-TTr")
    assert inquiry.confirmed_at is not None  # the office's record is confirmed at once
    # The dossier Yên Thế sent to the province (the Chairman's route); its own titles went to its Chairman.
    nomination = Nomination.objects.get(unit_id=province.unit_ids["H-YT"], year=2021, route="chairman")
    with pytest.raises(PermissionDenied):
        services.eligibility_recheck(by=clerk(province), nomination=nomination)
    services.eligibility_recheck(by=office(province), nomination=nomination)
    event = AuditEvent.objects.filter(action="awards.nomination.rechecked").order_by("-id").first()
    items = {item.award_type.code: item.pk for item in nomination.items.select_related("award_type")}
    # Yên Thế (TTLĐTT, the district's own title: the Chairman's, as it sits under the province): a member warned in
    # 2021. Nguyễn Thị Thanh Huyền's Bằng khen passes.
    assert (event.target_id, event.data) == (nomination.pk, {"failing": {str(items["TTLDTT"]): ["no-warning"]}})
    assert set(items) == {"BK_CN", "TTLDTT"}


def test_a_pending_inspection_stops_a_proposal_from_the_day_it_opens_until_it_is_concluded(province):
    unit = province.unit("H-YT")
    person = new_person("Lý Thị Thanh Tra", unit)
    services.rating_record(by=office(province), person=person, unit=unit, year=2025, rating="good")
    services.inquiry_record(by=office(province), kind="inspection", opened_on=D(2026, 1, 5), person=person,
                            closed_on=D(2026, 2, 1))

    def pending(on):
        verdict = check("LDTT", person=person, unit=unit, year=2025, on=on)
        return [(r.passed, r.explanation) for r in verdict.rules if r.rule == "no_pending_inquiry"]

    assert pending(D(2026, 1, 4)) == [(True, "Nothing pending on 04/01/2026.")]
    assert pending(D(2026, 1, 15)) == [(False, "Not yet concluded on 15/01/2026: inspection or audit opened on "
                                               "05/01/2026.")]
    assert pending(D(2026, 2, 1)) == [(True, "Nothing pending on 01/02/2026.")]
    with pytest.raises(ValidationError):
        services.inquiry_record(by=office(province), kind="inspection", opened_on=D(2026, 1, 5), person=person,
                                closed_on=D(2025, 1, 1))

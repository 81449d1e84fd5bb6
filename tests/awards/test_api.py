"""The commendations API: each route with the shapes of the issue, bad input as a 4xx ``{"detail", "errors"}``
(never a 500), an attacker clerk guessing another unit's dossier ids, and query counts that do not grow."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.conftest import (
    YEAR,
    award_type,
    catalog_codes,
    catalog_node,
    catalog_terms,
    new_person,
    rate,
    unit_year,
)
from tests.support import count_queries
from thidua.awards import services
from thidua.awards.models import Award, AwardType, Decision, Nomination, NominationItem
from thidua.org.models import Person

PDF_SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

JSON = "application/json"

#: The messages refusing to mix a unit's own titles, or a proposal to the centre, with the province's (routes.py).
UNIT_ALONE = ("Grassroots titles and Giấy khen are decided by the head of the unit, not by the province: put them in "
              "a dossier of their own, which goes to the unit's head.")
CENTRE_ALONE = ("Proposals to the centre go in a dossier of their own (the Council, the Party standing committee's "
                "opinion and the province's submission).")


def post(client, url: str, data) -> object:
    return client.post(url, data=json.dumps(data), content_type=JSON)


@pytest.fixture
def clients(api_client, settings):
    """``clients(username)``: that user's token client (one per user), asking for English messages."""
    cache = {}

    def _client(username: str):
        if username not in cache:
            cache[username] = api_client(username)
            cache[username].cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return cache[username]

    return _client


@pytest.fixture
def hiep_hoa(province):
    """Hiệp Hòa's people: Hạnh rated good in 2021 (eligible for LĐTT), Đức with no rating; the district's 2021
    figures make it a Tập thể lao động tiên tiến."""
    unit = province.unit("H-HH")
    hanh = new_person("Nguyễn Thị Hạnh", unit, birth=datetime.date(1985, 3, 8))
    duc = new_person("Đặng Văn Đức", unit)
    rate(hanh, unit, [YEAR], "good")
    unit_year(unit, YEAR, members=40, advanced=30, rating="good")
    return {"unit": unit, "hanh": hanh, "duc": duc}


def open_dossier(clients, province) -> int:
    response = post(clients("hiephoa"), "/api/v1/nominations", {
        "unit_id": province.unit_ids["H-HH"], "year": YEAR, "campaign_id": province.campaign_id, "kind": "campaign"})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def add_item(clients, nomination_id: int, **body) -> int:
    response = post(clients("hiephoa"), f"/api/v1/nominations/{nomination_id}/items",
                    {"achievement": "Hoàn thành tốt nhiệm vụ", **body})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def transition(clients, nomination_id: int, to: str, username: str = "vanphong", **body):
    response = post(clients(username), f"/api/v1/nominations/{nomination_id}/transition", {"to": to, **body})
    assert response.status_code == 200, response.content
    return response.json()


# ── the catalog and people ───────────────────────────────────────────────────────────────────────────────────


def _as_listed(regime: str, code: str) -> tuple:
    """``(legal_basis, decided_by, money_coefficient)`` as the catalog seeds them, as the API lists them."""
    spec = catalog_terms(regime, code)
    money = spec["money_coefficient"]
    return spec["legal_basis"], spec["decided_by"], float(money) if money is not None else None


def test_award_types_under_the_regime_in_force_on_a_day(province, clients):
    client = clients("yenthe")
    regimes = {r["code"]: r["id"] for r in client.get("/api/v1/legal-regimes").json()}
    # On 31/12/2021 the 2003 law and NĐ 91/2017 are in force: only the types that regime knows, with its terms.
    response = client.get("/api/v1/award-types?on=2021-12-31")
    assert response.status_code == 200
    rows = response.json()
    assert [row["code"] for row in rows] == catalog_codes("luat-2003-nd91")
    assert len(rows) < AwardType.objects.count() == 22  # e.g. no Xã tiêu biểu before the 2022 law
    assert "XA_TIEU_BIEU" not in [row["code"] for row in rows]
    assert rows[0] == {"id": award_type("LDTT").pk, "code": "LDTT", "name": "Lao động tiên tiến", "kind": "title",
                       "level": "grassroots", "recipient": "person",
                       "issuing_authority": "Thủ trưởng cơ quan, đơn vị",
                       "legal_basis": catalog_terms("luat-2003-nd91", "LDTT")["legal_basis"],
                       "money_coefficient": 0.3, "regime_id": regimes["luat-2003-nd91"], "decided_by": "unit",
                       "route": "unit"}
    # Who decides and by which way (issue 12): the unit's head, the Chairman, the Council's vote, the centre.
    assert {r["code"]: r["route"] for r in rows if r["code"] in ("CSTD_CS", "BK_CN", "CSTD_TINH", "CO_TINH",
                                                                "BK_TTG_CN")} == {
        "CSTD_CS": "unit", "BK_CN": "chairman", "CSTD_TINH": "council", "CO_TINH": "council", "BK_TTG_CN": "centre"}
    assert rows[0]["legal_basis"].startswith("Điều 24 Luật Thi đua, khen thưởng 2003")
    assert {(r["code"], r["kind"], r["level"], r["recipient"]) for r in rows if r["code"] in ("CO_TINH", "BK_TT")} \
        == {("CO_TINH", "title", "province", "collective"), ("BK_TT", "form", "province", "collective")}
    assert {r["regime_id"] for r in rows} == {regimes["luat-2003-nd91"]}
    assert [(r["legal_basis"], r["decided_by"], r["money_coefficient"]) for r in rows] == [
        _as_listed("luat-2003-nd91", r["code"]) for r in rows]

    # From 1/7/2025 the 2022 law and NĐ 152/2025: all 22 types, with that regime's terms.
    later = client.get("/api/v1/award-types?on=2025-07-01").json()
    assert [row["code"] for row in later] == catalog_codes("luat-2022-nd152") == [
        row.code for row in AwardType.objects.order_by("order", "code")]
    assert {r["regime_id"] for r in later} == {regimes["luat-2022-nd152"]}
    assert [(r["legal_basis"], r["decided_by"], r["money_coefficient"]) for r in later] == [
        _as_listed("luat-2022-nd152", r["code"]) for r in later]
    assert "Điều 24 Luật Thi đua, khen thưởng số 06/2022/QH15" in later[0]["legal_basis"]
    assert {(r["code"], r["decided_by"]) for r in later if r["code"] in ("LDTT", "CSTD_TINH", "CSTD_TQ")} == {
        ("LDTT", "unit"), ("CSTD_TINH", "province"), ("CSTD_TQ", "centre")}
    # The day decides: 30/6/2025 is still NĐ 98/2023, 31/12/2023 still the 2003 law.
    assert {r["regime_id"] for r in client.get("/api/v1/award-types?on=2025-06-30").json()} == {
        regimes["luat-2022-nd98"]}
    assert {r["regime_id"] for r in client.get("/api/v1/award-types?on=2023-12-31").json()} == {
        regimes["luat-2003-nd91"]}
    # Without a day: today's regime. Before any regime: nothing. A day that is not one: 422.
    today = timezone.localdate().isoformat()
    assert client.get("/api/v1/award-types").json() == client.get(f"/api/v1/award-types?on={today}").json()
    assert client.get("/api/v1/award-types?on=2010-01-01").json() == []
    assert client.get("/api/v1/award-types?on=2021-13-01").status_code == 422


def test_an_award_types_coefficient_may_be_unknown(province, clients):
    from thidua.awards.models import AwardTerms

    AwardTerms.objects.filter(award_type__code="BK_HGD", regime__code="luat-2022-nd152").update(
        money_coefficient=None)
    rows = {r["code"]: r for r in clients("yenthe").get("/api/v1/award-types?on=2025-07-01").json()}
    assert rows["BK_HGD"]["money_coefficient"] is None
    assert rows["BK_CN"]["money_coefficient"] == _as_listed("luat-2022-nd152", "BK_CN")[2] is not None


def test_legal_regimes(province, clients):
    response = clients("hiephoa").get("/api/v1/legal-regimes")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["code"], r["scope"], r["valid_from"], r["valid_to"]) for r in rows] == [
        ("luat-2003-nd91", "national", "2017-10-01", "2023-12-31"),
        ("luat-2022-nd98", "national", "2024-01-01", "2025-06-30"),
        ("luat-2022-nd152", "national", "2025-07-01", None),
        ("tinh-862025q-ubnd-ngay-03122025", "province", "2025-12-03", None)]  # Bắc Ninh's, from the demo
    assert rows[3]["decision_reference"] == "86/2025/QĐ-UBND ngày 03/12/2025"
    assert set(rows[0]) == {"id", "code", "name", "scope", "valid_from", "valid_to", "decision_reference", "texts"}
    assert rows[0]["name"] == ("Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2013) và Nghị định số "
                               "91/2017/NĐ-CP")
    assert [t["reference"] for t in rows[0]["texts"]] == ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13",
                                                          "91/2017/NĐ-CP"]
    assert rows[2]["texts"][1] == {"reference": "152/2025/NĐ-CP", "title": "Nghị định số 152/2025/NĐ-CP ngày 14 tháng "
                                   "6 năm 2025 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi "
                                   "đua, khen thưởng"}


def test_persons_by_folded_name_and_unit(province, clients, hiep_hoa):
    client = clients("vanphong")
    response = client.get(f"/api/v1/persons?q=nguyen thi hanh&unit={province.unit_ids['H-HH']}")
    assert response.status_code == 200
    assert response.json() == [{"id": hiep_hoa["hanh"].pk, "full_name": "Nguyễn Thị Hạnh",
                                "birth_date": "1985-03-08", "unit_id": province.unit_ids["H-HH"]}]
    found = client.get("/api/v1/persons?q=dang van duc").json()
    assert [(p["full_name"], p["birth_date"], p["unit_id"]) for p in found] == [
        ("Đặng Văn Đức", None, province.unit_ids["H-HH"])]
    assert client.get(f"/api/v1/persons?q=dang van duc&unit={province.unit_ids['H-YT']}").json() == []


def test_persons_are_scoped_to_the_clerks_unit(province, clients, hiep_hoa):
    assert clients("yenthe").get("/api/v1/persons?q=dang van duc").json() == []
    mine = clients("hiephoa").get("/api/v1/persons?q=dang van duc").json()
    assert [p["id"] for p in mine] == [hiep_hoa["duc"].pk]
    everyone_yen_the = clients("yenthe").get("/api/v1/persons?limit=1000").json()
    assert {p["unit_id"] for p in everyone_yen_the} == {province.unit_ids["H-YT"]}


# ── dossiers ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_dossier_create_read_add_and_remove_items(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    assert Nomination.objects.get(pk=nomination_id).created_by.username == "hiephoa"
    hanh = add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("LDTT").pk,
                    print_text="Bà Nguyễn Thị Hạnh")
    # The district's own Tập thể lao động tiên tiến is the Chairman's to decide (it sits under the province): it
    # cannot travel with the LĐTT its own Chairman decides.
    refused = post(clients("hiephoa"), f"/api/v1/nominations/{nomination_id}/items", {
        "achievement": "x", "unit_id": province.unit_ids["H-HH"], "award_type_id": award_type("TTLDTT").pk})
    assert (refused.status_code, refused.json()["detail"]) == (400, UNIT_ALONE)
    duc = add_item(clients, nomination_id, person_id=hiep_hoa["duc"].pk, award_type_id=award_type("LDTT").pk)
    body = clients("hiephoa").get(f"/api/v1/nominations/{nomination_id}").json()
    assert {k: body[k] for k in ("id", "status", "unit_id", "year", "campaign_id", "kind", "version", "route")} == {
        "id": nomination_id, "status": "draft", "unit_id": province.unit_ids["H-HH"], "year": 2021,
        "campaign_id": province.campaign_id, "kind": "campaign", "version": 3, "route": "unit"}
    assert [(i["id"], i["award_type_id"], i["person_id"], i["unit_id"], i["print_text"], i["award_id"])
            for i in body["items"]] == [
        (hanh, award_type("LDTT").pk, hiep_hoa["hanh"].pk, province.unit_ids["H-HH"], "Bà Nguyễn Thị Hạnh", None),
        (duc, award_type("LDTT").pk, hiep_hoa["duc"].pk, province.unit_ids["H-HH"], "Đã hoàn thành tốt nhiệm vụ",
         None)]
    response = clients("hiephoa").delete(f"/api/v1/nominations/{nomination_id}/items/{duc}")
    assert (response.status_code, response.content) == (204, b"")
    assert list(NominationItem.objects.filter(nomination_id=nomination_id).values_list("id", flat=True)) == [hanh]
    # Once sent (to the district's Chairman), no more removals.
    transition(clients, nomination_id, "submitted", username="hiephoa")
    response = clients("hiephoa").delete(f"/api/v1/nominations/{nomination_id}/items/{hanh}")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The dossier can only be changed while it is a draft or returned to the unit.",
        "errors": ["The dossier can only be changed while it is a draft or returned to the unit."]}


def test_a_clerk_cannot_send_the_units_own_titles_to_the_province(province, clients, hiep_hoa):
    """Issue 12: a Lao động tiên tiến is the unit head's to decide; added to a Bằng khen's dossier (which goes to the
    province) it is refused with the mixing message and nothing changes. A proposal to the centre travels alone
    too."""
    nomination_id = open_dossier(clients, province)
    add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("BK_CN").pk)
    before = clients("hiephoa").get(f"/api/v1/nominations/{nomination_id}").json()
    assert (before["route"], before["version"]) == ("chairman", 2)
    refused = post(clients("hiephoa"), f"/api/v1/nominations/{nomination_id}/items", {
        "achievement": "x", "person_id": hiep_hoa["duc"].pk, "award_type_id": award_type("LDTT").pk})
    assert (refused.status_code, refused.json()["detail"]) == (400, UNIT_ALONE)
    to_centre = post(clients("hiephoa"), f"/api/v1/nominations/{nomination_id}/items", {
        "achievement": "x", "person_id": hiep_hoa["duc"].pk, "award_type_id": award_type("BK_TTG_CN").pk})
    assert (to_centre.status_code, to_centre.json()["detail"]) == (400, CENTRE_ALONE)
    after = clients("hiephoa").get(f"/api/v1/nominations/{nomination_id}").json()
    assert (after["route"], after["version"], [i["award_type_id"] for i in after["items"]]) == (
        "chairman", 2, [award_type("BK_CN").pk])


def test_eligibility_explains_each_rule(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    hanh = add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("LDTT").pk)
    duc = add_item(clients, nomination_id, person_id=hiep_hoa["duc"].pk, award_type_id=award_type("LDTT").pk)
    # The Bằng khen goes to the province: a dossier of its own.
    to_province = open_dossier(clients, province)
    bang_khen = add_item(clients, to_province, person_id=hiep_hoa["duc"].pk, award_type_id=award_type("BK_CN").pk)
    response = clients("hiephoa").get(f"/api/v1/nominations/{nomination_id}/eligibility")
    assert response.status_code == 200
    rows = response.json() + clients("hiephoa").get(f"/api/v1/nominations/{to_province}/eligibility").json()
    assert [(r["item_id"], r["eligible"]) for r in rows] == [(hanh, True), (duc, False), (bang_khen, True)]
    # A 2021 title is judged under the regime in force on 31/12/2021: the 2003 law and NĐ 91/2017.
    assert {k: v for k, v in rows[1]["regime"].items() if k != "id"} == {
        "code": "luat-2003-nd91",
        "name": "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2013) và Nghị định số 91/2017/NĐ-CP",
        "judged_on": "2021-12-31", "reason": "A title for 2021 is judged under the texts in force on 31/12/2021.",
        "province": []}
    assert rows[1]["rules"][0] == {
        "rule": "rating", "code": "rating", "title": "Hoàn thành tốt nhiệm vụ trở lên", "operator": None,
        "passed": False,
        "explanation": "Not eligible: no rating on record for 2021 (needs at least “Completed tasks well” in 2021).",
        "legal_basis": catalog_node("luat-2003-nd91", "LDTT", "rating")["legal_basis"], "declared_facts": False,
        "province": False, "children": []}
    assert rows[1]["rules"][0]["legal_basis"].startswith("Điểm a khoản 1 Điều 24 Luật Thi đua, khen thưởng 2003")
    # NĐ 91/2017 adds the ten months of service (Điều 10).
    assert [(r["rule"], r["passed"]) for r in rows[0]["rules"]] == [
        ("rating", True), ("discipline", True), ("service_months", True), ("one_award", True)]
    # A draft's commendation form is judged under today's texts; its grounds are a tree ("one of"), and this
    # campaign dossier meets the first.
    assert (rows[2]["regime"]["code"], rows[2]["regime"]["judged_on"]) == (
        "luat-2022-nd152", timezone.localdate().isoformat())
    [grounds] = [r for r in rows[2]["rules"] if r["operator"] == "any"]
    assert (grounds["title"], grounds["passed"]) == ("Đạt một trong các tiêu chuẩn", True)
    assert [(c["title"], c["passed"]) for c in grounds["children"]][:3] == [
        ("Thành tích trong phong trào thi đua", True), ("Thành tích đột xuất", False), ("Đóng góp, cống hiến", False)]


def test_sending_a_failing_nominee_needs_confirmation(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("LDTT").pk)
    add_item(clients, nomination_id, person_id=hiep_hoa["duc"].pk, award_type_id=award_type("LDTT").pk)
    version = Nomination.objects.get(pk=nomination_id).version
    response = post(clients("hiephoa"), f"/api/v1/nominations/{nomination_id}/transition", {"to": "submitted"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Some nominees do not meet the conditions: Đặng Văn Đức – Lao động tiên tiến: "
                                     "Hoàn thành tốt nhiệm vụ trở lên (Not eligible: no rating on record for 2021")
    assert "Nguyễn Thị Hạnh" not in body["detail"] and body["errors"] == [body["detail"]]
    nomination = Nomination.objects.get(pk=nomination_id)
    assert (nomination.status, nomination.version, nomination.submitted_at) == ("draft", version, None)
    moved = transition(clients, nomination_id, "submitted", username="hiephoa", confirm_failures=True)
    assert moved["status"] == "submitted"
    assert [i.eligible_by_rules for i in NominationItem.objects.filter(nomination_id=nomination_id).order_by("id")
            ] == [True, False]


@pytest.mark.debian_package("fonts-liberation2")
def test_the_path_through_the_api_to_the_registry(province, clients, hiep_hoa):
    """A Bằng khen and the district's own Tập thể lao động tiên tiến (the Chairman's: it sits under the province):
    sent, returned, sent again, appraised, approved without a vote, the decision prepared by the office, signed by
    the Chairman, issued with its number; then the registry."""
    nomination_id = open_dossier(clients, province)
    hanh = add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("BK_CN").pk)
    collective = add_item(clients, nomination_id, unit_id=province.unit_ids["H-HH"],
                          award_type_id=award_type("TTLDTT").pk)
    sent = transition(clients, nomination_id, "submitted", username="hiephoa")
    assert (sent["status"], sent["route"]) == ("submitted", "chairman")
    received = transition(clients, nomination_id, "received")
    assert (received["received_on"], received["appraisal_due_on"] > received["received_on"]) == (
        timezone.localdate().isoformat(), True)
    # A return without a reason is refused; with one, the unit gets it back and sends it again.
    response = post(clients("vanphong"), f"/api/v1/nominations/{nomination_id}/transition", {"to": "returned"})
    assert (response.status_code, response.json()["errors"]) == (400, ["Give the reason for returning the dossier."])
    returned = transition(clients, nomination_id, "returned", reason="Thiếu biên bản bình xét")
    assert (returned["status"], returned["return_reason"]) == ("returned", "Thiếu biên bản bình xét")
    transition(clients, nomination_id, "submitted", username="hiephoa")
    transition(clients, nomination_id, "received")
    moved = transition(clients, nomination_id, "in_appraisal")
    assert moved["appraiser_id"] == province.user_ids["vanphong"]
    response = post(clients("vanphong"), f"/api/v1/nominations/{nomination_id}/appraisal", {"items": [
        {"item_id": hanh, "eligible": True, "reason": "Đủ tiêu chuẩn"},
        {"item_id": collective, "eligible": True, "reason": "Đủ tiêu chuẩn"}]})
    assert response.status_code == 200, response.content
    assert [(i["appraisal_eligible"], i["appraisal_reason"]) for i in response.json()["items"]] == [
        (True, "Đủ tiêu chuẩn"), (True, "Đủ tiêu chuẩn")]
    transition(clients, nomination_id, "appraised")
    # No nominee needs the council's vote: the dossier goes straight to the Chairman.
    response = post(clients("vanphong"), f"/api/v1/nominations/{nomination_id}/transition", {"to": "at_council"})
    assert (response.status_code, response.json()["detail"]) == (400, "No nominee of this dossier needs the "
                                                                      "council's vote: it goes straight to the one "
                                                                      "who decides.")
    approved = transition(clients, nomination_id, "approved")
    assert (approved["status"], approved["route"], approved["council_reference"]) == ("approved", "chairman", "")

    prepared = post(clients("vanphong"), "/api/v1/decisions/prepare", {"item_ids": [hanh, collective],
                                                                         "symbol": "QĐ-UBND"})
    assert prepared.status_code == 201, prepared.content
    decision_id = prepared.json()["id"]
    # Unsigned, it cannot be issued; the Chairman signs it; the office issues it.
    unsigned = post(clients("vanphong"), f"/api/v1/decisions/{decision_id}/issue", {})
    assert (unsigned.status_code, unsigned.json()["detail"]) == (400, "A decision is issued only once it is signed.")
    assert Award.objects.filter(decision_id=decision_id).count() == 0
    assert post(clients("chutich"), f"/api/v1/decisions/{decision_id}/sign", {}).status_code == 200
    # Numbered from the province's book for the year it is signed in (today): the next after the last there.
    today = timezone.localdate()
    book = [int(n) for n in Decision.objects.filter(issuer_unit__isnull=True, signed_on__year=today.year)
            .exclude(number="").values_list("number", flat=True) if n.isdigit()]
    issued = post(clients("vanphong"), f"/api/v1/decisions/{decision_id}/issue", {})
    assert issued.status_code == 200, issued.content
    decision = issued.json()
    awards = list(Award.objects.filter(decision_id=decision_id).order_by("id"))
    assert decision == {"id": decision_id, "status": "issued", "number": str(max(book, default=0) + 1),
                        "signed_on": today.isoformat(), "award_ids": [a.pk for a in awards]}
    assert [(a.award_type.code, a.person_id, a.unit_id) for a in awards] == [
        ("BK_CN", hiep_hoa["hanh"].pk, province.unit_ids["H-HH"]), ("TTLDTT", None, province.unit_ids["H-HH"])]
    reference = f"{decision['number']}/QĐ-UBND"
    assert clients("hiephoa").get(f"/api/v1/nominations/{nomination_id}").json()["status"] == "decided"
    decision = {"id": decision_id}

    # The registry: by person, by unit and year, by folded name.
    by_person = clients("hiephoa").get(f"/api/v1/awards?person={hiep_hoa['hanh'].pk}").json()
    assert by_person == [{
        "id": awards[0].pk, "award_type_id": award_type("BK_CN").pk, "person_id": hiep_hoa["hanh"].pk,
        "unit_id": province.unit_ids["H-HH"], "year": 2021, "decision_id": decision["id"],
        "decision_reference": reference, "recipient_name": "Nguyễn Thị Hạnh", "status": "active",
        "revocation_reason": ""}]
    by_name = clients("vanphong").get(f"/api/v1/awards?q=NGUYEN THI HANH&year=2021&unit={province.unit_ids['H-HH']}")
    assert [a["id"] for a in by_name.json()] == [awards[0].pk]
    one = clients("thanhvien").get(f"/api/v1/awards/{awards[1].pk}").json()
    assert (one["recipient_name"], one["person_id"], one["decision_id"]) == ("UBND huyện Hiệp Hòa", None,
                                                                            decision["id"])

    # The decision as DOCX, the Bằng khen as PDF; a title prints no certificate.
    docx = clients("vanphong").get(f"/api/v1/decisions/{decision['id']}/document.docx")
    assert (docx.status_code, docx["Content-Type"]) == (
        200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert docx.content[:2] == b"PK"
    pdf = clients("hiephoa").get(f"/api/v1/awards/{awards[0].pk}/certificate.pdf")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    title = clients("hiephoa").get(f"/api/v1/awards/{awards[1].pk}/certificate.pdf")
    assert title.status_code == 400
    assert set(title.json()) == {"detail", "errors"}

    # Revocation keeps the record.
    response = post(clients("vanphong"), f"/api/v1/awards/{awards[0].pk}/revoke", {"reason": "Kê khai sai"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revocation_reason"]) == ("revoked", "Kê khai sai")
    revoked = clients("vanphong").get(f"/api/v1/awards?person={hiep_hoa['hanh'].pk}&status=revoked").json()
    assert [a["id"] for a in revoked] == [awards[0].pk]
    again = post(clients("vanphong"), f"/api/v1/awards/{awards[0].pk}/revoke", {"reason": "Lần nữa"})
    assert again.status_code == 400


def test_statistics(province, clients):
    rows = clients("vanphong").get("/api/v1/awards/statistics?group_by=level&year_from=2017&year_to=2020").json()
    expected = {}
    for level, person in Award.objects.filter(status="active", year__range=(2017, 2020)).values_list(
            "award_type__level", "person_id"):
        total, persons, collectives = expected.get(level, (0, 0, 0))
        expected[level] = (total + 1, persons + (person is not None), collectives + (person is None))
    assert {row["key"][0]: (row["total"], row["persons"], row["collectives"]) for row in rows} == expected
    by_type = clients("vanphong").get("/api/v1/awards/statistics?group_by=award_type").json()
    assert all(len(row["key"]) == 2 for row in by_type)


def test_nominations_list(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    listed = clients("hiephoa").get(f"/api/v1/nominations?status=draft&year=2021&unit={province.unit_ids['H-HH']}")
    assert nomination_id in [row["id"] for row in listed.json()]
    assert set(listed.json()[0]) == {"id", "status", "unit_id", "year", "title", "appraisal_due_on"}
    assert nomination_id not in [row["id"] for row in clients("vanphong").get("/api/v1/nominations").json()]


# ── bad input ────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def dossier_ids(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    # A Bằng khen: the province decides it, so a decision over it is the office's to refuse (not yet approved).
    item_id = add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("BK_CN").pk)
    return {"nomination": nomination_id, "item": item_id}


BAD = [
    # (who, method, url, body, status)
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": "H-HH", "year": 2021}, 422),
    ("hiephoa", "post", "/api/v1/nominations", {"year": 2021}, 422),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": 0, "year": 2021}, 422),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": 987654321, "year": 2021}, 404),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": "{unit}", "year": "năm nay"}, 422),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": "{unit}", "year": 2021, "kind": "lớn"}, 422),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": "{unit}", "year": 2020, "campaign_id": "{campaign}"},
     400),
    ("hiephoa", "post", "/api/v1/nominations", {"unit_id": "{unit}", "year": 2021, "title": "x" * 301}, 422),
    ("hiephoa", "post", "/api/v1/nominations", "{not json", 400),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items", {"award_type_id": "{ldtt}", "achievement": "x"},
     400),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items",
     {"person_id": "{person}", "award_type_id": 987654321, "achievement": "x"}, 404),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items",
     {"person_id": "{person}", "award_type_id": "{ldtt}", "achievement": "   "}, 422),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items",
     {"person_id": "{person}", "award_type_id": "{ttldtt}", "achievement": "x"}, 400),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items",
     {"person_id": "{person}", "award_type_id": "{ldtt}", "achievement": "x\u0000"}, 422),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/items",
     {"unit_id": "{syt}", "award_type_id": "{ttldtt}", "achievement": "x"}, 400),  # another unit's collective
    ("hiephoa", "delete", "/api/v1/nominations/{nomination}/items/987654321", None, 404),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/transition", {"to": "nowhere"}, 422),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/transition", {"to": "approved"}, 400),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/transition", {"to": "submitted", "version": 1}, 409),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/transition", {"to": "decided"}, 400),
    ("vanphong", "post", "/api/v1/nominations/{nomination}/transition", {"to": "submitted"}, 404),  # a draft
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/transition",
     {"to": "submitted", "voting_round_id": 987654321}, 404),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/appraisal", {"items": []}, 422),
    ("hiephoa", "post", "/api/v1/nominations/{nomination}/appraisal", {"items": [{"item_id": "{item}"}]}, 422),
    ("vanphong", "post", "/api/v1/decisions", {"number": "1", "symbol": "QĐ", "signed_on": "2021-13-01",
                                               "signer_name": "A", "signer_title": "B", "item_ids": ["{item}"]}, 422),
    ("vanphong", "post", "/api/v1/decisions", {"number": "1", "symbol": "QĐ", "signed_on": "2099-01-01",
                                               # Out of the range any official date may take: the schema refuses it.
                                               "signer_name": "A", "signer_title": "B", "item_ids": ["{item}"]}, 422),
    ("vanphong", "post", "/api/v1/decisions", {"number": "1", "symbol": "QĐ", "signed_on": "2021-06-01",
                                               "signer_name": "A", "signer_title": "B", "item_ids": []}, 422),
    ("vanphong", "post", "/api/v1/decisions", {"number": "1", "symbol": "QĐ", "signed_on": "2021-06-01",
                                               "signer_name": "A", "signer_title": "B", "item_ids": ["{item}"]}, 400),
    ("vanphong", "post", "/api/v1/decisions", {"number": "", "symbol": "QĐ", "signed_on": "2021-06-01",
                                               "signer_name": "A", "signer_title": "B", "item_ids": ["{item}"]}, 422),
    ("vanphong", "get", "/api/v1/awards?year=abc", None, 422),
    ("vanphong", "get", "/api/v1/awards?person=-1", None, 422),
    ("vanphong", "get", "/api/v1/awards?status=lost", None, 422),
    ("vanphong", "get", "/api/v1/awards?limit=100000", None, 422),
    ("vanphong", "get", "/api/v1/awards/statistics?group_by=colour", None, 422),
    ("vanphong", "get", "/api/v1/awards/987654321", None, 404),
    ("vanphong", "get", "/api/v1/awards/987654321/certificate.pdf", None, 404),
    ("vanphong", "get", "/api/v1/decisions/987654321/document.docx", None, 404),
    ("vanphong", "post", "/api/v1/awards/987654321/revoke", {"reason": "x"}, 404),
    ("vanphong", "get", "/api/v1/nominations?status=lost", None, 422),
    ("vanphong", "get", "/api/v1/nominations/abc", None, 422),
    ("vanphong", "get", "/api/v1/persons?unit=abc", None, 422),
    ("vanphong", "get", "/api/v1/persons?q=" + "x" * 201, None, 422),
]


def fill(value, names: dict):
    """The ``{name}`` placeholders of a URL or body replaced by the test's ids."""
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in names:
        return names[value[1:-1]]
    if isinstance(value, str) and value.startswith("/"):
        return value.format(**names)
    return value


@pytest.mark.parametrize(("username", "method", "url", "body", "status"), BAD,
                         ids=[f"{i}-{row[1]}-{row[2].split('?')[0]}" for i, row in enumerate(BAD)])
def test_bad_input_is_a_4xx_with_detail_and_errors(province, clients, dossier_ids, hiep_hoa, username, method,
                                                   url, body, status):
    client = clients(username)
    names = {"unit": province.unit_ids["H-HH"], "campaign": province.campaign_id, "nomination": dossier_ids[
        "nomination"], "item": dossier_ids["item"], "person": hiep_hoa["hanh"].pk, "ldtt": award_type("LDTT").pk,
             "ttldtt": award_type("TTLDTT").pk, "syt": province.unit_ids["SYT"]}
    url = fill(url, names)
    before = (Nomination.objects.count(), NominationItem.objects.count(), Award.objects.count())
    if method == "get":
        response = client.get(url)
    elif method == "delete":
        response = client.delete(url)
    elif isinstance(body, str):
        response = client.post(url, data=body, content_type=JSON)
    elif url == "/api/v1/decisions":  # a decision signed on paper comes with its scan: multipart
        response = client.post(url, data={**fill(body, names), "scan": SimpleUploadedFile(
            "qd.pdf", PDF_SCAN, content_type="application/pdf")})
    else:
        response = post(client, url, fill(body, names))
    assert response.status_code == status, response.content
    assert set(response.json()) == {"detail", "errors"}
    assert response.json()["detail"] != ""
    assert (Nomination.objects.count(), NominationItem.objects.count(), Award.objects.count()) == before


# ── an attacker clerk ────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_guessing_another_units_dossier_ids_gets_404(province, clients, hiep_hoa):
    """Yên Thế's clerk tries Hiệp Hòa's dossier in every state it passes through: never seen, never changed."""
    nomination_id = open_dossier(clients, province)
    item_id = add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("BK_CN").pk)
    attacker = clients("yenthe")
    own_person = Person.objects.filter(employments__unit_id=province.unit_ids["H-YT"]).first()

    def attempts() -> list[int]:
        return [
            attacker.get(f"/api/v1/nominations/{nomination_id}").status_code,
            attacker.get(f"/api/v1/nominations/{nomination_id}/eligibility").status_code,
            post(attacker, f"/api/v1/nominations/{nomination_id}/items", {
                "person_id": own_person.pk, "award_type_id": award_type("LDTT").pk, "achievement": "x"}).status_code,
            attacker.delete(f"/api/v1/nominations/{nomination_id}/items/{item_id}").status_code,
            post(attacker, f"/api/v1/nominations/{nomination_id}/transition",
                 {"to": "returned", "reason": "x"}).status_code,
            post(attacker, f"/api/v1/nominations/{nomination_id}/appraisal",
                 {"items": [{"item_id": item_id, "eligible": False, "reason": "x"}]}).status_code,
        ]

    assert attempts() == [404] * 6
    transition(clients, nomination_id, "submitted", username="hiephoa")
    transition(clients, nomination_id, "received")
    transition(clients, nomination_id, "in_appraisal")
    assert attempts() == [404] * 6
    post(clients("vanphong"), f"/api/v1/nominations/{nomination_id}/appraisal",
         {"items": [{"item_id": item_id, "eligible": True, "reason": "Đủ", "justification": "Thành tích xuất sắc"}]})
    transition(clients, nomination_id, "appraised")
    transition(clients, nomination_id, "approved")
    assert attempts() == [404] * 6
    decision = attacker.post("/api/v1/decisions", data={
        "number": "1", "symbol": "QĐ-UBND", "signed_on": "2022-01-20", "signer_name": "A", "signer_title": "B",
        "item_ids": [item_id], "scan": SimpleUploadedFile("qd.pdf", PDF_SCAN, content_type="application/pdf")})
    assert decision.status_code == 403
    prepared = post(attacker, "/api/v1/decisions/prepare", {"item_ids": [item_id], "symbol": "QĐ-UBND"})
    assert prepared.status_code == 403
    nomination = Nomination.objects.get(pk=nomination_id)
    assert (nomination.status, nomination.items.count(), Award.objects.filter(nomination_item_id=item_id).count()) \
        == ("approved", 1, 0)


def test_clerk_walking_through_dossier_ids_sees_only_the_own_units(province, clients, hiep_hoa):
    open_dossier(clients, province)
    attacker = clients("yenthe")
    ids = set(range(1, 41)) | set(Nomination.objects.values_list("pk", flat=True))
    readable = {i for i in sorted(ids) if attacker.get(f"/api/v1/nominations/{i}").status_code == 200}
    assert readable == set(Nomination.objects.filter(unit_id=province.unit_ids["H-YT"]).values_list("pk", flat=True))
    listed = {row["id"] for row in attacker.get("/api/v1/nominations").json()}
    assert listed == readable


def test_clerk_cannot_nominate_another_units_person(province, clients, hiep_hoa):
    response = post(clients("yenthe"), "/api/v1/nominations", {"unit_id": province.unit_ids["H-YT"], "year": 2021})
    nomination_id = response.json()["id"]
    response = post(clients("yenthe"), f"/api/v1/nominations/{nomination_id}/items", {
        "person_id": hiep_hoa["hanh"].pk, "award_type_id": award_type("LDTT").pk, "achievement": "x"})
    assert response.status_code == 404
    assert NominationItem.objects.filter(nomination_id=nomination_id).count() == 0


# ── query counts ─────────────────────────────────────────────────────────────────────────────────────────────


def dossier_with(province, how_many: int) -> int:
    unit = province.unit("H-HH")
    nomination = services.nomination_create(by=None, unit=unit, year=YEAR)
    for number in range(how_many):
        person = new_person(f"Người đo {how_many}-{number}", unit)
        rate(person, unit, [YEAR - 1, YEAR])
        services.item_add(by=None, nomination=nomination, award_type=award_type("BK_CN"), person=person,
                          achievement="Thành tích")
    services.item_add(by=None, nomination=nomination, award_type=award_type("CO_TINH"), unit=unit,
                      achievement="Dẫn đầu cụm")
    # Merit Bằng khen without initiatives and a flag without a cluster vote fail: sent anyway.
    services.nomination_transition(by=None, nomination=nomination, to="submitted", confirm_failures=True)
    return nomination.pk


@pytest.mark.parametrize("route", ["/api/v1/nominations/{id}/eligibility", "/api/v1/nominations/{id}"])
def test_dossier_queries_do_not_grow_with_its_nominees(province, api_client, route):
    client = api_client("vanphong")
    small = count_queries(client, route.format(id=dossier_with(province, 5)))
    large = count_queries(client, route.format(id=dossier_with(province, 50)))
    assert small == large


def test_registry_queries_do_not_grow_with_the_awards(province, api_client):
    client = api_client("hiephoa")
    unit = province.unit("H-HH")
    for number in range(5):
        services.award_register(by=None, award_type=award_type("GK_CN"), year=2020,
                                person=new_person(f"Người khen {number}", unit), unit=unit, decision_reference="1/QĐ")
    small = count_queries(client, "/api/v1/awards?year=2020")
    for number in range(5, 50):
        services.award_register(by=None, award_type=award_type("GK_CN"), year=2020,
                                person=new_person(f"Người khen {number}", unit), unit=unit, decision_reference="1/QĐ")
    assert count_queries(client, "/api/v1/awards?year=2020") == small


def test_an_unknown_appraiser_and_one_outside_the_office_get_the_same_answer(province, clients, hiep_hoa):
    nomination_id = open_dossier(clients, province)
    add_item(clients, nomination_id, person_id=hiep_hoa["hanh"].pk, award_type_id=award_type("BK_CN").pk)
    transition(clients, nomination_id, "submitted", username="hiephoa")
    transition(clients, nomination_id, "received")
    answers = [post(clients("vanphong"), f"/api/v1/nominations/{nomination_id}/transition",
                    {"to": "in_appraisal", "appraiser_id": appraiser_id})
               for appraiser_id in (987654321, province.user_ids["hiephoa"])]
    assert [(r.status_code, r.json()["errors"]) for r in answers] == [
        (400, ["The appraiser must work in the council office."])] * 2

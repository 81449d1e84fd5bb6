"""The catalog's numbers kept by the council office on its own pages, without the Django admin (issue 15, part 7):
a title's settings and, per legal regime, its money coefficient and vote threshold, each change audited with before
and after; bad input comes back on the form and writes nothing; nobody else reaches the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.awards.conftest import award_type
from tests.support import signed_in
from thidua.awards import catalog_settings
from thidua.awards.models import AwardTerms, AwardType
from thidua.core.models import AuditEvent


def _url(award_type_id: int) -> str:
    return reverse("awards:award_type_edit", args=[award_type_id])


def _terms(code: str = "CSTD_CS") -> AwardTerms:
    return AwardTerms.objects.filter(award_type__code=code).select_related("regime").order_by(
        "-regime__valid_from").first()


def _terms_post(terms: AwardTerms, **values) -> dict:
    data = {"part": f"terms-{terms.pk}", f"terms-{terms.pk}-money_coefficient": "",
            f"terms-{terms.pk}-money_basis": terms.money_basis,
            f"terms-{terms.pk}-vote_threshold_percent": "", f"terms-{terms.pk}-vote_basis": terms.vote_basis}
    data.update({f"terms-{terms.pk}-{key}": value for key, value in values.items()})
    return data


def test_the_office_changes_a_titles_settings_and_the_history_says_so(province):
    cstd = award_type("CSTD_CS")
    client = signed_in("vanphong")
    page = client.get(_url(cstd.pk))
    assert page.status_code == 200 and cstd.name in page.content.decode()
    response = client.post(_url(cstd.pk), {"part": "type", "type-order": "7",
                                            "type-certificate_heading": "  BẰNG   CHIẾN SĨ THI ĐUA  "})
    assert response.status_code == 302 and response["Location"] == _url(cstd.pk)
    cstd.refresh_from_db()
    assert (cstd.active, cstd.order, cstd.certificate_heading) == (False, 7, "BẰNG CHIẾN SĨ THI ĐUA")
    event = AuditEvent.objects.filter(action="awards.award_type.changed", target_id=cstd.pk).get()
    assert event.data["changes"]["active"] == [True, False] and event.data["changes"]["order"][1] == 7
    assert event.actor.username == "vanphong"
    history = client.get(_url(cstd.pk)).content.decode()
    assert "BẰNG CHIẾN SĨ THI ĐUA" in history


def test_the_office_sets_a_coefficient_with_its_article_in_vietnamese_notation(province):
    terms = _terms()
    client = signed_in("vanphong")
    response = client.post(_url(terms.award_type_id), _terms_post(
        terms, money_coefficient="1,5", money_basis="Điều 72 Nghị định 98/2023/NĐ-CP",
        vote_threshold_percent="70", vote_basis="Điều 51 Nghị định 98/2023/NĐ-CP"))
    assert response.status_code == 302
    terms.refresh_from_db()
    assert terms.money_coefficient == Decimal("1.50") and terms.vote_threshold_percent == Decimal("70.00")
    assert terms.money_basis == "Điều 72 Nghị định 98/2023/NĐ-CP"
    event = AuditEvent.objects.filter(action="awards.terms.changed", target_id=terms.award_type_id).get()
    assert event.data["regime"] == terms.regime.name
    assert event.data["changes"]["money_coefficient"][1] == "1.5"
    assert "1,5" in client.get(_url(terms.award_type_id)).content.decode()


@pytest.mark.parametrize("values, field", [
    ({"money_coefficient": "-1", "money_basis": "Điều 1"}, "money_coefficient"),
    ({"money_coefficient": "250", "money_basis": "Điều 1"}, "money_coefficient"),
    ({"money_coefficient": "mười", "money_basis": "Điều 1"}, "money_coefficient"),
    ({"vote_threshold_percent": "0", "vote_basis": "Điều 1"}, "vote_threshold_percent"),
    ({"vote_threshold_percent": "101", "vote_basis": "Điều 1"}, "vote_threshold_percent"),
])
def test_numbers_out_of_bounds_come_back_on_the_form_and_change_nothing(province, values, field):
    terms = _terms()
    before = AwardTerms.objects.values().get(pk=terms.pk)
    response = signed_in("vanphong").post(_url(terms.award_type_id), _terms_post(terms, **values))
    assert response.status_code == 400
    assert f'id="id_terms-{terms.pk}-{field}"' in response.content.decode() and "has-error" in response.content.decode()
    assert AwardTerms.objects.values().get(pk=terms.pk) == before
    assert not AuditEvent.objects.filter(action="awards.terms.changed").exists()


def test_a_changed_number_cites_its_article(province):
    terms = _terms()
    new = Decimal("3.25") if terms.money_coefficient != Decimal("3.25") else Decimal("4.00")
    response = signed_in("vanphong", language="en").post(_url(terms.award_type_id), _terms_post(
        terms, money_coefficient=str(new), money_basis="",
        vote_threshold_percent=str(terms.vote_threshold_percent or ""), vote_basis=terms.vote_basis))
    assert response.status_code == 400
    assert "Cite the article that sets this coefficient." in response.content.decode()
    terms.refresh_from_db()
    assert terms.money_coefficient != new
    with pytest.raises(ValidationError) as refused:
        catalog_settings.award_terms_set(
            by=signed_in_user("vanphong"), terms=terms, money_coefficient=new, money_basis=" ",
            vote_threshold_percent=terms.vote_threshold_percent, vote_basis=terms.vote_basis)
    assert "money_basis" in refused.value.error_dict


def signed_in_user(username: str):
    from thidua.accounts.models import User

    return User.objects.get(username=username)


def test_a_form_of_another_page_is_refused(province):
    cstd, other = award_type("CSTD_CS"), _terms("BK_CN")
    response = signed_in("vanphong").post(_url(cstd.pk), _terms_post(other, money_coefficient="9",
                                                                      money_basis="Điều 9"))
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.money_coefficient != Decimal("9")


@pytest.mark.parametrize("username", ["hiephoa", "yenthe", "soyte", "chutich", "thanhvien", "giamdocyt"])
def test_nobody_but_the_office_reaches_the_page_or_changes_a_number(province, username):
    terms = _terms()
    before = (AwardType.objects.values().get(pk=terms.award_type_id), AwardTerms.objects.values().get(pk=terms.pk))
    client = signed_in(username)
    assert client.get(_url(terms.award_type_id)).status_code == 404
    assert client.post(_url(terms.award_type_id), {"part": "type", "type-order": "1"}).status_code == 404
    assert client.post(_url(terms.award_type_id), _terms_post(terms, money_coefficient="9",
                                                              money_basis="x")).status_code == 404
    assert (AwardType.objects.values().get(pk=terms.award_type_id),
            AwardTerms.objects.values().get(pk=terms.pk)) == before
    with pytest.raises(PermissionDenied):
        catalog_settings.award_type_settings_set(by=signed_in_user(username), award_type=terms.award_type, active=False,
                                        order=1, certificate_heading="")


def test_an_unknown_title_is_a_404(province):
    assert signed_in("vanphong").get(_url(10**8)).status_code == 404


def test_the_catalog_links_each_title_to_its_page_for_the_office_only(province):
    cstd = award_type("CSTD_CS")
    assert _url(cstd.pk) in signed_in("vanphong").get(reverse("awards:catalog")).content.decode()
    assert _url(cstd.pk) not in signed_in("hiephoa").get(reverse("awards:catalog")).content.decode()

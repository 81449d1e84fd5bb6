"""Dates that make no sense are refused: official dates outside 1945 … ten years ahead, birth dates outside
1900 … today — on pages (a form error) and in the API (a 422 naming the field), with a Vietnamese message."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.support import signed_in
from thidua.campaigns.models import Deadline
from thidua.core.dates import (
    BirthDateField,
    OfficialDateField,
    official_date_range,
    validate_birth_date,
    validate_official_date,
)


def test_official_range_is_1945_to_ten_years_ahead():
    assert official_date_range(datetime.date(2025, 7, 1)) == (datetime.date(1945, 1, 1), datetime.date(2035, 7, 1))
    assert official_date_range(datetime.date(2028, 2, 29))[1] == datetime.date(2038, 2, 28)


@pytest.mark.parametrize("value", [datetime.date(1944, 12, 31), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_official_date_outside_the_range_is_refused(value):
    with pytest.raises(ValidationError) as refused:
        validate_official_date(value)
    assert refused.value.code == "date_out_of_range"


@pytest.mark.parametrize("value", [datetime.date(1945, 1, 1), datetime.date(2021, 9, 30), None])
def test_official_date_inside_the_range_passes(value):
    validate_official_date(value)
    validate_official_date(timezone.localdate().replace(year=timezone.localdate().year + 9))


def test_birth_date_is_1900_to_today():
    today = timezone.localdate()
    validate_birth_date(datetime.date(1900, 1, 1))
    validate_birth_date(today)
    for value in (datetime.date(1899, 12, 31), today + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            validate_birth_date(value)


def test_form_fields_refuse_out_of_range_dates_with_a_vietnamese_message():
    with translation.override("vi"):
        field = OfficialDateField(input_formats=["%d/%m/%Y"])
        with pytest.raises(ValidationError) as refused:
            field.clean("01/01/2199")
        assert field.clean("20/09/2021") == datetime.date(2021, 9, 20)
        assert BirthDateField(required=False).clean("") is None
    assert "01/01/1945" in refused.value.messages[0]


def test_deadline_page_refuses_a_due_date_two_centuries_ahead(province):
    campaign_id = province.campaign_id
    response = signed_in("vanphong").post(f"/campaigns/{campaign_id}/deadlines/new/", {
        "code": "BC-XA", "title": "Báo cáo", "due_on": "2199-12-31", "recipients": ["council_office"]})
    assert response.status_code in {200, 400}
    assert "01/01/1945" in response.content.decode()
    assert not Deadline.objects.filter(code="BC-XA").exists()


@pytest.mark.parametrize(("due_on", "created"), [("2199-12-31", False), ("1900-01-01", False),
                                                 ("2021-12-31", True)])
def test_api_refuses_a_deadline_outside_the_range_with_422(province, api_client, due_on, created):
    response = api_client("vanphong").post(
        f"/api/v1/campaigns/{province.campaign_id}/deadlines",
        data=json.dumps({"code": "BC-API", "title": "Báo cáo", "due_on": due_on, "recipients": ["council_office"]}),
        content_type="application/json")
    assert Deadline.objects.filter(code="BC-API").exists() is created
    if created:
        assert response.status_code == 201, response.content
        return
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["loc"][-1] for error in errors] == ["due_on"]
    assert "01/01/1945" in errors[0]["msg"]

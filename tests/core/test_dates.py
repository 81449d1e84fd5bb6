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


# ── a vote's opening and closing ──────────────────────────────────────────────────────────────────────────────


def test_vote_page_refuses_a_closing_time_in_the_year_9999(province):
    from thidua.evaluation.models import VotingRound

    now = timezone.localtime()
    response = signed_in("hiephoa").post(f"/campaigns/{province.campaign_id}/votes/", {
        "cluster": province.cluster_ids["Cụm thi đua số 1"], "question": "Đề nghị tặng Bằng khen",
        "candidates": [province.unit_ids["H-YT"], province.unit_ids["H-VY"]], "electorate": "cluster_units",
        "award": "none", "max_choices": "1", "threshold_percent": "70", "quorum_percent": "50",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": "9999-12-31T23:00"})
    assert response.status_code in {200, 400}
    assert "01/01/1945" in response.content.decode()
    assert not VotingRound.objects.filter(question="Đề nghị tặng Bằng khen").exists()


@pytest.mark.parametrize(("field", "value"), [("opens_at", "1900-01-01T08:00:00+07:00"),
                                              ("closes_at", "2999-01-01T08:00:00+07:00")])
def test_api_refuses_a_vote_opening_or_closing_outside_the_range_with_422(province, api_client, field, value):
    from thidua.evaluation.models import VotingRound

    now = timezone.now()
    body = {"campaign_id": province.campaign_id, "cluster_id": province.cluster_ids["Cụm thi đua số 1"],
            "question": "Suy tôn năm 2999", "candidates": [province.unit_ids["H-YT"], province.unit_ids["H-TY"]],
            "threshold_percent": "70", "quorum_percent": "50",
            "opens_at": (now - datetime.timedelta(minutes=5)).isoformat(),
            "closes_at": (now + datetime.timedelta(hours=1)).isoformat(), field: value}
    response = api_client("hiephoa").post("/api/v1/voting-rounds", data=json.dumps(body),
                                          content_type="application/json")
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["errors"]] == [field]
    assert not VotingRound.objects.filter(question="Suy tôn năm 2999").exists()


def test_an_aware_time_is_judged_by_its_local_day():
    """On the last day allowed, 16:00 UTC is 23:00 in Hà Nội (UTC+7), still that day; 20:00 UTC is already the next
    day there, and refused."""
    latest = official_date_range()[1]
    validate_official_date(datetime.datetime.combine(latest, datetime.time(16), tzinfo=datetime.UTC))
    with pytest.raises(ValidationError):
        validate_official_date(datetime.datetime.combine(latest, datetime.time(20), tzinfo=datetime.UTC))


# ── every date a user types is range-checked ──────────────────────────────────────────────────────────────────


def project_forms() -> list[type]:
    """Every ``forms.Form`` class of the project's form modules."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import thidua

    found = set()
    for module_info in pkgutil.walk_packages(thidua.__path__, "thidua."):
        if not module_info.name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        found |= {cls for _name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("thidua.")}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


#: Dates the domain itself holds to a narrower range, in its own words, so they need no ``core.dates`` check.
DOMAIN_CHECKED = {
    # A reported value's period: not in the future, after the target's baseline date, not after its due date
    # (``indicators.services.check_period``).
    "thidua.indicators.forms.ProgressForm.period_end",
    "ProgressIn.period_end",
}


def test_every_date_field_of_every_form_is_range_checked():
    """A new form's date field must be an ``OfficialDateField``, ``OfficialDateTimeField`` or ``BirthDateField``
    (or be held to a narrower range by the domain: ``DOMAIN_CHECKED``)."""
    from django import forms

    from thidua.core.dates import OfficialDateTimeField

    checked = (OfficialDateField, OfficialDateTimeField, BirthDateField)
    fields = [(f"{form.__module__}.{form.__qualname__}.{name}", field)
              for form in project_forms() for name, field in form.base_fields.items()
              if isinstance(field, forms.DateField | forms.DateTimeField)]
    assert [name for name, field in fields if not isinstance(field, checked) and name not in DOMAIN_CHECKED] == []
    assert len(fields) >= 15  # deadlines, submissions, decisions, meetings, values, people, regimes, votes…


def test_every_date_in_an_api_body_is_range_checked():
    """A date or datetime an API client sends in a body or form carries a ``core.dates`` validator (query filters
    such as ``?on=`` only select, they store nothing; ``DOMAIN_CHECKED`` dates are held narrower by the domain)."""
    from ninja.params.models import QueryModel

    from tests.core.test_control_characters import api_input_fields

    fields = [(where, field) for where, field, model in api_input_fields()
              if not issubclass(model, QueryModel) and {datetime.date, datetime.datetime} & field_types(field)]
    unchecked = [where for where, field in fields
                 if not any(getattr(getattr(meta, "func", None), "__qualname__", "") == "_django_check.<locals>.check"
                            for meta in field.metadata)
                 and ".".join(where.rsplit(".", 2)[-2:]) not in DOMAIN_CHECKED]
    assert unchecked == []
    assert {where.rsplit(".", 1)[-1] for where, _field in fields} >= {
        "due_on", "signed_on", "held_on", "document_date", "opens_at", "closes_at"}


def field_types(field) -> set:
    import typing

    def walk(annotation):
        yield annotation
        for argument in typing.get_args(annotation):
            yield from walk(argument)

    return set(walk(field.annotation))

"""A value outside an indicator's plausible range is refused on every path (form, API, import): a percentage is
held to 0–100, other indicators to the range the office sets on them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.support import signed_in
from thidua.indicators import services
from thidua.indicators.models import ProgressEntry

from .builders import DUE_ON, HALFWAY, counts, demo_target, fresh_indicator, target_for
from .test_import import refused

D = Decimal


def record(province, target, value):
    target.refresh_from_db()
    return services.progress_record(by=province.user("yenthe"), target=target, period_end=HALFWAY, value=value,
                                    version=target.version)


@pytest.mark.parametrize("value", ["100.01", "-1", "120"])
def test_a_percentage_outside_0_to_100_is_refused(province, value):
    target = target_for(fresh_indicator(province), province, "H-YT")
    before = counts()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        record(province, target, D(value))
    assert caught.value.message_dict == {"value": ["The value must be between 0 and 100."]}
    assert counts() == before


@pytest.mark.parametrize("value", ["0", "100", "55.5"])
def test_a_percentage_within_0_to_100_is_recorded(province, value):
    target = target_for(fresh_indicator(province), province, "H-YT")
    assert record(province, target, D(value)).value == D(value)


def test_the_range_set_on_an_indicator_is_refused_outside_it(province):
    indicator = fresh_indicator(province)
    services.indicator_update(by=province.user("vanphong"), indicator=indicator, unit_of_measure="người",
                              min_value="10", max_value="5000")
    target = target_for(indicator, province, "H-YT")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        record(province, target, D("5000.5"))
    assert caught.value.message_dict == {"value": ["The value must be between 10 and 5.000."]}
    assert record(province, target, D("5000")).value == D("5000")


def test_an_indicator_range_with_the_ends_swapped_is_refused(province):
    indicator = fresh_indicator(province)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.indicator_update(by=province.user("vanphong"), indicator=indicator, min_value="50", max_value="5")
    assert caught.value.message_dict == {"max_value": ["The highest plausible value must not be below the lowest."]}


def test_the_progress_form_refuses_a_percentage_above_100(province):
    target = demo_target(province, "H-YT", "YT-01")
    client = signed_in("yenthe", language="en")
    entries = ProgressEntry.objects.count()
    response = client.post(f"/targets/{target.pk}/", {
        "period_end": "2021-11-30", "value": "101", "note": "", "version": target.version})
    assert response.status_code == 400
    assert "The value must be between 0 and 100." in response.content.decode()
    assert ProgressEntry.objects.count() == entries


def test_an_imported_percentage_above_100_rejects_the_file(province):
    job = refused(province, "yenthe", [["H-YT", "", "YT-01", "", "", None, None, None, None, None, DUE_ON, 140, ""]])
    assert job.errors == [{"row": 2, "column": "L", "message": "The value must be between 0 and 100."}]

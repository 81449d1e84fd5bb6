"""Vietnamese numbers (core.numbers and its template filters) and the shared number input (core.forms.NumberField):
a comma before the decimals, a dot between thousands, a non-breaking space before "%", halves rounded up, and
what is shown reads back as the same number."""

from decimal import Decimal as D

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from thidua.core.forms import NumberField
from thidua.core.numbers import parse_number, share_percent, vi_number, vi_percent

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "digits", "text"), [
    (D("1234.5"), None, "1.234,5"),
    (1234.5, 1, "1.234,5"),
    (D("1234567.891"), 2, "1.234.567,89"),
    (D("95.5000"), None, "95,5"),          # trailing zeros dropped
    (D("100.00"), None, "100"),
    (D("1E+2"), None, "100"),              # never "1E+2"
    (1000, None, "1.000"),
    (999, None, "999"),
    (0, None, "0"),
    (D("-1234.56"), 1, "-1.234,6"),        # negative: the sign, then the grouped number
    (-0.04, 1, "0"),                       # rounds to zero: no "-0"
    (D("2.25"), 1, "2,3"),                 # half up, not to even
    (D("2.35"), 1, "2,4"),
    (0.125, 2, "0,13"),                    # a float is read from its shortest text, then rounded half up
    (D("-2.25"), 1, "-2,3"),               # half away from zero
    (D("83.333"), 0, "83"),
])
def test_vi_number(value, digits, text):
    assert vi_number(value, digits) == text


def test_vi_number_keeps_zeros_when_asked_and_passes_none_and_text_through():
    assert vi_number(D("12.5"), 2, trim=False) == "12,50"
    assert vi_number(None) == ""
    assert vi_number("") == ""
    assert vi_number("không rõ") == "không rõ"


@pytest.mark.parametrize(("value", "digits", "text"), [
    (83.333, 1, f"83,3{NBSP}%"),
    (D("83.35"), 1, f"83,4{NBSP}%"),       # half up
    (100, 1, f"100{NBSP}%"),
    (D("66.6667"), 2, f"66,67{NBSP}%"),
    (D("-12.5"), 1, f"-12,5{NBSP}%"),
    (D("1234.5"), 1, f"1.234,5{NBSP}%"),
    (0, 1, f"0{NBSP}%"),
])
def test_vi_percent(value, digits, text):
    assert vi_percent(value, digits) == text


def test_vi_percent_of_nothing_is_empty():
    assert vi_percent(None) == "" and vi_percent("") == ""


def test_share_percent():
    assert share_percent(5, 6) == f"83,3{NBSP}%"
    assert share_percent(1, 8, 2) == f"12,5{NBSP}%"
    assert share_percent(2, 3, 0) == f"67{NBSP}%"
    assert share_percent(1, 0) == ""          # no share of nothing
    assert share_percent(None, 5) == ""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_notation_does_not_depend_on_the_language(language):
    with translation.override(language):
        assert vi_number(D("1234.5")) == "1.234,5" and vi_percent(D("83.33")) == f"83,3{NBSP}%"


def render(source: str, **context) -> str:
    return Template("{% load thidua %}" + source).render(Context(context))


def test_template_filters():
    assert render("{{ v|vi_number }}", v=D("1234.5000")) == "1.234,5"
    assert render("{{ v|vi_number:1 }}", v=D("-1234.56")) == "-1.234,6"
    assert render("{{ v|vi_number:2 }}", v=D("2.345")) == "2,35"
    assert render("{{ v|vi_percent }}", v=D("83.333")) == f"83,3{NBSP}%"
    assert render("{{ v|vi_percent:0 }}", v=45) == f"45{NBSP}%"
    assert render("{{ v|vi_percent:2 }}", v=D("66.665")) == f"66,67{NBSP}%"
    assert render("[{{ v|vi_number }}][{{ v|vi_percent }}]", v=None) == "[][]"


@pytest.mark.parametrize("value", [D("1234.5"), D("83.3"), D("0.125"), D("1.234"), D("1234"), D("-1234567.89"),
                                   D("12345678"), D("0.5"), D("100")])
def test_what_is_shown_reads_back_as_the_same_number(value):
    assert parse_number(vi_number(value)) == value
    assert parse_number(vi_percent(value, 4)) == value


class Numbers(forms.Form):
    value = NumberField(required=False)
    percent = NumberField(required=False, min_value=0, max_value=100, decimal_places=2)


@pytest.mark.parametrize(("typed", "cleaned"), [
    ("83,3", D("83.3")), ("1.234,5", D("1234.5")), ("1234.5", D("1234.5")), (" 12.345.678 ", D("12345678")),
    ("-3,5", D("-3.5")), ("1\u00a0234,5", D("1234.5")), ("", None),
])
def test_number_field_reads_either_notation(typed, cleaned):
    form = Numbers({"value": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == cleaned


@pytest.mark.parametrize(("typed", "error"), [
    ("abc", "is not a number"), ("1,2,3.4.5", "is not a number"), ("=1+2", "formula"), ("9" * 41, "Enter a number"),
])
def test_number_field_refuses_what_is_not_a_number(typed, error):
    with translation.override("en"):
        form = Numbers({"value": typed})
        assert not form.is_valid()
        assert error in " ".join(form.errors["value"])


@pytest.mark.parametrize(("typed", "valid", "cleaned"), [
    ("83,33", True, D("83.33")), ("100", True, D("100")), ("0", True, D("0")), ("100,01", False, None),
    ("-1", False, None), ("12,345", False, None),
])
def test_number_field_bounds_and_decimal_places(typed, valid, cleaned):
    form = Numbers({"percent": typed})
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["percent"] == cleaned


def test_number_field_shows_values_in_vietnamese_notation():
    form = Numbers(initial={"value": D("1234.5000"), "percent": 83.3})
    html = str(form)
    assert 'value="1.234,5"' in html and 'value="83,3"' in html
    assert 'inputmode="decimal"' in html
    bound = Numbers({"value": "83,3"})  # a bound form shows what was typed
    assert 'value="83,3"' in str(bound)

"""Form fields shared by the apps. Forms parse input only; the rules stay in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .numbers import parse_number, vi_number


class NumberField(forms.CharField):
    """A number typed as ``1.234,5`` or ``83,3`` (Vietnamese) or ``1234.5``: cleaned to a ``Decimal`` (None when
    empty), shown back in Vietnamese notation (``95.5000`` → ``95,5``, ``1234.5`` → ``1.234,5``), which reads back
    as the same number. ``min_value``, ``max_value`` and ``decimal_places`` bound it like Django's DecimalField.
    The API takes JSON numbers instead (its schemas), not this."""

    LIMIT = 40

    def __init__(self, *, min_value=None, max_value=None, decimal_places: int | None = None, **kwargs):
        attrs = {"inputmode": "decimal", "autocomplete": "off", "maxlength": str(self.LIMIT)}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(Decimal(str(min_value))))
        if max_value is not None:
            self.validators.append(MaxValueValidator(Decimal(str(max_value))))
        if decimal_places is not None:
            self.validators.append(DecimalValidator(None, decimal_places))

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        if isinstance(value, bool):
            raise ValidationError(_("Enter a number."), code="invalid")
        text = value if isinstance(value, int | float) else super().to_python(value)
        if text in self.empty_values:
            return None
        if isinstance(text, str) and len(text) > self.LIMIT:
            raise ValidationError(_("Enter a number."), code="invalid")
        try:
            return parse_number(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return vi_number(value)
        return value


class BlankBallotForm(forms.Form):
    """A secret ballot's ``choices`` (declared by the subclass) and ``blank``: a ballot with no tick is sent only when
    the voter says it is meant to be blank, since a cast ballot can never be changed."""

    blank = forms.BooleanField(label=_("I cast a blank ballot (no candidate ticked)"), required=False)

    def __init__(self, *args, ask_blank: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_blank = ask_blank  # False where the service refuses the ballot anyway (not a voter, vote closed)

    def clean(self):
        cleaned = super().clean()
        if self.ask_blank and not self.errors and not cleaned.get("choices") and not cleaned.get("blank"):
            raise ValidationError(_("You ticked no candidate. A blank ballot counts as cast and can never be "
                                    "changed: tick “I cast a blank ballot” to send it, or tick your candidates."),
                                  code="blank_unconfirmed")
        return cleaned


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: each field's errors on that field when the form has it,
    the rest (and a message without fields) on the form itself."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
